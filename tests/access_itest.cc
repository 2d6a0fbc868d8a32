// The authorisation matrix: every RPC of the four services, and of the services every
// process serves, called by each kind of caller — the official whose act it is, another
// official, an office clerk, the system, security and audit administrators, a trusted system
// client in its own name and on behalf of the official whose act it is, and an untrusted client.
// What each may do is read from the RPC's declaration (xianfu.common.v1.Access); the answer must
// agree: allowed (any answer but PERMISSION_DENIED or a failure of the service itself), or
// PERMISSION_DENIED citing the rule and its article. An RPC without a row here, or without a
// declaration, fails the test.
//
// The same world and rows check what every RPC owes any caller, whatever its rule: a List pages
// what one page would show, a listed resource is what Get shows, a retried request is answered
// as the first time and stores nothing more, a stale etag is ABORTED, a name that names nothing
// is NOT_FOUND.
#include <map>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "common/access.h"
#include "common/errors.h"
#include "google/protobuf/descriptor.h"
#include "gtest/gtest.h"
#include "tests/support/county.h"
#include "xianfu/common/v1/api.pb.h"

namespace xianfu {
namespace {

using common::v1::Access;
using google::protobuf::Message;

constexpr char kP[] = "xianfu.personnel.v1.PersonnelService.";
constexpr char kD[] = "xianfu.document.v1.DocumentService.";
constexpr char kM[] = "xianfu.meeting.v1.MeetingService.";
constexpr char kS[] = "xianfu.supervision.v1.SupervisionService.";

std::string NameOf(const Message& m) {
  const auto* f = m.GetDescriptor()->FindFieldByName("name");
  return f == nullptr ? "" : m.GetReflection()->GetString(m, f);
}

std::string EtagOf(const Message& m) {
  const auto* f = m.GetDescriptor()->FindFieldByName("etag");
  return f == nullptr ? "" : m.GetReflection()->GetString(m, f);
}

enum class Kind { kParty, kOther, kOffice, kSystem, kSecurity, kAudit, kTrusted, kTrustedForParty, kUntrusted };

const char* KindName(Kind k) {
  switch (k) {
    case Kind::kParty:
      return "the official whose act it is";
    case Kind::kOther:
      return "another official";
    case Kind::kOffice:
      return "an office clerk";
    case Kind::kSystem:
      return "the system administrator";
    case Kind::kSecurity:
      return "the security administrator";
    case Kind::kAudit:
      return "the audit administrator";
    case Kind::kTrusted:
      return "a trusted client in its own name";
    case Kind::kTrustedForParty:
      return "a trusted client on behalf of the official whose act it is";
    case Kind::kUntrusted:
      return "an untrusted client";
  }
  return "";
}

constexpr char kClerk[] = "li-wen";      // 县政府办公室文秘
constexpr char kStranger[] = "bai-yun";  // 县林业和草原局局长: party to nothing here

// What the declaration says this kind of caller may do (`party` is the official whose act it is).
bool Admits(const Access& a, Kind k, const std::string& party) {
  auto admin = [&](Access::Admin want) {
    for (int x : a.admins()) {
      if (x == want) return true;
    }
    return false;
  };
  const bool party_is_clerk = party == kClerk;
  switch (k) {
    case Kind::kSystem:
      return admin(Access::ADMIN_SYSTEM);
    case Kind::kSecurity:
      return admin(Access::ADMIN_SECURITY);
    case Kind::kAudit:
      return admin(Access::ADMIN_AUDIT);
    case Kind::kUntrusted:
      return a.clients() == Access::CLIENTS_ANY;
    case Kind::kTrusted:
      return a.clients() == Access::CLIENTS_ANY || a.clients() == Access::CLIENTS_TRUSTED;
    case Kind::kParty:
    case Kind::kTrustedForParty:
      return a.officials() == Access::OFFICIALS_ANY || a.officials() == Access::OFFICIALS_PARTY ||
             a.officials() == Access::OFFICIALS_PARTY_OR_OFFICE ||
             (a.officials() == Access::OFFICIALS_OFFICE && party_is_clerk);
    case Kind::kOther:
      return a.officials() == Access::OFFICIALS_ANY;
    case Kind::kOffice:
      return a.officials() == Access::OFFICIALS_ANY || a.officials() == Access::OFFICIALS_OFFICE ||
             a.officials() == Access::OFFICIALS_PARTY_OR_OFFICE ||
             (a.officials() == Access::OFFICIALS_PARTY && party_is_clerk);
  }
  return false;
}

struct Row {
  std::string method;   // full name
  std::string party;    // official id
  std::string request;  // text format, with $names of the world
};

class AccessMatrixTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    county_ = new testing::County("2026-03-02T09:00:00+08:00");
    BuildWorld();
  }
  static void TearDownTestSuite() {
    delete county_;
    county_ = nullptr;
  }

  // document-svc for its own RPCs and the escalations it raised (DOC-15); personnel-svc otherwise.
  static testing::ServiceProcess& ProcessOf(const std::string& method) {
    if (method.rfind(kM, 0) == 0) return county_->meeting();
    if (method.rfind(kS, 0) == 0) return county_->supervision();
    const bool document = method.rfind(kD, 0) == 0 || method.rfind("xianfu.common.v1.EscalationService.", 0) == 0;
    return document ? county_->document() : county_->personnel();
  }

  // A call in the set-up, which must succeed; the resource's name (and etag) remembered.
  static std::unique_ptr<Message> Must(const std::string& method, const std::string& who, const std::string& text,
                                       const std::string& as = "") {
    std::unique_ptr<Message> out;
    grpc::Status s = county_->Call(ProcessOf(method), method, Token(who), Fill(text), &out);
    EXPECT_TRUE(s.ok()) << method << " as " << who << ": " << s.error_message() << "\n" << Fill(text);
    if (s.ok() && !as.empty()) {
      world_[as] = NameOf(*out);
      world_[as + "_etag"] = EtagOf(*out);
    }
    return out;
  }

  // Requests stored under their request id, in all four services.
  static int64_t RequestLogs() {
    int64_t n = 0;
    for (const testing::TestDatabase* db :
         {&county_->personnel_db(), &county_->document_db(), &county_->meeting_db(), &county_->supervision_db()}) {
      n += county_->Count(*db, "request_log");
    }
    return n;
  }

  static std::string Token(const std::string& who) {
    if (who == "sys-admin") return county_->Admin(AdminRole::kSystemAdmin);
    return county_->Official(who);
  }

  static std::string Fill(std::string text) {
    // Longest names first, so "$doc" never eats the start of "$doc_etag".
    std::vector<std::pair<std::string, std::string>> by_length(world_.begin(), world_.end());
    std::sort(by_length.begin(), by_length.end(),
              [](const auto& a, const auto& b) { return a.first.size() > b.first.size(); });
    for (const auto& [k, v] : by_length) text = absl::StrReplaceAll(text, {{"$" + k, v}});
    return text;
  }

  static std::string Draft(const std::string& unit_clerk, const std::string& unit, const std::string& title,
                           const std::string& extra = "") {
    return absl::StrCat("document { kind: DOCUMENT_KIND_REQUEST direction: DIRECTION_INCOMING title: \"", title,
                        "\" body: \"正文\" unit: \"units/", unit, "\" signer: \"officials/", unit_clerk,
                        "\" principal_recipients: \"units/government\" classification: CLASSIFICATION_PUBLIC"
                        " request_items: \"",
                        title, "\" ", extra, " }");
  }

