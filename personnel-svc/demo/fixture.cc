#include "personnel-svc/demo/fixture.h"

#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/deadline_proto.h"
#include "common/errors.h"

namespace xianfu::personnel {
namespace {

struct UnitRow {
  const char* id;
  const char* name;
  v1::UnitKind kind;
  std::vector<std::string> roles;
};

struct DeptRow {
  const char* unit;
  const char* principal_id;
  const char* principal_name;
  const char* deputy_id;  // "" when none
  const char* deputy_name;
  const char* leader;  // portfolio leader id
};

struct LeaderRow {
  const char* id;
  const char* name;
  const char* post_id;
  const char* post_name;
  v1::PostKind kind;
  bool executive;
  bool foreign_affairs;
  const char* b;  // AB partner, "" when none
  std::vector<std::string> domains;
};

const std::vector<UnitRow>& Units() {
  static const std::vector<UnitRow> units = {
      {"government", "勐腊县人民政府", v1::UNIT_KIND_GOVERNMENT, {}},
      {"government-office", "勐腊县人民政府办公室", v1::UNIT_KIND_GOVERNMENT_OFFICE, {"R-OFFICE"}},
      {"supervision-office", "县人民政府督查室", v1::UNIT_KIND_GOVERNMENT_OFFICE, {"R-SUP"}},
      {"agriculture-bureau", "县农业农村局", v1::UNIT_KIND_CONSTITUENT_DEPARTMENT, {}},
      {"forestry-bureau", "县林业和草原局", v1::UNIT_KIND_CONSTITUENT_DEPARTMENT, {}},
      {"water-bureau", "县水务局", v1::UNIT_KIND_CONSTITUENT_DEPARTMENT, {}},
      {"commerce-bureau", "县商务局", v1::UNIT_KIND_CONSTITUENT_DEPARTMENT, {}},
      {"foreign-affairs-office", "县外事办公室", v1::UNIT_KIND_CONSTITUENT_DEPARTMENT, {"R-FAO"}},
      {"market-regulation-bureau", "县市场监督管理局", v1::UNIT_KIND_CONSTITUENT_DEPARTMENT, {}},
      {"education-bureau", "县教育体育局", v1::UNIT_KIND_CONSTITUENT_DEPARTMENT, {}},
      {"health-bureau", "县卫生健康局", v1::UNIT_KIND_CONSTITUENT_DEPARTMENT, {}},
      {"culture-tourism-bureau", "县文化和旅游局", v1::UNIT_KIND_CONSTITUENT_DEPARTMENT, {}},
      {"natural-resources-bureau", "县自然资源局", v1::UNIT_KIND_CONSTITUENT_DEPARTMENT, {}},
      {"housing-bureau", "县住房和城乡建设局", v1::UNIT_KIND_CONSTITUENT_DEPARTMENT, {}},
      {"finance-bureau", "县财政局", v1::UNIT_KIND_CONSTITUENT_DEPARTMENT, {"R-FIN"}},
      {"development-reform-bureau", "县发展和改革局", v1::UNIT_KIND_CONSTITUENT_DEPARTMENT, {"R-DRC"}},
      {"justice-bureau", "县司法局", v1::UNIT_KIND_CONSTITUENT_DEPARTMENT, {"R-JB"}},
      {"transport-bureau", "县交通运输局", v1::UNIT_KIND_CONSTITUENT_DEPARTMENT, {}},
      {"public-security-bureau", "县公安局", v1::UNIT_KIND_CONSTITUENT_DEPARTMENT, {}},
      {"petition-bureau", "县信访局", v1::UNIT_KIND_CONSTITUENT_DEPARTMENT, {"R-PETITION"}},
      {"mengpeng-town", "勐捧镇", v1::UNIT_KIND_TOWNSHIP, {"R-TWN"}},
      {"menglun-town", "勐仑镇", v1::UNIT_KIND_TOWNSHIP, {"R-TWN"}},
      {"mohan-town", "磨憨镇", v1::UNIT_KIND_TOWNSHIP, {"R-TWN"}},
      {"mengman-farm", "勐满农场社区管委会", v1::UNIT_KIND_FARM_COMMUNITY, {"R-FARM"}},
      {"county-committee", "中共勐腊县委", v1::UNIT_KIND_EXTERNAL, {"R-CC"}},
      {"prefecture-party-office", "西双版纳州委办公室", v1::UNIT_KIND_EXTERNAL, {"R-PREF-CO"}},
      {"prefecture-government-office", "西双版纳州人民政府办公室", v1::UNIT_KIND_EXTERNAL, {"R-PREF-GO"}},
  };
  return units;
}

const std::vector<LeaderRow>& Leaders() {
  static const std::vector<LeaderRow> leaders = {
      {"chen-li",
       "陈立",
       "county-head",
       "县长",
       v1::POST_KIND_COUNTY_HEAD,
       false,
       false,
       "dao-jianhua",
       {"全面工作", "审计"}},
      {"dao-jianhua",
       "刀建华",
       "executive-deputy-head",
       "常务副县长",
       v1::POST_KIND_DEPUTY_HEAD,
       true,
       false,
       "zhao-gang",
       {"财政", "发展改革", "国有资产"}},
      {"yu-han",
       "玉罕",
       "deputy-head-yu",
       "副县长",
       v1::POST_KIND_DEPUTY_HEAD,
       false,
       false,
       "li-na",
       {"农业农村", "林业", "水务"}},
      {"li-na",
       "李娜",
       "deputy-head-li",
       "副县长",
       v1::POST_KIND_DEPUTY_HEAD,
       false,
       false,
       "yu-han",
       {"教育体育", "卫生健康", "文化旅游"}},
      {"wang-hai",
       "王海",
       "deputy-head-wang",
       "副县长（分管外事）",
       v1::POST_KIND_DEPUTY_HEAD,
       false,
       true,
       "yan-xiang",
       {"商务", "外事", "口岸", "市场监管"}},
      {"yan-xiang",
       "岩香",
       "deputy-head-yan",
       "副县长",
       v1::POST_KIND_DEPUTY_HEAD,
       false,
       false,
       "wang-hai",
       {"自然资源", "住房城乡建设", "交通运输"}},
      {"zhao-gang",
       "赵刚",
       "deputy-head-zhao",
       "副县长",
       v1::POST_KIND_DEPUTY_HEAD,
       false,
       false,
       "dao-jianhua",
       {"司法", "应急管理", "信访"}},
      {"zhou-min",
       "周敏",
       "office-director",
       "县政府办公室主任",
       v1::POST_KIND_OFFICE_DIRECTOR,
       false,
       false,
       "dao-jianhua",
       {"办公室"}},
  };
  return leaders;
}

const std::vector<DeptRow>& Departments() {
  static const std::vector<DeptRow> depts = {
      {"agriculture-bureau", "zhang-lei", "张雷", "ma-li", "马丽", "yu-han"},
      {"forestry-bureau", "bai-yun", "白云", "", "", "yu-han"},
      {"water-bureau", "li-jiang", "李江", "", "", "yu-han"},
      {"commerce-bureau", "huang-tao", "黄涛", "lin-feng", "林峰", "wang-hai"},
      {"foreign-affairs-office", "duan-yun", "段云", "", "", "wang-hai"},
      {"market-regulation-bureau", "hu-bin", "胡斌", "", "", "wang-hai"},
      {"education-bureau", "wu-jing", "吴静", "", "", "li-na"},
      {"health-bureau", "xu-lei", "徐蕾", "", "", "li-na"},
      {"culture-tourism-bureau", "tao-ran", "陶然", "", "", "li-na"},
      {"natural-resources-bureau", "zheng-yu", "郑宇", "", "", "yan-xiang"},
      {"housing-bureau", "qian-kun", "钱坤", "", "", "yan-xiang"},
      {"finance-bureau", "liu-qiang", "刘强", "", "", "dao-jianhua"},
      {"development-reform-bureau", "feng-gang", "冯刚", "", "", "dao-jianhua"},
      {"justice-bureau", "he-ping", "何平", "", "", "zhao-gang"},
      {"transport-bureau", "lu-ming", "陆明", "", "", "yan-xiang"},
      {"public-security-bureau", "luo-jun", "罗军", "", "", "zhao-gang"},
      {"petition-bureau", "fang-yuan", "方圆", "", "", "zhao-gang"},
  };
  return depts;
}

// F-1 as one ImportOrganisationRequest: everything dated from `start`.
class Builder {
 public:
  explicit Builder(const FixtureOptions& options) : options_(options) {}

