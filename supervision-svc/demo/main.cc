// supervision-demo: the supervision office's year through the public API as the officials of
// fixture F-1 (loaded first by personnel-demo), dated from today:
//  * this year's supervision plan, approved by the county head and filed, with one activity
//    approved ad hoc (SUP-10);
//  * a ledger with a task in every state (assigned, in progress, reported done, verified, in
//    rectification, closed) and every colour (green, yellow within 3 working days, red past its
//    deadline and escalated);
//  * an NPC suggestion replied to and judged unsatisfied (handled again), an important petition
//    read by its leader, and this month's circular;
//  * in personnel-svc, a major situation of yesterday whose report is overdue (DIS-08), so the
//    compliance report has a line from each module.
// Request ids are fixed, so loading twice changes nothing.
#include <cstdio>

#include "absl/flags/declare.h"
#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/auth.h"
#include "common/calendar.h"
#include "common/deadline_proto.h"
#include "common/errors.h"
#include "common/status_macros.h"
#include "grpcpp/grpcpp.h"
#include "xianfu/personnel/v1/personnel.grpc.pb.h"
#include "xianfu/supervision/v1/supervision.grpc.pb.h"

ABSL_FLAG(std::string, target, "127.0.0.1:7104", "supervision-svc address");
// The services' own flags (common/server.cc), linked in with the library.
ABSL_DECLARE_FLAG(std::string, auth_config);
ABSL_DECLARE_FLAG(std::string, personnel_target);

namespace xianfu::supervision {
namespace {

namespace v1 = ::xianfu::supervision::v1;
using Stub = v1::SupervisionService::Stub;

class Demo {
 public:
  explicit Demo(const AuthConfig& config) : config_(config) {
    stub_ = v1::SupervisionService::NewStub(
        grpc::CreateChannel(absl::GetFlag(FLAGS_target), grpc::InsecureChannelCredentials()));
  }

