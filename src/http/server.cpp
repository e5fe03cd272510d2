#include "http/server.hpp"

#include "api/body_sink.hpp"
#include "http/access_log.hpp"
#include "http/json_gzip.hpp"
#include "http/request_target.hpp"
#include "http/response_head.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <atomic>
#include <boost/asio.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/beast.hpp>
#include <memory>
#include <mutex>
#include <random>
#include <set>
#include <sys/socket.h>
#include <unordered_map>

namespace duxing::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;
using asio::awaitable;
using asio::use_awaitable;
constexpr auto kTuple = asio::as_tuple(use_awaitable);

// Connections currently open, so shutdown can close the idle ones and a
// full server can close the one idle longest. A connection's own state
// (busy, idle since, evicted) is atomic, so that the requests of a
// connection take no lock; the set itself is locked when a connection
// opens or closes and when it is scanned.
class ConnectionSet {
 public:
  struct Entry {
    explicit Entry(beast::tcp_stream* s) : stream(s) {}
    beast::tcp_stream* stream;
    std::atomic<bool> busy{false};     // in a request (head read, answer not yet sent)
    std::atomic<bool> receiving{false};  // of that request, still reading its body
    std::atomic<bool> evicted{false};  // closed to make room
    // When it last became idle (steady_clock ticks).
    std::atomic<std::chrono::steady_clock::rep> idle_since{
        std::chrono::steady_clock::now().time_since_epoch().count()};
  };
  using Handle = std::shared_ptr<Entry>;

  Handle Add(beast::tcp_stream* s) {
    auto h = std::make_shared<Entry>(s);
    std::lock_guard lock(mu_);
    entries_.insert(h);
    return h;
  }
  void Remove(const Handle& h) {
    std::lock_guard lock(mu_);
    entries_.erase(h);
  }
  void SetBusy(const Handle& h, bool busy) {
    if (!busy) h->idle_since = std::chrono::steady_clock::now().time_since_epoch().count();
    h->busy = busy;
  }
  // Marks whether a connection in a request is still reading its (whole,
  // not streamed) body: no handler has begun, so shutdown closes it.
  void SetReceiving(const Handle& h, bool receiving) { h->receiving = receiving; }
  // Shutdown: cancels the reads of the connections no handler is answering
  // (idle, reading a request head, or receiving a request body, however
  // slowly the client sends); the others close once answered. One call
  // misses a read begun just after it (a session between two reads of a
  // head that trickles in), so the server calls it again and again until
  // every connection is gone: none waits for its own timer.
  void CancelUnanswered() {
    std::lock_guard lock(mu_);
    for (const auto& e : entries_) {
      if (!e->busy || e->receiving) {
        beast::error_code ec;
        e->stream->socket().cancel(ec);
      }
    }
  }
  // Closes the connection idle longest (not in a request, not evicted
  // already): its pending or next read ends at once. False when every
  // connection is in a request.
  bool EvictOldestIdle() {
    std::lock_guard lock(mu_);
    Entry* oldest = nullptr;
    std::chrono::steady_clock::rep oldest_since = 0;
    for (const auto& e : entries_) {
      auto since = e->idle_since.load();
      if (!e->busy && !e->evicted && (!oldest || since < oldest_since)) {
        oldest = e.get();
        oldest_since = since;
      }
    }
    if (!oldest) return false;
    oldest->evicted = true;
    beast::error_code ec;
    oldest->stream->socket().shutdown(tcp::socket::shutdown_both, ec);
    oldest->stream->socket().cancel(ec);
    return true;
  }
  bool Evicted(const Handle& h) { return h->evicted; }

 private:
  std::mutex mu_;
  std::set<Handle> entries_;
};

// Open connections per peer address, for max_connections_per_address.
class AddressCounts {
 public:
  // Counts a connection from `address`; false (nothing counted) when it
  // has `cap` open already. `first_refusal` is set on the first refusal
  // since a connection of that address was last admitted (to log once).
  bool Take(const std::string& address, int cap, bool& first_refusal) {
    std::lock_guard lock(mu_);
    auto& c = counts_[address];
    if (c.open >= cap) {
      first_refusal = !c.refused;
      c.refused = true;
      return false;
    }
    ++c.open;
    c.refused = false;
    return true;
  }
  void Release(const std::string& address) {
    std::lock_guard lock(mu_);
    auto it = counts_.find(address);
    if (it != counts_.end() && --it->second.open <= 0) counts_.erase(it);
  }

