#include "common/paging.h"

#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace xianfu {

absl::StatusOr<PageRequest> ParsePage(int32_t page_size, absl::string_view page_token, absl::string_view list_name) {
  if (page_size < 0) return absl::InvalidArgumentError("page_size must not be negative");
  PageRequest page;
  page.limit = page_size == 0 ? 50 : std::min(page_size, 500);
  if (page_token.empty()) return page;
  std::string decoded;
  if (!absl::WebSafeBase64Unescape(page_token, &decoded)) {
    return absl::InvalidArgumentError("page_token is not one this service issued");
  }
  std::pair<std::string, std::string> parts = absl::StrSplit(decoded, absl::MaxSplits('|', 1));
  if (parts.first != list_name || !absl::SimpleAtoi(parts.second, &page.after_id) || page.after_id <= 0) {
    return absl::InvalidArgumentError("page_token is not one this service issued for this list");
  }
  return page;
}

std::string NextPageToken(const PageRequest& page, int returned, int64_t last_id, absl::string_view list_name) {
  if (returned < page.limit) return "";
  std::string token;
  absl::WebSafeBase64Escape(absl::StrCat(list_name, "|", last_id), &token);
  return token;
}

}  // namespace xianfu
