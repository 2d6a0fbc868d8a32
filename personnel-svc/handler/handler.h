// The gRPC face of personnel-svc: one handler class whose methods live in a file per aggregate
// (register_handler.cc, acting_handler.cc, absence_handler.cc, approval_handler.cc,
// record_handler.cc). Each method authorises the caller, gathers (the organisation comes from
// the in-memory view, OrgSnapshot), lets the domain decide, and leaves the apply step to
// HandlerBase.
#ifndef XIANFU_PERSONNEL_SVC_HANDLER_HANDLER_H_
#define XIANFU_PERSONNEL_SVC_HANDLER_HANDLER_H_

#include <memory>

#include "common/guard_lease.h"
#include "common/handler_base.h"
#include "personnel-svc/store/snapshot.h"
#include "personnel-svc/store/store.h"
#include "xianfu/personnel/v1/personnel.grpc.pb.h"

namespace xianfu::personnel {

class PersonnelHandler final : public v1::PersonnelService::Service, private HandlerBase {
 public:
  explicit PersonnelHandler(ServiceContext& context);
  ~PersonnelHandler() override;

  // What the platform's worker runs for this module: the timer kinds it schedules, and the
  // recomputation of open deadlines when a new calendar is loaded. Starts the organisation
  // view's background check.
  void RegisterBackgroundWork(Platform& platform);

  // register_handler.cc
  XIANFU_RPC(CreateOfficial, CreateOfficialRequest, Official)
  XIANFU_RPC(GetOfficial, GetOfficialRequest, Official)
  XIANFU_RPC(ListOfficials, ListOfficialsRequest, ListOfficialsResponse)
  XIANFU_RPC(CreateUnit, CreateUnitRequest, Unit)
  XIANFU_RPC(GetUnit, GetUnitRequest, Unit)
  XIANFU_RPC(ListUnits, ListUnitsRequest, ListUnitsResponse)
  XIANFU_RPC(CreatePost, CreatePostRequest, Post)
  XIANFU_RPC(ListPosts, ListPostsRequest, ListPostsResponse)
  XIANFU_RPC(AssignPost, AssignPostRequest, Post)
  XIANFU_RPC(ChangeDivisionOfWork, ChangeDivisionOfWorkRequest, DivisionOfWork)
  XIANFU_RPC(ImportOrganisation, ImportOrganisationRequest, ImportOrganisationResponse)
  XIANFU_RPC(GetDivisionOfWork, GetDivisionOfWorkRequest, DivisionOfWork)
  XIANFU_RPC(LookupUnitLeadership, LookupUnitLeadershipRequest, UnitLeadership)
  XIANFU_RPC(LookupOfficial, LookupOfficialRequest, OfficialStanding)
  XIANFU_RPC(LookupRoleHolders, LookupRoleHoldersRequest, RoleHolders)
  XIANFU_RPC(BatchLookup, BatchLookupRequest, BatchLookupResponse)
  // acting_handler.cc
  XIANFU_RPC(ResolveActing, ResolveActingRequest, ActingResolution)
  XIANFU_RPC(CheckActing, CheckActingRequest, ActingResolution)
  XIANFU_RPC(CreateEntrustment, CreateEntrustmentRequest, Entrustment)
  XIANFU_RPC(EndEntrustment, EndEntrustmentRequest, Entrustment)
  XIANFU_RPC(ListEntrustments, ListEntrustmentsRequest, ListEntrustmentsResponse)
  XIANFU_RPC(DesignateActing, DesignateActingRequest, Designation)
  XIANFU_RPC(ListDesignations, ListDesignationsRequest, ListDesignationsResponse)
  // absence_handler.cc
  XIANFU_RPC(CreateAbsence, CreateAbsenceRequest, Absence)
  XIANFU_RPC(GetAbsence, GetAbsenceRequest, Absence)
  XIANFU_RPC(ListAbsences, ListAbsencesRequest, ListAbsencesResponse)
  XIANFU_RPC(CancelAbsence, CancelAbsenceRequest, Absence)
  XIANFU_RPC(ReturnFromAbsence, ReturnFromAbsenceRequest, Absence)
  XIANFU_RPC(ListAbsenceConflicts, ListAbsenceConflictsRequest, ListAbsenceConflictsResponse)
  XIANFU_RPC(GetObligation, GetObligationRequest, Obligation)
  XIANFU_RPC(ListObligations, ListObligationsRequest, ListObligationsResponse)
  XIANFU_RPC(FulfilObligation, FulfilObligationRequest, Obligation)
  XIANFU_RPC(RegisterReportableEvent, RegisterReportableEventRequest, Obligation)
  // approval_handler.cc
  XIANFU_RPC(CreateApprovalRequest, CreateApprovalRequestRequest, ApprovalRequest)
  XIANFU_RPC(GetApprovalRequest, GetApprovalRequestRequest, ApprovalRequest)
  XIANFU_RPC(ListApprovalRequests, ListApprovalRequestsRequest, ListApprovalRequestsResponse)
  XIANFU_RPC(ActOnApprovalRequest, ActOnApprovalRequestRequest, ApprovalRequest)
  XIANFU_RPC(ReleaseApprovalRequest, ReleaseApprovalRequestRequest, ApprovalRequest)
  XIANFU_RPC(CreateOutboundPlanEntry, CreateOutboundPlanEntryRequest, OutboundPlanEntry)
  XIANFU_RPC(ListOutboundPlanEntries, ListOutboundPlanEntriesRequest, ListOutboundPlanEntriesResponse)
  // record_handler.cc
  XIANFU_RPC(CreateConductRecord, CreateConductRecordRequest, ConductRecord)
  XIANFU_RPC(ListConductRecords, ListConductRecordsRequest, ListConductRecordsResponse)

  // The history API's question (common/history.h): the caller is a party to `resource` (the
  // official an absence, obligation, request or record is about, an entrustment's two sides …)
  // or works in the county government office; `resource` empty: the office only.
  absl::Status MayReadHistory(const Call& call, const std::string& resource);

 private:
  // The organisation on the days [from, to] (default: `from` alone), from the in-memory view
  // when it covers them; `fresh` first checks the view is the database's latest (answers that
  // authorise acts).
  absl::StatusOr<std::shared_ptr<const OrgView>> Org(absl::CivilDay from, std::optional<absl::CivilDay> to = {},
                                                     bool fresh = false);

  void OnCommitted(const Applied& applied) override;
  void OnStaleGuard(const std::string& guard) override;

  PersonnelStore store_;
  OrgSnapshot snapshot_;
  // Leases on BatchLookup's answers (common/guard_lease.h): other modules keep them that long.
  GuardLease organisation_lease_;
};

// Who may change what (the handlers' authorisation), from the organisation on `day`.
// The office staff keep the register; the system administrator loads it the first time.
absl::Status RequireRegisterKeeper(const Caller& caller, const OrgFacts& facts, absl::CivilDay day);
// The official himself, the office on his behalf, or the system administrator.
// The caller is one of `officials`, holds a post in one of `units` or a role of `roles`, or works in
// the county government office (or is the system administrator); PERMISSION_DENIED otherwise.
absl::Status RequirePartyOrOffice(const Caller& caller, const std::vector<std::string>& officials,
                                  const std::vector<std::string>& units, const std::vector<std::string>& roles,
                                  const OrgFacts& facts, absl::CivilDay day);
absl::Status RequireSelfOrOffice(const Caller& caller, const std::string& official, const OrgFacts& facts,
                                 absl::CivilDay day);

}  // namespace xianfu::personnel

#endif  // XIANFU_PERSONNEL_SVC_HANDLER_HANDLER_H_
