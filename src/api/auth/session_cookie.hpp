// The session cookie: its name, its Set-Cookie value and how a request's
// Cookie header is read.
//
// Behind HTTPS (--secure-cookies) the cookie is "__Host-duxing_session" with
// Secure and Path=/ and no Domain: browsers accept such a cookie only from
// this very host over HTTPS, so a sibling subdomain cannot plant one. Over
// plain HTTP it is "duxing_session". Either way a request that carries the
// name more than once is refused (kUnauthenticated, and the answer clears the
// cookie): which of two cookies came first is up to the browser (a longer
// Path or an older cookie wins), so no choice between them would be safe.
#pragma once

#include <string>
#include <string_view>

#include "common/result.hpp"

namespace duxing::api {

std::string_view SessionCookieName(bool secure);
// The Set-Cookie value carrying `token`; an empty token clears the cookie.
std::string SessionCookieHeader(bool secure, std::string_view token);
// The session token in a Cookie header: empty when there is none;
// kUnauthenticated when the session cookie's name appears more than once.
// Other cookies (and the plain name when secure) are ignored. Linear time.
Result<std::string> ReadSessionCookie(std::string_view cookie_header, bool secure);

}  // namespace duxing::api
