// The compliance report: the escalations of every module, read through their public
// EscalationService (outside any transaction), and this service's own.
#include "absl/strings/str_cat.h"
#include "common/deadline_proto.h"
#include "common/escalations.h"
#include "supervision-svc/domain/report.h"
#include "supervision-svc/handler/handler.h"
#include "xianfu/common/v1/escalation.grpc.pb.h"

namespace xianfu::supervision {

grpc::Status SupervisionHandler::GetComplianceReport(grpc::ServerContext* ctx,
                                                     const v1::GetComplianceReportRequest* req,
                                                     v1::ComplianceReport* resp) {
  return Answer(ctx, [&](Call& call) -> absl::Status {
    if (call.caller.admin_role != AdminRole::kAuditAdmin) {
      ASSIGN_OR_RETURN(me, Me(call));
      RETURN_IF_ERROR(RequireSupervision(call, me));
    }
    ASSIGN_OR_RETURN(start, RequiredDate(req->period_start(), "period_start"));
    ASSIGN_OR_RETURN(end, RequiredDate(req->period_end(), "period_end"));
    if (end < start) return absl::InvalidArgumentError("period_end is before period_start");
    std::vector<common::v1::Escalation> all;
    std::vector<std::string> unavailable;
    for (const auto& [module, channel] : modules_) {
      auto stub = common::v1::EscalationService::NewStub(channel);
      common::v1::ListEscalationsRequest list;
      list.set_page_size(1000);
      for (int pages = 0; pages < 100; ++pages) {
        std::unique_ptr<grpc::ClientContext> out = OutboundContext(ctx, absl::Seconds(10), token_);
        common::v1::ListEscalationsResponse page;
        CountOutboundCall();
        const grpc::Status s = stub->ListEscalations(out.get(), list, &page);
        if (!s.ok()) {
          unavailable.push_back(absl::StrCat(module, ": ", s.error_message().substr(0, 200)));
          break;
        }
        for (common::v1::Escalation& e : *page.mutable_escalations()) all.push_back(std::move(e));
        if (page.next_page_token().empty()) break;
        list.set_page_token(page.next_page_token());
      }
    }
    // This service's own (overdue tasks, suggestions, petitions).
    RETURN_IF_ERROR(db_.Read([&](Tx& tx) -> absl::Status {
      PageRequest page{500, ""};
      for (;;) {
        ASSIGN_OR_RETURN(batch, escalations_.List(tx, "", {}, page));
        for (common::v1::Escalation& e : batch.items) all.push_back(std::move(e));
        if (batch.next_page_token.empty() || all.empty()) return absl::OkStatus();
        page.after = all.back().name().substr(all.back().name().find('/') + 1);
      }
    }));
    *resp = BuildReport(all, start, end, unavailable);
    return absl::OkStatus();
  });
}

}  // namespace xianfu::supervision
