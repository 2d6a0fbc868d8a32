#include "document-svc/service.h"

namespace xianfu::document {

ServiceDefinition Definition() {
  ServiceDefinition def;
  def.name = "document";
  def.default_listen = "127.0.0.1:7102";
  def.make_services = [](ServiceContext&) { return std::vector<std::unique_ptr<grpc::Service>>(); };
  return def;
}

}  // namespace xianfu::document
