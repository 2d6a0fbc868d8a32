// Requests that need someone's approval before they happen (DIS-05…DIS-07, DIS-12,
// DIS-14…DIS-16, DIS-22…DIS-24): the chain each kind needs, who may do each step, and what a
// release requires.
#ifndef XIANFU_PERSONNEL_SVC_DOMAIN_APPROVALS_H_
#define XIANFU_PERSONNEL_SVC_DOMAIN_APPROVALS_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/calendar.h"
#include "common/effects.h"
#include "personnel-svc/domain/absences.h"
#include "personnel-svc/domain/org.h"

namespace xianfu::personnel {

struct ApprovalPlan {
  v1::ApprovalRequest request;  // with steps, state, rule ids, warnings, overrides
  std::vector<ObligationPlan> obligations;
};

// Validates a new request and builds its chain. `plan_entry` is the outbound-plan entry the
// travel request names, when it exists. `facts` covers the creation day (and, for travel, the
// departure day).
absl::StatusOr<ApprovalPlan> PlanApprovalRequest(const v1::ApprovalRequest& request,
                                                 const std::vector<common::v1::OverrideRequest>& overrides,
                                                 const std::string& actor,
                                                 const std::optional<v1::OutboundPlanEntry>& plan_entry,
                                                 const OrgFacts& facts, absl::Time now, const Policy& policy,
                                                 int unit_delegations_this_year = 0);

// The unit a delegation counts against (DIS-16): the requesting unit, else the traveller's
// department, else the county government.
std::string DelegationUnit(const v1::ApprovalRequest& request, const OrgFacts& facts, absl::CivilDay day);

// DIS-14(4) / DIS-16: how a trip differs from the plan entry it names — the year or the entry's
// window, the unit (the requesting unit or one of the traveller's), the destination and the
// purpose (one text naming the other). Empty: it matches. Mid-year coordination entries count
// the same as the annual plan's.
std::vector<std::string> PlanMismatches(const v1::OutboundPlanEntry& entry, const v1::ApprovalRequest& request,
                                        const OrgFacts& facts, absl::CivilDay today);

struct StepOutcome {
  // Obligations the decision creates (e.g. the visit summary after an approved trip).
  std::vector<ObligationPlan> obligations;
  // Obligations it fulfils (e.g. the prefecture's approval before departure).
  std::vector<v1::ObligationKind> fulfils;
  bool decided = false;  // APPROVED or REJECTED now
};

// One step by `actor`, applied to `request` in place.
absl::StatusOr<StepOutcome> ActOnStep(v1::ApprovalRequest& request, const v1::ActOnApprovalRequestRequest& act,
                                      const std::string& actor, const OrgFacts& facts, absl::Time now,
                                      const Calendar& calendar, const Policy& policy);

// Publication or release; refused, citing the rule, unless the approvals exist.
absl::Status Release(v1::ApprovalRequest& request, const std::string& actor, absl::Time now, const Policy& policy);

// --- Decisions as effects --------------------------------------------------------------------

// A new request (named) planned and submitted by `actor`, with the obligations it opens; the
// overrides taken go into the audit note.
absl::Status SubmitApprovalRequest(v1::ApprovalRequest& request,
                                   const std::vector<common::v1::OverrideRequest>& overrides, const std::string& actor,
                                   const std::optional<v1::OutboundPlanEntry>& plan_entry, const OrgFacts& facts,
                                   const Env& env, const Namer& names, Effects& fx, int unit_delegations_this_year = 0);

// One step by `actor` with what it sets in motion: obligations opened, and those of
// `obligations` (the request's own) that it fulfils; ApprovalRequestDecided once decided.
absl::Status DecideStep(v1::ApprovalRequest& request, const v1::ActOnApprovalRequestRequest& act,
                        const std::string& actor, const std::vector<Versioned<v1::Obligation>>& obligations,
                        const OrgFacts& facts, const Env& env, const Namer& names, Effects& fx);

}  // namespace xianfu::personnel

#endif  // XIANFU_PERSONNEL_SVC_DOMAIN_APPROVALS_H_
