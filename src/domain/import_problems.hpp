// What every import of an uploaded table answers when the file has problems:
// one kInvalidArgument listing every problem, each by its row and by the
// column title the user sees in the sheet, at most one per cell. The cell
// problems the reader found (tabular::Table::problems) are merged here with
// the import's own field checks, so that no import lists them differently.
#pragma once

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

// kInvalidArgument "文件有 N 行错误，未导入任何数据" with `details` (N counts
// their distinct rows).
Error ImportRejected(std::vector<ErrorDetail> details);

// The outcome of an import's checks of `table` with the table's cell problems
// merged in: `checked` itself when the table has no problems, or when it
// failed with another code than kInvalidArgument; otherwise ImportRejected
// with MergeCellProblems(table, the details of `checked`, if it failed).
template <typename T>
Result<T> WithCellProblems(const tabular::Table& table, Result<T> checked) {
  if (table.problems.empty()) return checked;
  std::vector<ErrorDetail> checks;
  if (!checked.ok()) {
    if (checked.error().code != Code::kInvalidArgument) return checked;
    checks = std::move(checked).error().details;
  }
  return ImportRejected(MergeCellProblems(table, std::move(checks)));
}

}  // namespace duxing::domain
