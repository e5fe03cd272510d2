#include "api/attachments/byte_range.hpp"

#include <gtest/gtest.h>

namespace duxing::api {
namespace {

void ExpectPartial(std::string_view h, int64_t size, int64_t off, int64_t len) {
  auto d = DecideRange(h, size);
  EXPECT_EQ(d.outcome, RangeOutcome::kPartial) << h;
  EXPECT_EQ(d.range.offset, off) << h;
  EXPECT_EQ(d.range.length, len) << h;
}

TEST(DecideRange, SingleRanges) {
  ExpectPartial("bytes=0-0", 100, 0, 1);
  ExpectPartial("bytes=0-99", 100, 0, 100);
  ExpectPartial("bytes=10-", 100, 10, 90);
  ExpectPartial("bytes=90-1000", 100, 90, 10);  // clipped to the end
  ExpectPartial("bytes=-10", 100, 90, 10);
  ExpectPartial("bytes=-1000", 100, 0, 100);
}

TEST(DecideRange, Unsatisfiable) {
  EXPECT_EQ(DecideRange("bytes=100-", 100).outcome, RangeOutcome::kUnsatisfiable);
  EXPECT_EQ(DecideRange("bytes=100-200", 100).outcome, RangeOutcome::kUnsatisfiable);
  EXPECT_EQ(DecideRange("bytes=-0", 100).outcome, RangeOutcome::kUnsatisfiable);
}

TEST(DecideRange, IgnoredAsWhole) {
  for (std::string_view h : {"", "bytes=5-2", "items=0-1", "bytes=0-1,5-6", "bytes=a-b",
                             "bytes=-", "bytes= 1-2", "bytes=+1-2", "bytes=1",
                             "bytes=99999999999999999999-"}) {
    EXPECT_EQ(DecideRange(h, 100).outcome, RangeOutcome::kWhole) << h;
  }
}

}  // namespace
}  // namespace duxing::api
