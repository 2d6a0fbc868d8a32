#include "personnel-svc/service.h"

#include "common/handler_base.h"
#include "common/platform.h"
#include "personnel-svc/handler/handler.h"

namespace xianfu::personnel {

ServiceDefinition Definition() {
  ServiceDefinition def;
  def.name = "personnel";
  def.default_listen = "127.0.0.1:7101";
  def.make_services = [](ServiceContext& context) {
    auto handler = std::make_unique<PersonnelHandler>(context);
    handler->RegisterBackgroundWork(*context.platform);
    PersonnelHandler* parties = handler.get();
    context.history_access = [parties](const Call& call, const std::string& resource) {
      return parties->MayReadHistory(call, resource);
    };
    std::vector<std::unique_ptr<grpc::Service>> services;
    services.push_back(std::move(handler));
    return services;
  };
  return def;
}

}  // namespace xianfu::personnel
