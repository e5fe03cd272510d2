// Test helpers for tables the tabular readers return.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "tabular/table.hpp"
#include "testing/result_matchers.hpp"

namespace duxing::test {

// Expects `r` to be a table whose cell problems are exactly `cells`, in
// order, each named like a spreadsheet cell ("B2": column letter, 1-based
// row) and with a reason, and whose refused cells (those within the table)
// are empty.
inline void ExpectCellProblems(const Result<tabular::Table>& r,
                               const std::vector<std::string>& cells) {
  ASSERT_TRUE(r.ok()) << Describe(r.error());
  std::vector<std::string> got;
  for (const tabular::CellProblem& p : r->problems) {
    got.push_back(tabular::ColumnName(p.col) + std::to_string(p.row));
    EXPECT_FALSE(p.reason.empty()) << got.back();
    if (static_cast<size_t>(p.row) <= r->rows.size() &&
        static_cast<size_t>(p.col) < r->rows[p.row - 1].size()) {
      EXPECT_EQ(r->rows[p.row - 1][p.col], "") << got.back();
    }
  }
  EXPECT_EQ(got, cells);
}

// A RowVisitor for the streaming readers' tests: keeps the rows handed over
// with their numbers, and stops the reader with the error "stop" at row
// `stop_at` (0: never).
class RecordingVisitor : public tabular::RowVisitor {
 public:
  explicit RecordingVisitor(int stop_at = 0) : stop_at_(stop_at) {}
  Status Row(int number, std::vector<std::string>& cells) override {
    if (number == stop_at_) return MakeError(Code::kInvalidArgument, "stop");
    numbers.push_back(number);
    rows.push_back(std::move(cells));
    return Ok();
  }
  std::vector<int> numbers;
  std::vector<std::vector<std::string>> rows;

 private:
  int stop_at_;
};

}  // namespace duxing::test
