#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/deadline_proto.h"
#include "common/overrides.h"
#include "common/status_macros.h"
#include "document-svc/domain/rules.h"
#include "google/protobuf/util/field_mask_util.h"

namespace xianfu::document {
namespace {

bool Contains(const std::vector<std::string>& v, const std::string& x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

bool IsHigherAuthority(const UnitView& unit) {
  for (const std::string& role : unit.roles) {
    if (role.rfind("R-PREF", 0) == 0) return true;  // prefecture bodies
  }
  return false;
}

}  // namespace

int Level(v1::Classification c) {
  switch (c) {
    case v1::CLASSIFICATION_MIMI:
      return 4;
    case v1::CLASSIFICATION_JIMI:
      return 5;
    case v1::CLASSIFICATION_JUEMI:
      return 6;
    case v1::CLASSIFICATION_WORK_SECRET:
      return 2;
    default:
      return 1;
  }
}

bool IsClassified(const v1::Document& d) { return Level(d.classification()) >= Level(v1::CLASSIFICATION_MIMI); }

IntakeResult CheckIntake(const v1::Document& d, const IntakeContext& ctx, const Policy& policy) {
  IntakeResult out;
  auto refuse = [&](absl::StatusCode code, const char* rule, std::string zh, std::string en, const char* field) {
    out.refusals.push_back(policy.Refuse(code, rule, zh, en, field));
  };
  auto warn = [&](const char* rule, std::string zh, std::string en) {
    *out.warnings.emplace_back().mutable_violation() = policy.Explain(rule, zh, en);
  };
  // DOC-01: the format checklist.
  std::vector<std::string> missing;
  if (d.kind() == v1::DOCUMENT_KIND_UNSPECIFIED) missing.push_back("kind");
  if (d.title().empty()) missing.push_back("title");
  if (d.unit().empty()) missing.push_back("unit");
  if (d.signer().empty()) missing.push_back("signer");
  if (d.principal_recipients().empty()) missing.push_back("principal_recipients");
  if (d.classification() == v1::CLASSIFICATION_UNSPECIFIED) missing.push_back("classification");
  if (!missing.empty()) {
    refuse(absl::StatusCode::kInvalidArgument, "DOC-01", absl::StrCat("公文要素不全：", absl::StrJoin(missing, "、")),
           absl::StrCat("the document lacks required elements: ", absl::StrJoin(missing, ", ")), "document");
  }
  if (IsClassified(d) && !d.body().empty()) {
    refuse(absl::StatusCode::kInvalidArgument, "DIS-21", "秘密级以上公文只登记元数据，正文须在涉密系统内流转",
           "documents classified 秘密 and above are registered by metadata only; the text stays on "
           "classified systems",
           "document.body");
  }
  // DOC-03 / DOC-04: one matter per request; reports carry no requests.
  if (d.kind() == v1::DOCUMENT_KIND_REQUEST && d.request_items_size() != 1) {
    refuse(absl::StatusCode::kInvalidArgument, "DOC-03",
           d.request_items_size() == 0
               ? "请示须写明请示事项"
               : absl::StrCat("请示应当一文一事；本件含", d.request_items_size(), "项请示事项，请分别行文"),
           d.request_items_size() == 0 ? "a 请示 must state its request"
                                       : absl::StrCat("a 请示 may contain only one matter; this one has ",
                                                      d.request_items_size(), ": submit one 请示 per matter"),
           "document.request_items");
  }
  if (d.kind() == v1::DOCUMENT_KIND_REPORT && d.request_items_size() > 0) {
    refuse(absl::StatusCode::kInvalidArgument, "DOC-04", "报告中不得夹带请示事项，请另行请示",
           "a 报告 may not carry a request: send a separate 请示", "document.request_items");
  }
  // DOC-02: no multi-head requests, no skip-level submissions without approval.
  if (d.kind() == v1::DOCUMENT_KIND_REQUEST && d.principal_recipients_size() > 1) {
    refuse(absl::StatusCode::kFailedPrecondition, "DOC-02", "请示应当只主送一个机关，不得多头报文",
           "a 请示 has exactly one principal recipient: no multi-head submission", "document.principal_recipients");
  }
  for (const auto& [unit, view] : ctx.recipients) {
    if (IsHigherAuthority(view) && d.skip_level_approval().empty()) {
      refuse(absl::StatusCode::kFailedPrecondition, "DOC-02", "不得越级报文；确需越级的须有批准",
             "no skip-level submission to a higher authority without approval", "document.principal_recipients");
    }
  }
  // DOC-05: not to a leader personally, except an assigned item or a classified item that must
  // be delivered directly (AMB-16: at least the policy's class).
  if (!d.addressed_leader().empty()) {
    const int threshold = policy.proto().docs().direct_min_class().value();
    const bool assigned = !d.assignment_reference().empty();
    const bool direct_classified = d.must_deliver_directly() && Level(d.classification()) >= threshold;
    if (!assigned && !direct_classified) {
      refuse(
          absl::StatusCode::kFailedPrecondition, "DOC-05",
          "除县政府领导同志交办事项和必须直接报送的涉密事项外，一般不得直接向领导同志个人报送公文；已转办公室登记处理",
          "documents are generally not sent to a leader personally (except assigned items and classified "
          "items that must be delivered directly): redirected to the office registry",
          "document.addressed_leader");
      out.redirect_to_registry = true;
    }
  }
  // DOC-08: signed by the unit's principal head (AMB-17 while he is away).
  if (!d.signer().empty() && d.signer() != ctx.sender.principal_head) {
    const bool presiding = ctx.principal_absent && Contains(ctx.sender.deputy_heads, d.signer()) &&
                           !d.signer_annotation().empty() &&
                           policy.proto().docs().absent_principal_signoff().value() ==
                               policy::v1::ABSENT_PRINCIPAL_SIGNOFF_PRESIDING_WITH_NOTE;
    if (presiding) {
      warn("DOC-08",
           absl::StrCat("主要负责人外出，由", ctx.signer.display_name, "主持工作签发：", d.signer_annotation()),
           "signed by the deputy presiding while the principal head is away (AMB-17)");
    } else {
      refuse(absl::StatusCode::kPermissionDenied, "DOC-08", "报送县人民政府的公文应当由部门主要负责人签发",
             "documents to the county government are signed by the unit's principal head", "document.signer");
    }
  }
  // DOC-09: every affected department countersigned (or it is a joint submission); none pending;
  // remaining disagreement listed with each side's reasoning and a proposed handling.
  if (!d.joint_submission()) {
    std::vector<std::string> not_asked, pending;
    std::vector<std::string> objecting;
    for (const std::string& unit : d.affected_units()) {
      if (unit == d.unit()) continue;
      const v1::Countersign* latest = nullptr;
      for (const v1::Countersign& c : ctx.countersigns) {
        if (c.requested_unit() == unit) latest = &c;
      }
      if (latest == nullptr) {
        not_asked.push_back(unit);
      } else if (latest->state() == v1::COUNTERSIGN_STATE_PENDING) {
        pending.push_back(unit);
      } else if (latest->state() == v1::COUNTERSIGN_STATE_OBJECTED) {
        objecting.push_back(unit);
      }
    }
    if (!not_asked.empty()) {
      refuse(absl::StatusCode::kFailedPrecondition, "DOC-09",
             absl::StrCat("涉及其他部门职权的事项须会签：", absl::StrJoin(not_asked, "、"), "尚未会签"),
             absl::StrCat("the matter touches other departments' powers: no countersign from ",
                          absl::StrJoin(not_asked, ", ")),
             "document.affected_units");
    }
    if (!pending.empty()) {
      refuse(absl::StatusCode::kFailedPrecondition, "DOC-09",
             absl::StrCat("会签尚未完成且未逾期：", absl::StrJoin(pending, "、")),
             absl::StrCat("countersign pending and not yet past its deadline: ", absl::StrJoin(pending, ", ")),
             "document.countersigns");
    }
    if (!objecting.empty()) {
      const v1::Disagreement& dis = d.disagreement();
      std::set<std::string> with_reasons;
      for (const auto& p : dis.positions()) {
        if (!p.reasoning().empty()) with_reasons.insert(p.unit());
      }
      bool complete =
          with_reasons.contains(d.unit()) && !dis.proposed_handling().empty() && !dis.countersigned_by().empty();
      for (const std::string& u : objecting) complete = complete && with_reasons.contains(u);
      if (!complete) {
        refuse(absl::StatusCode::kInvalidArgument, "DOC-09",
               "经协商仍不能取得一致的，应列明各方理据，提出办理建议，并由相关部门负责同志会签后报县人民政府决定",
               "remaining disagreement must list each side's reasoning and a proposed handling, countersigned by "
               "the related departments' leaders",
               "document.disagreement");
      }
    }
  }
  // DOC-22(b): one briefing series per department.
  if (d.kind() == v1::DOCUMENT_KIND_BRIEFING) {
    if (d.briefing_series().empty()) {
      refuse(absl::StatusCode::kInvalidArgument, "DOC-22", "简报须注明所属简报名称", "a briefing names its series",
             "document.briefing_series");
    } else if (!ctx.existing_briefing_series.empty() && !ctx.existing_briefing_series.contains(d.briefing_series()) &&
               !ctx.second_series_overridden) {
      refuse(
          absl::StatusCode::kFailedPrecondition, "DOC-22",
          absl::StrCat("每个部门原则上只向县人民政府报送一种简报；本单位已报送", *ctx.existing_briefing_series.begin()),
          "each department submits one briefing series to the county government", "document.briefing_series");
    }
  }
  // DOC-11: major policy or normative drafts come with a drafting explanation.
  if (d.major() && d.kind() == v1::DOCUMENT_KIND_NORMATIVE && d.drafting_explanation().empty()) {
    refuse(absl::StatusCode::kInvalidArgument, "DOC-11",
           "重大政策性、规范性文件须附起草说明（背景、主要内容、比照上级文件细化的具体内容）",
           "a major policy or normative draft needs a drafting explanation (background, summary, what it "
           "details beyond the higher-level document)",
           "document.drafting_explanation");
  }
  // DOC-24: someone in the unit receives and sends documents.
  if (ctx.sender.clerks.empty()) {
    warn("DOC-24", "本单位未指定公文收发人员", "the unit has designated no document clerk");
  }
  // ORG-10: a matter within the department's own powers is decided there, not asked of the county
  // government.
  if (d.kind() == v1::DOCUMENT_KIND_REQUEST && d.within_department_powers()) {
    refuse(absl::StatusCode::kFailedPrecondition, "ORG-10",
           "属于部门职权范围内的事项，由部门依法自行决定，不上交县人民政府",
           "a matter within the department's own powers is decided by the department, not asked of the county "
           "government",
           "document.within_department_powers");
  }
  // ORG-11: a unit under dual leadership follows these rules for reference (参照执行): what would
  // return its document warns instead, when the policy says so. Confidentiality is never relaxed.
  if (ctx.sender.dual_led && policy.proto().scope().dual_led_mode().value() == policy::v1::ENFORCEMENT_WARN) {
    std::vector<absl::Status> kept;
    bool relaxed = false;
    for (const absl::Status& r : out.refusals) {
      std::optional<common::v1::RuleViolation> v = GetRuleViolation(r);
      if (!v.has_value() || v->rule_id() == "DIS-21") {
        kept.push_back(r);
        continue;
      }
      *out.warnings.emplace_back().mutable_violation() = *v;
      relaxed = true;
    }
    if (relaxed) {
      warn("ORG-11", "双重领导单位参照执行本规则：上述不符合项仅作提示",
           "a unit under dual leadership follows these rules for reference: the findings above are warnings");
      out.refusals = std::move(kept);
      out.redirect_to_registry = false;
    }
  }
  return out;
}

v1::Document Registration(const v1::Document& d) {
  v1::Document out = d;
  out.clear_body();
  return out;
}

absl::Status NewDraft(v1::Document& d, const std::string& actor, const Env& env) {
  const Policy& policy = *env.policy;
  if (d.direction() == v1::DIRECTION_UNSPECIFIED) return absl::InvalidArgumentError("document.direction is required");
  if (d.kind() == v1::DOCUMENT_KIND_UNSPECIFIED) return absl::InvalidArgumentError("document.kind is required");
  if (d.title().empty()) return absl::InvalidArgumentError("document.title is required");
  if (d.classification() == v1::CLASSIFICATION_UNSPECIFIED) d.set_classification(v1::CLASSIFICATION_PUBLIC);
  if (IsClassified(d) && !d.body().empty()) {
    return policy.Refuse(absl::StatusCode::kInvalidArgument, "DIS-21",
                         "秘密级以上公文只登记元数据，正文须在涉密系统内流转",
                         "documents classified 秘密 and above are registered by metadata only", "document.body");
  }
  if (d.direction() == v1::DIRECTION_OUTGOING && d.issuing_name() == v1::ISSUING_NAME_UNSPECIFIED) {
    return absl::InvalidArgumentError("document.issuing_name is required for an outgoing document");
  }
  for (const v1::Attachment& a : d.attachments()) {
    if (a.sha256().size() != 64) {
      return absl::InvalidArgumentError(
          absl::StrCat("attachment ", a.file_name().substr(0, 80), " needs its sha256 (64 hex digits)"));
    }
  }
  d.set_state(v1::DOCUMENT_STATE_DRAFT);
  d.clear_return_reasons();
  d.clear_endorsements();
  d.clear_countersigns();
  d.clear_sign_off();
  d.clear_issue_number();
  d.clear_routed_leader();
  d.clear_acting_leader();
  d.clear_acting_display();
  d.clear_handling_opinion();
  d.clear_reviewed_by();
  d.clear_overrides();
  d.clear_warnings();
  if (d.kind() == v1::DOCUMENT_KIND_NORMATIVE) {
    d.mutable_normative()->set_legality(v1::LEGALITY_RESULT_UNSPECIFIED);
    d.mutable_normative()->set_status(v1::NORMATIVE_STATUS_UNSPECIFIED);
  }
  d.set_created_by(actor);
  *d.mutable_create_time() = ToProtoTime(env.now);
  d.set_policy_version(policy.version());
  return absl::OkStatus();
}

absl::Status ChangeContent(v1::Document& d, const v1::Document& in, const google::protobuf::FieldMask& mask,
                           const Env& env) {
  if (d.state() != v1::DOCUMENT_STATE_DRAFT && d.state() != v1::DOCUMENT_STATE_RETURNED) {
    return absl::FailedPreconditionError(
        absl::StrCat(d.name(), " is ", v1::DocumentState_Name(d.state()), ": cannot change it"));
  }
  // Only the fields the mask names; the API refuses a mask naming a field the service or the
  // workflow sets, so state, endorsements, reviews and numbers cannot be written this way.
  v1::Document next = d;
  google::protobuf::util::FieldMaskUtil::MergeOptions options;
  options.set_replace_message_fields(true);
  options.set_replace_repeated_fields(true);
  google::protobuf::util::FieldMaskUtil::MergeMessageTo(in, mask, options, &next);
  if (IsClassified(next) && !next.body().empty()) {
    return env.policy->Refuse(absl::StatusCode::kInvalidArgument, "DIS-21", "秘密级以上公文只登记元数据",
                              "classified documents are metadata only", "document.body");
  }
  next.set_policy_version(env.policy->version());
  if (next.classification() == v1::CLASSIFICATION_UNSPECIFIED) next.set_classification(v1::CLASSIFICATION_PUBLIC);
  d = std::move(next);
  return absl::OkStatus();
}

absl::Status Submit(v1::Document& d, IntakeContext intake, const std::vector<common::v1::OverrideRequest>& overrides,
                    const Person& me, const Env& env, Effects& fx) {
  if (d.direction() != v1::DIRECTION_INCOMING) {
    return absl::FailedPreconditionError("only incoming documents are submitted; sign outgoing ones");
  }
  if (d.state() != v1::DOCUMENT_STATE_DRAFT && d.state() != v1::DOCUMENT_STATE_RETURNED) {
    return absl::FailedPreconditionError(
        absl::StrCat(d.name(), " is ", v1::DocumentState_Name(d.state()), ": cannot submit it"));
  }
  if (d.kind() == v1::DOCUMENT_KIND_BRIEFING) {
    // DOC-22(b): a second briefing series only with the county head's reasoned consent.
    ASSIGN_OR_RETURN(taken, TakeOverride(
                                "DOC-22", overrides, me.official, [&](absl::string_view role) { return me.Has(role); },
                                env.now, *env.policy));
    if (taken.has_value()) {
      intake.second_series_overridden = true;
      *d.add_overrides() = *taken;
      fx.Override(*taken, d.name());
    }
  }
  IntakeResult result = CheckIntake(d, intake, *env.policy);
  d.clear_warnings();
  for (const auto& w : result.warnings) *d.add_warnings() = w;
  *d.mutable_submit_time() = ToProtoTime(env.now);
  if (!result.refusals.empty()) {
    // The refusal is a decision too: committed, then answered (a retry checks again).
    fx.AnswerWith(result.refusals.front());
    if (result.redirect_to_registry && result.refusals.size() == 1) {
      // DOC-05: redirected to the office registry queue, with a RECORD.
      d.set_state(v1::DOCUMENT_STATE_SUBMITTED);
      if (auto v = GetRuleViolation(result.refusals.front()); v.has_value())
        *d.add_warnings()->mutable_violation() = *v;
      d.clear_addressed_leader();
      return absl::OkStatus();
    }
    d.set_state(v1::DOCUMENT_STATE_RETURNED);
    d.clear_return_reasons();
    for (const absl::Status& r : result.refusals) {
      if (auto v = GetRuleViolation(r); v.has_value()) *d.add_return_reasons() = *v;
    }
    v1::DocumentReturned event;
    *event.mutable_document() = Registration(d);
    fx.Publish(d.name(), event);
    return absl::OkStatus();
  }
  d.clear_return_reasons();
  const bool direct = !d.addressed_leader().empty();
  d.set_state(direct ? v1::DOCUMENT_STATE_WITH_LEADER : v1::DOCUMENT_STATE_SUBMITTED);
  if (direct) d.set_routed_leader(d.addressed_leader());
  v1::DocumentSubmitted event;
  *event.mutable_document() = Registration(d);
  fx.Publish(d.name(), event);
  return absl::OkStatus();
}

absl::Status ReturnToSender(v1::Document& d, const std::string& reason, const Env& env, Effects& fx) {
  if (d.state() != v1::DOCUMENT_STATE_SUBMITTED) {
    return absl::FailedPreconditionError(
        absl::StrCat(d.name(), " is ", v1::DocumentState_Name(d.state()), ": cannot return it"));
  }
  if (reason.empty()) return absl::InvalidArgumentError("reason is required");
  d.set_state(v1::DOCUMENT_STATE_RETURNED);
  *d.add_return_reasons() =
      env.policy->Explain("DOC-01", absl::StrCat("退回：", reason), absl::StrCat("returned: ", reason));
  v1::DocumentReturned event;
  *event.mutable_document() = Registration(d);
  fx.Publish(d.name(), event);
  return absl::OkStatus();
}

}  // namespace xianfu::document
