// The question bank as a spreadsheet: the columns of the .xlsx import
// template, of the export and of the demo bank (demo_bank.csv), and the
// reading of its rows into questions. One layout, so that an exported bank
// imports again as it was (docs/question-import.md describes it).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "domain/assessments/question.hpp"
#include "tabular/table.hpp"
#include "tabular/xlsx_writer.hpp"

namespace duxing::domain::assessments {

// Data rows one import file may hold (questions).
inline constexpr int kMaxImportQuestions = 2000;

// What the reader may decode from an import file: kMaxImportQuestions rows
// plus the header and one more (so that the import names its cap), and
// budgets a bank of that size never reaches (16 MiB inflated, 16 MiB table).
tabular::ReadLimits QuestionSheetLimits();

// The column titles, in order, without the '*' of the required ones:
// 分类 题型 难度 题干 选项A … 选项J 答案 解析 标签 填空规则.
const std::vector<std::string>& QuestionSheetColumns();

// One data row read: the category path from the root ("党史",
// "新民主主义革命时期") and the question (org_id and category_id left 0 for
// the importer, which finds or makes the category).
struct SheetQuestion {
  int row = 0;  // as the spreadsheet numbers it (header = 1)
  std::vector<std::string> category_path;
  NewQuestion question;
};

// Reads `table` (first row: the header, titles matched by HeaderTitle in any
// order; unknown columns ignored) into questions, checking every cell and
// every rule of Validate. All or nothing: kInvalidArgument "文件有 N 行错误，
// 未导入任何数据" listing every bad row by row, column title and reason (the
// reader's cell problems merged in, see import_problems.hpp); a missing
// required column is one detail on row 1. No data row: kInvalidArgument;
// more than kMaxImportQuestions: kTooLarge. Linear in the table's size.
Result<std::vector<SheetQuestion>> ReadQuestionSheet(const tabular::Table& table);

// The row of `q` in the sheet's columns, its category given as the names of
// its path joined by "/". Answers: choice letters ("ABD"), 正确 / 错误, the
// blanks joined by "；" with alternatives joined by "|", or the reference
// answer; tags joined by "，".
std::vector<std::string> QuestionSheetRow(const Question& q, std::string_view category_path);

// The sheet of an export of `rows` (QuestionSheetRow each), header marked
// as the template's.
tabular::Sheet QuestionExportSheet(std::vector<std::vector<std::string>> rows);

// The import template: the header with '*' on required columns, one example
// row of each type and the 填写说明 tab.
tabular::Sheet QuestionTemplateSheet();

}  // namespace duxing::domain::assessments
