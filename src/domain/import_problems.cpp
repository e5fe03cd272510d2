#include "domain/import_problems.hpp"

#include <algorithm>
#include <set>

#include "common/text.hpp"

namespace duxing::domain {

std::string HeaderTitle(std::string_view header_cell) {
  std::string title = Trim(header_cell);
  if (!title.empty() && title.back() == '*') title.pop_back();
  return title;
}

std::vector<ErrorDetail> MergeCellProblems(const tabular::Table& table,
                                           std::vector<ErrorDetail> checks) {
  return MergeCellProblems(table.rows.empty() ? std::vector<std::string>() : table.rows.front(),
                           table.problems, std::move(checks));
}

std::vector<ErrorDetail> MergeCellProblems(const std::vector<std::string>& header_row,
                                           std::vector<tabular::CellProblem> problems,
                                           std::vector<ErrorDetail> checks) {
  const std::vector<std::string>* header = &header_row;
  std::stable_sort(problems.begin(), problems.end(),
                   [](const tabular::CellProblem& a, const tabular::CellProblem& b) {
                     return std::pair(a.row, a.col) < std::pair(b.row, b.col);
                   });
  std::vector<ErrorDetail> out;
  out.reserve(problems.size() + checks.size());
  std::set<std::pair<int, std::string>> refused;  // (row, title)
  for (tabular::CellProblem& p : problems) {
    std::string title;
    if (header && p.row > 1 && static_cast<size_t>(p.col) < header->size()) {
      title = HeaderTitle((*header)[p.col]);
    }
    std::string label = title;
    if (title.empty()) {
      title = tabular::ColumnName(p.col);
      label = "第 " + title + " 列";
    }
    if (!refused.insert({p.row, title}).second) continue;  // a cell given twice
    out.push_back({p.row, title, label + p.reason});
  }
  for (ErrorDetail& d : checks) {
    if (!refused.contains({d.row, d.column})) out.push_back(std::move(d));
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const ErrorDetail& a, const ErrorDetail& b) { return a.row < b.row; });
  return out;
}

Error ImportRejected(std::vector<ErrorDetail> details, std::optional<int64_t> bad_rows) {
  if (!bad_rows) {
    std::set<int> rows;
    for (const ErrorDetail& d : details) rows.insert(d.row);
    bad_rows = static_cast<int64_t>(rows.size());
  }
  std::string message = "文件有 " + std::to_string(*bad_rows) + " 行错误，未导入任何数据";
  if (details.size() > kMaxReportedProblems) {
    details.resize(kMaxReportedProblems);
    message += "（列出前 " + std::to_string(kMaxReportedProblems) + " 条）";
  }
  Error e = MakeError(Code::kInvalidArgument, std::move(message));
  e.details = std::move(details);
  return e;
}

}  // namespace duxing::domain
