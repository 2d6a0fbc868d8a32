#include "personnel-svc/store/store.h"

#include <regex>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/deadline_proto.h"

namespace xianfu::personnel {
namespace {

const absl::CivilDay kOpenEnd(9999, 12, 31);

std::optional<absl::CivilDay> OptDay(const SqlRow& row, int column) {
  if (row.IsNull(column)) return std::nullopt;
  return row.Day(column);
}

absl::Status NotFound(absl::string_view collection, absl::string_view id) {
  return absl::NotFoundError(absl::StrCat(collection, "/", id, " does not exist"));
}

}  // namespace

// --- organisation -----------------------------------------------------------------------------

absl::Status PersonnelStore::InsertOfficial(Tx& tx, const std::string& id, const v1::Official& o) {
  absl::StatusOr<int64_t> n = tx.Exec(
      "INSERT INTO officials (id, display_name_zh, data, version, created_at) VALUES (?, ?, ?, 1, UTC_TIMESTAMP(6))",
      {id, o.display_name_zh(), Bytes{o.SerializeAsString()}});
  if (n.status().code() == absl::StatusCode::kAlreadyExists) {
    return absl::AlreadyExistsError(absl::StrCat("officials/", id, " already exists"));
  }
  return n.status();
}

absl::StatusOr<Versioned<v1::Official>> PersonnelStore::GetOfficial(Tx& tx, const std::string& id) {
  absl::StatusOr<std::vector<SqlRow>> rows = tx.Query("SELECT data, version FROM officials WHERE id = ?", {id});
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return NotFound("officials", id);
  absl::StatusOr<v1::Official> o = ParseBlob<v1::Official>(rows->front(), 0);
  if (!o.ok()) return o.status();
  return Versioned<v1::Official>{*std::move(o), rows->front().Int(1)};
}

absl::StatusOr<Page<v1::Official>> PersonnelStore::ListOfficials(Tx& tx, const PageRequest& page) {
  // String ids: page by the row's position in id order, kept as an offset cursor.
  absl::StatusOr<std::vector<SqlRow>> rows =
      tx.Query("SELECT data FROM officials ORDER BY id LIMIT ? OFFSET ?", {int64_t{page.limit}, page.after_id});
  if (!rows.ok()) return rows.status();
  Page<v1::Official> out;
  for (const SqlRow& row : *rows) {
    absl::StatusOr<v1::Official> o = ParseBlob<v1::Official>(row, 0);
    if (!o.ok()) return o.status();
    out.items.push_back(*std::move(o));
  }
  out.next_page_token = NextPageToken(page, static_cast<int>(rows->size()), page.after_id + page.limit, "officials");
  return out;
}

absl::Status PersonnelStore::InsertUnit(Tx& tx, const std::string& id, const v1::Unit& u) {
  absl::StatusOr<int64_t> n =
      tx.Exec("INSERT INTO units (id, kind, data, version, created_at) VALUES (?, ?, ?, 1, UTC_TIMESTAMP(6))",
              {id, int64_t{u.kind()}, Bytes{u.SerializeAsString()}});
  if (n.status().code() == absl::StatusCode::kAlreadyExists) {
    return absl::AlreadyExistsError(absl::StrCat("units/", id, " already exists"));
  }
  return n.status();
}

absl::StatusOr<Versioned<v1::Unit>> PersonnelStore::GetUnit(Tx& tx, const std::string& id) {
  absl::StatusOr<std::vector<SqlRow>> rows = tx.Query("SELECT data, version FROM units WHERE id = ?", {id});
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return NotFound("units", id);
  absl::StatusOr<v1::Unit> u = ParseBlob<v1::Unit>(rows->front(), 0);
  if (!u.ok()) return u.status();
  return Versioned<v1::Unit>{*std::move(u), rows->front().Int(1)};
}

absl::StatusOr<Page<v1::Unit>> PersonnelStore::ListUnits(Tx& tx, const PageRequest& page) {
  absl::StatusOr<std::vector<SqlRow>> rows =
      tx.Query("SELECT data FROM units ORDER BY id LIMIT ? OFFSET ?", {int64_t{page.limit}, page.after_id});
  if (!rows.ok()) return rows.status();
  Page<v1::Unit> out;
  for (const SqlRow& row : *rows) {
    absl::StatusOr<v1::Unit> u = ParseBlob<v1::Unit>(row, 0);
    if (!u.ok()) return u.status();
    out.items.push_back(*std::move(u));
  }
  out.next_page_token = NextPageToken(page, static_cast<int>(rows->size()), page.after_id + page.limit, "units");
  return out;
}

absl::StatusOr<std::vector<UnitInfo>> PersonnelStore::AllUnits(Tx& tx) {
  absl::StatusOr<std::vector<SqlRow>> rows = tx.Query("SELECT id, kind FROM units");
  if (!rows.ok()) return rows.status();
  std::vector<UnitInfo> out;
  for (const SqlRow& row : *rows) {
    out.push_back({absl::StrCat("units/", row.Str(0)), static_cast<v1::UnitKind>(row.Int(1))});
  }
  return out;
}

absl::Status PersonnelStore::InsertPost(Tx& tx, const std::string& id, const v1::Post& p) {
  absl::StatusOr<int64_t> n = tx.Exec(
      "INSERT INTO posts (id, unit_id, kind, executive, foreign_affairs, data, version) VALUES (?, ?, ?, ?, ?, ?, 1)",
      {id, p.unit().substr(6), int64_t{p.kind()}, p.executive(), p.foreign_affairs(), Bytes{p.SerializeAsString()}});
  if (n.status().code() == absl::StatusCode::kAlreadyExists) {
    return absl::AlreadyExistsError(absl::StrCat("posts/", id, " already exists"));
  }
  return n.status();
}

absl::StatusOr<Versioned<v1::Post>> PersonnelStore::GetPost(Tx& tx, const std::string& id, bool for_update) {
  absl::StatusOr<std::vector<SqlRow>> rows =
      tx.Query(absl::StrCat("SELECT data, version FROM posts WHERE id = ?", for_update ? " FOR UPDATE" : ""), {id});
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return NotFound("posts", id);
  absl::StatusOr<v1::Post> p = ParseBlob<v1::Post>(rows->front(), 0);
  if (!p.ok()) return p.status();
  const int64_t version = rows->front().Int(1);
  absl::StatusOr<std::vector<SqlRow>> terms = tx.Query(
      "SELECT official_id, start_date, end_date, basis FROM post_terms WHERE post_id = ? ORDER BY start_date", {id});
  if (!terms.ok()) return terms.status();
  p->clear_terms();
  for (const SqlRow& t : *terms) {
    v1::PostTerm* term = p->add_terms();
    term->set_official(absl::StrCat("officials/", t.Str(0)));
    *term->mutable_start_date() = ToProtoDate(t.Day(1));
    if (!t.IsNull(2)) *term->mutable_end_date() = ToProtoDate(t.Day(2));
    term->set_basis(t.Str(3));
  }
  p->set_etag(absl::StrCat("\"", version, "\""));
  return Versioned<v1::Post>{*std::move(p), version};
}

absl::StatusOr<Page<v1::Post>> PersonnelStore::ListPosts(Tx& tx, const std::string& unit_id, const PageRequest& page) {
  absl::StatusOr<std::vector<SqlRow>> rows =
      tx.Query(absl::StrCat("SELECT id FROM posts", unit_id.empty() ? "" : " WHERE unit_id = ?",
                            " ORDER BY id LIMIT ? OFFSET ?"),
               unit_id.empty() ? std::vector<SqlParam>{int64_t{page.limit}, page.after_id}
                               : std::vector<SqlParam>{unit_id, int64_t{page.limit}, page.after_id});
  if (!rows.ok()) return rows.status();
  Page<v1::Post> out;
  for (const SqlRow& row : *rows) {
    absl::StatusOr<Versioned<v1::Post>> p = GetPost(tx, row.Str(0), false);
    if (!p.ok()) return p.status();
    out.items.push_back(std::move(p->value));
  }
  out.next_page_token = NextPageToken(page, static_cast<int>(rows->size()), page.after_id + page.limit, "posts");
  return out;
}

absl::StatusOr<bool> PersonnelStore::AnyExecutivePost(Tx& tx) {
  absl::StatusOr<std::vector<SqlRow>> rows = tx.Query("SELECT id FROM posts WHERE executive = 1 LIMIT 1");
  if (!rows.ok()) return rows.status();
  return !rows->empty();
}

absl::Status PersonnelStore::AssignPost(Tx& tx, const std::string& post_id, int64_t expected_version,
                                        const std::string& official_id, absl::CivilDay start,
                                        const std::string& basis) {
  absl::Status bumped = ExpectOneRowChanged(
      tx.Exec("UPDATE posts SET version = version + 1 WHERE id = ? AND version = ?", {post_id, expected_version}),
      absl::StrCat("posts/", post_id));
  if (!bumped.ok()) return bumped;
  absl::StatusOr<std::vector<SqlRow>> later =
      tx.Query("SELECT start_date FROM post_terms WHERE post_id = ? AND start_date >= ?", {post_id, start});
  if (!later.ok()) return later.status();
  if (!later->empty()) {
    return absl::FailedPreconditionError(absl::StrCat("posts/", post_id, " already has a term starting on or after ",
                                                      absl::FormatCivilTime(start),
                                                      "; terms are recorded in date order"));
  }
  absl::StatusOr<int64_t> closed =
      tx.Exec("UPDATE post_terms SET end_date = ? WHERE post_id = ? AND (end_date IS NULL OR end_date >= ?)",
              {start - 1, post_id, start});
  if (!closed.ok()) return closed.status();
  return tx
      .Exec("INSERT INTO post_terms (post_id, official_id, start_date, end_date, basis) VALUES (?, ?, ?, NULL, ?)",
            {post_id, official_id, start, basis})
      .status();
}

absl::StatusOr<v1::DivisionOfWork> PersonnelStore::InsertDivision(Tx& tx, v1::DivisionOfWork division,
                                                                  std::vector<v1::AbPair>* previous_pairs) {
  const absl::CivilDay effective = FromProtoDate(division.effective_date());
  // Serialise changes of the division: lock the newest row (if any).
  absl::StatusOr<std::vector<SqlRow>> current =
      tx.Query("SELECT id, effective_date, data FROM divisions ORDER BY effective_date DESC LIMIT 1 FOR UPDATE");
  if (!current.ok()) return current.status();
  if (!current->empty()) {
    const absl::CivilDay current_from = current->front().Day(1);
    if (effective <= current_from) {
      return absl::FailedPreconditionError(
          absl::StrCat("a division of work is already in force from ", absl::FormatCivilTime(current_from),
                       "; a new one must take effect later (history is not rewritten)"));
    }
    absl::StatusOr<v1::DivisionOfWork> previous = ParseBlob<v1::DivisionOfWork>(current->front(), 2);
    if (!previous.ok()) return previous.status();
    if (previous_pairs != nullptr) previous_pairs->assign(previous->ab_pairs().begin(), previous->ab_pairs().end());
    const int64_t previous_id = current->front().Int(0);
    *previous->mutable_superseded_date() = ToProtoDate(effective);
    for (const char* sql : {"UPDATE portfolio_entries SET end_date = ? WHERE division_id = ?",
                            "UPDATE ab_pairs SET end_date = ? WHERE division_id = ?"}) {
      absl::StatusOr<int64_t> n = tx.Exec(sql, {effective - 1, previous_id});
      if (!n.ok()) return n.status();
    }
    absl::StatusOr<int64_t> n = tx.Exec("UPDATE divisions SET superseded_date = ?, data = ? WHERE id = ?",
                                        {effective, Bytes{previous->SerializeAsString()}, previous_id});
    if (!n.ok()) return n.status();
  }
  absl::StatusOr<int64_t> inserted =
      tx.Exec("INSERT INTO divisions (effective_date, superseded_date, data) VALUES (?, NULL, '')", {effective});
  if (!inserted.ok()) return inserted.status();
  absl::StatusOr<int64_t> id = tx.LastInsertId();
  if (!id.ok()) return id.status();
  division.set_name(absl::StrCat("divisions/", *id));
  absl::StatusOr<int64_t> stored =
      tx.Exec("UPDATE divisions SET data = ? WHERE id = ?", {Bytes{division.SerializeAsString()}, *id});
  if (!stored.ok()) return stored.status();
  for (const v1::Portfolio& p : division.portfolios()) {
    absl::StatusOr<std::string> leader = IdOf(p.leader(), "officials");
    if (!leader.ok()) return leader.status();
    for (int primary = 1; primary >= 0; --primary) {
      for (const std::string& unit : primary ? p.primary_units() : p.co_units()) {
        absl::StatusOr<std::string> unit_id = IdOf(unit, "units");
        if (!unit_id.ok()) return unit_id.status();
        absl::StatusOr<int64_t> n = tx.Exec(
            "INSERT INTO portfolio_entries (division_id, unit_id, leader_id, is_primary, start_date, end_date)"
            " VALUES (?, ?, ?, ?, ?, NULL)",
            {*id, *unit_id, *leader, primary == 1, effective});
        if (!n.ok()) return n.status();
      }
    }
  }
  for (const v1::AbPair& ab : division.ab_pairs()) {
    absl::StatusOr<std::string> a = IdOf(ab.a(), "officials");
    if (!a.ok()) return a.status();
    absl::StatusOr<std::string> b = IdOf(ab.b(), "officials");
    if (!b.ok()) return b.status();
    absl::StatusOr<int64_t> n =
        tx.Exec("INSERT INTO ab_pairs (division_id, a_id, b_id, start_date, end_date) VALUES (?, ?, ?, ?, NULL)",
                {*id, *a, *b, effective});
    if (!n.ok()) return n.status();
  }
  return division;
}

absl::StatusOr<std::optional<v1::DivisionOfWork>> PersonnelStore::DivisionOn(Tx& tx, absl::CivilDay day) {
  absl::StatusOr<std::vector<SqlRow>> rows =
      tx.Query("SELECT data FROM divisions WHERE effective_date <= ? ORDER BY effective_date DESC LIMIT 1", {day});
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return std::optional<v1::DivisionOfWork>();
  absl::StatusOr<v1::DivisionOfWork> d = ParseBlob<v1::DivisionOfWork>(rows->front(), 0);
  if (!d.ok()) return d.status();
  return std::optional<v1::DivisionOfWork>(*std::move(d));
}

absl::StatusOr<OrgFacts> PersonnelStore::LoadFacts(Tx& tx, absl::CivilDay from, absl::CivilDay to) {
  // One round trip: every kind of fact tagged in the first column. Columns:
  // tag, s1, s2, s3, i1, i2, i3, d1, d2, blob
  absl::StatusOr<std::vector<SqlRow>> rows = tx.Query(
      "SELECT 'H', pt.official_id, p.id, p.unit_id, p.kind, p.executive + 2 * p.foreign_affairs, u.kind,"
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
      " UNION ALL SELECT 'N', id, display_name_zh, NULL, NULL, NULL, NULL, NULL, NULL, NULL FROM officials",
      {to, from, to, from, to, from, int64_t{v1::ABSENCE_STATE_CANCELLED}, to, from, to, from,
       int64_t{v1::DESIGNATION_STATE_OBSOLETE}, to, from});
  if (!rows.ok()) return rows.status();
  OrgFacts facts;
  facts.from = from;
  facts.to = to;
  auto official = [](const std::string& id) { return absl::StrCat("officials/", id); };
  for (const SqlRow& row : *rows) {
    const std::string tag = row.Str(0);
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
      h.end = OptDay(row, 8);
      absl::StatusOr<v1::Unit> unit = ParseBlob<v1::Unit>(row, 9);
      if (!unit.ok()) return unit.status();
      h.unit_roles.assign(unit->roles().begin(), unit->roles().end());
      facts.holdings.push_back(std::move(h));
    } else if (tag == "P") {
      facts.portfolios.push_back(
          {official(row.Str(1)), absl::StrCat("units/", row.Str(2)), row.Int(4) != 0, row.Day(7), OptDay(row, 8)});
    } else if (tag == "A") {
      facts.ab_pairs.push_back({official(row.Str(1)), official(row.Str(2)), row.Day(7), OptDay(row, 8)});
    } else if (tag == "X") {
      absl::StatusOr<v1::Absence> a = ParseBlob<v1::Absence>(row, 9);
      if (!a.ok()) return a.status();
      facts.absences.push_back(
          {row.Int(4), official(row.Str(1)), a->kind(), a->leaves_jurisdiction(), row.Day(7), row.Day(8)});
    } else if (tag == "E") {
      absl::StatusOr<v1::Entrustment> e = ParseBlob<v1::Entrustment>(row, 9);
      if (!e.ok()) return e.status();
      EntrustmentFact f{row.Int(4), e->principal(), e->delegate(), {}, row.Day(7), row.Day(8), e->auto_assigned()};
      for (int act : e->scope()) f.scope.insert(act);
      facts.entrustments.push_back(std::move(f));
    } else if (tag == "D") {
      absl::StatusOr<v1::Designation> d = ParseBlob<v1::Designation>(row, 9);
      if (!d.ok()) return d.status();
      facts.designations.push_back({row.Int(4), d->principal(), row.Day(7), row.Day(8), d->state(), d->designee(),
                                    FromProtoTime(d->create_time())});
    } else if (tag == "N") {
      facts.names[official(row.Str(1))] = row.Str(2);
    }
  }
  return facts;
}

