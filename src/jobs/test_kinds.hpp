// Job kinds for tests only (unit tests and `serve --test-hooks`), never
// registered otherwise. Each writes its effect keyed on the job key into
// test_job_effects, the way a real handler makes its effect idempotent:
//   test.echo   writes the effect and succeeds.
//   test.fail   fails every run with "测试任务按要求失败".
//   test.block  writes the effect, logs "test job <key> blocking", and waits
//               until TestJobGate::Release(key) (then succeeds) or the
//               process stops (then gives up, leaving the job to its lease).
#pragma once

#include <condition_variable>
#include <mutex>
#include <set>
#include <string>

#include "jobs/registry.hpp"
#include "storage/database.hpp"

namespace duxing::jobs {

// Releases blocked test.block runs by key. Thread-safe.
class TestJobGate {
 public:
  void Release(const std::string& key);
  // Blocks until `key` is released (true) or `run` is stopping or a minute
  // has passed (false).
  bool Wait(const std::string& key, const JobRun& run);

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::set<std::string> released_;
};

// Creates test_job_effects (job_key primary key, job_id, attempt, runner) if
// it does not exist.
Status CreateTestJobTables(storage::Database& db);
// Registers test.echo, test.fail and test.block; `runner` names this process
// in the effects; `gate` must outlive the registry.
void RegisterTestJobKinds(Registry& registry, const std::string& runner, TestJobGate& gate);
// How many effects test_job_effects holds, and how many distinct keys.
Result<std::pair<int64_t, int64_t>> CountTestJobEffects(storage::Database& db);

}  // namespace duxing::jobs
