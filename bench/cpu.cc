#include "bench/cpu.h"

#include <unistd.h>

#include <fstream>
#include <sstream>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace xianfu::bench {
namespace {

double TicksPerSecond() {
  static const double ticks = static_cast<double>(sysconf(_SC_CLK_TCK));
  return ticks;
}

// utime + stime of a process (fields 14 and 15 of /proc/<pid>/stat, after the parenthesised name).
double ProcessSeconds(int pid) {
  std::ifstream in(pid == 0 ? std::string("/proc/self/stat") : absl::StrCat("/proc/", pid, "/stat"));
  std::string line;
  if (!std::getline(in, line)) return 0;
  const size_t name_end = line.rfind(')');
  if (name_end == std::string::npos) return 0;
  std::istringstream fields(line.substr(name_end + 2));
  std::string field;
  double seconds = 0;
  for (int i = 3; fields >> field && i <= 15; ++i) {
    if (i >= 14) {
      double ticks = 0;
      if (absl::SimpleAtod(field, &ticks)) seconds += ticks / TicksPerSecond();
    }
  }
  return seconds;
}

}  // namespace

absl::StatusOr<CpuWatch> CpuWatch::Parse(absl::string_view spec, std::string self_name) {
  CpuWatch watch;
  watch.processes_.emplace_back(std::move(self_name), 0);
  for (absl::string_view item : absl::StrSplit(spec, ',', absl::SkipEmpty())) {
    std::pair<std::string, std::string> name_pid = absl::StrSplit(item, absl::MaxSplits(':', 1));
    int pid = 0;
    if (name_pid.first.empty() || !absl::SimpleAtoi(name_pid.second, &pid) || pid <= 0) {
      return absl::InvalidArgumentError(absl::StrCat("--watch: expected name:pid, got \"", item, "\""));
    }
    watch.processes_.emplace_back(name_pid.first, pid);
  }
  return watch;
}

CpuSample CpuWatch::Take() const {
  CpuSample s;
  for (const auto& [name, pid] : processes_) s.process_seconds[name] += ProcessSeconds(pid);
  // The first line of /proc/stat: user nice system idle iowait irq softirq steal …, in ticks;
  // busy is all but idle, iowait and steal (time the hypervisor gave to other machines).
  std::ifstream in("/proc/stat");
  std::string cpu;
  in >> cpu;
  double ticks = 0;
  for (int i = 0; i < 8 && in >> ticks; ++i) {
    s.machine_seconds += ticks / TicksPerSecond();
    if (i != 3 && i != 4 && i != 7) s.machine_busy_seconds += ticks / TicksPerSecond();
  }
  return s;
}

CpuCost CpuWatch::Between(const CpuSample& from, const CpuSample& to, int64_t calls) {
  CpuCost cost;
  if (calls <= 0) return cost;
  for (const auto& [name, seconds] : to.process_seconds) {
    auto before = from.process_seconds.find(name);
    const double used = seconds - (before == from.process_seconds.end() ? 0 : before->second);
    cost.us_per_call[name] = used * 1e6 / static_cast<double>(calls);
  }
  const double all = to.machine_seconds - from.machine_seconds;
  if (all > 0) cost.machine_busy = (to.machine_busy_seconds - from.machine_busy_seconds) / all;
  return cost;
}

}  // namespace xianfu::bench
