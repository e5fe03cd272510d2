#include "tabular/xlsx_reader.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "tabular/cells.hpp"
#include "tabular/xml_scanner.hpp"
#include "tabular/zip_archive.hpp"

namespace duxing::tabular {
namespace {

using Token = XmlScanner::Token;

constexpr char kUnreadable[] = "无法读取 Excel 文件";
constexpr std::string_view kExcelFile = "Excel 文件";
constexpr int kExcelMaxRows = 1048576;
constexpr int kExcelMaxColumns = 16384;
// Relationships, sheets and number formats of one workbook (each costs more
// memory than its XML, so each is counted).
constexpr size_t kMaxStructureItems = 10000;

Error Unreadable(std::string internal) {
  Error e = MakeError(Code::kInvalidArgument, kUnreadable);
  e.internal = std::move(internal);
  return e;
}

Error TooLarge(std::string message, std::string internal = {}) {
  Error e = MakeError(Code::kTooLarge, std::move(message));
  e.internal = std::move(internal);
  return e;
}

// Gives a ZipArchive::Read error a message for the user.
Error FromZipError(Error error, const ReadLimits& limits) {
  if (error.code == Code::kTooLarge) {
    return TooLarge(
        "Excel 文件过大：解压后超过 " +
            ByteSize(static_cast<int64_t>(limits.max_uncompressed_bytes)),
        std::move(error.internal));
  }
  return Unreadable(std::move(error.internal));
}

Error TooComplex(std::string internal) {
  return TooLarge("Excel 文件结构过于复杂（工作表、关系或格式过多）",
                  std::move(internal));
}

// ---------------------------------------------------------------------------
// Package structure: relationships and part names.

// "xl/workbook.xml" -> "xl/".
std::string_view DirectoryOf(std::string_view part) {
  size_t slash = part.rfind('/');
  return slash == std::string_view::npos ? std::string_view()
                                         : part.substr(0, slash + 1);
}

// "xl/workbook.xml" -> "xl/_rels/workbook.xml.rels".
std::string RelsPathOf(std::string_view part) {
  std::string_view dir = DirectoryOf(part);
  return std::string(dir) + "_rels/" + std::string(part.substr(dir.size())) +
         ".rels";
}

// Resolves a relationship target against the directory of its source part:
// ("xl/", "worksheets/sheet1.xml") -> "xl/worksheets/sheet1.xml";
// ("xl/", "/xl/styles.xml") -> "xl/styles.xml"; ".." and "." are applied.
std::string ResolveTarget(std::string_view base_dir, std::string_view target) {
  std::string joined = target.starts_with('/')
                           ? std::string(target.substr(1))
                           : std::string(base_dir) + std::string(target);
  std::vector<std::string_view> segments;
  std::string_view rest = joined;
  while (!rest.empty()) {
    size_t slash = rest.find('/');
    std::string_view segment = rest.substr(0, slash);
    rest = slash == std::string_view::npos ? std::string_view()
                                           : rest.substr(slash + 1);
    if (segment.empty() || segment == ".") continue;
    if (segment == "..") {
      if (!segments.empty()) segments.pop_back();
      continue;
    }
    segments.push_back(segment);
  }
  std::string out;
  for (std::string_view segment : segments) {
    if (!out.empty()) out.push_back('/');
    out.append(segment);
  }
  return out;
}

struct Relationship {
  std::string id;
  std::string type;
  std::string target;  // resolved part name; empty for external targets
};

// Relationship types are URIs ending in the kind; transitional and strict
// OOXML differ only in the prefix.
bool TypeIs(const Relationship& rel, std::string_view kind) {
  std::string_view type = rel.type;
  return type.size() > kind.size() && type.ends_with(kind) &&
         type[type.size() - kind.size() - 1] == '/';
}

Result<std::vector<Relationship>> ParseRelationships(std::string_view xml,
                                                     std::string_view base) {
  std::vector<Relationship> rels;
  XmlScanner scanner(xml);
  for (Token t = scanner.Next(); t != Token::kEnd; t = scanner.Next()) {
    if (t != Token::kStartElement || scanner.name() != "Relationship") {
      continue;
    }
    if (rels.size() >= kMaxStructureItems) {
      return TooComplex("too many relationships");
    }
    Relationship rel;
    rel.id = scanner.Attribute("Id").value_or("");
    rel.type = scanner.Attribute("Type").value_or("");
    if (scanner.Attribute("TargetMode").value_or("") != "External") {
      rel.target =
          ResolveTarget(base, scanner.Attribute("Target").value_or(""));
    }
    rels.push_back(std::move(rel));
  }
  if (!scanner.ok()) return Unreadable("malformed relationships part");
  return rels;
}

// Reads a part if present: nullopt when absent, an error when unreadable.
Result<std::optional<std::string>> ReadOptionalPart(ZipArchive& zip,
                                                    const std::string& name,
                                                    const ReadLimits& limits) {
  if (name.empty() || !zip.Contains(name)) {
    return std::optional<std::string>();
  }
  Result<std::string> part = zip.Read(name);
  if (!part.ok()) return FromZipError(std::move(part).error(), limits);
  return std::optional<std::string>(std::move(part).value());
}

// ---------------------------------------------------------------------------
// Workbook: the first worksheet and the date system.

struct Workbook {
  std::vector<std::string> sheet_rel_ids;  // in tab order
  bool date1904 = false;
};

Result<Workbook> ParseWorkbook(std::string_view xml) {
  Workbook workbook;
  XmlScanner scanner(xml);
  for (Token t = scanner.Next(); t != Token::kEnd; t = scanner.Next()) {
    if (t != Token::kStartElement) continue;
    if (scanner.name() == "workbookPr") {
      std::string v = scanner.Attribute("date1904").value_or("");
      workbook.date1904 = v == "1" || v == "true";
    } else if (scanner.name() == "sheet") {
      if (workbook.sheet_rel_ids.size() >= kMaxStructureItems) {
        return TooComplex("too many sheets");
      }
      workbook.sheet_rel_ids.push_back(scanner.Attribute("id").value_or(""));
    }
  }
  if (!scanner.ok()) return Unreadable("malformed workbook part");
  return workbook;
}

// ---------------------------------------------------------------------------
// Text: OOXML escapes and shared strings.

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Decodes the "_xHHHH_" escapes Excel writes for characters XML cannot carry
// (e.g. "_x000D_" for a carriage return; "_x005F_" for a literal '_').
void DecodeOoxmlEscapes(std::string& text) {
  if (text.find("_x") == std::string::npos) return;
  std::string out;
  out.reserve(text.size());
  size_t i = 0;
  while (i < text.size()) {
    if (text[i] == '_' && i + 6 < text.size() && text[i + 1] == 'x' &&
        text[i + 6] == '_') {
      char32_t cp = 0;
      bool hex = true;
      for (size_t k = i + 2; k < i + 6; ++k) {
        int h = HexValue(text[k]);
        if (h < 0) {
          hex = false;
          break;
        }
        cp = cp * 16 + h;
      }
      if (hex && AppendUtf8(cp, out)) {
        i += 7;
        continue;
      }
    }
    out.push_back(text[i]);
    ++i;
  }
  text = std::move(out);
}

// Collects the text of the <t> elements of the current string item (<si> or
// <is>), skipping phonetic runs (<rPh>), until the item's end element.
// The scanner is positioned on the item's start element. Returns false, with
// `out` incomplete, as soon as `out` holds more than `max_bytes` bytes.
bool CollectStringItem(XmlScanner& scanner, std::string_view item,
                       std::string& out, size_t max_bytes) {
  int rph_depth = 0;
  bool in_t = false;
  for (Token t = scanner.Next(); t != Token::kEnd; t = scanner.Next()) {
    if (t == Token::kStartElement) {
      if (scanner.name() == "rPh") ++rph_depth;
      if (scanner.name() == "t" && rph_depth == 0) in_t = true;
    } else if (t == Token::kEndElement) {
      if (scanner.name() == item) break;
      if (scanner.name() == "rPh" && rph_depth > 0) --rph_depth;
      if (scanner.name() == "t") in_t = false;
    } else if (t == Token::kText && in_t) {
      scanner.AppendText(out);
      if (out.size() > max_bytes) return false;
    }
  }
  DecodeOoxmlEscapes(out);
  return true;
}

// The shared-string table: the texts one after another in one block, so
// that an item costs its text and one offset (an empty <si/> flood cannot
// multiply its size by that of a std::string).
class SharedStrings {
 public:
  size_t size() const { return ends_.size(); }
  std::string_view at(size_t i) const {
    size_t begin = i == 0 ? 0 : ends_[i - 1];
    return std::string_view(text_).substr(begin, ends_[i] - begin);
  }
  void Add(std::string_view item) {
    text_.append(item);
    ends_.push_back(text_.size());
  }
  size_t text_bytes() const { return text_.size(); }

