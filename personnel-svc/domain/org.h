// The organisation as the rules see it on a range of days: who holds which post, the division
// of work (portfolios, A/B pairs), absences, entrustments and designations. Loaded by the store
// in one round trip; everything here is pure.
#ifndef XIANFU_PERSONNEL_SVC_DOMAIN_ORG_H_
#define XIANFU_PERSONNEL_SVC_DOMAIN_ORG_H_

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "common/deadline_proto.h"
#include "common/policy.h"
#include "xianfu/personnel/v1/personnel.pb.h"

namespace xianfu::personnel {

namespace v1 = ::xianfu::personnel::v1;

struct Holding {
  std::string post;  // "posts/…"
  v1::PostKind kind = v1::POST_KIND_UNSPECIFIED;
  std::string unit;  // "units/…"
  bool executive = false;
  bool foreign_affairs = false;
  std::vector<std::string> unit_roles;  // roles of the post's unit ("R-FAO", …)
  v1::UnitKind unit_kind = v1::UNIT_KIND_UNSPECIFIED;
  std::string official;
  absl::CivilDay start;
  std::optional<absl::CivilDay> end;
};

struct AbsenceFact {
  int64_t id = 0;
  std::string official;
  v1::AbsenceKind kind = v1::ABSENCE_KIND_UNSPECIFIED;
  bool leaves_jurisdiction = false;
  absl::CivilDay start, end;
};

struct EntrustmentFact {
  int64_t id = 0;
  std::string principal, delegate;
  std::set<int> scope;  // v1::ActKind values
  absl::CivilDay start, end;
  bool auto_assigned = false;
};

struct DesignationFact {
  int64_t id = 0;
  std::string principal;
  absl::CivilDay start, end;
  v1::DesignationState state = v1::DESIGNATION_STATE_UNSPECIFIED;
  std::string designee;
  absl::Time created;
};

struct PortfolioFact {
  std::string leader, unit;
  bool primary = false;
  absl::CivilDay start;
  std::optional<absl::CivilDay> end;
};

struct AbFact {
  std::string a, b;
  absl::CivilDay start;
  std::optional<absl::CivilDay> end;
};

struct UnitInfo {
  std::string name;  // "units/…"
  v1::UnitKind kind = v1::UNIT_KIND_UNSPECIFIED;
  std::vector<std::string> roles;
  std::string display_name_zh;
};

// Facts for the days [from, to]. Holdings, portfolios and A/B pairs carry their own validity so
// that a question about any day in the range has an answer.
class OrgFacts {
 public:
  absl::CivilDay from, to;
  std::vector<Holding> holdings;
  std::vector<PortfolioFact> portfolios;
  std::vector<AbFact> ab_pairs;
  std::vector<AbsenceFact> absences;          // registered (not cancelled), overlapping the range
  std::vector<EntrustmentFact> entrustments;  // not ended, overlapping the range
  std::vector<DesignationFact> designations;  // overlapping the range
  // Every official with his display name (中文), for the "X 代 Y" marks.
  std::map<std::string, std::string> names;
  // Every unit and every post (with all its terms).
  std::map<std::string, UnitInfo> units;
  std::map<std::string, v1::Post> posts;
  // Divisions of work by effective date, oldest first: (effective date, "divisions/…").
  std::vector<std::pair<absl::CivilDay, std::string>> divisions;

  bool Covers(absl::CivilDay day) const { return from <= day && day <= to; }
  bool Exists(const std::string& official) const { return names.contains(official); }
  // The division of work in force on `day` ("" when none).
  std::string DivisionOn(absl::CivilDay day) const;

  // The Chinese display name, or the id when unknown.
  std::string Name(const std::string& official) const;

  std::vector<const Holding*> HoldingsOf(const std::string& official, absl::CivilDay day) const;
  bool Holds(const std::string& official, v1::PostKind kind, absl::CivilDay day) const;
  // The holder of the first post of this kind (county head, office director …).
  std::string HolderOf(v1::PostKind kind, absl::CivilDay day) const;
  std::string CountyHead(absl::CivilDay day) const { return HolderOf(v1::POST_KIND_COUNTY_HEAD, day); }
  std::string ExecutiveDeputy(absl::CivilDay day) const;
  std::string ForeignAffairsDeputy(absl::CivilDay day) const;
  // Officials holding any post in a unit playing `role` (e.g. "R-FAO").
  std::vector<std::string> MembersOfUnitWithRole(absl::string_view role, absl::CivilDay day) const;
  std::vector<std::string> HoldersOf(v1::PostKind kind, absl::CivilDay day) const;
  std::string PrincipalHeadOf(const std::string& unit, absl::CivilDay day) const;
  std::string PrimaryLeaderOf(const std::string& unit, absl::CivilDay day) const;

  // B of `official` on `day` (DIS-02), or "".
  std::string BOf(const std::string& official, absl::CivilDay day) const;
  // Leaders whose B is `official`.
  std::vector<std::string> AsOf(const std::string& official, absl::CivilDay day) const;

  const AbsenceFact* AbsenceOn(const std::string& official, absl::CivilDay day) const;
  bool IsAbsent(const std::string& official, absl::CivilDay day) const { return AbsenceOn(official, day) != nullptr; }

  // Role codes of roles.md ("R-CH", "R-EDH", "R-DH", "R-FA-DH", "R-OD", "R-ODD", "R-OFFICE",
  // "R-PGS", "R-CPS", "R-DEPT-HEAD", "R-DEPT-DEP", "R-SUP", or a unit role such as "R-FAO").
  bool HoldsRole(const std::string& official, absl::string_view role, absl::CivilDay day) const;
  std::vector<std::string> OfficialsWithRole(absl::string_view role, absl::CivilDay day) const;

  // A leader in the sense of AMB-19 (the policy's org.leader_roles) and a member (ORG-01).
  bool IsLeader(const std::string& official, absl::CivilDay day, const Policy& policy) const;
  bool IsMember(const std::string& official, absl::CivilDay day, const Policy& policy) const;
};

// ORG-04, ORG-07, §7 invariants of roles.md for a new division of work, checked against the
// posts in force on its effective date: every constituent department has exactly one primary
// leader; leaders are county leaders; A/B pairs are not self-pairs and name leaders; one
// executive deputy exists. Refusals cite their rule.
absl::Status ValidateDivision(const v1::DivisionOfWork& division, const OrgFacts& facts, const Policy& policy);

// ORG-04 against the register: the units a division names exist, and every constituent department
// has exactly one primary leader.
absl::Status ValidateDivisionUnits(const v1::DivisionOfWork& division, const std::map<std::string, UnitInfo>& units,
                                   const Policy& policy);

}  // namespace xianfu::personnel

#endif  // XIANFU_PERSONNEL_SVC_DOMAIN_ORG_H_
