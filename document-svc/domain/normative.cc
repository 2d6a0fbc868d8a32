#include "absl/strings/str_cat.h"
#include "common/deadline_proto.h"
#include "document-svc/domain/rules.h"

namespace xianfu::document {

absl::Status RecordLegality(v1::Document& d, v1::LegalityResult result, bool no_prohibited_content_attested,
                            const std::string& opinion, const std::string& reviewer, const Env& env) {
  const Policy& policy = *env.policy;
  if (d.kind() != v1::DOCUMENT_KIND_NORMATIVE) {
    return absl::FailedPreconditionError("legality reviews are for normative documents");
  }
  if (result == v1::LEGALITY_RESULT_UNSPECIFIED) return absl::InvalidArgumentError("result is LAWFUL or UNLAWFUL");
  if (result == v1::LEGALITY_RESULT_LAWFUL && !no_prohibited_content_attested) {
    return policy.Refuse(absl::StatusCode::kInvalidArgument, "DOC-27",
                         "须确认未设定行政许可、行政处罚、行政强制，未减损权利或增加义务",
                         "a LAWFUL result attests no licensing, penalty or compulsory measure and no reduced rights "
                         "or added obligations",
                         "no_prohibited_content_attested");
  }
  if (result == v1::LEGALITY_RESULT_UNLAWFUL && opinion.empty()) {
    return absl::InvalidArgumentError("an UNLAWFUL result states why (opinion)");
  }
  auto* n = d.mutable_normative();
  n->set_legality(result);
  n->set_legality_reviewer(reviewer);
  n->set_legality_opinion(opinion);
  n->set_no_prohibited_content_attested(no_prohibited_content_attested);
  *n->mutable_legality_time() = ToProtoTime(env.now);
  return absl::OkStatus();
}

absl::Status FileNormative(v1::Document& d, const Env& env, Effects& fx) {
  if (d.issuing_name() != v1::ISSUING_NAME_DEPARTMENT || d.state() != v1::DOCUMENT_STATE_ISSUED) {
    return absl::FailedPreconditionError("only an issued departmental normative document is filed");
  }
  if (d.normative().has_filing_time()) return absl::FailedPreconditionError("already filed");
  *d.mutable_normative()->mutable_filing_time() = ToProtoTime(env.now);
  fx.CancelTimer("normative.filing_due", d.name());
  return absl::OkStatus();
}

absl::Status FilingOverdue(const Versioned<v1::Document>& current, Effects& fx) {
  if (current.value.normative().has_filing_time()) return absl::OkStatus();
  v1::NormativeFilingOverdue event;  // ESCALATE to the judicial bureau and supervision
  *event.mutable_document() = Registration(current.value);
  fx.Publish(current.value.name(), event);
  fx.Audit(current.value.name(), "NormativeFilingOverdue", "DOC-28", nullptr, current.value);
  return absl::OkStatus();
}

absl::Status ChangeNormativeStatus(v1::Document& d, v1::NormativeStatus status, const std::string& reason,
                                   const Env& env, Effects& fx) {
  if (d.kind() != v1::DOCUMENT_KIND_NORMATIVE || d.state() != v1::DOCUMENT_STATE_ISSUED) {
    return absl::FailedPreconditionError("only an issued normative document has a status");
  }
  if (status == v1::NORMATIVE_STATUS_UNSPECIFIED) return absl::InvalidArgumentError("status is required");
  if (reason.empty()) return absl::InvalidArgumentError("reason is required");
  d.mutable_normative()->set_status(status);
  d.mutable_normative()->set_status_reason(reason);
  *d.mutable_normative()->mutable_last_reviewed() = ToProtoDate(env.today);
  // DOC-29: suspending, correcting or revoking; DOC-30: what a clean-up found.
  const bool corrected = status == v1::NORMATIVE_STATUS_SUSPENDED || status == v1::NORMATIVE_STATUS_REPEALED;
  fx.Note(corrected ? "DOC-29" : "DOC-30", reason);
  return absl::OkStatus();
}

void MarkCleanupDue(v1::Document& d, const Env& env) {
  const int months = env.policy->proto().normdoc().cleanup_months().months();
  const absl::CivilDay reviewed = FromProtoDate(d.normative().last_reviewed());
  if (absl::CivilMonth(env.today) - absl::CivilMonth(reviewed) >= months) {
    *d.add_warnings()->mutable_violation() = env.policy->Explain("DOC-30", absl::StrCat("逾", months, "个月未清理"),
                                                                 absl::StrCat("not reviewed for ", months, " months"));
  }
}

}  // namespace xianfu::document