 private:
  struct Count {
    int open = 0;
    bool refused = false;
  };
  std::mutex mu_;
  std::unordered_map<std::string, Count> counts_;
};

// Bytes of request bodies being buffered, all connections together.
class BodyBudget {
 public:
  explicit BodyBudget(size_t cap) : cap_(cap) {}
  // Reserves `n` bytes; false (nothing reserved) when that would exceed the cap.
  bool Take(size_t n) {
    size_t used = used_.load();
    do {
      if (n > cap_ || used > cap_ - n) return false;
    } while (!used_.compare_exchange_weak(used, used + n));
    return true;
  }
  void Give(size_t n) { used_ -= n; }

 private:
  const size_t cap_;
  std::atomic<size_t> used_{0};
};

// Whether the peer has closed the connection (or reset it), without
// blocking and without consuming what it sent.
bool PeerClosed(int fd) {
  char c;
  ssize_t n = ::recv(fd, &c, 1, MSG_PEEK | MSG_DONTWAIT);
  if (n == 0) return true;
  return n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR;
}

std::string NewRequestId() {
  static std::atomic<uint64_t> counter{0};
  static const uint32_t prefix = std::random_device{}();
  return FormatRequestId(prefix, ++counter);
}

api::Response TooLarge() {
  api::Response r;
  r.status = 413;
  r.body =
      R"({"error":{"code":"too_large","message":"请求内容过大","field":""}})";
  return r;
}

api::Response BadRequest() {
  api::Response r;
  r.status = 400;
  r.body =
      R"({"error":{"code":"invalid_argument","message":"无法解析的 HTTP 请求","field":""}})";
  return r;
}

// After refusing a request whose body was left unread, the client may still
// be sending it: this much more is read and dropped (within kLingerTime)
// so that closing does not reset the connection before the answer is read.
constexpr size_t kLingerBytes = 16 << 20;
constexpr std::chrono::seconds kLingerTime{5};

// A streamed body (Admission::open_sink) is read in chunks of this size:
// the bytes it holds in memory, and what it takes from --body-budget.
constexpr size_t kStreamChunkBytes = 64 << 10;
// The largest body handed to its route in the admission's hop when it came
// whole with its head (Session).
constexpr size_t kEarlyBodyMax = 16 << 10;

api::Response ServiceUnavailable() {
  api::Response r;
  r.status = 503;
  r.body =
      R"({"error":{"code":"unavailable","message":"服务器繁忙，请稍后再试","field":""}})";
  r.headers.emplace_back("Retry-After", "1");
  return r;
}

// The last entry of a comma-separated header list (X-Forwarded-For/-Host),
// trimmed; "" when over 255 bytes.
std::string_view LastListEntry(std::string_view list) {
  auto comma = list.rfind(',');
  std::string_view last = comma == std::string_view::npos ? list : list.substr(comma + 1);
  while (!last.empty() && last.front() == ' ') last.remove_prefix(1);
  while (!last.empty() && last.back() == ' ') last.remove_suffix(1);
  return last.size() <= 255 ? last : std::string_view();
}

// The request as the API sees it, without its body.
api::Request ToApiRequest(const bhttp::request_header<>& req, const std::string& client_ip,
                          bool trust_proxy) {
  api::Request out;
  out.method = std::string(req.method_string());
  out.target = std::string(req.target());
  if (!ParseOriginForm(out.target, out.path, out.query)) {
    out.query.clear();
    out.path = "\x01invalid";
  }
  out.headers.reserve(8);
  for (const auto& f : req) {
    std::string name(f.name_string());
    for (auto& c : name) c = static_cast<char>(std::tolower(c));
    out.headers.emplace_back(std::move(name), std::string(f.value()));
  }
  out.client_ip = client_ip;
  out.host = std::string(out.Header("host"));
  if (trust_proxy) {
    std::string_view ip = LastListEntry(out.Header("x-forwarded-for"));
    if (!ip.empty() && ip.size() <= 64) out.client_ip = std::string(ip);
    std::string_view host = LastListEntry(out.Header("x-forwarded-host"));
    if (!host.empty()) out.host = std::string(host);
  }
  out.request_id = NewRequestId();
  return out;
}

