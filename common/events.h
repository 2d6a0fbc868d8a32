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

// Reads a source after this consumer's cursor and applies each event in its own local
// transaction together with the inbox row and the cursor: a crash loses nothing, a
// redelivery does nothing twice. A consumer that names the event types it acts on is sent only
// those: the others cost it no transaction, only the cursor's move past them once a page.
class EventConsumer {
 public:
  using Handler = std::function<absl::Status(Tx&, const events::v1::Event&)>;
  // A consumer that must ask other services about an event (the gather step of the verb shape)
  // does so in `prepare`, outside any transaction; what it found reaches `handler` in the
  // transaction. Events already in the inbox are not prepared again.
  using Prepare = std::function<absl::StatusOr<std::any>(const events::v1::Event&)>;
  using PreparedHandler = std::function<absl::Status(Tx&, const events::v1::Event&, const std::any&)>;
  // `types`: the full names of the event types the handler acts on (empty: every event).
  EventConsumer(Database* db, std::string consumer, EventSource* source, Handler handler,
                std::vector<std::string> types = {})
      : db_(db),
        consumer_(std::move(consumer)),
        source_(source),
        handler_([handler = std::move(handler)](Tx& tx, const events::v1::Event& e, const std::any&) {
          return handler(tx, e);
        }),
        types_(std::move(types)) {}
  EventConsumer(Database* db, std::string consumer, EventSource* source, Prepare prepare, PreparedHandler handler,
                std::vector<std::string> types = {})
      : db_(db),
        consumer_(std::move(consumer)),
        source_(source),
        prepare_(std::move(prepare)),
        handler_(std::move(handler)),
        types_(std::move(types)) {}

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
  Prepare prepare_;
  PreparedHandler handler_;
  std::vector<std::string> types_;  // exact names (a few); the feed filters by prefix
};

}  // namespace xianfu

#endif  // XIANFU_COMMON_EVENTS_H_
