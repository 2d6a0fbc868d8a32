#include "personnel-svc/domain/register.h"

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"

namespace xianfu::personnel {

absl::Status NewOfficial(v1::Official& o, const Env& env, Effects& fx) {
  if (o.display_name_zh().empty()) return absl::InvalidArgumentError("official.display_name_zh is required");
  *o.mutable_create_time() = ToProtoTime(env.now);
  fx.Note("ORG-01", "");
  return absl::OkStatus();
}

absl::Status NewUnit(v1::Unit& u, const Env& env, Effects& fx) {
  if (u.display_name_zh().empty()) return absl::InvalidArgumentError("unit.display_name_zh is required");
  if (u.kind() == v1::UNIT_KIND_UNSPECIFIED) return absl::InvalidArgumentError("unit.kind is required");
  *u.mutable_create_time() = ToProtoTime(env.now);
  fx.Note("ORG-01", "");
  return absl::OkStatus();
}

absl::Status NewPost(v1::Post& p, const OrgFacts& facts, const Policy& policy, Effects& fx) {
  if (p.kind() == v1::POST_KIND_UNSPECIFIED) return absl::InvalidArgumentError("post.kind is required");
  if (p.display_name_zh().empty()) return absl::InvalidArgumentError("post.display_name_zh is required");
  if (!facts.units.contains(p.unit())) return absl::NotFoundError(absl::StrCat(p.unit(), " does not exist"));
  if (p.executive()) {
    if (p.kind() != v1::POST_KIND_DEPUTY_HEAD) {
      return policy.Refuse(absl::StatusCode::kInvalidArgument, "ORG-07", "常务副县长须为副县长职位",
                           "only a deputy-head post can be the executive deputy", "post.executive");
    }
    for (const auto& [name, other] : facts.posts) {
      if (other.executive()) {
        return policy.Refuse(absl::StatusCode::kFailedPrecondition, "ORG-07", "常务副县长只能有一位",
                             "there is already an executive deputy post: exactly one at a time", "post.executive");
      }
    }
  }
  if (p.kind() == v1::POST_KIND_OFFICE_DEPUTY_DIRECTOR && p.areas().empty()) {
    return policy.Refuse(absl::StatusCode::kInvalidArgument, "ORG-13", "办公室副主任须明确分管范围",
                         "an office deputy director needs an assigned area", "post.areas");
  }
  p.clear_terms();
  fx.Note("ORG-01", "");
  return absl::OkStatus();
}

absl::Status AssignPost(v1::Post& post, std::vector<v1::PostTerm> terms, const std::string& official,
                        absl::CivilDay start, const std::string& basis, const OrgFacts& facts, Effects& fx) {
  if (!facts.Exists(official)) return absl::NotFoundError(absl::StrCat(official, " does not exist"));
  for (v1::PostTerm& t : terms) {
    if (FromProtoDate(t.start_date()) >= start) {
      return absl::FailedPreconditionError(absl::StrCat(post.name(), " already has a term starting on or after ",
                                                        absl::FormatCivilTime(start),
                                                        "; terms are recorded in date order"));
    }
    if (!t.has_end_date() || FromProtoDate(t.end_date()) >= start) *t.mutable_end_date() = ToProtoDate(start - 1);
  }
  v1::PostTerm next;
  next.set_official(official);
  *next.mutable_start_date() = ToProtoDate(start);
  next.set_basis(basis);
  terms.push_back(std::move(next));
  post.clear_terms();
  for (v1::PostTerm& t : terms) *post.add_terms() = std::move(t);
  fx.Note("ORG-01", absl::StrCat(official, " from ", absl::FormatCivilTime(start), "; ", basis));
  return absl::OkStatus();
}

absl::Status ChangeDivision(v1::DivisionOfWork& division, const std::optional<Versioned<v1::DivisionOfWork>>& latest,
                            const OrgFacts& facts, const std::string& actor, const Env& env, Effects& fx) {
  if (!IsValidProtoDate(division.effective_date())) {
    return absl::InvalidArgumentError("division.effective_date is required and must be a real date");
  }
  const absl::CivilDay effective = FromProtoDate(division.effective_date());
  RETURN_IF_ERROR(ValidateDivision(division, facts, *env.policy));
  RETURN_IF_ERROR(ValidateDivisionUnits(division, facts.units, *env.policy));
  division.clear_superseded_date();
  division.set_recorded_by(actor);
  *division.mutable_create_time() = ToProtoTime(env.now);
  division.set_policy_version(env.policy->version());
  std::vector<v1::AbPair> previous_pairs;
  if (latest.has_value()) {
    const absl::CivilDay current_from = FromProtoDate(latest->value.effective_date());
    if (effective <= current_from) {
      return absl::FailedPreconditionError(
          absl::StrCat("a division of work is already in force from ", absl::FormatCivilTime(current_from),
                       "; a new one must take effect later (history is not rewritten)"));
    }
    v1::DivisionOfWork superseded = latest->value;
    *superseded.mutable_superseded_date() = ToProtoDate(effective);
    fx.Update(superseded, latest->version);
    previous_pairs.assign(latest->value.ab_pairs().begin(), latest->value.ab_pairs().end());
  }
  v1::DivisionOfWorkChanged event;
  *event.mutable_division() = division;
  for (const v1::AbPair& now_pair : division.ab_pairs()) {
    bool same = false;
    for (const v1::AbPair& old : previous_pairs) same = same || (old.a() == now_pair.a() && old.b() == now_pair.b());
    if (!same) event.add_b_changed_for(now_pair.a());
  }
  fx.Publish(division.name(), event);
  const bool initial = division.basis() == v1::DIVISION_BASIS_INITIAL_LOAD;
  fx.Note(initial ? "ORG-04" : "MTG-06", initial
                                             ? "initial load of the division of work"
                                             : absl::StrCat("party-group decision ", division.decision_reference()));
  return absl::OkStatus();
}

}  // namespace xianfu::personnel

