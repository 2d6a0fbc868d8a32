#include "personnel-svc/domain/approvals.h"

#include <algorithm>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/deadline_proto.h"
#include "common/overrides.h"
#include "common/status_macros.h"
#include "personnel-svc/domain/acting.h"

namespace xianfu::personnel {
namespace {

void AddStep(v1::ApprovalRequest& r, v1::StepKind kind, int order, std::vector<std::string> eligible) {
  v1::ApprovalStep* s = r.add_steps();
  s->set_kind(kind);
  s->set_order(order);
  for (std::string& e : eligible) {
    if (!e.empty()) s->add_eligible(std::move(e));
  }
}

std::string StepZh(v1::StepKind kind) {
  switch (kind) {
    case v1::STEP_KIND_FOREIGN_AFFAIRS_OFFICE_REVIEW:
      return "外事部门审核";
    case v1::STEP_KIND_FOREIGN_AFFAIRS_DEPUTY_REVIEW:
      return "分管外事工作的副县长审核";
    case v1::STEP_KIND_FOREIGN_AFFAIRS_DEPUTY_APPROVAL:
      return "分管外事工作的副县长审批";
    case v1::STEP_KIND_COUNTY_PARTY_SECRETARY_REVIEW:
      return "县委书记审核";
    case v1::STEP_KIND_COUNTY_HEAD_REVIEW:
      return "县长审核";
    case v1::STEP_KIND_COUNTY_HEAD_APPROVAL:
      return "县长审批";
    case v1::STEP_KIND_PREFECTURE_APPROVAL:
      return "报州人民政府审批";
    case v1::STEP_KIND_OFFICE_REVIEW:
      return "办公室审核";
    case v1::STEP_KIND_PRINCIPAL_REVIEW:
      return "部门主要负责同志严格审定";
    case v1::STEP_KIND_PUBLICATION_APPROVAL:
      return "公开发表审批";
    default:
      return "审批";
  }
}

void Warn(v1::ApprovalRequest& r, const Policy& policy, const char* rule, std::string zh, std::string en) {
  *r.add_warnings()->mutable_violation() = policy.Explain(rule, zh, en);
}

// The rule that governs a request's chain, for refusals.
std::string ChainRule(const v1::ApprovalRequest& r) { return r.rule_ids().empty() ? "DIS-15" : r.rule_ids(0); }

// One text names the other ("老挝南塔省" and "南塔省"); an empty one constrains nothing.
bool Names(absl::string_view a, absl::string_view b) {
  return a.empty() || b.empty() || absl::StrContains(a, b) || absl::StrContains(b, a);
}

}  // namespace

std::string DelegationUnit(const v1::ApprovalRequest& r, const OrgFacts& facts, absl::CivilDay day) {
  if (!r.unit().empty()) return r.unit();
  for (const Holding* h : facts.HoldingsOf(r.subject_official(), day)) {
    if (h->kind == v1::POST_KIND_DEPARTMENT_PRINCIPAL || h->kind == v1::POST_KIND_DEPARTMENT_DEPUTY) return h->unit;
  }
  return "units/government";
}

std::vector<std::string> PlanMismatches(const v1::OutboundPlanEntry& e, const v1::ApprovalRequest& r,
                                        const OrgFacts& facts, absl::CivilDay today) {
  std::vector<std::string> out;
  const v1::TravelDetails& t = r.travel();
  const absl::CivilDay depart = FromProtoDate(t.depart_date()), back = FromProtoDate(t.return_date());
  if (e.year() != 0 && (depart.year() != e.year() || back.year() != e.year())) {
    out.push_back(absl::StrCat("年度 year ", e.year()));
  }
  if (e.has_window_start() && depart < FromProtoDate(e.window_start())) {
    out.push_back(absl::StrCat("时间 window from ", absl::FormatCivilTime(FromProtoDate(e.window_start()))));
  }
  if (e.has_window_end() && back > FromProtoDate(e.window_end())) {
    out.push_back(absl::StrCat("时间 window until ", absl::FormatCivilTime(FromProtoDate(e.window_end()))));
  }
  if (!e.unit().empty()) {
    bool unit = e.unit() == r.unit();
    for (const Holding* h : facts.HoldingsOf(r.subject_official(), today)) unit = unit || h->unit == e.unit();
    if (!unit) {
      out.push_back(
          absl::StrCat("单位 unit: planned ", e.unit(), ", trip ", r.unit().empty() ? r.subject_official() : r.unit()));
    }
  }
  if (!Names(e.destination(), t.destination())) {
    out.push_back(absl::StrCat("目的地 destination: planned ", e.destination(), ", trip ", t.destination()));
  }
  const std::string& purpose = t.purpose().empty() ? r.title() : t.purpose();
  if (!e.purpose().empty() && !absl::StrContains(purpose, e.purpose()) && !absl::StrContains(e.purpose(), purpose)) {
    out.push_back(absl::StrCat("任务 purpose: planned ", e.purpose(), ", trip ", purpose));
  }
  return out;
}

namespace {

absl::Status PlanTravel(v1::ApprovalRequest& r, const std::optional<v1::OutboundPlanEntry>& plan_entry,
                        const std::vector<common::v1::OverrideRequest>& overrides, const std::string& actor,
                        int unit_delegations_this_year, const OrgFacts& facts, absl::Time now, const Policy& policy,
                        std::vector<ObligationPlan>& obligations) {
  const absl::CivilDay today = LocalDay(now);
  const v1::TravelDetails& t = r.travel();
  if (!IsValidProtoDate(t.depart_date()) || !IsValidProtoDate(t.return_date())) {
    return absl::InvalidArgumentError("travel.depart_date and travel.return_date must be real dates");
  }
  const absl::CivilDay depart = FromProtoDate(t.depart_date()), back = FromProtoDate(t.return_date());
  if (back < depart) return absl::InvalidArgumentError("travel.return_date is before travel.depart_date");
  if (depart < today)
    return absl::InvalidArgumentError("the trip would have started already; requests come before departure");
  if (t.destination().empty()) return absl::InvalidArgumentError("travel.destination is required");
  // DIS-16: the number and size of delegations within the county's caps, or the override role's
  // written exception.
  const int max_size = policy.proto().travel().max_delegation_size().count();
  const int max_count = policy.proto().travel().max_delegations_per_unit_year().count();
  const std::string unit = DelegationUnit(r, facts, today);
  std::vector<std::string> over;
  if (max_size > 0 && t.delegation_size() > max_size) {
    over.push_back(absl::StrCat("团组", t.delegation_size(), "人，超过", max_size, "人 — ", t.delegation_size(),
                                " people, over ", max_size));
  }
  if (max_count > 0 && unit_delegations_this_year >= max_count) {
    over.push_back(absl::StrCat(unit, " ", depart.year(), "年已有", unit_delegations_this_year, "个团组 — already ",
                                unit_delegations_this_year, " delegations this year (at most ", max_count, ")"));
  }
  if (!over.empty()) {
    ASSIGN_OR_RETURN(o, TakeOverride(
                            "DIS-16", overrides, actor,
                            [&](absl::string_view role) { return facts.HoldsRole(actor, role, today); }, now, policy));
    if (!o.has_value()) {
      return policy.Refuse(
          absl::StatusCode::kFailedPrecondition, "DIS-16",
          absl::StrCat("严格控制因公出国(境)团组数量和规模：", absl::StrJoin(over, "；")),
          absl::StrCat("outbound delegations are strictly limited in number and size: ", absl::StrJoin(over, "; ")),
          "approval_request.travel.delegation_size");
    }
    *r.add_overrides() = *o;
  }
  const std::string& who = r.subject_official();
  const std::vector<std::string> fao = facts.MembersOfUnitWithRole("R-FAO", today);
  const std::string fa_deputy = facts.ForeignAffairsDeputy(today);
  const std::string county_head = facts.CountyHead(today);
  if (facts.HoldsRole(who, "R-CH", today) || facts.HoldsRole(who, "R-DH", today)) {
    // DIS-14: foreign-affairs office → FA deputy + county party secretary + county head →
    // the prefecture government; only trips in the annual plan (or its mid-year coordination).
    r.add_rule_ids("DIS-14");
    if (!plan_entry.has_value()) {
      return policy.Refuse(absl::StatusCode::kFailedPrecondition, "DIS-14",
                           absl::StrCat("县长、副县长出访须列入", depart.year(), "年度出访计划或年中统筹"),
                           absl::StrCat("a trip by the county head or a deputy head must be in the ", depart.year(),
                                        " outbound plan or its mid-year coordination"),
                           "approval_request.travel.plan_entry");
    }
    if (std::vector<std::string> off = PlanMismatches(*plan_entry, r, facts, today); !off.empty()) {
      return policy.Refuse(absl::StatusCode::kFailedPrecondition, "DIS-14",
                           absl::StrCat("出访与年度出访计划", plan_entry->name(), "不符：", absl::StrJoin(off, "；")),
                           absl::StrCat("the trip does not match outbound plan entry ", plan_entry->name(), ": ",
                                        absl::StrJoin(off, "; ")),
                           "approval_request.travel.plan_entry");
    }
    AddStep(r, v1::STEP_KIND_FOREIGN_AFFAIRS_OFFICE_REVIEW, 1, fao);
    AddStep(r, v1::STEP_KIND_FOREIGN_AFFAIRS_DEPUTY_REVIEW, 2, {fa_deputy});
    AddStep(r, v1::STEP_KIND_COUNTY_PARTY_SECRETARY_REVIEW, 2,
            {facts.HolderOf(v1::POST_KIND_COUNTY_PARTY_SECRETARY, today)});
    AddStep(r, v1::STEP_KIND_COUNTY_HEAD_REVIEW, 2, {county_head});
    std::vector<std::string> recorders = facts.OfficialsWithRole("R-OFFICE", today);
    for (const std::string& f : fao) recorders.push_back(f);
    AddStep(r, v1::STEP_KIND_PREFECTURE_APPROVAL, 3, recorders);
    // Departing without the prefecture's approval escalates to the party secretary and the
    // county head.
    ObligationPlan before;
    before.kind = v1::OBLIGATION_KIND_PREFECTURE_APPROVAL;
    before.rule_id = "DIS-14";
    before.owner = fao.empty() ? who : fao.front();
    before.title_zh = absl::StrCat("出访", t.destination(), "须于出发前取得州人民政府批准");
    before.due = absl::FromCivil(absl::CivilSecond(depart), ChinaTimeZone());
    before.escalate_to = {facts.HolderOf(v1::POST_KIND_COUNTY_PARTY_SECRETARY, today), county_head};
    obligations.push_back(std::move(before));
    return absl::OkStatus();
  }
  r.add_rule_ids("DIS-15");
  if (!plan_entry.has_value()) {
    Warn(r, policy, "DIS-16", "该出访未列入年度出访计划，请严格控制因公出国(境)团组",
         "the trip is not in the annual outbound plan: delegations are strictly controlled");
  } else if (std::vector<std::string> off = PlanMismatches(*plan_entry, r, facts, today); !off.empty()) {
    Warn(r, policy, "DIS-16",
         absl::StrCat("出访与年度出访计划", plan_entry->name(), "不符：", absl::StrJoin(off, "；"),
                      "；请严格控制因公出国(境)团组"),
         absl::StrCat("the trip does not match outbound plan entry ", plan_entry->name(), ": ",
                      absl::StrJoin(off, "; ")));
  }
  if (facts.HoldsRole(who, "R-DEPT-HEAD", today)) {
    // DIS-15(2a): FA office → FA deputy review → county head approval.
    AddStep(r, v1::STEP_KIND_FOREIGN_AFFAIRS_OFFICE_REVIEW, 1, fao);
    AddStep(r, v1::STEP_KIND_FOREIGN_AFFAIRS_DEPUTY_REVIEW, 2, {fa_deputy});
    AddStep(r, v1::STEP_KIND_COUNTY_HEAD_APPROVAL, 3, {county_head});
    return absl::OkStatus();
  }
  if (facts.HoldsRole(who, "R-DEPT-DEP", today)) {
    // DIS-15(2b): FA office → FA deputy approval.
    AddStep(r, v1::STEP_KIND_FOREIGN_AFFAIRS_OFFICE_REVIEW, 1, fao);
    AddStep(r, v1::STEP_KIND_FOREIGN_AFFAIRS_DEPUTY_APPROVAL, 2, {fa_deputy});
    return absl::OkStatus();
  }
  return policy.Refuse(absl::StatusCode::kFailedPrecondition, "DIS-15",
                       absl::StrCat(who, " 不是县长、副县长或部门正副职，本规则未规定其出访审批程序"),
                       absl::StrCat(who,
                                    " is neither a county leader nor a department head or deputy: "
                                    "these rules define no approval chain for the trip"),
                       "approval_request.subject_official");
}

absl::Status PlanSpeech(v1::ApprovalRequest& r, const OrgFacts& facts, absl::CivilDay today, const Policy& policy) {
  const v1::SpeechDetails& s = r.speech();
  if (s.capacity() == v1::SPEECH_CAPACITY_UNSPECIFIED) {
    return absl::InvalidArgumentError("speech.capacity is required (ON_BEHALF_OF_GOVERNMENT or PERSONAL)");
  }
  const std::string& who = r.subject_official();
  const bool undecided_major = s.topic_major() && !s.topic_decided();
  if (undecided_major) {
    Warn(r, policy, facts.IsLeader(who, today, policy) ? "DIS-05" : "DIS-06",
         absl::StrCat("涉及尚未研究决定的重大事项", s.topic().empty() ? s.matter() : s.topic()),
         absl::StrCat("concerns undecided major matter ", s.topic().empty() ? s.matter() : s.topic()));
  }
  const std::vector<std::string> approvers = facts.OfficialsWithRole(policy.proto().speech().approver().role(), today);
  if (facts.IsLeader(who, today, policy)) {
    // DIS-05: a leader's speech or article, official or personal, always needs approval;
    // the county head's own goes through the office first (AMB-18).
    r.add_rule_ids("DIS-05");
    if (facts.HoldsRole(who, "R-CH", today)) {
      AddStep(r, v1::STEP_KIND_OFFICE_REVIEW, 1,
              facts.OfficialsWithRole(policy.proto().speech().county_head_reviewer().role(), today));
      AddStep(r, v1::STEP_KIND_COUNTY_HEAD_APPROVAL, 2, approvers);
    } else {
      AddStep(r, v1::STEP_KIND_COUNTY_HEAD_APPROVAL, 1, approvers);
    }
    return absl::OkStatus();
  }
  r.add_rule_ids("DIS-06");
  if (facts.IsMember(who, today, policy) &&
      (s.capacity() == v1::SPEECH_CAPACITY_ON_BEHALF_OF_GOVERNMENT || undecided_major)) {
    AddStep(r, v1::STEP_KIND_COUNTY_HEAD_APPROVAL, 1, approvers);
    return absl::OkStatus();
  }
  r.set_state(v1::APPROVAL_STATE_RECORDED);  // DIS-06: no approval needed; recorded
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<ApprovalPlan> PlanApprovalRequest(const v1::ApprovalRequest& input,
                                                 const std::vector<common::v1::OverrideRequest>& overrides,
                                                 const std::string& actor,
                                                 const std::optional<v1::OutboundPlanEntry>& plan_entry,
                                                 const OrgFacts& facts, absl::Time now, const Policy& policy,
                                                 int unit_delegations_this_year) {
  ApprovalPlan plan;
  v1::ApprovalRequest& r = plan.request;
  r = input;
  r.clear_steps();
  r.clear_rule_ids();
  r.clear_warnings();
  r.clear_overrides();
  r.set_state(v1::APPROVAL_STATE_PENDING);
  r.set_policy_version(policy.version());
  const absl::CivilDay today = LocalDay(now);
  if (r.title().empty()) return absl::InvalidArgumentError("approval_request.title is required");
  const bool needs_official = r.kind() != v1::APPROVAL_KIND_INFORMATION_RELEASE;
  if (needs_official && facts.HoldingsOf(r.subject_official(), today).empty()) {
    return absl::FailedPreconditionError(
        absl::StrCat("approval_request.subject_official ", r.subject_official(), " holds no post today"));
  }
  auto expect = [&](v1::ApprovalRequest::DetailsCase want) -> absl::Status {
    if (r.details_case() != want) {
      return absl::InvalidArgumentError("the details do not match the kind of request");
    }
    return absl::OkStatus();
  };
  switch (r.kind()) {
    case v1::APPROVAL_KIND_TRAVEL_ABROAD: {
      if (absl::Status s = expect(v1::ApprovalRequest::kTravel); !s.ok()) return s;
      if (absl::Status s = PlanTravel(r, plan_entry, overrides, actor, unit_delegations_this_year, facts, now, policy,
                                      plan.obligations);
          !s.ok()) {
        return s;
      }
      break;
    }
    case v1::APPROVAL_KIND_SPEECH: {
      if (absl::Status s = expect(v1::ApprovalRequest::kSpeech); !s.ok()) return s;
      if (absl::Status s = PlanSpeech(r, facts, today, policy); !s.ok()) return s;
      break;
    }
    case v1::APPROVAL_KIND_INFORMATION_RELEASE: {
      if (absl::Status s = expect(v1::ApprovalRequest::kInformation); !s.ok()) return s;
      if (r.unit().empty())
        return absl::InvalidArgumentError("approval_request.unit (the releasing department) is required");
      r.add_rule_ids("DIS-07");
      if (r.information().important()) {
        AddStep(r, v1::STEP_KIND_PRINCIPAL_REVIEW, 1, {facts.PrincipalHeadOf(r.unit(), today)});
      } else {
        r.set_state(v1::APPROVAL_STATE_RECORDED);
      }
      break;
    }
    case v1::APPROVAL_KIND_EVENT_ATTENDANCE: {
      if (absl::Status s = expect(v1::ApprovalRequest::kEvent); !s.ok()) return s;
      r.add_rule_ids("DIS-22");
      const v1::EventDetails& e = r.event();
      if (e.unified_arrangement() && !e.arrangement_reference().empty()) {
        r.set_state(v1::APPROVAL_STATE_APPROVED);
        break;
      }
      absl::StatusOr<std::optional<common::v1::OverrideRecord>> o = TakeOverride(
          "DIS-22", overrides, actor,
          [&](absl::string_view role) { return facts.HoldsRole(actor, role, LocalDay(now)); }, now, policy);
      if (!o.ok()) return o.status();
      if (!o->has_value()) {
        return policy.Refuse(
            absl::StatusCode::kFailedPrecondition, "DIS-22",
            "县政府领导同志一般不出席部门和地方的会议、剪彩、奠基及各种庆典、纪念、表彰、博览会、研讨会、论坛等活动；"
            "确需出席的须为县委、县人民政府统一安排",
            "county-government leaders generally do not attend departmental or local meetings, "
            "ribbon-cuttings, foundation-layings, celebrations, forums and the like unless the "
            "county committee or government arranges it",
            "approval_request.event.unified_arrangement");
      }
      *r.add_overrides() = **o;
      r.mutable_event()->set_unified_arrangement(true);
      if (r.event().arrangement_reference().empty()) {
        r.mutable_event()->set_arrangement_reference(absl::StrCat("县长批准例外：", (*o)->reason()));
      }
      r.set_state(v1::APPROVAL_STATE_APPROVED);
      break;
    }
    case v1::APPROVAL_KIND_DELEGATE_MEETING: {
      r.add_rule_ids("DIS-23");
      AddStep(r, v1::STEP_KIND_COUNTY_HEAD_APPROVAL, 1, {facts.CountyHead(today)});
      break;
    }
    case v1::APPROVAL_KIND_CONGRATULATION: {
      if (absl::Status s = expect(v1::ApprovalRequest::kCongratulation); !s.ok()) return s;
      // DIS-24 (art. 74): leaders send no congratulations, inscriptions or prefaces for
      // departments' and localities' activities — refused unless the approver (AMB-39: the
      // county head) records the special need; even then it is not published without a second
      // approval.
      r.add_rule_ids("DIS-24");
      ASSIGN_OR_RETURN(o,
                       TakeOverride(
                           "DIS-24", overrides, actor,
                           [&](absl::string_view role) { return facts.HoldsRole(actor, role, today); }, now, policy));
      if (!o.has_value()) {
        return policy.Refuse(
            absl::StatusCode::kFailedPrecondition, "DIS-24",
            "县人民政府领导不为部门和各地的会议活动等发贺信、贺电，不题词、题字、作序；确因特殊需要的，须由县长书面说明"
            "理由",
            "county-government leaders send no congratulatory letters or telegrams and write no inscriptions or "
            "prefaces for departments' or localities' activities; a special need is recorded by the county head "
            "with a written reason",
            "overrides");
      }
      *r.add_overrides() = *o;
      r.set_state(v1::APPROVAL_STATE_APPROVED);
      if (r.congratulation().publish()) {
        AddStep(r, v1::STEP_KIND_PUBLICATION_APPROVAL, 1,
                facts.OfficialsWithRole(policy.proto().congrats().approver().role(), today));
      }
      break;
    }
    default:
      return absl::InvalidArgumentError("approval_request.kind is required");
  }
  for (const v1::ApprovalStep& s : r.steps()) {
    if (s.eligible().empty()) {
      return absl::FailedPreconditionError(absl::StrCat("nobody holds the post that must do \"", StepZh(s.kind()),
                                                        "\" on ", absl::FormatCivilTime(today),
                                                        "; complete the organisation register first"));
    }
  }
  return plan;
}

absl::StatusOr<StepOutcome> ActOnStep(v1::ApprovalRequest& r, const v1::ActOnApprovalRequestRequest& act,
                                      const std::string& actor, const OrgFacts& facts, absl::Time now,
                                      const Calendar& calendar, const Policy& policy) {
  // An approved congratulation may still have its publication decided (DIS-24).
  const bool publication = r.kind() == v1::APPROVAL_KIND_CONGRATULATION &&
                           act.step() == v1::STEP_KIND_PUBLICATION_APPROVAL && r.state() == v1::APPROVAL_STATE_APPROVED;
  if (r.state() != v1::APPROVAL_STATE_PENDING && !publication) {
    return absl::FailedPreconditionError(
        absl::StrCat(r.name(), " is ", v1::ApprovalState_Name(r.state()), ": no step is open"));
  }
  if (act.decision() == v1::STEP_DECISION_UNSPECIFIED) {
    return absl::InvalidArgumentError("decision is required (APPROVE or REJECT)");
  }
  v1::ApprovalStep* step = nullptr;
  for (v1::ApprovalStep& s : *r.mutable_steps()) {
    if (s.kind() == act.step()) step = &s;
  }
  const std::string rule = ChainRule(r);
  if (step == nullptr) {
    return policy.Refuse(absl::StatusCode::kFailedPrecondition, rule,
                         absl::StrCat("该请求不需要“", StepZh(act.step()), "”"),
                         absl::StrCat("this request has no step ", v1::StepKind_Name(act.step())), "step");
  }
  if (step->done()) {
    return absl::FailedPreconditionError(absl::StrCat("step ", v1::StepKind_Name(act.step()), " is already done"));
  }
  for (const v1::ApprovalStep& s : r.steps()) {
    if (s.order() < step->order() && !s.done()) {
      return policy.Refuse(
          absl::StatusCode::kFailedPrecondition, rule,
          absl::StrCat("缺少", StepZh(s.kind()), "，不能", StepZh(step->kind())),
          absl::StrCat("missing ", v1::StepKind_Name(s.kind()), " before ", v1::StepKind_Name(step->kind())), "step");
    }
  }
  const absl::CivilDay today = LocalDay(now);
  const bool eligible = std::find(step->eligible().begin(), step->eligible().end(), actor) != step->eligible().end();
  if (!eligible) {
    bool allowed = false;
    if (step->kind() == v1::STEP_KIND_FOREIGN_AFFAIRS_DEPUTY_APPROVAL && !step->eligible().empty()) {
      // AMB-35: the FA deputy's B may approve while he is away, marked 代行.
      absl::StatusOr<v1::ActingResolution> acting =
          CheckActing(facts, step->eligible(0), v1::ACT_KIND_TRAVEL_APPROVAL, today, actor, policy);
      if (acting.ok()) {
        *step->mutable_acting_mark() = acting->acting_mark();
        allowed = true;
      } else if (policy.proto().travel().allow_superior_approval().enabled() && facts.HoldsRole(actor, "R-CH", today)) {
        // DIS-15: the county head's approval instead is a superior override, recorded.
        step->set_superior_override(true);
        allowed = true;
      }
    }
    if (!allowed) {
      return policy.Refuse(absl::StatusCode::kPermissionDenied, rule,
                           absl::StrCat(facts.Name(actor), "无权进行“", StepZh(step->kind()), "”；应由",
                                        absl::StrJoin(step->eligible(), "、"), "办理"),
                           absl::StrCat(actor, " may not do ", v1::StepKind_Name(step->kind()), "; it is for ",
                                        absl::StrJoin(step->eligible(), ", ")),
                           "step");
    }
  }
  if (step->kind() == v1::STEP_KIND_PREFECTURE_APPROVAL && act.reference().empty()) {
    return absl::InvalidArgumentError("reference (the prefecture's approval document) is required");
  }
  step->set_done(true);
  step->set_decision(act.decision());
  step->set_actor(actor);
  step->set_comment(act.comment());
  step->set_reference(act.reference());
  *step->mutable_time() = ToProtoTime(now);

  StepOutcome outcome;
  if (step->kind() == v1::STEP_KIND_PREFECTURE_APPROVAL) {
    outcome.fulfils.push_back(v1::OBLIGATION_KIND_PREFECTURE_APPROVAL);
  }
  if (act.decision() == v1::STEP_DECISION_REJECT && publication) {
    outcome.decided = true;  // sent, but not published
    return outcome;
  }
  if (act.decision() == v1::STEP_DECISION_REJECT) {
    r.set_state(v1::APPROVAL_STATE_REJECTED);
    outcome.decided = true;
    return outcome;
  }
  const bool all_done =
      std::all_of(r.steps().begin(), r.steps().end(), [](const v1::ApprovalStep& s) { return s.done(); });
  if (all_done) {
    r.set_state(v1::APPROVAL_STATE_APPROVED);
    outcome.decided = true;
  }
  if (all_done && r.kind() == v1::APPROVAL_KIND_TRAVEL_ABROAD) {
    // DIS-12: leaders, and department principals who led the delegation, report on the visit.
    const std::string& who = r.subject_official();
    const bool leader = facts.IsLeader(who, today, policy);
    if (leader || (facts.HoldsRole(who, "R-DEPT-HEAD", today) && r.travel().leads_delegation())) {
      ObligationPlan summary = ReportAfter(
          v1::OBLIGATION_KIND_VISIT_SUMMARY, "DIS-12", who, absl::StrCat("出访", r.travel().destination(), "总结报告"),
          FromProtoDate(r.travel().return_date()), policy.proto().deadlines().visit_summary_wd().days(), calendar);
      summary.escalate_to = {facts.HolderOf(v1::POST_KIND_OFFICE_DIRECTOR, today)};
      outcome.obligations.push_back(std::move(summary));
    }
  }
  return outcome;
}

absl::Status Release(v1::ApprovalRequest& r, const std::string& actor, absl::Time now, const Policy& policy) {
  const std::string rule = r.rule_ids().empty() ? "DIS-05" : r.rule_ids(0);
  switch (r.kind()) {
    case v1::APPROVAL_KIND_SPEECH:
    case v1::APPROVAL_KIND_INFORMATION_RELEASE:
    case v1::APPROVAL_KIND_CONGRATULATION:
      break;
    default:
      return absl::InvalidArgumentError("only speeches, articles, information and congratulations are released");
  }
  if (r.state() == v1::APPROVAL_STATE_RELEASED) {
    return absl::FailedPreconditionError(absl::StrCat(r.name(), " was already released"));
  }
  if (r.kind() == v1::APPROVAL_KIND_CONGRATULATION) {
    bool publication_approved = false;
    for (const v1::ApprovalStep& s : r.steps()) {
      if (s.kind() == v1::STEP_KIND_PUBLICATION_APPROVAL && s.done() && s.decision() == v1::STEP_DECISION_APPROVE) {
        publication_approved = true;
      }
    }
    if (!publication_approved) {
      return policy.Refuse(absl::StatusCode::kFailedPrecondition, "DIS-24",
                           "贺信、贺电、题词、题字、作序一般不公开发表；公开发表须另经批准",
                           "congratulations, inscriptions and prefaces are generally not published; "
                           "publication needs its own approval");
    }
  } else if (r.state() != v1::APPROVAL_STATE_APPROVED && r.state() != v1::APPROVAL_STATE_RECORDED) {
    std::string zh, en;
    if (rule == "DIS-07") {
      zh = "重要信息发布前须经部门主要负责同志严格审定";
      en = "important information is released only after the department's principal head has reviewed it strictly";
    } else if (rule == "DIS-05") {
      zh = "县政府领导同志以政府名义或个人名义发表讲话、文章，须事先按程序报县人民政府批准";
      en = "a county-government leader's speech or article, on behalf of the government or personal, "
           "needs prior approval by the county government";
    } else {
      zh = "其他组成人员代表县人民政府或就未经研究决定的重大问题发表讲话、文章，须事先报县人民政府批准";
      en = "other members need prior approval to speak or write for the government, or on a major "
           "matter the government has not decided";
    }
    for (const common::v1::Warning& w : r.warnings()) {
      absl::StrAppend(&zh, "；", w.violation().message_zh());
      absl::StrAppend(&en, "; ", w.violation().message_en());
    }
    return policy.Refuse(absl::StatusCode::kFailedPrecondition, rule, zh, en);
  }
  r.set_state(v1::APPROVAL_STATE_RELEASED);
  *r.mutable_release_time() = ToProtoTime(now);
  return absl::OkStatus();
}

absl::Status SubmitApprovalRequest(v1::ApprovalRequest& request,
                                   const std::vector<common::v1::OverrideRequest>& overrides, const std::string& actor,
                                   const std::optional<v1::OutboundPlanEntry>& plan_entry, const OrgFacts& facts,
                                   const Env& env, const Namer& names, Effects& fx, int unit_delegations_this_year) {
  const std::string name = request.name();
  ASSIGN_OR_RETURN(plan, PlanApprovalRequest(request, overrides, actor, plan_entry, facts, env.now, *env.policy,
                                             unit_delegations_this_year));
  request = std::move(plan.request);
  request.set_name(name);
  request.set_created_by(actor);
  *request.mutable_create_time() = ToProtoTime(env.now);
  for (const ObligationPlan& o : plan.obligations) {
    RETURN_IF_ERROR(OpenObligation(o, name, actor, env, names, fx));
  }
  for (const common::v1::OverrideRecord& o : request.overrides()) fx.Override(o, request.name());
  fx.Note(request.rule_ids().empty() ? "" : request.rule_ids(0), "");
  return absl::OkStatus();
}

absl::Status DecideStep(v1::ApprovalRequest& r, const v1::ActOnApprovalRequestRequest& act, const std::string& actor,
                        const std::vector<Versioned<v1::Obligation>>& obligations, const OrgFacts& facts,
                        const Env& env, const Namer& names, Effects& fx) {
  ASSIGN_OR_RETURN(outcome, ActOnStep(r, act, actor, facts, env.now, *env.calendar, *env.policy));
  for (const ObligationPlan& o : outcome.obligations) {
    RETURN_IF_ERROR(OpenObligation(o, r.name(), actor, env, names, fx));
  }
  for (v1::ObligationKind kind : outcome.fulfils) {
    for (const Versioned<v1::Obligation>& o : obligations) {
      if (o.value.kind() != kind ||
          (o.value.state() != v1::OBLIGATION_STATE_OPEN && o.value.state() != v1::OBLIGATION_STATE_OVERDUE)) {
        continue;
      }
      v1::Obligation done = o.value;
      done.set_late(done.state() == v1::OBLIGATION_STATE_OVERDUE);
      done.set_state(v1::OBLIGATION_STATE_FULFILLED);
      *done.mutable_fulfil_time() = ToProtoTime(env.now);
      done.set_fulfilled_by(actor);
      done.set_fulfilment_note(act.reference());
      fx.Update(done, o.version);
      fx.CancelTimer("obligation.due", done.name());
    }
  }
  if (outcome.decided) {
    v1::ApprovalRequestDecided event;
    *event.mutable_approval_request() = r;
    fx.Publish(r.name(), event);
  }
  const v1::ApprovalStep* step = nullptr;
  for (const v1::ApprovalStep& s : r.steps()) {
    if (s.kind() == act.step()) step = &s;
  }
  std::string detail = absl::StrCat(v1::StepKind_Name(act.step()), " ", v1::StepDecision_Name(act.decision()));
  std::string acting_for;
  if (step != nullptr && step->has_acting_mark()) {
    acting_for = step->acting_mark().for_official();
    absl::StrAppend(&detail, "; 代行 for ", acting_for);
  }
  fx.Note(r.rule_ids().empty() ? "" : r.rule_ids(0), detail, acting_for);
  if (step != nullptr && step->superior_override()) {
    // ORG-02: the county head has the final say in the government's decisions; his approval in
    // place of the deputy's is recorded as such.
    fx.Audit(r.name(), "SuperiorOverride", "ORG-02", nullptr, r,
             absl::StrCat(v1::StepKind_Name(act.step()), " approved by the county head in place of ",
                          absl::StrJoin(step->eligible(), ", "), " (RECORD)"));
  }
  return absl::OkStatus();
}

}  // namespace xianfu::personnel
