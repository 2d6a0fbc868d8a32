// Opaque page tokens and page-size rules for every List RPC (AIP-158). Lists are keyset-paged:
// a token carries the key of the last row returned, never an offset, so a page stays as cheap
// at the millionth row as at the first.
#ifndef XIANFU_COMMON_PAGING_H_
#define XIANFU_COMMON_PAGING_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace xianfu {

struct PageRequest {
  int limit = 50;     // rows to return
  std::string after;  // resume after the row with this key ("" from the start)
};

// page_size 0 means the default (50); above 500 is capped; negative or a token that was not
// made by this service (or for another list) is INVALID_ARGUMENT.
absl::StatusOr<PageRequest> ParsePage(int32_t page_size, absl::string_view page_token, absl::string_view list_name);

// The token for the next page, or "" when `returned` < the limit (no more rows).
std::string NextPageToken(const PageRequest& page, int returned, absl::string_view last_key,
                          absl::string_view list_name);

}  // namespace xianfu

#endif  // XIANFU_COMMON_PAGING_H_
