#include "common/access.h"

#include "absl/strings/str_cat.h"
#include "common/errors.h"
#include "common/policy.h"

namespace xianfu {
namespace {

using common::v1::Access;

bool AdmitsAdmin(const Access& access, AdminRole role) {
  const Access::Admin wanted = role == AdminRole::kSystemAdmin     ? Access::ADMIN_SYSTEM
                               : role == AdminRole::kSecurityAdmin ? Access::ADMIN_SECURITY
                                                                   : Access::ADMIN_AUDIT;
  for (int a : access.admins()) {
    if (a == wanted) return true;
  }
  return false;
}

}  // namespace

const Access* DeclaredAccess(const google::protobuf::MethodDescriptor* method) {
  if (method == nullptr || !method->options().HasExtension(common::v1::access)) return nullptr;
  return &method->options().GetExtension(common::v1::access);
}

absl::Status DenyAccess(const Access& access, absl::string_view message_zh, absl::string_view message_en,
                        const Policy* policy) {
  const std::string zh = absl::StrCat(message_zh, "（限", access.who_zh(), "）");
  const std::string en = absl::StrCat(message_en, " (for ", access.who_en(), ")");
  if (policy != nullptr && !access.rule_id().empty()) {
    absl::Status cited = policy->Refuse(absl::StatusCode::kPermissionDenied, access.rule_id(), zh, en);
    if (cited.code() == absl::StatusCode::kPermissionDenied) return cited;
  }
  return absl::PermissionDeniedError(absl::StrCat(en, " — ", zh));
}

absl::Status Admit(const Access* access, const Caller& caller, const Policy* policy) {
  if (access == nullptr) {
    return absl::PermissionDeniedError("this method declares no access rule, so nobody may call it — 该接口未声明访问规则");
  }
  if (caller.admin_role != AdminRole::kNone) {
    if (AdmitsAdmin(*access, caller.admin_role)) return absl::OkStatus();
    return DenyAccess(*access, absl::StrCat(AdminRoleName(caller.admin_role), " 账户不参与此项业务（三员分立）"),
                      absl::StrCat("an administrator account (", AdminRoleName(caller.admin_role),
                                   ") does not take part in this"),
                      policy);
  }
  if (caller.is_client() && caller.on_behalf_of.empty()) {
    if (access->clients() == Access::CLIENTS_ANY) return absl::OkStatus();
    if (access->clients() == Access::CLIENTS_TRUSTED && caller.trusted) return absl::OkStatus();
    return DenyAccess(*access, absl::StrCat("系统客户端 ", caller.subject, " 不能以自身名义办理"),
                      absl::StrCat("the system client ", caller.subject, " may not do this in its own name"), policy);
  }
  if (access->officials() != Access::OFFICIALS_NONE && access->officials() != Access::OFFICIALS_UNSPECIFIED) {
    return absl::OkStatus();
  }
  return DenyAccess(*access, "此项不由个人办理", "this is not done by an official", policy);
}

}  // namespace xianfu
