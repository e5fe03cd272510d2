#include "domain/assessments/question_sheet.hpp"

#include <gtest/gtest.h>

#include <map>
#include <set>

#include "common/embedded_file.hpp"
#include "tabular/csv_reader.hpp"
#include "tabular/xlsx_reader.hpp"
#include "tabular/xlsx_writer.hpp"
#include "testing/result_matchers.hpp"

namespace duxing::domain::assessments {
namespace {

using Row = std::vector<std::string>;
using test::ExpectError;

// A data row in the sheet's columns from the cells before the options, the
// options and the cells after them.
Row MakeRow(Row head, Row options, Row tail) {
  options.resize(kMaxOptions);
  head.insert(head.end(), options.begin(), options.end());
  head.insert(head.end(), tail.begin(), tail.end());
  return head;
}

tabular::Table Sheet(std::vector<Row> rows) {
  tabular::Table t;
  t.rows.push_back(QuestionSheetColumns());
  for (auto& r : rows) t.rows.push_back(std::move(r));
  return t;
}

TEST(QuestionSheetTest, ReadsEveryType) {
  ASSERT_OK_AND_ASSIGN(
      auto qs,
      ReadQuestionSheet(Sheet({
          MakeRow({"党史/创立", "单选题", "1", "一大召开于？"}, {"1920年", "1921年"},
                  {"b", "解析", "中共一大，建党", ""}),
          MakeRow({"党史", "多选", "2", "三大战役是"}, {"辽沈", "淮海", "平津", "渡江"},
                  {"C,A B", "", "", ""}),
          MakeRow({"党史", "判断题", "3", "遵义会议在遵义召开。"}, {}, {"错误", "", "", ""}),
          MakeRow({"党史", "填空题", "4", "____年____月"}, {},
                  {"1921；7|七", "", "", "不分顺序，区分大小写"}),
          MakeRow({"党史", "简答题", "5", "简述"}, {}, {"", "", "", ""}),
      })));
  ASSERT_EQ(qs.size(), 5u);
  EXPECT_EQ(qs[0].row, 2);
  EXPECT_EQ(qs[0].category_path, (Row{"党史", "创立"}));
  EXPECT_EQ(qs[0].question.content.correct_options, std::vector<int>{1});
  EXPECT_EQ(qs[0].question.tags, (Row{"中共一大", "建党"}));
  EXPECT_EQ(qs[1].question.content.type, QuestionType::kMultiple);
  EXPECT_EQ(qs[1].question.content.correct_options, (std::vector<int>{0, 1, 2}));
  EXPECT_FALSE(qs[2].question.content.true_false_answer);
  const QuestionContent& blank = qs[3].question.content;
  EXPECT_EQ(blank.blanks, (std::vector<Row>{{"1921"}, {"7", "七"}}));
  EXPECT_FALSE(blank.ordered);
  EXPECT_TRUE(blank.case_sensitive);
  EXPECT_EQ(qs[4].question.content.type, QuestionType::kShortAnswer);
  EXPECT_EQ(qs[4].question.content.difficulty, 5);
}

TEST(QuestionSheetTest, ListsEveryBadRowWithColumnAndNothingElse) {
  auto read = ReadQuestionSheet(Sheet({
      MakeRow({"党史", "单选题", "1", "好题"}, {"甲", "乙"}, {"A", "", "", ""}),
      MakeRow({"", "问答题", "6", "题"}, {}, {"", "", "", ""}),
      MakeRow({"党史", "单选题", "1", "题"}, {"甲", "", "丙"}, {"A", "", "", ""}),
      MakeRow({"党史", "单选题", "1", "题"}, {"甲", "乙"}, {"E", "", "", ""}),
      MakeRow({"党史", "多选题", "1", "题"}, {"甲", "乙"}, {"A", "", "", ""}),
      MakeRow({"党史", "判断题", "1", "题"}, {"甲"}, {"也许", "", "", "不分顺序"}),
      MakeRow({"党史//近代", "填空题", "x", "题"}, {}, {"a；|", "", "", "随意"}),
  }));
  ExpectError(read, Code::kInvalidArgument);
  const auto& d = read.error().details;
  std::map<int, std::set<std::string>> by_row;
  for (const auto& e : d) by_row[e.row].insert(e.column);
  EXPECT_EQ(by_row.count(2), 0u);                                 // the good row
  EXPECT_EQ(by_row[3], (std::set<std::string>{"分类", "答案"}));  // empty required cells
  EXPECT_EQ(by_row[4], std::set<std::string>{"选项B"});           // a gap in the options
  EXPECT_EQ(by_row[5], std::set<std::string>{"答案"});            // E: no such option
  EXPECT_EQ(by_row[6], std::set<std::string>{"答案"});            // multiple: one answer
  EXPECT_EQ(by_row[7], (std::set<std::string>{"选项A", "填空规则", "答案"}));
  EXPECT_EQ(by_row[8].count("分类"), 1u);
  EXPECT_NE(read.error().message.find("6 行错误"), std::string::npos) << read.error().message;
}

TEST(QuestionSheetTest, RefusesMissingColumnsTooManyRowsAndNoRows) {
  tabular::Table t;
  t.rows = {{"分类*", "题型", "题干"}, {"党史", "单选题", "题"}};
  auto missing = ReadQuestionSheet(t);
  ExpectError(missing, Code::kInvalidArgument);
  ASSERT_EQ(missing.error().details.size(), 2u);
  EXPECT_EQ(missing.error().details[0].column, "难度");
  EXPECT_EQ(missing.error().details[1].column, "答案");

  ExpectError(ReadQuestionSheet(Sheet({})), Code::kInvalidArgument);
  std::vector<Row> many(kMaxImportQuestions + 1,
                        MakeRow({"党史", "判断题", "1", "题"}, {}, {"正确", "", "", ""}));
  ExpectError(ReadQuestionSheet(Sheet(many)), Code::kTooLarge);
}

TEST(QuestionSheetTest, CellProblemsOfTheReaderAreListedByColumn) {
  tabular::Table t = Sheet({MakeRow({"党史", "判断题", "1", ""}, {}, {"正确", "", "", ""})});
  t.problems.push_back({2, 3, "含有控制字符"});
  auto read = ReadQuestionSheet(t);
  ExpectError(read, Code::kInvalidArgument);
  ASSERT_EQ(read.error().details.size(), 1u);
  EXPECT_EQ(read.error().details[0].reason, "题干含有控制字符");
}

TEST(QuestionSheetTest, AnExportedRowReadsBackAsTheSameQuestion) {
  Question q;
  q.tags = {"七一讲话", "伟大建党精神"};
  QuestionContent& c = q.content;
  c.type = QuestionType::kFillBlank;
  c.stem = "坚持____、坚守____";
  c.blanks = {{"真理"}, {"理想", "信念"}};
  c.ordered = false;
  c.difficulty = 2;
  c.explanation = "三十二个字";
  tabular::Sheet sheet = QuestionExportSheet({QuestionSheetRow(q, "党史/七一讲话")});
  ASSERT_OK_AND_ASSIGN(std::string xlsx, tabular::WriteXlsx(sheet));
  ASSERT_OK_AND_ASSIGN(auto table, tabular::ReadXlsx(xlsx, QuestionSheetLimits()));
  ASSERT_OK_AND_ASSIGN(auto back, ReadQuestionSheet(table));
  ASSERT_EQ(back.size(), 1u);
  EXPECT_EQ(back[0].category_path, (Row{"党史", "七一讲话"}));
  EXPECT_EQ(back[0].question.tags, q.tags);
  const QuestionContent& b = back[0].question.content;
  EXPECT_EQ(b.stem, c.stem);
  EXPECT_EQ(b.blanks, c.blanks);
  EXPECT_EQ(b.ordered, c.ordered);
  EXPECT_EQ(b.explanation, c.explanation);
}

TEST(QuestionSheetTest, TheTemplateImportsAsItIs) {
  ASSERT_OK_AND_ASSIGN(std::string xlsx, tabular::WriteXlsx(QuestionTemplateSheet()));
  ASSERT_OK_AND_ASSIGN(auto table, tabular::ReadXlsx(xlsx, QuestionSheetLimits()));
  ASSERT_OK_AND_ASSIGN(auto qs, ReadQuestionSheet(table));
  EXPECT_EQ(qs.size(), 6u);
}

TEST(QuestionSheetTest, TheDemoBankHoldsTwoHundredQuestionsOfEveryTypeAndDifficulty) {
  ASSERT_EQ(EmbeddedDemoBank().size(), 1u);
  ASSERT_OK_AND_ASSIGN(auto table,
                       tabular::ReadCsv(EmbeddedDemoBank()[0].data, QuestionSheetLimits()));
  ASSERT_OK_AND_ASSIGN(auto qs, ReadQuestionSheet(table));
  EXPECT_GE(qs.size(), 200u);
  std::set<QuestionType> types;
  std::set<int> difficulties;
  std::set<std::string> stems;
  size_t explained = 0, several_blanks = 0;
  for (const auto& q : qs) {
    types.insert(q.question.content.type);
    difficulties.insert(q.question.content.difficulty);
    stems.insert(q.question.content.stem);
    if (!q.question.content.explanation.empty()) ++explained;
    if (q.question.content.blanks.size() > 1) ++several_blanks;
    EXPECT_EQ(q.category_path.front(), "党史");
    EXPECT_EQ(q.category_path.size(), 2u);
  }
  EXPECT_EQ(types.size(), 5u);
  EXPECT_EQ(difficulties, (std::set<int>{1, 2, 3, 4, 5}));
  EXPECT_EQ(stems.size(), qs.size());
  EXPECT_EQ(explained, qs.size());
  EXPECT_GE(several_blanks, 10u);
}

}  // namespace
}  // namespace duxing::domain::assessments
