#include "api/auth/session_cookie.hpp"

namespace duxing::api {

std::string_view SessionCookieName(bool secure) {
  return secure ? "__Host-duxing_session" : "duxing_session";
}

std::string SessionCookieHeader(bool secure, std::string_view token) {
  std::string cookie = std::string(SessionCookieName(secure)) + "=" + std::string(token) +
                       "; Path=/; HttpOnly; SameSite=Lax";
  if (token.empty()) cookie += "; Max-Age=0";
  if (secure) cookie += "; Secure";
  return cookie;
}

Result<std::string> ReadSessionCookie(std::string_view header, bool secure) {
  std::string_view name = SessionCookieName(secure);
  std::optional<std::string_view> found;
  size_t i = 0;
  while (i < header.size()) {
    while (i < header.size() && (header[i] == ' ' || header[i] == ';')) ++i;
    size_t end = header.find(';', i);
    if (end == std::string_view::npos) end = header.size();
    std::string_view pair = header.substr(i, end - i);
    size_t eq = pair.find('=');
    if (eq != std::string_view::npos && pair.substr(0, eq) == name) {
      if (found) return MakeError(Code::kUnauthenticated, "登录凭据重复，请重新登录");
      found = pair.substr(eq + 1);
    }
    i = end;
  }
  return std::string(found.value_or(""));
}

}  // namespace duxing::api
