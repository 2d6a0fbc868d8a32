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

TEST(RedactSecretsTest, FindsEachKindAloneAndLeavesLookalikesAlone) {
  EXPECT_EQ(RedactSecrets("token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln!"), "token [redacted-jwt]!");
  EXPECT_EQ(RedactSecrets("authorization: bearer abc.def"), "authorization: Bearer [redacted]");
  EXPECT_EQ(RedactSecrets("身份证532823198001011234号"), "身份证[redacted-id]号");
  EXPECT_EQ(RedactSecrets("id 53282319800101123x."), "id [redacted-id].");
  // Nineteen digits, or digits inside a word, are not an ID number; a lone "eyJ" is not a token.
  EXPECT_EQ(RedactSecrets("n=5328231980010112345"), "n=5328231980010112345");
  EXPECT_EQ(RedactSecrets("eyJ only, and Bearer"), "eyJ only, and Bearer");
  EXPECT_EQ(RedactSecrets("/xianfu.personnel.v1.PersonnelService/ResolveActing"),
            "/xianfu.personnel.v1.PersonnelService/ResolveActing");
}

}  // namespace
}  // namespace xianfu