// --- acting -------------------------------------------------------------------------------------

absl::StatusOr<int64_t> PersonnelStore::InsertEntrustment(Tx& tx, v1::Entrustment& e) {
  absl::StatusOr<std::string> principal = IdOf(e.principal(), "officials");
  if (!principal.ok()) return principal.status();
  return InsertBlob(
      tx,
      "INSERT INTO entrustments (principal_id, start_date, end_date, ended, data, version) VALUES (?, ?, ?, ?, '', 1)",
      {*principal, FromProtoDate(e.start_date()), FromProtoDate(e.end_date()), e.ended()}, "entrustments",
      "entrustments", e);
}

absl::StatusOr<Versioned<v1::Entrustment>> PersonnelStore::GetEntrustment(Tx& tx, int64_t id) {
  return GetBlob<v1::Entrustment>(tx, "entrustments", "entrustments", id);
}

absl::Status PersonnelStore::UpdateEntrustment(Tx& tx, int64_t id, int64_t expected_version, const v1::Entrustment& e) {
  return UpdateBlob(tx, "entrustments", "ended = ?, end_date = ?", {e.ended(), FromProtoDate(e.end_date())}, id,
                    expected_version, e, e.name());
}

absl::StatusOr<Page<v1::Entrustment>> PersonnelStore::ListEntrustments(Tx& tx, const std::string& principal_id,
                                                                       const PageRequest& page) {
  return ListBlobs<v1::Entrustment>(
      tx, "entrustments", principal_id.empty() ? "" : "principal_id = ?",
      principal_id.empty() ? std::vector<SqlParam>{} : std::vector<SqlParam>{principal_id}, page, "entrustments");
}

