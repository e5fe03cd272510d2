// Leadership: the field rules, dated memberships without overlaps, the
// hand-over that ends one term and starts the next in one write, "who was
// responsible on day D" (the hand-over's day included), scope (the
// campaign's org admins write, everyone in scope reads) and audit, on every
// engine of TestDatabaseUrls().
#include "domain/leadership/leadership.hpp"

#include <gtest/gtest.h>

#include "domain/auth/auth_service.hpp"
#include "domain/campaigns/campaign.hpp"
#include "domain/campaigns/demo_campaign.hpp"
#include "domain/demo/demo_org.hpp"
#include "domain/leadership/demo_leadership.hpp"
#include "domain/orgs/org.hpp"
#include "testing/demo_database.hpp"
#include "testing/migrated_database.hpp"
#include "testing/result_matchers.hpp"
#include "testing/test_accounts.hpp"
#include "testing/test_databases.hpp"

namespace duxing::domain::leadership {
namespace {

using test::Describe;
using test::ExpectError;

TEST(LeadershipRules, DayBeforeCrossesMonthsYearsAndLeapDays) {
  EXPECT_EQ(DayBefore("2021-09-24"), "2021-09-23");
  EXPECT_EQ(DayBefore("2021-03-01"), "2021-02-28");
  EXPECT_EQ(DayBefore("2024-03-01"), "2024-02-29");
  EXPECT_EQ(DayBefore("2022-01-01"), "2021-12-31");
}

TEST(LeadershipRules, RolesFitTheGroupAndDatesAreOrdered) {
  Member m;
  m.person_id = 1;
  m.role = Role::kLeader;
  m.start_date = "2021-02-20";
  ASSERT_OK(ValidateMember(m, GroupKind::kLeadingGroup));
  ExpectError(ValidateMember(m, GroupKind::kWorkingGroup), Code::kInvalidArgument, "role");
  m.role = Role::kDeputy;
  ExpectError(ValidateMember(m, GroupKind::kOffice), Code::kInvalidArgument, "role");
  m.role = Role::kHead;
  ExpectError(ValidateMember(m, GroupKind::kLeadingGroup), Code::kInvalidArgument, "role");
  ASSERT_OK(ValidateMember(m, GroupKind::kWorkingGroup));
  m.end_date = "2021-02-19";
  ExpectError(ValidateMember(m, GroupKind::kWorkingGroup), Code::kInvalidArgument, "end_date");
  m.end_date = "2021-02-30";
  ExpectError(ValidateMember(m, GroupKind::kWorkingGroup), Code::kInvalidArgument, "end_date");
  m.end_date.reset();
  m.start_date = "2021/02/20";
  ExpectError(ValidateMember(m, GroupKind::kWorkingGroup), Code::kInvalidArgument, "start_date");
  m.start_date = "2021-02-20";
  m.title = "党组\n书记";
  ExpectError(ValidateMember(m, GroupKind::kWorkingGroup), Code::kInvalidArgument, "title");
  m.title = "";
  m.duties = std::string(kMaxDuties + 1, 'x');
  ExpectError(ValidateMember(m, GroupKind::kWorkingGroup), Code::kInvalidArgument, "duties");
  m.duties = "第一行\n第二行";
  ASSERT_OK(ValidateMember(m, GroupKind::kWorkingGroup));

  Group g;
  g.name = "";
  ExpectError(ValidateGroup(g), Code::kInvalidArgument, "name");
  g.name = "综合组";
  g.duties = std::string(kMaxDuties + 1, 'x');
  ExpectError(ValidateGroup(g), Code::kInvalidArgument, "duties");
}

class LeadershipServiceTest : public test::MigratedDatabaseTest {
 protected:
  void SetUp() override {
    test::MigratedDatabaseTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    service_ = std::make_unique<LeadershipService>(db());
    orgs::OrgService orgs(db());
    ASSERT_OK_AND_ASSIGN(
        orgs::Org root,
        orgs.Create(As(system_), {std::nullopt, "机关党委", orgs::Kind::kPartyCommittee, 0}));
    ASSERT_OK_AND_ASSIGN(orgs::Org first, orgs.Create(As(system_), {root.id, "机关第一支部",
                                                                    orgs::Kind::kBranch, 0}));
    ASSERT_OK_AND_ASSIGN(
        orgs::Org other,
        orgs.Create(As(system_), {std::nullopt, "另一单位", orgs::Kind::kPartyCommittee, 1}));
    auto tx = db().Begin(storage::TxMode::kWrite);
    ASSERT_TRUE(tx.ok()) << Describe(tx.error());
    ASSERT_OK(test::CreateAccounts(
        **tx,
        {{&root_admin_, "root_admin", auth::Role::kOrgAdmin, root},
         {&first_admin_, "first_admin", auth::Role::kOrgAdmin, first},
         {&first_member_, "first_member", auth::Role::kMember, first},
         {&other_admin_, "other_admin", auth::Role::kOrgAdmin, other}},
        now_));
    auto person = [&](const char* name, const orgs::Org& org) -> int64_t {
      auto row = (*tx)->QueryOne(
          "INSERT INTO people (name, category, org_id, org_path, created_at, updated_at) "
          "VALUES ($1, 'member', $2, $3, $4, $4) RETURNING id",
          {std::string(name), org.id, org.path, FormatTime(now_)});
      EXPECT_TRUE(row.ok()) << Describe(row.error());
      return row.ok() ? row->Int(0) : 0;
    };
    old_leader_ = person("王组长", first);
    new_leader_ = person("李组长", first);
    deputy_ = person("张副组长", first);
    outsider_ = person("外单位人员", other);
    ASSERT_OK((*tx)->Commit());
    tx->reset();  // the writer is free once the transaction is gone

    campaigns::Campaign c = campaigns::DemoCampaign2021();
    c.org_id = root.id;
    campaigns::CampaignService campaigns(db());
    ASSERT_OK_AND_ASSIGN(campaigns::Campaign made, campaigns.Create(As(root_admin_), c));
    campaign_ = made.id;
  }

