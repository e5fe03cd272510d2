#include "domain/import_problems.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace duxing::domain {
namespace {

std::vector<std::string> Brief(const std::vector<ErrorDetail>& details) {
  std::vector<std::string> out;
  for (const ErrorDetail& d : details) {
    out.push_back(std::to_string(d.row) + ":" + d.column + ":" + d.reason);
  }
  return out;
}

TEST(HeaderTitleTest, TrimsAndDropsTheRequiredMark) {
  EXPECT_EQ(HeaderTitle(" 姓名* "), "姓名");
  EXPECT_EQ(HeaderTitle("\u3000所在支部\u3000"), "所在支部");
  EXPECT_EQ(HeaderTitle(""), "");
}

TEST(MergeCellProblemsTest, NamesTheColumnByItsHeaderAndTheReaderWinsItsCell) {
  tabular::Table table;
  table.rows = {{"姓名*", "职务", ""}, {"", "", ""}, {"张三", "", ""}};
  // In reading order of an XLSX that gives row 3 before row 2.
  table.problems = {{3, 1, "不能包含控制字符"},
                    {2, 2, "内容超过 32 KiB"},
                    {2, 0, "含有无法识别的字符（不是有效的 UTF-8 文本）"}};
  std::vector<ErrorDetail> checks = {{2, "姓名", "姓名不能为空"},  // the emptied cell
                                     {2, "人员类别", "不能为空"},
                                     {3, "所在支部", "找不到支部“x”"}};
  EXPECT_EQ(Brief(MergeCellProblems(table, checks)),
            (std::vector<std::string>{
                "2:姓名:姓名含有无法识别的字符（不是有效的 UTF-8 文本）",
                "2:C:第 C 列内容超过 32 KiB",  // no header text
                "2:人员类别:不能为空",
                "3:职务:职务不能包含控制字符",
                "3:所在支部:找不到支部“x”",
            }));
}

TEST(MergeCellProblemsTest, AHeaderCellIsNamedByItsLetter) {
  tabular::Table table;
  table.rows = {{"", "人员类别"}};
  table.problems = {{1, 0, "不能包含控制字符"}};
  EXPECT_EQ(Brief(MergeCellProblems(table, {{1, "姓名", "缺少必需的列"}})),
            (std::vector<std::string>{"1:A:第 A 列不能包含控制字符", "1:姓名:缺少必需的列"}));
}

TEST(WithCellProblemsTest, ListsTheProblemsWithTheChecksOrPassesTheOutcomeOn) {
  tabular::Table clean;
  Result<int> ok = WithCellProblems(clean, Result<int>(7));
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(*ok, 7);

  tabular::Table bad;
  bad.rows = {{"姓名"}, {""}, {"李四"}};
  bad.problems = {{2, 0, "不能包含控制字符"}};
  Result<int> refused = WithCellProblems(bad, Result<int>(7));  // checks passed
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, Code::kInvalidArgument);
  EXPECT_EQ(refused.error().message, "文件有 1 行错误，未导入任何数据");
  EXPECT_EQ(Brief(refused.error().details),
            (std::vector<std::string>{"2:姓名:姓名不能包含控制字符"}));

  Error checks = ImportRejected({{3, "姓名", "姓名不能超过 50 个字"}});
  refused = WithCellProblems<int>(bad, checks);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().message, "文件有 2 行错误，未导入任何数据");
  EXPECT_EQ(refused.error().details.size(), 2u);

  Result<int> failed = WithCellProblems<int>(bad, MakeError(Code::kInternal, "内部错误"));
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.error().code, Code::kInternal);
}

}  // namespace
}  // namespace duxing::domain
