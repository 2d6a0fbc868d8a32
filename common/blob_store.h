// Rows whose record is a serialized proto (the blob) beside a few key columns for lookups:
// how every service's store keeps its resources. `id` is an AUTO_INCREMENT primary key and
// `version` the optimistic-concurrency counter behind the etag.
#ifndef XIANFU_COMMON_BLOB_STORE_H_
#define XIANFU_COMMON_BLOB_STORE_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "common/db.h"
#include "common/idempotency.h"
#include "common/paging.h"
#include "google/protobuf/message.h"

namespace xianfu {

template <typename M>
struct Versioned {
  M value;
  int64_t version = 0;
};

template <typename M>
struct Page {
  std::vector<M> items;
  std::string next_page_token;
};

// "officials/wang-hai" → "wang-hai" (lower-case letters, digits, '-'); INVALID_ARGUMENT otherwise.
absl::StatusOr<std::string> IdOf(absl::string_view name, absl::string_view collection);
// "absences/12" → 12.
absl::StatusOr<int64_t> NumericIdOf(absl::string_view name, absl::string_view collection);

template <typename M>
absl::StatusOr<M> ParseBlob(const SqlRow& row, int column) {
  M m;
  if (!m.ParseFromString(row.Str(column))) {
    return absl::DataLossError(absl::StrCat("stored ", M::descriptor()->name(), " does not parse"));
  }
  return m;
}

template <typename M>
void NameAndEtag(M& m, absl::string_view collection, int64_t id, int64_t version) {
  m.set_name(absl::StrCat(collection, "/", id));
  if constexpr (requires(M x) { x.set_etag(""); }) m.set_etag(EtagOf(version));
}

// SELECT data, version FROM table WHERE id = ? [FOR UPDATE]; NOT_FOUND names the resource.
template <typename M>
absl::StatusOr<Versioned<M>> GetBlob(Tx& tx, absl::string_view table, absl::string_view collection, int64_t id,
                                     bool for_update = true) {
  absl::StatusOr<std::vector<SqlRow>> rows = tx.Query(
      absl::StrCat("SELECT data, version FROM ", table, " WHERE id = ?", for_update ? " FOR UPDATE" : ""), {id});
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return absl::NotFoundError(absl::StrCat(collection, "/", id, " does not exist"));
  absl::StatusOr<M> m = ParseBlob<M>(rows->front(), 0);
  if (!m.ok()) return m.status();
  NameAndEtag(*m, collection, id, rows->front().Int(1));
  return Versioned<M>{*std::move(m), rows->front().Int(1)};
}

// Runs `insert_sql` (which stores an empty blob and version 1), names the record after the new
// id and stores it.
template <typename M>
absl::StatusOr<int64_t> InsertBlob(Tx& tx, absl::string_view insert_sql, std::vector<SqlParam> params,
                                   absl::string_view table, absl::string_view collection, M& m) {
  absl::StatusOr<int64_t> n = tx.Exec(insert_sql, params);
  if (!n.ok()) return n.status();
  absl::StatusOr<int64_t> id = tx.LastInsertId();
  if (!id.ok()) return id.status();
  NameAndEtag(m, collection, *id, 1);
  absl::StatusOr<int64_t> stored =
      tx.Exec(absl::StrCat("UPDATE ", table, " SET data = ? WHERE id = ?"), {Bytes{m.SerializeAsString()}, *id});
  if (!stored.ok()) return stored.status();
  return *id;
}

// UPDATE table SET data = ?, version = version + 1[, extra_set] WHERE id = ? AND version = ?;
// ABORTED when someone else changed it first.
absl::Status UpdateBlob(Tx& tx, absl::string_view table, absl::string_view extra_set, std::vector<SqlParam> extra,
                        int64_t id, int64_t expected_version, const google::protobuf::Message& m,
                        absl::string_view what);

// Rows of `table` (a table or derived table with id, data, version columns) matching `where`,
// in id order after the page cursor.
template <typename M>
absl::StatusOr<Page<M>> ListBlobs(Tx& tx, absl::string_view table, absl::string_view where,
                                  std::vector<SqlParam> params, const PageRequest& page, absl::string_view collection) {
  params.push_back(page.after_id);
  params.push_back(int64_t{page.limit});
  absl::StatusOr<std::vector<SqlRow>> rows =
      tx.Query(absl::StrCat("SELECT id, data, version FROM ", table, " WHERE ", where.empty() ? "1=1" : where,
                            " AND id > ? ORDER BY id LIMIT ?"),
               params);
  if (!rows.ok()) return rows.status();
  Page<M> out;
  int64_t last = 0;
  for (const SqlRow& row : *rows) {
    absl::StatusOr<M> m = ParseBlob<M>(row, 1);
    if (!m.ok()) return m.status();
    NameAndEtag(*m, collection, row.Int(0), row.Int(2));
    out.items.push_back(*std::move(m));
    last = row.Int(0);
  }
  out.next_page_token = NextPageToken(page, static_cast<int>(rows->size()), last, collection);
  return out;
}

}  // namespace xianfu

#endif  // XIANFU_COMMON_BLOB_STORE_H_
