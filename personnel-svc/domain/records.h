// Rules software can only record (DIS-04, DIS-13, DIS-20, DIS-25…DIS-28, ORG-06, ORG-09): a
// conduct record of the right kind, citing its rule, with the checks the record itself allows.
#ifndef XIANFU_PERSONNEL_SVC_DOMAIN_RECORDS_H_
#define XIANFU_PERSONNEL_SVC_DOMAIN_RECORDS_H_

#include <string>

#include "absl/status/status.h"
#include "common/effects.h"
#include "personnel-svc/domain/org.h"

namespace xianfu::personnel {

// The rule a kind of conduct record is kept for; "" for an unknown kind.
std::string RuleOfConduct(v1::ConductKind kind);

// A new conduct record by `actor`: its rule and article, DIS-13's data source and owner, and a
// DIS-28 warning when the entourage is larger than fieldwork.max_escorts.
absl::Status NewConductRecord(v1::ConductRecord& record, const std::string& actor, const Env& env, Effects& fx);

}  // namespace xianfu::personnel

#endif  // XIANFU_PERSONNEL_SVC_DOMAIN_RECORDS_H_
