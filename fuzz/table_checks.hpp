// What every Table a reader returns must be (see tabular/table.hpp), checked
// by the reader fuzz targets: a violation aborts, and libFuzzer keeps the
// input as a finding.
#pragma once

#include <cstdlib>
#include <string>

#include "common/text.hpp"
#include "tabular/table.hpp"

namespace duxing::fuzz {

// Aborts unless `table` is rectangular and every cell is trimmed, valid
// UTF-8, at most limits.max_cell_bytes, without control characters other
// than tab and line feed, the table is within the row and cell limits, and
// it has at most limits.max_cell_problems problems, each at a real cell
// position with a reason.
inline void CheckTable(const tabular::Table& table,
                       const tabular::ReadLimits& limits) {
  if (static_cast<int64_t>(table.rows.size()) > limits.max_rows) std::abort();
  size_t width = table.rows.empty() ? 0 : table.rows[0].size();
  if (static_cast<int64_t>(width * table.rows.size()) > limits.max_cells) {
    std::abort();
  }
  for (const auto& row : table.rows) {
    if (row.size() != width) std::abort();
    for (const std::string& cell : row) {
      if (static_cast<int64_t>(cell.size()) > limits.max_cell_bytes) {
        std::abort();
      }
      if (!IsValidUtf8(cell)) std::abort();
      if (HasControlCharacters(cell, LineBreaks::kAllowed)) std::abort();
      for (char c : {' ', '\t', '\n', '\r', '\v', '\f'}) {
        if (!cell.empty() && (cell.front() == c || cell.back() == c)) {
          std::abort();
        }
      }
    }
  }
  if (static_cast<int64_t>(table.problems.size()) > limits.max_cell_problems) {
    std::abort();
  }
  for (const tabular::CellProblem& p : table.problems) {
    if (p.row < 1 || p.col < 0) std::abort();
    if (p.reason.empty() || !IsValidUtf8(p.reason)) std::abort();
  }
}

// Small limits, so that short fuzz inputs reach every limit's code path.
inline tabular::ReadLimits SmallLimits() {
  tabular::ReadLimits limits;
  limits.max_rows = 40;
  limits.max_cells = 400;
  limits.max_table_bytes = 8 << 10;
  limits.max_cell_bytes = 64;
  limits.max_uncompressed_bytes = 64 << 10;
  limits.max_zip_entries = 16;
  limits.max_shared_strings = 32;
  limits.max_shared_string_bytes = 1 << 10;
  return limits;
}

}  // namespace duxing::fuzz
