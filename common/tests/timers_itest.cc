#include <sys/wait.h>
#include <unistd.h>

#include "absl/strings/str_cat.h"
#include "common/timers.h"
#include "gtest/gtest.h"
#include "tests/support/test_env.h"

namespace xianfu {
namespace {

using ::xianfu::testing::MigrateForTest;
using ::xianfu::testing::TestDatabase;

const absl::Time kT0 = absl::FromUnixSeconds(1790000000);

class TimersTest : public ::testing::Test {
 protected:
  TimersTest() {
    MigrateForTest(db_);
    db_.AdminExec("CREATE TABLE " + db_.name() +
                  ".fired_log (timer_id BIGINT NOT NULL, replica VARCHAR(64) NOT NULL, due_at DATETIME(6) NOT NULL)");
    db_.AdminExec("GRANT SELECT, INSERT ON " + db_.name() + ".fired_log TO '" + db_.app().user + "'@'%'");
    database_ = std::make_unique<Database>(db_.app());
  }

  void Schedule(const std::string& subject, absl::Time due) {
    ASSERT_TRUE(database_->Transact([&](Tx& tx) { return ScheduleTimer(tx, "test.count", subject, due); }).ok());
  }

  static TimerRunner::Handler LogFiring(const std::string& replica) {
    return [replica](Tx& tx, const Timer& t) {
      return tx.Exec("INSERT INTO fired_log (timer_id, replica, due_at) VALUES (?, ?, ?)", {t.id, replica, t.due_at})
          .status();
    };
  }

  int64_t Count(const std::string& sql) { return db_.AdminQuery(sql)[0].Int(0); }

  TestDatabase db_;
  std::unique_ptr<Database> database_;
};

TEST_F(TimersTest, FiresOnlyWhenDueAndOnlyOnce) {
  FakeClock clock(kT0);
  TimerRunner runner(database_.get(), &clock, "r1");
  runner.Register("test.count", LogFiring("r1"));
  Schedule("countersigns/1", kT0 + absl::Hours(1));
  EXPECT_EQ(*runner.RunDue(), 0);
  clock.Advance(absl::Hours(1));
  EXPECT_EQ(*runner.RunDue(), 1);
  EXPECT_EQ(*runner.RunDue(), 0);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM " + db_.name() + ".fired_log"), 1);
}

// A verb's timers go as one statement: each is armed, and a later one of the same kind and
// subject moves the earlier one, as when armed one after another.
TEST_F(TimersTest, SeveralArmedAtOnceLaterOfTheSameSubjectWins) {
  ASSERT_TRUE(database_
                  ->Transact([&](Tx& tx) {
                    ScheduleTimers(tx, {{"test.count", "tasks/1", kT0 + absl::Hours(1), "", "cal-1"},
                                        {"test.count", "tasks/2", kT0 + absl::Hours(2), "", "cal-1"},
                                        {"test.count", "tasks/1", kT0 + absl::Hours(3), "moved", "cal-2"}});
                    return absl::OkStatus();
                  })
                  .ok());
  auto rows = db_.AdminQuery("SELECT subject, due_at, payload, calendar_version FROM " + db_.name() +
                             ".timers WHERE state = 'pending' ORDER BY subject");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].Str(0), "tasks/1");
  EXPECT_EQ(rows[0].Time(1), kT0 + absl::Hours(3));
  EXPECT_EQ(rows[0].Str(2), "moved");
  EXPECT_EQ(rows[0].Str(3), "cal-2");
  EXPECT_EQ(rows[1].Str(0), "tasks/2");
  EXPECT_EQ(rows[1].Time(1), kT0 + absl::Hours(2));
}

TEST_F(TimersTest, TimerDueWhileDownFiresOnRecoveryWithOriginalDueTime) {
  Schedule("countersigns/7", kT0);
  // The process was down for three days; a new one starts.
  FakeClock clock(kT0 + absl::Hours(72));
  TimerRunner runner(database_.get(), &clock, "after-restart");
  runner.Register("test.count", LogFiring("after-restart"));
  EXPECT_EQ(*runner.RunDue(), 1);
  auto rows = db_.AdminQuery("SELECT due_at FROM " + db_.name() + ".fired_log");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].Time(0), kT0);
  auto timer = db_.AdminQuery("SELECT state, fired_at, fired_by FROM " + db_.name() + ".timers");
  EXPECT_EQ(timer[0].Str(0), "fired");
  EXPECT_EQ(timer[0].Time(1), kT0 + absl::Hours(72));
  EXPECT_EQ(timer[0].Str(2), "after-restart");
}

