#include "common/db.h"

#include <cppconn/connection.h>
#include <cppconn/driver.h>
#include <cppconn/exception.h>
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>
#include <cppconn/resultset_metadata.h>
#include <cppconn/statement.h>
#include <mysql_driver.h>

#include <algorithm>
#include <atomic>
#include <list>
#include <sstream>
#include <unordered_map>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/cord.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "common/status_macros.h"

namespace xianfu {
namespace {

constexpr char kSqlErrnoPayload[] = "xianfu/sql-errno";

thread_local int64_t thread_round_trips = 0;
thread_local int thread_transaction_depth = 0;

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

// Sorts a failure into what Transact may retry (conflicts, a lost connection) and what it
// must not (everything else is INTERNAL, or ALREADY_EXISTS for a duplicate key).
absl::Status TranslateException(const std::exception& e, absl::string_view sql, bool* broken) {
  if (dynamic_cast<const MalformedRowError*>(&e) != nullptr) {
    return absl::InternalError(absl::StrCat("malformed stored row: ", e.what()));
  }
  const auto* sql_error = dynamic_cast<const sql::SQLException*>(&e);
  if (sql_error == nullptr) {
    return absl::InternalError(absl::StrCat("unexpected exception in a transaction: ", e.what()));
  }
  const int number = sql_error->getErrorCode();
  if (number == kErLockDeadlock || number == kErLockWaitTimeout) {
    return WithErrno(absl::AbortedError(absl::StrCat("transaction conflict (", number, ")")), number);
  }
  if (number == kErDupEntry) {
    return WithErrno(absl::AlreadyExistsError(e.what()), number);
  }
  // Connector/C++ reports a closed connection as InvalidInstanceException with no number, and
  // network failures with SQLSTATE class 08.
  const bool lost = IsConnectionLoss(number) || dynamic_cast<const sql::InvalidInstanceException*>(&e) != nullptr ||
                    absl::StartsWith(sql_error->getSQLStateCStr(), "08");
  if (lost) {
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

// A value written into a statement's text. Text and bytes go as hex literals, so no value can
// end its literal early whatever it holds; text keeps its character set so that comparisons
// with indexed columns still use the index.
std::string Literal(const SqlParam& param) {
  return std::visit(
      [](const auto& v) -> std::string {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, std::nullptr_t>) {
          return "NULL";
        } else if constexpr (std::is_same_v<T, int64_t>) {
          return absl::StrCat(v);
        } else if constexpr (std::is_same_v<T, std::string>) {
          return v.empty() ? "''" : absl::StrCat("_utf8mb4 X'", absl::BytesToHexString(v), "'");
        } else if constexpr (std::is_same_v<T, Bytes>) {
          return absl::StrCat("X'", absl::BytesToHexString(v.data), "'");
        } else if constexpr (std::is_same_v<T, bool>) {
          return v ? "1" : "0";
        } else if constexpr (std::is_same_v<T, absl::Time>) {
          return absl::StrCat("'", FormatSqlTime(v), "'");
        } else {
          return absl::StrCat("'", absl::FormatCivilTime(v), "'");
        }
      },
      param);
}

// `sql` with each placeholder outside a quoted name or literal replaced by its value.
absl::StatusOr<std::string> Inline(absl::string_view sql, const std::vector<SqlParam>& params) {
  std::string out;
  out.reserve(sql.size() + 64 * params.size());
  size_t next = 0;
  char quote = 0;
  for (char c : sql) {
    if (quote != 0) {
      if (c == quote) quote = 0;
      out += c;
    } else if (c == '\'' || c == '"' || c == '`') {
      quote = c;
      out += c;
    } else if (c != '?') {
      out += c;
    } else if (next < params.size()) {
      out += Literal(params[next++]);
    } else {
      return absl::InternalError(absl::StrCat("more placeholders than values [", sql.substr(0, 200), "]"));
    }
  }
  if (next != params.size()) {
    return absl::InternalError(absl::StrCat("more values than placeholders [", sql.substr(0, 200), "]"));
  }
  return out;
}

void SetSession(sql::Connection* conn, const DatabaseOptions& o) {
  std::unique_ptr<sql::Statement> stmt(conn->createStatement());
  // Portable between MySQL 8.0 and MariaDB 10.11.
  stmt->execute(
      absl::StrCat("SET SESSION sql_mode='STRICT_ALL_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,"
                   "ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION', time_zone='+00:00', innodb_lock_wait_timeout=",
                   o.lock_wait_timeout_seconds));
  stmt->execute("SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED");
}

}  // namespace

// A pooled connection in manual-commit mode with the prepared statements it has made, so a
// statement is prepared once per connection and then only executed: one round trip each.
class PooledConnection {
 public:
  PooledConnection(std::unique_ptr<sql::Connection> conn, int cache_size, std::atomic<int64_t>* round_trips,
                   std::atomic<int64_t>* prepares)
      : conn_(std::move(conn)),
        cache_size_(cache_size),
        round_trips_(round_trips),
        prepares_(prepares),
        last_used_(absl::Now()) {}
  ~PooledConnection() {
    // Statements belong to the connection: close them first.
    statements_.clear();
    lru_.clear();
    conn_.reset();
  }

