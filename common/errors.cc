#include "common/errors.h"

#include <atomic>

#include "absl/strings/cord.h"
#include "absl/strings/str_cat.h"
#include "common/log.h"
#include "google/protobuf/any.pb.h"

namespace xianfu {
namespace {

constexpr char kViolationTypeUrl[] = "type.googleapis.com/xianfu.common.v1.RuleViolation";
constexpr char kBadRequestTypeUrl[] = "type.googleapis.com/google.rpc.BadRequest";

const char* const kDigits[] = {"零", "一", "二", "三", "四", "五", "六", "七", "八", "九"};

}  // namespace

std::string ChineseNumeral(int n) {
  if (n <= 0 || n > 9999) return absl::StrCat(n);
  static const char* const kUnits[] = {"", "十", "百", "千"};
  int digits[4] = {n % 10, n / 10 % 10, n / 100 % 10, n / 1000 % 10};
  int top = 3;
  while (digits[top] == 0) --top;
  std::string out;
  bool pending_zero = false;
  for (int pos = top; pos >= 0; --pos) {
    int d = digits[pos];
    if (d == 0) {
      pending_zero = true;
      continue;
    }
    if (pending_zero) out += "零";
    pending_zero = false;
    // 十一 rather than 一十一 when ten is the leading unit.
    if (!(pos == 1 && d == 1 && pos == top)) out += kDigits[d];
    out += kUnits[pos];
  }
  return out;
}

std::string FormatArticleZh(int article, int paragraph, int item) {
  std::string out = absl::StrCat("第", ChineseNumeral(article), "条");
  if (paragraph > 0) absl::StrAppend(&out, "第", ChineseNumeral(paragraph), "款");
  if (item > 0) absl::StrAppend(&out, "第（", ChineseNumeral(item), "）项");
  return out;
}

std::string FormatArticleEn(int article, int paragraph, int item) {
  std::string out = absl::StrCat("art. ", article);
  if (paragraph > 0) absl::StrAppend(&out, "(", paragraph, ")");
  if (item > 0) absl::StrAppend(&out, "(", item, ")");
  return out;
}

common::v1::RuleViolation MakeViolation(const RuleCitation& rule, absl::string_view message_zh,
                                        absl::string_view message_en, absl::string_view field) {
  common::v1::RuleViolation v;
  v.set_rule_id(rule.rule_id);
  auto* a = v.mutable_article();
  a->set_article(rule.article);
  a->set_paragraph(rule.paragraph);
  a->set_item(rule.item);
  a->set_display_zh(FormatArticleZh(rule.article, rule.paragraph, rule.item));
  a->set_display_en(FormatArticleEn(rule.article, rule.paragraph, rule.item));
  v.set_source_title(rule.source_title);
  v.mutable_override()->set_allowed(rule.override_allowed);
  v.mutable_override()->set_role(rule.override_role);
  v.mutable_override()->set_role_zh(rule.override_role_zh);
  v.set_message_zh(std::string(message_zh));
  v.set_message_en(std::string(message_en));
  v.set_policy_version(rule.policy_version);
  v.set_field(std::string(field));
  return v;
}

absl::Status RuleError(absl::StatusCode code, const common::v1::RuleViolation& v) {
  // "[DOC-03] 请示应当一文一事 — a 请示 may contain only one matter. 《…》第四十九条"
  std::string message = absl::StrCat("[", v.rule_id(), "] ", v.message_zh(), " — ", v.message_en(), " ",
                                     v.source_title(), v.article().display_zh());
  absl::Status status(code, message);
  status.SetPayload(kViolationTypeUrl, absl::Cord(v.SerializeAsString()));
  return status;
}

absl::Status RuleError(absl::StatusCode code, const RuleCitation& rule, absl::string_view message_zh,
                       absl::string_view message_en, absl::string_view field) {
  return RuleError(code, MakeViolation(rule, message_zh, message_en, field));
}

std::optional<common::v1::RuleViolation> GetRuleViolation(const absl::Status& status) {
  auto payload = status.GetPayload(kViolationTypeUrl);
  if (!payload) return std::nullopt;
  common::v1::RuleViolation v;
  if (!v.ParseFromString(std::string(*payload))) return std::nullopt;
  return v;
}

common::v1::Status ToStatusProto(const absl::Status& status) {
  grpc::Status g = ToGrpcStatus(status);
  common::v1::Status out;
  if (!g.error_details().empty() && out.ParseFromString(g.error_details())) return out;
  out.set_code(static_cast<int>(g.error_code()));
  out.set_message(g.error_message());
  return out;
}

absl::Status FromStatusProto(const common::v1::Status& status) {
  if (status.code() == 0) return absl::OkStatus();
  return FromGrpcStatus(grpc::Status(static_cast<grpc::StatusCode>(status.code()), status.message(),
                                     status.details().empty() ? "" : status.SerializeAsString()));
}

grpc::Status ToGrpcStatus(const absl::Status& status) {
  if (status.ok()) return grpc::Status::OK;
  auto code = static_cast<grpc::StatusCode>(status.code());
  std::string message(status.message());
  if (status.code() == absl::StatusCode::kInternal || status.code() == absl::StatusCode::kUnknown ||
      status.code() == absl::StatusCode::kDataLoss) {
    static std::atomic<uint64_t> next_ref{1};
    std::string ref = absl::StrCat("E", absl::ToUnixMillis(absl::Now()), "-", next_ref++);
    LogError("internal_error", {{"ref", ref}, {"detail", std::string(status.message())}});
    message = absl::StrCat("internal error (reference ", ref, "); 内部错误，请提供参考号 ", ref);
  }
  std::optional<common::v1::RuleViolation> violation = GetRuleViolation(status);
  auto bad_request = status.GetPayload(kBadRequestTypeUrl);
  if (!violation && !bad_request) return grpc::Status(code, message);
  common::v1::Status details;
  details.set_code(static_cast<int>(code));
  details.set_message(message);
  if (violation) details.add_details()->PackFrom(*violation);
  if (bad_request) {
    google::protobuf::Any* any = details.add_details();
    any->set_type_url(kBadRequestTypeUrl);
    any->set_value(std::string(*bad_request));
  }
  return grpc::Status(code, message, details.SerializeAsString());
}

absl::Status FromGrpcStatus(const grpc::Status& status) {
  if (status.ok()) return absl::OkStatus();
  absl::Status out(static_cast<absl::StatusCode>(status.error_code()), status.error_message());
  common::v1::Status details;
  if (!status.error_details().empty() && details.ParseFromString(status.error_details())) {
    for (const auto& any : details.details()) {
      common::v1::RuleViolation v;
      if (any.type_url() == kBadRequestTypeUrl) {
        out.SetPayload(kBadRequestTypeUrl, absl::Cord(any.value()));
      } else if (any.UnpackTo(&v)) {
        out.SetPayload(kViolationTypeUrl, absl::Cord(v.SerializeAsString()));
      }
    }
  }
  return out;
}

}  // namespace xianfu
