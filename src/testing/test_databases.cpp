#include "testing/test_databases.hpp"

#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <random>

#include "storage/migrate.hpp"

namespace duxing::test {
namespace {

// Stands in for PostgreSQL when DUXING_TEST_PG_URL is not set.
constexpr std::string_view kMissingPg = "postgresql-missing:";

std::string Env(const char* name) {
  const char* v = std::getenv(name);
  return v ? v : "";
}

// A name no other test (in this process or another) is using.
std::string UniqueName(std::string_view prefix) {
  static std::atomic<int> counter{0};
  static const unsigned salt = std::random_device{}();
  return std::string(prefix) + std::to_string(getpid()) + "_" +
         std::to_string(counter++) + "_" + std::to_string(salt % 100000);
}

std::string FreshSqlitePath() {
  return (std::filesystem::temp_directory_path() /
          (UniqueName("duxing_test_") + ".db"))
      .string();
}

// `url` with `search_path` set to `schema` for every connection.
std::string WithSearchPath(const std::string& url, const std::string& schema) {
  char sep = url.find('?') == std::string::npos ? '?' : '&';
  return url + sep + "options=-c%20search_path%3D" + schema;
}

Status RunScript(storage::Database& db, std::string_view sql) {
  DX_ASSIGN_OR_RETURN(auto tx, db.Begin(storage::TxMode::kWrite));
  DX_RETURN_IF_ERROR(tx->ExecScript(sql));
  return tx->Commit();
}

}  // namespace

std::vector<std::string> TestDatabaseUrls() {
  std::string pg = Env("DUXING_TEST_PG_URL");
  return {"sqlite:" + FreshSqlitePath(),
          pg.empty() ? std::string(kMissingPg) : pg};
}

std::string SkipReason(const std::string& url) {
  if (url != kMissingPg || Env("DUXING_REQUIRE_PG") == "1") return "";
  return "PostgreSQL not configured: DUXING_TEST_PG_URL is not set (start a "
         "server with scripts/pg-test-server.sh start DIR PORT and export the "
         "URL it prints; DUXING_REQUIRE_PG=1 makes this a failure)";
}

std::string BackendLabel(const std::string& url) {
  return url.rfind("sqlite:", 0) == 0 ? "sqlite" : "postgresql";
}

Result<std::unique_ptr<CleanDatabase>> CleanDatabase::Open(
    const std::string& url) {
  auto clean = std::unique_ptr<CleanDatabase>(new CleanDatabase());
  if (url == kMissingPg) {
    Error e =
        MakeError(Code::kInternal, "DUXING_TEST_PG_URL is not set");
    e.internal =
        "start a server with scripts/pg-test-server.sh start DIR PORT and "
        "export DUXING_TEST_PG_URL=<the URL it prints>";
    return e;
  }
  if (BackendLabel(url) == "sqlite") {
    clean->sqlite_path_ = FreshSqlitePath();
    clean->url_ = "sqlite:" + clean->sqlite_path_;
  } else {
    DX_ASSIGN_OR_RETURN(clean->pg_admin_, storage::Open(url));
    std::string schema = UniqueName("dx_test_");
    DX_RETURN_IF_ERROR(RunScript(*clean->pg_admin_, "CREATE SCHEMA " + schema));
    clean->pg_schema_ = schema;
    clean->url_ = WithSearchPath(url, schema);
  }
  DX_ASSIGN_OR_RETURN(clean->db_, storage::Open(clean->url_));
  return clean;
}

Result<std::unique_ptr<CleanDatabase>> CleanDatabase::OpenMigrated(
    const std::string& url) {
  DX_ASSIGN_OR_RETURN(auto clean, Open(url));
  DX_RETURN_IF_ERROR(storage::Migrate(clean->db()));
  return clean;
}

CleanDatabase::~CleanDatabase() {
  db_.reset();  // close every connection before the data goes away
  if (!sqlite_path_.empty()) {
    std::error_code ec;
    for (const char* suffix : {"", "-wal", "-shm", "-changes"}) {
      std::filesystem::remove(sqlite_path_ + suffix, ec);
    }
  }
  if (pg_admin_ && !pg_schema_.empty()) {
    (void)RunScript(*pg_admin_, "DROP SCHEMA " + pg_schema_ + " CASCADE");
  }
}

}  // namespace duxing::test