class Server {
 public:
  Server(const ServerOptions& o, Handler h)
      : options_(o),
        handler_(std::move(h)),
        workers_(o.worker_threads),
        commit_workers_(o.commit_threads),
        body_budget_(o.body_budget),
        fixed_lines_(FixedHeadLines(o.https)) {}

  int Run(std::function<void(const std::string&)> on_listening) {
    asio::io_context ioc(options_.io_threads);
    tcp::acceptor acceptor(ioc);
    beast::error_code ec;
    tcp::endpoint ep(asio::ip::make_address(options_.host, ec), options_.port);
    if (ec) {
      spdlog::error("bad listen address {}: {}", options_.host, ec.message());
      return 2;
    }
    acceptor.open(ep.protocol(), ec);
    if (!ec) acceptor.set_option(asio::socket_base::reuse_address(true), ec);
    if (!ec) acceptor.bind(ep, ec);
    if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
    if (ec) {
      spdlog::error("cannot listen on {}:{}: {}", options_.host, options_.port,
                    ec.message());
      return 2;
    }
    auto bound = acceptor.local_endpoint();
    on_listening(bound.address().to_string() + ":" + std::to_string(bound.port()));

    asio::signal_set signals(ioc, SIGINT, SIGTERM);
    asio::steady_timer deadline(ioc);
    signals.async_wait([&](beast::error_code e, int sig) {
      if (e) return;
      stopping_ = true;
      acceptor.close();
      // Logged once no new connection is taken (tests wait for this line,
      // then expect a new connection to be refused).
      spdlog::info("signal {}: stopping; finishing in-flight requests", sig);
      if (options_.on_stopping) options_.on_stopping();
      connections_.CancelUnanswered();
      deadline.expires_after(options_.shutdown_grace);
      deadline.async_wait([&](beast::error_code e2) {
        if (!e2) {
          spdlog::warn("shutdown grace period over; closing");
          ioc.stop();
        }
      });
    });

    asio::co_spawn(ioc, Accept(acceptor), asio::detached);
    std::vector<std::thread> threads;
    for (int i = 1; i < options_.io_threads; ++i) {
      threads.emplace_back([&] { ioc.run(); });
    }
    // Runs until every connection is done after the signal; the timers are
    // cancelled when there is nothing left.
    std::thread watcher([&] {
      while (!ioc.stopped()) {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        if (stopping_ && active_ > 0) connections_.CancelUnanswered();
        if (stopping_ && active_ == 0) {
          asio::post(ioc, [&] {
            deadline.cancel();
            signals.cancel();
          });
          break;
        }
      }
    });
    ioc.run();
    for (auto& t : threads) t.join();
    watcher.join();
    workers_.join();
    commit_workers_.join();
    spdlog::info("server stopped");
    return 0;
  }

 private:
  awaitable<void> Accept(tcp::acceptor& acceptor) {
    for (;;) {
      auto [ec, socket] = co_await acceptor.async_accept(kTuple);
      if (ec) {
        if (stopping_ || ec == asio::error::operation_aborted) co_return;
        spdlog::warn("accept: {}", ec.message());
        continue;
      }
      std::string address = socket.remote_endpoint(ec).address().to_string();
      if (ec) continue;  // already gone
      bool first_refusal = false;
      if (!per_address_.Take(address, options_.max_connections_per_address, first_refusal)) {
        if (first_refusal) {
          spdlog::warn("connection limit per address reached: {} has {} connections open "
                       "(--max-connections-per-address); refusing its new ones with 503",
                       address, options_.max_connections_per_address);
        }
        Refuse(socket);
        continue;
      }
      if (active_ >= options_.max_connections && !connections_.EvictOldestIdle()) {
        per_address_.Release(address);
        Refuse(socket);
        continue;
      }
      saturated_ = false;
      socket.set_option(tcp::no_delay(true), ec);
      ++active_;
      asio::co_spawn(acceptor.get_executor(),
                     Session(beast::tcp_stream(std::move(socket)), address),
                     [this, address](std::exception_ptr) {
                       per_address_.Release(address);
                       --active_;
                     });
    }
  }

