// supervision-svc's ledger rules on plain data, named by rule id.
#include "supervision-svc/domain/ledger.h"

#include <algorithm>
#include <map>
#include <random>
#include <set>
#include <tuple>

#include "absl/strings/str_cat.h"
#include "common/deadline_proto.h"
#include "common/tests/domain_fixture.h"
#include "gtest/gtest.h"
#include "supervision-svc/domain/cases.h"
#include "supervision-svc/domain/circular.h"
#include "supervision-svc/domain/escalation_items.h"
#include "supervision-svc/domain/plan.h"
#include "supervision-svc/domain/report.h"
#include "xianfu/common/v1/escalation.pb.h"

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

TEST(LedgerTest, SUP_07_WhatTheServiceDoesToATaskOnItsOwnIsOnTheTasksTrailBeforeAndAfter) {
  // 责任倒查: a task marked overdue by the timer is audited on the task's chain, under its rule, with
  // the digests of the record before and after (the verbs' entries come from the apply step).
  v1::Task t = NewTask();
  Effects open;
  ASSERT_TRUE(OpenTask(t, Agriculture(), "officials/sun-jie", "officials/sun-jie", EnvAt(At(2026, 3, 30)), open).ok());
  Effects late;
  ASSERT_TRUE(MarkOverdue({t, 1}, EnvAt(At(2026, 4, 10, 0)), TestNames(), late).ok());
  const auto overdue = std::find_if(late.audits().begin(), late.audits().end(),
                                    [](const AuditOut& a) { return a.action == "TaskOverdue"; });
  ASSERT_NE(overdue, late.audits().end());
  EXPECT_EQ(overdue->resource, "tasks/1");
  EXPECT_EQ(overdue->rule_id, "SUP-10");
  EXPECT_FALSE(overdue->before_digest.empty());
  EXPECT_NE(overdue->before_digest, overdue->after_digest);
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
  // Late: the unit's first responsible person at once; two working days on (04-10, 04-13), still
  // late, the leader in charge and supervision.
  Effects late;
  ASSERT_TRUE(MarkOverdue({t, 1}, EnvAt(At(2026, 4, 10, 0)), TestNames(), late).ok());
  EXPECT_EQ(Escalations(late), 1);
  std::map<std::string, absl::Time> armed;
  for (const TimerOut& timer : late.timers()) armed[timer.kind] = timer.due;
  EXPECT_EQ(armed["task.escalate"], DeadlinePassesAt(absl::CivilDay(2026, 4, 13)));
  v1::Task overdue = t;
  overdue.set_overdue(true);
  Effects further;
  ASSERT_TRUE(EscalateFurther({overdue, 2}, EnvAt(At(2026, 4, 14, 0)), TestNames(), further).ok());
  EXPECT_EQ(Escalations(further), 2);
  overdue.set_state(v1::TASK_STATE_REPORTED_DONE);
  Effects settled;
  ASSERT_TRUE(EscalateFurther({overdue, 3}, EnvAt(At(2026, 4, 14, 0)), TestNames(), settled).ok());
  EXPECT_EQ(Escalations(settled), 0);
  // A task reported done is not chased.
  v1::Task done = t;
  done.set_state(v1::TASK_STATE_REPORTED_DONE);
  Effects quiet;
  ASSERT_TRUE(MarkOverdue({done, 1}, EnvAt(At(2026, 4, 10, 0)), TestNames(), quiet).ok());
  EXPECT_EQ(Escalations(quiet), 0);
}

TEST(LedgerTest, SUP_09_ProgressIsReportedEveryIntervalAndAMissedPeriodIsEscalated) {
  const Env env = EnvAt(At(2026, 3, 30));
  v1::Task t = NewTask();
  t.set_progress_interval_wd(5);
  Effects fx;
  ASSERT_TRUE(OpenTask(t, Agriculture(), "officials/sun-jie", "officials/sun-jie", env, fx).ok());
  // Five working days from Mon 03-30 across Qingming: 03-31, 04-01, 04-02, 04-03, 04-07.
  EXPECT_EQ(FromProtoTime(t.next_progress_due()),
            absl::FromCivil(absl::CivilSecond(2026, 4, 7, 0, 0, 0), ChinaTimeZone()));
  // A report in the period: nothing escalated, the next period starts.
  ASSERT_TRUE(ReportProgress(t, "已完成选址", Official("zhang-lei", {"R-DEPT-HEAD"}), EnvAt(At(2026, 4, 2))).ok());
  Effects first;
  ASSERT_TRUE(ProgressPeriodEnded({t, 2}, EnvAt(At(2026, 4, 7, 0)), TestNames(), first).ok());
  EXPECT_EQ(Escalations(first), 0);
  const v1::Task& after_first = static_cast<const v1::Task&>(*first.writes().front().record);
  EXPECT_EQ(after_first.progress_reports_missed(), 0);
  // The next period passes without one: warned and escalated to the first responsible person.
  Effects second;
  ASSERT_TRUE(ProgressPeriodEnded({after_first, 3}, EnvAt(At(2026, 4, 14, 0)), TestNames(), second).ok());
  EXPECT_EQ(Escalations(second), 1);
  const v1::Task& after_second = static_cast<const v1::Task&>(*second.writes().front().record);
  EXPECT_EQ(after_second.progress_reports_missed(), 1);
  EXPECT_EQ(after_second.warnings(after_second.warnings_size() - 1).violation().rule_id(), "SUP-09");
  // Reported done: no more periods.
  v1::Task done = after_second;
  done.set_state(v1::TASK_STATE_REPORTED_DONE);
  Effects quiet;
  ASSERT_TRUE(ProgressPeriodEnded({done, 4}, EnvAt(At(2026, 4, 21, 0)), TestNames(), quiet).ok());
  EXPECT_TRUE(quiet.writes().empty());
}

