// Races on one ledger item, on every engine of TestDatabaseUrls(): the
// overdue job's marking and escalation move the item's version, so a
// versioned write that read the item before them is stale (nothing written)
// and cannot undo them; a progress report that read the item open and then
// waited for a closing to commit finds it closed (nothing written). On
// PostgreSQL a write's transaction reads without locking, so another can
// commit between its read and its UPDATE; on SQLite the one writer orders
// whole transactions, so the interleaved cases run on PostgreSQL only.
#include <gtest/gtest.h>

#include <chrono>
#include <optional>
#include <thread>

#include "domain/attachments/attachment.hpp"
#include "domain/ledger/item_rows.hpp"
#include "domain/ledger/ledger_service.hpp"
#include "domain/ledger/overdue.hpp"
#include "domain/orgs/org.hpp"
#include "testing/migrated_database.hpp"
#include "testing/result_matchers.hpp"
#include "testing/test_databases.hpp"

namespace duxing::domain::ledger {
namespace {

using test::Describe;
using test::ExpectError;

// 08:00 China time on 2026-03-10; the item's deadline is 03-01.
const TimePoint kMorning{
    std::chrono::sys_days(std::chrono::year(2026) / 3 / 10).time_since_epoch()};

class LedgerRaceTest : public test::MigratedDatabaseTest {
 protected:
  void SetUp() override {
    test::MigratedDatabaseTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    {
      ASSERT_OK_AND_ASSIGN(auto tx, db().Begin(storage::TxMode::kWrite));
      ASSERT_OK_AND_ASSIGN(
          storage::Row account,
          tx->QueryOne("INSERT INTO accounts (username, display_name, password_hash, created_at, "
                       "updated_at) VALUES ('admin', 'admin', 'x', $1, $1) RETURNING id",
                       {FormatTime(kMorning)}));
      system_.account_id = account.Int(0);
      ASSERT_OK(tx->Commit());
    }
    orgs::OrgService orgs(db());
    ASSERT_OK_AND_ASSIGN(orgs::Org branch,
                         orgs.Create(Ctx(), {std::nullopt, "局党组", orgs::Kind::kPartyGroup, 0}));
    Item item;
    item.kind = Kind::kRectification;
    item.title = "食堂卫生整改";
    item.org_id = branch.id;
    item.org_path = branch.path;
    item.deadline = "2026-03-01";
    item.original_deadline = item.deadline;
    item.status = ItemStatus::kInProgress;
    ASSERT_OK_AND_ASSIGN(auto tx, db().Begin(storage::TxMode::kWrite));
    ASSERT_OK_AND_ASSIGN(item_, LedgerService::Insert(*tx, Ctx(), item));
    ASSERT_OK(tx->Commit());
  }

  Context Ctx() { return ContextAt(system_, kMorning); }

  Item Read() {
    auto tx = db().Begin(storage::TxMode::kRead);
    EXPECT_TRUE(tx.ok());
    auto item = LoadItem(**tx, item_);
    EXPECT_TRUE(item.ok()) << Describe(item.error());
    return item.ok() ? *item : Item{};
  }

