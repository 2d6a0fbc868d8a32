// supervision-svc's ledger rules on plain data, named by rule id.
#include "supervision-svc/domain/ledger.h"

#include <map>
#include <random>
#include <set>

#include "absl/strings/str_cat.h"
#include "common/deadline_proto.h"
#include "common/tests/domain_fixture.h"
#include "gtest/gtest.h"
#include "supervision-svc/domain/cases.h"
#include "supervision-svc/domain/report.h"

namespace xianfu::supervision {
namespace {

using testing::EnvAt;
using testing::Official;
using testing::Rule;
using testing::TestNames;

absl::Time At(int y, int m, int d, int hh = 10) { return testing::At(y, m, d, hh); }

org::Unit Agriculture() {
  org::Unit u;
  u.unit = "units/agriculture-bureau";
  u.display_name = "县农业农村局";
  u.principal_head = "officials/zhang-lei";
  u.primary_leader = "officials/yu-han";
  return u;
}

v1::Task NewTask() {
  v1::Task t;
  t.set_name("tasks/1");
  t.set_title("高标准农田建设");
  t.set_category(v1::TASK_CATEGORY_LEADER_INSTRUCTION);
  t.set_lead_unit("units/agriculture-bureau");
  *t.mutable_deadline() = ToProtoDate(absl::CivilDay(2026, 4, 9));
  return t;
}

int Escalations(const Effects& fx) {
  int n = 0;
  for (const RecordWrite& w : fx.writes()) n += w.record->GetDescriptor()->name() == "Escalation";
  return n;
}

TEST(LedgerTest, SUP_08_TheLeadUnitsPrincipalHeadIsTheFirstResponsiblePerson) {
  const Env env = EnvAt(At(2026, 3, 30));
  v1::Task t = NewTask();
  Effects fx;
  ASSERT_TRUE(OpenTask(t, Agriculture(), "officials/sun-jie", "officials/sun-jie", env, fx).ok());
  EXPECT_EQ(t.first_responsible(), "officials/zhang-lei");
  EXPECT_EQ(t.leader_in_charge(), "officials/yu-han");
  v1::Task other = NewTask();
  other.set_first_responsible("officials/ma-li");
  const absl::Status s = OpenTask(other, Agriculture(), "officials/sun-jie", "officials/sun-jie", env, fx);
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Rule(s), "SUP-08");
  org::Unit headless = Agriculture();
  headless.principal_head.clear();
  EXPECT_EQ(Rule(OpenTask(other, headless, "", "officials/sun-jie", env, fx)), "SUP-08");
}

TEST(LedgerTest, SUP_11_ATaskNamesItsCategory) {
  v1::Task t = NewTask();
  t.clear_category();
  Effects fx;
  const absl::Status s = OpenTask(t, Agriculture(), "", "officials/sun-jie", EnvAt(At(2026, 3, 30)), fx);
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Rule(s), "SUP-11");
}

TEST(LedgerTest, SUP_10_RemindersAtThreeWorkingDaysAndTheDayThenEscalationWhenLate) {
  const Env env = EnvAt(At(2026, 3, 30));
  v1::Task t = NewTask();
  Effects fx;
  ASSERT_TRUE(OpenTask(t, Agriculture(), "officials/sun-jie", "officials/sun-jie", env, fx).ok());
  std::map<std::string, absl::Time> due;
  for (const TimerOut& timer : fx.timers()) due[timer.kind] = timer.due;
  // 2026-04-09 is the deadline: T-3 working days skips Qingming (04-04…04-06) back to 04-03.
  EXPECT_EQ(due["task.reminder.3"], absl::FromCivil(absl::CivilSecond(2026, 4, 3, 0, 0, 0), ChinaTimeZone()));
  EXPECT_EQ(due["task.reminder.0"], absl::FromCivil(absl::CivilSecond(2026, 4, 9, 0, 0, 0), ChinaTimeZone()));
  EXPECT_EQ(due["task.overdue"], DeadlinePassesAt(absl::CivilDay(2026, 4, 9)));
  Effects reminded;
  ASSERT_TRUE(Remind({t, 1}, 3, env, reminded).ok());
  EXPECT_EQ(reminded.events().size(), 1u);
  Effects late;
  ASSERT_TRUE(MarkOverdue({t, 1}, EnvAt(At(2026, 4, 10, 0)), TestNames(), late).ok());
  EXPECT_EQ(Escalations(late), 3);  // the first responsible person, the leader in charge, supervision
  // A task reported done is not chased.
  v1::Task done = t;
  done.set_state(v1::TASK_STATE_REPORTED_DONE);
  Effects quiet;
  ASSERT_TRUE(MarkOverdue({done, 1}, EnvAt(At(2026, 4, 10, 0)), TestNames(), quiet).ok());
  EXPECT_EQ(Escalations(quiet), 0);
}

