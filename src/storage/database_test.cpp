// The storage contract, checked on every engine of TestDatabaseUrls(): SQLite
// always, PostgreSQL when DUXING_TEST_PG_URL is set. Real servers, no mocks.
#include "storage/database.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <future>
#include <set>
#include <thread>
#include <unistd.h>
#include <vector>

#include "storage/migrate.hpp"
#include "storage/postgres/postgres_database.hpp"
#include "storage/sqlite/sqlite_database.hpp"
#include "testing/result_matchers.hpp"
#include "testing/test_databases.hpp"

namespace duxing::storage {
namespace {

using test::Describe;

constexpr std::string_view kNow = "2026-01-01T00:00:00Z";

constexpr std::string_view kInsertOrg =
    "INSERT INTO orgs (parent_id, name, kind, path, created_at, updated_at)"
    " VALUES ($1, $2, $3, $4, $5, $5) RETURNING id";
constexpr std::string_view kInsertPerson =
    "INSERT INTO people (name, gender, category, org_id, created_at, "
    "updated_at) VALUES ($1, $2, $3, $4, $5, $5) RETURNING id";
constexpr std::string_view kInsertAccount =
    "INSERT INTO accounts (username, display_name, password_hash, created_at,"
    " updated_at) VALUES ($1, $2, 'x', $3, $3)";
constexpr std::string_view kCountOrgs = "SELECT COUNT(*) FROM orgs";

class DatabaseTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    DX_SKIP_IF_NO_ENGINE(GetParam());
    auto clean = test::CleanDatabase::Open(GetParam());
    ASSERT_TRUE(clean.ok()) << Describe(clean.error());
    clean_ = std::move(clean).value();
  }

  Database& db() { return clean_->db(); }
  bool IsPostgres() { return db().backend() == Backend::kPostgres; }

  void Migrate() {
    auto applied = storage::Migrate(db());
    ASSERT_TRUE(applied.ok()) << Describe(applied.error());
  }

  // Inserts an org in its own committed transaction and returns its id.
  int64_t AddOrg(const std::string& name) {
    auto tx = db().Begin(TxMode::kWrite);
    EXPECT_TRUE(tx.ok());
    if (!tx.ok()) return 0;
    auto row = (*tx)->QueryOne(
        kInsertOrg, {nullptr, name, "party_branch", "/", std::string(kNow)});
    EXPECT_TRUE(row.ok()) << Describe(row.error());
    if (!row.ok()) return 0;
    EXPECT_TRUE((*tx)->Commit().ok());
    return row->Int(0);
  }

  int64_t CountOrgs() {
    auto tx = db().Begin(TxMode::kRead);
    EXPECT_TRUE(tx.ok());
    if (!tx.ok()) return -1;
    auto row = (*tx)->QueryOne(kCountOrgs, {});
    EXPECT_TRUE(row.ok()) << Describe(row.error());
    return row.ok() ? row->Int(0) : -1;
  }

  std::unique_ptr<test::CleanDatabase> clean_;
};

TEST_P(DatabaseTest, MigrationsApplyOnceAndAreRecorded) {
  auto first = storage::Migrate(db());
  ASSERT_TRUE(first.ok()) << Describe(first.error());
  ASSERT_FALSE(first->empty());
  EXPECT_EQ(first->front().version, 1);
  EXPECT_EQ(first->front().name, "backbone");

  auto second = storage::Migrate(db());
  ASSERT_TRUE(second.ok()) << Describe(second.error());
  EXPECT_TRUE(second->empty());

  ASSERT_OK_AND_ASSIGN(auto tx, db().Begin(TxMode::kRead));
  ASSERT_OK_AND_ASSIGN(
      Rows rows,
      tx->Query("SELECT version, name, applied_at FROM schema_migrations"
                " ORDER BY version",
                {}));
  ASSERT_EQ(rows.size(), first->size());
  EXPECT_EQ(rows[0].Int(0), 1);
  EXPECT_EQ(rows[0].Text(1), "backbone");
  EXPECT_FALSE(rows[0].Text(2).empty());
}

TEST_P(DatabaseTest, CleanDatabaseCanStartMigrated) {
  ASSERT_OK_AND_ASSIGN(auto migrated,
                       test::CleanDatabase::OpenMigrated(GetParam()));
  ASSERT_OK_AND_ASSIGN(auto tx, migrated->db().Begin(TxMode::kRead));
  ASSERT_OK_AND_ASSIGN(Row row, tx->QueryOne(kCountOrgs, {}));
  EXPECT_EQ(row.Int(0), 0);
  // Each clean database is separate: this test's own one has no tables.
  ASSERT_OK_AND_ASSIGN(auto own, db().Begin(TxMode::kRead));
  EXPECT_FALSE(own->Query(kCountOrgs, {}).ok());
}

