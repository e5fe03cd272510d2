#include "http/request_target.hpp"

#include <boost/url/parse.hpp>

#include <array>

namespace duxing::http {
namespace {

// The characters of an absolute path that need no decoding: pchar (RFC 3986
// 3.3) but the percent sign, and "/".
constexpr std::array<bool, 256> PlainPathCharacters() {
  std::array<bool, 256> plain{};
  for (int c = 'a'; c <= 'z'; ++c) plain[c] = true;
  for (int c = 'A'; c <= 'Z'; ++c) plain[c] = true;
  for (int c = '0'; c <= '9'; ++c) plain[c] = true;
  for (unsigned char c : std::string_view("-._~!$&'()*+,;=:@/")) plain[c] = true;
  return plain;
}
constexpr std::array<bool, 256> kPlainPath = PlainPathCharacters();

bool IsPlainPath(std::string_view target) {
  if (target.empty() || target.front() != '/') return false;
  for (unsigned char c : target) {
    if (!kPlainPath[c]) return false;
  }
  return true;
}

}  // namespace

bool ParseOriginForm(std::string_view target, std::string& path,
                     std::multimap<std::string, std::string>& query) {
  if (IsPlainPath(target)) {
    path.assign(target);
    return true;
  }
  auto parsed = boost::urls::parse_origin_form(target);
  if (!parsed) return false;
  path = parsed->path();  // decoded
  for (auto p : parsed->params()) {
    query.emplace(p.key, p.has_value ? p.value : std::string());
  }
  return true;
}

}  // namespace duxing::http
