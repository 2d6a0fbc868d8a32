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
    handler->RegisterBackgroundWork(*context.platform);
    MeetingHandler* consumer = handler.get();
    // Absences registered in personnel-svc (MTG-21), from the beginning of its feed.
    context.platform->Consume("meeting.absences",
                              std::make_unique<GrpcEventSource>("personnel", personnel, context.service_token),
                              consumer->PersonnelRoutes());
    MeetingHandler* parties = handler.get();
    context.history_access = [parties](const Call& call, const std::string& resource) {
      return parties->MayReadHistory(call, resource);
    };
    std::vector<std::unique_ptr<grpc::Service>> services;
    services.push_back(std::move(handler));
    return services;
  };
  return def;
}

}  // namespace xianfu::meeting
