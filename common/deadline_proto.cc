#include "common/deadline_proto.h"

#include "absl/strings/str_cat.h"

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
  if (date.year() < kFirstSupportedDay.year() || date.year() > kLastSupportedDay.year() || date.month() < 1 || date.month() > 12 || date.day() < 1 ||
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

std::optional<MovedDeadline> Recomputed(const common::v1::DeadlineExplanation& stored, const Calendar& previous,
                                        const Calendar& current) {
  if (stored.working_days() <= 0) return std::nullopt;  // agreed as a date: it does not move
  const StoredDeadline was{FromProtoDate(stored.start()), stored.working_days(), FromProtoDate(stored.deadline()),
                           stored.calendar_version()};
  const DeadlineRecomputation change = RecomputeDeadline(previous, current, was);
  if (!change.date_changed() && change.was_provisional == change.provisional) return std::nullopt;
  return MovedDeadline{ToProto(current.Explain(was.start, was.working_days)), change.new_deadline,
                       absl::StrCat(change.reason_zh, " / ", change.reason_en)};
}

absl::StatusOr<absl::CivilDay> RequiredDate(const common::v1::CivilDate& date, absl::string_view field) {
  if (!IsValidProtoDate(date)) {
    return absl::InvalidArgumentError(absl::StrCat(field, " is required and must be a real date"));
  }
  return FromProtoDate(date);
}

absl::StatusOr<absl::CivilDay> OptionalDate(const common::v1::CivilDate& date, absl::CivilDay fallback,
                                            absl::string_view field) {
  if (date.year() == 0 && date.month() == 0 && date.day() == 0) return fallback;
  if (!IsValidProtoDate(date)) return absl::InvalidArgumentError(absl::StrCat(field, " is not a real date"));
  return FromProtoDate(date);
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