 private:
  std::string text_;
  std::vector<size_t> ends_;
};

Result<SharedStrings> ParseSharedStrings(std::string_view xml,
                                         const ReadLimits& limits) {
  SharedStrings strings;
  XmlScanner scanner(xml);
  std::string text;
  for (Token t = scanner.Next(); t != Token::kEnd; t = scanner.Next()) {
    if (t != Token::kStartElement || scanner.name() != "si") continue;
    if (static_cast<int64_t>(strings.size()) >= limits.max_shared_strings) {
      return TooLarge("Excel 文件共享字符串过多：最多 " +
                      std::to_string(limits.max_shared_strings) + " 个");
    }
    text.clear();
    int64_t left = limits.max_shared_string_bytes -
                   static_cast<int64_t>(strings.text_bytes());
    if (!CollectStringItem(scanner, "si", text,
                           static_cast<size_t>(std::max<int64_t>(left, 0)))) {
      return TooLarge("Excel 文件共享字符串过长：合计超过 " +
                      ByteSize(limits.max_shared_string_bytes));
    }
    strings.Add(TrimAscii(text));
  }
  if (!scanner.ok()) return Unreadable("malformed sharedStrings part");
  return strings;
}

// ---------------------------------------------------------------------------
// Styles: which cell styles show numbers as dates or times.

enum class NumberKind { kNumber, kDate, kDateTime, kTime };

NumberKind BuiltinNumberKind(int id) {
  if ((id >= 14 && id <= 17) || (id >= 27 && id <= 31) || id == 36 ||
      (id >= 50 && id <= 54) || id == 57 || id == 58) {
    return NumberKind::kDate;
  }
  if (id == 22) return NumberKind::kDateTime;
  if ((id >= 18 && id <= 21) || (id >= 32 && id <= 35) ||
      (id >= 45 && id <= 47) || id == 55 || id == 56) {
    return NumberKind::kTime;
  }
  return NumberKind::kNumber;
}

bool StartsWithNoCase(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    char a = text[i];
    if (a >= 'A' && a <= 'Z') a = static_cast<char>(a - 'A' + 'a');
    if (a != prefix[i]) return false;
  }
  return true;
}

// Classifies a number format code by the date and time tokens of its first
// section, ignoring quoted text, escaped characters, and [colour] / [$-locale]
// brackets. "m" is minutes next to h or s, otherwise months.
NumberKind CustomNumberKind(std::string_view code) {
  bool date = false;
  bool time = false;
  bool month_or_minute = false;
  for (size_t i = 0; i < code.size(); ++i) {
    char c = code[i];
    if (c == ';') break;
    if (c == '"') {
      size_t close = code.find('"', i + 1);
      if (close == std::string_view::npos) break;
      i = close;
      continue;
    }
    if (c == '\\' || c == '_' || c == '*') {
      ++i;  // the next character is literal or padding
      continue;
    }
    if (c == '[') {
      size_t close = code.find(']', i + 1);
      if (close == std::string_view::npos) break;
      std::string_view inner = code.substr(i + 1, close - i - 1);
      // [h], [mm], [ss]: elapsed time.
      if (!inner.empty() &&
          inner.find_first_not_of("hHmMsS") == std::string_view::npos) {
        time = true;
      }
      i = close;
      continue;
    }
    std::string_view rest = code.substr(i);
    if (StartsWithNoCase(rest, "am/pm")) {
      time = true;
      i += 4;
      continue;
    }
    if (StartsWithNoCase(rest, "a/p")) {
      time = true;
      i += 2;
      continue;
    }
    switch (c) {
      case 'y':
      case 'Y':
      case 'd':
      case 'D':
        date = true;
        break;
      case 'h':
      case 'H':
      case 's':
      case 'S':
        time = true;
        break;
      case 'm':
      case 'M':
        month_or_minute = true;
        break;
      default:
        break;
    }
  }
  if (month_or_minute && !time) date = true;
  if (date && time) return NumberKind::kDateTime;
  if (date) return NumberKind::kDate;
  if (time) return NumberKind::kTime;
  return NumberKind::kNumber;
}

int ParseInt(std::string_view text, int fallback) {
  text = TrimAscii(text);
  int value = 0;
  auto [end, ec] =
      std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) return fallback;
  return value;
}