absl::StatusOr<int64_t> PersonnelStore::InsertDesignation(Tx& tx, v1::Designation& d) {
  absl::StatusOr<std::string> principal = IdOf(d.principal(), "officials");
  if (!principal.ok()) return principal.status();
  return InsertBlob(
      tx,
      "INSERT INTO designations (principal_id, start_date, end_date, state, data, version) VALUES (?, ?, ?, ?, '', 1)",
      {*principal, FromProtoDate(d.start_date()), FromProtoDate(d.end_date()), int64_t{d.state()}}, "designations",
      "designations", d);
}

absl::StatusOr<Versioned<v1::Designation>> PersonnelStore::GetDesignation(Tx& tx, int64_t id) {
  return GetBlob<v1::Designation>(tx, "designations", "designations", id);
}

absl::Status PersonnelStore::UpdateDesignation(Tx& tx, int64_t id, int64_t expected_version, const v1::Designation& d) {
  return UpdateBlob(tx, "designations", "state = ?", {int64_t{d.state()}}, id, expected_version, d, d.name());
}

absl::StatusOr<Page<v1::Designation>> PersonnelStore::ListDesignations(Tx& tx, v1::DesignationState state,
                                                                       const PageRequest& page) {
  const bool filter = state != v1::DESIGNATION_STATE_UNSPECIFIED;
  return ListBlobs<v1::Designation>(tx, "designations", filter ? "state = ?" : "",
                                    filter ? std::vector<SqlParam>{int64_t{state}} : std::vector<SqlParam>{}, page,
                                    "designations");
}

