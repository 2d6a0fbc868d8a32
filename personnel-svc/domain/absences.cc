#include "personnel-svc/domain/absences.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "common/deadline_proto.h"

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

}  // namespace xianfu::personnel
