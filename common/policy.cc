#include "common/policy.h"

#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/config_file.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/io/tokenizer.h"
#include "google/protobuf/text_format.h"

namespace xianfu {
namespace {

namespace pb = ::google::protobuf;
namespace v1 = ::xianfu::policy::v1;

constexpr int kVersionDigestDigits = 12;

class TextFormatErrors : public pb::io::ErrorCollector {
 public:
  void AddError(int line, pb::io::ColumnNumber column, const std::string& message) override {
    errors_.push_back(absl::StrCat("line ", line + 1, " column ", column + 1, ": ", message));
  }
  void AddWarning(int line, pb::io::ColumnNumber column, const std::string& message) override {}

  const std::vector<std::string>& errors() const { return errors_; }

 private:
  std::vector<std::string> errors_;
};

bool ValidMonthDay(int month, int day) {
  // Checked in a non-leap year: a yearly date must exist every year.
  const absl::CivilDay date(2023, month, day);
  return month >= 1 && month <= 12 && day >= 1 && date.month() == month && date.day() == day;
}

bool ValidDate(const common::v1::CivilDate& date) {
  const absl::CivilDay day(date.year(), date.month(), date.day());
  return date.year() > 0 && day.year() == date.year() && day.month() == date.month() && day.day() == date.day();
}

bool IsRuleId(absl::string_view id) {
  const size_t dash = id.find('-');
  if (dash == absl::string_view::npos || dash == 0 || dash + 1 == id.size()) return false;
  for (size_t i = 0; i < id.size(); ++i) {
    const char c = id[i];
    const bool ok = i < dash ? absl::ascii_isupper(c) : i == dash || absl::ascii_isdigit(c);
    if (!ok) return false;
  }
  return true;
}

// Collects every problem so that one run of the loader reports them all.
class Validator {
 public:
  explicit Validator(const v1::CountyPolicy& policy) : policy_(policy) {
    for (const v1::Role& role : policy.roles()) declared_roles_.insert(role.code());
  }

  absl::Status Run() {
    CheckIdentity();
    CheckRoles();
    CheckRules();
    CheckAreas();
    CheckCombinations();
    if (problems_.empty()) return absl::OkStatus();
    return absl::InvalidArgumentError(absl::StrCat("policy invalid: ", absl::StrJoin(problems_, "; ")));
  }

 private:
  void Fail(absl::string_view field, absl::string_view problem) {
    problems_.push_back(absl::StrCat(field, ": ", problem));
  }

  void RequireText(absl::string_view field, const std::string& value) {
    if (value.empty()) Fail(field, "missing");
  }

  void CheckSource(const std::string& field, const v1::Source& source) {
    if (source.article() <= 0) {
      Fail(field + ".article", absl::StrCat("must be a positive article number, got ", source.article()));
    }
    if (source.paragraph() < 0) Fail(field + ".paragraph", "must not be negative");
    if (source.item() < 0) Fail(field + ".item", "must not be negative");
  }

  void CheckRoleReference(const std::string& field, const std::string& code) {
    if (code.empty()) {
      Fail(field, "missing");
    } else if (!declared_roles_.contains(code)) {
      Fail(field, absl::StrCat("role \"", code, "\" is not declared in roles"));
    }
  }

  void CheckIdentity() {
    RequireText("policy_id", policy_.policy_id());
    for (char c : policy_.policy_id()) {
      if (!absl::ascii_isalnum(c) && c != '-' && c != '_' && c != '.') {
        Fail("policy_id", "may contain only letters, digits, '-', '_' and '.'");
        break;
      }
    }
    RequireText("county_name", policy_.county_name());
    RequireText("title", policy_.title());
    RequireText("doc_number", policy_.doc_number());
    if (!policy_.has_effective_from() || !policy_.effective_from().has_date()) {
      Fail("effective_from", "missing");
    } else {
      if (!ValidDate(policy_.effective_from().date())) Fail("effective_from.date", "not a date");
      CheckSourceField("effective_from", policy_.effective_from());
    }
    if (policy_.has_replaces()) {
      if (policy_.replaces().title().empty() && policy_.replaces().doc_number().empty()) {
        Fail("replaces", "needs a title or a doc_number");
      }
      CheckSourceField("replaces", policy_.replaces());
    }
  }

