#include "common/deadline_proto.h"

namespace xianfu {

common::v1::CivilDate ToProtoDate(absl::CivilDay day) {
  common::v1::CivilDate d;
  d.set_year(static_cast<int32_t>(day.year()));
  d.set_month(day.month());
  d.set_day(day.day());
  return d;
}

absl::CivilDay FromProtoDate(const common::v1::CivilDate& date) {
  return absl::CivilDay(date.year(), date.month(), date.day());
}

bool IsValidProtoDate(const common::v1::CivilDate& date) {
  if (date.year() < 1900 || date.year() > 9999 || date.month() < 1 || date.month() > 12 || date.day() < 1 ||
      date.day() > 31) {
    return false;
  }
  // CivilDay normalises 2026-02-30 to 2026-03-02; a real date survives the round trip.
  const absl::CivilDay d = FromProtoDate(date);
  return d.month() == date.month() && d.day() == date.day();
}

google::protobuf::Timestamp ToProtoTime(absl::Time time) {
  google::protobuf::Timestamp ts;
  const int64_t micros = absl::ToUnixMicros(time);
  int64_t seconds = micros / 1000000;
  int64_t rest = micros % 1000000;
  if (rest < 0) {
    rest += 1000000;
    --seconds;
  }
  ts.set_seconds(seconds);
  ts.set_nanos(static_cast<int32_t>(rest * 1000));
  return ts;
}

absl::Time FromProtoTime(const google::protobuf::Timestamp& ts) {
  return absl::FromUnixSeconds(ts.seconds()) + absl::Nanoseconds(ts.nanos());
}

common::v1::DeadlineExplanation ToProto(const DeadlineExplanation& e) {
  common::v1::DeadlineExplanation out;
  *out.mutable_start() = ToProtoDate(e.start);
  out.set_working_days(e.working_days);
  *out.mutable_deadline() = ToProtoDate(e.deadline);
  out.set_calendar_version(e.calendar_version);
  out.set_provisional(e.provisional);
  for (const SkippedDay& s : e.skipped) {
    common::v1::SkippedDay* day = out.add_skipped();
    *day->mutable_date() = ToProtoDate(s.day);
    day->set_reason(s.reason_zh);
  }
  out.set_text_zh(e.text_zh);
  out.set_text_en(e.text_en);
  return out;
}

}  // namespace xianfu
