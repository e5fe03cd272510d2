// The people import in three steps, each usable and tested alone:
// reading (a table → records with row numbers), checking (field rules, scope,
// references and duplicates → fields ready to write, or every problem with
// its row and column) and writing (one batch, one audit entry per person).
// PeopleService::Import runs them in one write transaction.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "domain/context.hpp"
#include "domain/people/duplicate_hits.hpp"
#include "domain/people/person.hpp"
#include "storage/database.hpp"
#include "tabular/table.hpp"

namespace duxing::domain::people {

// Rows a file may hold, the header excluded.
inline constexpr size_t kMaxImportRows = 10000;

// One data row of an import file.
struct ImportRecord {
  int row = 0;                     // as the spreadsheet numbers it (header = 1)
  std::vector<std::string> cells;  // one per FieldRules() entry, trimmed; "" when absent
};

// Reads a table whose first row is the header (ImportColumns() names, a
// trailing '*' allowed, in any order, unknown columns ignored). Blank rows
// are skipped but keep their numbers. Errors: no header or no data row
// (kInvalidArgument), a required column missing (kInvalidArgument with one
// ErrorDetail per column, row 1), more than kMaxImportRows rows (kTooLarge).
Result<std::vector<ImportRecord>> ReadImportRecords(const tabular::Table& table);

// A record that passed every check: what to write.
struct CheckedPerson {
  int row = 0;
  PersonFields fields;
  std::string org_path;  // of fields.org_id
};

// Checks every record as the caller: each cell against its FieldRule
// (TextProblem), labels against the vocabularies, branch, department and
// community names against the records the caller may use, the field rules
// (Validate) and duplicates (within the file, and against the database as
// DuplicateReason tells the caller). Names are looked up once per file, not
// per row. On any problem: kInvalidArgument with every problem as an
// ErrorDetail (at most one per row and column), in row order. But when a
// record duplicates a person the caller may not read, the whole file is
// answered kAlreadyExists kScopeDuplicateInFileMessage, with no row and no
// other problem, and the first such record is given in `scope_hit` (when not
// null; duplicate_hits.hpp): a file reveals at most one such person, and not
// which of its rows matched (the bound on what a caller learns is the
// per-account hit count; see docs/ARCHITECTURE.md, People).
Result<std::vector<CheckedPerson>> CheckImportRecords(storage::Tx& tx, const Context& ctx,
                                                      const std::vector<ImportRecord>& records,
                                                      std::optional<ScopeHit>* scope_hit = nullptr);

// Inserts `people` in batches with one "import" audit entry each, inside
// `tx` (the caller commits). Returns how many were written.
Result<int64_t> WriteImportedPeople(storage::Tx& tx, const Context& ctx,
                                    const std::vector<CheckedPerson>& people);

}  // namespace duxing::domain::people
