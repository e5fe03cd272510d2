#include "api/link_origin.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace duxing::api {
namespace {

bool HostChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
         c == '-';
}

struct HostPort {
  std::string host;  // lower case; IPv6 with its brackets
  std::optional<unsigned> port;
};

// "host", "host:port", "[v6]", "[v6]:port"; nullopt when malformed.
std::optional<HostPort> SplitHost(std::string_view s) {
  if (s.empty() || s.size() > 255) return std::nullopt;
  HostPort out;
  std::string_view rest;
  if (s.front() == '[') {
    auto close = s.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    std::string_view inside = s.substr(1, close - 1);
    if (inside.empty() || !std::all_of(inside.begin(), inside.end(), [](char c) {
          return std::isxdigit(static_cast<unsigned char>(c)) || c == ':' || c == '.';
        })) {
      return std::nullopt;
    }
    out.host = std::string(s.substr(0, close + 1));
    rest = s.substr(close + 1);
  } else {
    auto colon = s.find(':');
    std::string_view host = s.substr(0, colon);
    if (host.empty() || !std::all_of(host.begin(), host.end(), HostChar)) return std::nullopt;
    out.host = std::string(host);
    rest = colon == std::string_view::npos ? std::string_view() : s.substr(colon);
  }
  std::transform(out.host.begin(), out.host.end(), out.host.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (!rest.empty()) {
    if (rest.front() != ':' || rest.size() < 2 || rest.size() > 6) return std::nullopt;
    unsigned port = 0;
    auto [end, ec] = std::from_chars(rest.data() + 1, rest.data() + rest.size(), port);
    if (ec != std::errc() || end != rest.data() + rest.size() || port == 0 || port > 65535) {
      return std::nullopt;
    }
    out.port = port;
  }
  return out;
}

// An IPv4 literal in 127.0.0.0/8: four dotted decimal octets of 0..255
// without leading zeros, the first 127. A DNS name that merely begins with
// "127." (127.attacker.example, 127.0.0.1.nip.io) is not one.
bool LoopbackIpv4(std::string_view host) {
  int octets = 0;
  while (true) {
    size_t dot = host.find('.');
    std::string_view part = host.substr(0, dot);
    if (part.empty() || part.size() > 3 || (part.size() > 1 && part.front() == '0')) return false;
    unsigned value = 0;
    auto [end, ec] = std::from_chars(part.data(), part.data() + part.size(), value);
    if (ec != std::errc() || end != part.data() + part.size() || value > 255) return false;
    if (octets == 0 && value != 127) return false;
    ++octets;
    if (dot == std::string_view::npos) break;
    host.remove_prefix(dot + 1);
  }
  return octets == 4;
}

bool Loopback(const std::string& host) {
  return host == "localhost" || host == "[::1]" || LoopbackIpv4(host);
}

}  // namespace

std::optional<std::string> CanonicalPublicUrl(std::string_view url) {
  std::string_view scheme;
  for (std::string_view s : {"http://", "https://"}) {
    if (url.substr(0, s.size()) == s) scheme = s;
  }
  if (scheme.empty()) return std::nullopt;
  std::string_view rest = url.substr(scheme.size());
  if (!rest.empty() && rest.back() == '/') rest.remove_suffix(1);
  auto hp = SplitHost(rest);
  if (!hp) return std::nullopt;
  return std::string(scheme) + hp->host + (hp->port ? ":" + std::to_string(*hp->port) : "");
}

Result<std::string> LinkOrigin::For(std::string_view host_header, bool https) const {
  if (!public_url_.empty()) return public_url_;
  const Error refused = MakeError(
      Code::kFailedPrecondition,
      "无法确定二维码中的访问地址：请系统管理员以 serve --public-url（或环境变量 "
      "DUXING_PUBLIC_URL）设置本系统的对外访问地址，例如 https://dangjian.example.gov.cn");
  auto host = SplitHost(host_header);
  if (!host) return refused;
  auto listen = SplitHost(listen_);
  bool is_listen = listen && listen->host == host->host && listen->port == host->port;
  if (!Loopback(host->host) && !is_listen) return refused;
  return std::string(https || https_ ? "https://" : "http://") + std::string(host_header);
}

}  // namespace duxing::api
