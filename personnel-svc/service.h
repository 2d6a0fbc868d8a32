#ifndef XIANFU_PERSONNEL_SVC_SERVICE_H_
#define XIANFU_PERSONNEL_SVC_SERVICE_H_

#include "common/server.h"

namespace xianfu::personnel {

// What personnel-svc adds to the shared bootstrap: its gRPC services.
ServiceDefinition Definition();

}  // namespace xianfu::personnel

#endif  // XIANFU_PERSONNEL_SVC_SERVICE_H_
