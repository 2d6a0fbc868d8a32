// Hostile callers. Every RPC of personnel-svc and document-svc (and of the services every process
// serves) gets, one field at a time, what a careless or hostile client sends: strings longer than
// the field allows or with control characters, malformed resource names and ids, unknown enum
// values, integers out of range, impossible dates, times at ±2^63 s, fields only the service may
// set, required fields left out, writes without a request id. The cases are made from the API's
// own declarations (xianfu/common/v1/api.proto), so a new field or RPC is covered when it lands.
// Each answer must be INVALID_ARGUMENT naming the field, come within a second, and leave nothing
// stored.
#include <functional>
#include <limits>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/access.h"
#include "common/errors.h"
#include "common/validation.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/dynamic_message.h"
#include "google/protobuf/field_mask.pb.h"
#include "google/protobuf/timestamp.pb.h"
#include "grpcpp/generic/generic_stub.h"
#include "grpcpp/support/byte_buffer.h"
#include "gtest/gtest.h"
#include "tests/support/county.h"
#include "xianfu/admin/v1/admin.pb.h"
#include "xianfu/common/v1/api.pb.h"
#include "xianfu/common/v1/common.pb.h"
#include "xianfu/common/v1/escalation.pb.h"
#include "xianfu/document/v1/document.pb.h"
#include "xianfu/events/v1/events.pb.h"
#include "xianfu/personnel/v1/personnel.pb.h"

