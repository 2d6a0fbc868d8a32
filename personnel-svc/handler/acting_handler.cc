// Who acts for whom: answers from the organisation view, entrustments and designations.
#include "absl/strings/str_cat.h"
#include "personnel-svc/domain/acting.h"
#include "personnel-svc/domain/lookups.h"
#include "personnel-svc/handler/handler.h"

namespace xianfu::personnel {

grpc::Status PersonnelHandler::ResolveActing(grpc::ServerContext* ctx, const v1::ResolveActingRequest* req,
                                             v1::ActingResolution* resp) {
  return Answer(ctx, [&](Call& call) -> absl::Status {
    if (req->act() == v1::ACT_KIND_UNSPECIFIED) return absl::InvalidArgumentError("act is required");
    const absl::CivilDay day = LocalDay(req->has_time() ? FromProtoTime(req->time()) : call.env.now);
    ASSIGN_OR_RETURN(org, Org(day));
    ASSIGN_OR_RETURN(principal, PrincipalOf(org->facts, *req, day));
    *resp = personnel::ResolveActing(org->facts, principal, req->act(), day, call.policy());
    return absl::OkStatus();
  });
}

grpc::Status PersonnelHandler::CheckActing(grpc::ServerContext* ctx, const v1::CheckActingRequest* req,
                                           v1::ActingResolution* resp) {
  return Answer(ctx, [&](Call& call) -> absl::Status {
    const v1::ResolveActingRequest& r = req->resolve();
    if (r.act() == v1::ACT_KIND_UNSPECIFIED) return absl::InvalidArgumentError("resolve.act is required");
    const absl::CivilDay day = LocalDay(r.has_time() ? FromProtoTime(r.time()) : call.env.now);
    // It authorises an act: answered from the organisation's latest version.
    ASSIGN_OR_RETURN(org, Org(day, day, /*fresh=*/true));
    ASSIGN_OR_RETURN(principal, PrincipalOf(org->facts, r, day));
    if (!org->facts.Exists(req->candidate())) {
      return absl::NotFoundError(absl::StrCat("official '", req->candidate().substr(0, 80), "' does not exist"));
    }
    ASSIGN_OR_RETURN(resolution,
                     personnel::CheckActing(org->facts, principal, r.act(), day, req->candidate(), call.policy()));
    *resp = std::move(resolution);
    return absl::OkStatus();
  });
}

grpc::Status PersonnelHandler::CreateEntrustment(grpc::ServerContext* ctx, const v1::CreateEntrustmentRequest* req,
                                                 v1::Entrustment* resp) {
  return Create<v1::Entrustment>(
      ctx, "CreateEntrustment", req->request_id(), *req, resp, store_.entrustments, "ORG-05",
      [&](Call& call, v1::Entrustment& e, Effects& fx) -> absl::Status {
        e = req->entrustment();
        const bool dated = IsValidProtoDate(e.start_date()) && IsValidProtoDate(e.end_date());
        const absl::CivilDay start = dated ? FromProtoDate(e.start_date()) : call.env.today;
        const absl::CivilDay end = dated ? FromProtoDate(e.end_date()) : call.env.today;
        ASSIGN_OR_RETURN(org, Org(std::min(start, call.env.today), std::max(end, call.env.today)));
        RETURN_IF_ERROR(ValidateEntrustment(e, org->facts, call.policy()));
        RETURN_IF_ERROR(RequireSelfOrOffice(call.caller, e.principal(), org->facts, call.env.today));
        ASSIGN_OR_RETURN(name, Names()("entrustments"));
        e.set_name(name);
        e.set_ended(false);
        e.set_auto_assigned(false);
        *e.mutable_create_time() = ToProtoTime(call.env.now);
        v1::EntrustmentGranted event;
        *event.mutable_entrustment() = e;
        fx.Publish(name, event);
        fx.Guard(kOrganisationGuard, org->version);
        fx.Note("", e.reference());
        return absl::OkStatus();
      });
}

grpc::Status PersonnelHandler::EndEntrustment(grpc::ServerContext* ctx, const v1::EndEntrustmentRequest* req,
                                              v1::Entrustment* resp) {
  return Act<v1::Entrustment>(
      ctx, "EndEntrustment", req->request_id(), *req, resp, req->name(), req->etag(), store_.entrustments, "ORG-05",
      [&](Call& call, v1::Entrustment& e, Effects& fx) -> absl::Status {
        ASSIGN_OR_RETURN(org, Org(call.env.today));
        RETURN_IF_ERROR(RequireSelfOrOffice(call.caller, e.principal(), org->facts, call.env.today));
        RETURN_IF_ERROR(personnel::EndEntrustment(e, call.env.today));
        v1::EntrustmentEnded event;
        *event.mutable_entrustment() = e;
        fx.Publish(e.name(), event);
        fx.Guard(kOrganisationGuard, org->version);
        return absl::OkStatus();
      });
}

grpc::Status PersonnelHandler::ListEntrustments(grpc::ServerContext* ctx, const v1::ListEntrustmentsRequest* req,
                                                v1::ListEntrustmentsResponse* resp) {
  return List<v1::Entrustment>(ctx, req->page_size(), req->page_token(), "entrustments", resp->mutable_entrustments(),
                               resp->mutable_next_page_token(),
                               [&](Call&, const PageRequest& page) -> absl::StatusOr<PageQuery<v1::Entrustment>> {
                                 if (req->principal().empty()) return store_.entrustments.ListQuery("", {}, page);
                                 ASSIGN_OR_RETURN(id, IdOf(req->principal(), "officials"));
                                 return store_.entrustments.ListQuery("principal_id = ?", {id}, page);
                               });
}

grpc::Status PersonnelHandler::DesignateActing(grpc::ServerContext* ctx, const v1::DesignateActingRequest* req,
                                               v1::Designation* resp) {
  return Act<v1::Designation>(
      ctx, "DesignateActing", req->request_id(), *req, resp, req->name(), req->etag(), store_.designations, "DIS-03",
      [&](Call& call, v1::Designation& d, Effects& fx) -> absl::Status {
        const absl::CivilDay start = FromProtoDate(d.start_date()), end = FromProtoDate(d.end_date());
        ASSIGN_OR_RETURN(org, Org(std::min(start, call.env.today), std::max(end, call.env.today)));
        RETURN_IF_ERROR(Designate(d, req->designee(), call.actor(), org->facts, call.env));
        v1::DesignationMade event;
        *event.mutable_designation() = d;
        fx.Publish(d.name(), event);
        fx.Guard(kOrganisationGuard, org->version);
        fx.Note("", absl::StrCat(org->facts.Name(req->designee()), "(受县长安排)代", org->facts.Name(d.principal())));
        return absl::OkStatus();
      });
}

grpc::Status PersonnelHandler::ListDesignations(grpc::ServerContext* ctx, const v1::ListDesignationsRequest* req,
                                                v1::ListDesignationsResponse* resp) {
  return List<v1::Designation>(ctx, req->page_size(), req->page_token(), "designations", resp->mutable_designations(),
                               resp->mutable_next_page_token(), [&](Call&, const PageRequest& page) {
                                 if (req->state() == v1::DESIGNATION_STATE_UNSPECIFIED) {
                                   return store_.designations.ListQuery("", {}, page);
                                 }
                                 return store_.designations.ListQuery("state = ?", {int64_t{req->state()}}, page);
                               });
}

}  // namespace xianfu::personnel
