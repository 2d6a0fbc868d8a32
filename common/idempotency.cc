#include "common/idempotency.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"
#include "common/config_file.h"

namespace xianfu {

absl::Status RunOnce(Database& db, const Caller& caller, absl::string_view method, absl::string_view request_id,
                     const google::protobuf::Message& request, google::protobuf::Message* response,
                     const std::function<absl::Status(Tx&)>& act, const bool* remember) {
  if (request_id.empty()) return db.Transact(act);
  if (request_id.size() > 128) {
    return absl::InvalidArgumentError("request_id is longer than 128 characters");
  }
  std::string serialized;
  request.SerializeToString(&serialized);  // deterministic enough: same binary, same message
  const std::string digest = Sha256Hex(serialized);
  const std::string who =
      caller.on_behalf_of.empty() ? caller.subject : absl::StrCat(caller.subject, ">", caller.on_behalf_of);
  // Two attempts: a concurrent twin with the same id makes our INSERT collide; the second pass
  // then finds its stored response.
  for (int attempt = 0; attempt < 2; ++attempt) {
    bool replayed = false;
    absl::Status status = db.Transact([&](Tx& tx) -> absl::Status {
      absl::StatusOr<std::vector<SqlRow>> prior = tx.Query(
          "SELECT method, request_digest, response FROM request_log"
          " WHERE caller = ? AND request_id = ?",
          {who, std::string(request_id)});
      if (!prior.ok()) return prior.status();
      if (!prior->empty()) {
        const SqlRow& row = prior->front();
        if (row.Str(0) != method || row.Str(1) != digest) {
          return absl::InvalidArgumentError(absl::StrCat("request_id '", request_id,
                                                         "' was already used for a different request (", row.Str(0),
                                                         "); use a new request_id for a new request"));
        }
        if (!response->ParseFromString(row.Str(2))) {
          return absl::InternalError("stored response does not parse");
        }
        replayed = true;
        return absl::OkStatus();
      }
      absl::Status acted = act(tx);
      if (!acted.ok()) return acted;
      if (remember != nullptr && !*remember) return absl::OkStatus();
      return tx
          .Exec(
              "INSERT INTO request_log (caller, request_id, method, request_digest, response,"
              " created_at) VALUES (?, ?, ?, ?, ?, UTC_TIMESTAMP(6))",
              {who, std::string(request_id), std::string(method), digest, Bytes{response->SerializeAsString()}})
          .status();
    });
    if (status.code() == absl::StatusCode::kAlreadyExists && SqlErrorNumber(status) == kErDupEntry && attempt == 0 &&
        !replayed) {
      response->Clear();
      continue;
    }
    return status;
  }
  return absl::AbortedError("request is being processed concurrently; retry");
}

std::string EtagOf(int64_t version) { return absl::StrCat("\"", version, "\""); }

absl::Status CheckEtag(absl::string_view etag, int64_t current_version, bool required) {
  if (etag.empty()) {
    if (!required) return absl::OkStatus();
    return absl::InvalidArgumentError("etag is required: send the etag of the version you are acting on");
  }
  absl::string_view digits = absl::StripPrefix(absl::StripSuffix(etag, "\""), "\"");
  int64_t version = 0;
  if (!absl::SimpleAtoi(digits, &version)) {
    return absl::InvalidArgumentError(absl::StrCat("malformed etag ", etag));
  }
  if (version != current_version) {
    return absl::AbortedError(absl::StrCat("the resource changed since you read it (etag ", etag, ", now ",
                                           EtagOf(current_version), "); read it again and retry"));
  }
  return absl::OkStatus();
}

absl::Status ExpectOneRowChanged(const absl::StatusOr<int64_t>& affected, absl::string_view resource) {
  if (!affected.ok()) return affected.status();
  if (*affected == 0) {
    return absl::AbortedError(absl::StrCat(resource, " was changed by someone else at the same time; read it again"));
  }
  return absl::OkStatus();
}

}  // namespace xianfu
