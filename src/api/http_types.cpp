#include "api/http_types.hpp"

#include <algorithm>
#include <cctype>

namespace duxing::api {

std::string_view Request::Header(std::string_view lower_name) const {
  for (const auto& [k, v] : headers) {
    if (k == lower_name) return v;
  }
  return {};
}

bool Request::HasBody() const {
  if (!body.empty() || !Header("transfer-encoding").empty()) return true;
  std::string_view length = Header("content-length");
  return !length.empty() && length.find_first_not_of('0') != std::string_view::npos;
}

bool Response::HasHeader(std::string_view name) const {
  for (const auto& [k, v] : headers) {
    if (k.size() == name.size() &&
        std::equal(k.begin(), k.end(), name.begin(), [](char a, char b) {
          return std::tolower(static_cast<unsigned char>(a)) ==
                 std::tolower(static_cast<unsigned char>(b));
        })) {
      return true;
    }
  }
  return false;
}

const std::string* Request::Query(std::string_view name) const {
  auto it = query.find(std::string(name));
  return it == query.end() ? nullptr : &it->second;
}

}  // namespace duxing::api
