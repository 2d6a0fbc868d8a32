#include "common/migrate.h"

#include <cppconn/connection.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/strip.h"
#include "common/config_file.h"
#include "common/log.h"

namespace xianfu {
namespace {

constexpr char kHistoryTable[] = "schema_history";

std::string VersionLabel(int version) { return absl::StrFormat("V%04d", version); }

// Backquote an identifier that came from our own config (database and user names).
absl::StatusOr<std::string> SafeIdentifier(const std::string& name) {
  static const std::regex kIdentifier("^[A-Za-z0-9_]{1,64}$");
  if (!std::regex_match(name, kIdentifier)) {
    return absl::InvalidArgumentError(absl::StrCat("not a plain identifier: '", name, "'"));
  }
  return name;
}

}  // namespace

absl::StatusOr<std::vector<MigrationFile>> ReadMigrations(const std::string& directory) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_directory(directory, ec)) {
    return absl::FailedPreconditionError(absl::StrCat("migrations directory not found: ", directory));
  }
  static const std::regex kName(R"(^V(\d{4})__([a-z0-9_]+)\.sql$)");
  std::map<int, MigrationFile> by_version;
  for (const auto& entry : fs::directory_iterator(directory)) {
    std::string file = entry.path().filename().string();
    if (!absl::EndsWith(file, ".sql")) continue;  // READMEs and the like
    std::smatch m;
    if (!std::regex_match(file, m, kName)) {
      return absl::FailedPreconditionError(
          absl::StrCat("unexpected file in ", directory, ": ", file, " (expected V0001__snake_name.sql)"));
    }
    MigrationFile mf;
    absl::SimpleAtoi(m[1].str(), &mf.version);
    mf.name = m[2].str();
    std::ifstream in(entry.path(), std::ios::binary);
    std::stringstream content;
    content << in.rdbuf();
    std::string raw = content.str();
    mf.checksum = Sha256Hex(raw);
    mf.sql = std::string(absl::StripAsciiWhitespace(raw));
    if (absl::EndsWith(mf.sql, ";")) mf.sql.pop_back();
    if (mf.sql.empty()) {
      return absl::FailedPreconditionError(absl::StrCat("empty migration: ", file));
    }
    if (!by_version.emplace(mf.version, mf).second) {
      return absl::FailedPreconditionError(absl::StrCat("two migrations with version ", VersionLabel(mf.version)));
    }
  }
  std::vector<MigrationFile> files;
  int expected = 1;
  for (auto& [version, mf] : by_version) {
    if (version != expected) {
      return absl::FailedPreconditionError(
          absl::StrCat("migration ", VersionLabel(expected), " is missing in ", directory));
    }
    ++expected;
    files.push_back(std::move(mf));
  }
  return files;
}