  // Answers 503 on a connection past a connection limit and closes it; the
  // first refusal of max_connections in a burst (until a connection is
  // accepted again) is logged.
  void Refuse(tcp::socket& socket) {
    if (active_ >= options_.max_connections && !saturated_.exchange(true)) {
      spdlog::warn("connection limit reached: {} connections open (--max-connections); "
                   "refusing new connections with 503 until some close",
                   options_.max_connections);
    }
    api::Response r = ServiceUnavailable();
    std::string text = Head(r, false, 11, NewRequestId(), r.body.size()) + r.body;
    beast::error_code ec;
    socket.non_blocking(true, ec);
    socket.write_some(asio::buffer(text), ec);  // a fresh socket's buffer takes it whole
    socket.shutdown(tcp::socket::shutdown_send, ec);
    socket.close(ec);
  }

  static bool IsDisconnect(const beast::error_code& ec) {
    return ec == bhttp::error::end_of_stream || ec == asio::error::operation_aborted ||
           ec == beast::error::timeout || ec == asio::error::connection_reset ||
           ec == asio::error::eof || ec == bhttp::error::partial_message;
  }

  // After an answer sent with the request body unread: stops sending, then
  // reads and drops what the client still sends (bounded in bytes and time).
  awaitable<void> Linger(beast::tcp_stream& stream) {
    beast::error_code ec;
    stream.socket().shutdown(tcp::socket::shutdown_send, ec);
    stream.expires_after(kLingerTime);
    std::array<char, 16 * 1024> sink;
    size_t dropped = 0;
    while (dropped < kLingerBytes) {
      auto [rec, n] = co_await stream.async_read_some(asio::buffer(sink), kTuple);
      if (rec) break;
      dropped += n;
    }
  }

  // The admission of a request head and, when it was refused or has no body
  // to read, its answer.
  struct Admitted {
    api::Admission admission;
    std::optional<api::Response> answer;
  };

  // Runs `fn` on a worker, or here when `run_inline`. Nullopt when the
  // worker queue is full (`gone` false: answer 503) or when the peer had
  // closed the connection by the time a worker took it (`gone` set: `fn`
  // is skipped, nothing to answer).
  template <class Fn>
  awaitable<std::optional<std::invoke_result_t<Fn&>>> OnWorker(beast::tcp_stream& stream,
                                                               asio::thread_pool& pool,
                                                               bool run_inline, bool& gone,
                                                               Fn fn) {
    using T = std::invoke_result_t<Fn&>;
    gone = false;
    if (run_inline) co_return fn();
    if (queued_.fetch_add(1) >= options_.max_queued) {
      --queued_;
      if (!queue_full_.exchange(true)) {
        spdlog::warn("worker queue full: {} requests waiting (--max-queued); answering 503",
                     options_.max_queued);
      }
      co_return std::nullopt;
    }
    queue_full_ = false;
    int fd = stream.socket().native_handle();
    co_return co_await asio::co_spawn(
        pool.get_executor(),
        [this, fd, &gone, &fn]() -> awaitable<std::optional<T>> {
          --queued_;
          if (PeerClosed(fd)) {
            gone = true;
            co_return std::nullopt;
          }
          co_return fn();
        },
        use_awaitable);
  }

  // Returns body bytes reserved from the budget when destroyed.
  struct BudgetHold {
    BodyBudget* budget = nullptr;
    size_t bytes = 0;
    BudgetHold() = default;
    BudgetHold(const BudgetHold&) = delete;
    BudgetHold& operator=(const BudgetHold&) = delete;
    ~BudgetHold() {
      if (budget) budget->Give(bytes);
    }
  };

