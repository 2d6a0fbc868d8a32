#include "common/metrics_http.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <prometheus/registry.h>
#include <prometheus/text_serializer.h>

#include <cstring>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace xianfu {
namespace {

MHD_Result Handle(void* cls, MHD_Connection* connection, const char* url, const char* method, const char*,
                  const char*, size_t*, void**) {
  const auto* server = static_cast<const MetricsServer*>(cls);
  const bool found = std::strcmp(method, "GET") == 0 && std::strcmp(url, "/metrics") == 0;
  const std::string body = found ? server->Render() : std::string("not found\n");
  MHD_Response* response =
      MHD_create_response_from_buffer(body.size(), const_cast<char*>(body.data()), MHD_RESPMEM_MUST_COPY);
  MHD_add_response_header(response, "Content-Type", found ? "text/plain; version=0.0.4" : "text/plain");
  const MHD_Result result = MHD_queue_response(connection, found ? MHD_HTTP_OK : MHD_HTTP_NOT_FOUND, response);
  MHD_destroy_response(response);
  return result;
}

}  // namespace

absl::StatusOr<std::unique_ptr<MetricsServer>> MetricsServer::Start(const std::string& listen,
                                                                    std::shared_ptr<prometheus::Registry> registry,
                                                                    const std::string& cert_pem,
                                                                    const std::string& key_pem) {
  std::pair<std::string, std::string> parts = absl::StrSplit(listen, absl::MaxSplits(':', 1));
  int port = 0;
  sockaddr_in address{};
  address.sin_family = AF_INET;
  if (!absl::SimpleAtoi(parts.second, &port) || port <= 0 || port > 65535 ||
      inet_pton(AF_INET, parts.first.c_str(), &address.sin_addr) != 1) {
    return absl::InvalidArgumentError(absl::StrCat("--metrics_listen must be ipv4:port, got '", listen, "'"));
  }
  address.sin_port = htons(static_cast<uint16_t>(port));
  std::unique_ptr<MetricsServer> server(new MetricsServer(std::move(registry)));
  server->cert_pem_ = cert_pem;
  server->key_pem_ = key_pem;
  const bool tls = !cert_pem.empty();
  unsigned int flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG;
  if (tls) flags |= MHD_USE_TLS;
  server->daemon_ = tls ? MHD_start_daemon(flags, static_cast<uint16_t>(port), nullptr, nullptr, &Handle,
                                           server.get(), MHD_OPTION_SOCK_ADDR, &address, MHD_OPTION_HTTPS_MEM_KEY,
                                           server->key_pem_.c_str(), MHD_OPTION_HTTPS_MEM_CERT,
                                           server->cert_pem_.c_str(), MHD_OPTION_END)
                        : MHD_start_daemon(flags, static_cast<uint16_t>(port), nullptr, nullptr, &Handle,
                                           server.get(), MHD_OPTION_SOCK_ADDR, &address, MHD_OPTION_END);
  if (server->daemon_ == nullptr) {
    return absl::UnavailableError(absl::StrCat("cannot serve metrics on ", listen, tls ? " (TLS)" : ""));
  }
  return server;
}

MetricsServer::~MetricsServer() {
  if (daemon_ != nullptr) MHD_stop_daemon(daemon_);
}

std::string MetricsServer::Render() const { return prometheus::TextSerializer().Serialize(registry_->Collect()); }

}  // namespace xianfu