TEST(LedgerTest, SUP_10_AReminderMovesWithANewHolidayUnlessItFiredAlready) {
  // Due Mon 04-20: T-3 working days is 04-15 nationally; with 04-13…04-15 off and Saturday 04-18
  // made up, it is 04-16 (04-18, 04-17, 04-16).
  v1::Task t = NewTask();
  *t.mutable_deadline() = ToProtoDate(absl::CivilDay(2026, 4, 20));
  t.set_state(v1::TASK_STATE_IN_PROGRESS);
  const CalendarUpdate update{testing::CalendarPtr(), testing::CalendarWithDaiNewYear(), {}};
  Env env = EnvAt(At(2026, 4, 8));
  env.calendar = update.current;
  Effects fx;
  ASSERT_TRUE(RearmForCalendar({t, 1}, update, env, fx).ok());
  std::map<std::string, absl::Time> due;
  for (const TimerOut& timer : fx.timers()) due[timer.kind] = timer.due;
  EXPECT_EQ(due["task.reminder.3"], absl::FromCivil(absl::CivilSecond(2026, 4, 16, 0, 0, 0), ChinaTimeZone()));
  EXPECT_FALSE(due.contains("task.reminder.0"));  // the day itself did not move
  // On 04-15 at 10:00 the national reminder (that morning) has fired: it is not sent again.
  Env later = EnvAt(At(2026, 4, 15));
  later.calendar = update.current;
  Effects quiet;
  ASSERT_TRUE(RearmForCalendar({t, 1}, update, later, quiet).ok());
  EXPECT_FALSE(std::any_of(quiet.timers().begin(), quiet.timers().end(),
                           [](const TimerOut& timer) { return timer.kind == "task.reminder.3"; }));
}

std::map<std::string, absl::Time> TimersSet(const Effects& fx) {
  std::map<std::string, absl::Time> due;
  for (const TimerOut& timer : fx.timers()) {
    if (!timer.cancel) due[timer.kind] = timer.due;
  }
  return due;
}

TEST(LedgerTest, SUP_14_ADeadlineCountedInWorkingDaysMovesWithANewCalendar) {
  // A decision of 03-20 that names no due date: default_task_wd (20) working days, which cross
  // the prefecture's Dai New Year (04-13…04-15) once the new calendar has it.
  meeting::v1::Decision d;
  d.set_name("decisions/4");
  d.set_text("加快推进边境贸易便利化");
  d.set_responsible_unit("units/agriculture-bureau");
  *d.mutable_decide_date() = ToProtoDate(absl::CivilDay(2026, 3, 20));
  v1::Task t = TaskFromDecision(d, "meeting:9", EnvAt(At(2026, 3, 20, 18)));
  t.set_state(v1::TASK_STATE_IN_PROGRESS);
  ASSERT_TRUE(t.has_deadline_explanation());
  EXPECT_EQ(t.deadline_explanation().working_days(), 20);
  const CalendarUpdate update{testing::CalendarPtr(), testing::CalendarWithDaiNewYear(), {}};
  const absl::CivilDay national = FromProtoDate(t.deadline());
  const absl::CivilDay local = update.current->AddWorkingDays(absl::CivilDay(2026, 3, 20), 20).day;
  ASSERT_NE(national, local);
  Env env = EnvAt(At(2026, 3, 25));
  env.calendar = update.current;
  Effects fx;
  ASSERT_TRUE(RearmForCalendar({t, 3}, update, env, fx).ok());
  ASSERT_EQ(fx.writes().size(), 1u);
  const auto& moved = static_cast<const v1::Task&>(*fx.writes()[0].record);
  EXPECT_EQ(fx.writes()[0].expected_version, 3);
  EXPECT_EQ(FromProtoDate(moved.deadline()), local);
  EXPECT_EQ(moved.deadline_explanation().calendar_version(), update.current->version());
  std::map<std::string, absl::Time> due = TimersSet(fx);
  EXPECT_EQ(due["task.overdue"], DeadlinePassesAt(local));
  EXPECT_EQ(due["task.reminder.0"], absl::FromCivil(absl::CivilSecond(local), ChinaTimeZone()));
  ASSERT_EQ(fx.audits().size(), 1u);
  EXPECT_EQ(fx.audits()[0].action, "DeadlineRecomputed");
  EXPECT_EQ(fx.audits()[0].rule_id, "SUP-14");
  // A deadline given as a date, or agreed anew at the source, stays where it is.
  v1::Task given = t;
  given.clear_deadline_explanation();
  Effects none;
  ASSERT_TRUE(RearmForCalendar({given, 3}, update, env, none).ok());
  EXPECT_TRUE(none.writes().empty());
  EXPECT_FALSE(TimersSet(none).contains("task.overdue"));
  // Once overdue it was overdue under the calendar of its day.
  v1::Task overdue = t;
  overdue.set_overdue(true);
  Effects kept;
  ASSERT_TRUE(RearmForCalendar({overdue, 3}, update, env, kept).ok());
  EXPECT_TRUE(kept.writes().empty());
}

TEST(LedgerTest, SUP_09_TheEndOfAProgressPeriodMovesWithANewCalendar) {
  // A period of 5 working days from Thu 04-09: Thu 04-16 nationally; with 04-13…04-15 off and
  // Saturday 04-18 made up, Mon 04-20 (04-10, 04-16, 04-17, 04-18, 04-20).
  v1::Task t = NewTask();
  *t.mutable_deadline() = ToProtoDate(absl::CivilDay(2026, 6, 30));
  t.set_state(v1::TASK_STATE_IN_PROGRESS);
  t.set_progress_interval_wd(5);
  *t.mutable_progress_period_start() = ToProtoTime(At(2026, 4, 9));
  *t.mutable_next_progress_due() =
      ToProtoTime(absl::FromCivil(absl::CivilSecond(2026, 4, 16, 0, 0, 0), ChinaTimeZone()));
  const CalendarUpdate update{testing::CalendarPtr(), testing::CalendarWithDaiNewYear(), {}};
  Env env = EnvAt(At(2026, 4, 10));
  env.calendar = update.current;
  Effects fx;
  ASSERT_TRUE(RearmForCalendar({t, 2}, update, env, fx).ok());
  const absl::Time monday = absl::FromCivil(absl::CivilSecond(2026, 4, 20, 0, 0, 0), ChinaTimeZone());
  EXPECT_EQ(TimersSet(fx)["task.progress"], monday);
  ASSERT_EQ(fx.writes().size(), 1u);
  EXPECT_EQ(FromProtoTime(static_cast<const v1::Task&>(*fx.writes()[0].record).next_progress_due()), monday);
  ASSERT_EQ(fx.audits().size(), 1u);  // the period moved; the deadline did not
  EXPECT_EQ(fx.audits()[0].action, "ProgressDueRecomputed");
  EXPECT_EQ(fx.audits()[0].rule_id, "SUP-09");
}

