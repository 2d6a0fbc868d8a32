// Domain events between services: a transactional outbox, a durable ordered feed per
// service, and consumers that remember what they processed (inbox), so delivery is
// at-least-once and the effect exactly once.
//
//   producer tx ──Publish──▶ outbox_pending ──EventPublisher──▶ event_feed (gapless seq)
//   consumer ──ListEvents(after cursor)──▶ handler + inbox + cursor, one local transaction
#ifndef XIANFU_COMMON_EVENTS_H_
#define XIANFU_COMMON_EVENTS_H_

#include <any>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "common/db.h"
#include "common/server.h"
#include "google/protobuf/message.h"
#include "xianfu/events/v1/events.grpc.pb.h"

namespace xianfu {

// Writes an event inside the caller's transaction. The type is the payload's full name, so
// events are versioned protos (xianfu.personnel.v1.AbsenceStarted).
absl::Status PublishEvent(Tx& tx, absl::string_view service, absl::string_view subject,
                          const google::protobuf::Message& payload, absl::Time occurred_at, absl::string_view actor);

// Moves committed outbox rows into the feed in commit order, assigning gapless sequence
// numbers. Safe with several replicas: the sequencer row is locked while it runs.
// Returns how many events were published.
absl::StatusOr<int> PublishPending(Database& db, int max_events = 500);

// Serves xianfu.events.v1.EventFeedService from this service's feed. Reading the feed needs a
// system client identity (clients/…) or the audit administrator.
class EventFeedServiceImpl final : public events::v1::EventFeedService::Service {
 public:
  EventFeedServiceImpl(Database* db, std::string service) : db_(db), service_(std::move(service)) {}
  grpc::Status ListEvents(grpc::ServerContext* ctx, const events::v1::ListEventsRequest* req,
                          events::v1::ListEventsResponse* resp) override;

 private:
  Database* db_;
  std::string service_;
};

// Where a consumer reads events from: another service's feed over gRPC.
class EventSource {
 public:
  virtual ~EventSource() = default;
  virtual std::string name() const = 0;  // producer service name, e.g. "meeting"
  // The events after `after`, only those of `types` (all when empty); last_sequence still moves
  // past the others.
  virtual absl::StatusOr<events::v1::ListEventsResponse> List(int64_t after, int page_size,
                                                              const std::vector<std::string>& types) = 0;
};

class GrpcEventSource : public EventSource {
 public:
  // `token` is this consumer's own system-client token.
  GrpcEventSource(std::string name, std::shared_ptr<grpc::Channel> channel, std::string token,
                  absl::Duration deadline = absl::Seconds(5));
  std::string name() const override { return name_; }
  absl::StatusOr<events::v1::ListEventsResponse> List(int64_t after, int page_size,
                                                      const std::vector<std::string>& types) override;

 private:
  std::string name_;
  std::unique_ptr<events::v1::EventFeedService::Stub> stub_;
  std::string token_;
  absl::Duration deadline_;
};

// A consumer's handlers by event type. The feed is asked for exactly the types that have a
// handler, and each handler is given its payload decoded, so what is read and what is handled
// cannot fall out of step.
class EventRoutes {
 public:
  // In the consumer's transaction, with what `gather` found (empty when the route has none).
  template <typename E>
  using Apply = std::function<absl::Status(Tx&, const events::v1::Event&, const E&, const std::any& gathered)>;
  // The gather step of the verb shape, outside any transaction: what `apply` needs to know from
  // other services. Events already in the inbox are not gathered again.
  template <typename E>
  using Gather = std::function<absl::StatusOr<std::any>(const events::v1::Event&, const E&)>;

  struct Route {
    std::function<absl::StatusOr<std::any>(const events::v1::Event&)> gather;  // may be empty
    std::function<absl::Status(Tx&, const events::v1::Event&, const std::any&)> apply;
  };

  template <typename E>
  EventRoutes& On(Apply<E> apply, Gather<E> gather = nullptr) {
    Route route;
    if (gather) {
      route.gather = [gather = std::move(gather)](const events::v1::Event& e) -> absl::StatusOr<std::any> {
        E payload;
        if (!e.payload().UnpackTo(&payload)) return Undecodable(e);
        return gather(e, payload);
      };
    }
    route.apply = [apply = std::move(apply)](Tx& tx, const events::v1::Event& e, const std::any& gathered) {
      E payload;
      if (!e.payload().UnpackTo(&payload)) return Undecodable(e);
      return apply(tx, e, payload, gathered);
    };
    routes_.emplace_back(E::descriptor()->full_name(), std::move(route));
    return *this;
  }

  // The full names of the routed types.
  std::vector<std::string> types() const;
  // The route of an event's type; null for a type not routed.
  const Route* For(absl::string_view type) const;

 private:
  static absl::Status Undecodable(const events::v1::Event& e);

  std::vector<std::pair<std::string, Route>> routes_;  // a few: searched in place
};

// Reads a source after this consumer's cursor and applies each event in its own local
// transaction together with the inbox row and the cursor: a crash loses nothing, a
// redelivery does nothing twice. It is sent only the types it has routes for: the others cost it no
// transaction, only the cursor's move past them once a page.
class EventConsumer {
 public:
  EventConsumer(Database* db, std::string consumer, EventSource* source, EventRoutes routes)
      : db_(db), consumer_(std::move(consumer)), source_(source), routes_(std::move(routes)), types_(routes_.types()) {}

  // Processes up to one page; returns the number of events newly applied. Stops at the first
  // event whose handler fails (it will be retried on the next poll). `read`, when given, is how
  // far the page moved along the feed, the events of other types included: a full page means
  // there may be more.
  absl::StatusOr<int> PollOnce(int page_size = 100, int* read = nullptr);

  absl::StatusOr<int64_t> Cursor();

 private:
  Database* db_;
  std::string consumer_;
  EventSource* source_;
  EventRoutes routes_;
  std::vector<std::string> types_;  // routes_.types(), asked of the feed each page
};

}  // namespace xianfu

#endif  // XIANFU_COMMON_EVENTS_H_