// One NumberKind per cellXfs entry (indexed by a cell's s attribute).
Result<std::vector<NumberKind>> ParseStyles(std::string_view xml) {
  // Classified once each: many xf may share one long format code.
  std::map<int, NumberKind> custom_formats;
  std::vector<int> xf_format_ids;
  bool in_cell_xfs = false;
  XmlScanner scanner(xml);
  for (Token t = scanner.Next(); t != Token::kEnd; t = scanner.Next()) {
    if (t == Token::kStartElement) {
      if (scanner.name() == "numFmt") {
        int id = ParseInt(scanner.Attribute("numFmtId").value_or(""), -1);
        if (id >= 0) {
          if (custom_formats.size() >= kMaxStructureItems) {
            return TooComplex("too many number formats");
          }
          custom_formats[id] =
              CustomNumberKind(scanner.Attribute("formatCode").value_or(""));
        }
      } else if (scanner.name() == "cellXfs") {
        in_cell_xfs = true;
      } else if (scanner.name() == "xf" && in_cell_xfs) {
        xf_format_ids.push_back(
            ParseInt(scanner.Attribute("numFmtId").value_or(""), 0));
      }
    } else if (t == Token::kEndElement && scanner.name() == "cellXfs") {
      in_cell_xfs = false;
    }
  }
  if (!scanner.ok()) return Unreadable("malformed styles part");
  std::vector<NumberKind> kinds;
  kinds.reserve(xf_format_ids.size());
  for (int id : xf_format_ids) {
    auto custom = custom_formats.find(id);
    kinds.push_back(custom != custom_formats.end() ? custom->second
                                                   : BuiltinNumberKind(id));
  }
  return kinds;
}

