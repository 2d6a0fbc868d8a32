#include "common/blob_store.h"

#include <regex>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"

namespace xianfu {

absl::StatusOr<std::string> IdOf(absl::string_view name, absl::string_view collection) {
  static const std::regex kId("^[a-z0-9][a-z0-9-]{0,62}$");
  const std::string prefix = absl::StrCat(collection, "/");
  if (!absl::StartsWith(name, prefix)) {
    return absl::InvalidArgumentError(absl::StrCat("'", name, "' is not a ", collection, " name (", prefix, "<id>)"));
  }
  std::string id(name.substr(prefix.size()));
  if (!std::regex_match(id, kId)) {
    return absl::InvalidArgumentError(absl::StrCat("'", name, "': ids are lower-case letters, digits and '-'"));
  }
  return id;
}

absl::StatusOr<int64_t> NumericIdOf(absl::string_view name, absl::string_view collection) {
  const std::string prefix = absl::StrCat(collection, "/");
  int64_t id = 0;
  if (!absl::StartsWith(name, prefix) || !absl::SimpleAtoi(name.substr(prefix.size()), &id) || id <= 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("'", name, "' is not a ", collection, " name (", prefix, "<number>)"));
  }
  return id;
}

absl::Status UpdateBlob(Tx& tx, absl::string_view table, absl::string_view extra_set, std::vector<SqlParam> extra,
                        int64_t id, int64_t expected_version, const google::protobuf::Message& m,
                        absl::string_view what) {
  std::vector<SqlParam> params = std::move(extra);
  params.insert(params.begin(), Bytes{m.SerializeAsString()});
  params.push_back(id);
  params.push_back(expected_version);
  absl::StatusOr<int64_t> n =
      tx.Exec(absl::StrCat("UPDATE ", table, " SET data = ?, version = version + 1", extra_set.empty() ? "" : ", ",
                           extra_set, " WHERE id = ? AND version = ?"),
              params);
  if (!n.ok()) return n.status();
  if (*n == 0) {
    return absl::AbortedError(absl::StrCat(what, " was changed by someone else at the same time; read it again"));
  }
  return absl::OkStatus();
}

}  // namespace xianfu
