// The document rules of chapter 9 (arts 49–55) and arts 19–20, decided on plain data: the
// handler asks personnel-svc about the organisation first and passes the answers in.
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
#include "common/policy.h"
#include "xianfu/document/v1/document.pb.h"

namespace xianfu::document {

namespace v1 = ::xianfu::document::v1;

// What personnel-svc says about one official on a day.
struct Person {
  std::string official;
  std::string display_name;
  std::set<std::string> roles;  // "R-CH", "R-EDH", "R-OFFICE", "R-JB", …
  std::set<std::string> units;
  bool absent = false;
  bool Has(absl::string_view role) const { return roles.contains(std::string(role)); }
  bool InUnit(const std::string& unit) const { return units.contains(unit); }
};

// What personnel-svc says about one unit on a day.
struct UnitView {
  std::string unit;
  bool internal_unit = false;  // 内设机构 (DOC-21)
  std::string principal_head;
  std::vector<std::string> deputy_heads;
  std::vector<std::string> clerks;
  std::string primary_leader;   // 分管领导
  std::set<std::string> roles;  // of the unit itself ("R-PREF-GO" for the prefecture office …)
};

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
  // The addressed leader's classification threshold comes from the policy.
};

struct IntakeResult {
  std::vector<absl::Status> refusals;  // all reasons, first decides the code
  std::vector<common::v1::Warning> warnings;
  // DOC-05 alone: the item goes to the office registry queue instead of the leader.
  bool redirect_to_registry = false;
};

IntakeResult CheckIntake(const v1::Document& document, const IntakeContext& context, const Policy& policy);

int Level(v1::Classification c);
bool IsClassified(const v1::Document& d);

// DOC-10: the deadline of a countersign received at `received` (AMB-16b: the day of receipt is
// not counted; after the cut-off it counts as received the next working day).
absl::StatusOr<EventDeadline> CountersignDeadline(absl::Time received, int lead_limit_working_days,
                                                  const Calendar& calendar, const Policy& policy);

// DOC-14: whether an endorsement is an explicit opinion on this document.
bool IsExplicit(const v1::Document& document, v1::EndorsementKind kind, const std::string& text);

// The reviews an important county-government document needs before the county head signs
// (DOC-16): executive deputy, the deputy in charge, the office director (the executive deputy
// counts once when he is the deputy in charge). Returns the officials still missing.
std::vector<std::string> MissingReviews(const v1::Document& document, const std::string& executive_deputy,
                                        const std::string& portfolio_deputy, const std::string& office_director);

// Who may sign (签发) an outgoing document (DOC-15…DOC-19, DOC-27). `signer` is the caller;
// `acting_ok` says whether personnel-svc let him act for the holder the rule names.
struct SignContext {
  Person signer;
  std::string county_head;
  std::string executive_deputy;
  std::string portfolio_deputy;  // primary leader of the drafting unit
  std::string office_director;
  // personnel-svc's CheckActing for the county head's upward documents (DOC-18) and for the
  // deputy in charge (DOC-16 general), when the caller is not the holder himself.
  bool entrusted_for_upward = false;
  bool acting_for_portfolio_deputy = false;
};

absl::Status CheckSignOff(const v1::Document& document, const SignContext& context, const Policy& policy);

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

// DOC-20…DOC-22 for a document about to be signed or issued by `unit`: no downward document on a
// disputed topic without consensus, nothing normative or demanding submissions from townships in
// an internal unit's name, a division-of-labour plan goes out with its document (WARN).
struct IssueCheck {
  absl::Status refusal;
  std::vector<common::v1::Warning> warnings;
};
IssueCheck CheckIssue(const v1::Document& document, const UnitView& unit, const Policy& policy);

// A pending countersign's deadline under a newly loaded calendar (a new year's notice): the
// countersign with its new deadline, or nullopt when nothing changes. Agreed deadlines are dates
// and do not move.
std::optional<v1::Countersign> RecomputeCountersign(const v1::Countersign& countersign, const Calendar& previous,
                                                    const Calendar& current);

// The issue number: "<prefix>〔<year>〕<n>号".
std::string IssueNumber(const std::string& prefix, int year, int64_t n);

// Character bigrams of Chinese text (and lower-cased ASCII words) for the search index.
std::set<std::string> SearchTerms(absl::string_view text);

}  // namespace xianfu::document

#endif  // XIANFU_DOCUMENT_SVC_DOMAIN_RULES_H_
