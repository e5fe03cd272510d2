#include "common/clock.hpp"

#include <charconv>
#include <cstdio>

namespace duxing {
namespace {

bool ParseInt(std::string_view s, int& out) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  auto r = std::from_chars(s.data(), s.data() + s.size(), out);
  return r.ec == std::errc();
}

std::optional<std::chrono::year_month_day> ParseDate(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  int y, m, d;
  if (!ParseInt(s.substr(0, 4), y) || !ParseInt(s.substr(5, 2), m) ||
      !ParseInt(s.substr(8, 2), d)) {
    return std::nullopt;
  }
  std::chrono::year_month_day ymd{std::chrono::year(y),
                                  std::chrono::month(static_cast<unsigned>(m)),
                                  std::chrono::day(static_cast<unsigned>(d))};
  if (!ymd.ok() || y < 1900 || y > 2200) return std::nullopt;
  return ymd;
}

}  // namespace

namespace {

std::string Format(TimePoint t, const char* pattern) {
  auto days = std::chrono::floor<std::chrono::days>(t);
  std::chrono::year_month_day ymd(days);
  std::chrono::hh_mm_ss hms(t - days);
  char buf[32];
  std::snprintf(buf, sizeof buf, pattern,
                static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                static_cast<unsigned>(ymd.day()),
                static_cast<int>(hms.hours().count()),
                static_cast<int>(hms.minutes().count()),
                static_cast<int>(hms.seconds().count()));
  return buf;
}

}  // namespace

std::string FormatTime(TimePoint t) { return Format(t, "%04d-%02u-%02uT%02d:%02d:%02dZ"); }

std::string FormatChinaTime(TimePoint t) {
  // China keeps UTC+8 all year.
  return Format(t + std::chrono::hours(8), "%04d-%02u-%02u %02d:%02d:%02d");
}

std::optional<TimePoint> ParseTime(std::string_view s) {
  auto ymd = ParseDate(s.substr(0, 10));
  if (!ymd) return std::nullopt;
  TimePoint t{std::chrono::sys_days(*ymd).time_since_epoch()};
  if (s.size() == 10) return t;
  if (s.size() != 20 || s[10] != 'T' || s[13] != ':' || s[16] != ':' ||
      s[19] != 'Z') {
    return std::nullopt;
  }
  int h, m, sec;
  if (!ParseInt(s.substr(11, 2), h) || !ParseInt(s.substr(14, 2), m) ||
      !ParseInt(s.substr(17, 2), sec) || h > 23 || m > 59 || sec > 59) {
    return std::nullopt;
  }
  return t + std::chrono::hours(h) + std::chrono::minutes(m) +
         std::chrono::seconds(sec);
}

bool IsValidDate(std::string_view s) { return ParseDate(s).has_value(); }

std::optional<std::chrono::seconds> ParseDuration(std::string_view s) {
  if (s.size() < 2 || s.size() > 12) return std::nullopt;
  int64_t unit = 0;
  switch (s.back()) {
    case 's': unit = 1; break;
    case 'm': unit = 60; break;
    case 'h': unit = 3600; break;
    case 'd': unit = 86400; break;
    default: return std::nullopt;
  }
  int64_t n = 0;
  for (char ch : s.substr(0, s.size() - 1)) {
    if (ch < '0' || ch > '9') return std::nullopt;
    n = n * 10 + (ch - '0');
  }
  constexpr int64_t kMax = int64_t{100} * 366 * 86400;
  if (n == 0 || n > kMax / unit) return std::nullopt;
  return std::chrono::seconds(n * unit);
}

}  // namespace duxing
