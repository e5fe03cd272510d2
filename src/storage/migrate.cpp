#include "storage/migrate.hpp"

#include <string>

#include "common/clock.hpp"
#include "common/embedded_file.hpp"

namespace duxing::storage {
namespace {

constexpr std::string_view kCreateTable =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)";
constexpr std::string_view kSelectApplied =
    "SELECT 1 FROM schema_migrations WHERE version = $1";
constexpr std::string_view kInsertApplied =
    "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)";
constexpr std::string_view kPgLock = "SELECT pg_advisory_xact_lock(727274)";

}  // namespace

Result<std::vector<AppliedMigration>> Migrate(Database& db) {
  std::string prefix = std::string(BackendName(db.backend())) == "sqlite"
                           ? "sqlite/"
                           : "postgres/";
  std::vector<AppliedMigration> applied;
  {
    DX_ASSIGN_OR_RETURN(auto tx, db.Begin(TxMode::kWrite));
    if (db.backend() == Backend::kPostgres) {
      DX_RETURN_IF_ERROR(tx->Query(kPgLock, {}));
    }
    DX_RETURN_IF_ERROR(tx->ExecScript(kCreateTable));
    DX_RETURN_IF_ERROR(tx->Commit());
  }
  for (const EmbeddedFile& f : EmbeddedMigrations()) {
    if (f.name.rfind(prefix, 0) != 0) continue;
    std::string file(f.name.substr(prefix.size()));
    int version = std::stoi(file.substr(0, 4));
    std::string name = file.substr(5, file.size() - 5 - 4);  // drop ".sql"
    DX_ASSIGN_OR_RETURN(auto tx, db.Begin(TxMode::kWrite));
    if (db.backend() == Backend::kPostgres) {
      DX_RETURN_IF_ERROR(tx->Query(kPgLock, {}));
    }
    DX_ASSIGN_OR_RETURN(Rows done, tx->Query(kSelectApplied, {int64_t{version}}));
    if (!done.empty()) continue;
    Status st = tx->ExecScript(f.data);
    if (!st.ok()) {
      Error e = std::move(st).error();
      e.internal = "migration " + file + ": " + e.internal;
      return e;
    }
    DX_RETURN_IF_ERROR(tx->Exec(
        kInsertApplied, {int64_t{version}, name, FormatTime(SystemClock().Now())}));
    DX_RETURN_IF_ERROR(tx->Commit());
    applied.push_back({version, name});
  }
  return applied;
}

}  // namespace duxing::storage