  Context As(const auth::Principal& p) {
    Context ctx;
    ctx.principal = &p;
    ctx.now = now_;
    return ctx;
  }

  int64_t Count(const std::string& sql) {
    auto tx = db().Begin(storage::TxMode::kRead);
    EXPECT_TRUE(tx.ok());
    auto row = (*tx)->QueryOne(sql, {});
    EXPECT_TRUE(row.ok()) << Describe(row.error());
    return row.ok() ? row->Int(0) : -1;
  }

  Group LeadingGroup() {
    Group g;
    g.kind = GroupKind::kLeadingGroup;
    g.name = "党史学习教育领导小组";
    g.duties = "统筹部署";
    auto r = service_->CreateGroup(As(root_admin_), campaign_, g);
    EXPECT_TRUE(r.ok()) << Describe(r.error());
    return r.ok() ? *r : Group{};
  }

  Member Leader(int64_t person, const std::string& start) {
    Member m;
    m.person_id = person;
    m.role = Role::kLeader;
    m.title = "党组书记、局长";
    m.responsibility = Responsibility::kFirst;
    m.duties = "履行第一责任人职责";
    m.start_date = start;
    return m;
  }

  // The names of the leading group's members serving on `day`, by role.
  std::vector<std::string> On(const std::string& day) {
    auto got = service_->Get(As(first_member_), campaign_, day);
    EXPECT_TRUE(got.ok()) << Describe(got.error());
    std::vector<std::string> out;
    if (!got.ok()) return out;
    for (const auto& g : got->groups) {
      for (const auto& m : g.members) {
        out.push_back(std::string(kRoles.Name(m.role)) + ":" + m.person_name);
      }
    }
    return out;
  }