  v1::ImportOrganisationRequest Build() {
    req_.set_source("fixture F-1 (shared/rules/scenarios.md)");
    req_.set_request_id(absl::StrCat("f1-import-", absl::FormatCivilTime(options_.start)));
    for (const UnitRow& u : Units()) {
      auto* unit = req_.add_units();
      unit->set_unit_id(u.id);
      unit->mutable_unit()->set_display_name_zh(u.name);
      unit->mutable_unit()->set_kind(u.kind);
      for (const std::string& r : u.roles) unit->mutable_unit()->add_roles(r);
    }
    for (const LeaderRow& l : Leaders()) {
      Person(l.id, l.name, l.post_id, l.post_name, l.kind, "government", l.executive, l.foreign_affairs, {});
    }
    // Party group: the county head is its secretary; the executive deputy its deputy secretary.
    Post("party-group-secretary", "县政府党组书记", v1::POST_KIND_PARTY_GROUP_SECRETARY, "government", false, false, {},
         "chen-li");
    Post("party-group-deputy-secretary", "县政府党组副书记", v1::POST_KIND_PARTY_GROUP_DEPUTY_SECRETARY, "government",
         false, false, {}, "dao-jianhua");
    for (const char* member : {"yu-han", "li-na", "wang-hai", "yan-xiang", "zhao-gang", "zhou-min"}) {
      Post(absl::StrCat("party-group-member-", member), "县政府党组成员", v1::POST_KIND_PARTY_GROUP_MEMBER, "government",
           false, false, {}, member);
    }
    struct Extra {
      const char* id;
      const char* name;
      const char* post_id;
      const char* post_name;
      v1::PostKind kind;
      const char* unit;
      std::vector<std::string> areas;
    };
    const std::vector<Extra> extras = {
        {"yang-fan",
         "杨帆",
         "office-deputy-director-yang",
         "县政府办公室副主任",
         v1::POST_KIND_OFFICE_DEPUTY_DIRECTOR,
         "government-office",
         {"secretariat", "meetings", "minutes"}},
        {"he-jing",
         "何静",
         "office-deputy-director-he",
         "县政府办公室副主任",
         v1::POST_KIND_OFFICE_DEPUTY_DIRECTOR,
         "government-office",
         {"information", "documents"}},
        {"li-wen", "李文", "office-clerk-li", "县政府办公室文秘", v1::POST_KIND_OFFICE_CLERK, "government-office", {}},
        {"tao-hong", "陶红", "office-clerk-tao", "县政府办公室机要员", v1::POST_KIND_OFFICE_CLERK, "government-office",
         {}},
        {"sun-jie", "孙洁", "supervision-director", "县政府督查室主任", v1::POST_KIND_SUPERVISION_DIRECTOR,
         "supervision-office", {}},
        {"ai-lan", "艾兰", "supervision-staff-ai", "县政府督查室督查专员", v1::POST_KIND_SUPERVISION_STAFF,
         "supervision-office", {}},
        {"luo-yi", "罗毅", "county-party-secretary", "县委书记", v1::POST_KIND_COUNTY_PARTY_SECRETARY,
         "county-committee", {}},
        {"yan-han", "岩罕", "mengpeng-town-head", "勐捧镇镇长", v1::POST_KIND_TOWNSHIP_HEAD, "mengpeng-town", {}},
        {"yu-xiang", "玉香", "menglun-town-head", "勐仑镇镇长", v1::POST_KIND_TOWNSHIP_HEAD, "menglun-town", {}},
    };
    for (const Extra& e : extras) Person(e.id, e.name, e.post_id, e.post_name, e.kind, e.unit, false, false, e.areas);
    for (const DeptRow& d : Departments()) {
      std::string unit_name;
      for (const UnitRow& u : Units()) {
        if (std::string(u.id) == d.unit) unit_name = u.name;
      }
      Person(d.principal_id, d.principal_name, absl::StrCat(d.unit, "-principal"),
             absl::StrCat(unit_name, "主要负责人"), v1::POST_KIND_DEPARTMENT_PRINCIPAL, d.unit, false, false, {});
      if (*d.deputy_id != '\0') {
        Person(d.deputy_id, d.deputy_name, absl::StrCat(d.unit, "-deputy"), absl::StrCat(unit_name, "副职"),
               v1::POST_KIND_DEPARTMENT_DEPUTY, d.unit, false, false, {});
      }
      // DOC-24: each unit designates who receives and sends documents.
      Person(absl::StrCat(d.unit, "-clerk"), absl::StrCat(unit_name, "收发员"), absl::StrCat(d.unit, "-clerk"),
             absl::StrCat(unit_name, "公文收发员"), v1::POST_KIND_UNIT_CLERK, d.unit, false, false, {});
    }
    v1::DivisionOfWork* division = req_.add_divisions();
    *division->mutable_effective_date() = ToProtoDate(options_.start);
    division->set_basis(v1::DIVISION_BASIS_INITIAL_LOAD);
    for (const LeaderRow& l : Leaders()) {
      v1::Portfolio* p = division->add_portfolios();
      p->set_leader(absl::StrCat("officials/", l.id));
      for (const DeptRow& d : Departments()) {
        if (std::string(d.leader) == l.id) p->add_primary_units(absl::StrCat("units/", d.unit));
      }
      if (l.kind == v1::POST_KIND_OFFICE_DIRECTOR) p->add_primary_units("units/government-office");
      for (const std::string& domain : l.domains) p->add_domains(domain);
      if (*l.b != '\0') {
        v1::AbPair* ab = division->add_ab_pairs();
        ab->set_a(absl::StrCat("officials/", l.id));
        ab->set_b(absl::StrCat("officials/", l.b));
      }
    }
    v1::OutboundPlanEntry* plan = req_.add_plan_entries();
    plan->set_year(static_cast<int32_t>(options_.start.year()));
    plan->set_unit("units/commerce-bureau");
    plan->set_destination("老挝南塔省");
    plan->set_purpose("经贸推介");
    return std::move(req_);
  }

