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
ObligationPlan ReportAfter(v1::ObligationKind kind, const char* rule_id, std::string owner, std::string title_zh,
                           absl::CivilDay day, int working_days, const Calendar& calendar);

// DIS-08, DIS-09, DIS-11: the obligation a reportable event creates.
absl::StatusOr<ObligationPlan> PlanReportableEvent(v1::ReportableEventKind kind, const std::string& owner,
                                                   const std::string& title, absl::Time when, const OrgFacts& facts,
                                                   const Calendar& calendar, const Policy& policy);

}  // namespace xianfu::personnel

#endif  // XIANFU_PERSONNEL_SVC_DOMAIN_ABSENCES_H_
