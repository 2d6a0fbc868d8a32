// Conduct records: rules software can only record.
#include "absl/strings/str_cat.h"
#include "personnel-svc/domain/records.h"
#include "personnel-svc/handler/handler.h"

namespace xianfu::personnel {

grpc::Status PersonnelHandler::CreateConductRecord(grpc::ServerContext* ctx, const v1::CreateConductRecordRequest* req,
                                                   v1::ConductRecord* resp) {
  return Create<v1::ConductRecord>(
      ctx, "CreateConductRecord", req->request_id(), *req, resp, store_.conduct_records, "",
      [&](Call& call, v1::ConductRecord& r, Effects& fx) -> absl::Status {
        r = req->record();
        RETURN_IF_ERROR(IdOf(r.official(), "officials").status());
        ASSIGN_OR_RETURN(org, Org(call.env.today));
        if (!org->facts.Exists(r.official())) return absl::NotFoundError(absl::StrCat(r.official(), " does not exist"));
        RETURN_IF_ERROR(RequireSelfOrOffice(call.caller, r.official(), org->facts, call.env.today));
        ASSIGN_OR_RETURN(name, Names()("conductRecords"));
        r.set_name(name);
        return NewConductRecord(r, call.actor(), call.env, fx);
      });
}

grpc::Status PersonnelHandler::ListConductRecords(grpc::ServerContext* ctx, const v1::ListConductRecordsRequest* req,
                                                  v1::ListConductRecordsResponse* resp) {
  return List<v1::ConductRecord>(ctx, req->page_size(), req->page_token(), "conductRecords", resp->mutable_records(),
                                 resp->mutable_next_page_token(),
                                 [&](Call&, const PageRequest& page) -> absl::StatusOr<PageQuery<v1::ConductRecord>> {
                                   Filter filter;
                                   filter.Eq("kind", int64_t{req->kind()});
                                   if (!req->official().empty()) {
                                     ASSIGN_OR_RETURN(id, IdOf(req->official(), "officials"));
                                     filter.Eq("official_id", id);
                                   }
                                   return store_.conduct_records.ListQuery(filter, page);
                                 });
}

}  // namespace xianfu::personnel
