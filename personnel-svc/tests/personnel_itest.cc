// personnel-svc end to end: the service process on MariaDB, fixture F-1 loaded through the
// API, the personnel-side steps of scenarios S-16, S-34, S-35, S-37 and S-39 driven through
// gRPC with the test clock.
#include <filesystem>
#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "common/calendar.h"
#include "common/deadline_proto.h"
#include "common/errors.h"
#include "gtest/gtest.h"
#include "personnel-svc/demo/fixture.h"
#include "personnel-svc/domain/org.h"
#include "tests/support/test_env.h"
#include "xianfu/admin/v1/admin.grpc.pb.h"
#include "xianfu/events/v1/events.grpc.pb.h"

namespace xianfu::personnel {
namespace {

using ::xianfu::testing::ServiceFlags;
using ::xianfu::testing::ServiceProcess;
using ::xianfu::testing::TestAuth;
using ::xianfu::testing::TestDatabase;

std::string O(const char* id) { return absl::StrCat("officials/", id); }

common::v1::CivilDate D(int y, int m, int d) { return ToProtoDate(absl::CivilDay(y, m, d)); }

absl::Time At(int y, int m, int d, int hh = 10, int mm = 0) {
  return absl::FromCivil(absl::CivilSecond(y, m, d, hh, mm, 0), ChinaTimeZone());
}

// `who` asks to travel to Laos for trade promotion, leaving on `depart` and back three days later.
v1::CreateApprovalRequestRequest TripToLaos(const char* who, absl::CivilDay depart, const std::string& request_id) {
  v1::CreateApprovalRequestRequest create;
  v1::ApprovalRequest* r = create.mutable_approval_request();
  r->set_kind(v1::APPROVAL_KIND_TRAVEL_ABROAD);
  r->set_subject_official(O(who));
  r->set_title("赴老挝南塔省经贸推介");
  r->mutable_travel()->set_destination("老挝南塔省");
  *r->mutable_travel()->mutable_depart_date() = ToProtoDate(depart);
  *r->mutable_travel()->mutable_return_date() = ToProtoDate(depart + 3);
  create.set_request_id(request_id);
  return create;
}

struct Refusal {
  grpc::StatusCode code;
  std::string rule_id;
  std::string message;
};

Refusal Decode(const grpc::Status& s) {
  Refusal r{s.error_code(), "", s.error_message()};
  if (auto v = GetRuleViolation(FromGrpcStatus(s)); v.has_value()) r.rule_id = v->rule_id();
  return r;
}

class PersonnelE2ETest : public ::testing::Test {
 protected:
  PersonnelE2ETest() : process_("personnel-svc/personnel-svc", Flags()) {
    EXPECT_TRUE(process_.WaitForPort()) << process_.log();
    admin_ = std::make_unique<PersonnelClient>(process_.channel(),
                                               auth_.Token("officials/sys-admin", AdminRole::kSystemAdmin));
    FixtureOptions options;
    options.start = absl::CivilDay(2026, 1, 1);
    absl::Status loaded = LoadFixtureF1(*admin_, options);
    // The office clerk files absences for others (administrators take no part in the business).
    office_ = std::make_unique<PersonnelClient>(process_.channel(), auth_.Token(O("li-wen")));
    EXPECT_TRUE(loaded.ok()) << loaded << process_.log();
  }

  std::vector<std::string> Flags() {
    std::vector<std::string> flags = ServiceFlags(db_, auth_, "personnel");
    flags.push_back("--test_fake_clock=2026-01-05T09:00:00+08:00");
    return flags;
  }

  PersonnelClient As(const char* official) { return PersonnelClient(process_.channel(), auth_.Token(O(official))); }

  void SetClock(absl::Time t) {
    auto stub = admin::v1::ClockService::NewStub(process_.channel());
    grpc::ClientContext ctx;
    ctx.AddMetadata("authorization", "Bearer " + auth_.Token("officials/sys-admin", AdminRole::kSystemAdmin));
    admin::v1::SetTimeRequest req;
    *req.mutable_time() = ToProtoTime(t);
    admin::v1::GetTimeResponse resp;
    ASSERT_TRUE(stub->SetTime(&ctx, req, &resp).ok());
  }

  v1::Absence MakeAbsence(const char* who, common::v1::CivilDate start, common::v1::CivilDate end, bool leaves,
                          v1::AbsenceKind kind = v1::ABSENCE_KIND_BUSINESS_TRIP) {
    v1::Absence a;
    a.set_official(O(who));
    a.set_kind(kind);
    a.set_leaves_jurisdiction(leaves);
    *a.mutable_start_date() = start;
    *a.mutable_end_date() = end;
    return a;
  }

  grpc::Status Register(PersonnelClient& c, const v1::Absence& a, v1::Absence* out, const std::string& rid = "") {
    v1::CreateAbsenceRequest req;
    *req.mutable_absence() = a;
    req.set_request_id(rid);
    return c.stub().CreateAbsence(c.Context().get(), req, out);
  }

  grpc::Status Resolve(PersonnelClient& c, const char* who, v1::ActKind act, absl::Time t, v1::ActingResolution* out) {
    v1::ResolveActingRequest req;
    req.set_official(O(who));
    req.set_act(act);
    *req.mutable_time() = ToProtoTime(t);
    return c.stub().ResolveActing(c.Context().get(), req, out);
  }

  grpc::Status Check(PersonnelClient& c, const char* principal, v1::ActKind act, absl::Time t, const char* candidate,
                     v1::ActingResolution* out) {
    v1::CheckActingRequest req;
    req.mutable_resolve()->set_official(O(principal));
    req.mutable_resolve()->set_act(act);
    *req.mutable_resolve()->mutable_time() = ToProtoTime(t);
    req.set_candidate(O(candidate));
    return c.stub().CheckActing(c.Context().get(), req, out);
  }

