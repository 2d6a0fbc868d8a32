// audit_bench: appends to the audit trail from several threads, once with every thread on its
// own aggregate (one chain each, the design) and once with all threads on one aggregate (what a
// single chain head per service would do), and prints both rates and their ratio.
//   bench/run-audit-bench   (starts a throwaway MariaDB, migrates, runs this)
#include <cstdio>
#include <thread>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "common/audit.h"
#include "common/db.h"

ABSL_FLAG(std::string, db_host, "127.0.0.1", "");
ABSL_FLAG(int, db_port, 33062, "");
ABSL_FLAG(std::string, db_user, "root", "");
ABSL_FLAG(std::string, db_name, "xianfu_bench", "");
ABSL_FLAG(int, threads, 4, "writer threads");
ABSL_FLAG(int, appends, 400, "appends per thread");

namespace {

double Run(xianfu::Database& db, const xianfu::AuditLog& log, bool shared_chain, const std::string& tag) {
  const int threads = absl::GetFlag(FLAGS_threads), appends = absl::GetFlag(FLAGS_appends);
  std::vector<std::thread> workers;
  const absl::Time start = absl::Now();
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      for (int i = 0; i < appends; ++i) {
        xianfu::AuditRecord r;
        r.chain = shared_chain ? absl::StrCat(tag, "/shared") : absl::StrCat(tag, "/", t);
        r.resource = r.chain;
        r.action = "Bench";
        r.occurred_at = absl::Now();
        r.actor = "clients/bench";
        absl::Status s = db.Transact([&](xianfu::Tx& tx) { return log.Append(tx, r); });
        if (!s.ok()) std::fprintf(stderr, "append failed: %s\n", std::string(s.message()).c_str());
      }
    });
  }
  for (auto& w : workers) w.join();
  return threads * appends / absl::ToDoubleSeconds(absl::Now() - start);
}

}  // namespace

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  // As in the services (common/server.cc): without it every Mutex operation updates a process-wide
  // lock graph, a cost the measured code does not pay when serving.
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  xianfu::DatabaseOptions o;
  o.host = absl::GetFlag(FLAGS_db_host);
  o.port = absl::GetFlag(FLAGS_db_port);
  o.user = absl::GetFlag(FLAGS_db_user);
  o.schema = absl::GetFlag(FLAGS_db_name);
  o.pool_size = absl::GetFlag(FLAGS_threads) + 1;
  xianfu::Database db(o);
  xianfu::AuditLog log("bench-audit-key-0123456789abcdef0123456789");
  Run(db, log, false, "warmup");
  const double separate = Run(db, log, false, "separate");
  const double shared = Run(db, log, true, "shared");
  std::printf("audit appends/s with %d threads: one chain per aggregate %.0f, one shared chain %.0f, ratio %.2f\n",
              absl::GetFlag(FLAGS_threads), separate, shared, separate / shared);
  absl::StatusOr<xianfu::AuditVerification> v = log.Verify(db);
  std::printf("verified %lld entries in %lld chains: %s\n", static_cast<long long>(v->entries),
              static_cast<long long>(v->chains), v->intact() ? "intact" : "BROKEN");
  return v->intact() ? 0 : 1;
}
