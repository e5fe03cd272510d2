// OrgNames, the one matcher of the org cells of imports (people, ledger),
// on every engine of TestDatabaseUrls().
#include "domain/orgs/org_names.hpp"

#include <gtest/gtest.h>

#include "testing/migrated_database.hpp"
#include "testing/result_matchers.hpp"
#include "testing/test_databases.hpp"

namespace duxing::domain::orgs {
namespace {

using test::Describe;

TEST(OrgPathNamesTest, SplitsOnSlashesTrimmingAndDroppingEmptyNames) {
  EXPECT_EQ(OrgPathNames("机关第一支部"), (std::vector<std::string>{"机关第一支部"}));
  EXPECT_EQ(OrgPathNames(" 机关党委 / 第二支部 /第一党小组 "),
            (std::vector<std::string>{"机关党委", "第二支部", "第一党小组"}));
  EXPECT_EQ(OrgPathNames("/第二支部//"), (std::vector<std::string>{"第二支部"}));
  EXPECT_TRUE(OrgPathNames(" / ").empty());
}

class OrgNamesTest : public test::MigratedDatabaseTest {
 protected:
  void SetUp() override {
    test::MigratedDatabaseTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    admin_.account_id = 1;
    admin_.grants.push_back({auth::Role::kSystemAdmin, 0, "/", "系统"});
    OrgService orgs(db());
    Context ctx;
    ctx.principal = &admin_;
    auto make = [&](std::optional<int64_t> parent, const std::string& name, Kind kind) {
      auto o = orgs.Create(ctx, {parent, name, kind, 0});
      EXPECT_TRUE(o.ok()) << name << ": " << Describe(o.error());
      return o.ok() ? *o : Org{};
    };
    committee_ = make(std::nullopt, "机关党委", Kind::kPartyCommittee);
    first_ = make(committee_.id, "第一支部", Kind::kBranch);
    second_ = make(committee_.id, "第二支部", Kind::kBranch);
    group1_ = make(first_.id, "第一党小组", Kind::kGroup);
    group2_ = make(second_.id, "第一党小组", Kind::kGroup);
    office_ = make(committee_.id, "办公室", Kind::kDepartment);
  }

  // The names of `cells` loaded in one read transaction.
  OrgNames Loaded(const std::vector<std::string>& cells) {
    OrgNames names;
    auto tx = db().Begin(storage::TxMode::kRead);
    EXPECT_TRUE(tx.ok());
    if (tx.ok()) EXPECT_TRUE(names.Load(**tx, cells).ok());
    return names;
  }

  static std::vector<int64_t> Ids(const OrgMatch& m) {
    std::vector<int64_t> out;
    for (const Org* o : m.orgs) out.push_back(o->id);
    return out;
  }

  auth::Principal admin_;
  Org committee_, first_, second_, group1_, group2_, office_;
};

const auto kAny = [](const Org&) { return true; };

TEST_P(OrgNamesTest, ANameFindsEveryOrgOfThatNameAndAPathTheOneBelowItsAncestors) {
  OrgNames names =
      Loaded({"第一党小组", "第二支部/第一党小组", "机关党委 / 第一支部 / 第一党小组"});
  OrgMatch bare = names.Find("第一党小组", kAny);
  EXPECT_EQ(Ids(bare), (std::vector<int64_t>{group1_.id, group2_.id}));
  EXPECT_FALSE(bare.by_path);
  OrgMatch path = names.Find("第二支部/第一党小组", kAny);
  EXPECT_EQ(Ids(path), std::vector<int64_t>{group2_.id});
  EXPECT_TRUE(path.by_path);
  EXPECT_EQ(Ids(names.Find("机关党委 / 第一支部 / 第一党小组", kAny)),
            std::vector<int64_t>{group1_.id});
  // The parents of namesakes are read to tell them apart.
  EXPECT_EQ(names.ShortPath(*bare.orgs[0]), "第一支部/第一党小组");
  EXPECT_EQ(names.ShortPath(*bare.orgs[1]), "第二支部/第一党小组");
}

TEST_P(OrgNamesTest, APathMustFollowTheNearestAncestorsAndOnlyLoadedNamesMatch) {
  OrgNames names = Loaded(
      {"第一支部/第二支部", "办公室/第一党小组", "机关党委/第一党小组", "第二支部/第九党小组"});
  for (const std::string cell :
       {"第一支部/第二支部", "办公室/第一党小组", "机关党委/第一党小组", "第二支部/第九党小组"}) {
    OrgMatch m = names.Find(cell, kAny);
    EXPECT_TRUE(m.orgs.empty()) << cell;
    EXPECT_TRUE(m.by_path) << cell;
  }
  EXPECT_TRUE(names.Find("第一支部", kAny).orgs.size() == 1);  // loaded as a path's name
  EXPECT_TRUE(names.Find("不存在的支部", kAny).orgs.empty());  // never loaded
}

TEST_P(OrgNamesTest, TheCallersFilterDecidesAndNamedListsAnyKind) {
  OrgNames names = Loaded({"第一党小组", "办公室"});
  auto under_first = [&](const Org& o) { return o.path.rfind(first_.path, 0) == 0; };
  EXPECT_EQ(Ids(names.Find("第一党小组", under_first)), std::vector<int64_t>{group1_.id});
  auto party = [](const Org& o) { return o.kind != Kind::kDepartment; };
  EXPECT_TRUE(names.Find("办公室", party).orgs.empty());
  ASSERT_EQ(names.Named("办公室").size(), 1u);
  EXPECT_EQ(names.Named("办公室")[0].id, office_.id);
  EXPECT_TRUE(names.Named("第九支部").empty());
}

TEST_P(OrgNamesTest, LaterLoadsAddOnlyNewNames) {
  OrgNames names;
  auto tx = db().Begin(storage::TxMode::kRead);
  ASSERT_TRUE(tx.ok());
  ASSERT_OK(names.Load(**tx, {"第一支部"}));
  EXPECT_TRUE(names.Find("第二支部", kAny).orgs.empty());
  ASSERT_OK(names.Load(**tx, {"第一支部", "第二支部"}));
  EXPECT_EQ(names.Named("第一支部").size(), 1u);  // not read twice
  EXPECT_EQ(Ids(names.Find("第二支部", kAny)), std::vector<int64_t>{second_.id});
}

INSTANTIATE_TEST_SUITE_P(Engines, OrgNamesTest, ::testing::ValuesIn(test::TestDatabaseUrls()),
                         test::UrlParamName());

}  // namespace
}  // namespace duxing::domain::orgs
