// Coded values, the catalog of what modules declare, and demo steps run once.
#include "domain/module.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

#include "domain/coded.hpp"
#include "testing/result_matchers.hpp"
#include "testing/test_databases.hpp"

namespace duxing::domain {
namespace {

using test::Describe;

enum class Color { kRed, kGreen };
const CodedEnum<Color> kColors = {{Color::kRed, {"red", "红色", {"赤"}}},
                                  {Color::kGreen, {"green", "绿色"}}};

TEST(CodedEnumTest, NameParseLabelAndVocabularyComeFromOneTable) {
  EXPECT_STREQ(kColors.Name(Color::kGreen), "green");
  EXPECT_EQ(kColors.Label(Color::kRed), "红色");
  EXPECT_EQ(kColors.Parse("red"), Color::kRed);
  // Parse takes codes only; labels and aliases are CodeOf's, for imports.
  EXPECT_EQ(kColors.Parse("红色"), std::nullopt);
  EXPECT_EQ(CodeOf(kColors.terms(), "赤"), "red");
  ASSERT_EQ(kColors.terms().size(), 2u);
  EXPECT_STREQ(kColors.terms()[1].label, "绿色");
}

TEST(CodedEnumTest, RefusesAValueOrCodeListedTwice) {
  using Items = std::initializer_list<CodedEnum<Color>::Item>;
  EXPECT_THROW((CodedEnum<Color>(Items{{Color::kRed, {"red", "红"}}, {Color::kRed, {"x", "叉"}}})),
               std::logic_error);
  EXPECT_THROW(
      (CodedEnum<Color>(Items{{Color::kRed, {"red", "红"}}, {Color::kGreen, {"red", "绿"}}})),
      std::logic_error);
}

const Vocabulary kStatusA = {{"open", "待办"}, {"done", "已办"}};
const Vocabulary kStatusB = {{"open", "在册"}};

ModuleInfo Ledger() {
  return {.name = "ledger",
          .vocabularies = {{"ledger_status", &kStatusA}},
          .record_types = {{"ledger_item",
                            "台账事项",
                            {{"status", "办理状态"}, {"title", "事项"}},
                            {{"status", &kStatusA}}}},
          .audit_actions = {{"close", "销号"}}};
}

ModuleInfo Roster() {
  return {.name = "roster",
          .vocabularies = {{"roster_status", &kStatusB}},
          .record_types = {{"member", "人员", {{"status", "在册状态"}}, {{"status", &kStatusB}}}}};
}

TEST(CatalogTest, FieldLabelsBelongToTheRecordType) {
  ModuleInfo ledger = Ledger(), roster = Roster();
  Catalog catalog({&ledger, &roster});
  EXPECT_EQ(catalog.FieldLabel("ledger_item", "status"), "办理状态");
  EXPECT_EQ(catalog.FieldLabel("member", "status"), "在册状态");
  EXPECT_EQ(catalog.ValueLabel("ledger_item", "status", "open"), "待办");
  EXPECT_EQ(catalog.ValueLabel("member", "status", "open"), "在册");
  // Unknown fields, values and types read as written.
  EXPECT_EQ(catalog.FieldLabel("ledger_item", "colour"), "colour");
  EXPECT_EQ(catalog.ValueLabel("ledger_item", "status", "lost"), "lost");
  EXPECT_EQ(catalog.ValueLabel("ledger_item", "title", "open"), "open");
  EXPECT_EQ(catalog.FieldLabel("nothing", "status"), "status");
  EXPECT_EQ(LabelOrCode(catalog.record_types(), "member"), "人员");
  EXPECT_EQ(LabelOrCode(catalog.actions(), "close"), "销号");
}

TEST(CatalogTest, ListsEveryVocabularyThenItsOwn) {
  ModuleInfo ledger = Ledger(), roster = Roster();
  Catalog catalog({&ledger, &roster});
  std::vector<std::string> names;
  for (const auto& v : catalog.vocabularies()) names.push_back(v.name);
  EXPECT_EQ(names, (std::vector<std::string>{"ledger_status", "roster_status", "audit_action",
                                             "record_type", "audit_field"}));
}

TEST(CatalogTest, RefusesWhatTwoModulesDeclare) {
  ModuleInfo a = Ledger(), b = Ledger();
  b.name = "other";
  EXPECT_THROW(Catalog({&a, &b}), std::logic_error);  // vocabulary, type and action again
  ModuleInfo c = Roster();
  c.vocabularies = {{"audit_action", &kStatusB}};  // the catalog's own name
  EXPECT_THROW(Catalog({&c}), std::logic_error);
  ModuleInfo d = Roster();
  EXPECT_THROW(Catalog({&d, &d}), std::logic_error);  // the module itself
}

TEST(CatalogTest, RefusesARecordNameSourceThatIsNoPlainIdentifier) {
  for (RecordType::NameSource bad : std::vector<RecordType::NameSource>{
           {"people; DROP TABLE people", "name"}, {"people", "name || 'x'"}, {"people", nullptr},
           {"People", "name"}, {"1people", "name"}}) {
    ModuleInfo m{.name = "bad", .record_types = {{"thing", "东西", {}, {}, bad}}};
    EXPECT_THROW(Catalog({&m}), std::logic_error) << bad.table;
  }
  ModuleInfo quoted{.name = "quoted", .record_types = {{"it's", "东西"}}};
  EXPECT_THROW(Catalog({&quoted}), std::logic_error);
  ModuleInfo good{.name = "good",
                  .record_types = {{"thing", "东西", {}, {}, {"things", "title_2"}}}};
  EXPECT_NO_THROW(Catalog({&good}));
}

class DemoStepTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    DX_SKIP_IF_NO_ENGINE(GetParam());
    auto clean = test::CleanDatabase::OpenMigrated(GetParam());
    ASSERT_TRUE(clean.ok()) << Describe(clean.error());
    clean_ = std::move(clean).value();
  }
  std::unique_ptr<test::CleanDatabase> clean_;
};

