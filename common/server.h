// The bootstrap every xianfu process shares: flags, migrations, the database pool, caller
// identity, health, reflection, logs, metrics, TLS and graceful shutdown. A service binary
// only says which gRPC services it adds (see personnel-svc/main.cc).
#ifndef XIANFU_COMMON_SERVER_H_
#define XIANFU_COMMON_SERVER_H_

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "common/auth.h"
#include "common/db.h"
#include "grpcpp/grpcpp.h"
#include "grpcpp/impl/service_type.h"

namespace prometheus {
class Registry;
}

namespace xianfu {

namespace common::v1 {
class Access;
}  // namespace common::v1

class Clock;
class Platform;

struct Call;

// Whether the caller of a history request may read the history of `resource` (its parties and
// the county government office), or with `resource` empty everyone's (the office): OK or
// PERMISSION_DENIED. Set by a service that knows its parties.
using HistoryAccess = std::function<absl::Status(const Call& call, const std::string& resource)>;

// What a handler layer is constructed with. Everything is owned by the bootstrap and
// outlives the services.
struct ServiceContext {
  std::string service;     // "personnel"
  Database* db = nullptr;  // null for processes without a schema (gateway)
  const Clock* clock = nullptr;
  Platform* platform = nullptr;  // policy, calendar, audit, events, timers
  prometheus::Registry* metrics = nullptr;
  // This service's own bearer token for calls to other services (--service_token_file).
  std::string service_token;
  // Where personnel-svc answers (who holds posts, who acts); every module asks it.
  std::string personnel_target;
  // A channel to another xianfu service: TLS (with this service's client certificate) when
  // --outbound_tls_ca_file is set, plaintext otherwise.
  std::function<std::shared_ptr<grpc::Channel>(const std::string& target)> channel_to;
  // Set by make_services (common/history.h).
  HistoryAccess history_access;
  // Where document-svc answers (legality reviews, issued documents).
  std::string document_target;
  // Where meeting-svc's feed is read (decisions).
  std::string meeting_target;
};

struct ServiceDefinition {
  std::string name;            // "personnel"
  std::string default_listen;  // "127.0.0.1:7101"
  bool has_database = true;
  // Builds the service's gRPC services (handlers). Called once, after migrations.
  std::function<std::vector<std::unique_ptr<grpc::Service>>(ServiceContext&)> make_services;
};

// Parses flags and runs the process until SIGTERM/SIGINT. Returns the exit code.
int RunService(const ServiceDefinition& definition, int argc, char** argv);

// --- For handlers ---------------------------------------------------------------------------

// For benchmarks and tests that call a handler in-process (no network, no interceptor): while it
// lives, `context` is a call by `caller`.
class ScopedCaller {
 public:
  ScopedCaller(const grpc::ServerContextBase* context, Caller caller);
  ~ScopedCaller();
  ScopedCaller(const ScopedCaller&) = delete;
  ScopedCaller& operator=(const ScopedCaller&) = delete;

 private:
  const grpc::ServerContextBase* context_;
};

// The W3C traceparent of this call (received, or started here).
std::string TraceparentOf(const grpc::ServerContextBase* context);

// The handler-layer wrapper: authenticates, runs fn, converts its status (with the rule
// violation detail) and never lets an exception escape.
grpc::Status Serve(grpc::ServerContextBase* context, const std::function<absl::Status(const Caller&)>& fn);

// The declaration (who may call, under which rule) of the method `context` serves; null outside
// a served call.
const common::v1::Access* DeclaredAccessOf(const grpc::ServerContextBase* context);

// PERMISSION_DENIED unless the caller holds `role`.
absl::Status RequireAdminRole(const Caller& caller, AdminRole role);

// Counts a call to another service against the RPC being served on this thread (metrics and the
// access log show calls per method).
void CountOutboundCall();

// For outbound calls: a client context carrying the inbound call's deadline (or `deadline` when
// that is sooner) and cancellation, the caller's traceparent and the given bearer token.
std::unique_ptr<grpc::ClientContext> OutboundContext(const grpc::ServerContextBase* inbound, absl::Duration deadline,
                                                     const std::string& bearer_token);

}  // namespace xianfu

#endif  // XIANFU_COMMON_SERVER_H_
