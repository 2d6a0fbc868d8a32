// Outgoing documents: reviews for sign-off, the signature, issue with a gapless number.
#include "absl/strings/str_cat.h"
#include "common/deadline_proto.h"
#include "document-svc/handler/handler.h"

namespace xianfu::document {

namespace pv1 = ::xianfu::personnel::v1;

grpc::Status DocumentHandler::ReviewOutgoing(grpc::ServerContext* ctx, const v1::ReviewOutgoingRequest* req,
                                             v1::Document* resp) {
  return ActOnDocument(ctx, "ReviewOutgoing", req->request_id(), *req, resp, req->name(), req->etag(), "DOC-16",
                       [&](Call& call, v1::Document& d, Effects&) -> absl::Status {
                         org::Questions q(call.env.now);
                         org::HolderQ executive_q = q.Holder("R-EDH");
                         org::HolderQ director_q = q.Holder("R-OD");
                         org::UnitQ unit_q = q.Unit(d.unit());
                         ASSIGN_OR_RETURN(answers, directory_->Ask(call.ctx, q));
                         ASSIGN_OR_RETURN(executive, answers.Get(executive_q));
                         ASSIGN_OR_RETURN(director, answers.Get(director_q));
                         ASSIGN_OR_RETURN(unit, answers.Get(unit_q));
                         return ReviewForSignOff(d, call.actor(), executive, unit.primary_leader, director, call.env);
                       });
}

grpc::Status DocumentHandler::SignDocument(grpc::ServerContext* ctx, const v1::SignDocumentRequest* req,
                                           v1::Document* resp) {
  return ActOnDocument(
      ctx, "SignDocument", req->request_id(), *req, resp, req->name(), req->etag(), "DOC-16",
      [&](Call& call, v1::Document& d, Effects& fx) -> absl::Status {
        const std::string me = call.actor();
        const bool order = d.kind() == v1::DOCUMENT_KIND_ORDER || d.kind() == v1::DOCUMENT_KIND_NPC_BILL;
        org::Questions q(call.env.now);
        org::CallerQ me_q = org::AskCaller(call.caller, q);
        org::HolderQ county_head_q = q.Holder("R-CH");
        org::HolderQ executive_q = q.Holder("R-EDH");
        org::HolderQ director_q = q.Holder("R-OD");
        org::UnitQ unit_q = q.Unit(d.unit());
        std::optional<org::ActingQ> in_person_q, upward_q, portfolio_q;
        if (order) {
          in_person_q =
              q.Check(org::Principal::Role("R-CH"),
                      d.kind() == v1::DOCUMENT_KIND_ORDER ? pv1::ACT_KIND_SIGN_ORDER : pv1::ACT_KIND_SIGN_NPC_BILL, me);
        } else if (d.upward()) {
          upward_q = q.Check(org::Principal::Role("R-CH"), pv1::ACT_KIND_SIGN_UPWARD_DOCUMENT, me);
        } else if (!d.important() && d.issuing_name() == v1::ISSUING_NAME_COUNTY_GOVERNMENT) {
          portfolio_q = q.Check(org::Principal::LeaderOf(d.unit()), pv1::ACT_KIND_SIGN_GOVERNMENT_DOCUMENT, me);
        }
        ASSIGN_OR_RETURN(answers, directory_->Ask(call.ctx, q));
        SignContext sc;
        ASSIGN_OR_RETURN(signer, org::CallerFrom(call.caller, me_q, answers));
        sc.signer = signer;
        sc.signer.official = me;
        ASSIGN_OR_RETURN(county_head, answers.Get(county_head_q));
        ASSIGN_OR_RETURN(executive, answers.Get(executive_q));
        ASSIGN_OR_RETURN(director, answers.Get(director_q));
        ASSIGN_OR_RETURN(unit, answers.Get(unit_q));
        sc.county_head = county_head;
        sc.executive_deputy = executive;
        sc.office_director = director;
        sc.portfolio_deputy = unit.primary_leader;
        if (in_person_q.has_value()) sc.in_person_check = answers.Get(*in_person_q).status();
        if (upward_q.has_value()) sc.entrusted_for_upward = me != county_head && answers.Get(*upward_q).ok();
        if (portfolio_q.has_value() && me != unit.primary_leader) {
          if (absl::StatusOr<Acting> acting = answers.Get(*portfolio_q); acting.ok()) {
            sc.acting_for_portfolio_deputy = true;
            sc.portfolio_acting_mark = acting->mark;
            sc.portfolio_acting_display = acting->display;
          }
        }
        std::vector<v1::Countersign> countersigns;
        if (d.kind() == v1::DOCUMENT_KIND_NORMATIVE && !d.affected_units().empty()) {
          RETURN_IF_ERROR(db_.Read([&](Tx& tx) -> absl::Status {
            ASSIGN_OR_RETURN(found, store_.CountersignsOf(tx, d.name(), /*last_read=*/true));
            countersigns = std::move(found);
            return absl::OkStatus();
          }));
        }
        return Sign(d, sc, unit, countersigns, call.env, Names(), fx);
      });
}

grpc::Status DocumentHandler::IssueDocument(grpc::ServerContext* ctx, const v1::IssueDocumentRequest* req,
                                            v1::Document* resp) {
  return ActOnDocument(
      ctx, "IssueDocument", req->request_id(), *req, resp, req->name(), req->etag(), "DOC-19",
      [&](Call& call, v1::Document& d, Effects& fx) -> absl::Status {
        if (d.direction() != v1::DIRECTION_OUTGOING)
          return absl::FailedPreconditionError("only outgoing documents are issued");
        org::Questions q(call.env.now);
        org::CallerQ me_q = org::AskCaller(call.caller, q);
        org::UnitQ unit_q = q.Unit(d.unit());
        ASSIGN_OR_RETURN(answers, directory_->Ask(call.ctx, q));
        ASSIGN_OR_RETURN(me, org::CallerFrom(call.caller, me_q, answers));
        if (d.issuing_name() == v1::ISSUING_NAME_DEPARTMENT) {
          // A department's own document: issued by it, then filed when normative (DOC-28).
          if (!me.InUnit(d.unit())) return absl::PermissionDeniedError("the department issues its own documents");
          ASSIGN_OR_RETURN(unit, answers.Get(unit_q));
          return IssueDepartmental(d, unit, call.env, fx);
        }
        RETURN_IF_ERROR(RequireOffice(me));
        if (d.state() != v1::DOCUMENT_STATE_SIGNED) {
          return absl::FailedPreconditionError(
              absl::StrCat(d.name(), " is ", v1::DocumentState_Name(d.state()), ": only a signed document is issued"));
        }
        return absl::OkStatus();  // numbered inside the transaction
      },
      [&](Call& call, Tx& tx, v1::Document& d, Effects& fx) -> absl::Status {
        if (d.issuing_name() == v1::ISSUING_NAME_DEPARTMENT) return absl::OkStatus();
        const std::string prefix = NumberingPrefix(d, call.policy());
        ASSIGN_OR_RETURN(number, store_.NextNumber(tx, prefix, static_cast<int>(call.env.today.year())));
        return IssueNumbered(d, number, call.env, fx);
      });
}

}  // namespace xianfu::document