absl::StatusOr<MigrationReport> Migrate(const DatabaseOptions& migrator, const std::vector<MigrationSet>& sets,
                                        const std::string& runtime_user) {
  absl::StatusOr<std::string> schema = SafeIdentifier(migrator.schema);
  if (!schema.ok()) return schema.status();
  absl::StatusOr<std::string> app_user = SafeIdentifier(runtime_user);
  if (!app_user.ok()) return app_user.status();

  absl::StatusOr<std::unique_ptr<sql::Connection>> conn = ConnectOnce(migrator);
  if (!conn.ok()) return conn.status();
  sql::Connection* c = conn->get();
  c->setAutoCommit(true);

  const std::string lock_name = absl::StrCat("xianfu.migrate.", *schema);
  absl::StatusOr<std::vector<SqlRow>> lock = RunOn(c, "SELECT GET_LOCK(?, 60)", {lock_name});
  if (!lock.ok()) return lock.status();
  if (lock->empty() || lock->front().Int(0) != 1) {
    return absl::UnavailableError(
        absl::StrCat("another process holds the migration lock ", lock_name, " for over 60 s"));
  }
  // The lock is released when the connection closes, also on every early return below.

  absl::StatusOr<std::vector<SqlRow>> created =
      RunOn(c, absl::StrCat("CREATE TABLE IF NOT EXISTS ", kHistoryTable,
                            " (module VARCHAR(32) NOT NULL, version INT NOT NULL,"
                            " name VARCHAR(128) NOT NULL, checksum CHAR(64) NOT NULL,"
                            " state VARCHAR(16) NOT NULL, started_at DATETIME(6) NOT NULL,"
                            " finished_at DATETIME(6) NULL, PRIMARY KEY (module, version))"
                            " ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci"));
  if (!created.ok()) return created.status();

  MigrationReport report;
  for (const MigrationSet& set : sets) {
    absl::StatusOr<std::vector<SqlRow>> history =
        RunOn(c,
              absl::StrCat("SELECT version, name, checksum, state FROM ", kHistoryTable,
                           " WHERE module = ? ORDER BY version"),
              {set.module});
    if (!history.ok()) return history.status();
    std::map<int, const MigrationFile*> by_version;
    for (const MigrationFile& f : set.files) by_version[f.version] = &f;
    for (const SqlRow& row : *history) {
      int version = static_cast<int>(row.Int(0));
      std::string label = absl::StrCat(set.module, " ", VersionLabel(version), "__", row.Str(1));
      if (row.Str(3) != "applied") {
        return absl::FailedPreconditionError(
            absl::StrCat("migration ", label, " is half-applied (state ", row.Str(3),
                         "): an earlier run stopped while applying it. Check the schema by hand, finish or"
                         " undo the statement, then set its state to 'applied' or delete its history row."));
      }
      auto it = by_version.find(version);
      if (it == by_version.end()) {
        return absl::FailedPreconditionError(absl::StrCat("migration ", label,
                                                          " is applied in the database but its file is missing;"
                                                          " this binary is older than the schema"));
      }
      if (it->second->checksum != row.Str(2)) {
        return absl::FailedPreconditionError(absl::StrCat(
            "migration ", label, " was changed after it was applied (checksum ", row.Str(2), " in the database, ",
            it->second->checksum, " on disk). Applied migrations are immutable: revert the file and add a new one."));
      }
      ++report.already_applied;
    }
    for (const MigrationFile& f : set.files) {
      if (f.version <= static_cast<int>(history->size())) continue;
      std::string label = absl::StrCat(set.module, " ", VersionLabel(f.version), "__", f.name);
      absl::StatusOr<std::vector<SqlRow>> started =
          RunOn(c,
                absl::StrCat("INSERT INTO ", kHistoryTable,
                             " (module, version, name, checksum, state, started_at) VALUES"
                             " (?, ?, ?, ?, 'in_progress', UTC_TIMESTAMP(6))"),
                {set.module, int64_t{f.version}, f.name, f.checksum});
      if (!started.ok()) return started.status();
      absl::StatusOr<std::vector<SqlRow>> applied = RunOn(c, f.sql);
      if (!applied.ok()) {
        // One statement that failed changed nothing: forget the attempt so it can be fixed.
        RunOn(c, absl::StrCat("DELETE FROM ", kHistoryTable, " WHERE module = ? AND version = ?"),
              {set.module, int64_t{f.version}})
            .IgnoreError();
        return absl::FailedPreconditionError(
            absl::StrCat("migration ", label, " failed: ", applied.status().message()));
      }
      absl::StatusOr<std::vector<SqlRow>> finished =
          RunOn(c,
                absl::StrCat("UPDATE ", kHistoryTable,
                             " SET state = 'applied', finished_at = UTC_TIMESTAMP(6)"
                             " WHERE module = ? AND version = ?"),
                {set.module, int64_t{f.version}});
      if (!finished.ok()) return finished.status();
      LogInfo("migration_applied", {{"db", *schema}, {"migration", label}});
      ++report.applied_now;
    }
    if (!set.files.empty()) {
      absl::StrAppend(&report.schema_version, report.schema_version.empty() ? "" : ", ", set.module, " ",
                      VersionLabel(set.files.back().version));
    }
  }

  absl::StatusOr<std::vector<SqlRow>> tables =
      RunOn(c, "SELECT table_name FROM information_schema.tables WHERE table_schema = ?", {*schema});
  if (!tables.ok()) return tables.status();
  for (const SqlRow& row : *tables) {
    absl::StatusOr<std::string> table = SafeIdentifier(row.Str(0));
    if (!table.ok()) return table.status();
    std::string privileges = "SELECT, INSERT, UPDATE, DELETE";
    if (*table == kHistoryTable) {
      privileges = "SELECT";
    } else if (absl::StartsWith(*table, "audit_")) {
      privileges = "SELECT, INSERT";  // the trail is append-only for the running service
    }
    absl::StatusOr<std::vector<SqlRow>> granted =
        RunOn(c, absl::StrCat("GRANT ", privileges, " ON `", *schema, "`.`", *table, "` TO '", *app_user, "'@'%'"));
    if (!granted.ok()) {
      return absl::FailedPreconditionError(absl::StrCat("cannot grant ", privileges, " on ", *table, " to ", *app_user,
                                                        ": ", granted.status().message()));
    }
  }
  return report;
}

}  // namespace xianfu
