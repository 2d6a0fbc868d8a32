#include "personnel-svc/store/store.h"

#include <google/protobuf/util/message_differencer.h>

#include "absl/strings/str_cat.h"
#include "common/deadline_proto.h"
#include "common/paging.h"
#include "common/status_macros.h"

namespace xianfu::personnel {
namespace {

using google::protobuf::Message;

SqlParam Day(const common::v1::CivilDate& d) { return FromProtoDate(d); }
SqlParam OptionalDay(const common::v1::CivilDate& d) {
  if (d.year() == 0) return nullptr;
  return FromProtoDate(d);
}
SqlParam Time(const google::protobuf::Timestamp& t) { return FromProtoTime(t); }

bool SameTerms(const v1::Post& a, const v1::Post& b) {
  if (a.terms_size() != b.terms_size()) return false;
  for (int i = 0; i < a.terms_size(); ++i) {
    if (!google::protobuf::util::MessageDifferencer::Equals(a.terms(i), b.terms(i))) return false;
  }
  return true;
}

// A post's terms are rows of their own (the organisation view joins them); writing a post that
// carries terms replaces its rows, unless they are the terms it had. These rows only follow the
// record, so they go with the COMMIT.
absl::Status WriteTerms(Tx& tx, const v1::Post& post, bool created, const v1::Post* before) {
  if (post.terms().empty()) return absl::OkStatus();
  if (before != nullptr && SameTerms(*before, post)) return absl::OkStatus();
  const std::string id = IdPartOf(post.name());
  if (!created) tx.Defer("DELETE FROM post_terms WHERE post_id = ?", {id});
  for (const v1::PostTerm& t : post.terms()) {
    tx.Defer(
        "INSERT INTO post_terms (post_id, official_id, start_date, end_date, basis)"
        " VALUES (?, ?, ?, ?, ?)",
        {id, IdPartOf(t.official()), Day(t.start_date()), OptionalDay(t.end_date()), t.basis()});
  }
  return absl::OkStatus();
}

// A division's portfolios and A/B pairs are rows of their own, valid from its effective date
// until a later division supersedes it.
absl::Status WriteDivisionRows(Tx& tx, const v1::DivisionOfWork& division, bool /*created*/,
                               const v1::DivisionOfWork* /*before*/) {
  ASSIGN_OR_RETURN(id, NumericIdOf(division.name(), "divisions"));
  if (division.has_superseded_date()) {
    const absl::CivilDay last = FromProtoDate(division.superseded_date()) - 1;
    for (const char* sql : {"UPDATE portfolio_entries SET end_date = ? WHERE division_id = ?",
                            "UPDATE ab_pairs SET end_date = ? WHERE division_id = ?"}) {
      tx.Defer(sql, {last, id});
    }
    return absl::OkStatus();
  }
  const absl::CivilDay effective = FromProtoDate(division.effective_date());
  for (const v1::Portfolio& p : division.portfolios()) {
    for (int primary = 1; primary >= 0; --primary) {
      for (const std::string& unit : primary ? p.primary_units() : p.co_units()) {
        tx.Defer(
            "INSERT INTO portfolio_entries (division_id, unit_id, leader_id, is_primary, start_date, end_date)"
            " VALUES (?, ?, ?, ?, ?, NULL)",
            {id, IdPartOf(unit), IdPartOf(p.leader()), primary == 1, effective});
      }
    }
  }
  for (const v1::AbPair& ab : division.ab_pairs()) {
    tx.Defer(
        "INSERT INTO ab_pairs (division_id, a_id, b_id, start_date, end_date)"
        " VALUES (?, ?, ?, ?, NULL)",
        {id, IdPartOf(ab.a()), IdPartOf(ab.b()), effective});
  }
  return absl::OkStatus();
}

// A post_terms row's official_id, start_date, end_date and basis, from column `first` on.
v1::PostTerm TermFromRow(const SqlRow& row, int first) {
  v1::PostTerm term;
  term.set_official(absl::StrCat("officials/", row.Str(first)));
  *term.mutable_start_date() = ToProtoDate(row.Day(first + 1));
  if (std::optional<absl::CivilDay> end = row.OptDay(first + 2)) *term.mutable_end_date() = ToProtoDate(*end);
  term.set_basis(row.Str(first + 3));
  return term;
}

}  // namespace

PersonnelStore::PersonnelStore()
    : officials("officials", "officials",
                {{"display_name_zh", [](const v1::Official& o) -> SqlParam { return o.display_name_zh(); }},
                 {"created_at", [](const v1::Official& o) { return Time(o.create_time()); }}},
                {.string_ids = true, .after_write = nullptr}),
      units("units", "units",
            {{"kind", [](const v1::Unit& u) -> SqlParam { return int64_t{u.kind()}; }},
             {"created_at", [](const v1::Unit& u) { return Time(u.create_time()); }}},
            {.string_ids = true, .after_write = nullptr}),
      posts("posts", "posts",
            {{"unit_id", [](const v1::Post& p) -> SqlParam { return IdPartOf(p.unit()); }},
             {"kind", [](const v1::Post& p) -> SqlParam { return int64_t{p.kind()}; }},
             {"executive", [](const v1::Post& p) -> SqlParam { return p.executive(); }},
             {"foreign_affairs", [](const v1::Post& p) -> SqlParam { return p.foreign_affairs(); }},
             {"executive_key",
              [](const v1::Post& p) -> SqlParam {
                if (p.executive()) return int64_t{1};
                return nullptr;
              }}},
            {.string_ids = true, .after_write = WriteTerms}),
      divisions("divisions", "divisions",
                {{"effective_date", [](const v1::DivisionOfWork& d) { return Day(d.effective_date()); }},
                 {"superseded_date", [](const v1::DivisionOfWork& d) { return OptionalDay(d.superseded_date()); }}},
                {.string_ids = false, .after_write = WriteDivisionRows}),
      entrustments("entrustments", "entrustments",
                   {{"principal_id", [](const v1::Entrustment& e) -> SqlParam { return IdPartOf(e.principal()); }},
                    {"start_date", [](const v1::Entrustment& e) { return Day(e.start_date()); }},
                    {"end_date", [](const v1::Entrustment& e) { return Day(e.end_date()); }},
                    {"ended", [](const v1::Entrustment& e) -> SqlParam { return e.ended(); }}}),
      designations("designations", "designations",
                   {{"principal_id", [](const v1::Designation& d) -> SqlParam { return IdPartOf(d.principal()); }},
                    {"start_date", [](const v1::Designation& d) { return Day(d.start_date()); }},
                    {"end_date", [](const v1::Designation& d) { return Day(d.end_date()); }},
                    {"state", [](const v1::Designation& d) -> SqlParam { return int64_t{d.state()}; }}}),
      absences("absences", "absences",
               {{"official_id", [](const v1::Absence& a) -> SqlParam { return IdPartOf(a.official()); }},
                {"start_date", [](const v1::Absence& a) { return Day(a.start_date()); }},
                {"end_date", [](const v1::Absence& a) { return Day(a.end_date()); }},
                {"state", [](const v1::Absence& a) -> SqlParam { return int64_t{a.state()}; }}}),
      obligations("obligations", "obligations",
                  {{"owner", [](const v1::Obligation& o) -> SqlParam { return o.owner(); }},
                   {"subject", [](const v1::Obligation& o) -> SqlParam { return o.subject(); }},
                   {"kind", [](const v1::Obligation& o) -> SqlParam { return int64_t{o.kind()}; }},
                   {"state", [](const v1::Obligation& o) -> SqlParam { return int64_t{o.state()}; }},
                   {"due_at", [](const v1::Obligation& o) { return Time(o.due_time()); }}}),
      approval_requests(
          "approval_requests", "approvalRequests",
          {{"kind", [](const v1::ApprovalRequest& r) -> SqlParam { return int64_t{r.kind()}; }},
           {"subject_official", [](const v1::ApprovalRequest& r) -> SqlParam { return r.subject_official(); }},
           {"state", [](const v1::ApprovalRequest& r) -> SqlParam { return int64_t{r.state()}; }},
           {"depart_year",
            [](const v1::ApprovalRequest& r) -> SqlParam {
              return int64_t{r.has_travel() ? r.travel().depart_date().year() : 0};
            }}}),
      plan_entries("outbound_plan_entries", "outboundPlanEntries",
                   {{"year", [](const v1::OutboundPlanEntry& e) -> SqlParam { return int64_t{e.year()}; }}}),
      conduct_records(
          "conduct_records", "conductRecords",
          {{"kind", [](const v1::ConductRecord& r) -> SqlParam { return int64_t{r.kind()}; }},
           {"official_id", [](const v1::ConductRecord& r) -> SqlParam { return IdPartOf(r.official()); }}}) {}

void PersonnelStore::Register(TableRegistry& registry) const {
  for (const RecordTable* t : std::initializer_list<const RecordTable*>{
           &officials, &units, &posts, &divisions, &entrustments, &designations, &absences, &obligations,
           &approval_requests, &plan_entries, &conduct_records}) {
    registry.Add(t);
  }
}

absl::StatusOr<std::vector<v1::PostTerm>> PersonnelStore::TermsOf(Tx& tx, const std::string& post) const {
  ASSIGN_OR_RETURN(rows, tx.Query("SELECT official_id, start_date, end_date, basis FROM post_terms"
                                  " WHERE post_id = ? ORDER BY start_date",
                                  {IdPartOf(post)}));
  std::vector<v1::PostTerm> out;
  for (const SqlRow& t : rows) out.push_back(TermFromRow(t, 0));
  return out;
}

absl::StatusOr<PageQuery<v1::Post>> PersonnelStore::ListPosts(const std::string& unit, const PageRequest& page) const {
  // One statement: the page of posts, each joined to its terms (rows of their own).
  std::vector<SqlParam> params;
  std::string where = "1=1";
  if (!unit.empty()) {
    where = "unit_id = ?";
    params.push_back(IdPartOf(unit));
  }
  if (!page.after.empty()) {
    absl::StrAppend(&where, " AND id > ?");
    params.push_back(page.after);
  }
  params.push_back(int64_t{page.limit});
  SqlStatement statement{absl::StrCat("SELECT p.id, p.data, p.version, t.official_id, t.start_date, t.end_date, t.basis"
                                      " FROM (SELECT id, data, version FROM posts WHERE ",
                                      where,
                                      " ORDER BY id LIMIT ?) p"
                                      " LEFT JOIN post_terms t ON t.post_id = p.id"
                                      " ORDER BY p.id, t.start_date"),
                         std::move(params)};
  return PageQuery<v1::Post>{
      std::move(statement), [this, page](const std::vector<SqlRow>& rows) -> absl::StatusOr<Page<v1::Post>> {
        std::vector<SqlRow> post_rows;
        std::vector<std::vector<v1::PostTerm>> terms;
        for (const SqlRow& row : rows) {
          if (post_rows.empty() || post_rows.back().Str(0) != row.Str(0)) {
            post_rows.push_back(row);
            terms.emplace_back();
          }
          if (!row.IsNull(3)) terms.back().push_back(TermFromRow(row, 3));
        }
        ASSIGN_OR_RETURN(items, posts.FromRows(post_rows));
        Page<v1::Post> result;
        for (size_t i = 0; i < items.size(); ++i) {
          items[i].clear_terms();
          for (v1::PostTerm& t : terms[i]) *items[i].add_terms() = std::move(t);
          result.items.push_back(std::move(items[i]));
        }
        result.next_page_token = NextPageToken(page, static_cast<int>(post_rows.size()),
                                               post_rows.empty() ? "" : post_rows.back().Str(0), "posts");
        return result;
      }};
}

absl::StatusOr<std::optional<Versioned<v1::DivisionOfWork>>> PersonnelStore::LatestDivision(Tx& tx) const {
  ASSIGN_OR_RETURN(rows, tx.Query("SELECT id FROM divisions ORDER BY effective_date DESC LIMIT 1"));
  if (rows.empty()) return std::optional<Versioned<v1::DivisionOfWork>>();
  ASSIGN_OR_RETURN(d, divisions.Get(tx, divisions.NameOf(rows.front().Int(0))));
  return std::optional<Versioned<v1::DivisionOfWork>>(std::move(d));
}

absl::StatusOr<std::optional<v1::DivisionOfWork>> PersonnelStore::DivisionOn(Tx& tx, absl::CivilDay day) const {
  ASSIGN_OR_RETURN(rows, tx.Query("SELECT id, data, version FROM divisions WHERE effective_date <= ?"
                                  " ORDER BY effective_date DESC LIMIT 1",
                                  {day}));
  ASSIGN_OR_RETURN(found, divisions.FromRows(rows));
  if (found.empty()) return std::optional<v1::DivisionOfWork>();
  return std::optional<v1::DivisionOfWork>(std::move(found.front()));
}

absl::StatusOr<OrgFacts> PersonnelStore::LoadFacts(Tx& tx, absl::CivilDay from, absl::CivilDay to) const {
  // One round trip: every kind of fact tagged in the first column. Columns:
  // tag, s1, s2, s3, i1, i2, i3, d1, d2, blob
  ASSIGN_OR_RETURN(
      rows,
      tx.Query("SELECT 'H', pt.official_id, p.id, p.unit_id, p.kind, p.executive + 2 * p.foreign_affairs, u.kind,"
               "       pt.start_date, pt.end_date, u.data"
               "  FROM post_terms pt JOIN posts p ON p.id = pt.post_id JOIN units u ON u.id = p.unit_id"
               "  WHERE pt.start_date <= ? AND (pt.end_date IS NULL OR pt.end_date >= ?)"
               " UNION ALL SELECT 'P', leader_id, unit_id, NULL, is_primary, NULL, NULL, start_date, end_date, NULL"
               "  FROM portfolio_entries WHERE start_date <= ? AND (end_date IS NULL OR end_date >= ?)"
               " UNION ALL SELECT 'A', a_id, b_id, NULL, NULL, NULL, NULL, start_date, end_date, NULL"
               "  FROM ab_pairs WHERE start_date <= ? AND (end_date IS NULL OR end_date >= ?)"
               " UNION ALL SELECT 'X', official_id, NULL, NULL, id, NULL, NULL, start_date, end_date, data"
               "  FROM absences WHERE state <> ? AND start_date <= ? AND end_date >= ?"
               " UNION ALL SELECT 'E', principal_id, NULL, NULL, id, NULL, NULL, start_date, end_date, data"
               "  FROM entrustments WHERE ended = 0 AND start_date <= ? AND end_date >= ?"
               " UNION ALL SELECT 'D', principal_id, NULL, NULL, id, NULL, NULL, start_date, end_date, data"
               "  FROM designations WHERE state <> ? AND start_date <= ? AND end_date >= ?"
               " UNION ALL SELECT 'N', id, display_name_zh, NULL, NULL, NULL, NULL, NULL, NULL, NULL FROM officials"
               " UNION ALL SELECT 'U', id, NULL, NULL, kind, NULL, NULL, NULL, NULL, data FROM units"
               " UNION ALL SELECT 'Q', id, NULL, NULL, NULL, NULL, NULL, NULL, NULL, data FROM posts"
               " UNION ALL SELECT 'T', post_id, official_id, basis, NULL, NULL, NULL, start_date, end_date, NULL"
               "  FROM post_terms"
               " UNION ALL SELECT 'V', NULL, NULL, NULL, id, NULL, NULL, effective_date, NULL, NULL FROM divisions",
               {to, from, to, from, to, from, int64_t{v1::ABSENCE_STATE_CANCELLED}, to, from, to, from,
                int64_t{v1::DESIGNATION_STATE_OBSOLETE}, to, from}));
  OrgFacts facts;
  facts.from = from;
  facts.to = to;
  auto official = [](const std::string& id) { return absl::StrCat("officials/", id); };
  std::map<std::string, std::vector<v1::PostTerm>> terms;
  for (const SqlRow& row : rows) {
    const std::string& tag = row.Str(0);
    if (tag == "H") {
      Holding h;
      h.official = official(row.Str(1));
      h.post = absl::StrCat("posts/", row.Str(2));
      h.unit = absl::StrCat("units/", row.Str(3));
      h.kind = static_cast<v1::PostKind>(row.Int(4));
      h.executive = (row.Int(5) & 1) != 0;
      h.foreign_affairs = (row.Int(5) & 2) != 0;
      h.unit_kind = static_cast<v1::UnitKind>(row.Int(6));
      h.start = row.Day(7);
      h.end = row.OptDay(8);
      v1::Unit unit;
      RETURN_IF_ERROR(internal::ParseRecord(row, 9, &unit));
      h.unit_roles.assign(unit.roles().begin(), unit.roles().end());
      facts.holdings.push_back(std::move(h));
    } else if (tag == "P") {
      facts.portfolios.push_back(
          {official(row.Str(1)), absl::StrCat("units/", row.Str(2)), row.Int(4) != 0, row.Day(7), row.OptDay(8)});
    } else if (tag == "A") {
      facts.ab_pairs.push_back({official(row.Str(1)), official(row.Str(2)), row.Day(7), row.OptDay(8)});
    } else if (tag == "X") {
      v1::Absence a;
      RETURN_IF_ERROR(internal::ParseRecord(row, 9, &a));
      facts.absences.push_back(
          {row.Int(4), official(row.Str(1)), a.kind(), a.leaves_jurisdiction(), row.Day(7), row.Day(8)});
    } else if (tag == "E") {
      v1::Entrustment e;
      RETURN_IF_ERROR(internal::ParseRecord(row, 9, &e));
      EntrustmentFact f{row.Int(4), e.principal(), e.delegate(), {}, row.Day(7), row.Day(8), e.auto_assigned()};
      for (int act : e.scope()) f.scope.insert(act);
      facts.entrustments.push_back(std::move(f));
    } else if (tag == "D") {
      v1::Designation d;
      RETURN_IF_ERROR(internal::ParseRecord(row, 9, &d));
      facts.designations.push_back(
          {row.Int(4), d.principal(), row.Day(7), row.Day(8), d.state(), d.designee(), FromProtoTime(d.create_time())});
    } else if (tag == "N") {
      facts.names[official(row.Str(1))] = row.Str(2);
    } else if (tag == "U") {
      v1::Unit u;
      RETURN_IF_ERROR(internal::ParseRecord(row, 9, &u));
      const std::string name = absl::StrCat("units/", row.Str(1));
      facts.units[name] = {
          name, static_cast<v1::UnitKind>(row.Int(4)), {u.roles().begin(), u.roles().end()}, u.display_name_zh()};
    } else if (tag == "Q") {
      v1::Post p;
      RETURN_IF_ERROR(internal::ParseRecord(row, 9, &p));
      p.set_name(absl::StrCat("posts/", row.Str(1)));
      p.clear_terms();
      facts.posts[p.name()] = std::move(p);
    } else if (tag == "T") {
      v1::PostTerm t;
      t.set_official(official(row.Str(2)));
      t.set_basis(row.Str(3));
      *t.mutable_start_date() = ToProtoDate(row.Day(7));
      if (std::optional<absl::CivilDay> end = row.OptDay(8)) *t.mutable_end_date() = ToProtoDate(*end);
      terms[absl::StrCat("posts/", row.Str(1))].push_back(std::move(t));
    } else if (tag == "V") {
      facts.divisions.push_back({row.Day(7), absl::StrCat("divisions/", row.Int(4))});
    }
  }
  for (auto& [post, list] : terms) {
    std::sort(list.begin(), list.end(), [](const v1::PostTerm& a, const v1::PostTerm& b) {
      return FromProtoDate(a.start_date()) < FromProtoDate(b.start_date());
    });
    auto it = facts.posts.find(post);
    if (it == facts.posts.end()) continue;
    for (v1::PostTerm& t : list) *it->second.add_terms() = std::move(t);
  }
  std::sort(facts.divisions.begin(), facts.divisions.end());
  return facts;
}

}  // namespace xianfu::personnel
