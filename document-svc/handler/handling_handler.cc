// Handling time limits (DOC-23): items from higher levels and leaders' instructions.
#include "absl/strings/str_cat.h"
#include "common/deadline_proto.h"
#include "document-svc/handler/handler.h"

namespace xianfu::document {

grpc::Status DocumentHandler::CreateHandlingItem(grpc::ServerContext* ctx, const v1::CreateHandlingItemRequest* req,
                                                 v1::HandlingItem* resp) {
  return Perform(
      ctx, "CreateHandlingItem", req->request_id(), *req, resp, [&](Call& call, Effects& fx) -> absl::Status {
        v1::HandlingItem item = req->item();
        RETURN_IF_ERROR(IdOf(item.handling_unit(), "units").status());
        org::Questions q(call.env.now);
        org::CallerQ me_q = org::AskCaller(call.caller, q);
        org::UnitQ unit_q = q.Unit(item.handling_unit());
        ASSIGN_OR_RETURN(answers, directory_->Ask(call.ctx, q));
        RETURN_IF_ERROR(answers.Get(unit_q).status());
        ASSIGN_OR_RETURN(me, org::CallerFrom(call.caller, me_q, answers));
        if (item.source() == v1::HANDLING_SOURCE_LEADER_INSTRUCTION) {
          if (item.instructing_leader().empty()) item.set_instructing_leader(me.official);
          if (item.instructing_leader() != me.official && !me.Has("R-OFFICE") && !me.Has("R-SUP")) {
            return absl::PermissionDeniedError(
                "a leader's instruction is recorded by the leader, the office or supervision");
          }
        } else if (!me.Has("R-OFFICE") && !me.Has("R-SUP")) {
          return absl::PermissionDeniedError("higher-level items are registered by the office or supervision");
        }
        ASSIGN_OR_RETURN(name, Names()("handlingItems"));
        item.set_name(name);
        RETURN_IF_ERROR(OpenHandlingItem(item, call.env, fx));
        *resp = item;
        resp->set_etag(EtagOf(1));
        return absl::OkStatus();
      });
}

grpc::Status DocumentHandler::GetHandlingItem(grpc::ServerContext* ctx, const v1::GetHandlingItemRequest* req,
                                              v1::HandlingItem* resp) {
  return Answer(ctx, [&](Call&) -> absl::Status {
    ASSIGN_OR_RETURN(item, Load(store_.handling_items, req->name()));
    *resp = std::move(item.value);
    return absl::OkStatus();
  });
}

grpc::Status DocumentHandler::ListHandlingItems(grpc::ServerContext* ctx, const v1::ListHandlingItemsRequest* req,
                                                v1::ListHandlingItemsResponse* resp) {
  return List<v1::HandlingItem>(ctx, req->page_size(), req->page_token(), "handlingItems", resp->mutable_items(),
                                resp->mutable_next_page_token(),
                                [&](Call&, const PageRequest& page) -> absl::StatusOr<PageQuery<v1::HandlingItem>> {
                                  std::optional<absl::CivilDay> due_by;
                                  if (req->has_due_by()) {
                                    if (!IsValidProtoDate(req->due_by())) {
                                      return absl::InvalidArgumentError("due_by must be a real date");
                                    }
                                    due_by = FromProtoDate(req->due_by());
                                  }
                                  return store_.ListHandlingItems(req->handling_unit(), req->state(), due_by, page);
                                });
}

grpc::Status DocumentHandler::ExtendHandlingItem(grpc::ServerContext* ctx, const v1::ExtendHandlingItemRequest* req,
                                                 v1::HandlingItem* resp) {
  return Act<v1::HandlingItem>(
      ctx, "ExtendHandlingItem", req->request_id(), *req, resp, req->name(), req->etag(), store_.handling_items,
      "DOC-23", [&](Call& call, v1::HandlingItem& item, Effects& fx) -> absl::Status {
        ASSIGN_OR_RETURN(me, Me(call));
        ExtensionContext consent{me, item.instructing_leader()};
        return Extend(item, req->explanation(), req->new_deadline(), req->override_reason(), consent, call.env, fx);
      });
}

grpc::Status DocumentHandler::CompleteHandlingItem(grpc::ServerContext* ctx, const v1::CompleteHandlingItemRequest* req,
                                                   v1::HandlingItem* resp) {
  return Act<v1::HandlingItem>(ctx, "CompleteHandlingItem", req->request_id(), *req, resp, req->name(), req->etag(),
                               store_.handling_items, "DOC-23",
                               [&](Call& call, v1::HandlingItem& item, Effects& fx) -> absl::Status {
                                 ASSIGN_OR_RETURN(me, Me(call));
                                 RETURN_IF_ERROR(RequireUnitOrOffice(me, item.handling_unit(), "record completion"));
                                 return Complete(item, req->declined_reason(), call.env, fx);
                               });
}

}  // namespace xianfu::document
