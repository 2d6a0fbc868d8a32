#include "common/events.h"

#include <algorithm>

#include "absl/random/random.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/deadline_proto.h"
#include "common/errors.h"
#include "google/protobuf/any.pb.h"

namespace xianfu {
namespace {

std::string NewEventId() {
  static thread_local absl::BitGen gen;
  return absl::StrFormat("%016x%016x", absl::Uniform<uint64_t>(gen), absl::Uniform<uint64_t>(gen));
}

}  // namespace

absl::Status PublishEvent(Tx& tx, absl::string_view service, absl::string_view subject,
                          const google::protobuf::Message& payload, absl::Time occurred_at, absl::string_view actor) {
  google::protobuf::Any any;
  any.PackFrom(payload);
  tx.Defer(
      "INSERT INTO outbox_pending (event_id, type, subject, occurred_at, actor, payload)"
      " VALUES (?, ?, ?, ?, ?, ?)",
      {absl::StrCat(service, ":", NewEventId()), payload.GetDescriptor()->full_name(), std::string(subject),
       occurred_at, std::string(actor), Bytes{any.SerializeAsString()}});
  return absl::OkStatus();
}

absl::StatusOr<int> PublishPending(Database& db, int max_events) {
  int published = 0;
  absl::Status status = db.Transact([&](Tx& tx) -> absl::Status {
    published = 0;
    // The feed's last row is the sequencer: locking it makes concurrent publishers take turns.
    // An empty feed has no row to lock, so the first publishers race on the primary key and the
    // loser's transaction fails with a duplicate; it publishes on its next round.
    absl::StatusOr<std::vector<SqlRow>> last =
        tx.Query("SELECT seq FROM event_feed ORDER BY seq DESC LIMIT 1 FOR UPDATE");
    if (!last.ok()) return last.status();
    int64_t seq = last->empty() ? 0 : last->front().Int(0);
    absl::StatusOr<std::vector<SqlRow>> pending = tx.Query(
        "SELECT id, event_id, type, subject, occurred_at, actor, payload FROM outbox_pending"
        " ORDER BY id LIMIT ? FOR UPDATE",
        {int64_t{max_events}});
    if (!pending.ok()) return pending.status();
    // The batch moves with two statements held for the COMMIT (one round trip), not two per
    // event; its payloads are capped so the packet stays well under max_allowed_packet, and the
    // events past the cap move in the next batch.
    constexpr size_t kMaxBatchPayloadBytes = 1 << 20;
    std::vector<SqlParam> moved, removed;
    size_t payload_bytes = 0;
    for (const SqlRow& e : *pending) {
      payload_bytes += e.Str(6).size();
      if (!removed.empty() && payload_bytes > kMaxBatchPayloadBytes) break;
      ++seq;
      moved.insert(moved.end(), {seq, e.Str(1), e.Str(2), e.Str(3), e.Time(4), e.Str(5), Bytes{e.Str(6)}});
      removed.push_back(e.Int(0));
    }
    if (removed.empty()) return absl::OkStatus();
    const size_t n = removed.size();
    tx.Defer(absl::StrCat("INSERT INTO event_feed (seq, event_id, type, subject, occurred_at, actor, payload,"
                          " published_at) VALUES ",
                          Placeholders(n, "(?, ?, ?, ?, ?, ?, ?, UTC_TIMESTAMP(6))")),
             moved);
    tx.Defer(absl::StrCat("DELETE FROM outbox_pending WHERE id IN (", Placeholders(n), ")"), removed);
    published = static_cast<int>(n);
    return absl::OkStatus();
  });
  if (status.code() == absl::StatusCode::kAlreadyExists) return 0;  // lost the race; next round
  if (!status.ok()) return status;
  return published;
}

grpc::Status EventFeedServiceImpl::ListEvents(grpc::ServerContext* ctx, const events::v1::ListEventsRequest* req,
                                              events::v1::ListEventsResponse* resp) {
  return Serve(ctx, [&](const Caller& caller) -> absl::Status {
    if (!caller.is_client() && caller.admin_role != AdminRole::kAuditAdmin) {
      return absl::PermissionDeniedError(
          "the event feed is for system clients (clients/…) and the audit administrator");
    }
    if (req->after_sequence() < 0) return absl::InvalidArgumentError("after_sequence must be >= 0");
    if (req->page_size() < 0) return absl::InvalidArgumentError("page_size must be >= 0");
    int64_t limit = req->page_size() == 0 ? 100 : std::min(req->page_size(), 1000);
    // Prefix filters are applied after the read so that last_sequence still advances past
    // events the consumer does not want.
    absl::StatusOr<std::vector<SqlRow>> rows;
    absl::Status status = db_->Transact([&](Tx& tx) {
      rows = tx.Query(
          "SELECT seq, event_id, type, subject, occurred_at, actor, payload FROM event_feed"
          " WHERE seq > ? ORDER BY seq LIMIT ?",
          {req->after_sequence(), limit});
      return rows.status();
    });
    if (!status.ok()) return status;
    resp->set_last_sequence(req->after_sequence());
    // A page stays well under gRPC's default 4 MB message limit, or a consumer could never read
    // past a run of large events; it ends before the event that would pass the cap.
    constexpr size_t kMaxPagePayloadBytes = 2 << 20;
    size_t payload_bytes = 0;
    for (const SqlRow& row : *rows) {
      bool wanted = req->type_prefixes().empty();
      for (const std::string& prefix : req->type_prefixes()) {
        wanted = wanted || absl::StartsWith(row.Str(2), prefix);
      }
      if (wanted) {
        payload_bytes += row.Str(6).size();
        if (resp->events_size() > 0 && payload_bytes > kMaxPagePayloadBytes) break;
      }
      resp->set_last_sequence(row.Int(0));
      if (!wanted) continue;
      events::v1::Event* e = resp->add_events();
      e->set_id(row.Str(1));
      e->set_service(service_);
      e->set_sequence(row.Int(0));
      e->set_type(row.Str(2));
      e->set_subject(row.Str(3));
      *e->mutable_occurred_at() = ToProtoTime(row.Time(4));
      e->set_actor(row.Str(5));
      if (!e->mutable_payload()->ParseFromString(row.Str(6))) {
        return absl::DataLossError(absl::StrCat("event ", row.Str(1), " payload does not parse"));
      }
    }
    return absl::OkStatus();
  });
}

GrpcEventSource::GrpcEventSource(std::string name, std::shared_ptr<grpc::Channel> channel, std::string token,
                                 absl::Duration deadline)
    : name_(std::move(name)),
      stub_(events::v1::EventFeedService::NewStub(std::move(channel))),
      token_(std::move(token)),
      deadline_(deadline) {}

absl::StatusOr<events::v1::ListEventsResponse> GrpcEventSource::List(int64_t after, int page_size,
                                                                     const std::vector<std::string>& types) {
  std::unique_ptr<grpc::ClientContext> ctx = OutboundContext(nullptr, deadline_, token_);
  events::v1::ListEventsRequest req;
  req.set_after_sequence(after);
  req.set_page_size(page_size);
  for (const std::string& type : types) req.add_type_prefixes(type);
  events::v1::ListEventsResponse resp;
  grpc::Status status = stub_->ListEvents(ctx.get(), req, &resp);
  if (!status.ok()) return FromGrpcStatus(status);
  return resp;
}

absl::StatusOr<int64_t> EventConsumer::Cursor() {
  int64_t cursor = 0;
  absl::Status status = db_->Transact([&](Tx& tx) -> absl::Status {
    absl::StatusOr<std::vector<SqlRow>> rows = tx.Query(
        "SELECT last_seq FROM consumer_cursors WHERE consumer = ? AND source = ?", {consumer_, source_->name()});
    if (!rows.ok()) return rows.status();
    cursor = rows->empty() ? 0 : rows->front().Int(0);
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return cursor;
}

std::vector<std::string> EventRoutes::types() const {
  std::vector<std::string> types;
  for (const auto& [type, route] : routes_) types.push_back(type);
  return types;
}

const EventRoutes::Route* EventRoutes::For(absl::string_view type) const {
  for (const auto& [routed, route] : routes_) {
    if (routed == type) return &route;
  }
  return nullptr;
}

absl::Status EventRoutes::Undecodable(const events::v1::Event& e) {
  return absl::InternalError(absl::StrCat("undecodable ", e.id(), " (", e.type(), ")"));
}

absl::StatusOr<int> EventConsumer::PollOnce(int page_size, int* read) {
  if (read != nullptr) *read = 0;
  absl::StatusOr<int64_t> cursor = Cursor();
  if (!cursor.ok()) return cursor.status();
  absl::StatusOr<events::v1::ListEventsResponse> page = source_->List(*cursor, page_size, types_);
  if (!page.ok()) return page.status();
  // The feed's sequence is gapless, so this is the number of events the page covered.
  if (read != nullptr) *read = static_cast<int>(std::max<int64_t>(0, page->last_sequence() - *cursor));
  int applied = 0;
  auto advance = [&](Tx& tx, int64_t seq) {
    return tx
        .Exec(
            "INSERT INTO consumer_cursors (consumer, source, last_seq, updated_at)"
            " VALUES (?, ?, ?, UTC_TIMESTAMP(6)) ON DUPLICATE KEY UPDATE"
            " last_seq = GREATEST(last_seq, VALUES(last_seq)), updated_at = VALUES(updated_at)",
            {consumer_, source_->name(), seq})
        .status();
  };
  for (const events::v1::Event& event : page->events()) {
    // The feed filters by prefix: a longer name than ours is not routed either.
    const EventRoutes::Route* route = routes_.For(event.type());
    if (route == nullptr) continue;
    bool fresh = false;
    std::any prepared;
    if (route->gather) {
      bool seen = false;
      absl::Status read = db_->Read([&](Tx& tx) -> absl::Status {
        absl::StatusOr<std::vector<SqlRow>> rows =
            tx.Query("SELECT 1 FROM inbox WHERE consumer = ? AND event_id = ?", {consumer_, event.id()});
        if (!rows.ok()) return rows.status();
        seen = !rows->empty();
        return absl::OkStatus();
      });
      if (!read.ok()) return read;
      if (!seen) {
        absl::StatusOr<std::any> gathered = route->gather(event);
        if (!gathered.ok()) return gathered.status();
        prepared = std::move(*gathered);
      }
    }
    absl::Status status = db_->Transact([&](Tx& tx) -> absl::Status {
      absl::StatusOr<int64_t> inserted =
          tx.Exec("INSERT IGNORE INTO inbox (consumer, event_id, processed_at) VALUES (?, ?, UTC_TIMESTAMP(6))",
                  {consumer_, event.id()});
      if (!inserted.ok()) return inserted.status();
      fresh = *inserted == 1;
      if (fresh) {
        absl::Status handled = route->apply(tx, event, prepared);
        if (!handled.ok()) return handled;
      }
      return advance(tx, event.sequence());
    });
    if (!status.ok()) return status;
    if (fresh) ++applied;
  }
  if (page->last_sequence() > *cursor) {
    // Skip past events the source filtered out for us.
    absl::Status status = db_->Transact([&](Tx& tx) { return advance(tx, page->last_sequence()); });
    if (!status.ok()) return status;
  }
  return applied;
}

}  // namespace xianfu
