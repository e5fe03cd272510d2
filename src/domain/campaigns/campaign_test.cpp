// Campaigns: the content rules (dates, phases in order and within the
// campaign, goals, study points), the status workflow, scope (org admins of
// the organizing org's subtree write, everyone in scope reads), versioned
// edits and the remembered current campaign, on every engine of
// TestDatabaseUrls().
#include "domain/campaigns/campaign.hpp"

#include <gtest/gtest.h>

#include "domain/auth/auth_service.hpp"
#include "domain/campaigns/demo_campaign.hpp"
#include "domain/demo/demo_org.hpp"
#include "domain/orgs/org.hpp"
#include "testing/migrated_database.hpp"
#include "testing/result_matchers.hpp"
#include "testing/test_accounts.hpp"
#include "testing/test_databases.hpp"

namespace duxing::domain::campaigns {
namespace {

using test::Describe;
using test::ExpectError;

Campaign Valid2021() {
  Campaign c;
  c.name = "党史学习教育";
  c.year = 2021;
  c.start_date = "2021-02-20";
  c.end_date = "2021-12-31";
  c.goals = {"学史明理", "学史增信", "学史崇德", "学史力行"};
  c.phases = {{"学习教育", "2021-02-20", "2021-12-31"},
              {"专题组织生活会", "2021-11-01", "2021-12-31"},
              {"总结", "2021-12-01", "2021-12-31"}};
  c.study_points = {"深刻认识红色政权来之不易", "深刻认识中国共产党为什么能"};
  return c;
}

TEST(CampaignValidate, AcceptsTheSeedCampaign) { ASSERT_OK(Validate(Valid2021())); }

TEST(CampaignValidate, RefusesBadNamesYearsAndDates) {
  auto with = [](auto change) {
    Campaign c = Valid2021();
    change(c);
    return Validate(c);
  };
  ExpectError(with([](Campaign& c) { c.name = ""; }), Code::kInvalidArgument, "name");
  ExpectError(with([](Campaign& c) { c.name = "党史\n学习"; }), Code::kInvalidArgument, "name");
  ExpectError(with([](Campaign& c) { c.name = std::string(101, 'x'); }), Code::kInvalidArgument,
              "name");
  ExpectError(with([](Campaign& c) { c.year = 1999; }), Code::kInvalidArgument, "year");
  ExpectError(with([](Campaign& c) { c.year = 2022; }), Code::kInvalidArgument, "start_date");
  ExpectError(with([](Campaign& c) { c.start_date = "2021-02-30"; }), Code::kInvalidArgument,
              "start_date");
  ExpectError(with([](Campaign& c) { c.end_date = "2021/12/31"; }), Code::kInvalidArgument,
              "end_date");
  ExpectError(with([](Campaign& c) { c.end_date = "2021-02-19"; }), Code::kInvalidArgument,
              "end_date");
  // A campaign may end in the next year (主题教育 2023-04 to 2024-01).
  ASSERT_OK(with([](Campaign& c) { c.end_date = "2022-01-31"; }));
}

TEST(CampaignValidate, PhasesAreNamedOrderedAndWithinTheCampaign) {
  auto with = [](auto change) {
    Campaign c = Valid2021();
    change(c);
    return Validate(c);
  };
  ExpectError(with([](Campaign& c) { c.phases[1].name = ""; }), Code::kInvalidArgument,
              "phases[1].name");
  ExpectError(with([](Campaign& c) { c.phases[0].start_date = "2021-02-19"; }),
              Code::kInvalidArgument, "phases[0].start_date");
  ExpectError(with([](Campaign& c) { c.phases[2].end_date = "2022-01-01"; }),
              Code::kInvalidArgument, "phases[2].start_date");
  ExpectError(with([](Campaign& c) { c.phases[1].end_date = "2021-10-31"; }),
              Code::kInvalidArgument, "phases[1].end_date");
  ExpectError(with([](Campaign& c) { c.phases[2].start_date = "2021-10-01"; }),
              Code::kInvalidArgument, "phases[2].start_date");
  ExpectError(with([](Campaign& c) { c.phases[0].end_date = "2021-13-01"; }),
              Code::kInvalidArgument, "phases[0].end_date");
  ExpectError(with([](Campaign& c) { c.phases.resize(kMaxPhases + 1, c.phases.back()); }),
              Code::kInvalidArgument, "phases");
}

TEST(CampaignValidate, GoalsAndStudyPointsAreShortDistinctLines) {
  auto with = [](auto change) {
    Campaign c = Valid2021();
    change(c);
    return Validate(c);
  };
  ExpectError(with([](Campaign& c) { c.goals.push_back(""); }), Code::kInvalidArgument, "goals");
  ExpectError(with([](Campaign& c) { c.goals.push_back("学史明理"); }), Code::kInvalidArgument,
              "goals");
  ExpectError(with([](Campaign& c) { c.goals.push_back(std::string(31, 'x')); }),
              Code::kInvalidArgument, "goals");
  ExpectError(with([](Campaign& c) { c.goals.resize(kMaxGoals + 1, "x"); }),
              Code::kInvalidArgument, "goals");
  ExpectError(with([](Campaign& c) { c.study_points.push_back("a\tb"); }),
              Code::kInvalidArgument, "study_points");
  ExpectError(with([](Campaign& c) { c.study_points.resize(kMaxStudyPoints + 1, "x"); }),
              Code::kInvalidArgument, "study_points");
}

TEST(CampaignStatus, MovesOneStepForward) {
  using S = CampaignStatus;
  EXPECT_TRUE(MayMove(S::kPreparing, S::kActive));
  EXPECT_TRUE(MayMove(S::kActive, S::kEnded));
  EXPECT_TRUE(MayMove(S::kActive, S::kActive));
  EXPECT_FALSE(MayMove(S::kPreparing, S::kEnded));
  EXPECT_FALSE(MayMove(S::kEnded, S::kActive));
  EXPECT_FALSE(MayMove(S::kActive, S::kPreparing));
  for (S s : {S::kPreparing, S::kActive, S::kEnded}) {
    EXPECT_EQ(ParseStatus(StatusName(s)), s);
  }
  EXPECT_EQ(StatusLabel(S::kActive), "进行中");
  EXPECT_FALSE(ParseStatus("进行中"));
}

class CampaignServiceTest : public test::MigratedDatabaseTest {
 protected:
  void SetUp() override {
    test::MigratedDatabaseTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    service_ = std::make_unique<CampaignService>(db());
    orgs::OrgService orgs(db());
    ASSERT_OK_AND_ASSIGN(orgs::Org root, orgs.Create(As(system_), {std::nullopt, "机关党委",
                                                                   orgs::Kind::kPartyCommittee, 0}));
    ASSERT_OK_AND_ASSIGN(orgs::Org first,
                         orgs.Create(As(system_), {root.id, "机关第一支部", orgs::Kind::kBranch, 0}));
    ASSERT_OK_AND_ASSIGN(orgs::Org second,
                         orgs.Create(As(system_), {root.id, "机关第二支部", orgs::Kind::kBranch, 1}));
    root_ = root.id;
    first_ = first.id;
    second_ = second.id;
    auto tx = db().Begin(storage::TxMode::kWrite);
    ASSERT_TRUE(tx.ok()) << Describe(tx.error());
    ASSERT_OK(test::CreateAccounts(
        **tx,
        {{&root_admin_, "root_admin", auth::Role::kOrgAdmin, root},
         {&first_admin_, "first_admin", auth::Role::kOrgAdmin, first},
         {&second_admin_, "second_admin", auth::Role::kOrgAdmin, second},
         {&first_member_, "first_member", auth::Role::kMember, first},
         {&first_secretary_, "first_secretary", auth::Role::kBranchSecretary, first}},
        now_));
    ASSERT_OK((*tx)->Commit());
  }

