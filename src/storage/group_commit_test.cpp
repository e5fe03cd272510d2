// GroupCommit on every engine of TestDatabaseUrls(): each piece's writes
// stand or fall alone, nothing is answered before its commit, and on SQLite
// pieces handed in during a commit share the next one.
#include "storage/group_commit.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

#include "testing/result_matchers.hpp"
#include "testing/test_databases.hpp"

namespace duxing::storage {
namespace {

using test::Describe;

constexpr std::string_view kInsert = "INSERT INTO pieces (id, owner) VALUES ($1, $2)";
constexpr std::string_view kCount = "SELECT COUNT(*) FROM pieces";
constexpr std::string_view kOwned = "SELECT id FROM pieces WHERE owner = $1 ORDER BY id";

class GroupCommitTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    DX_SKIP_IF_NO_ENGINE(GetParam());
    auto clean = test::CleanDatabase::Open(GetParam());
    ASSERT_TRUE(clean.ok()) << Describe(clean.error());
    clean_ = std::move(clean).value();
    auto tx = db().Begin(TxMode::kWrite);
    ASSERT_TRUE(tx.ok());
    ASSERT_TRUE((*tx)->ExecScript("CREATE TABLE pieces (id INTEGER PRIMARY KEY, owner INTEGER)").ok());
    ASSERT_TRUE((*tx)->Commit().ok());
  }
  Database& db() { return clean_->db(); }
  int64_t Count(std::string_view sql, const Params& params) {
    auto tx = db().Begin(TxMode::kRead);
    EXPECT_TRUE(tx.ok());
    auto rows = (*tx)->Query(sql, params);
    EXPECT_TRUE(rows.ok());
    return sql == kCount ? rows->front().Int(0) : static_cast<int64_t>(rows->size());
  }

  std::unique_ptr<test::CleanDatabase> clean_;
};

TEST_P(GroupCommitTest, AFailingPieceRollsBackOnlyItsOwnWrites) {
  GroupCommit group(db());
  constexpr int kThreads = 12;
  std::vector<Status> statuses(kThreads, Ok());
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      statuses[t] = group.Run([t](Tx& tx) -> Status {
        DX_RETURN_IF_ERROR(tx.Exec(kInsert, {int64_t{t * 10}, int64_t{t}}));
        DX_RETURN_IF_ERROR(tx.Exec(kInsert, {int64_t{t * 10 + 1}, int64_t{t}}));
        if (t == 5) return MakeError(Code::kFailedPrecondition, "refused");
        // A failing statement: the engine's own error, after two writes.
        if (t == 7) DX_RETURN_IF_ERROR(tx.Exec(kInsert, {int64_t{t * 10}, int64_t{t}}));
        return Ok();
      });
    });
  }
  for (auto& th : threads) th.join();
  for (int t = 0; t < kThreads; ++t) {
    if (t == 5) {
      ASSERT_FALSE(statuses[t].ok());
      EXPECT_EQ(statuses[t].error().code, Code::kFailedPrecondition);
    } else if (t == 7) {
      ASSERT_FALSE(statuses[t].ok());
      EXPECT_EQ(statuses[t].error().code, Code::kAlreadyExists);
    } else {
      EXPECT_TRUE(statuses[t].ok()) << t << ": " << Describe(statuses[t].error());
    }
    // A refused piece leaves nothing; every other piece, both its rows.
    EXPECT_EQ(Count(kOwned, {int64_t{t}}), (t == 5 || t == 7) ? 0 : 2) << t;
  }
  EXPECT_EQ(Count(kCount, {}), (kThreads - 2) * 2);
}

TEST_P(GroupCommitTest, PiecesHandedInDuringACommitShareTheNextOne) {
  if (db().backend() != Backend::kSqlite) GTEST_SKIP() << "PostgreSQL: one transaction each";
  GroupCommit group(db());
  std::mutex mu;
  std::condition_variable cv;
  bool release = false, leading = false;
  // The first piece holds its group open until the others wait for the next.
  std::thread first([&] {
    Status s = group.Run([&](Tx& tx) -> Status {
      {
        std::unique_lock lock(mu);
        leading = true;
        cv.notify_all();
        cv.wait(lock, [&] { return release; });
      }
      return tx.Exec(kInsert, {int64_t{1000}, int64_t{0}}).ok() ? Ok() : InternalError("insert");
    });
    EXPECT_TRUE(s.ok());
  });
  {
    std::unique_lock lock(mu);
    cv.wait(lock, [&] { return leading; });
  }
  constexpr int kOthers = 7;
  std::atomic<int> answered = 0;
  std::vector<std::thread> others;
  for (int t = 1; t <= kOthers; ++t) {
    others.emplace_back([&, t] {
      Status s = group.Run([t](Tx& tx) -> Status {
        DX_RETURN_IF_ERROR(tx.Exec(kInsert, {int64_t{t}, int64_t{t}}));
        return Ok();
      });
      EXPECT_TRUE(s.ok());
      ++answered;
    });
  }
  // Every other piece is waiting (bounded: they are handed in at once).
  for (int i = 0; i < 100'000'000 && group.waiting() < kOthers; ++i) std::this_thread::yield();
  ASSERT_EQ(group.waiting(), static_cast<size_t>(kOthers));
  EXPECT_EQ(answered.load(), 0);  // nothing answered before its commit
  EXPECT_EQ(Count(kCount, {}), 0);
  {
    std::lock_guard lock(mu);
    release = true;
  }
  cv.notify_all();
  first.join();
  for (auto& th : others) th.join();
  EXPECT_EQ(Count(kCount, {}), kOthers + 1);
  EXPECT_EQ(group.pieces(), static_cast<uint64_t>(kOthers + 1));
  EXPECT_EQ(group.commits(), 2u);  // the first alone, then the seven together
}

INSTANTIATE_TEST_SUITE_P(Engines, GroupCommitTest, ::testing::ValuesIn(test::TestDatabaseUrls()),
                         test::UrlParamName());

}  // namespace
}  // namespace duxing::storage
