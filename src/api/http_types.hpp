// The HTTP request and response as the API layer sees them: plain structs,
// so that only src/http/ includes Boost.Beast.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace duxing::api {

class BodySink;

struct Request {
  std::string method;  // "GET", "POST", ...
  std::string target;  // raw target as sent: path plus query
  std::string path;    // decoded path, without the query
  std::multimap<std::string, std::string> query;  // decoded query parameters
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-case
  std::string body;
  std::string client_ip;
  // The host[:port] the client addressed: the Host header, or behind
  // --trust-proxy the proxy's X-Forwarded-Host. Empty when neither was sent.
  std::string host;
  std::string request_id;

  // The first header of that lower-case name, or "".
  std::string_view Header(std::string_view lower_name) const;
  // Whether a body comes with the request: a non-empty `body`, a non-zero
  // Content-Length or a Transfer-Encoding (chunked). Works on the head alone.
  bool HasBody() const;
  // The first query parameter of that name, if present.
  const std::string* Query(std::string_view name) const;
};

// A response body produced piece by piece (a download streamed from the
// database): the HTTP layer calls Next on a worker, one call at a time, and
// sends each piece before asking for the next, until `length` bytes have
// come. Next returns false on a failure (the connection is then closed: the
// head has been sent). Owned by the response.
class BodySource {
 public:
  virtual ~BodySource() = default;
  virtual bool Next(std::string& piece) = 0;
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

  // When set, the body is streamed from it (`body` unused): exactly
  // `source_length` bytes, sent with that Content-Length.
  std::shared_ptr<BodySource> source;
  int64_t source_length = 0;

  // The bytes to send (not for a streamed body).
  std::string_view Payload() const { return shared_owner ? shared_body : std::string_view(body); }
  std::vector<std::pair<std::string, std::string>> headers;

  // Whether a header of that name (any case) is set.
  bool HasHeader(std::string_view name) const;
};

// The decision on a request whose head (request line and headers) has
// arrived but whose body has not been read. Either `refusal` is set: answer
// it without reading the body (the HTTP layer then closes the connection if
// a body is still on the wire); or read at most `body_limit` body bytes
// (413 past that, counted as they arrive for chunked bodies) and answer
// with `proceed(request with body)`, on a worker thread.
struct Admission {
  std::optional<Response> refusal;
  size_t body_limit = 0;
  std::function<Response(const Request&)> proceed;
  // Set instead of `proceed` for streamed routes (Route::open_sink): the
  // body is not buffered; the HTTP layer opens the sink (on a worker) and
  // hands it the body chunk by chunk as it arrives, within body_limit.
  std::function<std::unique_ptr<BodySink>(const Request& head)> open_sink;
  // Held until the answer has been sent (or the connection is gone): a
  // slot of a per-account limit, released when destroyed.
  std::shared_ptr<void> hold;

  static Admission Refuse(Response r) {
    Admission a;
    a.refusal = std::move(r);
    return a;
  }
};
}  // namespace duxing::api
