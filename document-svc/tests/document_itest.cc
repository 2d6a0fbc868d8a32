// document-svc end to end: personnel-svc (fixture F-1) and document-svc on MariaDB, both on the
// test clock, driven through gRPC along scenarios S-19 (document side), S-21…S-23, S-25…S-28,
// S-30 and S-34 (document side).
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <thread>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "common/calendar.h"
#include "common/deadline_proto.h"
#include "common/errors.h"
#include "common/idempotency.h"
#include "common/record_table.h"
#include "document-svc/domain/rules.h"
#include "document-svc/store/store.h"
#include "gtest/gtest.h"
#include "personnel-svc/demo/fixture.h"
#include "tests/support/test_env.h"
#include "xianfu/admin/v1/admin.grpc.pb.h"
#include "xianfu/document/v1/document.grpc.pb.h"
#include "xianfu/events/v1/events.grpc.pb.h"

namespace xianfu::document {
namespace {

using ::xianfu::testing::MakeTempDir;
using ::xianfu::testing::MigrateForTest;
using ::xianfu::testing::ServiceFlags;
using ::xianfu::testing::ServiceProcess;
using ::xianfu::testing::TestAuth;
using ::xianfu::testing::TestDatabase;

std::string O(const char* id) { return absl::StrCat("officials/", id); }
std::string U(const char* id) { return absl::StrCat("units/", id); }

absl::Time At(int y, int m, int d, int hh = 10, int mm = 0) {
  return absl::FromCivil(absl::CivilSecond(y, m, d, hh, mm, 0), ChinaTimeZone());
}

std::string RuleOf(const grpc::Status& s) {
  auto v = GetRuleViolation(FromGrpcStatus(s));
  return v ? v->rule_id() : "";
}

class Client {
 public:
  Client(std::shared_ptr<grpc::Channel> channel, std::string token)
      : stub_(v1::DocumentService::NewStub(channel)), token_(std::move(token)) {}
  std::unique_ptr<grpc::ClientContext> Ctx() const {
    auto ctx = std::make_unique<grpc::ClientContext>();
    ctx->set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(10)));
    ctx->AddMetadata("authorization", "Bearer " + token_);
    return ctx;
  }
  v1::DocumentService::Stub* operator->() { return stub_.get(); }

 private:
  std::unique_ptr<v1::DocumentService::Stub> stub_;
  std::string token_;
};

class DocumentE2ETest : public ::testing::Test {
 protected:
  DocumentE2ETest() : personnel_process_("personnel-svc/personnel-svc", PersonnelFlags()) {
    EXPECT_TRUE(personnel_process_.WaitForPort()) << personnel_process_.log();
    personnel_admin_ = std::make_unique<personnel::PersonnelClient>(
        personnel_process_.channel(), auth_.Token("officials/sys-admin", AdminRole::kSystemAdmin));
    personnel::FixtureOptions options;
    options.start = absl::CivilDay(2026, 1, 1);
    absl::Status loaded = personnel::LoadFixtureF1(*personnel_admin_, options);
    EXPECT_TRUE(loaded.ok()) << loaded;
  }

  std::vector<std::string> PersonnelFlags() {
    std::vector<std::string> f = ServiceFlags(personnel_db_, auth_, "personnel");
    f.push_back("--test_fake_clock=2026-01-05T09:00:00+08:00");
    return f;
  }

  std::vector<std::string> DocumentFlags() {
    std::vector<std::string> f = ServiceFlags(document_db_, auth_, "document");
    f.push_back("--test_fake_clock=2026-01-05T09:00:00+08:00");
    const std::string token_file = MakeTempDir("svc-token") + "/token";
    std::ofstream(token_file) << auth_.Token("clients/document-svc");
    f.push_back("--service_token_file=" + token_file);
    f.push_back("--personnel_target=" + personnel_process_.target());
    return f;
  }

  void SetUp() override {
    document_ = std::make_unique<ServiceProcess>("document-svc/document-svc", DocumentFlags());
    ASSERT_TRUE(document_->WaitForPort()) << document_->log();
  }

  Client As(const char* official) { return Client(document_->channel(), auth_.Token(O(official))); }

  void SetClock(absl::Time t) {
    for (ServiceProcess* p : {&personnel_process_, document_.get()}) {
      auto stub = admin::v1::ClockService::NewStub(p->channel());
      grpc::ClientContext ctx;
      ctx.AddMetadata("authorization", "Bearer " + auth_.Token("officials/sys-admin", AdminRole::kSystemAdmin));
      admin::v1::SetTimeRequest req;
      *req.mutable_time() = ToProtoTime(t);
      admin::v1::GetTimeResponse resp;
      ASSERT_TRUE(stub->SetTime(&ctx, req, &resp).ok());
    }
  }

  v1::Document Draft(Client& c, v1::DocumentKind kind, const char* unit, const char* signer, const std::string& title,
                     std::vector<std::string> items) {
    v1::CreateDocumentRequest req;
    v1::Document* d = req.mutable_document();
    d->set_kind(kind);
    d->set_direction(v1::DIRECTION_INCOMING);
    d->set_title(title);
    d->set_body("正文");
    d->set_unit(U(unit));
    d->set_signer(O(signer));
    d->add_principal_recipients(U("government"));
    d->set_classification(v1::CLASSIFICATION_PUBLIC);
    for (auto& i : items) d->add_request_items(i);
    v1::Document out;
    grpc::Status s = c->CreateDocument(c.Ctx().get(), req, &out);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return out;
  }

  grpc::Status Submit(Client& c, v1::Document& d) {
    v1::SubmitDocumentRequest req;
    req.set_name(d.name());
    req.set_etag(d.etag());
    v1::Document out;
    grpc::Status s = c->SubmitDocument(c.Ctx().get(), req, &out);
    if (s.ok()) d = out;
    return s;
  }

  v1::Document Get(Client& c, const std::string& name) {
    v1::GetDocumentRequest req;
    req.set_name(name);
    v1::Document out;
    EXPECT_TRUE(c->GetDocument(c.Ctx().get(), req, &out).ok());
    return out;
  }

  grpc::Status Review(Client& c, v1::Document& d, const std::string& opinion = "拟请分管领导阅示") {
    v1::ReviewDocumentRequest req;
    req.set_name(d.name());
    req.set_handling_opinion(opinion);
    req.set_etag(d.etag());
    v1::Document out;
    grpc::Status s = c->ReviewDocument(c.Ctx().get(), req, &out);
    if (s.ok()) d = out;
    return s;
  }

  grpc::Status Endorse(Client& c, v1::Document& d, v1::EndorsementKind kind, const std::string& text,
                       const std::string& request_id = "") {
    v1::EndorseDocumentRequest req;
    req.set_name(d.name());
    req.set_kind(kind);
    req.set_text(text);
    req.set_etag(d.etag());
    req.set_request_id(request_id);
    v1::Document out;
    grpc::Status s = c->EndorseDocument(c.Ctx().get(), req, &out);
    if (s.ok()) d = out;
    return s;
  }

  grpc::Status Forward(Client& c, v1::Document& d) {
    v1::ForwardDocumentRequest req;
    req.set_name(d.name());
    req.set_etag(d.etag());
    v1::Document out;
    grpc::Status s = c->ForwardDocument(c.Ctx().get(), req, &out);
    if (s.ok()) d = out;
    return s;
  }

