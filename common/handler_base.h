// The shape every handler shares. A read is one transaction without locks. A write is a verb in
// three steps:
//   gather  — outside any transaction: validate, load what the verb acts on (no locks), ask
//             other services (the organisation directory) in one round trip;
//   decide  — a pure domain function of (record, facts, input, policy, now) that changes the
//             record and fills an Effects, or refuses citing its rule;
//   apply   — one transaction, the same for every verb: version-checked writes, audit entries,
//             events to the outbox, timers, and the response under its request id.
// A handler class derives from HandlerBase and from its generated gRPC service; its methods
// only authorise, translate, gather and call the domain.
#ifndef XIANFU_COMMON_HANDLER_BASE_H_
#define XIANFU_COMMON_HANDLER_BASE_H_

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "common/audit.h"
#include "common/effects.h"
#include "common/idempotency.h"
#include "common/platform.h"
#include "common/record_table.h"
#include "common/server.h"
#include "common/status_macros.h"
#include "google/protobuf/repeated_ptr_field.h"
#include "google/protobuf/util/message_differencer.h"
#include "xianfu/common/v1/escalation.pb.h"

namespace xianfu {

// Declares a handler's override of one generated RPC method; a service's handler.h lists its
// methods with it, in the namespace where `v1` names its API.
#define XIANFU_RPC(Method, Request, Response) \
  grpc::Status Method(grpc::ServerContext* ctx, const v1::Request* req, v1::Response* resp) override;

// Everything one RPC works with: who calls, when, under which policy and calendar.
struct Call {
  const Caller& caller;
  grpc::ServerContext* ctx;  // null for the service's own work (timers, calendar changes)
  Env env;
  std::string method;
  std::string request_id;

  const Policy& policy() const { return *env.policy; }
  // The official the act is attributed to; administrators and system clients act as themselves.
  std::string actor() const { return caller.official().empty() ? caller.subject : caller.official(); }
};

// Whether the caller gave up while a verb gathered, before its transaction opens: its deadline
// passed, or it cancelled. Asking gRPC about a cancel (`cancelled`) polls the connection, a
// system call that cost a tenth of a write's CPU when made on every verb, so it is asked only
// after a gather slow enough (kSlowGather) for a caller to give up during it; a fast verb a
// caller cancelled still commits, which its request id makes harmless.
inline constexpr absl::Duration kSlowGather = absl::Milliseconds(10);
bool CallerGaveUp(absl::Time now, absl::Time deadline, absl::Duration gathered, const std::function<bool()>& cancelled);

// A verb refused for the state of what it acts on (FAILED_PRECONDITION) without naming a rule of
// its own cites the rule its method carries out (the method's declaration), as an admitted
// caller's unqualified PERMISSION_DENIED does (Serve): every refusal names its rule and article.
absl::Status CiteStepRule(const Call& call, absl::Status refusal);

// What the apply step reports back to the runner.
struct Applied {
  bool remember = true;                   // store the response under the request id
  bool published = false;                 // events went to the outbox: wake the publisher
  absl::Status answer;                    // a refusal that commits (see Effects::AnswerWith)
  std::vector<std::string> guards_moved;  // see Effects::Guard
};

class HandlerBase {
 public:
  virtual ~HandlerBase() = default;

 protected:
  HandlerBase(ServiceContext& context, std::string service);

  // --- reads ----------------------------------------------------------------------------------

  // One read transaction: plain SELECTs, no row locks.
  grpc::Status Read(grpc::ServerContext* ctx, const std::function<absl::Status(Call&, Tx&)>& fn);
  // An answer without a transaction of its own: from memory, a pure computation, or a record
  // read with Load (one round trip where Read takes two: the SELECT, then the COMMIT).
  grpc::Status Answer(grpc::ServerContext* ctx, const std::function<absl::Status(Call&)>& fn);

