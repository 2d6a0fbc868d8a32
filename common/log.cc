#include "common/log.h"

#include <regex>

#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "nlohmann/json.hpp"
#include "spdlog/sinks/stdout_sinks.h"
#include "spdlog/spdlog.h"

namespace xianfu {
namespace {

std::string& ServiceName() {
  static std::string name = "xianfu";
  return name;
}

spdlog::logger& Logger() {
  // The JSON object is the whole line, so the pattern prints the message only.
  static std::shared_ptr<spdlog::logger> logger = [] {
    auto l = spdlog::stderr_logger_mt("xianfu-json");
    l->set_pattern("%v");
    l->flush_on(spdlog::level::info);
    return l;
  }();
  return *logger;
}

void Emit(spdlog::level::level_enum level, absl::string_view level_name, absl::string_view event, LogFields fields) {
  nlohmann::json line;
  line["ts"] = absl::FormatTime("%Y-%m-%dT%H:%M:%E3SZ", absl::Now(), absl::UTCTimeZone());
  line["level"] = level_name;
  line["svc"] = ServiceName();
  line["event"] = event;
  for (const auto& [key, value] : fields) {
    std::visit(
        [&](const auto& v) {
          using T = std::decay_t<decltype(v)>;
          if constexpr (std::is_same_v<T, std::string>) {
            line[std::string(key)] = RedactSecrets(v);
          } else {
            line[std::string(key)] = v;
          }
        },
        value);
  }
  Logger().log(level, "{}", line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

}  // namespace

void InitLogging(absl::string_view service) {
  ServiceName() = std::string(service);
  Logger();
}

void LogInfo(absl::string_view event, LogFields fields) { Emit(spdlog::level::info, "info", event, fields); }
void LogWarn(absl::string_view event, LogFields fields) { Emit(spdlog::level::warn, "warn", event, fields); }
void LogError(absl::string_view event, LogFields fields) { Emit(spdlog::level::err, "error", event, fields); }

std::string RedactSecrets(absl::string_view text) {
  // Fast path: most log values contain neither digits runs nor dots.
  if (text.size() < 18) return std::string(text);
  static const std::regex kBearer(R"((Bearer|bearer)\s+\S+)");
  static const std::regex kJwt(R"(eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*)");
  static const std::regex kIdCard(R"(\b\d{17}[\dXx]\b)");
  std::string out = std::regex_replace(std::string(text), kBearer, "Bearer [redacted]");
  out = std::regex_replace(out, kJwt, "[redacted-jwt]");
  out = std::regex_replace(out, kIdCard, "[redacted-id]");
  return out;
}

}  // namespace xianfu
