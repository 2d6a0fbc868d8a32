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

// Runs `act` in one transaction at most once per (caller, request_id). The first successful
// response is stored in the same transaction as the change; a retry with the same id gets
// that response back without acting. A failed request stores nothing and may be retried.
// Reusing an id for a different request is INVALID_ARGUMENT. An empty request_id just runs
// the transaction.
// `act` may set *remember to false for an outcome that commits but is not a success to replay
// (an intake refusal that returns the document): a retry then runs again.
absl::Status RunOnce(Database& db, const Caller& caller, absl::string_view method, absl::string_view request_id,
                     const google::protobuf::Message& request, google::protobuf::Message* response,
                     const std::function<absl::Status(Tx&)>& act, const bool* remember = nullptr);

// Etags are the row's version column, quoted ("\"7\"").
std::string EtagOf(int64_t version);

// The caller's etag must match the current version; a stale one is ABORTED. `required`
// makes an empty etag INVALID_ARGUMENT (workflow transitions must say what they saw).
absl::Status CheckEtag(absl::string_view etag, int64_t current_version, bool required);

// For "UPDATE … SET …, version = version + 1 WHERE id = ? AND version = ?": zero rows means
// somebody else changed it first.
absl::Status ExpectOneRowChanged(const absl::StatusOr<int64_t>& affected, absl::string_view resource);

}  // namespace xianfu

#endif  // XIANFU_COMMON_IDEMPOTENCY_H_
