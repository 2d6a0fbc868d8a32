// Who decides what: the amount tiers of arts 40(六)(七) and 41(十)(十一), the policy's table for
// the other kinds (arts 23, 39–41), the ambiguity defaults (AMB-02…AMB-06, AMB-08, AMB-27,
// AMB-37, AMB-40), and the approvals a matter collects before it may be carried out.
#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/deadline_proto.h"
#include "common/errors.h"
#include "common/escalations.h"
#include "meeting-svc/domain/rules.h"

namespace xianfu::meeting {
namespace {

namespace pv1 = ::xianfu::policy::v1;

// 10000000 fen → "100,000元"; 1999999999 fen → "19,999,999.99元".
std::string Yuan(int64_t fen) {
  std::string digits = absl::StrCat(fen / 100);
  std::string grouped;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) grouped.push_back(',');
    grouped.push_back(digits[i]);
  }
  const int64_t cents = fen % 100;
  if (cents != 0) absl::StrAppend(&grouped, ".", cents < 10 ? "0" : "", cents);
  return absl::StrCat(grouped, "元");
}

const char* ForumZh(v1::Forum f) {
  switch (f) {
    case v1::FORUM_DEPARTMENT:
      return "部门";
    case v1::FORUM_DEPUTY_HEAD:
      return "分管副县长";
    case v1::FORUM_COUNTY_HEAD:
      return "县长审批";
    case v1::FORUM_EXECUTIVE:
      return "县人民政府常务会议";
    case v1::FORUM_PLENARY:
      return "县人民政府全体会议";
    case v1::FORUM_PARTY_GROUP:
      return "县政府党组会议";
    default:
      return "不经会议";
  }
}

const char* ForumEn(v1::Forum f) {
  switch (f) {
    case v1::FORUM_DEPARTMENT:
      return "the department";
    case v1::FORUM_DEPUTY_HEAD:
      return "the deputy head in charge";
    case v1::FORUM_COUNTY_HEAD:
      return "the county head's approval";
    case v1::FORUM_EXECUTIVE:
      return "the executive meeting";
    case v1::FORUM_PLENARY:
      return "the plenary meeting";
    case v1::FORUM_PARTY_GROUP:
      return "the party-group meeting";
    default:
      return "no meeting under these rules";
  }
}

// Policy forums (which include the two-step choices) as the steps of a route.
std::vector<v1::Forum> StepsOf(pv1::Forum f) {
  switch (f) {
    case pv1::FORUM_NONE:
      return {v1::FORUM_NONE};
    case pv1::FORUM_COUNTY_HEAD:
      return {v1::FORUM_COUNTY_HEAD};
    case pv1::FORUM_EXECUTIVE:
      return {v1::FORUM_EXECUTIVE};
    case pv1::FORUM_PARTY_GROUP:
      return {v1::FORUM_PARTY_GROUP};
    case pv1::FORUM_PLENARY:
      return {v1::FORUM_PLENARY};
    case pv1::FORUM_BOTH_EXECUTIVE_THEN_PARTY_GROUP:
      return {v1::FORUM_EXECUTIVE, v1::FORUM_PARTY_GROUP};
    case pv1::FORUM_BOTH_PLENARY_AND_EXECUTIVE:
      return {v1::FORUM_PLENARY, v1::FORUM_EXECUTIVE};
    case pv1::FORUM_DEPARTMENT:
      return {v1::FORUM_DEPARTMENT};
    case pv1::FORUM_DEPUTY_HEAD:
      return {v1::FORUM_DEPUTY_HEAD};
    default:
      return {v1::FORUM_NONE};
  }
}

// The tier of a forum in AMB-27's order (department < deputy < county head < executive < party
// group); the plenary stands beside the executive meeting but only satisfies itself and it.
int Tier(v1::Forum f) {
  switch (f) {
    case v1::FORUM_DEPARTMENT:
      return 1;
    case v1::FORUM_DEPUTY_HEAD:
      return 2;
    case v1::FORUM_COUNTY_HEAD:
      return 3;
    case v1::FORUM_EXECUTIVE:
    case v1::FORUM_PLENARY:
      return 4;
    case v1::FORUM_PARTY_GROUP:
      return 5;
    default:
      return 0;
  }
}

