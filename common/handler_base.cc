#include "common/handler_base.h"

#include "absl/strings/str_cat.h"
#include "common/errors.h"
#include "common/idempotency.h"

namespace xianfu {

HandlerBase::HandlerBase(ServiceContext& context, std::string service)
    : context_(context),
      db_(*context.db),
      platform_(*context.platform),
      service_(std::move(service)),
      system_caller_{absl::StrCat("clients/", service_, "-svc"), "", AdminRole::kNone} {}

grpc::Status HandlerBase::Mutate(grpc::ServerContextBase* ctx, absl::string_view method, const std::string& request_id,
                                 const google::protobuf::Message& req, google::protobuf::Message* resp,
                                 const std::function<absl::Status(Call&)>& fn) {
  bool wrote_events = false;
  bool remember = true;
  grpc::Status status = Serve(ctx, [&](const Caller& caller) {
    return RunOnce(
        db_, caller, method, request_id, req, resp,
        [&](Tx& tx) {
          const absl::Time now = platform_.clock().Now();
          Call call{caller, tx, now, LocalDay(now), platform_.calendar(), platform_.policy(), request_id};
          absl::Status s = fn(call);
          wrote_events = call.wrote_events;
          remember = call.remember_response;
          return s;
        },
        &remember);
  });
  if (status.ok() && wrote_events) platform_.Nudge();
  return status;
}

grpc::Status HandlerBase::Read(grpc::ServerContextBase* ctx, const std::function<absl::Status(Call&)>& fn) {
  return Serve(ctx, [&](const Caller& caller) {
    return db_.Transact([&](Tx& tx) {
      const absl::Time now = platform_.clock().Now();
      Call call{caller, tx, now, LocalDay(now), platform_.calendar(), platform_.policy(), ""};
      return fn(call);
    });
  });
}

absl::Status HandlerBase::AsSystem(Tx& tx, const std::function<absl::Status(Call&)>& fn,
                                   std::shared_ptr<const Calendar> calendar) {
  const absl::Time now = platform_.clock().Now();
  Call call{system_caller_,     tx, now, LocalDay(now), calendar ? std::move(calendar) : platform_.calendar(),
            platform_.policy(), ""};
  return fn(call);
}

absl::Status HandlerBase::Audit(Call& call, const std::string& chain, const std::string& action,
                                const std::string& rule_id, const google::protobuf::Message* before,
                                const google::protobuf::Message& after, const std::string& detail,
                                const std::string& acting_for) {
  AuditRecord r;
  r.chain = chain;
  r.resource = chain;
  r.action = action;
  r.occurred_at = call.now;
  SetCaller(r, call.caller);
  r.acting_for = acting_for;
  r.rule_id = rule_id;
  if (!rule_id.empty()) {
    absl::StatusOr<RuleCitation> c = call.policy.Cite(rule_id);
    if (c.ok()) r.article = FormatArticleZh(c->article, c->paragraph, c->item);
  }
  r.policy_version = call.policy.version();
  r.calendar_version = call.calendar->version();
  r.request_id = call.request_id;
  if (before != nullptr) r.before_digest = DigestOf(*before);
  r.after_digest = DigestOf(after);
  r.detail = detail;
  return platform_.audit().Append(call.tx, r);
}

absl::Status HandlerBase::Publish(Call& call, const std::string& subject, const google::protobuf::Message& event) {
  call.wrote_events = true;
  return PublishEvent(call.tx, service_, subject, event, call.now, call.actor());
}

}  // namespace xianfu
