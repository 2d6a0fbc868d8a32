#include "personnel-svc/domain/absences.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/deadline_proto.h"
#include "common/status_macros.h"
#include "common/validation.h"

namespace xianfu::personnel {
namespace {

std::string DateText(absl::CivilDay day) { return absl::FormatCivilTime(day); }

ObligationPlan BeforeDeparture(v1::ObligationKind kind, const char* rule_id, std::string owner, std::string title_zh,
                               absl::CivilDay start, std::vector<std::string> escalate_to) {
  ObligationPlan p;
  p.kind = kind;
  p.rule_id = rule_id;
  p.owner = std::move(owner);
  p.title_zh = std::move(title_zh);
  // "Before departure": by the end of the day before the absence starts.
  p.due = absl::FromCivil(absl::CivilSecond(start), ChinaTimeZone());
  p.escalate_to = std::move(escalate_to);
  return p;
}

bool CountsAsReportableTrip(const v1::Absence& absence, const Calendar& calendar, const Policy& policy) {
  if (absence.kind() != v1::ABSENCE_KIND_BUSINESS_TRIP || absence.leaves_jurisdiction()) return true;
  // AMB-33: an official trip within the county counts from this many working days away.
  const absl::CivilDay start = FromProtoDate(absence.start_date()), end = FromProtoDate(absence.end_date());
  int working = 0;
  for (absl::CivilDay d = start; d <= end; ++d) working += calendar.IsWorkingDay(d) ? 1 : 0;
  return working >= policy.proto().absence().report_min_wd().days();
}

void AddOverlap(const OrgFacts& facts, const std::string& a, const std::string& b, absl::CivilDay start,
                absl::CivilDay end, const Policy& policy, AbsencePlan& plan) {
  for (const AbsenceFact& other : facts.absences) {
    if (other.official != b || other.end < start || other.start > end) continue;
    const absl::CivilDay from = std::max(start, other.start), to = std::min(end, other.end);
    common::v1::Warning w;
    *w.mutable_violation() =
        policy.Explain("DIS-02",
                       absl::StrCat("A、B角同时不在岗：", facts.Name(a), "与B角", facts.Name(b), "，", DateText(from),
                                    "至", DateText(to), "；期间须由县长安排他人代行"),
                       absl::StrCat("A/B pair both away ", DateText(from), "…", DateText(to), " (", a, ", ", b,
                                    "): the county head must designate who acts"));
    plan.warnings.push_back(std::move(w));
    plan.designations.push_back({a, from, to});
  }
}

}  // namespace

absl::Status RequireRulesInForce(absl::CivilDay day, absl::string_view field, const Policy& policy) {
  if (policy.IsEffectiveOn(day)) return absl::OkStatus();
  // ORG-12: what happened before the rules took effect falls under the rules then in force.
  return policy.Refuse(absl::StatusCode::kFailedPrecondition, "ORG-12",
                       absl::StrCat("本规则自", absl::FormatCivilTime(policy.effective_from()), "起施行，",
                                    absl::FormatCivilTime(day), "之事适用当时的规定"),
                       absl::StrCat("these rules govern from ", absl::FormatCivilTime(policy.effective_from()), "; ",
                                    absl::FormatCivilTime(day), " falls under the rules then in force"),
                       field);
}

ObligationPlan ReportAfter(v1::ObligationKind kind, const char* rule_id, std::string owner, std::string title_zh,
                           absl::CivilDay day, int working_days, const Calendar& calendar) {
  ObligationPlan p;
  p.kind = kind;
  p.rule_id = rule_id;
  p.owner = std::move(owner);
  p.title_zh = std::move(title_zh);
  DeadlineExplanation e = calendar.Explain(day, working_days);
  p.due = DeadlinePassesAt(e.deadline);
  p.deadline = std::move(e);
  return p;
}

absl::StatusOr<AbsencePlan> PlanAbsence(const v1::Absence& absence, const OrgFacts& facts, const Calendar& calendar,
                                        const Policy& policy) {
  if (absence.kind() == v1::ABSENCE_KIND_UNSPECIFIED) {
    return absl::InvalidArgumentError("absence.kind is required (VISIT_ABROAD, BUSINESS_TRIP, LEAVE, STUDY)");
  }
  if (!IsValidProtoDate(absence.start_date()) || !IsValidProtoDate(absence.end_date())) {
    return absl::InvalidArgumentError("absence.start_date and absence.end_date must be real dates");
  }
  const absl::CivilDay start = FromProtoDate(absence.start_date()), end = FromProtoDate(absence.end_date());
  if (end < start) {
    return absl::InvalidArgumentError(
        absl::StrCat("absence ends (", DateText(end), ") before it starts (", DateText(start), ")"));
  }
  if (end - start > 366) return absl::InvalidArgumentError("an absence longer than a year is not an absence");
  RETURN_IF_ERROR(RequireRulesInForce(start, "absence.start_date", policy));
  const std::string& who = absence.official();
  if (facts.HoldingsOf(who, start).empty()) {
    return absl::FailedPreconditionError(
        absl::StrCat(who, " holds no post on ", DateText(start), "; assign the post first"));
  }
  for (const AbsenceFact& other : facts.absences) {
    if (other.official == who && !(other.end < start || other.start > end)) {
      return absl::InvalidArgumentError(absl::StrCat(who, " already has absences/", other.id, " from ",
                                                     DateText(other.start), " to ", DateText(other.end),
                                                     ", which overlaps this one; change or cancel it first"));
    }
  }

  AbsencePlan plan;
  const std::string county_head = facts.CountyHead(start);
  const std::string office_director = facts.HolderOf(v1::POST_KIND_OFFICE_DIRECTOR, start);
  std::string office_unit;
  for (const Holding& h : facts.holdings) {
    if (h.kind == v1::POST_KIND_OFFICE_DIRECTOR) office_unit = h.unit;
  }
  const bool prior_reported =
      absence.has_prior_report_time() &&
      FromProtoTime(absence.prior_report_time()) <= absl::FromCivil(absl::CivilSecond(start), ChinaTimeZone());

  if (facts.HoldsRole(who, "R-CH", start) && absence.leaves_jurisdiction()) {
    // DIS-17: the office files with the prefecture's two offices and reports to the county
    // committee, all before departure; late filings escalate to the office director.
    const std::string owner = office_unit.empty() ? who : office_unit;
    plan.obligations.push_back(BeforeDeparture(v1::OBLIGATION_KIND_FILE_PREFECTURE_PARTY_OFFICE, "DIS-17", owner,
                                               "县长离开辖区，向州委办公室报备", start, {office_director}));
    plan.obligations.push_back(BeforeDeparture(v1::OBLIGATION_KIND_FILE_PREFECTURE_GOVERNMENT_OFFICE, "DIS-17", owner,
                                               "县长离开辖区，向州政府办公室报备", start, {office_director}));
    plan.obligations.push_back(BeforeDeparture(v1::OBLIGATION_KIND_REPORT_COUNTY_COMMITTEE, "DIS-17", owner,
                                               "县长离开辖区，向县委报告", start, {office_director}));
    // DIS-01: someone presides over daily work; the executive deputy when nobody was named.
    bool named = false;
    for (const EntrustmentFact& e : facts.entrustments) {
      if (e.principal == who && e.scope.contains(v1::ACT_KIND_DAILY_WORK) && e.start <= start && end <= e.end) {
        named = true;
      }
    }
    if (!named) {
      const std::string executive = facts.ExecutiveDeputy(start);
      if (executive.empty()) {
        return policy.Refuse(absl::StatusCode::kFailedPrecondition, "DIS-01",
                             "县长离开辖区须委托常务副县长或其他副县长主持日常工作，现无常务副县长",
                             "the county head leaving the jurisdiction needs a presiding stand-in; "
                             "there is no executive deputy to default to");
      }
      EntrustmentPlan e;
      e.principal = who;
      e.delegate = executive;
      e.scope = {v1::ACT_KIND_DAILY_WORK};
      e.start = start;
      e.end = end;
      e.auto_assigned = true;
      e.reference = "DIS-01: 未指定主持日常工作的负责同志，默认由常务副县长主持";
      plan.presiding = e;
      common::v1::Warning w;
      *w.mutable_violation() = policy.Explain(
          "DIS-01",
          absl::StrCat("县长离开辖区未明确主持日常工作的负责同志，已默认由常务副县长", facts.Name(executive),
                       "主持（仅限日常工作）；请县长、办公室主任知悉"),
          absl::StrCat("no presiding stand-in was named: the executive deputy ", executive,
                       " presides over daily work only; the county head and the office director are told"));
      plan.warnings.push_back(std::move(w));
    }
  } else if ((facts.HoldsRole(who, "R-DH", start) || facts.HoldsRole(who, "R-OD", start)) &&
             absence.leaves_jurisdiction()) {
    // DIS-18: report to the county head before leaving, and on return.
    ObligationPlan prior = BeforeDeparture(v1::OBLIGATION_KIND_PRIOR_REPORT_COUNTY_HEAD, "DIS-18", who,
                                           "离开辖区前向县长报告", start, {county_head});
    prior.fulfilled = prior_reported;
    plan.obligations.push_back(std::move(prior));
    ObligationPlan back = ReportAfter(v1::OBLIGATION_KIND_RETURN_REPORT, "DIS-18", who, "返回后向县长报告有关情况", end,
                                      policy.proto().deadlines().post_trip_report_wd().days(), calendar);
    back.escalate_to = {county_head};
    plan.obligations.push_back(std::move(back));
  } else if (facts.HoldsRole(who, "R-DEPT-HEAD", start) && CountsAsReportableTrip(absence, calendar, policy)) {
    // DIS-19: department principals report to the county government beforehand, inside the
    // county or not; the deputy head in charge hears of a missed report.
    std::string unit;
    for (const Holding* h : facts.HoldingsOf(who, start)) {
      if (h->kind == v1::POST_KIND_DEPARTMENT_PRINCIPAL) unit = h->unit;
    }
    ObligationPlan prior = BeforeDeparture(v1::OBLIGATION_KIND_PRIOR_REPORT_GOVERNMENT, "DIS-19", who,
                                           "外出前向县人民政府报告", start, {facts.PrimaryLeaderOf(unit, start)});
    prior.fulfilled = prior_reported;
    plan.obligations.push_back(std::move(prior));
  }

  // DIS-02 / DIS-03: this official and his B away together, or this official is the B of
  // someone away at the same time.
  const std::string b = facts.BOf(who, start);
  if (!b.empty()) AddOverlap(facts, who, b, start, end, policy, plan);
  for (const std::string& a : facts.AsOf(who, start)) {
    for (const AbsenceFact& other : facts.absences) {
      if (other.official != a || other.end < start || other.start > end) continue;
      const absl::CivilDay from = std::max(start, other.start), to = std::min(end, other.end);
      // Avoid a second warning when the pair is symmetric and already reported above.
      if (a != b) {
        common::v1::Warning w;
        *w.mutable_violation() = policy.Explain(
            "DIS-02",
            absl::StrCat("A、B角同时不在岗：", facts.Name(who), "是", facts.Name(a), "的B角，", DateText(from), "至",
                         DateText(to), "两人均不在岗"),
            absl::StrCat("A/B pair both away ", DateText(from), "…", DateText(to), " (", a, ", ", who, ")"));
        plan.warnings.push_back(std::move(w));
      }
      plan.designations.push_back({a, from, to});
    }
  }
  return plan;
}

absl::StatusOr<ObligationPlan> PlanReportableEvent(v1::ReportableEventKind kind, const std::string& owner,
                                                   const std::string& title, absl::Time when, const OrgFacts& facts,
                                                   const Calendar& calendar, const Policy& policy) {
  const absl::CivilDay day = LocalDay(when);
  if (title.empty()) return absl::InvalidArgumentError("title is required");
  RETURN_IF_ERROR(RequireRulesInForce(day, "time", policy));
  switch (kind) {
    case v1::REPORTABLE_EVENT_KIND_HIGHER_MEETING_ATTENDED: {
      ObligationPlan p =
          ReportAfter(v1::OBLIGATION_KIND_MEETING_REPORT, "DIS-11", owner, absl::StrCat(title, "情况及落实建议"), day,
                      policy.proto().deadlines().meeting_report_wd().days(), calendar);
      p.escalate_to = {facts.HolderOf(v1::POST_KIND_OFFICE_DIRECTOR, day)};
      return p;
    }
    case v1::REPORTABLE_EVENT_KIND_POLICY_DOCUMENT_RECEIVED: {
      ObligationPlan p = ReportAfter(v1::OBLIGATION_KIND_POLICY_DOCUMENT_REPORT, "DIS-09", owner,
                                     absl::StrCat("向县人民政府报告：", title), day,
                                     policy.proto().deadlines().policy_doc_report_wd().days(), calendar);
      p.escalate_to = {facts.HolderOf(v1::POST_KIND_OFFICE_DIRECTOR, day)};
      return p;
    }
    case v1::REPORTABLE_EVENT_KIND_MAJOR_SITUATION: {
      ObligationPlan p;
      p.kind = v1::OBLIGATION_KIND_MAJOR_SITUATION_REPORT;
      p.rule_id = "DIS-08";
      p.owner = owner;
      p.title_zh = absl::StrCat("报州人民政府：", title);
      p.due = when + absl::Hours(policy.proto().deadlines().major_situation_hours().hours());
      p.escalate_to = {facts.HolderOf(v1::POST_KIND_OFFICE_DIRECTOR, day), facts.CountyHead(day)};
      return p;
    }
    case v1::REPORTABLE_EVENT_KIND_PREFECTURE_REQUEST_SUBMITTED: {
      // DIS-10: the responsible department reports progress every few working days until the
      // prefecture replies; the deputy in charge of it hears of a missed report.
      ObligationPlan p = ReportAfter(v1::OBLIGATION_KIND_LIAISON_PROGRESS_REPORT, "DIS-10", owner,
                                     absl::StrCat("向州级衔接进展情况：", title), day,
                                     policy.proto().deadlines().liaison_report_wd().days(), calendar);
      p.escalate_to = {facts.PrimaryLeaderOf(owner, day)};
      return p;
    }
    case v1::REPORTABLE_EVENT_KIND_PORTFOLIO_MATTER: {
      if (!facts.HoldsRole(owner, "R-DH", day) && !facts.HoldsRole(owner, "R-OD", day)) {
        return policy.Refuse(absl::StatusCode::kFailedPrecondition, "ORG-08",
                             "向县长报告分管工作的重要情况，由分管的副县长或办公室主任负责",
                             "reporting an important portfolio matter to the county head is for the deputy head "
                             "or office director in charge",
                             "owner");
      }
      ObligationPlan p =
          ReportAfter(v1::OBLIGATION_KIND_PORTFOLIO_REPORT, "ORG-08", owner, absl::StrCat("向县长报告：", title), day,
                      policy.proto().deadlines().portfolio_report_wd().days(), calendar);
      p.escalate_to = {facts.CountyHead(day)};
      return p;
    }
    default:
      return absl::InvalidArgumentError(
          "kind is required (HIGHER_MEETING_ATTENDED, POLICY_DOCUMENT_RECEIVED, MAJOR_SITUATION, "
          "PREFECTURE_REQUEST_SUBMITTED, PORTFOLIO_MATTER)");
  }
}

std::vector<v1::AbsenceConflict> AbsenceConflicts(const OrgFacts& facts, absl::CivilDay from, absl::CivilDay to) {
  std::vector<v1::AbsenceConflict> out;
  for (const AbFact& ab : facts.ab_pairs) {
    for (const AbsenceFact& x : facts.absences) {
      if (x.official != ab.a) continue;
      for (const AbsenceFact& y : facts.absences) {
        if (y.official != ab.b || y.end < x.start || y.start > x.end) continue;
        const absl::CivilDay s = std::max({x.start, y.start, from, ab.start});
        const absl::CivilDay e = std::min({x.end, y.end, to, ab.end.value_or(to)});
        if (e < s) continue;
        v1::AbsenceConflict c;
        c.set_a(ab.a);
        c.set_b(ab.b);
        *c.mutable_start_date() = ToProtoDate(s);
        *c.mutable_end_date() = ToProtoDate(e);
        for (const DesignationFact& d : facts.designations) {
          if (d.principal == ab.a && d.start <= s && e <= d.end) c.set_designation(absl::StrCat("designations/", d.id));
        }
        out.push_back(std::move(c));
      }
    }
  }
  return out;
}

absl::Status OpenObligation(const ObligationPlan& plan, const std::string& subject, const std::string& actor,
                            const Env& env, const Namer& names, Effects& fx, std::string* created) {
  v1::Obligation o;
  ASSIGN_OR_RETURN(name, names("obligations"));
  o.set_name(name);
  o.set_kind(plan.kind);
  o.set_rule_id(plan.rule_id);
  ASSIGN_OR_RETURN(citation, env.policy->Cite(plan.rule_id));
  *o.mutable_article() = MakeViolation(citation, "", "").article();
  o.set_owner(plan.owner);
  o.set_subject(subject);
  o.set_title_zh(plan.title_zh);
  *o.mutable_due_time() = ToProtoTime(plan.due);
  if (plan.deadline.has_value()) *o.mutable_deadline() = ToProto(*plan.deadline);
  for (const std::string& e : plan.escalate_to) {
    if (!e.empty()) o.add_escalate_to(e);
  }
  o.set_state(plan.fulfilled ? v1::OBLIGATION_STATE_FULFILLED : v1::OBLIGATION_STATE_OPEN);
  if (plan.fulfilled) {
    *o.mutable_fulfil_time() = ToProtoTime(env.now);
    o.set_fulfilled_by(actor);
    o.set_fulfilment_note("reported beforehand");
  }
  *o.mutable_create_time() = ToProtoTime(env.now);
  fx.Insert(o);
  if (!plan.fulfilled) fx.SetTimer("obligation.due", name, plan.due, env.calendar->version());
  fx.Audit(name, "ObligationCreated", plan.rule_id, nullptr, o, plan.title_zh);
  if (created != nullptr) *created = name;
  return absl::OkStatus();
}

absl::Status OpenDesignations(const std::vector<DesignationPlan>& plans, const OrgFacts& facts, const Env& env,
                              const Namer& names, Effects& fx) {
  std::vector<DesignationPlan> opened;
  for (const DesignationPlan& plan : plans) {
    // One open task per leader and period is enough.
    auto covers = [&](const std::string& principal, absl::CivilDay start, absl::CivilDay end) {
      return principal == plan.principal && start <= plan.start && plan.end <= end;
    };
    bool covered = false;
    for (const DesignationFact& d : facts.designations) covered = covered || covers(d.principal, d.start, d.end);
    for (const DesignationPlan& d : opened) covered = covered || covers(d.principal, d.start, d.end);
    if (covered) continue;
    v1::Designation d;
    ASSIGN_OR_RETURN(name, names("designations"));
    d.set_name(name);
    d.set_principal(plan.principal);
    *d.mutable_start_date() = ToProtoDate(plan.start);
    *d.mutable_end_date() = ToProtoDate(plan.end);
    d.set_state(v1::DESIGNATION_STATE_OPEN);
    *d.mutable_create_time() = ToProtoTime(env.now);
    fx.Insert(d);
    v1::DesignationOpened event;
    *event.mutable_designation() = d;
    fx.Publish(name, event);
    fx.Audit(name, "DesignationOpened", "DIS-03", nullptr, d,
             "A、B角均不在岗，请县长安排代行人员 (ESCALATE to the county head)");
    opened.push_back(plan);
  }
  return absl::OkStatus();
}

absl::Status RegisterAbsence(v1::Absence& a, const OrgFacts& facts, const std::string& actor, const Env& env,
                             const Namer& names, Effects& fx) {
  ASSIGN_OR_RETURN(plan, PlanAbsence(a, facts, *env.calendar, *env.policy));
  a.set_state(v1::ABSENCE_STATE_REGISTERED);
  a.clear_obligations();
  a.clear_warnings();
  a.clear_presiding_entrustment();
  a.set_created_by(actor);
  *a.mutable_create_time() = ToProtoTime(env.now);
  a.set_policy_version(env.policy->version());
  a.set_calendar_version(env.calendar->version());
  for (const common::v1::Warning& w : plan.warnings) *a.add_warnings() = w;
  if (plan.presiding.has_value()) {
    v1::Entrustment e;
    ASSIGN_OR_RETURN(name, names("entrustments"));
    e.set_name(name);
    e.set_principal(plan.presiding->principal);
    e.set_delegate(plan.presiding->delegate);
    for (int act : plan.presiding->scope) e.add_scope(static_cast<v1::ActKind>(act));
    *e.mutable_start_date() = ToProtoDate(plan.presiding->start);
    *e.mutable_end_date() = ToProtoDate(plan.presiding->end);
    e.set_reference(plan.presiding->reference);
    e.set_auto_assigned(true);
    *e.mutable_create_time() = ToProtoTime(env.now);
    fx.Insert(e);
    a.set_presiding_entrustment(name);
    v1::EntrustmentGranted event;
    *event.mutable_entrustment() = e;
    fx.Publish(name, event);
    fx.Audit(name, "AutoAssignPresidingStandin", "DIS-01", nullptr, e, e.reference());
  }
  for (const ObligationPlan& o : plan.obligations) {
    std::string created;
    RETURN_IF_ERROR(OpenObligation(o, a.name(), actor, env, names, fx, &created));
    a.add_obligations(created);
  }
  RETURN_IF_ERROR(OpenDesignations(plan.designations, facts, env, names, fx));
  const absl::TimeZone tz = ChinaTimeZone();
  fx.Note("DIS-20", "outing filed (领导干部外出报备)");
  fx.SetTimer("absence.started", a.name(), absl::FromCivil(absl::CivilSecond(FromProtoDate(a.start_date())), tz));
  fx.SetTimer("absence.ended", a.name(), absl::FromCivil(absl::CivilSecond(FromProtoDate(a.end_date()) + 1), tz));
  return absl::OkStatus();
}

absl::Status CancelAbsence(v1::Absence& a, const std::vector<Versioned<v1::Obligation>>& obligations, const Env& env,
                           Effects& fx) {
  if (a.state() != v1::ABSENCE_STATE_REGISTERED) {
    return absl::FailedPreconditionError(absl::StrCat(a.name(), " is ", v1::AbsenceState_Name(a.state())));
  }
  if (FromProtoDate(a.start_date()) <= env.today) {
    return absl::FailedPreconditionError(
        absl::StrCat(a.name(), " has begun: record the return (销假) instead of cancelling it"));
  }
  a.set_state(v1::ABSENCE_STATE_CANCELLED);
  for (const Versioned<v1::Obligation>& o : obligations) {
    if (o.value.state() != v1::OBLIGATION_STATE_OPEN) continue;
    v1::Obligation waived = o.value;
    waived.set_state(v1::OBLIGATION_STATE_WAIVED);
    waived.set_fulfilment_note("absence cancelled");
    fx.Update(waived, o.version);
    fx.CancelTimer("obligation.due", waived.name());
  }
  for (const char* kind : {"absence.started", "absence.ended"}) fx.CancelTimer(kind, a.name());
  fx.Note("DIS-20", "outing cancelled before it began");
  return absl::OkStatus();
}

absl::Status ReturnFromAbsence(v1::Absence& a, absl::CivilDay returned, const std::string& note,
                               const std::vector<Versioned<v1::Obligation>>& obligations,
                               const std::optional<Versioned<v1::Entrustment>>& presiding, const Env& env,
                               Effects& fx) {
  if (a.state() != v1::ABSENCE_STATE_REGISTERED) {
    return absl::FailedPreconditionError(absl::StrCat(a.name(), " is ", v1::AbsenceState_Name(a.state())));
  }
  const absl::CivilDay start = FromProtoDate(a.start_date()), planned_end = FromProtoDate(a.end_date());
  if (start > env.today) {
    return absl::FailedPreconditionError(
        absl::StrCat(a.name(), " has not begun: cancel it instead of recording a return"));
  }
  if (returned < start) {
    return FieldError("return_date", "is before the absence began", "早于外出开始日期");
  }
  if (returned > env.today) return FieldError("return_date", "is in the future", "晚于今日");
  const absl::CivilDay end = std::max(start, returned - 1);
  a.set_state(v1::ABSENCE_STATE_RETURNED);
  *a.mutable_end_date() = ToProtoDate(end);
  *a.mutable_return_date() = ToProtoDate(returned);
  a.set_return_note(note);
  for (const Versioned<v1::Obligation>& o : obligations) {
    if (o.value.state() != v1::OBLIGATION_STATE_OPEN) continue;
    if (o.value.kind() != v1::OBLIGATION_KIND_RETURN_REPORT) continue;
    // DIS-18(b): the report after return is counted from the day the absence really ended.
    ObligationPlan again =
        ReportAfter(v1::OBLIGATION_KIND_RETURN_REPORT, "DIS-18", o.value.owner(), o.value.title_zh(), end,
                    env.policy->proto().deadlines().post_trip_report_wd().days(), *env.calendar);
    v1::Obligation moved = o.value;
    *moved.mutable_due_time() = ToProtoTime(again.due);
    *moved.mutable_deadline() = ToProto(*again.deadline);
    fx.Update(moved, o.version);
    fx.SetTimer("obligation.due", moved.name(), again.due, env.calendar->version());
    fx.Audit(moved.name(), "DeadlineMovedByReturn", "DIS-18", &o.value, moved, moved.deadline().text_zh());
  }
  if (presiding.has_value() && !presiding->value.ended() && FromProtoDate(presiding->value.end_date()) > end) {
    // DIS-01: the stand-in presides only while the county head is away.
    v1::Entrustment e = presiding->value;
    *e.mutable_end_date() = ToProtoDate(end);
    fx.Update(e, presiding->version);
    fx.Audit(e.name(), "EndedByReturn", "DIS-01", &presiding->value, e);
  }
  const absl::TimeZone tz = ChinaTimeZone();
  fx.SetTimer("absence.ended", a.name(), absl::FromCivil(absl::CivilSecond(end + 1), tz));
  if (returned == start) fx.CancelTimer("absence.started", a.name());
  fx.Note("DIS-20", absl::StrCat("销假: back on ", absl::FormatCivilTime(returned),
                                 returned <= planned_end       ? " (early)"
                                 : returned == planned_end + 1 ? ""
                                                               : " (late)",
                                 note.empty() ? "" : "; ", note));
  return absl::OkStatus();
}

absl::Status FulfilObligation(v1::Obligation& o, const std::string& actor, const std::string& note, bool closes_matter,
                              const std::optional<Versioned<v1::Absence>>& absence, const Env& env, const Namer& names,
                              Effects& fx) {
  if (o.state() != v1::OBLIGATION_STATE_OPEN && o.state() != v1::OBLIGATION_STATE_OVERDUE) {
    return absl::FailedPreconditionError(absl::StrCat(o.name(), " is ", v1::ObligationState_Name(o.state())));
  }
  o.set_late(o.state() == v1::OBLIGATION_STATE_OVERDUE || env.now > FromProtoTime(o.due_time()));
  o.set_state(v1::OBLIGATION_STATE_FULFILLED);
  *o.mutable_fulfil_time() = ToProtoTime(env.now);
  o.set_fulfilled_by(actor);
  o.set_fulfilment_note(note);
  fx.CancelTimer("obligation.due", o.name());
  if (o.kind() == v1::OBLIGATION_KIND_RETURN_REPORT && absence.has_value() &&
      absence->value.state() == v1::ABSENCE_STATE_REGISTERED) {
    // Reporting back after the trip is the 销假 (DIS-18(b)).
    v1::Absence returned = absence->value;
    returned.set_state(v1::ABSENCE_STATE_RETURNED);
    fx.Update(returned, absence->version);
    fx.Audit(returned.name(), "ReportReturn", "DIS-18", &absence->value, returned);
  }
  if (o.kind() == v1::OBLIGATION_KIND_LIAISON_PROGRESS_REPORT && !closes_matter) {
    // DIS-10: the next progress report falls due until the prefecture replies.
    ObligationPlan next =
        ReportAfter(v1::OBLIGATION_KIND_LIAISON_PROGRESS_REPORT, "DIS-10", o.owner(), o.title_zh(), env.today,
                    env.policy->proto().deadlines().liaison_report_wd().days(), *env.calendar);
    next.escalate_to.assign(o.escalate_to().begin(), o.escalate_to().end());
    RETURN_IF_ERROR(OpenObligation(next, o.subject(), actor, env, names, fx));
  }
  fx.Note(o.rule_id(), o.late() ? "late" : "");
  return absl::OkStatus();
}

absl::Status MarkOverdue(const Versioned<v1::Obligation>& current, absl::Time due, Effects& fx) {
  if (current.value.state() != v1::OBLIGATION_STATE_OPEN) return absl::OkStatus();
  v1::Obligation o = current.value;
  o.set_state(v1::OBLIGATION_STATE_OVERDUE);
  fx.Update(o, current.version);
  v1::ObligationOverdue event;
  *event.mutable_obligation() = o;
  fx.Publish(o.name(), event);
  fx.Audit(o.name(), "ObligationOverdue", o.rule_id(), &current.value, o,
           absl::StrCat("逾期未办，升级至 ", absl::StrJoin(o.escalate_to(), "、"), "; due ", absl::FormatTime(due)));
  return absl::OkStatus();
}

absl::Status RecomputeObligation(const Versioned<v1::Obligation>& current, const CalendarUpdate& update, Effects& fx) {
  const v1::Obligation& o = current.value;
  if (o.state() != v1::OBLIGATION_STATE_OPEN || !o.has_deadline()) return absl::OkStatus();
  std::optional<MovedDeadline> moved_to = Recomputed(o.deadline(), *update.previous, *update.current);
  if (!moved_to.has_value()) return absl::OkStatus();
  v1::Obligation moved = o;
  *moved.mutable_deadline() = moved_to->deadline;
  *moved.mutable_due_time() = ToProtoTime(DeadlinePassesAt(moved_to->day));
  fx.Update(moved, current.version);
  fx.SetTimer("obligation.due", moved.name(), DeadlinePassesAt(moved_to->day), update.current->version());
  fx.Audit(moved.name(), "DeadlineRecomputed", moved.rule_id(), &o, moved, moved_to->reason);
  return absl::OkStatus();
}

}  // namespace xianfu::personnel
