// Who may call a method, as its API declares it (xianfu.common.v1.Access on every rpc). The
// shared server admits or refuses each call before the handler runs; the domain then narrows
// "officials" to the party or the office where the declaration says so, refusing with the
// declared rule (HandlerBase does the citing).
#ifndef XIANFU_COMMON_ACCESS_H_
#define XIANFU_COMMON_ACCESS_H_

#include <string>

#include "absl/status/status.h"
#include "common/auth.h"
#include "google/protobuf/descriptor.h"
#include "xianfu/common/v1/api.pb.h"

namespace xianfu {

class Policy;

// The declaration of `method`, or null when it declares none.
const common::v1::Access* DeclaredAccess(const google::protobuf::MethodDescriptor* method);

// OK when the declaration admits this kind of caller; PERMISSION_DENIED citing the declared rule
// (from `policy` when it knows it) otherwise. A method without a declaration admits nobody.
absl::Status Admit(const common::v1::Access* access, const Caller& caller, const Policy* policy);

// A refusal of a caller the declaration admits but the domain does not (not the party, not the
// office): PERMISSION_DENIED citing the declared rule, `message_en` saying why.
absl::Status DenyAccess(const common::v1::Access& access, absl::string_view message_zh, absl::string_view message_en,
                        const Policy* policy);

}  // namespace xianfu

#endif  // XIANFU_COMMON_ACCESS_H_
