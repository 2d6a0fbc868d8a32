// MySQL/MariaDB access for the store layers: a connection pool over Connector/C++ 1.1 whose
// connections keep their prepared statements, writes held for the COMMIT (one round trip for
// all of them), whole-transaction retry on deadlock, lock-wait timeout and a connection lost
// before COMMIT, and nothing else retried.
// No Connector/C++ type or exception crosses this interface.
#ifndef XIANFU_COMMON_DB_H_
#define XIANFU_COMMON_DB_H_

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <variant>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"

namespace sql {
class Connection;
}

namespace xianfu {

// Binary data bound as a BLOB (serialized protos, digests).
struct Bytes {
  std::string data;
};

// A statement parameter. absl::Time binds as a UTC DATETIME(6), absl::CivilDay as a DATE.
using SqlParam = std::variant<std::nullptr_t, int64_t, std::string, Bytes, bool, absl::Time, absl::CivilDay>;

// A statement with its values.
struct SqlStatement {
  std::string sql;
  std::vector<SqlParam> params;
};

// A stored value that is not what the schema promises (NULL where a value is required, text
// where a number is). Thrown by SqlRow's accessors; Database::Transact and Read turn it into
// INTERNAL at once (never retried), so bad data is an error and never a silent 0.
class MalformedRowError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// One result row. Values are read eagerly as text (binary-safe); typed accessors convert and
// throw MalformedRowError when the stored value does not convert.
class SqlRow {
 public:
  explicit SqlRow(std::vector<std::optional<std::string>> values) : values_(std::move(values)) {}
  bool IsNull(int i) const { return !At(i).has_value(); }
  // The bytes of a non-NULL column.
  const std::string& Str(int i) const;
  int64_t Int(int i) const;
  absl::Time Time(int i) const;
  absl::CivilDay Day(int i) const;
  std::optional<absl::CivilDay> OptDay(int i) const;
  size_t size() const { return values_.size(); }

 private:
  const std::optional<std::string>& At(int i) const;
  std::vector<std::optional<std::string>> values_;
};

// MySQL error numbers the store layers react to.
inline constexpr int kErDupEntry = 1062;
inline constexpr int kErLockWaitTimeout = 1205;
inline constexpr int kErLockDeadlock = 1213;

// A statement failure: absl code plus the server's error number for the store to inspect.
int SqlErrorNumber(const absl::Status& status);

// A race lost inside a transaction that the store detected itself (two writers took the same
// next number): Database::Transact runs the transaction again, as after a deadlock.
absl::Status RetryableConflict(absl::string_view what);

class PooledConnection;

namespace internal {

// Where an INSERT … VALUES statement's rows begin and how long the text after them is (an
// ON DUPLICATE KEY UPDATE clause, or nothing); rows_at is std::string::npos for any other
// statement.
struct InsertShape {
  size_t rows_at = std::string::npos;
  size_t tail_size = 0;
};

}  // namespace internal

// A transaction in progress. Only valid inside Database::Transact's or Read's callback.
class Tx {
 public:
  absl::StatusOr<std::vector<SqlRow>> Query(absl::string_view sql, const std::vector<SqlParam>& params = {});
  // The first row, or NOT_FOUND.
  absl::StatusOr<SqlRow> QueryOne(absl::string_view sql, const std::vector<SqlParam>& params = {});
  // Number of affected rows.
  absl::StatusOr<int64_t> Exec(absl::string_view sql, const std::vector<SqlParam>& params = {});
  // The transaction's last exchange: `reads` (plain SELECTs) and its COMMIT in one round trip,
  // sent as text with the values inlined as Defer does; one result per read. Nothing may follow
  // it in the transaction. For a read whose questions are all known at once (a gather step's load).
  absl::StatusOr<std::vector<std::vector<SqlRow>>> QueryAndCommit(const std::vector<SqlStatement>& reads);

  // A write whose outcome nothing in the transaction waits for (an INSERT or UPDATE whose only
  // use of a failure is to fail the transaction). It is held and sent with the COMMIT, or before
  // the transaction's next statement, all held writes in one round trip. A failure fails the
  // transaction with the status the same Exec would have returned, reworded by `on_error` when
  // given; the statement is sent as text with its values as literals (hex for text and bytes),
  // so no value can change what it says.
  void Defer(absl::string_view sql, const std::vector<SqlParam>& params,
             std::function<absl::Status(absl::Status)> on_error = nullptr);

