// The audit trail (留痕): every state change writes, in the same transaction, an entry saying
// who did what, acting for whom, under which rule, with the policy and calendar versions, and
// digests of the record before and after. Entries form one chain per aggregate (so writers
// of different records never contend), each link keyed with HMAC-SM3 so that a database
// administrator who edits, inserts or deletes a row cannot recompute a valid chain without
// the service's audit key. Periodic anchors seal ranges of entries.
#ifndef XIANFU_COMMON_AUDIT_H_
#define XIANFU_COMMON_AUDIT_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/auth.h"
#include "common/db.h"
#include "common/effects.h"
#include "google/protobuf/message.h"

namespace xianfu {

struct AuditRecord {
  // The aggregate whose chain this extends, e.g. "officials/wang-hai", "documents/42".
  std::string chain;
  std::string action;    // "CreateOfficial", "READ", "timer.fired:countersign.deemed"
  std::string resource;  // usually == chain; a child resource otherwise
  absl::Time occurred_at;
  std::string actor;         // subject of the caller, or "system/<service>"
  std::string acting_for;    // the official a stand-in acted for ("" when acting in person)
  std::string on_behalf_of;  // the official a trusted system acted for
  std::string rule_id;       // rule applied, e.g. "DOC-10" ("" when none)
  std::string article;       // e.g. "第五十条第二款"
  std::string policy_version;
  std::string calendar_version;
  std::string request_id;
  std::string before_digest;  // sha256 of the serialized record before ("" on create)
  std::string after_digest;
  std::string detail;  // free text: override reason, refusal, …
  // The chain belongs to a record this transaction creates, so it has no entries yet: its first
  // entry is written without reading the chain (and goes with the COMMIT).
  bool new_chain = false;
  // The chain's last entry as read before the transaction (the gather step): the entry follows
  // it without reading. Another entry appended since makes the (chain, seq) key collide, and the
  // verb is decided again on fresh data (a stale version, as when its record moved on).
  std::optional<ChainHead> head;
};

// The gather step's read of a chain's last entry, to send with its other reads
// (Tx::QueryAndCommit), and what its rows say.
SqlStatement LastAuditEntryQuery(std::string chain);
absl::StatusOr<ChainHead> ChainHeadFrom(const std::vector<SqlRow>& rows);

// Fills actor / on_behalf_of from the authenticated caller.
void SetCaller(AuditRecord& record, const Caller& caller);

// The entry for viewing a classified record (reading it is itself audited). The caller appends
// it in the transaction that returns the record, so a view that fails leaves no entry.
AuditRecord ReadRecord(const Caller& caller, absl::string_view resource, absl::string_view classification,
                       absl::Time at);

struct AuditBreak {
  std::string chain;
  int64_t seq = 0;
  std::string kind;  // EDITED, INSERTED, DELETED, ANCHOR_MISMATCH
  std::string detail;
};

struct AuditVerification {
  int64_t entries = 0;
  int64_t chains = 0;
  int64_t anchors = 0;
  std::vector<AuditBreak> breaks;
  bool intact() const { return breaks.empty(); }
};

class AuditLog {
 public:
  // `key` is the service's audit MAC key (from --audit_key_file).
  explicit AuditLog(std::string key) : key_(std::move(key)) {}

  // Appends to record.chain inside the caller's transaction.
  absl::Status Append(Tx& tx, const AuditRecord& record) const;

  // Seals the entries recorded before `cutoff` that no anchor covers yet (none: no anchor).
  // `cutoff` must lag the database clock by more than the longest transaction, so no entry
  // with a smaller id can still commit into the sealed range.
  absl::StatusOr<bool> SealAnchor(Database& db, absl::Duration lag = absl::Minutes(5)) const;

  // Walks every chain and every anchor.
  absl::StatusOr<AuditVerification> Verify(Database& db) const;
  // Walks the named chains only (what a page of history shows), inside `tx`.
  absl::StatusOr<AuditVerification> VerifyChains(Tx& tx, const std::vector<std::string>& chains) const;

  // The most a detail keeps (the column is TEXT).
  static constexpr size_t kMaxDetailBytes = 16000;

 private:
  // Breaks in the chains of `rows` (selected with every entry column, ordered by chain and seq).
  void CheckChains(const std::vector<SqlRow>& rows, AuditVerification& result) const;
  std::string EntryMac(const std::vector<std::string>& fields) const;
  std::string key_;
  // Chains said to be new that turned out to have entries (a name reused): appended to by
  // reading from then on.
  mutable absl::Mutex mu_;
  mutable absl::flat_hash_set<std::string> not_new_ ABSL_GUARDED_BY(mu_);
};

}  // namespace xianfu

#endif  // XIANFU_COMMON_AUDIT_H_
