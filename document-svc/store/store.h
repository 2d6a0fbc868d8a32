// document-svc's persistence: documents with their search terms, countersigns, handling items
// and the issue-number counters.
#ifndef XIANFU_DOCUMENT_SVC_STORE_STORE_H_
#define XIANFU_DOCUMENT_SVC_STORE_STORE_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/db.h"
#include "common/record_table.h"
#include "xianfu/document/v1/document.pb.h"

namespace xianfu::document {

namespace v1 = ::xianfu::document::v1;

struct DocumentFilter {
  v1::DocumentState state = v1::DOCUMENT_STATE_UNSPECIFIED;
  std::string unit;                      // "units/…"
  std::string leader;                    // routed or acting leader, "officials/…"
  std::vector<std::string> leaders_any;  // pending-for-me: any of these as routed or acting leader
  std::vector<v1::DocumentState> states_any;
  std::vector<std::string> terms;  // all must match (the full-text index of terms)
  bool normative_catalogue = false;
};

class DocumentStore {
 public:
  DocumentStore();
  void Register(TableRegistry& registry) const;

  // A document's search terms are rewritten with it.
  const BlobTable<v1::Document> documents;
  const BlobTable<v1::Countersign> countersigns;
  const BlobTable<v1::HandlingItem> handling_items;

  absl::StatusOr<PageQuery<v1::Document>> ListDocuments(const DocumentFilter& filter, const PageRequest& page) const;
  absl::StatusOr<PageQuery<v1::Countersign>> ListCountersigns(
      const std::string& document, const std::string& unit, v1::CountersignState state, const PageRequest& page,
      std::optional<absl::Time> due_before = std::nullopt) const;
  // Every countersign of a document (one per department asked: a handful). `last_read`: the
  // read goes with the transaction's COMMIT, one round trip (Tx::QueryAndCommit).
  absl::StatusOr<std::vector<v1::Countersign>> CountersignsOf(Tx& tx, const std::string& document,
                                                              bool last_read = false) const;
  absl::StatusOr<PageQuery<v1::HandlingItem>> ListHandlingItems(const std::string& unit, v1::HandlingState state,
                                                                std::optional<absl::CivilDay> due_by,
                                                                const PageRequest& page) const;
  // DOC-22(b): the briefing series a unit already submits (besides `except`).
  absl::StatusOr<std::set<std::string>> BriefingSeriesOf(Tx& tx, const std::string& unit,
                                                         const std::string& except) const;

  // The next issue number for a prefix and year; gapless because the counter row is locked
  // until the issuing transaction commits.
  absl::StatusOr<int64_t> NextNumber(Tx& tx, const std::string& prefix, int year) const;
};

}  // namespace xianfu::document

#endif  // XIANFU_DOCUMENT_SVC_STORE_STORE_H_
