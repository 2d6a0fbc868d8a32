#include "supervision-svc/service.h"

namespace xianfu::supervision {

ServiceDefinition Definition() {
  ServiceDefinition def;
  def.name = "supervision";
  def.default_listen = "127.0.0.1:7104";
  def.make_services = [](ServiceContext&) { return std::vector<std::unique_ptr<grpc::Service>>(); };
  return def;
}

}  // namespace xianfu::supervision
