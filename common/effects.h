// What a decision asks for, as plain data: records to write, events to publish, timers to set
// or cancel, audit entries, overrides taken. Domain functions fill an Effects; the handler's
// apply step (HandlerBase) carries all of it out in one transaction, so a decision is a pure
// function of (resource, facts, input, policy, now) and its unit test reads what it wants done.
#ifndef XIANFU_COMMON_EFFECTS_H_
#define XIANFU_COMMON_EFFECTS_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "google/protobuf/message.h"
#include "xianfu/common/v1/common.pb.h"

namespace xianfu {

class Calendar;
class Policy;

// Who decides with what: the clock reading, the calendar and policy in force. Handed to every
// domain decision so none reads a clock or a file itself.
struct Env {
  absl::Time now;
  absl::CivilDay today;  // Asia/Shanghai
  std::shared_ptr<const Calendar> calendar;
  const Policy* policy = nullptr;
};

// A record as read, with the version its etag names.
template <typename M>
struct Versioned {
  M value;
  int64_t version = 0;
};

// Names for the records a decision creates: ids are reserved before the decision, so that it
// can refer to what it creates ("absences/12" in the obligations it opens).
using Namer = std::function<absl::StatusOr<std::string>(absl::string_view collection)>;

// A record to store: a new one (expected_version 0) or a change to the version it was read at
// (a stale version makes the whole apply ABORTED).
struct RecordWrite {
  std::shared_ptr<const google::protobuf::Message> record;
  int64_t expected_version = 0;
  // The record as the decision read it (an update whose caller knows it): rows derived from the
  // record are then rewritten only where it changed them.
  std::shared_ptr<const google::protobuf::Message> before;
};

struct EventOut {
  std::string subject;
  std::shared_ptr<const google::protobuf::Message> payload;
};

struct TimerOut {
  std::string kind;
  std::string subject;
  bool cancel = false;
  absl::Time due;
  std::string calendar_version;
  std::string payload;
};

// An audit chain's last entry as a gather step read it (ChainHeadFrom in common/audit.h): the
// verb's entry follows it without reading the chain again inside the transaction.
struct ChainHead {
  int64_t seq = 0;   // 0: the chain has no entry yet
  std::string hash;  // the entry's hash ("" when seq is 0)
};

struct AuditOut {
  std::string resource;  // the chain
  std::string action;
  std::string rule_id;
  std::string detail;
  std::string acting_for;
  std::string before_digest;  // "" for a new record
  std::string after_digest;
  std::optional<ChainHead> head;  // the chain as the gather step read it, when it did
};

class Effects {
 public:
  template <typename M>
  void Insert(const M& record) {
    writes_.push_back({std::make_shared<M>(record), 0, nullptr});
  }
  template <typename M>
  void Update(const M& record, int64_t expected_version, std::shared_ptr<const M> before = nullptr) {
    writes_.push_back({std::make_shared<M>(record), expected_version, std::move(before)});
  }
  template <typename E>
  void Publish(std::string subject, const E& event) {
    events_.push_back({std::move(subject), std::make_shared<E>(event)});
  }
  // (Re)arms the one timer of this kind for this subject.
  void SetTimer(std::string kind, std::string subject, absl::Time due, std::string calendar_version = "",
                std::string payload = "");
  void CancelTimer(std::string kind, std::string subject);
  // A new calendar moved a timer from `was` to `now_due`: set again, unless it did not move or has
  // fired already (at or before `now`: never twice); one whose new time has passed fires now.
  void MoveTimer(std::string kind, std::string subject, absl::Time was, absl::Time now_due, absl::Time now,
                 std::string calendar_version);
  // The decision rests on a view of shared state at `version` (personnel-svc's organisation):
  // apply it only if the view is still at that version, and move the version on, so two
  // decisions on the same view cannot both commit. A lost race is decided again.
  void Guard(std::string name, int64_t version) { guards_.push_back({std::move(name), version}); }
  // An audit entry on `resource`'s chain besides the verb's own (a child created, another
  // record touched). `before` is null for a new record.
  // `head`: the chain's last entry as the gather step read it (HandlerBase::Act).
  void Audit(std::string resource, std::string action, std::string rule_id, const google::protobuf::Message* before,
             const google::protobuf::Message& after, std::string detail = "", std::string acting_for = "",
             std::optional<ChainHead> head = std::nullopt);

  // The verb's own audit entry: the rule it applied (when it depends on the resource), what it
  // should say, and for whom a stand-in acted.
  void Note(std::string rule_id, std::string detail, std::string acting_for = "");
  void AddDetail(const std::string& detail);
  // An override taken on `resource`: kept in the verb's audit detail and published on the feed
  // (OverrideTaken) for the compliance report.
  void Override(const common::v1::OverrideRecord& record, const std::string& resource);

  // The effects commit, and the caller still gets this refusal (an intake check that returns
  // the document to its sender); a retry decides again.
  void AnswerWith(absl::Status refusal) {
    answer_ = std::move(refusal);
    remember_ = false;
  }

  const std::vector<RecordWrite>& writes() const { return writes_; }
  const std::vector<EventOut>& events() const { return events_; }
  const std::vector<TimerOut>& timers() const { return timers_; }
  const std::vector<AuditOut>& audits() const { return audits_; }
  const std::vector<std::pair<std::string, int64_t>>& guards() const { return guards_; }
  const std::string& note_rule_id() const { return note_rule_id_; }
  const std::string& note_detail() const { return note_detail_; }
  const std::string& note_acting_for() const { return note_acting_for_; }
  bool remember() const { return remember_; }
  const absl::Status& answer() const { return answer_; }
  bool empty() const {
    return writes_.empty() && events_.empty() && timers_.empty() && audits_.empty() && guards_.empty();
  }

  // Moves another decision's effects after these.
  void Append(Effects other);

 private:
  std::vector<RecordWrite> writes_;
  std::vector<EventOut> events_;
  std::vector<TimerOut> timers_;
  std::vector<AuditOut> audits_;
  std::vector<std::pair<std::string, int64_t>> guards_;
  std::string note_rule_id_;
  std::string note_detail_;
  std::string note_acting_for_;
  bool remember_ = true;
  absl::Status answer_;
};

// sha256 hex of a proto's deterministic serialization, for audit before/after digests.
std::string DigestOf(const google::protobuf::Message& message);

}  // namespace xianfu

#endif  // XIANFU_COMMON_EFFECTS_H_
