#include "common/calendar.h"

#include <algorithm>
#include <cstdlib>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/string_view.h"
#include "common/config_file.h"
#include "nlohmann/json.hpp"

namespace xianfu {
namespace {

using Json = nlohmann::json;

constexpr char kManifestName[] = "layers.json";
constexpr int kVersionDigestDigits = 12;

std::string FormatDay(absl::CivilDay day) { return absl::FormatCivilTime(day); }

bool IsWeekend(absl::CivilDay day) {
  const absl::Weekday weekday = absl::GetWeekday(day);
  return weekday == absl::Weekday::saturday || weekday == absl::Weekday::sunday;
}

absl::string_view WeekdayZh(absl::CivilDay day) {
  static constexpr absl::string_view kNames[] = {"星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日"};
  return kNames[static_cast<int>(absl::GetWeekday(day))];
}

absl::string_view WeekdayEn(absl::CivilDay day) {
  static constexpr absl::string_view kNames[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
  return kNames[static_cast<int>(absl::GetWeekday(day))];
}

std::string Ordinal(int n) {
  const int last_two = n % 100;
  const char* suffix = "th";
  if (last_two < 11 || last_two > 13) {
    switch (n % 10) {
      case 1:
        suffix = "st";
        break;
      case 2:
        suffix = "nd";
        break;
      case 3:
        suffix = "rd";
        break;
      default:
        break;
    }
  }
  return absl::StrCat(n, suffix);
}

// Strict "YYYY-MM-DD": absl would silently normalise 2026-02-30 to 2026-03-02.
std::optional<absl::CivilDay> ParseIsoDay(absl::string_view text) {
  int year = 0, month = 0, day = 0;
  if (text.size() != 10 || text[4] != '-' || text[7] != '-' || !absl::SimpleAtoi(text.substr(0, 4), &year) ||
      !absl::SimpleAtoi(text.substr(5, 2), &month) || !absl::SimpleAtoi(text.substr(8, 2), &day)) {
    return std::nullopt;
  }
  const absl::CivilDay parsed(year, month, day);
  if (parsed.year() != year || parsed.month() != month || parsed.day() != day) return std::nullopt;
  return parsed;
}

absl::Status Invalid(absl::string_view file, absl::string_view problem) {
  return absl::InvalidArgumentError(absl::StrCat(file, ": ", problem));
}

// The manifest and the bytes of every file it lists, read once per load or reload.
struct CalendarSources {
  Json manifest;
  absl::flat_hash_map<std::string, std::string> file_bytes;
  std::string digest;
};

absl::StatusOr<Json> ParseJson(absl::string_view file, const std::string& bytes) {
  try {
    return Json::parse(bytes);
  } catch (const Json::parse_error& error) {
    return Invalid(file, absl::StrCat("not valid JSON: ", error.what()));
  }
}

absl::StatusOr<std::string> RequireString(absl::string_view file, const Json& object, absl::string_view key) {
  auto it = object.find(std::string(key));
  if (it == object.end() || !it->is_string() || it->get<std::string>().empty()) {
    return Invalid(file, absl::StrCat("\"", key, "\" must be a non-empty string"));
  }
  return it->get<std::string>();
}

absl::StatusOr<std::vector<std::string>> RequireStrings(absl::string_view file, const Json& object,
                                                        absl::string_view key) {
  auto it = object.find(std::string(key));
  if (it == object.end() || !it->is_array()) {
    return Invalid(file, absl::StrCat("\"", key, "\" must be an array of strings"));
  }
  std::vector<std::string> strings;
  for (const Json& element : *it) {
    if (!element.is_string()) {
      return Invalid(file, absl::StrCat("\"", key, "\" must be an array of strings"));
    }
    strings.push_back(element.get<std::string>());
  }
  return strings;
}

}  // namespace

// Reads and parses the calendar directory; the only code that constructs a Calendar.
class CalendarBuilder {
 public:
  static absl::StatusOr<CalendarSources> ReadSources(const std::filesystem::path& directory) {
    CalendarSources sources;
    absl::StatusOr<std::string> manifest_bytes = ReadConfigFile(directory / kManifestName);
    if (!manifest_bytes.ok()) return manifest_bytes.status();
    absl::StatusOr<Json> manifest = ParseJson(kManifestName, *manifest_bytes);
    if (!manifest.ok()) return manifest.status();
    if (!manifest->is_object() || !manifest->contains("layers") || !(*manifest)["layers"].is_array() ||
        (*manifest)["layers"].empty()) {
      return Invalid(kManifestName, "\"layers\" must be a non-empty array");
    }
    // One line per file, "<name> <sha256>", so that no two directories share a digest input.
    std::string digested = absl::StrCat(kManifestName, " ", Sha256Hex(*manifest_bytes), "\n");
    for (const Json& layer : (*manifest)["layers"]) {
      if (!layer.is_object()) return Invalid(kManifestName, "each layer must be an object");
      absl::StatusOr<std::vector<std::string>> files = RequireStrings(kManifestName, layer, "files");
      if (!files.ok()) return files.status();
      for (const std::string& file : *files) {
        if (file.find('/') != std::string::npos || !absl::EndsWith(file, ".json") || file == kManifestName) {
          return Invalid(kManifestName, absl::StrCat("\"", file, "\" is not a layer file name"));
        }
        if (sources.file_bytes.contains(file)) {
          return Invalid(kManifestName, absl::StrCat("\"", file, "\" is listed twice"));
        }
        absl::StatusOr<std::string> bytes = ReadConfigFile(directory / file);
        if (!bytes.ok()) return bytes.status();
        absl::StrAppend(&digested, file, " ", Sha256Hex(*bytes), "\n");
        sources.file_bytes.emplace(file, *std::move(bytes));
      }
    }
    std::error_code error;
    // Non-throwing iteration: a directory that vanishes mid-listing is an error status.
    for (std::filesystem::directory_iterator it(directory, error), end; !error && it != end; it.increment(error)) {
      const std::string name = it->path().filename().string();
      if (absl::EndsWith(name, ".json") && !absl::StartsWith(name, ".") && name != kManifestName &&
          !sources.file_bytes.contains(name)) {
        return Invalid(
            name, absl::StrCat("is not listed in ", kManifestName, "; add it to a layer's \"files\" or remove it"));
      }
    }
    if (error) {
      return absl::UnavailableError(absl::StrCat(directory.string(), ": cannot list: ", error.message()));
    }
    sources.manifest = *std::move(manifest);
    sources.digest = Sha256Hex(digested);
    return sources;
  }

