// Agenda topics (MTG-04, MTG-13…MTG-19, DIS-23).
#include "absl/strings/str_cat.h"
#include "common/deadline_proto.h"
#include "meeting-svc/handler/handler.h"

namespace xianfu::meeting {
namespace {

namespace pv1 = ::xianfu::personnel::v1;

std::vector<common::v1::OverrideRequest> Overrides(
    const google::protobuf::RepeatedPtrField<common::v1::OverrideRequest>& in) {
  return {in.begin(), in.end()};
}

}  // namespace

grpc::Status MeetingHandler::CreateTopic(grpc::ServerContext* ctx, const v1::CreateTopicRequest* req, v1::Topic* resp) {
  return Create<v1::Topic>(ctx, "CreateTopic", req->request_id(), *req, resp, store_.topics, "MTG-13",
                           [&](Call& call, v1::Topic& t, Effects&) -> absl::Status {
                             t = req->topic();
                             t.set_name(absl::StrCat("topics/", req->topic_id()));
                             ASSIGN_OR_RETURN(meeting, Load(store_.meetings, t.meeting()));
                             org::Questions q(call.env.now);
                             org::CallerQ me_q = org::AskCaller(call.caller, q);
                             org::UnitQ unit_q = q.Unit(t.unit());
                             ASSIGN_OR_RETURN(answers, peers_.directory->Ask(call.ctx, q));
                             ASSIGN_OR_RETURN(me, org::CallerFrom(call.caller, me_q, answers));
                             RETURN_IF_ERROR(answers.Get(unit_q).status());
                             RETURN_IF_ERROR(RequireUnitOrOffice(me, t.unit(), "propose its topics"));
                             return DraftTopic(t, meeting.value, me.official, call.env);
                           });
}

grpc::Status MeetingHandler::GetTopic(grpc::ServerContext* ctx, const v1::GetTopicRequest* req, v1::Topic* resp) {
  return Answer(ctx, [&](Call&) -> absl::Status {
    ASSIGN_OR_RETURN(t, Load(store_.topics, req->name()));
    *resp = std::move(t.value);
    return absl::OkStatus();
  });
}

grpc::Status MeetingHandler::ListTopics(grpc::ServerContext* ctx, const v1::ListTopicsRequest* req,
                                        v1::ListTopicsResponse* resp) {
  return List<v1::Topic>(ctx, req->page_size(), req->page_token(), "topics", resp->mutable_topics(),
                         resp->mutable_next_page_token(),
                         [&](Call&, const PageRequest& page) -> absl::StatusOr<PageQuery<v1::Topic>> {
                           Filter f;
                           f.Eq("meeting_id", IdOf(req->meeting(), "meetings").value_or(""))
                               .Eq("unit_id", IdOf(req->unit(), "units").value_or(""))
                               .Eq("state", int64_t{req->state()});
                           return store_.topics.ListQuery(f, page);
                         });
}

grpc::Status MeetingHandler::SubmitTopic(grpc::ServerContext* ctx, const v1::SubmitTopicRequest* req, v1::Topic* resp) {
  return Act<v1::Topic>(ctx, "SubmitTopic", req->request_id(), *req, resp, req->name(), req->etag(), store_.topics,
                        "MTG-14", [&](Call& call, v1::Topic& t, Effects& fx) -> absl::Status {
                          ASSIGN_OR_RETURN(me, Me(call));
                          // The county head may submit with an override (AMB-38, MTG-17).
                          if (!me.Has("R-CH")) RETURN_IF_ERROR(RequireUnitOrOffice(me, t.unit(), "submit its topics"));
                          ASSIGN_OR_RETURN(meeting, Load(store_.meetings, t.meeting()));
                          ASSIGN_OR_RETURN(later, Later(meeting.value.kind(), FromProtoDate(meeting.value.date()), 6));
                          return meeting::SubmitTopic(t, meeting.value, later, Overrides(req->overrides()), me,
                                                      call.env, fx);
                        });
}

grpc::Status MeetingHandler::SponsorTopic(grpc::ServerContext* ctx, const v1::SponsorTopicRequest* req,
                                          v1::Topic* resp) {
  return Act<v1::Topic>(
      ctx, "SponsorTopic", req->request_id(), *req, resp, req->name(), req->etag(), store_.topics, "MTG-13",
      [&](Call& call, v1::Topic& t, Effects& fx) -> absl::Status {
        org::Questions q(call.env.now);
        org::CallerQ me_q = org::AskCaller(call.caller, q);
        std::optional<org::ActingQ> check_q;
        if (!call.caller.official().empty()) {
          check_q =
              q.Check(org::Principal::LeaderOf(t.unit()), pv1::ACT_KIND_PORTFOLIO_APPROVAL, call.caller.official());
        }
        ASSIGN_OR_RETURN(answers, peers_.directory->Ask(call.ctx, q));
        ASSIGN_OR_RETURN(me, org::CallerFrom(call.caller, me_q, answers));
        // The deputy head or office director in charge of the department's portfolio.
        if (!check_q.has_value() || !answers.Get(*check_q).ok()) {
          return call.policy().Refuse(
              absl::StatusCode::kPermissionDenied, "MTG-13",
              absl::StrCat("议题由分管", t.unit(), "的县政府领导协调审核后提出"),
              absl::StrCat("a topic of ", t.unit(), " is put forward by the county leader in charge of it"));
        }
        return meeting::SponsorTopic(t, req->major(), me, call.env, fx);
      });
}

grpc::Status MeetingHandler::AggregateTopic(grpc::ServerContext* ctx, const v1::AggregateTopicRequest* req,
                                            v1::Topic* resp) {
  return Act<v1::Topic>(ctx, "AggregateTopic", req->request_id(), *req, resp, req->name(), req->etag(), store_.topics,
                        "MTG-13", [&](Call& call, v1::Topic& t, Effects& fx) -> absl::Status {
                          ASSIGN_OR_RETURN(me, Me(call));
                          RETURN_IF_ERROR(RequireOffice(me));
                          return meeting::AggregateTopic(t, call.env, fx);
                        });
}

grpc::Status MeetingHandler::ApproveTopicForAgenda(grpc::ServerContext* ctx,
                                                   const v1::ApproveTopicForAgendaRequest* req, v1::Topic* resp) {
  return Act<v1::Topic>(
      ctx, "ApproveTopicForAgenda", req->request_id(), *req, resp, req->name(), req->etag(), store_.topics, "MTG-13",
      [&](Call& call, v1::Topic& t, Effects& fx) -> absl::Status {
        org::Questions q(call.env.now);
        org::CallerQ me_q = org::AskCaller(call.caller, q);
        std::optional<org::ActingQ> check_q;
        if (!call.caller.official().empty()) {
          check_q = q.Check(org::Principal::Role("R-CH"), pv1::ACT_KIND_DAILY_WORK, call.caller.official());
        }
        ASSIGN_OR_RETURN(answers, peers_.directory->Ask(call.ctx, q));
        ASSIGN_OR_RETURN(me, org::CallerFrom(call.caller, me_q, answers));
        if (!check_q.has_value() || !answers.Get(*check_q).ok()) {
          return call.policy().Refuse(absl::StatusCode::kPermissionDenied, "MTG-13",
                                      "会议议题由县长(或受委托主持工作的负责同志)确定",
                                      "the agenda is fixed by the county head (or the entrusted presiding stand-in)");
        }
        AgendaFacts facts;
        ASSIGN_OR_RETURN(meeting, Load(store_.meetings, t.meeting()));
        facts.meeting_date = FromProtoDate(meeting.value.date());
        if (t.normative()) {
          ASSIGN_OR_RETURN(lawful, Lawful(call, t.document()));
          facts.document_lawful = lawful;
        }
        if (t.major_administrative_decision()) {
          ASSIGN_OR_RETURN(lawful, Lawful(call, t.decision_file().legality_document()));
          facts.decision_file_lawful = lawful;
        }
        if (t.meets_delegates()) {
          ASSIGN_OR_RETURN(granted, ApprovalGranted(call, t.delegate_approval()));
          facts.delegate_approval_granted = granted;
        }
        return ApproveForAgenda(t, facts, me, call.env, fx);
      });
}

grpc::Status MeetingHandler::MoveTopic(grpc::ServerContext* ctx, const v1::MoveTopicRequest* req, v1::Topic* resp) {
  return Act<v1::Topic>(ctx, "MoveTopic", req->request_id(), *req, resp, req->name(), req->etag(), store_.topics,
                        "MTG-21", [&](Call& call, v1::Topic& t, Effects& fx) -> absl::Status {
                          ASSIGN_OR_RETURN(me, Me(call));
                          ASSIGN_OR_RETURN(from, Load(store_.meetings, t.meeting()));
                          ASSIGN_OR_RETURN(to, Load(store_.meetings, req->meeting()));
                          return meeting::MoveTopic(t, from.value, to.value, req->reason(), me, call.env, fx);
                        });
}

}  // namespace xianfu::meeting
