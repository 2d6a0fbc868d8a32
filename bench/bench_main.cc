// xianfu-bench: the load scenarios of bench/run, one per invocation, each printed as one JSON
// line. Every scenario first makes one call and stops with its error when it fails, so a
// misconfigured run never reports errors as throughput.
//
//   xianfu-bench --scenario=resolve-acting --target=127.0.0.1:7101 --token=… --concurrency=16
#include <algorithm>
#include <cstdio>
#include <iostream>
#include <mutex>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "bench/load.h"
#include "common/calendar.h"
#include "common/deadline_proto.h"
#include "nlohmann/json.hpp"
#include "xianfu/document/v1/document.pb.h"
#include "xianfu/meeting/v1/meeting.pb.h"
#include "xianfu/personnel/v1/personnel.pb.h"
#include "xianfu/supervision/v1/supervision.pb.h"

ABSL_FLAG(std::string, scenario, "",
          "health | get-official | resolve-acting | create-conduct-record | documents | create-matter | create-task");
ABSL_FLAG(std::string, target, "127.0.0.1:7101", "the service called");
ABSL_FLAG(std::string, token, "", "bearer token of the caller");
ABSL_FLAG(int, concurrency, 1, "calls in flight");
ABSL_FLAG(int, seconds, 8, "measured seconds per trial (after one second of warm-up)");
ABSL_FLAG(int, trials, 3, "trials per row; the row reports the median trial and the spread");
ABSL_FLAG(std::string, clerk_token, "", "documents: a clerk of units/commerce-bureau");
ABSL_FLAG(std::string, office_token, "", "documents: a clerk of the county government office");
ABSL_FLAG(std::string, watch, "",
          "name:pid,… of processes whose CPU per call is reported beside each row (this process is always "
          "watched, as \"load generator\")");

