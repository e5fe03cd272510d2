// The HTTP/1.1 listener (Boost.Beast): one coroutine per connection,
// keep-alive, a cap on open connections, read/idle timeouts and graceful
// shutdown. Each request's head is read first and admitted (or refused)
// before its body is read, with the body limit the admission names.
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
  // Open connections at most; past it a new connection gets 503 and is
  // closed (logged once per burst).
  int max_connections = 512;
  std::chrono::seconds idle_timeout{60};   // waiting for / reading a request
  std::chrono::seconds write_timeout{30};  // sending a response
  std::chrono::seconds shutdown_grace{20};
  // Take the client address from the last X-Forwarded-For entry (set this
  // only behind a reverse proxy that appends it, such as nginx).
  bool trust_proxy = false;
  // Served over HTTPS (by a proxy in front): every answer carries
  // Strict-Transport-Security, so browsers never fall back to plain HTTP.
  bool https = false;
  int io_threads = 2;
  int worker_threads = 4;
  // Called once, on the I/O thread, when a signal begins the shutdown.
  std::function<void()> on_stopping;
};

// Admits one request from its head (the body not read yet: req.body is
// empty); the admission's `proceed` then answers it with the body. Both are
// called on a worker thread; must be thread-safe.
using Handler = std::function<api::Admission(const api::Request&)>;

// Listens and serves until SIGINT or SIGTERM; then stops accepting, calls
// on_stopping, lets in-flight requests finish (up to shutdown_grace) and
// returns 0.
// `on_listening` is called once the port is bound, with "host:port".
// Returns non-zero when the address cannot be bound.
int Serve(const ServerOptions& options, Handler handler,
          std::function<void(const std::string&)> on_listening);

}  // namespace duxing::http
