// document-demo: demo documents in several states, created through the public APIs as the
// officials of fixture F-1 (loaded first by personnel-demo), dated from today:
//  * a draft whose countersigns with two departments are pending;
//  * a 请示 routed to 玉罕, who is away this week (李娜 acts as her B);
//  * an outgoing notice awaiting 王海's signature and an important opinion awaiting reviews;
//  * a county-government order a stand-in tried to sign: refused, escalated to the county head.
#include <cstdio>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/auth.h"
#include "common/calendar.h"
#include "common/deadline_proto.h"
#include "common/errors.h"
#include "grpcpp/grpcpp.h"
#include "personnel-svc/demo/fixture.h"
#include "xianfu/document/v1/document.grpc.pb.h"

ABSL_FLAG(std::string, target, "127.0.0.1:7102", "document-svc address");
ABSL_FLAG(std::string, personnel_target, "127.0.0.1:7101", "personnel-svc address");
ABSL_FLAG(std::string, auth_config, "", "key configuration (an HS256 kid signs the demo tokens)");

#define RETURN_IF(call, step) \
  if (absl::Status s_ = Check((call), step); !s_.ok()) return s_

namespace xianfu::document {
namespace {

namespace v1 = ::xianfu::document::v1;

class Demo {
 public:
  Demo(const AuthConfig& config) : config_(config) {
    channel_ = grpc::CreateChannel(absl::GetFlag(FLAGS_target), grpc::InsecureChannelCredentials());
    stub_ = v1::DocumentService::NewStub(channel_);
  }

  std::string Token(const std::string& subject, AdminRole role = AdminRole::kNone) {
    return *MintWithConfig(config_, subject, role);  // main() checked the configuration has a key
  }

  std::unique_ptr<grpc::ClientContext> As(const char* official) {
    auto ctx = std::make_unique<grpc::ClientContext>();
    ctx->set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(10)));
    ctx->AddMetadata("authorization", "Bearer " + Token(absl::StrCat("officials/", official)));
    return ctx;
  }

  absl::Status Check(const grpc::Status& s, absl::string_view step) {
    if (s.ok()) return absl::OkStatus();
    return absl::Status(FromGrpcStatus(s).code(), absl::StrCat(step, ": ", s.error_message()));
  }

  v1::Document Incoming(const char* unit, const char* signer, const std::string& title, std::vector<std::string> items,
                        v1::DocumentKind kind = v1::DOCUMENT_KIND_REQUEST) {
    v1::Document d;
    d.set_kind(kind);
    d.set_direction(v1::DIRECTION_INCOMING);
    d.set_title(title);
    d.set_body(absl::StrCat(title, "（演示正文）"));
    d.set_unit(absl::StrCat("units/", unit));
    d.set_signer(absl::StrCat("officials/", signer));
    d.add_principal_recipients("units/government");
    d.set_classification(v1::CLASSIFICATION_PUBLIC);
    for (auto& i : items) d.add_request_items(i);
    return d;
  }

