// Test-only job routes of `serve --test-hooks` (see job_routes.hpp).
#include <spdlog/spdlog.h>

#include "api/jobs/job_routes.hpp"
#include "api/json_body.hpp"

namespace duxing::api {
namespace {

constexpr int64_t kMaxTestJobs = 5000;

Response EnqueueTestJobs(Call& c, storage::Database& db, jobs::Scheduler& scheduler) {
  DX_TRY(JsonBody body, JsonBody::Parse(c.req.body));
  DX_TRY(std::string kind, body.RequiredString("kind", 100));
  DX_TRY(std::string key, body.RequiredString("key", 100));
  DX_TRY(auto count, body.OptionalInt("count"));
  DX_TRY(auto max_attempts, body.OptionalInt("max_attempts"));
  DX_TRY_STATUS(body.Finish());
  if (kind.rfind("test.", 0) != 0 || count.value_or(1) < 1 || count.value_or(1) > kMaxTestJobs ||
      max_attempts.value_or(1) < 1 || max_attempts.value_or(1) > 100) {
    return ErrorResponse(MakeError(Code::kInvalidArgument, "测试任务参数无效"));
  }
  DX_TRY(auto tx, db.Begin(storage::TxMode::kWrite));
  boost::json::array ids;
  for (int64_t i = 0; i < count.value_or(1); ++i) {
    jobs::NewJob job{kind, count ? key + ":" + std::to_string(i) : key, ""};
    job.max_attempts = static_cast<int>(max_attempts.value_or(jobs::kDefaultMaxAttempts));
    DX_TRY(jobs::Job queued, jobs::Enqueue(*tx, job, c.ctx.now));
    ids.push_back(queued.id);
  }
  DX_TRY_STATUS(tx->Commit());
  scheduler.Wake();
  spdlog::info("test hook: {} {} job(s) enqueued", ids.size(), kind);
  return JsonResponse(201, boost::json::object{{"ids", std::move(ids)}});
}

}  // namespace

void RegisterJobTestHooks(Router& router, storage::Database& db, jobs::Scheduler& scheduler,
                          jobs::TestJobGate& gate) {
  router.Add({"POST", "/api/v1/test-hooks/jobs", Access::kPublic,
              [&db, &scheduler](Call& c) { return EnqueueTestJobs(c, db, scheduler); }});
  router.Add({"POST", "/api/v1/test-hooks/jobs/release", Access::kPublic,
              [&gate](Call& c) -> Response {
                DX_TRY(JsonBody body, JsonBody::Parse(c.req.body));
                DX_TRY(std::string key, body.RequiredString("key", 200));
                DX_TRY_STATUS(body.Finish());
                gate.Release(key);
                return NoContent();
              }});
  router.Add({"GET", "/api/v1/test-hooks/jobs/effects", Access::kPublic,
              [&db](Call&) -> Response {
                DX_TRY(auto counts, jobs::CountTestJobEffects(db));
                return JsonResponse(200, boost::json::object{{"effects", counts.first},
                                                             {"distinct_keys", counts.second}});
              }});
}

}  // namespace duxing::api
