// meeting-svc's rules on plain data, one test (or more) per rule id, under the Mengla policy and
// the national calendar.
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <vector>

#include "common/deadline_proto.h"
#include "common/tests/domain_fixture.h"
#include "gtest/gtest.h"
#include "meeting-svc/domain/rules.h"

namespace xianfu::meeting {
namespace {

using testing::EnvAt;
using testing::Mengla;
using testing::Official;
using testing::Rule;
using testing::TestNames;

absl::Time At(int y, int m, int d, int hh = 10) { return testing::At(y, m, d, hh); }

constexpr int64_t kYuan = 100;

v1::Matter MatterOf(v1::MatterKind kind, int64_t fen) {
  v1::Matter m;
  m.set_name("matters/1");
  m.set_kind(kind);
  m.set_title("事项");
  m.set_unit("units/finance-bureau");
  m.mutable_amount()->set_fen(fen);
  return m;
}

std::vector<v1::Forum> Forums(const v1::Route& r) {
  std::vector<v1::Forum> out;
  for (const v1::RouteStep& s : r.steps()) out.push_back(s.forum());
  return out;
}

v1::Meeting MeetingOf(v1::MeetingKind kind, absl::CivilDay day, const std::string& id = "e-1") {
  v1::Meeting m;
  m.set_name("meetings/" + id);
  m.set_kind(kind);
  m.set_title("会议");
  *m.mutable_date() = ToProtoDate(day);
  m.set_chair("officials/chen-li");
  m.set_state(v1::MEETING_STATE_SCHEDULED);
  return m;
}

// --- Routing: every kind at every boundary --------------------------------------------------

struct Boundary {
  int64_t fen;
  v1::Forum fund, investment, asset;
};

TEST(RouteTest, MTG_09_MTG_10_MTG_11_EveryKindAtEveryBoundary) {
  const std::vector<Boundary> rows = {
      {19999999, v1::FORUM_COUNTY_HEAD, v1::FORUM_EXECUTIVE, v1::FORUM_NONE},
      {20000000, v1::FORUM_COUNTY_HEAD, v1::FORUM_EXECUTIVE, v1::FORUM_NONE},
      {20000001, v1::FORUM_EXECUTIVE, v1::FORUM_EXECUTIVE, v1::FORUM_NONE},
      {200000000, v1::FORUM_EXECUTIVE, v1::FORUM_EXECUTIVE, v1::FORUM_NONE},
      {200000001, v1::FORUM_EXECUTIVE, v1::FORUM_EXECUTIVE, v1::FORUM_EXECUTIVE},
      {999999999, v1::FORUM_EXECUTIVE, v1::FORUM_EXECUTIVE, v1::FORUM_EXECUTIVE},
      {1000000000, v1::FORUM_PARTY_GROUP, v1::FORUM_EXECUTIVE, v1::FORUM_EXECUTIVE},
      {1000000001, v1::FORUM_PARTY_GROUP, v1::FORUM_EXECUTIVE, v1::FORUM_EXECUTIVE},
      {4999999999, v1::FORUM_PARTY_GROUP, v1::FORUM_EXECUTIVE, v1::FORUM_EXECUTIVE},
      {5000000000, v1::FORUM_PARTY_GROUP, v1::FORUM_PARTY_GROUP, v1::FORUM_EXECUTIVE},
      {5000000001, v1::FORUM_PARTY_GROUP, v1::FORUM_PARTY_GROUP, v1::FORUM_EXECUTIVE},
  };
  for (const Boundary& b : rows) {
    SCOPED_TRACE(b.fen);
    EXPECT_EQ(Forums(RouteOf(MatterOf(v1::MATTER_KIND_FUND_ADJUSTMENT, b.fen), b.fen, Mengla())),
              std::vector<v1::Forum>{b.fund});
    EXPECT_EQ(Forums(RouteOf(MatterOf(v1::MATTER_KIND_NEW_INVESTMENT, b.fen), b.fen, Mengla())),
              std::vector<v1::Forum>{b.investment});
    EXPECT_EQ(Forums(RouteOf(MatterOf(v1::MATTER_KIND_ASSET_DISPOSAL, b.fen), b.fen, Mengla())),
              std::vector<v1::Forum>{b.asset});
    // The kinds the policy's table routes do not depend on the amount.
    EXPECT_EQ(Forums(RouteOf(MatterOf(v1::MATTER_KIND_NPC_BILL, b.fen), b.fen, Mengla())),
              std::vector<v1::Forum>{v1::FORUM_EXECUTIVE});
    EXPECT_EQ(Forums(RouteOf(MatterOf(v1::MATTER_KIND_DIVISION_OF_WORK, b.fen), b.fen, Mengla())),
              std::vector<v1::Forum>{v1::FORUM_PARTY_GROUP});
    EXPECT_EQ(Forums(RouteOf(MatterOf(v1::MATTER_KIND_ANNUAL_INVESTMENT_PLAN, b.fen), b.fen, Mengla())),
              (std::vector<v1::Forum>{v1::FORUM_EXECUTIVE, v1::FORUM_PARTY_GROUP}));
  }
}

TEST(RouteTest, TheReadmeShowsTheRoutingTableRenderedFromThePolicy) {
  std::ifstream in(std::filesystem::path(XIANFU_SOURCE_DIR) / "meeting-svc/README.md");
  const std::string readme((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const std::string table = RoutingTableMarkdown(Mengla());
  EXPECT_NE(readme.find(table), std::string::npos) << "meeting-svc/README.md is out of date; the table is now:\n"
                                                   << table;
}

TEST(RouteTest, MTG_09_BoundaryOf10MillionIsWarnedAndCitesTheArticle) {
  const v1::Route r = RouteOf(MatterOf(v1::MATTER_KIND_FUND_ADJUSTMENT, 1000000000), 1000000000, Mengla());
  ASSERT_EQ(r.steps_size(), 1);
  EXPECT_EQ(r.steps(0).basis().rule_id(), "MTG-09");
  EXPECT_NE(r.steps(0).basis().message_zh().find("10,000,000元"), std::string::npos) << r.steps(0).basis().message_zh();
  ASSERT_EQ(r.warnings_size(), 1);
  EXPECT_NE(r.warnings(0).violation().message_en().find("AMB-02"), std::string::npos);
}

TEST(RouteTest, MTG_10_AnnualPlanIsExecutiveThenPartyGroupInOrder) {
  v1::Matter m = MatterOf(v1::MATTER_KIND_ANNUAL_INVESTMENT_PLAN, 0);
  ASSERT_TRUE(RegisterMatter(m, 0, "officials/feng-gang", EnvAt(At(2026, 3, 2))).ok());
  EXPECT_TRUE(m.route().sequential());
  // A party-group decision first does not stand for the executive meeting's study.
  EXPECT_FALSE(Advances(m, v1::FORUM_PARTY_GROUP, Mengla()));
  EXPECT_TRUE(Advances(m, v1::FORUM_EXECUTIVE, Mengla()));
}

TEST(RouteTest, MTG_04_WorkReportNeedsPlenaryAndExecutive) {
  v1::Matter m = MatterOf(v1::MATTER_KIND_WORK_REPORT, 0);
  EXPECT_EQ(Forums(RouteOf(m, 0, Mengla())), (std::vector<v1::Forum>{v1::FORUM_PLENARY, v1::FORUM_EXECUTIVE}));
  // A party-group decision does not stand for the plenary discussion (only the executive tier).
  ASSERT_TRUE(RegisterMatter(m, 0, "officials/li-wen", EnvAt(At(2026, 3, 2))).ok());
  EXPECT_FALSE(Advances(m, v1::FORUM_PARTY_GROUP, Mengla()) && !Advances(m, v1::FORUM_PLENARY, Mengla()));
  m.add_approvals()->set_forum(v1::FORUM_EXECUTIVE);
  EXPECT_FALSE(Advances(m, v1::FORUM_PARTY_GROUP, Mengla()));
  EXPECT_TRUE(Advances(m, v1::FORUM_PLENARY, Mengla()));
}

TEST(RouteTest, MTG_11_TwoMillionExactlyIsNotExecutiveAndIsRecordedOnly) {
  v1::Matter m = MatterOf(v1::MATTER_KIND_ASSET_DISPOSAL, 200000000);
  ASSERT_TRUE(RegisterMatter(m, m.amount().fen(), "officials/liu-qiang", EnvAt(At(2026, 3, 2))).ok());
  EXPECT_EQ(m.state(), v1::MATTER_STATE_DECIDED);
  ASSERT_EQ(m.route().warnings_size(), 1);
  EXPECT_NE(m.route().warnings(0).violation().message_en().find("AMB-06"), std::string::npos);
}

TEST(RouteTest, AMB_05_SplitItemsOfOneProjectAddUpToTheHigherForum) {
  v1::Matter m = MatterOf(v1::MATTER_KIND_FUND_ADJUSTMENT, 15000000);  // 150,000 yuan alone
  m.set_project_code("P-7");
  m.set_purpose("道路维修");
  const v1::Route alone = RouteOf(m, m.amount().fen(), Mengla());
  EXPECT_EQ(Forums(alone), std::vector<v1::Forum>{v1::FORUM_COUNTY_HEAD});
  const v1::Route together = RouteOf(m, 30000000, Mengla());  // 300,000 this fiscal year
  EXPECT_EQ(Forums(together), std::vector<v1::Forum>{v1::FORUM_EXECUTIVE});
  ASSERT_EQ(together.warnings_size(), 1);
  EXPECT_NE(together.warnings(0).violation().message_en().find("AMB-05"), std::string::npos);
}

TEST(RouteTest, AMB_37_BudgetedSpendingIsNotTheCountyHeads) {
  v1::Matter m = MatterOf(v1::MATTER_KIND_FUND_ADJUSTMENT, 10000000);
  m.set_budgeted(true);
  EXPECT_EQ(Forums(RouteOf(m, m.amount().fen(), Mengla())), std::vector<v1::Forum>{v1::FORUM_NONE});
}

TEST(RouteTest, MTG_20_AMajorMatterIsDecidedCollectively) {
  v1::Matter m = MatterOf(v1::MATTER_KIND_FUND_ADJUSTMENT, 10000000);
  m.set_major(true);
  const v1::Route r = RouteOf(m, m.amount().fen(), Mengla());
  ASSERT_EQ(Forums(r), std::vector<v1::Forum>{v1::FORUM_EXECUTIVE});
  EXPECT_EQ(r.steps(0).basis().rule_id(), "MTG-20");
}

TEST(RouteTest, MTG_17_MattersWithinOwnAuthorityStayThere) {
  EXPECT_EQ(Forums(RouteOf(MatterOf(v1::MATTER_KIND_DEPARTMENT_MATTER, 0), 0, Mengla())),
            std::vector<v1::Forum>{v1::FORUM_DEPARTMENT});
  EXPECT_EQ(Forums(RouteOf(MatterOf(v1::MATTER_KIND_DEPUTY_MATTER, 0), 0, Mengla())),
            std::vector<v1::Forum>{v1::FORUM_DEPUTY_HEAD});
}

// --- Approving and executing matters --------------------------------------------------------

TEST(MatterTest, MTG_09_ExecutionWithoutTheRequiredForumIsRefusedCitingIt) {
  const Env env = EnvAt(At(2026, 3, 2));
  v1::Matter m = MatterOf(v1::MATTER_KIND_FUND_ADJUSTMENT, 1000000000);
  ASSERT_TRUE(RegisterMatter(m, m.amount().fen(), "officials/liu-qiang", env).ok());
  Effects fx;
  const absl::Status s = Execute(m, "officials/liu-qiang", env, fx);
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(Rule(s), "MTG-09");
  EXPECT_NE(s.message().find("10,000,000元须经县政府党组会议"), std::string::npos) << s.message();
  // An executive decision does not satisfy the party group's tier.
  EXPECT_FALSE(Advances(m, v1::FORUM_EXECUTIVE, Mengla()));
  m.add_approvals()->set_forum(v1::FORUM_PARTY_GROUP);
  EXPECT_TRUE(Execute(m, "officials/liu-qiang", env, fx).ok());
  EXPECT_EQ(m.state(), v1::MATTER_STATE_EXECUTED);
}

TEST(MatterTest, AMB_27_AHigherForumSatisfiesALowerTier) {
  v1::Matter m = MatterOf(v1::MATTER_KIND_FUND_ADJUSTMENT, 10000000);
  ASSERT_TRUE(RegisterMatter(m, m.amount().fen(), "officials/liu-qiang", EnvAt(At(2026, 3, 2))).ok());
  EXPECT_TRUE(Advances(m, v1::FORUM_EXECUTIVE, Mengla()));
  EXPECT_TRUE(Advances(m, v1::FORUM_PARTY_GROUP, Mengla()));
}

TEST(MatterTest, MTG_09_TheCountyHeadApprovesSmallAdjustmentsAndAStandInIsMarked) {
  const Env env = EnvAt(At(2026, 3, 2));
  v1::Matter m = MatterOf(v1::MATTER_KIND_FUND_ADJUSTMENT, 10000000);
  ASSERT_TRUE(RegisterMatter(m, m.amount().fen(), "officials/liu-qiang", env).ok());
  org::Acting acting;
  acting.principal = "officials/chen-li";
  acting.actor = "officials/dao-jianhua";
  acting.mark.set_basis("ENTRUSTMENT");
  Effects fx;
  ASSERT_TRUE(ApproveInPerson(m, Official("dao-jianhua", {"R-DH", "R-EDH"}), acting, env, fx).ok());
  EXPECT_EQ(m.state(), v1::MATTER_STATE_DECIDED);
  EXPECT_EQ(m.approvals(0).acting_mark().basis(), "ENTRUSTMENT");
  // Nobody approves in person what a meeting must decide.
  v1::Matter big = MatterOf(v1::MATTER_KIND_FUND_ADJUSTMENT, 30000000);
  ASSERT_TRUE(RegisterMatter(big, big.amount().fen(), "officials/liu-qiang", env).ok());
  const absl::Status s = ApproveInPerson(big, Official("chen-li", {"R-CH"}), acting, env, fx);
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(Rule(s), "MTG-09");
}

// --- Meetings --------------------------------------------------------------------------------

TEST(MeetingTest, MTG_01_UnknownKindIsRefused) {
  v1::Meeting m = MeetingOf(v1::MEETING_KIND_UNSPECIFIED, absl::CivilDay(2026, 3, 20));
  const absl::Status s = ScheduleMeeting(m, {Official("chen-li", {"R-CH"}), std::nullopt}, {}, EnvAt(At(2026, 3, 2)));
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Rule(s), "MTG-01");
}

TEST(MeetingTest, MTG_02_MTG_07_AStandInChairsOnlyWhenPersonnelAllowsIt) {
  const Env env = EnvAt(At(2026, 3, 2));
  for (v1::MeetingKind kind : {v1::MEETING_KIND_PLENARY, v1::MEETING_KIND_EXECUTIVE}) {
    v1::Meeting m = MeetingOf(kind, absl::CivilDay(2026, 3, 20));
    m.set_chair("officials/dao-jianhua");
    ChairFacts chair{Official("dao-jianhua", {"R-DH", "R-EDH"}),
                     absl::StatusOr<org::Acting>(absl::PermissionDeniedError("no entrustment covers it"))};
    const absl::Status s = ScheduleMeeting(m, chair, {"officials/chen-li"}, env);
    EXPECT_EQ(s.code(), absl::StatusCode::kPermissionDenied);
    EXPECT_EQ(Rule(s), kind == v1::MEETING_KIND_PLENARY ? "MTG-02" : "MTG-07");
    org::Acting acting;
    acting.principal = "officials/chen-li";
    acting.actor = "officials/dao-jianhua";
    acting.display = "刀建华(受委托)代陈立";
    acting.mark.set_basis("ENTRUSTMENT");
    chair.acting = acting;
    ASSERT_TRUE(ScheduleMeeting(m, chair, {"officials/chen-li", "officials/dao-jianhua"}, env).ok());
    EXPECT_EQ(m.chair_acting_mark().basis(), "ENTRUSTMENT");
    EXPECT_EQ(m.attendance_size(), 2);
  }
}

TEST(MeetingTest, MTG_02_MembersFromTheOrganisationAndAttendeesAreNotMembers) {
  EXPECT_EQ(MemberRoles(v1::MEETING_KIND_PLENARY), (std::vector<std::string>{"R-CH", "R-DH", "R-OD", "R-DEPT-HEAD"}));
  EXPECT_EQ(MemberRoles(v1::MEETING_KIND_EXECUTIVE), (std::vector<std::string>{"R-CH", "R-DH", "R-OD"}));
  v1::Meeting m = MeetingOf(v1::MEETING_KIND_PLENARY, absl::CivilDay(2026, 3, 20));
  m.add_attendees("officials/yan-han");
  ASSERT_TRUE(
      ScheduleMeeting(m, {Official("chen-li", {"R-CH"}), std::nullopt}, {"officials/chen-li"}, EnvAt(At(2026, 3, 2)))
          .ok());
  ASSERT_EQ(m.attendance_size(), 2);
  EXPECT_TRUE(m.attendance(0).member());
  EXPECT_FALSE(m.attendance(1).member());
}

TEST(MeetingTest, MTG_05_OnlyTheSecretaryChairsThePartyGroup) {
  v1::Meeting m = MeetingOf(v1::MEETING_KIND_PARTY_GROUP, absl::CivilDay(2026, 3, 20));
  m.set_chair("officials/dao-jianhua");
  const absl::Status s = ScheduleMeeting(m, {Official("dao-jianhua", {"R-DH", "R-PGD", "R-PGM"}), std::nullopt}, {},
                                         EnvAt(At(2026, 3, 2)));
  EXPECT_EQ(s.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(Rule(s), "MTG-05");
  m.set_chair("officials/chen-li");
  EXPECT_TRUE(
      ScheduleMeeting(m, {Official("chen-li", {"R-CH", "R-PGS", "R-PGM"}), std::nullopt}, {}, EnvAt(At(2026, 3, 2)))
          .ok());
}

TEST(MeetingTest, MTG_12_TheOfficeDirectorChairsASpecialTopicOnlyWhenEntrusted) {
  v1::Meeting m = MeetingOf(v1::MEETING_KIND_SPECIAL_TOPIC, absl::CivilDay(2026, 3, 20));
  m.set_chair("officials/zhou-min");
  const Person director = Official("zhou-min", {"R-OD", "R-OFFICE"});
  ASSERT_TRUE(ChairActKind(m.kind(), director).has_value());
  EXPECT_FALSE(ChairActKind(m.kind(), Official("yu-han", {"R-DH"})).has_value());
  const absl::Status s =
      ScheduleMeeting(m, {director, absl::StatusOr<org::Acting>(absl::PermissionDeniedError("no entrustment"))}, {},
                      EnvAt(At(2026, 3, 2)));
  EXPECT_EQ(s.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(Rule(s), "MTG-12");
  // A clerk never chairs one.
  const absl::Status clerk =
      ScheduleMeeting(m, {Official("li-wen", {"R-OFFICE"}), std::nullopt}, {}, EnvAt(At(2026, 3, 2)));
  EXPECT_EQ(Rule(clerk), "MTG-12");
}

TEST(MeetingTest, MTG_21_AbsenceWithoutLeaveIsRecordedAndEscalated) {
  v1::Meeting m = MeetingOf(v1::MEETING_KIND_EXECUTIVE, absl::CivilDay(2026, 3, 20));
  ASSERT_TRUE(ScheduleMeeting(m, {Official("chen-li", {"R-CH"}), std::nullopt},
                              {"officials/chen-li", "officials/yu-han"}, EnvAt(At(2026, 3, 2)))
                  .ok());
  m.mutable_attendance(0)->set_status(v1::ATTENDANCE_STATUS_PRESENT);
  Effects fx;
  ASSERT_TRUE(Hold(m, std::nullopt, "officials/sun-jie", EnvAt(At(2026, 3, 20, 17)), TestNames(), fx).ok());
  EXPECT_EQ(m.state(), v1::MEETING_STATE_HELD);
  EXPECT_EQ(m.attendance(1).status(), v1::ATTENDANCE_STATUS_ABSENT_UNEXCUSED);
  ASSERT_EQ(m.warnings_size(), 1);
  EXPECT_EQ(m.warnings(0).violation().rule_id(), "MTG-21");
  int escalations = 0;
  for (const RecordWrite& w : fx.writes()) escalations += w.record->GetDescriptor()->name() == "Escalation";
  EXPECT_EQ(escalations, 1);
  // Not before its day.
  v1::Meeting later = MeetingOf(v1::MEETING_KIND_EXECUTIVE, absl::CivilDay(2026, 3, 25));
  EXPECT_EQ(Hold(later, std::nullopt, "", EnvAt(At(2026, 3, 20)), TestNames(), fx).code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST(FrequencyTest, MTG_03_APlenaryMissingFromTheHalfYearIsWarnedOnTheWarnDayThenRecorded) {
  // S-18: nothing by 2026-06-15.
  std::vector<v1::MeetingFrequencyWarning> found = CheckFrequency(absl::CivilDay(2026, 6, 15), {}, Mengla());
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].kind(), v1::MEETING_KIND_PLENARY);
  EXPECT_FALSE(found[0].deviation());
  EXPECT_EQ(found[0].rule_id(), "MTG-03");
  EXPECT_EQ(found[0].notify_roles_size(), 2);
  // A plenary scheduled for 06-26 silences the warning; held, it satisfies the half-year.
  v1::Meeting plenary = MeetingOf(v1::MEETING_KIND_PLENARY, absl::CivilDay(2026, 6, 26));
  EXPECT_TRUE(CheckFrequency(absl::CivilDay(2026, 6, 15), {plenary}, Mengla()).empty());
  // 07-01: not held in H1 → a deviation (and the monthly kinds of June too).
  found = CheckFrequency(absl::CivilDay(2026, 7, 1), {plenary}, Mengla());
  int plenary_deviations = 0;
  for (const auto& w : found) plenary_deviations += w.kind() == v1::MEETING_KIND_PLENARY && w.deviation();
  EXPECT_EQ(plenary_deviations, 1);
  plenary.set_state(v1::MEETING_STATE_HELD);
  found = CheckFrequency(absl::CivilDay(2026, 7, 1), {plenary}, Mengla());
  for (const auto& w : found) EXPECT_NE(w.kind(), v1::MEETING_KIND_PLENARY);
}

TEST(FrequencyTest, MTG_05_MTG_07_AMonthWithoutTheMeetingIsRecordedWhenItCloses) {
  v1::Meeting pg = MeetingOf(v1::MEETING_KIND_PARTY_GROUP, absl::CivilDay(2026, 4, 9));
  pg.set_state(v1::MEETING_STATE_HELD);
  const std::vector<v1::MeetingFrequencyWarning> found = CheckFrequency(absl::CivilDay(2026, 5, 1), {pg}, Mengla());
  ASSERT_EQ(found.size(), 1u);  // the executive meeting of April is missing; the party group met
  EXPECT_EQ(found[0].kind(), v1::MEETING_KIND_EXECUTIVE);
  EXPECT_TRUE(found[0].deviation());
  EXPECT_EQ(found[0].rule_id(), "MTG-07");
  EXPECT_EQ(FromProtoDate(found[0].period_start()), absl::CivilDay(2026, 4, 1));
  EXPECT_EQ(FromProtoDate(found[0].period_end()), absl::CivilDay(2026, 4, 30));
  // Mid-month nothing is checked.
  EXPECT_TRUE(CheckFrequency(absl::CivilDay(2026, 5, 12), {}, Mengla()).empty());
}

TEST(FrequencyTest, AMB_01_PeriodsFollowThePolicysFrequency) {
  EXPECT_EQ(PeriodOf(policy::v1::FREQUENCY_HALF_YEARLY, absl::CivilDay(2026, 8, 3)),
            std::pair(absl::CivilDay(2026, 7, 1), absl::CivilDay(2026, 12, 31)));
  EXPECT_EQ(PeriodOf(policy::v1::FREQUENCY_QUARTERLY, absl::CivilDay(2026, 5, 3)),
            std::pair(absl::CivilDay(2026, 4, 1), absl::CivilDay(2026, 6, 30)));
  EXPECT_EQ(PeriodOf(policy::v1::FREQUENCY_SEMI_MONTHLY, absl::CivilDay(2026, 2, 20)),
            std::pair(absl::CivilDay(2026, 2, 16), absl::CivilDay(2026, 2, 28)));
  EXPECT_EQ(PeriodOf(policy::v1::FREQUENCY_WEEKLY, absl::CivilDay(2026, 12, 2)),
            std::pair(absl::CivilDay(2026, 11, 30), absl::CivilDay(2026, 12, 6)));
}

// --- Topics ----------------------------------------------------------------------------------

v1::Topic TopicFor(const v1::Meeting& meeting) {
  v1::Topic t;
  t.set_name("topics/t-1");
  t.set_title("议题");
  t.set_unit("units/water-bureau");
  t.set_meeting(meeting.name());
  t.set_basis_and_reasons("依据《水法》");
  t.set_state(v1::TOPIC_STATE_DRAFT);
  return t;
}

TEST(TopicTest, MTG_14_ThreeCalendarDaysBeforeTheMeetingOrTheNextMeetingIsProposed) {
  const v1::Meeting meeting = MeetingOf(v1::MEETING_KIND_EXECUTIVE, absl::CivilDay(2026, 3, 20));
  const v1::Meeting next = MeetingOf(v1::MEETING_KIND_EXECUTIVE, absl::CivilDay(2026, 4, 10), "e-2");
  const Person clerk = Official("li-jiang", {"R-DEPT-HEAD"}, {"units/water-bureau"});
  {
    v1::Topic t = TopicFor(meeting);
    Effects fx;
    ASSERT_TRUE(SubmitTopic(t, meeting, {next}, {}, clerk, EnvAt(At(2026, 3, 17, 23)), fx).ok());
    EXPECT_EQ(t.state(), v1::TOPIC_STATE_SUBMITTED);
    EXPECT_EQ(FromProtoDate(t.latest_submission()), absl::CivilDay(2026, 3, 17));
  }
  {
    v1::Topic t = TopicFor(meeting);
    Effects fx;
    ASSERT_TRUE(SubmitTopic(t, meeting, {next}, {}, clerk, EnvAt(At(2026, 3, 18, 8)), fx).ok());
    EXPECT_EQ(Rule(fx.answer()), "MTG-14");
    EXPECT_EQ(t.state(), v1::TOPIC_STATE_SUBMITTED);
    EXPECT_TRUE(t.late());
    EXPECT_EQ(t.proposed_meeting(), "meetings/e-2");
    // Not admitted: it goes no further on that meeting, but moves to the proposed one.
    EXPECT_EQ(Rule(SponsorTopic(t, false, Official("yu-han", {"R-DH"}), EnvAt(At(2026, 3, 18, 9)), fx)), "MTG-14");
    ASSERT_TRUE(MoveTopic(t, meeting, next, "", Official("li-wen", {"R-OFFICE"}), EnvAt(At(2026, 3, 18, 9)), fx).ok());
    EXPECT_FALSE(t.late());
    EXPECT_EQ(t.meeting(), "meetings/e-2");
  }
  {
    // Major: 5 days.
    v1::Topic t = TopicFor(meeting);
    t.set_major(true);
    Effects fx;
    ASSERT_TRUE(SubmitTopic(t, meeting, {next}, {}, clerk, EnvAt(At(2026, 3, 16)), fx).ok());
    EXPECT_EQ(Rule(fx.answer()), "MTG-14");
  }
  {
    // The county head admits a late topic with a reason (AMB-38).
    v1::Topic t = TopicFor(meeting);
    common::v1::OverrideRequest o;
    o.set_rule_id("MTG-14");
    o.set_reason("防汛形势紧急，须本次会议研究");
    Effects fx;
    ASSERT_TRUE(SubmitTopic(t, meeting, {next}, {o}, Official("chen-li", {"R-CH"}), EnvAt(At(2026, 3, 19)), fx).ok());
    EXPECT_TRUE(fx.answer().ok());
    EXPECT_EQ(t.state(), v1::TOPIC_STATE_SUBMITTED);
    ASSERT_EQ(t.overrides_size(), 1);
    // Anyone else's override is refused.
    v1::Topic u = TopicFor(meeting);
    EXPECT_EQ(SubmitTopic(u, meeting, {next}, {o}, clerk, EnvAt(At(2026, 3, 19)), fx).code(),
              absl::StatusCode::kPermissionDenied);
  }
}

TEST(TopicTest, MTG_14_TheBasisAndReasonsAreRequired) {
  const v1::Meeting meeting = MeetingOf(v1::MEETING_KIND_EXECUTIVE, absl::CivilDay(2026, 3, 20));
  v1::Topic t = TopicFor(meeting);
  t.clear_basis_and_reasons();
  Effects fx;
  const absl::Status s = SubmitTopic(t, meeting, {}, {}, Official("li-wen", {"R-OFFICE"}), EnvAt(At(2026, 3, 2)), fx);
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Rule(s), "MTG-14");
}

TEST(TopicTest, MTG_17_OwnAuthorityIsReturnedAndUncoordinatedIsRefused) {
  const v1::Meeting meeting = MeetingOf(v1::MEETING_KIND_EXECUTIVE, absl::CivilDay(2026, 3, 20));
  const Person clerk = Official("li-wen", {"R-OFFICE"});
  v1::Topic own = TopicFor(meeting);
  own.set_authority(v1::AUTHORITY_OWNER_DEPARTMENT);
  Effects fx;
  ASSERT_TRUE(SubmitTopic(own, meeting, {}, {}, clerk, EnvAt(At(2026, 3, 2)), fx).ok());
  EXPECT_EQ(Rule(fx.answer()), "MTG-17");
  EXPECT_EQ(own.state(), v1::TOPIC_STATE_RETURNED);
  ASSERT_EQ(own.return_reasons_size(), 1);

  v1::Topic loose = TopicFor(meeting);
  loose.add_affected_units("units/forestry-bureau");
  Effects fx2;
  EXPECT_EQ(Rule(SubmitTopic(loose, meeting, {}, {}, clerk, EnvAt(At(2026, 3, 2)), fx2)), "MTG-17");
  loose.set_coordination_record("2026-02-27 与林草局会商一致");
  EXPECT_TRUE(SubmitTopic(loose, meeting, {}, {}, clerk, EnvAt(At(2026, 3, 2)), fx2).ok());
}

TEST(TopicTest, MTG_13_StatesAreNotSkipped) {
  const v1::Meeting meeting = MeetingOf(v1::MEETING_KIND_EXECUTIVE, absl::CivilDay(2026, 3, 20));
  v1::Topic t = TopicFor(meeting);
  Effects fx;
  EXPECT_EQ(AggregateTopic(t, EnvAt(At(2026, 3, 2)), fx).code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(ApproveForAgenda(t, {}, Official("chen-li", {"R-CH"}), EnvAt(At(2026, 3, 2)), fx).code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST(TopicTest, MTG_04_APlenaryTopicNamesItsCategory) {
  const v1::Meeting plenary = MeetingOf(v1::MEETING_KIND_PLENARY, absl::CivilDay(2026, 3, 20));
  v1::Topic t = TopicFor(plenary);
  const absl::Status s = DraftTopic(t, plenary, "officials/li-wen", EnvAt(At(2026, 3, 2)));
  EXPECT_EQ(Rule(s), "MTG-04");
  t.set_plenary_category(v1::PLENARY_CATEGORY_DEPLOY_WORK);
  EXPECT_TRUE(DraftTopic(t, plenary, "officials/li-wen", EnvAt(At(2026, 3, 2))).ok());
  // No topic path for special-topic meetings.
  const v1::Meeting special = MeetingOf(v1::MEETING_KIND_SPECIAL_TOPIC, absl::CivilDay(2026, 3, 20));
  EXPECT_EQ(Rule(DraftTopic(t, special, "officials/li-wen", EnvAt(At(2026, 3, 2)))), "MTG-13");
}

TEST(TopicTest, MTG_18_AMajorTopicCarriesItsMaterialsBeforeSponsoring) {
  const v1::Meeting meeting = MeetingOf(v1::MEETING_KIND_EXECUTIVE, absl::CivilDay(2026, 3, 20));
  v1::Topic t = TopicFor(meeting);
  t.set_state(v1::TOPIC_STATE_SUBMITTED);
  t.mutable_major_file()->set_public_interest(true);
  t.mutable_major_file()->set_assessment("评估");
  Effects fx;
  const absl::Status s = SponsorTopic(t, /*major=*/true, Official("yu-han", {"R-DH"}), EnvAt(At(2026, 3, 2)), fx);
  EXPECT_EQ(Rule(s), "MTG-18");
  EXPECT_NE(s.message().find("社会稳定风险评估"), std::string::npos) << s.message();
  t.mutable_major_file()->set_consultation("协商");
  t.mutable_major_file()->set_stability_assessment("稳评");
  t.mutable_major_file()->set_public_input("听证会");
  ASSERT_TRUE(SponsorTopic(t, true, Official("yu-han", {"R-DH"}), EnvAt(At(2026, 3, 2)), fx).ok());
  EXPECT_EQ(t.sponsor(), "officials/yu-han");
}

TEST(TopicTest, MTG_15_MTG_16_ANormativeDocumentNeedsItsExplanationAndALawfulReview) {
  const v1::Meeting meeting = MeetingOf(v1::MEETING_KIND_EXECUTIVE, absl::CivilDay(2026, 3, 20));
  v1::Topic t = TopicFor(meeting);
  t.set_state(v1::TOPIC_STATE_AGGREGATED);
  t.set_normative(true);
  t.set_document("documents/7");
  const Person head = Official("chen-li", {"R-CH"});
  Effects fx;
  EXPECT_EQ(Rule(ApproveForAgenda(t, {}, head, EnvAt(At(2026, 3, 2)), fx)), "MTG-15");
  t.set_drafting_explanation("起草说明");
  AgendaFacts facts;
  EXPECT_EQ(Rule(ApproveForAgenda(t, facts, head, EnvAt(At(2026, 3, 2)), fx)), "MTG-16");
  facts.document_lawful = false;
  EXPECT_EQ(Rule(ApproveForAgenda(t, facts, head, EnvAt(At(2026, 3, 2)), fx)), "MTG-16");
  facts.document_lawful = true;
  ASSERT_TRUE(ApproveForAgenda(t, facts, head, EnvAt(At(2026, 3, 2)), fx).ok());
  EXPECT_EQ(t.state(), v1::TOPIC_STATE_APPROVED_FOR_AGENDA);
  EXPECT_EQ(t.warnings_size(), 0);
}

TEST(TopicTest, MTG_13_MaterialsLaterThanAWorkingDayBeforeTheMeetingAreWarned) {
  const v1::Meeting meeting = MeetingOf(v1::MEETING_KIND_EXECUTIVE, absl::CivilDay(2026, 3, 20));  // a Friday
  v1::Topic t = TopicFor(meeting);
  t.set_state(v1::TOPIC_STATE_AGGREGATED);
  AgendaFacts facts;
  facts.meeting_date = absl::CivilDay(2026, 3, 20);
  Effects fx;
  ASSERT_TRUE(ApproveForAgenda(t, facts, Official("chen-li", {"R-CH"}), EnvAt(At(2026, 3, 19)), fx).ok());
  EXPECT_EQ(t.warnings_size(), 0);
  t.set_state(v1::TOPIC_STATE_AGGREGATED);
  ASSERT_TRUE(ApproveForAgenda(t, facts, Official("chen-li", {"R-CH"}), EnvAt(At(2026, 3, 20, 8)), fx).ok());
  ASSERT_EQ(t.warnings_size(), 1);
  EXPECT_EQ(t.warnings(0).violation().rule_id(), "MTG-13");
}

TEST(TopicTest, MTG_19_NoCollectiveDiscussionWithoutAPassedLegalityReview) {
  const v1::Meeting meeting = MeetingOf(v1::MEETING_KIND_EXECUTIVE, absl::CivilDay(2026, 3, 20));
  v1::Topic t = TopicFor(meeting);
  t.set_state(v1::TOPIC_STATE_AGGREGATED);
  t.set_major_administrative_decision(true);
  const Person head = Official("chen-li", {"R-CH"});
  AgendaFacts facts;
  facts.decision_file_lawful = false;
  Effects fx;
  const absl::Status s = ApproveForAgenda(t, facts, head, EnvAt(At(2026, 3, 2)), fx);
  EXPECT_EQ(Rule(s), "MTG-19");
  EXPECT_FALSE(GetRuleViolation(s)->override().allowed());
  facts.decision_file_lawful = true;
  EXPECT_EQ(Rule(ApproveForAgenda(t, facts, head, EnvAt(At(2026, 3, 2)), fx)), "MTG-19");  // steps missing
  t.mutable_decision_file()->set_public_participation(true);
  t.mutable_decision_file()->set_expert_argumentation(true);
  t.mutable_decision_file()->set_risk_assessment(true);
  ASSERT_TRUE(ApproveForAgenda(t, facts, head, EnvAt(At(2026, 3, 2)), fx).ok());
  ASSERT_EQ(t.warnings_size(), 1);  // (f) no legal adviser's opinion: recorded
}

TEST(TopicTest, DIS_23_MeetingDelegatesNeedsItsApprovalRecord) {
  const v1::Meeting meeting = MeetingOf(v1::MEETING_KIND_EXECUTIVE, absl::CivilDay(2026, 3, 20));
  v1::Topic t = TopicFor(meeting);
  t.set_state(v1::TOPIC_STATE_AGGREGATED);
  t.set_meets_delegates(true);
  AgendaFacts facts;
  facts.delegate_approval_granted = false;
  Effects fx;
  EXPECT_EQ(Rule(ApproveForAgenda(t, facts, Official("chen-li", {"R-CH"}), EnvAt(At(2026, 3, 2)), fx)), "DIS-23");
  facts.delegate_approval_granted = true;
  EXPECT_TRUE(ApproveForAgenda(t, facts, Official("chen-li", {"R-CH"}), EnvAt(At(2026, 3, 2)), fx).ok());
}

// --- Leave ------------------------------------------------------------------------------------

TEST(LeaveTest, MTG_21_OtherReasonsAreWarnedAndPortfolioTopicsDeferred) {
  const Env env = EnvAt(At(2026, 3, 10));
  v1::Meeting meeting = MeetingOf(v1::MEETING_KIND_EXECUTIVE, absl::CivilDay(2026, 3, 20));
  ASSERT_TRUE(ScheduleMeeting(meeting, {Official("chen-li", {"R-CH"}), std::nullopt},
                              {"officials/chen-li", "officials/yu-han"}, env)
                  .ok());
  v1::LeaveRequest leave;
  leave.set_name("leaveRequests/1");
  leave.set_meeting(meeting.name());
  leave.set_official("officials/yu-han");
  leave.set_reason(v1::LEAVE_REASON_OTHER);
  ASSERT_TRUE(AskLeave(leave, meeting, Official("yu-han", {"R-DH"}), env).ok());
  ASSERT_EQ(leave.warnings_size(), 1);
  EXPECT_EQ(leave.warnings(0).violation().rule_id(), "MTG-21");
  v1::Topic water = TopicFor(meeting);
  water.set_state(v1::TOPIC_STATE_APPROVED_FOR_AGENDA);
  v1::Topic health = TopicFor(meeting);
  health.set_name("topics/t-2");
  health.set_unit("units/health-bureau");
  const v1::Meeting next = MeetingOf(v1::MEETING_KIND_EXECUTIVE, absl::CivilDay(2026, 4, 10), "e-2");
  Effects fx;
  absl::StatusOr<LeaveEffects> out =
      DecideLeave(leave, true, meeting, {"units/water-bureau"}, {water, health}, next, "officials/chen-li", env, fx);
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ(leave.state(), v1::LEAVE_STATE_APPROVED);
  ASSERT_EQ(out->deferred.size(), 1u);
  EXPECT_EQ(out->deferred[0].state(), v1::TOPIC_STATE_DEFERRED);
  EXPECT_EQ(out->deferred[0].meeting(), "meetings/e-2");
  EXPECT_EQ(out->meeting.attendance(1).status(), v1::ATTENDANCE_STATUS_ON_LEAVE);
  // The chair restores it with a reason (AMB-32).
  v1::Topic deferred = out->deferred[0];
  EXPECT_EQ(Rule(MoveTopic(deferred, next, meeting, "急", Official("chen-li", {"R-CH"}), env, fx)), "MTG-21");
  ASSERT_TRUE(MoveTopic(deferred, next, meeting, "汛期在即，须本次研究", Official("chen-li", {"R-CH"}), env, fx).ok());
  EXPECT_EQ(deferred.state(), v1::TOPIC_STATE_APPROVED_FOR_AGENDA);
  EXPECT_EQ(deferred.meeting(), meeting.name());
}

TEST(LeaveTest, MTG_21_OnlyTheApprovedSubstituteChecksInAndAnUnauthorisedOneIsRecorded) {
  const Env env = EnvAt(At(2026, 3, 20, 9));
  v1::Meeting meeting = MeetingOf(v1::MEETING_KIND_PLENARY, absl::CivilDay(2026, 3, 20));
  ASSERT_TRUE(ScheduleMeeting(meeting, {Official("chen-li", {"R-CH"}), std::nullopt},
                              {"officials/chen-li", "officials/zhang-lei"}, env)
                  .ok());
  Effects fx;
  v1::Meeting refused = meeting;
  ASSERT_TRUE(CheckIn(refused, "officials/ma-li", "officials/zhang-lei", std::nullopt, "officials/sun-jie", env,
                      TestNames(), fx)
                  .ok());
  EXPECT_EQ(fx.answer().code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(Rule(fx.answer()), "MTG-21");
  EXPECT_EQ(refused.attendance(1).status(), v1::ATTENDANCE_STATUS_ABSENT_UNEXCUSED);
  EXPECT_EQ(fx.writes().size(), 1u);  // the escalation to supervision
  v1::LeaveRequest leave;
  leave.set_state(v1::LEAVE_STATE_APPROVED);
  leave.set_department_head(true);
  ASSERT_TRUE(FileReport(leave, "书面报告", Official("zhang-lei", {"R-DEPT-HEAD"}, {"units/agriculture-bureau"}),
                         Official("ma-li", {"R-DEPT-DEP"}, {"units/agriculture-bureau"}), env)
                  .ok());
  EXPECT_EQ(Rule(FileReport(leave, "书面报告", Official("zhang-lei", {"R-DEPT-HEAD"}, {"units/agriculture-bureau"}),
                            Official("lin-feng", {"R-DEPT-DEP"}, {"units/commerce-bureau"}), env)),
            "MTG-21");
  Effects fx2;
  ASSERT_TRUE(
      CheckIn(meeting, "officials/ma-li", "officials/zhang-lei", leave, "officials/sun-jie", env, TestNames(), fx2)
          .ok());
  EXPECT_TRUE(fx2.answer().ok());
  EXPECT_EQ(meeting.attendance(1).status(), v1::ATTENDANCE_STATUS_SUBSTITUTED);
}

// --- Minutes ---------------------------------------------------------------------------------

TEST(MinutesTest, MTG_22_ReviewedInOrderAndSignedByTheCountyHeadOrExecutiveDeputy) {
  const Env env = EnvAt(At(2026, 3, 23));
  v1::Meeting meeting = MeetingOf(v1::MEETING_KIND_EXECUTIVE, absl::CivilDay(2026, 3, 20));
  meeting.set_state(v1::MEETING_STATE_HELD);
  *meeting.mutable_end_date() = meeting.date();
  v1::Minutes minutes;
  minutes.set_name("minutes/e-1");
  ASSERT_TRUE(DraftMinutes(minutes, meeting, "officials/li-wen", env).ok());
  const Person deputy = Official("yang-fan", {"R-ODD", "R-OFFICE"});
  const Person director = Official("zhou-min", {"R-OD", "R-OFFICE"});
  EXPECT_EQ(Rule(ReviewMinutes(minutes, director, env)), "MTG-22");
  EXPECT_EQ(Rule(SignMinutes(minutes, meeting, Official("chen-li", {"R-CH"}), env)), "MTG-22");
  ASSERT_TRUE(ReviewMinutes(minutes, deputy, env).ok());
  ASSERT_TRUE(ReviewMinutes(minutes, director, env).ok());
  const absl::Status wrong = SignMinutes(minutes, meeting, Official("yu-han", {"R-DH"}), env);
  EXPECT_EQ(wrong.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(Rule(wrong), "MTG-22");
  ASSERT_TRUE(SignMinutes(minutes, meeting, Official("dao-jianhua", {"R-DH", "R-EDH"}), env).ok());
  EXPECT_EQ(minutes.state(), v1::MINUTES_STATE_SIGNED);
  EXPECT_EQ(minutes.warnings_size(), 0);
}

TEST(MinutesTest, MTG_24_SpecialTopicMinutesOnLargeFundsAreTheCountyHeads) {
  const Env env = EnvAt(At(2026, 3, 23));
  v1::Meeting meeting = MeetingOf(v1::MEETING_KIND_SPECIAL_TOPIC, absl::CivilDay(2026, 3, 20));
  meeting.set_state(v1::MEETING_STATE_HELD);
  v1::Minutes minutes;
  minutes.set_name("minutes/e-1");
  minutes.set_largest_amount_fen(20000001);
  ASSERT_TRUE(DraftMinutes(minutes, meeting, "officials/li-wen", env).ok());
  EXPECT_EQ(Rule(SignMinutes(minutes, meeting, Official("yu-han", {"R-DH"}), env)), "MTG-24");
  minutes.set_largest_amount_fen(20000000);
  EXPECT_TRUE(SignMinutes(minutes, meeting, Official("yu-han", {"R-DH"}), env).ok());
}

// --- Decisions ---------------------------------------------------------------------------------

v1::Meeting Held(v1::MeetingKind kind, absl::CivilDay day) {
  v1::Meeting m = MeetingOf(kind, day);
  m.set_state(v1::MEETING_STATE_HELD);
  *m.mutable_end_date() = ToProtoDate(day);
  return m;
}

TEST(DecisionTest, MTG_12_MTG_06_ASpecialTopicMeetingCannotDecideAReservedMatter) {
  const Env env = EnvAt(At(2026, 3, 23));
  v1::Matter m = MatterOf(v1::MATTER_KIND_FUND_ADJUSTMENT, 30000000);
  ASSERT_TRUE(RegisterMatter(m, m.amount().fen(), "officials/liu-qiang", env).ok());
  std::optional<v1::Matter> matter = m;
  std::optional<v1::Topic> topic;
  v1::Decision d;
  d.set_name("decisions/1");
  d.set_text("同意");
  Effects fx;
  EXPECT_EQ(Rule(RecordDecision(d, Held(v1::MEETING_KIND_SPECIAL_TOPIC, absl::CivilDay(2026, 3, 20)), &matter, &topic,
                                {}, env, fx)),
            "MTG-12");
  EXPECT_EQ(
      Rule(RecordDecision(d, Held(v1::MEETING_KIND_OTHER, absl::CivilDay(2026, 3, 20)), &matter, &topic, {}, env, fx)),
      "MTG-01");
  v1::Matter division = MatterOf(v1::MATTER_KIND_DIVISION_OF_WORK, 0);
  ASSERT_TRUE(RegisterMatter(division, 0, "officials/li-wen", env).ok());
  std::optional<v1::Matter> reserved = division;
  const absl::Status s =
      RecordDecision(d, Held(v1::MEETING_KIND_EXECUTIVE, absl::CivilDay(2026, 3, 20)), &reserved, &topic, {}, env, fx);
  EXPECT_EQ(Rule(s), "MTG-06");
  ASSERT_TRUE(
      RecordDecision(d, Held(v1::MEETING_KIND_EXECUTIVE, absl::CivilDay(2026, 3, 20)), &matter, &topic, {}, env, fx)
          .ok());
  EXPECT_EQ(matter->state(), v1::MATTER_STATE_DECIDED);
  EXPECT_EQ(matter->approvals(0).decision(), "decisions/1");
}

TEST(DecisionTest, MTG_20_AMajorDecisionNeedsACollectiveForum) {
  v1::Decision d;
  d.set_name("decisions/1");
  d.set_major(true);
  std::optional<v1::Matter> matter;
  std::optional<v1::Topic> topic;
  Effects fx;
  const absl::Status s = RecordDecision(d, Held(v1::MEETING_KIND_SPECIAL_TOPIC, absl::CivilDay(2026, 3, 20)), &matter,
                                        &topic, {}, EnvAt(At(2026, 3, 23)), fx);
  EXPECT_EQ(Rule(s), "MTG-20");
}

TEST(DecisionTest, MTG_08_AnExecutiveMatterIsDecidedByTheExecutiveOrHigher) {
  const Env env = EnvAt(At(2026, 3, 23));
  v1::Matter bill = MatterOf(v1::MATTER_KIND_NPC_BILL, 0);
  ASSERT_TRUE(RegisterMatter(bill, 0, "officials/li-wen", env).ok());
  EXPECT_TRUE(Advances(bill, v1::FORUM_EXECUTIVE, Mengla()));
  EXPECT_FALSE(Advances(bill, v1::FORUM_COUNTY_HEAD, Mengla()));
  EXPECT_EQ(bill.route().steps(0).basis().rule_id(), "MTG-08");
}

TEST(DecisionTest, MTG_23_TheDocumentIsDueInFiveWorkingDaysAcrossAHolidayAndLatenessIsCounted) {
  // Held on Wednesday 2026-09-30: National Day (10-01…10-07) is skipped; 10-10 (Saturday) is a
  // make-up working day in the 2026 notice if listed — the calendar decides.
  const absl::CivilDay end(2026, 9, 30);
  const Env env = EnvAt(At(2026, 9, 30, 18));
  v1::Decision d;
  d.set_name("decisions/1");
  d.set_requires_document(true);
  d.set_document_title("关于加强防汛工作的通知");
  std::optional<v1::Matter> matter;
  std::optional<v1::Topic> topic;
  Effects fx;
  ASSERT_TRUE(RecordDecision(d, Held(v1::MEETING_KIND_EXECUTIVE, end), &matter, &topic,
                             {"officials/zhou-min", "officials/sun-jie"}, env, fx)
                  .ok());
  const absl::CivilDay deadline = FromProtoDate(d.issue_deadline().deadline());
  EXPECT_EQ(deadline, testing::Cal().AddWorkingDays(end, 5).day);
  EXPECT_GT(deadline, absl::CivilDay(2026, 10, 7));
  EXPECT_EQ(d.issue_state(), v1::ISSUE_STATE_PENDING);
  std::map<std::string, absl::Time> due;
  for (const TimerOut& t : fx.timers()) due[t.kind] = t.due;
  EXPECT_EQ(due[kIssueOverdueTimer], DeadlinePassesAt(deadline));
  EXPECT_EQ(due[kIssueWarnTimer], DeadlinePassesAt(testing::Cal().AddWorkingDays(end, 4).day));

  // The overdue timer escalates to both and marks it OVERDUE.
  Effects overdue;
  ASSERT_TRUE(IssueOverdue({d, 1}, EnvAt(DeadlinePassesAt(deadline)), TestNames(), overdue).ok());
  int escalations = 0;
  for (const RecordWrite& w : overdue.writes()) escalations += w.record->GetDescriptor()->name() == "Escalation";
  EXPECT_EQ(escalations, 2);

  // The county head's accepted reason suppresses the escalation, not the record.
  v1::Decision excused = d;
  EXPECT_EQ(Rule(ExcuseDelay(excused, "起草部门奉命修改", Official("zhou-min", {"R-OD"}), env, overdue)), "MTG-23");
  ASSERT_TRUE(ExcuseDelay(excused, "起草部门奉命修改", Official("chen-li", {"R-CH"}), env, overdue).ok());
  Effects quiet;
  ASSERT_TRUE(IssueOverdue({excused, 1}, EnvAt(DeadlinePassesAt(deadline)), TestNames(), quiet).ok());
  int none = 0;
  for (const RecordWrite& w : quiet.writes()) none += w.record->GetDescriptor()->name() == "Escalation";
  EXPECT_EQ(none, 0);

  // Issued two working days late.
  const absl::CivilDay issued = testing::Cal().AddWorkingDays(deadline, 2).day;
  Effects fx2;
  ASSERT_TRUE(
      DocumentIssued(d, "documents/9", issued, "", EnvAt(At(issued.year(), issued.month(), issued.day(), 17)), fx2)
          .ok());
  EXPECT_EQ(d.working_days_late(), 2);
  EXPECT_EQ(d.issue_state(), v1::ISSUE_STATE_ISSUED);
  ASSERT_EQ(d.warnings_size(), 1);
  EXPECT_EQ(d.warnings(0).violation().rule_id(), "MTG-23");
}

TEST(DecisionTest, MTG_23_MTG_29_ANewCalendarMovesPendingDeadlinesAndNeverWarnsTwice) {
  // Held Wed 2026-04-08. Nationally the document is due 5 working days on (04-15, warned at the
  // end of 04-14). With the prefecture's Dai New Year (04-13…04-15 off, Saturday 04-18 made up):
  // 04-09, 04-10, 04-16, 04-17, 04-18, warned at the end of 04-17.
  const absl::CivilDay end(2026, 4, 8);
  v1::Decision d;
  d.set_name("decisions/4");
  d.set_requires_document(true);
  d.set_document_title("关于做好泼水节期间安全工作的通知");
  std::optional<v1::Matter> matter;
  std::optional<v1::Topic> topic;
  Effects recorded;
  ASSERT_TRUE(
      RecordDecision(d, Held(v1::MEETING_KIND_EXECUTIVE, end), &matter, &topic, {}, EnvAt(At(2026, 4, 8, 18)), recorded)
          .ok());
  ASSERT_EQ(FromProtoDate(d.issue_deadline().deadline()), absl::CivilDay(2026, 4, 15));
  ASSERT_EQ(d.publication().due_explanation().working_days(), 20);
  const CalendarUpdate update{testing::CalendarPtr(), testing::CalendarWithDaiNewYear(), {}};
  const absl::CivilDay published_by = update.current->AddWorkingDays(end, 20).day;
  ASSERT_NE(published_by, FromProtoDate(d.publication().due_date()));

  Env env = EnvAt(At(2026, 4, 9));
  env.calendar = update.current;
  Effects fx;
  ASSERT_TRUE(RecomputeDecisionDeadlines({d, 2}, update, env, fx).ok());
  ASSERT_EQ(fx.writes().size(), 1u);
  const auto& moved = static_cast<const v1::Decision&>(*fx.writes()[0].record);
  EXPECT_EQ(FromProtoDate(moved.issue_deadline().deadline()), absl::CivilDay(2026, 4, 18));
  EXPECT_EQ(FromProtoDate(moved.publication().due_date()), published_by);
  std::map<std::string, absl::Time> due;
  for (const TimerOut& t : fx.timers()) due[t.kind] = t.due;
  EXPECT_EQ(due[kIssueWarnTimer], DeadlinePassesAt(absl::CivilDay(2026, 4, 17)));
  EXPECT_EQ(due[kIssueOverdueTimer], DeadlinePassesAt(absl::CivilDay(2026, 4, 18)));
  EXPECT_EQ(due[kPublicationTimer], DeadlinePassesAt(published_by));
  std::vector<std::string> rules;
  for (const AuditOut& a : fx.audits()) rules.push_back(a.rule_id);
  EXPECT_EQ(rules, (std::vector<std::string>{"MTG-23", "MTG-29"}));

  // On 04-15 the national warning (end of 04-14) has been given: it is not given again.
  Env later = EnvAt(At(2026, 4, 15));
  later.calendar = update.current;
  Effects once;
  ASSERT_TRUE(RecomputeDecisionDeadlines({d, 2}, update, later, once).ok());
  std::set<std::string> kinds;
  for (const TimerOut& t : once.timers()) kinds.insert(t.kind);
  EXPECT_FALSE(kinds.contains(kIssueWarnTimer));
  EXPECT_TRUE(kinds.contains(kIssueOverdueTimer));

  // Published, issued: nothing moves.
  v1::Decision done = d;
  done.set_issue_state(v1::ISSUE_STATE_ISSUED);
  done.mutable_publication()->set_state(v1::PUBLICATION_STATE_PUBLISHED);
  Effects none;
  ASSERT_TRUE(RecomputeDecisionDeadlines({done, 3}, update, env, none).ok());
  EXPECT_TRUE(none.writes().empty());
  EXPECT_TRUE(none.timers().empty());
}

TEST(DecisionTest, MTG_19_AMajorAdministrativeDecisionIsReportedToTheCountyCommitteeBeforeIssue) {
  const Env env = EnvAt(At(2026, 3, 23));
  const v1::Meeting held = Held(v1::MEETING_KIND_EXECUTIVE, absl::CivilDay(2026, 3, 20));
  v1::Topic t = TopicFor(held);
  t.set_state(v1::TOPIC_STATE_APPROVED_FOR_AGENDA);
  t.set_major_administrative_decision(true);
  std::optional<v1::Topic> topic = t;
  std::optional<v1::Matter> matter;
  v1::Decision d;
  d.set_name("decisions/1");
  d.set_requires_document(true);
  Effects fx;
  ASSERT_TRUE(RecordDecision(d, held, &matter, &topic, {}, env, fx).ok());
  EXPECT_TRUE(d.major_administrative_decision());
  EXPECT_EQ(topic->state(), v1::TOPIC_STATE_DECIDED);
  const absl::Status s = DocumentIssued(d, "documents/9", absl::CivilDay(2026, 3, 23), "", env, fx);
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(Rule(s), "MTG-19");
  ASSERT_TRUE(DocumentIssued(d, "documents/9", absl::CivilDay(2026, 3, 23), "腊政报〔2026〕12号", env, fx).ok());
  EXPECT_EQ(d.county_committee_report(), "腊政报〔2026〕12号");
}

TEST(DecisionTest, MTG_29_MTG_30_MTG_31_PublicationViewsHeardAndTheFeedForSupervision) {
  const Env env = EnvAt(At(2026, 3, 23));
  v1::Decision d;
  d.set_name("decisions/1");
  d.set_major(true);
  std::optional<v1::Matter> matter;
  std::optional<v1::Topic> topic;
  Effects fx;
  ASSERT_TRUE(RecordDecision(d, Held(v1::MEETING_KIND_EXECUTIVE, absl::CivilDay(2026, 3, 20)), &matter, &topic,
                             {"officials/zhou-min", "officials/sun-jie"}, env, fx)
                  .ok());
  // MTG-30: no channel of views recorded for a major decision: recorded as a warning.
  ASSERT_EQ(d.warnings_size(), 1);
  EXPECT_EQ(d.warnings(0).violation().rule_id(), "MTG-30");
  // MTG-31: the decision goes on the feed, where supervision opens its task.
  ASSERT_EQ(fx.events().size(), 1u);
  EXPECT_EQ(fx.events()[0].payload->GetDescriptor()->name(), "DecisionRecorded");
  // MTG-29: pending for 20 working days, then the office director hears of it.
  EXPECT_EQ(d.publication().state(), v1::PUBLICATION_STATE_PENDING);
  EXPECT_EQ(FromProtoDate(d.publication().due_date()),
            testing::Cal().AddWorkingDays(absl::CivilDay(2026, 3, 20), 20).day);
  Effects overdue;
  ASSERT_TRUE(PublicationOverdue({d, 1}, env, TestNames(), overdue).ok());
  int escalations = 0;
  for (const RecordWrite& w : overdue.writes()) escalations += w.record->GetDescriptor()->name() == "Escalation";
  EXPECT_EQ(escalations, 1);
  EXPECT_EQ(Rule(RecordPublication(d, "", "", "", env, fx)), "MTG-29");
  ASSERT_TRUE(RecordPublication(d, "县政府门户网站", "", "", env, fx).ok());
  EXPECT_EQ(d.publication().state(), v1::PUBLICATION_STATE_PUBLISHED);
  EXPECT_EQ(d.warnings(d.warnings_size() - 1).violation().rule_id(), "MTG-29");  // no interpretation
  // A special-topic decision needs no publication.
  v1::Decision special;
  special.set_name("decisions/2");
  ASSERT_TRUE(RecordDecision(special, Held(v1::MEETING_KIND_SPECIAL_TOPIC, absl::CivilDay(2026, 3, 20)), &matter,
                             &topic, {}, env, fx)
                  .ok());
  EXPECT_EQ(special.publication().state(), v1::PUBLICATION_STATE_NOT_REQUIRED);
}

// --- County-wide meetings ----------------------------------------------------------------------

v1::CountyMeeting DepartmentMeeting() {
  v1::CountyMeeting m;
  m.set_name("countyMeetings/1");
  m.set_title("全县农业工作会议");
  m.set_unit("units/agriculture-bureau");
  m.set_held_in_name_of(v1::ISSUING_NAME_DEPARTMENT);
  *m.mutable_date() = ToProtoDate(absl::CivilDay(2026, 5, 10));
  m.set_leader_consent("officials/yu-han");
  m.set_video(true);
  return m;
}

CountyMeetingFacts AgricultureFacts(int count) {
  CountyMeetingFacts f;
  f.unit.unit = "units/agriculture-bureau";
  f.unit.primary_leader = "officials/yu-han";
  f.same_year_count = count;
  return f;
}

TEST(CountyMeetingTest, MTG_26_LeaderConsentOncePerYearAndNotInTheGovernmentsName) {
  const Env env = EnvAt(At(2026, 3, 2));
  const Person clerk = Official("zhang-lei", {"R-DEPT-HEAD"}, {"units/agriculture-bureau"});
  Effects fx;
  v1::CountyMeeting m = DepartmentMeeting();
  ASSERT_TRUE(RequestCountyMeeting(m, AgricultureFacts(0), {}, clerk, env, fx).ok());
  m = DepartmentMeeting();
  m.set_leader_consent("officials/li-na");
  EXPECT_EQ(Rule(RequestCountyMeeting(m, AgricultureFacts(0), {}, clerk, env, fx)), "MTG-26");
  m = DepartmentMeeting();
  m.set_held_in_name_of(v1::ISSUING_NAME_COUNTY_GOVERNMENT);
  EXPECT_EQ(Rule(RequestCountyMeeting(m, AgricultureFacts(0), {}, clerk, env, fx)), "MTG-26");
  m = DepartmentMeeting();
  EXPECT_EQ(Rule(RequestCountyMeeting(m, AgricultureFacts(1), {}, clerk, env, fx)), "MTG-26");
  common::v1::OverrideRequest o;
  o.set_rule_id("MTG-26");
  o.set_reason("非洲猪瘟防控需要专门部署");
  ASSERT_TRUE(RequestCountyMeeting(m, AgricultureFacts(1), {o}, Official("chen-li", {"R-CH"}), env, fx).ok());
  EXPECT_EQ(m.overrides_size(), 1);
  // (f) township heads only with the approval.
  m.add_invited_local_heads("officials/yan-han");
  EXPECT_EQ(Rule(ApproveCountyMeeting(m, false, Official("chen-li", {"R-CH"}), env)), "MTG-26");
  ASSERT_TRUE(ApproveCountyMeeting(m, true, Official("chen-li", {"R-CH"}), env).ok());
  EXPECT_TRUE(m.local_heads_approved());
}

TEST(CountyMeetingTest, MTG_25_InTheGovernmentsNameOnlyUnderAnExecutiveApprovedPlan) {
  const Env env = EnvAt(At(2026, 3, 2));
  v1::CountyMeeting m = DepartmentMeeting();
  m.set_unit("units/government-office");
  m.set_held_in_name_of(v1::ISSUING_NAME_COUNTY_GOVERNMENT);
  CountyMeetingFacts f;
  f.unit.unit = "units/government-office";
  f.unit.roles = {"R-OFFICE"};
  Effects fx;
  EXPECT_EQ(Rule(RequestCountyMeeting(m, f, {}, Official("li-wen", {"R-OFFICE"}), env, fx)), "MTG-25");
  f.plan_decision = v1::Decision();
  f.plan_meeting = Held(v1::MEETING_KIND_EXECUTIVE, absl::CivilDay(2026, 1, 15));
  EXPECT_TRUE(RequestCountyMeeting(m, f, {}, Official("li-wen", {"R-OFFICE"}), env, fx).ok());
}

TEST(CountyMeetingTest, MTG_28_VideoIsPreferred) {
  v1::CountyMeeting m = DepartmentMeeting();
  m.set_video(false);
  Effects fx;
  ASSERT_TRUE(RequestCountyMeeting(m, AgricultureFacts(0), {}, Official("zhang-lei", {}, {"units/agriculture-bureau"}),
                                   EnvAt(At(2026, 3, 2)), fx)
                  .ok());
  ASSERT_EQ(m.warnings_size(), 1);
  EXPECT_EQ(m.warnings(0).violation().rule_id(), "MTG-28");
}

TEST(CountyMeetingTest, MTG_27_APlanNamesItsFundsSourceAndALatePlanIsEscalated) {
  v1::MeetingPlan plan;
  plan.set_name("meetingPlans/1");
  plan.set_unit("units/agriculture-bureau");
  plan.set_year(2027);
  v1::PlannedMeeting* p = plan.add_meetings();
  p->set_title("全县春耕生产会议");
  *p->mutable_date() = ToProtoDate(absl::CivilDay(2027, 3, 1));
  p->set_place("县会议中心");
  p->set_days(1);
  p->set_headcount(120);
  p->mutable_funds()->set_fen(3000000);
  Effects fx;
  const absl::Status s =
      SubmitPlan(plan, "officials/zhou-min", "officials/zhang-lei", EnvAt(At(2026, 12, 2)), TestNames(), fx);
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Rule(s), "MTG-27");
  p->set_funds_source("部门预算");
  ASSERT_TRUE(
      SubmitPlan(plan, "officials/zhou-min", "officials/zhang-lei", EnvAt(At(2026, 12, 2)), TestNames(), fx).ok());
  EXPECT_FALSE(plan.late());
  Effects late;
  ASSERT_TRUE(
      SubmitPlan(plan, "officials/zhou-min", "officials/zhang-lei", EnvAt(At(2026, 12, 21)), TestNames(), late).ok());
  EXPECT_TRUE(plan.late());
  EXPECT_EQ(late.writes().size(), 1u);  // the escalation
}

}  // namespace
}  // namespace xianfu::meeting
