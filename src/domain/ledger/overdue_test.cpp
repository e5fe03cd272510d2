// The overdue job and the overdue counts on every engine of
// TestDatabaseUrls(), with an injected clock: marking once per spell with
// its timeline entry and notices, escalation after the configured days to
// the nearest org admins, a new spell after the deadline moves, passes that
// run at the same time marking each item once, and the counts' scope.
#include "domain/ledger/overdue.hpp"

#include <gtest/gtest.h>

#include <thread>

#include "domain/ledger/item_rows.hpp"
#include "domain/ledger/ledger_service.hpp"
#include "domain/orgs/org.hpp"
#include "testing/result_matchers.hpp"
#include "testing/test_databases.hpp"

namespace duxing::domain::ledger {
namespace {

using std::chrono::days;
using std::chrono::hours;
using test::Describe;
using test::ExpectError;

// 08:00 China time on 2026-03-10 (00:00 UTC).
const TimePoint kMorning{std::chrono::sys_days(std::chrono::year(2026) / 3 / 10).time_since_epoch()};

class OverdueTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    DX_SKIP_IF_NO_ENGINE(GetParam());
    auto clean = test::CleanDatabase::OpenMigrated(GetParam());
    ASSERT_TRUE(clean.ok()) << Describe(clean.error());
    clean_ = std::move(clean).value();
    system_.grants = {{auth::Role::kSystemAdmin, 0, "/", "系统"}};
    orgs::OrgService orgs(db());
    ASSERT_OK_AND_ASSIGN(top_, orgs.Create(As(system_), {std::nullopt, "局党组",
                                                         orgs::Kind::kPartyGroup, 0}));
    ASSERT_OK_AND_ASSIGN(committee_, orgs.Create(As(system_), {top_.id, "机关党委",
                                                               orgs::Kind::kPartyCommittee, 0}));
    ASSERT_OK_AND_ASSIGN(first_, orgs.Create(As(system_), {committee_.id, "机关第一支部",
                                                           orgs::Kind::kBranch, 0}));
    ASSERT_OK_AND_ASSIGN(second_, orgs.Create(As(system_), {committee_.id, "机关第二支部",
                                                            orgs::Kind::kBranch, 1}));
    zhang_ = AddPerson("张责任", first_);
    li_ = AddPerson("李领导", committee_);
    wang_ = AddPerson("王二支", second_);
    zhang_account_ = AddAccount("zhang", zhang_, {});
    li_account_ = AddAccount("li", li_, {});
    admin_account_ = AddAccount("dangwei", std::nullopt, {{"org_admin", committee_.id}});
    top_admin_account_ = AddAccount("top", std::nullopt, {{"org_admin", top_.id}});
    secretary_.account_id = AddAccount("zhibu1", std::nullopt, {{"branch_secretary", first_.id}});
    secretary_.grants = {{auth::Role::kBranchSecretary, first_.id, first_.path, first_.name}};
    system_.account_id = AddAccount("admin", std::nullopt, {{"system_admin", top_.id}});
  }

  storage::Database& db() { return clean_->db(); }

  Context As(const auth::Principal& p, TimePoint now = kMorning) {
    Context ctx;
    ctx.principal = &p;
    ctx.now = now;
    return ctx;
  }

  int64_t Query1(const std::string& sql, const storage::Params& params = {}) {
    auto tx = db().Begin(storage::TxMode::kWrite);
    EXPECT_TRUE(tx.ok());
    auto row = (*tx)->QueryOne(sql, params);
    EXPECT_TRUE(row.ok()) << Describe(row.error());
    EXPECT_TRUE((*tx)->Commit().ok());
    return row.ok() ? row->Int(0) : -1;
  }

  int64_t AddPerson(const std::string& name, const orgs::Org& org) {
    return Query1(
        "INSERT INTO people (name, category, org_id, org_path, created_at, updated_at) "
        "VALUES ($1, 'member', $2, $3, $4, $4) RETURNING id",
        {name, org.id, org.path, FormatTime(kMorning)});
  }

  int64_t AddAccount(const std::string& username, std::optional<int64_t> person,
                     std::vector<std::pair<std::string, int64_t>> grants) {
    int64_t id = Query1(
        "INSERT INTO accounts (username, display_name, password_hash, person_id, created_at, "
        "updated_at) VALUES ($1, $1, 'x', $2, $3, $3) RETURNING id",
        {username, storage::Opt(person), FormatTime(kMorning)});
    for (const auto& [role, org] : grants) {
      Query1("INSERT INTO role_grants (account_id, role, org_id, created_at) "
             "VALUES ($1, $2, $3, $4) RETURNING id",
             {id, role, org, FormatTime(kMorning)});
    }
    return id;
  }

