// SQLite backend: one writer connection (write transactions are serialized with
// BEGIN IMMEDIATE) and a pool of reader connections; WAL, foreign keys on,
// synchronous=FULL so an acknowledged commit survives a crash.
#pragma once

#include <functional>
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

// Test hook: called on the checkpoint thread of every SQLite database of the
// process before (`done` false) and after (true) each background checkpoint
// of its WAL; empty: none. Not for concurrent use with open databases.
void SetCheckpointHookForTesting(std::function<void(bool done)> hook);

// Online backup of the database at `path` into `to` (sqlite3_backup).
Status BackupSqlite(const std::string& path, const std::string& to);

}  // namespace duxing::storage::sqlite
