#include "meeting-svc/store/store.h"

#include "absl/strings/str_cat.h"
#include "common/deadline_proto.h"
#include "common/status_macros.h"

namespace xianfu::meeting {
namespace {

int64_t NumericPart(const std::string& name, absl::string_view collection) {
  absl::StatusOr<int64_t> id = NumericIdOf(name, collection);
  return id.ok() ? *id : 0;
}

}  // namespace

MeetingStore::MeetingStore()
    : meetings("meetings", "meetings",
               {{"kind", [](const v1::Meeting& m) -> SqlParam { return int64_t{m.kind()}; }},
                {"meeting_date", [](const v1::Meeting& m) -> SqlParam { return FromProtoDate(m.date()); }},
                {"state", [](const v1::Meeting& m) -> SqlParam { return int64_t{m.state()}; }}},
               {.string_ids = true, .after_write = nullptr}),
      topics("topics", "topics",
             {{"meeting_id", [](const v1::Topic& t) -> SqlParam { return IdPartOf(t.meeting()); }},
              {"unit_id", [](const v1::Topic& t) -> SqlParam { return IdPartOf(t.unit()); }},
              {"state", [](const v1::Topic& t) -> SqlParam { return int64_t{t.state()}; }}},
             {.string_ids = true, .after_write = nullptr}),
      leave_requests("leave_requests", "leaveRequests",
                     {{"meeting_id", [](const v1::LeaveRequest& l) -> SqlParam { return IdPartOf(l.meeting()); }},
                      {"official_id", [](const v1::LeaveRequest& l) -> SqlParam { return IdPartOf(l.official()); }},
                      {"state", [](const v1::LeaveRequest& l) -> SqlParam { return int64_t{l.state()}; }}}),
      minutes("minutes", "minutes", {{"state", [](const v1::Minutes& m) -> SqlParam { return int64_t{m.state()}; }}},
              {.string_ids = true, .after_write = nullptr}),
      matters("matters", "matters",
              {{"unit_id", [](const v1::Matter& m) -> SqlParam { return IdPartOf(m.unit()); }},
               {"kind", [](const v1::Matter& m) -> SqlParam { return int64_t{m.kind()}; }},
               {"state", [](const v1::Matter& m) -> SqlParam { return int64_t{m.state()}; }},
               {"project_code", [](const v1::Matter& m) -> SqlParam { return m.project_code(); }},
               {"purpose", [](const v1::Matter& m) -> SqlParam { return m.purpose(); }},
               {"fiscal_year", [](const v1::Matter& m) -> SqlParam { return int64_t{m.fiscal_year()}; }},
               {"amount_fen", [](const v1::Matter& m) -> SqlParam { return m.amount().fen(); }}}),
      decisions(
          "decisions", "decisions",
          {{"meeting_id", [](const v1::Decision& d) -> SqlParam { return IdPartOf(d.meeting()); }},
           {"matter_id", [](const v1::Decision& d) -> SqlParam { return NumericPart(d.matter(), "matters"); }},
           {"issue_state", [](const v1::Decision& d) -> SqlParam { return int64_t{d.issue_state()}; }},
           {"publication_state", [](const v1::Decision& d) -> SqlParam { return int64_t{d.publication().state()}; }}}),
      county_meetings(
          "county_meetings", "countyMeetings",
          {{"unit_id", [](const v1::CountyMeeting& m) -> SqlParam { return IdPartOf(m.unit()); }},
           {"meeting_year", [](const v1::CountyMeeting& m) -> SqlParam { return int64_t{m.date().year()}; }}}),
      meeting_plans("meeting_plans", "meetingPlans",
                    {{"unit_id", [](const v1::MeetingPlan& p) -> SqlParam { return IdPartOf(p.unit()); }},
                     {"plan_year", [](const v1::MeetingPlan& p) -> SqlParam { return int64_t{p.year()}; }}}) {}

void MeetingStore::Register(TableRegistry& registry) const {
  registry.Add(&meetings);
  registry.Add(&topics);
  registry.Add(&leave_requests);
  registry.Add(&minutes);
  registry.Add(&matters);
  registry.Add(&decisions);
  registry.Add(&county_meetings);
  registry.Add(&meeting_plans);
}

absl::StatusOr<PageQuery<v1::Meeting>> MeetingStore::ListMeetings(v1::MeetingKind kind,
                                                                  std::optional<absl::CivilDay> from,
                                                                  std::optional<absl::CivilDay> to,
                                                                  const PageRequest& page) const {
  Filter f;
  f.Eq("kind", int64_t{kind});
  if (from.has_value()) f.Where("meeting_date >= ?", {*from});
  if (to.has_value()) f.Where("meeting_date <= ?", {*to});
  return meetings.ListQuery(f, page);
}

absl::StatusOr<std::vector<v1::Meeting>> MeetingStore::LaterMeetings(Tx& tx, v1::MeetingKind kind, absl::CivilDay day,
                                                                     int limit) const {
  ASSIGN_OR_RETURN(rows, tx.Query("SELECT id FROM meetings WHERE kind = ? AND state = ? AND meeting_date > ? "
                                  "ORDER BY meeting_date, id LIMIT ?",
                                  {int64_t{kind}, int64_t{v1::MEETING_STATE_SCHEDULED}, day, int64_t{limit}}));
  std::vector<v1::Meeting> out;
  for (const SqlRow& row : rows) {
    ASSIGN_OR_RETURN(m, meetings.Get(tx, absl::StrCat("meetings/", row.Str(0))));
    out.push_back(std::move(m.value));
  }
  return out;
}

absl::StatusOr<std::vector<v1::Topic>> MeetingStore::TopicsOf(Tx& tx, const std::string& meeting) const {
  std::vector<v1::Topic> out;
  PageRequest page{500, ""};
  for (;;) {
    Filter f;
    f.Eq("meeting_id", IdPartOf(meeting));
    ASSIGN_OR_RETURN(batch, topics.List(tx, f, page));
    for (v1::Topic& t : batch.items) out.push_back(std::move(t));
    if (batch.next_page_token.empty()) return out;
    page.after = IdPartOf(out.back().name());
  }
}

absl::StatusOr<std::vector<v1::LeaveRequest>> MeetingStore::LeaveOf(Tx& tx, const std::string& meeting,
                                                                    const std::string& official) const {
  Filter f;
  f.Eq("meeting_id", IdPartOf(meeting)).Eq("official_id", IdPartOf(official));
  ASSIGN_OR_RETURN(page, leave_requests.List(tx, f, PageRequest{100, ""}));
  return std::move(page.items);
}

absl::StatusOr<int64_t> MeetingStore::ProjectTotal(Tx& tx, const std::string& project_code, const std::string& purpose,
                                                   int fiscal_year) const {
  ASSIGN_OR_RETURN(rows,
                   tx.Query("SELECT COALESCE(SUM(amount_fen), 0) FROM matters WHERE kind = ? AND "
                            "project_code = ? AND purpose = ? AND fiscal_year = ?",
                            {int64_t{v1::MATTER_KIND_FUND_ADJUSTMENT}, project_code, purpose, int64_t{fiscal_year}}));
  return rows.empty() ? 0 : rows.front().Int(0);
}

absl::StatusOr<int> MeetingStore::CountyMeetingsIn(Tx& tx, const std::string& unit, int year) const {
  ASSIGN_OR_RETURN(rows, tx.Query("SELECT COUNT(*) FROM county_meetings WHERE unit_id = ? AND meeting_year = ?",
                                  {IdPartOf(unit), int64_t{year}}));
  return rows.empty() ? 0 : static_cast<int>(rows.front().Int(0));
}

}  // namespace xianfu::meeting
