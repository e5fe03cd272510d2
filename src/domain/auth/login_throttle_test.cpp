// The throttle rules alone (no database): when a count blocks, for how long,
// and how a failure is counted. CountAttempt's atomicity is tested on the
// engines by auth_service_test.cpp and tests/api/throttle.test.mjs.
#include "domain/auth/login_throttle.hpp"

#include <gtest/gtest.h>

namespace duxing::domain::auth {
namespace {

using namespace std::chrono_literals;

const TimePoint t0{std::chrono::sys_days(std::chrono::year(2026) / 3 / 1).time_since_epoch()};

ThrottleCount After(const ThrottleRule& rule, int failures, std::chrono::seconds step) {
  ThrottleCount c;
  for (int i = 0; i < failures; ++i) c = CountFailure(rule, c, t0 + i * step);
  return c;
}

TEST(LoginThrottleTest, WindowRuleBlocksAfterTheFreeFailuresUntilTheWindowEnds) {
  ThrottleRule rule{ThrottleRule::Kind::kWindow, 5, 15min};
  ThrottleCount four = After(rule, 4, 1s);
  EXPECT_EQ(BlockedUntil(rule, four, t0 + 5s), std::nullopt);
  ThrottleCount five = CountFailure(rule, four, t0 + 4s);
  EXPECT_EQ(five.failures, 5);
  EXPECT_EQ(five.first_at, t0);
  EXPECT_EQ(BlockedUntil(rule, five, t0 + 10min), t0 + 15min);
  EXPECT_EQ(BlockedUntil(rule, five, t0 + 15min), std::nullopt);
  // A failure after the window starts a new count.
  ThrottleCount fresh = CountFailure(rule, five, t0 + 15min);
  EXPECT_EQ(fresh.failures, 1);
  EXPECT_EQ(fresh.first_at, t0 + 15min);
}

TEST(LoginThrottleTest, GrowingRuleDoublesTheWaitAfterTheFreeFailuresUpToTheCap) {
  ThrottleRule rule{ThrottleRule::Kind::kGrowingDelay, 20, 1h, 15min};
  ThrottleCount c = After(rule, 19, 1s);
  EXPECT_EQ(BlockedUntil(rule, c, c.last_at), std::nullopt);
  std::chrono::seconds expected = 1s;
  for (int failures = 20; failures < 40; ++failures) {
    c = CountFailure(rule, c, c.last_at + 15min);  // each failure as soon as allowed
    ASSERT_EQ(c.failures, failures);
    EXPECT_EQ(BlockedUntil(rule, c, c.last_at), c.last_at + expected) << failures << " failures";
    EXPECT_EQ(BlockedUntil(rule, c, c.last_at + expected), std::nullopt);
    expected = std::min<std::chrono::seconds>(expected * 2, 15min);
  }
  // Never more than the cap, however many failures.
  c.failures = 10000;
  EXPECT_EQ(BlockedUntil(rule, c, c.last_at), c.last_at + 15min);
}

TEST(LoginThrottleTest, GrowingRuleForgetsTheCountAfterAQuietWindow) {
  ThrottleRule rule{ThrottleRule::Kind::kGrowingDelay, 20, 1h, 15min};
  ThrottleCount c = After(rule, 30, 1s);
  EXPECT_NE(BlockedUntil(rule, c, c.last_at + 1s), std::nullopt);
  EXPECT_EQ(BlockedUntil(rule, c, c.last_at + 1h), std::nullopt);
  EXPECT_EQ(CountFailure(rule, c, c.last_at + 1h).failures, 1);
  // Failures keep the count alive however long ago the first was.
  EXPECT_EQ(CountFailure(rule, c, c.last_at + 59min).failures, 31);
}

TEST(LoginThrottleTest, GateAppliesOnlyAfterAFailureWithinTheRulesWindow) {
  ThrottleRule rule{ThrottleRule::Kind::kGrowingDelay, 20, 1h, 15min};
  EXPECT_FALSE(GateApplies(rule, ThrottleCount{}, t0)) << "no failure: a fresh address";
  EXPECT_FALSE(GateApplies(rule, ThrottleCount{0, t0, t0}, t0 + 1s)) << "row without failures";
  ThrottleCount one{1, t0, t0};
  EXPECT_TRUE(GateApplies(rule, one, t0));
  EXPECT_TRUE(GateApplies(rule, one, t0 + 59min));
  EXPECT_FALSE(GateApplies(rule, one, t0 + 1h)) << "the failure is forgotten";
  // The latest failure counts, however old the first one is.
  EXPECT_TRUE(GateApplies(rule, ThrottleCount{3, t0, t0 + 2h}, t0 + 2h + 30min));
}

TEST(LoginThrottleTest, IPv6AddressesAreCountedByTheirSlash64) {
  EXPECT_EQ(ThrottleAddress("2001:db8:1:2:aaaa:bbbb:cccc:dddd"), "2001:db8:1:2::/64");
  EXPECT_EQ(ThrottleAddress("2001:DB8:1:2::1"), "2001:db8:1:2::/64");
  EXPECT_EQ(ThrottleAddress("2001:db8::"), "2001:db8:0:0::/64");
  EXPECT_EQ(ThrottleAddress("::1"), "0:0:0:0::/64");
  EXPECT_EQ(ThrottleAddress("::ffff:198.51.100.7"), "198.51.100.7");
  EXPECT_EQ(ThrottleAddress("198.51.100.7"), "198.51.100.7");
  EXPECT_EQ(ThrottleAddress("not an address"), "not an address");
  EXPECT_EQ(ThrottleAddress(""), "");
}

}  // namespace
}  // namespace duxing::domain::auth
