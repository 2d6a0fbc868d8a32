// The four meetings (arts 38–42): who is a member on the day, who may chair, and what holding
// one records about attendance (art. 44).
#include <algorithm>
#include <set>

#include "absl/strings/str_cat.h"
#include "common/deadline_proto.h"
#include "common/errors.h"
#include "common/escalations.h"
#include "meeting-svc/domain/rules.h"

namespace xianfu::meeting {
namespace {

namespace pv1 = ::xianfu::personnel::v1;

const char* KindZh(v1::MeetingKind kind) {
  switch (kind) {
    case v1::MEETING_KIND_PLENARY:
      return "全体会议";
    case v1::MEETING_KIND_PARTY_GROUP:
      return "党组会议";
    case v1::MEETING_KIND_EXECUTIVE:
      return "常务会议";
    case v1::MEETING_KIND_SPECIAL_TOPIC:
      return "专题会议";
    default:
      return "会议";
  }
}

}  // namespace

std::vector<std::string> MemberRoles(v1::MeetingKind kind) {
  switch (kind) {
    case v1::MEETING_KIND_PLENARY:  // MTG-02
      return {"R-CH", "R-DH", "R-OD", "R-DEPT-HEAD"};
    case v1::MEETING_KIND_EXECUTIVE:  // MTG-07
      return {"R-CH", "R-DH", "R-OD"};
    case v1::MEETING_KIND_PARTY_GROUP:  // MTG-05
      return {"R-PGM"};
    default:
      return {};
  }
}

std::optional<pv1::ActKind> ChairActKind(v1::MeetingKind kind, const Person& chair) {
  switch (kind) {
    case v1::MEETING_KIND_PLENARY:
      return chair.Has("R-CH") ? std::nullopt : std::optional(pv1::ACT_KIND_CHAIR_PLENARY_MEETING);
    case v1::MEETING_KIND_EXECUTIVE:
      return chair.Has("R-CH") ? std::nullopt : std::optional(pv1::ACT_KIND_CHAIR_EXECUTIVE_MEETING);
    case v1::MEETING_KIND_SPECIAL_TOPIC:
      if (chair.Has("R-CH") || chair.Has("R-DH")) return std::nullopt;
      return pv1::ACT_KIND_CHAIR_SPECIAL_TOPIC;
    default:
      return std::nullopt;
  }
}

absl::Status ScheduleMeeting(v1::Meeting& m, const ChairFacts& chair, const std::vector<std::string>& members,
                             const Env& env) {
  const Policy& policy = *env.policy;
  if (m.kind() == v1::MEETING_KIND_UNSPECIFIED || !v1::MeetingKind_IsValid(m.kind())) {
    return policy.Refuse(absl::StatusCode::kInvalidArgument, "MTG-01",
                         "会议类型须为全体会议、党组会议、常务会议或专题会议",
                         "a meeting is plenary, party-group, executive or special-topic (or OTHER)", "meeting.kind");
  }
  RETURN_IF_ERROR(RequiredDate(m.date(), "meeting.date").status());
  const std::string who = chair.chair.display_name.empty() ? m.chair() : chair.chair.display_name;
  switch (m.kind()) {
    case v1::MEETING_KIND_PARTY_GROUP: {
      // MTG-05: the convener the policy names (the party-group secretary, AMB-11).
      const std::string& convener = policy.proto().party_group().convener().role();
      if (!chair.chair.Has(convener)) {
        return policy.Refuse(absl::StatusCode::kPermissionDenied, "MTG-05",
                             absl::StrCat(who, "不是党组书记，不能召集主持党组会议"),
                             absl::StrCat(who, " is not the party-group secretary (", convener,
                                          ") and may not chair the party-group meeting"),
                             "meeting.chair");
      }
      break;
    }
    case v1::MEETING_KIND_PLENARY:
    case v1::MEETING_KIND_EXECUTIVE:
    case v1::MEETING_KIND_SPECIAL_TOPIC: {
      const char* rule = m.kind() == v1::MEETING_KIND_PLENARY     ? "MTG-02"
                         : m.kind() == v1::MEETING_KIND_EXECUTIVE ? "MTG-07"
                                                                  : "MTG-12";
      const bool may_ask = m.kind() != v1::MEETING_KIND_SPECIAL_TOPIC || chair.chair.Has("R-OD") ||
                           chair.chair.Has("R-ODD") || chair.chair.Has("R-CH") || chair.chair.Has("R-DH");
      if (!may_ask) {
        return policy.Refuse(absl::StatusCode::kPermissionDenied, rule,
                             absl::StrCat(who, "不能主持专题会议(县长、副县长或受委托的办公室主任、副主任)"),
                             absl::StrCat(who,
                                          " may not chair a special-topic meeting (the county head, a deputy "
                                          "head, or an entrusted office director or deputy director)"),
                             "meeting.chair");
      }
      if (chair.acting.has_value()) {
        if (!chair.acting->ok()) {
          return policy.Refuse(absl::StatusCode::kPermissionDenied, rule,
                               absl::StrCat(who, "无权主持", KindZh(m.kind()), "：", chair.acting->status().message()),
                               absl::StrCat(who, " may not chair this ", KindZh(m.kind()),
                                            " meeting: ", chair.acting->status().message()),
                               "meeting.chair");
        }
        const org::Acting& acting = **chair.acting;
        if (!acting.InPerson()) {
          *m.mutable_chair_acting_mark() = acting.mark;
          m.set_chair_display(acting.display);
        }
      }
      break;
    }
    default:
      break;
  }
  if (m.chair_display().empty()) m.set_chair_display(who);
  m.clear_attendance();
  std::set<std::string> seen;
  std::vector<std::string> all = members;
  if (std::find(all.begin(), all.end(), m.chair()) == all.end()) all.insert(all.begin(), m.chair());
  for (const std::string& o : all) {
    if (!seen.insert(o).second) continue;
    v1::Attendance* a = m.add_attendance();
    a->set_official(o);
    a->set_member(true);
    a->set_status(v1::ATTENDANCE_STATUS_EXPECTED);
  }
  for (const std::string& o : m.attendees()) {
    if (!seen.insert(o).second) continue;
    v1::Attendance* a = m.add_attendance();
    a->set_official(o);
    a->set_member(false);
    a->set_status(v1::ATTENDANCE_STATUS_EXPECTED);
  }
  m.set_state(v1::MEETING_STATE_SCHEDULED);
  m.clear_end_date();
  m.clear_warnings();
  *m.mutable_create_time() = ToProtoTime(env.now);
  return absl::OkStatus();
}

absl::Status Hold(v1::Meeting& m, std::optional<absl::CivilDay> end_date, const std::string& supervisor, const Env& env,
                  const Namer& names, Effects& fx) {
  if (m.state() != v1::MEETING_STATE_SCHEDULED) {
    return absl::FailedPreconditionError(absl::StrCat(m.name(), " was held already"));
  }
  const absl::CivilDay start = FromProtoDate(m.date());
  const absl::CivilDay end = end_date.value_or(start);
  if (end < start) return absl::InvalidArgumentError("end_date is before the meeting's date");
  if (env.today < start) {
    return absl::FailedPreconditionError(
        absl::StrCat(m.name(), " is on ", absl::FormatCivilTime(start), ": it cannot be held before that day"));
  }
  if (end > env.today) return absl::InvalidArgumentError("end_date is in the future");
  *m.mutable_end_date() = ToProtoDate(end);
  m.set_state(v1::MEETING_STATE_HELD);
  for (v1::Attendance& a : *m.mutable_attendance()) {
    if (a.status() != v1::ATTENDANCE_STATUS_EXPECTED || !a.member()) continue;
    if (!a.registered_absence().empty()) {
      // Away on an absence registered in personnel-svc: excused on the record, but the meeting's
      // leave was not asked from the county head (MTG-21).
      a.set_status(v1::ATTENDANCE_STATUS_ON_LEAVE);
      *m.add_warnings()->mutable_violation() = env.policy->Explain(
          "MTG-21", absl::StrCat(a.official(), "因", a.registered_absence(), "未到会，未向县长请假"),
          absl::StrCat(a.official(), " was away (", a.registered_absence(),
                       ") without asking the county head for leave from the meeting"));
      continue;
    }
    // MTG-21: absent without approved leave — recorded, and supervision hears of it.
    a.set_status(v1::ATTENDANCE_STATUS_ABSENT_UNEXCUSED);
    *m.add_warnings()->mutable_violation() =
        env.policy->Explain("MTG-21", absl::StrCat(a.official(), "未经请假缺席会议"),
                            absl::StrCat(a.official(), " was absent without approved leave"));
    if (!supervisor.empty()) {
      RETURN_IF_ERROR(
          Escalate({.rule_id = "MTG-21",
                    .subject = m.name(),
                    .assignee = supervisor,
                    .raised_by = "meeting-svc",
                    .message_zh = absl::StrCat(a.official(), "未经请假缺席", m.title()),
                    .message_en = absl::StrCat(a.official(), " missed \"", m.title(), "\" without approved leave")},
                   env, names, fx)
              .status());
    }
  }
  fx.Note("MTG-21", absl::StrCat("held ", absl::FormatCivilTime(start), "…", absl::FormatCivilTime(end)));
  return absl::OkStatus();
}

std::vector<v1::MeetingFrequencyWarning> CheckFrequency(absl::CivilDay day, const std::vector<v1::Meeting>& meetings,
                                                        const Policy& policy) {
  const policy::v1::MeetingsPolicy& p = policy.proto().meetings();
  struct Kind {
    v1::MeetingKind kind;
    policy::v1::Frequency frequency;
    const char* rule;
    std::vector<std::string> roles;
  };
  const Kind kinds[] = {
      {v1::MEETING_KIND_PLENARY, p.plenary_frequency().value(), "MTG-03", {"R-OD", "R-CH"}},
      {v1::MEETING_KIND_PARTY_GROUP, p.party_group_frequency().value(), "MTG-05", {"R-PGS"}},
      {v1::MEETING_KIND_EXECUTIVE, p.executive_frequency().value(), "MTG-07", {"R-OD", "R-CH"}},
  };
  auto any = [&](v1::MeetingKind kind, absl::CivilDay start, absl::CivilDay end, bool held_only) {
    for (const v1::Meeting& m : meetings) {
      const absl::CivilDay d = FromProtoDate(m.date());
      if (m.kind() == kind && d >= start && d <= end && (!held_only || m.state() == v1::MEETING_STATE_HELD)) {
        return true;
      }
    }
    return false;
  };
  std::vector<v1::MeetingFrequencyWarning> out;
  auto add = [&](const Kind& k, absl::CivilDay start, absl::CivilDay end, bool deviation) {
    v1::MeetingFrequencyWarning w;
    w.set_kind(k.kind);
    *w.mutable_period_start() = ToProtoDate(start);
    *w.mutable_period_end() = ToProtoDate(end);
    w.set_deviation(deviation);
    for (const std::string& r : k.roles) w.add_notify_roles(r);
    w.set_rule_id(k.rule);
    out.push_back(std::move(w));
  };
  for (const Kind& k : kinds) {
    if (k.frequency == policy::v1::FREQUENCY_UNSPECIFIED) continue;
    const auto [start, end] = PeriodOf(k.frequency, day);
    if (day == start) {
      // The period before closed: was the meeting held in it?
      const auto [prev_start, prev_end] = PeriodOf(k.frequency, day - 1);
      if (!any(k.kind, prev_start, prev_end, true)) add(k, prev_start, prev_end, true);
    }
    if (k.kind == v1::MEETING_KIND_PLENARY) {
      for (const policy::v1::MonthDay& md : p.plenary_warn_days().dates()) {
        if (day.month() == md.month() && day.day() == md.day() && !any(k.kind, start, end, false)) {
          add(k, start, end, false);
        }
      }
    }
  }
  return out;
}

}  // namespace xianfu::meeting
