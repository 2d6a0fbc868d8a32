#include "supervision-svc/domain/ledger.h"

#include <algorithm>
#include <random>

#include "absl/strings/str_cat.h"
#include "common/deadline_proto.h"
#include "common/errors.h"
#include "common/escalations.h"

namespace xianfu::supervision {
namespace {

absl::Time StartOf(absl::CivilDay day) { return absl::FromCivil(absl::CivilSecond(day), ChinaTimeZone()); }

absl::Status RequireState(const v1::Task& t, std::initializer_list<v1::TaskState> states, absl::string_view step,
                          absl::string_view rule, const Policy& policy) {
  if (std::find(states.begin(), states.end(), t.state()) != states.end()) return absl::OkStatus();
  return policy.Refuse(absl::StatusCode::kFailedPrecondition, rule,
                       absl::StrCat(t.name(), "当前为", v1::TaskState_Name(t.state()), "，不能", step),
                       absl::StrCat(t.name(), " is ", v1::TaskState_Name(t.state()), ": it cannot be ", step));
}

// Reminders before the deadline (policy supervision.reminders) and the overdue escalation.
void ArmTimers(const v1::Task& t, absl::CivilDay deadline, const Env& env, Effects& fx) {
  const auto& reminders = env.policy->proto().supervision().reminders();
  for (int before : reminders.days_before()) {
    const absl::CivilDay day = ReminderDay(reminders, deadline, before, *env.calendar);
    if (StartOf(day) <= env.now) continue;
    fx.SetTimer(absl::StrCat(kReminderTimer, ".", before), t.name(), StartOf(day), env.calendar->version());
  }
  fx.SetTimer(kOverdueTimer, t.name(), DeadlinePassesAt(deadline), env.calendar->version());
}

void CancelTimers(const v1::Task& t, const Env& env, Effects& fx) {
  for (int before : env.policy->proto().supervision().reminders().days_before()) {
    fx.CancelTimer(absl::StrCat(kReminderTimer, ".", before), t.name());
  }
  fx.CancelTimer(kOverdueTimer, t.name());
  fx.CancelTimer(kSecondEscalationTimer, t.name());
  fx.CancelTimer(kProgressTimer, t.name());
}

// The next reporting period of a task with progress_interval_wd, from now.
void StartProgressPeriod(v1::Task& t, const Env& env, Effects& fx) {
  const absl::Time due = StartOf(env.calendar->AddWorkingDays(env.today, t.progress_interval_wd()).day);
  *t.mutable_progress_period_start() = ToProtoTime(env.now);
  *t.mutable_next_progress_due() = ToProtoTime(due);
  fx.SetTimer(kProgressTimer, t.name(), due, env.calendar->version());
}

// Titles are at most 200 characters (not bytes): cut at the 200th character's end.
std::string Title(const std::string& text) {
  std::string title = text;
  int chars = 0;
  for (size_t i = 0; i < title.size(); ++i) {
    if ((static_cast<unsigned char>(title[i]) & 0xC0) != 0x80 && ++chars > 200) {
      title.resize(i);
      break;
    }
  }
  return title;
}

absl::CivilDay Due(const v1::Task& t) {
  return FromProtoDate(t.state() == v1::TASK_STATE_RECTIFICATION ? t.rectification_deadline() : t.deadline());
}

}  // namespace

std::vector<std::string> Draw(std::vector<std::string> population, uint64_t seed, int sample_size) {
  std::sort(population.begin(), population.end());
  // mt19937_64's output is fixed by the C++ standard; the distributions of <random> are not, so
  // the index is taken from the raw output.
  std::mt19937_64 rng(seed);
  const size_t n = population.size();
  const size_t k = std::min<size_t>(n, sample_size < 0 ? 0 : sample_size);
  for (size_t i = 0; i < k; ++i) std::swap(population[i], population[i + rng() % (n - i)]);
  population.resize(k);
  return population;
}

bool IsOpen(const v1::Task& t) { return t.state() != v1::TASK_STATE_VERIFIED && t.state() != v1::TASK_STATE_CLOSED; }

bool NeedsPlanItem(const v1::Task& t) { return t.origin() == v1::TASK_ORIGIN_UNSPECIFIED; }

absl::Status OpenTask(v1::Task& t, const org::Unit& lead, const std::string& supervisor, const std::string& actor,
                      const Env& env, Effects& fx, const OversightContacts& contacts) {
  const Policy& policy = *env.policy;
  t.clear_also_escalate_to();
  t.clear_published_at();
  t.clear_publish_time();
  t.clear_release_due();
  t.clear_progress_period_start();
  t.clear_next_progress_due();
  t.set_progress_reports_missed(0);
  if (t.progress_interval_wd() < 0) {
    return absl::InvalidArgumentError("task.progress_interval_wd: 0 (none) or a number of working days");
  }
  if (t.progress_interval_wd() > 0) StartProgressPeriod(t, env, fx);
  if (t.origin() == v1::TASK_ORIGIN_NPC_FILING && !t.has_deadline()) {
    // SUP-01: 依法备案 within npc.filing_days calendar days.
    *t.mutable_deadline() = ToProtoDate(env.today + policy.proto().npc().filing_days().days());
  }
  if (t.origin() == v1::TASK_ORIGIN_EMERGENCY_OPINION) {
    if (!t.has_deadline()) *t.mutable_deadline() = ToProtoDate(env.today);
    const absl::Time due = env.now + absl::Hours(policy.proto().deadlines().emergency_release_hours().hours());
    *t.mutable_release_due() = ToProtoTime(due);
    for (const std::string* who : {&contacts.spokesperson, &contacts.office_director}) {
      if (!who->empty()) t.add_also_escalate_to(*who);
    }
    fx.SetTimer(kReleaseTimer, t.name(), due);
  }
  if (t.origin() == v1::TASK_ORIGIN_COURT_JUDGMENT && !contacts.county_head.empty()) {
    t.add_also_escalate_to(contacts.county_head);
  }
  if (t.category() == v1::TASK_CATEGORY_UNSPECIFIED) {
    return policy.Refuse(absl::StatusCode::kInvalidArgument, "SUP-11", "督查任务须注明来源类别(第五十九条)",
                         "a task names its category (art. 59)", "task.category");
  }
  RETURN_IF_ERROR(RequiredDate(t.deadline(), "task.deadline").status());
  // SUP-08: the lead unit's principal head answers for it.
  if (lead.principal_head.empty()) {
    return policy.Refuse(absl::StatusCode::kFailedPrecondition, "SUP-08",
                         absl::StrCat(lead.display_name, "无主要负责人，无法确定第一责任人"),
                         absl::StrCat(lead.unit, " has no principal head to be the first responsible person"),
                         "task.lead_unit");
  }
  if (t.first_responsible().empty()) t.set_first_responsible(lead.principal_head);
  if (t.first_responsible() != lead.principal_head) {
    return policy.Refuse(
        absl::StatusCode::kInvalidArgument, "SUP-08",
        absl::StrCat("第一责任人应为牵头单位主要负责人(", lead.principal_head, ")"),
        absl::StrCat("the first responsible person is the lead unit's principal head (", lead.principal_head, ")"),
        "task.first_responsible");
  }
  for (const std::string& co : t.co_units()) {
    if (co == t.lead_unit()) {
      return absl::InvalidArgumentError("task.co_units: the lead unit is not also a co-unit");
    }
  }
  t.set_leader_in_charge(lead.primary_leader);
  t.set_supervisor(supervisor);
  t.set_state(v1::TASK_STATE_ASSIGNED);
  t.set_overdue(false);
  t.set_created_by(actor);
  *t.mutable_create_time() = ToProtoTime(env.now);
  ArmTimers(t, FromProtoDate(t.deadline()), env, fx);
  return absl::OkStatus();
}

v1::Task TaskFromDecision(const meeting::v1::Decision& d, const std::string& event_id, const Env& env) {
  v1::Task t;
  const std::string text = d.document_title().empty() ? d.text() : absl::StrCat("印发《", d.document_title(), "》");
  const std::string title = Title(text);
  t.set_title(title.empty() ? d.name() : title);
  t.set_description(d.text());
  t.set_category(d.major() ? v1::TASK_CATEGORY_COUNTY_MAJOR_DECISION
                           : v1::TASK_CATEGORY_WORK_REPORT_TARGET_OR_MEETING_DECISION);
  t.set_lead_unit(d.responsible_unit());
  if (!d.responsible_official().empty()) t.set_first_responsible(d.responsible_official());
  if (d.has_issue_deadline()) {
    *t.mutable_deadline() = d.issue_deadline().deadline();
    *t.mutable_deadline_explanation() = d.issue_deadline();
  } else if (d.has_due_date()) {
    *t.mutable_deadline() = d.due_date();
  } else {
    const absl::CivilDay from = d.has_decide_date() ? FromProtoDate(d.decide_date()) : env.today;
    *t.mutable_deadline_explanation() =
        ToProto(env.calendar->Explain(from, env.policy->proto().supervision().default_task_wd().days()));
    *t.mutable_deadline() = t.deadline_explanation().deadline();
  }
  t.mutable_source()->set_service("meeting");
  t.mutable_source()->set_name(d.name());
  t.mutable_source()->set_event_id(event_id);
  return t;
}

void SourceResolved(v1::Task& t, const std::string& what, const Env& env) {
  t.set_source_resolved(true);
  v1::ProgressReport* p = t.add_progress();
  p->set_text(what);
  p->set_by(t.source().service());
  *p->mutable_time() = ToProtoTime(env.now);
}

v1::Task TaskFromHandlingItem(const document::v1::HandlingItem& item, const std::string& event_id) {
  v1::Task t;
  const std::string title = Title(item.task());
  t.set_title(title.empty() ? item.name() : title);
  t.set_description(item.reference().empty() ? item.task() : absl::StrCat(item.reference(), "：", item.task()));
  t.set_category(item.source() == document::v1::HANDLING_SOURCE_LEADER_INSTRUCTION
                     ? v1::TASK_CATEGORY_LEADER_INSTRUCTION
                     : v1::TASK_CATEGORY_HIGHER_LEVEL_ASSIGNMENT);
  t.set_lead_unit(item.handling_unit());
  *t.mutable_deadline() = item.deadline();
  t.mutable_source()->set_service("document");
  t.mutable_source()->set_name(item.name());
  t.mutable_source()->set_event_id(event_id);
  return t;
}

v1::Task TaskFromNormativeIssue(const document::v1::Document& document, absl::CivilDay issued,
                                const std::string& event_id, const Policy& policy) {
  v1::Task t;
  const std::string title = Title(absl::StrCat("报县人大常委会备案：《", document.title(), "》"));
  t.set_title(title);
  t.set_category(v1::TASK_CATEGORY_COUNTY_MAJOR_DECISION);
  t.set_origin(v1::TASK_ORIGIN_NPC_FILING);
  *t.mutable_deadline() = ToProtoDate(issued + policy.proto().npc().filing_days().days());
  t.mutable_source()->set_service("document");
  t.mutable_source()->set_name(document.name());
  t.mutable_source()->set_event_id(event_id);
  return t;
}

void ExtendedAtSource(v1::Task& t, const document::v1::HandlingItem& item, const Env& env, Effects& fx) {
  bool moved = false;
  for (int i = t.extensions_size(); i < item.extensions_size(); ++i) {
    const document::v1::Extension& e = item.extensions(i);
    v1::TaskExtension* logged = t.add_extensions();
    *logged->mutable_previous_deadline() = t.deadline();
    *logged->mutable_new_deadline() = e.new_deadline();
    logged->set_explanation(e.explanation());
    logged->set_consented_by(e.consented_by());
    logged->set_beyond_limit(e.override());
    *logged->mutable_time() = e.time();
    *t.mutable_deadline() = e.new_deadline();
    t.clear_deadline_explanation();  // a date agreed at the source: a new calendar leaves it
    moved = true;
  }
  if (!moved || !IsOpen(t) || t.state() == v1::TASK_STATE_REPORTED_DONE) return;
  t.set_overdue(false);
  if (t.state() != v1::TASK_STATE_RECTIFICATION) ArmTimers(t, FromProtoDate(t.deadline()), env, fx);
}

void CompletedAtSource(v1::Task& t, const document::v1::HandlingItem& item, const Env& env, Effects& fx) {
  SourceResolved(t, item.declined_reason().empty() ? "办结" : absl::StrCat("不予办理：", item.declined_reason()), env);
  if (t.state() != v1::TASK_STATE_ASSIGNED && t.state() != v1::TASK_STATE_IN_PROGRESS) return;
  t.set_state(v1::TASK_STATE_REPORTED_DONE);
  t.set_done_summary(item.declined_reason().empty() ? absl::StrCat(item.name(), " 已办结")
                                                    : absl::StrCat(item.name(), " 不予办理：", item.declined_reason()));
  *t.mutable_done_date() = ToProtoDate(
      item.has_complete_time() ? absl::ToCivilDay(FromProtoTime(item.complete_time()), ChinaTimeZone()) : env.today);
  CancelTimers(t, env, fx);
}

std::string LatenessRule(const v1::Task& t) {
  if (t.source().service() == "document" && t.origin() == v1::TASK_ORIGIN_UNSPECIFIED) return "DOC-23";
  switch (t.origin()) {
    case v1::TASK_ORIGIN_NPC_FILING:
    case v1::TASK_ORIGIN_NPC_INQUIRY:
      return "SUP-01";
    case v1::TASK_ORIGIN_OVERSIGHT_FINDING:
    case v1::TASK_ORIGIN_COURT_JUDGMENT:
      return "SUP-03";
    default:
      return "SUP-10";
  }
}

absl::Status RecordPublication(v1::Task& t, const std::string& published_at, const Env& env, Effects& fx) {
  if (t.state() == v1::TASK_STATE_CLOSED) return absl::FailedPreconditionError(t.name() + " is closed");
  t.set_published_at(published_at);
  *t.mutable_publish_time() = ToProtoTime(env.now);
  if (t.origin() == v1::TASK_ORIGIN_EMERGENCY_OPINION) {
    fx.CancelTimer(kReleaseTimer, t.name());
    if (t.has_release_due() && env.now > FromProtoTime(t.release_due())) {
      *t.add_warnings()->mutable_violation() = env.policy->Explain(
          "SUP-17", "权威信息发布晚于规定时限", "the authoritative release came after its time limit");
    }
  }
  return absl::OkStatus();
}

absl::Status ReleaseOverdue(const Versioned<v1::Task>& current, const Env& env, const Namer& names, Effects& fx) {
  const v1::Task& before = current.value;
  if (!before.published_at().empty() || before.state() == v1::TASK_STATE_CLOSED) return absl::OkStatus();
  v1::Task t = before;
  const int hours = env.policy->proto().deadlines().emergency_release_hours().hours();
  *t.add_warnings()->mutable_violation() =
      env.policy->Explain("SUP-17", absl::StrCat("重大突发事件", hours, "小时内未发布权威信息"),
                          absl::StrCat("no authoritative release within ", hours, " hours of the emergency"));
  fx.Update(t, current.version);
  fx.Audit(t.name(), "ReleaseOverdue", "SUP-17", &before, t);
  std::vector<std::string> to(t.also_escalate_to().begin(), t.also_escalate_to().end());
  if (to.empty()) to.push_back(t.supervisor());
  return EscalateEach(
      to,
      {.rule_id = "SUP-17",
       .subject = t.name(),
       .raised_by = "supervision-svc",
       .message_zh = absl::StrCat("《", t.title(), "》未在", hours, "小时内发布权威信息"),
       .message_en = absl::StrCat("no authoritative release for \"", t.title(), "\" within ", hours, " hours")},
      env, names, fx);
}

absl::Status ReportProgress(v1::Task& t, const std::string& text, const Person& me, const Env& env) {
  RETURN_IF_ERROR(RequireState(t, {v1::TASK_STATE_ASSIGNED, v1::TASK_STATE_IN_PROGRESS, v1::TASK_STATE_RECTIFICATION},
                               "报告进展", "SUP-09", *env.policy));
  v1::ProgressReport* p = t.add_progress();
  p->set_text(text);
  p->set_by(me.official);
  *p->mutable_time() = ToProtoTime(env.now);
  if (t.state() == v1::TASK_STATE_ASSIGNED) t.set_state(v1::TASK_STATE_IN_PROGRESS);
  return absl::OkStatus();
}

absl::Status ReportDone(v1::Task& t, const std::string& summary, const Person& me, const Env& env) {
  if (t.origin() == v1::TASK_ORIGIN_OVERSIGHT_FINDING) {
    return env.policy->Refuse(absl::StatusCode::kFailedPrecondition, "SUP-03",
                              "监督发现的问题整改后须向县政府报告整改情况(提交整改报告)",
                              "a finding of oversight is done with its rectification report to the county government "
                              "(SubmitRectificationReport)");
  }
  RETURN_IF_ERROR(
      RequireState(t, {v1::TASK_STATE_ASSIGNED, v1::TASK_STATE_IN_PROGRESS}, "报告办结", "SUP-09", *env.policy));
  t.set_done_summary(summary);
  t.set_state(v1::TASK_STATE_REPORTED_DONE);
  *t.mutable_done_date() = ToProtoDate(env.today);
  return absl::OkStatus();
}

absl::Status Verify(v1::Task& t, bool passed, const std::string& finding,
                    std::optional<absl::CivilDay> rectification_deadline, const Person& me, const Env& env,
                    Effects& fx) {
  RETURN_IF_ERROR(RequireState(t, {v1::TASK_STATE_REPORTED_DONE}, "核查", "SUP-09", *env.policy));
  t.set_verified_by(me.official);
  t.set_finding(finding);
  if (passed) {
    t.set_state(v1::TASK_STATE_VERIFIED);
    CancelTimers(t, env, fx);
    return absl::OkStatus();
  }
  if (!rectification_deadline.has_value() || *rectification_deadline < env.today) {
    return env.policy->Refuse(absl::StatusCode::kInvalidArgument, "SUP-16", "整改须明确不早于今日的期限",
                              "a rectification has a deadline, today or later", "rectification_deadline");
  }
  t.set_state(v1::TASK_STATE_RECTIFICATION);
  *t.mutable_rectification_deadline() = ToProtoDate(*rectification_deadline);
  t.clear_rectification_report();
  t.set_overdue(false);
  ArmTimers(t, *rectification_deadline, env, fx);
  return absl::OkStatus();
}

absl::Status SubmitRectification(v1::Task& t, const std::string& report, const Env& env) {
  if (t.origin() == v1::TASK_ORIGIN_OVERSIGHT_FINDING) {
    RETURN_IF_ERROR(RequireState(t, {v1::TASK_STATE_ASSIGNED, v1::TASK_STATE_IN_PROGRESS, v1::TASK_STATE_RECTIFICATION},
                                 "提交整改报告", "SUP-03", *env.policy));
  } else {
    RETURN_IF_ERROR(RequireState(t, {v1::TASK_STATE_RECTIFICATION}, "提交整改报告", "SUP-16", *env.policy));
  }
  t.set_rectification_report(report);
  t.set_state(v1::TASK_STATE_REPORTED_DONE);
  if (!t.has_done_date()) *t.mutable_done_date() = ToProtoDate(env.today);
  return absl::OkStatus();
}

absl::Status Close(v1::Task& t, const Env& env, Effects& fx) {
  if (t.state() == v1::TASK_STATE_RECTIFICATION && t.rectification_report().empty()) {
    return env.policy->Refuse(absl::StatusCode::kFailedPrecondition, "SUP-16",
                              "整改事项须向县政府报告整改情况后方可销号",
                              "a rectification closes only after its report to the county government");
  }
  const Policy& policy = *env.policy;
  if (t.origin() == v1::TASK_ORIGIN_OVERSIGHT_FINDING && t.rectification_report().empty()) {
    return policy.Refuse(absl::StatusCode::kFailedPrecondition, "SUP-03",
                         "监督发现的问题须向县政府报告整改情况后方可销号",
                         "a finding of oversight closes only after its rectification is reported to the county "
                         "government");
  }
  if (t.origin() == v1::TASK_ORIGIN_PUBLIC_REPORT && t.major() && t.published_at().empty()) {
    return policy.Refuse(absl::StatusCode::kFailedPrecondition, "SUP-05", "重大舆论监督事项须公开处理结果后方可销号",
                         "a major issue raised by the public or the media closes only after its result is published");
  }
  if (t.origin() == v1::TASK_ORIGIN_EMERGENCY_OPINION && t.published_at().empty()) {
    return policy.Refuse(absl::StatusCode::kFailedPrecondition, "SUP-17",
                         "重大突发事件须由新闻发言人发布权威信息后方可销号",
                         "an emergency's item closes only after the spokesperson's authoritative release");
  }
  RETURN_IF_ERROR(RequireState(t, {v1::TASK_STATE_VERIFIED}, "销号", "SUP-09", policy));
  t.set_state(v1::TASK_STATE_CLOSED);
  CancelTimers(t, env, fx);
  return absl::OkStatus();
}

absl::Status Remind(const Versioned<v1::Task>& current, int working_days_before, const Env& env, Effects& fx) {
  if (!IsOpen(current.value) || current.value.state() == v1::TASK_STATE_REPORTED_DONE) return absl::OkStatus();
  v1::TaskReminderDue event;
  *event.mutable_task() = current.value;
  event.set_working_days_before(working_days_before);
  fx.Publish(current.value.name(), event);
  return absl::OkStatus();
}

absl::Status MarkOverdue(const Versioned<v1::Task>& current, const Env& env, const Namer& names, Effects& fx) {
  const v1::Task& before = current.value;
  if (!IsOpen(before) || before.state() == v1::TASK_STATE_REPORTED_DONE || before.overdue()) return absl::OkStatus();
  v1::Task t = before;
  t.set_overdue(true);
  const std::string due = absl::FormatCivilTime(Due(t));
  const std::string rule = LatenessRule(t);
  *t.add_warnings()->mutable_violation() = env.policy->Explain(rule, absl::StrCat("督查事项逾期(", due, ")未办结"),
                                                               absl::StrCat("not done by its deadline (", due, ")"));
  fx.Update(t, current.version);
  fx.Audit(t.name(), "TaskOverdue", rule, &before, t);
  // To the unit's first responsible person, the leader in charge and the supervision office.
  // The unit first; the leader in charge and supervision if it is still late some days on.
  const absl::CivilDay further =
      env.calendar->AddWorkingDays(Due(t), env.policy->proto().supervision().second_escalation_wd().days()).day;
  fx.SetTimer(kSecondEscalationTimer, t.name(), DeadlinePassesAt(further), env.calendar->version());
  return EscalateEach({t.first_responsible()},
                      {.rule_id = rule,
                       .subject = t.name(),
                       .raised_by = "supervision-svc",
                       .message_zh = absl::StrCat("督查事项《", t.title(), "》逾期(", due, ")未办结"),
                       .message_en = absl::StrCat("\"", t.title(), "\" is past its deadline (", due, ")")},
                      env, names, fx);
}

absl::Status EscalateFurther(const Versioned<v1::Task>& current, const Env& env, const Namer& names, Effects& fx) {
  const v1::Task& t = current.value;
  if (!IsOpen(t) || t.state() == v1::TASK_STATE_REPORTED_DONE || !t.overdue()) return absl::OkStatus();
  const std::string due = absl::FormatCivilTime(Due(t));
  const int days = env.policy->proto().supervision().second_escalation_wd().days();
  std::vector<std::string> to = {t.leader_in_charge(), t.supervisor()};
  if (t.origin() != v1::TASK_ORIGIN_EMERGENCY_OPINION) {
    to.insert(to.end(), t.also_escalate_to().begin(), t.also_escalate_to().end());
  }
  return EscalateEach(
      to,
      {.rule_id = LatenessRule(t),
       .subject = t.name(),
       .raised_by = "supervision-svc",
       .message_zh = absl::StrCat("督查事项《", t.title(), "》逾期(", due, ")", days, "个工作日仍未办结"),
       .message_en = absl::StrCat("\"", t.title(), "\" is still not done ", days, " working days after its deadline (",
                                  due, ")")},
      env, names, fx);
}

absl::Status ProgressPeriodEnded(const Versioned<v1::Task>& current, const Env& env, const Namer& names, Effects& fx) {
  const v1::Task& before = current.value;
  if (!IsOpen(before) || before.state() == v1::TASK_STATE_REPORTED_DONE || before.progress_interval_wd() <= 0) {
    return absl::OkStatus();
  }
  v1::Task t = before;
  const absl::Time from = FromProtoTime(t.progress_period_start());
  const bool reported = std::any_of(t.progress().begin(), t.progress().end(),
                                    [&](const v1::ProgressReport& p) { return FromProtoTime(p.time()) >= from; });
  StartProgressPeriod(t, env, fx);
  v1::ProgressReportDue event;
  event.set_missed(!reported);
  if (!reported) {
    t.set_progress_reports_missed(t.progress_reports_missed() + 1);
    *t.add_warnings()->mutable_violation() =
        env.policy->Explain("SUP-09", absl::StrCat("未按期报告进展(每", t.progress_interval_wd(), "个工作日)"),
                            absl::StrCat("no progress report in the last ", t.progress_interval_wd(), " working days"));
  }
  fx.Update(t, current.version);
  *event.mutable_task() = t;
  fx.Publish(t.name(), event);
  if (reported) return absl::OkStatus();
  fx.Audit(t.name(), "ProgressReportMissed", "SUP-09", &before, t);
  return EscalateEach({t.first_responsible()},
                      {.rule_id = "SUP-09",
                       .subject = t.name(),
                       .raised_by = "supervision-svc",
                       .message_zh = absl::StrCat("督查事项《", t.title(), "》未按期报告进展"),
                       .message_en = absl::StrCat("no progress report on \"", t.title(), "\" this period")},
                      env, names, fx);
}

absl::Status RearmForCalendar(const Versioned<v1::Task>& current, const CalendarUpdate& update, const Env& env,
                              Effects& fx) {
  const v1::Task& t = current.value;
  if (!IsOpen(t) || t.state() == v1::TASK_STATE_REPORTED_DONE) return absl::OkStatus();
  const Calendar& previous = *update.previous;
  const Calendar& now_calendar = *update.current;
  v1::Task next = t;
  // A deadline the service counted is counted again, until it has passed (then it was overdue
  // under the calendar of its day) or the task went to rectification (a new deadline).
  std::optional<MovedDeadline> moved;
  if (t.has_deadline_explanation() && !t.overdue() && t.state() != v1::TASK_STATE_RECTIFICATION) {
    moved = Recomputed(t.deadline_explanation(), previous, now_calendar);
  }
  if (moved.has_value()) {
    *next.mutable_deadline_explanation() = moved->deadline;
    *next.mutable_deadline() = ToProtoDate(moved->day);
  }
  const absl::CivilDay due_before = Due(t), due_after = Due(next);
  auto move = [&](std::string kind, absl::Time was, absl::Time now_due) {
    fx.MoveTimer(std::move(kind), t.name(), was, now_due, env.now, now_calendar.version());
  };
  const auto& reminders = env.policy->proto().supervision().reminders();
  for (int before : reminders.days_before()) {
    move(absl::StrCat(kReminderTimer, ".", before), StartOf(ReminderDay(reminders, due_before, before, previous)),
         StartOf(ReminderDay(reminders, due_after, before, now_calendar)));
  }
  if (moved.has_value()) move(kOverdueTimer, DeadlinePassesAt(due_before), DeadlinePassesAt(due_after));
  if (t.overdue()) {
    const int days = env.policy->proto().supervision().second_escalation_wd().days();
    move(kSecondEscalationTimer, DeadlinePassesAt(previous.AddWorkingDays(due_before, days).day),
         DeadlinePassesAt(now_calendar.AddWorkingDays(due_after, days).day));
  }
  // SUP-09 限期报告: the current period's end, counted from its start.
  bool period_moved = false;
  if (t.progress_interval_wd() > 0 && t.has_next_progress_due() && t.has_progress_period_start()) {
    const absl::CivilDay start = absl::ToCivilDay(FromProtoTime(t.progress_period_start()), ChinaTimeZone());
    const absl::Time was = FromProtoTime(t.next_progress_due());
    const absl::Time now_due = StartOf(now_calendar.AddWorkingDays(start, t.progress_interval_wd()).day);
    if (was != now_due && was > env.now) {
      *next.mutable_next_progress_due() = ToProtoTime(now_due);
      move(kProgressTimer, was, now_due);
      period_moved = true;
    }
  }
  if (!moved.has_value() && !period_moved) return absl::OkStatus();
  fx.Update(next, current.version);
  if (moved.has_value()) fx.Audit(next.name(), "DeadlineRecomputed", "SUP-14", &t, next, moved->reason);
  if (period_moved) {
    const std::string day = absl::FormatTime("%Y-%m-%d", FromProtoTime(next.next_progress_due()), ChinaTimeZone());
    fx.Audit(next.name(), "ProgressDueRecomputed", "SUP-09", &t, next,
             absl::StrCat("新日历(", now_calendar.version(), ")：进展报告期限改为", day,
                          " / new calendar: progress report due ", day));
  }
  return absl::OkStatus();
}

void Paint(v1::Task& t, const Env& env) {
  if (!IsOpen(t)) {
    t.set_colour(v1::COLOUR_GREEN);
    t.set_working_days_left(0);
    return;
  }
  const absl::CivilDay due = Due(t);
  const int left = env.calendar->WorkingDaysBetween(env.today, due).working_days;
  t.set_working_days_left(left);
  // Yellow from the first reminder's day.
  const auto& reminders = env.policy->proto().supervision().reminders();
  absl::CivilDay yellow_from = due;
  for (int before : reminders.days_before()) {
    yellow_from = std::min(yellow_from, ReminderDay(reminders, due, before, *env.calendar));
  }
  if (env.today > due) {
    t.set_colour(v1::COLOUR_RED);
  } else if (env.today >= yellow_from) {
    t.set_colour(v1::COLOUR_YELLOW);
  } else {
    t.set_colour(v1::COLOUR_GREEN);
  }
}

absl::CivilDay ReminderDay(const policy::v1::ReminderOffsets& reminders, absl::CivilDay deadline, int before,
                           const Calendar& calendar) {
  return reminders.unit() == policy::v1::DAY_UNIT_WORKING_DAY ? calendar.AddWorkingDays(deadline, -before).day
                                                              : deadline - before;
}

}  // namespace xianfu::supervision
