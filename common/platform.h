// The platform services a domain layer uses, owned by the bootstrap: the audit trail, the
// event outbox, durable timers, and the background worker that publishes events, fires
// timers and seals audit anchors.
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
#include "common/clock.h"
#include "common/db.h"
#include "common/events.h"
#include "common/timers.h"

namespace xianfu {

struct WorkerOptions {
  absl::Duration interval = absl::Milliseconds(500);
  absl::Duration anchor_interval = absl::Minutes(1);
  absl::Duration anchor_lag = absl::Minutes(5);
};

class Platform {
 public:
  Platform(std::string service, Database* db, const Clock* clock, std::string audit_key,
           std::string replica);
  ~Platform();

  const std::string& service() const { return service_; }
  AuditLog& audit() { return audit_; }
  TimerRunner& timers() { return timers_; }

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
  AuditLog audit_;
  TimerRunner timers_;
  WorkerOptions options_;
  absl::Mutex mu_;
  bool wake_ ABSL_GUARDED_BY(mu_) = false;
  bool stop_ ABSL_GUARDED_BY(mu_) = false;
  absl::Time last_anchor_ = absl::InfinitePast();
  std::string last_error_;
  std::thread worker_;
};

}  // namespace xianfu

#endif  // XIANFU_COMMON_PLATFORM_H_
