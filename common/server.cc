#include "common/server.h"

#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/health_check_service_interface.h>
#include <grpcpp/support/server_interceptor.h>
#include <prometheus/counter.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <thread>
#include <tuple>

#include "absl/container/flat_hash_map.h"
#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/random/random.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/strip.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "common/access.h"
#include "common/admin_service.h"
#include "common/clock.h"
#include "common/config_file.h"
#include "common/errors.h"
#include "common/escalations.h"
#include "common/history.h"
#include "common/log.h"
#include "common/metrics_http.h"
#include "common/migrate.h"
#include "common/platform.h"
#include "common/validation.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"

ABSL_FLAG(std::string, listen, "", "host:port to serve on (port 0 picks a free port)");
ABSL_FLAG(std::string, port_file, "", "write the port actually bound to this file");
ABSL_FLAG(std::string, metrics_listen, "",
          "ipv4:port for the Prometheus /metrics endpoint; TLS with the gRPC certificate when one is configured "
          "(empty: no endpoint)");
ABSL_FLAG(std::string, db_host, "127.0.0.1", "MySQL/MariaDB host");
ABSL_FLAG(int, db_port, 3306, "MySQL/MariaDB port");
ABSL_FLAG(std::string, db_name, "", "database (default xianfu_<service>)");
ABSL_FLAG(std::string, db_user, "", "running user (default xianfu_<service>_app)");
ABSL_FLAG(std::string, db_password_file, "", "file holding the running user's password");
ABSL_FLAG(int, db_pool_size, 16, "database connections; handler threads are sized from it");
ABSL_FLAG(bool, migrate, true, "apply pending schema migrations at start");
ABSL_FLAG(std::string, migrate_user, "", "migrating user (default xianfu_<service>_migrate)");
ABSL_FLAG(std::string, migrate_password_file, "", "file holding the migrating user's password");
ABSL_FLAG(std::string, platform_migrations_dir, XIANFU_SOURCE_DIR "/common/migrations",
          "directory of the platform's migrations");
ABSL_FLAG(std::string, migrations_dir, "",
          "directory of this service's migrations (default <source>/<service>-svc/migrations)");
ABSL_FLAG(std::string, auth_config, "", "JWT key configuration (JSON), required");
ABSL_FLAG(std::string, tls_cert_file, "", "server certificate (PEM); empty: plaintext");
ABSL_FLAG(std::string, tls_key_file, "", "server private key (PEM)");
ABSL_FLAG(std::string, tls_client_ca_file, "", "CA bundle for client certificates");
ABSL_FLAG(bool, tls_require_client_cert, false, "refuse clients without a valid certificate");
ABSL_FLAG(int, drain_seconds, 5,
          "after SIGTERM: seconds NOT_SERVING before the listener closes, so load balancers "
          "stop sending new calls");
ABSL_FLAG(int, shutdown_grace_seconds, 10, "seconds in-flight calls get to finish");
ABSL_FLAG(int, grpc_max_pollers, 0,
          "handler threads kept waiting for calls (0: as many as may run, so none is created per call)");
ABSL_FLAG(int, health_interval_ms, 1000, "how often the database is checked for health");
ABSL_FLAG(std::string, policy_file, XIANFU_SOURCE_DIR "/policy/mengla-2022.textproto",
          "the county's policy (xianfu.policy.v1.CountyPolicy, text format)");
ABSL_FLAG(std::string, calendar_dir, XIANFU_SOURCE_DIR "/policy/calendars",
          "directory of working-day calendar layers (reloaded when it changes)");
ABSL_FLAG(std::string, audit_key_file, "",
          "file holding the key that MACs the audit chain (required for services with a database)");
ABSL_FLAG(int, worker_interval_ms, 500, "how often the background worker publishes events and fires due timers");
ABSL_FLAG(int, anchor_interval_seconds, 60, "how often the audit trail is sealed by an anchor");
ABSL_FLAG(int, calendar_check_seconds, 30, "how often the calendar directory is checked for changes");
ABSL_FLAG(std::string, replica_name, "", "this replica's name in timer records (default host:pid)");
ABSL_FLAG(std::string, service_token_file, "",
          "file holding this service's own bearer token (a clients/<service>-svc subject) for calls to other services");
ABSL_FLAG(std::string, outbound_tls_ca_file, "",
          "CA bundle to verify other xianfu services with; set to call them over TLS");
ABSL_FLAG(std::string, outbound_tls_cert_file, "", "client certificate (PEM) for calls to other services");
ABSL_FLAG(std::string, outbound_tls_key_file, "", "client key (PEM) for calls to other services");
ABSL_FLAG(std::string, personnel_target, "127.0.0.1:7101",
          "personnel-svc address, for modules that ask who holds posts and who acts");
