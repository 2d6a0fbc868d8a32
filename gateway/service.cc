#include "gateway/service.h"

namespace xianfu::gateway {

ServiceDefinition Definition() {
  ServiceDefinition def;
  def.name = "gateway";
  def.default_listen = "127.0.0.1:7100";
  def.has_database = false;
  def.make_services = [](ServiceContext&) { return std::vector<std::unique_ptr<grpc::Service>>(); };
  return def;
}

}  // namespace xianfu::gateway
