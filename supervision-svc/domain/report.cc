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

std::optional<v1::RecordedDeviation> DeviationFrom(const meeting::v1::MeetingFrequencyWarning& w,
                                                   const std::string& event_id, const Env& env) {
  if (!w.deviation()) return std::nullopt;
  v1::RecordedDeviation d;
  d.set_service("meeting");
  d.set_rule_id(w.rule_id());
  absl::StatusOr<RuleCitation> citation = env.policy->Cite(w.rule_id());
  if (citation.ok()) *d.mutable_article() = MakeViolation(*citation, "", "").article();
  const std::string start = absl::FormatCivilTime(FromProtoDate(w.period_start()));
  const std::string end = absl::FormatCivilTime(FromProtoDate(w.period_end()));
  d.set_subject(absl::StrCat("meetings/frequency/", meeting::v1::MeetingKind_Name(w.kind()), "/", start));
  *d.mutable_day() = ToProtoDate(env.today);
  d.set_message_zh(absl::StrCat(start, "至", end, "未按规定召开", meeting::v1::MeetingKind_Name(w.kind())));
  d.set_message_en(absl::StrCat("no ", meeting::v1::MeetingKind_Name(w.kind()), " held in ", start, "…", end));
  d.set_event_id(event_id);
  d.set_kind("DEVIATION");
  return d;
}

v1::RecordedDeviation DeviationFrom(const personnel::v1::Obligation& o, const std::string& event_id, const Env& env) {
  v1::RecordedDeviation d;
  d.set_service("personnel");
  d.set_rule_id(o.rule_id());
  absl::StatusOr<RuleCitation> citation = env.policy->Cite(o.rule_id());
  if (citation.ok()) *d.mutable_article() = MakeViolation(*citation, "", "").article();
  d.set_subject(o.name());
  *d.mutable_day() = ToProtoDate(o.has_due_time() ? LocalDay(FromProtoTime(o.due_time())) : env.today);
  d.set_message_zh(absl::StrCat("逾期未报告：", o.title_zh(), "(", o.owner(), ")"));
  d.set_message_en(absl::StrCat("overdue: ", o.title_zh(), " (", o.owner(), ")"));
  d.set_event_id(event_id);
  d.set_kind("OVERDUE");
  return d;
}

v1::RecordedDeviation DeviationFrom(const document::v1::CountersignDeemed& deemed, const std::string& event_id,
                                    const Env& env) {
  const document::v1::Countersign& c = deemed.countersign();
  v1::RecordedDeviation d;
  d.set_service("document");
  d.set_rule_id("DOC-10");
  absl::StatusOr<RuleCitation> citation = env.policy->Cite("DOC-10");
  if (citation.ok()) *d.mutable_article() = MakeViolation(*citation, "", "").article();
  d.set_subject(c.name());
  *d.mutable_day() = ToProtoDate(c.has_deadline_time() ? LocalDay(FromProtoTime(c.deadline_time())) : env.today);
  d.set_message_zh(absl::StrCat(c.requested_unit(), "逾期未回复会签(", c.document(), ")，视为无不同意见"));
  d.set_message_en(absl::StrCat(c.requested_unit(), " did not answer the countersign of ", c.document(),
                                " in time: deemed no objection"));
  d.set_event_id(event_id);
  d.set_kind("DEVIATION");
  return d;
}

v1::RecordedDeviation DeviationFrom(const document::v1::NormativeFilingOverdue& overdue, const std::string& event_id,
                                    const Env& env) {
  v1::RecordedDeviation d;
  d.set_service("document");
  d.set_rule_id("DOC-28");
  absl::StatusOr<RuleCitation> citation = env.policy->Cite("DOC-28");
  if (citation.ok()) *d.mutable_article() = MakeViolation(*citation, "", "").article();
  d.set_subject(overdue.document().name());
  *d.mutable_day() = ToProtoDate(env.today);
  d.set_message_zh(absl::StrCat("规范性文件《", overdue.document().title(), "》逾期未报县政府备案"));
  d.set_message_en(absl::StrCat("the normative document \"", overdue.document().title(),
                                "\" was not filed with the county government in time"));
  d.set_event_id(event_id);
  d.set_kind("OVERDUE");
  return d;
}

v1::RecordedDeviation DeviationFrom(const common::v1::OverrideRecord& o, const std::string& service,
                                    const std::string& subject, const std::string& event_id, const Env& env) {
  v1::RecordedDeviation d;
  d.set_service(service);
  d.set_rule_id(o.rule_id());
  absl::StatusOr<RuleCitation> citation = env.policy->Cite(o.rule_id());
  if (citation.ok()) *d.mutable_article() = MakeViolation(*citation, "", "").article();
  d.set_subject(subject);
  *d.mutable_day() =
      ToProtoDate(o.at_unix_seconds() > 0 ? LocalDay(absl::FromUnixSeconds(o.at_unix_seconds())) : env.today);
  d.set_message_zh(absl::StrCat(o.overridden_by(), "(", o.role(), ")决定不适用", o.rule_id(), "：", o.reason()));
  d.set_message_en(absl::StrCat(o.overridden_by(), " (", o.role(), ") overrode ", o.rule_id(), ": ", o.reason()));
  d.set_event_id(event_id);
  d.set_kind("OVERRIDE");
  return d;
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
    const absl::CivilDay day = LocalDay(FromProtoTime(e.create_time()));
    if (day >= start && day <= end) lines.push_back(e);
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
