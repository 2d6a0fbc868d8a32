#include "meeting-svc/handler/handler.h"

#include "absl/strings/str_cat.h"
#include "common/deadline_proto.h"
#include "common/errors.h"
#include "common/log.h"
#include "common/timers.h"
#include "xianfu/personnel/v1/personnel.grpc.pb.h"

namespace xianfu::meeting {

MeetingHandler::MeetingHandler(ServiceContext& context, Peers peers)
    : HandlerBase(context, "meeting"), peers_(std::move(peers)) {
  store_.Register(tables_);
}

absl::StatusOr<Person> MeetingHandler::Me(const Call& call) {
  return peers_.directory->CallerAlone(call.ctx, call.caller, call.env.now);
}

absl::StatusOr<std::optional<bool>> MeetingHandler::Lawful(const Call& call, const std::string& document) {
  if (document.empty()) return std::optional<bool>();
  auto stub = document::v1::DocumentService::NewStub(peers_.document);
  std::unique_ptr<grpc::ClientContext> ctx = OutboundContext(call.ctx, absl::Seconds(3), peers_.token);
  document::v1::GetDocumentRequest req;
  req.set_name(document);
  document::v1::Document d;
  CountOutboundCall();
  const grpc::Status s = stub->GetDocument(ctx.get(), req, &d);
  if (s.error_code() == grpc::StatusCode::NOT_FOUND) {
    return absl::FailedPreconditionError(absl::StrCat(document.substr(0, 80), " does not exist in document-svc"));
  }
  if (!s.ok()) {
    return absl::UnavailableError(absl::StrCat("document-svc did not answer: ", s.error_message()));
  }
  switch (d.normative().legality()) {
    case document::v1::LEGALITY_RESULT_LAWFUL:
      return std::optional<bool>(true);
    case document::v1::LEGALITY_RESULT_UNLAWFUL:
      return std::optional<bool>(false);
    default:
      return std::optional<bool>();
  }
}

absl::StatusOr<bool> MeetingHandler::ApprovalGranted(const Call& call, const std::string& approval) {
  if (approval.empty()) return false;
  auto stub = personnel::v1::PersonnelService::NewStub(peers_.personnel);
  std::unique_ptr<grpc::ClientContext> ctx = OutboundContext(call.ctx, absl::Seconds(3), peers_.token);
  personnel::v1::GetApprovalRequestRequest req;
  req.set_name(approval);
  personnel::v1::ApprovalRequest r;
  CountOutboundCall();
  const grpc::Status s = stub->GetApprovalRequest(ctx.get(), req, &r);
  if (s.error_code() == grpc::StatusCode::NOT_FOUND) return false;
  if (!s.ok()) return absl::UnavailableError(absl::StrCat("personnel-svc did not answer: ", s.error_message()));
  return r.state() == personnel::v1::APPROVAL_STATE_APPROVED || r.state() == personnel::v1::APPROVAL_STATE_RELEASED;
}

absl::StatusOr<std::vector<v1::Meeting>> MeetingHandler::Later(v1::MeetingKind kind, absl::CivilDay day, int limit) {
  std::vector<v1::Meeting> out;
  RETURN_IF_ERROR(db_.Read([&](Tx& tx) -> absl::Status {
    ASSIGN_OR_RETURN(later, store_.LaterMeetings(tx, kind, day, limit));
    out = std::move(later);
    return absl::OkStatus();
  }));
  return out;
}

absl::Status MeetingHandler::MayReadHistory(const Call& call, const std::string& resource) {
  ASSIGN_OR_RETURN(me, Me(call));
  if (me.Has("R-OFFICE")) return absl::OkStatus();
  if (!resource.empty() && !me.roles.empty()) return absl::OkStatus();
  return absl::PermissionDeniedError(resource.empty()
                                         ? "everyone's history is shown to the county government office"
                                         : "the history of meeting records is shown to the county's officials");
}

EventRoutes MeetingHandler::PersonnelRoutes() {
  return EventRoutes()
      .On<personnel::v1::AbsenceStarted>(
          [this](Tx& tx, const events::v1::Event&, const personnel::v1::AbsenceStarted& e, const std::any&) {
            return OnAbsence(tx, e.absence(), /*started=*/true);
          })
      .On<personnel::v1::AbsenceEnded>(
          [this](Tx& tx, const events::v1::Event&, const personnel::v1::AbsenceEnded& e, const std::any&) {
            return OnAbsence(tx, e.absence(), /*started=*/false);
          });
}

absl::Status MeetingHandler::OnAbsence(Tx& tx, const personnel::v1::Absence& absence, bool started) {
  const absl::CivilDay start = FromProtoDate(absence.start_date());
  const absl::CivilDay end = FromProtoDate(absence.end_date());
  Filter f;
  f.Eq("state", int64_t{v1::MEETING_STATE_SCHEDULED});
  // Started: the meetings it covers. Ended: later meetings it may have been noted on.
  if (started) {
    f.Where("meeting_date >= ? AND meeting_date <= ?", {start, end});
  } else {
    f.Where("meeting_date > ?", {end});
  }
  Call call = SystemCall("AbsenceFromPersonnel");
  Effects fx;
  PageRequest page{200, ""};
  for (;;) {
    ASSIGN_OR_RETURN(batch, store_.meetings.List(tx, f, page));
    for (const v1::Meeting& listed : batch.items) {
      ASSIGN_OR_RETURN(current, store_.meetings.Get(tx, listed.name()));
      v1::Meeting m = current.value;
      if (!NoteRegisteredAbsence(m, absence.official(), absence.name(), started)) continue;
      fx.Update(m, current.version);
      fx.Audit(m.name(), "RegisteredAbsence", "MTG-21", &current.value, m,
               absl::StrCat(absence.name(), started ? " covers the meeting" : " ended before the meeting"));
    }
    if (batch.next_page_token.empty()) break;
    page.after = batch.items.back().name().substr(std::string("meetings/").size());
  }
  Applied applied;
  return Apply(call, tx, fx, applied);
}

absl::Status MeetingHandler::CheckFrequencyOn(Tx& tx, const Timer& timer) {
  const absl::CivilDay day = LocalDay(timer.due_at);
  Call call = SystemCall("FrequencyCheck");
  // Half a year either side covers every period a check looks at.
  ASSIGN_OR_RETURN(page, RunPage(tx, store_.ListMeetings(v1::MEETING_KIND_UNSPECIFIED, day - 200, day + 200,
                                                         PageRequest{5000, ""})));
  Effects fx;
  for (const v1::MeetingFrequencyWarning& w : CheckFrequency(day, page.items, call.policy())) {
    fx.Publish("meetings", w);
    fx.Audit("meetings/frequency", w.deviation() ? "FrequencyDeviation" : "FrequencyWarning", w.rule_id(), nullptr, w,
             absl::StrCat(v1::MeetingKind_Name(w.kind()), " ", absl::FormatCivilTime(FromProtoDate(w.period_start())),
                          "…", absl::FormatCivilTime(FromProtoDate(w.period_end()))));
  }
  // Tomorrow's check, in a row of its own: a replica that was down catches up day by day.
  fx.SetTimer(kFrequencyTimer, absl::StrCat("frequency/", absl::FormatCivilTime(day + 1)), CheckTimeOf(day + 1));
  Applied applied;
  return Apply(call, tx, fx, applied);
}

absl::Time MeetingHandler::CheckTimeOf(absl::CivilDay day) {
  return absl::FromCivil(absl::CivilSecond(day.year(), day.month(), day.day(), 0, 5, 0), ChinaTimeZone());
}

void MeetingHandler::RegisterBackgroundWork(Platform& platform) {
  platform.timers().Register(kFrequencyTimer,
                             [this](Tx& tx, const Timer& timer) { return CheckFrequencyOn(tx, timer); });
  // The first link of the daily chain, once: a later start finds it (fired or pending).
  const absl::CivilDay today = LocalDay(platform.clock().Now());
  absl::Status armed = db_.Transact([&](Tx& tx) -> absl::Status {
    ASSIGN_OR_RETURN(rows, tx.Query("SELECT 1 FROM timers WHERE kind = ? LIMIT 1", {std::string(kFrequencyTimer)}));
    if (!rows.empty()) return absl::OkStatus();
    return ScheduleTimer(tx, kFrequencyTimer, absl::StrCat("frequency/", absl::FormatCivilTime(today)),
                         CheckTimeOf(today));
  });
  if (!armed.ok()) LogWarn("frequency_check_not_armed", {{"error", std::string(armed.message())}});
  // publication_state is NULL on rows written before it was a column: their record decides.
  OnCalendarChange<v1::Decision>(
      platform, store_.decisions, "issue_state = ? OR publication_state = ? OR publication_state IS NULL",
      {int64_t{v1::ISSUE_STATE_PENDING}, int64_t{v1::PUBLICATION_STATE_PENDING}}, RecomputeDecisionDeadlines);
  OnTimer<v1::Decision>(platform, kIssueWarnTimer, store_.decisions,
                        [](const Timer&, const Versioned<v1::Decision>& d, const Env& env, Effects& fx) {
                          return IssueWarning(d, env, fx);
                        });
  OnTimer<v1::Decision>(platform, kPublicationTimer, store_.decisions,
                        [this](const Timer&, const Versioned<v1::Decision>& d, const Env& env, Effects& fx) {
                          return PublicationOverdue(d, env, Names(), fx);
                        });
  OnTimer<v1::Decision>(platform, kIssueOverdueTimer, store_.decisions,
                        [this](const Timer&, const Versioned<v1::Decision>& d, const Env& env, Effects& fx) {
                          return IssueOverdue(d, env, Names(), fx);
                        });
}

}  // namespace xianfu::meeting