  Context As(const auth::Principal& p) {
    Context ctx;
    ctx.principal = &p;
    ctx.now = now_;
    return ctx;
  }

  Campaign Make(const auth::Principal& p, int64_t org, const std::string& name, int year,
                CampaignStatus status = CampaignStatus::kPreparing) {
    Campaign c = Valid2021();
    c.name = name;
    c.year = year;
    c.start_date = std::to_string(year) + "-02-20";
    c.end_date = std::to_string(year) + "-12-31";
    for (auto& ph : c.phases) {
      ph.start_date.replace(0, 4, std::to_string(year));
      ph.end_date.replace(0, 4, std::to_string(year));
    }
    c.org_id = org;
    c.status = status;
    auto r = service_->Create(As(p), c);
    EXPECT_TRUE(r.ok()) << name << ": " << Describe(r.error());
    return r.ok() ? *r : Campaign{};
  }

  std::vector<std::string> Names(const auth::Principal& p, CampaignFilter f = {}) {
    auto list = service_->List(As(p), f);
    EXPECT_TRUE(list.ok()) << Describe(list.error());
    std::vector<std::string> out;
    if (list.ok()) {
      for (const auto& c : *list) out.push_back(c.name);
    }
    return out;
  }

  int64_t Count(const std::string& sql) {
    auto tx = db().Begin(storage::TxMode::kRead);
    EXPECT_TRUE(tx.ok());
    auto row = (*tx)->QueryOne(sql, {});
    EXPECT_TRUE(row.ok()) << Describe(row.error());
    return row.ok() ? row->Int(0) : -1;
  }

