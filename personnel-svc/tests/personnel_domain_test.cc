// personnel-svc's rules, decided without a database or network. Tests are named by rule id.
#include <filesystem>

#include "absl/strings/str_cat.h"
#include "common/calendar.h"
#include "common/deadline_proto.h"
#include "common/policy.h"
#include "gtest/gtest.h"
#include "personnel-svc/domain/absences.h"
#include "personnel-svc/domain/acting.h"
#include "personnel-svc/domain/approvals.h"
#include "personnel-svc/domain/org.h"
#include "personnel-svc/tests/domain_fixture.h"

namespace xianfu::personnel {
namespace {

using absl::CivilDay;

// --- who acts ---------------------------------------------------------------------------------

TEST(ResolveActingTest, DIS_02_PresentLeaderActsInPerson) {
  v1::ActingResolution r =
      ResolveActing(F1(), O("wang-hai"), v1::ACT_KIND_PORTFOLIO_APPROVAL, CivilDay(2026, 5, 11), Mengla());
  EXPECT_EQ(r.actor(), O("wang-hai"));
  EXPECT_EQ(r.basis(), v1::ACTING_BASIS_IN_PERSON);
}

TEST(ResolveActingTest, DIS_02_BActsForAbsentA) {
  // S-34: on Mon 05-11 玉罕 is away and 李娜 is not yet.
  OrgFacts f = F1();
  Away(f, "yu-han", CivilDay(2026, 5, 11), CivilDay(2026, 5, 15));
  Away(f, "li-na", CivilDay(2026, 5, 12), CivilDay(2026, 5, 14), true, 101);
  v1::ActingResolution r =
      ResolveActing(f, O("yu-han"), v1::ACT_KIND_PORTFOLIO_APPROVAL, CivilDay(2026, 5, 11), Mengla());
  EXPECT_EQ(r.actor(), O("li-na"));
  EXPECT_EQ(r.basis(), v1::ACTING_BASIS_AB_PAIR);
  EXPECT_EQ(r.display_zh(), "李娜代玉罕");
  EXPECT_EQ(r.acting_mark().for_official(), O("yu-han"));
  EXPECT_EQ(r.reason().article().article(), 9);
}

TEST(ResolveActingTest, DIS_03_BothAwayWaitsForTheCountyHeadsDesignation) {
  OrgFacts f = F1();
  Away(f, "yu-han", CivilDay(2026, 5, 11), CivilDay(2026, 5, 15));
  Away(f, "li-na", CivilDay(2026, 5, 12), CivilDay(2026, 5, 14), true, 101);
  f.designations.push_back(
      {7, O("yu-han"), CivilDay(2026, 5, 12), CivilDay(2026, 5, 14), v1::DESIGNATION_STATE_OPEN, "", At(2026, 5, 12)});
  v1::ActingResolution r =
      ResolveActing(f, O("yu-han"), v1::ACT_KIND_PORTFOLIO_APPROVAL, CivilDay(2026, 5, 13), Mengla());
  EXPECT_TRUE(r.waiting());
  EXPECT_TRUE(r.actor().empty());
  EXPECT_EQ(r.designation(), "designations/7");
  EXPECT_EQ(r.reason().rule_id(), "DIS-03");
  // 王海's attempt to approve is refused under DIS-03.
  absl::StatusOr<v1::ActingResolution> wang =
      CheckActing(f, O("yu-han"), v1::ACT_KIND_PORTFOLIO_APPROVAL, CivilDay(2026, 5, 13), O("wang-hai"), Mengla());
  EXPECT_EQ(wang.status().code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(RuleOf(wang.status()), "DIS-03");
}

TEST(ResolveActingTest, DIS_03_DesignatedDeputyActsWithTheMark) {
  OrgFacts f = F1();
  Away(f, "yu-han", CivilDay(2026, 5, 11), CivilDay(2026, 5, 15));
  Away(f, "li-na", CivilDay(2026, 5, 12), CivilDay(2026, 5, 14), true, 101);
  f.designations.push_back({7, O("yu-han"), CivilDay(2026, 5, 13), CivilDay(2026, 5, 14),
                            v1::DESIGNATION_STATE_DESIGNATED, O("yan-xiang"), At(2026, 5, 13)});
  absl::StatusOr<v1::ActingResolution> r =
      CheckActing(f, O("yu-han"), v1::ACT_KIND_PORTFOLIO_APPROVAL, CivilDay(2026, 5, 13), O("yan-xiang"), Mengla());
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->basis(), v1::ACTING_BASIS_DESIGNATION);
  EXPECT_EQ(r->display_zh(), "岩香(受县长安排)代玉罕");
}

TEST(ResolveActingTest, AMB_31b_OrdersAreNeverResolvedToAStandin) {
  OrgFacts f = F1();
  Away(f, "chen-li", CivilDay(2026, 7, 20), CivilDay(2026, 7, 22));
  f.entrustments.push_back({1,
                            O("chen-li"),
                            O("dao-jianhua"),
                            {v1::ACT_KIND_DAILY_WORK, v1::ACT_KIND_SIGN_ORDER},
                            CivilDay(2026, 7, 20),
                            CivilDay(2026, 7, 22),
                            false});
  v1::ActingResolution r = ResolveActing(f, O("chen-li"), v1::ACT_KIND_SIGN_ORDER, CivilDay(2026, 7, 21), Mengla());
  EXPECT_TRUE(r.waiting());
  EXPECT_TRUE(r.actor().empty());
  EXPECT_EQ(r.reason().rule_id(), "DOC-15");
}

TEST(ResolveActingTest, DOC_15_OrdersAndBillsAreTheCountyHeadsInPersonWhoeverAsks) {
  OrgFacts f = F1();
  // Present: only he may sign; another's attempt is refused under DOC-15, not DIS-02.
  absl::StatusOr<v1::ActingResolution> deputy =
      CheckActing(f, O("chen-li"), v1::ACT_KIND_SIGN_ORDER, CivilDay(2026, 7, 1), O("dao-jianhua"), Mengla());
  EXPECT_EQ(deputy.status().code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(RuleOf(deputy.status()), "DOC-15");
  EXPECT_TRUE(
      CheckActing(f, O("chen-li"), v1::ACT_KIND_SIGN_NPC_BILL, CivilDay(2026, 7, 1), O("chen-li"), Mengla()).ok());
  // Away: nobody acts for him, whatever entrustment exists.
  Away(f, "chen-li", CivilDay(2026, 7, 20), CivilDay(2026, 7, 22));
  EXPECT_EQ(
      RuleOf(CheckActing(f, O("chen-li"), v1::ACT_KIND_SIGN_NPC_BILL, CivilDay(2026, 7, 21), O("dao-jianhua"), Mengla())
                 .status()),
      "DOC-15");
  // And such acts cannot be entrusted in the first place.
  v1::Entrustment e;
  e.set_principal(O("chen-li"));
  e.set_delegate(O("dao-jianhua"));
  e.add_scope(v1::ACT_KIND_SIGN_ORDER);
  *e.mutable_start_date() = ToProtoDate(CivilDay(2026, 7, 20));
  *e.mutable_end_date() = ToProtoDate(CivilDay(2026, 7, 22));
  f.names[O("chen-li")] = "陈立";
  f.names[O("dao-jianhua")] = "刀建华";
  absl::Status entrusted = ValidateEntrustment(e, f, Mengla());
  EXPECT_EQ(entrusted.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(RuleOf(entrusted), "DOC-15");
}

TEST(ResolveActingTest, AMB_09_FundApprovalPassesOnlyUnderAnEntrustment) {
  OrgFacts f = F1();
  Away(f, "chen-li", CivilDay(2026, 7, 20), CivilDay(2026, 7, 22));
  f.entrustments.push_back({1,
                            O("chen-li"),
                            O("dao-jianhua"),
                            {v1::ACT_KIND_DAILY_WORK},
                            CivilDay(2026, 7, 20),
                            CivilDay(2026, 7, 22),
                            true});
  v1::ActingResolution r = ResolveActing(f, O("chen-li"), v1::ACT_KIND_FUND_APPROVAL, CivilDay(2026, 7, 21), Mengla());
  EXPECT_TRUE(r.waiting());
  EXPECT_EQ(r.reason().rule_id(), "MTG-09");
  f.entrustments[0].scope.insert(v1::ACT_KIND_FUND_APPROVAL);
  r = ResolveActing(f, O("chen-li"), v1::ACT_KIND_FUND_APPROVAL, CivilDay(2026, 7, 21), Mengla());
  EXPECT_EQ(r.actor(), O("dao-jianhua"));
  EXPECT_EQ(r.basis(), v1::ACTING_BASIS_ENTRUSTMENT);
}

TEST(ResolveActingTest, MTG_07_PresidingStandinChairsOnlyWhenEntrusted) {
  // S-35: 刀建华 presides over daily work, but chairing E-2026-14 needs CHAIR_EXECUTIVE.
  OrgFacts f = F1();
  Away(f, "chen-li", CivilDay(2026, 7, 20), CivilDay(2026, 7, 22));
  f.entrustments.push_back({1,
                            O("chen-li"),
                            O("dao-jianhua"),
                            {v1::ACT_KIND_DAILY_WORK},
                            CivilDay(2026, 7, 20),
                            CivilDay(2026, 7, 22),
                            true});
  v1::ActingResolution daily = ResolveActing(f, O("chen-li"), v1::ACT_KIND_DAILY_WORK, CivilDay(2026, 7, 21), Mengla());
  EXPECT_EQ(daily.basis(), v1::ACTING_BASIS_PRESIDING_STANDIN);
  absl::StatusOr<v1::ActingResolution> chair = CheckActing(f, O("chen-li"), v1::ACT_KIND_CHAIR_EXECUTIVE_MEETING,
                                                           CivilDay(2026, 7, 21), O("dao-jianhua"), Mengla());
  EXPECT_EQ(chair.status().code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(RuleOf(chair.status()), "MTG-07");
  f.entrustments[0].scope.insert(v1::ACT_KIND_CHAIR_EXECUTIVE_MEETING);
  EXPECT_TRUE(CheckActing(f, O("chen-li"), v1::ACT_KIND_CHAIR_EXECUTIVE_MEETING, CivilDay(2026, 7, 21),
                          O("dao-jianhua"), Mengla())
                  .ok());
}

// --- absences ---------------------------------------------------------------------------------

TEST(AbsenceTest, DIS_17_CountyHeadLeavingFilesThreeRecordsBeforeDeparture) {
  absl::StatusOr<AbsencePlan> plan =
      PlanAbsence(AbsenceOf("chen-li", CivilDay(2026, 7, 20), CivilDay(2026, 7, 22), true), F1(), Cal(), Mengla());
  ASSERT_TRUE(plan.ok()) << plan.status();
  int filings = 0;
  for (const ObligationPlan& o : plan->obligations) {
    EXPECT_EQ(o.rule_id, "DIS-17");
    EXPECT_EQ(o.due, absl::FromCivil(absl::CivilSecond(2026, 7, 20, 0, 0, 0), ChinaTimeZone()));
    EXPECT_EQ(o.escalate_to, std::vector<std::string>{O("zhou-min")});
    ++filings;
  }
  EXPECT_EQ(filings, 3);
}

TEST(AbsenceTest, DIS_01_NoStandinNamedDefaultsToTheExecutiveDeputyWithAWarning) {
  absl::StatusOr<AbsencePlan> plan =
      PlanAbsence(AbsenceOf("chen-li", CivilDay(2026, 7, 20), CivilDay(2026, 7, 22), true), F1(), Cal(), Mengla());
  ASSERT_TRUE(plan.ok());
  ASSERT_TRUE(plan->presiding.has_value());
  EXPECT_EQ(plan->presiding->delegate, O("dao-jianhua"));
  EXPECT_EQ(plan->presiding->scope, std::set<int>{v1::ACT_KIND_DAILY_WORK});
  EXPECT_TRUE(plan->presiding->auto_assigned);
  ASSERT_FALSE(plan->warnings.empty());
  EXPECT_EQ(plan->warnings[0].violation().rule_id(), "DIS-01");
  // A stand-in named beforehand means no default and no warning.
  OrgFacts f = F1();
  f.entrustments.push_back(
      {1, O("chen-li"), O("wang-hai"), {v1::ACT_KIND_DAILY_WORK}, CivilDay(2026, 7, 19), CivilDay(2026, 7, 23), false});
  plan = PlanAbsence(AbsenceOf("chen-li", CivilDay(2026, 7, 20), CivilDay(2026, 7, 22), true), f, Cal(), Mengla());
  ASSERT_TRUE(plan.ok());
  EXPECT_FALSE(plan->presiding.has_value());
}

TEST(AbsenceTest, DIS_18_DeputyHeadReportsBeforeLeavingAndTwoWorkingDaysAfterReturn) {
  v1::Absence a = AbsenceOf("yu-han", CivilDay(2026, 5, 11), CivilDay(2026, 5, 15), true, v1::ABSENCE_KIND_STUDY);
  *a.mutable_prior_report_time() = ToProtoTime(At(2026, 5, 8));
  absl::StatusOr<AbsencePlan> plan = PlanAbsence(a, F1(), Cal(), Mengla());
  ASSERT_TRUE(plan.ok()) << plan.status();
  ASSERT_EQ(plan->obligations.size(), 2u);
  EXPECT_EQ(plan->obligations[0].kind, v1::OBLIGATION_KIND_PRIOR_REPORT_COUNTY_HEAD);
  EXPECT_TRUE(plan->obligations[0].fulfilled);  // reported on Fri 05-08
  EXPECT_EQ(plan->obligations[1].kind, v1::OBLIGATION_KIND_RETURN_REPORT);
  EXPECT_EQ(plan->obligations[1].deadline->deadline, CivilDay(2026, 5, 19));  // Mon 18, Tue 19
  EXPECT_EQ(plan->obligations[1].escalate_to, std::vector<std::string>{O("chen-li")});
}

TEST(AbsenceTest, DIS_19_DepartmentPrincipalReportsEvenInsideTheCounty) {
  absl::StatusOr<AbsencePlan> plan =
      PlanAbsence(AbsenceOf("huang-tao", CivilDay(2026, 6, 1), CivilDay(2026, 6, 2), false, v1::ABSENCE_KIND_LEAVE),
                  F1(), Cal(), Mengla());
  ASSERT_TRUE(plan.ok());
  ASSERT_EQ(plan->obligations.size(), 1u);
  EXPECT_EQ(plan->obligations[0].rule_id, "DIS-19");
  EXPECT_EQ(plan->obligations[0].escalate_to, std::vector<std::string>{O("wang-hai")});
}

TEST(AbsenceTest, AMB_33_WeekendTripInsideTheCountyIsNotReportable) {
  // Sat 2026-06-06 to Sun 06-07: no working day away, inside the county.
  absl::StatusOr<AbsencePlan> plan =
      PlanAbsence(AbsenceOf("huang-tao", CivilDay(2026, 6, 6), CivilDay(2026, 6, 7), false), F1(), Cal(), Mengla());
  ASSERT_TRUE(plan.ok());
  EXPECT_TRUE(plan->obligations.empty());
}

TEST(AbsenceTest, AMB_34_DepartmentDeputyNeedsNoReport) {
  absl::StatusOr<AbsencePlan> plan =
      PlanAbsence(AbsenceOf("lin-feng", CivilDay(2026, 6, 1), CivilDay(2026, 6, 5), true), F1(), Cal(), Mengla());
  ASSERT_TRUE(plan.ok());
  EXPECT_TRUE(plan->obligations.empty());
}

TEST(AbsenceTest, DIS_02_WarnsAndOpensDesignationsWhenAAndBAreAwayTogether) {
  // S-34: 李娜's trip is registered while 玉罕 is already away 05-11…05-15.
  OrgFacts f = F1();
  Away(f, "yu-han", CivilDay(2026, 5, 11), CivilDay(2026, 5, 15));
  absl::StatusOr<AbsencePlan> plan =
      PlanAbsence(AbsenceOf("li-na", CivilDay(2026, 5, 12), CivilDay(2026, 5, 14), true, v1::ABSENCE_KIND_VISIT_ABROAD),
                  f, Cal(), Mengla());
  ASSERT_TRUE(plan.ok()) << plan.status();
  ASSERT_EQ(plan->warnings.size(), 1u);
  EXPECT_EQ(plan->warnings[0].violation().rule_id(), "DIS-02");
  EXPECT_NE(plan->warnings[0].violation().message_en().find("2026-05-12…2026-05-14"), std::string::npos);
  // Both portfolios need someone: one designation task each.
  ASSERT_EQ(plan->designations.size(), 2u);
  EXPECT_EQ(plan->designations[0].start, CivilDay(2026, 5, 12));
  EXPECT_EQ(plan->designations[0].end, CivilDay(2026, 5, 14));
}

TEST(AbsenceTest, BadDatesAndOverlapsAreRefused) {
  EXPECT_EQ(PlanAbsence(AbsenceOf("li-na", CivilDay(2026, 5, 14), CivilDay(2026, 5, 12), true), F1(), Cal(), Mengla())
                .status()
                .code(),
            absl::StatusCode::kInvalidArgument);
  OrgFacts f = F1();
  Away(f, "li-na", CivilDay(2026, 5, 1), CivilDay(2026, 5, 13));
  absl::Status overlap =
      PlanAbsence(AbsenceOf("li-na", CivilDay(2026, 5, 12), CivilDay(2026, 5, 14), true), f, Cal(), Mengla()).status();
  EXPECT_EQ(overlap.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(overlap.message().find("overlaps"), std::string_view::npos);
  v1::Absence no_kind = AbsenceOf("li-na", CivilDay(2026, 5, 12), CivilDay(2026, 5, 14), true);
  no_kind.set_kind(v1::ABSENCE_KIND_UNSPECIFIED);
  EXPECT_EQ(PlanAbsence(no_kind, F1(), Cal(), Mengla()).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(PlanAbsence(AbsenceOf("nobody", CivilDay(2026, 5, 12), CivilDay(2026, 5, 14), true), F1(), Cal(), Mengla())
                .status()
                .code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST(ReportableEventTest, DIS_11_MeetingReportIsDueThreeWorkingDaysAfterReturn) {
  // S-35: back on Wed 2026-07-22 → due Mon 07-27.
  absl::StatusOr<ObligationPlan> p =
      PlanReportableEvent(v1::REPORTABLE_EVENT_KIND_HIGHER_MEETING_ATTENDED, O("chen-li"), "全省县域经济工作会议",
                          At(2026, 7, 22), F1(), Cal(), Mengla());
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->deadline->deadline, CivilDay(2026, 7, 27));
  EXPECT_EQ(p->title_zh, "全省县域经济工作会议情况及落实建议");
  EXPECT_EQ(p->escalate_to, std::vector<std::string>{O("zhou-min")});
}

TEST(ReportableEventTest, DIS_08_MajorSituationIsDueWithin24HoursAndEscalatesToOfficeAndCountyHead) {
  // S-16: registered Thu 2026-05-21 14:00 → due 05-22 14:00.
  absl::StatusOr<ObligationPlan> p =
      PlanReportableEvent(v1::REPORTABLE_EVENT_KIND_MAJOR_SITUATION, "units/market-regulation-bureau",
                          "学校食堂食物中毒事件", At(2026, 5, 21, 14), F1(), Cal(), Mengla());
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->due, At(2026, 5, 22, 14));
  EXPECT_EQ(p->escalate_to, (std::vector<std::string>{O("zhou-min"), O("chen-li")}));
}

TEST(ReportableEventTest, DIS_09_PolicyDocumentReportIsDueInThreeWorkingDays) {
  absl::StatusOr<ObligationPlan> p =
      PlanReportableEvent(v1::REPORTABLE_EVENT_KIND_POLICY_DOCUMENT_RECEIVED, "units/commerce-bureau",
                          "省商务厅政策文件", At(2026, 9, 30), F1(), Cal(), Mengla());
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->deadline->deadline, CivilDay(2026, 10, 10));  // National Day skipped, make-up Sat 10-10
}

TEST(ReportableEventTest, DIS_10_ProgressOnARequestToThePrefectureIsDueEveryTenWorkingDays) {
  OrgFacts f = F1();
  absl::StatusOr<ObligationPlan> p =
      PlanReportableEvent(v1::REPORTABLE_EVENT_KIND_PREFECTURE_REQUEST_SUBMITTED, "units/commerce-bureau",
                          "关于磨憨口岸扩区的请示", At(2026, 6, 1), f, Cal(), Mengla());
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_EQ(p->deadline->deadline, CivilDay(2026, 6, 15));
  EXPECT_EQ(p->escalate_to, std::vector<std::string>{O("wang-hai")});
}

TEST(ReportableEventTest, ORG_08_OnlyTheDeputyInChargeReportsAPortfolioMatterWithinOneWorkingDay) {
  absl::StatusOr<ObligationPlan> p = PlanReportableEvent(v1::REPORTABLE_EVENT_KIND_PORTFOLIO_MATTER, O("wang-hai"),
                                                         "口岸通关异常", At(2026, 6, 5), F1(), Cal(), Mengla());
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->deadline->deadline, CivilDay(2026, 6, 8));  // Fri → Mon
  EXPECT_EQ(p->escalate_to, std::vector<std::string>{O("chen-li")});
  EXPECT_EQ(RuleOf(PlanReportableEvent(v1::REPORTABLE_EVENT_KIND_PORTFOLIO_MATTER, O("huang-tao"), "x", At(2026, 6, 5),
                                       F1(), Cal(), Mengla())
                       .status()),
            "ORG-08");
}

// --- requests needing approval ----------------------------------------------------------------

v1::ApprovalRequest Trip(const char* who, CivilDay depart, CivilDay back, bool leads = false) {
  v1::ApprovalRequest r;
  r.set_kind(v1::APPROVAL_KIND_TRAVEL_ABROAD);
  r.set_subject_official(O(who));
  r.set_title("赴老挝南塔省经贸推介");
  r.mutable_travel()->set_destination("老挝南塔省");
  *r.mutable_travel()->mutable_depart_date() = ToProtoDate(depart);
  *r.mutable_travel()->mutable_return_date() = ToProtoDate(back);
  r.mutable_travel()->set_leads_delegation(leads);
  return r;
}

v1::OutboundPlanEntry PlanEntry2026() {
  v1::OutboundPlanEntry e;
  e.set_name("outboundPlanEntries/1");
  e.set_year(2026);
  return e;
}

v1::ActOnApprovalRequestRequest Step(v1::StepKind kind, v1::StepDecision d = v1::STEP_DECISION_APPROVE) {
  v1::ActOnApprovalRequestRequest a;
  a.set_step(kind);
  a.set_decision(d);
  return a;
}

TEST(TravelTest, DIS_15_DepartmentDeputyTripNeedsTheForeignAffairsOfficeFirst) {
  // S-37: 林峰 (deputy), request of Tue 2026-10-20 for 11-10…11-13.
  OrgFacts f = F1();
  absl::StatusOr<ApprovalPlan> plan =
      PlanApprovalRequest(Trip("lin-feng", CivilDay(2026, 11, 10), CivilDay(2026, 11, 13)), {}, O("lin-feng"),
                          PlanEntry2026(), f, At(2026, 10, 20), Mengla());
  ASSERT_TRUE(plan.ok()) << plan.status();
  v1::ApprovalRequest r = plan->request;
  ASSERT_EQ(r.steps_size(), 2);
  EXPECT_EQ(r.steps(1).kind(), v1::STEP_KIND_FOREIGN_AFFAIRS_DEPUTY_APPROVAL);
  // Sent straight to the county head without the FA office's review.
  absl::StatusOr<StepOutcome> straight = ActOnStep(r, Step(v1::STEP_KIND_FOREIGN_AFFAIRS_DEPUTY_APPROVAL), O("chen-li"),
                                                   f, At(2026, 10, 20), Cal(), Mengla());
  EXPECT_EQ(straight.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(RuleOf(straight.status()), "DIS-15");
  EXPECT_NE(straight.status().message().find("外事部门审核"), std::string_view::npos);
  ASSERT_TRUE(ActOnStep(r, Step(v1::STEP_KIND_FOREIGN_AFFAIRS_OFFICE_REVIEW), O("duan-yun"), f, At(2026, 10, 21), Cal(),
                        Mengla())
                  .ok());
  absl::StatusOr<StepOutcome> approved = ActOnStep(r, Step(v1::STEP_KIND_FOREIGN_AFFAIRS_DEPUTY_APPROVAL),
                                                   O("wang-hai"), f, At(2026, 10, 22), Cal(), Mengla());
  ASSERT_TRUE(approved.ok()) << approved.status();
  EXPECT_EQ(r.state(), v1::APPROVAL_STATE_APPROVED);
  EXPECT_TRUE(approved->obligations.empty());  // DIS-12: a deputy files no visit summary
}

TEST(TravelTest, AMB_35_TheBOfTheForeignAffairsDeputyMayApproveWhileHeIsAway) {
  OrgFacts f = F1();
  Away(f, "wang-hai", CivilDay(2026, 10, 22), CivilDay(2026, 10, 23));
  ApprovalPlan plan = *PlanApprovalRequest(Trip("lin-feng", CivilDay(2026, 11, 10), CivilDay(2026, 11, 13)), {},
                                           O("lin-feng"), PlanEntry2026(), f, At(2026, 10, 20), Mengla());
  v1::ApprovalRequest& r = plan.request;
  ASSERT_TRUE(ActOnStep(r, Step(v1::STEP_KIND_FOREIGN_AFFAIRS_OFFICE_REVIEW), O("duan-yun"), f, At(2026, 10, 21), Cal(),
                        Mengla())
                  .ok());
  // 李娜 is nobody's stand-in for this: refused.
  absl::StatusOr<StepOutcome> wrong = ActOnStep(r, Step(v1::STEP_KIND_FOREIGN_AFFAIRS_DEPUTY_APPROVAL), O("li-na"), f,
                                                At(2026, 10, 22), Cal(), Mengla());
  EXPECT_EQ(wrong.status().code(), absl::StatusCode::kPermissionDenied);
  ASSERT_TRUE(ActOnStep(r, Step(v1::STEP_KIND_FOREIGN_AFFAIRS_DEPUTY_APPROVAL), O("yan-xiang"), f, At(2026, 10, 22),
                        Cal(), Mengla())
                  .ok());
  EXPECT_EQ(r.steps(1).acting_mark().for_official(), O("wang-hai"));
  EXPECT_EQ(r.state(), v1::APPROVAL_STATE_APPROVED);
}

TEST(TravelTest, DIS_15_CountyHeadApprovalOfADeputysTripIsASuperiorOverride) {
  OrgFacts f = F1();
  ApprovalPlan plan = *PlanApprovalRequest(Trip("lin-feng", CivilDay(2026, 11, 10), CivilDay(2026, 11, 13)), {},
                                           O("lin-feng"), PlanEntry2026(), f, At(2026, 10, 20), Mengla());
  v1::ApprovalRequest& r = plan.request;
  ASSERT_TRUE(ActOnStep(r, Step(v1::STEP_KIND_FOREIGN_AFFAIRS_OFFICE_REVIEW), O("duan-yun"), f, At(2026, 10, 21), Cal(),
                        Mengla())
                  .ok());
  ASSERT_TRUE(ActOnStep(r, Step(v1::STEP_KIND_FOREIGN_AFFAIRS_DEPUTY_APPROVAL), O("chen-li"), f, At(2026, 10, 22),
                        Cal(), Mengla())
                  .ok());
  EXPECT_TRUE(r.steps(1).superior_override());
  EXPECT_EQ(r.state(), v1::APPROVAL_STATE_APPROVED);
}

TEST(TravelTest, DIS_12_APrincipalWhoLedTheDelegationOwesAVisitSummaryTenWorkingDaysAfterReturn) {
  OrgFacts f = F1();
  ApprovalPlan plan = *PlanApprovalRequest(Trip("huang-tao", CivilDay(2026, 11, 10), CivilDay(2026, 11, 13), true), {},
                                           O("huang-tao"), PlanEntry2026(), f, At(2026, 10, 20), Mengla());
  v1::ApprovalRequest& r = plan.request;
  ASSERT_EQ(r.steps_size(), 3);  // DIS-15(2a): FAO → FA deputy review → county head approval
  ASSERT_TRUE(ActOnStep(r, Step(v1::STEP_KIND_FOREIGN_AFFAIRS_OFFICE_REVIEW), O("duan-yun"), f, At(2026, 10, 21), Cal(),
                        Mengla())
                  .ok());
  ASSERT_TRUE(ActOnStep(r, Step(v1::STEP_KIND_FOREIGN_AFFAIRS_DEPUTY_REVIEW), O("wang-hai"), f, At(2026, 10, 22), Cal(),
                        Mengla())
                  .ok());
  absl::StatusOr<StepOutcome> done =
      ActOnStep(r, Step(v1::STEP_KIND_COUNTY_HEAD_APPROVAL), O("chen-li"), f, At(2026, 10, 23), Cal(), Mengla());
  ASSERT_TRUE(done.ok()) << done.status();
  ASSERT_EQ(done->obligations.size(), 1u);
  EXPECT_EQ(done->obligations[0].rule_id, "DIS-12");
  EXPECT_EQ(done->obligations[0].deadline->deadline, CivilDay(2026, 11, 27));
}

TEST(TravelTest, DIS_14_LeadersTravelOnlyWithinThePlanAndWithThePrefecturesApproval) {
  OrgFacts f = F1();
  absl::StatusOr<ApprovalPlan> unplanned =
      PlanApprovalRequest(Trip("wang-hai", CivilDay(2026, 11, 10), CivilDay(2026, 11, 13)), {}, O("duan-yun"),
                          std::nullopt, f, At(2026, 10, 20), Mengla());
  EXPECT_EQ(RuleOf(unplanned.status()), "DIS-14");
  absl::StatusOr<ApprovalPlan> plan =
      PlanApprovalRequest(Trip("wang-hai", CivilDay(2026, 11, 10), CivilDay(2026, 11, 13)), {}, O("duan-yun"),
                          PlanEntry2026(), f, At(2026, 10, 20), Mengla());
  ASSERT_TRUE(plan.ok()) << plan.status();
  ASSERT_EQ(plan->obligations.size(), 1u);
  EXPECT_EQ(plan->obligations[0].kind, v1::OBLIGATION_KIND_PREFECTURE_APPROVAL);
  EXPECT_EQ(plan->obligations[0].escalate_to, (std::vector<std::string>{O("luo-yi"), O("chen-li")}));
  v1::ApprovalRequest& r = plan->request;
  ASSERT_TRUE(ActOnStep(r, Step(v1::STEP_KIND_FOREIGN_AFFAIRS_OFFICE_REVIEW), O("duan-yun"), f, At(2026, 10, 21), Cal(),
                        Mengla())
                  .ok());
  for (auto [kind, who] :
       std::vector<std::pair<v1::StepKind, const char*>>{{v1::STEP_KIND_COUNTY_HEAD_REVIEW, "chen-li"},
                                                         {v1::STEP_KIND_COUNTY_PARTY_SECRETARY_REVIEW, "luo-yi"},
                                                         {v1::STEP_KIND_FOREIGN_AFFAIRS_DEPUTY_REVIEW, "wang-hai"}}) {
    ASSERT_TRUE(ActOnStep(r, Step(kind), O(who), f, At(2026, 10, 22), Cal(), Mengla()).ok());
  }
  EXPECT_EQ(r.state(), v1::APPROVAL_STATE_PENDING);
  v1::ActOnApprovalRequestRequest pref = Step(v1::STEP_KIND_PREFECTURE_APPROVAL);
  EXPECT_EQ(ActOnStep(r, pref, O("li-wen"), f, At(2026, 10, 28), Cal(), Mengla()).status().code(),
            absl::StatusCode::kInvalidArgument);  // the reference is required
  pref.set_reference("西双版纳州政府外办〔2026〕12号");
  absl::StatusOr<StepOutcome> done = ActOnStep(r, pref, O("li-wen"), f, At(2026, 10, 28), Cal(), Mengla());
  ASSERT_TRUE(done.ok()) << done.status();
  EXPECT_EQ(r.state(), v1::APPROVAL_STATE_APPROVED);
  EXPECT_EQ(done->fulfils, std::vector<v1::ObligationKind>{v1::OBLIGATION_KIND_PREFECTURE_APPROVAL});
  ASSERT_EQ(done->obligations.size(), 1u);  // a leader always files the visit summary
}

TEST(TravelTest, DIS_14_ThePlanEntryMustMatchTheTripsUnitDestinationPurposeAndTime) {
  OrgFacts f = F1();
  v1::OutboundPlanEntry entry = PlanEntry2026();
  entry.set_unit("units/commerce-bureau");
  entry.set_destination("老挝南塔省");
  entry.set_purpose("经贸推介");
  *entry.mutable_window_start() = ToProtoDate(CivilDay(2026, 10, 1));
  *entry.mutable_window_end() = ToProtoDate(CivilDay(2026, 11, 30));
  // 王海 is in charge of commerce: his trip to the planned place, for the planned purpose, fits.
  v1::ApprovalRequest trip = Trip("wang-hai", CivilDay(2026, 11, 10), CivilDay(2026, 11, 13));
  trip.set_unit("units/commerce-bureau");
  EXPECT_TRUE(PlanMismatches(entry, trip, f, CivilDay(2026, 10, 20)).empty());
  EXPECT_TRUE(PlanApprovalRequest(trip, {}, O("duan-yun"), entry, f, At(2026, 10, 20), Mengla()).ok());
  // Another country, another unit, outside the window: each is named in the refusal.
  v1::ApprovalRequest elsewhere = trip;
  elsewhere.mutable_travel()->set_destination("泰国清迈府");
  elsewhere.set_title("赴泰国清迈考察");
  elsewhere.set_unit("units/education-bureau");
  *elsewhere.mutable_travel()->mutable_depart_date() = ToProtoDate(CivilDay(2026, 12, 7));
  *elsewhere.mutable_travel()->mutable_return_date() = ToProtoDate(CivilDay(2026, 12, 9));
  EXPECT_EQ(PlanMismatches(entry, elsewhere, f, CivilDay(2026, 10, 20)).size(), 4u);  // window, unit, place, purpose
  absl::StatusOr<ApprovalPlan> refused =
      PlanApprovalRequest(elsewhere, {}, O("duan-yun"), entry, f, At(2026, 10, 20), Mengla());
  EXPECT_EQ(RuleOf(refused.status()), "DIS-14");
  EXPECT_NE(refused.status().message().find("泰国清迈府"), std::string_view::npos);
  // The mid-year coordination counts like the annual plan.
  v1::OutboundPlanEntry mid_year = entry;
  mid_year.set_mid_year(true);
  EXPECT_TRUE(PlanApprovalRequest(trip, {}, O("duan-yun"), mid_year, f, At(2026, 10, 20), Mengla()).ok());
}

TEST(TravelTest, DIS_16_DelegationsOverTheCapsNeedTheCountyHeadsWrittenException) {
  OrgFacts f = F1();
  v1::ApprovalRequest big = Trip("lin-feng", CivilDay(2026, 11, 10), CivilDay(2026, 11, 13));
  big.mutable_travel()->set_delegation_size(Mengla().proto().travel().max_delegation_size().count() + 1);
  absl::StatusOr<ApprovalPlan> refused =
      PlanApprovalRequest(big, {}, O("duan-yun"), std::nullopt, f, At(2026, 10, 20), Mengla());
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(RuleOf(refused.status()), "DIS-16");
  // The unit's third delegation of the year is over the count.
  v1::ApprovalRequest third = Trip("lin-feng", CivilDay(2026, 11, 10), CivilDay(2026, 11, 13));
  EXPECT_EQ(RuleOf(PlanApprovalRequest(third, {}, O("duan-yun"), std::nullopt, f, At(2026, 10, 20), Mengla(),
                                       Mengla().proto().travel().max_delegations_per_unit_year().count())
                       .status()),
            "DIS-16");
  EXPECT_EQ(DelegationUnit(third, f, CivilDay(2026, 10, 20)), "units/commerce-bureau");
  common::v1::OverrideRequest o;
  o.set_rule_id("DIS-16");
  o.set_reason("省商务厅统一组织的边贸推介，人员已压缩至最少");
  absl::StatusOr<ApprovalPlan> excepted =
      PlanApprovalRequest(big, {o}, O("chen-li"), std::nullopt, f, At(2026, 10, 20), Mengla());
  ASSERT_TRUE(excepted.ok()) << excepted.status();
  EXPECT_EQ(excepted->request.overrides(0).rule_id(), "DIS-16");
}

v1::ApprovalRequest Speech(const char* who, v1::SpeechCapacity capacity, bool major, bool decided) {
  v1::ApprovalRequest r;
  r.set_kind(v1::APPROVAL_KIND_SPEECH);
  r.set_subject_official(O(who));
  r.set_title("谈县城橡胶加工厂搬迁");
  r.mutable_speech()->set_capacity(capacity);
  r.mutable_speech()->set_topic("topics/T-2026-088");
  r.mutable_speech()->set_topic_major(major);
  r.mutable_speech()->set_topic_decided(decided);
  return r;
}

TEST(SpeechTest, DIS_05_ALeadersPersonalInterviewNeedsApprovalBeforeRelease) {
  // S-39: 岩香, personal capacity, undecided major topic T-2026-088.
  OrgFacts f = F1();
  ApprovalPlan plan = *PlanApprovalRequest(Speech("yan-xiang", v1::SPEECH_CAPACITY_PERSONAL, true, false), {},
                                           O("li-wen"), std::nullopt, f, At(2026, 9, 16), Mengla());
  v1::ApprovalRequest& r = plan.request;
  absl::Status refused = Release(r, O("li-wen"), At(2026, 9, 16), Mengla());
  EXPECT_EQ(refused.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(RuleOf(refused), "DIS-05");
  EXPECT_NE(refused.message().find("concerns undecided major matter topics/T-2026-088"), std::string_view::npos);
  ASSERT_TRUE(
      ActOnStep(r, Step(v1::STEP_KIND_COUNTY_HEAD_APPROVAL), O("chen-li"), f, At(2026, 9, 17), Cal(), Mengla()).ok());
  ASSERT_TRUE(Release(r, O("li-wen"), At(2026, 9, 17), Mengla()).ok());
  EXPECT_EQ(r.state(), v1::APPROVAL_STATE_RELEASED);
}

TEST(SpeechTest, AMB_18_TheCountyHeadsOwnSpeechGoesThroughTheOfficeFirst) {
  ApprovalPlan plan = *PlanApprovalRequest(Speech("chen-li", v1::SPEECH_CAPACITY_ON_BEHALF_OF_GOVERNMENT, false, true),
                                           {}, O("li-wen"), std::nullopt, F1(), At(2026, 9, 16), Mengla());
  ASSERT_EQ(plan.request.steps_size(), 2);
  EXPECT_EQ(plan.request.steps(0).kind(), v1::STEP_KIND_OFFICE_REVIEW);
  EXPECT_EQ(plan.request.steps(0).eligible(0), O("zhou-min"));
  EXPECT_EQ(plan.request.steps(1).eligible(0), O("chen-li"));
}

TEST(SpeechTest, DIS_06_ADepartmentHeadsPersonalArticleNeedsApprovalOnlyOnAnUndecidedMajorMatter) {
  OrgFacts f = F1();
  ApprovalPlan plain = *PlanApprovalRequest(Speech("zheng-yu", v1::SPEECH_CAPACITY_PERSONAL, false, false), {},
                                            O("zheng-yu"), std::nullopt, f, At(2026, 9, 16), Mengla());
  EXPECT_EQ(plain.request.state(), v1::APPROVAL_STATE_RECORDED);
  EXPECT_TRUE(Release(plain.request, O("zheng-yu"), At(2026, 9, 16), Mengla()).ok());
  ApprovalPlan major = *PlanApprovalRequest(Speech("zheng-yu", v1::SPEECH_CAPACITY_PERSONAL, true, false), {},
                                            O("zheng-yu"), std::nullopt, f, At(2026, 9, 16), Mengla());
  absl::Status refused = Release(major.request, O("zheng-yu"), At(2026, 9, 16), Mengla());
  EXPECT_EQ(RuleOf(refused), "DIS-06");
}

TEST(InformationTest, DIS_07_ImportantReleaseNeedsThePrincipalsStrictReview) {
  // S-16: 县市场监督管理局's notice, closely tied to the public's interests.
  OrgFacts f = F1();
  v1::ApprovalRequest r;
  r.set_kind(v1::APPROVAL_KIND_INFORMATION_RELEASE);
  r.set_unit("units/market-regulation-bureau");
  r.set_title("县城菜市场迁建选址公告");
  r.mutable_information()->set_important(true);
  ApprovalPlan plan = *PlanApprovalRequest(r, {}, O("hu-bin"), std::nullopt, f, At(2026, 5, 20), Mengla());
  absl::Status refused = Release(plan.request, O("hu-bin"), At(2026, 5, 20), Mengla());
  EXPECT_EQ(refused.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(RuleOf(refused), "DIS-07");
  EXPECT_NE(refused.message().find("严格审定"), std::string_view::npos);
  ASSERT_EQ(plan.request.steps(0).eligible(0), O("hu-bin"));
  ASSERT_TRUE(
      ActOnStep(plan.request, Step(v1::STEP_KIND_PRINCIPAL_REVIEW), O("hu-bin"), f, At(2026, 5, 20), Cal(), Mengla())
          .ok());
  EXPECT_TRUE(Release(plan.request, O("hu-bin"), At(2026, 5, 20), Mengla()).ok());
}

TEST(EventTest, DIS_22_LeadersAttendOnlyUnifiedArrangementsUnlessTheCountyHeadOverrides) {
  OrgFacts f = F1();
  v1::ApprovalRequest r;
  r.set_kind(v1::APPROVAL_KIND_EVENT_ATTENDANCE);
  r.set_subject_official(O("li-na"));
  r.set_title("某商场开业剪彩");
  r.mutable_event()->set_event_type("剪彩");
  absl::StatusOr<ApprovalPlan> refused =
      PlanApprovalRequest(r, {}, O("li-na"), std::nullopt, f, At(2026, 6, 1), Mengla());
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kFailedPrecondition);
  auto v = GetRuleViolation(refused.status());
  ASSERT_TRUE(v.has_value());
  EXPECT_EQ(v->rule_id(), "DIS-22");
  EXPECT_TRUE(v->override().allowed());
  EXPECT_EQ(v->override().role(), "R-CH");
  common::v1::OverrideRequest o;
  o.set_rule_id("DIS-22");
  o.set_reason("重点招商项目签约，县政府统一安排出席");
  EXPECT_EQ(PlanApprovalRequest(r, {o}, O("li-na"), std::nullopt, f, At(2026, 6, 1), Mengla()).status().code(),
            absl::StatusCode::kPermissionDenied);
  absl::StatusOr<ApprovalPlan> overridden =
      PlanApprovalRequest(r, {o}, O("chen-li"), std::nullopt, f, At(2026, 6, 1), Mengla());
  ASSERT_TRUE(overridden.ok()) << overridden.status();
  EXPECT_EQ(overridden->request.state(), v1::APPROVAL_STATE_APPROVED);
  EXPECT_EQ(overridden->request.overrides(0).overridden_by(), O("chen-li"));
}

TEST(CongratulationTest, DIS_24_RefusedUnlessTheCountyHeadRecordsASpecialNeedAndNotPublishedWithoutASecondApproval) {
  OrgFacts f = F1();
  v1::ApprovalRequest r;
  r.set_kind(v1::APPROVAL_KIND_CONGRATULATION);
  r.set_subject_official(O("li-na"));
  r.set_title("为县一中建校七十周年题词");
  r.mutable_congratulation()->set_form("题词");
  r.mutable_congratulation()->set_publish(true);
  // REJECT-O (art. 74): by default refused, naming who may make the exception.
  absl::StatusOr<ApprovalPlan> refused =
      PlanApprovalRequest(r, {}, O("li-wen"), std::nullopt, f, At(2026, 6, 1), Mengla());
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kFailedPrecondition);
  auto v = GetRuleViolation(refused.status());
  ASSERT_TRUE(v.has_value());
  EXPECT_EQ(v->rule_id(), "DIS-24");
  EXPECT_EQ(v->override().role(), "R-CH");
  common::v1::OverrideRequest o;
  o.set_rule_id("DIS-24");
  o.set_reason("建校七十周年，县委县政府统一安排题词");
  EXPECT_EQ(PlanApprovalRequest(r, {o}, O("li-wen"), std::nullopt, f, At(2026, 6, 1), Mengla()).status().code(),
            absl::StatusCode::kPermissionDenied);
  absl::StatusOr<ApprovalPlan> plan =
      PlanApprovalRequest(r, {o}, O("chen-li"), std::nullopt, f, At(2026, 6, 1), Mengla());
  ASSERT_TRUE(plan.ok()) << plan.status();
  EXPECT_EQ(plan->request.state(), v1::APPROVAL_STATE_APPROVED);
  EXPECT_EQ(plan->request.overrides(0).overridden_by(), O("chen-li"));
  // Approved to be sent, not to be published: publication waits for its own approval.
  EXPECT_EQ(RuleOf(Release(plan->request, O("li-wen"), At(2026, 6, 3), Mengla())), "DIS-24");
  ASSERT_TRUE(ActOnStep(plan->request, Step(v1::STEP_KIND_PUBLICATION_APPROVAL), O("chen-li"), f, At(2026, 6, 4), Cal(),
                        Mengla())
                  .ok());
  EXPECT_TRUE(Release(plan->request, O("li-wen"), At(2026, 6, 5), Mengla()).ok());
}

TEST(OrganisationTest, ORG_04_EveryConstituentDepartmentHasExactlyOnePrimaryLeader) {
  OrgFacts f = F1();
  v1::DivisionOfWork d;
  *d.mutable_effective_date() = ToProtoDate(CivilDay(2026, 1, 1));
  d.set_basis(v1::DIVISION_BASIS_INITIAL_LOAD);
  v1::Portfolio* wang = d.add_portfolios();
  wang->set_leader(O("wang-hai"));
  wang->add_primary_units("units/commerce-bureau");
  v1::Portfolio* yan = d.add_portfolios();
  yan->set_leader(O("yan-xiang"));
  yan->add_primary_units("units/commerce-bureau");
  std::map<std::string, UnitInfo> units = {
      {"units/commerce-bureau", {"units/commerce-bureau", v1::UNIT_KIND_CONSTITUENT_DEPARTMENT, {}, "商务局"}},
      {"units/natural-resources-bureau",
       {"units/natural-resources-bureau", v1::UNIT_KIND_CONSTITUENT_DEPARTMENT, {}, "自然资源局"}}};
  absl::Status s = ValidateDivisionUnits(d, units, Mengla());
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(RuleOf(s), "ORG-04");
  EXPECT_NE(s.message().find("natural-resources-bureau"), std::string_view::npos);  // none
  EXPECT_NE(s.message().find("commerce-bureau (officials/wang-hai, officials/yan-xiang)"), std::string_view::npos);
  yan->clear_primary_units();
  yan->add_primary_units("units/natural-resources-bureau");
  EXPECT_TRUE(ValidateDivisionUnits(d, units, Mengla()).ok());
  EXPECT_TRUE(ValidateDivision(d, f, Mengla()).ok());
}

TEST(OrganisationTest, MTG_06_AChangeOfTheDivisionRestsOnAPartyGroupDecision) {
  v1::DivisionOfWork d;
  *d.mutable_effective_date() = ToProtoDate(CivilDay(2026, 6, 1));
  d.set_basis(v1::DIVISION_BASIS_PARTY_GROUP_DECISION);
  EXPECT_EQ(RuleOf(ValidateDivision(d, F1(), Mengla())), "MTG-06");
  d.set_decision_reference("PG-2026-05 第3项");
  EXPECT_TRUE(ValidateDivision(d, F1(), Mengla()).ok());
}

TEST(OrganisationTest, DIS_02_APairNamesTwoDifferentLeaders) {
  v1::DivisionOfWork d;
  *d.mutable_effective_date() = ToProtoDate(CivilDay(2026, 6, 1));
  d.set_basis(v1::DIVISION_BASIS_INITIAL_LOAD);
  v1::AbPair* self = d.add_ab_pairs();
  self->set_a(O("li-na"));
  self->set_b(O("li-na"));
  EXPECT_EQ(RuleOf(ValidateDivision(d, F1(), Mengla())), "DIS-02");
  self->set_b(O("huang-tao"));  // a department head is not a county leader
  EXPECT_EQ(ValidateDivision(d, F1(), Mengla()).code(), absl::StatusCode::kFailedPrecondition);
}

TEST(OrganisationTest, AMB_19_LeadersAreTheCountyHeadDeputiesAndOfficeDirector) {
  OrgFacts f = F1();
  const CivilDay day(2026, 6, 1);
  EXPECT_TRUE(f.IsLeader(O("zhou-min"), day, Mengla()));
  EXPECT_TRUE(f.IsLeader(O("wang-hai"), day, Mengla()));
  EXPECT_FALSE(f.IsLeader(O("huang-tao"), day, Mengla()));
  EXPECT_TRUE(f.IsMember(O("huang-tao"), day, Mengla()));  // ORG-01: principal of a constituent department
  EXPECT_FALSE(f.IsMember(O("lin-feng"), day, Mengla()));
}

}  // namespace
}  // namespace xianfu::personnel
