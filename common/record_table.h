// How every service stores its resources: a table per kind of record whose row is the
// serialized proto (`data`) beside its key (`id`), an optimistic-concurrency `version` (the
// etag) and a few key columns derived from the record for lookups. One class does the
// reading, inserting, version-checked updating and keyset paging for all of them; a service's
// store only declares its tables and its special queries.
#ifndef XIANFU_COMMON_RECORD_TABLE_H_
#define XIANFU_COMMON_RECORD_TABLE_H_

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "common/db.h"
#include "common/effects.h"
#include "common/idempotency.h"
#include "common/paging.h"
#include "google/protobuf/message.h"

namespace xianfu {

template <typename M>
struct Page {
  std::vector<M> items;
  std::string next_page_token;
};

// One page of records as a statement and the reading of its rows. A List RPC sends the
// statement with its COMMIT (HandlerBase::List), one round trip; being one statement, not a
// callback over a transaction, no second statement can slip into the page.
template <typename M>
struct PageQuery {
  SqlStatement statement;
  std::function<absl::StatusOr<Page<M>>(const std::vector<SqlRow>&)> decode;
};

// A page, outside any transaction: its statement goes with the COMMIT, one round trip.
template <typename M>
absl::StatusOr<Page<M>> ReadPage(Database& db, const PageQuery<M>& query) {
  std::vector<SqlRow> rows;
  absl::Status read = db.Read([&](Tx& tx) -> absl::Status {
    absl::StatusOr<std::vector<std::vector<SqlRow>>> sent = tx.QueryAndCommit({query.statement});
    if (!sent.ok()) return sent.status();
    rows = std::move(sent->front());
    return absl::OkStatus();
  });
  if (!read.ok()) return read;
  return query.decode(rows);
}

// A page query run inside a transaction that reads more than the page.
template <typename M>
absl::StatusOr<Page<M>> RunPage(Tx& tx, const absl::StatusOr<PageQuery<M>>& query) {
  if (!query.ok()) return query.status();
  absl::StatusOr<std::vector<SqlRow>> rows = tx.Query(query->statement.sql, query->statement.params);
  if (!rows.ok()) return rows.status();
  return query->decode(*rows);
}

// "officials/wang-hai" → "wang-hai" (lower-case letters, digits, '-'); INVALID_ARGUMENT otherwise.
absl::StatusOr<std::string> IdOf(absl::string_view name, absl::string_view collection);
// "units/water-bureau" → "water-bureau": the id part the key columns keep (no validation; a name
// without a collection is returned as it is).
inline std::string IdPartOf(const std::string& name) {
  const size_t slash = name.find('/');
  return slash == std::string::npos ? name : name.substr(slash + 1);
}
// "absences/12" → 12.
absl::StatusOr<int64_t> NumericIdOf(absl::string_view name, absl::string_view collection);

// The marker on an ABORTED status that says a version-checked write found a newer version:
// the verb may be decided again on fresh data.
bool IsStaleVersion(const absl::Status& status);

// The condition of a List over a table's key columns. A filter the request left unset (an empty
// string, an enum's UNSPECIFIED 0) filters nothing.
class Filter {
 public:
  Filter& Eq(absl::string_view column, const std::string& value) {
    if (!value.empty()) Where(absl::StrCat(column, " = ?"), {value});
    return *this;
  }
  Filter& Eq(absl::string_view column, int64_t value) {
    if (value != 0) Where(absl::StrCat(column, " = ?"), {value});
    return *this;
  }
  // A clause of its own, e.g. ("start_date <= ?", {day}).
  Filter& Where(std::string clause, std::vector<SqlParam> params = {}) {
    clauses_.push_back(std::move(clause));
    for (SqlParam& p : params) params_.push_back(std::move(p));
    return *this;
  }
  // "?,?,?" for `values`, whose parameters are appended: for an IN (...) inside a clause of
  // Where(clause) whose own parameters come after them.
  template <typename T>
  std::string Marks(const std::vector<T>& values) {
    for (const T& v : values) params_.push_back(SqlParam(v));
    return Placeholders(values.size());
  }
  std::string sql() const { return absl::StrJoin(clauses_, " AND "); }
  const std::vector<SqlParam>& params() const { return params_; }