  absl::Status Run() {
    const absl::CivilDay today = LocalDay(absl::Now());
    const std::string year = absl::StrCat(today.year());

    // SUP-10: the plan, approved and filed; one activity approved on its own.
    v1::CreatePlanRequest plan_req;
    plan_req.mutable_plan()->set_year(today.year());
    for (const char* title : {"县委县政府重大决策部署落实情况专项督查", "政府工作报告目标任务季度督查",
                              "领导批示交办事项跟踪督办", "重点项目建设随机抽查"}) {
      plan_req.mutable_plan()->add_items()->set_title(title);
    }
    plan_req.set_request_id(absl::StrCat("demo-plan-", year));
    ASSIGN_OR_RETURN(plan, Call("sun-jie", "CreatePlan", &Stub::CreatePlan, plan_req));
    v1::ApprovePlanRequest approve;
    approve.set_name(plan.name());
    approve.set_etag(plan.etag());
    approve.set_request_id(absl::StrCat("demo-plan-approve-", year));
    ASSIGN_OR_RETURN(approved, Call("chen-li", "ApprovePlan", &Stub::ApprovePlan, approve));
    v1::ApproveAdHocItemRequest ad_hoc;
    ad_hoc.set_name(plan.name());
    ad_hoc.set_etag(approved.etag());
    ad_hoc.mutable_item()->set_title("森林防火明察暗访");
    ad_hoc.mutable_item()->set_method(v1::INSPECTION_METHOD_UNANNOUNCED_VISIT);
    ad_hoc.set_reason("旱季森林火险等级高，需立即开展暗访");
    ad_hoc.set_request_id(absl::StrCat("demo-plan-adhoc-", year));
    ASSIGN_OR_RETURN(with_ad_hoc, Call("chen-li", "ApproveAdHocItem", &Stub::ApproveAdHocItem, ad_hoc));
    v1::FilePlanRequest file;
    file.set_name(plan.name());
    file.set_etag(with_ad_hoc.etag());
    file.set_filed_with("县委督查室");
    file.set_filing_reference(absl::StrCat("勐督备〔", year, "〕1号"));
    file.set_request_id(absl::StrCat("demo-plan-file-", year));
    RETURN_IF_ERROR(Call("sun-jie", "FilePlan", &Stub::FilePlan, file).status());
    const std::string item = absl::StrCat(plan.name(), "/items/1");

    // The ledger: one task per state and colour.
    struct Row {
      const char* key;
      const char* title;
      const char* unit;
      const char* reporter;  // reports for the unit
      int days;              // deadline: today + days
      int steps;             // 0 assigned, 1 in progress, 2 reported done, 3 verified, 4 rectification, 5 closed
    };
    const Row rows[] = {
        {"green", "高标准农田建设任务落实", "agriculture-bureau", "zhang-lei", 40, 0},
        {"yellow", "城区雨污分流改造进度", "housing-bureau", "qian-kun", 1, 1},
        {"red", "县城第二水厂前期工作", "water-bureau", "li-jiang", -3, 1},
        {"done", "义务教育学位保障", "education-bureau", "wu-jing", 20, 2},
        {"verified", "县级医院服务能力提升", "health-bureau", "xu-lei", 25, 3},
        {"rectify", "道路交通安全隐患整治", "transport-bureau", "lu-ming", 15, 4},
        {"closed", "边民互市贸易点升级", "commerce-bureau", "huang-tao", 10, 5},
    };
    for (const Row& r : rows) {
      v1::CreateTaskRequest create;
      v1::Task& t = *create.mutable_task();
      t.set_title(r.title);
      t.set_category(v1::TASK_CATEGORY_WORK_REPORT_TARGET_OR_MEETING_DECISION);
      t.set_lead_unit(absl::StrCat("units/", r.unit));
      *t.mutable_deadline() = ToProtoDate(today + r.days);
      t.set_plan_item(item);
      create.set_request_id(absl::StrCat("demo-task-", r.key, "-", year));
      ASSIGN_OR_RETURN(task, Call("sun-jie", "CreateTask", &Stub::CreateTask, create));
      const std::string rid = absl::StrCat("demo-", r.key, "-", year, "-");
      if (r.steps >= 1) {
        v1::ReportProgressRequest q;
        q.set_name(task.name());
        q.set_etag(task.etag());
        q.set_text("已完成方案编制，正在推进实施");
        q.set_request_id(rid + "progress");
        ASSIGN_OR_RETURN(next, Call(r.reporter, "ReportProgress", &Stub::ReportProgress, q));
        task = next;
      }
      if (r.steps >= 2) {
        v1::ReportDoneRequest q;
        q.set_name(task.name());
        q.set_etag(task.etag());
        q.set_summary("任务已按期完成");
        q.set_request_id(rid + "done");
        ASSIGN_OR_RETURN(next, Call(r.reporter, "ReportDone", &Stub::ReportDone, q));
        task = next;
      }
      if (r.steps >= 3) {
        v1::VerifyTaskRequest q;
        q.set_name(task.name());
        q.set_etag(task.etag());
        q.set_passed(r.steps != 4);
        q.set_finding(r.steps == 4 ? "部分路段隐患未消除" : "核查属实");
        if (r.steps == 4) *q.mutable_rectification_deadline() = ToProtoDate(today + 20);
        q.set_request_id(rid + "verify");
        ASSIGN_OR_RETURN(next, Call("sun-jie", "VerifyTask", &Stub::VerifyTask, q));
        task = next;
      }
      if (r.steps >= 5) {
        v1::CloseTaskRequest q;
        q.set_name(task.name());
        q.set_etag(task.etag());
        q.set_request_id(rid + "close");
        RETURN_IF_ERROR(Call("sun-jie", "CloseTask", &Stub::CloseTask, q).status());
      }
    }

    // SUP-02: a suggestion replied to, judged unsatisfied, handled again.
    v1::AssignSuggestionRequest assign;
    assign.mutable_suggestion()->set_kind(v1::SUGGESTION_KIND_NPC_SUGGESTION);
    assign.mutable_suggestion()->set_reference(absl::StrCat(year, "-017"));
    assign.mutable_suggestion()->set_title("关于加快补远江勐仑段河道治理的建议");
    assign.mutable_suggestion()->set_author("县人大代表 岩温");
    assign.mutable_suggestion()->set_handling_unit("units/water-bureau");
    assign.set_request_id(absl::StrCat("demo-suggestion-", year));
    ASSIGN_OR_RETURN(s, Call("li-wen", "AssignSuggestion", &Stub::AssignSuggestion, assign));
    v1::RecordCommunicationRequest contact;
    contact.set_name(s.name());
    contact.set_etag(s.etag());
    contact.set_note("电话沟通办理思路");
    contact.set_request_id(absl::StrCat("demo-suggestion-contact-", year));
    ASSIGN_OR_RETURN(contacted, Call("li-jiang", "RecordCommunication", &Stub::RecordCommunication, contact));
    v1::ReplySuggestionRequest reply;
    reply.set_name(s.name());
    reply.set_etag(contacted.etag());
    reply.set_result("已列入年度河道治理计划");
    reply.set_published_at("县政府门户网站");
    reply.set_request_id(absl::StrCat("demo-suggestion-reply-", year));
    ASSIGN_OR_RETURN(replied, Call("li-jiang", "ReplySuggestion", &Stub::ReplySuggestion, reply));
    v1::RecordSatisfactionRequest view;
    view.set_name(s.name());
    view.set_etag(replied.etag());
    view.set_satisfaction(v1::SATISFACTION_UNSATISFIED);
    view.set_comment("尚未开工");
    view.set_request_id(absl::StrCat("demo-suggestion-view-", year));
    RETURN_IF_ERROR(Call("li-wen", "RecordSatisfaction", &Stub::RecordSatisfaction, view).status());

    // SUP-06: an important petition, read by the leader in charge of the handling unit.
    v1::RegisterPetitionRequest petition;
    petition.mutable_petition()->set_reference(absl::StrCat("XF-", year, "-0311"));
    petition.mutable_petition()->set_summary("勐满农场社区50户橡胶地承包纠纷");
    petition.mutable_petition()->set_handling_unit("units/agriculture-bureau");
    petition.mutable_petition()->set_important(true);
    petition.set_request_id(absl::StrCat("demo-petition-", year));
    ASSIGN_OR_RETURN(p, Call("fang-yuan", "RegisterPetition", &Stub::RegisterPetition, petition));
    v1::ReadPetitionRequest read;
    read.set_name(p.name());
    read.set_etag(p.etag());
    read.set_instruction("请农业农村局牵头核实，依法依规处理");
    read.set_request_id(absl::StrCat("demo-petition-read-", year));
    const std::string reader = p.reader().substr(p.reader().find('/') + 1);
    RETURN_IF_ERROR(Call(reader, "ReadPetition", &Stub::ReadPetition, read).status());

    // SUP-09: this month's circular so far.
    v1::IssueCircularRequest circular;
    *circular.mutable_period_start() = ToProtoDate(absl::CivilDay(absl::CivilMonth(today)));
    *circular.mutable_period_end() = ToProtoDate(absl::CivilDay(absl::CivilMonth(today) + 1) - 1);
    circular.set_request_id(absl::StrCat("demo-circular-", absl::FormatCivilTime(today)));
    RETURN_IF_ERROR(Call("sun-jie", "IssueCircular", &Stub::IssueCircular, circular).status());

    // DIS-08 (personnel-svc): a major situation yesterday whose report to the prefecture is
    // already overdue, so the compliance report has a line from every module.
    {
      auto personnel = personnel::v1::PersonnelService::NewStub(
          grpc::CreateChannel(absl::GetFlag(FLAGS_personnel_target), grpc::InsecureChannelCredentials()));
      personnel::v1::RegisterReportableEventRequest event;
      event.set_kind(personnel::v1::REPORTABLE_EVENT_KIND_MAJOR_SITUATION);
      event.set_owner("units/water-bureau");
      event.set_title("勐仑镇山洪灾害情况");
      // Yesterday, 00:30: past deadlines.major_situation_hours (24) by now.
      const absl::CivilDay yesterday = today - 1;
      *event.mutable_time() = ToProtoTime(absl::FromCivil(
          absl::CivilSecond(yesterday.year(), yesterday.month(), yesterday.day(), 0, 30, 0), ChinaTimeZone()));
      event.set_request_id(absl::StrCat("demo-major-situation-", absl::FormatCivilTime(today)));
      grpc::ClientContext ctx;
      ctx.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(10)));
      ctx.AddMetadata("authorization", "Bearer " + Token("officials/li-wen"));
      personnel::v1::Obligation obligation;
      const grpc::Status s = personnel->RegisterReportableEvent(&ctx, event, &obligation);
      if (!s.ok()) return absl::Status(FromGrpcStatus(s).code(), absl::StrCat("major situation: ", s.error_message()));
    }