  sql::Connection* raw() { return conn_.get(); }
  absl::Time last_used() const { return last_used_; }
  void Touch() { last_used_ = absl::Now(); }

  // One exchange with the server.
  void CountRoundTrip() {
    ++thread_round_trips;
    round_trips_->fetch_add(1, std::memory_order_relaxed);
  }

  sql::PreparedStatement* Prepare(const std::string& sql) {
    auto it = statements_.find(sql);
    if (it != statements_.end()) {
      lru_.splice(lru_.begin(), lru_, it->second.position);
      return it->second.statement.get();
    }
    if (static_cast<int>(statements_.size()) >= cache_size_) {
      statements_.erase(lru_.back());
      lru_.pop_back();
    }
    CountRoundTrip();
    prepares_->fetch_add(1, std::memory_order_relaxed);
    std::unique_ptr<sql::PreparedStatement> stmt(conn_->prepareStatement(sql));
    lru_.push_front(sql);
    auto& entry = statements_[sql];
    entry.statement = std::move(stmt);
    entry.position = lru_.begin();
    return entry.statement.get();
  }

 private:
  struct Cached {
    std::unique_ptr<sql::PreparedStatement> statement;
    std::list<std::string>::iterator position;
  };
  std::unique_ptr<sql::Connection> conn_;
  const int cache_size_;
  std::atomic<int64_t>* round_trips_;
  std::atomic<int64_t>* prepares_;
  absl::Time last_used_;
  std::list<std::string> lru_;  // most recently used first
  std::unordered_map<std::string, Cached> statements_;
};

namespace {

absl::StatusOr<std::vector<SqlRow>> RunPrepared(PooledConnection* conn, absl::string_view sql,
                                                const std::vector<SqlParam>& params, bool* broken, int64_t* affected) {
  try {
    sql::PreparedStatement* stmt = conn->Prepare(std::string(sql));
    stmt->clearParameters();
    std::vector<std::unique_ptr<std::istringstream>> blobs;
    Bind(stmt, params, blobs);
    conn->CountRoundTrip();
    if (affected != nullptr) {
      *affected = stmt->executeUpdate();
      return std::vector<SqlRow>{};
    }
    std::unique_ptr<sql::ResultSet> rs(stmt->executeQuery());
    return ReadRows(rs.get());
  } catch (const std::exception& e) {
    return TranslateException(e, sql, broken);
  }
}

}  // namespace

const std::optional<std::string>& SqlRow::At(int i) const {
  if (i < 0 || static_cast<size_t>(i) >= values_.size()) {
    throw MalformedRowError(absl::StrCat("column ", i, " of a ", values_.size(), "-column row"));
  }
  return values_[i];
}

const std::string& SqlRow::Str(int i) const {
  const auto& v = At(i);
  if (!v) throw MalformedRowError(absl::StrCat("column ", i, " is NULL where text is required"));
  return *v;
}

int64_t SqlRow::Int(int i) const {
  const auto& v = At(i);
  int64_t out = 0;
  if (!v) throw MalformedRowError(absl::StrCat("column ", i, " is NULL where a number is required"));
  if (!absl::SimpleAtoi(*v, &out)) {
    throw MalformedRowError(absl::StrCat("column ", i, " holds '", v->substr(0, 40), "', not an integer"));
  }
  return out;
}

absl::Time SqlRow::Time(int i) const {
  const std::string& text = Str(i);
  absl::Time t;
  std::string err;
  if (!absl::ParseTime("%Y-%m-%d %H:%M:%E*S", text, absl::UTCTimeZone(), &t, &err)) {
    throw MalformedRowError(absl::StrCat("column ", i, " holds '", text.substr(0, 40), "', not a DATETIME"));
  }
  return t;
}

absl::CivilDay SqlRow::Day(int i) const {
  const std::string& text = Str(i);
  absl::CivilDay d;
  if (!absl::ParseCivilTime(absl::string_view(text).substr(0, 10), &d)) {
    throw MalformedRowError(absl::StrCat("column ", i, " holds '", text.substr(0, 40), "', not a DATE"));
  }
  return d;
}

std::optional<absl::CivilDay> SqlRow::OptDay(int i) const {
  if (IsNull(i)) return std::nullopt;
  return Day(i);
}

std::string FormatSqlTime(absl::Time t) { return absl::FormatTime("%Y-%m-%d %H:%M:%E6S", t, absl::UTCTimeZone()); }

int SqlErrorNumber(const absl::Status& status) {
  auto payload = status.GetPayload(kSqlErrnoPayload);
  int number = 0;
  if (payload) absl::SimpleAtoi(std::string(*payload), &number);
  return number;
}

absl::Status RetryableConflict(absl::string_view what) {
  return WithErrno(absl::AbortedError(absl::StrCat("transaction conflict: ", what)), kErLockDeadlock);
}

int64_t ThreadRoundTrips() { return thread_round_trips; }

bool InTransaction() { return thread_transaction_depth > 0; }

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
  // Held writes go with their COMMIT as one batch (Tx::Defer); only that path sends several
  // statements at once, and it writes every value as a hex or numeric literal.
  props["CLIENT_MULTI_STATEMENTS"] = true;
  props["OPT_CONNECT_TIMEOUT"] = static_cast<int>(absl::ToInt64Seconds(o.connect_timeout));
  props["OPT_READ_TIMEOUT"] = static_cast<int>(absl::ToInt64Seconds(o.io_timeout));
  props["OPT_WRITE_TIMEOUT"] = static_cast<int>(absl::ToInt64Seconds(o.io_timeout));
  try {
    std::unique_ptr<sql::Connection> conn(Driver()->connect(props));
    SetSession(conn.get(), o);
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
  try {
    // Raw connections run DDL and GRANT too, which the server cannot prepare everywhere:
    // parameterless statements go as plain text.
    if (params.empty()) {
      std::unique_ptr<sql::Statement> stmt(conn->createStatement());
      if (!stmt->execute(std::string(sql))) return std::vector<SqlRow>{};
      std::unique_ptr<sql::ResultSet> rs(stmt->getResultSet());
      return ReadRows(rs.get());
    }
    std::unique_ptr<sql::PreparedStatement> stmt(conn->prepareStatement(std::string(sql)));
    std::vector<std::unique_ptr<std::istringstream>> blobs;
    Bind(stmt.get(), params, blobs);
    if (!stmt->execute()) return std::vector<SqlRow>{};
    std::unique_ptr<sql::ResultSet> rs(stmt->getResultSet());
    return ReadRows(rs.get());
  } catch (const std::exception& e) {
    return TranslateException(e, sql, &broken);
  }
}

absl::StatusOr<std::vector<std::vector<SqlRow>>> Tx::QueryAndCommit(const std::vector<SqlStatement>& reads) {
  if (committed_) return absl::InternalError("the transaction has committed already");
  if (sent_ || !deferred_.empty()) {
    return absl::InternalError("QueryAndCommit must be a transaction's only exchange");
  }
  std::vector<std::string> texts;
  for (const SqlStatement& r : reads) {
    // The COMMIT runs whatever the batch held: a write sent here would be committed even when
    // its result is then refused below.
    if (!absl::StartsWithIgnoreCase(r.sql, "SELECT ")) {
      return absl::InternalError(absl::StrCat("QueryAndCommit takes plain SELECTs [", r.sql.substr(0, 200), "]"));
    }
    absl::StatusOr<std::string> text = Inline(r.sql, r.params);
    if (!text.ok()) return text.status();
    texts.push_back(*std::move(text));
  }
  const std::string batch = absl::StrCat(absl::StrJoin(texts, ";\n"), ";\nCOMMIT");
  sent_ = true;
  std::vector<std::vector<SqlRow>> results;
  size_t at = 0;  // the statement whose outcome is being read
  conn_->CountRoundTrip();
  try {
    std::unique_ptr<sql::Statement> stmt(conn_->raw()->createStatement());
    bool has_rows = stmt->execute(batch);
    for (at = 0; at < reads.size(); ++at) {
      if (at > 0) has_rows = stmt->getMoreResults();
      if (!has_rows) {
        broken_ = true;  // the batch's later results are unread: the connection cannot be reused
        return absl::InternalError(absl::StrCat("not a query [", reads[at].sql.substr(0, 200), "]"));
      }
      std::unique_ptr<sql::ResultSet> rs(stmt->getResultSet());
      results.push_back(ReadRows(rs.get()));
    }
    stmt->getMoreResults();  // the COMMIT's outcome
  } catch (const std::exception& e) {
    return TranslateException(e, at < reads.size() ? absl::string_view(reads[at].sql) : "COMMIT", &broken_);
  }
  committed_ = true;
  return results;
}

absl::StatusOr<std::vector<SqlRow>> Tx::Query(absl::string_view sql, const std::vector<SqlParam>& params) {
  if (committed_) return absl::InternalError("the transaction has committed already");
  if (absl::Status flushed = Flush(false); !flushed.ok()) return flushed;
  sent_ = true;
  return RunPrepared(conn_, sql, params, &broken_, nullptr);
}

absl::StatusOr<SqlRow> Tx::QueryOne(absl::string_view sql, const std::vector<SqlParam>& params) {
  absl::StatusOr<std::vector<SqlRow>> rows = Query(sql, params);
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return absl::NotFoundError("no row");
  return std::move(rows->front());
}

absl::StatusOr<int64_t> Tx::Exec(absl::string_view sql, const std::vector<SqlParam>& params) {
  if (committed_) return absl::InternalError("the transaction has committed already");
  if (absl::Status flushed = Flush(false); !flushed.ok()) return flushed;
  sent_ = true;
  int64_t affected = 0;
  absl::StatusOr<std::vector<SqlRow>> r = RunPrepared(conn_, sql, params, &broken_, &affected);
  if (!r.ok()) return r.status();
  return affected;
}

void Tx::Defer(absl::string_view sql, const std::vector<SqlParam>& params,
               std::function<absl::Status(absl::Status)> on_error) {
  absl::StatusOr<std::string> text = Inline(sql, params);
  if (!text.ok()) {
    if (deferred_failure_.ok()) deferred_failure_ = text.status();
    return;
  }
  // No placeholder before or after an INSERT's rows: its inlined text has the template's head and tail.
  const internal::InsertShape shape = internal::ShapeOfInsert(sql);
  deferred_.push_back({*std::move(text), std::move(on_error), shape});
}

absl::Status Tx::Flush(bool commit) {
  if (!deferred_failure_.ok()) return deferred_failure_;
  if (deferred_.empty()) {
    if (!commit) return absl::OkStatus();
    conn_->CountRoundTrip();
    try {
      conn_->raw()->commit();
    } catch (const std::exception& e) {
      return TranslateException(e, "COMMIT", &broken_);
    }
    return absl::OkStatus();
  }
  std::vector<Deferred> held = std::move(deferred_);
  deferred_.clear();
  std::vector<absl::string_view> statements;
  for (const Deferred& d : held) statements.push_back(d.sql);
  size_t failed = 0;
  absl::Status status = Send(statements, commit, &failed);
  if (status.ok()) return status;
  if (failed < held.size() && held[failed].on_error) status = held[failed].on_error(std::move(status));
  deferred_failure_ = status;
  return status;
}

absl::Status Tx::Send(const std::vector<absl::string_view>& held, bool commit, size_t* failed) {
  std::string text = absl::StrJoin(held, ";\n");
  if (commit) text.append(";\nCOMMIT");
  const size_t statements = held.size() + (commit ? 1 : 0);
  size_t at = 0;  // the statement whose outcome is being read
  conn_->CountRoundTrip();
  try {
    std::unique_ptr<sql::Statement> stmt(conn_->raw()->createStatement());
    stmt->execute(text);
    // The server stops at the first failure and reports it in that statement's place.
    for (at = 1; at < statements; ++at) stmt->getMoreResults();
  } catch (const std::exception& e) {
    *failed = at;
    return TranslateException(e, at < held.size() ? held[at] : "COMMIT", &broken_);
  }
  return absl::OkStatus();
}

size_t Tx::HeldBytes() const {
  size_t bytes = 0;
  for (const Deferred& d : deferred_) bytes += d.sql.size() + 2;
  return bytes;
}

absl::Status Tx::FlushTogether(const std::vector<Tx*>& others) {
  std::vector<std::vector<internal::HeldWrite>> members;
  for (const Tx* tx : others) {
    members.emplace_back();
    for (const Deferred& d : tx->deferred_) members.back().push_back({d.sql, d.shape});
  }
  members.emplace_back();
  for (const Deferred& d : deferred_) members.back().push_back({d.sql, d.shape});
  // A failure of a merged statement fails the group, and then each member commits alone with
  // its own statements (CommitTogether): a refusal stays its own.
  const std::vector<std::string> merged = internal::MergeInserts(members);
  size_t failed = 0;
  RETURN_IF_ERROR(Send(std::vector<absl::string_view>(merged.begin(), merged.end()), /*commit=*/true, &failed));
  for (Tx* tx : others) tx->deferred_.clear();
  deferred_.clear();
  return absl::OkStatus();
}

Database::Database(DatabaseOptions options) : options_(std::move(options)) { InitSqlDriver(); }

Database::~Database() {
  absl::MutexLock lock(&mu_);
  idle_.clear();
}

absl::StatusOr<std::unique_ptr<PooledConnection>> Database::Acquire() {
  EnsureThreadInit();
  std::unique_ptr<PooledConnection> conn;
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
      conn = std::move(idle_.back());
      idle_.pop_back();
    }
  }
  if (conn != nullptr && absl::Now() - conn->last_used() > options_.idle_check_after) {
    // Long idle: the server may have closed it (wait_timeout, a restart). Only then ping.
    conn->CountRoundTrip();
    bool valid = false;
    try {
      valid = conn->raw()->isValid();
    } catch (const std::exception&) {
      valid = false;
    }
    if (!valid) conn.reset();
  }
  if (conn != nullptr) return conn;
  // Connect outside the lock: it can take up to connect_timeout.
  absl::StatusOr<std::unique_ptr<sql::Connection>> raw = ConnectOnce(options_);
  if (raw.ok()) {
    try {
      (*raw)->setAutoCommit(false);  // once per connection; COMMIT ends each transaction
    } catch (const std::exception& e) {
      raw = TranslateException(e, "SET autocommit=0", nullptr);
    }
  }
  if (!raw.ok()) {
    absl::MutexLock lock(&mu_);
    --in_use_;
    return raw.status();
  }
  // Connecting is a handful of exchanges (handshake, auth, session settings, autocommit).
  thread_round_trips += 5;
  round_trips_.fetch_add(5, std::memory_order_relaxed);
  return std::make_unique<PooledConnection>(*std::move(raw), options_.statement_cache_size, &round_trips_, &prepares_);
}