 private:
  std::vector<std::string> clauses_;
  std::vector<SqlParam> params_;
};

// What the apply step needs of any table: write a record by its type.
class RecordTable {
 public:
  virtual ~RecordTable() = default;
  virtual const google::protobuf::Descriptor* type() const = 0;
  virtual const std::string& collection() const = 0;
  virtual const std::string& table() const = 0;
  // expected_version 0: insert; otherwise update that version (a stale one is ABORTED). `before`
  // (may be null) is the record at that version, when the caller has it.
  virtual absl::Status Write(Tx& tx, const google::protobuf::Message& record, int64_t expected_version,
                             const google::protobuf::Message* before = nullptr) const = 0;
};

namespace internal {

absl::Status CheckOneRowChanged(const absl::StatusOr<int64_t>& affected, absl::string_view name);
absl::Status ParseRecord(const SqlRow& row, int column, google::protobuf::Message* out);

}  // namespace internal

template <typename M>
class BlobTable final : public RecordTable {
 public:
  // A key column kept beside the blob for lookups and indexes.
  struct Column {
    std::string name;
    std::function<SqlParam(const M&)> value;
  };
  struct Options {
    // Ids are strings chosen by the caller ("officials/wang-hai") rather than numbers.
    bool string_ids = false;
    // Extra writes that follow the record (a search index, derived rows); `created`: the record
    // is new, so it has no derived rows to replace yet; `before`: an update's record at the
    // version it replaces, null when the writer did not pass it (Effects::Update).
    std::function<absl::Status(Tx&, const M&, bool created, const M* before)> after_write;
  };

  BlobTable(std::string table, std::string collection, std::vector<Column> columns, Options options = {})
      : table_(std::move(table)),
        collection_(std::move(collection)),
        columns_(std::move(columns)),
        options_(std::move(options)) {
    std::vector<std::string> names, marks, sets;
    for (const Column& c : columns_) {
      names.push_back(c.name);
      marks.push_back("?");
      sets.push_back(absl::StrCat(c.name, " = ?"));
    }
    const std::string extra = names.empty() ? "" : absl::StrCat(", ", absl::StrJoin(names, ", "));
    const std::string extra_marks = marks.empty() ? "" : absl::StrCat(", ", absl::StrJoin(marks, ", "));
    insert_sql_ =
        absl::StrCat("INSERT INTO ", table_, " (id, data, version", extra, ") VALUES (?, ?, 1", extra_marks, ")");
    update_sql_ = absl::StrCat("UPDATE ", table_, " SET data = ?, version = version + 1",
                               sets.empty() ? "" : absl::StrCat(", ", absl::StrJoin(sets, ", ")),
                               " WHERE id = ? AND version = ?");
    get_sql_ = absl::StrCat("SELECT data, version FROM ", table_, " WHERE id = ?");
  }

  const google::protobuf::Descriptor* type() const override { return M::descriptor(); }
  const std::string& collection() const override { return collection_; }
  const std::string& table() const override { return table_; }

  std::string NameOf(int64_t id) const { return absl::StrCat(collection_, "/", id); }

  // The record named `name` (a plain read: no lock), NOT_FOUND naming it when there is none.
  absl::StatusOr<Versioned<M>> Get(Tx& tx, absl::string_view name) const {
    absl::StatusOr<SqlStatement> get = GetStatement(name);
    if (!get.ok()) return get.status();
    absl::StatusOr<std::vector<SqlRow>> rows = tx.Query(get->sql, get->params);
    if (!rows.ok()) return rows.status();
    return FromGet(*rows, name);
  }
  // Get in two halves, for a read sent together with others (Tx::QueryAndCommit): the
  // statement, and the record from its rows.
  absl::StatusOr<SqlStatement> GetStatement(absl::string_view name) const {
    absl::StatusOr<SqlParam> key = Key(name);
    if (!key.ok()) return key.status();
    return SqlStatement{get_sql_, {*key}};
  }
  absl::StatusOr<Versioned<M>> FromGet(const std::vector<SqlRow>& rows, absl::string_view name) const {
    if (rows.empty()) return absl::NotFoundError(absl::StrCat(name, " does not exist"));
    return Decode(rows.front(), 0, 1, std::string(name));
  }

