#include "common/handler_base.h"

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "common/errors.h"
#include "common/escalations.h"
#include "common/events.h"
#include "common/guard_lease.h"
#include "common/timers.h"

namespace xianfu {
namespace {

// Every stored record has a string `name` (the BlobTable contract).
std::string RecordName(const google::protobuf::Message& record) {
  const google::protobuf::FieldDescriptor* field = record.GetDescriptor()->FindFieldByName("name");
  return field == nullptr ? std::string() : record.GetReflection()->GetString(record, field);
}

}  // namespace

HandlerBase::HandlerBase(ServiceContext& context, std::string service)
    : context_(context),
      db_(*context.db),
      platform_(*context.platform),
      service_(std::move(service)),
      system_caller_{absl::StrCat("clients/", service_, "-svc"), "", AdminRole::kNone},
      ids_(context.db),
      escalations_(EscalationTable()) {
  tables_.Add(&escalations_);
}

Env HandlerBase::CurrentEnv(std::shared_ptr<const Calendar> calendar) const {
  const absl::Time now = platform_.clock().Now();
  return Env{now, LocalDay(now), calendar ? std::move(calendar) : platform_.calendar(), &platform_.policy()};
}

Call HandlerBase::SystemCall(absl::string_view what, std::shared_ptr<const Calendar> calendar) {
  return Call{system_caller_, nullptr, CurrentEnv(std::move(calendar)), std::string(what), ""};
}

Namer HandlerBase::Names() {
  return [this](absl::string_view collection) -> absl::StatusOr<std::string> {
    ASSIGN_OR_RETURN(table, tables_.ForCollection(collection));
    ASSIGN_OR_RETURN(id, ids_.Next(table->table()));
    // Escalations of every service meet on the supervision ledger: their names say whose they are.
    if (collection == "escalations") return absl::StrCat(collection, "/", service_, "-", id);
    return absl::StrCat(collection, "/", id);
  };
}

grpc::Status HandlerBase::Read(grpc::ServerContext* ctx, const std::function<absl::Status(Call&, Tx&)>& fn) {
  return Serve(ctx, [&](const Caller& caller) {
    return db_.Read([&](Tx& tx) {
      Call call{caller, ctx, CurrentEnv(), "", ""};
      return fn(call, tx);
    });
  });
}

grpc::Status HandlerBase::Answer(grpc::ServerContext* ctx, const std::function<absl::Status(Call&)>& fn) {
  return Serve(ctx, [&](const Caller& caller) {
    Call call{caller, ctx, CurrentEnv(), "", ""};
    return fn(call);
  });
}

bool CallerGaveUp(absl::Time now, absl::Time deadline, absl::Duration gathered,
                  const std::function<bool()>& cancelled) {
  if (now >= deadline) return true;
  return gathered >= kSlowGather && cancelled();
}

absl::Status CiteStepRule(const Call& call, absl::Status refusal) {
  if (refusal.code() != absl::StatusCode::kFailedPrecondition || GetRuleViolation(refusal).has_value() ||
      call.ctx == nullptr) {
    return refusal;
  }
  const common::v1::Access* access = DeclaredAccessOf(call.ctx);
  if (access == nullptr || access->rule_id().empty()) return refusal;
  absl::Status cited = call.policy().Refuse(absl::StatusCode::kFailedPrecondition, access->rule_id(),
                                            "该事项当前所处状态不能办理此项", refusal.message());
  return cited.code() == absl::StatusCode::kFailedPrecondition ? cited : refusal;
}

grpc::Status HandlerBase::Run(grpc::ServerContext* ctx, absl::string_view method, const std::string& request_id,
                              const google::protobuf::Message& req, google::protobuf::Message* resp,
                              const std::function<absl::StatusOr<Applier>(Call&)>& decide) {
  return Serve(ctx, [&](const Caller& caller) -> absl::Status {
    if (request_id.size() > 128) return absl::InvalidArgumentError("request_id is longer than 128 characters");
    const RequestKey key = KeyOf(caller, method, request_id, req);
    // A refusal or a lost race may be the retry of a request that already succeeded (its first
    // attempt moved the record on): then the stored answer is the answer.
    auto replay_or = [&](absl::Status failure) { return StoredAnswerOr(db_, key, resp, std::move(failure)); };
    constexpr int kAttempts = 3;
    for (int attempt = 1;; ++attempt) {
      const absl::Time started = absl::Now();
      Call call{caller, ctx, CurrentEnv(), std::string(method), request_id};
      absl::StatusOr<Applier> applier = decide(call);
      if (!applier.ok()) return replay_or(CiteStepRule(call, applier.status()));
      const absl::Time now = absl::Now();
      if (ctx != nullptr &&
          CallerGaveUp(now, absl::FromChrono(ctx->deadline()), now - started, [ctx] { return ctx->IsCancelled(); })) {
        return absl::CancelledError("the caller cancelled the request or its deadline passed; nothing was changed");
      }
      Applied applied;
      absl::Status status = db_.Transact([&](Tx& tx) -> absl::Status {
        applied = Applied();
        RETURN_IF_ERROR((*applier)(tx, applied));
        if (!applied.remember) return absl::OkStatus();
        return StoreResponse(tx, key, *resp);
      });
      if (status.ok()) {
        if (applied.published) platform_.Nudge();
        OnCommitted(applied);
        return applied.answer;
      }
      if (IsStaleVersion(status) && attempt < kAttempts) continue;
      return replay_or(status);
    }
  });
}

grpc::Status HandlerBase::Perform(grpc::ServerContext* ctx, absl::string_view method, const std::string& request_id,
                                  const google::protobuf::Message& req, google::protobuf::Message* resp,
                                  const std::function<absl::Status(Call&, Effects&)>& decide) {
  return Run(ctx, method, request_id, req, resp, [&](Call& call) -> absl::StatusOr<Applier> {
    auto effects = std::make_shared<Effects>();
    RETURN_IF_ERROR(decide(call, *effects));
    return Applier([this, &call, effects](Tx& tx, Applied& applied) { return Apply(call, tx, *effects, applied); });
  });
}

absl::Status HandlerBase::Apply(const Call& call, Tx& tx, const Effects& effects, Applied& applied) {
  for (const auto& [guard, version] : effects.guards()) {
    ASSIGN_OR_RETURN(moved, tx.Exec("UPDATE version_guards SET version = version + 1 WHERE name = ? AND version = ?",
                                    {guard, version}));
    if (moved == 0 && version == 0) {
      absl::StatusOr<int64_t> first = tx.Exec("INSERT INTO version_guards (name, version) VALUES (?, 1)", {guard});
      if (first.ok()) moved = 1;
      if (!first.ok() && first.status().code() != absl::StatusCode::kAlreadyExists) return first.status();
    }
    if (moved == 0) {
      OnStaleGuard(guard);
      return internal::CheckOneRowChanged(moved, guard);
    }
    // Answers read at the old version may be relied on under a lease: commit after they ran out.
    RETURN_IF_ERROR(AwaitGuardLeases(tx, guard));
    applied.guards_moved.push_back(guard);
  }
  absl::flat_hash_set<std::string> created;  // records inserted now: their audit chains are new
  for (const RecordWrite& w : effects.writes()) {
    ASSIGN_OR_RETURN(table, tables_.For(*w.record));
    RETURN_IF_ERROR(table->Write(tx, *w.record, w.expected_version, w.before.get()));
    if (w.expected_version == 0) created.insert(RecordName(*w.record));
  }
  for (const AuditOut& a : effects.audits()) {
    AuditRecord r;
    r.chain = a.resource;
    r.resource = a.resource;
    r.action = a.action.empty() ? call.method : a.action;
    r.occurred_at = call.env.now;
    SetCaller(r, call.caller);
    r.acting_for = a.acting_for;
    r.rule_id = a.rule_id;
    if (!a.rule_id.empty()) {
      absl::StatusOr<RuleCitation> c = call.policy().Cite(a.rule_id);
      if (c.ok()) r.article = FormatArticleZh(c->article, c->paragraph, c->item);
    }
    r.policy_version = call.policy().version();
    r.calendar_version = call.env.calendar->version();
    r.request_id = call.request_id;
    r.before_digest = a.before_digest;
    r.after_digest = a.after_digest;
    r.detail = a.detail;
    r.new_chain = a.before_digest.empty() && created.erase(a.resource) > 0;
    r.head = a.head;
    RETURN_IF_ERROR(platform_.audit().Append(tx, r));
  }
  for (const EventOut& e : effects.events()) {
    RETURN_IF_ERROR(PublishEvent(tx, service_, e.subject, *e.payload, call.env.now, call.actor()));
    applied.published = true;
  }
  // Timers armed in a row go as one statement; a cancel keeps its place between them.
  std::vector<TimerArm> arming;
  for (const TimerOut& t : effects.timers()) {
    if (t.cancel) {
      ScheduleTimers(tx, arming);
      arming.clear();
      RETURN_IF_ERROR(CancelTimer(tx, t.kind, t.subject));
    } else {
      arming.push_back({t.kind, t.subject, t.due, t.payload, t.calendar_version});
    }
  }
  ScheduleTimers(tx, arming);
  applied.remember = applied.remember && effects.remember();
  if (!effects.answer().ok() && applied.answer.ok()) applied.answer = effects.answer();
  return absl::OkStatus();
}

}  // namespace xianfu
