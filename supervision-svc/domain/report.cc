#include "supervision-svc/domain/report.h"

#include <algorithm>
#include <map>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/calendar.h"
#include "common/deadline_proto.h"
#include "common/errors.h"

namespace xianfu::supervision {

std::string CsvField(const std::string& value) {
  if (value.find_first_of(",\"\r\n") == std::string::npos) return value;
  std::string out = "\"";
  for (char c : value) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
  return out;
}

namespace {

// One line of the report as the policy cites its rule.
struct Line {
  std::string service;
  std::string rule_id;
  std::string subject;
  absl::CivilDay day;
  std::string message_zh, message_en;
  const char* kind;
};

v1::RecordedDeviation Recorded(const Line& line, const std::string& event_id, const Env& env) {
  v1::RecordedDeviation d;
  d.set_service(line.service);
  d.set_rule_id(line.rule_id);
  absl::StatusOr<RuleCitation> citation = env.policy->Cite(line.rule_id);
  if (citation.ok()) *d.mutable_article() = MakeViolation(*citation, "", "").article();
  d.set_subject(line.subject);
  *d.mutable_day() = ToProtoDate(line.day);
  d.set_message_zh(line.message_zh);
  d.set_message_en(line.message_en);
  d.set_event_id(event_id);
  d.set_kind(line.kind);
  return d;
}

absl::CivilDay DayOr(bool known, absl::Time time, const Env& env) { return known ? LocalDay(time) : env.today; }

}  // namespace

std::optional<v1::RecordedDeviation> DeviationFrom(const meeting::v1::MeetingFrequencyWarning& w,
                                                   const std::string& event_id, const Env& env) {
  if (!w.deviation()) return std::nullopt;
  const std::string start = absl::FormatCivilTime(FromProtoDate(w.period_start()));
  const std::string end = absl::FormatCivilTime(FromProtoDate(w.period_end()));
  const std::string kind = meeting::v1::MeetingKind_Name(w.kind());
  return Recorded({.service = "meeting",
                   .rule_id = w.rule_id(),
                   .subject = absl::StrCat("meetings/frequency/", kind, "/", start),
                   .day = env.today,
                   .message_zh = absl::StrCat(start, "至", end, "未按规定召开", kind),
                   .message_en = absl::StrCat("no ", kind, " held in ", start, "…", end),
                   .kind = "DEVIATION"},
                  event_id, env);
}

v1::RecordedDeviation DeviationFrom(const personnel::v1::Obligation& o, const std::string& event_id, const Env& env) {
  return Recorded({.service = "personnel",
                   .rule_id = o.rule_id(),
                   .subject = o.name(),
                   .day = DayOr(o.has_due_time(), FromProtoTime(o.due_time()), env),
                   .message_zh = absl::StrCat("逾期未报告：", o.title_zh(), "(", o.owner(), ")"),
                   .message_en = absl::StrCat("overdue: ", o.title_zh(), " (", o.owner(), ")"),
                   .kind = "OVERDUE"},
                  event_id, env);
}

v1::RecordedDeviation DeviationFrom(const document::v1::CountersignDeemed& deemed, const std::string& event_id,
                                    const Env& env) {
  const document::v1::Countersign& c = deemed.countersign();
  return Recorded({.service = "document",
                   .rule_id = "DOC-10",
                   .subject = c.name(),
                   .day = DayOr(c.has_deadline_time(), FromProtoTime(c.deadline_time()), env),
                   .message_zh = absl::StrCat(c.requested_unit(), "逾期未回复会签(", c.document(), ")，视为无不同意见"),
                   .message_en = absl::StrCat(c.requested_unit(), " did not answer the countersign of ", c.document(),
                                              " in time: deemed no objection"),
                   .kind = "DEVIATION"},
                  event_id, env);
}

v1::RecordedDeviation DeviationFrom(const document::v1::NormativeFilingOverdue& overdue, const std::string& event_id,
                                    const Env& env) {
  const document::v1::Document& doc = overdue.document();
  return Recorded({.service = "document",
                   .rule_id = "DOC-28",
                   .subject = doc.name(),
                   .day = env.today,
                   .message_zh = absl::StrCat("规范性文件《", doc.title(), "》逾期未报县政府备案"),
                   .message_en = absl::StrCat("the normative document \"", doc.title(),
                                              "\" was not filed with the county government in time"),
                   .kind = "OVERDUE"},
                  event_id, env);
}

v1::RecordedDeviation DeviationFrom(const common::v1::OverrideRecord& o, const std::string& service,
                                    const std::string& subject, const std::string& event_id, const Env& env) {
  return Recorded(
      {.service = service,
       .rule_id = o.rule_id(),
       .subject = subject,
       .day = DayOr(o.at_unix_seconds() > 0, absl::FromUnixSeconds(o.at_unix_seconds()), env),
       .message_zh = absl::StrCat(o.overridden_by(), "(", o.role(), ")决定不适用", o.rule_id(), "：", o.reason()),
       .message_en = absl::StrCat(o.overridden_by(), " (", o.role(), ") overrode ", o.rule_id(), ": ", o.reason()),
       .kind = "OVERRIDE"},
      event_id, env);
}

bool RaisedIn(const common::v1::Escalation& e, absl::CivilDay start, absl::CivilDay end) {
  const absl::CivilDay day = LocalDay(FromProtoTime(e.create_time()));
  return day >= start && day <= end;
}

v1::ComplianceReport BuildReport(const std::vector<common::v1::Escalation>& all, absl::CivilDay start,
                                 absl::CivilDay end, const std::vector<std::string>& unavailable,
                                 const std::vector<v1::RecordedDeviation>& deviations,
                                 const std::map<std::string, std::string>& unit_of) {
  v1::ComplianceReport report;
  *report.mutable_period_start() = ToProtoDate(start);
  *report.mutable_period_end() = ToProtoDate(end);
  std::vector<common::v1::Escalation> lines;
  for (const common::v1::Escalation& e : all) {
    if (RaisedIn(e, start, end)) lines.push_back(e);
  }
  std::sort(lines.begin(), lines.end(), [](const auto& a, const auto& b) {
    const absl::Time ta = FromProtoTime(a.create_time()), tb = FromProtoTime(b.create_time());
    return ta != tb ? ta < tb : a.name() < b.name();
  });
  std::map<std::string, v1::ArticleCount> by_rule;
  std::string csv = "raised_at,service,rule_id,article,subject,assignee,state,message_zh\r\n";
  for (const common::v1::Escalation& e : lines) {
    v1::ArticleCount& c = by_rule[e.rule_id()];
    c.set_rule_id(e.rule_id());
    *c.mutable_article() = e.article();
    c.set_count(c.count() + 1);
    (*report.mutable_by_service())[e.service()]++;
    const auto unit = unit_of.find(e.assignee());
    (*report.mutable_by_unit())[unit == unit_of.end() ? "" : unit->second]++;
    absl::StrAppend(
        &csv,
        absl::StrJoin(
            {CsvField(absl::FormatTime(absl::RFC3339_sec, FromProtoTime(e.create_time()), ChinaTimeZone())),
             CsvField(e.service()), CsvField(e.rule_id()), CsvField(e.article().display_zh()), CsvField(e.subject()),
             CsvField(e.assignee()), CsvField(common::v1::EscalationState_Name(e.state())), CsvField(e.message_zh())},
            ","),
        "\r\n");
    *report.add_lines() = e;
  }
  for (const v1::RecordedDeviation& d : deviations) {
    const absl::CivilDay day = FromProtoDate(d.day());
    if (day < start || day > end) continue;
    v1::ArticleCount& c = by_rule[d.rule_id()];
    c.set_rule_id(d.rule_id());
    *c.mutable_article() = d.article();
    c.set_count(c.count() + 1);
    (*report.mutable_by_service())[d.service()]++;
    absl::StrAppend(&csv,
                    absl::StrJoin({CsvField(absl::FormatCivilTime(day)), CsvField(d.service()), CsvField(d.rule_id()),
                                   CsvField(d.article().display_zh()), CsvField(d.subject()), std::string(),
                                   CsvField(d.kind()), CsvField(d.message_zh())},
                                  ","),
                    "\r\n");
    *report.add_deviations() = d;
  }
  std::vector<v1::ArticleCount> counts;
  for (auto& [rule, count] : by_rule) counts.push_back(count);
  std::stable_sort(counts.begin(), counts.end(), [](const auto& a, const auto& b) { return a.count() > b.count(); });
  for (v1::ArticleCount& c : counts) *report.add_by_rule() = std::move(c);
  report.set_csv(csv);
  for (const std::string& u : unavailable) report.add_unavailable(u);
  return report;
}

}  // namespace xianfu::supervision