bool Satisfies(v1::Forum decided, v1::Forum needed, bool allow_higher) {
  if (decided == needed) return true;
  if (!allow_higher || needed == v1::FORUM_PLENARY) return false;
  return Tier(decided) > Tier(needed) && Tier(needed) > 0;
}

struct Builder {
  const Policy& policy;
  v1::Route route;
  void Step(v1::Forum forum, absl::string_view rule, const std::string& why_zh, const std::string& why_en) {
    v1::RouteStep* step = route.add_steps();
    step->set_forum(forum);
    const bool meeting = forum == v1::FORUM_EXECUTIVE || forum == v1::FORUM_PLENARY || forum == v1::FORUM_PARTY_GROUP;
    *step->mutable_basis() =
        forum == v1::FORUM_NONE
            ? policy.Explain(rule, absl::StrCat(why_zh, "不属本规则须经会议或县长决定的事项"),
                             absl::StrCat(why_en, " is not routed to a meeting or the county head by these rules"))
            : policy.Explain(rule, absl::StrCat(why_zh, "须经", ForumZh(forum), meeting ? "研究决定" : ""),
                             absl::StrCat(why_en, " needs ", ForumEn(forum)));
  }
  void Steps(pv1::Forum forum, absl::string_view rule, const std::string& why_zh, const std::string& why_en) {
    const std::vector<v1::Forum> steps = StepsOf(forum);
    for (v1::Forum f : steps) Step(f, rule, why_zh, why_en);
    if (forum == pv1::FORUM_BOTH_EXECUTIVE_THEN_PARTY_GROUP) route.set_sequential(true);
  }
  void Warn(absl::string_view rule, const std::string& zh, const std::string& en) {
    *route.add_warnings()->mutable_violation() = policy.Explain(rule, zh, en);
  }
};

}  // namespace

