// personnel-svc's persistence: prepared statements over its own schema. The proto is the
// record (a blob); columns exist for lookups and for the invariants the database enforces.
#ifndef XIANFU_PERSONNEL_SVC_STORE_STORE_H_
#define XIANFU_PERSONNEL_SVC_STORE_STORE_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/blob_store.h"
#include "common/db.h"
#include "common/paging.h"
#include "personnel-svc/domain/org.h"

namespace xianfu::personnel {

class PersonnelStore {
 public:
  // --- organisation
  absl::Status InsertOfficial(Tx& tx, const std::string& id, const v1::Official& official);
  absl::StatusOr<Versioned<v1::Official>> GetOfficial(Tx& tx, const std::string& id);
  absl::StatusOr<Page<v1::Official>> ListOfficials(Tx& tx, const PageRequest& page);
  absl::Status InsertUnit(Tx& tx, const std::string& id, const v1::Unit& unit);
  absl::StatusOr<Versioned<v1::Unit>> GetUnit(Tx& tx, const std::string& id);
  absl::StatusOr<Page<v1::Unit>> ListUnits(Tx& tx, const PageRequest& page);
  absl::StatusOr<std::vector<UnitInfo>> AllUnits(Tx& tx);
  absl::Status InsertPost(Tx& tx, const std::string& id, const v1::Post& post);
  // With its terms filled in.
  absl::StatusOr<Versioned<v1::Post>> GetPost(Tx& tx, const std::string& id, bool for_update);
  absl::StatusOr<Page<v1::Post>> ListPosts(Tx& tx, const std::string& unit_id, const PageRequest& page);
  absl::StatusOr<bool> AnyExecutivePost(Tx& tx);
  // Ends the open term the day before `start` and opens a new one; bumps the post's version.
  absl::Status AssignPost(Tx& tx, const std::string& post_id, int64_t expected_version, const std::string& official_id,
                          absl::CivilDay start, const std::string& basis);
  // Supersedes the division in force and stores the new one with its derived rows; returns
  // the new division with its name, and the A/B pairs of the one it replaced.
  absl::StatusOr<v1::DivisionOfWork> InsertDivision(Tx& tx, v1::DivisionOfWork division,
                                                    std::vector<v1::AbPair>* previous_pairs);
  absl::StatusOr<std::optional<v1::DivisionOfWork>> DivisionOn(Tx& tx, absl::CivilDay day);

  // Everything the rules need for the days [from, to], in one round trip.
  absl::StatusOr<OrgFacts> LoadFacts(Tx& tx, absl::CivilDay from, absl::CivilDay to);

  // --- acting
  absl::StatusOr<int64_t> InsertEntrustment(Tx& tx, v1::Entrustment& entrustment);
  absl::StatusOr<Versioned<v1::Entrustment>> GetEntrustment(Tx& tx, int64_t id);
  absl::Status UpdateEntrustment(Tx& tx, int64_t id, int64_t expected_version, const v1::Entrustment& e);
  absl::StatusOr<Page<v1::Entrustment>> ListEntrustments(Tx& tx, const std::string& principal_id,
                                                         const PageRequest& page);
  absl::StatusOr<int64_t> InsertDesignation(Tx& tx, v1::Designation& designation);
  absl::StatusOr<Versioned<v1::Designation>> GetDesignation(Tx& tx, int64_t id);
  absl::Status UpdateDesignation(Tx& tx, int64_t id, int64_t expected_version, const v1::Designation& d);
  absl::StatusOr<Page<v1::Designation>> ListDesignations(Tx& tx, v1::DesignationState state, const PageRequest& page);

  // --- absences
  absl::StatusOr<int64_t> InsertAbsence(Tx& tx, v1::Absence& absence);
  absl::StatusOr<Versioned<v1::Absence>> GetAbsence(Tx& tx, int64_t id);
  absl::Status UpdateAbsence(Tx& tx, int64_t id, int64_t expected_version, const v1::Absence& a);
  absl::StatusOr<Page<v1::Absence>> ListAbsences(Tx& tx, const std::string& official_id,
                                                 std::optional<absl::CivilDay> from, std::optional<absl::CivilDay> to,
                                                 const PageRequest& page);

  // --- obligations
  absl::StatusOr<int64_t> InsertObligation(Tx& tx, v1::Obligation& obligation);
  absl::StatusOr<Versioned<v1::Obligation>> GetObligation(Tx& tx, int64_t id);
  absl::Status UpdateObligation(Tx& tx, int64_t id, int64_t expected_version, const v1::Obligation& o);
  absl::StatusOr<Page<v1::Obligation>> ListObligations(Tx& tx, const std::string& owner, v1::ObligationState state,
                                                       const std::string& subject, const PageRequest& page);

  // --- approval requests
  absl::StatusOr<int64_t> InsertApprovalRequest(Tx& tx, v1::ApprovalRequest& request);
  absl::StatusOr<Versioned<v1::ApprovalRequest>> GetApprovalRequest(Tx& tx, int64_t id);
  absl::Status UpdateApprovalRequest(Tx& tx, int64_t id, int64_t expected_version, const v1::ApprovalRequest& r);
  absl::StatusOr<Page<v1::ApprovalRequest>> ListApprovalRequests(Tx& tx, v1::ApprovalKind kind,
                                                                 const std::string& subject_official,
                                                                 v1::ApprovalState state, const PageRequest& page);
  absl::StatusOr<int64_t> InsertPlanEntry(Tx& tx, v1::OutboundPlanEntry& entry);
  absl::StatusOr<std::optional<v1::OutboundPlanEntry>> GetPlanEntry(Tx& tx, int64_t id);
  absl::StatusOr<Page<v1::OutboundPlanEntry>> ListPlanEntries(Tx& tx, int year, const PageRequest& page);

  // --- records
  absl::StatusOr<int64_t> InsertConductRecord(Tx& tx, v1::ConductRecord& record);
  absl::StatusOr<Page<v1::ConductRecord>> ListConductRecords(Tx& tx, v1::ConductKind kind,
                                                             const std::string& official_id, const PageRequest& page);
};

}  // namespace xianfu::personnel

#endif  // XIANFU_PERSONNEL_SVC_STORE_STORE_H_
