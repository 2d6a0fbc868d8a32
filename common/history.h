// The history API (留痕): a service's audit trail as clerks and auditors read it, by resource,
// actor, rule and time, with whether the chains shown verify. Who is a party to a resource is the
// service's own knowledge (ServiceContext::history_access); the county government office and the
// audit administrator see everything.
#ifndef XIANFU_COMMON_HISTORY_H_
#define XIANFU_COMMON_HISTORY_H_

#include "common/handler_base.h"
#include "xianfu/admin/v1/admin.grpc.pb.h"

namespace xianfu {

class HistoryServiceImpl final : public HandlerBase, public admin::v1::HistoryService::Service {
 public:
  explicit HistoryServiceImpl(ServiceContext& context);

  grpc::Status ListHistory(grpc::ServerContext* ctx, const admin::v1::ListHistoryRequest* req,
                           admin::v1::ListHistoryResponse* resp) override;

 private:
  // One page of entries for a caller already allowed to see them.
  absl::Status List(const Call& call, Tx& tx, const admin::v1::ListHistoryRequest& req, const std::string& actor,
                    admin::v1::ListHistoryResponse* resp);

  HistoryAccess access_;
};

}  // namespace xianfu

#endif  // XIANFU_COMMON_HISTORY_H_
