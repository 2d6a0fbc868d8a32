#include "common/calendar.h"

#include <atomic>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"

namespace xianfu {
namespace {

namespace fs = std::filesystem;
using ::testing::AllOf;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::Field;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::MatchesRegex;
using ::testing::SizeIs;

const fs::path kSourceDir = XIANFU_SOURCE_DIR;
const fs::path kCalendars = kSourceDir / "policy" / "calendars";
const fs::path kTestdata = kSourceDir / "common" / "tests" / "testdata";

absl::CivilDay Day(int year, int month, int day) { return absl::CivilDay(year, month, day); }

std::shared_ptr<const Calendar> Shipped() {
  static const auto* calendar = new std::shared_ptr<const Calendar>([] {
    absl::StatusOr<std::shared_ptr<const Calendar>> loaded = Calendar::LoadFromDirectory(kCalendars);
    EXPECT_TRUE(loaded.ok()) << loaded.status();
    return loaded.ok() ? *loaded : nullptr;
  }());
  return *calendar;
}

nlohmann::json ReadJson(const fs::path& path) {
  std::ifstream in(path);
  return nlohmann::json::parse(in);
}

void WriteFile(const fs::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
}

// A private copy of the shipped calendar directory that a test may change.
class CalendarDirectory {
 public:
  CalendarDirectory() {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    path_ = fs::path(::testing::TempDir()) / absl::StrCat("calendar_", info->test_suite_name(), "_", info->name());
    fs::remove_all(path_);
    fs::copy(kCalendars, path_);
  }
  ~CalendarDirectory() { fs::remove_all(path_); }

  const fs::path& path() const { return path_; }

  // Copies `source` in as `name` and lists it in the layer `layer` of the manifest.
  void AddLayerFile(const std::string& layer, const fs::path& source, const std::string& name) {
    fs::copy_file(source, path_ / name, fs::copy_options::overwrite_existing);
    nlohmann::json manifest = ReadJson(path_ / "layers.json");
    for (auto& entry : manifest["layers"]) {
      if (entry["name"] == layer) {
        auto& files = entry["files"];
        if (std::find(files.begin(), files.end(), name) == files.end()) files.push_back(name);
      }
    }
    WriteFile(path_ / "layers.json", manifest.dump(2));
  }