  static absl::StatusOr<std::shared_ptr<const Calendar>> Build(const CalendarSources& sources) {
    std::shared_ptr<Calendar> calendar(new Calendar());
    const Json& manifest = sources.manifest;
    std::vector<std::string> names;
    int national_layers = 0;
    for (const Json& layer_json : manifest["layers"]) {
      Calendar::Layer layer;
      absl::StatusOr<std::string> name = RequireString(kManifestName, layer_json, "name");
      if (!name.ok()) return name.status();
      layer.name = *name;
      if (std::find(names.begin(), names.end(), layer.name) != names.end()) {
        return Invalid(kManifestName, absl::StrCat("layer \"", layer.name, "\" appears twice"));
      }
      absl::StatusOr<std::string> kind = RequireString(kManifestName, layer_json, "kind");
      if (!kind.ok()) return kind.status();
      if (*kind == "national") {
        layer.kind = LayerKind::kNational;
        ++national_layers;
        if (!names.empty()) {
          return Invalid(kManifestName, "the national layer must come first");
        }
      } else if (*kind == "prefecture") {
        layer.kind = LayerKind::kPrefecture;
      } else if (*kind == "county") {
        layer.kind = LayerKind::kCounty;
      } else {
        return Invalid(kManifestName, absl::StrCat("layer \"", layer.name,
                                                   "\": kind must be national, "
                                                   "prefecture or county, not \"",
                                                   *kind, "\""));
      }
      absl::StatusOr<std::string> title_zh = RequireString(kManifestName, layer_json, "title_zh");
      if (!title_zh.ok()) return title_zh.status();
      absl::StatusOr<std::string> title_en = RequireString(kManifestName, layer_json, "title_en");
      if (!title_en.ok()) return title_en.status();
      layer.title_zh = *title_zh;
      layer.title_en = *title_en;
      for (const Json& file : layer_json["files"]) {
        absl::Status added =
            AddLayerFile(file.get<std::string>(), sources.file_bytes.at(file.get<std::string>()), layer, *calendar);
        if (!added.ok()) return added;
      }
      names.push_back(layer.name);
      calendar->layers_.push_back(std::move(layer));
    }
    ComputeCoverage(*calendar);
    if (national_layers != 1) {
      return Invalid(kManifestName, "exactly one layer must be of kind national");
    }
    if (absl::Status status = ReadProvisionalRule(manifest, *calendar); !status.ok()) {
      return status;
    }
    if (auto it = manifest.find("holiday_names_en"); it != manifest.end()) {
      if (!it->is_object()) return Invalid(kManifestName, "\"holiday_names_en\" must be an object");
      for (const auto& [zh, en] : it->items()) {
        if (!en.is_string()) {
          return Invalid(kManifestName, "\"holiday_names_en\" values must be strings");
        }
        calendar->names_en_[zh] = en.get<std::string>();
      }
    }
    calendar->digest_ = sources.digest;
    calendar->version_ = absl::StrCat(absl::StrJoin(names, "+"), "@", sources.digest.substr(0, kVersionDigestDigits));
    return calendar;
  }

