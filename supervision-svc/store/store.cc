#include "supervision-svc/store/store.h"

#include "absl/strings/str_cat.h"
#include "common/deadline_proto.h"
#include "common/status_macros.h"

namespace xianfu::supervision {
SupervisionStore::SupervisionStore()
    : tasks("tasks", "tasks",
            {{"lead_unit", [](const v1::Task& t) -> SqlParam { return IdPartOf(t.lead_unit()); }},
             {"state", [](const v1::Task& t) -> SqlParam { return int64_t{t.state()}; }},
             {"source_name", [](const v1::Task& t) -> SqlParam { return t.source().name(); }},
             {"deadline", [](const v1::Task& t) -> SqlParam { return FromProtoDate(t.deadline()); }}}),
      inspections("inspections", "inspections", {}),
      suggestions("suggestions", "suggestions",
                  {{"handling_unit", [](const v1::Suggestion& x) -> SqlParam { return IdPartOf(x.handling_unit()); }},
                   {"state", [](const v1::Suggestion& x) -> SqlParam { return int64_t{x.state()}; }}}),
      petitions("petitions", "petitions",
                {{"handling_unit", [](const v1::Petition& x) -> SqlParam { return IdPartOf(x.handling_unit()); }},
                 {"state", [](const v1::Petition& x) -> SqlParam { return int64_t{x.state()}; }}}) {}

void SupervisionStore::Register(TableRegistry& registry) const {
  registry.Add(&tasks);
  registry.Add(&inspections);
  registry.Add(&suggestions);
  registry.Add(&petitions);
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
