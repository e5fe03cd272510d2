// The Range header of a download (RFC 9110 14.2): one byte range.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace duxing::api {

struct ByteRange {
  int64_t offset = 0;
  int64_t length = 0;
};

enum class RangeOutcome { kWhole, kPartial, kUnsatisfiable };

struct RangeDecision {
  RangeOutcome outcome = RangeOutcome::kWhole;
  ByteRange range;  // for kPartial
};

// What to send of a `size`-byte resource for `header` ("" when absent):
// "bytes=a-b", "bytes=a-" or "bytes=-n" give kPartial (clipped to the end);
// a range starting at or past the end, or a suffix of 0, kUnsatisfiable
// (416); anything else (other units, several ranges, malformed) kWhole, as
// RFC 9110 allows a server to ignore a Range it does not support.
RangeDecision DecideRange(std::string_view header, int64_t size);

}  // namespace duxing::api
