// The time source of every service. Production code asks a Clock for "now" instead of calling
// absl::Now() so that tests and the test mode can move time (deadlines, reminders, escalations).
#ifndef XIANFU_COMMON_CLOCK_H_
#define XIANFU_COMMON_CLOCK_H_

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace xianfu {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual absl::Time Now() const = 0;
};

// The system clock.
class RealClock final : public Clock {
 public:
  absl::Time Now() const override;
};

// A clock that stands still until told to move. Safe to read and move from several threads.
class FakeClock final : public Clock {
 public:
  explicit FakeClock(absl::Time start);

  absl::Time Now() const override;
  // Time may be set backwards as well; tests of out-of-order events need that.
  void Set(absl::Time now);
  void Advance(absl::Duration by);

 private:
  mutable absl::Mutex mutex_;
  absl::Time now_ ABSL_GUARDED_BY(mutex_);
};

}  // namespace xianfu

#endif  // XIANFU_COMMON_CLOCK_H_
