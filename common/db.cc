#include "common/db.h"

#include <cppconn/connection.h>
#include <cppconn/driver.h>
#include <cppconn/exception.h>
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>
#include <cppconn/resultset_metadata.h>
#include <cppconn/statement.h>
#include <mysql_driver.h>

#include <mutex>
#include <sstream>
#include <thread>

#include "absl/strings/cord.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace xianfu {
namespace {

constexpr char kSqlErrnoPayload[] = "xianfu/sql-errno";

sql::mysql::MySQL_Driver* Driver() {
  static sql::mysql::MySQL_Driver* driver = sql::mysql::get_mysql_driver_instance();
  return driver;
}

// Connector/C++ wants threadInit/threadEnd around each thread that uses it; gRPC owns the
// handler threads, so do it lazily per thread.
struct DriverThreadScope {
  DriverThreadScope() { Driver()->threadInit(); }
  ~DriverThreadScope() { Driver()->threadEnd(); }
};
void EnsureThreadInit() { thread_local DriverThreadScope scope; }

bool IsConnectionLoss(int error_number) {
  switch (error_number) {
    case 1053:  // ER_SERVER_SHUTDOWN
    case 1927:  // ER_CONNECTION_KILLED (MariaDB)
    case 2002:  // CR_CONNECTION_ERROR
    case 2003:  // CR_CONN_HOST_ERROR
    case 2006:  // CR_SERVER_GONE_ERROR
    case 2013:  // CR_SERVER_LOST
    case 2055:  // CR_SERVER_LOST_EXTENDED
    case 4031:  // ER_CLIENT_INTERACTION_TIMEOUT (MySQL 8)
      return true;
    default:
      return false;
  }
}

absl::Status WithErrno(absl::Status status, int error_number) {
  status.SetPayload(kSqlErrnoPayload, absl::Cord(absl::StrCat(error_number)));
  return status;
}

absl::Status TranslateException(const std::exception& e, absl::string_view sql, bool* broken) {
  const auto* sql_error = dynamic_cast<const sql::SQLException*>(&e);
  int number = sql_error ? sql_error->getErrorCode() : 0;
  if (number == kErLockDeadlock || number == kErLockWaitTimeout) {
    return WithErrno(absl::AbortedError(absl::StrCat("transaction conflict (", number, ")")), number);
  }
  if (number == kErDupEntry) {
    return WithErrno(absl::AlreadyExistsError(e.what()), number);
  }
  if (number == 0 || IsConnectionLoss(number)) {
    // Connector/C++ reports some connection failures with no number.
    if (broken) *broken = true;
    return WithErrno(absl::UnavailableError(absl::StrCat("database unavailable: ", e.what())), number);
  }
  return WithErrno(
      absl::InternalError(absl::StrCat("sql error ", number, ": ", e.what(), " [", sql.substr(0, 200), "]")), number);
}

void Bind(sql::PreparedStatement* stmt, const std::vector<SqlParam>& params,
          std::vector<std::unique_ptr<std::istringstream>>& blobs) {
  for (size_t i = 0; i < params.size(); ++i) {
    unsigned int index = static_cast<unsigned int>(i + 1);
    std::visit(
        [&](const auto& v) {
          using T = std::decay_t<decltype(v)>;
          if constexpr (std::is_same_v<T, std::nullptr_t>) {
            stmt->setNull(index, 0);
          } else if constexpr (std::is_same_v<T, int64_t>) {
            stmt->setInt64(index, v);
          } else if constexpr (std::is_same_v<T, std::string>) {
            stmt->setString(index, v);
          } else if constexpr (std::is_same_v<T, Bytes>) {
            blobs.push_back(std::make_unique<std::istringstream>(v.data));
            stmt->setBlob(index, blobs.back().get());
          } else if constexpr (std::is_same_v<T, bool>) {
            stmt->setInt(index, v ? 1 : 0);
          } else if constexpr (std::is_same_v<T, absl::Time>) {
            stmt->setDateTime(index, FormatSqlTime(v));
          } else if constexpr (std::is_same_v<T, absl::CivilDay>) {
            stmt->setDateTime(index, absl::FormatCivilTime(v));
          }
        },
        params[i]);
  }
}

std::vector<SqlRow> ReadRows(sql::ResultSet* rs) {
  std::vector<SqlRow> rows;
  unsigned int columns = rs->getMetaData()->getColumnCount();
  while (rs->next()) {
    std::vector<std::optional<std::string>> values;
    values.reserve(columns);
    for (unsigned int c = 1; c <= columns; ++c) {
      if (rs->isNull(c)) {
        values.emplace_back(std::nullopt);
      } else {
        sql::SQLString s = rs->getString(c);
        values.emplace_back(std::string(s.c_str(), s.length()));
      }
    }
    rows.emplace_back(std::move(values));
  }
  return rows;
}

absl::StatusOr<std::vector<SqlRow>> Run(sql::Connection* conn, absl::string_view sql,
                                        const std::vector<SqlParam>& params, bool* broken, int64_t* affected) {
  try {
    std::unique_ptr<sql::PreparedStatement> stmt(conn->prepareStatement(std::string(sql)));
    std::vector<std::unique_ptr<std::istringstream>> blobs;
    Bind(stmt.get(), params, blobs);
    if (affected != nullptr) {
      *affected = stmt->executeUpdate();
      return std::vector<SqlRow>{};
    }
    if (!stmt->execute()) return std::vector<SqlRow>{};  // DDL, GRANT, DML via RunOn
    std::unique_ptr<sql::ResultSet> rs(stmt->getResultSet());
    return ReadRows(rs.get());
  } catch (const std::exception& e) {
    return TranslateException(e, sql, broken);
  }
}

}  // namespace

