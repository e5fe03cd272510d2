// Reading the first worksheet of an Excel workbook (.xlsx) into a Table.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "tabular/table.hpp"

namespace duxing::tabular {

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
// Cell text is checked as Table says (UTF-8, no control characters, at most
// limits.max_cell_bytes): a cell that fails is kInvalidArgument with its row
// and column in the error details.
//
// Errors: kInvalidArgument "无法读取 Excel 文件..." when `bytes` is not an
// .xlsx package or is corrupt, or its XML is malformed, nested too deep or
// has too many attributes on one element (a legacy .xls or an encrypted
// workbook gets a hint to save as .xlsx); kTooLarge, with a Chinese message
// naming the limit, past any bound of `limits` (see ReadLimits), or past
// 10,000 relationships, sheets or number formats. Every bound is checked as
// the reader goes, so it fails before spending the memory. Thread-safe.
Result<Table> ReadXlsx(std::string_view bytes, const ReadLimits& limits = {});

// ReadXlsx without the Table: hands each non-blank row of the worksheet to
// `visitor` (see RowVisitor) when the next row begins, and adds the cell
// problems to `problems` (each before its row is handed over). Memory: the
// bytes, the worksheet part inflated (within max_uncompressed_bytes), the
// shared strings (within their bounds) and one row. The same errors as
// ReadXlsx, and the visitor's.
Status StreamXlsx(std::string_view bytes, const ReadLimits& limits,
                  RowVisitor& visitor, std::vector<CellProblem>& problems);

}  // namespace duxing::tabular
