// Leases on a version guard: a promise that the guard's version (personnel-svc's organisation)
// does not move for a while, so another service may keep answers read at that version.
//
// The promise is kept in the guard's row (version_guards.lease_until_us):
//  - a replica that grants leases first reserves a window there, while the row still holds the
//    version its answers were read at (one short transaction every half lease term, skipped
//    when a change holds the row);
//  - a transaction that moves the guard then waits, holding the row, until every window
//    reserved on the old version has passed (AwaitGuardLeases), plus the clocks' skew.
// So no change commits while an answer given under a lease may still be relied on. Leases
// count real time (absl::Now), never the business clock that tests move.
#ifndef XIANFU_COMMON_GUARD_LEASE_H_
#define XIANFU_COMMON_GUARD_LEASE_H_

#include <string>

#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/db.h"

namespace xianfu {

class GuardLease {
 public:
  // `term`: how long one answer may be relied on (zero grants none).
  GuardLease(Database* db, std::string guard, absl::Duration term);

  // How long answers read at `version` may be relied on from now: `term`, or zero when no
  // promise can be given (the version is no longer the guard's, or a change holds the row).
  absl::Duration Grant(int64_t version);

  // Windows reserved in the database (each one a short transaction).
  int64_t reservations() const;

 private:
  Database* db_;
  const std::string guard_;
  const absl::Duration term_;
  absl::Mutex reserve_mu_;  // one reservation at a time; others answer without a lease
  mutable absl::Mutex mu_;
  int64_t version_ ABSL_GUARDED_BY(mu_) = -1;
  absl::Time until_ ABSL_GUARDED_BY(mu_) = absl::InfinitePast();
  int64_t reservations_ ABSL_GUARDED_BY(mu_) = 0;
};

// Inside the transaction that just moved `guard` (its row is locked): waits until every lease
// granted on the previous version has run out. How much clock skew between replicas it allows
// for is the flag --lease_clock_skew_ms.
absl::Status AwaitGuardLeases(Tx& tx, const std::string& guard);

}  // namespace xianfu

#endif  // XIANFU_COMMON_GUARD_LEASE_H_
