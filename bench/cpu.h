// Where a row's CPU goes: the CPU time of the load generator, the services and MariaDB over the
// measured window, read from /proc, so a ratio that falls short can be traced to a process.
#ifndef XIANFU_BENCH_CPU_H_
#define XIANFU_BENCH_CPU_H_

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace xianfu::bench {

struct CpuSample {
  std::map<std::string, double> process_seconds;  // user + system, by the watcher's names
  double machine_busy_seconds = 0;                // all cores: every state but idle, iowait, steal
  double machine_seconds = 0;                     // all cores, every state
};

// What one window cost: CPU microseconds per call of each process, and how busy the machine was.
struct CpuCost {
  std::map<std::string, double> us_per_call;
  double machine_busy = 0;  // 0..1 of all cores
};

class CpuWatch {
 public:
  // `spec`: "name:pid,name:pid" (bench/run passes the services' and MariaDB's); this process is
  // always watched, as `self_name`.
  static absl::StatusOr<CpuWatch> Parse(absl::string_view spec, std::string self_name);

  CpuSample Take() const;
  static CpuCost Between(const CpuSample& from, const CpuSample& to, int64_t calls);

 private:
  std::vector<std::pair<std::string, int>> processes_;  // pid 0: this process
};

}  // namespace xianfu::bench

#endif  // XIANFU_BENCH_CPU_H_