  TimePoint now_{std::chrono::sys_days(std::chrono::year(2026) / 3 / 1).time_since_epoch()};
  std::unique_ptr<CampaignService> service_;
  auth::Principal root_admin_, first_admin_, second_admin_, first_member_,
      first_secretary_;
  int64_t root_ = 0, first_ = 0, second_ = 0;
};

TEST_P(CampaignServiceTest, CreateKeepsPhasesGoalsAndStudyPointsInOrderAndAudits) {
  Campaign made = Make(root_admin_, root_, "党史学习教育", 2021);
  ASSERT_OK_AND_ASSIGN(Campaign got, service_->Get(As(first_member_), made.id));
  Campaign want = Valid2021();
  EXPECT_EQ(got.goals, want.goals);
  EXPECT_EQ(got.study_points, want.study_points);
  ASSERT_EQ(got.phases.size(), 3u);
  EXPECT_EQ(got.phases[1].name, "专题组织生活会");
  EXPECT_EQ(got.phases[1].start_date, "2021-11-01");
  EXPECT_EQ(got.org_name, "机关党委");
  EXPECT_EQ(got.version, 1);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE record_type = 'campaign' AND "
                  "action = 'create'"),
            1);
}

TEST_P(CampaignServiceTest, OrgAdminsOfTheSubtreeWriteEveryoneInScopeReads) {
  Campaign bureau = Make(root_admin_, root_, "党史学习教育", 2021);
  Campaign second = Make(second_admin_, second_, "第二支部读书班", 2021);
  // Not their org's subtree, or not an org admin: no create.
  Campaign c = Valid2021();
  c.org_id = root_;
  ExpectError(service_->Create(As(first_admin_), c), Code::kPermissionDenied, "org_id");
  c.org_id = first_;
  ExpectError(service_->Create(As(first_secretary_), c), Code::kPermissionDenied, "org_id");
  ExpectError(service_->Create(As(first_member_), c), Code::kPermissionDenied, "org_id");
  c.org_id = second_;
  ExpectError(service_->Create(As(first_admin_), c), Code::kNotFound, "org_id");
  c.org_id = 999999;
  ExpectError(service_->Create(As(system_), c), Code::kNotFound, "org_id");

  // The bureau's campaign covers the branches: all of them read it.
  for (auto* p : {&first_admin_, &first_member_, &first_secretary_}) {
    EXPECT_EQ(Names(*p), std::vector<std::string>{"党史学习教育"}) << p->username;
  }
  EXPECT_EQ(Names(root_admin_), (std::vector<std::string>{"第二支部读书班", "党史学习教育"}));
  EXPECT_EQ(Names(second_admin_), (std::vector<std::string>{"第二支部读书班", "党史学习教育"}));
  // Another branch's is not there for them.
  ExpectError(service_->Get(As(first_member_), second.id), Code::kNotFound);
  CampaignPatch p;
  p.version = second.version;
  p.name = "改名";
  ExpectError(service_->Update(As(first_admin_), second.id, p), Code::kNotFound);
  // They read the bureau's but do not change it.
  p.version = bureau.version;
  for (auto* who : {&first_admin_, &first_member_, &first_secretary_, &second_admin_}) {
    ExpectError(service_->Update(As(*who), bureau.id, p), Code::kPermissionDenied);
    ExpectError(service_->Archive(As(*who), bureau.id, bureau.version), Code::kPermissionDenied);
  }
  ASSERT_OK_AND_ASSIGN(Campaign renamed, service_->Update(As(root_admin_), second.id,
                                                          {second.version, "第二支部专题读书班"}));
  EXPECT_EQ(renamed.version, 2);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM campaigns WHERE name = '改名'"), 0);
}

