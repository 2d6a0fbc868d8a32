#include <gtest/gtest.h>

#include "common/events.h"
#include "xianfu/admin/v1/admin.pb.h"

namespace xianfu {
namespace {

events::v1::Event EventOf(const google::protobuf::Message& payload, std::string type = "") {
  events::v1::Event e;
  e.set_id("meeting:1");
  e.mutable_payload()->PackFrom(payload);
  e.set_type(type.empty() ? payload.GetDescriptor()->full_name() : type);
  return e;
}

TEST(EventRoutesTest, TheFeedIsAskedForTheRoutedTypesInOrder) {
  EventRoutes routes;
  routes
      .On<admin::v1::SetTimeRequest>([](Tx&, const events::v1::Event&, const admin::v1::SetTimeRequest&,
                                        const std::any&) { return absl::OkStatus(); })
      .On<admin::v1::GetTimeRequest>([](Tx&, const events::v1::Event&, const admin::v1::GetTimeRequest&,
                                        const std::any&) { return absl::OkStatus(); });
  EXPECT_EQ(routes.types(),
            (std::vector<std::string>{"xianfu.admin.v1.SetTimeRequest", "xianfu.admin.v1.GetTimeRequest"}));
  EXPECT_NE(routes.For("xianfu.admin.v1.GetTimeRequest"), nullptr);
  // The feed filters by prefix; a longer name is another type.
  EXPECT_EQ(routes.For("xianfu.admin.v1.GetTimeRequestV2"), nullptr);
  EXPECT_EQ(routes.For("xianfu.admin.v1.GetTimeResponse"), nullptr);
}

TEST(EventRoutesTest, TheGatherStepGetsThePayloadDecodedAndABadPayloadIsAnInternalErrorNamingTheEvent) {
  EventRoutes routes;
  routes.On<admin::v1::SetTimeRequest>(
      [](Tx&, const events::v1::Event&, const admin::v1::SetTimeRequest&, const std::any&) { return absl::OkStatus(); },
      [](const events::v1::Event&, const admin::v1::SetTimeRequest& p) -> absl::StatusOr<std::any> {
        return p.time().seconds();
      });
  const EventRoutes::Route* route = routes.For("xianfu.admin.v1.SetTimeRequest");
  ASSERT_NE(route, nullptr);
  ASSERT_TRUE(route->gather);

  admin::v1::SetTimeRequest set;
  set.mutable_time()->set_seconds(42);
  absl::StatusOr<std::any> gathered = route->gather(EventOf(set));
  ASSERT_TRUE(gathered.ok()) << gathered.status();
  EXPECT_EQ(std::any_cast<int64_t>(*gathered), 42);

  // An event whose payload is not what its type says.
  absl::StatusOr<std::any> bad = route->gather(EventOf(admin::v1::GetTimeRequest(), "xianfu.admin.v1.SetTimeRequest"));
  EXPECT_EQ(bad.status().code(), absl::StatusCode::kInternal);
  EXPECT_NE(bad.status().message().find("meeting:1"), std::string::npos) << bad.status();
}

TEST(EventRoutesTest, ARouteWithoutAGatherStepHasNone) {
  EventRoutes routes;
  routes.On<admin::v1::SetTimeRequest>([](Tx&, const events::v1::Event&, const admin::v1::SetTimeRequest&,
                                          const std::any&) { return absl::OkStatus(); });
  ASSERT_NE(routes.For("xianfu.admin.v1.SetTimeRequest"), nullptr);
  EXPECT_FALSE(routes.For("xianfu.admin.v1.SetTimeRequest")->gather);
}

}  // namespace
}  // namespace xianfu
