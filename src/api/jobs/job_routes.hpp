// /api/v1/jobs: the background jobs, for system administrators; and the
// test-only job routes of `serve --test-hooks`.
#pragma once

#include "api/module.hpp"
#include "api/router.hpp"
#include "jobs/job_service.hpp"
#include "jobs/scheduler.hpp"
#include "jobs/test_kinds.hpp"

namespace duxing::api {

// The jobs module (src/api/modules.inc): GET /api/v1/jobs?state=&limit=&offset=,
// POST /api/v1/jobs/{id}/retry; provides jobs::Registry, jobs::Scheduler and
// jobs::JobService.
const Module& JobsModule();

// Test hooks (never registered otherwise), for the kinds of test_kinds.hpp:
//   POST /api/v1/test-hooks/jobs {"kind","key","count"?,"max_attempts"?}
//     enqueues one job (count 1) or `count` (1..5000) jobs keyed
//     "<key>:<i>" in one transaction, wakes the scheduler; answers
//     {"ids":[…]}. kind must start with "test.".
//   POST /api/v1/test-hooks/jobs/release {"key"}: lets a test.block run end.
//   GET /api/v1/test-hooks/jobs/effects: {"effects":N,"distinct_keys":M}.
void RegisterJobTestHooks(Router& router, storage::Database& db, jobs::Scheduler& scheduler,
                          jobs::TestJobGate& gate);

}  // namespace duxing::api