  static void BuildWorld() {
    // --- personnel ---
    Must(std::string(kP) + "CreateAbsence", kClerk,
         "absence { official: 'officials/wang-hai' kind: ABSENCE_KIND_LEAVE start_date { year: 2026 month: 4 day: 7 }"
         " end_date { year: 2026 month: 4 day: 8 } }",
         "absence_wang");
    Must(std::string(kP) + "CreateAbsence", kClerk,
         "absence { official: 'officials/zhang-lei' kind: ABSENCE_KIND_LEAVE start_date { year: 2026 month: 4 day: 14 }"
         " end_date { year: 2026 month: 4 day: 15 } }",
         "absence_zhang");
    Must(std::string(kP) + "CreateAbsence", kClerk,
         "absence { official: 'officials/xu-lei' kind: ABSENCE_KIND_LEAVE start_date { year: 2026 month: 3 day: 2 }"
         " end_date { year: 2026 month: 3 day: 6 } }",
         "absence_xu");
    std::unique_ptr<Message> wu = Must(std::string(kP) + "CreateAbsence", kClerk,
                                       "absence { official: 'officials/wu-jing' kind: ABSENCE_KIND_BUSINESS_TRIP"
                                       " leaves_jurisdiction: true start_date { year: 2026 month: 4 day: 21 }"
                                       " end_date { year: 2026 month: 4 day: 24 } }");
    const auto* obligations = wu->GetDescriptor()->FindFieldByName("obligations");
    EXPECT_GT(wu->GetReflection()->FieldSize(*wu, obligations), 0);
    if (wu->GetReflection()->FieldSize(*wu, obligations) > 0) {
      world_["obligation"] = wu->GetReflection()->GetRepeatedString(*wu, obligations, 0);
    }
    // 玉罕 and her B 李娜 away together: a designation for the county head.
    for (const char* who : {"yu-han", "li-na"}) {
      Must(std::string(kP) + "CreateAbsence", kClerk,
           absl::StrCat("absence { official: 'officials/", who,
                        "' kind: ABSENCE_KIND_LEAVE start_date { year: 2026 month: 5 day: 11 }"
                        " end_date { year: 2026 month: 5 day: 12 } }"));
    }
    std::unique_ptr<Message> designations;
    EXPECT_TRUE(county_
                    ->Call(county_->personnel(), std::string(kP) + "ListDesignations", Token(kClerk),
                           "state: DESIGNATION_STATE_OPEN", &designations)
                    .ok());
    const auto* items = designations->GetDescriptor()->FindFieldByName("designations");
    EXPECT_GT(designations->GetReflection()->FieldSize(*designations, items), 0);
    if (designations->GetReflection()->FieldSize(*designations, items) > 0) {
      world_["designation"] = NameOf(designations->GetReflection()->GetRepeatedMessage(*designations, items, 0));
    }
    Must(std::string(kP) + "CreateEntrustment", "wang-hai",
         "entrustment { principal: 'officials/wang-hai' delegate: 'officials/yan-xiang'"
         " scope: ACT_KIND_PORTFOLIO_APPROVAL start_date { year: 2026 month: 6 day: 1 }"
         " end_date { year: 2026 month: 6 day: 5 } reference: '县长口头委托' }",
         "entrustment");
    Must(
        std::string(kP) + "CreateApprovalRequest", "duan-yun",
        "approval_request { kind: APPROVAL_KIND_TRAVEL_ABROAD subject_official: 'officials/lin-feng'"
        " title: '赴老挝南塔省经贸推介' travel { destination: '老挝南塔省' depart_date { year: 2026 month: 11 day: 10 }"
        " return_date { year: 2026 month: 11 day: 13 } plan_entry: 'outboundPlanEntries/1' } }",
        "trip");
    Must(std::string(kP) + "CreateApprovalRequest", "zheng-yu",
         "approval_request { kind: APPROVAL_KIND_SPEECH subject_official: 'officials/zheng-yu'"
         " title: '土地征收政策问答' speech { capacity: SPEECH_CAPACITY_PERSONAL is_article: true matter: "
         "'土地征收政策' } }",
         "article");
    Must(std::string(kP) + "CreateConductRecord", kClerk,
         "record { kind: CONDUCT_KIND_FIELD_RESEARCH official: 'officials/wang-hai' summary: '到勐捧镇调研' escorts: 2 "
         "}",
         "record");
    Must(std::string(kP) + "CreatePost", "sys-admin",
         "post_id: 'matrix-post' post { display_name_zh: '县政府办公室文秘' kind: POST_KIND_OFFICE_CLERK"
         " unit: 'units/government-office' }",
         "post");

    // --- documents ---
    Must(std::string(kD) + "CreateDocument", "commerce-bureau-clerk",
         Draft("huang-tao", "commerce-bureau", "关于修缮口岸查验场地的请示"), "draft_update");
    Must(std::string(kD) + "CreateDocument", "commerce-bureau-clerk",
         Draft("huang-tao", "commerce-bureau", "关于补助边贸市场建设的请示"), "draft_submit");
    Must(std::string(kD) + "CreateDocument", "commerce-bureau-clerk",
         Draft("huang-tao", "commerce-bureau", "关于边民互市点扩建的请示"), "draft_countersign");
    Must(std::string(kD) + "CreateDocument", "justice-bureau-clerk",
         "document { kind: DOCUMENT_KIND_NORMATIVE direction: DIRECTION_OUTGOING issuing_name: "
         "ISSUING_NAME_COUNTY_GOVERNMENT"
         " title: '勐腊县行政执法公示办法' body: '正文' unit: 'units/justice-bureau' classification: "
         "CLASSIFICATION_PUBLIC"
         " normative { legal_basis: '《行政处罚法》' } }",
         "normative");
    for (const char* which : {"return", "review", "endorse", "forward"}) {
      const std::string key = absl::StrCat("doc_", which);
      Must(std::string(kD) + "CreateDocument", "commerce-bureau-clerk",
           Draft("huang-tao", "commerce-bureau", absl::StrCat("关于口岸", which, "事项的请示")), key);
      Must(std::string(kD) + "SubmitDocument", "commerce-bureau-clerk",
           absl::StrCat("name: '$", key, "' etag: '$", key, "_etag'"), key);
    }
    for (const char* which : {"endorse", "forward"}) {
      const std::string key = absl::StrCat("doc_", which);
      Must(std::string(kD) + "ReviewDocument", kClerk,
           absl::StrCat("name: '$", key, "' etag: '$", key, "_etag' handling_opinion: '拟请分管领导阅示'"), key);
    }
    Must(std::string(kD) + "EndorseDocument", "wang-hai",
         "name: '$doc_forward' etag: '$doc_forward_etag' kind: ENDORSEMENT_KIND_APPROVE text: '同意'", "doc_forward");
    auto outgoing = [&](const std::string& key, const std::string& title, bool important) {
      Must(std::string(kD) + "CreateDocument", "commerce-bureau-clerk",
           absl::StrCat("document { kind: ", important ? "DOCUMENT_KIND_OPINION" : "DOCUMENT_KIND_NOTICE",
                        " direction: DIRECTION_OUTGOING issuing_name: ISSUING_NAME_COUNTY_GOVERNMENT important: ",
                        important ? "true" : "false", " title: '", title,
                        "' body: '正文' unit: 'units/commerce-bureau' classification: CLASSIFICATION_PUBLIC }"),
           key);
    };
    outgoing("out_review", "勐腊县人民政府关于口岸物流园建设的实施意见", true);
    outgoing("out_sign", "勐腊县人民政府关于调整口岸工作领导小组的通知", false);
    outgoing("out_issue", "勐腊县人民政府关于边民互市的通知", false);
    outgoing("out_archive", "勐腊县人民政府关于口岸通关的通知", false);
    for (const char* key : {"out_issue", "out_archive"}) {
      Must(std::string(kD) + "SignDocument", "wang-hai", absl::StrCat("name: '$", key, "' etag: '$", key, "_etag'"),
           key);
    }
    Must(std::string(kD) + "IssueDocument", kClerk, "name: '$out_archive' etag: '$out_archive_etag'", "out_archive");
    // An order a stand-in tries to sign: refused, and the county head gets an escalation.
    Must(std::string(kD) + "CreateDocument", kClerk,
         "document { kind: DOCUMENT_KIND_ORDER direction: DIRECTION_OUTGOING issuing_name: "
         "ISSUING_NAME_COUNTY_GOVERNMENT"
         " title: '勐腊县人民政府令（第1号）' body: '正文' unit: 'units/government-office' classification: "
         "CLASSIFICATION_PUBLIC }",
         "order");
    grpc::Status refused = county_->Call(county_->document(), std::string(kD) + "SignDocument", Token("dao-jianhua"),
                                         Fill("name: '$order' etag: '$order_etag'"));
    EXPECT_EQ(refused.error_code(), grpc::StatusCode::PERMISSION_DENIED) << refused.error_message();
    std::unique_ptr<Message> queue;
    EXPECT_TRUE(county_
                    ->Call(county_->document(), "xianfu.common.v1.EscalationService.ListEscalations", Token("chen-li"),
                           "assignee: 'officials/chen-li' state: ESCALATION_STATE_OPEN", &queue)
                    .ok());
    const auto* escalations = queue->GetDescriptor()->FindFieldByName("escalations");
    EXPECT_EQ(queue->GetReflection()->FieldSize(*queue, escalations), 1) << "DOC-15 escalates to the county head";
    if (queue->GetReflection()->FieldSize(*queue, escalations) > 0) {
      world_["escalation"] = NameOf(queue->GetReflection()->GetRepeatedMessage(*queue, escalations, 0));
    }
    std::unique_ptr<Message> asked = Must(std::string(kD) + "RequestCountersigns", "commerce-bureau-clerk",
                                          "document: '$draft_countersign' units: 'units/finance-bureau'"
                                          " units: 'units/natural-resources-bureau' units: 'units/water-bureau'");
    const auto* made = asked->GetDescriptor()->FindFieldByName("countersigns");
    const char* keys[] = {"cs_reply", "cs_agree", "cs_reopen"};
    for (int i = 0; i < 3 && i < asked->GetReflection()->FieldSize(*asked, made); ++i) {
      const Message& c = asked->GetReflection()->GetRepeatedMessage(*asked, made, i);
      world_[keys[i]] = NameOf(c);
      world_[std::string(keys[i]) + "_etag"] = EtagOf(c);
    }
    for (const char* key : {"item_extend", "item_complete"}) {
      Must(std::string(kD) + "CreateHandlingItem", "wang-hai",
           "item { reference: 'PS-2026-045' source: HANDLING_SOURCE_LEADER_INSTRUCTION handling_unit: "
           "'units/commerce-bureau'"
           " task: '研究口岸扩能方案' deadline { year: 2026 month: 3 day: 31 } }",
           key);
    }

    // --- meeting ---
    const std::string m = kM;
    Must(m + "CreateMeeting", kClerk,
         "meeting_id: 'e-matrix' meeting { kind: MEETING_KIND_EXECUTIVE title: '常务会议' date { year: 2026 month: 3 "
         "day: 20 } chair: 'officials/chen-li' attendees: 'officials/zhang-lei' }",
         "meeting");
    Must(m + "CreateMeeting", kClerk,
         "meeting_id: 'e-matrix-held' meeting { kind: MEETING_KIND_EXECUTIVE title: '常务会议' date { year: 2026 "
         "month: 3 day: 2 } chair: 'officials/chen-li' }",
         "held");
    Must(m + "HoldMeeting", kClerk, "name: '$held' etag: '$held_etag'", "held");
    const std::string topic =
        "topic { title: '水库除险加固方案' unit: 'units/water-bureau' meeting: '$meeting' basis_and_reasons: "
        "'依据水法' }";
    Must(m + "CreateTopic", "li-jiang", "topic_id: 't-draft' " + topic, "t_draft");
    for (const char* key : {"t_sub", "t_agg"}) {
      Must(m + "CreateTopic", "li-jiang", absl::StrCat("topic_id: '", key[2] == 's' ? "t-sub" : "t-agg", "' ", topic),
           key);
      Must(m + "SubmitTopic", "li-jiang", absl::StrCat("name: '$", key, "' etag: '$", key, "_etag'"), key);
    }
    Must(m + "SponsorTopic", "yu-han", "name: '$t_agg' etag: '$t_agg_etag'", "t_agg");
    Must(m + "AggregateTopic", kClerk, "name: '$t_agg' etag: '$t_agg_etag'", "t_agg");
    Must(m + "RequestLeave", "yu-han",
         "leave { meeting: '$meeting' official: 'officials/yu-han' reason: LEAVE_REASON_HEALTH }", "leave");
    Must(m + "RequestLeave", "zhang-lei",
         "leave { meeting: '$meeting' official: 'officials/zhang-lei' reason: LEAVE_REASON_OFFICIAL_VISIT_OR_TRIP }",
         "leave_dept");
    Must(m + "DecideLeave", "chen-li", "name: '$leave_dept' etag: '$leave_dept_etag' approve: true", "leave_dept");
    Must(m + "DraftMinutes", kClerk, "meeting: '$held' minutes { text: '纪要' }", "minutes");
    Must(m + "RecordDecision", kClerk,
         "decision { meeting: '$held' text: '印发通知' requires_document: true document_title: '通知' }", "decision");
    Must(m + "CreateMatter", "qian-kun",
         "matter { kind: MATTER_KIND_FUND_ADJUSTMENT title: '路灯维修' unit: 'units/housing-bureau' amount { fen: "
         "15000000 } }",
         "matter_ch");
    Must(m + "CreateMatter", "liu-qiang",
         "matter { kind: MATTER_KIND_ASSET_DISPOSAL title: '报废车辆处置' unit: 'units/finance-bureau' amount { fen: "
         "10000000 } }",
         "matter_done");
    Must(std::string(kS) + "AssignSuggestion", kClerk,
         "suggestion { kind: SUGGESTION_KIND_NPC_SUGGESTION reference: '2026-001' title: '河道治理' handling_unit: "
         "'units/water-bureau' }",
         "suggestion");
    Must(std::string(kS) + "RegisterPetition", "fang-yuan",
         "petition { reference: 'XF-0' summary: '纠纷' handling_unit: 'units/water-bureau' important: true }",
         "petition");
    // SUP-10: this year's plan, approved; next year's, a draft.
    Must(std::string(kS) + "CreatePlan", "sun-jie",
         "plan { year: 2026 items { title: '重点工作专项督查' } items { title: '随机抽查' } }", "plan");
    Must(std::string(kS) + "ApprovePlan", "chen-li", "name: '$plan' etag: '$plan_etag'", "plan");
    Must(std::string(kS) + "CreatePlan", "sun-jie", "plan { year: 2027 items { title: '重点工作专项督查' } }",
         "plan_draft");
    Must(std::string(kS) + "CreateTask", "sun-jie",
         "task { title: '污水处理厂提标改造' category: TASK_CATEGORY_LEADER_INSTRUCTION lead_unit: "
         "'units/housing-bureau' deadline { year: 2026 month: 6 day: 30 } plan_item: '$plan/items/1' }",
         "task");
    Must(
        m + "CreateCountyMeeting", "zhang-lei",
        "county_meeting { title: '全县春耕生产会议' unit: 'units/agriculture-bureau' held_in_name_of: "
        "ISSUING_NAME_DEPARTMENT date { year: 2026 month: 5 day: 10 } leader_consent: 'officials/yu-han' video: true }",
        "county_meeting");
    // A circular already issued, so that ListCirculars has something to show.
    Must(std::string(kS) + "IssueCircular", "sun-jie",
         "period_start { year: 2025 month: 10 day: 1 } period_end { year: 2025 month: 12 day: 31 }", "circular");
  }

