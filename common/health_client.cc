#include "common/health_client.h"

#include <condition_variable>
#include <mutex>

#include "absl/time/clock.h"
#include "google/protobuf/io/coded_stream.h"
#include "grpcpp/generic/generic_stub.h"
#include "grpcpp/grpcpp.h"

namespace xianfu {

// Through the generic stub: the request is empty and the response's field 1 is the status
// enum, so no copy of grpc's health.proto is needed.
HealthState CheckHealth(const std::string& target, absl::Duration deadline) {
  auto channel = grpc::CreateChannel(target, grpc::InsecureChannelCredentials());
  grpc::GenericStub stub(channel);
  grpc::ClientContext ctx;
  ctx.set_deadline(absl::ToChronoTime(absl::Now() + deadline));
  grpc::Slice empty("");
  grpc::ByteBuffer request(&empty, 1);
  grpc::ByteBuffer response;
  std::mutex mu;
  std::condition_variable cv;
  bool done = false;
  grpc::Status status;
  stub.UnaryCall(&ctx, "/grpc.health.v1.Health/Check", grpc::StubOptions(), &request, &response, [&](grpc::Status s) {
    std::lock_guard<std::mutex> lock(mu);
    status = std::move(s);
    done = true;
    cv.notify_one();
  });
  std::unique_lock<std::mutex> lock(mu);
  cv.wait(lock, [&] { return done; });
  if (!status.ok()) return HealthState::kUnreachable;
  std::vector<grpc::Slice> slices;
  (void)response.Dump(&slices);
  std::string bytes;
  for (const auto& s : slices) bytes.append(reinterpret_cast<const char*>(s.begin()), s.size());
  google::protobuf::io::CodedInputStream in(reinterpret_cast<const uint8_t*>(bytes.data()),
                                            static_cast<int>(bytes.size()));
  uint32_t value = 0;
  if (in.ReadTag() == 8 && in.ReadVarint32(&value)) return static_cast<HealthState>(value);
  return HealthState::kUnknown;
}

HealthState WaitForHealth(const std::string& target, HealthState want, absl::Duration timeout) {
  absl::Time deadline = absl::Now() + timeout;
  HealthState state = CheckHealth(target);
  while (state != want && absl::Now() < deadline) {
    absl::SleepFor(absl::Milliseconds(100));
    state = CheckHealth(target);
  }
  return state;
}

absl::string_view HealthStateName(HealthState state) {
  switch (state) {
    case HealthState::kServing:
      return "SERVING";
    case HealthState::kNotServing:
      return "NOT_SERVING";
    case HealthState::kUnreachable:
      return "UNREACHABLE";
    case HealthState::kUnknown:
      break;
  }
  return "UNKNOWN";
}

}  // namespace xianfu
