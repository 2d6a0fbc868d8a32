#include "common/guard_lease.h"

#include <algorithm>

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "common/log.h"
#include "common/status_macros.h"

ABSL_FLAG(int, lease_clock_skew_ms, 100,
          "how far apart the clocks of the replicas that grant leases may be; a change waits this "
          "much longer than the last lease");

namespace xianfu {

namespace {
// A lease window longer than this in the row is not ours (a clock far ahead wrote it): waiting
// for it would stall every change, so the change fails and says why.
constexpr absl::Duration kLongestWait = absl::Seconds(30);
}  // namespace

GuardLease::GuardLease(Database* db, std::string guard, absl::Duration term)
    : db_(db), guard_(std::move(guard)), term_(std::max(term, absl::ZeroDuration())) {}

int64_t GuardLease::reservations() const {
  absl::MutexLock lock(&mu_);
  return reservations_;
}

absl::Duration GuardLease::Grant(int64_t version) {
  if (term_ == absl::ZeroDuration()) return absl::ZeroDuration();
  {
    absl::MutexLock lock(&mu_);
    if (version == version_ && absl::Now() + term_ <= until_) return term_;
  }
  // The window runs low: reserve the next one. Callers arriving meanwhile do not wait for it.
  if (!reserve_mu_.TryLock()) return absl::ZeroDuration();
  absl::Time until;
  bool reserved = false;
  absl::Status status = db_->Transact([&](Tx& tx) -> absl::Status {
    reserved = false;
    // SKIP LOCKED: a change holding the row is waiting for the leases; grant none meanwhile.
    ASSIGN_OR_RETURN(rows, tx.Query("SELECT version, lease_until_us FROM version_guards WHERE name = ? "
                                    "FOR UPDATE SKIP LOCKED",
                                    {guard_}));
    if (rows.empty() || rows.front().Int(0) != version) return absl::OkStatus();
    // Half a term of grants from memory, each relied on for a term after it.
    until = std::max(absl::FromUnixMicros(rows.front().Int(1)), absl::Now() + term_ + term_ / 2);
    RETURN_IF_ERROR(
        tx.Exec("UPDATE version_guards SET lease_until_us = ? WHERE name = ?", {absl::ToUnixMicros(until), guard_})
            .status());
    reserved = true;
    return absl::OkStatus();
  });
  reserve_mu_.Unlock();
  if (!status.ok()) {
    LogWarn("lease_reservation_failed", {{"guard", guard_}, {"error", std::string(status.message())}});
    return absl::ZeroDuration();
  }
  if (!reserved) return absl::ZeroDuration();
  absl::MutexLock lock(&mu_);
  version_ = version;
  until_ = until;
  ++reservations_;
  return absl::Now() + term_ <= until_ ? term_ : absl::ZeroDuration();
}

absl::Status AwaitGuardLeases(Tx& tx, const std::string& guard) {
  ASSIGN_OR_RETURN(rows, tx.Query("SELECT lease_until_us FROM version_guards WHERE name = ?", {guard}));
  if (rows.empty()) return absl::OkStatus();
  const absl::Time until =
      absl::FromUnixMicros(rows.front().Int(0)) + absl::Milliseconds(absl::GetFlag(FLAGS_lease_clock_skew_ms));
  const absl::Duration wait = until - absl::Now();
  if (wait <= absl::ZeroDuration()) return absl::OkStatus();
  if (wait > kLongestWait) {
    return absl::InternalError(absl::StrCat("the ", guard, " guard holds a lease until ", absl::FormatTime(until),
                                            ", further ahead than any lease term: a replica's clock is wrong"));
  }
  absl::SleepFor(wait);
  return absl::OkStatus();
}

}  // namespace xianfu
