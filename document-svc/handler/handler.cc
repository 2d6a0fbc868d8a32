#include "document-svc/handler/handler.h"

#include "absl/strings/str_cat.h"
#include "common/deadline_proto.h"
#include "common/errors.h"

namespace xianfu::document {

DocumentHandler::DocumentHandler(ServiceContext& context, std::unique_ptr<org::Directory> directory)
    : HandlerBase(context, "document"), directory_(std::move(directory)) {
  store_.Register(tables_);
}

absl::StatusOr<Person> DocumentHandler::Me(const Call& call) {
  return directory_->CallerAlone(call.ctx, call.caller, call.env.now);
}

absl::Status DocumentHandler::SeeDocument(const Call& call, Tx& tx, const Person& me, const v1::Document& d) {
  if (!IsClassified(d)) return absl::OkStatus();
  const std::string& who = me.official;
  const bool allowed = me.InUnit(d.unit()) || who == d.routed_leader() || who == d.acting_leader() ||
                       who == d.addressed_leader() || me.Has("R-OFFICE") || me.Has("R-CH");
  if (!allowed) {
    return call.policy().Refuse(absl::StatusCode::kPermissionDenied, "DIS-21", "涉密公文登记信息仅限相关人员知悉",
                                "a classified registration is shown only to those who handle it");
  }
  const char* level = d.classification() == v1::CLASSIFICATION_JUEMI  ? "绝密"
                      : d.classification() == v1::CLASSIFICATION_JIMI ? "机密"
                                                                      : "秘密";
  AuditRecord r = ReadRecord(call.caller, d.name(), level, call.env.now);
  r.rule_id = "DIS-21";
  r.policy_version = call.policy().version();
  r.calendar_version = call.env.calendar->version();
  return platform_.audit().Append(tx, r);
}

absl::Status DocumentHandler::RequireResponsibleLeader(const Call& call, const v1::Countersign& c) {
  org::Questions q(call.env.now);
  org::UnitQ unit_q = q.Unit(c.requested_unit());
  ASSIGN_OR_RETURN(answers, directory_->Ask(call.ctx, q));
  ASSIGN_OR_RETURN(unit, answers.Get(unit_q));
  if (!unit.IsResponsibleLeader(call.actor())) {
    return absl::PermissionDeniedError(
        absl::StrCat("a countersign of ", unit.unit, " is answered by its principal or deputy head"));
  }
  return absl::OkStatus();
}

grpc::Status DocumentHandler::ActOnDocument(
    grpc::ServerContext* ctx, absl::string_view method, const std::string& request_id,
    const google::protobuf::Message& req, v1::Document* resp, const std::string& name, const std::string& etag,
    const std::string& rule_id, const std::function<absl::Status(Call&, v1::Document&, Effects&)>& decide,
    const std::function<absl::Status(Call&, Tx&, v1::Document&, Effects&)>& in_tx) {
  return Act<v1::Document>(
      ctx, method, request_id, req, resp, name, etag, store_.documents, rule_id,
      [&](Call& call, v1::Document& d, Effects& fx) -> absl::Status {
        RETURN_IF_ERROR(decide(call, d, fx));
        if (fx.answer().ok()) *d.mutable_update_time() = ToProtoTime(call.env.now);  // a refusal changes nothing
        return absl::OkStatus();
      },
      in_tx);
}

absl::Status DocumentHandler::MayReadHistory(const Call& call, const std::string& resource) {
  ASSIGN_OR_RETURN(me, Me(call));
  if (me.Has("R-OFFICE")) return absl::OkStatus();
  std::vector<std::string> parties, units;
  RETURN_IF_ERROR(db_.Read([&](Tx& tx) -> absl::Status {
    const std::string collection = resource.substr(0, resource.find('/'));
    if (collection == "documents") {
      ASSIGN_OR_RETURN(d, store_.documents.Get(tx, resource));
      const v1::Document& doc = d.value;
      units = {doc.unit()};
      parties = {doc.routed_leader(), doc.acting_leader(), doc.addressed_leader(),
                 doc.created_by(),    doc.signer(),        doc.sign_off().signed_by()};
      for (const v1::Endorsement& e : doc.endorsements()) parties.push_back(e.official());
      for (const auto& r : doc.sign_off().reviews()) parties.push_back(r.official());
    } else if (collection == "countersigns") {
      ASSIGN_OR_RETURN(c, store_.countersigns.Get(tx, resource));
      units = {c.value.lead_unit(), c.value.requested_unit()};
    } else if (collection == "handlingItems") {
      ASSIGN_OR_RETURN(i, store_.handling_items.Get(tx, resource));
      units = {i.value.handling_unit()};
      parties = {i.value.instructing_leader()};
    }
    return absl::OkStatus();
  }));
  for (const std::string& p : parties) {
    if (!p.empty() && p == me.official) return absl::OkStatus();
  }
  for (const std::string& u : units) {
    if (me.InUnit(u)) return absl::OkStatus();
  }
  return absl::PermissionDeniedError(resource.empty() ? "everyone's history is shown to the county government office"
                                                      : absl::StrCat("the history of ", resource.substr(0, 80),
                                                                     " is shown to its parties and the office"));
}

void DocumentHandler::RegisterBackgroundWork(Platform& platform) {
  // A new calendar (next year's notice) moves pending countersign deadlines counted in it.
  OnCalendarChange<v1::Countersign>(platform, store_.countersigns, "state = ?",
                                    {int64_t{v1::COUNTERSIGN_STATE_PENDING}}, RecomputeCountersignDeadline);
  OnTimer<v1::Countersign>(platform, "countersign.deemed", store_.countersigns,
                           [](const Timer& timer, const Versioned<v1::Countersign>& c, const Env&, Effects& fx) {
                             return DeemNoObjection(c, timer.due_at, fx);
                           });
  OnTimer<v1::Countersign>(platform, "countersign.reminder", store_.countersigns,
                           [](const Timer&, const Versioned<v1::Countersign>& c, const Env&, Effects& fx) {
                             return RemindCountersign(c, fx);
                           });
  OnTimer<v1::HandlingItem>(
      platform, "handling.breach", store_.handling_items,
      [](const Timer&, const Versioned<v1::HandlingItem>& item, const Env&, Effects& fx) { return Breach(item, fx); });
  OnTimer<v1::Document>(
      platform, "normative.filing_due", store_.documents,
      [](const Timer&, const Versioned<v1::Document>& d, const Env&, Effects& fx) { return FilingOverdue(d, fx); });
}

}  // namespace xianfu::document
