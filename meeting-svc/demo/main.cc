// meeting-demo: meetings, topics and matters through the public API as the officials of fixture
// F-1 (loaded first by personnel-demo), dated from today:
//  * an executive meeting next week and the one after, a party-group meeting, a plenary and a
//    special-topic meeting;
//  * topics in every state: for the next executive meeting draft, submitted, sponsored, compiled,
//    on the agenda, returned (within a department's authority) and deferred (王海 excused);
//    decided at an executive meeting held today, whose notice is due in 5 working days;
//  * matters awaiting each forum: the county head (150,000), the executive meeting (3,000,000),
//    the party group (10,000,000 and a 50,000,000 investment), both in order (the annual plan).
// Request ids are fixed, so loading twice changes nothing.
#include <cstdio>

#include "absl/flags/declare.h"
#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/auth.h"
#include "common/calendar.h"
#include "common/deadline_proto.h"
#include "common/errors.h"
#include "common/status_macros.h"
#include "grpcpp/grpcpp.h"
#include "meeting-svc/domain/rules.h"
#include "xianfu/meeting/v1/meeting.grpc.pb.h"

ABSL_FLAG(std::string, target, "127.0.0.1:7103", "meeting-svc address");
// --auth_config (the key configuration that signs the demo tokens) and --personnel_target are the
// services' own flags (common/server.cc), linked in with the routing rules.
ABSL_DECLARE_FLAG(std::string, auth_config);
ABSL_DECLARE_FLAG(std::string, personnel_target);
ABSL_FLAG(std::string, routing_table, "",
          "print the routing table of this policy file as Markdown (RouteMatter's answers) and exit");

namespace xianfu::meeting {
namespace {

namespace v1 = ::xianfu::meeting::v1;

class Demo {
 public:
  explicit Demo(const AuthConfig& config) : config_(config) {
    stub_ = v1::MeetingService::NewStub(
        grpc::CreateChannel(absl::GetFlag(FLAGS_target), grpc::InsecureChannelCredentials()));
  }

