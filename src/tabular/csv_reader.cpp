#include "tabular/csv_reader.hpp"

#include <iconv.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <vector>

#include "common/text.hpp"
#include "tabular/cells.hpp"

namespace duxing::tabular {
namespace {

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";
constexpr std::string_view kCsvFile = "CSV 文件";

Error BadEncoding(std::string internal) {
  Error e = MakeError(Code::kInvalidArgument,
                      "CSV 文件编码无法识别，请另存为 UTF-8 或 GBK 编码的 CSV");
  e.internal = std::move(internal);
  return e;
}

Result<std::string> Gb18030ToUtf8(std::string_view in) {
  iconv_t cd = iconv_open("UTF-8", "GB18030");
  if (cd == reinterpret_cast<iconv_t>(-1)) {
    return InternalError(std::string("iconv_open(UTF-8, GB18030): ") +
                         std::strerror(errno));
  }
  std::string out(in.size() * 3 / 2 + 16, '\0');
  char* in_ptr = const_cast<char*>(in.data());
  size_t in_left = in.size();
  size_t used = 0;
  bool failed = false;
  while (in_left > 0) {
    char* out_ptr = out.data() + used;
    size_t out_left = out.size() - used;
    size_t r = iconv(cd, &in_ptr, &in_left, &out_ptr, &out_left);
    int err = errno;
    used = out.size() - out_left;
    if (r != static_cast<size_t>(-1)) continue;
    if (err == E2BIG) {
      out.resize(out.size() * 2);
      continue;
    }
    failed = true;  // EILSEQ, or EINVAL for a truncated final sequence
    break;
  }
  iconv_close(cd);
  if (failed) {
    return BadEncoding("not GB18030 at byte " +
                       std::to_string(in.size() - in_left));
  }
  out.resize(used);
  return out;
}

// Hands the non-blank records to the visitor as they end, counting each
// with its number (blank ones included) and checking the size of the table
// they would make, padding included, against the budget as it grows.
class RecordSink {
 public:
  RecordSink(const ReadLimits& limits, RowVisitor& visitor,
             std::vector<CellProblem>& problems)
      : limits_(limits),
        budget_(limits, kCsvFile),
        visitor_(visitor),
        problems_(problems) {}

  // The 1-based number of the record being read.
  int record_number() const { return static_cast<int>(records_ + 1); }

  // Checks `field`, the text of cell `col` of the record being read (emptied
  // and recorded as a problem when refused), and counts it.
  Status AddField(std::string& field, int col) {
    DX_RETURN_IF_ERROR(CleanCell(problems_, field, record_number(), col,
                                 limits_, kCsvFile));
    text_bytes_ += static_cast<int64_t>(field.size());
    // The record may yet be a trailing blank one: rows are counted by Add.
    return budget_.Check(std::max<int64_t>(kept_, 1),
                         std::max<int64_t>(width_, col + 1), text_bytes_);
  }

  // Ends the record being read (its cells may be moved away).
  Status Add(std::vector<std::string>& record) {
    int number = record_number();
    ++records_;
    bool blank = true;
    for (const auto& cell : record) {
      if (!cell.empty()) blank = false;
    }
    if (blank) return Ok();
    int64_t width = std::max<int64_t>(width_, record.size());
    DX_RETURN_IF_ERROR(budget_.Check(number, width, text_bytes_));
    width_ = width;
    kept_ = number;
    return visitor_.Row(number, record);
  }

