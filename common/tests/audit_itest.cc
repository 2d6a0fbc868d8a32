#include "absl/strings/str_cat.h"
#include "common/audit.h"
#include "common/record_table.h"
#include "common/status_macros.h"
#include "gtest/gtest.h"
#include "tests/support/test_env.h"

namespace xianfu {
namespace {

using ::xianfu::testing::MigrateForTest;
using ::xianfu::testing::TestDatabase;

constexpr char kKey[] = "audit-test-key-0123456789abcdef0123456789";

class AuditTest : public ::testing::Test {
 protected:
  AuditTest() : log_(kKey) {
    MigrateForTest(db_);
    database_ = std::make_unique<Database>(db_.app());
  }

  void AppendMany(const std::string& chain, int n) {
    for (int i = 0; i < n; ++i) {
      AuditRecord r;
      r.chain = chain;
      r.resource = chain;
      r.action = absl::StrCat("Step", i);
      r.occurred_at = absl::FromUnixMicros(1790000000123456 + i);
      r.actor = "officials/wang-hai";
      r.acting_for = "officials/li-ming";
      r.rule_id = "DIS-01";
      r.article = "第九条";
      r.policy_version = "mengla-2022@abc";
      r.calendar_version = "cn+local@def";
      r.after_digest = std::string(64, 'a');
      ASSERT_TRUE(database_->Transact([&](Tx& tx) { return log_.Append(tx, r); }).ok());
    }
  }

  AuditRecord Record(const std::string& chain, const std::string& action) {
    AuditRecord r;
    r.chain = chain;
    r.resource = chain;
    r.action = action;
    r.occurred_at = absl::FromUnixMicros(1790000009000000);
    r.actor = "officials/li-wen";
    r.before_digest = std::string(64, 'a');
    r.after_digest = std::string(64, 'b');
    return r;
  }

  // What Act's gather step reads: the chain's last entry, with the COMMIT.
  absl::StatusOr<ChainHead> HeadOf(const std::string& chain) {
    absl::StatusOr<ChainHead> head = absl::InternalError("not read");
    absl::Status read = database_->Read([&](Tx& tx) -> absl::Status {
      ASSIGN_OR_RETURN(rows, tx.QueryAndCommit({LastAuditEntryQuery(chain)}));
      head = ChainHeadFrom(rows[0]);
      return head.status();
    });
    if (!read.ok()) return read;
    return head;
  }

  AuditVerification Verify() {
    absl::StatusOr<AuditVerification> v = log_.Verify(*database_);
    EXPECT_TRUE(v.ok()) << v.status();
    return v.ok() ? *v : AuditVerification();
  }

  std::string Table() const { return db_.name() + ".audit_entries"; }