 private:
  fs::path path_;
};

TEST(CalendarTest, CountsAcrossNationalDayAndItsMakeUpSaturday) {
  // Scenario S-23: a weekday-only count gives 10-08, ignoring the make-up Saturday gives 10-15.
  const DayResult result = Shipped()->AddWorkingDays(Day(2026, 9, 29), 7);
  EXPECT_EQ(result.day, Day(2026, 10, 14));
  EXPECT_FALSE(result.provisional);
}

TEST(CalendarTest, CountsASpringFestivalMakeUpSaturdayAsTheLastDay) {
  EXPECT_EQ(Shipped()->AddWorkingDays(Day(2026, 2, 12), 7).day, Day(2026, 2, 28));
}

struct Vector {
  absl::CivilDay start;
  int working_days;
  absl::CivilDay deadline;
};

class ScenarioVectorTest : public ::testing::TestWithParam<Vector> {};

// Deadlines stated in scenarios.md for the 2026 calendar (fixture F-2).
INSTANTIATE_TEST_SUITE_P(Scenarios, ScenarioVectorTest,
                         ::testing::Values(Vector{Day(2026, 4, 1), 5, Day(2026, 4, 9)},       // minutes issue, Qingming
                                           Vector{Day(2026, 3, 16), 5, Day(2026, 3, 23)},     // petition reading
                                           Vector{Day(2026, 7, 22), 3, Day(2026, 7, 27)},     // post-meeting report
                                           Vector{Day(2026, 11, 13), 10, Day(2026, 11, 27)},  // visit summary
                                           Vector{Day(2026, 6, 1), 7, Day(2026, 6, 10)}));    // countersign S-25

TEST_P(ScenarioVectorTest, MatchesTheScenario) {
  const Vector& vector = GetParam();
  EXPECT_EQ(Shipped()->AddWorkingDays(vector.start, vector.working_days).day, vector.deadline);
}

TEST(CalendarTest, EveryListedDayOfTheNationalNoticesHasItsStatus) {
  std::map<int, int> make_up_days_by_year;
  int off_days = 0;
  const nlohmann::json manifest = ReadJson(kCalendars / "layers.json");
  for (const auto& layer : manifest["layers"]) {
    if (layer["kind"] != "national") continue;
    for (const auto& file : layer["files"]) {
      const nlohmann::json notice = ReadJson(kCalendars / file.get<std::string>());
      const int year = notice["year"].get<int>();
      ASSERT_FALSE(notice["days"].empty()) << file;
      make_up_days_by_year[year] += 0;
      for (const auto& entry : notice["days"]) {
        absl::CivilDay day;
        ASSERT_TRUE(absl::ParseCivilTime(entry["date"].get<std::string>(), &day));
        const bool off = entry["isOffDay"].get<bool>();
        const DayInfo info = Shipped()->Describe(day);
        EXPECT_EQ(info.working, !off) << entry.dump();
        EXPECT_EQ(info.kind, off ? DayKind::kHoliday : DayKind::kMakeUpWorkday) << entry.dump();
        EXPECT_EQ(info.name, entry["name"].get<std::string>());
        EXPECT_FALSE(info.provisional) << entry.dump();
        if (off) {
          ++off_days;
        } else {
          ++make_up_days_by_year[year];
        }
      }
    }
  }
  // The five notices 2022-2026 have 7, 7, 8, 5 and 6 make-up days.
  int make_up_days_2022_to_2026 = 0;
  for (int year = 2022; year <= 2026; ++year) {
    ASSERT_TRUE(make_up_days_by_year.contains(year)) << year;
    make_up_days_2022_to_2026 += make_up_days_by_year[year];
  }
  EXPECT_EQ(make_up_days_2022_to_2026, 33);
  EXPECT_GT(off_days, 100);
}

TEST(CalendarTest, OrdinaryDaysFollowTheWeek) {
  EXPECT_TRUE(Shipped()->IsWorkingDay(Day(2026, 3, 18)));   // Wednesday
  EXPECT_FALSE(Shipped()->IsWorkingDay(Day(2026, 3, 21)));  // Saturday
  EXPECT_EQ(Shipped()->Describe(Day(2026, 3, 22)).kind, DayKind::kWeekend);
}

TEST(CalendarTest, CountsBackwardsAndInverts) {
  EXPECT_EQ(Shipped()->AddWorkingDays(Day(2026, 10, 14), -7).day, Day(2026, 9, 29));
  EXPECT_EQ(Shipped()->AddWorkingDays(Day(2026, 10, 14), 0).day, Day(2026, 10, 14));
  EXPECT_EQ(Shipped()->WorkingDaysBetween(Day(2026, 9, 29), Day(2026, 10, 14)).working_days, 7);
  EXPECT_EQ(Shipped()->WorkingDaysBetween(Day(2026, 10, 14), Day(2026, 9, 29)).working_days, -7);
  EXPECT_EQ(Shipped()->WorkingDaysBetween(Day(2026, 10, 1), Day(2026, 10, 7)).working_days, 0);
  for (absl::CivilDay start = Day(2022, 1, 1); start < Day(2026, 12, 1); start += 11) {
    for (int n : {1, 5, 7, 20}) {
      const absl::CivilDay end = Shipped()->AddWorkingDays(start, n).day;
      ASSERT_EQ(Shipped()->WorkingDaysBetween(start, end).working_days, n) << start << " " << n;
    }
  }
}

TEST(CalendarTest, VersionNamesLayersAndDigest) {
  EXPECT_THAT(Shipped()->version(), MatchesRegex("cn\\+xishuangbanna\\+mengla@[0-9a-f]{12}"));
  EXPECT_THAT(Shipped()->digest(), MatchesRegex("[0-9a-f]{64}"));
}

TEST(CalendarTest, ExplanationNamesSkippedHolidaysAndSources) {
  const DeadlineExplanation explanation = Shipped()->Explain(Day(2026, 9, 29), 7);
  EXPECT_EQ(explanation.deadline, Day(2026, 10, 14));
  EXPECT_FALSE(explanation.provisional);
  EXPECT_THAT(explanation.skipped, SizeIs(8));  // 10-01…10-07 and Sunday 10-11.
  EXPECT_THAT(explanation.skipped,
              Contains(AllOf(Field(&SkippedDay::day, Day(2026, 10, 1)), Field(&SkippedDay::kind, DayKind::kHoliday),
                             Field(&SkippedDay::layer, "cn"), Field(&SkippedDay::reason_zh, HasSubstr("国庆节")),
                             Field(&SkippedDay::reason_en, HasSubstr("National Day")))));
  EXPECT_THAT(explanation.skipped,
              Contains(AllOf(Field(&SkippedDay::day, Day(2026, 10, 11)), Field(&SkippedDay::kind, DayKind::kWeekend))));
  EXPECT_THAT(explanation.make_up_days, ElementsAre(Day(2026, 10, 10)));
  EXPECT_THAT(explanation.layers, Contains("cn"));
  EXPECT_THAT(explanation.sources,
              Contains(AllOf(Field(&SourceNotice::layer, "cn"), Field(&SourceNotice::year, 2026),
                             Field(&SourceNotice::papers, ElementsAre(HasSubstr("gov.cn/zhengce/zhengceku/202511"))))));
  EXPECT_THAT(explanation.provisional_years, IsEmpty());
  EXPECT_THAT(explanation.text_zh, HasSubstr("第7个工作日为2026-10-14"));
  EXPECT_THAT(explanation.text_zh, HasSubstr("2026-10-01至2026-10-07 国庆节"));
  EXPECT_THAT(explanation.text_zh, HasSubstr("2026-10-10 国庆节调休上班"));
  EXPECT_THAT(explanation.text_en, HasSubstr("7th working day after 2026-09-29"));
  EXPECT_THAT(explanation.text_en, HasSubstr("2026-10-01 to 2026-10-07 National Day"));
  EXPECT_THAT(explanation.text_en, HasSubstr("2026-10-11 weekend"));
  EXPECT_THAT(explanation.text_en, HasSubstr(Shipped()->version()));
}

TEST(CalendarTest, YearWithoutNoticeIsProvisional) {
  const std::shared_ptr<const Calendar> calendar = Shipped();
  EXPECT_TRUE(calendar->IsProvisionalYear(2027));
  EXPECT_FALSE(calendar->IsProvisionalYear(2026));

  const DayInfo national_day = calendar->Describe(Day(2027, 10, 1));
  EXPECT_FALSE(national_day.working);
  EXPECT_EQ(national_day.kind, DayKind::kHoliday);
  EXPECT_TRUE(national_day.provisional);
  EXPECT_TRUE(calendar->IsWorkingDay(Day(2027, 10, 4)));  // Monday: no notice moves it yet.
  EXPECT_TRUE(calendar->IsWorkingDay(Day(2027, 5, 3)));

  // Wed 09-29: WD1 09-30; 10-01 (fixed holiday) to 10-03 off; 10-04…10-08; WD7 Mon 10-11.
  const DayResult result = calendar->AddWorkingDays(Day(2027, 9, 29), 7);
  EXPECT_EQ(result.day, Day(2027, 10, 11));
  EXPECT_TRUE(result.provisional);
  EXPECT_TRUE(calendar->WorkingDaysBetween(Day(2026, 12, 30), Day(2027, 1, 5)).provisional);

  // A count that starts in a published year but runs into 2027 is provisional too.
  const DeadlineExplanation explanation = calendar->Explain(Day(2026, 12, 30), 3);
  EXPECT_EQ(explanation.deadline, Day(2027, 1, 5));
  EXPECT_TRUE(explanation.provisional);
  EXPECT_THAT(explanation.provisional_years, ElementsAre(2027));
  EXPECT_THAT(explanation.text_zh, HasSubstr("2027年尚无国务院节假日安排"));
  EXPECT_THAT(explanation.text_en, HasSubstr("provisional"));
  EXPECT_THAT(explanation.skipped, Contains(AllOf(Field(&SkippedDay::day, Day(2027, 1, 1)),
                                                  Field(&SkippedDay::reason_zh, HasSubstr("暂定")))));
  EXPECT_FALSE(calendar->Explain(Day(2026, 12, 28), 3).provisional);
}

TEST(CalendarTest, LocalLayerMovesADeadline) {
  CalendarDirectory directory;
  directory.AddLayerFile("xishuangbanna", kTestdata / "xishuangbanna-2026-example.json", "xishuangbanna-2026.json");
  absl::StatusOr<std::shared_ptr<const Calendar>> local = Calendar::LoadFromDirectory(directory.path());
  ASSERT_TRUE(local.ok()) << local.status();

  // Thu 04-09 + 3: nationally Mon 04-14; with 傣历新年 04-13…04-15 off, Fri 04-17.
  EXPECT_EQ(Shipped()->AddWorkingDays(Day(2026, 4, 9), 3).day, Day(2026, 4, 14));
  EXPECT_EQ((*local)->AddWorkingDays(Day(2026, 4, 9), 3).day, Day(2026, 4, 17));
  EXPECT_NE((*local)->version(), Shipped()->version());

  const DayInfo new_year = (*local)->Describe(Day(2026, 4, 14));
  EXPECT_FALSE(new_year.working);
  EXPECT_EQ(new_year.layer, "xishuangbanna");
  // The local layer's make-up Saturday.
  const DayInfo make_up = (*local)->Describe(Day(2026, 4, 18));
  EXPECT_TRUE(make_up.working);
  EXPECT_EQ(make_up.kind, DayKind::kMakeUpWorkday);

  const DeadlineExplanation explanation = (*local)->Explain(Day(2026, 4, 9), 3);
  EXPECT_THAT(explanation.text_zh, HasSubstr("2026-04-13至2026-04-15 傣历新年(泼水节)(西双版纳傣族自治州)"));
  EXPECT_THAT(explanation.text_en, HasSubstr("Xishuangbanna Dai Autonomous Prefecture"));
  EXPECT_THAT(explanation.layers, ElementsAre("cn", "xishuangbanna"));
}

TEST(CalendarTest, ShippedPrefectureLayerAddsNoUnverifiedDays) {
  const nlohmann::json prefecture = ReadJson(kCalendars / "xishuangbanna-2026.json");
  EXPECT_TRUE(prefecture["days"].empty());
  EXPECT_THAT(prefecture["note"].get<std::string>(), HasSubstr("UNVERIFIED"));
  EXPECT_TRUE(Shipped()->IsWorkingDay(Day(2026, 4, 14)));
}

TEST(CalendarTest, DeadlineFromEventAppliesTheReceiptCutOff) {
  constexpr int kSixPm = 18 * 60;
  const absl::TimeZone china = ChinaTimeZone();
  auto at = [&](int y, int mo, int d, int h, int mi, int s = 0) {
    return absl::FromCivil(absl::CivilSecond(y, mo, d, h, mi, s), china);
  };

  absl::StatusOr<EventDeadline> morning = Shipped()->DeadlineFromEvent(at(2026, 9, 29, 10, 0), 7, kSixPm);
  ASSERT_TRUE(morning.ok());
  EXPECT_EQ(morning->shift, ReceiptShift::kNone);
  EXPECT_EQ(morning->received_day, Day(2026, 9, 29));
  EXPECT_EQ(morning->explanation.deadline, Day(2026, 10, 14));

  absl::StatusOr<EventDeadline> on_the_minute = Shipped()->DeadlineFromEvent(at(2026, 9, 29, 18, 0), 7, kSixPm);
  ASSERT_TRUE(on_the_minute.ok());
  EXPECT_EQ(on_the_minute->shift, ReceiptShift::kNone);

  absl::StatusOr<EventDeadline> evening = Shipped()->DeadlineFromEvent(at(2026, 9, 29, 18, 0, 1), 7, kSixPm);
  ASSERT_TRUE(evening.ok());
  EXPECT_EQ(evening->shift, ReceiptShift::kAfterCutoff);
  EXPECT_EQ(evening->received_day, Day(2026, 9, 30));
  EXPECT_EQ(evening->explanation.deadline, Day(2026, 10, 15));
  EXPECT_THAT(evening->explanation.text_zh, HasSubstr("晚于18:00"));

  // Sat 10-03 is a holiday: received on Thu 10-08, counted from Fri 10-09.
  absl::StatusOr<EventDeadline> holiday = Shipped()->DeadlineFromEvent(at(2026, 10, 3, 9, 0), 7, kSixPm);
  ASSERT_TRUE(holiday.ok());
  EXPECT_EQ(holiday->shift, ReceiptShift::kNonWorkingDay);
  EXPECT_EQ(holiday->received_day, Day(2026, 10, 8));
  EXPECT_EQ(holiday->explanation.deadline, Day(2026, 10, 16));
  EXPECT_THAT(holiday->explanation.text_en, HasSubstr("a non-working day (National Day"));

  // 11:00 UTC is 19:00 in Shanghai: after the cut-off.
  absl::StatusOr<EventDeadline> utc = Shipped()->DeadlineFromEvent(
      absl::FromCivil(absl::CivilSecond(2026, 9, 29, 11, 0, 0), absl::UTCTimeZone()), 7, kSixPm);
  ASSERT_TRUE(utc.ok());
  EXPECT_EQ(utc->shift, ReceiptShift::kAfterCutoff);

  // An event late on the last published day runs into provisional 2027.
  absl::StatusOr<EventDeadline> new_year_eve = Shipped()->DeadlineFromEvent(at(2026, 12, 31, 20, 0), 1, kSixPm);
  ASSERT_TRUE(new_year_eve.ok());
  EXPECT_EQ(new_year_eve->received_day, Day(2027, 1, 4));
  EXPECT_TRUE(new_year_eve->explanation.provisional);

  EXPECT_EQ(Shipped()->DeadlineFromEvent(at(2026, 9, 29, 10, 0), -1, kSixPm).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Shipped()->DeadlineFromEvent(at(2026, 9, 29, 10, 0), 7, 24 * 60).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(CalendarTest, DeadlineEndsAtLocalMidnight) {
  EXPECT_EQ(DeadlinePassesAt(Day(2026, 10, 14)),
            absl::FromCivil(absl::CivilSecond(2026, 10, 14, 16, 0, 0), absl::UTCTimeZone()));
  EXPECT_EQ(LocalDay(absl::FromCivil(absl::CivilSecond(2026, 10, 14, 16, 0, 0), absl::UTCTimeZone())),
            Day(2026, 10, 15));
}

TEST(CalendarProviderTest, LoadingA2027NoticeRecomputesAProvisionalDeadline) {
  CalendarDirectory directory;
  absl::StatusOr<std::unique_ptr<CalendarProvider>> provider = CalendarProvider::Create(directory.path());
  ASSERT_TRUE(provider.ok()) << provider.status();
  const std::shared_ptr<const Calendar> before = (*provider)->Current();

  absl::StatusOr<std::optional<CalendarUpdate>> unchanged = (*provider)->ReloadIfChanged();
  ASSERT_TRUE(unchanged.ok());
  EXPECT_FALSE(unchanged->has_value());

  const DayResult provisional = before->AddWorkingDays(Day(2027, 9, 29), 7);
  ASSERT_TRUE(provisional.provisional);
  const StoredDeadline stored{
      .start = Day(2027, 9, 29), .working_days = 7, .deadline = provisional.day, .calendar_version = before->version()};

  directory.AddLayerFile("cn", kTestdata / "cn-2027-fake.json", "cn-2027.json");
  absl::StatusOr<std::optional<CalendarUpdate>> update = (*provider)->ReloadIfChanged();
  ASSERT_TRUE(update.ok()) << update.status();
  ASSERT_TRUE(update->has_value());
  const CalendarUpdate& changed = **update;
  EXPECT_EQ(changed.previous, before);
  EXPECT_EQ(changed.current, (*provider)->Current());
  EXPECT_NE(changed.current->version(), before->version());
  EXPECT_FALSE(changed.current->IsProvisionalYear(2027));
  EXPECT_THAT(changed.changed_days, Contains(Day(2027, 10, 4)));
  EXPECT_THAT(changed.changed_days, Contains(Day(2027, 10, 9)));
  EXPECT_THAT(changed.changed_days, ::testing::Not(Contains(Day(2027, 10, 1))));

  const DeadlineRecomputation record = RecomputeDeadline(*before, *changed.current, stored);
  // WD1 09-30; 10-01…10-07 off; WD2 10-08; WD3 Sat 10-09 (make-up); WD4 10-11 … WD7 10-14.
  EXPECT_TRUE(record.date_changed());
  EXPECT_EQ(record.old_deadline, Day(2027, 10, 11));
  EXPECT_EQ(record.new_deadline, Day(2027, 10, 14));
  EXPECT_EQ(record.old_version, before->version());
  EXPECT_EQ(record.new_version, changed.current->version());
  EXPECT_TRUE(record.was_provisional);
  EXPECT_FALSE(record.provisional);
  EXPECT_THAT(record.changed_days,
              ElementsAre(Field(&DayInfo::day, Day(2027, 10, 4)), Field(&DayInfo::day, Day(2027, 10, 5)),
                          Field(&DayInfo::day, Day(2027, 10, 6)), Field(&DayInfo::day, Day(2027, 10, 7)),
                          AllOf(Field(&DayInfo::day, Day(2027, 10, 9)), Field(&DayInfo::working, true))));
  EXPECT_THAT(record.reason_zh, HasSubstr("2027-10-04 改为非工作日(国庆节"));
  EXPECT_THAT(record.reason_zh, HasSubstr("期限由2027-10-11改为2027-10-14"));
  EXPECT_THAT(record.reason_en, HasSubstr("2027-10-09 became a working day"));
  EXPECT_THAT(record.reason_en, HasSubstr("no longer provisional"));

  // A deadline the notice does not touch keeps its date and loses the flag.
  const StoredDeadline june{.start = Day(2027, 6, 1),
                            .working_days = 3,
                            .deadline = before->AddWorkingDays(Day(2027, 6, 1), 3).day,
                            .calendar_version = before->version()};
  const DeadlineRecomputation same = RecomputeDeadline(*before, *changed.current, june);
  EXPECT_FALSE(same.date_changed());
  EXPECT_THAT(same.changed_days, IsEmpty());
  EXPECT_THAT(same.reason_zh, HasSubstr("期限不变"));

  absl::StatusOr<std::optional<CalendarUpdate>> again = (*provider)->ReloadIfChanged();
  ASSERT_TRUE(again.ok());
  EXPECT_FALSE(again->has_value());
}

TEST(CalendarProviderTest, InvalidNewContentKeepsTheCalendarInForce) {
  CalendarDirectory directory;
  absl::StatusOr<std::unique_ptr<CalendarProvider>> provider = CalendarProvider::Create(directory.path());
  ASSERT_TRUE(provider.ok()) << provider.status();
  const std::string version = (*provider)->Current()->version();

  WriteFile(directory.path() / "cn-2026.json", "{\"year\": 2026, \"days\": [");
  absl::StatusOr<std::optional<CalendarUpdate>> update = (*provider)->ReloadIfChanged();
  EXPECT_EQ(update.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(update.status().message(), HasSubstr("cn-2026.json"));
  EXPECT_EQ((*provider)->Current()->version(), version);
}

TEST(CalendarProviderTest, ReadersSeeWholeCalendarsWhileReloading) {
  CalendarDirectory directory;
  absl::StatusOr<std::unique_ptr<CalendarProvider>> provider = CalendarProvider::Create(directory.path());
  ASSERT_TRUE(provider.ok()) << provider.status();
  CalendarProvider& shared = **provider;
  directory.AddLayerFile("xishuangbanna", kTestdata / "xishuangbanna-2026-example.json", "xishuangbanna-2026.json");
  const fs::path prefecture = directory.path() / "xishuangbanna-2026.json";
  const std::string local_days = ReadJson(prefecture).dump(2);
  const std::string no_days = ReadJson(kCalendars / "xishuangbanna-2026.json").dump(2);

  std::atomic<bool> done = false;
  std::atomic<int> wrong = 0;
  std::vector<std::thread> readers;
  for (int i = 0; i < 4; ++i) {
    readers.emplace_back([&] {
      while (!done) {
        const absl::CivilDay deadline = shared.Current()->AddWorkingDays(Day(2026, 4, 9), 3).day;
        if (deadline != Day(2026, 4, 14) && deadline != Day(2026, 4, 17)) ++wrong;
      }
    });
  }
  int reloads = 0;
  for (int i = 0; i < 20; ++i) {
    WriteFile(prefecture, i % 2 == 0 ? local_days : no_days);
    absl::StatusOr<std::optional<CalendarUpdate>> update = shared.ReloadIfChanged();
    ASSERT_TRUE(update.ok()) << update.status();
    if (update->has_value()) ++reloads;
  }
  done = true;
  for (std::thread& reader : readers) reader.join();
  EXPECT_EQ(wrong, 0);
  EXPECT_EQ(reloads, 20);
}

TEST(CalendarLoadTest, RejectsAnUnlistedNotice) {
  CalendarDirectory directory;
  fs::copy_file(kTestdata / "cn-2027-fake.json", directory.path() / "cn-2027.json");
  absl::StatusOr<std::shared_ptr<const Calendar>> calendar = Calendar::LoadFromDirectory(directory.path());
  EXPECT_EQ(calendar.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(calendar.status().message(), HasSubstr("cn-2027.json"));
  EXPECT_THAT(calendar.status().message(), HasSubstr("not listed in layers.json"));
}

TEST(CalendarLoadTest, RejectsMalformedLayerFiles) {
  struct Case {
    std::string content;
    std::string message;
  };
  const std::vector<Case> cases = {
      {R"({"year": 2026, "papers": [], "days": []})", "source notice"},
      {R"({"year": 2026, "papers": ["u"], "days": [{"name": "x", "date": "2026-02-30",
          "isOffDay": true}]})",
       "2026-02-30"},
      {R"({"year": 2026, "papers": ["u"], "days": [{"name": "x", "date": "2026-05-01"}]})", "isOffDay"},
      {R"({"papers": ["u"], "days": []})", "\"year\""},
      {"not json", "not valid JSON"},
  };
  for (const Case& test_case : cases) {
    CalendarDirectory directory;
    WriteFile(directory.path() / "cn-2026.json", test_case.content);
    absl::StatusOr<std::shared_ptr<const Calendar>> calendar = Calendar::LoadFromDirectory(directory.path());
    EXPECT_EQ(calendar.status().code(), absl::StatusCode::kInvalidArgument) << test_case.content;
    EXPECT_THAT(calendar.status().message(), HasSubstr("cn-2026.json"));
    EXPECT_THAT(calendar.status().message(), HasSubstr(test_case.message));
  }
}

TEST(CalendarLoadTest, RequiresTheNationalLayerFirst) {
  CalendarDirectory directory;
  nlohmann::json manifest = ReadJson(directory.path() / "layers.json");
  std::swap(manifest["layers"][0], manifest["layers"][1]);
  WriteFile(directory.path() / "layers.json", manifest.dump(2));
  absl::StatusOr<std::shared_ptr<const Calendar>> calendar = Calendar::LoadFromDirectory(directory.path());
  EXPECT_THAT(calendar.status().message(), HasSubstr("national layer must come first"));
}

}  // namespace
}  // namespace xianfu
