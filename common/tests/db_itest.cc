#include <latch>
#include <thread>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/db.h"
#include "common/escalations.h"
#include "common/record_table.h"
#include "common/status_macros.h"
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

// Account `id`'s balance, read by QueryAndCommit on a fresh transaction of `database`.
absl::StatusOr<int64_t> BalanceReadWithTheCommit(Database& database, int64_t id) {
  absl::StatusOr<int64_t> balance = absl::InternalError("not read");
  absl::Status read = database.Read([&](Tx& tx) -> absl::Status {
    ASSIGN_OR_RETURN(rows, tx.QueryAndCommit({{"SELECT balance FROM accounts WHERE id = ?", {id}}}));
    if (rows[0].empty()) return absl::NotFoundError(absl::StrCat("no account ", id));
    balance = rows[0][0].Int(0);
    return absl::OkStatus();
  });
  if (!read.ok()) return read;
  return balance;
}

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

namespace xianfu {
namespace {

TEST_F(DatabaseTest, ABugInATransactionIsInternalAtOnceAndNeverRetried) {
  Database database(db_.app());
  int attempts = 0;
  absl::Status s = database.Transact([&](Tx& tx) -> absl::Status {
    ++attempts;
    RETURN_IF_ERROR(tx.Exec("UPDATE accounts SET balance = 0 WHERE id = 1").status());
    throw std::logic_error("a store bug");
  });
  EXPECT_EQ(s.code(), absl::StatusCode::kInternal);
  EXPECT_EQ(attempts, 1);
  EXPECT_EQ(database.Stats().retries, 0);
  EXPECT_EQ(db_.AdminQuery("SELECT balance FROM " + db_.name() + ".accounts WHERE id = 1")[0].Int(0), 100);
  // A failing statement is INTERNAL too, not "unavailable".
  EXPECT_EQ(database.Transact([](Tx& tx) { return tx.Query("SELECT no_such_column FROM accounts").status(); }).code(),
            absl::StatusCode::kInternal);
}

TEST_F(DatabaseTest, MalformedRowsAreAnErrorNotZero) {
  Database database(db_.app());
  absl::Status text = database.Read([](Tx& tx) -> absl::Status {
    ASSIGN_OR_RETURN(row, tx.QueryOne("SELECT owner FROM accounts WHERE id = 1"));
    return row.Int(0) == 0 ? absl::OkStatus() : absl::OkStatus();
  });
  EXPECT_EQ(text.code(), absl::StatusCode::kInternal);
  EXPECT_NE(text.message().find("not an integer"), absl::string_view::npos);
  absl::Status null = database.Read([](Tx& tx) -> absl::Status {
    ASSIGN_OR_RETURN(row, tx.QueryOne("SELECT NULL"));
    return row.Str(0).empty() ? absl::OkStatus() : absl::OkStatus();
  });
  EXPECT_EQ(null.code(), absl::StatusCode::kInternal);
}

TEST_F(DatabaseTest, ARaceTheStoreDetectsRunsTheTransactionAgain) {
  Database database(db_.app());
  int attempts = 0;
  absl::Status s = database.Transact([&](Tx& tx) -> absl::Status {
    if (++attempts == 1) return RetryableConflict("lost a race");
    return tx.Exec("UPDATE accounts SET balance = balance + 1 WHERE id = 1").status();
  });
  EXPECT_TRUE(s.ok()) << s;
  EXPECT_EQ(attempts, 2);
  EXPECT_EQ(database.Stats().retries, 1);
}

TEST_F(DatabaseTest, StatementsArePreparedOncePerConnectionAndEachCallIsOneRoundTrip) {
  DatabaseOptions options = db_.app();
  options.pool_size = 1;
  Database database(options);
  auto read = [&] {
    return database.Read(
        [](Tx& tx) { return tx.Query("SELECT balance FROM accounts WHERE id = ?", {int64_t{1}}).status(); });
  };
  ASSERT_TRUE(read().ok());
  const PoolStats first = database.Stats();
  const int64_t thread_before = ThreadRoundTrips();
  for (int i = 0; i < 10; ++i) ASSERT_TRUE(read().ok());
  const PoolStats after = database.Stats();
  EXPECT_EQ(after.prepares, first.prepares);  // no new prepare
  // Each read: the statement executed, then COMMIT; no connection check while it is busy.
  EXPECT_EQ(after.round_trips - first.round_trips, 20);
  EXPECT_EQ(ThreadRoundTrips() - thread_before, 20);
}

TEST_F(DatabaseTest, HealthHasItsOwnConnectionSoABusyPoolIsStillHealthy) {
  DatabaseOptions options = db_.app();
  options.pool_size = 1;
  options.acquire_timeout = absl::Milliseconds(100);
  Database database(options);
  HealthProbe probe(options);
  std::latch holding(1), release(1);
  std::thread holder([&] {
    database
        .Transact([&](Tx&) {
          holding.count_down();
          release.wait();
          return absl::OkStatus();
        })
        .IgnoreError();
  });
  holding.wait();
  EXPECT_EQ(database.Ping().code(), absl::StatusCode::kUnavailable);  // the pool is busy
  EXPECT_TRUE(probe.Check().ok());                                    // the replica is not unhealthy
  release.count_down();
  holder.join();
}

TEST_F(DatabaseTest, TheThreadKnowsWhenItIsInsideATransaction) {
  Database database(db_.app());
  EXPECT_FALSE(InTransaction());
  bool inside = false;
  ASSERT_TRUE(database
                  .Transact([&](Tx&) {
                    inside = InTransaction();
                    return absl::OkStatus();
                  })
                  .ok());
  EXPECT_TRUE(inside);
  EXPECT_FALSE(InTransaction());
}

TEST_F(DatabaseTest, HeldWritesGoWithTheCommitInOneRoundTrip) {
  DatabaseOptions options = db_.app();
  options.pool_size = 1;
  Database database(options);
  ASSERT_TRUE(database.Read([](Tx& tx) { return tx.Query("SELECT 1").status(); }).ok());  // connected
  const int64_t before = database.Stats().round_trips;
  ASSERT_TRUE(database
                  .Transact([](Tx& tx) {
                    tx.Defer("INSERT INTO accounts (id, owner, balance) VALUES (?, ?, ?)",
                             {int64_t{3}, std::string("县审计局"), int64_t{5}});
                    tx.Defer("UPDATE accounts SET balance = balance + ? WHERE id = ?", {int64_t{7}, int64_t{1}});
                    return absl::OkStatus();
                  })
                  .ok());
  EXPECT_EQ(database.Stats().round_trips - before, 1);  // both writes and the COMMIT
  auto rows = db_.AdminQuery("SELECT owner, balance FROM " + db_.name() + ".accounts ORDER BY id");
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].Int(1), 107);
  EXPECT_EQ(rows[2].Str(0), "县审计局");
}