void Database::Release(std::unique_ptr<PooledConnection> conn, bool broken) {
  absl::MutexLock lock(&mu_);
  --in_use_;
  if (broken) {
    // A lost connection usually means the server restarted: every idle one is dead too.
    idle_.clear();
    return;
  }
  conn->Touch();
  idle_.push_back(std::move(conn));
}

absl::Status Database::Transact(const std::function<absl::Status(Tx&)>& fn) {
  absl::Status status;
  for (int attempt = 1; attempt <= options_.max_attempts; ++attempt) {
    absl::StatusOr<std::unique_ptr<PooledConnection>> conn = Acquire();
    if (!conn.ok()) return conn.status();
    Tx tx(conn->get());
    bool committing = false;
    ++thread_transaction_depth;
    try {
      status = fn(tx);
      // A held write that failed fails the transaction, whatever the callback made of it.
      if (!tx.deferred_failure_.ok()) status = tx.deferred_failure_;
      if (tx.committed_ && !tx.deferred_.empty()) status = absl::InternalError("writes held after the COMMIT");
      if (status.ok() && !tx.committed_) {
        // Held writes go with the COMMIT. A connection lost here leaves it unknown whether the
        // COMMIT ran, so the transaction is not run again; a held write that deadlocked is.
        committing = true;
        status = (!tx.sent_ && !tx.deferred_.empty()) ? CommitTogether(tx) : tx.Flush(true);
      }
    } catch (const std::exception& e) {
      status = TranslateException(e, committing ? "COMMIT" : "transaction", &tx.broken_);
    }
    --thread_transaction_depth;
    if (!status.ok() && !tx.broken_) {
      try {
        (*conn)->CountRoundTrip();
        (*conn)->raw()->rollback();
      } catch (const std::exception&) {
        tx.broken_ = true;
      }
    }
    const bool broken = tx.broken_;
    Release(std::move(*conn), broken);
    if (status.ok()) return status;
    const int number = SqlErrorNumber(status);
    const bool conflict = number == kErLockDeadlock || number == kErLockWaitTimeout;
    // A connection lost before COMMIT was sent left nothing behind: safe to run again on a
    // fresh connection. One lost during COMMIT is ambiguous and is reported as is.
    const bool lost_before_commit = broken && !committing && status.code() == absl::StatusCode::kUnavailable;
    if (!(conflict || lost_before_commit) || attempt == options_.max_attempts) return status;
    {
      absl::MutexLock lock(&mu_);
      ++retries_;
    }
    absl::SleepFor(absl::Milliseconds(5 * attempt));
  }
  return status;
}

