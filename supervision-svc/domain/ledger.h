// The supervision ledger's rules (chapter 10, arts 56–61) on plain data: a task's opening (SUP-08,
// SUP-11), its path (SUP-09, SUP-16), reminders and escalation (SUP-10), intake of meeting
// decisions (SUP-14) and its colour on the working-day calendar.
#ifndef XIANFU_SUPERVISION_SVC_DOMAIN_LEDGER_H_
#define XIANFU_SUPERVISION_SVC_DOMAIN_LEDGER_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "common/calendar.h"
#include "common/effects.h"
#include "common/org_types.h"
#include "common/policy.h"
#include "common/status_macros.h"
#include "xianfu/document/v1/document.pb.h"
#include "xianfu/meeting/v1/meeting.pb.h"
#include "xianfu/supervision/v1/supervision.pb.h"

namespace xianfu::supervision {

namespace v1 = ::xianfu::supervision::v1;
using Person = org::Person;

inline constexpr char kReminderTimer[] = "task.reminder";
inline constexpr char kOverdueTimer[] = "task.overdue";
inline constexpr char kReleaseTimer[] = "task.release";
inline constexpr char kSecondEscalationTimer[] = "task.escalate";
inline constexpr char kProgressTimer[] = "task.progress";

// Who hears of lateness besides the unit, its leader and supervision, by the task's origin: the
// county head for a court judgment (SUP-03), the spokesperson and the office director for an
// emergency's release (SUP-17). Empty when the post is vacant.
struct OversightContacts {
  std::string county_head;
  std::string spokesperson;
  std::string office_director;
};

// A new task: category (SUP-11), lead unit whose principal head is the first responsible person
// (SUP-08), the leader in charge and the supervision office noted; reminders and the overdue
// timer armed (SUP-10).
// By origin (chapter 7): an NPC filing is due npc.filing_days calendar days on unless a deadline
// is given (SUP-01); an emergency's authoritative release is due deadlines.emergency_release_hours
// on, on a timer of its own (SUP-17).
absl::Status OpenTask(v1::Task& task, const org::Unit& lead, const std::string& supervisor, const std::string& actor,
                      const Env& env, Effects& fx, const OversightContacts& contacts = {});
// Whether the office must name a plan item (SUP-10): its own programme, not oversight arriving
// from outside (chapter 7 origins).
bool NeedsPlanItem(const v1::Task& task);

// SUP-14: the task a meeting decision becomes (deadline: its document's issue deadline, its due
// date, or supervision.default_task_wd working days after the meeting).
v1::Task TaskFromDecision(const meeting::v1::Decision& decision, const std::string& event_id, const Env& env);
// The decided document was issued: the task's source is resolved.
void SourceResolved(v1::Task& task, const std::string& what, const Env& env);

// SUP-01: a normative document issued in the county government's name is filed with the county
// NPC standing committee within npc.filing_days calendar days of `issued`: the office's task.
v1::Task TaskFromNormativeIssue(const document::v1::Document& document, absl::CivilDay issued,
                                const std::string& event_id, const Policy& policy);
// SUP-15 (DOC-23): the task a handling item becomes — a leader's instruction (批示交办) or a
// higher level's request — due when the item is.
v1::Task TaskFromHandlingItem(const document::v1::HandlingItem& item, const std::string& event_id);
// The item's deadline was extended: each extension logged on the task, the deadline moved, the
// reminders re-armed. Extensions already logged are not logged again.
void ExtendedAtSource(v1::Task& task, const document::v1::HandlingItem& item, const Env& env, Effects& fx);
// The item was completed (or declined as not complying, DIS-30): the task is reported done on
// that day, for the supervision office to verify; its reminders and escalations are cancelled.
void CompletedAtSource(v1::Task& task, const document::v1::HandlingItem& item, const Env& env, Effects& fx);

absl::Status ReportProgress(v1::Task& task, const std::string& text, const Person& me, const Env& env);
absl::Status ReportDone(v1::Task& task, const std::string& summary, const Person& me, const Env& env);
// 核查: verified, or rectification by a deadline (required then).
absl::Status Verify(v1::Task& task, bool passed, const std::string& finding,
                    std::optional<absl::CivilDay> rectification_deadline, const Person& me, const Env& env,
                    Effects& fx);
absl::Status SubmitRectification(v1::Task& task, const std::string& report, const Env& env);
// SUP-05 / SUP-17: where the result or the release was published (a late release is warned).
absl::Status RecordPublication(v1::Task& task, const std::string& published_at, const Env& env, Effects& fx);
// SUP-17: the release is not out when due: escalated to the spokesperson and the office director.
absl::Status ReleaseOverdue(const Versioned<v1::Task>& task, const Env& env, const Namer& names, Effects& fx);
// SUP-16: a rectification closes only with its report; otherwise only a verified task closes.
// SUP-03: an oversight finding closes only after its report to the county government; SUP-05: a
// major public report only with its result published; SUP-17: an emergency only with its release.
absl::Status Close(v1::Task& task, const Env& env, Effects& fx);

// Timers: the reminder (on the feed); when late, the escalation to the unit's first responsible
// person, and supervision.second_escalation_wd working days later, still late, to the leader in
// charge and the supervision office (and whoever the origin adds: the county head for a judgment).
absl::Status Remind(const Versioned<v1::Task>& task, int working_days_before, const Env& env, Effects& fx);
absl::Status MarkOverdue(const Versioned<v1::Task>& task, const Env& env, const Namer& names, Effects& fx);
absl::Status EscalateFurther(const Versioned<v1::Task>& task, const Env& env, const Namer& names, Effects& fx);
// SUP-09 限期报告: a reporting period ended. Without a progress report in it: warned and escalated
// to the first responsible person. Either way the next period starts (while the task is open).
absl::Status ProgressPeriodEnded(const Versioned<v1::Task>& task, const Env& env, const Namer& names, Effects& fx);

// A new calendar (a holiday added or moved): a deadline the service counted in working days
// (deadline_explanation, SUP-14) is counted again and moves with its overdue check; the reminders
// before the deadline, the second escalation and the end of the progress period (SUP-09), counted
// in working days, move with it. A timer that has already fired under the previous calendar is
// left alone (it must not fire twice); one whose new day has passed fires now.
absl::Status RearmForCalendar(const Versioned<v1::Task>& task, const CalendarUpdate& update, const Env& env,
                              Effects& fx);

// The colour and working days left as of `env.today` (set on every read): yellow from the day
// of the first reminder.
void Paint(v1::Task& task, const Env& env);

// The day of the reminder `before` days ahead of `deadline`, in the days the policy counts them
// (working or calendar).
absl::CivilDay ReminderDay(const policy::v1::ReminderOffsets& reminders, absl::CivilDay deadline, int before,
                           const Calendar& calendar);

// SUP-12: the draw of `sample_size` of `population` (sorted first) under `seed`; the same inputs
// always select the same tasks (the algorithm is recorded with it).
std::vector<std::string> Draw(std::vector<std::string> population, uint64_t seed, int sample_size);
inline constexpr char kDrawAlgorithm[] =
    "sort population; mt19937_64(seed); for i in 0..k-1: swap(p[i], p[i + next() % (n - i)]); take p[0..k)";

// The rule a late task is escalated under: DOC-23 for a handling item's time limit, SUP-01 for
// NPC filings and inquiries, SUP-03 for oversight findings and judgments, SUP-10 otherwise.
std::string LatenessRule(const v1::Task& task);

// Whether the task is still open (neither verified nor closed).
bool IsOpen(const v1::Task& task);

}  // namespace xianfu::supervision

#endif  // XIANFU_SUPERVISION_SVC_DOMAIN_LEDGER_H_