TEST_F(DatabaseTest, ReadsSentWithTheCommitAreOneRoundTripAndEndTheTransaction) {
  DatabaseOptions options = db_.app();
  options.pool_size = 1;
  Database database(options);
  ASSERT_TRUE(database.Read([](Tx& tx) { return tx.Query("SELECT 1").status(); }).ok());  // connected
  const std::string hostile = "县商务局' OR '1'='1";
  const int64_t before = database.Stats().round_trips;
  std::vector<std::vector<SqlRow>> results;
  absl::Status after_commit;
  ASSERT_TRUE(database
                  .Read([&](Tx& tx) -> absl::Status {
                    ASSIGN_OR_RETURN(
                        r, tx.QueryAndCommit({{"SELECT owner, balance FROM accounts WHERE id = ?", {int64_t{2}}},
                                              {"SELECT id FROM accounts WHERE owner = ?", {hostile}},
                                              {"SELECT COUNT(*) FROM accounts", {}}}));
                    results = std::move(r);
                    after_commit = tx.Query("SELECT 1").status();
                    return absl::OkStatus();
                  })
                  .ok());
  EXPECT_EQ(database.Stats().round_trips - before, 1);  // three reads and the COMMIT
  ASSERT_EQ(results.size(), 3u);
  ASSERT_EQ(results[0].size(), 1u);
  EXPECT_EQ(results[0][0].Str(0), "县商务局");
  EXPECT_EQ(results[0][0].Int(1), 100);
  EXPECT_TRUE(results[1].empty());  // the value stayed a value
  EXPECT_EQ(results[2][0].Int(0), 2);
  // Nothing may follow the COMMIT in the same transaction.
  EXPECT_EQ(after_commit.code(), absl::StatusCode::kInternal);
}

