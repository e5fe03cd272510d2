// Content negotiation of a response's content coding (RFC 9110 12.5.3) and
// entity-tag matching (RFC 9110 13.1.2), for answers held in several
// encodings (the precompressed web UI). No Beast: plain text in, choice out.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace duxing::http {

// A content coding duxing can send, in its order of preference when the
// client weighs several alike: the smallest first.
enum class ContentCoding : uint8_t { kBrotli, kGzip, kIdentity };

// The Content-Encoding token of `coding` ("br", "gzip"; "" for identity).
std::string_view ContentCodingName(ContentCoding coding);

// Which codings a resource is held in besides identity (always held).
struct AvailableCodings {
  bool brotli = false;
  bool gzip = false;
};

// The coding to answer with, given the request's Accept-Encoding value (""
// when absent or empty: identity only, as clients that send none expect).
// Codings are weighed by their q-value (0 to 1, three decimals; an element
// with a malformed q-value is ignored); a coding not listed takes the weight
// of "*" when listed, otherwise 0, except identity, which is acceptable
// (after any coding listed as acceptable) unless "identity;q=0" or "*;q=0"
// (without identity listed) refuses it.
// "x-gzip" is gzip; names are case-insensitive; the first mention of a
// coding counts. Among the highest weights, br before gzip before identity.
// nullopt when nothing held is acceptable (the caller answers 406).
// Linear in the length of the value.
std::optional<ContentCoding> ChooseContentCoding(std::string_view accept_encoding,
                                                 AvailableCodings available);

// Whether an If-None-Match value matches `etag` (a quoted strong tag): "*",
// or a comma-separated list holding it, weak ("W/") or not (the weak
// comparison of RFC 9110 13.1.2). False for "". Linear.
bool IfNoneMatchHits(std::string_view if_none_match, std::string_view etag);

}  // namespace duxing::http
