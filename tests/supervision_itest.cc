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

  static testing::County* county_;
};

testing::County* SupervisionTest::county_ = nullptr;

TEST_F(SupervisionTest, S04_AMeetingDecisionBecomesOneLedgerTaskRedAndEscalatedWhenLateResolvedWhenIssued) {
  const std::string kM = "xianfu.meeting.v1.MeetingService.";
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

  // SUP-14: one task, due with the document, owned by the bureau's principal head.
  std::vector<sv1::Task> tasks = TasksFrom(d.name(), 1);
  ASSERT_EQ(tasks.size(), 1u);
  sv1::Task t = tasks[0];
  EXPECT_EQ(FromProtoDate(t.deadline()), absl::CivilDay(2026, 4, 9));
  EXPECT_EQ(t.first_responsible(), "officials/zhang-lei");
  EXPECT_EQ(t.leader_in_charge(), "officials/yu-han");
  EXPECT_EQ(t.colour(), sv1::COLOUR_GREEN);

  // Late: red, escalated to the unit's head, the leader in charge and supervision.
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
                         county_->Official("sun-jie"), "assignee: 'officials/sun-jie'", &queue)
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
  EXPECT_EQ(county_
                ->Call(county_->supervision(), "xianfu.supervision.v1.SupervisionService.GetComplianceReport",
                       county_->Official("li-wen"),
                       "period_start { year: 2026 month: 4 day: 1 } period_end { year: 2026 month: 4 day: 30 }")
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);

  // Still exactly one task for the decision, however often the feed is read.
  absl::SleepFor(absl::Seconds(1));
  EXPECT_EQ(TasksFrom(d.name(), 1).size(), 1u);
}

TEST_F(SupervisionTest, SUP_08_SUP_16_TheLedgersPathThroughTheApi) {
  const std::string kS = "xianfu.supervision.v1.SupervisionService.";
  // Only the supervision office opens tasks.
  const std::string create =
      "task { title: '县城污水处理厂提标改造' category: TASK_CATEGORY_LEADER_INSTRUCTION lead_unit: "
      "'units/housing-bureau' deadline { year: 2026 month: 6 day: 30 } }";
  EXPECT_EQ(S("CreateTask", "qian-kun", create).error_code(), grpc::StatusCode::PERMISSION_DENIED);
  const grpc::Status wrong = S("CreateTask", "sun-jie",
                               "task { title: 'x' category: TASK_CATEGORY_LEADER_INSTRUCTION lead_unit: "
                               "'units/housing-bureau' first_responsible: 'officials/li-wen' deadline { year: 2026 "
                               "month: 6 day: 30 } }");
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
}

TEST_F(SupervisionTest, SUP_12_ARandomDrawIsRecordedAndRepeatable) {
  const std::string kS = "xianfu.supervision.v1.SupervisionService.";
  for (const char* unit : {"water-bureau", "forestry-bureau", "education-bureau"}) {
    Must<sv1::Task>(county_->supervision(), kS + "CreateTask", "sun-jie",
                    absl::StrCat("task { title: '抽查样本' category: TASK_CATEGORY_BOTTLENECK_OR_HOTSPOT lead_unit: "
                                 "'units/",
                                 unit, "' deadline { year: 2026 month: 9 day: 30 } }"));
  }
  EXPECT_EQ(S("DrawInspection", "li-wen", "method: INSPECTION_METHOD_RANDOM_CHECK sample_size: 2").error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  const sv1::Inspection first = Must<sv1::Inspection>(county_->supervision(), kS + "DrawInspection", "sun-jie",
                                                      "method: INSPECTION_METHOD_RANDOM_CHECK sample_size: 2");
  ASSERT_EQ(first.selected_size(), 2);
  EXPECT_NE(first.seed(), 0u);
  EXPECT_GE(first.population_size(), 3);
  // Anyone repeats it from the record: the same seed over the same open tasks draws the same.
  const sv1::Inspection again =
      Must<sv1::Inspection>(county_->supervision(), kS + "DrawInspection", "sun-jie",
                            absl::StrCat("method: INSPECTION_METHOD_RANDOM_CHECK sample_size: 2 seed: ", first.seed()));
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

}  // namespace
}  // namespace xianfu
