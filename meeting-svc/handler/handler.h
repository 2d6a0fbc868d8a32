// The gRPC face of meeting-svc: one handler class whose methods live in a file per aggregate
// (meeting_handler.cc: meetings, attendance and leave; topic_handler.cc; matter_handler.cc:
// matters and decisions; minutes_handler.cc; county_handler.cc). Each method authorises the
// caller, gathers (records without locks, personnel-svc's answers in one round trip through the
// organisation directory, document-svc's legality review where a rule needs it), lets the domain
// decide, and leaves the apply step to HandlerBase.
#ifndef XIANFU_MEETING_SVC_HANDLER_HANDLER_H_
#define XIANFU_MEETING_SVC_HANDLER_HANDLER_H_

#include <memory>
#include <optional>

#include "common/events.h"
#include "common/handler_base.h"
#include "common/org_directory.h"
#include "meeting-svc/domain/rules.h"
#include "meeting-svc/store/store.h"
#include "xianfu/document/v1/document.grpc.pb.h"
#include "xianfu/meeting/v1/meeting.grpc.pb.h"

namespace xianfu::meeting {

// The other services meeting-svc reads: personnel-svc (the organisation, approval records) and
// document-svc (legality reviews).
struct Peers {
  std::unique_ptr<org::Directory> directory;
  std::shared_ptr<grpc::Channel> personnel;
  std::shared_ptr<grpc::Channel> document;
  std::string token;
};

class MeetingHandler final : public v1::MeetingService::Service, private HandlerBase {
 public:
  MeetingHandler(ServiceContext& context, Peers peers);

  // Timer kinds decision.issue_warn and decision.issue_overdue; pending issue deadlines
  // recomputed on a new calendar.
  void RegisterBackgroundWork(Platform& platform);

  // meeting_handler.cc
  XIANFU_RPC(CreateMeeting, CreateMeetingRequest, Meeting)
  XIANFU_RPC(GetMeeting, GetMeetingRequest, Meeting)
  XIANFU_RPC(ListMeetings, ListMeetingsRequest, ListMeetingsResponse)
  XIANFU_RPC(HoldMeeting, HoldMeetingRequest, Meeting)
  XIANFU_RPC(RequestLeave, RequestLeaveRequest, LeaveRequest)
  XIANFU_RPC(DecideLeave, DecideLeaveRequest, LeaveRequest)
  XIANFU_RPC(FileLeaveReport, FileLeaveReportRequest, LeaveRequest)
  XIANFU_RPC(GetLeaveRequest, GetLeaveRequestRequest, LeaveRequest)
  XIANFU_RPC(ListLeaveRequests, ListLeaveRequestsRequest, ListLeaveRequestsResponse)
  XIANFU_RPC(CheckIn, CheckInRequest, Meeting)
  // topic_handler.cc
  XIANFU_RPC(CreateTopic, CreateTopicRequest, Topic)
  XIANFU_RPC(GetTopic, GetTopicRequest, Topic)
  XIANFU_RPC(ListTopics, ListTopicsRequest, ListTopicsResponse)
  XIANFU_RPC(SubmitTopic, SubmitTopicRequest, Topic)
  XIANFU_RPC(SponsorTopic, SponsorTopicRequest, Topic)
  XIANFU_RPC(AggregateTopic, AggregateTopicRequest, Topic)
  XIANFU_RPC(ApproveTopicForAgenda, ApproveTopicForAgendaRequest, Topic)
  XIANFU_RPC(MoveTopic, MoveTopicRequest, Topic)
  // minutes_handler.cc
  XIANFU_RPC(DraftMinutes, DraftMinutesRequest, Minutes)
  XIANFU_RPC(GetMinutes, GetMinutesRequest, Minutes)
  XIANFU_RPC(ReviewMinutes, ReviewMinutesRequest, Minutes)
  XIANFU_RPC(SignMinutes, SignMinutesRequest, Minutes)
  // matter_handler.cc
  XIANFU_RPC(RouteMatter, RouteMatterRequest, Route)
  XIANFU_RPC(CreateMatter, CreateMatterRequest, Matter)
  XIANFU_RPC(GetMatter, GetMatterRequest, Matter)
  XIANFU_RPC(ListMatters, ListMattersRequest, ListMattersResponse)
  XIANFU_RPC(ApproveMatter, ApproveMatterRequest, Matter)
  XIANFU_RPC(ExecuteMatter, ExecuteMatterRequest, Matter)
  XIANFU_RPC(RecordDecision, RecordDecisionRequest, Decision)
  XIANFU_RPC(GetDecision, GetDecisionRequest, Decision)
  XIANFU_RPC(ListDecisions, ListDecisionsRequest, ListDecisionsResponse)
  XIANFU_RPC(RecordDecisionDocumentIssued, RecordDecisionDocumentIssuedRequest, Decision)
  XIANFU_RPC(ExcuseDocumentDelay, ExcuseDocumentDelayRequest, Decision)
  XIANFU_RPC(RecordDecisionPublication, RecordDecisionPublicationRequest, Decision)
  // county_handler.cc
  XIANFU_RPC(CreateCountyMeeting, CreateCountyMeetingRequest, CountyMeeting)
  XIANFU_RPC(GetCountyMeeting, GetCountyMeetingRequest, CountyMeeting)
  XIANFU_RPC(ListCountyMeetings, ListCountyMeetingsRequest, ListCountyMeetingsResponse)
  XIANFU_RPC(ApproveCountyMeeting, ApproveCountyMeetingRequest, CountyMeeting)
  XIANFU_RPC(SubmitMeetingPlan, SubmitMeetingPlanRequest, MeetingPlan)

  // personnel-svc's feed: AbsenceStarted marks the member on the meetings the absence covers,
  // AbsenceEnded unmarks the meetings after an early end (applied once each).
  EventRoutes PersonnelRoutes();

  // The history API's question: meetings' records are open to every official of the county
  // government and to the office; `resource` empty (everyone's history): the office.
  absl::Status MayReadHistory(const Call& call, const std::string& resource);

 private:
  absl::Status OnAbsence(Tx& tx, const personnel::v1::Absence& absence, bool started);
  // The caller alone (verbs that need nothing else of the organisation; the others ask
  // org::AskCaller in the verb's one batch).
  absl::StatusOr<Person> Me(const Call& call);
  // document-svc's legality review of a document: true LAWFUL, false UNLAWFUL, nullopt none yet.
  absl::StatusOr<std::optional<bool>> Lawful(const Call& call, const std::string& document);
  // personnel-svc's approval record is APPROVED (DIS-23).
  absl::StatusOr<bool> ApprovalGranted(const Call& call, const std::string& approval);
  // Deferred topics (DeferTopics) written at the version they are stored at, each audited (MTG-21).
  absl::Status WriteDeferred(const std::vector<v1::Topic>& deferred, Effects& fx);
  // Scheduled meetings of the kind after the day (the next ones a topic could go to).
  absl::StatusOr<std::vector<v1::Meeting>> Later(v1::MeetingKind kind, absl::CivilDay day, int limit);

  // The daily frequency check (MTG-03, MTG-05, MTG-07) of the timer's day.
  absl::Status CheckFrequencyOn(Tx& tx, const Timer& timer);
  static absl::Time CheckTimeOf(absl::CivilDay day);

  Peers peers_;
  MeetingStore store_;
};

using org::RequireOffice;
using org::RequireUnitOrOffice;

}  // namespace xianfu::meeting

#endif  // XIANFU_MEETING_SVC_HANDLER_HANDLER_H_
