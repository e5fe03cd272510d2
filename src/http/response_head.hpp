// The head of an HTTP/1.x response (status line, header lines, blank line)
// written as one string, so that an answer goes out in one gather write
// (head and body) without building a header map per request: the lines
// every answer carries are formatted once per server (FixedHeadLines), the
// Date once a second per thread (DateCache).
#pragma once

#include <cstdint>
#include <ctime>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace duxing::http {

// The IMF-fixdate of `t` (RFC 9110 5.6.7), e.g. "Sun, 06 Nov 1994 08:49:37 GMT".
std::string FormatHttpDate(std::time_t t);

// The Date value of the current second, formatted once per second.
// Not thread-safe: one per thread (see HttpDateNow).
class DateCache {
 public:
  // The IMF-fixdate of `now`; the same text, not formatted again, while
  // `now` stays in the second last asked for.
  std::string_view At(std::time_t now);

 private:
  std::time_t second_ = -1;
  std::string text_;
};

// The Date value of now (the system clock), from a per-thread DateCache.
std::string_view HttpDateNow();

// An X-Request-Id: `prefix` (a process's random number) as 8 hex digits,
// "-", then `n` (its count of requests) as at least 6 hex digits, e.g.
// "3ab3e0ec-00002a".
std::string FormatRequestId(uint32_t prefix, uint64_t n);

// The header lines every answer of a server carries ("Server", the security
// headers; Strict-Transport-Security when `https`), each ending in CRLF.
std::string FixedHeadLines(bool https);

// What a response head says besides the fixed lines.
struct ResponseHeadFields {
  int status = 200;
  unsigned version = 11;  // 10 for HTTP/1.0, 11 for HTTP/1.1
  bool keep_alive = true;
  std::string_view content_type;
  std::string_view request_id;  // X-Request-Id; none when empty
  std::string_view date;        // Date; none when empty
  std::string_view fixed_lines;  // FixedHeadLines
  // The answer's own headers, in order, after the fixed lines.
  const std::vector<std::pair<std::string, std::string>>* headers = nullptr;
  std::optional<uint64_t> content_length;  // Content-Length; none when unset
};

// Appends the head to `out`: status line with the standard reason phrase,
// Server-wide fixed lines, Content-Type, X-Request-Id, Date, the answer's
// headers, Connection when it differs from the version's default
// ("close" on HTTP/1.1, "keep-alive" on HTTP/1.0), Content-Length, and the
// blank line. A header whose name or value holds CR, LF or NUL is left out
// (it could split the head); so is an empty Content-Type.
void AppendResponseHead(std::string& out, const ResponseHeadFields& f);

// The Content-Length an answer of `status` with a body of `size` bytes
// carries: none for 1xx, 204 and 304 (RFC 9110 8.6: they have no body; a
// 304's length would have to be the 200's), else `size`.
std::optional<uint64_t> ContentLengthFor(int status, uint64_t size);

}  // namespace duxing::http
