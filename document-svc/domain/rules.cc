#include "document-svc/domain/rules.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/strip.h"
#include "common/deadline_proto.h"

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
      refuse(absl::StatusCode::kFailedPrecondition, "DOC-22",
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
  return out;
}

absl::StatusOr<EventDeadline> CountersignDeadline(absl::Time received, int lead_limit_working_days,
                                                  const Calendar& calendar, const Policy& policy) {
  if (lead_limit_working_days < 0) return absl::InvalidArgumentError("limit_working_days must not be negative");
  const int days =
      lead_limit_working_days > 0 ? lead_limit_working_days : policy.proto().countersign().default_wd().days();
  const auto& cutoff = policy.proto().countersign().receipt_cutoff();
  return calendar.DeadlineFromEvent(received, days, cutoff.hour() * 60 + cutoff.minute());
}

bool IsExplicit(const v1::Document& d, v1::EndorsementKind kind, const std::string& text) {
  const std::string t(absl::StripAsciiWhitespace(text));
  const bool bare = t.empty() || t == "阅" || t == "已阅" || t == "圈阅" || t == "○";
  switch (kind) {
    case v1::ENDORSEMENT_KIND_APPROVE:
    case v1::ENDORSEMENT_KIND_DISAPPROVE:
      return true;
    case v1::ENDORSEMENT_KIND_APPROVE_WITH_CHANGES:
    case v1::ENDORSEMENT_KIND_INSTRUCTION:
      return !bare;
    case v1::ENDORSEMENT_KIND_REFER:
      return true;
    case v1::ENDORSEMENT_KIND_CIRCLE:
      // 圈阅 means "read": enough on a general report, never on a document with requests.
      return d.request_items_size() == 0 && d.kind() != v1::DOCUMENT_KIND_REQUEST;
    default:
      return false;
  }
}

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
  // DOC-15: orders and NPC bills — the county head in person.
  if (d.kind() == v1::DOCUMENT_KIND_ORDER || d.kind() == v1::DOCUMENT_KIND_NPC_BILL) {
    if (who != ctx.county_head)
      return denied("DOC-15", "命令、议案由县长签署", "orders and NPC bills are signed by the county head");
    return absl::OkStatus();
  }
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

absl::StatusOr<v1::Extension> CheckExtension(const v1::HandlingItem& item, const std::string& explanation,
                                             const common::v1::CivilDate& new_deadline,
                                             const std::string& override_reason, const ExtensionContext& ctx,
                                             absl::Time now, const Policy& policy) {
  if (item.state() == v1::HANDLING_STATE_COMPLETED) {
    return absl::FailedPreconditionError(absl::StrCat(item.name(), " is completed"));
  }
  if (explanation.size() < 4) {
    return policy.Refuse(absl::StatusCode::kInvalidArgument, "DOC-23", "申请延期须作出书面说明",
                         "an extension needs a written explanation", "explanation");
  }
  if (!IsValidProtoDate(new_deadline) || FromProtoDate(new_deadline) <= FromProtoDate(item.deadline())) {
    return absl::InvalidArgumentError("new_deadline must be a real date after the current deadline");
  }
  const std::string& who = ctx.consenter.official;
  const bool instructing = who == ctx.instructing_leader;
  if (!instructing && !ctx.consenter.Has("R-SUP")) {
    return policy.Refuse(absl::StatusCode::kPermissionDenied, "DOC-23", "延期须经交办领导同志或督办部门同意",
                         "an extension needs the consent of the instructing leader "
                         "or the supervising unit");
  }
  v1::Extension e;
  e.set_explanation(explanation);
  e.set_consented_by(who);
  *e.mutable_new_deadline() = new_deadline;
  *e.mutable_time() = ToProtoTime(now);
  const int max = policy.proto().extensions().max_count().count();
  if (item.extensions_size() >= max) {
    if (!instructing || override_reason.size() < 4) {
      return policy.Refuse(absl::StatusCode::kPermissionDenied, "DOC-23",
                           absl::StrCat("延期一般不得超过", max, "次；超过的须由交办领导同志本人说明理由批准"),
                           absl::StrCat("extensions are limited to ", max,
                                        "; beyond that only the instructing leader may approve, with a reason"));
    }
    e.set_override(true);
    e.set_override_reason(override_reason);
  }
  return e;
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

std::optional<v1::Countersign> RecomputeCountersign(const v1::Countersign& c, const Calendar& previous,
                                                    const Calendar& current) {
  if (c.state() != v1::COUNTERSIGN_STATE_PENDING || c.deadline_agreed() || c.deadline().working_days() <= 0) {
    return std::nullopt;
  }
  const StoredDeadline stored{FromProtoDate(c.deadline().start()), c.deadline().working_days(),
                              FromProtoDate(c.deadline().deadline()), c.deadline().calendar_version()};
  const DeadlineRecomputation change = RecomputeDeadline(previous, current, stored);
  if (!change.date_changed() && change.was_provisional == change.provisional) return std::nullopt;
  v1::Countersign out = c;
  *out.mutable_deadline() = ToProto(current.Explain(stored.start, stored.working_days));
  *out.mutable_deadline_time() = ToProtoTime(DeadlinePassesAt(change.new_deadline));
  return out;
}

std::string IssueNumber(const std::string& prefix, int year, int64_t n) {
  return absl::StrCat(prefix, "〔", year, "〕", n, "号");
}

std::set<std::string> SearchTerms(absl::string_view text) {
  std::set<std::string> terms;
  // Split into UTF-8 code points; CJK runs give bigrams, ASCII runs give lower-cased words.
  std::vector<std::string> chars;
  std::string word;
  auto flush_word = [&] {
    if (word.size() >= 2) terms.insert(absl::AsciiStrToLower(word));
    word.clear();
  };
  auto flush_cjk = [&] {
    for (size_t i = 0; i + 1 < chars.size(); ++i) terms.insert(chars[i] + chars[i + 1]);
    if (chars.size() == 1) terms.insert(chars[0]);
    chars.clear();
  };
  for (size_t i = 0; i < text.size();) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    const size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : 4;
    std::string cp(text.substr(i, len));
    i += len;
    if (len == 1) {
      flush_cjk();
      if (absl::ascii_isalnum(c)) {
        word += static_cast<char>(c);
      } else {
        flush_word();
      }
    } else if (len == 3 && cp >= "\xE4\xB8\x80" && cp <= "\xE9\xBF\xBF") {  // U+4E00…U+9FFF
      flush_word();
      chars.push_back(cp);
    } else {
      flush_word();
      flush_cjk();
    }
  }
  flush_word();
  flush_cjk();
  return terms;
}

}  // namespace xianfu::document