  absl::Status Run() {
    const absl::CivilDay today = LocalDay(absl::Now());
    // 玉罕 is away this week (filed by the office clerk); 李娜, her B, acts.
    personnel::PersonnelClient personnel(
        grpc::CreateChannel(absl::GetFlag(FLAGS_personnel_target), grpc::InsecureChannelCredentials()),
        Token("officials/li-wen"));  // the office files absences
    personnel::v1::CreateAbsenceRequest away;
    away.mutable_absence()->set_official("officials/yu-han");
    away.mutable_absence()->set_kind(personnel::v1::ABSENCE_KIND_STUDY);
    away.mutable_absence()->set_leaves_jurisdiction(true);
    away.mutable_absence()->set_destination("昆明");
    *away.mutable_absence()->mutable_start_date() = ToProtoDate(today);
    *away.mutable_absence()->mutable_end_date() = ToProtoDate(today + 3);
    away.set_request_id(absl::StrCat("demo-absence-yu-", absl::FormatCivilTime(today)));
    personnel::v1::Absence absence;
    RETURN_IF(personnel.stub().CreateAbsence(personnel.Context().get(), away, &absence), "absence of 玉罕");

    std::printf("    document: a draft with pending countersigns\n");
    v1::CreateDocumentRequest create;
    *create.mutable_document() = Incoming("agriculture-bureau", "zhang-lei",
                                          "关于印发《勐腊县冬季农业开发实施方案》的请示", {"审定并印发实施方案"});
    create.mutable_document()->add_affected_units("units/finance-bureau");
    create.mutable_document()->add_affected_units("units/natural-resources-bureau");
    create.set_request_id(Id("draft-agri"));
    v1::Document draft;
    RETURN_IF(stub_->CreateDocument(As("zhang-lei").get(), create, &draft), "draft");
    v1::RequestCountersignsRequest ask;
    ask.set_document(draft.name());
    ask.add_units("units/finance-bureau");
    ask.add_units("units/natural-resources-bureau");
    ask.set_request_id(Id("countersign-agri"));
    v1::RequestCountersignsResponse asked;
    RETURN_IF(stub_->RequestCountersigns(As("zhang-lei").get(), ask, &asked), "countersigns");

    std::printf("    document: a 请示 with a leader who is away\n");
    *create.mutable_document() =
        Incoming("forestry-bureau", "bai-yun", "关于在勐仑镇设立临时森林防火检查站的请示", {"设立临时森林防火检查站"});
    create.set_request_id(Id("request-forestry"));
    v1::Document request;
    RETURN_IF(stub_->CreateDocument(As("bai-yun").get(), create, &request), "request");
    v1::SubmitDocumentRequest submit;
    submit.set_name(request.name());
    submit.set_etag(request.etag());
    submit.set_request_id(Id("submit-forestry"));
    RETURN_IF(stub_->SubmitDocument(As("bai-yun").get(), submit, &request), "submit");
    v1::ReviewDocumentRequest review;
    review.set_name(request.name());
    review.set_handling_opinion("拟请玉罕副县长审批");
    review.set_etag(request.etag());
    review.set_request_id(Id("review-forestry"));
    RETURN_IF(stub_->ReviewDocument(As("li-wen").get(), review, &request), "review");

    std::printf("    document: outgoing documents awaiting reviews and signature\n");
    for (bool important : {false, true}) {
      v1::Document out;
      out.set_kind(important ? v1::DOCUMENT_KIND_OPINION : v1::DOCUMENT_KIND_NOTICE);
      out.set_direction(v1::DIRECTION_OUTGOING);
      out.set_issuing_name(v1::ISSUING_NAME_COUNTY_GOVERNMENT);
      out.set_important(important);
      out.set_title(important ? "勐腊县人民政府关于加快推进口岸物流园建设的实施意见"
                              : "勐腊县人民政府关于调整县口岸工作领导小组成员的通知");
      out.set_body("（演示正文）");
      out.set_unit("units/commerce-bureau");
      out.set_classification(v1::CLASSIFICATION_PUBLIC);
      *create.mutable_document() = out;
      create.set_request_id(Id(important ? "outgoing-important" : "outgoing-general"));
      v1::Document created;
      RETURN_IF(stub_->CreateDocument(As("huang-tao").get(), create, &created), "outgoing");
      if (important) {
        v1::ReviewOutgoingRequest r;
        r.set_name(created.name());
        r.set_etag(created.etag());
        r.set_request_id(Id("outgoing-review-dao"));
        RETURN_IF(stub_->ReviewOutgoing(As("dao-jianhua").get(), r, &created), "review by 刀建华");
      }
    }

    // DOC-15: a county-government order signed by a stand-in is refused and escalated to the
    // county head (the refusal is the expected answer; a second load signs nothing twice).
    std::printf("    document: an order whose stand-in signature was refused (DOC-15)\n");
    v1::Document order;
    order.set_kind(v1::DOCUMENT_KIND_ORDER);
    order.set_direction(v1::DIRECTION_OUTGOING);
    order.set_issuing_name(v1::ISSUING_NAME_COUNTY_GOVERNMENT);
    order.set_title("勐腊县人民政府令（演示）");
    order.set_body("（演示正文）");
    order.set_unit("units/government-office");
    order.set_classification(v1::CLASSIFICATION_PUBLIC);
    *create.mutable_document() = order;
    create.set_request_id(Id("order"));
    v1::Document created_order;
    RETURN_IF(stub_->CreateDocument(As("li-wen").get(), create, &created_order), "order");
    v1::SignDocumentRequest sign;
    sign.set_name(created_order.name());
    sign.set_etag(created_order.etag());
    sign.set_request_id(Id("order-sign-dao"));
    v1::Document signed_order;
    const grpc::Status refused = stub_->SignDocument(As("dao-jianhua").get(), sign, &signed_order);
    if (refused.error_code() != grpc::StatusCode::PERMISSION_DENIED) {
      return Check(refused.ok() ? grpc::Status(grpc::StatusCode::INTERNAL, "a stand-in signed an order") : refused,
                   "order signed by a stand-in");
    }
    return absl::OkStatus();
  }

 private:
  std::string Id(const std::string& what) {
    return absl::StrCat("demo-", what, "-", absl::FormatCivilTime(LocalDay(absl::Now())));
  }

  const AuthConfig& config_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<v1::DocumentService::Stub> stub_;
};

}  // namespace
}  // namespace xianfu::document

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  absl::StatusOr<xianfu::AuthConfig> config = xianfu::LoadAuthConfig(absl::GetFlag(FLAGS_auth_config));
  if (!config.ok() || config->keys.empty()) {
    std::fprintf(stderr, "document-demo: --auth_config: %s\n", std::string(config.status().message()).c_str());
    return 2;
  }
  absl::Status status = xianfu::document::Demo(*config).Run();
  if (!status.ok()) {
    std::fprintf(stderr, "document-demo: %s\n", std::string(status.message()).c_str());
    return 1;
  }
  return 0;
}
