#include "common/platform.h"

#include "absl/time/clock.h"
#include "common/log.h"

namespace xianfu {

Platform::Platform(std::string service, Database* db, const Clock* clock, std::string audit_key,
                   std::string replica)
    : service_(std::move(service)),
      db_(db),
      audit_(std::move(audit_key)),
      timers_(db, clock, std::move(replica)) {}

Platform::~Platform() { Stop(); }

void Platform::Start(WorkerOptions options) {
  options_ = options;
  worker_ = std::thread([this] { Loop(); });
}

void Platform::Stop() {
  {
    absl::MutexLock lock(&mu_);
    stop_ = true;
  }
  if (worker_.joinable()) worker_.join();
}

void Platform::Nudge() {
  absl::MutexLock lock(&mu_);
  wake_ = true;
}

void Platform::RunOnce() {
  // Log a failure once, not every half second while the database is down.
  auto report = [this](absl::string_view what, const absl::Status& status) {
    if (status.ok()) return;
    std::string error = std::string(what) + ": " + std::string(status.message());
    if (error != last_error_) LogWarn("background_work_failed", {{"error", error}});
    last_error_ = error;
  };
  for (;;) {
    absl::StatusOr<int> published = PublishPending(*db_);
    report("publishing events", published.status());
    if (!published.ok() || *published == 0) break;
  }
  report("firing timers", timers_.RunDue().status());
  if (absl::Now() - last_anchor_ >= options_.anchor_interval) {
    absl::StatusOr<bool> sealed = audit_.SealAnchor(*db_, options_.anchor_lag);
    report("sealing audit anchor", sealed.status());
    if (sealed.ok()) last_anchor_ = absl::Now();
  }
}

void Platform::Loop() {
  for (;;) {
    {
      absl::MutexLock lock(&mu_);
      auto woken = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return wake_ || stop_; };
      mu_.AwaitWithTimeout(absl::Condition(&woken), options_.interval);
      if (stop_) return;
      wake_ = false;
    }
    RunOnce();
  }
}

}  // namespace xianfu
