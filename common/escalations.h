// ESCALATE (catalogue §0.1): one record type for every service. A decision that escalates adds
// an Escalation to its effects; the apply step writes it with the act, puts EscalationRaised on
// the feed and an entry on the subject's audit chain. Each service serves its own escalations
// (EscalationService): an official's queue is ListEscalations(assignee = him, state = OPEN).
#ifndef XIANFU_COMMON_ESCALATIONS_H_
#define XIANFU_COMMON_ESCALATIONS_H_

#include <optional>
#include <string>
#include <vector>

#include "common/effects.h"
#include "common/handler_base.h"
#include "common/record_table.h"
#include "xianfu/common/v1/escalation.grpc.pb.h"

namespace xianfu {

struct EscalationSpec {
  std::string rule_id;
  std::string subject;   // "documents/12"
  std::string assignee;  // "officials/chen-li"
  std::string raised_by;
  std::string message_zh;
  std::string message_en;
};

// Adds the escalation to `fx` (named by `names`, cited from the policy in `env`).
absl::StatusOr<common::v1::Escalation> Escalate(const EscalationSpec& spec, const Env& env, const Namer& names,
                                                Effects& fx);

// The same escalation to each of `assignees`, once each (empty and repeated names skipped).
absl::Status EscalateEach(const std::vector<std::string>& assignees, EscalationSpec spec, const Env& env,
                          const Namer& names, Effects& fx);

// The table every service keeps its escalations in (platform migration V0013).
BlobTable<common::v1::Escalation> EscalationTable();
// Escalations raised in [from, to) (either end open when unset); rows written before the
// create_time column (NULL) are kept, their time being in the record only.
Filter& RaisedWithin(Filter& filter, std::optional<absl::Time> from, std::optional<absl::Time> to);

class EscalationServiceImpl final : public HandlerBase, public common::v1::EscalationService::Service {
 public:
  explicit EscalationServiceImpl(ServiceContext& context);

  grpc::Status GetEscalation(grpc::ServerContext* ctx, const common::v1::GetEscalationRequest* req,
                             common::v1::Escalation* resp) override;
  grpc::Status ListEscalations(grpc::ServerContext* ctx, const common::v1::ListEscalationsRequest* req,
                               common::v1::ListEscalationsResponse* resp) override;
  grpc::Status AcknowledgeEscalation(grpc::ServerContext* ctx, const common::v1::AcknowledgeEscalationRequest* req,
                                     common::v1::Escalation* resp) override;
};

}  // namespace xianfu

#endif  // XIANFU_COMMON_ESCALATIONS_H_
