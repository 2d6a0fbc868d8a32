#include "document-svc/store/store.h"

#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/deadline_proto.h"
#include "common/status_macros.h"
#include "document-svc/domain/rules.h"

namespace xianfu::document {
namespace {

// The longest term indexed, in bytes (as document_terms kept them): its full-text word, 65
// characters, is within InnoDB's longest (innodb_ft_max_token_size, 84 by default).
constexpr size_t kLongestIndexedTerm = 32;

// The search index: the terms of the title and request items, one row per document whose
// `terms` column holds each term as a full-text word (SearchWord), kept in step with the document.
std::set<std::string> IndexedTerms(const v1::Document& d) {
  std::string text = d.title();
  for (const std::string& item : d.request_items()) absl::StrAppend(&text, " ", item);
  std::set<std::string> terms;
  for (const std::string& term : SearchTerms(text)) {
    if (term.size() <= kLongestIndexedTerm) terms.insert(term);
  }
  return terms;
}

// A term as a word InnoDB's full-text parser keeps whole: 't' and the hex of its UTF-8 bytes (it
// splits on spaces and punctuation and skips words under three characters; MariaDB has no
// bigram parser). V0009 wrote the older index's terms the same way, with SQL's HEX().
std::string SearchWord(absl::string_view term) {
  return absl::StrCat("t", absl::AsciiStrToUpper(absl::BytesToHexString(term)));
}

// An update rewrites the row only when the terms changed: most verbs leave the title alone and
// then touch no index row. So an update must carry the document as it was (the apply step's
// generic act does). The row only follows the document: it goes with the COMMIT.
absl::Status IndexTerms(Tx& tx, const v1::Document& d, bool created, const v1::Document* before) {
  ASSIGN_OR_RETURN(id, NumericIdOf(d.name(), "documents"));
  if (!created && before == nullptr) {
    return absl::InternalError(absl::StrCat("an update of ", d.name(), " came without the document as it was"));
  }
  const std::set<std::string> terms = IndexedTerms(d);
  if (created ? terms.empty() : terms == IndexedTerms(*before)) return absl::OkStatus();
  std::vector<std::string> words;
  for (const std::string& term : terms) words.push_back(SearchWord(term));
  // An update may meet no row: a document created without terms has none.
  tx.Defer(
      "INSERT INTO document_search (document_id, terms) VALUES (?, ?) ON DUPLICATE KEY UPDATE terms = VALUES(terms)",
      {id, absl::StrJoin(words, " ")});
  return absl::OkStatus();
}

}  // namespace

DocumentStore::DocumentStore()
    : documents(
          "documents", "documents",
          {{"unit_id", [](const v1::Document& d) -> SqlParam { return IdPartOf(d.unit()); }},
           {"direction", [](const v1::Document& d) -> SqlParam { return int64_t{d.direction()}; }},
           {"state", [](const v1::Document& d) -> SqlParam { return int64_t{d.state()}; }},
           {"classification", [](const v1::Document& d) -> SqlParam { return int64_t{d.classification()}; }},
           {"routed_leader", [](const v1::Document& d) -> SqlParam { return IdPartOf(d.routed_leader()); }},
           {"acting_leader", [](const v1::Document& d) -> SqlParam { return IdPartOf(d.acting_leader()); }},
           {"normative_status", [](const v1::Document& d) -> SqlParam { return int64_t{d.normative().status()}; }},
           {"created_at", [](const v1::Document& d) -> SqlParam { return FromProtoTime(d.create_time()); }},
           {"briefing_series",
            [](const v1::Document& d) -> SqlParam {
              return d.kind() == v1::DOCUMENT_KIND_BRIEFING ? d.briefing_series() : std::string();
            }}},
          {.string_ids = false, .after_write = IndexTerms}),
      countersigns(
          "countersigns", "countersigns",
          {{"document_id",
            [](const v1::Countersign& c) -> SqlParam {
              absl::StatusOr<int64_t> id = NumericIdOf(c.document(), "documents");
              return id.ok() ? *id : int64_t{0};
            }},
           {"requested_unit", [](const v1::Countersign& c) -> SqlParam { return IdPartOf(c.requested_unit()); }},
           {"state", [](const v1::Countersign& c) -> SqlParam { return int64_t{c.state()}; }},
           {"due_at", [](const v1::Countersign& c) -> SqlParam { return FromProtoTime(c.deadline_time()); }}}),
      handling_items(
          "handling_items", "handlingItems",
          {{"handling_unit", [](const v1::HandlingItem& i) -> SqlParam { return IdPartOf(i.handling_unit()); }},
           {"state", [](const v1::HandlingItem& i) -> SqlParam { return int64_t{i.state()}; }},
           {"deadline", [](const v1::HandlingItem& i) -> SqlParam { return FromProtoDate(i.deadline()); }}}) {}

void DocumentStore::Register(TableRegistry& registry) const {
  registry.Add(&documents);
  registry.Add(&countersigns);
  registry.Add(&handling_items);
}

absl::StatusOr<PageQuery<v1::Document>> DocumentStore::ListDocuments(const DocumentFilter& f,
                                                                     const PageRequest& page) const {
  Filter filter;
  filter.Eq("state", int64_t{f.state}).Eq("unit_id", IdPartOf(f.unit));
  if (!f.states_any.empty()) {
    std::vector<int64_t> states(f.states_any.begin(), f.states_any.end());
    filter.Where(absl::StrCat("state IN (", filter.Marks(states), ")"));
  }
  if (!f.leader.empty()) {
    filter.Where("(routed_leader = ? OR acting_leader = ?)", {IdPartOf(f.leader), IdPartOf(f.leader)});
  }
  if (!f.leaders_any.empty()) {
    std::vector<std::string> bare;
    for (const std::string& l : f.leaders_any) bare.push_back(IdPartOf(l));
    const std::string routed = filter.Marks(bare);
    const std::string acting = filter.Marks(bare);
    filter.Where(absl::StrCat("(routed_leader IN (", routed, ") OR acting_leader IN (", acting, "))"));
  }
  if (f.normative_catalogue) {
    filter.Where("state IN (?, ?) AND normative_status IN (?, ?)",
                 {int64_t{v1::DOCUMENT_STATE_ISSUED}, int64_t{v1::DOCUMENT_STATE_ARCHIVED},
                  int64_t{v1::NORMATIVE_STATUS_VALID}, int64_t{v1::NORMATIVE_STATUS_AMENDED}});
  }
  if (!f.terms.empty()) {
    // Every term of the query must index the document ('+' makes each word required). A term
    // longer than the index keeps (IndexedTerms) is in no document; the full-text parser would
    // drop it from the question instead.
    std::vector<std::string> required;
    for (const std::string& term : f.terms) {
      if (term.size() > kLongestIndexedTerm) filter.Where("1 = 0");
      required.push_back(absl::StrCat("+", SearchWord(term)));
    }
    filter.Where("id IN (SELECT document_id FROM document_search WHERE MATCH (terms) AGAINST (? IN BOOLEAN MODE))",
                 {absl::StrJoin(required, " ")});
  }
  return documents.ListQuery(filter, page);
}

absl::StatusOr<PageQuery<v1::Countersign>> DocumentStore::ListCountersigns(const std::string& document,
                                                                           const std::string& unit,
                                                                           v1::CountersignState state,
                                                                           const PageRequest& page,
                                                                           std::optional<absl::Time> due_before) const {
  Filter filter;
  if (!document.empty()) {
    ASSIGN_OR_RETURN(id, NumericIdOf(document, "documents"));
    filter.Eq("document_id", id);
  }
  filter.Eq("requested_unit", IdPartOf(unit)).Eq("state", int64_t{state});
  if (due_before.has_value()) filter.Where("due_at < ?", {*due_before});
  return countersigns.ListQuery(filter, page);
}

absl::StatusOr<std::vector<v1::Countersign>> DocumentStore::CountersignsOf(Tx& tx, const std::string& document,
                                                                           bool last_read) const {
  ASSIGN_OR_RETURN(id, NumericIdOf(document, "documents"));
  const SqlStatement all = countersigns.AllStatement("document_id = ?", {id});
  if (last_read) {
    ASSIGN_OR_RETURN(rows, tx.QueryAndCommit({all}));
    return countersigns.FromRows(rows[0]);
  }
  ASSIGN_OR_RETURN(rows, tx.Query(all.sql, all.params));
  return countersigns.FromRows(rows);
}

absl::StatusOr<PageQuery<v1::HandlingItem>> DocumentStore::ListHandlingItems(const std::string& unit,
                                                                             v1::HandlingState state,
                                                                             std::optional<absl::CivilDay> due_by,
                                                                             const PageRequest& page) const {
  Filter filter;
  filter.Eq("handling_unit", IdPartOf(unit)).Eq("state", int64_t{state});
  if (due_by.has_value()) filter.Where("deadline <= ?", {*due_by});
  return handling_items.ListQuery(filter, page);
}

absl::StatusOr<std::set<std::string>> DocumentStore::BriefingSeriesOf(Tx& tx, const std::string& unit,
                                                                      const std::string& except) const {
  ASSIGN_OR_RETURN(except_id, NumericIdOf(except, "documents"));
  // Submitted ones count: a draft or a returned briefing is not a series the unit sends.
  const std::string submitted = "unit_id = ? AND id <> ? AND state NOT IN (?, ?)";
  const std::vector<SqlParam> params = {IdPartOf(unit), except_id, int64_t{v1::DOCUMENT_STATE_DRAFT},
                                        int64_t{v1::DOCUMENT_STATE_RETURNED}};
  std::set<std::string> series;
  ASSIGN_OR_RETURN(rows, tx.Query(absl::StrCat("SELECT DISTINCT briefing_series FROM documents WHERE ", submitted,
                                               " AND briefing_series <> ''"),
                                  params));
  for (const SqlRow& row : rows) series.insert(row.Str(0));
  // Rows written before the column (NULL) are judged by their record.
  PageRequest page{500, ""};
  for (;;) {
    ASSIGN_OR_RETURN(batch, documents.List(tx, absl::StrCat(submitted, " AND briefing_series IS NULL"), params, page));
    for (const v1::Document& other : batch.items) {
      if (other.kind() == v1::DOCUMENT_KIND_BRIEFING && !other.briefing_series().empty()) {
        series.insert(other.briefing_series());
      }
    }
    if (batch.next_page_token.empty()) return series;
    page.after = batch.items.back().name().substr(std::string("documents/").size());
  }
}

absl::StatusOr<int64_t> DocumentStore::NextNumber(Tx& tx, const std::string& prefix, int year) const {
  RETURN_IF_ERROR(tx.Exec("INSERT INTO document_numbers (prefix, year, last_number) VALUES (?, ?, 0)"
                          " ON DUPLICATE KEY UPDATE last_number = last_number",
                          {prefix, int64_t{year}})
                      .status());
  ASSIGN_OR_RETURN(row, tx.QueryOne("SELECT last_number FROM document_numbers WHERE prefix = ? AND year = ? FOR UPDATE",
                                    {prefix, int64_t{year}}));
  const int64_t next = row.Int(0) + 1;
  RETURN_IF_ERROR(tx.Exec("UPDATE document_numbers SET last_number = ? WHERE prefix = ? AND year = ?",
                          {next, prefix, int64_t{year}})
                      .status());
  return next;
}

}  // namespace xianfu::document
