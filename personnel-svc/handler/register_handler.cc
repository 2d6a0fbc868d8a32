// The organisation register and the questions about it.
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "common/deadline_proto.h"
#include "google/protobuf/util/time_util.h"
#include "personnel-svc/domain/lookups.h"
#include "personnel-svc/domain/register.h"
#include "personnel-svc/handler/handler.h"

namespace xianfu::personnel {
grpc::Status PersonnelHandler::CreateOfficial(grpc::ServerContext* ctx, const v1::CreateOfficialRequest* req,
                                              v1::Official* resp) {
  return Create<v1::Official>(ctx, "CreateOfficial", req->request_id(), *req, resp, store_.officials, "",
                              [&](Call& call, v1::Official& o, Effects& fx) -> absl::Status {
                                ASSIGN_OR_RETURN(org, Org(call.env.today));
                                RETURN_IF_ERROR(RequireRegisterKeeper(call.caller, org->facts, call.env.today));
                                ASSIGN_OR_RETURN(id, IdOf(absl::StrCat("officials/", req->official_id()), "officials"));
                                o = req->official();
                                o.set_name(absl::StrCat("officials/", id));
                                fx.Guard(kOrganisationGuard, org->version);
                                return NewOfficial(o, call.env, fx);
                              });
}

grpc::Status PersonnelHandler::GetOfficial(grpc::ServerContext* ctx, const v1::GetOfficialRequest* req,
                                           v1::Official* resp) {
  return Answer(ctx, [&](Call&) -> absl::Status {
    ASSIGN_OR_RETURN(o, Load(store_.officials, req->name()));
    *resp = std::move(o.value);
    return absl::OkStatus();
  });
}

grpc::Status PersonnelHandler::ListOfficials(grpc::ServerContext* ctx, const v1::ListOfficialsRequest* req,
                                             v1::ListOfficialsResponse* resp) {
  return List<v1::Official>(
      ctx, req->page_size(), req->page_token(), "officials", resp->mutable_officials(), resp->mutable_next_page_token(),
      [&](Call& call, const PageRequest& page) -> absl::StatusOr<PageQuery<v1::Official>> {
        Filter filter;
        if (!req->name_contains().empty()) {
          // LIKE's own wildcards in the text match themselves.
          std::string pattern = absl::StrReplaceAll(req->name_contains(), {{"\\", "\\\\"}, {"%", "\\%"}, {"_", "\\_"}});
          filter.Where("display_name_zh LIKE ?", {absl::StrCat("%", pattern, "%")});
        }
        if (!req->unit().empty() || req->post_kind() != v1::POST_KIND_UNSPECIFIED) {
          ASSIGN_OR_RETURN(day, OptionalDate(req->date(), call.env.today, "date"));
          Filter held;
          held.Where("t.start_date <= ? AND (t.end_date IS NULL OR t.end_date >= ?)", {day, day});
          if (!req->unit().empty()) {
            ASSIGN_OR_RETURN(unit, IdOf(req->unit(), "units"));
            held.Eq("p.unit_id", unit);
          }
          held.Eq("p.kind", int64_t{req->post_kind()});
          filter.Where(
              absl::StrCat("id IN (SELECT t.official_id FROM post_terms t JOIN posts p ON p.id = t.post_id WHERE ",
                           held.sql(), ")"),
              held.params());
        }
        return store_.officials.ListQuery(filter, page);
      });
}

grpc::Status PersonnelHandler::CreateUnit(grpc::ServerContext* ctx, const v1::CreateUnitRequest* req, v1::Unit* resp) {
  return Create<v1::Unit>(ctx, "CreateUnit", req->request_id(), *req, resp, store_.units, "",
                          [&](Call& call, v1::Unit& u, Effects& fx) -> absl::Status {
                            ASSIGN_OR_RETURN(org, Org(call.env.today));
                            RETURN_IF_ERROR(RequireRegisterKeeper(call.caller, org->facts, call.env.today));
                            ASSIGN_OR_RETURN(id, IdOf(absl::StrCat("units/", req->unit_id()), "units"));
                            u = req->unit();
                            u.set_name(absl::StrCat("units/", id));
                            fx.Guard(kOrganisationGuard, org->version);
                            return NewUnit(u, call.env, fx);
                          });
}

grpc::Status PersonnelHandler::GetUnit(grpc::ServerContext* ctx, const v1::GetUnitRequest* req, v1::Unit* resp) {
  return Answer(ctx, [&](Call&) -> absl::Status {
    ASSIGN_OR_RETURN(u, Load(store_.units, req->name()));
    *resp = std::move(u.value);
    return absl::OkStatus();
  });
}

grpc::Status PersonnelHandler::ListUnits(grpc::ServerContext* ctx, const v1::ListUnitsRequest* req,
                                         v1::ListUnitsResponse* resp) {
  return List<v1::Unit>(ctx, req->page_size(), req->page_token(), "units", resp->mutable_units(),
                        resp->mutable_next_page_token(), [&](Call&, const PageRequest& page) {
                          return store_.units.ListQuery(Filter().Eq("kind", int64_t{req->kind()}), page);
                        });
}

grpc::Status PersonnelHandler::CreatePost(grpc::ServerContext* ctx, const v1::CreatePostRequest* req, v1::Post* resp) {
  return Create<v1::Post>(ctx, "CreatePost", req->request_id(), *req, resp, store_.posts, "",
                          [&](Call& call, v1::Post& p, Effects& fx) -> absl::Status {
                            ASSIGN_OR_RETURN(org, Org(call.env.today));
                            RETURN_IF_ERROR(RequireRegisterKeeper(call.caller, org->facts, call.env.today));
                            ASSIGN_OR_RETURN(id, IdOf(absl::StrCat("posts/", req->post_id()), "posts"));
                            p = req->post();
                            p.set_name(absl::StrCat("posts/", id));
                            fx.Guard(kOrganisationGuard, org->version);
                            return NewPost(p, org->facts, call.policy(), fx);
                          });
}

grpc::Status PersonnelHandler::ListPosts(grpc::ServerContext* ctx, const v1::ListPostsRequest* req,
                                         v1::ListPostsResponse* resp) {
  return List<v1::Post>(ctx, req->page_size(), req->page_token(), "posts", resp->mutable_posts(),
                        resp->mutable_next_page_token(),
                        [&](Call&, const PageRequest& page) { return store_.ListPosts(req->unit(), page); });
}

grpc::Status PersonnelHandler::AssignPost(grpc::ServerContext* ctx, const v1::AssignPostRequest* req, v1::Post* resp) {
  return Act<v1::Post>(
      ctx, "AssignPost", req->request_id(), *req, resp, req->post(), req->etag(), store_.posts, "",
      [&](Call& call, v1::Post& post, Effects& fx) -> absl::Status {
        ASSIGN_OR_RETURN(org, Org(call.env.today));
        RETURN_IF_ERROR(RequireRegisterKeeper(call.caller, org->facts, call.env.today));
        ASSIGN_OR_RETURN(start, RequiredDate(req->start_date(), "start_date"));
        RETURN_IF_ERROR(RequireOpenHistory(start, "start_date", "ORG-01", call.env));
        std::vector<v1::PostTerm> terms;
        RETURN_IF_ERROR(db_.Read([&](Tx& tx) -> absl::Status {
          ASSIGN_OR_RETURN(found, store_.TermsOf(tx, post.name()));
          terms = std::move(found);
          return absl::OkStatus();
        }));
        fx.Guard(kOrganisationGuard, org->version);
        return personnel::AssignPost(post, std::move(terms), req->official(), start, req->basis(), org->facts, fx);
      },
      nullptr, /*etag_required=*/false);
}

grpc::Status PersonnelHandler::ChangeDivisionOfWork(grpc::ServerContext* ctx,
                                                    const v1::ChangeDivisionOfWorkRequest* req,
                                                    v1::DivisionOfWork* resp) {
  return Create<v1::DivisionOfWork>(
      ctx, "ChangeDivisionOfWork", req->request_id(), *req, resp, store_.divisions, "",
      [&](Call& call, v1::DivisionOfWork& division, Effects& fx) -> absl::Status {
        ASSIGN_OR_RETURN(effective, RequiredDate(req->division().effective_date(), "division.effective_date"));
        RETURN_IF_ERROR(RequireOpenHistory(effective, "division.effective_date", "ORG-04", call.env));
        ASSIGN_OR_RETURN(org, Org(std::min(effective, call.env.today), std::max(effective, call.env.today)));
        RETURN_IF_ERROR(RequireRegisterKeeper(call.caller, org->facts, call.env.today));
        std::optional<Versioned<v1::DivisionOfWork>> latest;
        RETURN_IF_ERROR(db_.Read([&](Tx& tx) -> absl::Status {
          ASSIGN_OR_RETURN(found, store_.LatestDivision(tx));
          latest = std::move(found);
          return absl::OkStatus();
        }));
        division = req->division();
        ASSIGN_OR_RETURN(name, Names()("divisions"));
        division.set_name(name);
        fx.Guard(kOrganisationGuard, org->version);
        return ChangeDivision(division, latest, org->facts, call.actor(), call.env, fx);
      });
}

grpc::Status PersonnelHandler::ImportOrganisation(grpc::ServerContext* ctx, const v1::ImportOrganisationRequest* req,
                                                  v1::ImportOrganisationResponse* resp) {
  return Perform(
      ctx, "ImportOrganisation", req->request_id(), *req, resp, [&](Call& call, Effects& fx) -> absl::Status {
        ASSIGN_OR_RETURN(org, Org(call.env.today));
        bool has_division = false;
        RETURN_IF_ERROR(db_.Read([&](Tx& tx) -> absl::Status {
          ASSIGN_OR_RETURN(latest, store_.LatestDivision(tx));
          has_division = latest.has_value();
          return absl::OkStatus();
        }));
        ASSIGN_OR_RETURN(
            out, personnel::ImportOrganisation(*req, org->facts, has_division, call.actor(), call.env, Names(), fx));
        fx.Guard(kOrganisationGuard, org->version);
        *resp = std::move(out);
        return absl::OkStatus();
      });
}

grpc::Status PersonnelHandler::GetDivisionOfWork(grpc::ServerContext* ctx, const v1::GetDivisionOfWorkRequest* req,
                                                 v1::DivisionOfWork* resp) {
  return Read(ctx, [&](Call& call, Tx& tx) -> absl::Status {
    ASSIGN_OR_RETURN(day, OptionalDate(req->date(), call.env.today, "date"));
    ASSIGN_OR_RETURN(division, store_.DivisionOn(tx, day));
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
  return Answer(ctx, [&](Call& call) -> absl::Status {
    RETURN_IF_ERROR(IdOf(req->unit(), "units").status());
    ASSIGN_OR_RETURN(day, OptionalDate(req->date(), call.env.today, "date"));
    ASSIGN_OR_RETURN(org, Org(day));
    ASSIGN_OR_RETURN(answer, LeadershipOf(org->facts, req->unit(), day));
    *resp = std::move(answer);
    return absl::OkStatus();
  });
}

grpc::Status PersonnelHandler::LookupOfficial(grpc::ServerContext* ctx, const v1::LookupOfficialRequest* req,
                                              v1::OfficialStanding* resp) {
  return Answer(ctx, [&](Call& call) -> absl::Status {
    RETURN_IF_ERROR(IdOf(req->official(), "officials").status());
    ASSIGN_OR_RETURN(day, OptionalDate(req->date(), call.env.today, "date"));
    ASSIGN_OR_RETURN(org, Org(day));
    ASSIGN_OR_RETURN(answer, StandingOf(org->facts, req->official(), day, call.policy()));
    *resp = std::move(answer);
    return absl::OkStatus();
  });
}

grpc::Status PersonnelHandler::LookupRoleHolders(grpc::ServerContext* ctx, const v1::LookupRoleHoldersRequest* req,
                                                 v1::RoleHolders* resp) {
  return Answer(ctx, [&](Call& call) -> absl::Status {
    if (req->role().empty()) return absl::InvalidArgumentError("role is required (e.g. R-CH)");
    ASSIGN_OR_RETURN(day, OptionalDate(req->date(), call.env.today, "date"));
    ASSIGN_OR_RETURN(org, Org(day));
    *resp = RoleHoldersOf(org->facts, req->role(), day);
    return absl::OkStatus();
  });
}

grpc::Status PersonnelHandler::BatchLookup(grpc::ServerContext* ctx, const v1::BatchLookupRequest* req,
                                           v1::BatchLookupResponse* resp) {
  return Answer(ctx, [&](Call& call) -> absl::Status {
    if (req->questions_size() > kMaxBatchQuestions) {
      return absl::InvalidArgumentError(absl::StrCat("questions: at most ", kMaxBatchQuestions, " in one batch"));
    }
    const absl::CivilDay day = LocalDay(req->has_time() ? FromProtoTime(req->time()) : call.env.now);
    // Every day asked about must be in the facts; a question that authorises an act is answered
    // from the organisation's latest version.
    absl::CivilDay first = day, last = day;
    bool authorises = false;
    for (const v1::OrgQuestion& q : req->questions()) {
      const common::v1::CivilDate* date = q.has_official()       ? &q.official().date()
                                          : q.has_unit()         ? &q.unit().date()
                                          : q.has_role_holders() ? &q.role_holders().date()
                                                                 : nullptr;
      if (date != nullptr && IsValidProtoDate(*date)) {
        first = std::min(first, FromProtoDate(*date));
        last = std::max(last, FromProtoDate(*date));
      }
      const v1::ResolveActingRequest* r = q.has_check()     ? &q.check().resolve()
                                          : q.has_resolve() ? &q.resolve()
                                                            : nullptr;
      if (r != nullptr && r->has_time()) {
        first = std::min(first, LocalDay(FromProtoTime(r->time())));
        last = std::max(last, LocalDay(FromProtoTime(r->time())));
      }
      authorises = authorises || q.has_check();
    }
    ASSIGN_OR_RETURN(org, Org(first, last, authorises));
    ASSIGN_OR_RETURN(answers, AnswerBatch(org->facts, *req, call.env.now, call.policy()));
    *resp = std::move(answers);
    resp->set_organisation_version(org->version);
    const absl::Duration lease = organisation_lease_.Grant(org->version);
    if (lease > absl::ZeroDuration()) {
      *resp->mutable_lease() =
          google::protobuf::util::TimeUtil::MicrosecondsToDuration(absl::ToInt64Microseconds(lease));
    }
    return absl::OkStatus();
  });
}

}  // namespace xianfu::personnel
