// The meeting rules of chapter 8 (arts 38–48) and arts 7, 22–26, 50, decided on plain data: the
// handler gathers the records and personnel-svc's answers first (one round trip through the
// organisation directory; document-svc's and personnel-svc's records where a rule needs them)
// and passes them in. Every decision either refuses, citing its rule, or changes the record and
// fills an Effects for the apply step.
#ifndef XIANFU_MEETING_SVC_DOMAIN_RULES_H_
#define XIANFU_MEETING_SVC_DOMAIN_RULES_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "common/calendar.h"
#include "common/effects.h"
#include "common/org_types.h"
#include "common/policy.h"
#include "common/status_macros.h"
#include "xianfu/meeting/v1/meeting.pb.h"
#include "xianfu/personnel/v1/personnel.pb.h"

namespace xianfu::meeting {

namespace v1 = ::xianfu::meeting::v1;
using Person = org::Person;

// --- Who decides what (MTG-04, MTG-06, MTG-08…MTG-12, MTG-20, art. 23) -----------------------

// The route of a matter under the policy: the forums it needs, with the rule and article of
// each, and the ambiguity defaults applied as warnings. `cumulative_fen` is the sum of the
// fiscal year's items of the same project and purpose, this one included (AMB-05); pass the
// item's own amount when there are none.
v1::Route RouteOf(const v1::Matter& matter, int64_t cumulative_fen, const Policy& policy);

// The route table of a policy as Markdown (kind, amount, forums, rule): each amount tier of
// funds, invest and assets at its thresholds, then the policy's table of other kinds. The
// README shows it for the Mengla policy; meeting-demo --routing_table=<policy> prints it for any.
std::string RoutingTableMarkdown(const Policy& policy);

// Whether the matter is major (AMB-08): flagged so, a party-group-reserved kind, or an amount at
// or above the party group's thresholds.
bool IsMajorMatter(const v1::Matter& matter, int64_t cumulative_fen, const Policy& policy);

// A new matter registered by `actor`: route fixed, state REGISTERED.
// When adding up split items raises the forum (AMB-05), `escalate_to` (the party-group secretary
// or the county head) hears of it.
absl::Status RegisterMatter(v1::Matter& matter, int64_t cumulative_fen, const std::string& actor, const Env& env);
absl::Status EscalateRaisedForum(const v1::Matter& matter, const std::string& escalate_to, const Env& env,
                                 const Namer& names, Effects& fx);

// The forum a meeting of `kind` is (SPECIAL_TOPIC and OTHER are no forum of a reserved
// decision: FORUM_NONE).
v1::Forum ForumOfMeeting(v1::MeetingKind kind);

// The first step of the route no approval on record satisfies yet (nullopt when all are),
// honouring order for sequential routes and AMB-27 (a higher forum satisfies a lower tier).
std::optional<v1::RouteStep> NextOpenStep(const v1::Matter& matter, const Policy& policy);
// Whether a decision of `forum` would satisfy one more step of the matter's route.
bool Advances(const v1::Matter& matter, v1::Forum forum, const Policy& policy);

// A person's approval of the matter (the county head or his entrusted stand-in, the deputy in
// charge, the department): `acting` is personnel-svc's answer to whether `me` may do the act.
absl::Status ApproveInPerson(v1::Matter& matter, const Person& me, const org::Acting& acting, const Env& env,
                             Effects& fx);
// The forum the matter's open step needs and the act personnel-svc must allow for it.
struct PersonStep {
  v1::Forum forum = v1::FORUM_UNSPECIFIED;
};
absl::StatusOr<PersonStep> OpenPersonStep(const v1::Matter& matter, const Policy& policy);

// Carrying the matter out: refused (citing the open step's rule) unless every step is on record.
absl::Status Execute(v1::Matter& matter, const std::string& actor, const Env& env, Effects& fx);

// --- Meetings (MTG-01, MTG-02, MTG-05, MTG-07, MTG-12, MTG-21) ---------------------------------

// The roles whose holders are members of a meeting of `kind` (the chair alone for special topics).
std::vector<std::string> MemberRoles(v1::MeetingKind kind);

// What the chair check found: personnel-svc's answer for the act of chairing (for plenary,
// executive and special-topic meetings) and the chair's standing.
struct ChairFacts {
  Person chair;
  // CheckActing for the chair act, when one applies (OK, or its refusal).
  std::optional<absl::StatusOr<org::Acting>> acting;
};
// The personnel act chairing a meeting of `kind` by `chair` is, when personnel-svc must allow it
// (a stand-in chairing a plenary or executive meeting, an office director a special topic).
std::optional<personnel::v1::ActKind> ChairActKind(v1::MeetingKind kind, const Person& chair);

// A new meeting scheduled by the office: kind, date and chair checked, members from the
// organisation on the date (`members`), attendees added as non-members.
absl::Status ScheduleMeeting(v1::Meeting& meeting, const ChairFacts& chair, const std::vector<std::string>& members,
                             const Env& env);

// The meeting sat: members neither present nor excused are absent without leave (RECORD and
// ESCALATE to supervision, MTG-21).
absl::Status Hold(v1::Meeting& meeting, std::optional<absl::CivilDay> end_date, const std::string& supervisor,
                  const Env& env, const Namer& names, Effects& fx);

// Frequency (MTG-03, MTG-05, MTG-07, AMB-01, AMB-23): what the check of `day` finds, given the
// meetings dated around it (any state). A plenary missing from the current half-year is warned on
// the policy's warn days; any kind's period that closed without a held meeting is recorded as a
// deviation on the first day of the next period. Never a refusal.
std::vector<v1::MeetingFrequencyWarning> CheckFrequency(absl::CivilDay day, const std::vector<v1::Meeting>& meetings,
                                                        const Policy& policy);
inline constexpr char kFrequencyTimer[] = "meetings.frequency";

// --- Topics (MTG-04, MTG-13…MTG-19, DIS-23) ---------------------------------------------------

absl::Status DraftTopic(v1::Topic& topic, const v1::Meeting& meeting, const std::string& actor, const Env& env);

// The latest day a topic may reach the office for `meeting` (MTG-14: calendar days before it, 5
// for a major topic, unless the policy counts working days).
absl::CivilDay LatestSubmission(const v1::Meeting& meeting, bool major, const Env& env);

// The department's 请示: basis and reasons (MTG-14), deadline (MTG-14, with `later` the
// scheduled meetings of the same kind to propose), authority and coordination (MTG-17).
// Overrides by the county head with a reason (AMB-38).
absl::Status SubmitTopic(v1::Topic& topic, const v1::Meeting& meeting, const std::vector<v1::Meeting>& later,
                         const std::vector<common::v1::OverrideRequest>& overrides, const Person& me, const Env& env,
                         Effects& fx);

// The leader in charge puts it forward (`acting`: personnel-svc allowed his portfolio act);
// MTG-18's materials for a major topic.
absl::Status SponsorTopic(v1::Topic& topic, bool major, const Person& me, const Env& env, Effects& fx);

absl::Status AggregateTopic(v1::Topic& topic, const Env& env, Effects& fx);

// What ApproveTopicForAgenda needs from the other modules.
struct AgendaFacts {
  // MTG-16 / MTG-19: the legality review of the topic's document and of the decision file.
  std::optional<bool> document_lawful;  // nullopt: no document named / not reviewed
  std::optional<bool> decision_file_lawful;
  // DIS-23: the approval record in personnel-svc is APPROVED.
  std::optional<bool> delegate_approval_granted;
  // MTG-13: the meeting's day (materials reach participants materials_lead_wd working days before).
  std::optional<absl::CivilDay> meeting_date;
};
absl::Status ApproveForAgenda(v1::Topic& topic, const AgendaFacts& facts, const Person& me, const Env& env,
                              Effects& fx);

// The office moves a topic to another meeting of its kind; the chair restores a deferred topic
// to the meeting it was taken from, with a reason (MTG-21, AMB-32).
absl::Status MoveTopic(v1::Topic& topic, const v1::Meeting& from, const v1::Meeting& to, const std::string& reason,
                       const Person& me, const Env& env, Effects& fx);

// --- Attendance and leave (MTG-21, AMB-25, AMB-32) ---------------------------------------------

absl::Status AskLeave(v1::LeaveRequest& leave, const v1::Meeting& meeting, const Person& official, const Env& env);

// What approving a leave request does beyond the request: the meeting's attendance and the
// topics deferred to the next meeting of the same kind.
struct LeaveEffects {
  v1::Meeting meeting;
  std::vector<v1::Topic> deferred;
};
// `portfolio_units`: the units whose topics follow the official (his portfolio's departments,
// or his own department); `topics`: the meeting's topics; `next`: the next scheduled meeting of
// the same kind, if any.
absl::StatusOr<LeaveEffects> DecideLeave(v1::LeaveRequest& leave, bool approve, const v1::Meeting& meeting,
                                         const std::vector<std::string>& portfolio_units,
                                         const std::vector<v1::Topic>& topics, const std::optional<v1::Meeting>& next,
                                         const std::string& decider, const Env& env, Effects& fx);

// The topics of `units` on `meeting` wait for `next` (AMB-32; MTG-21's defer_on_unexcused): each
// DEFERRED with its previous state kept so the chair can restore it, and published.
std::vector<v1::Topic> DeferTopics(const v1::Meeting& meeting, const std::vector<v1::Topic>& topics,
                                   const std::vector<std::string>& units, const std::optional<v1::Meeting>& next,
                                   const std::string& official, const std::string& reason, const Env& env, Effects& fx);

// A department head's written report and his substitute, another responsible person (a deputy
// head) of his department.
absl::Status FileReport(v1::LeaveRequest& leave, const std::string& report, const Person& head,
                        const Person& substitute, const Env& env);

// A participant checks in, in person or for an excused department head (`leave`: the approved
// request naming him as substitute). An unauthorised substitution is refused and recorded.
// An unauthorised substitution is refused; the member stands absent without leave and
// supervision (`supervisor`) hears of it.
absl::Status CheckIn(v1::Meeting& meeting, const std::string& official, const std::string& for_official,
                     const std::optional<v1::LeaveRequest>& leave, const std::string& supervisor, const Env& env,
                     const Namer& names, Effects& fx);

// An absence registered in personnel-svc (its feed) that covers the meeting's day: the member's
// attendance names it (`ended`: the absence ended before the day, so it no longer does). True
// when the meeting changed.
bool NoteRegisteredAbsence(v1::Meeting& meeting, const std::string& official, const std::string& absence,
                           bool covers_the_day);

// --- Minutes (MTG-22, MTG-24) -------------------------------------------------------------------

absl::Status DraftMinutes(v1::Minutes& minutes, const v1::Meeting& meeting, const std::string& actor, const Env& env);
absl::Status ReviewMinutes(v1::Minutes& minutes, const Person& me, const Env& env);
// The signing deadline (minutes.sign_deadline_wd, WARN) counts from the meeting's end.
absl::Status SignMinutes(v1::Minutes& minutes, const v1::Meeting& meeting, const Person& me, const Env& env);

// --- Decisions (MTG-01, MTG-06, MTG-08…MTG-12, MTG-20, MTG-23) ----------------------------------

// A decision of a held meeting. With a matter, the meeting must be the forum of the matter's open
// step (or a higher one, AMB-27), and the matter records the approval; a major decision needs a
// collective forum (MTG-20); a document to issue is due within 5 working days of the meeting's
// end (MTG-23), with its warning and escalation timers.
// `escalate_to`: who hears of an overdue document (the office director first, then the
// supervision office).
absl::Status RecordDecision(v1::Decision& decision, const v1::Meeting& meeting, std::optional<v1::Matter>* matter,
                            std::optional<v1::Topic>* topic, const std::vector<std::string>& escalate_to,
                            const Env& env, Effects& fx);

// The document was issued: late issue is recorded in working days.
// A major administrative decision needs its report to the county party committee first
// (`county_committee_report`, unless its decision file recorded one; MTG-19(c)).
absl::Status DocumentIssued(v1::Decision& decision, const std::string& document, absl::CivilDay issue_date,
                            const std::string& county_committee_report, const Env& env, Effects& fx);

// MTG-29: published (where) or exempt (legal basis); a published policy without its drafting
// department's interpretation is warned (art. 30).
absl::Status RecordPublication(v1::Decision& decision, const std::string& where, const std::string& exempt_basis,
                               const std::string& interpretation, const Env& env, Effects& fx);
// Timer: still pending after publish.deadline_wd working days → OVERDUE, escalated to the office
// director (the first of escalate_to).
absl::Status PublicationOverdue(const Versioned<v1::Decision>& decision, const Env& env, const Namer& names,
                                Effects& fx);
inline constexpr char kPublicationTimer[] = "decision.publication_due";

// The county head (minutes.late_reason_approver) accepts a reason for lateness: the overdue
// escalation is suppressed, the working days late are still recorded.
absl::Status ExcuseDelay(v1::Decision& decision, const std::string& reason, const Person& me, const Env& env,
                         Effects& fx);

// Timers: the warning once working day 4 has passed and the escalation once working day 5 has
// (MTG-23).
absl::Status IssueWarning(const Versioned<v1::Decision>& decision, const Env& env, Effects& fx);
absl::Status IssueOverdue(const Versioned<v1::Decision>& decision, const Env& env, const Namer& names, Effects& fx);
// A new calendar moves a pending issue deadline (MTG-23) and a pending publication's due date
// (MTG-29), with their timers; a timer that has fired already is not set again.
absl::Status RecomputeDecisionDeadlines(const Versioned<v1::Decision>& decision, const CalendarUpdate& update,
                                        const Env& env, Effects& fx);

inline constexpr char kIssueWarnTimer[] = "decision.issue_warn";
inline constexpr char kIssueOverdueTimer[] = "decision.issue_overdue";

// --- County-wide meetings (MTG-25…MTG-28) -------------------------------------------------------

struct CountyMeetingFacts {
  org::Unit unit;
  // The unit's county-wide meetings already held or requested in the same calendar year.
  int same_year_count = 0;
  // MTG-25: the meeting's plan decision, if named.
  std::optional<v1::Decision> plan_decision;
  std::optional<v1::Meeting> plan_meeting;
};
absl::Status RequestCountyMeeting(v1::CountyMeeting& meeting, const CountyMeetingFacts& facts,
                                  const std::vector<common::v1::OverrideRequest>& overrides, const Person& me,
                                  const Env& env, Effects& fx);
absl::Status ApproveCountyMeeting(v1::CountyMeeting& meeting, bool approve_local_heads, const Person& me,
                                  const Env& env);
// MTG-27: next year's plan, complete, by the policy's deadline (late: escalated to the office
// director, still accepted).
absl::Status SubmitPlan(v1::MeetingPlan& plan, const std::string& office_director, const std::string& actor,
                        const Env& env, const Namer& names, Effects& fx);

}  // namespace xianfu::meeting

#endif  // XIANFU_MEETING_SVC_DOMAIN_RULES_H_
