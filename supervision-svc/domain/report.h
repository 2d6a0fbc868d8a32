// The compliance report (issue "supervision-svc" item 8) as a pure function of the escalations the
// modules hold: the period's lines, their counts per rule and article and per module, and CSV.
#ifndef XIANFU_SUPERVISION_SVC_DOMAIN_REPORT_H_
#define XIANFU_SUPERVISION_SVC_DOMAIN_REPORT_H_

#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "xianfu/common/v1/escalation.pb.h"
#include "xianfu/supervision/v1/supervision.pb.h"

namespace xianfu::supervision {

// Escalations raised on days [start, end] (Asia/Shanghai) of `all`, reported.
v1::ComplianceReport BuildReport(const std::vector<common::v1::Escalation>& all, absl::CivilDay start,
                                 absl::CivilDay end, const std::vector<std::string>& unavailable);

// One CSV field, quoted when it holds a comma, quote or line break (RFC 4180).
std::string CsvField(const std::string& value);

}  // namespace xianfu::supervision

#endif  // XIANFU_SUPERVISION_SVC_DOMAIN_REPORT_H_
