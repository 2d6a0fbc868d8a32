// County-wide meetings (arts 46–48): in the government's name only under an approved plan,
// a department's at most once a year with its leader's consent and the government's approval,
// township and farm heads only when approved, next year's plans by mid-December, video first.
#include "absl/strings/str_cat.h"
#include "common/deadline_proto.h"
#include "common/errors.h"
#include "common/escalations.h"
#include "common/overrides.h"
#include "meeting-svc/domain/rules.h"

namespace xianfu::meeting {

absl::Status RequestCountyMeeting(v1::CountyMeeting& m, const CountyMeetingFacts& facts,
                                  const std::vector<common::v1::OverrideRequest>& overrides, const Person& me,
                                  const Env& env, Effects& fx) {
  const Policy& policy = *env.policy;
  RETURN_IF_ERROR(RequiredDate(m.date(), "county_meeting.date").status());
  const bool government_office = facts.unit.roles.contains("R-OFFICE");
  m.clear_warnings();
  m.clear_overrides();
  if (m.held_in_name_of() == v1::ISSUING_NAME_COUNTY_GOVERNMENT || government_office) {
    if (!government_office) {
      // MTG-26(e): a department does not hold its meeting in the government's or the office's name.
      return policy.Refuse(absl::StatusCode::kFailedPrecondition, "MTG-26",
                           "部门召开的全县性会议不得以县政府或县政府办公室名义召开",
                           "a department's county-wide meeting is not held in the name of the county government or "
                           "its office",
                           "county_meeting.held_in_name_of");
    }
    // MTG-25: in a plan the executive meeting approved.
    const bool planned = facts.plan_decision.has_value() && facts.plan_meeting.has_value() &&
                         facts.plan_meeting->kind() == v1::MEETING_KIND_EXECUTIVE;
    if (!planned) {
      return policy.Refuse(absl::StatusCode::kFailedPrecondition, "MTG-25",
                           "以县政府名义召开的全县性会议须列入常务会议审定的会议计划",
                           "a county-wide meeting in the government's name is in a plan the executive meeting "
                           "approved (name the decision)",
                           "county_meeting.plan_decision");
    }
  } else {
    if (m.held_in_name_of() == v1::ISSUING_NAME_GOVERNMENT_OFFICE) {
      return policy.Refuse(
          absl::StatusCode::kFailedPrecondition, "MTG-26", "部门召开的全县性会议不得以县政府办公室名义召开",
          "a department's county-wide meeting is not held in the office's name", "county_meeting.held_in_name_of");
    }
    // MTG-26(a): the leader in charge agreed first.
    if (m.leader_consent().empty() || m.leader_consent() != facts.unit.primary_leader) {
      return policy.Refuse(
          absl::StatusCode::kFailedPrecondition, "MTG-26", "部门召开全县性会议须事先征得分管县领导同意",
          absl::StrCat("the leader in charge of ", facts.unit.unit, " (",
                       facts.unit.primary_leader.empty() ? "none" : facts.unit.primary_leader, ") agrees first"),
          "county_meeting.leader_consent");
    }
    // MTG-26(d): at most once a year, unless the county head allows another.
    const int max = policy.proto().dept_meetings().max_per_year().count();
    if (facts.same_year_count >= max) {
      ASSIGN_OR_RETURN(taken, TakeOverride(
                                  "MTG-26", overrides, me.official, [&](absl::string_view r) { return me.Has(r); },
                                  env.now, policy));
      if (!taken.has_value()) {
        return policy.Refuse(absl::StatusCode::kFailedPrecondition, "MTG-26",
                             absl::StrCat("部门召开全县性会议原则上每年不超过", max, "次"),
                             absl::StrCat("a department holds at most ", max, " county-wide meeting(s) a year"));
      }
      *m.add_overrides() = *taken;
      fx.Override(*taken, m.name());
    }
  }
  if (!m.video()) {
    // MTG-28: video first.
    *m.add_warnings()->mutable_violation() = policy.Explain("MTG-28", "全县性会议提倡采用视频会议形式",
                                                            "county-wide meetings are held by video where possible");
  }
  m.set_state(v1::COUNTY_MEETING_STATE_REQUESTED);
  m.set_local_heads_approved(false);
  m.clear_approved_by();
  *m.mutable_create_time() = ToProtoTime(env.now);
  return absl::OkStatus();
}

absl::Status ApproveCountyMeeting(v1::CountyMeeting& m, bool approve_local_heads, const Person& me, const Env& env) {
  if (m.state() != v1::COUNTY_MEETING_STATE_REQUESTED) {
    return absl::FailedPreconditionError(absl::StrCat(m.name(), " was approved already"));
  }
  // MTG-26(f): township and farm-community heads only when the approval says so.
  if (!m.invited_local_heads().empty() && !approve_local_heads) {
    return env.policy->Refuse(absl::StatusCode::kFailedPrecondition, "MTG-26",
                              "通知乡镇、农场社区主要负责人参会须经县政府批准(approve_local_heads)",
                              "inviting township and farm-community heads needs the government's approval "
                              "(approve_local_heads)",
                              "approve_local_heads");
  }
  m.set_local_heads_approved(approve_local_heads && !m.invited_local_heads().empty());
  m.set_approved_by(me.official);
  m.set_state(v1::COUNTY_MEETING_STATE_APPROVED);
  return absl::OkStatus();
}

absl::Status SubmitPlan(v1::MeetingPlan& plan, const std::string& office_director, const std::string& actor,
                        const Env& env, const Namer& names, Effects& fx) {
  const Policy& policy = *env.policy;
  for (int i = 0; i < plan.meetings_size(); ++i) {
    if (plan.meetings(i).funds_source().empty()) {
      return policy.Refuse(absl::StatusCode::kInvalidArgument, "MTG-27", "会议方案须写明所需经费及其来源",
                           "each planned meeting states its funds and their source",
                           absl::StrCat("plan.meetings[", i, "].funds_source"));
    }
    RETURN_IF_ERROR(RequiredDate(plan.meetings(i).date(), absl::StrCat("plan.meetings[", i, "].date")).status());
    if (FromProtoDate(plan.meetings(i).date()).year() != plan.year()) {
      return absl::InvalidArgumentError(absl::StrCat("plan.meetings[", i, "].date is not in ", plan.year()));
    }
  }
  // MTG-27: by the policy's day of December of the year before (AMB-15).
  const auto& day = policy.proto().dept_meetings().plan_deadline().date();
  const absl::CivilDay deadline(plan.year() - 1, day.month(), day.day());
  *plan.mutable_deadline() = ToProtoDate(deadline);
  plan.set_late(env.today > deadline);
  *plan.mutable_create_time() = ToProtoTime(env.now);
  if (plan.late() && !office_director.empty()) {
    RETURN_IF_ERROR(Escalate({.rule_id = "MTG-27",
                              .subject = plan.name(),
                              .assignee = office_director,
                              .raised_by = actor,
                              .message_zh = absl::StrCat(plan.unit(), "的", plan.year(), "年度全县性会议方案逾期报送"),
                              .message_en = absl::StrCat(plan.unit(), "'s plan of county-wide meetings for ",
                                                         plan.year(), " came after ", absl::FormatCivilTime(deadline))},
                             env, names, fx)
                        .status());
  }
  return absl::OkStatus();
}

}  // namespace xianfu::meeting