TEST(LedgerTest, SUP_09_TheLifecycleAndItsColour) {
  Env env = EnvAt(At(2026, 3, 30));
  v1::Task t = NewTask();
  Effects fx;
  ASSERT_TRUE(OpenTask(t, Agriculture(), "officials/sun-jie", "officials/sun-jie", env, fx).ok());
  Paint(t, env);
  EXPECT_EQ(t.colour(), v1::COLOUR_GREEN);
  Paint(t, EnvAt(At(2026, 4, 7)));
  EXPECT_EQ(t.colour(), v1::COLOUR_YELLOW);
  Paint(t, EnvAt(At(2026, 4, 10)));
  EXPECT_EQ(t.colour(), v1::COLOUR_RED);
  EXPECT_LT(t.working_days_left(), 0);
  const Person clerk = Official("zhang-lei", {"R-DEPT-HEAD"}, {"units/agriculture-bureau"});
  EXPECT_EQ(Rule(Verify(t, true, "", std::nullopt, Official("sun-jie", {"R-SUP"}), env, fx)), "SUP-09");
  ASSERT_TRUE(ReportProgress(t, "已完成选址", clerk, env).ok());
  EXPECT_EQ(t.state(), v1::TASK_STATE_IN_PROGRESS);
  ASSERT_TRUE(ReportDone(t, "已建成", clerk, env).ok());
  ASSERT_TRUE(Verify(t, true, "核查属实", std::nullopt, Official("sun-jie", {"R-SUP"}), env, fx).ok());
  EXPECT_EQ(t.state(), v1::TASK_STATE_VERIFIED);
  Paint(t, EnvAt(At(2026, 4, 10)));
  EXPECT_EQ(t.colour(), v1::COLOUR_GREEN);  // done is not late
  ASSERT_TRUE(Close(t, env, fx).ok());
  EXPECT_EQ(t.state(), v1::TASK_STATE_CLOSED);
}

TEST(LedgerTest, SUP_16_ARectificationClosesOnlyAfterItsReport) {
  const Env env = EnvAt(At(2026, 3, 30));
  v1::Task t = NewTask();
  Effects fx;
  ASSERT_TRUE(OpenTask(t, Agriculture(), "officials/sun-jie", "officials/sun-jie", env, fx).ok());
  const Person clerk = Official("zhang-lei", {"R-DEPT-HEAD"}, {"units/agriculture-bureau"});
  ASSERT_TRUE(ReportDone(t, "已建成", clerk, env).ok());
  EXPECT_EQ(Rule(Verify(t, false, "灌溉设施未配套", std::nullopt, Official("sun-jie", {"R-SUP"}), env, fx)), "SUP-16");
  ASSERT_TRUE(
      Verify(t, false, "灌溉设施未配套", absl::CivilDay(2026, 5, 15), Official("sun-jie", {"R-SUP"}), env, fx).ok());
  EXPECT_EQ(t.state(), v1::TASK_STATE_RECTIFICATION);
  const absl::Status s = Close(t, env, fx);
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(Rule(s), "SUP-16");
  ASSERT_TRUE(SubmitRectification(t, "已完成配套并报县政府", env).ok());
  EXPECT_EQ(t.state(), v1::TASK_STATE_REPORTED_DONE);
  ASSERT_TRUE(Verify(t, true, "整改到位", std::nullopt, Official("sun-jie", {"R-SUP"}), env, fx).ok());
  ASSERT_TRUE(Close(t, env, fx).ok());
}

TEST(LedgerTest, SUP_14_AMeetingDecisionBecomesATaskDueWithItsDocument) {
  meeting::v1::Decision d;
  d.set_name("decisions/3");
  d.set_text("审议通过《勐腊县2026年春耕生产农资补贴实施方案》,按程序印发");
  d.set_document_title("勐腊县2026年春耕生产农资补贴实施方案");
  d.set_responsible_unit("units/agriculture-bureau");
  *d.mutable_decide_date() = ToProtoDate(absl::CivilDay(2026, 4, 1));
  *d.mutable_issue_deadline()->mutable_deadline() = ToProtoDate(absl::CivilDay(2026, 4, 9));
  const Env env = EnvAt(At(2026, 4, 1, 18));
  v1::Task t = TaskFromDecision(d, "meeting:7", env);
  EXPECT_EQ(t.category(), v1::TASK_CATEGORY_WORK_REPORT_TARGET_OR_MEETING_DECISION);
  EXPECT_EQ(FromProtoDate(t.deadline()), absl::CivilDay(2026, 4, 9));
  EXPECT_EQ(t.source().name(), "decisions/3");
  EXPECT_EQ(t.lead_unit(), "units/agriculture-bureau");
  // Without a date: supervision.default_task_wd working days after the meeting.
  d.clear_issue_deadline();
  d.set_major(true);
  const v1::Task later = TaskFromDecision(d, "meeting:8", env);
  EXPECT_EQ(FromProtoDate(later.deadline()), testing::Cal().AddWorkingDays(absl::CivilDay(2026, 4, 1), 20).day);
  EXPECT_EQ(later.category(), v1::TASK_CATEGORY_COUNTY_MAJOR_DECISION);
  SourceResolved(t, "document issued: documents/9", env);
  EXPECT_TRUE(t.source_resolved());
}

