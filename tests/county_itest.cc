// A real county through the public API: the organisation imported with its past (F-1 valid from
// 2026-01-01) on services whose clock says December, a scenario dated in March, 销假 for a
// leader and for the county head, finding people, the history a clerk shows (留痕) and the
// escalation that reaches the county head.
#include <string>

#include "absl/strings/str_cat.h"
#include "common/errors.h"
#include "common/validation.h"
#include "gtest/gtest.h"
#include "tests/support/county.h"
#include "xianfu/admin/v1/admin.pb.h"
#include "xianfu/common/v1/escalation.pb.h"
#include "xianfu/document/v1/document.pb.h"
#include "xianfu/personnel/v1/personnel.pb.h"

namespace xianfu {
namespace {

namespace pv1 = ::xianfu::personnel::v1;
namespace dv1 = ::xianfu::document::v1;

constexpr char kP[] = "xianfu.personnel.v1.PersonnelService.";
constexpr char kD[] = "xianfu.document.v1.DocumentService.";

absl::Time At(int y, int m, int d, int hh = 10) {
  return absl::FromCivil(absl::CivilSecond(y, m, d, hh, 0, 0), absl::FixedTimeZone(8 * 3600));
}

std::string RuleOf(const grpc::Status& s) {
  auto v = GetRuleViolation(FromGrpcStatus(s));
  return v ? v->rule_id() : "";
}

template <typename M>
const M& As(const std::unique_ptr<google::protobuf::Message>& m) {
  return static_cast<const M&>(*m);
}

class CountyTest : public ::testing::Test {
 protected:
  // The services run in December; F-1 is imported as valid from 1 January.
  CountyTest() : county_("2026-12-02T09:00:00+08:00") {}

  grpc::Status P(const std::string& method, const std::string& who, const std::string& text,
                 std::unique_ptr<google::protobuf::Message>* out = nullptr) {
    return county_.Call(county_.personnel(), kP + method, Token(who), text, out);
  }
  grpc::Status D(const std::string& method, const std::string& who, const std::string& text,
                 std::unique_ptr<google::protobuf::Message>* out = nullptr) {
    return county_.Call(county_.document(), kD + method, Token(who), text, out);
  }
  std::string Token(const std::string& who) {
    if (who == "sys-admin") return county_.Admin(AdminRole::kSystemAdmin);
    if (who == "audit-admin") return county_.Admin(AdminRole::kAuditAdmin);
    return county_.Official(who);
  }