  std::vector<v1::Obligation> Obligations(const std::string& subject) {
    v1::ListObligationsRequest req;
    req.set_subject(subject);
    v1::ListObligationsResponse resp;
    EXPECT_TRUE(admin_->stub().ListObligations(admin_->Context().get(), req, &resp).ok());
    return {resp.obligations().begin(), resp.obligations().end()};
  }

  // Waits for the durable timers of the background worker.
  v1::Obligation WaitForState(const std::string& name, v1::ObligationState state) {
    v1::Obligation o;
    for (int i = 0; i < 100; ++i) {
      v1::GetObligationRequest req;
      req.set_name(name);
      EXPECT_TRUE(admin_->stub().GetObligation(admin_->Context().get(), req, &o).ok());
      if (o.state() == state) break;
      absl::SleepFor(absl::Milliseconds(100));
    }
    return o;
  }

  // The feed after the background worker published what is pending (at least `expected`).
  std::vector<events::v1::Event> Events(const std::string& type, size_t expected = 1) {
    std::vector<events::v1::Event> events;
    for (int i = 0; i < 50 && events.size() < expected; ++i) {
      if (i > 0) absl::SleepFor(absl::Milliseconds(100));
      events = ReadFeed(type);
    }
    return events;
  }

  std::vector<events::v1::Event> ReadFeed(const std::string& type) {
    auto stub = events::v1::EventFeedService::NewStub(process_.channel());
    grpc::ClientContext ctx;
    ctx.AddMetadata("authorization", "Bearer " + auth_.Token("clients/supervision-svc"));
    events::v1::ListEventsRequest req;
    req.set_page_size(1000);
    req.add_type_prefixes(type);
    events::v1::ListEventsResponse resp;
    EXPECT_TRUE(stub->ListEvents(&ctx, req, &resp).ok());
    return {resp.events().begin(), resp.events().end()};
  }

