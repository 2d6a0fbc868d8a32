#include <filesystem>
#include <fstream>

#include "common/migrate.h"
#include "gtest/gtest.h"
#include "tests/support/test_env.h"

namespace xianfu {
namespace {

using ::xianfu::testing::MakeTempDir;
using ::xianfu::testing::TestDatabase;

class MigrateTest : public ::testing::Test {
 protected:
  MigrateTest() : dir_(MakeTempDir("migrations")) {
    Write("V0001__create_things.sql",
          "CREATE TABLE things (id BIGINT NOT NULL PRIMARY KEY, name VARCHAR(64) NOT NULL)");
    Write("V0002__create_audit_things.sql",
          "CREATE TABLE audit_things (id BIGINT NOT NULL PRIMARY KEY, what VARCHAR(64) NOT NULL)");
  }

  void Write(const std::string& name, const std::string& sql) { std::ofstream(dir_ + "/" + name) << sql; }

  absl::StatusOr<MigrationReport> Run() {
    absl::StatusOr<std::vector<MigrationFile>> files = ReadMigrations(dir_);
    if (!files.ok()) return files.status();
    return Migrate(db_.migrator(), {{"test", *files}}, db_.app().user);
  }

  TestDatabase db_;
  std::string dir_;
};

TEST_F(MigrateTest, FreshDatabaseGetsEveryMigration) {
  absl::StatusOr<MigrationReport> report = Run();
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(report->applied_now, 2);
  EXPECT_EQ(report->schema_version, "test V0002");
  auto rows = db_.AdminQuery("SELECT state FROM " + db_.name() + ".schema_history ORDER BY version");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].Str(0), "applied");
}

TEST_F(MigrateTest, RerunAppliesNothingAndAddsNewFiles) {
  ASSERT_TRUE(Run().ok());
  absl::StatusOr<MigrationReport> again = Run();
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(again->applied_now, 0);
  EXPECT_EQ(again->already_applied, 2);
  Write("V0003__add_things_note.sql", "ALTER TABLE things ADD COLUMN note VARCHAR(64) NULL");
  absl::StatusOr<MigrationReport> third = Run();
  ASSERT_TRUE(third.ok()) << third.status();
  EXPECT_EQ(third->applied_now, 1);
}

TEST_F(MigrateTest, TamperedAppliedFileRefusesToStart) {
  ASSERT_TRUE(Run().ok());
  Write("V0001__create_things.sql", "CREATE TABLE things (id BIGINT NOT NULL PRIMARY KEY, name VARCHAR(99) NOT NULL)");
  absl::StatusOr<MigrationReport> report = Run();
  EXPECT_EQ(report.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(report.status().message().find("changed after it was applied"), absl::string_view::npos) << report.status();
}

TEST_F(MigrateTest, HalfAppliedMigrationRefusesToStart) {
  ASSERT_TRUE(Run().ok());
  // What a crash between the DDL and the history update leaves behind.
  db_.AdminExec("UPDATE " + db_.name() + ".schema_history SET state = 'in_progress' WHERE version = 2");
  absl::StatusOr<MigrationReport> report = Run();
  EXPECT_EQ(report.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(report.status().message().find("half-applied"), absl::string_view::npos);
}

TEST_F(MigrateTest, FailedStatementLeavesNoHistoryAndReportsIt) {
  Write("V0003__broken.sql", "CREATE TABLE broken (id BIGINT NOT NULL PRIMARY KEY, x NOSUCHTYPE)");
  absl::StatusOr<MigrationReport> report = Run();
  EXPECT_EQ(report.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(report.status().message().find("V0003__broken"), absl::string_view::npos);
  auto rows = db_.AdminQuery("SELECT COUNT(*) FROM " + db_.name() + ".schema_history");
  EXPECT_EQ(rows[0].Int(0), 2);
}

TEST_F(MigrateTest, GapInVersionsIsRefused) {
  Write("V0004__gap.sql", "CREATE TABLE gap (id BIGINT PRIMARY KEY)");
  EXPECT_EQ(ReadMigrations(dir_).status().code(), absl::StatusCode::kFailedPrecondition);
}

TEST_F(MigrateTest, RunningUserHasOnlyTheRightsItNeeds) {
  ASSERT_TRUE(Run().ok());
  Database app(db_.app());
  EXPECT_TRUE(
      app.Transact([](Tx& tx) { return tx.Exec("INSERT INTO things (id, name) VALUES (1, 'a')").status(); }).ok());
  EXPECT_TRUE(
      app.Transact([](Tx& tx) { return tx.Exec("INSERT INTO audit_things (id, what) VALUES (1, 'x')").status(); })
          .ok());
  absl::Status update =
      app.Transact([](Tx& tx) { return tx.Exec("UPDATE audit_things SET what = 'y' WHERE id = 1").status(); });
  EXPECT_FALSE(update.ok());
  absl::Status remove = app.Transact([](Tx& tx) { return tx.Exec("DELETE FROM audit_things WHERE id = 1").status(); });
  EXPECT_FALSE(remove.ok());
  absl::Status ddl = app.Transact([](Tx& tx) { return tx.Exec("DROP TABLE things").status(); });
  EXPECT_FALSE(ddl.ok());
  absl::Status history = app.Transact([](Tx& tx) { return tx.Exec("DELETE FROM schema_history").status(); });
  EXPECT_FALSE(history.ok());
}

TEST_F(MigrateTest, ConcurrentStartersApplyEachMigrationOnce) {
  std::vector<std::thread> threads;
  std::vector<absl::StatusOr<MigrationReport>> reports(3, absl::UnknownError("not run"));
  for (int i = 0; i < 3; ++i) threads.emplace_back([&, i] { reports[i] = Run(); });
  for (auto& t : threads) t.join();
  int applied = 0;
  for (const auto& r : reports) {
    ASSERT_TRUE(r.ok()) << r.status();
    applied += r->applied_now;
  }
  EXPECT_EQ(applied, 2);
}

}  // namespace
}  // namespace xianfu
