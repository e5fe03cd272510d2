// Databases for tests: every test that touches storage runs on SQLite and on
// PostgreSQL, each time on a clean database.
//
// Environment:
//   DUXING_TEST_PG_URL  a PostgreSQL database tests may use freely
//                       (scripts/pg-test-server.sh start prints one).
//   DUXING_REQUIRE_PG=1 PostgreSQL is mandatory: without DUXING_TEST_PG_URL the
//                       PostgreSQL tests fail instead of being skipped.
//
// The PostgreSQL cases exist whatever the environment (ctest's cached list of
// tests, made by gtest_discover_tests, is the same with or without a server);
// without DUXING_TEST_PG_URL they skip, saying why (DX_SKIP_IF_NO_ENGINE).
//
// The namespace is duxing::test rather than duxing::testing so that test code
// inside namespace duxing can still write `testing::Test` for GoogleTest.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "common/result.hpp"
#include "storage/database.hpp"

namespace duxing::test {

// The database URLs tests run against, always two: a SQLite URL naming a fresh
// temp file (not yet created), then DUXING_TEST_PG_URL, or when it is not set a
// URL standing for the missing server (SkipReason says why; opening it fails).
std::vector<std::string> TestDatabaseUrls();

// Why tests on `url` (one of TestDatabaseUrls()) cannot run here: not empty
// only for the missing PostgreSQL server without DUXING_REQUIRE_PG=1 (with it,
// the tests run and fail on opening the database).
std::string SkipReason(const std::string& url);

// First statement of a fixture's SetUp() (or of a TEST_P without one) on
// TestDatabaseUrls(): skips the test, with the reason, when SkipReason(url)
// says it cannot run here.
#define DX_SKIP_IF_NO_ENGINE(url)                                    \
  if (std::string dx_skip_reason = ::duxing::test::SkipReason(url); \
      !dx_skip_reason.empty())                                      \
  GTEST_SKIP() << dx_skip_reason

// "sqlite" or "postgresql": a stable name for a URL of TestDatabaseUrls(),
// for GoogleTest parameter names.
std::string BackendLabel(const std::string& url);

// GoogleTest name generator for suites parameterized on TestDatabaseUrls():
//   INSTANTIATE_TEST_SUITE_P(Engines, MyTest,
//                            ::testing::ValuesIn(test::TestDatabaseUrls()),
//                            test::UrlParamName());
struct UrlParamName {
  template <typename ParamInfo>
  std::string operator()(const ParamInfo& info) const {
    return BackendLabel(info.param);
  }
};

// A clean, empty database (no tables, not migrated) owned by one test.
// SQLite: a new temp file (the path in `url` is not reused), deleted with
// this object.
// PostgreSQL: a new schema in the DUXING_TEST_PG_URL database, made the only
// one on the search path and dropped with this object; tests in parallel
// processes do not see each other.
class CleanDatabase {
 public:
  // Opens a clean database for `url` (one of TestDatabaseUrls()).
  static Result<std::unique_ptr<CleanDatabase>> Open(const std::string& url);
  // Open, then every migration applied: the schema the application runs on.
  static Result<std::unique_ptr<CleanDatabase>> OpenMigrated(
      const std::string& url);
  ~CleanDatabase();
  CleanDatabase(const CleanDatabase&) = delete;
  CleanDatabase& operator=(const CleanDatabase&) = delete;

  storage::Database& db() { return *db_; }
  // The URL `db()` was opened with; opening it again reaches the same data.
  const std::string& url() const { return url_; }

 private:
  CleanDatabase() = default;
  std::unique_ptr<storage::Database> db_;
  std::string url_;
  std::string sqlite_path_;                      // SQLite: the file to delete
  std::unique_ptr<storage::Database> pg_admin_;  // PostgreSQL: drops pg_schema_
  std::string pg_schema_;
};

}  // namespace duxing::test
