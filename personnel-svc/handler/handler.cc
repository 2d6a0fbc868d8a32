#include "personnel-svc/handler/handler.h"

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "personnel-svc/domain/absences.h"

ABSL_FLAG(int, organisation_check_ms, 100,
          "how often personnel-svc checks whether another replica changed the organisation");

namespace xianfu::personnel {

PersonnelHandler::PersonnelHandler(ServiceContext& context)
    : HandlerBase(context, "personnel"), snapshot_(context.db, &store_, context.clock) {
  store_.Register(tables_);
}

PersonnelHandler::~PersonnelHandler() { snapshot_.Stop(); }

absl::StatusOr<std::shared_ptr<const OrgView>> PersonnelHandler::Org(absl::CivilDay from,
                                                                     std::optional<absl::CivilDay> to, bool fresh) {
  return snapshot_.For(from, std::max(from, to.value_or(from)), fresh);
}

void PersonnelHandler::OnCommitted(const Applied& applied) {
  for (const std::string& guard : applied.guards_moved) {
    if (guard == kOrganisationGuard) snapshot_.Invalidate();
  }
}

void PersonnelHandler::OnStaleGuard(const std::string& guard) {
  if (guard == kOrganisationGuard) snapshot_.Invalidate();
}

void PersonnelHandler::RegisterBackgroundWork(Platform& platform) {
  OnCalendarChange<v1::Obligation>(platform, store_.obligations, "state = ?", {int64_t{v1::OBLIGATION_STATE_OPEN}},
                                   [](const Versioned<v1::Obligation>& o, const CalendarUpdate& update, const Env&,
                                      Effects& fx) { return RecomputeObligation(o, update, fx); });
  OnTimer<v1::Obligation>(platform, "obligation.due", store_.obligations,
                          [](const Timer& timer, const Versioned<v1::Obligation>& o, const Env&, Effects& fx) {
                            return MarkOverdue(o, timer.due_at, fx);
                          });
  OnTimer<v1::Absence>(platform, "absence.started", store_.absences,
                       [](const Timer&, const Versioned<v1::Absence>& a, const Env&, Effects& fx) {
                         if (a.value.state() == v1::ABSENCE_STATE_CANCELLED) return absl::OkStatus();
                         v1::AbsenceStarted event;
                         *event.mutable_absence() = a.value;
                         fx.Publish(a.value.name(), event);
                         return absl::OkStatus();
                       });
  OnTimer<v1::Absence>(platform, "absence.ended", store_.absences,
                       [](const Timer&, const Versioned<v1::Absence>& a, const Env&, Effects& fx) {
                         if (a.value.state() == v1::ABSENCE_STATE_CANCELLED) return absl::OkStatus();
                         v1::AbsenceEnded event;
                         *event.mutable_absence() = a.value;
                         fx.Publish(a.value.name(), event);
                         return absl::OkStatus();
                       });
  snapshot_.Start(absl::Milliseconds(absl::GetFlag(FLAGS_organisation_check_ms)));
}

absl::Status RequireRegisterKeeper(const Caller& caller, const OrgFacts& facts, absl::CivilDay day) {
  if (caller.admin_role == AdminRole::kSystemAdmin) return absl::OkStatus();
  if (!caller.official().empty() && facts.HoldsRole(caller.official(), "R-OFFICE", day)) return absl::OkStatus();
  return absl::PermissionDeniedError(
      "only the county government office (R-OFFICE) or the system administrator may change the organisation "
      "register");
}

absl::Status RequireSelfOrOffice(const Caller& caller, const std::string& official, const OrgFacts& facts,
                                 absl::CivilDay day) {
  if (caller.official() == official) return absl::OkStatus();
  if (RequireRegisterKeeper(caller, facts, day).ok()) return absl::OkStatus();
  return absl::PermissionDeniedError(
      absl::StrCat("only ", official.substr(0, 80), " himself or the county government office may record this"));
}

}  // namespace xianfu::personnel
