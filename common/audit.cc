#include "common/audit.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/config_file.h"
#include "common/record_table.h"

namespace xianfu {
namespace {

constexpr char kGenesis[] = "0000000000000000000000000000000000000000000000000000000000000000";

std::string Hex(const unsigned char* data, unsigned int length) {
  std::string hex;
  for (unsigned int i = 0; i < length; ++i) absl::StrAppendFormat(&hex, "%02x", data[i]);
  return hex;
}

// Length-prefixed so that no two field lists serialize alike.
std::string Canonical(const std::vector<std::string>& fields) {
  std::string out;
  for (const std::string& f : fields) absl::StrAppend(&out, f.size(), ":", f, ";");
  return out;
}

constexpr char kEntryColumns[] =
    "id, chain, seq, occurred_at, actor, acting_for, on_behalf_of, action, resource, rule_id,"
    " article, policy_version, calendar_version, request_id, before_digest, after_digest,"
    " detail, prev_hash, hash";

// The fields the MAC covers, in a fixed order, from a row selected with kEntryColumns.
std::vector<std::string> MacFields(const SqlRow& row) {
  std::vector<std::string> fields;
  fields.push_back(row.Str(1));                                     // chain
  fields.push_back(row.Str(2));                                     // seq
  fields.push_back(absl::StrCat(absl::ToUnixMicros(row.Time(3))));  // occurred_at
  for (int i = 4; i <= 17; ++i) fields.push_back(row.Str(i));       // actor … prev_hash
  return fields;
}

}  // namespace

void SetCaller(AuditRecord& record, const Caller& caller) {
  record.actor = caller.subject;
  record.on_behalf_of = caller.on_behalf_of;
}

AuditRecord ReadRecord(const Caller& caller, absl::string_view resource, absl::string_view classification,
                       absl::Time at) {
  AuditRecord r;
  r.chain = std::string(resource);
  r.resource = std::string(resource);
  r.action = "Read";
  r.occurred_at = at;
  SetCaller(r, caller);
  r.detail = absl::StrCat("classification: ", classification);
  return r;
}

std::string AuditLog::EntryMac(const std::vector<std::string>& fields) const {
  std::string data = Canonical(fields);
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sm3(), key_.data(), static_cast<int>(key_.size()), reinterpret_cast<const unsigned char*>(data.data()),
       data.size(), mac, &length);
  return Hex(mac, length);
}

absl::Status AuditLog::Append(Tx& tx, const AuditRecord& r) const {
  if (r.chain.empty() || r.action.empty()) {
    return absl::InternalError("audit record needs a chain and an action");
  }
  if (r.detail.size() > kMaxDetailBytes) {
    // The detail quotes what callers wrote (reasons, notes); the API bounds those, this bounds
    // what several of them add up to, cut on a character boundary.
    AuditRecord cut = r;
    size_t end = kMaxDetailBytes;
    while (end > 0 && (static_cast<unsigned char>(cut.detail[end]) & 0xC0) == 0x80) --end;
    cut.detail = absl::StrCat(cut.detail.substr(0, end), "…");
    return Append(tx, cut);
  }
  // Microsecond precision is what DATETIME(6) keeps, so the MAC must see the same value.
  const absl::Time occurred = absl::FromUnixMicros(absl::ToUnixMicros(r.occurred_at));
  auto mac = [&](int64_t seq, const std::string& prev) {
    return EntryMac({r.chain, absl::StrCat(seq), absl::StrCat(absl::ToUnixMicros(occurred)), r.actor, r.acting_for,
                     r.on_behalf_of, r.action, r.resource, r.rule_id, r.article, r.policy_version, r.calendar_version,
                     r.request_id, r.before_digest, r.after_digest, r.detail, prev});
  };
  constexpr char kInsert[] =
      "INSERT INTO audit_entries (chain, seq, occurred_at, recorded_at, actor, acting_for,"
      " on_behalf_of, action, resource, rule_id, article, policy_version, calendar_version,"
      " request_id, before_digest, after_digest, detail, prev_hash, hash) VALUES"
      " (?, ?, ?, UTC_TIMESTAMP(6), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
  auto values = [&](int64_t seq, const std::string& prev) -> std::vector<SqlParam> {
    return {r.chain,        seq,       occurred,  r.actor,          r.acting_for,       r.on_behalf_of, r.action,
            r.resource,     r.rule_id, r.article, r.policy_version, r.calendar_version, r.request_id,   r.before_digest,
            r.after_digest, r.detail,  prev,      mac(seq, prev)};
  };
  auto insert_entry = [&](int64_t seq, const std::string& prev) {
    return tx.Exec(kInsert, values(seq, prev)).status();
  };
  // Held for the COMMIT. Two writers that read the same last entry collide on the unique
  // (chain, seq) key; the second waits for the first, fails, and its transaction runs again.
  auto hold_entry = [&](int64_t seq, const std::string& prev) {
    tx.Defer(kInsert, values(seq, prev), [this, chain = r.chain, seq](absl::Status s) {
      if (s.code() != absl::StatusCode::kAlreadyExists) return s;
      if (seq == 1) {
        absl::MutexLock lock(&mu_);
        not_new_.insert(chain);
      }
      return RetryableConflict("audit chain appended concurrently");
    });
    return absl::OkStatus();
  };
  if (r.head.has_value()) {
    const int64_t seq = r.head->seq + 1;
    tx.Defer(kInsert, values(seq, r.head->seq == 0 ? std::string(kGenesis) : r.head->hash),
             [chain = r.chain](absl::Status s) {
               return s.code() == absl::StatusCode::kAlreadyExists ? internal::CheckOneRowChanged(0, chain) : s;
             });
    return absl::OkStatus();
  }
  bool known_new = r.new_chain && r.before_digest.empty();
  if (known_new) {
    absl::MutexLock lock(&mu_);
    known_new = !not_new_.contains(r.chain);
  }
  if (known_new) return hold_entry(1, kGenesis);
  if (r.before_digest.empty()) {
    // Usually a new record, so a new chain: its first entry, without reading. A chain that
    // exists (a collection's chain such as "divisions") makes the insert collide; append then.
    absl::Status first = insert_entry(1, kGenesis);
    if (first.code() != absl::StatusCode::kAlreadyExists) return first;
  }
  // The chain's last entry (a plain read: the running user may not lock audit rows): appends to
  // one aggregate take turns, appends to different aggregates never wait for each other.
  const SqlStatement query = LastAuditEntryQuery(r.chain);
  absl::StatusOr<std::vector<SqlRow>> rows = tx.Query(query.sql, query.params);
  if (!rows.ok()) return rows.status();
  absl::StatusOr<ChainHead> last = ChainHeadFrom(*rows);
  if (!last.ok()) return last.status();
  return hold_entry(last->seq + 1, last->seq == 0 ? std::string(kGenesis) : last->hash);
}

