// xianfu-bench-inproc: personnel-svc's CreateConductRecord run in-process, the same handler,
// domain, store and apply transaction as through gRPC, but without the network, HTTP/2, the
// interceptor or a client: what the database and the service's own code allow. Prints one
// JSON line like xianfu-bench.
#include <algorithm>
#include <atomic>
#include <cstdio>
#include <iostream>
#include <thread>

#include "absl/flags/declare.h"
#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "bench/cpu.h"
#include "common/clock.h"
#include "common/config_file.h"
#include "common/platform.h"
#include "common/server.h"
#include "nlohmann/json.hpp"
#include "personnel-svc/handler/handler.h"

// The database and audit-key flags are the services' own (common/server.cc).
ABSL_DECLARE_FLAG(std::string, db_host);
ABSL_DECLARE_FLAG(int, db_port);
ABSL_DECLARE_FLAG(std::string, db_name);
ABSL_DECLARE_FLAG(std::string, db_user);
ABSL_DECLARE_FLAG(std::string, db_password_file);
ABSL_DECLARE_FLAG(std::string, audit_key_file);
ABSL_FLAG(int, concurrency, 16, "threads, each with one call at a time");
ABSL_FLAG(int, seconds, 8, "measured seconds per trial (after one second of warm-up)");
ABSL_FLAG(int, trials, 3, "trials; the median is reported");
ABSL_FLAG(std::string, watch, "",
          "name:pid,… of processes whose CPU per call is reported (this process is always watched, as "
          "\"in-process bench\")");

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  // As in the services (common/server.cc): without it every Mutex operation updates a process-wide
  // lock graph, a cost the measured code does not pay when serving.
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  using namespace xianfu;
  absl::StatusOr<bench::CpuWatch> watch = bench::CpuWatch::Parse(absl::GetFlag(FLAGS_watch), "in-process bench");
  if (!watch.ok()) {
    std::fprintf(stderr, "xianfu-bench-inproc: %s\n", std::string(watch.status().message()).c_str());
    return 2;
  }
  InitSqlDriver();
  auto read = [](const std::string& path) {
    absl::StatusOr<std::string> s = ReadConfigFile(path);
    return s.ok() ? std::string(absl::StripTrailingAsciiWhitespace(*s)) : std::string();
  };
  DatabaseOptions options;
  options.host = absl::GetFlag(FLAGS_db_host);
  options.port = absl::GetFlag(FLAGS_db_port);
  options.schema = absl::GetFlag(FLAGS_db_name).empty() ? "xianfu_personnel" : absl::GetFlag(FLAGS_db_name);
  options.user = absl::GetFlag(FLAGS_db_user).empty() ? "xianfu_personnel_app" : absl::GetFlag(FLAGS_db_user);
  options.password = read(absl::GetFlag(FLAGS_db_password_file));
  options.pool_size = absl::GetFlag(FLAGS_concurrency);
  Database db(options);
  RealClock clock;
  auto policy = LoadPolicy(std::string(XIANFU_SOURCE_DIR) + "/policy/mengla-2022.textproto");
  auto calendar = CalendarProvider::Create(std::string(XIANFU_SOURCE_DIR) + "/policy/calendars");
  if (!policy.ok() || !calendar.ok()) {
    std::fprintf(stderr, "policy or calendar: %s %s\n", policy.status().ToString().c_str(),
                 calendar.status().ToString().c_str());
    return 1;
  }
  Platform platform("personnel", &db, &clock, *policy, *std::move(calendar), read(absl::GetFlag(FLAGS_audit_key_file)),
                    "bench-inproc");
  ServiceContext context{"personnel", &db, &clock, &platform, nullptr, "", "", nullptr};
  personnel::PersonnelHandler handler(context);
  const Caller office{"officials/li-wen", "", AdminRole::kNone};  // the office clerk files records
  const std::string run = absl::StrCat(absl::ToUnixMicros(absl::Now()));

  std::atomic<int64_t> next{0};
  std::string first_error;
  std::mutex mu;
  // One trial: `concurrency` threads calling the handler for a second of warm-up and then the
  // measured seconds; returns the measured calls that succeeded and failed, and their CPU.
  auto trial = [&](int64_t* ok_out, int64_t* failed_out, bench::CpuCost* cpu_out) {
    std::atomic<int64_t> ok{0}, failed{0};
    const absl::Time start = absl::Now(), measure_from = start + absl::Seconds(1);
    const absl::Time end = measure_from + absl::Seconds(absl::GetFlag(FLAGS_seconds));
    std::vector<std::thread> threads;
    for (int t = 0; t < absl::GetFlag(FLAGS_concurrency); ++t) {
      threads.emplace_back([&] {
        while (absl::Now() < end) {
          const int64_t i = next++;
          personnel::v1::CreateConductRecordRequest req;
          auto* r = req.mutable_record();
          r->set_official("officials/wang-hai");
          r->set_kind(personnel::v1::CONDUCT_KIND_FIELD_RESEARCH);
          r->set_summary("到勐捧镇调研边境贸易");
          r->set_escorts(2);
          req.set_request_id(absl::StrCat("inproc-record-", run, "-", i));
          personnel::v1::ConductRecord resp;
          grpc::ServerContext server_context;
          ScopedCaller as(&server_context, office);
          const absl::Time began = absl::Now();
          grpc::Status s = handler.CreateConductRecord(&server_context, &req, &resp);
          if (began < measure_from || absl::Now() > end) continue;
          if (s.ok()) {
            ++ok;
          } else {
            ++failed;
            std::lock_guard<std::mutex> lock(mu);
            if (first_error.empty()) first_error = s.error_message();
          }
        }
      });
    }
    absl::SleepFor(measure_from - absl::Now());
    const bench::CpuSample cpu_from = watch->Take();
    absl::SleepFor(end - absl::Now());
    const bench::CpuSample cpu_to = watch->Take();
    for (auto& t : threads) t.join();
    *cpu_out = bench::CpuWatch::Between(cpu_from, cpu_to, ok + failed);
    *ok_out = ok;
    *failed_out = failed;
  };
  const double seconds = absl::GetFlag(FLAGS_seconds);
  std::vector<std::pair<double, bench::CpuCost>> trials;
  int64_t total_ok = 0, total_failed = 0;
  for (int t = 0; t < std::max(1, absl::GetFlag(FLAGS_trials)); ++t) {
    int64_t ok = 0, failed = 0;
    bench::CpuCost cpu;
    trial(&ok, &failed, &cpu);
    trials.emplace_back(ok / seconds, std::move(cpu));
    total_ok += ok;
    total_failed += failed;
  }
  std::sort(trials.begin(), trials.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<double> rates;
  for (const auto& t : trials) rates.push_back(t.first);
  const bench::CpuCost& median_cpu = trials[trials.size() / 2].second;
  nlohmann::json j;
  j["scenario"] = "create-conduct-record-inproc";
  j["method"] = "PersonnelHandler::CreateConductRecord (in-process)";
  j["concurrency"] = absl::GetFlag(FLAGS_concurrency);
  j["seconds"] = seconds;
  j["calls"] = total_ok + total_failed;
  j["ok"] = total_ok;
  j["rate"] = rates[rates.size() / 2];
  j["trials"] = rates;
  j["errors"] = total_failed;
  j["cpu_us_per_call"] = median_cpu.us_per_call;
  j["machine_busy"] = median_cpu.machine_busy;
  if (!first_error.empty()) j["first_error"] = first_error;
  std::cout << j.dump() << std::endl;
  const int64_t ok = total_ok, failed = total_failed;
  return failed > 0 && ok == 0 ? 1 : 0;
}