  // An item of the first branch, responsible 张, leader 李.
  int64_t AddItem(const std::string& title, std::optional<std::string> deadline,
                  ItemStatus status = ItemStatus::kInProgress, const orgs::Org* org = nullptr) {
    if (!org) org = &first_;
    Item item;
    item.kind = Kind::kRectification;
    item.title = title;
    item.org_id = org->id;
    item.org_path = org->path;
    item.responsible_person_id = org == &first_ ? zhang_ : wang_;
    item.leader_person_id = li_;
    item.deadline = deadline;
    item.original_deadline = deadline;
    item.status = status;
    auto tx = db().Begin(storage::TxMode::kWrite);
    EXPECT_TRUE(tx.ok());
    auto id = LedgerService::Insert(**tx, As(system_), item);
    EXPECT_TRUE(id.ok()) << Describe(id.error());
    EXPECT_TRUE((*tx)->Commit().ok());
    return id.ok() ? *id : 0;
  }

  OverduePass Run(TimePoint now, int escalate_after_days = 3) {
    auto pass = RunOverduePass(db(), now, {escalate_after_days});
    EXPECT_TRUE(pass.ok()) << Describe(pass.error());
    return pass.ok() ? *pass : OverduePass{};
  }

  int64_t Notices(int64_t account, const std::string& kind) {
    return Query1("SELECT COUNT(*) FROM notifications WHERE account_id = $1 AND kind = $2",
                  {account, kind});
  }
  // The text of the account's newest notice of `kind`.
  std::string Text(int64_t account, const std::string& kind) {
    auto tx = db().Begin(storage::TxMode::kRead);
    EXPECT_TRUE(tx.ok());
    auto row = (*tx)->QueryOne(
        "SELECT body FROM notifications WHERE account_id = $1 AND kind = $2 ORDER BY id DESC "
        "LIMIT 1",
        {account, kind});
    return row.ok() ? row->Text(0) : "";
  }
  int64_t Entries(int64_t item, const std::string& kind) {
    return Query1("SELECT COUNT(*) FROM ledger_entries WHERE item_id = $1 AND kind = $2",
                  {item, kind});
  }
  std::optional<std::string> Column(int64_t item, const std::string& column) {
    auto tx = db().Begin(storage::TxMode::kRead);
    EXPECT_TRUE(tx.ok());
    auto row = (*tx)->QueryOne("SELECT " + column + " FROM ledger_items WHERE id = $1", {item});
    EXPECT_TRUE(row.ok());
    return row.ok() ? row->OptText(0) : std::nullopt;
  }

  std::unique_ptr<test::CleanDatabase> clean_;
  auth::Principal system_, secretary_;
  orgs::Org top_, committee_, first_, second_;
  int64_t zhang_ = 0, li_ = 0, wang_ = 0;
  int64_t zhang_account_ = 0, li_account_ = 0, admin_account_ = 0, top_admin_account_ = 0;
};

TEST_P(OverdueTest, MarksEachOpenItemPastItsDeadlineOnceAndNotifiesResponsibleAndLeader) {
  int64_t late = AddItem("食堂卫生整改", "2026-03-09");
  int64_t today = AddItem("今天到期", "2026-03-10");
  int64_t closed = AddItem("已销号", "2026-03-01", ItemStatus::kClosed);
  int64_t pending = AddItem("待受理也算", "2026-03-02", ItemStatus::kPending);
  int64_t undated = AddItem("长期坚持", std::nullopt);
  OverduePass first = Run(kMorning);
  EXPECT_EQ(first.marked, 2);
  EXPECT_EQ(first.escalated, 0);
  EXPECT_EQ(first.notified, 2);  // one notice per account, counting its items
  EXPECT_EQ(Column(late, "overdue_since"), FormatTime(kMorning));
  EXPECT_EQ(Column(pending, "overdue_since"), FormatTime(kMorning));
  for (int64_t id : {today, closed, undated}) EXPECT_EQ(Column(id, "overdue_since"), std::nullopt);
  EXPECT_EQ(Entries(late, "overdue"), 1);
  EXPECT_EQ(Entries(today, "overdue"), 0);
  EXPECT_EQ(Notices(zhang_account_, kOverdueNotice), 1);
  EXPECT_EQ(Notices(li_account_, kOverdueNotice), 1);
  EXPECT_EQ(Notices(admin_account_, kOverdueNotice), 0);
  EXPECT_EQ(Text(zhang_account_, kOverdueNotice),
            "2 项台账事项已超过时限，请尽快办理：“食堂卫生整改”（时限 2026-03-09）、"
            "“待受理也算”（时限 2026-03-02）。");
  // Again the same morning and the next: nothing new for the marked items;
  // the item due yesterday now is marked.
  EXPECT_EQ(Run(kMorning).marked, 0);
  OverduePass next = Run(kMorning + days(1));
  EXPECT_EQ(next.marked, 1);
  EXPECT_EQ(Column(today, "overdue_since"), FormatTime(kMorning + days(1)));
  EXPECT_EQ(Entries(late, "overdue"), 1);
  EXPECT_EQ(Notices(zhang_account_, kOverdueNotice), 2);
  EXPECT_EQ(Text(zhang_account_, kOverdueNotice), "“今天到期”（时限 2026-03-10）已超过时限，请尽快办理。");
}

