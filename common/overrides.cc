#include "common/overrides.h"

#include "absl/strings/str_cat.h"

namespace xianfu {

absl::StatusOr<std::optional<common::v1::OverrideRecord>> TakeOverride(
    absl::string_view rule_id, const std::vector<common::v1::OverrideRequest>& requested, const std::string& actor,
    const HoldsRole& holds_role, absl::Time now, const Policy& policy) {
  for (const common::v1::OverrideRequest& o : requested) {
    if (o.rule_id() != rule_id) continue;
    absl::StatusOr<RuleCitation> rule = policy.Cite(rule_id);
    if (!rule.ok()) return rule.status();
    if (!rule->override_allowed || rule->override_role.empty() || !holds_role(rule->override_role)) {
      return policy.Refuse(
          absl::StatusCode::kPermissionDenied, rule_id,
          absl::StrCat(rule->override_allowed
                           ? absl::StrCat("只有",
                                          rule->override_role_zh.empty() ? rule->override_role : rule->override_role_zh,
                                          "可以作出例外决定")
                           : "此规定不允许例外"),
          rule->override_allowed ? absl::StrCat("only ", rule->override_role, " may override ", rule_id)
                                 : absl::StrCat(rule_id, " allows no override"),
          "overrides");
    }
    const int64_t minimum = policy.proto().overrides().min_reason_chars().count();
    if (CharacterCount(o.reason()) < minimum) {
      return policy.Refuse(
          absl::StatusCode::kInvalidArgument, rule_id, absl::StrCat("例外决定须书面说明理由（至少", minimum, "个字）"),
          absl::StrCat("an override of ", rule_id, " needs a written reason of at least ", minimum, " characters"),
          "overrides.reason");
    }
    common::v1::OverrideRecord record;
    record.set_rule_id(std::string(rule_id));
    record.set_reason(o.reason());
    record.set_overridden_by(actor);
    record.set_role(rule->override_role);
    record.set_at_unix_seconds(absl::ToUnixSeconds(now));
    return std::optional<common::v1::OverrideRecord>(record);
  }
  return std::optional<common::v1::OverrideRecord>();
}

}  // namespace xianfu
