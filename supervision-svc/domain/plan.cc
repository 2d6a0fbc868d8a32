#include "supervision-svc/domain/plan.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/deadline_proto.h"
#include "common/status_macros.h"
#include "common/validation.h"

namespace xianfu::supervision {
namespace {

// SUP-10's approver: the rule's override role in the policy (the county head in Mengla).
std::string Approver(const Policy& policy) {
  absl::StatusOr<const policy::v1::Rule*> rule = policy.FindRule("SUP-10");
  return rule.ok() && !(*rule)->override_role().empty() ? (*rule)->override_role() : "R-CH";
}

absl::Status RequireApprover(const org::Person& me, const Policy& policy) {
  const std::string role = Approver(policy);
  if (me.Has(role)) return absl::OkStatus();
  return policy.Refuse(absl::StatusCode::kPermissionDenied, "SUP-10",
                       absl::StrCat("督查计划和计划外督查事项由", role, "审批"),
                       absl::StrCat("the supervision plan and activities outside it are approved by ", role));
}

absl::Status CheckItem(const v1::PlanItem& item, absl::string_view field) {
  if (item.title().empty()) return absl::InvalidArgumentError(absl::StrCat(field, ".title is required"));
  return absl::OkStatus();
}

}  // namespace

absl::Status DraftPlan(v1::SupervisionPlan& plan, const std::string& actor, const Env& env) {
  if (plan.year() < env.today.year() || plan.year() > env.today.year() + 1) {
    return absl::InvalidArgumentError(absl::StrCat("plan.year: a plan is drawn up for this year or the next (",
                                                   env.today.year(), " or ", env.today.year() + 1, ")"));
  }
  if (plan.items().empty()) return absl::InvalidArgumentError("plan.items: a plan lists at least one activity");
  for (int i = 0; i < plan.items_size(); ++i) {
    v1::PlanItem& item = *plan.mutable_items(i);
    RETURN_IF_ERROR(CheckItem(item, absl::StrCat("plan.items[", i, "]")));
    const std::string title = item.title();
    const v1::TaskCategory category = item.category();
    const v1::InspectionMethod method = item.method();
    item.Clear();
    item.set_name(absl::StrCat(plan.name(), "/items/", i + 1));
    item.set_title(title);
    item.set_category(category);
    item.set_method(method);
  }
  plan.set_state(v1::PLAN_STATE_DRAFT);
  plan.set_created_by(actor);
  *plan.mutable_create_time() = ToProtoTime(env.now);
  return absl::OkStatus();
}

absl::Status ApprovePlan(v1::SupervisionPlan& plan, const org::Person& me, const Env& env) {
  RETURN_IF_ERROR(RequireApprover(me, *env.policy));
  if (plan.state() != v1::PLAN_STATE_DRAFT) {
    return absl::FailedPreconditionError(absl::StrCat(plan.name(), " was approved already"));
  }
  plan.set_state(v1::PLAN_STATE_APPROVED);
  plan.set_approved_by(me.official);
  *plan.mutable_approve_time() = ToProtoTime(env.now);
  return absl::OkStatus();
}

absl::Status ApproveAdHocItem(v1::SupervisionPlan& plan, v1::PlanItem item, const std::string& reason,
                              const org::Person& me, const Env& env) {
  RETURN_IF_ERROR(RequireApprover(me, *env.policy));
  if (plan.state() == v1::PLAN_STATE_DRAFT) {
    return absl::FailedPreconditionError(
        absl::StrCat(plan.name(), " is a draft: add the activity to it before it is approved"));
  }
  RETURN_IF_ERROR(CheckItem(item, "item"));
  const int64_t minimum = env.policy->proto().overrides().min_reason_chars().count();
  if (CharacterCount(reason) < minimum) {
    return env.policy->Refuse(
        absl::StatusCode::kInvalidArgument, "SUP-10",
        absl::StrCat("计划外督查事项的审批须写明理由(至少", minimum, "个字)"),
        absl::StrCat("an activity outside the plan is approved with a reason of at least ", minimum, " characters"),
        "reason");
  }
  v1::PlanItem* added = plan.add_items();
  added->set_name(absl::StrCat(plan.name(), "/items/", plan.items_size()));
  added->set_title(item.title());
  added->set_category(item.category());
  added->set_method(item.method());
  added->set_ad_hoc(true);
  added->set_approved_by(me.official);
  added->set_reason(reason);
  // Filed again, with the new item, by the office.
  plan.set_state(v1::PLAN_STATE_APPROVED);
  return absl::OkStatus();
}

absl::Status FilePlan(v1::SupervisionPlan& plan, const std::string& filed_with, const std::string& reference,
                      const Env& env) {
  if (plan.state() == v1::PLAN_STATE_DRAFT) {
    return env.policy->Refuse(absl::StatusCode::kFailedPrecondition, "SUP-10", "督查计划须先审批后报备",
                              "a plan is approved before it is filed");
  }
  if (plan.state() == v1::PLAN_STATE_FILED) {
    return absl::FailedPreconditionError(absl::StrCat(plan.name(), " has nothing new to file"));
  }
  for (v1::PlanItem& item : *plan.mutable_items()) {
    if (item.filing_reference().empty()) item.set_filing_reference(reference);
  }
  plan.set_filed_with(filed_with);
  plan.set_filing_reference(reference);
  *plan.mutable_file_time() = ToProtoTime(env.now);
  plan.set_state(v1::PLAN_STATE_FILED);
  return absl::OkStatus();
}

absl::StatusOr<std::pair<std::string, int>> ParsePlanItem(const std::string& item) {
  const std::vector<std::string> parts = absl::StrSplit(item, '/');
  int index = 0;
  if (parts.size() != 4 || parts[0] != "plans" || parts[1].empty() || parts[2] != "items" ||
      !absl::SimpleAtoi(parts[3], &index) || index < 1) {
    return absl::InvalidArgumentError("plan_item: expected \"plans/<id>/items/<n>\"");
  }
  return std::pair<std::string, int>(absl::StrCat("plans/", parts[1]), index);
}

absl::Status Unplanned(const Policy& policy, absl::string_view field) {
  return policy.Refuse(absl::StatusCode::kFailedPrecondition, "SUP-10",
                       absl::StrCat("督查活动须列入经审批的年度督查计划，计划外的须经", Approver(policy), "审批报备"),
                       absl::StrCat("a supervision activity is in the approved annual plan, or approved on its own by ",
                                    Approver(policy), " (ApproveAdHocItem)"),
                       field);
}

absl::StatusOr<v1::PlanItem> PlannedItem(const v1::SupervisionPlan& plan, const std::string& item, const Env& env,
                                         std::vector<common::v1::Warning>& warnings) {
  ASSIGN_OR_RETURN(parsed, ParsePlanItem(item));
  const Policy& policy = *env.policy;
  if (parsed.first != plan.name() || parsed.second > plan.items_size()) {
    return absl::NotFoundError(absl::StrCat(item, " is not an item of ", plan.name()));
  }
  if (plan.state() == v1::PLAN_STATE_DRAFT) {
    return policy.Refuse(absl::StatusCode::kFailedPrecondition, "SUP-10",
                         absl::StrCat(plan.name(), "尚未审批，其所列督查活动不能开展"),
                         absl::StrCat(plan.name(), " is not approved yet: its activities cannot start"), "plan_item");
  }
  if (plan.year() != env.today.year()) {
    return policy.Refuse(absl::StatusCode::kFailedPrecondition, "SUP-10",
                         absl::StrCat(plan.name(), "是", plan.year(), "年度计划，不适用于本年度"),
                         absl::StrCat(plan.name(), " is the plan for ", plan.year(), ", not this year"), "plan_item");
  }
  const v1::PlanItem& found = plan.items(parsed.second - 1);
  if (found.filing_reference().empty()) {
    *warnings.emplace_back().mutable_violation() =
        policy.Explain("SUP-10", absl::StrCat(found.name(), "已审批，尚未报备"),
                       absl::StrCat(found.name(), " is approved but not filed yet"));
  }
  return found;
}

}  // namespace xianfu::supervision
