#include "common/auth.h"

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"

namespace xianfu {
namespace {

constexpr char kSecret[] = "test-secret-that-is-at-least-32-bytes-long!";

struct RsaPair {
  std::string private_pem;
  std::string public_pem;
};

std::string BioString(BIO* bio) {
  char* data = nullptr;
  long len = BIO_get_mem_data(bio, &data);
  return std::string(data, len);
}

const RsaPair& Rsa() {
  static RsaPair pair = [] {
    EVP_PKEY* key = EVP_RSA_gen(2048);
    BIO* priv = BIO_new(BIO_s_mem());
    BIO* pub = BIO_new(BIO_s_mem());
    PEM_write_bio_PrivateKey(priv, key, nullptr, nullptr, 0, nullptr, nullptr);
    PEM_write_bio_PUBKEY(pub, key);
    RsaPair p{BioString(priv), BioString(pub)};
    BIO_free(priv);
    BIO_free(pub);
    EVP_PKEY_free(key);
    return p;
  }();
  return pair;
}

class JwtVerifierTest : public ::testing::Test {
 protected:
  JwtVerifierTest() {
    config_.issuer = "xianfu-test";
    config_.audience = "xianfu";
    config_.keys["hs-1"] = {"hs-1", "HS256", kSecret};
    config_.keys["rs-1"] = {"rs-1", "RS256", Rsa().public_pem};
    config_.trusted_clients = {"clients/oa-system"};
    now_ = absl::FromUnixSeconds(1790000000);
  }

  TokenSpec Spec(std::string subject) {
    TokenSpec spec;
    spec.subject = std::move(subject);
    spec.issuer = "xianfu-test";
    spec.audience = "xianfu";
    spec.issued_at = now_;
    return spec;
  }

  std::string Hs(const TokenSpec& spec) { return *MintToken(spec, "hs-1", "HS256", kSecret); }

  absl::StatusOr<Caller> Verify(const std::string& token) {
    return JwtVerifier(config_).Verify(absl::StrCat("Bearer ", token), now_);
  }

