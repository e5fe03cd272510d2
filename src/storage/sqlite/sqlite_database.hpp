// SQLite backend: one writer connection (write transactions are serialized with
// BEGIN IMMEDIATE) and a pool of reader connections; WAL, foreign keys on,
// synchronous=FULL so an acknowledged commit survives a crash.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "storage/database.hpp"

namespace duxing::storage::sqlite {

// Opens the database at `path` (created when missing) with its change signal
// at `path` + kChangeSignalSuffix (sqlite/change_signal.hpp; created when
// missing, repaired when torn and the write lock is free).
Result<std::unique_ptr<Database>> OpenSqlite(const std::string& path);
inline constexpr std::string_view kChangeSignalSuffix = "-changes";

// Rewrites `$N` placeholders to SQLite's: a bare `?` where it numbers the same
// (N is one past the largest number so far), else `?N`; string literals are
// left alone. Bare `?`s keep batches of thousands of values linear to prepare.
std::string RewritePlaceholders(std::string_view sql);

// Online backup of the database at `path` into `to` (sqlite3_backup).
Status BackupSqlite(const std::string& path, const std::string& to);

}  // namespace duxing::storage::sqlite
