// The county policy in force: the typed policy file (xianfu.policy.v1.CountyPolicy), validated
// and immutable, with lookups the services use at run time. Thresholds, deadlines and article
// numbers are read from here; no county's values appear in code.
#ifndef XIANFU_COMMON_POLICY_H_
#define XIANFU_COMMON_POLICY_H_

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "common/errors.h"
#include "xianfu/policy/v1/policy.pb.h"

namespace xianfu {

class Policy {
 public:
  // Use LoadPolicy. `proto` must have passed ValidatePolicy.
  Policy(policy::v1::CountyPolicy proto, std::string version);

  Policy(const Policy&) = delete;
  Policy& operator=(const Policy&) = delete;

  const policy::v1::CountyPolicy& proto() const { return proto_; }
  // "<policy_id>@<first 12 hex digits of the file's sha256>".
  const std::string& version() const { return version_; }

  absl::CivilDay effective_from() const { return effective_from_; }
  // Whether these rules govern acts on `day` (they apply from effective_from on).
  bool IsEffectiveOn(absl::CivilDay day) const { return day >= effective_from_; }

  // NOT_FOUND for an id the policy does not define.
  absl::StatusOr<const policy::v1::Rule*> FindRule(absl::string_view rule_id) const;
  absl::StatusOr<const policy::v1::Role*> FindRole(absl::string_view code) const;

  // How a refusal or warning under `rule_id` cites the rules: article, source title, override
  // role, policy version. An id the policy lacks is an INTERNAL error: the code names a rule
  // the county's file does not define.
  absl::StatusOr<RuleCitation> Cite(absl::string_view rule_id) const;

  // A refusal under `rule_id` (RuleError with this policy's citation).
  absl::Status Refuse(absl::StatusCode code, absl::string_view rule_id, absl::string_view message_zh,
                      absl::string_view message_en, absl::string_view field = "") const;
  // A warning (soft rule) or a reason under `rule_id`, for responses.
  common::v1::RuleViolation Explain(absl::string_view rule_id, absl::string_view message_zh,
                                    absl::string_view message_en) const;

 private:
  policy::v1::CountyPolicy proto_;
  std::string version_;
  absl::CivilDay effective_from_;
  absl::flat_hash_map<std::string, const policy::v1::Rule*> rules_by_id_;
  absl::flat_hash_map<std::string, const policy::v1::Role*> roles_by_code_;
};

// Reads a text-format CountyPolicy and validates it. Syntax errors and unknown fields are
// reported with line and column; validation errors name the field.
absl::StatusOr<std::shared_ptr<const Policy>> LoadPolicy(const std::filesystem::path& path);

// Every value present with a source, quantities in range, enum choices made and allowed for their
// field, thresholds in a possible order, rule ids unique, role references declared. Lists every
// problem found in one INVALID_ARGUMENT status.
absl::Status ValidatePolicy(const policy::v1::CountyPolicy& policy);

// Whether `fen` belongs to the tier that starts at `minimum` (at or above it when inclusive,
// above it otherwise).
bool MeetsMinimum(const policy::v1::MoneyThreshold& minimum, int64_t fen);
// Whether `fen` belongs to the tier that ends at `maximum`.
bool WithinMaximum(const policy::v1::MoneyThreshold& maximum, int64_t fen);

// The period of a policy frequency (weekly … half-yearly; monthly otherwise) that contains `day`.
std::pair<absl::CivilDay, absl::CivilDay> PeriodOf(policy::v1::Frequency frequency, absl::CivilDay day);

}  // namespace xianfu

#endif  // XIANFU_COMMON_POLICY_H_
