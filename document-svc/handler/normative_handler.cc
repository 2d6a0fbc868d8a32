// Normative documents: legality review, filing, status, the catalogue (DOC-25…DOC-30).
#include "absl/strings/str_cat.h"
#include "common/deadline_proto.h"
#include "document-svc/handler/handler.h"

namespace xianfu::document {

grpc::Status DocumentHandler::RecordLegalityReview(grpc::ServerContext* ctx, const v1::RecordLegalityReviewRequest* req,
                                                   v1::Document* resp) {
  return ActOnDocument(ctx, "RecordLegalityReview", req->request_id(), *req, resp, req->name(), req->etag(), "DOC-27",
                       [&](Call& call, v1::Document& d, Effects&) -> absl::Status {
                         ASSIGN_OR_RETURN(me, Me(call));
                         if (!me.Has("R-JB")) {
                           return call.policy().Refuse(absl::StatusCode::kPermissionDenied, "DOC-27",
                                                       "合法性审查由县司法局作出",
                                                       "the judicial bureau reviews legality");
                         }
                         return RecordLegality(d, req->result(), req->no_prohibited_content_attested(), req->opinion(),
                                               me.official, call.env);
                       });
}

grpc::Status DocumentHandler::FileNormativeDocument(grpc::ServerContext* ctx,
                                                    const v1::FileNormativeDocumentRequest* req, v1::Document* resp) {
  return ActOnDocument(
      ctx, "FileNormativeDocument", req->request_id(), *req, resp, req->name(), req->etag(), "DOC-28",
      [&](Call& call, v1::Document& d, Effects& fx) -> absl::Status {
        ASSIGN_OR_RETURN(me, Me(call));
        if (!me.Has("R-OFFICE") && !me.Has("R-JB")) {
          return absl::PermissionDeniedError("filings are recorded by the office or the judicial bureau");
        }
        return FileNormative(d, call.env, fx);
      });
}

grpc::Status DocumentHandler::SetNormativeStatus(grpc::ServerContext* ctx, const v1::SetNormativeStatusRequest* req,
                                                 v1::Document* resp) {
  return ActOnDocument(
      ctx, "SetNormativeStatus", req->request_id(), *req, resp, req->name(), req->etag(), "",
      [&](Call& call, v1::Document& d, Effects& fx) -> absl::Status {
        ASSIGN_OR_RETURN(me, Me(call));
        if (!me.Has("R-JB") && !me.Has("R-CH")) {
          return absl::PermissionDeniedError("the judicial bureau (clean-up) or the county head decides");
        }
        return ChangeNormativeStatus(d, req->status(), req->reason(), call.env, fx);
      });
}

grpc::Status DocumentHandler::ListNormativeCatalogue(grpc::ServerContext* ctx,
                                                     const v1::ListNormativeCatalogueRequest* req,
                                                     v1::ListDocumentsResponse* resp) {
  return Answer(ctx, [&](Call& call) -> absl::Status {
    ASSIGN_OR_RETURN(page, ParsePage(req->page_size(), req->page_token(), "documents"));
    DocumentFilter filter;
    filter.normative_catalogue = true;
    ASSIGN_OR_RETURN(query, store_.ListDocuments(filter, page));
    ASSIGN_OR_RETURN(result, ReadPage(db_, query));
    for (v1::Document& d : result.items) {
      if (d.kind() != v1::DOCUMENT_KIND_NORMATIVE || IsClassified(d)) continue;
      MarkCleanupDue(d, call.env);
      *resp->add_documents() = std::move(d);
    }
    resp->set_next_page_token(result.next_page_token);
    return absl::OkStatus();
  });
}

}  // namespace xianfu::document
