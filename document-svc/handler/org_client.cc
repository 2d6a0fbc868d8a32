#include "document-svc/handler/org_client.h"

#include "absl/strings/str_cat.h"
#include "common/calendar.h"
#include "common/deadline_proto.h"
#include "common/errors.h"
#include "common/server.h"

namespace xianfu::document {
namespace {

absl::Status Remote(const grpc::Status& status) {
  if (status.ok()) return absl::OkStatus();
  if (status.error_code() == grpc::StatusCode::UNAVAILABLE ||
      status.error_code() == grpc::StatusCode::DEADLINE_EXCEEDED) {
    return absl::UnavailableError(absl::StrCat("personnel-svc is unavailable: ", status.error_message()));
  }
  return FromGrpcStatus(status);
}

}  // namespace

OrgClient::OrgClient(std::shared_ptr<grpc::Channel> channel, std::string token, absl::Duration deadline)
    : stub_(personnel::v1::PersonnelService::NewStub(channel)), token_(std::move(token)), deadline_(deadline) {}

std::unique_ptr<grpc::ClientContext> OrgClient::Context(const grpc::ServerContextBase* inbound) const {
  return OutboundContext(inbound, deadline_, token_);
}

absl::StatusOr<Person> OrgClient::PersonOn(const grpc::ServerContextBase* inbound, const std::string& official,
                                           absl::Time at) {
  personnel::v1::LookupOfficialRequest req;
  req.set_official(official);
  *req.mutable_date() = ToProtoDate(LocalDay(at));
  personnel::v1::OfficialStanding resp;
  if (absl::Status s = Remote(stub_->LookupOfficial(Context(inbound).get(), req, &resp)); !s.ok()) return s;
  Person p;
  p.official = official;
  p.display_name = resp.display_name_zh();
  p.roles.insert(resp.roles().begin(), resp.roles().end());
  p.units.insert(resp.units().begin(), resp.units().end());
  p.absent = resp.absent();
  return p;
}

absl::StatusOr<UnitView> OrgClient::UnitOn(const grpc::ServerContextBase* inbound, const std::string& unit,
                                           absl::Time at) {
  personnel::v1::LookupUnitLeadershipRequest req;
  req.set_unit(unit);
  *req.mutable_date() = ToProtoDate(LocalDay(at));
  personnel::v1::UnitLeadership resp;
  if (absl::Status s = Remote(stub_->LookupUnitLeadership(Context(inbound).get(), req, &resp)); !s.ok()) return s;
  personnel::v1::GetUnitRequest get;
  get.set_name(unit);
  personnel::v1::Unit u;
  if (absl::Status s = Remote(stub_->GetUnit(Context(inbound).get(), get, &u)); !s.ok()) return s;
  UnitView v;
  v.unit = unit;
  v.principal_head = resp.principal_head();
  v.deputy_heads.assign(resp.deputy_heads().begin(), resp.deputy_heads().end());
  v.clerks.assign(resp.clerks().begin(), resp.clerks().end());
  v.primary_leader = resp.primary_leader();
  v.roles.insert(u.roles().begin(), u.roles().end());
  v.internal_unit = u.kind() == personnel::v1::UNIT_KIND_INTERNAL_UNIT;
  return v;
}

absl::StatusOr<std::string> OrgClient::HolderOf(const grpc::ServerContextBase* inbound, const std::string& role,
                                                absl::Time at) {
  personnel::v1::LookupRoleHoldersRequest req;
  req.set_role(role);
  *req.mutable_date() = ToProtoDate(LocalDay(at));
  personnel::v1::RoleHolders resp;
  if (absl::Status s = Remote(stub_->LookupRoleHolders(Context(inbound).get(), req, &resp)); !s.ok()) return s;
  return resp.officials().empty() ? std::string() : resp.officials(0);
}

absl::StatusOr<personnel::v1::ActingResolution> OrgClient::Resolve(const grpc::ServerContextBase* inbound,
                                                                   const std::string& principal,
                                                                   personnel::v1::ActKind act, absl::Time at) {
  personnel::v1::ResolveActingRequest req;
  req.set_official(principal);
  req.set_act(act);
  *req.mutable_time() = ToProtoTime(at);
  personnel::v1::ActingResolution resp;
  if (absl::Status s = Remote(stub_->ResolveActing(Context(inbound).get(), req, &resp)); !s.ok()) return s;
  return resp;
}

absl::StatusOr<personnel::v1::ActingResolution> OrgClient::Check(const grpc::ServerContextBase* inbound,
                                                                 const std::string& principal,
                                                                 personnel::v1::ActKind act, absl::Time at,
                                                                 const std::string& candidate) {
  personnel::v1::CheckActingRequest req;
  req.mutable_resolve()->set_official(principal);
  req.mutable_resolve()->set_act(act);
  *req.mutable_resolve()->mutable_time() = ToProtoTime(at);
  req.set_candidate(candidate);
  personnel::v1::ActingResolution resp;
  if (absl::Status s = Remote(stub_->CheckActing(Context(inbound).get(), req, &resp)); !s.ok()) return s;
  return resp;
}

}  // namespace xianfu::document
