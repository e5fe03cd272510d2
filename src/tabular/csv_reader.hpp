// Reading a CSV file, as saved by Excel, WPS or a script, into a Table.
#pragma once

#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "tabular/table.hpp"

namespace duxing::tabular {

// Parses `bytes` as comma-separated values (RFC 4180): fields may be quoted,
// with "" for a quote inside and commas and line breaks kept; records end with
// CRLF, LF or a lone CR. A UTF-8 byte order mark is dropped. Bytes that are
// not valid UTF-8 are taken as GB18030 (which includes GBK and GB2312, what
// Excel in China saves) and converted to UTF-8. Lenient where Excel is: blanks
// before an opening quote are ignored, and text after a closing quote is kept
// ("ab"c -> abc). Line breaks inside quoted fields become "\n". Cells are
// trimmed; see Table for the shape (a blank line is an all-"" row; trailing
// blank or all-empty lines such as ",,," are dropped).
//
// Cell text is checked as Table says (no control characters, at most
// limits.max_cell_bytes); only the row and table limits of `limits` apply.
//
// Errors, with a Chinese message for the user:
//   kInvalidArgument "CSV 格式错误：第 N 行引号未闭合" when a quoted field
//     never ends (N is the 1-based line where it opened);
//   kInvalidArgument when the bytes are neither UTF-8 nor GB18030, contain
//     NUL bytes (UTF-16, binary files) or are an Excel workbook;
//   kInvalidArgument with the cell's row (record number) and column in the
//     error details when a cell's text is too long or holds a control
//     character;
//   kTooLarge past limits.max_rows, max_cells or max_table_bytes (checked as
//     the table grows).
// Thread-safe.
Result<Table> ReadCsv(std::string_view bytes, const ReadLimits& limits = {});

// ReadCsv without the Table: hands each non-blank record to `visitor` as it
// is read (see RowVisitor), in increasing order, and adds the cell problems
// to `problems` (each before its row is handed over). Memory: the bytes, one
// record and, for a file that is not UTF-8, its UTF-8 conversion. The same
// errors as ReadCsv, and the visitor's.
Status StreamCsv(std::string_view bytes, const ReadLimits& limits,
                 RowVisitor& visitor, std::vector<CellProblem>& problems);

}  // namespace duxing::tabular
