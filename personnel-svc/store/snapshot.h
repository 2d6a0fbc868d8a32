// The organisation in memory. personnel-svc answers who holds what and who acts (ResolveActing,
// CheckActing, BatchLookup, every authorisation of its own verbs) from one immutable view that
// holds every fact from `history` days back onwards, labelled with the version of the
// organisation it reflects (version guard "organisation", moved by every write that changes the
// organisation). The view is rebuilt:
//  - at once when this process committed such a write (read-your-writes on one replica);
//  - when a background check, every `poll` interval, finds another replica moved the version;
//  - before any answer that authorises an act (Fresh): the version is compared with the
//    database's first, one short query, so an act is never let through on a stale view.
// A question about a day before the view's first day is answered from the database.
#ifndef XIANFU_PERSONNEL_SVC_STORE_SNAPSHOT_H_
#define XIANFU_PERSONNEL_SVC_STORE_SNAPSHOT_H_

#include <memory>
#include <thread>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "common/clock.h"
#include "common/db.h"
#include "personnel-svc/store/store.h"

namespace xianfu::personnel {

inline constexpr char kOrganisationGuard[] = "organisation";

struct OrgView {
  int64_t version = 0;
  OrgFacts facts;
};

class OrgSnapshot {
 public:
  OrgSnapshot(Database* db, const PersonnelStore* store, const Clock* clock, int history_days = 400);
  ~OrgSnapshot();

  // The current view; rebuilt first when it is known to be stale.
  absl::StatusOr<std::shared_ptr<const OrgView>> Current();
  // The current view after checking its version against the database's (one short query).
  absl::StatusOr<std::shared_ptr<const OrgView>> Fresh();
  // Facts covering the days [from, to]: the view when it covers them, the database otherwise.
  absl::StatusOr<std::shared_ptr<const OrgView>> For(absl::CivilDay from, absl::CivilDay to, bool fresh = false);

  // This process moved the organisation's version, or lost a race on it: rebuild before the
  // next answer.
  void Invalidate();

  // Starts (and Stop ends) the background check for other replicas' changes.
  void Start(absl::Duration poll);
  void Stop();

  int64_t rebuilds() const;

 private:
  absl::StatusOr<int64_t> DatabaseVersion();
  absl::StatusOr<std::shared_ptr<const OrgView>> Rebuild();

  Database* db_;
  const PersonnelStore* store_;
  const Clock* clock_;
  const int history_days_;
  mutable absl::Mutex mu_;
  std::shared_ptr<const OrgView> view_ ABSL_GUARDED_BY(mu_);
  bool stale_ ABSL_GUARDED_BY(mu_) = true;
  int64_t invalidations_ ABSL_GUARDED_BY(mu_) = 0;
  int64_t rebuilds_ ABSL_GUARDED_BY(mu_) = 0;
  absl::Mutex rebuild_mu_;  // one rebuild at a time
  absl::Notification stop_;
  std::thread poller_;
};

}  // namespace xianfu::personnel

#endif  // XIANFU_PERSONNEL_SVC_STORE_SNAPSHOT_H_
