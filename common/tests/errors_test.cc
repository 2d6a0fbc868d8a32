#include "common/errors.h"

#include "gtest/gtest.h"

namespace xianfu {
namespace {

RuleCitation Doc03() {
  RuleCitation c;
  c.rule_id = "DOC-03";
  c.article = 49;
  c.paragraph = 1;
  c.source_title = "《某县人民政府工作规则》";
  c.policy_version = "test@abc";
  return c;
}

TEST(ChineseNumeralTest, RendersArticleNumbers) {
  EXPECT_EQ(ChineseNumeral(1), "一");
  EXPECT_EQ(ChineseNumeral(10), "十");
  EXPECT_EQ(ChineseNumeral(11), "十一");
  EXPECT_EQ(ChineseNumeral(20), "二十");
  EXPECT_EQ(ChineseNumeral(49), "四十九");
  EXPECT_EQ(ChineseNumeral(81), "八十一");
  EXPECT_EQ(ChineseNumeral(100), "一百");
  EXPECT_EQ(ChineseNumeral(105), "一百零五");
  EXPECT_EQ(ChineseNumeral(110), "一百一十");
}

TEST(ChineseNumeralTest, FormatsArticleParagraphItem) {
  EXPECT_EQ(FormatArticleZh(50, 2, 0), "第五十条第二款");
  EXPECT_EQ(FormatArticleZh(40, 0, 3), "第四十条第（三）项");
  EXPECT_EQ(FormatArticleZh(9, 0, 0), "第九条");
  EXPECT_EQ(FormatArticleEn(50, 2, 0), "art. 50(2)");
}

TEST(RuleErrorTest, CarriesViolationInStatus) {
  absl::Status s = RuleError(absl::StatusCode::kInvalidArgument, Doc03(), "请示应当一文一事",
                             "a request may contain only one matter", "matters");
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(s.message().find("[DOC-03]"), absl::string_view::npos);
  EXPECT_NE(s.message().find("第四十九条第一款"), absl::string_view::npos);
  auto v = GetRuleViolation(s);
  ASSERT_TRUE(v.has_value());
  EXPECT_EQ(v->rule_id(), "DOC-03");
  EXPECT_EQ(v->article().article(), 49);
  EXPECT_EQ(v->field(), "matters");
}

TEST(RuleErrorTest, GrpcRoundTripKeepsRuleAndMessages) {
  RuleCitation c = Doc03();
  c.override_allowed = true;
  c.override_role = "R-CH";
  c.override_role_zh = "县长";
  grpc::Status wire = ToGrpcStatus(RuleError(absl::StatusCode::kFailedPrecondition, c, "中文", "English"));
  EXPECT_EQ(wire.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  // The trailer is a google.rpc.Status: decode it the way any client would.
  common::v1::Status details;
  ASSERT_TRUE(details.ParseFromString(wire.error_details()));
  EXPECT_EQ(details.code(), static_cast<int>(grpc::StatusCode::FAILED_PRECONDITION));
  ASSERT_EQ(details.details_size(), 1);
  EXPECT_EQ(details.details(0).type_url(), "type.googleapis.com/xianfu.common.v1.RuleViolation");
  common::v1::RuleViolation v;
  ASSERT_TRUE(details.details(0).UnpackTo(&v));
  EXPECT_EQ(v.message_zh(), "中文");
  EXPECT_EQ(v.message_en(), "English");
  EXPECT_TRUE(v.override().allowed());
  EXPECT_EQ(v.override().role(), "R-CH");

  absl::Status back = FromGrpcStatus(wire);
  EXPECT_EQ(back.code(), absl::StatusCode::kFailedPrecondition);
  ASSERT_TRUE(GetRuleViolation(back).has_value());
  EXPECT_EQ(GetRuleViolation(back)->rule_id(), "DOC-03");
}

TEST(RuleErrorTest, InternalErrorsDoNotLeakDetails) {
  grpc::Status wire = ToGrpcStatus(absl::InternalError("sql error 1146: Table 'x.secret' doesn't exist"));
  EXPECT_EQ(wire.error_code(), grpc::StatusCode::INTERNAL);
  EXPECT_EQ(wire.error_message().find("secret"), std::string::npos);
  EXPECT_NE(wire.error_message().find("reference"), std::string::npos);
}

TEST(RuleErrorTest, PlainErrorsPassThrough) {
  grpc::Status wire = ToGrpcStatus(absl::AbortedError("stale etag"));
  EXPECT_EQ(wire.error_code(), grpc::StatusCode::ABORTED);
  EXPECT_EQ(wire.error_message(), "stale etag");
  EXPECT_TRUE(wire.error_details().empty());
}

}  // namespace
}  // namespace xianfu