  static std::vector<Row> Rows() {
    const std::string p = kP, d = kD, m = kM, sv = kS;
    const std::string esc = "xianfu.common.v1.EscalationService.", hist = "xianfu.admin.v1.HistoryService.",
                      feed = "xianfu.events.v1.EventFeedService.", admin = "xianfu.admin.v1.AdminService.",
                      clock = "xianfu.admin.v1.ClockService.";
    const std::string division =
        "division { effective_date { year: 2026 month: 12 day: 1 } basis: DIVISION_BASIS_PARTY_GROUP_DECISION"
        " decision_reference: 'PG-2026-11 第2项' portfolios { leader: 'officials/wang-hai' primary_units: "
        "'units/commerce-bureau' } }";
    return {
        // personnel-svc: the register
        {p + "CreateOfficial", "wang-hai", "official_id: 'matrix-official' official { display_name_zh: '矩阵' }"},
        {p + "GetOfficial", "wang-hai", "name: 'officials/wang-hai'"},
        {p + "ListOfficials", "wang-hai", "unit: 'units/commerce-bureau'"},
        {p + "CreateUnit", "wang-hai",
         "unit_id: 'matrix-unit' unit { display_name_zh: '矩阵单位' kind: UNIT_KIND_EXTERNAL }"},
        {p + "GetUnit", "wang-hai", "name: 'units/commerce-bureau'"},
        {p + "ListUnits", "wang-hai", "kind: UNIT_KIND_TOWNSHIP"},
        {p + "CreatePost", "wang-hai",
         "post_id: 'matrix-post-2' post { display_name_zh: '文秘' kind: POST_KIND_OFFICE_CLERK unit: "
         "'units/government-office' }"},
        {p + "ListPosts", "wang-hai", "unit: 'units/commerce-bureau'"},
        {p + "AssignPost", "wang-hai",
         "post: '$post' official: 'officials/bai-yun' start_date { year: 2026 month: 12 day: 1 } basis: '任命'"},
        {p + "ChangeDivisionOfWork", "wang-hai", division},
        {p + "ImportOrganisation", "wang-hai", "source: '补录'"},
        {p + "GetDivisionOfWork", "wang-hai", ""},
        {p + "LookupUnitLeadership", "wang-hai", "unit: 'units/commerce-bureau'"},
        {p + "LookupOfficial", "wang-hai", "official: 'officials/wang-hai'"},
        {p + "LookupRoleHolders", "wang-hai", "role: 'R-CH'"},
        {p + "BatchLookup", "wang-hai", "questions { official { official: 'officials/wang-hai' } }"},
        {p + "ResolveActing", "wang-hai", "official: 'officials/wang-hai' act: ACT_KIND_PORTFOLIO_APPROVAL"},
        {p + "CheckActing", "wang-hai",
         "resolve { official: 'officials/wang-hai' act: ACT_KIND_PORTFOLIO_APPROVAL } candidate: 'officials/wang-hai'"},
        // acting
        {p + "CreateEntrustment", "chen-li",
         "entrustment { principal: 'officials/chen-li' delegate: 'officials/dao-jianhua' scope: ACT_KIND_FUND_APPROVAL"
         " start_date { year: 2026 month: 7 day: 1 } end_date { year: 2026 month: 7 day: 3 } reference: '县长委托' }"},
        {p + "EndEntrustment", "wang-hai", "name: '$entrustment'"},
        {p + "ListEntrustments", "wang-hai", "principal: 'officials/wang-hai'"},
        {p + "DesignateActing", "chen-li", "name: '$designation' designee: 'officials/zhao-gang'"},
        {p + "ListDesignations", "wang-hai", ""},
        // absences and obligations
        {p + "CreateAbsence", "wang-hai",
         "absence { official: 'officials/wang-hai' kind: ABSENCE_KIND_LEAVE start_date { year: 2026 month: 8 day: 3 }"
         " end_date { year: 2026 month: 8 day: 4 } }"},
        {p + "GetAbsence", "wang-hai", "name: '$absence_wang'"},
        {p + "ListAbsences", "wang-hai", "official: 'officials/wang-hai'"},
        {p + "CancelAbsence", "zhang-lei", "name: '$absence_zhang'"},
        {p + "ReturnFromAbsence", "xu-lei", "name: '$absence_xu' note: '提前返岗'"},
        {p + "ListAbsenceConflicts", "wang-hai",
         "from_date { year: 2026 month: 5 day: 1 } to_date { year: 2026 month: 5 day: 31 }"},
        {p + "GetObligation", "wu-jing", "name: '$obligation'"},
        {p + "ListObligations", "wu-jing", "owner: 'officials/wu-jing'"},
        {p + "FulfilObligation", "wu-jing", "name: '$obligation' note: '已报告'"},
        {p + "RegisterReportableEvent", "zhang-lei",
         "kind: REPORTABLE_EVENT_KIND_HIGHER_MEETING_ATTENDED owner: 'officials/zhang-lei' title: '全省农业工作会议'"
         " time { seconds: 1772416800 }"},
        // approvals
        {p + "CreateApprovalRequest", "zheng-yu",
         "approval_request { kind: APPROVAL_KIND_SPEECH subject_official: 'officials/zheng-yu' title: '耕地保护问答'"
         " speech { capacity: SPEECH_CAPACITY_PERSONAL is_article: true matter: '耕地保护' } }"},
        {p + "GetApprovalRequest", "lin-feng", "name: '$trip'"},
        {p + "ListApprovalRequests", "lin-feng", "subject_official: 'officials/lin-feng'"},
        {p + "ActOnApprovalRequest", "duan-yun",
         "name: '$trip' step: STEP_KIND_FOREIGN_AFFAIRS_OFFICE_REVIEW decision: STEP_DECISION_APPROVE"},
        {p + "ReleaseApprovalRequest", "zheng-yu", "name: '$article'"},
        {p + "CreateOutboundPlanEntry", "duan-yun",
         "entry { year: 2026 unit: 'units/agriculture-bureau' destination: '越南' purpose: '农业合作' }"},
        {p + "ListOutboundPlanEntries", "wang-hai", "year: 2026"},
        {p + "CreateConductRecord", "wang-hai",
         "record { kind: CONDUCT_KIND_FIELD_RESEARCH official: 'officials/wang-hai' summary: '到磨憨镇调研' escorts: 1 "
         "}"},
        {p + "ListConductRecords", "wang-hai", "official: 'officials/wang-hai'"},

        // document-svc
        {d + "CreateDocument", "commerce-bureau-clerk", Draft("huang-tao", "commerce-bureau", "关于口岸绿化的请示")},
        {d + "GetDocument", "commerce-bureau-clerk", "name: '$draft_update'"},
        {d + "ListDocuments", "commerce-bureau-clerk", "unit: 'units/commerce-bureau'"},
        {d + "UpdateDocument", "commerce-bureau-clerk",
         "document { name: '$draft_update' title: '关于修缮口岸查验场地的请示（修改）' } update_mask { paths: 'title' "
         "}"},
        {d + "SubmitDocument", "commerce-bureau-clerk", "name: '$draft_submit'"},
        {d + "ReturnDocument", "wang-hai", "name: '$doc_return' reason: '格式不符'"},
        {d + "ReviewDocument", "wang-hai", "name: '$doc_review' handling_opinion: '拟请分管领导阅示'"},
        {d + "EndorseDocument", "wang-hai", "name: '$doc_endorse' kind: ENDORSEMENT_KIND_APPROVE text: '同意'"},
        {d + "ForwardDocument", "wang-hai", "name: '$doc_forward'"},
        {d + "ReviewOutgoing", "dao-jianhua", "name: '$out_review'"},
        {d + "SignDocument", "wang-hai", "name: '$out_sign'"},
        {d + "IssueDocument", kClerk, "name: '$out_issue'"},
        {d + "ArchiveDocument", "wang-hai", "name: '$out_archive'"},
        {d + "RequestCountersigns", "commerce-bureau-clerk", "document: '$draft_update' units: 'units/health-bureau'"},
        {d + "GetCountersign", "liu-qiang", "name: '$cs_reply'"},
        {d + "ListCountersigns", "liu-qiang", "document: '$draft_countersign'"},
        {d + "ReplyCountersign", "liu-qiang", "name: '$cs_reply' answer: COUNTERSIGN_STATE_AGREED opinion: '同意'"},
        {d + "AgreeCountersignDeadline", "zheng-yu",
         "name: '$cs_agree' new_deadline { year: 2026 month: 3 day: 20 } note: '与主办部门协商一致'"},
        {d + "ReopenCountersign", "commerce-bureau-clerk", "name: '$cs_reopen' reason: '重新征求意见'"},
        {d + "CreateHandlingItem", "wang-hai",
         "item { source: HANDLING_SOURCE_LEADER_INSTRUCTION instructing_leader: 'officials/wang-hai'"
         " handling_unit: 'units/commerce-bureau' task: '研究' deadline { year: 2026 month: 3 day: 31 } }"},
        {d + "GetHandlingItem", "commerce-bureau-clerk", "name: '$item_extend'"},
        {d + "ListHandlingItems", "commerce-bureau-clerk", "handling_unit: 'units/commerce-bureau'"},
        {d + "ExtendHandlingItem", "wang-hai",
         "name: '$item_extend' explanation: '需补充调研' new_deadline { year: 2026 month: 4 day: 15 }"},
        {d + "CompleteHandlingItem", "commerce-bureau-clerk", "name: '$item_complete'"},
        {d + "RecordLegalityReview", "he-ping",
         "name: '$normative' result: LEGALITY_RESULT_LAWFUL no_prohibited_content_attested: true"},
        {d + "FileNormativeDocument", "he-ping", "name: '$normative'"},
        {d + "SetNormativeStatus", "he-ping", "name: '$normative' status: NORMATIVE_STATUS_VALID reason: '清理保留'"},
        {d + "ListNormativeCatalogue", "wang-hai", ""},

        // meeting
        {m + "CreateMeeting", kClerk,
         "meeting_id: 'e-matrix-2' meeting { kind: MEETING_KIND_EXECUTIVE title: '常务会议' date { year: 2026 month: 4 "
         "day: 9 } chair: 'officials/chen-li' }"},
        {m + "GetMeeting", "wang-hai", "name: '$meeting'"},
        {m + "ListMeetings", "wang-hai", "kind: MEETING_KIND_EXECUTIVE"},
        {m + "HoldMeeting", kClerk, "name: '$meeting' etag: '$meeting_etag'"},
        {m + "CreateTopic", "li-jiang",
         "topic_id: 't-matrix' topic { title: '河道治理' unit: 'units/water-bureau' meeting: '$meeting' }"},
        {m + "GetTopic", "wang-hai", "name: '$t_draft'"},
        {m + "ListTopics", "wang-hai", "meeting: '$meeting'"},
        {m + "SubmitTopic", "li-jiang", "name: '$t_draft' etag: '$t_draft_etag'"},
        {m + "SponsorTopic", "yu-han", "name: '$t_sub' etag: '$t_sub_etag'"},
        {m + "AggregateTopic", kClerk, "name: '$t_sub' etag: '$t_sub_etag'"},
        {m + "ApproveTopicForAgenda", "chen-li", "name: '$t_agg' etag: '$t_agg_etag'"},
        {m + "MoveTopic", kClerk, "name: '$t_draft' meeting: '$meeting' reason: '调整会次'"},
        {m + "RequestLeave", "li-na",
         "leave { meeting: '$meeting' official: 'officials/li-na' reason: LEAVE_REASON_EMERGENCY_RESPONSE }"},
        {m + "DecideLeave", "chen-li", "name: '$leave' etag: '$leave_etag' approve: true"},
        {m + "FileLeaveReport", "zhang-lei",
         "name: '$leave_dept' etag: '$leave_dept_etag' written_report: '书面报告' substitute: 'officials/ma-li'"},
        {m + "GetLeaveRequest", "wang-hai", "name: '$leave'"},
        {m + "ListLeaveRequests", "wang-hai", "meeting: '$meeting'"},
        {m + "CheckIn", "li-na", "meeting: '$meeting' official: 'officials/li-na'"},
        {m + "DraftMinutes", kClerk, "meeting: '$held' minutes { text: '纪要' }"},
        {m + "GetMinutes", "wang-hai", "name: '$minutes'"},
        {m + "ReviewMinutes", "yang-fan", "name: '$minutes' etag: '$minutes_etag'"},
        {m + "SignMinutes", "dao-jianhua", "name: '$minutes' etag: '$minutes_etag'"},
        {m + "RecordDecision", kClerk, "decision { meeting: '$held' text: '同意' }"},
        {m + "GetDecision", "wang-hai", "name: '$decision'"},
        {m + "ListDecisions", "wang-hai", "meeting: '$held'"},
        {m + "RecordDecisionDocumentIssued", kClerk,
         "name: '$decision' etag: '$decision_etag' document: 'documents/1'"},
        {m + "RecordDecisionPublication", kClerk, "name: '$decision' published_at: '县政府门户网站'"},
        {m + "ExcuseDocumentDelay", "chen-li", "name: '$decision' reason: '起草部门奉命修改'"},
        {m + "RouteMatter", "wang-hai",
         "matter { kind: MATTER_KIND_NEW_INVESTMENT title: '水厂' unit: 'units/water-bureau' amount { fen: 100 } }"},
        {m + "CreateMatter", "qian-kun",
         "matter { kind: MATTER_KIND_NPC_BILL title: '议案' unit: 'units/housing-bureau' }"},
        {m + "GetMatter", "wang-hai", "name: '$matter_ch'"},
        {m + "ListMatters", "wang-hai", "unit: 'units/housing-bureau'"},
        {m + "ApproveMatter", "chen-li", "name: '$matter_ch' etag: '$matter_ch_etag'"},
        {m + "ExecuteMatter", "liu-qiang", "name: '$matter_done' etag: '$matter_done_etag'"},
        {m + "CreateCountyMeeting", "zhang-lei",
         "county_meeting { title: '全县秋冬农业开发工作会议' unit: 'units/agriculture-bureau' held_in_name_of: "
         "ISSUING_NAME_DEPARTMENT date { year: 2026 month: 9 day: 15 } leader_consent: 'officials/yu-han' }"},
        {m + "GetCountyMeeting", "wang-hai", "name: '$county_meeting'"},
        {m + "ListCountyMeetings", "wang-hai", "year: 2026"},
        {m + "ApproveCountyMeeting", "chen-li", "name: '$county_meeting' etag: '$county_meeting_etag'"},
        {m + "SubmitMeetingPlan", "zhang-lei",
         "plan { unit: 'units/agriculture-bureau' year: 2027 meetings { title: '春耕会' date { year: 2027 month: 3 "
         "day: 1 } place: '县会议中心' days: 1 headcount: 100 funds { fen: 100000 } funds_source: '部门预算' } }"},
        // supervision
        {sv + "CreateTask", "sun-jie",
         "task { title: '道路改造' category: TASK_CATEGORY_LEADER_INSTRUCTION lead_unit: 'units/transport-bureau' "
         "deadline { year: 2026 month: 6 day: 30 } plan_item: '$plan/items/1' }"},
        {sv + "CreatePlan", "sun-jie", "plan { year: 2027 items { title: '专项督查' } }"},
        {sv + "GetPlan", "wang-hai", "name: '$plan'"},
        {sv + "ApprovePlan", "chen-li", "name: '$plan_draft' etag: '$plan_draft_etag'"},
        {sv + "ApproveAdHocItem", "chen-li",
         "name: '$plan' etag: '$plan_etag' item { title: '森林防火明察暗访' } reason: '森林防火形势严峻'"},
        {sv + "FilePlan", "sun-jie", "name: '$plan' filed_with: '县委督查室' filing_reference: '督备〔2026〕1号'"},
        {sv + "IssueCircular", "sun-jie",
         "period_start { year: 2026 month: 1 day: 1 } period_end { year: 2026 month: 3 day: 31 }"},
        {sv + "GetCircular", "wang-hai", "name: 'circulars/1'"},
        {sv + "ListCirculars", "wang-hai", ""},
        {sv + "GetTask", "wang-hai", "name: '$task'"},
        {sv + "ListTasks", "wang-hai", "lead_unit: 'units/housing-bureau'"},
        {sv + "ReportProgress", "qian-kun", "name: '$task' etag: '$task_etag' text: '已开工'"},
        {sv + "ReportDone", "qian-kun", "name: '$task' etag: '$task_etag' summary: '已完成'"},
        {sv + "VerifyTask", "sun-jie", "name: '$task' etag: '$task_etag' passed: true"},
        {sv + "SubmitRectificationReport", "qian-kun", "name: '$task' etag: '$task_etag' report: '整改报告'"},
        {sv + "CloseTask", "sun-jie", "name: '$task' etag: '$task_etag'"},
        {sv + "DrawInspection", "sun-jie",
         "method: INSPECTION_METHOD_RANDOM_CHECK sample_size: 1 seed: 42 plan_item: '$plan/items/2'"},
        {sv + "GetInspection", "wang-hai", "name: 'inspections/1'"},
        {sv + "GetEscalationItem", "wang-hai", "name: 'escalationItems/1'"},
        {sv + "ListEscalationItems", "wang-hai", "service: 'document'"},
        {sv + "RecordPublication", "qian-kun", "name: '$task' published_at: '县政府门户网站'"},
        {sv + "GetComplianceReport", "sun-jie",
         "period_start { year: 2026 month: 1 day: 1 } period_end { year: 2026 month: 12 day: 31 }"},
        {sv + "AssignSuggestion", kClerk,
         "suggestion { kind: SUGGESTION_KIND_NPC_SUGGESTION reference: '2026-017' title: '河道治理' handling_unit: "
         "'units/water-bureau' }"},
        {sv + "GetSuggestion", "wang-hai", "name: '$suggestion'"},
        {sv + "RecordCommunication", "li-jiang", "name: '$suggestion' etag: '$suggestion_etag' note: '电话沟通'"},
        {sv + "ReplySuggestion", "li-jiang", "name: '$suggestion' etag: '$suggestion_etag' result: '已列入计划'"},
        {sv + "PublishSuggestionResult", "li-jiang", "name: '$suggestion' published_at: '门户网站'"},
        {sv + "RecordSatisfaction", kClerk, "name: '$suggestion' satisfaction: SATISFACTION_SATISFIED"},
        {sv + "RegisterPetition", "fang-yuan",
         "petition { reference: 'XF-1' summary: '纠纷' handling_unit: 'units/water-bureau' important: true }"},
        {sv + "GetPetition", "wang-hai", "name: '$petition'"},
        {sv + "ReadPetition", "yu-han", "name: '$petition' etag: '$petition_etag' instruction: '请核实'"},
        {sv + "AdvancePetition", "fang-yuan",
         "name: '$petition' state: PETITION_STATE_IN_PROGRESS case_leader: 'officials/yu-han'"},

        // every process
        {esc + "GetEscalation", "chen-li", "name: '$escalation'"},
        {esc + "ListEscalations", "chen-li", "assignee: 'officials/chen-li'"},
        {esc + "AcknowledgeEscalation", "chen-li", "name: '$escalation' note: '本人签署'"},
        {hist + "ListHistory", "wang-hai", "resource: '$absence_wang'"},
        {feed + "ListEvents", "wang-hai", ""},
        {admin + "GetServiceInfo", "wang-hai", ""},
        {admin + "VerifyAuditChain", "wang-hai", ""},
        {clock + "GetTime", "wang-hai", ""},
        {clock + "SetTime", "wang-hai", "time { seconds: 1772413200 }"},
    };
  }