ABSL_FLAG(std::string, document_target, "127.0.0.1:7102",
          "document-svc address, for modules that read legality reviews and issued documents");
ABSL_FLAG(std::string, meeting_target, "127.0.0.1:7103", "meeting-svc address, for modules that consume its decisions");
ABSL_FLAG(std::string, test_fake_clock, "",
          "TESTS AND DEMOS ONLY: run on a settable clock starting at this RFC 3339 time "
          "(or 'now'), and serve xianfu.admin.v1.ClockService");

// jemalloc's settings for the service binaries (linked with it; ignored elsewhere): two arenas
// are enough for two cores; freed memory goes back to the system within a second, purged by a
// background thread (without it, purging waits for the next allocation, which an idle service
// never makes: idle RSS then varied by 4 MB from start to start); each server thread caches
// freed blocks only up to 1 KiB and an eighth as many of each size (its cache stays while it
// idles). Together about 2 MB less resident when idle, no throughput cost measurable on the
// bench (bench/README.md).
extern "C" {
const char* malloc_conf =
    "narenas:2,background_thread:true,max_background_threads:1,dirty_decay_ms:1000,muzzy_decay_ms:0,"
    "tcache_max:1024,lg_tcache_nslots_mul:-3";
}

namespace xianfu {
namespace {

// --- Per-call state shared between the interceptor and the handler -----------------------

struct CallState {
  absl::StatusOr<Caller> caller = absl::UnauthenticatedError("no credentials");
  std::string traceparent;
  std::string request_id;
  std::string method;
  absl::Time start;
  // What the handler cost besides time: database round trips and calls to other services.
  int64_t db_round_trips = 0;
  int64_t outbound_calls = 0;
  // Who the method admits (its declaration) and the verdict on this call's caller and request,
  // reached before the handler runs.
  const common::v1::Access* access = nullptr;
  const Policy* policy = nullptr;
  absl::Status admission;
};

class CallRegistry {
 public:
  void Put(const grpc::ServerContextBase* ctx, std::shared_ptr<CallState> state) {
    absl::MutexLock lock(&mu_);
    calls_[ctx] = std::move(state);
  }
  std::shared_ptr<CallState> Get(const grpc::ServerContextBase* ctx) {
    absl::MutexLock lock(&mu_);
    auto it = calls_.find(ctx);
    return it == calls_.end() ? nullptr : it->second;
  }
  void Erase(const grpc::ServerContextBase* ctx) {
    absl::MutexLock lock(&mu_);
    calls_.erase(ctx);
  }

 private:
  absl::Mutex mu_;
  absl::flat_hash_map<const grpc::ServerContextBase*, std::shared_ptr<CallState>> calls_ ABSL_GUARDED_BY(mu_);
};

CallRegistry& Registry() {
  static CallRegistry* registry = new CallRegistry();
  return *registry;
}

std::string NewTraceparent() {
  static thread_local absl::BitGen gen;
  auto hex = [&](int bytes) {
    std::string out;
    for (int i = 0; i < bytes; ++i) absl::StrAppendFormat(&out, "%02x", absl::Uniform<int>(gen, 0, 256));
    return out;
  };
  return absl::StrCat("00-", hex(16), "-", hex(8), "-01");
}

// "00-<32 hex>-<16 hex>-<2 hex>": keep the trace id, start a new span for this hop.
std::string ContinueTraceparent(absl::string_view incoming) {
  if (incoming.size() == 55 && incoming[2] == '-' && incoming[35] == '-' && incoming[52] == '-') {
    std::string next = NewTraceparent();
    return absl::StrCat(incoming.substr(0, 36), next.substr(36, 16), incoming.substr(52));
  }
  return NewTraceparent();
}

absl::string_view CodeName(grpc::StatusCode code) {
  static const char* const kNames[] = {
      "OK",        "CANCELLED",      "UNKNOWN",           "INVALID_ARGUMENT",   "DEADLINE_EXCEEDED",
      "NOT_FOUND", "ALREADY_EXISTS", "PERMISSION_DENIED", "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION",
      "ABORTED",   "OUT_OF_RANGE",   "UNIMPLEMENTED",     "INTERNAL",           "UNAVAILABLE",
      "DATA_LOSS", "UNAUTHENTICATED"};
  int i = static_cast<int>(code);
  return (i >= 0 && i <= 16) ? kNames[i] : "UNKNOWN";
}

struct RpcMetrics {
  prometheus::Family<prometheus::Counter>* calls;
  prometheus::Family<prometheus::Counter>* errors;
  prometheus::Family<prometheus::Histogram>* latency;
  prometheus::Family<prometheus::Counter>* db_round_trips;
  prometheus::Family<prometheus::Counter>* outbound_calls;

