// The event feed end to end: a producer service's outbox, its feed over gRPC, and a consumer
// in another database that crashes mid-batch and still applies each event exactly once.
#include "absl/strings/str_cat.h"
#include "common/events.h"
#include "google/protobuf/wrappers.pb.h"
#include "gtest/gtest.h"
#include "tests/support/test_env.h"
#include "xianfu/admin/v1/admin.pb.h"

namespace xianfu {
namespace {

using ::xianfu::testing::MigrateForTest;
using ::xianfu::testing::ServiceFlags;
using ::xianfu::testing::ServiceProcess;
using ::xianfu::testing::TestAuth;
using ::xianfu::testing::TestDatabase;

// Events carry versioned protos; any message will do for the mechanics.
admin::v1::SetTimeRequest Payload(int n) {
  admin::v1::SetTimeRequest p;
  p.mutable_time()->set_seconds(n);
  return p;
}

class EventFeedTest : public ::testing::Test {
 protected:
  EventFeedTest() : producer_process_("meeting-svc/meeting-svc", ServiceFlags(producer_db_, auth_, "meeting")) {
    EXPECT_TRUE(producer_process_.WaitForPort()) << producer_process_.log();
    producer_ = std::make_unique<Database>(producer_db_.app());
    MigrateForTest(consumer_db_);
    consumer_db_.AdminExec("CREATE TABLE " + consumer_db_.name() +
                           ".effects (event_id VARCHAR(64) NOT NULL, n BIGINT NOT NULL)");
    consumer_db_.AdminExec("GRANT SELECT, INSERT ON " + consumer_db_.name() + ".effects TO '" +
                           consumer_db_.app().user + "'@'%'");
    consumer_ = std::make_unique<Database>(consumer_db_.app());
  }

  // Publishes n events in n producer transactions (as the producer's domain code would).
  void Produce(int from, int n) {
    for (int i = from; i < from + n; ++i) {
      ASSERT_TRUE(producer_
                      ->Transact([&](Tx& tx) {
                        return PublishEvent(tx, "meeting", absl::StrCat("meetings/", i), Payload(i), absl::Now(),
                                            "officials/x");
                      })
                      .ok());
    }
  }

  // Waits until the producer's background worker has moved everything into the feed.
  void WaitForFeed(int total) {
    for (int i = 0; i < 100; ++i) {
      auto rows = producer_db_.AdminQuery("SELECT COUNT(*) FROM " + producer_db_.name() + ".event_feed");
      if (!rows.empty() && rows[0].Int(0) == total) return;
      absl::SleepFor(absl::Milliseconds(100));
    }
    FAIL() << "feed did not reach " << total;
  }

  GrpcEventSource Source(const std::string& subject = "clients/supervision-svc") {
    return GrpcEventSource("meeting", producer_process_.channel(), auth_.Token(subject));
  }

  // The test's events carry SetTimeRequest payloads; each applied one leaves a row in `effects`.
  // `fail_at`: the handler fails on that call (a process dying mid-batch).
  static EventRoutes Record(std::shared_ptr<int> calls = nullptr, int fail_at = 0) {
    return EventRoutes().On<admin::v1::SetTimeRequest>(
        [calls, fail_at](Tx& tx, const events::v1::Event& e, const admin::v1::SetTimeRequest& p, const std::any&) {
          if (calls != nullptr && ++*calls == fail_at) return absl::UnavailableError("process killed");
          return tx.Exec("INSERT INTO effects (event_id, n) VALUES (?, ?)", {e.id(), p.time().seconds()}).status();
        });
  }

  int64_t Count(const std::string& sql) { return consumer_db_.AdminQuery(sql)[0].Int(0); }

