// The gRPC face of supervision-svc: the ledger's verbs (authorise, gather from personnel-svc in
// one round trip, let the domain decide, apply) and the intake of meeting-svc's feed.
#ifndef XIANFU_SUPERVISION_SVC_HANDLER_HANDLER_H_
#define XIANFU_SUPERVISION_SVC_HANDLER_HANDLER_H_

#include <any>
#include <memory>

#include "common/events.h"
#include "common/handler_base.h"
#include "common/org_directory.h"
#include "supervision-svc/domain/cases.h"
#include "supervision-svc/domain/ledger.h"
#include "supervision-svc/store/store.h"
#include "xianfu/supervision/v1/supervision.grpc.pb.h"

namespace xianfu::supervision {

class SupervisionHandler final : public v1::SupervisionService::Service, private HandlerBase {
 public:
  // `modules`: the other services whose escalations the compliance report reads (name → channel).
  SupervisionHandler(ServiceContext& context, std::unique_ptr<org::Directory> directory,
                     std::vector<std::pair<std::string, std::shared_ptr<grpc::Channel>>> modules = {});

  // Timers task.reminder.<n> and task.overdue.
  void RegisterBackgroundWork(Platform& platform);

  // --- intake_handler.cc ---
  // Each feed's events by type (every module's escalations and overrides on all three):
  // meeting-svc's (SUP-14): every decision becomes one task, its lead unit asked of personnel-svc
  // before the transaction; an issued document resolves it; frequency warnings are recorded.
  EventRoutes MeetingRoutes();
  // document-svc's (SUP-15, DOC-23, SUP-01): every handling item becomes one task, its extensions
  // logged on it, its completion reporting it done; a normative document to file becomes a task;
  // overdue filings and deemed countersigns are recorded.
  EventRoutes DocumentRoutes();
  // personnel-svc's: each obligation gone overdue (a line of the compliance report and an
  // escalation item to its escalate_to).
  EventRoutes PersonnelRoutes();

  XIANFU_RPC(CreateTask, CreateTaskRequest, Task)
  XIANFU_RPC(GetTask, GetTaskRequest, Task)
  XIANFU_RPC(ListTasks, ListTasksRequest, ListTasksResponse)
  XIANFU_RPC(ReportProgress, ReportProgressRequest, Task)
  XIANFU_RPC(ReportDone, ReportDoneRequest, Task)
  XIANFU_RPC(VerifyTask, VerifyTaskRequest, Task)
  XIANFU_RPC(SubmitRectificationReport, SubmitRectificationReportRequest, Task)
  XIANFU_RPC(RecordPublication, RecordPublicationRequest, Task)
  XIANFU_RPC(CloseTask, CloseTaskRequest, Task)
  XIANFU_RPC(DrawInspection, DrawInspectionRequest, Inspection)
  XIANFU_RPC(GetInspection, GetInspectionRequest, Inspection)
  XIANFU_RPC(GetEscalationItem, GetEscalationItemRequest, EscalationItem)
  XIANFU_RPC(ListEscalationItems, ListEscalationItemsRequest, ListEscalationItemsResponse)
  // plan_handler.cc
  XIANFU_RPC(CreatePlan, CreatePlanRequest, SupervisionPlan)
  XIANFU_RPC(GetPlan, GetPlanRequest, SupervisionPlan)
  XIANFU_RPC(ApprovePlan, ApprovePlanRequest, SupervisionPlan)
  XIANFU_RPC(ApproveAdHocItem, ApproveAdHocItemRequest, SupervisionPlan)
  XIANFU_RPC(FilePlan, FilePlanRequest, SupervisionPlan)
  XIANFU_RPC(IssueCircular, IssueCircularRequest, Circular)
  XIANFU_RPC(GetCircular, GetCircularRequest, Circular)
  XIANFU_RPC(ListCirculars, ListCircularsRequest, ListCircularsResponse)
  XIANFU_RPC(RecordSatisfaction, RecordSatisfactionRequest, Suggestion)
  // cases_handler.cc
  XIANFU_RPC(AssignSuggestion, AssignSuggestionRequest, Suggestion)
  XIANFU_RPC(GetSuggestion, GetSuggestionRequest, Suggestion)
  XIANFU_RPC(RecordCommunication, RecordCommunicationRequest, Suggestion)
  XIANFU_RPC(ReplySuggestion, ReplySuggestionRequest, Suggestion)
  XIANFU_RPC(PublishSuggestionResult, PublishSuggestionResultRequest, Suggestion)
  XIANFU_RPC(RegisterPetition, RegisterPetitionRequest, Petition)
  XIANFU_RPC(GetPetition, GetPetitionRequest, Petition)
  XIANFU_RPC(ReadPetition, ReadPetitionRequest, Petition)
  XIANFU_RPC(AdvancePetition, AdvancePetitionRequest, Petition)
  // report_handler.cc
  XIANFU_RPC(GetComplianceReport, GetComplianceReportRequest, ComplianceReport)