// ---------------------------------------------------------------------------
// Numbers and dates.

// Rewrites "%g" output such as "1.38e+10" or "-1e-05" in plain decimal.
std::string ExpandExponent(const std::string& text) {
  size_t e = text.find_first_of("eE");
  if (e == std::string::npos) return text;
  std::string mantissa = text.substr(0, e);
  int exponent = std::atoi(text.c_str() + e + 1);
  std::string sign;
  if (!mantissa.empty() && mantissa[0] == '-') {
    sign = "-";
    mantissa.erase(0, 1);
  }
  size_t dot = mantissa.find('.');
  int int_digits =
      static_cast<int>(dot == std::string::npos ? mantissa.size() : dot);
  std::string digits = mantissa;
  if (dot != std::string::npos) digits.erase(dot, 1);
  int point = int_digits + exponent;  // digits before the decimal point
  std::string out;
  if (point <= 0) {
    out = "0." + std::string(-point, '0') + digits;
  } else if (point >= static_cast<int>(digits.size())) {
    out = digits + std::string(point - digits.size(), '0');
  } else {
    out = digits.substr(0, point) + "." + digits.substr(point);
  }
  // Strip trailing fractional zeros (none expected from %g, but be safe).
  if (out.find('.') != std::string::npos) {
    while (out.back() == '0') out.pop_back();
    if (out.back() == '.') out.pop_back();
  }
  return sign + out;
}

// Formats a number the way Excel's General format shows it, without the
// exponent: 15 significant digits, no trailing zeros.
std::string FormatNumber(double value) {
  if (value == 0) return "0";
  char buf[64];
  // Locale-independent, unlike printf's %g.
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value,
                                 std::chars_format::general, 15);
  if (ec != std::errc()) return "0";  // cannot happen: buf is large enough
  return ExpandExponent(std::string(buf, end));
}