  TestDatabase db_;
  TestAuth auth_;
  ServiceProcess process_;
  std::unique_ptr<PersonnelClient> admin_;
  std::unique_ptr<PersonnelClient> office_;
};

TEST_F(PersonnelE2ETest, S34_BothAAndBAwayTheCountyHeadDesignates) {
  SetClock(At(2026, 5, 8));
  PersonnelClient yu = As("yu-han"), li = As("li-na"), wang = As("wang-hai"), chen = As("chen-li");
  v1::Absence training = MakeAbsence("yu-han", D(2026, 5, 11), D(2026, 5, 15), true, v1::ABSENCE_KIND_STUDY);
  *training.mutable_prior_report_time() = ToProtoTime(At(2026, 5, 8, 9));
  v1::Absence yu_absence, li_absence;
  ASSERT_TRUE(Register(yu, training, &yu_absence).ok());
  EXPECT_EQ(yu_absence.obligations_size(), 2);  // DIS-18 prior (already made) and return report
  grpc::Status li_status = Register(
      li, MakeAbsence("li-na", D(2026, 5, 12), D(2026, 5, 14), true, v1::ABSENCE_KIND_VISIT_ABROAD), &li_absence);
  ASSERT_TRUE(li_status.ok()) << li_status.error_message();
  ASSERT_EQ(li_absence.warnings_size(), 1);
  EXPECT_EQ(li_absence.warnings(0).violation().rule_id(), "DIS-02");
  EXPECT_NE(li_absence.warnings(0).violation().message_en().find("2026-05-12…2026-05-14"), std::string::npos);

  // Asked for, the overlap shows with its designation task (after the task exists below).
  v1::ListAbsenceConflictsRequest conflicts_req;
  *conflicts_req.mutable_from_date() = D(2026, 5, 1);
  *conflicts_req.mutable_to_date() = D(2026, 5, 31);
  v1::ListAbsenceConflictsResponse conflicts;
  ASSERT_TRUE(chen.stub().ListAbsenceConflicts(chen.Context().get(), conflicts_req, &conflicts).ok());
  ASSERT_EQ(conflicts.conflicts_size(), 2);  // 玉罕→李娜 and 李娜→玉罕
  EXPECT_EQ(FromProtoDate(conflicts.conflicts(0).start_date()), absl::CivilDay(2026, 5, 12));
  EXPECT_EQ(FromProtoDate(conflicts.conflicts(0).end_date()), absl::CivilDay(2026, 5, 14));
  EXPECT_FALSE(conflicts.conflicts(0).designation().empty());

  v1::ActingResolution monday;
  ASSERT_TRUE(Resolve(yu, "yu-han", v1::ACT_KIND_PORTFOLIO_APPROVAL, At(2026, 5, 11), &monday).ok());
  EXPECT_EQ(monday.actor(), O("li-na"));

  SetClock(At(2026, 5, 13, 9));
  v1::ActingResolution wednesday;
  ASSERT_TRUE(Resolve(yu, "yu-han", v1::ACT_KIND_PORTFOLIO_APPROVAL, At(2026, 5, 13), &wednesday).ok());
  EXPECT_TRUE(wednesday.waiting());
  ASSERT_FALSE(wednesday.designation().empty());
  v1::ActingResolution ignored;
  Refusal wang_refused =
      Decode(Check(wang, "yu-han", v1::ACT_KIND_PORTFOLIO_APPROVAL, At(2026, 5, 13), "wang-hai", &ignored));
  EXPECT_EQ(wang_refused.code, grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(wang_refused.rule_id, "DIS-03");

  // The designation task went out on the feed (ESCALATE to the county head).
  EXPECT_FALSE(Events("xianfu.personnel.v1.DesignationOpened").empty());

  v1::ListDesignationsRequest list;
  list.set_state(v1::DESIGNATION_STATE_OPEN);
  v1::ListDesignationsResponse open;
  ASSERT_TRUE(chen.stub().ListDesignations(chen.Context().get(), list, &open).ok());
  const v1::Designation* task = nullptr;
  for (const v1::Designation& d : open.designations()) {
    if (d.name() == wednesday.designation()) task = &d;
  }
  ASSERT_NE(task, nullptr);
  v1::DesignateActingRequest designate;
  designate.set_name(task->name());
  designate.set_designee(O("yan-xiang"));
  designate.set_etag(task->etag());
  designate.set_request_id("designate-yan");
  v1::Designation made;
  Refusal by_wang = Decode(wang.stub().DesignateActing(wang.Context().get(), designate, &made));
  EXPECT_EQ(by_wang.code, grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(by_wang.rule_id, "DIS-03");
  ASSERT_TRUE(chen.stub().DesignateActing(chen.Context().get(), designate, &made).ok());
  EXPECT_EQ(made.state(), v1::DESIGNATION_STATE_DESIGNATED);
  // A retry with the same request id returns the first answer without acting again…
  v1::Designation again;
  ASSERT_TRUE(chen.stub().DesignateActing(chen.Context().get(), designate, &again).ok());
  EXPECT_EQ(again.etag(), made.etag());
  // …while a new request on the stale etag is ABORTED.
  designate.set_request_id("designate-again");
  EXPECT_EQ(chen.stub().DesignateActing(chen.Context().get(), designate, &again).error_code(),
            grpc::StatusCode::ABORTED);

  v1::ActingResolution yan;
  ASSERT_TRUE(Check(yu, "yu-han", v1::ACT_KIND_PORTFOLIO_APPROVAL, At(2026, 5, 13), "yan-xiang", &yan).ok());
  EXPECT_EQ(yan.display_zh(), "岩香(受县长安排)代玉罕");
  EXPECT_EQ(yan.acting_mark().basis(), "DESIGNATION");

  // Back on Mon 05-18, 玉罕 reports to the county head: that is her 销假.
  SetClock(At(2026, 5, 18));
  for (const v1::Obligation& o : Obligations(yu_absence.name())) {
    if (o.kind() != v1::OBLIGATION_KIND_RETURN_REPORT) continue;
    EXPECT_EQ(FromProtoDate(o.deadline().deadline()), absl::CivilDay(2026, 5, 19));
    v1::FulfilObligationRequest fulfil;
    fulfil.set_name(o.name());
    fulfil.set_etag(o.etag());
    fulfil.set_note("已向陈立县长报告培训情况");
    v1::Obligation done;
    ASSERT_TRUE(yu.stub().FulfilObligation(yu.Context().get(), fulfil, &done).ok());
    EXPECT_FALSE(done.late());
  }
  v1::GetAbsenceRequest get;
  get.set_name(yu_absence.name());
  v1::Absence back;
  ASSERT_TRUE(yu.stub().GetAbsence(yu.Context().get(), get, &back).ok());
  EXPECT_EQ(back.state(), v1::ABSENCE_STATE_RETURNED);
}

TEST_F(PersonnelE2ETest, S35_CountyHeadLeavesWithoutAStandinAndReportsBack) {
  SetClock(At(2026, 7, 16));
  PersonnelClient clerk = As("li-wen"), dao = As("dao-jianhua"), chen = As("chen-li");
  v1::Absence absence;
  grpc::Status status = Register(clerk, MakeAbsence("chen-li", D(2026, 7, 20), D(2026, 7, 22), true), &absence);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(absence.obligations_size(), 3);
  for (const v1::Obligation& o : Obligations(absence.name())) {
    EXPECT_EQ(o.rule_id(), "DIS-17");
    EXPECT_EQ(FromProtoTime(o.due_time()), At(2026, 7, 20, 0));
  }
  ASSERT_FALSE(absence.presiding_entrustment().empty());
  ASSERT_GE(absence.warnings_size(), 1);
  EXPECT_EQ(absence.warnings(0).violation().rule_id(), "DIS-01");

  v1::ActingResolution daily, ignored;
  ASSERT_TRUE(Resolve(dao, "chen-li", v1::ACT_KIND_DAILY_WORK, At(2026, 7, 21), &daily).ok());
  EXPECT_EQ(daily.actor(), O("dao-jianhua"));
  EXPECT_EQ(daily.basis(), v1::ACTING_BASIS_PRESIDING_STANDIN);
  Refusal chair =
      Decode(Check(dao, "chen-li", v1::ACT_KIND_CHAIR_EXECUTIVE_MEETING, At(2026, 7, 21), "dao-jianhua", &ignored));
  EXPECT_EQ(chair.code, grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(chair.rule_id, "MTG-07");

  v1::CreateEntrustmentRequest entrust;
  v1::Entrustment* e = entrust.mutable_entrustment();
  e->set_principal(O("chen-li"));
  e->set_delegate(O("dao-jianhua"));
  e->add_scope(v1::ACT_KIND_CHAIR_EXECUTIVE_MEETING);
  *e->mutable_start_date() = D(2026, 7, 20);
  *e->mutable_end_date() = D(2026, 7, 22);
  e->set_reference("县长委托主持E-2026-14");
  v1::Entrustment granted;
  ASSERT_TRUE(chen.stub().CreateEntrustment(chen.Context().get(), entrust, &granted).ok());
  EXPECT_TRUE(
      Check(dao, "chen-li", v1::ACT_KIND_CHAIR_EXECUTIVE_MEETING, At(2026, 7, 21), "dao-jianhua", &ignored).ok());

  // Orders are never entrusted.
  e->clear_scope();
  e->add_scope(v1::ACT_KIND_SIGN_ORDER);
  Refusal order = Decode(chen.stub().CreateEntrustment(chen.Context().get(), entrust, &granted));
  EXPECT_EQ(order.code, grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(order.rule_id, "DOC-15");

  // DIS-11: back on Wed 07-22, the meeting report is due Mon 07-27.
  SetClock(At(2026, 7, 22, 18));
  v1::RegisterReportableEventRequest meeting;
  meeting.set_kind(v1::REPORTABLE_EVENT_KIND_HIGHER_MEETING_ATTENDED);
  meeting.set_owner(O("chen-li"));
  meeting.set_title("全省县域经济工作会议");
  *meeting.mutable_time() = ToProtoTime(At(2026, 7, 22, 18));
  v1::Obligation report;
  ASSERT_TRUE(clerk.stub().RegisterReportableEvent(clerk.Context().get(), meeting, &report).ok());
  EXPECT_EQ(FromProtoDate(report.deadline().deadline()), absl::CivilDay(2026, 7, 27));
  EXPECT_EQ(report.title_zh(), "全省县域经济工作会议情况及落实建议");

  // Nobody filed or reported: past the deadlines everything escalates, once.
  SetClock(At(2026, 7, 28, 9));
  v1::Obligation overdue = WaitForState(report.name(), v1::OBLIGATION_STATE_OVERDUE);
  EXPECT_EQ(overdue.state(), v1::OBLIGATION_STATE_OVERDUE);
  EXPECT_EQ(overdue.escalate_to(0), O("zhou-min"));
  for (const std::string& filing : absence.obligations()) {
    EXPECT_EQ(WaitForState(filing, v1::OBLIGATION_STATE_OVERDUE).state(), v1::OBLIGATION_STATE_OVERDUE);
  }
  EXPECT_EQ(Events("xianfu.personnel.v1.ObligationOverdue", 4).size(), 4u);

  // Reporting late is still recorded, as late.
  v1::FulfilObligationRequest fulfil;
  fulfil.set_name(report.name());
  fulfil.set_etag(overdue.etag());
  fulfil.set_note("在7月29日常务会议上传达");
  v1::Obligation done;
  ASSERT_TRUE(chen.stub().FulfilObligation(chen.Context().get(), fulfil, &done).ok());
  EXPECT_TRUE(done.late());
  EXPECT_EQ(done.state(), v1::OBLIGATION_STATE_FULFILLED);
}

TEST_F(PersonnelE2ETest, S37_TravelAbroadByADepartmentDeputy) {
  SetClock(At(2026, 10, 20));
  PersonnelClient lin = As("lin-feng"), chen = As("chen-li"), duan = As("duan-yun"), wang = As("wang-hai");
  v1::CreateApprovalRequestRequest create = TripToLaos("lin-feng", absl::CivilDay(2026, 11, 10), "trip-lin");
  create.mutable_approval_request()->mutable_travel()->set_plan_entry("outboundPlanEntries/1");
  v1::ApprovalRequest trip;
  grpc::Status created = lin.stub().CreateApprovalRequest(lin.Context().get(), create, &trip);
  ASSERT_TRUE(created.ok()) << created.error_message();

  auto act = [&](PersonnelClient& who, v1::StepKind step, v1::ApprovalRequest* out) {
    v1::ActOnApprovalRequestRequest req;
    req.set_name(trip.name());
    req.set_step(step);
    req.set_decision(v1::STEP_DECISION_APPROVE);
    req.set_etag(trip.etag());
    return who.stub().ActOnApprovalRequest(who.Context().get(), req, out);
  };
  v1::ApprovalRequest out;
  Refusal straight = Decode(act(chen, v1::STEP_KIND_FOREIGN_AFFAIRS_DEPUTY_APPROVAL, &out));
  EXPECT_EQ(straight.code, grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(straight.rule_id, "DIS-15");
  SetClock(At(2026, 10, 21));
  ASSERT_TRUE(act(duan, v1::STEP_KIND_FOREIGN_AFFAIRS_OFFICE_REVIEW, &trip).ok());
  SetClock(At(2026, 10, 22));
  ASSERT_TRUE(act(wang, v1::STEP_KIND_FOREIGN_AFFAIRS_DEPUTY_APPROVAL, &trip).ok());
  EXPECT_EQ(trip.state(), v1::APPROVAL_STATE_APPROVED);
  EXPECT_TRUE(Obligations(trip.name()).empty());  // a deputy files no visit summary
  EXPECT_EQ(Events("xianfu.personnel.v1.ApprovalRequestDecided").size(), 1u);
}

// DIS-16: a unit sends at most two delegations abroad a year (the policy's cap). The count is of
// the departure year's trips of the unit; a refused trip does not count, nor one of another year.
TEST_F(PersonnelE2ETest, DIS_16_AUnitsDelegationsOfTheYearAreCounted) {
  SetClock(At(2026, 10, 20));
  PersonnelClient lin = As("lin-feng"), duan = As("duan-yun");
  int n = 0;
  auto trip = [&](absl::CivilDay depart, v1::ApprovalRequest* out) {
    v1::CreateApprovalRequestRequest create = TripToLaos("lin-feng", depart, absl::StrCat("dis16-trip-", ++n));
    return lin.stub().CreateApprovalRequest(lin.Context().get(), create, out);
  };
  v1::ApprovalRequest first, second, next_year, third;
  ASSERT_TRUE(trip(absl::CivilDay(2026, 11, 10), &first).ok());
  ASSERT_TRUE(trip(absl::CivilDay(2026, 12, 1), &second).ok());
  ASSERT_TRUE(trip(absl::CivilDay(2027, 1, 10), &next_year).ok());
  Refusal over = Decode(trip(absl::CivilDay(2026, 12, 15), &third));
  EXPECT_EQ(over.code, grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(over.rule_id, "DIS-16");
  EXPECT_NE(over.message.find("already 2 delegations this year"), std::string::npos) << over.message;

  v1::ActOnApprovalRequestRequest reject;
  reject.set_name(second.name());
  reject.set_step(v1::STEP_KIND_FOREIGN_AFFAIRS_OFFICE_REVIEW);
  reject.set_decision(v1::STEP_DECISION_REJECT);
  reject.set_comment("与第一个团组任务重复");
  reject.set_etag(second.etag());
  reject.set_request_id("dis16-reject");
  ASSERT_TRUE(duan.stub().ActOnApprovalRequest(duan.Context().get(), reject, &second).ok());
  ASSERT_EQ(second.state(), v1::APPROVAL_STATE_REJECTED);
  ASSERT_TRUE(trip(absl::CivilDay(2026, 12, 15), &third).ok());
  // Trips stored before their year had a column of its own are counted from their record.
  db_.AdminExec(absl::StrCat("UPDATE ", db_.name(), ".approval_requests SET depart_year = NULL"));
  EXPECT_EQ(Decode(trip(absl::CivilDay(2026, 12, 20), &third)).rule_id, "DIS-16");
  EXPECT_TRUE(trip(absl::CivilDay(2027, 2, 10), &next_year).ok());
}

TEST_F(PersonnelE2ETest, S39_SpeechesAndArticles) {
  SetClock(At(2026, 9, 16));
  PersonnelClient clerk = As("li-wen"), chen = As("chen-li"), zheng = As("zheng-yu");
  auto speech = [&](PersonnelClient& c, const char* who, bool major, v1::ApprovalRequest* out) {
    v1::CreateApprovalRequestRequest req;
    v1::ApprovalRequest* r = req.mutable_approval_request();
    r->set_kind(v1::APPROVAL_KIND_SPEECH);
    r->set_subject_official(O(who));
    r->set_title("谈县城橡胶加工厂搬迁");
    r->mutable_speech()->set_capacity(v1::SPEECH_CAPACITY_PERSONAL);
    r->mutable_speech()->set_topic(major ? "topics/T-2026-088" : "");
    r->mutable_speech()->set_topic_major(major);
    return c.stub().CreateApprovalRequest(c.Context().get(), req, out);
  };
  auto release = [&](PersonnelClient& c, v1::ApprovalRequest& r) {
    v1::ReleaseApprovalRequestRequest req;
    req.set_name(r.name());
    req.set_etag(r.etag());
    return c.stub().ReleaseApprovalRequest(c.Context().get(), req, &r);
  };
  v1::ApprovalRequest interview;
  ASSERT_TRUE(speech(clerk, "yan-xiang", true, &interview).ok());
  Refusal refused = Decode(release(clerk, interview));
  EXPECT_EQ(refused.code, grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(refused.rule_id, "DIS-05");
  EXPECT_NE(refused.message.find("concerns undecided major matter topics/T-2026-088"), std::string::npos);
  SetClock(At(2026, 9, 17));
  v1::ActOnApprovalRequestRequest approve;
  approve.set_name(interview.name());
  approve.set_step(v1::STEP_KIND_COUNTY_HEAD_APPROVAL);
  approve.set_decision(v1::STEP_DECISION_APPROVE);
  approve.set_comment("修改后同意：方案正在研究论证，尚未决定");
  approve.set_etag(interview.etag());
  ASSERT_TRUE(chen.stub().ActOnApprovalRequest(chen.Context().get(), approve, &interview).ok());
  ASSERT_TRUE(release(clerk, interview).ok());
  EXPECT_EQ(interview.state(), v1::APPROVAL_STATE_RELEASED);

  v1::ApprovalRequest plain, linked;
  ASSERT_TRUE(speech(zheng, "zheng-yu", false, &plain).ok());
  EXPECT_EQ(plain.state(), v1::APPROVAL_STATE_RECORDED);
  EXPECT_TRUE(release(zheng, plain).ok());
  ASSERT_TRUE(speech(zheng, "zheng-yu", true, &linked).ok());
  EXPECT_EQ(Decode(release(zheng, linked)).rule_id, "DIS-06");
}

TEST_F(PersonnelE2ETest, S16_InformationReleaseAndMajorSituation) {
  SetClock(At(2026, 5, 20));
  PersonnelClient hu = As("hu-bin");
  v1::CreateApprovalRequestRequest create;
  v1::ApprovalRequest* r = create.mutable_approval_request();
  r->set_kind(v1::APPROVAL_KIND_INFORMATION_RELEASE);
  r->set_unit("units/market-regulation-bureau");
  r->set_title("县城菜市场迁建选址公告");
  r->mutable_information()->set_channel("微信公众号");
  r->mutable_information()->set_important(true);
  v1::ApprovalRequest notice;
  ASSERT_TRUE(hu.stub().CreateApprovalRequest(hu.Context().get(), create, &notice).ok());
  v1::ReleaseApprovalRequestRequest release;
  release.set_name(notice.name());
  release.set_etag(notice.etag());
  Refusal refused = Decode(hu.stub().ReleaseApprovalRequest(hu.Context().get(), release, &notice));
  EXPECT_EQ(refused.code, grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(refused.rule_id, "DIS-07");

  SetClock(At(2026, 5, 21, 14));
  v1::RegisterReportableEventRequest incident;
  incident.set_kind(v1::REPORTABLE_EVENT_KIND_MAJOR_SITUATION);
  incident.set_owner("units/market-regulation-bureau");
  incident.set_title("学校食堂食物中毒事件（31名学生住院）");
  *incident.mutable_time() = ToProtoTime(At(2026, 5, 21, 14));
  v1::Obligation report;
  ASSERT_TRUE(hu.stub().RegisterReportableEvent(hu.Context().get(), incident, &report).ok());
  EXPECT_EQ(FromProtoTime(report.due_time()), At(2026, 5, 22, 14));
  SetClock(At(2026, 5, 22, 14, 1));
  v1::Obligation overdue = WaitForState(report.name(), v1::OBLIGATION_STATE_OVERDUE);
  ASSERT_EQ(overdue.state(), v1::OBLIGATION_STATE_OVERDUE);
  EXPECT_EQ(std::vector<std::string>(overdue.escalate_to().begin(), overdue.escalate_to().end()),
            (std::vector<std::string>{O("zhou-min"), O("chen-li")}));
}

TEST_F(PersonnelE2ETest, DIS_10_LiaisonReportsRecurUntilThePrefectureReplies) {
  SetClock(At(2026, 6, 1));
  PersonnelClient huang = As("huang-tao");
  v1::RegisterReportableEventRequest submitted;
  submitted.set_kind(v1::REPORTABLE_EVENT_KIND_PREFECTURE_REQUEST_SUBMITTED);
  submitted.set_owner("units/commerce-bureau");
  submitted.set_title("关于磨憨口岸扩区的请示");
  *submitted.mutable_time() = ToProtoTime(At(2026, 6, 1));
  v1::Obligation first;
  ASSERT_TRUE(huang.stub().RegisterReportableEvent(huang.Context().get(), submitted, &first).ok());
  auto fulfil = [&](const v1::Obligation& o, bool closes) {
    v1::FulfilObligationRequest req;
    req.set_name(o.name());
    req.set_etag(o.etag());
    req.set_closes_matter(closes);
    req.set_note(closes ? "州政府已批复" : "州发改委正在审核");
    v1::Obligation done;
    EXPECT_TRUE(huang.stub().FulfilObligation(huang.Context().get(), req, &done).ok());
  };
  auto open = [&] {
    v1::ListObligationsRequest req;
    req.set_owner("units/commerce-bureau");
    req.set_state(v1::OBLIGATION_STATE_OPEN);
    v1::ListObligationsResponse resp;
    EXPECT_TRUE(huang.stub().ListObligations(huang.Context().get(), req, &resp).ok());
    return std::vector<v1::Obligation>(resp.obligations().begin(), resp.obligations().end());
  };
  SetClock(At(2026, 6, 12));
  fulfil(first, false);
  std::vector<v1::Obligation> next = open();
  ASSERT_EQ(next.size(), 1u);
  EXPECT_EQ(FromProtoDate(next[0].deadline().deadline()),
            absl::CivilDay(2026, 6, 29));  // 10 WD after 06-12 (端午 06-19)
  fulfil(next[0], true);
  EXPECT_TRUE(open().empty());
}

TEST_F(PersonnelE2ETest, ORG_04_DivisionOfWorkHasHistoryAndRestsOnAPartyGroupDecision) {
  auto leader_of = [&](const char* unit, common::v1::CivilDate date) {
    v1::LookupUnitLeadershipRequest req;
    req.set_unit(absl::StrCat("units/", unit));
    *req.mutable_date() = date;
    v1::UnitLeadership resp;
    EXPECT_TRUE(admin_->stub().LookupUnitLeadership(admin_->Context().get(), req, &resp).ok());
    return resp;
  };
  v1::UnitLeadership commerce = leader_of("commerce-bureau", D(2026, 4, 3));
  EXPECT_EQ(commerce.primary_leader(), O("wang-hai"));
  EXPECT_EQ(commerce.principal_head(), O("huang-tao"));
  EXPECT_EQ(commerce.deputy_heads(0), O("lin-feng"));
  EXPECT_EQ(commerce.clerks(0), O("commerce-bureau-clerk"));

  v1::GetDivisionOfWorkRequest get;
  v1::DivisionOfWork current;
  ASSERT_TRUE(admin_->stub().GetDivisionOfWork(admin_->Context().get(), get, &current).ok());
  v1::ChangeDivisionOfWorkRequest change;
  *change.mutable_division() = current;
  // A new division, not the stored one: what the service sets is left for it to set.
  for (const char* field : {"name", "superseded_date", "recorded_by", "create_time", "policy_version"}) {
    change.mutable_division()->GetReflection()->ClearField(change.mutable_division(),
                                                           v1::DivisionOfWork::descriptor()->FindFieldByName(field));
  }
  *change.mutable_division()->mutable_effective_date() = D(2026, 6, 1);
  change.mutable_division()->set_basis(v1::DIVISION_BASIS_PARTY_GROUP_DECISION);
  for (v1::Portfolio& p : *change.mutable_division()->mutable_portfolios()) {
    auto* units = p.mutable_primary_units();
    if (p.leader() == O("wang-hai")) units->erase(std::find(units->begin(), units->end(), "units/commerce-bureau"));
    if (p.leader() == O("yan-xiang")) p.add_primary_units("units/commerce-bureau");
  }
  PersonnelClient clerk = As("li-wen"), wang = As("wang-hai");
  v1::DivisionOfWork changed;
  Refusal no_decision = Decode(clerk.stub().ChangeDivisionOfWork(clerk.Context().get(), change, &changed));
  EXPECT_EQ(no_decision.rule_id, "MTG-06");
  change.mutable_division()->set_decision_reference("PG-2026-05 第3项");
  EXPECT_EQ(wang.stub().ChangeDivisionOfWork(wang.Context().get(), change, &changed).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  ASSERT_TRUE(clerk.stub().ChangeDivisionOfWork(clerk.Context().get(), change, &changed).ok());
  EXPECT_EQ(leader_of("commerce-bureau", D(2026, 4, 3)).primary_leader(), O("wang-hai"));
  EXPECT_EQ(leader_of("commerce-bureau", D(2026, 6, 2)).primary_leader(), O("yan-xiang"));
  auto events = Events("xianfu.personnel.v1.DivisionOfWorkChanged", 2);
  EXPECT_EQ(events.size(), 2u);  // the initial load and this change
}

TEST(PersonnelCalendarE2ETest, NextYearsNoticeMovesAnOpenDeadlineAndRecordsWhy) {
  namespace fs = std::filesystem;
  TestDatabase db;
  TestAuth auth;
  const fs::path calendars = ::xianfu::testing::MakeTempDir("calendars");
  fs::copy(fs::path(XIANFU_SOURCE_DIR) / "policy/calendars", calendars, fs::copy_options::recursive);
  std::vector<std::string> flags = ServiceFlags(db, auth, "personnel");
  flags.push_back("--test_fake_clock=2027-09-20T09:00:00+08:00");
  flags.push_back("--calendar_dir=" + calendars.string());
  flags.push_back("--calendar_check_seconds=1");
  ServiceProcess process("personnel-svc/personnel-svc", flags);
  ASSERT_TRUE(process.WaitForPort()) << process.log();
  PersonnelClient admin(process.channel(), auth.Token("officials/sys-admin", AdminRole::kSystemAdmin));
  FixtureOptions options;
  options.start = absl::CivilDay(2026, 1, 1);
  ASSERT_TRUE(LoadFixtureF1(admin, options).ok());

  // 王海 returns on Thu 2027-09-30; 2027 has no national notice yet, so the two-working-day
  // return report is provisional: Mon 10-04 and Tue 10-05 count.
  v1::CreateAbsenceRequest req;
  v1::Absence* a = req.mutable_absence();
  a->set_official(O("wang-hai"));
  a->set_kind(v1::ABSENCE_KIND_BUSINESS_TRIP);
  a->set_leaves_jurisdiction(true);
  *a->mutable_start_date() = D(2027, 9, 27);
  *a->mutable_end_date() = D(2027, 9, 30);
  v1::Absence absence;
  PersonnelClient office(process.channel(), auth.Token(O("li-wen")));
  ASSERT_TRUE(office.stub().CreateAbsence(office.Context().get(), req, &absence).ok());
  std::string report;
  v1::ListObligationsRequest list;
  list.set_subject(absence.name());
  v1::ListObligationsResponse obligations;
  ASSERT_TRUE(admin.stub().ListObligations(admin.Context().get(), list, &obligations).ok());
  for (const v1::Obligation& o : obligations.obligations()) {
    if (o.kind() != v1::OBLIGATION_KIND_RETURN_REPORT) continue;
    report = o.name();
    EXPECT_TRUE(o.deadline().provisional());
    EXPECT_EQ(FromProtoDate(o.deadline().deadline()), absl::CivilDay(2027, 10, 5));
  }
  ASSERT_FALSE(report.empty());

  // The operator adds the 2027 notice to the deployed calendar.
  fs::copy_file(fs::path(XIANFU_SOURCE_DIR) / "common/tests/testdata/cn-2027-fake.json", calendars / "cn-2027.json");
  std::ifstream in(calendars / "layers.json");
  std::stringstream layers;
  layers << in.rdbuf();
  std::string text = layers.str();
  const std::string last = "\"cn-2026.json\"";
  text.replace(text.find(last), last.size(), "\"cn-2026.json\", \"cn-2027.json\"");
  std::ofstream(calendars / "layers.json") << text;

  v1::Obligation moved;
  for (int i = 0; i < 100; ++i) {
    v1::GetObligationRequest get;
    get.set_name(report);
    ASSERT_TRUE(admin.stub().GetObligation(admin.Context().get(), get, &moved).ok());
    if (!moved.deadline().provisional()) break;
    absl::SleepFor(absl::Milliseconds(100));
  }
  EXPECT_FALSE(moved.deadline().provisional());
  EXPECT_GT(FromProtoDate(moved.deadline().deadline()), absl::CivilDay(2027, 10, 5));
  EXPECT_EQ(FromProtoTime(moved.due_time()), DeadlinePassesAt(FromProtoDate(moved.deadline().deadline())));
  auto audit = db.AdminQuery("SELECT COUNT(*) FROM " + db.name() +
                             ".audit_entries WHERE action = 'DeadlineRecomputed' AND chain = '" + report + "'");
  EXPECT_EQ(audit[0].Int(0), 1);
}

TEST_F(PersonnelE2ETest, BadInputGetsAClearErrorAndNothingIsHalfWritten) {
  SetClock(At(2026, 3, 2));
  v1::Absence out;
  EXPECT_EQ(Register(*office_, MakeAbsence("no-such-person", D(2026, 3, 9), D(2026, 3, 10), true), &out).error_code(),
            grpc::StatusCode::NOT_FOUND);
  grpc::Status reversed = Register(*office_, MakeAbsence("li-na", D(2026, 3, 10), D(2026, 3, 9), true), &out);
  EXPECT_EQ(reversed.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(reversed.error_message().find("before it starts"), std::string::npos);
  v1::Absence bad_date = MakeAbsence("li-na", D(2026, 2, 1), D(2026, 3, 9), true);
  bad_date.mutable_start_date()->set_day(30);  // 2026-02-30
  EXPECT_EQ(Register(*office_, bad_date, &out).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  // Somebody else's absence may not be registered by another leader.
  PersonnelClient wang = As("wang-hai");
  EXPECT_EQ(Register(wang, MakeAbsence("li-na", D(2026, 3, 9), D(2026, 3, 10), true), &out).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  v1::AssignPostRequest assign;
  assign.set_post("posts/no-such-post");
  assign.set_official(O("li-na"));
  *assign.mutable_start_date() = D(2026, 3, 1);
  v1::Post post;
  EXPECT_EQ(admin_->stub().AssignPost(admin_->Context().get(), assign, &post).error_code(),
            grpc::StatusCode::NOT_FOUND);
  v1::ListAbsencesRequest list;
  v1::ListAbsencesResponse none;
  ASSERT_TRUE(admin_->stub().ListAbsences(admin_->Context().get(), list, &none).ok());
  EXPECT_EQ(none.absences_size(), 0);
  v1::ListObligationsResponse no_obligations;
  ASSERT_TRUE(admin_->stub().ListObligations(admin_->Context().get(), {}, &no_obligations).ok());
  EXPECT_EQ(no_obligations.obligations_size(), 0);

  // A retry with the same request id registers once; reusing the id for something else is refused.
  v1::Absence first, second;
  ASSERT_TRUE(Register(*office_, MakeAbsence("li-na", D(2026, 3, 9), D(2026, 3, 10), true), &first, "abs-1").ok());
  ASSERT_TRUE(Register(*office_, MakeAbsence("li-na", D(2026, 3, 9), D(2026, 3, 10), true), &second, "abs-1").ok());
  EXPECT_EQ(first.name(), second.name());
  EXPECT_EQ(
      Register(*office_, MakeAbsence("li-na", D(2026, 3, 16), D(2026, 3, 17), true), &second, "abs-1").error_code(),
      grpc::StatusCode::INVALID_ARGUMENT);
  ASSERT_TRUE(admin_->stub().ListAbsences(admin_->Context().get(), list, &none).ok());
  EXPECT_EQ(none.absences_size(), 1);
}

TEST_F(PersonnelE2ETest, DIS_13_RecordsAreWrittenListedAndAudited) {
  SetClock(At(2026, 4, 1));
  PersonnelClient hu = As("hu-bin");
  v1::CreateConductRecordRequest req;
  v1::ConductRecord* r = req.mutable_record();
  r->set_kind(v1::CONDUCT_KIND_REPORT_WITH_DATA);
  r->set_official(O("hu-bin"));
  r->set_summary("一季度食品抽检合格率98.6%");
  v1::ConductRecord written;
  Refusal missing = Decode(hu.stub().CreateConductRecord(hu.Context().get(), req, &written));
  EXPECT_EQ(missing.rule_id, "DIS-13");
  r->set_data_source("县市场监督管理局抽检系统");
  r->set_data_owner(O("hu-bin"));
  ASSERT_TRUE(hu.stub().CreateConductRecord(hu.Context().get(), req, &written).ok());
  EXPECT_EQ(written.rule_id(), "DIS-13");
  EXPECT_EQ(written.article().article(), 66);
  r->set_kind(v1::CONDUCT_KIND_PERSONAL_MATTERS_REPORT);
  r->set_summary("2026年度个人有关事项报告已报送");
  ASSERT_TRUE(hu.stub().CreateConductRecord(hu.Context().get(), req, &written).ok());
  EXPECT_EQ(written.rule_id(), "DIS-27");
  v1::ListConductRecordsRequest list;
  list.set_official(O("hu-bin"));
  v1::ListConductRecordsResponse records;
  ASSERT_TRUE(hu.stub().ListConductRecords(hu.Context().get(), list, &records).ok());
  EXPECT_EQ(records.records_size(), 2);

  auto stub = admin::v1::AdminService::NewStub(process_.channel());
  grpc::ClientContext ctx;
  ctx.AddMetadata("authorization", "Bearer " + auth_.Token("officials/auditor", AdminRole::kAuditAdmin));
  admin::v1::VerifyAuditChainResponse verified;
  ASSERT_TRUE(stub->VerifyAuditChain(&ctx, {}, &verified).ok());
  EXPECT_TRUE(verified.intact());
  EXPECT_GT(verified.entries_checked(), 100);  // the fixture and the records, each audited
  auto rows = db_.AdminQuery("SELECT COUNT(*) FROM " + db_.name() +
                             ".audit_entries WHERE action = 'CreateConductRecord' AND rule_id = 'DIS-27'");
  EXPECT_EQ(rows[0].Int(0), 1);
}

}  // namespace
}  // namespace xianfu::personnel

namespace xianfu::personnel {
namespace {

// Two replicas on one database: what one writes, the other answers at once when the answer
// authorises an act, and within its check interval otherwise; two decisions on the same
// version of the organisation cannot both commit.
TEST_F(PersonnelE2ETest, ReplicasAnswerFromTheOrganisationAsTheOtherChangedIt) {
  std::vector<std::string> flags = Flags();
  flags.push_back("--organisation_check_ms=50");
  ServiceProcess other("personnel-svc/personnel-svc", flags);
  ASSERT_TRUE(other.WaitForPort()) << other.log();
  PersonnelClient other_admin(other.channel(), auth_.Token("officials/sys-admin", AdminRole::kSystemAdmin));
  const absl::Time tomorrow = At(2026, 1, 6);
  v1::ActingResolution r;
  ASSERT_TRUE(Check(other_admin, "wang-hai", v1::ACT_KIND_PORTFOLIO_APPROVAL, tomorrow, "wang-hai", &r).ok());

  // Registered on the first replica: wang-hai is away tomorrow, his B acts.
  v1::Absence out;
  ASSERT_TRUE(Register(*office_, MakeAbsence("wang-hai", D(2026, 1, 6), D(2026, 1, 7), true), &out, "abs-r1").ok());
  // The second replica's authorising answer reflects it immediately: not him any more, his B.
  EXPECT_EQ(Check(other_admin, "wang-hai", v1::ACT_KIND_PORTFOLIO_APPROVAL, tomorrow, "wang-hai", &r).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  ASSERT_TRUE(Check(other_admin, "wang-hai", v1::ACT_KIND_PORTFOLIO_APPROVAL, tomorrow, "yan-xiang", &r).ok());
  EXPECT_EQ(r.actor(), O("yan-xiang"));
  // Its informational answer within the check interval.
  absl::SleepFor(absl::Milliseconds(300));
  ASSERT_TRUE(Resolve(other_admin, "wang-hai", v1::ACT_KIND_PORTFOLIO_APPROVAL, tomorrow, &r).ok());
  EXPECT_EQ(r.actor(), O("yan-xiang"));
  EXPECT_EQ(other.Stop(), 0) << other.log();
}

}  // namespace
}  // namespace xianfu::personnel
