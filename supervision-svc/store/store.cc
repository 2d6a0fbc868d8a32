#include "supervision-svc/store/store.h"

#include "absl/strings/str_cat.h"
#include "common/deadline_proto.h"
#include "common/status_macros.h"

namespace xianfu::supervision {
namespace {

std::string IdPart(const std::string& name) {
  const size_t slash = name.find('/');
  return slash == std::string::npos ? name : name.substr(slash + 1);
}

}  // namespace

SupervisionStore::SupervisionStore()
    : tasks("tasks", "tasks",
            {{"lead_unit", [](const v1::Task& t) -> SqlParam { return IdPart(t.lead_unit()); }},
             {"state", [](const v1::Task& t) -> SqlParam { return int64_t{t.state()}; }},
             {"source_name", [](const v1::Task& t) -> SqlParam { return t.source().name(); }},
             {"deadline", [](const v1::Task& t) -> SqlParam { return FromProtoDate(t.deadline()); }}}) {}

void SupervisionStore::Register(TableRegistry& registry) const { registry.Add(&tasks); }

absl::StatusOr<std::optional<Versioned<v1::Task>>> SupervisionStore::TaskFrom(Tx& tx,
                                                                              const std::string& source_name) const {
  ASSIGN_OR_RETURN(rows, tx.Query("SELECT id FROM tasks WHERE source_name = ? ORDER BY id LIMIT 1", {source_name}));
  if (rows.empty()) return std::optional<Versioned<v1::Task>>();
  ASSIGN_OR_RETURN(task, tasks.Get(tx, absl::StrCat("tasks/", rows.front().Str(0))));
  return std::optional<Versioned<v1::Task>>(std::move(task));
}

}  // namespace xianfu::supervision