  void CheckRoles() {
    absl::flat_hash_set<std::string> seen;
    for (int i = 0; i < policy_.roles_size(); ++i) {
      const v1::Role& role = policy_.roles(i);
      const std::string field = absl::StrCat("roles[", i, "]");
      RequireText(field + ".code", role.code());
      RequireText(field + ".name_zh", role.name_zh());
      if (!role.code().empty() && !seen.insert(role.code()).second) {
        Fail(field + ".code", absl::StrCat("duplicate role \"", role.code(), "\""));
      }
    }
  }

  void CheckRules() {
    if (policy_.rules().empty()) Fail("rules", "missing");
    absl::flat_hash_set<std::string> seen;
    for (int i = 0; i < policy_.rules_size(); ++i) {
      const v1::Rule& rule = policy_.rules(i);
      const std::string field =
          rule.rule_id().empty() ? absl::StrCat("rules[", i, "]") : "rules[" + rule.rule_id() + "]";
      if (!IsRuleId(rule.rule_id())) {
        Fail(field + ".rule_id", "must look like \"DOC-03\"");
      } else if (!seen.insert(rule.rule_id()).second) {
        Fail(field + ".rule_id", "duplicate rule id");
      }
      if (!rule.has_source()) {
        Fail(field + ".source", "missing");
      } else {
        CheckSource(field + ".source", rule.source());
      }
      for (int j = 0; j < rule.related_size(); ++j) {
        CheckSource(absl::StrCat(field, ".related[", j, "]"), rule.related(j));
      }
      if (rule.enforcement() == v1::ENFORCEMENT_UNSPECIFIED || !v1::Enforcement_IsValid(rule.enforcement())) {
        Fail(field + ".enforcement", "missing");
      }
      if (!rule.override_role().empty()) {
        CheckRoleReference(field + ".override_role", rule.override_role());
      }
      RequireText(field + ".title_zh", rule.title_zh());
      RequireText(field + ".title_en", rule.title_en());
    }
  }

  // Every area and every value in it is required; each value is checked by its type.
  void CheckAreas() {
    const pb::Descriptor* descriptor = policy_.GetDescriptor();
    const pb::Reflection* reflection = policy_.GetReflection();
    for (int i = 0; i < descriptor->field_count(); ++i) {
      const pb::FieldDescriptor* area = descriptor->field(i);
      if (area->is_repeated() || area->cpp_type() != pb::FieldDescriptor::CPPTYPE_MESSAGE ||
          area->message_type() == v1::EffectiveDate::descriptor() ||
          area->message_type() == v1::ReplacedRules::descriptor()) {
        continue;
      }
      if (!reflection->HasField(policy_, area)) {
        Fail(area->name(), "missing");
        continue;
      }
      const pb::Message& area_message = reflection->GetMessage(policy_, area);
      for (int j = 0; j < area->message_type()->field_count(); ++j) {
        const pb::FieldDescriptor* value = area->message_type()->field(j);
        if (value->is_repeated()) continue;  // tables (matters.routes) are checked as such
        const std::string field = absl::StrCat(area->name(), ".", value->name());
        if (!area_message.GetReflection()->HasField(area_message, value)) {
          Fail(field, "missing");
          continue;
        }
        CheckValue(field, area_message.GetReflection()->GetMessage(area_message, value));
      }
    }
  }

  template <typename T>
  void CheckSourceField(const std::string& field, const T& value) {
    if (!value.has_source()) {
      Fail(field + ".source", "missing");
    } else {
      CheckSource(field + ".source", value.source());
    }
  }

  void RequirePositive(const std::string& field, int64_t value) {
    if (value <= 0) Fail(field, absl::StrCat("must be positive, got ", value));
  }