TEST_P(OverdueTest, EscalatesAfterTheConfiguredDaysToTheNearestOrgAdmins) {
  int64_t late = AddItem("党员活动室改造", "2026-03-01");
  Run(kMorning, 3);  // marked on 03-10
  for (int d : {1, 2}) {
    EXPECT_EQ(Run(kMorning + days(d) + hours(10), 3).escalated, 0) << d;
  }
  EXPECT_EQ(Column(late, "escalated_at"), std::nullopt);
  // 03-13, early in the China day (00:30): three days after marking.
  const TimePoint third = kMorning + days(3) - hours(7) - std::chrono::minutes(30);
  OverduePass pass = Run(third, 3);
  EXPECT_EQ(pass.escalated, 1);
  EXPECT_EQ(Column(late, "escalated_at"), FormatTime(third));
  EXPECT_EQ(Entries(late, "escalated"), 1);
  EXPECT_EQ(Notices(admin_account_, kEscalatedNotice), 1);
  EXPECT_EQ(Notices(top_admin_account_, kEscalatedNotice), 0);  // not the nearest
  EXPECT_EQ(Notices(zhang_account_, kEscalatedNotice), 0);
  EXPECT_EQ(Run(third + days(5), 3).escalated, 0);
  EXPECT_EQ(Notices(admin_account_, kEscalatedNotice), 1);
  // 0 days: escalated by the pass that marks it.
  int64_t now_late = AddItem("立行立改", "2026-03-15");
  OverduePass same = Run(kMorning + days(7), 0);
  EXPECT_EQ(same.marked, 1);
  EXPECT_EQ(same.escalated, 1);
  EXPECT_EQ(Entries(now_late, "escalated"), 1);
  ExpectError(RunOverduePass(db(), kMorning, {-1}), Code::kInvalidArgument,
              "escalate_after_days");
  ExpectError(RunOverduePass(db(), kMorning, {kMaxEscalateAfterDays + 1}),
              Code::kInvalidArgument, "escalate_after_days");
  ExpectError(RunOverduePass(db(), kMorning, {3, 0}), Code::kInvalidArgument, "batch");
}

TEST_P(OverdueTest, ANewSpellAfterTheDeadlineMovesIsMarkedAndNotifiedAgain) {
  int64_t late = AddItem("制度修订", "2026-03-05");
  Run(kMorning, 0);
  EXPECT_TRUE(Column(late, "escalated_at").has_value());
  // An approved extension moves the deadline and ends the spell.
  Query1("UPDATE ledger_items SET deadline = '2026-03-12', overdue_since = NULL, "
         "escalated_at = NULL WHERE id = $1 RETURNING id",
         {late});
  EXPECT_EQ(Run(kMorning + days(1), 0).marked, 0);
  OverduePass again = Run(kMorning + days(3), 0);
  EXPECT_EQ(again.marked, 1);
  EXPECT_EQ(again.escalated, 1);
  EXPECT_EQ(Entries(late, "overdue"), 2);
  EXPECT_EQ(Notices(zhang_account_, kOverdueNotice), 2);
  EXPECT_EQ(Notices(admin_account_, kEscalatedNotice), 2);
}

