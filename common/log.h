// JSON-lines logging: one object per line on stderr, UTC timestamps, never a token or an
// ID-card number (free text passes through RedactSecrets).
#ifndef XIANFU_COMMON_LOG_H_
#define XIANFU_COMMON_LOG_H_

#include <cstdint>
#include <initializer_list>
#include <string>
#include <utility>
#include <variant>

#include "absl/strings/string_view.h"

namespace xianfu {

using LogValue = std::variant<std::string, int64_t, double, bool>;
using LogFields = std::initializer_list<std::pair<absl::string_view, LogValue>>;

// Sets the "svc" field of every line. Safe to call once at start-up.
void InitLogging(absl::string_view service);

void LogInfo(absl::string_view event, LogFields fields = {});
void LogWarn(absl::string_view event, LogFields fields = {});
void LogError(absl::string_view event, LogFields fields = {});

// Masks bearer tokens, JWT-shaped strings and 18-digit resident ID-card numbers.
std::string RedactSecrets(absl::string_view text);

}  // namespace xianfu

#endif  // XIANFU_COMMON_LOG_H_