 private:
  friend class Database;
  struct Deferred {
    std::string sql;  // values inlined
    std::function<absl::Status(absl::Status)> on_error;
    internal::InsertShape shape;  // where an INSERT's rows are, for merging (MergeInserts)
  };
  explicit Tx(PooledConnection* conn) : conn_(conn) {}
  // Sends the held writes (and COMMIT, when `commit`) in one round trip.
  absl::Status Flush(bool commit);
  // Sends this transaction's held writes and those of `others` (writes-only transactions on
  // other connections), then one COMMIT, over this connection in one round trip. On failure
  // nothing is committed and every transaction keeps its held writes; the caller rolls back.
  absl::Status FlushTogether(const std::vector<Tx*>& others);
  size_t HeldBytes() const;
  // Sends `held` (and COMMIT, when `commit`) as one multi-statement round trip; on failure
  // `failed` is the index of the statement that failed (held.size() for the COMMIT).
  absl::Status Send(const std::vector<absl::string_view>& held, bool commit, size_t* failed);
  PooledConnection* conn_;
  std::vector<Deferred> deferred_;
  // A statement went to the server: the transaction read or wrote before its COMMIT, so it
  // is not writes-only and commits on its own.
  bool sent_ = false;
  bool committed_ = false;  // QueryAndCommit ended the transaction
  // A held write that failed: every later statement, and the transaction, fail with it.
  absl::Status deferred_failure_;
  bool broken_ = false;  // the connection was lost; the pool discards it
};

struct DatabaseOptions {
  std::string host = "127.0.0.1";
  int port = 3306;
  std::string user;
  std::string password;
  std::string schema;
  // Handlers hold a connection only inside Transact/Read; see docs/architecture.md for sizing.
  int pool_size = 8;
  absl::Duration acquire_timeout = absl::Seconds(2);
  absl::Duration connect_timeout = absl::Seconds(3);
  absl::Duration io_timeout = absl::Seconds(30);
  // A connection idle for longer is pinged before it is lent out; busy ones never are.
  absl::Duration idle_check_after = absl::Seconds(30);
  // Prepared statements kept per connection; beyond it the least recently used is closed.
  int statement_cache_size = 256;
  // Server-side row-lock wait, short so a stuck holder cannot pin handler threads.
  int lock_wait_timeout_seconds = 5;
  int max_attempts = 5;  // for deadlock / lock-wait / lost-connection retries
};

struct PoolStats {
  int size = 0;
  int in_use = 0;
  int idle = 0;
  int64_t waits = 0;        // acquisitions that had to wait for a free connection
  int64_t timeouts = 0;     // acquisitions that gave up
  int64_t retries = 0;      // transactions re-run after deadlock, lock-wait timeout or a lost connection
  int64_t round_trips = 0;  // exchanges with the server (prepare, execute, commit, ping, …)
  int64_t prepares = 0;     // statements prepared (a cache miss)
  // Writes-only transactions committed with others in one COMMIT (Database::Transact), and
  // the COMMITs that carried more than one.
  int64_t grouped_transactions = 0;
  int64_t grouped_commits = 0;
  int waiting_to_commit = 0;  // writes-only transactions queued behind a group commit now
};

class Database {
 public:
  // Does not connect: connections are made on demand so a service can start (NOT_SERVING)
  // while the database is still down.
  explicit Database(DatabaseOptions options);
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  // Runs fn in one transaction (READ COMMITTED). Commits when fn returns OK, rolls back
  // otherwise. Deadlock (1213), lock-wait timeout (1205) and a connection lost before COMMIT
  // roll back and re-run fn from the start, up to max_attempts; fn must therefore keep its side
  // effects inside the transaction. A connection lost while the held writes and the COMMIT were
  // on their way is ambiguous (the COMMIT may have run) and is returned as UNAVAILABLE, like one
  // lost during a plain COMMIT; the request id makes the caller's retry safe. Anything else (a
  // constraint, a malformed row, a bug) is returned at once: INTERNAL unless the statement's own
  // status says otherwise.
  // A transaction that only held writes (Tx::Defer, nothing sent before its COMMIT) commits
  // with the writes-only transactions queued while another one's COMMIT was on its way: one
  // round trip and one COMMIT for the group. That equals committing them one after another,
  // since none read anything; if a statement of the group fails, the group rolls back and each
  // commits on its own, so a failure stays its own transaction's.
  absl::Status Transact(const std::function<absl::Status(Tx&)>& fn);

