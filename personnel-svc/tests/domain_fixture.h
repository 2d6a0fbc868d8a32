// Shared by personnel-svc's unit tests: fixture F-1 as facts, the policy and calendar, an Env and
// a Namer for the decisions.
#ifndef XIANFU_PERSONNEL_SVC_TESTS_DOMAIN_FIXTURE_H_
#define XIANFU_PERSONNEL_SVC_TESTS_DOMAIN_FIXTURE_H_

#include <filesystem>
#include <map>
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "common/calendar.h"
#include "common/deadline_proto.h"
#include "common/effects.h"
#include "common/errors.h"
#include "common/policy.h"
#include "common/tests/domain_fixture.h"
#include "personnel-svc/domain/org.h"

namespace xianfu::personnel {

using absl::CivilDay;

// The policy, calendar, Env and Namer are the shared ones (common/tests/domain_fixture.h).
using testing::At;
using testing::Cal;
using testing::CalendarPtr;
using testing::EnvAt;
using testing::Mengla;
using testing::TestNames;
inline std::string RuleOf(const absl::Status& s) { return testing::Rule(s); }

inline std::string O(const char* id) { return absl::StrCat("officials/", id); }

// Fixture F-1, as far as these rules need it, valid from 2026-01-01.
inline OrgFacts F1() {
  OrgFacts f;
  f.from = CivilDay(2026, 1, 1);
  f.to = CivilDay(2026, 12, 31);
  auto hold = [&](const char* who, v1::PostKind kind, const char* unit, bool executive = false, bool fa = false,
                  std::vector<std::string> roles = {}, v1::UnitKind unit_kind = v1::UNIT_KIND_GOVERNMENT) {
    Holding h;
    h.official = O(who);
    h.post = absl::StrCat("posts/", who, "-", kind);
    h.kind = kind;
    h.unit = absl::StrCat("units/", unit);
    h.executive = executive;
    h.foreign_affairs = fa;
    h.unit_roles = std::move(roles);
    h.unit_kind = unit_kind;
    h.start = f.from;
    f.holdings.push_back(h);
  };
  hold("chen-li", v1::POST_KIND_COUNTY_HEAD, "government");
  hold("dao-jianhua", v1::POST_KIND_DEPUTY_HEAD, "government", true);
  hold("yu-han", v1::POST_KIND_DEPUTY_HEAD, "government");
  hold("li-na", v1::POST_KIND_DEPUTY_HEAD, "government");
  hold("wang-hai", v1::POST_KIND_DEPUTY_HEAD, "government", false, true);
  hold("yan-xiang", v1::POST_KIND_DEPUTY_HEAD, "government");
  hold("zhao-gang", v1::POST_KIND_DEPUTY_HEAD, "government");
  hold("zhou-min", v1::POST_KIND_OFFICE_DIRECTOR, "government-office", false, false, {"R-OFFICE"});
  hold("li-wen", v1::POST_KIND_OFFICE_CLERK, "government-office", false, false, {"R-OFFICE"});
  hold("luo-yi", v1::POST_KIND_COUNTY_PARTY_SECRETARY, "county-committee");
  hold("duan-yun", v1::POST_KIND_DEPARTMENT_PRINCIPAL, "foreign-affairs-office", false, false, {"R-FAO"},
       v1::UNIT_KIND_CONSTITUENT_DEPARTMENT);
  hold("huang-tao", v1::POST_KIND_DEPARTMENT_PRINCIPAL, "commerce-bureau", false, false, {},
       v1::UNIT_KIND_CONSTITUENT_DEPARTMENT);
  hold("lin-feng", v1::POST_KIND_DEPARTMENT_DEPUTY, "commerce-bureau", false, false, {},
       v1::UNIT_KIND_CONSTITUENT_DEPARTMENT);
  hold("zheng-yu", v1::POST_KIND_DEPARTMENT_PRINCIPAL, "natural-resources-bureau", false, false, {},
       v1::UNIT_KIND_CONSTITUENT_DEPARTMENT);
  hold("hu-bin", v1::POST_KIND_DEPARTMENT_PRINCIPAL, "market-regulation-bureau", false, false, {},
       v1::UNIT_KIND_CONSTITUENT_DEPARTMENT);
  auto ab = [&](const char* a, const char* b) { f.ab_pairs.push_back({O(a), O(b), f.from, std::nullopt}); };
  ab("chen-li", "dao-jianhua");
  ab("dao-jianhua", "zhao-gang");
  ab("yu-han", "li-na");
  ab("li-na", "yu-han");
  ab("wang-hai", "yan-xiang");
  ab("yan-xiang", "wang-hai");
  ab("zhao-gang", "dao-jianhua");
  ab("zhou-min", "dao-jianhua");
  f.portfolios.push_back({O("wang-hai"), "units/commerce-bureau", true, f.from, std::nullopt});
  f.portfolios.push_back({O("yan-xiang"), "units/natural-resources-bureau", true, f.from, std::nullopt});
  f.names = {{O("yu-han"), "玉罕"}, {O("li-na"), "李娜"}, {O("yan-xiang"), "岩香"}, {O("wang-hai"), "王海"}};
  for (const Holding& h : f.holdings) f.names.emplace(h.official, "");  // every official exists
  return f;
}

inline void Away(OrgFacts& f, const char* who, CivilDay start, CivilDay end, bool leaves = true, int64_t id = 100) {
  f.absences.push_back({id, O(who), v1::ABSENCE_KIND_BUSINESS_TRIP, leaves, start, end});
}

inline v1::Absence AbsenceOf(const char* who, CivilDay start, CivilDay end, bool leaves,
                             v1::AbsenceKind kind = v1::ABSENCE_KIND_BUSINESS_TRIP) {
  v1::Absence a;
  a.set_official(O(who));
  a.set_kind(kind);
  a.set_leaves_jurisdiction(leaves);
  *a.mutable_start_date() = ToProtoDate(start);
  *a.mutable_end_date() = ToProtoDate(end);
  return a;
}

}  // namespace xianfu::personnel

#endif  // XIANFU_PERSONNEL_SVC_TESTS_DOMAIN_FIXTURE_H_
