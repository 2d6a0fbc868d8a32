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
    return ServeModule(context, std::make_unique<PersonnelHandler>(context));
  };
  return def;
}

}  // namespace xianfu::personnel