TEST_P(CampaignServiceTest, StatusMovesForwardOneStepAndStaleVersionsChangeNothing) {
  Campaign c = Make(root_admin_, root_, "党史学习教育", 2021);
  CampaignPatch p;
  p.version = c.version;
  p.status = CampaignStatus::kEnded;
  ExpectError(service_->Update(As(root_admin_), c.id, p), Code::kFailedPrecondition, "status");
  p.status = CampaignStatus::kActive;
  ASSERT_OK_AND_ASSIGN(Campaign active, service_->Update(As(root_admin_), c.id, p));
  EXPECT_EQ(active.status, CampaignStatus::kActive);
  // Version 1 is stale now: 409, nothing changed.
  p.status = CampaignStatus::kEnded;
  p.name = "过时的修改";
  ExpectError(service_->Update(As(root_admin_), c.id, p), Code::kConflict, "version");
  p.version = active.version;
  p.status = CampaignStatus::kPreparing;
  ExpectError(service_->Update(As(root_admin_), c.id, p), Code::kFailedPrecondition, "status");
  // An edit that breaks a rule changes nothing either.
  CampaignPatch bad;
  bad.version = active.version;
  bad.end_date = "2021-06-30";  // phases now end after the campaign
  ExpectError(service_->Update(As(root_admin_), c.id, bad), Code::kInvalidArgument);
  ASSERT_OK_AND_ASSIGN(Campaign now, service_->Get(As(root_admin_), c.id));
  EXPECT_EQ(now.name, "党史学习教育");
  EXPECT_EQ(now.version, active.version);
  EXPECT_EQ(now.end_date, "2021-12-31");

  CampaignPatch phases;
  phases.version = now.version;
  phases.phases = std::vector<Phase>{{"总结", "2021-12-01", "2021-12-31"}};
  phases.status = CampaignStatus::kEnded;
  ASSERT_OK_AND_ASSIGN(Campaign ended, service_->Update(As(root_admin_), c.id, phases));
  EXPECT_EQ(ended.phases.size(), 1u);
  EXPECT_EQ(ended.status, CampaignStatus::kEnded);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM campaign_phases"), 1);

  ExpectError(service_->Archive(As(root_admin_), c.id, active.version), Code::kConflict);
  ASSERT_OK_AND_ASSIGN(Campaign archived, service_->Archive(As(root_admin_), c.id, ended.version));
  EXPECT_TRUE(archived.archived);
  EXPECT_TRUE(Names(root_admin_).empty());
  EXPECT_EQ(Names(root_admin_, {std::nullopt, std::nullopt, true}),
            std::vector<std::string>{"党史学习教育"});
  ExpectError(service_->Update(As(root_admin_), c.id, {archived.version, "再改"}),
              Code::kFailedPrecondition);
}

TEST_P(CampaignServiceTest, ListFiltersByYearAndStatus) {
  Make(root_admin_, root_, "党史学习教育", 2021, CampaignStatus::kEnded);
  Make(root_admin_, root_, "主题教育", 2023, CampaignStatus::kActive);
  Make(root_admin_, root_, "党纪学习教育", 2024, CampaignStatus::kPreparing);
  EXPECT_EQ(Names(first_member_), (std::vector<std::string>{"党纪学习教育", "主题教育",
                                                            "党史学习教育"}));
  EXPECT_EQ(Names(first_member_, {2023, std::nullopt, false}),
            std::vector<std::string>{"主题教育"});
  EXPECT_EQ(Names(first_member_, {std::nullopt, CampaignStatus::kEnded, false}),
            std::vector<std::string>{"党史学习教育"});
}

TEST_P(CampaignServiceTest, CurrentCampaignDefaultsToTheNewestActiveAndIsRemembered) {
  ASSERT_OK_AND_ASSIGN(auto none, service_->Current(As(first_member_)));
  EXPECT_FALSE(none.has_value());
  Campaign old = Make(root_admin_, root_, "党史学习教育", 2021, CampaignStatus::kActive);
  Make(root_admin_, root_, "党纪学习教育", 2024, CampaignStatus::kPreparing);
  Campaign second = Make(second_admin_, second_, "第二支部读书班", 2023, CampaignStatus::kActive);
  ASSERT_OK_AND_ASSIGN(auto current, service_->Current(As(first_member_)));
  ASSERT_TRUE(current.has_value());
  EXPECT_EQ(current->name, "党史学习教育");  // the newest active one they may read
  ASSERT_OK_AND_ASSIGN(current, service_->Current(As(second_admin_)));
  EXPECT_EQ(current->name, "第二支部读书班");

  ExpectError(service_->SetCurrent(As(first_member_), second.id), Code::kNotFound);
  ASSERT_OK_AND_ASSIGN(Campaign chosen, service_->SetCurrent(As(second_admin_), old.id));
  ASSERT_OK_AND_ASSIGN(current, service_->Current(As(second_admin_)));
  EXPECT_EQ(current->id, old.id);
  ASSERT_OK_AND_ASSIGN(current, service_->Current(As(first_member_)));  // others unaffected
  EXPECT_EQ(current->id, old.id);
  ASSERT_OK_AND_ASSIGN(current, service_->Current(As(root_admin_)));
  EXPECT_EQ(current->name, "第二支部读书班");
  // An archived choice falls back to the default.
  ASSERT_OK(service_->Archive(As(root_admin_), old.id, old.version));
  ASSERT_OK_AND_ASSIGN(current, service_->Current(As(second_admin_)));
  EXPECT_EQ(current->name, "第二支部读书班");
  ExpectError(service_->SetCurrent(As(second_admin_), old.id), Code::kFailedPrecondition);
}

