#include "api/router.hpp"
#include "api/xlsx_download.hpp"

#include "api/auth/session_cookie.hpp"

#include <spdlog/spdlog.h>

#include <boost/json/serialize.hpp>
#include <algorithm>
#include <cctype>
#include <charconv>
#include <stdexcept>

#include "common/text.hpp"
#include "storage/database.hpp"

namespace duxing::api {
namespace {

// The request this worker thread is handling, for error log lines.
thread_local std::string tl_request_id;

std::vector<std::string_view> Split(std::string_view path) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < path.size()) {
    if (path[i] == '/') {
      ++i;
      continue;
    }
    size_t j = path.find('/', i);
    if (j == std::string_view::npos) j = path.size();
    out.push_back(path.substr(i, j - i));
    i = j;
  }
  return out;
}

bool IsParameter(const std::string& segment) {
  return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

// Matches a pattern against the segments of a path: how many segments
// matched literally, or -1 when the path does not match. Allocates nothing
// (every request tries every pattern).
int Match(const std::vector<std::string>& p, const std::vector<std::string_view>& s) {
  if (p.size() != s.size()) return -1;
  int literals = 0;
  for (size_t i = 0; i < p.size(); ++i) {
    if (IsParameter(p[i])) continue;
    if (p[i] != s[i]) return -1;
    ++literals;
  }
  return literals;
}

// The {name} parameters of a path that matches pattern `p`.
std::map<std::string, std::string> Parameters(const std::vector<std::string>& p,
                                              const std::vector<std::string_view>& s) {
  std::map<std::string, std::string> params;
  for (size_t i = 0; i < p.size(); ++i) {
    if (IsParameter(p[i])) params.emplace(p[i].substr(1, p[i].size() - 2), std::string(s[i]));
  }
  return params;
}

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  unsigned char diff = 0;
  for (size_t i = 0; i < a.size(); ++i) diff |= a[i] ^ b[i];
  return diff == 0;
}