TEST_F(TimersTest, FailingHandlerRollsBackAndBacksOff) {
  FakeClock clock(kT0);
  TimerRunner runner(database_.get(), &clock, "r1");
  int calls = 0;
  runner.Register("test.count", [&](Tx& tx, const Timer& t) -> absl::Status {
    ++calls;
    absl::Status logged = LogFiring("r1")(tx, t);
    if (!logged.ok()) return logged;
    if (calls == 1) return absl::FailedPreconditionError("not yet");
    return absl::OkStatus();
  });
  Schedule("countersigns/2", kT0);
  EXPECT_EQ(*runner.RunDue(), 1);                                            // handled: failed, put back
  EXPECT_EQ(Count("SELECT COUNT(*) FROM " + db_.name() + ".fired_log"), 0);  // rolled back
  EXPECT_EQ(*runner.RunDue(), 0);                                            // backing off
  clock.Advance(absl::Minutes(1));
  EXPECT_EQ(*runner.RunDue(), 1);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM " + db_.name() + ".fired_log"), 1);
  auto timer = db_.AdminQuery("SELECT state, attempts FROM " + db_.name() + ".timers");
  EXPECT_EQ(timer[0].Str(0), "fired");
  EXPECT_EQ(timer[0].Int(1), 2);
}

TEST_F(TimersTest, CancelledAndRescheduledTimers) {
  FakeClock clock(kT0 + absl::Hours(2));
  TimerRunner runner(database_.get(), &clock, "r1");
  runner.Register("test.count", LogFiring("r1"));
  Schedule("a", kT0);
  ASSERT_TRUE(database_->Transact([](Tx& tx) { return CancelTimer(tx, "test.count", "a"); }).ok());
  Schedule("b", kT0);
  Schedule("b", kT0 + absl::Hours(5));  // moved later: one timer, not two
  EXPECT_EQ(*runner.RunDue(), 0);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM " + db_.name() + ".timers"), 2);
}

TEST_F(TimersTest, TwoProcessesNeverFireTheSameTimerTwice) {
  constexpr int kTimers = 1200;
  ASSERT_TRUE(database_
                  ->Transact([&](Tx& tx) -> absl::Status {
                    for (int i = 0; i < kTimers; ++i) {
                      absl::Status s =
                          ScheduleTimer(tx, "test.count", absl::StrCat("subjects/", i), kT0 - absl::Seconds(i % 7));
                      if (!s.ok()) return s;
                    }
                    return absl::OkStatus();
                  })
                  .ok());
  database_.reset();  // no connection crosses the fork

  std::vector<pid_t> children;
  for (int p = 0; p < 2; ++p) {
    pid_t pid = fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      // Child: an independent timer loop with its own pool, like a second replica.
      DatabaseOptions options = db_.app();
      Database db(options);
      FakeClock clock(kT0);
      std::string name = absl::StrCat("proc-", p);
      TimerRunner runner(&db, &clock, name);
      runner.Register("test.count", LogFiring(name));
      int idle_rounds = 0;
      while (idle_rounds < 3) {
        absl::StatusOr<int> n = runner.RunDue(50);
        if (!n.ok()) _exit(2);
        idle_rounds = *n == 0 ? idle_rounds + 1 : 0;
      }
      _exit(0);
    }
    children.push_back(pid);
  }
  for (pid_t pid : children) {
    int status = 0;
    waitpid(pid, &status, 0);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  }
  const std::string log = db_.name() + ".fired_log";
  EXPECT_EQ(Count("SELECT COUNT(*) FROM " + log), kTimers);
  EXPECT_EQ(Count("SELECT COUNT(DISTINCT timer_id) FROM " + log), kTimers);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM " + db_.name() + ".timers WHERE state <> 'fired'"), 0);
  // Both replicas did a share of the work.
  EXPECT_EQ(Count("SELECT COUNT(DISTINCT replica) FROM " + log), 2);
}

}  // namespace
}  // namespace xianfu