TEST(LedgerTest, SUP_10_RemindersInCalendarDaysCountCalendarDays) {
  policy::v1::CountyPolicy proto = testing::Mengla().proto();
  proto.mutable_supervision()->mutable_reminders()->set_unit(policy::v1::DAY_UNIT_CALENDAR_DAY);
  const Policy calendar_days(proto, "test");
  Env env = EnvAt(At(2026, 4, 1));
  env.policy = &calendar_days;
  v1::Task t = NewTask();
  *t.mutable_deadline() = ToProtoDate(absl::CivilDay(2026, 4, 20));  // a Monday
  Effects fx;
  ASSERT_TRUE(OpenTask(t, Agriculture(), "officials/sun-jie", "officials/sun-jie", env, fx).ok());
  // Three calendar days before Monday is Friday (not Wednesday, three working days before).
  EXPECT_EQ(TimersSet(fx)["task.reminder.3"],
            absl::FromCivil(absl::CivilSecond(2026, 4, 17, 0, 0, 0), ChinaTimeZone()));
  Env saturday = EnvAt(At(2026, 4, 18));
  saturday.policy = &calendar_days;
  Paint(t, saturday);
  EXPECT_EQ(t.colour(), v1::COLOUR_YELLOW);
  Env thursday = EnvAt(At(2026, 4, 16));
  thursday.policy = &calendar_days;
  Paint(t, thursday);
  EXPECT_EQ(t.colour(), v1::COLOUR_GREEN);
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

TEST(CaseTest, SUP_06_AnUnreadLettersDeadlineMovesWithANewCalendar) {
  // Registered Wed 04-08: 5 working days is Wed 04-15 nationally; with 04-13…04-15 off and
  // Saturday 04-18 made up, Sat 04-18 (04-09, 04-10, 04-16, 04-17, 04-18).
  v1::Petition p;
  p.set_name("petitions/2");
  p.set_reference("XF-2026-0402");
  p.set_summary("关累港码头搬迁补偿");
  p.set_handling_unit("units/water-bureau");
  p.set_important(true);
  Effects registered;
  ASSERT_TRUE(RegisterPetition(p, Water(), {"officials/chen-li"}, EnvAt(At(2026, 4, 8)), registered).ok());
  EXPECT_EQ(FromProtoDate(p.read_deadline()), absl::CivilDay(2026, 4, 15));
  EXPECT_EQ(p.read_deadline_explanation().working_days(), 5);
  const CalendarUpdate update{testing::CalendarPtr(), testing::CalendarWithDaiNewYear(), {}};
  Env env = EnvAt(At(2026, 4, 9));
  env.calendar = update.current;
  Effects fx;
  ASSERT_TRUE(RecomputeReadDeadline({p, 1}, update, env, fx).ok());
  ASSERT_EQ(fx.writes().size(), 1u);
  EXPECT_EQ(FromProtoDate(static_cast<const v1::Petition&>(*fx.writes()[0].record).read_deadline()),
            absl::CivilDay(2026, 4, 18));
  EXPECT_EQ(TimersSet(fx)["petition.read_due"], DeadlinePassesAt(absl::CivilDay(2026, 4, 18)));
  ASSERT_EQ(fx.audits().size(), 1u);
  EXPECT_EQ(fx.audits()[0].rule_id, "SUP-06");
  // Read already: nothing moves.
  p.set_read_by("officials/yu-han");
  Effects read;
  ASSERT_TRUE(RecomputeReadDeadline({p, 2}, update, env, read).ok());
  EXPECT_TRUE(read.writes().empty());
  EXPECT_TRUE(read.timers().empty());
}

TEST(CaseTest, SUP_02_WorkingDayRemindersOfASuggestionMoveWithANewCalendar) {
  policy::v1::CountyPolicy proto = testing::Mengla().proto();
  proto.mutable_proposals()->mutable_reminders()->set_unit(policy::v1::DAY_UNIT_WORKING_DAY);
  proto.mutable_proposals()->mutable_reminders()->clear_days_before();
  proto.mutable_proposals()->mutable_reminders()->add_days_before(3);
  const Policy working_days(proto, "test");
  v1::Suggestion s;
  s.set_name("suggestions/5");
  s.set_state(v1::SUGGESTION_STATE_ASSIGNED);
  *s.mutable_deadline() = ToProtoDate(absl::CivilDay(2026, 4, 20));
  const CalendarUpdate update{testing::CalendarPtr(), testing::CalendarWithDaiNewYear(), {}};
  Env env = EnvAt(At(2026, 4, 8));
  env.policy = &working_days;
  env.calendar = update.current;
  Effects fx;
  ASSERT_TRUE(RearmSuggestionForCalendar({s, 1}, update, env, fx).ok());
  EXPECT_EQ(TimersSet(fx)["suggestion.reminder.3"],
            absl::FromCivil(absl::CivilSecond(2026, 4, 16, 0, 0, 0), ChinaTimeZone()));
  // Counted in calendar days (Mengla's policy), a new calendar moves nothing.
  env.policy = &testing::Mengla();
  Effects none;
  ASSERT_TRUE(RearmSuggestionForCalendar({s, 1}, update, env, none).ok());
  EXPECT_TRUE(none.timers().empty());
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

v1::SupervisionPlan DraftedPlan(const Env& env) {
  v1::SupervisionPlan plan;
  plan.set_name("plans/1");
  plan.set_year(2026);
  plan.add_items()->set_title("高标准农田建设专项督查");
  plan.add_items()->set_title("河道治理随机抽查");
  EXPECT_TRUE(DraftPlan(plan, "officials/sun-jie", env).ok());
  return plan;
}

TEST(PlanTest, SUP_10_AnActivityNeedsAnApprovedPlanItemOrItsOwnApproval) {
  const Env env = EnvAt(At(2026, 1, 10));
  v1::SupervisionPlan plan = DraftedPlan(env);
  EXPECT_EQ(plan.items(1).name(), "plans/1/items/2");
  std::vector<common::v1::Warning> warnings;
  // Not approved: nothing in it may start; no item named at all: refused likewise.
  EXPECT_EQ(Rule(PlannedItem(plan, "plans/1/items/1", env, warnings).status()), "SUP-10");
  EXPECT_EQ(Rule(Unplanned(*env.policy, "plan_item")), "SUP-10");
  // Only the approver the policy names for SUP-10 (the county head) approves.
  const absl::Status by_office = ApprovePlan(plan, Official("sun-jie", {"R-SUP"}), env);
  EXPECT_EQ(by_office.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(Rule(by_office), "SUP-10");
  ASSERT_TRUE(ApprovePlan(plan, Official("chen-li", {"R-CH"}), env).ok());
  // Approved, not yet filed: it goes ahead with a warning.
  ASSERT_TRUE(PlannedItem(plan, "plans/1/items/1", env, warnings).ok());
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_EQ(warnings[0].violation().rule_id(), "SUP-10");
  ASSERT_TRUE(FilePlan(plan, "县委督查室", "督备〔2026〕1号", env).ok());
  warnings.clear();
  ASSERT_TRUE(PlannedItem(plan, "plans/1/items/2", env, warnings).ok());
  EXPECT_TRUE(warnings.empty());
  EXPECT_EQ(PlannedItem(plan, "plans/1/items/3", env, warnings).status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(PlannedItem(plan, "plans/1/x", env, warnings).status().code(), absl::StatusCode::kInvalidArgument);
  // Last year's plan does not cover this year's activities.
  EXPECT_EQ(Rule(PlannedItem(plan, "plans/1/items/1", EnvAt(At(2027, 1, 5)), warnings).status()), "SUP-10");
  // 审批 outside the plan: the county head, with a reason; then it is filed again.
  v1::PlanItem extra;
  extra.set_title("森林防火明察暗访");
  EXPECT_EQ(Rule(ApproveAdHocItem(plan, extra, "急", Official("chen-li", {"R-CH"}), env)), "SUP-10");
  EXPECT_EQ(ApproveAdHocItem(plan, extra, "森林防火形势严峻", Official("sun-jie", {"R-SUP"}), env).code(),
            absl::StatusCode::kPermissionDenied);
  ASSERT_TRUE(ApproveAdHocItem(plan, extra, "森林防火形势严峻", Official("chen-li", {"R-CH"}), env).ok());
  EXPECT_EQ(plan.state(), v1::PLAN_STATE_APPROVED);
  EXPECT_TRUE(plan.items(2).ad_hoc());
  EXPECT_EQ(plan.items(2).approved_by(), "officials/chen-li");
  ASSERT_TRUE(FilePlan(plan, "县委督查室", "督备〔2026〕2号", env).ok());
  EXPECT_EQ(plan.items(0).filing_reference(), "督备〔2026〕1号");
  EXPECT_EQ(plan.items(2).filing_reference(), "督备〔2026〕2号");
}

document::v1::HandlingItem Instruction() {
  document::v1::HandlingItem item;
  item.set_name("handlingItems/4");
  item.set_reference("PS-2026-045");
  item.set_source(document::v1::HANDLING_SOURCE_LEADER_INSTRUCTION);
  item.set_instructing_leader("officials/yu-han");
  item.set_handling_unit("units/agriculture-bureau");
  item.set_task("核实勐满农场橡胶地承包纠纷并提出处理意见");
  *item.mutable_deadline() = ToProtoDate(absl::CivilDay(2026, 4, 9));
  return item;
}

void Extend(document::v1::HandlingItem& item, absl::CivilDay to, bool beyond) {
  document::v1::Extension* e = item.add_extensions();
  *e->mutable_new_deadline() = ToProtoDate(to);
  e->set_explanation("需征求林草局意见");
  e->set_consented_by("officials/yu-han");
  e->set_override(beyond);
  *item.mutable_deadline() = ToProtoDate(to);
}

TEST(LedgerTest, SUP_15_ALeadersInstructionItemIsATaskAndEveryExtensionIsLogged) {
  const Env env = EnvAt(At(2026, 3, 30));
  document::v1::HandlingItem item = Instruction();
  v1::Task t = TaskFromHandlingItem(item, "document:7");
  EXPECT_EQ(t.category(), v1::TASK_CATEGORY_LEADER_INSTRUCTION);
  EXPECT_EQ(t.source().name(), "handlingItems/4");
  t.set_name("tasks/9");
  Effects open;
  ASSERT_TRUE(OpenTask(t, Agriculture(), "officials/sun-jie", "document-svc", env, open).ok());
  // Two extensions arrive (one event may carry both after a restart): both logged, once.
  Extend(item, absl::CivilDay(2026, 4, 20), false);
  Extend(item, absl::CivilDay(2026, 4, 30), false);
  Effects fx;
  ExtendedAtSource(t, item, env, fx);
  ExtendedAtSource(t, item, env, fx);
  ASSERT_EQ(t.extensions_size(), 2);
  EXPECT_EQ(FromProtoDate(t.extensions(1).previous_deadline()), absl::CivilDay(2026, 4, 20));
  EXPECT_EQ(FromProtoDate(t.deadline()), absl::CivilDay(2026, 4, 30));
  bool rearmed = false;
  for (const TimerOut& timer : fx.timers()) rearmed = rearmed || (timer.kind == kOverdueTimer && !timer.cancel);
  EXPECT_TRUE(rearmed);
  // Late, it is escalated under DOC-23 (the item's time limit), not as a plain ledger task.
  EXPECT_EQ(LatenessRule(t), "DOC-23");
  // Completed in document-svc: reported done that day, for supervision to verify.
  *item.mutable_complete_time() = ToProtoTime(At(2026, 4, 28));
  Effects completed;
  CompletedAtSource(t, item, EnvAt(At(2026, 4, 28, 11)), completed);
  EXPECT_EQ(t.state(), v1::TASK_STATE_REPORTED_DONE);
  EXPECT_EQ(FromProtoDate(t.done_date()), absl::CivilDay(2026, 4, 28));
  EXPECT_TRUE(t.source_resolved());
  EXPECT_TRUE(std::any_of(completed.timers().begin(), completed.timers().end(),
                          [](const TimerOut& timer) { return timer.kind == kOverdueTimer && timer.cancel; }));
}

v1::Task Due(const std::string& name, const std::string& unit, const std::string& leader, absl::CivilDay deadline) {
  v1::Task t;
  t.set_name(name);
  t.set_title(name);
  t.set_lead_unit(unit);
  t.set_leader_in_charge(leader);
  t.set_state(v1::TASK_STATE_IN_PROGRESS);
  *t.mutable_deadline() = ToProtoDate(deadline);
  return t;
}

TEST(CircularTest, SUP_13_TheCircularCountsEachUnitAndLeaderAndMarksCommendationAndWarning) {
  // April's circular, counted on 05-06.
  const Env env = EnvAt(At(2026, 5, 6));
  std::vector<v1::Task> tasks;
  v1::Task on_time = Due("tasks/1", "units/water-bureau", "officials/yu-han", absl::CivilDay(2026, 4, 10));
  on_time.set_state(v1::TASK_STATE_VERIFIED);
  *on_time.mutable_done_date() = ToProtoDate(absl::CivilDay(2026, 4, 9));
  v1::Task late = Due("tasks/2", "units/agriculture-bureau", "officials/yu-han", absl::CivilDay(2026, 4, 15));
  late.set_state(v1::TASK_STATE_REPORTED_DONE);
  *late.mutable_done_date() = ToProtoDate(absl::CivilDay(2026, 4, 17));
  v1::Task overdue = Due("tasks/3", "units/agriculture-bureau", "officials/yu-han", absl::CivilDay(2026, 4, 20));
  v1::Task outside = Due("tasks/4", "units/water-bureau", "officials/yu-han", absl::CivilDay(2026, 5, 20));
  tasks = {on_time, late, overdue, outside};
  const v1::Circular c = ComposeCircular(absl::CivilDay(2026, 4, 1), absl::CivilDay(2026, 4, 30), tasks, env);
  EXPECT_EQ(c.total().due(), 3);
  ASSERT_EQ(c.units_size(), 2);
  const v1::Figures& agri = c.units(0);
  EXPECT_EQ(agri.subject(), "units/agriculture-bureau");
  EXPECT_EQ(agri.done_late(), 1);
  EXPECT_EQ(agri.overdue(), 1);
  EXPECT_EQ(agri.rating(), v1::RATING_WARN);
  EXPECT_EQ(c.units(1).done_on_time(), 1);
  EXPECT_EQ(c.units(1).rating(), v1::RATING_COMMEND);
  ASSERT_EQ(c.leaders_size(), 1);
  EXPECT_EQ(c.leaders(0).due(), 3);
  // The overdue one is named; the CSV has the county, the two units and the leader.
  ASSERT_EQ(c.flagged_size(), 1);
  EXPECT_EQ(c.flagged(0).task(), "tasks/3");
  EXPECT_EQ(c.flagged(0).rule_id(), "SUP-10");
  EXPECT_NE(c.csv().find("unit,units/water-bureau,1,1,0,0,0,0,0,RATING_COMMEND"), std::string::npos);
  EXPECT_EQ(std::count(c.csv().begin(), c.csv().end(), '\n'), 5);
}

TEST(CircularTest, SUP_15_TwoExtensionsOrOneBeyondTheLimitAreFlaggedOnTheCircular) {
  const Env env = EnvAt(At(2026, 5, 6));
  v1::Task twice = Due("tasks/1", "units/water-bureau", "officials/yu-han", absl::CivilDay(2026, 4, 10));
  twice.add_extensions();
  twice.add_extensions();
  v1::Task once = Due("tasks/2", "units/water-bureau", "officials/yu-han", absl::CivilDay(2026, 4, 29));
  once.add_extensions();
  v1::Task beyond = Due("tasks/3", "units/water-bureau", "officials/yu-han", absl::CivilDay(2026, 4, 29));
  beyond.add_extensions()->set_beyond_limit(true);
  for (v1::Task* t : {&twice, &once, &beyond}) {
    t->set_state(v1::TASK_STATE_VERIFIED);
    *t->mutable_done_date() = t->deadline();
  }
  const v1::Circular c =
      ComposeCircular(absl::CivilDay(2026, 4, 1), absl::CivilDay(2026, 4, 30), {twice, once, beyond}, env);
  std::set<std::string> flagged;
  for (const v1::FlaggedTask& f : c.flagged()) {
    EXPECT_EQ(f.rule_id(), "SUP-15");
    flagged.insert(f.task());
  }
  EXPECT_EQ(flagged, (std::set<std::string>{"tasks/1", "tasks/3"}));
  EXPECT_EQ(c.total().extended(), 3);
  EXPECT_EQ(c.total().extended_twice_or_more(), 1);
}

TEST(CaseTest, SUP_02_AnUnsatisfiedDeputyGetsTheSuggestionHandledAgain) {
  const Env env = EnvAt(At(2026, 3, 23));
  v1::Suggestion s;
  s.set_name("suggestions/1");
  s.set_title("关于加快补远江勐仑段河道治理的建议");
  s.set_handling_unit("units/water-bureau");
  Effects fx;
  ASSERT_TRUE(AssignSuggestion(s, Water(), "officials/sun-jie", env, fx).ok());
  // No view before a reply.
  EXPECT_EQ(RecordSatisfaction(s, v1::SATISFACTION_UNSATISFIED, env, fx).code(), absl::StatusCode::kFailedPrecondition);
  ASSERT_TRUE(RecordCommunication(s, "电话沟通", Official("li-jiang", {"R-DEPT-HEAD"}), env).ok());
  ASSERT_TRUE(Reply(s, "已列入计划", "县政府门户网站", "", EnvAt(At(2026, 5, 6)), TestNames(), fx).ok());
  Effects unsatisfied;
  ASSERT_TRUE(RecordSatisfaction(s, v1::SATISFACTION_UNSATISFIED, EnvAt(At(2026, 5, 12)), unsatisfied).ok());
  EXPECT_EQ(s.state(), v1::SUGGESTION_STATE_REHANDLING);
  EXPECT_EQ(s.rehandled(), 1);
  // Handled again within proposals.rehandle_months (1): due 06-12, the overdue timer re-armed.
  EXPECT_EQ(FromProtoDate(s.deadline()), absl::CivilDay(2026, 6, 12));
  bool overdue_armed = false;
  for (const TimerOut& t : unsatisfied.timers()) overdue_armed = overdue_armed || t.kind == kSuggestionOverdueTimer;
  EXPECT_TRUE(overdue_armed);
  // The earlier contact does not count for the new reply.
  Effects again;
  EXPECT_EQ(Rule(Reply(s, "已完成河道清淤", "县政府门户网站", "", EnvAt(At(2026, 6, 1)), TestNames(), again)),
            "SUP-02");
  ASSERT_TRUE(
      RecordCommunication(s, "6月1日现场座谈", Official("li-jiang", {"R-DEPT-HEAD"}), EnvAt(At(2026, 6, 1))).ok());
  ASSERT_TRUE(Reply(s, "已完成河道清淤", "县政府门户网站", "", EnvAt(At(2026, 6, 2)), TestNames(), again).ok());
  EXPECT_EQ(s.state(), v1::SUGGESTION_STATE_CLOSED);
  ASSERT_TRUE(RecordSatisfaction(s, v1::SATISFACTION_SATISFIED, EnvAt(At(2026, 6, 5)), again).ok());
  EXPECT_EQ(s.state(), v1::SUGGESTION_STATE_CLOSED);
  EXPECT_EQ(s.satisfaction(), v1::SATISFACTION_SATISFIED);
}

v1::Task Opened(v1::TaskOrigin origin, const Env& env, Effects& fx, bool with_deadline = true) {
  v1::Task t = NewTask();
  t.set_origin(origin);
  if (!with_deadline) t.clear_deadline();
  const OversightContacts contacts{
      .county_head = "officials/chen-li", .spokesperson = "officials/he-ping", .office_director = "officials/zhao-min"};
  EXPECT_TRUE(OpenTask(t, Agriculture(), "officials/sun-jie", "officials/sun-jie", env, fx, contacts).ok());
  return t;
}

// Through verification, ready to close.
void Verified(v1::Task& t, const Env& env) {
  Effects fx;
  t.set_state(v1::TASK_STATE_REPORTED_DONE);
  ASSERT_TRUE(Verify(t, true, "核查属实", std::nullopt, Official("sun-jie", {"R-SUP"}), env, fx).ok());
}

TEST(OversightTest, SUP_01_AnNpcFilingIsDueInThirtyCalendarDaysAndEscalatedWhenLate) {
  const Env env = EnvAt(At(2026, 3, 30));
  Effects fx;
  v1::Task t = Opened(v1::TASK_ORIGIN_NPC_FILING, env, fx, /*with_deadline=*/false);
  EXPECT_EQ(FromProtoDate(t.deadline()), absl::CivilDay(2026, 4, 29));
  EXPECT_FALSE(NeedsPlanItem(t));
  Effects late;
  ASSERT_TRUE(MarkOverdue({t, 1}, EnvAt(At(2026, 4, 30)), TestNames(), late).ok());
  ASSERT_FALSE(late.writes().empty());
  EXPECT_EQ(LatenessRule(t), "SUP-01");
  v1::Task inquiry = Opened(v1::TASK_ORIGIN_NPC_INQUIRY, env, fx);
  EXPECT_EQ(LatenessRule(inquiry), "SUP-01");
  // A normative document issued in the county government's name on 06-01: filed by 07-01.
  document::v1::Document normative;
  normative.set_name("documents/40");
  normative.set_title("勐腊县城市道路管理办法");
  const v1::Task filing =
      TaskFromNormativeIssue(normative, absl::CivilDay(2026, 6, 1), "document:12", testing::Mengla());
  EXPECT_EQ(filing.origin(), v1::TASK_ORIGIN_NPC_FILING);
  EXPECT_EQ(FromProtoDate(filing.deadline()), absl::CivilDay(2026, 7, 1));
  EXPECT_EQ(filing.source().name(), "documents/40");
  EXPECT_EQ(LatenessRule(filing), "SUP-01");
}

TEST(OversightTest, SUP_03_AFindingClosesOnlyAfterItsReportToTheCountyGovernmentAndAJudgmentTellsTheCountyHead) {
  const Env env = EnvAt(At(2026, 3, 30));
  Effects fx;
  v1::Task finding = Opened(v1::TASK_ORIGIN_OVERSIGHT_FINDING, env, fx);
  // Done means reported to the county government: a plain "done" is refused.
  EXPECT_EQ(Rule(ReportDone(finding, "已整改", Official("zhang-lei", {"R-DEPT-HEAD"}), env)), "SUP-03");
  v1::Task unreported = finding;
  unreported.set_state(v1::TASK_STATE_VERIFIED);
  EXPECT_EQ(Rule(Close(unreported, env, fx)), "SUP-03");
  ASSERT_TRUE(SubmitRectification(finding, "审计发现问题已整改，报县政府", env).ok());
  EXPECT_EQ(finding.state(), v1::TASK_STATE_REPORTED_DONE);
  Verified(finding, env);
  EXPECT_TRUE(Close(finding, env, fx).ok());
  // A judgment not complied with in time: the county head hears too.
  v1::Task judgment = Opened(v1::TASK_ORIGIN_COURT_JUDGMENT, env, fx);
  judgment.set_overdue(true);
  Effects late;
  ASSERT_TRUE(EscalateFurther({judgment, 1}, EnvAt(At(2026, 4, 14)), TestNames(), late).ok());
  std::set<std::string> told;
  for (const RecordWrite& w : late.writes()) {
    if (w.record->GetDescriptor()->name() == "Escalation") {
      told.insert(static_cast<const common::v1::Escalation&>(*w.record).assignee());
      EXPECT_EQ(static_cast<const common::v1::Escalation&>(*w.record).rule_id(), "SUP-03");
    }
  }
  EXPECT_TRUE(told.contains("officials/chen-li"));
}

TEST(OversightTest, SUP_12_AComplaintOfNonImplementationBecomesATaskWithoutAPlanItem) {
  const Env env = EnvAt(At(2026, 3, 30));
  Effects fx;
  v1::Task t = Opened(v1::TASK_ORIGIN_COMPLAINT, env, fx);
  EXPECT_EQ(t.state(), v1::TASK_STATE_ASSIGNED);
  EXPECT_FALSE(NeedsPlanItem(t));
  EXPECT_EQ(LatenessRule(t), "SUP-10");
}

TEST(OversightTest, SUP_04_AReconsiderationCaseIsRecordedOnTheLedger) {
  const Env env = EnvAt(At(2026, 3, 30));
  Effects fx;
  v1::Task t = Opened(v1::TASK_ORIGIN_RECONSIDERATION, env, fx);
  EXPECT_EQ(t.state(), v1::TASK_STATE_ASSIGNED);
  EXPECT_EQ(t.origin(), v1::TASK_ORIGIN_RECONSIDERATION);
  EXPECT_FALSE(NeedsPlanItem(t));
}

TEST(OversightTest, SUP_05_AMajorPublicReportClosesOnlyWithItsResultPublished) {
  const Env env = EnvAt(At(2026, 3, 30));
  Effects fx;
  v1::Task t = Opened(v1::TASK_ORIGIN_PUBLIC_REPORT, env, fx);
  t.set_major(true);
  Verified(t, env);
  const absl::Status s = Close(t, env, fx);
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(Rule(s), "SUP-05");
  ASSERT_TRUE(RecordPublication(t, "县融媒体中心", env, fx).ok());
  EXPECT_TRUE(Close(t, env, fx).ok());
  // Not major: it closes once verified.
  v1::Task minor = Opened(v1::TASK_ORIGIN_PUBLIC_REPORT, env, fx);
  Verified(minor, env);
  EXPECT_TRUE(Close(minor, env, fx).ok());
}

TEST(OversightTest, SUP_17_AnEmergencysReleaseIsDueInFiveHoursElseTheSpokespersonAndDirectorHear) {
  const Env env = EnvAt(At(2026, 7, 14, 9));
  Effects fx;
  v1::Task t = Opened(v1::TASK_ORIGIN_EMERGENCY_OPINION, env, fx, /*with_deadline=*/false);
  EXPECT_EQ(FromProtoTime(t.release_due()), At(2026, 7, 14, 14));
  bool armed = false;
  for (const TimerOut& timer : fx.timers())
    armed = armed || (timer.kind == kReleaseTimer && timer.due == At(2026, 7, 14, 14));
  EXPECT_TRUE(armed);
  Effects late;
  ASSERT_TRUE(ReleaseOverdue({t, 1}, EnvAt(At(2026, 7, 14, 14)), TestNames(), late).ok());
  std::set<std::string> told;
  for (const RecordWrite& w : late.writes()) {
    if (w.record->GetDescriptor()->name() == "Escalation") {
      told.insert(static_cast<const common::v1::Escalation&>(*w.record).assignee());
    }
  }
  EXPECT_EQ(told, (std::set<std::string>{"officials/he-ping", "officials/zhao-min"}));
  // Closing needs the release; a late one is warned.
  Verified(t, EnvAt(At(2026, 7, 15)));
  EXPECT_EQ(Rule(Close(t, EnvAt(At(2026, 7, 15)), fx)), "SUP-17");
  Effects published;
  ASSERT_TRUE(RecordPublication(t, "县政府门户网站", EnvAt(At(2026, 7, 14, 16)), published).ok());
  EXPECT_EQ(t.warnings(t.warnings_size() - 1).violation().rule_id(), "SUP-17");
  EXPECT_TRUE(Close(t, EnvAt(At(2026, 7, 15)), fx).ok());
}

common::v1::Escalation Raised(const std::string& name, const std::string& assignee) {
  common::v1::Escalation e;
  e.set_name(name);
  e.set_service("document");
  e.set_rule_id("DOC-15");
  e.set_subject("documents/12");
  e.set_assignee(assignee);
  e.set_message_zh("代签被拒");
  return e;
}

TEST(IntakeTest, EachModulesEscalationIsCountedOnceAndTheItemSettlesWhenEveryoneAcknowledged) {
  v1::EscalationItem item;
  ASSERT_TRUE(NoteRaised(item, Raised("escalations/document-7", "officials/yu-han")));
  ASSERT_TRUE(NoteRaised(item, Raised("escalations/document-8", "officials/sun-jie")));
  // The same escalation again (a redelivered event): nothing changes.
  EXPECT_FALSE(NoteRaised(item, Raised("escalations/document-7", "officials/yu-han")));
  EXPECT_EQ(item.escalations_size(), 2);
  EXPECT_EQ(item.state(), v1::ESCALATION_ITEM_STATE_OPEN);
  EXPECT_EQ(EscalationItemKey(item.service(), item.rule_id(), item.subject()), "document|DOC-15|documents/12");
  ASSERT_TRUE(NoteAcknowledged(item, Raised("escalations/document-7", "officials/yu-han")));
  EXPECT_FALSE(NoteAcknowledged(item, Raised("escalations/document-7", "officials/yu-han")));
  EXPECT_EQ(item.state(), v1::ESCALATION_ITEM_STATE_OPEN);
  ASSERT_TRUE(NoteAcknowledged(item, Raised("escalations/document-8", "officials/sun-jie")));
  EXPECT_EQ(item.state(), v1::ESCALATION_ITEM_STATE_ACKNOWLEDGED);
  // Escalated again to one who had acknowledged: open again.
  ASSERT_TRUE(NoteRaised(item, Raised("escalations/document-9", "officials/yu-han")));
  EXPECT_EQ(item.state(), v1::ESCALATION_ITEM_STATE_OPEN);
}

TEST(ReportTest, SUP_09_RecordedDeviationsAndCountsPerUnitAreInTheComplianceReport) {
  // A plenary half-year closed without its meeting: recorded (MTG-03), not escalated.
  meeting::v1::MeetingFrequencyWarning w;
  w.set_kind(meeting::v1::MEETING_KIND_PLENARY);
  *w.mutable_period_start() = ToProtoDate(absl::CivilDay(2026, 1, 1));
  *w.mutable_period_end() = ToProtoDate(absl::CivilDay(2026, 6, 30));
  w.set_rule_id("MTG-03");
  const Env env = EnvAt(At(2026, 7, 1));
  EXPECT_FALSE(DeviationFrom(w, "meeting:9", env).has_value());  // a warning ahead of time is not one
  w.set_deviation(true);
  std::optional<v1::RecordedDeviation> d = DeviationFrom(w, "meeting:9", env);
  ASSERT_TRUE(d.has_value());
  EXPECT_EQ(d->rule_id(), "MTG-03");
  EXPECT_FALSE(d->article().display_zh().empty());
  common::v1::Escalation e;
  e.set_name("escalations/document-1");
  e.set_service("document");
  e.set_rule_id("DOC-10");
  e.set_assignee("officials/li-jiang");
  *e.mutable_create_time() = ToProtoTime(At(2026, 7, 2));
  const v1::ComplianceReport r = BuildReport({e}, absl::CivilDay(2026, 7, 1), absl::CivilDay(2026, 7, 31), {}, {*d},
                                             {{"officials/li-jiang", "units/water-bureau"}});
  ASSERT_EQ(r.deviations_size(), 1);
  EXPECT_EQ(r.by_service().at("meeting"), 1);
  EXPECT_EQ(r.by_unit().at("units/water-bureau"), 1);
  std::set<std::string> rules;
  for (const v1::ArticleCount& c : r.by_rule()) rules.insert(c.rule_id());
  EXPECT_EQ(rules, (std::set<std::string>{"DOC-10", "MTG-03"}));
  EXPECT_NE(r.csv().find(",DEVIATION,"), std::string::npos) << r.csv();
}

TEST(ReportTest, DOC_10_ACountersignDeemedForSilenceIsALineOfTheReportOnItsDeadline) {
  document::v1::CountersignDeemed deemed;
  document::v1::Countersign& c = *deemed.mutable_countersign();
  c.set_name("countersigns/5");
  c.set_document("documents/12");
  c.set_requested_unit("units/finance-bureau");
  *c.mutable_deadline_time() = ToProtoTime(At(2026, 10, 14, 23));
  const v1::RecordedDeviation d = DeviationFrom(deemed, "document:40", EnvAt(At(2026, 10, 15)));
  EXPECT_EQ(d.rule_id(), "DOC-10");
  EXPECT_EQ(d.subject(), "countersigns/5");
  EXPECT_EQ(FromProtoDate(d.day()), absl::CivilDay(2026, 10, 14));
  EXPECT_NE(d.message_zh().find("units/finance-bureau"), std::string::npos);
}

TEST(ReportTest, SUP_09_EveryOverrideOfASoftRuleIsALineOfTheReport) {
  common::v1::OverrideRecord o;
  o.set_rule_id("DOC-23");
  o.set_reason("涉及多方利益需县政府协调");
  o.set_overridden_by("officials/chen-li");
  o.set_role("INSTRUCTING_LEADER");
  o.set_at_unix_seconds(absl::ToUnixSeconds(At(2026, 6, 16)));
  const v1::RecordedDeviation d =
      DeviationFrom(o, "document", "handlingItems/3", "document:77", EnvAt(At(2026, 6, 16)));
  EXPECT_EQ(d.kind(), "OVERRIDE");
  EXPECT_EQ(FromProtoDate(d.day()), absl::CivilDay(2026, 6, 16));
  EXPECT_NE(d.message_zh().find("涉及多方利益"), std::string::npos);
  const v1::ComplianceReport r = BuildReport({}, absl::CivilDay(2026, 6, 1), absl::CivilDay(2026, 6, 30), {}, {d});
  EXPECT_EQ(r.by_rule(0).rule_id(), "DOC-23");
  EXPECT_NE(r.csv().find(",OVERRIDE,"), std::string::npos) << r.csv();
}

TEST(ReportTest, DIS_08_AnObligationGoneOverdueInPersonnelIsALineOfTheReportOnTheDayItFellDue) {
  personnel::v1::Obligation o;
  o.set_name("obligations/4");
  o.set_rule_id("DIS-08");
  o.set_owner("units/water-bureau");
  o.set_title_zh("报州人民政府：勐仑镇山洪灾害情况");
  *o.mutable_due_time() = ToProtoTime(At(2026, 7, 15, 9));
  const v1::RecordedDeviation d = DeviationFrom(o, "personnel:31", EnvAt(At(2026, 7, 15, 12)));
  EXPECT_EQ(d.service(), "personnel");
  EXPECT_EQ(d.subject(), "obligations/4");
  EXPECT_EQ(FromProtoDate(d.day()), absl::CivilDay(2026, 7, 15));
  EXPECT_FALSE(d.article().display_zh().empty());
  const v1::ComplianceReport r = BuildReport({}, absl::CivilDay(2026, 7, 1), absl::CivilDay(2026, 7, 31), {}, {d});
  EXPECT_EQ(r.by_service().at("personnel"), 1);
}

TEST(CircularTest, S30_AThirdExtensionBeyondTheLimitIsFlaggedOnTheCircularOfThePeriodItWasGrantedIn) {
  // Extended on 04-25, 05-20 and (beyond the limit) 06-16 to 07-10: June's circular names it
  // though it is due in July; its figures count only what falls due in June.
  v1::Task t = Due("tasks/8", "units/natural-resources-bureau", "officials/chen-li", absl::CivilDay(2026, 7, 10));
  for (auto [m, d, beyond] : {std::tuple{4, 25, false}, std::tuple{5, 20, false}, std::tuple{6, 16, true}}) {
    v1::TaskExtension* e = t.add_extensions();
    *e->mutable_time() = ToProtoTime(At(2026, m, d));
    e->set_beyond_limit(beyond);
  }
  const v1::Circular june =
      ComposeCircular(absl::CivilDay(2026, 6, 1), absl::CivilDay(2026, 6, 30), {t}, EnvAt(At(2026, 7, 1)));
  ASSERT_EQ(june.flagged_size(), 1);
  EXPECT_EQ(june.flagged(0).rule_id(), "SUP-15");
  EXPECT_NE(june.flagged(0).reason_en().find("beyond"), std::string::npos);
  EXPECT_EQ(june.total().due(), 0);
  const v1::Circular march =
      ComposeCircular(absl::CivilDay(2026, 3, 1), absl::CivilDay(2026, 3, 31), {t}, EnvAt(At(2026, 4, 1)));
  EXPECT_EQ(march.flagged_size(), 0);
}

}  // namespace
}  // namespace xianfu::supervision