// A bulk write's tables get planner statistics at once on PostgreSQL (a
// never-analyzed table has reltuples -1 and is planned as empty until
// autovacuum comes by); SQLite is left without statistics.
// storage::InsertRows: a bulk write of kRefreshStatisticsAfterRows rows or
// more leaves PostgreSQL's statistics and visibility map fresh once it has
// committed; a smaller one, or one rolled back, leaves them to autovacuum.
TEST_P(DatabaseTest, BulkInsertRefreshesStatisticsOnPostgresAfterTheCommit) {
  Migrate();
  auto orgs = [](int64_t from, int64_t n) {
    std::vector<Params> rows;
    for (int64_t i = from; i < from + n; ++i) {
      rows.push_back({"支部" + std::to_string(i), "party_branch", "/" + std::to_string(i) + "/",
                      "2021-01-01T00:00:00Z", "2021-01-01T00:00:00Z"});
    }
    return rows;
  };
  const std::vector<std::string_view> columns = {"name", "kind", "path", "created_at",
                                                 "updated_at"};
  auto insert = [&](int64_t from, int64_t n, bool commit) {
    ASSERT_OK_AND_ASSIGN(auto tx, db().Begin(TxMode::kWrite));
    // Two calls in one transaction count together.
    ASSERT_OK(InsertRows(*tx, "orgs", columns, orgs(from, n / 2), Returning::kNothing));
    ASSERT_OK(InsertRows(*tx, "orgs", columns, orgs(from + n / 2, n - n / 2),
                         Returning::kNothing));
    if (commit) ASSERT_OK(tx->Commit());
  };
  // The statistics of the test's own orgs table (by oid: by name it could be
  // another test's schema's).
  auto stats = [&]() -> std::pair<std::string, int64_t> {
    auto tx = db().Begin(TxMode::kRead);
    EXPECT_TRUE(tx.ok());
    if (!tx.ok()) return {};
    auto row = (*tx)->QueryOne(
        "SELECT reltuples::bigint, relallvisible FROM pg_class WHERE oid = 'orgs'::regclass", {});
    EXPECT_TRUE(row.ok());
    if (!row.ok()) return {};
    return {row->Text(0), row->Int(1)};
  };
  const int64_t n = kRefreshStatisticsAfterRows;
  if (db().backend() != Backend::kPostgres) {
    insert(0, n, true);
    ASSERT_OK_AND_ASSIGN(auto tx, db().Begin(TxMode::kRead));
    EXPECT_FALSE(tx->Query("SELECT * FROM sqlite_stat1", {}).ok());
    return;
  }
  {
    // Only the commit may refresh them here, not autovacuum passing by.
    ASSERT_OK_AND_ASSIGN(auto tx, db().Begin(TxMode::kWrite));
    ASSERT_OK(tx->Exec("ALTER TABLE orgs SET (autovacuum_enabled = false)", {}));
    ASSERT_OK(tx->Commit());
  }
  insert(0, n - 1, true);  // below the bound
  insert(n, n, false);     // rolled back
  auto [tuples, visible] = stats();
  EXPECT_NE(tuples, std::to_string(n - 1));
  EXPECT_EQ(visible, 0);
  insert(2 * n, n, true);
  std::tie(tuples, visible) = stats();
  EXPECT_EQ(tuples, std::to_string(2 * n - 1));
  EXPECT_GT(visible, 0);
}

