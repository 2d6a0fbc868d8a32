#include "supervision-svc/domain/escalation_items.h"

#include <algorithm>

#include "absl/strings/str_cat.h"

namespace xianfu::supervision {
namespace {

bool Contains(const google::protobuf::RepeatedPtrField<std::string>& list, const std::string& value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

void Settle(v1::EscalationItem& item) {
  bool all = !item.assignees().empty();
  for (const std::string& who : item.assignees()) all = all && Contains(item.acknowledged(), who);
  item.set_state(all ? v1::ESCALATION_ITEM_STATE_ACKNOWLEDGED : v1::ESCALATION_ITEM_STATE_OPEN);
}

}  // namespace

std::string EscalationItemKey(const std::string& service, const std::string& rule_id, const std::string& subject) {
  std::string key = absl::StrCat(service, "|", rule_id, "|", subject);
  if (key.size() > 191) key.resize(191);
  return key;
}

bool NoteRaised(v1::EscalationItem& item, const common::v1::Escalation& e) {
  if (Contains(item.escalations(), e.name())) return false;
  if (item.escalations().empty()) {
    item.set_service(e.service());
    item.set_subject(e.subject());
    item.set_rule_id(e.rule_id());
    *item.mutable_article() = e.article();
    item.set_message_zh(e.message_zh());
    item.set_message_en(e.message_en());
    *item.mutable_first_raised() = e.create_time();
  }
  item.add_escalations(e.name());
  if (!Contains(item.assignees(), e.assignee())) item.add_assignees(e.assignee());
  *item.mutable_last_raised() = e.create_time();
  // Escalated again to someone who had acknowledged: open for him again.
  auto* acked = item.mutable_acknowledged();
  acked->erase(std::remove(acked->begin(), acked->end(), e.assignee()), acked->end());
  Settle(item);
  return true;
}

bool NoteAcknowledged(v1::EscalationItem& item, const common::v1::Escalation& e) {
  if (!Contains(item.escalations(), e.name()) || Contains(item.acknowledged(), e.assignee())) return false;
  item.add_acknowledged(e.assignee());
  Settle(item);
  return true;
}

}  // namespace xianfu::supervision
