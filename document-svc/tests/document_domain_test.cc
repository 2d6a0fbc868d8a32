#include <algorithm>
// document-svc's rules decided on plain data. Tests are named by rule id.
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "common/deadline_proto.h"
#include "document-svc/domain/rules.h"
#include "document-svc/tests/domain_fixture.h"
#include "gtest/gtest.h"

namespace xianfu::document {
namespace {

std::vector<std::string> Rules(const IntakeResult& r) {
  std::vector<std::string> out;
  for (const absl::Status& s : r.refusals) out.push_back(Rule(s));
  return out;
}

v1::Document Request(std::vector<std::string> items) {
  v1::Document d;
  d.set_kind(v1::DOCUMENT_KIND_REQUEST);
  d.set_direction(v1::DIRECTION_INCOMING);
  d.set_title("关于解决镇卫生院业务用房建设资金的请示");
  d.set_unit("units/mengpeng-town");
  d.set_signer("officials/yan-han");
  d.add_principal_recipients("units/government");
  d.set_classification(v1::CLASSIFICATION_PUBLIC);
  for (auto& i : items) d.add_request_items(i);
  return d;
}

IntakeContext Town() {
  IntakeContext ctx;
  ctx.sender.unit = "units/mengpeng-town";
  ctx.sender.principal_head = "officials/yan-han";
  ctx.sender.clerks = {"officials/mengpeng-clerk"};
  ctx.recipients["units/government"] = UnitView{};
  return ctx;
}

TEST(IntakeTest, DOC_03_ARequestCarriesExactlyOneMatter) {
  // S-21: two matters in one 请示.
  IntakeResult two =
      CheckIntake(Request({"解决卫生院业务用房建设资金3,800,000元", "增加村医编制6名"}), Town(), Mengla());
  EXPECT_EQ(Rules(two), std::vector<std::string>{"DOC-03"});
  EXPECT_EQ(two.refusals[0].code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(two.refusals[0].message().find("第四十九条"), std::string_view::npos);
  EXPECT_TRUE(CheckIntake(Request({"解决卫生院业务用房建设资金3,800,000元"}), Town(), Mengla()).refusals.empty());
}

TEST(IntakeTest, DOC_04_AReportCarriesNoRequest) {
  v1::Document report = Request({"恳请县政府安排专项经费500,000元"});
  report.set_kind(v1::DOCUMENT_KIND_REPORT);
  EXPECT_EQ(Rules(CheckIntake(report, Town(), Mengla())), std::vector<std::string>{"DOC-04"});
}

TEST(IntakeTest, DOC_02_NoMultiHeadOrSkipLevelRequest) {
  v1::Document d = Request({"x"});
  d.add_principal_recipients("units/county-committee");
  IntakeContext ctx = Town();
  ctx.recipients["units/county-committee"] = UnitView{};
  IntakeResult r = CheckIntake(d, ctx, Mengla());
  EXPECT_EQ(Rules(r), std::vector<std::string>{"DOC-02"});
  EXPECT_EQ(r.refusals[0].code(), absl::StatusCode::kFailedPrecondition);
  v1::Document skip = Request({"x"});
  skip.clear_principal_recipients();
  skip.add_principal_recipients("units/prefecture-government-office");
  IntakeContext skip_ctx = Town();
  skip_ctx.recipients.clear();
  UnitView prefecture;
  prefecture.roles = {"R-PREF-GO"};
  skip_ctx.recipients["units/prefecture-government-office"] = prefecture;
  EXPECT_EQ(Rules(CheckIntake(skip, skip_ctx, Mengla())), std::vector<std::string>{"DOC-02"});
  skip.set_skip_level_approval("县政府同意直报（县政府办函〔2026〕3号）");
  EXPECT_TRUE(CheckIntake(skip, skip_ctx, Mengla()).refusals.empty());
}

TEST(IntakeTest, DOC_05_NotToALeaderPersonallyUnlessAssignedOrClassifiedDirect) {
  v1::Document d = Request({"x"});
  d.set_addressed_leader("officials/yan-xiang");
  IntakeResult r = CheckIntake(d, Town(), Mengla());
  EXPECT_EQ(Rules(r), std::vector<std::string>{"DOC-05"});
  EXPECT_TRUE(r.redirect_to_registry);
  // S-27: 机密 and flagged "must be delivered directly" passes; 秘密 does not (AMB-16).
  v1::Document jimi = d;
  jimi.set_kind(v1::DOCUMENT_KIND_REPORT);
  jimi.clear_request_items();
  jimi.set_classification(v1::CLASSIFICATION_JIMI);
  jimi.set_must_deliver_directly(true);
  EXPECT_TRUE(CheckIntake(jimi, Town(), Mengla()).refusals.empty());
  jimi.set_classification(v1::CLASSIFICATION_MIMI);
  EXPECT_EQ(Rules(CheckIntake(jimi, Town(), Mengla())), std::vector<std::string>{"DOC-05"});
  v1::Document assigned = d;
  assigned.set_assignment_reference("岩香交办 2026-04-10");
  EXPECT_TRUE(CheckIntake(assigned, Town(), Mengla()).refusals.empty());
}

TEST(IntakeTest, DOC_08_ThePrincipalHeadSignsAndAMB17LetsThePresidingDeputySignWithANote) {
  v1::Document d = Request({"x"});
  d.set_signer("officials/deputy");
  IntakeContext ctx = Town();
  ctx.sender.deputy_heads = {"officials/deputy"};
  IntakeResult r = CheckIntake(d, ctx, Mengla());
  EXPECT_EQ(Rules(r), std::vector<std::string>{"DOC-08"});
  EXPECT_EQ(r.refusals[0].code(), absl::StatusCode::kPermissionDenied);
  ctx.principal_absent = true;
  d.set_signer_annotation("主要负责人外出，由副镇长主持工作签发");
  r = CheckIntake(d, ctx, Mengla());
  EXPECT_TRUE(r.refusals.empty());
  ASSERT_FALSE(r.warnings.empty());
  EXPECT_EQ(r.warnings[0].violation().rule_id(), "DOC-08");
}

TEST(IntakeTest, DOC_09_AffectedDepartmentsCountersignAndDisagreementIsListed) {
  v1::Document d = Request({"x"});
  d.set_unit("units/development-reform-bureau");
  d.add_affected_units("units/natural-resources-bureau");
  IntakeContext ctx = Town();
  ctx.sender.principal_head = d.signer();
  EXPECT_EQ(Rules(CheckIntake(d, ctx, Mengla())), std::vector<std::string>{"DOC-09"});  // not asked
  v1::Countersign c;
  c.set_requested_unit("units/natural-resources-bureau");
  c.set_state(v1::COUNTERSIGN_STATE_PENDING);
  ctx.countersigns = {c};
  IntakeResult pending = CheckIntake(d, ctx, Mengla());
  EXPECT_EQ(Rules(pending), std::vector<std::string>{"DOC-09"});
  EXPECT_EQ(pending.refusals[0].code(), absl::StatusCode::kFailedPrecondition);
  ctx.countersigns[0].set_state(v1::COUNTERSIGN_STATE_DEEMED_NO_OBJECTION);
  EXPECT_TRUE(CheckIntake(d, ctx, Mengla()).refusals.empty());
  ctx.countersigns[0].set_state(v1::COUNTERSIGN_STATE_OBJECTED);
  IntakeResult objected = CheckIntake(d, ctx, Mengla());
  EXPECT_EQ(Rules(objected), std::vector<std::string>{"DOC-09"});
  EXPECT_EQ(objected.refusals[0].code(), absl::StatusCode::kInvalidArgument);
  auto* lead = d.mutable_disagreement()->add_positions();
  lead->set_unit(d.unit());
  lead->set_reasoning("项目用地须优先保障");
  auto* other = d.mutable_disagreement()->add_positions();
  other->set_unit("units/natural-resources-bureau");
  other->set_reasoning("新增建设用地指标不足");
  d.mutable_disagreement()->set_proposed_handling("分期保障，报县政府决定");
  d.mutable_disagreement()->add_countersigned_by("officials/zheng-yu");
  EXPECT_TRUE(CheckIntake(d, ctx, Mengla()).refusals.empty());
  d.set_joint_submission(true);
  ctx.countersigns.clear();
  EXPECT_TRUE(CheckIntake(d, ctx, Mengla()).refusals.empty());
}

TEST(IntakeTest, DOC_11_AMajorNormativeDraftNeedsADraftingExplanation) {
  v1::Document d = Request({});
  d.set_kind(v1::DOCUMENT_KIND_NORMATIVE);
  d.set_major(true);
  EXPECT_EQ(Rules(CheckIntake(d, Town(), Mengla())), std::vector<std::string>{"DOC-11"});
}

TEST(IntakeTest, DOC_01_MissingElementsAreListed) {
  v1::Document d;
  d.set_kind(v1::DOCUMENT_KIND_LETTER);
  IntakeResult r = CheckIntake(d, Town(), Mengla());
  ASSERT_FALSE(r.refusals.empty());
  EXPECT_EQ(Rule(r.refusals[0]), "DOC-01");
  EXPECT_NE(r.refusals[0].message().find("principal_recipients"), std::string_view::npos);
}

TEST(IntakeTest, DIS_21_ClassifiedDocumentsAreMetadataOnly) {
  v1::Document d = Request({"x"});
  d.set_classification(v1::CLASSIFICATION_MIMI);
  d.set_body("正文");
  EXPECT_EQ(Rules(CheckIntake(d, Town(), Mengla())), std::vector<std::string>{"DIS-21"});
}

TEST(CountersignTest, DOC_10_SevenWorkingDaysAcrossNationalDayIncludeTheMakeUpSaturday) {
  // S-23: received Tue 2026-09-29 10:00 → Wed 2026-10-14.
  absl::StatusOr<EventDeadline> d = CountersignDeadline(At(2026, 9, 29, 10), 0, Cal(), Mengla());
  ASSERT_TRUE(d.ok()) << d.status();
  EXPECT_EQ(d->explanation.deadline, absl::CivilDay(2026, 10, 14));
  EXPECT_EQ(DeadlinePassesAt(d->explanation.deadline), At(2026, 10, 15, 0));
}

TEST(CountersignTest, AMB_16b_ReceiptAfterTheCutoffCountsFromTheNextWorkingDay) {
  absl::StatusOr<EventDeadline> late = CountersignDeadline(At(2026, 9, 28, 19), 0, Cal(), Mengla());
  absl::StatusOr<EventDeadline> early = CountersignDeadline(At(2026, 9, 28, 17), 0, Cal(), Mengla());
  ASSERT_TRUE(late.ok() && early.ok());
  EXPECT_EQ(early->explanation.deadline, absl::CivilDay(2026, 10, 13));
  EXPECT_EQ(late->explanation.deadline, absl::CivilDay(2026, 10, 14));
}

TEST(CountersignTest, DOC_10_TheLeadDepartmentsOwnLimitReplacesTheDefault) {
  absl::StatusOr<EventDeadline> d = CountersignDeadline(At(2026, 6, 1, 9), 3, Cal(), Mengla());
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->explanation.deadline, absl::CivilDay(2026, 6, 4));
}

TEST(EndorsementTest, DOC_14_ACircleIsAnOpinionOnlyOnAGeneralReport) {
  v1::Document request = Request({"设立临时森林防火检查站"});
  EXPECT_FALSE(IsExplicit(request, v1::ENDORSEMENT_KIND_CIRCLE, ""));
  EXPECT_FALSE(IsExplicit(request, v1::ENDORSEMENT_KIND_SIGNATURE_ONLY, ""));
  EXPECT_FALSE(IsExplicit(request, v1::ENDORSEMENT_KIND_INSTRUCTION, "阅"));
  EXPECT_TRUE(IsExplicit(request, v1::ENDORSEMENT_KIND_INSTRUCTION, "同意。请林草局会同勐仑镇抓紧设立。"));
  EXPECT_TRUE(IsExplicit(request, v1::ENDORSEMENT_KIND_APPROVE, ""));
  v1::Document report = request;
  report.set_kind(v1::DOCUMENT_KIND_REPORT);
  report.clear_request_items();
  EXPECT_TRUE(IsExplicit(report, v1::ENDORSEMENT_KIND_CIRCLE, ""));
}

v1::Document Outgoing(bool important) {
  v1::Document d;
  d.set_kind(v1::DOCUMENT_KIND_OPINION);
  d.set_direction(v1::DIRECTION_OUTGOING);
  d.set_issuing_name(v1::ISSUING_NAME_COUNTY_GOVERNMENT);
  d.set_important(important);
  d.set_unit("units/commerce-bureau");
  return d;
}

SignContext Signers(const std::string& signer, std::set<std::string> roles = {"R-DH"}) {
  SignContext sc;
  sc.signer.official = signer;
  sc.signer.roles = std::move(roles);
  sc.county_head = "officials/chen-li";
  sc.executive_deputy = "officials/dao-jianhua";
  sc.portfolio_deputy = "officials/wang-hai";
  sc.office_director = "officials/zhou-min";
  return sc;
}

void Review(v1::Document& d, const std::string& who) { d.mutable_sign_off()->add_reviews()->set_official(who); }

TEST(SignOffTest, DOC_16_AnImportantDocumentIsReviewedByThreeThenSignedByTheCountyHead) {
  // S-28.
  v1::Document d = Outgoing(true);
  absl::Status alone = CheckSignOff(d, Signers("officials/wang-hai"), Mengla());
  EXPECT_EQ(alone.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(Rule(alone), "DOC-16");
  EXPECT_NE(alone.message().find("须经负责常务工作的副县长、分管副县长、办公室主任审核后报县长签发"),
            std::string_view::npos);
  absl::Status early = CheckSignOff(d, Signers("officials/chen-li", {"R-CH"}), Mengla());
  EXPECT_EQ(early.code(), absl::StatusCode::kFailedPrecondition);
  Review(d, "officials/dao-jianhua");
  Review(d, "officials/wang-hai");
  Review(d, "officials/zhou-min");
  EXPECT_TRUE(CheckSignOff(d, Signers("officials/chen-li", {"R-CH"}), Mengla()).ok());
  // A general notice is signed by the deputy in charge alone.
  EXPECT_TRUE(CheckSignOff(Outgoing(false), Signers("officials/wang-hai"), Mengla()).ok());
  EXPECT_EQ(Rule(CheckSignOff(Outgoing(false), Signers("officials/li-na"), Mengla())), "DOC-16");
}

TEST(SignOffTest, DOC_16_TheExecutiveDeputyInChargeReviewsOnce) {
  std::vector<std::string> missing =
      MissingReviews(Outgoing(true), "officials/dao-jianhua", "officials/dao-jianhua", "officials/zhou-min");
  EXPECT_EQ(missing.size(), 2u);
}

TEST(SignOffTest, DOC_15_OrdersAreSignedAsPersonnelSvcDecidesForActsInPersonOnly) {
  // personnel-svc decides who may do an act reserved to the county head (CheckActing, its
  // DOC-15 test); the signature follows its answer.
  v1::Document d = Outgoing(false);
  d.set_kind(v1::DOCUMENT_KIND_ORDER);
  SignContext deputy = Signers("officials/dao-jianhua", {"R-DH", "R-EDH"});
  deputy.in_person_check = Mengla().Refuse(absl::StatusCode::kPermissionDenied, "DOC-15", "命令由县长本人签署",
                                           "orders are signed by the county head in person");
  absl::Status refused = CheckSignOff(d, deputy, Mengla());
  EXPECT_EQ(refused.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(Rule(refused), "DOC-15");
  EXPECT_TRUE(CheckSignOff(d, Signers("officials/chen-li", {"R-CH"}), Mengla()).ok());
}

TEST(SignOffTest, DOC_18_UpwardDocumentsNeedTheCountyHeadOrHisEntrustedDeputy) {
  v1::Document d = Outgoing(true);
  d.set_upward(true);  // prevails over DOC-16 (AMB-31)
  SignContext deputy = Signers("officials/dao-jianhua");
  EXPECT_EQ(Rule(CheckSignOff(d, deputy, Mengla())), "DOC-18");
  deputy.entrusted_for_upward = true;
  EXPECT_TRUE(CheckSignOff(d, deputy, Mengla()).ok());
}

TEST(SignOffTest, DOC_17_OfficeDocumentsAreSignedByTheOfficeDirector) {
  v1::Document d = Outgoing(false);
  d.set_issuing_name(v1::ISSUING_NAME_GOVERNMENT_OFFICE);
  EXPECT_TRUE(CheckSignOff(d, Signers("officials/zhou-min", {"R-OD"}), Mengla()).ok());
  EXPECT_EQ(Rule(CheckSignOff(d, Signers("officials/wang-hai"), Mengla())), "DOC-17");
  d.set_major(true);
  EXPECT_TRUE(CheckSignOff(d, Signers("officials/wang-hai"), Mengla()).ok());
}

TEST(SignOffTest, DOC_19_NoGovernmentNameForDepartmentMattersNorUnapprovedDirectivesToTownships) {
  v1::Document d = Outgoing(false);
  d.set_within_department_powers(true);
  EXPECT_EQ(Rule(CheckSignOff(d, Signers("officials/wang-hai"), Mengla())), "DOC-19");
  d.set_within_department_powers(false);
  d.set_directive_to_townships(true);
  EXPECT_EQ(Rule(CheckSignOff(d, Signers("officials/wang-hai"), Mengla())), "DOC-19");
  d.set_directive_approval("县政府批准 2026-05-10");
  EXPECT_TRUE(CheckSignOff(d, Signers("officials/wang-hai"), Mengla()).ok());
}

TEST(SignOffTest, DOC_27_ANormativeDocumentNeedsALawfulReviewFirst) {
  v1::Document d = Outgoing(false);
  d.set_kind(v1::DOCUMENT_KIND_NORMATIVE);
  absl::Status s = CheckSignOff(d, Signers("officials/wang-hai"), Mengla());
  EXPECT_EQ(Rule(s), "DOC-27");
  EXPECT_FALSE(GetRuleViolation(s)->override().allowed());
  d.mutable_normative()->set_legality(v1::LEGALITY_RESULT_UNLAWFUL);
  EXPECT_EQ(Rule(CheckSignOff(d, Signers("officials/wang-hai"), Mengla())), "DOC-27");
  d.mutable_normative()->set_legality(v1::LEGALITY_RESULT_LAWFUL);
  EXPECT_TRUE(CheckSignOff(d, Signers("officials/wang-hai"), Mengla()).ok());
}

TEST(ExtensionTest, DOC_23_AtMostTwoExtensionsThenOnlyTheInstructingLeaderWithAReason) {
  // S-30: PS-2026-045 from 陈立, already extended twice.
  v1::HandlingItem item;
  item.set_name("handlingItems/1");
  item.set_instructing_leader("officials/chen-li");
  *item.mutable_deadline() = ToProtoDate(absl::CivilDay(2026, 6, 18));
  item.add_extensions();
  item.add_extensions();
  item.set_state(v1::HANDLING_STATE_OPEN);
  Person sun;
  sun.official = "officials/sun-jie";
  sun.roles = {"R-SUP"};
  Person chen;
  chen.official = "officials/chen-li";
  chen.roles = {"R-CH"};
  const auto next = ToProtoDate(absl::CivilDay(2026, 6, 30));
  absl::StatusOr<v1::Extension> by_sun = CheckExtension(item, "土地纠纷涉及历史遗留问题，需进一步核实", next, "",
                                                        {sun, "officials/chen-li"}, At(2026, 6, 16), Mengla());
  EXPECT_EQ(by_sun.status().code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(Rule(by_sun.status()), "DOC-23");
  absl::StatusOr<v1::Extension> no_reason = CheckExtension(item, "土地纠纷涉及历史遗留问题", next, "",
                                                           {chen, "officials/chen-li"}, At(2026, 6, 16), Mengla());
  EXPECT_EQ(Rule(no_reason.status()), "DOC-23");
  absl::StatusOr<v1::Extension> by_chen =
      CheckExtension(item, "土地纠纷涉及历史遗留问题", next, "涉及群众切身利益，需稳妥处理",
                     {chen, "officials/chen-li"}, At(2026, 6, 16), Mengla());
  ASSERT_TRUE(by_chen.ok()) << by_chen.status();
  EXPECT_TRUE(by_chen->override());
  absl::StatusOr<v1::Extension> unexplained =
      CheckExtension(item, "", next, "", {chen, "officials/chen-li"}, At(2026, 6, 16), Mengla());
  EXPECT_EQ(unexplained.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Rule(unexplained.status()), "DOC-23");
}

TEST(IssueTest, DOC_20_NoDownwardDocumentOnADisputedTopicWithoutConsensus) {
  v1::Document d = Outgoing(false);
  d.set_disputed_topic("农贸市场管理职责划分");
  EXPECT_EQ(Rule(CheckIssue(d, UnitView{}, Mengla()).refusal), "DOC-20");
  d.set_consensus_reference("县政府协调会议纪要〔2026〕8号");
  EXPECT_TRUE(CheckIssue(d, UnitView{}, Mengla()).refusal.ok());
}

TEST(IssueTest, DOC_21_AnInternalUnitIssuesNoNormativeDocumentsAndDemandsNoSubmissions) {
  UnitView section;
  section.internal_unit = true;
  v1::Document d = Outgoing(false);
  d.set_issuing_name(v1::ISSUING_NAME_DEPARTMENT);
  d.set_requires_township_submissions(true);
  absl::Status s = CheckIssue(d, section, Mengla()).refusal;
  EXPECT_EQ(Rule(s), "DOC-21");
  EXPECT_EQ(s.code(), absl::StatusCode::kPermissionDenied);
  d.set_requires_township_submissions(false);
  d.set_kind(v1::DOCUMENT_KIND_NORMATIVE);
  EXPECT_EQ(Rule(CheckIssue(d, section, Mengla()).refusal), "DOC-21");
  EXPECT_TRUE(CheckIssue(d, UnitView{}, Mengla()).refusal.ok());  // the department itself may
}

TEST(IssueTest, DOC_22_ADivisionPlanGoesOutWithItsDocumentAndOneBriefingSeriesPerDepartment) {
  v1::Document plan = Outgoing(false);
  plan.set_division_of_labour_plan(true);
  IssueCheck alone = CheckIssue(plan, UnitView{}, Mengla());
  EXPECT_TRUE(alone.refusal.ok());
  ASSERT_EQ(alone.warnings.size(), 1u);
  EXPECT_EQ(alone.warnings[0].violation().rule_id(), "DOC-22");
  v1::Document briefing = Request({});
  briefing.set_kind(v1::DOCUMENT_KIND_BRIEFING);
  briefing.set_briefing_series("商务简报");
  IntakeContext ctx = Town();
  ctx.existing_briefing_series = {"商务工作动态"};
  IntakeResult second = CheckIntake(briefing, ctx, Mengla());
  ASSERT_EQ(Rules(second), std::vector<std::string>{"DOC-22"});
  EXPECT_TRUE(GetRuleViolation(second.refusals[0])->override().allowed());
  ctx.second_series_overridden = true;
  EXPECT_TRUE(CheckIntake(briefing, ctx, Mengla()).refusals.empty());
  ctx.existing_briefing_series = {"商务简报"};  // the same series again is fine
  ctx.second_series_overridden = false;
  EXPECT_TRUE(CheckIntake(briefing, ctx, Mengla()).refusals.empty());
}

TEST(CountersignTest, DOC_10_NextYearsNoticeMovesAPendingDeadlineButNotAnAgreedOne) {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / absl::StrCat("xianfu-cal-", getpid());
  fs::remove_all(dir);
  fs::copy(fs::path(XIANFU_SOURCE_DIR) / "policy/calendars", dir, fs::copy_options::recursive);
  fs::copy_file(fs::path(XIANFU_SOURCE_DIR) / "common/tests/testdata/cn-2027-fake.json", dir / "cn-2027.json");
  std::ifstream in(dir / "layers.json");
  std::stringstream layers;
  layers << in.rdbuf();
  std::string text = layers.str();
  const std::string last = "\"cn-2026.json\"";
  text.replace(text.find(last), last.size(), "\"cn-2026.json\", \"cn-2027.json\"");
  std::ofstream(dir / "layers.json") << text;
  absl::StatusOr<std::shared_ptr<const Calendar>> with_2027 = Calendar::LoadFromDirectory(dir);
  ASSERT_TRUE(with_2027.ok()) << with_2027.status();
  fs::remove_all(dir);

  absl::StatusOr<EventDeadline> provisional = CountersignDeadline(At(2027, 9, 29, 10), 0, Cal(), Mengla());
  ASSERT_TRUE(provisional.ok());
  ASSERT_TRUE(provisional->explanation.provisional);
  v1::Countersign c;
  c.set_state(v1::COUNTERSIGN_STATE_PENDING);
  *c.mutable_deadline() = ToProto(provisional->explanation);
  std::optional<v1::Countersign> moved = RecomputeCountersign(c, Cal(), **with_2027);
  ASSERT_TRUE(moved.has_value());
  EXPECT_FALSE(moved->deadline().provisional());
  EXPECT_GT(FromProtoDate(moved->deadline().deadline()), FromProtoDate(c.deadline().deadline()));
  EXPECT_EQ(FromProtoTime(moved->deadline_time()), DeadlinePassesAt(FromProtoDate(moved->deadline().deadline())));
  c.set_deadline_agreed(true);
  EXPECT_FALSE(RecomputeCountersign(c, Cal(), **with_2027).has_value());
}

TEST(NumberingTest, IssueNumbersFollowThePolicysPrefix) {
  EXPECT_EQ(IssueNumber(Mengla().proto().docs().numbering().government_prefix(), 2026, 12), "腊政发〔2026〕12号");
}

TEST(SearchTest, ChineseTitlesAreIndexedByBigrams) {
  std::set<std::string> terms = SearchTerms("关于2026年冬季农业开发的请示");
  EXPECT_TRUE(terms.contains("冬季"));
  EXPECT_TRUE(terms.contains("农业"));
  EXPECT_TRUE(terms.contains("2026"));
  EXPECT_FALSE(terms.contains("冬"));
}

TEST(IntakeTest, ORG_10_AMatterWithinTheDepartmentsPowersIsDecidedThere) {
  v1::Document d = Request({"同意本局调整内设科室分工"});
  d.set_within_department_powers(true);
  IntakeResult r = CheckIntake(d, Town(), Mengla());
  EXPECT_EQ(Rules(r), std::vector<std::string>{"ORG-10"});
  EXPECT_EQ(r.refusals[0].code(), absl::StatusCode::kFailedPrecondition);
}

TEST(IntakeTest, ORG_11_AUnitUnderDualLeadershipIsWarnedWhereOthersAreReturned) {
  IntakeContext dual = Town();
  dual.sender.dual_led = true;
  IntakeResult r = CheckIntake(Request({"解决卫生院业务用房建设资金", "增加村医编制6名"}), dual, Mengla());
  EXPECT_TRUE(r.refusals.empty());
  std::vector<std::string> warned;
  for (const auto& w : r.warnings) warned.push_back(w.violation().rule_id());
  EXPECT_NE(std::find(warned.begin(), warned.end(), "DOC-03"), warned.end());
  EXPECT_NE(std::find(warned.begin(), warned.end(), "ORG-11"), warned.end());
  // Confidentiality is not relaxed.
  v1::Document secret = Request({"解决卫生院业务用房建设资金"});
  secret.set_classification(v1::CLASSIFICATION_MIMI);
  secret.set_body("正文");
  EXPECT_EQ(Rules(CheckIntake(secret, dual, Mengla())), std::vector<std::string>{"DIS-21"});
}

TEST(RoutingTest, DOC_07_ADraftForTheCountyCommitteeGoesOnlyAfterTheCountyGovernmentReviewedIt) {
  v1::Document d = Request({"审定《关于加快口岸经济发展的决定（代拟稿）》"});
  d.set_for_county_committee(true);
  d.set_state(v1::DOCUMENT_STATE_ENDORSED);
  v1::Endorsement* read = d.add_endorsements();
  read->set_kind(v1::ENDORSEMENT_KIND_INSTRUCTION);
  read->set_text("请办公室研究");
  EXPECT_EQ(Rule(Forward(d, EnvAt(At(2026, 6, 1)))), "DOC-07");
  v1::Document approved = d;
  approved.add_endorsements()->set_kind(v1::ENDORSEMENT_KIND_APPROVE);
  EXPECT_TRUE(Forward(approved, EnvAt(At(2026, 6, 1))).ok());
  v1::Document met = d;
  met.set_government_review_reference("县人民政府第14次常务会议");
  EXPECT_TRUE(Forward(met, EnvAt(At(2026, 6, 1))).ok());
}

TEST(HandlingTest, DIS_30_ANonCompliantRequestIsClosedWithItsLegalReasonAndEscalatesNoFurther) {
  v1::HandlingItem item;
  item.set_name("handlingItems/4");
  item.set_state(v1::HANDLING_STATE_OPEN);
  Effects fx;
  ASSERT_TRUE(Complete(item, "违反《政府投资条例》第九条，不予办理", EnvAt(At(2026, 6, 1)), fx).ok());
  EXPECT_EQ(item.state(), v1::HANDLING_STATE_COMPLETED);
  EXPECT_EQ(item.declined_reason(), "违反《政府投资条例》第九条，不予办理");
  EXPECT_EQ(fx.note_rule_id(), "DIS-30");
  bool breach_cancelled = false;
  for (const TimerOut& t : fx.timers())
    breach_cancelled = breach_cancelled || (t.kind == "handling.breach" && t.cancel);
  EXPECT_TRUE(breach_cancelled);
}

}  // namespace
}  // namespace xianfu::document
