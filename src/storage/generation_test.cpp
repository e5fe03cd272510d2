// GenerationCache: a byte budget, least recently used evicted first. The
// change counters on every engine of TestDatabaseUrls().
#include "storage/generation.hpp"

#include <gtest/gtest.h>

#include <functional>
#include <thread>

#include "testing/result_matchers.hpp"
#include "testing/test_databases.hpp"

namespace duxing::storage {
namespace {

// Values are strings charged by their length; keys are one byte.
GenerationCache<std::string> StringCache(size_t max_bytes) {
  return GenerationCache<std::string>([](const std::string& v) { return v.size(); }, max_bytes);
}

bool Has(GenerationCache<std::string>& cache, const std::string& key, int64_t generation = 1) {
  std::string out;
  return cache.Get(key, generation, out);
}

TEST(GenerationCacheTest, InsertingPastTheByteBudgetEvictsTheLeastRecentlyUsed) {
  auto cache = StringCache(1000);
  cache.Put("a", 1, std::string(399, 'a'));  // 400 bytes with its key
  cache.Put("b", 1, std::string(399, 'b'));
  EXPECT_EQ(cache.bytes(), 800u);
  EXPECT_TRUE(Has(cache, "a"));  // a is now more recently used than b
  cache.Put("c", 1, std::string(399, 'c'));  // 1,200 > 1,000: b goes
  EXPECT_EQ(cache.size(), 2u);
  EXPECT_EQ(cache.bytes(), 800u);
  EXPECT_TRUE(Has(cache, "a"));
  EXPECT_FALSE(Has(cache, "b"));
  EXPECT_TRUE(Has(cache, "c"));
}

TEST(GenerationCacheTest, ManyEntriesStayWithinTheBudget) {
  auto cache = StringCache(10'000);
  for (int i = 0; i < 1000; ++i) cache.Put("k" + std::to_string(i), 1, std::string(500, 'x'));
  EXPECT_LE(cache.bytes(), 10'000u);
  EXPECT_EQ(cache.size(), 19u);  // 19 entries of 503-504 bytes fit
  EXPECT_TRUE(Has(cache, "k999"));
  EXPECT_FALSE(Has(cache, "k0"));
}

TEST(GenerationCacheTest, AValueLargerThanTheBudgetIsNotKept) {
  auto cache = StringCache(100);
  cache.Put("small", 1, "x");
  cache.Put("big", 1, std::string(200, 'y'));
  EXPECT_FALSE(Has(cache, "big"));
  EXPECT_TRUE(Has(cache, "small"));
  // Replacing a kept value with one too large drops the old one too.
  cache.Put("small", 2, std::string(200, 'z'));
  EXPECT_FALSE(Has(cache, "small", 1));
  EXPECT_EQ(cache.bytes(), 0u);
}

TEST(GenerationCacheTest, ReplacingAKeyRechargesIt) {
  auto cache = StringCache(1000);
  cache.Put("a", 1, std::string(99, 'a'));
  cache.Put("a", 2, std::string(9, 'a'));
  EXPECT_EQ(cache.bytes(), 10u);
  EXPECT_FALSE(Has(cache, "a", 1));  // an older generation is a miss
  EXPECT_TRUE(Has(cache, "a", 2));
}


class ChangeCounterTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    DX_SKIP_IF_NO_ENGINE(GetParam());
    auto clean = test::CleanDatabase::OpenMigrated(GetParam());
    ASSERT_TRUE(clean.ok()) << test::Describe(clean.error());
    clean_ = std::move(clean).value();
  }

  static int64_t Read(Database& db, const std::vector<std::string>& names) {
    auto tx = db.Begin(TxMode::kRead);
    EXPECT_TRUE(tx.ok());
    auto g = ReadGeneration(**tx, names);
    EXPECT_TRUE(g.ok()) << test::Describe(g.error());
    return g.ok() ? *g : -1;
  }

  static void Bump(Database& db, const std::vector<std::string>& names) {
    auto tx = db.Begin(TxMode::kWrite);
    ASSERT_TRUE(tx.ok());
    ASSERT_OK(BumpGenerations(**tx, names));
    ASSERT_OK((*tx)->Commit());
  }

  std::unique_ptr<test::CleanDatabase> clean_;
};

TEST_P(ChangeCounterTest, EachNameHasItsOwnCounterAndTheirSumMovesWithAnyOfThem) {
  Database& db = clean_->db();
  EXPECT_EQ(Read(db, {"person"}), 1);  // never bumped
  EXPECT_EQ(Read(db, {"person", "org", "community"}), 3);
  Bump(db, {"community"});
  EXPECT_EQ(Read(db, {"person"}), 1);  // another counter moved
  EXPECT_EQ(Read(db, {"community"}), 2);
  EXPECT_EQ(Read(db, {"person", "org", "community"}), 4);
  Bump(db, {"person", "org", "person"});  // a name listed twice counts once
  EXPECT_EQ(Read(db, {"person"}), 2);
  EXPECT_EQ(Read(db, {"person", "org", "community"}), 6);
  EXPECT_EQ(Read(db, {"org", "person", "org"}), 4);  // any order, once each
  Bump(db, {});  // no counters: nothing
  EXPECT_EQ(Read(db, {"person", "org", "community"}), 6);
  auto tx = db.Begin(TxMode::kRead);
  ASSERT_TRUE(tx.ok());
  auto none = ReadGeneration(**tx, {});
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.error().code, Code::kInternal);
}

TEST_P(ChangeCounterTest, ABumpIsSeenByAnotherConnectionOnceCommitted) {
  ASSERT_OK_AND_ASSIGN(auto other, Open(clean_->url()));
  Database& db = clean_->db();
  EXPECT_EQ(Read(db, {"person"}), 1);
  {
    ASSERT_OK_AND_ASSIGN(auto tx, other->Begin(TxMode::kWrite));
    ASSERT_OK(BumpGenerations(*tx, {"person"}));
    EXPECT_EQ(Read(db, {"person"}), 1);  // not before the commit
    ASSERT_OK(tx->Commit());
  }
  EXPECT_EQ(Read(db, {"person"}), 2);
  Bump(db, {"person"});
  EXPECT_EQ(Read(*other, {"person"}), 3);
}

// The change signal (Database::SettledChanges): SQLite moves it with every
// commit that bumps a counter, in every "process" (another Database on the
// same file maps the same signal); PostgreSQL has none.
TEST_P(ChangeCounterTest, TheSignalSettlesAfterEveryCommitThatBumpsACounterInAnyProcess) {
  ASSERT_OK_AND_ASSIGN(auto other, Open(clean_->url()));
  Database& db = clean_->db();
  if (db.backend() == Backend::kPostgres) {
    EXPECT_EQ(db.SettledChanges(), std::nullopt);
    Bump(*other, {"person"});
    EXPECT_EQ(db.SettledChanges(), std::nullopt);
    return;
  }
  ASSERT_TRUE(db.SettledChanges().has_value());
  uint64_t k = *db.SettledChanges();
  EXPECT_EQ(other->SettledChanges(), k);
  Bump(*other, {"person"});
  EXPECT_EQ(db.SettledChanges(), k + 1);
  {
    // In flight: begun moves only at the commit; a write without a bump
    // does not move it.
    ASSERT_OK_AND_ASSIGN(auto tx, db.Begin(TxMode::kWrite));
    ASSERT_OK(BumpGenerations(*tx, {"org"}));
    EXPECT_EQ(other->SettledChanges(), k + 1);
    ASSERT_OK(tx->Commit());
  }
  EXPECT_EQ(other->SettledChanges(), k + 2);
  {
    ASSERT_OK_AND_ASSIGN(auto tx, db.Begin(TxMode::kWrite));
    ASSERT_OK(tx->Exec("UPDATE generations SET version = version WHERE name = 'none'", {}));
    ASSERT_OK(tx->Commit());
  }
  EXPECT_EQ(other->SettledChanges(), k + 2);
  {
    // Rolled back: nothing committed, nothing signalled.
    ASSERT_OK_AND_ASSIGN(auto tx, db.Begin(TxMode::kWrite));
    ASSERT_OK(BumpGenerations(*tx, {"org"}));
  }
  EXPECT_EQ(other->SettledChanges(), k + 2);
  EXPECT_EQ(Read(*other, {"org"}), 2);
}

// A process killed between a commit and its signal (the test hook stands in
// for the kill) leaves it torn: unsettled for every reader until a write
// transaction, or a process starting, repairs it.
TEST_P(ChangeCounterTest, ATornSignalIsUnsettledUntilAWriterOrAStartingProcessRepairsIt) {
  if (clean_->db().backend() == Backend::kPostgres) GTEST_SKIP() << "SQLite's signal only";
  Database& db = clean_->db();
  {
    ASSERT_OK_AND_ASSIGN(auto dying, Open(clean_->url()));
    dying->TearNextChangeForTesting();
    Bump(*dying, {});  // no counter bumped: the tear waits for a commit that bumps one
    EXPECT_TRUE(db.SettledChanges().has_value());
    Bump(*dying, {"person"});
  }
  EXPECT_EQ(db.SettledChanges(), std::nullopt);
  EXPECT_EQ(Read(db, {"person"}), 2);  // the commit itself is there
  {
    // Reading does not repair it.
    ASSERT_OK_AND_ASSIGN(auto tx, db.Begin(TxMode::kRead));
    EXPECT_EQ(db.SettledChanges(), std::nullopt);
  }
  ASSERT_OK_AND_ASSIGN(auto starting, Open(clean_->url()));
  ASSERT_TRUE(db.SettledChanges().has_value());
  uint64_t k = *db.SettledChanges();
  EXPECT_EQ(starting->SettledChanges(), k);
  // Torn again; any write transaction of any process repairs it.
  starting->TearNextChangeForTesting();
  Bump(*starting, {"org"});
  EXPECT_EQ(db.SettledChanges(), std::nullopt);
  {
    ASSERT_OK_AND_ASSIGN(auto tx, db.Begin(TxMode::kWrite));
    EXPECT_EQ(starting->SettledChanges(), k + 1);
  }
  EXPECT_EQ(db.SettledChanges(), k + 1);
}

// SettledCache: from memory while the signal stays where the generation was
// confirmed; after any signalled commit the counters are read again, and
// the entries go only when the cache's own counters moved.
TEST_P(ChangeCounterTest, ASettledCacheReadsNothingWhileTheSignalStaysWhereItConfirmed) {
  ASSERT_OK_AND_ASSIGN(auto other, Open(clean_->url()));
  Database& db = clean_->db();
  const bool signalled = db.backend() == Backend::kSqlite;
  SettledCache<int, std::string> cache(db, {"person"}, 10);
  // Returns the entry of key 1 and how it was found: "memory" (no
  // transaction), "counters" (read the counters) or "miss".
  auto lookup = [&](std::string& how) -> std::optional<std::string> {
    auto probe = cache.Observe();
    {
      NoWaitScope no_wait;  // Find begins no transaction
      if (auto v = cache.Find(probe, 1)) {
        EXPECT_FALSE(no_wait.refused());
        how = "memory";
        return v;
      }
    }
    auto tx = db.Begin(TxMode::kRead);
    EXPECT_TRUE(tx.ok());
    auto g = cache.Confirm(**tx, probe);
    EXPECT_TRUE(g.ok());
    if (auto v = cache.FindAt(*g, 1)) {
      how = "counters";
      return v;
    }
    how = "miss";
    cache.Put(*g, 1, "value at " + std::to_string(*g));
    return std::nullopt;
  };
  std::string how;
  EXPECT_EQ(lookup(how), std::nullopt);
  EXPECT_EQ(how, "miss");
  EXPECT_EQ(lookup(how), "value at 1");
  EXPECT_EQ(how, signalled ? "memory" : "counters");
  EXPECT_EQ(lookup(how), "value at 1");
  EXPECT_EQ(how, signalled ? "memory" : "counters");
  Bump(*other, {"org"});  // another counter, in another process
  EXPECT_EQ(lookup(how), "value at 1");
  EXPECT_EQ(how, "counters");
  EXPECT_EQ(lookup(how), "value at 1");
  EXPECT_EQ(how, signalled ? "memory" : "counters");
  Bump(*other, {"person"});  // its own counter: the entry goes
  EXPECT_EQ(lookup(how), std::nullopt);
  EXPECT_EQ(how, "miss");
  EXPECT_EQ(lookup(how), "value at 2");
  if (!signalled) return;
  // Torn: every lookup reads the counters until the signal is repaired.
  other->TearNextChangeForTesting();
  Bump(*other, {"org"});
  for (int i = 0; i < 2; ++i) {
    EXPECT_EQ(lookup(how), "value at 2");
    EXPECT_EQ(how, "counters");
  }
  {
    ASSERT_OK_AND_ASSIGN(auto repair, db.Begin(TxMode::kWrite));
  }
  EXPECT_EQ(lookup(how), "value at 2");
  EXPECT_EQ(how, "counters");
  EXPECT_EQ(lookup(how), "value at 2");
  EXPECT_EQ(how, "memory");
}

// Another request's work, on a thread of its own (a thread holds one
// request's counter snapshot).
void Elsewhere(const std::function<void()>& work) { std::thread(work).join(); }

// One request reads the counters once (CounterSnapshot): later reads in its
// scope answer from that reading, a commit elsewhere meanwhile is seen by
// the next request; once the request bumps counters it reads them each time.
TEST_P(ChangeCounterTest, ARequestReadsTheCountersOnceUntilItWrites) {
  ASSERT_OK_AND_ASSIGN(auto other, Open(clean_->url()));
  Database& db = clean_->db();
  {
    CounterSnapshot request;
    CounterSnapshotScope scope(request);
    EXPECT_EQ(Read(db, {"person"}), 1);
    Elsewhere([&] { Bump(*other, {"person"}); });
    EXPECT_EQ(Read(db, {"person"}), 1);  // as the request first read them
    EXPECT_EQ(Read(db, {"person", "org"}), 2);
    {
      CounterSnapshotScope same(request);  // the request on another thread
      EXPECT_EQ(Read(db, {"person"}), 1);
    }
    Bump(db, {"org"});  // the request writes: from now on, each read is fresh
    EXPECT_EQ(Read(db, {"person", "org"}), 4);
    Elsewhere([&] { Bump(*other, {"person"}); });
    EXPECT_EQ(Read(db, {"person"}), 3);
  }
  CounterSnapshot next;
  CounterSnapshotScope scope(next);
  EXPECT_EQ(Read(db, {"person", "org"}), 5);
}

// A settled cache pairs its probe with counters read after it, never with a
// request's earlier reading.
TEST_P(ChangeCounterTest, ASettledCacheConfirmsWithCountersReadAfterItsProbe) {
  ASSERT_OK_AND_ASSIGN(auto other, Open(clean_->url()));
  Database& db = clean_->db();
  SettledCache<int, std::string> cache(db, {"person"}, 10);
  CounterSnapshot request;
  CounterSnapshotScope scope(request);
  EXPECT_EQ(Read(db, {"person"}), 1);
  Elsewhere([&] { Bump(*other, {"person"}); });
  auto probe = cache.Observe();
  ASSERT_OK_AND_ASSIGN(auto tx, db.Begin(TxMode::kRead));
  ASSERT_OK_AND_ASSIGN(int64_t g, cache.Confirm(*tx, probe));
  // SQLite settles its signal: the counters as they are; PostgreSQL has no
  // signal and may take the request's reading.
  EXPECT_EQ(g, db.backend() == Backend::kSqlite ? 2 : 1);
}

INSTANTIATE_TEST_SUITE_P(Engines, ChangeCounterTest, ::testing::ValuesIn(test::TestDatabaseUrls()),
                         test::UrlParamName());

}  // namespace
}  // namespace duxing::storage
