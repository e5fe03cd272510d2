// GET /api/v1/health and GET /api/v1/openapi.json.
#include "api/router.hpp"
#include "common/embedded_file.hpp"

namespace duxing::api {

void RegisterSystemRoutes(Router& router) {
  router.Add({"GET", "/api/v1/health", Access::kPublic, [](Call& c) {
                // A trivial read proves the database answers.
                auto tx = c.s.db.Begin(storage::TxMode::kRead);
                bool db_ok = tx.ok() && (*tx)->Query("SELECT 1", {}).ok();
                boost::json::object body{
                    {"status", db_ok ? "ok" : "degraded"},
                    {"db", storage::BackendName(c.s.db.backend())},
                    {"version", DUXING_VERSION}};
                return JsonResponse(db_ok ? 200 : 503, body);
              }});
  router.Add({"GET", "/api/v1/openapi.json", Access::kPublic, [](Call&) {
                Response r;
                r.body = std::string(EmbeddedOpenApi().front().data);
                return r;
              }});
}

}  // namespace duxing::api
