// ledger_bench: supervision-svc's ledger queries at 10k and at 1M tasks (issue 12: List p50 at 1M
// ≤ 1.5 × at 10k). It fills the tasks table (supervision-svc's migrations) with synthetic tasks
// — 40 lead units, every state, deadlines spread over ten years, a source record for one in
// ten — and times, through SupervisionStore (the code ListTasks, the feed intake and the
// circular run), each query's p50 and p95 over many samples; then prints both sizes side by
// side with the ratio.
//   bench/run-ledger-bench   (starts a throwaway MariaDB, migrates, runs this)
#include <algorithm>
#include <cstdio>
#include <random>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "common/db.h"
#include "common/deadline_proto.h"
#include "common/status_macros.h"
#include "supervision-svc/store/store.h"

ABSL_FLAG(std::string, db_host, "127.0.0.1", "");
ABSL_FLAG(int, db_port, 33064, "");
ABSL_FLAG(std::string, db_user, "root", "");
ABSL_FLAG(std::string, db_name, "xianfu_ledger_bench", "");
ABSL_FLAG(std::string, sizes, "10000,1000000", "ledger sizes to measure, ascending");
ABSL_FLAG(int, samples, 300, "calls per query and size");

namespace xianfu::supervision {
namespace {

constexpr int kUnits = 40;
const absl::CivilDay kFirstDeadline(2020, 1, 1);

struct Timing {
  double p50_ms = 0, p95_ms = 0;
};

Timing Measure(int samples, const std::function<absl::Status()>& call) {
  std::vector<double> ms;
  for (int i = 0; i < samples; ++i) {
    const absl::Time start = absl::Now();
    absl::Status s = call();
    if (!s.ok()) {
      std::fprintf(stderr, "query failed: %s\n", std::string(s.message()).c_str());
      std::exit(1);
    }
    ms.push_back(absl::ToDoubleMilliseconds(absl::Now() - start));
  }
  std::sort(ms.begin(), ms.end());
  return {ms[ms.size() / 2], ms[ms.size() * 95 / 100]};
}

// Tops the table up to `size` rows in batches of up to 100,000 (ten digit tables cross-joined:
// portable SQL, no sequence engine).
absl::Status Fill(Database& db, int64_t size) {
  v1::Task t;
  t.set_title("高标准农田建设任务落实");
  t.set_category(v1::TASK_CATEGORY_WORK_REPORT_TARGET_OR_MEETING_DECISION);
  t.set_lead_unit("units/agriculture-bureau");
  t.set_first_responsible("officials/zhang-lei");
  t.set_leader_in_charge("officials/yu-han");
  t.set_supervisor("officials/sun-jie");
  t.set_description(std::string(300, 'x'));
  const std::string blob = t.SerializeAsString();
  const std::string digits =
      "(SELECT 0 d UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 "
      "UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL "
      "SELECT 9)";
  for (;;) {
    int64_t have = 0;
    RETURN_IF_ERROR(db.Read([&](Tx& tx) -> absl::Status {
      ASSIGN_OR_RETURN(row, tx.QueryOne("SELECT COUNT(*) FROM tasks"));
      have = row.Int(0);
      return absl::OkStatus();
    }));
    if (have >= size) return absl::OkStatus();
    const int64_t batch = std::min<int64_t>(100000, size - have);
    const std::string n = "(a.d + 10 * b.d + 100 * c.d + 1000 * e.d + 10000 * f.d + ?)";
    const std::string sql = absl::StrCat(
        "INSERT INTO tasks (lead_unit, state, source_name, deadline, data, version) SELECT CONCAT('unit-', ", n, " % ",
        kUnits, "), 1 + ", n, " % 6, IF(", n, " % 10 = 0, CONCAT('decisions/', ", n, "), ''), DATE_ADD(?, INTERVAL ", n,
        " % 3650 DAY), ?, 1 FROM ", digits, " a, ", digits, " b, ", digits, " c, ", digits, " e, ", digits,
        " f LIMIT ?");
    std::vector<SqlParam> params;
    for (int i = 0; i < 4; ++i) params.push_back(have);
    params.push_back(kFirstDeadline);
    params.push_back(have);
    params.push_back(Bytes{blob});
    params.push_back(batch);
    RETURN_IF_ERROR(db.Transact([&](Tx& tx) { return tx.Exec(sql, params).status(); }));
    std::fprintf(stderr, "  %lld tasks\n", static_cast<long long>(have + batch));
  }
}

}  // namespace
}  // namespace xianfu::supervision