v1::Route RouteOf(const v1::Matter& matter, int64_t cumulative_fen, const Policy& policy) {
  const pv1::CountyPolicy& p = policy.proto();
  Builder b{policy, {}};
  b.route.set_policy_version(policy.version());
  const int64_t single = matter.amount().fen();
  switch (matter.kind()) {
    case v1::MATTER_KIND_FUND_ADJUSTMENT: {
      // AMB-05: items of one project and purpose within the fiscal year count together.
      const bool aggregate = p.funds().aggregation_window().value() == pv1::AGGREGATION_WINDOW_FISCAL_YEAR;
      const int64_t a = aggregate ? std::max(single, cumulative_fen) : single;
      const std::string what_zh = absl::StrCat("单笔调整", Yuan(a));
      const std::string what_en = absl::StrCat("a fund adjustment of ", Yuan(a));
      if (matter.budgeted() &&
          p.funds().county_head_scope().value() == pv1::COUNTY_HEAD_FUND_SCOPE_ADJUSTMENTS_AND_UNBUDGETED &&
          WithinMaximum(p.funds().county_head_max(), single)) {
        // AMB-37: routine execution of an approved budget is not the county head's to approve.
        b.Step(v1::FORUM_NONE, "MTG-09", "预算内资金正常支出", "routine execution of an approved budget");
        b.Warn("MTG-09", "预算内资金支出：按财政管理规定办理(AMB-37)",
               "budgeted spending: handled under the finance rules (AMB-37)");
        break;
      }
      if (a == p.funds().party_group_min().fen()) {
        b.Steps(p.funds().boundary_forum().value(), "MTG-09", what_zh, what_en);
        b.Warn("MTG-09", absl::StrCat(Yuan(a), "同时落入党组会议与常务会议权限，按政策取较高会议(AMB-02)"),
               absl::StrCat(Yuan(a),
                            " falls in both the party group's and the executive meeting's tier; the "
                            "policy's boundary forum applies (AMB-02)"));
      } else if (MeetsMinimum(p.funds().party_group_min(), a)) {
        b.Step(v1::FORUM_PARTY_GROUP, "MTG-09", what_zh, what_en);
      } else if (WithinMaximum(p.funds().county_head_max(), a)) {
        b.Step(v1::FORUM_COUNTY_HEAD, "MTG-09", what_zh, what_en);
      } else {
        b.Step(v1::FORUM_EXECUTIVE, "MTG-09", what_zh, what_en);
      }
      if (aggregate && cumulative_fen > single) {
        const v1::Route alone = RouteOf(
            [&] {
              v1::Matter m = matter;
              m.clear_project_code();
              return m;
            }(),
            single, policy);
        if (alone.steps_size() > 0 && alone.steps(0).forum() != b.route.steps(0).forum()) {
          b.Warn(
              "MTG-09",
              absl::StrCat("同一项目同一用途本年度累计", Yuan(cumulative_fen), "，本笔", Yuan(single),
                           "按累计额提交更高层级决定(AMB-05)"),
              absl::StrCat("the project's items for the same purpose this fiscal year add up to ", Yuan(cumulative_fen),
                           "; this item of ", Yuan(single), " goes to the higher forum (AMB-05)"));
        }
      }
      break;
    }
    case v1::MATTER_KIND_NEW_INVESTMENT: {
      const std::string what_zh = absl::StrCat("新增政府投资", Yuan(single));
      const std::string what_en = absl::StrCat("a new government investment of ", Yuan(single));
      if (single == p.invest().party_group_min().fen()) {
        b.Steps(p.invest().boundary_forum().value(), "MTG-10", what_zh, what_en);
        b.Warn("MTG-10", absl::StrCat(Yuan(single), "同时落入党组会议与常务会议权限，按政策取较高会议(AMB-03)"),
               absl::StrCat(Yuan(single), " falls in both tiers; the policy's boundary forum applies (AMB-03)"));
      } else if (MeetsMinimum(p.invest().party_group_min(), single)) {
        b.Step(v1::FORUM_PARTY_GROUP, "MTG-10", what_zh, what_en);
      } else if (MeetsMinimum(p.invest().executive_min(), single)) {
        b.Step(v1::FORUM_EXECUTIVE, "MTG-10", what_zh, what_en);
      } else {
        b.Step(v1::FORUM_NONE, "MTG-10", what_zh, what_en);
      }
      break;
    }
    case v1::MATTER_KIND_ANNUAL_INVESTMENT_PLAN:
      b.Steps(p.invest().annual_plan_sequence().value(), "MTG-10", "年度重大项目投资计划",
              "the annual major-project investment plan");
      break;
    case v1::MATTER_KIND_ASSET_DISPOSAL: {
      const std::string what_zh = absl::StrCat("国有资产处置(评估值", Yuan(single), ")");
      const std::string what_en = absl::StrCat("a state-asset disposal valued at ", Yuan(single));
      if (MeetsMinimum(p.assets().executive_min(), single)) {
        b.Step(v1::FORUM_EXECUTIVE, "MTG-11", what_zh, what_en);
      } else {
        b.Steps(p.assets().below_executive_route().value(), "MTG-11", what_zh, what_en);
        const policy::v1::MoneyThreshold& tier = p.assets().executive_min();
        b.Warn(
            "MTG-11",
            absl::StrCat(tier.inclusive() ? "低于" : "不超过", Yuan(tier.fen()),
                         "的国有资产处置不属本规则会议范围，仅作记录(AMB-06)"),
            "a disposal at or below the executive tier is not routed to a meeting by these rules; recorded (AMB-06)");
      }
      break;
    }
    default: {
      const std::string kind = v1::MatterKind_Name(matter.kind()).substr(std::string("MATTER_KIND_").size());
      const pv1::MatterRoute* found = nullptr;
      for (const pv1::MatterRoute& r : p.matters().routes()) {
        if (r.kind() == kind) found = &r;
      }
      if (found == nullptr) {
        b.Step(v1::FORUM_EXECUTIVE, "MTG-08", "本县政策未列明的事项", "a kind the county's policy does not list");
        break;
      }
      pv1::Forum forum = found->forum();
      // MTG-04: the work report follows meetings.work_report_require.
      if (matter.kind() == v1::MATTER_KIND_WORK_REPORT) forum = p.meetings().work_report_require().value();
      b.Steps(forum, found->rule_id(), matter.title(), matter.title());
      break;
    }
  }
  // MTG-20 / AMB-08: a major matter is decided collectively whatever its own tier.
  if (IsMajorMatter(matter, cumulative_fen, policy)) {
    bool collective = false;
    for (const v1::RouteStep& s : b.route.steps()) collective |= Tier(s.forum()) >= 4;
    if (!collective) {
      b.route.clear_steps();
      b.route.set_sequential(false);
      b.Step(v1::FORUM_EXECUTIVE, "MTG-20", "重大事项须经集体讨论决定", "a major matter is decided collectively");
    }
  }
  return b.route;
}

