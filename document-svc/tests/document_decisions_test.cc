// document-svc's decisions as effects: submission, review and routing, endorsement, sign-off,
// issue, countersign, handling items and normative documents. Tests are named by rule id.
#include "common/deadline_proto.h"
#include "document-svc/domain/rules.h"
#include "document-svc/tests/domain_fixture.h"
#include "gtest/gtest.h"
#include "xianfu/common/v1/escalation.pb.h"

namespace xianfu::document {
namespace {

std::string O(const char* id) { return absl::StrCat("officials/", id); }

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

std::vector<std::string> Published(const Effects& fx) {
  std::vector<std::string> out;
  for (const EventOut& e : fx.events()) out.push_back(e.payload->GetDescriptor()->name());
  return out;
}

v1::Document Submitted(const char* unit = "units/commerce-bureau") {
  v1::Document d;
  d.set_name("documents/5");
  d.set_direction(v1::DIRECTION_INCOMING);
  d.set_kind(v1::DOCUMENT_KIND_REQUEST);
  d.set_title("关于边贸互市点改造资金的请示");
  d.set_unit(unit);
  d.add_request_items("安排改造资金1,500,000元");
  d.set_state(v1::DOCUMENT_STATE_SUBMITTED);
  return d;
}

Acting Standin(const std::string& principal, const std::string& actor, const std::string& display) {
  Acting a;
  a.principal = principal;
  a.actor = actor;
  a.display = display;
  a.mark.set_acting_official(actor);
  a.mark.set_for_official(principal);
  a.mark.set_basis("AB_PAIR");
  a.mark.set_rule_id("DIS-02");
  return a;
}

// --- review and routing ---------------------------------------------------------------------------

TEST(RoutingTest, DOC_12_TheOfficeRecordsAHandlingOpinionBeforeRouting) {
  v1::Document d = Submitted();
  absl::Status none = Review(d, "", O("li-wen"), O("wang-hai"), Acting{}, EnvAt(At(2026, 6, 1)));
  EXPECT_EQ(none.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(Rule(none), "DOC-12");
  // Nor does it forward what it has not reviewed.
  EXPECT_EQ(Rule(Forward(d, EnvAt(At(2026, 6, 1)))), "DOC-12");
}

TEST(RoutingTest, DOC_13_RoutedToTheLeaderInChargeOrWhoeverActsForHim) {
  v1::Document d = Submitted();
  ASSERT_TRUE(Review(d, "拟请王海副县长阅示", O("li-wen"), O("wang-hai"),
                     Standin(O("wang-hai"), O("yan-xiang"), "岩香代王海"), EnvAt(At(2026, 6, 1)))
                  .ok());
  EXPECT_EQ(d.state(), v1::DOCUMENT_STATE_WITH_LEADER);
  EXPECT_EQ(d.routed_leader(), O("wang-hai"));
  EXPECT_EQ(d.acting_leader(), O("yan-xiang"));
  EXPECT_EQ(d.acting_display(), "岩香代王海");
  EXPECT_EQ(d.reviewed_by(), O("li-wen"));
  // A unit with nobody in charge and no county head: nowhere to route.
  v1::Document orphan = Submitted();
  EXPECT_EQ(Rule(Review(orphan, "拟办", O("li-wen"), "", Acting{}, EnvAt(At(2026, 6, 1)))), "DOC-13");
}

EndorseFacts By(const std::string& me, const std::string& name) {
  EndorseFacts f;
  f.me.official = me;
  f.me.display_name = name;
  f.county_head = O("chen-li");
  return f;
}

v1::Document WithLeader(const std::string& leader, bool major = false) {
  v1::Document d = Submitted();
  d.set_state(v1::DOCUMENT_STATE_WITH_LEADER);
  d.set_routed_leader(leader);
  d.set_major(major);
  return d;
}

EndorseInput Approve(const std::string& text = "同意") {
  EndorseInput in;
  in.kind = v1::ENDORSEMENT_KIND_APPROVE;
  in.text = text;
  return in;
}

TEST(RoutingTest, DOC_13_AMajorMatterEndsWithTheCountyHead) {
  v1::Document d = WithLeader(O("wang-hai"), /*major=*/true);
  EndorseFacts facts = By(O("wang-hai"), "王海");
  facts.county_head_acting = Acting{O("chen-li"), O("chen-li"), false, "陈立", {}, {}};
  Effects fx;
  ASSERT_TRUE(Endorse(d, Approve(), facts, EnvAt(At(2026, 6, 2)), TestNames(), fx).ok());
  EXPECT_EQ(d.state(), v1::DOCUMENT_STATE_WITH_LEADER);
  EXPECT_EQ(d.routed_leader(), O("chen-li"));
  EXPECT_EQ(Rule(Forward(d, EnvAt(At(2026, 6, 2)))), "DOC-13");
  Effects second;
  ASSERT_TRUE(Endorse(d, Approve(), By(O("chen-li"), "陈立"), EnvAt(At(2026, 6, 3)), TestNames(), second).ok());
  EXPECT_EQ(d.state(), v1::DOCUMENT_STATE_ENDORSED);
  EXPECT_EQ(Published(second), std::vector<std::string>{"DocumentEndorsed"});
  EXPECT_TRUE(Forward(d, EnvAt(At(2026, 6, 3))).ok());
}

TEST(RoutingTest, DOC_06_AnUnreviewedDocumentStaysWithTheOfficeAndNothingUnroutedIsEndorsed) {
  v1::Document d = Submitted();
  Effects fx;
  EXPECT_EQ(Rule(Endorse(d, Approve(), By(O("wang-hai"), "王海"), EnvAt(At(2026, 6, 2)), TestNames(), fx)), "DOC-06");
  d.set_addressed_leader(O("wang-hai"));  // sent to him directly: he endorses, the office still reviews
  ASSERT_TRUE(Endorse(d, Approve(), By(O("wang-hai"), "王海"), EnvAt(At(2026, 6, 2)), TestNames(), fx).ok());
  EXPECT_EQ(d.state(), v1::DOCUMENT_STATE_SUBMITTED);
  EXPECT_TRUE(d.endorsements(0).unreviewed());
  ASSERT_FALSE(d.warnings().empty());
  EXPECT_EQ(d.warnings(0).violation().rule_id(), "DOC-06");
}

TEST(RoutingTest, DOC_12_WhereDepartmentsDisagreeTheLeaderWritesHisConclusion) {
  v1::Document d = WithLeader(O("wang-hai"));
  auto* p = d.mutable_disagreement()->add_positions();
  p->set_unit("units/natural-resources-bureau");
  p->set_reasoning("用地指标不足");
  Effects fx;
  EXPECT_EQ(Rule(Endorse(d, Approve(""), By(O("wang-hai"), "王海"), EnvAt(At(2026, 6, 2)), TestNames(), fx)), "DOC-12");
  EXPECT_TRUE(Endorse(d, Approve("同意商务局意见，用地由自然资源局调剂"), By(O("wang-hai"), "王海"),
                      EnvAt(At(2026, 6, 2)), TestNames(), fx)
                  .ok());
}

TEST(RoutingTest, DOC_14_AStandinEndorsesOnlyAsPersonnelSvcAllowsAndIsMarked) {
  v1::Document d = WithLeader(O("wang-hai"));
  EndorseFacts refused = By(O("li-na"), "李娜");
  refused.acting_for_principal = Mengla().Refuse(absl::StatusCode::kPermissionDenied, "DIS-02", "无权代行", "not B");
  Effects fx;
  EXPECT_EQ(Rule(Endorse(d, Approve(), refused, EnvAt(At(2026, 6, 2)), TestNames(), fx)), "DIS-02");
  EndorseFacts b = By(O("yan-xiang"), "岩香");
  b.acting_for_principal = Standin(O("wang-hai"), O("yan-xiang"), "岩香代王海");
  Effects marked;
  ASSERT_TRUE(Endorse(d, Approve(), b, EnvAt(At(2026, 6, 2)), TestNames(), marked).ok());
  EXPECT_EQ(d.endorsements(0).acting_mark().for_official(), O("wang-hai"));
  EXPECT_EQ(marked.note_acting_for(), O("wang-hai"));
}

TEST(RoutingTest, DOC_23_AnInstructionThatAssignsWorkOpensHandlingItems) {
  v1::Document d = WithLeader(O("wang-hai"));
  EndorseInput in;
  in.kind = v1::ENDORSEMENT_KIND_INSTRUCTION;
  in.text = "请商务局牵头，会同财政局十个工作日内拿出方案";
  in.assigned_units = {"units/commerce-bureau", "units/finance-bureau"};
  Effects fx;
  EXPECT_EQ(Endorse(d, in, By(O("wang-hai"), "王海"), EnvAt(At(2026, 6, 2)), TestNames(), fx).code(),
            absl::StatusCode::kInvalidArgument);  // no deadline
  in.assignment_deadline = ToProtoDate(absl::CivilDay(2026, 6, 16));
  Effects assigned;
  ASSERT_TRUE(Endorse(d, in, By(O("wang-hai"), "王海"), EnvAt(At(2026, 6, 2)), TestNames(), assigned).ok());
  std::vector<v1::HandlingItem> items = Written<v1::HandlingItem>(assigned);
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[0].instructing_leader(), O("wang-hai"));
  EXPECT_EQ(items[0].document(), d.name());
  EXPECT_TRUE(HasTimer(assigned, "handling.breach"));
}

// --- intake ---------------------------------------------------------------------------------------

TEST(SubmitTest, DOC_01_ARefusedSubmissionIsReturnedCommittedAndAnsweredWithTheRefusal) {
  v1::Document d = Submitted();
  d.set_state(v1::DOCUMENT_STATE_DRAFT);
  d.add_request_items("另一事项");  // DOC-03
  IntakeContext ctx;
  ctx.sender.clerks = {O("commerce-bureau-clerk")};
  Effects fx;
  ASSERT_TRUE(Submit(d, ctx, {}, Person{}, EnvAt(At(2026, 6, 1)), fx).ok());
  EXPECT_EQ(d.state(), v1::DOCUMENT_STATE_RETURNED);
  EXPECT_FALSE(fx.answer().ok());
  EXPECT_FALSE(fx.remember());  // a retry checks again
  EXPECT_EQ(Published(fx), std::vector<std::string>{"DocumentReturned"});
}

TEST(SubmitTest, DOC_24_AUnitWithoutADocumentClerkIsWarned) {
  v1::Document d = Submitted();
  d.set_state(v1::DOCUMENT_STATE_DRAFT);
  d.set_signer(O("huang-tao"));
  d.add_principal_recipients("units/government");
  d.set_classification(v1::CLASSIFICATION_PUBLIC);
  IntakeContext ctx;
  ctx.sender.principal_head = O("huang-tao");
  ctx.recipients["units/government"] = UnitView{};
  Effects fx;
  ASSERT_TRUE(Submit(d, ctx, {}, Person{}, EnvAt(At(2026, 6, 1)), fx).ok());
  EXPECT_EQ(d.state(), v1::DOCUMENT_STATE_SUBMITTED);
  ASSERT_EQ(d.warnings_size(), 1);
  EXPECT_EQ(d.warnings(0).violation().rule_id(), "DOC-24");
}

// --- outgoing documents ---------------------------------------------------------------------------

v1::Document Normative(v1::IssuingName name) {
  v1::Document d;
  d.set_name("documents/9");
  d.set_direction(v1::DIRECTION_OUTGOING);
  d.set_kind(v1::DOCUMENT_KIND_NORMATIVE);
  d.set_issuing_name(name);
  d.set_unit("units/commerce-bureau");
  d.set_state(v1::DOCUMENT_STATE_DRAFT);
  return d;
}

TEST(IssueTest, DOC_25_ANormativeDocumentStatesItsLegalBasis) {
  v1::Document d = Normative(v1::ISSUING_NAME_DEPARTMENT);
  Effects fx;
  EXPECT_EQ(Rule(IssueDepartmental(d, UnitView{}, EnvAt(At(2026, 6, 1)), fx)), "DOC-25");
  d.mutable_normative()->set_legal_basis("《中华人民共和国电子商务法》");
  ASSERT_TRUE(IssueDepartmental(d, UnitView{}, EnvAt(At(2026, 6, 1)), fx).ok());
  EXPECT_EQ(d.state(), v1::DOCUMENT_STATE_ISSUED);
}

TEST(IssueTest, DOC_28_ADepartmentalNormativeDocumentFallsDueForFilingAndEscalatesWhenLate) {
  v1::Document d = Normative(v1::ISSUING_NAME_DEPARTMENT);
  d.mutable_normative()->set_legal_basis("《中华人民共和国电子商务法》");
  Effects issued;
  ASSERT_TRUE(IssueDepartmental(d, UnitView{}, EnvAt(At(2026, 6, 1)), issued).ok());
  EXPECT_TRUE(HasTimer(issued, "normative.filing_due"));
  EXPECT_EQ(FromProtoTime(d.normative().filing_due_time()),
            At(2026, 6, 1) + absl::Hours(24) * Mengla().proto().normdoc().filing_days().days());
  Effects late;
  ASSERT_TRUE(FilingOverdue({d, 2}, late).ok());
  EXPECT_EQ(Published(late), std::vector<std::string>{"NormativeFilingOverdue"});
  Effects filed;
  ASSERT_TRUE(FileNormative(d, EnvAt(At(2026, 6, 10)), filed).ok());
  EXPECT_TRUE(HasTimer(filed, "normative.filing_due", /*cancel=*/true));
  Effects nothing;
  ASSERT_TRUE(FilingOverdue({d, 3}, nothing).ok());
  EXPECT_TRUE(nothing.empty());
}

TEST(SignOffTest, DOC_26_ANormativeDocumentTouchingOthersCarriesTheirOpinions) {
  v1::Document d = Normative(v1::ISSUING_NAME_COUNTY_GOVERNMENT);
  d.mutable_normative()->set_legality(v1::LEGALITY_RESULT_LAWFUL);
  d.add_affected_units("units/finance-bureau");
  SignContext sc;
  sc.signer.official = O("wang-hai");
  sc.county_head = O("chen-li");
  sc.portfolio_deputy = O("wang-hai");
  Effects fx;
  EXPECT_EQ(Rule(Sign(d, sc, UnitView{}, {}, EnvAt(At(2026, 6, 1)), TestNames(), fx)), "DOC-26");
  v1::Countersign answered;
  answered.set_requested_unit("units/finance-bureau");
  answered.set_state(v1::COUNTERSIGN_STATE_AGREED);
  ASSERT_TRUE(Sign(d, sc, UnitView{}, {answered}, EnvAt(At(2026, 6, 1)), TestNames(), fx).ok());
  EXPECT_EQ(d.state(), v1::DOCUMENT_STATE_SIGNED);
  Effects numbered;
  ASSERT_TRUE(IssueNumbered(d, 12, EnvAt(At(2026, 6, 2)), numbered).ok());
  EXPECT_EQ(d.issue_number(), "腊政发〔2026〕12号");
}

TEST(SignOffTest, DOC_15_AStandInsRefusedSignatureEscalatesToTheCountyHead) {
  v1::Document d;
  d.set_name("documents/7");
  d.set_kind(v1::DOCUMENT_KIND_ORDER);
  d.set_direction(v1::DIRECTION_OUTGOING);
  d.set_state(v1::DOCUMENT_STATE_DRAFT);
  d.set_issuing_name(v1::ISSUING_NAME_COUNTY_GOVERNMENT);
  d.set_title("勐腊县人民政府令");
  SignContext sc;
  sc.signer.official = O("dao-jianhua");
  sc.signer.roles = {"R-DH", "R-EDH"};
  sc.county_head = O("chen-li");
  sc.in_person_check = Mengla().Refuse(absl::StatusCode::kPermissionDenied, "DOC-15", "命令由县长本人签署",
                                       "orders are signed by the county head in person");
  const v1::Document before = d;
  Effects fx;
  ASSERT_TRUE(Sign(d, sc, UnitView{}, {}, EnvAt(At(2026, 6, 1)), TestNames(), fx).ok());
  // The caller is refused, the document is unchanged, and the county head has it in his queue.
  EXPECT_EQ(fx.answer().code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(Rule(fx.answer()), "DOC-15");
  EXPECT_EQ(d.SerializeAsString(), before.SerializeAsString());
  std::vector<common::v1::Escalation> raised = Written<common::v1::Escalation>(fx);
  ASSERT_EQ(raised.size(), 1u);
  EXPECT_EQ(raised[0].assignee(), O("chen-li"));
  EXPECT_EQ(raised[0].raised_by(), O("dao-jianhua"));
  EXPECT_EQ(raised[0].subject(), "documents/7");
  EXPECT_EQ(raised[0].rule_id(), "DOC-15");
  EXPECT_EQ(raised[0].state(), common::v1::ESCALATION_STATE_OPEN);
  EXPECT_EQ(Published(fx), std::vector<std::string>{"EscalationRaised"});
  // The county head himself, refused for another reason, raises nothing.
  Effects none;
  sc.signer.official = O("chen-li");
  sc.signer.roles = {"R-CH"};
  EXPECT_EQ(Rule(Sign(d, sc, UnitView{}, {}, EnvAt(At(2026, 6, 1)), TestNames(), none)), "DOC-15");
  EXPECT_TRUE(Written<common::v1::Escalation>(none).empty());
}

TEST(NormativeTest, DOC_29_ASuspendedOrRevokedDocumentRecordsWhy) {
  v1::Document d = Normative(v1::ISSUING_NAME_DEPARTMENT);
  d.set_state(v1::DOCUMENT_STATE_ISSUED);
  Effects fx;
  EXPECT_EQ(ChangeNormativeStatus(d, v1::NORMATIVE_STATUS_SUSPENDED, "", EnvAt(At(2026, 6, 1)), fx).code(),
            absl::StatusCode::kInvalidArgument);
  ASSERT_TRUE(
      ChangeNormativeStatus(d, v1::NORMATIVE_STATUS_SUSPENDED, "县司法局审查认为第五条违法", EnvAt(At(2026, 6, 1)), fx)
          .ok());
  EXPECT_EQ(d.normative().status(), v1::NORMATIVE_STATUS_SUSPENDED);
  EXPECT_EQ(fx.note_rule_id(), "DOC-29");
}

TEST(NormativeTest, DOC_30_ADocumentNotReviewedForTheCleanupPeriodIsFlagged) {
  v1::Document d = Normative(v1::ISSUING_NAME_DEPARTMENT);
  d.set_state(v1::DOCUMENT_STATE_ISSUED);
  *d.mutable_normative()->mutable_last_reviewed() = ToProtoDate(absl::CivilDay(2024, 5, 1));
  MarkCleanupDue(d, EnvAt(At(2026, 6, 1)));
  ASSERT_EQ(d.warnings_size(), 1);
  EXPECT_EQ(d.warnings(0).violation().rule_id(), "DOC-30");
  Effects fx;
  ASSERT_TRUE(
      ChangeNormativeStatus(d, v1::NORMATIVE_STATUS_VALID, "2026年清理：继续有效", EnvAt(At(2026, 6, 1)), fx).ok());
  EXPECT_EQ(fx.note_rule_id(), "DOC-30");
  v1::Document fresh = d;
  fresh.clear_warnings();
  MarkCleanupDue(fresh, EnvAt(At(2026, 6, 2)));
  EXPECT_TRUE(fresh.warnings().empty());
}

// --- countersign ----------------------------------------------------------------------------------

TEST(CountersignDecisionTest, DOC_10_EachRequestHasItsDeadlineItsDeemedTimerAndAReminder) {
  v1::Document d = Submitted();
  d.set_state(v1::DOCUMENT_STATE_DRAFT);
  Effects fx;
  absl::StatusOr<std::vector<v1::Countersign>> made = RequestCountersigns(
      d, {"units/finance-bureau", "units/natural-resources-bureau"}, 0, EnvAt(At(2026, 9, 29)), TestNames(), fx);
  ASSERT_TRUE(made.ok()) << made.status();
  ASSERT_EQ(made->size(), 2u);
  EXPECT_EQ(FromProtoDate((*made)[0].deadline().deadline()), absl::CivilDay(2026, 10, 14));
  EXPECT_EQ(d.countersigns_size(), 2);
  EXPECT_TRUE(HasTimer(fx, "countersign.deemed"));
  EXPECT_TRUE(HasTimer(fx, "countersign.reminder"));
  EXPECT_EQ(RequestCountersigns(d, {d.unit()}, 0, EnvAt(At(2026, 9, 29)), TestNames(), fx).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(CountersignDecisionTest, DOC_10_SilenceBecomesDeemedNoObjectionAndALateReplyIsOnlyKept) {
  v1::Countersign c;
  c.set_name("countersigns/3");
  c.set_requested_unit("units/finance-bureau");
  c.set_state(v1::COUNTERSIGN_STATE_PENDING);
  Effects fx;
  ASSERT_TRUE(DeemNoObjection({c, 1}, At(2026, 10, 15, 0), fx).ok());
  v1::Countersign deemed = Written<v1::Countersign>(fx).at(0);
  EXPECT_EQ(deemed.state(), v1::COUNTERSIGN_STATE_DEEMED_NO_OBJECTION);
  EXPECT_EQ(Published(fx), std::vector<std::string>{"CountersignDeemed"});
  Effects late;
  ASSERT_TRUE(
      Reply(deemed, v1::COUNTERSIGN_STATE_OBJECTED, "不同意", "用地不足", O("liu-qiang"), EnvAt(At(2026, 10, 16)), late)
          .ok());
  EXPECT_EQ(deemed.state(), v1::COUNTERSIGN_STATE_DEEMED_NO_OBJECTION);
  EXPECT_NE(deemed.late_comment().find("用地不足"), std::string::npos);
  EXPECT_EQ(late.note_rule_id(), "DOC-10");
}

TEST(CountersignDecisionTest, DOC_10_TheLeadDepartmentReopensADeemedCountersignAndTheLateObjectionCounts) {
  v1::Countersign c;
  c.set_name("countersigns/5");
  c.set_requested_unit("units/finance-bureau");
  c.set_state(v1::COUNTERSIGN_STATE_DEEMED_NO_OBJECTION);
  Effects pending_again;
  v1::Countersign silent = c;
  EXPECT_EQ(Reopen(c, "", O("feng-gang"), EnvAt(At(2026, 10, 16)), pending_again).code(), absl::StatusCode::kOk);
  // Without a late reply it waits again, with a deadline counted from the reopening.
  EXPECT_EQ(c.state(), v1::COUNTERSIGN_STATE_PENDING);
  EXPECT_EQ(FromProtoDate(c.deadline().deadline()), absl::CivilDay(2026, 10, 27));
  EXPECT_TRUE(HasTimer(pending_again, "countersign.deemed"));
  EXPECT_EQ(Reopen(c, "", O("feng-gang"), EnvAt(At(2026, 10, 16)), pending_again).code(),
            absl::StatusCode::kFailedPrecondition);

  Effects late;
  ASSERT_TRUE(Reply(silent, v1::COUNTERSIGN_STATE_OBJECTED, "不同意", "用地不足", O("liu-qiang"),
                    EnvAt(At(2026, 10, 16)), late)
                  .ok());
  Effects reopened;
  ASSERT_TRUE(Reopen(silent, "收到财政局逾期意见，重新协商", O("feng-gang"), EnvAt(At(2026, 10, 17)), reopened).ok());
  // The late objection is now the answer: DOC-09(b) applies at submission.
  EXPECT_EQ(silent.state(), v1::COUNTERSIGN_STATE_OBJECTED);
  EXPECT_EQ(silent.reasons(), "用地不足");
  EXPECT_EQ(silent.replied_by(), O("liu-qiang"));
  EXPECT_EQ(silent.reopened_by(), O("feng-gang"));
  EXPECT_EQ(reopened.note_rule_id(), "DOC-10");
}

TEST(CountersignDecisionTest, DOC_09_AnObjectionStatesItsReasons) {
  v1::Countersign c;
  c.set_name("countersigns/4");
  c.set_state(v1::COUNTERSIGN_STATE_PENDING);
  Effects fx;
  EXPECT_EQ(Rule(Reply(c, v1::COUNTERSIGN_STATE_OBJECTED, "不同意", "", O("liu-qiang"), EnvAt(At(2026, 6, 1)), fx)),
            "DOC-09");
  ASSERT_TRUE(Reply(c, v1::COUNTERSIGN_STATE_AGREED, "同意", "", O("liu-qiang"), EnvAt(At(2026, 6, 1)), fx).ok());
  EXPECT_TRUE(HasTimer(fx, "countersign.deemed", /*cancel=*/true));
}

}  // namespace
}  // namespace xianfu::document
