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

  // meeting-svc's feed (SUP-14): every decision becomes one task; an issued document resolves it.
  // `PrepareMeetingEvent` asks personnel-svc about the lead unit outside any transaction.
  absl::StatusOr<std::any> PrepareMeetingEvent(const events::v1::Event& event);
  absl::Status OnMeetingEvent(Tx& tx, const events::v1::Event& event, const std::any& prepared);

#define XIANFU_RPC(Method, Request, Response) \
  grpc::Status Method(grpc::ServerContext* ctx, const v1::Request* req, v1::Response* resp) override;
  XIANFU_RPC(CreateTask, CreateTaskRequest, Task)
  XIANFU_RPC(GetTask, GetTaskRequest, Task)
  XIANFU_RPC(ListTasks, ListTasksRequest, ListTasksResponse)
  XIANFU_RPC(ReportProgress, ReportProgressRequest, Task)
  XIANFU_RPC(ReportDone, ReportDoneRequest, Task)
  XIANFU_RPC(VerifyTask, VerifyTaskRequest, Task)
  XIANFU_RPC(SubmitRectificationReport, SubmitRectificationReportRequest, Task)
  XIANFU_RPC(CloseTask, CloseTaskRequest, Task)
  XIANFU_RPC(DrawInspection, DrawInspectionRequest, Inspection)
  XIANFU_RPC(GetInspection, GetInspectionRequest, Inspection)
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
#undef XIANFU_RPC

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