// Days since 1970-01-01 to a civil date (Howard Hinnant's algorithm).
void CivilFromDays(int64_t z, int64_t& y, unsigned& m, unsigned& d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  y = static_cast<int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  if (m <= 2) ++y;
}

std::string FormatDate(int64_t serial_day, bool date1904) {
  if (!date1904 && serial_day == 60) return "1900-02-29";  // Excel's bug
  int64_t days_since_epoch;                                // 1970-01-01
  if (date1904) {
    days_since_epoch = serial_day - 24107;  // 1904-01-01 is day 0
  } else if (serial_day < 60) {
    days_since_epoch = serial_day - 25568;  // 1900-01-01 is day 1
  } else {
    days_since_epoch = serial_day - 25569;  // skips the fictitious day 60
  }
  int64_t y;
  unsigned m, d;
  CivilFromDays(days_since_epoch, y, m, d);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04lld-%02u-%02u", static_cast<long long>(y),
                m, d);
  return buf;
}

std::string FormatClock(int64_t seconds) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%02lld:%02lld:%02lld",
                static_cast<long long>(seconds / 3600),
                static_cast<long long>(seconds / 60 % 60),
                static_cast<long long>(seconds % 60));
  return buf;
}

// Formats the <v> of a numeric cell according to its style.
std::string FormatNumericCell(std::string_view raw, NumberKind kind,
                              bool date1904) {
  raw = TrimAscii(raw);
  if (raw.empty()) return "";
  double value = 0;
  auto [end, ec] = std::from_chars(raw.data(), raw.data() + raw.size(), value);
  if (ec != std::errc() || end != raw.data() + raw.size() ||
      !std::isfinite(value)) {
    return std::string(raw);
  }
  // 2958466 is 10000-01-01, past Excel's last date.
  if (kind == NumberKind::kNumber || value < 0 || value >= 2958466) {
    return FormatNumber(value);
  }
  int64_t total_seconds = std::llround(value * 86400.0);
  int64_t day = total_seconds / 86400;
  int64_t seconds = total_seconds % 86400;
  switch (kind) {
    case NumberKind::kTime:
      return FormatClock(total_seconds);
    case NumberKind::kDateTime:
      if (seconds != 0) {
        return FormatDate(day, date1904) + " " + FormatClock(seconds);
      }
      return FormatDate(day, date1904);
    case NumberKind::kDate:
    case NumberKind::kNumber:
      break;
  }
  return FormatDate(day, date1904);
}

// "2024-01-05T00:00:00Z" -> "2024-01-05"; "2024-01-05T08:30:00" ->
// "2024-01-05 08:30:00". Cells of type d hold ISO 8601 text.
std::string FormatIsoDateCell(std::string_view raw) {
  raw = TrimAscii(raw);
  size_t t = raw.find('T');
  if (t == std::string_view::npos) return std::string(raw);
  std::string_view date = raw.substr(0, t);
  std::string_view time = raw.substr(t + 1);
  if (time.find_first_not_of("0:.Z") == std::string_view::npos) {
    return std::string(date);
  }
  return std::string(date) + " " + std::string(time.substr(0, 8));
}

// ---------------------------------------------------------------------------
// Worksheet.

// Parses "C7" into a 0-based row 6 and column 2.
bool ParseCellRef(std::string_view ref, int& row, int& col) {
  size_t i = 0;
  int c = 0;
  while (i < ref.size() && i < 3) {
    char ch = ref[i];
    if (ch >= 'a' && ch <= 'z') ch = static_cast<char>(ch - 'a' + 'A');
    if (ch < 'A' || ch > 'Z') break;
    c = c * 26 + (ch - 'A' + 1);
    ++i;
  }
  if (i == 0 || c > kExcelMaxColumns) return false;
  int r = ParseInt(ref.substr(i), 0);
  if (r < 1 || r > kExcelMaxRows) return false;
  row = r - 1;
  col = c - 1;
  return true;
}

struct SheetContext {
  const SharedStrings* shared_strings;
  const std::vector<NumberKind>* number_kinds;
  bool date1904;
  const ReadLimits* limits;
};

struct CellData {
  int row = 0;
  int col = 0;
  std::string type;
  int style = 0;
  std::string v;            // <v>
  std::string inline_text;  // <is>
  bool too_long = false;    // its raw text passed the bound (and was dropped)
};

