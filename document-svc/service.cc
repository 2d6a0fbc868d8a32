#include "document-svc/service.h"

#include "common/handler_base.h"
#include "common/platform.h"
#include "document-svc/handler/handler.h"

namespace xianfu::document {

ServiceDefinition Definition() {
  ServiceDefinition def;
  def.name = "document";
  def.default_listen = "127.0.0.1:7102";
  def.make_services = [](ServiceContext& context) {
    auto directory =
        std::make_unique<org::Directory>(context.channel_to(context.personnel_target), context.service_token);
    auto handler = std::make_unique<DocumentHandler>(context, std::move(directory));
    handler->RegisterBackgroundWork(*context.platform);
    DocumentHandler* parties = handler.get();
    context.history_access = [parties](const Call& call, const std::string& resource) {
      return parties->MayReadHistory(call, resource);
    };
    std::vector<std::unique_ptr<grpc::Service>> services;
    services.push_back(std::move(handler));
    return services;
  };
  return def;
}

}  // namespace xianfu::document
