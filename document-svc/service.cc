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
    return ServeModule(context, std::make_unique<DocumentHandler>(context, std::move(directory)));
  };
  return def;
}

}  // namespace xianfu::document