  // One page of a List RPC: parses page_size and page_token, builds the page's statement
  // (`query`, which validates the request's filters) before taking a connection, sends it with
  // the COMMIT (one round trip) and fills the response.
  template <typename M>
  grpc::Status List(grpc::ServerContext* ctx, int32_t page_size, const std::string& page_token,
                    absl::string_view list_name, google::protobuf::RepeatedPtrField<M>* items, std::string* next_token,
                    const std::function<absl::StatusOr<PageQuery<M>>(Call&, const PageRequest&)>& query) {
    return Serve(ctx, [&](const Caller& caller) -> absl::Status {
      ASSIGN_OR_RETURN(page, ParsePage(page_size, page_token, list_name));
      Call call{caller, ctx, CurrentEnv(), "", ""};
      ASSIGN_OR_RETURN(q, query(call, page));
      ASSIGN_OR_RETURN(result, ReadPage(db_, q));
      for (M& m : result.items) *items->Add() = std::move(m);
      *next_token = std::move(result.next_page_token);
      return absl::OkStatus();
    });
  }

  // A record by name, outside any transaction (the gather step): one round trip, its COMMIT
  // included.
  template <typename M>
  absl::StatusOr<Versioned<M>> Load(const BlobTable<M>& table, absl::string_view name) {
    ASSIGN_OR_RETURN(get, table.GetStatement(name));
    absl::StatusOr<Versioned<M>> out = absl::InternalError("not read");
    RETURN_IF_ERROR(db_.Read([&](Tx& tx) -> absl::Status {
      ASSIGN_OR_RETURN(rows, tx.QueryAndCommit({std::move(get)}));
      out = table.FromGet(rows[0], name);
      return out.status();
    }));
    return out;
  }

  // A record and its audit chain's last entry, in one round trip (Act's gather step): the
  // verb's audit entry then needs no read inside the transaction.
  template <typename M>
  absl::StatusOr<std::pair<Versioned<M>, ChainHead>> LoadWithChainHead(const BlobTable<M>& table,
                                                                       absl::string_view name) {
    ASSIGN_OR_RETURN(get, table.GetStatement(name));
    std::optional<Versioned<M>> record;
    ChainHead head;
    RETURN_IF_ERROR(db_.Read([&](Tx& tx) -> absl::Status {
      ASSIGN_OR_RETURN(rows, tx.QueryAndCommit({std::move(get), LastAuditEntryQuery(std::string(name))}));
      ASSIGN_OR_RETURN(found, table.FromGet(rows[0], name));
      ASSIGN_OR_RETURN(last, ChainHeadFrom(rows[1]));
      record = std::move(found);
      head = std::move(last);
      return absl::OkStatus();
    }));
    return std::pair<Versioned<M>, ChainHead>{*std::move(record), std::move(head)};
  }

  // Names for records about to be created (by collection), so a decision can refer to them.
  Namer Names();

  // --- writes: gather → decide → apply ----------------------------------------------------------

  // What a verb does inside the apply transaction: usually Apply(call, tx, effects, applied).
  using Applier = std::function<absl::Status(Tx&, Applied&)>;

  // The runner under every write. `decide` gathers and decides outside any transaction and
  // returns the apply step; the runner opens the transaction, applies, stores the response
  // under the request id (a retry gets it back; nothing is done twice), and decides again on
  // fresh data when a version-checked write lost a race (at most three attempts). A caller who
  // has cancelled changes nothing.
  grpc::Status Run(grpc::ServerContext* ctx, absl::string_view method, const std::string& request_id,
                   const google::protobuf::Message& req, google::protobuf::Message* resp,
                   const std::function<absl::StatusOr<Applier>(Call&)>& decide);

  // A verb whose effects are all the decision's own (several records, none of them "the"
  // resource): `decide` fills the effects and the response.
  grpc::Status Perform(grpc::ServerContext* ctx, absl::string_view method, const std::string& request_id,
                       const google::protobuf::Message& req, google::protobuf::Message* resp,
                       const std::function<absl::Status(Call&, Effects&)>& decide);