// A writes-only transaction waiting in CommitTogether, and what became of it.
struct Database::Committing {
  Tx* tx;
  bool done = false;
  bool alone = false;  // its group failed: it commits on its own connection
  absl::Status status;
};

absl::Status Database::CommitTogether(Tx& tx) {
  // A group's statements travel as one packet; keep it well under max_allowed_packet (16 MB).
  constexpr size_t kMaxGroupBytes = 4 << 20;
  Committing me{&tx};
  commit_mu_.Lock();
  commit_queue_.push_back(&me);
  auto my_turn = [&]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(commit_mu_) { return me.done || !commit_leading_; };
  while (!me.done) {
    commit_mu_.Await(absl::Condition(&my_turn));
    if (me.done) break;
    // Lead: this connection commits itself and, oldest first, whoever queued meanwhile.
    commit_leading_ = true;
    std::vector<Committing*> group = {&me};
    size_t bytes = tx.HeldBytes();
    std::vector<Committing*> rest;
    for (Committing* c : commit_queue_) {
      if (c == &me) continue;
      const size_t more = c->tx->HeldBytes();
      if (bytes + more > kMaxGroupBytes) {
        rest.push_back(c);
        continue;
      }
      bytes += more;
      group.push_back(c);
    }
    commit_queue_ = std::move(rest);
    commit_mu_.Unlock();
    absl::Status status;
    if (group.size() == 1) {
      status = tx.Flush(true);
    } else {
      std::vector<Tx*> others;
      for (size_t i = 1; i < group.size(); ++i) others.push_back(group[i]->tx);
      status = tx.FlushTogether(others);
      if (!status.ok() && !tx.broken_) {
        try {
          tx.conn_->CountRoundTrip();
          tx.conn_->raw()->rollback();
        } catch (const std::exception&) {
          tx.broken_ = true;
        }
      }
    }
    commit_mu_.Lock();
    if (group.size() > 1 && status.ok()) {
      ++grouped_commits_;
      grouped_transactions_ += static_cast<int64_t>(group.size());
    }
    for (Committing* c : group) {
      c->done = true;
      // A group that failed with its connection lost may have committed: that is every
      // member's answer, as for a COMMIT of its own. Any other failure committed nothing.
      if (group.size() > 1 && !status.ok() && !tx.broken_) {
        c->alone = true;
      } else {
        c->status = status;
      }
    }
    commit_leading_ = false;
  }
  commit_mu_.Unlock();
  if (me.alone) return tx.Flush(true);
  return me.status;
}