TEST_P(DatabaseTest, RoundTripsNullIntegersTextAndReturning) {
  Migrate();
  ASSERT_OK_AND_ASSIGN(auto tx, db().Begin(TxMode::kWrite));
  ASSERT_OK_AND_ASSIGN(
      Row org, tx->QueryOne(kInsertOrg, {nullptr, "第一党支部", "party_branch",
                                         "/", std::string(kNow)}));
  int64_t org_id = org.Int(0);
  EXPECT_GT(org_id, 0);
  ASSERT_OK_AND_ASSIGN(
      Row second, tx->QueryOne(kInsertOrg, {org_id, "第二党小组", "party_group",
                                            "/1/", std::string(kNow)}));
  EXPECT_GT(second.Int(0), org_id);

  ASSERT_OK_AND_ASSIGN(
      Row person,
      tx->QueryOne(kInsertPerson, {"张三 O'Brien", nullptr, "正式党员", org_id,
                                   std::string(kNow)}));
  ASSERT_OK_AND_ASSIGN(
      Row got, tx->QueryOne("SELECT id, name, gender, org_id, archived, version"
                            " FROM people WHERE id = $1",
                            {person.Int(0)}));
  ASSERT_EQ(got.size(), 6u);
  EXPECT_EQ(got.Int(0), person.Int(0));
  EXPECT_EQ(got.Text(1), "张三 O'Brien");
  EXPECT_TRUE(got.IsNull(2));
  EXPECT_EQ(got.OptText(2), std::nullopt);
  EXPECT_EQ(got.Text(2), "");
  EXPECT_EQ(got.OptInt(3), org_id);
  EXPECT_EQ(got.Int(4), 0);  // column default
  EXPECT_EQ(got.Int(5), 1);

  // 64-bit values beyond a double's precision, negative values, NULL ints.
  const int64_t big = (int64_t{1} << 53) + 1;
  ASSERT_OK_AND_ASSIGN(
      int64_t n,
      tx->Exec("INSERT INTO audit_log (at, actor_id, action,"
               " record_type, record_id) VALUES ($1, $2, $3, $4, $5)",
               {std::string(kNow), nullptr, "create", "org", big}));
  EXPECT_EQ(n, 1);
  ASSERT_OK(
      tx->Exec("INSERT INTO audit_log (at, action, record_type,"
               " record_id) VALUES ($1, 'delete', 'org', $2)",
               {std::string(kNow), int64_t{-42}}));
  ASSERT_OK_AND_ASSIGN(Rows audit,
                       tx->Query("SELECT record_id, actor_id FROM audit_log"
                                 " ORDER BY id",
                                 {}));
  ASSERT_EQ(audit.size(), 2u);
  EXPECT_EQ(audit[0].Int(0), big);
  EXPECT_EQ(audit[0].OptInt(1), std::nullopt);
  EXPECT_EQ(audit[1].Int(0), -42);

  // Reals and booleans read the same on both engines.
  ASSERT_OK_AND_ASSIGN(Row misc,
                       tx->QueryOne("SELECT $1, 1 = 1, 1 = 2", {2.5}));
  EXPECT_EQ(misc.Text(0), "2.5");
  EXPECT_TRUE(misc.Bool(1));
  EXPECT_FALSE(misc.Bool(2));

  ASSERT_OK(tx->Commit());
}

TEST_P(DatabaseTest, SelectWithoutRowsIsEmptyAndQueryOneIsNotFound) {
  Migrate();
  ASSERT_OK_AND_ASSIGN(auto tx, db().Begin(TxMode::kRead));
  ASSERT_OK_AND_ASSIGN(Rows rows, tx->Query("SELECT id FROM orgs WHERE id = $1",
                                            {int64_t{12345}}));
  EXPECT_TRUE(rows.empty());
  auto one = tx->QueryOne("SELECT id FROM orgs WHERE id = $1", {int64_t{1}});
  ASSERT_FALSE(one.ok());
  EXPECT_EQ(one.error().code, Code::kNotFound);
}

TEST_P(DatabaseTest, DestructorRollsBackUncommittedTransaction) {
  Migrate();
  {
    ASSERT_OK_AND_ASSIGN(auto tx, db().Begin(TxMode::kWrite));
    ASSERT_OK(tx->QueryOne(kInsertOrg, {nullptr, "未提交", "party_branch", "/",
                                        std::string(kNow)}));
    ASSERT_OK_AND_ASSIGN(Row in_tx, tx->QueryOne(kCountOrgs, {}));
    EXPECT_EQ(in_tx.Int(0), 1);
  }
  EXPECT_EQ(CountOrgs(), 0);
  // The connection went back to the pool and runs the same statement again.
  EXPECT_GT(AddOrg("之后"), 0);
  EXPECT_EQ(CountOrgs(), 1);
}

TEST_P(DatabaseTest, CommitPersistsAcrossConnections) {
  Migrate();
  int64_t id = AddOrg("已提交");
  ASSERT_GT(id, 0);
  // A second database on the same URL uses its own connections.
  ASSERT_OK_AND_ASSIGN(auto other, Open(clean_->url()));
  ASSERT_OK_AND_ASSIGN(auto tx, other->Begin(TxMode::kRead));
  ASSERT_OK_AND_ASSIGN(
      Row row, tx->QueryOne("SELECT name FROM orgs WHERE id = $1", {id}));
  EXPECT_EQ(row.Text(0), "已提交");
}

TEST_P(DatabaseTest, UniqueViolationIsAlreadyExists) {
  Migrate();
  {
    ASSERT_OK_AND_ASSIGN(auto tx, db().Begin(TxMode::kWrite));
    ASSERT_OK(tx->Exec(kInsertAccount, {"li4", "李四", std::string(kNow)}));
    ASSERT_OK(tx->Commit());
  }
  ASSERT_OK_AND_ASSIGN(auto tx, db().Begin(TxMode::kWrite));
  auto dup = tx->Exec(kInsertAccount, {"li4", "另一个李四", std::string(kNow)});
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.error().code, Code::kAlreadyExists);
  EXPECT_EQ(dup.error().message, "记录已存在");
  EXPECT_FALSE(dup.error().internal.empty());
}

