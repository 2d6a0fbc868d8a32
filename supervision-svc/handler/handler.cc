#include "supervision-svc/handler/handler.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "common/deadline_proto.h"
#include "common/errors.h"
#include "common/log.h"
#include "common/timers.h"
#include "supervision-svc/domain/circular.h"
#include "supervision-svc/domain/plan.h"

namespace xianfu::supervision {

SupervisionHandler::SupervisionHandler(ServiceContext& context, std::unique_ptr<org::Directory> directory,
                                       std::vector<std::pair<std::string, std::shared_ptr<grpc::Channel>>> modules)
    : HandlerBase(context, "supervision"),
      directory_(std::move(directory)),
      modules_(std::move(modules)),
      token_(context.service_token) {
  store_.Register(tables_);
}

absl::StatusOr<Person> SupervisionHandler::Me(const Call& call) {
  return directory_->CallerAlone(call.ctx, call.caller, call.env.now);
}

absl::StatusOr<std::pair<Person, org::Unit>> SupervisionHandler::MeAndUnit(const Call& call, const std::string& unit) {
  org::Questions q(call.env.now);
  org::CallerQ me_q = org::AskCaller(call.caller, q);
  org::UnitQ unit_q = q.Unit(unit);
  ASSIGN_OR_RETURN(answers, directory_->Ask(call.ctx, q));
  ASSIGN_OR_RETURN(me, org::CallerFrom(call.caller, me_q, answers));
  ASSIGN_OR_RETURN(u, answers.Get(unit_q));
  return std::pair<Person, org::Unit>(std::move(me), std::move(u));
}

absl::Status SupervisionHandler::RequireLeadUnit(const Person& me, const v1::Task& task) const {
  if (me.InUnit(task.lead_unit())) return absl::OkStatus();
  return absl::PermissionDeniedError(absl::StrCat("the lead unit (", task.lead_unit().substr(0, 80), ") reports"));
}

absl::Status SupervisionHandler::RequireSupervision(const Call& call, const Person& me) const {
  if (me.Has("R-SUP") || call.caller.trusted) return absl::OkStatus();
  return absl::PermissionDeniedError("this step is for the supervision office (R-SUP)");
}

grpc::Status SupervisionHandler::CreateTask(grpc::ServerContext* ctx, const v1::CreateTaskRequest* req,
                                            v1::Task* resp) {
  return Create<v1::Task>(ctx, "CreateTask", req->request_id(), *req, resp, store_.tasks, "SUP-09",
                          [&](Call& call, v1::Task& t, Effects& fx) -> absl::Status {
                            t = req->task();
                            std::vector<common::v1::Warning> warnings;
                            org::Questions q(call.env.now);
                            org::CallerQ me_q = org::AskCaller(call.caller, q);
                            org::UnitQ lead_q = q.Unit(t.lead_unit());
                            org::HolderQ supervisor_q = q.Holder("R-SUP");
                            org::HolderQ county_head_q = q.Holder("R-CH");
                            org::HolderQ spokesperson_q = q.Holder("R-SPOKES");
                            org::HolderQ director_q = q.Holder("R-OD");
                            ASSIGN_OR_RETURN(answers, directory_->Ask(call.ctx, q));
                            ASSIGN_OR_RETURN(me, org::CallerFrom(call.caller, me_q, answers));
                            RETURN_IF_ERROR(RequireSupervision(call, me));
                            if (NeedsPlanItem(t)) RETURN_IF_ERROR(Planned(call, t.plan_item(), warnings).status());
                            // A vacant post is nobody to tell, not a reason to refuse the task.
                            OversightContacts contacts;
                            for (auto [q_ptr, out] : {std::pair{&county_head_q, &contacts.county_head},
                                                      std::pair{&spokesperson_q, &contacts.spokesperson},
                                                      std::pair{&director_q, &contacts.office_director}}) {
                              absl::StatusOr<std::string> holder = answers.Get(*q_ptr);
                              if (holder.ok()) {
                                *out = *holder;
                              } else if (!absl::IsNotFound(holder.status())) {
                                return holder.status();
                              }
                            }
                            ASSIGN_OR_RETURN(lead, answers.Get(lead_q));
                            ASSIGN_OR_RETURN(supervisor, answers.Get(supervisor_q));
                            ASSIGN_OR_RETURN(name, Names()("tasks"));
                            t.set_name(name);
                            t.clear_source();
                            RETURN_IF_ERROR(OpenTask(t, lead, supervisor, call.actor(), call.env, fx, contacts));
                            for (common::v1::Warning& w : warnings) *t.add_warnings() = std::move(w);
                            Paint(t, call.env);
                            return absl::OkStatus();
                          });
}

grpc::Status SupervisionHandler::GetTask(grpc::ServerContext* ctx, const v1::GetTaskRequest* req, v1::Task* resp) {
  return Answer(ctx, [&](Call& call) -> absl::Status {
    ASSIGN_OR_RETURN(t, Load(store_.tasks, req->name()));
    *resp = std::move(t.value);
    Paint(*resp, call.env);
    return absl::OkStatus();
  });
}

grpc::Status SupervisionHandler::ListTasks(grpc::ServerContext* ctx, const v1::ListTasksRequest* req,
                                           v1::ListTasksResponse* resp) {
  grpc::Status s = List<v1::Task>(ctx, req->page_size(), req->page_token(), "tasks", resp->mutable_tasks(),
                                  resp->mutable_next_page_token(),
                                  [&](Call&, const PageRequest& page) -> absl::StatusOr<PageQuery<v1::Task>> {
                                    Filter f;
                                    f.Eq("lead_unit", IdOf(req->lead_unit(), "units").value_or(""))
                                        .Eq("state", int64_t{req->state()})
                                        .Eq("source_name", req->source_name());
                                    return store_.tasks.ListQuery(f, page);
                                  });
  if (s.ok()) {
    const Env env = CurrentEnv();
    for (v1::Task& t : *resp->mutable_tasks()) Paint(t, env);
  }
  return s;
}

grpc::Status SupervisionHandler::Step(
    grpc::ServerContext* ctx, absl::string_view method, const std::string& request_id,
    const google::protobuf::Message& req, v1::Task* resp, const std::string& name, const std::string& etag,
    const std::string& rule_id, const std::function<absl::Status(Call&, const Person&, v1::Task&, Effects&)>& decide) {
  grpc::Status s = Act<v1::Task>(ctx, method, request_id, req, resp, name, etag, store_.tasks, rule_id,
                                 [&](Call& call, v1::Task& t, Effects& fx) -> absl::Status {
                                   ASSIGN_OR_RETURN(me, Me(call));
                                   return decide(call, me, t, fx);
                                 });
  if (s.ok()) Paint(*resp, CurrentEnv());
  return s;
}

grpc::Status SupervisionHandler::ReportProgress(grpc::ServerContext* ctx, const v1::ReportProgressRequest* req,
                                                v1::Task* resp) {
  return Step(ctx, "ReportProgress", req->request_id(), *req, resp, req->name(), req->etag(), "SUP-09",
              [&](Call& call, const Person& me, v1::Task& t, Effects&) -> absl::Status {
                RETURN_IF_ERROR(RequireLeadUnit(me, t));
                return supervision::ReportProgress(t, req->text(), me, call.env);
              });
}

grpc::Status SupervisionHandler::ReportDone(grpc::ServerContext* ctx, const v1::ReportDoneRequest* req,
                                            v1::Task* resp) {
  return Step(ctx, "ReportDone", req->request_id(), *req, resp, req->name(), req->etag(), "SUP-09",
              [&](Call& call, const Person& me, v1::Task& t, Effects&) -> absl::Status {
                RETURN_IF_ERROR(RequireLeadUnit(me, t));
                return supervision::ReportDone(t, req->summary(), me, call.env);
              });
}

grpc::Status SupervisionHandler::VerifyTask(grpc::ServerContext* ctx, const v1::VerifyTaskRequest* req,
                                            v1::Task* resp) {
  return Step(ctx, "VerifyTask", req->request_id(), *req, resp, req->name(), req->etag(), "SUP-09",
              [&](Call& call, const Person& me, v1::Task& t, Effects& fx) -> absl::Status {
                RETURN_IF_ERROR(RequireSupervision(call, me));
                std::optional<absl::CivilDay> by;
                if (req->has_rectification_deadline()) {
                  ASSIGN_OR_RETURN(day, RequiredDate(req->rectification_deadline(), "rectification_deadline"));
                  by = day;
                }
                return Verify(t, req->passed(), req->finding(), by, me, call.env, fx);
              });
}

grpc::Status SupervisionHandler::SubmitRectificationReport(grpc::ServerContext* ctx,
                                                           const v1::SubmitRectificationReportRequest* req,
                                                           v1::Task* resp) {
  return Step(ctx, "SubmitRectificationReport", req->request_id(), *req, resp, req->name(), req->etag(), "SUP-16",
              [&](Call& call, const Person& me, v1::Task& t, Effects&) -> absl::Status {
                RETURN_IF_ERROR(RequireLeadUnit(me, t));
                return SubmitRectification(t, req->report(), call.env);
              });
}

grpc::Status SupervisionHandler::RecordPublication(grpc::ServerContext* ctx, const v1::RecordPublicationRequest* req,
                                                   v1::Task* resp) {
  return Step(ctx, "RecordPublication", req->request_id(), *req, resp, req->name(), req->etag(), "SUP-05",
              [&](Call& call, const Person& me, v1::Task& t, Effects& fx) -> absl::Status {
                if (!call.caller.trusted && !me.Has("R-SUP") && !me.Has("R-SPOKES")) {
                  RETURN_IF_ERROR(org::RequireUnitOrOffice(me, t.lead_unit(), "record where it was published"));
                }
                return supervision::RecordPublication(t, req->published_at(), call.env, fx);
              });
}

grpc::Status SupervisionHandler::CloseTask(grpc::ServerContext* ctx, const v1::CloseTaskRequest* req, v1::Task* resp) {
  return Step(ctx, "CloseTask", req->request_id(), *req, resp, req->name(), req->etag(), "SUP-16",
              [&](Call& call, const Person& me, v1::Task& t, Effects& fx) -> absl::Status {
                RETURN_IF_ERROR(RequireSupervision(call, me));
                return Close(t, call.env, fx);
              });
}

grpc::Status SupervisionHandler::DrawInspection(grpc::ServerContext* ctx, const v1::DrawInspectionRequest* req,
                                                v1::Inspection* resp) {
  return Create<v1::Inspection>(
      ctx, "DrawInspection", req->request_id(), *req, resp, store_.inspections, "SUP-12",
      [&](Call& call, v1::Inspection& inspection, Effects&) -> absl::Status {
        ASSIGN_OR_RETURN(me, Me(call));
        RETURN_IF_ERROR(RequireSupervision(call, me));
        std::vector<common::v1::Warning> warnings;
        RETURN_IF_ERROR(Planned(call, req->plan_item(), warnings).status());
        inspection.set_plan_item(req->plan_item());
        std::vector<std::string> population;
        RETURN_IF_ERROR(db_.Read([&](Tx& tx) -> absl::Status {
          ASSIGN_OR_RETURN(open, store_.OpenTasks(tx, req->lead_unit()));
          population = std::move(open);
          return absl::OkStatus();
        }));
        // A seed not given is taken from the clock (microseconds: within the 2^53 every JSON client
        // can send back to repeat the draw), and recorded like a given one.
        const uint64_t seed = req->seed() != 0 ? req->seed() : static_cast<uint64_t>(absl::ToUnixMicros(call.env.now));
        ASSIGN_OR_RETURN(name, Names()("inspections"));
        inspection.set_name(name);
        inspection.set_method(req->method());
        inspection.set_seed(seed);
        inspection.set_sample_size(req->sample_size());
        inspection.set_algorithm(kDrawAlgorithm);
        for (const std::string& selected : Draw(population, seed, req->sample_size()))
          inspection.add_selected(selected);
        std::sort(population.begin(), population.end());
        for (std::string& task : population) inspection.add_population(std::move(task));
        inspection.set_drawn_by(call.actor());
        *inspection.mutable_create_time() = ToProtoTime(call.env.now);
        return absl::OkStatus();
      });
}

grpc::Status SupervisionHandler::GetEscalationItem(grpc::ServerContext* ctx, const v1::GetEscalationItemRequest* req,
                                                   v1::EscalationItem* resp) {
  return Answer(ctx, [&](Call&) -> absl::Status {
    ASSIGN_OR_RETURN(item, Load(store_.escalation_items, req->name()));
    *resp = std::move(item.value);
    return absl::OkStatus();
  });
}

grpc::Status SupervisionHandler::ListEscalationItems(grpc::ServerContext* ctx,
                                                     const v1::ListEscalationItemsRequest* req,
                                                     v1::ListEscalationItemsResponse* resp) {
  return List<v1::EscalationItem>(
      ctx, req->page_size(), req->page_token(), "escalationItems", resp->mutable_items(),
      resp->mutable_next_page_token(),
      [&](Call&, const PageRequest& page) -> absl::StatusOr<PageQuery<v1::EscalationItem>> {
        Filter f;
        f.Eq("service", req->service()).Eq("rule_id", req->rule_id()).Eq("state", int64_t{req->state()});
        return store_.escalation_items.ListQuery(f, page);
      });
}

grpc::Status SupervisionHandler::GetInspection(grpc::ServerContext* ctx, const v1::GetInspectionRequest* req,
                                               v1::Inspection* resp) {
  return Answer(ctx, [&](Call&) -> absl::Status {
    ASSIGN_OR_RETURN(i, Load(store_.inspections, req->name()));
    *resp = std::move(i.value);
    return absl::OkStatus();
  });
}

absl::Status SupervisionHandler::MayReadHistory(const Call& call, const std::string& resource) {
  ASSIGN_OR_RETURN(me, Me(call));
  if (me.Has("R-SUP") || (!resource.empty() && !me.roles.empty())) return absl::OkStatus();
  return absl::PermissionDeniedError("the ledger's history is shown to the county's officials and supervision");
}

void SupervisionHandler::RegisterBackgroundWork(Platform& platform) {
  for (int before : platform.policy().proto().supervision().reminders().days_before()) {
    OnTimer<v1::Task>(platform, absl::StrCat(kReminderTimer, ".", before), store_.tasks,
                      [before](const Timer&, const Versioned<v1::Task>& t, const Env& env, Effects& fx) {
                        return Remind(t, before, env, fx);
                      });
  }
  for (int before : platform.policy().proto().proposals().reminders().days_before()) {
    OnTimer<v1::Suggestion>(platform, absl::StrCat(kSuggestionReminderTimer, ".", before), store_.suggestions,
                            [before](const Timer&, const Versioned<v1::Suggestion>& s, const Env& env, Effects& fx) {
                              return SuggestionReminder(s, before, env, fx);
                            });
  }
  OnTimer<v1::Suggestion>(platform, kSuggestionOverdueTimer, store_.suggestions,
                          [this](const Timer&, const Versioned<v1::Suggestion>& s, const Env& env, Effects& fx) {
                            return SuggestionOverdue(s, env, Names(), fx);
                          });
  OnTimer<v1::Petition>(platform, kPetitionReadTimer, store_.petitions,
                        [this](const Timer&, const Versioned<v1::Petition>& p, const Env& env, Effects& fx) {
                          return PetitionReadOverdue(p, env, Names(), fx);
                        });
  OnCalendarChange<v1::Suggestion>(platform, store_.suggestions, "state IN (?, ?)",
                                   {int64_t{v1::SUGGESTION_STATE_ASSIGNED}, int64_t{v1::SUGGESTION_STATE_REHANDLING}},
                                   RearmSuggestionForCalendar);
  OnCalendarChange<v1::Petition>(platform, store_.petitions, "state IN (?, ?)",
                                 {int64_t{v1::PETITION_STATE_RECEIVED}, int64_t{v1::PETITION_STATE_IN_PROGRESS}},
                                 RecomputeReadDeadline);
  // The circulars of SUP-09, one per supervision.circular_period, each the day after its period:
  // the first link of the chain once (a later start finds it, fired or pending).
  platform.timers().Register(kCircularTimer,
                             [this](Tx& tx, const Timer& timer) { return IssuePeriodicCircular(tx, timer); });
  const absl::CivilDay today = absl::ToCivilDay(platform.clock().Now(), ChinaTimeZone());
  const absl::CivilDay next =
      PeriodOf(platform.policy().proto().supervision().circular_period().value(), today).second + 1;
  absl::Status armed = db_.Transact([&](Tx& tx) -> absl::Status {
    ASSIGN_OR_RETURN(rows, tx.Query("SELECT 1 FROM timers WHERE kind = ? LIMIT 1", {std::string(kCircularTimer)}));
    if (!rows.empty()) return absl::OkStatus();
    return ScheduleTimer(tx, kCircularTimer, absl::StrCat("circulars/period/", absl::FormatCivilTime(next)),
                         CircularTimeOf(next));
  });
  if (!armed.ok()) LogWarn("circular_not_armed", {{"error", std::string(armed.message())}});
  OnTimer<v1::Task>(platform, kReleaseTimer, store_.tasks,
                    [this](const Timer&, const Versioned<v1::Task>& t, const Env& env, Effects& fx) {
                      return ReleaseOverdue(t, env, Names(), fx);
                    });
  OnCalendarChange<v1::Task>(
      platform, store_.tasks, "state IN (?, ?, ?)",
      {int64_t{v1::TASK_STATE_ASSIGNED}, int64_t{v1::TASK_STATE_IN_PROGRESS}, int64_t{v1::TASK_STATE_RECTIFICATION}},
      RearmForCalendar);
  OnTimer<v1::Task>(platform, kProgressTimer, store_.tasks,
                    [this](const Timer&, const Versioned<v1::Task>& t, const Env& env, Effects& fx) {
                      return ProgressPeriodEnded(t, env, Names(), fx);
                    });
  OnTimer<v1::Task>(platform, kSecondEscalationTimer, store_.tasks,
                    [this](const Timer&, const Versioned<v1::Task>& t, const Env& env, Effects& fx) {
                      return EscalateFurther(t, env, Names(), fx);
                    });
  OnTimer<v1::Task>(platform, kOverdueTimer, store_.tasks,
                    [this](const Timer&, const Versioned<v1::Task>& t, const Env& env, Effects& fx) {
                      return MarkOverdue(t, env, Names(), fx);
                    });
}

}  // namespace xianfu::supervision
