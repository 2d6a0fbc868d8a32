// A closed-loop gRPC load generator for the benchmarks: `concurrency` calls in flight over a
// few HTTP/2 connections, each finished call replaced by the next, every call's status checked
// (h2load would count a gRPC error as a success), latency per call.
#ifndef XIANFU_BENCH_LOAD_H_
#define XIANFU_BENCH_LOAD_H_

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "bench/cpu.h"
#include "grpcpp/grpcpp.h"

namespace xianfu::bench {

struct LoadSpec {
  std::string target;  // 127.0.0.1:port
  std::string method;  // "/xianfu.personnel.v1.PersonnelService/ResolveActing"
  std::string token;   // bearer token ("" for health)
  int concurrency = 1;
  absl::Duration duration = absl::Seconds(8);  // stop after this long …
  int64_t max_calls = -1;                      // … or after this many calls (-1: no limit)
  absl::Duration warmup = absl::Seconds(1);    // calls in the first `warmup` are not measured
  // The serialized request of call i; nullopt when there is no more work.
  std::function<std::optional<std::string>(int64_t i)> request;
  // Called with each successful response (e.g. to collect the names of created records).
  std::function<void(int64_t i, const std::string& response)> on_response;
  const CpuWatch* cpu = nullptr;  // if set, the CPU of the measured window is reported
};

struct LoadResult {
  int64_t calls = 0;  // measured (after warm-up)
  int64_t ok = 0;
  std::map<std::string, int64_t> errors;  // by gRPC code name
  std::string first_error;
  double seconds = 0;
  double rate() const { return seconds > 0 ? ok / seconds : 0; }
  double p50_ms = 0;
  double p99_ms = 0;
  CpuCost cpu;  // per call completed in the measured window (LoadSpec::cpu)
};

LoadResult RunLoad(const LoadSpec& spec);

// One call, synchronously: for setup and for checking a scenario works before loading it.
grpc::Status CallOnce(const std::string& target, const std::string& method, const std::string& token,
                      const std::string& request, std::string* response);

std::string CodeName(grpc::StatusCode code);

}  // namespace xianfu::bench

#endif  // XIANFU_BENCH_LOAD_H_
