#include "personnel-svc/handler/handler.h"

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "personnel-svc/domain/absences.h"

ABSL_FLAG(int, organisation_check_ms, 100,
          "how often personnel-svc checks whether another replica changed the organisation");
ABSL_FLAG(int, organisation_lease_ms, 1000,
          "how long other modules may rely on personnel-svc's answers about the organisation "
          "(BatchLookup); a change to the organisation waits up to 1.5 times this; 0 grants none");

namespace xianfu::personnel {

PersonnelHandler::PersonnelHandler(ServiceContext& context)
    : HandlerBase(context, "personnel"),
      snapshot_(context.db, &store_, context.clock),
      organisation_lease_(context.db, kOrganisationGuard,
                          absl::Milliseconds(absl::GetFlag(FLAGS_organisation_lease_ms))) {
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

absl::Status PersonnelHandler::MayReadHistory(const Call& call, const std::string& resource) {
  ASSIGN_OR_RETURN(org, Org(call.env.today));
  const std::string me = call.caller.official();
  if (!me.empty() && org->facts.HoldsRole(me, "R-OFFICE", call.env.today)) return absl::OkStatus();
  std::vector<std::string> parties;
  std::vector<std::string> units;
  RETURN_IF_ERROR(db_.Read([&](Tx& tx) -> absl::Status {
    const std::string collection = resource.substr(0, resource.find('/'));
    if (collection == "officials") {
      parties = {resource};
    } else if (collection == "absences") {
      ASSIGN_OR_RETURN(a, store_.absences.Get(tx, resource));
      parties = {a.value.official(), a.value.created_by()};
    } else if (collection == "obligations") {
      ASSIGN_OR_RETURN(o, store_.obligations.Get(tx, resource));
      parties = {o.value.owner()};
      units = {o.value.owner()};
      parties.insert(parties.end(), o.value.escalate_to().begin(), o.value.escalate_to().end());
    } else if (collection == "approvalRequests") {
      ASSIGN_OR_RETURN(r, store_.approval_requests.Get(tx, resource));
      parties = {r.value.subject_official(), r.value.created_by()};
      units = {r.value.unit()};
      for (const v1::ApprovalStep& step : r.value.steps()) parties.push_back(step.actor());
    } else if (collection == "conductRecords") {
      ASSIGN_OR_RETURN(r, store_.conduct_records.Get(tx, resource));
      parties = {r.value.official(), r.value.recorded_by()};
    } else if (collection == "entrustments") {
      ASSIGN_OR_RETURN(e, store_.entrustments.Get(tx, resource));
      parties = {e.value.principal(), e.value.delegate()};
    } else if (collection == "designations") {
      ASSIGN_OR_RETURN(d, store_.designations.Get(tx, resource));
      parties = {d.value.principal(), d.value.designee(), d.value.designated_by()};
    }
    return absl::OkStatus();
  }));
  for (const std::string& p : parties) {
    if (!me.empty() && p == me) return absl::OkStatus();
  }
  for (const std::string& u : units) {
    for (const Holding* h : org->facts.HoldingsOf(me, call.env.today)) {
      if (h->unit == u) return absl::OkStatus();
    }
  }
  return absl::PermissionDeniedError(resource.empty() ? "everyone's history is shown to the county government office"
                                                      : absl::StrCat("the history of ", resource.substr(0, 80),
                                                                     " is shown to its parties and the office"));
}

absl::Status RequireRegisterKeeper(const Caller& caller, const OrgFacts& facts, absl::CivilDay day) {
  if (caller.admin_role == AdminRole::kSystemAdmin) return absl::OkStatus();
  if (!caller.official().empty() && facts.HoldsRole(caller.official(), "R-OFFICE", day)) return absl::OkStatus();
  return absl::PermissionDeniedError(
      "only the county government office (R-OFFICE) or the system administrator may change the organisation "
      "register");
}

absl::Status RequirePartyOrOffice(const Caller& caller, const std::vector<std::string>& officials,
                                  const std::vector<std::string>& units, const std::vector<std::string>& roles,
                                  const OrgFacts& facts, absl::CivilDay day) {
  if (RequireRegisterKeeper(caller, facts, day).ok()) return absl::OkStatus();
  const std::string me = caller.official();
  if (me.empty()) return absl::PermissionDeniedError("this is done by an official, not in a system's own name");
  for (const std::string& o : officials) {
    if (o == me) return absl::OkStatus();
  }
  for (const Holding* h : facts.HoldingsOf(me, day)) {
    for (const std::string& u : units) {
      if (h->unit == u) return absl::OkStatus();
    }
  }
  for (const std::string& r : roles) {
    if (facts.HoldsRole(me, r, day)) return absl::OkStatus();
  }
  return absl::PermissionDeniedError(absl::StrCat(me, " is not a party to this, nor in the county government office"));
}

absl::Status RequireSelfOrOffice(const Caller& caller, const std::string& official, const OrgFacts& facts,
                                 absl::CivilDay day) {
  if (caller.official() == official) return absl::OkStatus();
  if (RequireRegisterKeeper(caller, facts, day).ok()) return absl::OkStatus();
  return absl::PermissionDeniedError(
      absl::StrCat("only ", official.substr(0, 80), " himself or the county government office may record this"));
}

}  // namespace xianfu::personnel
