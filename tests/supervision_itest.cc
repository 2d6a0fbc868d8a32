// supervision-svc end to end on the imported county (F-1) with the test clock: S-04 across
// meeting-svc and supervision-svc (the decision becomes one ledger task, red and escalated when
// its document is late, resolved when it is issued) and the ledger's own path.
#include <memory>
#include <set>
#include <string>

#include "absl/strings/str_cat.h"
#include "common/deadline_proto.h"
#include "common/errors.h"
#include "gtest/gtest.h"
#include "tests/support/county.h"
#include "xianfu/admin/v1/admin.pb.h"
#include "xianfu/common/v1/escalation.pb.h"
#include "xianfu/meeting/v1/meeting.pb.h"
#include "xianfu/supervision/v1/supervision.pb.h"

namespace xianfu {
namespace {

namespace mv1 = ::xianfu::meeting::v1;
namespace sv1 = ::xianfu::supervision::v1;
using Msg = std::unique_ptr<google::protobuf::Message>;

absl::Time Local(int y, int m, int d, int hh = 10, int mm = 0) {
  return absl::FromCivil(absl::CivilSecond(y, m, d, hh, mm, 0), ChinaTimeZone());
}

class SupervisionTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { county_ = new testing::County("2026-03-25T09:00:00+08:00"); }
  static void TearDownTestSuite() {
    delete county_;
    county_ = nullptr;
  }
  template <typename T>
  T Must(testing::ServiceProcess& process, const std::string& method, const std::string& who, const std::string& text) {
    Msg out;
    grpc::Status s = county_->Call(process, method, county_->Official(who), text, &out);
    EXPECT_TRUE(s.ok()) << method << ": " << s.error_message();
    T typed;
    if (out) typed.CopyFrom(*out);
    return typed;
  }
  grpc::Status S(const std::string& method, const std::string& who, const std::string& text) {
    return county_->Call(county_->supervision(), "xianfu.supervision.v1.SupervisionService." + method,
                         county_->Official(who), text);
  }
  sv1::Task Task(const std::string& name) {
    return Must<sv1::Task>(county_->supervision(), "xianfu.supervision.v1.SupervisionService.GetTask", "sun-jie",
                           absl::StrCat("name: '", name, "'"));
  }
  // A document-svc handling item's current etag.
  std::string ItemEtag(const std::string& name) {
    Msg out;
    EXPECT_TRUE(county_
                    ->Call(county_->document(), "xianfu.document.v1.DocumentService.GetHandlingItem",
                           county_->Official("sun-jie"), absl::StrCat("name: '", name, "'"), &out)
                    .ok());
    return out ? out->GetReflection()->GetString(*out, out->GetDescriptor()->FindFieldByName("etag")) : "";
  }
  static std::string RuleOf(const grpc::Status& s) {
    auto v = GetRuleViolation(FromGrpcStatus(s));
    return v ? v->rule_id() : "";
  }
  // The ledger's tasks made from `source`, once the feed has been read.
  std::vector<sv1::Task> TasksFrom(const std::string& source, size_t at_least) {
    sv1::ListTasksResponse list;
    for (int i = 0; i < 100; ++i) {
      list = Must<sv1::ListTasksResponse>(county_->supervision(), "xianfu.supervision.v1.SupervisionService.ListTasks",
                                          "sun-jie", absl::StrCat("source_name: '", source, "'"));
      if (static_cast<size_t>(list.tasks_size()) >= at_least) break;
      absl::SleepFor(absl::Milliseconds(100));
    }
    return {list.tasks().begin(), list.tasks().end()};
  }

  // An item of this year's approved supervision plan (SUP-10), the plan made on first use.
  std::string PlanItem(int n) {
    if (plan_.empty()) {
      sv1::SupervisionPlan plan = Must<sv1::SupervisionPlan>(
          county_->supervision(), "xianfu.supervision.v1.SupervisionService.CreatePlan", "sun-jie",
          "plan { year: 2026 items { title: '重点工作专项督查' category: TASK_CATEGORY_LEADER_INSTRUCTION } items { "
          "title: '随机抽查' method: INSPECTION_METHOD_RANDOM_CHECK } }");
      plan = Must<sv1::SupervisionPlan>(county_->supervision(), "xianfu.supervision.v1.SupervisionService.ApprovePlan",
                                        "chen-li", absl::StrCat("name: '", plan.name(), "' etag: '", plan.etag(), "'"));
      plan_ = plan.name();
    }
    return absl::StrCat(plan_, "/items/", n);
  }