 private:
  static absl::Status AddLayerFile(const std::string& file, const std::string& bytes, Calendar::Layer& layer,
                                   Calendar& calendar) {
    absl::StatusOr<Json> json = ParseJson(file, bytes);
    if (!json.ok()) return json.status();
    if (!json->is_object()) return Invalid(file, "must be a JSON object");
    auto year = json->find("year");
    if (year == json->end() || !year->is_number_integer()) {
      return Invalid(file, "\"year\" must be an integer");
    }
    Calendar::LayerFile layer_file;
    layer_file.file = file;
    layer_file.year = year->get<int>();
    for (const Calendar::LayerFile& other : layer.files) {
      if (other.year == layer_file.year) {
        return Invalid(file, absl::StrCat("layer \"", layer.name, "\" already has a file for ", layer_file.year, " (",
                                          other.file, ")"));
      }
    }
    absl::StatusOr<std::vector<std::string>> papers = RequireStrings(file, *json, "papers");
    if (!papers.ok()) return papers.status();
    if (layer.kind == LayerKind::kNational && papers->empty()) {
      return Invalid(file, "a national schedule must name its source notice in \"papers\"");
    }
    layer_file.papers = *std::move(papers);
    if (auto note = json->find("note"); note != json->end()) {
      if (!note->is_string()) return Invalid(file, "\"note\" must be a string");
      layer_file.note = note->get<std::string>();
    }
    auto days = json->find("days");
    if (days == json->end() || !days->is_array()) return Invalid(file, "\"days\" must be an array");
    absl::flat_hash_set<absl::CivilDay> seen;
    for (const Json& entry : *days) {
      if (!entry.is_object() || !entry.contains("name") || !entry["name"].is_string() || !entry.contains("date") ||
          !entry["date"].is_string() || !entry.contains("isOffDay") || !entry["isOffDay"].is_boolean()) {
        return Invalid(file,
                       "each day needs \"name\" (string), \"date\" (YYYY-MM-DD) and "
                       "\"isOffDay\" (boolean)");
      }
      const std::string date_text = entry["date"].get<std::string>();
      const std::optional<absl::CivilDay> date = ParseIsoDay(date_text);
      // A notice may reach into the neighbouring years (the 2023 notice lists 2022-12-31).
      if (!date.has_value() || std::abs(date->year() - layer_file.year) > 1) {
        return Invalid(file, absl::StrCat("\"", date_text, "\" is not a date near ", layer_file.year));
      }
      if (!seen.insert(*date).second) {
        return Invalid(file, absl::StrCat(date_text, " is listed twice"));
      }
      // Layers are read in precedence order, so a later layer replaces an earlier entry.
      calendar.listed_[*date] = Calendar::ListedDay{
          .off = entry["isOffDay"].get<bool>(), .name = entry["name"].get<std::string>(), .layer = layer.name};
    }
    if (layer.kind == LayerKind::kNational) calendar.national_years_.insert(layer_file.year);
    layer.files.push_back(std::move(layer_file));
    return absl::OkStatus();
  }

