// What registering an absence sets in motion (art. 9, art. 68; DIS-01, DIS-02, DIS-03,
// DIS-17, DIS-18, DIS-19): filings and reports with deadlines, the presiding stand-in, A/B
// warnings and designation tasks. Also the deadlines of the other reportable events
// (DIS-08, DIS-09, DIS-11, DIS-12).
#ifndef XIANFU_PERSONNEL_SVC_DOMAIN_ABSENCES_H_
#define XIANFU_PERSONNEL_SVC_DOMAIN_ABSENCES_H_

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/calendar.h"
#include "common/effects.h"
#include "personnel-svc/domain/org.h"

namespace xianfu::personnel {

struct ObligationPlan {
  v1::ObligationKind kind = v1::OBLIGATION_KIND_UNSPECIFIED;
  std::string rule_id;
  std::string owner;
  std::string title_zh;
  absl::Time due;
  std::optional<DeadlineExplanation> deadline;
  std::vector<std::string> escalate_to;
  // Already done when registered (e.g. the prior report was made).
  bool fulfilled = false;
};

struct EntrustmentPlan {
  std::string principal, delegate;
  std::set<int> scope;
  absl::CivilDay start, end;
  bool auto_assigned = false;
  std::string reference;
};

struct DesignationPlan {
  std::string principal;
  absl::CivilDay start, end;
};

struct AbsencePlan {
  std::vector<ObligationPlan> obligations;
  std::optional<EntrustmentPlan> presiding;
  std::vector<DesignationPlan> designations;
  std::vector<common::v1::Warning> warnings;
};

// `facts` must cover [start, end] of the absence and hold the official's other absences.
absl::StatusOr<AbsencePlan> PlanAbsence(const v1::Absence& absence, const OrgFacts& facts, const Calendar& calendar,
                                        const Policy& policy);

// Deadline of a report due `working_days` after `day` (the day itself not counted): the end of
// the n-th working day, with its explanation.
// ORG-12: the rules govern what happens from their effective date; earlier acts are refused here.
absl::Status RequireRulesInForce(absl::CivilDay day, absl::string_view field, const Policy& policy);

ObligationPlan ReportAfter(v1::ObligationKind kind, const char* rule_id, std::string owner, std::string title_zh,
                           absl::CivilDay day, int working_days, const Calendar& calendar);

// DIS-08, DIS-09, DIS-11: the obligation a reportable event creates.
absl::StatusOr<ObligationPlan> PlanReportableEvent(v1::ReportableEventKind kind, const std::string& owner,
                                                   const std::string& title, absl::Time when, const OrgFacts& facts,
                                                   const Calendar& calendar, const Policy& policy);

// Leaders away on the same days as their B partner within [from, to], with the designation that
// covers the overlap when there is one (DIS-02, DIS-03).
std::vector<v1::AbsenceConflict> AbsenceConflicts(const OrgFacts& facts, absl::CivilDay from, absl::CivilDay to);

// --- Decisions: what each verb changes, as effects -------------------------------------------

// The obligation a plan describes, opened on `subject`: the record, its due timer (unless it is
// already fulfilled) and its audit entry. `created` receives its name.
absl::Status OpenObligation(const ObligationPlan& plan, const std::string& subject, const std::string& actor,
                            const Env& env, const Namer& names, Effects& fx, std::string* created = nullptr);

// Designation tasks for leaders whose A and B are both away (DIS-03): one per leader and period
// unless one already covers it; each is an ESCALATE to the county head.
absl::Status OpenDesignations(const std::vector<DesignationPlan>& plans, const OrgFacts& facts, const Env& env,
                              const Namer& names, Effects& fx);

// DIS-01, DIS-02, DIS-03, DIS-17…DIS-20: a new absence (named, with its official, kind and dates)
// registered with everything it sets in motion: the presiding stand-in, the filings and reports
// with their deadlines, designation tasks, the start and end events.
absl::Status RegisterAbsence(v1::Absence& absence, const OrgFacts& facts, const std::string& actor, const Env& env,
                             const Namer& names, Effects& fx);

// DIS-20: an absence that has not begun is cancelled and its open filings waived; one that has
// begun is ended by recording the return instead.
absl::Status CancelAbsence(v1::Absence& absence, const std::vector<Versioned<v1::Obligation>>& obligations,
                           const Env& env, Effects& fx);

// An obligation fulfilled by `actor`: late when past its due time. A return report closes its
// absence (销假, DIS-18(b)); a liaison progress report opens the next one until the matter is
// closed (DIS-10).
// 销假, for every rank: the official was back at work on `returned` (not before the absence began,
// not after today). The absence ends the day before (an early return shortens it, a late one
// lengthens it); the stand-in arrangement DIS-01 assigned ends with it, the reports counted from
// the return (DIS-18(b)) are counted again from the new end, and AbsenceEnded follows. A return
// report still open is the 销假 itself when made later (FulfilObligation).
absl::Status ReturnFromAbsence(v1::Absence& absence, absl::CivilDay returned, const std::string& note,
                               const std::vector<Versioned<v1::Obligation>>& obligations,
                               const std::optional<Versioned<v1::Entrustment>>& presiding, const Env& env, Effects& fx);

absl::Status FulfilObligation(v1::Obligation& obligation, const std::string& actor, const std::string& note,
                              bool closes_matter, const std::optional<Versioned<v1::Absence>>& absence, const Env& env,
                              const Namer& names, Effects& fx);

// The obligation.due timer: an open obligation past its due time becomes OVERDUE and escalates
// to its escalate_to (an event for supervision); anything else has moved on.
absl::Status MarkOverdue(const Versioned<v1::Obligation>& obligation, absl::Time due, Effects& fx);

// A newly loaded calendar: an open obligation counted in working days gets its deadline
// recomputed; the change is recorded with its reason.
absl::Status RecomputeObligation(const Versioned<v1::Obligation>& obligation, const CalendarUpdate& update,
                                 Effects& fx);

}  // namespace xianfu::personnel

#endif  // XIANFU_PERSONNEL_SVC_DOMAIN_ABSENCES_H_