  // A new record: `decide` names it (Names()) and fills it and the effects; the apply step
  // inserts it with an audit entry under `rule_id` (or the effects' note). The response is the
  // record with its first etag.
  template <typename M>
  grpc::Status Create(grpc::ServerContext* ctx, absl::string_view method, const std::string& request_id,
                      const google::protobuf::Message& req, M* resp, const BlobTable<M>& table,
                      const std::string& rule_id, const std::function<absl::Status(Call&, M&, Effects&)>& decide) {
    return Run(ctx, method, request_id, req, resp, [&](Call& call) -> absl::StatusOr<Applier> {
      auto record = std::make_shared<M>();
      auto effects = std::make_shared<Effects>();
      RETURN_IF_ERROR(decide(call, *record, *effects));
      return Applier([this, &call, &table, &rule_id, record, effects, resp](Tx& tx, Applied& applied) {
        Effects all;
        all.Insert(*record);
        all.Audit(record->name(), call.method, effects->note_rule_id().empty() ? rule_id : effects->note_rule_id(),
                  nullptr, *record, effects->note_detail(), effects->note_acting_for());
        all.Append(*effects);
        RETURN_IF_ERROR(Apply(call, tx, all, applied));
        *resp = *record;
        if constexpr (requires(M m) { m.set_etag(""); }) resp->set_etag(EtagOf(1));
        return absl::OkStatus();
      });
    });
  }

  // A workflow verb on a stored record: load it (no lock), let `decide` authorise, change it and
  // fill the effects, check the caller's etag (stale: ABORTED; an update-like verb may make it
  // optional), then `in_tx` (optional: facts that must be read under the transaction's locks, such
  // as the next gapless number) and the apply step, which writes it only if nobody changed it
  // meanwhile. The response is the record with its new etag.
  template <typename M>
  grpc::Status Act(grpc::ServerContext* ctx, absl::string_view method, const std::string& request_id,
                   const google::protobuf::Message& req, M* resp, const std::string& name, const std::string& etag,
                   const BlobTable<M>& table, const std::string& rule_id,
                   const std::function<absl::Status(Call&, M&, Effects&)>& decide,
                   const std::function<absl::Status(Call&, Tx&, M&, Effects&)>& in_tx = nullptr,
                   bool etag_required = true) {
    return Run(ctx, method, request_id, req, resp, [&](Call& call) -> absl::StatusOr<Applier> {
      ASSIGN_OR_RETURN(loaded, LoadWithChainHead(table, name));
      auto& [current, head] = loaded;
      auto before = std::make_shared<M>(current.value);
      auto record = std::make_shared<M>(std::move(current.value));
      auto effects = std::make_shared<Effects>();
      // The decision first, as it authorises: a caller who may not act learns nothing of versions.
      // A caller who may, acting on a version that has moved on, is told so (ABORTED) rather than
      // what the new version would make of the act.
      const absl::Status decided = decide(call, *record, *effects);
      const absl::Status fresh = CheckEtag(etag, current.version, etag_required);
      if (!decided.ok()) {
        const bool stale = fresh.code() == absl::StatusCode::kAborted;
        return decided.code() != absl::StatusCode::kPermissionDenied && stale ? fresh : decided;
      }
      RETURN_IF_ERROR(fresh);
      const int64_t version = current.version;
      return Applier([this, &call, &rule_id, &in_tx, before, record, effects, version, head = head, resp](
                         Tx& tx, Applied& applied) {
        M after = *record;
        Effects decided = *effects;
        if (in_tx) RETURN_IF_ERROR(in_tx(call, tx, after, decided));
        Effects all;
        // A refusal whose other effects commit (an escalation) leaves the record as it was.
        const bool unchanged =
            !decided.answer().ok() && google::protobuf::util::MessageDifferencer::Equals(*before, after);
        if (!unchanged) {
          all.Update(after, version, std::shared_ptr<const M>(before));
          all.Audit(after.name(), call.method, decided.note_rule_id().empty() ? rule_id : decided.note_rule_id(),
                    before.get(), after, decided.note_detail(), decided.note_acting_for(), head);
        }
        all.Append(std::move(decided));
        RETURN_IF_ERROR(Apply(call, tx, all, applied));
        *resp = after;
        if constexpr (requires(M m) { m.set_etag(""); }) resp->set_etag(EtagOf(unchanged ? version : version + 1));
        return absl::OkStatus();
      });
    });
  }