  // Records matching `where` (SQL over the key columns, "" for all) in key order, one page.
  absl::StatusOr<PageQuery<M>> ListQuery(const std::string& where, std::vector<SqlParam> params,
                                         const PageRequest& page, absl::string_view list_name = "") const {
    // Parenthesised: a caller's OR must not swallow the page's "AND id > ?".
    std::string sql = absl::StrCat("SELECT id, data, version FROM ", table_, " WHERE ",
                                   where.empty() ? "1=1" : absl::StrCat("(", where, ")"));
    if (!page.after.empty()) {
      if (options_.string_ids) {
        params.push_back(page.after);
      } else {
        int64_t after = 0;
        if (!absl::SimpleAtoi(page.after, &after)) return absl::InvalidArgumentError("page_token is malformed");
        params.push_back(after);
      }
      absl::StrAppend(&sql, " AND id > ?");
    }
    absl::StrAppend(&sql, " ORDER BY id LIMIT ?");
    params.push_back(int64_t{page.limit});
    return PageQuery<M>{SqlStatement{std::move(sql), std::move(params)},
                        [this, page, list = std::string(list_name.empty() ? collection_ : list_name)](
                            const std::vector<SqlRow>& rows) -> absl::StatusOr<Page<M>> {
                          absl::StatusOr<std::vector<M>> items = FromRows(rows);
                          if (!items.ok()) return items.status();
                          Page<M> out;
                          out.items = *std::move(items);
                          out.next_page_token = NextPageToken(page, static_cast<int>(rows.size()),
                                                              rows.empty() ? "" : rows.back().Str(0), list);
                          return out;
                        }};
  }
  absl::StatusOr<PageQuery<M>> ListQuery(const Filter& filter, const PageRequest& page,
                                         absl::string_view list_name = "") const {
    return ListQuery(filter.sql(), filter.params(), page, list_name);
  }
  absl::StatusOr<Page<M>> List(Tx& tx, const std::string& where, std::vector<SqlParam> params, const PageRequest& page,
                               absl::string_view list_name = "") const {
    return RunPage(tx, ListQuery(where, std::move(params), page, list_name));
  }

  // Every record matching `where`, in key order, in two halves like Get's (for a read sent with
  // others, Tx::QueryAndCommit): for a set the domain keeps small, such as one document's
  // countersigns; a List RPC pages instead.
  SqlStatement AllStatement(const std::string& where, std::vector<SqlParam> params) const {
    return SqlStatement{absl::StrCat("SELECT id, data, version FROM ", table_, " WHERE (", where, ") ORDER BY id"),
                        std::move(params)};
  }
  absl::StatusOr<std::vector<M>> FromRows(const std::vector<SqlRow>& rows) const {
    std::vector<M> out;
    out.reserve(rows.size());
    for (const SqlRow& row : rows) {
      absl::StatusOr<Versioned<M>> v = Decode(row, 1, 2, absl::StrCat(collection_, "/", row.Str(0)));
      if (!v.ok()) return v.status();
      out.push_back(std::move(v->value));
    }
    return out;
  }

  absl::StatusOr<Page<M>> List(Tx& tx, const Filter& filter, const PageRequest& page,
                               absl::string_view list_name = "") const {
    return RunPage(tx, ListQuery(filter, page, list_name));
  }

