// Attendance and leave (art. 44, MTG-21): who may be excused and why, the topics that wait for
// an excused leader or department head (AMB-32), written reports and substitutes, check-in.
#include <algorithm>

#include "absl/strings/str_cat.h"
#include "common/deadline_proto.h"
#include "common/errors.h"
#include "common/escalations.h"
#include "meeting-svc/domain/rules.h"

namespace xianfu::meeting {
namespace {

v1::Attendance* AttendanceOf(v1::Meeting& m, const std::string& official) {
  for (v1::Attendance& a : *m.mutable_attendance()) {
    if (a.official() == official) return &a;
  }
  return nullptr;
}

}  // namespace

absl::Status AskLeave(v1::LeaveRequest& leave, const v1::Meeting& meeting, const Person& official, const Env& env) {
  if (meeting.state() != v1::MEETING_STATE_SCHEDULED || env.today > FromProtoDate(meeting.date())) {
    return env.policy->Refuse(absl::StatusCode::kFailedPrecondition, "MTG-21", "请假须在会议召开前提出",
                              "leave is asked before the meeting", "leave.meeting");
  }
  bool participant = false;
  for (const v1::Attendance& a : meeting.attendance()) participant |= a.official() == leave.official();
  if (!participant) {
    return absl::FailedPreconditionError(absl::StrCat(leave.official(), " is not expected at ", meeting.name(),
                                                      ": there is nothing to be excused from"));
  }
  leave.set_state(v1::LEAVE_STATE_REQUESTED);
  leave.set_department_head(official.Has("R-DEPT-HEAD"));
  leave.clear_warnings();
  if (leave.reason() == v1::LEAVE_REASON_OTHER) {
    // MTG-21: the four accepted reasons; any other is warned, still decidable.
    *leave.add_warnings()->mutable_violation() = env.policy->Explain(
        "MTG-21", "除参加上级会议活动、因公出访出差、处置突发事件、身体原因外，原则上不应请假",
        "apart from higher-level meetings, official trips, emergencies and health, leave is in principle not asked");
  }
  *leave.mutable_create_time() = ToProtoTime(env.now);
  return absl::OkStatus();
}

std::vector<v1::Topic> DeferTopics(const v1::Meeting& meeting, const std::vector<v1::Topic>& topics,
                                   const std::vector<std::string>& units, const std::optional<v1::Meeting>& next,
                                   const std::string& official, const std::string& reason, const Env& env,
                                   Effects& fx) {
  std::vector<v1::Topic> deferred;
  for (const v1::Topic& topic : topics) {
    const bool follows = std::find(units.begin(), units.end(), topic.unit()) != units.end();
    const bool pending = topic.state() >= v1::TOPIC_STATE_DRAFT && topic.state() <= v1::TOPIC_STATE_APPROVED_FOR_AGENDA;
    if (!follows || !pending || topic.meeting() != meeting.name()) continue;
    v1::Topic t = topic;
    t.set_state_before_deferral(t.state());
    t.set_state(v1::TOPIC_STATE_DEFERRED);
    t.set_deferred_from(meeting.name());
    t.set_deferral_reason(reason);
    if (next.has_value()) t.set_meeting(next->name());
    *t.add_warnings()->mutable_violation() = env.policy->Explain(
        "MTG-21", absl::StrCat(official, "不能到会，议题原则上不提请当次会议"),
        absl::StrCat(official, " is not at the meeting: the topic is in principle not taken there"));
    v1::TopicDeferred event;
    *event.mutable_topic() = t;
    fx.Publish(t.name(), event);
    deferred.push_back(std::move(t));
  }
  return deferred;
}

absl::StatusOr<LeaveEffects> DecideLeave(v1::LeaveRequest& leave, bool approve, const v1::Meeting& meeting,
                                         const std::vector<std::string>& portfolio_units,
                                         const std::vector<v1::Topic>& topics, const std::optional<v1::Meeting>& next,
                                         const std::string& decider, const Env& env, Effects& fx) {
  if (leave.state() != v1::LEAVE_STATE_REQUESTED) {
    return absl::FailedPreconditionError(absl::StrCat(leave.name(), " was decided already"));
  }
  if (meeting.state() != v1::MEETING_STATE_SCHEDULED) {
    return absl::FailedPreconditionError(absl::StrCat(meeting.name(), " has been held"));
  }
  LeaveEffects out{meeting, {}};
  leave.set_decided_by(decider);
  *leave.mutable_decide_time() = ToProtoTime(env.now);
  if (!approve) {
    leave.set_state(v1::LEAVE_STATE_REJECTED);
    return out;
  }
  leave.set_state(v1::LEAVE_STATE_APPROVED);
  if (v1::Attendance* a = AttendanceOf(out.meeting, leave.official())) {
    a->set_status(v1::ATTENDANCE_STATUS_ON_LEAVE);
    a->set_leave_request(leave.name());
  }
  if (!env.policy->proto().meetings().defer_on_leave().enabled()) return out;
  // AMB-32: the topics of his portfolio (or his department) wait for the next meeting.
  out.deferred = DeferTopics(meeting, topics, portfolio_units, next, leave.official(),
                             absl::StrCat(leave.official(), " is excused (", leave.name(), ")"), env, fx);
  for (const v1::Topic& t : out.deferred) leave.add_deferred_topics(t.name());
  return out;
}

bool NoteRegisteredAbsence(v1::Meeting& m, const std::string& official, const std::string& absence,
                           bool covers_the_day) {
  if (m.state() != v1::MEETING_STATE_SCHEDULED) return false;
  v1::Attendance* a = AttendanceOf(m, official);
  if (a == nullptr) return false;
  if (covers_the_day) {
    if (a->registered_absence() == absence) return false;
    a->set_registered_absence(absence);
    return true;
  }
  if (a->registered_absence() != absence) return false;
  a->clear_registered_absence();
  return true;
}

absl::Status FileReport(v1::LeaveRequest& leave, const std::string& report, const Person& head,
                        const Person& substitute, const Env& env) {
  if (leave.state() != v1::LEAVE_STATE_APPROVED || !leave.department_head()) {
    return absl::FailedPreconditionError("a written report follows a department head's approved leave");
  }
  bool colleague = false;
  for (const std::string& unit : head.units) colleague |= substitute.InUnit(unit);
  if (!colleague || !substitute.Has("R-DEPT-DEP") || substitute.official == leave.official()) {
    return env.policy->Refuse(
        absl::StatusCode::kFailedPrecondition, "MTG-21", absl::StrCat(substitute.official, "不是本部门的其他负责同志"),
        absl::StrCat(substitute.official, " is not another responsible person of ", head.official, "'s department"),
        "substitute");
  }
  leave.set_written_report(report);
  leave.set_substitute(substitute.official);
  *leave.mutable_report_time() = ToProtoTime(env.now);
  return absl::OkStatus();
}

absl::Status CheckIn(v1::Meeting& m, const std::string& official, const std::string& for_official,
                     const std::optional<v1::LeaveRequest>& leave, const std::string& supervisor, const Env& env,
                     const Namer& names, Effects& fx) {
  if (m.state() != v1::MEETING_STATE_SCHEDULED) {
    return absl::FailedPreconditionError(absl::StrCat(m.name(), " has been held: attendance is closed"));
  }
  if (for_official.empty() || for_official == official) {
    v1::Attendance* a = AttendanceOf(m, official);
    if (a == nullptr) {
      return absl::FailedPreconditionError(absl::StrCat(official, " is not expected at ", m.name()));
    }
    a->set_status(v1::ATTENDANCE_STATUS_PRESENT);
    *a->mutable_check_in_time() = ToProtoTime(env.now);
    return absl::OkStatus();
  }
  v1::Attendance* a = AttendanceOf(m, for_official);
  if (a == nullptr) {
    return absl::FailedPreconditionError(absl::StrCat(for_official, " is not expected at ", m.name()));
  }
  const bool approved =
      leave.has_value() && leave->state() == v1::LEAVE_STATE_APPROVED && leave->substitute() == official;
  if (!approved) {
    // Refused; the member is absent without leave (unless excused) and supervision hears of it.
    fx.Audit(m.name(), "UnauthorisedSubstitution", "MTG-21", nullptr, m,
             absl::StrCat(official, " tried to attend for ", for_official));
    if (a->status() == v1::ATTENDANCE_STATUS_EXPECTED) {
      a->set_status(v1::ATTENDANCE_STATUS_ABSENT_UNEXCUSED);
      *m.add_warnings()->mutable_violation() = env.policy->Explain(
          "MTG-21", absl::StrCat(for_official, "未请假缺席，", official, "擅自代会"),
          absl::StrCat(for_official, " is absent without leave; ", official, " substituted without approval"));
      if (!supervisor.empty()) {
        RETURN_IF_ERROR(
            Escalate({.rule_id = "MTG-21",
                      .subject = m.name(),
                      .assignee = supervisor,
                      .raised_by = official,
                      .message_zh = absl::StrCat(for_official, "未请假缺席", m.title(), "，", official, "擅自代为参会"),
                      .message_en = absl::StrCat(for_official, " missed \"", m.title(), "\" without leave; ", official,
                                                 " tried to attend instead")},
                     env, names, fx)
                .status());
      }
    }
    fx.AnswerWith(
        env.policy->Refuse(absl::StatusCode::kPermissionDenied, "MTG-21",
                           absl::StrCat("参会人员不得擅自缺席或更换：", official, "未经批准代", for_official, "参会"),
                           absl::StrCat("no unapproved absence or substitution: ", official,
                                        " is not the approved substitute of ", for_official)));
    return absl::OkStatus();
  }
  a->set_status(v1::ATTENDANCE_STATUS_SUBSTITUTED);
  a->set_substitute(official);
  *a->mutable_check_in_time() = ToProtoTime(env.now);
  return absl::OkStatus();
}

}  // namespace xianfu::meeting
