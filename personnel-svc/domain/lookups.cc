#include "personnel-svc/domain/lookups.h"

#include <algorithm>
#include <set>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/errors.h"
#include "personnel-svc/domain/acting.h"

namespace xianfu::personnel {
namespace {

// The role codes of roles.md an official may hold by his posts.
constexpr const char* kRoles[] = {"R-CH", "R-EDH", "R-DH", "R-FA-DH", "R-OD", "R-ODD", "R-OFFICE", "R-PGS", "R-PGD",
                                  "R-PGM", "R-CPS", "R-DEPT-HEAD", "R-DEPT-DEP", "R-SUP", "R-TWN-HEAD",
                                  // Unit roles the modules act on (the finance bureau pays, MTG-09).
                                  "R-FIN", "R-DRC", "R-JB", "R-PETITION"};

template <typename T>
bool ValidOn(const T& fact, absl::CivilDay day) {
  return fact.start <= day && (!fact.end.has_value() || day <= *fact.end);
}

}  // namespace

absl::CivilDay DayOf(const common::v1::CivilDate& date, absl::CivilDay fallback) {
  if (date.year() == 0 && date.month() == 0 && date.day() == 0) return fallback;
  return FromProtoDate(date);
}

absl::StatusOr<v1::OfficialStanding> StandingOf(const OrgFacts& facts, const std::string& official, absl::CivilDay day,
                                                const Policy& policy) {
  if (!facts.Exists(official)) return absl::NotFoundError(absl::StrCat(official, " does not exist"));
  v1::OfficialStanding out;
  out.set_official(official);
  *out.mutable_date() = ToProtoDate(day);
  std::set<std::string> roles, units;
  for (const Holding* h : facts.HoldingsOf(official, day)) {
    if (auto it = facts.posts.find(h->post); it != facts.posts.end()) *out.add_posts() = it->second;
    roles.insert(h->unit_roles.begin(), h->unit_roles.end());
    units.insert(h->unit);
  }
  v1::Portfolio* portfolio = out.mutable_portfolio();
  portfolio->set_leader(official);
  for (const PortfolioFact& p : facts.portfolios) {
    if (p.leader != official || !ValidOn(p, day)) continue;
    if (p.primary) {
      portfolio->add_primary_units(p.unit);
    } else {
      portfolio->add_co_units(p.unit);
    }
  }
  for (const char* role : kRoles) {
    if (facts.HoldsRole(official, role, day)) roles.insert(role);
  }
  for (const std::string& r : roles) out.add_roles(r);
  for (const std::string& u : units) out.add_units(u);
  out.set_display_name_zh(facts.Name(official));
  out.set_ab_partner(facts.BOf(official, day));
  out.set_leader(facts.IsLeader(official, day, policy));
  out.set_member(facts.IsMember(official, day, policy));
  if (const AbsenceFact* a = facts.AbsenceOn(official, day); a != nullptr) {
    out.set_absent(true);
    out.set_absence(absl::StrCat("absences/", a->id));
  }
  return out;
}

absl::StatusOr<v1::UnitLeadership> LeadershipOf(const OrgFacts& facts, const std::string& unit, absl::CivilDay day) {
  auto info = facts.units.find(unit);
  if (info == facts.units.end()) return absl::NotFoundError(absl::StrCat(unit, " does not exist"));
  v1::UnitLeadership out;
  out.set_unit(unit);
  *out.mutable_date() = ToProtoDate(day);
  out.set_unit_kind(info->second.kind);
  for (const std::string& r : info->second.roles) out.add_unit_roles(r);
  out.set_display_name_zh(info->second.display_name_zh);
  for (const PortfolioFact& p : facts.portfolios) {
    if (p.unit != unit || !ValidOn(p, day)) continue;
    if (p.primary) {
      out.set_primary_leader(p.leader);
    } else {
      out.add_co_leaders(p.leader);
    }
  }
  for (const Holding& h : facts.holdings) {
    if (h.unit != unit || !ValidOn(h, day)) continue;
    if (h.kind == v1::POST_KIND_DEPARTMENT_PRINCIPAL || h.kind == v1::POST_KIND_TOWNSHIP_HEAD) {
      out.set_principal_head(h.official);
    }
    if (h.kind == v1::POST_KIND_DEPARTMENT_DEPUTY) out.add_deputy_heads(h.official);
    if (h.kind == v1::POST_KIND_UNIT_CLERK || h.kind == v1::POST_KIND_OFFICE_CLERK) out.add_clerks(h.official);
  }
  out.set_principal_head_absent(!out.principal_head().empty() && facts.IsAbsent(out.principal_head(), day));
  out.set_division(facts.DivisionOn(day));
  return out;
}

absl::StatusOr<v1::UnitLeadership> UnitPlaying(const OrgFacts& facts, const std::string& role, absl::CivilDay day) {
  std::vector<std::string> playing;
  for (const auto& [name, info] : facts.units) {
    if (std::find(info.roles.begin(), info.roles.end(), role) != info.roles.end()) playing.push_back(name);
  }
  if (playing.empty()) return absl::NotFoundError(absl::StrCat("no unit plays ", role.substr(0, 32)));
  if (playing.size() > 1) {
    return absl::FailedPreconditionError(
        absl::StrCat(absl::StrJoin(playing, ", "), " all play ", role, ": the organisation must name one"));
  }
  return LeadershipOf(facts, playing.front(), day);
}

v1::RoleHolders RoleHoldersOf(const OrgFacts& facts, const std::string& role, absl::CivilDay day) {
  v1::RoleHolders out;
  out.set_role(role);
  for (const std::string& o : facts.OfficialsWithRole(role, day)) out.add_officials(o);
  return out;
}

absl::StatusOr<std::string> PrincipalOf(const OrgFacts& facts, const v1::ResolveActingRequest& request,
                                        absl::CivilDay day) {
  const std::string when = absl::FormatCivilTime(day);
  switch (request.principal_case()) {
    case v1::ResolveActingRequest::kOfficial:
      if (!facts.Exists(request.official())) {
        return absl::NotFoundError(absl::StrCat(request.official(), " does not exist"));
      }
      return request.official();
    case v1::ResolveActingRequest::kPost:
      for (const Holding& h : facts.holdings) {
        if (h.post == request.post() && ValidOn(h, day)) return h.official;
      }
      return absl::NotFoundError(absl::StrCat(request.post(), " has no holder on ", when));
    case v1::ResolveActingRequest::kRole: {
      std::vector<std::string> holders = facts.OfficialsWithRole(request.role(), day);
      if (holders.empty()) return absl::NotFoundError(absl::StrCat("nobody holds ", request.role(), " on ", when));
      return holders.front();
    }
    case v1::ResolveActingRequest::kUnitLeader: {
      if (!facts.units.contains(request.unit_leader())) {
        return absl::NotFoundError(absl::StrCat(request.unit_leader(), " does not exist"));
      }
      std::string leader = facts.PrimaryLeaderOf(request.unit_leader(), day);
      if (leader.empty()) {
        return absl::NotFoundError(absl::StrCat(request.unit_leader(), " has no leader in charge on ", when));
      }
      return leader;
    }
    case v1::ResolveActingRequest::PRINCIPAL_NOT_SET:
      break;
  }
  return absl::InvalidArgumentError("name the principal: official, post, role or unit_leader");
}

absl::StatusOr<v1::BatchLookupResponse> AnswerBatch(const OrgFacts& facts, const v1::BatchLookupRequest& request,
                                                    absl::Time now, const Policy& policy) {
  if (request.questions_size() > kMaxBatchQuestions) {
    return absl::InvalidArgumentError(absl::StrCat("questions: at most ", kMaxBatchQuestions, " in one batch"));
  }
  const absl::Time at = request.has_time() ? FromProtoTime(request.time()) : now;
  const absl::CivilDay day = LocalDay(at);
  v1::BatchLookupResponse out;
  for (const v1::OrgQuestion& q : request.questions()) {
    v1::OrgAnswer* answer = out.add_answers();
    absl::Status error;
    switch (q.question_case()) {
      case v1::OrgQuestion::kOfficial: {
        absl::StatusOr<v1::OfficialStanding> s =
            StandingOf(facts, q.official().official(), DayOf(q.official().date(), day), policy);
        if (s.ok()) *answer->mutable_official() = *std::move(s);
        error = s.status();
        break;
      }
      case v1::OrgQuestion::kUnit: {
        absl::StatusOr<v1::UnitLeadership> u = LeadershipOf(facts, q.unit().unit(), DayOf(q.unit().date(), day));
        if (u.ok()) *answer->mutable_unit() = *std::move(u);
        error = u.status();
        break;
      }
      case v1::OrgQuestion::kUnitByRole: {
        absl::StatusOr<v1::UnitLeadership> u =
            UnitPlaying(facts, q.unit_by_role().role(), DayOf(q.unit_by_role().date(), day));
        if (u.ok()) *answer->mutable_unit() = *std::move(u);
        error = u.status();
        break;
      }
      case v1::OrgQuestion::kRoleHolders:
        *answer->mutable_role_holders() =
            RoleHoldersOf(facts, q.role_holders().role(), DayOf(q.role_holders().date(), day));
        break;
      case v1::OrgQuestion::kResolve:
      case v1::OrgQuestion::kCheck: {
        const v1::ResolveActingRequest& r = q.has_check() ? q.check().resolve() : q.resolve();
        const absl::CivilDay act_day = r.has_time() ? LocalDay(FromProtoTime(r.time())) : day;
        absl::StatusOr<std::string> principal = PrincipalOf(facts, r, act_day);
        if (!principal.ok()) {
          error = principal.status();
        } else if (q.has_check()) {
          absl::StatusOr<v1::ActingResolution> checked =
              CheckActing(facts, *principal, r.act(), act_day, q.check().candidate(), policy);
          if (checked.ok()) *answer->mutable_resolution() = *std::move(checked);
          error = checked.status();
        } else {
          *answer->mutable_resolution() = ResolveActing(facts, *principal, r.act(), act_day, policy);
        }
        break;
      }
      case v1::OrgQuestion::QUESTION_NOT_SET:
        error = absl::InvalidArgumentError("an empty question");
        break;
    }
    if (!error.ok()) *answer->mutable_error() = ToStatusProto(error);
  }
  return out;
}

}  // namespace xianfu::personnel