  absl::Status Run() {
    const absl::CivilDay today = LocalDay(absl::Now());
    // Next Thursday and the one four weeks later, far enough ahead for every topic's deadline.
    absl::CivilDay next = today + 8;
    while (absl::GetWeekday(next) != absl::Weekday::thursday) ++next;
    const std::string suffix = absl::StrCat(next.year(), "-", next.month(), "-", next.day());
    RETURN_IF_ERROR(
        Meeting(absl::StrCat("e-", suffix), v1::MEETING_KIND_EXECUTIVE, "县人民政府常务会议", next, "chen-li"));
    RETURN_IF_ERROR(
        Meeting(absl::StrCat("e2-", suffix), v1::MEETING_KIND_EXECUTIVE, "县人民政府常务会议", next + 28, "chen-li"));
    RETURN_IF_ERROR(
        Meeting(absl::StrCat("pg-", suffix), v1::MEETING_KIND_PARTY_GROUP, "县政府党组会议", next + 1, "chen-li"));
    RETURN_IF_ERROR(
        Meeting(absl::StrCat("p-", suffix), v1::MEETING_KIND_PLENARY, "县人民政府全体会议", next + 14, "chen-li"));
    RETURN_IF_ERROR(
        Meeting(absl::StrCat("s-", suffix), v1::MEETING_KIND_SPECIAL_TOPIC, "雨季防汛专题会议", next - 2, "yu-han"));
    const std::string meeting = absl::StrCat("meetings/e-", suffix);

    // Topics along the path; each later state takes the earlier steps first.
    struct Step {
      const char* id;
      const char* title;
      const char* unit;
      const char* clerk;
      const char* sponsor;
      int steps;  // 0 draft, 1 submitted, 2 sponsored, 3 compiled, 4 on the agenda
    };
    const Step topics[] = {
        {"demo-draft", "县城污水管网改造方案", "housing-bureau", "qian-kun", "yan-xiang", 0},
        {"demo-submitted", "2026年秋季学期学位调配方案", "education-bureau", "wu-jing", "li-na", 1},
        {"demo-sponsored", "县级医院服务能力提升方案", "health-bureau", "xu-lei", "li-na", 2},
        {"demo-compiled", "边民互市贸易点升级改造方案", "commerce-bureau", "huang-tao", "wang-hai", 3},
        {"demo-agenda", "县城道路交通安全整治方案", "transport-bureau", "lu-ming", "yan-xiang", 4},
    };
    for (const Step& s : topics) {
      v1::Topic t;
      t.set_title(s.title);
      t.set_unit(absl::StrCat("units/", s.unit));
      t.set_meeting(meeting);
      t.set_basis_and_reasons("依据相关法律法规和县委县政府工作部署");
      absl::StatusOr<v1::Topic> created =
          Call<v1::Topic>(s.clerk, "CreateTopic", [&](grpc::ClientContext* c, v1::Topic* out) {
            v1::CreateTopicRequest r;
            r.set_topic_id(absl::StrCat(s.id, "-", suffix));
            *r.mutable_topic() = t;
            r.set_request_id(absl::StrCat("demo-topic-", s.id, "-", suffix));
            return stub_->CreateTopic(c, r, out);
          });
      if (!created.ok()) return created.status();
      v1::Topic topic = *created;
      if (s.steps >= 1) RETURN_IF_ERROR(Step1(s.clerk, "SubmitTopic", topic).status());
      if (s.steps >= 2) RETURN_IF_ERROR(Step1(s.sponsor, "SponsorTopic", topic).status());
      if (s.steps >= 3) RETURN_IF_ERROR(Step1("li-wen", "AggregateTopic", topic).status());
      if (s.steps >= 4) RETURN_IF_ERROR(Step1("chen-li", "ApproveTopicForAgenda", topic).status());
    }

    // Returned: a matter within the health bureau's own authority (MTG-17).
    {
      v1::Topic t;
      t.set_title("县级公立医院内设科室调整");
      t.set_unit("units/health-bureau");
      t.set_meeting(meeting);
      t.set_basis_and_reasons("依据医疗机构管理条例");
      t.set_authority(v1::AUTHORITY_OWNER_DEPARTMENT);
      absl::StatusOr<v1::Topic> created = CreateTopic("xu-lei", "demo-returned", suffix, t);
      if (!created.ok()) return created.status();
      v1::Topic topic = *created;
      // Refused and returned: the refusal is the expected answer.
      (void)Step1("xu-lei", "SubmitTopic", topic);
    }
    // Deferred: 王海 is excused from the meeting, so the commerce bureau's topic waits.
    {
      v1::Topic t;
      t.set_title("磨憨口岸货运通道优化方案");
      t.set_unit("units/commerce-bureau");
      t.set_meeting(meeting);
      t.set_basis_and_reasons("依据口岸发展规划");
      absl::StatusOr<v1::Topic> created = CreateTopic("huang-tao", "demo-deferred", suffix, t);
      if (!created.ok()) return created.status();
      v1::Topic topic = *created;
      RETURN_IF_ERROR(Step1("huang-tao", "SubmitTopic", topic).status());
      absl::StatusOr<v1::LeaveRequest> leave =
          Call<v1::LeaveRequest>("wang-hai", "RequestLeave", [&](grpc::ClientContext* c, v1::LeaveRequest* out) {
            v1::RequestLeaveRequest r;
            r.mutable_leave()->set_meeting(meeting);
            r.mutable_leave()->set_official("officials/wang-hai");
            r.mutable_leave()->set_reason(v1::LEAVE_REASON_HIGHER_LEVEL_MEETING_OR_EVENT);
            r.mutable_leave()->set_note("全州口岸工作会议");
            r.set_request_id(absl::StrCat("demo-leave-wang-", suffix));
            return stub_->RequestLeave(c, r, out);
          });
      if (!leave.ok()) return leave.status();
      if (leave->state() == v1::LEAVE_STATE_REQUESTED) {
        RETURN_IF_ERROR(
            Call<v1::LeaveRequest>("chen-li", "DecideLeave", [&](grpc::ClientContext* c, v1::LeaveRequest* out) {
              v1::DecideLeaveRequest r;
              r.set_name(leave->name());
              r.set_etag(leave->etag());
              r.set_approve(true);
              r.set_request_id(absl::StrCat("demo-decide-wang-", suffix));
              return stub_->DecideLeave(c, r, out);
            }).status());
      }
    }
    // Decided: an executive meeting held today decided to issue a notice, due in 5 working days
    // (MTG-23).
    {
      const std::string today_id = absl::StrCat("e-today-", today.year(), "-", today.month(), "-", today.day());
      RETURN_IF_ERROR(Meeting(today_id, v1::MEETING_KIND_EXECUTIVE, "县人民政府常务会议(今日)", today, "chen-li"));
      v1::Topic t;
      t.set_title("冬春森林防火工作方案");
      t.set_unit("units/forestry-bureau");
      t.set_meeting(absl::StrCat("meetings/", today_id));
      t.set_basis_and_reasons("依据森林防火条例");
      absl::StatusOr<v1::Topic> created = CreateTopic("bai-yun", "demo-decided", suffix, t);
      if (!created.ok()) return created.status();
      v1::Topic topic = *created;
      // Late for today's meeting: the county head admits it (AMB-38).
      RETURN_IF_ERROR(Call<v1::Topic>("chen-li", "SubmitTopic", [&](grpc::ClientContext* c, v1::Topic* out) {
                        v1::SubmitTopicRequest r;
                        r.set_name(topic.name());
                        r.set_etag(topic.etag());
                        auto* o = r.add_overrides();
                        o->set_rule_id("MTG-14");
                        o->set_reason("防火期临近，须本次会议研究");
                        r.set_request_id(absl::StrCat("demo-submit-decided-", suffix));
                        return stub_->SubmitTopic(c, r, out);
                      }).status());
      absl::StatusOr<v1::Topic> current = Get(topic.name());
      if (!current.ok()) return current.status();
      topic = *current;
      // 玉罕 is away this week (personnel-demo): 李娜, her B, sponsors for her.
      if (topic.state() == v1::TOPIC_STATE_SUBMITTED) RETURN_IF_ERROR(Step1("li-na", "SponsorTopic", topic).status());
      if (topic.state() == v1::TOPIC_STATE_SPONSORED)
        RETURN_IF_ERROR(Step1("li-wen", "AggregateTopic", topic).status());
      if (topic.state() == v1::TOPIC_STATE_AGGREGATED) {
        RETURN_IF_ERROR(Step1("chen-li", "ApproveTopicForAgenda", topic).status());
      }
      absl::StatusOr<v1::Meeting> held =
          Call<v1::Meeting>("li-wen", "GetMeeting", [&](grpc::ClientContext* c, v1::Meeting* out) {
            v1::GetMeetingRequest r;
            r.set_name(absl::StrCat("meetings/", today_id));
            return stub_->GetMeeting(c, r, out);
          });
      if (!held.ok()) return held.status();
      if (held->state() == v1::MEETING_STATE_SCHEDULED) {
        RETURN_IF_ERROR(Call<v1::Meeting>("li-wen", "HoldMeeting", [&](grpc::ClientContext* c, v1::Meeting* out) {
                          v1::HoldMeetingRequest r;
                          r.set_name(held->name());
                          r.set_etag(held->etag());
                          r.set_request_id(absl::StrCat("demo-hold-", today_id));
                          return stub_->HoldMeeting(c, r, out);
                        }).status());
      }
      RETURN_IF_ERROR(Call<v1::Decision>("li-wen", "RecordDecision", [&](grpc::ClientContext* c, v1::Decision* out) {
                        v1::RecordDecisionRequest r;
                        r.mutable_decision()->set_meeting(held->name());
                        r.mutable_decision()->set_topic(topic.name());
                        r.mutable_decision()->set_text("原则同意，按程序印发");
                        r.mutable_decision()->set_requires_document(true);
                        r.mutable_decision()->set_document_title("勐腊县冬春森林防火工作方案");
                        r.mutable_decision()->set_responsible_unit("units/forestry-bureau");
                        r.set_request_id(absl::StrCat("demo-decision-", today_id));
                        return stub_->RecordDecision(c, r, out);
                      }).status());
    }

    // Matters awaiting each forum.
    struct MatterRow {
      const char* key;
      v1::MatterKind kind;
      const char* title;
      const char* unit;
      const char* clerk;
      int64_t fen;
    };
    const MatterRow matters[] = {
        {"ch", v1::MATTER_KIND_FUND_ADJUSTMENT, "村级活动场所维修资金调整", "finance-bureau", "liu-qiang", 15000000},
        {"exec", v1::MATTER_KIND_FUND_ADJUSTMENT, "城区路灯改造资金调整", "housing-bureau", "qian-kun", 300000000},
        {"pg", v1::MATTER_KIND_FUND_ADJUSTMENT, "城区雨污分流改造资金调整", "housing-bureau", "qian-kun", 1000000000},
        {"inv", v1::MATTER_KIND_NEW_INVESTMENT, "县城第二水厂", "development-reform-bureau", "feng-gang", 5000000000},
        {"plan", v1::MATTER_KIND_ANNUAL_INVESTMENT_PLAN, "年度重大项目投资计划", "development-reform-bureau",
         "feng-gang", 0},
    };
    for (const MatterRow& m : matters) {
      RETURN_IF_ERROR(Call<v1::Matter>(m.clerk, "CreateMatter", [&](grpc::ClientContext* c, v1::Matter* out) {
                        v1::CreateMatterRequest r;
                        r.mutable_matter()->set_kind(m.kind);
                        r.mutable_matter()->set_title(m.title);
                        r.mutable_matter()->set_unit(absl::StrCat("units/", m.unit));
                        if (m.fen > 0) r.mutable_matter()->mutable_amount()->set_fen(m.fen);
                        r.set_request_id(absl::StrCat("demo-matter-", m.key, "-", suffix));
                        return stub_->CreateMatter(c, r, out);
                      }).status());
    }
    std::printf(
        "meeting-demo: 6 meetings (one held today) from %s, topics in every state, matters awaiting each forum\n",
        absl::FormatCivilTime(next).c_str());
    return absl::OkStatus();
  }

