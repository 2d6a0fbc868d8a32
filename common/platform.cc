#include "common/platform.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/log.h"

namespace xianfu {

Platform::Platform(std::string service, Database* db, const Clock* clock, std::shared_ptr<const Policy> policy,
                   std::unique_ptr<CalendarProvider> calendar, std::string audit_key, std::string replica)
    : service_(std::move(service)),
      db_(db),
      clock_(clock),
      policy_(std::move(policy)),
      calendar_(std::move(calendar)),
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

void Platform::Consume(std::string consumer, std::unique_ptr<EventSource> source, EventRoutes routes) {
  Feed feed;
  feed.consumer = std::make_unique<EventConsumer>(db_, std::move(consumer), source.get(), std::move(routes));
  feed.source = std::move(source);
  feeds_.push_back(std::move(feed));
}

absl::StatusOr<bool> Platform::ReloadCalendar() {
  absl::StatusOr<std::optional<CalendarUpdate>> update = calendar_->ReloadIfChanged();
  if (!update.ok()) return update.status();
  if (!update->has_value()) return false;
  const CalendarUpdate& u = **update;
  std::string days;
  for (const absl::CivilDay& d : u.changed_days) {
    absl::StrAppend(&days, days.empty() ? "" : ",", absl::FormatCivilTime(d));
  }
  LogInfo("calendar_changed", {{"from", u.previous->version()}, {"to", u.current->version()}, {"changed_days", days}});
  AuditRecord record;
  record.chain = "calendar";
  record.resource = "calendar";
  record.action = "CalendarChanged";
  record.occurred_at = clock_->Now();
  record.actor = absl::StrCat("system/", service_);
  record.policy_version = policy_->version();
  record.calendar_version = u.current->version();
  record.detail = absl::StrCat("from ", u.previous->version(), "; days changed: ", days);
  absl::Status audited = db_->Transact([&](Tx& tx) { return audit_.Append(tx, record); });
  if (!audited.ok()) return audited;
  for (const CalendarListener& listener : calendar_listeners_) {
    if (absl::Status s = listener(u); !s.ok()) return s;
  }
  return true;
}

void Platform::RunOnce() {
  // Log a failure once, not every half second while the database is down.
  auto report = [this](absl::string_view what, const absl::Status& status) {
    if (status.ok()) return;
    std::string error = std::string(what) + ": " + std::string(status.message());
    if (error != last_error_) LogWarn("background_work_failed", {{"error", error}});
    last_error_ = error;
  };
  if (absl::Now() - last_calendar_check_ >= options_.calendar_check_interval) {
    last_calendar_check_ = absl::Now();
    report("reloading the calendar", ReloadCalendar().status());
  }
  for (;;) {
    absl::StatusOr<int> published = PublishPending(*db_);
    report("publishing events", published.status());
    if (!published.ok() || *published == 0) break;
  }
  report("firing timers", timers_.RunDue().status());
  constexpr int kPage = 100;
  const absl::Time now = absl::Now();
  for (Feed& feed : feeds_) {
    if (now < feed.next_poll) continue;
    // A few pages a round, so one busy feed does not hold up timers and the outbox.
    // Pages are counted by how far they moved along the feed, not by what was applied: a run of
    // events of types the consumer does not act on passes at a page per poll, not one a round.
    int moved = 0;
    for (int page = 0; page < 10; ++page) {
      int read = 0;
      absl::StatusOr<int> applied = feed.consumer->PollOnce(kPage, &read);
      report(absl::StrCat("consuming ", feed.source->name(), "'s feed"), applied.status());
      if (!applied.ok()) break;
      moved += read;
      if (read < kPage) break;
    }
    // A feed with nothing new (or that cannot be read) is asked after 1, 2, then 4 rounds more, so
    // an idle suite does not ask every producer twice a second; anything new resets it.
    feed.idle_rounds = moved > 0 ? 0 : std::min(feed.idle_rounds + 1, 3);
    // Rounds come every interval: half of one more lands the next poll on the round wanted.
    feed.next_poll = now + options_.interval * ((1 << feed.idle_rounds) - 1) + options_.interval / 2;
  }
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