SqlStatement LastAuditEntryQuery(std::string chain) {
  return {"SELECT seq, hash FROM audit_entries WHERE chain = ? ORDER BY seq DESC LIMIT 1", {std::move(chain)}};
}

absl::StatusOr<ChainHead> ChainHeadFrom(const std::vector<SqlRow>& rows) {
  if (rows.empty()) return ChainHead{};
  if (rows.front().size() != 2) return absl::InternalError("not the rows of LastAuditEntryQuery");
  return ChainHead{rows.front().Int(0), rows.front().Str(1)};
}

absl::StatusOr<bool> AuditLog::SealAnchor(Database& db, absl::Duration lag) const {
  bool sealed = false;
  absl::Status status = db.Transact([&](Tx& tx) -> absl::Status {
    sealed = false;
    absl::StatusOr<std::vector<SqlRow>> last =
        tx.Query("SELECT seq, last_entry_id, hash FROM audit_anchors ORDER BY seq DESC LIMIT 1 FOR UPDATE");
    if (!last.ok()) return last.status();
    int64_t anchor_seq = 1, after_id = 0;
    std::string prev = kGenesis;
    if (!last->empty()) {
      anchor_seq = last->front().Int(0) + 1;
      after_id = last->front().Int(1);
      prev = last->front().Str(2);
    }
    absl::StatusOr<std::vector<SqlRow>> entries = tx.Query(
        "SELECT id, hash FROM audit_entries WHERE id > ? AND recorded_at <"
        " UTC_TIMESTAMP(6) - INTERVAL ? MICROSECOND ORDER BY id",
        {after_id, absl::ToInt64Microseconds(lag)});
    if (!entries.ok()) return entries.status();
    if (entries->empty()) return absl::OkStatus();
    std::vector<std::string> ids_and_hashes;
    for (const SqlRow& e : *entries) {
      ids_and_hashes.push_back(e.Str(0));
      ids_and_hashes.push_back(e.Str(1));
    }
    const std::string digest = EntryMac(ids_and_hashes);
    const int64_t first = entries->front().Int(0), last_id = entries->back().Int(0);
    const int64_t count = static_cast<int64_t>(entries->size());
    const std::string hash = EntryMac(
        {absl::StrCat(anchor_seq), absl::StrCat(first), absl::StrCat(last_id), absl::StrCat(count), digest, prev});
    absl::StatusOr<int64_t> inserted = tx.Exec(
        "INSERT INTO audit_anchors (seq, first_entry_id, last_entry_id, entry_count,"
        " entries_digest, sealed_at, prev_hash, hash) VALUES (?, ?, ?, ?, ?, UTC_TIMESTAMP(6), ?, ?)",
        {anchor_seq, first, last_id, count, digest, prev, hash});
    if (!inserted.ok()) return inserted.status();
    sealed = true;
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return sealed;
}

void AuditLog::CheckChains(const std::vector<SqlRow>& rows, AuditVerification& result) const {
  result.entries += static_cast<int64_t>(rows.size());
  for (size_t i = 0; i < rows.size(); ++i) {
    const SqlRow& row = rows[i];
    const bool first_of_chain = i == 0 || rows[i - 1].Str(1) != row.Str(1);
    const bool last_of_chain = i + 1 == rows.size() || rows[i + 1].Str(1) != row.Str(1);
    if (first_of_chain) ++result.chains;
    const int64_t expected_seq = first_of_chain ? 1 : rows[i - 1].Int(2) + 1;
    const std::string expected_prev = first_of_chain ? kGenesis : rows[i - 1].Str(18);
    const std::string chain = row.Str(1);
    const int64_t seq = row.Int(2);
    if (seq != expected_seq) {
      result.breaks.push_back(
          {chain, expected_seq, "DELETED", absl::StrCat("entries ", expected_seq, "…", seq - 1, " are missing")});
    }
    const bool mac_ok = EntryMac(MacFields(row)) == row.Str(18);
    const bool linked = row.Str(17) == expected_prev;
    const bool referenced = !last_of_chain && rows[i + 1].Str(17) == row.Str(18);
    if (!mac_ok) {
      // Still referenced by its successor: the row was there and its content changed.
      // Not referenced: a row the chain never contained.
      result.breaks.push_back({chain, seq, referenced && linked ? "EDITED" : "INSERTED",
                               absl::StrCat("entry id ", row.Str(0), " does not match its MAC")});
    } else if (!linked && seq == expected_seq) {
      result.breaks.push_back({chain, seq, "DELETED", "the entry before this one is not the one it was chained to"});
    }
  }
}

absl::StatusOr<AuditVerification> AuditLog::VerifyChains(Tx& tx, const std::vector<std::string>& chains) const {
  AuditVerification result;
  for (const std::string& chain : chains) {
    absl::StatusOr<std::vector<SqlRow>> rows =
        tx.Query(absl::StrCat("SELECT ", kEntryColumns, " FROM audit_entries WHERE chain = ? ORDER BY seq"), {chain});
    if (!rows.ok()) return rows.status();
    CheckChains(*rows, result);
  }
  return result;
}

absl::StatusOr<AuditVerification> AuditLog::Verify(Database& db) const {
  AuditVerification result;
  absl::Status status = db.Transact([&](Tx& tx) -> absl::Status {
    result = AuditVerification();
    absl::StatusOr<std::vector<SqlRow>> rows =
        tx.Query(absl::StrCat("SELECT ", kEntryColumns, " FROM audit_entries ORDER BY chain, seq"));
    if (!rows.ok()) return rows.status();
    CheckChains(*rows, result);
    absl::StatusOr<std::vector<SqlRow>> anchors = tx.Query(
        "SELECT seq, first_entry_id, last_entry_id, entry_count, entries_digest, prev_hash, hash"
        " FROM audit_anchors ORDER BY seq");
    if (!anchors.ok()) return anchors.status();
    std::string prev = kGenesis;
    int64_t after_id = 0;
    for (const SqlRow& a : *anchors) {
      ++result.anchors;
      absl::StatusOr<std::vector<SqlRow>> range =
          tx.Query("SELECT id, hash FROM audit_entries WHERE id > ? AND id <= ? ORDER BY id", {after_id, a.Int(2)});
      if (!range.ok()) return range.status();
      std::vector<std::string> ids_and_hashes;
      for (const SqlRow& e : *range) {
        ids_and_hashes.push_back(e.Str(0));
        ids_and_hashes.push_back(e.Str(1));
      }
      const std::string anchor_mac = EntryMac({a.Str(0), a.Str(1), a.Str(2), a.Str(3), a.Str(4), a.Str(5)});
      if (anchor_mac != a.Str(6) || a.Str(5) != prev) {
        result.breaks.push_back({"", a.Int(0), "ANCHOR_MISMATCH", "the anchor itself was altered"});
      } else if (EntryMac(ids_and_hashes) != a.Str(4) || static_cast<int64_t>(range->size()) != a.Int(3)) {
        result.breaks.push_back(
            {"", a.Int(0), "ANCHOR_MISMATCH",
             absl::StrCat("entries ", a.Str(1), "…", a.Str(2), " differ from what anchor ", a.Str(0), " sealed")});
      }
      prev = a.Str(6);
      after_id = a.Int(2);
    }
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return result;
}

}  // namespace xianfu
