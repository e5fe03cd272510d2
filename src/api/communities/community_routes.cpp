// /api/v1/communities: 社区/村.
#include "api/json_body.hpp"
#include "api/record_routes.hpp"
#include "api/router.hpp"
#include "domain/communities/community.hpp"

namespace duxing::api {
namespace {

namespace cm = domain::communities;

boost::json::object CommunityJson(const cm::Community& c) {
  return {{"id", c.id},         {"name", c.name},         {"kind", cm::KindName(c.kind)},
          {"street", c.street}, {"archived", c.archived}, {"version", c.version}};
}

Response List(Call& c) {
  DX_TRY(bool archived, QueryBool(c.req, "include_archived"));
  DX_TRY(auto list, c.s.Get<cm::CommunityService>().List(c.ctx, archived));
  boost::json::array items;
  for (const auto& x : list) items.push_back(CommunityJson(x));
  return ListResponse(std::move(items), static_cast<int64_t>(list.size()));
}

Response Create(Call& c) {
  DX_TRY(JsonBody body, JsonBody::Parse(c.req.body));
  cm::Community in;
  DX_TRY(in.name, body.RequiredString("name", 100));
  DX_TRY(in.kind, body.RequiredEnum("kind", cm::ParseKind, "社区类型无效"));
  DX_TRY(auto street, body.OptionalString("street", 100));
  in.street = street.value_or("");
  DX_TRY_STATUS(body.Finish());
  DX_TRY(auto created, c.s.Get<cm::CommunityService>().Create(c.ctx, in));
  return JsonResponse(201, CommunityJson(created));
}

Response Update(Call& c) {
  DX_TRY(int64_t id, c.PathId());
  DX_TRY(JsonBody body, JsonBody::Parse(c.req.body));
  cm::CommunityPatch p;
  DX_TRY(p.version, body.RequiredInt("version"));
  DX_TRY(p.name, body.OptionalString("name", 100));
  DX_TRY(p.kind, body.OptionalEnum("kind", cm::ParseKind, "社区类型无效"));
  DX_TRY(p.street, body.OptionalString("street", 100));
  DX_TRY_STATUS(body.Finish());
  DX_TRY(auto updated, c.s.Get<cm::CommunityService>().Update(c.ctx, id, p));
  return JsonResponse(200, CommunityJson(updated));
}

Response Archive(Call& c) {
  DX_TRY(int64_t id, c.PathId());
  DX_TRY(int64_t version, VersionOnlyBody(c.req.body));
  DX_TRY(auto updated, c.s.Get<cm::CommunityService>().Archive(c.ctx, id, version));
  return JsonResponse(200, CommunityJson(updated));
}

}  // namespace

void RegisterCommunityRoutes(Router& router) {
  router.Add({"GET", "/api/v1/communities", Access::kSignedIn, List});
  // Reference data kept by admins: who writes no records at all is refused
  // before the body is read.
  const RouteAuthorize writers = WritersOnly("无权修改社区/村");
  router.Add({"POST", "/api/v1/communities", Access::kSignedIn, Create, kSmallBody, writers});
  router.Add({"PATCH", "/api/v1/communities/{id}", Access::kSignedIn, Update, kSmallBody, writers});
  router.Add(
      {"POST", "/api/v1/communities/{id}/archive", Access::kSignedIn, Archive, kSmallBody, writers});
}

const Module& CommunitiesModule() {
  static const Module m{&cm::Info, "communities/openapi.json",
                        [](ModuleSetup& s) { s.services.Make<cm::CommunityService>(s.db); },
                        RegisterCommunityRoutes};
  return m;
}

}  // namespace duxing::api
