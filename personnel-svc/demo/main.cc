// personnel-demo: imports fixture F-1 into a running personnel-svc through its API
// (ImportOrganisation), valid from 2026-01-01 as the fixture says ("valid throughout 2026").
#include <algorithm>
#include <cstdio>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/time/clock.h"
#include "common/auth.h"
#include "common/calendar.h"
#include "common/deadline_proto.h"
#include "grpcpp/grpcpp.h"
#include "personnel-svc/demo/fixture.h"

ABSL_FLAG(std::string, target, "127.0.0.1:7101", "personnel-svc address");
ABSL_FLAG(std::string, auth_config, "", "key configuration (an HS256 kid signs the admin token)");

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  absl::StatusOr<xianfu::AuthConfig> config = xianfu::LoadAuthConfig(absl::GetFlag(FLAGS_auth_config));
  if (!config.ok() || config->keys.empty()) {
    std::fprintf(stderr, "personnel-demo: --auth_config: %s\n", std::string(config.status().message()).c_str());
    return 2;
  }
  absl::StatusOr<std::string> token =
      xianfu::MintWithConfig(*config, "officials/sys-admin", xianfu::AdminRole::kSystemAdmin);
  if (!token.ok()) {
    std::fprintf(stderr, "personnel-demo: %s\n", std::string(token.status().message()).c_str());
    return 2;
  }
  xianfu::personnel::PersonnelClient client(
      grpc::CreateChannel(absl::GetFlag(FLAGS_target), grpc::InsecureChannelCredentials()), *token);
  xianfu::personnel::FixtureOptions options;
  options.start = std::min(absl::CivilDay(2026, 1, 1), xianfu::LocalDay(absl::Now()));
  options.progress = [](const std::string& step) { std::printf("    personnel: %s\n", step.c_str()); };
  absl::Status status = xianfu::personnel::LoadFixtureF1(client, options);
  if (status.code() == absl::StatusCode::kFailedPrecondition) {
    // The register was loaded before (history is closed): keep it, and say from when it holds.
    xianfu::personnel::v1::GetDivisionOfWorkRequest first;
    *first.mutable_date() = xianfu::ToProtoDate(options.start);
    xianfu::personnel::v1::DivisionOfWork division;
    if (client.stub().GetDivisionOfWork(client.Context().get(), first, &division).ok()) {
      std::printf("    personnel: F-1 is already loaded\n");
      return 0;
    }
    std::printf("    personnel: an earlier organisation is loaded, not F-1 from %s; delete .run/ to start afresh\n",
                absl::FormatCivilTime(options.start).c_str());
    return 0;
  }
  if (!status.ok()) {
    std::fprintf(stderr, "personnel-demo: %s\n", std::string(status.message()).c_str());
    return 1;
  }
  return 0;
}