  static testing::County* county_;
  static std::map<std::string, std::string> world_;
};

testing::County* AccessMatrixTest::county_ = nullptr;
std::map<std::string, std::string> AccessMatrixTest::world_;

std::string TokenOf(testing::County& county, Kind k, const std::string& party) {
  switch (k) {
    case Kind::kParty:
      return county.Official(party);
    case Kind::kOther:
      return county.Official(kStranger);
    case Kind::kOffice:
      return county.Official(kClerk);
    case Kind::kSystem:
      return county.Admin(AdminRole::kSystemAdmin);
    case Kind::kSecurity:
      return county.Admin(AdminRole::kSecurityAdmin);
    case Kind::kAudit:
      return county.Admin(AdminRole::kAuditAdmin);
    case Kind::kTrusted:
      return county.Client("oa-system");
    case Kind::kTrustedForParty:
      return county.Client("oa-system", "officials/" + party);
    case Kind::kUntrusted:
      return county.Client("rogue-system");
  }
  return "";
}

TEST_F(AccessMatrixTest, EveryRpcAnswersEachKindOfCallerAsItsDeclarationSays) {
  const std::vector<Row> rows = Rows();
  std::set<std::string> covered;
  for (const Row& r : rows) covered.insert(r.method);
  for (const char* service :
       {"xianfu.personnel.v1.PersonnelService", "xianfu.document.v1.DocumentService",
        "xianfu.meeting.v1.MeetingService", "xianfu.supervision.v1.SupervisionService",
        "xianfu.common.v1.EscalationService", "xianfu.admin.v1.HistoryService", "xianfu.events.v1.EventFeedService",
        "xianfu.admin.v1.AdminService", "xianfu.admin.v1.ClockService"}) {
    const auto* s = google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(service);
    ASSERT_NE(s, nullptr) << service;
    for (int i = 0; i < s->method_count(); ++i) {
      EXPECT_TRUE(covered.contains(s->method(i)->full_name())) << s->method(i)->full_name() << " has no row here";
      EXPECT_NE(DeclaredAccess(s->method(i)), nullptr) << s->method(i)->full_name() << " declares no access";
    }
  }
  const std::vector<Kind> kinds = {Kind::kParty,   Kind::kOther,           Kind::kOffice,
                                   Kind::kSystem,  Kind::kSecurity,        Kind::kAudit,
                                   Kind::kTrusted, Kind::kTrustedForParty, Kind::kUntrusted};
  int cells = 0;
  for (const Row& row : rows) {
    const auto* method = google::protobuf::DescriptorPool::generated_pool()->FindMethodByName(row.method);
    ASSERT_NE(method, nullptr) << row.method;
    const Access* access = DeclaredAccess(method);
    ASSERT_NE(access, nullptr) << row.method;
    // The refused first: a caller who may act could change what the others find.
    std::vector<Kind> order;
    for (Kind k : kinds) {
      if (!Admits(*access, k, row.party)) order.push_back(k);
    }
    for (Kind k : kinds) {
      if (Admits(*access, k, row.party)) order.push_back(k);
    }
    for (Kind k : order) {
      const bool allowed = Admits(*access, k, row.party);
      grpc::Status s =
          county_->Call(ProcessOf(row.method), row.method, TokenOf(*county_, k, row.party), Fill(row.request));
      ++cells;
      const std::string where = absl::StrCat(row.method, " by ", KindName(k), " (", row.party, ")");
      if (allowed) {
        EXPECT_NE(s.error_code(), grpc::StatusCode::PERMISSION_DENIED) << where << ": " << s.error_message();
        EXPECT_NE(s.error_code(), grpc::StatusCode::UNAUTHENTICATED) << where << ": " << s.error_message();
        // An admitted caller's answer may be a refusal of the request, never a failure of the
        // service: every RPC here reaches its handler's store with a plausible request.
        EXPECT_NE(s.error_code(), grpc::StatusCode::INTERNAL) << where << ": " << s.error_message();
        EXPECT_NE(s.error_code(), grpc::StatusCode::UNKNOWN) << where << ": " << s.error_message();
        EXPECT_NE(s.error_code(), grpc::StatusCode::UNIMPLEMENTED) << where << ": " << s.error_message();
      } else {
        EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED) << where << ": " << s.error_message();
        if (!access->rule_id().empty() && s.error_code() == grpc::StatusCode::PERMISSION_DENIED) {
          auto violation = GetRuleViolation(FromGrpcStatus(s));
          EXPECT_TRUE(violation.has_value()) << where << " is refused without citing a rule: " << s.error_message();
          if (violation.has_value()) {
            EXPECT_FALSE(violation->article().display_zh().empty()) << where;
            EXPECT_FALSE(violation->message_en().empty()) << where;
          }
        }
      }
    }
  }
  std::printf("%d cells of the authorisation matrix\n", cells);
}