 private:
  void Post(const std::string& post_id, const std::string& post_name, v1::PostKind kind, const std::string& unit,
            bool executive, bool foreign_affairs, const std::vector<std::string>& areas, const std::string& holder) {
    auto* req = req_.add_posts();
    req->set_post_id(post_id);
    v1::Post* p = req->mutable_post();
    p->set_display_name_zh(post_name);
    p->set_kind(kind);
    p->set_unit(absl::StrCat("units/", unit));
    p->set_executive(executive);
    p->set_foreign_affairs(foreign_affairs);
    for (const std::string& a : areas) p->add_areas(a);
    v1::ImportOrganisationRequest::Holder* h = req_.add_holders();
    h->set_post(absl::StrCat("posts/", post_id));
    h->set_official(absl::StrCat("officials/", holder));
    *h->mutable_start_date() = ToProtoDate(options_.start);
    h->set_basis("fixture F-1 (initial load)");
  }

  void Person(const std::string& id, const std::string& name, const std::string& post_id, const std::string& post_name,
              v1::PostKind kind, const std::string& unit, bool executive, bool foreign_affairs,
              const std::vector<std::string>& areas) {
    auto* req = req_.add_officials();
    req->set_official_id(id);
    req->mutable_official()->set_display_name_zh(name);
    Post(post_id, post_name, kind, unit, executive, foreign_affairs, areas, id);
  }

