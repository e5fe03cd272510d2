#include "tabular/cells.hpp"

#include "common/text.hpp"

namespace duxing::tabular {
namespace {

bool IsForbiddenControl(unsigned char c) {
  return (c < 0x20 && c != '\t' && c != '\n') || c == 0x7F;
}

Error BadCell(int row, int col, std::string_view kind, std::string reason) {
  std::string column = ColumnName(col);
  Error e = MakeError(Code::kInvalidArgument, std::string(kind) + "第 " +
                                                  std::to_string(row) + " 行 " +
                                                  column + " 列：" + reason);
  e.details.push_back({row, std::move(column), std::move(reason)});
  return e;
}

}  // namespace

std::string ByteSize(int64_t n) {
  if (n >= (1 << 20) && n % (1 << 20) == 0) {
    return std::to_string(n >> 20) + " MiB";
  }
  if (n >= (1 << 10) && n % (1 << 10) == 0) {
    return std::to_string(n >> 10) + " KiB";
  }
  return std::to_string(n) + " 字节";
}

Error CellTooLong(int row, int col, const ReadLimits& limits,
                  std::string_view kind) {
  return BadCell(row, col, kind, "内容超过 " + ByteSize(limits.max_cell_bytes));
}

std::string ColumnName(int col) {
  std::string name;
  for (int64_t n = static_cast<int64_t>(col) + 1; n > 0; n = (n - 1) / 26) {
    name.insert(name.begin(), static_cast<char>('A' + (n - 1) % 26));
  }
  return name;
}

Status CleanCellText(std::string& text, int row, int col,
                     const ReadLimits& limits, std::string_view kind) {
  if (text.find('\r') != std::string::npos) {
    size_t out = 0;
    for (size_t i = 0; i < text.size(); ++i) {
      if (text[i] == '\r') {
        text[out++] = '\n';
        if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
      } else {
        text[out++] = text[i];
      }
    }
    text.resize(out);
  }
  if (static_cast<int64_t>(text.size()) > limits.max_cell_bytes) {
    return CellTooLong(row, col, limits, kind);
  }
  if (!IsValidUtf8(text)) {
    return BadCell(row, col, kind, "内容不是有效的 UTF-8 文本");
  }
  for (unsigned char c : text) {
    if (IsForbiddenControl(c)) {
      return BadCell(row, col, kind, "内容含有不可见的控制字符");
    }
  }
  return Ok();
}

Status TableBudget::Check(int64_t rows, int64_t width,
                          int64_t text_bytes) const {
  if (rows > limits_.max_rows) return TooManyRows();
  // width ≤ the bytes read and rows ≤ max_rows: the products cannot overflow.
  int64_t cells = rows * width;
  if (cells > limits_.max_cells) {
    return MakeError(Code::kTooLarge, std::string(kind_) + "单元格过多：最多 " +
                                          std::to_string(limits_.max_cells) +
                                          " 个");
  }
  if (cells * kCellOverheadBytes + text_bytes > limits_.max_table_bytes) {
    return MakeError(Code::kTooLarge, std::string(kind_) +
                                          "内容过多：读出的表格超过 " +
                                          ByteSize(limits_.max_table_bytes));
  }
  return Ok();
}

Error TableBudget::TooManyRows() const {
  return MakeError(Code::kTooLarge, std::string(kind_) + "行数过多：最多 " +
                                        std::to_string(limits_.max_rows) +
                                        " 行");
}

}  // namespace duxing::tabular
