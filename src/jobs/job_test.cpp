// The jobs table's operations (enqueue, claim, lease, outcome, retry, list)
// against a real database on every engine of TestDatabaseUrls().
#include "jobs/job.hpp"

#include <gtest/gtest.h>

#include "testing/result_matchers.hpp"
#include "testing/test_databases.hpp"

namespace duxing::jobs {
namespace {

using std::chrono::seconds;
using test::Describe;
using test::ExpectError;

const TimePoint kStart =
    TimePoint(std::chrono::sys_days(std::chrono::year(2026) / 11 / 29).time_since_epoch()) +
    std::chrono::hours(1);
constexpr seconds kLease{300};

class JobTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    DX_SKIP_IF_NO_ENGINE(GetParam());
    auto clean = test::CleanDatabase::OpenMigrated(GetParam());
    ASSERT_TRUE(clean.ok()) << Describe(clean.error());
    clean_ = std::move(clean).value();
  }
  storage::Database& db() { return clean_->db(); }

  Result<Job> EnqueueNow(const NewJob& job, TimePoint now = kStart) {
    DX_ASSIGN_OR_RETURN(auto tx, db().Begin(storage::TxMode::kWrite));
    DX_ASSIGN_OR_RETURN(Job j, Enqueue(*tx, job, now));
    DX_RETURN_IF_ERROR(tx->Commit());
    return j;
  }
  Job Read(int64_t id) {
    auto tx = db().Begin(storage::TxMode::kRead);
    EXPECT_TRUE(tx.ok());
    auto job = Get(**tx, id);
    EXPECT_TRUE(job.ok()) << Describe(job.error());
    return job.ok() ? *job : Job{};
  }
  int64_t CountJobs() {
    auto tx = db().Begin(storage::TxMode::kRead);
    EXPECT_TRUE(tx.ok());
    auto page = List(**tx, std::nullopt, {500, 0});
    EXPECT_TRUE(page.ok());
    return page.ok() ? page->total : -1;
  }

  std::unique_ptr<test::CleanDatabase> clean_;
};

TEST_P(JobTest, SameKeyNeverMakesASecondJob) {
  ASSERT_OK_AND_ASSIGN(Job first, EnqueueNow({"report.build", "report:2026-11", "{\"m\":11}"}));
  EXPECT_EQ(first.state, State::kQueued);
  EXPECT_EQ(first.run_at, kStart);
  EXPECT_EQ(first.attempts, 0);
  // Another payload and time under the same key: the first job, unchanged.
  ASSERT_OK_AND_ASSIGN(Job again, EnqueueNow({"report.build", "report:2026-11", "{}"},
                                             kStart + seconds(60)));
  EXPECT_EQ(again.id, first.id);
  EXPECT_EQ(again.payload, "{\"m\":11}");
  EXPECT_EQ(again.created_at, kStart);
  // Also once it has run.
  ASSERT_OK_AND_ASSIGN(auto claimed, ClaimNext(db(), "a", kStart, kLease));
  ASSERT_TRUE(claimed.has_value());
  ASSERT_OK_AND_ASSIGN(bool held, MarkDone(db(), *claimed, kStart));
  EXPECT_TRUE(held);
  ASSERT_OK_AND_ASSIGN(Job after_done, EnqueueNow({"report.build", "report:2026-11", ""}));
  EXPECT_EQ(after_done.id, first.id);
  EXPECT_EQ(after_done.state, State::kDone);
  EXPECT_EQ(CountJobs(), 1);
}

TEST_P(JobTest, EnqueueBelongsToTheCallersTransaction) {
  {
    ASSERT_OK_AND_ASSIGN(auto tx, db().Begin(storage::TxMode::kWrite));
    ASSERT_OK(Enqueue(*tx, {"mail.send", "mail:1", ""}, kStart));
    // Destroyed without Commit: rolled back, and the job with it.
  }
  EXPECT_EQ(CountJobs(), 0);
  ASSERT_OK_AND_ASSIGN(auto claimed, ClaimNext(db(), "a", kStart, kLease));
  EXPECT_FALSE(claimed.has_value());
}

