// The HTTP/1.1 listener (Boost.Beast): one coroutine per connection,
// keep-alive, a hard body limit, read/idle timeouts and graceful shutdown.
// Handlers run on a worker pool, never on the I/O thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>

#include "api/http_types.hpp"

namespace duxing::http {

struct ServerOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 8080;
  // Requests with a larger body get 413 before the handler runs.
  size_t body_limit = 32 * 1024 * 1024;
  std::chrono::seconds idle_timeout{60};   // waiting for / reading a request
  std::chrono::seconds write_timeout{30};  // sending a response
  std::chrono::seconds shutdown_grace{20};
  // Take the client address from the last X-Forwarded-For entry (set this
  // only behind a reverse proxy that appends it, such as nginx).
  bool trust_proxy = false;
  int io_threads = 2;
  int worker_threads = 4;
};

// Answers one request. Called on a worker thread; must be thread-safe.
using Handler = std::function<api::Response(api::Request&)>;

// Listens and serves until SIGINT or SIGTERM; then stops accepting, lets
// in-flight requests finish (up to shutdown_grace) and returns 0.
// `on_listening` is called once the port is bound, with "host:port".
// Returns non-zero when the address cannot be bound.
int Serve(const ServerOptions& options, Handler handler,
          std::function<void(const std::string&)> on_listening);

}  // namespace duxing::http
