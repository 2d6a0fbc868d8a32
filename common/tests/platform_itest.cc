// Loading next year's national notice while a service runs: the platform reloads the
// calendar, audits the change and lets the module recompute the deadlines that depended on it.
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "common/platform.h"
#include "gtest/gtest.h"
#include "tests/support/test_env.h"

namespace xianfu {
namespace {

using ::xianfu::testing::MakeTempDir;
using ::xianfu::testing::MigrateForTest;
using ::xianfu::testing::TestDatabase;

namespace fs = std::filesystem;

std::string Slurp(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

TEST(PlatformCalendarTest, NewNoticeIsAuditedAndRecomputesPendingDeadlines) {
  TestDatabase db;
  MigrateForTest(db);
  Database database(db.app());
  const fs::path dir = MakeTempDir("calendars");
  fs::copy(fs::path(XIANFU_SOURCE_DIR) / "policy/calendars", dir, fs::copy_options::recursive);
  absl::StatusOr<std::shared_ptr<const Policy>> policy =
      LoadPolicy(fs::path(XIANFU_SOURCE_DIR) / "policy/mengla-2022.textproto");
  ASSERT_TRUE(policy.ok()) << policy.status();
  absl::StatusOr<std::unique_ptr<CalendarProvider>> calendar = CalendarProvider::Create(dir);
  ASSERT_TRUE(calendar.ok()) << calendar.status();
  FakeClock clock(absl::FromCivil(absl::CivilSecond(2026, 9, 28, 9, 0, 0), ChinaTimeZone()));
  Platform platform("document", &database, &clock, *policy, *std::move(calendar),
                    "platform-test-audit-key-0123456789abcdef", "test");

  // A countersign answered within 7 working days of 2027-09-29, computed before the notice.
  const absl::CivilDay start(2027, 9, 29);
  std::shared_ptr<const Calendar> before = platform.calendar();
  const StoredDeadline stored{start, 7, before->AddWorkingDays(start, 7).day, before->version()};
  EXPECT_TRUE(before->AddWorkingDays(start, 7).provisional);

  std::vector<DeadlineRecomputation> recomputed;
  platform.OnCalendarChange([&](const CalendarUpdate& update) {
    recomputed.push_back(RecomputeDeadline(*update.previous, *update.current, stored));
    return absl::OkStatus();
  });
  ASSERT_TRUE(platform.ReloadCalendar().ok());
  EXPECT_FALSE(*platform.ReloadCalendar());  // nothing changed yet
  EXPECT_TRUE(recomputed.empty());

  // The operator drops in the 2027 notice and lists it in the national layer.
  fs::copy_file(fs::path(XIANFU_SOURCE_DIR) / "common/tests/testdata/cn-2027-fake.json", dir / "cn-2027.json");
  std::string layers = Slurp(dir / "layers.json");
  layers = std::regex_replace(layers, std::regex(R"("cn-2026.json"\])"), R"("cn-2026.json", "cn-2027.json"])");
  std::ofstream(dir / "layers.json") << layers;

  absl::StatusOr<bool> changed = platform.ReloadCalendar();
  ASSERT_TRUE(changed.ok()) << changed.status();
  EXPECT_TRUE(*changed);
  ASSERT_EQ(recomputed.size(), 1u);
  EXPECT_TRUE(recomputed[0].was_provisional);
  EXPECT_FALSE(recomputed[0].provisional);
  EXPECT_TRUE(recomputed[0].date_changed());
  EXPECT_EQ(recomputed[0].old_deadline, stored.deadline);
  EXPECT_EQ(recomputed[0].new_deadline, platform.calendar()->AddWorkingDays(start, 7).day);
  EXPECT_NE(platform.calendar()->version(), before->version());

  auto audit = db.AdminQuery("SELECT action, calendar_version, detail FROM " + db.name() +
                             ".audit_entries WHERE chain = 'calendar'");
  ASSERT_EQ(audit.size(), 1u);
  EXPECT_EQ(audit[0].Str(0), "CalendarChanged");
  EXPECT_EQ(audit[0].Str(1), platform.calendar()->version());
  EXPECT_NE(audit[0].Str(2).find("2027-10-04"), std::string::npos) << audit[0].Str(2);
}

}  // namespace
}  // namespace xianfu
