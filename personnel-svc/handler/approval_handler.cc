// Requests needing approval (travel abroad, speeches, releases, events, congratulations) and the
// annual outbound plan.
#include "absl/strings/str_cat.h"
#include "personnel-svc/domain/approvals.h"
#include "personnel-svc/handler/handler.h"

namespace xianfu::personnel {

grpc::Status PersonnelHandler::CreateApprovalRequest(grpc::ServerContext* ctx,
                                                     const v1::CreateApprovalRequestRequest* req,
                                                     v1::ApprovalRequest* resp) {
  return Create<v1::ApprovalRequest>(
      ctx, "CreateApprovalRequest", req->request_id(), *req, resp, store_.approval_requests, "",
      [&](Call& call, v1::ApprovalRequest& r, Effects& fx) -> absl::Status {
        r = req->approval_request();
        absl::CivilDay last = call.env.today;
        if (r.has_travel() && IsValidProtoDate(r.travel().return_date())) {
          last = std::max(last, FromProtoDate(r.travel().return_date()));
        }
        ASSIGN_OR_RETURN(org, Org(call.env.today, last));
        if (!r.subject_official().empty() && !org->facts.Exists(r.subject_official())) {
          return absl::NotFoundError(absl::StrCat(r.subject_official(), " does not exist"));
        }
        if (!r.unit().empty() && !org->facts.units.contains(r.unit())) {
          return absl::NotFoundError(absl::StrCat(r.unit(), " does not exist"));
        }
        // Asked by the official it is about, the requesting unit, the office — or, for travel, the
        // foreign-affairs office that prepares it (DIS-14(1), DIS-15(1)).
        RETURN_IF_ERROR(
            RequirePartyOrOffice(call.caller, {r.subject_official()}, {r.unit()},
                                 r.has_travel() ? std::vector<std::string>{"R-FAO"} : std::vector<std::string>{},
                                 org->facts, call.env.today));
        std::optional<v1::OutboundPlanEntry> plan_entry;
        int delegations = 0;
        if (r.has_travel()) {
          if (!r.travel().plan_entry().empty()) {
            ASSIGN_OR_RETURN(entry, Load(store_.plan_entries, r.travel().plan_entry()));
            plan_entry = std::move(entry.value);
          }
          // DIS-16: the unit's delegations of the trip's year so far (not the refused ones).
          const std::string unit = DelegationUnit(r, org->facts, call.env.today);
          const int64_t year = r.travel().depart_date().year();
          RETURN_IF_ERROR(db_.Read([&](Tx& tx) -> absl::Status {
            PageRequest page{500, ""};
            for (;;) {
              // That year's trips (and rows from before depart_year had a column: NULL).
              ASSIGN_OR_RETURN(
                  batch, store_.approval_requests.List(tx,
                                                       Filter()
                                                           .Eq("kind", int64_t{v1::APPROVAL_KIND_TRAVEL_ABROAD})
                                                           .Where("(depart_year = ? OR depart_year IS NULL)", {year}),
                                                       page));
              for (const v1::ApprovalRequest& other : batch.items) {
                if (other.state() != v1::APPROVAL_STATE_REJECTED && other.travel().depart_date().year() == year &&
                    DelegationUnit(other, org->facts, call.env.today) == unit) {
                  ++delegations;
                }
              }
              if (batch.next_page_token.empty()) return absl::OkStatus();
              page.after = batch.items.back().name().substr(std::string("approvalRequests/").size());
            }
          }));
        }
        const Namer names = Names();
        ASSIGN_OR_RETURN(name, names("approvalRequests"));
        r.set_name(name);
        std::vector<common::v1::OverrideRequest> overrides(req->overrides().begin(), req->overrides().end());
        return SubmitApprovalRequest(r, overrides, call.actor(), plan_entry, org->facts, call.env, names, fx,
                                     delegations);
      });
}

grpc::Status PersonnelHandler::GetApprovalRequest(grpc::ServerContext* ctx, const v1::GetApprovalRequestRequest* req,
                                                  v1::ApprovalRequest* resp) {
  return Answer(ctx, [&](Call&) -> absl::Status {
    ASSIGN_OR_RETURN(r, Load(store_.approval_requests, req->name()));
    *resp = std::move(r.value);
    return absl::OkStatus();
  });
}

grpc::Status PersonnelHandler::ListApprovalRequests(grpc::ServerContext* ctx,
                                                    const v1::ListApprovalRequestsRequest* req,
                                                    v1::ListApprovalRequestsResponse* resp) {
  return List<v1::ApprovalRequest>(
      ctx, req->page_size(), req->page_token(), "approvalRequests", resp->mutable_approval_requests(),
      resp->mutable_next_page_token(), [&](Call&, const PageRequest& page) {
        return store_.approval_requests.ListQuery(Filter()
                                                      .Eq("kind", int64_t{req->kind()})
                                                      .Eq("subject_official", req->subject_official())
                                                      .Eq("state", int64_t{req->state()}),
                                                  page);
      });
}

grpc::Status PersonnelHandler::ActOnApprovalRequest(grpc::ServerContext* ctx,
                                                    const v1::ActOnApprovalRequestRequest* req,
                                                    v1::ApprovalRequest* resp) {
  return Act<v1::ApprovalRequest>(
      ctx, "ActOnApprovalRequest", req->request_id(), *req, resp, req->name(), req->etag(), store_.approval_requests,
      "", [&](Call& call, v1::ApprovalRequest& r, Effects& fx) -> absl::Status {
        ASSIGN_OR_RETURN(org, Org(call.env.today));
        std::vector<Versioned<v1::Obligation>> obligations;
        RETURN_IF_ERROR(db_.Read([&](Tx& tx) -> absl::Status {
          ASSIGN_OR_RETURN(page, store_.obligations.List(tx, "subject = ?", {r.name()}, PageRequest{500, ""}));
          for (v1::Obligation& o : page.items) {
            ASSIGN_OR_RETURN(current, store_.obligations.Get(tx, o.name()));
            obligations.push_back(std::move(current));
          }
          return absl::OkStatus();
        }));
        return DecideStep(r, *req, call.actor(), obligations, org->facts, call.env, Names(), fx);
      });
}

grpc::Status PersonnelHandler::ReleaseApprovalRequest(grpc::ServerContext* ctx,
                                                      const v1::ReleaseApprovalRequestRequest* req,
                                                      v1::ApprovalRequest* resp) {
  return Act<v1::ApprovalRequest>(ctx, "ReleaseApprovalRequest", req->request_id(), *req, resp, req->name(),
                                  req->etag(), store_.approval_requests, "",
                                  [&](Call& call, v1::ApprovalRequest& r, Effects& fx) -> absl::Status {
                                    ASSIGN_OR_RETURN(org, Org(call.env.today));
                                    RETURN_IF_ERROR(RequirePartyOrOffice(call.caller, {r.subject_official()},
                                                                         {r.unit()}, {}, org->facts, call.env.today));
                                    RETURN_IF_ERROR(Release(r, call.actor(), call.env.now, call.policy()));
                                    fx.Note(r.rule_ids().empty() ? "" : r.rule_ids(0), "");
                                    return absl::OkStatus();
                                  });
}

grpc::Status PersonnelHandler::CreateOutboundPlanEntry(grpc::ServerContext* ctx,
                                                       const v1::CreateOutboundPlanEntryRequest* req,
                                                       v1::OutboundPlanEntry* resp) {
  return Create<v1::OutboundPlanEntry>(
      ctx, "CreateOutboundPlanEntry", req->request_id(), *req, resp, store_.plan_entries, "DIS-14",
      [&](Call& call, v1::OutboundPlanEntry& e, Effects&) -> absl::Status {
        ASSIGN_OR_RETURN(org, Org(call.env.today));
        if (!RequireRegisterKeeper(call.caller, org->facts, call.env.today).ok() &&
            !org->facts.HoldsRole(call.actor(), "R-FAO", call.env.today)) {
          return absl::PermissionDeniedError(
              "the outbound plan is kept by the foreign-affairs office or the county government office");
        }
        e = req->entry();
        if (e.year() < 2000 || e.year() > 2100) return absl::InvalidArgumentError("entry.year is required");
        if (e.destination().empty()) return absl::InvalidArgumentError("entry.destination is required");
        ASSIGN_OR_RETURN(name, Names()("outboundPlanEntries"));
        e.set_name(name);
        *e.mutable_create_time() = ToProtoTime(call.env.now);
        return absl::OkStatus();
      });
}

grpc::Status PersonnelHandler::ListOutboundPlanEntries(grpc::ServerContext* ctx,
                                                       const v1::ListOutboundPlanEntriesRequest* req,
                                                       v1::ListOutboundPlanEntriesResponse* resp) {
  return List<v1::OutboundPlanEntry>(ctx, req->page_size(), req->page_token(), "outboundPlanEntries",
                                     resp->mutable_entries(), resp->mutable_next_page_token(),
                                     [&](Call&, const PageRequest& page) {
                                       if (req->year() == 0) return store_.plan_entries.ListQuery("", {}, page);
                                       return store_.plan_entries.ListQuery("year = ?", {int64_t{req->year()}}, page);
                                     });
}

}  // namespace xianfu::personnel
