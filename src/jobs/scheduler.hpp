// The scheduler every `serve` process runs: worker threads that claim due
// jobs (jobs::ClaimNext), run the handler of their kind and record the
// outcome, and that enqueue the current period of every recurring schedule.
// Any number of processes may run one on the same database.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "common/clock.hpp"
#include "jobs/job.hpp"
#include "jobs/registry.hpp"
#include "storage/database.hpp"

namespace duxing::jobs {

struct SchedulerOptions {
  // Names this scheduler in leases; unique per process. Empty: host:pid:random.
  std::string owner;
  int workers = 2;  // threads running jobs (Start)
  // How long a claimed run owns its job; past it (the process died or hung)
  // any scheduler may claim the job again. While a handler runs, the
  // scheduler's heartbeat renews its lease every lease/3 and whenever it is
  // woken (Wake: the test clock moved), so a long handler keeps its job.
  std::chrono::seconds lease{std::chrono::minutes(10)};
  // The wait before the n-th retry: backoff_base * 2^(n-1), at most backoff_max.
  std::chrono::seconds backoff_base{30};
  std::chrono::seconds backoff_max{std::chrono::hours(1)};
  // How long an idle worker waits before it looks again without a Wake():
  // how soon jobs enqueued by other processes, or without a Wake, start.
  std::chrono::milliseconds poll{std::chrono::seconds(2)};
  // Called (on the worker thread) after each run has been recorded, with the
  // job as claimed and its new state; for tests and metrics.
  std::function<void(const Job& job, State state)> on_settled;
};

class Scheduler {
 public:
  // `db`, `clock` and `registry` must outlive the scheduler; `registry` is
  // complete before the first Start() or RunOnce() (nothing is added after).
  Scheduler(storage::Database& db, const Clock& clock, const Registry& registry,
            SchedulerOptions options);
  // Stop()s.
  ~Scheduler();
  Scheduler(const Scheduler&) = delete;
  Scheduler& operator=(const Scheduler&) = delete;

  // Starts the worker threads and the heartbeat thread. Call at most once.
  void Start();
  // Begins a graceful stop without waiting: no more claims; runs in
  // progress see JobRun::Stopping(). Thread-safe, never blocks.
  void RequestStop();
  // Graceful stop: RequestStop(), then waits for the runs in progress to return
  // (a handler may see JobRun::Stopping() and give up: its job is left to its
  // lease). Idempotent; the scheduler cannot be started again.
  void Stop();
  // Wakes the idle workers to look for due jobs now: after committing an
  // enqueue, after the clock moved. Thread-safe, cheap, never blocks.
  void Wake();

  // Enqueues `job` in a transaction of its own and wakes the workers.
  Result<Job> Enqueue(const NewJob& job);

  // One step on the caller's thread: enqueues the period that has begun of
  // each recurring schedule (once per period and process; the key makes it
  // once per period in all), then claims one due job and runs it. True when
  // a job was claimed. The workers loop on it; tests call it directly.
  Result<bool> RunOnce();

  // One heartbeat on the caller's thread: renews, to now + lease, the lease
  // of every run of this scheduler in progress. Returns how many it renewed
  // (a run whose job another claim has taken is not). The heartbeat thread
  // loops on it; tests call it directly.
  Result<int> RenewLeases();

  // The wait before retrying a run that was attempt number `attempts`.
  std::chrono::seconds Backoff(int attempts) const;
  const std::string& owner() const { return options_.owner; }

 private:
  Status EnqueueRecurring(TimePoint now);
  // Runs the handler of the claimed job and records the outcome.
  Status Run(const Job& job);
  void WorkerLoop();
  void HeartbeatLoop();

  storage::Database& db_;
  const Clock& clock_;
  const Registry& registry_;
  SchedulerOptions options_;

  std::atomic<bool> stopping_{false};
  std::mutex mu_;
  std::condition_variable cv_;
  uint64_t wakes_ = 0;                          // guarded by mu_
  std::map<std::string, TimePoint> enqueued_;  // schedule → last period enqueued; mu_
  std::map<int64_t, Job> running_;             // runs in progress, by job id; mu_
  std::mutex stop_mu_;  // one Stop() joins the threads
  std::vector<std::thread> threads_;
};

}  // namespace duxing::jobs
