// /api/v1/orgs: the organization tree.
#include "api/json_body.hpp"
#include "api/record_routes.hpp"
#include "api/router.hpp"
#include "domain/orgs/org.hpp"

namespace duxing::api {
namespace {

namespace orgs = domain::orgs;

boost::json::object OrgJson(const orgs::Org& o) {
  boost::json::object j{{"id", o.id},
                        {"name", o.name},
                        {"kind", orgs::KindName(o.kind)},
                        {"sort_order", o.sort_order},
                        {"archived", o.archived},
                        {"version", o.version},
                        {"created_at", o.created_at},
                        {"updated_at", o.updated_at}};
  j["parent_id"] = o.parent_id ? boost::json::value(*o.parent_id) : nullptr;
  if (o.people_count) j["people_count"] = *o.people_count;
  return j;
}

Response List(Call& c) {
  DX_TRY(bool archived, QueryBool(c.req, "include_archived"));
  std::optional<orgs::Kind> kind;
  if (auto k = QueryString(c.req, "kind")) {
    kind = orgs::ParseKind(*k);
    if (!kind) return ErrorResponse(MakeError(Code::kInvalidArgument, "组织类型无效", "kind"));
  }
  DX_TRY(auto list, c.s.Get<orgs::OrgService>().List(c.ctx, archived, kind));
  boost::json::array items;
  for (const auto& o : list) items.push_back(OrgJson(o));
  return ListResponse(std::move(items), static_cast<int64_t>(list.size()));
}

Response Get(Call& c) {
  DX_TRY(int64_t id, c.PathId());
  DX_TRY(auto o, c.s.Get<orgs::OrgService>().Get(c.ctx, id));
  return JsonResponse(200, OrgJson(o));
}

Response Create(Call& c) {
  DX_TRY(JsonBody body, JsonBody::Parse(c.req.body));
  orgs::NewOrg in;
  DX_TRY(in.parent_id, body.OptionalInt("parent_id"));
  DX_TRY(in.name, body.RequiredString("name", 100));
  DX_TRY(in.kind, body.RequiredEnum("kind", orgs::ParseKind, "组织类型无效"));
  DX_TRY(auto sort, body.OptionalInt("sort_order"));
  in.sort_order = sort.value_or(0);
  DX_TRY_STATUS(body.Finish());
  DX_TRY(auto o, c.s.Get<orgs::OrgService>().Create(c.ctx, in));
  return JsonResponse(201, OrgJson(o));
}

Response Update(Call& c) {
  DX_TRY(int64_t id, c.PathId());
  DX_TRY(JsonBody body, JsonBody::Parse(c.req.body));
  orgs::OrgPatch p;
  DX_TRY(p.version, body.RequiredInt("version"));
  DX_TRY(p.name, body.OptionalString("name", 100));
  DX_TRY(p.kind, body.OptionalEnum("kind", orgs::ParseKind, "组织类型无效"));
  DX_TRY(p.parent_id, body.OptionalInt("parent_id"));
  DX_TRY(p.sort_order, body.OptionalInt("sort_order"));
  DX_TRY_STATUS(body.Finish());
  DX_TRY(auto o, c.s.Get<orgs::OrgService>().Update(c.ctx, id, p));
  return JsonResponse(200, OrgJson(o));
}

Response Archive(Call& c) {
  DX_TRY(int64_t id, c.PathId());
  DX_TRY(int64_t version, VersionOnlyBody(c.req.body));
  DX_TRY(auto o, c.s.Get<orgs::OrgService>().Archive(c.ctx, id, version));
  return JsonResponse(200, OrgJson(o));
}

}  // namespace

void RegisterOrgRoutes(Router& router) {
  router.Add({"GET", "/api/v1/orgs", Access::kSignedIn, List});
  // The tree is kept by org admins (org.hpp): who writes no records at all is
  // refused before the body is read, the subtree is the service's check.
  const RouteAuthorize writers = WritersOnly("无权维护组织");
  router.Add({"POST", "/api/v1/orgs", Access::kSignedIn, Create, kSmallBody, writers});
  router.Add({"GET", "/api/v1/orgs/{id}", Access::kSignedIn, Get});
  router.Add({"PATCH", "/api/v1/orgs/{id}", Access::kSignedIn, Update, kSmallBody, writers});
  router.Add({"POST", "/api/v1/orgs/{id}/archive", Access::kSignedIn, Archive, kSmallBody, writers});
}

const Module& OrgsModule() {
  static const Module m{&orgs::Info, "orgs/openapi.json",
                        [](ModuleSetup& s) { s.services.Make<orgs::OrgService>(s.db); },
                        RegisterOrgRoutes};
  return m;
}

}  // namespace duxing::api
