#include "common/metrics_http.h"

#include <arpa/inet.h>
#include <event2/buffer.h>
#include <event2/bufferevent_ssl.h>
#include <event2/event.h>
#include <event2/http.h>
#include <event2/keyvalq_struct.h>
#include <event2/thread.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <prometheus/registry.h>
#include <prometheus/text_serializer.h>

#include <cstring>
#include <mutex>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace xianfu {
namespace {

// A scraper that stalls, or sends a body or huge headers, gets nothing from us but a closed socket.
constexpr int kRequestTimeoutSeconds = 10;
constexpr ev_ssize_t kMaxHeadersBytes = 8192;
constexpr ev_ssize_t kMaxBodyBytes = 0;

void Handle(evhttp_request* request, void* arg) {
  const auto* server = static_cast<const MetricsServer*>(arg);
  const char* path = evhttp_uri_get_path(evhttp_request_get_evhttp_uri(request));
  const bool found =
      evhttp_request_get_command(request) == EVHTTP_REQ_GET && path != nullptr && std::strcmp(path, "/metrics") == 0;
  const std::string body = found ? server->Render() : std::string("not found\n");
  evkeyvalq* headers = evhttp_request_get_output_headers(request);
  evhttp_add_header(headers, "Content-Type", found ? "text/plain; version=0.0.4" : "text/plain");
  evbuffer* out = evbuffer_new();
  evbuffer_add(out, body.data(), body.size());
  evhttp_send_reply(request, found ? HTTP_OK : HTTP_NOTFOUND, found ? "OK" : "Not Found", out);
  evbuffer_free(out);
}

bufferevent* AcceptTls(event_base* base, void* arg) {
  return bufferevent_openssl_socket_new(base, -1, SSL_new(static_cast<SSL_CTX*>(arg)), BUFFEREVENT_SSL_ACCEPTING,
                                        BEV_OPT_CLOSE_ON_FREE);
}

std::string OpenSslError() {
  const unsigned long code = ERR_get_error();
  ERR_clear_error();
  if (code == 0) return "unknown error";
  char text[256];
  ERR_error_string_n(code, text, sizeof(text));
  return text;
}

// The certificate (with any chain after it) and key, as the gRPC listener reads them.
absl::StatusOr<SSL_CTX*> MakeTlsContext(const std::string& cert_pem, const std::string& key_pem) {
  SSL_CTX* ctx = SSL_CTX_new(TLS_server_method());
  if (ctx == nullptr) return absl::InternalError("metrics TLS: " + OpenSslError());
  auto fail = [ctx](const std::string& what) {
    SSL_CTX_free(ctx);
    return absl::InvalidArgumentError(absl::StrCat("metrics TLS: ", what, ": ", OpenSslError()));
  };
  SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
  BIO* certs = BIO_new_mem_buf(cert_pem.data(), static_cast<int>(cert_pem.size()));
  X509* leaf = PEM_read_bio_X509(certs, nullptr, nullptr, nullptr);
  const bool leaf_ok = leaf != nullptr && SSL_CTX_use_certificate(ctx, leaf) == 1;
  X509_free(leaf);
  bool chain_ok = leaf_ok;
  while (chain_ok) {
    X509* next = PEM_read_bio_X509(certs, nullptr, nullptr, nullptr);
    if (next == nullptr) {
      ERR_clear_error();  // the end of the file
      break;
    }
    chain_ok = SSL_CTX_add0_chain_cert(ctx, next) == 1;
    if (!chain_ok) X509_free(next);
  }
  BIO_free(certs);
  if (!chain_ok) return fail("cannot use the certificate");
  BIO* key_bio = BIO_new_mem_buf(key_pem.data(), static_cast<int>(key_pem.size()));
  EVP_PKEY* key = PEM_read_bio_PrivateKey(key_bio, nullptr, nullptr, nullptr);
  BIO_free(key_bio);
  const bool key_ok = key != nullptr && SSL_CTX_use_PrivateKey(ctx, key) == 1;
  EVP_PKEY_free(key);
  if (!key_ok) return fail("cannot use the key");
  if (SSL_CTX_check_private_key(ctx) != 1) return fail("the key does not match the certificate");
  return ctx;
}

}  // namespace

absl::StatusOr<std::unique_ptr<MetricsServer>> MetricsServer::Start(const std::string& listen,
                                                                    std::shared_ptr<prometheus::Registry> registry,
                                                                    const std::string& cert_pem,
                                                                    const std::string& key_pem) {
  std::pair<std::string, std::string> parts = absl::StrSplit(listen, absl::MaxSplits(':', 1));
  int port = 0;
  in_addr address{};
  if (!absl::SimpleAtoi(parts.second, &port) || port <= 0 || port > 65535 ||
      inet_pton(AF_INET, parts.first.c_str(), &address) != 1) {
    return absl::InvalidArgumentError(absl::StrCat("--metrics_listen must be ipv4:port, got '", listen, "'"));
  }
  // The destructor stops the loop from another thread: libevent must lock its structures.
  static std::once_flag threads_on;
  std::call_once(threads_on, [] { evthread_use_pthreads(); });

  std::unique_ptr<MetricsServer> server(new MetricsServer(std::move(registry)));
  const bool tls = !cert_pem.empty();
  if (tls) {
    absl::StatusOr<SSL_CTX*> ctx = MakeTlsContext(cert_pem, key_pem);
    if (!ctx.ok()) return ctx.status();
    server->tls_ = *ctx;
  }
  server->base_ = event_base_new();
  if (server->base_ == nullptr) return absl::InternalError("metrics listener: cannot create an event loop");
  server->http_ = evhttp_new(server->base_);
  if (server->http_ == nullptr) return absl::InternalError("metrics listener: cannot create the HTTP server");
  evhttp_set_timeout(server->http_, kRequestTimeoutSeconds);
  evhttp_set_max_headers_size(server->http_, kMaxHeadersBytes);
  evhttp_set_max_body_size(server->http_, kMaxBodyBytes);
  evhttp_set_gencb(server->http_, &Handle, server.get());
  if (tls) evhttp_set_bevcb(server->http_, &AcceptTls, server->tls_);
  if (evhttp_bind_socket_with_handle(server->http_, parts.first.c_str(), static_cast<uint16_t>(port)) == nullptr) {
    return absl::UnavailableError(absl::StrCat("cannot serve metrics on ", listen, tls ? " (TLS)" : ""));
  }
  server->loop_ = std::thread([base = server->base_] { event_base_loop(base, EVLOOP_NO_EXIT_ON_EMPTY); });
  return server;
}

MetricsServer::~MetricsServer() {
  if (loop_.joinable()) {
    event_base_loopbreak(base_);
    loop_.join();
  }
  if (http_ != nullptr) evhttp_free(http_);
  if (base_ != nullptr) event_base_free(base_);
  if (tls_ != nullptr) SSL_CTX_free(tls_);
}

std::string MetricsServer::Render() const { return prometheus::TextSerializer().Serialize(registry_->Collect()); }

}  // namespace xianfu
