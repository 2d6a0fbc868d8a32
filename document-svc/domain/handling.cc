#include "absl/strings/str_cat.h"
#include "common/deadline_proto.h"
#include "common/overrides.h"
#include "common/status_macros.h"
#include "document-svc/domain/rules.h"

namespace xianfu::document {
absl::StatusOr<v1::Extension> CheckExtension(const v1::HandlingItem& item, const std::string& explanation,
                                             const common::v1::CivilDate& new_deadline,
                                             const std::string& override_reason, const ExtensionContext& ctx,
                                             absl::Time now, const Policy& policy) {
  if (item.state() == v1::HANDLING_STATE_COMPLETED) {
    return absl::FailedPreconditionError(absl::StrCat(item.name(), " is completed"));
  }
  const int64_t minimum = policy.proto().overrides().min_reason_chars().count();
  if (CharacterCount(explanation) < minimum) {
    return policy.Refuse(absl::StatusCode::kInvalidArgument, "DOC-23", "申请延期须作出书面说明",
                         "an extension needs a written explanation", "explanation");
  }
  if (!IsValidProtoDate(new_deadline) || FromProtoDate(new_deadline) <= FromProtoDate(item.deadline())) {
    return absl::InvalidArgumentError("new_deadline must be a real date after the current deadline");
  }
  const std::string& who = ctx.consenter.official;
  const bool instructing = who == ctx.instructing_leader;
  if (!instructing && !ctx.consenter.Has("R-SUP")) {
    return policy.Refuse(absl::StatusCode::kPermissionDenied, "DOC-23", "延期须经交办领导同志或督办部门同意",
                         "an extension needs the consent of the instructing leader "
                         "or the supervising unit");
  }
  v1::Extension e;
  e.set_explanation(explanation);
  e.set_consented_by(who);
  *e.mutable_new_deadline() = new_deadline;
  *e.mutable_time() = ToProtoTime(now);
  const int max = policy.proto().extensions().max_count().count();
  if (item.extensions_size() >= max) {
    if (!instructing || CharacterCount(override_reason) < minimum) {
      return policy.Refuse(absl::StatusCode::kPermissionDenied, "DOC-23",
                           absl::StrCat("延期一般不得超过", max, "次；超过的须由交办领导同志本人说明理由批准"),
                           absl::StrCat("extensions are limited to ", max,
                                        "; beyond that only the instructing leader may approve, with a reason"));
    }
    e.set_override(true);
    e.set_override_reason(override_reason);
  }
  return e;
}

absl::Status OpenHandlingItem(v1::HandlingItem& item, const Env& env, Effects& fx) {
  if (item.source() == v1::HANDLING_SOURCE_UNSPECIFIED) return absl::InvalidArgumentError("item.source is required");
  if (!IsValidProtoDate(item.deadline())) return absl::InvalidArgumentError("item.deadline must be a real date");
  if (item.task().empty()) return absl::InvalidArgumentError("item.task is required");
  item.set_state(v1::HANDLING_STATE_OPEN);
  item.clear_extensions();
  item.clear_complete_time();
  fx.Insert(item);
  fx.SetTimer("handling.breach", item.name(), DeadlinePassesAt(FromProtoDate(item.deadline())));
  fx.Audit(item.name(), "CreateHandlingItem", "DOC-23", nullptr, item, item.task());
  v1::HandlingItemOpened opened;
  *opened.mutable_item() = item;
  fx.Publish(item.name(), opened);
  return absl::OkStatus();
}

absl::Status Extend(v1::HandlingItem& item, const std::string& explanation, const common::v1::CivilDate& new_deadline,
                    const std::string& override_reason, const ExtensionContext& context, const Env& env, Effects& fx) {
  ASSIGN_OR_RETURN(extension,
                   CheckExtension(item, explanation, new_deadline, override_reason, context, env.now, *env.policy));
  *item.add_extensions() = extension;
  *item.mutable_deadline() = new_deadline;
  if (item.state() == v1::HANDLING_STATE_BREACHED) item.set_state(v1::HANDLING_STATE_OPEN);
  if (extension.override()) {
    // DOC-23's REJECT-O, overridden by the instructing leader in person.
    common::v1::OverrideRecord o;
    o.set_rule_id("DOC-23");
    o.set_reason(extension.override_reason());
    o.set_overridden_by(extension.consented_by());
    o.set_role("INSTRUCTING_LEADER");
    o.set_at_unix_seconds(absl::ToUnixSeconds(env.now));
    fx.Override(o, item.name());
  } else {
    fx.Note("", extension.explanation());
  }
  fx.SetTimer("handling.breach", item.name(), DeadlinePassesAt(FromProtoDate(item.deadline())));
  v1::HandlingItemExtended extended;
  *extended.mutable_item() = item;
  fx.Publish(item.name(), extended);
  return absl::OkStatus();
}

absl::Status Complete(v1::HandlingItem& item, const std::string& declined_reason, const Env& env, Effects& fx) {
  if (item.state() == v1::HANDLING_STATE_COMPLETED) return absl::FailedPreconditionError("already completed");
  item.set_state(v1::HANDLING_STATE_COMPLETED);
  *item.mutable_complete_time() = ToProtoTime(env.now);
  fx.CancelTimer("handling.breach", item.name());
  if (!declined_reason.empty()) {
    // DIS-30: not complying, so not handled — with the legal reason, and no further escalation.
    item.set_declined_reason(declined_reason);
    fx.Note("DIS-30", absl::StrCat("不符合规定，不予办理：", declined_reason));
  }
  v1::HandlingItemCompleted completed;
  *completed.mutable_item() = item;
  fx.Publish(item.name(), completed);
  return absl::OkStatus();
}

absl::Status Breach(const Versioned<v1::HandlingItem>& current, Effects& fx) {
  if (current.value.state() != v1::HANDLING_STATE_OPEN) return absl::OkStatus();
  v1::HandlingItem item = current.value;
  item.set_state(v1::HANDLING_STATE_BREACHED);
  fx.Update(item, current.version);
  v1::TimeLimitBreached event;  // ESCALATE to supervision
  *event.mutable_item() = item;
  fx.Publish(item.name(), event);
  fx.Audit(item.name(), "TimeLimitBreached", "DOC-23", &current.value, item);
  return absl::OkStatus();
}

}  // namespace xianfu::document
