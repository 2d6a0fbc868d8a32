// The other modules' escalations as the supervision office follows them (issue 12, intake): one
// item per module, record and rule, each escalation counted once however often its event arrives.
#ifndef XIANFU_SUPERVISION_SVC_DOMAIN_ESCALATION_ITEMS_H_
#define XIANFU_SUPERVISION_SVC_DOMAIN_ESCALATION_ITEMS_H_

#include <string>

#include "xianfu/common/v1/escalation.pb.h"
#include "xianfu/supervision/v1/supervision.pb.h"

namespace xianfu::supervision {

namespace v1 = ::xianfu::supervision::v1;

// "document|DOC-15|documents/12" (at most 191 characters: the key column).
std::string EscalationItemKey(const std::string& service, const std::string& rule_id, const std::string& subject);
// The escalation counted on its item (a new item when `item` is empty); false when it was already.
bool NoteRaised(v1::EscalationItem& item, const common::v1::Escalation& e);
// Its assignee acknowledged it; the item is ACKNOWLEDGED once every assignee has. False when
// nothing changed.
bool NoteAcknowledged(v1::EscalationItem& item, const common::v1::Escalation& e);

}  // namespace xianfu::supervision

#endif  // XIANFU_SUPERVISION_SVC_DOMAIN_ESCALATION_ITEMS_H_