  TimePoint now_{std::chrono::sys_days(std::chrono::year(2026) / 3 / 1).time_since_epoch()};
  std::unique_ptr<LeadershipService> service_;
  auth::Principal root_admin_, first_admin_, first_member_, other_admin_;
  int64_t campaign_ = 0, old_leader_ = 0, new_leader_ = 0, deputy_ = 0, outsider_ = 0;
};

TEST_P(LeadershipServiceTest, HandOverEndsTheOldTermAndStartsTheNewOnTheDate) {
  Group g = LeadingGroup();
  ASSERT_OK_AND_ASSIGN(
      Member old, service_->AddMember(As(root_admin_), g.id, Leader(old_leader_, "2021-02-20")));
  Member deputy = Leader(deputy_, "2021-02-20");
  deputy.role = Role::kDeputy;
  deputy.responsibility = Responsibility::kDual;
  ASSERT_OK(service_->AddMember(As(root_admin_), g.id, deputy));

  HandOver h{old.version, "2021-09-24", new_leader_, std::nullopt, std::nullopt};
  ASSERT_OK_AND_ASSIGN(Member successor, service_->HandOverMember(As(root_admin_), old.id, h));
  EXPECT_EQ(successor.person_name, "李组长");
  EXPECT_EQ(successor.start_date, "2021-09-24");
  EXPECT_FALSE(successor.end_date.has_value());
  EXPECT_EQ(successor.predecessor_id, old.id);
  EXPECT_EQ(successor.responsibility, Responsibility::kFirst);
  EXPECT_EQ(successor.title, "党组书记、局长");

  EXPECT_EQ(On("2021-09-23"), (std::vector<std::string>{"leader:王组长", "deputy:张副组长"}));
  // The hand-over's day is the successor's first.
  EXPECT_EQ(On("2021-09-24"), (std::vector<std::string>{"deputy:张副组长", "leader:李组长"}));
  EXPECT_EQ(On("2021-02-19"), std::vector<std::string>{});
  ASSERT_OK_AND_ASSIGN(Leadership history,
                       service_->Get(As(first_member_), campaign_, std::nullopt));
  ASSERT_EQ(history.groups.size(), 1u);
  ASSERT_EQ(history.groups[0].members.size(), 3u);
  EXPECT_EQ(history.groups[0].members[0].end_date, "2021-09-23");
  EXPECT_FALSE(history.may_write);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE record_type = 'leadership_member' AND "
                  "action = 'hand_over'"),
            1);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE record_type = 'leadership_member' AND "
                  "action = 'create'"),
            3);
  // The old membership's version moved: handing it over again with the old
  // one is stale.
  ExpectError(service_->HandOverMember(As(root_admin_), old.id, h), Code::kConflict, "version");
}

