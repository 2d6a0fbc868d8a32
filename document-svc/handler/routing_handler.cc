// The office's review, the leaders' endorsements, forwarding and archiving.
#include "absl/strings/str_cat.h"
#include "common/deadline_proto.h"
#include "document-svc/handler/handler.h"

namespace xianfu::document {

namespace pv1 = ::xianfu::personnel::v1;

grpc::Status DocumentHandler::ReviewDocument(grpc::ServerContext* ctx, const v1::ReviewDocumentRequest* req,
                                             v1::Document* resp) {
  return ActOnDocument(
      ctx, "ReviewDocument", req->request_id(), *req, resp, req->name(), req->etag(), "DOC-13",
      [&](Call& call, v1::Document& d, Effects&) -> absl::Status {
        org::Questions q(call.env.now);
        org::CallerQ me_q = org::AskCaller(call.caller, q);
        org::UnitQ sender_q = q.Unit(d.unit());
        org::HolderQ county_head_q = q.Holder("R-CH");
        org::ActingQ leader_acting_q = q.Resolve(org::Principal::LeaderOf(d.unit()), pv1::ACT_KIND_PORTFOLIO_APPROVAL);
        org::ActingQ county_head_acting_q = q.Resolve(org::Principal::Role("R-CH"), pv1::ACT_KIND_PORTFOLIO_APPROVAL);
        ASSIGN_OR_RETURN(answers, directory_->Ask(call.ctx, q));
        ASSIGN_OR_RETURN(me, org::CallerFrom(call.caller, me_q, answers));
        RETURN_IF_ERROR(RequireOffice(me));
        ASSIGN_OR_RETURN(sender, answers.Get(sender_q));
        // DOC-13: the leader in charge of the sending unit; the county head when none.
        std::string leader = sender.primary_leader;
        absl::StatusOr<Acting> acting = answers.Get(leader_acting_q);
        if (leader.empty()) {
          ASSIGN_OR_RETURN(county_head, answers.Get(county_head_q));
          leader = county_head;
          acting = answers.Get(county_head_acting_q);
        }
        return Review(d, req->handling_opinion(), me.official, leader, acting.ok() ? *acting : Acting{}, call.env);
      });
}

grpc::Status DocumentHandler::EndorseDocument(grpc::ServerContext* ctx, const v1::EndorseDocumentRequest* req,
                                              v1::Document* resp) {
  return ActOnDocument(
      ctx, "EndorseDocument", req->request_id(), *req, resp, req->name(), req->etag(), "DOC-14",
      [&](Call& call, v1::Document& d, Effects& fx) -> absl::Status {
        const std::string principal = d.routed_leader().empty() ? d.addressed_leader() : d.routed_leader();
        org::Questions q(call.env.now);
        org::CallerQ me_q = org::AskCaller(call.caller, q);
        std::optional<org::ActingQ> check_q;
        if (!principal.empty() && call.actor() != principal) {
          check_q = q.Check(org::Principal::Official(principal), pv1::ACT_KIND_PORTFOLIO_APPROVAL, call.actor());
        }
        org::HolderQ county_head_q = q.Holder("R-CH");
        std::optional<org::ActingQ> county_head_acting_q, referred_q;
        if (d.major()) {
          county_head_acting_q = q.Resolve(org::Principal::Role("R-CH"), pv1::ACT_KIND_PORTFOLIO_APPROVAL);
        }
        if (req->kind() == v1::ENDORSEMENT_KIND_REFER && !req->referred_to().empty()) {
          RETURN_IF_ERROR(IdOf(req->referred_to(), "officials").status());
          referred_q = q.Resolve(org::Principal::Official(req->referred_to()), pv1::ACT_KIND_PORTFOLIO_APPROVAL);
        }
        ASSIGN_OR_RETURN(answers, directory_->Ask(call.ctx, q));
        EndorseFacts facts;
        ASSIGN_OR_RETURN(me, org::CallerFrom(call.caller, me_q, answers));
        facts.me = me;
        facts.me.official = call.actor();
        if (check_q.has_value()) facts.acting_for_principal = answers.Get(*check_q);
        ASSIGN_OR_RETURN(county_head, answers.Get(county_head_q));
        facts.county_head = county_head;
        if (county_head_acting_q.has_value()) {
          if (absl::StatusOr<Acting> a = answers.Get(*county_head_acting_q); a.ok()) facts.county_head_acting = *a;
        }
        if (referred_q.has_value()) {
          ASSIGN_OR_RETURN(referred, answers.Get(*referred_q));
          facts.referred_acting = referred;
        }
        EndorseInput input;
        input.kind = req->kind();
        input.text = req->text();
        input.referred_to = req->referred_to();
        input.assigned_units.assign(req->assigned_units().begin(), req->assigned_units().end());
        input.assignment_deadline = req->assignment_deadline();
        return Endorse(d, input, facts, call.env, Names(), fx);
      });
}

grpc::Status DocumentHandler::ForwardDocument(grpc::ServerContext* ctx, const v1::ForwardDocumentRequest* req,
                                              v1::Document* resp) {
  return ActOnDocument(ctx, "ForwardDocument", req->request_id(), *req, resp, req->name(), req->etag(), "DOC-14",
                       [&](Call& call, v1::Document& d, Effects&) -> absl::Status {
                         ASSIGN_OR_RETURN(me, Me(call));
                         RETURN_IF_ERROR(RequireOffice(me));
                         return Forward(d, call.env);
                       });
}

grpc::Status DocumentHandler::ArchiveDocument(grpc::ServerContext* ctx, const v1::ArchiveDocumentRequest* req,
                                              v1::Document* resp) {
  return ActOnDocument(ctx, "ArchiveDocument", req->request_id(), *req, resp, req->name(), req->etag(), "",
                       [&](Call& call, v1::Document& d, Effects&) -> absl::Status {
                         ASSIGN_OR_RETURN(me, Me(call));
                         RETURN_IF_ERROR(RequireOffice(me));
                         return Archive(d);
                       });
}

}  // namespace xianfu::document
