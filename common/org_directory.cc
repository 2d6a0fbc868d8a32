#include "common/org_directory.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "common/calendar.h"
#include "common/db.h"
#include "common/deadline_proto.h"
#include "common/errors.h"
#include "common/server.h"
#include "common/status_macros.h"
#include "google/protobuf/util/time_util.h"

namespace xianfu::org {

namespace pv1 = ::xianfu::personnel::v1;
using ::google::protobuf::util::TimeUtil;

bool Unit::IsResponsibleLeader(const std::string& official) const {
  return official == principal_head ||
         std::find(deputy_heads.begin(), deputy_heads.end(), official) != deputy_heads.end();
}

Principal Principal::Official(std::string official) { return Principal(Kind::kOfficial, std::move(official)); }
Principal Principal::Role(std::string role) { return Principal(Kind::kRole, std::move(role)); }
Principal Principal::LeaderOf(std::string unit) { return Principal(Kind::kLeaderOf, std::move(unit)); }

void Principal::Fill(pv1::ResolveActingRequest& r) const {
  switch (kind_) {
    case Kind::kOfficial:
      r.set_official(value_);
      break;
    case Kind::kRole:
      r.set_role(value_);
      break;
    case Kind::kLeaderOf:
      r.set_unit_leader(value_);
      break;
  }
}

Questions::Questions(absl::Time at) { *request_.mutable_time() = ToProtoTime(at); }

PersonQ Questions::Person(const std::string& official) {
  request_.add_questions()->mutable_official()->set_official(official);
  return {request_.questions_size() - 1};
}

UnitQ Questions::Unit(const std::string& unit) {
  request_.add_questions()->mutable_unit()->set_unit(unit);
  return {request_.questions_size() - 1};
}

UnitQ Questions::UnitPlaying(const std::string& role) {
  request_.add_questions()->mutable_unit_by_role()->set_role(role);
  return {request_.questions_size() - 1};
}

HolderQ Questions::Holder(const std::string& role) {
  request_.add_questions()->mutable_role_holders()->set_role(role);
  return {request_.questions_size() - 1};
}

ActingQ Questions::Resolve(const Principal& principal, pv1::ActKind act) {
  pv1::ResolveActingRequest* r = request_.add_questions()->mutable_resolve();
  principal.Fill(*r);
  r->set_act(act);
  return {request_.questions_size() - 1};
}

ActingQ Questions::Check(const Principal& principal, pv1::ActKind act, const std::string& candidate) {
  pv1::CheckActingRequest* c = request_.add_questions()->mutable_check();
  principal.Fill(*c->mutable_resolve());
  c->mutable_resolve()->set_act(act);
  c->set_candidate(candidate);
  return {request_.questions_size() - 1};
}

absl::StatusOr<const pv1::OrgAnswer*> Answers::At(int index) const {
  if (index < 0 || index >= response_->answers_size()) {
    return absl::InternalError(absl::StrCat("personnel-svc gave no answer ", index));
  }
  const pv1::OrgAnswer& a = response_->answers(index);
  if (a.has_error()) return FromStatusProto(a.error());
  return &a;
}

absl::StatusOr<org::Person> Answers::Get(PersonQ q) const {
  absl::StatusOr<const pv1::OrgAnswer*> a = At(q.index);
  if (!a.ok()) return a.status();
  const pv1::OfficialStanding& s = (*a)->official();
  org::Person p;
  p.official = s.official();
  p.display_name = s.display_name_zh();
  p.roles.insert(s.roles().begin(), s.roles().end());
  p.units.insert(s.units().begin(), s.units().end());
  p.absent = s.absent();
  return p;
}

absl::StatusOr<org::Unit> Answers::Get(UnitQ q) const {
  absl::StatusOr<const pv1::OrgAnswer*> a = At(q.index);
  if (!a.ok()) return a.status();
  const pv1::UnitLeadership& u = (*a)->unit();
  org::Unit v;
  v.unit = u.unit();
  v.display_name = u.display_name_zh();
  v.internal_unit = u.unit_kind() == pv1::UNIT_KIND_INTERNAL_UNIT;
  v.dual_led = u.unit_kind() == pv1::UNIT_KIND_DUAL_LED;
  v.principal_head = u.principal_head();
  v.principal_head_absent = u.principal_head_absent();
  v.deputy_heads.assign(u.deputy_heads().begin(), u.deputy_heads().end());
  v.clerks.assign(u.clerks().begin(), u.clerks().end());
  v.primary_leader = u.primary_leader();
  v.roles.insert(u.unit_roles().begin(), u.unit_roles().end());
  return v;
}

absl::StatusOr<std::string> Answers::Get(HolderQ q) const {
  absl::StatusOr<const pv1::OrgAnswer*> a = At(q.index);
  if (!a.ok()) return a.status();
  const pv1::RoleHolders& h = (*a)->role_holders();
  return h.officials().empty() ? std::string() : h.officials(0);
}

absl::StatusOr<std::vector<std::string>> Answers::GetAll(HolderQ q) const {
  absl::StatusOr<const pv1::OrgAnswer*> a = At(q.index);
  if (!a.ok()) return a.status();
  const pv1::RoleHolders& h = (*a)->role_holders();
  return std::vector<std::string>(h.officials().begin(), h.officials().end());
}

absl::StatusOr<Acting> Answers::Get(ActingQ q) const {
  absl::StatusOr<const pv1::OrgAnswer*> a = At(q.index);
  if (!a.ok()) return a.status();
  const pv1::ActingResolution& r = (*a)->resolution();
  Acting out;
  out.principal = r.principal();
  out.actor = r.actor();
  out.waiting = r.waiting();
  out.display = r.display_zh();
  out.mark = r.acting_mark();
  out.reason = r.reason();
  return out;
}

Directory::Directory(std::shared_ptr<grpc::Channel> channel, std::string token, absl::Duration deadline)
    : stub_(pv1::PersonnelService::NewStub(std::move(channel))), token_(std::move(token)), deadline_(deadline) {}

absl::StatusOr<Answers> Directory::Ask(const grpc::ServerContextBase* inbound, const Questions& questions) {
  if (InTransaction()) {
    return absl::InternalError("the organisation directory was asked inside a transaction");
  }
  if (questions.empty()) return Answers();
  const std::string key = LeasedAnswers::KeyOf(questions.request());
  const absl::Time sent = absl::Now();
  if (auto kept = leased_.Find(key, sent); kept != nullptr) return Answers(std::move(kept));
  std::unique_ptr<grpc::ClientContext> ctx = OutboundContext(inbound, deadline_, token_);
  auto response = std::make_shared<pv1::BatchLookupResponse>();
  CountOutboundCall();
  grpc::Status status = stub_->BatchLookup(ctx.get(), questions.request(), response.get());
  if (!status.ok()) {
    if (status.error_code() == grpc::StatusCode::UNAVAILABLE ||
        status.error_code() == grpc::StatusCode::DEADLINE_EXCEEDED) {
      return absl::UnavailableError(absl::StrCat("personnel-svc is unavailable: ", status.error_message()));
    }
    return FromGrpcStatus(status);
  }
  leased_.Keep(key, response, sent);
  return Answers(std::move(response));
}

std::string LeasedAnswers::KeyOf(const pv1::BatchLookupRequest& request) {
  if (!request.has_time()) return "";
  pv1::BatchLookupRequest questions = request;
  questions.clear_time();
  return absl::StrCat(absl::FormatCivilTime(LocalDay(FromProtoTime(request.time()))), "|",
                      questions.SerializeAsString());
}

std::shared_ptr<const pv1::BatchLookupResponse> LeasedAnswers::Find(const std::string& key, absl::Time now) {
  if (key.empty()) return nullptr;
  absl::MutexLock lock(&mu_);
  auto it = kept_.find(key);
  if (it == kept_.end()) return nullptr;
  if (now >= it->second.until) {
    kept_.erase(it);
    return nullptr;
  }
  ++hits_;
  return it->second.response;
}

void LeasedAnswers::Keep(const std::string& key, std::shared_ptr<const pv1::BatchLookupResponse> response,
                         absl::Time sent) {
  const absl::Duration lease = absl::Microseconds(TimeUtil::DurationToMicroseconds(response->lease()));
  if (key.empty() || lease <= absl::ZeroDuration()) return;
  absl::MutexLock lock(&mu_);
  if (kept_.size() >= capacity_) {
    for (auto it = kept_.begin(); it != kept_.end();) {
      auto here = it++;
      if (here->second.until <= sent) kept_.erase(here);
    }
    if (kept_.size() >= capacity_) kept_.clear();
  }
  kept_[key] = Kept{std::move(response), sent + lease};
}

int64_t LeasedAnswers::hits() const {
  absl::MutexLock lock(&mu_);
  return hits_;
}

absl::StatusOr<Person> Directory::CallerAlone(const grpc::ServerContextBase* inbound, const Caller& caller,
                                              absl::Time at) {
  Questions questions(at);
  const CallerQ me = AskCaller(caller, questions);
  ASSIGN_OR_RETURN(answers, Ask(inbound, questions));
  return CallerFrom(caller, me, answers);
}

CallerQ AskCaller(const Caller& caller, Questions& questions) {
  if (caller.official().empty()) return {};
  return {questions.Person(caller.official())};
}

absl::StatusOr<Person> CallerFrom(const Caller& caller, const CallerQ& question, const Answers& answers) {
  if (!question.question.has_value()) {
    Person system;
    system.official = caller.subject;
    if (caller.admin_role == AdminRole::kSystemAdmin) system.roles.insert("R-OFFICE");
    return system;
  }
  return answers.Get(*question.question);
}

absl::Status RequireOffice(const Person& me) {
  if (me.Has("R-OFFICE")) return absl::OkStatus();
  return absl::PermissionDeniedError("this step is for the county government office (R-OFFICE)");
}

absl::Status RequireUnitOrOffice(const Person& me, const std::string& unit, absl::string_view what) {
  if (me.InUnit(unit) || me.Has("R-OFFICE")) return absl::OkStatus();
  return absl::PermissionDeniedError(absl::StrCat("only staff of ", unit.substr(0, 80), " or the office may ", what));
}

}  // namespace xianfu::org