TEST_P(JobTest, EnqueueRefusesBadValuesAndWritesNothing) {
  ExpectError(EnqueueNow({"", "k", ""}), Code::kInvalidArgument, "kind");
  ExpectError(EnqueueNow({"x", "", ""}), Code::kInvalidArgument, "key");
  ExpectError(EnqueueNow({"x", std::string(kMaxKeyBytes + 1, 'k'), ""}),
              Code::kInvalidArgument, "key");
  ExpectError(EnqueueNow({"x", "k", std::string(kMaxPayloadBytes + 1, 'p')}),
              Code::kInvalidArgument, "payload");
  ExpectError(EnqueueNow({"x", "k\xff", ""}), Code::kInvalidArgument, "key");
  ExpectError(EnqueueNow({"x", "k", "", std::nullopt, 0}), Code::kInvalidArgument,
              "max_attempts");
  EXPECT_EQ(CountJobs(), 0);
}

TEST_P(JobTest, ClaimTakesDueJobsOnceUnderALeaseThatExpires) {
  ASSERT_OK_AND_ASSIGN(Job later, EnqueueNow({"x", "later", "", kStart + seconds(600)}));
  ASSERT_OK_AND_ASSIGN(Job due, EnqueueNow({"x", "due", ""}));

  ASSERT_OK_AND_ASSIGN(auto a, ClaimNext(db(), "owner-a", kStart, kLease));
  ASSERT_TRUE(a.has_value());
  EXPECT_EQ(a->id, due.id);
  EXPECT_EQ(a->state, State::kRunning);
  EXPECT_EQ(a->attempts, 1);
  EXPECT_EQ(a->lease_owner, "owner-a");
  EXPECT_EQ(a->lease_until, kStart + kLease);
  // Leased: nobody else takes it, and `later` is not due.
  ASSERT_OK_AND_ASSIGN(auto none, ClaimNext(db(), "owner-b", kStart + kLease - seconds(1),
                                             kLease));
  EXPECT_FALSE(none.has_value());

  // The lease passes (owner-a died): owner-b claims it again, as attempt 2.
  ASSERT_OK_AND_ASSIGN(auto b, ClaimNext(db(), "owner-b", kStart + kLease, kLease));
  ASSERT_TRUE(b.has_value());
  EXPECT_EQ(b->id, due.id);
  EXPECT_EQ(b->attempts, 2);
  EXPECT_EQ(b->lease_owner, "owner-b");

  // owner-a's run comes back late: it holds nothing and records nothing.
  ASSERT_OK_AND_ASSIGN(bool a_held, MarkDone(db(), *a, kStart + kLease));
  EXPECT_FALSE(a_held);
  ASSERT_OK_AND_ASSIGN(auto a_failed, MarkFailed(db(), *a, "late", kStart, seconds(10)));
  EXPECT_FALSE(a_failed.has_value());
  EXPECT_EQ(Read(due.id).state, State::kRunning);

  ASSERT_OK_AND_ASSIGN(bool b_held, MarkDone(db(), *b, kStart + kLease + seconds(5)));
  EXPECT_TRUE(b_held);
  Job done = Read(due.id);
  EXPECT_EQ(done.state, State::kDone);
  EXPECT_EQ(done.finished_at, kStart + kLease + seconds(5));
  EXPECT_FALSE(done.lease_owner.has_value());

  ASSERT_OK_AND_ASSIGN(auto next, ClaimNext(db(), "owner-a", kStart + seconds(600), kLease));
  ASSERT_TRUE(next.has_value());
  EXPECT_EQ(next->id, later.id);
}

TEST_P(JobTest, FailedRunWaitsForItsBackoffAndIsDeadAfterMaxAttempts) {
  ASSERT_OK_AND_ASSIGN(Job job, EnqueueNow({"x", "flaky", "", std::nullopt, 2}));
  ASSERT_OK_AND_ASSIGN(auto run1, ClaimNext(db(), "a", kStart, kLease));
  ASSERT_TRUE(run1.has_value());
  ASSERT_OK_AND_ASSIGN(auto state1, MarkFailed(db(), *run1, "连接超时", kStart, seconds(30)));
  EXPECT_EQ(state1, State::kFailed);
  Job failed = Read(job.id);
  EXPECT_EQ(failed.run_at, kStart + seconds(30));
  EXPECT_EQ(failed.last_error, "连接超时");
  EXPECT_FALSE(failed.lease_owner.has_value());

  ASSERT_OK_AND_ASSIGN(auto early, ClaimNext(db(), "a", kStart + seconds(29), kLease));
  EXPECT_FALSE(early.has_value());
  ASSERT_OK_AND_ASSIGN(auto run2, ClaimNext(db(), "a", kStart + seconds(30), kLease));
  ASSERT_TRUE(run2.has_value());
  EXPECT_EQ(run2->attempts, 2);
  // An error longer than kMaxErrorBytes is cut at a character boundary.
  std::string long_error;
  for (size_t i = 0; i < kMaxErrorBytes; ++i) long_error += "错";
  ASSERT_OK_AND_ASSIGN(auto state2, MarkFailed(db(), *run2, long_error, kStart + seconds(40),
                                               seconds(60)));
  EXPECT_EQ(state2, State::kDead);
  Job dead = Read(job.id);
  EXPECT_EQ(dead.finished_at, kStart + seconds(40));
  ASSERT_TRUE(dead.last_error.has_value());
  EXPECT_LE(dead.last_error->size(), kMaxErrorBytes);
  EXPECT_EQ(dead.last_error->size() % 3, 0u);
  ASSERT_OK_AND_ASSIGN(auto never, ClaimNext(db(), "a", kStart + seconds(86400), kLease));
  EXPECT_FALSE(never.has_value());
}