  // The series of one method, looked up once rather than on every call.
  struct Method {
    prometheus::Counter* ok;
    prometheus::Histogram* latency;
    prometheus::Counter* db_round_trips;
    prometheus::Counter* outbound_calls;
  };
  const Method& For(const std::string& method) {
    absl::MutexLock lock(&mu);
    auto it = methods.find(method);
    if (it != methods.end()) return it->second;
    Method m{
        &calls->Add({{"method", method}, {"code", "OK"}}),
        &latency->Add({{"method", method}}, prometheus::Histogram::BucketBoundaries{0.001, 0.0025, 0.005, 0.01, 0.025,
                                                                                    0.05, 0.1, 0.25, 0.5, 1, 2.5, 5}),
        &db_round_trips->Add({{"method", method}}), &outbound_calls->Add({{"method", method}})};
    return methods.emplace(method, m).first->second;
  }
  absl::Mutex mu;
  absl::flat_hash_map<std::string, Method> methods ABSL_GUARDED_BY(mu);
};

thread_local int64_t thread_outbound_calls = 0;

bool IsInfrastructureMethod(absl::string_view method) {
  return absl::StartsWith(method, "/grpc.health.") || absl::StartsWith(method, "/grpc.reflection.");
}

// The method path when it names a method of a known API, "unknown" otherwise: a caller who sends
// made-up paths cannot grow the metrics or the logs without bound. `descriptor` is set for
// xianfu's own methods.
std::string KnownMethod(const char* path, const google::protobuf::MethodDescriptor** descriptor) {
  absl::string_view p(path == nullptr ? "" : path);
  if (IsInfrastructureMethod(p)) return std::string(p);
  std::string full(absl::StripPrefix(p, "/"));
  const size_t slash = full.rfind('/');
  if (slash != std::string::npos) full[slash] = '.';
  if (full.size() < 200) {
    if (const auto* m = google::protobuf::DescriptorPool::generated_pool()->FindMethodByName(full); m != nullptr) {
      *descriptor = m;
      return std::string(p);
    }
  }
  return "unknown";
}

// The one shared interceptor: identity, trace context, request id, access log, metrics.
class ObservingInterceptor : public grpc::experimental::Interceptor {
 public:
  ObservingInterceptor(grpc::experimental::ServerRpcInfo* info, const JwtVerifier* verifier, RpcMetrics* metrics,
                       const Platform* platform)
      : info_(info),
        verifier_(verifier),
        metrics_(metrics),
        platform_(platform),
        state_(std::make_shared<CallState>()) {
    state_->method = KnownMethod(info->method(), &descriptor_);
    state_->start = absl::Now();
  }

  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    using grpc::experimental::InterceptionHookPoints;
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::POST_RECV_INITIAL_METADATA)) {
      auto* md = methods->GetRecvInitialMetadata();
      std::string authorization, traceparent;
      for (const auto& [key, value] : *md) {
        if (key == "authorization") authorization.assign(value.data(), value.size());
        if (key == "traceparent") traceparent.assign(value.data(), value.size());
      }
      state_->traceparent = ContinueTraceparent(traceparent);
      if (!IsInfrastructureMethod(state_->method)) {
        state_->caller = verifier_->Verify(authorization, absl::Now());
      }
      Registry().Put(info_->server_context(), state_);
    }
    // Only xianfu's own methods: grpc's health service receives raw ByteBuffers, not protos.
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::POST_RECV_MESSAGE) &&
        absl::StartsWith(state_->method, "/xianfu.")) {
      auto* message = static_cast<google::protobuf::Message*>(methods->GetRecvMessage());
      if (message != nullptr) {
        const auto* field = message->GetDescriptor()->FindFieldByName("request_id");
        if (field != nullptr && field->type() == google::protobuf::FieldDescriptor::TYPE_STRING &&
            !field->is_repeated()) {
          state_->request_id = QuotePrefix(message->GetReflection()->GetString(*message, field), 128);
        }
        // Who may call, then what the request may hold: both before any handler code.
        state_->access = DeclaredAccess(descriptor_);
        state_->policy = platform_ != nullptr ? &platform_->policy() : nullptr;
        if (state_->caller.ok()) {
          state_->admission = Admit(state_->access, *state_->caller, state_->policy);
          if (state_->admission.ok()) state_->admission = ValidateRequest(*message);
        }
      }
    }
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_STATUS)) {
      grpc::Status status = methods->GetSendStatus();
      Finish(status);
      Registry().Erase(info_->server_context());
    }
    methods->Proceed();
  }

 private:
  void Finish(const grpc::Status& status) {
    double seconds = absl::ToDoubleSeconds(absl::Now() - state_->start);
    std::string code(CodeName(status.error_code()));
    const RpcMetrics::Method& m = metrics_->For(state_->method);
    if (status.ok()) {
      m.ok->Increment();
    } else {
      metrics_->calls->Add({{"method", state_->method}, {"code", code}}).Increment();
      metrics_->errors->Add({{"method", state_->method}, {"code", code}}).Increment();
    }
    if (!IsInfrastructureMethod(state_->method)) {
      m.db_round_trips->Increment(static_cast<double>(state_->db_round_trips));
      m.outbound_calls->Increment(static_cast<double>(state_->outbound_calls));
    }
    m.latency->Observe(seconds);
    if (IsInfrastructureMethod(state_->method) && status.ok()) return;  // probes: metrics only
    std::string caller = state_->caller.ok() ? state_->caller->subject : "";
    std::string on_behalf = state_->caller.ok() ? state_->caller->on_behalf_of : "";
    LogFields fields = {{"method", state_->method},
                        {"code", code},
                        {"latency_ms", seconds * 1000.0},
                        {"caller", caller},
                        {"on_behalf_of", on_behalf},
                        {"request_id", state_->request_id},
                        {"traceparent", state_->traceparent},
                        {"peer", info_->server_context()->peer()},
                        {"db_round_trips", state_->db_round_trips},
                        {"outbound_calls", state_->outbound_calls}};
    if (status.ok()) {
      LogInfo("rpc", fields);
    } else {
      LogWarn("rpc", fields);
    }
  }

  grpc::experimental::ServerRpcInfo* info_;
  const JwtVerifier* verifier_;
  RpcMetrics* metrics_;
  const Platform* platform_;
  const google::protobuf::MethodDescriptor* descriptor_ = nullptr;
  std::shared_ptr<CallState> state_;
};