  v1::Countersign WaitForCountersign(Client& c, const std::string& name, v1::CountersignState state) {
    v1::Countersign out;
    for (int i = 0; i < 100; ++i) {
      v1::GetCountersignRequest req;
      req.set_name(name);
      EXPECT_TRUE(c->GetCountersign(c.Ctx().get(), req, &out).ok());
      if (out.state() == state) break;
      absl::SleepFor(absl::Milliseconds(100));
    }
    return out;
  }

  TestAuth auth_;
  TestDatabase personnel_db_;
  TestDatabase document_db_;
  ServiceProcess personnel_process_;
  std::unique_ptr<ServiceProcess> document_;
  std::unique_ptr<personnel::PersonnelClient> personnel_admin_;
};

TEST_F(DocumentE2ETest, S21_S22_IntakeChecksReturnTheDocumentWithTheirRule) {
  SetClock(At(2026, 3, 16));
  Client town = As("yan-han");  // the township head drafts, signs and submits
  v1::Document two = Draft(town, v1::DOCUMENT_KIND_REQUEST, "mengpeng-town", "yan-han",
                           "关于解决镇卫生院业务用房建设资金和增加村医编制的请示",
                           {"解决卫生院业务用房建设资金3,800,000元", "增加村医编制6名"});
  grpc::Status refused = Submit(town, two);
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(RuleOf(refused), "DOC-03");
  v1::SubmitDocumentRequest again;
  again.set_name(two.name());
  again.set_etag(EtagOf(2));  // the RETURNED document's etag
  again.set_request_id("submit-two");
  v1::Document out;
  EXPECT_EQ(RuleOf(town->SubmitDocument(town.Ctx().get(), again, &out)), "DOC-03");
  // The same refusal again leaves the returned document as it was (same etag); a retry is not a
  // success.
  EXPECT_EQ(RuleOf(town->SubmitDocument(town.Ctx().get(), again, &out)), "DOC-03");
  v1::Document returned = Get(town, two.name());
  EXPECT_EQ(returned.state(), v1::DOCUMENT_STATE_RETURNED);
  ASSERT_EQ(returned.return_reasons_size(), 1);
  EXPECT_EQ(returned.return_reasons(0).article().article(), 49);
  for (const char* item : {"解决卫生院业务用房建设资金3,800,000元", "增加村医编制6名"}) {
    v1::Document one = Draft(town, v1::DOCUMENT_KIND_REQUEST, "mengpeng-town", "yan-han",
                             absl::StrCat("关于", item, "的请示"), {item});
    ASSERT_TRUE(Submit(town, one).ok());
    EXPECT_EQ(one.state(), v1::DOCUMENT_STATE_SUBMITTED);
  }

  Client nr = As("zheng-yu");
  v1::Document report = Draft(nr, v1::DOCUMENT_KIND_REPORT, "natural-resources-bureau", "zheng-yu",
                              "关于2026年上半年耕地保护工作情况的报告", {"恳请县政府安排专项经费500,000元"});
  grpc::Status embedded = Submit(nr, report);
  EXPECT_EQ(embedded.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(RuleOf(embedded), "DOC-04");
  v1::Document multi = Draft(nr, v1::DOCUMENT_KIND_REQUEST, "natural-resources-bureau", "zheng-yu",
                             "关于耕地占补平衡指标的请示", {"调剂耕地占补平衡指标"});
  v1::UpdateDocumentRequest update;
  *update.mutable_document() = multi;
  update.mutable_document()->add_principal_recipients(U("county-committee"));
  update.mutable_update_mask()->add_paths("principal_recipients");
  update.set_etag(multi.etag());
  ASSERT_TRUE(nr->UpdateDocument(nr.Ctx().get(), update, &multi).ok());
  grpc::Status multi_head = Submit(nr, multi);
  EXPECT_EQ(multi_head.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(RuleOf(multi_head), "DOC-02");
}

// DOC-22(b): a department submits one briefing series. Its drafts and returned briefings do
// not count; the series it already sends goes on; another department's series is its own.
TEST_F(DocumentE2ETest, DOC_22_ADepartmentSubmitsOneBriefingSeries) {
  SetClock(At(2026, 3, 16));
  Client town = As("yan-han"), nr = As("zheng-yu");
  auto briefing = [&](Client& c, const char* unit, const char* signer, const std::string& series) {
    v1::CreateDocumentRequest req;
    v1::Document* d = req.mutable_document();
    d->set_kind(v1::DOCUMENT_KIND_BRIEFING);
    d->set_direction(v1::DIRECTION_INCOMING);
    d->set_title(absl::StrCat(series, "（2026年第3期）"));
    d->set_body("正文");
    d->set_unit(U(unit));
    d->set_signer(O(signer));
    d->add_principal_recipients(U("government"));
    d->set_classification(v1::CLASSIFICATION_PUBLIC);
    d->set_briefing_series(series);
    v1::Document out;
    grpc::Status s = c->CreateDocument(c.Ctx().get(), req, &out);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return out;
  };
  v1::Document draft = briefing(town, "mengpeng-town", "yan-han", "勐捧镇草稿简报");  // never submitted
  v1::Document first = briefing(town, "mengpeng-town", "yan-han", "勐捧镇工作动态");
  ASSERT_TRUE(Submit(town, first).ok());
  EXPECT_EQ(first.state(), v1::DOCUMENT_STATE_SUBMITTED);

  v1::Document second = briefing(town, "mengpeng-town", "yan-han", "勐捧镇边贸简报");
  grpc::Status refused = Submit(town, second);
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(RuleOf(refused), "DOC-22");
  EXPECT_NE(refused.error_message().find("勐捧镇工作动态"), std::string::npos) << refused.error_message();
  EXPECT_EQ(Get(town, second.name()).state(), v1::DOCUMENT_STATE_RETURNED);
  // Documents stored before their series had a column of its own are judged by their record.
  document_db_.AdminExec(absl::StrCat("UPDATE ", document_db_.name(), ".documents SET briefing_series = NULL"));
  v1::Document third = briefing(town, "mengpeng-town", "yan-han", "勐捧镇旅游简报");
  EXPECT_EQ(RuleOf(Submit(town, third)), "DOC-22");

  v1::Document next_issue = briefing(town, "mengpeng-town", "yan-han", "勐捧镇工作动态");
  EXPECT_TRUE(Submit(town, next_issue).ok());
  v1::Document elsewhere = briefing(nr, "natural-resources-bureau", "zheng-yu", "勐捧镇边贸简报");
  EXPECT_TRUE(Submit(nr, elsewhere).ok());
}

// The search follows the words of the title: a retitled draft is found by its new words and no
// longer by the ones it lost, and still by those it kept.
TEST_F(DocumentE2ETest, SearchFollowsAChangedTitle) {
  SetClock(At(2026, 3, 2));
  Client forestry = As("bai-yun"), office = As("li-wen");
  v1::Document d = Draft(forestry, v1::DOCUMENT_KIND_REQUEST, "forestry-bureau", "bai-yun",
                         "关于设立临时森林防火检查站的请示", {"设立检查站"});
  auto found = [&](const char* words) {
    v1::ListDocumentsRequest search;
    search.set_query(words);
    v1::ListDocumentsResponse out;
    EXPECT_TRUE(office->ListDocuments(office.Ctx().get(), search, &out).ok());
    return out.documents_size();
  };
  EXPECT_EQ(found("森林防火"), 1);
  v1::UpdateDocumentRequest update;
  *update.mutable_document() = d;
  update.mutable_document()->set_title("关于设立临时野生动物救护站的请示");
  update.mutable_update_mask()->add_paths("title");
  update.set_etag(d.etag());
  update.set_request_id("retitle");
  ASSERT_TRUE(forestry->UpdateDocument(forestry.Ctx().get(), update, &d).ok());
  EXPECT_EQ(found("森林防火"), 0);
  EXPECT_EQ(found("野生动物"), 1);
  EXPECT_EQ(found("临时"), 1);
  // The request items are searched too; a verb that leaves the words alone keeps them found.
  *update.mutable_document() = d;
  update.mutable_document()->clear_request_items();
  update.mutable_document()->add_request_items("购置巡护无人机");
  update.mutable_update_mask()->set_paths(0, "request_items");
  update.set_etag(d.etag());
  update.set_request_id("new-items");
  ASSERT_TRUE(forestry->UpdateDocument(forestry.Ctx().get(), update, &d).ok());
  EXPECT_EQ(found("检查站"), 0);
  EXPECT_EQ(found("无人机"), 1);
  ASSERT_TRUE(Submit(forestry, d).ok());
  EXPECT_EQ(found("无人机"), 1);
  EXPECT_EQ(found("野生动物"), 1);
}

TEST_F(DocumentE2ETest, S23_CountersignUnansweredAcrossNationalDayIsDeemedNoObjection) {
  SetClock(At(2026, 9, 29, 10));
  Client agri = As("zhang-lei");
  v1::Document d = Draft(agri, v1::DOCUMENT_KIND_REQUEST, "agriculture-bureau", "zhang-lei",
                         "关于印发《勐腊县2026年冬季农业开发实施方案》的请示", {"审定并印发实施方案"});
  v1::UpdateDocumentRequest update;
  *update.mutable_document() = d;
  update.mutable_document()->add_affected_units(U("finance-bureau"));
  update.mutable_document()->add_affected_units(U("natural-resources-bureau"));
  update.mutable_update_mask()->add_paths("affected_units");
  update.set_etag(d.etag());
  ASSERT_TRUE(agri->UpdateDocument(agri.Ctx().get(), update, &d).ok());
  v1::RequestCountersignsRequest ask;
  ask.set_document(d.name());
  ask.add_units(U("finance-bureau"));
  ask.add_units(U("natural-resources-bureau"));
  v1::RequestCountersignsResponse asked;
  ASSERT_TRUE(agri->RequestCountersigns(agri.Ctx().get(), ask, &asked).ok());
  ASSERT_EQ(asked.countersigns_size(), 2);
  for (const v1::Countersign& c : asked.countersigns()) {
    EXPECT_EQ(FromProtoDate(c.deadline().deadline()), absl::CivilDay(2026, 10, 14));
    EXPECT_FALSE(c.deadline().text_zh().empty());
  }
  const v1::Countersign& finance = asked.countersigns(0);
  const v1::Countersign& resources = asked.countersigns(1);

  SetClock(At(2026, 10, 12, 9));
  Client zheng = As("zheng-yu");
  v1::ReplyCountersignRequest reply;
  reply.set_name(resources.name());
  reply.set_answer(v1::COUNTERSIGN_STATE_AGREED);
  reply.set_opinion("同意");
  reply.set_etag(resources.etag());
  v1::Countersign answered;
  ASSERT_TRUE(zheng->ReplyCountersign(zheng.Ctx().get(), reply, &answered).ok());

  SetClock(At(2026, 10, 13, 9));
  d = Get(agri, d.name());
  grpc::Status blocked = Submit(agri, d);
  EXPECT_EQ(blocked.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(RuleOf(blocked), "DOC-09");
  EXPECT_NE(blocked.error_message().find("finance-bureau"), std::string::npos);

  SetClock(At(2026, 10, 15, 0, 1));
  v1::Countersign deemed = WaitForCountersign(agri, finance.name(), v1::COUNTERSIGN_STATE_DEEMED_NO_OBJECTION);
  EXPECT_EQ(deemed.state(), v1::COUNTERSIGN_STATE_DEEMED_NO_OBJECTION);
  d = Get(agri, d.name());
  grpc::Status accepted = Submit(agri, d);
  EXPECT_TRUE(accepted.ok()) << accepted.error_message();
  EXPECT_EQ(d.state(), v1::DOCUMENT_STATE_SUBMITTED);

  // A late reply is kept as a comment and does not reopen the countersign.
  Client liu = As("liu-qiang");
  reply.set_name(finance.name());
  reply.set_answer(v1::COUNTERSIGN_STATE_OBJECTED);
  reply.set_reasons("资金来源未落实");
  reply.set_etag(deemed.etag());
  v1::Countersign late;
  ASSERT_TRUE(liu->ReplyCountersign(liu.Ctx().get(), reply, &late).ok());
  EXPECT_EQ(late.state(), v1::COUNTERSIGN_STATE_DEEMED_NO_OBJECTION);
  EXPECT_NE(late.late_comment().find("资金来源未落实"), std::string::npos);
}

TEST_F(DocumentE2ETest, S25_AgreedExtensionThenTheDisagreementProcedure) {
  SetClock(At(2026, 6, 1, 9));
  Client drc = As("feng-gang");
  v1::Document d = Draft(drc, v1::DOCUMENT_KIND_REQUEST, "development-reform-bureau", "feng-gang",
                         "关于审定《勐腊县2026—2028年重点项目用地保障方案》的请示", {"审定用地保障方案"});
  v1::UpdateDocumentRequest update;
  *update.mutable_document() = d;
  update.mutable_document()->add_affected_units(U("natural-resources-bureau"));
  update.mutable_update_mask()->add_paths("affected_units");
  update.set_etag(d.etag());
  ASSERT_TRUE(drc->UpdateDocument(drc.Ctx().get(), update, &d).ok());
  v1::RequestCountersignsRequest ask;
  ask.set_document(d.name());
  ask.add_units(U("natural-resources-bureau"));
  v1::RequestCountersignsResponse asked;
  ASSERT_TRUE(drc->RequestCountersigns(drc.Ctx().get(), ask, &asked).ok());
  v1::Countersign c = asked.countersigns(0);
  EXPECT_EQ(FromProtoDate(c.deadline().deadline()), absl::CivilDay(2026, 6, 10));

  SetClock(At(2026, 6, 8, 9));
  Client zheng = As("zheng-yu");
  v1::AgreeCountersignDeadlineRequest agree;
  agree.set_name(c.name());
  *agree.mutable_new_deadline() = ToProtoDate(absl::CivilDay(2026, 6, 17));
  agree.set_note("特殊情况：需补充测算用地指标，已与冯刚局长协商一致");
  agree.set_etag(c.etag());
  ASSERT_TRUE(zheng->AgreeCountersignDeadline(zheng.Ctx().get(), agree, &c).ok());
  SetClock(At(2026, 6, 11, 9));
  absl::SleepFor(absl::Milliseconds(500));  // the worker runs; nothing is due
  v1::GetCountersignRequest get;
  get.set_name(c.name());
  ASSERT_TRUE(zheng->GetCountersign(zheng.Ctx().get(), get, &c).ok());
  EXPECT_EQ(c.state(), v1::COUNTERSIGN_STATE_PENDING);

  SetClock(At(2026, 6, 16, 9));
  v1::ReplyCountersignRequest reply;
  reply.set_name(c.name());
  reply.set_answer(v1::COUNTERSIGN_STATE_OBJECTED);
  reply.set_reasons("新增建设用地指标不足");
  reply.set_etag(c.etag());
  ASSERT_TRUE(zheng->ReplyCountersign(zheng.Ctx().get(), reply, &c).ok());
  d = Get(drc, d.name());
  grpc::Status unlisted = Submit(drc, d);
  EXPECT_EQ(unlisted.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(RuleOf(unlisted), "DOC-09");

  d = Get(drc, d.name());
  *update.mutable_document() = d;
  auto* dis = update.mutable_document()->mutable_disagreement();
  auto* lead = dis->add_positions();
  lead->set_unit(U("development-reform-bureau"));
  lead->set_reasoning("重点项目开工在即，用地须优先保障");
  auto* other = dis->add_positions();
  other->set_unit(U("natural-resources-bureau"));
  other->set_reasoning("新增建设用地指标不足");
  dis->set_proposed_handling("分两期保障，报县政府决定");
  dis->add_countersigned_by(O("zheng-yu"));
  update.mutable_update_mask()->add_paths("disagreement");
  update.set_etag(d.etag());
  ASSERT_TRUE(drc->UpdateDocument(drc.Ctx().get(), update, &d).ok());
  ASSERT_TRUE(Submit(drc, d).ok());

  Client office = As("li-wen"), dao = As("dao-jianhua");
  ASSERT_TRUE(Review(office, d).ok());
  EXPECT_EQ(d.routed_leader(), O("dao-jianhua"));
  grpc::Status bare = Endorse(dao, d, v1::ENDORSEMENT_KIND_APPROVE, "");
  EXPECT_EQ(RuleOf(bare), "DOC-12");
  d = Get(dao, d.name());
  ASSERT_TRUE(Endorse(dao, d, v1::ENDORSEMENT_KIND_APPROVE, "倾向于分两期保障，提请常务会议研究").ok());
  EXPECT_EQ(d.state(), v1::DOCUMENT_STATE_ENDORSED);
}

TEST_F(DocumentE2ETest, S26_ACircledRequestIsNotForwardedUntilTheLeaderGivesAnOpinion) {
  SetClock(At(2026, 3, 2));
  Client forestry = As("bai-yun"), office = As("li-wen"), yu = As("yu-han");
  v1::Document d = Draft(forestry, v1::DOCUMENT_KIND_REQUEST, "forestry-bureau", "bai-yun",
                         "关于在勐仑镇设立临时森林防火检查站的请示", {"设立临时森林防火检查站"});
  ASSERT_TRUE(Submit(forestry, d).ok());
  ASSERT_TRUE(Review(office, d).ok());
  EXPECT_EQ(d.routed_leader(), O("yu-han"));

  // Her queue and the search find it.
  v1::ListDocumentsRequest queue;
  queue.set_pending_for_me(true);
  v1::ListDocumentsResponse mine;
  ASSERT_TRUE(yu->ListDocuments(yu.Ctx().get(), queue, &mine).ok());
  ASSERT_EQ(mine.documents_size(), 1);
  v1::ListDocumentsRequest search;
  search.set_query("森林防火");
  v1::ListDocumentsResponse found;
  ASSERT_TRUE(office->ListDocuments(office.Ctx().get(), search, &found).ok());
  ASSERT_EQ(found.documents_size(), 1);
  EXPECT_EQ(found.documents(0).name(), d.name());

  SetClock(At(2026, 3, 3));
  ASSERT_TRUE(Endorse(yu, d, v1::ENDORSEMENT_KIND_CIRCLE, "").ok());
  EXPECT_FALSE(d.endorsements(0).explicit_());
  EXPECT_EQ(d.endorsements(0).display_name(), "玉罕");
  grpc::Status forward = Forward(office, d);
  EXPECT_EQ(forward.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(RuleOf(forward), "DOC-14");
  SetClock(At(2026, 3, 4));
  d = Get(yu, d.name());
  EXPECT_EQ(d.state(), v1::DOCUMENT_STATE_WITH_LEADER);
  ASSERT_TRUE(Endorse(yu, d, v1::ENDORSEMENT_KIND_INSTRUCTION, "同意。请林草局会同勐仑镇抓紧设立。").ok());
  EXPECT_TRUE(d.endorsements(1).explicit_());
  ASSERT_TRUE(Forward(office, d).ok());
  EXPECT_EQ(d.state(), v1::DOCUMENT_STATE_FORWARDED);

  v1::Document report = Draft(forestry, v1::DOCUMENT_KIND_REPORT, "forestry-bureau", "bai-yun",
                              "2026年一季度林业有害生物防治工作情况报告", {});
  ASSERT_TRUE(Submit(forestry, report).ok());
  ASSERT_TRUE(Review(office, report).ok());
  ASSERT_TRUE(Endorse(yu, report, v1::ENDORSEMENT_KIND_CIRCLE, "").ok());
  EXPECT_EQ(report.state(), v1::DOCUMENT_STATE_READ);
  v1::ArchiveDocumentRequest archive;
  archive.set_name(report.name());
  archive.set_etag(report.etag());
  ASSERT_TRUE(office->ArchiveDocument(office.Ctx().get(), archive, &report).ok());
  EXPECT_EQ(report.state(), v1::DOCUMENT_STATE_ARCHIVED);

  // Every verb above asked personnel-svc at most once (its access-log line counts the calls).
  ASSERT_EQ(document_->Stop(), 0);
  std::istringstream log(document_->log());
  int verbs = 0;
  for (std::string line; std::getline(log, line);) {
    if (line.find("\"event\":\"rpc\"") == std::string::npos ||
        line.find("/xianfu.document.v1.DocumentService/") == std::string::npos) {
      continue;
    }
    ++verbs;
    EXPECT_TRUE(line.find("\"outbound_calls\":0") != std::string::npos ||
                line.find("\"outbound_calls\":1") != std::string::npos)
        << line;
  }
  EXPECT_GE(verbs, 12);
}

TEST_F(DocumentE2ETest, S27_DirectSubmissionToALeaderAndTheClassifiedException) {
  SetClock(At(2026, 4, 20));
  Client housing = As("qian-kun"), justice = As("he-ping");
  v1::Document d = Draft(housing, v1::DOCUMENT_KIND_REQUEST, "housing-bureau", "qian-kun",
                         "关于县城棚户区改造项目融资的请示", {"同意项目融资方案"});
  v1::UpdateDocumentRequest update;
  *update.mutable_document() = d;
  update.mutable_document()->set_addressed_leader(O("yan-xiang"));
  update.mutable_update_mask()->add_paths("addressed_leader");
  update.set_etag(d.etag());
  ASSERT_TRUE(housing->UpdateDocument(housing.Ctx().get(), update, &d).ok());
  grpc::Status direct = Submit(housing, d);
  EXPECT_EQ(direct.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(RuleOf(direct), "DOC-05");
  v1::Document redirected = Get(housing, d.name());
  EXPECT_EQ(redirected.state(), v1::DOCUMENT_STATE_SUBMITTED);  // in the office registry queue
  EXPECT_TRUE(redirected.addressed_leader().empty());

  auto classified = [&](v1::Classification level) {
    v1::CreateDocumentRequest req;
    v1::Document* c = req.mutable_document();
    c->set_kind(v1::DOCUMENT_KIND_REPORT);
    c->set_direction(v1::DIRECTION_INCOMING);
    c->set_title("关于某涉稳案件处置情况的报告");
    c->set_unit(U("justice-bureau"));
    c->set_signer(O("he-ping"));
    c->add_principal_recipients(U("government"));
    c->set_classification(level);
    c->set_addressed_leader(O("zhao-gang"));
    c->set_must_deliver_directly(true);
    v1::Document out;
    EXPECT_TRUE(justice->CreateDocument(justice.Ctx().get(), req, &out).ok());
    return out;
  };
  v1::Document jimi = classified(v1::CLASSIFICATION_JIMI);
  ASSERT_TRUE(Submit(justice, jimi).ok());
  EXPECT_EQ(jimi.state(), v1::DOCUMENT_STATE_WITH_LEADER);
  EXPECT_EQ(jimi.routed_leader(), O("zhao-gang"));
  v1::Document mimi = classified(v1::CLASSIFICATION_MIMI);
  EXPECT_EQ(RuleOf(Submit(justice, mimi)), "DOC-05");

  // Only those who handle it see the registration, and every view is audited.
  Client zhao = As("zhao-gang"), wang = As("wang-hai");
  EXPECT_EQ(Get(zhao, jimi.name()).title(), jimi.title());
  v1::GetDocumentRequest get;
  get.set_name(jimi.name());
  v1::Document hidden;
  grpc::Status denied = wang->GetDocument(wang.Ctx().get(), get, &hidden);
  EXPECT_EQ(denied.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(RuleOf(denied), "DIS-21");
  // Listed, the same: the leader who handles it finds it (one more audited view), another
  // leader's page leaves it out.
  auto listed = [&](Client& c) {
    v1::ListDocumentsRequest req;
    req.set_unit(U("justice-bureau"));
    v1::ListDocumentsResponse resp;
    EXPECT_TRUE(c->ListDocuments(c.Ctx().get(), req, &resp).ok());
    for (const v1::Document& d : resp.documents()) {
      if (d.name() == jimi.name()) return true;
    }
    return false;
  };
  EXPECT_TRUE(listed(zhao));
  EXPECT_FALSE(listed(wang));
  auto reads = document_db_.AdminQuery("SELECT COUNT(*) FROM " + document_db_.name() +
                                       ".audit_entries WHERE action = 'Read' AND chain = '" + jimi.name() + "'");
  EXPECT_EQ(reads[0].Int(0), 2);
}

TEST_F(DocumentE2ETest, S28_ImportantDocumentReviewedByThreeSignedByTheCountyHeadWithGaplessNumbers) {
  SetClock(At(2026, 5, 12));
  Client commerce = As("huang-tao"), wang = As("wang-hai"), dao = As("dao-jianhua"), zhou = As("zhou-min"),
         chen = As("chen-li"), office = As("li-wen");
  auto outgoing = [&](const std::string& title, bool important) {
    v1::CreateDocumentRequest req;
    v1::Document* d = req.mutable_document();
    d->set_kind(important ? v1::DOCUMENT_KIND_OPINION : v1::DOCUMENT_KIND_NOTICE);
    d->set_direction(v1::DIRECTION_OUTGOING);
    d->set_issuing_name(v1::ISSUING_NAME_COUNTY_GOVERNMENT);
    d->set_important(important);
    d->set_title(title);
    d->set_body("正文");
    d->set_unit(U("commerce-bureau"));
    d->set_classification(v1::CLASSIFICATION_PUBLIC);
    v1::Document out;
    EXPECT_TRUE(commerce->CreateDocument(commerce.Ctx().get(), req, &out).ok());
    return out;
  };
  auto sign = [&](Client& c, v1::Document& d) {
    v1::SignDocumentRequest req;
    req.set_name(d.name());
    req.set_etag(d.etag());
    v1::Document out;
    grpc::Status s = c->SignDocument(c.Ctx().get(), req, &out);
    if (s.ok()) d = out;
    return s;
  };
  auto review = [&](Client& c, v1::Document& d) {
    v1::ReviewOutgoingRequest req;
    req.set_name(d.name());
    req.set_etag(d.etag());
    return c->ReviewOutgoing(c.Ctx().get(), req, &d);
  };
  auto issue = [&](v1::Document& d) {
    v1::IssueDocumentRequest req;
    req.set_name(d.name());
    req.set_etag(d.etag());
    return office->IssueDocument(office.Ctx().get(), req, &d);
  };
  v1::Document important = outgoing("勐腊县人民政府关于加快推进勐腊(磨憨)重点开发开放试验区物流园建设的实施意见", true);
  grpc::Status alone = sign(wang, important);
  EXPECT_EQ(alone.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(RuleOf(alone), "DOC-16");
  ASSERT_TRUE(review(dao, important).ok());
  ASSERT_TRUE(review(wang, important).ok());
  SetClock(At(2026, 5, 13));
  ASSERT_TRUE(review(zhou, important).ok());
  SetClock(At(2026, 5, 14));
  ASSERT_TRUE(sign(chen, important).ok());
  ASSERT_TRUE(issue(important).ok());
  EXPECT_EQ(important.issue_number(), "腊政发〔2026〕1号");

  v1::Document general = outgoing("勐腊县人民政府关于调整县口岸工作领导小组成员的通知", false);
  ASSERT_TRUE(sign(wang, general).ok());
  ASSERT_TRUE(issue(general).ok());
  EXPECT_EQ(general.issue_number(), "腊政发〔2026〕2号");
}

TEST_F(DocumentE2ETest, S30_AThirdExtensionNeedsTheInstructingLeaderHimself) {
  SetClock(At(2026, 4, 1));
  Client chen = As("chen-li"), sun = As("sun-jie");
  v1::CreateHandlingItemRequest create;
  v1::HandlingItem* item = create.mutable_item();
  item->set_reference("PS-2026-045");
  item->set_source(v1::HANDLING_SOURCE_LEADER_INSTRUCTION);
  item->set_handling_unit(U("natural-resources-bureau"));
  item->set_task("对曼庄村土地纠纷提出处理意见，2026年4月30日前报县政府");
  *item->mutable_deadline() = ToProtoDate(absl::CivilDay(2026, 4, 30));
  v1::HandlingItem ps;
  ASSERT_TRUE(chen->CreateHandlingItem(chen.Ctx().get(), create, &ps).ok());
  EXPECT_EQ(ps.instructing_leader(), O("chen-li"));
  auto extend = [&](Client& c, absl::CivilDay to, const std::string& why, const std::string& override_reason) {
    v1::ExtendHandlingItemRequest req;
    req.set_name(ps.name());
    req.set_explanation(why);
    *req.mutable_new_deadline() = ToProtoDate(to);
    req.set_override_reason(override_reason);
    req.set_etag(ps.etag());
    return c->ExtendHandlingItem(c.Ctx().get(), req, &ps);
  };
  grpc::Status first = extend(chen, absl::CivilDay(2026, 5, 29), "需实地勘界", "");
  ASSERT_TRUE(first.ok()) << first.error_message();
  ASSERT_TRUE(extend(sun, absl::CivilDay(2026, 6, 18), "需征求镇村意见", "").ok());
  SetClock(At(2026, 6, 16));
  EXPECT_EQ(RuleOf(extend(sun, absl::CivilDay(2026, 6, 30), "涉及历史遗留问题", "")), "DOC-23");
  EXPECT_EQ(extend(chen, absl::CivilDay(2026, 6, 30), "", "").error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  ASSERT_TRUE(extend(chen, absl::CivilDay(2026, 6, 30), "涉及历史遗留问题", "涉及群众切身利益，需稳妥处理").ok());
  ASSERT_EQ(ps.extensions_size(), 3);
  EXPECT_TRUE(ps.extensions(2).override());

  // Past the last deadline the item is breached and shows in the unit's overdue queue.
  SetClock(At(2026, 7, 1, 9));
  v1::ListHandlingItemsRequest overdue;
  overdue.set_handling_unit(U("natural-resources-bureau"));
  overdue.set_state(v1::HANDLING_STATE_BREACHED);
  v1::ListHandlingItemsResponse breached;
  for (int i = 0; i < 50 && breached.items().empty(); ++i) {
    absl::SleepFor(absl::Milliseconds(100));
    breached.Clear();
    ASSERT_TRUE(sun->ListHandlingItems(sun.Ctx().get(), overdue, &breached).ok());
  }
  ASSERT_EQ(breached.items_size(), 1);
  EXPECT_EQ(breached.items(0).reference(), "PS-2026-045");
}

TEST_F(DocumentE2ETest, S19_ANormativeDocumentIsSignedOnlyAfterALawfulReview) {
  SetClock(At(2026, 8, 31));
  Client housing = As("qian-kun"), justice = As("he-ping"), yan = As("yan-xiang");
  v1::CreateDocumentRequest req;
  v1::Document* d = req.mutable_document();
  d->set_kind(v1::DOCUMENT_KIND_NORMATIVE);
  d->set_direction(v1::DIRECTION_OUTGOING);
  d->set_issuing_name(v1::ISSUING_NAME_COUNTY_GOVERNMENT);
  d->set_title("勐腊县城市户外广告设置管理办法(试行)");
  d->set_body("第一条……");
  d->set_unit(U("housing-bureau"));
  d->set_classification(v1::CLASSIFICATION_PUBLIC);
  d->mutable_normative()->set_legal_basis("《城市市容和环境卫生管理条例》");
  v1::Document doc;
  ASSERT_TRUE(housing->CreateDocument(housing.Ctx().get(), req, &doc).ok());
  v1::SignDocumentRequest sign;
  sign.set_name(doc.name());
  sign.set_etag(doc.etag());
  v1::Document signed_doc;
  EXPECT_EQ(RuleOf(yan->SignDocument(yan.Ctx().get(), sign, &signed_doc)), "DOC-27");
  v1::RecordLegalityReviewRequest review;
  review.set_name(doc.name());
  review.set_result(v1::LEGALITY_RESULT_UNLAWFUL);
  review.set_opinion("第12条设定罚款500元，属设定行政处罚");
  review.set_etag(doc.etag());
  ASSERT_TRUE(justice->RecordLegalityReview(justice.Ctx().get(), review, &doc).ok());
  sign.set_etag(doc.etag());
  EXPECT_EQ(RuleOf(yan->SignDocument(yan.Ctx().get(), sign, &signed_doc)), "DOC-27");
  review.set_etag(doc.etag());
  EXPECT_EQ(yan->RecordLegalityReview(yan.Ctx().get(), review, &doc).error_code(), grpc::StatusCode::PERMISSION_DENIED);
  SetClock(At(2026, 9, 3));
  review.set_result(v1::LEGALITY_RESULT_LAWFUL);
  review.set_opinion("修改后合法");
  review.set_no_prohibited_content_attested(true);
  review.set_etag(doc.etag());
  ASSERT_TRUE(justice->RecordLegalityReview(justice.Ctx().get(), review, &doc).ok());
  sign.set_etag(doc.etag());
  grpc::Status ok = yan->SignDocument(yan.Ctx().get(), sign, &signed_doc);
  EXPECT_TRUE(ok.ok()) << ok.error_message();

  // DOC-26: a normative document touching another department waits for its opinion.
  d->set_title("勐腊县城市建筑垃圾管理办法(试行)");
  d->add_affected_units(U("finance-bureau"));
  v1::Document joint;
  ASSERT_TRUE(housing->CreateDocument(housing.Ctx().get(), req, &joint).ok());
  review.set_name(joint.name());
  review.set_etag(joint.etag());
  ASSERT_TRUE(justice->RecordLegalityReview(justice.Ctx().get(), review, &joint).ok());
  sign.set_name(joint.name());
  sign.set_etag(joint.etag());
  EXPECT_EQ(RuleOf(yan->SignDocument(yan.Ctx().get(), sign, &signed_doc)), "DOC-26");
  v1::RequestCountersignsRequest ask;
  ask.set_document(joint.name());
  ask.add_units(U("finance-bureau"));
  v1::RequestCountersignsResponse asked;
  ASSERT_TRUE(housing->RequestCountersigns(housing.Ctx().get(), ask, &asked).ok());
  Client liu = As("liu-qiang");
  v1::ReplyCountersignRequest reply;
  reply.set_name(asked.countersigns(0).name());
  reply.set_answer(v1::COUNTERSIGN_STATE_AGREED);
  reply.set_etag(asked.countersigns(0).etag());
  v1::Countersign answered;
  ASSERT_TRUE(liu->ReplyCountersign(liu.Ctx().get(), reply, &answered).ok());
  joint = Get(yan, joint.name());
  sign.set_etag(joint.etag());
  grpc::Status joint_ok = yan->SignDocument(yan.Ctx().get(), sign, &signed_doc);
  EXPECT_TRUE(joint_ok.ok()) << joint_ok.error_message();
}

TEST_F(DocumentE2ETest, S34_WhenAAndBAreAwayOnlyTheDesignatedDeputyEndorses) {
  SetClock(At(2026, 5, 8));
  for (auto [who, from, to] : std::vector<std::tuple<const char*, int, int>>{{"yu-han", 11, 15}, {"li-na", 12, 14}}) {
    personnel::v1::CreateAbsenceRequest req;
    req.mutable_absence()->set_official(O(who));
    req.mutable_absence()->set_kind(personnel::v1::ABSENCE_KIND_BUSINESS_TRIP);
    req.mutable_absence()->set_leaves_jurisdiction(true);
    *req.mutable_absence()->mutable_start_date() = ToProtoDate(absl::CivilDay(2026, 5, from));
    *req.mutable_absence()->mutable_end_date() = ToProtoDate(absl::CivilDay(2026, 5, to));
    personnel::v1::Absence out;
    personnel::PersonnelClient office(personnel_process_.channel(), auth_.Token(O("li-wen")));
    ASSERT_TRUE(office.stub().CreateAbsence(office.Context().get(), req, &out).ok());
  }
  SetClock(At(2026, 5, 13));
  Client agri = As("zhang-lei"), office = As("li-wen"), wang = As("wang-hai"), yan = As("yan-xiang");
  v1::Document d = Draft(agri, v1::DOCUMENT_KIND_REQUEST, "agriculture-bureau", "zhang-lei",
                         "关于启动草地贪夜蛾应急防控的请示", {"启动应急防控"});
  ASSERT_TRUE(Submit(agri, d).ok());
  ASSERT_TRUE(Review(office, d).ok());
  EXPECT_EQ(d.routed_leader(), O("yu-han"));
  EXPECT_TRUE(d.acting_leader().empty());  // waiting for the county head's designation
  ASSERT_FALSE(d.warnings().empty());
  EXPECT_EQ(d.warnings(d.warnings_size() - 1).violation().rule_id(), "DIS-03");
  grpc::Status by_wang = Endorse(wang, d, v1::ENDORSEMENT_KIND_APPROVE, "同意");
  EXPECT_EQ(by_wang.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(RuleOf(by_wang), "DIS-03");

  personnel::v1::ListDesignationsRequest list;
  list.set_state(personnel::v1::DESIGNATION_STATE_OPEN);
  personnel::PersonnelClient chen(personnel_process_.channel(), auth_.Token(O("chen-li")));
  personnel::v1::ListDesignationsResponse open;
  ASSERT_TRUE(chen.stub().ListDesignations(chen.Context().get(), list, &open).ok());
  for (const auto& task : open.designations()) {
    if (task.principal() != O("yu-han")) continue;
    personnel::v1::DesignateActingRequest designate;
    designate.set_name(task.name());
    designate.set_designee(O("yan-xiang"));
    designate.set_etag(task.etag());
    personnel::v1::Designation made;
    ASSERT_TRUE(chen.stub().DesignateActing(chen.Context().get(), designate, &made).ok());
  }
  d = Get(yan, d.name());
  v1::EndorseDocumentRequest endorse;
  endorse.set_name(d.name());
  endorse.set_kind(v1::ENDORSEMENT_KIND_APPROVE);
  endorse.set_text("同意，立即启动应急防控");
  endorse.set_etag(d.etag());
  endorse.set_request_id("yan-endorse");
  ASSERT_TRUE(yan->EndorseDocument(yan.Ctx().get(), endorse, &d).ok());
  ASSERT_EQ(d.endorsements_size(), 1);
  EXPECT_EQ(d.endorsements(0).acting_display(), "岩香(受县长安排)代玉罕");
  EXPECT_EQ(d.state(), v1::DOCUMENT_STATE_ENDORSED);
  // A retry of the same request returns the first answer and does not endorse twice…
  v1::Document again;
  ASSERT_TRUE(yan->EndorseDocument(yan.Ctx().get(), endorse, &again).ok());
  EXPECT_EQ(again.etag(), d.etag());
  EXPECT_EQ(Get(yan, d.name()).endorsements_size(), 1);
  // …while the same id for a different request is refused.
  endorse.set_text("同意");
  EXPECT_EQ(yan->EndorseDocument(yan.Ctx().get(), endorse, &again).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  auto acted = document_db_.AdminQuery("SELECT acting_for, detail FROM " + document_db_.name() +
                                       ".audit_entries WHERE action = 'EndorseDocument'");
  ASSERT_EQ(acted.size(), 1u);
  EXPECT_EQ(acted[0].Str(0), O("yu-han"));
  EXPECT_EQ(acted[0].Str(1), "岩香(受县长安排)代玉罕");
}

// document-svc keeps personnel-svc's answers while they are leased; a change to the
// organisation commits only after those leases ran out. So the same questions asked again right
// after an absence was registered get the new answer: the office's review of a second request,
// the same day, goes to the stand-in, not to the leader who just left.
TEST_F(DocumentE2ETest, AKeptAnswerNeverOutlivesAChangeToTheOrganisation) {
  SetClock(At(2026, 5, 13));
  Client agri = As("zhang-lei"), office = As("li-wen");
  v1::Document first = Draft(agri, v1::DOCUMENT_KIND_REQUEST, "agriculture-bureau", "zhang-lei",
                             "关于申请春耕资金的请示", {"拨付春耕资金"});
  ASSERT_TRUE(Submit(agri, first).ok());
  ASSERT_TRUE(Review(office, first).ok());
  EXPECT_EQ(first.routed_leader(), O("yu-han"));
  EXPECT_TRUE(first.acting_leader().empty());  // he acts himself

  personnel::v1::CreateAbsenceRequest away;
  away.mutable_absence()->set_official(O("yu-han"));
  away.mutable_absence()->set_kind(personnel::v1::ABSENCE_KIND_BUSINESS_TRIP);
  away.mutable_absence()->set_leaves_jurisdiction(true);
  *away.mutable_absence()->mutable_start_date() = ToProtoDate(absl::CivilDay(2026, 5, 13));
  *away.mutable_absence()->mutable_end_date() = ToProtoDate(absl::CivilDay(2026, 5, 15));
  personnel::v1::Absence registered;
  personnel::PersonnelClient personnel_office(personnel_process_.channel(), auth_.Token(O("li-wen")));
  ASSERT_TRUE(personnel_office.stub().CreateAbsence(personnel_office.Context().get(), away, &registered).ok());

  v1::Document second = Draft(agri, v1::DOCUMENT_KIND_REQUEST, "agriculture-bureau", "zhang-lei",
                              "关于申请春耕资金的请示（二）", {"拨付春耕资金"});
  ASSERT_TRUE(Submit(agri, second).ok());
  ASSERT_TRUE(Review(office, second).ok());
  EXPECT_EQ(second.routed_leader(), O("yu-han"));
  EXPECT_EQ(second.acting_leader(), O("li-na"));
}

TEST(ServiceTlsTest, DocumentSvcCallsPersonnelSvcOverMutualTls) {
  TestAuth auth;
  TestDatabase personnel_db, document_db;
  const std::string dir = MakeTempDir("mtls");
  ASSERT_EQ(std::system(("openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=localhost "
                         "-addext subjectAltName=DNS:localhost,IP:127.0.0.1 -keyout " +
                         dir + "/key.pem -out " + dir + "/cert.pem >/dev/null 2>&1")
                            .c_str()),
            0);
  std::vector<std::string> pf = ServiceFlags(personnel_db, auth, "personnel");
  for (const std::string& f : {"--tls_cert_file=" + dir + "/cert.pem", "--tls_key_file=" + dir + "/key.pem",
                               "--tls_client_ca_file=" + dir + "/cert.pem", std::string("--tls_require_client_cert")}) {
    pf.push_back(f);
  }
  ServiceProcess personnel_process("personnel-svc/personnel-svc", pf);
  ASSERT_TRUE(personnel_process.WaitForPort()) << personnel_process.log();
  auto read = [](const std::string& path) {
    std::ifstream in(path);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  };
  grpc::SslCredentialsOptions tls{read(dir + "/cert.pem"), read(dir + "/key.pem"), read(dir + "/cert.pem")};
  personnel::PersonnelClient admin(grpc::CreateChannel(personnel_process.target(), grpc::SslCredentials(tls)),
                                   auth.Token("officials/sys-admin", AdminRole::kSystemAdmin));
  personnel::FixtureOptions options;
  options.start = absl::CivilDay(2026, 1, 1);
  ASSERT_TRUE(personnel::LoadFixtureF1(admin, options).ok());

  std::vector<std::string> df = ServiceFlags(document_db, auth, "document");
  const std::string token_file = dir + "/token";
  std::ofstream(token_file) << auth.Token("clients/document-svc");
  for (const std::string& f :
       {"--service_token_file=" + token_file, "--personnel_target=" + personnel_process.target(),
        "--outbound_tls_ca_file=" + dir + "/cert.pem", "--outbound_tls_cert_file=" + dir + "/cert.pem",
        "--outbound_tls_key_file=" + dir + "/key.pem"}) {
    df.push_back(f);
  }
  ServiceProcess document_process("document-svc/document-svc", df);
  ASSERT_TRUE(document_process.WaitForPort()) << document_process.log();
  Client forestry(document_process.channel(), auth.Token(O("bai-yun")));
  v1::CreateDocumentRequest create;
  v1::Document* d = create.mutable_document();
  d->set_kind(v1::DOCUMENT_KIND_REPORT);
  d->set_direction(v1::DIRECTION_INCOMING);
  d->set_title("林业工作情况报告");
  d->set_unit(U("forestry-bureau"));
  d->set_signer(O("bai-yun"));
  d->add_principal_recipients(U("government"));
  v1::Document created, submitted;
  grpc::Status made = forestry->CreateDocument(forestry.Ctx().get(), create, &created);
  ASSERT_TRUE(made.ok()) << made.error_message();  // asked personnel-svc who bai-yun is, over mTLS
  v1::SubmitDocumentRequest submit;
  submit.set_name(created.name());
  submit.set_etag(created.etag());
  grpc::Status ok = forestry->SubmitDocument(forestry.Ctx().get(), submit, &submitted);
  EXPECT_TRUE(ok.ok()) << ok.error_message();
  EXPECT_EQ(submitted.state(), v1::DOCUMENT_STATE_SUBMITTED);
}

TEST_F(DocumentE2ETest, TwoOfficeLeadersActingAtOnceExactlyOneSucceeds) {
  SetClock(At(2026, 3, 2));
  Client forestry = As("bai-yun");
  v1::Document d = Draft(forestry, v1::DOCUMENT_KIND_REQUEST, "forestry-bureau", "bai-yun", "关于护林员补助的请示",
                         {"提高护林员补助"});
  ASSERT_TRUE(Submit(forestry, d).ok());
  Client yang = As("yang-fan"), he = As("he-jing");
  grpc::Status first, second;
  v1::Document a = d, b = d;
  std::thread t1([&] { first = Review(yang, a, "拟请玉罕副县长阅示"); });
  std::thread t2([&] { second = Review(he, b, "拟请玉罕副县长审批"); });
  t1.join();
  t2.join();
  EXPECT_NE(first.ok(), second.ok()) << first.error_message() << " / " << second.error_message();
  const grpc::Status& loser = first.ok() ? second : first;
  EXPECT_EQ(loser.error_code(), grpc::StatusCode::ABORTED) << loser.error_message();
  EXPECT_EQ(Get(forestry, d.name()).state(), v1::DOCUMENT_STATE_WITH_LEADER);
  // A retry of the winner's request with its request id returns the same document, unchanged.
  v1::ReviewDocumentRequest req;
  req.set_name(d.name());
  req.set_handling_opinion("拟请玉罕副县长阅示");
  req.set_etag(d.etag());
  req.set_request_id("review-once");
  v1::Document once, twice;
  Client office = As("li-wen");
  v1::Document fresh = Draft(forestry, v1::DOCUMENT_KIND_REQUEST, "forestry-bureau", "bai-yun",
                             "关于防火通道建设的请示", {"建设防火通道"});
  ASSERT_TRUE(Submit(forestry, fresh).ok());
  req.set_name(fresh.name());
  req.set_etag(fresh.etag());
  ASSERT_TRUE(office->ReviewDocument(office.Ctx().get(), req, &once).ok());
  ASSERT_TRUE(office->ReviewDocument(office.Ctx().get(), req, &twice).ok());
  EXPECT_EQ(once.etag(), twice.etag());
  EXPECT_EQ(once.update_time().seconds(), twice.update_time().seconds());
}

// V0009 carries the terms of the index before the full-text one (a row per term in
// document_terms) over to it: a document written then is still found by its words, and not by
// words it lacks.
TEST(DocumentSearchMigrationTest, ADocumentIndexedBeforeTheFullTextIndexIsStillFound) {
  TestDatabase db;
  const std::string migrations = std::string(XIANFU_SOURCE_DIR) + "/document-svc/migrations";
  ASSERT_NO_FATAL_FAILURE(MigrateForTest(db, {migrations}, 7));
  // The document as the store of V0007 wrote it: the record, and a row per term.
  v1::Document d;
  d.set_name("documents/42");
  d.set_title("关于设立临时森林防火检查站的请示");
  d.add_request_items("购置巡护无人机");
  d.set_unit(U("forestry-bureau"));
  const std::string schema = db.name();
  db.AdminExec(absl::StrCat("INSERT INTO ", schema,
                            ".documents (id, unit_id, direction, state, classification, routed_leader, acting_leader,"
                            " normative_status, data, version, created_at, briefing_series) VALUES (42, "
                            "'forestry-bureau', 0, 1, 0, '', '', 0, X'",
                            absl::BytesToHexString(d.SerializeAsString()), "', 1, '2026-03-02 02:00:00', '')"));
  for (const std::string& term : SearchTerms(absl::StrCat(d.title(), " ", d.request_items(0)))) {
    db.AdminExec(absl::StrCat("INSERT INTO ", schema, ".document_terms (term, document_id) VALUES (X'",
                              absl::BytesToHexString(term), "', 42)"));
  }
  ASSERT_NO_FATAL_FAILURE(MigrateForTest(db, {migrations}));
  EXPECT_TRUE(db.AdminQuery(absl::StrCat("SHOW TABLES FROM ", schema, " LIKE 'document_terms'")).empty());

  Database app(db.app());
  DocumentStore store;
  auto found = [&](std::set<std::string> terms) -> std::vector<std::string> {
    DocumentFilter filter;
    filter.terms.assign(terms.begin(), terms.end());
    absl::StatusOr<PageQuery<v1::Document>> query = store.ListDocuments(filter, PageRequest{});
    EXPECT_TRUE(query.ok()) << query.status();
    if (!query.ok()) return {};
    absl::StatusOr<Page<v1::Document>> page = ReadPage(app, *query);
    EXPECT_TRUE(page.ok()) << page.status();
    if (!page.ok()) return {};
    std::vector<std::string> names;
    for (const v1::Document& doc : page->items) names.push_back(doc.name());
    return names;
  };
  EXPECT_EQ(found(SearchTerms("森林防火")), std::vector<std::string>{"documents/42"});
  EXPECT_EQ(found(SearchTerms("无人机")), std::vector<std::string>{"documents/42"});
  EXPECT_EQ(found(SearchTerms("临")), std::vector<std::string>{});  // a single character is no term of the title
  EXPECT_EQ(found(SearchTerms("森林水库")), std::vector<std::string>{});
  // A word longer than the index keeps matches nothing, rather than being left out of the question.
  EXPECT_EQ(found({"森林", std::string(50, 'x')}), std::vector<std::string>{});
}

}  // namespace
}  // namespace xianfu::document
