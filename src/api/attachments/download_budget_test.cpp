#include "api/attachments/download_budget.hpp"

#include <gtest/gtest.h>

namespace duxing::api {
namespace {

TEST(DownloadBudgetTest, HoldsBytesUntilTheLastCopyIsGone) {
  DownloadBudget budget(100, 60);
  auto a = budget.Take(1, 40);
  ASSERT_TRUE(a);
  auto copy = a;  // the HTTP layer's answer keeps one
  EXPECT_FALSE(budget.Take(1, 30)) << "past the account's 60";
  a.reset();
  EXPECT_FALSE(budget.Take(1, 30)) << "still held by the answer being sent";
  copy.reset();
  EXPECT_TRUE(budget.Take(1, 60));
}

TEST(DownloadBudgetTest, LimitsAllAccountsTogetherAndEachAccount) {
  DownloadBudget budget(100, 60);
  auto a = budget.Take(1, 60);
  auto b = budget.Take(2, 30);
  ASSERT_TRUE(a && b);
  EXPECT_FALSE(budget.Take(1, 1)) << "account 1 holds its 60";
  EXPECT_FALSE(budget.Take(3, 11)) << "100 in all";
  auto c = budget.Take(3, 10);
  EXPECT_TRUE(c);
  EXPECT_FALSE(budget.Take(4, 101));
}

}  // namespace
}  // namespace duxing::api
