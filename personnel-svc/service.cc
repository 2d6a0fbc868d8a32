#include "personnel-svc/service.h"

namespace xianfu::personnel {

ServiceDefinition Definition() {
  ServiceDefinition def;
  def.name = "personnel";
  def.default_listen = "127.0.0.1:7101";
  def.make_services = [](ServiceContext&) { return std::vector<std::unique_ptr<grpc::Service>>(); };
  return def;
}

}  // namespace xianfu::personnel
