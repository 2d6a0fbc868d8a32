// Absences and the obligations they and other reportable events open.
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "personnel-svc/domain/absences.h"
#include "personnel-svc/handler/handler.h"

namespace xianfu::personnel {
grpc::Status PersonnelHandler::CreateAbsence(grpc::ServerContext* ctx, const v1::CreateAbsenceRequest* req,
                                             v1::Absence* resp) {
  return Create<v1::Absence>(
      ctx, "CreateAbsence", req->request_id(), *req, resp, store_.absences, "",
      [&](Call& call, v1::Absence& a, Effects& fx) -> absl::Status {
        a = req->absence();
        RETURN_IF_ERROR(IdOf(a.official(), "officials").status());
        ASSIGN_OR_RETURN(start, RequiredDate(a.start_date(), "absence.start_date"));
        ASSIGN_OR_RETURN(end, RequiredDate(a.end_date(), "absence.end_date"));
        ASSIGN_OR_RETURN(org, Org(std::min(start, call.env.today), std::max(end, call.env.today)));
        if (!org->facts.Exists(a.official())) return absl::NotFoundError(absl::StrCat(a.official(), " does not exist"));
        RETURN_IF_ERROR(RequireSelfOrOffice(call.caller, a.official(), org->facts, call.env.today));
        const Namer names = Names();
        ASSIGN_OR_RETURN(name, names("absences"));
        a.set_name(name);
        fx.Guard(kOrganisationGuard, org->version);
        return RegisterAbsence(a, org->facts, call.actor(), call.env, names, fx);
      });
}

grpc::Status PersonnelHandler::GetAbsence(grpc::ServerContext* ctx, const v1::GetAbsenceRequest* req,
                                          v1::Absence* resp) {
  return Answer(ctx, [&](Call&) -> absl::Status {
    ASSIGN_OR_RETURN(a, Load(store_.absences, req->name()));
    *resp = std::move(a.value);
    return absl::OkStatus();
  });
}

grpc::Status PersonnelHandler::ListAbsences(grpc::ServerContext* ctx, const v1::ListAbsencesRequest* req,
                                            v1::ListAbsencesResponse* resp) {
  return List<v1::Absence>(ctx, req->page_size(), req->page_token(), "absences", resp->mutable_absences(),
                           resp->mutable_next_page_token(),
                           [&](Call&, const PageRequest& page) -> absl::StatusOr<PageQuery<v1::Absence>> {
                             Filter filter;
                             if (!req->official().empty()) {
                               ASSIGN_OR_RETURN(id, IdOf(req->official(), "officials"));
                               filter.Eq("official_id", id);
                             }
                             if (req->has_to_date()) {
                               ASSIGN_OR_RETURN(to, RequiredDate(req->to_date(), "to_date"));
                               filter.Where("start_date <= ?", {to});
                             }
                             if (req->has_from_date()) {
                               ASSIGN_OR_RETURN(from, RequiredDate(req->from_date(), "from_date"));
                               filter.Where("end_date >= ?", {from});
                             }
                             return store_.absences.ListQuery(filter, page);
                           });
}

grpc::Status PersonnelHandler::CancelAbsence(grpc::ServerContext* ctx, const v1::CancelAbsenceRequest* req,
                                             v1::Absence* resp) {
  return Act<v1::Absence>(ctx, "CancelAbsence", req->request_id(), *req, resp, req->name(), req->etag(),
                          store_.absences, "", [&](Call& call, v1::Absence& a, Effects& fx) -> absl::Status {
                            ASSIGN_OR_RETURN(org, Org(call.env.today));
                            RETURN_IF_ERROR(RequireSelfOrOffice(call.caller, a.official(), org->facts, call.env.today));
                            std::vector<Versioned<v1::Obligation>> obligations;
                            RETURN_IF_ERROR(db_.Read([&](Tx& tx) -> absl::Status {
                              for (const std::string& name : a.obligations()) {
                                ASSIGN_OR_RETURN(o, store_.obligations.Get(tx, name));
                                obligations.push_back(std::move(o));
                              }
                              return absl::OkStatus();
                            }));
                            fx.Guard(kOrganisationGuard, org->version);
                            return personnel::CancelAbsence(a, obligations, call.env, fx);
                          });
}

grpc::Status PersonnelHandler::ReturnFromAbsence(grpc::ServerContext* ctx, const v1::ReturnFromAbsenceRequest* req,
                                                 v1::Absence* resp) {
  return Act<v1::Absence>(ctx, "ReturnFromAbsence", req->request_id(), *req, resp, req->name(), req->etag(),
                          store_.absences, "", [&](Call& call, v1::Absence& a, Effects& fx) -> absl::Status {
                            ASSIGN_OR_RETURN(returned, OptionalDate(req->return_date(), call.env.today, "return_date"));
                            ASSIGN_OR_RETURN(org, Org(call.env.today));
                            RETURN_IF_ERROR(RequireSelfOrOffice(call.caller, a.official(), org->facts, call.env.today));
                            std::vector<Versioned<v1::Obligation>> obligations;
                            std::optional<Versioned<v1::Entrustment>> presiding;
                            RETURN_IF_ERROR(db_.Read([&](Tx& tx) -> absl::Status {
                              for (const std::string& name : a.obligations()) {
                                ASSIGN_OR_RETURN(o, store_.obligations.Get(tx, name));
                                obligations.push_back(std::move(o));
                              }
                              if (!a.presiding_entrustment().empty()) {
                                ASSIGN_OR_RETURN(e, store_.entrustments.Get(tx, a.presiding_entrustment()));
                                presiding = std::move(e);
                              }
                              return absl::OkStatus();
                            }));
                            fx.Guard(kOrganisationGuard, org->version);
                            return personnel::ReturnFromAbsence(a, returned, req->note(), obligations, presiding,
                                                                call.env, fx);
                          });
}

grpc::Status PersonnelHandler::ListAbsenceConflicts(grpc::ServerContext* ctx,
                                                    const v1::ListAbsenceConflictsRequest* req,
                                                    v1::ListAbsenceConflictsResponse* resp) {
  return Answer(ctx, [&](Call&) -> absl::Status {
    ASSIGN_OR_RETURN(from, RequiredDate(req->from_date(), "from_date"));
    ASSIGN_OR_RETURN(to, RequiredDate(req->to_date(), "to_date"));
    if (to < from) return absl::InvalidArgumentError("to_date is before from_date");
    if (to - from > 400) return absl::InvalidArgumentError("ask for at most about a year at a time");
    ASSIGN_OR_RETURN(org, Org(from, to));
    for (v1::AbsenceConflict& c : AbsenceConflicts(org->facts, from, to)) *resp->add_conflicts() = std::move(c);
    return absl::OkStatus();
  });
}

grpc::Status PersonnelHandler::GetObligation(grpc::ServerContext* ctx, const v1::GetObligationRequest* req,
                                             v1::Obligation* resp) {
  return Answer(ctx, [&](Call&) -> absl::Status {
    ASSIGN_OR_RETURN(o, Load(store_.obligations, req->name()));
    *resp = std::move(o.value);
    return absl::OkStatus();
  });
}

grpc::Status PersonnelHandler::ListObligations(grpc::ServerContext* ctx, const v1::ListObligationsRequest* req,
                                               v1::ListObligationsResponse* resp) {
  return List<v1::Obligation>(
      ctx, req->page_size(), req->page_token(), "obligations", resp->mutable_obligations(),
      resp->mutable_next_page_token(), [&](Call&, const PageRequest& page) {
        return store_.obligations.ListQuery(
            Filter().Eq("owner", req->owner()).Eq("state", int64_t{req->state()}).Eq("subject", req->subject()), page);
      });
}

grpc::Status PersonnelHandler::FulfilObligation(grpc::ServerContext* ctx, const v1::FulfilObligationRequest* req,
                                                v1::Obligation* resp) {
  return Act<v1::Obligation>(
      ctx, "FulfilObligation", req->request_id(), *req, resp, req->name(), req->etag(), store_.obligations, "",
      [&](Call& call, v1::Obligation& o, Effects& fx) -> absl::Status {
        ASSIGN_OR_RETURN(org, Org(call.env.today));
        const std::string actor = call.actor();
        bool allowed = o.owner() == actor || RequireRegisterKeeper(call.caller, org->facts, call.env.today).ok();
        for (const Holding* h : org->facts.HoldingsOf(actor, call.env.today)) allowed = allowed || h->unit == o.owner();
        if (!allowed) {
          return absl::PermissionDeniedError(
              absl::StrCat("only ", o.owner(), " or the county government office may record this"));
        }
        std::optional<Versioned<v1::Absence>> absence;
        if (o.kind() == v1::OBLIGATION_KIND_RETURN_REPORT && absl::StartsWith(o.subject(), "absences/")) {
          ASSIGN_OR_RETURN(found, Load(store_.absences, o.subject()));
          absence = std::move(found);
          fx.Guard(kOrganisationGuard, org->version);
        }
        return personnel::FulfilObligation(o, actor, req->note(), req->closes_matter(), absence, call.env, Names(), fx);
      });
}

grpc::Status PersonnelHandler::RegisterReportableEvent(grpc::ServerContext* ctx,
                                                       const v1::RegisterReportableEventRequest* req,
                                                       v1::Obligation* resp) {
  return Perform(
      ctx, "RegisterReportableEvent", req->request_id(), *req, resp, [&](Call& call, Effects& fx) -> absl::Status {
        if (!req->has_time()) return absl::InvalidArgumentError("time is required");
        ASSIGN_OR_RETURN(org, Org(call.env.today));
        // The owner himself (or staff of the owning unit), the office, or a trusted system (the
        // access declaration admits those in their own name).
        if (!(call.caller.is_client() && call.caller.on_behalf_of.empty())) {
          RETURN_IF_ERROR(
              RequirePartyOrOffice(call.caller, {req->owner()}, {req->owner()}, {}, org->facts, call.env.today));
        }
        if (absl::StartsWith(req->owner(), "officials/")) {
          if (!org->facts.Exists(req->owner())) {
            return absl::NotFoundError(absl::StrCat(req->owner(), " does not exist"));
          }
        } else {
          RETURN_IF_ERROR(IdOf(req->owner(), "units").status());
          if (!org->facts.units.contains(req->owner())) {
            return absl::NotFoundError(absl::StrCat(req->owner(), " does not exist"));
          }
        }
        ASSIGN_OR_RETURN(plan, PlanReportableEvent(req->kind(), req->owner(), req->title(), FromProtoTime(req->time()),
                                                   org->facts, *call.env.calendar, call.policy()));
        const std::string subject = absl::StrCat("reportableEvents/", v1::ReportableEventKind_Name(req->kind()));
        std::string name;
        RETURN_IF_ERROR(OpenObligation(plan, subject, call.actor(), call.env, Names(), fx, &name));
        *resp = static_cast<const v1::Obligation&>(*fx.writes().back().record);
        resp->set_etag(EtagOf(1));
        return absl::OkStatus();
      });
}

}  // namespace xianfu::personnel