  TestDatabase db_;
  std::unique_ptr<Database> database_;
  AuditLog log_;
};

TEST_F(AuditTest, AppendedEntriesVerify) {
  AppendMany("documents/1", 5);
  AppendMany("documents/2", 3);
  AuditVerification v = Verify();
  EXPECT_TRUE(v.intact());
  EXPECT_EQ(v.entries, 8);
  EXPECT_EQ(v.chains, 2);
}

TEST_F(AuditTest, AnEntryFollowsTheHeadTheGatherStepReadWithoutReadingAgain) {
  AppendMany("documents/7", 2);
  absl::StatusOr<ChainHead> head = HeadOf("documents/7");
  ASSERT_TRUE(head.ok()) << head.status();
  EXPECT_EQ(head->seq, 2);
  AuditRecord r = Record("documents/7", "ReviewDocument");
  r.head = *head;
  const int64_t before = database_->Stats().round_trips;
  ASSERT_TRUE(database_->Transact([&](Tx& tx) { return log_.Append(tx, r); }).ok());
  EXPECT_EQ(database_->Stats().round_trips - before, 1);  // the entry goes with the COMMIT
  AuditVerification v = Verify();
  EXPECT_TRUE(v.intact());
  EXPECT_EQ(v.entries, 3);
}

TEST_F(AuditTest, AnEntryOnAHeadThatMovedOnIsAStaleVersionAndWritesNothing) {
  AppendMany("documents/8", 1);
  absl::StatusOr<ChainHead> head = HeadOf("documents/8");
  ASSERT_TRUE(head.ok()) << head.status();
  AppendMany("documents/8", 1);  // another writer, after the gather step read the chain
  AuditRecord r = Record("documents/8", "ReviewDocument");
  r.head = *head;
  absl::Status s = database_->Transact([&](Tx& tx) { return log_.Append(tx, r); });
  EXPECT_TRUE(IsStaleVersion(s)) << s;  // the verb is decided again on fresh data
  EXPECT_EQ(s.code(), absl::StatusCode::kAborted);
  AuditVerification v = Verify();
  EXPECT_TRUE(v.intact());
  EXPECT_EQ(v.entries, 2);
}

TEST_F(AuditTest, AnEmptyChainsHeadStartsTheChain) {
  absl::StatusOr<ChainHead> head = HeadOf("documents/9");
  ASSERT_TRUE(head.ok()) << head.status();
  EXPECT_EQ(head->seq, 0);
  AuditRecord r = Record("documents/9", "ImportDocument");
  r.head = *head;
  ASSERT_TRUE(database_->Transact([&](Tx& tx) { return log_.Append(tx, r); }).ok());
  AppendMany("documents/9", 1);
  AuditVerification v = Verify();
  EXPECT_TRUE(v.intact());
  EXPECT_EQ(v.entries, 2);
}

TEST_F(AuditTest, EditedRowIsDetected) {
  AppendMany("documents/1", 5);
  db_.AdminExec("UPDATE " + Table() + " SET actor = 'officials/someone-else' WHERE chain = 'documents/1' AND seq = 3");
  AuditVerification v = Verify();
  ASSERT_FALSE(v.intact());
  EXPECT_EQ(v.breaks[0].kind, "EDITED");
  EXPECT_EQ(v.breaks[0].seq, 3);
}

TEST_F(AuditTest, DeletedRowIsDetected) {
  AppendMany("documents/1", 5);
  db_.AdminExec("DELETE FROM " + Table() + " WHERE chain = 'documents/1' AND seq = 2");
  AuditVerification v = Verify();
  ASSERT_FALSE(v.intact());
  EXPECT_EQ(v.breaks[0].kind, "DELETED");
  EXPECT_EQ(v.breaks[0].seq, 2);
}

TEST_F(AuditTest, InsertedRowIsDetected) {
  AppendMany("documents/1", 3);
  // A forger who can write SQL but does not hold the audit key.
  db_.AdminExec("INSERT INTO " + Table() +
                " (chain, seq, occurred_at, recorded_at, actor, acting_for, on_behalf_of, action, resource,"
                " rule_id, article, policy_version, calendar_version, request_id, before_digest, after_digest,"
                " detail, prev_hash, hash) SELECT chain, 4, occurred_at, recorded_at, actor, acting_for,"
                " on_behalf_of, 'Approve', resource, rule_id, article, policy_version, calendar_version,"
                " request_id, before_digest, after_digest, detail, hash, SHA2('forged', 256) FROM " +
                Table() + " WHERE chain = 'documents/1' AND seq = 3");
  AuditVerification v = Verify();
  ASSERT_FALSE(v.intact());
  EXPECT_EQ(v.breaks[0].kind, "INSERTED");
  EXPECT_EQ(v.breaks[0].seq, 4);
}

TEST_F(AuditTest, RunningUserCannotUpdateOrDeleteAuditRows) {
  AppendMany("documents/1", 2);
  absl::Status update = database_->Transact(
      [](Tx& tx) { return tx.Exec("UPDATE audit_entries SET actor = 'x' WHERE seq = 1").status(); });
  EXPECT_FALSE(update.ok());
  EXPECT_NE(update.message().find("denied"), absl::string_view::npos) << update;
  absl::Status remove =
      database_->Transact([](Tx& tx) { return tx.Exec("DELETE FROM audit_entries WHERE seq = 1").status(); });
  EXPECT_FALSE(remove.ok());
  absl::Status anchors = database_->Transact([](Tx& tx) { return tx.Exec("DELETE FROM audit_anchors").status(); });
  EXPECT_FALSE(anchors.ok());
  EXPECT_TRUE(Verify().intact());
}

TEST_F(AuditTest, AnchorsSealRangesAndDetectRewrites) {
  AppendMany("documents/1", 4);
  absl::StatusOr<bool> sealed = log_.SealAnchor(*database_, absl::ZeroDuration());
  ASSERT_TRUE(sealed.ok()) << sealed.status();
  EXPECT_TRUE(*sealed);
  absl::StatusOr<bool> again = log_.SealAnchor(*database_, absl::ZeroDuration());
  ASSERT_TRUE(again.ok());
  EXPECT_FALSE(*again);  // nothing new to seal
  AppendMany("documents/2", 2);
  EXPECT_TRUE(*log_.SealAnchor(*database_, absl::ZeroDuration()));
  AuditVerification v = Verify();
  EXPECT_TRUE(v.intact());
  EXPECT_EQ(v.anchors, 2);
  // Delete the last entry of a chain: the chain alone cannot tell, the anchor can.
  db_.AdminExec("DELETE FROM " + Table() + " WHERE chain = 'documents/2' AND seq = 2");
  v = Verify();
  ASSERT_FALSE(v.intact());
  EXPECT_EQ(v.breaks.back().kind, "ANCHOR_MISMATCH");
}

TEST_F(AuditTest, ReadingAClassifiedRecordIsAudited) {
  Caller reader;
  reader.subject = "clients/oa-system";
  reader.on_behalf_of = "officials/li-wen";
  ASSERT_TRUE(database_
                  ->Transact([&](Tx& tx) {
                    return log_.Append(tx,
                                       ReadRecord(reader, "documents/9", "机密", absl::FromUnixSeconds(1790000000)));
                  })
                  .ok());
  auto rows =
      db_.AdminQuery("SELECT action, actor, on_behalf_of, detail FROM " + Table() + " WHERE chain = 'documents/9'");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].Str(0), "Read");
  EXPECT_EQ(rows[0].Str(1), "clients/oa-system");
  EXPECT_EQ(rows[0].Str(2), "officials/li-wen");
  EXPECT_EQ(rows[0].Str(3), "classification: 机密");
  EXPECT_TRUE(Verify().intact());
}

TEST_F(AuditTest, ConcurrentAppendsToDifferentChainsDoNotConflict) {
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] { AppendMany(absl::StrCat("officials/o", t), 25); });
  }
  // And writers of one aggregate take turns on its chain head.
  for (int t = 0; t < 4; ++t) threads.emplace_back([&] { AppendMany("documents/shared", 10); });
  for (auto& th : threads) th.join();
  AuditVerification v = Verify();
  EXPECT_TRUE(v.intact());
  EXPECT_EQ(v.entries, 140);
  auto last = db_.AdminQuery("SELECT MAX(seq) FROM " + Table() + " WHERE chain = 'documents/shared'");
  EXPECT_EQ(last[0].Int(0), 40);
}

}  // namespace
}  // namespace xianfu