// --- absences -----------------------------------------------------------------------------------

absl::StatusOr<int64_t> PersonnelStore::InsertAbsence(Tx& tx, v1::Absence& a) {
  absl::StatusOr<std::string> official = IdOf(a.official(), "officials");
  if (!official.ok()) return official.status();
  return InsertBlob(
      tx, "INSERT INTO absences (official_id, start_date, end_date, state, data, version) VALUES (?, ?, ?, ?, '', 1)",
      {*official, FromProtoDate(a.start_date()), FromProtoDate(a.end_date()), int64_t{a.state()}}, "absences",
      "absences", a);
}

absl::StatusOr<Versioned<v1::Absence>> PersonnelStore::GetAbsence(Tx& tx, int64_t id) {
  return GetBlob<v1::Absence>(tx, "absences", "absences", id);
}

absl::Status PersonnelStore::UpdateAbsence(Tx& tx, int64_t id, int64_t expected_version, const v1::Absence& a) {
  return UpdateBlob(tx, "absences", "state = ?", {int64_t{a.state()}}, id, expected_version, a, a.name());
}

absl::StatusOr<Page<v1::Absence>> PersonnelStore::ListAbsences(Tx& tx, const std::string& official_id,
                                                               std::optional<absl::CivilDay> from,
                                                               std::optional<absl::CivilDay> to,
                                                               const PageRequest& page) {
  std::string where = "1=1";
  std::vector<SqlParam> params;
  if (!official_id.empty()) {
    where += " AND official_id = ?";
    params.push_back(official_id);
  }
  if (to.has_value()) {
    where += " AND start_date <= ?";
    params.push_back(*to);
  }
  if (from.has_value()) {
    where += " AND end_date >= ?";
    params.push_back(*from);
  }
  return ListBlobs<v1::Absence>(tx, "absences", where, params, page, "absences");
}