  // The history API's question: the ledger is open to the county's officials with a role and the
  // supervision office; everyone's history to the supervision office.
  absl::Status MayReadHistory(const Call& call, const std::string& resource);

 private:
  struct Lead {
    org::Unit unit;
    std::string supervisor;
  };
  absl::StatusOr<Person> Me(const Call& call);
  // The caller and a unit's leadership, in one round trip.
  absl::StatusOr<std::pair<Person, org::Unit>> MeAndUnit(const Call& call, const std::string& unit);
  // A step of the lead unit's staff, or of the supervision office.
  absl::Status RequireLeadUnit(const Person& me, const v1::Task& task) const;
  absl::Status RequireSupervision(const Call& call, const Person& me) const;
  // SUP-10: the approved plan item an activity carries out (warnings: approved, not yet filed).
  absl::StatusOr<v1::PlanItem> Planned(const Call& call, const std::string& item,
                                       std::vector<common::v1::Warning>& warnings);
  // The feed's lead unit: the unit personnel-svc knows by `unit`, else (or when `office_leads`)
  // the county government office with its director.
  absl::StatusOr<Lead> LeadFor(const std::string& unit, bool office_leads = false);
  // A line of the compliance report from a feed, named, inserted and audited in `fx`.
  absl::Status AddDeviation(v1::RecordedDeviation d, Effects& fx);
  // The same line applied alone, in `tx`.
  absl::Status ApplyDeviation(const Call& call, Tx& tx, v1::RecordedDeviation d);
  // The feeds' handlers (intake_handler.cc); `gathered` is the Lead their gather step found.
  EventRoutes EscalationRoutes();
  absl::Status OnEscalation(Tx& tx, const common::v1::Escalation& e, bool raised);
  absl::Status OnObligationOverdue(Tx& tx, const events::v1::Event& event, const personnel::v1::Obligation& o);
  absl::Status OnDecisionRecorded(Tx& tx, const events::v1::Event& event, const meeting::v1::DecisionRecorded& recorded,
                                  const std::any& gathered);
  absl::Status OnDecisionDocumentIssued(Tx& tx, const meeting::v1::DecisionDocumentIssued& issued);
  absl::Status OnDocumentIssued(Tx& tx, const events::v1::Event& event, const document::v1::DocumentIssued& issued,
                                const std::any& gathered);
  absl::Status OnHandlingItemOpened(Tx& tx, const events::v1::Event& event, const document::v1::HandlingItem& item,
                                    const std::any& gathered);
  absl::Status OnHandlingItemMoved(Tx& tx, const document::v1::HandlingItem& item, bool extended);
  // The circular of [start, end] as of `env.today`.
  absl::StatusOr<v1::Circular> CountCircular(absl::CivilDay start, absl::CivilDay end, const Env& env);
  // Timer circular.period: the circular of the period that ended the day before.
  absl::Status IssuePeriodicCircular(Tx& tx, const Timer& timer);
  static absl::Time CircularTimeOf(absl::CivilDay day);
  grpc::Status Step(grpc::ServerContext* ctx, absl::string_view method, const std::string& request_id,
                    const google::protobuf::Message& req, v1::Task* resp, const std::string& name,
                    const std::string& etag, const std::string& rule_id,
                    const std::function<absl::Status(Call&, const Person&, v1::Task&, Effects&)>& decide);

  std::unique_ptr<org::Directory> directory_;
  std::vector<std::pair<std::string, std::shared_ptr<grpc::Channel>>> modules_;
  std::string token_;
  SupervisionStore store_;
};

}  // namespace xianfu::supervision

#endif  // XIANFU_SUPERVISION_SVC_HANDLER_HANDLER_H_