  int64_t item_ = 0;
};

TEST_P(LedgerRaceTest, ThePassMovesTheVersionOfWhatItMarksAndEscalates) {
  const Item before = Read();
  ASSERT_OK_AND_ASSIGN(OverduePass pass, RunOverduePass(db(), kMorning, {0}));
  EXPECT_EQ(pass.marked, 1);
  EXPECT_EQ(pass.escalated, 1);
  const Item after = Read();
  ASSERT_TRUE(after.overdue_since.has_value());
  ASSERT_TRUE(after.escalated_at.has_value());
  EXPECT_EQ(after.version, before.version + 2);  // marked, then escalated
  // A write made on the version read before the pass is stale.
  Item edited = before;
  edited.title = "食堂卫生整改（修改）";
  ASSERT_OK_AND_ASSIGN(auto tx, db().Begin(storage::TxMode::kWrite));
  ASSERT_OK_AND_ASSIGN(int64_t written, UpdateRow(*tx, edited, kMorning, before.version));
  EXPECT_EQ(written, 0);
}

TEST_P(LedgerRaceTest, AWriteThatReadTheItemBeforeAConcurrentPassCannotUndoItsMark) {
  if (test::BackendLabel(GetParam()) == "sqlite") {
    GTEST_SKIP() << "SQLite's one writer runs a pass wholly before or after a write";
  }
  auto other = storage::Open(clean_->url());
  ASSERT_TRUE(other.ok()) << Describe(other.error());
  {
    // The write's transaction reads the item (as WriteVersioned does) ...
    ASSERT_OK_AND_ASSIGN(auto tx, db().Begin(storage::TxMode::kWrite));
    ASSERT_OK_AND_ASSIGN(Item before, LoadItem(*tx, item_));
    ASSERT_FALSE(before.overdue_since.has_value());
    // ... another process's pass marks it and commits ...
    ASSERT_OK_AND_ASSIGN(OverduePass pass, RunOverduePass(**other, kMorning, {3}));
    EXPECT_EQ(pass.marked, 1);
    // ... and the write, made with the whole row it read, finds it stale.
    Item edited = before;
    edited.title = "食堂卫生整改（修改）";
    ASSERT_OK_AND_ASSIGN(int64_t written, UpdateRow(*tx, edited, kMorning, before.version));
    EXPECT_EQ(written, 0) << "the write would put back overdue_since = NULL";
    if (written != 0) ASSERT_OK(tx->Commit());
  }
  const Item after = Read();
  EXPECT_TRUE(after.overdue_since.has_value()) << "the mark was lost";
  EXPECT_EQ(after.title, "食堂卫生整改");
}

TEST_P(LedgerRaceTest, AProgressReportThatWaitedForAClosingFindsTheItemClosed) {
  if (test::BackendLabel(GetParam()) == "sqlite") {
    GTEST_SKIP() << "SQLite's one writer runs a closing wholly before or after a report";
  }
  attachments::DatabaseBlobStore store;
  attachments::RecordRights rights;
  DeclareItemAttachments(rights);
  attachments::AttachmentService files(db(), store, rights);
  LedgerService ledger(db(), files);
  auto closer = storage::Open(clean_->url());
  ASSERT_TRUE(closer.ok()) << Describe(closer.error());
  auto watcher = storage::Open(clean_->url());
  ASSERT_TRUE(watcher.ok()) << Describe(watcher.error());
  // A closing holds the item's row, not committed yet.
  ASSERT_OK_AND_ASSIGN(auto closing, (*closer)->Begin(storage::TxMode::kWrite));
  ASSERT_OK(closing->Exec(
      "UPDATE ledger_items SET status = 'closed', version = version + 1 WHERE id = $1",
      {item_}));
  ASSERT_OK_AND_ASSIGN(storage::Row xid, closing->QueryOne("SELECT pg_current_xact_id()::xid::text", {}));
  // The report reads the item open, then waits for the closing's row lock.
  std::optional<Result<Entry>> report;
  std::thread reporter([&] { report = ledger.AddProgress(Ctx(), item_, "已整改过半", {}); });
  bool waiting = false;
  for (int i = 0; i < 6000 && !waiting; ++i) {  // a guard of a minute, not a measurement
    auto tx = (*watcher)->Begin(storage::TxMode::kRead);
    auto n = tx.ok() ? (*tx)->QueryOne(
                           "SELECT COUNT(*) FROM pg_locks WHERE locktype = 'transactionid' "
                           "AND NOT granted AND transactionid::text = $1",
                           {xid.Text(0)})
                     : Result<storage::Row>(tx.error());
    if (!n.ok()) {
      ADD_FAILURE() << Describe(n.error());
      break;
    }
    waiting = n->Int(0) > 0;
    if (!waiting) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_TRUE(waiting) << "the report never waited for the closing";
  ASSERT_OK(closing->Commit());
  reporter.join();
  ASSERT_TRUE(report.has_value());
  ExpectError(*report, Code::kConflict);
  auto tx = db().Begin(storage::TxMode::kRead);
  ASSERT_TRUE(tx.ok());
  ASSERT_OK_AND_ASSIGN(storage::Row n,
                       (*tx)->QueryOne("SELECT COUNT(*) FROM ledger_entries WHERE item_id = $1 "
                                       "AND kind = 'progress'",
                                       {item_}));
  EXPECT_EQ(n.Int(0), 0) << "no progress on a closed item";
}

// An org moved between a write's read of its item and the write's UPDATE:
// the move changes the item's org_path through a trigger, not its version,
// so the write matches; it must not put back the path it read (the item
// would fall out of its org's subtree). On PostgreSQL the move commits from
// another connection while the write's transaction is open; SQLite's one
// writer cannot interleave them, so there the write's read comes before the
// move (as a PostgreSQL transaction's read does, at READ COMMITTED).
TEST_P(LedgerRaceTest, AWriteThatReadTheItemBeforeItsOrgMovedKeepsTheNewPath) {
  const bool interleaved = test::BackendLabel(GetParam()) != "sqlite";
  orgs::OrgService orgs(db());
  const int64_t root = Read().org_id;
  ASSERT_OK_AND_ASSIGN(orgs::Org office,
                       orgs.Create(Ctx(), {root, "机关党委", orgs::Kind::kPartyCommittee, 0}));
  ASSERT_OK_AND_ASSIGN(orgs::Org branch,
                       orgs.Create(Ctx(), {root, "第一支部", orgs::Kind::kBranch, 0}));
  {
    ASSERT_OK_AND_ASSIGN(auto tx, db().Begin(storage::TxMode::kWrite));
    ASSERT_OK(tx->Exec("UPDATE ledger_items SET org_id = $1, org_path = $2 WHERE id = $3",
                       {branch.id, branch.path, item_}));
    ASSERT_OK(tx->Commit());
  }
  const Item read_before = Read();
  ASSERT_EQ(read_before.org_path, branch.path);
  std::unique_ptr<storage::Database> mover;
  if (interleaved) {
    auto other = storage::Open(clean_->url());
    ASSERT_TRUE(other.ok()) << Describe(other.error());
    mover = std::move(other).value();
  }
  auto move = [&]() -> Result<orgs::Org> {
    orgs::OrgPatch patch;
    patch.version = branch.version;
    patch.parent_id = office.id;
    return orgs::OrgService(mover ? *mover : db()).Update(Ctx(), branch.id, patch);
  };
  std::optional<Result<orgs::Org>> moved;
  {
    if (!interleaved) moved = move();
    // The write's transaction reads the item (on SQLite: read before) ...
    ASSERT_OK_AND_ASSIGN(auto tx, db().Begin(storage::TxMode::kWrite));
    ASSERT_OK_AND_ASSIGN(Item before, LoadItem(*tx, item_));
    if (!interleaved) before = read_before;
    if (interleaved) moved = move();  // ... another process moves the org and commits ...
    ASSERT_TRUE(moved->ok()) << Describe(moved->error());
    // ... and the write, made with the whole row it read, is not stale.
    Item edited = before;
    edited.title = "食堂卫生整改（修改）";
    ASSERT_OK_AND_ASSIGN(int64_t written, UpdateRow(*tx, edited, kMorning, before.version));
    EXPECT_EQ(written, 1);
    ASSERT_OK(tx->Commit());
  }
  const Item after = Read();
  EXPECT_EQ(after.title, "食堂卫生整改（修改）");
  EXPECT_EQ(after.org_path, (*moved)->path) << "the write put back the path it read";
  EXPECT_NE(after.org_path, read_before.org_path);
}

INSTANTIATE_TEST_SUITE_P(Engines, LedgerRaceTest, ::testing::ValuesIn(test::TestDatabaseUrls()),
                         test::UrlParamName());

}  // namespace
}  // namespace duxing::domain::ledger
