#include "common/log.h"

#include "gtest/gtest.h"

namespace xianfu {
namespace {

TEST(RedactSecretsTest, MasksTokensAndIdCardNumbers) {
  std::string out = RedactSecrets("auth Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.sig id 53282319800101123X end");
  EXPECT_EQ(out.find("eyJ"), std::string::npos);
  EXPECT_EQ(out.find("53282319800101123X"), std::string::npos);
  EXPECT_NE(out.find("end"), std::string::npos);
  EXPECT_EQ(RedactSecrets("officials/wang-hai"), "officials/wang-hai");
}

}  // namespace
}  // namespace xianfu