namespace xianfu {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::MethodDescriptor;
using google::protobuf::Reflection;

const common::v1::FieldRules& RulesOf(const FieldDescriptor* f) { return f->options().GetExtension(common::v1::field); }

bool Has(const FieldDescriptor* f, common::v1::FieldBehavior b) {
  for (int x : RulesOf(f).behavior()) {
    if (x == b) return true;
  }
  return false;
}

bool ServiceSets(const FieldDescriptor* f) {
  return Has(f, common::v1::FIELD_BEHAVIOR_OUTPUT_ONLY) || Has(f, common::v1::FIELD_BEHAVIOR_IDENTIFIER);
}

bool IsDate(const Descriptor* d) { return d->full_name() == "xianfu.common.v1.CivilDate"; }
bool IsTime(const Descriptor* d) { return d->full_name() == "google.protobuf.Timestamp"; }
bool IsMask(const Descriptor* d) { return d->full_name() == "google.protobuf.FieldMask"; }

void FillRequired(Message* m, int depth);

// A value the field's own rules accept.
void SetPlausible(Message* m, const FieldDescriptor* f, int depth) {
  const Reflection* r = m->GetReflection();
  const common::v1::FieldRules& rules = RulesOf(f);
  switch (f->cpp_type()) {
    case FieldDescriptor::CPPTYPE_STRING: {
      std::string v = "x";
      if (!rules.reference().empty()) {
        v = absl::StrCat(std::vector<std::string>(absl::StrSplit(rules.reference(), '|'))[0], "/x1");
      } else if (rules.id()) {
        v = "x1";
      }
      f->is_repeated() ? r->AddString(m, f, v) : r->SetString(m, f, v);
      return;
    }
    case FieldDescriptor::CPPTYPE_ENUM: {
      const int v = f->enum_type()->value_count() > 1 ? f->enum_type()->value(1)->number() : 0;
      f->is_repeated() ? r->AddEnumValue(m, f, v) : r->SetEnumValue(m, f, v);
      return;
    }
    case FieldDescriptor::CPPTYPE_INT32:
      f->is_repeated() ? r->AddInt32(m, f, rules.has_min() ? rules.min() : 1)
                       : r->SetInt32(m, f, rules.has_min() ? rules.min() : 1);
      return;
    case FieldDescriptor::CPPTYPE_INT64:
      f->is_repeated() ? r->AddInt64(m, f, rules.has_min() ? rules.min() : 1)
                       : r->SetInt64(m, f, rules.has_min() ? rules.min() : 1);
      return;
    case FieldDescriptor::CPPTYPE_BOOL:
      f->is_repeated() ? r->AddBool(m, f, true) : r->SetBool(m, f, true);
      return;
    case FieldDescriptor::CPPTYPE_MESSAGE: {
      Message* v = f->is_repeated() ? r->AddMessage(m, f) : r->MutableMessage(m, f);
      if (IsDate(v->GetDescriptor())) {
        auto* d = static_cast<common::v1::CivilDate*>(v);
        d->set_year(2026);
        d->set_month(3);
        d->set_day(10);
      } else if (IsTime(v->GetDescriptor())) {
        static_cast<google::protobuf::Timestamp*>(v)->set_seconds(1773108000);  // 2026-03-10
      } else if (IsMask(v->GetDescriptor())) {
        static_cast<google::protobuf::FieldMask*>(v)->add_paths("title");
      } else if (depth < 4) {
        FillRequired(v, depth + 1);
      }
      return;
    }
    default:
      return;
  }
}

void FillRequired(Message* m, int depth) {
  const Descriptor* d = m->GetDescriptor();
  for (int i = 0; i < d->field_count(); ++i) {
    const FieldDescriptor* f = d->field(i);
    if (Has(f, common::v1::FIELD_BEHAVIOR_REQUIRED) && f->containing_oneof() == nullptr) SetPlausible(m, f, depth);
  }
}

// One hostile request: what to change in a plausible one, and the field the answer must name.
struct Case {
  std::string what;
  std::string field;
  std::function<void(Message*)> apply;
};

// The message holding the field at `chain` (each ancestor created, with its required fields, as
// a client would send it).
Message* Holder(Message* root, const std::vector<const FieldDescriptor*>& chain) {
  Message* m = root;
  for (size_t i = 0; i + 1 < chain.size(); ++i) {
    const FieldDescriptor* f = chain[i];
    const Reflection* r = m->GetReflection();
    if (f->is_repeated()) {
      if (r->FieldSize(*m, f) == 0) FillRequired(r->AddMessage(m, f), 1);
      m = r->MutableRepeatedMessage(m, f, 0);
    } else {
      const bool fresh = !r->HasField(*m, f);
      m = r->MutableMessage(m, f);
      if (fresh) FillRequired(m, 1);
    }
  }
  return m;
}

class Cases {
 public:
  explicit Cases(const Descriptor* request) : request_(request) {
    const FieldDescriptor* mask = request->FindFieldByName("update_mask");
    update_ = mask != nullptr && IsMask(mask->message_type());
    Walk(request, {}, "", 0);
  }
  std::vector<Case> all;

 private:
  void Add(std::string what, std::string field, const std::vector<const FieldDescriptor*>& chain,
           std::function<void(Message*, const FieldDescriptor*)> change) {
    all.push_back({std::move(what), std::move(field), [chain, change](Message* root) {
                     Message* m = Holder(root, chain);
                     const FieldDescriptor* f = chain.back();
                     m->GetReflection()->ClearField(m, f);
                     change(m, f);
                   }});
  }