const std::string& SqlRow::Str(int i) const {
  static const std::string kEmpty;
  const auto& v = values_.at(i);
  return v ? *v : kEmpty;
}

int64_t SqlRow::Int(int i) const {
  int64_t out = 0;
  if (!values_.at(i) || !absl::SimpleAtoi(*values_[i], &out)) return 0;
  return out;
}

std::optional<int64_t> SqlRow::OptInt(int i) const {
  if (IsNull(i)) return std::nullopt;
  return Int(i);
}

absl::Time SqlRow::Time(int i) const {
  absl::Time t = absl::InfinitePast();
  std::string err;
  if (values_.at(i)) absl::ParseTime("%Y-%m-%d %H:%M:%E*S", *values_[i], absl::UTCTimeZone(), &t, &err);
  return t;
}

std::optional<absl::Time> SqlRow::OptTime(int i) const {
  if (IsNull(i)) return std::nullopt;
  return Time(i);
}

absl::CivilDay SqlRow::Day(int i) const {
  absl::CivilDay d;
  if (values_.at(i)) absl::ParseCivilTime(values_[i]->substr(0, 10), &d);
  return d;
}

std::string FormatSqlTime(absl::Time t) { return absl::FormatTime("%Y-%m-%d %H:%M:%E6S", t, absl::UTCTimeZone()); }

int SqlErrorNumber(const absl::Status& status) {
  auto payload = status.GetPayload(kSqlErrnoPayload);
  int number = 0;
  if (payload) absl::SimpleAtoi(std::string(*payload), &number);
  return number;
}

void InitSqlDriver() { Driver(); }

absl::StatusOr<std::unique_ptr<sql::Connection>> ConnectOnce(const DatabaseOptions& o) {
  EnsureThreadInit();
  sql::ConnectOptionsMap props;
  props["hostName"] = std::string(absl::StrCat("tcp://", o.host, ":", o.port));
  props["userName"] = o.user;
  props["password"] = o.password;
  if (!o.schema.empty()) props["schema"] = o.schema;
  props["OPT_CHARSET_NAME"] = std::string("utf8mb4");
  props["OPT_RECONNECT"] = false;  // a silent reconnect would lose session settings
  props["OPT_CONNECT_TIMEOUT"] = static_cast<int>(absl::ToInt64Seconds(o.connect_timeout));
  props["OPT_READ_TIMEOUT"] = static_cast<int>(absl::ToInt64Seconds(o.io_timeout));
  props["OPT_WRITE_TIMEOUT"] = static_cast<int>(absl::ToInt64Seconds(o.io_timeout));
  try {
    std::unique_ptr<sql::Connection> conn(Driver()->connect(props));
    std::unique_ptr<sql::Statement> stmt(conn->createStatement());
    // Portable between MySQL 8.0 and MariaDB 10.11.
    stmt->execute(
        "SET SESSION sql_mode='STRICT_ALL_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,"
        "ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION'");
    stmt->execute("SET SESSION time_zone='+00:00'");
    stmt->execute("SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED");
    stmt->execute(absl::StrCat("SET SESSION innodb_lock_wait_timeout=", o.lock_wait_timeout_seconds));
    return conn;
  } catch (const std::exception& e) {
    bool broken = false;
    absl::Status status = TranslateException(e, "connect", &broken);
    if (status.code() == absl::StatusCode::kInternal) {
      // Access denied, unknown database and the like: not retryable, but not our bug either.
      return absl::FailedPreconditionError(
          absl::StrCat("cannot connect to ", o.host, ":", o.port, "/", o.schema, " as ", o.user, ": ", e.what()));
    }
    return status;
  }
}

absl::StatusOr<std::vector<SqlRow>> RunOn(sql::Connection* conn, absl::string_view sql,
                                          const std::vector<SqlParam>& params) {
  EnsureThreadInit();
  bool broken = false;
  return Run(conn, sql, params, &broken, nullptr);
}

