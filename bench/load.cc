#include "bench/load.h"

#include <algorithm>
#include <atomic>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "grpcpp/generic/generic_stub.h"

namespace xianfu::bench {
namespace {

grpc::ByteBuffer ToBuffer(const std::string& bytes) {
  grpc::Slice slice(bytes);
  return grpc::ByteBuffer(&slice, 1);
}

std::string FromBuffer(const grpc::ByteBuffer& buffer) {
  std::vector<grpc::Slice> slices;
  (void)buffer.Dump(&slices);
  std::string out;
  for (const grpc::Slice& s : slices) out.append(reinterpret_cast<const char*>(s.begin()), s.size());
  return out;
}

struct Slot {
  std::unique_ptr<grpc::ClientContext> ctx;
  std::unique_ptr<grpc::GenericClientAsyncResponseReader> call;
  grpc::ByteBuffer response;
  grpc::Status status;
  absl::Time started;
  int64_t index = 0;
  int channel = 0;
};

std::shared_ptr<grpc::Channel> NewChannel(const std::string& target, int n) {
  grpc::ChannelArguments args;
  args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);  // a connection of its own
  args.SetInt("xianfu.bench.channel", n);
  return grpc::CreateCustomChannel(target, grpc::InsecureChannelCredentials(), args);
}

}  // namespace

std::string CodeName(grpc::StatusCode code) {
  static const char* const kNames[] = {
      "OK",        "CANCELLED",      "UNKNOWN",           "INVALID_ARGUMENT",   "DEADLINE_EXCEEDED",
      "NOT_FOUND", "ALREADY_EXISTS", "PERMISSION_DENIED", "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION",
      "ABORTED",   "OUT_OF_RANGE",   "UNIMPLEMENTED",     "INTERNAL",           "UNAVAILABLE",
      "DATA_LOSS", "UNAUTHENTICATED"};
  const int i = static_cast<int>(code);
  return i >= 0 && i <= 16 ? kNames[i] : absl::StrCat("CODE_", i);
}

grpc::Status CallOnce(const std::string& target, const std::string& method, const std::string& token,
                      const std::string& request, std::string* response) {
  grpc::GenericStub stub(grpc::CreateChannel(target, grpc::InsecureChannelCredentials()));
  grpc::CompletionQueue cq;
  grpc::ClientContext ctx;
  ctx.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(30)));
  if (!token.empty()) ctx.AddMetadata("authorization", absl::StrCat("Bearer ", token));
  grpc::ByteBuffer out;
  grpc::Status status;
  auto call = stub.PrepareUnaryCall(&ctx, method, ToBuffer(request), &cq);
  call->StartCall();
  call->Finish(&out, &status, reinterpret_cast<void*>(1));
  void* tag = nullptr;
  bool ok = false;
  cq.Next(&tag, &ok);
  if (response != nullptr) *response = FromBuffer(out);
  cq.Shutdown();
  while (cq.Next(&tag, &ok)) {
  }
  return status;
}

LoadResult RunLoad(const LoadSpec& spec) {
  const int channels = std::max(1, std::min(spec.concurrency, 4));
  std::vector<std::unique_ptr<grpc::GenericStub>> stubs;
  for (int i = 0; i < channels; ++i) stubs.push_back(std::make_unique<grpc::GenericStub>(NewChannel(spec.target, i)));
  grpc::CompletionQueue cq;
  std::vector<Slot> slots(spec.concurrency);
  LoadResult result;
  std::vector<double> latencies;
  int64_t next = 0;
  int in_flight = 0;
  const absl::Time start = absl::Now();
  const absl::Time measure_from = start + spec.warmup;
  const absl::Time end = measure_from + spec.duration;
  bool exhausted = false;
  absl::Time last_completion = start;
  // CPU is read at the first completion of the measured window and at the first one after it.
  std::optional<CpuSample> cpu_from, cpu_to;
  int64_t window_completions = 0;

  auto issue = [&](Slot& slot) -> bool {
    if (exhausted || absl::Now() >= end || (spec.max_calls >= 0 && next >= spec.max_calls)) return false;
    std::optional<std::string> body = spec.request(next);
    if (!body.has_value()) {
      exhausted = true;
      return false;
    }
    slot.ctx = std::make_unique<grpc::ClientContext>();
    slot.ctx->set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(30)));
    if (!spec.token.empty()) slot.ctx->AddMetadata("authorization", absl::StrCat("Bearer ", spec.token));
    slot.index = next++;
    slot.started = absl::Now();
    slot.call = stubs[slot.channel]->PrepareUnaryCall(slot.ctx.get(), spec.method, ToBuffer(*body), &cq);
    slot.call->StartCall();
    slot.call->Finish(&slot.response, &slot.status, &slot);
    ++in_flight;
    return true;
  };
  for (size_t i = 0; i < slots.size(); ++i) {
    slots[i].channel = static_cast<int>(i) % channels;
    issue(slots[i]);
  }
  while (in_flight > 0) {
    void* tag = nullptr;
    bool ok = false;
    if (!cq.Next(&tag, &ok)) break;
    Slot& slot = *static_cast<Slot*>(tag);
    --in_flight;
    const absl::Time done = absl::Now();
    if (spec.cpu != nullptr && done >= measure_from && !cpu_to.has_value()) {
      if (!cpu_from.has_value()) {
        cpu_from = spec.cpu->Take();
      } else if (done >= end) {
        cpu_to = spec.cpu->Take();
      } else {
        ++window_completions;
      }
    }
    if (slot.started >= measure_from) {
      ++result.calls;
      last_completion = done;
      latencies.push_back(absl::ToDoubleMilliseconds(done - slot.started));
      if (slot.status.ok()) {
        ++result.ok;
      } else {
        ++result.errors[CodeName(slot.status.error_code())];
        if (result.first_error.empty()) {
          result.first_error = absl::StrCat(CodeName(slot.status.error_code()), ": ", slot.status.error_message());
        }
      }
    }
    if (slot.status.ok() && spec.on_response) spec.on_response(slot.index, FromBuffer(slot.response));
    issue(slot);
  }
  cq.Shutdown();
  void* tag = nullptr;
  bool ok = false;
  while (cq.Next(&tag, &ok)) {
  }
  // Time-bound runs measure the window; count-bound runs measure until the last completion.
  result.seconds = absl::ToDoubleSeconds(std::min(end, last_completion) - measure_from);
  if (result.seconds <= 0) result.seconds = absl::ToDoubleSeconds(last_completion - start);
  if (cpu_from.has_value() && !cpu_to.has_value()) cpu_to = spec.cpu->Take();  // ended by its count
  if (cpu_from.has_value()) {
    result.cpu = CpuWatch::Between(*cpu_from, *cpu_to, window_completions);
  }
  std::sort(latencies.begin(), latencies.end());
  if (!latencies.empty()) {
    result.p50_ms = latencies[latencies.size() / 2];
    result.p99_ms = latencies[std::min(latencies.size() - 1, latencies.size() * 99 / 100)];
  }
  return result;
}

}  // namespace xianfu::bench