  const FixtureOptions& options_;
  v1::ImportOrganisationRequest req_;
};

}  // namespace

std::unique_ptr<grpc::ClientContext> PersonnelClient::Context() const {
  auto ctx = std::make_unique<grpc::ClientContext>();
  ctx->set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(10)));
  ctx->AddMetadata("authorization", absl::StrCat("Bearer ", token_));
  return ctx;
}

v1::ImportOrganisationRequest FixtureF1(const FixtureOptions& options) { return Builder(options).Build(); }

absl::Status LoadFixtureF1(PersonnelClient& admin, const FixtureOptions& options) {
  v1::ImportOrganisationRequest req = FixtureF1(options);
  if (options.progress) {
    options.progress(absl::StrCat("importing F-1 from ", absl::FormatCivilTime(options.start), ": ", req.units_size(),
                                  " units, ", req.officials_size(), " officials, ", req.posts_size(), " posts"));
  }
  std::unique_ptr<grpc::ClientContext> ctx = admin.Context();
  v1::ImportOrganisationResponse resp;
  grpc::Status status = admin.stub().ImportOrganisation(ctx.get(), req, &resp);
  if (!status.ok()) return FromGrpcStatus(status);
  if (options.progress) {
    options.progress(absl::StrCat("imported; history from ", resp.history_from().year(), "-", resp.history_from().month(),
                                  "-", resp.history_from().day()));
  }
  return absl::OkStatus();
}

}  // namespace xianfu::personnel