  void Walk(const Descriptor* d, std::vector<const FieldDescriptor*> chain, const std::string& prefix, int depth) {
    for (int i = 0; i < d->field_count(); ++i) {
      const FieldDescriptor* f = d->field(i);
      std::vector<const FieldDescriptor*> here = chain;
      here.push_back(f);
      const std::string path = prefix.empty() ? f->name() : absl::StrCat(prefix, ".", f->name());
      const std::string item = f->is_repeated() ? absl::StrCat(path, "[0]") : path;
      if (update_ && depth == 0 && f->message_type() != nullptr && !IsMask(f->message_type()) &&
          !IsTime(f->message_type())) {
        // An update's resource: only what its mask names is read (and checked).
        for (const char* bad : {"state", "no_such_field", "kind"}) {
          const std::string p = bad;
          all.push_back({absl::StrCat("update_mask naming ", p), "update_mask.paths[0]", [p](Message* root) {
                           auto* mask = static_cast<google::protobuf::FieldMask*>(root->GetReflection()->MutableMessage(
                               root, root->GetDescriptor()->FindFieldByName("update_mask")));
                           mask->clear_paths();
                           mask->add_paths(p);
                         }});
        }
        continue;
      }
      if (ServiceSets(f)) {
        Add("a field the service sets", path, here,
            [](Message* m, const FieldDescriptor* f) { SetPlausible(m, f, 3); });
        continue;
      }
      if (Has(f, common::v1::FIELD_BEHAVIOR_REQUIRED) && f->containing_oneof() == nullptr) {
        Add("a required field left out", path, here, [](Message*, const FieldDescriptor*) {});
      }
      const common::v1::FieldRules& rules = RulesOf(f);
      const int max_items = rules.max_items() > 0 ? rules.max_items() : kDefaultMaxItems;
      if (f->is_repeated() && f->cpp_type() == FieldDescriptor::CPPTYPE_STRING) {
        Add("too many items", path, here, [max_items](Message* m, const FieldDescriptor* f) {
          for (int k = 0; k <= max_items; ++k) SetPlausible(m, f, 3);
        });
      }
      switch (f->cpp_type()) {
        case FieldDescriptor::CPPTYPE_STRING: {
          const int max_chars = rules.max_chars() > 0 ? rules.max_chars() : kDefaultMaxChars;
          auto set = [](Message* m, const FieldDescriptor* f, const std::string& v) {
            f->is_repeated() ? m->GetReflection()->AddString(m, f, v) : m->GetReflection()->SetString(m, f, v);
          };
          Add("an oversize string", item, here, [set, max_chars](Message* m, const FieldDescriptor* f) {
            std::string v;
            for (int k = 0; k <= max_chars; ++k) v += "界";
            set(m, f, v);
          });
          Add("a control character", item, here,
              [set](Message* m, const FieldDescriptor* f) { set(m, f, std::string("a\x01z", 3)); });
          if (!rules.reference().empty()) {
            Add("a malformed name", item, here,
                [set](Message* m, const FieldDescriptor* f) { set(m, f, "officials/../../etc/passwd"); });
            Add("a name of another collection", item, here,
                [set](Message* m, const FieldDescriptor* f) { set(m, f, "nowhere/x1"); });
          }
          if (rules.id()) {
            Add("a malformed id", item, here, [set](Message* m, const FieldDescriptor* f) { set(m, f, "Bad Id!"); });
          }
          break;
        }
        case FieldDescriptor::CPPTYPE_ENUM:
          for (int v : {999, -5}) {
            Add(absl::StrCat("enum value ", v), item, here, [v](Message* m, const FieldDescriptor* f) {
              f->is_repeated() ? m->GetReflection()->AddEnumValue(m, f, v) : m->GetReflection()->SetEnumValue(m, f, v);
            });
          }
          break;
        case FieldDescriptor::CPPTYPE_INT32:
        case FieldDescriptor::CPPTYPE_INT64: {
          const bool wide = f->cpp_type() == FieldDescriptor::CPPTYPE_INT64;
          const int64_t min = rules.has_min() ? rules.min() : 0;
          const int64_t max = rules.has_max() ? rules.max() : kDefaultMaxInteger;
          const int64_t type_max = wide ? std::numeric_limits<int64_t>::max() : std::numeric_limits<int32_t>::max();
          std::vector<int64_t> bad = {min - 1};
          if (max < type_max) bad.push_back(max + 1);
          for (int64_t v : bad) {
            Add(absl::StrCat("integer ", v), item, here, [v, wide](Message* m, const FieldDescriptor* f) {
              const Reflection* r = m->GetReflection();
              if (wide) {
                f->is_repeated() ? r->AddInt64(m, f, v) : r->SetInt64(m, f, v);
              } else {
                f->is_repeated() ? r->AddInt32(m, f, static_cast<int32_t>(v))
                                 : r->SetInt32(m, f, static_cast<int32_t>(v));
              }
            });
          }
          break;
        }
        case FieldDescriptor::CPPTYPE_MESSAGE: {
          const Descriptor* md = f->message_type();
          auto mutable_value = [](Message* m, const FieldDescriptor* f) {
            return f->is_repeated() ? m->GetReflection()->AddMessage(m, f) : m->GetReflection()->MutableMessage(m, f);
          };
          if (IsDate(md)) {
            for (auto [y, mo, da] : std::vector<std::tuple<int, int, int>>{
                     {2026, 13, 32}, {2026, 2, 30}, {0, 1, 1}, {10000, 1, 1}, {1999, 12, 31}}) {
              Add(absl::StrCat("the date ", y, "-", mo, "-", da), item, here,
                  [=](Message* m, const FieldDescriptor* f) {
                    auto* d = static_cast<common::v1::CivilDate*>(mutable_value(m, f));
                    d->set_year(y);
                    d->set_month(mo);
                    d->set_day(da);
                  });
            }
          } else if (IsTime(md)) {
            for (int64_t s : {std::numeric_limits<int64_t>::max(), std::numeric_limits<int64_t>::min(), int64_t{0}}) {
              Add(absl::StrCat("the time ", s, " s"), item, here, [=](Message* m, const FieldDescriptor* f) {
                static_cast<google::protobuf::Timestamp*>(mutable_value(m, f))->set_seconds(s);
              });
            }
          } else if (!IsMask(md) && depth < 3) {
            Walk(md, here, item, depth + 1);
          }
          break;
        }
        default:
          break;
      }
    }
  }

