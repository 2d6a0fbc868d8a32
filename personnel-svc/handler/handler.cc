#include "personnel-svc/handler/handler.h"

#include <map>
#include <set>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/deadline_proto.h"
#include "common/errors.h"
#include "common/idempotency.h"
#include "common/log.h"
#include "common/status_macros.h"
#include "personnel-svc/domain/acting.h"
#include "personnel-svc/domain/approvals.h"

namespace xianfu::personnel {

namespace {

absl::StatusOr<absl::CivilDay> DayOr(const common::v1::CivilDate& date, absl::CivilDay fallback,
                                     absl::string_view field) {
  if (date.year() == 0 && date.month() == 0 && date.day() == 0) return fallback;
  if (!IsValidProtoDate(date)) return absl::InvalidArgumentError(absl::StrCat(field, " is not a real date"));
  return FromProtoDate(date);
}

absl::StatusOr<absl::CivilDay> RequiredDay(const common::v1::CivilDate& date, absl::string_view field) {
  if (!IsValidProtoDate(date))
    return absl::InvalidArgumentError(absl::StrCat(field, " is required and must be a real date"));
  return FromProtoDate(date);
}

// The office staff keep the register; the system administrator loads it the
// first time.
absl::Status RequireRegisterKeeper(const Caller& caller, const OrgFacts& facts, absl::CivilDay day) {
  if (caller.admin_role == AdminRole::kSystemAdmin) return absl::OkStatus();
  if (!caller.official().empty() && facts.HoldsRole(caller.official(), "R-OFFICE", day)) return absl::OkStatus();
  return absl::PermissionDeniedError(
      "only the county government office (R-OFFICE) or the system "
      "administrator may change the organisation register");
}

// The official himself, the office on his behalf, or the system administrator.
absl::Status RequireSelfOrOffice(const Caller& caller, const std::string& official, const OrgFacts& facts,
                                 absl::CivilDay day) {
  if (caller.official() == official) return absl::OkStatus();
  return RequireRegisterKeeper(caller, facts, day).ok()
             ? absl::OkStatus()
             : absl::PermissionDeniedError(
                   absl::StrCat("only ", official, " himself or the county government office may record this"));
}

absl::Status CheckOfficialExists(PersonnelStore& store, Tx& tx, const std::string& name, absl::string_view field) {
  absl::StatusOr<std::string> id = IdOf(name, "officials");
  if (!id.ok()) return absl::InvalidArgumentError(absl::StrCat(field, ": ", id.status().message()));
  return store.GetOfficial(tx, *id).status();
}

}  // namespace

PersonnelHandler::PersonnelHandler(ServiceContext& context) : HandlerBase(context, "personnel") {}

absl::Status PersonnelHandler::CreateObligation(Call& call, const ObligationPlan& plan, const std::string& subject,
                                                std::string* name) {
  v1::Obligation o;
  o.set_kind(plan.kind);
  o.set_rule_id(plan.rule_id);
  absl::StatusOr<RuleCitation> c = call.policy.Cite(plan.rule_id);
  if (!c.ok()) return c.status();
  *o.mutable_article() = MakeViolation(*c, "", "").article();
  o.set_owner(plan.owner);
  o.set_subject(subject);
  o.set_title_zh(plan.title_zh);
  *o.mutable_due_time() = ToProtoTime(plan.due);
  if (plan.deadline.has_value()) *o.mutable_deadline() = ToProto(*plan.deadline);
  for (const std::string& e : plan.escalate_to) {
    if (!e.empty()) o.add_escalate_to(e);
  }
  o.set_state(plan.fulfilled ? v1::OBLIGATION_STATE_FULFILLED : v1::OBLIGATION_STATE_OPEN);
  if (plan.fulfilled) {
    *o.mutable_fulfil_time() = ToProtoTime(call.now);
    o.set_fulfilled_by(call.actor());
    o.set_fulfilment_note("reported beforehand");
  }
  *o.mutable_create_time() = ToProtoTime(call.now);
  absl::StatusOr<int64_t> id = store_.InsertObligation(call.tx, o);
  if (!id.ok()) return id.status();
  if (name != nullptr) *name = o.name();
  if (!plan.fulfilled) {
    absl::Status timer = ScheduleTimer(call.tx, "obligation.due", o.name(), plan.due, "", call.calendar->version());
    if (!timer.ok()) return timer;
  }
  return Audit(call, o.name(), "ObligationCreated", plan.rule_id, nullptr, o, plan.title_zh);
}

absl::Status PersonnelHandler::OpenDesignation(Call& call, const DesignationPlan& plan) {
  // One open task per leader and period is enough.
  absl::StatusOr<OrgFacts> facts = store_.LoadFacts(call.tx, plan.start, plan.end);
  if (!facts.ok()) return facts.status();
  for (const DesignationFact& d : facts->designations) {
    if (d.principal == plan.principal && d.start <= plan.start && plan.end <= d.end) return absl::OkStatus();
  }
  v1::Designation d;
  d.set_principal(plan.principal);
  *d.mutable_start_date() = ToProtoDate(plan.start);
  *d.mutable_end_date() = ToProtoDate(plan.end);
  d.set_state(v1::DESIGNATION_STATE_OPEN);
  *d.mutable_create_time() = ToProtoTime(call.now);
  absl::StatusOr<int64_t> id = store_.InsertDesignation(call.tx, d);
  if (!id.ok()) return id.status();
  v1::DesignationOpened event;
  *event.mutable_designation() = d;
  if (absl::Status s = Publish(call, d.name(), event); !s.ok()) return s;
  return Audit(call, d.name(), "DesignationOpened", "DIS-03", nullptr, d,
               "A、B角均不在岗，请县长安排代行人员 (ESCALATE to the county head)");
}

absl::Status PersonnelHandler::RecomputeOpenDeadlines(const CalendarUpdate& update) {
  return db_.Transact([&](Tx& tx) {
    return AsSystem(
        tx,
        [&](Call& call) -> absl::Status {
          PageRequest page{500, 0};
          for (;;) {
            ASSIGN_OR_RETURN(open, store_.ListObligations(tx, "", v1::OBLIGATION_STATE_OPEN, "", page));
            for (const v1::Obligation& o : open.items) {
              if (!o.has_deadline() || o.deadline().working_days() <= 0) continue;  // not counted in working days
              const StoredDeadline stored{FromProtoDate(o.deadline().start()), o.deadline().working_days(),
                                          FromProtoDate(o.deadline().deadline()), o.deadline().calendar_version()};
              const DeadlineRecomputation change = RecomputeDeadline(*update.previous, *update.current, stored);
              if (!change.date_changed() && change.was_provisional == change.provisional) continue;
              ASSIGN_OR_RETURN(id, NumericIdOf(o.name(), "obligations"));
              ASSIGN_OR_RETURN(current, store_.GetObligation(tx, id));
              v1::Obligation moved = current.value;
              *moved.mutable_deadline() = ToProto(update.current->Explain(stored.start, stored.working_days));
              *moved.mutable_due_time() = ToProtoTime(DeadlinePassesAt(change.new_deadline));
              if (absl::Status s = store_.UpdateObligation(tx, id, current.version, moved); !s.ok()) return s;
              if (absl::Status s = ScheduleTimer(tx, "obligation.due", moved.name(),
                                                 DeadlinePassesAt(change.new_deadline), "", update.current->version());
                  !s.ok()) {
                return s;
              }
              if (absl::Status s = Audit(call, moved.name(), "DeadlineRecomputed", moved.rule_id(), &current.value,
                                         moved, absl::StrCat(change.reason_zh, " / ", change.reason_en));
                  !s.ok()) {
                return s;
              }
            }
            if (open.next_page_token.empty() || open.items.empty()) break;
            ASSIGN_OR_RETURN(last, NumericIdOf(open.items.back().name(), "obligations"));
            page.after_id = last;
          }
          return absl::OkStatus();
        },
        update.current);
  });
}

void PersonnelHandler::RegisterBackgroundWork(Platform& platform) {
  platform.OnCalendarChange([this](const CalendarUpdate& update) { return RecomputeOpenDeadlines(update); });
  TimerRunner& timers = platform.timers();
  timers.Register("obligation.due", [this](Tx& tx, const Timer& timer) {
    return AsSystem(tx, [&](Call& call) -> absl::Status {
      ASSIGN_OR_RETURN(id, NumericIdOf(timer.subject, "obligations"));
      ASSIGN_OR_RETURN(current, store_.GetObligation(tx, id));
      if (current.value.state() != v1::OBLIGATION_STATE_OPEN) return absl::OkStatus();
      v1::Obligation before = current.value;
      v1::Obligation& o = current.value;
      o.set_state(v1::OBLIGATION_STATE_OVERDUE);
      if (absl::Status s = store_.UpdateObligation(tx, id, current.version, o); !s.ok()) return s;
      v1::ObligationOverdue event;
      *event.mutable_obligation() = o;
      if (absl::Status s = Publish(call, o.name(), event); !s.ok()) return s;
      return Audit(call, o.name(), "ObligationOverdue", o.rule_id(), &before, o,
                   absl::StrCat("逾期未办，升级至 ", absl::StrJoin(o.escalate_to(), "、"), "; due ",
                                absl::FormatTime(timer.due_at)));
    });
  });
  for (const char* kind : {"absence.started", "absence.ended"}) {
    const bool started = std::string(kind) == "absence.started";
    timers.Register(kind, [this, started](Tx& tx, const Timer& timer) {
      return AsSystem(tx, [&](Call& call) -> absl::Status {
        ASSIGN_OR_RETURN(id, NumericIdOf(timer.subject, "absences"));
        ASSIGN_OR_RETURN(current, store_.GetAbsence(tx, id));
        if (current.value.state() == v1::ABSENCE_STATE_CANCELLED) return absl::OkStatus();
        if (started) {
          v1::AbsenceStarted event;
          *event.mutable_absence() = current.value;
          return Publish(call, current.value.name(), event);
        }
        v1::AbsenceEnded event;
        *event.mutable_absence() = current.value;
        return Publish(call, current.value.name(), event);
      });
    });
  }
}

// --- organisation ------------------------------------------------------------------------------------

grpc::Status PersonnelHandler::CreateOfficial(grpc::ServerContext* ctx, const v1::CreateOfficialRequest* req,
                                              v1::Official* resp) {
  return Mutate(ctx, "CreateOfficial", req->request_id(), *req, resp, [&](Call& call) -> absl::Status {
    ASSIGN_OR_RETURN(facts, store_.LoadFacts(call.tx, call.today, call.today));
    if (absl::Status s = RequireRegisterKeeper(call.caller, facts, call.today); !s.ok()) return s;
    ASSIGN_OR_RETURN(id, IdOf(absl::StrCat("officials/", req->official_id()), "officials"));
    if (req->official().display_name_zh().empty()) {
      return absl::InvalidArgumentError("official.display_name_zh is required");
    }
    *resp = req->official();
    resp->set_name(absl::StrCat("officials/", id));
    *resp->mutable_create_time() = ToProtoTime(call.now);
    resp->set_etag(EtagOf(1));
    if (absl::Status s = store_.InsertOfficial(call.tx, id, *resp); !s.ok()) return s;
    return Audit(call, resp->name(), "CreateOfficial", "ORG-01", nullptr, *resp);
  });
}

grpc::Status PersonnelHandler::GetOfficial(grpc::ServerContext* ctx, const v1::GetOfficialRequest* req,
                                           v1::Official* resp) {
  return Read(ctx, [&](Call& call) -> absl::Status {
    ASSIGN_OR_RETURN(id, IdOf(req->name(), "officials"));
    ASSIGN_OR_RETURN(o, store_.GetOfficial(call.tx, id));
    *resp = o.value;
    resp->set_etag(EtagOf(o.version));
    return absl::OkStatus();
  });
}

grpc::Status PersonnelHandler::ListOfficials(grpc::ServerContext* ctx, const v1::ListOfficialsRequest* req,
                                             v1::ListOfficialsResponse* resp) {
  return Read(ctx, [&](Call& call) -> absl::Status {
    ASSIGN_OR_RETURN(page, ParsePage(req->page_size(), req->page_token(), "officials"));
    ASSIGN_OR_RETURN(result, store_.ListOfficials(call.tx, page));
    for (auto& o : result.items) *resp->add_officials() = std::move(o);
    resp->set_next_page_token(result.next_page_token);
    return absl::OkStatus();
  });
}

grpc::Status PersonnelHandler::CreateUnit(grpc::ServerContext* ctx, const v1::CreateUnitRequest* req, v1::Unit* resp) {
  return Mutate(ctx, "CreateUnit", req->request_id(), *req, resp, [&](Call& call) -> absl::Status {
    ASSIGN_OR_RETURN(facts, store_.LoadFacts(call.tx, call.today, call.today));
    if (absl::Status s = RequireRegisterKeeper(call.caller, facts, call.today); !s.ok()) return s;
    ASSIGN_OR_RETURN(id, IdOf(absl::StrCat("units/", req->unit_id()), "units"));
    if (req->unit().display_name_zh().empty()) return absl::InvalidArgumentError("unit.display_name_zh is required");
    if (req->unit().kind() == v1::UNIT_KIND_UNSPECIFIED) return absl::InvalidArgumentError("unit.kind is required");
    *resp = req->unit();
    resp->set_name(absl::StrCat("units/", id));
    *resp->mutable_create_time() = ToProtoTime(call.now);
    resp->set_etag(EtagOf(1));
    if (absl::Status s = store_.InsertUnit(call.tx, id, *resp); !s.ok()) return s;
    return Audit(call, resp->name(), "CreateUnit", "ORG-01", nullptr, *resp);
  });
}

grpc::Status PersonnelHandler::GetUnit(grpc::ServerContext* ctx, const v1::GetUnitRequest* req, v1::Unit* resp) {
  return Read(ctx, [&](Call& call) -> absl::Status {
    ASSIGN_OR_RETURN(id, IdOf(req->name(), "units"));
    ASSIGN_OR_RETURN(u, store_.GetUnit(call.tx, id));
    *resp = u.value;
    resp->set_etag(EtagOf(u.version));
    return absl::OkStatus();
  });
}

grpc::Status PersonnelHandler::ListUnits(grpc::ServerContext* ctx, const v1::ListUnitsRequest* req,
                                         v1::ListUnitsResponse* resp) {
  return Read(ctx, [&](Call& call) -> absl::Status {
    ASSIGN_OR_RETURN(page, ParsePage(req->page_size(), req->page_token(), "units"));
    ASSIGN_OR_RETURN(result, store_.ListUnits(call.tx, page));
    for (auto& u : result.items) *resp->add_units() = std::move(u);
    resp->set_next_page_token(result.next_page_token);
    return absl::OkStatus();
  });
}

grpc::Status PersonnelHandler::CreatePost(grpc::ServerContext* ctx, const v1::CreatePostRequest* req, v1::Post* resp) {
  return Mutate(ctx, "CreatePost", req->request_id(), *req, resp, [&](Call& call) -> absl::Status {
    ASSIGN_OR_RETURN(facts, store_.LoadFacts(call.tx, call.today, call.today));
    if (absl::Status s = RequireRegisterKeeper(call.caller, facts, call.today); !s.ok()) return s;
    ASSIGN_OR_RETURN(id, IdOf(absl::StrCat("posts/", req->post_id()), "posts"));
    const v1::Post& p = req->post();
    if (p.kind() == v1::POST_KIND_UNSPECIFIED) return absl::InvalidArgumentError("post.kind is required");
    if (p.display_name_zh().empty()) return absl::InvalidArgumentError("post.display_name_zh is required");
    ASSIGN_OR_RETURN(unit_id, IdOf(p.unit(), "units"));
    if (absl::Status s = store_.GetUnit(call.tx, unit_id).status(); !s.ok()) return s;
    if (p.executive()) {
      if (p.kind() != v1::POST_KIND_DEPUTY_HEAD) {
        return call.policy.Refuse(absl::StatusCode::kInvalidArgument, "ORG-07", "常务副县长须为副县长职位",
                                  "only a deputy-head post can be the executive deputy", "post.executive");
      }
      ASSIGN_OR_RETURN(exists, store_.AnyExecutivePost(call.tx));
      if (exists) {
        return call.policy.Refuse(absl::StatusCode::kFailedPrecondition, "ORG-07", "常务副县长只能有一位",
                                  "there is already an executive deputy "
                                  "post: exactly one at a time",
                                  "post.executive");
      }
    }
    if (p.kind() == v1::POST_KIND_OFFICE_DEPUTY_DIRECTOR && p.areas().empty()) {
      return call.policy.Refuse(absl::StatusCode::kInvalidArgument, "ORG-13", "办公室副主任须明确分管范围",
                                "an office deputy director needs an assigned area", "post.areas");
    }
    *resp = p;
    resp->clear_terms();
    resp->set_name(absl::StrCat("posts/", id));
    resp->set_etag(EtagOf(1));
    if (absl::Status s = store_.InsertPost(call.tx, id, *resp); !s.ok()) return s;
    return Audit(call, resp->name(), "CreatePost", "ORG-01", nullptr, *resp);
  });
}

grpc::Status PersonnelHandler::ListPosts(grpc::ServerContext* ctx, const v1::ListPostsRequest* req,
                                         v1::ListPostsResponse* resp) {
  return Read(ctx, [&](Call& call) -> absl::Status {
    std::string unit_id;
    if (!req->unit().empty()) {
      ASSIGN_OR_RETURN(id, IdOf(req->unit(), "units"));
      unit_id = id;
    }
    ASSIGN_OR_RETURN(page, ParsePage(req->page_size(), req->page_token(), "posts"));
    ASSIGN_OR_RETURN(result, store_.ListPosts(call.tx, unit_id, page));
    for (auto& p : result.items) *resp->add_posts() = std::move(p);
    resp->set_next_page_token(result.next_page_token);
    return absl::OkStatus();
  });
}

grpc::Status PersonnelHandler::AssignPost(grpc::ServerContext* ctx, const v1::AssignPostRequest* req, v1::Post* resp) {
  return Mutate(ctx, "AssignPost", req->request_id(), *req, resp, [&](Call& call) -> absl::Status {
    ASSIGN_OR_RETURN(facts, store_.LoadFacts(call.tx, call.today, call.today));
    if (absl::Status s = RequireRegisterKeeper(call.caller, facts, call.today); !s.ok()) return s;
    ASSIGN_OR_RETURN(post_id, IdOf(req->post(), "posts"));
    ASSIGN_OR_RETURN(official_id, IdOf(req->official(), "officials"));
    ASSIGN_OR_RETURN(start, RequiredDay(req->start_date(), "start_date"));
    if (absl::Status s = store_.GetOfficial(call.tx, official_id).status(); !s.ok()) return s;
    ASSIGN_OR_RETURN(before, store_.GetPost(call.tx, post_id, /*for_update=*/true));
    if (absl::Status s = CheckEtag(req->etag(), before.version, /*required=*/false); !s.ok()) return s;
    if (absl::Status s = store_.AssignPost(call.tx, post_id, before.version, official_id, start, req->basis());
        !s.ok()) {
      return s;
    }
    ASSIGN_OR_RETURN(after, store_.GetPost(call.tx, post_id, false));
    *resp = after.value;
    return Audit(call, resp->name(), "AssignPost", "ORG-01", &before.value, *resp,
                 absl::StrCat(req->official(), " from ", absl::FormatCivilTime(start), "; ", req->basis()));
  });
}

grpc::Status PersonnelHandler::ChangeDivisionOfWork(grpc::ServerContext* ctx,
                                                    const v1::ChangeDivisionOfWorkRequest* req,
                                                    v1::DivisionOfWork* resp) {
  return Mutate(ctx, "ChangeDivisionOfWork", req->request_id(), *req, resp, [&](Call& call) -> absl::Status {
    ASSIGN_OR_RETURN(effective, RequiredDay(req->division().effective_date(), "division.effective_date"));
    ASSIGN_OR_RETURN(facts,
                     store_.LoadFacts(call.tx, std::min(effective, call.today), std::max(effective, call.today)));
    if (absl::Status s = RequireRegisterKeeper(call.caller, facts, call.today); !s.ok()) return s;
    if (absl::Status s = ValidateDivision(req->division(), facts, call.policy); !s.ok()) return s;
    ASSIGN_OR_RETURN(units, store_.AllUnits(call.tx));
    if (absl::Status s = ValidateDivisionUnits(req->division(), units, call.policy); !s.ok()) return s;
    v1::DivisionOfWork division = req->division();
    division.clear_superseded_date();
    division.set_recorded_by(call.actor());
    *division.mutable_create_time() = ToProtoTime(call.now);
    division.set_policy_version(call.policy.version());
    std::vector<v1::AbPair> previous_pairs;
    ASSIGN_OR_RETURN(stored, store_.InsertDivision(call.tx, division, &previous_pairs));
    *resp = stored;
    v1::DivisionOfWorkChanged event;
    *event.mutable_division() = stored;
    for (const v1::AbPair& now_pair : stored.ab_pairs()) {
      bool same = false;
      for (const v1::AbPair& old : previous_pairs) same = same || (old.a() == now_pair.a() && old.b() == now_pair.b());
      if (!same) event.add_b_changed_for(now_pair.a());
    }
    if (absl::Status s = Publish(call, stored.name(), event); !s.ok()) return s;
    const bool initial = stored.basis() == v1::DIVISION_BASIS_INITIAL_LOAD;
    return Audit(call, "divisions", "ChangeDivisionOfWork", initial ? "ORG-04" : "MTG-06", nullptr, stored,
                 initial ? "initial load of the division of work"
                         : absl::StrCat("party-group decision ", stored.decision_reference()));
  });
}

grpc::Status PersonnelHandler::GetDivisionOfWork(grpc::ServerContext* ctx, const v1::GetDivisionOfWorkRequest* req,
                                                 v1::DivisionOfWork* resp) {
  return Read(ctx, [&](Call& call) -> absl::Status {
    ASSIGN_OR_RETURN(day, DayOr(req->date(), call.today, "date"));
    ASSIGN_OR_RETURN(division, store_.DivisionOn(call.tx, day));
    if (!division.has_value()) {
      return absl::NotFoundError(absl::StrCat("no division of work is recorded for ", absl::FormatCivilTime(day)));
    }
    *resp = *division;
    return absl::OkStatus();
  });
}

grpc::Status PersonnelHandler::LookupUnitLeadership(grpc::ServerContext* ctx,
                                                    const v1::LookupUnitLeadershipRequest* req,
                                                    v1::UnitLeadership* resp) {
  return Read(ctx, [&](Call& call) -> absl::Status {
    ASSIGN_OR_RETURN(unit_id, IdOf(req->unit(), "units"));
    if (absl::Status s = store_.GetUnit(call.tx, unit_id).status(); !s.ok()) return s;
    ASSIGN_OR_RETURN(day, DayOr(req->date(), call.today, "date"));
    ASSIGN_OR_RETURN(facts, store_.LoadFacts(call.tx, day, day));
    resp->set_unit(req->unit());
    *resp->mutable_date() = ToProtoDate(day);
    for (const PortfolioFact& p : facts.portfolios) {
      if (p.unit != req->unit()) continue;
      if (p.primary) {
        resp->set_primary_leader(p.leader);
      } else {
        resp->add_co_leaders(p.leader);
      }
    }
    for (const Holding& h : facts.holdings) {
      if (h.unit != req->unit() || h.start > day || (h.end.has_value() && *h.end < day)) continue;
      if (h.kind == v1::POST_KIND_DEPARTMENT_PRINCIPAL || h.kind == v1::POST_KIND_TOWNSHIP_HEAD) {
        resp->set_principal_head(h.official);
      }
      if (h.kind == v1::POST_KIND_DEPARTMENT_DEPUTY) resp->add_deputy_heads(h.official);
      if (h.kind == v1::POST_KIND_UNIT_CLERK || h.kind == v1::POST_KIND_OFFICE_CLERK) resp->add_clerks(h.official);
    }
    ASSIGN_OR_RETURN(division, store_.DivisionOn(call.tx, day));
    if (division.has_value()) resp->set_division(division->name());
    return absl::OkStatus();
  });
}

grpc::Status PersonnelHandler::LookupOfficial(grpc::ServerContext* ctx, const v1::LookupOfficialRequest* req,
                                              v1::OfficialStanding* resp) {
  return Read(ctx, [&](Call& call) -> absl::Status {
    if (absl::Status s = CheckOfficialExists(store_, call.tx, req->official(), "official"); !s.ok()) return s;
    ASSIGN_OR_RETURN(day, DayOr(req->date(), call.today, "date"));
    ASSIGN_OR_RETURN(facts, store_.LoadFacts(call.tx, day, day));
    resp->set_official(req->official());
    *resp->mutable_date() = ToProtoDate(day);
    for (const Holding* h : facts.HoldingsOf(req->official(), day)) {
      ASSIGN_OR_RETURN(post, store_.GetPost(call.tx, h->post.substr(6), false));
      *resp->add_posts() = post.value;
    }
    v1::Portfolio* portfolio = resp->mutable_portfolio();
    portfolio->set_leader(req->official());
    for (const PortfolioFact& p : facts.portfolios) {
      if (p.leader != req->official()) continue;
      if (p.primary) {
        portfolio->add_primary_units(p.unit);
      } else {
        portfolio->add_co_units(p.unit);
      }
    }
    static const char* const kRoles[] = {"R-CH",     "R-EDH", "R-DH",  "R-FA-DH",     "R-OD",       "R-ODD",
                                         "R-OFFICE", "R-PGS", "R-CPS", "R-DEPT-HEAD", "R-DEPT-DEP", "R-SUP"};
    std::set<std::string> roles;
    for (const char* role : kRoles) {
      if (facts.HoldsRole(req->official(), role, day)) roles.insert(role);
    }
    std::set<std::string> units;
    for (const Holding* h : facts.HoldingsOf(req->official(), day)) {
      roles.insert(h->unit_roles.begin(), h->unit_roles.end());
      units.insert(h->unit);
    }
    for (const std::string& r : roles) resp->add_roles(r);
    for (const std::string& u : units) resp->add_units(u);
    resp->set_display_name_zh(facts.Name(req->official()));
    resp->set_ab_partner(facts.BOf(req->official(), day));
    resp->set_leader(facts.IsLeader(req->official(), day, call.policy));
    resp->set_member(facts.IsMember(req->official(), day, call.policy));
    if (const AbsenceFact* a = facts.AbsenceOn(req->official(), day); a != nullptr) {
      resp->set_absent(true);
      resp->set_absence(absl::StrCat("absences/", a->id));
    }
    return absl::OkStatus();
  });
}

grpc::Status PersonnelHandler::LookupRoleHolders(grpc::ServerContext* ctx, const v1::LookupRoleHoldersRequest* req,
                                                 v1::RoleHolders* resp) {
  return Read(ctx, [&](Call& call) -> absl::Status {
    if (req->role().empty()) return absl::InvalidArgumentError("role is required (e.g. R-CH)");
    ASSIGN_OR_RETURN(day, DayOr(req->date(), call.today, "date"));
    ASSIGN_OR_RETURN(facts, store_.LoadFacts(call.tx, day, day));
    resp->set_role(req->role());
    for (const std::string& o : facts.OfficialsWithRole(req->role(), day)) resp->add_officials(o);
    return absl::OkStatus();
  });
}

// --- acting ------------------------------------------------------------------------------------------

grpc::Status PersonnelHandler::ResolveActing(grpc::ServerContext* ctx, const v1::ResolveActingRequest* req,
                                             v1::ActingResolution* resp) {
  return Read(ctx, [&](Call& call) -> absl::Status {
    if (req->act() == v1::ACT_KIND_UNSPECIFIED) return absl::InvalidArgumentError("act is required");
    const absl::Time at = req->has_time() ? FromProtoTime(req->time()) : call.now;
    const absl::CivilDay day = LocalDay(at);
    ASSIGN_OR_RETURN(facts, store_.LoadFacts(call.tx, day, day));
    std::string principal;
    if (req->has_post() || !req->post().empty()) {
      for (const Holding& h : facts.holdings) {
        if (h.post == req->post() && h.start <= day && (!h.end.has_value() || day <= *h.end)) principal = h.official;
      }
      if (principal.empty()) {
        return absl::NotFoundError(absl::StrCat(req->post(), " has no holder on ", absl::FormatCivilTime(day)));
      }
    } else {
      principal = req->official();
      if (!facts.names.contains(principal)) return absl::NotFoundError(absl::StrCat(principal, " does not exist"));
    }
    *resp = personnel::ResolveActing(facts, principal, req->act(), day, call.policy);
    return absl::OkStatus();
  });
}

grpc::Status PersonnelHandler::CheckActing(grpc::ServerContext* ctx, const v1::CheckActingRequest* req,
                                           v1::ActingResolution* resp) {
  return Read(ctx, [&](Call& call) -> absl::Status {
    const v1::ResolveActingRequest& r = req->resolve();
    if (r.act() == v1::ACT_KIND_UNSPECIFIED) return absl::InvalidArgumentError("resolve.act is required");
    const absl::CivilDay day = LocalDay(r.has_time() ? FromProtoTime(r.time()) : call.now);
    ASSIGN_OR_RETURN(facts, store_.LoadFacts(call.tx, day, day));
    std::string principal = r.official();
    if (!r.post().empty()) {
      for (const Holding& h : facts.holdings) {
        if (h.post == r.post() && h.start <= day && (!h.end.has_value() || day <= *h.end)) principal = h.official;
      }
    }
    for (const std::string* who : std::initializer_list<const std::string*>{&principal, &req->candidate()}) {
      if (!facts.names.contains(*who)) return absl::NotFoundError(absl::StrCat("official '", *who, "' does not exist"));
    }
    ASSIGN_OR_RETURN(resolution, personnel::CheckActing(facts, principal, r.act(), day, req->candidate(), call.policy));
    *resp = resolution;
    return absl::OkStatus();
  });
}

grpc::Status PersonnelHandler::CreateEntrustment(grpc::ServerContext* ctx, const v1::CreateEntrustmentRequest* req,
                                                 v1::Entrustment* resp) {
  return Mutate(ctx, "CreateEntrustment", req->request_id(), *req, resp, [&](Call& call) -> absl::Status {
    v1::Entrustment e = req->entrustment();
    ASSIGN_OR_RETURN(start, RequiredDay(e.start_date(), "entrustment.start_date"));
    ASSIGN_OR_RETURN(end, RequiredDay(e.end_date(), "entrustment.end_date"));
    if (end < start) return absl::InvalidArgumentError("entrustment.end_date is before its start_date");
    if (e.scope().empty()) return absl::InvalidArgumentError("entrustment.scope must name at least one kind of act");
    for (const std::string* who : {&e.principal(), &e.delegate()}) {
      if (absl::Status s = CheckOfficialExists(store_, call.tx, *who, "entrustment"); !s.ok()) return s;
    }
    if (e.principal() == e.delegate()) return absl::InvalidArgumentError("an official cannot entrust himself");
    ASSIGN_OR_RETURN(facts, store_.LoadFacts(call.tx, std::min(start, call.today), std::max(end, call.today)));
    if (absl::Status s = RequireSelfOrOffice(call.caller, e.principal(), facts, call.today); !s.ok()) return s;
    for (int act : e.scope()) {
      if (act == v1::ACT_KIND_SIGN_ORDER || act == v1::ACT_KIND_SIGN_NPC_BILL) {
        return call.policy.Refuse(absl::StatusCode::kFailedPrecondition, "DOC-15",
                                  "命令、议案由县长签署，不得委托（代县长除外）",
                                  "orders and NPC bills are signed by the county head in person "
                                  "and cannot be "
                                  "entrusted (only a formally appointed acting county head may "
                                  "sign)",
                                  "entrustment.scope");
      }
    }
    if (!facts.IsLeader(e.delegate(), start, call.policy)) {
      return call.policy.Refuse(absl::StatusCode::kFailedPrecondition, "ORG-05", "受托人须为县政府领导同志",
                                "the delegate must be a county-government leader", "entrustment.delegate");
    }
    e.set_ended(false);
    e.set_auto_assigned(false);
    *e.mutable_create_time() = ToProtoTime(call.now);
    ASSIGN_OR_RETURN(id, store_.InsertEntrustment(call.tx, e));
    (void)id;
    *resp = e;
    v1::EntrustmentGranted event;
    *event.mutable_entrustment() = e;
    if (absl::Status s = Publish(call, e.name(), event); !s.ok()) return s;
    return Audit(call, e.name(), "CreateEntrustment", "ORG-05", nullptr, e, e.reference());
  });
}

grpc::Status PersonnelHandler::EndEntrustment(grpc::ServerContext* ctx, const v1::EndEntrustmentRequest* req,
                                              v1::Entrustment* resp) {
  return Transition<v1::Entrustment>(
      ctx, "EndEntrustment", req->request_id(), *req, resp, req->name(), "entrustments", req->etag(), "ORG-05",
      [this](Tx& tx, int64_t id) { return store_.GetEntrustment(tx, id); },
      [this](Tx& tx, int64_t id, int64_t version, const v1::Entrustment& m) {
        return store_.UpdateEntrustment(tx, id, version, m);
      },
      [&](Call& call, v1::Entrustment& e, Note& note) -> absl::Status {
        ASSIGN_OR_RETURN(facts, store_.LoadFacts(call.tx, call.today, call.today));
        if (absl::Status s = RequireSelfOrOffice(call.caller, e.principal(), facts, call.today); !s.ok()) return s;
        if (e.ended()) return absl::FailedPreconditionError(absl::StrCat(req->name(), " has already ended"));
        e.set_ended(true);
        if (FromProtoDate(e.end_date()) >= call.today) *e.mutable_end_date() = ToProtoDate(call.today - 1);
        v1::EntrustmentEnded event;
        *event.mutable_entrustment() = e;
        if (absl::Status s = Publish(call, e.name(), event); !s.ok()) return s;
        return absl::OkStatus();
      });
}

grpc::Status PersonnelHandler::ListEntrustments(grpc::ServerContext* ctx, const v1::ListEntrustmentsRequest* req,
                                                v1::ListEntrustmentsResponse* resp) {
  return Read(ctx, [&](Call& call) -> absl::Status {
    std::string principal;
    if (!req->principal().empty()) {
      ASSIGN_OR_RETURN(id, IdOf(req->principal(), "officials"));
      principal = id;
    }
    ASSIGN_OR_RETURN(page, ParsePage(req->page_size(), req->page_token(), "entrustments"));
    ASSIGN_OR_RETURN(result, store_.ListEntrustments(call.tx, principal, page));
    for (auto& e : result.items) *resp->add_entrustments() = std::move(e);
    resp->set_next_page_token(result.next_page_token);
    return absl::OkStatus();
  });
}

grpc::Status PersonnelHandler::DesignateActing(grpc::ServerContext* ctx, const v1::DesignateActingRequest* req,
                                               v1::Designation* resp) {
  return Transition<v1::Designation>(
      ctx, "DesignateActing", req->request_id(), *req, resp, req->name(), "designations", req->etag(), "DIS-03",
      [this](Tx& tx, int64_t id) { return store_.GetDesignation(tx, id); },
      [this](Tx& tx, int64_t id, int64_t version, const v1::Designation& m) {
        return store_.UpdateDesignation(tx, id, version, m);
      },
      [&](Call& call, v1::Designation& d, Note& note) -> absl::Status {
        if (d.state() != v1::DESIGNATION_STATE_OPEN) {
          return absl::FailedPreconditionError(
              absl::StrCat(req->name(), " is not open (", v1::DesignationState_Name(d.state()), ")"));
        }
        if (absl::Status s = CheckOfficialExists(store_, call.tx, req->designee(), "designee"); !s.ok()) return s;
        const absl::CivilDay start = FromProtoDate(d.start_date()), end = FromProtoDate(d.end_date());
        ASSIGN_OR_RETURN(facts, store_.LoadFacts(call.tx, std::min(start, call.today), std::max(end, call.today)));
        const std::string actor = call.actor();
        const std::string county_head = facts.CountyHead(call.today);
        bool allowed = actor == county_head;
        if (!allowed) {
          // DIS-03 fallback: the presiding stand-in designates when the county
          // head is away and has not designated within ab.designation_timeout.
          const absl::Duration timeout = absl::Hours(call.policy.proto().ab().designation_timeout().hours());
          const v1::ActingResolution presiding =
              personnel::ResolveActing(facts, county_head, v1::ACT_KIND_DAILY_WORK, call.today, call.policy);
          allowed = facts.IsAbsent(county_head, call.today) && presiding.actor() == actor &&
                    call.now - FromProtoTime(d.create_time()) >= timeout;
          if (!allowed) {
            return call.policy.Refuse(absl::StatusCode::kPermissionDenied, "DIS-03",
                                      "A、B角均不在岗时，由县长安排其他副县长代行；县长外出且逾时未安"
                                      "排的，由主持日常工作的负责同志安排",
                                      "the county head designates; the presiding stand-in may "
                                      "designate only when the "
                                      "county head is away and has not designated within the "
                                      "timeout");
          }
        }
        if (!facts.HoldsRole(req->designee(), "R-DH", start) || req->designee() == d.principal()) {
          return call.policy.Refuse(absl::StatusCode::kFailedPrecondition, "DIS-03", "代行人员须为其他副县长",
                                    "the designee must be another deputy head", "designee");
        }
        for (absl::CivilDay day = start; day <= end; ++day) {
          if (facts.IsAbsent(req->designee(), day)) {
            return call.policy.Refuse(
                absl::StatusCode::kFailedPrecondition, "DIS-03",
                absl::StrCat(facts.Name(req->designee()), "在", absl::FormatCivilTime(day), "也不在岗"),
                absl::StrCat(req->designee(), " is away too on ", absl::FormatCivilTime(day)), "designee");
          }
        }
        d.set_state(v1::DESIGNATION_STATE_DESIGNATED);
        d.set_designee(req->designee());
        d.set_designated_by(actor);
        *d.mutable_designate_time() = ToProtoTime(call.now);
        v1::DesignationMade event;
        *event.mutable_designation() = d;
        if (absl::Status s = Publish(call, d.name(), event); !s.ok()) return s;
        note.detail = absl::StrCat(facts.Name(req->designee()), "(受县长安排)代", facts.Name(d.principal()));
        return absl::OkStatus();
      });
}

grpc::Status PersonnelHandler::ListDesignations(grpc::ServerContext* ctx, const v1::ListDesignationsRequest* req,
                                                v1::ListDesignationsResponse* resp) {
  return Read(ctx, [&](Call& call) -> absl::Status {
    ASSIGN_OR_RETURN(page, ParsePage(req->page_size(), req->page_token(), "designations"));
    ASSIGN_OR_RETURN(result, store_.ListDesignations(call.tx, req->state(), page));
    for (auto& d : result.items) *resp->add_designations() = std::move(d);
    resp->set_next_page_token(result.next_page_token);
    return absl::OkStatus();
  });
}

// --- absences ----------------------------------------------------------------------------------------

grpc::Status PersonnelHandler::CreateAbsence(grpc::ServerContext* ctx, const v1::CreateAbsenceRequest* req,
                                             v1::Absence* resp) {
  return Mutate(ctx, "CreateAbsence", req->request_id(), *req, resp, [&](Call& call) -> absl::Status {
    v1::Absence a = req->absence();
    if (absl::Status s = CheckOfficialExists(store_, call.tx, a.official(), "absence.official"); !s.ok()) return s;
    ASSIGN_OR_RETURN(start, RequiredDay(a.start_date(), "absence.start_date"));
    ASSIGN_OR_RETURN(end, RequiredDay(a.end_date(), "absence.end_date"));
    ASSIGN_OR_RETURN(facts, store_.LoadFacts(call.tx, std::min(start, call.today), std::max(end, call.today)));
    if (absl::Status s = RequireSelfOrOffice(call.caller, a.official(), facts, call.today); !s.ok()) return s;
    ASSIGN_OR_RETURN(plan, PlanAbsence(a, facts, *call.calendar, call.policy));
    a.set_state(v1::ABSENCE_STATE_REGISTERED);
    a.clear_obligations();
    a.clear_warnings();
    a.set_created_by(call.actor());
    *a.mutable_create_time() = ToProtoTime(call.now);
    a.set_policy_version(call.policy.version());
    a.set_calendar_version(call.calendar->version());
    for (const common::v1::Warning& w : plan.warnings) *a.add_warnings() = w;
    ASSIGN_OR_RETURN(id, store_.InsertAbsence(call.tx, a));
    if (plan.presiding.has_value()) {
      v1::Entrustment e;
      e.set_principal(plan.presiding->principal);
      e.set_delegate(plan.presiding->delegate);
      for (int act : plan.presiding->scope) e.add_scope(static_cast<v1::ActKind>(act));
      *e.mutable_start_date() = ToProtoDate(plan.presiding->start);
      *e.mutable_end_date() = ToProtoDate(plan.presiding->end);
      e.set_reference(plan.presiding->reference);
      e.set_auto_assigned(true);
      *e.mutable_create_time() = ToProtoTime(call.now);
      if (absl::Status s = store_.InsertEntrustment(call.tx, e).status(); !s.ok()) return s;
      a.set_presiding_entrustment(e.name());
      v1::EntrustmentGranted event;
      *event.mutable_entrustment() = e;
      if (absl::Status s = Publish(call, e.name(), event); !s.ok()) return s;
      if (absl::Status s = Audit(call, e.name(), "AutoAssignPresidingStandin", "DIS-01", nullptr, e, e.reference());
          !s.ok()) {
        return s;
      }
    }
    for (const ObligationPlan& o : plan.obligations) {
      std::string name;
      if (absl::Status s = CreateObligation(call, o, a.name(), &name); !s.ok()) return s;
      a.add_obligations(name);
    }
    for (const DesignationPlan& d : plan.designations) {
      if (absl::Status s = OpenDesignation(call, d); !s.ok()) return s;
    }
    if (absl::Status s = store_.UpdateAbsence(call.tx, id, 1, a); !s.ok()) return s;
    a.set_etag(EtagOf(2));
    const absl::TimeZone tz = ChinaTimeZone();
    if (absl::Status s =
            ScheduleTimer(call.tx, "absence.started", a.name(), absl::FromCivil(absl::CivilSecond(start), tz));
        !s.ok()) {
      return s;
    }
    if (absl::Status s =
            ScheduleTimer(call.tx, "absence.ended", a.name(), absl::FromCivil(absl::CivilSecond(end + 1), tz));
        !s.ok()) {
      return s;
    }
    *resp = a;
    return Audit(call, a.name(), "CreateAbsence", "DIS-20", nullptr, a);
  });
}

grpc::Status PersonnelHandler::GetAbsence(grpc::ServerContext* ctx, const v1::GetAbsenceRequest* req,
                                          v1::Absence* resp) {
  return Fetch<v1::Absence>(ctx, req->name(), "absences", resp,
                            [this](Tx& tx, int64_t id) { return store_.GetAbsence(tx, id); });
}

grpc::Status PersonnelHandler::ListAbsences(grpc::ServerContext* ctx, const v1::ListAbsencesRequest* req,
                                            v1::ListAbsencesResponse* resp) {
  return Read(ctx, [&](Call& call) -> absl::Status {
    std::string official;
    if (!req->official().empty()) {
      ASSIGN_OR_RETURN(id, IdOf(req->official(), "officials"));
      official = id;
    }
    std::optional<absl::CivilDay> from, to;
    if (req->has_from_date()) {
      ASSIGN_OR_RETURN(d, RequiredDay(req->from_date(), "from_date"));
      from = d;
    }
    if (req->has_to_date()) {
      ASSIGN_OR_RETURN(d, RequiredDay(req->to_date(), "to_date"));
      to = d;
    }
    ASSIGN_OR_RETURN(page, ParsePage(req->page_size(), req->page_token(), "absences"));
    ASSIGN_OR_RETURN(result, store_.ListAbsences(call.tx, official, from, to, page));
    for (auto& a : result.items) *resp->add_absences() = std::move(a);
    resp->set_next_page_token(result.next_page_token);
    return absl::OkStatus();
  });
}

grpc::Status PersonnelHandler::CancelAbsence(grpc::ServerContext* ctx, const v1::CancelAbsenceRequest* req,
                                             v1::Absence* resp) {
  return Transition<v1::Absence>(
      ctx, "CancelAbsence", req->request_id(), *req, resp, req->name(), "absences", req->etag(), "DIS-20",
      [this](Tx& tx, int64_t id) { return store_.GetAbsence(tx, id); },
      [this](Tx& tx, int64_t id, int64_t version, const v1::Absence& m) {
        return store_.UpdateAbsence(tx, id, version, m);
      },
      [&](Call& call, v1::Absence& a, Note& note) -> absl::Status {
        ASSIGN_OR_RETURN(facts, store_.LoadFacts(call.tx, call.today, call.today));
        if (absl::Status s = RequireSelfOrOffice(call.caller, a.official(), facts, call.today); !s.ok()) return s;
        if (a.state() != v1::ABSENCE_STATE_REGISTERED) {
          return absl::FailedPreconditionError(absl::StrCat(req->name(), " is ", v1::AbsenceState_Name(a.state())));
        }
        if (FromProtoDate(a.start_date()) <= call.today) {
          return absl::FailedPreconditionError(
              "the absence has begun; record the return instead of cancelling "
              "it");
        }
        a.set_state(v1::ABSENCE_STATE_CANCELLED);
        for (const std::string& obligation : a.obligations()) {
          ASSIGN_OR_RETURN(oid, NumericIdOf(obligation, "obligations"));
          ASSIGN_OR_RETURN(o, store_.GetObligation(call.tx, oid));
          if (o.value.state() != v1::OBLIGATION_STATE_OPEN) continue;
          o.value.set_state(v1::OBLIGATION_STATE_WAIVED);
          o.value.set_fulfilment_note("absence cancelled");
          if (absl::Status s = store_.UpdateObligation(call.tx, oid, o.version, o.value); !s.ok()) return s;
          if (absl::Status s = CancelTimer(call.tx, "obligation.due", obligation); !s.ok()) return s;
        }
        for (const char* kind : {"absence.started", "absence.ended"}) {
          if (absl::Status s = CancelTimer(call.tx, kind, a.name()); !s.ok()) return s;
        }
        return absl::OkStatus();
      });
}

grpc::Status PersonnelHandler::ListAbsenceConflicts(grpc::ServerContext* ctx,
                                                    const v1::ListAbsenceConflictsRequest* req,
                                                    v1::ListAbsenceConflictsResponse* resp) {
  return Read(ctx, [&](Call& call) -> absl::Status {
    ASSIGN_OR_RETURN(from, RequiredDay(req->from_date(), "from_date"));
    ASSIGN_OR_RETURN(to, RequiredDay(req->to_date(), "to_date"));
    if (to < from) return absl::InvalidArgumentError("to_date is before from_date");
    if (to - from > 400) return absl::InvalidArgumentError("ask for at most about a year at a time");
    ASSIGN_OR_RETURN(facts, store_.LoadFacts(call.tx, from, to));
    for (const AbFact& ab : facts.ab_pairs) {
      for (const AbsenceFact& x : facts.absences) {
        if (x.official != ab.a) continue;
        for (const AbsenceFact& y : facts.absences) {
          if (y.official != ab.b || y.end < x.start || y.start > x.end) continue;
          const absl::CivilDay s = std::max({x.start, y.start, from, ab.start});
          const absl::CivilDay e = std::min({x.end, y.end, to, ab.end.value_or(to)});
          if (e < s) continue;
          v1::AbsenceConflict* c = resp->add_conflicts();
          c->set_a(ab.a);
          c->set_b(ab.b);
          *c->mutable_start_date() = ToProtoDate(s);
          *c->mutable_end_date() = ToProtoDate(e);
          for (const DesignationFact& d : facts.designations) {
            if (d.principal == ab.a && d.start <= s && e <= d.end)
              c->set_designation(absl::StrCat("designations/", d.id));
          }
        }
      }
    }
    return absl::OkStatus();
  });
}

// --- obligations -------------------------------------------------------------------------------------

grpc::Status PersonnelHandler::GetObligation(grpc::ServerContext* ctx, const v1::GetObligationRequest* req,
                                             v1::Obligation* resp) {
  return Fetch<v1::Obligation>(ctx, req->name(), "obligations", resp,
                               [this](Tx& tx, int64_t id) { return store_.GetObligation(tx, id); });
}

grpc::Status PersonnelHandler::ListObligations(grpc::ServerContext* ctx, const v1::ListObligationsRequest* req,
                                               v1::ListObligationsResponse* resp) {
  return Read(ctx, [&](Call& call) -> absl::Status {
    ASSIGN_OR_RETURN(page, ParsePage(req->page_size(), req->page_token(), "obligations"));
    ASSIGN_OR_RETURN(result, store_.ListObligations(call.tx, req->owner(), req->state(), req->subject(), page));
    for (auto& o : result.items) *resp->add_obligations() = std::move(o);
    resp->set_next_page_token(result.next_page_token);
    return absl::OkStatus();
  });
}

grpc::Status PersonnelHandler::FulfilObligation(grpc::ServerContext* ctx, const v1::FulfilObligationRequest* req,
                                                v1::Obligation* resp) {
  return Transition<v1::Obligation>(
      ctx, "FulfilObligation", req->request_id(), *req, resp, req->name(), "obligations", req->etag(), "",
      [this](Tx& tx, int64_t id) { return store_.GetObligation(tx, id); },
      [this](Tx& tx, int64_t id, int64_t version, const v1::Obligation& m) {
        return store_.UpdateObligation(tx, id, version, m);
      },
      [&](Call& call, v1::Obligation& o, Note& note) -> absl::Status {
        ASSIGN_OR_RETURN(facts, store_.LoadFacts(call.tx, call.today, call.today));
        const std::string actor = call.actor();
        bool allowed = o.owner() == actor || RequireRegisterKeeper(call.caller, facts, call.today).ok();
        for (const Holding* h : facts.HoldingsOf(actor, call.today)) allowed = allowed || h->unit == o.owner();
        if (!allowed) {
          return absl::PermissionDeniedError(
              absl::StrCat("only ", o.owner(), " or the county government office may record this"));
        }
        if (o.state() != v1::OBLIGATION_STATE_OPEN && o.state() != v1::OBLIGATION_STATE_OVERDUE) {
          return absl::FailedPreconditionError(absl::StrCat(req->name(), " is ", v1::ObligationState_Name(o.state())));
        }
        o.set_late(o.state() == v1::OBLIGATION_STATE_OVERDUE || call.now > FromProtoTime(o.due_time()));
        o.set_state(v1::OBLIGATION_STATE_FULFILLED);
        *o.mutable_fulfil_time() = ToProtoTime(call.now);
        o.set_fulfilled_by(actor);
        o.set_fulfilment_note(req->note());
        if (absl::Status s = CancelTimer(call.tx, "obligation.due", o.name()); !s.ok()) return s;
        if (o.kind() == v1::OBLIGATION_KIND_RETURN_REPORT && absl::StartsWith(o.subject(), "absences/")) {
          // Reporting back after the trip is the 销假 (DIS-18(b)).
          ASSIGN_OR_RETURN(absence_id, NumericIdOf(o.subject(), "absences"));
          ASSIGN_OR_RETURN(absence, store_.GetAbsence(call.tx, absence_id));
          if (absence.value.state() == v1::ABSENCE_STATE_REGISTERED) {
            v1::Absence returned = absence.value;
            returned.set_state(v1::ABSENCE_STATE_RETURNED);
            if (absl::Status s = store_.UpdateAbsence(call.tx, absence_id, absence.version, returned); !s.ok())
              return s;
            if (absl::Status s = Audit(call, returned.name(), "ReportReturn", "DIS-18", &absence.value, returned);
                !s.ok()) {
              return s;
            }
          }
        }
        if (o.kind() == v1::OBLIGATION_KIND_LIAISON_PROGRESS_REPORT && !req->closes_matter()) {
          // DIS-10: the next progress report falls due until the prefecture
          // replies.
          ObligationPlan next =
              ReportAfter(v1::OBLIGATION_KIND_LIAISON_PROGRESS_REPORT, "DIS-10", o.owner(), o.title_zh(), call.today,
                          call.policy.proto().deadlines().liaison_report_wd().days(), *call.calendar);
          next.escalate_to.assign(o.escalate_to().begin(), o.escalate_to().end());
          if (absl::Status s = CreateObligation(call, next, o.subject(), nullptr); !s.ok()) return s;
        }
        note.rule_id = o.rule_id();
        note.detail = o.late() ? "late" : "";
        return absl::OkStatus();
      });
}

grpc::Status PersonnelHandler::RegisterReportableEvent(grpc::ServerContext* ctx,
                                                       const v1::RegisterReportableEventRequest* req,
                                                       v1::Obligation* resp) {
  return Mutate(ctx, "RegisterReportableEvent", req->request_id(), *req, resp, [&](Call& call) -> absl::Status {
    if (!req->has_time()) return absl::InvalidArgumentError("time is required");
    ASSIGN_OR_RETURN(facts, store_.LoadFacts(call.tx, call.today, call.today));
    if (absl::StartsWith(req->owner(), "officials/")) {
      if (absl::Status s = CheckOfficialExists(store_, call.tx, req->owner(), "owner"); !s.ok()) return s;
    } else {
      ASSIGN_OR_RETURN(unit_id, IdOf(req->owner(), "units"));
      if (absl::Status s = store_.GetUnit(call.tx, unit_id).status(); !s.ok()) return s;
    }
    ASSIGN_OR_RETURN(plan, PlanReportableEvent(req->kind(), req->owner(), req->title(), FromProtoTime(req->time()),
                                               facts, *call.calendar, call.policy));
    std::string name;
    const std::string subject = absl::StrCat("reportableEvents/", v1::ReportableEventKind_Name(req->kind()));
    if (absl::Status s = CreateObligation(call, plan, subject, &name); !s.ok()) return s;
    ASSIGN_OR_RETURN(id, NumericIdOf(name, "obligations"));
    ASSIGN_OR_RETURN(stored, store_.GetObligation(call.tx, id));
    *resp = stored.value;
    return absl::OkStatus();
  });
}

// --- approval requests -------------------------------------------------------------------------------

grpc::Status PersonnelHandler::CreateApprovalRequest(grpc::ServerContext* ctx,
                                                     const v1::CreateApprovalRequestRequest* req,
                                                     v1::ApprovalRequest* resp) {
  return Mutate(ctx, "CreateApprovalRequest", req->request_id(), *req, resp, [&](Call& call) -> absl::Status {
    const v1::ApprovalRequest& r = req->approval_request();
    if (!r.subject_official().empty()) {
      if (absl::Status s =
              CheckOfficialExists(store_, call.tx, r.subject_official(), "approval_request.subject_official");
          !s.ok()) {
        return s;
      }
    }
    if (!r.unit().empty()) {
      ASSIGN_OR_RETURN(unit_id, IdOf(r.unit(), "units"));
      if (absl::Status s = store_.GetUnit(call.tx, unit_id).status(); !s.ok()) return s;
    }
    absl::CivilDay last = call.today;
    if (r.has_travel() && IsValidProtoDate(r.travel().return_date()))
      last = std::max(last, FromProtoDate(r.travel().return_date()));
    ASSIGN_OR_RETURN(facts, store_.LoadFacts(call.tx, call.today, last));
    std::optional<v1::OutboundPlanEntry> plan_entry;
    if (r.has_travel() && !r.travel().plan_entry().empty()) {
      ASSIGN_OR_RETURN(entry_id, NumericIdOf(r.travel().plan_entry(), "outboundPlanEntries"));
      ASSIGN_OR_RETURN(entry, store_.GetPlanEntry(call.tx, entry_id));
      if (!entry.has_value()) return absl::NotFoundError(absl::StrCat(r.travel().plan_entry(), " does not exist"));
      plan_entry = *entry;
    }
    std::vector<common::v1::OverrideRequest> overrides(req->overrides().begin(), req->overrides().end());
    ASSIGN_OR_RETURN(plan, PlanApprovalRequest(r, overrides, call.actor(), plan_entry, facts, call.now, call.policy));
    v1::ApprovalRequest& stored = plan.request;
    stored.set_created_by(call.actor());
    *stored.mutable_create_time() = ToProtoTime(call.now);
    if (absl::Status s = store_.InsertApprovalRequest(call.tx, stored).status(); !s.ok()) return s;
    for (const ObligationPlan& o : plan.obligations) {
      if (absl::Status s = CreateObligation(call, o, stored.name(), nullptr); !s.ok()) return s;
    }
    *resp = stored;
    std::string detail;
    for (const common::v1::OverrideRecord& o : stored.overrides()) {
      absl::StrAppend(&detail, "override ", o.rule_id(), " by ", o.overridden_by(), ": ", o.reason(), "; ");
    }
    return Audit(call, stored.name(), "CreateApprovalRequest", stored.rule_ids().empty() ? "" : stored.rule_ids(0),
                 nullptr, stored, detail);
  });
}

grpc::Status PersonnelHandler::GetApprovalRequest(grpc::ServerContext* ctx, const v1::GetApprovalRequestRequest* req,
                                                  v1::ApprovalRequest* resp) {
  return Fetch<v1::ApprovalRequest>(ctx, req->name(), "approvalRequests", resp,
                                    [this](Tx& tx, int64_t id) { return store_.GetApprovalRequest(tx, id); });
}

grpc::Status PersonnelHandler::ListApprovalRequests(grpc::ServerContext* ctx,
                                                    const v1::ListApprovalRequestsRequest* req,
                                                    v1::ListApprovalRequestsResponse* resp) {
  return Read(ctx, [&](Call& call) -> absl::Status {
    ASSIGN_OR_RETURN(page, ParsePage(req->page_size(), req->page_token(), "approvalRequests"));
    ASSIGN_OR_RETURN(result,
                     store_.ListApprovalRequests(call.tx, req->kind(), req->subject_official(), req->state(), page));
    for (auto& r : result.items) *resp->add_approval_requests() = std::move(r);
    resp->set_next_page_token(result.next_page_token);
    return absl::OkStatus();
  });
}

grpc::Status PersonnelHandler::ActOnApprovalRequest(grpc::ServerContext* ctx,
                                                    const v1::ActOnApprovalRequestRequest* req,
                                                    v1::ApprovalRequest* resp) {
  return Transition<v1::ApprovalRequest>(
      ctx, "ActOnApprovalRequest", req->request_id(), *req, resp, req->name(), "approvalRequests", req->etag(), "",
      [this](Tx& tx, int64_t id) { return store_.GetApprovalRequest(tx, id); },
      [this](Tx& tx, int64_t id, int64_t version, const v1::ApprovalRequest& m) {
        return store_.UpdateApprovalRequest(tx, id, version, m);
      },
      [&](Call& call, v1::ApprovalRequest& r, Note& note) -> absl::Status {
        ASSIGN_OR_RETURN(facts, store_.LoadFacts(call.tx, call.today, call.today));
        ASSIGN_OR_RETURN(outcome, ActOnStep(r, *req, call.actor(), facts, call.now, *call.calendar, call.policy));
        for (const ObligationPlan& o : outcome.obligations) {
          if (absl::Status s = CreateObligation(call, o, r.name(), nullptr); !s.ok()) return s;
        }
        for (v1::ObligationKind kind : outcome.fulfils) {
          ASSIGN_OR_RETURN(open, store_.ListObligations(call.tx, "", v1::OBLIGATION_STATE_UNSPECIFIED, r.name(),
                                                        PageRequest{500, 0}));
          for (v1::Obligation& o : open.items) {
            if (o.kind() != kind ||
                (o.state() != v1::OBLIGATION_STATE_OPEN && o.state() != v1::OBLIGATION_STATE_OVERDUE))
              continue;
            ASSIGN_OR_RETURN(oid, NumericIdOf(o.name(), "obligations"));
            ASSIGN_OR_RETURN(versioned, store_.GetObligation(call.tx, oid));
            v1::Obligation done = versioned.value;
            done.set_late(done.state() == v1::OBLIGATION_STATE_OVERDUE);
            done.set_state(v1::OBLIGATION_STATE_FULFILLED);
            *done.mutable_fulfil_time() = ToProtoTime(call.now);
            done.set_fulfilled_by(call.actor());
            done.set_fulfilment_note(req->reference());
            if (absl::Status s = store_.UpdateObligation(call.tx, oid, versioned.version, done); !s.ok()) return s;
            if (absl::Status s = CancelTimer(call.tx, "obligation.due", done.name()); !s.ok()) return s;
          }
        }
        if (outcome.decided) {
          v1::ApprovalRequestDecided event;
          *event.mutable_approval_request() = r;
          if (absl::Status s = Publish(call, r.name(), event); !s.ok()) return s;
        }
        const v1::ApprovalStep* step = nullptr;
        for (const v1::ApprovalStep& s : r.steps()) {
          if (s.kind() == req->step()) step = &s;
        }
        std::string detail = absl::StrCat(v1::StepKind_Name(req->step()), " ", v1::StepDecision_Name(req->decision()));
        std::string acting_for;
        if (step != nullptr && step->has_acting_mark()) {
          acting_for = step->acting_mark().for_official();
          absl::StrAppend(&detail, "; 代行 for ", acting_for);
        }
        if (step != nullptr && step->superior_override()) absl::StrAppend(&detail, "; superior override (RECORD)");
        note.rule_id = r.rule_ids().empty() ? "" : r.rule_ids(0);
        note.detail = detail;
        note.acting_for = acting_for;
        return absl::OkStatus();
      });
}

grpc::Status PersonnelHandler::ReleaseApprovalRequest(grpc::ServerContext* ctx,
                                                      const v1::ReleaseApprovalRequestRequest* req,
                                                      v1::ApprovalRequest* resp) {
  return Transition<v1::ApprovalRequest>(
      ctx, "ReleaseApprovalRequest", req->request_id(), *req, resp, req->name(), "approvalRequests", req->etag(), "",
      [this](Tx& tx, int64_t id) { return store_.GetApprovalRequest(tx, id); },
      [this](Tx& tx, int64_t id, int64_t version, const v1::ApprovalRequest& m) {
        return store_.UpdateApprovalRequest(tx, id, version, m);
      },
      [&](Call& call, v1::ApprovalRequest& r, Note& note) -> absl::Status {
        if (absl::Status s = Release(r, call.actor(), call.now, call.policy); !s.ok()) return s;
        note.rule_id = r.rule_ids().empty() ? "" : r.rule_ids(0);
        return absl::OkStatus();
      });
}

grpc::Status PersonnelHandler::CreateOutboundPlanEntry(grpc::ServerContext* ctx,
                                                       const v1::CreateOutboundPlanEntryRequest* req,
                                                       v1::OutboundPlanEntry* resp) {
  return Mutate(ctx, "CreateOutboundPlanEntry", req->request_id(), *req, resp, [&](Call& call) -> absl::Status {
    ASSIGN_OR_RETURN(facts, store_.LoadFacts(call.tx, call.today, call.today));
    const std::string actor = call.actor();
    if (!RequireRegisterKeeper(call.caller, facts, call.today).ok() && !facts.HoldsRole(actor, "R-FAO", call.today)) {
      return absl::PermissionDeniedError(
          "the outbound plan is kept by the foreign-affairs office or the "
          "county government office");
    }
    v1::OutboundPlanEntry e = req->entry();
    if (e.year() < 2000 || e.year() > 2100) return absl::InvalidArgumentError("entry.year is required");
    if (e.destination().empty()) return absl::InvalidArgumentError("entry.destination is required");
    *e.mutable_create_time() = ToProtoTime(call.now);
    if (absl::Status s = store_.InsertPlanEntry(call.tx, e).status(); !s.ok()) return s;
    *resp = e;
    return Audit(call, e.name(), "CreateOutboundPlanEntry", "DIS-14", nullptr, e);
  });
}

grpc::Status PersonnelHandler::ListOutboundPlanEntries(grpc::ServerContext* ctx,
                                                       const v1::ListOutboundPlanEntriesRequest* req,
                                                       v1::ListOutboundPlanEntriesResponse* resp) {
  return Read(ctx, [&](Call& call) -> absl::Status {
    ASSIGN_OR_RETURN(page, ParsePage(req->page_size(), req->page_token(), "outboundPlanEntries"));
    ASSIGN_OR_RETURN(result, store_.ListPlanEntries(call.tx, req->year(), page));
    for (auto& e : result.items) *resp->add_entries() = std::move(e);
    resp->set_next_page_token(result.next_page_token);
    return absl::OkStatus();
  });
}

// --- records -----------------------------------------------------------------------------------------

grpc::Status PersonnelHandler::CreateConductRecord(grpc::ServerContext* ctx, const v1::CreateConductRecordRequest* req,
                                                   v1::ConductRecord* resp) {
  return Mutate(ctx, "CreateConductRecord", req->request_id(), *req, resp, [&](Call& call) -> absl::Status {
    v1::ConductRecord r = req->record();
    if (absl::Status s = CheckOfficialExists(store_, call.tx, r.official(), "record.official"); !s.ok()) return s;
    ASSIGN_OR_RETURN(facts, store_.LoadFacts(call.tx, call.today, call.today));
    if (absl::Status s = RequireSelfOrOffice(call.caller, r.official(), facts, call.today); !s.ok()) return s;
    static const std::map<v1::ConductKind, const char*> kRules = {
        {v1::CONDUCT_KIND_INTERNAL_DISSENT, "DIS-04"},        {v1::CONDUCT_KIND_REPORT_WITH_DATA, "DIS-13"},
        {v1::CONDUCT_KIND_NEWS_COVERAGE, "DIS-25"},           {v1::CONDUCT_KIND_GIFT_HANDED_IN, "DIS-26"},
        {v1::CONDUCT_KIND_PERSONAL_MATTERS_REPORT, "DIS-27"}, {v1::CONDUCT_KIND_FIELD_RESEARCH, "DIS-28"},
        {v1::CONDUCT_KIND_EXTERNAL_REPRESENTATION, "ORG-06"}, {v1::CONDUCT_KIND_CROSS_PORTFOLIO_ITEM, "ORG-09"}};
    auto rule = kRules.find(r.kind());
    if (rule == kRules.end()) return absl::InvalidArgumentError("record.kind is required");
    if (r.summary().empty()) return absl::InvalidArgumentError("record.summary is required");
    if (r.kind() == v1::CONDUCT_KIND_REPORT_WITH_DATA && (r.data_source().empty() || r.data_owner().empty())) {
      return call.policy.Refuse(absl::StatusCode::kInvalidArgument, "DIS-13", "报送数据须注明来源和责任人",
                                "a report with data names its source and owner", "record.data_source");
    }
    r.set_rule_id(rule->second);
    ASSIGN_OR_RETURN(citation, call.policy.Cite(rule->second));
    *r.mutable_article() = MakeViolation(citation, "", "").article();
    r.clear_warnings();
    if (r.kind() == v1::CONDUCT_KIND_FIELD_RESEARCH &&
        r.escorts() > call.policy.proto().fieldwork().max_escorts().count()) {
      *r.add_warnings()->mutable_violation() =
          call.policy.Explain("DIS-28",
                              absl::StrCat("轻车简从：陪同人员", r.escorts(), "人，超过",
                                           call.policy.proto().fieldwork().max_escorts().count(), "人"),
                              absl::StrCat("travel light: ", r.escorts(), " escorts, more than ",
                                           call.policy.proto().fieldwork().max_escorts().count()));
    }
    r.set_recorded_by(call.actor());
    *r.mutable_create_time() = ToProtoTime(call.now);
    if (absl::Status s = store_.InsertConductRecord(call.tx, r).status(); !s.ok()) return s;
    *resp = r;
    return Audit(call, r.name(), "CreateConductRecord", rule->second, nullptr, r);
  });
}

grpc::Status PersonnelHandler::ListConductRecords(grpc::ServerContext* ctx, const v1::ListConductRecordsRequest* req,
                                                  v1::ListConductRecordsResponse* resp) {
  return Read(ctx, [&](Call& call) -> absl::Status {
    std::string official;
    if (!req->official().empty()) {
      ASSIGN_OR_RETURN(id, IdOf(req->official(), "officials"));
      official = id;
    }
    ASSIGN_OR_RETURN(page, ParsePage(req->page_size(), req->page_token(), "conductRecords"));
    ASSIGN_OR_RETURN(result, store_.ListConductRecords(call.tx, req->kind(), official, page));
    for (auto& r : result.items) *resp->add_records() = std::move(r);
    resp->set_next_page_token(result.next_page_token);
    return absl::OkStatus();
  });
}

}  // namespace xianfu::personnel
