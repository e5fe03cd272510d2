// The overdue job and the overdue counts on every engine of
// TestDatabaseUrls(), with an injected clock: marking once per spell with
// its timeline entry and notices, escalation after the configured days to
// the nearest org admins, a new spell after the deadline moves, passes that
// run at the same time marking each item once, the version the job bumps,
// and the counts' scope. The read caches of the list, the board and the
// counts: served again while nothing changed, new after a ledger write, the
// job and a new China day, never shared by callers whose rows differ.
#include "domain/ledger/overdue.hpp"

#include <gtest/gtest.h>

#include <thread>

#include "domain/attachments/attachment.hpp"
#include "domain/ledger/item_rows.hpp"
#include "domain/ledger/ledger_service.hpp"
#include "domain/orgs/org.hpp"
#include "testing/migrated_database.hpp"
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

class OverdueTest : public test::MigratedDatabaseTest {
 protected:
  void SetUp() override {
    test::MigratedDatabaseTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
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
    DeclareItemAttachments(rights_);
    attachments_ = std::make_unique<attachments::AttachmentService>(db(), store_, rights_);
    ledger_ = std::make_unique<LedgerService>(db(), *attachments_);
  }

  // A principal holding `role` on `org` (account `account`), as `person`.
  static auth::Principal Holder(int64_t account, auth::Role role, const orgs::Org& org,
                                std::optional<int64_t> person = std::nullopt) {
    auth::Principal p;
    p.account_id = account;
    p.person_id = person;
    p.grants = {{role, org.id, org.path, org.name}};
    return p;
  }

  // The first page of the list as `p` sees it at `now`.
  std::shared_ptr<const SharedPage<ItemView>> Listed(const auth::Principal& p,
                                                     TimePoint now = kMorning,
                                                     ItemFilter filter = {}) {
    auto page = ledger_->ListShared(As(p, now), filter);
    EXPECT_TRUE(page.ok()) << Describe(page.error());
    return page.ok() ? *page : nullptr;
  }

