// TestDatabaseUrls() lists the same engines whatever the environment, so that
// ctest's cached list of tests (gtest_discover_tests) never loses the
// PostgreSQL cases; SkipReason() decides whether they can run here.
#include "testing/test_databases.hpp"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <optional>
#include <string>

namespace duxing::test {
namespace {

// Sets (or, with nullopt, unsets) an environment variable for one test and
// restores it afterwards.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, std::optional<std::string> value) : name_(name) {
    if (const char* old = getenv(name)) old_ = old;
    if (value) {
      setenv(name, value->c_str(), 1);
    } else {
      unsetenv(name);
    }
  }
  ~ScopedEnv() {
    if (old_) {
      setenv(name_, old_->c_str(), 1);
    } else {
      unsetenv(name_);
    }
  }

 private:
  const char* name_;
  std::optional<std::string> old_;
};

TEST(TestDatabaseUrlsTest, ListsPostgresqlEvenWithoutAServer) {
  ScopedEnv url("DUXING_TEST_PG_URL", std::nullopt);
  ScopedEnv require("DUXING_REQUIRE_PG", std::nullopt);
  auto urls = TestDatabaseUrls();
  ASSERT_EQ(urls.size(), 2u);
  EXPECT_EQ(BackendLabel(urls[0]), "sqlite");
  EXPECT_EQ(BackendLabel(urls[1]), "postgresql");
  EXPECT_EQ(SkipReason(urls[0]), "");
  EXPECT_NE(SkipReason(urls[1]).find("DUXING_TEST_PG_URL is not set"),
            std::string::npos);
  EXPECT_FALSE(CleanDatabase::Open(urls[1]).ok());
}

TEST(TestDatabaseUrlsTest, MissingServerFailsInsteadOfSkippingWhenRequired) {
  ScopedEnv url("DUXING_TEST_PG_URL", std::nullopt);
  ScopedEnv require("DUXING_REQUIRE_PG", "1");
  auto urls = TestDatabaseUrls();
  ASSERT_EQ(urls.size(), 2u);
  EXPECT_EQ(SkipReason(urls[1]), "");
  auto opened = CleanDatabase::Open(urls[1]);
  ASSERT_FALSE(opened.ok());
  EXPECT_NE(opened.error().internal.find("pg-test-server.sh"), std::string::npos);
}

TEST(TestDatabaseUrlsTest, UsesTheConfiguredServer) {
  ScopedEnv url("DUXING_TEST_PG_URL", "postgresql://u@127.0.0.1:1/db");
  auto urls = TestDatabaseUrls();
  ASSERT_EQ(urls.size(), 2u);
  EXPECT_EQ(urls[1], "postgresql://u@127.0.0.1:1/db");
  EXPECT_EQ(SkipReason(urls[1]), "");
}

}  // namespace
}  // namespace duxing::test