  void RequireNonNegative(const std::string& field, int64_t value) {
    if (value < 0) Fail(field, absl::StrCat("must not be negative, got ", value));
  }

  void CheckMonthDay(const std::string& field, const v1::MonthDay& date) {
    if (!ValidMonthDay(date.month(), date.day())) {
      Fail(field, absl::StrCat("not a day of every year: ", date.month(), "-", date.day()));
    }
  }

  void CheckValue(const std::string& field, const pb::Message& value) {
    const pb::Descriptor* type = value.GetDescriptor();
    const pb::FieldDescriptor* source = type->FindFieldByName("source");
    if (source == nullptr || !value.GetReflection()->HasField(value, source)) {
      Fail(field + ".source", "missing");
    } else {
      CheckSource(field + ".source", static_cast<const v1::Source&>(value.GetReflection()->GetMessage(value, source)));
    }

    if (type == v1::WorkingDays::descriptor()) {
      RequirePositive(field + ".days", static_cast<const v1::WorkingDays&>(value).days());
    } else if (type == v1::CalendarDays::descriptor()) {
      RequirePositive(field + ".days", static_cast<const v1::CalendarDays&>(value).days());
    } else if (type == v1::Hours::descriptor()) {
      RequirePositive(field + ".hours", static_cast<const v1::Hours&>(value).hours());
    } else if (type == v1::Months::descriptor()) {
      RequirePositive(field + ".months", static_cast<const v1::Months&>(value).months());
    } else if (type == v1::Count::descriptor()) {
      RequireNonNegative(field + ".count", static_cast<const v1::Count&>(value).count());
    } else if (type == v1::MoneyThreshold::descriptor()) {
      RequireNonNegative(field + ".fen", static_cast<const v1::MoneyThreshold&>(value).fen());
    } else if (type == v1::DocumentNumbering::descriptor()) {
      const auto& numbering = static_cast<const v1::DocumentNumbering&>(value);
      RequireText(field + ".government_prefix", numbering.government_prefix());
      RequireText(field + ".office_prefix", numbering.office_prefix());
    } else if (type == v1::TimeOfDay::descriptor()) {
      const auto& time = static_cast<const v1::TimeOfDay&>(value);
      if (time.hour() < 0 || time.hour() > 23 || time.minute() < 0 || time.minute() > 59) {
        Fail(field, absl::StrCat("not a time of day: ", time.hour(), ":", time.minute()));
      }
    } else if (type == v1::AnnualDate::descriptor()) {
      const auto& date = static_cast<const v1::AnnualDate&>(value);
      if (!date.has_date()) {
        Fail(field + ".date", "missing");
      } else {
        CheckMonthDay(field + ".date", date.date());
      }
    } else if (type == v1::AnnualDates::descriptor()) {
      const auto& dates = static_cast<const v1::AnnualDates&>(value);
      if (dates.dates().empty()) Fail(field + ".dates", "missing");
      for (const v1::MonthDay& date : dates.dates()) CheckMonthDay(field + ".dates", date);
    } else if (type == v1::ReminderOffsets::descriptor()) {
      const auto& reminders = static_cast<const v1::ReminderOffsets&>(value);
      if (reminders.days_before().empty()) Fail(field + ".days_before", "missing");
      for (int days : reminders.days_before()) RequireNonNegative(field + ".days_before", days);
      if (reminders.unit() == v1::DAY_UNIT_UNSPECIFIED) Fail(field + ".unit", "missing");
    } else if (type == v1::RoleChoice::descriptor()) {
      CheckRoleReference(field + ".role", static_cast<const v1::RoleChoice&>(value).role());
    } else if (type == v1::RoleList::descriptor()) {
      const auto& list = static_cast<const v1::RoleList&>(value);
      if (list.roles().empty()) Fail(field + ".roles", "missing");
      for (const std::string& role : list.roles()) CheckRoleReference(field + ".roles", role);
    } else if (type == v1::Quorum::descriptor()) {
      const auto& quorum = static_cast<const v1::Quorum&>(value);
      if (quorum.denominator() <= 0 || quorum.numerator() <= 0 || quorum.numerator() > quorum.denominator()) {
        Fail(field, absl::StrCat("not a fraction of members: ", quorum.numerator(), "/", quorum.denominator()));
      }
    } else if (const pb::FieldDescriptor* choice = type->FindFieldByName("value");
               choice != nullptr && choice->enum_type() != nullptr) {
      const int number = value.GetReflection()->GetEnumValue(value, choice);
      if (number == 0 || choice->enum_type()->FindValueByNumber(number) == nullptr) {
        Fail(field + ".value", "missing");
      }
    }
  }

