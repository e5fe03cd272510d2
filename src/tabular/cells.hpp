// Small helpers shared by the tabular readers and writer. Internal to
// duxing::tabular.
#pragma once

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "tabular/table.hpp"

namespace duxing::tabular {

inline bool IsAsciiSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' ||
         c == '\f';
}

// `text` without leading and trailing ASCII whitespace.
inline std::string_view TrimAscii(std::string_view text) {
  while (!text.empty() && IsAsciiSpace(text.front())) text.remove_prefix(1);
  while (!text.empty() && IsAsciiSpace(text.back())) text.remove_suffix(1);
  return text;
}

// Trims `text` in place.
inline void TrimAsciiInPlace(std::string& text) {
  std::string_view trimmed = TrimAscii(text);
  if (trimmed.size() == text.size()) return;
  text = std::string(trimmed);
}

// Appends the UTF-8 encoding of `cp` to `out`. Returns false, and appends
// nothing, for zero, surrogates and values above U+10FFFF.
inline bool AppendUtf8(char32_t cp, std::string& out) {
  if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
  return true;
}

// A byte count for messages: "64 MiB", "32 KiB", "100 字节".
std::string ByteSize(int64_t bytes);

// The CellProblem reason for a cell longer than limits.max_cell_bytes.
std::string CellTooLongReason(const ReadLimits& limits);

// Makes `text`, the trimmed text of a cell, fit for a Table: turns CR LF and
// lone CR into "\n"; then, when the text is longer than
// limits.max_cell_bytes, is not valid UTF-8, or holds a control character
// other than tab and line feed, empties it and returns the CellProblem reason
// ("" when the text is fine).
std::string CleanCellText(std::string& text, const ReadLimits& limits);

// Adds the problem of the cell at 1-based `row` and 0-based `col` to
// `problems`; fails with kInvalidArgument and a Chinese message naming the
// `kind` of file when that makes more than limits.max_cell_problems.
Status AddCellProblem(std::vector<CellProblem>& problems, int row, int col,
                      std::string reason, const ReadLimits& limits,
                      std::string_view kind);

// CleanCellText, then AddCellProblem when the text was refused.
Status CleanCell(std::vector<CellProblem>& problems, std::string& text,
                 int row, int col, const ReadLimits& limits,
                 std::string_view kind);

// Keeps a table being read within ReadLimits: a reader calls Check with the
// table's size as it grows (O(1) a call) and stops at the first error.
class TableBudget {
 public:
  // `kind` names the file in messages ("Excel 文件", "CSV 文件"); both must
  // outlive the budget.
  TableBudget(const ReadLimits& limits, std::string_view kind)
      : limits_(limits), kind_(kind) {}

  // Fails with kTooLarge, and a Chinese message saying which limit, when a
  // table of `rows` rows, padded to `width` cells, holding `text_bytes` bytes
  // of cell text in all, would pass max_rows, max_cells or max_table_bytes.
  Status Check(int64_t rows, int64_t width, int64_t text_bytes) const;

  // The error for rows past max_rows (for readers that see the row number
  // before they have a cell to place).
  Error TooManyRows() const;

 private:
  const ReadLimits& limits_;
  std::string_view kind_;
};

// Builds a Table from the rows a streaming reader hands over: row `number`
// is rows[number - 1], blank rows in between kept as empty rows; a row given
// again (XLSX) keeps its earlier cells where the new ones are empty.
class TableCollector : public RowVisitor {
 public:
  Status Row(int number, std::vector<std::string>& cells) override;
  // The table, every row padded to the widest row's length with "" (the
  // reader has checked the padded size against its TableBudget).
  Table Finish(std::vector<CellProblem> problems) &&;

 private:
  Table table_;
};

}  // namespace duxing::tabular