  awaitable<void> Session(beast::tcp_stream stream, std::string client_ip) {
    auto handle = connections_.Add(&stream);
    beast::error_code ec;
    beast::flat_buffer buffer;
    while (!stopping_ && !connections_.Evicted(handle)) {
      bhttp::request_parser<bhttp::empty_body> head;
      head.header_limit(16 * 1024);
      head.body_limit(boost::none);  // the admitted route's limit applies below
      stream.expires_after(options_.header_timeout);
      auto [rec, n] = co_await bhttp::async_read_header(stream, buffer, head, kTuple);
      if (IsDisconnect(rec)) break;
      if (rec) {
        co_await Write(stream, BadRequest(), false, 11, NewRequestId());
        break;
      }
      connections_.SetBusy(handle, true);
      auto start = std::chrono::steady_clock::now();
      bool keep_alive = head.get().keep_alive();
      unsigned version = head.get().version();
      if (HasUnframedBody(head)) {
        // RFC 9112 6.3: the body's length cannot be known; a proxy in front
        // may frame it otherwise (request smuggling). Refuse and close.
        co_await Write(stream, BadRequest(), false, version, NewRequestId());
        break;
      }
      bool head_only = head.get().method() == bhttp::verb::head;
      bool body_follows = !head.is_done();
      auto declared = head.content_length();
      bool expect_continue = beast::iequals(head.get()[bhttp::field::expect], "100-continue");
      api::Request api_req = ToApiRequest(head.get(), client_ip, options_.trust_proxy);
      std::string method = api_req.method;
      std::string target = api_req.target;
      std::string request_id = api_req.request_id;
      bool run_inline = options_.answers_inline && options_.answers_inline(api_req);
      asio::thread_pool& pool =
          !run_inline && options_.waits_for_commit && options_.waits_for_commit(api_req)
              ? commit_workers_
              : workers_;
      bool gone = false;
      std::optional<Admitted> admitted;
      if (!run_inline && !body_follows && options_.answer_in_place) {
        if (auto answer = options_.answer_in_place(api_req)) {
          admitted = Admitted{{}, std::move(answer)};
        }
      }
      // A body that came whole with its head (a small JSON write such as an
      // exam answer: one segment) is copied here and handed to the route in
      // the admission's hop, once admitted, within its limit and the body
      // budget: one trip to a worker and back rather than two. Anything else
      // (larger, chunked, 100-continue, still arriving, or refused) is read
      // below as before, after its admission.
      std::string early_body;
      bool early_used = false;
      if (body_follows && declared && *declared <= kEarlyBodyMax && !expect_continue &&
          !head.chunked() && buffer.size() >= *declared) {
        early_body.assign(static_cast<const char*>(buffer.data().data()),
                          static_cast<size_t>(*declared));
      }
      const bool early = !early_body.empty();
      // Admitted on a worker (authentication may read the database); a
      // request without a body (or with its body here) is answered in the
      // same hop.
      if (!admitted) {
        admitted = co_await OnWorker(stream, pool, run_inline, gone, [&]() -> Admitted {
          Admitted a{handler_(api_req), std::nullopt};
          if (a.admission.refusal) {
            a.answer = std::move(a.admission.refusal);
          } else if (!body_follows) {
            a.answer = a.admission.proceed(api_req);
            json_gzip_.Apply(api_req, *a.answer);
          } else if (early && !a.admission.open_sink && *declared <= a.admission.body_limit &&
                     body_budget_.Take(early_body.size())) {
            api_req.body = std::move(early_body);
            a.answer = a.admission.proceed(api_req);
            body_budget_.Give(api_req.body.size());
            api_req.body = std::string();
            json_gzip_.Apply(api_req, *a.answer);
            early_used = true;
          }
          return a;
        });
      }
      if (early_used) buffer.consume(static_cast<size_t>(*declared));
      if (gone) {
        spdlog::info("skipped {} {} id={}: the client closed the connection while it waited",
                     method, target, request_id);
        break;
      }
      Admitted step = admitted ? std::move(*admitted) : Admitted{{}, ServiceUnavailable()};
      bool body_unread = body_follows && step.answer.has_value() && !early_used;
      if (!step.answer && declared && *declared > step.admission.body_limit) {
        step.answer = TooLarge();
        body_unread = true;
      }
      BudgetHold budget_hold;
      if (!step.answer) {
        // A chunked body may grow to the route's limit: that much is reserved.
        // A streamed body holds one chunk at a time.
        size_t reserve = step.admission.open_sink ? kStreamChunkBytes
                         : declared               ? static_cast<size_t>(*declared)
                                                  : step.admission.body_limit;
        if (body_budget_.Take(reserve)) {
          budget_hold.budget = &body_budget_;
          budget_hold.bytes = reserve;
        } else {
          spdlog::warn("body budget full (--body-budget {} bytes): {} {} id={} answered 503",
                       options_.body_budget, method, target, request_id);
          step.answer = ServiceUnavailable();
          body_unread = true;
        }
      }
      if (!step.answer) {
        if (expect_continue) {
          bhttp::response<bhttp::empty_body> go_on{bhttp::status::continue_, version};
          co_await bhttp::async_write(stream, go_on, kTuple);
        }
      }
      const auto body_deadline = std::chrono::steady_clock::now() + options_.body_timeout;
      if (!step.answer && step.admission.open_sink) {
        bool closed = false;
        step.answer =
            co_await ReadStreamed(stream, buffer, std::move(head), step.admission, api_req,
                                  version, request_id, body_deadline, body_unread, closed);
        if (closed) break;
      } else if (!step.answer) {
        bhttp::request_parser<bhttp::string_body> full{std::move(head)};
        full.body_limit(step.admission.body_limit);  // chunked: counted as they arrive
        stream.expires_at(BodyExpiry(body_deadline));
        connections_.SetReceiving(handle, true);
        auto [bec, bn] = co_await bhttp::async_read(stream, buffer, full, kTuple);
        connections_.SetReceiving(handle, false);
        LogBodyTimeout(bec, body_deadline, method, target, request_id);
        if (bec == bhttp::error::body_limit) {
          step.answer = TooLarge();
          body_unread = true;
        } else if (IsDisconnect(bec)) {
          break;
        } else if (bec) {
          co_await Write(stream, BadRequest(), false, version, request_id);
          break;
        } else {
          api_req.body = std::move(full.get().body());
          auto answer = co_await OnWorker(stream, pool, run_inline, gone, [&]() -> api::Response {
            api::Response r = step.admission.proceed(api_req);
            json_gzip_.Apply(api_req, r);
            return r;
          });
          if (gone) {
            spdlog::info("skipped {} {} id={}: the client closed the connection while it waited",
                         method, target, request_id);
            break;
          }
          step.answer = answer ? std::move(*answer) : ServiceUnavailable();
          api_req.body = std::string();
        }
      }
      bool again = keep_alive && !body_unread && !stopping_;
      bool ok = co_await Write(stream, std::move(*step.answer), again, version, request_id,
                               &method, &target, start, head_only);
      connections_.SetBusy(handle, false);
      if (ok && body_unread) co_await Linger(stream);
      if (!ok || !again) break;
    }
    connections_.Remove(handle);
    stream.socket().shutdown(tcp::socket::shutdown_send, ec);
  }

