// The plan an engine makes for a query, for tests that check a list reads an
// index in order (docs/ARCHITECTURE.md, "Lists").
#pragma once

#include <string>

#include "common/result.hpp"
#include "storage/database.hpp"

namespace duxing::test {

// `sql` with its $N placeholders replaced by the literal values of `params`
// (text quoted as is: for test queries whose values hold no quotes).
std::string InlineParams(std::string sql, const storage::Params& params);

// The plan of `sql` inside `tx`, one line per step: SQLite's EXPLAIN QUERY
// PLAN details; on PostgreSQL, EXPLAIN with sequential scans and sorts
// disabled in `tx` (tables in tests are small enough to be read whole
// otherwise: what is checked is that an index can give the order).
Result<std::string> QueryPlan(storage::Tx& tx, bool sqlite, const std::string& sql,
                              const storage::Params& params);

}  // namespace duxing::test
