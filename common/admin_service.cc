#include "common/admin_service.h"

#include "common/clock.h"
#include "common/deadline_proto.h"
#include "common/log.h"
#include "common/platform.h"
#include "google/protobuf/util/time_util.h"

namespace xianfu {
grpc::Status AdminServiceImpl::GetServiceInfo(grpc::ServerContext* ctx, const admin::v1::GetServiceInfoRequest*,
                                              admin::v1::ServiceInfo* resp) {
  return Serve(ctx, [&](const Caller&) -> absl::Status {
    resp->set_service(context_->service);
    resp->set_build_version(XIANFU_BUILD_VERSION);
    resp->set_schema_version(schema_version_);
    resp->set_fake_clock(fake_clock_);
    if (context_->platform != nullptr) {
      resp->set_policy_version(context_->platform->policy().version());
      resp->set_calendar_version(context_->platform->calendar()->version());
    }
    *resp->mutable_now() = ToProtoTime(context_->clock->Now());
    return absl::OkStatus();
  });
}

grpc::Status AdminServiceImpl::VerifyAuditChain(grpc::ServerContext* ctx, const admin::v1::VerifyAuditChainRequest*,
                                                admin::v1::VerifyAuditChainResponse* resp) {
  return Serve(ctx, [&](const Caller& caller) -> absl::Status {
    if (absl::Status s = RequireAdminRole(caller, AdminRole::kAuditAdmin); !s.ok()) return s;
    if (context_->platform == nullptr || context_->db == nullptr) {
      return absl::FailedPreconditionError(
          absl::StrCat(context_->service, " keeps no audit trail (it has no database)"));
    }
    absl::StatusOr<AuditVerification> result = context_->platform->audit().Verify(*context_->db);
    if (!result.ok()) return result.status();
    resp->set_intact(result->intact());
    resp->set_entries_checked(result->entries);
    resp->set_chains_checked(result->chains);
    resp->set_anchors_checked(result->anchors);
    for (const AuditBreak& b : result->breaks) {
      admin::v1::AuditChainBreak* out = resp->add_breaks();
      out->set_chain(b.chain);
      out->set_sequence(b.seq);
      out->set_kind(b.kind);
      out->set_detail(b.detail);
    }
    LogInfo("audit_verified", {{"by", caller.subject}, {"intact", result->intact()}, {"entries", result->entries}});
    return absl::OkStatus();
  });
}

grpc::Status ClockServiceImpl::GetTime(grpc::ServerContext* ctx, const admin::v1::GetTimeRequest*,
                                       admin::v1::GetTimeResponse* resp) {
  return Serve(ctx, [&](const Caller&) -> absl::Status {
    *resp->mutable_time() = ToProtoTime(clock_->Now());
    resp->set_fake(true);
    return absl::OkStatus();
  });
}

grpc::Status ClockServiceImpl::SetTime(grpc::ServerContext* ctx, const admin::v1::SetTimeRequest* req,
                                       admin::v1::GetTimeResponse* resp) {
  return Serve(ctx, [&](const Caller& caller) -> absl::Status {
    if (absl::Status s = RequireAdminRole(caller, AdminRole::kSystemAdmin); !s.ok()) return s;
    if (!req->has_time()) return absl::InvalidArgumentError("time is required");
    absl::Time t = absl::FromUnixSeconds(req->time().seconds()) + absl::Nanoseconds(req->time().nanos());
    clock_->Set(t);
    LogWarn("fake_clock_set", {{"time", absl::FormatTime(t)}, {"by", caller.subject}});
    *resp->mutable_time() = ToProtoTime(clock_->Now());
    resp->set_fake(true);
    return absl::OkStatus();
  });
}

}  // namespace xianfu