  const Descriptor* request_;
  bool update_ = false;
};

class HostileTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { county_ = new testing::County(); }
  static void TearDownTestSuite() {
    delete county_;
    county_ = nullptr;
  }

  // A token the method admits (the gate comes before the checks this test is about).
  std::string TokenFor(const MethodDescriptor* method) {
    const common::v1::Access* access = DeclaredAccess(method);
    if (access == nullptr) return county_->Official("li-wen");
    if (access->officials() != common::v1::Access::OFFICIALS_NONE) return county_->Official("li-wen");
    if (!access->admins().empty()) {
      switch (access->admins(0)) {
        case common::v1::Access::ADMIN_SYSTEM:
          return county_->Admin(AdminRole::kSystemAdmin);
        case common::v1::Access::ADMIN_SECURITY:
          return county_->Admin(AdminRole::kSecurityAdmin);
        default:
          return county_->Admin(AdminRole::kAuditAdmin);
      }
    }
    return county_->Client("oa-system");
  }

  // Sends `request` to `method` exactly as built (no request id is added).
  grpc::Status Send(testing::ServiceProcess& process, const MethodDescriptor* method, const Message& request,
                    absl::Duration* took) {
    grpc::GenericStub stub(process.raw_channel());
    grpc::ClientContext ctx;
    ctx.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(5)));
    ctx.AddMetadata("authorization", "Bearer " + TokenFor(method));
    std::string bytes;
    request.SerializeToString(&bytes);
    grpc::Slice slice(bytes);
    grpc::ByteBuffer send(&slice, 1), receive;
    grpc::CompletionQueue cq;
    const absl::Time start = absl::Now();
    auto call =
        stub.PrepareUnaryCall(&ctx, absl::StrCat("/", method->service()->full_name(), "/", method->name()), send, &cq);
    call->StartCall();
    grpc::Status status;
    call->Finish(&receive, &status, reinterpret_cast<void*>(1));
    void* tag = nullptr;
    bool ok = false;
    cq.Next(&tag, &ok);
    *took = absl::Now() - start;
    cq.Shutdown();
    while (cq.Next(&tag, &ok)) {
    }
    return status;
  }

  // Every case of every method of `service` against `process`; returns how many were sent.
  int Run(testing::ServiceProcess& process, const std::string& service) {
    const auto* s = google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(service);
    EXPECT_NE(s, nullptr) << service;
    if (s == nullptr) return 0;
    int sent = 0;
    for (int i = 0; i < s->method_count(); ++i) {
      const MethodDescriptor* method = s->method(i);
      const Message* prototype =
          google::protobuf::MessageFactory::generated_factory()->GetPrototype(method->input_type());
      std::unique_ptr<Message> base(prototype->New());
      FillRequired(base.get(), 0);
      if (const FieldDescriptor* mask = method->input_type()->FindFieldByName("update_mask"); mask != nullptr) {
        // An update names the resource it changes.
        for (int k = 0; k < method->input_type()->field_count(); ++k) {
          const FieldDescriptor* f = method->input_type()->field(k);
          if (f == mask || f->message_type() == nullptr || f->is_repeated()) continue;
          Message* resource = base->GetReflection()->MutableMessage(base.get(), f);
          for (int j = 0; j < f->message_type()->field_count(); ++j) {
            if (Has(f->message_type()->field(j), common::v1::FIELD_BEHAVIOR_IDENTIFIER)) {
              resource->GetReflection()->SetString(resource, f->message_type()->field(j), "documents/1");
            }
          }
        }
      }
      const FieldDescriptor* rid = method->input_type()->FindFieldByName("request_id");
      Cases cases(method->input_type());
      if (rid != nullptr) {
        base->GetReflection()->SetString(base.get(), rid, "hostile-base");
        cases.all.push_back(
            {"no request id", "request_id", [rid](Message* m) { m->GetReflection()->ClearField(m, rid); }});
      }
      for (const Case& c : cases.all) {
        std::unique_ptr<Message> request(base->New());
        request->CopyFrom(*base);
        c.apply(request.get());
        absl::Duration took;
        grpc::Status status = Send(process, method, *request, &took);
        ++sent;
        const std::string where = absl::StrCat(method->full_name(), " with ", c.what, " in ", c.field);
        EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << where << ": " << status.error_message();
        EXPECT_EQ(ViolatedField(FromGrpcStatus(status)), c.field) << where << ": " << status.error_message();
        EXPECT_LT(took, absl::Seconds(1)) << where;
        // The answer quotes a short prefix at most: never the megabyte it was sent.
        EXPECT_LT(status.error_message().size(), 1200u) << where;
      }
    }
    return sent;
  }

  static testing::County* county_;
};

