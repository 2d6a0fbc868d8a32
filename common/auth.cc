#include "common/auth.h"

#include <jwt.h>

#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"
#include "common/config_file.h"
#include "nlohmann/json.hpp"

namespace xianfu {
namespace {

struct JwtDeleter {
  void operator()(jwt_t* jwt) const { jwt_free(jwt); }
};
using JwtPtr = std::unique_ptr<jwt_t, JwtDeleter>;

absl::Status Unauthenticated(absl::string_view why) {
  return absl::UnauthenticatedError(absl::StrCat("authentication failed: ", why));
}

AdminRole ParseRole(absl::string_view name) {
  if (name == "system_admin") return AdminRole::kSystemAdmin;
  if (name == "security_admin") return AdminRole::kSecurityAdmin;
  if (name == "audit_admin") return AdminRole::kAuditAdmin;
  return AdminRole::kNone;
}

bool ValidSubject(absl::string_view s) {
  absl::string_view id;
  if (absl::StartsWith(s, "officials/")) {
    id = s.substr(10);
  } else if (absl::StartsWith(s, "clients/")) {
    id = s.substr(8);
  } else {
    return false;
  }
  if (id.empty() || id.size() > 64) return false;
  for (char c : id) {
    if (!(absl::ascii_isalnum(c) || c == '-' || c == '_' || c == '.')) return false;
  }
  return true;
}

}  // namespace

absl::string_view AdminRoleName(AdminRole role) {
  switch (role) {
    case AdminRole::kSystemAdmin:
      return "system_admin";
    case AdminRole::kSecurityAdmin:
      return "security_admin";
    case AdminRole::kAuditAdmin:
      return "audit_admin";
    case AdminRole::kNone:
      break;
  }
  return "";
}

std::string Caller::official() const {
  if (!on_behalf_of.empty()) return on_behalf_of;
  return is_client() ? "" : subject;
}

absl::StatusOr<AuthConfig> LoadAuthConfig(const std::string& path) {
  absl::StatusOr<std::string> text = ReadConfigFile(path);
  if (!text.ok()) return text.status();
  nlohmann::json j = nlohmann::json::parse(*text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) {
    return absl::FailedPreconditionError(absl::StrCat(path, ": not a JSON object"));
  }
  std::filesystem::path base = std::filesystem::path(path).parent_path();
  AuthConfig config;
  config.issuer = j.value("issuer", "");
  config.audience = j.value("audience", "");
  if (config.issuer.empty()) {
    return absl::FailedPreconditionError(absl::StrCat(path, ": \"issuer\" is required"));
  }
  if (!j.contains("keys") || !j["keys"].is_array() || j["keys"].empty()) {
    return absl::FailedPreconditionError(absl::StrCat(path, ": \"keys\" must list at least one key"));
  }
  for (const auto& k : j["keys"]) {
    JwtKey key;
    key.kid = k.value("kid", "");
    key.alg = k.value("alg", "");
    if (key.kid.empty()) return absl::FailedPreconditionError(absl::StrCat(path, ": a key has no kid"));
    std::string file;
    if (key.alg == "HS256") {
      file = k.value("secret_file", "");
    } else if (key.alg == "RS256") {
      file = k.value("public_key_file", "");
    } else {
      return absl::FailedPreconditionError(
          absl::StrCat(path, ": key ", key.kid, " has alg '", key.alg, "' (HS256 or RS256)"));
    }
    if (file.empty()) {
      return absl::FailedPreconditionError(absl::StrCat(path, ": key ", key.kid, " names no file"));
    }
    std::filesystem::path p(file);
    absl::StatusOr<std::string> material = ReadConfigFile(p.is_absolute() ? p : base / p);
    if (!material.ok()) return material.status();
    key.material = std::string(absl::StripTrailingAsciiWhitespace(*material));
    if (key.alg == "HS256" && key.material.size() < 32) {
      return absl::FailedPreconditionError(
          absl::StrCat(path, ": HS256 secret of key ", key.kid, " is shorter than 32 bytes"));
    }
    if (!config.keys.emplace(key.kid, key).second) {
      return absl::FailedPreconditionError(absl::StrCat(path, ": duplicate kid ", key.kid));
    }
  }
  if (j.contains("trusted_clients")) {
    for (const auto& c : j["trusted_clients"]) config.trusted_clients.insert(c.get<std::string>());
  }
  return config;
}

absl::StatusOr<Caller> JwtVerifier::Verify(absl::string_view authorization, absl::Time now) const {
  absl::string_view token = absl::StripAsciiWhitespace(authorization);
  if (token.empty()) return Unauthenticated("no bearer token in the authorization metadata");
  if (absl::StartsWithIgnoreCase(token, "bearer ")) token = absl::StripAsciiWhitespace(token.substr(7));
  {
    absl::MutexLock lock(&mu_);
    auto it = verified_.find(token);
    if (it != verified_.end()) {
      if (now >= it->second.not_before && now <= it->second.expires) return it->second.caller;
      verified_.erase(it);
    }
  }
  absl::Time not_before = absl::InfinitePast(), expires = absl::InfinitePast();
  absl::StatusOr<Caller> caller = VerifyUncached(token, now, &not_before, &expires);
  if (caller.ok()) {
    absl::MutexLock lock(&mu_);
    if (verified_.size() >= 4096) verified_.clear();  // bounded: a flood of tokens only costs re-checks
    verified_[std::string(token)] = {*caller, not_before, expires};
  }
  return caller;
}

absl::StatusOr<Caller> JwtVerifier::VerifyUncached(absl::string_view token, absl::Time now, absl::Time* not_before,
                                                   absl::Time* expires) const {
  std::vector<absl::string_view> parts = absl::StrSplit(token, '.');
  if (parts.size() != 3) return Unauthenticated("malformed token");

  // Read the header ourselves first: the key decides the algorithm, never the token. This is
  // what stops "none" and HS256-signed-with-the-RSA-public-key confusion.
  std::string header_json;
  if (!absl::WebSafeBase64Unescape(parts[0], &header_json)) {
    return Unauthenticated("malformed token header");
  }
  nlohmann::json header = nlohmann::json::parse(header_json, nullptr, false);
  if (header.is_discarded() || !header.is_object()) return Unauthenticated("malformed token header");
  std::string alg = header.value("alg", "");
  std::string kid = header.value("kid", "");
  if (alg.empty() || absl::EqualsIgnoreCase(alg, "none")) {
    return Unauthenticated("unsigned tokens (alg none) are refused");
  }
  const JwtKey* key = nullptr;
  if (kid.empty()) {
    return Unauthenticated("token has no kid");
  }
  auto it = config_.keys.find(kid);
  if (it == config_.keys.end()) return Unauthenticated(absl::StrCat("unknown key id '", kid, "'"));
  key = &it->second;
  if (alg != key->alg) {
    return Unauthenticated(absl::StrCat("token algorithm ", alg, " does not match key ", kid));
  }

  jwt_t* raw = nullptr;
  std::string token_str(token);
  int rc = jwt_decode(&raw, token_str.c_str(), reinterpret_cast<const unsigned char*>(key->material.data()),
                      static_cast<int>(key->material.size()));
  JwtPtr jwt(raw);
  if (rc != 0 || jwt == nullptr) return Unauthenticated("signature does not verify");
  if (absl::string_view(jwt_alg_str(jwt_get_alg(jwt.get()))) != key->alg) {
    return Unauthenticated("token algorithm does not match its key");
  }

  errno = 0;
  long exp = jwt_get_grant_int(jwt.get(), "exp");
  if (errno != 0 || exp <= 0) return Unauthenticated("token has no expiry (exp)");
  if (absl::FromUnixSeconds(exp) + config_.leeway < now) return Unauthenticated("token expired");
  *expires = absl::FromUnixSeconds(exp) + config_.leeway;
  errno = 0;
  long nbf = jwt_get_grant_int(jwt.get(), "nbf");
  if (errno == 0 && nbf > 0 && absl::FromUnixSeconds(nbf) - config_.leeway > now) {
    return Unauthenticated("token not yet valid (nbf)");
  }
  if (errno == 0 && nbf > 0) *not_before = absl::FromUnixSeconds(nbf) - config_.leeway;
  const char* iss = jwt_get_grant(jwt.get(), "iss");
  if (iss == nullptr || config_.issuer != iss) return Unauthenticated("wrong issuer");
  if (!config_.audience.empty()) {
    const char* aud = jwt_get_grant(jwt.get(), "aud");
    if (aud == nullptr || config_.audience != aud) return Unauthenticated("wrong audience");
  }

  Caller caller;
  const char* sub = jwt_get_grant(jwt.get(), "sub");
  if (sub == nullptr || !ValidSubject(sub)) {
    return Unauthenticated("subject must be officials/<id> or clients/<id>");
  }
  caller.subject = sub;
  caller.trusted = caller.is_client() && config_.trusted_clients.contains(caller.subject);
  if (const char* obo = jwt_get_grant(jwt.get(), "on_behalf_of"); obo != nullptr && *obo != '\0') {
    if (!caller.is_client() || !config_.trusted_clients.contains(caller.subject)) {
      return absl::PermissionDeniedError(
          absl::StrCat(caller.subject, " is not a trusted system client and may not act on behalf of ", obo));
    }
    if (!absl::StartsWith(obo, "officials/") || !ValidSubject(obo)) {
      return Unauthenticated("on_behalf_of must name an official (officials/<id>)");
    }
    caller.on_behalf_of = obo;
  }
  if (char* roles_json = jwt_get_grants_json(jwt.get(), "roles"); roles_json != nullptr) {
    nlohmann::json roles = nlohmann::json::parse(roles_json, nullptr, false);
    free(roles_json);
    if (!roles.is_array()) return Unauthenticated("roles must be an array");
    for (const auto& r : roles) {
      AdminRole role = r.is_string() ? ParseRole(r.get<std::string>()) : AdminRole::kNone;
      if (role == AdminRole::kNone) return Unauthenticated("unknown role in token");
      if (caller.admin_role != AdminRole::kNone && caller.admin_role != role) {
        return absl::PermissionDeniedError("one account may hold only one of system/security/audit administrator");
      }
      caller.admin_role = role;
    }
  }
  return caller;
}

absl::StatusOr<std::string> MintWithConfig(const AuthConfig& config, const std::string& subject, AdminRole role) {
  if (config.keys.empty()) return absl::FailedPreconditionError("the key configuration has no key to sign with");
  const JwtKey& key = config.keys.begin()->second;
  TokenSpec spec;
  spec.subject = subject;
  spec.admin_role = role;
  spec.issuer = config.issuer;
  spec.audience = config.audience;
  spec.issued_at = absl::Now();
  return MintToken(spec, key.kid, key.alg, key.material);
}

absl::StatusOr<std::string> MintToken(const TokenSpec& spec, absl::string_view kid, absl::string_view alg,
                                      absl::string_view key_material) {
  jwt_t* raw = nullptr;
  if (jwt_new(&raw) != 0) return absl::InternalError("jwt_new failed");
  JwtPtr jwt(raw);
  jwt_alg_t a = jwt_str_alg(std::string(alg).c_str());
  if (a != JWT_ALG_HS256 && a != JWT_ALG_RS256) {
    return absl::InvalidArgumentError(absl::StrCat("unsupported alg ", alg));
  }
  if (jwt_set_alg(jwt.get(), a, reinterpret_cast<const unsigned char*>(key_material.data()),
                  static_cast<int>(key_material.size())) != 0) {
    return absl::InvalidArgumentError("key does not fit the algorithm");
  }
  jwt_add_header(jwt.get(), "kid", std::string(kid).c_str());
  jwt_add_grant(jwt.get(), "sub", spec.subject.c_str());
  jwt_add_grant(jwt.get(), "iss", spec.issuer.c_str());
  if (!spec.audience.empty()) jwt_add_grant(jwt.get(), "aud", spec.audience.c_str());
  jwt_add_grant_int(jwt.get(), "iat", absl::ToUnixSeconds(spec.issued_at));
  jwt_add_grant_int(jwt.get(), "exp", absl::ToUnixSeconds(spec.issued_at + spec.ttl));
  if (!spec.on_behalf_of.empty()) jwt_add_grant(jwt.get(), "on_behalf_of", spec.on_behalf_of.c_str());
  if (spec.admin_role != AdminRole::kNone) {
    nlohmann::json roles = {{"roles", {std::string(AdminRoleName(spec.admin_role))}}};
    jwt_add_grants_json(jwt.get(), roles.dump().c_str());
  }
  char* encoded = jwt_encode_str(jwt.get());
  if (encoded == nullptr) return absl::InternalError("cannot sign token");
  std::string out(encoded);
  free(encoded);
  return out;
}

}  // namespace xianfu