TEST_F(DatabaseTest, AFailedReadSentWithTheCommitFailsTheTransactionAndTheConnectionLives) {
  DatabaseOptions options = db_.app();
  options.pool_size = 1;
  Database database(options);
  absl::Status failed = database.Read([](Tx& tx) {
    return tx.QueryAndCommit({{"SELECT 1", {}}, {"SELECT no_such_column FROM accounts", {}}}).status();
  });
  EXPECT_FALSE(failed.ok());
  EXPECT_NE(failed.message().find("no_such_column"), absl::string_view::npos) << failed;
  absl::StatusOr<int64_t> again = BalanceReadWithTheCommit(database, 1);
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(*again, 100);
}

TEST_F(DatabaseTest, OnlyPlainReadsTravelWithTheCommit) {
  Database database(db_.app());
  absl::Status refused = database.Read([&](Tx& tx) {
    return tx.QueryAndCommit({{"SELECT 1", {}}, {"UPDATE accounts SET balance = 0 WHERE id = ?", {int64_t{1}}}})
        .status();
  });
  EXPECT_EQ(refused.code(), absl::StatusCode::kInternal) << refused;
  absl::StatusOr<int64_t> balance = BalanceReadWithTheCommit(database, 1);
  ASSERT_TRUE(balance.ok()) << balance.status();
  EXPECT_EQ(*balance, 100);  // the UPDATE never reached the server
}

// A List page as HandlerBase::List reads it (ReadPage): the page's one statement goes with the
// COMMIT, one round trip; its rows give the page and the token for the next.
TEST_F(DatabaseTest, APageQueryIsOneRoundTripWithItsCommitAndPagesOn) {
  db_.AdminExec("CREATE TABLE " + db_.name() +
                ".escalations (id VARCHAR(64) PRIMARY KEY, assignee VARCHAR(128) NOT NULL, state INT NOT NULL,"
                " subject VARCHAR(191) NOT NULL, create_time DATETIME(6) NULL, data LONGBLOB NOT NULL,"
                " version BIGINT NOT NULL) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci");
  DatabaseOptions options = db_.app();
  options.pool_size = 1;
  Database database(options);
  const BlobTable<common::v1::Escalation> table = EscalationTable();
  ASSERT_TRUE(database
                  .Transact([&](Tx& tx) -> absl::Status {
                    for (const char* id : {"e-1", "e-2", "e-3"}) {
                      common::v1::Escalation e;
                      e.set_name(absl::StrCat("escalations/", id));
                      e.set_assignee(id == std::string("e-2") ? "officials/li-na" : "officials/chen-li");
                      e.set_subject("documents/1");
                      RETURN_IF_ERROR(table.Write(tx, e, 0));
                    }
                    return absl::OkStatus();
                  })
                  .ok());
  auto read_page = [&](const std::string& token) -> absl::StatusOr<Page<common::v1::Escalation>> {
    ASSIGN_OR_RETURN(page, ParsePage(1, token, "escalations"));
    ASSIGN_OR_RETURN(query, table.ListQuery(Filter().Eq("assignee", "officials/chen-li"), page));
    return ReadPage(database, query);
  };
  ASSERT_TRUE(read_page("").ok());  // the connection is made and the statement prepared
  const int64_t before = database.Stats().round_trips;
  absl::StatusOr<Page<common::v1::Escalation>> first = read_page("");
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(database.Stats().round_trips - before, 1);
  ASSERT_EQ(first->items.size(), 1u);
  EXPECT_EQ(first->items[0].name(), "escalations/e-1");
  ASSERT_FALSE(first->next_page_token.empty());
  absl::StatusOr<Page<common::v1::Escalation>> second = read_page(first->next_page_token);
  ASSERT_TRUE(second.ok()) << second.status();
  ASSERT_EQ(second->items.size(), 1u);
  EXPECT_EQ(second->items[0].name(), "escalations/e-3");  // e-2 is li-na's
  absl::StatusOr<Page<common::v1::Escalation>> third = read_page(second->next_page_token);
  ASSERT_TRUE(third.ok()) << third.status();
  EXPECT_TRUE(third->items.empty());
  EXPECT_TRUE(third->next_page_token.empty());
}

