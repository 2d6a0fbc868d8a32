// The calendar's deadline explanation as the API shows it (xianfu.common.v1).
#ifndef XIANFU_COMMON_DEADLINE_PROTO_H_
#define XIANFU_COMMON_DEADLINE_PROTO_H_

#include "common/calendar.h"
#include "google/protobuf/timestamp.pb.h"
#include "xianfu/common/v1/common.pb.h"

namespace xianfu {

common::v1::DeadlineExplanation ToProto(const DeadlineExplanation& explanation);
common::v1::CivilDate ToProtoDate(absl::CivilDay day);
absl::CivilDay FromProtoDate(const common::v1::CivilDate& date);
// A real calendar date (2026-02-30 is not), years 1900–9999.
bool IsValidProtoDate(const common::v1::CivilDate& date);
google::protobuf::Timestamp ToProtoTime(absl::Time time);
absl::Time FromProtoTime(const google::protobuf::Timestamp& ts);

}  // namespace xianfu

#endif  // XIANFU_COMMON_DEADLINE_PROTO_H_