bool IsUnsafe(const std::string& method) {
  return method != "GET" && method != "HEAD" && method != "OPTIONS";
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

// A browser's word that the request comes from another site: Sec-Fetch-Site
// says so, or an Origin is sent whose host[:port] is not the one addressed.
// Requests without either header (scripts, old browsers) are not cross-site.
bool IsCrossSite(const Request& req) {
  if (EqualsIgnoreCase(req.Header("sec-fetch-site"), "cross-site")) return true;
  std::string_view origin = req.Header("origin");
  if (origin.empty()) return false;
  size_t scheme = origin.find("://");
  if (scheme == std::string_view::npos) return true;  // "null" and the like
  return req.host.empty() || !EqualsIgnoreCase(origin.substr(scheme + 3), req.host);
}

// The media type of a Content-Type value, lower-case, without parameters.
std::string MediaType(std::string_view content_type) {
  content_type = content_type.substr(0, content_type.find(';'));
  while (!content_type.empty() && content_type.back() == ' ') content_type.remove_suffix(1);
  while (!content_type.empty() && content_type.front() == ' ') content_type.remove_prefix(1);
  std::string out(content_type);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool IsOneOf(const std::string& type, const std::vector<std::string>& types) {
  return std::any_of(types.begin(), types.end(),
                     [&](const std::string& t) { return EqualsIgnoreCase(type, t); });
}

// An error answer with a status that no domain Code maps to (405, 415).
Response StatusResponse(int status, std::string_view code, std::string_view message) {
  Response r;
  r.status = status;
  r.body = boost::json::serialize(boost::json::object{
      {"error", {{"code", code}, {"message", message}, {"field", ""}}}});
  return r;
}

// API answers carry personal data: not stored by browsers or proxies unless
// the handler chose a Cache-Control of its own. A JSON answer opened as a
// page (a link, a redirect) is downloaded, never rendered.
Response NoStore(Response r) {
  r.headers.reserve(r.headers.size() + 2);
  if (!r.HasHeader("cache-control")) r.headers.emplace_back("Cache-Control", "no-store");
  if (r.content_type.rfind("application/json", 0) == 0 && !r.HasHeader("content-disposition")) {
    r.headers.emplace_back("Content-Disposition", "attachment; filename=\"api.json\"");
  }
  return r;
}

}  // namespace

Result<int64_t> Call::PathId(const std::string& name) const {
  auto it = path_params.find(name);
  int64_t v = 0;
  if (it != path_params.end()) {
    const std::string& s = it->second;
    auto r = std::from_chars(s.data(), s.data() + s.size(), v);
    if (r.ec == std::errc() && r.ptr == s.data() + s.size() && v > 0) return v;
  }
  return MakeError(Code::kInvalidArgument, "无效的编号", name);
}

void Router::Add(Route route) {
  if (route.max_body > kDefaultMaxBody && !route.authorize) {
    throw std::invalid_argument(route.method + " " + route.pattern +
                                ": a body limit above 64 KiB needs an authorize step");
  }
  if (route.open_sink && !route.authorize) {
    throw std::invalid_argument(route.method + " " + route.pattern +
                                ": a streamed route needs an authorize step");
  }
  if ((route.heavy || route.open_sink) && route.access != Access::kSignedIn) {
    throw std::invalid_argument(route.method + " " + route.pattern +
                                ": a heavy or streamed route must be signed-in (counted per "
                                "account)");
  }
  if (route.in_place && (route.method != "GET" || route.heavy || route.open_sink)) {
    throw std::invalid_argument(route.method + " " + route.pattern +
                                ": only a plain GET may be answered in place");
  }
  std::vector<std::string> segments;
  for (auto part : Split(route.pattern)) segments.emplace_back(part);
  if (std::none_of(segments.begin(), segments.end(), IsParameter)) {
    literal_routes_[route.pattern].push_back(routes_.size());
  }
  segments_.push_back(std::move(segments));
  routes_.push_back(std::move(route));
}

const Route* Router::Resolve(const Request& req, std::map<std::string, std::string>& params,
                             Response& refusal) const {
  // A path that is a pattern without parameters, as written, matches no
  // pattern with more literal segments: its routes decide, unless none has
  // the method (then the search below finds the 405's Allow).
  if (auto literal = literal_routes_.find(req.path); literal != literal_routes_.end()) {
    for (size_t i : literal->second) {
      const Route& r = routes_[i];
      if (r.method == req.method || (req.method == "HEAD" && r.method == "GET")) return &r;
    }
  }
  // A path matched by a pattern with more literal segments belongs to that
  // pattern only: /people/import is not /people/{id} with id "import".
  auto segments = Split(req.path);
  int best = -1;
  for (const auto& pattern : segments_) best = std::max(best, Match(pattern, segments));
  if (best < 0) {
    refusal = ErrorResponse(MakeError(Code::kNotFound, "接口不存在"));
    return nullptr;
  }
  std::string allow;  // methods of the path, for a 405
  for (size_t i = 0; i < routes_.size(); ++i) {
    const Route& r = routes_[i];
    if (Match(segments_[i], segments) != best) continue;
    if (r.method == req.method || (req.method == "HEAD" && r.method == "GET")) {
      params = Parameters(segments_[i], segments);
      return &r;
    }
    if (allow.find(r.method) == std::string::npos) {
      allow += allow.empty() ? r.method : ", " + r.method;
      if (r.method == "GET") allow += ", HEAD";
    }
  }
  refusal = StatusResponse(405, "method_not_allowed", "不支持的请求方法");
  refusal.headers.emplace_back("Allow", allow);
  return nullptr;
}

namespace {

// What an account that must change its password may still call: the change
// itself, sign-out, who am I, and its own sessions.
bool AllowedBeforePasswordChange(const Route& route) {
  static constexpr std::string_view kAllowed[] = {
      "POST /api/v1/auth/password", "POST /api/v1/auth/logout", "GET /api/v1/auth/me",
      "GET /api/v1/auth/sessions", "DELETE /api/v1/auth/sessions",
      "DELETE /api/v1/auth/sessions/{id}"};
  std::string key = route.method + " " + route.pattern;
  return std::find(std::begin(kAllowed), std::end(kAllowed), key) != std::end(kAllowed);
}

}  // namespace

std::optional<Response> Router::Authenticate(const Route& route, Call& call) {
  if (route.access != Access::kSignedIn) return std::nullopt;
  const Request& req = call.req;
  std::string_view authz = req.Header("authorization");
  if (authz.rfind("Bearer ", 0) == 0) {
    auto p = services_.auth.AuthenticateBearer(std::string(authz.substr(7)), call.ctx.now);
    if (!p.ok()) return ErrorResponse(p.error());
    call.session = std::make_shared<const domain::auth::Session>(
        domain::auth::Session{std::move(p).value(), ""});
  } else {
    auto cookie = ReadSessionCookie(req.Header("cookie"), services_.secure_cookies);
    if (!cookie.ok()) {
      Response r = ErrorResponse(cookie.error());
      r.headers.emplace_back("Set-Cookie", SessionCookieHeader(services_.secure_cookies, ""));
      return r;
    }
    std::string token = std::move(cookie).value();
    if (token.empty()) return ErrorResponse(MakeError(Code::kUnauthenticated, "请先登录"));
    auto s = services_.auth.AuthenticateSession(token, call.ctx.now);
    if (!s.ok()) return ErrorResponse(s.error());
    if (IsUnsafe(req.method) &&
        !ConstantTimeEquals(req.Header("x-csrf-token"), (*s)->csrf_token)) {
      return ErrorResponse(
          MakeError(Code::kPermissionDenied, "缺少或错误的 CSRF 令牌，请刷新页面后重试"));
    }
    call.session = std::move(s).value();
    call.session_token = std::move(token);
  }
  call.ctx.principal = &call.session->principal;
  if (call.session->principal.must_change_password && !AllowedBeforePasswordChange(route)) {
    return StatusResponse(403, "password_change_required",
                          "管理员为您设置的初始密码须先修改：请在“修改密码”中设置自己的新密码");
  }
  return std::nullopt;
}

Response Router::Run(const Route& route, Call& call) const {
  storage::CounterSnapshotScope counters(*call.counters);
  try {
    if (route.authorize) DX_TRY_STATUS(route.authorize(call));
    return route.handler(call);
  } catch (const std::exception& e) {
    spdlog::error("request {} {} {} failed: {}", call.req.request_id, call.req.method,
                  call.req.path, e.what());
    return ErrorResponse(InternalError(e.what()));
  }
}

namespace {

class RefusingSink : public BodySink {
 public:
  explicit RefusingSink(Response r) : refusal_(std::move(r)) {}
  std::optional<Response> Write(std::string_view) override { return refusal_; }
  Response Finish() override { return refusal_; }

 private:
  Response refusal_;
};

// The sink of a streamed route with the Call it serves (kept alive for it);
// answers get the API defaults, exceptions become 500s as in Router::Run.
class CallSink : public BodySink {
 public:
  CallSink(std::shared_ptr<Call> call, std::unique_ptr<BodySink> inner)
      : call_(std::move(call)), inner_(std::move(inner)) {}
  std::optional<Response> Write(std::string_view bytes) override {
    return Guard([&] { return inner_->Write(bytes); });
  }
  Response Finish() override {
    return *Guard([&] { return std::optional<Response>(inner_->Finish()); });
  }

 private:
  template <class Fn>
  std::optional<Response> Guard(Fn fn) {
    tl_request_id = call_->req.request_id;
    storage::CounterSnapshotScope counters(*call_->counters);
    try {
      auto r = fn();
      if (r) return NoStore(std::move(*r));
      return std::nullopt;
    } catch (const std::exception& e) {
      spdlog::error("request {} {} {} failed: {}", call_->req.request_id, call_->req.method,
                    call_->req.path, e.what());
      return NoStore(ErrorResponse(InternalError(e.what())));
    }
  }
  std::shared_ptr<Call> call_;
  std::unique_ptr<BodySink> inner_;
};

}  // namespace

std::unique_ptr<BodySink> RefuseBody(Response refusal) {
  return std::make_unique<RefusingSink>(std::move(refusal));
}

Admission Router::Admit(const Request& head) {
  tl_request_id = head.request_id;
  std::map<std::string, std::string> params;
  Response refusal;
  const Route* route = Resolve(head, params, refusal);
  if (!route) return Admission::Refuse(NoStore(std::move(refusal)));
  return AdmitRoute(head, *route, std::move(params));
}

std::optional<Response> Router::AnswerInPlace(const Request& head) {
  if (head.HasBody()) return std::nullopt;
  tl_request_id = head.request_id;
  std::map<std::string, std::string> params;
  Response refusal;
  const Route* route = Resolve(head, params, refusal);
  if (!route || !route->in_place) return std::nullopt;
  storage::NoWaitScope no_wait;
  // As AdmitRoute and its proceed, without the Admission: an in_place
  // route is a plain GET (no body, no per-account slot).
  Call call{head, services_, {}, std::move(params), {}, nullptr};
  auto screened = Screen(head, *route, call);
  Response answer = NoStore(screened ? std::move(*screened) : Run(*route, call));
  if (no_wait.refused()) return std::nullopt;
  return answer;
}

bool Router::WaitsForCommit(const Request& head) const {
  std::map<std::string, std::string> params;
  Response refusal;
  const Route* route = Resolve(head, params, refusal);
  return route && route->waits_for_commit;
}

std::optional<Response> Router::Screen(const Request& head, const Route& route, Call& call) {
  storage::CounterSnapshotScope counters(*call.counters);
  // Text reaches SQL as parameters; PostgreSQL refuses bytes that are not UTF-8.
  for (const auto& [key, value] : head.query) {
    if (!IsValidUtf8(key) || !IsValidUtf8(value) || key.find('\0') != std::string::npos ||
        value.find('\0') != std::string::npos) {
      return ErrorResponse(MakeError(Code::kInvalidArgument, "查询参数不是有效的文本",
                                     IsValidUtf8(key) ? key : ""));
    }
  }
  if (IsUnsafe(head.method) && IsCrossSite(head)) {
    return ErrorResponse(MakeError(Code::kPermissionDenied,
                                   "拒绝来自其他网站的请求：请在本系统的页面中操作"));
  }
  call.ctx.request_id = head.request_id;
  call.ctx.client_ip = head.client_ip;
  call.ctx.now = services_.clock.Now();
  if (auto denied = Authenticate(route, call)) return denied;
  if (route.authorize) {
    Status allowed = route.authorize(call);
    if (!allowed.ok()) return ErrorResponse(allowed.error());
  }
  uint64_t declared = 0;
  std::string_view length = head.Header("content-length");
  auto [end, ec] = std::from_chars(length.data(), length.data() + length.size(), declared);
  if (head.body.size() > route.max_body ||
      (!length.empty() && (ec != std::errc() || declared > route.max_body))) {
    return ErrorResponse(MakeError(Code::kTooLarge, "请求内容过大"));
  }
  if (head.HasBody() && !IsOneOf(MediaType(head.Header("content-type")), route.body_types)) {
    std::string expected;
    for (const auto& t : route.body_types) expected += (expected.empty() ? "" : " 或 ") + t;
    return StatusResponse(415, "unsupported_media_type",
                          "不支持的请求内容类型（Content-Type 应为 " + expected + "）");
  }
  return std::nullopt;
}

Admission Router::AdmitRoute(const Request& head, const Route& route_ref,
                             std::map<std::string, std::string> params) {
  const Route* route = &route_ref;
  auto refuse = [](Response r) { return Admission::Refuse(NoStore(std::move(r))); };
  auto call = std::make_shared<Call>(Call{head, services_, {}, std::move(params), {}, nullptr});
  if (auto refusal = Screen(head, *route, *call)) return refuse(std::move(*refusal));
  Admission admitted;
  if (route->heavy || route->open_sink) {
    const int64_t account = call->session->principal.account_id;
    admitted.hold = route->heavy ? TakeSlot(heavy_in_flight_, kHeavyPerAccount, account)
                                 : TakeSlot(streams_in_flight_, streams_per_account_, account);
    if (!admitted.hold) {
      Error busy = MakeError(Code::kResourceExhausted,
                             route->heavy ? "您同时进行的导入或导出过多，请等当前的完成后再试"
                                          : "您同时进行的上传过多，请等当前的完成后再试");
      busy.retry_after_seconds = 5;
      return refuse(ErrorResponse(busy));
    }
  }
  admitted.body_limit = route->max_body;
  if (route->open_sink) {
    admitted.open_sink = [route, call](const Request&) -> std::unique_ptr<BodySink> {
      std::unique_ptr<BodySink> inner;
      try {
        inner = route->open_sink(*call);
      } catch (const std::exception& e) {
        spdlog::error("request {} {} {} failed: {}", call->req.request_id, call->req.method,
                      call->req.path, e.what());
        inner = RefuseBody(ErrorResponse(InternalError(e.what())));
      }
      return std::make_unique<CallSink>(call, std::move(inner));
    };
    // A request with its body at hand (no body on the wire, or Handle):
    // the same sink, fed at once.
    admitted.proceed = [open = admitted.open_sink](const Request& req) {
      auto sink = open(req);
      if (!req.body.empty()) {
        if (auto refusal = sink->Write(req.body)) return std::move(*refusal);
      }
      return sink->Finish();
    };
    return admitted;
  }
  admitted.proceed = [this, route, call](const Request& req) {
    tl_request_id = req.request_id;
    Call full{req, services_, call->ctx, call->path_params, call->session_token, call->session,
              call->counters};
    return NoStore(Run(*route, full));
  };
  return admitted;
}

std::shared_ptr<void> Router::TakeSlot(InFlight& in_flight, int limit, int64_t account_id) {
  std::lock_guard lock(slots_mu_);
  int& n = in_flight[account_id];
  if (n >= limit) return nullptr;
  ++n;
  return std::shared_ptr<void>(static_cast<void*>(this), [this, &in_flight, account_id](void*) {
    std::lock_guard lock(slots_mu_);
    auto it = in_flight.find(account_id);
    if (it != in_flight.end() && --it->second <= 0) in_flight.erase(it);
  });
}

Response Router::Handle(const Request& req) {
  Admission admitted = Admit(req);
  if (admitted.refusal) return std::move(*admitted.refusal);
  if (req.body.size() > admitted.body_limit) {
    return NoStore(ErrorResponse(MakeError(Code::kTooLarge, "请求内容过大")));
  }
  return admitted.proceed(req);
}

int HttpStatus(Code code) {
  switch (code) {
    case Code::kInvalidArgument: return 400;
    case Code::kUnauthenticated: return 401;
    case Code::kPermissionDenied: return 403;
    case Code::kNotFound: return 404;
    case Code::kAlreadyExists: return 409;
    case Code::kConflict: return 409;
    case Code::kTooLarge: return 413;
    case Code::kFailedPrecondition: return 422;
    case Code::kResourceExhausted: return 429;
    case Code::kInternal: return 500;
  }
  return 500;
}

Response JsonResponse(int status, const boost::json::value& body) {
  Response r;
  r.status = status;
  r.body = boost::json::serialize(body);
  return r;
}

Response ErrorResponse(const Error& e) {
  if (e.code == Code::kInternal) {
    spdlog::error("request {} internal error: {}", tl_request_id, e.internal);
  } else if (!e.internal.empty()) {
    spdlog::debug("{}: {}", CodeName(e.code), e.internal);
  }
  boost::json::object err{{"code", CodeName(e.code)},
                          {"message", e.message.empty() ? "请求无效" : e.message},
                          {"field", e.field}};
  if (!e.details.empty()) {
    boost::json::array details;
    for (const auto& d : e.details) {
      details.push_back({{"row", d.row}, {"column", d.column}, {"reason", d.reason}});
    }
    err["details"] = std::move(details);
  }
  Response r;
  if (e.code == Code::kResourceExhausted) {
    err["retry_after"] = e.retry_after_seconds;
    r.headers.emplace_back("Retry-After", std::to_string(e.retry_after_seconds));
  }
  r.status = HttpStatus(e.code);
  r.body = boost::json::serialize(boost::json::object{{"error", std::move(err)}});
  return r;
}

Response NoContent() {
  Response r;
  r.status = 204;
  r.content_type = "text/plain";
  return r;
}

Response XlsxDownload(const tabular::Sheet& sheet, std::string_view file_name,
                      std::string_view fallback_name) {
  return XlsxWorkbookDownload(std::vector<tabular::Sheet>{sheet}, file_name, fallback_name);
}

Response XlsxWorkbookDownload(const std::vector<tabular::Sheet>& sheets, std::string_view file_name,
                              std::string_view fallback_name) {
  auto bytes = tabular::WriteXlsxWorkbook(sheets);
  if (!bytes.ok()) return ErrorResponse(bytes.error());
  Response r;
  r.content_type = kXlsxType;
  r.body = std::move(*bytes);
  r.headers.emplace_back("Content-Disposition",
                         ContentDisposition("attachment", file_name, fallback_name));
  r.headers.emplace_back("Cache-Control", "no-store");
  return r;
}

std::string ContentDisposition(std::string_view disposition, std::string_view file_name,
                               std::string_view fallback_name) {
  // RFC 5987: the UTF-8 name percent-encoded, after the ASCII fallback.
  std::string encoded;
  static constexpr char kHex[] = "0123456789ABCDEF";
  for (unsigned char ch : file_name) {
    if (std::isalnum(ch) || ch == '.' || ch == '-' || ch == '_') {
      encoded += static_cast<char>(ch);
    } else {
      encoded += '%';
      encoded += kHex[ch >> 4];
      encoded += kHex[ch & 15];
    }
  }
  return std::string(disposition) + "; filename=\"" + std::string(fallback_name) +
         "\"; filename*=UTF-8''" + encoded;
}

Response ListResponse(boost::json::array items, int64_t total) {
  return JsonResponse(200, boost::json::object{{"items", std::move(items)}, {"total", total}});
}

Response ListResponse(boost::json::array items, int64_t total, const std::string& next_cursor) {
  Response r;
  r.status = 200;
  r.body = ListJson(std::move(items), total, next_cursor);
  return r;
}

std::string ListJson(boost::json::array items, int64_t total, const std::string& next_cursor) {
  boost::json::value cursor = nullptr;
  if (!next_cursor.empty()) cursor = boost::json::string(next_cursor);
  return boost::json::serialize(boost::json::object{
      {"items", std::move(items)}, {"total", total}, {"next_cursor", std::move(cursor)}});
}

Result<std::optional<int64_t>> QueryInt(const Request& req, const char* name) {
  const std::string* s = req.Query(name);
  if (!s || s->empty()) return std::optional<int64_t>();
  int64_t v = 0;
  auto r = std::from_chars(s->data(), s->data() + s->size(), v);
  if (r.ec != std::errc() || r.ptr != s->data() + s->size()) {
    return MakeError(Code::kInvalidArgument, std::string("参数 ") + name + " 应为整数", name);
  }
  return std::optional<int64_t>(v);
}

Result<bool> QueryBool(const Request& req, const char* name) {
  const std::string* s = req.Query(name);
  if (!s || s->empty() || *s == "false" || *s == "0") return false;
  if (*s == "true" || *s == "1") return true;
  return MakeError(Code::kInvalidArgument, std::string("参数 ") + name + " 应为 true 或 false",
                   name);
}

std::optional<std::string> QueryString(const Request& req, const char* name) {
  const std::string* s = req.Query(name);
  if (!s || s->empty()) return std::nullopt;
  return *s;
}

Result<PageRequest> QueryPage(const Request& req) {
  PageRequest p;
  DX_ASSIGN_OR_RETURN(auto limit, QueryInt(req, "limit"));
  DX_ASSIGN_OR_RETURN(auto offset, QueryInt(req, "offset"));
  if (limit) {
    if (*limit < 1 || *limit > 500) {
      return MakeError(Code::kInvalidArgument, "limit 应在 1 到 500 之间", "limit");
    }
    p.limit = *limit;
  }
  if (offset) {
    if (*offset < 0) return MakeError(Code::kInvalidArgument, "offset 不能为负数", "offset");
    p.offset = *offset;
  }
  if (auto cursor = QueryString(req, "cursor")) {
    if (cursor->size() > kMaxCursorBytes) {
      return MakeError(Code::kInvalidArgument, "翻页位置无效，请从第一页重新查询", "cursor");
    }
    p.cursor = *cursor;
  }
  return p;
}

}  // namespace duxing::api
