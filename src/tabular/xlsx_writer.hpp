// Writing one sheet of text cells as an Excel workbook (.xlsx), for exports.
#pragma once

#include <string>
#include <vector>

#include "common/result.hpp"

namespace duxing::tabular {

// One worksheet to export.
struct Sheet {
  // Tab name. Characters Excel forbids ([]:*?/\) become '_', leading and
  // trailing apostrophes are dropped, and it is cut to 31 characters; empty
  // means "Sheet1".
  std::string name;
  // First row, bold and frozen (stays visible when scrolling). May be empty:
  // then the data starts at the first row and nothing is frozen.
  std::vector<std::string> header;
  // Data rows; rows may differ in length.
  std::vector<std::vector<std::string>> rows;
  // Width of column i, in characters (Excel's unit). A missing or
  // non-positive width is estimated from the header and the first 1000 rows
  // (CJK characters count double), between 8 and 60.
  std::vector<double> column_widths;
  // Lines of a second tab named `notes_name` (one per row, in column A),
  // e.g. a template's 填写说明; empty: no second tab. Readers of the file
  // read the first tab only.
  std::vector<std::string> notes;
  std::string notes_name = "填写说明";
};

// Returns the bytes of an .xlsx workbook holding `sheet`. Every cell is
// written as a text cell, never as a number or formula, so that phone
// numbers, ID numbers and codes keep every digit and leading zeros, and
// "=..." is not evaluated. Empty strings leave the cell blank. Text is made
// storable: invalid UTF-8 becomes U+FFFD, control characters other than tab
// and line breaks are removed, and a cell is cut to Excel's 32767
// characters.
//
// Errors: kTooLarge past Excel's 1048576 rows or 16384 columns; kInternal
// when the temporary file cannot be written (it is created with mkstemp in
// the system temp directory, honouring TMPDIR, and always removed).
// Thread-safe.
Result<std::string> WriteXlsx(const Sheet& sheet);

}  // namespace duxing::tabular
