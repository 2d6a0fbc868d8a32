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

}  // namespace

EventRoutes SupervisionHandler::EscalationRoutes() {
  return EventRoutes()
      .On<common::v1::OverrideTaken>(
          [this](Tx& tx, const events::v1::Event& event, const common::v1::OverrideTaken& taken, const std::any&) {
            Call call = SystemCall("OverrideFeed");
            Effects fx;
            RETURN_IF_ERROR(AddDeviation(
                DeviationFrom(taken.record(), event.service(), event.subject(), event.id(), call.env), fx));
            Applied applied;
            return Apply(call, tx, fx, applied);
          })
      .On<common::v1::EscalationRaised>(
          [this](Tx& tx, const events::v1::Event&, const common::v1::EscalationRaised& e, const std::any&) {
            return OnEscalation(tx, e.escalation(), /*raised=*/true);
          })
      .On<common::v1::EscalationAcknowledged>(
          [this](Tx& tx, const events::v1::Event&, const common::v1::EscalationAcknowledged& e, const std::any&) {
            return OnEscalation(tx, e.escalation(), /*raised=*/false);
          });
}

EventRoutes SupervisionHandler::MeetingRoutes() {
  return EscalationRoutes()
      .On<meeting::v1::DecisionRecorded>(
          [this](Tx& tx, const events::v1::Event& event, const meeting::v1::DecisionRecorded& recorded,
                 const std::any& lead) { return OnDecisionRecorded(tx, event, recorded, lead); },
          [this](const events::v1::Event&, const meeting::v1::DecisionRecorded& recorded) -> absl::StatusOr<std::any> {
            // A document to issue in the county government's name is the office's to follow (S-04:
            // the task is 周敏's); the drafting department works with it as a co-unit.
            ASSIGN_OR_RETURN(lead,
                             LeadFor(recorded.decision().responsible_unit(), recorded.decision().requires_document()));
            return lead;
          })
      .On<meeting::v1::MeetingFrequencyWarning>([this](Tx& tx, const events::v1::Event& event,
                                                       const meeting::v1::MeetingFrequencyWarning& warning,
                                                       const std::any&) -> absl::Status {
        Call call = SystemCall("MeetingFeed");
        std::optional<v1::RecordedDeviation> d = DeviationFrom(warning, event.id(), AtEvent(call.env, event));
        if (!d.has_value()) return absl::OkStatus();
        return ApplyDeviation(call, tx, *std::move(d));
      })
      .On<meeting::v1::DecisionDocumentIssued>(
          [this](Tx& tx, const events::v1::Event&, const meeting::v1::DecisionDocumentIssued& issued, const std::any&) {
            return OnDecisionDocumentIssued(tx, issued);
          });
}

EventRoutes SupervisionHandler::DocumentRoutes() {
  return EscalationRoutes()
      .On<document::v1::DocumentIssued>(
          [this](Tx& tx, const events::v1::Event& event, const document::v1::DocumentIssued& issued,
                 const std::any& lead) { return OnDocumentIssued(tx, event, issued, lead); },
          [this](const events::v1::Event&, const document::v1::DocumentIssued& issued) -> absl::StatusOr<std::any> {
            if (!NeedsNpcFiling(issued.document())) return std::any();
            ASSIGN_OR_RETURN(lead, LeadFor("", /*office_leads=*/true));  // the office files it (SUP-01)
            return lead;
          })
      .On<document::v1::NormativeFilingOverdue>([this](Tx& tx, const events::v1::Event& event,
                                                       const document::v1::NormativeFilingOverdue& overdue,
                                                       const std::any&) {
        Call call = SystemCall("DocumentFeed");
        return ApplyDeviation(call, tx, DeviationFrom(overdue, event.id(), AtEvent(call.env, event)));
      })
      .On<document::v1::CountersignDeemed>([this](Tx& tx, const events::v1::Event& event,
                                                  const document::v1::CountersignDeemed& deemed, const std::any&) {
        Call call = SystemCall("DocumentFeed");
        return ApplyDeviation(call, tx, DeviationFrom(deemed, event.id(), call.env));
      })
      .On<document::v1::HandlingItemOpened>(
          [this](Tx& tx, const events::v1::Event& event, const document::v1::HandlingItemOpened& opened,
                 const std::any& lead) { return OnHandlingItemOpened(tx, event, opened.item(), lead); },
          [this](const events::v1::Event&, const document::v1::HandlingItemOpened& opened) -> absl::StatusOr<std::any> {
            ASSIGN_OR_RETURN(lead, LeadFor(opened.item().handling_unit()));
            return lead;
          })
      .On<document::v1::HandlingItemExtended>(
          [this](Tx& tx, const events::v1::Event&, const document::v1::HandlingItemExtended& e, const std::any&) {
            return OnHandlingItemMoved(tx, e.item(), /*extended=*/true);
          })
      .On<document::v1::HandlingItemCompleted>(
          [this](Tx& tx, const events::v1::Event&, const document::v1::HandlingItemCompleted& e, const std::any&) {
            return OnHandlingItemMoved(tx, e.item(), /*extended=*/false);
          });
}

