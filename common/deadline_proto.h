// The calendar's deadline explanation as the API shows it (xianfu.common.v1).
#ifndef XIANFU_COMMON_DEADLINE_PROTO_H_
#define XIANFU_COMMON_DEADLINE_PROTO_H_

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/calendar.h"
#include "google/protobuf/timestamp.pb.h"
#include "xianfu/common/v1/common.pb.h"

namespace xianfu {

common::v1::DeadlineExplanation ToProto(const DeadlineExplanation& explanation);
common::v1::CivilDate ToProtoDate(absl::CivilDay day);
absl::CivilDay FromProtoDate(const common::v1::CivilDate& date);
// A real calendar date (2026-02-30 is not) inside the supported window (common/calendar.h).
bool IsValidProtoDate(const common::v1::CivilDate& date);
google::protobuf::Timestamp ToProtoTime(absl::Time time);

// A stored working-day deadline under a newly loaded calendar: its new explanation, with the
// reason it moved, or nullopt when neither its date nor its provisional mark changes (a deadline
// agreed as a date, working_days 0, never moves).
struct MovedDeadline {
  common::v1::DeadlineExplanation deadline;
  absl::CivilDay day;
  std::string reason;  // zh / en
};
std::optional<MovedDeadline> Recomputed(const common::v1::DeadlineExplanation& stored, const Calendar& previous,
                                        const Calendar& current);

// A date a request must carry (INVALID_ARGUMENT naming `field` otherwise), or may leave unset.
absl::StatusOr<absl::CivilDay> RequiredDate(const common::v1::CivilDate& date, absl::string_view field);
absl::StatusOr<absl::CivilDay> OptionalDate(const common::v1::CivilDate& date, absl::CivilDay fallback,
                                            absl::string_view field);
absl::Time FromProtoTime(const google::protobuf::Timestamp& ts);

}  // namespace xianfu

#endif  // XIANFU_COMMON_DEADLINE_PROTO_H_
