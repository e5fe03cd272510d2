#include "jobs/scheduler.hpp"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include <random>

namespace duxing::jobs {
namespace {

std::string DefaultOwner() {
  char host[256] = {};
  gethostname(host, sizeof host - 1);
  std::random_device rd;
  char suffix[16];
  std::snprintf(suffix, sizeof suffix, "%08x", rd());
  return std::string(host) + ":" + std::to_string(getpid()) + ":" + suffix;
}

// What a failed run leaves in last_error: the public message and the detail.
std::string ErrorText(const Error& e) {
  if (e.internal.empty()) return e.message;
  return e.message + "（" + e.internal + "）";
}

}  // namespace

Scheduler::Scheduler(storage::Database& db, const Clock& clock, const Registry& registry,
                     SchedulerOptions options)
    : db_(db), clock_(clock), registry_(registry), options_(std::move(options)) {
  if (options_.owner.empty()) options_.owner = DefaultOwner();
}

Scheduler::~Scheduler() { Stop(); }

void Scheduler::Start() {
  for (int i = 0; i < options_.workers; ++i) threads_.emplace_back([this] { WorkerLoop(); });
  threads_.emplace_back([this] { HeartbeatLoop(); });
  spdlog::info("job scheduler {} started with {} workers", options_.owner, options_.workers);
}

void Scheduler::RequestStop() {
  if (!stopping_.exchange(true)) Wake();
}

void Scheduler::Stop() {
  RequestStop();
  std::lock_guard lock(stop_mu_);
  if (threads_.empty()) return;
  for (auto& t : threads_) t.join();
  threads_.clear();
  spdlog::info("job scheduler {} stopped", options_.owner);
}

void Scheduler::Wake() {
  {
    std::lock_guard lock(mu_);
    ++wakes_;
  }
  cv_.notify_all();
}

Result<Job> Scheduler::Enqueue(const NewJob& job) {
  DX_ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kWrite));
  DX_ASSIGN_OR_RETURN(Job queued, jobs::Enqueue(*tx, job, clock_.Now()));
  DX_RETURN_IF_ERROR(tx->Commit());
  Wake();
  return queued;
}

std::chrono::seconds Scheduler::Backoff(int attempts) const {
  auto wait = options_.backoff_base;
  for (int i = 1; i < attempts && wait < options_.backoff_max; ++i) wait *= 2;
  return std::min(wait, options_.backoff_max);
}

Result<bool> Scheduler::RunOnce() {
  TimePoint now = clock_.Now();
  DX_RETURN_IF_ERROR(EnqueueRecurring(now));
  DX_ASSIGN_OR_RETURN(std::optional<Job> job,
                      ClaimNext(db_, options_.owner, now, options_.lease));
  if (!job) return false;
  DX_RETURN_IF_ERROR(Run(*job));
  return true;
}

Status Scheduler::EnqueueRecurring(TimePoint now) {
  for (const Recurring& r : registry_.recurring()) {
    TimePoint start = r.PeriodStart(now);
    {
      std::lock_guard lock(mu_);
      auto it = enqueued_.find(r.name);
      if (it != enqueued_.end() && it->second == start) continue;
    }
    DX_ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kWrite));
    DX_ASSIGN_OR_RETURN(Job job, jobs::Enqueue(*tx,
                                               {r.kind, r.KeyFor(start), r.payload, start,
                                                r.max_attempts},
                                               now));
    DX_RETURN_IF_ERROR(tx->Commit());
    std::lock_guard lock(mu_);
    enqueued_[r.name] = start;
  }
  return Ok();
}

