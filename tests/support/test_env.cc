#include "tests/support/test_env.h"

#include <arpa/inet.h>
#include <cppconn/connection.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"
#include "common/health_client.h"
#include "common/migrate.h"
#include "google/protobuf/message.h"
#include "grpcpp/support/client_interceptor.h"
#include "gtest/gtest.h"

extern char** environ;

namespace xianfu::testing {
namespace {

constexpr char kTestSecret[] = "integration-test-secret-0123456789abcdef";

std::string Env(const char* name) {
  const char* v = std::getenv(name);
  return v ? v : "";
}

void WriteFile(const std::string& path, const std::string& content) {
  std::ofstream out(path, std::ios::binary);
  out << content;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

pid_t Spawn(const std::vector<std::string>& argv, const std::string& log_path) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
  posix_spawn_file_actions_adddup2(&actions, 1, 2);
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid = -1;
  int rc = posix_spawnp(&pid, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) ADD_FAILURE() << "cannot start " << argv[0] << ": " << strerror(rc);
  return rc == 0 ? pid : -1;
}

}  // namespace

int FreePort() {
  // Ask the kernel for a free port by binding port 0 on loopback.
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr));
  socklen_t len = sizeof(addr);
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  int port = ntohs(addr.sin_port);
  close(fd);
  return port;
}

std::string UniqueSuffix() {
  static std::atomic<int> counter{0};
  return absl::StrCat(getpid(), "_", counter++);
}

std::string MakeTempDir(const std::string& prefix) {
  std::string base = Env("XIANFU_TEST_TMP");
  if (base.empty()) base = std::filesystem::temp_directory_path().string();
  std::string dir = absl::StrCat(base, "/", prefix, "-", UniqueSuffix());
  std::filesystem::create_directories(dir);
  return dir;
}

DatabaseOptions AdminOptions() {
  DatabaseOptions o;
  o.host = Env("XIANFU_TEST_DB_HOST");
  std::string port = Env("XIANFU_TEST_DB_PORT");
  o.user = Env("XIANFU_TEST_DB_ADMIN_USER");
  o.password = Env("XIANFU_TEST_DB_ADMIN_PASSWORD");
  if (o.host.empty() || port.empty() || o.user.empty() || !absl::SimpleAtoi(port, &o.port)) {
    std::fprintf(stderr,
                 "integration tests need the MariaDB that scripts/test starts "
                 "(XIANFU_TEST_DB_HOST/PORT/ADMIN_USER/ADMIN_PASSWORD); run scripts/test\n");
    std::abort();
  }
  o.pool_size = 4;
  return o;
}

TestDatabase::TestDatabase(const DatabaseOptions& admin) : admin_(admin) {
  name_ = absl::StrCat("t", UniqueSuffix());
  migrator_ = admin_;
  migrator_.schema = name_;
  migrator_.user = name_ + "m";
  migrator_.password = "pw-" + name_ + "-m";
  app_ = migrator_;
  app_.user = name_ + "a";
  app_.password = "pw-" + name_ + "-a";
  AdminExec(absl::StrCat("CREATE DATABASE ", name_, " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"));
  AdminExec(absl::StrCat("CREATE USER '", migrator_.user, "'@'%' IDENTIFIED BY '", migrator_.password, "'"));
  AdminExec(absl::StrCat("GRANT ALL PRIVILEGES ON ", name_, ".* TO '", migrator_.user, "'@'%' WITH GRANT OPTION"));
  AdminExec(absl::StrCat("CREATE USER '", app_.user, "'@'%' IDENTIFIED BY '", app_.password, "'"));
}

TestDatabase::~TestDatabase() {
  AdminExec(absl::StrCat("DROP DATABASE IF EXISTS ", name_));
  AdminExec(absl::StrCat("DROP USER IF EXISTS '", migrator_.user, "'@'%'"));
  AdminExec(absl::StrCat("DROP USER IF EXISTS '", app_.user, "'@'%'"));
}

void TestDatabase::AdminExec(const std::string& sql) const { AdminQuery(sql); }

std::vector<SqlRow> TestDatabase::AdminQuery(const std::string& sql) const {
  absl::StatusOr<std::unique_ptr<sql::Connection>> conn = ConnectOnce(admin_);
  if (!conn.ok()) {
    ADD_FAILURE() << conn.status();
    return {};
  }
  (*conn)->setAutoCommit(true);
  absl::StatusOr<std::vector<SqlRow>> rows = RunOn(conn->get(), sql);
  if (!rows.ok()) {
    ADD_FAILURE() << sql << ": " << rows.status();
    return {};
  }
  return *std::move(rows);
}

