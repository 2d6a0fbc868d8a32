// document-svc's questions to personnel-svc, answered as the domain's plain structs. Every call
// carries this service's token, the caller's trace context and a deadline; personnel-svc's
// refusals (with their rule) pass through unchanged.
#ifndef XIANFU_DOCUMENT_SVC_HANDLER_ORG_CLIENT_H_
#define XIANFU_DOCUMENT_SVC_HANDLER_ORG_CLIENT_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "document-svc/domain/rules.h"
#include "grpcpp/grpcpp.h"
#include "xianfu/personnel/v1/personnel.grpc.pb.h"

namespace xianfu::document {

class OrgClient {
 public:
  OrgClient(std::shared_ptr<grpc::Channel> channel, std::string token,
            absl::Duration deadline = absl::Seconds(3));

  absl::StatusOr<Person> PersonOn(const grpc::ServerContextBase* inbound, const std::string& official, absl::Time at);
  absl::StatusOr<UnitView> UnitOn(const grpc::ServerContextBase* inbound, const std::string& unit, absl::Time at);
  // The one holder of a role ("R-CH", "R-EDH", "R-OD"), or "" when nobody holds it.
  absl::StatusOr<std::string> HolderOf(const grpc::ServerContextBase* inbound, const std::string& role, absl::Time at);
  absl::StatusOr<personnel::v1::ActingResolution> Resolve(const grpc::ServerContextBase* inbound,
                                                          const std::string& principal, personnel::v1::ActKind act,
                                                          absl::Time at);
  // OK with the resolution when `candidate` may act for `principal`; PERMISSION_DENIED (with
  // personnel-svc's rule, e.g. DIS-03) otherwise.
  absl::StatusOr<personnel::v1::ActingResolution> Check(const grpc::ServerContextBase* inbound,
                                                        const std::string& principal, personnel::v1::ActKind act,
                                                        absl::Time at, const std::string& candidate);

 private:
  std::unique_ptr<grpc::ClientContext> Context(const grpc::ServerContextBase* inbound) const;
  std::unique_ptr<personnel::v1::PersonnelService::Stub> stub_;
  std::string token_;
  absl::Duration deadline_;
};

}  // namespace xianfu::document

#endif  // XIANFU_DOCUMENT_SVC_HANDLER_ORG_CLIENT_H_
