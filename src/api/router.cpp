#include "api/router.hpp"

#include "api/auth/session_cookie.hpp"

#include <spdlog/spdlog.h>

#include <boost/json/serialize.hpp>
#include <algorithm>
#include <charconv>

#include "common/text.hpp"

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

// Matches a pattern against the segments of a path; on success fills
// `params` and returns how many segments matched literally, else -1.
int Match(const std::vector<std::string>& p, const std::vector<std::string_view>& s,
          std::map<std::string, std::string>& params) {
  if (p.size() != s.size()) return -1;
  std::map<std::string, std::string> found;
  int literals = 0;
  for (size_t i = 0; i < p.size(); ++i) {
    if (p[i].size() > 2 && p[i].front() == '{' && p[i].back() == '}') {
      found.emplace(p[i].substr(1, p[i].size() - 2), std::string(s[i]));
    } else if (p[i] != s[i]) {
      return -1;
    } else {
      ++literals;
    }
  }
  params = std::move(found);
  return literals;
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
  std::vector<std::string> segments;
  for (auto part : Split(route.pattern)) segments.emplace_back(part);
  segments_.push_back(std::move(segments));
  routes_.push_back(std::move(route));
}

Response Router::Handle(const Request& req) {
  tl_request_id = req.request_id;
  const Route* route = nullptr;
  std::map<std::string, std::string> params;
  // A path matched by a pattern with more literal segments belongs to that
  // pattern only: /people/import is not /people/{id} with id "import".
  auto segments = Split(req.path);
  int best = -1;
  for (const auto& pattern : segments_) {
    std::map<std::string, std::string> p;
    best = std::max(best, Match(pattern, segments, p));
  }
  bool path_known = best >= 0;
  std::string allow;  // methods of the path, for a 405
  for (size_t i = 0; i < routes_.size() && path_known; ++i) {
    const Route& r = routes_[i];
    std::map<std::string, std::string> p;
    if (Match(segments_[i], segments, p) != best) continue;
    if (r.method == req.method || (req.method == "HEAD" && r.method == "GET")) {
      route = &r;
      params = std::move(p);
      break;
    }
    if (allow.find(r.method) == std::string::npos) {
      allow += allow.empty() ? r.method : ", " + r.method;
      if (r.method == "GET") allow += ", HEAD";
    }
  }
  if (!route) {
    if (path_known) {
      Response r = ErrorResponse(MakeError(Code::kInvalidArgument, "不支持的请求方法"));
      r.status = 405;
      r.body = R"({"error":{"code":"method_not_allowed","message":"不支持的请求方法","field":""}})";
      r.headers.emplace_back("Allow", allow);
      return r;
    }
    Response r = ErrorResponse(MakeError(Code::kNotFound, "接口不存在"));
    return r;
  }
  if (req.body.size() > route->max_body || req.body_too_large) {
    return ErrorResponse(MakeError(Code::kTooLarge, "请求内容过大"));
  }
  // Text reaches SQL as parameters; PostgreSQL refuses bytes that are not UTF-8.
  for (const auto& [key, value] : req.query) {
    if (!IsValidUtf8(key) || !IsValidUtf8(value) || key.find('\0') != std::string::npos ||
        value.find('\0') != std::string::npos) {
      return ErrorResponse(MakeError(Code::kInvalidArgument, "查询参数不是有效的文本",
                                     IsValidUtf8(key) ? key : ""));
    }
  }

  Call call{req, services_, {}, std::move(params), {}, nullptr};
  call.ctx.request_id = req.request_id;
  call.ctx.client_ip = req.client_ip;
  call.ctx.now = services_.clock.Now();

  if (route->access == Access::kSignedIn) {
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
  }
  try {
    return route->handler(call);
  } catch (const std::exception& e) {
    spdlog::error("request {} {} {} failed: {}", req.request_id, req.method, req.path,
                  e.what());
    return ErrorResponse(InternalError(e.what()));
  }
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
  auto bytes = tabular::WriteXlsx(sheet);
  if (!bytes.ok()) return ErrorResponse(bytes.error());
  Response r;
  r.content_type = kXlsxType;
  r.body = std::move(*bytes);
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
  r.headers.emplace_back("Content-Disposition", "attachment; filename=\"" +
                                                    std::string(fallback_name) +
                                                    "\"; filename*=UTF-8''" + encoded);
  r.headers.emplace_back("Cache-Control", "no-store");
  return r;
}

Response ListResponse(boost::json::array items, int64_t total) {
  return JsonResponse(200, boost::json::object{{"items", std::move(items)}, {"total", total}});
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
  return p;
}

}  // namespace duxing::api
