// Durable background jobs: rows of the `jobs` table (migration 0010), written
// by any module inside its own transaction and run by the Scheduler of every
// `serve` process. No HTTP, no JSON: a payload is text its handler reads.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.hpp"
#include "common/page.hpp"
#include "common/result.hpp"
#include "domain/coded.hpp"
#include "storage/database.hpp"

namespace duxing::jobs {

// queued: waits for run_at. running: leased to one scheduler until
// lease_until, claimable again once that has passed. done. failed: waits for
// its next attempt at run_at. dead: max_attempts used; runs again only when an
// administrator retries it.
enum class State { kQueued, kRunning, kDone, kFailed, kDead };
// The states' codes and labels (vocabulary job_state), defined once.
inline const domain::CodedEnum<State> kStates = {
    {State::kQueued, {"queued", "排队中"}},   {State::kRunning, {"running", "运行中"}},
    {State::kDone, {"done", "已完成"}},       {State::kFailed, {"failed", "失败待重试"}},
    {State::kDead, {"dead", "已终止"}}};
inline const char* StateName(State s) { return kStates.Name(s); }  // "queued", ...
inline std::optional<State> ParseState(std::string_view s) { return kStates.Parse(s); }

// Bounds of what a caller may enqueue (bytes).
inline constexpr size_t kMaxKindBytes = 100;
inline constexpr size_t kMaxKeyBytes = 200;
inline constexpr size_t kMaxPayloadBytes = 64 << 10;
// last_error is kept to this many bytes (cut at a character boundary).
inline constexpr size_t kMaxErrorBytes = 2000;
inline constexpr int kDefaultMaxAttempts = 5;

struct Job {
  int64_t id = 0;
  std::string kind;
  std::string key;      // the idempotency key, unique among all jobs
  std::string payload;  // text (often JSON) only its handler reads
  State state = State::kQueued;
  TimePoint run_at;
  int attempts = 0;  // runs begun, the current one included
  int max_attempts = kDefaultMaxAttempts;
  std::optional<std::string> lease_owner;
  std::optional<TimePoint> lease_until;
  std::optional<std::string> last_error;
  TimePoint created_at;
  std::optional<TimePoint> finished_at;
};

struct NewJob {
  std::string kind;     // 1..kMaxKindBytes, a registered handler's kind
  std::string key;      // 1..kMaxKeyBytes; the same key never makes a second job
  std::string payload;  // at most kMaxPayloadBytes
  std::optional<TimePoint> run_at;  // default: now
  int max_attempts = kDefaultMaxAttempts;  // 1..100
};

// Enqueues `job` inside the caller's transaction `tx` (a kWrite one), so the
// job exists exactly when the caller's write commits. When a job with the
// same key exists already (in any state) nothing is written and that job is
// returned: callers may enqueue the same work as often as they like. The
// kind is not checked against the handlers (a process that does not know a
// kind fails the job when it runs). kInvalidArgument (field "kind", "key",
// "payload" or "max_attempts") for an empty or oversized value or a text that
// is not valid UTF-8. Runs within the poll interval of every scheduler, at
// once when the caller wakes one after committing (Scheduler::Wake).
Result<Job> Enqueue(storage::Tx& tx, const NewJob& job, TimePoint now);

// The job with `id`; kNotFound when there is none.
Result<Job> Get(storage::Tx& tx, int64_t id);
// The job with idempotency key `key`; kNotFound when there is none.
Result<Job> GetByKey(storage::Tx& tx, std::string_view key);

// Jobs newest first, only those in `state` when given.
Result<Page<Job>> List(storage::Tx& tx, std::optional<State> state, const PageRequest& page);

// Puts a failed or dead job back in the queue to run at `now` with a fresh
// budget of attempts (last_error stays until it runs). kNotFound when there
// is no such job; kFailedPrecondition when it is queued, running or done.
Result<Job> Retry(storage::Tx& tx, int64_t id, TimePoint now);

// --- The scheduler's steps (each its own write transaction on `db`) ---

// Claims the most overdue runnable job for `owner`: a queued or failed one
// whose run_at has come, or a running one whose lease has passed (its
// process died or hung). The job becomes running, leased to `owner` until
// now + `lease`, with attempts counted up; it is returned as claimed.
// nullopt when nothing is due. On PostgreSQL concurrent claimers skip each
// other's rows (FOR UPDATE SKIP LOCKED); on SQLite the single writer
// serializes them. Either way no job is claimed twice under one lease.
Result<std::optional<Job>> ClaimNext(storage::Database& db, std::string_view owner,
                                     TimePoint now, std::chrono::seconds lease);

// Extends the lease of the run `claimed` (as ClaimNext returned it) to
// `until`: the heartbeat of a run in progress. False, with nothing written,
// when that run no longer holds the job (as MarkDone).
Result<bool> RenewLease(storage::Database& db, const Job& claimed, TimePoint until);

// Records that the run `claimed` (as ClaimNext returned it) succeeded: done.
// False, with nothing written, when that run no longer holds the job (its
// lease passed and another claim took it): the other run records the outcome.
Result<bool> MarkDone(storage::Database& db, const Job& claimed, TimePoint now);

// Records that the run `claimed` failed with `error` (kept in last_error,
// cut to kMaxErrorBytes): failed, to run again at now + `backoff`, or dead
// when it has used max_attempts. Returns the new state; nullopt, with nothing
// written, when that run no longer holds the job (as MarkDone).
Result<std::optional<State>> MarkFailed(storage::Database& db, const Job& claimed,
                                        std::string_view error, TimePoint now,
                                        std::chrono::seconds backoff);

}  // namespace duxing::jobs
