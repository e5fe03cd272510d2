#include "http/response_head.hpp"

#include <boost/beast/http/status.hpp>

#include <charconv>
#include <chrono>

namespace duxing::http {
namespace {

// The Content-Security-Policy of every answer: the built UI loads its
// scripts, styles and fonts from this origin only (no inline script);
// Element Plus sets inline style attributes, hence 'unsafe-inline' for
// styles; ECharts draws on canvas; downloads go through blob: URLs.
constexpr std::string_view kContentSecurityPolicy =
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

// Behind HTTPS: browsers keep to HTTPS for a year, on subdomains too.
constexpr std::string_view kHsts = "max-age=31536000; includeSubDomains";

bool Splits(std::string_view s) {
  return s.find_first_of(std::string_view("\r\n\0", 3)) != std::string_view::npos;
}

void AppendLine(std::string& out, std::string_view name, std::string_view value) {
  if (Splits(name) || Splits(value)) return;
  out.append(name).append(": ").append(value).append("\r\n");
}

void AppendNumber(std::string& out, uint64_t n) {
  char buf[24];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, n);
  out.append(buf, end);
}

void Put2(char* at, int v) {
  at[0] = static_cast<char>('0' + v / 10);
  at[1] = static_cast<char>('0' + v % 10);
}

}  // namespace

std::string FormatHttpDate(std::time_t t) {
  static constexpr std::string_view kDays = "SunMonTueWedThuFriSat";
  static constexpr std::string_view kMonths = "JanFebMarAprMayJunJulAugSepOctNovDec";
  std::tm tm{};
  gmtime_r(&t, &tm);
  std::string s = "Sun, 00 Jan 0000 00:00:00 GMT";
  s.replace(0, 3, kDays.substr(static_cast<size_t>(tm.tm_wday) * 3, 3));
  Put2(&s[5], tm.tm_mday);
  s.replace(8, 3, kMonths.substr(static_cast<size_t>(tm.tm_mon) * 3, 3));
  int year = tm.tm_year + 1900;
  Put2(&s[12], year / 100 % 100);
  Put2(&s[14], year % 100);
  Put2(&s[17], tm.tm_hour);
  Put2(&s[20], tm.tm_min);
  Put2(&s[23], tm.tm_sec);
  return s;
}

std::string FormatRequestId(uint32_t prefix, uint64_t n) {
  static constexpr char kDigits[] = "0123456789abcdef";
  char buf[8 + 1 + 16];
  for (int i = 7; i >= 0; --i, prefix >>= 4) buf[i] = kDigits[prefix & 15];
  buf[8] = '-';
  int digits = 6;
  while (digits < 16 && (n >> (4 * digits)) != 0) ++digits;
  for (int i = 9 + digits - 1; i >= 9; --i, n >>= 4) buf[i] = kDigits[n & 15];
  return std::string(buf, 9 + static_cast<size_t>(digits));
}

std::string_view DateCache::At(std::time_t now) {
  if (now != second_) {
    text_ = FormatHttpDate(now);
    second_ = now;
  }
  return text_;
}

std::string_view HttpDateNow() {
  thread_local DateCache cache;
  return cache.At(std::chrono::system_clock::to_time_t(std::chrono::system_clock::now()));
}

std::string FixedHeadLines(bool https) {
  std::string out;
  AppendLine(out, "Server", "duxing");
  AppendLine(out, "X-Content-Type-Options", "nosniff");
  AppendLine(out, "X-Frame-Options", "DENY");
  AppendLine(out, "Referrer-Policy", "same-origin");
  AppendLine(out, "Content-Security-Policy", kContentSecurityPolicy);
  if (https) AppendLine(out, "Strict-Transport-Security", kHsts);
  return out;
}

void AppendResponseHead(std::string& out, const ResponseHeadFields& f) {
  namespace bhttp = boost::beast::http;
  out.append(f.version == 10 ? "HTTP/1.0 " : "HTTP/1.1 ");
  AppendNumber(out, static_cast<uint64_t>(f.status));
  out.push_back(' ');
  auto reason = bhttp::obsolete_reason(bhttp::int_to_status(static_cast<unsigned>(f.status)));
  out.append(reason.data(), reason.size()).append("\r\n");
  out.append(f.fixed_lines);
  if (!f.content_type.empty()) AppendLine(out, "Content-Type", f.content_type);
  if (!f.request_id.empty()) AppendLine(out, "X-Request-Id", f.request_id);
  if (!f.date.empty()) AppendLine(out, "Date", f.date);
  if (f.headers) {
    for (const auto& [name, value] : *f.headers) AppendLine(out, name, value);
  }
  if (f.version >= 11 && !f.keep_alive) out.append("Connection: close\r\n");
  if (f.version < 11 && f.keep_alive) out.append("Connection: keep-alive\r\n");
  if (f.content_length) {
    out.append("Content-Length: ");
    AppendNumber(out, *f.content_length);
    out.append("\r\n");
  }
  out.append("\r\n");
}

std::optional<uint64_t> ContentLengthFor(int status, uint64_t size) {
  if ((status >= 100 && status < 200) || status == 204 || status == 304) return std::nullopt;
  return size;
}

}  // namespace duxing::http
