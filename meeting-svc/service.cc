#include "meeting-svc/service.h"

namespace xianfu::meeting {

ServiceDefinition Definition() {
  ServiceDefinition def;
  def.name = "meeting";
  def.default_listen = "127.0.0.1:7103";
  def.make_services = [](ServiceContext&) { return std::vector<std::unique_ptr<grpc::Service>>(); };
  return def;
}

}  // namespace xianfu::meeting
