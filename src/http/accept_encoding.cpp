#include "http/accept_encoding.hpp"

#include <array>
#include <cctype>

namespace duxing::http {
namespace {

constexpr int kNotListed = -1;
constexpr int kFullWeight = 1000;  // q=1, in thousandths
constexpr int kLeastWeight = 1;    // q=0.001

bool IsOws(char c) { return c == ' ' || c == '\t'; }

std::string_view TrimOws(std::string_view s) {
  while (!s.empty() && IsOws(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsOws(s.back())) s.remove_suffix(1);
  return s;
}

bool EqualsNoCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) != b[i]) return false;
  }
  return true;
}

// A qvalue ("0", "0.5", "1.000"; RFC 9110 12.4.2) in thousandths, or nullopt.
std::optional<int> ParseQValue(std::string_view v) {
  if (v.empty() || (v[0] != '0' && v[0] != '1')) return std::nullopt;
  int whole = v[0] - '0';
  if (v.size() == 1) return whole * kFullWeight;
  if (v[1] != '.' || v.size() > 5) return std::nullopt;
  int thousandths = 0;
  int scale = 100;
  for (char c : v.substr(2)) {
    if (c < '0' || c > '9') return std::nullopt;
    thousandths += (c - '0') * scale;
    scale /= 10;
  }
  if (whole == 1 && thousandths != 0) return std::nullopt;
  return whole * kFullWeight + thousandths;
}

// The weight an element's parameters give ("q=..."; full weight without
// one), or nullopt when a q parameter is malformed.
std::optional<int> ElementWeight(std::string_view params) {
  int weight = kFullWeight;
  while (!params.empty()) {
    size_t semi = params.find(';');
    std::string_view param = TrimOws(params.substr(0, semi));
    params = semi == std::string_view::npos ? std::string_view() : params.substr(semi + 1);
    size_t eq = param.find('=');
    if (eq == std::string_view::npos) continue;
    if (!EqualsNoCase(TrimOws(param.substr(0, eq)), "q")) continue;
    auto q = ParseQValue(TrimOws(param.substr(eq + 1)));
    if (!q) return std::nullopt;
    weight = *q;
  }
  return weight;
}

}  // namespace

std::string_view ContentCodingName(ContentCoding coding) {
  switch (coding) {
    case ContentCoding::kBrotli:
      return "br";
    case ContentCoding::kGzip:
      return "gzip";
    case ContentCoding::kIdentity:
      return "";
  }
  return "";
}

std::optional<ContentCoding> ChooseContentCoding(std::string_view accept_encoding,
                                                 AvailableCodings available) {
  // Weights by ContentCoding, then "*".
  std::array<int, 4> weight{kNotListed, kNotListed, kNotListed, kNotListed};
  constexpr size_t kStar = 3;
  while (!accept_encoding.empty()) {
    size_t comma = accept_encoding.find(',');
    std::string_view element = accept_encoding.substr(0, comma);
    accept_encoding =
        comma == std::string_view::npos ? std::string_view() : accept_encoding.substr(comma + 1);
    size_t semi = element.find(';');
    std::string_view name = TrimOws(element.substr(0, semi));
    size_t slot;
    if (EqualsNoCase(name, "br")) {
      slot = static_cast<size_t>(ContentCoding::kBrotli);
    } else if (EqualsNoCase(name, "gzip") || EqualsNoCase(name, "x-gzip")) {
      slot = static_cast<size_t>(ContentCoding::kGzip);
    } else if (EqualsNoCase(name, "identity")) {
      slot = static_cast<size_t>(ContentCoding::kIdentity);
    } else if (name == "*") {
      slot = kStar;
    } else {
      continue;
    }
    if (weight[slot] != kNotListed) continue;  // the first mention counts
    auto w = ElementWeight(semi == std::string_view::npos ? std::string_view()
                                                          : element.substr(semi + 1));
    if (w) weight[slot] = *w;
  }
  auto weigh = [&](ContentCoding c) {
    int w = weight[static_cast<size_t>(c)];
    if (w != kNotListed) return w;
    if (weight[kStar] != kNotListed) return weight[kStar];
    // Identity unlisted is acceptable but states no preference: any coding
    // the client lists as acceptable goes before it.
    return c == ContentCoding::kIdentity ? kLeastWeight : 0;
  };
  std::optional<ContentCoding> best;
  int best_weight = 0;
  for (ContentCoding c : {ContentCoding::kBrotli, ContentCoding::kGzip, ContentCoding::kIdentity}) {
    bool held = c == ContentCoding::kIdentity ||
                (c == ContentCoding::kBrotli && available.brotli) ||
                (c == ContentCoding::kGzip && available.gzip);
    int w = held ? weigh(c) : 0;
    if (w > best_weight) {  // strictly: ties keep the earlier (smaller) coding
      best = c;
      best_weight = w;
    }
  }
  return best;
}

bool IfNoneMatchHits(std::string_view if_none_match, std::string_view etag) {
  while (!if_none_match.empty()) {
    size_t comma = if_none_match.find(',');
    std::string_view tag = TrimOws(if_none_match.substr(0, comma));
    if_none_match =
        comma == std::string_view::npos ? std::string_view() : if_none_match.substr(comma + 1);
    if (tag == "*") return true;
    if (tag.substr(0, 2) == "W/") tag.remove_prefix(2);
    if (tag == etag) return true;
  }
  return false;
}

}  // namespace duxing::http
