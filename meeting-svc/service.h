#ifndef XIANFU_MEETING_SVC_SERVICE_H_
#define XIANFU_MEETING_SVC_SERVICE_H_

#include "common/server.h"

namespace xianfu::meeting {

// What meeting-svc adds to the shared bootstrap: its gRPC services.
ServiceDefinition Definition();

}  // namespace xianfu::meeting

#endif  // XIANFU_MEETING_SVC_SERVICE_H_