 private:
  std::string Token(const std::string& subject) { return *MintWithConfig(config_, subject); }

  template <typename T>
  absl::StatusOr<T> Call(const std::string& official, absl::string_view step,
                         const std::function<grpc::Status(grpc::ClientContext*, T*)>& fn) {
    grpc::ClientContext ctx;
    ctx.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(10)));
    ctx.AddMetadata("authorization", "Bearer " + Token(absl::StrCat("officials/", official)));
    T out;
    const grpc::Status s = fn(&ctx, &out);
    if (!s.ok()) return absl::Status(FromGrpcStatus(s).code(), absl::StrCat(step, ": ", s.error_message()));
    return out;
  }

  absl::Status Meeting(const std::string& id, v1::MeetingKind kind, const std::string& title, absl::CivilDay day,
                       const std::string& chair) {
    return Call<v1::Meeting>("li-wen", "CreateMeeting",
                             [&](grpc::ClientContext* c, v1::Meeting* out) {
                               v1::CreateMeetingRequest r;
                               r.set_meeting_id(id);
                               r.mutable_meeting()->set_kind(kind);
                               r.mutable_meeting()->set_title(title);
                               *r.mutable_meeting()->mutable_date() = ToProtoDate(day);
                               r.mutable_meeting()->set_chair(absl::StrCat("officials/", chair));
                               r.mutable_meeting()->set_place("县政府第一会议室");
                               r.set_request_id(absl::StrCat("demo-meeting-", id));
                               return stub_->CreateMeeting(c, r, out);
                             })
        .status();
  }