Status Scheduler::Run(const Job& job) {
  Status outcome;
  if (job.attempts > job.max_attempts) {
    // Claimed again after its lease passed once too often: its runs died.
    outcome = MakeError(Code::kInternal, "任务多次运行中断（租约过期），已达最大尝试次数");
  } else if (const Handler* handler = registry_.Find(job.kind)) {
    JobRun run{job.id, job.kind, job.key, job.payload, job.attempts, clock_.Now(), &stopping_};
    spdlog::info("job {} ({}, key {}) attempt {} running on {}", job.id, job.kind, job.key,
                 job.attempts, options_.owner);
    {
      std::lock_guard lock(mu_);
      running_[job.id] = job;
    }
    try {
      outcome = (*handler)(db_, run);
    } catch (const std::exception& e) {
      outcome = InternalError(std::string("handler threw: ") + e.what());
    }
    {
      std::lock_guard lock(mu_);
      running_.erase(job.id);
    }
    if (!outcome.ok() && stopping_) {
      spdlog::info("job {} ({}) interrupted by shutdown; left to its lease", job.id, job.kind);
      return Ok();
    }
  } else {
    outcome = MakeError(Code::kInternal, "未知的任务类型：" + job.kind + "（没有登记处理程序）");
  }

  State state = State::kDone;
  TimePoint now = clock_.Now();
  if (outcome.ok()) {
    DX_ASSIGN_OR_RETURN(bool held, MarkDone(db_, job, now));
    if (!held) state = State::kRunning;
  } else {
    DX_ASSIGN_OR_RETURN(std::optional<State> failed,
                        MarkFailed(db_, job, ErrorText(outcome.error()), now,
                                   Backoff(job.attempts)));
    state = failed.value_or(State::kRunning);
  }
  if (state == State::kRunning) {
    spdlog::warn("job {} ({}) attempt {} finished after its lease passed; outcome not recorded",
                 job.id, job.kind, job.attempts);
  } else if (outcome.ok()) {
    spdlog::info("job {} ({}, key {}) done", job.id, job.kind, job.key);
  } else {
    spdlog::warn("job {} ({}, key {}) attempt {} {}: {}", job.id, job.kind, job.key,
                 job.attempts, StateName(state), ErrorText(outcome.error()));
  }
  if (options_.on_settled) options_.on_settled(job, state);
  return Ok();
}

Result<int> Scheduler::RenewLeases() {
  std::vector<Job> runs;
  {
    std::lock_guard lock(mu_);
    for (const auto& [id, job] : running_) runs.push_back(job);
  }
  int renewed = 0;
  for (const Job& job : runs) {
    TimePoint until = clock_.Now() + options_.lease;
    DX_ASSIGN_OR_RETURN(bool held, RenewLease(db_, job, until));
    if (held) {
      ++renewed;
      spdlog::info("job {} ({}) attempt {} lease renewed until {}", job.id, job.kind,
                   job.attempts, FormatTime(until));
    } else if (std::lock_guard lock(mu_); running_.count(job.id)) {  // not just finished
      spdlog::warn("job {} ({}) attempt {} lost its lease; another run holds it", job.id,
                   job.kind, job.attempts);
    }
  }
  return renewed;
}

void Scheduler::HeartbeatLoop() {
  const auto every = std::max<std::chrono::milliseconds>(
      std::chrono::duration_cast<std::chrono::milliseconds>(options_.lease) / 3,
      std::chrono::milliseconds(100));
  while (!stopping_) {
    uint64_t seen;
    {
      std::unique_lock lock(mu_);
      seen = wakes_;
      cv_.wait_for(lock, every, [&] { return stopping_ || wakes_ != seen; });
    }
    if (stopping_) break;
    auto renewed = RenewLeases();
    if (!renewed.ok()) {
      spdlog::error("job scheduler {}: lease renewal: {} ({})", options_.owner,
                    renewed.error().message, renewed.error().internal);
    }
  }
}

void Scheduler::WorkerLoop() {
  while (!stopping_) {
    uint64_t seen;
    {
      std::lock_guard lock(mu_);
      seen = wakes_;
    }
    auto ran = RunOnce();
    if (!ran.ok()) {
      spdlog::error("job scheduler {}: {} ({})", options_.owner, ran.error().message,
                    ran.error().internal);
    } else if (*ran) {
      continue;
    }
    std::unique_lock lock(mu_);
    cv_.wait_for(lock, options_.poll, [&] { return stopping_ || wakes_ != seen; });
  }
}

}  // namespace duxing::jobs
