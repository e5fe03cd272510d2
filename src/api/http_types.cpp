#include "api/http_types.hpp"

namespace duxing::api {

std::string_view Request::Header(std::string_view lower_name) const {
  for (const auto& [k, v] : headers) {
    if (k == lower_name) return v;
  }
  return {};
}

const std::string* Request::Query(std::string_view name) const {
  auto it = query.find(std::string(name));
  return it == query.end() ? nullptr : &it->second;
}

}  // namespace duxing::api
