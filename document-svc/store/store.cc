#include "document-svc/store/store.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "document-svc/domain/rules.h"

namespace xianfu::document {
namespace {

std::string Bare(const std::string& name) {
  const size_t slash = name.find('/');
  return slash == std::string::npos ? name : name.substr(slash + 1);
}

std::vector<SqlParam> KeyColumns(const v1::Document& d) {
  return {Bare(d.unit()),
          int64_t{d.direction()},
          int64_t{d.state()},
          int64_t{d.classification()},
          Bare(d.routed_leader()),
          Bare(d.acting_leader()),
          int64_t{d.normative().status()}};
}

}  // namespace

absl::Status DocumentStore::IndexTerms(Tx& tx, int64_t id, const v1::Document& d) {
  absl::StatusOr<int64_t> cleared = tx.Exec("DELETE FROM document_terms WHERE document_id = ?", {id});
  if (!cleared.ok()) return cleared.status();
  std::string text = d.title();
  for (const std::string& item : d.request_items()) absl::StrAppend(&text, " ", item);
  for (const std::string& term : SearchTerms(text)) {
    if (term.size() > 32) continue;
    absl::StatusOr<int64_t> n =
        tx.Exec("INSERT IGNORE INTO document_terms (term, document_id) VALUES (?, ?)", {term, id});
    if (!n.ok()) return n.status();
  }
  return absl::OkStatus();
}

absl::StatusOr<int64_t> DocumentStore::InsertDocument(Tx& tx, v1::Document& d) {
  std::vector<SqlParam> params = KeyColumns(d);
  absl::StatusOr<int64_t> id = InsertBlob(
      tx,
      "INSERT INTO documents (unit_id, direction, state, classification, routed_leader, acting_leader,"
      " normative_status, data, version, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, '', 1, UTC_TIMESTAMP(6))",
      params, "documents", "documents", d);
  if (!id.ok()) return id.status();
  if (absl::Status s = IndexTerms(tx, *id, d); !s.ok()) return s;
  return *id;
}

absl::StatusOr<Versioned<v1::Document>> DocumentStore::GetDocument(Tx& tx, int64_t id) {
  return GetBlob<v1::Document>(tx, "documents", "documents", id);
}

absl::Status DocumentStore::UpdateDocument(Tx& tx, int64_t id, int64_t expected_version, const v1::Document& d) {
  absl::Status s = UpdateBlob(tx, "documents",
                              "unit_id = ?, direction = ?, state = ?, classification = ?, routed_leader = ?,"
                              " acting_leader = ?, normative_status = ?",
                              KeyColumns(d), id, expected_version, d, d.name());
  if (!s.ok()) return s;
  return IndexTerms(tx, id, d);
}

absl::StatusOr<Page<v1::Document>> DocumentStore::ListDocuments(Tx& tx, const DocumentFilter& f,
                                                                const PageRequest& page) {
  std::vector<std::string> where;
  std::vector<SqlParam> params;
  if (f.state != v1::DOCUMENT_STATE_UNSPECIFIED) {
    where.push_back("state = ?");
    params.push_back(int64_t{f.state});
  }
  if (!f.states_any.empty()) {
    std::vector<std::string> marks;
    for (v1::DocumentState s : f.states_any) {
      marks.push_back("?");
      params.push_back(int64_t{s});
    }
    where.push_back(absl::StrCat("state IN (", absl::StrJoin(marks, ","), ")"));
  }
  if (!f.unit.empty()) {
    where.push_back("unit_id = ?");
    params.push_back(Bare(f.unit));
  }
  if (!f.leader.empty()) {
    where.push_back("(routed_leader = ? OR acting_leader = ?)");
    params.push_back(Bare(f.leader));
    params.push_back(Bare(f.leader));
  }
  if (!f.leaders_any.empty()) {
    std::vector<std::string> marks;
    for (const std::string& l : f.leaders_any) {
      marks.push_back("?");
      params.push_back(Bare(l));
    }
    const std::string list = absl::StrJoin(marks, ",");
    for (const std::string& l : f.leaders_any) params.push_back(Bare(l));
    where.push_back(absl::StrCat("(routed_leader IN (", list, ") OR acting_leader IN (", list, "))"));
  }
  if (f.normative_catalogue) {
    where.push_back("state IN (?, ?) AND normative_status IN (?, ?)");
    params.push_back(int64_t{v1::DOCUMENT_STATE_ISSUED});
    params.push_back(int64_t{v1::DOCUMENT_STATE_ARCHIVED});
    params.push_back(int64_t{v1::NORMATIVE_STATUS_VALID});
    params.push_back(int64_t{v1::NORMATIVE_STATUS_AMENDED});
  }
  if (!f.terms.empty()) {
    // Every bigram of the query must index the document: one indexed lookup per term.
    std::vector<std::string> marks;
    for (const std::string& t : f.terms) {
      marks.push_back("?");
      params.push_back(t);
    }
    where.push_back(absl::StrCat("id IN (SELECT document_id FROM document_terms WHERE term IN (",
                                 absl::StrJoin(marks, ","), ") GROUP BY document_id HAVING COUNT(*) = ",
                                 f.terms.size(), ")"));
  }
  return ListBlobs<v1::Document>(tx, "documents", absl::StrJoin(where, " AND "), params, page, "documents");
}

absl::StatusOr<int64_t> DocumentStore::InsertCountersign(Tx& tx, v1::Countersign& c) {
  absl::StatusOr<int64_t> document_id = NumericIdOf(c.document(), "documents");
  if (!document_id.ok()) return document_id.status();
  return InsertBlob(tx,
                    "INSERT INTO countersigns (document_id, requested_unit, state, due_at, data, version)"
                    " VALUES (?, ?, ?, ?, '', 1)",
                    {*document_id, Bare(c.requested_unit()), int64_t{c.state()},
                     absl::FromUnixSeconds(c.deadline_time().seconds())},
                    "countersigns", "countersigns", c);
}

absl::StatusOr<Versioned<v1::Countersign>> DocumentStore::GetCountersign(Tx& tx, int64_t id) {
  return GetBlob<v1::Countersign>(tx, "countersigns", "countersigns", id);
}

absl::Status DocumentStore::UpdateCountersign(Tx& tx, int64_t id, int64_t expected_version, const v1::Countersign& c) {
  return UpdateBlob(tx, "countersigns", "state = ?, due_at = ?",
                    {int64_t{c.state()}, absl::FromUnixSeconds(c.deadline_time().seconds())}, id, expected_version, c,
                    c.name());
}

absl::StatusOr<Page<v1::Countersign>> DocumentStore::ListCountersigns(Tx& tx, int64_t document_id,
                                                                      const std::string& unit,
                                                                      v1::CountersignState state,
                                                                      const PageRequest& page,
                                                                      std::optional<absl::Time> due_before) {
  std::vector<std::string> where;
  std::vector<SqlParam> params;
  if (document_id > 0) {
    where.push_back("document_id = ?");
    params.push_back(document_id);
  }
  if (!unit.empty()) {
    where.push_back("requested_unit = ?");
    params.push_back(Bare(unit));
  }
  if (state != v1::COUNTERSIGN_STATE_UNSPECIFIED) {
    where.push_back("state = ?");
    params.push_back(int64_t{state});
  }
  if (due_before.has_value()) {
    where.push_back("due_at < ?");
    params.push_back(*due_before);
  }
  return ListBlobs<v1::Countersign>(tx, "countersigns", absl::StrJoin(where, " AND "), params, page, "countersigns");
}

absl::StatusOr<int64_t> DocumentStore::InsertHandlingItem(Tx& tx, v1::HandlingItem& item) {
  return InsertBlob(tx,
                    "INSERT INTO handling_items (handling_unit, state, deadline, data, version) VALUES (?, ?, ?, '', 1)",
                    {Bare(item.handling_unit()), int64_t{item.state()},
                     absl::CivilDay(item.deadline().year(), item.deadline().month(), item.deadline().day())},
                    "handling_items", "handlingItems", item);
}

absl::StatusOr<Versioned<v1::HandlingItem>> DocumentStore::GetHandlingItem(Tx& tx, int64_t id) {
  return GetBlob<v1::HandlingItem>(tx, "handling_items", "handlingItems", id);
}

absl::Status DocumentStore::UpdateHandlingItem(Tx& tx, int64_t id, int64_t expected_version,
                                               const v1::HandlingItem& item) {
  return UpdateBlob(tx, "handling_items", "state = ?, deadline = ?",
                    {int64_t{item.state()},
                     absl::CivilDay(item.deadline().year(), item.deadline().month(), item.deadline().day())},
                    id, expected_version, item, item.name());
}

absl::StatusOr<Page<v1::HandlingItem>> DocumentStore::ListHandlingItems(Tx& tx, const std::string& unit,
                                                                        v1::HandlingState state,
                                                                        std::optional<absl::CivilDay> due_by,
                                                                        const PageRequest& page) {
  std::vector<std::string> where;
  std::vector<SqlParam> params;
  if (!unit.empty()) {
    where.push_back("handling_unit = ?");
    params.push_back(Bare(unit));
  }
  if (state != v1::HANDLING_STATE_UNSPECIFIED) {
    where.push_back("state = ?");
    params.push_back(int64_t{state});
  }
  if (due_by.has_value()) {
    where.push_back("deadline <= ?");
    params.push_back(*due_by);
  }
  return ListBlobs<v1::HandlingItem>(tx, "handling_items", absl::StrJoin(where, " AND "), params, page,
                                     "handlingItems");
}

absl::StatusOr<int64_t> DocumentStore::NextNumber(Tx& tx, const std::string& prefix, int year) {
  absl::StatusOr<int64_t> created = tx.Exec(
      "INSERT INTO document_numbers (prefix, year, last_number) VALUES (?, ?, 0)"
      " ON DUPLICATE KEY UPDATE last_number = last_number",
      {prefix, int64_t{year}});
  if (!created.ok()) return created.status();
  absl::StatusOr<SqlRow> row = tx.QueryOne(
      "SELECT last_number FROM document_numbers WHERE prefix = ? AND year = ? FOR UPDATE", {prefix, int64_t{year}});
  if (!row.ok()) return row.status();
  const int64_t next = row->Int(0) + 1;
  absl::StatusOr<int64_t> n = tx.Exec("UPDATE document_numbers SET last_number = ? WHERE prefix = ? AND year = ?",
                                      {next, prefix, int64_t{year}});
  if (!n.ok()) return n.status();
  return next;
}

}  // namespace xianfu::document
