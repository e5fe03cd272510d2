// The administrators' view of the jobs: list them by state with their
// errors, and retry a failed or dead one. Jobs are not scoped by
// organization (they are the system's work), so only system administrators
// may do either. Thread-safe.
#pragma once

#include <functional>
#include <optional>

#include "common/page.hpp"
#include "domain/context.hpp"
#include "domain/module.hpp"
#include "jobs/job.hpp"
#include "storage/database.hpp"

namespace duxing::jobs {

// The jobs module's declaration (module.cpp): vocabulary job_state, record
// type job, action retry.
const domain::ModuleInfo& Info();

// Ok for a system administrator; kPermissionDenied ("只有系统管理员可以管理后台任务")
// for anyone else and for a null principal.
Status RequireSystemAdmin(const domain::auth::Principal* principal);

class JobService {
 public:
  // `wake` (may be empty) is called after a retry commits: the scheduler's
  // Wake, so that the job runs at once.
  JobService(storage::Database& db, std::function<void()> wake)
      : db_(db), wake_(std::move(wake)) {}

  // Jobs newest first, only those in `state` when given.
  // kPermissionDenied unless the caller is a system administrator.
  Result<Page<Job>> List(const domain::Context& ctx, std::optional<State> state,
                         const PageRequest& page);
  // Puts a failed or dead job back in the queue to run now with a fresh
  // budget of attempts, audited as `retry` of record type `job`.
  // kPermissionDenied as List; kNotFound when there is no such job;
  // kFailedPrecondition (nothing written) when it is queued, running or done.
  Result<Job> Retry(const domain::Context& ctx, int64_t id);

 private:
  storage::Database& db_;
  std::function<void()> wake_;
};

}  // namespace duxing::jobs
