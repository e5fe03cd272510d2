// Reading the first worksheet of an Excel workbook (.xlsx) into a Table.
#pragma once

#include <cstdint>
#include <string_view>

#include "common/result.hpp"
#include "tabular/table.hpp"

namespace duxing::tabular {

// Total uncompressed bytes ReadXlsx will inflate from one file.
inline constexpr uint64_t kMaxXlsxUncompressedBytes = 64ull << 20;

// Reads the first worksheet (in workbook tab order; chart sheets are skipped)
// of the .xlsx file `bytes` (a zip package held in memory). Cells are placed
// by their reference ("C7" is rows[6][2]); see Table for the shape. Each
// cell becomes text the way a user sees it:
//   - strings (shared, inline, formula results) as written, rich text runs
//     concatenated, phonetic runs dropped;
//   - numbers in plain decimal with up to 15 significant digits, no exponent
//     and no trailing ".0" ("13800000000", "12.5", "0.3");
//   - numbers styled with a date format as "YYYY-MM-DD" (1900 date system
//     with Excel's fictitious 1900-02-29, or 1904 when the workbook says
//     so); with a date-time format as "YYYY-MM-DD HH:MM:SS", or just the
//     date when the time is midnight; with a time-only format as
//     "HH:MM:SS". Date formats are the built-in ids 14-17, 22, 27-31, 36,
//     50-54, 57-58 (the zh-CN locale ids) and custom formats using y, d, or
//     m not as minutes; time-only ones are 18-21, 32-35, 45-47, 55-56 and
//     custom formats using only h, m, s, AM/PM;
//   - booleans as "TRUE" / "FALSE", errors as written ("#N/A").
// Formulas are not evaluated: the value cached in the file is used.
//
// Errors: kInvalidArgument "无法读取 Excel 文件..." when `bytes` is not an
// .xlsx package or is corrupt (a legacy .xls or an encrypted workbook gets a
// hint to save as .xlsx); kTooLarge when the parts read inflate to more than
// kMaxXlsxUncompressedBytes, when a non-empty cell lies beyond row kMaxRows,
// or when the table would exceed kMaxCells. Thread-safe.
Result<Table> ReadXlsx(std::string_view bytes);

}  // namespace duxing::tabular
