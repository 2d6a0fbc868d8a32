#include "personnel-svc/domain/org.h"

#include <algorithm>
#include <map>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace xianfu::personnel {
namespace {

template <typename T>
bool ValidOn(const T& fact, absl::CivilDay day) {
  return fact.start <= day && (!fact.end.has_value() || day <= *fact.end);
}

void AddUnique(std::vector<std::string>& out, const std::string& value) {
  if (!value.empty() && std::find(out.begin(), out.end(), value) == out.end()) out.push_back(value);
}

}  // namespace

std::string OrgFacts::Name(const std::string& official) const {
  auto it = names.find(official);
  return it == names.end() || it->second.empty() ? official : it->second;
}

std::string OrgFacts::DivisionOn(absl::CivilDay day) const {
  std::string out;
  for (const auto& [effective, name] : divisions) {
    if (effective <= day) out = name;
  }
  return out;
}

std::vector<const Holding*> OrgFacts::HoldingsOf(const std::string& official, absl::CivilDay day) const {
  std::vector<const Holding*> out;
  for (const Holding& h : holdings) {
    if (h.official == official && ValidOn(h, day)) out.push_back(&h);
  }
  return out;
}

bool OrgFacts::Holds(const std::string& official, v1::PostKind kind, absl::CivilDay day) const {
  for (const Holding* h : HoldingsOf(official, day)) {
    if (h->kind == kind) return true;
  }
  return false;
}

std::string OrgFacts::HolderOf(v1::PostKind kind, absl::CivilDay day) const {
  for (const Holding& h : holdings) {
    if (h.kind == kind && ValidOn(h, day)) return h.official;
  }
  return "";
}

std::vector<std::string> OrgFacts::HoldersOf(v1::PostKind kind, absl::CivilDay day) const {
  std::vector<std::string> out;
  for (const Holding& h : holdings) {
    if (h.kind == kind && ValidOn(h, day)) AddUnique(out, h.official);
  }
  return out;
}

std::string OrgFacts::ExecutiveDeputy(absl::CivilDay day) const {
  for (const Holding& h : holdings) {
    if (h.kind == v1::POST_KIND_DEPUTY_HEAD && h.executive && ValidOn(h, day)) return h.official;
  }
  return "";
}

std::string OrgFacts::ForeignAffairsDeputy(absl::CivilDay day) const {
  for (const Holding& h : holdings) {
    if (h.foreign_affairs && ValidOn(h, day)) return h.official;
  }
  // roles.md §7: the county head is the foreign-affairs leader when no deputy is assigned.
  return CountyHead(day);
}

std::vector<std::string> OrgFacts::MembersOfUnitWithRole(absl::string_view role, absl::CivilDay day) const {
  std::vector<std::string> out;
  for (const Holding& h : holdings) {
    if (!ValidOn(h, day)) continue;
    if (std::find(h.unit_roles.begin(), h.unit_roles.end(), role) != h.unit_roles.end()) {
      AddUnique(out, h.official);
    }
  }
  return out;
}

std::string OrgFacts::PrincipalHeadOf(const std::string& unit, absl::CivilDay day) const {
  for (const Holding& h : holdings) {
    if (h.unit == unit && (h.kind == v1::POST_KIND_DEPARTMENT_PRINCIPAL || h.kind == v1::POST_KIND_TOWNSHIP_HEAD) &&
        ValidOn(h, day)) {
      return h.official;
    }
  }
  return "";
}

std::string OrgFacts::PrimaryLeaderOf(const std::string& unit, absl::CivilDay day) const {
  for (const PortfolioFact& p : portfolios) {
    if (p.unit == unit && p.primary && ValidOn(p, day)) return p.leader;
  }
  return "";
}

std::string OrgFacts::BOf(const std::string& official, absl::CivilDay day) const {
  for (const AbFact& ab : ab_pairs) {
    if (ab.a == official && ValidOn(ab, day)) return ab.b;
  }
  return "";
}

std::vector<std::string> OrgFacts::AsOf(const std::string& official, absl::CivilDay day) const {
  std::vector<std::string> out;
  for (const AbFact& ab : ab_pairs) {
    if (ab.b == official && ValidOn(ab, day)) AddUnique(out, ab.a);
  }
  return out;
}

const AbsenceFact* OrgFacts::AbsenceOn(const std::string& official, absl::CivilDay day) const {
  for (const AbsenceFact& a : absences) {
    if (a.official == official && a.start <= day && day <= a.end) return &a;
  }
  return nullptr;
}

