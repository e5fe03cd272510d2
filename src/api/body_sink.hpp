// A request body handed to its route in chunks as it arrives, for upload
// routes (Route::open_sink), so that no body is ever held whole in memory.
// Plain C++: the HTTP layer (src/http/server.cpp) feeds it; no Beast here.
#pragma once

#include <memory>
#include <optional>
#include <string_view>

#include "api/http_types.hpp"

namespace duxing::api {

// Fed by one request on one thread at a time (the HTTP layer calls it from
// worker threads, one call after the other). Destroyed when the request
// ends, whether or not Finish was called (a refused or broken upload): it
// must then release what it holds (temp files).
class BodySink {
 public:
  virtual ~BodySink() = default;
  // The next bytes of the body, in order (never empty). An answer ends the
  // request at once: it is sent and the rest of the body is left unread.
  virtual std::optional<Response> Write(std::string_view bytes) = 0;
  // The whole body has arrived (within the route's limit): the answer.
  virtual Response Finish() = 0;
};

// A sink that answers `refusal` at once (a route that cannot take the body
// after all, e.g. a malformed multipart Content-Type).
std::unique_ptr<BodySink> RefuseBody(Response refusal);

}  // namespace duxing::api
