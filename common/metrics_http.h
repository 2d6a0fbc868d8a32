// The Prometheus /metrics endpoint: libevent's HTTP server (OpenSSL for TLS, already loaded for
// gRPC) serving prometheus-cpp's text format, over TLS with the gRPC listener's certificate when
// one is configured (every listener speaks TLS then).
#ifndef XIANFU_COMMON_METRICS_HTTP_H_
#define XIANFU_COMMON_METRICS_HTTP_H_

#include <memory>
#include <string>
#include <thread>

#include "absl/status/statusor.h"

struct event_base;
struct evhttp;
struct ssl_ctx_st;

namespace prometheus {
class Registry;
}

namespace xianfu {

class MetricsServer {
 public:
  // `listen` is "host:port" (an IPv4 address); `cert_pem`/`key_pem` empty for plaintext.
  static absl::StatusOr<std::unique_ptr<MetricsServer>> Start(const std::string& listen,
                                                              std::shared_ptr<prometheus::Registry> registry,
                                                              const std::string& cert_pem, const std::string& key_pem);
  ~MetricsServer();
  MetricsServer(const MetricsServer&) = delete;
  MetricsServer& operator=(const MetricsServer&) = delete;

  // The text exposition of the registry (what GET /metrics returns).
  std::string Render() const;

 private:
  explicit MetricsServer(std::shared_ptr<prometheus::Registry> registry) : registry_(std::move(registry)) {}

  std::shared_ptr<prometheus::Registry> registry_;
  ssl_ctx_st* tls_ = nullptr;  // null for plaintext
  event_base* base_ = nullptr;
  evhttp* http_ = nullptr;
  std::thread loop_;
};

}  // namespace xianfu

#endif  // XIANFU_COMMON_METRICS_HTTP_H_