EventRoutes SupervisionHandler::PersonnelRoutes() {
  return EscalationRoutes().On<personnel::v1::ObligationOverdue>(
      [this](Tx& tx, const events::v1::Event& event, const personnel::v1::ObligationOverdue& overdue, const std::any&) {
        return OnObligationOverdue(tx, event, overdue.obligation());
      });
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

absl::Status SupervisionHandler::ApplyDeviation(const Call& call, Tx& tx, v1::RecordedDeviation d) {
  Effects fx;
  RETURN_IF_ERROR(AddDeviation(std::move(d), fx));
  Applied applied;
  return Apply(call, tx, fx, applied);
}

absl::Status SupervisionHandler::OnEscalation(Tx& tx, const common::v1::Escalation& e, bool raised) {
  ASSIGN_OR_RETURN(existing, store_.EscalationItemOf(tx, EscalationItemKey(e.service(), e.rule_id(), e.subject())));
  Call call = SystemCall("EscalationFeed");
  Effects fx;
  v1::EscalationItem item = existing.has_value() ? existing->value : v1::EscalationItem();
  const bool changed = raised ? NoteRaised(item, e) : NoteAcknowledged(item, e);
  if (!changed) return absl::OkStatus();
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
  return Apply(call, tx, fx, applied);
}

absl::Status SupervisionHandler::OnObligationOverdue(Tx& tx, const events::v1::Event& event,
                                                     const personnel::v1::Obligation& o) {
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

absl::Status SupervisionHandler::OnDecisionRecorded(Tx& tx, const events::v1::Event& event,
                                                    const meeting::v1::DecisionRecorded& recorded,
                                                    const std::any& gathered) {
  // One task per decision, however the event arrives.
  ASSIGN_OR_RETURN(existing, store_.TaskFrom(tx, recorded.decision().name()));
  if (existing.has_value()) return absl::OkStatus();
  const Lead* lead = std::any_cast<Lead>(&gathered);
  if (lead == nullptr) return absl::InternalError(absl::StrCat(event.id(), " was not prepared"));
  Call call = SystemCall("MeetingFeed");
  Effects fx;
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
  Applied applied;
  return Apply(call, tx, fx, applied);
}

absl::Status SupervisionHandler::OnDecisionDocumentIssued(Tx& tx, const meeting::v1::DecisionDocumentIssued& issued) {
  ASSIGN_OR_RETURN(existing, store_.TaskFrom(tx, issued.decision().name()));
  if (!existing.has_value()) return absl::OkStatus();
  Call call = SystemCall("MeetingFeed");
  Effects fx;
  v1::Task t = existing->value;
  SourceResolved(t,
                 absl::StrCat("document issued: ", issued.decision().document(),
                              issued.decision().working_days_late() > 0
                                  ? absl::StrCat(" (", issued.decision().working_days_late(), " working days late)")
                                  : ""),
                 call.env);
  fx.Update(t, existing->version);
  fx.Audit(t.name(), "SourceResolved", "SUP-14", &existing->value, t, issued.decision().document());
  Applied applied;
  return Apply(call, tx, fx, applied);
}

absl::Status SupervisionHandler::OnDocumentIssued(Tx& tx, const events::v1::Event& event,
                                                  const document::v1::DocumentIssued& issued,
                                                  const std::any& gathered) {
  if (!NeedsNpcFiling(issued.document())) return absl::OkStatus();
  ASSIGN_OR_RETURN(existing, store_.TaskFrom(tx, issued.document().name()));
  if (existing.has_value()) return absl::OkStatus();
  const Lead* lead = std::any_cast<Lead>(&gathered);
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

absl::Status SupervisionHandler::OnHandlingItemOpened(Tx& tx, const events::v1::Event& event,
                                                      const document::v1::HandlingItem& item,
                                                      const std::any& gathered) {
  // One task per item, however the event arrives.
  ASSIGN_OR_RETURN(existing, store_.TaskFrom(tx, item.name()));
  if (existing.has_value()) return absl::OkStatus();
  const Lead* lead = std::any_cast<Lead>(&gathered);
  if (lead == nullptr) return absl::InternalError(absl::StrCat(event.id(), " was not prepared"));
  Call call = SystemCall("DocumentFeed");
  Effects fx;
  v1::Task t = TaskFromHandlingItem(item, event.id());
  t.set_lead_unit(lead->unit.unit);
  ASSIGN_OR_RETURN(name, Names()("tasks"));
  t.set_name(name);
  RETURN_IF_ERROR(OpenTask(t, lead->unit, lead->supervisor, "document-svc", call.env, fx));
  fx.Insert(t);
  fx.Audit(t.name(), "TaskFromHandlingItem", "SUP-15", nullptr, t, item.name());
  Applied applied;
  return Apply(call, tx, fx, applied);
}

absl::Status SupervisionHandler::OnHandlingItemMoved(Tx& tx, const document::v1::HandlingItem& item, bool extended) {
  ASSIGN_OR_RETURN(existing, store_.TaskFrom(tx, item.name()));
  if (!existing.has_value()) return absl::OkStatus();
  Call call = SystemCall("DocumentFeed");
  Effects fx;
  v1::Task t = existing->value;
  if (extended) {
    ExtendedAtSource(t, item, call.env, fx);
  } else {
    CompletedAtSource(t, item, call.env, fx);
  }
  if (google::protobuf::util::MessageDifferencer::Equals(t, existing->value)) return absl::OkStatus();
  fx.Update(t, existing->version);
  fx.Audit(t.name(), extended ? "ExtendedAtSource" : "CompletedAtSource", "SUP-15", &existing->value, t, item.name());
  Applied applied;
  return Apply(call, tx, fx, applied);
}

}  // namespace xianfu::supervision
