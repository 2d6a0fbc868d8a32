// The gRPC face of document-svc: translates requests, asks personnel-svc about the organisation,
// lets the domain decide, and runs each mutation as one transaction with its audit entry,
// events and timers.
#ifndef XIANFU_DOCUMENT_SVC_HANDLER_HANDLER_H_
#define XIANFU_DOCUMENT_SVC_HANDLER_HANDLER_H_

#include <memory>

#include "common/handler_base.h"
#include "document-svc/handler/org_client.h"
#include "document-svc/store/store.h"
#include "xianfu/document/v1/document.grpc.pb.h"

namespace xianfu::document {

class DocumentHandler final : public v1::DocumentService::Service, private HandlerBase {
 public:
  DocumentHandler(ServiceContext& context, std::unique_ptr<OrgClient> org);

  // Timer kinds: countersign.deemed, countersign.reminder, handling.breach, normative.filing_due.
  void RegisterBackgroundWork(Platform& platform);

#define XIANFU_RPC(Method, Request, Response) \
  grpc::Status Method(grpc::ServerContext* ctx, const v1::Request* req, v1::Response* resp) override;
  XIANFU_RPC(CreateDocument, CreateDocumentRequest, Document)
  XIANFU_RPC(GetDocument, GetDocumentRequest, Document)
  XIANFU_RPC(ListDocuments, ListDocumentsRequest, ListDocumentsResponse)
  XIANFU_RPC(UpdateDocument, UpdateDocumentRequest, Document)
  XIANFU_RPC(SubmitDocument, SubmitDocumentRequest, Document)
  XIANFU_RPC(ReturnDocument, ReturnDocumentRequest, Document)
  XIANFU_RPC(ReviewDocument, ReviewDocumentRequest, Document)
  XIANFU_RPC(EndorseDocument, EndorseDocumentRequest, Document)
  XIANFU_RPC(ForwardDocument, ForwardDocumentRequest, Document)
  XIANFU_RPC(ReviewOutgoing, ReviewOutgoingRequest, Document)
  XIANFU_RPC(SignDocument, SignDocumentRequest, Document)
  XIANFU_RPC(IssueDocument, IssueDocumentRequest, Document)
  XIANFU_RPC(ArchiveDocument, ArchiveDocumentRequest, Document)
  XIANFU_RPC(RequestCountersigns, RequestCountersignsRequest, RequestCountersignsResponse)
  XIANFU_RPC(GetCountersign, GetCountersignRequest, Countersign)
  XIANFU_RPC(ListCountersigns, ListCountersignsRequest, ListCountersignsResponse)
  XIANFU_RPC(ReplyCountersign, ReplyCountersignRequest, Countersign)
  XIANFU_RPC(AgreeCountersignDeadline, AgreeCountersignDeadlineRequest, Countersign)
  XIANFU_RPC(CreateHandlingItem, CreateHandlingItemRequest, HandlingItem)
  XIANFU_RPC(GetHandlingItem, GetHandlingItemRequest, HandlingItem)
  XIANFU_RPC(ListHandlingItems, ListHandlingItemsRequest, ListHandlingItemsResponse)
  XIANFU_RPC(ExtendHandlingItem, ExtendHandlingItemRequest, HandlingItem)
  XIANFU_RPC(CompleteHandlingItem, CompleteHandlingItemRequest, HandlingItem)
  XIANFU_RPC(RecordLegalityReview, RecordLegalityReviewRequest, Document)
  XIANFU_RPC(FileNormativeDocument, FileNormativeDocumentRequest, Document)
  XIANFU_RPC(SetNormativeStatus, SetNormativeStatusRequest, Document)
  XIANFU_RPC(ListNormativeCatalogue, ListNormativeCatalogueRequest, ListDocumentsResponse)
#undef XIANFU_RPC

 private:
  // A document step on an existing document: loads it for update, checks the etag, runs fn,
  // stores it, audits `action` under `rule_id`.
  grpc::Status Step(grpc::ServerContext* ctx, absl::string_view method, const std::string& request_id,
                    const google::protobuf::Message& req, v1::Document* resp, const std::string& name,
                    const std::string& etag, const std::string& rule_id,
                    const std::function<absl::Status(Call&, v1::Document&, Note&)>& fn);
  absl::StatusOr<Person> Me(grpc::ServerContext* ctx, const Call& call);
  absl::Status RequireOffice(const Person& me);
  // Whether `me` may see a classified registration; every view of one is audited.
  absl::Status SeeDocument(Call& call, const Person& me, const v1::Document& d);
  // A countersign step by the requested unit's responsible leader (负责同志).
  grpc::Status CountersignStep(grpc::ServerContext* ctx, absl::string_view method, const std::string& request_id,
                               const google::protobuf::Message& req, v1::Countersign* resp, const std::string& name,
                               const std::string& etag,
                               const std::function<absl::Status(Call&, v1::Countersign&, Note&)>& fn);
  grpc::Status HandlingStep(grpc::ServerContext* ctx, absl::string_view method, const std::string& request_id,
                            const google::protobuf::Message& req, v1::HandlingItem* resp, const std::string& name,
                            const std::string& etag,
                            const std::function<absl::Status(Call&, v1::HandlingItem&, Note&)>& fn);
  absl::Status ScheduleCountersignTimers(Call& call, const v1::Countersign& c, const EventDeadline& deadline);
  absl::Status CreateHandlingItemFor(Call& call, v1::HandlingItem& item);

  std::unique_ptr<OrgClient> org_;
  DocumentStore store_;
};

}  // namespace xianfu::document

#endif  // XIANFU_DOCUMENT_SVC_HANDLER_HANDLER_H_
