#include "absl/strings/str_cat.h"
#include "common/deadline_proto.h"
#include "common/status_macros.h"
#include "document-svc/domain/rules.h"

namespace xianfu::document {
absl::StatusOr<EventDeadline> CountersignDeadline(absl::Time received, int lead_limit_working_days,
                                                  const Calendar& calendar, const Policy& policy) {
  if (lead_limit_working_days < 0) return absl::InvalidArgumentError("limit_working_days must not be negative");
  const int days =
      lead_limit_working_days > 0 ? lead_limit_working_days : policy.proto().countersign().default_wd().days();
  const auto& cutoff = policy.proto().countersign().receipt_cutoff();
  return calendar.DeadlineFromEvent(received, days, cutoff.hour() * 60 + cutoff.minute());
}

std::optional<v1::Countersign> RecomputeCountersign(const v1::Countersign& c, const Calendar& previous,
                                                    const Calendar& current) {
  if (c.state() != v1::COUNTERSIGN_STATE_PENDING || c.deadline_agreed()) return std::nullopt;
  std::optional<MovedDeadline> moved = Recomputed(c.deadline(), previous, current);
  if (!moved.has_value()) return std::nullopt;
  v1::Countersign out = c;
  *out.mutable_deadline() = moved->deadline;
  *out.mutable_deadline_time() = ToProtoTime(DeadlinePassesAt(moved->day));
  return out;
}

namespace {

// The deemed-no-objection timer at the deadline, and a reminder on the last day at the
// policy's countersign.reminder_time when that is still ahead.
void ScheduleTimers(const v1::Countersign& c, absl::CivilDay deadline, const std::string& calendar_version,
                    const Env& env, Effects& fx) {
  fx.SetTimer("countersign.deemed", c.name(), DeadlinePassesAt(deadline), calendar_version);
  const auto& at = env.policy->proto().countersign().reminder_time();
  const absl::Time reminder =
      absl::FromCivil(absl::CivilSecond(deadline) + at.hour() * 3600 + at.minute() * 60, ChinaTimeZone());
  if (reminder > env.now) fx.SetTimer("countersign.reminder", c.name(), reminder);
}

}  // namespace

absl::StatusOr<std::vector<v1::Countersign>> RequestCountersigns(v1::Document& d, const std::vector<std::string>& units,
                                                                 int limit_working_days, const Env& env,
                                                                 const Namer& names, Effects& fx) {
  if (d.state() != v1::DOCUMENT_STATE_DRAFT && d.state() != v1::DOCUMENT_STATE_RETURNED) {
    return absl::FailedPreconditionError(
        absl::StrCat(d.name(), " is ", v1::DocumentState_Name(d.state()), ": cannot ask for countersigns"));
  }
  if (units.empty()) return absl::InvalidArgumentError("units is required");
  ASSIGN_OR_RETURN(deadline, CountersignDeadline(env.now, limit_working_days, *env.calendar, *env.policy));
  std::vector<v1::Countersign> out;
  for (const std::string& unit : units) {
    if (unit == d.unit()) return absl::InvalidArgumentError("the lead department does not countersign itself");
    v1::Countersign c;
    ASSIGN_OR_RETURN(name, names("countersigns"));
    c.set_name(name);
    c.set_document(d.name());
    c.set_lead_unit(d.unit());
    c.set_requested_unit(unit);
    *c.mutable_received_time() = ToProtoTime(env.now);
    c.set_lead_limit_working_days(limit_working_days);
    *c.mutable_deadline() = ToProto(deadline.explanation);
    *c.mutable_deadline_time() = ToProtoTime(DeadlinePassesAt(deadline.explanation.deadline));
    c.set_state(v1::COUNTERSIGN_STATE_PENDING);
    fx.Insert(c);
    ScheduleTimers(c, deadline.explanation.deadline, deadline.explanation.calendar_version, env, fx);
    fx.Audit(name, "RequestCountersign", "DOC-10", nullptr, c, deadline.explanation.text_zh);
    d.add_countersigns(name);
    out.push_back(std::move(c));
  }
  return out;
}

absl::Status Reply(v1::Countersign& c, v1::CountersignState answer, const std::string& opinion,
                   const std::string& reasons, const std::string& actor, const Env& env, Effects& fx) {
  if (answer != v1::COUNTERSIGN_STATE_AGREED && answer != v1::COUNTERSIGN_STATE_OBJECTED) {
    return absl::InvalidArgumentError("answer is AGREED or OBJECTED");
  }
  if (c.state() == v1::COUNTERSIGN_STATE_DEEMED_NO_OBJECTION) {
    // DOC-10: a late reply is kept as a comment and does not reopen the countersign, unless the
    // lead department chooses to (Reopen).
    c.set_late_comment(absl::StrCat(v1::CountersignState_Name(answer), ": ", opinion, " ", reasons));
    c.set_late_answer(answer);
    c.set_late_opinion(opinion);
    c.set_late_reasons(reasons);
    c.set_late_replied_by(actor);
    *c.mutable_late_reply_time() = ToProtoTime(env.now);
    fx.Note("DOC-10", "late reply kept as a comment (RECORD)");
    return absl::OkStatus();
  }
  if (c.state() != v1::COUNTERSIGN_STATE_PENDING) {
    return absl::FailedPreconditionError(absl::StrCat(c.name(), " was already answered"));
  }
  if (answer == v1::COUNTERSIGN_STATE_OBJECTED && reasons.empty()) {
    return env.policy->Refuse(absl::StatusCode::kInvalidArgument, "DOC-09", "不同意的应当说明理由",
                              "an objection states its reasons", "reasons");
  }
  c.set_state(answer);
  c.set_opinion(opinion);
  c.set_reasons(reasons);
  c.set_replied_by(actor);
  *c.mutable_reply_time() = ToProtoTime(env.now);
  fx.CancelTimer("countersign.deemed", c.name());
  fx.CancelTimer("countersign.reminder", c.name());
  return absl::OkStatus();
}

absl::Status AgreeDeadline(v1::Countersign& c, const common::v1::CivilDate& new_deadline, const std::string& note,
                           const Env& env, Effects& fx) {
  if (c.state() != v1::COUNTERSIGN_STATE_PENDING) {
    return absl::FailedPreconditionError(absl::StrCat(c.name(), " is no longer pending"));
  }
  if (!IsValidProtoDate(new_deadline) || FromProtoDate(new_deadline) < env.today) {
    return absl::InvalidArgumentError("new_deadline must be a real date, today or later");
  }
  if (note.empty()) {
    return env.policy->Refuse(absl::StatusCode::kInvalidArgument, "DOC-10", "特殊情况须与牵头部门协商一致并记录",
                              "record the agreement with the lead department", "note");
  }
  const absl::CivilDay day = FromProtoDate(new_deadline);
  c.set_deadline_agreed(true);
  c.set_agreement_note(note);
  c.mutable_deadline()->set_working_days(0);
  *c.mutable_deadline()->mutable_deadline() = new_deadline;
  c.mutable_deadline()->set_text_zh(absl::StrCat("经与牵头部门协商一致，回复期限改为", absl::FormatCivilTime(day)));
  c.mutable_deadline()->set_text_en(
      absl::StrCat("deadline agreed with the lead department: ", absl::FormatCivilTime(day)));
  *c.mutable_deadline_time() = ToProtoTime(DeadlinePassesAt(day));
  ScheduleTimers(c, day, env.calendar->version(), env, fx);
  fx.Note("", note);
  return absl::OkStatus();
}

absl::Status Reopen(v1::Countersign& c, const std::string& reason, const std::string& actor, const Env& env,
                    Effects& fx) {
  if (c.state() != v1::COUNTERSIGN_STATE_DEEMED_NO_OBJECTION) {
    return absl::FailedPreconditionError(absl::StrCat(c.name(), " is ", v1::CountersignState_Name(c.state()),
                                                      ": only a countersign deemed \"no objection\" is reopened"));
  }
  c.set_reopened_by(actor);
  *c.mutable_reopen_time() = ToProtoTime(env.now);
  if (c.late_answer() == v1::COUNTERSIGN_STATE_AGREED || c.late_answer() == v1::COUNTERSIGN_STATE_OBJECTED) {
    // The late reply becomes the answer, as if it had come in time.
    c.set_state(c.late_answer());
    c.set_opinion(c.late_opinion());
    c.set_reasons(c.late_reasons());
    c.set_replied_by(c.late_replied_by());
    *c.mutable_reply_time() = c.late_reply_time();
    fx.Note("DOC-10", absl::StrCat("reopened by the lead department; the late reply (",
                                   v1::CountersignState_Name(c.late_answer()), ") is the answer: ", reason));
    return absl::OkStatus();
  }
  ASSIGN_OR_RETURN(deadline, CountersignDeadline(env.now, c.lead_limit_working_days(), *env.calendar, *env.policy));
  c.set_state(v1::COUNTERSIGN_STATE_PENDING);
  c.set_deadline_agreed(false);
  *c.mutable_received_time() = ToProtoTime(env.now);
  *c.mutable_deadline() = ToProto(deadline.explanation);
  *c.mutable_deadline_time() = ToProtoTime(DeadlinePassesAt(deadline.explanation.deadline));
  ScheduleTimers(c, deadline.explanation.deadline, deadline.explanation.calendar_version, env, fx);
  fx.Note("DOC-10", absl::StrCat("reopened by the lead department; pending again: ", reason));
  return absl::OkStatus();
}

absl::Status DeemNoObjection(const Versioned<v1::Countersign>& current, absl::Time due, Effects& fx) {
  if (current.value.state() != v1::COUNTERSIGN_STATE_PENDING) return absl::OkStatus();
  v1::Countersign c = current.value;
  c.set_state(v1::COUNTERSIGN_STATE_DEEMED_NO_OBJECTION);
  fx.Update(c, current.version);
  v1::CountersignDeemed event;  // notifies both the lead and the silent department
  *event.mutable_countersign() = c;
  fx.Publish(c.name(), event);
  fx.Audit(c.name(), "CountersignDeemedNoObjection", "DOC-10", &current.value, c,
           absl::StrCat("逾期不回复视为无不同意见；overdue recorded against ", c.requested_unit(), "; due ",
                        absl::FormatTime(due)));
  return absl::OkStatus();
}

absl::Status RemindCountersign(const Versioned<v1::Countersign>& current, Effects& fx) {
  if (current.value.state() != v1::COUNTERSIGN_STATE_PENDING) return absl::OkStatus();
  v1::CountersignReminder event;
  *event.mutable_countersign() = current.value;
  fx.Publish(current.value.name(), event);
  return absl::OkStatus();
}

absl::Status RecomputeCountersignDeadline(const Versioned<v1::Countersign>& current, const CalendarUpdate& update,
                                          const Env& env, Effects& fx) {
  std::optional<v1::Countersign> moved = RecomputeCountersign(current.value, *update.previous, *update.current);
  if (!moved.has_value()) return absl::OkStatus();
  fx.Update(*moved, current.version);
  ScheduleTimers(*moved, FromProtoDate(moved->deadline().deadline()), update.current->version(), env, fx);
  fx.Audit(moved->name(), "DeadlineRecomputed", "DOC-10", &current.value, *moved, moved->deadline().text_zh());
  return absl::OkStatus();
}

}  // namespace xianfu::document