  static testing::County* county_;
  static std::string plan_;
};

std::string SupervisionTest::plan_;

testing::County* SupervisionTest::county_ = nullptr;

TEST_F(SupervisionTest, S04_AMeetingDecisionBecomesOneLedgerTaskRedAndEscalatedWhenLateResolvedWhenIssued) {
  const std::string kM = "xianfu.meeting.v1.MeetingService.", kS = "xianfu.supervision.v1.SupervisionService.";
  Must<mv1::Meeting>(county_->meeting(), kM + "CreateMeeting", "li-wen",
                     "meeting_id: 'e-2026-07' meeting { kind: MEETING_KIND_EXECUTIVE title: '常务会议' date { year: "
                     "2026 month: 4 day: 1 } chair: 'officials/chen-li' }");
  county_->SetClock(Local(2026, 4, 1, 17));
  mv1::Meeting m = Must<mv1::Meeting>(county_->meeting(), kM + "GetMeeting", "li-wen", "name: 'meetings/e-2026-07'");
  Must<mv1::Meeting>(county_->meeting(), kM + "HoldMeeting", "li-wen",
                     absl::StrCat("name: 'meetings/e-2026-07' etag: '", m.etag(), "'"));
  const mv1::Decision d = Must<mv1::Decision>(
      county_->meeting(), kM + "RecordDecision", "li-wen",
      "decision { meeting: 'meetings/e-2026-07' reference: 'D-2026-07-03' text: "
      "'审议通过《勐腊县2026年春耕生产农资补贴实施方案》,按程序印发' requires_document: true document_title: "
      "'勐腊县2026年春耕生产农资补贴实施方案' responsible_unit: 'units/agriculture-bureau' }");

  // SUP-14: one task, due with the document, owned by 周敏 (the office issues a document in the
  // county government's name), the drafting bureau a co-unit.
  std::vector<sv1::Task> tasks = TasksFrom(d.name(), 1);
  ASSERT_EQ(tasks.size(), 1u);
  sv1::Task t = tasks[0];
  EXPECT_EQ(FromProtoDate(t.deadline()), absl::CivilDay(2026, 4, 9));
  EXPECT_EQ(t.first_responsible(), "officials/zhou-min");
  EXPECT_EQ(t.lead_unit(), "units/government-office");
  ASSERT_EQ(t.co_units_size(), 1);
  EXPECT_EQ(t.co_units(0), "units/agriculture-bureau");
  EXPECT_EQ(t.colour(), sv1::COLOUR_GREEN);

  // Late: red, and the ledger escalates to its first responsible person, 周敏 (meeting-svc tells
  // 周敏 and 孙洁 under MTG-23, S-04).
  county_->SetClock(Local(2026, 4, 10, 0, 1));
  for (int i = 0; i < 100 && !t.overdue(); ++i) {
    t = Task(t.name());
    if (!t.overdue()) absl::SleepFor(absl::Milliseconds(100));
  }
  EXPECT_TRUE(t.overdue());
  EXPECT_EQ(t.colour(), sv1::COLOUR_RED);
  Msg queue;
  ASSERT_TRUE(county_
                  ->Call(county_->supervision(), "xianfu.common.v1.EscalationService.ListEscalations",
                         county_->Official("zhou-min"), "assignee: 'officials/zhou-min'", &queue)
                  .ok());
  EXPECT_NE(queue->DebugString().find(t.name()), std::string::npos) << queue->DebugString();

  // Issued on 04-13: the task's source is resolved, with the lateness.
  county_->SetClock(Local(2026, 4, 13, 16));
  const mv1::Decision current =
      Must<mv1::Decision>(county_->meeting(), kM + "GetDecision", "li-wen", absl::StrCat("name: '", d.name(), "'"));
  Must<mv1::Decision>(county_->meeting(), kM + "RecordDecisionDocumentIssued", "li-wen",
                      absl::StrCat("name: '", d.name(), "' document: 'documents/1' etag: '", current.etag(), "'"));
  for (int i = 0; i < 100 && !t.source_resolved(); ++i) {
    t = Task(t.name());
    if (!t.source_resolved()) absl::SleepFor(absl::Milliseconds(100));
  }
  EXPECT_TRUE(t.source_resolved());
  EXPECT_NE(t.progress(t.progress_size() - 1).text().find("2 working days late"), std::string::npos);
  // Still not reported done two working days after its deadline (04-14): the leader in charge and
  // supervision (孙洁) hear of it too.
  county_->SetClock(Local(2026, 4, 14, 0, 1));
  bool told = false;
  for (int i = 0; i < 100 && !told; ++i) {
    ASSERT_TRUE(county_
                    ->Call(county_->supervision(), "xianfu.common.v1.EscalationService.ListEscalations",
                           county_->Official("sun-jie"), "assignee: 'officials/sun-jie'", &queue)
                    .ok());
    told = queue->DebugString().find(t.name()) != std::string::npos;
    if (!told) absl::SleepFor(absl::Milliseconds(100));
  }
  EXPECT_TRUE(told);
  // The compliance report of April has the meeting's MTG-23 escalations and the ledger's SUP-10 ones.
  Msg report;
  ASSERT_TRUE(county_
                  ->Call(county_->supervision(), "xianfu.supervision.v1.SupervisionService.GetComplianceReport",
                         county_->Official("sun-jie"),
                         "period_start { year: 2026 month: 4 day: 1 } period_end { year: 2026 month: 4 day: 30 }",
                         &report)
                  .ok());
  sv1::ComplianceReport compliance;
  compliance.CopyFrom(*report);
  EXPECT_EQ(compliance.unavailable_size(), 0) << compliance.DebugString();
  std::set<std::string> rules;
  for (const sv1::ArticleCount& c : compliance.by_rule()) rules.insert(c.rule_id());
  EXPECT_TRUE(rules.contains("MTG-23")) << compliance.DebugString();
  EXPECT_TRUE(rules.contains("SUP-10")) << compliance.DebugString();
  EXPECT_NE(compliance.csv().find(d.name()), std::string::npos);
  // The report reads the period's escalations only: meeting-svc's MTG-23 ones are April's, not March's.
  auto raised_between = [&](absl::Time from, absl::Time to) {
    Msg listed;
    EXPECT_TRUE(
        county_
            ->Call(
                county_->meeting(), "xianfu.common.v1.EscalationService.ListEscalations", county_->Official("zhou-min"),
                absl::StrCat("assignee: 'officials/zhou-min' create_time_from { seconds: ", absl::ToUnixSeconds(from),
                             " } create_time_to { seconds: ", absl::ToUnixSeconds(to), " }"),
                &listed)
            .ok());
    return listed ? listed->DebugString().find(d.name()) != std::string::npos : false;
  };
  EXPECT_TRUE(raised_between(Local(2026, 4, 1, 0), Local(2026, 5, 1, 0)));
  EXPECT_FALSE(raised_between(Local(2026, 3, 1, 0), Local(2026, 4, 1, 0)));
  ASSERT_TRUE(county_
                  ->Call(county_->supervision(), "xianfu.supervision.v1.SupervisionService.GetComplianceReport",
                         county_->Official("sun-jie"),
                         "period_start { year: 2026 month: 3 day: 1 } period_end { year: 2026 month: 3 day: 31 }",
                         &report)
                  .ok());
  compliance.CopyFrom(*report);
  EXPECT_EQ(compliance.csv().find(d.name()), std::string::npos);
  EXPECT_EQ(county_
                ->Call(county_->supervision(), "xianfu.supervision.v1.SupervisionService.GetComplianceReport",
                       county_->Official("li-wen"),
                       "period_start { year: 2026 month: 4 day: 1 } period_end { year: 2026 month: 4 day: 30 }")
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);

  // meeting-svc's MTG-23 escalations arrive on its feed as one escalation item for the decision.
  sv1::EscalationItem item;
  for (int i = 0; i < 100 && item.name().empty(); ++i) {
    const auto items = Must<sv1::ListEscalationItemsResponse>(county_->supervision(), kS + "ListEscalationItems",
                                                              "sun-jie", "service: 'meeting' rule_id: 'MTG-23'");
    for (const sv1::EscalationItem& it : items.items()) {
      if (it.subject() == d.name()) item = it;
    }
    if (item.name().empty()) absl::SleepFor(absl::Milliseconds(100));
  }
  EXPECT_FALSE(item.name().empty());
  EXPECT_GE(item.escalations_size(), 1);
  EXPECT_EQ(item.state(), sv1::ESCALATION_ITEM_STATE_OPEN);
  // Still exactly one task for the decision, however often the feed is read.
  absl::SleepFor(absl::Seconds(1));
  EXPECT_EQ(TasksFrom(d.name(), 1).size(), 1u);
}

TEST_F(SupervisionTest, SUP_07_SUP_08_SUP_16_TheLedgersPathThroughTheApiAndItsVerifiableTrail) {
  const std::string kS = "xianfu.supervision.v1.SupervisionService.";
  // Only the supervision office opens tasks.
  const std::string create = absl::StrCat(
      "task { title: '县城污水处理厂提标改造' category: TASK_CATEGORY_LEADER_INSTRUCTION lead_unit: "
      "'units/housing-bureau' deadline { year: 2026 month: 6 day: 30 } plan_item: '",
      PlanItem(1), "' }");
  EXPECT_EQ(S("CreateTask", "qian-kun", create).error_code(), grpc::StatusCode::PERMISSION_DENIED);
  const grpc::Status wrong = S("CreateTask", "sun-jie",
                               absl::StrCat("task { title: 'x' category: TASK_CATEGORY_LEADER_INSTRUCTION lead_unit: "
                                            "'units/housing-bureau' first_responsible: 'officials/li-wen' deadline { "
                                            "year: 2026 month: 6 day: 30 } plan_item: '",
                                            PlanItem(1), "' }"));
  EXPECT_EQ(wrong.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(RuleOf(wrong), "SUP-08");
  sv1::Task t = Must<sv1::Task>(county_->supervision(), kS + "CreateTask", "sun-jie", create);
  EXPECT_EQ(t.first_responsible(), "officials/qian-kun");
  auto step = [&](const std::string& method, const std::string& who, const std::string& extra) {
    return county_->Call(county_->supervision(), kS + method, county_->Official(who),
                         absl::StrCat("name: '", t.name(), "' etag: '", Task(t.name()).etag(), "' ", extra));
  };
  EXPECT_EQ(step("ReportDone", "wu-jing", "summary: '已完成'").error_code(), grpc::StatusCode::PERMISSION_DENIED);
  ASSERT_TRUE(step("ReportDone", "qian-kun", "summary: '已完成提标改造'").ok());
  ASSERT_TRUE(step("VerifyTask", "sun-jie",
                   "passed: false finding: '出水指标未达标' rectification_deadline { year: 2026 month: 7 day: 31 }")
                  .ok());
  const grpc::Status early = step("CloseTask", "sun-jie", "");
  EXPECT_EQ(early.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(RuleOf(early), "SUP-16");
  ASSERT_TRUE(step("SubmitRectificationReport", "qian-kun", "report: '已完成整改并向县政府报告'").ok());
  ASSERT_TRUE(step("VerifyTask", "sun-jie", "passed: true finding: '整改到位'").ok());
  ASSERT_TRUE(step("CloseTask", "sun-jie", "").ok());
  EXPECT_EQ(Task(t.name()).state(), sv1::TASK_STATE_CLOSED);
  // SUP-07: every step, who took it and under which rule, in a chain that verifies (责任倒查).
  Msg out;
  ASSERT_TRUE(county_
                  ->Call(county_->supervision(), "xianfu.admin.v1.HistoryService.ListHistory",
                         county_->Official("sun-jie"), absl::StrCat("resource: '", t.name(), "' page_size: 1000"), &out)
                  .ok());
  admin::v1::ListHistoryResponse history;
  history.CopyFrom(*out);
  EXPECT_TRUE(history.chain_intact());
  std::vector<std::string> steps;
  for (const admin::v1::HistoryEntry& e : history.entries()) {
    if (e.action() != "READ") steps.push_back(absl::StrCat(e.action(), " by ", e.actor()));
  }
  EXPECT_EQ(steps, (std::vector<std::string>{"CreateTask by officials/sun-jie", "ReportDone by officials/qian-kun",
                                             "VerifyTask by officials/sun-jie",
                                             "SubmitRectificationReport by officials/qian-kun",
                                             "VerifyTask by officials/sun-jie", "CloseTask by officials/sun-jie"}));
}

TEST_F(SupervisionTest, SUP_12_ARandomDrawIsRecordedAndRepeatable) {
  const std::string kS = "xianfu.supervision.v1.SupervisionService.";
  for (const char* unit : {"water-bureau", "forestry-bureau", "education-bureau"}) {
    Must<sv1::Task>(county_->supervision(), kS + "CreateTask", "sun-jie",
                    absl::StrCat("task { title: '抽查样本' category: TASK_CATEGORY_BOTTLENECK_OR_HOTSPOT lead_unit: "
                                 "'units/",
                                 unit, "' deadline { year: 2026 month: 9 day: 30 } plan_item: '", PlanItem(1), "' }"));
  }
  const std::string draw =
      absl::StrCat("method: INSPECTION_METHOD_RANDOM_CHECK sample_size: 2 plan_item: '", PlanItem(2), "'");
  EXPECT_EQ(S("DrawInspection", "li-wen", draw).error_code(), grpc::StatusCode::PERMISSION_DENIED);
  // SUP-10: a draw outside the plan is refused.
  EXPECT_EQ(RuleOf(S("DrawInspection", "sun-jie", "method: INSPECTION_METHOD_RANDOM_CHECK sample_size: 2")), "SUP-10");
  const sv1::Inspection first = Must<sv1::Inspection>(county_->supervision(), kS + "DrawInspection", "sun-jie", draw);
  ASSERT_EQ(first.selected_size(), 2);
  EXPECT_NE(first.seed(), 0u);
  EXPECT_GE(first.population_size(), 3);
  // Anyone repeats it from the record: the same seed over the same open tasks draws the same.
  const sv1::Inspection again = Must<sv1::Inspection>(county_->supervision(), kS + "DrawInspection", "sun-jie",
                                                      absl::StrCat(draw, " seed: ", first.seed()));
  EXPECT_EQ(std::vector<std::string>(again.selected().begin(), again.selected().end()),
            std::vector<std::string>(first.selected().begin(), first.selected().end()));
  const sv1::Inspection stored = Must<sv1::Inspection>(county_->supervision(), kS + "GetInspection", "wang-hai",
                                                       absl::StrCat("name: '", first.name(), "'"));
  EXPECT_EQ(stored.seed(), first.seed());
  EXPECT_EQ(stored.population_size(), first.population_size());
  EXPECT_FALSE(stored.algorithm().empty());
}

TEST_F(SupervisionTest, S31_S32_ASuggestionNeedsContactAndAnImportantCaseItsLeader) {
  const std::string kS = "xianfu.supervision.v1.SupervisionService.";
  county_->SetClock(Local(2026, 3, 23));
  sv1::Suggestion s =
      Must<sv1::Suggestion>(county_->supervision(), kS + "AssignSuggestion", "li-wen",
                            "suggestion { kind: SUGGESTION_KIND_NPC_SUGGESTION reference: '2026-017' title: "
                            "'关于加快补远江勐仑段河道治理的建议' handling_unit: 'units/water-bureau' }");
  EXPECT_EQ(FromProtoDate(s.deadline()), absl::CivilDay(2026, 6, 23));
  EXPECT_EQ(s.responsible_person(), "officials/li-jiang");
  const grpc::Status early =
      S("ReplySuggestion", "li-jiang",
        absl::StrCat("name: '", s.name(), "' etag: '", s.etag(), "' result: '已列入2026年实施计划'"));
  EXPECT_EQ(early.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(RuleOf(early), "SUP-02");
  s = Must<sv1::Suggestion>(county_->supervision(), kS + "RecordCommunication", "li-jiang",
                            absl::StrCat("name: '", s.name(), "' etag: '", s.etag(), "' note: '电话沟通'"));
  s = Must<sv1::Suggestion>(
      county_->supervision(), kS + "ReplySuggestion", "li-jiang",
      absl::StrCat("name: '", s.name(), "' etag: '", s.etag(), "' result: '已列入2026年实施计划'"));
  EXPECT_EQ(s.state(), sv1::SUGGESTION_STATE_REPLIED_UNPUBLISHED);
  s = Must<sv1::Suggestion>(
      county_->supervision(), kS + "PublishSuggestionResult", "li-jiang",
      absl::StrCat("name: '", s.name(), "' etag: '", s.etag(), "' published_at: '县政府门户网站'"));
  EXPECT_EQ(s.state(), sv1::SUGGESTION_STATE_CLOSED);

  sv1::Petition p = Must<sv1::Petition>(
      county_->supervision(), kS + "RegisterPetition", "fang-yuan",
      "petition { reference: 'XF-2026-0311' summary: '勐满农场社区50户橡胶地承包纠纷' handling_unit: "
      "'units/agriculture-bureau' important: true }");
  EXPECT_EQ(p.reader(), "officials/yu-han");
  const grpc::Status no_leader =
      S("AdvancePetition", "fang-yuan",
        absl::StrCat("name: '", p.name(), "' etag: '", p.etag(), "' state: PETITION_STATE_IN_PROGRESS"));
  EXPECT_EQ(RuleOf(no_leader), "SUP-06");
  p = Must<sv1::Petition>(
      county_->supervision(), kS + "ReadPetition", "yu-han",
      absl::StrCat("name: '", p.name(), "' etag: '", p.etag(), "' instruction: '请农业农村局牵头核实'"));
  EXPECT_EQ(p.read_by(), "officials/yu-han");
  p = Must<sv1::Petition>(county_->supervision(), kS + "AdvancePetition", "fang-yuan",
                          absl::StrCat("name: '", p.name(), "' etag: '", p.etag(),
                                       "' state: PETITION_STATE_IN_PROGRESS case_leader: 'officials/yu-han'"));
  EXPECT_EQ(p.state(), sv1::PETITION_STATE_IN_PROGRESS);
}

TEST_F(SupervisionTest, SUP_10_AnActivityIsInTheApprovedPlanOrApprovedOnItsOwnAndFiled) {
  const std::string kS = "xianfu.supervision.v1.SupervisionService.";
  const std::string item = PlanItem(1);
  const std::string plan = item.substr(0, item.find("/items/"));
  // Outside the plan: refused, citing SUP-10.
  const grpc::Status unplanned =
      S("CreateTask", "sun-jie",
        "task { title: '森林防火检查' category: TASK_CATEGORY_BOTTLENECK_OR_HOTSPOT lead_unit: "
        "'units/forestry-bureau' deadline { year: 2026 month: 11 day: 30 } }");
  EXPECT_EQ(unplanned.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(RuleOf(unplanned), "SUP-10");
  // One plan a year.
  EXPECT_EQ(S("CreatePlan", "sun-jie", "plan { year: 2026 items { title: '又一个计划' } }").error_code(),
            grpc::StatusCode::ALREADY_EXISTS);
  // Only the county head approves an activity outside the plan, with a reason.
  sv1::SupervisionPlan p = Must<sv1::SupervisionPlan>(county_->supervision(), kS + "GetPlan", "wang-hai",
                                                      absl::StrCat("name: '", plan, "'"));
  EXPECT_EQ(p.state(), sv1::PLAN_STATE_APPROVED);
  EXPECT_EQ(p.approved_by(), "officials/chen-li");
  const std::string ad_hoc = absl::StrCat("name: '", plan, "' etag: '", p.etag(),
                                          "' item { title: '森林防火明察暗访' method: "
                                          "INSPECTION_METHOD_UNANNOUNCED_VISIT } reason: '森林防火形势严峻'");
  const grpc::Status by_office = S("ApproveAdHocItem", "sun-jie", ad_hoc);
  EXPECT_EQ(by_office.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(RuleOf(by_office), "SUP-10");
  p = Must<sv1::SupervisionPlan>(county_->supervision(), kS + "ApproveAdHocItem", "chen-li", ad_hoc);
  const sv1::PlanItem& added = p.items(p.items_size() - 1);
  EXPECT_TRUE(added.ad_hoc());
  // Approved, not yet filed: the task opens with a warning saying so.
  const sv1::Task t = Must<sv1::Task>(
      county_->supervision(), kS + "CreateTask", "sun-jie",
      absl::StrCat("task { title: '森林防火检查' category: TASK_CATEGORY_BOTTLENECK_OR_HOTSPOT lead_unit: "
                   "'units/forestry-bureau' deadline { year: 2026 month: 11 day: 30 } plan_item: '",
                   added.name(), "' }"));
  ASSERT_EQ(t.warnings_size(), 1);
  EXPECT_EQ(t.warnings(0).violation().rule_id(), "SUP-10");
  EXPECT_EQ(t.plan_item(), added.name());
  // 报备: filed with its reference, every item.
  p = Must<sv1::SupervisionPlan>(county_->supervision(), kS + "FilePlan", "sun-jie",
                                 absl::StrCat("name: '", plan, "' etag: '", p.etag(),
                                              "' filed_with: '县委督查室' filing_reference: '督备〔2026〕1号'"));
  EXPECT_EQ(p.state(), sv1::PLAN_STATE_FILED);
  for (const sv1::PlanItem& i : p.items()) EXPECT_EQ(i.filing_reference(), "督备〔2026〕1号");
}

TEST_F(SupervisionTest, SUP_15_ALeadersInstructionItemEntersTheLedgerWithEveryExtensionAndTheCircularFlagsIt) {
  const std::string kD = "xianfu.document.v1.DocumentService.", kS = "xianfu.supervision.v1.SupervisionService.";
  county_->SetClock(Local(2026, 5, 6));
  Msg item;
  ASSERT_TRUE(county_
                  ->Call(county_->document(), kD + "CreateHandlingItem", county_->Official("wang-hai"),
                         "item { reference: 'PS-2026-061' source: HANDLING_SOURCE_LEADER_INSTRUCTION handling_unit: "
                         "'units/commerce-bureau' task: '研究磨憨口岸货运扩能方案' deadline { year: 2026 month: 5 "
                         "day: 15 } }",
                         &item)
                  .ok());
  const std::string item_name = item->GetReflection()->GetString(*item, item->GetDescriptor()->FindFieldByName("name"));
  // SUP-15: one task, from document-svc's feed, due with the item.
  std::vector<sv1::Task> tasks = TasksFrom(item_name, 1);
  ASSERT_EQ(tasks.size(), 1u);
  sv1::Task t = tasks[0];
  EXPECT_EQ(t.category(), sv1::TASK_CATEGORY_LEADER_INSTRUCTION);
  EXPECT_EQ(t.lead_unit(), "units/commerce-bureau");
  EXPECT_EQ(FromProtoDate(t.deadline()), absl::CivilDay(2026, 5, 15));
  // Two extensions, each with the instructing leader's consent: both logged on the task.
  for (int day : {22, 29}) {
    ASSERT_TRUE(
        county_
            ->Call(county_->document(), kD + "ExtendHandlingItem", county_->Official("wang-hai"),
                   absl::StrCat("name: '", item_name, "' etag: '", ItemEtag(item_name),
                                "' explanation: '需征求海关和边检意见' new_deadline { year: 2026 month: 5 day: ", day,
                                " }"))
            .ok());
  }
  for (int i = 0; i < 100 && t.extensions_size() < 2; ++i) {
    t = Task(t.name());
    if (t.extensions_size() < 2) absl::SleepFor(absl::Milliseconds(100));
  }
  ASSERT_EQ(t.extensions_size(), 2);
  EXPECT_EQ(FromProtoDate(t.deadline()), absl::CivilDay(2026, 5, 29));
  EXPECT_EQ(t.extensions(1).consented_by(), "officials/wang-hai");
  // May's circular names it (twice extended) under SUP-15, with the commerce bureau's figures.
  const sv1::Circular c =
      Must<sv1::Circular>(county_->supervision(), kS + "IssueCircular", "sun-jie",
                          "period_start { year: 2026 month: 5 day: 1 } period_end { year: 2026 month: 5 day: 31 }");
  bool flagged = false;
  for (const sv1::FlaggedTask& f : c.flagged()) flagged = flagged || (f.task() == t.name() && f.rule_id() == "SUP-15");
  EXPECT_TRUE(flagged) << c.DebugString();
  bool counted = false;
  for (const sv1::Figures& f : c.units()) {
    if (f.subject() == "units/commerce-bureau") counted = f.extended_twice_or_more() >= 1;
  }
  EXPECT_TRUE(counted) << c.DebugString();
  EXPECT_NE(c.csv().find("unit,units/commerce-bureau,"), std::string::npos);
  EXPECT_EQ(S("IssueCircular", "wang-hai",
              "period_start { year: 2026 month: 5 day: 1 } period_end { year: 2026 month: 5 day: 31 }")
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  // Completed in document-svc: the task is reported done that day, for supervision to verify.
  ASSERT_TRUE(county_
                  ->Call(county_->document(), kD + "CompleteHandlingItem", county_->Official("commerce-bureau-clerk"),
                         absl::StrCat("name: '", item_name, "' etag: '", ItemEtag(item_name), "'"))
                  .ok());
  for (int i = 0; i < 100 && t.state() != sv1::TASK_STATE_REPORTED_DONE; ++i) {
    t = Task(t.name());
    if (t.state() != sv1::TASK_STATE_REPORTED_DONE) absl::SleepFor(absl::Milliseconds(100));
  }
  EXPECT_EQ(t.state(), sv1::TASK_STATE_REPORTED_DONE);
  EXPECT_EQ(FromProtoDate(t.done_date()), absl::CivilDay(2026, 5, 6));
  EXPECT_EQ(TasksFrom(item_name, 1).size(), 1u);
}

TEST_F(SupervisionTest, SUP_02_AnUnsatisfiedDeputyHasTheSuggestionHandledAgainWithNewContact) {
  const std::string kS = "xianfu.supervision.v1.SupervisionService.";
  county_->SetClock(Local(2026, 6, 1));
  sv1::Suggestion s = Must<sv1::Suggestion>(
      county_->supervision(), kS + "AssignSuggestion", "li-wen",
      "suggestion { kind: SUGGESTION_KIND_CPPCC_PROPOSAL reference: '2026-042' title: '关于改善城区停车难的提案' "
      "handling_unit: 'units/water-bureau' }");
  auto step = [&](const std::string& method, const std::string& who, const std::string& extra) {
    Msg out;
    grpc::Status status = county_->Call(county_->supervision(), kS + method, county_->Official(who),
                                        absl::StrCat("name: '", s.name(), "' etag: '", s.etag(), "' ", extra), &out);
    if (status.ok()) s.CopyFrom(*out);
    return status;
  };
  ASSERT_TRUE(step("RecordCommunication", "li-jiang", "note: '电话沟通'").ok());
  ASSERT_TRUE(step("ReplySuggestion", "li-jiang", "result: '已规划停车场' published_at: '县政府门户网站'").ok());
  EXPECT_EQ(step("RecordSatisfaction", "li-jiang", "satisfaction: SATISFACTION_UNSATISFIED").error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  ASSERT_TRUE(step("RecordSatisfaction", "li-wen", "satisfaction: SATISFACTION_UNSATISFIED comment: '未见实效'").ok());
  EXPECT_EQ(s.state(), sv1::SUGGESTION_STATE_REHANDLING);
  EXPECT_EQ(FromProtoDate(s.deadline()), absl::CivilDay(2026, 7, 1));
  // The first contact does not count for the second reply.
  county_->SetClock(Local(2026, 6, 10));
  EXPECT_EQ(RuleOf(step("ReplySuggestion", "li-jiang", "result: '已建成停车场' published_at: '县政府门户网站'")),
            "SUP-02");
  ASSERT_TRUE(step("RecordCommunication", "li-jiang", "note: '现场座谈'").ok());
  ASSERT_TRUE(step("ReplySuggestion", "li-jiang", "result: '已建成停车场' published_at: '县政府门户网站'").ok());
  ASSERT_TRUE(step("RecordSatisfaction", "li-wen", "satisfaction: SATISFACTION_SATISFIED").ok());
  EXPECT_EQ(s.state(), sv1::SUGGESTION_STATE_CLOSED);
  EXPECT_EQ(s.rehandled(), 1);
}

TEST_F(SupervisionTest, SUP_05_SUP_17_OversightFromThePublicAndEmergenciesNeedTheirPublication) {
  const std::string kS = "xianfu.supervision.v1.SupervisionService.";
  county_->SetClock(Local(2026, 7, 14, 9));
  // SUP-05: a major issue raised by the media (no plan item: it comes from outside).
  sv1::Task t =
      Must<sv1::Task>(county_->supervision(), kS + "CreateTask", "sun-jie",
                      "task { title: '媒体反映城区积水问题' category: TASK_CATEGORY_BOTTLENECK_OR_HOTSPOT lead_unit: "
                      "'units/housing-bureau' deadline { year: 2026 month: 7 day: 31 } origin: "
                      "TASK_ORIGIN_PUBLIC_REPORT major: true }");
  auto step = [&](const std::string& method, const std::string& who, const std::string& extra) {
    Msg out;
    grpc::Status status = county_->Call(county_->supervision(), kS + method, county_->Official(who),
                                        absl::StrCat("name: '", t.name(), "' etag: '", t.etag(), "' ", extra), &out);
    if (status.ok()) t.CopyFrom(*out);
    return status;
  };
  ASSERT_TRUE(step("ReportDone", "qian-kun", "summary: '已疏通排水管网'").ok());
  ASSERT_TRUE(step("VerifyTask", "sun-jie", "passed: true finding: '核查属实'").ok());
  const grpc::Status unpublished = step("CloseTask", "sun-jie", "");
  EXPECT_EQ(unpublished.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(RuleOf(unpublished), "SUP-05");
  EXPECT_EQ(step("RecordPublication", "wu-jing", "published_at: '县融媒体中心'").error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  ASSERT_TRUE(step("RecordPublication", "qian-kun", "published_at: '县融媒体中心'").ok());
  ASSERT_TRUE(step("CloseTask", "sun-jie", "").ok());
  EXPECT_EQ(t.state(), sv1::TASK_STATE_CLOSED);

  // SUP-17: an emergency's authoritative release is due in 5 hours; at 14:01 it is late.
  sv1::Task e =
      Must<sv1::Task>(county_->supervision(), kS + "CreateTask", "sun-jie",
                      "task { title: '勐仑镇山洪灾害舆情' category: TASK_CATEGORY_BOTTLENECK_OR_HOTSPOT lead_unit: "
                      "'units/water-bureau' origin: TASK_ORIGIN_EMERGENCY_OPINION }");
  EXPECT_EQ(FromProtoTime(e.release_due()), Local(2026, 7, 14, 14));
  county_->SetClock(Local(2026, 7, 14, 14, 1));
  bool warned = false;
  for (int i = 0; i < 100 && !warned; ++i) {
    e = Task(e.name());
    for (const auto& w : e.warnings()) warned = warned || w.violation().rule_id() == "SUP-17";
    if (!warned) absl::SleepFor(absl::Milliseconds(100));
  }
  EXPECT_TRUE(warned) << e.DebugString();
}

TEST_F(SupervisionTest, S30_AThirdExtensionNeedsTheInstructingLeaderAndIsFlaggedOnTheNextCircular) {
  const std::string kD = "xianfu.document.v1.DocumentService.", kS = "xianfu.supervision.v1.SupervisionService.";
  county_->SetClock(Local(2026, 4, 20));
  Msg item;
  ASSERT_TRUE(county_
                  ->Call(county_->document(), kD + "CreateHandlingItem", county_->Official("chen-li"),
                         "item { reference: 'PS-2026-045' source: HANDLING_SOURCE_LEADER_INSTRUCTION handling_unit: "
                         "'units/natural-resources-bureau' task: '对曼庄村土地纠纷提出处理意见' deadline { year: 2026 "
                         "month: 4 day: 30 } }",
                         &item)
                  .ok());
  const std::string name = item->GetReflection()->GetString(*item, item->GetDescriptor()->FindFieldByName("name"));
  auto extend = [&](const std::string& who, int month, int day, const std::string& extra) {
    return county_->Call(county_->document(), kD + "ExtendHandlingItem", county_->Official(who),
                         absl::StrCat("name: '", name, "' etag: '", ItemEtag(name),
                                      "' explanation: '需进一步调查取证' new_deadline { year: 2026 month: ", month,
                                      " day: ", day, " } ", extra));
  };
  county_->SetClock(Local(2026, 4, 27));
  ASSERT_TRUE(extend("chen-li", 5, 29, "").ok());
  county_->SetClock(Local(2026, 5, 26));
  ASSERT_TRUE(extend("sun-jie", 6, 18, "").ok());
  county_->SetClock(Local(2026, 6, 16));
  const grpc::Status third = extend("sun-jie", 7, 10, "");
  EXPECT_EQ(third.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(RuleOf(third), "DOC-23");
  ASSERT_TRUE(extend("chen-li", 7, 10, "override_reason: '涉及多方利益需县政府协调'").ok());
  // The ledger logs all three, the last beyond the limit.
  sv1::Task t;
  for (int i = 0; i < 100 && t.extensions_size() < 3; ++i) {
    const std::vector<sv1::Task> tasks = TasksFrom(name, 1);
    if (!tasks.empty()) t = tasks[0];
    if (t.extensions_size() < 3) absl::SleepFor(absl::Milliseconds(100));
  }
  ASSERT_EQ(t.extensions_size(), 3);
  EXPECT_TRUE(t.extensions(2).beyond_limit());
  EXPECT_EQ(t.extensions(1).consented_by(), "officials/sun-jie");
  // June's circular (the next one) flags it, though it now falls due in July.
  county_->SetClock(Local(2026, 7, 1, 9));
  const sv1::Circular june =
      Must<sv1::Circular>(county_->supervision(), kS + "IssueCircular", "sun-jie",
                          "period_start { year: 2026 month: 6 day: 1 } period_end { year: 2026 month: 6 day: 30 }");
  bool flagged = false;
  for (const sv1::FlaggedTask& f : june.flagged()) {
    flagged = flagged ||
              (f.task() == t.name() && f.rule_id() == "SUP-15" && f.reason_en().find("beyond") != std::string::npos);
  }
  EXPECT_TRUE(flagged) << june.DebugString();
  // The compliance report of June lists the override (DOC-23's REJECT-O, by 陈立 with his reason).
  bool override_listed = false;
  for (int i = 0; i < 100 && !override_listed; ++i) {
    const sv1::ComplianceReport report = Must<sv1::ComplianceReport>(
        county_->supervision(), kS + "GetComplianceReport", "sun-jie",
        "period_start { year: 2026 month: 6 day: 1 } period_end { year: 2026 month: 6 day: 30 }");
    for (const sv1::RecordedDeviation& d : report.deviations()) {
      override_listed = override_listed || (d.kind() == "OVERRIDE" && d.rule_id() == "DOC-23" && d.subject() == name &&
                                            d.service() == "document");
    }
    if (!override_listed) absl::SleepFor(absl::Milliseconds(100));
  }
  EXPECT_TRUE(override_listed);
}

TEST_F(SupervisionTest, AnObligationGoneOverdueInPersonnelReachesTheComplianceReportAndTheEscalationItems) {
  const std::string kP = "xianfu.personnel.v1.PersonnelService.", kS = "xianfu.supervision.v1.SupervisionService.";
  county_->SetClock(Local(2026, 7, 15, 9));
  ASSERT_TRUE(county_
                  ->Call(county_->personnel(), kP + "RegisterReportableEvent", county_->Official("li-wen"),
                         "kind: REPORTABLE_EVENT_KIND_MAJOR_SITUATION owner: 'units/water-bureau' title: "
                         "'勐仑镇山洪灾害情况' time { seconds: 1784077200 }")  // 2026-07-15 09:00 +08:00
                  .ok());
  // 24 hours later the report to the prefecture is overdue (DIS-08).
  county_->SetClock(Local(2026, 7, 16, 9, 5));
  sv1::ComplianceReport report;
  for (int i = 0; i < 100 && !report.by_service().contains("personnel"); ++i) {
    report = Must<sv1::ComplianceReport>(
        county_->supervision(), kS + "GetComplianceReport", "sun-jie",
        "period_start { year: 2026 month: 7 day: 1 } period_end { year: 2026 month: 7 day: 31 }");
    if (!report.by_service().contains("personnel")) absl::SleepFor(absl::Milliseconds(100));
  }
  ASSERT_TRUE(report.by_service().contains("personnel")) << report.DebugString();
  bool dis08 = false;
  for (const sv1::RecordedDeviation& d : report.deviations()) dis08 = dis08 || d.rule_id() == "DIS-08";
  EXPECT_TRUE(dis08);
  const auto items = Must<sv1::ListEscalationItemsResponse>(county_->supervision(), kS + "ListEscalationItems",
                                                            "sun-jie", "service: 'personnel' rule_id: 'DIS-08'");
  ASSERT_EQ(items.items_size(), 1);
  EXPECT_GE(items.items(0).assignees_size(), 1);
}

TEST_F(SupervisionTest, TwoReplicasAndACrashMidFeedMakeOneTaskPerDecisionAndOneSetOfEscalations) {
  const std::string kM = "xianfu.meeting.v1.MeetingService.";
  county_->AddSupervisionReplica();
  Must<mv1::Meeting>(county_->meeting(), kM + "CreateMeeting", "li-wen",
                     "meeting_id: 'e-2026-08' meeting { kind: MEETING_KIND_EXECUTIVE title: '常务会议' date { year: "
                     "2026 month: 4 day: 1 } chair: 'officials/chen-li' }");
  county_->SetClock(Local(2026, 4, 1, 17));
  mv1::Meeting m = Must<mv1::Meeting>(county_->meeting(), kM + "GetMeeting", "li-wen", "name: 'meetings/e-2026-08'");
  Must<mv1::Meeting>(county_->meeting(), kM + "HoldMeeting", "li-wen",
                     absl::StrCat("name: 'meetings/e-2026-08' etag: '", m.etag(), "'"));
  std::vector<std::string> decisions;
  for (int i = 1; i <= 3; ++i) {
    decisions.push_back(Must<mv1::Decision>(county_->meeting(), kM + "RecordDecision", "li-wen",
                                            absl::StrCat("decision { meeting: 'meetings/e-2026-08' text: '议定事项", i,
                                                         "' due_date { year: 2026 month: 4 day: 9 } "
                                                         "responsible_unit: 'units/agriculture-bureau' }"))
                            .name());
  }
  // A crash while the replicas read the feed: the restarted one resumes from the cursor.
  county_->RestartSupervision();
  std::vector<std::string> tasks;
  for (const std::string& d : decisions) {
    const std::vector<sv1::Task> made = TasksFrom(d, 1);
    ASSERT_EQ(made.size(), 1u) << d;
    tasks.push_back(made[0].name());
  }
  absl::SleepFor(absl::Seconds(1));
  for (const std::string& d : decisions) EXPECT_EQ(TasksFrom(d, 1).size(), 1u) << d;
  // Late: each task is escalated once to the unit, then once to the leader in charge and
  // supervision, however many replicas run the timers.
  county_->SetClock(Local(2026, 4, 10, 0, 1));
  for (const std::string& name : tasks) {
    sv1::Task t;
    for (int i = 0; i < 100 && !t.overdue(); ++i) {
      t = Task(name);
      if (!t.overdue()) absl::SleepFor(absl::Milliseconds(100));
    }
    EXPECT_TRUE(t.overdue()) << name;
  }
  auto escalations = [&](const std::string& name) {
    Msg out;
    EXPECT_TRUE(county_
                    ->Call(county_->supervision(), "xianfu.common.v1.EscalationService.ListEscalations",
                           county_->Official("sun-jie"), absl::StrCat("subject: '", name, "'"), &out)
                    .ok());
    common::v1::ListEscalationsResponse listed;
    if (out) listed.CopyFrom(*out);
    return listed.escalations_size();
  };
  absl::SleepFor(absl::Seconds(1));
  for (const std::string& name : tasks) EXPECT_EQ(escalations(name), 1) << name;
  county_->SetClock(Local(2026, 4, 14, 0, 1));
  for (const std::string& name : tasks) {
    for (int i = 0; i < 100 && escalations(name) < 3; ++i) absl::SleepFor(absl::Milliseconds(100));
  }
  absl::SleepFor(absl::Seconds(1));
  for (const std::string& name : tasks) EXPECT_EQ(escalations(name), 3) << name;
}

TEST_F(SupervisionTest, SUP_01_ANormativeDocumentIssuedInTheCountyGovernmentsNameIsTheOfficesNpcFilingTask) {
  const std::string kD = "xianfu.document.v1.DocumentService.";
  county_->SetClock(Local(2026, 9, 3));
  auto doc = [&](const std::string& method, const std::string& who, const std::string& text) {
    Msg out;
    const grpc::Status s = county_->Call(county_->document(), kD + method, county_->Official(who), text, &out);
    EXPECT_TRUE(s.ok()) << method << ": " << s.error_message();
    auto field = [&](const char* f) {
      return out ? out->GetReflection()->GetString(*out, out->GetDescriptor()->FindFieldByName(f)) : std::string();
    };
    return std::pair<std::string, std::string>(field("name"), field("etag"));
  };
  auto [name, etag] = doc("CreateDocument", "qian-kun",
                          "document { kind: DOCUMENT_KIND_NORMATIVE direction: DIRECTION_OUTGOING issuing_name: "
                          "ISSUING_NAME_COUNTY_GOVERNMENT title: '勐腊县城市户外广告设置管理办法(试行)' body: '第一条' "
                          "unit: 'units/housing-bureau' classification: CLASSIFICATION_PUBLIC normative { legal_basis: "
                          "'《城市市容和环境卫生管理条例》' } }");
  etag = doc("RecordLegalityReview", "he-ping",
             absl::StrCat("name: '", name, "' etag: '", etag,
                          "' result: LEGALITY_RESULT_LAWFUL opinion: '合法' no_prohibited_content_attested: true"))
             .second;
  etag = doc("SignDocument", "yan-xiang", absl::StrCat("name: '", name, "' etag: '", etag, "'")).second;
  doc("IssueDocument", "li-wen", absl::StrCat("name: '", name, "' etag: '", etag, "'"));
  // From document-svc's feed: the office's task to file it with the NPC standing committee in 30 days.
  const std::vector<sv1::Task> tasks = TasksFrom(name, 1);
  ASSERT_EQ(tasks.size(), 1u);
  EXPECT_EQ(tasks[0].origin(), sv1::TASK_ORIGIN_NPC_FILING);
  EXPECT_EQ(tasks[0].first_responsible(), "officials/zhou-min");
  EXPECT_EQ(tasks[0].lead_unit(), "units/government-office");  // the unit that plays R-OFFICE
  EXPECT_EQ(FromProtoDate(tasks[0].deadline()), absl::CivilDay(2026, 10, 3));
}

TEST_F(SupervisionTest, SUP_06_ANewLocalCalendarMovesAnUnreadLettersReadingDeadline) {
  const std::string kS = "xianfu.supervision.v1.SupervisionService.";
  county_->SetClock(Local(2026, 4, 8));
  sv1::Petition p = Must<sv1::Petition>(county_->supervision(), kS + "RegisterPetition", "fang-yuan",
                                        "petition { reference: 'XF-2026-0402' summary: '关累港码头搬迁补偿' "
                                        "handling_unit: 'units/agriculture-bureau' important: true }");
  // Five working days from Wed 04-08 under the national schedule.
  EXPECT_EQ(FromProtoDate(p.read_deadline()), absl::CivilDay(2026, 4, 15));
  const std::string national = p.read_deadline_explanation().calendar_version();
  // The prefecture's notice arrives: Dai New Year 04-13…04-15 off, Saturday 04-18 made up.
  county_->AddCalendarFile(std::string(XIANFU_SOURCE_DIR) + "/common/tests/testdata/xishuangbanna-2026-example.json",
                           "xishuangbanna-2026.json");
  for (int i = 0; i < 100 && FromProtoDate(p.read_deadline()) == absl::CivilDay(2026, 4, 15); ++i) {
    absl::SleepFor(absl::Milliseconds(100));
    p = Must<sv1::Petition>(county_->supervision(), kS + "GetPetition", "fang-yuan",
                            absl::StrCat("name: '", p.name(), "'"));
  }
  county_->RemoveCalendarFile("xishuangbanna-2026.json");
  EXPECT_EQ(FromProtoDate(p.read_deadline()), absl::CivilDay(2026, 4, 18));
  EXPECT_NE(p.read_deadline_explanation().calendar_version(), national);
  EXPECT_FALSE(p.read_deadline_explanation().text_zh().empty());
}

}  // namespace
}  // namespace xianfu
