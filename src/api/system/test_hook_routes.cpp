// Test-only routes, registered by `serve --test-hooks` and never otherwise:
// they let the API tests drive the server into states that depend on timing
// (a request in flight when SIGTERM arrives) by events instead of by speed.
#include <spdlog/spdlog.h>

#include "api/json_body.hpp"
#include "api/router.hpp"
#include "domain/communities/community.hpp"
#include "domain/notifications/notification.hpp"

namespace duxing::api {
namespace {

// How long the hold route waits for the shutdown before giving up.
constexpr std::chrono::seconds kHoldLimit{60};

// POST /api/v1/test-hooks/write-after-shutdown {"name"}: logs
// "test hook: holding request <id>", waits until the server has begun
// shutting down, then creates the community `name` (a real, audited write)
// and answers 201 with it.
Response WriteAfterShutdown(Call& c) {
  DX_TRY(JsonBody body, JsonBody::Parse(c.req.body));
  domain::communities::Community in;
  DX_TRY(in.name, body.RequiredString("name", 100));
  DX_TRY_STATUS(body.Finish());
  spdlog::info("test hook: holding request {} until shutdown", c.req.request_id);
  if (!c.s.shutdown || !c.s.shutdown->WaitFor(kHoldLimit)) {
    return ErrorResponse(MakeError(Code::kFailedPrecondition, "测试钩子：等待停机超时"));
  }
  DX_TRY(auto created, c.s.Get<domain::communities::CommunityService>().Create(c.ctx, in));
  return JsonResponse(201, boost::json::object{{"id", created.id}, {"name", created.name}});
}

// GET /api/v1/test-hooks/block: logs "test hook: blocking a worker for
// request <id>", holds its worker until the server has begun shutting
// down, then answers 204: occupies workers without racing them.
Response Block(Call& c) {
  spdlog::info("test hook: blocking a worker for request {}", c.req.request_id);
  if (c.s.shutdown) c.s.shutdown->WaitFor(kHoldLimit);
  return NoContent();
}

// POST /api/v1/test-hooks/notify {"account_id", "title"}: notifies that
// account (kind "test") in a transaction of its own, as a job would; 204.
Response NotifyAccount(Call& c) {
  DX_TRY(JsonBody body, JsonBody::Parse(c.req.body));
  domain::notifications::NewNotification n;
  DX_TRY(n.account_id, body.RequiredInt("account_id"));
  DX_TRY(n.title, body.RequiredString("title", domain::notifications::kMaxTitle));
  DX_TRY_STATUS(body.Finish());
  n.kind = "test";
  DX_TRY(auto tx, c.s.db.Begin(storage::TxMode::kWrite));
  DX_TRY_STATUS(domain::notifications::Notify(*tx, c.ctx.now, n));
  DX_TRY_STATUS(tx->Commit());
  return NoContent();
}

}  // namespace

void RegisterTestHooks(Router& router, ManualClock& clock) {
  // POST /api/v1/test-hooks/clock {"advance_seconds": N}: stops the server's
  // clock (from the first call on it moves only here) and moves it N
  // (1..86400) seconds forward; answers {"now": "…"}.
  router.Add({"POST", "/api/v1/test-hooks/clock", Access::kPublic, [&clock](Call& c) -> Response {
                DX_TRY(JsonBody body, JsonBody::Parse(c.req.body));
                DX_TRY(int64_t seconds, body.RequiredInt("advance_seconds"));
                DX_TRY_STATUS(body.Finish());
                if (seconds < 1 || seconds > 86400) {
                  return ErrorResponse(
                      MakeError(Code::kInvalidArgument, "advance_seconds 应在 1 到 86400 之间"));
                }
                clock.Advance(std::chrono::seconds(seconds));
                spdlog::info("test hook: clock moved {} s forward", seconds);
                return JsonResponse(200, boost::json::object{{"now", FormatTime(clock.Now())}});
              }});
  router.Add({"GET", "/api/v1/test-hooks/block", Access::kPublic, Block});
  router.Add({"POST", "/api/v1/test-hooks/notify", Access::kPublic, NotifyAccount});
  // POST /api/v1/test-hooks/tear-change-signal: the next commit of this
  // process that bumps a change counter leaves the database's change signal
  // as a process killed right after that commit would (torn; SQLite only:
  // storage::Database::TearNextChangeForTesting); answers 204.
  router.Add({"POST", "/api/v1/test-hooks/tear-change-signal", Access::kPublic,
              [](Call& c) -> Response {
                c.s.db.TearNextChangeForTesting();
                spdlog::info("test hook: the next signalled commit leaves the signal torn");
                return NoContent();
              }});
  router.Add({"POST", "/api/v1/test-hooks/write-after-shutdown", Access::kSignedIn,
              WriteAfterShutdown});
}

}  // namespace duxing::api