  // Runs `fn` on a worker and waits for it (no queue limit: for a request
  // already admitted and being read).
  template <class Fn>
  awaitable<std::invoke_result_t<Fn&>> OnWorkerNow(Fn fn) {
    using T = std::invoke_result_t<Fn&>;
    co_return co_await asio::co_spawn(
        workers_.get_executor(), [&fn]() -> awaitable<T> { co_return fn(); }, use_awaitable);
  }

  // When a read of body bytes times out: idle_timeout from now, or the body's
  // deadline (options_.body_timeout after its head) if that comes first.
  std::chrono::steady_clock::time_point BodyExpiry(
      std::chrono::steady_clock::time_point body_deadline) const {
    return std::min(std::chrono::steady_clock::now() + options_.idle_timeout, body_deadline);
  }

  // Logs a body read that failed at its deadline (timed out, or aborted as
  // the expiry closed the socket: either way the connection is closed).
  void LogBodyTimeout(const beast::error_code& ec,
                      std::chrono::steady_clock::time_point body_deadline,
                      const std::string& method, const std::string& target,
                      const std::string& request_id) const {
    if (!ec || ec == bhttp::error::body_limit || std::chrono::steady_clock::now() < body_deadline) {
      return;
    }
    spdlog::warn("{} {} id={}: body not received whole within --body-timeout {}s; closed", method,
                 target, request_id, options_.body_timeout.count());
  }

