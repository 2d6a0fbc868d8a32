#include "common/handler_base.h"

#include <string>
#include <vector>

#include "common/record_table.h"
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

// A record's name is its collection and an id of 1–63 lower-case letters, digits and '-', not
// starting with '-'; anything else is refused with the rule a caller can follow.
TEST(IdOfTest, AnIdIsLowerCaseLettersDigitsAndDashesUpTo63) {
  EXPECT_EQ(*IdOf("officials/wang-hai", "officials"), "wang-hai");
  EXPECT_EQ(*IdOf("units/0-a", "units"), "0-a");
  EXPECT_EQ(*IdOf(absl::StrCat("units/a", std::string(62, '-')), "units"), absl::StrCat("a", std::string(62, '-')));
  for (const std::string& bad :
       std::vector<std::string>{"units/", "units/-a", "units/Wang", "units/a_b", "units/a b", "units/a/b", "units/勐腊",
                                absl::StrCat("units/", std::string(64, 'a'))}) {
    absl::StatusOr<std::string> id = IdOf(bad, "units");
    ASSERT_FALSE(id.ok()) << bad;
    EXPECT_EQ(id.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_NE(id.status().message().find("ids are 1–63 lower-case letters, digits and '-'"), std::string::npos);
  }
  EXPECT_NE(IdOf("officials/wang-hai", "units").status().message().find("is not a units name (units/<id>)"),
            std::string::npos);
}

}  // namespace
}  // namespace xianfu