  // A read: the same as Transact, for callbacks that only SELECT without FOR UPDATE, so they
  // take no row locks.
  absl::Status Read(const std::function<absl::Status(Tx&)>& fn) { return Transact(fn); }

  // SELECT 1 over a pooled connection (tests; health uses HealthProbe).
  absl::Status Ping();

  PoolStats Stats() const;
  const DatabaseOptions& options() const { return options_; }

 private:
  absl::StatusOr<std::unique_ptr<PooledConnection>> Acquire();
  void Release(std::unique_ptr<PooledConnection> conn, bool broken);
  // Commits a writes-only transaction, with others queued meanwhile (see Transact).
  struct Committing;
  absl::Status CommitTogether(Tx& tx);

  const DatabaseOptions options_;
  mutable absl::Mutex mu_;
  std::vector<std::unique_ptr<PooledConnection>> idle_ ABSL_GUARDED_BY(mu_);
  int in_use_ ABSL_GUARDED_BY(mu_) = 0;
  int64_t waits_ ABSL_GUARDED_BY(mu_) = 0;
  int64_t timeouts_ ABSL_GUARDED_BY(mu_) = 0;
  int64_t retries_ ABSL_GUARDED_BY(mu_) = 0;
  std::atomic<int64_t> round_trips_{0};
  std::atomic<int64_t> prepares_{0};

  mutable absl::Mutex commit_mu_;
  std::vector<Committing*> commit_queue_ ABSL_GUARDED_BY(commit_mu_);
  bool commit_leading_ ABSL_GUARDED_BY(commit_mu_) = false;
  int64_t grouped_transactions_ ABSL_GUARDED_BY(commit_mu_) = 0;
  int64_t grouped_commits_ ABSL_GUARDED_BY(commit_mu_) = 0;
};

// The health check's own connection, outside the pool: a replica whose pool is merely busy
// stays SERVING; one that cannot reach the database turns NOT_SERVING.
class HealthProbe {
 public:
  explicit HealthProbe(DatabaseOptions options);
  ~HealthProbe();
  // Pings over the probe's connection, reconnecting when it was lost.
  absl::Status Check();

 private:
  DatabaseOptions options_;
  std::unique_ptr<sql::Connection> conn_;
};

// Round trips to any database made by the calling thread since it started. A handler thread
// reads it before and after a call to count what one RPC cost.
int64_t ThreadRoundTrips();

// Whether the calling thread is inside Database::Transact or Read. Remote calls check it: a
// call to another service never runs while this one holds a transaction open.
bool InTransaction();

// Creates the Connector/C++ driver instance. Call once from main before any thread starts
// (the driver's own initialisation is not thread-safe); later calls are no-ops.
void InitSqlDriver();

// Opens one unpooled connection (migrations, provisioning in tests), in autocommit mode.
absl::StatusOr<std::unique_ptr<sql::Connection>> ConnectOnce(const DatabaseOptions& options);
// Runs one statement on a raw connection outside any pool (DDL, GRANT, GET_LOCK).
absl::StatusOr<std::vector<SqlRow>> RunOn(sql::Connection* conn, absl::string_view sql,
                                          const std::vector<SqlParam>& params = {});

std::string FormatSqlTime(absl::Time t);

// `n` copies of `each` joined by ", ": the placeholders of an IN (…) list ("?") or of a
// multi-row VALUES ("(?, ?)").
std::string Placeholders(size_t n, absl::string_view each = "?");

namespace internal {

// The shape of `sql_template`'s statement: an INSERT … VALUES (…)[, (…)] with no placeholder
// before or after its rows, optionally followed by ON DUPLICATE KEY UPDATE. Placeholders only
// in the rows mean the inlined text has the same head and tail.
InsertShape ShapeOfInsert(absl::string_view sql_template);

// One held write of a group commit: its text and its shape.
struct HeldWrite {
  absl::string_view sql;
  InsertShape shape;
};

// A group's statements, the members' one after another, with the INSERTs of the same table,
// columns and ON DUPLICATE KEY clause made one multi-row INSERT: MariaDB's CPU per write goes on
// its statements more than on its rows. Each member's own statements keep their order.
std::vector<std::string> MergeInserts(const std::vector<std::vector<HeldWrite>>& members);

}  // namespace internal
}  // namespace xianfu

#endif  // XIANFU_COMMON_DB_H_
