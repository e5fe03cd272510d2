#include "tabular/xlsx_writer.hpp"
#include "tabular/xlsx_workbook.hpp"

#include <unistd.h>
#include <xlsxwriter.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string_view>

#include "tabular/cells.hpp"

namespace duxing::tabular {
namespace {

constexpr size_t kExcelMaxRows = 1048576;
constexpr size_t kExcelMaxColumns = 16384;
constexpr size_t kExcelMaxCellChars = 32767;
constexpr size_t kSheetNameMaxChars = 31;
constexpr size_t kWidthSampleRows = 1000;

// Decodes one UTF-8 sequence at s[i]; returns U+FFFD and advances one byte
// when it is invalid.
char32_t NextCodePoint(std::string_view s, size_t& i) {
  auto byte = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char c = byte(i);
  if (c < 0x80) {
    ++i;
    return c;
  }
  size_t len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 0;
  if (len == 0 || i + len > s.size()) {
    ++i;
    return 0xFFFD;
  }
  char32_t cp = c & (0x7F >> len);
  for (size_t k = 1; k < len; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) {
      ++i;
      return 0xFFFD;
    }
    cp = (cp << 6) | (byte(i + k) & 0x3F);
  }
  static constexpr char32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < kMin[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
    ++i;
    return 0xFFFD;
  }
  i += len;
  return cp;
}

// Text Excel can store: valid UTF-8, only XML characters, "\n" line breaks,
// at most `max_chars` characters.
std::string StorableText(std::string_view s, size_t max_chars) {
  std::string out;
  out.reserve(s.size());
  size_t chars = 0;
  size_t i = 0;
  while (i < s.size() && chars < max_chars) {
    char32_t cp = NextCodePoint(s, i);
    if (cp == '\r') {
      if (i < s.size() && s[i] == '\n') ++i;
      cp = '\n';
    }
    if ((cp < 0x20 && cp != '\t' && cp != '\n') || cp == 0xFFFE ||
        cp == 0xFFFF) {
      continue;
    }
    AppendUtf8(cp, out);  // cp is a valid, non-zero scalar value
    ++chars;
  }
  return out;
}

std::string SheetName(std::string_view requested) {
  std::string name = StorableText(requested, requested.size());
  for (char& c : name) {
    if (std::strchr("[]:*?/\\\t\n", c) != nullptr) c = '_';
  }
  size_t first = name.find_first_not_of('\'');
  size_t last = name.find_last_not_of('\'');
  name = first == std::string::npos ? "" : name.substr(first, last - first + 1);
  name = StorableText(name, kSheetNameMaxChars);
  if (!name.empty() && name.back() == '\'') name.pop_back();
  if (name.empty()) return "Sheet1";
  std::string lower = name;
  for (char& c : lower) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  if (lower == "history") name += "_";  // reserved by Excel
  return name;
}

// Display width in Excel's character units: CJK and full-width characters
// count two; the widest line of a multi-line cell counts.
double DisplayWidth(std::string_view s) {
  double widest = 0;
  double line = 0;
  size_t i = 0;
  while (i < s.size()) {
    char32_t cp = NextCodePoint(s, i);
    if (cp == '\n') {
      widest = std::max(widest, line);
      line = 0;
    } else {
      line += (cp >= 0x1100 && cp <= 0x115F) || cp >= 0x2E80 ? 2 : 1;
    }
  }
  return std::max(widest, line);
}

double ColumnWidth(const Sheet& sheet, size_t col) {
  if (col < sheet.column_widths.size() && sheet.column_widths[col] > 0) {
    return sheet.column_widths[col];
  }
  double widest = 0;
  if (col < sheet.header.size()) widest = DisplayWidth(sheet.header[col]);
  size_t sample = std::min(sheet.rows.size(), kWidthSampleRows);
  for (size_t r = 0; r < sample; ++r) {
    if (col < sheet.rows[r].size()) {
      widest = std::max(widest, DisplayWidth(sheet.rows[r][col]));
    }
  }
  return std::clamp(widest + 2, 8.0, 60.0);
}

// Deletes a file when it goes out of scope.
class TempFile {
 public:
  explicit TempFile(std::string path) : path_(std::move(path)) {}
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  ~TempFile() { ::unlink(path_.c_str()); }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

std::string TempDirectory() {
  std::error_code ec;
  std::filesystem::path dir = std::filesystem::temp_directory_path(ec);
  return ec ? std::string("/tmp") : dir.string();
}

Error LxwError(const char* what, lxw_error err) {
  return InternalError(std::string("libxlsxwriter ") + what + ": " +
                       lxw_strerror(err));
}

// Writes the cells; the caller closes the workbook.
Status WriteCells(lxw_workbook* workbook, lxw_worksheet* worksheet,
                  const Sheet& sheet, size_t columns) {
  for (size_t c = 0; c < columns; ++c) {
    lxw_error err = worksheet_set_column(worksheet, static_cast<lxw_col_t>(c),
                                         static_cast<lxw_col_t>(c),
                                         ColumnWidth(sheet, c), nullptr);
    if (err != LXW_NO_ERROR) return LxwError("set_column", err);
  }
  lxw_row_t row = 0;
  auto write_row = [&](const std::vector<std::string>& cells,
                       lxw_format* format) -> Status {
    for (size_t c = 0; c < cells.size(); ++c) {
      std::string text = StorableText(cells[c], kExcelMaxCellChars);
      if (text.empty()) continue;
      lxw_error err = worksheet_write_string(
          worksheet, row, static_cast<lxw_col_t>(c), text.c_str(), format);
      if (err != LXW_NO_ERROR) return LxwError("write_string", err);
    }
    ++row;
    return Ok();
  };
  if (!sheet.header.empty()) {
    lxw_format* bold = workbook_add_format(workbook);
    format_set_bold(bold);
    worksheet_freeze_panes(worksheet, 1, 0);
    DX_RETURN_IF_ERROR(write_row(sheet.header, bold));
  }
  for (const auto& cells : sheet.rows) {
    DX_RETURN_IF_ERROR(write_row(cells, nullptr));
  }
  return Ok();
}

// The column count of `sheet`; kTooLarge past Excel's limits.
Result<size_t> CheckedColumns(const Sheet& sheet) {
  size_t rows = sheet.rows.size() + (sheet.header.empty() ? 0 : 1);
  size_t columns = std::max(sheet.header.size(), sheet.column_widths.size());
  for (const auto& cells : sheet.rows)
    columns = std::max(columns, cells.size());
  if (rows > kExcelMaxRows) {
    return MakeError(Code::kTooLarge,
                     "导出行数超过 Excel 上限（1048576 行），请缩小范围");
  }
  if (columns > kExcelMaxColumns) {
    return MakeError(Code::kTooLarge, "导出列数超过 Excel 上限（16384 列）");
  }
  return columns;
}

// Adds `sheet` (and its notes tab) to `workbook`.
Status AddSheet(lxw_workbook* workbook, const Sheet& sheet, size_t columns) {
  std::string name = SheetName(sheet.name);
  lxw_worksheet* worksheet = workbook_add_worksheet(workbook, name.c_str());
  if (worksheet == nullptr) {
    return InternalError("workbook_add_worksheet failed for " + name);
  }
  Status written = WriteCells(workbook, worksheet, sheet, columns);
  if (written.ok() && !sheet.notes.empty()) {
    std::string notes_name = SheetName(sheet.notes_name);
    lxw_worksheet* notes = workbook_add_worksheet(workbook, notes_name.c_str());
    Sheet lines;
    lines.column_widths = {100};
    for (const auto& line : sheet.notes) lines.rows.push_back({line});
    written = notes ? WriteCells(workbook, notes, lines, 1)
                    : InternalError("workbook_add_worksheet failed for " + notes_name);
  }
  return written;
}

}  // namespace

Result<std::string> WriteXlsx(const Sheet& sheet) {
  return WriteXlsxWorkbook(std::vector<Sheet>{sheet});
}

Result<std::string> WriteXlsxWorkbook(const std::vector<Sheet>& sheets) {
  std::vector<size_t> columns;
  for (const auto& sheet : sheets) {
    DX_ASSIGN_OR_RETURN(size_t n, CheckedColumns(sheet));
    columns.push_back(n);
  }
  std::string dir = TempDirectory();
  std::string path_template = dir + "/duxing-xlsx-XXXXXX";
  int fd = ::mkstemp(path_template.data());
  if (fd < 0) {
    return InternalError("mkstemp in " + dir + ": " + std::strerror(errno));
  }
  ::close(fd);
  TempFile file(path_template);

  lxw_workbook_options options{};
  options.constant_memory = LXW_TRUE;  // rows go to disk as they are written
  options.tmpdir = dir.data();
  options.use_zip64 = LXW_FALSE;
  lxw_workbook* workbook = workbook_new_opt(file.path().c_str(), &options);
  if (workbook == nullptr) return InternalError("workbook_new_opt failed");
  Status written = Ok();
  if (sheets.empty()) written = AddSheet(workbook, Sheet{}, 0);
  for (size_t i = 0; i < sheets.size() && written.ok(); ++i) {
    written = AddSheet(workbook, sheets[i], columns[i]);
  }
  lxw_error closed = workbook_close(workbook);  // also frees the workbook
  if (!written.ok()) return std::move(written).error();
  if (closed != LXW_NO_ERROR) return LxwError("workbook_close", closed);

  std::ifstream in(file.path(), std::ios::binary);
  if (!in) return InternalError("cannot reopen " + file.path());
  std::string bytes((std::istreambuf_iterator<char>(in)),
                    std::istreambuf_iterator<char>());
  if (in.bad()) return InternalError("cannot read " + file.path());
  return bytes;
}

}  // namespace duxing::tabular
