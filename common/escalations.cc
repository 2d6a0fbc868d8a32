#include "common/escalations.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "common/deadline_proto.h"
#include "common/errors.h"

namespace xianfu {

using common::v1::Escalation;

BlobTable<Escalation> EscalationTable() {
  return BlobTable<Escalation>(
      "escalations", "escalations",
      {{"assignee", [](const Escalation& e) -> SqlParam { return e.assignee(); }},
       {"state", [](const Escalation& e) -> SqlParam { return int64_t{e.state()}; }},
       {"subject", [](const Escalation& e) -> SqlParam { return e.subject(); }},
       {"create_time", [](const Escalation& e) -> SqlParam { return FromProtoTime(e.create_time()); }}},
      {.string_ids = true, .after_write = nullptr});
}

Filter& RaisedWithin(Filter& filter, std::optional<absl::Time> from, std::optional<absl::Time> to) {
  if (from.has_value()) filter.Where("(create_time IS NULL OR create_time >= ?)", {*from});
  if (to.has_value()) filter.Where("(create_time IS NULL OR create_time < ?)", {*to});
  return filter;
}

absl::StatusOr<Escalation> Escalate(const EscalationSpec& spec, const Env& env, const Namer& names, Effects& fx) {
  Escalation e;
  ASSIGN_OR_RETURN(name, names("escalations"));
  e.set_name(name);
  e.set_rule_id(spec.rule_id);
  ASSIGN_OR_RETURN(citation, env.policy->Cite(spec.rule_id));
  *e.mutable_article() = MakeViolation(citation, "", "").article();
  e.set_subject(spec.subject);
  e.set_assignee(spec.assignee);
  e.set_raised_by(spec.raised_by);
  e.set_message_zh(spec.message_zh);
  e.set_message_en(spec.message_en);
  e.set_state(common::v1::ESCALATION_STATE_OPEN);
  const std::string id = name.substr(name.find('/') + 1);  // "document-7"
  e.set_service(id.substr(0, id.rfind('-')));
  *e.mutable_create_time() = ToProtoTime(env.now);
  fx.Insert(e);
  common::v1::EscalationRaised event;
  *event.mutable_escalation() = e;
  fx.Publish(spec.subject, event);
  fx.Audit(spec.subject, "Escalated", spec.rule_id, nullptr, e,
           absl::StrCat("ESCALATE → ", spec.assignee, " (", name, "): ", spec.message_zh));
  return e;
}

EscalationServiceImpl::EscalationServiceImpl(ServiceContext& context) : HandlerBase(context, context.service) {}

grpc::Status EscalationServiceImpl::GetEscalation(grpc::ServerContext* ctx, const common::v1::GetEscalationRequest* req,
                                                  Escalation* resp) {
  return Answer(ctx, [&](Call&) -> absl::Status {
    ASSIGN_OR_RETURN(e, Load(escalations_, req->name()));
    *resp = std::move(e.value);
    return absl::OkStatus();
  });
}

grpc::Status EscalationServiceImpl::ListEscalations(grpc::ServerContext* ctx,
                                                    const common::v1::ListEscalationsRequest* req,
                                                    common::v1::ListEscalationsResponse* resp) {
  return List<Escalation>(
      ctx, req->page_size(), req->page_token(), "escalations", resp->mutable_escalations(),
      resp->mutable_next_page_token(), [&](Call&, const PageRequest& page) {
        Filter filter;
        filter.Eq("assignee", req->assignee()).Eq("state", int64_t{req->state()}).Eq("subject", req->subject());
        auto at = [](bool set, const google::protobuf::Timestamp& ts) {
          return set ? std::optional<absl::Time>(FromProtoTime(ts)) : std::nullopt;
        };
        RaisedWithin(filter, at(req->has_create_time_from(), req->create_time_from()),
                     at(req->has_create_time_to(), req->create_time_to()));
        return escalations_.ListQuery(filter, page);
      });
}

grpc::Status EscalationServiceImpl::AcknowledgeEscalation(grpc::ServerContext* ctx,
                                                          const common::v1::AcknowledgeEscalationRequest* req,
                                                          Escalation* resp) {
  return Act<Escalation>(
      ctx, "AcknowledgeEscalation", req->request_id(), *req, resp, req->name(), req->etag(), escalations_, "",
      [&](Call& call, Escalation& e, Effects& fx) -> absl::Status {
        if (call.caller.official() != e.assignee()) {
          return absl::PermissionDeniedError(
              absl::StrCat("only ", e.assignee(), " acknowledges what is escalated to him"));
        }
        if (e.state() != common::v1::ESCALATION_STATE_OPEN) {
          return absl::FailedPreconditionError(absl::StrCat(e.name(), " was already acknowledged"));
        }
        e.set_state(common::v1::ESCALATION_STATE_ACKNOWLEDGED);
        *e.mutable_acknowledge_time() = ToProtoTime(call.env.now);
        e.set_acknowledge_note(req->note());
        fx.Note(e.rule_id(), req->note());
        common::v1::EscalationAcknowledged event;
        *event.mutable_escalation() = e;
        fx.Publish(e.subject(), event);
        return absl::OkStatus();
      },
      nullptr, /*etag_required=*/false);
}

absl::Status EscalateEach(const std::vector<std::string>& assignees, EscalationSpec spec, const Env& env,
                          const Namer& names, Effects& fx) {
  std::vector<std::string> done;
  for (const std::string& who : assignees) {
    if (who.empty() || std::find(done.begin(), done.end(), who) != done.end()) continue;
    done.push_back(who);
    spec.assignee = who;
    absl::StatusOr<Escalation> raised = Escalate(spec, env, names, fx);
    if (!raised.ok()) return raised.status();
  }
  return absl::OkStatus();
}

}  // namespace xianfu
