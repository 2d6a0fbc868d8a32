#include "common/org_directory.h"

#include "common/db.h"
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

}  // namespace
}  // namespace xianfu::org