  void RequireOneOf(const std::string& field, v1::Forum value, std::initializer_list<v1::Forum> allowed) {
    if (value == v1::FORUM_UNSPECIFIED) return;  // Reported as missing already.
    for (v1::Forum forum : allowed) {
      if (value == forum) return;
    }
    std::vector<std::string> names;
    for (v1::Forum forum : allowed) names.push_back(v1::Forum_Name(forum));
    Fail(field, absl::StrCat(v1::Forum_Name(value), " is not one of ", absl::StrJoin(names, ", ")));
  }

  void CheckMatterRoutes() {
    absl::flat_hash_set<std::string> rule_ids, kinds;
    for (const v1::Rule& rule : policy_.rules()) rule_ids.insert(rule.rule_id());
    if (policy_.matters().routes().empty()) Fail("matters.routes", "missing");
    for (int i = 0; i < policy_.matters().routes_size(); ++i) {
      const v1::MatterRoute& route = policy_.matters().routes(i);
      const std::string field = absl::StrCat("matters.routes[", i, "]");
      RequireText(field + ".kind", route.kind());
      if (!route.kind().empty() && !kinds.insert(route.kind()).second) Fail(field + ".kind", "duplicate kind");
      if (route.forum() == v1::FORUM_UNSPECIFIED || !v1::Forum_IsValid(route.forum()))
        Fail(field + ".forum", "missing");
      if (!rule_ids.contains(route.rule_id())) Fail(field + ".rule_id", "not a rule of this policy");
      CheckSourceField(field, route);
    }
  }