TEST(LedgerTest, SUP_12_ARandomDrawIsRepeatableFromItsSeedAndPopulation) {
  std::vector<std::string> population;
  for (int i = 1; i <= 50; ++i) population.push_back(absl::StrCat("tasks/", i));
  const std::vector<std::string> first = Draw(population, 20261202, 5);
  ASSERT_EQ(first.size(), 5u);
  // The same inputs in any order give the same tasks; another seed gives others.
  std::vector<std::string> shuffled(population.rbegin(), population.rend());
  EXPECT_EQ(Draw(shuffled, 20261202, 5), first);
  EXPECT_NE(Draw(population, 20261203, 5), first);
  // No task twice; a sample larger than the population takes it all.
  std::set<std::string> distinct(first.begin(), first.end());
  EXPECT_EQ(distinct.size(), 5u);
  EXPECT_EQ(Draw({"tasks/1", "tasks/2"}, 7, 10).size(), 2u);
  // The first pick is fixed by the standard mt19937_64 output for this seed.
  std::mt19937_64 rng(20261202);
  std::vector<std::string> sorted = population;
  std::sort(sorted.begin(), sorted.end());
  EXPECT_EQ(first[0], sorted[rng() % 50]);
}

org::Unit Water() {
  org::Unit u;
  u.unit = "units/water-bureau";
  u.principal_head = "officials/li-jiang";
  u.primary_leader = "officials/yu-han";
  return u;
}

TEST(CaseTest, SUP_02_ASuggestionIsDueInThreeMonthsNeedsContactAndAPublicResult) {
  // S-31: assigned on 2026-03-23, due 06-23, reminders on 06-08 and 06-18.
  const Env env = EnvAt(At(2026, 3, 23));
  v1::Suggestion s;
  s.set_name("suggestions/1");
  s.set_kind(v1::SUGGESTION_KIND_NPC_SUGGESTION);
  s.set_title("关于加快补远江勐仑段河道治理的建议");
  s.set_handling_unit("units/water-bureau");
  Effects fx;
  ASSERT_TRUE(AssignSuggestion(s, Water(), "officials/sun-jie", env, fx).ok());
  EXPECT_EQ(s.responsible_person(), "officials/li-jiang");
  EXPECT_EQ(FromProtoDate(s.deadline()), absl::CivilDay(2026, 6, 23));
  std::map<std::string, absl::Time> due;
  for (const TimerOut& t : fx.timers()) due[t.kind] = t.due;
  EXPECT_EQ(due["suggestion.reminder.15"], absl::FromCivil(absl::CivilSecond(2026, 6, 8, 0, 0, 0), ChinaTimeZone()));
  EXPECT_EQ(due["suggestion.reminder.5"], absl::FromCivil(absl::CivilSecond(2026, 6, 18, 0, 0, 0), ChinaTimeZone()));
  // No reply without contact with the deputy.
  Effects reply;
  EXPECT_EQ(Rule(Reply(s, "已列入2026年实施计划", "", "", EnvAt(At(2026, 6, 10)), TestNames(), reply)), "SUP-02");
  ASSERT_TRUE(RecordCommunication(s, "6月9日电话沟通", Official("li-jiang", {"R-DEPT-HEAD"}), env).ok());
  // Replied but not public: escalated to supervision, waiting for publication.
  ASSERT_TRUE(Reply(s, "已列入2026年实施计划", "", "", EnvAt(At(2026, 6, 15)), TestNames(), reply).ok());
  EXPECT_EQ(s.state(), v1::SUGGESTION_STATE_REPLIED_UNPUBLISHED);
  EXPECT_EQ(Escalations(reply), 1);
  ASSERT_TRUE(Publish(s, "县政府门户网站", EnvAt(At(2026, 6, 18))).ok());
  EXPECT_EQ(s.state(), v1::SUGGESTION_STATE_CLOSED);
  // Late: supervision and the leader in charge.
  v1::Suggestion late = s;
  late.set_state(v1::SUGGESTION_STATE_ASSIGNED);
  Effects overdue;
  ASSERT_TRUE(SuggestionOverdue({late, 1}, EnvAt(At(2026, 6, 24)), TestNames(), overdue).ok());
  EXPECT_EQ(Escalations(overdue), 2);
}

