// Versioned, checksummed, forward-only schema migrations, one DDL statement per file
// (<svc>/migrations/V0001__create_officials.sql): DDL is not transactional, so a file is the
// unit that either happened or did not.
#ifndef XIANFU_COMMON_MIGRATE_H_
#define XIANFU_COMMON_MIGRATE_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/db.h"

namespace xianfu {

struct MigrationFile {
  int version = 0;
  std::string name;  // "create_officials"
  std::string sql;
  std::string checksum;  // sha256 hex of the file bytes
};

// Reads and validates V<NNNN>__<name>.sql files: names, no gaps, no duplicates, not empty.
absl::StatusOr<std::vector<MigrationFile>> ReadMigrations(const std::string& directory);

// The platform's own tables (request log, audit, outbox, inbox, timers) come from
// common/migrations as module "platform"; each service adds its own module after it.
struct MigrationSet {
  std::string module;
  std::vector<MigrationFile> files;
};

struct MigrationReport {
  int applied_now = 0;
  int already_applied = 0;
  std::string schema_version;  // "personnel V0007", "" when none
};

// Applies pending migrations under a named lock so replicas can start together. Refuses, with
// a message saying what to do, when an applied file was changed or removed, or when an
// earlier run stopped half-way (state in_progress).
// Then grants the running user only what it needs: SELECT/INSERT/UPDATE/DELETE on the
// service's tables, SELECT/INSERT on append-only tables (names starting "audit_"), and SELECT
// on the history table.
absl::StatusOr<MigrationReport> Migrate(const DatabaseOptions& migrator, const std::vector<MigrationSet>& sets,
                                        const std::string& runtime_user);

}  // namespace xianfu

#endif  // XIANFU_COMMON_MIGRATE_H_
