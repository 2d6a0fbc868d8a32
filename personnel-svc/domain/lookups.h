// Answers about the organisation on a day, computed from its facts: an official's standing, a
// unit's leadership, the holders of a role, whose act an act is, and a batch of such questions
// answered from one view (what other modules ask before their verbs).
#ifndef XIANFU_PERSONNEL_SVC_DOMAIN_LOOKUPS_H_
#define XIANFU_PERSONNEL_SVC_DOMAIN_LOOKUPS_H_

#include <string>

#include "absl/status/statusor.h"
#include "personnel-svc/domain/org.h"

namespace xianfu::personnel {

// NOT_FOUND when the official does not exist.
absl::StatusOr<v1::OfficialStanding> StandingOf(const OrgFacts& facts, const std::string& official, absl::CivilDay day,
                                                const Policy& policy);
// NOT_FOUND when the unit does not exist.
absl::StatusOr<v1::UnitLeadership> LeadershipOf(const OrgFacts& facts, const std::string& unit, absl::CivilDay day);
v1::RoleHolders RoleHoldersOf(const OrgFacts& facts, const std::string& role, absl::CivilDay day);
// The leadership of the one unit that plays `role` (the office for "R-OFFICE"): NOT_FOUND when
// none does, FAILED_PRECONDITION when several do.
absl::StatusOr<v1::UnitLeadership> UnitPlaying(const OrgFacts& facts, const std::string& role, absl::CivilDay day);

// The principal a ResolveActingRequest names on `day`: the official, the holder of the post or of
// the role, or the leader in charge of the unit. NOT_FOUND when there is none that day.
absl::StatusOr<std::string> PrincipalOf(const OrgFacts& facts, const v1::ResolveActingRequest& request,
                                        absl::CivilDay day);

// The day a question is about: its own date or time, else `default_time`'s.
absl::CivilDay DayOf(const common::v1::CivilDate& date, absl::CivilDay fallback);

// Every question of `request` answered from `facts` (which must cover the days asked about);
// an unanswerable question carries its error. INVALID_ARGUMENT for a malformed batch.
absl::StatusOr<v1::BatchLookupResponse> AnswerBatch(const OrgFacts& facts, const v1::BatchLookupRequest& request,
                                                    absl::Time now, const Policy& policy);

// The most questions one batch may ask.
inline constexpr int kMaxBatchQuestions = 64;

}  // namespace xianfu::personnel

#endif  // XIANFU_PERSONNEL_SVC_DOMAIN_LOOKUPS_H_
