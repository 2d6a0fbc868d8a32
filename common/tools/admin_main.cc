// xianfu-admin: small operator commands against running xianfu processes.
//   xianfu-admin health --targets=127.0.0.1:7101,127.0.0.1:7102 [--wait=60s]
//   xianfu-admin clock --set=2026-10-08T09:00:00+08:00 --targets=... --token=...
//   xianfu-admin info --targets=... --token=...
#include <cstdio>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "common/health_client.h"
#include "google/protobuf/util/time_util.h"
#include "grpcpp/grpcpp.h"
#include "xianfu/admin/v1/admin.grpc.pb.h"

ABSL_FLAG(std::vector<std::string>, targets, {}, "comma-separated host:port list");
ABSL_FLAG(std::string, token, "", "bearer token (admin commands)");
ABSL_FLAG(absl::Duration, wait, absl::ZeroDuration(), "health: keep asking until SERVING or this long");
ABSL_FLAG(std::string, set, "", "clock: RFC 3339 time to set, e.g. 2026-10-08T09:00:00+08:00");

namespace {

void Authorize(grpc::ClientContext& ctx) {
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
  if (!absl::GetFlag(FLAGS_token).empty()) {
    ctx.AddMetadata("authorization", absl::StrCat("Bearer ", absl::GetFlag(FLAGS_token)));
  }
}

}  // namespace

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage("xianfu-admin health|clock|info --targets=host:port,...");
  std::vector<char*> args = absl::ParseCommandLine(argc, argv);
  if (args.size() != 2) {
    std::fprintf(stderr, "usage: xianfu-admin health|clock|info --targets=host:port,...\n");
    return 2;
  }
  std::string command = args[1];
  std::vector<std::string> targets = absl::GetFlag(FLAGS_targets);
  if (targets.empty()) {
    std::fprintf(stderr, "xianfu-admin: --targets is required\n");
    return 2;
  }
  int failures = 0;
  if (command == "health") {
    for (const std::string& target : targets) {
      xianfu::HealthState state =
          xianfu::WaitForHealth(target, xianfu::HealthState::kServing, absl::GetFlag(FLAGS_wait));
      std::printf("%s %s\n", target.c_str(), std::string(xianfu::HealthStateName(state)).c_str());
      if (state != xianfu::HealthState::kServing) ++failures;
    }
  } else if (command == "clock" || command == "info") {
    for (const std::string& target : targets) {
      auto channel = grpc::CreateChannel(target, grpc::InsecureChannelCredentials());
      grpc::ClientContext ctx;
      Authorize(ctx);
      grpc::Status status;
      std::string line;
      if (command == "clock") {
        auto stub = xianfu::admin::v1::ClockService::NewStub(channel);
        xianfu::admin::v1::SetTimeRequest req;
        xianfu::admin::v1::GetTimeResponse resp;
        absl::Time t;
        std::string err;
        if (!absl::ParseTime(absl::RFC3339_full, absl::GetFlag(FLAGS_set), &t, &err)) {
          std::fprintf(stderr, "xianfu-admin: --set: %s\n", err.c_str());
          return 2;
        }
        req.mutable_time()->set_seconds(absl::ToUnixSeconds(t));
        status = stub->SetTime(&ctx, req, &resp);
        line = google::protobuf::util::TimeUtil::ToString(resp.time());
      } else {
        auto stub = xianfu::admin::v1::AdminService::NewStub(channel);
        xianfu::admin::v1::ServiceInfo resp;
        status = stub->GetServiceInfo(&ctx, {}, &resp);
        line = resp.ShortDebugString();
      }
      if (status.ok()) {
        std::printf("%s %s\n", target.c_str(), line.c_str());
      } else {
        std::printf("%s ERROR %s\n", target.c_str(), status.error_message().c_str());
        ++failures;
      }
    }
  } else {
    std::fprintf(stderr, "xianfu-admin: unknown command %s\n", command.c_str());
    return 2;
  }
  return failures == 0 ? 0 : 1;
}
