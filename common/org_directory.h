// The organisation directory: every module's one way to ask personnel-svc about the
// organisation. A verb collects its questions (Questions) and asks them in one round trip
// (BatchLookup) during its gather step, never inside a transaction; the call carries the
// inbound call's deadline and cancellation, this service's token and the trace context.
// Answers come back as the plain types of org_types.h.
//
// Answers are kept only as long as personnel-svc leases them (BatchLookupResponse.lease,
// common/guard_lease.h): personnel-svc promises that no change to the organisation commits
// before the lease has run out, counted from when the question was sent, and every change waits
// for the leases it gave. A kept answer is therefore one personnel-svc would still give, and an
// act is never let through on an answer it would no longer give. Without a lease nothing is
// kept and every verb asks again.
#ifndef XIANFU_COMMON_ORG_DIRECTORY_H_
#define XIANFU_COMMON_ORG_DIRECTORY_H_

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/auth.h"
#include "common/org_types.h"
#include "grpcpp/grpcpp.h"
#include "xianfu/personnel/v1/personnel.grpc.pb.h"

namespace xianfu::org {

// Whose act a question of acting is about.
class Principal {
 public:
  static Principal Official(std::string official);
  static Principal Role(std::string role);      // its one holder ("R-CH")
  static Principal LeaderOf(std::string unit);  // the unit's leader in charge (分管领导)
  void Fill(personnel::v1::ResolveActingRequest& request) const;

 private:
  enum class Kind { kOfficial, kRole, kLeaderOf };
  Principal(Kind kind, std::string value) : kind_(kind), value_(std::move(value)) {}
  Kind kind_;
  std::string value_;
};

struct PersonQ {
  int index;
};
struct UnitQ {
  int index;
};
struct HolderQ {
  int index;
};
struct ActingQ {
  int index;
};

// The questions of one verb, all about one moment.
class Questions {
 public:
  explicit Questions(absl::Time at);
  PersonQ Person(const std::string& official);
  UnitQ Unit(const std::string& unit);
  // The unit that plays `role` ("R-OFFICE": the county government office).
  UnitQ UnitPlaying(const std::string& role);
  HolderQ Holder(const std::string& role);
  // Who acts for the principal (informational: routing, display).
  ActingQ Resolve(const Principal& principal, personnel::v1::ActKind act);
  // Whether `candidate` may act for the principal: the answer is the resolution, or
  // PERMISSION_DENIED citing personnel-svc's rule (DIS-02, DIS-03, DOC-15 …).
  ActingQ Check(const Principal& principal, personnel::v1::ActKind act, const std::string& candidate);
  const personnel::v1::BatchLookupRequest& request() const { return request_; }
  bool empty() const { return request_.questions().empty(); }

 private:
  personnel::v1::BatchLookupRequest request_;
};

class Answers {
 public:
  Answers() : response_(std::make_shared<personnel::v1::BatchLookupResponse>()) {}
  explicit Answers(std::shared_ptr<const personnel::v1::BatchLookupResponse> response)
      : response_(std::move(response)) {}
  absl::StatusOr<org::Person> Get(PersonQ q) const;
  absl::StatusOr<org::Unit> Get(UnitQ q) const;
  // The one holder, "" when nobody holds the role.
  absl::StatusOr<std::string> Get(HolderQ q) const;
  // Every holder (a role several officials hold: deputy heads, department heads).
  absl::StatusOr<std::vector<std::string>> GetAll(HolderQ q) const;
  absl::StatusOr<Acting> Get(ActingQ q) const;
  int64_t organisation_version() const { return response_->organisation_version(); }

 private:
  absl::StatusOr<const personnel::v1::OrgAnswer*> At(int index) const;
  std::shared_ptr<const personnel::v1::BatchLookupResponse> response_;
};

// The answers personnel-svc leased, each kept until its lease runs out.
class LeasedAnswers {
 public:
  explicit LeasedAnswers(size_t capacity = 4096) : capacity_(capacity) {}
  // What identifies a batch: its questions and the day they are about (every answer depends on
  // the organisation and the day only, not the time of day). "" for a batch without a time.
  static std::string KeyOf(const personnel::v1::BatchLookupRequest& request);
  // The kept answers to `key`, or null when none are kept or their lease has run out at `now`.
  std::shared_ptr<const personnel::v1::BatchLookupResponse> Find(const std::string& key, absl::Time now);
  // Keeps `response` (when it carries a lease) until `sent` plus its lease: the lease counts
  // from personnel-svc's answer, which comes after the question was sent.
  void Keep(const std::string& key, std::shared_ptr<const personnel::v1::BatchLookupResponse> response,
            absl::Time sent);
  int64_t hits() const;

 private:
  struct Kept {
    std::shared_ptr<const personnel::v1::BatchLookupResponse> response;
    absl::Time until;
  };
  const size_t capacity_;
  mutable absl::Mutex mu_;
  absl::flat_hash_map<std::string, Kept> kept_ ABSL_GUARDED_BY(mu_);
  int64_t hits_ ABSL_GUARDED_BY(mu_) = 0;
};

class Directory {
 public:
  // `token`: this service's own bearer token. `deadline`: the longest a question may take; an
  // inbound call's earlier deadline wins.
  Directory(std::shared_ptr<grpc::Channel> channel, std::string token, absl::Duration deadline = absl::Seconds(3));

  // One round trip, or none while personnel-svc's lease on the same questions holds. INTERNAL when called inside a
  // transaction (a bug: remote calls belong to the gather step); UNAVAILABLE when personnel-svc cannot be reached.
  absl::StatusOr<Answers> Ask(const grpc::ServerContextBase* inbound, const Questions& questions);
  // The caller alone, as of `at` (verbs that need nothing else of the organisation): one round
  // trip for an official, none for a system client (see CallerFrom).
  absl::StatusOr<Person> CallerAlone(const grpc::ServerContextBase* inbound, const Caller& caller, absl::Time at);

 private:
  std::unique_ptr<personnel::v1::PersonnelService::Stub> stub_;
  std::string token_;
  absl::Duration deadline_;
  LeasedAnswers leased_;
};

// The caller as a module's domain sees him: an official is asked about in the verb's one batch;
// a system client acts as itself (the system administrator as the office).
struct CallerQ {
  std::optional<PersonQ> question;
};
CallerQ AskCaller(const Caller& caller, Questions& questions);
absl::StatusOr<Person> CallerFrom(const Caller& caller, const CallerQ& question, const Answers& answers);

// The step is for the county government office (R-OFFICE).
absl::Status RequireOffice(const Person& me);
// Staff of the unit, or the office.
absl::Status RequireUnitOrOffice(const Person& me, const std::string& unit, absl::string_view what);

}  // namespace xianfu::org

#endif  // XIANFU_COMMON_ORG_DIRECTORY_H_