// --- obligations --------------------------------------------------------------------------------

absl::StatusOr<int64_t> PersonnelStore::InsertObligation(Tx& tx, v1::Obligation& o) {
  return InsertBlob(
      tx, "INSERT INTO obligations (owner, subject, kind, state, due_at, data, version) VALUES (?, ?, ?, ?, ?, '', 1)",
      {o.owner(), o.subject(), int64_t{o.kind()}, int64_t{o.state()}, FromProtoTime(o.due_time())}, "obligations",
      "obligations", o);
}

absl::StatusOr<Versioned<v1::Obligation>> PersonnelStore::GetObligation(Tx& tx, int64_t id) {
  return GetBlob<v1::Obligation>(tx, "obligations", "obligations", id);
}

absl::Status PersonnelStore::UpdateObligation(Tx& tx, int64_t id, int64_t expected_version, const v1::Obligation& o) {
  return UpdateBlob(tx, "obligations", "state = ?", {int64_t{o.state()}}, id, expected_version, o, o.name());
}

absl::StatusOr<Page<v1::Obligation>> PersonnelStore::ListObligations(Tx& tx, const std::string& owner,
                                                                     v1::ObligationState state,
                                                                     const std::string& subject,
                                                                     const PageRequest& page) {
  std::string where = "1=1";
  std::vector<SqlParam> params;
  if (!owner.empty()) {
    where += " AND owner = ?";
    params.push_back(owner);
  }
  if (state != v1::OBLIGATION_STATE_UNSPECIFIED) {
    where += " AND state = ?";
    params.push_back(int64_t{state});
  }
  if (!subject.empty()) {
    where += " AND subject = ?";
    params.push_back(subject);
  }
  return ListBlobs<v1::Obligation>(tx, "obligations", where, params, page, "obligations");
}

