// The compliance report (issue "supervision-svc" item 8) as a pure function of the escalations the
// modules hold: the period's lines, their counts per rule and article and per module, and CSV.
#ifndef XIANFU_SUPERVISION_SVC_DOMAIN_REPORT_H_
#define XIANFU_SUPERVISION_SVC_DOMAIN_REPORT_H_

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "common/effects.h"
#include "common/policy.h"
#include "xianfu/common/v1/escalation.pb.h"
#include "xianfu/document/v1/document.pb.h"
#include "xianfu/meeting/v1/meeting.pb.h"
#include "xianfu/personnel/v1/personnel.pb.h"
#include "xianfu/supervision/v1/supervision.pb.h"

namespace xianfu::supervision {

// Whether `e` was raised on a day of [start, end] (Asia/Shanghai).
bool RaisedIn(const common::v1::Escalation& e, absl::CivilDay start, absl::CivilDay end);

// Escalations raised on days [start, end] (Asia/Shanghai) of `all`, reported with the deviations
// recorded in the period; lines counted per unit by `unit_of` (assignee → unit).
v1::ComplianceReport BuildReport(const std::vector<common::v1::Escalation>& all, absl::CivilDay start,
                                 absl::CivilDay end, const std::vector<std::string>& unavailable,
                                 const std::vector<v1::RecordedDeviation>& deviations = {},
                                 const std::map<std::string, std::string>& unit_of = {});

// The deviation a closed meeting period records (MTG-03/05/07), cited from the policy; none for a
// warning ahead of the period's end.
std::optional<v1::RecordedDeviation> DeviationFrom(const meeting::v1::MeetingFrequencyWarning& warning,
                                                   const std::string& event_id, const Env& env);
// The line an obligation gone overdue in personnel-svc (a report after a trip, a meeting or a
// major situation: DIS-08…DIS-11, DIS-18 …) gives the report, dated the day it fell due.
v1::RecordedDeviation DeviationFrom(const personnel::v1::Obligation& overdue, const std::string& event_id,
                                    const Env& env);
// The line a countersign left unanswered past its deadline gives the report (DOC-10: deemed no
// objection, the lateness recorded against the silent unit).
v1::RecordedDeviation DeviationFrom(const document::v1::CountersignDeemed& deemed, const std::string& event_id,
                                    const Env& env);
// The line a departmental normative document not filed in time gives the report (DOC-28).
v1::RecordedDeviation DeviationFrom(const document::v1::NormativeFilingOverdue& overdue, const std::string& event_id,
                                    const Env& env);
// The line an override of a soft rule gives the report: who overrode which rule on which record,
// and why.
v1::RecordedDeviation DeviationFrom(const common::v1::OverrideRecord& override_taken, const std::string& service,
                                    const std::string& subject, const std::string& event_id, const Env& env);

// One CSV field, quoted when it holds a comma, quote or line break (RFC 4180).
std::string CsvField(const std::string& value);

}  // namespace xianfu::supervision

#endif  // XIANFU_SUPERVISION_SVC_DOMAIN_REPORT_H_
