#ifndef XIANFU_COMMON_HEALTH_CLIENT_H_
#define XIANFU_COMMON_HEALTH_CLIENT_H_

#include <string>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace xianfu {

enum class HealthState { kUnreachable = -1, kUnknown = 0, kServing = 1, kNotServing = 2 };

// grpc.health.v1.Health/Check ("" service) over a plaintext channel.
HealthState CheckHealth(const std::string& target, absl::Duration deadline = absl::Seconds(2));

// Polls until `want` or timeout; returns the last state seen.
HealthState WaitForHealth(const std::string& target, HealthState want, absl::Duration timeout);

absl::string_view HealthStateName(HealthState state);

}  // namespace xianfu

#endif  // XIANFU_COMMON_HEALTH_CLIENT_H_
