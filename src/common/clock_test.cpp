#include "common/clock.hpp"

#include <gtest/gtest.h>

namespace duxing {
namespace {

using namespace std::chrono;
using namespace std::chrono_literals;

TimePoint At(year_month_day ymd, hours h = 0h, minutes m = 0min,
             seconds s = 0s) {
  return TimePoint(sys_days(ymd).time_since_epoch()) + h + m + s;
}

TEST(FormatTimeTest, WritesIso8601Utc) {
  EXPECT_EQ(FormatTime(TimePoint(0s)), "1970-01-01T00:00:00Z");
  EXPECT_EQ(FormatTime(At(2026y / 11 / 25, 8h)), "2026-11-25T08:00:00Z");
  EXPECT_EQ(FormatTime(At(2020y / 2 / 29, 23h, 59min, 59s)),
            "2020-02-29T23:59:59Z");
  EXPECT_EQ(FormatTime(At(1999y / 12 / 31, 0h, 0min, 1s)),
            "1999-12-31T00:00:01Z");
}

TEST(FormatChinaTimeTest, IsEightHoursAheadAcrossMidnight) {
  auto t = ParseTime("2026-11-25T18:30:05Z");
  ASSERT_TRUE(t);
  EXPECT_EQ(FormatChinaTime(*t), "2026-11-26 02:30:05");
  EXPECT_EQ(FormatChinaTime(*ParseTime("2021-12-31T16:00:00Z")), "2022-01-01 00:00:00");
}

TEST(ParseTimeTest, ReadsWhatFormatTimeWrites) {
  for (TimePoint t : {TimePoint(0s), At(2026y / 11 / 25, 8h),
                      At(2020y / 2 / 29, 23h, 59min, 59s),
                      At(2199y / 12 / 31, 12h, 30min, 15s)}) {
    auto parsed = ParseTime(FormatTime(t));
    ASSERT_TRUE(parsed.has_value()) << FormatTime(t);
    EXPECT_EQ(*parsed, t);
  }
}

TEST(ParseTimeTest, BareDateIsMidnightUtc) {
  auto t = ParseTime("2026-11-25");
  ASSERT_TRUE(t.has_value());
  EXPECT_EQ(*t, At(2026y / 11 / 25));
  EXPECT_EQ(FormatTime(*t), "2026-11-25T00:00:00Z");
}

TEST(ParseTimeTest, RefusesOtherShapes) {
  for (const char* bad : {
           "",
           "2026",
           "2026-11",
           "2026-11-25T08:00:00",        // no Z
           "2026-11-25 08:00:00Z",       // space instead of T
           "2026-11-25T08:00Z",          // no seconds
           "2026-11-25T08:00:00.000Z",   // fractions
           "2026-11-25T08:00:00+08:00",  // offsets
           "2026-11-25t08:00:00z",       // lower case
           "2026-11-25T24:00:00Z",       // hour out of range
           "2026-11-25T08:60:00Z",       // minute out of range
           "2026-11-25T08:00:60Z",       // no leap seconds
           "2026-11-25T0a:00:00Z",
           "2026-11-25T-1:00:00Z",
           "2026-13-01",
           "2021-02-29T00:00:00Z",  // not a leap year
           "26-11-25",
           "2026/11/25",
           " 2026-11-25",
           "2026-11-25 ",
       }) {
    EXPECT_FALSE(ParseTime(bad).has_value()) << '"' << bad << '"';
  }
}

TEST(IsValidDateTest, KnowsLeapYears) {
  EXPECT_TRUE(IsValidDate("2020-02-29"));
  EXPECT_FALSE(IsValidDate("2021-02-29"));
  EXPECT_TRUE(IsValidDate("2000-02-29"));   // divisible by 400
  EXPECT_FALSE(IsValidDate("1900-02-29"));  // divisible by 100, not 400
  EXPECT_FALSE(IsValidDate("2100-02-29"));
  EXPECT_TRUE(IsValidDate("2024-02-29"));
  EXPECT_TRUE(IsValidDate("2021-02-28"));
}

TEST(IsValidDateTest, KnowsMonthLengths) {
  EXPECT_TRUE(IsValidDate("2021-01-31"));
  EXPECT_FALSE(IsValidDate("2021-04-31"));
  EXPECT_TRUE(IsValidDate("2021-04-30"));
  EXPECT_FALSE(IsValidDate("2021-06-31"));
  EXPECT_TRUE(IsValidDate("2021-12-31"));
  EXPECT_FALSE(IsValidDate("2021-12-32"));
  EXPECT_FALSE(IsValidDate("2021-00-10"));
  EXPECT_FALSE(IsValidDate("2021-13-10"));
  EXPECT_FALSE(IsValidDate("2021-12-00"));
}

TEST(IsValidDateTest, RefusesBadFormats) {
  for (const char* bad :
       {"", "2021-2-28", "2021-02-8", "21-02-28", "2021/02/28", "20210228",
        "2021-02-28T00:00:00Z", " 2021-02-28", "2021-02-28 ", "2021-0a-28",
        "２０２１-02-28", "+021-02-28", "2021--2-28", "2021-02-+8",
        "二〇二一年二月"}) {
    EXPECT_FALSE(IsValidDate(bad)) << '"' << bad << '"';
  }
}

TEST(IsValidDateTest, KeepsToAPlausibleRangeOfYears) {
  EXPECT_TRUE(IsValidDate("1900-01-01"));
  EXPECT_FALSE(IsValidDate("1899-12-31"));
  EXPECT_TRUE(IsValidDate("2200-12-31"));
  EXPECT_FALSE(IsValidDate("2201-01-01"));
  EXPECT_FALSE(IsValidDate("0000-01-01"));
}

TEST(ParseDurationTest, ReadsEachUnit) {
  EXPECT_EQ(ParseDuration("90s"), std::chrono::seconds(90));
  EXPECT_EQ(ParseDuration("15m"), std::chrono::seconds(900));
  EXPECT_EQ(ParseDuration("4h"), std::chrono::seconds(4 * 3600));
  EXPECT_EQ(ParseDuration("30d"), std::chrono::seconds(30 * 86400));
  EXPECT_EQ(ParseDuration("007s"), std::chrono::seconds(7));
}

TEST(ParseDurationTest, RefusesEverythingElse) {
  for (const char* bad : {"", "s", "10", "0s", "-5m", "+5m", "1.5h", " 5m", "5 m",
                          "5M", "5w", "1h30m", "99999999999d", "3660000d"}) {
    EXPECT_EQ(ParseDuration(bad), std::nullopt) << bad;
  }
  EXPECT_NE(ParseDuration("36600d"), std::nullopt);
}

TEST(FakeClockTest, StandsStillUntilAdvanced) {
  FakeClock clock(At(2026y / 1 / 1));
  EXPECT_EQ(clock.Now(), At(2026y / 1 / 1));
  EXPECT_EQ(clock.Now(), At(2026y / 1 / 1));
  clock.Advance(90min);
  EXPECT_EQ(FormatTime(clock.Now()), "2026-01-01T01:30:00Z");
  clock.Advance(days(31));
  EXPECT_EQ(FormatTime(clock.Now()), "2026-02-01T01:30:00Z");
}

TEST(SystemClockTest, IsWholeSecondsNearTheSystemTime) {
  SystemClock clock;
  auto diff = system_clock::now() - clock.Now();
  EXPECT_GE(diff, 0s);
  EXPECT_LT(diff, 5s);
}

}  // namespace
}  // namespace duxing