// The items of a List answer (its first repeated message field), each as text.
std::vector<std::string> ItemsOf(const Message& response) {
  const auto* d = response.GetDescriptor();
  for (int i = 0; i < d->field_count(); ++i) {
    const auto* f = d->field(i);
    if (!f->is_repeated() || f->type() != google::protobuf::FieldDescriptor::TYPE_MESSAGE) continue;
    std::vector<std::string> items;
    for (int j = 0; j < response.GetReflection()->FieldSize(response, f); ++j) {
      items.push_back(response.GetReflection()->GetRepeatedMessage(response, f, j).ShortDebugString());
    }
    return items;
  }
  return {};
}

// Every paginated List, as the official whose list it is: read one item a page, following the
// token, it gives the same items in the same order as read in pages of 500, and never a failure
// of the service. Each page is one statement (PageQuery), so a list whose rows need a second read
// fails here (ListPosts did, 78490d8). Also without a filter, where the list allows that.
TEST_F(AccessMatrixTest, EveryListPagesTheSameItemsOneAtATimeAsInOnePage) {
  int lists = 0, paged = 0;
  for (const Row& row : Rows()) {
    const auto* method = google::protobuf::DescriptorPool::generated_pool()->FindMethodByName(row.method);
    ASSERT_NE(method, nullptr) << row.method;
    if (method->input_type()->FindFieldByName("page_token") == nullptr) continue;
    ++lists;
    std::set<std::string> filters = {Fill(row.request), ""};
    for (const std::string& filter : filters) {
      const std::string where = absl::StrCat(row.method, " as ", row.party, " {", filter, "}");
      auto read_all = [&](int page_size, grpc::Status* status) {
        std::vector<std::string> items;
        std::string token;
        for (int pages = 0; pages < 200; ++pages) {
          std::unique_ptr<Message> out;
          std::string request = absl::StrCat(filter, " page_size: ", page_size);
          if (!token.empty()) absl::StrAppend(&request, " page_token: '", token, "'");
          *status = county_->Call(ProcessOf(row.method), row.method, Token(row.party), request, &out);
          if (!status->ok()) return items;
          std::vector<std::string> page = ItemsOf(*out);
          EXPECT_LE(page.size(), static_cast<size_t>(page_size)) << where;
          items.insert(items.end(), page.begin(), page.end());
          const auto* next = out->GetDescriptor()->FindFieldByName("next_page_token");
          token = out->GetReflection()->GetString(*out, next);
          if (token.empty()) return items;
        }
        ADD_FAILURE() << where << " still has a next page after 200";
        return items;
      };
      grpc::Status whole_status, paged_status;
      std::vector<std::string> whole = read_all(500, &whole_status);
      if (!whole_status.ok()) {
        EXPECT_NE(whole_status.error_code(), grpc::StatusCode::INTERNAL)
            << where << ": " << whole_status.error_message();
        EXPECT_NE(whole_status.error_code(), grpc::StatusCode::UNKNOWN)
            << where << ": " << whole_status.error_message();
        // The row's own request is one its party may make; only the unfiltered one may be refused.
        EXPECT_TRUE(filter.empty()) << where << ": " << whole_status.error_message();
        continue;
      }
      std::vector<std::string> one_at_a_time = read_all(1, &paged_status);
      EXPECT_TRUE(paged_status.ok()) << where << ": " << paged_status.error_message();
      EXPECT_EQ(one_at_a_time, whole) << where;
      if (whole.size() >= 2) ++paged;
    }
  }
  std::printf("%d lists; %d reads of two items or more paged one at a time\n", lists, paged);
  EXPECT_GE(lists, 25);
  EXPECT_GE(paged, 15);  // the world has enough rows for the paging itself to be exercised
}