TEST_P(DatabaseTest, ForeignKeyAndNotNullViolationsAreFailedPrecondition) {
  Migrate();
  {
    ASSERT_OK_AND_ASSIGN(auto tx, db().Begin(TxMode::kWrite));
    auto fk = tx->Exec(kInsertPerson, {"王五", nullptr, "正式党员",
                                       int64_t{999}, std::string(kNow)});
    ASSERT_FALSE(fk.ok());
    EXPECT_EQ(fk.error().code, Code::kFailedPrecondition);
    EXPECT_EQ(fk.error().message, "数据关联不满足约束");
  }
  {
    ASSERT_OK_AND_ASSIGN(auto tx, db().Begin(TxMode::kWrite));
    auto null = tx->Exec(kInsertPerson, {nullptr, nullptr, "正式党员",
                                         int64_t{1}, std::string(kNow)});
    ASSERT_FALSE(null.ok());
    EXPECT_EQ(null.error().code, Code::kFailedPrecondition);
  }
}

TEST_P(DatabaseTest, OtherErrorsAreInternalWithDetailOnlyInInternal) {
  ASSERT_OK_AND_ASSIGN(auto tx, db().Begin(TxMode::kRead));
  auto bad =
      tx->Query("SELECT * FROM no_such_table WHERE id = $1", {int64_t{1}});
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, Code::kInternal);
  EXPECT_EQ(bad.error().message, "服务器内部错误");
  EXPECT_NE(bad.error().internal.find("no_such_table"), std::string::npos);
}

TEST_P(DatabaseTest, FailedStatementLeavesNothingBehind) {
  Migrate();
  {
    ASSERT_OK_AND_ASSIGN(auto tx, db().Begin(TxMode::kWrite));
    ASSERT_OK(tx->QueryOne(
        kInsertOrg, {nullptr, "半途", "party_branch", "/", std::string(kNow)}));
    auto fk = tx->Exec(kInsertPerson, {"赵六", nullptr, "正式党员",
                                       int64_t{999}, std::string(kNow)});
    ASSERT_FALSE(fk.ok());
    if (IsPostgres()) {
      // The error aborted the transaction: COMMIT must not report success.
      EXPECT_FALSE(tx->Commit().ok());
    }
  }
  EXPECT_EQ(CountOrgs(), 0);
  EXPECT_GT(AddOrg("之后"), 0);  // the connection is usable again
}

TEST_P(DatabaseTest, PlaceholdersRepeatAndLiteralsAreLeftAlone) {
  Migrate();
  int64_t id = AddOrg("甲");
  ASSERT_OK_AND_ASSIGN(auto tx, db().Begin(TxMode::kWrite));
  // $1 twice in one statement.
  ASSERT_OK_AND_ASSIGN(
      int64_t n, tx->Exec("UPDATE orgs SET name = $1, path = $1 WHERE id = $2",
                          {"乙", id}));
  EXPECT_EQ(n, 1);
  // '$1' inside literals (including one with a doubled quote) is text.
  ASSERT_OK_AND_ASSIGN(
      Row row,
      tx->QueryOne("SELECT name, path, '$1', 'it''s $2', kind FROM orgs"
                   " WHERE id = $2 AND name = $1 AND path = $1",
                   {"乙", id}));
  EXPECT_EQ(row.Text(0), "乙");
  EXPECT_EQ(row.Text(1), "乙");
  EXPECT_EQ(row.Text(2), "$1");
  EXPECT_EQ(row.Text(3), "it's $2");
  EXPECT_EQ(row.Text(4), "party_branch");
}

TEST_P(DatabaseTest, SameStatementWithNullThenValue) {
  Migrate();
  int64_t parent = AddOrg("上级");
  ASSERT_OK_AND_ASSIGN(auto tx, db().Begin(TxMode::kWrite));
  // Prepared once per parameter types: NULL first, then an integer.
  ASSERT_OK_AND_ASSIGN(Row a, tx->QueryOne(kInsertOrg, {nullptr, "a", "k", "/",
                                                        std::string(kNow)}));
  ASSERT_OK_AND_ASSIGN(Row b, tx->QueryOne(kInsertOrg, {parent, "b", "k", "/",
                                                        std::string(kNow)}));
  ASSERT_OK_AND_ASSIGN(
      Rows rows,
      tx->Query("SELECT parent_id FROM orgs WHERE id IN ($1, $2) ORDER BY id",
                {a.Int(0), b.Int(0)}));
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_TRUE(rows[0].IsNull(0));
  EXPECT_EQ(rows[1].Int(0), parent);
  ASSERT_OK(tx->Commit());
}

