// Overrides of soft rules (REJECT_O, catalogue 0.1): who may override which rule comes from the
// policy's rule table, the shortest written reason from the policy's overrides area. One
// implementation for every module.
#ifndef XIANFU_COMMON_OVERRIDES_H_
#define XIANFU_COMMON_OVERRIDES_H_

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "common/policy.h"
#include "common/validation.h"
#include "xianfu/common/v1/common.pb.h"

namespace xianfu {

// Whether the actor holds a role code ("R-CH") on the day of the act.
using HoldsRole = std::function<bool(absl::string_view role)>;

// The override of `rule_id` among `requested`, if the caller asked for one: nullopt when none
// was asked for; the record when `actor` holds the rule's override role and gave a reason of at
// least overrides.min_reason_chars characters; PERMISSION_DENIED (citing the rule) or
// INVALID_ARGUMENT otherwise.
absl::StatusOr<std::optional<common::v1::OverrideRecord>> TakeOverride(
    absl::string_view rule_id, const std::vector<common::v1::OverrideRequest>& requested, const std::string& actor,
    const HoldsRole& holds_role, absl::Time now, const Policy& policy);

}  // namespace xianfu

#endif  // XIANFU_COMMON_OVERRIDES_H_
