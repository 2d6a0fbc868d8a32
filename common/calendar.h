// The working-day calendar (工作日) of the county government: the State Council's annual
// holiday notice plus local layers (prefecture, county), loaded from a directory of JSON files
// and reloadable at run time. See docs/calendar.md for the file format and how to add a year.
//
// Counting rule (catalogue.md §0.2): "within N working days after E" ends on the N-th working day
// strictly after the date of E; the deadline is the end of that day, Asia/Shanghai time.
#ifndef XIANFU_COMMON_CALENDAR_H_
#define XIANFU_COMMON_CALENDAR_H_

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"

namespace xianfu {

// The dates the suite works with. Requests outside are refused (common/validation.h) and every
// walk over days stops at the edges, so no input can make a loop run for ever.
inline constexpr absl::CivilDay kFirstSupportedDay{2000, 1, 1};
inline constexpr absl::CivilDay kLastSupportedDay{2099, 12, 31};
inline bool IsSupportedDay(absl::CivilDay day) { return day >= kFirstSupportedDay && day <= kLastSupportedDay; }

// Asia/Shanghai: UTC+8 all year (no daylight saving since 1991), so no tzdata is needed.
absl::TimeZone ChinaTimeZone();
// The Asia/Shanghai calendar date of an instant.
absl::CivilDay LocalDay(absl::Time time);
// The instant a deadline falling on `deadline` has passed: 00:00 of the next day, local time.
absl::Time DeadlinePassesAt(absl::CivilDay deadline);

enum class LayerKind { kNational, kPrefecture, kCounty };

enum class DayKind {
  kWorkday,        // Monday to Friday, listed nowhere.
  kWeekend,        // Saturday or Sunday, listed nowhere.
  kHoliday,        // A listed day off, or a fixed-date holiday of a provisional year.
  kMakeUpWorkday,  // A listed working day, usually a weekend day (调休上班).
};

struct DayInfo {
  absl::CivilDay day;
  bool working = false;
  DayKind kind = DayKind::kWorkday;
  // The holiday name as listed, e.g. "国庆节"; empty for ordinary weekdays and weekends.
  std::string name;
  // The layer that listed the day, e.g. "cn"; empty when the ordinary week or the provisional
  // fixed-date list decided.
  std::string layer;
  // The year has no national notice loaded, so the day's status is a forecast.
  bool provisional = false;
};

struct DayResult {
  absl::CivilDay day;
  // Some day the result depends on lies in a provisional year.
  bool provisional = false;
};

struct DayCount {
  int working_days = 0;
  bool provisional = false;
};

struct SkippedDay {
  absl::CivilDay day;
  DayKind kind = DayKind::kWeekend;
  std::string layer;
  std::string reason_zh;  // e.g. "国庆节(国务院办公厅部分节假日安排)", "周末"
  std::string reason_en;  // e.g. "National Day (State Council holiday schedule)", "weekend"
};

// One layer file the computation relied on.
struct SourceNotice {
  std::string layer;
  int year = 0;
  // URLs of the notices the file transcribes; empty for a local layer not yet verified.
  std::vector<std::string> papers;
  std::string note;
};

// How a deadline was counted, for display to clerks and for the record.
struct DeadlineExplanation {
  absl::CivilDay start;
  int working_days = 0;
  absl::CivilDay deadline;
  bool provisional = false;
  std::string calendar_version;
  // Non-working days passed over while counting, in order.
  std::vector<SkippedDay> skipped;
  // Weekend days that counted because a notice made them working days.
  std::vector<absl::CivilDay> make_up_days;
  // Layers that had a file for a year the count touched, in precedence order.
  std::vector<std::string> layers;
  std::vector<SourceNotice> sources;
  // Years touched that have no national notice.
  std::vector<int> provisional_years;
  std::string text_zh;
  std::string text_en;
};

enum class ReceiptShift {
  kNone,
  // Received after the cut-off time on a working day.
  kAfterCutoff,
  // Received on a non-working day, whatever the time.
  kNonWorkingDay,
};

struct EventDeadline {
  absl::CivilDay event_day;
  // The day the event counts as received; counting starts after it.
  absl::CivilDay received_day;
  ReceiptShift shift = ReceiptShift::kNone;
  // explanation.deadline is the deadline; its texts begin with the receipt rule applied.
  DeadlineExplanation explanation;
};

// A pending deadline as a service stores it.
struct StoredDeadline {
  absl::CivilDay start;
  int working_days = 0;
  absl::CivilDay deadline;
  std::string calendar_version;
};

// The record of re-counting a stored deadline on a new calendar.
struct DeadlineRecomputation {
  absl::CivilDay old_deadline;
  absl::CivilDay new_deadline;
  std::string old_version;
  std::string new_version;
  bool was_provisional = false;
  bool provisional = false;
  // Days between the start and either deadline whose status differs, as the new calendar has
  // them.
  std::vector<DayInfo> changed_days;
  std::string reason_zh;
  std::string reason_en;

  bool date_changed() const { return old_deadline != new_deadline; }
};

class Calendar {
 public:
  // Reads `directory`/layers.json and the layer files it lists. Every *.json in the directory
  // must be listed, so a notice copied in but not registered is an error, not silently ignored.
  static absl::StatusOr<std::shared_ptr<const Calendar>> LoadFromDirectory(const std::filesystem::path& directory);

  Calendar(const Calendar&) = delete;
  Calendar& operator=(const Calendar&) = delete;