  // Reads an admitted body in chunks of kStreamChunkBytes and hands each to
  // the route's sink (opened and fed on a worker, one call at a time) as it
  // arrives; the body is never held whole. Returns the answer: the sink's
  // refusal (`body_unread` set when body bytes remain unread), 413 past the
  // route's limit, or the sink's Finish. `closed`: the connection is gone
  // or broken (an answer to a malformed body has been sent), or the body
  // did not arrive by `body_deadline`: end it.
  awaitable<std::optional<api::Response>> ReadStreamed(
      beast::tcp_stream& stream, beast::flat_buffer& buffer,
      bhttp::request_parser<bhttp::empty_body>&& head, api::Admission& admission,
      const api::Request& api_req, unsigned version, const std::string& request_id,
      std::chrono::steady_clock::time_point body_deadline, bool& body_unread, bool& closed) {
    bhttp::request_parser<bhttp::buffer_body> parser{std::move(head)};
    parser.body_limit(admission.body_limit);  // chunked: counted as they arrive
    auto sink = co_await OnWorkerNow([&] { return admission.open_sink(api_req); });
    std::vector<char> chunk(kStreamChunkBytes);
    while (!parser.is_done()) {
      parser.get().body().data = chunk.data();
      parser.get().body().size = chunk.size();
      // For each chunk: progress keeps it open, up to the body's deadline.
      stream.expires_at(BodyExpiry(body_deadline));
      auto [ec, n] = co_await bhttp::async_read(stream, buffer, parser, kTuple);
      if (ec == bhttp::error::need_buffer) ec = {};
      LogBodyTimeout(ec, body_deadline, api_req.method, api_req.target, request_id);
      if (ec == bhttp::error::body_limit) {
        body_unread = true;
        co_return TooLarge();
      }
      if (IsDisconnect(ec)) {
        closed = true;
        co_return std::nullopt;
      }
      if (ec) {
        co_await Write(stream, BadRequest(), false, version, request_id);
        closed = true;
        co_return std::nullopt;
      }
      size_t got = chunk.size() - parser.get().body().size;
      if (got == 0) continue;
      auto refusal = co_await OnWorkerNow(
          [&] { return sink->Write(std::string_view(chunk.data(), got)); });
      if (refusal) {
        body_unread = !parser.is_done();
        co_return std::move(*refusal);
      }
    }
    co_return co_await OnWorkerNow([&] { return sink->Finish(); });
  }

  // Whether a request carries a Transfer-Encoding that does not frame its
  // body: on HTTP/1.0, or with a final coding other than chunked.
  static bool HasUnframedBody(const bhttp::request_parser<bhttp::empty_body>& head) {
    if (head.get().find(bhttp::field::transfer_encoding) == head.get().end()) return false;
    return head.get().version() < 11 || !head.chunked();
  }

