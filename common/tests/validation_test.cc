// The request checks declared in the protos, on messages built here (the hostile-input test sends
// the same kinds of request to every RPC through the network).
#include "common/validation.h"

#include "common/errors.h"
#include "gtest/gtest.h"
#include "xianfu/document/v1/document.pb.h"
#include "xianfu/personnel/v1/personnel.pb.h"

namespace xianfu {
namespace {

namespace dv1 = ::xianfu::document::v1;
namespace pv1 = ::xianfu::personnel::v1;

pv1::CreateAbsenceRequest Absence() {
  pv1::CreateAbsenceRequest req;
  req.set_request_id("r1");
  pv1::Absence* a = req.mutable_absence();
  a->set_official("officials/wang-hai");
  a->set_kind(pv1::ABSENCE_KIND_LEAVE);
  a->mutable_start_date()->set_year(2026);
  a->mutable_start_date()->set_month(3);
  a->mutable_start_date()->set_day(9);
  *a->mutable_end_date() = a->start_date();
  return req;
}

TEST(ValidationTest, AWellFormedRequestPasses) { EXPECT_TRUE(ValidateRequest(Absence()).ok()); }

TEST(ValidationTest, EachBrokenRuleNamesItsField) {
  struct Case {
    std::function<void(pv1::CreateAbsenceRequest&)> change;
    const char* field;
  };
  const std::vector<Case> cases = {
      {[](auto& r) { r.clear_request_id(); }, "request_id"},
      {[](auto& r) { r.mutable_absence()->set_official("wang-hai"); }, "absence.official"},
      {[](auto& r) { r.mutable_absence()->set_kind(static_cast<pv1::AbsenceKind>(999)); }, "absence.kind"},
      {[](auto& r) {
         r.mutable_absence()->mutable_start_date()->set_day(30),
             r.mutable_absence()->mutable_start_date()->set_month(2);
       },
       "absence.start_date"},
      {[](auto& r) { r.mutable_absence()->mutable_prior_report_time()->set_seconds(INT64_MAX); },
       "absence.prior_report_time"},
      {[](auto& r) { r.mutable_absence()->set_destination(std::string(201 * 3, 'a')); }, "absence.destination"},
      {[](auto& r) { r.mutable_absence()->set_purpose(std::string("a\x01b", 3)); }, "absence.purpose"},
      {[](auto& r) { r.mutable_absence()->set_state(pv1::ABSENCE_STATE_RETURNED); }, "absence.state"},
      {[](auto& r) { r.mutable_absence()->set_name("absences/9"); }, "absence.name"},
  };
  for (const Case& c : cases) {
    pv1::CreateAbsenceRequest req = Absence();
    c.change(req);
    absl::Status s = ValidateRequest(req);
    EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << c.field;
    EXPECT_EQ(ViolatedField(s), c.field) << s;
    EXPECT_LT(s.message().size(), 400u) << c.field;
  }
}

TEST(ValidationTest, LengthsCountCharactersNotBytes) {
  pv1::CreateAbsenceRequest req = Absence();
  std::string two_hundred;
  for (int i = 0; i < 200; ++i) two_hundred += "界";  // 600 bytes, 200 characters
  req.mutable_absence()->set_destination(two_hundred);
  EXPECT_TRUE(ValidateRequest(req).ok());
  req.mutable_absence()->set_destination(two_hundred + "界");
  EXPECT_EQ(ViolatedField(ValidateRequest(req)), "absence.destination");
  EXPECT_EQ(CharacterCount("县长同意"), 4);
  EXPECT_EQ(QuotePrefix(two_hundred, 3), "界界界…");
}

TEST(ValidationTest, AnUpdateReadsOnlyWhatItsMaskNamesAndTheMaskNamesOnlyWritableFields) {
  dv1::UpdateDocumentRequest req;
  req.set_request_id("u1");
  req.mutable_document()->set_name("documents/3");
  req.mutable_document()->set_title("新标题");
  req.mutable_document()->set_state(dv1::DOCUMENT_STATE_ISSUED);  // as read; not in the mask
  EXPECT_EQ(ViolatedField(ValidateRequest(req)), "update_mask");
  req.mutable_update_mask()->add_paths("title");
  EXPECT_TRUE(ValidateRequest(req).ok());
  for (const char* path : {"state", "kind", "no_such_field", "reviewed_by", "normative.legality"}) {
    dv1::UpdateDocumentRequest bad = req;
    bad.mutable_update_mask()->add_paths(path);
    EXPECT_EQ(ViolatedField(ValidateRequest(bad)), "update_mask.paths[1]") << path;
  }
  dv1::UpdateDocumentRequest nested = req;
  nested.mutable_update_mask()->add_paths("normative.legal_basis");
  EXPECT_TRUE(ValidateRequest(nested).ok());
  dv1::UpdateDocumentRequest unnamed = req;
  unnamed.mutable_document()->clear_name();
  EXPECT_EQ(ViolatedField(ValidateRequest(unnamed)), "document.name");
}

TEST(ValidationTest, TheFieldTravelsInTheErrorDetail) {
  absl::Status s = FieldError("absence.official", "must name a resource", "须为资源名");
  EXPECT_EQ(ViolatedField(FromGrpcStatus(ToGrpcStatus(s))), "absence.official");
}

}  // namespace
}  // namespace xianfu
