#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/deadline_proto.h"
#include "common/escalations.h"
#include "common/status_macros.h"
#include "document-svc/domain/rules.h"

namespace xianfu::document {
namespace {

bool Contains(const std::vector<std::string>& v, const std::string& x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

}  // namespace

std::vector<std::string> MissingReviews(const v1::Document& d, const std::string& executive_deputy,
                                        const std::string& portfolio_deputy, const std::string& office_director) {
  std::vector<std::string> needed;
  for (const std::string& who : {executive_deputy, portfolio_deputy, office_director}) {
    if (!who.empty() && !Contains(needed, who)) needed.push_back(who);
  }
  std::vector<std::string> missing;
  for (const std::string& who : needed) {
    bool done = false;
    for (const auto& r : d.sign_off().reviews()) done = done || r.official() == who;
    if (!done) missing.push_back(who);
  }
  return missing;
}

absl::Status CheckSignOff(const v1::Document& d, const SignContext& ctx, const Policy& policy) {
  const std::string& who = ctx.signer.official;
  // DOC-19: matters within a department's powers are not issued in the government's name;
  // directive documents to townships need the county government's approval.
  if (d.within_department_powers() && d.issuing_name() != v1::ISSUING_NAME_DEPARTMENT) {
    return policy.Refuse(absl::StatusCode::kFailedPrecondition, "DOC-19",
                         "属于部门职权范围内的事务，不得以县人民政府或县政府办公室名义行文",
                         "a matter within a department's powers is not issued in the name of the county "
                         "government or its office");
  }
  if (d.directive_to_townships() && d.directive_approval().empty()) {
    return policy.Refuse(absl::StatusCode::kFailedPrecondition, "DOC-19",
                         "未经县人民政府批准，不得向乡镇、农场社区发布指令性公文或提出指令性要求",
                         "no directive documents to townships or farm communities without the county "
                         "government's approval");
  }
  // DOC-27: a normative document in the government's or office's name needs a LAWFUL review.
  if (d.kind() == v1::DOCUMENT_KIND_NORMATIVE && d.issuing_name() != v1::ISSUING_NAME_DEPARTMENT &&
      d.normative().legality() != v1::LEGALITY_RESULT_LAWFUL) {
    return policy.Refuse(absl::StatusCode::kFailedPrecondition, "DOC-27",
                         "以县人民政府或县政府办公室名义制发的行政规范性文件，须经县司法局合法性审查合格",
                         "a normative document in the name of the county government or its office needs the "
                         "judicial bureau's LAWFUL review first");
  }
  auto denied = [&](const char* rule, std::string zh, std::string en) {
    return policy.Refuse(absl::StatusCode::kPermissionDenied, rule, zh, en);
  };
  // DOC-15: orders and NPC bills — the county head in person, as personnel-svc decides for the
  // acts it reserves (ReservedInPerson); its refusal is the answer.
  if (d.kind() == v1::DOCUMENT_KIND_ORDER || d.kind() == v1::DOCUMENT_KIND_NPC_BILL) return ctx.in_person_check;
  // DOC-18 (prevails over DOC-16, AMB-31): upward documents — the county head or an entrusted deputy.
  if (d.upward()) {
    if (who == ctx.county_head || (ctx.signer.Has("R-DH") && ctx.entrusted_for_upward)) return absl::OkStatus();
    return denied("DOC-18", "上行文由县长签发，或由县长委托的副县长签发",
                  "upward documents are signed by the county head or a deputy head he entrusted");
  }
  if (d.issuing_name() == v1::ISSUING_NAME_COUNTY_GOVERNMENT) {
    if (d.important()) {
      if (who != ctx.county_head) {
        return denied("DOC-16", "重要事项：须经负责常务工作的副县长、分管副县长、办公室主任审核后报县长签发",
                      "important matter: reviewed by the executive deputy, the deputy in charge and the office "
                      "director, then signed by the county head");
      }
      std::vector<std::string> missing =
          MissingReviews(d, ctx.executive_deputy, ctx.portfolio_deputy, ctx.office_director);
      if (!missing.empty()) {
        return policy.Refuse(
            absl::StatusCode::kFailedPrecondition, "DOC-16",
            absl::StrCat("县长签发前尚缺审核：", absl::StrJoin(missing, "、")),
            absl::StrCat("reviews still missing before the county head signs: ", absl::StrJoin(missing, ", ")));
      }
      return absl::OkStatus();
    }
    if (who == ctx.portfolio_deputy || ctx.acting_for_portfolio_deputy || who == ctx.county_head)
      return absl::OkStatus();
    return denied("DOC-16", "以县人民政府名义发文，一般事项由分管副县长签发",
                  "general matters in the county government's name are signed by the deputy head in charge");
  }
  if (d.issuing_name() == v1::ISSUING_NAME_GOVERNMENT_OFFICE) {
    // DOC-17: general — the office director; major — the county head or the deputy in charge.
    if (d.major()) {
      if (who == ctx.county_head || who == ctx.portfolio_deputy) return absl::OkStatus();
      return denied("DOC-17", "以县政府办公室名义发文，重大事项由县长或分管副县长签发",
                    "major matters in the office's name are signed by the county head or the deputy in charge");
    }
    if (who == ctx.office_director || who == ctx.county_head) return absl::OkStatus();
    return denied("DOC-17", "以县政府办公室名义发文，由办公室主任签发",
                  "documents in the office's name are signed by the office director");
  }
  return absl::InvalidArgumentError("issuing_name is required for an outgoing document");
}

IssueCheck CheckIssue(const v1::Document& d, const UnitView& unit, const Policy& policy) {
  IssueCheck out;
  if (!d.disputed_topic().empty() && d.consensus_reference().empty()) {
    out.refusal = policy.Refuse(absl::StatusCode::kFailedPrecondition, "DOC-20",
                                absl::StrCat("“", d.disputed_topic(), "”部门间未协商一致，不得各自向下行文"),
                                "departments that have not agreed on a topic may not issue downward documents on it",
                                "document.consensus_reference");
    return out;
  }
  if (unit.internal_unit && (d.kind() == v1::DOCUMENT_KIND_NORMATIVE || d.requires_township_submissions())) {
    out.refusal = policy.Refuse(absl::StatusCode::kPermissionDenied, "DOC-21",
                                "部门内设机构不得制发规范性文件，不得要求乡镇、农场社区向其报送公文",
                                "an internal unit issues no normative documents and asks no township or farm "
                                "community for documents",
                                "document.unit");
    return out;
  }
  if (d.division_of_labour_plan() && d.accompanies().empty()) {
    *out.warnings.emplace_back().mutable_violation() =
        policy.Explain("DOC-22", "分工方案原则上随文件一并印发，不单独发文",
                       "a division-of-labour plan goes out with its document, not on its own");
  }
  return out;
}

std::string IssueNumber(const std::string& prefix, int year, int64_t n) {
  return absl::StrCat(prefix, "〔", year, "〕", n, "号");
}

absl::Status ReviewForSignOff(v1::Document& d, const std::string& me, const std::string& executive_deputy,
                              const std::string& portfolio_deputy, const std::string& office_director, const Env& env) {
  if (d.direction() != v1::DIRECTION_OUTGOING ||
      (d.state() != v1::DOCUMENT_STATE_DRAFT && d.state() != v1::DOCUMENT_STATE_IN_SIGN_OFF)) {
    return absl::FailedPreconditionError(
        absl::StrCat(d.name(), " is ", v1::DocumentState_Name(d.state()), ": cannot review it for sign-off"));
  }
  std::string role;
  if (me == executive_deputy) role = "R-EDH";
  if (me == portfolio_deputy) role = role.empty() ? "portfolio deputy" : role + ", portfolio deputy";
  if (me == office_director) role = "R-OD";
  if (me.empty() || role.empty()) {
    return env.policy->Refuse(absl::StatusCode::kPermissionDenied, "DOC-16",
                              "重要公文由负责常务工作的副县长、分管副县长、办公室主任审核",
                              "important documents are reviewed by the executive deputy, the deputy in charge and the "
                              "office director");
  }
  for (const auto& r : d.sign_off().reviews()) {
    if (r.official() == me) return absl::FailedPreconditionError("you have already reviewed it");
  }
  auto* review = d.mutable_sign_off()->add_reviews();
  review->set_official(me);
  review->set_role(role);
  *review->mutable_time() = ToProtoTime(env.now);
  d.set_state(v1::DOCUMENT_STATE_IN_SIGN_OFF);
  return absl::OkStatus();
}

absl::Status Sign(v1::Document& d, const SignContext& ctx, const UnitView& unit,
                  const std::vector<v1::Countersign>& countersigns, const Env& env, const Namer& names, Effects& fx) {
  const Policy& policy = *env.policy;
  if (d.direction() != v1::DIRECTION_OUTGOING ||
      (d.state() != v1::DOCUMENT_STATE_DRAFT && d.state() != v1::DOCUMENT_STATE_IN_SIGN_OFF)) {
    return absl::FailedPreconditionError(
        absl::StrCat(d.name(), " is ", v1::DocumentState_Name(d.state()), ": cannot sign it"));
  }
  if (d.issuing_name() == v1::ISSUING_NAME_DEPARTMENT) {
    return absl::FailedPreconditionError("a department's own document is issued by the department");
  }
  const bool order = d.kind() == v1::DOCUMENT_KIND_ORDER || d.kind() == v1::DOCUMENT_KIND_NPC_BILL;
  const bool stand_in = ctx.signer.Has("R-EDH") || ctx.signer.Has("R-DH") || ctx.signer.Has("R-OD");
  if (order && !ctx.in_person_check.ok() && stand_in && !ctx.county_head.empty() &&
      ctx.signer.official != ctx.county_head) {
    // DOC-15: refused, and the county head hears of it — the order or bill waits for him.
    const char* what = d.kind() == v1::DOCUMENT_KIND_ORDER ? "命令" : "议案";
    RETURN_IF_ERROR(
        Escalate({.rule_id = "DOC-15",
                  .subject = d.name(),
                  .assignee = ctx.county_head,
                  .raised_by = ctx.signer.official,
                  .message_zh = absl::StrCat(what, "《", d.title(), "》须由县长本人签署；", ctx.signer.official,
                                             "代签未获准许，待县长签署"),
                  .message_en = absl::StrCat("the ", d.kind() == v1::DOCUMENT_KIND_ORDER ? "order" : "NPC bill", " \"",
                                             d.title(), "\" is signed by the county head in person; ",
                                             ctx.signer.official, "'s signature was refused and it waits for him")},
                 env, names, fx)
            .status());
    fx.AnswerWith(ctx.in_person_check);
    return absl::OkStatus();
  }
  RETURN_IF_ERROR(CheckSignOff(d, ctx, policy));
  IssueCheck issue = CheckIssue(d, unit, policy);
  RETURN_IF_ERROR(issue.refusal);
  for (const auto& w : issue.warnings) *d.add_warnings() = w;
  if (d.kind() == v1::DOCUMENT_KIND_NORMATIVE && !d.affected_units().empty()) {
    // DOC-26(a): the opinions of every affected department are on record.
    std::vector<std::string> missing;
    for (const std::string& affected : d.affected_units()) {
      bool answered = false;
      for (const v1::Countersign& c : countersigns) {
        answered = answered || (c.requested_unit() == affected && c.state() != v1::COUNTERSIGN_STATE_PENDING);
      }
      if (!answered && affected != d.unit()) missing.push_back(affected);
    }
    if (!missing.empty()) {
      return policy.Refuse(
          absl::StatusCode::kFailedPrecondition, "DOC-26",
          absl::StrCat("涉及多个部门的行政规范性文件，须听取相关部门意见：", absl::StrJoin(missing, "、"), "尚无意见"),
          absl::StrCat("a normative document touching several departments records their opinions; "
                       "none yet from ",
                       absl::StrJoin(missing, ", ")));
    }
  }
  if (ctx.acting_for_portfolio_deputy && ctx.signer.official != ctx.portfolio_deputy) {
    *d.mutable_sign_off()->mutable_acting_mark() = ctx.portfolio_acting_mark;
    fx.Note("", ctx.portfolio_acting_display, ctx.portfolio_deputy);
  }
  d.mutable_sign_off()->set_signed_by(ctx.signer.official);
  *d.mutable_sign_off()->mutable_sign_time() = ToProtoTime(env.now);
  d.set_state(v1::DOCUMENT_STATE_SIGNED);
  return absl::OkStatus();
}

absl::Status IssueDepartmental(v1::Document& d, const UnitView& unit, const Env& env, Effects& fx) {
  const Policy& policy = *env.policy;
  if (d.direction() != v1::DIRECTION_OUTGOING || d.state() != v1::DOCUMENT_STATE_DRAFT) {
    return absl::FailedPreconditionError(
        absl::StrCat(d.name(), " is ", v1::DocumentState_Name(d.state()), ": cannot issue it"));
  }
  IssueCheck issue = CheckIssue(d, unit, policy);
  RETURN_IF_ERROR(issue.refusal);
  RETURN_IF_ERROR(CheckCountyGovernmentReview(d, policy));
  for (const auto& w : issue.warnings) *d.add_warnings() = w;
  if (d.kind() == v1::DOCUMENT_KIND_NORMATIVE) {
    if (d.normative().legal_basis().empty()) {
      return policy.Refuse(absl::StatusCode::kFailedPrecondition, "DOC-25", "行政规范性文件须载明制定依据和权限程序",
                           "a normative document records its legal basis and the authority used",
                           "document.normative.legal_basis");
    }
    // DOC-28: filed within normdoc.filing_days of issue.
    const absl::Time due = env.now + absl::Hours(24) * policy.proto().normdoc().filing_days().days();
    *d.mutable_normative()->mutable_filing_due_time() = ToProtoTime(due);
    d.mutable_normative()->set_status(v1::NORMATIVE_STATUS_VALID);
    *d.mutable_normative()->mutable_last_reviewed() = ToProtoDate(env.today);
    fx.SetTimer("normative.filing_due", d.name(), due);
  }
  d.set_state(v1::DOCUMENT_STATE_ISSUED);
  v1::DocumentIssued event;
  *event.mutable_document() = Registration(d);
  fx.Publish(d.name(), event);
  return absl::OkStatus();
}

std::string NumberingPrefix(const v1::Document& d, const Policy& policy) {
  const auto& numbering = policy.proto().docs().numbering();
  return d.issuing_name() == v1::ISSUING_NAME_COUNTY_GOVERNMENT ? numbering.government_prefix()
                                                                : numbering.office_prefix();
}

absl::Status IssueNumbered(v1::Document& d, int64_t number, const Env& env, Effects& fx) {
  if (d.direction() != v1::DIRECTION_OUTGOING || d.state() != v1::DOCUMENT_STATE_SIGNED) {
    return absl::FailedPreconditionError(
        absl::StrCat(d.name(), " is ", v1::DocumentState_Name(d.state()), ": cannot issue it"));
  }
  d.set_issue_number(IssueNumber(NumberingPrefix(d, *env.policy), static_cast<int>(env.today.year()), number));
  if (d.kind() == v1::DOCUMENT_KIND_NORMATIVE) {
    d.mutable_normative()->set_status(v1::NORMATIVE_STATUS_VALID);
    *d.mutable_normative()->mutable_last_reviewed() = ToProtoDate(env.today);
  }
  d.set_state(v1::DOCUMENT_STATE_ISSUED);
  v1::DocumentIssued event;
  *event.mutable_document() = Registration(d);
  fx.Publish(d.name(), event);
  return absl::OkStatus();
}

}  // namespace xianfu::document
