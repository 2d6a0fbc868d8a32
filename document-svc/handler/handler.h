// The gRPC face of document-svc: one handler class whose methods live in a file per aggregate
// (document_handler.cc, routing_handler.cc, outgoing_handler.cc, countersign_handler.cc,
// handling_handler.cc, normative_handler.cc). Each method authorises the caller, gathers (the
// document without locks, personnel-svc's answers in one round trip through the organisation
// directory), lets the domain decide, and leaves the apply step to HandlerBase.
#ifndef XIANFU_DOCUMENT_SVC_HANDLER_HANDLER_H_
#define XIANFU_DOCUMENT_SVC_HANDLER_HANDLER_H_

#include <memory>
#include <optional>

#include "common/handler_base.h"
#include "common/org_directory.h"
#include "document-svc/domain/rules.h"
#include "document-svc/store/store.h"
#include "xianfu/document/v1/document.grpc.pb.h"

namespace xianfu::document {

class DocumentHandler final : public v1::DocumentService::Service, private HandlerBase {
 public:
  DocumentHandler(ServiceContext& context, std::unique_ptr<org::Directory> directory);

  // Timer kinds: countersign.deemed, countersign.reminder, handling.breach, normative.filing_due;
  // pending countersign deadlines recomputed on a new calendar.
  void RegisterBackgroundWork(Platform& platform);

  // document_handler.cc
  XIANFU_RPC(CreateDocument, CreateDocumentRequest, Document)
  XIANFU_RPC(GetDocument, GetDocumentRequest, Document)
  XIANFU_RPC(ListDocuments, ListDocumentsRequest, ListDocumentsResponse)
  XIANFU_RPC(UpdateDocument, UpdateDocumentRequest, Document)
  XIANFU_RPC(SubmitDocument, SubmitDocumentRequest, Document)
  XIANFU_RPC(ReturnDocument, ReturnDocumentRequest, Document)
  // routing_handler.cc
  XIANFU_RPC(ReviewDocument, ReviewDocumentRequest, Document)
  XIANFU_RPC(EndorseDocument, EndorseDocumentRequest, Document)
  XIANFU_RPC(ForwardDocument, ForwardDocumentRequest, Document)
  XIANFU_RPC(ArchiveDocument, ArchiveDocumentRequest, Document)
  // outgoing_handler.cc
  XIANFU_RPC(ReviewOutgoing, ReviewOutgoingRequest, Document)
  XIANFU_RPC(SignDocument, SignDocumentRequest, Document)
  XIANFU_RPC(IssueDocument, IssueDocumentRequest, Document)
  // countersign_handler.cc
  XIANFU_RPC(RequestCountersigns, RequestCountersignsRequest, RequestCountersignsResponse)
  XIANFU_RPC(GetCountersign, GetCountersignRequest, Countersign)
  XIANFU_RPC(ListCountersigns, ListCountersignsRequest, ListCountersignsResponse)
  XIANFU_RPC(ReplyCountersign, ReplyCountersignRequest, Countersign)
  XIANFU_RPC(AgreeCountersignDeadline, AgreeCountersignDeadlineRequest, Countersign)
  XIANFU_RPC(ReopenCountersign, ReopenCountersignRequest, Countersign)
  // handling_handler.cc
  XIANFU_RPC(CreateHandlingItem, CreateHandlingItemRequest, HandlingItem)
  XIANFU_RPC(GetHandlingItem, GetHandlingItemRequest, HandlingItem)
  XIANFU_RPC(ListHandlingItems, ListHandlingItemsRequest, ListHandlingItemsResponse)
  XIANFU_RPC(ExtendHandlingItem, ExtendHandlingItemRequest, HandlingItem)
  XIANFU_RPC(CompleteHandlingItem, CompleteHandlingItemRequest, HandlingItem)
  // normative_handler.cc
  XIANFU_RPC(RecordLegalityReview, RecordLegalityReviewRequest, Document)
  XIANFU_RPC(FileNormativeDocument, FileNormativeDocumentRequest, Document)
  XIANFU_RPC(SetNormativeStatus, SetNormativeStatusRequest, Document)
  XIANFU_RPC(ListNormativeCatalogue, ListNormativeCatalogueRequest, ListDocumentsResponse)

  // The history API's question (common/history.h): the caller is a party to `resource` (staff
  // of the drafting or sending unit, the leaders it went to, the departments of a countersign or
  // a handling item) or works in the county government office; `resource` empty: the office.
  absl::Status MayReadHistory(const Call& call, const std::string& resource);

 private:
  // The caller alone (verbs that need nothing else of the organisation; the others ask
  // org::AskCaller in the verb's one batch).
  absl::StatusOr<Person> Me(const Call& call);
  // Whether `me` may see a classified registration (DIS-21); every view of one is audited.
  absl::Status SeeDocument(const Call& call, Tx& tx, const Person& me, const v1::Document& d);
  // A verb on a document: HandlerBase::Act, stamping the document's update time.
  grpc::Status ActOnDocument(grpc::ServerContext* ctx, absl::string_view method, const std::string& request_id,
                             const google::protobuf::Message& req, v1::Document* resp, const std::string& name,
                             const std::string& etag, const std::string& rule_id,
                             const std::function<absl::Status(Call&, v1::Document&, Effects&)>& decide,
                             const std::function<absl::Status(Call&, Tx&, v1::Document&, Effects&)>& in_tx = nullptr);
  // A countersign step by the requested unit's responsible leader (负责同志).
  absl::Status RequireResponsibleLeader(const Call& call, const v1::Countersign& c);

  std::unique_ptr<org::Directory> directory_;
  DocumentStore store_;
};

using org::RequireOffice;
using org::RequireUnitOrOffice;

}  // namespace xianfu::document

#endif  // XIANFU_DOCUMENT_SVC_HANDLER_HANDLER_H_
