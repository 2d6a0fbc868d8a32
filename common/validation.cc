#include "common/validation.h"

#include <cmath>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "common/calendar.h"
#include "common/deadline_proto.h"
#include "common/status_macros.h"
#include "google/protobuf/field_mask.pb.h"
#include "google/protobuf/timestamp.pb.h"
#include "xianfu/common/v1/api.pb.h"
#include "xianfu/common/v1/common.pb.h"

namespace xianfu {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;
using common::v1::FieldBehavior;
using common::v1::FieldRules;

constexpr char kBadRequestTypeUrl[] = "type.googleapis.com/google.rpc.BadRequest";

const FieldRules& RulesOf(const FieldDescriptor* field) { return field->options().GetExtension(common::v1::field); }

bool HasBehavior(const FieldDescriptor* field, FieldBehavior behavior) {
  for (int b : RulesOf(field).behavior()) {
    if (b == behavior) return true;
  }
  return false;
}

bool IsSet(const Message& m, const FieldDescriptor* f) {
  const Reflection* r = m.GetReflection();
  if (f->is_repeated()) return r->FieldSize(m, f) > 0;
  if (f->has_presence()) return r->HasField(m, f);
  switch (f->cpp_type()) {
    case FieldDescriptor::CPPTYPE_STRING:
      return !r->GetString(m, f).empty();
    case FieldDescriptor::CPPTYPE_ENUM:
      return r->GetEnumValue(m, f) != 0;
    case FieldDescriptor::CPPTYPE_BOOL:
      return r->GetBool(m, f);
    case FieldDescriptor::CPPTYPE_INT32:
      return r->GetInt32(m, f) != 0;
    case FieldDescriptor::CPPTYPE_INT64:
      return r->GetInt64(m, f) != 0;
    case FieldDescriptor::CPPTYPE_UINT32:
      return r->GetUInt32(m, f) != 0;
    case FieldDescriptor::CPPTYPE_UINT64:
      return r->GetUInt64(m, f) != 0;
    case FieldDescriptor::CPPTYPE_DOUBLE:
      return r->GetDouble(m, f) != 0;
    case FieldDescriptor::CPPTYPE_FLOAT:
      return r->GetFloat(m, f) != 0;
    default:
      return true;
  }
}

bool IsIdChar(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'; }

bool IsId(absl::string_view id) {
  if (id.empty() || id.size() > 63 || id.front() == '-') return false;
  for (char c : id) {
    if (!IsIdChar(c)) return false;
  }
  return true;
}

absl::Time SupportedStart() { return absl::FromCivil(absl::CivilSecond(kFirstSupportedDay), ChinaTimeZone()); }
absl::Time SupportedEnd() { return absl::FromCivil(absl::CivilSecond(kLastSupportedDay + 1), ChinaTimeZone()); }

class Validator {
 public:
  absl::Status Request(const Message& request) {
    const Descriptor* d = request.GetDescriptor();
    const FieldDescriptor* mask_field = d->FindFieldByName("update_mask");
    if (mask_field == nullptr || mask_field->message_type() != google::protobuf::FieldMask::descriptor()) {
      return Fields(request, "", /*in_update=*/false);
    }
    // An update: the mask says which fields of the resource the caller changes; the others are
    // ignored (the caller may send the whole resource as read).
    const auto& mask = static_cast<const google::protobuf::FieldMask&>(request.GetReflection()->GetMessage(request, mask_field));
    for (int i = 0; i < d->field_count(); ++i) {
      const FieldDescriptor* f = d->field(i);
      if (f == mask_field) continue;
      if (f->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE && !f->is_repeated() &&
          f->message_type()->full_name() != "google.protobuf.Timestamp") {
        RETURN_IF_ERROR(Resource(request.GetReflection()->GetMessage(request, f), f->name(), mask));
      } else {
        RETURN_IF_ERROR(Field(request, f, "", false));
      }
    }
    if (mask.paths_size() == 0) {
      return FieldError("update_mask", "is required: list the fields to change (AIP-134)",
                        "必须填写：列出要修改的字段");
    }
    return absl::OkStatus();
  }

 private:
  absl::Status Resource(const Message& resource, const std::string& path, const google::protobuf::FieldMask& mask) {
    const Descriptor* d = resource.GetDescriptor();
    for (int i = 0; i < d->field_count(); ++i) {
      const FieldDescriptor* f = d->field(i);
      if (HasBehavior(f, common::v1::FIELD_BEHAVIOR_IDENTIFIER) && !IsSet(resource, f)) {
        return FieldError(Join(path, f->name()), "is required: it names the resource to change",
                          "必须填写：要修改的资源名");
      }
      if (HasBehavior(f, common::v1::FIELD_BEHAVIOR_IDENTIFIER)) RETURN_IF_ERROR(Field(resource, f, path, true));
    }
    for (int p = 0; p < mask.paths_size(); ++p) {
      const std::string where = absl::StrCat("update_mask.paths[", p, "]");
      const Message* holder = &resource;
      const FieldDescriptor* f = nullptr;
      std::vector<std::string> parts = absl::StrSplit(mask.paths(p), '.');
      std::string parent = path;
      for (size_t k = 0; k < parts.size(); ++k) {
        f = holder->GetDescriptor()->FindFieldByName(parts[k]);
        if (f == nullptr || (k + 1 < parts.size() && (f->cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE ||
                                                       f->is_repeated()))) {
          return FieldError(where,
                            absl::StrCat("names no field of ", d->name(), ": \"", QuotePrefix(mask.paths(p), 40), "\""),
                            absl::StrCat("不是 ", d->name(), " 的字段"));
        }
        if (HasBehavior(f, common::v1::FIELD_BEHAVIOR_OUTPUT_ONLY) || HasBehavior(f, common::v1::FIELD_BEHAVIOR_IDENTIFIER)) {
          return FieldError(where, absl::StrCat(mask.paths(p), " is set by the service, not by an update"),
                            absl::StrCat(mask.paths(p), " 由系统填写，不能修改"));
        }
        if (HasBehavior(f, common::v1::FIELD_BEHAVIOR_IMMUTABLE)) {
          return FieldError(where, absl::StrCat(mask.paths(p), " is fixed when the resource is created"),
                            absl::StrCat(mask.paths(p), " 创建后不能修改"));
        }
        if (k + 1 < parts.size()) {
          holder = &holder->GetReflection()->GetMessage(*holder, f);
          parent = Join(parent, f->name());
        }
      }
      RETURN_IF_ERROR(Field(*holder, f, parent, /*in_update=*/true));
    }
    return absl::OkStatus();
  }

  static std::string Join(const std::string& path, absl::string_view name) {
    return path.empty() ? std::string(name) : absl::StrCat(path, ".", name);
  }

  absl::Status Fields(const Message& m, const std::string& path, bool in_update) {
    const Descriptor* d = m.GetDescriptor();
    for (int i = 0; i < d->field_count(); ++i) RETURN_IF_ERROR(Field(m, d->field(i), path, in_update));
    return absl::OkStatus();
  }

  // One field of `m`: its behaviours, then its value(s).
  absl::Status Field(const Message& m, const FieldDescriptor* f, const std::string& parent, bool in_update) {
    const std::string path = Join(parent, f->name());
    const bool set = IsSet(m, f);
    if (!in_update && set && HasBehavior(f, common::v1::FIELD_BEHAVIOR_OUTPUT_ONLY)) {
      return FieldError(path, "is set by the service; leave it empty", "由系统填写，请求中不能提供");
    }
    if (!in_update && set && HasBehavior(f, common::v1::FIELD_BEHAVIOR_IDENTIFIER)) {
      return FieldError(path, "is assigned by the service; leave it empty", "由系统分配，请求中不能提供");
    }
    if (!set && HasBehavior(f, common::v1::FIELD_BEHAVIOR_REQUIRED) && f->containing_oneof() == nullptr) {
      return FieldError(path, "is required", "必须填写");
    }
    if (!set) return absl::OkStatus();
    const FieldRules& rules = RulesOf(f);
    const Reflection* r = m.GetReflection();
    if (f->is_repeated()) {
      const int size = r->FieldSize(m, f);
      const int max_items = rules.max_items() > 0 ? rules.max_items() : kDefaultMaxItems;
      if (size > max_items) {
        return FieldError(path, absl::StrCat("at most ", max_items, " items (got ", size, ")"),
                          absl::StrCat("最多 ", max_items, " 项（收到 ", size, " 项）"));
      }
      for (int i = 0; i < size; ++i) RETURN_IF_ERROR(Value(m, f, i, absl::StrCat(path, "[", i, "]")));
      return absl::OkStatus();
    }
    return Value(m, f, -1, path);
  }

  // One value: `index` is the item of a repeated field, -1 for a singular one.
  absl::Status Value(const Message& m, const FieldDescriptor* f, int index, const std::string& path) {
    const Reflection* r = m.GetReflection();
    const FieldRules& rules = RulesOf(f);
    switch (f->cpp_type()) {
      case FieldDescriptor::CPPTYPE_STRING: {
        std::string scratch;
        const std::string& v = index < 0 ? r->GetStringReference(m, f, &scratch)
                                         : r->GetRepeatedStringReference(m, f, index, &scratch);
        return String(v, rules, f->type() == FieldDescriptor::TYPE_BYTES, path);
      }
      case FieldDescriptor::CPPTYPE_ENUM: {
        const int v = index < 0 ? r->GetEnumValue(m, f) : r->GetRepeatedEnumValue(m, f, index);
        if (f->enum_type()->FindValueByNumber(v) == nullptr) {
          return FieldError(path, absl::StrCat(v, " is not a value of ", f->enum_type()->name()),
                            absl::StrCat(v, " 不是 ", f->enum_type()->name(), " 的取值"));
        }
        return absl::OkStatus();
      }
      case FieldDescriptor::CPPTYPE_INT32:
        return Integer(index < 0 ? r->GetInt32(m, f) : r->GetRepeatedInt32(m, f, index), rules, path);
      case FieldDescriptor::CPPTYPE_INT64:
        return Integer(index < 0 ? r->GetInt64(m, f) : r->GetRepeatedInt64(m, f, index), rules, path);
      case FieldDescriptor::CPPTYPE_UINT32:
        return Integer(index < 0 ? r->GetUInt32(m, f) : r->GetRepeatedUInt32(m, f, index), rules, path);
      case FieldDescriptor::CPPTYPE_UINT64: {
        const uint64_t v = index < 0 ? r->GetUInt64(m, f) : r->GetRepeatedUInt64(m, f, index);
        return Integer(v > static_cast<uint64_t>(INT64_MAX) ? INT64_MAX : static_cast<int64_t>(v), rules, path);
      }
      case FieldDescriptor::CPPTYPE_DOUBLE:
      case FieldDescriptor::CPPTYPE_FLOAT: {
        const double v = f->cpp_type() == FieldDescriptor::CPPTYPE_DOUBLE
                             ? (index < 0 ? r->GetDouble(m, f) : r->GetRepeatedDouble(m, f, index))
                             : (index < 0 ? r->GetFloat(m, f) : r->GetRepeatedFloat(m, f, index));
        if (!std::isfinite(v)) return FieldError(path, "must be a finite number", "必须是有限数值");
        return absl::OkStatus();
      }
      case FieldDescriptor::CPPTYPE_BOOL:
        return absl::OkStatus();
      case FieldDescriptor::CPPTYPE_MESSAGE: {
        const Message& v = index < 0 ? r->GetMessage(m, f) : r->GetRepeatedMessage(m, f, index);
        return Nested(v, path);
      }
    }
    return absl::OkStatus();
  }

  absl::Status Nested(const Message& v, const std::string& path) {
    const std::string& type = v.GetDescriptor()->full_name();
    if (type == "google.protobuf.Timestamp") {
      const auto& ts = static_cast<const google::protobuf::Timestamp&>(v);
      if (ts.nanos() < 0 || ts.nanos() >= 1000000000) {
        return FieldError(path, "nanos must be 0…999999999", "纳秒须在 0…999999999 之间");
      }
      // Compared in seconds: absl::FromUnixSeconds saturates, so ±2^63 s cannot wrap around.
      const int64_t start = absl::ToUnixSeconds(SupportedStart()), end = absl::ToUnixSeconds(SupportedEnd());
      if (ts.seconds() < start || ts.seconds() >= end) {
        return FieldError(path,
                          absl::StrCat("is outside the supported time window (", absl::FormatCivilTime(kFirstSupportedDay), " … ",
                                       absl::FormatCivilTime(kLastSupportedDay), ", seconds = ", ts.seconds(), ")"),
                          absl::StrCat("超出系统支持的时间范围（", absl::FormatCivilTime(kFirstSupportedDay), " 至 ",
                                       absl::FormatCivilTime(kLastSupportedDay), "）"));
      }
      return absl::OkStatus();
    }
    if (type == "xianfu.common.v1.CivilDate") {
      const auto& date = static_cast<const common::v1::CivilDate&>(v);
      if (!IsValidProtoDate(date)) {
        return FieldError(path,
                          absl::StrCat(date.year(), "-", date.month(), "-", date.day(),
                                       " is not a date of the supported window (", absl::FormatCivilTime(kFirstSupportedDay),
                                       " … ", absl::FormatCivilTime(kLastSupportedDay), ")"),
                          absl::StrCat(date.year(), "-", date.month(), "-", date.day(), " 不是有效日期或超出支持范围"));
      }
      return absl::OkStatus();
    }
    if (type == "google.protobuf.FieldMask") return absl::OkStatus();  // an update's, checked above
    return Fields(v, path, /*in_update=*/false);
  }

  absl::Status String(const std::string& v, const FieldRules& rules, bool bytes, const std::string& path) {
    const int max_chars = rules.max_chars() > 0 ? rules.max_chars() : kDefaultMaxChars;
    const int64_t chars = bytes ? static_cast<int64_t>(v.size()) : CharacterCount(v);
    if (chars > max_chars) {
      return FieldError(path,
                        absl::StrCat("at most ", max_chars, bytes ? " bytes" : " characters", " (got ", chars, ": \"",
                                     QuotePrefix(v), "\")"),
                        absl::StrCat("最多 ", max_chars, bytes ? " 字节" : " 个字符", "（收到 ", chars, "）"));
    }
    if (bytes) return absl::OkStatus();
    for (unsigned char c : v) {
      if ((c < 0x20 && c != '\n' && c != '\r' && c != '\t') || c == 0x7f) {
        return FieldError(path, absl::StrCat("contains a control character: \"", QuotePrefix(v), "\""),
                          "含有控制字符");
      }
    }
    if (rules.id() && !IsId(v)) {
      return FieldError(path,
                        absl::StrCat("must be 1–63 lower-case letters, digits or '-', not starting with '-' (got \"",
                                     QuotePrefix(v), "\")"),
                        "须为 1–63 个小写字母、数字或连字符，且不以连字符开头");
    }
    if (!rules.reference().empty()) {
      const std::vector<absl::string_view> collections = absl::StrSplit(rules.reference(), '|');
      bool ok = false;
      for (absl::string_view c : collections) {
        if (absl::StartsWith(v, c) && v.size() > c.size() && v[c.size()] == '/' && IsId(absl::string_view(v).substr(c.size() + 1))) {
          ok = true;
        }
      }
      if (!ok) {
        const std::string shapes = absl::StrJoin(collections, " or ", [](std::string* out, absl::string_view c) {
          absl::StrAppend(out, c, "/<id>");
        });
        return FieldError(path, absl::StrCat("must name a resource as ", shapes, " (got \"", QuotePrefix(v), "\")"),
                          absl::StrCat("须为资源名 ", shapes));
      }
    }
    return absl::OkStatus();
  }

  absl::Status Integer(int64_t v, const FieldRules& rules, const std::string& path) {
    const int64_t min = rules.has_min() ? rules.min() : 0;
    const int64_t max = rules.has_max() ? rules.max() : kDefaultMaxInteger;
    if (v < min || v > max) {
      return FieldError(path, absl::StrCat("must be between ", min, " and ", max, " (got ", v, ")"),
                        absl::StrCat("须在 ", min, " 至 ", max, " 之间（收到 ", v, "）"));
    }
    return absl::OkStatus();
  }
};

}  // namespace

int64_t CharacterCount(absl::string_view utf8) {
  int64_t count = 0;
  for (unsigned char c : utf8) {
    if ((c & 0xC0) != 0x80) ++count;  // every byte that does not continue a sequence starts one
  }
  return count;
}

std::string QuotePrefix(absl::string_view value, int max_chars) {
  size_t end = 0;
  int chars = 0;
  while (end < value.size() && chars < max_chars) {
    ++end;
    while (end < value.size() && (static_cast<unsigned char>(value[end]) & 0xC0) == 0x80) ++end;
    ++chars;
  }
  std::string out = absl::Utf8SafeCEscape(value.substr(0, end));
  if (end < value.size()) out += "…";
  return out;
}

absl::Status FieldError(absl::string_view field, absl::string_view message_en, absl::string_view message_zh) {
  absl::Status status(absl::StatusCode::kInvalidArgument,
                      absl::StrCat(field, ": ", message_en, " — ", field, "：", message_zh));
  common::v1::BadRequest detail;
  auto* v = detail.add_field_violations();
  v->set_field(std::string(field));
  v->set_description(std::string(message_en));
  v->set_description_zh(std::string(message_zh));
  status.SetPayload(kBadRequestTypeUrl, absl::Cord(detail.SerializeAsString()));
  return status;
}

std::string ViolatedField(const absl::Status& status) {
  auto payload = status.GetPayload(kBadRequestTypeUrl);
  if (!payload) return "";
  common::v1::BadRequest detail;
  if (!detail.ParseFromString(std::string(*payload)) || detail.field_violations_size() == 0) return "";
  return detail.field_violations(0).field();
}

absl::Status ValidateRequest(const google::protobuf::Message& request) { return Validator().Request(request); }

}  // namespace xianfu
