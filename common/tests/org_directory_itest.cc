#include <atomic>
#include <thread>

#include "common/db.h"
#include "common/deadline_proto.h"
#include "common/guard_lease.h"
#include "common/org_directory.h"
#include "common/status_macros.h"
#include "google/protobuf/util/time_util.h"
#include "gtest/gtest.h"
#include "tests/support/test_env.h"

namespace xianfu::org {
namespace {

// The directory is for the gather step: asking it while a transaction is open is a bug, refused
// before anything goes over the network.
TEST(DirectoryTest, AskingInsideATransactionIsRefused) {
  ::xianfu::testing::TestDatabase db;
  Database database(db.migrator());
  Directory directory(grpc::CreateChannel(absl::StrCat("127.0.0.1:", ::xianfu::testing::FreePort()),
                                          grpc::InsecureChannelCredentials()),
                      "token", absl::Milliseconds(200));
  Questions q(absl::Now());
  q.Holder("R-CH");
  absl::Status inside = database.Transact([&](Tx&) { return directory.Ask(nullptr, q).status(); });
  EXPECT_EQ(inside.code(), absl::StatusCode::kInternal);
  EXPECT_NE(inside.message().find("inside a transaction"), absl::string_view::npos);
  // Outside: it tries, and an unreachable personnel-svc is UNAVAILABLE, not a refusal.
  EXPECT_EQ(directory.Ask(nullptr, q).status().code(), absl::StatusCode::kUnavailable);
}

personnel::v1::BatchLookupRequest AboutTheChair(absl::Time at) {
  Questions q(at);
  q.Holder("R-CH");
  return q.request();
}

std::shared_ptr<personnel::v1::BatchLookupResponse> Leased(absl::Duration lease, int64_t version = 7) {
  auto response = std::make_shared<personnel::v1::BatchLookupResponse>();
  response->add_answers()->mutable_role_holders()->add_officials("officials/chair");
  response->set_organisation_version(version);
  if (lease > absl::ZeroDuration()) {
    *response->mutable_lease() =
        google::protobuf::util::TimeUtil::MicrosecondsToDuration(absl::ToInt64Microseconds(lease));
  }
  return response;
}

const absl::Time kNineAm = absl::FromCivil(absl::CivilSecond(2026, 3, 2, 9, 0, 0), absl::FixedTimeZone(8 * 3600));

// Answers are about a day: the same questions later that day find the kept answers, the next
// day (another day's organisation) does not.
TEST(LeasedAnswersTest, KeyIsTheQuestionsAndTheirDay) {
  const std::string morning = LeasedAnswers::KeyOf(AboutTheChair(kNineAm));
  EXPECT_EQ(morning, LeasedAnswers::KeyOf(AboutTheChair(kNineAm + absl::Hours(8))));
  EXPECT_NE(morning, LeasedAnswers::KeyOf(AboutTheChair(kNineAm + absl::Hours(16))));
  Questions other(kNineAm);
  other.Holder("R-EDH");
  EXPECT_NE(morning, LeasedAnswers::KeyOf(other.request()));
  EXPECT_EQ(LeasedAnswers::KeyOf(personnel::v1::BatchLookupRequest()), "");
}

// A kept answer is used only while its lease holds, counted from when the question was sent.
TEST(LeasedAnswersTest, KeptUntilTheLeaseRunsOutFromWhenTheQuestionWasSent) {
  LeasedAnswers kept;
  const std::string key = LeasedAnswers::KeyOf(AboutTheChair(kNineAm));
  const absl::Time sent = absl::Now();
  kept.Keep(key, Leased(absl::Seconds(1)), sent);
  ASSERT_NE(kept.Find(key, sent + absl::Milliseconds(999)), nullptr);
  EXPECT_EQ(kept.Find(key, sent + absl::Milliseconds(999))->answers(0).role_holders().officials(0), "officials/chair");
  EXPECT_EQ(kept.Find(key, sent + absl::Seconds(1)), nullptr);
  EXPECT_EQ(kept.hits(), 2);
}

// No lease, no keeping: every verb asks personnel-svc again.
TEST(LeasedAnswersTest, AnswersWithoutALeaseAreNotKept) {
  LeasedAnswers kept;
  const std::string key = LeasedAnswers::KeyOf(AboutTheChair(kNineAm));
  kept.Keep(key, Leased(absl::ZeroDuration()), absl::Now());
  EXPECT_EQ(kept.Find(key, absl::Now()), nullptr);
}

// Full: what ran out goes first, then everything; never more than the capacity.
TEST(LeasedAnswersTest, FullCacheDropsWhatRanOut) {
  LeasedAnswers kept(2);
  const absl::Time sent = absl::Now();
  kept.Keep("a", Leased(absl::Milliseconds(10)), sent);
  kept.Keep("b", Leased(absl::Seconds(5)), sent);
  kept.Keep("c", Leased(absl::Seconds(5)), sent + absl::Seconds(1));  // "a" ran out: dropped
  EXPECT_EQ(kept.Find("a", sent + absl::Seconds(1)), nullptr);
  EXPECT_NE(kept.Find("b", sent + absl::Seconds(1)), nullptr);
  EXPECT_NE(kept.Find("c", sent + absl::Seconds(1)), nullptr);
}

class GuardLeaseTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ::xianfu::testing::MigrateForTest(db_);
    db_.AdminExec(
        absl::StrCat("INSERT INTO ", db_.name(), ".version_guards (name, version) VALUES ('organisation', 4)"));
  }
  // What a change to the organisation does in its transaction (HandlerBase::Apply).
  absl::Status MoveGuard() {
    return database_.Transact([&](Tx& tx) -> absl::Status {
      RETURN_IF_ERROR(tx.Exec("UPDATE version_guards SET version = version + 1 WHERE name = 'organisation'").status());
      return AwaitGuardLeases(tx, "organisation");
    });
  }
  ::xianfu::testing::TestDatabase db_;
  Database database_{db_.app()};
};

