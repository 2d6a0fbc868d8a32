#include "tests/support/county.h"

#include <atomic>
#include <filesystem>
#include <fstream>

#include "absl/strings/str_cat.h"
#include "common/deadline_proto.h"
#include "google/protobuf/text_format.h"
#include "grpcpp/generic/generic_stub.h"
#include "gtest/gtest.h"
#include "personnel-svc/demo/fixture.h"
#include "xianfu/admin/v1/admin.grpc.pb.h"

namespace xianfu::testing {

County::County(const std::string& clock) {
  std::vector<std::string> p = ServiceFlags(personnel_db_, auth_, "personnel");
  p.push_back("--test_fake_clock=" + clock);
  personnel_ = std::make_unique<ServiceProcess>("personnel-svc/personnel-svc", p);
  EXPECT_TRUE(personnel_->WaitForPort()) << personnel_->log();
  personnel::PersonnelClient admin(personnel_->channel(), Admin(AdminRole::kSystemAdmin));
  personnel::FixtureOptions options;
  options.start = absl::CivilDay(2026, 1, 1);
  absl::Status loaded = personnel::LoadFixtureF1(admin, options);
  EXPECT_TRUE(loaded.ok()) << loaded;

  std::vector<std::string> d = ServiceFlags(document_db_, auth_, "document");
  d.push_back("--test_fake_clock=" + clock);
  const std::string token_file = MakeTempDir("svc-token") + "/token";
  std::ofstream(token_file) << auth_.Token("clients/document-svc");
  d.push_back("--service_token_file=" + token_file);
  d.push_back("--personnel_target=" + personnel_->target());
  document_ = std::make_unique<ServiceProcess>("document-svc/document-svc", d);
  EXPECT_TRUE(document_->WaitForPort()) << document_->log();

  std::vector<std::string> m = ServiceFlags(meeting_db_, auth_, "meeting");
  m.push_back("--test_fake_clock=" + clock);
  const std::string meeting_token = MakeTempDir("svc-token") + "/token";
  std::ofstream(meeting_token) << auth_.Token("clients/meeting-svc");
  m.push_back("--service_token_file=" + meeting_token);
  m.push_back("--personnel_target=" + personnel_->target());
  m.push_back("--document_target=" + document_->target());
  meeting_ = std::make_unique<ServiceProcess>("meeting-svc/meeting-svc", m);
  EXPECT_TRUE(meeting_->WaitForPort()) << meeting_->log();

  std::vector<std::string> v = ServiceFlags(supervision_db_, auth_, "supervision");
  v.push_back("--test_fake_clock=" + clock);
  const std::string supervision_token = MakeTempDir("svc-token") + "/token";
  std::ofstream(supervision_token) << auth_.Token("clients/supervision-svc");
  v.push_back("--service_token_file=" + supervision_token);
  v.push_back("--personnel_target=" + personnel_->target());
  v.push_back("--meeting_target=" + meeting_->target());
  v.push_back("--document_target=" + document_->target());
  calendar_dir_ = MakeTempDir("calendars");
  std::filesystem::copy(std::string(XIANFU_SOURCE_DIR) + "/policy/calendars", calendar_dir_);
  v.push_back("--calendar_dir=" + calendar_dir_);
  v.push_back("--calendar_check_seconds=1");
  supervision_args_ = v;
  supervision_ = std::make_unique<ServiceProcess>("supervision-svc/supervision-svc", v);
  EXPECT_TRUE(supervision_->WaitForPort()) << supervision_->log();
}

ServiceProcess& County::AddSupervisionReplica() {
  replicas_.push_back(std::make_unique<ServiceProcess>("supervision-svc/supervision-svc", supervision_args_));
  ServiceProcess& replica = *replicas_.back();
  EXPECT_TRUE(replica.WaitForPort()) << replica.log();
  if (clock_ != absl::Time()) SetClock(clock_);
  return replica;
}

void County::RestartSupervision() {
  supervision_.reset();  // SIGKILL: no drain, as a crash
  supervision_ = std::make_unique<ServiceProcess>("supervision-svc/supervision-svc", supervision_args_);
  EXPECT_TRUE(supervision_->WaitForPort()) << supervision_->log();
  if (clock_ != absl::Time()) SetClock(clock_);
}

void County::AddCalendarFile(const std::string& source, const std::string& name) {
  // Whole or not at all: a reader never sees half a file.
  const std::string tmp = calendar_dir_ + "/." + name + ".tmp";
  std::filesystem::copy_file(source, tmp, std::filesystem::copy_options::overwrite_existing);
  std::filesystem::rename(tmp, calendar_dir_ + "/" + name);
}

void County::RemoveCalendarFile(const std::string& name) { std::filesystem::remove(calendar_dir_ + "/" + name); }

County::~County() = default;

std::string County::Admin(AdminRole role) const {
  switch (role) {
    case AdminRole::kSystemAdmin:
      return auth_.Token("officials/sys-admin", role);
    case AdminRole::kSecurityAdmin:
      return auth_.Token("officials/sec-admin", role);
    case AdminRole::kAuditAdmin:
      return auth_.Token("officials/audit-admin", role);
    case AdminRole::kNone:
      break;
  }
  return "";
}

void County::SetClock(absl::Time t) {
  clock_ = t;
  std::vector<ServiceProcess*> all = {personnel_.get(), document_.get(), meeting_.get(), supervision_.get()};
  for (const auto& replica : replicas_) all.push_back(replica.get());
  for (ServiceProcess* p : all) {
    auto stub = admin::v1::ClockService::NewStub(p->channel());
    grpc::ClientContext ctx;
    ctx.AddMetadata("authorization", "Bearer " + Admin(AdminRole::kSystemAdmin));
    admin::v1::SetTimeRequest req;
    *req.mutable_time() = ToProtoTime(t);
    admin::v1::GetTimeResponse resp;
    EXPECT_TRUE(stub->SetTime(&ctx, req, &resp).ok());
  }
}

int64_t County::Count(const TestDatabase& db, const std::string& table) const {
  std::vector<SqlRow> rows = db.AdminQuery(absl::StrCat("SELECT COUNT(*) FROM ", db.name(), ".", table));
  return rows.empty() ? -1 : rows[0].Int(0);
}

grpc::Status County::Call(ServiceProcess& process, const std::string& method, const std::string& token,
                          const std::string& request_text, std::unique_ptr<google::protobuf::Message>* response) {
  const auto* m = google::protobuf::DescriptorPool::generated_pool()->FindMethodByName(method);
  if (m == nullptr) return grpc::Status(grpc::StatusCode::INTERNAL, "no method " + method);
  auto* factory = google::protobuf::MessageFactory::generated_factory();
  std::unique_ptr<google::protobuf::Message> request(factory->GetPrototype(m->input_type())->New());
  if (!google::protobuf::TextFormat::ParseFromString(request_text, request.get())) {
    return grpc::Status(grpc::StatusCode::INTERNAL, "test request does not parse: " + request_text);
  }
  if (const auto* rid = m->input_type()->FindFieldByName("request_id");
      rid != nullptr && request->GetReflection()->GetString(*request, rid).empty()) {
    static std::atomic<int64_t> next{1};
    request->GetReflection()->SetString(request.get(), rid, absl::StrCat("county-", UniqueSuffix(), "-", next++));
  }
  grpc::GenericStub stub(process.raw_channel());
  grpc::ClientContext ctx;
  ctx.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(10)));
  if (!token.empty()) ctx.AddMetadata("authorization", "Bearer " + token);
  std::string bytes;
  request->SerializeToString(&bytes);
  grpc::Slice slice(bytes);
  grpc::ByteBuffer send(&slice, 1), receive;
  grpc::CompletionQueue cq;
  auto call = stub.PrepareUnaryCall(&ctx, absl::StrCat("/", m->service()->full_name(), "/", m->name()), send, &cq);
  call->StartCall();
  grpc::Status status;
  call->Finish(&receive, &status, reinterpret_cast<void*>(1));
  void* tag = nullptr;
  bool ok = false;
  cq.Next(&tag, &ok);
  cq.Shutdown();
  while (cq.Next(&tag, &ok)) {
  }
  if (status.ok() && response != nullptr) {
    response->reset(factory->GetPrototype(m->output_type())->New());
    std::vector<grpc::Slice> slices;
    receive.Dump(&slices);
    std::string out;
    for (const grpc::Slice& sl : slices) out.append(reinterpret_cast<const char*>(sl.begin()), sl.size());
    (*response)->ParseFromString(out);
  }
  return status;
}

}  // namespace xianfu::testing
