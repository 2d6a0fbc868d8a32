#include "meeting-svc/service.h"

#include "common/handler_base.h"
#include "common/platform.h"
#include "meeting-svc/handler/handler.h"

namespace xianfu::meeting {

ServiceDefinition Definition() {
  ServiceDefinition def;
  def.name = "meeting";
  def.default_listen = "127.0.0.1:7103";
  def.make_services = [](ServiceContext& context) {
    Peers peers;
    peers.personnel = context.channel_to(context.personnel_target);
    peers.document = context.channel_to(context.document_target);
    peers.directory = std::make_unique<org::Directory>(peers.personnel, context.service_token);
    peers.token = context.service_token;
    std::shared_ptr<grpc::Channel> personnel = peers.personnel;
    auto handler = std::make_unique<MeetingHandler>(context, std::move(peers));
    // Absences registered in personnel-svc (MTG-21), from the beginning of its feed.
    context.platform->Consume("meeting.absences",
                              std::make_unique<GrpcEventSource>("personnel", personnel, context.service_token),
                              handler->PersonnelRoutes());
    return ServeModule(context, std::move(handler));
  };
  return def;
}

}  // namespace xianfu::meeting