TEST_P(LeadershipServiceTest, BadHandOversAndOverlapsWriteNothing) {
  Group g = LeadingGroup();
  ASSERT_OK_AND_ASSIGN(
      Member old, service_->AddMember(As(root_admin_), g.id, Leader(old_leader_, "2021-02-20")));
  auto unchanged = [&] {
    EXPECT_EQ(Count("SELECT COUNT(*) FROM leadership_members"), 1);
    EXPECT_EQ(Count("SELECT COUNT(*) FROM leadership_members WHERE end_date IS NULL AND "
                    "version = 1"),
              1);
  };
  // Before, or on, the current leader's first day.
  for (const char* day : {"2021-02-19", "2021-02-20"}) {
    ExpectError(
        service_->HandOverMember(As(root_admin_), old.id, {old.version, day, new_leader_, {}, {}}),
        Code::kInvalidArgument, "date");
  }
  ExpectError(service_->HandOverMember(As(root_admin_), old.id,
                                       {old.version, "2021-13-01", new_leader_, {}, {}}),
              Code::kInvalidArgument, "date");
  ExpectError(service_->HandOverMember(As(root_admin_), old.id,
                                       {old.version, "2021-09-24", old_leader_, {}, {}}),
              Code::kInvalidArgument, "person_id");
  ExpectError(service_->HandOverMember(As(root_admin_), old.id,
                                       {old.version, "2021-09-24", 999999, {}, {}}),
              Code::kNotFound, "person_id");
  // A person outside the caller's scope is unknown to them.
  ExpectError(service_->HandOverMember(As(root_admin_), old.id,
                                       {old.version, "2021-09-24", outsider_, {}, {}}),
              Code::kNotFound, "person_id");
  // Only the campaign's org admins write; others outside its scope do not see it.
  ExpectError(service_->HandOverMember(As(first_admin_), old.id,
                                       {old.version, "2021-09-24", new_leader_, {}, {}}),
              Code::kPermissionDenied);
  ExpectError(service_->HandOverMember(As(other_admin_), old.id,
                                       {old.version, "2021-09-24", new_leader_, {}, {}}),
              Code::kNotFound);
  unchanged();

  // A second leader over an overlapping period, and the same person twice.
  ExpectError(service_->AddMember(As(root_admin_), g.id, Leader(new_leader_, "2021-09-24")),
              Code::kFailedPrecondition, "start_date");
  Member again = Leader(old_leader_, "2021-06-01");
  again.role = Role::kDeputy;
  ExpectError(service_->AddMember(As(root_admin_), g.id, again), Code::kFailedPrecondition,
              "start_date");
  ExpectError(service_->AddMember(As(root_admin_), g.id, Leader(outsider_, "2022-01-01")),
              Code::kNotFound, "person_id");
  ExpectError(service_->AddMember(As(first_admin_), g.id, Leader(deputy_, "2022-01-01")),
              Code::kPermissionDenied);
  unchanged();

  // Ending the old term first leaves room for another leader afterwards.
  MemberPatch end;
  end.version = old.version;
  end.end_date = std::optional<std::string>("2021-09-23");
  ASSERT_OK_AND_ASSIGN(Member ended, service_->UpdateMember(As(root_admin_), old.id, end));
  EXPECT_EQ(ended.end_date, "2021-09-23");
  ASSERT_OK(service_->AddMember(As(root_admin_), g.id, Leader(new_leader_, "2021-09-24")));
  // The ended term cannot be handed over after its end.
  ExpectError(service_->HandOverMember(As(root_admin_), old.id,
                                       {ended.version, "2021-10-01", deputy_, {}, {}}),
              Code::kInvalidArgument, "date");
  // Stretching it back over the successor's term is an overlap.
  end.version = ended.version;
  end.end_date = std::optional<std::string>();
  ExpectError(service_->UpdateMember(As(root_admin_), old.id, end), Code::kFailedPrecondition,
              "start_date");
}

TEST_P(LeadershipServiceTest, GroupsAreWrittenByTheCampaignsAdminsAndReadInScope) {
  Group g = LeadingGroup();
  Group second;
  second.kind = GroupKind::kLeadingGroup;
  second.name = "第二个领导小组";
  ExpectError(service_->CreateGroup(As(root_admin_), campaign_, second), Code::kFailedPrecondition,
              "kind");
  Group office;
  office.kind = GroupKind::kWorkingGroup;
  office.name = "宣传组";
  office.position = 4;
  ExpectError(service_->CreateGroup(As(first_admin_), campaign_, office), Code::kPermissionDenied);
  ExpectError(service_->CreateGroup(As(other_admin_), campaign_, office), Code::kNotFound,
              "campaign_id");
  ASSERT_OK_AND_ASSIGN(Group made, service_->CreateGroup(As(root_admin_), campaign_, office));
  ExpectError(service_->UpdateGroup(As(first_admin_), made.id, {made.version, "改名"}),
              Code::kPermissionDenied);
  ExpectError(service_->UpdateGroup(As(other_admin_), made.id, {made.version, "改名"}),
              Code::kNotFound);
  ASSERT_OK_AND_ASSIGN(
      Group renamed, service_->UpdateGroup(As(root_admin_), made.id, {made.version, "宣传报道组"}));
  EXPECT_EQ(renamed.version, 2);
  ExpectError(service_->UpdateGroup(As(root_admin_), made.id, {made.version, "再改"}),
              Code::kConflict, "version");

  ASSERT_OK_AND_ASSIGN(Leadership got, service_->Get(As(first_member_), campaign_, std::nullopt));
  ASSERT_EQ(got.groups.size(), 2u);
  EXPECT_EQ(got.groups[0].id, g.id);  // the leading group first
  EXPECT_EQ(got.groups[1].name, "宣传报道组");
  ExpectError(service_->Get(As(other_admin_), campaign_, std::nullopt), Code::kNotFound);
  ExpectError(service_->Get(As(root_admin_), campaign_, "2021-9-1"), Code::kInvalidArgument, "on");
  ASSERT_OK_AND_ASSIGN(got, service_->Get(As(root_admin_), campaign_, std::nullopt));
  EXPECT_TRUE(got.may_write);
}

