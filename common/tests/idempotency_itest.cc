#include "common/idempotency.h"
#include "common/migrate.h"
#include "common/record_table.h"
#include "gtest/gtest.h"
#include "tests/support/test_env.h"
#include "xianfu/admin/v1/admin.pb.h"

namespace xianfu {
namespace {

using ::xianfu::testing::TestDatabase;

// Uses the platform's real request_log migration and a small versioned table.
class IdempotencyTest : public ::testing::Test {
 protected:
  IdempotencyTest() {
    absl::StatusOr<std::vector<MigrationFile>> files =
        ReadMigrations(std::string(XIANFU_SOURCE_DIR) + "/common/migrations");
    EXPECT_TRUE(files.ok()) << files.status();
    db_.AdminExec("CREATE TABLE " + db_.name() +
                  ".counters (id BIGINT PRIMARY KEY, value BIGINT NOT NULL, version BIGINT NOT NULL)");
    db_.AdminExec("INSERT INTO " + db_.name() + ".counters VALUES (1, 0, 1)");
    absl::StatusOr<MigrationReport> report = Migrate(db_.migrator(), {{"platform", *files}}, db_.app().user);
    EXPECT_TRUE(report.ok()) << report.status();
    database_ = std::make_unique<Database>(db_.app());
    caller_.subject = "officials/wang-hai";
  }

  // An "increment" request, run as HandlerBase::Run runs a verb: the change and its stored
  // response in one transaction, a failure answered by StoredAnswerOr. The response echoes the
  // new value in build_version.
  absl::Status Increment(const std::string& request_id, const std::string& payload, admin::v1::ServiceInfo* response,
                         bool fail = false) {
    admin::v1::SetTimeRequest request;  // any message works as a request
    request.mutable_time()->set_seconds(payload.size());
    const RequestKey key = KeyOf(caller_, "Increment", request_id, request);
    absl::Status acted = database_->Transact([&](Tx& tx) -> absl::Status {
      absl::StatusOr<int64_t> n = tx.Exec("UPDATE counters SET value = value + 1, version = version + 1 WHERE id = 1");
      if (!n.ok()) return n.status();
      if (fail) return absl::FailedPreconditionError("refused");
      absl::StatusOr<SqlRow> row = tx.QueryOne("SELECT value FROM counters WHERE id = 1");
      if (!row.ok()) return row.status();
      response->set_build_version(row->Str(0));
      return StoreResponse(tx, key, *response);
    });
    return acted.ok() ? acted : StoredAnswerOr(*database_, key, response, acted);
  }

  int64_t Value() { return db_.AdminQuery("SELECT value FROM " + db_.name() + ".counters")[0].Int(0); }

  TestDatabase db_;
  std::unique_ptr<Database> database_;
  Caller caller_;
};

TEST_F(IdempotencyTest, RetryWithSameRequestIdReturnsFirstResponseWithoutActing) {
  admin::v1::ServiceInfo first, second;
  ASSERT_TRUE(Increment("req-1", "a", &first).ok());
  ASSERT_TRUE(Increment("req-1", "a", &second).ok());
  EXPECT_EQ(first.build_version(), "1");
  EXPECT_EQ(second.build_version(), "1");
  EXPECT_EQ(Value(), 1);
  admin::v1::ServiceInfo third;
  ASSERT_TRUE(Increment("req-2", "a", &third).ok());
  EXPECT_EQ(third.build_version(), "2");
}

TEST_F(IdempotencyTest, FailedRequestMayBeRetried) {
  admin::v1::ServiceInfo response;
  EXPECT_EQ(Increment("req-9", "a", &response, /*fail=*/true).code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(Value(), 0);  // rolled back, nothing stored
  ASSERT_TRUE(Increment("req-9", "a", &response).ok());
  EXPECT_EQ(Value(), 1);
}

TEST_F(IdempotencyTest, SameRequestIdForDifferentRequestIsRefused) {
  admin::v1::ServiceInfo response;
  ASSERT_TRUE(Increment("req-3", "a", &response).ok());
  absl::Status reused = Increment("req-3", "different", &response);
  EXPECT_EQ(reused.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Value(), 1);
}

TEST_F(IdempotencyTest, ConcurrentRetriesActOnce) {
  std::vector<std::thread> threads;
  std::vector<admin::v1::ServiceInfo> responses(4);
  std::vector<absl::Status> statuses(4);
  for (int i = 0; i < 4; ++i) {
    threads.emplace_back([&, i] { statuses[i] = Increment("req-c", "a", &responses[i]); });
  }
  for (auto& t : threads) t.join();
  for (int i = 0; i < 4; ++i) {
    EXPECT_TRUE(statuses[i].ok()) << statuses[i];
    EXPECT_EQ(responses[i].build_version(), "1");
  }
  EXPECT_EQ(Value(), 1);
}

TEST_F(IdempotencyTest, StaleEtagIsAborted) {
  EXPECT_TRUE(CheckEtag(EtagOf(1), 1, true).ok());
  EXPECT_EQ(CheckEtag(EtagOf(1), 2, true).code(), absl::StatusCode::kAborted);
  EXPECT_EQ(CheckEtag("", 2, true).code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(CheckEtag("", 2, false).ok());
  EXPECT_EQ(CheckEtag("garbage", 2, true).code(), absl::StatusCode::kInvalidArgument);
  // The database half: two writers read version 1; the second update changes no row.
  auto bump = [&](int64_t seen) {
    return database_->Transact([&](Tx& tx) {
      return internal::CheckOneRowChanged(
          tx.Exec("UPDATE counters SET value = value + 1, version = version + 1 WHERE id = 1 AND version = ?", {seen}),
          "counters/1");
    });
  };
  EXPECT_TRUE(bump(1).ok());
  absl::Status stale = bump(1);
  EXPECT_EQ(stale.code(), absl::StatusCode::kAborted);
  EXPECT_TRUE(IsStaleVersion(stale));
  EXPECT_EQ(Value(), 1);
}

}  // namespace
}  // namespace xianfu