TEST_F(DatabaseTest, HeldValuesArriveExactlyAsGiven) {
  db_.AdminExec("CREATE TABLE " + db_.name() +
                ".notes (id BIGINT PRIMARY KEY, body VARCHAR(200) NOT NULL, blob_value BLOB, at DATETIME(6),"
                " day DATE, flag BOOLEAN, missing BIGINT) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci");
  Database database(db_.app());
  const std::string hostile = "it's \"quoted\" ?; DROP TABLE accounts; -- \\ 勐腊";
  const std::string bytes("\0\x01'\xff?", 5);
  const absl::Time at = absl::FromUnixMicros(1796233158123456);
  ASSERT_TRUE(database
                  .Transact([&](Tx& tx) {
                    tx.Defer(
                        "INSERT INTO notes (id, body, blob_value, at, day, flag, missing) VALUES (?, ?, ?, ?, ?, ?, ?)",
                        {int64_t{1}, hostile, Bytes{bytes}, at, absl::CivilDay(2026, 12, 2), true, nullptr});
                    tx.Defer("INSERT INTO notes (id, body) VALUES (?, '?')", {int64_t{2}});  // a quoted ? is text
                    return absl::OkStatus();
                  })
                  .ok());
  absl::StatusOr<std::vector<SqlRow>> rows;
  ASSERT_TRUE(database
                  .Read([&](Tx& tx) {
                    rows = tx.Query("SELECT body, blob_value, at, day, flag, missing FROM notes ORDER BY id");
                    return rows.status();
                  })
                  .ok());
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_EQ((*rows)[0].Str(0), hostile);
  EXPECT_EQ((*rows)[0].Str(1), bytes);
  EXPECT_EQ((*rows)[0].Time(2), at);
  EXPECT_EQ((*rows)[0].Day(3), absl::CivilDay(2026, 12, 2));
  EXPECT_EQ((*rows)[0].Int(4), 1);
  EXPECT_TRUE((*rows)[0].IsNull(5));
  EXPECT_EQ((*rows)[1].Str(0), "?");
  EXPECT_EQ(db_.AdminQuery("SELECT COUNT(*) FROM " + db_.name() + ".accounts")[0].Int(0), 2);
}

TEST_F(DatabaseTest, AFailedHeldWriteFailsTheWholeTransaction) {
  Database database(db_.app());
  bool reworded = false;
  absl::Status status = database.Transact([&](Tx& tx) -> absl::Status {
    RETURN_IF_ERROR(tx.Exec("UPDATE accounts SET balance = 0 WHERE id = ?", {int64_t{2}}).status());
    tx.Defer("INSERT INTO accounts (id, owner, balance) VALUES (?, ?, ?)", {int64_t{4}, std::string("a"), int64_t{1}});
    tx.Defer("INSERT INTO accounts (id, owner, balance) VALUES (?, ?, ?)", {int64_t{1}, std::string("b"), int64_t{1}},
             [&](absl::Status s) {
               reworded = true;
               return absl::AlreadyExistsError(absl::StrCat("account 1 exists: ", s.message()));
             });
    tx.Defer("INSERT INTO accounts (id, owner, balance) VALUES (?, ?, ?)", {int64_t{5}, std::string("c"), int64_t{1}});
    return absl::OkStatus();
  });
  EXPECT_EQ(status.code(), absl::StatusCode::kAlreadyExists) << status;
  EXPECT_TRUE(reworded);
  EXPECT_TRUE(absl::StartsWith(status.message(), "account 1 exists")) << status;
  auto rows = db_.AdminQuery("SELECT id, balance FROM " + db_.name() + ".accounts ORDER BY id");
  ASSERT_EQ(rows.size(), 2u);      // neither 4 nor 5
  EXPECT_EQ(rows[1].Int(1), 100);  // the synchronous update rolled back too
}