  // The span of the years with a layer file and of every listed day.
  static void ComputeCoverage(Calendar& calendar) {
    auto extend = [&calendar](absl::CivilDay first, absl::CivilDay last) {
      if (!calendar.covered_.has_value()) {
        calendar.covered_.emplace(first, last);
      } else {
        calendar.covered_->first = std::min(calendar.covered_->first, first);
        calendar.covered_->second = std::max(calendar.covered_->second, last);
      }
    };
    for (const Calendar::Layer& layer : calendar.layers_) {
      for (const Calendar::LayerFile& file : layer.files) {
        extend(absl::CivilDay(file.year, 1, 1), absl::CivilDay(file.year, 12, 31));
      }
    }
    for (const auto& [day, listed] : calendar.listed_) extend(day, day);
  }

  static absl::Status ReadProvisionalRule(const Json& manifest, Calendar& calendar) {
    auto provisional = manifest.find("provisional");
    if (provisional == manifest.end() || !provisional->is_object() || !provisional->contains("fixed_holidays") ||
        !(*provisional)["fixed_holidays"].is_array()) {
      return Invalid(kManifestName,
                     "\"provisional\": {\"fixed_holidays\": [...]} is required: it is the "
                     "calendar of years without a national notice");
    }
    for (const Json& holiday : (*provisional)["fixed_holidays"]) {
      if (!holiday.is_object() || !holiday.contains("date") || !holiday["date"].is_string() ||
          !holiday.contains("name") || !holiday["name"].is_string()) {
        return Invalid(kManifestName, "each fixed holiday needs \"date\" (MM-DD) and \"name\"");
      }
      // Checked against a non-leap year: a fixed holiday must exist every year.
      const std::string date = holiday["date"].get<std::string>();
      const std::optional<absl::CivilDay> day = ParseIsoDay(absl::StrCat("2023-", date));
      if (!day.has_value()) {
        return Invalid(kManifestName, absl::StrCat("fixed holiday \"", date, "\" is not MM-DD"));
      }
      calendar.provisional_holidays_.push_back(
          Calendar::FixedHoliday{.month = day->month(), .day = day->day(), .name = holiday["name"].get<std::string>()});
    }
    return absl::OkStatus();
  }
};

absl::TimeZone ChinaTimeZone() { return absl::FixedTimeZone(8 * 60 * 60); }

absl::CivilDay LocalDay(absl::Time time) { return absl::ToCivilDay(time, ChinaTimeZone()); }

absl::Time DeadlinePassesAt(absl::CivilDay deadline) { return absl::FromCivil(deadline + 1, ChinaTimeZone()); }

absl::StatusOr<std::shared_ptr<const Calendar>> Calendar::LoadFromDirectory(const std::filesystem::path& directory) {
  absl::StatusOr<CalendarSources> sources = CalendarBuilder::ReadSources(directory);
  if (!sources.ok()) return sources.status();
  return CalendarBuilder::Build(*sources);
}

const Calendar::Layer* Calendar::FindLayer(const std::string& name) const {
  for (const Layer& layer : layers_) {
    if (layer.name == name) return &layer;
  }
  return nullptr;
}

std::string Calendar::NameEn(const std::string& name_zh) const {
  auto it = names_en_.find(name_zh);
  return it == names_en_.end() ? name_zh : it->second;
}

DayInfo Calendar::Describe(absl::CivilDay day) const {
  DayInfo info;
  info.day = day;
  info.provisional = IsProvisionalYear(day.year());
  if (auto it = listed_.find(day); it != listed_.end()) {
    info.working = !it->second.off;
    info.kind = it->second.off ? DayKind::kHoliday : DayKind::kMakeUpWorkday;
    info.name = it->second.name;
    info.layer = it->second.layer;
    return info;
  }
  if (info.provisional) {
    for (const FixedHoliday& holiday : provisional_holidays_) {
      if (holiday.month == day.month() && holiday.day == day.day()) {
        info.kind = DayKind::kHoliday;
        info.name = holiday.name;
        return info;
      }
    }
  }
  info.working = !IsWeekend(day);
  info.kind = info.working ? DayKind::kWorkday : DayKind::kWeekend;
  return info;
}

Calendar::Reason Calendar::ReasonFor(const DayInfo& info) const {
  switch (info.kind) {
    case DayKind::kWeekend:
      return {"周末", "weekend"};
    case DayKind::kWorkday:
      return {"普通工作日", "ordinary working day"};
    case DayKind::kHoliday:
    case DayKind::kMakeUpWorkday:
      break;
  }
  const bool make_up = info.kind == DayKind::kMakeUpWorkday;
  const std::string name_en = NameEn(info.name);
  if (const Layer* layer = FindLayer(info.layer)) {
    return {absl::StrCat(info.name, make_up ? "调休上班" : "", "(", layer->title_zh, ")"),
            absl::StrCat(name_en, make_up ? " make-up working day" : "", " (", layer->title_en, ")")};
  }
  return {absl::StrCat(info.name, "(暂定:固定日期法定节假日)"),
          absl::StrCat(name_en, " (provisional: fixed-date statutory holiday)")};
}

DayResult Calendar::Walk(absl::CivilDay start, int n, DeadlineExplanation* explanation) const {
  const int step = n >= 0 ? 1 : -1;
  int remaining = std::abs(n);
  DayResult result{.day = start};
  while (remaining > 0) {
    if (!IsSupportedDay(result.day + step)) break;
    result.day += step;
    const DayInfo info = Describe(result.day);
    result.provisional = result.provisional || info.provisional;
    if (info.working) {
      --remaining;
      if (explanation != nullptr && info.kind == DayKind::kMakeUpWorkday && IsWeekend(info.day)) {
        explanation->make_up_days.push_back(info.day);
      }
    } else if (explanation != nullptr) {
      Reason reason = ReasonFor(info);
      explanation->skipped.push_back(SkippedDay{.day = info.day,
                                                .kind = info.kind,
                                                .layer = info.layer,
                                                .reason_zh = std::move(reason.zh),
                                                .reason_en = std::move(reason.en)});
    }
  }
  return result;
}

DayResult Calendar::AddWorkingDays(absl::CivilDay start, int n) const { return Walk(start, n, nullptr); }

DayCount Calendar::WorkingDaysBetween(absl::CivilDay from, absl::CivilDay to) const {
  const int sign = to >= from ? 1 : -1;
  const absl::CivilDay first = std::max(std::min(from, to) + 1, kFirstSupportedDay);
  const absl::CivilDay last = std::min(std::max(from, to), kLastSupportedDay);
  DayCount count;
  for (absl::CivilDay day = first; day <= last; ++day) {
    const DayInfo info = Describe(day);
    count.provisional = count.provisional || info.provisional;
    if (info.working) ++count.working_days;
  }
  count.working_days *= sign;
  return count;
}

void Calendar::DescribeSources(absl::CivilDay first, absl::CivilDay last, DeadlineExplanation& explanation) const {
  for (int year = static_cast<int>(first.year()); year <= last.year(); ++year) {
    if (IsProvisionalYear(year)) explanation.provisional_years.push_back(year);
  }
  for (const Layer& layer : layers_) {
    bool used = false;
    for (const LayerFile& file : layer.files) {
      if (file.year < first.year() || file.year > last.year()) continue;
      used = true;
      explanation.sources.push_back(
          SourceNotice{.layer = layer.name, .year = file.year, .papers = file.papers, .note = file.note});
    }
    if (used) explanation.layers.push_back(layer.name);
  }
}

void Calendar::WriteTexts(DeadlineExplanation& e, absl::string_view prefix_zh, absl::string_view prefix_en) const {
  const std::string start = FormatDay(e.start);
  const std::string deadline = FormatDay(e.deadline);
  std::string zh(prefix_zh);
  std::string en(prefix_en);
  if (e.working_days == 0) {
    absl::StrAppend(&zh, "期限为", start, "当日(", WeekdayZh(e.start), ")。");
    absl::StrAppend(&en, "The deadline is ", start, " (", WeekdayEn(e.start), ") itself.");
  } else {
    const int n = std::abs(e.working_days);
    absl::StrAppend(&zh, "自", start, "起", e.working_days > 0 ? "" : "向前", "(当日不计)第", n, "个工作日为", deadline,
                    "(", WeekdayZh(e.deadline), ")。");
    absl::StrAppend(&en, "The ", Ordinal(n), " working day ", e.working_days > 0 ? "after " : "before ", start,
                    " (that day not counted) is ", WeekdayEn(e.deadline), " ", deadline, ".");
  }
  if (!e.skipped.empty()) {
    // Runs of consecutive days with the same reason read as one range: "10-01至10-07 国庆节".
    std::vector<std::string> skipped_zh, skipped_en;
    for (size_t first = 0, last = 0; first < e.skipped.size(); first = last + 1) {
      last = first;
      while (last + 1 < e.skipped.size() && std::abs(e.skipped[last + 1].day - e.skipped[last].day) == 1 &&
             e.skipped[last + 1].reason_zh == e.skipped[first].reason_zh) {
        ++last;
      }
      const std::string from = FormatDay(e.skipped[first].day);
      const std::string to = FormatDay(e.skipped[last].day);
      skipped_zh.push_back(
          absl::StrCat(from, first == last ? "" : absl::StrCat("至", to), " ", e.skipped[first].reason_zh));
      skipped_en.push_back(
          absl::StrCat(from, first == last ? "" : absl::StrCat(" to ", to), " ", e.skipped[first].reason_en));
    }
    absl::StrAppend(&zh, "跳过的非工作日:", absl::StrJoin(skipped_zh, ";"), "。");
    absl::StrAppend(&en, " Non-working days skipped: ", absl::StrJoin(skipped_en, "; "), ".");
  }
  if (!e.make_up_days.empty()) {
    std::vector<std::string> make_up_zh, make_up_en;
    for (absl::CivilDay day : e.make_up_days) {
      const Reason reason = ReasonFor(Describe(day));
      make_up_zh.push_back(absl::StrCat(FormatDay(day), " ", reason.zh));
      make_up_en.push_back(absl::StrCat(FormatDay(day), " ", reason.en));
    }
    absl::StrAppend(&zh, "计入的调休上班日:", absl::StrJoin(make_up_zh, ";"), "。");
    absl::StrAppend(&en, " Weekend make-up working days counted: ", absl::StrJoin(make_up_en, "; "), ".");
  }
  std::vector<std::string> sources_zh, sources_en;
  for (const SourceNotice& source : e.sources) {
    const Layer* layer = FindLayer(source.layer);
    const std::string papers = absl::StrJoin(source.papers, " ");
    sources_zh.push_back(absl::StrCat(layer->title_zh, source.year, "年(", papers.empty() ? "未附公告" : papers, ")"));
    sources_en.push_back(
        absl::StrCat(layer->title_en, " ", source.year, " (", papers.empty() ? "no notice attached" : papers, ")"));
  }
  if (!sources_zh.empty()) {
    absl::StrAppend(&zh, "依据:", absl::StrJoin(sources_zh, ";"), "。");
    absl::StrAppend(&en, " Sources: ", absl::StrJoin(sources_en, "; "), ".");
  }
  if (!e.provisional_years.empty()) {
    const std::string years = absl::StrJoin(e.provisional_years, "、");
    absl::StrAppend(&zh, years,
                    "年尚无国务院节假日安排,按暂定日历(周一至周五,扣除固定日期法定节假日)"
                    "计算,结果为暂定;安排公布后将重新计算。");
    absl::StrAppend(&en, " No State Council schedule is loaded for ", absl::StrJoin(e.provisional_years, ", "),
                    "; counted on a provisional calendar (Monday to Friday less fixed-date "
                    "statutory holidays), so the result is provisional and will be recomputed "
                    "when the schedule is published.");
  }
  absl::StrAppend(&zh, "日历版本:", e.calendar_version, "。");
  absl::StrAppend(&en, " Calendar version: ", e.calendar_version, ".");
  e.text_zh = std::move(zh);
  e.text_en = std::move(en);
}

DeadlineExplanation Calendar::Explain(absl::CivilDay start, int n) const {
  DeadlineExplanation explanation;
  explanation.start = start;
  explanation.working_days = n;
  explanation.calendar_version = version_;
  const DayResult result = Walk(start, n, &explanation);
  explanation.deadline = result.day;
  explanation.provisional = result.provisional;
  // The days consulted are those counted; the start day itself is not.
  if (n > 0) DescribeSources(start + 1, result.day, explanation);
  if (n < 0) DescribeSources(result.day, start - 1, explanation);
  WriteTexts(explanation, "", "");
  return explanation;
}

absl::StatusOr<EventDeadline> Calendar::DeadlineFromEvent(absl::Time event, int n, int cutoff_minutes_of_day) const {
  if (n < 0) {
    return absl::InvalidArgumentError(absl::StrCat("working days must not be negative: ", n));
  }
  if (cutoff_minutes_of_day < 0 || cutoff_minutes_of_day >= 24 * 60) {
    return absl::InvalidArgumentError(
        absl::StrCat("cut-off must be a minute of the day (0..1439): ", cutoff_minutes_of_day));
  }
  const absl::CivilSecond local = absl::ToCivilSecond(event, ChinaTimeZone());
  EventDeadline result;
  result.event_day = absl::CivilDay(local);
  result.received_day = result.event_day;
  const DayInfo event_info = Describe(result.event_day);
  const int seconds_of_day = local.hour() * 3600 + local.minute() * 60 + local.second();
  if (!event_info.working) {
    result.shift = ReceiptShift::kNonWorkingDay;
  } else if (seconds_of_day > cutoff_minutes_of_day * 60) {
    result.shift = ReceiptShift::kAfterCutoff;
  }
  DeadlineExplanation& explanation = result.explanation;
  explanation.provisional = event_info.provisional;
  if (result.shift != ReceiptShift::kNone) {
    const DayResult next = AddWorkingDays(result.event_day, 1);
    result.received_day = next.day;
    explanation.provisional = explanation.provisional || next.provisional;
  }
  explanation.start = result.received_day;
  explanation.working_days = n;
  explanation.calendar_version = version_;
  const DayResult counted = Walk(result.received_day, n, &explanation);
  explanation.deadline = counted.day;
  explanation.provisional = explanation.provisional || counted.provisional;
  // Every day from the event to the deadline decided something.
  DescribeSources(result.event_day, counted.day, explanation);

  const std::string when = absl::StrFormat("%s %02d:%02d:%02d", FormatDay(absl::CivilDay(local)), local.hour(),
                                           local.minute(), local.second());
  const std::string cutoff = absl::StrFormat("%02d:%02d", cutoff_minutes_of_day / 60, cutoff_minutes_of_day % 60);
  const std::string received = FormatDay(result.received_day);
  std::string zh = absl::StrCat("收到时间", when, "(北京时间)");
  std::string en = absl::StrCat("Received at ", when, " Beijing time");
  switch (result.shift) {
    case ReceiptShift::kNone:
      absl::StrAppend(&zh, "。");
      absl::StrAppend(&en, ". ");
      break;
    case ReceiptShift::kAfterCutoff:
      absl::StrAppend(&zh, ",晚于", cutoff, ",视为下一个工作日", received, "收到。");
      absl::StrAppend(&en, ", after the ", cutoff,
                      " cut-off: counts as received on the next "
                      "working day, ",
                      received, ". ");
      break;
    case ReceiptShift::kNonWorkingDay:
      absl::StrAppend(&zh, ",当日为非工作日(", ReasonFor(event_info).zh, "),视为下一个工作日", received, "收到。");
      absl::StrAppend(&en, ", a non-working day (", ReasonFor(event_info).en,
                      "): counts as received on the next working day, ", received, ". ");
      break;
  }
  WriteTexts(explanation, zh, en);
  return result;
}

std::vector<absl::CivilDay> Calendar::DaysDifferingFrom(const Calendar& other) const {
  std::vector<absl::CivilDay> days;
  if (!covered_.has_value() && !other.covered_.has_value()) return days;
  const auto& mine = covered_.has_value() ? *covered_ : *other.covered_;
  const auto& theirs = other.covered_.has_value() ? *other.covered_ : *covered_;
  const absl::CivilDay first = std::min(mine.first, theirs.first);
  const absl::CivilDay last = std::max(mine.second, theirs.second);
  for (absl::CivilDay day = first; day <= last; ++day) {
    if (IsWorkingDay(day) != other.IsWorkingDay(day)) days.push_back(day);
  }
  return days;
}

DeadlineRecomputation RecomputeDeadline(const Calendar& old_calendar, const Calendar& new_calendar,
                                        const StoredDeadline& stored) {
  const DayResult fresh = new_calendar.AddWorkingDays(stored.start, stored.working_days);
  DeadlineRecomputation record;
  record.old_deadline = stored.deadline;
  record.new_deadline = fresh.day;
  record.old_version = stored.calendar_version;
  record.new_version = new_calendar.version();
  record.was_provisional = old_calendar.AddWorkingDays(stored.start, stored.working_days).provisional;
  record.provisional = fresh.provisional;

  const absl::CivilDay first = std::min({stored.start, stored.deadline, fresh.day});
  const absl::CivilDay last = std::max({stored.start, stored.deadline, fresh.day});
  std::vector<std::string> days_zh, days_en;
  for (absl::CivilDay day = first; day <= last; ++day) {
    if (day == stored.start) continue;
    const DayInfo now = new_calendar.Describe(day);
    if (now.working == old_calendar.IsWorkingDay(day)) continue;
    const std::string date = FormatDay(day);
    const Calendar::Reason reason = new_calendar.ReasonFor(now);
    days_zh.push_back(absl::StrCat(date, now.working ? " 改为工作日(" : " 改为非工作日(", reason.zh, ")"));
    days_en.push_back(
        absl::StrCat(date, now.working ? " became a working day (" : " became a non-working day (", reason.en, ")"));
    record.changed_days.push_back(now);
  }

  std::string zh = absl::StrCat("日历由", record.old_version, "更新为", record.new_version);
  std::string en = absl::StrCat("Calendar updated from ", record.old_version, " to ", record.new_version);
  if (!days_zh.empty()) {
    absl::StrAppend(&zh, ":", absl::StrJoin(days_zh, ";"));
    absl::StrAppend(&en, ": ", absl::StrJoin(days_en, "; "));
  }
  const std::string old_date = FormatDay(record.old_deadline);
  const std::string new_date = FormatDay(record.new_deadline);
  if (record.date_changed()) {
    absl::StrAppend(&zh, "。期限由", old_date, "改为", new_date);
    absl::StrAppend(&en, ". Deadline moved from ", old_date, " to ", new_date);
  } else {
    absl::StrAppend(&zh, "。期限不变,仍为", new_date);
    absl::StrAppend(&en, ". Deadline unchanged: ", new_date);
  }
  if (record.provisional) {
    absl::StrAppend(&zh, "(暂定)。");
    absl::StrAppend(&en, " (provisional).");
  } else if (record.was_provisional) {
    absl::StrAppend(&zh, ",不再为暂定。");
    absl::StrAppend(&en, ", no longer provisional.");
  } else {
    absl::StrAppend(&zh, "。");
    absl::StrAppend(&en, ".");
  }
  record.reason_zh = std::move(zh);
  record.reason_en = std::move(en);
  return record;
}

absl::StatusOr<std::unique_ptr<CalendarProvider>> CalendarProvider::Create(std::filesystem::path directory) {
  absl::StatusOr<std::shared_ptr<const Calendar>> calendar = Calendar::LoadFromDirectory(directory);
  if (!calendar.ok()) return calendar.status();
  return std::unique_ptr<CalendarProvider>(new CalendarProvider(std::move(directory), *std::move(calendar)));
}

CalendarProvider::CalendarProvider(std::filesystem::path directory, std::shared_ptr<const Calendar> calendar)
    : directory_(std::move(directory)), current_(std::move(calendar)) {}

std::shared_ptr<const Calendar> CalendarProvider::Current() const {
  absl::MutexLock lock(&mutex_);
  return current_;
}

absl::StatusOr<std::optional<CalendarUpdate>> CalendarProvider::ReloadIfChanged() {
  absl::MutexLock reload_lock(&reload_mutex_);
  absl::StatusOr<CalendarSources> sources = CalendarBuilder::ReadSources(directory_);
  if (!sources.ok()) return sources.status();
  std::shared_ptr<const Calendar> previous = Current();
  if (sources->digest == previous->digest()) return std::nullopt;
  absl::StatusOr<std::shared_ptr<const Calendar>> next = CalendarBuilder::Build(*sources);
  if (!next.ok()) return next.status();
  CalendarUpdate update{.previous = previous, .current = *next, .changed_days = (*next)->DaysDifferingFrom(*previous)};
  {
    absl::MutexLock lock(&mutex_);
    current_ = *std::move(next);
  }
  return update;
}

}  // namespace xianfu
