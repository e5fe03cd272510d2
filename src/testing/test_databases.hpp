// Databases for tests: every test that touches storage runs on SQLite and,
// when a server is configured, on PostgreSQL, each time on a clean database.
//
// Environment:
//   DUXING_TEST_PG_URL  a PostgreSQL database tests may use freely
//                       (scripts/pg-test-server.sh start prints one).
//   DUXING_REQUIRE_PG=1 PostgreSQL is mandatory: without DUXING_TEST_PG_URL the
//                       PostgreSQL tests fail instead of being left out.
//
// The namespace is duxing::test rather than duxing::testing so that test code
// inside namespace duxing can still write `testing::Test` for GoogleTest.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "storage/database.hpp"

namespace duxing::test {

// The database URLs tests run against: a SQLite URL naming a fresh temp file
// (not yet created) always, then DUXING_TEST_PG_URL when set. When
// DUXING_REQUIRE_PG=1 and no URL is set, a URL that fails to open stands in for
// PostgreSQL, so those tests fail loudly.
std::vector<std::string> TestDatabaseUrls();

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
