#include "common/handler_base.h"

#include "gtest/gtest.h"

namespace xianfu {
namespace {

const absl::Time kNow = absl::FromUnixSeconds(1790000000);

// A caller whose deadline passed while the verb gathered gets nothing written, however fast
// the gather was, and gRPC is not even asked.
TEST(CallerGaveUpTest, ADeadlinePassedDuringTheGatherIsSeenAtOnce) {
  bool asked = false;
  EXPECT_TRUE(CallerGaveUp(kNow, kNow - absl::Milliseconds(1), absl::Milliseconds(1), [&] { return asked = true; }));
  EXPECT_FALSE(asked);
}

// After a slow gather (a remote call, a lock) gRPC is asked whether the caller cancelled.
TEST(CallerGaveUpTest, ASlowGatherAsksWhetherTheCallerCancelled) {
  EXPECT_TRUE(CallerGaveUp(kNow, absl::InfiniteFuture(), kSlowGather, [] { return true; }));
  EXPECT_FALSE(CallerGaveUp(kNow, absl::InfiniteFuture(), kSlowGather, [] { return false; }));
}

// A fast gather does not poll the connection for a cancel (a system call per verb).
TEST(CallerGaveUpTest, AFastGatherDoesNotPollForACancel) {
  bool asked = false;
  EXPECT_FALSE(CallerGaveUp(kNow, kNow + absl::Seconds(1), kSlowGather - absl::Microseconds(1), [&] {
    asked = true;
    return true;
  }));
  EXPECT_FALSE(asked);
}

}  // namespace
}  // namespace xianfu
