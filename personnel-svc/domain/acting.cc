#include "personnel-svc/domain/acting.h"

#include <algorithm>

#include "absl/strings/str_cat.h"

namespace xianfu::personnel {
namespace {

enum class Delegation {
  kInPersonOnly,      // AMB-31b
  kEntrustmentOnly,   // AMB-09, MTG-07, DOC-18, AMB-18, MTG-21
  kPresidingStandin,  // DIS-01 (entrustment, or the auto-assigned stand-in)
  kPortfolio,         // DIS-02, DIS-03
};

struct ActRule {
  Delegation delegation;
  const char* rule_id;
};

ActRule RuleFor(v1::ActKind act) {
  if (ReservedInPerson(act)) return {Delegation::kInPersonOnly, "DOC-15"};
  switch (act) {
    case v1::ACT_KIND_FUND_APPROVAL:
      return {Delegation::kEntrustmentOnly, "MTG-09"};
    case v1::ACT_KIND_CHAIR_EXECUTIVE_MEETING:
    case v1::ACT_KIND_CHAIR_PLENARY_MEETING:
      return {Delegation::kEntrustmentOnly, "MTG-07"};
    case v1::ACT_KIND_CHAIR_SPECIAL_TOPIC:
      return {Delegation::kEntrustmentOnly, "MTG-12"};
    case v1::ACT_KIND_SIGN_UPWARD_DOCUMENT:
      return {Delegation::kEntrustmentOnly, "DOC-18"};
    case v1::ACT_KIND_SPEECH_APPROVAL:
      return {Delegation::kEntrustmentOnly, "DIS-05"};
    case v1::ACT_KIND_APPROVE_MEETING_LEAVE:
      return {Delegation::kEntrustmentOnly, "MTG-21"};
    case v1::ACT_KIND_DAILY_WORK:
      return {Delegation::kPresidingStandin, "DIS-01"};
    case v1::ACT_KIND_TRAVEL_APPROVAL:
      return {Delegation::kPortfolio, "DIS-15"};
    case v1::ACT_KIND_PORTFOLIO_APPROVAL:
    case v1::ACT_KIND_SIGN_GOVERNMENT_DOCUMENT:
    default:
      return {Delegation::kPortfolio, "DIS-02"};
  }
}

void Mark(v1::ActingResolution& r, const std::string& actor, v1::ActingBasis basis, const std::string& basis_name,
          const common::v1::RuleViolation& reason) {
  r.set_actor(actor);
  r.set_basis(basis);
  *r.mutable_reason() = reason;
  auto* mark = r.mutable_acting_mark();
  mark->set_acting_official(actor);
  mark->set_for_official(r.principal());
  mark->set_basis(basis_name);
  mark->set_rule_id(reason.rule_id());
  *mark->mutable_article() = reason.article();
}

const EntrustmentFact* EntrustmentCovering(const OrgFacts& facts, const std::string& principal, v1::ActKind act,
                                           absl::CivilDay day) {
  for (const EntrustmentFact& e : facts.entrustments) {
    if (e.principal == principal && e.start <= day && day <= e.end && e.scope.contains(act) &&
        !facts.IsAbsent(e.delegate, day)) {
      return &e;
    }
  }
  return nullptr;
}

}  // namespace

bool ReservedInPerson(v1::ActKind act) { return act == v1::ACT_KIND_SIGN_ORDER || act == v1::ACT_KIND_SIGN_NPC_BILL; }

std::string ActKindZh(v1::ActKind act) {
  switch (act) {
    case v1::ACT_KIND_PORTFOLIO_APPROVAL:
      return "分管事项审批";
    case v1::ACT_KIND_DAILY_WORK:
      return "主持日常工作";
    case v1::ACT_KIND_CHAIR_EXECUTIVE_MEETING:
      return "主持常务会议";
    case v1::ACT_KIND_CHAIR_PLENARY_MEETING:
      return "主持全体会议";
    case v1::ACT_KIND_FUND_APPROVAL:
      return "资金审批";
    case v1::ACT_KIND_SIGN_ORDER:
      return "签署命令";
    case v1::ACT_KIND_SIGN_NPC_BILL:
      return "签署议案";
    case v1::ACT_KIND_SIGN_UPWARD_DOCUMENT:
      return "签发上行文";
    case v1::ACT_KIND_APPROVE_MEETING_LEAVE:
      return "批准会议请假";
    case v1::ACT_KIND_TRAVEL_APPROVAL:
      return "出访审批";
    case v1::ACT_KIND_SPEECH_APPROVAL:
      return "讲话文章审批";
    case v1::ACT_KIND_SIGN_GOVERNMENT_DOCUMENT:
      return "签发县政府文件";
    case v1::ACT_KIND_CHAIR_SPECIAL_TOPIC:
      return "主持专题会议";
    default:
      return "办理";
  }
}

v1::ActingResolution ResolveActing(const OrgFacts& facts, const std::string& principal, v1::ActKind act,
                                   absl::CivilDay day, const Policy& policy) {
  v1::ActingResolution r;
  r.set_principal(principal);
  r.set_policy_version(policy.version());
  const AbsenceFact* absence = facts.AbsenceOn(principal, day);
  r.set_principal_absent(absence != nullptr);
  const std::string what = ActKindZh(act);
  // MTG-12: a present leader entrusts the office director or a deputy director to chair a
  // special-topic meeting (受县人民政府领导委托): the entrustment counts whether he is away or not.
  if (act == v1::ACT_KIND_CHAIR_SPECIAL_TOPIC) {
    if (const EntrustmentFact* e = EntrustmentCovering(facts, principal, act, day); e != nullptr) {
      Mark(r, e->delegate, v1::ACTING_BASIS_ENTRUSTMENT, "ENTRUSTMENT",
           policy.Explain("MTG-12", absl::StrCat(facts.Name(e->delegate), "受", facts.Name(principal), "委托", what),
                          absl::StrCat(e->delegate, " chairs under an entrustment from ", principal)));
      r.set_display_zh(absl::StrCat(facts.Name(e->delegate), "(受", facts.Name(principal), "委托)"));
      return r;
    }
  }
  if (absence == nullptr) {
    Mark(r, principal, v1::ACTING_BASIS_IN_PERSON, "IN_PERSON",
         policy.Explain("DIS-02", "本人在岗，由本人办理", "present: acts in person"));
    r.clear_acting_mark();
    r.set_display_zh(facts.Name(principal));
    return r;
  }
  const ActRule rule = RuleFor(act);
  auto wait = [&](const char* rule_id, std::string zh, std::string en) {
    r.set_waiting(true);
    *r.mutable_reason() = policy.Explain(rule_id, zh, en);
    r.set_display_zh(absl::StrCat("待", facts.Name(principal), "返回或明确委托"));
  };
  if (rule.delegation == Delegation::kInPersonOnly) {
    wait(rule.rule_id, absl::StrCat(what, "由县长本人办理，不得委托他人，待其返回"),
         "reserved to the county head in person (AMB-31b): it waits for his return");
    return r;
  }
  if (const EntrustmentFact* e = EntrustmentCovering(facts, principal, act, day); e != nullptr) {
    const bool presiding = act == v1::ACT_KIND_DAILY_WORK;
    Mark(r, e->delegate, presiding ? v1::ACTING_BASIS_PRESIDING_STANDIN : v1::ACTING_BASIS_ENTRUSTMENT,
         presiding ? "PRESIDING_STANDIN" : "ENTRUSTMENT",
         policy.Explain(presiding ? "DIS-01" : "ORG-05",
                        absl::StrCat(facts.Name(e->delegate), "受", facts.Name(principal), "委托", what),
                        absl::StrCat(e->delegate, " acts under an entrustment from ", principal)));
    r.set_display_zh(absl::StrCat(facts.Name(e->delegate), "(受委托)代", facts.Name(principal)));
    return r;
  }
  if (rule.delegation == Delegation::kEntrustmentOnly || rule.delegation == Delegation::kPresidingStandin) {
    wait(rule.rule_id, absl::StrCat(facts.Name(principal), "不在岗期间，", what, "须有明确委托，现无委托"),
         "this act passes to a stand-in only under an entrustment that covers it; there is none");
    return r;
  }
  // Portfolio acts: the B partner, then a designation.
  if (act == v1::ACT_KIND_TRAVEL_APPROVAL && !policy.proto().travel().ab_may_approve().enabled()) {
    wait("DIS-15", "本县政策未允许B角代批出访", "the policy does not let the B partner approve trips");
    return r;
  }
  const std::string b = facts.BOf(principal, day);
  if (!b.empty() && !facts.IsAbsent(b, day)) {
    Mark(r, b, v1::ACTING_BASIS_AB_PAIR, "AB_PAIR",
         policy.Explain("DIS-02", absl::StrCat(facts.Name(b), "作为B角代行", facts.Name(principal), "的", what),
                        absl::StrCat(b, " acts for ", principal, " as B of the A/B pair")));
    r.set_display_zh(absl::StrCat(facts.Name(b), "代", facts.Name(principal)));
    return r;
  }
  for (const DesignationFact& d : facts.designations) {
    if (d.principal != principal || d.start > day || day > d.end) continue;
    if (d.state == v1::DESIGNATION_STATE_DESIGNATED && !facts.IsAbsent(d.designee, day)) {
      Mark(r, d.designee, v1::ACTING_BASIS_DESIGNATION, "DESIGNATION",
           policy.Explain("DIS-03", absl::StrCat("A、B角均不在岗，县长安排", facts.Name(d.designee), "代行"),
                          absl::StrCat("A and B are both away; the county head designated ", d.designee)));
      r.set_display_zh(absl::StrCat(facts.Name(d.designee), "(受县长安排)代", facts.Name(principal)));
      return r;
    }
    if (d.state == v1::DESIGNATION_STATE_OPEN) r.set_designation(absl::StrCat("designations/", d.id));
  }
  wait("DIS-03", "A、B角均不在岗，须由县长安排其他副县长代行，待县长安排",
       "A and B are both away: it waits until the county head designates another deputy head");
  return r;
}

absl::StatusOr<v1::ActingResolution> CheckActing(const OrgFacts& facts, const std::string& principal, v1::ActKind act,
                                                 absl::CivilDay day, const std::string& candidate,
                                                 const Policy& policy) {
  v1::ActingResolution r = ResolveActing(facts, principal, act, day, policy);
  if (!r.actor().empty() && r.actor() == candidate) return r;
  // Acts reserved to the county head in person are refused under DOC-15 whoever else asks.
  const std::string rule_id = ReservedInPerson(act)          ? "DOC-15"
                              : r.reason().rule_id().empty() ? "DIS-02"
                                                             : r.reason().rule_id();
  std::string zh = absl::StrCat(facts.Name(candidate), "无权代", facts.Name(principal), ActKindZh(act));
  std::string en = absl::StrCat(candidate, " may not act for ", principal, " in this");
  if (r.waiting()) {
    absl::StrAppend(&zh, "：", r.reason().message_zh());
    absl::StrAppend(&en, ": ", r.reason().message_en());
  } else {
    absl::StrAppend(&zh, "；应由", facts.Name(r.actor()), "办理");
    absl::StrAppend(&en, "; it is for ", r.actor());
  }
  return policy.Refuse(absl::StatusCode::kPermissionDenied, rule_id, zh, en);
}

absl::Status ValidateEntrustment(const v1::Entrustment& e, const OrgFacts& facts, const Policy& policy) {
  if (!IsValidProtoDate(e.start_date()) || !IsValidProtoDate(e.end_date())) {
    return absl::InvalidArgumentError("entrustment.start_date and end_date must be real dates");
  }
  const absl::CivilDay start = FromProtoDate(e.start_date()), end = FromProtoDate(e.end_date());
  if (end < start) return absl::InvalidArgumentError("entrustment.end_date is before its start_date");
  if (e.scope().empty()) return absl::InvalidArgumentError("entrustment.scope must name at least one kind of act");
  for (const std::string* who : {&e.principal(), &e.delegate()}) {
    if (!facts.Exists(*who)) return absl::NotFoundError(absl::StrCat(*who, " does not exist"));
  }
  if (e.principal() == e.delegate()) return absl::InvalidArgumentError("an official cannot entrust himself");
  for (int act : e.scope()) {
    if (ReservedInPerson(static_cast<v1::ActKind>(act))) {
      return policy.Refuse(absl::StatusCode::kFailedPrecondition, "DOC-15",
                           "命令、议案由县长签署，不得委托（代县长除外）",
                           "orders and NPC bills are signed by the county head in person and cannot be entrusted "
                           "(only a formally appointed acting county head may sign)",
                           "entrustment.scope");
    }
  }
  // MTG-12: the office director or a deputy director may chair a special-topic meeting when a
  // county leader entrusts it; every other act is entrusted to a county leader (ORG-05).
  const bool special_topic_only =
      std::all_of(e.scope().begin(), e.scope().end(), [](int act) { return act == v1::ACT_KIND_CHAIR_SPECIAL_TOPIC; });
  const bool office_chair = special_topic_only && (facts.HoldsRole(e.delegate(), "R-OD", start) ||
                                                   facts.HoldsRole(e.delegate(), "R-ODD", start));
  if (!facts.IsLeader(e.delegate(), start, policy) && !office_chair) {
    return policy.Refuse(absl::StatusCode::kFailedPrecondition, "ORG-05", "受托人须为县政府领导同志",
                         "the delegate must be a county-government leader", "entrustment.delegate");
  }
  return absl::OkStatus();
}

absl::Status EndEntrustment(v1::Entrustment& e, absl::CivilDay today) {
  if (e.ended()) return absl::FailedPreconditionError(absl::StrCat(e.name(), " has already ended"));
  e.set_ended(true);
  if (FromProtoDate(e.end_date()) >= today) *e.mutable_end_date() = ToProtoDate(today - 1);
  return absl::OkStatus();
}

absl::Status Designate(v1::Designation& d, const std::string& designee, const std::string& actor, const OrgFacts& facts,
                       const Env& env) {
  const Policy& policy = *env.policy;
  if (d.state() != v1::DESIGNATION_STATE_OPEN) {
    return absl::FailedPreconditionError(
        absl::StrCat(d.name(), " is not open (", v1::DesignationState_Name(d.state()), ")"));
  }
  if (!facts.Exists(designee)) return absl::NotFoundError(absl::StrCat(designee, " does not exist"));
  const absl::CivilDay start = FromProtoDate(d.start_date()), end = FromProtoDate(d.end_date());
  const std::string county_head = facts.CountyHead(env.today);
  if (actor != county_head) {
    // The fallback: the presiding stand-in designates when the county head is away and has not
    // designated within ab.designation_timeout.
    const absl::Duration timeout = absl::Hours(policy.proto().ab().designation_timeout().hours());
    const v1::ActingResolution presiding =
        ResolveActing(facts, county_head, v1::ACT_KIND_DAILY_WORK, env.today, policy);
    const bool allowed = facts.IsAbsent(county_head, env.today) && presiding.actor() == actor &&
                         env.now - FromProtoTime(d.create_time()) >= timeout;
    if (!allowed) {
      return policy.Refuse(
          absl::StatusCode::kPermissionDenied, "DIS-03",
          "A、B角均不在岗时，由县长安排其他副县长代行；县长外出且逾时未安排的，由主持日常工作的负责同志安排",
          "the county head designates; the presiding stand-in may designate only when the county head "
          "is away and has not designated within the timeout");
    }
  }
  if (!facts.HoldsRole(designee, "R-DH", start) || designee == d.principal()) {
    return policy.Refuse(absl::StatusCode::kFailedPrecondition, "DIS-03", "代行人员须为其他副县长",
                         "the designee must be another deputy head", "designee");
  }
  for (absl::CivilDay day = start; day <= end; ++day) {
    if (facts.IsAbsent(designee, day)) {
      return policy.Refuse(absl::StatusCode::kFailedPrecondition, "DIS-03",
                           absl::StrCat(facts.Name(designee), "在", absl::FormatCivilTime(day), "也不在岗"),
                           absl::StrCat(designee, " is away too on ", absl::FormatCivilTime(day)), "designee");
    }
  }
  d.set_state(v1::DESIGNATION_STATE_DESIGNATED);
  d.set_designee(designee);
  d.set_designated_by(actor);
  *d.mutable_designate_time() = ToProtoTime(env.now);
  return absl::OkStatus();
}

}  // namespace xianfu::personnel
