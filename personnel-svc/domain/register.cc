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
