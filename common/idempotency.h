// Request ids (AIP-155) and etags (AIP-154): the two guards every mutating RPC goes through.
#ifndef XIANFU_COMMON_IDEMPOTENCY_H_
#define XIANFU_COMMON_IDEMPOTENCY_H_

#include <cstdint>
#include <functional>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/auth.h"
#include "common/db.h"
#include "google/protobuf/message.h"

namespace xianfu {

// Who asked what under which request id. Empty request_id: not remembered.
struct RequestKey {
  std::string caller;  // subject, or "subject>on_behalf_of"
  std::string request_id;
  std::string method;
  std::string digest;  // of the request message
};

RequestKey KeyOf(const Caller& caller, absl::string_view method, absl::string_view request_id,
                 const google::protobuf::Message& request);

// The response stored for an earlier success with this key's caller and request id: true (and
// `response` filled) when there is one, false when there is none; INVALID_ARGUMENT when the id
// was used for a different request.
absl::StatusOr<bool> FindStoredResponse(Tx& tx, const RequestKey& key, google::protobuf::Message* response);
// Stores the response of a success in the transaction that made it; ALREADY_EXISTS when a
// concurrent twin with the same id committed first.
absl::Status StoreResponse(Tx& tx, const RequestKey& key, const google::protobuf::Message& response);

// A request that failed (refused, or a twin with the same id committed first) may be the retry
// of one that succeeded: the first success's stored response is then the answer (OK, `response`
// filled); otherwise `failure` stands. Nothing is looked up on the happy path, which costs only
// StoreResponse's INSERT: a retry of a success usually fails, the state having moved on.
// HandlerBase::Run answers every verb's failure with it.
absl::Status StoredAnswerOr(Database& db, const RequestKey& key, google::protobuf::Message* response,
                            absl::Status failure);

// Etags are the row's version column, quoted ("\"7\"").
std::string EtagOf(int64_t version);

// The caller's etag must match the current version; a stale one is ABORTED. `required`
// makes an empty etag INVALID_ARGUMENT (workflow transitions must say what they saw).
absl::Status CheckEtag(absl::string_view etag, int64_t current_version, bool required);

}  // namespace xianfu

#endif  // XIANFU_COMMON_IDEMPOTENCY_H_