// What a list shows of a resource is what Get shows of it: for every List whose items have a Get
// in the same service, the first items of the row's list, as its party, each fetched by name.
// The two read through different paths (a page's statement and decode, a record's load), so a
// field one of them forgets to fill or fills differently shows here.
TEST_F(AccessMatrixTest, EveryListedResourceIsWhatGetShowsOfIt) {
  int compared = 0;
  std::set<std::string> kinds;
  for (const Row& row : Rows()) {
    const auto* method = google::protobuf::DescriptorPool::generated_pool()->FindMethodByName(row.method);
    ASSERT_NE(method, nullptr) << row.method;
    if (method->input_type()->FindFieldByName("page_token") == nullptr) continue;
    const google::protobuf::FieldDescriptor* items = nullptr;
    for (int i = 0; i < method->output_type()->field_count() && items == nullptr; ++i) {
      const auto* f = method->output_type()->field(i);
      if (f->is_repeated() && f->type() == google::protobuf::FieldDescriptor::TYPE_MESSAGE) items = f;
    }
    if (items == nullptr) continue;
    const auto* get = method->service()->FindMethodByName("Get" + items->message_type()->name());
    if (get == nullptr || get->output_type() != items->message_type()) continue;
    std::unique_ptr<Message> listed;
    grpc::Status s = county_->Call(ProcessOf(row.method), row.method, Token(row.party),
                                   Fill(row.request) + " page_size: 3", &listed);
    ASSERT_TRUE(s.ok()) << row.method << ": " << s.error_message();
    for (int j = 0; j < listed->GetReflection()->FieldSize(*listed, items); ++j) {
      const Message& item = listed->GetReflection()->GetRepeatedMessage(*listed, items, j);
      std::unique_ptr<Message> got;
      const std::string where = absl::StrCat(row.method, " and ", get->name(), " of ", NameOf(item), " as ", row.party);
      grpc::Status g = county_->Call(ProcessOf(row.method), get->full_name(), Token(row.party),
                                     absl::StrCat("name: '", NameOf(item), "'"), &got);
      ASSERT_TRUE(g.ok()) << where << ": " << g.error_message();
      EXPECT_EQ(got->ShortDebugString(), item.ShortDebugString()) << where;
      ++compared;
      kinds.insert(items->message_type()->name());
    }
  }
  std::printf("%d listed resources of %zu kinds compared with Get\n", compared, kinds.size());
  EXPECT_EQ(kinds.size(), 18u);  // every resource kind with a List and a Get
}

