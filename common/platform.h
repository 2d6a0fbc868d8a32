// The platform services a domain layer uses, owned by the bootstrap: the county's policy, the
// working-day calendar, the audit trail, durable timers, and the background worker that
// publishes events, fires timers, seals audit anchors and reloads the calendar.
#ifndef XIANFU_COMMON_PLATFORM_H_
#define XIANFU_COMMON_PLATFORM_H_

#include <atomic>
#include <memory>
#include <string>
#include <thread>

#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "absl/time/time.h"
#include "common/audit.h"
#include "common/calendar.h"
#include "common/clock.h"
#include "common/db.h"
#include "common/events.h"
#include "common/policy.h"
#include "common/timers.h"

namespace xianfu {

struct WorkerOptions {
  absl::Duration interval = absl::Milliseconds(500);
  absl::Duration anchor_interval = absl::Minutes(1);
  absl::Duration anchor_lag = absl::Minutes(5);
  absl::Duration calendar_check_interval = absl::Seconds(30);
};

class Platform {
 public:
  Platform(std::string service, Database* db, const Clock* clock, std::shared_ptr<const Policy> policy,
           std::unique_ptr<CalendarProvider> calendar, std::string audit_key, std::string replica);
  ~Platform();

  const std::string& service() const { return service_; }
  const Clock& clock() const { return *clock_; }
  const Policy& policy() const { return *policy_; }
  // Keep the returned calendar for the whole of a request: a reload swaps in a new one.
  std::shared_ptr<const Calendar> calendar() const { return calendar_->Current(); }
  AuditLog& audit() { return audit_; }
  TimerRunner& timers() { return timers_; }

  // Called on the worker thread after a new calendar was loaded (e.g. next year's national
  // notice), so a module recomputes the pending deadlines that depended on the changed days
  // (see RecomputeDeadline) and records what moved. Register before Start.
  using CalendarListener = std::function<absl::Status(const CalendarUpdate&)>;
  void OnCalendarChange(CalendarListener listener) { calendar_listeners_.push_back(std::move(listener)); }
  // Consumes another service's feed: each round of the worker reads `source` after this
  // consumer's cursor and applies every new event with its route in a local transaction that
  // also records it in the inbox and moves the cursor (EventConsumer), so an event is applied
  // exactly once however often it is delivered, from the beginning of the feed on first start,
  // by whichever replica gets there first. The feed sends only the types `routes` handles.
  // Register before Start.
  void Consume(std::string consumer, std::unique_ptr<EventSource> source, EventRoutes routes);

  // Re-reads the calendar directory now; true when it changed. The change is audited.
  absl::StatusOr<bool> ReloadCalendar();

  // Starts the background worker. Handlers must be registered with timers() before.
  void Start(WorkerOptions options);
  // Stops the worker and waits for its current round.
  void Stop();
  // Asks the worker for a round now (e.g. after a commit that wrote events).
  void Nudge();

  // One round of background work, also callable from tests.
  void RunOnce();

 private:
  void Loop();

  const std::string service_;
  Database* db_;
  const Clock* clock_;
  std::shared_ptr<const Policy> policy_;
  std::unique_ptr<CalendarProvider> calendar_;
  std::vector<CalendarListener> calendar_listeners_;
  struct Feed {
    std::unique_ptr<EventSource> source;
    std::unique_ptr<EventConsumer> consumer;
    // An idle or unreachable feed is asked less often (see RunOnce).
    int idle_rounds = 0;
    absl::Time next_poll = absl::InfinitePast();
  };
  std::vector<Feed> feeds_;
  AuditLog audit_;
  TimerRunner timers_;
  WorkerOptions options_;
  absl::Mutex mu_;
  bool wake_ ABSL_GUARDED_BY(mu_) = false;
  bool stop_ ABSL_GUARDED_BY(mu_) = false;
  absl::Time last_anchor_ = absl::InfinitePast();
  absl::Time last_calendar_check_ = absl::Now();
  std::string last_error_;
  std::thread worker_;
};

}  // namespace xianfu

#endif  // XIANFU_COMMON_PLATFORM_H_
