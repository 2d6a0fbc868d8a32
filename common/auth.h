// Caller identity: every RPC carries a bearer JWT, validated once per call by the shared
// server interceptor (common/server.cc). Subjects are resource names: "officials/<id>" for a
// person, "clients/<id>" for another government system. JWT roles are only for the three
// separated administrators (等保2.0); what an official may do is the domain's decision.
#ifndef XIANFU_COMMON_AUTH_H_
#define XIANFU_COMMON_AUTH_H_

#include <map>
#include <memory>
#include <set>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace xianfu {

enum class AdminRole { kNone, kSystemAdmin, kSecurityAdmin, kAuditAdmin };

absl::string_view AdminRoleName(AdminRole role);

struct Caller {
  // "officials/wang-hai" or "clients/oa-system".
  std::string subject;
  // Set only when a trusted system client acts for an official ("officials/<id>").
  std::string on_behalf_of;
  AdminRole admin_role = AdminRole::kNone;
  // A system client named in the configuration's trusted_clients.
  bool trusted = false;

  bool is_client() const { return subject.rfind("clients/", 0) == 0; }
  // The official the act is attributed to: the subject, or the official a trusted client
  // acts for. Empty for a system client acting in its own name.
  std::string official() const;
};

struct JwtKey {
  std::string kid;
  std::string alg;       // "HS256" or "RS256"
  std::string material;  // HS256 secret bytes, or RS256 public key PEM
};

struct AuthConfig {
  std::string issuer;
  std::string audience;
  std::map<std::string, JwtKey> keys;  // by kid
  std::set<std::string> trusted_clients;
  absl::Duration leeway = absl::Seconds(30);
};

// Reads the JSON key configuration; key files are resolved relative to the config file:
// {"issuer": "...", "audience": "...",
//  "keys": [{"kid": "k1", "alg": "HS256", "secret_file": "hs.key"},
//           {"kid": "k2", "alg": "RS256", "public_key_file": "rs.pub"}],
//  "trusted_clients": ["clients/oa-system"]}
absl::StatusOr<AuthConfig> LoadAuthConfig(const std::string& path);

class JwtVerifier {
 public:
  explicit JwtVerifier(AuthConfig config) : config_(std::move(config)) {}

  // Validates "Bearer <jwt>" (or the bare token). UNAUTHENTICATED with a reason on any
  // failure: missing, malformed, alg "none", algorithm not the key's, unknown kid, bad
  // signature, expired, not yet valid, wrong issuer/audience; PERMISSION_DENIED when an
  // untrusted client claims to act for an official or a token holds two admin roles.
  // A token that verified is remembered until it expires, so a client that sends the same token
  // on every call pays for the signature check once.
  absl::StatusOr<Caller> Verify(absl::string_view authorization, absl::Time now) const;

 private:
  absl::StatusOr<Caller> VerifyUncached(absl::string_view token, absl::Time now, absl::Time* not_before,
                                        absl::Time* expires) const;

  struct Verified {
    Caller caller;
    absl::Time not_before;
    absl::Time expires;
  };
  AuthConfig config_;
  mutable absl::Mutex mu_;
  mutable absl::flat_hash_map<std::string, Verified> verified_ ABSL_GUARDED_BY(mu_);
};

struct TokenSpec {
  std::string subject;
  std::string on_behalf_of;
  AdminRole admin_role = AdminRole::kNone;
  std::string issuer;
  std::string audience;
  absl::Time issued_at;
  absl::Duration ttl = absl::Hours(1);
};

// Signs a token with an HS256 secret or an RS256 private key PEM (for tests and the demo).
absl::StatusOr<std::string> MintToken(const TokenSpec& spec, absl::string_view kid, absl::string_view alg,
                                      absl::string_view key_material);

// A token for `subject` from `config`'s issuer and audience, signed with its first key, valid for
// an hour from now (the demo loaders' callers).
absl::StatusOr<std::string> MintWithConfig(const AuthConfig& config, const std::string& subject,
                                           AdminRole role = AdminRole::kNone);

}  // namespace xianfu

#endif  // XIANFU_COMMON_AUTH_H_