// Nothing is done twice on a retry: every RPC that takes a request id, sent as its party twice
// with the same id, answers the second time as the first — the same resource, field for field,
// when the first succeeded; the same refusal when it did not — and the second call stores
// nothing (the service's request log does not grow).
TEST_F(AccessMatrixTest, EveryRetriedWriteAnswersAsTheFirstTimeAndStoresNothingMore) {
  auto database_of = [](const std::string& method) -> const testing::TestDatabase& {
    if (method.rfind(kM, 0) == 0) return county_->meeting_db();
    if (method.rfind(kS, 0) == 0) return county_->supervision_db();
    const bool document = method.rfind(kD, 0) == 0 || method.rfind("xianfu.common.v1.EscalationService.", 0) == 0;
    return document ? county_->document_db() : county_->personnel_db();
  };
  int replayed = 0, refused_twice = 0, n = 0;
  for (const Row& row : Rows()) {
    const auto* method = google::protobuf::DescriptorPool::generated_pool()->FindMethodByName(row.method);
    ASSERT_NE(method, nullptr) << row.method;
    if (method->input_type()->FindFieldByName("request_id") == nullptr) continue;
    const std::string request = absl::StrCat(Fill(row.request), " request_id: 'retry-", ++n, "'");
    const std::string where = absl::StrCat(row.method, " as ", row.party);
    std::unique_ptr<Message> first, second;
    grpc::Status s1 = county_->Call(ProcessOf(row.method), row.method, Token(row.party), request, &first);
    const int64_t stored = county_->Count(database_of(row.method), "request_log");
    grpc::Status s2 = county_->Call(ProcessOf(row.method), row.method, Token(row.party), request, &second);
    EXPECT_EQ(county_->Count(database_of(row.method), "request_log"), stored) << where;
    EXPECT_EQ(s2.error_code(), s1.error_code()) << where << ": " << s1.error_message() << " / " << s2.error_message();
    if (s1.ok() && s2.ok()) {
      EXPECT_EQ(second->ShortDebugString(), first->ShortDebugString()) << where;
      ++replayed;
    } else if (!s1.ok()) {
      ++refused_twice;
    }
  }
  std::printf("%d writes retried: %d answered again as the first time, %d refused again\n", n, replayed, refused_twice);
  EXPECT_GE(replayed, 20);
}

