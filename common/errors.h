// Errors that cite the rules. A refusal is an absl::Status whose payload carries a
// xianfu.common.v1.RuleViolation; at the gRPC boundary it becomes the canonical code plus a
// google.rpc.Status-compatible message in the grpc-status-details-bin trailer.
#ifndef XIANFU_COMMON_ERRORS_H_
#define XIANFU_COMMON_ERRORS_H_

#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "grpcpp/support/status.h"
#include "xianfu/common/v1/common.pb.h"

namespace xianfu {

// A rule as the policy in force describes it: where it stands and who may override it.
// Built by the policy (Policy::Cite), never from literals in domain code.
struct RuleCitation {
  std::string rule_id;
  int article = 0;
  int paragraph = 0;
  int item = 0;
  // e.g. "《勐腊县人民政府工作规则》"
  std::string source_title;
  bool override_allowed = false;
  std::string override_role;     // e.g. "R-CH"
  std::string override_role_zh;  // e.g. "县长"
  std::string policy_version;
};

// "第五十条第二款第（三）项" — how Chinese regulations cite their own text.
std::string FormatArticleZh(int article, int paragraph, int item);
// "art. 50(2)(3)"
std::string FormatArticleEn(int article, int paragraph, int item);
// 1 → 一, 10 → 十, 21 → 二十一, 105 → 一百零五 (up to 9999).
std::string ChineseNumeral(int n);

common::v1::RuleViolation MakeViolation(const RuleCitation& rule, absl::string_view message_zh,
                                        absl::string_view message_en, absl::string_view field = "");

// A refusal: `code` is INVALID_ARGUMENT, FAILED_PRECONDITION or PERMISSION_DENIED.
absl::Status RuleError(absl::StatusCode code, const RuleCitation& rule, absl::string_view message_zh,
                       absl::string_view message_en, absl::string_view field = "");
absl::Status RuleError(absl::StatusCode code, const common::v1::RuleViolation& violation);

// The violation a status carries, if any.
std::optional<common::v1::RuleViolation> GetRuleViolation(const absl::Status& status);

// The translation at the gRPC boundary. Internal details (SQL text, exception messages) of
// INTERNAL/UNKNOWN errors are replaced by a generic message; the caller gets a reference id
// that appears in the server log.
grpc::Status ToGrpcStatus(const absl::Status& status);
// For outbound calls: keeps the rule violation so a service can pass another's refusal on.
absl::Status FromGrpcStatus(const grpc::Status& status);

// A status as data inside a response (one answer of a batch), and back.
common::v1::Status ToStatusProto(const absl::Status& status);
absl::Status FromStatusProto(const common::v1::Status& status);

}  // namespace xianfu

#endif  // XIANFU_COMMON_ERRORS_H_
