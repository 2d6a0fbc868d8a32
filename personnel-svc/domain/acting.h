// Who acts for a leader (art. 9; DIS-01…DIS-03; ORG-05; roles.md §5.1, §6).
#ifndef XIANFU_PERSONNEL_SVC_DOMAIN_ACTING_H_
#define XIANFU_PERSONNEL_SVC_DOMAIN_ACTING_H_

#include <string>

#include "absl/status/statusor.h"
#include "common/effects.h"
#include "personnel-svc/domain/org.h"

namespace xianfu::personnel {

// Resolves who may do `act` for `principal` on `day`. `facts` must cover `day`.
//  1. The principal in person when present.
//  2. Acts reserved to the county head in person (orders, NPC bills: AMB-31b) wait.
//  3. An entrustment from the principal covering the act (ORG-05); the county head's stand-in
//     for daily work is the presiding stand-in (DIS-01).
//  4. Acts that pass only by entrustment (fund approvals AMB-09, chairing MTG-07, upward
//     documents DOC-18, speech approval AMB-18, meeting leave) wait for one.
//  5. Portfolio acts: B of the A/B pair when present (DIS-02).
//  6. A and B both away: whoever the county head designated (DIS-03); else wait for the
//     designation task.
v1::ActingResolution ResolveActing(const OrgFacts& facts, const std::string& principal, v1::ActKind act,
                                   absl::CivilDay day, const Policy& policy);

// OK when `candidate` is who ResolveActing names; PERMISSION_DENIED citing the rule otherwise.
absl::StatusOr<v1::ActingResolution> CheckActing(const OrgFacts& facts, const std::string& principal, v1::ActKind act,
                                                 absl::CivilDay day, const std::string& candidate,
                                                 const Policy& policy);

std::string ActKindZh(v1::ActKind act);

// Acts the county head does in person only, never entrusted (orders and NPC bills: DOC-15,
// AMB-31b). The one place this is decided; document-svc asks through CheckActing.
bool ReservedInPerson(v1::ActKind act);

// ORG-05, DOC-15: a new entrustment — real dates in order, a scope, a delegate who is a
// county-government leader, no act reserved to the county head in person.
absl::Status ValidateEntrustment(const v1::Entrustment& entrustment, const OrgFacts& facts, const Policy& policy);

// Ends an entrustment today: it covers no day after yesterday.
absl::Status EndEntrustment(v1::Entrustment& entrustment, absl::CivilDay today);

// DIS-03: `actor` designates `designee` to act for the designation's principal. The county head
// designates; the presiding stand-in may once the county head is away and has not designated
// within ab.designation_timeout. The designee is another deputy head, present on every day.
absl::Status Designate(v1::Designation& designation, const std::string& designee, const std::string& actor,
                       const OrgFacts& facts, const Env& env);

}  // namespace xianfu::personnel

#endif  // XIANFU_PERSONNEL_SVC_DOMAIN_ACTING_H_
