// GET /api/v1/health, /api/v1/openapi.json and /api/v1/vocabularies.
#include <boost/json/serialize.hpp>

#include "api/router.hpp"
#include "common/embedded_file.hpp"
#include "domain/vocabulary.hpp"

namespace duxing::api {

void RegisterSystemRoutes(Router& router) {
  // Answered on the HTTP I/O thread (see main's answers_inline), so that it
  // answers while every worker is busy: it must not block, hence no
  // database read (a slow or locked database would stall all connections).
  router.Add({"GET", "/api/v1/health", Access::kPublic, [](Call& c) {
                boost::json::object body{{"status", "ok"},
                                         {"db", storage::BackendName(c.s.db.backend())},
                                         {"version", DUXING_VERSION}};
                return JsonResponse(200, body);
              }});
  router.Add({"GET", "/api/v1/openapi.json", Access::kPublic, [](Call&) {
                Response r;
                r.body = OpenApiDocument();
                return r;
              }});
  // Every coded value with its Chinese label; the same for everyone, so
  // public (the sign-in page needs none of it, but nothing in it is secret).
  router.Add({"GET", "/api/v1/vocabularies", Access::kPublic, [](Call& c) {
                static const std::string body = [&] {
                  boost::json::object all;
                  for (const auto& v : c.s.catalog.vocabularies()) {
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

namespace {
const domain::ModuleInfo& SystemInfo() {
  static const domain::ModuleInfo info{.name = "system"};
  return info;
}
}  // namespace

const Module& SystemModule() {
  static const Module m{&SystemInfo, "system/openapi.json", nullptr, RegisterSystemRoutes};
  return m;
}

}  // namespace duxing::api
