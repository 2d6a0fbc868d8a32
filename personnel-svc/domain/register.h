// The organisation register (ORG-01, ORG-04, ORG-07, ORG-13; MTG-06 for changes of the
// division of work): what a new official, unit or post must say, how a post changes hands, and
// how a new division of work supersedes the one in force.
#ifndef XIANFU_PERSONNEL_SVC_DOMAIN_REGISTER_H_
#define XIANFU_PERSONNEL_SVC_DOMAIN_REGISTER_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/effects.h"
#include "personnel-svc/domain/org.h"

namespace xianfu::personnel {

// ORG-01: the register records who the officials and units are (the member set derives from it).
absl::Status NewOfficial(v1::Official& official, const Env& env, Effects& fx);
absl::Status NewUnit(v1::Unit& unit, const Env& env, Effects& fx);

// ORG-07 (one executive deputy, a deputy-head post), ORG-13 (an office deputy director has an
// area); the post's unit must exist.
absl::Status NewPost(v1::Post& post, const OrgFacts& facts, const Policy& policy, Effects& fx);

// ORG-01: `official` holds `post` from `start`; the open term ends the day before. Terms are
// recorded in date order: none may start on or after `start`. `terms` are the post's terms.
absl::Status AssignPost(v1::Post& post, std::vector<v1::PostTerm> terms, const std::string& official,
                        absl::CivilDay start, const std::string& basis, const OrgFacts& facts, Effects& fx);

// ORG-04, ORG-07, DIS-02 and MTG-06: a new division of work from its effective date, checked
// against the register; it supersedes `latest` (which must take effect earlier: history is not
// rewritten). Publishes DivisionOfWorkChanged naming the leaders whose B changed.
absl::Status ChangeDivision(v1::DivisionOfWork& division, const std::optional<Versioned<v1::DivisionOfWork>>& latest,
                            const OrgFacts& facts, const std::string& actor, const Env& env, Effects& fx);

// History is closed: a register change takes effect today or later (acts already done were judged
// on the organisation as it then stood). The past is loaded once, by ImportOrganisation.
absl::Status RequireOpenHistory(absl::CivilDay effective, absl::string_view field, absl::string_view rule_id,
                                const Env& env);

// ImportOrganisation: an adopting county's first load, with its past. Allowed only while the
// register holds no division of work (`register_has_division` false); everything in the request
// is checked as the verbs would check it (ORG-01, ORG-04, ORG-07, ORG-13), against the organisation
// the import itself builds, and written as one act, each record audited with the source.
absl::StatusOr<v1::ImportOrganisationResponse> ImportOrganisation(const v1::ImportOrganisationRequest& request,
                                                                  const OrgFacts& existing, bool register_has_division,
                                                                  const std::string& actor, const Env& env,
                                                                  const Namer& names, Effects& fx);

}  // namespace xianfu::personnel

#endif  // XIANFU_PERSONNEL_SVC_DOMAIN_REGISTER_H_
