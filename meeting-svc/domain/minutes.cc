// Minutes (art. 45): drafted by the office, reviewed by the deputy director in charge and the
// director, signed by the county head or the executive deputy; special-topic minutes by the
// county head or a deputy head, the county head when they touch finance and large funds.
#include "absl/strings/str_cat.h"
#include "common/deadline_proto.h"
#include "common/errors.h"
#include "meeting-svc/domain/rules.h"

namespace xianfu::meeting {

absl::Status DraftMinutes(v1::Minutes& minutes, const v1::Meeting& meeting, const std::string& actor, const Env& env) {
  if (meeting.state() != v1::MEETING_STATE_HELD) {
    return env.policy->Refuse(absl::StatusCode::kFailedPrecondition, "MTG-22", "会议召开后方可起草纪要",
                              "minutes are drafted after the meeting sat");
  }
  if (minutes.largest_amount_fen() < 0) return absl::InvalidArgumentError("minutes.largest_amount_fen is negative");
  minutes.set_meeting(meeting.name());
  minutes.set_state(v1::MINUTES_STATE_DRAFTED);
  minutes.set_drafted_by(actor);
  *minutes.mutable_create_time() = ToProtoTime(env.now);
  return absl::OkStatus();
}

absl::Status ReviewMinutes(v1::Minutes& minutes, const Person& me, const Env& env) {
  const Policy& policy = *env.policy;
  const bool deputy = me.Has("R-ODD");
  const bool director = me.Has("R-OD");
  if (!deputy && !director) {
    return policy.Refuse(absl::StatusCode::kPermissionDenied, "MTG-22", "纪要由分管的办公室副主任和办公室主任审核",
                         "minutes are reviewed by the office deputy director in charge and the office director");
  }
  switch (minutes.state()) {
    case v1::MINUTES_STATE_DRAFTED:
      if (!deputy) {
        return policy.Refuse(absl::StatusCode::kFailedPrecondition, "MTG-22", "纪要须先经分管副主任审核",
                             "the deputy director in charge reviews the minutes first");
      }
      minutes.set_deputy_reviewer(me.official);
      minutes.set_state(v1::MINUTES_STATE_DEPUTY_REVIEWED);
      return absl::OkStatus();
    case v1::MINUTES_STATE_DEPUTY_REVIEWED:
      if (!director) {
        // Her review is on record; the next step is the director's.
        return policy.Refuse(absl::StatusCode::kFailedPrecondition, "MTG-22", "副主任审核后由办公室主任审核",
                             "after the deputy director, the office director reviews");
      }
      minutes.set_director_reviewer(me.official);
      minutes.set_state(v1::MINUTES_STATE_DIRECTOR_REVIEWED);
      return absl::OkStatus();
    default:
      return absl::FailedPreconditionError(
          absl::StrCat(minutes.name(), " is ", v1::MinutesState_Name(minutes.state()), ": nothing to review"));
  }
}

absl::Status SignMinutes(v1::Minutes& minutes, const v1::Meeting& meeting, const Person& me, const Env& env) {
  const Policy& policy = *env.policy;
  if (minutes.state() == v1::MINUTES_STATE_SIGNED) {
    return absl::FailedPreconditionError(absl::StrCat(minutes.name(), " is signed already"));
  }
  const bool special = meeting.kind() == v1::MEETING_KIND_SPECIAL_TOPIC || meeting.kind() == v1::MEETING_KIND_OTHER;
  if (special) {
    // MTG-24: the county head or a deputy head; the county head for finance, tax, major economic
    // policy, major resources or large funds (AMB-14).
    const bool weighty = minutes.finance_or_major_policy() ||
                         MeetsMinimum(policy.proto().special_minutes().large_amount(), minutes.largest_amount_fen());
    if (weighty && !me.Has("R-CH")) {
      return policy.Refuse(absl::StatusCode::kPermissionDenied, "MTG-24",
                           "涉及财税、重大经济政策、重大资源开发或大额资金的专题会议纪要须由县长签发",
                           "special-topic minutes on finance, tax, major policy, resources or large funds are signed "
                           "by the county head");
    }
    if (!me.Has("R-CH") && !me.Has("R-DH")) {
      return policy.Refuse(absl::StatusCode::kPermissionDenied, "MTG-24", "专题会议纪要由县长或副县长签发",
                           "special-topic minutes are signed by the county head or a deputy head");
    }
  } else {
    bool allowed = me.Has("R-CH") || me.Has("R-EDH");
    if (meeting.kind() == v1::MEETING_KIND_PARTY_GROUP) {
      // AMB-12: the policy's signers of party-group minutes.
      allowed = false;
      for (const std::string& role : policy.proto().party_group().minutes_signers().roles()) allowed |= me.Has(role);
    }
    if (!allowed) {
      return policy.Refuse(absl::StatusCode::kPermissionDenied, "MTG-22", "会议纪要由县长或常务副县长签发",
                           "minutes are signed by the county head or the executive deputy");
    }
    if (minutes.state() != v1::MINUTES_STATE_DIRECTOR_REVIEWED) {
      return policy.Refuse(absl::StatusCode::kFailedPrecondition, "MTG-22", "纪要须经分管副主任、办公室主任审核后签发",
                           "minutes are signed after the deputy director's and the director's reviews");
    }
  }
  minutes.set_signed_by(me.official);
  *minutes.mutable_sign_time() = ToProtoTime(env.now);
  minutes.set_state(v1::MINUTES_STATE_SIGNED);
  if (meeting.has_end_date()) {
    const int wd = policy.proto().minutes().sign_deadline_wd().days();
    const absl::CivilDay due = env.calendar->AddWorkingDays(FromProtoDate(meeting.end_date()), wd).day;
    if (env.today > due) {
      *minutes.add_warnings()->mutable_violation() = policy.Explain(
          "MTG-22", absl::StrCat("纪要签发晚于会后", wd, "个工作日(", absl::FormatCivilTime(due), ")"),
          absl::StrCat("signed later than ", wd, " working days after the meeting (", absl::FormatCivilTime(due), ")"));
    }
  }
  return absl::OkStatus();
}

}  // namespace xianfu::meeting
