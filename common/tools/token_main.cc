// xianfu-token: mints a bearer token for tests, the demo and operators.
//   xianfu-token --auth_config=dev/auth.json --kid=dev-hs-1 --sub=officials/wang-hai
//   xianfu-token --private_key_file=rs.pem --kid=rs-1 --alg=RS256 --issuer=... --sub=clients/oa
#include <cstdio>
#include <fstream>
#include <sstream>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"
#include "common/auth.h"

ABSL_FLAG(std::string, auth_config, "", "key configuration; HS256 secrets are read from it");
ABSL_FLAG(std::string, private_key_file, "", "RS256 private key (PEM)");
ABSL_FLAG(std::string, kid, "", "key id");
ABSL_FLAG(std::string, alg, "HS256", "HS256 or RS256");
ABSL_FLAG(std::string, issuer, "", "iss (default: the config's issuer)");
ABSL_FLAG(std::string, audience, "", "aud (default: the config's audience)");
ABSL_FLAG(std::string, sub, "", "officials/<id> or clients/<id>");
ABSL_FLAG(std::string, on_behalf_of, "", "officials/<id> a trusted client acts for");
ABSL_FLAG(std::string, role, "", "system_admin, security_admin or audit_admin");
ABSL_FLAG(absl::Duration, ttl, absl::Hours(12), "lifetime");

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage("mints a xianfu bearer token");
  absl::ParseCommandLine(argc, argv);
  xianfu::TokenSpec spec;
  spec.subject = absl::GetFlag(FLAGS_sub);
  spec.on_behalf_of = absl::GetFlag(FLAGS_on_behalf_of);
  spec.issued_at = absl::Now();
  spec.ttl = absl::GetFlag(FLAGS_ttl);
  std::string role = absl::GetFlag(FLAGS_role);
  if (role == "system_admin") spec.admin_role = xianfu::AdminRole::kSystemAdmin;
  if (role == "security_admin") spec.admin_role = xianfu::AdminRole::kSecurityAdmin;
  if (role == "audit_admin") spec.admin_role = xianfu::AdminRole::kAuditAdmin;
  if (!role.empty() && spec.admin_role == xianfu::AdminRole::kNone) {
    std::fprintf(stderr, "xianfu-token: unknown --role %s\n", role.c_str());
    return 2;
  }
  if (spec.subject.empty()) {
    std::fprintf(stderr, "xianfu-token: --sub is required\n");
    return 2;
  }
  std::string kid = absl::GetFlag(FLAGS_kid);
  std::string alg = absl::GetFlag(FLAGS_alg);
  std::string material;
  if (std::string path = absl::GetFlag(FLAGS_auth_config); !path.empty()) {
    absl::StatusOr<xianfu::AuthConfig> config = xianfu::LoadAuthConfig(path);
    if (!config.ok()) {
      std::fprintf(stderr, "xianfu-token: %s\n", std::string(config.status().message()).c_str());
      return 2;
    }
    spec.issuer = config->issuer;
    spec.audience = config->audience;
    if (kid.empty() && !config->keys.empty()) kid = config->keys.begin()->first;
    auto it = config->keys.find(kid);
    if (it != config->keys.end() && it->second.alg == "HS256") {
      material = it->second.material;
      alg = "HS256";
    }
  }
  if (std::string path = absl::GetFlag(FLAGS_private_key_file); !path.empty()) {
    std::ifstream in(path);
    std::stringstream ss;
    ss << in.rdbuf();
    material = ss.str();
  }
  if (!absl::GetFlag(FLAGS_issuer).empty()) spec.issuer = absl::GetFlag(FLAGS_issuer);
  if (!absl::GetFlag(FLAGS_audience).empty()) spec.audience = absl::GetFlag(FLAGS_audience);
  if (material.empty() || kid.empty()) {
    std::fprintf(
        stderr,
        "xianfu-token: no signing key (use --auth_config with an HS256 kid, or --private_key_file and --kid)\n");
    return 2;
  }
  absl::StatusOr<std::string> token = xianfu::MintToken(spec, kid, alg, material);
  if (!token.ok()) {
    std::fprintf(stderr, "xianfu-token: %s\n", std::string(token.status().message()).c_str());
    return 2;
  }
  std::printf("%s\n", token->c_str());
  return 0;
}