bool IsMajorMatter(const v1::Matter& matter, int64_t cumulative_fen, const Policy& policy) {
  if (matter.major()) return true;
  const pv1::CountyPolicy& p = policy.proto();
  switch (matter.kind()) {
    case v1::MATTER_KIND_FUND_ADJUSTMENT:
      return MeetsMinimum(p.funds().party_group_min(), std::max(matter.amount().fen(), cumulative_fen));
    case v1::MATTER_KIND_NEW_INVESTMENT:
      return MeetsMinimum(p.invest().party_group_min(), matter.amount().fen());
    case v1::MATTER_KIND_ANNUAL_INVESTMENT_PLAN:
    case v1::MATTER_KIND_DIVISION_OF_WORK:
    case v1::MATTER_KIND_PARTY_GROUP_DOCUMENT:
    case v1::MATTER_KIND_PARTY_GOVERNANCE:
    case v1::MATTER_KIND_THREE_IMPORTANT_ONE_LARGE:
    case v1::MATTER_KIND_NORMATIVE_DOCUMENT:
    case v1::MATTER_KIND_NPC_BILL:
      return true;
    default:
      return false;
  }
}

absl::Status RegisterMatter(v1::Matter& m, int64_t cumulative_fen, const std::string& actor, const Env& env) {
  const bool amount_kind = m.kind() == v1::MATTER_KIND_FUND_ADJUSTMENT || m.kind() == v1::MATTER_KIND_NEW_INVESTMENT ||
                           m.kind() == v1::MATTER_KIND_ASSET_DISPOSAL;
  if (amount_kind && m.amount().fen() <= 0) {
    return env.policy->Refuse(absl::StatusCode::kInvalidArgument, "MTG-09", "须填写金额(分)",
                              "a matter of this kind states its amount in fen", "matter.amount");
  }
  if (m.amount().fen() < 0) {
    return absl::InvalidArgumentError("matter.amount must not be negative");
  }
  if (m.kind() == v1::MATTER_KIND_FUND_ADJUSTMENT && !m.project_code().empty() && m.fiscal_year() == 0) {
    m.set_fiscal_year(static_cast<int>(env.today.year()));
  }
  m.set_major(IsMajorMatter(m, cumulative_fen, *env.policy));
  *m.mutable_route() = RouteOf(m, cumulative_fen, *env.policy);
  m.mutable_cumulative()->set_fen(std::max(cumulative_fen, m.amount().fen()));
  m.set_state(v1::MATTER_STATE_REGISTERED);
  m.clear_approvals();
  m.set_created_by(actor);
  *m.mutable_create_time() = ToProtoTime(env.now);
  m.clear_executed_by();
  m.clear_execute_time();
  // A route that needs nobody (AMB-06, AMB-37) is decided at once.
  if (!NextOpenStep(m, *env.policy).has_value()) m.set_state(v1::MATTER_STATE_DECIDED);
  return absl::OkStatus();
}

absl::Status EscalateRaisedForum(const v1::Matter& m, const std::string& escalate_to, const Env& env,
                                 const Namer& names, Effects& fx) {
  bool raised = false;
  for (const common::v1::Warning& w : m.route().warnings()) {
    raised |= w.violation().message_en().find("AMB-05") != std::string::npos;
  }
  if (!raised || escalate_to.empty() || m.route().steps().empty()) return absl::OkStatus();
  return Escalate(
             {.rule_id = "MTG-09",
              .subject = m.name(),
              .assignee = escalate_to,
              .raised_by = m.created_by(),
              .message_zh = absl::StrCat("项目", m.project_code(), "同一用途本年度累计", Yuan(m.cumulative().fen()),
                                         "，", m.title(), "须提交", ForumZh(m.route().steps(0).forum())),
              .message_en =
                  absl::StrCat("project ", m.project_code(), " adds up to ", Yuan(m.cumulative().fen()),
                               " this fiscal year: \"", m.title(), "\" goes to ", ForumEn(m.route().steps(0).forum()))},
             env, names, fx)
      .status();
}

v1::Forum ForumOfMeeting(v1::MeetingKind kind) {
  switch (kind) {
    case v1::MEETING_KIND_PLENARY:
      return v1::FORUM_PLENARY;
    case v1::MEETING_KIND_PARTY_GROUP:
      return v1::FORUM_PARTY_GROUP;
    case v1::MEETING_KIND_EXECUTIVE:
      return v1::FORUM_EXECUTIVE;
    default:
      return v1::FORUM_NONE;
  }
}

