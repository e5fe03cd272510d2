#include "tabular/csv_reader.hpp"

#include <gtest/gtest.h>
#include <iconv.h>

#include <string>
#include <vector>

#include "testing/result_matchers.hpp"
#include "testing/table_matchers.hpp"

namespace duxing::tabular {
namespace {

using Rows = std::vector<std::vector<std::string>>;

Rows ReadOk(std::string_view bytes) {
  Result<Table> table = ReadCsv(bytes);
  EXPECT_TRUE(table.ok()) << (table.ok() ? "" : table.error().message);
  return table.ok() ? table->rows : Rows{};
}

// Converts UTF-8 text to GB18030 with iconv, as Excel in China would save it.
std::string ToGb18030(const std::string& utf8) {
  iconv_t cd = iconv_open("GB18030", "UTF-8");
  EXPECT_NE(cd, reinterpret_cast<iconv_t>(-1));
  std::string out(utf8.size() * 2 + 16, '\0');
  char* in_ptr = const_cast<char*>(utf8.data());
  size_t in_left = utf8.size();
  char* out_ptr = out.data();
  size_t out_left = out.size();
  EXPECT_NE(iconv(cd, &in_ptr, &in_left, &out_ptr, &out_left),
            static_cast<size_t>(-1));
  iconv_close(cd);
  out.resize(out.size() - out_left);
  return out;
}

TEST(ReadCsvTest, ReadsPlainRows) {
  EXPECT_EQ(ReadOk("name,phone\nZhang,13800000000\n"),
            (Rows{{"name", "phone"}, {"Zhang", "13800000000"}}));
}

TEST(ReadCsvTest, EmptyInputIsEmptyTable) {
  EXPECT_EQ(ReadOk(""), Rows{});
  EXPECT_EQ(ReadOk("\r\n\n  \n,,\n"), Rows{});
}

TEST(ReadCsvTest, HandlesQuotedFields) {
  EXPECT_EQ(ReadOk("a,\"b,c\",\"say \"\"hi\"\"\"\n"
                   "\"line1\r\nline2\",\"\",x\n"),
            (Rows{{"a", "b,c", "say \"hi\""}, {"line1\nline2", "", "x"}}));
}

TEST(ReadCsvTest, IsLenientLikeExcel) {
  // Blanks before a quote are ignored; text after a closing quote is kept;
  // a quote inside an unquoted field is literal.
  EXPECT_EQ(ReadOk("a, \"b,c\" ,\"d\"e,f\"g\n"),
            (Rows{{"a", "b,c", "de", "f\"g"}}));
}

TEST(ReadCsvTest, AcceptsCrlfLfAndCr) {
  Rows want = {{"a", "b"}, {"c", "d"}, {"e", "f"}};
  EXPECT_EQ(ReadOk("a,b\r\nc,d\r\ne,f\r\n"), want);
  EXPECT_EQ(ReadOk("a,b\nc,d\ne,f"), want);
  EXPECT_EQ(ReadOk("a,b\rc,d\re,f\r"), want);
}

TEST(ReadCsvTest, StripsBomAndTrimsCells) {
  EXPECT_EQ(ReadOk("\xEF\xBB\xBF姓名 , 手机\t\n 张三 ,\" 13800000000 \"\n"),
            (Rows{{"姓名", "手机"}, {"张三", "13800000000"}}));
}

TEST(ReadCsvTest, KeepsMiddleBlankLinesDropsTrailingOnesAndPads) {
  EXPECT_EQ(ReadOk("h1,h2,h3\n\na\n,,\nb,c\n\n,,,\n  \n"),
            (Rows{{"h1", "h2", "h3"},
                  {"", "", ""},
                  {"a", "", ""},
                  {"", "", ""},
                  {"b", "c", ""}}));
}

TEST(ReadCsvTest, ConvertsGb18030) {
  std::string utf8 =
      "姓名,部门,备注\n张三,研发部,\"含,逗号\"\n李四,销售部,𠀀\n";
  std::string gb = ToGb18030(utf8);
  ASSERT_NE(gb, utf8);
  EXPECT_EQ(ReadOk(gb), (Rows{{"姓名", "部门", "备注"},
                              {"张三", "研发部", "含,逗号"},
                              {"李四", "销售部", "𠀀"}}));
}

TEST(ReadCsvTest, ReportsUnterminatedQuoteLine) {
  Result<Table> table = ReadCsv("a,b\nc,d\ne,\"f\ng,h\n");
  ASSERT_FALSE(table.ok());
  EXPECT_EQ(table.error().code, Code::kInvalidArgument);
  EXPECT_EQ(table.error().message, "CSV 格式错误：第 3 行引号未闭合");
}

TEST(ReadCsvTest, RejectsUnknownEncoding) {
  Result<Table> table = ReadCsv("a,\xFF\xFF\n");
  ASSERT_FALSE(table.ok());
  EXPECT_EQ(table.error().code, Code::kInvalidArgument);

  // UTF-16 (NUL bytes).
  table =
      ReadCsv(std::string("\xFF\xFE"
                          "a\0,\0b\0",
                          8));
  ASSERT_FALSE(table.ok());
  EXPECT_EQ(table.error().code, Code::kInvalidArgument);

  // A UTF-8 BOM followed by bytes that are not UTF-8.
  table = ReadCsv("\xEF\xBB\xBF\xD5\xC5\xC8\xFD\n");
  ASSERT_FALSE(table.ok());
  EXPECT_EQ(table.error().code, Code::kInvalidArgument);
}

TEST(ReadCsvTest, RejectsExcelWorkbook) {
  Result<Table> table = ReadCsv(std::string("PK\x03\x04\x14\0\0\0", 8));
  ASSERT_FALSE(table.ok());
  EXPECT_EQ(table.error().code, Code::kInvalidArgument);
}

TEST(ReadCsvTest, CapsRows) {
  std::string ok;
  for (int i = 0; i < kMaxRows; ++i) ok += "1\n";
  EXPECT_EQ(ReadOk(ok + "\n\n,\n").size(), static_cast<size_t>(kMaxRows));
  Result<Table> table = ReadCsv(ok + "1\n");
  ASSERT_FALSE(table.ok());
  EXPECT_EQ(table.error().code, Code::kTooLarge);
}

TEST(ReadCsvTest, CapsCells) {
  Result<Table> table = ReadCsv(std::string(kMaxCells + 1, ','));
  ASSERT_FALSE(table.ok());
  EXPECT_EQ(table.error().code, Code::kTooLarge);
}

TEST(ReadCsvTest, CountsEveryCellAgainstTheTableBudget) {
  // 3,000,000 empty cells from 3 MB: under the cell count, over the 64 MiB
  // table budget (each cell costs its string, text or not).
  Result<Table> table = ReadCsv(std::string(3'000'000, ','));
  ASSERT_FALSE(table.ok());
  EXPECT_EQ(table.error().code, Code::kTooLarge);
  EXPECT_NE(table.error().message.find("CSV 文件内容过多"), std::string::npos)
      << table.error().message;
}

TEST(ReadCsvTest, EmptiesAndReportsCellsWithControlCharacters) {
  test::ExpectCellProblems(ReadCsv("a,b\nc,d\x01\n"), {"B2"});
  test::ExpectCellProblems(ReadCsv("a,b,\x1B[31m\n"), {"C1"});
  test::ExpectCellProblems(ReadCsv("\n\nx\x7F,y\n"), {"A3"});
  test::ExpectCellProblems(ReadCsv("a,\"b\xC2\x85\"\n"), {"B1"});  // C1: NEL
}

TEST(ReadCsvTest, ReportsEveryBadCellAndKeepsTheOthers) {
  Result<Table> table = ReadCsv("h1,h2,h3\nok,\x01,fine\n\x07,\x1B,x\ny,z,\x7F\n");
  test::ExpectCellProblems(table, {"B2", "A3", "B3", "C4"});
  ASSERT_TRUE(table.ok());
  EXPECT_EQ(table->rows, (Rows{{"h1", "h2", "h3"}, {"ok", "", "fine"},
                               {"", "", "x"}, {"y", "z", ""}}));
  EXPECT_EQ(table->problems[0].reason, "不能包含控制字符");
}

TEST(ReadCsvTest, ReportsABadCellEvenWhenItsRowEndsBlank) {
  // The refused cell leaves a blank trailing row, which is dropped.
  Result<Table> table = ReadCsv("a\n\x01\n");
  test::ExpectCellProblems(table, {"A2"});
  ASSERT_TRUE(table.ok());
  EXPECT_EQ(table->rows, (Rows{{"a"}}));
}

TEST(ReadCsvTest, StopsPastTheMostProblemsItRecords) {
  ReadLimits limits;
  limits.max_cell_problems = 3;
  EXPECT_TRUE(ReadCsv("\x01,\x01,\x01\n", limits).ok());
  test::ExpectError(ReadCsv("\x01,\x01\n\x01,\x01\n", limits),
                    Code::kInvalidArgument);
  std::string many;
  for (int i = 0; i < 2000; ++i) many += "\x01,ok\n";
  Result<Table> table = ReadCsv(many);
  test::ExpectError(table, Code::kInvalidArgument);
  EXPECT_NE(table.error().message.find("1000"), std::string::npos);
}

TEST(ReadCsvTest, KeepsTabsAndLineBreaks) {
  EXPECT_EQ(ReadOk("\"a\tb\r\nc\",\"d\re\"\n"), (Rows{{"a\tb\nc", "d\ne"}}));
}

TEST(ReadCsvTest, CapsTheBytesOfOneCell) {
  std::string text(32u << 10, 'z');
  EXPECT_EQ(ReadOk("a," + text + "\n")[0][1], text);
  Result<Table> table = ReadCsv("a,b\nc,d,\"" + text + "z\"\n");
  test::ExpectCellProblems(table, {"C2"});
  ASSERT_TRUE(table.ok());
  EXPECT_EQ(table->problems[0].reason, "内容超过 32 KiB");
}

TEST(ReadCsvTest, HonoursTheLimitsItIsGiven) {
  ReadLimits limits;
  limits.max_table_bytes = 1000;
  limits.max_cell_bytes = 8;
  limits.max_rows = 3;
  std::string ten_cells = "a,b,c,d,e,f,g,h,i,j\n";
  EXPECT_TRUE(ReadCsv(ten_cells, limits).ok());
  Result<Table> table =
      ReadCsv(ten_cells + ten_cells + ten_cells + "1\n", limits);
  ASSERT_FALSE(table.ok());
  EXPECT_EQ(table.error().code, Code::kTooLarge);  // 40 cells × 32 bytes
  table = ReadCsv("a\nb\nc\nd\n", limits);
  ASSERT_FALSE(table.ok());
  EXPECT_EQ(table.error().code, Code::kTooLarge);  // 4 rows
  test::ExpectCellProblems(ReadCsv("123456789\n", limits), {"A1"});
}

}  // namespace
}  // namespace duxing::tabular