TEST_F(DatabaseTest, AStatementAfterHeldWritesSeesThemAndTheirFailure) {
  Database database(db_.app());
  absl::StatusOr<SqlRow> seen = absl::InternalError("not read");
  ASSERT_TRUE(database
                  .Transact([&](Tx& tx) {
                    tx.Defer("UPDATE accounts SET balance = ? WHERE id = ?", {int64_t{55}, int64_t{1}});
                    seen = tx.QueryOne("SELECT balance FROM accounts WHERE id = ?", {int64_t{1}});
                    return seen.status();
                  })
                  .ok());
  EXPECT_EQ(seen->Int(0), 55);
  // A held write that fails is the answer of the next statement and of the transaction, even
  // when the callback ignores it.
  absl::Status next_statement;
  absl::Status status = database.Transact([&](Tx& tx) {
    tx.Defer("INSERT INTO accounts (id, owner, balance) VALUES (?, ?, ?)", {int64_t{2}, std::string("x"), int64_t{0}});
    next_statement = tx.Query("SELECT 1").status();
    return absl::OkStatus();
  });
  EXPECT_EQ(next_statement.code(), absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(status.code(), absl::StatusCode::kAlreadyExists);
}

TEST_F(DatabaseTest, AHeldWriteThatDeadlocksRunsTheTransactionAgain) {
  Database database(db_.app());
  std::latch both_hold_first_lock(2);
  auto transfer = [&](int64_t first, int64_t second) {
    bool first_attempt = true;
    return database.Transact([&](Tx& tx) -> absl::Status {
      RETURN_IF_ERROR(tx.Exec("UPDATE accounts SET balance = balance - 1 WHERE id = ?", {first}).status());
      if (first_attempt) {
        first_attempt = false;
        both_hold_first_lock.arrive_and_wait();
      }
      tx.Defer("UPDATE accounts SET balance = balance + 1 WHERE id = ?", {second});
      return absl::OkStatus();
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
  EXPECT_EQ(rows[0].Int(0), 200);
}

// Writes-only transactions that arrive while another commit is on its way queue behind it;
// this holds that commit back (a row lock it waits for) until the test has queued its own.
class CommitQueueTest : public DatabaseTest {
 protected:
  // Runs `queued` (transactions started together) while a writes-only transaction leads the
  // commit queue, blocked on account 1, and lets it go once they all wait behind it.
  std::vector<absl::Status> BehindABlockedCommit(Database& database,
                                                 const std::vector<std::function<absl::Status(Tx&)>>& queued,
                                                 const std::function<void()>& while_queued = nullptr) {
    std::latch holding(1), release(1);
    std::thread holder([&] {
      Database other(db_.app());
      other
          .Transact([&](Tx& tx) {
            RETURN_IF_ERROR(tx.Query("SELECT balance FROM accounts WHERE id = 1 FOR UPDATE").status());
            holding.count_down();
            release.wait();
            return absl::OkStatus();
          })
          .IgnoreError();
    });
    holding.wait();
    absl::Status leader;
    std::thread leading([&] {
      leader = database.Transact([](Tx& tx) {
        tx.Defer("UPDATE accounts SET balance = balance + 1 WHERE id = ?", {int64_t{1}});
        return absl::OkStatus();
      });
    });
    WaitUntil(
        [&] {
          return db_.AdminQuery(
                        "SELECT COUNT(*) FROM information_schema.processlist"
                        " WHERE info LIKE 'UPDATE accounts SET balance = balance + 1 %'")[0]
                     .Int(0) == 1;
        },
        "the leader waits for the row lock");
    std::vector<absl::Status> statuses(queued.size());
    std::vector<std::thread> threads;
    for (size_t i = 0; i < queued.size(); ++i) {
      threads.emplace_back([&, i] { statuses[i] = database.Transact(queued[i]); });
    }
    WaitUntil([&] { return database.Stats().waiting_to_commit == static_cast<int>(queued.size()); },
              "the others queue behind it");
    if (while_queued) while_queued();
    release.count_down();
    holder.join();
    leading.join();
    for (std::thread& t : threads) t.join();
    EXPECT_TRUE(leader.ok()) << leader;
    return statuses;
  }

  static void WaitUntil(const std::function<bool()>& condition, absl::string_view what) {
    for (int i = 0; i < 400 && !condition(); ++i) absl::SleepFor(absl::Milliseconds(10));
    EXPECT_TRUE(condition()) << "timed out waiting until " << what;
  }

  static std::function<absl::Status(Tx&)> Open(int64_t id, std::function<absl::Status(absl::Status)> on_error = {}) {
    return [id, on_error](Tx& tx) {
      tx.Defer("INSERT INTO accounts (id, owner, balance) VALUES (?, ?, ?)", {id, std::string("县审计局"), int64_t{9}},
               on_error);
      return absl::OkStatus();
    };
  }
};

TEST_F(CommitQueueTest, WritesOnlyTransactionsQueuedTogetherShareOneCommit) {
  Database database(db_.app());
  std::vector<absl::Status> statuses = BehindABlockedCommit(database, {Open(3), Open(4), Open(5)});
  for (const absl::Status& s : statuses) EXPECT_TRUE(s.ok()) << s;
  const PoolStats stats = database.Stats();
  EXPECT_EQ(stats.grouped_commits, 1);
  EXPECT_EQ(stats.grouped_transactions, 3);
  auto rows = db_.AdminQuery("SELECT id, balance FROM " + db_.name() + ".accounts ORDER BY id");
  ASSERT_EQ(rows.size(), 5u);
  EXPECT_EQ(rows[0].Int(1), 101);  // the leader's own write
  EXPECT_EQ(rows[4].Int(0), 5);
}

TEST_F(CommitQueueTest, AFailureInAGroupIsOnlyItsOwnTransactions) {
  Database database(db_.app());
  bool reworded = false;
  std::vector<absl::Status> statuses = BehindABlockedCommit(
      database, {Open(3),
                 Open(2,
                      [&](absl::Status s) {
                        reworded = true;
                        return absl::AlreadyExistsError(absl::StrCat("account 2 exists: ", s.message()));
                      }),
                 Open(4)});
  EXPECT_TRUE(statuses[0].ok()) << statuses[0];
  EXPECT_EQ(statuses[1].code(), absl::StatusCode::kAlreadyExists) << statuses[1];
  EXPECT_TRUE(reworded);  // the refusal its own commit would have given
  EXPECT_TRUE(statuses[2].ok()) << statuses[2];
  EXPECT_EQ(database.Stats().grouped_commits, 0);  // the group rolled back; each committed alone
  auto rows = db_.AdminQuery("SELECT id, owner FROM " + db_.name() + ".accounts ORDER BY id");
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows[1].Str(1), "县商务局");  // untouched
  EXPECT_EQ(rows[2].Int(0), 3);
  EXPECT_EQ(rows[3].Int(0), 4);
}

TEST_F(CommitQueueTest, ATransactionThatReadsDoesNotWaitInTheQueue) {
  Database database(db_.app());
  absl::Status reader = absl::UnknownError("did not run");
  std::vector<absl::Status> statuses = BehindABlockedCommit(database, {Open(3)}, [&] {
    // Runs while the queue is stuck: it commits on its own connection, not behind the queue.
    reader = database.Transact([](Tx& tx) {
      RETURN_IF_ERROR(tx.Query("SELECT balance FROM accounts WHERE id = ?", {int64_t{2}}).status());
      tx.Defer("UPDATE accounts SET balance = 0 WHERE id = ?", {int64_t{2}});
      return absl::OkStatus();
    });
  });
  EXPECT_TRUE(reader.ok()) << reader;
  EXPECT_TRUE(statuses[0].ok()) << statuses[0];
  EXPECT_EQ(database.Stats().grouped_transactions, 0);  // the one queued transaction went alone
}

}  // namespace
}  // namespace xianfu