  void CheckCombinations() {
    CheckMatterRoutes();
    const v1::FundsPolicy& funds = policy_.funds();
    if (funds.has_county_head_max() && funds.has_party_group_min() &&
        funds.county_head_max().fen() >= funds.party_group_min().fen()) {
      Fail("funds.county_head_max", absl::StrCat("must be below funds.party_group_min (", funds.county_head_max().fen(),
                                                 " fen >= ", funds.party_group_min().fen(),
                                                 " fen), else no amount goes to the executive meeting"));
    }
    RequireOneOf("funds.boundary_forum", funds.boundary_forum().value(),
                 {v1::FORUM_EXECUTIVE, v1::FORUM_PARTY_GROUP, v1::FORUM_BOTH_EXECUTIVE_THEN_PARTY_GROUP});

    const v1::InvestPolicy& invest = policy_.invest();
    if (invest.has_executive_min() && invest.has_party_group_min() &&
        invest.executive_min().fen() >= invest.party_group_min().fen()) {
      Fail("invest.executive_min", absl::StrCat("must be below invest.party_group_min (", invest.executive_min().fen(),
                                                " fen >= ", invest.party_group_min().fen(), " fen)"));
    }
    RequireOneOf("invest.boundary_forum", invest.boundary_forum().value(),
                 {v1::FORUM_EXECUTIVE, v1::FORUM_PARTY_GROUP, v1::FORUM_BOTH_EXECUTIVE_THEN_PARTY_GROUP});
    RequireOneOf("invest.annual_plan_sequence", invest.annual_plan_sequence().value(),
                 {v1::FORUM_EXECUTIVE, v1::FORUM_PARTY_GROUP, v1::FORUM_BOTH_EXECUTIVE_THEN_PARTY_GROUP});
    RequireOneOf("assets.below_executive_route", policy_.assets().below_executive_route().value(),
                 {v1::FORUM_NONE, v1::FORUM_COUNTY_HEAD});
    RequireOneOf("meetings.work_report_require", policy_.meetings().work_report_require().value(),
                 {v1::FORUM_PLENARY, v1::FORUM_EXECUTIVE, v1::FORUM_BOTH_PLENARY_AND_EXECUTIVE});

    const v1::TopicsPolicy& topics = policy_.topics();
    if (topics.has_normal_lead_days()) {
      RequirePositive("topics.normal_lead_days.count", topics.normal_lead_days().count());
    }
    if (topics.has_normal_lead_days() && topics.has_major_lead_days() &&
        topics.major_lead_days().count() < topics.normal_lead_days().count()) {
      Fail("topics.major_lead_days", "must not be shorter than topics.normal_lead_days");
    }

    const v1::MinutesPolicy& minutes = policy_.minutes();
    if (minutes.has_issue_warn_wd() && minutes.has_issue_deadline_wd() &&
        minutes.issue_warn_wd().days() >= minutes.issue_deadline_wd().days()) {
      Fail("minutes.issue_warn_wd", "must come before minutes.issue_deadline_wd");
    }

    const v1::DeptMeetingsPolicy& dept = policy_.dept_meetings();
    if (dept.has_plan_deadline() && dept.has_plan_reminders()) {
      const v1::MonthDay& deadline = dept.plan_deadline().date();
      for (const v1::MonthDay& reminder : dept.plan_reminders().dates()) {
        if (std::pair(reminder.month(), reminder.day()) >= std::pair(deadline.month(), deadline.day())) {
          Fail("dept_meetings.plan_reminders", "must come before dept_meetings.plan_deadline");
        }
      }
    }

    const v1::PartyGroupPolicy& party_group = policy_.party_group();
    if (party_group.has_quorum() && party_group.has_cadre_discipline_quorum() &&
        int64_t{party_group.cadre_discipline_quorum().numerator()} * party_group.quorum().denominator() <
            int64_t{party_group.quorum().numerator()} * party_group.cadre_discipline_quorum().denominator()) {
      Fail("party_group.cadre_discipline_quorum", "must not be lower than party_group.quorum");
    }
  }

