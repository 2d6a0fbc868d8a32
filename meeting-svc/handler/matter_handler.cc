// Matters, their routes and approvals, and the decisions meetings record (MTG-06, MTG-08…MTG-12,
// MTG-20, MTG-23).
#include "absl/strings/str_cat.h"
#include "common/deadline_proto.h"
#include "meeting-svc/handler/handler.h"

namespace xianfu::meeting {
namespace {

namespace pv1 = ::xianfu::personnel::v1;

bool Aggregates(const v1::Matter& m, const Policy& policy) {
  return m.kind() == v1::MATTER_KIND_FUND_ADJUSTMENT && !m.project_code().empty() &&
         policy.proto().funds().aggregation_window().value() == policy::v1::AGGREGATION_WINDOW_FISCAL_YEAR;
}

}  // namespace

grpc::Status MeetingHandler::RouteMatter(grpc::ServerContext* ctx, const v1::RouteMatterRequest* req, v1::Route* resp) {
  if (req->has_matter()) {
    return Answer(ctx, [&](Call& call) -> absl::Status {
      *resp = RouteOf(req->matter(), req->matter().amount().fen(), call.policy());
      return absl::OkStatus();
    });
  }
  return Answer(ctx, [&](Call& call) -> absl::Status {
    if (req->name().empty()) return absl::InvalidArgumentError("name or matter is required");
    ASSIGN_OR_RETURN(m, Load(store_.matters, req->name()));
    // The route it was registered under, with the approvals still missing.
    *resp = m.value.route();
    return absl::OkStatus();
  });
}

grpc::Status MeetingHandler::CreateMatter(grpc::ServerContext* ctx, const v1::CreateMatterRequest* req,
                                          v1::Matter* resp) {
  return Create<v1::Matter>(
      ctx, "CreateMatter", req->request_id(), *req, resp, store_.matters, "MTG-09",
      [&](Call& call, v1::Matter& m, Effects& fx) -> absl::Status {
        m = req->matter();
        org::Questions q(call.env.now);
        org::CallerQ me_q = org::AskCaller(call.caller, q);
        org::UnitQ unit_q = q.Unit(m.unit());
        org::HolderQ secretary_q = q.Holder("R-PGS");
        org::HolderQ head_q = q.Holder("R-CH");
        ASSIGN_OR_RETURN(answers, peers_.directory->Ask(call.ctx, q));
        ASSIGN_OR_RETURN(me, org::CallerFrom(call.caller, me_q, answers));
        RETURN_IF_ERROR(answers.Get(unit_q).status());
        if (!call.caller.trusted) RETURN_IF_ERROR(RequireUnitOrOffice(me, m.unit(), "register its matters"));
        if (m.kind() == v1::MATTER_KIND_FUND_ADJUSTMENT && m.fiscal_year() == 0) {
          m.set_fiscal_year(static_cast<int>(call.env.today.year()));
        }
        int64_t cumulative = m.amount().fen();
        if (Aggregates(m, call.policy())) {
          RETURN_IF_ERROR(db_.Read([&](Tx& tx) -> absl::Status {
            ASSIGN_OR_RETURN(total, store_.ProjectTotal(tx, m.project_code(), m.purpose(), m.fiscal_year()));
            cumulative += total;
            return absl::OkStatus();
          }));
        }
        ASSIGN_OR_RETURN(name, Names()("matters"));
        m.set_name(name);
        RETURN_IF_ERROR(RegisterMatter(m, cumulative, me.official, call.env));
        if (cumulative > m.amount().fen()) {
          fx.Note("MTG-09", absl::StrCat("AMB-05: project ", m.project_code(), " adds up to ", cumulative, " fen"));
          // The party-group secretary hears of an item raised to his meeting, else the county head.
          const bool party_group = !m.route().steps().empty() && m.route().steps(0).forum() == v1::FORUM_PARTY_GROUP;
          ASSIGN_OR_RETURN(who, answers.Get(party_group ? secretary_q : head_q));
          RETURN_IF_ERROR(EscalateRaisedForum(m, who, call.env, Names(), fx));
        }
        return absl::OkStatus();
      });
}

grpc::Status MeetingHandler::GetMatter(grpc::ServerContext* ctx, const v1::GetMatterRequest* req, v1::Matter* resp) {
  return Answer(ctx, [&](Call&) -> absl::Status {
    ASSIGN_OR_RETURN(m, Load(store_.matters, req->name()));
    *resp = std::move(m.value);
    return absl::OkStatus();
  });
}

grpc::Status MeetingHandler::ListMatters(grpc::ServerContext* ctx, const v1::ListMattersRequest* req,
                                         v1::ListMattersResponse* resp) {
  return List<v1::Matter>(ctx, req->page_size(), req->page_token(), "matters", resp->mutable_matters(),
                          resp->mutable_next_page_token(),
                          [&](Call&, const PageRequest& page) -> absl::StatusOr<PageQuery<v1::Matter>> {
                            Filter f;
                            f.Eq("unit_id", IdOf(req->unit(), "units").value_or("")).Eq("state", int64_t{req->state()});
                            return store_.matters.ListQuery(f, page);
                          });
}

grpc::Status MeetingHandler::ApproveMatter(grpc::ServerContext* ctx, const v1::ApproveMatterRequest* req,
                                           v1::Matter* resp) {
  return Act<v1::Matter>(
      ctx, "ApproveMatter", req->request_id(), *req, resp, req->name(), req->etag(), store_.matters, "MTG-09",
      [&](Call& call, v1::Matter& m, Effects& fx) -> absl::Status {
        ASSIGN_OR_RETURN(step, OpenPersonStep(m, call.policy()));
        org::Questions q(call.env.now);
        org::CallerQ me_q = org::AskCaller(call.caller, q);
        std::optional<org::ActingQ> check_q;
        if (!call.caller.official().empty()) {
          if (step.forum == v1::FORUM_COUNTY_HEAD) {
            // AMB-09: a stand-in approves only under an entrustment covering it.
            check_q = q.Check(org::Principal::Role("R-CH"), pv1::ACT_KIND_FUND_APPROVAL, call.caller.official());
          } else if (step.forum == v1::FORUM_DEPUTY_HEAD) {
            check_q =
                q.Check(org::Principal::LeaderOf(m.unit()), pv1::ACT_KIND_PORTFOLIO_APPROVAL, call.caller.official());
          }
        }
        org::UnitQ unit_q = q.Unit(m.unit());
        ASSIGN_OR_RETURN(answers, peers_.directory->Ask(call.ctx, q));
        ASSIGN_OR_RETURN(me, org::CallerFrom(call.caller, me_q, answers));
        org::Acting acting;
        acting.principal = acting.actor = me.official;
        absl::Status allowed = absl::PermissionDeniedError("no official act");
        if (step.forum == v1::FORUM_DEPARTMENT) {
          ASSIGN_OR_RETURN(unit, answers.Get(unit_q));
          if (unit.principal_head == me.official) allowed = absl::OkStatus();
        } else if (check_q.has_value()) {
          absl::StatusOr<org::Acting> a = answers.Get(*check_q);
          allowed = a.status();
          if (a.ok()) acting = *a;
        }
        if (!allowed.ok()) {
          return call.policy().Refuse(absl::StatusCode::kPermissionDenied,
                                      step.forum == v1::FORUM_COUNTY_HEAD ? "MTG-09" : "MTG-17",
                                      absl::StrCat(me.official, "无权审批该事项：", allowed.message()),
                                      absl::StrCat(me.official, " may not approve it: ", allowed.message()));
        }
        return ApproveInPerson(m, me, acting, call.env, fx);
      });
}

grpc::Status MeetingHandler::ExecuteMatter(grpc::ServerContext* ctx, const v1::ExecuteMatterRequest* req,
                                           v1::Matter* resp) {
  return Act<v1::Matter>(ctx, "ExecuteMatter", req->request_id(), *req, resp, req->name(), req->etag(), store_.matters,
                         "MTG-09", [&](Call& call, v1::Matter& m, Effects& fx) -> absl::Status {
                           if (!call.caller.trusted) {
                             // The finance bureau pays; the department carries out its own matter.
                             ASSIGN_OR_RETURN(me, Me(call));
                             if (!me.Has("R-FIN") && !me.InUnit(m.unit())) {
                               return absl::PermissionDeniedError(absl::StrCat(
                                   "a matter is carried out by the finance bureau or by ", m.unit().substr(0, 80)));
                             }
                           }
                           return Execute(m, call.actor(), call.env, fx);
                         });
}

grpc::Status MeetingHandler::RecordDecision(grpc::ServerContext* ctx, const v1::RecordDecisionRequest* req,
                                            v1::Decision* resp) {
  return Perform(ctx, "RecordDecision", req->request_id(), *req, resp, [&](Call& call, Effects& fx) -> absl::Status {
    v1::Decision d = req->decision();
    org::Questions q(call.env.now);
    org::CallerQ me_q = org::AskCaller(call.caller, q);
    org::HolderQ director_q = q.Holder("R-OD");
    org::HolderQ supervision_q = q.Holder("R-SUP");
    std::optional<org::UnitQ> unit_q;
    if (!d.responsible_unit().empty()) unit_q = q.Unit(d.responsible_unit());
    ASSIGN_OR_RETURN(answers, peers_.directory->Ask(call.ctx, q));
    ASSIGN_OR_RETURN(me, org::CallerFrom(call.caller, me_q, answers));
    RETURN_IF_ERROR(RequireOffice(me));
    // The responsible unit exists (supervision opens its task with it).
    if (unit_q.has_value()) RETURN_IF_ERROR(answers.Get(*unit_q).status());
    std::vector<std::string> escalate_to;
    for (const org::HolderQ& h : {director_q, supervision_q}) {
      ASSIGN_OR_RETURN(who, answers.Get(h));
      if (!who.empty()) escalate_to.push_back(who);
    }
    ASSIGN_OR_RETURN(meeting, Load(store_.meetings, d.meeting()));
    std::optional<v1::Topic> topic;
    int64_t topic_version = 0;
    if (!d.topic().empty()) {
      ASSIGN_OR_RETURN(t, Load(store_.topics, d.topic()));
      topic_version = t.version;
      topic = t.value;
      if (d.matter().empty()) d.set_matter(t.value.matter());
    }
    std::optional<v1::Matter> matter;
    int64_t matter_version = 0;
    if (!d.matter().empty()) {
      ASSIGN_OR_RETURN(m, Load(store_.matters, d.matter()));
      matter_version = m.version;
      matter = m.value;
    }
    const std::optional<v1::Topic> topic_before = topic;
    const std::optional<v1::Matter> matter_before = matter;
    ASSIGN_OR_RETURN(name, Names()("decisions"));
    d.set_name(name);
    RETURN_IF_ERROR(meeting::RecordDecision(d, meeting.value, &matter, &topic, escalate_to, call.env, fx));
    fx.Insert(d);
    fx.Audit(d.name(), call.method, "MTG-20", nullptr, d);
    if (matter.has_value()) {
      fx.Update(*matter, matter_version);
      fx.Audit(matter->name(), "DecidedAtMeeting", "MTG-09", &*matter_before, *matter, d.name());
    }
    if (topic.has_value()) {
      fx.Update(*topic, topic_version);
      fx.Audit(topic->name(), "DecidedAtMeeting", "MTG-13", &*topic_before, *topic, d.name());
    }
    *resp = d;
    resp->set_etag(EtagOf(1));
    return absl::OkStatus();
  });
}

grpc::Status MeetingHandler::GetDecision(grpc::ServerContext* ctx, const v1::GetDecisionRequest* req,
                                         v1::Decision* resp) {
  return Answer(ctx, [&](Call&) -> absl::Status {
    ASSIGN_OR_RETURN(d, Load(store_.decisions, req->name()));
    *resp = std::move(d.value);
    return absl::OkStatus();
  });
}

grpc::Status MeetingHandler::ListDecisions(grpc::ServerContext* ctx, const v1::ListDecisionsRequest* req,
                                           v1::ListDecisionsResponse* resp) {
  return List<v1::Decision>(ctx, req->page_size(), req->page_token(), "decisions", resp->mutable_decisions(),
                            resp->mutable_next_page_token(),
                            [&](Call&, const PageRequest& page) -> absl::StatusOr<PageQuery<v1::Decision>> {
                              Filter f;
                              f.Eq("meeting_id", IdOf(req->meeting(), "meetings").value_or(""))
                                  .Eq("matter_id", NumericIdOf(req->matter(), "matters").value_or(0))
                                  .Eq("issue_state", int64_t{req->issue_state()});
                              return store_.decisions.ListQuery(f, page);
                            });
}

grpc::Status MeetingHandler::RecordDecisionDocumentIssued(grpc::ServerContext* ctx,
                                                          const v1::RecordDecisionDocumentIssuedRequest* req,
                                                          v1::Decision* resp) {
  return Act<v1::Decision>(ctx, "RecordDecisionDocumentIssued", req->request_id(), *req, resp, req->name(), req->etag(),
                           store_.decisions, "MTG-23", [&](Call& call, v1::Decision& d, Effects& fx) -> absl::Status {
                             if (!call.caller.trusted) {
                               ASSIGN_OR_RETURN(me, Me(call));
                               RETURN_IF_ERROR(RequireOffice(me));
                             }
                             ASSIGN_OR_RETURN(day, OptionalDate(req->issue_date(), call.env.today, "issue_date"));
                             return DocumentIssued(d, req->document(), day, req->county_committee_report(), call.env,
                                                   fx);
                           });
}

grpc::Status MeetingHandler::ExcuseDocumentDelay(grpc::ServerContext* ctx, const v1::ExcuseDocumentDelayRequest* req,
                                                 v1::Decision* resp) {
  return Act<v1::Decision>(ctx, "ExcuseDocumentDelay", req->request_id(), *req, resp, req->name(), req->etag(),
                           store_.decisions, "MTG-23", [&](Call& call, v1::Decision& d, Effects& fx) -> absl::Status {
                             ASSIGN_OR_RETURN(me, Me(call));
                             return ExcuseDelay(d, req->reason(), me, call.env, fx);
                           });
}

grpc::Status MeetingHandler::RecordDecisionPublication(grpc::ServerContext* ctx,
                                                       const v1::RecordDecisionPublicationRequest* req,
                                                       v1::Decision* resp) {
  return Act<v1::Decision>(ctx, "RecordDecisionPublication", req->request_id(), *req, resp, req->name(), req->etag(),
                           store_.decisions, "MTG-29", [&](Call& call, v1::Decision& d, Effects& fx) -> absl::Status {
                             if (!call.caller.trusted) {
                               ASSIGN_OR_RETURN(me, Me(call));
                               RETURN_IF_ERROR(RequireOffice(me));
                             }
                             return RecordPublication(d, req->published_at(), req->exempt_basis(),
                                                      req->interpretation(), call.env, fx);
                           });
}

}  // namespace xianfu::meeting
