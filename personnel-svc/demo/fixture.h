// Fixture F-1 of the acceptance scenarios (shared/rules/scenarios.md): the fictional Mengla
// county government, loaded through the public API, dated from `start`. Used by scripts/run
// (the demo, dated relative to today) and by the end-to-end tests (dated 2026-01-01).
#ifndef XIANFU_PERSONNEL_SVC_DEMO_FIXTURE_H_
#define XIANFU_PERSONNEL_SVC_DEMO_FIXTURE_H_

#include <functional>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/time/civil_time.h"
#include "grpcpp/grpcpp.h"
#include "xianfu/personnel/v1/personnel.grpc.pb.h"

namespace xianfu::personnel {

// Calls `PersonnelService` with a bearer token and a deadline on every call.
class PersonnelClient {
 public:
  PersonnelClient(std::shared_ptr<grpc::Channel> channel, std::string token)
      : stub_(v1::PersonnelService::NewStub(channel)), token_(std::move(token)) {}

  v1::PersonnelService::Stub& stub() { return *stub_; }
  std::unique_ptr<grpc::ClientContext> Context() const;
  const std::string& token() const { return token_; }

 private:
  std::unique_ptr<v1::PersonnelService::Stub> stub_;
  std::string token_;
};

struct FixtureOptions {
  absl::CivilDay start;
  // Prints one line per step when set (the demo's progress).
  std::function<void(const std::string&)> progress;
};

// F-1 as one historical import: units, officials, posts and their holders, the initial division
// of work (portfolios, A/B pairs), the outbound plan entry of S-37, all dated from `start`.
v1::ImportOrganisationRequest FixtureF1(const FixtureOptions& options);

// Imports F-1 as the system administrator (ImportOrganisation). Idempotent by request id:
// running it twice changes nothing.
absl::Status LoadFixtureF1(PersonnelClient& admin, const FixtureOptions& options);

}  // namespace xianfu::personnel

#endif  // XIANFU_PERSONNEL_SVC_DEMO_FIXTURE_H_
