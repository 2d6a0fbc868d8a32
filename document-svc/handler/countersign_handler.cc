// Countersigns (会签): requests, replies within the working-day deadline, agreed deadlines.
#include "absl/strings/str_cat.h"
#include "common/deadline_proto.h"
#include "document-svc/handler/handler.h"

namespace xianfu::document {

grpc::Status DocumentHandler::RequestCountersigns(grpc::ServerContext* ctx, const v1::RequestCountersignsRequest* req,
                                                  v1::RequestCountersignsResponse* resp) {
  return Perform(
      ctx, "RequestCountersigns", req->request_id(), *req, resp, [&](Call& call, Effects& fx) -> absl::Status {
        ASSIGN_OR_RETURN(doc, Load(store_.documents, req->document()));
        org::Questions q(call.env.now);
        org::CallerQ me_q = org::AskCaller(call.caller, q);
        std::vector<org::UnitQ> unit_qs;
        for (const std::string& unit : req->units()) {
          RETURN_IF_ERROR(IdOf(unit, "units").status());
          unit_qs.push_back(q.Unit(unit));
        }
        ASSIGN_OR_RETURN(answers, directory_->Ask(call.ctx, q));
        ASSIGN_OR_RETURN(me, org::CallerFrom(call.caller, me_q, answers));
        if (!me.InUnit(doc.value.unit())) {
          return absl::PermissionDeniedError("the lead department asks for countersigns");
        }
        for (const org::UnitQ& u : unit_qs) RETURN_IF_ERROR(answers.Get(u).status());
        v1::Document d = doc.value;
        std::vector<std::string> units(req->units().begin(), req->units().end());
        ASSIGN_OR_RETURN(created,
                         document::RequestCountersigns(d, units, req->limit_working_days(), call.env, Names(), fx));
        fx.Update(d, doc.version, std::make_shared<const v1::Document>(doc.value));
        resp->Clear();
        for (v1::Countersign& c : created) {
          c.set_etag(EtagOf(1));
          *resp->add_countersigns() = std::move(c);
        }
        return absl::OkStatus();
      });
}

grpc::Status DocumentHandler::GetCountersign(grpc::ServerContext* ctx, const v1::GetCountersignRequest* req,
                                             v1::Countersign* resp) {
  return Answer(ctx, [&](Call&) -> absl::Status {
    ASSIGN_OR_RETURN(c, Load(store_.countersigns, req->name()));
    *resp = std::move(c.value);
    return absl::OkStatus();
  });
}

grpc::Status DocumentHandler::ListCountersigns(grpc::ServerContext* ctx, const v1::ListCountersignsRequest* req,
                                               v1::ListCountersignsResponse* resp) {
  return List<v1::Countersign>(ctx, req->page_size(), req->page_token(), "countersigns", resp->mutable_countersigns(),
                               resp->mutable_next_page_token(), [&](Call&, const PageRequest& page) {
                                 std::optional<absl::Time> due_before;
                                 if (req->has_due_before()) due_before = FromProtoTime(req->due_before());
                                 return store_.ListCountersigns(req->document(), req->requested_unit(), req->state(),
                                                                page, due_before);
                               });
}

grpc::Status DocumentHandler::ReplyCountersign(grpc::ServerContext* ctx, const v1::ReplyCountersignRequest* req,
                                               v1::Countersign* resp) {
  return Act<v1::Countersign>(
      ctx, "ReplyCountersign", req->request_id(), *req, resp, req->name(), req->etag(), store_.countersigns, "DOC-10",
      [&](Call& call, v1::Countersign& c, Effects& fx) -> absl::Status {
        RETURN_IF_ERROR(RequireResponsibleLeader(call, c));
        return Reply(c, req->answer(), req->opinion(), req->reasons(), call.actor(), call.env, fx);
      });
}

grpc::Status DocumentHandler::AgreeCountersignDeadline(grpc::ServerContext* ctx,
                                                       const v1::AgreeCountersignDeadlineRequest* req,
                                                       v1::Countersign* resp) {
  return Act<v1::Countersign>(ctx, "AgreeCountersignDeadline", req->request_id(), *req, resp, req->name(), req->etag(),
                              store_.countersigns, "DOC-10",
                              [&](Call& call, v1::Countersign& c, Effects& fx) -> absl::Status {
                                RETURN_IF_ERROR(RequireResponsibleLeader(call, c));
                                return AgreeDeadline(c, req->new_deadline(), req->note(), call.env, fx);
                              });
}

grpc::Status DocumentHandler::ReopenCountersign(grpc::ServerContext* ctx, const v1::ReopenCountersignRequest* req,
                                                v1::Countersign* resp) {
  return Act<v1::Countersign>(
      ctx, "ReopenCountersign", req->request_id(), *req, resp, req->name(), req->etag(), store_.countersigns, "DOC-10",
      [&](Call& call, v1::Countersign& c, Effects& fx) -> absl::Status {
        ASSIGN_OR_RETURN(me, Me(call));
        if (!me.InUnit(c.lead_unit())) {
          return absl::PermissionDeniedError("the lead department decides whether to reopen its countersign");
        }
        ASSIGN_OR_RETURN(doc, Load(store_.documents, c.document()));
        if (doc.value.state() != v1::DOCUMENT_STATE_DRAFT && doc.value.state() != v1::DOCUMENT_STATE_RETURNED) {
          return absl::FailedPreconditionError(absl::StrCat(
              c.document(), " is ", v1::DocumentState_Name(doc.value.state()), ": its countersigns are settled"));
        }
        return Reopen(c, req->reason(), call.actor(), call.env, fx);
      });
}

}  // namespace xianfu::document
