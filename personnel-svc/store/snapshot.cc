#include "personnel-svc/store/snapshot.h"

#include "common/calendar.h"
#include "common/log.h"
#include "common/status_macros.h"

namespace xianfu::personnel {

OrgSnapshot::OrgSnapshot(Database* db, const PersonnelStore* store, const Clock* clock, int history_days)
    : db_(db), store_(store), clock_(clock), history_days_(history_days) {}

OrgSnapshot::~OrgSnapshot() { Stop(); }

int64_t OrgSnapshot::rebuilds() const {
  absl::MutexLock lock(&mu_);
  return rebuilds_;
}

void OrgSnapshot::Invalidate() {
  absl::MutexLock lock(&mu_);
  stale_ = true;
  ++invalidations_;
}

absl::StatusOr<int64_t> OrgSnapshot::DatabaseVersion() {
  int64_t version = 0;
  RETURN_IF_ERROR(db_->Read([&](Tx& tx) -> absl::Status {
    ASSIGN_OR_RETURN(rows, tx.Query("SELECT version FROM version_guards WHERE name = ?", {kOrganisationGuard}));
    version = rows.empty() ? 0 : rows.front().Int(0);
    return absl::OkStatus();
  }));
  return version;
}

absl::StatusOr<std::shared_ptr<const OrgView>> OrgSnapshot::Rebuild() {
  absl::MutexLock one_at_a_time(&rebuild_mu_);
  int64_t invalidations = 0;
  {
    // Another thread may have rebuilt while this one waited.
    absl::MutexLock lock(&mu_);
    if (!stale_ && view_ != nullptr) return view_;
    invalidations = invalidations_;
  }
  auto view = std::make_shared<OrgView>();
  const absl::CivilDay today = LocalDay(clock_->Now());
  RETURN_IF_ERROR(db_->Read([&](Tx& tx) -> absl::Status {
    // The version first: facts read after it are at least that new, so a change that
    // commits in between is seen again by the next check rather than missed.
    ASSIGN_OR_RETURN(rows, tx.Query("SELECT version FROM version_guards WHERE name = ?", {kOrganisationGuard}));
    view->version = rows.empty() ? 0 : rows.front().Int(0);
    ASSIGN_OR_RETURN(facts, store_->LoadFacts(tx, today - history_days_, absl::CivilDay(9999, 12, 31)));
    view->facts = std::move(facts);
    return absl::OkStatus();
  }));
  absl::MutexLock lock(&mu_);
  view_ = view;
  // A write committed while the view was read may not be in it: stay stale then.
  stale_ = invalidations_ != invalidations;
  ++rebuilds_;
  return std::shared_ptr<const OrgView>(view_);
}

absl::StatusOr<std::shared_ptr<const OrgView>> OrgSnapshot::Current() {
  {
    absl::MutexLock lock(&mu_);
    if (!stale_ && view_ != nullptr) return view_;
  }
  return Rebuild();
}

absl::StatusOr<std::shared_ptr<const OrgView>> OrgSnapshot::Fresh() {
  ASSIGN_OR_RETURN(current, Current());
  ASSIGN_OR_RETURN(version, DatabaseVersion());
  if (version == current->version) return current;
  Invalidate();
  return Rebuild();
}

absl::StatusOr<std::shared_ptr<const OrgView>> OrgSnapshot::For(absl::CivilDay from, absl::CivilDay to, bool fresh) {
  ASSIGN_OR_RETURN(view, fresh ? Fresh() : Current());
  if (view->facts.Covers(from) && view->facts.Covers(to)) return view;
  // Further back than the view keeps: read that day from the database.
  auto old = std::make_shared<OrgView>();
  old->version = view->version;
  RETURN_IF_ERROR(db_->Read([&](Tx& tx) -> absl::Status {
    ASSIGN_OR_RETURN(facts, store_->LoadFacts(tx, from, to));
    old->facts = std::move(facts);
    return absl::OkStatus();
  }));
  return std::shared_ptr<const OrgView>(old);
}

void OrgSnapshot::Start(absl::Duration poll) {
  poller_ = std::thread([this, poll] {
    std::string last_error;
    while (!stop_.WaitForNotificationWithTimeout(poll)) {
      absl::StatusOr<int64_t> version = DatabaseVersion();
      if (!version.ok()) {
        if (std::string(version.status().message()) != last_error) {
          LogWarn("organisation_check_failed", {{"error", std::string(version.status().message())}});
        }
        last_error = std::string(version.status().message());
        continue;
      }
      last_error.clear();
      bool changed = false;
      {
        absl::MutexLock lock(&mu_);
        changed = view_ != nullptr && view_->version != *version;
        // A new day moves the view's window; rebuild once a day as well.
        changed = changed || (view_ != nullptr && view_->facts.from < LocalDay(clock_->Now()) - history_days_ - 1);
        if (changed) stale_ = true;
      }
      if (changed) Rebuild().IgnoreError();
    }
  });
}

void OrgSnapshot::Stop() {
  if (!stop_.HasBeenNotified()) stop_.Notify();
  if (poller_.joinable()) poller_.join();
}

}  // namespace xianfu::personnel
