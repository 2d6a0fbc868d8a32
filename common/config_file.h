// Reading the suite's configuration files (policy, calendar) and fingerprinting their content.
#ifndef XIANFU_COMMON_CONFIG_FILE_H_
#define XIANFU_COMMON_CONFIG_FILE_H_

#include <filesystem>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace xianfu {

// The whole file as bytes; NOT_FOUND when it does not exist, UNAVAILABLE when it cannot be read.
absl::StatusOr<std::string> ReadConfigFile(const std::filesystem::path& path);

// Lower-case hex SHA-256 of `bytes`, cut to `hex_digits` (at most 64).
std::string Sha256Hex(absl::string_view bytes, int hex_digits = 64);

}  // namespace xianfu

#endif  // XIANFU_COMMON_CONFIG_FILE_H_