// --- approval requests --------------------------------------------------------------------------

absl::StatusOr<int64_t> PersonnelStore::InsertApprovalRequest(Tx& tx, v1::ApprovalRequest& r) {
  return InsertBlob(
      tx, "INSERT INTO approval_requests (kind, subject_official, state, data, version) VALUES (?, ?, ?, '', 1)",
      {int64_t{r.kind()}, r.subject_official(), int64_t{r.state()}}, "approval_requests", "approvalRequests", r);
}

absl::StatusOr<Versioned<v1::ApprovalRequest>> PersonnelStore::GetApprovalRequest(Tx& tx, int64_t id) {
  return GetBlob<v1::ApprovalRequest>(tx, "approval_requests", "approvalRequests", id);
}

absl::Status PersonnelStore::UpdateApprovalRequest(Tx& tx, int64_t id, int64_t expected_version,
                                                   const v1::ApprovalRequest& r) {
  return UpdateBlob(tx, "approval_requests", "state = ?", {int64_t{r.state()}}, id, expected_version, r, r.name());
}

absl::StatusOr<Page<v1::ApprovalRequest>> PersonnelStore::ListApprovalRequests(Tx& tx, v1::ApprovalKind kind,
                                                                               const std::string& subject_official,
                                                                               v1::ApprovalState state,
                                                                               const PageRequest& page) {
  std::string where = "1=1";
  std::vector<SqlParam> params;
  if (kind != v1::APPROVAL_KIND_UNSPECIFIED) {
    where += " AND kind = ?";
    params.push_back(int64_t{kind});
  }
  if (!subject_official.empty()) {
    where += " AND subject_official = ?";
    params.push_back(subject_official);
  }
  if (state != v1::APPROVAL_STATE_UNSPECIFIED) {
    where += " AND state = ?";
    params.push_back(int64_t{state});
  }
  return ListBlobs<v1::ApprovalRequest>(tx, "approval_requests", where, params, page, "approvalRequests");
}