TEST(CaseTest, SUP_06_AnImportantLetterIsReadInPersonInFiveWorkingDaysAndACaseNeedsItsLeader) {
  // S-32: flagged on Mon 2026-03-16, read by Mon 03-23.
  const Env env = EnvAt(At(2026, 3, 16));
  v1::Petition p;
  p.set_name("petitions/1");
  p.set_reference("XF-2026-0311");
  p.set_summary("勐满农场社区50户橡胶地承包纠纷");
  p.set_handling_unit("units/water-bureau");
  p.set_important(true);
  Effects fx;
  ASSERT_TRUE(RegisterPetition(p, Water(), {"officials/chen-li", "officials/sun-jie"}, env, fx).ok());
  EXPECT_EQ(FromProtoDate(p.read_deadline()), absl::CivilDay(2026, 3, 23));
  EXPECT_EQ(p.reader(), "officials/yu-han");
  Effects late;
  ASSERT_TRUE(PetitionReadOverdue({p, 1}, EnvAt(At(2026, 3, 24, 0)), TestNames(), late).ok());
  EXPECT_EQ(Escalations(late), 2);
  // A clerk does not read it for the leader.
  EXPECT_EQ(Rule(ReadPetition(p, "请核实", Official("li-wen", {"R-OFFICE"}), Water(), env, fx)), "SUP-06");
  ASSERT_TRUE(ReadPetition(p, "请水务局牵头核实处理", Official("yu-han", {"R-DH"}), Water(), env, fx).ok());
  const absl::Status no_leader = AdvancePetition(p, v1::PETITION_STATE_IN_PROGRESS, "", "", env);
  EXPECT_EQ(no_leader.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(Rule(no_leader), "SUP-06");
  ASSERT_TRUE(AdvancePetition(p, v1::PETITION_STATE_IN_PROGRESS, "officials/yu-han", "", env).ok());
  ASSERT_TRUE(AdvancePetition(p, v1::PETITION_STATE_RESOLVED, "", "调解达成协议", env).ok());
  EXPECT_EQ(p.state(), v1::PETITION_STATE_RESOLVED);
}

TEST(ReportTest, SUP_09_TheComplianceReportCountsThePeriodsEscalationsPerRuleAndExportsCsv) {
  auto escalation = [](const std::string& name, const std::string& service, const std::string& rule, absl::CivilDay day,
                       const std::string& message) {
    common::v1::Escalation e;
    e.set_name(name);
    e.set_service(service);
    e.set_rule_id(rule);
    e.mutable_article()->set_display_zh("第四十五条");
    e.set_subject("decisions/1");
    e.set_message_zh(message);
    *e.mutable_create_time() = ToProtoTime(absl::FromCivil(absl::CivilSecond(day), ChinaTimeZone()) + absl::Hours(1));
    return e;
  };
  const std::vector<common::v1::Escalation> all = {
      escalation("escalations/meeting-2", "meeting", "MTG-23", absl::CivilDay(2026, 4, 10), "逾期未印发"),
      escalation("escalations/supervision-1", "supervision", "SUP-10", absl::CivilDay(2026, 4, 10), "逾期, \"红\""),
      escalation("escalations/meeting-3", "meeting", "MTG-23", absl::CivilDay(2026, 4, 20), "逾期未印发"),
      escalation("escalations/document-1", "document", "DOC-15", absl::CivilDay(2026, 5, 2), "outside the period"),
  };
  const v1::ComplianceReport r = BuildReport(all, absl::CivilDay(2026, 4, 1), absl::CivilDay(2026, 4, 30), {});
  ASSERT_EQ(r.lines_size(), 3);
  ASSERT_EQ(r.by_rule_size(), 2);
  EXPECT_EQ(r.by_rule(0).rule_id(), "MTG-23");
  EXPECT_EQ(r.by_rule(0).count(), 2);
  EXPECT_EQ(r.by_service().at("meeting"), 2);
  // RFC 4180: a field with a comma or quote is quoted, quotes doubled.
  EXPECT_NE(r.csv().find("\"逾期, \"\"红\"\"\""), std::string::npos) << r.csv();
  EXPECT_EQ(r.csv().rfind("raised_at,service,rule_id", 0), 0u);
  EXPECT_EQ(CsvField("plain"), "plain");
}

}  // namespace
}  // namespace xianfu::supervision