// A lease is granted on the guard's current version only, and reserved in the database once for
// many answers.
TEST_F(GuardLeaseTest, GrantedOnTheCurrentVersionOnly) {
  GuardLease lease(&database_, "organisation", absl::Milliseconds(400));
  EXPECT_EQ(lease.Grant(4), absl::Milliseconds(400));
  EXPECT_EQ(lease.Grant(4), absl::Milliseconds(400));
  EXPECT_EQ(lease.reservations(), 1);
  EXPECT_EQ(lease.Grant(3), absl::ZeroDuration());  // read from a view another change overtook
  GuardLease none(&database_, "organisation", absl::ZeroDuration());
  EXPECT_EQ(none.Grant(4), absl::ZeroDuration());
}

// A change commits only after every lease given on the old version ran out: an answer kept
// under a lease is never one personnel-svc would no longer give.
TEST_F(GuardLeaseTest, AChangeWaitsForTheLeasesItWouldBreak) {
  GuardLease lease(&database_, "organisation", absl::Milliseconds(400));
  const absl::Time granted = absl::Now();
  ASSERT_EQ(lease.Grant(4), absl::Milliseconds(400));
  ASSERT_TRUE(MoveGuard().ok());
  EXPECT_GE(absl::Now() - granted, absl::Milliseconds(400));
  EXPECT_EQ(
      db_.AdminQuery(absl::StrCat("SELECT version FROM ", db_.name(), ".version_guards WHERE name = 'organisation'"))
          .front()
          .Int(0),
      5);
  // The old version gets no more leases; the new one does.
  EXPECT_EQ(lease.Grant(4), absl::ZeroDuration());
  EXPECT_EQ(lease.Grant(5), absl::Milliseconds(400));
}

// While a change holds the guard (waiting for leases), no new lease is granted (the waiting
// change would not see it), and the answer asking for one does not wait for the change either.
TEST_F(GuardLeaseTest, NoLeaseWhileAChangeHoldsTheGuard) {
  GuardLease first(&database_, "organisation", absl::Milliseconds(600));
  ASSERT_EQ(first.Grant(4), absl::Milliseconds(600));
  std::atomic<bool> changed{false};
  std::thread change([&] {
    EXPECT_TRUE(MoveGuard().ok());
    changed = true;
  });
  // Wait until the change holds the row (its UPDATE ran; it now sleeps in AwaitGuardLeases).
  for (int i = 0; i < 200; ++i) {
    if (db_.AdminQuery(absl::StrCat("SELECT 1 FROM ", db_.name(),
                                    ".version_guards WHERE name = 'organisation' FOR UPDATE SKIP LOCKED"))
            .empty()) {
      break;
    }
    absl::SleepFor(absl::Milliseconds(5));
  }
  GuardLease second(&database_, "organisation", absl::Milliseconds(600));  // another replica
  const absl::Time asked = absl::Now();
  EXPECT_EQ(second.Grant(4), absl::ZeroDuration());
  // The change holds the row for most of a second more: a grant that waited would take that.
  EXPECT_LT(absl::Now() - asked, absl::Milliseconds(450));
  EXPECT_FALSE(changed);
  change.join();
}

}  // namespace
}  // namespace xianfu::org