  // The apply step: writes (version-checked), audit entries, events, timers, in `tx`.
  absl::Status Apply(const Call& call, Tx& tx, const Effects& effects, Applied& applied);

  // --- the service's own work ----------------------------------------------------------------

  // A call made by the service itself (timers, calendar changes, feeds).
  Call SystemCall(absl::string_view what, std::shared_ptr<const Calendar> calendar = nullptr);

  // A timer kind whose subject names a record of `table`: when it fires, the record is read and
  // `decide` says what happens (nothing, when the record has moved on); the effects are applied
  // in the timer's own transaction, so it fires exactly once.
  template <typename M>
  void OnTimer(Platform& platform, const std::string& kind, const BlobTable<M>& table,
               std::function<absl::Status(const Timer&, const Versioned<M>&, const Env&, Effects&)> decide) {
    platform.timers().Register(kind, [this, &table, decide = std::move(decide)](Tx& tx, const Timer& timer) {
      Call call = SystemCall(timer.kind);
      ASSIGN_OR_RETURN(current, table.Get(tx, timer.subject));
      Effects effects;
      RETURN_IF_ERROR(decide(timer, current, call.env, effects));
      Applied applied;
      return Apply(call, tx, effects, applied);
    });
  }

  // When a new calendar is loaded: every record of `table` matching `where` is offered to
  // `decide`, which recomputes the deadlines counted in working days and says what moved; one
  // transaction per page of records.
  template <typename M>
  void OnCalendarChange(
      Platform& platform, const BlobTable<M>& table, std::string where, std::vector<SqlParam> params,
      std::function<absl::Status(const Versioned<M>&, const CalendarUpdate&, const Env&, Effects&)> decide) {
    platform.OnCalendarChange([this, &table, where = std::move(where), params = std::move(params),
                               decide = std::move(decide)](const CalendarUpdate& update) -> absl::Status {
      Call call = SystemCall("CalendarChanged", update.current);
      PageRequest page{200, ""};
      for (;;) {
        std::string last;
        int seen = 0;
        RETURN_IF_ERROR(db_.Transact([&](Tx& tx) -> absl::Status {
          ASSIGN_OR_RETURN(batch, table.List(tx, where, params, page));
          seen = static_cast<int>(batch.items.size());
          Effects effects;
          for (const M& m : batch.items) {
            last = m.name().substr(table.collection().size() + 1);
            ASSIGN_OR_RETURN(current, table.Get(tx, m.name()));
            RETURN_IF_ERROR(decide(current, update, call.env, effects));
          }
          Applied applied;
          return Apply(call, tx, effects, applied);
        }));
        if (seen < page.limit) return absl::OkStatus();
        page.after = last;
      }
    });
  }

  // After a verb's transaction committed (a service drops what it cached of the state it moved).
  virtual void OnCommitted(const Applied& applied) {}
  // After a version guard lost a race (a service refreshes its view before deciding again).
  virtual void OnStaleGuard(const std::string& guard) {}

  // --- parts ---------------------------------------------------------------------------------
  Env CurrentEnv(std::shared_ptr<const Calendar> calendar = nullptr) const;

  ServiceContext& context_;
  Database& db_;
  Platform& platform_;
  const std::string service_;
  const Caller system_caller_;
  TableRegistry tables_;
  IdAllocator ids_;
  // Every service may escalate (common/escalations.h).
  const BlobTable<common::v1::Escalation> escalations_;
};

// A module's gRPC service as make_services returns it: its background work registered and the
// history API's question put to it (MayReadHistory). Every service's definition ends with it.
template <typename Handler>
std::vector<std::unique_ptr<grpc::Service>> ServeModule(ServiceContext& context, std::unique_ptr<Handler> handler) {
  handler->RegisterBackgroundWork(*context.platform);
  Handler* parties = handler.get();
  context.history_access = [parties](const Call& call, const std::string& resource) {
    return parties->MayReadHistory(call, resource);
  };
  std::vector<std::unique_ptr<grpc::Service>> services;
  services.push_back(std::move(handler));
  return services;
}

}  // namespace xianfu

#endif  // XIANFU_COMMON_HANDLER_BASE_H_