bool OrgFacts::HoldsRole(const std::string& official, absl::string_view role, absl::CivilDay day) const {
  for (const Holding* h : HoldingsOf(official, day)) {
    const v1::PostKind k = h->kind;
    if ((role == "R-CH" && k == v1::POST_KIND_COUNTY_HEAD) || (role == "R-DH" && k == v1::POST_KIND_DEPUTY_HEAD) ||
        (role == "R-EDH" && k == v1::POST_KIND_DEPUTY_HEAD && h->executive) ||
        (role == "R-FA-DH" && h->foreign_affairs) || (role == "R-OD" && k == v1::POST_KIND_OFFICE_DIRECTOR) ||
        (role == "R-ODD" && k == v1::POST_KIND_OFFICE_DEPUTY_DIRECTOR) ||
        (role == "R-OFFICE" && (k == v1::POST_KIND_OFFICE_DIRECTOR || k == v1::POST_KIND_OFFICE_DEPUTY_DIRECTOR ||
                                k == v1::POST_KIND_OFFICE_CLERK)) ||
        (role == "R-PGS" && k == v1::POST_KIND_PARTY_GROUP_SECRETARY) ||
        (role == "R-PGD" && k == v1::POST_KIND_PARTY_GROUP_DEPUTY_SECRETARY) ||
        (role == "R-PGM" && (k == v1::POST_KIND_PARTY_GROUP_SECRETARY || k == v1::POST_KIND_PARTY_GROUP_DEPUTY_SECRETARY ||
                             k == v1::POST_KIND_PARTY_GROUP_MEMBER)) ||
        (role == "R-TWN-HEAD" && k == v1::POST_KIND_TOWNSHIP_HEAD) ||
        (role == "R-CPS" && k == v1::POST_KIND_COUNTY_PARTY_SECRETARY) ||
        (role == "R-DEPT-HEAD" && k == v1::POST_KIND_DEPARTMENT_PRINCIPAL) ||
        (role == "R-DEPT-DEP" && k == v1::POST_KIND_DEPARTMENT_DEPUTY) ||
        (role == "R-SUP" && (k == v1::POST_KIND_SUPERVISION_DIRECTOR || k == v1::POST_KIND_SUPERVISION_STAFF)) ||
        std::find(h->unit_roles.begin(), h->unit_roles.end(), role) != h->unit_roles.end()) {
      return true;
    }
  }
  // The foreign-affairs role falls back to the county head (roles.md §7).
  if (role == "R-FA-DH") return ForeignAffairsDeputy(day) == official;
  return false;
}

std::vector<std::string> OrgFacts::OfficialsWithRole(absl::string_view role, absl::CivilDay day) const {
  std::vector<std::string> out;
  for (const Holding& h : holdings) {
    if (ValidOn(h, day) && HoldsRole(h.official, role, day)) AddUnique(out, h.official);
  }
  return out;
}

bool OrgFacts::IsLeader(const std::string& official, absl::CivilDay day, const Policy& policy) const {
  for (const std::string& role : policy.proto().org().leader_roles().roles()) {
    if (HoldsRole(official, role, day)) return true;
  }
  if (policy.proto().org().include_party_group_only_members().enabled()) {
    return Holds(official, v1::POST_KIND_PARTY_GROUP_MEMBER, day) ||
           Holds(official, v1::POST_KIND_PARTY_GROUP_SECRETARY, day);
  }
  return false;
}

bool OrgFacts::IsMember(const std::string& official, absl::CivilDay day, const Policy& policy) const {
  if (IsLeader(official, day, policy)) return true;
  for (const Holding* h : HoldingsOf(official, day)) {
    if (h->kind == v1::POST_KIND_DEPARTMENT_PRINCIPAL && h->unit_kind == v1::UNIT_KIND_CONSTITUENT_DEPARTMENT) {
      return true;
    }
  }
  return false;
}