absl::Status Database::Ping() {
  return Read([](Tx& tx) { return tx.Query("SELECT 1").status(); });
}

PoolStats Database::Stats() const {
  PoolStats s;
  {
    absl::MutexLock lock(&mu_);
    s.size = options_.pool_size;
    s.in_use = in_use_;
    s.idle = static_cast<int>(idle_.size());
    s.waits = waits_;
    s.timeouts = timeouts_;
    s.retries = retries_;
  }
  {
    absl::MutexLock lock(&commit_mu_);
    s.grouped_transactions = grouped_transactions_;
    s.grouped_commits = grouped_commits_;
    s.waiting_to_commit = static_cast<int>(commit_queue_.size());
  }
  s.round_trips = round_trips_.load();
  s.prepares = prepares_.load();
  return s;
}

HealthProbe::HealthProbe(DatabaseOptions options) : options_(std::move(options)) {
  options_.connect_timeout = std::min(options_.connect_timeout, absl::Seconds(2));
  options_.io_timeout = std::min(options_.io_timeout, absl::Seconds(2));
}

HealthProbe::~HealthProbe() = default;

absl::Status HealthProbe::Check() {
  EnsureThreadInit();
  if (conn_ == nullptr) {
    absl::StatusOr<std::unique_ptr<sql::Connection>> conn = ConnectOnce(options_);
    if (!conn.ok()) return conn.status();
    conn_ = *std::move(conn);
  }
  absl::StatusOr<std::vector<SqlRow>> rows = RunOn(conn_.get(), "SELECT 1");
  if (!rows.ok()) {
    conn_.reset();  // reconnect on the next check
    return rows.status();
  }
  return absl::OkStatus();
}

