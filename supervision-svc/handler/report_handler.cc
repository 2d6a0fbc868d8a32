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
    // The period's escalations only (a line is an escalation raised in it), from every module.
    const absl::Time from = absl::FromCivil(absl::CivilSecond(start), ChinaTimeZone());
    const absl::Time to = absl::FromCivil(absl::CivilSecond(end + 1), ChinaTimeZone());
    std::vector<common::v1::Escalation> all;
    std::vector<std::string> unavailable;
    for (const auto& [module, channel] : modules_) {
      auto stub = common::v1::EscalationService::NewStub(channel);
      common::v1::ListEscalationsRequest list;
      list.set_page_size(1000);
      *list.mutable_create_time_from() = ToProtoTime(from);
      *list.mutable_create_time_to() = ToProtoTime(to);
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
    // This service's own (overdue tasks, suggestions, petitions) and the recorded deviations.
    std::vector<v1::RecordedDeviation> deviations;
    RETURN_IF_ERROR(db_.Read([&](Tx& tx) -> absl::Status {
      ASSIGN_OR_RETURN(recorded, store_.DeviationsBetween(tx, start, end));
      deviations = std::move(recorded);
      PageRequest page{500, ""};
      for (;;) {
        Filter window;
        ASSIGN_OR_RETURN(batch, escalations_.List(tx, RaisedWithin(window, from, to), page));
        for (common::v1::Escalation& e : batch.items) all.push_back(std::move(e));
        if (batch.next_page_token.empty() || batch.items.empty()) return absl::OkStatus();
        page.after = all.back().name().substr(all.back().name().find('/') + 1);  // the batch's last
      }
    }));
    // Each line's unit: the assignee's, asked of personnel-svc in one round trip (the period's only).
    std::map<std::string, std::string> unit_of;
    {
      org::Questions q(call.env.now);
      std::map<std::string, org::PersonQ> asked;
      for (const common::v1::Escalation& e : all) {
        if (e.assignee().empty() || asked.contains(e.assignee()) || !RaisedIn(e, start, end)) continue;
        asked.emplace(e.assignee(), q.Person(e.assignee()));
      }
      absl::StatusOr<org::Answers> answers = directory_->Ask(call.ctx, q);
      if (answers.ok()) {
        for (const auto& [who, question] : asked) {
          absl::StatusOr<Person> person = answers->Get(question);
          if (person.ok() && !person->units.empty()) unit_of[who] = *person->units.begin();
        }
      } else {
        unavailable.push_back(absl::StrCat("personnel (units of the lines): ", answers.status().message()));
      }
    }
    *resp = BuildReport(all, start, end, unavailable, deviations, unit_of);
    return absl::OkStatus();
  });
}

}  // namespace xianfu::supervision
