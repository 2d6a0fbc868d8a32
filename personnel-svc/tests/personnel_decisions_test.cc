// personnel-svc's decisions as effects (what each verb wants written, published, timed and
// audited), and the rules software can only record. Tests are named by rule id.
#include "gtest/gtest.h"
#include "personnel-svc/domain/absences.h"
#include "personnel-svc/domain/acting.h"
#include "personnel-svc/domain/approvals.h"
#include "personnel-svc/domain/lookups.h"
#include "personnel-svc/domain/records.h"
#include "personnel-svc/domain/register.h"
#include "personnel-svc/tests/domain_fixture.h"

namespace xianfu::personnel {
namespace {

template <typename M>
std::vector<M> Written(const Effects& fx) {
  std::vector<M> out;
  for (const RecordWrite& w : fx.writes()) {
    if (const auto* m = dynamic_cast<const M*>(w.record.get()); m != nullptr) out.push_back(*m);
  }
  return out;
}

bool HasTimer(const Effects& fx, absl::string_view kind, bool cancel = false) {
  for (const TimerOut& t : fx.timers()) {
    if (t.kind == kind && t.cancel == cancel) return true;
  }
  return false;
}

v1::ConductRecord Record(v1::ConductKind kind) {
  v1::ConductRecord r;
  r.set_name("conductRecords/1");
  r.set_official(O("li-na"));
  r.set_kind(kind);
  r.set_summary("记录");
  return r;
}

// --- rules software can only record: a record of the right kind, citing its rule --------------

void ExpectRecorded(v1::ConductKind kind, const std::string& rule, int article) {
  v1::ConductRecord r = Record(kind);
  Effects fx;
  ASSERT_TRUE(NewConductRecord(r, O("li-wen"), EnvAt(At(2026, 6, 1)), fx).ok());
  EXPECT_EQ(r.rule_id(), rule);
  EXPECT_EQ(r.article().article(), article);
  EXPECT_EQ(r.recorded_by(), O("li-wen"));
  EXPECT_EQ(fx.note_rule_id(), rule);  // the audit entry cites it too
}

TEST(RecordTest, DIS_04_DissentIsRecordedInternally) {
  ExpectRecorded(v1::CONDUCT_KIND_INTERNAL_DISSENT, "DIS-04", 62);
}
TEST(RecordTest, DIS_25_NewsCoverageIsRecorded) { ExpectRecorded(v1::CONDUCT_KIND_NEWS_COVERAGE, "DIS-25", 74); }
TEST(RecordTest, DIS_26_AGiftHandedInIsRecorded) { ExpectRecorded(v1::CONDUCT_KIND_GIFT_HANDED_IN, "DIS-26", 72); }
TEST(RecordTest, DIS_27_PersonalMattersReportIsRecorded) {
  ExpectRecorded(v1::CONDUCT_KIND_PERSONAL_MATTERS_REPORT, "DIS-27", 75);
}
TEST(RecordTest, ORG_06_ExternalRepresentationIsRecorded) {
  ExpectRecorded(v1::CONDUCT_KIND_EXTERNAL_REPRESENTATION, "ORG-06", 8);
}
TEST(RecordTest, ORG_09_ACrossPortfolioItemIsRecorded) {
  ExpectRecorded(v1::CONDUCT_KIND_CROSS_PORTFOLIO_ITEM, "ORG-09", 8);
}

TEST(RecordTest, DIS_13_AReportWithDataNamesItsSourceAndOwner) {
  v1::ConductRecord r = Record(v1::CONDUCT_KIND_REPORT_WITH_DATA);
  Effects fx;
  absl::Status refused = NewConductRecord(r, O("li-wen"), EnvAt(At(2026, 6, 1)), fx);
  EXPECT_EQ(refused.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(RuleOf(refused), "DIS-13");
  r.set_data_source("县统计局2026年5月月报");
  r.set_data_owner("officials/zheng-yu");
  EXPECT_TRUE(NewConductRecord(r, O("li-wen"), EnvAt(At(2026, 6, 1)), fx).ok());
}

TEST(RecordTest, DIS_28_MoreEscortsThanThePolicyAllowsIsAWarning) {
  v1::ConductRecord r = Record(v1::CONDUCT_KIND_FIELD_RESEARCH);
  r.set_escorts(Mengla().proto().fieldwork().max_escorts().count());
  Effects fx;
  ASSERT_TRUE(NewConductRecord(r, O("li-na"), EnvAt(At(2026, 6, 1)), fx).ok());
  EXPECT_TRUE(r.warnings().empty());
  r.set_escorts(r.escorts() + 1);
  ASSERT_TRUE(NewConductRecord(r, O("li-na"), EnvAt(At(2026, 6, 1)), fx).ok());
  ASSERT_EQ(r.warnings_size(), 1);
  EXPECT_EQ(r.warnings(0).violation().rule_id(), "DIS-28");
}

// --- the register ----------------------------------------------------------------------------------

TEST(RegisterTest, ORG_01_TheRegisterNamesItsOfficialsAndUnits) {
  Effects fx;
  v1::Official nameless;
  EXPECT_EQ(NewOfficial(nameless, EnvAt(At(2026, 1, 5)), fx).code(), absl::StatusCode::kInvalidArgument);
  v1::Official o;
  o.set_display_name_zh("李娜");
  ASSERT_TRUE(NewOfficial(o, EnvAt(At(2026, 1, 5)), fx).ok());
  EXPECT_EQ(fx.note_rule_id(), "ORG-01");
  v1::Unit unit;
  unit.set_display_name_zh("县商务局");
  EXPECT_EQ(NewUnit(unit, EnvAt(At(2026, 1, 5)), fx).code(), absl::StatusCode::kInvalidArgument);  // no kind
  // Members are the leaders and the principals of constituent departments.
  EXPECT_TRUE(F1().IsMember(O("huang-tao"), CivilDay(2026, 6, 1), Mengla()));
  EXPECT_FALSE(F1().IsMember(O("lin-feng"), CivilDay(2026, 6, 1), Mengla()));
}

OrgFacts WithGovernmentUnit() {
  OrgFacts f = F1();
  f.units["units/government"] = {"units/government", v1::UNIT_KIND_GOVERNMENT, {}, "县人民政府"};
  f.units["units/government-office"] = {"units/government-office", v1::UNIT_KIND_GOVERNMENT, {"R-OFFICE"}, "办公室"};
  return f;
}

TEST(LookupTest, TheUnitThatPlaysARoleIsAnsweredInTheSameBatch) {
  OrgFacts f = WithGovernmentUnit();
  v1::BatchLookupRequest batch;
  batch.add_questions()->mutable_unit_by_role()->set_role("R-OFFICE");
  batch.add_questions()->mutable_unit_by_role()->set_role("R-NOBODY");
  absl::StatusOr<v1::BatchLookupResponse> answers = AnswerBatch(f, batch, At(2026, 6, 1), Mengla());
  ASSERT_TRUE(answers.ok()) << answers.status();
  EXPECT_EQ(answers->answers(0).unit().unit(), "units/government-office");
  EXPECT_EQ(answers->answers(1).error().code(), static_cast<int>(absl::StatusCode::kNotFound));
  // Two units marked as the office: no guess.
  f.units["units/second-office"] = {"units/second-office", v1::UNIT_KIND_GOVERNMENT, {"R-OFFICE"}, "又一办公室"};
  EXPECT_EQ(UnitPlaying(f, "R-OFFICE", absl::CivilDay(2026, 6, 1)).status().code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST(RegisterTest, ORG_07_OneExecutiveDeputyAndOnlyADeputyHeadPost) {
  OrgFacts f = WithGovernmentUnit();
  Effects fx;
  v1::Post office;
  office.set_name("posts/office-director");
  office.set_display_name_zh("办公室主任");
  office.set_kind(v1::POST_KIND_OFFICE_DIRECTOR);
  office.set_unit("units/government-office");
  office.set_executive(true);
  EXPECT_EQ(RuleOf(NewPost(office, f, Mengla(), fx)), "ORG-07");
  v1::Post first = office;
  first.set_kind(v1::POST_KIND_DEPUTY_HEAD);
  first.set_unit("units/government");
  ASSERT_TRUE(NewPost(first, f, Mengla(), fx).ok());
  f.posts["posts/executive"] = first;
  v1::Post second = first;
  second.set_name("posts/another-executive");
  absl::Status twice = NewPost(second, f, Mengla(), fx);
  EXPECT_EQ(twice.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(RuleOf(twice), "ORG-07");
}

TEST(RegisterTest, ORG_13_AnOfficeDeputyDirectorHasAnAssignedArea) {
  OrgFacts f = WithGovernmentUnit();
  Effects fx;
  v1::Post p;
  p.set_name("posts/office-deputy");
  p.set_display_name_zh("办公室副主任");
  p.set_kind(v1::POST_KIND_OFFICE_DEPUTY_DIRECTOR);
  p.set_unit("units/government-office");
  EXPECT_EQ(RuleOf(NewPost(p, f, Mengla(), fx)), "ORG-13");
  p.add_areas("minutes");
  EXPECT_TRUE(NewPost(p, f, Mengla(), fx).ok());
}

TEST(RegisterTest, ORG_01_APostChangesHandsTheDayAfterThePreviousTermEnds) {
  OrgFacts f = F1();
  v1::Post post;
  post.set_name("posts/county-head");
  v1::PostTerm old;
  old.set_official(O("chen-li"));
  *old.mutable_start_date() = ToProtoDate(CivilDay(2026, 1, 1));
  Effects fx;
  ASSERT_TRUE(AssignPost(post, {old}, O("dao-jianhua"), CivilDay(2026, 7, 1), "县人大常委会决定", f, fx).ok());
  ASSERT_EQ(post.terms_size(), 2);
  EXPECT_EQ(FromProtoDate(post.terms(0).end_date()), CivilDay(2026, 6, 30));
  EXPECT_EQ(post.terms(1).official(), O("dao-jianhua"));
  // History is recorded in order: nothing may start before the newest term.
  EXPECT_EQ(
      AssignPost(post, {post.terms().begin(), post.terms().end()}, O("li-na"), CivilDay(2026, 3, 1), "x", f, fx).code(),
      absl::StatusCode::kFailedPrecondition);
}

// --- who acts ----------------------------------------------------------------------------------------

void ExpectEntrustmentOnly(v1::ActKind act, const std::string& rule) {
  OrgFacts f = F1();
  Away(f, "chen-li", CivilDay(2026, 7, 20), CivilDay(2026, 7, 22));
  v1::ActingResolution waiting = ResolveActing(f, O("chen-li"), act, CivilDay(2026, 7, 21), Mengla());
  EXPECT_TRUE(waiting.waiting());
  EXPECT_EQ(waiting.reason().rule_id(), rule);
  // Not even the presiding stand-in or the B partner acts without an entrustment covering it.
  EXPECT_EQ(RuleOf(CheckActing(f, O("chen-li"), act, CivilDay(2026, 7, 21), O("dao-jianhua"), Mengla()).status()),
            rule);
  f.entrustments.push_back(
      {1, O("chen-li"), O("dao-jianhua"), {act}, CivilDay(2026, 7, 20), CivilDay(2026, 7, 22), false});
  v1::ActingResolution entrusted = ResolveActing(f, O("chen-li"), act, CivilDay(2026, 7, 21), Mengla());
  EXPECT_EQ(entrusted.actor(), O("dao-jianhua"));
  EXPECT_EQ(entrusted.basis(), v1::ACTING_BASIS_ENTRUSTMENT);
}

TEST(ActingTest, DOC_18_UpwardDocumentsPassOnlyUnderAnEntrustment) {
  ExpectEntrustmentOnly(v1::ACT_KIND_SIGN_UPWARD_DOCUMENT, "DOC-18");
}
TEST(ActingTest, MTG_09_FundApprovalsPassOnlyUnderAnEntrustment) {
  ExpectEntrustmentOnly(v1::ACT_KIND_FUND_APPROVAL, "MTG-09");
}
TEST(ActingTest, MTG_21_MeetingLeaveIsApprovedByAStandinOnlyUnderAnEntrustment) {
  ExpectEntrustmentOnly(v1::ACT_KIND_APPROVE_MEETING_LEAVE, "MTG-21");
}

TEST(ActingTest, ORG_05_TheDelegateOfAnEntrustmentIsACountyGovernmentLeader) {
  OrgFacts f = F1();
  v1::Entrustment e;
  e.set_principal(O("chen-li"));
  e.set_delegate(O("huang-tao"));
  e.add_scope(v1::ACT_KIND_DAILY_WORK);
  *e.mutable_start_date() = ToProtoDate(CivilDay(2026, 7, 20));
  *e.mutable_end_date() = ToProtoDate(CivilDay(2026, 7, 22));
  f.names[O("chen-li")] = "陈立";
  f.names[O("huang-tao")] = "黄涛";
  f.names[O("dao-jianhua")] = "刀建华";
  EXPECT_EQ(RuleOf(ValidateEntrustment(e, f, Mengla())), "ORG-05");
  e.set_delegate(O("dao-jianhua"));
  EXPECT_TRUE(ValidateEntrustment(e, f, Mengla()).ok());
  *e.mutable_end_date() = ToProtoDate(CivilDay(2026, 7, 19));
  EXPECT_EQ(ValidateEntrustment(e, f, Mengla()).code(), absl::StatusCode::kInvalidArgument);
}

v1::Designation OpenTask(CivilDay start, CivilDay end, absl::Time created) {
  v1::Designation d;
  d.set_name("designations/1");
  d.set_principal(O("yu-han"));
  *d.mutable_start_date() = ToProtoDate(start);
  *d.mutable_end_date() = ToProtoDate(end);
  d.set_state(v1::DESIGNATION_STATE_OPEN);
  *d.mutable_create_time() = ToProtoTime(created);
  return d;
}

TEST(ActingTest, DIS_03_TheCountyHeadDesignatesAnotherDeputyWhoIsPresent) {
  OrgFacts f = F1();
  Away(f, "yu-han", CivilDay(2026, 5, 12), CivilDay(2026, 5, 14), true, 1);
  Away(f, "li-na", CivilDay(2026, 5, 12), CivilDay(2026, 5, 14), true, 2);
  const Env env = EnvAt(At(2026, 5, 11));
  v1::Designation d = OpenTask(CivilDay(2026, 5, 12), CivilDay(2026, 5, 14), At(2026, 5, 11, 9));
  // Only the county head designates; the designee is another deputy head present every day.
  EXPECT_EQ(RuleOf(Designate(d, O("yan-xiang"), O("zhou-min"), f, env)), "DIS-03");
  EXPECT_EQ(RuleOf(Designate(d, O("li-na"), O("chen-li"), f, env)), "DIS-03");      // away too
  EXPECT_EQ(RuleOf(Designate(d, O("huang-tao"), O("chen-li"), f, env)), "DIS-03");  // not a deputy head
  ASSERT_TRUE(Designate(d, O("yan-xiang"), O("chen-li"), f, env).ok());
  EXPECT_EQ(d.state(), v1::DESIGNATION_STATE_DESIGNATED);
  EXPECT_EQ(d.designated_by(), O("chen-li"));
  EXPECT_EQ(Designate(d, O("zhao-gang"), O("chen-li"), f, env).code(), absl::StatusCode::kFailedPrecondition);
}

TEST(ActingTest, DIS_03_ThePresidingStandinDesignatesOnlyAfterTheTimeout) {
  OrgFacts f = F1();
  Away(f, "chen-li", CivilDay(2026, 5, 11), CivilDay(2026, 5, 15), true, 1);
  f.entrustments.push_back({1,
                            O("chen-li"),
                            O("dao-jianhua"),
                            {v1::ACT_KIND_DAILY_WORK},
                            CivilDay(2026, 5, 11),
                            CivilDay(2026, 5, 15),
                            true});
  const int hours = Mengla().proto().ab().designation_timeout().hours();
  const absl::Time opened = At(2026, 5, 11, 9);
  v1::Designation d = OpenTask(CivilDay(2026, 5, 12), CivilDay(2026, 5, 14), opened);
  EXPECT_EQ(RuleOf(Designate(d, O("yan-xiang"), O("dao-jianhua"), f, EnvAt(opened + absl::Hours(hours - 1)))),
            "DIS-03");
  EXPECT_TRUE(Designate(d, O("yan-xiang"), O("dao-jianhua"), f, EnvAt(opened + absl::Hours(hours))).ok());
}

// --- absences and obligations ---------------------------------------------------------------------

TEST(AbsenceDecisionTest, DIS_20_AnOutingIsFiledWithItsObligationsAndTimers) {
  OrgFacts f = F1();
  v1::Absence a = AbsenceOf("li-na", CivilDay(2026, 3, 9), CivilDay(2026, 3, 10), true);
  a.set_name("absences/7");
  Effects fx;
  ASSERT_TRUE(RegisterAbsence(a, f, O("li-na"), EnvAt(At(2026, 3, 2)), TestNames(), fx).ok());
  EXPECT_EQ(a.state(), v1::ABSENCE_STATE_REGISTERED);
  EXPECT_EQ(fx.note_rule_id(), "DIS-20");
  // DIS-18: the prior report and the return report, each with its due timer.
  std::vector<v1::Obligation> opened = Written<v1::Obligation>(fx);
  ASSERT_EQ(opened.size(), 2u);
  EXPECT_EQ(a.obligations_size(), 2);
  for (const v1::Obligation& o : opened) EXPECT_EQ(o.subject(), "absences/7");
  EXPECT_TRUE(HasTimer(fx, "obligation.due"));
  EXPECT_TRUE(HasTimer(fx, "absence.started"));
  EXPECT_TRUE(HasTimer(fx, "absence.ended"));
  // Cancelled before it begins: the open filings are waived and the timers cancelled.
  Effects cancel;
  std::vector<Versioned<v1::Obligation>> current;
  for (const v1::Obligation& o : opened) current.push_back({o, 1});
  ASSERT_TRUE(CancelAbsence(a, current, EnvAt(At(2026, 3, 3)), cancel).ok());
  EXPECT_EQ(a.state(), v1::ABSENCE_STATE_CANCELLED);
  for (const v1::Obligation& o : Written<v1::Obligation>(cancel)) EXPECT_EQ(o.state(), v1::OBLIGATION_STATE_WAIVED);
  EXPECT_TRUE(HasTimer(cancel, "absence.started", /*cancel=*/true));
  // Begun: it is ended by recording the return, not cancelled.
  a.set_state(v1::ABSENCE_STATE_REGISTERED);
  EXPECT_EQ(CancelAbsence(a, current, EnvAt(At(2026, 3, 9)), cancel).code(), absl::StatusCode::kFailedPrecondition);
}

TEST(AbsenceDecisionTest, DIS_18_TheReturnReportClosesTheAbsenceAndLatenessIsKept) {
  v1::Obligation o;
  o.set_name("obligations/2");
  o.set_kind(v1::OBLIGATION_KIND_RETURN_REPORT);
  o.set_rule_id("DIS-18");
  o.set_subject("absences/7");
  o.set_state(v1::OBLIGATION_STATE_OVERDUE);
  *o.mutable_due_time() = ToProtoTime(At(2026, 3, 13, 0));
  v1::Absence a;
  a.set_name("absences/7");
  a.set_state(v1::ABSENCE_STATE_REGISTERED);
  Effects fx;
  ASSERT_TRUE(FulfilObligation(o, O("li-na"), "已向县长报告", false, Versioned<v1::Absence>{a, 3},
                               EnvAt(At(2026, 3, 16)), TestNames(), fx)
                  .ok());
  EXPECT_TRUE(o.late());
  EXPECT_EQ(o.state(), v1::OBLIGATION_STATE_FULFILLED);
  std::vector<v1::Absence> returned = Written<v1::Absence>(fx);
  ASSERT_EQ(returned.size(), 1u);
  EXPECT_EQ(returned[0].state(), v1::ABSENCE_STATE_RETURNED);
  EXPECT_EQ(fx.writes()[0].expected_version, 3);
  EXPECT_TRUE(HasTimer(fx, "obligation.due", /*cancel=*/true));
}

TEST(AbsenceDecisionTest, DIS_17_AnOpenObligationPastItsDueTimeEscalates) {
  v1::Obligation o;
  o.set_name("obligations/4");
  o.set_rule_id("DIS-17");
  o.set_state(v1::OBLIGATION_STATE_OPEN);
  o.add_escalate_to(O("zhou-min"));
  Effects fx;
  ASSERT_TRUE(MarkOverdue({o, 1}, At(2026, 7, 20, 0), fx).ok());
  ASSERT_EQ(fx.events().size(), 1u);
  EXPECT_EQ(fx.events()[0].payload->GetDescriptor()->name(), "ObligationOverdue");
  EXPECT_EQ(Written<v1::Obligation>(fx)[0].state(), v1::OBLIGATION_STATE_OVERDUE);
  // Fulfilled meanwhile: the timer does nothing.
  o.set_state(v1::OBLIGATION_STATE_FULFILLED);
  Effects none;
  ASSERT_TRUE(MarkOverdue({o, 2}, At(2026, 7, 20, 0), none).ok());
  EXPECT_TRUE(none.empty());
}

// --- requests needing approval ---------------------------------------------------------------------

TEST(ApprovalDecisionTest, DIS_16_ATripOutsideTheAnnualPlanIsFlagged) {
  OrgFacts f = F1();
  v1::ApprovalRequest r;
  r.set_name("approvalRequests/1");
  r.set_kind(v1::APPROVAL_KIND_TRAVEL_ABROAD);
  r.set_subject_official(O("lin-feng"));
  r.set_title("赴老挝考察");
  r.mutable_travel()->set_destination("老挝琅南塔");
  *r.mutable_travel()->mutable_depart_date() = ToProtoDate(CivilDay(2026, 11, 10));
  *r.mutable_travel()->mutable_return_date() = ToProtoDate(CivilDay(2026, 11, 13));
  Effects fx;
  ASSERT_TRUE(
      SubmitApprovalRequest(r, {}, O("lin-feng"), std::nullopt, f, EnvAt(At(2026, 10, 20)), TestNames(), fx).ok());
  bool flagged = false;
  for (const auto& w : r.warnings()) flagged = flagged || w.violation().rule_id() == "DIS-16";
  EXPECT_TRUE(flagged);
  EXPECT_EQ(r.created_by(), O("lin-feng"));
}

TEST(ApprovalDecisionTest, DIS_23_MeetingDelegatesNeedsTheCountyHeadsApproval) {
  OrgFacts f = F1();
  v1::ApprovalRequest r;
  r.set_name("approvalRequests/2");
  r.set_kind(v1::APPROVAL_KIND_DELEGATE_MEETING);
  r.set_subject_official(O("li-na"));
  r.set_title("接见县劳动模范代表并合影");
  Effects fx;
  ASSERT_TRUE(SubmitApprovalRequest(r, {}, O("li-wen"), std::nullopt, f, EnvAt(At(2026, 4, 1)), TestNames(), fx).ok());
  ASSERT_EQ(r.rule_ids(0), "DIS-23");
  ASSERT_EQ(r.steps_size(), 1);
  EXPECT_EQ(r.steps(0).kind(), v1::STEP_KIND_COUNTY_HEAD_APPROVAL);
  EXPECT_EQ(r.state(), v1::APPROVAL_STATE_PENDING);
  v1::ActOnApprovalRequestRequest approve;
  approve.set_step(v1::STEP_KIND_COUNTY_HEAD_APPROVAL);
  approve.set_decision(v1::STEP_DECISION_APPROVE);
  EXPECT_EQ(DecideStep(r, approve, O("li-na"), {}, f, EnvAt(At(2026, 4, 2)), TestNames(), fx).code(),
            absl::StatusCode::kPermissionDenied);
  Effects decided;
  ASSERT_TRUE(DecideStep(r, approve, O("chen-li"), {}, f, EnvAt(At(2026, 4, 2)), TestNames(), decided).ok());
  EXPECT_EQ(r.state(), v1::APPROVAL_STATE_APPROVED);
  ASSERT_EQ(decided.events().size(), 1u);  // ApprovalRequestDecided for the modules that wait on it
}

TEST(OrganisationDecisionTest, ORG_02_TheCountyHeadsApprovalInPlaceOfADeputysIsRecordedAsHisFinalSay) {
  OrgFacts f = F1();
  v1::ApprovalRequest r;
  r.set_name("approvalRequests/8");
  r.set_kind(v1::APPROVAL_KIND_TRAVEL_ABROAD);
  r.set_subject_official(O("lin-feng"));
  r.set_title("赴老挝南塔省经贸推介");
  r.mutable_travel()->set_destination("老挝南塔省");
  *r.mutable_travel()->mutable_depart_date() = ToProtoDate(CivilDay(2026, 11, 10));
  *r.mutable_travel()->mutable_return_date() = ToProtoDate(CivilDay(2026, 11, 13));
  Effects created;
  ASSERT_TRUE(
      SubmitApprovalRequest(r, {}, O("duan-yun"), std::nullopt, f, EnvAt(At(2026, 10, 20)), TestNames(), created).ok());
  v1::ActOnApprovalRequestRequest review;
  review.set_step(v1::STEP_KIND_FOREIGN_AFFAIRS_OFFICE_REVIEW);
  review.set_decision(v1::STEP_DECISION_APPROVE);
  Effects reviewed;
  ASSERT_TRUE(DecideStep(r, review, O("duan-yun"), {}, f, EnvAt(At(2026, 10, 21)), TestNames(), reviewed).ok());
  v1::ActOnApprovalRequestRequest approve = review;
  approve.set_step(v1::STEP_KIND_FOREIGN_AFFAIRS_DEPUTY_APPROVAL);
  Effects fx;
  ASSERT_TRUE(DecideStep(r, approve, O("chen-li"), {}, f, EnvAt(At(2026, 10, 22)), TestNames(), fx).ok());
  bool recorded = false;
  for (const AuditOut& a : fx.audits())
    recorded = recorded || (a.rule_id == "ORG-02" && a.action == "SuperiorOverride");
  EXPECT_TRUE(recorded);
  EXPECT_EQ(r.state(), v1::APPROVAL_STATE_APPROVED);
  // Nobody else may step in for the deputy.
  v1::ApprovalRequest other = r;
  other.mutable_steps(1)->set_done(false);
  other.set_state(v1::APPROVAL_STATE_PENDING);
  Effects refused;
  EXPECT_EQ(DecideStep(other, approve, O("li-na"), {}, f, EnvAt(At(2026, 10, 22)), TestNames(), refused).code(),
            absl::StatusCode::kPermissionDenied);
}

TEST(ActingTest, ORG_03_TheCountyHeadConvenesAndChairsThePlenaryAndExecutiveMeetings) {
  OrgFacts f = F1();
  for (v1::ActKind chair : {v1::ACT_KIND_CHAIR_PLENARY_MEETING, v1::ACT_KIND_CHAIR_EXECUTIVE_MEETING}) {
    v1::ActingResolution present = ResolveActing(f, O("chen-li"), chair, CivilDay(2026, 7, 14), Mengla());
    EXPECT_EQ(present.actor(), O("chen-li"));
    EXPECT_EQ(present.basis(), v1::ACTING_BASIS_IN_PERSON);
    // The executive deputy does not chair in his place while he is here, entrusted or not.
    EXPECT_EQ(CheckActing(f, O("chen-li"), chair, CivilDay(2026, 7, 14), O("dao-jianhua"), Mengla()).status().code(),
              absl::StatusCode::kPermissionDenied);
  }
}

TEST(AbsenceDecisionTest, ORG_12_WhatHappenedBeforeTheRulesTookEffectIsNotJudgedByThem) {
  OrgFacts f = F1();
  v1::Absence early;
  early.set_official(O("wang-hai"));
  early.set_kind(v1::ABSENCE_KIND_LEAVE);
  *early.mutable_start_date() = ToProtoDate(CivilDay(2022, 3, 1));
  *early.mutable_end_date() = ToProtoDate(CivilDay(2022, 3, 2));
  absl::StatusOr<AbsencePlan> refused = PlanAbsence(early, f, Cal(), Mengla());
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(RuleOf(refused.status()), "ORG-12");
  EXPECT_EQ(Mengla().effective_from(), CivilDay(2022, 3, 22));
  EXPECT_EQ(RuleOf(PlanReportableEvent(v1::REPORTABLE_EVENT_KIND_MAJOR_SITUATION, O("wang-hai"), "洪灾",
                                       At(2022, 3, 21), f, Cal(), Mengla())
                       .status()),
            "ORG-12");
}

}  // namespace
}  // namespace xianfu::personnel
