#ifndef XIANFU_GATEWAY_SERVICE_H_
#define XIANFU_GATEWAY_SERVICE_H_

#include "common/server.h"

namespace xianfu::gateway {

// The public entry: no schema of its own; it composes the four services.
ServiceDefinition Definition();

}  // namespace xianfu::gateway

#endif  // XIANFU_GATEWAY_SERVICE_H_