Result<std::string> CellText(const CellData& cell, const SheetContext& ctx) {
  std::string text;
  if (cell.type == "s") {
    if (TrimAscii(cell.v).empty()) return text;
    int index = ParseInt(cell.v, -1);
    if (index < 0 || static_cast<size_t>(index) >= ctx.shared_strings->size()) {
      return Unreadable("shared string index out of range: " + cell.v);
    }
    return std::string(ctx.shared_strings->at(index));
  }
  if (cell.type == "inlineStr") {
    text = cell.inline_text;
  } else if (cell.type == "str" || cell.type == "e") {
    text = cell.v;
    DecodeOoxmlEscapes(text);
  } else if (cell.type == "b") {
    std::string_view v = TrimAscii(cell.v);
    text = v.empty() ? "" : (v == "1" || v == "true") ? "TRUE" : "FALSE";
  } else if (cell.type == "d") {
    text = FormatIsoDateCell(cell.v);
  } else {
    NumberKind kind = NumberKind::kNumber;
    if (cell.style >= 0 &&
        static_cast<size_t>(cell.style) < ctx.number_kinds->size()) {
      kind = (*ctx.number_kinds)[cell.style];
    }
    text = FormatNumericCell(cell.v, kind, ctx.date1904);
  }
  TrimAsciiInPlace(text);
  return text;
}

// Gathers the non-empty cells of one row at a time and hands each row to the
// visitor when the next row begins (or the sheet ends), checking each cell's
// text (a refused one is recorded as a problem and left empty) and the size
// of the table the rows would make, padding included, before it grows.
class RowAssembler {
 public:
  RowAssembler(const ReadLimits& limits, RowVisitor& visitor,
               std::vector<CellProblem>& problems)
      : limits_(limits),
        budget_(limits, kExcelFile),
        visitor_(visitor),
        problems_(problems) {}

  // Records that the 0-based cell (row, col) is longer than max_cell_bytes.
  Status PutTooLong(int row, int col) {
    if (row >= limits_.max_rows) return budget_.TooManyRows();
    DX_RETURN_IF_ERROR(StartRow(row));
    return AddCellProblem(problems_, row + 1, col, CellTooLongReason(limits_),
                          limits_, kExcelFile);
  }

  Status Put(int row, int col, std::string text) {
    if (text.empty()) return Ok();
    if (row >= limits_.max_rows) return budget_.TooManyRows();
    DX_RETURN_IF_ERROR(StartRow(row));
    DX_RETURN_IF_ERROR(
        CleanCell(problems_, text, row + 1, col, limits_, kExcelFile));
    if (text.empty()) return Ok();
    int64_t rows = std::max<int64_t>(rows_, row + 1);
    int64_t width = std::max<int64_t>(width_, col + 1);
    int64_t replaced = 0;  // a cell given twice keeps the last text
    if (static_cast<size_t>(col) < cells_.size()) {
      replaced = static_cast<int64_t>(cells_[col].size());
    }
    int64_t text_bytes =
        text_bytes_ - replaced + static_cast<int64_t>(text.size());
    DX_RETURN_IF_ERROR(budget_.Check(rows, width, text_bytes));
    rows_ = rows;
    width_ = width;
    text_bytes_ = text_bytes;
    if (cells_.size() <= static_cast<size_t>(col)) cells_.resize(col + 1);
    cells_[col] = std::move(text);
    return Ok();
  }

  // Hands over the last row.
  Status Finish() { return Flush(); }

 private:
  Status StartRow(int row) {
    if (row == row_) return Ok();
    DX_RETURN_IF_ERROR(Flush());
    row_ = row;
    return Ok();
  }

  Status Flush() {
    if (cells_.empty()) return Ok();
    Status handed = visitor_.Row(row_ + 1, cells_);
    cells_.clear();
    return handed;
  }

  const ReadLimits& limits_;
  TableBudget budget_;
  RowVisitor& visitor_;
  std::vector<CellProblem>& problems_;
  int row_ = -1;                    // 0-based row being gathered
  std::vector<std::string> cells_;  // its cells so far
  int64_t rows_ = 0;
  int64_t width_ = 0;
  int64_t text_bytes_ = 0;
};