absl::StatusOr<std::vector<SqlRow>> Tx::Query(absl::string_view sql, const std::vector<SqlParam>& params) {
  return Run(conn_, sql, params, &broken_, nullptr);
}

absl::StatusOr<SqlRow> Tx::QueryOne(absl::string_view sql, const std::vector<SqlParam>& params) {
  absl::StatusOr<std::vector<SqlRow>> rows = Query(sql, params);
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return absl::NotFoundError("no row");
  return std::move(rows->front());
}

absl::StatusOr<int64_t> Tx::Exec(absl::string_view sql, const std::vector<SqlParam>& params) {
  int64_t affected = 0;
  absl::StatusOr<std::vector<SqlRow>> r = Run(conn_, sql, params, &broken_, &affected);
  if (!r.ok()) return r.status();
  return affected;
}

absl::StatusOr<int64_t> Tx::LastInsertId() {
  absl::StatusOr<SqlRow> row = QueryOne("SELECT LAST_INSERT_ID()");
  if (!row.ok()) return row.status();
  return row->Int(0);
}

Database::Database(DatabaseOptions options) : options_(std::move(options)) { InitSqlDriver(); }

Database::~Database() {
  absl::MutexLock lock(&mu_);
  idle_.clear();
}

absl::StatusOr<std::unique_ptr<sql::Connection>> Database::Connect() { return ConnectOnce(options_); }

absl::StatusOr<std::unique_ptr<sql::Connection>> Database::Acquire() {
  EnsureThreadInit();
  {
    absl::MutexLock lock(&mu_);
    auto available = [this]()
                         ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return !idle_.empty() || in_use_ < options_.pool_size; };
    if (!available()) {
      ++waits_;
      if (!mu_.AwaitWithTimeout(absl::Condition(&available), options_.acquire_timeout)) {
        ++timeouts_;
        return absl::UnavailableError(
            absl::StrCat("database busy: no connection free within ", absl::FormatDuration(options_.acquire_timeout)));
      }
    }
    ++in_use_;
    if (!idle_.empty()) {
      std::unique_ptr<sql::Connection> conn = std::move(idle_.back());
      idle_.pop_back();
      return conn;
    }
  }
  // Connect outside the lock: it can take up to connect_timeout.
  absl::StatusOr<std::unique_ptr<sql::Connection>> conn = Connect();
  if (!conn.ok()) {
    absl::MutexLock lock(&mu_);
    --in_use_;
  }
  return conn;
}

void Database::Release(std::unique_ptr<sql::Connection> conn, bool broken) {
  absl::MutexLock lock(&mu_);
  --in_use_;
  if (broken) {
    // A lost connection usually means the server restarted: every idle one is dead too.
    idle_.clear();
    return;
  }
  idle_.push_back(std::move(conn));
}

absl::Status Database::Transact(const std::function<absl::Status(Tx&)>& fn) {
  absl::Status status;
  for (int attempt = 1; attempt <= options_.max_attempts; ++attempt) {
    absl::StatusOr<std::unique_ptr<sql::Connection>> conn = Acquire();
    if (!conn.ok()) return conn.status();
    Tx tx(conn->get());
    bool committing = false;
    try {
      (*conn)->setAutoCommit(false);
      status = fn(tx);
      if (status.ok()) {
        committing = true;
        (*conn)->commit();
      }
    } catch (const std::exception& e) {
      status = TranslateException(e, committing ? "COMMIT" : "BEGIN", &tx.broken_);
    }
    if (!status.ok() && !tx.broken_) {
      try {
        (*conn)->rollback();
      } catch (const std::exception&) {
        tx.broken_ = true;
      }
    }
    bool broken = tx.broken_;
    Release(std::move(*conn), broken);
    if (status.ok()) return status;
    int number = SqlErrorNumber(status);
    bool conflict = number == kErLockDeadlock || number == kErLockWaitTimeout;
    // A connection lost before COMMIT was sent left nothing behind: safe to run again on a
    // fresh connection. One lost during COMMIT is ambiguous and is reported as is.
    bool lost_before_commit = broken && !committing && status.code() == absl::StatusCode::kUnavailable;
    if (!(conflict || lost_before_commit) || attempt == options_.max_attempts) return status;
    {
      absl::MutexLock lock(&mu_);
      ++retries_;
    }
    absl::SleepFor(absl::Milliseconds(5 * attempt));
  }
  return status;
}

absl::Status Database::Ping() {
  return Transact([](Tx& tx) { return tx.Query("SELECT 1").status(); });
}

PoolStats Database::Stats() const {
  absl::MutexLock lock(&mu_);
  PoolStats s;
  s.size = options_.pool_size;
  s.in_use = in_use_;
  s.idle = static_cast<int>(idle_.size());
  s.waits = waits_;
  s.timeouts = timeouts_;
  s.retries = retries_;
  return s;
}

}  // namespace xianfu
