// Routing for /api/v1: matches method and path pattern, applies the request
// body limit, authenticates (session cookie + CSRF, or bearer token), builds
// the domain Context and calls the handler. Handlers translate HTTP+JSON to a
// domain call and back, nothing more.
#pragma once

#include <boost/json/value.hpp>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "api/http_types.hpp"
#include "common/clock.hpp"
#include "common/page.hpp"
#include "domain/auth/account_service.hpp"
#include "domain/auth/auth_service.hpp"
#include "domain/communities/community.hpp"
#include "domain/orgs/org.hpp"
#include "domain/people/person.hpp"
#include "tabular/xlsx_writer.hpp"

namespace duxing::api {

// What handlers may use; built once by main (the composition root).
struct Services {
  storage::Database& db;
  const Clock& clock;
  domain::auth::AuthService& auth;
  domain::orgs::OrgService& orgs;
  domain::people::PeopleService& people;
  domain::communities::CommunityService& communities;
  domain::auth::AccountService& accounts;
  bool secure_cookies = false;  // add Secure to cookies (behind HTTPS)
};

// Every domain service over one database, and the Services view of them the
// router serves. The composition root and the API tests build this one set;
// a new module adds its service here.
class ServiceSet {
 public:
  ServiceSet(storage::Database& db, const Clock& clock,
             domain::auth::AuthOptions auth_options = {}, bool secure_cookies = false)
      : auth(db, auth_options),
        orgs(db),
        people(db),
        communities(db),
        accounts(db, auth),
        services{db, clock, auth, orgs, people, communities, accounts, secure_cookies} {}
  ServiceSet(const ServiceSet&) = delete;
  ServiceSet& operator=(const ServiceSet&) = delete;

  domain::auth::AuthService auth;
  domain::orgs::OrgService orgs;
  domain::people::PeopleService people;
  domain::communities::CommunityService communities;
  domain::auth::AccountService accounts;
  Services services;
};

// One request being handled.
struct Call {
  const Request& req;
  Services& s;
  domain::Context ctx;
  std::map<std::string, std::string> path_params;
  std::string session_token;  // set when authenticated by cookie
  // Who is calling (signed-in routes); shared with the session cache, immutable.
  // For bearer tokens the csrf_token is empty.
  std::shared_ptr<const domain::auth::Session> session;

  const domain::auth::Principal& principal() const { return session->principal; }

  // The {name} path parameter as a positive id; kInvalidArgument otherwise.
  Result<int64_t> PathId(const std::string& name = "id") const;
};

using RouteHandler = std::function<Response(Call&)>;

enum class Access { kPublic, kSignedIn };

struct Route {
  std::string method;
  std::string pattern;  // "/api/v1/people/{id}"
  Access access = Access::kSignedIn;
  RouteHandler handler;
  size_t max_body = 1 << 20;  // larger bodies answer 413
};

class Router {
 public:
  explicit Router(Services& services) : services_(services) {}
  void Add(Route route);
  // Answers any /api/ request: 404 for unknown paths, 405 for known paths
  // with another method.
  Response Handle(const Request& req);
  const std::vector<Route>& routes() const { return routes_; }

 private:
  Services& services_;
  std::vector<Route> routes_;
  std::vector<std::vector<std::string>> segments_;  // routes_[i].pattern split
};

// Registers every endpoint of every module.
void RegisterRoutes(Router& router);

// --- Responses ---
int HttpStatus(Code code);
Response JsonResponse(int status, const boost::json::value& body);
Response ErrorResponse(const Error& error);
Response NoContent();
// Serializes Page-style lists: {"items": [...], "total": N}.
Response ListResponse(boost::json::array items, int64_t total);
// An .xlsx download of one sheet, saved as `file_name` (Chinese is fine; an
// ASCII `fallback_name` comes first for old clients). Not cached.
Response XlsxDownload(const tabular::Sheet& sheet, std::string_view file_name,
                      std::string_view fallback_name);
inline constexpr const char* kXlsxType =
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

// --- Query parameters ---
// limit (1..500, default 50) and offset (>= 0).
Result<PageRequest> QueryPage(const Request& req);
Result<std::optional<int64_t>> QueryInt(const Request& req, const char* name);
Result<bool> QueryBool(const Request& req, const char* name);
std::optional<std::string> QueryString(const Request& req, const char* name);

// Returns the error response of a failed Result, for handler early exits:
//   DX_TRY(auto x, Something());
#define DX_TRY(decl, expr) \
  DX_TRY_IMPL_(DX_CONCAT_(dx_try_, __LINE__), decl, expr)
#define DX_TRY_IMPL_(tmp, decl, expr)                        \
  auto tmp = (expr);                                         \
  if (!tmp.ok()) return ::duxing::api::ErrorResponse(tmp.error()); \
  decl = std::move(tmp).value()
#define DX_TRY_STATUS(expr)                                           \
  do {                                                                \
    auto dx_st_ = (expr);                                             \
    if (!dx_st_.ok()) return ::duxing::api::ErrorResponse(dx_st_.error()); \
  } while (0)

}  // namespace duxing::api
