// meeting-svc's persistence: meetings, topics, leave requests, minutes, matters, decisions,
// county-wide meetings and meeting plans, each a BlobTable with the key columns its lists need.
#ifndef XIANFU_MEETING_SVC_STORE_STORE_H_
#define XIANFU_MEETING_SVC_STORE_STORE_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/db.h"
#include "common/record_table.h"
#include "xianfu/meeting/v1/meeting.pb.h"

namespace xianfu::meeting {

namespace v1 = ::xianfu::meeting::v1;

class MeetingStore {
 public:
  MeetingStore();
  void Register(TableRegistry& registry) const;

  const BlobTable<v1::Meeting> meetings;
  const BlobTable<v1::Topic> topics;
  const BlobTable<v1::LeaveRequest> leave_requests;
  const BlobTable<v1::Minutes> minutes;
  const BlobTable<v1::Matter> matters;
  const BlobTable<v1::Decision> decisions;
  const BlobTable<v1::CountyMeeting> county_meetings;
  const BlobTable<v1::MeetingPlan> meeting_plans;

  absl::StatusOr<PageQuery<v1::Meeting>> ListMeetings(v1::MeetingKind kind, std::optional<absl::CivilDay> from,
                                                      std::optional<absl::CivilDay> to, const PageRequest& page) const;
  // Scheduled meetings of `kind` after `day`, earliest first (at most `limit`).
  absl::StatusOr<std::vector<v1::Meeting>> LaterMeetings(Tx& tx, v1::MeetingKind kind, absl::CivilDay day,
                                                         int limit) const;
  // Every topic of a meeting.
  absl::StatusOr<std::vector<v1::Topic>> TopicsOf(Tx& tx, const std::string& meeting) const;
  // An official's leave requests for a meeting, newest last.
  absl::StatusOr<std::vector<v1::LeaveRequest>> LeaveOf(Tx& tx, const std::string& meeting,
                                                        const std::string& official) const;
  // AMB-05: the sum of the fiscal year's fund adjustments of one project and purpose.
  absl::StatusOr<int64_t> ProjectTotal(Tx& tx, const std::string& project_code, const std::string& purpose,
                                       int fiscal_year) const;
  // MTG-26(d): a unit's county-wide meetings in a year.
  absl::StatusOr<int> CountyMeetingsIn(Tx& tx, const std::string& unit, int year) const;
};

}  // namespace xianfu::meeting

#endif  // XIANFU_MEETING_SVC_STORE_STORE_H_