Status ParseWorksheet(std::string_view xml, const SheetContext& ctx,
                      RowVisitor& visitor, std::vector<CellProblem>& problems) {
  const ReadLimits& limits = *ctx.limits;
  // Raw text (before escapes are decoded) kept for one cell at most.
  const size_t max_raw_cell_bytes =
      static_cast<size_t>(std::max<int64_t>(limits.max_cell_bytes, 0)) * 2;
  RowAssembler builder(limits, visitor, problems);
  XmlScanner scanner(xml);
  bool in_sheet_data = false;
  bool in_cell = false;
  bool in_v = false;
  int row = -1;
  int col = -1;
  CellData cell;
  for (Token t = scanner.Next(); t != Token::kEnd; t = scanner.Next()) {
    if (t == Token::kText) {
      if (in_v && !cell.too_long) {
        scanner.AppendText(cell.v);
        if (cell.v.size() > max_raw_cell_bytes) {
          cell.too_long = true;  // the rest of the cell is skipped
          cell.v.clear();
        }
      }
      continue;
    }
    std::string_view name = scanner.name();
    if (t == Token::kEndElement) {
      if (name == "sheetData") break;
      if (name == "v") in_v = false;
      if (name == "c" && in_cell) {
        in_cell = false;
        if (cell.too_long) {
          DX_RETURN_IF_ERROR(builder.PutTooLong(cell.row, cell.col));
          continue;
        }
        DX_ASSIGN_OR_RETURN(std::string text, CellText(cell, ctx));
        DX_RETURN_IF_ERROR(builder.Put(cell.row, cell.col, std::move(text)));
      }
      continue;
    }
    // Start element.
    if (name == "sheetData") {
      in_sheet_data = true;
    } else if (!in_sheet_data) {
      continue;
    } else if (name == "row") {
      int r = ParseInt(scanner.Attribute("r").value_or(""), 0);
      row = (r >= 1 && r <= kExcelMaxRows) ? r - 1 : row + 1;
      if (row >= kExcelMaxRows) return Unreadable("row past the last one");
      col = -1;
    } else if (name == "c") {
      cell = CellData();
      in_cell = true;
      int ref_row, ref_col;
      if (ParseCellRef(scanner.Attribute("r").value_or(""), ref_row, ref_col)) {
        cell.row = ref_row;
        cell.col = ref_col;
      } else {
        cell.row = std::max(row, 0);
        cell.col = col + 1;
        if (cell.col >= kExcelMaxColumns) {
          return Unreadable("column past the last one");
        }
      }
      col = cell.col;
      cell.type = scanner.Attribute("t").value_or("n");
      cell.style = ParseInt(scanner.Attribute("s").value_or(""), 0);
    } else if (name == "v" && in_cell) {
      in_v = true;
    } else if (name == "is" && in_cell) {
      if (!CollectStringItem(scanner, "is", cell.inline_text,
                             max_raw_cell_bytes)) {
        // The rest of <is> is read on as unknown elements and ignored.
        cell.too_long = true;
        cell.inline_text.clear();
      }
    }
  }
  if (!scanner.ok()) return Unreadable("malformed worksheet part");
  return builder.Finish();
}

// ---------------------------------------------------------------------------

bool LooksLikeOle(std::string_view bytes) {
  return bytes.starts_with("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1");
}

}  // namespace

