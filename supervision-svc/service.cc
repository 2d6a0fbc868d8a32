#include "supervision-svc/service.h"

#include "common/handler_base.h"
#include "common/platform.h"
#include "supervision-svc/handler/handler.h"

namespace xianfu::supervision {

ServiceDefinition Definition() {
  ServiceDefinition def;
  def.name = "supervision";
  def.default_listen = "127.0.0.1:7104";
  def.make_services = [](ServiceContext& context) {
    auto directory =
        std::make_unique<org::Directory>(context.channel_to(context.personnel_target), context.service_token);
    auto handler =
        std::make_unique<SupervisionHandler>(context, std::move(directory),
                                             std::vector<std::pair<std::string, std::shared_ptr<grpc::Channel>>>{
                                                 {"personnel", context.channel_to(context.personnel_target)},
                                                 {"document", context.channel_to(context.document_target)},
                                                 {"meeting", context.channel_to(context.meeting_target)}});
    SupervisionHandler* h = handler.get();
    // SUP-14: every meeting decision, from the beginning of meeting-svc's feed, exactly once.
    context.platform->Consume(
        "supervision.meetings",
        std::make_unique<GrpcEventSource>("meeting", context.channel_to(context.meeting_target), context.service_token),
        h->MeetingRoutes());
    // SUP-15: every handling item (leaders' instructions, higher-level requests), from the
    // beginning of document-svc's feed, exactly once.
    context.platform->Consume("supervision.documents",
                              std::make_unique<GrpcEventSource>("document", context.channel_to(context.document_target),
                                                                context.service_token),
                              h->DocumentRoutes());
    // personnel-svc's escalations and overdue obligations (the other feeds carry their escalations
    // to the consumers above).
    context.platform->Consume("supervision.personnel",
                              std::make_unique<GrpcEventSource>(
                                  "personnel", context.channel_to(context.personnel_target), context.service_token),
                              h->PersonnelRoutes());
    return ServeModule(context, std::move(handler));
  };
  return def;
}

}  // namespace xianfu::supervision