class ObservingInterceptorFactory : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  ObservingInterceptorFactory(const JwtVerifier* verifier, RpcMetrics* metrics, const Platform* platform)
      : verifier_(verifier), metrics_(metrics), platform_(platform) {}
  grpc::experimental::Interceptor* CreateServerInterceptor(grpc::experimental::ServerRpcInfo* info) override {
    return new ObservingInterceptor(info, verifier_, metrics_, platform_);
  }

 private:
  const JwtVerifier* verifier_;
  RpcMetrics* metrics_;
  const Platform* platform_;
};

absl::StatusOr<std::string> ReadSecretFile(const std::string& path, absl::string_view what) {
  if (path.empty()) return std::string();
  absl::StatusOr<std::string> content = ReadConfigFile(path);
  if (!content.ok()) {
    return absl::FailedPreconditionError(absl::StrCat("cannot read ", what, " file ", path));
  }
  return std::string(absl::StripTrailingAsciiWhitespace(*content));
}

absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> ServerCredentials() {
  std::string cert_file = absl::GetFlag(FLAGS_tls_cert_file);
  if (cert_file.empty()) return grpc::InsecureServerCredentials();
  absl::StatusOr<std::string> cert = ReadSecretFile(cert_file, "TLS certificate");
  if (!cert.ok()) return cert.status();
  absl::StatusOr<std::string> key = ReadSecretFile(absl::GetFlag(FLAGS_tls_key_file), "TLS key");
  if (!key.ok()) return key.status();
  if (key->empty()) return absl::FailedPreconditionError("--tls_key_file is required with --tls_cert_file");
  grpc::SslServerCredentialsOptions options;
  options.pem_key_cert_pairs.push_back({*key, *cert});
  std::string ca_file = absl::GetFlag(FLAGS_tls_client_ca_file);
  if (!ca_file.empty()) {
    absl::StatusOr<std::string> ca = ReadSecretFile(ca_file, "client CA");
    if (!ca.ok()) return ca.status();
    options.pem_root_certs = *ca;
    options.client_certificate_request = absl::GetFlag(FLAGS_tls_require_client_cert)
                                             ? GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY
                                             : GRPC_SSL_REQUEST_CLIENT_CERTIFICATE_AND_VERIFY;
  } else if (absl::GetFlag(FLAGS_tls_require_client_cert)) {
    return absl::FailedPreconditionError("--tls_require_client_cert needs --tls_client_ca_file");
  }
  return grpc::SslServerCredentials(options);
}

int Fail(absl::string_view step, const absl::Status& status) {
  LogError("startup_failed", {{"step", std::string(step)}, {"error", std::string(status.message())}});
  std::fprintf(stderr, "xianfu: cannot start: %s: %s\n", std::string(step).c_str(),
               std::string(status.message()).c_str());
  return 2;
}

}  // namespace

