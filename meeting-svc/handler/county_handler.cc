// County-wide meetings and next year's plans (MTG-25…MTG-28).
#include "absl/strings/str_cat.h"
#include "common/deadline_proto.h"
#include "meeting-svc/handler/handler.h"

namespace xianfu::meeting {

grpc::Status MeetingHandler::CreateCountyMeeting(grpc::ServerContext* ctx, const v1::CreateCountyMeetingRequest* req,
                                                 v1::CountyMeeting* resp) {
  return Create<v1::CountyMeeting>(
      ctx, "CreateCountyMeeting", req->request_id(), *req, resp, store_.county_meetings, "MTG-26",
      [&](Call& call, v1::CountyMeeting& m, Effects& fx) -> absl::Status {
        m = req->county_meeting();
        ASSIGN_OR_RETURN(day, RequiredDate(m.date(), "county_meeting.date"));
        org::Questions q(call.env.now);
        org::CallerQ me_q = org::AskCaller(call.caller, q);
        org::UnitQ unit_q = q.Unit(m.unit());
        ASSIGN_OR_RETURN(answers, peers_.directory->Ask(call.ctx, q));
        ASSIGN_OR_RETURN(me, org::CallerFrom(call.caller, me_q, answers));
        if (!me.Has("R-CH")) RETURN_IF_ERROR(RequireUnitOrOffice(me, m.unit(), "ask for its county-wide meetings"));
        CountyMeetingFacts facts;
        ASSIGN_OR_RETURN(unit, answers.Get(unit_q));
        facts.unit = std::move(unit);
        RETURN_IF_ERROR(db_.Read([&](Tx& tx) -> absl::Status {
          ASSIGN_OR_RETURN(n, store_.CountyMeetingsIn(tx, m.unit(), static_cast<int>(day.year())));
          facts.same_year_count = n;
          if (!m.plan_decision().empty()) {
            ASSIGN_OR_RETURN(d, store_.decisions.Get(tx, m.plan_decision()));
            ASSIGN_OR_RETURN(pm, store_.meetings.Get(tx, d.value.meeting()));
            facts.plan_decision = d.value;
            facts.plan_meeting = pm.value;
          }
          return absl::OkStatus();
        }));
        ASSIGN_OR_RETURN(name, Names()("countyMeetings"));
        m.set_name(name);
        std::vector<common::v1::OverrideRequest> overrides(req->overrides().begin(), req->overrides().end());
        return RequestCountyMeeting(m, facts, overrides, me, call.env, fx);
      });
}

grpc::Status MeetingHandler::GetCountyMeeting(grpc::ServerContext* ctx, const v1::GetCountyMeetingRequest* req,
                                              v1::CountyMeeting* resp) {
  return Answer(ctx, [&](Call&) -> absl::Status {
    ASSIGN_OR_RETURN(m, Load(store_.county_meetings, req->name()));
    *resp = std::move(m.value);
    return absl::OkStatus();
  });
}

grpc::Status MeetingHandler::ListCountyMeetings(grpc::ServerContext* ctx, const v1::ListCountyMeetingsRequest* req,
                                                v1::ListCountyMeetingsResponse* resp) {
  return List<v1::CountyMeeting>(
      ctx, req->page_size(), req->page_token(), "countyMeetings", resp->mutable_county_meetings(),
      resp->mutable_next_page_token(),
      [&](Call&, const PageRequest& page) -> absl::StatusOr<PageQuery<v1::CountyMeeting>> {
        Filter f;
        f.Eq("unit_id", IdOf(req->unit(), "units").value_or("")).Eq("meeting_year", int64_t{req->year()});
        return store_.county_meetings.ListQuery(f, page);
      });
}

grpc::Status MeetingHandler::ApproveCountyMeeting(grpc::ServerContext* ctx, const v1::ApproveCountyMeetingRequest* req,
                                                  v1::CountyMeeting* resp) {
  return Act<v1::CountyMeeting>(
      ctx, "ApproveCountyMeeting", req->request_id(), *req, resp, req->name(), req->etag(), store_.county_meetings,
      "MTG-26", [&](Call& call, v1::CountyMeeting& m, Effects&) -> absl::Status {
        ASSIGN_OR_RETURN(me, Me(call));
        if (!me.Has("R-CH")) {
          return call.policy().Refuse(absl::StatusCode::kPermissionDenied, "MTG-26", "全县性会议由县政府(县长)批准",
                                      "county-wide meetings are approved by the county head");
        }
        return meeting::ApproveCountyMeeting(m, req->approve_local_heads(), me, call.env);
      });
}

grpc::Status MeetingHandler::SubmitMeetingPlan(grpc::ServerContext* ctx, const v1::SubmitMeetingPlanRequest* req,
                                               v1::MeetingPlan* resp) {
  return Create<v1::MeetingPlan>(ctx, "SubmitMeetingPlan", req->request_id(), *req, resp, store_.meeting_plans,
                                 "MTG-27", [&](Call& call, v1::MeetingPlan& plan, Effects& fx) -> absl::Status {
                                   plan = req->plan();
                                   org::Questions q(call.env.now);
                                   org::CallerQ me_q = org::AskCaller(call.caller, q);
                                   org::UnitQ unit_q = q.Unit(plan.unit());
                                   org::HolderQ director_q = q.Holder("R-OD");
                                   ASSIGN_OR_RETURN(answers, peers_.directory->Ask(call.ctx, q));
                                   ASSIGN_OR_RETURN(me, org::CallerFrom(call.caller, me_q, answers));
                                   RETURN_IF_ERROR(answers.Get(unit_q).status());
                                   RETURN_IF_ERROR(RequireUnitOrOffice(me, plan.unit(), "submit its meeting plan"));
                                   ASSIGN_OR_RETURN(director, answers.Get(director_q));
                                   ASSIGN_OR_RETURN(name, Names()("meetingPlans"));
                                   plan.set_name(name);
                                   return SubmitPlan(plan, director, me.official, call.env, Names(), fx);
                                 });
}

}  // namespace xianfu::meeting