TEST_P(DatabaseTest, OptimisticVersionUpdateIsZeroRowsWhenStale) {
  Migrate();
  int64_t id = AddOrg("版本");
  constexpr std::string_view kUpdate =
      "UPDATE orgs SET name = $3, version = version + 1"
      " WHERE id = $1 AND version = $2";
  ASSERT_OK_AND_ASSIGN(auto tx, db().Begin(TxMode::kWrite));
  ASSERT_OK_AND_ASSIGN(int64_t first,
                       tx->Exec(kUpdate, {id, int64_t{1}, "新名称"}));
  EXPECT_EQ(first, 1);
  ASSERT_OK_AND_ASSIGN(int64_t stale,
                       tx->Exec(kUpdate, {id, int64_t{1}, "过时的修改"}));
  EXPECT_EQ(stale, 0);
  ASSERT_OK_AND_ASSIGN(Row row, tx->QueryOne("SELECT name, version FROM orgs"
                                             " WHERE id = $1",
                                             {id}));
  EXPECT_EQ(row.Text(0), "新名称");
  EXPECT_EQ(row.Int(1), 2);
  ASSERT_OK(tx->Commit());
}

TEST_P(DatabaseTest, ConcurrentReadersSeeWholeCommits) {
  Migrate();
  constexpr int kReaders = 4;
  constexpr int kWrites = 20;
  std::atomic<bool> writing{true};
  std::atomic<int> reads{0};
  std::vector<std::string> failures(kReaders + 1);

  auto reader = [&](int i) {
    // Each write commits two orgs; a reader must never see an odd count.
    do {
      auto tx = db().Begin(TxMode::kRead);
      if (!tx.ok()) {
        failures[i] = Describe(tx.error());
        return;
      }
      auto row = (*tx)->QueryOne(kCountOrgs, {});
      if (!row.ok()) {
        failures[i] = Describe(row.error());
        return;
      }
      if (row->Int(0) % 2 != 0) {
        failures[i] = "saw a half-committed write: " + row->Text(0);
        return;
      }
      ++reads;
    } while (writing);
  };
  std::vector<std::thread> threads;
  for (int i = 0; i < kReaders; ++i) threads.emplace_back(reader, i);
  for (int w = 0; w < kWrites; ++w) {
    auto tx = db().Begin(TxMode::kWrite);
    if (!tx.ok()) {
      failures[kReaders] = Describe(tx.error());
      break;
    }
    for (int k = 0; k < 2; ++k) {
      // Distinct names: live sibling orgs may not share one (0006).
      auto r = (*tx)->Exec(kInsertOrg, {nullptr, "并发" + std::to_string(2 * w + k), "k", "/",
                                        std::string(kNow)});
      if (!r.ok()) failures[kReaders] = Describe(r.error());
    }
    if (auto st = (*tx)->Commit(); !st.ok()) {
      failures[kReaders] = Describe(st.error());
    }
  }
  writing = false;
  for (auto& t : threads) t.join();
  for (const auto& f : failures) EXPECT_EQ(f, "");
  EXPECT_GE(reads.load(), kReaders);
  EXPECT_EQ(CountOrgs(), 2 * kWrites);
}

