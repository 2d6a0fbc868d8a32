#include "common/record_table.h"

#include "absl/algorithm/container.h"
#include "absl/strings/ascii.h"
#include "absl/strings/cord.h"
#include "absl/strings/match.h"
#include "common/status_macros.h"

namespace xianfu {
namespace {

constexpr char kStaleVersionPayload[] = "xianfu/stale-version";

// Names are echoed in errors; a hostile one must not fill the reply's metadata.
std::string Shown(absl::string_view name) {
  return name.size() <= 80 ? std::string(name) : absl::StrCat(name.substr(0, 80), "…");
}

// [a-z0-9][a-z0-9-]{0,62}: checked by hand, it is on every verb's path.
bool IsId(absl::string_view id) {
  auto lower_or_digit = [](char c) { return absl::ascii_islower(c) || absl::ascii_isdigit(c); };
  return !id.empty() && id.size() <= 63 && lower_or_digit(id.front()) &&
         absl::c_all_of(id, [&](char c) { return lower_or_digit(c) || c == '-'; });
}

}  // namespace

absl::StatusOr<std::string> IdOf(absl::string_view name, absl::string_view collection) {
  const std::string prefix = absl::StrCat(collection, "/");
  if (!absl::StartsWith(name, prefix)) {
    return absl::InvalidArgumentError(
        absl::StrCat("'", Shown(name), "' is not a ", collection, " name (", prefix, "<id>)"));
  }
  const absl::string_view id = name.substr(prefix.size());
  if (!IsId(id)) {
    return absl::InvalidArgumentError(
        absl::StrCat("'", Shown(name), "': ids are 1–63 lower-case letters, digits and '-'"));
  }
  return std::string(id);
}

absl::StatusOr<int64_t> NumericIdOf(absl::string_view name, absl::string_view collection) {
  const std::string prefix = absl::StrCat(collection, "/");
  int64_t id = 0;
  if (!absl::StartsWith(name, prefix) || !absl::SimpleAtoi(name.substr(prefix.size()), &id) || id <= 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("'", Shown(name), "' is not a ", collection, " name (", prefix, "<number>)"));
  }
  return id;
}

bool IsStaleVersion(const absl::Status& status) {
  return status.code() == absl::StatusCode::kAborted && status.GetPayload(kStaleVersionPayload).has_value();
}

namespace internal {

absl::Status CheckOneRowChanged(const absl::StatusOr<int64_t>& affected, absl::string_view name) {
  if (!affected.ok()) return affected.status();
  if (*affected == 0) {
    absl::Status s = absl::AbortedError(
        absl::StrCat(Shown(name), " was changed by someone else at the same time; read it again and retry"));
    s.SetPayload(kStaleVersionPayload, absl::Cord("1"));
    return s;
  }
  return absl::OkStatus();
}

absl::Status ParseRecord(const SqlRow& row, int column, google::protobuf::Message* out) {
  if (!out->ParseFromString(row.Str(column))) {
    return absl::DataLossError(absl::StrCat("stored ", out->GetDescriptor()->name(), " does not parse"));
  }
  return absl::OkStatus();
}

}  // namespace internal

absl::StatusOr<const RecordTable*> TableRegistry::For(const google::protobuf::Message& record) const {
  auto it = tables_.find(record.GetDescriptor()->full_name());
  if (it == tables_.end()) {
    return absl::InternalError(absl::StrCat("no table stores ", record.GetDescriptor()->full_name()));
  }
  return it->second;
}

absl::StatusOr<const RecordTable*> TableRegistry::ForCollection(absl::string_view collection) const {
  auto it = by_collection_.find(collection);
  if (it == by_collection_.end()) return absl::InternalError(absl::StrCat("no table stores ", collection));
  return it->second;
}

std::optional<int64_t> IdAllocator::Take(const std::string& table) {
  absl::MutexLock lock(&mu_);
  Range& r = ranges_[table];
  if (r.next < r.end) return r.next++;
  return std::nullopt;
}

absl::StatusOr<int64_t> IdAllocator::Reserve(const std::string& table) {
  int64_t start = 0;
  absl::Status reserved;
  for (int attempt = 0; attempt < 2; ++attempt) {
    reserved = db_->Transact([&](Tx& tx) -> absl::Status {
      ASSIGN_OR_RETURN(rows, tx.Query("SELECT next_id FROM id_blocks WHERE name = ? FOR UPDATE", {table}));
      if (rows.empty()) {
        // First use: continue after the table's existing rows.
        RETURN_IF_ERROR(tx.Exec(absl::StrCat("INSERT INTO id_blocks (name, next_id) SELECT ?, COALESCE(MAX(id), 0) + 1"
                                             " FROM ",
                                             table),
                                {table})
                            .status());
        ASSIGN_OR_RETURN(again, tx.Query("SELECT next_id FROM id_blocks WHERE name = ? FOR UPDATE", {table}));
        rows = std::move(again);
      }
      start = rows.front().Int(0);
      return tx.Exec("UPDATE id_blocks SET next_id = ? WHERE name = ?", {start + block_, table}).status();
    });
    // Another replica seeded the row at the same moment: reserve from it.
    if (reserved.code() != absl::StatusCode::kAlreadyExists) break;
  }
  if (!reserved.ok()) return reserved;
  return start;
}

absl::StatusOr<int64_t> IdAllocator::Next(const std::string& table) {
  if (std::optional<int64_t> id = Take(table)) return *id;
  // One reservation at a time: the threads that ran out together wait for the same block.
  absl::MutexLock reserving(&reserve_mu_);
  if (std::optional<int64_t> id = Take(table)) return *id;
  ASSIGN_OR_RETURN(start, Reserve(table));
  absl::MutexLock lock(&mu_);
  ranges_[table] = Range{start + 1, start + block_};
  return start;
}

}  // namespace xianfu
