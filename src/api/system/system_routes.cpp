// GET /api/v1/health, /api/v1/openapi.json and /api/v1/vocabularies.
#include <boost/json/serialize.hpp>

#include "api/router.hpp"
#include "common/embedded_file.hpp"
#include "domain/vocabulary.hpp"

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
  // Every coded value with its Chinese label; the same for everyone, so
  // public (the sign-in page needs none of it, but nothing in it is secret).
  router.Add({"GET", "/api/v1/vocabularies", Access::kPublic, [](Call&) {
                static const std::string body = [] {
                  boost::json::object all;
                  for (const auto& v : domain::AllVocabularies()) {
                    boost::json::array terms;
                    for (const auto& t : *v.terms) {
                      terms.push_back({{"code", t.code}, {"label", t.label}});
                    }
                    all[v.name] = std::move(terms);
                  }
                  return boost::json::serialize(all);
                }();
                Response r;
                r.body = body;
                return r;
              }});
}

}  // namespace duxing::api
