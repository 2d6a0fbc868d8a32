#include "common/config_file.h"

#include <openssl/evp.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "absl/status/status.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"

namespace xianfu {

absl::StatusOr<std::string> ReadConfigFile(const std::filesystem::path& path) {
  std::error_code error;
  if (!std::filesystem::is_regular_file(path, error)) {
    return absl::NotFoundError(absl::StrCat(path.string(), ": no such file"));
  }
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  if (!in.good() && !in.eof()) {
    return absl::UnavailableError(absl::StrCat(path.string(), ": cannot be read"));
  }
  return std::move(bytes).str();
}

std::string Sha256Hex(absl::string_view bytes, int hex_digits) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(bytes.data(), bytes.size(), digest, &length, EVP_sha256(), nullptr);
  std::string hex = absl::BytesToHexString(absl::string_view(reinterpret_cast<const char*>(digest), length));
  hex.resize(std::clamp<size_t>(hex_digits, 0, hex.size()));
  return hex;
}

}  // namespace xianfu
