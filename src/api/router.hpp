// Routing for /api/v1: matches method and path pattern, refuses cross-site
// writes, authenticates (session cookie + CSRF, or bearer token), authorizes,
// applies the route's body limit and body types, builds the domain Context
// and calls the handler. All of that but the handler is decided from the
// request head, before the body is read (Router::Admit). Handlers translate
// HTTP+JSON to a domain call and back, nothing more.
#pragma once

#include <boost/json/value.hpp>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <string>
#include <vector>

#include "api/body_sink.hpp"
#include "api/http_types.hpp"
#include "api/module.hpp"
#include "common/clock.hpp"
#include "common/page.hpp"
#include "common/shutdown.hpp"
#include "domain/auth/auth_service.hpp"
#include "domain/module.hpp"
#include "storage/generation.hpp"
#include "tabular/xlsx_writer.hpp"

namespace duxing::api {

// What handlers may use; built once by a ServiceSet.
struct Services {
  storage::Database& db;
  const Clock& clock;
  // The backbone service every route's authentication uses.
  domain::auth::AuthService& auth;
  // What the modules declare (labels of record types, fields, actions).
  const domain::Catalog& catalog;
  const ServiceRegistry& registry;
  bool secure_cookies = false;  // add Secure to cookies (behind HTTPS)
  // Set once the server begins shutting down (for handlers that wait on it);
  // owned by the ServiceSet, never null when built by one.
  const ShutdownSignal* shutdown = nullptr;

  // The service of type T a module provides (ServiceRegistry::Get).
  template <typename T>
  T& Get() const {
    return registry.Get<T>();
  }
};

// Every module's services over one database, made by the modules' provide
// steps in list order, and the Services view of them the router serves. The
// composition root and the API tests build this one set.
class ServiceSet {
 public:
  ServiceSet(storage::Database& db, const Clock& clock,
             domain::auth::AuthOptions auth_options = {}, bool secure_cookies = false);
  ServiceSet(storage::Database& db, const Clock& clock, ServiceOptions options);
  ServiceSet(const ServiceSet&) = delete;
  ServiceSet& operator=(const ServiceSet&) = delete;

  ServiceOptions options;
  ServiceRegistry registry;
  domain::Catalog catalog;
  // Begun by the HTTP layer on SIGTERM/SIGINT (see http::ServerOptions).
  ShutdownSignal shutdown;
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
  // The change counters as this request first read them (storage/generation.hpp).
  std::shared_ptr<storage::CounterSnapshot> counters = std::make_shared<storage::CounterSnapshot>();

  const domain::auth::Principal& principal() const { return session->principal; }