std::string TestDatabase::migrator_password_file() const {
  std::string path = MakeTempDir("pw") + "/migrate";
  WriteFile(path, migrator_.password);
  return path;
}

std::string TestDatabase::app_password_file() const {
  std::string path = MakeTempDir("pw") + "/app";
  WriteFile(path, app_.password);
  return path;
}

void MigrateForTest(const TestDatabase& db, const std::vector<std::string>& service_dirs, int last_version) {
  std::vector<MigrationSet> sets;
  std::vector<std::pair<std::string, std::string>> dirs = {
      {"platform", std::string(XIANFU_SOURCE_DIR) + "/common/migrations"}};
  for (const std::string& d : service_dirs) dirs.emplace_back(std::filesystem::path(d).parent_path().filename(), d);
  for (const auto& [module, dir] : dirs) {
    absl::StatusOr<std::vector<MigrationFile>> files = ReadMigrations(dir);
    ASSERT_TRUE(files.ok()) << files.status();
    if (module != "platform") std::erase_if(*files, [&](const MigrationFile& f) { return f.version > last_version; });
    sets.push_back({module, *files});
  }
  absl::StatusOr<MigrationReport> report = Migrate(db.migrator(), sets, db.app().user);
  ASSERT_TRUE(report.ok()) << report.status();
}

PrivateMariaDb::PrivateMariaDb() : dir_(MakeTempDir("mariadb")), port_(FreePort()) {
  std::string log = dir_ + "/install.log";
  pid_t pid = Spawn({"mariadb-install-db", "--no-defaults", "--auth-root-authentication-method=normal",
                     "--skip-test-db", "--datadir=" + dir_ + "/data", "--user=root"},
                    log);
  int status = 0;
  waitpid(pid, &status, 0);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) ADD_FAILURE() << ReadFile(log);
  Start();
  // Root over TCP from 127.0.0.1 has no password in a fresh data directory; keep it so: the
  // server is bound to loopback and lives only as long as the test.
}

PrivateMariaDb::~PrivateMariaDb() {
  Stop();
  std::error_code ec;
  std::filesystem::remove_all(dir_, ec);
}

void PrivateMariaDb::Start() {
  pid_ = Spawn({"mariadbd", "--no-defaults", "--user=root", "--datadir=" + dir_ + "/data",
                "--socket=" + dir_ + "/mysqld.sock", absl::StrCat("--port=", port_), "--bind-address=127.0.0.1",
                "--character-set-server=utf8mb4", "--collation-server=utf8mb4_unicode_ci", "--skip-name-resolve",
                "--skip-log-bin", "--innodb-buffer-pool-size=64M", "--log-error=" + dir_ + "/error.log"},
               dir_ + "/stdout.log");
  absl::Time deadline = absl::Now() + absl::Seconds(30);
  while (absl::Now() < deadline) {
    if (ConnectOnce(admin()).ok()) return;
    absl::SleepFor(absl::Milliseconds(100));
  }
  ADD_FAILURE() << "private MariaDB did not start: " << ReadFile(dir_ + "/error.log");
}

void PrivateMariaDb::Stop() {
  if (pid_ <= 0) return;
  kill(pid_, SIGTERM);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
}

DatabaseOptions PrivateMariaDb::admin() const {
  DatabaseOptions o;
  o.host = "127.0.0.1";
  o.port = port_;
  o.user = "root";
  o.connect_timeout = absl::Seconds(1);
  o.pool_size = 4;
  return o;
}

TestAuth::TestAuth() : secret_(kTestSecret) {
  std::string dir = MakeTempDir("auth");
  WriteFile(dir + "/hs.key", secret_);
  config_path_ = dir + "/auth.json";
  audit_key_path_ = dir + "/audit.key";
  WriteFile(audit_key_path_, "integration-test-audit-key-0123456789abcdef");
  WriteFile(config_path_, R"({"issuer": "xianfu-test", "audience": "xianfu",
    "keys": [{"kid": "test-hs-1", "alg": "HS256", "secret_file": "hs.key"}],
    "trusted_clients": ["clients/oa-system"]})");
}

std::string TestAuth::Token(const std::string& subject, AdminRole role, const std::string& on_behalf_of) const {
  TokenSpec spec;
  spec.subject = subject;
  spec.admin_role = role;
  spec.on_behalf_of = on_behalf_of;
  spec.issuer = "xianfu-test";
  spec.audience = "xianfu";
  spec.issued_at = absl::Now();
  return *MintToken(spec, "test-hs-1", "HS256", secret_);
}

