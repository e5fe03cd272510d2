// The origin (scheme://host[:port]) of links this server hands out to be
// opened on another device: the sign-in QR code a member scans on a phone.
//
// Taken from the Host header alone, such a link is wrong behind a reverse
// proxy (the proxy's upstream address) and unsafe with a spoofed Host (a QR
// code on the meeting-room screen pointing elsewhere). So the origin is the
// configured public URL (serve --public-url, DUXING_PUBLIC_URL) when there
// is one; without it, the request's Host is used only when it names a
// loopback host (localhost, 127.0.0.0/8, [::1]) or is the listen address
// itself; any other Host is refused with a message telling the admin to set
// --public-url.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "common/result.hpp"

namespace duxing::api {

// A --public-url value in canonical form: "http://" or "https://", a host of
// letters, digits, '.', '-' (or a bracketed IPv6 address), an optional port
// 1..65535, nothing after but an optional "/"; the trailing "/" removed.
// nullopt for anything else (a path, query, user info, spaces).
std::optional<std::string> CanonicalPublicUrl(std::string_view url);

class LinkOrigin {
 public:
  // Without Configure: no public URL and no listen address (loopback
  // Hosts only).
  LinkOrigin() = default;
  // `public_url` canonical (CanonicalPublicUrl) or empty; `listen` the
  // serve --listen HOST:PORT; `https`: served behind HTTPS
  // (serve --secure-cookies). Called by the composition root before
  // serving; For is then safe from any thread.
  void Configure(std::string public_url, std::string listen, bool https) {
    public_url_ = std::move(public_url);
    listen_ = std::move(listen);
    https_ = https;
  }

  // The origin for a request with this Host header, https when the server
  // runs behind HTTPS or `https` (the proxy's X-Forwarded-Proto) says so.
  // kFailedPrecondition (no field) when there is no public URL and the Host
  // is neither loopback nor the listen address, or is malformed.
  Result<std::string> For(std::string_view host_header, bool https) const;

 private:
  std::string public_url_;
  std::string listen_;
  bool https_ = false;
};

}  // namespace duxing::api
