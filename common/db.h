// MySQL/MariaDB access for the store layers: a connection pool over Connector/C++ 1.1,
// prepared statements only, whole-transaction retry on deadlock and lock-wait timeout.
// No Connector/C++ type or exception crosses this interface.
#ifndef XIANFU_COMMON_DB_H_
#define XIANFU_COMMON_DB_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
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

// One result row. Values are read eagerly as text (binary-safe); typed accessors convert.
class SqlRow {
 public:
  explicit SqlRow(std::vector<std::optional<std::string>> values) : values_(std::move(values)) {}
  bool IsNull(int i) const { return !values_.at(i).has_value(); }
  const std::string& Str(int i) const;
  int64_t Int(int i) const;
  bool Bool(int i) const { return Int(i) != 0; }
  absl::Time Time(int i) const;
  absl::CivilDay Day(int i) const;
  std::optional<int64_t> OptInt(int i) const;
  std::optional<absl::Time> OptTime(int i) const;
  size_t size() const { return values_.size(); }

 private:
  std::vector<std::optional<std::string>> values_;
};

// MySQL error numbers the store layers react to.
inline constexpr int kErDupEntry = 1062;
inline constexpr int kErLockWaitTimeout = 1205;
inline constexpr int kErLockDeadlock = 1213;

// A statement failure: absl code plus the server's error number for the store to inspect.
int SqlErrorNumber(const absl::Status& status);

// A transaction in progress. Only valid inside Database::Transact's callback.
class Tx {
 public:
  absl::StatusOr<std::vector<SqlRow>> Query(absl::string_view sql, const std::vector<SqlParam>& params = {});
  // The first row, or NOT_FOUND.
  absl::StatusOr<SqlRow> QueryOne(absl::string_view sql, const std::vector<SqlParam>& params = {});
  // Number of affected rows.
  absl::StatusOr<int64_t> Exec(absl::string_view sql, const std::vector<SqlParam>& params = {});
  // AUTO_INCREMENT value of the last INSERT on this connection.
  absl::StatusOr<int64_t> LastInsertId();

 private:
  friend class Database;
  explicit Tx(sql::Connection* conn) : conn_(conn) {}
  sql::Connection* conn_;
  bool broken_ = false;  // the connection was lost; the pool discards it
};

struct DatabaseOptions {
  std::string host = "127.0.0.1";
  int port = 3306;
  std::string user;
  std::string password;
  std::string schema;
  // Handlers hold a connection only inside Transact; see docs/architecture.md for sizing.
  int pool_size = 8;
  absl::Duration acquire_timeout = absl::Seconds(2);
  absl::Duration connect_timeout = absl::Seconds(3);
  absl::Duration io_timeout = absl::Seconds(30);
  // Server-side row-lock wait, short so a stuck holder cannot pin handler threads.
  int lock_wait_timeout_seconds = 5;
  int max_attempts = 5;  // for deadlock / lock-wait retries
};

struct PoolStats {
  int size = 0;
  int in_use = 0;
  int idle = 0;
  int64_t waits = 0;     // acquisitions that had to wait for a free connection
  int64_t timeouts = 0;  // acquisitions that gave up
  int64_t retries = 0;   // transactions re-run after deadlock or lock-wait timeout
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
  // otherwise. On deadlock (1213) or lock-wait timeout (1205) it rolls back explicitly and
  // re-runs fn from the start, up to max_attempts. fn must therefore keep its side effects
  // inside the transaction.
  absl::Status Transact(const std::function<absl::Status(Tx&)>& fn);

  // SELECT 1 over a pooled connection; for health checks.
  absl::Status Ping();

  PoolStats Stats() const;
  const DatabaseOptions& options() const { return options_; }

 private:
  absl::StatusOr<std::unique_ptr<sql::Connection>> Acquire();
  void Release(std::unique_ptr<sql::Connection> conn, bool broken);
  absl::StatusOr<std::unique_ptr<sql::Connection>> Connect();

  const DatabaseOptions options_;
  mutable absl::Mutex mu_;
  std::vector<std::unique_ptr<sql::Connection>> idle_ ABSL_GUARDED_BY(mu_);
  int in_use_ ABSL_GUARDED_BY(mu_) = 0;
  int64_t waits_ ABSL_GUARDED_BY(mu_) = 0;
  int64_t timeouts_ ABSL_GUARDED_BY(mu_) = 0;
  int64_t retries_ ABSL_GUARDED_BY(mu_) = 0;
};

// Creates the Connector/C++ driver instance. Call once from main before any thread starts
// (the driver's own initialisation is not thread-safe); later calls are no-ops.
void InitSqlDriver();

// Opens one unpooled connection (migrations, provisioning in tests).
absl::StatusOr<std::unique_ptr<sql::Connection>> ConnectOnce(const DatabaseOptions& options);
// Runs one statement on a raw connection outside any pool (DDL, GRANT, GET_LOCK).
absl::StatusOr<std::vector<SqlRow>> RunOn(sql::Connection* conn, absl::string_view sql,
                                          const std::vector<SqlParam>& params = {});

std::string FormatSqlTime(absl::Time t);

}  // namespace xianfu

#endif  // XIANFU_COMMON_DB_H_