TEST_P(DatabaseTest, PostgresPoolWaitsForAFreeConnection) {
  if (!IsPostgres()) GTEST_SKIP() << "PostgreSQL pool only";
  Migrate();
  const std::string& url = clean_->url();
  std::string small =
      url + (url.find('?') == std::string::npos ? "?" : "&") + "pool_size=2";
  ASSERT_OK_AND_ASSIGN(auto pool, Open(small));
  std::atomic<int> done{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 5; ++i) {
    threads.emplace_back([&] {
      auto tx = pool->Begin(TxMode::kRead);
      if (!tx.ok()) return;
      auto row = (*tx)->QueryOne("SELECT COUNT(*) FROM pg_sleep(0.05)", {});
      if (row.ok()) ++done;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(done.load(), 5);

  auto bad = Open(url + (url.find('?') == std::string::npos ? "?" : "&") +
                  "pool_size=0");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, Code::kInvalidArgument);
}

TEST_P(DatabaseTest, NoWaitScopeBeginsNoTransaction) {
  Migrate();
  AddOrg("机关党委");
  for (TxMode mode : {TxMode::kWrite, TxMode::kRead}) {
    NoWaitScope no_wait;
    EXPECT_FALSE(no_wait.refused());
    auto tx = db().Begin(mode);
    ASSERT_FALSE(tx.ok());
    EXPECT_EQ(tx.error().code, Code::kResourceExhausted);
    EXPECT_TRUE(no_wait.refused());
  }
  // Outside a scope everything begins as before (and waits where it must).
  ASSERT_OK_AND_ASSIGN(auto write, db().Begin(TxMode::kWrite));
  ASSERT_OK(write->Commit());
  EXPECT_EQ(CountOrgs(), 1);
}

TEST_P(DatabaseTest, PostgresReadTransactionsAreReadOnly) {
  if (!IsPostgres()) GTEST_SKIP() << "SQLite readers are not enforced";
  Migrate();
  ASSERT_OK_AND_ASSIGN(auto tx, db().Begin(TxMode::kRead));
  auto write = tx->Exec(kInsertAccount, {"ro", "只读", std::string(kNow)});
  ASSERT_FALSE(write.ok());
  EXPECT_EQ(write.error().code, Code::kInternal);
}

// A read transaction runs its queries without BEGIN: the connection's
// default still refuses a write, in a query as in Exec.
TEST_P(DatabaseTest, PostgresReadQueriesAreReadOnlyWithoutBegin) {
  if (!IsPostgres()) GTEST_SKIP() << "SQLite readers are not enforced";
  Migrate();
  ASSERT_OK_AND_ASSIGN(auto tx, db().Begin(TxMode::kRead));
  // now() is the transaction's start: inside BEGIN both queries would share
  // it; on their own, each query is its own transaction (round trips apart).
  ASSERT_OK_AND_ASSIGN(Row first, tx->QueryOne("SELECT now()::text", {}));
  ASSERT_OK_AND_ASSIGN(Row second, tx->QueryOne("SELECT now()::text", {}));
  EXPECT_NE(first.Text(0), second.Text(0)) << "the queries ran inside one transaction block";
  auto write = tx->Query(std::string(kInsertAccount) + " RETURNING id",
                         {"ro", "只读", std::string(kNow)});
  ASSERT_FALSE(write.ok());
  EXPECT_EQ(write.error().code, Code::kInternal);
  ASSERT_OK_AND_ASSIGN(auto writer, db().Begin(TxMode::kWrite));
  ASSERT_OK(writer->Exec(kInsertAccount, {"rw", "读写", std::string(kNow)}));
  ASSERT_OK(writer->Commit());
}

// A statement marked kPlanOnce runs on its generic plan from its first
// execution; an unmarked one after it is planned for its values again.
TEST_P(DatabaseTest, PostgresPlansAMarkedStatementOnce) {
  if (!IsPostgres()) GTEST_SKIP() << "PostgreSQL plans; SQLite ignores the comment";
  Migrate();
  AddOrg("甲");
  ASSERT_OK_AND_ASSIGN(auto tx, db().Begin(TxMode::kRead));
  const std::string once = std::string(kPlanOnce) + "SELECT name FROM orgs WHERE name = $1";
  const std::string each = "SELECT kind FROM orgs WHERE name = $1";
  for (int i = 0; i < 3; ++i) {
    ASSERT_OK_AND_ASSIGN(Rows rows, tx->Query(once, {"甲"}));
    EXPECT_EQ(rows.size(), 1u);
  }
  ASSERT_OK_AND_ASSIGN(Row mode, tx->QueryOne("SELECT current_setting('plan_cache_mode')", {}));
  EXPECT_EQ(mode.Text(0), "auto") << "an unmarked statement puts the session back";
  for (int i = 0; i < 3; ++i) ASSERT_OK(tx->Query(each, {"甲"}));
  auto plans = [&](const std::string& sql) {
    auto row = tx->QueryOne(
        "SELECT generic_plans, custom_plans FROM pg_prepared_statements WHERE statement = $1",
        {sql});
    EXPECT_TRUE(row.ok()) << sql;
    return row.ok() ? std::make_pair(row->Int(0), row->Int(1)) : std::make_pair(-1L, -1L);
  };
  EXPECT_EQ(plans(once), std::make_pair(3L, 0L)) << "generic, custom plans of the marked one";
  EXPECT_EQ(plans(each), std::make_pair(0L, 3L)) << "generic, custom plans of the other";
}

// A connection that died while idle (here: terminated by the server) shows
// at the first query of a read transaction, which runs again on a new one.
TEST_P(DatabaseTest, PostgresReadTransactionOutlivesADeadConnection) {
  if (!IsPostgres()) GTEST_SKIP() << "PostgreSQL pool only";
  Migrate();
  AddOrg("机关党委");
  int64_t pid = 0;
  {
    ASSERT_OK_AND_ASSIGN(auto tx, db().Begin(TxMode::kRead));
    ASSERT_OK_AND_ASSIGN(Row row, tx->QueryOne("SELECT pg_backend_pid()", {}));
    pid = row.Int(0);
  }
  {
    ASSERT_OK_AND_ASSIGN(auto other, Open(clean_->url()));
    ASSERT_OK_AND_ASSIGN(auto tx, other->Begin(TxMode::kRead));
    ASSERT_OK_AND_ASSIGN(Row done, tx->QueryOne("SELECT pg_terminate_backend($1::int, 60000)", {pid}));
    EXPECT_EQ(done.Text(0), "t");
  }
  ASSERT_OK_AND_ASSIGN(auto tx, db().Begin(TxMode::kRead));
  ASSERT_OK_AND_ASSIGN(Row row, tx->QueryOne(kCountOrgs, {}));
  EXPECT_EQ(row.Int(0), 1);
  ASSERT_OK_AND_ASSIGN(Row now, tx->QueryOne("SELECT pg_backend_pid()", {}));
  EXPECT_NE(now.Int(0), pid);
}

TEST_P(DatabaseTest, InsertRowsBatchesAndReturnsIdsInRowOrder) {
  Migrate();
  // More rows than one statement holds (kMaxBatchValues / 6 columns), with
  // nulls and integers mixed as imports have them.
  const size_t n = kMaxBatchValues / 6 * 2 + 7;
  ASSERT_OK_AND_ASSIGN(auto tx, db().Begin(TxMode::kWrite));
  ASSERT_OK_AND_ASSIGN(
      Row root, tx->QueryOne(kInsertOrg, {nullptr, "根", "party_branch", "/", std::string(kNow)}));
  std::vector<Params> rows;
  for (size_t i = 0; i < n; ++i) {
    Param parent = i % 3 == 0 ? Param(nullptr) : Param(root.Int(0));
    rows.push_back({"组织" + std::to_string(i), "party_branch", "/", std::string(kNow),
                    std::string(kNow), parent});
  }
  ASSERT_OK_AND_ASSIGN(
      auto ids,
      InsertRows(*tx, "orgs", {"name", "kind", "path", "created_at", "updated_at", "parent_id"},
                 rows, Returning::kIds));
  ASSERT_EQ(ids.size(), n);
  for (size_t i = 0; i < n; i += 97) {
    ASSERT_OK_AND_ASSIGN(Row got, tx->QueryOne("SELECT name FROM orgs WHERE id = $1", {ids[i]}));
    EXPECT_EQ(got.Text(0), "组织" + std::to_string(i));
  }
  ASSERT_OK_AND_ASSIGN(Row last, tx->QueryOne("SELECT name FROM orgs WHERE id = $1", {ids.back()}));
  EXPECT_EQ(last.Text(0), "组织" + std::to_string(n - 1));
  ASSERT_OK_AND_ASSIGN(auto none, InsertRows(*tx, "orgs", {"name"}, {}, Returning::kIds));
  EXPECT_TRUE(none.empty());
  ASSERT_OK(tx->Commit());
  EXPECT_EQ(CountOrgs(), static_cast<int64_t>(n) + 1);  // and the root
}

TEST_P(DatabaseTest, InsertRowsKeepsEveryCharacterAndNull) {
  Migrate();
  const std::vector<std::string> names = {"a\tb", "c\nd\r", "back\\slash", "\\N", "N", "张三 O'Brien",
                                          ""};
  std::vector<Params> rows;
  std::string now(kNow);
  for (const auto& n : names) rows.push_back({n, "party_branch", "/", now, now, nullptr});
  ASSERT_OK_AND_ASSIGN(auto tx, db().Begin(TxMode::kWrite));
  ASSERT_OK_AND_ASSIGN(
      auto ids, InsertRows(*tx, "orgs", {"name", "kind", "path", "created_at", "updated_at", "parent_id"},
                           rows, Returning::kIds));
  ASSERT_EQ(ids.size(), names.size());
  for (size_t i = 0; i < names.size(); ++i) {
    ASSERT_OK_AND_ASSIGN(Row got,
                         tx->QueryOne("SELECT name, parent_id FROM orgs WHERE id = $1", {ids[i]}));
    EXPECT_EQ(got.Text(0), names[i]);
    EXPECT_TRUE(got.IsNull(1));
  }
  // Ids drawn for a batch are not drawn again: a later single insert follows.
  ASSERT_OK_AND_ASSIGN(Row next, tx->QueryOne(kInsertOrg, {nullptr, "后", "party_branch", "/", now}));
  EXPECT_GT(next.Int(0), ids.back());
  ASSERT_OK(tx->Commit());
}

TEST_P(DatabaseTest, InsertRowsFailsWholeOnAConstraintAndRollsBack) {
  Migrate();
  {
    ASSERT_OK_AND_ASSIGN(auto tx, db().Begin(TxMode::kWrite));
    std::string now(kNow);
    std::vector<Params> rows = {{"甲", "party_branch", "/", now, now},
                                {nullptr, "party_branch", "/", now, now}};
    auto r = InsertRows(*tx, "orgs", {"name", "kind", "path", "created_at", "updated_at"}, rows,
                        Returning::kNothing);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, Code::kFailedPrecondition) << Describe(r.error());
  }
  EXPECT_EQ(CountOrgs(), 0);
}

TEST_P(DatabaseTest, QueryInRunsOneStatementPerBatchOfValues) {
  Migrate();
  for (const char* name : {"甲", "乙", "丙"}) AddOrg(name);
  ASSERT_OK_AND_ASSIGN(auto tx, db().Begin(TxMode::kRead));
  std::vector<std::string> names;
  for (size_t i = 0; i < kMaxBatchValues + 5; ++i) names.push_back("无" + std::to_string(i));
  names.push_back("丙");
  names.insert(names.begin(), "甲");
  ASSERT_OK_AND_ASSIGN(
      Rows rows, QueryIn(*tx, "SELECT name FROM orgs WHERE name IN (", ") ORDER BY name", names));
  std::set<std::string> got;
  for (const Row& r : rows) got.insert(r.Text(0));
  EXPECT_EQ(got, std::set<std::string>({"甲", "丙"}));
  ASSERT_OK_AND_ASSIGN(Rows empty, QueryIn(*tx, "SELECT name FROM orgs WHERE name IN (", ")", {}));
  EXPECT_TRUE(empty.empty());
}

TEST(RewritePlaceholdersTest, BareWhereTheNumberIsTheNextOtherwiseNumbered) {
  EXPECT_EQ(sqlite::RewritePlaceholders("VALUES ($1, $2, $2, $4, $3, '$5', $5)"),
            "VALUES (?, ?, ?2, ?4, ?3, '$5', ?)");
  EXPECT_EQ(sqlite::RewritePlaceholders("WHERE a = $2 AND b = $1"), "WHERE a = ?2 AND b = ?1");
  EXPECT_EQ(sqlite::RewritePlaceholders("$9 $10 $11"), "?9 ? ?");  // ?10 and ?11
}

INSTANTIATE_TEST_SUITE_P(Engines, DatabaseTest,
                         ::testing::ValuesIn(test::TestDatabaseUrls()),
                         test::UrlParamName());

TEST(PostgresOpenTest, UnreachableServerFailsFast) {
  auto start = std::chrono::steady_clock::now();
  auto db = postgres::OpenPostgres("postgresql://postgres@127.0.0.1:1/nothing");
  ASSERT_FALSE(db.ok());
  EXPECT_EQ(db.error().code, Code::kInternal);
  EXPECT_NE(db.error().internal.find("cannot connect"), std::string::npos)
      << db.error().internal;
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
}

TEST(PostgresOpenTest, PasswordIsNotInTheError) {
  auto db = postgres::OpenPostgres(
      "postgresql://postgres:s3cret@127.0.0.1:1/nothing");
  ASSERT_FALSE(db.ok());
  EXPECT_EQ(db.error().internal.find("s3cret"), std::string::npos)
      << db.error().internal;
}

// The WAL is checkpointed on a thread of its own: a commit that takes it
// past the threshold returns without copying it into the database file (with
// group commit, every exam answer of the group waited for that copy and its
// fsync), and the copy follows.
TEST(SqliteCheckpointTest, ALargeCommitIsCheckpointedOffTheWritersPath) {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() /
                       ("duxing_ckpt_" + std::to_string(::getpid()) + "_" +
                        std::to_string(std::chrono::steady_clock::now().time_since_epoch().count()));
  fs::create_directories(dir);
  const std::string path = (dir / "c.db").string();
  std::promise<void> entered, release, copied;
  auto release_seen = release.get_future().share();
  bool first = true;
  sqlite::SetCheckpointHookForTesting([&](bool done) {
    if (!first && !done) return;
    if (!done) {
      entered.set_value();
      release_seen.wait();
    } else if (first) {
      first = false;
      copied.set_value();
    }
  });
  {
    ASSERT_OK_AND_ASSIGN(auto db, sqlite::OpenSqlite(path));
    {
      ASSERT_OK_AND_ASSIGN(auto tx, db->Begin(TxMode::kWrite));
      ASSERT_OK(tx->Exec("CREATE TABLE blobs (id INTEGER PRIMARY KEY, b BLOB)", {}));
      ASSERT_OK(tx->Commit());
    }
    const auto size_before = fs::file_size(path);
    {
      ASSERT_OK_AND_ASSIGN(auto tx, db->Begin(TxMode::kWrite));
      for (int i = 0; i < 1500; ++i) {  // a page each: over the 1,000-page threshold
        ASSERT_OK(tx->Exec("INSERT INTO blobs (b) VALUES (zeroblob(4000))", {}));
      }
      ASSERT_OK(tx->Commit());
    }
    // The commit has returned; the checkpoint thread is held in the hook,
    // and nothing was copied into the database file by the commit.
    entered.get_future().wait();
    EXPECT_EQ(fs::file_size(path), size_before);
    release.set_value();
    copied.get_future().wait();
    EXPECT_GT(fs::file_size(path), size_before + 1000 * 4096);
    ASSERT_OK_AND_ASSIGN(auto tx, db->Begin(TxMode::kRead));
    ASSERT_OK_AND_ASSIGN(Row n, tx->QueryOne("SELECT COUNT(*) FROM blobs", {}));
    EXPECT_EQ(n.Int(0), 1500);
  }
  sqlite::SetCheckpointHookForTesting(nullptr);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace duxing::storage
