// document-svc's persistence: documents with their search terms, countersigns, handling items
// and the issue-number counters.
#ifndef XIANFU_DOCUMENT_SVC_STORE_STORE_H_
#define XIANFU_DOCUMENT_SVC_STORE_STORE_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/blob_store.h"
#include "common/db.h"
#include "xianfu/document/v1/document.pb.h"

namespace xianfu::document {

namespace v1 = ::xianfu::document::v1;

struct DocumentFilter {
  v1::DocumentState state = v1::DOCUMENT_STATE_UNSPECIFIED;
  std::string unit;    // "units/…"
  std::string leader;  // routed or acting leader, "officials/…"
  std::vector<std::string> leaders_any;  // pending-for-me: any of these as routed or acting leader
  std::vector<v1::DocumentState> states_any;
  std::vector<std::string> terms;  // all must match (bigram index)
  bool normative_catalogue = false;
};

class DocumentStore {
 public:
  absl::StatusOr<int64_t> InsertDocument(Tx& tx, v1::Document& document);
  absl::StatusOr<Versioned<v1::Document>> GetDocument(Tx& tx, int64_t id);
  // Stores the document and refreshes its key columns and search terms.
  absl::Status UpdateDocument(Tx& tx, int64_t id, int64_t expected_version, const v1::Document& document);
  absl::StatusOr<Page<v1::Document>> ListDocuments(Tx& tx, const DocumentFilter& filter, const PageRequest& page);

  absl::StatusOr<int64_t> InsertCountersign(Tx& tx, v1::Countersign& countersign);
  absl::StatusOr<Versioned<v1::Countersign>> GetCountersign(Tx& tx, int64_t id);
  absl::Status UpdateCountersign(Tx& tx, int64_t id, int64_t expected_version, const v1::Countersign& c);
  absl::StatusOr<Page<v1::Countersign>> ListCountersigns(Tx& tx, int64_t document_id, const std::string& unit,
                                                         v1::CountersignState state, const PageRequest& page,
                                                         std::optional<absl::Time> due_before = std::nullopt);

  absl::StatusOr<int64_t> InsertHandlingItem(Tx& tx, v1::HandlingItem& item);
  absl::StatusOr<Versioned<v1::HandlingItem>> GetHandlingItem(Tx& tx, int64_t id);
  absl::Status UpdateHandlingItem(Tx& tx, int64_t id, int64_t expected_version, const v1::HandlingItem& item);
  absl::StatusOr<Page<v1::HandlingItem>> ListHandlingItems(Tx& tx, const std::string& unit, v1::HandlingState state,
                                                           std::optional<absl::CivilDay> due_by,
                                                           const PageRequest& page);

  // The next issue number for a prefix and year; gapless because the counter row is locked
  // until the issuing transaction commits.
  absl::StatusOr<int64_t> NextNumber(Tx& tx, const std::string& prefix, int year);

 private:
  absl::Status IndexTerms(Tx& tx, int64_t id, const v1::Document& document);
};

}  // namespace xianfu::document

#endif  // XIANFU_DOCUMENT_SVC_STORE_STORE_H_