Status StreamXlsx(std::string_view bytes, const ReadLimits& limits,
                  RowVisitor& visitor, std::vector<CellProblem>& problems) {
  if (LooksLikeOle(bytes)) {
    Error e = Unreadable("OLE compound file (.xls or encrypted workbook)");
    e.message =
        "无法读取 Excel 文件：不支持 .xls 格式或加密的文件，"
        "请在 Excel 中另存为 .xlsx 后重试";
    return e;
  }
  Result<std::unique_ptr<ZipArchive>> opened = ZipArchive::Open(
      bytes, limits.max_uncompressed_bytes, limits.max_zip_entries);
  if (!opened.ok()) {
    if (opened.error().code == Code::kTooLarge) {
      return TooLarge("Excel 文件中的部件过多：最多 " +
                          std::to_string(limits.max_zip_entries) + " 个",
                      opened.error().internal);
    }
    return Unreadable(std::move(opened).error().internal);
  }
  ZipArchive& zip = **opened;
  // A macro-enabled workbook (.xlsm renamed, or an .xlsx carrying a VBA
  // project) is refused whole: no import reads a file that carries code.
  if (zip.Contains("xl/vbaProject.bin")) {
    Error e = Unreadable("workbook carries a VBA project (xl/vbaProject.bin)");
    e.message = "无法读取 Excel 文件：文件含有宏（VBA 代码），请另存为不含宏的 .xlsx 后重试";
    return e;
  }

  // _rels/.rels names the workbook part; it is xl/workbook.xml in practice.
  std::string workbook_part = "xl/workbook.xml";
  DX_ASSIGN_OR_RETURN(auto package_rels_xml,
                      ReadOptionalPart(zip, "_rels/.rels", limits));
  if (package_rels_xml) {
    DX_ASSIGN_OR_RETURN(auto package_rels,
                        ParseRelationships(*package_rels_xml, ""));
    for (const auto& rel : package_rels) {
      if (TypeIs(rel, "officeDocument") && !rel.target.empty()) {
        workbook_part = rel.target;
        break;
      }
    }
  }

  Workbook workbook;
  std::vector<Relationship> workbook_rels;
  DX_ASSIGN_OR_RETURN(auto workbook_xml,
                      ReadOptionalPart(zip, workbook_part, limits));
  if (workbook_xml) {
    DX_ASSIGN_OR_RETURN(workbook, ParseWorkbook(*workbook_xml));
    DX_ASSIGN_OR_RETURN(
        auto rels_xml,
        ReadOptionalPart(zip, RelsPathOf(workbook_part), limits));
    if (rels_xml) {
      DX_ASSIGN_OR_RETURN(
          workbook_rels,
          ParseRelationships(*rels_xml, DirectoryOf(workbook_part)));
    }
  }

  std::map<std::string_view, const Relationship*> worksheets_by_id;
  for (const auto& rel : workbook_rels) {
    if (TypeIs(rel, "worksheet")) worksheets_by_id[rel.id] = &rel;  // last wins
  }
  std::string sheet_part;
  for (const std::string& id : workbook.sheet_rel_ids) {
    auto found = worksheets_by_id.find(id);
    if (found != worksheets_by_id.end()) sheet_part = found->second->target;
    if (!sheet_part.empty()) break;
  }
  if (sheet_part.empty() || !zip.Contains(sheet_part)) {
    sheet_part = "xl/worksheets/sheet1.xml";
  }
  std::string styles_part = "xl/styles.xml";
  std::string shared_strings_part = "xl/sharedStrings.xml";
  for (const auto& rel : workbook_rels) {
    if (TypeIs(rel, "styles")) styles_part = rel.target;
    if (TypeIs(rel, "sharedStrings")) shared_strings_part = rel.target;
  }

  std::vector<NumberKind> number_kinds;
  DX_ASSIGN_OR_RETURN(auto styles_xml,
                      ReadOptionalPart(zip, styles_part, limits));
  if (styles_xml) {
    DX_ASSIGN_OR_RETURN(number_kinds, ParseStyles(*styles_xml));
  }
  SharedStrings shared_strings;
  {
    DX_ASSIGN_OR_RETURN(auto strings_xml,
                        ReadOptionalPart(zip, shared_strings_part, limits));
    if (strings_xml) {
      DX_ASSIGN_OR_RETURN(shared_strings,
                          ParseSharedStrings(*strings_xml, limits));
    }
  }
  DX_ASSIGN_OR_RETURN(auto sheet_xml,
                      ReadOptionalPart(zip, sheet_part, limits));
  if (!sheet_xml) return Unreadable("no worksheet part: " + sheet_part);
  SheetContext ctx{&shared_strings, &number_kinds, workbook.date1904, &limits};
  return ParseWorksheet(*sheet_xml, ctx, visitor, problems);
}

Result<Table> ReadXlsx(std::string_view bytes, const ReadLimits& limits) {
  TableCollector table;
  std::vector<CellProblem> problems;
  DX_RETURN_IF_ERROR(StreamXlsx(bytes, limits, table, problems));
  return std::move(table).Finish(std::move(problems));
}

}  // namespace duxing::tabular