namespace duxing::tabular {
namespace {

using test::RecordingVisitor;

TEST(StreamCsvTest, HandsOverEachNonBlankRecordWithItsNumberAsItIsRead) {
  RecordingVisitor rows;
  std::vector<CellProblem> problems;
  ASSERT_OK(StreamCsv("a,b\n\n c ,\x01\n,,\nd\n\n", {}, rows, problems));
  EXPECT_EQ(rows.numbers, std::vector<int>({1, 3, 5}));
  EXPECT_EQ(rows.rows, Rows({{"a", "b"}, {"c", ""}, {"d"}}));
  ASSERT_EQ(problems.size(), 1u);  // recorded before its row was handed over
  EXPECT_EQ(problems[0].row, 3);
  EXPECT_EQ(problems[0].col, 1);
}

TEST(StreamCsvTest, TheVisitorStopsTheReaderBeforeTheRestIsRead) {
  // Row 3 stops it: the unclosed quote of row 4 is never reached.
  RecordingVisitor rows(/*stop_at=*/3);
  std::vector<CellProblem> problems;
  Status read = StreamCsv("a\nb\nc\n\"d\n", {}, rows, problems);
  ASSERT_FALSE(read.ok());
  EXPECT_EQ(read.error().message, "stop");
  EXPECT_EQ(rows.numbers, std::vector<int>({1, 2}));
}

TEST(StreamCsvTest, KeepsTheRowAndTableBoundsOfReadCsv) {
  ReadLimits limits;
  limits.max_rows = 3;
  RecordingVisitor rows;
  std::vector<CellProblem> problems;
  test::ExpectError(StreamCsv("a\nb\nc\nd\n", limits, rows, problems), Code::kTooLarge);
  EXPECT_EQ(rows.numbers, std::vector<int>({1, 2, 3}));
}

}  // namespace
}  // namespace duxing::tabular
