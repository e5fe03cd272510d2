// Table: the cells of an uploaded spreadsheet (CSV or XLSX), as text.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/result.hpp"

namespace duxing::tabular {

// Default limits shared by ReadCsv and ReadXlsx; larger input fails with
// Code::kTooLarge.
inline constexpr int kMaxRows = 100000;          // rows kept, header included
inline constexpr int64_t kMaxCells = 5'000'000;  // rows × widest row

// Cell problems a reader records before it gives up on a file (see Table).
inline constexpr int kMaxCellProblems = 1000;

// What one cell costs in a Table besides its text (the std::string itself):
// counted for every cell, empty or not, against ReadLimits::max_table_bytes.
inline constexpr int64_t kCellOverheadBytes = sizeof(std::string);

// Bounds on what a reader decodes from one file, so that no file (however
// small or hostile) makes a reader spend more memory or time than these
// allow. The reader fails as soon as a bound is crossed, before allocating
// what the file asks for. The defaults suit an upload of up to ~100,000
// people; tests and callers with other needs pass their own.
struct ReadLimits {
  // Rows of the table, header included (kTooLarge past it).
  int max_rows = kMaxRows;
  // Rows × widest row (kTooLarge past it).
  int64_t max_cells = kMaxCells;
  // Bytes of the decoded table: every cell, padding included, counts
  // kCellOverheadBytes plus its text; a shared string counts in full in
  // every cell that uses it (kTooLarge past it).
  int64_t max_table_bytes = 64 << 20;
  // Bytes of one cell's text (a longer cell is a CellProblem).
  int64_t max_cell_bytes = 32 << 10;
  // CellProblems recorded; one more fails the read with kInvalidArgument.
  int max_cell_problems = kMaxCellProblems;

  // XLSX only (all kTooLarge past them):
  // Bytes inflated from the archive, summed over every part read, counted
  // as they inflate (the sizes the zip headers declare are not trusted).
  uint64_t max_uncompressed_bytes = 64 << 20;
  // Entries of the zip archive.
  int64_t max_zip_entries = 10000;
  // Items of the shared-string table (<si>), empty ones included.
  int64_t max_shared_strings = 1'000'000;
  // Bytes of text of the shared-string table.
  int64_t max_shared_string_bytes = 32 << 20;
};

// A cell whose text a reader refused: the file is readable, but this cell's
// text may not be used.
struct CellProblem {
  int row = 0;         // 1-based, as the spreadsheet numbers it
  int col = 0;         // 0-based
  std::string reason;  // Chinese, to follow the name of the cell's field or
                       // column: "含有无法识别的字符（不是有效的 UTF-8 文本）"
};

// A grid of text cells.
//
// rows[0] is the header row when the file has one (the readers do not decide
// that; the importer does). Every cell is UTF-8 text trimmed of surrounding
// ASCII whitespace, at most ReadLimits::max_cell_bytes long, without control
// characters other than tab and line feed (HasControlCharacters with
// LineBreaks::kAllowed; line breaks, CR LF or a lone CR, become "\n"). Every
// row has the same number of cells, the widest row's; missing cells are "".
// Trailing rows whose cells are all empty are dropped; empty rows before or
// between others are kept (as all-"" rows), so that rows[i] is spreadsheet
// row i + 1 (XLSX) or CSV record i + 1.
//
// A cell whose text breaks those rules (longer than max_cell_bytes, not valid
// UTF-8, a control character) does not stop the reader: the cell is stored as
// "" (no part of its text leaves the reader; an XLSX cell given twice keeps
// its last text) and a CellProblem is added to
// `problems`, in the order the file gives the cells, at most
// ReadLimits::max_cell_problems of them. A problem's row may lie past the
// last row when the emptied cells made the trailing rows blank. A table with
// problems must not be imported as it is: the importer lists the problems
// (see domain/import_problems.hpp).
struct Table {
  std::vector<std::vector<std::string>> rows;
  std::vector<CellProblem> problems;
};

// Receives the rows of a file one at a time, in file order, from a streaming
// reader (StreamCsv, StreamXlsx), so that a large file is never decoded into
// a whole Table. Rows whose cells are all empty are not handed over (their
// numbers are skipped). Every bound of ReadLimits holds as for a Table (the
// reader counts the rows, cells and bytes it has read, as if it kept them).
class RowVisitor {
 public:
  virtual ~RowVisitor() = default;
  // Row `number` (1-based, as the spreadsheet numbers it): its cells, checked
  // as Table says (a refused cell is "" and its CellProblem was recorded
  // before this call), as wide as its last non-empty cell; the visitor may
  // move them away. CSV records come in increasing order; XLSX rows come in
  // the order the file gives them, which may repeat or go back in a
  // hand-made file (Excel writes them in order). An error stops the reader
  // and is its result.
  virtual Status Row(int number, std::vector<std::string>& cells) = 0;
};

// The spreadsheet name of the 0-based column `col`: 0 -> "A", 27 -> "AB".
std::string ColumnName(int col);

}  // namespace duxing::tabular