  // The {name} path parameter as a positive id; kInvalidArgument otherwise.
  Result<int64_t> PathId(const std::string& name = "id") const;
};

using RouteHandler = std::function<Response(Call&)>;
// Whether the caller may use a route at all, decided from the Call without
// its body (the principal, path parameters, query, headers): a role check.
using RouteAuthorize = std::function<Status(const Call&)>;

enum class Access { kPublic, kSignedIn };

// Bodies up to this size need no authorize step; larger limits do. JSON
// routes keep it unless they say more (or less: kSmallBody).
inline constexpr size_t kDefaultMaxBody = 64 << 10;
// The body limit of routes taking a few short fields (sign-in, passwords,
// tokens): nobody unauthenticated makes the server buffer more.
inline constexpr size_t kSmallBody = 16 << 10;
// Heavy requests (Route::heavy) one account may have in flight at once.
inline constexpr int kHeavyPerAccount = 2;
// Streamed requests (Route::open_sink: uploads) one account may have in
// flight at once, unless Router::SetStreamsPerAccount says otherwise.
inline constexpr int kStreamsPerAccount = 2;
inline constexpr const char* kJsonType = "application/json";

struct Route {
  std::string method;
  std::string pattern;  // "/api/v1/people/{id}"
  Access access = Access::kSignedIn;
  RouteHandler handler;
  size_t max_body = kDefaultMaxBody;  // larger bodies answer 413, unread
  // Runs before the body is read (a refusal answers without reading it) and
  // again before the handler. Required when max_body > kDefaultMaxBody, so
  // that no one can make the server read or parse a large upload they may
  // not send.
  RouteAuthorize authorize = nullptr;
  // Media types a body may have (parameters such as charset ignored, case
  // insensitive); a body of another type answers 415. Routes that read a
  // JSON body keep the default.
  std::vector<std::string> body_types = {kJsonType};
  // Costly to serve (exports, imports: large bodies or spreadsheets built
  // in memory): one account has at most kHeavyPerAccount of them in flight,
  // from admission until the answer is sent; past it 429, body unread.
  bool heavy = false;
  // A streamed route (uploads): when set, `handler` is not used; instead,
  // once the head is admitted (authorize included), a sink is opened for the
  // call and fed the body chunk by chunk as it arrives (see BodySink); the
  // body is never buffered whole. Requires an authorize step and a signed-in
  // caller. One account has at most kStreamsPerAccount (or as set:
  // Router::SetStreamsPerAccount) streamed requests in flight, from
  // admission until the answer is sent; past it 429, body unread (a slow
  // upload holds its slot until the server's body timeout ends it).
  std::function<std::unique_ptr<BodySink>(Call&)> open_sink = nullptr;
  // A cheap GET that every open page polls (the unread count): its
  // authorize step and handler read a few rows by key, from memory while
  // nothing changed (storage::SettledCache), and write nothing. May be
  // answered on the HTTP I/O thread (Router::AnswerInPlace), without the hop
  // to a worker and back, when everything it needs is in memory.
  bool in_place = false;
  // Its write waits for a group commit (storage::GroupCommit: exam starts,
  // answers, hand-ins): run on the server's commit workers, a pool of its
  // own, since a group holds at most one write per thread waiting on it and
  // those threads mostly wait (Router::WaitsForCommit).
  bool waits_for_commit = false;
};

class Router {
 public:
  explicit Router(Services& services) : services_(services) {}
  // What the routes serve (for a module's routes step that sizes a route by
  // its service's settings).
  Services& services() const { return services_; }
  // Throws std::invalid_argument (a bug, at start-up) for a route whose
  // max_body exceeds kDefaultMaxBody without an authorize step, or that is
  // heavy or streamed and public (both are counted per account), or marked
  // in_place while not a plain GET (heavy, streamed or another method).
  void Add(Route route);
  // Streamed requests (uploads) one account may have in flight at once
  // (serve --uploads-per-account; default kStreamsPerAccount), at least 1.
  // Set before serving: not synchronized with Admit.
  void SetStreamsPerAccount(int limit) { streams_per_account_ = limit; }
  Router(const Router&) = delete;
  Router& operator=(const Router&) = delete;
  // Decides from the request head alone (req.body is ignored and normally
  // empty), in this order: 404 unknown path, 405 other method, 400 query
  // text that is not UTF-8, 403 cross-site write (Origin not this host, or
  // Sec-Fetch-Site: cross-site; any method but GET/HEAD/OPTIONS, public routes
  // included), 401/403 authentication and CSRF, 403 authorize, 413 declared
  // Content-Length over the route's max_body, 415 body type, 429 too many
  // heavy or streamed requests of this account in flight. May read the
  // database (authentication): call it on a worker thread. Every answer
  // without a Cache-Control header of its own gets "no-store".
  Admission Admit(const Request& head);
  // Answers a request without a body on the calling thread when its route
  // is in_place and its admission and handler began no transaction
  // (storage::NoWaitScope: everything came from memory; not so for a change
  // signalled since the caches were confirmed, a session whose activity is
  // due to be written, a session or count not cached yet, PostgreSQL);
  // nullopt otherwise, and then the request is to be admitted on a worker as
  // usual (what was done here is redone there; it wrote nothing). The answer is the one Admit and proceed would give.
  // For the HTTP I/O thread, so that the polls every open page makes cost
  // no thread hop.
  std::optional<Response> AnswerInPlace(const Request& head);
  // Whether the route of `head`'s method and path is marked waits_for_commit
  // (no authentication, no database: for the HTTP I/O thread, to pick the
  // pool the request runs on).
  bool WaitsForCommit(const Request& head) const;
  // Admit and proceed on a request whose body has been read: answers any
  // /api/ request.
  Response Handle(const Request& req);
  const std::vector<Route>& routes() const { return routes_; }

