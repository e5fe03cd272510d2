// /api/v1/accounts: account administration (system and org admins).
#include "api/auth/token_json.hpp"
#include "api/json_body.hpp"
#include "api/record_routes.hpp"
#include "api/router.hpp"
#include "domain/auth/account_service.hpp"
#include "domain/vocabulary.hpp"

namespace duxing::api {
namespace {

namespace auth = domain::auth;

boost::json::object AccountJson(const auth::Account& a) {
  boost::json::array roles;
  for (const auto& g : a.grants) {
    roles.push_back(
        {{"role", auth::RoleName(g.role)}, {"org_id", g.org_id}, {"org_name", g.org_name}});
  }
  boost::json::object o{{"id", a.id},
                        {"username", a.username},
                        {"display_name", a.display_name},
                        {"disabled", a.disabled},
                        {"roles", std::move(roles)},
                        {"version", a.version},
                        {"created_at", a.created_at}};
  o["person_id"] = a.person_id ? boost::json::value(*a.person_id) : nullptr;
  return o;
}

// Reads "roles": [{"role": "...", "org_id": N}, ...] when present.
Result<std::optional<std::vector<std::pair<auth::Role, int64_t>>>> ReadRoles(
    JsonBody& body, bool required) {
  using Out = std::optional<std::vector<std::pair<auth::Role, int64_t>>>;
  const boost::json::value* roles = body.Raw("roles");
  if (!roles) {
    if (required) return MakeError(Code::kInvalidArgument, "缺少必填字段 roles", "roles");
    return Out();
  }
  Error bad = MakeError(Code::kInvalidArgument,
                        "roles 应为 [{\"role\":…,\"org_id\":…}] 形式的数组", "roles");
  if (!roles->is_array()) return bad;
  std::vector<std::pair<auth::Role, int64_t>> out;
  for (const auto& item : roles->get_array()) {
    if (!item.is_object() || item.get_object().size() != 2) return bad;
    const auto* role = item.get_object().if_contains("role");
    const auto* org = item.get_object().if_contains("org_id");
    if (!role || !org || !role->is_string() || !org->is_int64()) return bad;
    auto r = auth::ParseRole(std::string(role->get_string()));
    if (!r) return MakeError(Code::kInvalidArgument, "角色无效", "roles");
    out.emplace_back(*r, org->get_int64());
  }
  return Out(std::move(out));
}

auth::AccountService& Accounts(Call& c) { return c.s.Get<auth::AccountService>(); }

Result<auth::AccountFilter> ReadFilter(const Request& req) {
  auth::AccountFilter f;
  f.q = QueryString(req, "q");
  if (f.q && f.q->size() > 200) return MakeError(Code::kInvalidArgument, "搜索词过长", "q");
  if (auto role = QueryString(req, "role")) {
    f.role = auth::ParseRole(*role);
    if (!f.role) return MakeError(Code::kInvalidArgument, "角色无效", "role");
  }
  DX_ASSIGN_OR_RETURN(f.org_id, QueryInt(req, "org_id"));
  if (QueryString(req, "disabled")) {
    DX_ASSIGN_OR_RETURN(bool disabled, QueryBool(req, "disabled"));
    f.disabled = disabled;
  }
  return f;
}

Response List(Call& c) {
  DX_TRY(auto page, QueryPage(c.req));
  DX_TRY(auto filter, ReadFilter(c.req));
  DX_TRY(auto list, Accounts(c).List(c.ctx, filter, page));
  boost::json::array items;
  for (const auto& a : list.items) items.push_back(AccountJson(a));
  return ListResponse(std::move(items), list.total, list.next_cursor);
}

// Every matching account as a spreadsheet (same filters as the list).
Response Export(Call& c) {
  DX_TRY(auto filter, ReadFilter(c.req));
  DX_TRY(auto list, Accounts(c).List(c.ctx, filter, PageRequest{100000, 0}));
  tabular::Sheet sheet;
  sheet.name = "账号";
  sheet.header = {"用户名", "姓名", "角色", "状态", "创建时间"};
  sheet.column_widths = {16, 16, 50, 8, 20};
  for (const auto& a : list.items) {
    std::string roles;
    for (const auto& g : a.grants) {
      if (!roles.empty()) roles += "；";
      roles += auth::kRoles.Label(g.role) + " · " + g.org_name;
    }
    auto created = ParseTime(a.created_at);
    sheet.rows.push_back({a.username, a.display_name, roles, a.disabled ? "已停用" : "启用",
                          created ? FormatChinaTime(*created) : a.created_at});
  }
  return XlsxDownload(sheet, "账号.xlsx", "accounts.xlsx");
}

Response Get(Call& c) {
  DX_TRY(int64_t id, c.PathId());
  DX_TRY(auto account, Accounts(c).Get(c.ctx, id));
  return JsonResponse(200, AccountJson(account));
}

Response Create(Call& c) {
  DX_TRY(JsonBody body, JsonBody::Parse(c.req.body));
  auth::AccountInput in;
  DX_TRY(in.username, body.RequiredString("username", 32));
  DX_TRY(in.display_name, body.RequiredString("display_name", 50));
  DX_TRY(in.password, body.RequiredPassword("password", 128));
  DX_TRY(in.person_id, body.OptionalInt("person_id"));
  DX_TRY(auto roles, ReadRoles(body, true));
  DX_TRY_STATUS(body.Finish());
  in.grants = std::move(*roles);
  DX_TRY(auto created, Accounts(c).Create(c.ctx, in));
  return JsonResponse(201, AccountJson(created));
}

Response Update(Call& c) {
  DX_TRY(int64_t id, c.PathId());
  DX_TRY(JsonBody body, JsonBody::Parse(c.req.body));
  auth::AccountPatch p;
  DX_TRY(p.version, body.RequiredInt("version"));
  DX_TRY(p.display_name, body.OptionalString("display_name", 50));
  DX_TRY(p.person_id, body.NullableInt("person_id"));
  DX_TRY(p.disabled, body.OptionalBool("disabled"));
  DX_TRY(p.grants, ReadRoles(body, false));
  DX_TRY_STATUS(body.Finish());
  DX_TRY(auto updated, Accounts(c).Update(c.ctx, id, p));
  return JsonResponse(200, AccountJson(updated));
}

Response ResetPassword(Call& c) {
  DX_TRY(int64_t id, c.PathId());
  DX_TRY(JsonBody body, JsonBody::Parse(c.req.body));
  DX_TRY(std::string password, body.RequiredPassword("password", 128));
  DX_TRY_STATUS(body.Finish());
  DX_TRY_STATUS(Accounts(c).ResetPassword(c.ctx, id, password));
  return NoContent();
}

Response ListTokens(Call& c) {
  DX_TRY(int64_t id, c.PathId());
  DX_TRY(auto tokens, Accounts(c).ListTokens(c.ctx, id));
  return TokenList(tokens);
}

Response RevokeToken(Call& c) {
  DX_TRY(int64_t id, c.PathId());
  DX_TRY(int64_t token_id, c.PathId("token_id"));
  DX_TRY_STATUS(Accounts(c).RevokeToken(c.ctx, id, token_id));
  return NoContent();
}

}  // namespace

void RegisterAccountRoutes(Router& router) {
  // Accounts are administered by staff (the service: org and system
  // admins): others are refused before their body is read. One's own
  // password and tokens are /auth's, not these.
  const RouteAuthorize admins = WritersOnly("无权管理账号");
  router.Add({"GET", "/api/v1/accounts", Access::kSignedIn, List});
  router.Add({"POST", "/api/v1/accounts", Access::kSignedIn, Create, kSmallBody, admins});
  router.Add({.method = "GET", .pattern = "/api/v1/accounts/export", .handler = Export,
              .heavy = true});
  router.Add({"GET", "/api/v1/accounts/{id}", Access::kSignedIn, Get});
  router.Add({"PATCH", "/api/v1/accounts/{id}", Access::kSignedIn, Update, kSmallBody, admins});
  router.Add({"POST", "/api/v1/accounts/{id}/password", Access::kSignedIn, ResetPassword,
              kSmallBody, admins});
  router.Add({"GET", "/api/v1/accounts/{id}/tokens", Access::kSignedIn, ListTokens});
  router.Add({"DELETE", "/api/v1/accounts/{id}/tokens/{token_id}", Access::kSignedIn,
              RevokeToken, kDefaultMaxBody, admins});
}

const Module& AccountsModule() {
  static const Module m{&auth::AccountsInfo, "accounts/openapi.json",
                        [](ModuleSetup& s) {
                          s.services.Make<auth::AccountService>(s.db);
                        },
                        RegisterAccountRoutes};
  return m;
}

}  // namespace duxing::api