absl::StatusOr<int64_t> PersonnelStore::InsertPlanEntry(Tx& tx, v1::OutboundPlanEntry& e) {
  return InsertBlob(tx, "INSERT INTO outbound_plan_entries (year, data) VALUES (?, '')", {int64_t{e.year()}},
                    "outbound_plan_entries", "outboundPlanEntries", e);
}

absl::StatusOr<std::optional<v1::OutboundPlanEntry>> PersonnelStore::GetPlanEntry(Tx& tx, int64_t id) {
  absl::StatusOr<std::vector<SqlRow>> rows = tx.Query("SELECT data FROM outbound_plan_entries WHERE id = ?", {id});
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return std::optional<v1::OutboundPlanEntry>();
  absl::StatusOr<v1::OutboundPlanEntry> e = ParseBlob<v1::OutboundPlanEntry>(rows->front(), 0);
  if (!e.ok()) return e.status();
  return std::optional<v1::OutboundPlanEntry>(*std::move(e));
}

absl::StatusOr<Page<v1::OutboundPlanEntry>> PersonnelStore::ListPlanEntries(Tx& tx, int year, const PageRequest& page) {
  return ListBlobs<v1::OutboundPlanEntry>(
      tx, "(SELECT id, data, 1 AS version, year FROM outbound_plan_entries) e", year == 0 ? "" : "year = ?",
      year == 0 ? std::vector<SqlParam>{} : std::vector<SqlParam>{int64_t{year}}, page, "outboundPlanEntries");
}

absl::StatusOr<int64_t> PersonnelStore::InsertConductRecord(Tx& tx, v1::ConductRecord& r) {
  absl::StatusOr<std::string> official = IdOf(r.official(), "officials");
  if (!official.ok()) return official.status();
  return InsertBlob(tx, "INSERT INTO conduct_records (kind, official_id, data) VALUES (?, ?, '')",
                    {int64_t{r.kind()}, *official}, "conduct_records", "conductRecords", r);
}

absl::StatusOr<Page<v1::ConductRecord>> PersonnelStore::ListConductRecords(Tx& tx, v1::ConductKind kind,
                                                                           const std::string& official_id,
                                                                           const PageRequest& page) {
  std::string where = "1=1";
  std::vector<SqlParam> params;
  if (kind != v1::CONDUCT_KIND_UNSPECIFIED) {
    where += " AND kind = ?";
    params.push_back(int64_t{kind});
  }
  if (!official_id.empty()) {
    where += " AND official_id = ?";
    params.push_back(official_id);
  }
  return ListBlobs<v1::ConductRecord>(tx, "(SELECT id, data, 1 AS version, kind, official_id FROM conduct_records) c",
                                      where, params, page, "conductRecords");
}

}  // namespace xianfu::personnel