namespace xianfu::bench {
namespace {

namespace pv1 = ::xianfu::personnel::v1;
namespace dv1 = ::xianfu::document::v1;

std::string RunId() { return absl::StrCat(absl::ToUnixMicros(absl::Now())); }

// The processes whose CPU each row reports (--watch), parsed in main.
const CpuWatch* watch = nullptr;

void Print(const std::string& scenario, const std::string& method, int concurrency, const LoadResult& r,
           const std::vector<double>& trials = {}) {
  nlohmann::json j;
  j["scenario"] = scenario;
  j["method"] = method;
  j["concurrency"] = concurrency;
  j["seconds"] = r.seconds;
  j["calls"] = r.calls;
  j["ok"] = r.ok;
  j["rate"] = r.rate();
  j["p50_ms"] = r.p50_ms;
  j["p99_ms"] = r.p99_ms;
  j["errors"] = r.errors;
  if (!r.first_error.empty()) j["first_error"] = r.first_error;
  if (!trials.empty()) j["trials"] = trials;
  if (!r.cpu.us_per_call.empty()) {
    j["cpu_us_per_call"] = r.cpu.us_per_call;
    j["machine_busy"] = r.cpu.machine_busy;
  }
  std::cout << j.dump() << std::endl;
}

int Fail(const std::string& what, const grpc::Status& s) {
  std::fprintf(stderr, "xianfu-bench: %s failed: %s: %s\n", what.c_str(), CodeName(s.error_code()).c_str(),
               s.error_message().c_str());
  return 1;
}

// Several trials of `spec`, call i of each trial's request made by `body`; the results sorted
// by rate (the median is reported: this machine's neighbours make single trials noisy). Each
// trial numbers its calls apart from the others', so a write's request id is never reused (a
// reused one would measure the replay of a stored response, not a write).
std::vector<LoadResult> Trials(LoadSpec spec, const std::function<std::string(int64_t)>& body) {
  constexpr int64_t kCallsPerTrial = 1'000'000'000;
  std::vector<LoadResult> results;
  for (int t = 0; t < std::max(1, absl::GetFlag(FLAGS_trials)); ++t) {
    spec.request = [&, first = t * kCallsPerTrial](int64_t i) -> std::optional<std::string> { return body(first + i); };
    results.push_back(RunLoad(spec));
  }
  std::sort(results.begin(), results.end(),
            [](const LoadResult& a, const LoadResult& b) { return a.rate() < b.rate(); });
  return results;
}

void PrintMedian(const std::string& scenario, const std::string& method, int concurrency,
                 const std::vector<LoadResult>& results) {
  std::vector<double> rates;
  for (const LoadResult& r : results) rates.push_back(r.rate());
  Print(scenario, method, concurrency, results[results.size() / 2], rates);
}

// A scenario whose calls all look alike but for what `body` makes of their index.
int Simple(const std::string& scenario, const std::string& method, const std::string& token,
           const std::function<std::string(int64_t)>& body) {
  std::string probe;
  if (grpc::Status s = CallOnce(absl::GetFlag(FLAGS_target), method, token, body(-1), &probe); !s.ok()) {
    return Fail(scenario, s);
  }
  LoadSpec spec;
  spec.target = absl::GetFlag(FLAGS_target);
  spec.method = method;
  spec.token = token;
  spec.concurrency = absl::GetFlag(FLAGS_concurrency);
  spec.duration = absl::Seconds(absl::GetFlag(FLAGS_seconds));
  spec.cpu = watch;
  PrintMedian(scenario, method, spec.concurrency, Trials(spec, body));
  return 0;
}

// CreateDocument (measured), SubmitDocument on what was created (not measured), then
// ReviewDocument on what was submitted (measured): the office routes each to the leader in
// charge of the commerce bureau, who is away, so personnel-svc names his stand-in.
int Documents() {
  const std::string target = absl::GetFlag(FLAGS_target);
  const std::string clerk = absl::GetFlag(FLAGS_clerk_token), office = absl::GetFlag(FLAGS_office_token);
  const int concurrency = absl::GetFlag(FLAGS_concurrency);
  const std::string run = RunId();
  struct Made {
    std::string name, etag;
  };
  std::mutex mu;
  std::vector<Made> created, submitted;

  auto create_body = [&](int64_t i) {
    dv1::CreateDocumentRequest req;
    dv1::Document* d = req.mutable_document();
    d->set_direction(dv1::DIRECTION_INCOMING);
    d->set_kind(dv1::DOCUMENT_KIND_REPORT);
    d->set_title(absl::StrCat("关于商务工作第", i + 2, "期进展情况的报告"));
    d->set_unit("units/commerce-bureau");
    d->set_signer("officials/huang-tao");
    d->add_principal_recipients("units/government");
    d->set_classification(dv1::CLASSIFICATION_PUBLIC);
    req.set_request_id(absl::StrCat("bench-create-", run, "-", i));
    return req.SerializeAsString();
  };
  const std::string create_method = "/xianfu.document.v1.DocumentService/CreateDocument";
  std::string probe;
  if (grpc::Status s = CallOnce(target, create_method, clerk, create_body(-1), &probe); !s.ok()) {
    return Fail("CreateDocument", s);
  }
  LoadSpec create;
  create.target = target;
  create.method = create_method;
  create.token = clerk;
  create.concurrency = concurrency;
  create.duration = absl::Seconds(absl::GetFlag(FLAGS_seconds));
  create.cpu = watch;
  create.on_response = [&](int64_t, const std::string& bytes) {
    dv1::Document d;
    d.ParseFromString(bytes);
    std::lock_guard<std::mutex> lock(mu);
    created.push_back({d.name(), d.etag()});
  };
  const std::vector<LoadResult> creates = Trials(create, create_body);
  PrintMedian("create-document", create_method, concurrency, creates);
  // One trial's worth goes on to be submitted and reviewed, so the review row lasts as long
  // whatever the number of trials.
  created.resize(std::min<size_t>(created.size(), creates.back().ok));

  LoadSpec submit;
  submit.target = target;
  submit.method = "/xianfu.document.v1.DocumentService/SubmitDocument";
  submit.token = clerk;
  submit.concurrency = concurrency;
  submit.duration = absl::Hours(1);
  submit.warmup = absl::ZeroDuration();
  submit.request = [&](int64_t i) -> std::optional<std::string> {
    std::lock_guard<std::mutex> lock(mu);
    if (i >= static_cast<int64_t>(created.size())) return std::nullopt;
    dv1::SubmitDocumentRequest req;
    req.set_name(created[i].name);
    req.set_etag(created[i].etag);
    req.set_request_id(absl::StrCat("bench-submit-", run, "-", i));
    return req.SerializeAsString();
  };
  submit.on_response = [&](int64_t, const std::string& bytes) {
    dv1::Document d;
    d.ParseFromString(bytes);
    std::lock_guard<std::mutex> lock(mu);
    submitted.push_back({d.name(), d.etag()});
  };
  LoadResult submitted_result = RunLoad(submit);
  if (submitted.empty()) {
    std::fprintf(stderr, "xianfu-bench: no document was submitted: %s\n", submitted_result.first_error.c_str());
    return 1;
  }

  LoadSpec review;
  review.target = target;
  review.method = "/xianfu.document.v1.DocumentService/ReviewDocument";
  review.token = office;
  review.concurrency = concurrency;
  review.duration = absl::Hours(1);
  review.warmup = absl::ZeroDuration();
  review.cpu = watch;
  std::string acting_leader;
  review.request = [&](int64_t i) -> std::optional<std::string> {
    std::lock_guard<std::mutex> lock(mu);
    if (i >= static_cast<int64_t>(submitted.size())) return std::nullopt;
    dv1::ReviewDocumentRequest req;
    req.set_name(submitted[i].name);
    req.set_etag(submitted[i].etag);
    req.set_handling_opinion("拟请分管领导阅示");
    req.set_request_id(absl::StrCat("bench-review-", run, "-", i));
    return req.SerializeAsString();
  };
  review.on_response = [&](int64_t, const std::string& bytes) {
    dv1::Document d;
    d.ParseFromString(bytes);
    std::lock_guard<std::mutex> lock(mu);
    if (acting_leader.empty()) acting_leader = absl::StrCat(d.routed_leader(), " → ", d.acting_leader());
  };
  LoadResult reviewed = RunLoad(review);
  Print("review-document", review.method, concurrency, reviewed);
  std::fprintf(stderr, "xianfu-bench: ReviewDocument routed %s\n", acting_leader.c_str());
  return 0;
}

}  // namespace
}  // namespace xianfu::bench

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  // As in the services (common/server.cc): without it every Mutex operation updates a process-wide
  // lock graph, a cost the measured code does not pay when serving.
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  using namespace xianfu::bench;
  const std::string scenario = absl::GetFlag(FLAGS_scenario);
  const std::string token = absl::GetFlag(FLAGS_token);
  absl::StatusOr<CpuWatch> watched = CpuWatch::Parse(absl::GetFlag(FLAGS_watch), "load generator");
  if (!watched.ok()) {
    std::fprintf(stderr, "xianfu-bench: %s\n", std::string(watched.status().message()).c_str());
    return 2;
  }
  watch = &*watched;
  if (scenario == "health") {
    return Simple(scenario, "/grpc.health.v1.Health/Check", "", [](int64_t) { return std::string(); });
  }
  if (scenario == "get-official") {
    xianfu::personnel::v1::GetOfficialRequest req;
    req.set_name("officials/wang-hai");
    const std::string body = req.SerializeAsString();
    return Simple(scenario, "/xianfu.personnel.v1.PersonnelService/GetOfficial", token, [&](int64_t) { return body; });
  }
  if (scenario == "resolve-acting") {
    xianfu::personnel::v1::ResolveActingRequest req;
    req.set_official("officials/wang-hai");
    req.set_act(xianfu::personnel::v1::ACT_KIND_PORTFOLIO_APPROVAL);
    const std::string body = req.SerializeAsString();
    return Simple(scenario, "/xianfu.personnel.v1.PersonnelService/ResolveActing", token,
                  [&](int64_t) { return body; });
  }
  if (scenario == "create-conduct-record") {
    const std::string run = RunId();
    return Simple(scenario, "/xianfu.personnel.v1.PersonnelService/CreateConductRecord", token, [&](int64_t i) {
      xianfu::personnel::v1::CreateConductRecordRequest req;
      auto* r = req.mutable_record();
      r->set_official("officials/wang-hai");
      r->set_kind(xianfu::personnel::v1::CONDUCT_KIND_FIELD_RESEARCH);
      r->set_summary("到勐捧镇调研边境贸易");
      r->set_escorts(2);
      req.set_request_id(absl::StrCat("bench-record-", run, "-", i));
      return req.SerializeAsString();
    });
  }
  if (scenario == "create-matter") {  // meeting-svc: a fund adjustment the finance bureau puts forward
    const std::string run = RunId();
    return Simple(scenario, "/xianfu.meeting.v1.MeetingService/CreateMatter", token, [&](int64_t i) {
      xianfu::meeting::v1::CreateMatterRequest req;
      auto* m = req.mutable_matter();
      m->set_kind(xianfu::meeting::v1::MATTER_KIND_FUND_ADJUSTMENT);
      m->set_title("村级活动场所维修资金调整");
      m->set_unit("units/finance-bureau");
      m->mutable_amount()->set_fen(15000000);
      req.set_request_id(absl::StrCat("bench-matter-", run, "-", i));
      return req.SerializeAsString();
    });
  }
  if (scenario == "create-task") {  // supervision-svc: an NPC inquiry the commerce bureau answers
    const std::string run = RunId();
    const absl::CivilDay due = xianfu::LocalDay(absl::Now()) + 20;
    return Simple(scenario, "/xianfu.supervision.v1.SupervisionService/CreateTask", token, [&](int64_t i) {
      xianfu::supervision::v1::CreateTaskRequest req;
      auto* t = req.mutable_task();
      t->set_title("县人大常委会关于边民互市贸易的询问");
      t->set_category(xianfu::supervision::v1::TASK_CATEGORY_BOTTLENECK_OR_HOTSPOT);
      t->set_origin(xianfu::supervision::v1::TASK_ORIGIN_NPC_INQUIRY);
      t->set_lead_unit("units/commerce-bureau");
      *t->mutable_deadline() = xianfu::ToProtoDate(due);
      req.set_request_id(absl::StrCat("bench-task-", run, "-", i));
      return req.SerializeAsString();
    });
  }
  if (scenario == "documents") return Documents();
  if (scenario == "absence") {
    // Set-up: officials/wang-hai (in charge of the commerce bureau) is away from today for three days.
    const absl::CivilDay today = xianfu::LocalDay(absl::Now());
    xianfu::personnel::v1::CreateAbsenceRequest req;
    auto* a = req.mutable_absence();
    a->set_official("officials/wang-hai");
    a->set_kind(xianfu::personnel::v1::ABSENCE_KIND_BUSINESS_TRIP);
    a->set_leaves_jurisdiction(true);
    *a->mutable_start_date() = xianfu::ToProtoDate(today);
    *a->mutable_end_date() = xianfu::ToProtoDate(today + 2);
    req.set_request_id(absl::StrCat("bench-absence-", RunId()));
    std::string out;
    grpc::Status s = CallOnce(absl::GetFlag(FLAGS_target), "/xianfu.personnel.v1.PersonnelService/CreateAbsence", token,
                              req.SerializeAsString(), &out);
    return s.ok() ? 0 : Fail("CreateAbsence", s);
  }
  std::fprintf(stderr, "xianfu-bench: unknown --scenario=%s\n", scenario.c_str());
  return 2;
}
