// The document rules of chapter 9 (arts 49–55) and arts 19–20, decided on plain data: the
// handler gathers the document and personnel-svc's answers first (one round trip through the
// organisation directory) and passes them in. Every decision either refuses, citing its rule,
// or changes the record and fills an Effects for the apply step.
#ifndef XIANFU_DOCUMENT_SVC_DOMAIN_RULES_H_
#define XIANFU_DOCUMENT_SVC_DOMAIN_RULES_H_

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "common/calendar.h"
#include "common/effects.h"
#include "common/org_types.h"
#include "common/policy.h"
#include "google/protobuf/field_mask.pb.h"
#include "xianfu/document/v1/document.pb.h"

namespace xianfu::document {

namespace v1 = ::xianfu::document::v1;

// What personnel-svc says about one official / one unit on a day.
using Person = org::Person;
using UnitView = org::Unit;
using Acting = org::Acting;

int Level(v1::Classification c);
bool IsClassified(const v1::Document& d);
// What a classified registration shows: metadata only.
v1::Document Registration(const v1::Document& d);

// --- Drafts ---------------------------------------------------------------------------------

// A new draft (direction, kind, title; an outgoing one names its issuing name; attachments
// carry their digest), DIS-21 for classified ones, created by `actor`.
absl::Status NewDraft(v1::Document& d, const std::string& actor, const Env& env);
// A change of a draft's content (DRAFT or RETURNED): the fields `mask` names, taken from `in`
// (AIP-134; the API admits only fields the drafting unit writes); DIS-21.
absl::Status ChangeContent(v1::Document& d, const v1::Document& in, const google::protobuf::FieldMask& mask,
                           const Env& env);

// --- Intake (DOC-01…DOC-09, DOC-11, DOC-22, DOC-24) -------------------------------------------

// The facts intake needs besides the document.
struct IntakeContext {
  UnitView sender;
  Person signer;
  bool principal_absent = false;
  // Units named as principal recipients, with their roles (to spot skip-level submissions).
  std::map<std::string, UnitView> recipients;
  // The countersigns requested for the document.
  std::vector<v1::Countersign> countersigns;
  // DOC-22(b): briefing series the sending unit already submits, and whether the county head
  // allowed another one for this submission.
  std::set<std::string> existing_briefing_series;
  bool second_series_overridden = false;
};

struct IntakeResult {
  std::vector<absl::Status> refusals;  // all reasons, first decides the code
  std::vector<common::v1::Warning> warnings;
  // DOC-05 alone: the item goes to the office registry queue instead of the leader.
  bool redirect_to_registry = false;
};

IntakeResult CheckIntake(const v1::Document& document, const IntakeContext& context, const Policy& policy);

// A submission by `me`: DOC-22's override taken when asked for, the intake checks run. Passed:
// SUBMITTED (or WITH_LEADER when addressed to a leader by an allowed route). Refused: RETURNED
// with every reason (DOC-05 alone: redirected to the registry), committed, and the refusal is
// the answer (Effects::AnswerWith).
absl::Status Submit(v1::Document& d, IntakeContext context, const std::vector<common::v1::OverrideRequest>& overrides,
                    const Person& me, const Env& env, Effects& fx);

// The office returns a submitted document with its reason (DOC-01).
absl::Status ReturnToSender(v1::Document& d, const std::string& reason, const Env& env, Effects& fx);

// --- Review and endorsement (DOC-06, DOC-12…DOC-14, DOC-23) -------------------------------------

// DOC-12, DOC-13: the office's review with its handling opinion routes the document to `leader`
// (the sending unit's leader in charge, the county head when it has none) or to whoever acts
// for him (`acting`, personnel-svc's answer).
absl::Status Review(v1::Document& d, const std::string& handling_opinion, const std::string& reviewer,
                    const std::string& leader, const Acting& acting, const Env& env);

struct EndorseInput {
  v1::EndorsementKind kind = v1::ENDORSEMENT_KIND_UNSPECIFIED;
  std::string text;
  std::string referred_to;
  std::vector<std::string> assigned_units;
  common::v1::CivilDate assignment_deadline;
};

struct EndorseFacts {
  Person me;
  // personnel-svc's CheckActing for `me` acting for the routed leader, when he is not that
  // leader: the resolution or the refusal (DIS-02, DIS-03 …).
  std::optional<absl::StatusOr<Acting>> acting_for_principal;
  std::string county_head;
  // Who acts for the county head and for the leader referred to, for routing onwards.
  std::optional<Acting> county_head_acting;
  std::optional<Acting> referred_acting;
};

// DOC-14: a leader's endorsement; only an explicit opinion moves the document on (a major
// matter on to the county head, DOC-13); an instruction that assigns work opens handling items
// (DOC-23); DOC-06 warns when the office has not reviewed it; DOC-12 when departments disagree.
absl::Status Endorse(v1::Document& d, const EndorseInput& input, const EndorseFacts& facts, const Env& env,
                     const Namer& names, Effects& fx);

// DOC-14 (no explicit opinion), DOC-13 (a major matter not yet with the county head's
// approval), DOC-12 (not reviewed): the office forwards only an endorsed document.
absl::Status Forward(v1::Document& d, const Env& env);
// DOC-07: a draft for the county committee (or a joint issue) has the county government's review:
// an approving endorsement, or an executive meeting named in government_review_reference.
absl::Status CheckCountyGovernmentReview(const v1::Document& d, const Policy& policy);
absl::Status Archive(v1::Document& d);

// DOC-14: whether an endorsement is an explicit opinion on this document.
bool IsExplicit(const v1::Document& document, v1::EndorsementKind kind, const std::string& text);

// --- Outgoing documents (DOC-15…DOC-22, DOC-25…DOC-28) -------------------------------------------

// The reviews an important county-government document needs before the county head signs
// (DOC-16): executive deputy, the deputy in charge, the office director (the executive deputy
// counts once when he is the deputy in charge). Returns the officials still missing.
std::vector<std::string> MissingReviews(const v1::Document& document, const std::string& executive_deputy,
                                        const std::string& portfolio_deputy, const std::string& office_director);

// DOC-16: a review for sign-off by `me`, who must be one of the three reviewers.
absl::Status ReviewForSignOff(v1::Document& d, const std::string& me, const std::string& executive_deputy,
                              const std::string& portfolio_deputy, const std::string& office_director, const Env& env);

// Who may sign (签发) an outgoing document (DOC-15…DOC-19, DOC-27). `signer` is the caller.
struct SignContext {
  Person signer;
  std::string county_head;
  std::string executive_deputy;
  std::string portfolio_deputy;  // primary leader of the drafting unit
  std::string office_director;
  // personnel-svc's CheckActing of the signer for the county head's acts that only he does in
  // person (orders, NPC bills: DOC-15, decided by personnel-svc).
  absl::Status in_person_check = absl::OkStatus();
  // personnel-svc's CheckActing for the county head's upward documents (DOC-18) and for the
  // deputy in charge (DOC-16 general), when the caller is not the holder himself.
  bool entrusted_for_upward = false;
  bool acting_for_portfolio_deputy = false;
  common::v1::ActingMark portfolio_acting_mark;
  std::string portfolio_acting_display;
};

absl::Status CheckSignOff(const v1::Document& document, const SignContext& context, const Policy& policy);

// DOC-20…DOC-22 for a document about to be signed or issued by `unit`: no downward document on a
// disputed topic without consensus, nothing normative or demanding submissions from townships in
// an internal unit's name, a division-of-labour plan goes out with its document (WARN).
struct IssueCheck {
  absl::Status refusal;
  std::vector<common::v1::Warning> warnings;
};
IssueCheck CheckIssue(const v1::Document& document, const UnitView& unit, const Policy& policy);

// The signature: CheckSignOff, CheckIssue and, for a normative document touching several
// departments, their opinions on record (DOC-26; `countersigns` are the document's). A county
// leader standing in who tries to sign an order or NPC bill is refused and the county head gets
// an ESCALATE item (DOC-15): the document waits for him.
absl::Status Sign(v1::Document& d, const SignContext& context, const UnitView& unit,
                  const std::vector<v1::Countersign>& countersigns, const Env& env, const Namer& names, Effects& fx);

// A department issues its own document (DOC-20…DOC-22; a normative one states its legal basis,
// DOC-25, and falls due for filing, DOC-28).
absl::Status IssueDepartmental(v1::Document& d, const UnitView& unit, const Env& env, Effects& fx);
// The issuing-name prefix of a signed document in the government's or office's name.
std::string NumberingPrefix(const v1::Document& d, const Policy& policy);
// The office issues a signed document under the next gapless number.
absl::Status IssueNumbered(v1::Document& d, int64_t number, const Env& env, Effects& fx);

// The issue number: "<prefix>〔<year>〕<n>号".
std::string IssueNumber(const std::string& prefix, int year, int64_t n);

// --- Countersign (DOC-09, DOC-10) ---------------------------------------------------------------

// DOC-10: the deadline of a countersign received at `received` (AMB-16b: the day of receipt is
// not counted; after the cut-off it counts as received the next working day).
absl::StatusOr<EventDeadline> CountersignDeadline(absl::Time received, int lead_limit_working_days,
                                                  const Calendar& calendar, const Policy& policy);

// The lead department asks `units` (which exist) to countersign the document: one countersign
// each with its deadline, its deemed-no-objection timer and its reminder.
absl::StatusOr<std::vector<v1::Countersign>> RequestCountersigns(v1::Document& d, const std::vector<std::string>& units,
                                                                 int limit_working_days, const Env& env,
                                                                 const Namer& names, Effects& fx);

// A reply: AGREED or OBJECTED (with reasons, DOC-09); after the deadline it is kept as a late
// comment and the countersign stays deemed (DOC-10).
absl::Status Reply(v1::Countersign& c, v1::CountersignState answer, const std::string& opinion,
                   const std::string& reasons, const std::string& actor, const Env& env, Effects& fx);
// DOC-10: a deadline agreed with the lead department in special circumstances.
absl::Status AgreeDeadline(v1::Countersign& c, const common::v1::CivilDate& new_deadline, const std::string& note,
                           const Env& env, Effects& fx);
// DOC-10: the lead department chooses to reopen a countersign deemed "no objection" (only while
// its document is a draft or returned). A late reply becomes the answer — an objection then
// needs DOC-09(b)'s reasoning list and proposal at submission; without one the countersign is
// pending again with a new deadline counted from now.
absl::Status Reopen(v1::Countersign& c, const std::string& reason, const std::string& actor, const Env& env,
                    Effects& fx);
// The countersign.deemed timer: silence becomes DEEMED_NO_OBJECTION; both sides are told.
absl::Status DeemNoObjection(const Versioned<v1::Countersign>& c, absl::Time due, Effects& fx);
// The countersign.reminder timer.
absl::Status RemindCountersign(const Versioned<v1::Countersign>& c, Effects& fx);

// A pending countersign's deadline under a newly loaded calendar (a new year's notice): the
// countersign with its new deadline, or nullopt when nothing changes. Agreed deadlines are dates
// and do not move.
std::optional<v1::Countersign> RecomputeCountersign(const v1::Countersign& countersign, const Calendar& previous,
                                                    const Calendar& current);
absl::Status RecomputeCountersignDeadline(const Versioned<v1::Countersign>& c, const CalendarUpdate& update,
                                          const Env& env, Effects& fx);

// --- Handling time limits (DOC-23) -----------------------------------------------------------------

// A new item: source, task and a real deadline; its breach timer.
absl::Status OpenHandlingItem(v1::HandlingItem& item, const Env& env, Effects& fx);

// DOC-23: an extension needs a written explanation and the consent of the instructing leader or
// the supervising unit; beyond extensions.max only the instructing leader, with a reason.
struct ExtensionContext {
  Person consenter;
  std::string instructing_leader;
};
absl::StatusOr<v1::Extension> CheckExtension(const v1::HandlingItem& item, const std::string& explanation,
                                             const common::v1::CivilDate& new_deadline,
                                             const std::string& override_reason, const ExtensionContext& context,
                                             absl::Time now, const Policy& policy);
absl::Status Extend(v1::HandlingItem& item, const std::string& explanation, const common::v1::CivilDate& new_deadline,
                    const std::string& override_reason, const ExtensionContext& context, const Env& env, Effects& fx);
// Done — or, with `declined_reason`, closed as not complying (DIS-30: 不符合规定，不予办理, with the
// legal reason; it escalates no further).
absl::Status Complete(v1::HandlingItem& item, const std::string& declined_reason, const Env& env, Effects& fx);
// The handling.breach timer: an open item past its deadline is BREACHED (ESCALATE to supervision).
absl::Status Breach(const Versioned<v1::HandlingItem>& item, Effects& fx);

// --- Normative documents (DOC-25…DOC-30) -------------------------------------------------------

// DOC-27: the judicial bureau's legality review.
absl::Status RecordLegality(v1::Document& d, v1::LegalityResult result, bool no_prohibited_content_attested,
                            const std::string& opinion, const std::string& reviewer, const Env& env);
// DOC-28: an issued departmental normative document filed.
absl::Status FileNormative(v1::Document& d, const Env& env, Effects& fx);
// The normative.filing_due timer: ESCALATE when still not filed.
absl::Status FilingOverdue(const Versioned<v1::Document>& d, Effects& fx);
// DOC-29 (suspended, revoked) and DOC-30 (clean-up): a new status with its reason.
absl::Status ChangeNormativeStatus(v1::Document& d, v1::NormativeStatus status, const std::string& reason,
                                   const Env& env, Effects& fx);
// DOC-30: a catalogue entry not reviewed for cleanup_months carries a warning.
void MarkCleanupDue(v1::Document& d, const Env& env);

// Character bigrams of Chinese text (and lower-cased ASCII words) for the search index.
std::set<std::string> SearchTerms(absl::string_view text);

}  // namespace xianfu::document

#endif  // XIANFU_DOCUMENT_SVC_DOMAIN_RULES_H_
