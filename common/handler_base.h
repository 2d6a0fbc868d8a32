// What every service's handler layer shares: authenticate, run one transaction (idempotent by
// request id for mutations), audit, publish events. A handler class derives from HandlerBase
// and from its generated gRPC service.
#ifndef XIANFU_COMMON_HANDLER_BASE_H_
#define XIANFU_COMMON_HANDLER_BASE_H_

#include <functional>
#include <memory>
#include <string>

#include "common/platform.h"
#include "common/server.h"

namespace xianfu {

// Everything one RPC works with: who calls, when, under which policy and calendar.
struct Call {
  const Caller& caller;
  Tx& tx;
  absl::Time now;
  absl::CivilDay today;
  std::shared_ptr<const Calendar> calendar;
  const Policy& policy;
  std::string request_id;
  bool wrote_events = false;

  // The official the act is attributed to; administrators and system clients act as themselves.
  std::string actor() const { return caller.official().empty() ? caller.subject : caller.official(); }
};

class HandlerBase {
 protected:
  HandlerBase(ServiceContext& context, std::string service);

  // A mutation: authenticated, idempotent by request id, one transaction; wakes the event
  // publisher when it wrote events.
  grpc::Status Mutate(grpc::ServerContextBase* ctx, absl::string_view method, const std::string& request_id,
                      const google::protobuf::Message& req, google::protobuf::Message* resp,
                      const std::function<absl::Status(Call&)>& fn);
  // A read: authenticated, one transaction.
  grpc::Status Read(grpc::ServerContextBase* ctx, const std::function<absl::Status(Call&)>& fn);
  // Work of the service itself (timers, calendar changes) in the caller's transaction.
  absl::Status AsSystem(Tx& tx, const std::function<absl::Status(Call&)>& fn,
                        std::shared_ptr<const Calendar> calendar = nullptr);

  absl::Status Audit(Call& call, const std::string& chain, const std::string& action, const std::string& rule_id,
                     const google::protobuf::Message* before, const google::protobuf::Message& after,
                     const std::string& detail = "", const std::string& acting_for = "");
  absl::Status Publish(Call& call, const std::string& subject, const google::protobuf::Message& event);

  ServiceContext& context_;
  Database& db_;
  Platform& platform_;
  const std::string service_;
  const Caller system_caller_;
};

}  // namespace xianfu

#endif  // XIANFU_COMMON_HANDLER_BASE_H_