TEST_P(JobTest, RetryRequeuesOnlyFailedOrDeadJobs) {
  ASSERT_OK_AND_ASSIGN(Job job, EnqueueNow({"x", "once", "", std::nullopt, 1}));
  ASSERT_OK_AND_ASSIGN(auto tx, db().Begin(storage::TxMode::kWrite));
  ExpectError(Retry(*tx, job.id, kStart), Code::kFailedPrecondition, "state");
  ExpectError(Retry(*tx, job.id + 100, kStart), Code::kNotFound);
  tx.reset();

  ASSERT_OK_AND_ASSIGN(auto run, ClaimNext(db(), "a", kStart, kLease));
  ASSERT_TRUE(run.has_value());
  ASSERT_OK_AND_ASSIGN(auto tx2, db().Begin(storage::TxMode::kWrite));
  ExpectError(Retry(*tx2, job.id, kStart), Code::kFailedPrecondition, "state");
  tx2.reset();
  ASSERT_OK_AND_ASSIGN(auto state, MarkFailed(db(), *run, "坏了", kStart, seconds(30)));
  ASSERT_EQ(state, State::kDead);

  ASSERT_OK_AND_ASSIGN(auto tx3, db().Begin(storage::TxMode::kWrite));
  ASSERT_OK_AND_ASSIGN(Job retried, Retry(*tx3, job.id, kStart + seconds(100)));
  ASSERT_OK(tx3->Commit());
  tx3.reset();  // SQLite: releases the single writer
  EXPECT_EQ(retried.state, State::kQueued);
  EXPECT_EQ(retried.attempts, 0);
  EXPECT_EQ(retried.run_at, kStart + seconds(100));
  EXPECT_FALSE(retried.finished_at.has_value());
  ASSERT_OK_AND_ASSIGN(auto again, ClaimNext(db(), "a", kStart + seconds(100), kLease));
  ASSERT_TRUE(again.has_value());
  EXPECT_EQ(again->attempts, 1);
}

TEST_P(JobTest, ListsByStateNewestFirstInPages) {
  for (int i = 0; i < 5; ++i) {
    ASSERT_OK(EnqueueNow({"x", "k" + std::to_string(i), ""}));
  }
  ASSERT_OK_AND_ASSIGN(auto run, ClaimNext(db(), "a", kStart, kLease));
  ASSERT_TRUE(run.has_value());
  ASSERT_OK_AND_ASSIGN(auto tx, db().Begin(storage::TxMode::kRead));
  ASSERT_OK_AND_ASSIGN(Page<Job> queued, List(*tx, State::kQueued, {2, 1}));
  EXPECT_EQ(queued.total, 4);
  ASSERT_EQ(queued.items.size(), 2u);
  EXPECT_EQ(queued.items[0].key, "k3");
  EXPECT_EQ(queued.items[1].key, "k2");
  ASSERT_OK_AND_ASSIGN(Page<Job> running, List(*tx, State::kRunning, {50, 0}));
  ASSERT_EQ(running.total, 1);
  EXPECT_EQ(running.items[0].key, "k0");
  ASSERT_OK_AND_ASSIGN(Page<Job> all, List(*tx, std::nullopt, {50, 0}));
  EXPECT_EQ(all.total, 5);
}

TEST(JobStateTest, NamesRoundTrip) {
  for (State s : {State::kQueued, State::kRunning, State::kDone, State::kFailed, State::kDead}) {
    EXPECT_EQ(ParseState(StateName(s)), s);
  }
  EXPECT_FALSE(ParseState("Queued").has_value());
}

INSTANTIATE_TEST_SUITE_P(Engines, JobTest, ::testing::ValuesIn(test::TestDatabaseUrls()),
                         test::UrlParamName());

}  // namespace
}  // namespace duxing::jobs