ScopedCaller::ScopedCaller(const grpc::ServerContextBase* context, Caller caller) : context_(context) {
  auto state = std::make_shared<CallState>();
  state->caller = std::move(caller);
  state->traceparent = NewTraceparent();
  state->start = absl::Now();
  Registry().Put(context, std::move(state));
}

ScopedCaller::~ScopedCaller() { Registry().Erase(context_); }

std::string TraceparentOf(const grpc::ServerContextBase* context) {
  std::shared_ptr<CallState> state = Registry().Get(context);
  return state ? state->traceparent : NewTraceparent();
}

grpc::Status Serve(grpc::ServerContextBase* context, const std::function<absl::Status(const Caller&)>& fn) {
  std::shared_ptr<CallState> state = Registry().Get(context);
  if (state == nullptr) return ToGrpcStatus(absl::UnauthenticatedError("no credentials"));
  if (!state->caller.ok()) return ToGrpcStatus(state->caller.status());
  if (!state->admission.ok()) return ToGrpcStatus(state->admission);
  const int64_t round_trips = ThreadRoundTrips(), outbound = thread_outbound_calls;
  absl::Status status;
  try {
    status = fn(*state->caller);
  } catch (const std::exception& e) {
    status = absl::InternalError(absl::StrCat("unhandled exception: ", e.what()));
  }
  // The domain refused an admitted caller (not the party, not the office) without citing a rule
  // of its own: the refusal cites the method's declared one.
  if (status.code() == absl::StatusCode::kPermissionDenied && !GetRuleViolation(status) && state->access != nullptr) {
    status = DenyAccess(*state->access, "无权办理此项", status.message(), state->policy);
  }
  state->db_round_trips += ThreadRoundTrips() - round_trips;
  state->outbound_calls += thread_outbound_calls - outbound;
  return ToGrpcStatus(status);
}

const common::v1::Access* DeclaredAccessOf(const grpc::ServerContextBase* context) {
  std::shared_ptr<CallState> state = Registry().Get(context);
  return state == nullptr ? nullptr : state->access;
}

void CountOutboundCall() { ++thread_outbound_calls; }

absl::Status RequireAdminRole(const Caller& caller, AdminRole role) {
  if (caller.admin_role == role) return absl::OkStatus();
  return absl::PermissionDeniedError(absl::StrCat("this operation needs the ", AdminRoleName(role), " role"));
}

std::unique_ptr<grpc::ClientContext> OutboundContext(const grpc::ServerContextBase* inbound, absl::Duration deadline,
                                                     const std::string& bearer_token) {
  // From the inbound call: its deadline (the shorter one wins) and its cancellation.
  std::unique_ptr<grpc::ClientContext> ctx =
      inbound != nullptr ? grpc::ClientContext::FromServerContext(*inbound) : std::make_unique<grpc::ClientContext>();
  ctx->set_deadline(absl::ToChronoTime(absl::Now() + deadline));
  ctx->AddMetadata("traceparent", inbound ? TraceparentOf(inbound) : NewTraceparent());
  if (!bearer_token.empty()) ctx->AddMetadata("authorization", absl::StrCat("Bearer ", bearer_token));
  return ctx;
}