// Next year's campaign, registered (筹备) while this year's has ended, is no
// one's default: the ended one, which holds the open work, stays it.
TEST_P(CampaignServiceTest, ACampaignInPreparationIsNotTheDefaultOverOneThatRan) {
  Make(root_admin_, root_, "党史学习教育", 2021, CampaignStatus::kEnded);
  Make(root_admin_, root_, "主题教育", 2023, CampaignStatus::kPreparing);
  ASSERT_OK_AND_ASSIGN(auto current, service_->Current(As(first_member_)));
  ASSERT_TRUE(current.has_value());
  EXPECT_EQ(current->name, "党史学习教育");
  Make(root_admin_, root_, "党纪学习教育", 2024, CampaignStatus::kActive);
  ASSERT_OK_AND_ASSIGN(current, service_->Current(As(first_member_)));
  EXPECT_EQ(current->name, "党纪学习教育");
}

INSTANTIATE_TEST_SUITE_P(Engines, CampaignServiceTest,
                         ::testing::ValuesIn(test::TestDatabaseUrls()), test::UrlParamName());

}  // namespace
}  // namespace duxing::domain::campaigns

namespace duxing::domain::campaigns {
namespace {

using test::Describe;

TEST(DemoCampaign, TheSeedCampaignKeepsEveryRule) {
  Campaign c = DemoCampaign2021();
  ASSERT_OK(Validate(c));
  EXPECT_EQ(c.goals.size(), 8u);
  EXPECT_EQ(c.study_points.size(), 6u);
  EXPECT_EQ(c.phases[2].name, "专题组织生活会");
}

class DemoCampaignTest : public ::testing::TestWithParam<std::string> {};

TEST_P(DemoCampaignTest, AddedOnceForTheDemoBureausCommitteeAndReadByItsMembers) {
  DX_SKIP_IF_NO_ENGINE(GetParam());
  auto clean = test::CleanDatabase::OpenMigrated(GetParam());
  ASSERT_TRUE(clean.ok()) << Describe(clean.error());
  storage::Database& db = (*clean)->db();
  TimePoint now{std::chrono::sys_days(std::chrono::year(2026) / 3 / 1).time_since_epoch()};
  Context init;
  init.now = now;
  auto add = [&]() -> Status {
    DX_ASSIGN_OR_RETURN(auto tx, db.Begin(storage::TxMode::kWrite));
    DX_RETURN_IF_ERROR(AddDemoCampaign(*tx, init));
    return tx->Commit();
  };
  ASSERT_OK(add());  // no demo bureau yet: nothing
  ASSERT_OK(demo::BuildDemo(db, now, "Demo-pass-2026"));
  ASSERT_OK(add());
  ASSERT_OK(add());
  auth::Principal system;
  system.account_id = 1;
  system.grants = {{auth::Role::kSystemAdmin, 0, "/", "系统"}};
  Context ctx = init;
  ctx.principal = &system;
  CampaignService service(db);
  ASSERT_OK_AND_ASSIGN(auto all, service.List(ctx, {}));
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].name, "党史学习教育");
  EXPECT_EQ(all[0].org_name, "市统计局机关党委");
  EXPECT_EQ(all[0].status, CampaignStatus::kEnded);
  EXPECT_EQ(all[0].phases.size(), 4u);
}

INSTANTIATE_TEST_SUITE_P(Engines, DemoCampaignTest, ::testing::ValuesIn(test::TestDatabaseUrls()),
                         test::UrlParamName());

}  // namespace
}  // namespace duxing::domain::campaigns