 private:
  const ReadLimits& limits_;
  TableBudget budget_;
  RowVisitor& visitor_;
  std::vector<CellProblem>& problems_;
  int64_t records_ = 0;  // ended, blank ones included
  int64_t kept_ = 0;     // number of the last non-blank record
  int64_t width_ = 0;
  int64_t text_bytes_ = 0;  // of the cells kept and of the record being read
};

Status ParseCsv(std::string_view text, const ReadLimits& limits,
                RowVisitor& visitor, std::vector<CellProblem>& problems) {
  enum class State { kFieldStart, kUnquoted, kQuoted, kAfterQuote };
  RecordSink sink(limits, visitor, problems);
  std::vector<std::string> record;
  std::string field;
  State state = State::kFieldStart;
  int line = 1;
  int quote_line = 0;
  const size_t n = text.size();

  auto end_field = [&]() -> Status {
    TrimAsciiInPlace(field);
    DX_RETURN_IF_ERROR(sink.AddField(field, static_cast<int>(record.size())));
    record.push_back(std::move(field));
    field.clear();
    return Ok();
  };
  // Ends the record at a line break at text[i]; returns the index of its last
  // byte (CRLF is one break).
  auto end_record = [&](size_t i) -> Result<size_t> {
    DX_RETURN_IF_ERROR(end_field());
    DX_RETURN_IF_ERROR(sink.Add(record));
    record.clear();
    ++line;
    state = State::kFieldStart;
    return (text[i] == '\r' && i + 1 < n && text[i + 1] == '\n') ? i + 1 : i;
  };

  for (size_t i = 0; i < n; ++i) {
    char c = text[i];
    switch (state) {
      case State::kFieldStart:
        if (c == ' ' || c == '\t') {
          field.push_back(c);  // dropped if a quote follows, else trimmed
          break;
        }
        if (c == '"') {
          field.clear();
          state = State::kQuoted;
          quote_line = line;
          break;
        }
        state = State::kUnquoted;
        [[fallthrough]];
      case State::kUnquoted:
      case State::kAfterQuote:
        if (c == ',') {
          DX_RETURN_IF_ERROR(end_field());
          state = State::kFieldStart;
        } else if (c == '\n' || c == '\r') {
          Result<size_t> last = end_record(i);
          if (!last.ok()) return std::move(last).error();
          i = *last;
        } else {
          field.push_back(c);
        }
        break;
      case State::kQuoted:
        if (c == '"') {
          if (i + 1 < n && text[i + 1] == '"') {
            field.push_back('"');
            ++i;
          } else {
            state = State::kAfterQuote;
          }
        } else if (c == '\r' || c == '\n') {
          if (c == '\r' && i + 1 < n && text[i + 1] == '\n') ++i;
          field.push_back('\n');
          ++line;
        } else {
          field.push_back(c);
        }
        break;
    }
  }
  if (state == State::kQuoted) {
    return MakeError(
        Code::kInvalidArgument,
        "CSV 格式错误：第 " + std::to_string(quote_line) + " 行引号未闭合");
  }
  // The last record, unless the text ended with a line break.
  if (state != State::kFieldStart || !record.empty() || !field.empty()) {
    DX_RETURN_IF_ERROR(end_field());
    DX_RETURN_IF_ERROR(sink.Add(record));
  }
  return Ok();
}

}  // namespace

Status StreamCsv(std::string_view bytes, const ReadLimits& limits,
                 RowVisitor& visitor, std::vector<CellProblem>& problems) {
  if (bytes.starts_with("PK\x03\x04") ||
      bytes.starts_with("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1")) {
    return MakeError(Code::kInvalidArgument,
                     "这是 Excel 文件而不是 CSV 文件，请按 Excel 文件导入");
  }
  if (bytes.find('\0') != std::string_view::npos) {
    return BadEncoding("NUL byte in CSV");
  }
  bool had_bom = bytes.starts_with(kUtf8Bom);
  if (had_bom) bytes.remove_prefix(kUtf8Bom.size());
  if (IsValidUtf8(bytes)) return ParseCsv(bytes, limits, visitor, problems);
  if (had_bom) return BadEncoding("UTF-8 BOM but invalid UTF-8");
  DX_ASSIGN_OR_RETURN(std::string utf8, Gb18030ToUtf8(bytes));
  // A GB18030 byte order mark (84 31 95 33) converts to U+FEFF.
  std::string_view text = utf8;
  if (text.starts_with(kUtf8Bom)) text.remove_prefix(kUtf8Bom.size());
  return ParseCsv(text, limits, visitor, problems);
}

Result<Table> ReadCsv(std::string_view bytes, const ReadLimits& limits) {
  TableCollector table;
  std::vector<CellProblem> problems;
  DX_RETURN_IF_ERROR(StreamCsv(bytes, limits, table, problems));
  return std::move(table).Finish(std::move(problems));
}

}  // namespace duxing::tabular
