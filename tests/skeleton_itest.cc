// The walking skeleton end to end: every binary starts, migrates its own schema, answers
// health and reflection, authenticates callers, and stops cleanly.
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "common/health_client.h"
#include "gtest/gtest.h"
#include "tests/support/test_env.h"
#include "xianfu/admin/v1/admin.grpc.pb.h"

namespace xianfu {
namespace {

using ::xianfu::testing::PrivateMariaDb;
using ::xianfu::testing::ServiceFlags;
using ::xianfu::testing::ServiceProcess;
using ::xianfu::testing::TestAuth;
using ::xianfu::testing::TestDatabase;

std::string RunCommand(const std::string& command) {
  std::string out;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return out;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof(buf), pipe)) > 0) out.append(buf, n);
  pclose(pipe);
  return out;
}

grpc::Status GetInfo(const ServiceProcess& p, const std::string& token, admin::v1::ServiceInfo* info) {
  auto stub = admin::v1::AdminService::NewStub(p.channel());
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
  if (!token.empty()) ctx.AddMetadata("authorization", "Bearer " + token);
  return stub->GetServiceInfo(&ctx, {}, info);
}

class SkeletonTest : public ::testing::TestWithParam<std::string> {};

TEST_P(SkeletonTest, StartsMigratesServesAuthenticatesAndStops) {
  const std::string svc = GetParam();
  TestDatabase db;
  TestAuth auth;
  ServiceProcess p(svc + "-svc/" + svc + "-svc", ServiceFlags(db, auth, svc));
  ASSERT_TRUE(p.WaitForPort()) << p.log();
  EXPECT_EQ(WaitForHealth(p.target(), HealthState::kServing, absl::Seconds(20)), HealthState::kServing) << p.log();

  admin::v1::ServiceInfo info;
  grpc::Status anonymous = GetInfo(p, "", &info);
  EXPECT_EQ(anonymous.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  grpc::Status forged = GetInfo(p, "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.", &info);
  EXPECT_EQ(forged.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  grpc::Status ok = GetInfo(p, auth.Token("officials/wang-hai"), &info);
  ASSERT_TRUE(ok.ok()) << ok.error_message();
  EXPECT_EQ(info.service(), svc);
  EXPECT_EQ(info.schema_version().rfind("platform V", 0), 0u) << info.schema_version();
  EXPECT_FALSE(info.fake_clock());
  EXPECT_EQ(info.policy_version().rfind("mengla-2022@", 0), 0u) << info.policy_version();
  EXPECT_FALSE(info.calendar_version().empty());

  // The schema is the service's own, and it is in the service's database.
  auto tables = db.AdminQuery("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = '" + db.name() +
                              "' AND table_name = 'request_log'");
  EXPECT_EQ(tables[0].Int(0), 1);

  // The audit trail is verifiable by the audit administrator only.
  {
    auto stub = admin::v1::AdminService::NewStub(p.channel());
    admin::v1::VerifyAuditChainResponse verified;
    grpc::ClientContext as_official;
    as_official.AddMetadata("authorization", "Bearer " + auth.Token("officials/wang-hai"));
    EXPECT_EQ(stub->VerifyAuditChain(&as_official, {}, &verified).error_code(), grpc::StatusCode::PERMISSION_DENIED);
    grpc::ClientContext as_auditor;
    as_auditor.AddMetadata("authorization", "Bearer " + auth.Token("officials/auditor", AdminRole::kAuditAdmin));
    ASSERT_TRUE(stub->VerifyAuditChain(&as_auditor, {}, &verified).ok());
    EXPECT_TRUE(verified.intact());
  }

  // Reflection, as a newcomer would use it: list the services, then call one by name.
  const std::string buf =
      absl::StrCat(XIANFU_SOURCE_DIR, "/node_modules/.bin/buf curl --protocol grpc ", "--http2-prior-knowledge ");
  std::string listing = RunCommand(absl::StrCat(buf, "--list-services http://", p.target(), " 2>&1"));
  EXPECT_NE(listing.find("xianfu.admin.v1.AdminService"), std::string::npos) << listing;
  EXPECT_NE(listing.find("grpc.health.v1.Health"), std::string::npos) << listing;
  std::string reply =
      RunCommand(absl::StrCat(buf, "-H 'authorization: Bearer ", auth.Token("officials/wang-hai"), "' http://",
                              p.target(), "/xianfu.admin.v1.AdminService/GetServiceInfo 2>&1"));
  EXPECT_NE(reply.find("\"service\": \"" + svc + "\""), std::string::npos) << reply;

  EXPECT_EQ(p.Stop(), 0) << p.log();
  EXPECT_NE(p.log().find("\"event\":\"stopped\""), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(AllServices, SkeletonTest,
                         ::testing::Values("personnel", "document", "meeting", "supervision"));

TEST(GatewaySkeletonTest, StartsWithoutDatabaseAndAuthenticates) {
  TestAuth auth;
  const int metrics_port = ::xianfu::testing::FreePort();
  ServiceProcess p("gateway/gateway",
                   {"--auth_config=" + auth.config_path(), absl::StrCat("--metrics_listen=127.0.0.1:", metrics_port)});
  ASSERT_TRUE(p.WaitForPort()) << p.log();
  EXPECT_EQ(WaitForHealth(p.target(), HealthState::kServing, absl::Seconds(20)), HealthState::kServing);
  admin::v1::ServiceInfo info;
  EXPECT_EQ(GetInfo(p, "", &info).error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_TRUE(GetInfo(p, auth.Token("clients/oa-system"), &info).ok());
  EXPECT_EQ(info.service(), "gateway");
  const std::string metrics = RunCommand(absl::StrCat("curl -s http://127.0.0.1:", metrics_port, "/metrics"));
  EXPECT_NE(metrics.find("xianfu_rpc_total{code=\"OK\",method=\"/xianfu.admin.v1.AdminService/GetServiceInfo\"} 1"),
            std::string::npos)
      << metrics;
  const std::string status = absl::StrCat("curl -s -o /dev/null -w '%{http_code}' http://127.0.0.1:", metrics_port);
  EXPECT_EQ(RunCommand(status + "/other"), "404");
  EXPECT_EQ(RunCommand(status + "/metrics -X POST -d payload"), "413");  // a scrape carries no body
  EXPECT_EQ(p.Stop(), 0);
}

TEST(TlsTest, ListenerServesTlsAndCanRequireClientCertificates) {
  TestAuth auth;
  const std::string dir = ::xianfu::testing::MakeTempDir("tls");
  const std::string make_cert =
      "openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=localhost "
      "-addext subjectAltName=DNS:localhost,IP:127.0.0.1 -keyout " +
      dir + "/key.pem -out " + dir + "/cert.pem >/dev/null 2>&1";
  ASSERT_EQ(std::system(make_cert.c_str()), 0);
  auto read = [](const std::string& path) {
    std::ifstream in(path);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  };
  const std::string cert = read(dir + "/cert.pem"), key = read(dir + "/key.pem");
  const int metrics_port = ::xianfu::testing::FreePort();
  ServiceProcess p("gateway/gateway",
                   {"--auth_config=" + auth.config_path(), "--tls_cert_file=" + dir + "/cert.pem",
                    "--tls_key_file=" + dir + "/key.pem", "--tls_client_ca_file=" + dir + "/cert.pem",
                    "--tls_require_client_cert", absl::StrCat("--metrics_listen=127.0.0.1:", metrics_port)});
  ASSERT_TRUE(p.WaitForPort()) << p.log();
  auto call = [&](std::shared_ptr<grpc::ChannelCredentials> creds) {
    grpc::ChannelArguments args;
    args.SetSslTargetNameOverride("localhost");
    auto stub = admin::v1::AdminService::NewStub(grpc::CreateCustomChannel(p.target(), creds, args));
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
    ctx.AddMetadata("authorization", "Bearer " + auth.Token("clients/oa-system"));
    admin::v1::ServiceInfo info;
    return stub->GetServiceInfo(&ctx, {}, &info);
  };
  grpc::SslCredentialsOptions with_cert{cert, key, cert};
  grpc::Status mutual = call(grpc::SslCredentials(with_cert));
  EXPECT_TRUE(mutual.ok()) << mutual.error_message();
  grpc::SslCredentialsOptions without_cert;
  without_cert.pem_root_certs = cert;
  EXPECT_FALSE(call(grpc::SslCredentials(without_cert)).ok());
  EXPECT_FALSE(call(grpc::InsecureChannelCredentials()).ok());
  // The metrics listener speaks TLS too, and counts the calls above.
  const std::string metrics =
      RunCommand(absl::StrCat("curl -s --cacert ", dir, "/cert.pem https://localhost:", metrics_port, "/metrics"));
  EXPECT_NE(metrics.find("xianfu_rpc_total{"), std::string::npos) << metrics;
  EXPECT_EQ(RunCommand(absl::StrCat("curl -s http://127.0.0.1:", metrics_port, "/metrics")).find("xianfu_rpc_total"),
            std::string::npos);
  EXPECT_EQ(p.Stop(), 0);
}

TEST(HealthTest, NotServingWhileDatabaseIsDownThenServingWithoutRestart) {
  PrivateMariaDb server;
  TestDatabase db(server.admin());
  TestAuth auth;
  ServiceProcess p("personnel-svc/personnel-svc", ServiceFlags(db, auth, "personnel"));
  ASSERT_TRUE(p.WaitForPort()) << p.log();
  ASSERT_EQ(WaitForHealth(p.target(), HealthState::kServing, absl::Seconds(20)), HealthState::kServing);
  server.Stop();
  EXPECT_EQ(WaitForHealth(p.target(), HealthState::kNotServing, absl::Seconds(20)), HealthState::kNotServing);
  server.Start();
  EXPECT_EQ(WaitForHealth(p.target(), HealthState::kServing, absl::Seconds(20)), HealthState::kServing) << p.log();
  EXPECT_TRUE(p.running());
  EXPECT_EQ(p.Stop(), 0);
}

TEST(HealthTest, SigtermTurnsNotServingBeforeTheListenerCloses) {
  TestDatabase db;
  TestAuth auth;
  std::vector<std::string> flags = ServiceFlags(db, auth, "meeting");
  flags.push_back("--drain_seconds=2");  // overrides the test default of 0
  ServiceProcess p("meeting-svc/meeting-svc", flags);
  ASSERT_TRUE(p.WaitForPort()) << p.log();
  ASSERT_EQ(WaitForHealth(p.target(), HealthState::kServing, absl::Seconds(20)), HealthState::kServing);
  std::thread stopper([&] { EXPECT_EQ(p.Stop(), 0); });
  EXPECT_EQ(WaitForHealth(p.target(), HealthState::kNotServing, absl::Seconds(2)), HealthState::kNotServing);
  stopper.join();
}

TEST(StartupTest, RefusesToStartWithoutAuthConfig) {
  TestDatabase db;
  ServiceProcess no_auth("document-svc/document-svc", {"--db_port=1"});
  EXPECT_FALSE(no_auth.WaitForPort(absl::Seconds(10)));
  EXPECT_NE(no_auth.log().find("--auth_config is required"), std::string::npos) << no_auth.log();
}

TEST(StartupTest, RefusesToStartWithAnInvalidPolicy) {
  TestDatabase db;
  TestAuth auth;
  std::vector<std::string> flags = ServiceFlags(db, auth, "document");
  flags.push_back(std::string("--policy_file=") + XIANFU_SOURCE_DIR + "/common/tests/testdata/unknown-field.textproto");
  ServiceProcess p("document-svc/document-svc", flags);
  EXPECT_FALSE(p.WaitForPort(absl::Seconds(20)));
  EXPECT_NE(p.log().find("cannot start: policy"), std::string::npos) << p.log();
}

TEST(StartupTest, RunsOnAnotherCountysPolicy) {
  TestDatabase db;
  TestAuth auth;
  std::vector<std::string> flags = ServiceFlags(db, auth, "document");
  flags.push_back(std::string("--policy_file=") + XIANFU_SOURCE_DIR + "/common/tests/testdata/other-county.textproto");
  ServiceProcess p("document-svc/document-svc", flags);
  ASSERT_TRUE(p.WaitForPort()) << p.log();
  admin::v1::ServiceInfo info;
  ASSERT_TRUE(GetInfo(p, auth.Token("officials/x"), &info).ok());
  EXPECT_EQ(info.policy_version().rfind("mengla", 0), std::string::npos) << info.policy_version();
  EXPECT_EQ(p.Stop(), 0);
}

TEST(FakeClockTest, OnlyWithTheTestFlagAndOnlyForTheSystemAdministrator) {
  TestDatabase db;
  TestAuth auth;
  std::vector<std::string> flags = ServiceFlags(db, auth, "supervision");
  ServiceProcess real("supervision-svc/supervision-svc", flags);
  ASSERT_TRUE(real.WaitForPort()) << real.log();
  {
    auto stub = admin::v1::ClockService::NewStub(real.channel());
    grpc::ClientContext ctx;
    ctx.AddMetadata("authorization", "Bearer " + auth.Token("officials/root", AdminRole::kSystemAdmin));
    admin::v1::GetTimeResponse resp;
    EXPECT_EQ(stub->GetTime(&ctx, {}, &resp).error_code(), grpc::StatusCode::UNIMPLEMENTED);
  }
  EXPECT_EQ(real.Stop(), 0);

  flags.push_back("--test_fake_clock=2026-10-08T09:00:00+08:00");
  ServiceProcess fake("supervision-svc/supervision-svc", flags);
  ASSERT_TRUE(fake.WaitForPort()) << fake.log();
  EXPECT_NE(fake.log().find("FAKE_CLOCK_ENABLED"), std::string::npos);
  auto stub = admin::v1::ClockService::NewStub(fake.channel());
  admin::v1::SetTimeRequest set;
  set.mutable_time()->set_seconds(
      absl::ToUnixSeconds(absl::FromCivil(absl::CivilSecond(2026, 10, 9, 1, 0, 0), absl::UTCTimeZone())));
  admin::v1::GetTimeResponse resp;
  {
    grpc::ClientContext ctx;
    ctx.AddMetadata("authorization", "Bearer " + auth.Token("officials/wang-hai"));
    EXPECT_EQ(stub->SetTime(&ctx, set, &resp).error_code(), grpc::StatusCode::PERMISSION_DENIED);
  }
  {
    grpc::ClientContext ctx;
    ctx.AddMetadata("authorization", "Bearer " + auth.Token("officials/root", AdminRole::kSystemAdmin));
    ASSERT_TRUE(stub->SetTime(&ctx, set, &resp).ok());
  }
  admin::v1::ServiceInfo info;
  ASSERT_TRUE(GetInfo(fake, auth.Token("officials/wang-hai"), &info).ok());
  EXPECT_TRUE(info.fake_clock());
  EXPECT_NEAR(info.now().seconds(), set.time().seconds(), 5);
  EXPECT_EQ(fake.Stop(), 0);
}

}  // namespace
}  // namespace xianfu
