// A refusal crosses a real gRPC connection and a client decodes rule id, article and both
// messages from the grpc-status-details-bin trailer.
#include "common/errors.h"
#include "common/server.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "xianfu/admin/v1/admin.grpc.pb.h"

namespace xianfu {
namespace {

class RefusingService final : public admin::v1::AdminService::Service {
  grpc::Status GetServiceInfo(grpc::ServerContext*, const admin::v1::GetServiceInfoRequest*,
                              admin::v1::ServiceInfo*) override {
    RuleCitation rule;
    rule.rule_id = "DOC-10";
    rule.article = 50;
    rule.paragraph = 2;
    rule.source_title = "《勐腊县人民政府工作规则》";
    return ToGrpcStatus(RuleError(absl::StatusCode::kFailedPrecondition, rule, "会签期限未到",
                                  "the countersign deadline has not passed"));
  }
};

TEST(ErrorDetailWireTest, ClientDecodesRuleViolationFromTrailer) {
  RefusingService service;
  grpc::ServerBuilder builder;
  int port = 0;
  builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port);
  builder.RegisterService(&service);
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  ASSERT_NE(port, 0);

  auto stub = admin::v1::AdminService::NewStub(
      grpc::CreateChannel("127.0.0.1:" + std::to_string(port), grpc::InsecureChannelCredentials()));
  grpc::ClientContext ctx;
  admin::v1::ServiceInfo info;
  grpc::Status status = stub->GetServiceInfo(&ctx, {}, &info);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  common::v1::Status details;
  ASSERT_TRUE(details.ParseFromString(status.error_details()));
  ASSERT_EQ(details.details_size(), 1);
  common::v1::RuleViolation v;
  ASSERT_TRUE(details.details(0).UnpackTo(&v));
  EXPECT_EQ(v.rule_id(), "DOC-10");
  EXPECT_EQ(v.article().article(), 50);
  EXPECT_EQ(v.article().paragraph(), 2);
  EXPECT_EQ(v.article().display_zh(), "第五十条第二款");
  EXPECT_EQ(v.message_zh(), "会签期限未到");
  EXPECT_EQ(v.message_en(), "the countersign deadline has not passed");
  server->Shutdown();
}

}  // namespace
}  // namespace xianfu