TEST_P(OverdueTest, PassesRunningAtOnceMarkAndNotifyEachItemOnce) {
  // Many batches of 100, so that the passes interleave.
  constexpr int kItems = 2500;
  {
    ASSERT_OK_AND_ASSIGN(auto tx, db().Begin(storage::TxMode::kWrite));
    for (int i = 0; i < kItems; ++i) {
      Item item;
      item.kind = Kind::kConcern;
      item.title = "诉求" + std::to_string(i);
      item.org_id = first_.id;
      item.org_path = first_.path;
      item.responsible_person_id = zhang_;
      item.deadline = "2026-03-0" + std::to_string(1 + i % 9);
      item.status = ItemStatus::kInProgress;
      ASSERT_TRUE(InsertRow(*tx, As(system_), item).ok());
    }
    ASSERT_OK(tx->Commit());
  }
  auto other = storage::Open(clean_->url());
  ASSERT_TRUE(other.ok()) << Describe(other.error());
  Result<OverduePass> a = OverduePass{}, b = OverduePass{};
  std::thread t([&] { b = RunOverduePass(**other, kMorning, {3, 100}); });
  a = RunOverduePass(db(), kMorning, {3, 100});
  t.join();
  ASSERT_TRUE(a.ok()) << Describe(a.error());
  ASSERT_TRUE(b.ok()) << Describe(b.error());
  EXPECT_EQ(a->marked + b->marked, kItems);
  // Each item in one notice: each batch's notice counts its items.
  int64_t noticed = 0;
  {
    ASSERT_OK_AND_ASSIGN(auto tx, db().Begin(storage::TxMode::kRead));
    ASSERT_OK_AND_ASSIGN(storage::Rows titles,
                         tx->Query("SELECT title FROM notifications WHERE account_id = $1 "
                                   "AND kind = $2",
                                   {zhang_account_, std::string(kOverdueNotice)}));
    for (const auto& t : titles) {
      noticed += std::isdigit(static_cast<unsigned char>(t.Text(0)[0])) ? std::stoll(t.Text(0)) : 1;
    }
  }
  EXPECT_EQ(noticed, kItems);
  EXPECT_EQ(Query1("SELECT COUNT(*) FROM ledger_entries WHERE kind = 'overdue'"),
            kItems);
}

TEST_P(OverdueTest, CountsPerOrgAndLeaderInTheCallersReach) {
  AddItem("一支部逾期一", "2026-03-01");
  AddItem("一支部逾期二", "2026-03-02");
  AddItem("一支部未到期", "2026-04-01");
  AddItem("二支部逾期", "2026-03-03", ItemStatus::kPending, &second_);
  Run(kMorning, 0);
  OverdueService service(db());
  ASSERT_OK_AND_ASSIGN(auto all, service.ByOrg(As(system_), {}));
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].org_name, "机关第一支部");
  EXPECT_EQ(all[0].overdue, 2);
  EXPECT_EQ(all[0].escalated, 2);
  EXPECT_EQ(all[0].oldest_deadline, "2026-03-01");
  EXPECT_EQ(all[1].org_name, "机关第二支部");
  ASSERT_OK_AND_ASSIGN(auto mine, service.ByOrg(As(secretary_), {}));
  ASSERT_EQ(mine.size(), 1u);
  EXPECT_EQ(mine[0].org_id, first_.id);
  ASSERT_OK_AND_ASSIGN(auto leaders, service.ByLeader(As(system_), {}));
  ASSERT_EQ(leaders.size(), 1u);
  EXPECT_EQ(leaders[0].leader_name, "李领导");
  EXPECT_EQ(leaders[0].overdue, 3);
  // A member reads the items they are responsible for: 王 the second branch's.
  auth::Principal wang;
  wang.account_id = 99;
  wang.person_id = wang_;
  ASSERT_OK_AND_ASSIGN(auto own, service.ByOrg(As(wang), {}));
  ASSERT_EQ(own.size(), 1u);
  EXPECT_EQ(own[0].org_id, second_.id);
  EXPECT_EQ(own[0].overdue, 1);
  ASSERT_OK_AND_ASSIGN(auto concerns, service.ByOrg(As(system_), {std::nullopt, "concern"}));
  EXPECT_TRUE(concerns.empty());
  // Filed as overdue on the next day too: 一支部未到期 is not, until April.
  ASSERT_OK_AND_ASSIGN(auto later, service.ByOrg(As(system_, kMorning + days(30)), {}));
  EXPECT_EQ(later[0].overdue, 3);
  ExpectError(service.ByOrg(Context{}, {}), Code::kUnauthenticated);
}

INSTANTIATE_TEST_SUITE_P(Engines, OverdueTest, ::testing::ValuesIn(test::TestDatabaseUrls()),
                         test::UrlParamName());

}  // namespace
}  // namespace duxing::domain::ledger
