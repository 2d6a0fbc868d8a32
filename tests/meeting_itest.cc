// meeting-svc end to end on the imported county (F-1), through the public API with the test
// clock: the public scenarios S-01, S-04, S-05, S-07, S-10, S-11, S-12, S-13, S-19 (meeting side).
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "common/deadline_proto.h"
#include "common/errors.h"
#include "gtest/gtest.h"
#include "tests/support/county.h"
#include "xianfu/common/v1/escalation.pb.h"
#include "xianfu/meeting/v1/meeting.pb.h"

namespace xianfu {
namespace {

namespace mv1 = ::xianfu::meeting::v1;
using Msg = std::unique_ptr<google::protobuf::Message>;

const std::string kM = "xianfu.meeting.v1.MeetingService.";

absl::Time Local(int y, int m, int d, int hh = 10, int mm = 0) {
  return absl::FromCivil(absl::CivilSecond(y, m, d, hh, mm, 0), ChinaTimeZone());
}

std::string Date(int y, int m, int d) { return absl::StrCat("{ year: ", y, " month: ", m, " day: ", d, " }"); }

class MeetingScenarioTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { county_ = new testing::County("2026-03-02T09:00:00+08:00"); }
  static void TearDownTestSuite() {
    delete county_;
    county_ = nullptr;
  }

  grpc::Status M(const std::string& method, const std::string& who, const std::string& text, Msg* out = nullptr) {
    return county_->Call(county_->meeting(), kM + method, county_->Official(who), text, out);
  }
  template <typename T>
  T Must(const std::string& method, const std::string& who, const std::string& text) {
    Msg out;
    grpc::Status s = M(method, who, text, &out);
    EXPECT_TRUE(s.ok()) << method << ": " << s.error_message();
    T typed;
    if (out) typed.CopyFrom(*out);
    return typed;
  }
  static std::string RuleOf(const grpc::Status& s) {
    auto v = GetRuleViolation(FromGrpcStatus(s));
    return v ? v->rule_id() : "";
  }
  mv1::Meeting Schedule(const std::string& id, const std::string& kind, absl::CivilDay day,
                        const std::string& chair = "chen-li", const std::string& extra = "") {
    return Must<mv1::Meeting>(
        "CreateMeeting", "li-wen",
        absl::StrCat("meeting_id: '", id, "' meeting { kind: ", kind, " title: '", id, "' date ",
                     Date(day.year(), day.month(), day.day()), " chair: 'officials/", chair, "' ", extra, " }"));
  }
  // "name: '…' etag: '…'" for a workflow verb on the record's current version.
  std::string Current(const std::string& name) {
    const std::string collection = name.substr(0, name.find('/'));
    const std::string get = collection == "meetings"    ? "GetMeeting"
                            : collection == "topics"    ? "GetTopic"
                            : collection == "minutes"   ? "GetMinutes"
                            : collection == "matters"   ? "GetMatter"
                            : collection == "decisions" ? "GetDecision"
                                                        : "GetCountyMeeting";
    std::string etag;
    Msg out;
    EXPECT_TRUE(M(get, "li-wen", absl::StrCat("name: '", name, "'"), &out).ok()) << name;
    if (out) etag = out->GetReflection()->GetString(*out, out->GetDescriptor()->FindFieldByName("etag"));
    return absl::StrCat("name: '", name, "' etag: '", etag, "' ");
  }
  mv1::Meeting HoldOn(const mv1::Meeting& m) { return Must<mv1::Meeting>("HoldMeeting", "li-wen", Current(m.name())); }
  // The office registers a leave of `official` in personnel-svc; the absence's name.
  static std::string RegisterLeave(const std::string& official, absl::CivilDay from, absl::CivilDay to) {
    Msg absence;
    EXPECT_TRUE(
        county_
            ->Call(county_->personnel(), "xianfu.personnel.v1.PersonnelService.CreateAbsence",
                   county_->Official("li-wen"),
                   absl::StrCat("absence { official: 'officials/", official, "' kind: ABSENCE_KIND_LEAVE start_date ",
                                Date(from.year(), from.month(), from.day()), " end_date ",
                                Date(to.year(), to.month(), to.day()), " }"),
                   &absence)
            .ok());
    return absence ? absence->GetReflection()->GetString(*absence, absence->GetDescriptor()->FindFieldByName("name"))
                   : "";
  }
  // The absence `meeting` notes for `official` once it is `expected` (the feed is read in the
  // background), or what it notes after ten seconds.
  std::string AwaitNotedAbsence(const std::string& meeting, const std::string& official, const std::string& expected) {
    auto noted = [&] {
      const mv1::Meeting m = Must<mv1::Meeting>("GetMeeting", "li-wen", absl::StrCat("name: '", meeting, "'"));
      for (const mv1::Attendance& a : m.attendance()) {
        if (a.official() == official) return a.registered_absence();
      }
      return std::string("(not an attendee)");
    };
    std::string seen = noted();
    for (int i = 0; i < 100 && seen != expected; ++i) {
      absl::SleepFor(absl::Milliseconds(100));
      seen = noted();
    }
    return seen;
  }

