#include "tabular/cells.hpp"

#include "common/text.hpp"

namespace duxing::tabular {

std::string ByteSize(int64_t n) {
  if (n >= (1 << 20) && n % (1 << 20) == 0) {
    return std::to_string(n >> 20) + " MiB";
  }
  if (n >= (1 << 10) && n % (1 << 10) == 0) {
    return std::to_string(n >> 10) + " KiB";
  }
  return std::to_string(n) + " 字节";
}

std::string CellTooLongReason(const ReadLimits& limits) {
  return "内容超过 " + ByteSize(limits.max_cell_bytes);
}

std::string ColumnName(int col) {
  std::string name;
  for (int64_t n = static_cast<int64_t>(col) + 1; n > 0; n = (n - 1) / 26) {
    name.insert(name.begin(), static_cast<char>('A' + (n - 1) % 26));
  }
  return name;
}

std::string CleanCellText(std::string& text, const ReadLimits& limits) {
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
  std::string reason;
  if (static_cast<int64_t>(text.size()) > limits.max_cell_bytes) {
    reason = CellTooLongReason(limits);
  } else if (!IsValidUtf8(text)) {
    reason = "含有无法识别的字符（不是有效的 UTF-8 文本）";
  } else if (HasControlCharacters(text, LineBreaks::kAllowed)) {
    reason = "不能包含控制字符";
  }
  if (!reason.empty()) text.clear();
  return reason;
}

Status AddCellProblem(std::vector<CellProblem>& problems, int row, int col,
                      std::string reason, const ReadLimits& limits,
                      std::string_view kind) {
  if (static_cast<int64_t>(problems.size()) >= limits.max_cell_problems) {
    return MakeError(Code::kInvalidArgument,
                     std::string(kind) + "中有问题的单元格超过 " +
                         std::to_string(limits.max_cell_problems) +
                         " 个（无法识别的字符、控制字符或内容过长），"
                         "请检查文件的编码和内容后重试");
  }
  problems.push_back({row, col, std::move(reason)});
  return Ok();
}

Status CleanCell(std::vector<CellProblem>& problems, std::string& text,
                 int row, int col, const ReadLimits& limits,
                 std::string_view kind) {
  std::string reason = CleanCellText(text, limits);
  if (reason.empty()) return Ok();
  return AddCellProblem(problems, row, col, std::move(reason), limits, kind);
}

Status TableCollector::Row(int number, std::vector<std::string>& cells) {
  size_t index = static_cast<size_t>(number - 1);
  if (table_.rows.size() <= index) {
    table_.rows.resize(index);
    table_.rows.push_back(std::move(cells));
    return Ok();
  }
  auto& row = table_.rows[index];
  if (row.size() < cells.size()) row.resize(cells.size());
  for (size_t i = 0; i < cells.size(); ++i) {
    if (!cells[i].empty()) row[i] = std::move(cells[i]);
  }
  return Ok();
}

Table TableCollector::Finish(std::vector<CellProblem> problems) && {
  size_t width = 0;
  for (const auto& row : table_.rows) width = std::max(width, row.size());
  for (auto& row : table_.rows) row.resize(width);
  table_.problems = std::move(problems);
  return std::move(table_);
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
