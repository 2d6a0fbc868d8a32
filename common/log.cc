#include "common/log.h"

#include <cstdio>
#include <mutex>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "spdlog/sinks/base_sink.h"
#include "spdlog/spdlog.h"

namespace xianfu {
namespace {

std::string& ServiceName() {
  static std::string name = "xianfu";
  return name;
}

// Standard error through stdio's buffer. spdlog's own stderr sinks flush after every line, a
// write(2) per access-log line; this one writes out when flushed.
class BufferedStderrSink final : public spdlog::sinks::base_sink<std::mutex> {
 protected:
  void sink_it_(const spdlog::details::log_msg& msg) override {
    spdlog::memory_buf_t formatted;
    formatter_->format(msg, formatted);
    std::fwrite(formatted.data(), 1, formatted.size(), stderr);
  }
  void flush_() override { std::fflush(stderr); }
};

spdlog::logger& Logger() {
  // The JSON object is the whole line, so the pattern prints the message only. Lines are
  // buffered and flushed every second, and at once for warnings and errors: one write per
  // second instead of one per call.
  static std::shared_ptr<spdlog::logger> logger = [] {
    static char buffer[1 << 16];
    std::setvbuf(stderr, buffer, _IOFBF, sizeof(buffer));
    auto l = std::make_shared<spdlog::logger>("xianfu-json", std::make_shared<BufferedStderrSink>());
    spdlog::register_logger(l);
    l->set_pattern("%v");
    l->flush_on(spdlog::level::warn);
    spdlog::flush_every(std::chrono::seconds(1));
    return l;
  }();
  return *logger;
}

// A JSON string: escapes quotes, backslashes and control characters; bytes that are not
// UTF-8 become U+FFFD.
void AppendJsonString(std::string& out, absl::string_view s) {
  out += '"';
  for (size_t i = 0; i < s.size();) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      switch (c) {
        case '"':
          out += "\\\"";
          break;
        case '\\':
          out += "\\\\";
          break;
        case '\n':
          out += "\\n";
          break;
        case '\r':
          out += "\\r";
          break;
        case '\t':
          out += "\\t";
          break;
        default:
          if (c < 0x20) {
            absl::StrAppendFormat(&out, "\\u%04x", c);
          } else {
            out += static_cast<char>(c);
          }
      }
      ++i;
      continue;
    }
    const size_t len = (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    bool valid = len > 0 && i + len <= s.size();
    for (size_t k = 1; valid && k < len; ++k) valid = (static_cast<unsigned char>(s[i + k]) & 0xC0) == 0x80;
    if (valid) {
      out.append(s.data() + i, len);
      i += len;
    } else {
      out += "\xEF\xBF\xBD";
      ++i;
    }
  }
  out += '"';
}

void Emit(spdlog::level::level_enum level, absl::string_view level_name, absl::string_view event, LogFields fields) {
  std::string line = "{\"ts\":";
  AppendJsonString(line, absl::FormatTime("%Y-%m-%dT%H:%M:%E3SZ", absl::Now(), absl::UTCTimeZone()));
  absl::StrAppend(&line, ",\"level\":\"", level_name, "\",\"svc\":");
  AppendJsonString(line, ServiceName());
  line += ",\"event\":";
  AppendJsonString(line, event);
  for (const auto& [key, value] : fields) {
    line += ',';
    AppendJsonString(line, key);
    line += ':';
    std::visit(
        [&](const auto& v) {
          using T = std::decay_t<decltype(v)>;
          if constexpr (std::is_same_v<T, std::string>) {
            AppendJsonString(line, RedactSecrets(v));
          } else if constexpr (std::is_same_v<T, bool>) {
            line += v ? "true" : "false";
          } else if constexpr (std::is_same_v<T, double>) {
            absl::StrAppendFormat(&line, "%.3f", v);
          } else {
            absl::StrAppend(&line, v);
          }
        },
        value);
  }
  line += '}';
  Logger().log(level, "{}", line);
}

}  // namespace

void InitLogging(absl::string_view service) {
  ServiceName() = std::string(service);
  Logger();
}

void LogInfo(absl::string_view event, LogFields fields) { Emit(spdlog::level::info, "info", event, fields); }
void LogWarn(absl::string_view event, LogFields fields) { Emit(spdlog::level::warn, "warn", event, fields); }
void LogError(absl::string_view event, LogFields fields) { Emit(spdlog::level::err, "error", event, fields); }

namespace {

bool IsBase64Url(char c) { return absl::ascii_isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_'; }

// The length of a JWT starting at `i` ("eyJ…" "." "…" "." "…"), or 0.
size_t JwtAt(absl::string_view t, size_t i) {
  if (t.substr(i, 3) != "eyJ") return 0;
  size_t j = i, dots = 0;
  while (j < t.size() && (IsBase64Url(t[j]) || (t[j] == '.' && dots < 2))) {
    if (t[j] == '.') ++dots;
    ++j;
  }
  return dots == 2 ? j - i : 0;
}

// The length of "Bearer <token>" starting at `i`, or 0.
size_t BearerAt(absl::string_view t, size_t i) {
  if (t.size() - i < 7 || !absl::EqualsIgnoreCase(t.substr(i, 6), "bearer") ||
      !absl::ascii_isspace(static_cast<unsigned char>(t[i + 6]))) {
    return 0;
  }
  size_t j = i + 6;
  while (j < t.size() && absl::ascii_isspace(static_cast<unsigned char>(t[j]))) ++j;
  const size_t token = j;
  while (j < t.size() && !absl::ascii_isspace(static_cast<unsigned char>(t[j]))) ++j;
  return j > token ? j - i : 0;
}

// The length of an 18-character resident ID number (17 digits, then a digit or X) standing alone
// at `i`, or 0.
size_t IdCardAt(absl::string_view t, size_t i) {
  if (i > 0 && absl::ascii_isalnum(static_cast<unsigned char>(t[i - 1]))) return 0;
  if (t.size() - i < 18) return 0;
  for (size_t k = 0; k < 17; ++k) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(t[i + k]))) return 0;
  }
  const char last = t[i + 17];
  if (!absl::ascii_isdigit(static_cast<unsigned char>(last)) && last != 'X' && last != 'x') return 0;
  if (i + 18 < t.size() && absl::ascii_isalnum(static_cast<unsigned char>(t[i + 18]))) return 0;
  return 18;
}

}  // namespace

std::string RedactSecrets(absl::string_view text) {
  // One pass, no regular expressions: this runs on every field of every access-log line.
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    if (size_t n = BearerAt(text, i); n > 0) {
      out += "Bearer [redacted]";
      i += n;
    } else if (size_t n = JwtAt(text, i); n > 0) {
      out += "[redacted-jwt]";
      i += n;
    } else if (size_t n = IdCardAt(text, i); n > 0) {
      out += "[redacted-id]";
      i += n;
    } else {
      out += text[i++];
    }
  }
  return out;
}

}  // namespace xianfu