  absl::StatusOr<v1::Topic> CreateTopic(const std::string& clerk, const std::string& id, const std::string& suffix,
                                        const v1::Topic& t) {
    return Call<v1::Topic>(clerk, "CreateTopic", [&](grpc::ClientContext* c, v1::Topic* out) {
      v1::CreateTopicRequest r;
      r.set_topic_id(absl::StrCat(id, "-", suffix));
      *r.mutable_topic() = t;
      r.set_request_id(absl::StrCat("demo-topic-", id, "-", suffix));
      return stub_->CreateTopic(c, r, out);
    });
  }

  absl::StatusOr<v1::Topic> Get(const std::string& name) {
    return Call<v1::Topic>("li-wen", "GetTopic", [&](grpc::ClientContext* c, v1::Topic* out) {
      v1::GetTopicRequest r;
      r.set_name(name);
      return stub_->GetTopic(c, r, out);
    });
  }

  // One step of a topic's path on its current version (a repeated load replays the first answer).
  absl::StatusOr<v1::Topic> Step1(const std::string& who, const std::string& verb, v1::Topic& topic) {
    auto result = Call<v1::Topic>(who, verb, [&](grpc::ClientContext* c, v1::Topic* out) {
      const std::string rid = absl::StrCat("demo-", verb, "-", topic.name());
      if (verb == "SubmitTopic") {
        v1::SubmitTopicRequest r;
        r.set_name(topic.name());
        r.set_etag(topic.etag());
        r.set_request_id(rid);
        return stub_->SubmitTopic(c, r, out);
      }
      if (verb == "SponsorTopic") {
        v1::SponsorTopicRequest r;
        r.set_name(topic.name());
        r.set_etag(topic.etag());
        r.set_request_id(rid);
        return stub_->SponsorTopic(c, r, out);
      }
      if (verb == "AggregateTopic") {
        v1::AggregateTopicRequest r;
        r.set_name(topic.name());
        r.set_etag(topic.etag());
        r.set_request_id(rid);
        return stub_->AggregateTopic(c, r, out);
      }
      v1::ApproveTopicForAgendaRequest r;
      r.set_name(topic.name());
      r.set_etag(topic.etag());
      r.set_request_id(rid);
      return stub_->ApproveTopicForAgenda(c, r, out);
    });
    if (result.ok()) topic = *result;
    return result;
  }

  const AuthConfig& config_;
  std::unique_ptr<v1::MeetingService::Stub> stub_;
};

}  // namespace
}  // namespace xianfu::meeting

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  if (const std::string policy_file = absl::GetFlag(FLAGS_routing_table); !policy_file.empty()) {
    absl::StatusOr<std::shared_ptr<const xianfu::Policy>> policy = xianfu::LoadPolicy(policy_file);
    if (!policy.ok()) {
      std::fprintf(stderr, "meeting-demo: %s\n", std::string(policy.status().message()).c_str());
      return 2;
    }
    std::fputs(xianfu::meeting::RoutingTableMarkdown(**policy).c_str(), stdout);
    return 0;
  }
  absl::StatusOr<xianfu::AuthConfig> config = xianfu::LoadAuthConfig(absl::GetFlag(FLAGS_auth_config));
  if (!config.ok() || config->keys.empty()) {
    std::fprintf(stderr, "meeting-demo: %s\n", std::string(config.status().message()).c_str());
    return 1;
  }
  xianfu::meeting::Demo demo(*config);
  absl::Status s = demo.Run();
  if (!s.ok()) {
    std::fprintf(stderr, "meeting-demo: %s\n", std::string(s.message()).c_str());
    return 1;
  }
  return 0;
}