INSTANTIATE_TEST_SUITE_P(Engines, LeadershipServiceTest,
                         ::testing::ValuesIn(test::TestDatabaseUrls()), test::UrlParamName());

class DemoLeadershipTest : public test::DemoDatabaseTest {};

TEST_P(DemoLeadershipTest, TheSeptemberHandOverIsInTheDemoOnce) {
  ASSERT_OK(RunStep(AddDemoLeadership));  // no campaign yet: nothing
  EXPECT_EQ(CountOf("SELECT COUNT(*) FROM leadership_groups"), 0);
  ASSERT_OK(RunStep(campaigns::AddDemoCampaign));
  ASSERT_OK(RunStep(AddDemoLeadership));
  ASSERT_OK(RunStep(AddDemoLeadership));
  const Context& ctx = this->ctx();
  auto tx = db().Begin(storage::TxMode::kRead);
  ASSERT_TRUE(tx.ok());
  ASSERT_OK_AND_ASSIGN(storage::Row campaign, (*tx)->QueryOne("SELECT id FROM campaigns", {}));
  LeadershipService service(db());
  ASSERT_OK_AND_ASSIGN(Leadership all, service.Get(ctx, campaign.Int(0), std::nullopt));
  std::vector<std::string> names;
  for (const auto& g : all.groups) names.push_back(g.name);
  EXPECT_EQ(names, (std::vector<std::string>{"党史学习教育领导小组", "领导小组办公室", "综合组",
                                             "联络组", "实践组", "宣传组"}));
  auto leader_on = [&](const char* day) {
    auto got = service.Get(ctx, campaign.Int(0), std::string(day));
    EXPECT_TRUE(got.ok());
    for (const auto& m : got->groups[0].members) {
      if (m.role == Role::kLeader) return m.person_id;
    }
    return int64_t{0};
  };
  int64_t before = leader_on("2021-09-23");
  int64_t after = leader_on("2021-09-24");
  EXPECT_NE(before, 0);
  EXPECT_NE(after, 0);
  EXPECT_NE(before, after);
  // Every demo row is in the audit log, once (the second run wrote nothing).
  auto count = [&](const char* sql) {
    auto row = (*tx)->QueryOne(sql, {});
    EXPECT_TRUE(row.ok());
    return row.ok() ? row->Int(0) : -1;
  };
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE action = 'create' AND record_type = "
                  "'leadership_group'"),
            count("SELECT COUNT(*) FROM leadership_groups"));
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE action = 'create' AND record_type = "
                  "'leadership_member'"),
            count("SELECT COUNT(*) FROM leadership_members"));
  EXPECT_GT(count("SELECT COUNT(*) FROM leadership_members"), 0);
}

INSTANTIATE_TEST_SUITE_P(Engines, DemoLeadershipTest, ::testing::ValuesIn(test::TestDatabaseUrls()),
                         test::UrlParamName());

}  // namespace
}  // namespace duxing::domain::leadership
