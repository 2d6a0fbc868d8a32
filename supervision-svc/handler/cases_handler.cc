// Suggestions and proposals (SUP-02) and petitions (SUP-06).
#include "absl/strings/str_cat.h"
#include "supervision-svc/handler/handler.h"

namespace xianfu::supervision {

grpc::Status SupervisionHandler::AssignSuggestion(grpc::ServerContext* ctx, const v1::AssignSuggestionRequest* req,
                                                  v1::Suggestion* resp) {
  return Create<v1::Suggestion>(ctx, "AssignSuggestion", req->request_id(), *req, resp, store_.suggestions, "SUP-02",
                                [&](Call& call, v1::Suggestion& s, Effects& fx) -> absl::Status {
                                  s = req->suggestion();
                                  org::Questions q(call.env.now);
                                  org::CallerQ me_q = org::AskCaller(call.caller, q);
                                  org::UnitQ unit_q = q.Unit(s.handling_unit());
                                  org::HolderQ supervisor_q = q.Holder("R-SUP");
                                  ASSIGN_OR_RETURN(answers, directory_->Ask(call.ctx, q));
                                  ASSIGN_OR_RETURN(me, org::CallerFrom(call.caller, me_q, answers));
                                  if (!call.caller.trusted && !me.Has("R-SUP")) RETURN_IF_ERROR(org::RequireOffice(me));
                                  ASSIGN_OR_RETURN(unit, answers.Get(unit_q));
                                  ASSIGN_OR_RETURN(supervisor, answers.Get(supervisor_q));
                                  ASSIGN_OR_RETURN(name, Names()("suggestions"));
                                  s.set_name(name);
                                  return supervision::AssignSuggestion(s, unit, supervisor, call.env, fx);
                                });
}

grpc::Status SupervisionHandler::GetSuggestion(grpc::ServerContext* ctx, const v1::GetSuggestionRequest* req,
                                               v1::Suggestion* resp) {
  return Answer(ctx, [&](Call&) -> absl::Status {
    ASSIGN_OR_RETURN(s, Load(store_.suggestions, req->name()));
    *resp = std::move(s.value);
    return absl::OkStatus();
  });
}

grpc::Status SupervisionHandler::RecordCommunication(grpc::ServerContext* ctx,
                                                     const v1::RecordCommunicationRequest* req, v1::Suggestion* resp) {
  return Act<v1::Suggestion>(ctx, "RecordCommunication", req->request_id(), *req, resp, req->name(), req->etag(),
                             store_.suggestions, "SUP-02",
                             [&](Call& call, v1::Suggestion& s, Effects&) -> absl::Status {
                               ASSIGN_OR_RETURN(me, Me(call));
                               RETURN_IF_ERROR(org::RequireUnitOrOffice(me, s.handling_unit(), "record its contact"));
                               if (!me.InUnit(s.handling_unit())) {
                                 return absl::PermissionDeniedError("the handling unit records its own contact");
                               }
                               return supervision::RecordCommunication(s, req->note(), me, call.env);
                             });
}

grpc::Status SupervisionHandler::ReplySuggestion(grpc::ServerContext* ctx, const v1::ReplySuggestionRequest* req,
                                                 v1::Suggestion* resp) {
  return Act<v1::Suggestion>(
      ctx, "ReplySuggestion", req->request_id(), *req, resp, req->name(), req->etag(), store_.suggestions, "SUP-02",
      [&](Call& call, v1::Suggestion& s, Effects& fx) -> absl::Status {
        ASSIGN_OR_RETURN(me, Me(call));
        if (!me.InUnit(s.handling_unit())) return absl::PermissionDeniedError("the handling unit replies");
        return Reply(s, req->result(), req->published_at(), req->exempt_basis(), call.env, Names(), fx);
      });
}

grpc::Status SupervisionHandler::PublishSuggestionResult(grpc::ServerContext* ctx,
                                                         const v1::PublishSuggestionResultRequest* req,
                                                         v1::Suggestion* resp) {
  return Act<v1::Suggestion>(ctx, "PublishSuggestionResult", req->request_id(), *req, resp, req->name(), req->etag(),
                             store_.suggestions, "SUP-02",
                             [&](Call& call, v1::Suggestion& s, Effects&) -> absl::Status {
                               if (!call.caller.trusted) {
                                 ASSIGN_OR_RETURN(me, Me(call));
                                 RETURN_IF_ERROR(org::RequireUnitOrOffice(me, s.handling_unit(), "publish the result"));
                               }
                               return Publish(s, req->published_at(), call.env);
                             });
}

grpc::Status SupervisionHandler::RegisterPetition(grpc::ServerContext* ctx, const v1::RegisterPetitionRequest* req,
                                                  v1::Petition* resp) {
  return Create<v1::Petition>(
      ctx, "RegisterPetition", req->request_id(), *req, resp, store_.petitions, "SUP-06",
      [&](Call& call, v1::Petition& p, Effects& fx) -> absl::Status {
        p = req->petition();
        org::Questions q(call.env.now);
        org::CallerQ me_q = org::AskCaller(call.caller, q);
        org::UnitQ unit_q = q.Unit(p.handling_unit());
        org::HolderQ head_q = q.Holder("R-CH");
        org::HolderQ supervisor_q = q.Holder("R-SUP");
        ASSIGN_OR_RETURN(answers, directory_->Ask(call.ctx, q));
        ASSIGN_OR_RETURN(me, org::CallerFrom(call.caller, me_q, answers));
        if (!call.caller.trusted && !me.Has("R-SUP") && !me.Has("R-PETITION")) {
          return absl::PermissionDeniedError("letters are registered by the petition bureau or supervision");
        }
        ASSIGN_OR_RETURN(unit, answers.Get(unit_q));
        ASSIGN_OR_RETURN(head, answers.Get(head_q));
        ASSIGN_OR_RETURN(supervisor, answers.Get(supervisor_q));
        ASSIGN_OR_RETURN(name, Names()("petitions"));
        p.set_name(name);
        return supervision::RegisterPetition(p, unit, {head, supervisor}, call.env, fx);
      });
}

grpc::Status SupervisionHandler::GetPetition(grpc::ServerContext* ctx, const v1::GetPetitionRequest* req,
                                             v1::Petition* resp) {
  return Answer(ctx, [&](Call&) -> absl::Status {
    ASSIGN_OR_RETURN(p, Load(store_.petitions, req->name()));
    *resp = std::move(p.value);
    return absl::OkStatus();
  });
}

grpc::Status SupervisionHandler::ReadPetition(grpc::ServerContext* ctx, const v1::ReadPetitionRequest* req,
                                              v1::Petition* resp) {
  return Act<v1::Petition>(ctx, "ReadPetition", req->request_id(), *req, resp, req->name(), req->etag(),
                           store_.petitions, "SUP-06", [&](Call& call, v1::Petition& p, Effects& fx) -> absl::Status {
                             ASSIGN_OR_RETURN(found, MeAndUnit(call, p.handling_unit()));
                             return supervision::ReadPetition(p, req->instruction(), found.first, found.second,
                                                              call.env, fx);
                           });
}

grpc::Status SupervisionHandler::AdvancePetition(grpc::ServerContext* ctx, const v1::AdvancePetitionRequest* req,
                                                 v1::Petition* resp) {
  return Act<v1::Petition>(ctx, "AdvancePetition", req->request_id(), *req, resp, req->name(), req->etag(),
                           store_.petitions, "SUP-06", [&](Call& call, v1::Petition& p, Effects&) -> absl::Status {
                             ASSIGN_OR_RETURN(me, Me(call));
                             if (!me.Has("R-SUP") && !me.Has("R-PETITION")) {
                               return absl::PermissionDeniedError("the petition bureau or supervision moves a case on");
                             }
                             return supervision::AdvancePetition(p, req->state(), req->case_leader(), req->resolution(),
                                                                 call.env);
                           });
}

}  // namespace xianfu::supervision