int main(int argc, char** argv) {
  using namespace xianfu;
  using namespace xianfu::supervision;
  absl::ParseCommandLine(argc, argv);
  // As in the services (common/server.cc): without it every Mutex operation updates a process-wide
  // lock graph, a cost the measured code does not pay when serving.
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  DatabaseOptions o;
  o.host = absl::GetFlag(FLAGS_db_host);
  o.port = absl::GetFlag(FLAGS_db_port);
  o.user = absl::GetFlag(FLAGS_db_user);
  o.schema = absl::GetFlag(FLAGS_db_name);
  o.pool_size = 2;
  o.io_timeout = absl::Minutes(10);
  Database db(o);
  SupervisionStore store;
  std::mt19937_64 rng(20261202);
  const int samples = absl::GetFlag(FLAGS_samples);
  struct Query {
    const char* name;
    std::function<absl::Status(int64_t size)> run;
  };
  const std::vector<Query> queries = {
      {"ListTasks, first page of 50",
       [&](int64_t) {
         return db.Read([&](Tx& tx) { return store.tasks.List(tx, Filter(), PageRequest{50, ""}).status(); });
       }},
      {"ListTasks, a page of 50 anywhere (keyset)",
       [&](int64_t size) {
         const std::string after = absl::StrCat(rng() % size);
         return db.Read([&](Tx& tx) { return store.tasks.List(tx, Filter(), PageRequest{50, after}).status(); });
       }},
      {"ListTasks by lead unit and state, 50",
       [&](int64_t) {
         Filter f;
         f.Eq("lead_unit", absl::StrCat("unit-", rng() % kUnits)).Eq("state", int64_t(1 + rng() % 6));
         return db.Read([&](Tx& tx) { return store.tasks.List(tx, f, PageRequest{50, ""}).status(); });
       }},
      // At 10k a unit has about 41 tasks in a state, fewer than a page of 50: 20 rows compares the
      // same work at both sizes.
      {"ListTasks by lead unit and state, 20",
       [&](int64_t) {
         Filter f;
         f.Eq("lead_unit", absl::StrCat("unit-", rng() % kUnits)).Eq("state", int64_t(1 + rng() % 6));
         return db.Read([&](Tx& tx) { return store.tasks.List(tx, f, PageRequest{20, ""}).status(); });
       }},
      {"ListTasks by source record",
       [&](int64_t size) {
         Filter f;
         f.Eq("source_name", absl::StrCat("decisions/", (rng() % (size / 10)) * 10));
         return db.Read([&](Tx& tx) { return store.tasks.List(tx, f, PageRequest{50, ""}).status(); });
       }},
      {"feed intake: the task of a source record",
       [&](int64_t size) {
         return db.Read([&](Tx& tx) {
           return store.TaskFrom(tx, absl::StrCat("decisions/", (rng() % (size / 10)) * 10)).status();
         });
       }},
  };
  std::vector<int64_t> sizes;
  for (absl::string_view s : absl::StrSplit(absl::GetFlag(FLAGS_sizes), ',')) {
    int64_t n = 0;
    if (absl::SimpleAtoi(s, &n) && n >= 10) sizes.push_back(n);
  }
  std::vector<std::vector<Timing>> results(queries.size());
  std::vector<Timing> circular;
  for (int64_t size : sizes) {
    std::fprintf(stderr, "filling the ledger to %lld tasks\n", static_cast<long long>(size));
    absl::Status filled = Fill(db, size);
    if (!filled.ok()) {
      std::fprintf(stderr, "fill failed: %s\n", std::string(filled.message()).c_str());
      return 1;
    }
    for (size_t q = 0; q < queries.size(); ++q) {
      (void)Measure(20, [&] { return queries[q].run(size); });  // warm-up
      results[q].push_back(Measure(samples, [&] { return queries[q].run(size); }));
    }
    // The circular's read: every task due in one month (work grows with the month's tasks).
    circular.push_back(Measure(5, [&] {
      return db.Read([&](Tx& tx) {
        const absl::CivilDay start = kFirstDeadline + 30 * static_cast<int>(rng() % 100);
        return store.TasksForCircular(tx, start, start + 30).status();
      });
    }));
  }
  std::printf("| query (p50 / p95, ms) |");
  for (int64_t size : sizes) std::printf(" %lld tasks |", static_cast<long long>(size));
  std::printf(" p50 ratio, largest / smallest |\n| --- |");
  for (size_t i = 0; i <= sizes.size(); ++i) std::printf(" --- |");
  std::printf("\n");
  for (size_t q = 0; q < queries.size(); ++q) {
    std::printf("| %s |", queries[q].name);
    for (const Timing& t : results[q]) std::printf(" %.2f / %.2f |", t.p50_ms, t.p95_ms);
    std::printf(" %.2f |\n", results[q].back().p50_ms / results[q].front().p50_ms);
  }
  std::printf("| circular: every task due in a month (%s tasks a month) |", "size / 120");
  for (const Timing& t : circular) std::printf(" %.1f / %.1f |", t.p50_ms, t.p95_ms);
  std::printf(" (grows with the month's tasks) |\n");
  std::printf("\n%d samples per query and size; MariaDB on loopback, one connection.\n", samples);
  return 0;
}
