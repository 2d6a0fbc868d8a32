// personnel-svc's persistence: its tables (the proto is the record, columns exist for lookups and
// for the invariants the database enforces) and the queries the organisation view is built from.
#ifndef XIANFU_PERSONNEL_SVC_STORE_STORE_H_
#define XIANFU_PERSONNEL_SVC_STORE_STORE_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/db.h"
#include "common/record_table.h"
#include "personnel-svc/domain/org.h"

namespace xianfu::personnel {

class PersonnelStore {
 public:
  PersonnelStore();

  // Every table, for the apply step.
  void Register(TableRegistry& registry) const;

  const BlobTable<v1::Official> officials;
  const BlobTable<v1::Unit> units;
  // Terms live in post_terms (written after the post); a post read alone has none.
  const BlobTable<v1::Post> posts;
  // A new division writes its portfolio and A/B rows; superseding one ends them.
  const BlobTable<v1::DivisionOfWork> divisions;
  const BlobTable<v1::Entrustment> entrustments;
  const BlobTable<v1::Designation> designations;
  const BlobTable<v1::Absence> absences;
  const BlobTable<v1::Obligation> obligations;
  const BlobTable<v1::ApprovalRequest> approval_requests;
  const BlobTable<v1::OutboundPlanEntry> plan_entries;
  const BlobTable<v1::ConductRecord> conduct_records;

  // Every term of a post, oldest first.
  absl::StatusOr<std::vector<v1::PostTerm>> TermsOf(Tx& tx, const std::string& post) const;
  // A page of posts with their terms.
  absl::StatusOr<PageQuery<v1::Post>> ListPosts(const std::string& unit, const PageRequest& page) const;
  // The newest division, if any (the one a new division supersedes).
  absl::StatusOr<std::optional<Versioned<v1::DivisionOfWork>>> LatestDivision(Tx& tx) const;
  absl::StatusOr<std::optional<v1::DivisionOfWork>> DivisionOn(Tx& tx, absl::CivilDay day) const;

  // Everything the rules need for the days [from, to] — posts held, portfolios, A/B pairs,
  // absences, entrustments, designations, names, units, posts and divisions — in a few queries.
  absl::StatusOr<OrgFacts> LoadFacts(Tx& tx, absl::CivilDay from, absl::CivilDay to) const;
};

}  // namespace xianfu::personnel

#endif  // XIANFU_PERSONNEL_SVC_STORE_STORE_H_
