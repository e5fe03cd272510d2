// What every import of an uploaded table answers when the file has problems:
// one kInvalidArgument listing every problem, each by its row and by the
// column title the user sees in the sheet, at most one per cell. The cell
// problems the reader found (tabular::Table::problems) are merged here with
// the import's own field checks, so that no import lists them differently.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/result.hpp"
#include "tabular/table.hpp"

namespace duxing::domain {

// The title of a header cell as the user reads it and as imports match it:
// trimmed (ASCII whitespace and U+3000), without the trailing '*' that marks
// a required column. "姓名*" -> "姓名".
std::string HeaderTitle(std::string_view header_cell);

// `checks` (an import's own problems of `table`, each with the HeaderTitle
// of the column it checked and its 1-based row) merged with the table's cell
// problems. A cell problem becomes {row, title, title + reason}, where title
// is the HeaderTitle of its column's header cell, or "第 C 列" (its letter)
// when that cell is empty or absent or is itself the refused cell; a check
// on a cell that has a cell problem is dropped (the reader's problem wins, as
// the cell was emptied). Ordered by row; within a row, the cell problems in
// column order, then the checks in their own order.
std::vector<ErrorDetail> MergeCellProblems(const tabular::Table& table,
                                           std::vector<ErrorDetail> checks);
// The same for a file read as a stream: its header row (row 1; empty when
// it had none) and the reader's cell problems.
std::vector<ErrorDetail> MergeCellProblems(const std::vector<std::string>& header,
                                           std::vector<tabular::CellProblem> problems,
                                           std::vector<ErrorDetail> checks);

// Details one refused import lists at most (the first ones, by row): a file
// of 100,000 bad rows is answered with these and the count of its bad rows.
inline constexpr size_t kMaxReportedProblems = 1000;

// kInvalidArgument "文件有 N 行错误，未导入任何数据" with `details` (N counts
// their distinct rows, or is `bad_rows` when given: the count of every row
// with a problem, of which `details` may list only the first). More than
// kMaxReportedProblems details are cut to that many, and the message says
// "（列出前 1000 条）".
Error ImportRejected(std::vector<ErrorDetail> details, std::optional<int64_t> bad_rows = {});

// The outcome of an import's checks of a file with the reader's cell
// problems merged in: `checked` itself when there are no problems, or when it
// failed with another code than kInvalidArgument; otherwise ImportRejected
// with MergeCellProblems(header, problems, the details of `checked`, if it
// failed), counting `bad_rows` as ImportRejected says.
template <typename T>
Result<T> WithCellProblems(const std::vector<std::string>& header,
                           const std::vector<tabular::CellProblem>& problems, Result<T> checked,
                           std::optional<int64_t> bad_rows = {}) {
  if (problems.empty()) return checked;
  std::vector<ErrorDetail> checks;
  if (!checked.ok()) {
    if (checked.error().code != Code::kInvalidArgument) return checked;
    checks = std::move(checked).error().details;
  }
  return ImportRejected(MergeCellProblems(header, problems, std::move(checks)), bad_rows);
}

// The same for a whole table.
template <typename T>
Result<T> WithCellProblems(const tabular::Table& table, Result<T> checked) {
  static const std::vector<std::string> kNoHeader;
  return WithCellProblems(table.rows.empty() ? kNoHeader : table.rows.front(), table.problems,
                          std::move(checked));
}

}  // namespace duxing::domain