ServiceProcess::ServiceProcess(const std::string& binary, std::vector<std::string> args) : dir_(MakeTempDir("svc")) {
  std::vector<std::string> argv = {absl::StrCat(XIANFU_BINARY_DIR, "/", binary), "--listen=127.0.0.1:0",
                                   "--port_file=" + dir_ + "/port", "--drain_seconds=0", "--health_interval_ms=200"};
  argv.insert(argv.end(), args.begin(), args.end());
  pid_ = Spawn(argv, dir_ + "/log");
}

ServiceProcess::~ServiceProcess() {
  if (pid_ > 0) {
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
  }
}

bool ServiceProcess::WaitForPort(absl::Duration timeout) {
  absl::Time deadline = absl::Now() + timeout;
  while (absl::Now() < deadline) {
    std::string content = ReadFile(dir_ + "/port");
    if (!content.empty() && absl::SimpleAtoi(absl::StripAsciiWhitespace(content), &port_)) return true;
    if (!running()) return false;
    absl::SleepFor(absl::Milliseconds(50));
  }
  return false;
}

bool ServiceProcess::running() {
  if (pid_ <= 0) return false;
  int status = 0;
  pid_t r = waitpid(pid_, &status, WNOHANG);
  if (r == pid_) {
    exit_status_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    pid_ = -1;
    return false;
  }
  return true;
}

std::string ServiceProcess::target() const { return absl::StrCat("127.0.0.1:", port_); }

namespace {

// What AIP-155 lets a client library do: a write sent without a request_id gets a fresh one, so a
// test can leave it out where retries are not what it checks. The caller's message is left as it
// is (a copy is sent), so reusing a request object never replays an earlier call by accident.
class RequestIdInterceptor : public grpc::experimental::Interceptor {
 public:
  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(grpc::experimental::InterceptionHookPoints::PRE_SEND_MESSAGE)) {
      const auto* message = static_cast<const google::protobuf::Message*>(methods->GetSendMessage());
      const auto* field = message == nullptr ? nullptr : message->GetDescriptor()->FindFieldByName("request_id");
      if (field != nullptr && field->cpp_type() == google::protobuf::FieldDescriptor::CPPTYPE_STRING &&
          !field->is_repeated() && message->GetReflection()->GetString(*message, field).empty()) {
        static std::atomic<int64_t> next{1};
        copy_.reset(message->New());
        copy_->CopyFrom(*message);
        copy_->GetReflection()->SetString(copy_.get(), field, absl::StrCat("test-", UniqueSuffix(), "-", next++));
        methods->ModifySendMessage(copy_.get());
      }
    }
    methods->Proceed();
  }

 private:
  std::unique_ptr<google::protobuf::Message> copy_;
};

class RequestIdInterceptorFactory : public grpc::experimental::ClientInterceptorFactoryInterface {
 public:
  grpc::experimental::Interceptor* CreateClientInterceptor(grpc::experimental::ClientRpcInfo*) override {
    return new RequestIdInterceptor();
  }
};

}  // namespace

std::shared_ptr<grpc::Channel> ServiceProcess::channel() const {
  std::vector<std::unique_ptr<grpc::experimental::ClientInterceptorFactoryInterface>> interceptors;
  interceptors.push_back(std::make_unique<RequestIdInterceptorFactory>());
  return grpc::experimental::CreateCustomChannelWithInterceptors(target(), grpc::InsecureChannelCredentials(),
                                                                 grpc::ChannelArguments(), std::move(interceptors));
}

std::shared_ptr<grpc::Channel> ServiceProcess::raw_channel() const {
  return grpc::CreateChannel(target(), grpc::InsecureChannelCredentials());
}

int ServiceProcess::Stop(absl::Duration timeout) {
  if (pid_ <= 0) return exit_status_;
  kill(pid_, SIGTERM);
  absl::Time deadline = absl::Now() + timeout;
  while (running() && absl::Now() < deadline) absl::SleepFor(absl::Milliseconds(50));
  return pid_ > 0 ? -1 : exit_status_;
}

std::string ServiceProcess::log() const { return ReadFile(dir_ + "/log"); }

std::vector<std::string> ServiceFlags(const TestDatabase& db, const TestAuth& auth, const std::string& service) {
  return {absl::StrCat("--db_host=", db.app().host),
          absl::StrCat("--db_port=", db.app().port),
          "--db_name=" + db.name(),
          "--db_user=" + db.app().user,
          "--db_password_file=" + db.app_password_file(),
          "--migrate_user=" + db.migrator().user,
          "--migrate_password_file=" + db.migrator_password_file(),
          "--auth_config=" + auth.config_path(),
          "--audit_key_file=" + auth.audit_key_path(),
          "--worker_interval_ms=100"};
}

}  // namespace xianfu::testing