TEST_P(DemoStepTest, EachStepRunsOncePerDatabaseInListOrder) {
  std::vector<std::string> calls;
  ModuleInfo first{.name = "first", .demo = [&](DemoContext& ctx) {
                     calls.push_back("first");
                     ctx.accounts.push_back({"u1", "成员"});
                     return Ok();
                   }};
  ModuleInfo none{.name = "none"};
  ModuleInfo second{.name = "second", .demo = [&](DemoContext&) {
                      calls.push_back("second");
                      return Ok();
                    }};
  std::string password = "unused-password-1";
  std::vector<DemoAccount> accounts;
  DemoContext ctx{clean_->db(), TimePoint{}, password, accounts};
  {
    Catalog catalog({&first, &none});
    ASSERT_OK_AND_ASSIGN(auto ran, RunDemoSteps(catalog, ctx));
    EXPECT_EQ(ran, (std::vector<std::string>{"first"}));
  }
  // An upgrade adds a module: only its step runs.
  Catalog catalog({&first, &none, &second});
  ASSERT_OK_AND_ASSIGN(auto ran, RunDemoSteps(catalog, ctx));
  EXPECT_EQ(ran, (std::vector<std::string>{"second"}));
  ASSERT_OK_AND_ASSIGN(auto again, RunDemoSteps(catalog, ctx));
  EXPECT_TRUE(again.empty());
  EXPECT_EQ(calls, (std::vector<std::string>{"first", "second"}));
  EXPECT_EQ(accounts.size(), 1u);
}

TEST_P(DemoStepTest, AFailedStepIsNotRecordedAndStopsTheRest) {
  int runs = 0;
  bool fail = true;
  ModuleInfo flaky{.name = "flaky", .demo = [&](DemoContext&) -> Status {
                     ++runs;
                     if (fail) return MakeError(Code::kInternal, "boom");
                     return Ok();
                   }};
  bool later_ran = false;
  ModuleInfo later{.name = "later", .demo = [&](DemoContext&) {
                     later_ran = true;
                     return Ok();
                   }};
  std::string password = "unused-password-1";
  std::vector<DemoAccount> accounts;
  DemoContext ctx{clean_->db(), TimePoint{}, password, accounts};
  Catalog catalog({&flaky, &later});
  EXPECT_FALSE(RunDemoSteps(catalog, ctx).ok());
  EXPECT_FALSE(later_ran);
  fail = false;
  ASSERT_OK_AND_ASSIGN(auto ran, RunDemoSteps(catalog, ctx));
  EXPECT_EQ(ran, (std::vector<std::string>{"flaky", "later"}));
  EXPECT_EQ(runs, 2);
}

TEST_P(DemoStepTest, MarkingAStepDoneSkipsIt) {
  bool ran_step = false;
  ModuleInfo orgs{.name = "orgs", .demo = [&](DemoContext&) {
                    ran_step = true;
                    return Ok();
                  }};
  ASSERT_OK(MarkDemoStep(clean_->db(), "orgs", TimePoint{}));
  ASSERT_OK(MarkDemoStep(clean_->db(), "orgs", TimePoint{}));  // twice is fine
  std::string password = "unused-password-1";
  std::vector<DemoAccount> accounts;
  DemoContext ctx{clean_->db(), TimePoint{}, password, accounts};
  Catalog catalog({&orgs});
  ASSERT_OK_AND_ASSIGN(auto ran, RunDemoSteps(catalog, ctx));
  EXPECT_TRUE(ran.empty());
  EXPECT_FALSE(ran_step);
}

INSTANTIATE_TEST_SUITE_P(Engines, DemoStepTest, ::testing::ValuesIn(test::TestDatabaseUrls()),
                         test::UrlParamName());

}  // namespace
}  // namespace duxing::domain
