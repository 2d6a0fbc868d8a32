#include <latch>
#include <thread>

#include "common/db.h"
#include "gtest/gtest.h"
#include "tests/support/test_env.h"

namespace xianfu {
namespace {

using ::xianfu::testing::PrivateMariaDb;
using ::xianfu::testing::TestDatabase;

class DatabaseTest : public ::testing::Test {
 protected:
  DatabaseTest() {
    db_.AdminExec("CREATE TABLE " + db_.name() +
                  ".accounts (id BIGINT PRIMARY KEY, owner VARCHAR(64) NOT NULL, balance BIGINT NOT NULL)"
                  " DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci");
    db_.AdminExec("INSERT INTO " + db_.name() + ".accounts VALUES (1, '县财政局', 100), (2, '县商务局', 100)");
    db_.AdminExec("GRANT SELECT, INSERT, UPDATE, DELETE ON " + db_.name() + ".* TO '" + db_.app().user + "'@'%'");
  }
  TestDatabase db_;
};

TEST_F(DatabaseTest, CommitsOnOkAndRollsBackOnError) {
  Database database(db_.app());
  ASSERT_TRUE(database
                  .Transact([](Tx& tx) {
                    return tx.Exec("UPDATE accounts SET balance = balance - 10 WHERE id = ?", {int64_t{1}}).status();
                  })
                  .ok());
  absl::Status refused = database.Transact([](Tx& tx) -> absl::Status {
    absl::StatusOr<int64_t> n = tx.Exec("UPDATE accounts SET balance = 0 WHERE id = ?", {int64_t{2}});
    if (!n.ok()) return n.status();
    return absl::FailedPreconditionError("domain said no");
  });
  EXPECT_EQ(refused.code(), absl::StatusCode::kFailedPrecondition);
  absl::StatusOr<std::vector<SqlRow>> rows;
  ASSERT_TRUE(database
                  .Transact([&](Tx& tx) {
                    rows = tx.Query("SELECT owner, balance FROM accounts ORDER BY id");
                    return rows.status();
                  })
                  .ok());
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_EQ((*rows)[0].Str(0), "县财政局");  // utf8mb4 round trip
  EXPECT_EQ((*rows)[0].Int(1), 90);
  EXPECT_EQ((*rows)[1].Int(1), 100);  // rolled back
}

TEST_F(DatabaseTest, DeadlockedTransactionIsRetriedWhole) {
  Database database(db_.app());
  std::latch both_hold_first_lock(2);
  auto transfer = [&](int64_t first, int64_t second) {
    bool first_attempt = true;
    return database.Transact([&](Tx& tx) -> absl::Status {
      absl::StatusOr<int64_t> a = tx.Exec("UPDATE accounts SET balance = balance - 1 WHERE id = ?", {first});
      if (!a.ok()) return a.status();
      if (first_attempt) {
        first_attempt = false;
        both_hold_first_lock.arrive_and_wait();
      }
      return tx.Exec("UPDATE accounts SET balance = balance + 1 WHERE id = ?", {second}).status();
    });
  };
  absl::Status s1, s2;
  std::thread t1([&] { s1 = transfer(1, 2); });
  std::thread t2([&] { s2 = transfer(2, 1); });
  t1.join();
  t2.join();
  EXPECT_TRUE(s1.ok()) << s1;
  EXPECT_TRUE(s2.ok()) << s2;
  EXPECT_GE(database.Stats().retries, 1);
  auto rows = db_.AdminQuery("SELECT SUM(balance) FROM " + db_.name() + ".accounts");
  EXPECT_EQ(rows[0].Int(0), 200);  // each transfer applied exactly once
}

TEST_F(DatabaseTest, FullPoolGivesUnavailableAfterAcquireTimeout) {
  DatabaseOptions options = db_.app();
  options.pool_size = 1;
  options.acquire_timeout = absl::Milliseconds(100);
  Database database(options);
  std::latch holding(1), release(1);
  std::thread holder([&] {
    database
        .Transact([&](Tx& tx) {
          holding.count_down();
          release.wait();
          return absl::OkStatus();
        })
        .IgnoreError();
  });
  holding.wait();
  absl::Status busy = database.Ping();
  EXPECT_EQ(busy.code(), absl::StatusCode::kUnavailable);
  EXPECT_NE(busy.message().find("busy"), absl::string_view::npos);
  release.count_down();
  holder.join();
  EXPECT_TRUE(database.Ping().ok());
  EXPECT_EQ(database.Stats().timeouts, 1);
}

TEST(DatabaseRestartTest, PoolRecoversWhenMariaDbRestarts) {
  PrivateMariaDb server;
  Database database(server.admin());
  ASSERT_TRUE(database.Ping().ok());
  ASSERT_TRUE(database.Ping().ok());  // leaves an idle pooled connection behind
  server.Stop();
  absl::Status down = database.Ping();
  EXPECT_EQ(down.code(), absl::StatusCode::kUnavailable) << down;
  server.Start();
  absl::Status up = database.Ping();
  EXPECT_TRUE(up.ok()) << up;
}

}  // namespace
}  // namespace xianfu
