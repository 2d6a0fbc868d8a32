// xianfu.admin.v1 services served by every process.
#ifndef XIANFU_COMMON_ADMIN_SERVICE_H_
#define XIANFU_COMMON_ADMIN_SERVICE_H_

#include <string>

#include "common/server.h"
#include "xianfu/admin/v1/admin.grpc.pb.h"

namespace xianfu {

class FakeClock;

class AdminServiceImpl final : public admin::v1::AdminService::Service {
 public:
  AdminServiceImpl(const ServiceContext* context, std::string schema_version, bool fake_clock)
      : context_(context), schema_version_(std::move(schema_version)), fake_clock_(fake_clock) {}

  grpc::Status GetServiceInfo(grpc::ServerContext* ctx, const admin::v1::GetServiceInfoRequest* req,
                              admin::v1::ServiceInfo* resp) override;
  grpc::Status VerifyAuditChain(grpc::ServerContext* ctx, const admin::v1::VerifyAuditChainRequest* req,
                                admin::v1::VerifyAuditChainResponse* resp) override;

 private:
  const ServiceContext* context_;
  const std::string schema_version_;
  const bool fake_clock_;
};

// Only registered when the process runs with --test_fake_clock. Setting the time needs the
// system administrator role.
class ClockServiceImpl final : public admin::v1::ClockService::Service {
 public:
  explicit ClockServiceImpl(FakeClock* clock) : clock_(clock) {}

  grpc::Status GetTime(grpc::ServerContext* ctx, const admin::v1::GetTimeRequest* req,
                       admin::v1::GetTimeResponse* resp) override;
  grpc::Status SetTime(grpc::ServerContext* ctx, const admin::v1::SetTimeRequest* req,
                       admin::v1::GetTimeResponse* resp) override;

 private:
  FakeClock* clock_;
};

}  // namespace xianfu

#endif  // XIANFU_COMMON_ADMIN_SERVICE_H_
