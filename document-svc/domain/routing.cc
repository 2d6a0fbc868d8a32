#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "common/deadline_proto.h"
#include "common/status_macros.h"
#include "document-svc/domain/rules.h"

namespace xianfu::document {
bool IsExplicit(const v1::Document& d, v1::EndorsementKind kind, const std::string& text) {
  const std::string t(absl::StripAsciiWhitespace(text));
  const bool bare = t.empty() || t == "阅" || t == "已阅" || t == "圈阅" || t == "○";
  switch (kind) {
    case v1::ENDORSEMENT_KIND_APPROVE:
    case v1::ENDORSEMENT_KIND_DISAPPROVE:
      return true;
    case v1::ENDORSEMENT_KIND_APPROVE_WITH_CHANGES:
    case v1::ENDORSEMENT_KIND_INSTRUCTION:
      return !bare;
    case v1::ENDORSEMENT_KIND_REFER:
      return true;
    case v1::ENDORSEMENT_KIND_CIRCLE:
      // 圈阅 means "read": enough on a general report, never on a document with requests.
      return d.request_items_size() == 0 && d.kind() != v1::DOCUMENT_KIND_REQUEST;
    default:
      return false;
  }
}

namespace {

bool IsOneOf(v1::DocumentState s, std::initializer_list<v1::DocumentState> states) {
  return std::find(states.begin(), states.end(), s) != states.end();
}

absl::Status WrongState(const v1::Document& d, absl::string_view what) {
  return absl::FailedPreconditionError(
      absl::StrCat(d.name(), " is ", v1::DocumentState_Name(d.state()), ": cannot ", what));
}

void RouteTo(v1::Document& d, const std::string& leader, const Acting& acting) {
  d.set_routed_leader(leader);
  d.clear_acting_leader();
  d.clear_acting_display();
  if (!acting.actor.empty() && acting.actor != leader) {
    d.set_acting_leader(acting.actor);
    d.set_acting_display(acting.display);
  }
}

}  // namespace

absl::Status Review(v1::Document& d, const std::string& handling_opinion, const std::string& reviewer,
                    const std::string& leader, const Acting& acting, const Env& env) {
  if (d.state() != v1::DOCUMENT_STATE_SUBMITTED) return WrongState(d, "review it");
  if (handling_opinion.empty()) {
    return env.policy->Refuse(absl::StatusCode::kFailedPrecondition, "DOC-12", "办公室须提出拟办意见后方可呈批",
                              "the office records a handling opinion before routing", "handling_opinion");
  }
  if (leader.empty()) {
    return env.policy->Refuse(absl::StatusCode::kFailedPrecondition, "DOC-13", "无法确定分管领导，且无县长可呈批",
                              "neither a leader in charge of the sending unit nor a county head to route to");
  }
  d.set_handling_opinion(handling_opinion);
  d.set_reviewed_by(reviewer);
  // DOC-13: to the leader in charge of the sending unit (the county head when none), or to
  // whoever acts for him today.
  RouteTo(d, leader, acting);
  if (acting.waiting) *d.add_warnings()->mutable_violation() = acting.reason;
  d.set_state(v1::DOCUMENT_STATE_WITH_LEADER);
  return absl::OkStatus();
}

absl::Status Endorse(v1::Document& d, const EndorseInput& in, const EndorseFacts& facts, const Env& env,
                     const Namer& names, Effects& fx) {
  const Policy& policy = *env.policy;
  if (in.kind == v1::ENDORSEMENT_KIND_UNSPECIFIED) return absl::InvalidArgumentError("kind is required");
  const bool unreviewed = d.state() == v1::DOCUMENT_STATE_SUBMITTED;
  if (!IsOneOf(d.state(), {v1::DOCUMENT_STATE_WITH_LEADER, v1::DOCUMENT_STATE_SUBMITTED})) {
    return WrongState(d, "endorse it");
  }
  const std::string& me = facts.me.official;
  const std::string principal = d.routed_leader().empty() ? d.addressed_leader() : d.routed_leader();
  if (principal.empty()) {
    return policy.Refuse(absl::StatusCode::kFailedPrecondition, "DOC-06", "公文尚未经办公室审核呈批",
                         "the office has not routed the document yet");
  }
  v1::Endorsement e;
  if (me != principal) {
    // The stand-in personnel-svc names, or its refusal citing why not (e.g. DIS-03).
    if (!facts.acting_for_principal.has_value()) return absl::InternalError("no acting answer for a stand-in");
    if (!facts.acting_for_principal->ok()) return facts.acting_for_principal->status();
    const Acting& acting = **facts.acting_for_principal;
    *e.mutable_acting_mark() = acting.mark;
    e.set_acting_display(acting.display);
    fx.Note("", acting.display, principal);
  }
  e.set_kind(in.kind);
  e.set_text(in.text);
  e.set_official(me);
  e.set_display_name(facts.me.display_name);
  *e.mutable_time() = ToProtoTime(env.now);
  e.set_explicit_(IsExplicit(d, in.kind, in.text));
  e.set_unreviewed(unreviewed);
  if (unreviewed) {
    *d.add_warnings()->mutable_violation() =
        policy.Explain("DOC-06", "领导同志一般不直接签批未经办公室审核的公文；办公室须先完成审核再流转",
                       "leaders generally endorse only office-reviewed documents; the office completes the review "
                       "before forwarding");
  }
  if (!d.disagreement().positions().empty() && e.explicit_() && in.text.empty()) {
    return policy.Refuse(absl::StatusCode::kFailedPrecondition, "DOC-12",
                         "部门间有分歧的，分管领导须协调并写明协调一致意见或倾向性建议",
                         "where departments disagree, the leader records the consensus or a preferred "
                         "recommendation",
                         "text");
  }
  if (in.kind == v1::ENDORSEMENT_KIND_REFER) {
    if (in.referred_to.empty()) return absl::InvalidArgumentError("referred_to is required for REFER");
    e.set_referred_to(in.referred_to);
  }
  auto finish = [&](bool assigns_work) {
    *d.add_endorsements() = e;
    v1::DocumentEndorsed event;
    *event.mutable_document() = Registration(d);
    *event.mutable_endorsement() = e;
    event.set_assigns_work(assigns_work);
    fx.Publish(d.name(), event);
    return absl::OkStatus();
  };
  if (unreviewed || !e.explicit_()) {
    // Stays with the office until reviewed; DOC-14: without an explicit opinion it stays with
    // the leader.
    *d.add_endorsements() = e;
    return absl::OkStatus();
  }
  if (in.kind == v1::ENDORSEMENT_KIND_CIRCLE) {
    d.set_state(v1::DOCUMENT_STATE_READ);
    *d.add_endorsements() = e;
    return absl::OkStatus();
  }
  bool assigns_work = false;
  if (in.kind == v1::ENDORSEMENT_KIND_INSTRUCTION && !in.assigned_units.empty()) {
    if (!IsValidProtoDate(in.assignment_deadline)) {
      return absl::InvalidArgumentError("assignment_deadline is required when an instruction assigns work");
    }
    for (const std::string& unit : in.assigned_units) {
      e.add_assigned_units(unit);
      v1::HandlingItem item;
      ASSIGN_OR_RETURN(name, names("handlingItems"));
      item.set_name(name);
      item.set_reference(absl::StrCat(d.name(), "#", d.endorsements_size() + 1));
      item.set_source(v1::HANDLING_SOURCE_LEADER_INSTRUCTION);
      item.set_instructing_leader(principal);
      item.set_handling_unit(unit);
      item.set_task(in.text);
      *item.mutable_deadline() = in.assignment_deadline;
      item.set_document(d.name());
      RETURN_IF_ERROR(OpenHandlingItem(item, env, fx));
    }
    assigns_work = true;
  }
  if (in.kind == v1::ENDORSEMENT_KIND_REFER) {
    RouteTo(d, in.referred_to, facts.referred_acting.value_or(Acting{}));
  } else if (d.major() && principal != facts.county_head && !facts.county_head.empty()) {
    // DOC-13: a major matter ends with the county head.
    RouteTo(d, facts.county_head, facts.county_head_acting.value_or(Acting{}));
  } else {
    d.set_state(v1::DOCUMENT_STATE_ENDORSED);
  }
  return finish(assigns_work);
}

absl::Status CheckCountyGovernmentReview(const v1::Document& d, const Policy& policy) {
  if (!d.for_county_committee() || !d.government_review_reference().empty()) return absl::OkStatus();
  for (const v1::Endorsement& e : d.endorsements()) {
    if (e.kind() == v1::ENDORSEMENT_KIND_APPROVE || e.kind() == v1::ENDORSEMENT_KIND_APPROVE_WITH_CHANGES) {
      return absl::OkStatus();
    }
  }
  return policy.Refuse(absl::StatusCode::kFailedPrecondition, "DOC-07",
                       "以政府部门为主起草、拟报县委审议或县委县政府联合发文的文稿，须先经县人民政府审定",
                       "a draft for the county committee (or a joint committee–government issue) led by a government "
                       "department goes only after the county government reviewed it: an approving endorsement, or "
                       "the executive meeting in government_review_reference",
                       "document.government_review_reference");
}

absl::Status Forward(v1::Document& d, const Env& env) {
  const Policy& policy = *env.policy;
  if (d.state() == v1::DOCUMENT_STATE_WITH_LEADER) {
    const bool unclear = !d.endorsements().empty() && !d.endorsements().rbegin()->explicit_();
    if (unclear || !d.major()) {
      return policy.Refuse(absl::StatusCode::kFailedPrecondition, "DOC-14",
                           "对有具体请示事项的公文须明确签署意见；无明确意见的，政府办公室不得流转，已退回领导同志",
                           "a document with request items needs an explicit opinion; without one the office may not "
                           "forward it: it stays with the leader");
    }
    return policy.Refuse(absl::StatusCode::kFailedPrecondition, "DOC-13", "重大事项须报县长审批后方可流转",
                         "a major matter must end with the county head's approval");
  }
  if (d.state() == v1::DOCUMENT_STATE_SUBMITTED) {
    return policy.Refuse(absl::StatusCode::kFailedPrecondition, "DOC-12", "办公室审核把关后方可流转",
                         "the office reviews before it forwards");
  }
  if (d.state() != v1::DOCUMENT_STATE_ENDORSED) return WrongState(d, "forward it");
  RETURN_IF_ERROR(CheckCountyGovernmentReview(d, policy));
  d.set_state(v1::DOCUMENT_STATE_FORWARDED);
  return absl::OkStatus();
}

absl::Status Archive(v1::Document& d) {
  if (!IsOneOf(d.state(), {v1::DOCUMENT_STATE_READ, v1::DOCUMENT_STATE_FORWARDED, v1::DOCUMENT_STATE_ISSUED})) {
    return WrongState(d, "archive it");
  }
  d.set_state(v1::DOCUMENT_STATE_ARCHIVED);
  return absl::OkStatus();
}

}  // namespace xianfu::document
