// The HTTP request and response as the API layer sees them: plain structs,
// so that only src/http/ includes Boost.Beast.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace duxing::api {

struct Request {
  std::string method;  // "GET", "POST", ...
  std::string target;  // raw target as sent: path plus query
  std::string path;    // decoded path, without the query
  std::multimap<std::string, std::string> query;  // decoded query parameters
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-case
  std::string body;
  std::string client_ip;
  std::string request_id;
  bool body_too_large = false;  // set by the HTTP layer past its hard limit

  // The first header of that lower-case name, or "".
  std::string_view Header(std::string_view lower_name) const;
  // The first query parameter of that name, if present.
  const std::string* Query(std::string_view name) const;
};

struct Response {
  int status = 200;
  std::string content_type = "application/json; charset=utf-8";
  std::string body;
  // When shared_owner is set, the bytes to send are shared_body instead of
  // body: immutable bytes owned by shared_owner (a cache entry), sent without
  // copying.
  std::string_view shared_body;
  std::shared_ptr<const void> shared_owner;

  // The bytes to send.
  std::string_view Payload() const { return shared_owner ? shared_body : std::string_view(body); }
  std::vector<std::pair<std::string, std::string>> headers;
};

}  // namespace duxing::api