  TestAuth auth_;
  TestDatabase producer_db_;
  ServiceProcess producer_process_;
  std::unique_ptr<Database> producer_;
  TestDatabase consumer_db_;
  std::unique_ptr<Database> consumer_;
};

TEST_F(EventFeedTest, RolledBackChangePublishesNothing) {
  absl::Status refused = producer_->Transact([&](Tx& tx) -> absl::Status {
    absl::Status s = PublishEvent(tx, "meeting", "meetings/1", Payload(1), absl::Now(), "officials/x");
    if (!s.ok()) return s;
    return absl::FailedPreconditionError("the domain refused");
  });
  EXPECT_FALSE(refused.ok());
  Produce(2, 1);
  WaitForFeed(1);
  GrpcEventSource source = Source();
  absl::StatusOr<events::v1::ListEventsResponse> page = source.List(0, 10, {});
  ASSERT_TRUE(page.ok()) << page.status();
  ASSERT_EQ(page->events_size(), 1);
  EXPECT_EQ(page->events(0).subject(), "meetings/2");
  EXPECT_EQ(page->events(0).type(), "xianfu.admin.v1.SetTimeRequest");
  EXPECT_EQ(page->events(0).sequence(), 1);
}

TEST_F(EventFeedTest, FeedIsOrderedGaplessAndPaged) {
  Produce(1, 25);
  WaitForFeed(25);
  GrpcEventSource source = Source();
  int64_t after = 0;
  std::vector<int64_t> seen;
  for (;;) {
    absl::StatusOr<events::v1::ListEventsResponse> page = source.List(after, 10, {});
    ASSERT_TRUE(page.ok()) << page.status();
    if (page->events().empty()) break;
    for (const auto& e : page->events()) seen.push_back(e.sequence());
    after = page->last_sequence();
  }
  ASSERT_EQ(seen.size(), 25u);
  for (size_t i = 0; i < seen.size(); ++i) EXPECT_EQ(seen[i], static_cast<int64_t>(i + 1));
}

TEST_F(EventFeedTest, LargeEventsMoveInSeveralBatchesInOrderAndPagesStayUnderTheMessageLimit) {
  // 700 KB each: the publisher moves at most about 1 MB of payloads per batch.
  for (int i = 1; i <= 3; ++i) {
    google::protobuf::StringValue big;
    big.set_value(std::string(700 * 1024, static_cast<char>('a' + i)));
    ASSERT_TRUE(producer_
                    ->Transact([&](Tx& tx) {
                      return PublishEvent(tx, "meeting", absl::StrCat("meetings/", i), big, absl::Now(), "officials/x");
                    })
                    .ok());
  }
  WaitForFeed(3);
  GrpcEventSource source = Source();
  // A page holds about 2 MB of payloads: two of them, and the next page starts at the third.
  absl::StatusOr<events::v1::ListEventsResponse> first = source.List(0, 100, {});
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(first->events_size(), 2);
  EXPECT_EQ(first->last_sequence(), 2);
  int64_t after = 0;
  for (int i = 1; i <= 3; ++i) {
    absl::StatusOr<events::v1::ListEventsResponse> page = source.List(after, 1, {});
    ASSERT_TRUE(page.ok()) << page.status();
    ASSERT_EQ(page->events_size(), 1);
    EXPECT_EQ(page->events(0).sequence(), i);
    EXPECT_EQ(page->events(0).subject(), absl::StrCat("meetings/", i));
    google::protobuf::StringValue got;
    ASSERT_TRUE(page->events(0).payload().UnpackTo(&got));
    EXPECT_EQ(got.value(), std::string(700 * 1024, static_cast<char>('a' + i)));
    after = page->last_sequence();
  }
  EXPECT_EQ(producer_db_.AdminQuery("SELECT COUNT(*) FROM " + producer_db_.name() + ".outbox_pending")[0].Int(0), 0);
}

TEST_F(EventFeedTest, OfficialsCannotReadTheFeed) {
  GrpcEventSource source = Source("officials/wang-hai");
  EXPECT_EQ(source.List(0, 10, {}).status().code(), absl::StatusCode::kPermissionDenied);
}

TEST_F(EventFeedTest, AConsumerIsSentOnlyTheTypesItActsOn) {
  // Every third event is of the type the consumer acts on; the others only move its cursor.
  for (int i = 1; i <= 9; ++i) {
    ASSERT_TRUE(producer_
                    ->Transact([&](Tx& tx) {
                      if (i % 3 == 0) {
                        return PublishEvent(tx, "meeting", absl::StrCat("meetings/", i), Payload(i), absl::Now(),
                                            "officials/x");
                      }
                      return PublishEvent(tx, "meeting", absl::StrCat("meetings/", i), admin::v1::GetTimeRequest(),
                                          absl::Now(), "officials/x");
                    })
                    .ok());
  }
  WaitForFeed(9);
  GrpcEventSource source = Source();
  const std::vector<std::string> wanted = {admin::v1::SetTimeRequest::descriptor()->full_name()};
  absl::StatusOr<events::v1::ListEventsResponse> page = source.List(0, 100, wanted);
  ASSERT_TRUE(page.ok()) << page.status();
  ASSERT_EQ(page->events_size(), 3);
  EXPECT_EQ(page->events(2).subject(), "meetings/9");
  EXPECT_EQ(page->last_sequence(), 9);

  // The consumer asks the feed for the types it has routes for, and for no others.
  struct AskedSource : EventSource {
    EventSource* feed;
    std::vector<std::string> asked;
    std::string name() const override { return feed->name(); }
    absl::StatusOr<events::v1::ListEventsResponse> List(int64_t after, int page_size,
                                                        const std::vector<std::string>& types) override {
      asked = types;
      return feed->List(after, page_size, types);
    }
  } asked;
  asked.feed = &source;
  EventConsumer consumer(consumer_.get(), "supervision", &asked, Record());
  int read = 0;
  absl::StatusOr<int> applied = consumer.PollOnce(100, &read);
  ASSERT_TRUE(applied.ok()) << applied.status();
  EXPECT_EQ(*applied, 3);
  EXPECT_EQ(asked.asked, wanted);
  EXPECT_EQ(read, 9);  // the worker goes on reading while pages are full, whatever it applied
  EXPECT_EQ(*consumer.Cursor(), 9);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM " + consumer_db_.name() + ".effects"), 3);
  // The others cost no transaction: nothing of theirs is in the inbox.
  EXPECT_EQ(Count("SELECT COUNT(*) FROM " + consumer_db_.name() + ".inbox"), 3);
}

TEST_F(EventFeedTest, ConsumerCrashingMidBatchAppliesEachEventExactlyOnce) {
  Produce(1, 20);
  WaitForFeed(20);
  GrpcEventSource source = Source();
  {
    // The first consumer process dies while handling the 8th event of its batch.
    EventConsumer crashing(consumer_.get(), "supervision", &source, Record(std::make_shared<int>(0), 8));
    EXPECT_FALSE(crashing.PollOnce(100).ok());
    EXPECT_EQ(*crashing.Cursor(), 7);
  }
  // A new process picks up after the cursor.
  EventConsumer restarted(consumer_.get(), "supervision", &source, Record());
  absl::StatusOr<int> applied = restarted.PollOnce(100);
  ASSERT_TRUE(applied.ok()) << applied.status();
  EXPECT_EQ(*applied, 13);
  EXPECT_EQ(*restarted.PollOnce(100), 0);
  const std::string effects = consumer_db_.name() + ".effects";
  EXPECT_EQ(Count("SELECT COUNT(*) FROM " + effects), 20);
  EXPECT_EQ(Count("SELECT COUNT(DISTINCT event_id) FROM " + effects), 20);

  // At-least-once delivery: the whole feed arrives again (cursor lost); nothing happens twice.
  consumer_db_.AdminExec("DELETE FROM " + consumer_db_.name() + ".consumer_cursors");
  EXPECT_EQ(*restarted.PollOnce(100), 0);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM " + effects), 20);
  EXPECT_EQ(*restarted.Cursor(), 20);

  // A consumer that arrives later replays the history from the start.
  EventConsumer late(
      consumer_.get(), "late-reader", &source,
      EventRoutes().On<admin::v1::SetTimeRequest>([](Tx&, const events::v1::Event&, const admin::v1::SetTimeRequest&,
                                                     const std::any&) { return absl::OkStatus(); }));
  EXPECT_EQ(*late.PollOnce(100), 20);
}

}  // namespace
}  // namespace xianfu
