// Meetings, attendance and leave (MTG-01…MTG-07, MTG-12, MTG-21).
#include <set>

#include "absl/strings/str_cat.h"
#include "common/deadline_proto.h"
#include "meeting-svc/handler/handler.h"

namespace xianfu::meeting {
namespace {

namespace pv1 = ::xianfu::personnel::v1;

// Questions about a meeting's day are asked as of its morning.
absl::Time MorningOf(const common::v1::CivilDate& date) {
  return absl::FromCivil(absl::CivilSecond(date.year(), date.month(), date.day(), 9, 0, 0), ChinaTimeZone());
}

}  // namespace

absl::Status MeetingHandler::WriteDeferred(const std::vector<v1::Topic>& deferred, Effects& fx) {
  for (const v1::Topic& t : deferred) {
    ASSIGN_OR_RETURN(stored, Load(store_.topics, t.name()));
    fx.Update(t, stored.version);
    fx.Audit(t.name(), "DeferTopic", "MTG-21", &stored.value, t, t.deferral_reason());
  }
  return absl::OkStatus();
}

grpc::Status MeetingHandler::CreateMeeting(grpc::ServerContext* ctx, const v1::CreateMeetingRequest* req,
                                           v1::Meeting* resp) {
  return Create<v1::Meeting>(ctx, "CreateMeeting", req->request_id(), *req, resp, store_.meetings, "MTG-01",
                             [&](Call& call, v1::Meeting& m, Effects& fx) -> absl::Status {
                               m = req->meeting();
                               m.set_name(absl::StrCat("meetings/", req->meeting_id()));
                               RETURN_IF_ERROR(RequiredDate(m.date(), "meeting.date").status());
                               org::Questions q(MorningOf(m.date()));
                               org::CallerQ me_q = org::AskCaller(call.caller, q);
                               org::PersonQ chair_q = q.Person(m.chair());
                               std::vector<org::HolderQ> holders;
                               for (const std::string& role : MemberRoles(m.kind())) holders.push_back(q.Holder(role));
                               std::optional<org::ActingQ> acting_q;
                               const pv1::ActKind act =
                                   m.kind() == v1::MEETING_KIND_PLENARY     ? pv1::ACT_KIND_CHAIR_PLENARY_MEETING
                                   : m.kind() == v1::MEETING_KIND_EXECUTIVE ? pv1::ACT_KIND_CHAIR_EXECUTIVE_MEETING
                                                                            : pv1::ACT_KIND_CHAIR_SPECIAL_TOPIC;
                               if (m.kind() == v1::MEETING_KIND_PLENARY || m.kind() == v1::MEETING_KIND_EXECUTIVE ||
                                   m.kind() == v1::MEETING_KIND_SPECIAL_TOPIC) {
                                 const org::Principal principal = m.entrusting_leader().empty()
                                                                      ? org::Principal::Role("R-CH")
                                                                      : org::Principal::Official(m.entrusting_leader());
                                 acting_q = q.Check(principal, act, m.chair());
                               }
                               ASSIGN_OR_RETURN(answers, peers_.directory->Ask(call.ctx, q));
                               ASSIGN_OR_RETURN(me, org::CallerFrom(call.caller, me_q, answers));
                               RETURN_IF_ERROR(RequireOffice(me));
                               ChairFacts chair;
                               ASSIGN_OR_RETURN(chair_person, answers.Get(chair_q));
                               chair.chair = std::move(chair_person);
                               if (acting_q.has_value() && ChairActKind(m.kind(), chair.chair).has_value()) {
                                 chair.acting = answers.Get(*acting_q);
                               }
                               std::vector<std::string> members;
                               for (const org::HolderQ& h : holders) {
                                 ASSIGN_OR_RETURN(officials, answers.GetAll(h));
                                 members.insert(members.end(), officials.begin(), officials.end());
                               }
                               RETURN_IF_ERROR(ScheduleMeeting(m, chair, members, call.env));
                               v1::MeetingScheduled event;
                               *event.mutable_meeting() = m;
                               fx.Publish(m.name(), event);
                               return absl::OkStatus();
                             });
}

grpc::Status MeetingHandler::GetMeeting(grpc::ServerContext* ctx, const v1::GetMeetingRequest* req, v1::Meeting* resp) {
  return Answer(ctx, [&](Call&) -> absl::Status {
    ASSIGN_OR_RETURN(m, Load(store_.meetings, req->name()));
    *resp = std::move(m.value);
    return absl::OkStatus();
  });
}

grpc::Status MeetingHandler::ListMeetings(grpc::ServerContext* ctx, const v1::ListMeetingsRequest* req,
                                          v1::ListMeetingsResponse* resp) {
  return List<v1::Meeting>(ctx, req->page_size(), req->page_token(), "meetings", resp->mutable_meetings(),
                           resp->mutable_next_page_token(),
                           [&](Call&, const PageRequest& page) -> absl::StatusOr<PageQuery<v1::Meeting>> {
                             std::optional<absl::CivilDay> from, to;
                             if (req->has_from_date()) {
                               ASSIGN_OR_RETURN(d, RequiredDate(req->from_date(), "from_date"));
                               from = d;
                             }
                             if (req->has_to_date()) {
                               ASSIGN_OR_RETURN(d, RequiredDate(req->to_date(), "to_date"));
                               to = d;
                             }
                             return store_.ListMeetings(req->kind(), from, to, page);
                           });
}

grpc::Status MeetingHandler::HoldMeeting(grpc::ServerContext* ctx, const v1::HoldMeetingRequest* req,
                                         v1::Meeting* resp) {
  return Act<v1::Meeting>(ctx, "HoldMeeting", req->request_id(), *req, resp, req->name(), req->etag(), store_.meetings,
                          "MTG-21", [&](Call& call, v1::Meeting& m, Effects& fx) -> absl::Status {
                            org::Questions q(call.env.now);
                            org::CallerQ me_q = org::AskCaller(call.caller, q);
                            org::HolderQ supervision_q = q.Holder("R-SUP");
                            ASSIGN_OR_RETURN(answers, peers_.directory->Ask(call.ctx, q));
                            ASSIGN_OR_RETURN(me, org::CallerFrom(call.caller, me_q, answers));
                            RETURN_IF_ERROR(RequireOffice(me));
                            ASSIGN_OR_RETURN(supervisor, answers.Get(supervision_q));
                            std::optional<absl::CivilDay> end;
                            if (req->has_end_date()) {
                              ASSIGN_OR_RETURN(d, RequiredDate(req->end_date(), "end_date"));
                              end = d;
                            }
                            return Hold(m, end, supervisor, call.env, Names(), fx);
                          });
}

grpc::Status MeetingHandler::RequestLeave(grpc::ServerContext* ctx, const v1::RequestLeaveRequest* req,
                                          v1::LeaveRequest* resp) {
  return Create<v1::LeaveRequest>(
      ctx, "RequestLeave", req->request_id(), *req, resp, store_.leave_requests, "MTG-21",
      [&](Call& call, v1::LeaveRequest& leave, Effects&) -> absl::Status {
        leave = req->leave();
        ASSIGN_OR_RETURN(meeting, Load(store_.meetings, leave.meeting()));
        org::Questions q(call.env.now);
        org::CallerQ me_q = org::AskCaller(call.caller, q);
        org::PersonQ official_q = q.Person(leave.official());
        ASSIGN_OR_RETURN(answers, peers_.directory->Ask(call.ctx, q));
        ASSIGN_OR_RETURN(me, org::CallerFrom(call.caller, me_q, answers));
        if (me.official != leave.official()) RETURN_IF_ERROR(RequireOffice(me));
        ASSIGN_OR_RETURN(official, answers.Get(official_q));
        std::vector<v1::LeaveRequest> earlier;
        RETURN_IF_ERROR(db_.Read([&](Tx& tx) -> absl::Status {
          ASSIGN_OR_RETURN(found, store_.LeaveOf(tx, leave.meeting(), leave.official()));
          earlier = std::move(found);
          return absl::OkStatus();
        }));
        for (const v1::LeaveRequest& e : earlier) {
          if (e.state() != v1::LEAVE_STATE_REJECTED) {
            return absl::AlreadyExistsError(
                absl::StrCat(leave.official(), " already asked leave from ", leave.meeting(), " (", e.name(), ")"));
          }
        }
        ASSIGN_OR_RETURN(name, Names()("leaveRequests"));
        leave.set_name(name);
        return AskLeave(leave, meeting.value, official, call.env);
      });
}

grpc::Status MeetingHandler::DecideLeave(grpc::ServerContext* ctx, const v1::DecideLeaveRequest* req,
                                         v1::LeaveRequest* resp) {
  return Act<v1::LeaveRequest>(
      ctx, "DecideLeave", req->request_id(), *req, resp, req->name(), req->etag(), store_.leave_requests, "MTG-21",
      [&](Call& call, v1::LeaveRequest& leave, Effects& fx) -> absl::Status {
        ASSIGN_OR_RETURN(meeting, Load(store_.meetings, leave.meeting()));
        std::vector<v1::Topic> topics;
        RETURN_IF_ERROR(db_.Read([&](Tx& tx) -> absl::Status {
          ASSIGN_OR_RETURN(found, store_.TopicsOf(tx, leave.meeting()));
          topics = std::move(found);
          return absl::OkStatus();
        }));
        org::Questions q(call.env.now);
        org::CallerQ me_q = org::AskCaller(call.caller, q);
        std::optional<org::ActingQ> check_q;
        if (!call.caller.official().empty()) {
          check_q = q.Check(org::Principal::Role("R-CH"), pv1::ACT_KIND_APPROVE_MEETING_LEAVE, call.caller.official());
        }
        org::ActingQ head_q = q.Resolve(org::Principal::Role("R-CH"), pv1::ACT_KIND_APPROVE_MEETING_LEAVE);
        org::PersonQ official_q = q.Person(leave.official());
        std::map<std::string, org::UnitQ> unit_qs;
        for (const v1::Topic& t : topics) {
          if (!unit_qs.contains(t.unit()) && unit_qs.size() < 48) unit_qs.emplace(t.unit(), q.Unit(t.unit()));
        }
        ASSIGN_OR_RETURN(answers, peers_.directory->Ask(call.ctx, q));
        ASSIGN_OR_RETURN(me, org::CallerFrom(call.caller, me_q, answers));
        // The county head (or whoever personnel-svc says acts for him); while he is away, the
        // meeting's chair (AMB-25).
        const bool allowed = check_q.has_value() && answers.Get(*check_q).ok();
        ASSIGN_OR_RETURN(head, answers.Get(head_q));
        const bool chair_fallback = me.official == meeting.value.chair() && !head.InPerson();
        if (!allowed && !chair_fallback) {
          return call.policy().Refuse(absl::StatusCode::kPermissionDenied, "MTG-21",
                                      "会议请假由县长批准(县长不在时由会议主持人批准)",
                                      "leave from a meeting is granted by the county head (by the chair while he is "
                                      "away)");
        }
        ASSIGN_OR_RETURN(official, answers.Get(official_q));
        std::vector<std::string> portfolio;
        for (const auto& [unit, uq] : unit_qs) {
          ASSIGN_OR_RETURN(u, answers.Get(uq));
          if (u.primary_leader == leave.official() || official.InUnit(unit)) portfolio.push_back(unit);
        }
        ASSIGN_OR_RETURN(later, Later(meeting.value.kind(), FromProtoDate(meeting.value.date()), 1));
        std::optional<v1::Meeting> next;
        if (!later.empty()) next = later.front();
        ASSIGN_OR_RETURN(effects, meeting::DecideLeave(leave, req->approve(), meeting.value, portfolio, topics, next,
                                                       me.official, call.env, fx));
        if (req->approve()) fx.Update(effects.meeting, meeting.version);
        RETURN_IF_ERROR(WriteDeferred(effects.deferred, fx));
        return absl::OkStatus();
      });
}

grpc::Status MeetingHandler::FileLeaveReport(grpc::ServerContext* ctx, const v1::FileLeaveReportRequest* req,
                                             v1::LeaveRequest* resp) {
  return Act<v1::LeaveRequest>(
      ctx, "FileLeaveReport", req->request_id(), *req, resp, req->name(), req->etag(), store_.leave_requests, "MTG-21",
      [&](Call& call, v1::LeaveRequest& leave, Effects&) -> absl::Status {
        org::Questions q(call.env.now);
        org::CallerQ me_q = org::AskCaller(call.caller, q);
        org::PersonQ substitute_q = q.Person(req->substitute());
        ASSIGN_OR_RETURN(answers, peers_.directory->Ask(call.ctx, q));
        ASSIGN_OR_RETURN(me, org::CallerFrom(call.caller, me_q, answers));
        if (me.official != leave.official()) {
          return absl::PermissionDeniedError("the written report is filed by the department head on leave himself");
        }
        ASSIGN_OR_RETURN(substitute, answers.Get(substitute_q));
        return FileReport(leave, req->written_report(), me, substitute, call.env);
      });
}

grpc::Status MeetingHandler::GetLeaveRequest(grpc::ServerContext* ctx, const v1::GetLeaveRequestRequest* req,
                                             v1::LeaveRequest* resp) {
  return Answer(ctx, [&](Call&) -> absl::Status {
    ASSIGN_OR_RETURN(l, Load(store_.leave_requests, req->name()));
    *resp = std::move(l.value);
    return absl::OkStatus();
  });
}

grpc::Status MeetingHandler::ListLeaveRequests(grpc::ServerContext* ctx, const v1::ListLeaveRequestsRequest* req,
                                               v1::ListLeaveRequestsResponse* resp) {
  return List<v1::LeaveRequest>(ctx, req->page_size(), req->page_token(), "leaveRequests",
                                resp->mutable_leave_requests(), resp->mutable_next_page_token(),
                                [&](Call&, const PageRequest& page) -> absl::StatusOr<PageQuery<v1::LeaveRequest>> {
                                  Filter f;
                                  if (!req->meeting().empty())
                                    f.Eq("meeting_id", std::string(IdOf(req->meeting(), "meetings").value_or("")));
                                  if (!req->official().empty()) {
                                    f.Eq("official_id", std::string(IdOf(req->official(), "officials").value_or("")));
                                  }
                                  return store_.leave_requests.ListQuery(f, page);
                                });
}

grpc::Status MeetingHandler::CheckIn(grpc::ServerContext* ctx, const v1::CheckInRequest* req, v1::Meeting* resp) {
  return Act<v1::Meeting>(
      ctx, "CheckIn", req->request_id(), *req, resp, req->meeting(), "", store_.meetings, "MTG-21",
      [&](Call& call, v1::Meeting& m, Effects& fx) -> absl::Status {
        org::Questions q(call.env.now);
        org::CallerQ me_q = org::AskCaller(call.caller, q);
        org::HolderQ supervision_q = q.Holder("R-SUP");
        ASSIGN_OR_RETURN(answers, peers_.directory->Ask(call.ctx, q));
        ASSIGN_OR_RETURN(me, org::CallerFrom(call.caller, me_q, answers));
        if (me.official != req->official()) RETURN_IF_ERROR(RequireOffice(me));
        ASSIGN_OR_RETURN(supervisor, answers.Get(supervision_q));
        std::optional<v1::LeaveRequest> leave;
        if (!req->for_official().empty() && req->for_official() != req->official()) {
          RETURN_IF_ERROR(db_.Read([&](Tx& tx) -> absl::Status {
            ASSIGN_OR_RETURN(found, store_.LeaveOf(tx, m.name(), req->for_official()));
            for (v1::LeaveRequest& l : found) {
              if (l.state() == v1::LEAVE_STATE_APPROVED) leave = std::move(l);
            }
            return absl::OkStatus();
          }));
        }
        const v1::Meeting before = m;
        RETURN_IF_ERROR(
            meeting::CheckIn(m, req->official(), req->for_official(), leave, supervisor, call.env, Names(), fx));
        // MTG-21 (defer_on_unexcused): the absent department head's topics wait for the next meeting.
        const bool now_unexcused = [&] {
          for (int i = 0; i < m.attendance_size(); ++i) {
            if (m.attendance(i).official() == req->for_official() &&
                m.attendance(i).status() == v1::ATTENDANCE_STATUS_ABSENT_UNEXCUSED &&
                before.attendance(i).status() != v1::ATTENDANCE_STATUS_ABSENT_UNEXCUSED) {
              return true;
            }
          }
          return false;
        }();
        if (now_unexcused && call.policy().proto().meetings().defer_on_unexcused().enabled()) {
          org::Questions q2(call.env.now);
          org::PersonQ head_q = q2.Person(req->for_official());
          ASSIGN_OR_RETURN(more, peers_.directory->Ask(call.ctx, q2));
          ASSIGN_OR_RETURN(head, more.Get(head_q));
          std::vector<v1::Topic> topics;
          RETURN_IF_ERROR(db_.Read([&](Tx& tx) -> absl::Status {
            ASSIGN_OR_RETURN(found, store_.TopicsOf(tx, m.name()));
            topics = std::move(found);
            return absl::OkStatus();
          }));
          ASSIGN_OR_RETURN(later, Later(m.kind(), FromProtoDate(m.date()), 1));
          std::optional<v1::Meeting> next;
          if (!later.empty()) next = later.front();
          const std::vector<std::string> units(head.units.begin(), head.units.end());
          RETURN_IF_ERROR(
              WriteDeferred(DeferTopics(m, topics, units, next, req->for_official(),
                                        absl::StrCat(req->for_official(), " is absent without leave"), call.env, fx),
                            fx));
        }
        return absl::OkStatus();
      },
      nullptr, /*etag_required=*/false);
}

}  // namespace xianfu::meeting
