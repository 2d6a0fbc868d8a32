// Durable timers: reminders, escalations and deemed outcomes are rows with a due time, never
// state in memory. Any replica claims a due row with SELECT … FOR UPDATE SKIP LOCKED and runs
// its handler in the same transaction that marks it fired, so each fires exactly once; one
// that came due while every replica was down fires on recovery with its original due time.
#ifndef XIANFU_COMMON_TIMERS_H_
#define XIANFU_COMMON_TIMERS_H_

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "common/clock.h"
#include "common/db.h"

namespace xianfu {

struct Timer {
  int64_t id = 0;
  std::string kind;     // "countersign.deemed"
  std::string subject;  // "countersigns/42"
  absl::Time due_at;    // the original due time, also when fired late
  std::string payload;
  int attempts = 0;
  std::string calendar_version;
};

// (Re)arms the timer (kind, subject) inside the caller's transaction: one timer per kind and
// subject, so rescheduling moves it.
absl::Status ScheduleTimer(Tx& tx, absl::string_view kind, absl::string_view subject, absl::Time due_at,
                           absl::string_view payload = "", absl::string_view calendar_version = "");
struct TimerArm {
  std::string kind;
  std::string subject;
  absl::Time due_at;
  std::string payload;
  std::string calendar_version;
};
// Several at once, in one statement; a later one of the same kind and subject wins, as when
// armed one after another.
void ScheduleTimers(Tx& tx, const std::vector<TimerArm>& timers);
// Cancels a pending timer; a missing or already fired one is fine.
absl::Status CancelTimer(Tx& tx, absl::string_view kind, absl::string_view subject);

class TimerRunner {
 public:
  using Handler = std::function<absl::Status(Tx&, const Timer&)>;

  // `replica` names this process in fired_by (e.g. host:pid).
  TimerRunner(Database* db, const Clock* clock, std::string replica)
      : db_(db), clock_(clock), replica_(std::move(replica)) {}

  void Register(std::string kind, Handler handler) { handlers_[std::move(kind)] = std::move(handler); }

  // Handles due timers, one transaction each, until none is due or `max` were handled;
  // returns how many were handled (fired, or failed and put back with backoff). A failing
  // handler rolls back its effects; the timer is retried with backoff (attempts, last_error).
  absl::StatusOr<int> RunDue(int max = 1000);

 private:
  // One claim-and-fire: false when nothing was due.
  absl::StatusOr<bool> FireOne();

  Database* db_;
  const Clock* clock_;
  std::string replica_;
  std::map<std::string, Handler> handlers_;
};

}  // namespace xianfu

#endif  // XIANFU_COMMON_TIMERS_H_