  // Layer names and content digest, e.g. "cn+xishuangbanna+mengla@3f2a9c1b0d4e".
  const std::string& version() const { return version_; }
  // SHA-256 (hex) over the manifest and every layer file it lists.
  const std::string& digest() const { return digest_; }

  DayInfo Describe(absl::CivilDay day) const;
  bool IsWorkingDay(absl::CivilDay day) const { return Describe(day).working; }
  // True when no national notice is loaded for `year`.
  bool IsProvisionalYear(int year) const { return !national_years_.contains(year); }

  // The n-th working day strictly after `start` (n > 0), strictly before it (n < 0), or `start`
  // itself (n == 0).
  DayResult AddWorkingDays(absl::CivilDay start, int n) const;
  // Working days in (from, to]; negative when `to` is before `from`. The inverse of
  // AddWorkingDays: WorkingDaysBetween(d, AddWorkingDays(d, n).day) == n.
  DayCount WorkingDaysBetween(absl::CivilDay from, absl::CivilDay to) const;
  // AddWorkingDays with the days skipped, the notices used and a text in Chinese and English.
  DeadlineExplanation Explain(absl::CivilDay start, int n) const;

  // The deadline of "within n working days after the event", with the receipt cut-off
  // (catalogue AMB-16b): an event after `cutoff_minutes_of_day` (local), or on a non-working
  // day, counts as received on the next working day, and counting starts after that day.
  // INVALID_ARGUMENT for n < 0 or a cut-off outside 0..1439.
  absl::StatusOr<EventDeadline> DeadlineFromEvent(absl::Time event, int n, int cutoff_minutes_of_day) const;

  // Days whose working status differs between the two calendars, over the years either covers.
  std::vector<absl::CivilDay> DaysDifferingFrom(const Calendar& other) const;

 private:
  struct LayerFile {
    std::string file;
    int year = 0;
    std::vector<std::string> papers;
    std::string note;
  };
  struct Layer {
    std::string name;
    LayerKind kind = LayerKind::kNational;
    std::string title_zh;
    std::string title_en;
    std::vector<LayerFile> files;
  };
  struct ListedDay {
    bool off = false;
    std::string name;
    std::string layer;
  };
  struct FixedHoliday {
    int month = 0;
    int day = 0;
    std::string name;
  };
  friend class CalendarBuilder;
  friend DeadlineRecomputation RecomputeDeadline(const Calendar&, const Calendar&, const StoredDeadline&);

  Calendar() = default;

  const Layer* FindLayer(const std::string& name) const;
  std::string NameEn(const std::string& name_zh) const;
  struct Reason {
    std::string zh;
    std::string en;
  };
  // Why a day has its status, e.g. {"国庆节(国务院办公厅部分节假日安排)", "National Day (…)"}.
  Reason ReasonFor(const DayInfo& info) const;
  // Counts n working days from start; fills `explanation` when given.
  DayResult Walk(absl::CivilDay start, int n, DeadlineExplanation* explanation) const;
  // Fills the layers, notices and provisional years of the days consulted, [first, last].
  void DescribeSources(absl::CivilDay first, absl::CivilDay last, DeadlineExplanation& explanation) const;
  void WriteTexts(DeadlineExplanation& explanation, absl::string_view prefix_zh, absl::string_view prefix_en) const;

  std::vector<Layer> layers_;
  absl::flat_hash_map<absl::CivilDay, ListedDay> listed_;
  absl::flat_hash_set<int> national_years_;
  std::vector<FixedHoliday> provisional_holidays_;
  absl::flat_hash_map<std::string, std::string> names_en_;
  // The span the layer files cover; empty when no layer has a file.
  std::optional<std::pair<absl::CivilDay, absl::CivilDay>> covered_;
  std::string digest_;
  std::string version_;
};

// Re-counts a stored deadline on `new_calendar`, for pending deadlines when a new notice or
// local layer is loaded. `old_calendar` is the one the services used until now; the record lists
// the days whose status changed in the counting window and says why the date moved (or not).
DeadlineRecomputation RecomputeDeadline(const Calendar& old_calendar, const Calendar& new_calendar,
                                        const StoredDeadline& stored);

struct CalendarUpdate {
  std::shared_ptr<const Calendar> previous;
  std::shared_ptr<const Calendar> current;
  std::vector<absl::CivilDay> changed_days;
};

// The calendar in force, shared by all threads of a service. The service calls ReloadIfChanged
// periodically; readers keep the Calendar they got from Current() for the whole of a request.
class CalendarProvider {
 public:
  static absl::StatusOr<std::unique_ptr<CalendarProvider>> Create(std::filesystem::path directory);

  std::shared_ptr<const Calendar> Current() const;

  // Re-reads the directory. nullopt when the content digest is unchanged; the update when it
  // changed and the new content is valid; an error (and the old calendar stays) when it is not.
  absl::StatusOr<std::optional<CalendarUpdate>> ReloadIfChanged();

 private:
  CalendarProvider(std::filesystem::path directory, std::shared_ptr<const Calendar> calendar);

  const std::filesystem::path directory_;
  // Serialises reloads; readers never wait for file I/O.
  absl::Mutex reload_mutex_;
  mutable absl::Mutex mutex_;
  std::shared_ptr<const Calendar> current_ ABSL_GUARDED_BY(mutex_);
};

}  // namespace xianfu

#endif  // XIANFU_COMMON_CALENDAR_H_