  // The view of item `id` on `page` (a default one when it is not there).
  static ItemView Find(const std::shared_ptr<const SharedPage<ItemView>>& page, int64_t id) {
    if (page) {
      for (const ItemView& v : page->page().items) {
        if (v.item.id == id) return v;
      }
    }
    ADD_FAILURE() << "item " << id << " not on the page";
    return ItemView{};
  }

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
    // As Insert's callers do (the import, the demo): the read caches see it.
    EXPECT_TRUE(storage::BumpGenerations(**tx, {kItemRecordType}).ok());
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
  // Moves the change counter of `record_type`, as an audited write would.
  void Bump(const std::string& record_type) {
    auto tx = db().Begin(storage::TxMode::kWrite);
    ASSERT_TRUE(tx.ok());
    ASSERT_OK(storage::BumpGenerations(**tx, {record_type}));
    ASSERT_OK((*tx)->Commit());
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

  attachments::DatabaseBlobStore store_;
  attachments::RecordRights rights_;
  std::unique_ptr<attachments::AttachmentService> attachments_;
  std::unique_ptr<LedgerService> ledger_;
  auth::Principal secretary_;
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

TEST_P(OverdueTest, OverdueItemsWithoutALeaderAreOneRowOfTheirOwn) {
  AddItem("有领导逾期", "2026-03-01");
  std::vector<int64_t> without = {AddItem("无领导逾期一", "2026-03-02"),
                                  AddItem("无领导逾期二", "2026-03-03", ItemStatus::kPending, &second_),
                                  AddItem("无领导未到期", "2026-04-01")};
  for (int64_t id : without) {
    Query1("UPDATE ledger_items SET leader_person_id = NULL WHERE id = $1 RETURNING id", {id});
  }
  {
    auto tx = db().Begin(storage::TxMode::kWrite);
    ASSERT_TRUE(tx.ok());
    ASSERT_OK(storage::BumpGenerations(**tx, {kItemRecordType}));
    ASSERT_OK((*tx)->Commit());
  }
  OverdueService service(db());
  ASSERT_OK_AND_ASSIGN(auto leaders, service.ByLeader(As(system_), {}));
  ASSERT_EQ(leaders.size(), 2u);
  EXPECT_EQ(leaders[0].leader_person_id, std::nullopt);
  EXPECT_EQ(leaders[0].leader_name, kNoLeaderName);
  EXPECT_EQ(leaders[0].overdue, 2);
  EXPECT_EQ(leaders[0].oldest_deadline, "2026-03-02");
  EXPECT_EQ(leaders[1].leader_person_id, li_);
  EXPECT_EQ(leaders[1].leader_name, "李领导");
  EXPECT_EQ(leaders[1].overdue, 1);
  // The list's filter finds the row's items.
  ItemFilter f;
  f.overdue = true;
  f.no_leader = true;
  auto listed = Listed(system_, kMorning, f);
  ASSERT_NE(listed, nullptr);
  EXPECT_EQ(listed->page().total, 2);
  // In the caller's reach: the first branch counts its own item only; as
  // many without a leader as with one, the leader's row first.
  ASSERT_OK_AND_ASSIGN(auto mine, service.ByLeader(As(secretary_), {}));
  ASSERT_EQ(mine.size(), 2u);
  EXPECT_EQ(mine[0].leader_person_id, li_);
  EXPECT_EQ(mine[1].leader_person_id, std::nullopt);
  EXPECT_EQ(mine[1].overdue, 1);
}

TEST_P(OverdueTest, MarkingAndEscalatingBumpTheVersionSoAnEditOpenedBeforeIsStale) {
  int64_t late = AddItem("门禁系统整改", "2026-03-09");
  ASSERT_OK_AND_ASSIGN(ItemView opened, ledger_->Get(As(secretary_), late));
  EXPECT_EQ(Run(kMorning, 0).marked, 1);
  ASSERT_OK_AND_ASSIGN(ItemView marked, ledger_->Get(As(secretary_), late));
  EXPECT_EQ(marked.item.version,
            opened.item.version + 2);  // marked, then escalated
  // The form opened before 08:00 is refused: the mark stays.
  ItemPatch patch;
  patch.version = opened.item.version;
  patch.title = "门禁系统改造";
  ExpectError(ledger_->Update(As(secretary_), late, patch), Code::kConflict, "version");
  EXPECT_EQ(Column(late, "overdue_since"), FormatTime(kMorning));
  EXPECT_EQ(Column(late, "title"), "门禁系统整改");
  // Read again, the edit goes through and keeps the marks.
  patch.version = marked.item.version;
  ASSERT_OK(ledger_->Update(As(secretary_), late, patch));
  EXPECT_EQ(Column(late, "overdue_since"), FormatTime(kMorning));
  EXPECT_TRUE(Column(late, "escalated_at").has_value());
  // Items the pass leaves alone keep their version.
  int64_t later = AddItem("四月到期", "2026-04-01");
  ASSERT_OK_AND_ASSIGN(ItemView before, ledger_->Get(As(secretary_), later));
  Run(kMorning + days(1), 0);
  ASSERT_OK_AND_ASSIGN(ItemView after, ledger_->Get(As(secretary_), later));
  EXPECT_EQ(after.item.version, before.item.version);
}

TEST_P(OverdueTest, TheListServesAPageAgainUntilALedgerWriteOrTheJob) {
  int64_t late = AddItem("档案室整改", "2026-03-09");
  auto first = Listed(secretary_);
  ASSERT_TRUE(first);
  EXPECT_EQ(Listed(secretary_), first) << "the same page, not read again";
  EXPECT_FALSE(Find(first, late).item.overdue_since.has_value());
  // The job marks the item: the page is read again.
  EXPECT_EQ(Run(kMorning, 3).marked, 1);
  auto marked = Listed(secretary_);
  ASSERT_TRUE(marked);
  EXPECT_NE(marked, first);
  EXPECT_EQ(Find(marked, late).item.overdue_since, FormatTime(kMorning));
  EXPECT_EQ(Listed(secretary_), marked);
  // And escalates it three days later.
  const TimePoint third = kMorning + days(3);
  auto before_escalation = Listed(secretary_, third);
  EXPECT_FALSE(Find(before_escalation, late).item.escalated_at.has_value());
  EXPECT_EQ(Run(third, 3).escalated, 1);
  auto escalated = Listed(secretary_, third);
  EXPECT_EQ(Find(escalated, late).item.escalated_at, FormatTime(third));
  // A write through the service: the page is read again.
  ASSERT_OK_AND_ASSIGN(ItemView v, ledger_->Get(As(secretary_, third), late));
  ItemPatch patch;
  patch.version = v.item.version;
  patch.title = "档案室改造";
  ASSERT_OK(ledger_->Update(As(secretary_, third), late, patch));
  auto edited = Listed(secretary_, third);
  EXPECT_EQ(Find(edited, late).item.title, "档案室改造");
  // A progress update (no version in the request) and a new item, too.
  ASSERT_OK(ledger_->AddProgress(As(secretary_, third), late, "已完成一半", {}));
  auto progressed = Listed(secretary_, third);
  EXPECT_NE(progressed, edited);
  EXPECT_EQ(Find(progressed, late).item.version, Find(edited, late).item.version + 1);
  Item item;
  item.kind = Kind::kRectification;
  item.title = "新增事项";
  item.org_id = first_.id;
  item.responsible_person_id = zhang_;
  item.deadline = "2026-05-01";
  ASSERT_OK_AND_ASSIGN(ItemView added, ledger_->Create(As(secretary_, third), item));
  auto grown = Listed(secretary_, third);
  EXPECT_EQ(grown->page().total, progressed->page().total + 1);
  EXPECT_EQ(Find(grown, added.item.id).item.title, "新增事项");
}

TEST_P(OverdueTest, TheListIsReadAgainOnANewChinaDay) {
  int64_t due = AddItem("今天到期", "2026-03-10");
  auto today = Listed(secretary_, kMorning);
  EXPECT_FALSE(Find(today, due).overdue);
  // 15:59 UTC is still 03-10 in China; 16:00 is 03-11. Nothing written.
  EXPECT_EQ(Listed(secretary_, kMorning + hours(15) + std::chrono::minutes(59)), today);
  auto tomorrow = Listed(secretary_, kMorning + hours(16));
  EXPECT_TRUE(Find(tomorrow, due).overdue);
  ItemFilter overdue;
  overdue.overdue = true;
  EXPECT_EQ(Listed(secretary_, kMorning, overdue)->page().total, 0);
  EXPECT_EQ(Listed(secretary_, kMorning + hours(16), overdue)->page().total, 1);
}

TEST_P(OverdueTest, CallersWhoseRowsDifferNeverShareAPage) {
  // A leader and an org admin of 机关党委 read the same items (the same
  // query): the admin may edit them and reads the requester, the leader not.
  Item concern;
  concern.kind = Kind::kConcern;
  concern.title = "小区路灯不亮";
  concern.org_id = first_.id;
  concern.org_path = first_.path;
  concern.responsible_person_id = zhang_;
  concern.deadline = "2026-04-01";
  concern.status = ItemStatus::kInProgress;
  concern.requester_name = "王大爷";
  concern.requester_contact = "13800000000";
  int64_t id = 0;
  {
    ASSERT_OK_AND_ASSIGN(auto tx, db().Begin(storage::TxMode::kWrite));
    ASSERT_OK_AND_ASSIGN(id, LedgerService::Insert(*tx, As(system_), concern));
    ASSERT_OK(tx->Commit());
  }
  const auth::Principal leader = Holder(li_account_, auth::Role::kLeader, committee_);
  const auth::Principal admin = Holder(admin_account_, auth::Role::kOrgAdmin, committee_);
  for (bool leader_first : {true, false}) {
    auto a = leader_first ? Listed(leader) : Listed(admin);
    auto b = leader_first ? Listed(admin) : Listed(leader);
    auto by_leader = leader_first ? a : b;
    auto by_admin = leader_first ? b : a;
    ASSERT_TRUE(by_leader && by_admin);
    EXPECT_NE(by_leader, by_admin);
    ItemView seen_by_leader = Find(by_leader, id), seen_by_admin = Find(by_admin, id);
    EXPECT_FALSE(seen_by_leader.may.edit);
    EXPECT_EQ(seen_by_leader.item.requester_contact, "");
    EXPECT_TRUE(seen_by_admin.may.edit);
    EXPECT_EQ(seen_by_admin.item.requester_contact, "13800000000");
    Bump(kItemRecordType);  // the next round reads both anew
  }
  // The responsible person (a member) and someone else holding the same
  // grants without being responsible.
  const auth::Principal zhang = Holder(zhang_account_, auth::Role::kMember, first_, zhang_);
  const auth::Principal wang = Holder(0, auth::Role::kMember, first_, wang_);
  EXPECT_TRUE(Find(Listed(zhang), id).may.progress);
  EXPECT_TRUE(Listed(wang)->page().items.empty());
  // Two callers with the same grants and person share one page.
  auth::Principal admin_again = admin;
  admin_again.account_id = top_admin_account_;
  EXPECT_EQ(Listed(admin_again), Listed(admin));
  // Another branch's secretary reads none of the first branch's items.
  const auth::Principal second = Holder(0, auth::Role::kBranchSecretary, second_);
  EXPECT_TRUE(Listed(second)->page().items.empty());
  EXPECT_EQ(Listed(secretary_)->page().total, 1);
}

TEST_P(OverdueTest, TheBoardAndTheCountsAreCountedAgainAfterAWriteAndTheJob) {
  AddItem("一支部逾期", "2026-03-01");
  OverdueService counts(db());
  ASSERT_OK_AND_ASSIGN(Board board, ledger_->CountByStatus(As(secretary_), {}));
  EXPECT_EQ(board.total, 1);
  EXPECT_EQ(board.overdue, 1);
  ASSERT_OK_AND_ASSIGN(auto by_org, counts.ByOrg(As(system_), {}));
  ASSERT_EQ(by_org.size(), 1u);
  EXPECT_EQ(by_org[0].escalated, 0);
  ASSERT_OK_AND_ASSIGN(auto by_leader, counts.ByLeader(As(system_), {}));
  ASSERT_EQ(by_leader.size(), 1u);
  EXPECT_EQ(by_leader[0].escalated, 0);
  // The job escalates (0 days): the counts see it.
  EXPECT_EQ(Run(kMorning, 0).escalated, 1);
  ASSERT_OK_AND_ASSIGN(by_org, counts.ByOrg(As(system_), {}));
  EXPECT_EQ(by_org[0].escalated, 1);
  ASSERT_OK_AND_ASSIGN(by_leader, counts.ByLeader(As(system_), {}));
  EXPECT_EQ(by_leader[0].escalated, 1);
  // A new item: the board and the counts see it.
  AddItem("又一项逾期", "2026-03-02");
  ASSERT_OK_AND_ASSIGN(board, ledger_->CountByStatus(As(secretary_), {}));
  EXPECT_EQ(board.total, 2);
  EXPECT_EQ(board.overdue, 2);
  ASSERT_OK_AND_ASSIGN(by_org, counts.ByOrg(As(system_), {}));
  EXPECT_EQ(by_org[0].overdue, 2);
  // Another caller's scope: not the first branch's counts.
  const auth::Principal second = Holder(0, auth::Role::kBranchSecretary, second_);
  ASSERT_OK_AND_ASSIGN(Board none, ledger_->CountByStatus(As(second), {}));
  EXPECT_EQ(none.total, 0);
  ASSERT_OK_AND_ASSIGN(auto theirs, counts.ByOrg(As(second), {}));
  EXPECT_TRUE(theirs.empty());
  // A new China day: an item due today becomes overdue in the board.
  AddItem("今天到期", "2026-03-10");
  ASSERT_OK_AND_ASSIGN(board, ledger_->CountByStatus(As(secretary_), {}));
  EXPECT_EQ(board.overdue, 2);
  ASSERT_OK_AND_ASSIGN(board, ledger_->CountByStatus(As(secretary_, kMorning + days(1)), {}));
  EXPECT_EQ(board.overdue, 3);
}

INSTANTIATE_TEST_SUITE_P(Engines, OverdueTest, ::testing::ValuesIn(test::TestDatabaseUrls()),
                         test::UrlParamName());

}  // namespace
}  // namespace duxing::domain::ledger
