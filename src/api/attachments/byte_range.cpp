#include "api/attachments/byte_range.hpp"

#include <charconv>

namespace duxing::api {
namespace {

// A non-negative decimal without sign or spaces, at most 18 digits.
std::optional<int64_t> Number(std::string_view s) {
  if (s.empty() || s.size() > 18) return std::nullopt;
  int64_t v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size() || v < 0) return std::nullopt;
  return v;
}

}  // namespace

RangeDecision DecideRange(std::string_view header, int64_t size) {
  RangeDecision whole;
  constexpr std::string_view kUnit = "bytes=";
  if (header.substr(0, kUnit.size()) != kUnit) return whole;
  std::string_view spec = header.substr(kUnit.size());
  if (spec.find(',') != std::string_view::npos) return whole;
  size_t dash = spec.find('-');
  if (dash == std::string_view::npos) return whole;
  std::string_view first = spec.substr(0, dash), last = spec.substr(dash + 1);
  RangeDecision d;
  d.outcome = RangeOutcome::kPartial;
  if (first.empty()) {  // suffix: the last n bytes
    auto n = Number(last);
    if (!n) return whole;
    if (*n == 0 || size == 0) return {RangeOutcome::kUnsatisfiable, {}};
    int64_t len = std::min(*n, size);
    d.range = {size - len, len};
    return d;
  }
  auto from = Number(first);
  if (!from) return whole;
  std::optional<int64_t> to;
  if (!last.empty()) {
    to = Number(last);
    if (!to || *to < *from) return whole;
  }
  if (*from >= size) return {RangeOutcome::kUnsatisfiable, {}};
  int64_t end = to ? std::min(*to, size - 1) : size - 1;
  d.range = {*from, end - *from + 1};
  return d;
}

}  // namespace duxing::api
