// supervision-svc's persistence: the task ledger.
#ifndef XIANFU_SUPERVISION_SVC_STORE_STORE_H_
#define XIANFU_SUPERVISION_SVC_STORE_STORE_H_

#include <optional>
#include <string>
#include <vector>

#include "common/record_table.h"
#include "xianfu/supervision/v1/supervision.pb.h"

namespace xianfu::supervision {

namespace v1 = ::xianfu::supervision::v1;

class SupervisionStore {
 public:
  SupervisionStore();
  void Register(TableRegistry& registry) const;

  const BlobTable<v1::Task> tasks;
  const BlobTable<v1::Inspection> inspections;
  const BlobTable<v1::Suggestion> suggestions;
  const BlobTable<v1::Petition> petitions;
  const BlobTable<v1::SupervisionPlan> plans;
  const BlobTable<v1::Circular> circulars;
  const BlobTable<v1::EscalationItem> escalation_items;
  const BlobTable<v1::RecordedDeviation> deviations;

  // The open tasks a draw chooses from (of one lead unit, or all).
  absl::StatusOr<std::vector<std::string>> OpenTasks(Tx& tx, const std::string& lead_unit) const;

  // The item of a module's record and rule ("document|DOC-15|documents/12"), if any.
  absl::StatusOr<std::optional<Versioned<v1::EscalationItem>>> EscalationItemOf(Tx& tx, const std::string& key) const;
  // The deviations recorded on days [start, end].
  absl::StatusOr<std::vector<v1::RecordedDeviation>> DeviationsBetween(Tx& tx, absl::CivilDay start,
                                                                       absl::CivilDay end) const;
  // The plan of `year`, if there is one.
  absl::StatusOr<std::optional<Versioned<v1::SupervisionPlan>>> PlanOf(Tx& tx, int year) const;
  // Every task due in [start, end], or extended in it (SUP-15).
  absl::StatusOr<std::vector<v1::Task>> TasksForCircular(Tx& tx, absl::CivilDay start, absl::CivilDay end) const;

  // The task made from another module's record ("decisions/12"), if any.
  absl::StatusOr<std::optional<Versioned<v1::Task>>> TaskFrom(Tx& tx, const std::string& source_name) const;
};

}  // namespace xianfu::supervision

#endif  // XIANFU_SUPERVISION_SVC_STORE_STORE_H_
