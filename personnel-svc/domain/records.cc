#include "personnel-svc/domain/records.h"

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"

namespace xianfu::personnel {

std::string RuleOfConduct(v1::ConductKind kind) {
  switch (kind) {
    case v1::CONDUCT_KIND_INTERNAL_DISSENT:
      return "DIS-04";
    case v1::CONDUCT_KIND_REPORT_WITH_DATA:
      return "DIS-13";
    case v1::CONDUCT_KIND_NEWS_COVERAGE:
      return "DIS-25";
    case v1::CONDUCT_KIND_GIFT_HANDED_IN:
      return "DIS-26";
    case v1::CONDUCT_KIND_PERSONAL_MATTERS_REPORT:
      return "DIS-27";
    case v1::CONDUCT_KIND_FIELD_RESEARCH:
      return "DIS-28";
    case v1::CONDUCT_KIND_EXTERNAL_REPRESENTATION:
      return "ORG-06";
    case v1::CONDUCT_KIND_CROSS_PORTFOLIO_ITEM:
      return "ORG-09";
    default:
      return "";
  }
}

absl::Status NewConductRecord(v1::ConductRecord& r, const std::string& actor, const Env& env, Effects& fx) {
  const Policy& policy = *env.policy;
  const std::string rule = RuleOfConduct(r.kind());
  if (rule.empty()) return absl::InvalidArgumentError("record.kind is required");
  if (r.summary().empty()) return absl::InvalidArgumentError("record.summary is required");
  if (r.kind() == v1::CONDUCT_KIND_REPORT_WITH_DATA && (r.data_source().empty() || r.data_owner().empty())) {
    return policy.Refuse(absl::StatusCode::kInvalidArgument, "DIS-13", "报送数据须注明来源和责任人",
                         "a report with data names its source and owner", "record.data_source");
  }
  r.set_rule_id(rule);
  ASSIGN_OR_RETURN(citation, policy.Cite(rule));
  *r.mutable_article() = MakeViolation(citation, "", "").article();
  r.clear_warnings();
  const int max_escorts = policy.proto().fieldwork().max_escorts().count();
  if (r.kind() == v1::CONDUCT_KIND_FIELD_RESEARCH && r.escorts() > max_escorts) {
    *r.add_warnings()->mutable_violation() =
        policy.Explain("DIS-28", absl::StrCat("轻车简从：陪同人员", r.escorts(), "人，超过", max_escorts, "人"),
                       absl::StrCat("travel light: ", r.escorts(), " escorts, more than ", max_escorts));
  }
  r.set_recorded_by(actor);
  *r.mutable_create_time() = ToProtoTime(env.now);
  fx.Note(rule, "");
  return absl::OkStatus();
}

}  // namespace xianfu::personnel
