#ifndef XIANFU_DOCUMENT_SVC_SERVICE_H_
#define XIANFU_DOCUMENT_SVC_SERVICE_H_

#include "common/server.h"

namespace xianfu::document {

// What document-svc adds to the shared bootstrap: its gRPC services.
ServiceDefinition Definition();

}  // namespace xianfu::document

#endif  // XIANFU_DOCUMENT_SVC_SERVICE_H_
