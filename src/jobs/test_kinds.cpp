#include "jobs/test_kinds.hpp"

#include <spdlog/spdlog.h>

namespace duxing::jobs {
namespace {

constexpr const char* kCreateEffects =
    "CREATE TABLE IF NOT EXISTS test_job_effects (job_key TEXT PRIMARY KEY, "
    "job_id BIGINT NOT NULL, attempt INTEGER NOT NULL, runner TEXT NOT NULL)";
constexpr const char* kInsertEffect =
    "INSERT INTO test_job_effects (job_key, job_id, attempt, runner) VALUES ($1, $2, $3, $4) "
    "ON CONFLICT (job_key) DO NOTHING";
constexpr const char* kCountEffects =
    "SELECT COUNT(*), COUNT(DISTINCT job_key) FROM test_job_effects";

Status WriteEffect(storage::Database& db, const JobRun& run, const std::string& runner) {
  DX_ASSIGN_OR_RETURN(auto tx, db.Begin(storage::TxMode::kWrite));
  DX_RETURN_IF_ERROR(tx->Exec(kInsertEffect, {run.key, run.id, int64_t{run.attempt}, runner}));
  return tx->Commit();
}

}  // namespace

void TestJobGate::Release(const std::string& key) {
  {
    std::lock_guard lock(mu_);
    released_.insert(key);
  }
  cv_.notify_all();
}

bool TestJobGate::Wait(const std::string& key, const JobRun& run) {
  std::unique_lock lock(mu_);
  // Checks `run.Stopping()` every 100 ms: the scheduler's stop flag is not
  // tied to this condition variable.
  for (int i = 0; i < 600; ++i) {
    if (released_.count(key)) return true;
    if (run.Stopping()) return false;
    cv_.wait_for(lock, std::chrono::milliseconds(100));
  }
  return released_.count(key) > 0;
}

Status CreateTestJobTables(storage::Database& db) {
  DX_ASSIGN_OR_RETURN(auto tx, db.Begin(storage::TxMode::kWrite));
  DX_RETURN_IF_ERROR(tx->ExecScript(kCreateEffects));
  return tx->Commit();
}

void RegisterTestJobKinds(Registry& registry, const std::string& runner, TestJobGate& gate) {
  registry.AddHandler("test.echo", [runner](storage::Database& db, const JobRun& run) {
    return WriteEffect(db, run, runner);
  });
  registry.AddHandler("test.fail", [](storage::Database&, const JobRun&) -> Status {
    return MakeError(Code::kInternal, "测试任务按要求失败");
  });
  registry.AddHandler("test.block", [runner, &gate](storage::Database& db,
                                                    const JobRun& run) -> Status {
    DX_RETURN_IF_ERROR(WriteEffect(db, run, runner));
    spdlog::info("test job {} blocking", run.key);
    if (!gate.Wait(run.key, run)) return MakeError(Code::kInternal, "测试任务未获放行");
    return Ok();
  });
}

Result<std::pair<int64_t, int64_t>> CountTestJobEffects(storage::Database& db) {
  DX_ASSIGN_OR_RETURN(auto tx, db.Begin(storage::TxMode::kRead));
  DX_ASSIGN_OR_RETURN(storage::Row row, tx->QueryOne(kCountEffects, {}));
  return std::make_pair(row.Int(0), row.Int(1));
}

}  // namespace duxing::jobs
