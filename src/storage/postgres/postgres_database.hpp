// PostgreSQL 15 backend over libpq: a pool of connections, one per open
// transaction; statements prepared once per connection.
#pragma once

#include <memory>
#include <string>

#include "storage/database.hpp"

namespace duxing::storage::postgres {

// Opens a pool for a libpq connection URI (postgresql://user@host:port/db).
// Fails with kInternal when the server cannot be reached.
Result<std::unique_ptr<Database>> OpenPostgres(const std::string& url);

}  // namespace duxing::storage::postgres
