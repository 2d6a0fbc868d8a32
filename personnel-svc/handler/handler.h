// The gRPC face of personnel-svc: translates requests, authorises callers, and runs each
// mutation as one transaction with its audit entry, events and timers.
#ifndef XIANFU_PERSONNEL_SVC_HANDLER_HANDLER_H_
#define XIANFU_PERSONNEL_SVC_HANDLER_HANDLER_H_

#include "common/handler_base.h"
#include "personnel-svc/domain/absences.h"
#include "personnel-svc/store/store.h"
#include "xianfu/personnel/v1/personnel.grpc.pb.h"

namespace xianfu::personnel {

class PersonnelHandler final : public v1::PersonnelService::Service, private HandlerBase {
 public:
  explicit PersonnelHandler(ServiceContext& context);

  // What the platform's worker runs for this module: the timer kinds it schedules, and the
  // recomputation of open deadlines when a new calendar is loaded.
  void RegisterBackgroundWork(Platform& platform);

#define XIANFU_RPC(Method, Request, Response) \
  grpc::Status Method(grpc::ServerContext* ctx, const v1::Request* req, v1::Response* resp) override;
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
  XIANFU_RPC(GetDivisionOfWork, GetDivisionOfWorkRequest, DivisionOfWork)
  XIANFU_RPC(LookupUnitLeadership, LookupUnitLeadershipRequest, UnitLeadership)
  XIANFU_RPC(LookupOfficial, LookupOfficialRequest, OfficialStanding)
  XIANFU_RPC(LookupRoleHolders, LookupRoleHoldersRequest, RoleHolders)
  XIANFU_RPC(ResolveActing, ResolveActingRequest, ActingResolution)
  XIANFU_RPC(CheckActing, CheckActingRequest, ActingResolution)
  XIANFU_RPC(CreateEntrustment, CreateEntrustmentRequest, Entrustment)
  XIANFU_RPC(EndEntrustment, EndEntrustmentRequest, Entrustment)
  XIANFU_RPC(ListEntrustments, ListEntrustmentsRequest, ListEntrustmentsResponse)
  XIANFU_RPC(DesignateActing, DesignateActingRequest, Designation)
  XIANFU_RPC(ListDesignations, ListDesignationsRequest, ListDesignationsResponse)
  XIANFU_RPC(CreateAbsence, CreateAbsenceRequest, Absence)
  XIANFU_RPC(GetAbsence, GetAbsenceRequest, Absence)
  XIANFU_RPC(ListAbsences, ListAbsencesRequest, ListAbsencesResponse)
  XIANFU_RPC(CancelAbsence, CancelAbsenceRequest, Absence)
  XIANFU_RPC(ListAbsenceConflicts, ListAbsenceConflictsRequest, ListAbsenceConflictsResponse)
  XIANFU_RPC(GetObligation, GetObligationRequest, Obligation)
  XIANFU_RPC(ListObligations, ListObligationsRequest, ListObligationsResponse)
  XIANFU_RPC(FulfilObligation, FulfilObligationRequest, Obligation)
  XIANFU_RPC(RegisterReportableEvent, RegisterReportableEventRequest, Obligation)
  XIANFU_RPC(CreateApprovalRequest, CreateApprovalRequestRequest, ApprovalRequest)
  XIANFU_RPC(GetApprovalRequest, GetApprovalRequestRequest, ApprovalRequest)
  XIANFU_RPC(ListApprovalRequests, ListApprovalRequestsRequest, ListApprovalRequestsResponse)
  XIANFU_RPC(ActOnApprovalRequest, ActOnApprovalRequestRequest, ApprovalRequest)
  XIANFU_RPC(ReleaseApprovalRequest, ReleaseApprovalRequestRequest, ApprovalRequest)
  XIANFU_RPC(CreateOutboundPlanEntry, CreateOutboundPlanEntryRequest, OutboundPlanEntry)
  XIANFU_RPC(ListOutboundPlanEntries, ListOutboundPlanEntriesRequest, ListOutboundPlanEntriesResponse)
  XIANFU_RPC(CreateConductRecord, CreateConductRecordRequest, ConductRecord)
  XIANFU_RPC(ListConductRecords, ListConductRecordsRequest, ListConductRecordsResponse)
#undef XIANFU_RPC

 private:
  absl::Status CreateObligation(Call& call, const ObligationPlan& plan, const std::string& subject, std::string* name);
  absl::Status OpenDesignation(Call& call, const DesignationPlan& plan);
  absl::Status RecomputeOpenDeadlines(const CalendarUpdate& update);

  PersonnelStore store_;
};

}  // namespace xianfu::personnel

#endif  // XIANFU_PERSONNEL_SVC_HANDLER_HANDLER_H_
