// The access declarations themselves: every method of every xianfu service has one, citing a
// rule the county's policy defines, saying in both languages who may call; and the gate reads
// them as the matrix test expects.
#include "common/access.h"

#include <filesystem>

#include "common/errors.h"
#include "common/policy.h"
#include "google/protobuf/descriptor.h"
#include "gtest/gtest.h"
#include "xianfu/admin/v1/admin.pb.h"
#include "xianfu/common/v1/escalation.pb.h"
#include "xianfu/document/v1/document.pb.h"
#include "xianfu/events/v1/events.pb.h"
#include "xianfu/meeting/v1/meeting.pb.h"
#include "xianfu/personnel/v1/personnel.pb.h"

namespace xianfu {
namespace {

const Policy& Mengla() {
  static std::shared_ptr<const Policy> p =
      *LoadPolicy(std::filesystem::path(XIANFU_SOURCE_DIR) / "policy/mengla-2022.textproto");
  return *p;
}

// Every service of every proto under protos/ (a module added later is covered when it lands).
std::vector<const google::protobuf::ServiceDescriptor*> XianfuServices() {
  namespace fs = std::filesystem;
  std::vector<const google::protobuf::ServiceDescriptor*> out;
  const fs::path root = fs::path(XIANFU_SOURCE_DIR) / "protos";
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    if (entry.path().extension() != ".proto") continue;
    const std::string name = fs::relative(entry.path(), root).string();
    const google::protobuf::FileDescriptor* f =
        google::protobuf::DescriptorPool::generated_pool()->FindFileByName(name);
    EXPECT_NE(f, nullptr) << name << " is not compiled into the proto library";
    if (f == nullptr) continue;
    for (int i = 0; i < f->service_count(); ++i) out.push_back(f->service(i));
  }
  return out;
}

TEST(AccessDeclarationTest, EveryMethodDeclaresWhoMayCallItCitingARuleOfThePolicy) {
  int methods = 0;
  for (const auto* service : XianfuServices()) {
    for (int i = 0; i < service->method_count(); ++i) {
      const auto* m = service->method(i);
      ++methods;
      const common::v1::Access* a = DeclaredAccess(m);
      ASSERT_NE(a, nullptr) << m->full_name() << " declares no access";
      EXPECT_NE(a->officials(), common::v1::Access::OFFICIALS_UNSPECIFIED) << m->full_name();
      EXPECT_NE(a->clients(), common::v1::Access::CLIENTS_UNSPECIFIED) << m->full_name();
      EXPECT_FALSE(a->who_zh().empty()) << m->full_name();
      EXPECT_FALSE(a->who_en().empty()) << m->full_name();
      if (!a->rule_id().empty()) {
        EXPECT_TRUE(Mengla().Cite(a->rule_id()).ok()) << m->full_name() << " cites " << a->rule_id();
      }
    }
  }
  EXPECT_GT(methods, 70);
}

TEST(AccessDeclarationTest, TheGateAdmitsEachKindOfCallerAsDeclared) {
  common::v1::Access a;
  a.set_officials(common::v1::Access::OFFICIALS_PARTY_OR_OFFICE);
  a.set_clients(common::v1::Access::CLIENTS_TRUSTED);
  a.add_admins(common::v1::Access::ADMIN_AUDIT);
  a.set_rule_id("DIS-21");
  a.set_who_zh("当事人");
  a.set_who_en("the parties");
  EXPECT_TRUE(Admit(&a, Caller{"officials/li-wen"}, &Mengla()).ok());
  EXPECT_TRUE(Admit(&a, Caller{"officials/audit-admin", "", AdminRole::kAuditAdmin}, &Mengla()).ok());
  absl::Status system = Admit(&a, Caller{"officials/sys-admin", "", AdminRole::kSystemAdmin}, &Mengla());
  EXPECT_EQ(system.code(), absl::StatusCode::kPermissionDenied);
  auto cited = GetRuleViolation(system);
  ASSERT_TRUE(cited.has_value());
  EXPECT_EQ(cited->rule_id(), "DIS-21");
  EXPECT_EQ(cited->article().article(), 69);
  Caller trusted{"clients/oa-system"};
  trusted.trusted = true;
  EXPECT_TRUE(Admit(&a, trusted, &Mengla()).ok());
  EXPECT_EQ(Admit(&a, Caller{"clients/rogue"}, &Mengla()).code(), absl::StatusCode::kPermissionDenied);
  EXPECT_TRUE(Admit(&a, Caller{"clients/oa-system", "officials/li-wen"}, &Mengla()).ok());  // judged as the official
  EXPECT_EQ(Admit(nullptr, Caller{"officials/li-wen"}, &Mengla()).code(), absl::StatusCode::kPermissionDenied);
}

}  // namespace
}  // namespace xianfu
