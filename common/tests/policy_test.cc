#include "common/policy.h"

#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "gmock/gmock.h"
#include "google/protobuf/text_format.h"
#include "gtest/gtest.h"

namespace xianfu {
namespace {

namespace fs = std::filesystem;
namespace v1 = ::xianfu::policy::v1;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::MatchesRegex;
using ::testing::Not;

const fs::path kSourceDir = XIANFU_SOURCE_DIR;
const fs::path kMengla = kSourceDir / "policy" / "mengla-2022.textproto";
const fs::path kTestdata = kSourceDir / "common" / "tests" / "testdata";

std::shared_ptr<const Policy> Mengla() {
  static const auto* policy = new std::shared_ptr<const Policy>([] {
    absl::StatusOr<std::shared_ptr<const Policy>> loaded = LoadPolicy(kMengla);
    EXPECT_TRUE(loaded.ok()) << loaded.status();
    return loaded.ok() ? *loaded : nullptr;
  }());
  return *policy;
}

// Writes `policy` as text to a temporary file and loads it through the file loader.
absl::StatusOr<std::shared_ptr<const Policy>> LoadModified(const v1::CountyPolicy& policy) {
  std::string text;
  google::protobuf::TextFormat::PrintToString(policy, &text);
  const fs::path path = fs::path(::testing::TempDir()) /
                        absl::StrCat(::testing::UnitTest::GetInstance()->current_test_info()->name(), ".textproto");
  std::ofstream(path, std::ios::trunc) << text;
  absl::StatusOr<std::shared_ptr<const Policy>> loaded = LoadPolicy(path);
  fs::remove(path);
  return loaded;
}

TEST(PolicyTest, LoadsTheCountyPolicy) {
  const std::shared_ptr<const Policy> policy = Mengla();
  ASSERT_NE(policy, nullptr);
  EXPECT_THAT(policy->version(), MatchesRegex("mengla-2022@[0-9a-f]{12}"));
  EXPECT_EQ(policy->proto().title(), "《勐腊县人民政府工作规则》");
  EXPECT_EQ(policy->proto().doc_number(), "腊政发〔2022〕3号");
  EXPECT_EQ(policy->proto().county_name(), "勐腊县");
  EXPECT_EQ(policy->proto().replaces().doc_number(), "腊政发〔2018〕17号");
  EXPECT_EQ(policy->proto().effective_from().source().article(), 81);
}

TEST(PolicyTest, ValuesMatchTheCatalogue) {
  const v1::CountyPolicy& p = Mengla()->proto();
  EXPECT_EQ(p.countersign().default_wd().days(), 7);
  EXPECT_EQ(p.countersign().default_wd().source().article(), 50);
  EXPECT_EQ(p.countersign().default_wd().source().paragraph(), 2);
  EXPECT_EQ(p.countersign().receipt_cutoff().hour(), 18);
  EXPECT_EQ(p.countersign().receipt_cutoff().minute(), 0);
  EXPECT_EQ(p.countersign().receipt_cutoff().source().amb_id(), "AMB-16b");

  // 10,000,000 yuan (含) = 1,000,000,000 fen; 200,000 yuan (及以下) = 20,000,000 fen.
  EXPECT_EQ(p.funds().party_group_min().fen(), 1'000'000'000);
  EXPECT_TRUE(p.funds().party_group_min().inclusive());
  EXPECT_EQ(p.funds().party_group_min().source().item(), 7);
  EXPECT_EQ(p.funds().county_head_max().fen(), 20'000'000);
  EXPECT_TRUE(p.funds().county_head_max().inclusive());
  EXPECT_EQ(p.funds().boundary_forum().value(), v1::FORUM_PARTY_GROUP);
  EXPECT_EQ(p.funds().boundary_forum().source().amb_id(), "AMB-02");
  EXPECT_EQ(p.invest().party_group_min().fen(), 5'000'000'000);
  EXPECT_EQ(p.invest().annual_plan_sequence().value(), v1::FORUM_BOTH_EXECUTIVE_THEN_PARTY_GROUP);
  EXPECT_EQ(p.assets().executive_min().fen(), 200'000'000);
  EXPECT_FALSE(p.assets().executive_min().inclusive());
  EXPECT_EQ(p.assets().below_executive_route().value(), v1::FORUM_NONE);

  EXPECT_EQ(p.meetings().party_group_frequency().value(), v1::FREQUENCY_MONTHLY);
  EXPECT_EQ(p.meetings().executive_frequency().source().amb_id(), "AMB-01");
  EXPECT_EQ(p.meetings().plenary_frequency().value(), v1::FREQUENCY_HALF_YEARLY);
  EXPECT_EQ(p.topics().deadline_unit().value(), v1::DAY_UNIT_CALENDAR_DAY);
  EXPECT_EQ(p.topics().normal_lead_days().count(), 3);
  EXPECT_EQ(p.topics().major_lead_days().count(), 5);
  EXPECT_EQ(p.topics().late_override_role().role(), "R-CH");
  EXPECT_EQ(p.minutes().issue_deadline_wd().days(), 5);
  EXPECT_EQ(p.extensions().max_count().count(), 2);
  EXPECT_EQ(p.dept_meetings().plan_deadline().date().month(), 12);
  EXPECT_EQ(p.dept_meetings().plan_deadline().date().day(), 20);
  EXPECT_EQ(p.docs().direct_min_class().value(), v1::CLASSIFICATION_JIMI);
  EXPECT_EQ(p.publish().deadline_wd().days(), 20);
  EXPECT_EQ(p.petition().read_wd().days(), 5);
  EXPECT_EQ(p.deadlines().major_situation_hours().hours(), 24);
  EXPECT_EQ(p.fieldwork().max_escorts().count(), 3);
  EXPECT_EQ(p.scope().dual_led_mode().value(), v1::ENFORCEMENT_WARN);
}

TEST(PolicyTest, MoneyTiersRespectInclusiveBoundaries) {
  const v1::FundsPolicy& funds = Mengla()->proto().funds();
  EXPECT_TRUE(WithinMaximum(funds.county_head_max(), 20'000'000));    // 200,000.00 yuan
  EXPECT_FALSE(WithinMaximum(funds.county_head_max(), 20'000'001));   // 200,000.01 yuan
  EXPECT_TRUE(MeetsMinimum(funds.party_group_min(), 1'000'000'000));  // exactly 10,000,000
  EXPECT_FALSE(MeetsMinimum(funds.party_group_min(), 999'999'999));
  const v1::MoneyThreshold& assets = Mengla()->proto().assets().executive_min();
  EXPECT_FALSE(MeetsMinimum(assets, 200'000'000));  // 2,000,000 (不含) is not executive.
  EXPECT_TRUE(MeetsMinimum(assets, 200'000'001));
}

TEST(PolicyTest, RuleTableHoldsEveryCatalogueRule) {
  // catalogue.md Part 2: MTG-01…31, DOC-01…30, SUP-01…17, DIS-01…30, ORG-01…13.
  const std::map<std::string, int> modules = {{"MTG", 31}, {"DOC", 30}, {"SUP", 17}, {"DIS", 30}, {"ORG", 13}};
  int expected = 0;
  for (const auto& [module, count] : modules) {
    for (int i = 1; i <= count; ++i) {
      const std::string id = absl::StrCat(module, "-", i < 10 ? "0" : "", i);
      EXPECT_TRUE(Mengla()->FindRule(id).ok()) << id;
    }
    expected += count;
  }
  EXPECT_EQ(Mengla()->proto().rules_size(), expected);
}

TEST(PolicyTest, FindsRulesWithTheirArticles) {
  absl::StatusOr<const v1::Rule*> doc03 = Mengla()->FindRule("DOC-03");
  ASSERT_TRUE(doc03.ok());
  EXPECT_EQ((*doc03)->source().article(), 49);
  EXPECT_EQ((*doc03)->source().paragraph(), 1);
  EXPECT_EQ((*doc03)->enforcement(), v1::ENFORCEMENT_REJECT);
  EXPECT_EQ((*doc03)->title_zh(), "请示一文一事");

  absl::StatusOr<const v1::Rule*> mtg14 = Mengla()->FindRule("MTG-14");
  ASSERT_TRUE(mtg14.ok());
  EXPECT_EQ((*mtg14)->source().article(), 50);
  EXPECT_EQ((*mtg14)->enforcement(), v1::ENFORCEMENT_REJECT_O);
  EXPECT_EQ((*mtg14)->override_role(), "R-CH");
  absl::StatusOr<const v1::Role*> chair = Mengla()->FindRole((*mtg14)->override_role());
  ASSERT_TRUE(chair.ok());
  EXPECT_EQ((*chair)->name_zh(), "县长");

  absl::StatusOr<const v1::Rule*> mtg09 = Mengla()->FindRule("MTG-09");
  ASSERT_TRUE(mtg09.ok());
  EXPECT_EQ((*mtg09)->source().article(), 40);
  EXPECT_EQ((*mtg09)->source().item(), 7);
  ASSERT_EQ((*mtg09)->related_size(), 1);
  EXPECT_EQ((*mtg09)->related(0).article(), 41);
  EXPECT_EQ((*mtg09)->related(0).item(), 11);

  // A rule mixing levels carries the strongest and says so.
  absl::StatusOr<const v1::Rule*> mtg23 = Mengla()->FindRule("MTG-23");
  ASSERT_TRUE(mtg23.ok());
  EXPECT_EQ((*mtg23)->enforcement(), v1::ENFORCEMENT_ESCALATE);
  EXPECT_THAT((*mtg23)->note(), HasSubstr("Mixes"));

  EXPECT_EQ(Mengla()->FindRule("DOC-99").status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(Mengla()->FindRole("R-NOBODY").status().code(), absl::StatusCode::kNotFound);
}

TEST(PolicyTest, EffectiveFromTheDayOfIssue) {
  EXPECT_EQ(Mengla()->effective_from(), absl::CivilDay(2022, 3, 22));
  EXPECT_FALSE(Mengla()->IsEffectiveOn(absl::CivilDay(2022, 3, 21)));
  EXPECT_TRUE(Mengla()->IsEffectiveOn(absl::CivilDay(2022, 3, 22)));
  EXPECT_TRUE(Mengla()->IsEffectiveOn(absl::CivilDay(2026, 9, 29)));
}

TEST(PolicyTest, UnknownKeyIsReportedWithLineAndColumn) {
  absl::StatusOr<std::shared_ptr<const Policy>> policy = LoadPolicy(kTestdata / "unknown-field.textproto");
  EXPECT_EQ(policy.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(policy.status().message(),
              AllOf(HasSubstr("unknown-field.textproto"), HasSubstr("line 4 column"), HasSubstr("default_days")));
}

TEST(PolicyTest, MissingFileIsNotFound) {
  EXPECT_EQ(LoadPolicy(kTestdata / "no-such-policy.textproto").status().code(), absl::StatusCode::kNotFound);
}

TEST(PolicyTest, MissingValuesAreNamed) {
  v1::CountyPolicy policy = Mengla()->proto();
  policy.mutable_countersign()->clear_default_wd();
  policy.clear_effective_from();
  policy.mutable_funds()->mutable_county_head_max()->clear_source();
  policy.clear_speech();
  absl::StatusOr<std::shared_ptr<const Policy>> loaded = LoadModified(policy);
  EXPECT_EQ(loaded.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(loaded.status().message(),
              AllOf(HasSubstr("countersign.default_wd: missing"), HasSubstr("effective_from: missing"),
                    HasSubstr("funds.county_head_max.source: missing"), HasSubstr("speech: missing")));
}

TEST(PolicyTest, NonPositiveDeadlinesAreRejected) {
  v1::CountyPolicy policy = Mengla()->proto();
  policy.mutable_countersign()->mutable_default_wd()->set_days(0);
  policy.mutable_deadlines()->mutable_major_situation_hours()->set_hours(-1);
  policy.mutable_topics()->mutable_normal_lead_days()->set_count(0);
  const absl::Status status = ValidatePolicy(policy);
  EXPECT_THAT(status.message(), AllOf(HasSubstr("countersign.default_wd.days: must be positive, got 0"),
                                      HasSubstr("deadlines.major_situation_hours.hours: must be positive, got -1"),
                                      HasSubstr("topics.normal_lead_days.count: must be positive")));
}

TEST(PolicyTest, ImpossibleCombinationsAreRejected) {
  v1::CountyPolicy policy = Mengla()->proto();
  // The county head could then approve what only the party group may decide.
  policy.mutable_funds()->mutable_county_head_max()->set_fen(1'000'000'000);
  policy.mutable_funds()->mutable_boundary_forum()->set_value(v1::FORUM_COUNTY_HEAD);
  policy.mutable_invest()->mutable_executive_min()->set_fen(6'000'000'000);
  policy.mutable_minutes()->mutable_issue_warn_wd()->set_days(5);
  policy.mutable_topics()->mutable_major_lead_days()->set_count(2);
  policy.mutable_countersign()->mutable_receipt_cutoff()->set_hour(24);
  const absl::Status status = ValidatePolicy(policy);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(status.message(), AllOf(HasSubstr("funds.county_head_max: must be below funds.party_group_min"),
                                      HasSubstr("funds.boundary_forum: FORUM_COUNTY_HEAD is not one of"),
                                      HasSubstr("invest.executive_min: must be below invest.party_group_min"),
                                      HasSubstr("minutes.issue_warn_wd: must come before"),
                                      HasSubstr("topics.major_lead_days: must not be shorter"),
                                      HasSubstr("countersign.receipt_cutoff: not a time of day")));
}

TEST(PolicyTest, RuleTableErrorsAreRejected) {
  v1::CountyPolicy policy = Mengla()->proto();
  *policy.add_rules() = policy.rules(0);  // Duplicate of MTG-01.
  for (v1::Rule& rule : *policy.mutable_rules()) {
    if (rule.rule_id() == "DOC-03") rule.mutable_source()->set_article(0);
    if (rule.rule_id() == "DOC-04") rule.clear_enforcement();
    if (rule.rule_id() == "DOC-05") rule.set_override_role("R-UNKNOWN");
  }
  const absl::Status status = ValidatePolicy(policy);
  EXPECT_THAT(status.message(), AllOf(HasSubstr("rules[MTG-01].rule_id: duplicate rule id"),
                                      HasSubstr("rules[DOC-03].source.article: must be a positive article number"),
                                      HasSubstr("rules[DOC-04].enforcement: missing"),
                                      HasSubstr("rules[DOC-05].override_role: role \"R-UNKNOWN\" is not declared")));
}

TEST(PolicyTest, UndeclaredRoleInAValueIsRejected) {
  v1::CountyPolicy policy = Mengla()->proto();
  policy.mutable_speech()->mutable_approver()->set_role("R-MAYOR");
  EXPECT_THAT(ValidatePolicy(policy).message(),
              HasSubstr("speech.approver.role: role \"R-MAYOR\" is not declared in roles"));
}

TEST(PolicyTest, TheShippedPolicyValidatesCleanly) { EXPECT_TRUE(ValidatePolicy(Mengla()->proto()).ok()); }

TEST(PolicyTest, AnotherCountyLoadsWithItsOwnValues) {
  absl::StatusOr<std::shared_ptr<const Policy>> other = LoadPolicy(kTestdata / "other-county.textproto");
  ASSERT_TRUE(other.ok()) << other.status();
  const v1::CountyPolicy& q = (*other)->proto();
  const v1::CountyPolicy& m = Mengla()->proto();

  EXPECT_THAT((*other)->version(), MatchesRegex("qingshi-2023@[0-9a-f]{12}"));
  EXPECT_NE(q.title(), m.title());
  EXPECT_NE(q.county_name(), m.county_name());
  EXPECT_EQ((*other)->effective_from(), absl::CivilDay(2023, 6, 1));
  EXPECT_FALSE((*other)->IsEffectiveOn(absl::CivilDay(2022, 3, 22)));

  EXPECT_EQ(q.countersign().default_wd().days(), 5);
  EXPECT_NE(q.countersign().default_wd().days(), m.countersign().default_wd().days());
  EXPECT_EQ(q.countersign().receipt_cutoff().minute(), 30);
  EXPECT_NE(q.funds().county_head_max().fen(), m.funds().county_head_max().fen());
  EXPECT_NE(q.funds().party_group_min().fen(), m.funds().party_group_min().fen());
  EXPECT_EQ(q.funds().boundary_forum().value(), v1::FORUM_EXECUTIVE);
  EXPECT_EQ(q.topics().deadline_unit().value(), v1::DAY_UNIT_WORKING_DAY);

  absl::StatusOr<const v1::Rule*> theirs = (*other)->FindRule("DOC-03");
  absl::StatusOr<const v1::Rule*> ours = Mengla()->FindRule("DOC-03");
  ASSERT_TRUE(theirs.ok());
  ASSERT_TRUE(ours.ok());
  EXPECT_EQ((*theirs)->source().article(), 37);
  EXPECT_NE((*theirs)->source().article(), (*ours)->source().article());
  EXPECT_NE((*other)->FindRule("DOC-10").value()->enforcement(), Mengla()->FindRule("DOC-10").value()->enforcement());
  // Rules this county does not define are not found, rather than borrowed from Mengla.
  EXPECT_EQ((*other)->FindRule("ORG-12").status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT((*other)->version(), Not(HasSubstr("mengla")));
}

}  // namespace
}  // namespace xianfu

namespace xianfu {
namespace {

TEST(PolicyCiteTest, CitesArticleTitleAndOverrideRoleFromThePolicyFile) {
  absl::StatusOr<std::shared_ptr<const Policy>> policy =
      LoadPolicy(std::filesystem::path(XIANFU_SOURCE_DIR) / "policy/mengla-2022.textproto");
  ASSERT_TRUE(policy.ok()) << policy.status();
  absl::StatusOr<RuleCitation> doc03 = (*policy)->Cite("DOC-03");
  ASSERT_TRUE(doc03.ok()) << doc03.status();
  EXPECT_EQ(doc03->article, 49);
  EXPECT_EQ(doc03->source_title, "《勐腊县人民政府工作规则》");
  EXPECT_EQ(doc03->policy_version, (*policy)->version());
  absl::Status refusal = RuleError(absl::StatusCode::kInvalidArgument, *doc03, "请示应当一文一事",
                                   "a request may contain only one matter");
  EXPECT_NE(refusal.message().find("第四十九条"), absl::string_view::npos) << refusal;
  EXPECT_EQ((*policy)->Cite("XYZ-99").status().code(), absl::StatusCode::kInternal);
}

TEST(PolicyCiteTest, AnotherCountyCitesItsOwnArticles) {
  absl::StatusOr<std::shared_ptr<const Policy>> other =
      LoadPolicy(std::filesystem::path(XIANFU_SOURCE_DIR) / "common/tests/testdata/other-county.textproto");
  ASSERT_TRUE(other.ok()) << other.status();
  absl::StatusOr<std::shared_ptr<const Policy>> mengla =
      LoadPolicy(std::filesystem::path(XIANFU_SOURCE_DIR) / "policy/mengla-2022.textproto");
  ASSERT_TRUE(mengla.ok());
  absl::StatusOr<RuleCitation> theirs = (*other)->Cite("DOC-10");
  absl::StatusOr<RuleCitation> ours = (*mengla)->Cite("DOC-10");
  ASSERT_TRUE(theirs.ok() && ours.ok());
  EXPECT_NE(theirs->source_title, ours->source_title);
  EXPECT_NE(theirs->article, ours->article);
}

}  // namespace
}  // namespace xianfu
