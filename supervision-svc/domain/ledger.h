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
#include "xianfu/meeting/v1/meeting.pb.h"
#include "xianfu/supervision/v1/supervision.pb.h"

namespace xianfu::supervision {

namespace v1 = ::xianfu::supervision::v1;
using Person = org::Person;

inline constexpr char kReminderTimer[] = "task.reminder";
inline constexpr char kOverdueTimer[] = "task.overdue";

// A new task: category (SUP-11), lead unit whose principal head is the first responsible person
// (SUP-08), the leader in charge and the supervision office noted; reminders and the overdue
// timer armed (SUP-10).
absl::Status OpenTask(v1::Task& task, const org::Unit& lead, const std::string& supervisor, const std::string& actor,
                      const Env& env, Effects& fx);

// SUP-14: the task a meeting decision becomes (deadline: its document's issue deadline, its due
// date, or supervision.default_task_wd working days after the meeting).
v1::Task TaskFromDecision(const meeting::v1::Decision& decision, const std::string& event_id, const Env& env);
// The decided document was issued: the task's source is resolved.
void SourceResolved(v1::Task& task, const std::string& what, const Env& env);

absl::Status ReportProgress(v1::Task& task, const std::string& text, const Person& me, const Env& env);
absl::Status ReportDone(v1::Task& task, const std::string& summary, const Person& me, const Env& env);
// 核查: verified, or rectification by a deadline (required then).
absl::Status Verify(v1::Task& task, bool passed, const std::string& finding,
                    std::optional<absl::CivilDay> rectification_deadline, const Person& me, const Env& env,
                    Effects& fx);
absl::Status SubmitRectification(v1::Task& task, const std::string& report, const Env& env);
// SUP-16: a rectification closes only with its report; otherwise only a verified task closes.
absl::Status Close(v1::Task& task, const Env& env, Effects& fx);

// Timers: the reminder (on the feed) and the escalation when late, to the first responsible
// person, the leader in charge and the supervision office.
absl::Status Remind(const Versioned<v1::Task>& task, int working_days_before, const Env& env, Effects& fx);
absl::Status MarkOverdue(const Versioned<v1::Task>& task, const Env& env, const Namer& names, Effects& fx);

// The colour and working days left as of `env.today` (set on every read).
void Paint(v1::Task& task, const Env& env);

// SUP-12: the draw of `sample_size` of `population` (sorted first) under `seed`; the same inputs
// always select the same tasks (the algorithm is recorded with it).
std::vector<std::string> Draw(std::vector<std::string> population, uint64_t seed, int sample_size);
inline constexpr char kDrawAlgorithm[] =
    "sort population; mt19937_64(seed); for i in 0..k-1: swap(p[i], p[i + next() % (n - i)]); take p[0..k)";

// Whether the task is still open (neither verified nor closed).
bool IsOpen(const v1::Task& task);

}  // namespace xianfu::supervision

#endif  // XIANFU_SUPERVISION_SVC_DOMAIN_LEDGER_H_