testing::County* HostileTest::county_ = nullptr;

TEST_F(HostileTest, EveryRequestFieldIsCheckedBeforeAnythingIsStored) {
  // Every change writes an audit entry; every write remembers its request id.
  const std::vector<std::string> tables = {"audit_entries", "request_log"};
  auto counts = [&] {
    std::vector<int64_t> out;
    for (const testing::TestDatabase* db :
         {&county_->personnel_db(), &county_->document_db(), &county_->meeting_db(), &county_->supervision_db()}) {
      for (const std::string& t : tables) out.push_back(county_->Count(*db, t));
    }
    return out;
  };
  const std::vector<int64_t> before = counts();
  int sent = 0;
  sent += Run(county_->personnel(), "xianfu.personnel.v1.PersonnelService");
  sent += Run(county_->document(), "xianfu.document.v1.DocumentService");
  sent += Run(county_->meeting(), "xianfu.meeting.v1.MeetingService");
  sent += Run(county_->supervision(), "xianfu.supervision.v1.SupervisionService");
  for (const char* common : {"xianfu.common.v1.EscalationService", "xianfu.admin.v1.HistoryService",
                             "xianfu.events.v1.EventFeedService", "xianfu.admin.v1.ClockService"}) {
    sent += Run(county_->personnel(), common);
  }
  EXPECT_GT(sent, 1000);
  ::testing::Test::RecordProperty("hostile_requests", sent);
  std::printf("%d hostile requests, each refused naming its field\n", sent);
  EXPECT_EQ(counts(), before) << "a refused request left rows behind";
}

}  // namespace
}  // namespace xianfu