  absl::Status Write(Tx& tx, const google::protobuf::Message& message, int64_t expected_version,
                     const google::protobuf::Message* before = nullptr) const override {
    const M& record = static_cast<const M&>(message);
    absl::StatusOr<SqlParam> key = Key(record.name());
    if (!key.ok()) return key.status();
    // The name and etag are derived from the row; the blob does not keep them.
    M stored = record;
    stored.clear_name();
    if constexpr (requires(M m) { m.clear_etag(); }) stored.clear_etag();
    std::vector<SqlParam> params;
    if (expected_version == 0) {
      params = {*key, Bytes{stored.SerializeAsString()}};
      for (const Column& c : columns_) params.push_back(c.value(record));
      // Held for the COMMIT: a name taken meanwhile fails the transaction.
      tx.Defer(insert_sql_, params, [name = record.name()](absl::Status s) {
        return s.code() == absl::StatusCode::kAlreadyExists
                   ? absl::AlreadyExistsError(absl::StrCat(name, " already exists"))
                   : s;
      });
    } else {
      params = {Bytes{stored.SerializeAsString()}};
      for (const Column& c : columns_) params.push_back(c.value(record));
      params.push_back(*key);
      params.push_back(expected_version);
      absl::Status changed = internal::CheckOneRowChanged(tx.Exec(update_sql_, params), record.name());
      if (!changed.ok()) return changed;
    }
    if (options_.after_write) {
      return options_.after_write(tx, record, expected_version == 0,
                                  expected_version == 0 ? nullptr : static_cast<const M*>(before));
    }
    return absl::OkStatus();
  }

  // The key of a record named "collection/key".
  absl::StatusOr<SqlParam> Key(absl::string_view name) const {
    if (options_.string_ids) {
      absl::StatusOr<std::string> id = IdOf(name, collection_);
      if (!id.ok()) return id.status();
      return SqlParam(*id);
    }
    absl::StatusOr<int64_t> id = NumericIdOf(name, collection_);
    if (!id.ok()) return id.status();
    return SqlParam(*id);
  }

 private:
  absl::StatusOr<Versioned<M>> Decode(const SqlRow& row, int data_column, int version_column,
                                      const std::string& name) const {
    Versioned<M> out;
    if (absl::Status s = internal::ParseRecord(row, data_column, &out.value); !s.ok()) return s;
    out.version = row.Int(version_column);
    out.value.set_name(name);
    if constexpr (requires(M m) { m.set_etag(""); }) out.value.set_etag(EtagOf(out.version));
    return out;
  }

  std::string table_;
  std::string collection_;
  std::vector<Column> columns_;
  Options options_;
  std::string insert_sql_, update_sql_, get_sql_;
};

// The tables of one service by record type, for the apply step.
class TableRegistry {
 public:
  void Add(const RecordTable* table) {
    tables_[table->type()->full_name()] = table;
    by_collection_[table->collection()] = table;
  }
  // INTERNAL for a record type no table stores (a programming error).
  absl::StatusOr<const RecordTable*> For(const google::protobuf::Message& record) const;
  // INTERNAL for a collection no table stores.
  absl::StatusOr<const RecordTable*> ForCollection(absl::string_view collection) const;

 private:
  std::map<std::string, const RecordTable*> tables_;
  std::map<std::string, const RecordTable*, std::less<>> by_collection_;
};

// Ids for new records, allocated before the decision so that it can name what it creates.
// Each process reserves blocks of ids per table in a short transaction of its own (table
// id_blocks); ids are unique across replicas, increasing within one, and a crash leaves a gap,
// never a duplicate.
class IdAllocator {
 public:
  explicit IdAllocator(Database* db, int block = 100) : db_(db), block_(block) {}
  // The next id for `table` (outside any transaction).
  absl::StatusOr<int64_t> Next(const std::string& table);

 private:
  struct Range {
    int64_t next = 0;
    int64_t end = 0;  // exclusive
  };
  std::optional<int64_t> Take(const std::string& table);
  absl::StatusOr<int64_t> Reserve(const std::string& table);
  Database* db_;
  const int block_;
  absl::Mutex reserve_mu_;  // one reservation at a time; the others wait for its block
  absl::Mutex mu_;
  std::map<std::string, Range> ranges_ ABSL_GUARDED_BY(mu_);
};

}  // namespace xianfu

#endif  // XIANFU_COMMON_RECORD_TABLE_H_