namespace xianfu::personnel {

absl::Status RequireOpenHistory(absl::CivilDay effective, absl::string_view field, absl::string_view rule_id,
                                const Env& env) {
  if (effective >= env.today) return absl::OkStatus();
  return env.policy->Refuse(
      absl::StatusCode::kFailedPrecondition, rule_id,
      absl::StrCat("登记簿的变更自今日或以后生效（", absl::FormatCivilTime(effective),
                   " 已过去）；既往组织情况由系统管理员一次性导入"),
      absl::StrCat("a register change takes effect today or later (", absl::FormatCivilTime(effective),
                   " has passed): history is closed; the past is loaded once, by ImportOrganisation"),
      field);
}

namespace {

// The holdings a post's terms give, as LoadFacts would read them back.
void AddHoldings(const v1::Post& post, const OrgFacts& facts, std::vector<Holding>& out) {
  const auto unit = facts.units.find(post.unit());
  for (const v1::PostTerm& t : post.terms()) {
    Holding h;
    h.post = post.name();
    h.kind = post.kind();
    h.unit = post.unit();
    h.executive = post.executive();
    h.foreign_affairs = post.foreign_affairs();
    if (unit != facts.units.end()) {
      h.unit_roles = unit->second.roles;
      h.unit_kind = unit->second.kind;
    }
    h.official = t.official();
    h.start = FromProtoDate(t.start_date());
    if (t.has_end_date()) h.end = FromProtoDate(t.end_date());
    out.push_back(std::move(h));
  }
}

}  // namespace

absl::StatusOr<v1::ImportOrganisationResponse> ImportOrganisation(const v1::ImportOrganisationRequest& request,
                                                                  const OrgFacts& existing, bool register_has_division,
                                                                  const std::string& actor, const Env& env,
                                                                  const Namer& names, Effects& fx) {
  if (register_has_division) {
    return env.policy->Refuse(absl::StatusCode::kFailedPrecondition, "ORG-01",
                              "登记簿已有分工，历史已关闭：导入仅用于首次装载",
                              "the register already holds a division of work, so history is closed: an import is "
                              "the first load only");
  }
  const std::string detail = absl::StrCat("import: ", request.source());
  OrgFacts facts = existing;
  v1::ImportOrganisationResponse out;
  std::optional<absl::CivilDay> earliest;
  auto note_day = [&](absl::CivilDay day) {
    if (!earliest.has_value() || day < *earliest) earliest = day;
  };
  Effects scratch;  // the verbs' own notes; the import writes its own audit entries

  std::vector<v1::Unit> units;
  for (int i = 0; i < request.units_size(); ++i) {
    const auto& r = request.units(i);
    v1::Unit u = r.unit();
    u.set_name(absl::StrCat("units/", r.unit_id()));
    if (facts.units.contains(u.name())) return absl::AlreadyExistsError(absl::StrCat(u.name(), " already exists"));
    RETURN_IF_ERROR(NewUnit(u, env, scratch));
    facts.units[u.name()] = UnitInfo{u.name(), u.kind(), {u.roles().begin(), u.roles().end()}, u.display_name_zh()};
    units.push_back(std::move(u));
  }
  std::vector<v1::Official> officials;
  for (const auto& r : request.officials()) {
    v1::Official o = r.official();
    o.set_name(absl::StrCat("officials/", r.official_id()));
    if (facts.Exists(o.name())) return absl::AlreadyExistsError(absl::StrCat(o.name(), " already exists"));
    RETURN_IF_ERROR(NewOfficial(o, env, scratch));
    facts.names[o.name()] = o.display_name_zh();
    officials.push_back(std::move(o));
  }
  std::map<std::string, v1::Post> posts;  // by name, in the order of the request below
  std::vector<std::string> post_order;
  for (const auto& r : request.posts()) {
    v1::Post p = r.post();
    p.set_name(absl::StrCat("posts/", r.post_id()));
    if (facts.posts.contains(p.name()) || posts.contains(p.name())) {
      return absl::AlreadyExistsError(absl::StrCat(p.name(), " already exists"));
    }
    RETURN_IF_ERROR(NewPost(p, facts, *env.policy, scratch));
    facts.posts[p.name()] = p;
    post_order.push_back(p.name());
    posts[p.name()] = std::move(p);
  }
  for (int i = 0; i < request.holders_size(); ++i) {
    const v1::ImportOrganisationRequest::Holder& h = request.holders(i);
    auto post = posts.find(h.post());
    if (post == posts.end()) {
      return absl::InvalidArgumentError(
          absl::StrCat("holders[", i, "].post: ", h.post(), " is not among the imported posts"));
    }
    const absl::CivilDay start = FromProtoDate(h.start_date());
    std::vector<v1::PostTerm> terms(post->second.terms().begin(), post->second.terms().end());
    RETURN_IF_ERROR(AssignPost(post->second, std::move(terms), h.official(), start, h.basis(), facts, scratch));
    note_day(start);
  }
  for (const std::string& name : post_order) {
    facts.posts[name] = posts[name];
    AddHoldings(posts[name], facts, facts.holdings);
  }

  std::vector<v1::DivisionOfWork> divisions;
  for (int i = 0; i < request.divisions_size(); ++i) {
    v1::DivisionOfWork d = request.divisions(i);
    const absl::CivilDay effective = FromProtoDate(d.effective_date());
    if (!divisions.empty() && effective <= FromProtoDate(divisions.back().effective_date())) {
      return absl::InvalidArgumentError(
          absl::StrCat("divisions[", i, "].effective_date: divisions are imported in date order"));
    }
    RETURN_IF_ERROR(ValidateDivision(d, facts, *env.policy));
    RETURN_IF_ERROR(ValidateDivisionUnits(d, facts.units, *env.policy));
    ASSIGN_OR_RETURN(name, names("divisions"));
    d.set_name(name);
    d.set_recorded_by(actor);
    *d.mutable_create_time() = ToProtoTime(env.now);
    d.set_policy_version(env.policy->version());
    if (!divisions.empty()) *divisions.back().mutable_superseded_date() = d.effective_date();
    note_day(effective);
    divisions.push_back(std::move(d));
  }
  std::vector<v1::OutboundPlanEntry> plan_entries;
  for (const v1::OutboundPlanEntry& e : request.plan_entries()) {
    v1::OutboundPlanEntry entry = e;
    if (!facts.units.contains(entry.unit())) return absl::NotFoundError(absl::StrCat(entry.unit(), " does not exist"));
    ASSIGN_OR_RETURN(name, names("outboundPlanEntries"));
    entry.set_name(name);
    *entry.mutable_create_time() = ToProtoTime(env.now);
    plan_entries.push_back(std::move(entry));
  }

  for (const v1::Unit& u : units) {
    fx.Insert(u);
    fx.Audit(u.name(), "ImportOrganisation", "ORG-01", nullptr, u, detail);
  }
  for (const v1::Official& o : officials) {
    fx.Insert(o);
    fx.Audit(o.name(), "ImportOrganisation", "ORG-01", nullptr, o, detail);
  }
  for (const std::string& name : post_order) {
    fx.Insert(posts[name]);
    fx.Audit(name, "ImportOrganisation", "ORG-01", nullptr, posts[name], detail);
  }
  for (const v1::DivisionOfWork& d : divisions) {
    fx.Insert(d);
    fx.Audit(d.name(), "ImportOrganisation", "ORG-04", nullptr, d, detail);
    v1::DivisionOfWorkChanged event;
    *event.mutable_division() = d;
    fx.Publish(d.name(), event);
  }
  for (const v1::OutboundPlanEntry& e : plan_entries) {
    fx.Insert(e);
    fx.Audit(e.name(), "ImportOrganisation", "DIS-16", nullptr, e, detail);
  }
  out.set_units(static_cast<int32_t>(units.size()));
  out.set_officials(static_cast<int32_t>(officials.size()));
  out.set_posts(static_cast<int32_t>(post_order.size()));
  out.set_holders(request.holders_size());
  out.set_divisions(static_cast<int32_t>(divisions.size()));
  out.set_plan_entries(static_cast<int32_t>(plan_entries.size()));
  if (earliest.has_value()) *out.mutable_history_from() = ToProtoDate(*earliest);
  // The import as one act on the register's own chain: what was loaded, from which source.
  fx.Audit("organisation", "ImportOrganisation", "ORG-01", nullptr, request,
           absl::StrCat(detail, "; ", out.units(), " units, ", out.officials(), " officials, ", out.posts(), " posts, ",
                        out.holders(), " holders, ", out.divisions(), " divisions; history from ",
                        earliest.has_value() ? absl::FormatCivilTime(*earliest) : std::string("-")));
  return out;
}

}  // namespace xianfu::personnel
