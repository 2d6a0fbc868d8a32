#include "common/timers.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "common/log.h"

namespace xianfu {

absl::Status ScheduleTimer(Tx& tx, absl::string_view kind, absl::string_view subject, absl::Time due_at,
                           absl::string_view payload, absl::string_view calendar_version) {
  ScheduleTimers(tx, {TimerArm{std::string(kind), std::string(subject), due_at, std::string(payload),
                               std::string(calendar_version)}});
  return absl::OkStatus();
}

void ScheduleTimers(Tx& tx, const std::vector<TimerArm>& timers) {
  if (timers.empty()) return;
  std::vector<SqlParam> params;
  for (const TimerArm& t : timers) {
    params.insert(params.end(), {t.kind, t.subject, t.due_at, Bytes{t.payload}, t.due_at, t.calendar_version});
  }
  tx.Defer(absl::StrCat("INSERT INTO timers (kind, subject, due_at, payload, state, attempts, next_attempt_at,"
                        " calendar_version, created_at) VALUES ",
                        Placeholders(timers.size(), "(?, ?, ?, ?, 'pending', 0, ?, ?, UTC_TIMESTAMP(6))"),
                        " ON DUPLICATE KEY UPDATE due_at = VALUES(due_at), payload = VALUES(payload),"
                        " state = 'pending', attempts = 0, next_attempt_at = VALUES(next_attempt_at),"
                        " last_error = NULL, fired_at = NULL, fired_by = NULL,"
                        " calendar_version = VALUES(calendar_version)"),
           params);
}

absl::Status CancelTimer(Tx& tx, absl::string_view kind, absl::string_view subject) {
  tx.Defer("UPDATE timers SET state = 'cancelled' WHERE kind = ? AND subject = ? AND state = 'pending'",
           {std::string(kind), std::string(subject)});
  return absl::OkStatus();
}

absl::StatusOr<bool> TimerRunner::FireOne() {
  const absl::Time now = clock_->Now();
  bool fired = false;
  Timer timer;
  absl::Status handler_error;
  absl::Status status = db_->Transact([&](Tx& tx) -> absl::Status {
    fired = false;
    absl::StatusOr<std::vector<SqlRow>> rows = tx.Query(
        "SELECT id, kind, subject, due_at, payload, attempts, calendar_version FROM timers"
        " WHERE state = 'pending' AND next_attempt_at <= ? ORDER BY next_attempt_at, id"
        " LIMIT 1 FOR UPDATE SKIP LOCKED",
        {now});
    if (!rows.ok()) return rows.status();
    if (rows->empty()) return absl::OkStatus();
    const SqlRow& row = rows->front();
    timer =
        Timer{row.Int(0), row.Str(1), row.Str(2), row.Time(3), row.Str(4), static_cast<int>(row.Int(5)), row.Str(6)};
    auto handler = handlers_.find(timer.kind);
    if (handler == handlers_.end()) {
      handler_error = absl::FailedPreconditionError(absl::StrCat("no handler for timer kind ", timer.kind));
      return handler_error;
    }
    handler_error = handler->second(tx, timer);
    if (!handler_error.ok()) return handler_error;
    absl::StatusOr<int64_t> marked = tx.Exec(
        "UPDATE timers SET state = 'fired', fired_at = ?, fired_by = ?, attempts = attempts + 1"
        " WHERE id = ?",
        {now, replica_, timer.id});
    if (!marked.ok()) return marked.status();
    fired = true;
    return absl::OkStatus();
  });
  if (status.ok()) {
    if (fired && now - timer.due_at > absl::Minutes(1)) {
      LogInfo("timer_fired_late", {{"kind", timer.kind},
                                   {"subject", timer.subject},
                                   {"due_at", absl::FormatTime(timer.due_at)},
                                   {"late_by_s", absl::ToInt64Seconds(now - timer.due_at)}});
    }
    return fired;
  }
  if (handler_error.ok()) return status;  // the database failed, not the handler
  // The handler refused: its effects were rolled back; record the failure and back off so one
  // bad timer cannot block the others.
  const absl::Duration backoff = std::min(absl::Seconds(5) * (1 << std::min(timer.attempts, 10)), absl::Hours(1));
  LogWarn("timer_failed",
          {{"kind", timer.kind}, {"subject", timer.subject}, {"error", std::string(handler_error.message())}});
  absl::Status recorded = db_->Transact([&](Tx& tx) {
    return tx
        .Exec(
            "UPDATE timers SET attempts = attempts + 1, last_error = ?, next_attempt_at = ?"
            " WHERE id = ? AND state = 'pending'",
            {std::string(handler_error.message()), now + backoff, timer.id})
        .status();
  });
  if (!recorded.ok()) return recorded;
  return true;  // something was done; keep draining the others
}

absl::StatusOr<int> TimerRunner::RunDue(int max) {
  int fired = 0;
  for (int i = 0; i < max; ++i) {
    absl::StatusOr<bool> one = FireOne();
    if (!one.ok()) return one.status();
    if (!*one) break;
    ++fired;
  }
  return fired;
}

}  // namespace xianfu