  // Sends `r`; logs the access line when method/target are given. For a
  // HEAD request (`head_only`) only the head is sent, with the
  // Content-Length of the body a GET would get (none for a 304).
  awaitable<bool> Write(beast::tcp_stream& stream, api::Response r,
                        bool keep_alive, unsigned version,
                        const std::string& request_id,
                        const std::string* method = nullptr,
                        const std::string* target = nullptr,
                        std::chrono::steady_clock::time_point start = {},
                        bool head_only = false) {
    bool sent = false;
    size_t bytes = 0;
    if (r.source) {
      bytes = static_cast<size_t>(r.source_length);
      sent = co_await WriteStreamed(stream, r, keep_alive, version, request_id, head_only);
    } else {
      // Head and body in one gather write; the body is sent from where it
      // lies (r.body, or bytes shared with a cache); `r` lives in this frame
      // until the write completes.
      std::string_view payload = r.Payload();
      bytes = payload.size();
      auto length = ContentLengthFor(r.status, bytes);
      std::string head = Head(r, keep_alive, version, request_id, length);
      size_t body_bytes = head_only || !length ? 0 : payload.size();
      std::array<asio::const_buffer, 2> buffers{asio::buffer(head),
                                                asio::buffer(payload.data(), body_bytes)};
      stream.expires_after(options_.write_timeout);
      auto [ec, n] = co_await asio::async_write(stream, buffers, kTuple);
      sent = !ec;
    }
    if (method) {
      auto us = std::chrono::duration_cast<std::chrono::microseconds>(
                    std::chrono::steady_clock::now() - start)
                    .count();
      AccessLog().info("access {} {} {} {}B {:.2f}ms id={}", *method, *target, r.status, bytes,
                       us / 1000.0, request_id);
    }
    co_return sent;
  }

  // The head of `r`: status line, the fixed lines (Server, security
  // headers), type, request id, Date, r.headers, Connection, `length`.
  std::string Head(const api::Response& r, bool keep_alive, unsigned version,
                   const std::string& request_id, std::optional<uint64_t> length) const {
    std::string head;
    head.reserve(fixed_lines_.size() + 256);
    AppendResponseHead(head, {.status = r.status,
                              .version = version,
                              .keep_alive = keep_alive,
                              .content_type = r.content_type,
                              .request_id = request_id,
                              .date = HttpDateNow(),
                              .fixed_lines = fixed_lines_,
                              .headers = &r.headers,
                              .content_length = length});
    return head;
  }

  // Sends `r`'s head with Content-Length source_length, then its body piece
  // by piece as r.source gives it (each piece read on a worker and written
  // before the next is read, so one piece at a time is held). A source that
  // fails or ends early ends the connection (false): the length is promised.
  awaitable<bool> WriteStreamed(beast::tcp_stream& stream, const api::Response& r,
                                bool keep_alive, unsigned version, const std::string& request_id,
                                bool head_only) {
    std::string head = Head(r, keep_alive, version, request_id,
                            static_cast<uint64_t>(r.source_length));
    stream.expires_after(options_.write_timeout);
    auto [hec, hn] = co_await asio::async_write(stream, asio::buffer(head), kTuple);
    if (hec) co_return false;
    if (head_only) co_return true;
    int64_t left = r.source_length;
    std::string piece;
    while (left > 0) {
      bool ok = co_await OnWorkerNow([&] { return r.source->Next(piece); });
      if (!ok || piece.empty() || static_cast<int64_t>(piece.size()) > left) co_return false;
      left -= static_cast<int64_t>(piece.size());
      stream.expires_after(options_.write_timeout);  // per piece: progress keeps it open
      auto [ec, n] = co_await asio::async_write(stream, asio::buffer(piece), kTuple);
      if (ec) co_return false;
    }
    co_return true;
  }

  ServerOptions options_;
  Handler handler_;
  asio::thread_pool workers_;
  asio::thread_pool commit_workers_;  // ServerOptions::waits_for_commit
  ConnectionSet connections_;
  AddressCounts per_address_;
  BodyBudget body_budget_;
  JsonGzip json_gzip_;  // lists shared with a read cache, gzipped once per entry
  const std::string fixed_lines_;  // FixedHeadLines: the same in every answer
  std::atomic<int> queued_{0};          // requests waiting for a worker
  std::atomic<bool> queue_full_{false};  // refusing for the queue (this burst logged)
  std::atomic<bool> stopping_{false};
  std::atomic<bool> saturated_{false};  // refusing connections (this burst logged)
  std::atomic<int> active_{0};
};

}  // namespace

int Serve(const ServerOptions& options, Handler handler,
          std::function<void(const std::string&)> on_listening) {
  Server server(options, std::move(handler));
  return server.Run(std::move(on_listening));
}

}  // namespace duxing::http
