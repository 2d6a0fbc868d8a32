// Decisions (arts 7, 23, 40–42, 45): what a meeting may decide, the approvals a decision gives a
// matter, and the 5 working days in which a document the meeting decided to issue goes out.
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/deadline_proto.h"
#include "common/errors.h"
#include "common/escalations.h"
#include "common/validation.h"
#include "meeting-svc/domain/rules.h"

namespace xianfu::meeting {
namespace {

bool Collective(v1::MeetingKind kind) { return ForumOfMeeting(kind) != v1::FORUM_NONE; }

// The warning goes out once working day 4 has passed with the document unissued (S-04: at the end
// of 04-08), the escalation once working day 5 has.
void ArmIssueTimers(const v1::Decision& d, const Calendar& calendar, const Policy& policy, Effects& fx) {
  const absl::CivilDay end = FromProtoDate(d.issue_deadline().start());
  const absl::CivilDay warn_day = calendar.AddWorkingDays(end, policy.proto().minutes().issue_warn_wd().days()).day;
  const absl::CivilDay deadline = FromProtoDate(d.issue_deadline().deadline());
  fx.SetTimer(kIssueWarnTimer, d.name(), DeadlinePassesAt(warn_day), calendar.version());
  fx.SetTimer(kIssueOverdueTimer, d.name(), DeadlinePassesAt(deadline), calendar.version());
}

}  // namespace

absl::Status RecordDecision(v1::Decision& d, const v1::Meeting& meeting, std::optional<v1::Matter>* matter,
                            std::optional<v1::Topic>* topic, const std::vector<std::string>& escalate_to,
                            const Env& env, Effects& fx) {
  const Policy& policy = *env.policy;
  if (meeting.state() != v1::MEETING_STATE_HELD) {
    return absl::FailedPreconditionError(absl::StrCat(meeting.name(), " has not been held: its decisions come after"));
  }
  d.set_meeting(meeting.name());
  d.set_forum(meeting.kind());
  *d.mutable_decide_date() = meeting.end_date();
  const v1::Forum forum = ForumOfMeeting(meeting.kind());
  if (topic->has_value()) {
    v1::Topic& t = **topic;
    if (t.meeting() != meeting.name() || t.state() != v1::TOPIC_STATE_APPROVED_FOR_AGENDA) {
      return policy.Refuse(absl::StatusCode::kFailedPrecondition, "MTG-13",
                           absl::StrCat(t.name(), "未列入", meeting.name(), "议程"),
                           absl::StrCat(t.name(), " is not on the agenda of ", meeting.name()), "decision.topic");
    }
    if (t.major()) d.set_major(true);
    if (t.major_administrative_decision()) {
      d.set_major_administrative_decision(true);
      if (t.decision_file().reported_to_county_committee()) {
        d.set_county_committee_report(absl::StrCat(t.name(), " (decision file)"));
      }
    }
    if (d.matter().empty()) d.set_matter(t.matter());
    t.set_state(v1::TOPIC_STATE_DECIDED);
  }
  if (matter->has_value()) {
    v1::Matter& m = **matter;
    if (m.major()) d.set_major(true);
    if (m.state() == v1::MATTER_STATE_EXECUTED) {
      return absl::FailedPreconditionError(absl::StrCat(m.name(), " was carried out already"));
    }
    std::optional<v1::RouteStep> open = NextOpenStep(m, policy);
    if (!open.has_value()) {
      return absl::FailedPreconditionError(absl::StrCat(m.name(), " needs no further decision"));
    }
    if (forum == v1::FORUM_NONE) {
      // MTG-12 / MTG-01 (AMB-30): no reserved decision at a special-topic or other meeting.
      const bool special = meeting.kind() == v1::MEETING_KIND_SPECIAL_TOPIC;
      return policy.Refuse(
          absl::StatusCode::kFailedPrecondition, special ? "MTG-12" : "MTG-01",
          absl::StrCat(special ? "专题会议" : "此类会议", "不能决定该事项：", open->basis().message_zh()),
          absl::StrCat(special ? "a special-topic meeting" : "this meeting",
                       " cannot decide it: ", open->basis().message_en()),
          "decision.matter");
    }
    if (!Advances(m, forum, policy)) {
      return policy.Refuse(absl::StatusCode::kFailedPrecondition, open->basis().rule_id(),
                           absl::StrCat(open->basis().message_zh(), "，", meeting.name(), "不是该会议"),
                           absl::StrCat(open->basis().message_en(), "; ", meeting.name(), " is not that forum"),
                           "decision.matter");
    }
    v1::MatterApproval* a = m.add_approvals();
    a->set_forum(forum);
    a->set_decision(d.name());
    a->set_meeting(meeting.name());
    *a->mutable_date() = meeting.end_date();
    if (!NextOpenStep(m, policy).has_value()) m.set_state(v1::MATTER_STATE_DECIDED);
  }
  // MTG-20: a major matter is decided by the plenary, the party group or the executive meeting.
  if (d.major() && !Collective(meeting.kind())) {
    return policy.Refuse(
        absl::StatusCode::kFailedPrecondition, "MTG-20", "重大事项须经县政府全体会议、党组会议或常务会议集体讨论决定",
        "a major matter is decided by the plenary, party-group or executive meeting", "decision.meeting");
  }
  d.clear_warnings();
  d.clear_document();
  d.clear_issue_date();
  d.set_working_days_late(0);
  if (d.requires_document() && Collective(meeting.kind())) {
    // MTG-23: issued within 5 working days of the meeting's end.
    const absl::CivilDay end = FromProtoDate(meeting.end_date());
    const int wd = policy.proto().minutes().issue_deadline_wd().days();
    *d.mutable_issue_deadline() = ToProto(env.calendar->Explain(end, wd));
    d.set_issue_state(v1::ISSUE_STATE_PENDING);
    ArmIssueTimers(d, *env.calendar, policy, fx);
  } else {
    d.clear_issue_deadline();
    d.set_issue_state(d.requires_document() ? v1::ISSUE_STATE_PENDING : v1::ISSUE_STATE_NOT_REQUIRED);
  }
  d.clear_escalate_to();
  for (const std::string& o : escalate_to) d.add_escalate_to(o);
  // MTG-30: views heard before a major decision, as recorded ("根据需要": RECORD only).
  if (d.major() && d.consulted().empty()) {
    *d.add_warnings()->mutable_violation() = policy.Explain(
        "MTG-30", "重大决策未记录听取意见的渠道", "no channel of views heard is recorded for a major decision");
  }
  // MTG-29: a plenary or executive decision is made public within publish.deadline_wd.
  d.clear_publication();
  if (meeting.kind() == v1::MEETING_KIND_PLENARY || meeting.kind() == v1::MEETING_KIND_EXECUTIVE) {
    *d.mutable_publication()->mutable_due_explanation() = ToProto(
        env.calendar->Explain(FromProtoDate(meeting.end_date()), policy.proto().publish().deadline_wd().days()));
    const absl::CivilDay due = FromProtoDate(d.publication().due_explanation().deadline());
    d.mutable_publication()->set_state(v1::PUBLICATION_STATE_PENDING);
    *d.mutable_publication()->mutable_due_date() = ToProtoDate(due);
    fx.SetTimer(kPublicationTimer, d.name(), DeadlinePassesAt(due), env.calendar->version());
  } else {
    d.mutable_publication()->set_state(v1::PUBLICATION_STATE_NOT_REQUIRED);
  }
  *d.mutable_create_time() = ToProtoTime(env.now);
  v1::DecisionRecorded event;
  *event.mutable_decision() = d;
  fx.Publish(d.name(), event);
  return absl::OkStatus();
}

absl::Status DocumentIssued(v1::Decision& d, const std::string& document, absl::CivilDay issue_date,
                            const std::string& county_committee_report, const Env& env, Effects& fx) {
  if (d.issue_state() == v1::ISSUE_STATE_NOT_REQUIRED) {
    return absl::FailedPreconditionError(absl::StrCat(d.name(), " required no document"));
  }
  if (d.issue_state() == v1::ISSUE_STATE_ISSUED) {
    return absl::FailedPreconditionError(absl::StrCat(d.name(), "'s document was issued already (", d.document(), ")"));
  }
  if (issue_date > env.today) return absl::InvalidArgumentError("issue_date is in the future");
  if (d.major_administrative_decision() && d.county_committee_report().empty()) {
    if (county_committee_report.empty()) {
      return env.policy->Refuse(absl::StatusCode::kFailedPrecondition, "MTG-19",
                                "重大行政决策出台前须向县委报告(填写报告文号)",
                                "a major administrative decision is reported to the county party committee before "
                                "it is issued (name the report)",
                                "county_committee_report");
    }
    d.set_county_committee_report(county_committee_report);
  }
  if (d.has_decide_date() && issue_date < FromProtoDate(d.decide_date())) {
    return absl::InvalidArgumentError("issue_date is before the meeting decided");
  }
  d.set_issue_state(v1::ISSUE_STATE_ISSUED);
  d.set_document(document);
  *d.mutable_issue_date() = ToProtoDate(issue_date);
  if (d.has_issue_deadline()) {
    const absl::CivilDay deadline = FromProtoDate(d.issue_deadline().deadline());
    const int late = env.calendar->WorkingDaysBetween(deadline, issue_date).working_days;
    if (late > 0) {
      // MTG-23: late issue is recorded in working days.
      d.set_working_days_late(late);
      *d.add_warnings()->mutable_violation() = env.policy->Explain(
          "MTG-23", absl::StrCat("会议决定印发的文件逾期", late, "个工作日印发"),
          absl::StrCat("the document was issued ", late, " working day", late == 1 ? "" : "s", " late"));
    }
  }
  fx.CancelTimer(kIssueWarnTimer, d.name());
  fx.CancelTimer(kIssueOverdueTimer, d.name());
  v1::DecisionDocumentIssued event;
  *event.mutable_decision() = d;
  fx.Publish(d.name(), event);
  return absl::OkStatus();
}

absl::Status RecordPublication(v1::Decision& d, const std::string& where, const std::string& exempt_basis,
                               const std::string& interpretation, const Env& env, Effects& fx) {
  const Policy& policy = *env.policy;
  const v1::PublicationState state = d.publication().state();
  if (state != v1::PUBLICATION_STATE_PENDING && state != v1::PUBLICATION_STATE_OVERDUE) {
    return absl::FailedPreconditionError(
        absl::StrCat(d.name(), "'s publication is ", v1::PublicationState_Name(state), ": nothing to record"));
  }
  if (where.empty() == exempt_basis.empty()) {
    return policy.Refuse(absl::StatusCode::kInvalidArgument, "MTG-29", "须写明公开的位置，或免予公开的法律依据(二选一)",
                         "name where it was published, or the legal basis of its exemption (one of them)",
                         "published_at");
  }
  v1::Publication* p = d.mutable_publication();
  p->set_state(where.empty() ? v1::PUBLICATION_STATE_EXEMPT : v1::PUBLICATION_STATE_PUBLISHED);
  p->set_where(where);
  p->set_exempt_basis(exempt_basis);
  p->set_interpretation(interpretation);
  *p->mutable_record_time() = ToProtoTime(env.now);
  if (!where.empty() && interpretation.empty()) {
    // Art. 30: 谁起草、谁解读.
    *d.add_warnings()->mutable_violation() =
        policy.Explain("MTG-29", "公开的政策未附起草部门的解读",
                       "a published policy carries its drafting department's interpretation");
  }
  fx.CancelTimer(kPublicationTimer, d.name());
  return absl::OkStatus();
}

absl::Status PublicationOverdue(const Versioned<v1::Decision>& current, const Env& env, const Namer& names,
                                Effects& fx) {
  if (current.value.publication().state() != v1::PUBLICATION_STATE_PENDING) return absl::OkStatus();
  v1::Decision d = current.value;
  d.mutable_publication()->set_state(v1::PUBLICATION_STATE_OVERDUE);
  fx.Update(d, current.version);
  fx.Audit(d.name(), "PublicationOverdue", "MTG-29", &current.value, d);
  if (!d.escalate_to().empty()) {
    RETURN_IF_ERROR(
        Escalate({.rule_id = "MTG-29",
                  .subject = d.name(),
                  .assignee = d.escalate_to(0),
                  .raised_by = "meeting-svc",
                  .message_zh = absl::StrCat("会议决定(", d.meeting(), ")逾期未公开"),
                  .message_en = absl::StrCat("the decision of ", d.meeting(), " is not public after its working days")},
                 env, names, fx)
            .status());
  }
  return absl::OkStatus();
}

absl::Status ExcuseDelay(v1::Decision& d, const std::string& reason, const Person& me, const Env& env, Effects& fx) {
  const Policy& policy = *env.policy;
  const std::string& approver = policy.proto().minutes().late_reason_approver().role();
  if (!me.Has(approver)) {
    return policy.Refuse(absl::StatusCode::kPermissionDenied, "MTG-23", "逾期印发的理由须经县长同意",
                         "a reason for a late document is accepted by the county head");
  }
  if (d.issue_state() != v1::ISSUE_STATE_PENDING && d.issue_state() != v1::ISSUE_STATE_OVERDUE) {
    return absl::FailedPreconditionError(
        absl::StrCat(d.name(), " has no document pending (", v1::IssueState_Name(d.issue_state()), ")"));
  }
  const int64_t min_chars = policy.proto().overrides().min_reason_chars().count();
  if (CharacterCount(reason) < min_chars) {
    return policy.Refuse(absl::StatusCode::kInvalidArgument, "MTG-23", absl::StrCat("理由至少", min_chars, "个字"),
                         absl::StrCat("the reason needs at least ", min_chars, " characters"), "reason");
  }
  d.set_delay_reason(reason);
  d.set_delay_excused_by(me.official);
  fx.Note("MTG-23", absl::StrCat("lateness excused: ", reason));
  return absl::OkStatus();
}

absl::Status IssueWarning(const Versioned<v1::Decision>& current, const Env& env, Effects& fx) {
  if (current.value.issue_state() != v1::ISSUE_STATE_PENDING) return absl::OkStatus();
  v1::Decision d = current.value;
  const std::string due = absl::FormatCivilTime(FromProtoDate(d.issue_deadline().deadline()));
  *d.add_warnings()->mutable_violation() =
      env.policy->Explain("MTG-23", absl::StrCat("会议决定印发的文件应于", due, "前印发"),
                          absl::StrCat("the document the meeting decided to issue is due by ", due));
  fx.Update(d, current.version);
  v1::DecisionDocumentDue event;
  *event.mutable_decision() = d;
  fx.Publish(d.name(), event);
  return absl::OkStatus();
}

absl::Status IssueOverdue(const Versioned<v1::Decision>& current, const Env& env, const Namer& names, Effects& fx) {
  if (current.value.issue_state() != v1::ISSUE_STATE_PENDING) return absl::OkStatus();
  v1::Decision d = current.value;
  d.set_issue_state(v1::ISSUE_STATE_OVERDUE);
  // The working days as counted when it was recorded (the policy's issue_deadline_wd then).
  const int wd = d.issue_deadline().working_days();
  *d.add_warnings()->mutable_violation() =
      env.policy->Explain("MTG-23", absl::StrCat("会议决定印发的文件已超过", wd, "个工作日未印发"),
                          absl::StrCat("the document the meeting decided to issue is past its ", wd, " working days"));
  fx.Update(d, current.version);
  fx.Audit(d.name(), "IssueOverdue", "MTG-23", &current.value, d,
           d.delay_reason().empty() ? "" : absl::StrCat("excused by ", d.delay_excused_by(), ": ", d.delay_reason()));
  // An excuse the county head accepted suppresses the escalation (MTG-23).
  if (d.delay_reason().empty()) {
    RETURN_IF_ERROR(EscalateEach(
        {d.escalate_to().begin(), d.escalate_to().end()},
        {.rule_id = "MTG-23",
         .subject = d.name(),
         .raised_by = "meeting-svc",
         .message_zh = absl::StrCat("会议决定(", d.meeting(), ")须印发的《", d.document_title(), "》逾期未印发"),
         .message_en = absl::StrCat("\"", d.document_title(), "\", decided at ", d.meeting(), ", is not issued within ",
                                    wd, " working days")},
        env, names, fx));
  }
  v1::DecisionDocumentDue event;
  *event.mutable_decision() = d;
  event.set_overdue(true);
  fx.Publish(d.name(), event);
  return absl::OkStatus();
}

absl::Status RecomputeDecisionDeadlines(const Versioned<v1::Decision>& current, const CalendarUpdate& update,
                                        const Env& env, Effects& fx) {
  const v1::Decision& before = current.value;
  v1::Decision d = before;
  const Calendar& previous = *update.previous;
  const Calendar& now_calendar = *update.current;
  // A warning or escalation that has fired is never given twice (Effects::MoveTimer).
  auto move = [&](const char* kind, absl::Time was, absl::Time now_due) {
    fx.MoveTimer(kind, d.name(), was, now_due, env.now, now_calendar.version());
  };
  bool changed = false;
  if (before.issue_state() == v1::ISSUE_STATE_PENDING && before.has_issue_deadline()) {
    if (std::optional<MovedDeadline> moved = Recomputed(before.issue_deadline(), previous, now_calendar)) {
      *d.mutable_issue_deadline() = moved->deadline;
      const absl::CivilDay end = FromProtoDate(before.issue_deadline().start());
      const int warn_wd = env.policy->proto().minutes().issue_warn_wd().days();
      move(kIssueWarnTimer, DeadlinePassesAt(previous.AddWorkingDays(end, warn_wd).day),
           DeadlinePassesAt(now_calendar.AddWorkingDays(end, warn_wd).day));
      move(kIssueOverdueTimer, DeadlinePassesAt(FromProtoDate(before.issue_deadline().deadline())),
           DeadlinePassesAt(moved->day));
      fx.Audit(d.name(), "DeadlineRecomputed", "MTG-23", &before, d, moved->reason);
      changed = true;
    }
  }
  const v1::Publication& publication = before.publication();
  if (publication.state() == v1::PUBLICATION_STATE_PENDING && publication.has_due_explanation()) {
    if (std::optional<MovedDeadline> moved = Recomputed(publication.due_explanation(), previous, now_calendar)) {
      *d.mutable_publication()->mutable_due_explanation() = moved->deadline;
      *d.mutable_publication()->mutable_due_date() = ToProtoDate(moved->day);
      move(kPublicationTimer, DeadlinePassesAt(FromProtoDate(publication.due_date())), DeadlinePassesAt(moved->day));
      fx.Audit(d.name(), "DeadlineRecomputed", "MTG-29", &before, d, moved->reason);
      changed = true;
    }
  }
  if (changed) fx.Update(d, current.version);
  return absl::OkStatus();
}

}  // namespace xianfu::meeting
