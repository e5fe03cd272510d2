// /api/v1/auth: login, logout, me, password, own sessions, API tokens.
#include "api/auth/session_cookie.hpp"
#include "api/auth/token_json.hpp"
#include "api/json_body.hpp"
#include "api/router.hpp"

namespace duxing::api {

boost::json::object TokenJson(const domain::auth::ApiToken& t) {
  boost::json::object o{{"id", t.id}, {"name", t.name}, {"created_at", t.created_at}};
  o["expires_at"] = t.expires_at ? boost::json::value(*t.expires_at) : nullptr;
  o["last_used_at"] = t.last_used_at ? boost::json::value(*t.last_used_at) : nullptr;
  return o;
}

Response TokenList(const std::vector<domain::auth::ApiToken>& tokens) {
  boost::json::array items;
  for (const auto& t : tokens) items.push_back(TokenJson(t));
  return ListResponse(std::move(items), static_cast<int64_t>(tokens.size()));
}

namespace {

using domain::auth::Principal;

boost::json::object UserJson(const Principal& p) {
  boost::json::array roles;
  for (const auto& g : p.grants) {
    roles.push_back({{"role", domain::auth::RoleName(g.role)},
                     {"org_id", g.org_id},
                     {"org_name", g.org_name}});
  }
  boost::json::object u{{"id", p.account_id},
                        {"username", p.username},
                        {"display_name", p.display_name},
                        {"roles", std::move(roles)},
                        {"must_change_password", p.must_change_password}};
  u["person_id"] = p.person_id ? boost::json::value(*p.person_id) : nullptr;
  return u;
}

Response Login(Call& c) {
  DX_TRY(JsonBody body, JsonBody::Parse(c.req.body));
  DX_TRY(std::string username, body.RequiredString("username", 64, "用户名"));
  DX_TRY(std::string password, body.RequiredPassword("password", 128, "密码"));
  DX_TRY_STATUS(body.Finish());
  DX_TRY(auto login,
         c.s.auth.Login(c.ctx, username, password, c.req.Header("user-agent")));
  Response r = JsonResponse(
      200, boost::json::object{{"user", UserJson(login.principal)},
                               {"csrf_token", login.csrf_token}});
  r.headers.emplace_back("Set-Cookie",
                         SessionCookieHeader(c.s.secure_cookies, login.session_token));
  return r;
}

Response Logout(Call& c) {
  if (!c.session_token.empty()) DX_TRY_STATUS(c.s.auth.Logout(c.ctx, c.session_token));
  Response r = NoContent();
  r.headers.emplace_back("Set-Cookie", SessionCookieHeader(c.s.secure_cookies, ""));
  return r;
}

Response Me(Call& c) {
  boost::json::object body{{"user", UserJson(c.principal())}};
  if (!c.session_token.empty()) body["csrf_token"] = c.session->csrf_token;
  return JsonResponse(200, body);
}

Response ChangePassword(Call& c) {
  DX_TRY(JsonBody body, JsonBody::Parse(c.req.body));
  DX_TRY(std::string old_pw, body.RequiredPassword("old_password", 128));
  DX_TRY(std::string new_pw, body.RequiredPassword("new_password", 128));
  DX_TRY(auto revoke_tokens, body.OptionalBool("revoke_tokens"));
  DX_TRY_STATUS(body.Finish());
  DX_TRY_STATUS(c.s.auth.ChangePassword(c.ctx, old_pw, new_pw, c.session_token,
                                        revoke_tokens.value_or(true)));
  return NoContent();
}

Response ListTokens(Call& c) {
  DX_TRY(auto tokens, c.s.auth.ListTokens(c.ctx));
  return TokenList(tokens);
}

Response CreateToken(Call& c) {
  DX_TRY(JsonBody body, JsonBody::Parse(c.req.body));
  DX_TRY(std::string name, body.RequiredString("name", 50));
  DX_TRY(int64_t days, body.RequiredInt("expires_in_days"));
  DX_TRY_STATUS(body.Finish());
  int d = static_cast<int>(std::clamp<int64_t>(days, -1, 100000));
  DX_TRY(auto created, c.s.auth.CreateToken(c.ctx, name, d));
  boost::json::object o = TokenJson(created.first);
  o["token"] = created.second;
  return JsonResponse(201, o);
}

Response RevokeToken(Call& c) {
  DX_TRY(int64_t id, c.PathId());
  DX_TRY_STATUS(c.s.auth.RevokeToken(c.ctx, id));
  return NoContent();
}

Response ListSessions(Call& c) {
  DX_TRY(auto sessions, c.s.auth.ListSessions(c.ctx, c.session_token));
  boost::json::array items;
  for (const auto& s : sessions) {
    items.push_back({{"id", s.id},
                     {"created_at", s.created_at},
                     {"last_seen_at", s.last_seen_at},
                     {"client_ip", s.client_ip},
                     {"user_agent", s.user_agent},
                     {"current", s.current}});
  }
  return ListResponse(std::move(items), static_cast<int64_t>(sessions.size()));
}

Response EndSession(Call& c) {
  DX_TRY(int64_t id, c.PathId());
  DX_TRY_STATUS(c.s.auth.EndSession(c.ctx, id));
  return NoContent();
}

Response EndOtherSessions(Call& c) {
  DX_TRY(int64_t ended, c.s.auth.EndOtherSessions(c.ctx, c.session_token));
  return JsonResponse(200, boost::json::object{{"ended", ended}});
}

}  // namespace

void RegisterAuthRoutes(Router& router) {
  router.Add({"POST", "/api/v1/auth/login", Access::kPublic, Login, kSmallBody});
  router.Add({"POST", "/api/v1/auth/logout", Access::kSignedIn, Logout, kSmallBody});
  router.Add({"GET", "/api/v1/auth/me", Access::kSignedIn, Me});
  router.Add({"POST", "/api/v1/auth/password", Access::kSignedIn, ChangePassword, kSmallBody});
  router.Add({"GET", "/api/v1/auth/sessions", Access::kSignedIn, ListSessions});
  router.Add({"DELETE", "/api/v1/auth/sessions", Access::kSignedIn, EndOtherSessions});
  router.Add({"DELETE", "/api/v1/auth/sessions/{id}", Access::kSignedIn, EndSession});
  router.Add({"GET", "/api/v1/auth/tokens", Access::kSignedIn, ListTokens});
  router.Add({"POST", "/api/v1/auth/tokens", Access::kSignedIn, CreateToken, kSmallBody});
  router.Add({"DELETE", "/api/v1/auth/tokens/{id}", Access::kSignedIn, RevokeToken});
}

const Module& AuthModule() {
  static const Module m{&domain::auth::Info, "auth/openapi.json",
                        [](ModuleSetup& s) {
                          s.services.Make<domain::auth::AuthService>(s.db, s.options.auth);
                        },
                        RegisterAuthRoutes};
  return m;
}

}  // namespace duxing::api
