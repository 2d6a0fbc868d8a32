// What the organisation directory answers, as plain data for the modules' domain code: an
// official's standing, a unit's leadership, who acts for whom. No gRPC, no database.
#ifndef XIANFU_COMMON_ORG_TYPES_H_
#define XIANFU_COMMON_ORG_TYPES_H_

#include <set>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "xianfu/common/v1/common.pb.h"

namespace xianfu::org {

// One official on a day.
struct Person {
  std::string official;  // "officials/…", or a system client's subject
  std::string display_name;
  std::set<std::string> roles;  // "R-CH", "R-EDH", "R-OFFICE", "R-JB", …
  std::set<std::string> units;
  bool absent = false;
  bool Has(absl::string_view role) const { return roles.contains(std::string(role)); }
  bool InUnit(const std::string& unit) const { return units.contains(unit); }
};

// One unit on a day.
struct Unit {
  std::string unit;
  std::string display_name;
  bool internal_unit = false;  // 内设机构 (DOC-21)
  bool dual_led = false;       // under dual leadership: the rules apply for reference (ORG-11)
  std::string principal_head;
  bool principal_head_absent = false;
  std::vector<std::string> deputy_heads;
  std::vector<std::string> clerks;
  std::string primary_leader;   // 分管领导
  std::set<std::string> roles;  // of the unit itself ("R-PREF-GO" for the prefecture office …)
  bool IsResponsibleLeader(const std::string& official) const;  // principal or deputy head
};

// Who may do an act for a principal on a day.
struct Acting {
  std::string principal;
  std::string actor;  // "" while the act waits
  bool waiting = false;
  std::string display;  // "岩香(受县长安排)代玉罕"
  common::v1::ActingMark mark;
  common::v1::RuleViolation reason;
  bool InPerson() const { return actor == principal; }
};

}  // namespace xianfu::org

#endif  // XIANFU_COMMON_ORG_TYPES_H_
