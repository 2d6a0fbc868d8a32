#include "common/clock.h"

#include "absl/time/clock.h"

namespace xianfu {

absl::Time RealClock::Now() const { return absl::Now(); }

FakeClock::FakeClock(absl::Time start) : now_(start) {}

absl::Time FakeClock::Now() const {
  absl::MutexLock lock(&mutex_);
  return now_;
}

void FakeClock::Set(absl::Time now) {
  absl::MutexLock lock(&mutex_);
  now_ = now;
}

void FakeClock::Advance(absl::Duration by) {
  absl::MutexLock lock(&mutex_);
  now_ += by;
}

}  // namespace xianfu
