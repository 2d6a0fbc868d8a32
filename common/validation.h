// The request checks every API declares next to its fields (xianfu/common/v1/api.proto),
// applied by the shared server to every request before any handler code runs. A request that
// breaks one gets INVALID_ARGUMENT naming the field and quoting at most a short prefix of the
// value, in English and Chinese, with a google.rpc.BadRequest-compatible detail.
#ifndef XIANFU_COMMON_VALIDATION_H_
#define XIANFU_COMMON_VALIDATION_H_

#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/message.h"

namespace xianfu {

// The defaults for fields that declare nothing of their own.
inline constexpr int kDefaultMaxChars = 200;
inline constexpr int kDefaultMaxItems = 100;
inline constexpr int64_t kDefaultMaxInteger = int64_t{1} << 53;

// Checks `request` against the field rules of its type, the first broken rule wins:
// required fields, output-only and identifier fields (refused when set, except that an update
// request's mask decides which of its resource's fields count), lengths in characters, control
// characters, integer ranges, enum values, resource-name shapes, caller-chosen ids, item counts,
// real dates and times inside the supported window (common/calendar.h).
absl::Status ValidateRequest(const google::protobuf::Message& request);

// An INVALID_ARGUMENT about one field: "<field>: <english> — <field>：<chinese>", carrying the
// field in a google.rpc.BadRequest detail.
absl::Status FieldError(absl::string_view field, absl::string_view message_en, absl::string_view message_zh);

// The field a FieldError names ("" for any other status).
std::string ViolatedField(const absl::Status& status);

// At most `max_chars` characters of `value`, escaped, with "…" when cut: what an error may quote.
std::string QuotePrefix(absl::string_view value, int max_chars = 16);

// Characters (Unicode code points) of UTF-8 text: "县长同意" is 4.
int64_t CharacterCount(absl::string_view utf8);

}  // namespace xianfu

#endif  // XIANFU_COMMON_VALIDATION_H_
