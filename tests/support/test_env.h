// Shared by the integration and end-to-end tests: a fresh database per test on the MariaDB
// that scripts/test starts, a private MariaDB that a test may stop and restart, service
// processes started from the build tree, and tokens.
#ifndef XIANFU_TESTS_SUPPORT_TEST_ENV_H_
#define XIANFU_TESTS_SUPPORT_TEST_ENV_H_

#include <sys/types.h>

#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "common/auth.h"
#include "common/db.h"
#include "grpcpp/grpcpp.h"

namespace xianfu::testing {

// The MariaDB server scripts/test started (XIANFU_TEST_DB_* variables). Aborts the test
// binary with a clear message when they are missing: run the tests through scripts/test.
DatabaseOptions AdminOptions();

// A database of its own with a migrating and a running user, dropped at the end.
class TestDatabase {
 public:
  explicit TestDatabase(const DatabaseOptions& admin = AdminOptions());
  ~TestDatabase();
  const DatabaseOptions& migrator() const { return migrator_; }
  const DatabaseOptions& app() const { return app_; }
  const std::string& name() const { return name_; }
  // Runs SQL as the administrator (inspection, tampering in tests).
  void AdminExec(const std::string& sql) const;
  std::vector<SqlRow> AdminQuery(const std::string& sql) const;
  // Writes the passwords to files for service processes.
  std::string migrator_password_file() const;
  std::string app_password_file() const;

 private:
  DatabaseOptions admin_, migrator_, app_;
  std::string name_;
};

// Applies the platform's own migrations (request log, audit, outbox, feed, inbox, timers) and
// any extra migration sets to a test database; of the extra sets, only the versions up to
// `last_version` (a schema as an earlier release left it, for testing a migration of its data).
void MigrateForTest(const TestDatabase& db, const std::vector<std::string>& service_dirs = {},
                    int last_version = std::numeric_limits<int>::max());

// A MariaDB of the test's own, on a free port, that the test may stop and start again.
class PrivateMariaDb {
 public:
  PrivateMariaDb();
  ~PrivateMariaDb();
  void Start();
  void Stop();
  DatabaseOptions admin() const;

 private:
  std::string dir_;
  int port_;
  pid_t pid_ = -1;
};

// Keys and tokens: an HS256 key config in a temp directory.
class TestAuth {
 public:
  TestAuth();
  const std::string& config_path() const { return config_path_; }
  const std::string& audit_key_path() const { return audit_key_path_; }
  std::string Token(const std::string& subject, AdminRole role = AdminRole::kNone,
                    const std::string& on_behalf_of = "") const;

 private:
  std::string config_path_;
  std::string audit_key_path_;
  std::string secret_;
};

// A service binary from the build tree, started with its flags and stopped with SIGTERM.
class ServiceProcess {
 public:
  // `binary` relative to the build dir, e.g. "personnel-svc/personnel-svc".
  ServiceProcess(const std::string& binary, std::vector<std::string> args);
  ~ServiceProcess();
  // Waits for the port file; false if the process exited first.
  bool WaitForPort(absl::Duration timeout = absl::Seconds(60));
  int port() const { return port_; }
  std::string target() const;
  // A channel whose writes carry a fresh request_id when the test left it out (AIP-155); for the
  // generated stubs only (a generic call's message is not a proto).
  std::shared_ptr<grpc::Channel> channel() const;
  // A channel that sends exactly what the test wrote.
  std::shared_ptr<grpc::Channel> raw_channel() const;
  // SIGTERM, then waits; returns the exit status (or -1 on timeout).
  int Stop(absl::Duration timeout = absl::Seconds(20));
  bool running();
  std::string log() const;

 private:
  std::string dir_;
  pid_t pid_ = -1;
  int port_ = 0;
  int exit_status_ = -1;
};

// Flags every database service needs for a TestDatabase.
std::vector<std::string> ServiceFlags(const TestDatabase& db, const TestAuth& auth, const std::string& service);

std::string MakeTempDir(const std::string& prefix);
// A port on 127.0.0.1 nobody listens on right now.
int FreePort();
std::string UniqueSuffix();

}  // namespace xianfu::testing

#endif  // XIANFU_TESTS_SUPPORT_TEST_ENV_H_
