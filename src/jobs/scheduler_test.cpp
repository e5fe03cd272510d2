// The Scheduler against a real database on every engine of
// TestDatabaseUrls(), driven by a FakeClock: handlers, backoff, dead jobs,
// recurring schedules with two schedulers, worker threads, wake-ups and stop.
#include "jobs/scheduler.hpp"

#include <gtest/gtest.h>

#include <set>

#include "jobs/test_kinds.hpp"
#include "testing/result_matchers.hpp"
#include "testing/test_databases.hpp"

namespace duxing::jobs {
namespace {

using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;
using test::Describe;

// 2026-11-29 07:30 in China (23:30 UTC the day before).
const TimePoint kStart =
    TimePoint(std::chrono::sys_days(std::chrono::year(2026) / 11 / 28).time_since_epoch()) +
    hours(23) + minutes(30);

// Counts settled runs and lets a test wait for a number of them (an event,
// not a duration; the bound only keeps a broken build from hanging).
class Settled {
 public:
  void Add(const Job& job, State state) {
    std::lock_guard lock(mu_);
    ++count_;
    states_[job.key] = state;
    cv_.notify_all();
  }
  bool WaitFor(int n) {
    std::unique_lock lock(mu_);
    return cv_.wait_for(lock, std::chrono::seconds(60), [&] { return count_ >= n; });
  }
  State StateOf(const std::string& key) {
    std::lock_guard lock(mu_);
    return states_.at(key);
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  int count_ = 0;
  std::map<std::string, State> states_;
};

class SchedulerTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    DX_SKIP_IF_NO_ENGINE(GetParam());
    auto clean = test::CleanDatabase::OpenMigrated(GetParam());
    ASSERT_TRUE(clean.ok()) << Describe(clean.error());
    clean_ = std::move(clean).value();
    ASSERT_OK(CreateTestJobTables(db()));
    RegisterTestJobKinds(registry_, "unit", gate_);
    registry_.AddHandler("test.count", [this](storage::Database&, const JobRun& run) {
      std::lock_guard lock(runs_mu_);
      runs_.push_back(run);
      return Ok();
    });
  }
  storage::Database& db() { return clean_->db(); }

  SchedulerOptions Options(const std::string& owner) {
    SchedulerOptions o;
    o.owner = owner;
    o.lease = seconds(300);
    o.backoff_base = seconds(10);
    o.backoff_max = seconds(25);
    o.on_settled = [this](const Job& job, State state) { settled_.Add(job, state); };
    return o;
  }
  Job Read(const std::string& key) {
    auto tx = db().Begin(storage::TxMode::kRead);
    EXPECT_TRUE(tx.ok());
    auto job = GetByKey(**tx, key);
    EXPECT_TRUE(job.ok()) << key << ": " << Describe(job.error());
    return job.ok() ? *job : Job{};
  }
  std::vector<JobRun> Runs() {
    std::lock_guard lock(runs_mu_);
    return runs_;
  }

