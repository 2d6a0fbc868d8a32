// NPC deputies' suggestions and CPPCC proposals (SUP-02, art. 32) and petitions (SUP-06, art. 36):
// their handling unit and responsible person, contact with the author, deadline and reminders,
// publication of the result; the important letter read in person within its working days and
// the case's responsible leader (包案领导).
#ifndef XIANFU_SUPERVISION_SVC_DOMAIN_CASES_H_
#define XIANFU_SUPERVISION_SVC_DOMAIN_CASES_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "common/calendar.h"
#include "common/effects.h"
#include "common/org_types.h"
#include "common/policy.h"
#include "xianfu/supervision/v1/supervision.pb.h"

namespace xianfu::supervision {

namespace v1 = ::xianfu::supervision::v1;

inline constexpr char kSuggestionReminderTimer[] = "suggestion.reminder";
inline constexpr char kSuggestionOverdueTimer[] = "suggestion.overdue";
inline constexpr char kPetitionReadTimer[] = "petition.read_due";

// SUP-02(a): the handling unit's principal head answers for it; deadline proposals.deadline_months
// after today, reminders at proposals.reminders before it.
absl::Status AssignSuggestion(v1::Suggestion& s, const org::Unit& unit, const std::string& supervisor, const Env& env,
                              Effects& fx);
absl::Status RecordCommunication(v1::Suggestion& s, const std::string& note, const org::Person& me, const Env& env);
// SUP-02(b): no reply without a recorded communication; (d): a result neither published nor
// exempt is escalated to supervision and the item waits for publication.
absl::Status Reply(v1::Suggestion& s, const std::string& result, const std::string& published_at,
                   const std::string& exempt_basis, const Env& env, const Namer& names, Effects& fx);
absl::Status Publish(v1::Suggestion& s, const std::string& published_at, const Env& env);
// The deputy's or member's view of a reply. Unsatisfied: handled again (重新办理) within
// proposals.rehandle_months, with a new contact before the new reply, reminders and the overdue
// escalation as before.
absl::Status RecordSatisfaction(v1::Suggestion& s, v1::Satisfaction satisfaction, const Env& env, Effects& fx);
// A new calendar: reminders counted in working days before a suggestion's deadline move with it
// (one sent already is not sent again). The deadline itself is counted in months.
absl::Status RearmSuggestionForCalendar(const Versioned<v1::Suggestion>& s, const CalendarUpdate& update,
                                        const Env& env, Effects& fx);
// A new calendar: an important letter's reading deadline (petition.read_wd working days, SUP-06)
// is counted again until the letter is read or the deadline has passed.
absl::Status RecomputeReadDeadline(const Versioned<v1::Petition>& p, const CalendarUpdate& update, const Env& env,
                                   Effects& fx);
// SUP-02(c): late → escalated to supervision and the leader in charge.
absl::Status SuggestionOverdue(const Versioned<v1::Suggestion>& s, const Env& env, const Namer& names, Effects& fx);
absl::Status SuggestionReminder(const Versioned<v1::Suggestion>& s, int days_before, const Env& env, Effects& fx);

// SUP-06: an important letter is read in person by the leader in charge of the handling unit
// within petition.read_wd working days; `escalate_to` (the county head, supervision) hear of a late
// reading.
absl::Status RegisterPetition(v1::Petition& p, const org::Unit& unit, const std::vector<std::string>& escalate_to,
                              const Env& env, Effects& fx);
absl::Status ReadPetition(v1::Petition& p, const std::string& instruction, const org::Person& me, const org::Unit& unit,
                          const Env& env, Effects& fx);
// An important case goes IN_PROGRESS only with its 包案领导 named.
absl::Status AdvancePetition(v1::Petition& p, v1::PetitionState to, const std::string& case_leader,
                             const std::string& resolution, const Env& env);
absl::Status PetitionReadOverdue(const Versioned<v1::Petition>& p, const Env& env, const Namer& names, Effects& fx);

}  // namespace xianfu::supervision

#endif  // XIANFU_SUPERVISION_SVC_DOMAIN_CASES_H_
