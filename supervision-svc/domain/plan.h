// The annual supervision plan and its approval and filing (SUP-10, art. 58: 实行年度计划和审批报备
// 制度): the office drafts the year's plan, the approver the policy names for SUP-10 (the county
// head) approves it, the office files it; an activity outside the plan is approved on its own,
// with a reason, before it starts.
#ifndef XIANFU_SUPERVISION_SVC_DOMAIN_PLAN_H_
#define XIANFU_SUPERVISION_SVC_DOMAIN_PLAN_H_

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "common/effects.h"
#include "common/org_types.h"
#include "common/policy.h"
#include "xianfu/supervision/v1/supervision.pb.h"

namespace xianfu::supervision {

namespace v1 = ::xianfu::supervision::v1;

// A new plan (named already): items numbered "<plan>/items/<n>", state DRAFT.
absl::Status DraftPlan(v1::SupervisionPlan& plan, const std::string& actor, const Env& env);
// Only by the holder of SUP-10's approver role, a draft.
absl::Status ApprovePlan(v1::SupervisionPlan& plan, const org::Person& me, const Env& env);
// 审批: one more item, approved ad hoc with a written reason, on an approved plan.
absl::Status ApproveAdHocItem(v1::SupervisionPlan& plan, v1::PlanItem item, const std::string& reason,
                              const org::Person& me, const Env& env);
// 报备: every approved item not filed yet is filed under `reference`.
absl::Status FilePlan(v1::SupervisionPlan& plan, const std::string& filed_with, const std::string& reference,
                      const Env& env);

// "plans/1/items/2" → ("plans/1", 2); INVALID_ARGUMENT for anything else.
absl::StatusOr<std::pair<std::string, int>> ParsePlanItem(const std::string& item);
// The activity `item` may go ahead on `env.today`: it names an approved item of `plan`, the plan of
// that year. Otherwise the refusal cites SUP-10 (an activity outside the plan needs its approval).
// An item approved but not yet filed goes ahead with a warning.
absl::StatusOr<v1::PlanItem> PlannedItem(const v1::SupervisionPlan& plan, const std::string& item, const Env& env,
                                         std::vector<common::v1::Warning>& warnings);
// The refusal for an activity that names no plan item.
absl::Status Unplanned(const Policy& policy, absl::string_view field);

}  // namespace xianfu::supervision

#endif  // XIANFU_SUPERVISION_SVC_DOMAIN_PLAN_H_