    std::printf(
        "supervision-demo: %s (filed, one item approved ad hoc), 7 tasks in every state and colour, a suggestion "
        "handled again, a petition read, this month's circular\n",
        plan.name().c_str());
    return absl::OkStatus();
  }

 private:
  std::string Token(const std::string& subject) { return *MintWithConfig(config_, subject); }

  template <typename Request, typename Response>
  absl::StatusOr<Response> Call(const std::string& official, absl::string_view step,
                                grpc::Status (Stub::*method)(grpc::ClientContext*, const Request&, Response*),
                                const Request& request) {
    grpc::ClientContext ctx;
    ctx.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(10)));
    ctx.AddMetadata("authorization", "Bearer " + Token(absl::StrCat("officials/", official)));
    Response out;
    const grpc::Status s = (stub_.get()->*method)(&ctx, request, &out);
    if (!s.ok()) return absl::Status(FromGrpcStatus(s).code(), absl::StrCat(step, ": ", s.error_message()));
    return out;
  }

  const AuthConfig& config_;
  std::unique_ptr<Stub> stub_;
};

}  // namespace
}  // namespace xianfu::supervision

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  absl::StatusOr<xianfu::AuthConfig> config = xianfu::LoadAuthConfig(absl::GetFlag(FLAGS_auth_config));
  if (!config.ok() || config->keys.empty()) {
    std::fprintf(stderr, "supervision-demo: %s\n", std::string(config.status().message()).c_str());
    return 1;
  }
  xianfu::supervision::Demo demo(*config);
  const absl::Status s = demo.Run();
  if (!s.ok()) {
    std::fprintf(stderr, "supervision-demo: %s\n", std::string(s.message()).c_str());
    return 1;
  }
  return 0;
}
