#ifndef XIANFU_SUPERVISION_SVC_SERVICE_H_
#define XIANFU_SUPERVISION_SVC_SERVICE_H_

#include "common/server.h"

namespace xianfu::supervision {

// What supervision-svc adds to the shared bootstrap: its gRPC services.
ServiceDefinition Definition();

}  // namespace xianfu::supervision

#endif  // XIANFU_SUPERVISION_SVC_SERVICE_H_