  testing::County county_;
};

TEST_F(CountyTest, TheOrganisationIsImportedWithItsPastAndHistoryClosesAfterwards) {
  std::unique_ptr<google::protobuf::Message> out;
  // Who led commerce on 2 January, a day long before the services started.
  ASSERT_TRUE(
      P("LookupUnitLeadership", "li-wen", "unit: 'units/commerce-bureau' date { year: 2026 month: 1 day: 2 }", &out)
          .ok());
  EXPECT_EQ(As<pv1::UnitLeadership>(out).primary_leader(), "officials/wang-hai");
  EXPECT_EQ(As<pv1::UnitLeadership>(out).principal_head(), "officials/huang-tao");
  // A second import, and a register change dated in the past, are refused: history is closed.
  grpc::Status again = P("ImportOrganisation", "sys-admin", "source: '补录'");
  EXPECT_EQ(again.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(RuleOf(again), "ORG-01");
  grpc::Status backdated = P("AssignPost", "li-wen",
                             "post: 'posts/office-clerk-li' official: 'officials/tao-hong'"
                             " start_date { year: 2026 month: 11 day: 1 } basis: '调整'");
  EXPECT_EQ(backdated.error_code(), grpc::StatusCode::FAILED_PRECONDITION) << backdated.error_message();
  EXPECT_EQ(RuleOf(backdated), "ORG-01");
  // The import is one audited act the audit administrator can see, and the chain verifies.
  ASSERT_TRUE(county_
                  .Call(county_.personnel(), "xianfu.admin.v1.HistoryService.ListHistory", Token("audit-admin"),
                        "resource: 'organisation'", &out)
                  .ok());
  const auto& history = As<admin::v1::ListHistoryResponse>(out);
  ASSERT_EQ(history.entries_size(), 1);
  EXPECT_EQ(history.entries(0).action(), "ImportOrganisation");
  EXPECT_EQ(history.entries(0).rule_id(), "ORG-01");
  EXPECT_NE(history.entries(0).detail().find("history from 2026-01-01"), std::string::npos);
  EXPECT_TRUE(history.chain_intact());
}

TEST_F(CountyTest, AScenarioDatedInMarchRunsOnTheImportedCounty) {
  county_.SetClock(At(2026, 3, 16));
  // S-21 (DOC-03): a 请示 with two matters is returned; one matter goes through and is routed by
  // portfolio to the deputy in charge of the township's area on that day.
  const std::string two =
      "document { kind: DOCUMENT_KIND_REQUEST direction: DIRECTION_INCOMING title: '关于卫生院建设资金和村医编制的请示'"
      " body: '正文' unit: 'units/mengpeng-town' signer: 'officials/yan-han' principal_recipients: 'units/government'"
      " classification: CLASSIFICATION_PUBLIC request_items: '解决卫生院业务用房建设资金' request_items: "
      "'增加村医编制6名' }";
  std::unique_ptr<google::protobuf::Message> out;
  ASSERT_TRUE(D("CreateDocument", "yan-han", two, &out).ok());
  const dv1::Document drafted = As<dv1::Document>(out);
  grpc::Status refused =
      D("SubmitDocument", "yan-han", absl::StrCat("name: '", drafted.name(), "' etag: '", drafted.etag(), "'"));
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(RuleOf(refused), "DOC-03");
  ASSERT_TRUE(D("GetDocument", "yan-han", absl::StrCat("name: '", drafted.name(), "'"), &out).ok());
  EXPECT_EQ(As<dv1::Document>(out).state(), dv1::DOCUMENT_STATE_RETURNED);
}

TEST_F(CountyTest, ReturningEarlyEndsTheAbsenceAndRecountsTheReportFromTheReturn) {
  county_.SetClock(At(2026, 3, 16));
  std::unique_ptr<google::protobuf::Message> out;
  // 王海 (deputy head) leaves the county 03-16…03-20: a prior report and a report after return.
  ASSERT_TRUE(P("CreateAbsence", "li-wen",
                "absence { official: 'officials/wang-hai' kind: ABSENCE_KIND_BUSINESS_TRIP leaves_jurisdiction: true"
                " start_date { year: 2026 month: 3 day: 16 } end_date { year: 2026 month: 3 day: 20 } }",
                &out)
                  .ok());
  const pv1::Absence away = As<pv1::Absence>(out);
  county_.SetClock(At(2026, 3, 18));
  // Another leader may not record his return; he may (or the office).
  grpc::Status other =
      P("ReturnFromAbsence", "li-na", absl::StrCat("name: '", away.name(), "' etag: '", away.etag(), "'"));
  EXPECT_EQ(other.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(RuleOf(other), "DIS-20");
  grpc::Status future = P(
      "ReturnFromAbsence", "wang-hai",
      absl::StrCat("name: '", away.name(), "' etag: '", away.etag(), "' return_date { year: 2026 month: 3 day: 19 }"));
  EXPECT_EQ(future.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ViolatedField(FromGrpcStatus(future)), "return_date");
  ASSERT_TRUE(P("ReturnFromAbsence", "wang-hai",
                absl::StrCat("name: '", away.name(), "' etag: '", away.etag(), "' note: '提前结束考察'"), &out)
                  .ok());
  const pv1::Absence back = As<pv1::Absence>(out);
  EXPECT_EQ(back.state(), pv1::ABSENCE_STATE_RETURNED);
  EXPECT_EQ(back.end_date().day(), 17);
  EXPECT_EQ(back.return_date().day(), 18);
  // DIS-18(b): the report after return is now due two working days after 03-17.
  ASSERT_TRUE(P("ListObligations", "wang-hai", absl::StrCat("subject: '", away.name(), "'"), &out).ok());
  bool found = false;
  for (const pv1::Obligation& o : As<pv1::ListObligationsResponse>(out).obligations()) {
    if (o.kind() != pv1::OBLIGATION_KIND_RETURN_REPORT) continue;
    found = true;
    EXPECT_EQ(o.deadline().deadline().day(), 19);
  }
  EXPECT_TRUE(found);
  // From the day he is back his own B no longer acts for him.
  ASSERT_TRUE(P("ResolveActing", "li-wen",
                "official: 'officials/wang-hai' act: ACT_KIND_PORTFOLIO_APPROVAL time { seconds: 1773799200 }", &out)
                  .ok());  // 2026-03-18 10:00
  EXPECT_EQ(As<pv1::ActingResolution>(out).actor(), "officials/wang-hai");

  // The county head, too: his presiding stand-in's arrangement ends with the absence.
  ASSERT_TRUE(P("CreateAbsence", "li-wen",
                "absence { official: 'officials/chen-li' kind: ABSENCE_KIND_BUSINESS_TRIP leaves_jurisdiction: true"
                " start_date { year: 2026 month: 3 day: 18 } end_date { year: 2026 month: 3 day: 25 } }",
                &out)
                  .ok());
  const pv1::Absence head = As<pv1::Absence>(out);
  ASSERT_FALSE(head.presiding_entrustment().empty());
  county_.SetClock(At(2026, 3, 20));
  ASSERT_TRUE(
      P("ReturnFromAbsence", "li-wen", absl::StrCat("name: '", head.name(), "' etag: '", head.etag(), "'"), &out).ok());
  ASSERT_TRUE(P("ListEntrustments", "li-wen", "principal: 'officials/chen-li'", &out).ok());
  for (const pv1::Entrustment& e : As<pv1::ListEntrustmentsResponse>(out).entrustments()) {
    if (e.name() == head.presiding_entrustment()) {
      EXPECT_EQ(e.end_date().day(), 19);
    }
  }
}

TEST_F(CountyTest, OfficialsAndUnitsAreFoundByUnitPostKindAndName) {
  std::unique_ptr<google::protobuf::Message> out;
  ASSERT_TRUE(P("ListOfficials", "wang-hai", "unit: 'units/commerce-bureau'", &out).ok());
  std::vector<std::string> names;
  for (const pv1::Official& o : As<pv1::ListOfficialsResponse>(out).officials()) names.push_back(o.name());
  EXPECT_EQ(names,
            (std::vector<std::string>{"officials/commerce-bureau-clerk", "officials/huang-tao", "officials/lin-feng"}));
  ASSERT_TRUE(P("ListOfficials", "wang-hai", "post_kind: POST_KIND_DEPUTY_HEAD", &out).ok());
  EXPECT_EQ(As<pv1::ListOfficialsResponse>(out).officials_size(), 6);
  ASSERT_TRUE(P("ListOfficials", "wang-hai", "name_contains: '玉'", &out).ok());
  names.clear();
  for (const pv1::Official& o : As<pv1::ListOfficialsResponse>(out).officials()) names.push_back(o.display_name_zh());
  EXPECT_EQ(names, (std::vector<std::string>{"玉罕", "玉香"}));
  ASSERT_TRUE(P("ListOfficials", "wang-hai", "name_contains: '%'", &out).ok());  // LIKE's wildcard matches itself
  EXPECT_EQ(As<pv1::ListOfficialsResponse>(out).officials_size(), 0);
  ASSERT_TRUE(P("ListUnits", "wang-hai", "kind: UNIT_KIND_TOWNSHIP", &out).ok());
  EXPECT_EQ(As<pv1::ListUnitsResponse>(out).units_size(), 3);
}

TEST_F(CountyTest, PostsAreListedWithEveryTermAPageAtATime) {
  std::unique_ptr<google::protobuf::Message> out;
  // The commerce bureau's deputy post changes hands: it has two terms from here on.
  ASSERT_TRUE(P("AssignPost", "li-wen",
                "post: 'posts/commerce-bureau-deputy' official: 'officials/ma-li'"
                " start_date { year: 2026 month: 12 day: 3 } basis: '县政府任免通知'")
                  .ok());
  std::vector<pv1::Post> posts;
  std::string token;
  int pages = 0;
  do {
    ASSERT_TRUE(P("ListPosts", "wang-hai",
                  absl::StrCat("unit: 'units/commerce-bureau' page_size: 2 page_token: '", token, "'"), &out)
                    .ok());
    const auto& page = As<pv1::ListPostsResponse>(out);
    for (const pv1::Post& p : page.posts()) posts.push_back(p);
    token = page.next_page_token();
    ++pages;
  } while (!token.empty() && pages < 5);
  EXPECT_EQ(pages, 2);
  ASSERT_EQ(posts.size(), 3u);
  EXPECT_EQ(posts[0].name(), "posts/commerce-bureau-clerk");
  EXPECT_EQ(posts[1].name(), "posts/commerce-bureau-deputy");
  EXPECT_EQ(posts[2].name(), "posts/commerce-bureau-principal");
  ASSERT_EQ(posts[1].terms_size(), 2);
  EXPECT_EQ(posts[1].terms(0).official(), "officials/lin-feng");
  EXPECT_EQ(posts[1].terms(0).end_date().day(), 2);
  EXPECT_EQ(posts[1].terms(1).official(), "officials/ma-li");
  EXPECT_EQ(posts[1].terms(1).basis(), "县政府任免通知");
  ASSERT_EQ(posts[2].terms_size(), 1);
  EXPECT_EQ(posts[2].terms(0).official(), "officials/huang-tao");
  EXPECT_FALSE(posts[2].terms(0).has_end_date());
}

TEST_F(CountyTest, TheHistoryShowsARecordOnlyToTheResourcesPartiesAndVerifiesItsChain) {
  county_.SetClock(At(2026, 3, 16));
  std::unique_ptr<google::protobuf::Message> out;
  ASSERT_TRUE(
      D("CreateDocument", "commerce-bureau-clerk",
        "document { kind: DOCUMENT_KIND_REQUEST direction: DIRECTION_INCOMING title: '关于口岸查验设施改造的请示'"
        " body: '正文' unit: 'units/commerce-bureau' signer: 'officials/huang-tao'"
        " principal_recipients: 'units/government' classification: CLASSIFICATION_PUBLIC"
        " request_items: '改造口岸查验设施' affected_units: 'units/finance-bureau' }",
        &out)
          .ok());
  const dv1::Document d = As<dv1::Document>(out);
  ASSERT_TRUE(D("RequestCountersigns", "commerce-bureau-clerk",
                absl::StrCat("document: '", d.name(), "' units: 'units/finance-bureau'"), &out)
                  .ok());
  const dv1::Countersign c = As<dv1::RequestCountersignsResponse>(out).countersigns(0);
  // Seven working days pass in silence: deemed "no objection"; the finance bureau's late
  // objection is kept on the record only.
  county_.SetClock(At(2026, 3, 26));
  dv1::Countersign deemed;
  for (int i = 0; i < 100 && deemed.state() != dv1::COUNTERSIGN_STATE_DEEMED_NO_OBJECTION; ++i) {
    absl::SleepFor(absl::Milliseconds(100));
    ASSERT_TRUE(D("GetCountersign", "liu-qiang", absl::StrCat("name: '", c.name(), "'"), &out).ok());
    deemed = As<dv1::Countersign>(out);
  }
  ASSERT_EQ(deemed.state(), dv1::COUNTERSIGN_STATE_DEEMED_NO_OBJECTION);
  ASSERT_TRUE(D("ReplyCountersign", "liu-qiang",
                absl::StrCat("name: '", c.name(), "' etag: '", deemed.etag(),
                             "' answer: COUNTERSIGN_STATE_OBJECTED opinion: '不同意' reasons: '资金来源未落实'"),
                &out)
                  .ok());
  const std::string history = "xianfu.admin.v1.HistoryService.ListHistory";
  grpc::Status listed = county_.Call(county_.document(), history, Token("commerce-bureau-clerk"),
                                     absl::StrCat("resource: '", c.name(), "'"), &out);
  ASSERT_TRUE(listed.ok()) << listed.error_message();
  const auto& entries = As<admin::v1::ListHistoryResponse>(out);
  EXPECT_TRUE(entries.chain_intact());
  std::vector<std::string> actions;
  for (const auto& e : entries.entries()) actions.push_back(e.action());
  EXPECT_EQ(actions,
            (std::vector<std::string>{"RequestCountersign", "CountersignDeemedNoObjection", "ReplyCountersign"}));
  const admin::v1::HistoryEntry& late = entries.entries(2);
  EXPECT_EQ(late.rule_id(), "DOC-10");
  EXPECT_EQ(late.actor(), "officials/liu-qiang");
  EXPECT_NE(late.detail().find("RECORD"), std::string::npos);
  EXPECT_FALSE(late.article().empty());
  // Someone who is no party sees nothing, citing the rule; the audit administrator sees it all.
  grpc::Status stranger =
      county_.Call(county_.document(), history, Token("bai-yun"), absl::StrCat("resource: '", c.name(), "'"));
  EXPECT_EQ(stranger.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(RuleOf(stranger), "DIS-21");
  ASSERT_TRUE(county_.Call(county_.document(), history, Token("audit-admin"), "rule_id: 'DOC-10'", &out).ok());
  EXPECT_GE(As<admin::v1::ListHistoryResponse>(out).entries_size(), 3);
  // The lead department reopens it: the late objection becomes the answer (DOC-10, DOC-09(b)).
  ASSERT_TRUE(D("GetCountersign", "commerce-bureau-clerk", absl::StrCat("name: '", c.name(), "'"), &out).ok());
  ASSERT_TRUE(D("ReopenCountersign", "commerce-bureau-clerk",
                absl::StrCat("name: '", c.name(), "' etag: '", As<dv1::Countersign>(out).etag(),
                             "' reason: '财政局意见须研究'"),
                &out)
                  .ok());
  EXPECT_EQ(As<dv1::Countersign>(out).state(), dv1::COUNTERSIGN_STATE_OBJECTED);
  ASSERT_TRUE(D("GetDocument", "commerce-bureau-clerk", absl::StrCat("name: '", d.name(), "'"), &out).ok());
  grpc::Status unlisted = D("SubmitDocument", "commerce-bureau-clerk",
                            absl::StrCat("name: '", d.name(), "' etag: '", As<dv1::Document>(out).etag(), "'"));
  EXPECT_EQ(RuleOf(unlisted), "DOC-09");
}

TEST_F(CountyTest, AStandInsRefusedOrderReachesTheCountyHeadsQueueAndTheFeed) {
  county_.SetClock(At(2026, 3, 16));
  std::unique_ptr<google::protobuf::Message> out;
  ASSERT_TRUE(D("CreateDocument", "li-wen",
                "document { kind: DOCUMENT_KIND_ORDER direction: DIRECTION_OUTGOING"
                " issuing_name: ISSUING_NAME_COUNTY_GOVERNMENT title: '勐腊县人民政府令（第2号）' body: '正文'"
                " unit: 'units/government-office' classification: CLASSIFICATION_PUBLIC }",
                &out)
                  .ok());
  const dv1::Document order = As<dv1::Document>(out);
  grpc::Status refused =
      D("SignDocument", "dao-jianhua", absl::StrCat("name: '", order.name(), "' etag: '", order.etag(), "'"));
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(RuleOf(refused), "DOC-15");
  const std::string esc = "xianfu.common.v1.EscalationService.";
  ASSERT_TRUE(county_
                  .Call(county_.document(), esc + "ListEscalations", Token("chen-li"),
                        "assignee: 'officials/chen-li' state: ESCALATION_STATE_OPEN", &out)
                  .ok());
  const auto& queue = As<common::v1::ListEscalationsResponse>(out);
  ASSERT_EQ(queue.escalations_size(), 1);
  const common::v1::Escalation e = queue.escalations(0);
  EXPECT_EQ(e.subject(), order.name());
  EXPECT_EQ(e.raised_by(), "officials/dao-jianhua");
  EXPECT_EQ(e.rule_id(), "DOC-15");
  EXPECT_EQ(e.article().article(), 53);
  // The document was left as it was.
  ASSERT_TRUE(D("GetDocument", "li-wen", absl::StrCat("name: '", order.name(), "'"), &out).ok());
  EXPECT_EQ(As<dv1::Document>(out).etag(), order.etag());
  // Only he acknowledges it.
  EXPECT_EQ(county_
                .Call(county_.document(), esc + "AcknowledgeEscalation", Token("dao-jianhua"),
                      absl::StrCat("name: '", e.name(), "'"))
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  ASSERT_TRUE(county_
                  .Call(county_.document(), esc + "AcknowledgeEscalation", Token("chen-li"),
                        absl::StrCat("name: '", e.name(), "' note: '本人签署'"), &out)
                  .ok());
  EXPECT_EQ(As<common::v1::Escalation>(out).state(), common::v1::ESCALATION_STATE_ACKNOWLEDGED);
  // On the feed for the supervision ledger.
  bool on_feed = false;
  for (int i = 0; i < 50 && !on_feed; ++i) {
    absl::SleepFor(absl::Milliseconds(100));
    ASSERT_TRUE(county_
                    .Call(county_.document(), "xianfu.events.v1.EventFeedService.ListEvents",
                          county_.Client("supervision-svc"), "type_prefixes: 'xianfu.common.v1.EscalationRaised'", &out)
                    .ok());
    on_feed = out->ByteSizeLong() > 0 &&
              out->GetReflection()->FieldSize(*out, out->GetDescriptor()->FindFieldByName("events")) == 1;
  }
  EXPECT_TRUE(on_feed);
}

}  // namespace
}  // namespace xianfu