std::string Placeholders(size_t n, absl::string_view each) {
  std::string out;
  for (size_t i = 0; i < n; ++i) absl::StrAppend(&out, i == 0 ? "" : ", ", each);
  return out;
}

namespace internal {

InsertShape ShapeOfInsert(absl::string_view sql_template) {
  constexpr absl::string_view kValues = " VALUES ";
  constexpr absl::string_view kUpsert = " ON DUPLICATE KEY UPDATE ";
  if (!absl::StartsWith(sql_template, "INSERT ")) return {};
  const size_t values = sql_template.find(kValues);
  if (values == absl::string_view::npos) return {};
  const absl::string_view head = sql_template.substr(0, values);
  const size_t rows_at = values + kValues.size();
  absl::string_view rows = sql_template.substr(rows_at);
  absl::string_view tail;
  if (const size_t upsert = rows.find(kUpsert); upsert != absl::string_view::npos) {
    tail = rows.substr(upsert);
    rows = rows.substr(0, upsert);
  }
  if (absl::StrContains(head, '?') || absl::StrContains(head, " SELECT ") || absl::StrContains(tail, '?') ||
      !absl::StartsWith(rows, "(") || !absl::EndsWith(rows, ")")) {
    return {};
  }
  return {rows_at, tail.size()};
}

std::vector<std::string> MergeInserts(const std::vector<std::vector<HeldWrite>>& members) {
  struct Statement {
    std::string text;
    size_t tail_size = 0;  // rows joining it go before its tail
  };
  std::vector<Statement> out;
  // The statements of `out` that are INSERTs, by head and tail (all but their rows), in order.
  absl::flat_hash_map<std::string, std::vector<size_t>> same_shape;
  for (const std::vector<HeldWrite>& member : members) {
    size_t after = 0;  // this member's next statement goes at or after this index
    for (const HeldWrite& w : member) {
      const InsertShape& shape = w.shape;
      if (shape.rows_at != std::string::npos) {
        const size_t rows_end = w.sql.size() - shape.tail_size;
        std::vector<size_t>& same =
            same_shape[absl::StrCat(w.sql.substr(0, shape.rows_at), "\n", w.sql.substr(rows_end))];
        auto first = std::lower_bound(same.begin(), same.end(), after);  // the earliest it may join
        if (first != same.end()) {
          Statement& joined = out[*first];
          joined.text.insert(joined.text.size() - joined.tail_size,
                             absl::StrCat(", ", w.sql.substr(shape.rows_at, rows_end - shape.rows_at)));
          after = *first + 1;
          continue;
        }
        same.push_back(out.size());
      }
      out.push_back({std::string(w.sql), shape.rows_at != std::string::npos ? shape.tail_size : 0});
      after = out.size();
    }
  }
  std::vector<std::string> statements;
  for (Statement& s : out) statements.push_back(std::move(s.text));
  return statements;
}

}  // namespace internal
}  // namespace xianfu
