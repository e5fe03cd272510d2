// Versioned schema migrations, applied in order and recorded in
// schema_migrations. Migration files are named NNNN_name.sql under
// migrations/<backend>/ and compiled into the binary.
#pragma once

#include <vector>

#include "storage/database.hpp"

namespace duxing::storage {

struct AppliedMigration {
  int version;
  std::string name;
};

// Applies every migration not yet recorded, each in its own transaction.
// Safe to run concurrently from several processes on PostgreSQL (an advisory
// lock serializes them). Returns the migrations applied by this call.
Result<std::vector<AppliedMigration>> Migrate(Database& db);

}  // namespace duxing::storage
