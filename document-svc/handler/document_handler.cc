// Drafts, reading documents, and their submission to the county government (intake).
#include "absl/strings/str_cat.h"
#include "common/deadline_proto.h"
#include "document-svc/handler/handler.h"

namespace xianfu::document {

grpc::Status DocumentHandler::CreateDocument(grpc::ServerContext* ctx, const v1::CreateDocumentRequest* req,
                                             v1::Document* resp) {
  return Create<v1::Document>(ctx, "CreateDocument", req->request_id(), *req, resp, store_.documents, "DOC-01",
                              [&](Call& call, v1::Document& d, Effects&) -> absl::Status {
                                d = req->document();
                                RETURN_IF_ERROR(IdOf(d.unit(), "units").status());
                                org::Questions q(call.env.now);
                                org::CallerQ me_q = org::AskCaller(call.caller, q);
                                org::UnitQ unit_q = q.Unit(d.unit());
                                ASSIGN_OR_RETURN(answers, directory_->Ask(call.ctx, q));
                                RETURN_IF_ERROR(answers.Get(unit_q).status());
                                ASSIGN_OR_RETURN(me, org::CallerFrom(call.caller, me_q, answers));
                                RETURN_IF_ERROR(RequireUnitOrOffice(me, d.unit(), "draft its documents"));
                                ASSIGN_OR_RETURN(name, Names()("documents"));
                                d.set_name(name);
                                return NewDraft(d, call.actor(), call.env);
                              });
}

grpc::Status DocumentHandler::GetDocument(grpc::ServerContext* ctx, const v1::GetDocumentRequest* req,
                                          v1::Document* resp) {
  return Answer(ctx, [&](Call& call) -> absl::Status {
    ASSIGN_OR_RETURN(d, Load(store_.documents, req->name()));
    if (!IsClassified(d.value)) {
      *resp = std::move(d.value);
      return absl::OkStatus();
    }
    // A classified registration: only for those who handle it, and the view is audited.
    ASSIGN_OR_RETURN(me, Me(call));
    RETURN_IF_ERROR(db_.Transact([&](Tx& tx) { return SeeDocument(call, tx, me, d.value); }));
    *resp = Registration(d.value);
    return absl::OkStatus();
  });
}

grpc::Status DocumentHandler::ListDocuments(grpc::ServerContext* ctx, const v1::ListDocumentsRequest* req,
                                            v1::ListDocumentsResponse* resp) {
  return Answer(ctx, [&](Call& call) -> absl::Status {
    ASSIGN_OR_RETURN(page, ParsePage(req->page_size(), req->page_token(), "documents"));
    ASSIGN_OR_RETURN(me, Me(call));
    DocumentFilter filter;
    filter.state = req->state();
    filter.unit = req->unit();
    filter.leader = req->leader();
    if (req->pending_for_me()) {
      if (me.Has("R-OFFICE")) {
        filter.states_any = {v1::DOCUMENT_STATE_SUBMITTED, v1::DOCUMENT_STATE_ENDORSED, v1::DOCUMENT_STATE_SIGNED};
      } else {
        filter.states_any = {v1::DOCUMENT_STATE_WITH_LEADER};
        filter.leaders_any = {me.official};
      }
    }
    if (!req->query().empty()) {
      std::set<std::string> terms = SearchTerms(req->query());
      if (terms.empty()) return absl::InvalidArgumentError("query has no searchable words");
      filter.terms.assign(terms.begin(), terms.end());
    }
    ASSIGN_OR_RETURN(query, store_.ListDocuments(filter, page));
    ASSIGN_OR_RETURN(result, ReadPage(db_, query));
    // A classified registration is shown only to those who handle it, and each view is audited
    // (DIS-21), as GetDocument does; one transaction for the page's views, none for a page
    // without classified documents.
    std::vector<bool> shown(result.items.size(), true);
    bool classified = false;
    for (const v1::Document& d : result.items) classified = classified || IsClassified(d);
    if (classified) {
      RETURN_IF_ERROR(db_.Transact([&](Tx& tx) -> absl::Status {
        for (size_t i = 0; i < result.items.size(); ++i) {
          absl::Status seen = SeeDocument(call, tx, me, result.items[i]);
          // Not theirs to see: left out of the page, not an error.
          if (!seen.ok() && seen.code() != absl::StatusCode::kPermissionDenied) return seen;
          shown[i] = seen.ok();
        }
        return absl::OkStatus();
      }));
    }
    for (size_t i = 0; i < result.items.size(); ++i) {
      if (!shown[i]) continue;
      v1::Document& d = result.items[i];
      *resp->add_documents() = IsClassified(d) ? Registration(d) : std::move(d);
    }
    resp->set_next_page_token(result.next_page_token);
    return absl::OkStatus();
  });
}

grpc::Status DocumentHandler::UpdateDocument(grpc::ServerContext* ctx, const v1::UpdateDocumentRequest* req,
                                             v1::Document* resp) {
  return ActOnDocument(ctx, "UpdateDocument", req->request_id(), *req, resp, req->document().name(), req->etag(),
                       "DOC-01", [&](Call& call, v1::Document& d, Effects&) -> absl::Status {
                         ASSIGN_OR_RETURN(me, Me(call));
                         RETURN_IF_ERROR(RequireUnitOrOffice(me, d.unit(), "change it"));
                         return ChangeContent(d, req->document(), req->update_mask(), call.env);
                       });
}

grpc::Status DocumentHandler::SubmitDocument(grpc::ServerContext* ctx, const v1::SubmitDocumentRequest* req,
                                             v1::Document* resp) {
  // Intake refusals are decisions too: the document is RETURNED (or, for DOC-05, redirected to
  // the registry), committed, and the refusal is the answer.
  return ActOnDocument(ctx, "SubmitDocument", req->request_id(), *req, resp, req->name(), req->etag(), "DOC-01",
                       [&](Call& call, v1::Document& d, Effects& fx) -> absl::Status {
                         org::Questions q(call.env.now);
                         org::CallerQ me_q = org::AskCaller(call.caller, q);
                         org::UnitQ sender_q = q.Unit(d.unit());
                         std::optional<org::PersonQ> signer_q;
                         if (!d.signer().empty()) signer_q = q.Person(d.signer());
                         std::vector<std::pair<std::string, org::UnitQ>> recipient_qs;
                         for (const std::string& r : d.principal_recipients()) recipient_qs.push_back({r, q.Unit(r)});
                         ASSIGN_OR_RETURN(answers, directory_->Ask(call.ctx, q));
                         ASSIGN_OR_RETURN(me, org::CallerFrom(call.caller, me_q, answers));
                         RETURN_IF_ERROR(RequireUnitOrOffice(me, d.unit(), "submit its documents"));
                         IntakeContext intake;
                         ASSIGN_OR_RETURN(sender, answers.Get(sender_q));
                         intake.sender = sender;
                         intake.principal_absent = sender.principal_head_absent;
                         if (signer_q.has_value()) {
                           ASSIGN_OR_RETURN(signer, answers.Get(*signer_q));
                           intake.signer = signer;
                         }
                         for (const auto& [unit, unit_q] : recipient_qs) {
                           ASSIGN_OR_RETURN(recipient, answers.Get(unit_q));
                           intake.recipients[unit] = recipient;
                         }
                         const bool briefing = d.kind() == v1::DOCUMENT_KIND_BRIEFING;
                         RETURN_IF_ERROR(db_.Read([&](Tx& tx) -> absl::Status {
                           ASSIGN_OR_RETURN(countersigns, store_.CountersignsOf(tx, d.name(), /*last_read=*/!briefing));
                           intake.countersigns = std::move(countersigns);
                           if (briefing) {
                             ASSIGN_OR_RETURN(series, store_.BriefingSeriesOf(tx, d.unit(), d.name()));
                             intake.existing_briefing_series = std::move(series);
                           }
                           return absl::OkStatus();
                         }));
                         std::vector<common::v1::OverrideRequest> overrides(req->overrides().begin(),
                                                                            req->overrides().end());
                         return Submit(d, std::move(intake), overrides, me, call.env, fx);
                       });
}

grpc::Status DocumentHandler::ReturnDocument(grpc::ServerContext* ctx, const v1::ReturnDocumentRequest* req,
                                             v1::Document* resp) {
  return ActOnDocument(ctx, "ReturnDocument", req->request_id(), *req, resp, req->name(), req->etag(), "DOC-01",
                       [&](Call& call, v1::Document& d, Effects& fx) -> absl::Status {
                         ASSIGN_OR_RETURN(me, Me(call));
                         RETURN_IF_ERROR(RequireOffice(me));
                         return ReturnToSender(d, req->reason(), call.env, fx);
                       });
}

}  // namespace xianfu::document