namespace {

// The steps of the route no approval satisfies, in order.
std::vector<v1::RouteStep> OpenSteps(const v1::Matter& m, const Policy& policy) {
  const bool allow_higher = policy.proto().forums().allow_higher().enabled();
  std::vector<bool> used(m.approvals_size(), false);
  std::vector<v1::RouteStep> open;
  for (const v1::RouteStep& step : m.route().steps()) {
    if (step.forum() == v1::FORUM_NONE) continue;
    bool done = false;
    // A sequential route takes its steps in order, each from its own forum.
    for (int i = 0; i < m.approvals_size() && !done && (open.empty() || !m.route().sequential()); ++i) {
      if (used[i]) continue;
      const bool ok = m.route().sequential() ? m.approvals(i).forum() == step.forum()
                                             : Satisfies(m.approvals(i).forum(), step.forum(), allow_higher);
      if (ok) used[i] = done = true;
    }
    if (!done) open.push_back(step);
  }
  return open;
}

}  // namespace

std::optional<v1::RouteStep> NextOpenStep(const v1::Matter& m, const Policy& policy) {
  std::vector<v1::RouteStep> open = OpenSteps(m, policy);
  if (open.empty()) return std::nullopt;
  return open.front();
}

bool Advances(const v1::Matter& m, v1::Forum forum, const Policy& policy) {
  v1::Matter with = m;
  with.add_approvals()->set_forum(forum);
  return OpenSteps(with, policy).size() < OpenSteps(m, policy).size();
}

absl::StatusOr<PersonStep> OpenPersonStep(const v1::Matter& m, const Policy& policy) {
  if (m.state() == v1::MATTER_STATE_EXECUTED) {
    return absl::FailedPreconditionError(absl::StrCat(m.name(), " was carried out already"));
  }
  std::optional<v1::RouteStep> open = NextOpenStep(m, policy);
  if (!open.has_value()) return absl::FailedPreconditionError(absl::StrCat(m.name(), " needs no further approval"));
  const v1::Forum f = open->forum();
  if (f != v1::FORUM_COUNTY_HEAD && f != v1::FORUM_DEPUTY_HEAD && f != v1::FORUM_DEPARTMENT) {
    return policy.Refuse(absl::StatusCode::kFailedPrecondition, open->basis().rule_id(),
                         absl::StrCat(open->basis().message_zh(), "，不能由个人审批"),
                         absl::StrCat(open->basis().message_en(), "; no one approves it alone"));
  }
  return PersonStep{f};
}

absl::Status ApproveInPerson(v1::Matter& m, const Person& me, const org::Acting& acting, const Env& env, Effects& fx) {
  ASSIGN_OR_RETURN(step, OpenPersonStep(m, *env.policy));
  v1::MatterApproval* a = m.add_approvals();
  a->set_forum(step.forum);
  a->set_approver(me.official);
  if (!acting.InPerson()) {
    *a->mutable_acting_mark() = acting.mark;
    fx.Note("", absl::StrCat("approved for ", acting.principal), acting.principal);
  }
  *a->mutable_date() = ToProtoDate(env.today);
  if (!NextOpenStep(m, *env.policy).has_value()) m.set_state(v1::MATTER_STATE_DECIDED);
  return absl::OkStatus();
}

absl::Status Execute(v1::Matter& m, const std::string& actor, const Env& env, Effects& fx) {
  if (m.state() == v1::MATTER_STATE_EXECUTED) {
    return absl::FailedPreconditionError(absl::StrCat(m.name(), " was carried out already"));
  }
  std::optional<v1::RouteStep> open = NextOpenStep(m, *env.policy);
  if (open.has_value()) {
    const std::string done_zh = m.approvals().empty() ? "尚无审批记录" : "前序审批已记录";
    return env.policy->Refuse(
        absl::StatusCode::kFailedPrecondition, open->basis().rule_id(),
        absl::StrCat(open->basis().message_zh(), "(", done_zh, ")，不得执行"),
        absl::StrCat(open->basis().message_en(), "; not on record, so it may not be carried out"));
  }
  m.set_state(v1::MATTER_STATE_EXECUTED);
  m.set_executed_by(actor);
  *m.mutable_execute_time() = ToProtoTime(env.now);
  // The audit entry cites the rule the route rests on.
  fx.Note(m.route().steps().empty() ? "MTG-09" : m.route().steps(0).basis().rule_id(),
          "executed with every approval its route requires on record");
  return absl::OkStatus();
}

