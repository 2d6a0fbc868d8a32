#include "common/effects.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "common/config_file.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"

namespace xianfu {

void Effects::SetTimer(std::string kind, std::string subject, absl::Time due, std::string calendar_version,
                       std::string payload) {
  timers_.push_back({std::move(kind), std::move(subject), false, due, std::move(calendar_version), std::move(payload)});
}

void Effects::MoveTimer(std::string kind, std::string subject, absl::Time was, absl::Time now_due, absl::Time now,
                        std::string calendar_version) {
  if (was == now_due || was <= now) return;
  SetTimer(std::move(kind), std::move(subject), std::max(now_due, now), std::move(calendar_version));
}

void Effects::CancelTimer(std::string kind, std::string subject) {
  timers_.push_back({std::move(kind), std::move(subject), true, absl::InfinitePast(), "", ""});
}

void Effects::Audit(std::string resource, std::string action, std::string rule_id,
                    const google::protobuf::Message* before, const google::protobuf::Message& after, std::string detail,
                    std::string acting_for, std::optional<ChainHead> head) {
  audits_.push_back({std::move(resource), std::move(action), std::move(rule_id), std::move(detail),
                     std::move(acting_for), before == nullptr ? "" : DigestOf(*before), DigestOf(after),
                     std::move(head)});
}

void Effects::Note(std::string rule_id, std::string detail, std::string acting_for) {
  if (!rule_id.empty()) note_rule_id_ = std::move(rule_id);
  if (!detail.empty()) AddDetail(detail);
  if (!acting_for.empty()) note_acting_for_ = std::move(acting_for);
}

void Effects::AddDetail(const std::string& detail) {
  if (detail.empty()) return;
  absl::StrAppend(&note_detail_, note_detail_.empty() ? "" : "; ", detail);
}

void Effects::Override(const common::v1::OverrideRecord& record, const std::string& resource) {
  AddDetail(absl::StrCat("override ", record.rule_id(), " by ", record.overridden_by(), " (", record.role(),
                         "): ", record.reason()));
  common::v1::OverrideTaken taken;
  *taken.mutable_record() = record;
  Publish(resource, taken);
}

void Effects::Append(Effects other) {
  for (RecordWrite& w : other.writes_) writes_.push_back(std::move(w));
  for (EventOut& e : other.events_) events_.push_back(std::move(e));
  for (TimerOut& t : other.timers_) timers_.push_back(std::move(t));
  for (AuditOut& a : other.audits_) audits_.push_back(std::move(a));
  for (auto& g : other.guards_) guards_.push_back(std::move(g));
  Note(std::move(other.note_rule_id_), std::move(other.note_detail_), std::move(other.note_acting_for_));
  remember_ = remember_ && other.remember_;
  if (!other.answer_.ok() && answer_.ok()) answer_ = std::move(other.answer_);
}

std::string DigestOf(const google::protobuf::Message& message) {
  std::string bytes;
  {
    google::protobuf::io::StringOutputStream stream(&bytes);
    google::protobuf::io::CodedOutputStream out(&stream);
    out.SetSerializationDeterministic(true);
    message.SerializeToCodedStream(&out);
  }
  return Sha256Hex(bytes);
}

}  // namespace xianfu
