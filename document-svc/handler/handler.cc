#include "document-svc/handler/handler.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/deadline_proto.h"
#include "common/errors.h"
#include "common/idempotency.h"
#include "common/status_macros.h"

namespace xianfu::document {
namespace {

namespace pv1 = ::xianfu::personnel::v1;

bool IsOneOf(v1::DocumentState s, std::initializer_list<v1::DocumentState> states) {
  return std::find(states.begin(), states.end(), s) != states.end();
}

absl::Status WrongState(const v1::Document& d, absl::string_view what) {
  return absl::FailedPreconditionError(
      absl::StrCat(d.name(), " is ", v1::DocumentState_Name(d.state()), ": cannot ", what));
}

v1::Document Registration(const v1::Document& d) {
  // What a classified registration shows: metadata only.
  v1::Document out = d;
  out.clear_body();
  return out;
}

}  // namespace

DocumentHandler::DocumentHandler(ServiceContext& context, std::unique_ptr<OrgClient> org)
    : HandlerBase(context, "document"), org_(std::move(org)) {}

absl::StatusOr<Person> DocumentHandler::Me(grpc::ServerContext* ctx, const Call& call) {
  if (call.caller.official().empty()) {
    Person system;
    system.official = call.caller.subject;
    if (call.caller.admin_role == AdminRole::kSystemAdmin) system.roles.insert("R-OFFICE");
    return system;
  }
  return org_->PersonOn(ctx, call.caller.official(), call.now);
}

absl::Status DocumentHandler::RequireOffice(const Person& me) {
  if (me.Has("R-OFFICE")) return absl::OkStatus();
  return absl::PermissionDeniedError("this step is for the county government office (R-OFFICE)");
}

absl::Status DocumentHandler::SeeDocument(Call& call, const Person& me, const v1::Document& d) {
  if (!IsClassified(d)) return absl::OkStatus();
  const std::string& who = me.official;
  const bool allowed = me.InUnit(d.unit()) || who == d.routed_leader() || who == d.acting_leader() ||
                       who == d.addressed_leader() || me.Has("R-OFFICE") || me.Has("R-CH");
  if (!allowed) {
    return call.policy.Refuse(absl::StatusCode::kPermissionDenied, "DIS-21", "涉密公文登记信息仅限相关人员知悉",
                              "a classified registration is shown only to those "
                              "who handle it");
  }
  const char* level = d.classification() == v1::CLASSIFICATION_JUEMI  ? "绝密"
                      : d.classification() == v1::CLASSIFICATION_JIMI ? "机密"
                                                                      : "秘密";
  AuditRecord r = ReadRecord(call.caller, d.name(), level, call.now);
  r.rule_id = "DIS-21";
  r.policy_version = call.policy.version();
  r.calendar_version = call.calendar->version();
  return platform_.audit().Append(call.tx, r);
}

grpc::Status DocumentHandler::Step(grpc::ServerContext* ctx, absl::string_view method, const std::string& request_id,
                                   const google::protobuf::Message& req, v1::Document* resp, const std::string& name,
                                   const std::string& etag, const std::string& rule_id,
                                   const std::function<absl::Status(Call&, v1::Document&, Note&)>& fn) {
  return Transition<v1::Document>(
      ctx, method, request_id, req, resp, name, "documents", etag, rule_id,
      [this](Tx& tx, int64_t id) { return store_.GetDocument(tx, id); },
      [this](Tx& tx, int64_t id, int64_t version, const v1::Document& d) {
        return store_.UpdateDocument(tx, id, version, d);
      },
      [&](Call& call, v1::Document& d, Note& note) -> absl::Status {
        RETURN_IF_ERROR(fn(call, d, note));
        *d.mutable_update_time() = ToProtoTime(call.now);
        return absl::OkStatus();
      });
}

grpc::Status DocumentHandler::CountersignStep(grpc::ServerContext* ctx, absl::string_view method,
                                              const std::string& request_id, const google::protobuf::Message& req,
                                              v1::Countersign* resp, const std::string& name, const std::string& etag,
                                              const std::function<absl::Status(Call&, v1::Countersign&, Note&)>& fn) {
  return Transition<v1::Countersign>(
      ctx, method, request_id, req, resp, name, "countersigns", etag, "DOC-10",
      [this](Tx& tx, int64_t id) { return store_.GetCountersign(tx, id); },
      [this](Tx& tx, int64_t id, int64_t version, const v1::Countersign& c) {
        return store_.UpdateCountersign(tx, id, version, c);
      },
      [&](Call& call, v1::Countersign& c, Note& note) -> absl::Status {
        // The requested unit's responsible leaders (负责同志) answer for it.
        ASSIGN_OR_RETURN(unit, org_->UnitOn(ctx, c.requested_unit(), call.now));
        const std::string who = call.actor();
        if (who != unit.principal_head &&
            std::find(unit.deputy_heads.begin(), unit.deputy_heads.end(), who) == unit.deputy_heads.end()) {
          return absl::PermissionDeniedError(
              absl::StrCat("a countersign of ", unit.unit, " is answered by its principal or deputy head"));
        }
        return fn(call, c, note);
      });
}

grpc::Status DocumentHandler::HandlingStep(grpc::ServerContext* ctx, absl::string_view method,
                                           const std::string& request_id, const google::protobuf::Message& req,
                                           v1::HandlingItem* resp, const std::string& name, const std::string& etag,
                                           const std::function<absl::Status(Call&, v1::HandlingItem&, Note&)>& fn) {
  return Transition<v1::HandlingItem>(
      ctx, method, request_id, req, resp, name, "handlingItems", etag, "DOC-23",
      [this](Tx& tx, int64_t id) { return store_.GetHandlingItem(tx, id); },
      [this](Tx& tx, int64_t id, int64_t version, const v1::HandlingItem& item) {
        return store_.UpdateHandlingItem(tx, id, version, item);
      },
      fn);
}

// --- documents ----------------------------------------------------------------------------------

grpc::Status DocumentHandler::CreateDocument(grpc::ServerContext* ctx, const v1::CreateDocumentRequest* req,
                                             v1::Document* resp) {
  return Mutate(ctx, "CreateDocument", req->request_id(), *req, resp, [&](Call& call) -> absl::Status {
    v1::Document d = req->document();
    if (d.direction() == v1::DIRECTION_UNSPECIFIED) return absl::InvalidArgumentError("document.direction is required");
    if (d.kind() == v1::DOCUMENT_KIND_UNSPECIFIED) return absl::InvalidArgumentError("document.kind is required");
    if (d.title().empty()) return absl::InvalidArgumentError("document.title is required");
    if (d.classification() == v1::CLASSIFICATION_UNSPECIFIED) d.set_classification(v1::CLASSIFICATION_PUBLIC);
    if (IsClassified(d) && !d.body().empty()) {
      return call.policy.Refuse(absl::StatusCode::kInvalidArgument, "DIS-21",
                                "秘密级以上公文只登记元数据，正文须在涉密系统内流转",
                                "documents classified 秘密 and above are registered by metadata only", "document.body");
    }
    if (d.direction() == v1::DIRECTION_OUTGOING && d.issuing_name() == v1::ISSUING_NAME_UNSPECIFIED) {
      return absl::InvalidArgumentError("document.issuing_name is required for an outgoing document");
    }
    for (const v1::Attachment& a : d.attachments()) {
      if (a.sha256().size() != 64) {
        return absl::InvalidArgumentError(
            absl::StrCat("attachment ", a.file_name(), " needs its sha256 (64 hex digits)"));
      }
    }
    ASSIGN_OR_RETURN(unit, org_->UnitOn(ctx, d.unit(), call.now));
    (void)unit;
    ASSIGN_OR_RETURN(me, Me(ctx, call));
    if (!me.InUnit(d.unit()) && !me.Has("R-OFFICE")) {
      return absl::PermissionDeniedError(
          absl::StrCat("only staff of ", d.unit(), " or the office may draft its documents"));
    }
    d.set_state(v1::DOCUMENT_STATE_DRAFT);
    d.clear_return_reasons();
    d.clear_endorsements();
    d.clear_countersigns();
    d.clear_sign_off();
    d.clear_issue_number();
    d.clear_routed_leader();
    d.clear_acting_leader();
    d.clear_handling_opinion();
    if (d.kind() == v1::DOCUMENT_KIND_NORMATIVE) {
      d.mutable_normative()->set_legality(v1::LEGALITY_RESULT_UNSPECIFIED);
      d.mutable_normative()->set_status(v1::NORMATIVE_STATUS_UNSPECIFIED);
    }
    d.set_created_by(call.actor());
    *d.mutable_create_time() = ToProtoTime(call.now);
    d.set_policy_version(call.policy.version());
    RETURN_IF_ERROR(store_.InsertDocument(call.tx, d).status());
    *resp = d;
    return Audit(call, d.name(), "CreateDocument", "DOC-01", nullptr, d);
  });
}

grpc::Status DocumentHandler::GetDocument(grpc::ServerContext* ctx, const v1::GetDocumentRequest* req,
                                          v1::Document* resp) {
  return Read(ctx, [&](Call& call) -> absl::Status {
    ASSIGN_OR_RETURN(id, NumericIdOf(req->name(), "documents"));
    ASSIGN_OR_RETURN(d, store_.GetDocument(call.tx, id));
    if (IsClassified(d.value)) {
      ASSIGN_OR_RETURN(me, Me(ctx, call));
      RETURN_IF_ERROR(SeeDocument(call, me, d.value));
      *resp = Registration(d.value);
      return absl::OkStatus();
    }
    *resp = d.value;
    return absl::OkStatus();
  });
}

grpc::Status DocumentHandler::ListDocuments(grpc::ServerContext* ctx, const v1::ListDocumentsRequest* req,
                                            v1::ListDocumentsResponse* resp) {
  return Read(ctx, [&](Call& call) -> absl::Status {
    ASSIGN_OR_RETURN(page, ParsePage(req->page_size(), req->page_token(), "documents"));
    DocumentFilter filter;
    filter.state = req->state();
    filter.unit = req->unit();
    filter.leader = req->leader();
    ASSIGN_OR_RETURN(me, Me(ctx, call));
    if (req->pending_for_me()) {
      if (me.Has("R-OFFICE")) {
        filter.states_any = {v1::DOCUMENT_STATE_SUBMITTED, v1::DOCUMENT_STATE_ENDORSED, v1::DOCUMENT_STATE_SIGNED};
      } else {
        filter.states_any = {v1::DOCUMENT_STATE_WITH_LEADER};
        filter.leaders_any = {me.official};
      }
    }
    if (!req->query().empty()) {
      std::set<std::string> terms = SearchTerms(req->query());
      if (terms.empty()) return absl::InvalidArgumentError("query has no searchable words");
      filter.terms.assign(terms.begin(), terms.end());
    }
    ASSIGN_OR_RETURN(result, store_.ListDocuments(call.tx, filter, page));
    for (v1::Document& d : result.items) {
      if (IsClassified(d)) {
        if (!SeeDocument(call, me, d).ok()) continue;  // not theirs to see; the refusal is not an error here
        *resp->add_documents() = Registration(d);
      } else {
        *resp->add_documents() = std::move(d);
      }
    }
    resp->set_next_page_token(result.next_page_token);
    return absl::OkStatus();
  });
}

grpc::Status DocumentHandler::UpdateDocument(grpc::ServerContext* ctx, const v1::UpdateDocumentRequest* req,
                                             v1::Document* resp) {
  return Step(ctx, "UpdateDocument", req->request_id(), *req, resp, req->document().name(), req->etag(), "DOC-01",
              [&](Call& call, v1::Document& d, Note& note) -> absl::Status {
                if (!IsOneOf(d.state(), {v1::DOCUMENT_STATE_DRAFT, v1::DOCUMENT_STATE_RETURNED})) {
                  return WrongState(d, "change it");
                }
                ASSIGN_OR_RETURN(me, Me(ctx, call));
                if (!me.InUnit(d.unit()) && !me.Has("R-OFFICE")) {
                  return absl::PermissionDeniedError("only the drafting unit or the office may change it");
                }
                const v1::Document& in = req->document();
                if (IsClassified(in) && !in.body().empty()) {
                  return call.policy.Refuse(absl::StatusCode::kInvalidArgument, "DIS-21", "秘密级以上公文只登记元数据",
                                            "classified documents are metadata only", "document.body");
                }
                // Content only: state, history and numbers stay as they are.
                v1::Document next = in;
                next.set_name(d.name());
                next.set_unit(d.unit());
                next.set_direction(d.direction());
                next.set_state(d.state());
                *next.mutable_return_reasons() = d.return_reasons();
                *next.mutable_countersigns() = d.countersigns();
                *next.mutable_normative() = d.normative();
                next.set_created_by(d.created_by());
                *next.mutable_create_time() = d.create_time();
                next.set_policy_version(call.policy.version());
                d = next;
                return absl::OkStatus();
              });
}

grpc::Status DocumentHandler::SubmitDocument(grpc::ServerContext* ctx, const v1::SubmitDocumentRequest* req,
                                             v1::Document* resp) {
  // Intake refusals are decisions too: the document is RETURNED (or, for DOC-05, redirected to
  // the registry) and that is committed before the refusal goes back to the caller.
  absl::Status refusal;
  grpc::Status status = Step(
      ctx, "SubmitDocument", req->request_id(), *req, resp, req->name(), req->etag(), "DOC-01",
      [&](Call& call, v1::Document& d, Note& note) -> absl::Status {
        if (d.direction() != v1::DIRECTION_INCOMING) {
          return absl::FailedPreconditionError("only incoming documents are submitted; sign outgoing ones");
        }
        if (!IsOneOf(d.state(), {v1::DOCUMENT_STATE_DRAFT, v1::DOCUMENT_STATE_RETURNED})) {
          return WrongState(d, "submit it");
        }
        ASSIGN_OR_RETURN(me, Me(ctx, call));
        if (!me.InUnit(d.unit()) && !me.Has("R-OFFICE")) {
          return absl::PermissionDeniedError(absl::StrCat("only ", d.unit(), " submits its documents"));
        }
        IntakeContext intake;
        ASSIGN_OR_RETURN(sender, org_->UnitOn(ctx, d.unit(), call.now));
        intake.sender = sender;
        if (!d.signer().empty()) {
          ASSIGN_OR_RETURN(signer, org_->PersonOn(ctx, d.signer(), call.now));
          intake.signer = signer;
        }
        if (!sender.principal_head.empty()) {
          ASSIGN_OR_RETURN(principal, org_->PersonOn(ctx, sender.principal_head, call.now));
          intake.principal_absent = principal.absent;
        }
        for (const std::string& r : d.principal_recipients()) {
          ASSIGN_OR_RETURN(recipient, org_->UnitOn(ctx, r, call.now));
          intake.recipients[r] = recipient;
        }
        ASSIGN_OR_RETURN(doc_id, NumericIdOf(d.name(), "documents"));
        ASSIGN_OR_RETURN(countersigns, store_.ListCountersigns(call.tx, doc_id, "", v1::COUNTERSIGN_STATE_UNSPECIFIED,
                                                               PageRequest{500, 0}));
        intake.countersigns = countersigns.items;
        if (d.kind() == v1::DOCUMENT_KIND_BRIEFING) {
          // DOC-22(b): the series this unit already submits.
          DocumentFilter mine;
          mine.unit = d.unit();
          PageRequest page{500, 0};
          for (;;) {
            ASSIGN_OR_RETURN(batch, store_.ListDocuments(call.tx, mine, page));
            for (const v1::Document& other : batch.items) {
              if (other.kind() == v1::DOCUMENT_KIND_BRIEFING && other.name() != d.name() &&
                  !IsOneOf(other.state(), {v1::DOCUMENT_STATE_DRAFT, v1::DOCUMENT_STATE_RETURNED})) {
                intake.existing_briefing_series.insert(other.briefing_series());
              }
            }
            if (batch.next_page_token.empty()) break;
            ASSIGN_OR_RETURN(last, NumericIdOf(batch.items.back().name(), "documents"));
            page.after_id = last;
          }
          for (const common::v1::OverrideRequest& o : req->overrides()) {
            if (o.rule_id() != "DOC-22") continue;
            if (!me.Has("R-CH") || o.reason().size() < 4) {
              return call.policy.Refuse(absl::StatusCode::kPermissionDenied, "DOC-22", "第二种简报须经县长说明理由同意",
                                        "only the county head, with a reason, allows a second briefing series");
            }
            intake.second_series_overridden = true;
            common::v1::OverrideRecord* record = d.add_overrides();
            record->set_rule_id("DOC-22");
            record->set_reason(o.reason());
            record->set_overridden_by(me.official);
            record->set_role("R-CH");
            record->set_at_unix_seconds(absl::ToUnixSeconds(call.now));
          }
        }
        IntakeResult result = CheckIntake(d, intake, call.policy);
        d.clear_warnings();
        for (const auto& w : result.warnings) *d.add_warnings() = w;
        *d.mutable_submit_time() = ToProtoTime(call.now);
        if (!result.refusals.empty()) {
          refusal = result.refusals.front();
          call.remember_response = false;  // a retry checks again and answers with the refusal
          if (result.redirect_to_registry && result.refusals.size() == 1) {
            // DOC-05: redirected to the office registry queue, with a RECORD.
            d.set_state(v1::DOCUMENT_STATE_SUBMITTED);
            *d.add_warnings()->mutable_violation() = *GetRuleViolation(refusal);
            d.clear_addressed_leader();
          } else {
            d.set_state(v1::DOCUMENT_STATE_RETURNED);
            d.clear_return_reasons();
            for (const absl::Status& r : result.refusals) {
              if (auto v = GetRuleViolation(r); v.has_value()) *d.add_return_reasons() = *v;
            }
            v1::DocumentReturned event;
            *event.mutable_document() = Registration(d);
            return Publish(call, d.name(), event);
          }
          return absl::OkStatus();
        }
        d.clear_return_reasons();
        const bool direct = !d.addressed_leader().empty();
        d.set_state(direct ? v1::DOCUMENT_STATE_WITH_LEADER : v1::DOCUMENT_STATE_SUBMITTED);
        if (direct) d.set_routed_leader(d.addressed_leader());
        v1::DocumentSubmitted event;
        *event.mutable_document() = Registration(d);
        return Publish(call, d.name(), event);
      });
  if (!status.ok() || refusal.ok()) return status;
  return ToGrpcStatus(refusal);
}

grpc::Status DocumentHandler::ReturnDocument(grpc::ServerContext* ctx, const v1::ReturnDocumentRequest* req,
                                             v1::Document* resp) {
  return Step(ctx, "ReturnDocument", req->request_id(), *req, resp, req->name(), req->etag(), "DOC-01",
              [&](Call& call, v1::Document& d, Note& note) -> absl::Status {
                ASSIGN_OR_RETURN(me, Me(ctx, call));
                RETURN_IF_ERROR(RequireOffice(me));
                if (d.state() != v1::DOCUMENT_STATE_SUBMITTED) return WrongState(d, "return it");
                if (req->reason().empty()) return absl::InvalidArgumentError("reason is required");
                d.set_state(v1::DOCUMENT_STATE_RETURNED);
                *d.add_return_reasons() = call.policy.Explain("DOC-01", absl::StrCat("退回：", req->reason()),
                                                              absl::StrCat("returned: ", req->reason()));
                v1::DocumentReturned event;
                *event.mutable_document() = Registration(d);
                return Publish(call, d.name(), event);
              });
}

grpc::Status DocumentHandler::ReviewDocument(grpc::ServerContext* ctx, const v1::ReviewDocumentRequest* req,
                                             v1::Document* resp) {
  return Step(ctx, "ReviewDocument", req->request_id(), *req, resp, req->name(), req->etag(), "DOC-13",
              [&](Call& call, v1::Document& d, Note& note) -> absl::Status {
                ASSIGN_OR_RETURN(me, Me(ctx, call));
                RETURN_IF_ERROR(RequireOffice(me));
                if (d.state() != v1::DOCUMENT_STATE_SUBMITTED) return WrongState(d, "review it");
                if (req->handling_opinion().empty()) {
                  return call.policy.Refuse(absl::StatusCode::kFailedPrecondition, "DOC-12",
                                            "办公室须提出拟办意见后方可呈批",
                                            "the office records a handling opinion "
                                            "before routing",
                                            "handling_opinion");
                }
                d.set_handling_opinion(req->handling_opinion());
                d.set_reviewed_by(me.official);
                // DOC-13: the leader in charge of the sending unit; the county head when none.
                ASSIGN_OR_RETURN(sender, org_->UnitOn(ctx, d.unit(), call.now));
                std::string leader = sender.primary_leader;
                if (leader.empty()) {
                  ASSIGN_OR_RETURN(county_head, org_->HolderOf(ctx, "R-CH", call.now));
                  leader = county_head;
                }
                if (d.routed_leader().empty() || d.routed_leader() != leader) d.set_routed_leader(leader);
                ASSIGN_OR_RETURN(acting, org_->Resolve(ctx, leader, pv1::ACT_KIND_PORTFOLIO_APPROVAL, call.now));
                d.clear_acting_leader();
                d.clear_acting_display();
                if (acting.actor() != leader) {
                  d.set_acting_leader(acting.actor());
                  d.set_acting_display(acting.display_zh());
                  if (acting.waiting()) {
                    *d.add_warnings()->mutable_violation() = acting.reason();
                  }
                }
                d.set_state(v1::DOCUMENT_STATE_WITH_LEADER);
                return absl::OkStatus();
              });
}

grpc::Status DocumentHandler::EndorseDocument(grpc::ServerContext* ctx, const v1::EndorseDocumentRequest* req,
                                              v1::Document* resp) {
  v1::Endorsement made;
  bool assigns_work = false;
  return Step(
      ctx, "EndorseDocument", req->request_id(), *req, resp, req->name(), req->etag(), "DOC-14",
      [&](Call& call, v1::Document& d, Note& note) -> absl::Status {
        if (req->kind() == v1::ENDORSEMENT_KIND_UNSPECIFIED) return absl::InvalidArgumentError("kind is required");
        const bool unreviewed = d.state() == v1::DOCUMENT_STATE_SUBMITTED;
        if (!IsOneOf(d.state(), {v1::DOCUMENT_STATE_WITH_LEADER, v1::DOCUMENT_STATE_SUBMITTED})) {
          return WrongState(d, "endorse it");
        }
        const std::string me = call.actor();
        std::string principal = d.routed_leader().empty() ? d.addressed_leader() : d.routed_leader();
        if (principal.empty()) {
          return call.policy.Refuse(absl::StatusCode::kFailedPrecondition, "DOC-06", "公文尚未经办公室审核呈批",
                                    "the office has not routed the document yet");
        }
        v1::Endorsement& e = *d.add_endorsements();
        if (me != principal) {
          // The stand-in personnel-svc names, or a refusal citing why not (e.g. DIS-03).
          ASSIGN_OR_RETURN(acting, org_->Check(ctx, principal, pv1::ACT_KIND_PORTFOLIO_APPROVAL, call.now, me));
          *e.mutable_acting_mark() = acting.acting_mark();
          e.set_acting_display(acting.display_zh());
          note.acting_for = principal;
          note.detail = acting.display_zh();
        }
        e.set_kind(req->kind());
        e.set_text(req->text());
        e.set_official(me);
        ASSIGN_OR_RETURN(person, Me(ctx, call));
        e.set_display_name(person.display_name);
        *e.mutable_time() = ToProtoTime(call.now);
        e.set_explicit_(IsExplicit(d, req->kind(), req->text()));
        e.set_unreviewed(unreviewed);
        if (unreviewed) {
          *d.add_warnings()->mutable_violation() = call.policy.Explain(
              "DOC-06", "领导同志一般不直接签批未经办公室审核的公文；办公室须先完成审核再流转",
              "leaders generally endorse only office-reviewed documents; the office completes the review "
              "before forwarding");
        }
        if (!d.disagreement().positions().empty() && e.explicit_() && req->text().empty()) {
          return call.policy.Refuse(absl::StatusCode::kFailedPrecondition, "DOC-12",
                                    "部门间有分歧的，分管领导须协调并写明协调一致意见或倾向性建议",
                                    "where departments disagree, the leader records the consensus or a "
                                    "preferred recommendation",
                                    "text");
        }
        if (req->kind() == v1::ENDORSEMENT_KIND_REFER) {
          if (req->referred_to().empty()) return absl::InvalidArgumentError("referred_to is required for REFER");
          e.set_referred_to(req->referred_to());
        }
        made = e;
        if (unreviewed) return absl::OkStatus();      // stays with the office until reviewed
        if (!e.explicit_()) return absl::OkStatus();  // DOC-14: stays with the leader
        if (req->kind() == v1::ENDORSEMENT_KIND_CIRCLE) {
          d.set_state(v1::DOCUMENT_STATE_READ);
          return absl::OkStatus();
        }
        if (req->kind() == v1::ENDORSEMENT_KIND_INSTRUCTION && !req->assigned_units().empty()) {
          if (!IsValidProtoDate(req->assignment_deadline())) {
            return absl::InvalidArgumentError("assignment_deadline is required when an instruction assigns work");
          }
          for (const std::string& unit : req->assigned_units()) {
            e.add_assigned_units(unit);
            v1::HandlingItem item;
            item.set_reference(absl::StrCat(d.name(), "#", d.endorsements_size()));
            item.set_source(v1::HANDLING_SOURCE_LEADER_INSTRUCTION);
            item.set_instructing_leader(principal);
            item.set_handling_unit(unit);
            item.set_task(req->text());
            *item.mutable_deadline() = req->assignment_deadline();
            item.set_document(d.name());
            RETURN_IF_ERROR(CreateHandlingItemFor(call, item));
          }
          assigns_work = true;
          made = e;
        }
        std::string next;
        if (req->kind() == v1::ENDORSEMENT_KIND_REFER) {
          next = req->referred_to();
        } else if (d.major()) {
          // DOC-13: a major matter ends with the county head.
          ASSIGN_OR_RETURN(county_head, org_->HolderOf(ctx, "R-CH", call.now));
          if (principal != county_head) next = county_head;
        }
        if (!next.empty()) {
          d.set_routed_leader(next);
          d.clear_acting_leader();
          d.clear_acting_display();
          ASSIGN_OR_RETURN(acting, org_->Resolve(ctx, next, pv1::ACT_KIND_PORTFOLIO_APPROVAL, call.now));
          if (acting.actor() != next) {
            d.set_acting_leader(acting.actor());
            d.set_acting_display(acting.display_zh());
          }
        } else {
          d.set_state(v1::DOCUMENT_STATE_ENDORSED);
        }
        v1::DocumentEndorsed event;
        *event.mutable_document() = Registration(d);
        *event.mutable_endorsement() = made;
        event.set_assigns_work(assigns_work);
        return Publish(call, d.name(), event);
      });
}

grpc::Status DocumentHandler::ForwardDocument(grpc::ServerContext* ctx, const v1::ForwardDocumentRequest* req,
                                              v1::Document* resp) {
  return Step(ctx, "ForwardDocument", req->request_id(), *req, resp, req->name(), req->etag(), "DOC-14",
              [&](Call& call, v1::Document& d, Note& note) -> absl::Status {
                ASSIGN_OR_RETURN(me, Me(ctx, call));
                RETURN_IF_ERROR(RequireOffice(me));
                if (d.state() == v1::DOCUMENT_STATE_WITH_LEADER) {
                  const bool unclear = !d.endorsements().empty() && !d.endorsements().rbegin()->explicit_();
                  if (unclear || !d.major()) {
                    return call.policy.Refuse(
                        absl::StatusCode::kFailedPrecondition, "DOC-14",
                        "对有具体请示事项的公文须明确签署意见；无明确意见的，政府办公室不得流转，已退回领导同志",
                        "a document with request items needs an explicit opinion; without one the office may not "
                        "forward it: it stays with the leader");
                  }
                  return call.policy.Refuse(absl::StatusCode::kFailedPrecondition, "DOC-13",
                                            "重大事项须报县长审批后方可流转",
                                            "a major matter must end with the county head's approval");
                }
                if (d.state() == v1::DOCUMENT_STATE_SUBMITTED) {
                  return call.policy.Refuse(absl::StatusCode::kFailedPrecondition, "DOC-12", "办公室审核把关后方可流转",
                                            "the office reviews before it forwards");
                }
                if (d.state() != v1::DOCUMENT_STATE_ENDORSED) return WrongState(d, "forward it");
                d.set_state(v1::DOCUMENT_STATE_FORWARDED);
                return absl::OkStatus();
              });
}

grpc::Status DocumentHandler::ArchiveDocument(grpc::ServerContext* ctx, const v1::ArchiveDocumentRequest* req,
                                              v1::Document* resp) {
  return Step(
      ctx, "ArchiveDocument", req->request_id(), *req, resp, req->name(), req->etag(), "",
      [&](Call& call, v1::Document& d, Note& note) -> absl::Status {
        ASSIGN_OR_RETURN(me, Me(ctx, call));
        RETURN_IF_ERROR(RequireOffice(me));
        if (!IsOneOf(d.state(), {v1::DOCUMENT_STATE_READ, v1::DOCUMENT_STATE_FORWARDED, v1::DOCUMENT_STATE_ISSUED})) {
          return WrongState(d, "archive it");
        }
        d.set_state(v1::DOCUMENT_STATE_ARCHIVED);
        return absl::OkStatus();
      });
}

// --- outgoing -----------------------------------------------------------------------------------

grpc::Status DocumentHandler::ReviewOutgoing(grpc::ServerContext* ctx, const v1::ReviewOutgoingRequest* req,
                                             v1::Document* resp) {
  return Step(ctx, "ReviewOutgoing", req->request_id(), *req, resp, req->name(), req->etag(), "DOC-16",
              [&](Call& call, v1::Document& d, Note& note) -> absl::Status {
                if (d.direction() != v1::DIRECTION_OUTGOING ||
                    !IsOneOf(d.state(), {v1::DOCUMENT_STATE_DRAFT, v1::DOCUMENT_STATE_IN_SIGN_OFF})) {
                  return WrongState(d, "review it for sign-off");
                }
                const std::string me = call.actor();
                ASSIGN_OR_RETURN(executive, org_->HolderOf(ctx, "R-EDH", call.now));
                ASSIGN_OR_RETURN(director, org_->HolderOf(ctx, "R-OD", call.now));
                ASSIGN_OR_RETURN(unit, org_->UnitOn(ctx, d.unit(), call.now));
                std::string role;
                if (me == executive) role = "R-EDH";
                if (me == unit.primary_leader) role = role.empty() ? "portfolio deputy" : role + ", portfolio deputy";
                if (me == director) role = "R-OD";
                if (role.empty()) {
                  return call.policy.Refuse(absl::StatusCode::kPermissionDenied, "DOC-16",
                                            "重要公文由负责常务工作的副县长、分管副县长、办公室主任审核",
                                            "important documents are reviewed by the executive deputy, the deputy in "
                                            "charge and the office director");
                }
                for (const auto& r : d.sign_off().reviews()) {
                  if (r.official() == me) return absl::FailedPreconditionError("you have already reviewed it");
                }
                auto* review = d.mutable_sign_off()->add_reviews();
                review->set_official(me);
                review->set_role(role);
                *review->mutable_time() = ToProtoTime(call.now);
                d.set_state(v1::DOCUMENT_STATE_IN_SIGN_OFF);
                return absl::OkStatus();
              });
}

grpc::Status DocumentHandler::SignDocument(grpc::ServerContext* ctx, const v1::SignDocumentRequest* req,
                                           v1::Document* resp) {
  return Step(ctx, "SignDocument", req->request_id(), *req, resp, req->name(), req->etag(), "DOC-16",
              [&](Call& call, v1::Document& d, Note& note) -> absl::Status {
                if (d.direction() != v1::DIRECTION_OUTGOING ||
                    !IsOneOf(d.state(), {v1::DOCUMENT_STATE_DRAFT, v1::DOCUMENT_STATE_IN_SIGN_OFF})) {
                  return WrongState(d, "sign it");
                }
                if (d.issuing_name() == v1::ISSUING_NAME_DEPARTMENT) {
                  return absl::FailedPreconditionError("a department's own document is issued by the department");
                }
                SignContext sc;
                ASSIGN_OR_RETURN(signer, Me(ctx, call));
                sc.signer = signer;
                ASSIGN_OR_RETURN(county_head, org_->HolderOf(ctx, "R-CH", call.now));
                ASSIGN_OR_RETURN(executive, org_->HolderOf(ctx, "R-EDH", call.now));
                ASSIGN_OR_RETURN(director, org_->HolderOf(ctx, "R-OD", call.now));
                ASSIGN_OR_RETURN(unit, org_->UnitOn(ctx, d.unit(), call.now));
                sc.county_head = county_head;
                sc.executive_deputy = executive;
                sc.office_director = director;
                sc.portfolio_deputy = unit.primary_leader;
                const std::string me = signer.official;
                if (d.upward() && me != county_head) {
                  sc.entrusted_for_upward =
                      org_->Check(ctx, county_head, pv1::ACT_KIND_SIGN_UPWARD_DOCUMENT, call.now, me).ok();
                }
                if (!d.upward() && !d.important() && me != sc.portfolio_deputy && !sc.portfolio_deputy.empty() &&
                    d.issuing_name() == v1::ISSUING_NAME_COUNTY_GOVERNMENT) {
                  absl::StatusOr<pv1::ActingResolution> acting =
                      org_->Check(ctx, sc.portfolio_deputy, pv1::ACT_KIND_SIGN_GOVERNMENT_DOCUMENT, call.now, me);
                  if (acting.ok()) {
                    sc.acting_for_portfolio_deputy = true;
                    *d.mutable_sign_off()->mutable_acting_mark() = acting->acting_mark();
                    note.acting_for = sc.portfolio_deputy;
                    note.detail = acting->display_zh();
                  }
                }
                RETURN_IF_ERROR(CheckSignOff(d, sc, call.policy));
                IssueCheck issue = CheckIssue(d, unit, call.policy);
                RETURN_IF_ERROR(issue.refusal);
                for (const auto& w : issue.warnings) *d.add_warnings() = w;
                if (d.kind() == v1::DOCUMENT_KIND_NORMATIVE && !d.affected_units().empty()) {
                  // DOC-26(a): the opinions of every affected department are on record.
                  ASSIGN_OR_RETURN(doc_id, NumericIdOf(d.name(), "documents"));
                  ASSIGN_OR_RETURN(opinions,
                                   store_.ListCountersigns(call.tx, doc_id, "", v1::COUNTERSIGN_STATE_UNSPECIFIED,
                                                           PageRequest{500, 0}));
                  std::vector<std::string> missing;
                  for (const std::string& unit : d.affected_units()) {
                    bool answered = false;
                    for (const v1::Countersign& c : opinions.items) {
                      answered = answered || (c.requested_unit() == unit && c.state() != v1::COUNTERSIGN_STATE_PENDING);
                    }
                    if (!answered && unit != d.unit()) missing.push_back(unit);
                  }
                  if (!missing.empty()) {
                    return call.policy.Refuse(absl::StatusCode::kFailedPrecondition, "DOC-26",
                                              absl::StrCat("涉及多个部门的行政规范性文件，须听取相关部门意见：",
                                                           absl::StrJoin(missing, "、"), "尚无意见"),
                                              absl::StrCat("a normative document touching several departments records "
                                                           "their opinions; none yet from ",
                                                           absl::StrJoin(missing, ", ")));
                  }
                }
                d.mutable_sign_off()->set_signed_by(me);
                *d.mutable_sign_off()->mutable_sign_time() = ToProtoTime(call.now);
                d.set_state(v1::DOCUMENT_STATE_SIGNED);
                return absl::OkStatus();
              });
}

grpc::Status DocumentHandler::IssueDocument(grpc::ServerContext* ctx, const v1::IssueDocumentRequest* req,
                                            v1::Document* resp) {
  return Step(ctx, "IssueDocument", req->request_id(), *req, resp, req->name(), req->etag(), "DOC-19",
              [&](Call& call, v1::Document& d, Note& note) -> absl::Status {
                if (d.direction() != v1::DIRECTION_OUTGOING) return WrongState(d, "issue it");
                ASSIGN_OR_RETURN(me, Me(ctx, call));
                const auto& numbering = call.policy.proto().docs().numbering();
                if (d.issuing_name() == v1::ISSUING_NAME_DEPARTMENT) {
                  // A department's own normative document: issued by it, then filed (DOC-28).
                  if (!me.InUnit(d.unit()))
                    return absl::PermissionDeniedError("the department issues its own documents");
                  if (d.state() != v1::DOCUMENT_STATE_DRAFT) return WrongState(d, "issue it");
                  ASSIGN_OR_RETURN(unit, org_->UnitOn(ctx, d.unit(), call.now));
                  IssueCheck issue = CheckIssue(d, unit, call.policy);
                  RETURN_IF_ERROR(issue.refusal);
                  for (const auto& w : issue.warnings) *d.add_warnings() = w;
                  if (d.kind() == v1::DOCUMENT_KIND_NORMATIVE) {
                    if (d.normative().legal_basis().empty()) {
                      return call.policy.Refuse(absl::StatusCode::kFailedPrecondition, "DOC-25",
                                                "行政规范性文件须载明制定依据和权限程序",
                                                "a normative document records its legal basis and the authority used",
                                                "document.normative.legal_basis");
                    }
                    const absl::Time due =
                        call.now + absl::Hours(24) * call.policy.proto().normdoc().filing_days().days();
                    *d.mutable_normative()->mutable_filing_due_time() = ToProtoTime(due);
                    d.mutable_normative()->set_status(v1::NORMATIVE_STATUS_VALID);
                    *d.mutable_normative()->mutable_last_reviewed() = ToProtoDate(call.today);
                    RETURN_IF_ERROR(ScheduleTimer(call.tx, "normative.filing_due", d.name(), due));
                  }
                  d.set_state(v1::DOCUMENT_STATE_ISSUED);
                } else {
                  RETURN_IF_ERROR(RequireOffice(me));
                  if (d.state() != v1::DOCUMENT_STATE_SIGNED) return WrongState(d, "issue it");
                  const std::string prefix = d.issuing_name() == v1::ISSUING_NAME_COUNTY_GOVERNMENT
                                                 ? numbering.government_prefix()
                                                 : numbering.office_prefix();
                  const int year = static_cast<int>(call.today.year());
                  ASSIGN_OR_RETURN(n, store_.NextNumber(call.tx, prefix, year));
                  d.set_issue_number(IssueNumber(prefix, year, n));
                  if (d.kind() == v1::DOCUMENT_KIND_NORMATIVE) {
                    d.mutable_normative()->set_status(v1::NORMATIVE_STATUS_VALID);
                    *d.mutable_normative()->mutable_last_reviewed() = ToProtoDate(call.today);
                  }
                  d.set_state(v1::DOCUMENT_STATE_ISSUED);
                }
                v1::DocumentIssued event;
                *event.mutable_document() = Registration(d);
                return Publish(call, d.name(), event);
              });
}

// --- countersign --------------------------------------------------------------------------------

absl::Status DocumentHandler::ScheduleCountersignTimers(Call& call, const v1::Countersign& c,
                                                        const EventDeadline& deadline) {
  const absl::Time due = DeadlinePassesAt(deadline.explanation.deadline);
  RETURN_IF_ERROR(
      ScheduleTimer(call.tx, "countersign.deemed", c.name(), due, "", deadline.explanation.calendar_version));
  // A reminder on the morning of the last day.
  const absl::Time reminder =
      absl::FromCivil(absl::CivilSecond(deadline.explanation.deadline) + 9 * 3600, ChinaTimeZone());
  if (reminder > call.now) {
    RETURN_IF_ERROR(ScheduleTimer(call.tx, "countersign.reminder", c.name(), reminder));
  }
  return absl::OkStatus();
}

grpc::Status DocumentHandler::RequestCountersigns(grpc::ServerContext* ctx, const v1::RequestCountersignsRequest* req,
                                                  v1::RequestCountersignsResponse* resp) {
  return Mutate(ctx, "RequestCountersigns", req->request_id(), *req, resp, [&](Call& call) -> absl::Status {
    ASSIGN_OR_RETURN(id, NumericIdOf(req->document(), "documents"));
    ASSIGN_OR_RETURN(doc, store_.GetDocument(call.tx, id));
    v1::Document& d = doc.value;
    if (!IsOneOf(d.state(), {v1::DOCUMENT_STATE_DRAFT, v1::DOCUMENT_STATE_RETURNED})) {
      return WrongState(d, "ask for countersigns");
    }
    if (req->units().empty()) return absl::InvalidArgumentError("units is required");
    ASSIGN_OR_RETURN(me, Me(ctx, call));
    if (!me.InUnit(d.unit())) return absl::PermissionDeniedError("the lead department asks for countersigns");
    for (const std::string& unit : req->units()) {
      if (unit == d.unit()) return absl::InvalidArgumentError("the lead department does not countersign itself");
      RETURN_IF_ERROR(org_->UnitOn(ctx, unit, call.now).status());
      ASSIGN_OR_RETURN(deadline, CountersignDeadline(call.now, req->limit_working_days(), *call.calendar, call.policy));
      v1::Countersign c;
      c.set_document(d.name());
      c.set_lead_unit(d.unit());
      c.set_requested_unit(unit);
      *c.mutable_received_time() = ToProtoTime(call.now);
      c.set_lead_limit_working_days(req->limit_working_days());
      *c.mutable_deadline() = ToProto(deadline.explanation);
      *c.mutable_deadline_time() = ToProtoTime(DeadlinePassesAt(deadline.explanation.deadline));
      c.set_state(v1::COUNTERSIGN_STATE_PENDING);
      RETURN_IF_ERROR(store_.InsertCountersign(call.tx, c).status());
      RETURN_IF_ERROR(ScheduleCountersignTimers(call, c, deadline));
      RETURN_IF_ERROR(Audit(call, c.name(), "RequestCountersign", "DOC-10", nullptr, c, deadline.explanation.text_zh));
      d.add_countersigns(c.name());
      *resp->add_countersigns() = c;
    }
    RETURN_IF_ERROR(store_.UpdateDocument(call.tx, id, doc.version, d));
    return absl::OkStatus();
  });
}

grpc::Status DocumentHandler::GetCountersign(grpc::ServerContext* ctx, const v1::GetCountersignRequest* req,
                                             v1::Countersign* resp) {
  return Fetch<v1::Countersign>(ctx, req->name(), "countersigns", resp,
                                [this](Tx& tx, int64_t id) { return store_.GetCountersign(tx, id); });
}

grpc::Status DocumentHandler::ListCountersigns(grpc::ServerContext* ctx, const v1::ListCountersignsRequest* req,
                                               v1::ListCountersignsResponse* resp) {
  return Read(ctx, [&](Call& call) -> absl::Status {
    int64_t doc_id = 0;
    if (!req->document().empty()) {
      ASSIGN_OR_RETURN(id, NumericIdOf(req->document(), "documents"));
      doc_id = id;
    }
    ASSIGN_OR_RETURN(page, ParsePage(req->page_size(), req->page_token(), "countersigns"));
    std::optional<absl::Time> due_before;
    if (req->has_due_before()) due_before = FromProtoTime(req->due_before());
    ASSIGN_OR_RETURN(result,
                     store_.ListCountersigns(call.tx, doc_id, req->requested_unit(), req->state(), page, due_before));
    for (auto& c : result.items) *resp->add_countersigns() = std::move(c);
    resp->set_next_page_token(result.next_page_token);
    return absl::OkStatus();
  });
}

grpc::Status DocumentHandler::ReplyCountersign(grpc::ServerContext* ctx, const v1::ReplyCountersignRequest* req,
                                               v1::Countersign* resp) {
  return CountersignStep(
      ctx, "ReplyCountersign", req->request_id(), *req, resp, req->name(), req->etag(),
      [&](Call& call, v1::Countersign& c, Note&) -> absl::Status {
        if (req->answer() != v1::COUNTERSIGN_STATE_AGREED && req->answer() != v1::COUNTERSIGN_STATE_OBJECTED) {
          return absl::InvalidArgumentError("answer is AGREED or OBJECTED");
        }
        if (c.state() == v1::COUNTERSIGN_STATE_DEEMED_NO_OBJECTION) {
          // DOC-10: a late reply is kept as a comment and does not reopen the countersign.
          c.set_late_comment(
              absl::StrCat(v1::CountersignState_Name(req->answer()), ": ", req->opinion(), " ", req->reasons()));
          return absl::OkStatus();
        }
        if (c.state() != v1::COUNTERSIGN_STATE_PENDING) {
          return absl::FailedPreconditionError(absl::StrCat(req->name(), " was already answered"));
        }
        if (req->answer() == v1::COUNTERSIGN_STATE_OBJECTED && req->reasons().empty()) {
          return call.policy.Refuse(absl::StatusCode::kInvalidArgument, "DOC-09", "不同意的应当说明理由",
                                    "an objection states its reasons", "reasons");
        }
        c.set_state(req->answer());
        c.set_opinion(req->opinion());
        c.set_reasons(req->reasons());
        c.set_replied_by(call.actor());
        *c.mutable_reply_time() = ToProtoTime(call.now);
        RETURN_IF_ERROR(CancelTimer(call.tx, "countersign.deemed", c.name()));
        return CancelTimer(call.tx, "countersign.reminder", c.name());
      });
}

grpc::Status DocumentHandler::AgreeCountersignDeadline(grpc::ServerContext* ctx,
                                                       const v1::AgreeCountersignDeadlineRequest* req,
                                                       v1::Countersign* resp) {
  return CountersignStep(
      ctx, "AgreeCountersignDeadline", req->request_id(), *req, resp, req->name(), req->etag(),
      [&](Call& call, v1::Countersign& c, Note& note) -> absl::Status {
        if (c.state() != v1::COUNTERSIGN_STATE_PENDING) {
          return absl::FailedPreconditionError(absl::StrCat(req->name(), " is no longer pending"));
        }
        if (!IsValidProtoDate(req->new_deadline()) || FromProtoDate(req->new_deadline()) < call.today) {
          return absl::InvalidArgumentError("new_deadline must be a real date, today or later");
        }
        if (req->note().empty()) {
          return call.policy.Refuse(absl::StatusCode::kInvalidArgument, "DOC-10", "特殊情况须与牵头部门协商一致并记录",
                                    "record the agreement with the lead department", "note");
        }
        const absl::CivilDay day = FromProtoDate(req->new_deadline());
        c.set_deadline_agreed(true);
        c.set_agreement_note(req->note());
        c.mutable_deadline()->set_working_days(0);
        *c.mutable_deadline()->mutable_deadline() = req->new_deadline();
        c.mutable_deadline()->set_text_zh(
            absl::StrCat("经与牵头部门协商一致，回复期限改为", absl::FormatCivilTime(day)));
        c.mutable_deadline()->set_text_en(
            absl::StrCat("deadline agreed with the lead department: ", absl::FormatCivilTime(day)));
        *c.mutable_deadline_time() = ToProtoTime(DeadlinePassesAt(day));
        EventDeadline agreed;
        agreed.explanation.deadline = day;
        agreed.explanation.calendar_version = call.calendar->version();
        note.detail = req->note();
        return ScheduleCountersignTimers(call, c, agreed);
      });
}

// --- handling items -----------------------------------------------------------------------------

absl::Status DocumentHandler::CreateHandlingItemFor(Call& call, v1::HandlingItem& item) {
  item.set_state(v1::HANDLING_STATE_OPEN);
  RETURN_IF_ERROR(store_.InsertHandlingItem(call.tx, item).status());
  RETURN_IF_ERROR(
      ScheduleTimer(call.tx, "handling.breach", item.name(), DeadlinePassesAt(FromProtoDate(item.deadline()))));
  return Audit(call, item.name(), "CreateHandlingItem", "DOC-23", nullptr, item, item.task());
}

grpc::Status DocumentHandler::CreateHandlingItem(grpc::ServerContext* ctx, const v1::CreateHandlingItemRequest* req,
                                                 v1::HandlingItem* resp) {
  return Mutate(ctx, "CreateHandlingItem", req->request_id(), *req, resp, [&](Call& call) -> absl::Status {
    v1::HandlingItem item = req->item();
    if (item.source() == v1::HANDLING_SOURCE_UNSPECIFIED) return absl::InvalidArgumentError("item.source is required");
    if (!IsValidProtoDate(item.deadline())) return absl::InvalidArgumentError("item.deadline must be a real date");
    if (item.task().empty()) return absl::InvalidArgumentError("item.task is required");
    RETURN_IF_ERROR(org_->UnitOn(ctx, item.handling_unit(), call.now).status());
    ASSIGN_OR_RETURN(me, Me(ctx, call));
    if (item.source() == v1::HANDLING_SOURCE_LEADER_INSTRUCTION) {
      if (item.instructing_leader().empty()) item.set_instructing_leader(me.official);
      if (item.instructing_leader() != me.official && !me.Has("R-OFFICE") && !me.Has("R-SUP")) {
        return absl::PermissionDeniedError(
            "a leader's instruction is recorded by the leader, the office or supervision");
      }
    } else if (!me.Has("R-OFFICE") && !me.Has("R-SUP")) {
      return absl::PermissionDeniedError("higher-level items are registered by the office or supervision");
    }
    item.clear_extensions();
    RETURN_IF_ERROR(CreateHandlingItemFor(call, item));
    *resp = item;
    return absl::OkStatus();
  });
}

grpc::Status DocumentHandler::GetHandlingItem(grpc::ServerContext* ctx, const v1::GetHandlingItemRequest* req,
                                              v1::HandlingItem* resp) {
  return Fetch<v1::HandlingItem>(ctx, req->name(), "handlingItems", resp,
                                 [this](Tx& tx, int64_t id) { return store_.GetHandlingItem(tx, id); });
}

grpc::Status DocumentHandler::ListHandlingItems(grpc::ServerContext* ctx, const v1::ListHandlingItemsRequest* req,
                                                v1::ListHandlingItemsResponse* resp) {
  return Read(ctx, [&](Call& call) -> absl::Status {
    std::optional<absl::CivilDay> due_by;
    if (req->has_due_by()) {
      if (!IsValidProtoDate(req->due_by())) return absl::InvalidArgumentError("due_by must be a real date");
      due_by = FromProtoDate(req->due_by());
    }
    ASSIGN_OR_RETURN(page, ParsePage(req->page_size(), req->page_token(), "handlingItems"));
    ASSIGN_OR_RETURN(result, store_.ListHandlingItems(call.tx, req->handling_unit(), req->state(), due_by, page));
    for (auto& item : result.items) *resp->add_items() = std::move(item);
    resp->set_next_page_token(result.next_page_token);
    return absl::OkStatus();
  });
}

grpc::Status DocumentHandler::ExtendHandlingItem(grpc::ServerContext* ctx, const v1::ExtendHandlingItemRequest* req,
                                                 v1::HandlingItem* resp) {
  return HandlingStep(
      ctx, "ExtendHandlingItem", req->request_id(), *req, resp, req->name(), req->etag(),
      [&](Call& call, v1::HandlingItem& item, Note& note) -> absl::Status {
        ASSIGN_OR_RETURN(me, Me(ctx, call));
        ExtensionContext ec{me, item.instructing_leader()};
        ASSIGN_OR_RETURN(extension, CheckExtension(item, req->explanation(), req->new_deadline(),
                                                   req->override_reason(), ec, call.now, call.policy));
        *item.add_extensions() = extension;
        *item.mutable_deadline() = req->new_deadline();
        if (item.state() == v1::HANDLING_STATE_BREACHED) item.set_state(v1::HANDLING_STATE_OPEN);
        note.detail = extension.override() ? absl::StrCat("override beyond the limit: ", extension.override_reason())
                                           : extension.explanation();
        return ScheduleTimer(call.tx, "handling.breach", item.name(), DeadlinePassesAt(FromProtoDate(item.deadline())));
      });
}

grpc::Status DocumentHandler::CompleteHandlingItem(grpc::ServerContext* ctx, const v1::CompleteHandlingItemRequest* req,
                                                   v1::HandlingItem* resp) {
  return HandlingStep(ctx, "CompleteHandlingItem", req->request_id(), *req, resp, req->name(), req->etag(),
                      [&](Call& call, v1::HandlingItem& item, Note&) -> absl::Status {
                        ASSIGN_OR_RETURN(me, Me(ctx, call));
                        if (!me.InUnit(item.handling_unit()) && !me.Has("R-OFFICE")) {
                          return absl::PermissionDeniedError("the handling unit or the office records completion");
                        }
                        if (item.state() == v1::HANDLING_STATE_COMPLETED) {
                          return absl::FailedPreconditionError("already completed");
                        }
                        item.set_state(v1::HANDLING_STATE_COMPLETED);
                        *item.mutable_complete_time() = ToProtoTime(call.now);
                        return CancelTimer(call.tx, "handling.breach", item.name());
                      });
}

// --- normative documents ------------------------------------------------------------------------

grpc::Status DocumentHandler::RecordLegalityReview(grpc::ServerContext* ctx, const v1::RecordLegalityReviewRequest* req,
                                                   v1::Document* resp) {
  return Step(ctx, "RecordLegalityReview", req->request_id(), *req, resp, req->name(), req->etag(), "DOC-27",
              [&](Call& call, v1::Document& d, Note& note) -> absl::Status {
                ASSIGN_OR_RETURN(me, Me(ctx, call));
                if (!me.Has("R-JB")) {
                  return call.policy.Refuse(absl::StatusCode::kPermissionDenied, "DOC-27", "合法性审查由县司法局作出",
                                            "the judicial bureau reviews legality");
                }
                if (d.kind() != v1::DOCUMENT_KIND_NORMATIVE) {
                  return absl::FailedPreconditionError("legality reviews are for normative documents");
                }
                if (req->result() == v1::LEGALITY_RESULT_UNSPECIFIED) {
                  return absl::InvalidArgumentError("result is LAWFUL or UNLAWFUL");
                }
                if (req->result() == v1::LEGALITY_RESULT_LAWFUL && !req->no_prohibited_content_attested()) {
                  return call.policy.Refuse(absl::StatusCode::kInvalidArgument, "DOC-27",
                                            "须确认未设定行政许可、行政处罚、行政强制，未减损权利或增加义务",
                                            "a LAWFUL result attests no licensing, penalty or compulsory measure and "
                                            "no reduced rights or added obligations",
                                            "no_prohibited_content_attested");
                }
                if (req->result() == v1::LEGALITY_RESULT_UNLAWFUL && req->opinion().empty()) {
                  return absl::InvalidArgumentError("an UNLAWFUL result states why (opinion)");
                }
                auto* n = d.mutable_normative();
                n->set_legality(req->result());
                n->set_legality_reviewer(me.official);
                n->set_legality_opinion(req->opinion());
                n->set_no_prohibited_content_attested(req->no_prohibited_content_attested());
                *n->mutable_legality_time() = ToProtoTime(call.now);
                return absl::OkStatus();
              });
}

grpc::Status DocumentHandler::FileNormativeDocument(grpc::ServerContext* ctx,
                                                    const v1::FileNormativeDocumentRequest* req, v1::Document* resp) {
  return Step(ctx, "FileNormativeDocument", req->request_id(), *req, resp, req->name(), req->etag(), "DOC-28",
              [&](Call& call, v1::Document& d, Note& note) -> absl::Status {
                ASSIGN_OR_RETURN(me, Me(ctx, call));
                if (!me.Has("R-OFFICE") && !me.Has("R-JB")) {
                  return absl::PermissionDeniedError("filings are recorded by the office or the judicial bureau");
                }
                if (d.issuing_name() != v1::ISSUING_NAME_DEPARTMENT || d.state() != v1::DOCUMENT_STATE_ISSUED) {
                  return absl::FailedPreconditionError("only an issued departmental normative document is filed");
                }
                if (d.normative().has_filing_time()) return absl::FailedPreconditionError("already filed");
                *d.mutable_normative()->mutable_filing_time() = ToProtoTime(call.now);
                return CancelTimer(call.tx, "normative.filing_due", d.name());
              });
}

grpc::Status DocumentHandler::SetNormativeStatus(grpc::ServerContext* ctx, const v1::SetNormativeStatusRequest* req,
                                                 v1::Document* resp) {
  const std::string rule = req->status() == v1::NORMATIVE_STATUS_SUSPENDED ? "DOC-29" : "DOC-30";
  return Step(ctx, "SetNormativeStatus", req->request_id(), *req, resp, req->name(), req->etag(), rule,
              [&](Call& call, v1::Document& d, Note& note) -> absl::Status {
                ASSIGN_OR_RETURN(me, Me(ctx, call));
                if (!me.Has("R-JB") && !me.Has("R-CH")) {
                  return absl::PermissionDeniedError("the judicial bureau (clean-up) or the county head decides");
                }
                if (d.kind() != v1::DOCUMENT_KIND_NORMATIVE || d.state() != v1::DOCUMENT_STATE_ISSUED) {
                  return absl::FailedPreconditionError("only an issued normative document has a status");
                }
                if (req->status() == v1::NORMATIVE_STATUS_UNSPECIFIED)
                  return absl::InvalidArgumentError("status is required");
                if (req->reason().empty()) return absl::InvalidArgumentError("reason is required");
                d.mutable_normative()->set_status(req->status());
                d.mutable_normative()->set_status_reason(req->reason());
                *d.mutable_normative()->mutable_last_reviewed() = ToProtoDate(call.today);
                return absl::OkStatus();
              });
}

grpc::Status DocumentHandler::ListNormativeCatalogue(grpc::ServerContext* ctx,
                                                     const v1::ListNormativeCatalogueRequest* req,
                                                     v1::ListDocumentsResponse* resp) {
  return Read(ctx, [&](Call& call) -> absl::Status {
    ASSIGN_OR_RETURN(page, ParsePage(req->page_size(), req->page_token(), "documents"));
    DocumentFilter filter;
    filter.normative_catalogue = true;
    ASSIGN_OR_RETURN(result, store_.ListDocuments(call.tx, filter, page));
    const int months = call.policy.proto().normdoc().cleanup_months().months();
    for (v1::Document& d : result.items) {
      if (d.kind() != v1::DOCUMENT_KIND_NORMATIVE || IsClassified(d)) continue;
      const absl::CivilDay reviewed = FromProtoDate(d.normative().last_reviewed());
      if (absl::CivilMonth(call.today) - absl::CivilMonth(reviewed) >= months) {
        *d.add_warnings()->mutable_violation() = call.policy.Explain(
            "DOC-30", absl::StrCat("逾", months, "个月未清理"), absl::StrCat("not reviewed for ", months, " months"));
      }
      *resp->add_documents() = std::move(d);
    }
    resp->set_next_page_token(result.next_page_token);
    return absl::OkStatus();
  });
}

// --- timers -------------------------------------------------------------------------------------

void DocumentHandler::RegisterBackgroundWork(Platform& platform) {
  // A new calendar (next year's notice) moves pending countersign deadlines counted in it.
  platform.OnCalendarChange([this](const CalendarUpdate& update) {
    return db_.Transact([&](Tx& tx) {
      return AsSystem(
          tx,
          [&](Call& call) -> absl::Status {
            PageRequest page{500, 0};
            for (;;) {
              ASSIGN_OR_RETURN(batch,
                               store_.ListCountersigns(tx, 0, "", v1::COUNTERSIGN_STATE_PENDING, page, std::nullopt));
              for (const v1::Countersign& c : batch.items) {
                std::optional<v1::Countersign> moved = RecomputeCountersign(c, *update.previous, *update.current);
                if (!moved.has_value()) continue;
                ASSIGN_OR_RETURN(id, NumericIdOf(c.name(), "countersigns"));
                ASSIGN_OR_RETURN(current, store_.GetCountersign(tx, id));
                RETURN_IF_ERROR(store_.UpdateCountersign(tx, id, current.version, *moved));
                EventDeadline deadline;
                deadline.explanation.deadline = FromProtoDate(moved->deadline().deadline());
                deadline.explanation.calendar_version = update.current->version();
                RETURN_IF_ERROR(ScheduleCountersignTimers(call, *moved, deadline));
                RETURN_IF_ERROR(Audit(call, c.name(), "DeadlineRecomputed", "DOC-10", &current.value, *moved,
                                      moved->deadline().text_zh()));
              }
              if (batch.next_page_token.empty() || batch.items.empty()) break;
              ASSIGN_OR_RETURN(last, NumericIdOf(batch.items.back().name(), "countersigns"));
              page.after_id = last;
            }
            return absl::OkStatus();
          },
          update.current);
    });
  });
  TimerRunner& timers = platform.timers();
  timers.Register("countersign.deemed", [this](Tx& tx, const Timer& timer) {
    return AsSystem(tx, [&](Call& call) -> absl::Status {
      ASSIGN_OR_RETURN(id, NumericIdOf(timer.subject, "countersigns"));
      ASSIGN_OR_RETURN(current, store_.GetCountersign(tx, id));
      if (current.value.state() != v1::COUNTERSIGN_STATE_PENDING) return absl::OkStatus();
      v1::Countersign before = current.value;
      v1::Countersign& c = current.value;
      c.set_state(v1::COUNTERSIGN_STATE_DEEMED_NO_OBJECTION);
      RETURN_IF_ERROR(store_.UpdateCountersign(tx, id, current.version, c));
      v1::CountersignDeemed event;  // notifies both the lead and the silent department
      *event.mutable_countersign() = c;
      RETURN_IF_ERROR(Publish(call, c.name(), event));
      return Audit(call, c.name(), "CountersignDeemedNoObjection", "DOC-10", &before, c,
                   absl::StrCat("逾期不回复视为无不同意见；overdue recorded against ", c.requested_unit(), "; due ",
                                absl::FormatTime(timer.due_at)));
    });
  });
  timers.Register("countersign.reminder", [this](Tx& tx, const Timer& timer) {
    return AsSystem(tx, [&](Call& call) -> absl::Status {
      ASSIGN_OR_RETURN(id, NumericIdOf(timer.subject, "countersigns"));
      ASSIGN_OR_RETURN(current, store_.GetCountersign(tx, id));
      if (current.value.state() != v1::COUNTERSIGN_STATE_PENDING) return absl::OkStatus();
      v1::CountersignReminder event;
      *event.mutable_countersign() = current.value;
      return Publish(call, current.value.name(), event);
    });
  });
  timers.Register("handling.breach", [this](Tx& tx, const Timer& timer) {
    return AsSystem(tx, [&](Call& call) -> absl::Status {
      ASSIGN_OR_RETURN(id, NumericIdOf(timer.subject, "handlingItems"));
      ASSIGN_OR_RETURN(current, store_.GetHandlingItem(tx, id));
      if (current.value.state() != v1::HANDLING_STATE_OPEN) return absl::OkStatus();
      v1::HandlingItem before = current.value;
      v1::HandlingItem& item = current.value;
      item.set_state(v1::HANDLING_STATE_BREACHED);
      RETURN_IF_ERROR(store_.UpdateHandlingItem(tx, id, current.version, item));
      v1::TimeLimitBreached event;  // ESCALATE to supervision
      *event.mutable_item() = item;
      RETURN_IF_ERROR(Publish(call, item.name(), event));
      return Audit(call, item.name(), "TimeLimitBreached", "DOC-23", &before, item);
    });
  });
  timers.Register("normative.filing_due", [this](Tx& tx, const Timer& timer) {
    return AsSystem(tx, [&](Call& call) -> absl::Status {
      ASSIGN_OR_RETURN(id, NumericIdOf(timer.subject, "documents"));
      ASSIGN_OR_RETURN(current, store_.GetDocument(tx, id));
      if (current.value.normative().has_filing_time()) return absl::OkStatus();
      v1::NormativeFilingOverdue event;  // ESCALATE to the judicial bureau and supervision
      *event.mutable_document() = Registration(current.value);
      RETURN_IF_ERROR(Publish(call, current.value.name(), event));
      return Audit(call, current.value.name(), "NormativeFilingOverdue", "DOC-28", nullptr, current.value);
    });
  });
}

}  // namespace xianfu::document
