// What the schedulers of a process can run: a handler per job kind and the
// recurring schedules. The composition root and the modules fill one
// Registry at start, before any Scheduler runs; from then on it is read
// only (and so safe to share between threads).
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "common/clock.hpp"
#include "common/result.hpp"
#include "storage/database.hpp"

namespace duxing::jobs {

// One run of a job, as its handler sees it.
struct JobRun {
  int64_t id = 0;
  std::string kind;
  // The job's idempotency key: a handler writes its effect keyed on it
  // (e.g. INSERT ... ON CONFLICT (job_key) DO NOTHING), so a run repeated
  // after a crash or a lost lease does not repeat the effect.
  std::string key;
  std::string payload;
  int attempt = 1;  // 1 for the first run
  TimePoint now;    // the scheduler's clock when the run began
  // Set when the process is shutting down. A long handler may look at it and
  // return early with an error: the run is then left to its lease (it is not
  // counted as a failure) and runs again after it, here or elsewhere.
  const std::atomic<bool>* stopping = nullptr;
  bool Stopping() const { return stopping && stopping->load(); }
};

// Does the job's work, in transactions of its own on `db`. An error fails the
// run (its public message, else its internal detail, is kept as last_error):
// the job runs again after a backoff, until max_attempts. Called on a
// scheduler worker thread; may run in several processes over the life of a
// job (at least once, never twice under one lease), so its effects must be
// idempotent on JobRun::key. An exception is a bug; it fails the run likewise.
using Handler = std::function<Status(storage::Database& db, const JobRun& run)>;

// A job enqueued once per period, however many processes run a scheduler:
// the key is "<name>@<period start>" and the period starts at `offset` past
// each multiple of `period` counted in China time (Asia/Shanghai, UTC+8, no
// DST) from 1970-01-01 00:00. The job runs at the period's start.
struct Recurring {
  std::string name;  // unique among schedules, part of every key
  std::string kind;
  std::string payload;
  std::chrono::seconds period{std::chrono::hours(24)};
  std::chrono::seconds offset{0};
  int max_attempts = 5;

  // Every day at hh:mm China time.
  static Recurring Daily(std::string name, std::string kind, int hour, int minute);
  // The start of the period that contains `now` (the latest start <= now).
  TimePoint PeriodStart(TimePoint now) const;
  // The idempotency key of the period that starts at `start`.
  std::string KeyFor(TimePoint start) const;
};

class Registry {
 public:
  // Adds the handler of `kind`. Throws std::invalid_argument (a bug, at
  // start) for an empty kind or one already registered.
  void AddHandler(const std::string& kind, Handler handler);
  // Adds a schedule. Throws std::invalid_argument for a name already used, an
  // empty name, a period under a minute or an offset outside [0, period).
  void AddRecurring(Recurring schedule);

  // The handler of `kind`, or null when none is registered.
  const Handler* Find(const std::string& kind) const;
  const std::vector<Recurring>& recurring() const { return recurring_; }

 private:
  std::map<std::string, Handler> handlers_;
  std::vector<Recurring> recurring_;
};

}  // namespace duxing::jobs
