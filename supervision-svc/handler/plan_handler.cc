// The annual supervision plan (SUP-10), circulars (SUP-09, SUP-13, SUP-15) and the deputy's view
// of a reply (SUP-02).
#include "absl/strings/str_cat.h"
#include "common/deadline_proto.h"
#include "supervision-svc/domain/circular.h"
#include "supervision-svc/domain/plan.h"
#include "supervision-svc/handler/handler.h"

namespace xianfu::supervision {

grpc::Status SupervisionHandler::CreatePlan(grpc::ServerContext* ctx, const v1::CreatePlanRequest* req,
                                            v1::SupervisionPlan* resp) {
  return Create<v1::SupervisionPlan>(
      ctx, "CreatePlan", req->request_id(), *req, resp, store_.plans, "SUP-10",
      [&](Call& call, v1::SupervisionPlan& plan, Effects&) -> absl::Status {
        ASSIGN_OR_RETURN(me, Me(call));
        RETURN_IF_ERROR(RequireSupervision(call, me));
        plan = req->plan();
        std::optional<Versioned<v1::SupervisionPlan>> existing;
        RETURN_IF_ERROR(db_.Read([&](Tx& tx) -> absl::Status {
          ASSIGN_OR_RETURN(found, store_.PlanOf(tx, plan.year()));
          existing = std::move(found);
          return absl::OkStatus();
        }));
        if (existing.has_value()) {
          return absl::AlreadyExistsError(absl::StrCat("the plan for ", plan.year(), " is ", existing->value.name(),
                                                       "; an activity outside it is approved with ApproveAdHocItem"));
        }
        ASSIGN_OR_RETURN(name, Names()("plans"));
        plan.set_name(name);
        return DraftPlan(plan, call.actor(), call.env);
      });
}

grpc::Status SupervisionHandler::GetPlan(grpc::ServerContext* ctx, const v1::GetPlanRequest* req,
                                         v1::SupervisionPlan* resp) {
  return Answer(ctx, [&](Call&) -> absl::Status {
    ASSIGN_OR_RETURN(p, Load(store_.plans, req->name()));
    *resp = std::move(p.value);
    return absl::OkStatus();
  });
}

grpc::Status SupervisionHandler::ApprovePlan(grpc::ServerContext* ctx, const v1::ApprovePlanRequest* req,
                                             v1::SupervisionPlan* resp) {
  return Act<v1::SupervisionPlan>(ctx, "ApprovePlan", req->request_id(), *req, resp, req->name(), req->etag(),
                                  store_.plans, "SUP-10",
                                  [&](Call& call, v1::SupervisionPlan& plan, Effects&) -> absl::Status {
                                    ASSIGN_OR_RETURN(me, Me(call));
                                    return supervision::ApprovePlan(plan, me, call.env);
                                  });
}

grpc::Status SupervisionHandler::ApproveAdHocItem(grpc::ServerContext* ctx, const v1::ApproveAdHocItemRequest* req,
                                                  v1::SupervisionPlan* resp) {
  return Act<v1::SupervisionPlan>(
      ctx, "ApproveAdHocItem", req->request_id(), *req, resp, req->name(), req->etag(), store_.plans, "SUP-10",
      [&](Call& call, v1::SupervisionPlan& plan, Effects& fx) -> absl::Status {
        ASSIGN_OR_RETURN(me, Me(call));
        RETURN_IF_ERROR(supervision::ApproveAdHocItem(plan, req->item(), req->reason(), me, call.env));
        fx.Note("SUP-10", absl::StrCat(plan.items().rbegin()->name(), ": ", req->reason()));
        return absl::OkStatus();
      });
}

grpc::Status SupervisionHandler::FilePlan(grpc::ServerContext* ctx, const v1::FilePlanRequest* req,
                                          v1::SupervisionPlan* resp) {
  return Act<v1::SupervisionPlan>(
      ctx, "FilePlan", req->request_id(), *req, resp, req->name(), req->etag(), store_.plans, "SUP-10",
      [&](Call& call, v1::SupervisionPlan& plan, Effects&) -> absl::Status {
        ASSIGN_OR_RETURN(me, Me(call));
        RETURN_IF_ERROR(RequireSupervision(call, me));
        return supervision::FilePlan(plan, req->filed_with(), req->filing_reference(), call.env);
      });
}

absl::StatusOr<v1::PlanItem> SupervisionHandler::Planned(const Call& call, const std::string& item,
                                                         std::vector<common::v1::Warning>& warnings) {
  if (item.empty()) return Unplanned(call.policy(), "plan_item");
  ASSIGN_OR_RETURN(parsed, ParsePlanItem(item));
  std::optional<v1::SupervisionPlan> plan;
  RETURN_IF_ERROR(db_.Read([&](Tx& tx) -> absl::Status {
    ASSIGN_OR_RETURN(p, store_.plans.Get(tx, parsed.first));
    plan = std::move(p.value);
    return absl::OkStatus();
  }));
  return PlannedItem(*plan, item, call.env, warnings);
}

absl::StatusOr<v1::Circular> SupervisionHandler::CountCircular(absl::CivilDay start, absl::CivilDay end,
                                                               const Env& env) {
  if (end < start) return absl::InvalidArgumentError("period_end is before period_start");
  if (end - start > 366) return absl::InvalidArgumentError("a circular covers at most a year");
  std::vector<v1::Task> due;
  RETURN_IF_ERROR(db_.Read([&](Tx& tx) -> absl::Status {
    ASSIGN_OR_RETURN(tasks, store_.TasksForCircular(tx, start, end));
    due = std::move(tasks);
    return absl::OkStatus();
  }));
  for (v1::Task& t : due) Paint(t, env);
  return ComposeCircular(start, end, due, env);
}

grpc::Status SupervisionHandler::IssueCircular(grpc::ServerContext* ctx, const v1::IssueCircularRequest* req,
                                               v1::Circular* resp) {
  return Create<v1::Circular>(ctx, "IssueCircular", req->request_id(), *req, resp, store_.circulars, "SUP-09",
                              [&](Call& call, v1::Circular& c, Effects& fx) -> absl::Status {
                                ASSIGN_OR_RETURN(me, Me(call));
                                RETURN_IF_ERROR(RequireSupervision(call, me));
                                ASSIGN_OR_RETURN(start, RequiredDate(req->period_start(), "period_start"));
                                ASSIGN_OR_RETURN(end, RequiredDate(req->period_end(), "period_end"));
                                ASSIGN_OR_RETURN(counted, CountCircular(start, end, call.env));
                                c = std::move(counted);
                                ASSIGN_OR_RETURN(name, Names()("circulars"));
                                c.set_name(name);
                                c.set_issued_by(call.actor());
                                *c.mutable_create_time() = ToProtoTime(call.env.now);
                                v1::CircularIssued issued;
                                *issued.mutable_circular() = c;
                                fx.Publish(c.name(), issued);
                                return absl::OkStatus();
                              });
}

grpc::Status SupervisionHandler::GetCircular(grpc::ServerContext* ctx, const v1::GetCircularRequest* req,
                                             v1::Circular* resp) {
  return Answer(ctx, [&](Call&) -> absl::Status {
    ASSIGN_OR_RETURN(c, Load(store_.circulars, req->name()));
    *resp = std::move(c.value);
    return absl::OkStatus();
  });
}

grpc::Status SupervisionHandler::ListCirculars(grpc::ServerContext* ctx, const v1::ListCircularsRequest* req,
                                               v1::ListCircularsResponse* resp) {
  return List<v1::Circular>(ctx, req->page_size(), req->page_token(), "circulars", resp->mutable_circulars(),
                            resp->mutable_next_page_token(),
                            [&](Call&, const PageRequest& page) -> absl::StatusOr<PageQuery<v1::Circular>> {
                              return store_.circulars.ListQuery("", {}, page);
                            });
}

absl::Status SupervisionHandler::IssuePeriodicCircular(Tx& tx, const Timer& timer) {
  // The timer fires the day after a period ends; the circular covers that period.
  const absl::CivilDay day = absl::ToCivilDay(timer.due_at, ChinaTimeZone());
  Call call = SystemCall("PeriodicCircular");
  const policy::v1::Frequency period = call.policy().proto().supervision().circular_period().value();
  const auto [start, end] = PeriodOf(period, day - 1);
  Effects fx;
  ASSIGN_OR_RETURN(tasks, store_.TasksForCircular(tx, start, end));
  for (v1::Task& t : tasks) Paint(t, call.env);
  v1::Circular c = ComposeCircular(start, end, tasks, call.env);
  ASSIGN_OR_RETURN(name, Names()("circulars"));
  c.set_name(name);
  c.set_issued_by("supervision-svc");
  *c.mutable_create_time() = ToProtoTime(call.env.now);
  fx.Insert(c);
  fx.Audit(c.name(), "PeriodicCircular", "SUP-09", nullptr, c,
           absl::StrCat(absl::FormatCivilTime(start), "…", absl::FormatCivilTime(end)));
  v1::CircularIssued issued;
  *issued.mutable_circular() = c;
  fx.Publish(c.name(), issued);
  // The next period's circular, in a row of its own.
  const absl::CivilDay next = PeriodOf(period, end + 1).second + 1;
  fx.SetTimer(kCircularTimer, absl::StrCat("circulars/period/", absl::FormatCivilTime(next)), CircularTimeOf(next));
  Applied applied;
  return Apply(call, tx, fx, applied);
}

absl::Time SupervisionHandler::CircularTimeOf(absl::CivilDay day) {
  return absl::FromCivil(absl::CivilSecond(day.year(), day.month(), day.day(), 0, 10, 0), ChinaTimeZone());
}

grpc::Status SupervisionHandler::RecordSatisfaction(grpc::ServerContext* ctx, const v1::RecordSatisfactionRequest* req,
                                                    v1::Suggestion* resp) {
  return Act<v1::Suggestion>(ctx, "RecordSatisfaction", req->request_id(), *req, resp, req->name(), req->etag(),
                             store_.suggestions, "SUP-02",
                             [&](Call& call, v1::Suggestion& s, Effects& fx) -> absl::Status {
                               if (!call.caller.trusted) {
                                 ASSIGN_OR_RETURN(me, Me(call));
                                 if (!me.Has("R-SUP")) RETURN_IF_ERROR(org::RequireOffice(me));
                               }
                               RETURN_IF_ERROR(supervision::RecordSatisfaction(s, req->satisfaction(), call.env, fx));
                               fx.Note("SUP-02", absl::StrCat(v1::Satisfaction_Name(req->satisfaction()),
                                                              req->comment().empty() ? "" : ": ", req->comment()));
                               return absl::OkStatus();
                             });
}

}  // namespace xianfu::supervision
