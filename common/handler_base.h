// What every service's handler layer shares: authenticate, run one transaction (idempotent by
// request id for mutations), audit, publish events. A handler class derives from HandlerBase
// and from its generated gRPC service.
#ifndef XIANFU_COMMON_HANDLER_BASE_H_
#define XIANFU_COMMON_HANDLER_BASE_H_

#include <functional>
#include <memory>
#include <string>

#include "common/blob_store.h"
#include "common/idempotency.h"
#include "common/platform.h"
#include "common/server.h"

namespace xianfu {

// Everything one RPC works with: who calls, when, under which policy and calendar.
struct Call {
  const Caller& caller;
  Tx& tx;
  absl::Time now;
  absl::CivilDay today;
  std::shared_ptr<const Calendar> calendar;
  const Policy& policy;
  std::string request_id;
  bool wrote_events = false;
  // False for an outcome that commits but must not be replayed to a retry (see RunOnce).
  bool remember_response = true;

  // The official the act is attributed to; administrators and system clients act as themselves.
  std::string actor() const { return caller.official().empty() ? caller.subject : caller.official(); }
};

class HandlerBase {
 protected:
  HandlerBase(ServiceContext& context, std::string service);

  // A mutation: authenticated, idempotent by request id, one transaction; wakes the event
  // publisher when it wrote events.
  grpc::Status Mutate(grpc::ServerContextBase* ctx, absl::string_view method, const std::string& request_id,
                      const google::protobuf::Message& req, google::protobuf::Message* resp,
                      const std::function<absl::Status(Call&)>& fn);
  // A read: authenticated, one transaction.
  grpc::Status Read(grpc::ServerContextBase* ctx, const std::function<absl::Status(Call&)>& fn);
  // Work of the service itself (timers, calendar changes) in the caller's transaction.
  absl::Status AsSystem(Tx& tx, const std::function<absl::Status(Call&)>& fn,
                        std::shared_ptr<const Calendar> calendar = nullptr);

  // What a transition tells its audit entry besides the before/after digests.
  struct Note {
    std::string acting_for;
    std::string detail;
    // Replaces the transition's rule when it depends on the resource (e.g. an obligation's rule).
    std::string rule_id;
  };

  // A workflow verb on a stored resource: parse its name, load it for update, check the etag
  // the caller saw (stale: ABORTED), let `fn` change it, store it, audit `method` under
  // `rule_id`. The response is the changed resource with its new etag.
  template <typename M>
  grpc::Status Transition(grpc::ServerContextBase* ctx, absl::string_view method, const std::string& request_id,
                          const google::protobuf::Message& req, M* resp, const std::string& name,
                          absl::string_view collection, const std::string& etag, const std::string& rule_id,
                          const std::function<absl::StatusOr<Versioned<M>>(Tx&, int64_t)>& get,
                          const std::function<absl::Status(Tx&, int64_t, int64_t, const M&)>& update,
                          const std::function<absl::Status(Call&, M&, Note&)>& fn) {
    return Mutate(ctx, method, request_id, req, resp, [&](Call& call) -> absl::Status {
      absl::StatusOr<int64_t> id = NumericIdOf(name, collection);
      if (!id.ok()) return id.status();
      absl::StatusOr<Versioned<M>> current = get(call.tx, *id);
      if (!current.ok()) return current.status();
      if (absl::Status s = CheckEtag(etag, current->version, /*required=*/true); !s.ok()) return s;
      const M before = current->value;
      M& m = current->value;
      Note note;
      if (absl::Status s = fn(call, m, note); !s.ok()) return s;
      if (absl::Status s = update(call.tx, *id, current->version, m); !s.ok()) return s;
      m.set_etag(EtagOf(current->version + 1));
      *resp = m;
      return Audit(call, m.name(), std::string(method), note.rule_id.empty() ? rule_id : note.rule_id, &before, m,
                   note.detail, note.acting_for);
    });
  }

  // A plain read of one stored resource by its name ("absences/12").
  template <typename M>
  grpc::Status Fetch(grpc::ServerContextBase* ctx, const std::string& name, absl::string_view collection, M* resp,
                     const std::function<absl::StatusOr<Versioned<M>>(Tx&, int64_t)>& get) {
    return Read(ctx, [&](Call& call) -> absl::Status {
      absl::StatusOr<int64_t> id = NumericIdOf(name, collection);
      if (!id.ok()) return id.status();
      absl::StatusOr<Versioned<M>> found = get(call.tx, *id);
      if (!found.ok()) return found.status();
      *resp = std::move(found->value);
      return absl::OkStatus();
    });
  }

  absl::Status Audit(Call& call, const std::string& chain, const std::string& action, const std::string& rule_id,
                     const google::protobuf::Message* before, const google::protobuf::Message& after,
                     const std::string& detail = "", const std::string& acting_for = "");
  absl::Status Publish(Call& call, const std::string& subject, const google::protobuf::Message& event);

  ServiceContext& context_;
  Database& db_;
  Platform& platform_;
  const std::string service_;
  const Caller system_caller_;
};

}  // namespace xianfu

#endif  // XIANFU_COMMON_HANDLER_BASE_H_