  AuthConfig config_;
  absl::Time now_;
};

TEST_F(JwtVerifierTest, AcceptsValidHs256Token) {
  absl::StatusOr<Caller> caller = Verify(Hs(Spec("officials/wang-hai")));
  ASSERT_TRUE(caller.ok()) << caller.status();
  EXPECT_EQ(caller->subject, "officials/wang-hai");
  EXPECT_EQ(caller->official(), "officials/wang-hai");
  EXPECT_EQ(caller->admin_role, AdminRole::kNone);
}

TEST_F(JwtVerifierTest, AcceptsValidRs256Token) {
  absl::StatusOr<std::string> token = MintToken(Spec("clients/oa-system"), "rs-1", "RS256", Rsa().private_pem);
  ASSERT_TRUE(token.ok()) << token.status();
  absl::StatusOr<Caller> caller = Verify(*token);
  ASSERT_TRUE(caller.ok()) << caller.status();
  EXPECT_TRUE(caller->is_client());
  EXPECT_EQ(caller->official(), "");
}

TEST_F(JwtVerifierTest, ARememberedTokenStillExpires) {
  JwtVerifier verifier(config_);
  TokenSpec spec = Spec("officials/wang-hai");
  spec.ttl = absl::Minutes(10);
  const std::string bearer = absl::StrCat("Bearer ", Hs(spec));
  ASSERT_TRUE(verifier.Verify(bearer, now_).ok());
  ASSERT_TRUE(verifier.Verify(bearer, now_ + absl::Minutes(5)).ok());  // from memory
  EXPECT_EQ(verifier.Verify(bearer, now_ + absl::Minutes(11)).status().code(), absl::StatusCode::kUnauthenticated);
  // A token that failed is never remembered as good.
  std::string forged = Hs(spec);
  forged.back() = forged.back() == 'A' ? 'B' : 'A';
  EXPECT_EQ(verifier.Verify(absl::StrCat("Bearer ", forged), now_).status().code(), absl::StatusCode::kUnauthenticated);
}

TEST_F(JwtVerifierTest, RefusesMissingToken) {
  absl::StatusOr<Caller> caller = JwtVerifier(config_).Verify("", now_);
  EXPECT_EQ(caller.status().code(), absl::StatusCode::kUnauthenticated);
}

TEST_F(JwtVerifierTest, RefusesExpiredToken) {
  TokenSpec spec = Spec("officials/wang-hai");
  spec.issued_at = now_ - absl::Hours(2);
  spec.ttl = absl::Hours(1);
  absl::StatusOr<Caller> caller = Verify(Hs(spec));
  EXPECT_EQ(caller.status().code(), absl::StatusCode::kUnauthenticated);
  EXPECT_NE(caller.status().message().find("expired"), absl::string_view::npos);
}

TEST_F(JwtVerifierTest, RefusesWrongKey) {
  std::string token =
      *MintToken(Spec("officials/wang-hai"), "hs-1", "HS256", "another-secret-that-is-also-32-bytes-long");
  absl::StatusOr<Caller> caller = Verify(token);
  EXPECT_EQ(caller.status().code(), absl::StatusCode::kUnauthenticated);
  EXPECT_NE(caller.status().message().find("signature"), absl::string_view::npos);
}

TEST_F(JwtVerifierTest, RefusesUnknownKid) {
  std::string token = *MintToken(Spec("officials/wang-hai"), "hs-9", "HS256", kSecret);
  absl::StatusOr<Caller> caller = Verify(token);
  EXPECT_EQ(caller.status().code(), absl::StatusCode::kUnauthenticated);
  EXPECT_NE(caller.status().message().find("unknown key id"), absl::string_view::npos);
}

TEST_F(JwtVerifierTest, RefusesAlgNone) {
  std::string header, payload;
  absl::WebSafeBase64Escape(R"({"alg":"none","kid":"hs-1","typ":"JWT"})", &header);
  absl::WebSafeBase64Escape(absl::StrCat(R"({"sub":"officials/wang-hai","iss":"xianfu-test","aud":"xianfu","exp":)",
                                         absl::ToUnixSeconds(now_) + 3600, "}"),
                            &payload);
  absl::StatusOr<Caller> caller = Verify(absl::StrCat(header, ".", payload, "."));
  EXPECT_EQ(caller.status().code(), absl::StatusCode::kUnauthenticated);
  EXPECT_NE(caller.status().message().find("none"), absl::string_view::npos);
}

TEST_F(JwtVerifierTest, RefusesHsTokenSignedWithRsaPublicKey) {
  // The classic confusion attack: HMAC keyed with the RSA public key, naming the RSA kid.
  std::string token = *MintToken(Spec("officials/wang-hai"), "rs-1", "HS256", Rsa().public_pem);
  absl::StatusOr<Caller> caller = Verify(token);
  EXPECT_EQ(caller.status().code(), absl::StatusCode::kUnauthenticated);
  EXPECT_NE(caller.status().message().find("does not match"), absl::string_view::npos);
}

TEST_F(JwtVerifierTest, RefusesRsTokenUnderHsKid) {
  std::string token = *MintToken(Spec("officials/wang-hai"), "hs-1", "RS256", Rsa().private_pem);
  EXPECT_EQ(Verify(token).status().code(), absl::StatusCode::kUnauthenticated);
}

TEST_F(JwtVerifierTest, RefusesOnBehalfOfFromUntrustedClient) {
  TokenSpec spec = Spec("clients/unknown-system");
  spec.on_behalf_of = "officials/wang-hai";
  EXPECT_EQ(Verify(Hs(spec)).status().code(), absl::StatusCode::kPermissionDenied);
  spec.subject = "officials/li-ming";  // an official cannot act "on behalf" via a claim either
  EXPECT_EQ(Verify(Hs(spec)).status().code(), absl::StatusCode::kPermissionDenied);
}

TEST_F(JwtVerifierTest, TrustedClientActsOnBehalfOfOfficial) {
  TokenSpec spec = Spec("clients/oa-system");
  spec.on_behalf_of = "officials/wang-hai";
  absl::StatusOr<Caller> caller = Verify(Hs(spec));
  ASSERT_TRUE(caller.ok()) << caller.status();
  EXPECT_EQ(caller->subject, "clients/oa-system");
  EXPECT_EQ(caller->official(), "officials/wang-hai");
}

TEST_F(JwtVerifierTest, RefusesWrongIssuerAndAudience) {
  TokenSpec spec = Spec("officials/wang-hai");
  spec.issuer = "someone-else";
  EXPECT_EQ(Verify(Hs(spec)).status().code(), absl::StatusCode::kUnauthenticated);
  spec = Spec("officials/wang-hai");
  spec.audience = "other";
  EXPECT_EQ(Verify(Hs(spec)).status().code(), absl::StatusCode::kUnauthenticated);
}

TEST_F(JwtVerifierTest, CarriesOneAdminRole) {
  TokenSpec spec = Spec("officials/admin-zhang");
  spec.admin_role = AdminRole::kAuditAdmin;
  absl::StatusOr<Caller> caller = Verify(Hs(spec));
  ASSERT_TRUE(caller.ok()) << caller.status();
  EXPECT_EQ(caller->admin_role, AdminRole::kAuditAdmin);
}

TEST_F(JwtVerifierTest, RefusesMalformedSubject) {
  EXPECT_EQ(Verify(Hs(Spec("wang-hai"))).status().code(), absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(Verify("not.a.jwt").status().code(), absl::StatusCode::kUnauthenticated);
}

}  // namespace
}  // namespace xianfu
