#include "common/idempotency.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "common/config_file.h"
#include "common/status_macros.h"

namespace xianfu {

RequestKey KeyOf(const Caller& caller, absl::string_view method, absl::string_view request_id,
                 const google::protobuf::Message& request) {
  std::string serialized;
  request.SerializeToString(&serialized);  // deterministic enough: same binary, same message
  return {caller.on_behalf_of.empty() ? caller.subject : absl::StrCat(caller.subject, ">", caller.on_behalf_of),
          std::string(request_id), std::string(method), Sha256Hex(serialized)};
}

absl::StatusOr<bool> FindStoredResponse(Tx& tx, const RequestKey& key, google::protobuf::Message* response) {
  if (key.request_id.empty()) return false;
  ASSIGN_OR_RETURN(prior, tx.Query("SELECT method, request_digest, response FROM request_log"
                                   " WHERE caller = ? AND request_id = ?",
                                   {key.caller, key.request_id}));
  if (prior.empty()) return false;
  const SqlRow& row = prior.front();
  if (row.Str(0) != key.method || row.Str(1) != key.digest) {
    return absl::InvalidArgumentError(absl::StrCat("request_id '", key.request_id.substr(0, 40),
                                                   "' was already used for a different request (", row.Str(0),
                                                   "); use a new request_id for a new request"));
  }
  response->Clear();
  if (!response->ParseFromString(row.Str(2))) return absl::InternalError("stored response does not parse");
  return true;
}

absl::Status StoreResponse(Tx& tx, const RequestKey& key, const google::protobuf::Message& response) {
  if (key.request_id.empty()) return absl::OkStatus();
  // Held for the COMMIT: a twin that stored first makes the transaction fail (ALREADY_EXISTS).
  tx.Defer(
      "INSERT INTO request_log (caller, request_id, method, request_digest, response, created_at)"
      " VALUES (?, ?, ?, ?, ?, UTC_TIMESTAMP(6))",
      {key.caller, key.request_id, key.method, key.digest, Bytes{response.SerializeAsString()}});
  return absl::OkStatus();
}

absl::Status StoredAnswerOr(Database& db, const RequestKey& key, google::protobuf::Message* response,
                            absl::Status failure) {
  if (key.request_id.empty()) return failure;
  bool replayed = false;
  absl::Status looked = db.Read([&](Tx& tx) -> absl::Status {
    ASSIGN_OR_RETURN(found, FindStoredResponse(tx, key, response));
    replayed = found;
    return absl::OkStatus();
  });
  if (!looked.ok()) return looked;
  return replayed ? absl::OkStatus() : failure;
}

std::string EtagOf(int64_t version) { return absl::StrCat("\"", version, "\""); }

absl::Status CheckEtag(absl::string_view etag, int64_t current_version, bool required) {
  if (etag.empty()) {
    if (!required) return absl::OkStatus();
    return absl::InvalidArgumentError("etag is required: send the etag of the version you are acting on");
  }
  absl::string_view digits = absl::StripPrefix(absl::StripSuffix(etag, "\""), "\"");
  int64_t version = 0;
  if (etag.size() > 24 || !absl::SimpleAtoi(digits, &version)) {
    return absl::InvalidArgumentError(absl::StrCat("malformed etag ", etag.substr(0, 24)));
  }
  if (version != current_version) {
    return absl::AbortedError(absl::StrCat("the resource changed since you read it (etag ", etag, ", now ",
                                           EtagOf(current_version), "); read it again and retry"));
  }
  return absl::OkStatus();
}

}  // namespace xianfu
