#include "supervision-svc/domain/circular.h"

#include <map>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/calendar.h"
#include "common/deadline_proto.h"
#include "supervision-svc/domain/report.h"

namespace xianfu::supervision {
namespace {

bool Done(const v1::Task& t) {
  return t.has_done_date() || t.state() == v1::TASK_STATE_REPORTED_DONE || t.state() == v1::TASK_STATE_VERIFIED ||
         t.state() == v1::TASK_STATE_CLOSED;
}

void Count(const v1::Task& t, absl::CivilDay today, v1::Figures& f) {
  const absl::CivilDay deadline = FromProtoDate(t.deadline());
  f.set_due(f.due() + 1);
  if (Done(t)) {
    const bool late = t.has_done_date() ? FromProtoDate(t.done_date()) > deadline : t.overdue();
    late ? f.set_done_late(f.done_late() + 1) : f.set_done_on_time(f.done_on_time() + 1);
  } else if (today > deadline) {
    f.set_overdue(f.overdue() + 1);
  } else {
    f.set_pending(f.pending() + 1);
  }
  if (t.extensions_size() >= 1) f.set_extended(f.extended() + 1);
  if (t.extensions_size() >= 2) f.set_extended_twice_or_more(f.extended_twice_or_more() + 1);
}

void Rate(v1::Figures& f, const Policy& policy) {
  const auto& p = policy.proto().supervision();
  if (f.due() > 0 && f.done_late() + f.overdue() >= p.warn_min_late().count()) {
    f.set_rating(v1::RATING_WARN);
  } else if (f.due() > 0 && f.done_on_time() * 100 >= p.commend_min_on_time_percent().count() * f.due()) {
    f.set_rating(v1::RATING_COMMEND);
  } else {
    f.set_rating(v1::RATING_NONE);
  }
}

std::string CsvRow(absl::string_view kind, const v1::Figures& f) {
  return absl::StrCat(absl::StrJoin({CsvField(std::string(kind)), CsvField(f.subject()), absl::StrCat(f.due()),
                                     absl::StrCat(f.done_on_time()), absl::StrCat(f.done_late()),
                                     absl::StrCat(f.overdue()), absl::StrCat(f.pending()), absl::StrCat(f.extended()),
                                     absl::StrCat(f.extended_twice_or_more()), v1::Rating_Name(f.rating())},
                                    ","),
                      "\r\n");
}

}  // namespace

v1::Circular ComposeCircular(absl::CivilDay start, absl::CivilDay end, const std::vector<v1::Task>& tasks,
                             const Env& env) {
  v1::Circular c;
  *c.mutable_period_start() = ToProtoDate(start);
  *c.mutable_period_end() = ToProtoDate(end);
  *c.mutable_as_of() = ToProtoDate(env.today);
  std::map<std::string, v1::Figures> units, leaders;
  v1::Figures& total = *c.mutable_total();
  total.set_subject("county");
  for (const v1::Task& t : tasks) {
    const absl::CivilDay deadline = FromProtoDate(t.deadline());
    const bool due = deadline >= start && deadline <= end;
    bool beyond = false, extended_in_period = false;
    for (const v1::TaskExtension& e : t.extensions()) {
      beyond = beyond || e.beyond_limit();
      const absl::CivilDay day = LocalDay(FromProtoTime(e.time()));
      extended_in_period = extended_in_period || (day >= start && day <= end);
    }
    if (!due && !extended_in_period) continue;
    if (due) {
      Count(t, env.today, total);
      Count(t, env.today, units[t.lead_unit()]);
      if (!t.leader_in_charge().empty()) Count(t, env.today, leaders[t.leader_in_charge()]);
    }
    // SUP-15: two extensions or more, or one beyond the rules, are named on the circular of the
    // period they fall due or were extended in.
    if (t.extensions_size() >= 2 || beyond) {
      v1::FlaggedTask* flag = c.add_flagged();
      flag->set_task(t.name());
      flag->set_title(t.title());
      flag->set_lead_unit(t.lead_unit());
      flag->set_rule_id("SUP-15");
      flag->set_reason_zh(absl::StrCat("延期", t.extensions_size(), "次", beyond ? "(超过规定次数)" : ""));
      flag->set_reason_en(
          absl::StrCat("extended ", t.extensions_size(), " times", beyond ? " (beyond the rules' limit)" : ""));
    }
    if (due && !Done(t) && env.today > deadline) {
      v1::FlaggedTask* flag = c.add_flagged();
      flag->set_task(t.name());
      flag->set_title(t.title());
      flag->set_lead_unit(t.lead_unit());
      flag->set_rule_id("SUP-10");
      flag->set_reason_zh(absl::StrCat("逾期未办结(期限", absl::FormatCivilTime(deadline), ")"));
      flag->set_reason_en(absl::StrCat("overdue (deadline ", absl::FormatCivilTime(deadline), ")"));
    }
  }
  Rate(total, *env.policy);
  std::string csv =
      "kind,subject,due,done_on_time,done_late,overdue,pending,extended,extended_twice_or_more,rating\r\n";
  absl::StrAppend(&csv, CsvRow("county", total));
  for (auto& [unit, f] : units) {
    f.set_subject(unit);
    Rate(f, *env.policy);
    absl::StrAppend(&csv, CsvRow("unit", f));
    *c.add_units() = f;
  }
  for (auto& [leader, f] : leaders) {
    f.set_subject(leader);
    Rate(f, *env.policy);
    absl::StrAppend(&csv, CsvRow("leader", f));
    *c.add_leaders() = f;
  }
  c.set_csv(csv);
  return c;
}

}  // namespace xianfu::supervision