// A verb sent with the etag of a version that is not the resource's current one is ABORTED, and
// stores nothing: every RPC whose request has an etag, as its party, with "999" for the etag.
TEST_F(AccessMatrixTest, EveryVerbWithAStaleEtagIsAbortedAndStoresNothing) {
  const int64_t stored = RequestLogs();
  int sent = 0;
  for (const Row& row : Rows()) {
    const auto* method = google::protobuf::DescriptorPool::generated_pool()->FindMethodByName(row.method);
    ASSERT_NE(method, nullptr) << row.method;
    if (method->input_type()->FindFieldByName("etag") == nullptr) continue;
    std::string request = Fill(row.request);
    if (const size_t at = request.find("etag: '"); at != std::string::npos) {
      request.erase(at, request.find('\'', at + 7) + 1 - at);
    }
    absl::StrAppend(&request, " etag: '\"999\"'");
    // As the official whose act it is, or as the office where the step is the office's.
    std::string who = row.party;
    grpc::Status s = county_->Call(ProcessOf(row.method), row.method, Token(who), request);
    if (s.error_code() == grpc::StatusCode::PERMISSION_DENIED) {
      who = kClerk;
      s = county_->Call(ProcessOf(row.method), row.method, Token(who), request);
    }
    ++sent;
    EXPECT_EQ(s.error_code(), grpc::StatusCode::ABORTED) << row.method << " as " << who << ": " << s.error_message();
  }
  EXPECT_EQ(RequestLogs(), stored);
  std::printf("%d verbs sent with a stale etag\n", sent);
  EXPECT_GE(sent, 30);
}
// A resource that does not exist is NOT_FOUND, whoever asks and whatever its kind: every Get,
// as its row's party, for a name of the row's collection that names nothing.
TEST_F(AccessMatrixTest, EveryGetOfANameThatNamesNothingIsNotFound) {
  int sent = 0;
  for (const Row& row : Rows()) {
    const auto* method = google::protobuf::DescriptorPool::generated_pool()->FindMethodByName(row.method);
    ASSERT_NE(method, nullptr) << row.method;
    if (method->name().rfind("Get", 0) != 0 || method->input_type()->FindFieldByName("name") == nullptr) continue;
    std::unique_ptr<Message> request;
    const std::string filled = Fill(row.request);
    const size_t slash = filled.find('/');
    if (slash == std::string::npos) continue;  // a singleton (GetServiceInfo, GetTime)
    const size_t quote = filled.find('\'');
    const std::string collection = filled.substr(quote + 1, slash - quote - 1);
    const std::string name = collection + "/999999";
    grpc::Status s =
        county_->Call(ProcessOf(row.method), row.method, Token(row.party), absl::StrCat("name: '", name, "'"));
    ++sent;
    EXPECT_EQ(s.error_code(), grpc::StatusCode::NOT_FOUND) << row.method << " of " << name << ": " << s.error_message();
  }
  std::printf("%d Gets of names that name nothing\n", sent);
  EXPECT_GE(sent, 20);
}

// A verb on a resource that does not exist is NOT_FOUND and stores nothing: every RPC that names
// the resource it acts on (a `name` field), for a name of its collection that names nothing, by
// its row's party, or the office where the step is the office's.
TEST_F(AccessMatrixTest, EveryVerbOnANameThatNamesNothingIsNotFound) {
  const int64_t stored = RequestLogs();
  int sent = 0;
  for (const Row& row : Rows()) {
    const auto* method = google::protobuf::DescriptorPool::generated_pool()->FindMethodByName(row.method);
    ASSERT_NE(method, nullptr) << row.method;
    if (method->name().rfind("Get", 0) == 0 || method->input_type()->FindFieldByName("name") == nullptr) continue;
    std::string request = Fill(row.request);
    const size_t at = request.find("name: '");
    if (at == std::string::npos) continue;
    const size_t end = request.find('\'', at + 7);
    const std::string named = request.substr(at + 7, end - at - 7);
    const size_t slash = named.find('/');
    if (slash == std::string::npos) continue;
    const std::string nothing = named.substr(0, slash) + "/999999";
    request.replace(at + 7, end - at - 7, nothing);
    std::string who = row.party;
    grpc::Status s = county_->Call(ProcessOf(row.method), row.method, Token(who), request);
    if (s.error_code() == grpc::StatusCode::PERMISSION_DENIED) {
      who = kClerk;
      s = county_->Call(ProcessOf(row.method), row.method, Token(who), request);
    }
    ++sent;
    EXPECT_EQ(s.error_code(), grpc::StatusCode::NOT_FOUND)
        << row.method << " of " << nothing << " as " << who << ": " << s.error_message();
  }
  EXPECT_EQ(RequestLogs(), stored);
  std::printf("%d verbs on names that name nothing\n", sent);
  EXPECT_GE(sent, 40);
}

// Every refusal names its rule and article, in Chinese and English: each write, by whoever may
// make it, sent twice with fresh request ids (the second finds what the first did: a step already
// taken, a state moved on); every FAILED_PRECONDITION among the answers carries its rule id, the
// article in both languages and both messages. A step refused for the state of what it acts on
// (a countersign still pending, an escalation already acknowledged) cites the rule its method
// carries out.
TEST_F(AccessMatrixTest, EveryRefusalOfARuleCitesItsRuleAndArticleInBothLanguages) {
  int cited = 0;
  std::set<std::string> rules;
  for (const Row& row : Rows()) {
    const auto* method = google::protobuf::DescriptorPool::generated_pool()->FindMethodByName(row.method);
    ASSERT_NE(method, nullptr) << row.method;
    if (method->input_type()->FindFieldByName("request_id") == nullptr) continue;
    std::string who = row.party;
    for (int attempt = 0; attempt < 2; ++attempt) {
      grpc::Status s = county_->Call(ProcessOf(row.method), row.method, Token(who), Fill(row.request));
      if (s.error_code() == grpc::StatusCode::PERMISSION_DENIED && who != kClerk) {
        who = kClerk;
        s = county_->Call(ProcessOf(row.method), row.method, Token(who), Fill(row.request));
      }
      if (s.error_code() != grpc::StatusCode::FAILED_PRECONDITION) continue;
      const std::string where = absl::StrCat(row.method, " as ", who, ": ", s.error_message());
      std::optional<common::v1::RuleViolation> violation = GetRuleViolation(FromGrpcStatus(s));
      if (!violation.has_value()) {
        ADD_FAILURE() << "no rule named: " << where;
        continue;
      }
      ++cited;
      EXPECT_FALSE(violation->rule_id().empty()) << where;
      EXPECT_FALSE(violation->article().display_zh().empty()) << where;
      EXPECT_FALSE(violation->article().display_en().empty()) << where;
      EXPECT_FALSE(violation->message_zh().empty()) << where;
      EXPECT_FALSE(violation->message_en().empty()) << where;
      rules.insert(violation->rule_id());
    }
  }
  std::printf("%d refusals citing %zu rules\n", cited, rules.size());
  EXPECT_GE(cited, 15);
}
}  // namespace
}  // namespace xianfu
