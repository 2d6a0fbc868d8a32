// The Prometheus /metrics endpoint: libmicrohttpd serving prometheus-cpp's text format, over TLS
// with the gRPC listener's certificate when one is configured (every listener speaks TLS then).
#ifndef XIANFU_COMMON_METRICS_HTTP_H_
#define XIANFU_COMMON_METRICS_HTTP_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"

struct MHD_Daemon;

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
  // libmicrohttpd keeps pointers to the key and certificate for the daemon's lifetime.
  std::string cert_pem_, key_pem_;
  MHD_Daemon* daemon_ = nullptr;
};

}  // namespace xianfu

#endif  // XIANFU_COMMON_METRICS_HTTP_H_
