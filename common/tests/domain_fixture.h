// Shared by the modules' domain unit tests: the Mengla policy and the calendar, an Env at a
// moment, the rule id a refusal cites, and a Namer as the id allocator would name records.
#ifndef XIANFU_COMMON_TESTS_DOMAIN_FIXTURE_H_
#define XIANFU_COMMON_TESTS_DOMAIN_FIXTURE_H_

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/calendar.h"
#include "common/effects.h"
#include "common/errors.h"
#include "common/org_types.h"
#include "common/policy.h"

namespace xianfu::testing {

inline const Policy& Mengla() {
  static std::shared_ptr<const Policy> p =
      *LoadPolicy(std::filesystem::path(XIANFU_SOURCE_DIR) / "policy/mengla-2022.textproto");
  return *p;
}

inline std::shared_ptr<const Calendar> CalendarPtr() {
  static std::shared_ptr<const Calendar> c =
      *Calendar::LoadFromDirectory(std::filesystem::path(XIANFU_SOURCE_DIR) / "policy/calendars");
  return c;
}

inline const Calendar& Cal() { return *CalendarPtr(); }

// The shipped calendars plus the prefecture's example layer (Dai New Year 04-13…04-15 off,
// Saturday 04-18 made up, in 2026): a new calendar for recompute tests. Loaded once per process
// from a directory of the process's own (ctest runs tests side by side).
inline std::shared_ptr<const Calendar> CalendarWithDaiNewYear() {
  static const std::shared_ptr<const Calendar> calendar = [] {
    namespace fs = std::filesystem;
    const fs::path source = fs::path(XIANFU_SOURCE_DIR);
    const fs::path dir = fs::temp_directory_path() / absl::StrCat("xianfu_calendar_dai_new_year_", getpid());
    fs::remove_all(dir);
    fs::copy(source / "policy/calendars", dir);
    fs::copy_file(source / "common/tests/testdata/xishuangbanna-2026-example.json", dir / "xishuangbanna-2026.json",
                  fs::copy_options::overwrite_existing);
    absl::StatusOr<std::shared_ptr<const Calendar>> local = Calendar::LoadFromDirectory(dir);
    fs::remove_all(dir);
    if (!local.ok()) {
      std::fprintf(stderr, "the Dai New Year calendar does not load: %s\n",
                   std::string(local.status().message()).c_str());
      std::abort();
    }
    return *local;
  }();
  return calendar;
}

inline std::string Rule(const absl::Status& s) {
  auto v = GetRuleViolation(s);
  return v ? v->rule_id() : "";
}

inline absl::Time At(int y, int m, int d, int hh = 10) {
  return absl::FromCivil(absl::CivilSecond(y, m, d, hh, 0, 0), ChinaTimeZone());
}

inline Env EnvAt(absl::Time now) { return Env{now, LocalDay(now), CalendarPtr(), &Mengla()}; }

// Names "collection/1", "collection/2", … as the id allocator would.
inline Namer TestNames() {
  auto next = std::make_shared<std::map<std::string, int>>();
  return [next](absl::string_view collection) -> absl::StatusOr<std::string> {
    return absl::StrCat(collection, "/", ++(*next)[std::string(collection)]);
  };
}

// An official as the organisation directory would describe him ("li-wen", {"R-OFFICE"}, units).
inline org::Person Official(const std::string& id, std::vector<std::string> roles,
                            std::vector<std::string> units = {}) {
  org::Person p;
  p.official = "officials/" + id;
  p.display_name = id;
  p.roles.insert(roles.begin(), roles.end());
  p.units.insert(units.begin(), units.end());
  return p;
}

}  // namespace xianfu::testing

#endif  // XIANFU_COMMON_TESTS_DOMAIN_FIXTURE_H_
