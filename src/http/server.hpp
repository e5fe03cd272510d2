// The HTTP/1.1 listener (Boost.Beast): one coroutine per connection,
// keep-alive, caps on open connections (in all and per peer address), head,
// body and write timeouts, a budget of buffered body bytes, a bounded
// worker queue and graceful shutdown. Each request's head is read first and
// admitted (or refused) before its body is read, with the body limit the
// admission names. Handlers run on a worker pool, never on the I/O thread,
// except the few the options name as answered inline.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "api/http_types.hpp"

namespace duxing::http {

struct ServerOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 8080;
  // Open connections at most; past it the connection idle longest (between
  // requests, or not yet sent one) is closed to admit the new one; when
  // every connection is in a request, the new one gets 503 and is closed
  // (logged once per burst).
  int max_connections = 512;
  // Open connections of one TCP peer address at most (the proxy's address
  // behind --trust-proxy); past it 503 and closed.
  int max_connections_per_address = 32;
  // A request head must arrive within this, from the accept or from the
  // previous answer (keep-alive); else the connection is closed.
  std::chrono::seconds header_timeout{10};
  std::chrono::seconds idle_timeout{60};   // reading a request body: between its chunks
  // A request body must arrive whole within this from the end of its head,
  // however steadily it trickles in (a slow upload otherwise holds its
  // connection and its upload slot, api::kStreamsPerAccount, for ever); past
  // it the connection is closed (logged, as for the other timeouts).
  std::chrono::seconds body_timeout{600};
  std::chrono::seconds write_timeout{30};  // sending a response
  // Bytes of request bodies being buffered, all connections together: a
  // body that would go past it (its declared length, or the route's limit
  // for a chunked body) gets 503 with Retry-After, unread.
  size_t body_budget = 256u << 20;
  // Requests waiting for a worker at most; past it 503 with Retry-After.
  int max_queued = 256;
  std::chrono::seconds shutdown_grace{20};
  // Take the client address from the last X-Forwarded-For entry (set this
  // only behind a reverse proxy that appends it, such as nginx).
  bool trust_proxy = false;
  // Served over HTTPS (by a proxy in front): every answer carries
  // Strict-Transport-Security, so browsers never fall back to plain HTTP.
  bool https = false;
  int io_threads = 2;
  int worker_threads = 4;   // serve --workers
  // The pool of the requests `waits_for_commit` picks (serve
  // --commit-workers): threads that mostly wait for a group commit, which
  // holds at most one write per waiting thread. More of them would only
  // contend for the cores in the main pool (a cached list's req/s fell by a
  // third with 16 workers instead of 4).
  int commit_threads = 16;
  // Whether a request goes to the commit pool (decided on the I/O thread from
  // its head: no database). Null: none does.
  std::function<bool(const api::Request&)> waits_for_commit;
  // Called once, on the I/O thread, when a signal begins the shutdown.
  std::function<void()> on_stopping;
  // Requests admitted and answered on the I/O thread, without the worker
  // pool, so that they answer while every worker is busy: their admission
  // and answer must not block (no database). Null: none.
  std::function<bool(const api::Request&)> answers_inline;
  // Tried first, on the I/O thread, for every other request without a body:
  // its answer when it could be made there from memory, without waiting for
  // anything (api::Router::AnswerInPlace), nullopt to admit it on a worker
  // as usual. Saves the hop to a worker and back. Null: never tried.
  std::function<std::optional<api::Response>(const api::Request&)> answer_in_place;
};

// Admits one request from its head (the body not read yet: req.body is
// empty); the admission's `proceed` then answers it with the body. Both are
// called on a worker thread; must be thread-safe.
using Handler = std::function<api::Admission(const api::Request&)>;

// Listens and serves until SIGINT or SIGTERM; then stops accepting, calls
// on_stopping, closes at once every connection no handler is answering
// (idle, still sending its request head or its buffered body: a slow
// client never holds the stop), lets requests being answered finish (up to
// shutdown_grace) and returns 0.
// `on_listening` is called once the port is bound, with "host:port".
// Returns non-zero when the address cannot be bound.
int Serve(const ServerOptions& options, Handler handler,
          std::function<void(const std::string&)> on_listening);

}  // namespace duxing::http
