#include "supervision-svc/store/store.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "common/calendar.h"
#include "common/deadline_proto.h"
#include "common/status_macros.h"
#include "supervision-svc/domain/escalation_items.h"

namespace xianfu::supervision {
SupervisionStore::SupervisionStore()
    : tasks("tasks", "tasks",
            {{"lead_unit", [](const v1::Task& t) -> SqlParam { return IdPartOf(t.lead_unit()); }},
             {"state", [](const v1::Task& t) -> SqlParam { return int64_t{t.state()}; }},
             {"source_name", [](const v1::Task& t) -> SqlParam { return t.source().name(); }},
             {"deadline", [](const v1::Task& t) -> SqlParam { return FromProtoDate(t.deadline()); }},
             {"last_extended",
              [](const v1::Task& t) -> SqlParam {
                if (t.extensions().empty()) return nullptr;
                return LocalDay(FromProtoTime(t.extensions(t.extensions_size() - 1).time()));
              }}}),
      inspections("inspections", "inspections", {}),
      suggestions("suggestions", "suggestions",
                  {{"handling_unit", [](const v1::Suggestion& x) -> SqlParam { return IdPartOf(x.handling_unit()); }},
                   {"state", [](const v1::Suggestion& x) -> SqlParam { return int64_t{x.state()}; }}}),
      petitions("petitions", "petitions",
                {{"handling_unit", [](const v1::Petition& x) -> SqlParam { return IdPartOf(x.handling_unit()); }},
                 {"state", [](const v1::Petition& x) -> SqlParam { return int64_t{x.state()}; }}}),
      plans("plans", "plans", {{"year", [](const v1::SupervisionPlan& x) -> SqlParam { return int64_t{x.year()}; }}}),
      circulars("circulars", "circulars", {}),
      escalation_items("escalation_items", "escalationItems",
                       {{"item_key",
                         [](const v1::EscalationItem& x) -> SqlParam {
                           return EscalationItemKey(x.service(), x.rule_id(), x.subject());
                         }},
                        {"service", [](const v1::EscalationItem& x) -> SqlParam { return x.service(); }},
                        {"rule_id", [](const v1::EscalationItem& x) -> SqlParam { return x.rule_id(); }},
                        {"state", [](const v1::EscalationItem& x) -> SqlParam { return int64_t{x.state()}; }}}),
      deviations("deviations", "deviations",
                 {{"event_id", [](const v1::RecordedDeviation& x) -> SqlParam { return x.event_id(); }},
                  {"day", [](const v1::RecordedDeviation& x) -> SqlParam { return FromProtoDate(x.day()); }}}) {}

void SupervisionStore::Register(TableRegistry& registry) const {
  registry.Add(&tasks);
  registry.Add(&inspections);
  registry.Add(&suggestions);
  registry.Add(&petitions);
  registry.Add(&plans);
  registry.Add(&circulars);
  registry.Add(&escalation_items);
  registry.Add(&deviations);
}

absl::StatusOr<std::vector<v1::RecordedDeviation>> SupervisionStore::DeviationsBetween(Tx& tx, absl::CivilDay start,
                                                                                       absl::CivilDay end) const {
  std::vector<v1::RecordedDeviation> out;
  PageRequest page{1000, ""};
  for (;;) {
    ASSIGN_OR_RETURN(batch, deviations.List(tx, "day BETWEEN ? AND ?", {start, end}, page));
    for (v1::RecordedDeviation& d : batch.items) out.push_back(std::move(d));
    if (batch.next_page_token.empty()) return out;
    page.after = out.back().name().substr(std::string("deviations/").size());
  }
}

absl::StatusOr<std::optional<Versioned<v1::EscalationItem>>> SupervisionStore::EscalationItemOf(
    Tx& tx, const std::string& key) const {
  ASSIGN_OR_RETURN(rows, tx.Query("SELECT id FROM escalation_items WHERE item_key = ?", {key}));
  if (rows.empty()) return std::optional<Versioned<v1::EscalationItem>>();
  ASSIGN_OR_RETURN(item, escalation_items.Get(tx, absl::StrCat("escalationItems/", rows.front().Str(0))));
  return std::optional<Versioned<v1::EscalationItem>>(std::move(item));
}

absl::StatusOr<std::optional<Versioned<v1::SupervisionPlan>>> SupervisionStore::PlanOf(Tx& tx, int year) const {
  ASSIGN_OR_RETURN(rows, tx.Query("SELECT id FROM plans WHERE year = ?", {int64_t{year}}));
  if (rows.empty()) return std::optional<Versioned<v1::SupervisionPlan>>();
  ASSIGN_OR_RETURN(plan, plans.Get(tx, absl::StrCat("plans/", rows.front().Str(0))));
  return std::optional<Versioned<v1::SupervisionPlan>>(std::move(plan));
}

absl::StatusOr<std::vector<v1::Task>> SupervisionStore::TasksForCircular(Tx& tx, absl::CivilDay start,
                                                                         absl::CivilDay end) const {
  // The ids from each index (a UNION, not an OR the planner would answer by scanning the table in
  // id order), then the records by id in batches.
  ASSIGN_OR_RETURN(rows, tx.Query("SELECT id FROM tasks WHERE deadline BETWEEN ? AND ? UNION "
                                  "SELECT id FROM tasks WHERE last_extended BETWEEN ? AND ? ORDER BY id",
                                  {start, end, start, end}));
  std::vector<int64_t> ids;
  ids.reserve(rows.size());
  for (const SqlRow& row : rows) ids.push_back(row.Int(0));
  std::vector<v1::Task> out;
  out.reserve(ids.size());
  constexpr size_t kBatch = 500;
  for (size_t i = 0; i < ids.size(); i += kBatch) {
    Filter f;
    const std::vector<int64_t> batch(ids.begin() + i, ids.begin() + std::min(ids.size(), i + kBatch));
    f.Where(absl::StrCat("id IN (", f.Marks(batch), ")"));
    ASSIGN_OR_RETURN(page, tasks.List(tx, f, PageRequest{static_cast<int>(kBatch), ""}));
    for (v1::Task& t : page.items) out.push_back(std::move(t));
  }
  return out;
}

absl::StatusOr<std::vector<std::string>> SupervisionStore::OpenTasks(Tx& tx, const std::string& lead_unit) const {
  std::vector<SqlParam> params = {int64_t{v1::TASK_STATE_ASSIGNED}, int64_t{v1::TASK_STATE_IN_PROGRESS},
                                  int64_t{v1::TASK_STATE_REPORTED_DONE}, int64_t{v1::TASK_STATE_RECTIFICATION}};
  std::string sql = "SELECT id FROM tasks WHERE state IN (?, ?, ?, ?)";
  if (!lead_unit.empty()) {
    sql += " AND lead_unit = ?";
    params.push_back(IdPartOf(lead_unit));
  }
  sql += " ORDER BY id LIMIT 100000";
  ASSIGN_OR_RETURN(rows, tx.Query(sql, params));
  std::vector<std::string> out;
  out.reserve(rows.size());
  for (const SqlRow& row : rows) out.push_back(absl::StrCat("tasks/", row.Str(0)));
  return out;
}

absl::StatusOr<std::optional<Versioned<v1::Task>>> SupervisionStore::TaskFrom(Tx& tx,
                                                                              const std::string& source_name) const {
  ASSIGN_OR_RETURN(rows, tx.Query("SELECT id FROM tasks WHERE source_name = ? ORDER BY id LIMIT 1", {source_name}));
  if (rows.empty()) return std::optional<Versioned<v1::Task>>();
  ASSIGN_OR_RETURN(task, tasks.Get(tx, absl::StrCat("tasks/", rows.front().Str(0))));
  return std::optional<Versioned<v1::Task>>(std::move(task));
}

}  // namespace xianfu::supervision
