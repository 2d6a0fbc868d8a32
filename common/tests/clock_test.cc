#include "common/clock.h"

#include <thread>
#include <vector>

#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "gtest/gtest.h"

namespace xianfu {
namespace {

const absl::Time kStart = absl::FromUnixSeconds(1790000000);

TEST(FakeClockTest, StartsWhereToldAndStandsStill) {
  FakeClock clock(kStart);
  EXPECT_EQ(clock.Now(), kStart);
  absl::SleepFor(absl::Milliseconds(2));
  EXPECT_EQ(clock.Now(), kStart);
}

TEST(FakeClockTest, AdvancesAndSets) {
  FakeClock clock(kStart);
  clock.Advance(absl::Hours(25));
  EXPECT_EQ(clock.Now(), kStart + absl::Hours(25));
  clock.Set(kStart - absl::Minutes(1));
  EXPECT_EQ(clock.Now(), kStart - absl::Minutes(1));
  clock.Advance(absl::Seconds(-30));
  EXPECT_EQ(clock.Now(), kStart - absl::Seconds(90));
}

TEST(FakeClockTest, ServesCodeWrittenAgainstClock) {
  FakeClock fake(kStart);
  const Clock& clock = fake;
  fake.Advance(absl::Seconds(1));
  EXPECT_EQ(clock.Now(), kStart + absl::Seconds(1));
}

TEST(FakeClockTest, ConcurrentAdvancesAreAllApplied) {
  FakeClock clock(kStart);
  constexpr int kThreads = 4;
  constexpr int kSteps = 1000;
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&clock] {
      for (int step = 0; step < kSteps; ++step) {
        clock.Advance(absl::Seconds(1));
        EXPECT_GE(clock.Now(), kStart);
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(clock.Now(), kStart + absl::Seconds(kThreads * kSteps));
}

TEST(RealClockTest, FollowsTheSystemClock) {
  RealClock clock;
  const absl::Time before = absl::Now();
  const absl::Time now = clock.Now();
  const absl::Time after = absl::Now();
  EXPECT_LE(before, now);
  EXPECT_LE(now, after);
}

}  // namespace
}  // namespace xianfu
