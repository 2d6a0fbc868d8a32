// The intake of the other modules' feeds (exactly once each, from the beginning of each feed):
// meeting decisions (SUP-14), handling items and their extensions (SUP-15), every module's
// escalations, personnel-svc's overdue obligations and meeting-svc's recorded deviations.

#include "absl/strings/str_cat.h"
#include "common/calendar.h"
#include "common/deadline_proto.h"
#include "supervision-svc/domain/escalation_items.h"
#include "supervision-svc/domain/report.h"
#include "supervision-svc/handler/handler.h"

namespace xianfu::supervision {
namespace {

// SUP-01: a normative document in the county government's name is filed with the NPC standing
// committee.
bool NeedsNpcFiling(const document::v1::Document& d) {
  return d.kind() == document::v1::DOCUMENT_KIND_NORMATIVE &&
         d.issuing_name() == document::v1::ISSUING_NAME_COUNTY_GOVERNMENT;
}

// `env` as of the event (a feed read from the start long after: each line keeps its own day).
Env AtEvent(Env env, const events::v1::Event& event) {
  if (!event.has_occurred_at()) return env;
  env.now = FromProtoTime(event.occurred_at());
  env.today = LocalDay(env.now);
  return env;
}

// What OnEscalationEvent acts on, on every feed.
std::vector<std::string> EscalationEventTypes() {
  return {common::v1::OverrideTaken::descriptor()->full_name(), common::v1::EscalationRaised::descriptor()->full_name(),
          common::v1::EscalationAcknowledged::descriptor()->full_name()};
}

std::vector<std::string> With(std::vector<std::string> types, std::initializer_list<std::string> more) {
  types.insert(types.end(), more);
  return types;
}

}  // namespace

std::vector<std::string> SupervisionHandler::MeetingEventTypes() {
  return With(EscalationEventTypes(), {meeting::v1::DecisionRecorded::descriptor()->full_name(),
                                       meeting::v1::MeetingFrequencyWarning::descriptor()->full_name(),
                                       meeting::v1::DecisionDocumentIssued::descriptor()->full_name()});
}

std::vector<std::string> SupervisionHandler::DocumentEventTypes() {
  return With(EscalationEventTypes(), {document::v1::DocumentIssued::descriptor()->full_name(),
                                       document::v1::NormativeFilingOverdue::descriptor()->full_name(),
                                       document::v1::CountersignDeemed::descriptor()->full_name(),
                                       document::v1::HandlingItemOpened::descriptor()->full_name(),
                                       document::v1::HandlingItemExtended::descriptor()->full_name(),
                                       document::v1::HandlingItemCompleted::descriptor()->full_name()});
}

std::vector<std::string> SupervisionHandler::PersonnelEventTypes() {
  return With(EscalationEventTypes(), {personnel::v1::ObligationOverdue::descriptor()->full_name()});
}

absl::StatusOr<SupervisionHandler::Lead> SupervisionHandler::LeadFor(const std::string& unit_name, bool office_leads) {
  // One round trip: the unit named, and the office in case it has to follow the work up itself.
  org::Questions q(platform_.clock().Now());
  org::HolderQ supervisor_q = q.Holder("R-SUP");
  org::HolderQ director_q = q.Holder("R-OD");
  org::UnitQ office_q = q.UnitPlaying("R-OFFICE");
  std::optional<org::UnitQ> unit_q;
  if (!unit_name.empty() && !office_leads) unit_q = q.Unit(unit_name);
  ASSIGN_OR_RETURN(answers, directory_->Ask(nullptr, q));
  Lead lead;
  ASSIGN_OR_RETURN(supervisor, answers.Get(supervisor_q));
  lead.supervisor = supervisor;
  absl::StatusOr<org::Unit> unit = absl::NotFoundError("no responsible unit");
  if (unit_q.has_value()) unit = answers.Get(*unit_q);
  if (unit.ok() && !unit->principal_head.empty()) {
    lead.unit = std::move(*unit);
    return lead;
  }
  if (!unit.ok() && !absl::IsNotFound(unit.status())) return unit.status();  // personnel-svc unreachable: retried
  // The office's own work (a document in the county government's name), or no unit named, none by
  // that name, or one without a principal head to answer for it (SUP-08): the county government
  // office follows it up, its director first (he sits in the government, art. 4, so he answers
  // for it), rather than the feed stopping at this event.
  ASSIGN_OR_RETURN(director, answers.Get(director_q));
  // No unit marked as the office (or several): the director answers for it alone.
  if (absl::StatusOr<org::Unit> office = answers.Get(office_q); office.ok()) lead.unit = *std::move(office);
  lead.unit.principal_head = director;
  return lead;
}

absl::Status SupervisionHandler::AddDeviation(v1::RecordedDeviation d, Effects& fx) {
  ASSIGN_OR_RETURN(name, Names()("deviations"));
  d.set_name(name);
  fx.Insert(d);
  fx.Audit(d.name(), d.kind() == "OVERRIDE" ? "OverrideRecorded" : "DeviationRecorded", d.rule_id(), nullptr, d,
           d.subject());
  return absl::OkStatus();
}

absl::StatusOr<std::any> SupervisionHandler::PrepareMeetingEvent(const events::v1::Event& event) {
  if (event.type() != meeting::v1::DecisionRecorded::descriptor()->full_name()) return std::any();
  meeting::v1::DecisionRecorded recorded;
  if (!event.payload().UnpackTo(&recorded)) return absl::InternalError(absl::StrCat("undecodable ", event.id()));
  // A document to issue in the county government's name is the office's to follow (S-04: the task
  // is 周敏's); the drafting department works with it as a co-unit.
  ASSIGN_OR_RETURN(lead, LeadFor(recorded.decision().responsible_unit(), recorded.decision().requires_document()));
  return lead;
}

absl::StatusOr<bool> SupervisionHandler::OnEscalationEvent(Tx& tx, const events::v1::Event& event) {
  if (event.type() == common::v1::OverrideTaken::descriptor()->full_name()) {
    common::v1::OverrideTaken taken;
    if (!event.payload().UnpackTo(&taken)) return absl::InternalError(absl::StrCat("undecodable ", event.id()));
    Call call = SystemCall("OverrideFeed");
    Effects fx;
    RETURN_IF_ERROR(
        AddDeviation(DeviationFrom(taken.record(), event.service(), event.subject(), event.id(), call.env), fx));
    Applied applied;
    RETURN_IF_ERROR(Apply(call, tx, fx, applied));
    return true;
  }
  const bool raised = event.type() == common::v1::EscalationRaised::descriptor()->full_name();
  const bool acknowledged = event.type() == common::v1::EscalationAcknowledged::descriptor()->full_name();
  if (!raised && !acknowledged) return false;
  common::v1::Escalation e;
  if (raised) {
    common::v1::EscalationRaised payload;
    if (!event.payload().UnpackTo(&payload)) return absl::InternalError(absl::StrCat("undecodable ", event.id()));
    e = payload.escalation();
  } else {
    common::v1::EscalationAcknowledged payload;
    if (!event.payload().UnpackTo(&payload)) return absl::InternalError(absl::StrCat("undecodable ", event.id()));
    e = payload.escalation();
  }
  ASSIGN_OR_RETURN(existing, store_.EscalationItemOf(tx, EscalationItemKey(e.service(), e.rule_id(), e.subject())));
  Call call = SystemCall("EscalationFeed");
  Effects fx;
  v1::EscalationItem item = existing.has_value() ? existing->value : v1::EscalationItem();
  const bool changed = raised ? NoteRaised(item, e) : NoteAcknowledged(item, e);
  if (!changed) return true;
  if (existing.has_value()) {
    fx.Update(item, existing->version);
    fx.Audit(item.name(), raised ? "EscalationRaised" : "EscalationAcknowledged", e.rule_id(), &existing->value, item,
             e.name());
  } else {
    ASSIGN_OR_RETURN(name, Names()("escalationItems"));
    item.set_name(name);
    fx.Insert(item);
    fx.Audit(item.name(), "EscalationRaised", e.rule_id(), nullptr, item, e.name());
  }
  Applied applied;
  RETURN_IF_ERROR(Apply(call, tx, fx, applied));
  return true;
}

absl::Status SupervisionHandler::OnPersonnelEvent(Tx& tx, const events::v1::Event& event) {
  ASSIGN_OR_RETURN(escalation, OnEscalationEvent(tx, event));
  if (escalation || event.type() != personnel::v1::ObligationOverdue::descriptor()->full_name()) {
    return absl::OkStatus();
  }
  personnel::v1::ObligationOverdue overdue;
  if (!event.payload().UnpackTo(&overdue)) return absl::InternalError(absl::StrCat("undecodable ", event.id()));
  const personnel::v1::Obligation& o = overdue.obligation();
  Call call = SystemCall("PersonnelFeed");
  Effects fx;
  const v1::RecordedDeviation d = DeviationFrom(o, event.id(), call.env);
  RETURN_IF_ERROR(AddDeviation(d, fx));
  // The supervision office follows it like an escalation: one item, its assignees told in
  // personnel-svc (they acknowledge there by reporting).
  common::v1::Escalation e;
  e.set_name(absl::StrCat("events/", event.id()));
  e.set_service("personnel");
  e.set_rule_id(o.rule_id());
  *e.mutable_article() = d.article();
  e.set_subject(o.name());
  e.set_message_zh(d.message_zh());
  e.set_message_en(d.message_en());
  *e.mutable_create_time() = o.due_time();
  ASSIGN_OR_RETURN(existing, store_.EscalationItemOf(tx, EscalationItemKey(e.service(), e.rule_id(), e.subject())));
  v1::EscalationItem item = existing.has_value() ? existing->value : v1::EscalationItem();
  for (const std::string& who : o.escalate_to()) {
    e.set_name(absl::StrCat("events/", event.id(), "#", who));  // one per assignee, as the modules' are
    e.set_assignee(who);
    NoteRaised(item, e);
  }
  if (o.escalate_to().empty()) NoteRaised(item, e);
  if (existing.has_value()) {
    fx.Update(item, existing->version);
  } else {
    ASSIGN_OR_RETURN(item_name, Names()("escalationItems"));
    item.set_name(item_name);
    fx.Insert(item);
  }
  Applied applied;
  return Apply(call, tx, fx, applied);
}

absl::Status SupervisionHandler::OnMeetingEvent(Tx& tx, const events::v1::Event& event, const std::any& prepared) {
  ASSIGN_OR_RETURN(escalation, OnEscalationEvent(tx, event));
  if (escalation) return absl::OkStatus();
  Call call = SystemCall("MeetingFeed");
  Effects fx;
  if (event.type() == meeting::v1::DecisionRecorded::descriptor()->full_name()) {
    meeting::v1::DecisionRecorded recorded;
    if (!event.payload().UnpackTo(&recorded)) return absl::InternalError(absl::StrCat("undecodable ", event.id()));
    // One task per decision, however the event arrives.
    ASSIGN_OR_RETURN(existing, store_.TaskFrom(tx, recorded.decision().name()));
    if (existing.has_value()) return absl::OkStatus();
    const Lead* lead = std::any_cast<Lead>(&prepared);
    if (lead == nullptr) return absl::InternalError(absl::StrCat(event.id(), " was not prepared"));
    v1::Task t = TaskFromDecision(recorded.decision(), event.id(), call.env);
    // The unit personnel-svc knows (the office when the decision named none, or none that exists).
    t.set_lead_unit(lead->unit.unit);
    const std::string& drafting = recorded.decision().responsible_unit();
    if (!drafting.empty() && drafting != t.lead_unit()) t.add_co_units(drafting);
    if (t.first_responsible() != lead->unit.principal_head) t.clear_first_responsible();
    ASSIGN_OR_RETURN(name, Names()("tasks"));
    t.set_name(name);
    RETURN_IF_ERROR(OpenTask(t, lead->unit, lead->supervisor, "meeting-svc", call.env, fx));
    fx.Insert(t);
    fx.Audit(t.name(), "TaskFromDecision", "SUP-14", nullptr, t, recorded.decision().name());
  } else if (event.type() == meeting::v1::MeetingFrequencyWarning::descriptor()->full_name()) {
    meeting::v1::MeetingFrequencyWarning warning;
    if (!event.payload().UnpackTo(&warning)) return absl::InternalError(absl::StrCat("undecodable ", event.id()));
    std::optional<v1::RecordedDeviation> d = DeviationFrom(warning, event.id(), AtEvent(call.env, event));
    if (!d.has_value()) return absl::OkStatus();
    RETURN_IF_ERROR(AddDeviation(*std::move(d), fx));
  } else if (event.type() == meeting::v1::DecisionDocumentIssued::descriptor()->full_name()) {
    meeting::v1::DecisionDocumentIssued issued;
    if (!event.payload().UnpackTo(&issued)) return absl::InternalError(absl::StrCat("undecodable ", event.id()));
    ASSIGN_OR_RETURN(existing, store_.TaskFrom(tx, issued.decision().name()));
    if (!existing.has_value()) return absl::OkStatus();
    v1::Task t = existing->value;
    SourceResolved(t,
                   absl::StrCat("document issued: ", issued.decision().document(),
                                issued.decision().working_days_late() > 0
                                    ? absl::StrCat(" (", issued.decision().working_days_late(), " working days late)")
                                    : ""),
                   call.env);
    fx.Update(t, existing->version);
    fx.Audit(t.name(), "SourceResolved", "SUP-14", &existing->value, t, issued.decision().document());
  } else {
    return absl::OkStatus();
  }
  Applied applied;
  return Apply(call, tx, fx, applied);
}

absl::StatusOr<std::any> SupervisionHandler::PrepareDocumentEvent(const events::v1::Event& event) {
  if (event.type() == document::v1::DocumentIssued::descriptor()->full_name()) {
    document::v1::DocumentIssued issued;
    if (!event.payload().UnpackTo(&issued)) return absl::InternalError(absl::StrCat("undecodable ", event.id()));
    if (!NeedsNpcFiling(issued.document())) return std::any();
    ASSIGN_OR_RETURN(lead, LeadFor("", /*office_leads=*/true));  // the office files it (SUP-01)
    return lead;
  }
  if (event.type() != document::v1::HandlingItemOpened::descriptor()->full_name()) return std::any();
  document::v1::HandlingItemOpened opened;
  if (!event.payload().UnpackTo(&opened)) return absl::InternalError(absl::StrCat("undecodable ", event.id()));
  ASSIGN_OR_RETURN(lead, LeadFor(opened.item().handling_unit()));
  return lead;
}

absl::Status SupervisionHandler::OnDocumentEvent(Tx& tx, const events::v1::Event& event, const std::any& prepared) {
  ASSIGN_OR_RETURN(escalation, OnEscalationEvent(tx, event));
  if (escalation) return absl::OkStatus();
  if (event.type() == document::v1::DocumentIssued::descriptor()->full_name()) {
    document::v1::DocumentIssued issued;
    if (!event.payload().UnpackTo(&issued)) return absl::InternalError(absl::StrCat("undecodable ", event.id()));
    if (!NeedsNpcFiling(issued.document())) return absl::OkStatus();
    ASSIGN_OR_RETURN(existing, store_.TaskFrom(tx, issued.document().name()));
    if (existing.has_value()) return absl::OkStatus();
    const Lead* lead = std::any_cast<Lead>(&prepared);
    if (lead == nullptr) return absl::InternalError(absl::StrCat(event.id(), " was not prepared"));
    Call call = SystemCall("DocumentFeed");
    Effects fx;
    v1::Task t = TaskFromNormativeIssue(issued.document(), LocalDay(FromProtoTime(event.occurred_at())), event.id(),
                                        call.policy());
    t.set_lead_unit(lead->unit.unit);
    ASSIGN_OR_RETURN(name, Names()("tasks"));
    t.set_name(name);
    RETURN_IF_ERROR(OpenTask(t, lead->unit, lead->supervisor, "document-svc", call.env, fx));
    fx.Insert(t);
    fx.Audit(t.name(), "TaskFromNormativeIssue", "SUP-01", nullptr, t, issued.document().name());
    Applied applied;
    return Apply(call, tx, fx, applied);
  }
  const bool filing_overdue = event.type() == document::v1::NormativeFilingOverdue::descriptor()->full_name();
  const bool countersign_deemed = event.type() == document::v1::CountersignDeemed::descriptor()->full_name();
  if (filing_overdue || countersign_deemed) {
    Call call = SystemCall("DocumentFeed");
    Effects fx;
    v1::RecordedDeviation d;
    if (filing_overdue) {
      document::v1::NormativeFilingOverdue overdue;
      if (!event.payload().UnpackTo(&overdue)) return absl::InternalError(absl::StrCat("undecodable ", event.id()));
      d = DeviationFrom(overdue, event.id(), AtEvent(call.env, event));
    } else {
      document::v1::CountersignDeemed deemed;
      if (!event.payload().UnpackTo(&deemed)) return absl::InternalError(absl::StrCat("undecodable ", event.id()));
      d = DeviationFrom(deemed, event.id(), call.env);
    }
    RETURN_IF_ERROR(AddDeviation(std::move(d), fx));
    Applied applied;
    return Apply(call, tx, fx, applied);
  }
  const std::string& type = event.type();
  document::v1::HandlingItem item;
  if (type == document::v1::HandlingItemOpened::descriptor()->full_name()) {
    document::v1::HandlingItemOpened e;
    if (!event.payload().UnpackTo(&e)) return absl::InternalError(absl::StrCat("undecodable ", event.id()));
    item = e.item();
  } else if (type == document::v1::HandlingItemExtended::descriptor()->full_name()) {
    document::v1::HandlingItemExtended e;
    if (!event.payload().UnpackTo(&e)) return absl::InternalError(absl::StrCat("undecodable ", event.id()));
    item = e.item();
  } else if (type == document::v1::HandlingItemCompleted::descriptor()->full_name()) {
    document::v1::HandlingItemCompleted e;
    if (!event.payload().UnpackTo(&e)) return absl::InternalError(absl::StrCat("undecodable ", event.id()));
    item = e.item();
  } else {
    return absl::OkStatus();
  }
  Call call = SystemCall("DocumentFeed");
  Effects fx;
  ASSIGN_OR_RETURN(existing, store_.TaskFrom(tx, item.name()));
  if (type == document::v1::HandlingItemOpened::descriptor()->full_name()) {
    // One task per item, however the event arrives.
    if (existing.has_value()) return absl::OkStatus();
    const Lead* lead = std::any_cast<Lead>(&prepared);
    if (lead == nullptr) return absl::InternalError(absl::StrCat(event.id(), " was not prepared"));
    v1::Task t = TaskFromHandlingItem(item, event.id());
    t.set_lead_unit(lead->unit.unit);
    ASSIGN_OR_RETURN(name, Names()("tasks"));
    t.set_name(name);
    RETURN_IF_ERROR(OpenTask(t, lead->unit, lead->supervisor, "document-svc", call.env, fx));
    fx.Insert(t);
    fx.Audit(t.name(), "TaskFromHandlingItem", "SUP-15", nullptr, t, item.name());
  } else {
    if (!existing.has_value()) return absl::OkStatus();
    v1::Task t = existing->value;
    const bool extended = type == document::v1::HandlingItemExtended::descriptor()->full_name();
    if (extended) {
      ExtendedAtSource(t, item, call.env, fx);
    } else {
      CompletedAtSource(t, item, call.env, fx);
    }
    if (google::protobuf::util::MessageDifferencer::Equals(t, existing->value)) return absl::OkStatus();
    fx.Update(t, existing->version);
    fx.Audit(t.name(), extended ? "ExtendedAtSource" : "CompletedAtSource", "SUP-15", &existing->value, t, item.name());
  }
  Applied applied;
  return Apply(call, tx, fx, applied);
}

}  // namespace xianfu::supervision
