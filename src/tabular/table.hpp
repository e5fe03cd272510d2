// Table: the cells of an uploaded spreadsheet (CSV or XLSX), as text.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace duxing::tabular {

// Limits shared by ReadCsv and ReadXlsx; larger input fails with
// Code::kTooLarge.
inline constexpr int kMaxRows = 100000;          // rows kept, header included
inline constexpr int64_t kMaxCells = 5'000'000;  // rows × widest row

// A grid of text cells.
//
// rows[0] is the header row when the file has one (the readers do not decide
// that; the importer does). Every cell is UTF-8 text trimmed of surrounding
// ASCII whitespace. Every row has the same number of cells, the widest row's;
// missing cells are "". Trailing rows whose cells are all empty are dropped;
// empty rows before or between others are kept (as all-"" rows), so that
// rows[i] is spreadsheet row i + 1 (XLSX) or CSV record i + 1.
struct Table {
  std::vector<std::vector<std::string>> rows;
};

}  // namespace duxing::tabular
