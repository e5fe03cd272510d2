// The people import in three steps, each usable and tested alone:
// reading (rows → records with row numbers), checking (field rules, scope,
// references and duplicates → fields ready to write, or every problem with
// its row and column) and writing (batches, one audit entry per person).
// PeopleService::Import runs them in one write transaction, the file read as
// a stream: each batch of kCheckBatchRows records is checked as soon as it
// is read, and only the checked fields of good rows are kept until the
// writing.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "domain/context.hpp"
#include "domain/people/duplicate_hits.hpp"
#include "domain/people/person.hpp"
#include "storage/database.hpp"
#include "tabular/table.hpp"

namespace duxing::domain::people {

// Records checked at a time (names looked up once per batch).
inline constexpr size_t kCheckBatchRows = 2000;
// People written per InsertPeople call and audit batch.
inline constexpr size_t kWriteBatchRows = 1000;

// What the reader may decode for an import of at most `max_rows` data rows:
// the tabular::ReadLimits defaults, with room for the header and one row
// more (so that the import, not the reader, names its cap), and the cell,
// table and inflated-bytes budgets raised to 1 KiB a row where that is more
// (100 MiB at 100,000 rows: streamed rows are not kept, the budgets bound
// the work). Shared strings, one cell, zip entries and XML stay bounded as
// by default.
tabular::ReadLimits ImportReadLimits(int max_rows);

// One data row of an import file.
struct ImportRecord {
  int row = 0;                     // as the spreadsheet numbers it (header = 1)
  std::vector<std::string> cells;  // one per FieldRules() entry, trimmed; "" when absent
};

// The header row of an import file (ImportColumns() names, a trailing '*'
// allowed, in any order, unknown columns ignored), mapped to FieldRules().
class ImportHeader {
 public:
  // kInvalidArgument "表头缺少必需的列，未导入任何数据" with one ErrorDetail
  // (row 1) per required column missing.
  static Result<ImportHeader> Map(const std::vector<std::string>& header);
  // The record of data row `row` whose cells are `cells` (trimmed; absent
  // columns are "").
  ImportRecord Record(int row, const std::vector<std::string>& cells) const;

 private:
  std::vector<std::optional<size_t>> where_;  // per FieldRules() entry
};

// "一次最多导入 N 行…": kTooLarge for a file of more than `max_rows` data rows.
Error TooManyImportRows(int max_rows);

// Reads a table whose first row is the header (see ImportHeader). Blank rows
// are skipped but keep their numbers. Errors: no header or no data row
// (kInvalidArgument), a required column missing (ImportHeader::Map), a data
// row past row max_rows + 1 (TooManyImportRows).
Result<std::vector<ImportRecord>> ReadImportRecords(const tabular::Table& table,
                                                    int max_rows = kDefaultImportMaxRows);

// A record that passed every check: what to write.
struct CheckedPerson {
  int row = 0;
  PersonFields fields;
  std::string org_path;  // of fields.org_id
};

// Checks the records of one file as the caller, batch after batch, as
// CheckImportRecords says, keeping what it finds across batches: the names
// already looked up, the (name, birth date) of good rows (the duplicate check
// within the file: a hash set, no scan), the problems (at most
// kMaxReportedProblems details, every bad row counted) and the first scope
// hit. Not thread-safe.
class ImportChecker {
 public:
  explicit ImportChecker(const Context& ctx);
  ~ImportChecker();
  ImportChecker(const ImportChecker&) = delete;
  ImportChecker& operator=(const ImportChecker&) = delete;

  // Checks `records`, the next rows of the file (in increasing row order),
  // looking their names up in `tx`; returns the good ones. Errors: storage.
  Result<std::vector<CheckedPerson>> Check(storage::Tx& tx,
                                           const std::vector<ImportRecord>& records);
  // Whether no record so far had a problem or a scope hit.
  bool clean() const;
  // The first duplicate of a person the caller may not read, if any.
  const std::optional<ScopeHit>& scope_hit() const;
  // The rows with a problem, in increasing order.
  const std::vector<int>& bad_rows() const;
  // The problems found (the first kMaxReportedProblems), in row order.
  std::vector<ErrorDetail> TakeDetails();

 private:
  struct State;
  std::unique_ptr<State> state_;
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

// Inserts `people` in batches of kWriteBatchRows (InsertPeople, the one
// insert path of people) with one "import" audit entry each, inside `tx`
// (the caller commits). Returns how many were written.
Result<int64_t> WriteImportedPeople(storage::Tx& tx, const Context& ctx,
                                    const std::vector<CheckedPerson>& people);

}  // namespace duxing::domain::people