  const v1::CountyPolicy& policy_;
  absl::flat_hash_set<std::string> declared_roles_;
  std::vector<std::string> problems_;
};

}  // namespace

Policy::Policy(policy::v1::CountyPolicy proto, std::string version)
    : proto_(std::move(proto)),
      version_(std::move(version)),
      effective_from_(proto_.effective_from().date().year(), proto_.effective_from().date().month(),
                      proto_.effective_from().date().day()) {
  for (const v1::Rule& rule : proto_.rules()) rules_by_id_[rule.rule_id()] = &rule;
  for (const v1::Role& role : proto_.roles()) roles_by_code_[role.code()] = &role;
}

absl::StatusOr<const policy::v1::Rule*> Policy::FindRule(absl::string_view rule_id) const {
  if (auto it = rules_by_id_.find(rule_id); it != rules_by_id_.end()) return it->second;
  return absl::NotFoundError(absl::StrCat("rule ", rule_id, " is not defined by policy ", version_));
}

absl::StatusOr<const policy::v1::Role*> Policy::FindRole(absl::string_view code) const {
  if (auto it = roles_by_code_.find(code); it != roles_by_code_.end()) return it->second;
  return absl::NotFoundError(absl::StrCat("role ", code, " is not declared by policy ", version_));
}

absl::Status ValidatePolicy(const policy::v1::CountyPolicy& policy) { return Validator(policy).Run(); }

absl::StatusOr<RuleCitation> Policy::Cite(absl::string_view rule_id) const {
  absl::StatusOr<const policy::v1::Rule*> rule = FindRule(rule_id);
  if (!rule.ok()) {
    return absl::InternalError(absl::StrCat("rule ", rule_id, " is not in policy ", version_));
  }
  RuleCitation c;
  c.rule_id = (*rule)->rule_id();
  c.article = (*rule)->source().article();
  c.paragraph = (*rule)->source().paragraph();
  c.item = (*rule)->source().item();
  c.source_title = proto_.title();
  c.policy_version = version_;
  c.override_allowed = !(*rule)->override_role().empty();
  c.override_role = (*rule)->override_role();
  if (c.override_allowed) {
    absl::StatusOr<const policy::v1::Role*> role = FindRole(c.override_role);
    if (role.ok()) c.override_role_zh = (*role)->name_zh();
  }
  return c;
}

absl::Status Policy::Refuse(absl::StatusCode code, absl::string_view rule_id, absl::string_view message_zh,
                            absl::string_view message_en, absl::string_view field) const {
  absl::StatusOr<RuleCitation> citation = Cite(rule_id);
  if (!citation.ok()) return citation.status();
  return RuleError(code, *citation, message_zh, message_en, field);
}

common::v1::RuleViolation Policy::Explain(absl::string_view rule_id, absl::string_view message_zh,
                                          absl::string_view message_en) const {
  absl::StatusOr<RuleCitation> citation = Cite(rule_id);
  if (!citation.ok()) {
    RuleCitation unknown;
    unknown.rule_id = std::string(rule_id);
    unknown.policy_version = version_;
    return MakeViolation(unknown, message_zh, message_en);
  }
  return MakeViolation(*citation, message_zh, message_en);
}

absl::StatusOr<std::shared_ptr<const Policy>> LoadPolicy(const std::filesystem::path& path) {
  absl::StatusOr<std::string> text = ReadConfigFile(path);
  if (!text.ok()) return text.status();

  v1::CountyPolicy proto;
  TextFormatErrors errors;
  pb::TextFormat::Parser parser;
  parser.RecordErrorsTo(&errors);
  if (!parser.ParseFromString(*text, &proto)) {
    return absl::InvalidArgumentError(absl::StrCat(path.string(), ": ", absl::StrJoin(errors.errors(), "; ")));
  }
  if (absl::Status valid = ValidatePolicy(proto); !valid.ok()) {
    return absl::InvalidArgumentError(absl::StrCat(path.string(), ": ", valid.message()));
  }
  std::string version = absl::StrCat(proto.policy_id(), "@", Sha256Hex(*text, kVersionDigestDigits));
  return std::make_shared<const Policy>(std::move(proto), std::move(version));
}

bool MeetsMinimum(const policy::v1::MoneyThreshold& minimum, int64_t fen) {
  return minimum.inclusive() ? fen >= minimum.fen() : fen > minimum.fen();
}

bool WithinMaximum(const policy::v1::MoneyThreshold& maximum, int64_t fen) {
  return maximum.inclusive() ? fen <= maximum.fen() : fen < maximum.fen();
}

std::pair<absl::CivilDay, absl::CivilDay> PeriodOf(policy::v1::Frequency frequency, absl::CivilDay day) {
  const absl::CivilMonth month(day);
  const absl::CivilDay first(month);
  const absl::CivilDay next_month(month + 1);
  switch (frequency) {
    case policy::v1::FREQUENCY_WEEKLY: {
      absl::CivilDay monday = day;
      while (absl::GetWeekday(monday) != absl::Weekday::monday) --monday;
      return {monday, monday + 6};
    }
    case policy::v1::FREQUENCY_SEMI_MONTHLY:
      return day.day() <= 15 ? std::pair(first, first + 14) : std::pair(first + 15, next_month - 1);
    case policy::v1::FREQUENCY_QUARTERLY: {
      const int q = (day.month() - 1) / 3;
      const absl::CivilDay start(day.year(), q * 3 + 1, 1);
      return {start, absl::CivilDay(absl::CivilMonth(start) + 3) - 1};
    }
    case policy::v1::FREQUENCY_HALF_YEARLY: {
      const absl::CivilDay start(day.year(), day.month() <= 6 ? 1 : 7, 1);
      return {start, absl::CivilDay(absl::CivilMonth(start) + 6) - 1};
    }
    default:  // monthly
      return {first, next_month - 1};
  }
}

}  // namespace xianfu
