// Minutes (MTG-22, MTG-24).
#include "absl/strings/str_cat.h"
#include "meeting-svc/handler/handler.h"

namespace xianfu::meeting {

grpc::Status MeetingHandler::DraftMinutes(grpc::ServerContext* ctx, const v1::DraftMinutesRequest* req,
                                          v1::Minutes* resp) {
  return Create<v1::Minutes>(ctx, "DraftMinutes", req->request_id(), *req, resp, store_.minutes, "MTG-22",
                             [&](Call& call, v1::Minutes& minutes, Effects&) -> absl::Status {
                               ASSIGN_OR_RETURN(me, Me(call));
                               RETURN_IF_ERROR(RequireOffice(me));
                               ASSIGN_OR_RETURN(meeting, Load(store_.meetings, req->meeting()));
                               minutes = req->minutes();
                               ASSIGN_OR_RETURN(id, IdOf(req->meeting(), "meetings"));
                               minutes.set_name(absl::StrCat("minutes/", id));
                               return meeting::DraftMinutes(minutes, meeting.value, me.official, call.env);
                             });
}

grpc::Status MeetingHandler::GetMinutes(grpc::ServerContext* ctx, const v1::GetMinutesRequest* req, v1::Minutes* resp) {
  return Answer(ctx, [&](Call&) -> absl::Status {
    ASSIGN_OR_RETURN(m, Load(store_.minutes, req->name()));
    *resp = std::move(m.value);
    return absl::OkStatus();
  });
}

grpc::Status MeetingHandler::ReviewMinutes(grpc::ServerContext* ctx, const v1::ReviewMinutesRequest* req,
                                           v1::Minutes* resp) {
  return Act<v1::Minutes>(ctx, "ReviewMinutes", req->request_id(), *req, resp, req->name(), req->etag(), store_.minutes,
                          "MTG-22", [&](Call& call, v1::Minutes& minutes, Effects&) -> absl::Status {
                            ASSIGN_OR_RETURN(me, Me(call));
                            return meeting::ReviewMinutes(minutes, me, call.env);
                          });
}

grpc::Status MeetingHandler::SignMinutes(grpc::ServerContext* ctx, const v1::SignMinutesRequest* req,
                                         v1::Minutes* resp) {
  return Act<v1::Minutes>(ctx, "SignMinutes", req->request_id(), *req, resp, req->name(), req->etag(), store_.minutes,
                          "MTG-22", [&](Call& call, v1::Minutes& minutes, Effects&) -> absl::Status {
                            ASSIGN_OR_RETURN(me, Me(call));
                            ASSIGN_OR_RETURN(meeting, Load(store_.meetings, minutes.meeting()));
                            return meeting::SignMinutes(minutes, meeting.value, me, call.env);
                          });
}

}  // namespace xianfu::meeting
