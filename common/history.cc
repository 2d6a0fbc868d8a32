#include "common/history.h"

#include <set>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "common/audit.h"
#include "common/deadline_proto.h"
#include "common/paging.h"

namespace xianfu {

HistoryServiceImpl::HistoryServiceImpl(ServiceContext& context)
    : HandlerBase(context, context.service), access_(context.history_access) {}

grpc::Status HistoryServiceImpl::ListHistory(grpc::ServerContext* ctx, const admin::v1::ListHistoryRequest* req,
                                             admin::v1::ListHistoryResponse* resp) {
  // Who may see is asked first, outside any transaction (the service may ask another service).
  return Answer(ctx, [&](Call& call) -> absl::Status {
    std::string actor = req->actor();
    if (call.caller.admin_role != AdminRole::kAuditAdmin) {
      const std::string me = call.caller.official();
      if (!req->resource().empty()) {
        // A resource's history: its parties and the office (the service decides).
        if (!access_) return absl::PermissionDeniedError("this service shows its history to the audit administrator");
        RETURN_IF_ERROR(access_(call, req->resource()));
      } else if (actor.empty() || actor == me) {
        actor = me;  // an official's own acts
      } else {
        if (!access_) return absl::PermissionDeniedError("this service shows its history to the audit administrator");
        RETURN_IF_ERROR(access_(call, ""));  // everyone's: the office
      }
    }
    return db_.Read([&](Tx& tx) -> absl::Status { return List(call, tx, *req, actor, resp); });
  });
}

absl::Status HistoryServiceImpl::List(const Call& call, Tx& tx, const admin::v1::ListHistoryRequest& req,
                                      const std::string& actor, admin::v1::ListHistoryResponse* resp) {
  ASSIGN_OR_RETURN(page, ParsePage(req.page_size(), req.page_token(), "history"));
  Filter filter;
  filter.Eq("resource", req.resource()).Eq("rule_id", req.rule_id());
  if (!actor.empty()) filter.Where("(actor = ? OR on_behalf_of = ?)", {actor, actor});
  if (req.has_from_time()) filter.Where("occurred_at >= ?", {FromProtoTime(req.from_time())});
  if (req.has_to_time()) filter.Where("occurred_at < ?", {FromProtoTime(req.to_time())});
  if (!page.after.empty()) {
    int64_t after = 0;
    if (!absl::SimpleAtoi(page.after, &after)) return absl::InvalidArgumentError("page_token is malformed");
    filter.Where("id > ?", {after});
  }
  std::vector<SqlParam> params = filter.params();
  params.push_back(int64_t{page.limit});
  const std::string where = filter.sql();
  ASSIGN_OR_RETURN(rows,
                   tx.Query(absl::StrCat("SELECT id, chain, seq, occurred_at, action, actor, acting_for,"
                                         " on_behalf_of, resource, rule_id, article, detail, request_id,"
                                         " policy_version, calendar_version, before_digest, after_digest"
                                         " FROM audit_entries",
                                         where.empty() ? "" : absl::StrCat(" WHERE ", where), " ORDER BY id LIMIT ?"),
                            params));
  std::set<std::string> chains;
  std::string last;
  for (const SqlRow& row : rows) {
    last = row.Str(0);
    chains.insert(row.Str(1));
    admin::v1::HistoryEntry* e = resp->add_entries();
    e->set_resource(row.Str(8));
    e->set_sequence(row.Int(2));
    *e->mutable_time() = ToProtoTime(row.Time(3));
    e->set_action(row.Str(4));
    e->set_actor(row.Str(5));
    e->set_acting_for(row.Str(6));
    e->set_on_behalf_of(row.Str(7));
    e->set_rule_id(row.Str(9));
    e->set_article(row.Str(10));
    e->set_detail(row.Str(11));
    e->set_request_id(row.Str(12));
    e->set_policy_version(row.Str(13));
    e->set_calendar_version(row.Str(14));
    if (!e->rule_id().empty()) {
      if (absl::StatusOr<const policy::v1::Rule*> rule = call.policy().FindRule(e->rule_id()); rule.ok()) {
        e->set_enforcement(
            std::string(absl::StripPrefix(policy::v1::Enforcement_Name((*rule)->enforcement()), "ENFORCEMENT_")));
      }
    }
    // Nothing about the resource changed: a RECORD, a read, a refusal kept on the trail.
    const bool unchanged = !row.Str(15).empty() && row.Str(15) == row.Str(16);
    e->set_record_only(unchanged || e->action() == "READ" || e->enforcement() == "RECORD");
  }
  resp->set_next_page_token(NextPageToken(page, static_cast<int>(rows.size()), last, "history"));
  ASSIGN_OR_RETURN(verified, platform_.audit().VerifyChains(tx, {chains.begin(), chains.end()}));
  resp->set_chain_intact(verified.intact());
  for (const AuditBreak& b : verified.breaks) {
    admin::v1::AuditChainBreak* out = resp->add_breaks();
    out->set_chain(b.chain);
    out->set_sequence(b.seq);
    out->set_kind(b.kind);
    out->set_detail(b.detail);
  }
  return absl::OkStatus();
}

}  // namespace xianfu