std::string RoutingTableMarkdown(const Policy& policy) {
  const policy::v1::CountyPolicy& p = policy.proto();
  std::string out = "| kind | amount | forum (in order) | rule | warnings |\n| --- | --- | --- | --- | --- |\n";
  auto row = [&](v1::MatterKind kind, const std::string& amount, int64_t sample) {
    v1::Matter m;
    m.set_kind(kind);
    m.set_title(v1::MatterKind_Name(kind));
    m.mutable_amount()->set_fen(sample);
    const v1::Route r = RouteOf(m, sample, policy);
    std::vector<std::string> forums, rules, ambs;
    for (const v1::RouteStep& s : r.steps()) {
      forums.push_back(ForumEn(s.forum()));
      if (rules.empty() || rules.back() != s.basis().rule_id()) rules.push_back(s.basis().rule_id());
    }
    for (const common::v1::Warning& w : r.warnings()) {
      const std::string& en = w.violation().message_en();
      const size_t at = en.find("(AMB-");
      ambs.push_back(at == std::string::npos ? w.violation().rule_id() : en.substr(at + 1, 6));
    }
    absl::StrAppend(&out, "| ", v1::MatterKind_Name(kind).substr(std::string("MATTER_KIND_").size()), " | ", amount,
                    " | ", absl::StrJoin(forums, r.sequential() ? ", then " : " and "), " | ",
                    absl::StrJoin(rules, ", "), " | ", absl::StrJoin(ambs, ", "), " |\n");
  };
  auto yuan = [](int64_t fen) { return Yuan(fen); };
  const policy::v1::MoneyThreshold& head = p.funds().county_head_max();
  const policy::v1::MoneyThreshold& pg = p.funds().party_group_min();
  row(v1::MATTER_KIND_FUND_ADJUSTMENT, absl::StrCat(head.inclusive() ? "≤ " : "< ", yuan(head.fen())),
      head.inclusive() ? head.fen() : head.fen() - 1);
  row(v1::MATTER_KIND_FUND_ADJUSTMENT,
      absl::StrCat(yuan(head.fen() + (head.inclusive() ? 1 : 0)), " … ", yuan(pg.fen() - 1)), pg.fen() - 1);
  row(v1::MATTER_KIND_FUND_ADJUSTMENT, absl::StrCat("= ", yuan(pg.fen())), pg.fen());
  row(v1::MATTER_KIND_FUND_ADJUSTMENT, absl::StrCat("> ", yuan(pg.fen())), pg.fen() + 1);
  const policy::v1::MoneyThreshold& inv = p.invest().party_group_min();
  row(v1::MATTER_KIND_NEW_INVESTMENT, absl::StrCat("< ", yuan(inv.fen())), inv.fen() - 1);
  row(v1::MATTER_KIND_NEW_INVESTMENT, absl::StrCat("= ", yuan(inv.fen())), inv.fen());
  row(v1::MATTER_KIND_NEW_INVESTMENT, absl::StrCat("> ", yuan(inv.fen())), inv.fen() + 1);
  row(v1::MATTER_KIND_ANNUAL_INVESTMENT_PLAN, "–", 0);
  const policy::v1::MoneyThreshold& assets = p.assets().executive_min();
  row(v1::MATTER_KIND_ASSET_DISPOSAL, absl::StrCat(assets.inclusive() ? "< " : "≤ ", yuan(assets.fen())),
      assets.inclusive() ? assets.fen() - 1 : assets.fen());
  row(v1::MATTER_KIND_ASSET_DISPOSAL, absl::StrCat(assets.inclusive() ? "≥ " : "> ", yuan(assets.fen())),
      assets.inclusive() ? assets.fen() : assets.fen() + 1);
  for (int k = v1::MATTER_KIND_NPC_BILL; k <= v1::MATTER_KIND_OTHER; ++k) {
    if (v1::MatterKind_IsValid(k)) row(static_cast<v1::MatterKind>(k), "–", 0);
  }
  return out;
}

}  // namespace xianfu::meeting