  std::unique_ptr<test::CleanDatabase> clean_;
  Registry registry_;
  TestJobGate gate_;
  FakeClock clock_{kStart};
  Settled settled_;
  std::mutex runs_mu_;
  std::vector<JobRun> runs_;
};

TEST_P(SchedulerTest, RunsTheHandlerOfTheKindWithTheJobsKeyAndAttempt) {
  Scheduler s(db(), clock_, registry_, Options("a"));
  ASSERT_OK_AND_ASSIGN(Job job, s.Enqueue({"test.count", "count:1", "{\"n\":1}"}));
  ASSERT_OK_AND_ASSIGN(bool ran, s.RunOnce());
  EXPECT_TRUE(ran);
  auto runs = Runs();
  ASSERT_EQ(runs.size(), 1u);
  EXPECT_EQ(runs[0].id, job.id);
  EXPECT_EQ(runs[0].key, "count:1");
  EXPECT_EQ(runs[0].payload, "{\"n\":1}");
  EXPECT_EQ(runs[0].attempt, 1);
  EXPECT_EQ(runs[0].now, kStart);
  EXPECT_EQ(Read("count:1").state, State::kDone);
  ASSERT_OK_AND_ASSIGN(bool again, s.RunOnce());
  EXPECT_FALSE(again);
}

// A handler that runs past its lease keeps the job while the heartbeat
// renews it: no other scheduler may claim it, and its outcome is recorded.
TEST_P(SchedulerTest, RenewedLeasesKeepALongRunsJob) {
  Scheduler s(db(), clock_, registry_, Options("a"));
  std::vector<std::optional<Job>> claimed_by_other;
  int renewed = 0;
  registry_.AddHandler("test.long", [&](storage::Database&, const JobRun&) -> Status {
    for (int i = 0; i < 3; ++i) {
      clock_.Advance(seconds(200));  // 600 s in all: twice the 300 s lease
      DX_ASSIGN_OR_RETURN(int n, s.RenewLeases());
      renewed += n;
      DX_ASSIGN_OR_RETURN(claimed_by_other.emplace_back(),
                          ClaimNext(db(), "b", clock_.Now(), seconds(300)));
    }
    return Ok();
  });
  ASSERT_TRUE(s.Enqueue({"test.long", "long:1", ""}).ok());
  ASSERT_OK_AND_ASSIGN(bool ran, s.RunOnce());
  EXPECT_TRUE(ran);
  EXPECT_EQ(renewed, 3);
  for (const auto& c : claimed_by_other) EXPECT_FALSE(c.has_value());
  Job done = Read("long:1");
  EXPECT_EQ(done.state, State::kDone);
  EXPECT_EQ(done.attempts, 1);
  // Nothing in progress: nothing to renew.
  ASSERT_OK_AND_ASSIGN(int none, s.RenewLeases());
  EXPECT_EQ(none, 0);
}

TEST_P(SchedulerTest, UnknownKindFailsTheJobWithAClearError) {
  Scheduler s(db(), clock_, registry_, Options("a"));
  ASSERT_OK(s.Enqueue({"no.such.kind", "unknown:1", "", std::nullopt, 1}));
  ASSERT_OK_AND_ASSIGN(bool ran, s.RunOnce());
  EXPECT_TRUE(ran);
  Job job = Read("unknown:1");
  EXPECT_EQ(job.state, State::kDead);
  EXPECT_EQ(job.last_error, "未知的任务类型：no.such.kind（没有登记处理程序）");
}

TEST_P(SchedulerTest, FailuresBackOffExponentiallyUntilDead) {
  Scheduler s(db(), clock_, registry_, Options("a"));
  EXPECT_EQ(s.Backoff(1), seconds(10));
  EXPECT_EQ(s.Backoff(2), seconds(20));
  EXPECT_EQ(s.Backoff(3), seconds(25));  // capped
  EXPECT_EQ(s.Backoff(40), seconds(25));
  ASSERT_OK(s.Enqueue({"test.fail", "fail:1", "", std::nullopt, 3}));

  ASSERT_OK_AND_ASSIGN(bool ran1, s.RunOnce());
  EXPECT_TRUE(ran1);
  Job after1 = Read("fail:1");
  EXPECT_EQ(after1.state, State::kFailed);
  EXPECT_EQ(after1.run_at, kStart + seconds(10));
  EXPECT_EQ(after1.last_error, "测试任务按要求失败");

  clock_.Advance(seconds(9));
  ASSERT_OK_AND_ASSIGN(bool early, s.RunOnce());
  EXPECT_FALSE(early);
  clock_.Advance(seconds(1));
  ASSERT_OK_AND_ASSIGN(bool ran2, s.RunOnce());
  EXPECT_TRUE(ran2);
  EXPECT_EQ(Read("fail:1").run_at, kStart + seconds(10) + seconds(20));

  clock_.Advance(seconds(20));
  ASSERT_OK_AND_ASSIGN(bool ran3, s.RunOnce());
  EXPECT_TRUE(ran3);
  Job dead = Read("fail:1");
  EXPECT_EQ(dead.state, State::kDead);
  EXPECT_EQ(dead.attempts, 3);
  clock_.Advance(hours(24));
  ASSERT_OK_AND_ASSIGN(bool never, s.RunOnce());
  EXPECT_FALSE(never);
}

TEST_P(SchedulerTest, RecurringFiresOncePerPeriodWithTwoSchedulers) {
  registry_.AddRecurring(Recurring::Daily("morning", "test.count", 8, 0));
  // Two processes: two schedulers, each on its own connection pool.
  ASSERT_OK_AND_ASSIGN(auto other_db, storage::Open(clean_->url()));
  Scheduler a(db(), clock_, registry_, Options("a"));
  Scheduler b(*other_db, clock_, registry_, Options("b"));

  // 07:30 on the 29th in China: the period that began at 08:00 on the 28th
  // has not fired yet (nothing ran before): it fires now, once.
  for (int i = 0; i < 3; ++i) {
    ASSERT_OK(a.RunOnce());
    ASSERT_OK(b.RunOnce());
  }
  clock_.Advance(minutes(29));  // 07:59
  ASSERT_OK(b.RunOnce());
  ASSERT_OK(a.RunOnce());
  clock_.Advance(minutes(1));  // 08:00: the 29th's period
  ASSERT_OK(b.RunOnce());
  ASSERT_OK(a.RunOnce());
  ASSERT_OK(b.RunOnce());
  clock_.Advance(hours(23) + minutes(59));  // 07:59 on the 30th
  ASSERT_OK(a.RunOnce());
  ASSERT_OK(b.RunOnce());

  std::vector<std::string> keys;
  for (const auto& run : Runs()) keys.push_back(run.key);
  EXPECT_EQ(keys, (std::vector<std::string>{"morning@2026-11-28T00:00:00Z",
                                            "morning@2026-11-29T00:00:00Z"}));
  Job second = Read("morning@2026-11-29T00:00:00Z");
  EXPECT_EQ(second.run_at, kStart + minutes(30));
  EXPECT_EQ(second.state, State::kDone);
}

TEST(RecurringTest, PeriodStartsAreCountedInChinaTime) {
  Recurring daily = Recurring::Daily("d", "k", 8, 0);
  auto utc = [](int day, int hour, int minute) {
    return TimePoint(std::chrono::sys_days(std::chrono::year(2026) / 11 / day).time_since_epoch()) +
           hours(hour) + minutes(minute);
  };
  // 08:00 China is 00:00 UTC.
  EXPECT_EQ(daily.PeriodStart(utc(29, 0, 0)), utc(29, 0, 0));
  EXPECT_EQ(daily.PeriodStart(utc(28, 23, 59)), utc(28, 0, 0));
  EXPECT_EQ(daily.PeriodStart(utc(29, 15, 59)), utc(29, 0, 0));
  EXPECT_EQ(daily.KeyFor(utc(29, 0, 0)), "d@2026-11-29T00:00:00Z");
  // 02:30 China is 18:30 UTC the day before.
  Recurring night = Recurring::Daily("n", "k", 2, 30);
  EXPECT_EQ(night.PeriodStart(utc(29, 18, 29)), utc(28, 18, 30));
  EXPECT_EQ(night.PeriodStart(utc(29, 18, 30)), utc(29, 18, 30));
  Registry registry;
  registry.AddRecurring(daily);
  EXPECT_THROW(registry.AddRecurring(daily), std::invalid_argument);
  EXPECT_THROW(registry.AddHandler("", nullptr), std::invalid_argument);
}

TEST_P(SchedulerTest, WorkersRunEveryJobExactlyOnce) {
  constexpr int kJobs = 60;
  auto opts_a = Options("a");
  auto opts_b = Options("b");
  ASSERT_OK_AND_ASSIGN(auto other_db, storage::Open(clean_->url()));
  Scheduler a(db(), clock_, registry_, opts_a);
  Scheduler b(*other_db, clock_, registry_, opts_b);
  a.Start();
  b.Start();
  for (int i = 0; i < kJobs; ++i) {
    Scheduler& s = i % 2 ? a : b;
    ASSERT_OK(s.Enqueue({"test.echo", "echo:" + std::to_string(i), ""}));
  }
  ASSERT_TRUE(settled_.WaitFor(kJobs));
  a.Stop();
  b.Stop();
  ASSERT_OK_AND_ASSIGN(auto effects, CountTestJobEffects(db()));
  EXPECT_EQ(effects.first, kJobs);
  EXPECT_EQ(effects.second, kJobs);
  for (int i = 0; i < kJobs; ++i) {
    Job job = Read("echo:" + std::to_string(i));
    EXPECT_EQ(job.state, State::kDone);
    EXPECT_EQ(job.attempts, 1);
  }
}

TEST_P(SchedulerTest, EnqueueWakesAnIdleWorker) {
  auto opts = Options("a");
  opts.poll = hours(1);  // only a wake-up can start the job in time
  Scheduler s(db(), clock_, registry_, opts);
  s.Start();
  ASSERT_OK(s.Enqueue({"test.echo", "wake:1", ""}));
  ASSERT_TRUE(settled_.WaitFor(1));
  EXPECT_EQ(settled_.StateOf("wake:1"), State::kDone);
}

TEST_P(SchedulerTest, ClockMovesAndWakeStartJobsThatBecameDue) {
  auto opts = Options("a");
  opts.poll = hours(1);
  Scheduler s(db(), clock_, registry_, opts);
  s.Start();
  ASSERT_OK(s.Enqueue({"test.echo", "later:1", "", kStart + minutes(5)}));
  clock_.Advance(minutes(5));
  s.Wake();
  ASSERT_TRUE(settled_.WaitFor(1));
  EXPECT_EQ(Read("later:1").state, State::kDone);
}

// As `serve --test-hooks` wires it: moving the ManualClock wakes the workers.
TEST_P(SchedulerTest, ManualClockMovesWakeTheScheduler) {
  ManualClock clock;
  auto opts = Options("a");
  opts.poll = hours(1);
  Scheduler s(db(), clock, registry_, opts);
  clock.OnAdvance([&s] { s.Wake(); });
  s.Start();
  clock.Advance(seconds(1));  // stops the clock
  ASSERT_OK(s.Enqueue({"test.echo", "moved:1", "", clock.Now() + minutes(10)}));
  clock.Advance(minutes(10));
  ASSERT_TRUE(settled_.WaitFor(1));
  EXPECT_EQ(Read("moved:1").state, State::kDone);
}

TEST_P(SchedulerTest, StopLeavesAnInterruptedRunToItsLeaseThenAnotherRunsIt) {
  std::mutex mu;
  std::condition_variable cv;
  bool blocking = false;
  Registry registry;
  registry.AddHandler("test.wait", [&](storage::Database&, const JobRun& run) -> Status {
    {
      std::lock_guard lock(mu);
      blocking = true;
    }
    cv.notify_all();
    if (run.attempt > 1) return Ok();
    // The first run waits for the stop and gives up.
    while (!run.Stopping()) std::this_thread::yield();
    return MakeError(Code::kInternal, "interrupted");
  });
  auto opts = Options("a");
  auto a = std::make_unique<Scheduler>(db(), clock_, registry, opts);
  a->Start();
  ASSERT_OK(a->Enqueue({"test.wait", "wait:1", ""}));
  {
    std::unique_lock lock(mu);
    ASSERT_TRUE(cv.wait_for(lock, seconds(60), [&] { return blocking; }));
  }
  a->Stop();  // returns once the run has given up
  Job left = Read("wait:1");
  EXPECT_EQ(left.state, State::kRunning);
  EXPECT_EQ(left.attempts, 1);
  EXPECT_FALSE(left.last_error.has_value());

  Scheduler b(db(), clock_, registry, Options("b"));
  ASSERT_OK_AND_ASSIGN(bool early, b.RunOnce());
  EXPECT_FALSE(early);  // still leased to a
  clock_.Advance(seconds(300));
  ASSERT_OK_AND_ASSIGN(bool ran, b.RunOnce());
  EXPECT_TRUE(ran);
  Job done = Read("wait:1");
  EXPECT_EQ(done.state, State::kDone);
  EXPECT_EQ(done.attempts, 2);
}

TEST_P(SchedulerTest, ARunInterruptedMoreThanMaxAttemptsIsDead) {
  Scheduler s(db(), clock_, registry_, Options("a"));
  ASSERT_OK(s.Enqueue({"test.echo", "crashy", "", std::nullopt, 1}));
  // A process claimed it and died.
  ASSERT_OK_AND_ASSIGN(auto claimed, ClaimNext(db(), "dead-process", kStart, seconds(300)));
  ASSERT_TRUE(claimed.has_value());
  clock_.Advance(seconds(300));
  ASSERT_OK_AND_ASSIGN(bool ran, s.RunOnce());
  EXPECT_TRUE(ran);
  Job dead = Read("crashy");
  EXPECT_EQ(dead.state, State::kDead);
  ASSERT_OK_AND_ASSIGN(auto effects, CountTestJobEffects(db()));
  EXPECT_EQ(effects.first, 0);
}

INSTANTIATE_TEST_SUITE_P(Engines, SchedulerTest, ::testing::ValuesIn(test::TestDatabaseUrls()),
                         test::UrlParamName());

}  // namespace
}  // namespace duxing::jobs
