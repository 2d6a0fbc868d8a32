#include "supervision-svc/domain/cases.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "common/deadline_proto.h"
#include "common/errors.h"
#include "common/escalations.h"
#include "common/status_macros.h"
#include "supervision-svc/domain/ledger.h"

namespace xianfu::supervision {
namespace {

absl::Time StartOf(absl::CivilDay day) { return absl::FromCivil(absl::CivilSecond(day), ChinaTimeZone()); }

// The same day `months` later (the month's last day when it has fewer days).
absl::CivilDay AddMonths(absl::CivilDay day, int months) {
  const absl::CivilMonth target = absl::CivilMonth(day) + months;
  const absl::CivilDay last = absl::CivilDay(target + 1) - 1;
  return absl::CivilDay(target.year(), target.month(), std::min<int>(day.day(), last.day()));
}

// Reminders before `deadline` (proposals.reminders, those still ahead) and the overdue escalation.
void ArmSuggestionTimers(const v1::Suggestion& s, absl::CivilDay deadline, const Env& env, Effects& fx) {
  const auto& reminders = env.policy->proto().proposals().reminders();
  for (int before : reminders.days_before()) {
    const absl::CivilDay day = ReminderDay(reminders, deadline, before, *env.calendar);
    if (StartOf(day) <= env.now) continue;
    fx.SetTimer(absl::StrCat(kSuggestionReminderTimer, ".", before), s.name(), StartOf(day), env.calendar->version());
  }
  fx.SetTimer(kSuggestionOverdueTimer, s.name(), DeadlinePassesAt(deadline), env.calendar->version());
}

bool InHand(const v1::Suggestion& s) {
  return s.state() == v1::SUGGESTION_STATE_ASSIGNED || s.state() == v1::SUGGESTION_STATE_REHANDLING;
}

}  // namespace

absl::Status AssignSuggestion(v1::Suggestion& s, const org::Unit& unit, const std::string& supervisor, const Env& env,
                              Effects& fx) {
  const Policy& policy = *env.policy;
  if (unit.principal_head.empty()) {
    return policy.Refuse(absl::StatusCode::kFailedPrecondition, "SUP-02", "承办单位无主要负责人，责任人无法确定",
                         "the handling unit has no principal head to answer for it", "suggestion.handling_unit");
  }
  s.set_responsible_person(unit.principal_head);
  s.set_leader_in_charge(unit.primary_leader);
  s.set_supervisor(supervisor);
  *s.mutable_assigned_date() = ToProtoDate(env.today);
  const absl::CivilDay deadline = AddMonths(env.today, policy.proto().proposals().deadline_months().months());
  *s.mutable_deadline() = ToProtoDate(deadline);
  s.set_state(v1::SUGGESTION_STATE_ASSIGNED);
  *s.mutable_create_time() = ToProtoTime(env.now);
  ArmSuggestionTimers(s, deadline, env, fx);
  return absl::OkStatus();
}

absl::Status RecordCommunication(v1::Suggestion& s, const std::string& note, const org::Person& me, const Env& env) {
  if (s.state() == v1::SUGGESTION_STATE_CLOSED) return absl::FailedPreconditionError(s.name() + " is closed");
  v1::Communication* c = s.add_communications();
  c->set_note(note);
  c->set_by(me.official);
  *c->mutable_time() = ToProtoTime(env.now);
  return absl::OkStatus();
}

absl::Status Reply(v1::Suggestion& s, const std::string& result, const std::string& published_at,
                   const std::string& exempt_basis, const Env& env, const Namer& names, Effects& fx) {
  const Policy& policy = *env.policy;
  if (!InHand(s)) {
    return absl::FailedPreconditionError(absl::StrCat(s.name(), " was replied to already"));
  }
  // Handled again: the contact must be a new one.
  const bool contacted =
      std::any_of(s.communications().begin(), s.communications().end(), [&](const v1::Communication& c) {
        return !s.has_rehandle_time() || FromProtoTime(c.time()) > FromProtoTime(s.rehandle_time());
      });
  if (!contacted) {
    return policy.Refuse(absl::StatusCode::kFailedPrecondition, "SUP-02", "办理前须加强与代表委员沟通(未记录沟通)",
                         "the handling unit talks to the deputy or member before replying (no contact recorded)");
  }
  if (!published_at.empty() && !exempt_basis.empty()) {
    return absl::InvalidArgumentError("published_at and exempt_basis: one or the other");
  }
  s.set_result(result);
  s.set_published_at(published_at);
  s.set_exempt_basis(exempt_basis);
  fx.CancelTimer(kSuggestionOverdueTimer, s.name());
  for (int before : policy.proto().proposals().reminders().days_before()) {
    fx.CancelTimer(absl::StrCat(kSuggestionReminderTimer, ".", before), s.name());
  }
  if (published_at.empty() && exempt_basis.empty()) {
    // SUP-02(d): 主动公开办理结果.
    s.set_state(v1::SUGGESTION_STATE_REPLIED_UNPUBLISHED);
    *s.add_warnings()->mutable_violation() =
        policy.Explain("SUP-02", "办理结果未主动公开", "the result is not made public");
    return EscalateEach({s.supervisor()},
                        {.rule_id = "SUP-02",
                         .subject = s.name(),
                         .raised_by = "supervision-svc",
                         .message_zh = absl::StrCat("《", s.title(), "》办理结果未公开"),
                         .message_en = absl::StrCat("the result of \"", s.title(), "\" is not public")},
                        env, names, fx);
  }
  s.set_state(v1::SUGGESTION_STATE_CLOSED);
  return absl::OkStatus();
}

absl::Status Publish(v1::Suggestion& s, const std::string& published_at, const Env& env) {
  if (s.state() != v1::SUGGESTION_STATE_REPLIED_UNPUBLISHED) {
    return absl::FailedPreconditionError(
        absl::StrCat(s.name(), " is ", v1::SuggestionState_Name(s.state()), ": nothing waits for publication"));
  }
  s.set_published_at(published_at);
  s.set_state(v1::SUGGESTION_STATE_CLOSED);
  return absl::OkStatus();
}

absl::Status RecordSatisfaction(v1::Suggestion& s, v1::Satisfaction satisfaction, const Env& env, Effects& fx) {
  if (s.state() != v1::SUGGESTION_STATE_CLOSED && s.state() != v1::SUGGESTION_STATE_REPLIED_UNPUBLISHED) {
    return absl::FailedPreconditionError(
        absl::StrCat(s.name(), " is ", v1::SuggestionState_Name(s.state()), ": there is no reply to judge yet"));
  }
  if (satisfaction == v1::SATISFACTION_UNSPECIFIED) return absl::InvalidArgumentError("satisfaction is required");
  s.set_satisfaction(satisfaction);
  if (satisfaction != v1::SATISFACTION_UNSATISFIED) return absl::OkStatus();
  // 重新办理: a new time limit, a new contact, a new reply (published again).
  const absl::CivilDay deadline = AddMonths(env.today, env.policy->proto().proposals().rehandle_months().months());
  *s.mutable_deadline() = ToProtoDate(deadline);
  s.set_state(v1::SUGGESTION_STATE_REHANDLING);
  s.set_rehandled(s.rehandled() + 1);
  *s.mutable_rehandle_time() = ToProtoTime(env.now);
  s.clear_result();
  s.clear_published_at();
  s.clear_exempt_basis();
  ArmSuggestionTimers(s, deadline, env, fx);
  return absl::OkStatus();
}

absl::Status SuggestionOverdue(const Versioned<v1::Suggestion>& current, const Env& env, const Namer& names,
                               Effects& fx) {
  if (!InHand(current.value)) return absl::OkStatus();
  v1::Suggestion s = current.value;
  *s.add_warnings()->mutable_violation() =
      env.policy->Explain("SUP-02", "建议提案逾期未办结", "not answered within its time limit");
  fx.Update(s, current.version);
  return EscalateEach({s.supervisor(), s.leader_in_charge()},
                      {.rule_id = "SUP-02",
                       .subject = s.name(),
                       .raised_by = "supervision-svc",
                       .message_zh = absl::StrCat("《", s.title(), "》逾期未办结"),
                       .message_en = absl::StrCat("\"", s.title(), "\" is past its time limit")},
                      env, names, fx);
}

absl::Status SuggestionReminder(const Versioned<v1::Suggestion>& current, int days_before, const Env& env,
                                Effects& fx) {
  if (!InHand(current.value)) return absl::OkStatus();
  v1::Task reminder;  // on the feed as a reminder of the ledger's kind
  reminder.set_name(current.value.name());
  reminder.set_title(current.value.title());
  reminder.set_lead_unit(current.value.handling_unit());
  *reminder.mutable_deadline() = current.value.deadline();
  v1::TaskReminderDue event;
  *event.mutable_task() = reminder;
  event.set_working_days_before(days_before);
  fx.Publish(current.value.name(), event);
  return absl::OkStatus();
}

absl::Status RegisterPetition(v1::Petition& p, const org::Unit& unit, const std::vector<std::string>& escalate_to,
                              const Env& env, Effects& fx) {
  p.set_state(v1::PETITION_STATE_RECEIVED);
  p.set_reader(unit.primary_leader);
  p.clear_escalate_to();
  for (const std::string& who : escalate_to) p.add_escalate_to(who);
  *p.mutable_create_time() = ToProtoTime(env.now);
  if (p.important()) {
    *p.mutable_read_deadline_explanation() =
        ToProto(env.calendar->Explain(env.today, env.policy->proto().petition().read_wd().days()));
    const absl::CivilDay due = FromProtoDate(p.read_deadline_explanation().deadline());
    *p.mutable_read_deadline() = ToProtoDate(due);
    fx.SetTimer(kPetitionReadTimer, p.name(), DeadlinePassesAt(due), env.calendar->version());
  }
  return absl::OkStatus();
}

absl::Status ReadPetition(v1::Petition& p, const std::string& instruction, const org::Person& me, const org::Unit& unit,
                          const Env& env, Effects& fx) {
  // 亲自阅批: a county leader, or a responsible leader of the handling department, in person.
  const bool leader = me.Has("R-CH") || me.Has("R-DH") || unit.IsResponsibleLeader(me.official);
  if (!leader) {
    return env.policy->Refuse(
        absl::StatusCode::kPermissionDenied, "SUP-06", "信访件由县政府领导或部门负责同志亲自阅批",
        "a letter is read in person by a county leader or a responsible leader of the department");
  }
  if (!p.read_by().empty()) return absl::FailedPreconditionError(absl::StrCat(p.name(), " was read already"));
  p.set_read_by(me.official);
  p.set_instruction(instruction);
  *p.mutable_read_time() = ToProtoTime(env.now);
  fx.CancelTimer(kPetitionReadTimer, p.name());
  return absl::OkStatus();
}

absl::Status AdvancePetition(v1::Petition& p, v1::PetitionState to, const std::string& case_leader,
                             const std::string& resolution, const Env& env) {
  if (!case_leader.empty()) p.set_case_leader(case_leader);
  if (to == v1::PETITION_STATE_IN_PROGRESS) {
    if (p.state() != v1::PETITION_STATE_RECEIVED) {
      return absl::FailedPreconditionError(absl::StrCat(p.name(), " is ", v1::PetitionState_Name(p.state())));
    }
    if (p.important() && p.case_leader().empty()) {
      return env.policy->Refuse(absl::StatusCode::kFailedPrecondition, "SUP-06", "重要信访案件须明确包案领导",
                                "an important case names its responsible leader (包案领导) first", "case_leader");
    }
  } else if (to == v1::PETITION_STATE_RESOLVED) {
    if (p.state() != v1::PETITION_STATE_IN_PROGRESS) {
      return absl::FailedPreconditionError(absl::StrCat(p.name(), " is not in progress"));
    }
    if (resolution.empty()) return absl::InvalidArgumentError("resolution: say how it was resolved");
    p.set_resolution(resolution);
  } else {
    return absl::InvalidArgumentError("state: IN_PROGRESS or RESOLVED");
  }
  p.set_state(to);
  return absl::OkStatus();
}

absl::Status PetitionReadOverdue(const Versioned<v1::Petition>& current, const Env& env, const Namer& names,
                                 Effects& fx) {
  if (!current.value.read_by().empty() || !current.value.important()) return absl::OkStatus();
  v1::Petition p = current.value;
  p.set_read_overdue(true);
  fx.Update(p, current.version);
  const std::vector<std::string> to(p.escalate_to().begin(), p.escalate_to().end());
  return EscalateEach(
      to,
      {.rule_id = "SUP-06",
       .subject = p.name(),
       .raised_by = "supervision-svc",
       .message_zh = absl::StrCat("重要信访件", p.reference(), "逾期未亲自阅批"),
       .message_en = absl::StrCat("important letter ", p.reference(), " was not read in person in time")},
      env, names, fx);
}

absl::Status RearmSuggestionForCalendar(const Versioned<v1::Suggestion>& current, const CalendarUpdate& update,
                                        const Env& env, Effects& fx) {
  const v1::Suggestion& s = current.value;
  const auto& reminders = env.policy->proto().proposals().reminders();
  if (!InHand(s) || reminders.unit() != policy::v1::DAY_UNIT_WORKING_DAY) return absl::OkStatus();
  const absl::CivilDay deadline = FromProtoDate(s.deadline());
  for (int before : reminders.days_before()) {
    fx.MoveTimer(absl::StrCat(kSuggestionReminderTimer, ".", before), s.name(),
                 StartOf(ReminderDay(reminders, deadline, before, *update.previous)),
                 StartOf(ReminderDay(reminders, deadline, before, *update.current)), env.now,
                 update.current->version());
  }
  return absl::OkStatus();
}

absl::Status RecomputeReadDeadline(const Versioned<v1::Petition>& current, const CalendarUpdate& update, const Env& env,
                                   Effects& fx) {
  const v1::Petition& p = current.value;
  if (!p.read_by().empty() || p.read_overdue() || !p.has_read_deadline_explanation()) return absl::OkStatus();
  std::optional<MovedDeadline> moved = Recomputed(p.read_deadline_explanation(), *update.previous, *update.current);
  if (!moved.has_value()) return absl::OkStatus();
  v1::Petition next = p;
  *next.mutable_read_deadline_explanation() = moved->deadline;
  *next.mutable_read_deadline() = ToProtoDate(moved->day);
  fx.Update(next, current.version);
  fx.MoveTimer(kPetitionReadTimer, p.name(), DeadlinePassesAt(FromProtoDate(p.read_deadline())),
               DeadlinePassesAt(moved->day), env.now, update.current->version());
  fx.Audit(next.name(), "DeadlineRecomputed", "SUP-06", &p, next, moved->reason);
  return absl::OkStatus();
}

}  // namespace xianfu::supervision