int RunService(const ServiceDefinition& def, int argc, char** argv) {
  // Signals go to the one thread that waits for them, so block them before any thread starts
  // (the log flusher is the first).
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  absl::SetProgramUsageMessage(absl::StrCat("xianfu ", def.name, " service"));
  absl::ParseCommandLine(argc, argv);
  InitLogging(def.name);
  // Abseil's lock-order checks (on in builds without NDEBUG) take a process-wide lock on every
  // Mutex operation; the lock graph is for development, not for serving.
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);

  InitSqlDriver();

  std::unique_ptr<Clock> clock;
  const std::string fake_start = absl::GetFlag(FLAGS_test_fake_clock);
  FakeClock* fake_clock = nullptr;
  if (fake_start.empty()) {
    clock = std::make_unique<RealClock>();
  } else {
    absl::Time start = absl::Now();
    std::string err;
    if (fake_start != "now" && !absl::ParseTime(absl::RFC3339_full, fake_start, &start, &err)) {
      return Fail("--test_fake_clock", absl::InvalidArgumentError(err));
    }
    auto fake = std::make_unique<FakeClock>(start);
    fake_clock = fake.get();
    clock = std::move(fake);
    for (int i = 0; i < 3; ++i) {
      LogWarn("FAKE_CLOCK_ENABLED", {{"warning", "this process runs on a settable test clock; never use in production"},
                                     {"start", absl::FormatTime(start)}});
    }
  }

  std::string auth_path = absl::GetFlag(FLAGS_auth_config);
  if (auth_path.empty()) return Fail("flags", absl::InvalidArgumentError("--auth_config is required"));
  absl::StatusOr<AuthConfig> auth = LoadAuthConfig(auth_path);
  if (!auth.ok()) return Fail("auth config", auth.status());
  JwtVerifier verifier(*auth);

  auto registry = std::make_shared<prometheus::Registry>();
  RpcMetrics rpc_metrics{
      &prometheus::BuildCounter().Name("xianfu_rpc_total").Help("RPCs served, by method and code").Register(*registry),
      &prometheus::BuildCounter()
           .Name("xianfu_rpc_errors_total")
           .Help("RPCs that ended with an error")
           .Register(*registry),
      &prometheus::BuildHistogram().Name("xianfu_rpc_latency_seconds").Help("RPC latency").Register(*registry),
      &prometheus::BuildCounter()
           .Name("xianfu_rpc_db_round_trips_total")
           .Help("Database round trips made while serving, by method")
           .Register(*registry),
      &prometheus::BuildCounter()
           .Name("xianfu_rpc_outbound_calls_total")
           .Help("Calls to other services made while serving, by method")
           .Register(*registry)};
  auto& pool_gauges = prometheus::BuildGauge()
                          .Name("xianfu_db_pool_connections")
                          .Help("Database pool connections by state")
                          .Register(*registry);
  prometheus::Gauge& pool_in_use = pool_gauges.Add({{"state", "in_use"}});
  prometheus::Gauge& pool_idle = pool_gauges.Add({{"state", "idle"}});
  prometheus::Gauge& pool_size = pool_gauges.Add({{"state", "size"}});
  std::unique_ptr<MetricsServer> metrics_server;
  if (std::string m = absl::GetFlag(FLAGS_metrics_listen); !m.empty()) {
    absl::StatusOr<std::string> cert = ReadSecretFile(absl::GetFlag(FLAGS_tls_cert_file), "TLS certificate");
    if (!cert.ok()) return Fail("metrics TLS", cert.status());
    absl::StatusOr<std::string> key = ReadSecretFile(absl::GetFlag(FLAGS_tls_key_file), "TLS key");
    if (!key.ok()) return Fail("metrics TLS", key.status());
    absl::StatusOr<std::unique_ptr<MetricsServer>> started = MetricsServer::Start(m, registry, *cert, *key);
    if (!started.ok()) return Fail("metrics listener", started.status());
    metrics_server = *std::move(started);
  }

  std::unique_ptr<Database> db;
  std::string schema_version;
  if (def.has_database) {
    DatabaseOptions options;
    options.host = absl::GetFlag(FLAGS_db_host);
    options.port = absl::GetFlag(FLAGS_db_port);
    options.schema = absl::GetFlag(FLAGS_db_name);
    if (options.schema.empty()) options.schema = absl::StrCat("xianfu_", def.name);
    options.user = absl::GetFlag(FLAGS_db_user);
    if (options.user.empty()) options.user = absl::StrCat("xianfu_", def.name, "_app");
    absl::StatusOr<std::string> password = ReadSecretFile(absl::GetFlag(FLAGS_db_password_file), "database password");
    if (!password.ok()) return Fail("database password", password.status());
    options.password = *password;
    options.pool_size = absl::GetFlag(FLAGS_db_pool_size);

    if (absl::GetFlag(FLAGS_migrate)) {
      DatabaseOptions migrator = options;
      migrator.user = absl::GetFlag(FLAGS_migrate_user);
      if (migrator.user.empty()) migrator.user = absl::StrCat("xianfu_", def.name, "_migrate");
      absl::StatusOr<std::string> mpw =
          ReadSecretFile(absl::GetFlag(FLAGS_migrate_password_file), "migration password");
      if (!mpw.ok()) return Fail("migration password", mpw.status());
      migrator.password = *mpw;
      std::string service_dir = absl::GetFlag(FLAGS_migrations_dir);
      if (service_dir.empty()) service_dir = absl::StrCat(XIANFU_SOURCE_DIR, "/", def.name, "-svc/migrations");
      std::vector<MigrationSet> sets;
      for (const auto& [module, dir] :
           {std::pair<std::string, std::string>{"platform", absl::GetFlag(FLAGS_platform_migrations_dir)},
            {def.name, service_dir}}) {
        absl::StatusOr<std::vector<MigrationFile>> files = ReadMigrations(dir);
        if (!files.ok()) return Fail("reading migrations", files.status());
        sets.push_back({module, std::move(*files)});
      }
      // The database may still be starting (a pod next to its database): wait for it.
      absl::StatusOr<MigrationReport> report;
      for (int attempt = 0;; ++attempt) {
        report = Migrate(migrator, sets, options.user);
        if (report.ok() || report.status().code() != absl::StatusCode::kUnavailable || attempt >= 30) break;
        LogWarn("waiting_for_database", {{"error", std::string(report.status().message())}});
        absl::SleepFor(absl::Seconds(1));
      }
      if (!report.ok()) return Fail("migrations", report.status());
      schema_version = report->schema_version;
      LogInfo("migrations_done", {{"applied_now", int64_t{report->applied_now}}, {"schema_version", schema_version}});
    }
    db = std::make_unique<Database>(options);
  }

  std::unique_ptr<Platform> platform;
  std::unique_ptr<EventFeedServiceImpl> feed;
  if (db != nullptr) {
    absl::StatusOr<std::string> audit_key = ReadSecretFile(absl::GetFlag(FLAGS_audit_key_file), "audit key");
    if (!audit_key.ok()) return Fail("audit key", audit_key.status());
    if (audit_key->size() < 32) {
      return Fail("audit key", absl::InvalidArgumentError("--audit_key_file must name a file of at least 32 bytes"));
    }
    std::string replica = absl::GetFlag(FLAGS_replica_name);
    if (replica.empty()) {
      char host[256] = {0};
      gethostname(host, sizeof(host) - 1);
      replica = absl::StrCat(host, ":", getpid());
    }
    absl::StatusOr<std::shared_ptr<const Policy>> policy = LoadPolicy(absl::GetFlag(FLAGS_policy_file));
    if (!policy.ok()) return Fail("policy", policy.status());
    if (!(*policy)->IsEffectiveOn(LocalDay(clock->Now()))) {
      LogWarn("policy_not_yet_effective", {{"policy", (*policy)->version()},
                                           {"effective_from", absl::FormatCivilTime((*policy)->effective_from())}});
    }
    absl::StatusOr<std::unique_ptr<CalendarProvider>> calendar =
        CalendarProvider::Create(absl::GetFlag(FLAGS_calendar_dir));
    if (!calendar.ok()) return Fail("calendar", calendar.status());
    LogInfo("configuration", {{"policy", (*policy)->version()}, {"calendar", (*calendar)->Current()->version()}});
    platform = std::make_unique<Platform>(def.name, db.get(), clock.get(), *std::move(policy), *std::move(calendar),
                                          *audit_key, replica);
    feed = std::make_unique<EventFeedServiceImpl>(db.get(), def.name);
  }

  absl::StatusOr<std::string> service_token = ReadSecretFile(absl::GetFlag(FLAGS_service_token_file), "service token");
  if (!service_token.ok()) return Fail("service token", service_token.status());
  std::shared_ptr<grpc::ChannelCredentials> outbound = grpc::InsecureChannelCredentials();
  if (const std::string ca_file = absl::GetFlag(FLAGS_outbound_tls_ca_file); !ca_file.empty()) {
    grpc::SslCredentialsOptions tls;
    for (auto [path, out, what] :
         {std::tuple{ca_file, &tls.pem_root_certs, "outbound CA"},
          std::tuple{absl::GetFlag(FLAGS_outbound_tls_cert_file), &tls.pem_cert_chain, "outbound certificate"},
          std::tuple{absl::GetFlag(FLAGS_outbound_tls_key_file), &tls.pem_private_key, "outbound key"}}) {
      absl::StatusOr<std::string> pem = ReadSecretFile(path, what);
      if (!pem.ok()) return Fail("outbound TLS", pem.status());
      *out = *pem;
    }
    outbound = grpc::SslCredentials(tls);
  }
  ServiceContext context{def.name,
                         db.get(),
                         clock.get(),
                         platform.get(),
                         registry.get(),
                         *service_token,
                         absl::GetFlag(FLAGS_personnel_target),
                         [outbound](const std::string& target) { return grpc::CreateChannel(target, outbound); },
                         {},
                         absl::GetFlag(FLAGS_document_target),
                         absl::GetFlag(FLAGS_meeting_target)};
  std::vector<std::unique_ptr<grpc::Service>> services = def.make_services(context);
  AdminServiceImpl admin(&context, schema_version, fake_clock != nullptr);
  std::unique_ptr<ClockServiceImpl> clock_service;
  if (fake_clock != nullptr) clock_service = std::make_unique<ClockServiceImpl>(fake_clock);

  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  grpc::ServerBuilder builder;
  absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> credentials = ServerCredentials();
  if (!credentials.ok()) return Fail("TLS", credentials.status());
  std::string listen = absl::GetFlag(FLAGS_listen);
  if (listen.empty()) listen = def.default_listen;
  int bound_port = 0;
  builder.AddListeningPort(listen, *credentials, &bound_port);
  // Threading: the synchronous server runs each call on a pool thread. Handlers hold a
  // database connection only inside a transaction, so allowing twice as many threads as
  // connections (plus room for health, reflection and admin calls, which never touch the
  // pool) means a full pool delays calls but never starves the health check.
  grpc::ResourceQuota quota(absl::StrCat("xianfu-", def.name));
  const int max_threads = absl::GetFlag(FLAGS_db_pool_size) * 2 + 8;
  quota.SetMaxThreads(max_threads);
  builder.SetResourceQuota(quota);
  // A handler thread that finished its call waits for the next one instead of exiting (gRPC's
  // default keeps two): creating a thread per call, with its database-driver set-up, cost more
  // CPU than the call itself under load.
  builder.SetSyncServerOption(grpc::ServerBuilder::SyncServerOption::MIN_POLLERS, 2);
  builder.SetSyncServerOption(
      grpc::ServerBuilder::SyncServerOption::MAX_POLLERS,
      absl::GetFlag(FLAGS_grpc_max_pollers) > 0 ? absl::GetFlag(FLAGS_grpc_max_pollers) : max_threads);
  std::vector<std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>> interceptors;
  interceptors.push_back(std::make_unique<ObservingInterceptorFactory>(&verifier, &rpc_metrics, platform.get()));
  builder.experimental().SetInterceptorCreators(std::move(interceptors));
  for (auto& s : services) builder.RegisterService(s.get());
  builder.RegisterService(&admin);
  if (feed) builder.RegisterService(feed.get());
  std::unique_ptr<EscalationServiceImpl> escalations;
  std::unique_ptr<HistoryServiceImpl> history;
  if (platform) {
    escalations = std::make_unique<EscalationServiceImpl>(context);
    builder.RegisterService(escalations.get());
    history = std::make_unique<HistoryServiceImpl>(context);
    builder.RegisterService(history.get());
  }
  if (clock_service) builder.RegisterService(clock_service.get());

  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (server == nullptr || bound_port == 0) {
    return Fail("listen", absl::UnavailableError(absl::StrCat("cannot listen on ", listen)));
  }
  grpc::HealthCheckServiceInterface* health = server->GetHealthCheckService();
  health->SetServingStatus(false);
  if (std::string port_file = absl::GetFlag(FLAGS_port_file); !port_file.empty()) {
    std::string tmp = port_file + ".tmp";
    std::ofstream(tmp) << bound_port << "\n";
    std::filesystem::rename(tmp, port_file);  // readers never see a half-written file
  }
  LogInfo("listening",
          {{"address", listen}, {"port", int64_t{bound_port}}, {"tls", !absl::GetFlag(FLAGS_tls_cert_file).empty()}});

  if (platform) {
    WorkerOptions worker;
    worker.interval = absl::Milliseconds(absl::GetFlag(FLAGS_worker_interval_ms));
    worker.anchor_interval = absl::Seconds(absl::GetFlag(FLAGS_anchor_interval_seconds));
    worker.calendar_check_interval = absl::Seconds(absl::GetFlag(FLAGS_calendar_check_seconds));
    platform->Start(worker);
  }

  std::atomic<bool> stopping{false};
  absl::Notification stop_health;
  std::unique_ptr<HealthProbe> probe;
  if (db != nullptr) probe = std::make_unique<HealthProbe>(db->options());
  std::thread health_thread([&] {
    bool serving = false;
    do {
      bool ok = true;
      if (db != nullptr) {
        absl::Status ping = probe->Check();
        ok = ping.ok();
        if (ok != serving && !ok) LogWarn("database_unreachable", {{"error", std::string(ping.message())}});
        PoolStats stats = db->Stats();
        pool_in_use.Set(stats.in_use);
        pool_idle.Set(stats.idle);
        pool_size.Set(stats.size);
      }
      if (ok != serving && !stopping.load()) {
        health->SetServingStatus(ok);
        LogInfo("health", {{"serving", ok}});
        serving = ok;
      }
    } while (!stop_health.WaitForNotificationWithTimeout(absl::Milliseconds(absl::GetFlag(FLAGS_health_interval_ms))));
  });

  std::thread signal_thread([&] {
    int signal_number = 0;
    sigwait(&signals, &signal_number);
    stopping.store(true);
    LogInfo("stopping", {{"signal", int64_t{signal_number}}});
    health->Shutdown();  // NOT_SERVING from now on, whatever the database says
    absl::SleepFor(absl::Seconds(absl::GetFlag(FLAGS_drain_seconds)));
    server->Shutdown(std::chrono::system_clock::now() +
                     std::chrono::seconds(absl::GetFlag(FLAGS_shutdown_grace_seconds)));
  });

  server->Wait();
  if (platform) platform->Stop();
  stop_health.Notify();
  health_thread.join();
  signal_thread.join();
  LogInfo("stopped");
  return 0;
}

}  // namespace xianfu