absl::Status ValidateDivisionUnits(const v1::DivisionOfWork& division, const std::map<std::string, UnitInfo>& units,
                                   const Policy& policy) {
  std::map<std::string, v1::UnitKind> kinds;
  for (const auto& [name, u] : units) kinds[name] = u.kind;
  std::map<std::string, std::vector<std::string>> primaries;
  for (const v1::Portfolio& p : division.portfolios()) {
    for (const std::string& u : p.primary_units()) {
      if (!kinds.contains(u)) {
        return absl::InvalidArgumentError(absl::StrCat("unknown unit ", u, " in the portfolio of ", p.leader()));
      }
      primaries[u].push_back(p.leader());
    }
    for (const std::string& u : p.co_units()) {
      if (!kinds.contains(u)) {
        return absl::InvalidArgumentError(absl::StrCat("unknown unit ", u, " in the portfolio of ", p.leader()));
      }
    }
  }
  std::vector<std::string> missing, doubled;
  for (const auto& [unit, kind] : kinds) {
    if (kind != v1::UNIT_KIND_CONSTITUENT_DEPARTMENT) continue;
    auto it = primaries.find(unit);
    if (it == primaries.end()) missing.push_back(unit);
  }
  for (const auto& [unit, leaders] : primaries) {
    if (leaders.size() > 1) doubled.push_back(absl::StrCat(unit, " (", absl::StrJoin(leaders, ", "), ")"));
  }
  if (!missing.empty() || !doubled.empty()) {
    std::string zh = "每个组成部门须有且只有一位分管县领导";
    std::string en = "every constituent department needs exactly one primary responsible leader";
    if (!missing.empty()) {
      absl::StrAppend(&zh, "；无分管领导：", absl::StrJoin(missing, "、"));
      absl::StrAppend(&en, "; none for: ", absl::StrJoin(missing, ", "));
    }
    if (!doubled.empty()) {
      absl::StrAppend(&zh, "；多位分管领导：", absl::StrJoin(doubled, "、"));
      absl::StrAppend(&en, "; several for: ", absl::StrJoin(doubled, ", "));
    }
    return policy.Refuse(absl::StatusCode::kFailedPrecondition, "ORG-04", zh, en, "division.portfolios");
  }
  return absl::OkStatus();
}

absl::Status ValidateDivision(const v1::DivisionOfWork& division, const OrgFacts& facts, const Policy& policy) {
  const absl::CivilDay day = FromProtoDate(division.effective_date());
  if (division.basis() == v1::DIVISION_BASIS_UNSPECIFIED) {
    return absl::InvalidArgumentError("division.basis is required (INITIAL_LOAD or PARTY_GROUP_DECISION)");
  }
  if (division.basis() == v1::DIVISION_BASIS_PARTY_GROUP_DECISION && division.decision_reference().empty()) {
    return policy.Refuse(absl::StatusCode::kFailedPrecondition, "MTG-06",
                         "调整县政府领导分工须经县政府党组会议决定，请注明决定文号",
                         "a change of the division of work rests on a party-group decision: "
                         "name it in decision_reference",
                         "division.decision_reference");
  }
  std::set<std::string> leaders_with_portfolio;
  for (const v1::Portfolio& p : division.portfolios()) {
    if (!facts.HoldsRole(p.leader(), "R-DH", day) && !facts.HoldsRole(p.leader(), "R-OD", day) &&
        !facts.HoldsRole(p.leader(), "R-CH", day)) {
      return policy.Refuse(
          absl::StatusCode::kFailedPrecondition, "ORG-04",
          absl::StrCat(p.leader(), " 在 ", absl::FormatCivilTime(day), " 不是县长、副县长或办公室主任，不能分管部门"),
          absl::StrCat(p.leader(),
                       " is not the county head, a deputy head or the "
                       "office director on ",
                       absl::FormatCivilTime(day), " and cannot hold a portfolio"),
          "division.portfolios.leader");
    }
    if (!leaders_with_portfolio.insert(p.leader()).second) {
      return absl::InvalidArgumentError(absl::StrCat(p.leader(), " has two portfolios in one division"));
    }
  }
  std::set<std::string> with_b;
  for (const v1::AbPair& ab : division.ab_pairs()) {
    if (ab.a().empty() || ab.b().empty()) return absl::InvalidArgumentError("an A/B pair needs both a and b");
    if (ab.a() == ab.b()) {
      return policy.Refuse(absl::StatusCode::kInvalidArgument, "DIS-02", absl::StrCat(ab.a(), " 不能作自己的B角"),
                           absl::StrCat(ab.a(), " cannot be his own B"), "division.ab_pairs");
    }
    if (!with_b.insert(ab.a()).second) {
      return policy.Refuse(absl::StatusCode::kInvalidArgument, "DIS-02", absl::StrCat(ab.a(), " 只能有一位B角"),
                           absl::StrCat(ab.a(), " can have only one B"), "division.ab_pairs");
    }
    for (const std::string& who : {ab.a(), ab.b()}) {
      if (!facts.IsLeader(who, day, policy)) {
        return policy.Refuse(absl::StatusCode::kFailedPrecondition, "DIS-02",
                             absl::StrCat(who, " 不是县政府领导，不能列入AB角"),
                             absl::StrCat(who,
                                          " is not a county-government leader and cannot be "
                                          "in an A/B pair"),
                             "division.ab_pairs");
      }
    }
  }
  if (facts.ExecutiveDeputy(day).empty() && !facts.HoldersOf(v1::POST_KIND_DEPUTY_HEAD, day).empty()) {
    return policy.Refuse(absl::StatusCode::kFailedPrecondition, "ORG-07", "须有一位常务副县长",
                         "exactly one deputy head must be the executive deputy");
  }
  return absl::OkStatus();
}

}  // namespace xianfu::personnel