 private:
  // The route of the request's method and path with its path parameters,
  // or the 404/405 answer.
  const Route* Resolve(const Request& req, std::map<std::string, std::string>& params,
                       Response& refusal) const;
  // The checks of Admit once the route is known, up to the body type (not
  // the per-account slots): fills call.ctx and call.session; the refusal
  // (without the API defaults of NoStore) when one fails.
  std::optional<Response> Screen(const Request& head, const Route& route, Call& call);
  // Admit once the route is known.
  Admission AdmitRoute(const Request& head, const Route& route,
                       std::map<std::string, std::string> params);
  // Sets call.session (signed-in routes); the 401/403 answer otherwise.
  std::optional<Response> Authenticate(const Route& route, Call& call);
  // The authorize step and the handler, exceptions turned into 500s.
  Response Run(const Route& route, Call& call) const;

  // Requests in flight by account id, of one kind (heavy, streamed).
  using InFlight = std::unordered_map<int64_t, int>;
  // A slot for one request of `account_id` counted in `in_flight`, released
  // when the last copy is destroyed; null when the account has `limit` already.
  std::shared_ptr<void> TakeSlot(InFlight& in_flight, int limit, int64_t account_id);

  Services& services_;
  std::mutex slots_mu_;  // guards the InFlight maps
  InFlight heavy_in_flight_;
  InFlight streams_in_flight_;
  int streams_per_account_ = kStreamsPerAccount;
  std::vector<Route> routes_;
  std::vector<std::vector<std::string>> segments_;  // routes_[i].pattern split
  // Indexes in routes_ of the patterns without parameters, by pattern.
  std::unordered_map<std::string, std::vector<size_t>> literal_routes_;
};

// Registers every endpoint of every module (AllModules(), in order).
void RegisterRoutes(Router& router);
// Registers the test-only routes of `serve --test-hooks` (under
// /api/v1/test-hooks/); never called otherwise.
void RegisterTestHooks(Router& router, ManualClock& clock);

// --- Responses ---
int HttpStatus(Code code);
Response JsonResponse(int status, const boost::json::value& body);
Response ErrorResponse(const Error& error);
Response NoContent();
// Serializes Page-style lists: {"items": [...], "total": N}.
Response ListResponse(boost::json::array items, int64_t total);
// The body of a list paged by cursor (domain/list_query.hpp):
// {"items": [...], "total": N, "next_cursor": "…" or null on the last page}.
std::string ListJson(boost::json::array items, int64_t total, const std::string& next_cursor);
Response ListResponse(boost::json::array items, int64_t total, const std::string& next_cursor);
// An .xlsx download of one sheet, saved as `file_name` (Chinese is fine; an
// ASCII `fallback_name` comes first for old clients). Not cached.
Response XlsxDownload(const tabular::Sheet& sheet, std::string_view file_name,
                      std::string_view fallback_name);
// A Content-Disposition value ("attachment" or "inline") naming the file:
// the ASCII `fallback_name` (no quotes or backslashes; the caller makes it)
// first for old clients, then the UTF-8 name per RFC 5987 (filename*).
std::string ContentDisposition(std::string_view disposition, std::string_view file_name,
                               std::string_view fallback_name);
inline constexpr const char* kXlsxType =
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

// --- Query parameters ---
// limit (1..500, default 50), offset (>= 0; lists bound it, see
// domain::kMaxListOffset) and cursor (at most kMaxCursorBytes; checked by the
// list it came from).
inline constexpr size_t kMaxCursorBytes = 1024;
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