  static testing::County* county_;
};

testing::County* MeetingScenarioTest::county_ = nullptr;

TEST_F(MeetingScenarioTest, S01_S10_LateTopicIsProposedTheNextMeetingAndALeadersLeaveDefersHisPortfolio) {
  county_->SetClock(Local(2026, 6, 1));
  const mv1::Meeting e12 = Schedule("e-2026-12", "MEETING_KIND_EXECUTIVE", absl::CivilDay(2026, 6, 11));
  const mv1::Meeting e13 = Schedule("e-2026-13", "MEETING_KIND_EXECUTIVE", absl::CivilDay(2026, 7, 9));
  // Members from the organisation: the county head, the deputies and the office director.
  EXPECT_EQ(e12.attendance_size(), 8) << e12.DebugString();

  // S-10: 王海 is excused; the commerce bureau's topic moves to E-2026-13.
  Must<mv1::Topic>("CreateTopic", "huang-tao",
                   "topic_id: 't-2026-058' topic { title: '磨憨镇边民互市贸易点升级改造方案' unit: "
                   "'units/commerce-bureau' meeting: 'meetings/e-2026-12' basis_and_reasons: '依据边贸政策' }");
  Must<mv1::Topic>("SubmitTopic", "huang-tao", Current("topics/t-2026-058") + "");
  county_->SetClock(Local(2026, 6, 8));
  const mv1::LeaveRequest leave =
      Must<mv1::LeaveRequest>("RequestLeave", "wang-hai",
                              "leave { meeting: 'meetings/e-2026-12' official: 'officials/wang-hai' reason: "
                              "LEAVE_REASON_HIGHER_LEVEL_MEETING_OR_EVENT note: '全州口岸工作会议' }");
  // Only the county head (or his stand-in) grants it.
  EXPECT_EQ(
      M("DecideLeave", "li-na", absl::StrCat("name: '", leave.name(), "' etag: '", leave.etag(), "' approve: true"))
          .error_code(),
      grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Must<mv1::LeaveRequest>("GetLeaveRequest", "li-wen", absl::StrCat("name: '", leave.name(), "'")).state(),
            mv1::LEAVE_STATE_REQUESTED);
  const mv1::LeaveRequest granted = Must<mv1::LeaveRequest>(
      "DecideLeave", "chen-li", absl::StrCat("name: '", leave.name(), "' etag: '", leave.etag(), "' approve: true"));
  ASSERT_EQ(granted.deferred_topics_size(), 1);
  mv1::Topic deferred = Must<mv1::Topic>("GetTopic", "li-wen", "name: 'topics/t-2026-058'");
  EXPECT_EQ(deferred.state(), mv1::TOPIC_STATE_DEFERRED);
  EXPECT_EQ(deferred.meeting(), "meetings/e-2026-13");
  // The chair restores it with a reason.
  const mv1::Topic restored = Must<mv1::Topic>(
      "MoveTopic", "chen-li",
      Current("topics/t-2026-058") + " meeting: 'meetings/e-2026-12' reason: '时间紧迫,由岩香(AB角)代为说明'");
  EXPECT_EQ(restored.meeting(), "meetings/e-2026-12");
  EXPECT_EQ(restored.state(), mv1::TOPIC_STATE_SUBMITTED);
  EXPECT_EQ(restored.overrides_size(), 1);

  // S-01: submitted on 06-09, two days before: not admitted, E-2026-13 proposed.
  county_->SetClock(Local(2026, 6, 9, 10));
  Must<mv1::Topic>("CreateTopic", "wu-jing",
                   "topic_id: 't-2026-061' topic { title: '2026年秋季学期县城学校学位调配方案' unit: "
                   "'units/education-bureau' meeting: 'meetings/e-2026-12' basis_and_reasons: '依据义务教育法' }");
  Msg out;
  grpc::Status late = M("SubmitTopic", "wu-jing", Current("topics/t-2026-061") + "");
  EXPECT_EQ(late.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(RuleOf(late), "MTG-14");
  EXPECT_NE(late.error_message().find("2026-06-08"), std::string::npos) << late.error_message();
  auto v = GetRuleViolation(FromGrpcStatus(late));
  ASSERT_TRUE(v.has_value());
  EXPECT_TRUE(v->override().allowed());
  EXPECT_EQ(v->override().role(), "R-CH");
  mv1::Topic t = Must<mv1::Topic>("GetTopic", "wu-jing", "name: 'topics/t-2026-061'");
  EXPECT_EQ(t.state(), mv1::TOPIC_STATE_SUBMITTED);
  EXPECT_TRUE(t.late());
  EXPECT_EQ(t.proposed_meeting(), "meetings/e-2026-13");
  // Without the basis and reasons it is refused whatever the timing.
  Must<mv1::Topic>("CreateTopic", "wu-jing",
                   "topic_id: 't-2026-062' topic { title: '无依据' unit: 'units/education-bureau' meeting: "
                   "'meetings/e-2026-13' }");
  const grpc::Status no_basis = M("SubmitTopic", "wu-jing", Current("topics/t-2026-062") + "");
  EXPECT_EQ(no_basis.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(RuleOf(no_basis), "MTG-14");
  // The county head admits it with a reason.
  t = Must<mv1::Topic>("SubmitTopic", "chen-li",
                       Current("topics/t-2026-061") + " overrides { rule_id: 'MTG-14' reason: '秋季招生时间紧迫' }");
  EXPECT_FALSE(t.late());
  EXPECT_EQ(t.overrides_size(), 1);
}

TEST_F(MeetingScenarioTest, S05_S07_FundAdjustmentsNeedTheForumTheirTierOrTheirSumRequires) {
  county_->SetClock(Local(2026, 5, 11));
  const mv1::Meeting e10 = Schedule("e-2026-10", "MEETING_KIND_EXECUTIVE", absl::CivilDay(2026, 5, 14));
  const mv1::Meeting pg5 = Schedule("pg-2026-05", "MEETING_KIND_PARTY_GROUP", absl::CivilDay(2026, 5, 21));
  // RouteMatter answers anyone, without registering anything.
  const mv1::Route route = Must<mv1::Route>(
      "RouteMatter", "qian-kun",
      "matter { kind: MATTER_KIND_FUND_ADJUSTMENT title: '城区雨污分流改造调整' unit: 'units/housing-bureau' amount "
      "{ fen: 1000000000 } }");
  ASSERT_EQ(route.steps_size(), 1);
  EXPECT_EQ(route.steps(0).forum(), mv1::FORUM_PARTY_GROUP);
  EXPECT_EQ(route.warnings_size(), 1);

  const mv1::Matter matter = Must<mv1::Matter>(
      "CreateMatter", "qian-kun",
      "matter { kind: MATTER_KIND_FUND_ADJUSTMENT title: '城区雨污分流改造调整至老旧小区改造配套' unit: "
      "'units/housing-bureau' amount { fen: 1000000000 } }");
  county_->SetClock(Local(2026, 5, 14, 17));
  HoldOn(e10);
  // The executive meeting is not the forum of a 10,000,000 adjustment.
  const grpc::Status wrong =
      M("RecordDecision", "li-wen",
        absl::StrCat("decision { meeting: 'meetings/e-2026-10' text: '同意调整' matter: '", matter.name(), "' }"));
  EXPECT_EQ(wrong.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(RuleOf(wrong), "MTG-09");
  county_->SetClock(Local(2026, 5, 18));
  const grpc::Status refused = M("ExecuteMatter", "liu-qiang", Current(matter.name()));
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(RuleOf(refused), "MTG-09");
  EXPECT_NE(refused.error_message().find("10,000,000元须经县政府党组会议"), std::string::npos)
      << refused.error_message();
  county_->SetClock(Local(2026, 5, 21, 17));
  HoldOn(pg5);
  Must<mv1::Decision>(
      "RecordDecision", "li-wen",
      absl::StrCat("decision { meeting: 'meetings/pg-2026-05' text: '同意调整' matter: '", matter.name(), "' }"));
  county_->SetClock(Local(2026, 5, 22));
  const mv1::Matter done = Must<mv1::Matter>("ExecuteMatter", "liu-qiang", Current(matter.name()));
  EXPECT_EQ(done.state(), mv1::MATTER_STATE_EXECUTED);

  // S-07: two 6,000,000 items of one project add up to the party group's tier, and its
  // secretary hears of it.
  const std::string item =
      "matter { kind: MATTER_KIND_FUND_ADJUSTMENT title: '县城东环线配套管网' unit: 'units/housing-bureau' amount { "
      "fen: 600000000 } project_code: 'XM-2026-031' purpose: '配套管网' }";
  const mv1::Matter a1 = Must<mv1::Matter>("CreateMatter", "qian-kun", item);
  EXPECT_EQ(a1.route().steps(0).forum(), mv1::FORUM_EXECUTIVE);
  const mv1::Matter a2 = Must<mv1::Matter>("CreateMatter", "qian-kun", item);
  EXPECT_EQ(a2.route().steps(0).forum(), mv1::FORUM_PARTY_GROUP);
  EXPECT_EQ(a2.cumulative().fen(), 1200000000);
  Msg escalations;
  ASSERT_TRUE(county_
                  ->Call(county_->meeting(), "xianfu.common.v1.EscalationService.ListEscalations",
                         county_->Official("chen-li"), "assignee: 'officials/chen-li'", &escalations)
                  .ok());
  EXPECT_NE(escalations->DebugString().find(a2.name()), std::string::npos) << escalations->DebugString();
}

TEST_F(MeetingScenarioTest, S04_ADecisionsDocumentNotIssuedInFiveWorkingDaysAcrossQingmingIsEscalatedAndCountedLate) {
  county_->SetClock(Local(2026, 3, 25));
  const mv1::Meeting e7 = Schedule("e-2026-07", "MEETING_KIND_EXECUTIVE", absl::CivilDay(2026, 4, 1));
  county_->SetClock(Local(2026, 4, 1, 17));
  HoldOn(e7);
  const mv1::Decision d = Must<mv1::Decision>(
      "RecordDecision", "li-wen",
      "decision { meeting: 'meetings/e-2026-07' reference: 'D-2026-07-03' text: "
      "'审议通过《勐腊县2026年春耕生产农资补贴实施方案》,按程序印发' requires_document: true document_title: "
      "'勐腊县2026年春耕生产农资补贴实施方案' responsible_unit: 'units/agriculture-bureau' }");
  EXPECT_EQ(FromProtoDate(d.issue_deadline().deadline()), absl::CivilDay(2026, 4, 9));
  EXPECT_EQ(d.issue_state(), mv1::ISSUE_STATE_PENDING);

  // Unissued at the end of WD4 (04-08): the warning.
  county_->SetClock(Local(2026, 4, 9, 0, 1));
  mv1::Decision warned;
  for (int i = 0; i < 100 && warned.warnings_size() == 0; ++i) {
    warned = Must<mv1::Decision>("GetDecision", "li-wen", absl::StrCat("name: '", d.name(), "'"));
    if (warned.warnings_size() == 0) absl::SleepFor(absl::Milliseconds(100));
  }
  ASSERT_GE(warned.warnings_size(), 1);
  EXPECT_EQ(warned.warnings(0).violation().rule_id(), "MTG-23");
  EXPECT_EQ(warned.issue_state(), mv1::ISSUE_STATE_PENDING);
  county_->SetClock(Local(2026, 4, 10, 0, 1));
  mv1::Decision seen;
  for (int i = 0; i < 100 && seen.issue_state() != mv1::ISSUE_STATE_OVERDUE; ++i) {
    seen = Must<mv1::Decision>("GetDecision", "li-wen", absl::StrCat("name: '", d.name(), "'"));
    if (seen.issue_state() != mv1::ISSUE_STATE_OVERDUE) absl::SleepFor(absl::Milliseconds(100));
  }
  ASSERT_EQ(seen.issue_state(), mv1::ISSUE_STATE_OVERDUE);
  for (const char* who : {"zhou-min", "sun-jie"}) {
    Msg queue;
    ASSERT_TRUE(county_
                    ->Call(county_->meeting(), "xianfu.common.v1.EscalationService.ListEscalations",
                           county_->Official(who), absl::StrCat("assignee: 'officials/", who, "'"), &queue)
                    .ok());
    EXPECT_NE(queue->DebugString().find("MTG-23"), std::string::npos) << who << queue->DebugString();
  }
  county_->SetClock(Local(2026, 4, 13, 16));
  const mv1::Decision issued =
      Must<mv1::Decision>("RecordDecisionDocumentIssued", "li-wen",
                          absl::StrCat("name: '", d.name(), "' document: 'documents/1' etag: '", seen.etag(), "'"));
  EXPECT_EQ(issued.working_days_late(), 2);
  EXPECT_EQ(issued.issue_state(), mv1::ISSUE_STATE_ISSUED);
}

TEST_F(MeetingScenarioTest, S11_S12_AnUnapprovedSubstituteIsRefusedAndMinutesAreReviewedInOrder) {
  county_->SetClock(Local(2026, 9, 1));
  const mv1::Meeting p = Schedule("p-2026-02", "MEETING_KIND_PLENARY", absl::CivilDay(2026, 9, 10));
  Must<mv1::Topic>("CreateTopic", "zhang-lei",
                   "topic_id: 't-2026-100' topic { title: '秋收工作安排' unit: 'units/agriculture-bureau' meeting: "
                   "'meetings/p-2026-02' basis_and_reasons: '依据农业生产计划' plenary_category: "
                   "PLENARY_CATEGORY_DEPLOY_WORK }");
  county_->SetClock(Local(2026, 9, 10, 8, 30));
  const grpc::Status s =
      M("CheckIn", "ma-li",
        "meeting: 'meetings/p-2026-02' official: 'officials/ma-li' for_official: 'officials/zhang-lei'");
  EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(RuleOf(s), "MTG-21");
  const mv1::Meeting after = Must<mv1::Meeting>("GetMeeting", "li-wen", "name: 'meetings/p-2026-02'");
  bool absent = false;
  for (const mv1::Attendance& a : after.attendance()) {
    absent |= a.official() == "officials/zhang-lei" && a.status() == mv1::ATTENDANCE_STATUS_ABSENT_UNEXCUSED;
  }
  EXPECT_TRUE(absent) << after.DebugString();
  // defer_on_unexcused: the agriculture bureau's topic no longer goes to this meeting.
  EXPECT_EQ(Must<mv1::Topic>("GetTopic", "li-wen", "name: 'topics/t-2026-100'").state(), mv1::TOPIC_STATE_DEFERRED);
  Must<mv1::Meeting>("CheckIn", "chen-li", "meeting: 'meetings/p-2026-02' official: 'officials/chen-li'");
  county_->SetClock(Local(2026, 9, 10, 17));
  HoldOn(p);

  // S-12.
  county_->SetClock(Local(2026, 9, 11));
  Must<mv1::Minutes>("DraftMinutes", "li-wen", "meeting: 'meetings/p-2026-02' minutes { text: '会议纪要' }");
  const grpc::Status early = M("ReviewMinutes", "zhou-min", Current("minutes/p-2026-02") + "");
  EXPECT_EQ(early.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(RuleOf(early), "MTG-22");
  Must<mv1::Minutes>("ReviewMinutes", "yang-fan", Current("minutes/p-2026-02") + "");
  Must<mv1::Minutes>("ReviewMinutes", "zhou-min", Current("minutes/p-2026-02") + "");
  const grpc::Status wrong = M("SignMinutes", "li-na", Current("minutes/p-2026-02") + "");
  EXPECT_EQ(wrong.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(RuleOf(wrong), "MTG-22");
  const mv1::Minutes signed_ = Must<mv1::Minutes>("SignMinutes", "dao-jianhua", Current("minutes/p-2026-02") + "");
  EXPECT_EQ(signed_.state(), mv1::MINUTES_STATE_SIGNED);
}

TEST_F(MeetingScenarioTest, S13_AnOfficeDeputyDirectorChairsASpecialTopicOnlyUnderAnEntrustment) {
  county_->SetClock(Local(2026, 6, 15));
  const std::string create =
      "meeting_id: 's-2026-06-24' meeting { kind: MEETING_KIND_SPECIAL_TOPIC title: '雨季地质灾害防范协调会' date "
      "{ year: 2026 month: 6 day: 24 } chair: 'officials/yang-fan' entrusting_leader: 'officials/zhao-gang' "
      "subject: '地质灾害防范' }";
  const grpc::Status refused = M("CreateMeeting", "li-wen", create);
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(RuleOf(refused), "MTG-12");
  ASSERT_TRUE(county_
                  ->Call(county_->personnel(), "xianfu.personnel.v1.PersonnelService.CreateEntrustment",
                         county_->Official("zhao-gang"),
                         "entrustment { principal: 'officials/zhao-gang' delegate: 'officials/yang-fan' scope: "
                         "ACT_KIND_CHAIR_SPECIAL_TOPIC start_date { year: 2026 month: 6 day: 24 } end_date { year: "
                         "2026 month: 6 day: 24 } reference: '地质灾害防范' }")
                  .ok());
  Msg out;
  const grpc::Status ok = M("CreateMeeting", "li-wen", create, &out);
  ASSERT_TRUE(ok.ok()) << ok.error_message();
  mv1::Meeting m;
  m.CopyFrom(*out);
  EXPECT_EQ(m.chair_acting_mark().basis(), "ENTRUSTMENT") << m.DebugString();
}

TEST_F(MeetingScenarioTest, S19_ANormativeTopicWaitsForALawfulReviewInDocumentSvc) {
  county_->SetClock(Local(2026, 8, 24));
  Schedule("e-2026-15", "MEETING_KIND_EXECUTIVE", absl::CivilDay(2026, 9, 10));
  // The draft in document-svc, reviewed by the judicial bureau there.
  const std::string kD = "xianfu.document.v1.DocumentService.";
  Msg draft;
  ASSERT_TRUE(county_
                  ->Call(county_->document(), kD + "CreateDocument", county_->Official("housing-bureau-clerk"),
                         "document { kind: DOCUMENT_KIND_NORMATIVE direction: DIRECTION_OUTGOING issuing_name: "
                         "ISSUING_NAME_COUNTY_GOVERNMENT title: '勐腊县城市户外广告设置管理办法(试行)' body: '正文' "
                         "unit: 'units/housing-bureau' classification: CLASSIFICATION_PUBLIC normative { legal_basis: "
                         "'《城市市容和环境卫生管理条例》' } }",
                         &draft)
                  .ok());
  const std::string document =
      draft->GetReflection()->GetString(*draft, draft->GetDescriptor()->FindFieldByName("name"));
  auto review = [&](const std::string& result) {
    Msg current;
    EXPECT_TRUE(county_
                    ->Call(county_->document(), kD + "GetDocument", county_->Official("he-ping"),
                           absl::StrCat("name: '", document, "'"), &current)
                    .ok());
    const std::string etag =
        current->GetReflection()->GetString(*current, current->GetDescriptor()->FindFieldByName("etag"));
    const grpc::Status s = county_->Call(
        county_->document(), kD + "RecordLegalityReview", county_->Official("he-ping"),
        absl::StrCat("name: '", document, "' result: ", result, " opinion: '第12条设定罚款500元' etag: '", etag,
                     "' no_prohibited_content_attested: ", result == "LEGALITY_RESULT_LAWFUL" ? "true" : "false"));
    EXPECT_TRUE(s.ok()) << s.error_message();
  };
  Must<mv1::Topic>(
      "CreateTopic", "qian-kun",
      absl::StrCat("topic_id: 't-2026-090' topic { title: '勐腊县城市户外广告设置管理办法(试行)' unit: "
                   "'units/housing-bureau' meeting: 'meetings/e-2026-15' basis_and_reasons: "
                   "'依据城市市容和环境卫生管理条例' normative: true drafting_explanation: '起草说明' document: '",
                   document, "' }"));
  county_->SetClock(Local(2026, 8, 31));
  Must<mv1::Topic>("SubmitTopic", "qian-kun", Current("topics/t-2026-090"));
  // Only the leader in charge of the housing bureau sponsors it.
  EXPECT_EQ(M("SponsorTopic", "li-na", Current("topics/t-2026-090")).error_code(), grpc::StatusCode::PERMISSION_DENIED);
  Must<mv1::Topic>("SponsorTopic", "yan-xiang", Current("topics/t-2026-090"));
  Must<mv1::Topic>("AggregateTopic", "li-wen", Current("topics/t-2026-090"));
  // No review yet.
  grpc::Status s = M("ApproveTopicForAgenda", "chen-li", Current("topics/t-2026-090"));
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(RuleOf(s), "MTG-16");
  // Reviewed UNLAWFUL: refused, and no override is offered.
  review("LEGALITY_RESULT_UNLAWFUL");
  s = M("ApproveTopicForAgenda", "chen-li", Current("topics/t-2026-090"));
  EXPECT_EQ(RuleOf(s), "MTG-16");
  auto v = GetRuleViolation(FromGrpcStatus(s));
  ASSERT_TRUE(v.has_value());
  EXPECT_FALSE(v->override().allowed());
  // Revised and reviewed LAWFUL on 09-03: it goes on the agenda.
  county_->SetClock(Local(2026, 9, 3));
  review("LEGALITY_RESULT_LAWFUL");
  const mv1::Topic approved = Must<mv1::Topic>("ApproveTopicForAgenda", "chen-li", Current("topics/t-2026-090"));
  EXPECT_EQ(approved.state(), mv1::TOPIC_STATE_APPROVED_FOR_AGENDA);
}

TEST_F(MeetingScenarioTest, S35_AStandInForDailyWorkDoesNotChairTheExecutiveMeetingWithoutTheEntrustment) {
  county_->SetClock(Local(2026, 7, 16));
  ASSERT_TRUE(
      county_
          ->Call(county_->personnel(), "xianfu.personnel.v1.PersonnelService.CreateAbsence",
                 county_->Official("li-wen"),
                 "absence { official: 'officials/chen-li' kind: ABSENCE_KIND_BUSINESS_TRIP leaves_jurisdiction: true "
                 "start_date { year: 2026 month: 7 day: 20 } end_date { year: 2026 month: 7 day: 22 } "
                 "destination: '昆明' purpose: '全省县域经济工作会议' }")
          .ok());
  const std::string create =
      "meeting_id: 'e-2026-14' meeting { kind: MEETING_KIND_EXECUTIVE title: '常务会议' date { year: 2026 month: 7 "
      "day: 21 } chair: 'officials/dao-jianhua' }";
  const grpc::Status refused = M("CreateMeeting", "li-wen", create);
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::PERMISSION_DENIED) << refused.error_message();
  EXPECT_EQ(RuleOf(refused), "MTG-07");
  ASSERT_TRUE(county_
                  ->Call(county_->personnel(), "xianfu.personnel.v1.PersonnelService.CreateEntrustment",
                         county_->Official("chen-li"),
                         "entrustment { principal: 'officials/chen-li' delegate: 'officials/dao-jianhua' scope: "
                         "ACT_KIND_CHAIR_EXECUTIVE_MEETING start_date { year: 2026 month: 7 day: 20 } end_date { "
                         "year: 2026 month: 7 day: 22 } reference: '县长书面委托' }")
                  .ok());
  Msg out;
  const grpc::Status opened = M("CreateMeeting", "li-wen", create, &out);
  ASSERT_TRUE(opened.ok()) << opened.error_message();
  mv1::Meeting m;
  m.CopyFrom(*out);
  EXPECT_EQ(m.chair_acting_mark().basis(), "ENTRUSTMENT");
}

TEST_F(MeetingScenarioTest, AnAbsenceRegisteredInPersonnelReachesTheMeetingsItCoversOnceThroughTheFeed) {
  county_->SetClock(Local(2026, 10, 12));
  const mv1::Meeting e20 = Schedule("e-2026-20", "MEETING_KIND_EXECUTIVE", absl::CivilDay(2026, 10, 22));
  const std::string absence_name = RegisterLeave("yu-han", absl::CivilDay(2026, 10, 20), absl::CivilDay(2026, 10, 23));
  // personnel-svc publishes AbsenceStarted on its first day; meeting-svc's worker consumes it.
  county_->SetClock(Local(2026, 10, 20, 9));
  EXPECT_EQ(AwaitNotedAbsence("meetings/e-2026-20", "officials/yu-han", absence_name), absence_name);
  // Applied once: one audit entry on the meeting for it, however often the feed is read.
  absl::SleepFor(absl::Seconds(1));
  const int64_t entries = county_->meeting_db()
                              .AdminQuery(absl::StrCat("SELECT COUNT(*) FROM ", county_->meeting_db().name(),
                                                       ".audit_entries WHERE action = 'RegisteredAbsence'"))[0]
                              .Int(0);
  EXPECT_EQ(entries, 1);
  county_->SetClock(Local(2026, 10, 22, 17));
  const mv1::Meeting held = HoldOn(e20);
  for (const mv1::Attendance& a : held.attendance()) {
    if (a.official() == "officials/yu-han") {
      EXPECT_EQ(a.status(), mv1::ATTENDANCE_STATUS_ON_LEAVE);
    }
  }
}

TEST_F(MeetingScenarioTest, AnEarlyReturnInPersonnelClearsTheMeetingsAfterItThroughTheFeed) {
  county_->SetClock(Local(2026, 10, 12));
  Schedule("e-2026-30", "MEETING_KIND_EXECUTIVE", absl::CivilDay(2026, 10, 22));
  const std::string absence_name = RegisterLeave("yu-han", absl::CivilDay(2026, 10, 20), absl::CivilDay(2026, 10, 23));
  county_->SetClock(Local(2026, 10, 20, 9));  // AbsenceStarted
  ASSERT_EQ(AwaitNotedAbsence("meetings/e-2026-30", "officials/yu-han", absence_name), absence_name);
  // He is back on 10-21, so the absence ends on 10-20 (AbsenceEnded): the meeting of 10-22 has
  // him again.
  county_->SetClock(Local(2026, 10, 21, 9));
  Msg current;
  ASSERT_TRUE(county_
                  ->Call(county_->personnel(), "xianfu.personnel.v1.PersonnelService.GetAbsence",
                         county_->Official("li-wen"), absl::StrCat("name: '", absence_name, "'"), &current)
                  .ok());
  const std::string etag =
      current->GetReflection()->GetString(*current, current->GetDescriptor()->FindFieldByName("etag"));
  ASSERT_TRUE(county_
                  ->Call(county_->personnel(), "xianfu.personnel.v1.PersonnelService.ReturnFromAbsence",
                         county_->Official("li-wen"),
                         absl::StrCat("name: '", absence_name, "' etag: '", etag, "' note: '提前返岗'"), &current)
                  .ok());
  EXPECT_EQ(AwaitNotedAbsence("meetings/e-2026-30", "officials/yu-han", ""), "");
}

TEST_F(MeetingScenarioTest, S02_S20_AMajorTopicNeedsFiveCalendarDaysAWeekendDoesNotMatterAndTheAuthorityFilter) {
  county_->SetClock(Local(2026, 6, 26));
  Schedule("e-2026-13b", "MEETING_KIND_EXECUTIVE", absl::CivilDay(2026, 7, 9));
  const std::string topic =
      "topic { title: '县国土空间总体规划局部修改方案' unit: 'units/natural-resources-bureau' meeting: "
      "'meetings/e-2026-13b' basis_and_reasons: '依据国土空间规划法规' major: true }";
  Must<mv1::Topic>("CreateTopic", "zheng-yu", "topic_id: 't-2026-070' " + topic);
  Must<mv1::Topic>("CreateTopic", "zheng-yu", "topic_id: 't-2026-070b' " + topic);
  county_->SetClock(Local(2026, 7, 5, 10));  // Sunday, 4 days before
  const grpc::Status late = M("SubmitTopic", "zheng-yu", Current("topics/t-2026-070"));
  EXPECT_EQ(RuleOf(late), "MTG-14");
  EXPECT_NE(late.error_message().find("2026-07-04"), std::string::npos) << late.error_message();
  county_->SetClock(Local(2026, 7, 4, 21, 30));  // Saturday evening, 5 days before
  const mv1::Topic on_time = Must<mv1::Topic>("SubmitTopic", "zheng-yu", Current("topics/t-2026-070b"));
  EXPECT_FALSE(on_time.late());

  // S-20: within the health bureau's own authority → returned; uncoordinated → refused, then the
  // county head's override.
  Must<mv1::Topic>("CreateTopic", "xu-lei",
                   "topic_id: 't-2026-071' topic { title: '县级公立医院内设科室调整' unit: 'units/health-bureau' "
                   "meeting: 'meetings/e-2026-13b' basis_and_reasons: '依据医疗机构管理条例' authority: "
                   "AUTHORITY_OWNER_DEPARTMENT }");
  const grpc::Status own = M("SubmitTopic", "xu-lei", Current("topics/t-2026-071"));
  EXPECT_EQ(RuleOf(own), "MTG-17");
  EXPECT_EQ(Must<mv1::Topic>("GetTopic", "xu-lei", "name: 'topics/t-2026-071'").state(), mv1::TOPIC_STATE_RETURNED);
  Must<mv1::Topic>("CreateTopic", "wu-jing",
                   "topic_id: 't-2026-072' topic { title: '县城学校周边交通管制方案' unit: 'units/education-bureau' "
                   "meeting: 'meetings/e-2026-13b' basis_and_reasons: '依据道路交通安全法' affected_units: "
                   "'units/transport-bureau' affected_units: 'units/public-security-bureau' }");
  EXPECT_EQ(RuleOf(M("SubmitTopic", "wu-jing", Current("topics/t-2026-072"))), "MTG-17");
  const mv1::Topic overridden = Must<mv1::Topic>(
      "SubmitTopic", "chen-li",
      Current("topics/t-2026-072") + "overrides { rule_id: 'MTG-17' reason: '开学在即，特殊情况先行研究' }");
  EXPECT_EQ(overridden.state(), mv1::TOPIC_STATE_SUBMITTED);
  EXPECT_EQ(overridden.overrides_size(), 1);
}

TEST_F(MeetingScenarioTest, S08_AnInvestmentOfExactly50MillionAndTheAnnualPlanInOrder) {
  county_->SetClock(Local(2026, 1, 19));
  const mv1::Meeting e2 = Schedule("e-2026-02", "MEETING_KIND_EXECUTIVE", absl::CivilDay(2026, 1, 22));
  const mv1::Meeting pg1 = Schedule("pg-2026-01", "MEETING_KIND_PARTY_GROUP", absl::CivilDay(2026, 1, 29));
  const std::string investment = "matter { kind: MATTER_KIND_NEW_INVESTMENT unit: 'units/development-reform-bureau' ";
  const mv1::Matter plant =
      Must<mv1::Matter>("CreateMatter", "feng-gang", investment + "title: '县城第二水厂' amount { fen: 5000000000 } }");
  const mv1::Matter road = Must<mv1::Matter>("CreateMatter", "feng-gang",
                                             investment + "title: '勐仑镇集镇道路提升' amount { fen: 4980000000 } }");
  const mv1::Matter plan = Must<mv1::Matter>(
      "CreateMatter", "feng-gang",
      "matter { kind: MATTER_KIND_ANNUAL_INVESTMENT_PLAN unit: 'units/development-reform-bureau' title: "
      "'2026年度重大项目投资计划' }");
  county_->SetClock(Local(2026, 1, 22, 17));
  HoldOn(e2);
  for (const mv1::Matter* m : {&road, &plan}) {
    Must<mv1::Decision>(
        "RecordDecision", "li-wen",
        absl::StrCat("decision { meeting: 'meetings/e-2026-02' text: '同意' matter: '", m->name(), "' }"));
  }
  EXPECT_EQ(
      RuleOf(M("RecordDecision", "li-wen",
               absl::StrCat("decision { meeting: 'meetings/e-2026-02' text: '同意' matter: '", plant.name(), "' }"))),
      "MTG-10");
  county_->SetClock(Local(2026, 1, 23));
  EXPECT_EQ(Must<mv1::Matter>("ExecuteMatter", "feng-gang", Current(road.name())).state(), mv1::MATTER_STATE_EXECUTED);
  EXPECT_EQ(RuleOf(M("ExecuteMatter", "feng-gang", Current(plant.name()))), "MTG-10");
  EXPECT_EQ(RuleOf(M("ExecuteMatter", "feng-gang", Current(plan.name()))), "MTG-10");  // the party group is next
  county_->SetClock(Local(2026, 1, 29, 17));
  HoldOn(pg1);
  Must<mv1::Decision>(
      "RecordDecision", "li-wen",
      absl::StrCat("decision { meeting: 'meetings/pg-2026-01' text: '同意' matter: '", plan.name(), "' }"));
  EXPECT_EQ(Must<mv1::Matter>("GetMatter", "feng-gang", absl::StrCat("name: '", plan.name(), "'")).state(),
            mv1::MATTER_STATE_DECIDED);
}

TEST_F(MeetingScenarioTest, S15_S17_ASecondCountyWideMeetingAndALatePlan) {
  county_->SetClock(Local(2026, 2, 20));
  const std::string spring =
      "county_meeting { title: '全县春耕生产暨高标准农田建设工作会议' unit: 'units/agriculture-bureau' "
      "held_in_name_of: ISSUING_NAME_DEPARTMENT date { year: 2026 month: 3 day: 12 } leader_consent: "
      "'officials/yu-han' video: true }";
  Must<mv1::CountyMeeting>("CreateCountyMeeting", "zhang-lei", spring);
  county_->SetClock(Local(2026, 8, 20));
  const std::string autumn =
      "county_meeting { title: '全县秋冬农业开发工作会议' unit: 'units/agriculture-bureau' held_in_name_of: "
      "ISSUING_NAME_DEPARTMENT date { year: 2026 month: 9 day: 15 } leader_consent: 'officials/yu-han' video: "
      "true invited_local_heads: 'officials/yan-han' }";
  const grpc::Status second = M("CreateCountyMeeting", "zhang-lei", autumn);
  EXPECT_EQ(RuleOf(second), "MTG-26");
  auto v = GetRuleViolation(FromGrpcStatus(second));
  ASSERT_TRUE(v.has_value());
  EXPECT_TRUE(v->override().allowed());
  EXPECT_EQ(RuleOf(M("CreateCountyMeeting", "zhang-lei",
                     "county_meeting { title: '勐腊县人民政府办公室关于召开全县秋冬农业开发工作会议的通知' unit: "
                     "'units/agriculture-bureau' held_in_name_of: ISSUING_NAME_GOVERNMENT_OFFICE date { year: 2026 "
                     "month: 9 day: 15 } leader_consent: 'officials/yu-han' }")),
            "MTG-26");
  const mv1::CountyMeeting excepted =
      Must<mv1::CountyMeeting>("CreateCountyMeeting", "chen-li",
                               autumn + " overrides { rule_id: 'MTG-26' reason: '秋冬农业开发任务重，需专门部署' }");
  EXPECT_EQ(excepted.overrides_size(), 1);
  EXPECT_EQ(RuleOf(M("ApproveCountyMeeting", "chen-li", Current(excepted.name()))), "MTG-26");
  const mv1::CountyMeeting approved = Must<mv1::CountyMeeting>("ApproveCountyMeeting", "chen-li",
                                                               Current(excepted.name()) + "approve_local_heads: true");
  EXPECT_TRUE(approved.local_heads_approved());

  // S-17: incomplete on 12-21, complete but late on 12-22 (escalated to 周敏).
  county_->SetClock(Local(2026, 12, 21));
  const std::string plan =
      "plan { unit: 'units/education-bureau' year: 2027 meetings { title: '全县教育工作会议' date { year: 2027 "
      "month: 2 day: 25 } place: '县会议中心' days: 1 headcount: 200 funds { fen: 5000000 } ";
  const grpc::Status incomplete = M("SubmitMeetingPlan", "wu-jing", plan + "} }");
  EXPECT_EQ(incomplete.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(RuleOf(incomplete), "MTG-27");
  county_->SetClock(Local(2026, 12, 22));
  const mv1::MeetingPlan late =
      Must<mv1::MeetingPlan>("SubmitMeetingPlan", "wu-jing", plan + "funds_source: '部门预算' } }");
  EXPECT_TRUE(late.late());
  EXPECT_EQ(FromProtoDate(late.deadline()), absl::CivilDay(2026, 12, 20));
  Msg queue;
  ASSERT_TRUE(county_
                  ->Call(county_->meeting(), "xianfu.common.v1.EscalationService.ListEscalations",
                         county_->Official("zhou-min"), "assignee: 'officials/zhou-min'", &queue)
                  .ok());
  EXPECT_NE(queue->DebugString().find(late.name()), std::string::npos) << queue->DebugString();
}

TEST_F(MeetingScenarioTest, S39_AnUndecidedMajorTopicMakesALeadersSpeechOnItNeedApproval) {
  county_->SetClock(Local(2026, 9, 10));
  Schedule("e-2026-16", "MEETING_KIND_EXECUTIVE", absl::CivilDay(2026, 9, 24));
  Must<mv1::Topic>("CreateTopic", "zheng-yu",
                   "topic_id: 't-2026-088' topic { title: '县城橡胶加工厂整体搬迁方案' unit: "
                   "'units/natural-resources-bureau' meeting: 'meetings/e-2026-16' basis_and_reasons: "
                   "'依据国土空间规划' major: true }");
  const mv1::Topic topic = Must<mv1::Topic>("SubmitTopic", "zheng-yu", Current("topics/t-2026-088"));
  // What meeting-svc says of the topic is what the speech request carries to personnel-svc.
  ASSERT_TRUE(topic.major());
  ASSERT_NE(topic.state(), mv1::TOPIC_STATE_DECIDED);
  county_->SetClock(Local(2026, 9, 16));
  Msg request;
  const grpc::Status created = county_->Call(
      county_->personnel(), "xianfu.personnel.v1.PersonnelService.CreateApprovalRequest",
      county_->Official("yan-xiang"),
      absl::StrCat("approval_request { kind: APPROVAL_KIND_SPEECH subject_official: 'officials/yan-xiang' title: "
                   "'谈县城橡胶加工厂搬迁' speech { capacity: SPEECH_CAPACITY_PERSONAL topic: '",
                   topic.name(), "' topic_major: ", topic.major() ? "true" : "false",
                   " topic_decided: ", topic.state() == mv1::TOPIC_STATE_DECIDED ? "true" : "false", " } }"),
      &request);
  ASSERT_TRUE(created.ok()) << created.error_message();
  EXPECT_NE(request->DebugString().find("concerns undecided major matter topics/t-2026-088"), std::string::npos)
      << request->DebugString();
  const std::string name =
      request->GetReflection()->GetString(*request, request->GetDescriptor()->FindFieldByName("name"));
  const grpc::Status released =
      county_->Call(county_->personnel(), "xianfu.personnel.v1.PersonnelService.ReleaseApprovalRequest",
                    county_->Official("yan-xiang"), absl::StrCat("name: '", name, "'"));
  EXPECT_EQ(released.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(RuleOf(released), "DIS-05");
}

// S-18 on a county of its own (the shared one's clock moves back and forth between scenarios).
TEST(MeetingFrequencyTest, S18_NoPlenaryByJune15IsWarnedOnMeetingSvcsFeed) {
  testing::County county("2026-06-14T09:00:00+08:00");
  county.SetClock(Local(2026, 6, 15, 0, 10));
  std::string feed;
  for (int i = 0; i < 100 && feed.find("MeetingFrequencyWarning") == std::string::npos; ++i) {
    Msg events;
    ASSERT_TRUE(county
                    .Call(county.meeting(), "xianfu.events.v1.EventFeedService.ListEvents", county.Client("oa-system"),
                          "", &events)
                    .ok());
    feed = events->DebugString();
    if (feed.find("MeetingFrequencyWarning") == std::string::npos) absl::SleepFor(absl::Milliseconds(100));
  }
  EXPECT_NE(feed.find("xianfu.meeting.v1.MeetingFrequencyWarning"), std::string::npos) << feed;
  EXPECT_EQ(county.Count(county.meeting_db(), "audit_entries WHERE action = 'FrequencyWarning'"), 1);
}

}  // namespace
}  // namespace xianfu
