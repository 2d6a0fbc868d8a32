// Agenda topics (art. 43, art. 50 ¶3, arts 22, 24, 26): the path DRAFT → SUBMITTED → SPONSORED →
// AGGREGATED → APPROVED_FOR_AGENDA, the submission deadline, the authority and coordination
// filter, the materials of major matters and the gates of major administrative decisions.
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/deadline_proto.h"
#include "common/errors.h"
#include "common/overrides.h"
#include "common/validation.h"
#include "meeting-svc/domain/rules.h"

namespace xianfu::meeting {
namespace {

namespace pv1 = ::xianfu::policy::v1;

bool TakesTopics(v1::MeetingKind kind) {
  return kind == v1::MEETING_KIND_PLENARY || kind == v1::MEETING_KIND_PARTY_GROUP || kind == v1::MEETING_KIND_EXECUTIVE;
}

absl::Status RequireState(const v1::Topic& t, v1::TopicState state, absl::string_view step, const Policy& policy) {
  if (t.late()) {
    return policy.Refuse(absl::StatusCode::kFailedPrecondition, "MTG-14",
                         absl::StrCat("议题逾期报送，未列入", t.meeting(), "；请调整至", t.proposed_meeting()),
                         absl::StrCat("the topic came late and is not admitted to ", t.meeting(), "; move it to ",
                                      t.proposed_meeting().empty() ? "a later meeting" : t.proposed_meeting()));
  }
  if (t.state() == state) return absl::OkStatus();
  // MTG-13: no state is skipped.
  return policy.Refuse(absl::StatusCode::kFailedPrecondition, "MTG-13",
                       absl::StrCat(t.name(), "当前为", v1::TopicState_Name(t.state()), "，", step, "须在",
                                    v1::TopicState_Name(state), "之后"),
                       absl::StrCat(t.name(), " is ", v1::TopicState_Name(t.state()), "; ", step, " needs ",
                                    v1::TopicState_Name(state)));
}

absl::StatusOr<std::optional<common::v1::OverrideRecord>> Take(
    absl::string_view rule, const std::vector<common::v1::OverrideRequest>& overrides, const Person& me,
    const Env& env) {
  return TakeOverride(
      rule, overrides, me.official, [&](absl::string_view role) { return me.Has(role); }, env.now, *env.policy);
}

}  // namespace

absl::Status DraftTopic(v1::Topic& t, const v1::Meeting& meeting, const std::string& actor, const Env& env) {
  if (!TakesTopics(meeting.kind())) {
    return env.policy->Refuse(absl::StatusCode::kFailedPrecondition, "MTG-13",
                              "议题程序适用于全体会议、党组会议和常务会议",
                              "topics are proposed for plenary, party-group and executive meetings", "topic.meeting");
  }
  if (meeting.state() != v1::MEETING_STATE_SCHEDULED) {
    return absl::FailedPreconditionError(absl::StrCat(meeting.name(), " has been held"));
  }
  if (meeting.kind() == v1::MEETING_KIND_PLENARY && t.plenary_category() == v1::PLENARY_CATEGORY_UNSPECIFIED) {
    return env.policy->Refuse(absl::StatusCode::kInvalidArgument, "MTG-04", "全体会议议题须标明第三十九条所列类别",
                              "a plenary topic names its category of art. 39", "topic.plenary_category");
  }
  t.set_state(v1::TOPIC_STATE_DRAFT);
  t.set_created_by(actor);
  *t.mutable_create_time() = ToProtoTime(env.now);
  return absl::OkStatus();
}

absl::CivilDay LatestSubmission(const v1::Meeting& meeting, bool major, const Env& env) {
  const pv1::TopicsPolicy& p = env.policy->proto().topics();
  const int n = major ? p.major_lead_days().count() : p.normal_lead_days().count();
  const absl::CivilDay date = FromProtoDate(meeting.date());
  if (p.deadline_unit().value() == pv1::DAY_UNIT_WORKING_DAY) return env.calendar->AddWorkingDays(date, -n).day;
  return date - n;  // AMB-07: calendar days, no holiday shift
}

absl::Status SubmitTopic(v1::Topic& t, const v1::Meeting& meeting, const std::vector<v1::Meeting>& later,
                         const std::vector<common::v1::OverrideRequest>& overrides, const Person& me, const Env& env,
                         Effects& fx) {
  const Policy& policy = *env.policy;
  // A late topic is submitted again to be admitted with the county head's override.
  const bool resubmitting_late = t.state() == v1::TOPIC_STATE_SUBMITTED && t.late();
  if (t.state() != v1::TOPIC_STATE_DRAFT && t.state() != v1::TOPIC_STATE_RETURNED && !resubmitting_late) {
    return absl::FailedPreconditionError(absl::StrCat(t.name(), " is ", v1::TopicState_Name(t.state()),
                                                      "; only a draft or returned topic is submitted"));
  }
  if (meeting.state() != v1::MEETING_STATE_SCHEDULED) {
    return absl::FailedPreconditionError(absl::StrCat(meeting.name(), " has been held; move the topic first"));
  }
  if (t.basis_and_reasons().empty()) {
    return policy.Refuse(absl::StatusCode::kInvalidArgument, "MTG-14", "请示须写明提请审议的依据和理由",
                         "the request states the basis and reasons for deliberation", "topic.basis_and_reasons");
  }
  ASSIGN_OR_RETURN(override17, Take("MTG-17", overrides, me, env));
  ASSIGN_OR_RETURN(override14, Take("MTG-14", overrides, me, env));
  t.clear_return_reasons();
  // MTG-17(a): a matter within someone's own authority goes back to its owner.
  const bool own_authority = t.authority() == v1::AUTHORITY_OWNER_DEPARTMENT ||
                             t.authority() == v1::AUTHORITY_OWNER_DEPUTY_HEAD ||
                             t.authority() == v1::AUTHORITY_OWNER_OFFICE_DIRECTOR;
  // MTG-17(b): the units it affects were consulted beforehand.
  const bool uncoordinated = !t.affected_units().empty() && t.coordination_record().empty();
  if ((own_authority || uncoordinated) && !override17.has_value()) {
    if (own_authority) {
      const absl::Status refusal = policy.Refuse(
          absl::StatusCode::kFailedPrecondition, "MTG-17", "属于分管领导或部门职权范围内的事项，请自行决定",
          "a matter within a deputy head's, the office director's or a department's own authority is "
          "decided there, not at the meeting",
          "topic.authority");
      *t.add_return_reasons() = policy.Explain("MTG-17", "属于职权范围内的事项，退回自行决定",
                                               "within its owner's own authority: returned to decide there");
      t.set_state(v1::TOPIC_STATE_RETURNED);
      fx.AnswerWith(refusal);
      return absl::OkStatus();
    }
    return policy.Refuse(absl::StatusCode::kFailedPrecondition, "MTG-17", "涉及其他单位的事项须会前协调并附协调记录",
                         "a matter affecting other units carries the record of coordinating with them",
                         "topic.coordination_record");
  }
  // MTG-14: the latest day before the meeting, in calendar days (AMB-07); a late topic goes to the
  // next meeting of its kind whose deadline it still makes, unless the county head admits it.
  const absl::CivilDay latest = LatestSubmission(meeting, t.major(), env);
  const policy::v1::TopicsPolicy& topics = policy.proto().topics();
  const int lead = t.major() ? topics.major_lead_days().count() : topics.normal_lead_days().count();
  const bool working = topics.deadline_unit().value() == policy::v1::DAY_UNIT_WORKING_DAY;
  *t.mutable_latest_submission() = ToProtoDate(latest);
  t.clear_proposed_meeting();
  t.set_late(false);
  if (!resubmitting_late) *t.mutable_submit_time() = ToProtoTime(env.now);
  if (env.today > latest && !override14.has_value()) {
    for (const v1::Meeting& m : later) {
      if (m.kind() == meeting.kind() && m.state() == v1::MEETING_STATE_SCHEDULED &&
          LatestSubmission(m, t.major(), env) >= env.today) {
        t.set_proposed_meeting(m.name());
        break;
      }
    }
    const std::string next_zh =
        t.proposed_meeting().empty() ? "尚无可赶上的下一次同类会议" : absl::StrCat("建议提交", t.proposed_meeting());
    const std::string next_en = t.proposed_meeting().empty() ? "no later meeting of this kind is scheduled yet"
                                                             : absl::StrCat("proposed instead: ", t.proposed_meeting());
    fx.AnswerWith(policy.Refuse(absl::StatusCode::kFailedPrecondition, "MTG-14",
                                absl::StrCat("议题最迟应于", absl::FormatCivilTime(latest), "前报送(会前", lead,
                                             working ? "个工作日" : "日", ")；", next_zh),
                                absl::StrCat("the topic was due by ", absl::FormatCivilTime(latest), " (", lead,
                                             working ? " working" : "", " days before the meeting); ", next_en)));
    // Received, but not admitted to that meeting.
    t.set_state(v1::TOPIC_STATE_SUBMITTED);
    t.set_late(true);
    return absl::OkStatus();
  }
  for (const auto* o : {&override17, &override14}) {
    if (o->has_value()) {
      *t.add_overrides() = **o;
      fx.Override(**o, t.name());
    }
  }
  t.set_state(v1::TOPIC_STATE_SUBMITTED);
  return absl::OkStatus();
}

absl::Status SponsorTopic(v1::Topic& t, bool major, const Person& me, const Env& env, Effects& fx) {
  RETURN_IF_ERROR(RequireState(t, v1::TOPIC_STATE_SUBMITTED, "sponsoring", *env.policy));
  if (major) t.set_major(true);  // AMB-08: flagged major by the sponsoring leader
  if (t.major()) {
    // MTG-18: what a major matter carries before it is put forward.
    const v1::MajorMatterFile& f = t.major_file();
    std::vector<std::string> missing_zh, missing_en;
    auto need = [&](bool ok, const char* zh, const char* en) {
      if (!ok) {
        missing_zh.push_back(zh);
        missing_en.push_back(en);
      }
    };
    need(!f.assessment().empty(), "合法性、必要性、科学性、可行性和可控性评估",
         "the assessment of legality, necessity, "
         "soundness, feasibility and controllability");
    need(!f.consultation().empty(), "与相关部门协商意见", "the consultation with related departments");
    need(!f.concerns_localities() || !f.local_consultation().empty(), "征求相关乡镇、农场、园区意见",
         "the consultation with the townships, farms or zones concerned");
    need(!f.public_interest() || !f.stability_assessment().empty(), "社会稳定风险评估",
         "the social-stability risk assessment");
    need(!f.public_interest() || !f.public_input().empty(), "公众意见(听证等)",
         "the public's input (hearing or other)");
    if (!missing_zh.empty()) {
      return env.policy->Refuse(absl::StatusCode::kFailedPrecondition, "MTG-18",
                                absl::StrCat("重大事项报审缺少：", absl::StrJoin(missing_zh, "、")),
                                absl::StrCat("a major matter lacks: ", absl::StrJoin(missing_en, "; ")),
                                "topic.major_file");
    }
  }
  t.set_sponsor(me.official);
  t.set_sponsor_display(me.display_name);
  t.set_state(v1::TOPIC_STATE_SPONSORED);
  return absl::OkStatus();
}

absl::Status AggregateTopic(v1::Topic& t, const Env& env, Effects& fx) {
  RETURN_IF_ERROR(RequireState(t, v1::TOPIC_STATE_SPONSORED, "compiling", *env.policy));
  t.set_state(v1::TOPIC_STATE_AGGREGATED);
  return absl::OkStatus();
}

absl::Status ApproveForAgenda(v1::Topic& t, const AgendaFacts& facts, const Person& me, const Env& env, Effects& fx) {
  const Policy& policy = *env.policy;
  RETURN_IF_ERROR(RequireState(t, v1::TOPIC_STATE_AGGREGATED, "fixing the agenda", policy));
  // MTG-15 (DOC-11): a normative or major policy document comes with its drafting explanation.
  if ((t.normative() || (t.major() && !t.document().empty())) && t.drafting_explanation().empty()) {
    return policy.Refuse(absl::StatusCode::kFailedPrecondition, "MTG-15", "重大政策性、规范性文件须附起草说明",
                         "a major policy or normative document comes with its drafting explanation",
                         "topic.drafting_explanation");
  }
  // MTG-16: a normative document passed the judicial bureau's legality review.
  if (t.normative() && facts.document_lawful != true) {
    return policy.Refuse(absl::StatusCode::kFailedPrecondition, "MTG-16",
                         t.document().empty() ? "规范性文件议题须附送审稿及县司法局合法性审查意见"
                         : facts.document_lawful.has_value() ? "县司法局合法性审查认定不合法，不得提交会议"
                                                             : "规范性文件尚未经县司法局合法性审查",
                         t.document().empty() ? "a normative-document topic names its draft, reviewed by "
                                                "the judicial bureau"
                         : facts.document_lawful.has_value()
                             ? "the judicial bureau found the draft unlawful"
                             : "the draft has not passed the judicial bureau's legality "
                               "review",
                         "topic.document");
  }
  // MTG-19: a major administrative decision has its statutory steps and a passed legality review.
  if (t.major_administrative_decision()) {
    const v1::DecisionFile& f = t.decision_file();
    if (facts.decision_file_lawful != true) {
      // (b): no override.
      return policy.Refuse(absl::StatusCode::kFailedPrecondition, "MTG-19",
                           "重大行政决策未经合法性审查或经审查不合法的，不得提交集体讨论",
                           "a major administrative decision without a passed legality review may not reach "
                           "collective discussion",
                           "topic.decision_file.legality_document");
    }
    std::vector<std::string> missing_zh, missing_en;
    if (!f.public_participation()) missing_zh.push_back("公众参与"), missing_en.push_back("public participation");
    if (!f.expert_argumentation()) missing_zh.push_back("专家论证"), missing_en.push_back("expert argumentation");
    if (!f.risk_assessment()) missing_zh.push_back("风险评估"), missing_en.push_back("risk assessment");
    if (f.within_npc_powers() && f.npc_step().empty()) {
      missing_zh.push_back("提请人大或其常委会的程序"), missing_en.push_back("the NPC step");
    }
    if (!missing_zh.empty()) {
      return policy.Refuse(absl::StatusCode::kFailedPrecondition, "MTG-19",
                           absl::StrCat("重大行政决策法定程序缺少：", absl::StrJoin(missing_zh, "、")),
                           absl::StrCat("the statutory steps lack: ", absl::StrJoin(missing_en, "; ")),
                           "topic.decision_file");
    }
    if (f.legal_adviser_opinion().empty()) {
      *t.add_warnings()->mutable_violation() =
          policy.Explain("MTG-19", "未附法律顾问意见(记录)", "no legal adviser's opinion on file (recorded)");
    }
  }
  // DIS-23: meeting delegates or group photos needs its approval in personnel-svc.
  if (t.meets_delegates() && facts.delegate_approval_granted != true) {
    return policy.Refuse(absl::StatusCode::kFailedPrecondition, "DIS-23",
                         "领导同志接见、合影等活动须经批准(附审批记录)",
                         "a leader meeting delegates or posing for group photos needs its approval on record",
                         "topic.delegate_approval");
  }
  if (facts.meeting_date.has_value()) {
    // MTG-13 (AMB-20): the materials reach the participants in time; late is warned.
    const int lead = policy.proto().meetings().materials_lead_wd().days();
    const absl::CivilDay by = env.calendar->AddWorkingDays(*facts.meeting_date, -lead).day;
    if (env.today > by) {
      *t.add_warnings()->mutable_violation() =
          policy.Explain("MTG-13", absl::StrCat("议题材料应于", absl::FormatCivilTime(by), "前送达参会人员"),
                         absl::StrCat("the materials were due to the participants by ", absl::FormatCivilTime(by)));
    }
  }
  t.set_approved_by(me.official);
  t.set_state(v1::TOPIC_STATE_APPROVED_FOR_AGENDA);
  return absl::OkStatus();
}

absl::Status MoveTopic(v1::Topic& t, const v1::Meeting& from, const v1::Meeting& to, const std::string& reason,
                       const Person& me, const Env& env, Effects& fx) {
  const Policy& policy = *env.policy;
  if (to.state() != v1::MEETING_STATE_SCHEDULED) {
    return absl::FailedPreconditionError(absl::StrCat(to.name(), " has been held"));
  }
  if (t.state() == v1::TOPIC_STATE_DECIDED || t.state() == v1::TOPIC_STATE_RETURNED) {
    return absl::FailedPreconditionError(absl::StrCat(t.name(), " is ", v1::TopicState_Name(t.state())));
  }
  if (to.kind() != from.kind()) {
    return policy.Refuse(absl::StatusCode::kFailedPrecondition, "MTG-13", "议题只能调整到同类会议",
                         "a topic moves to a meeting of the same kind", "meeting");
  }
  const bool restoring = t.state() == v1::TOPIC_STATE_DEFERRED && to.name() == t.deferred_from();
  if (restoring) {
    // AMB-32: the chair may keep the topic on his meeting despite the leave, with a reason.
    if (me.official != to.chair()) {
      return policy.Refuse(absl::StatusCode::kPermissionDenied, "MTG-21", "只有会议主持人可以恢复缓议的议题",
                           "only the meeting's chair restores a deferred topic");
    }
    const int64_t min_chars = policy.proto().overrides().min_reason_chars().count();
    if (CharacterCount(reason) < min_chars) {
      return policy.Refuse(
          absl::StatusCode::kInvalidArgument, "MTG-21", absl::StrCat("恢复议题须写明理由(至少", min_chars, "个字)"),
          absl::StrCat("restoring a topic needs a reason of at least ", min_chars, " characters"), "reason");
    }
    common::v1::OverrideRecord o;
    o.set_rule_id("MTG-21");
    o.set_reason(reason);
    o.set_overridden_by(me.official);
    o.set_role("CHAIR");
    o.set_at_unix_seconds(absl::ToUnixSeconds(env.now));
    *t.add_overrides() = o;
    fx.Override(o, t.name());
  } else {
    if (!me.Has("R-OFFICE")) {
      return absl::PermissionDeniedError("the county government office moves topics between meetings");
    }
    const absl::CivilDay submitted = t.has_submit_time() ? LocalDay(FromProtoTime(t.submit_time())) : env.today;
    if (t.state() >= v1::TOPIC_STATE_SUBMITTED && t.state() != v1::TOPIC_STATE_DEFERRED &&
        submitted > LatestSubmission(to, t.major(), env)) {
      return policy.Refuse(absl::StatusCode::kFailedPrecondition, "MTG-14",
                           absl::StrCat("已过", to.name(), "的议题报送时限"),
                           absl::StrCat("too late for the topics of ", to.name()), "meeting");
    }
  }
  if (t.state() == v1::TOPIC_STATE_DEFERRED) {
    t.set_state(t.state_before_deferral() == v1::TOPIC_STATE_UNSPECIFIED ? v1::TOPIC_STATE_SUBMITTED
                                                                         : t.state_before_deferral());
    t.clear_state_before_deferral();
    t.clear_deferred_from();
    t.clear_deferral_reason();
  }
  t.set_meeting(to.name());
  t.clear_proposed_meeting();
  t.set_late(false);
  return absl::OkStatus();
}

}  // namespace xianfu::meeting
