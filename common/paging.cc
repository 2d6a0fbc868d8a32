#include "common/paging.h"

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace xianfu {

absl::StatusOr<PageRequest> ParsePage(int32_t page_size, absl::string_view page_token, absl::string_view list_name) {
  if (page_size < 0) return absl::InvalidArgumentError("page_size must not be negative");
  PageRequest page;
  page.limit = page_size == 0 ? 50 : std::min(page_size, 500);
  if (page_token.empty()) return page;
  std::string decoded;
  if (page_token.size() > 512 || !absl::WebSafeBase64Unescape(page_token, &decoded)) {
    return absl::InvalidArgumentError("page_token is not one this service issued");
  }
  std::pair<std::string, std::string> parts = absl::StrSplit(decoded, absl::MaxSplits('|', 1));
  if (parts.first != list_name || parts.second.empty()) {
    return absl::InvalidArgumentError("page_token is not one this service issued for this list");
  }
  page.after = parts.second;
  return page;
}

std::string NextPageToken(const PageRequest& page, int returned, absl::string_view last_key,
                          absl::string_view list_name) {
  if (returned < page.limit) return "";
  std::string token;
  absl::WebSafeBase64Escape(absl::StrCat(list_name, "|", last_key), &token);
  return token;
}

}  // namespace xianfu
