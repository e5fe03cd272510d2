#include "tabular/xlsx_reader.hpp"

#include <gtest/gtest.h>
#include <minizip/zip.h>

#include <cstdlib>
#include <string>
#include <utility>
#include <vector>

#include "testing/result_matchers.hpp"
#include "testing/table_matchers.hpp"
#include "testing/temp_files.hpp"

namespace duxing::tabular {
namespace {

using Rows = std::vector<std::vector<std::string>>;
using Entries = std::vector<std::pair<std::string, std::string>>;

// Builds a zip archive (deflated entries) with minizip and returns its bytes.
std::string MakeZip(const Entries& entries, int level = Z_DEFAULT_COMPRESSION) {
  std::string path = test::NewTempFile("xlsx_reader_test");
  zipFile zf = zipOpen64(path.c_str(), APPEND_STATUS_CREATE);
  EXPECT_NE(zf, nullptr);
  for (const auto& [name, content] : entries) {
    zip_fileinfo info{};
    EXPECT_EQ(zipOpenNewFileInZip64(zf, name.c_str(), &info, nullptr, 0,
                                    nullptr, 0, nullptr, Z_DEFLATED, level, 0),
              ZIP_OK);
    EXPECT_EQ(zipWriteInFileInZip(zf, content.data(),
                                  static_cast<unsigned>(content.size())),
              ZIP_OK);
    EXPECT_EQ(zipCloseFileInZip(zf), ZIP_OK);
  }
  EXPECT_EQ(zipClose(zf, nullptr), ZIP_OK);
  return test::TakeFileBytes(path);
}

constexpr char kMain[] =
    R"(xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main")";

std::string Worksheet(const std::string& sheet_data) {
  return std::string(R"(<?xml version="1.0" encoding="UTF-8"?><worksheet )") +
         kMain + "><sheetData>" + sheet_data + "</sheetData></worksheet>";
}

// A workbook whose first tab is "人员" -> /xl/worksheets/sheet2.xml, with
// shared strings (plain, rich text, phonetic run, entities, _x escapes),
// inline strings, numbers, booleans, formulas, errors and date styles.
Entries MinimalWorkbook() {
  Entries e;
  e.emplace_back(
      "[Content_Types].xml",
      R"(<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>)");
  e.emplace_back("_rels/.rels",
                 R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>)");
  e.emplace_back(
      "xl/workbook.xml",
      std::string(R"(<?xml version="1.0"?><workbook )") + kMain +
          R"( xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><workbookPr/><sheets><sheet name="人员" sheetId="2" r:id="rId7"/><sheet name="Other" sheetId="1" r:id="rId1"/></sheets></workbook>)");
  e.emplace_back("xl/_rels/workbook.xml.rels",
                 R"(<?xml version="1.0"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
  <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>
  <Relationship Id="rId7" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="/xl/worksheets/sheet2.xml"/>
  <Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>
  <Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>
</Relationships>)");
  e.emplace_back(
      "xl/sharedStrings.xml",
      std::string(R"(<?xml version="1.0"?><sst )") + kMain +
          R"( count="4" uniqueCount="4">)"
          R"(<si><t>姓名</t></si>)"
          R"(<si><t xml:space="preserve">  手机  </t></si>)"
          R"(<si><r><rPr><b/></rPr><t>张</t></r><r><t xml:space="preserve">三 &amp; &lt;李&gt; &quot;x&quot; &apos;y&apos; &#20013;&#x6587;</t></r>)"
          R"(<rPh sb="0" eb="1"><t>チャン</t></rPh></si>)"
          R"(<si><t>a_x005F_x0041_b_x0009_c</t></si>)"
          R"(</sst>)");
  e.emplace_back(
      "xl/styles.xml",
      std::string(R"(<?xml version="1.0"?><styleSheet )") + kMain + ">" +
          R"(<numFmts count="3">)"
          R"(<numFmt numFmtId="164" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/>)"
          R"(<numFmt numFmtId="165" formatCode="[$-409]h:mm:ss\ AM/PM"/>)"
          R"x(<numFmt numFmtId="166" formatCode="0.00_);[Red]\(0.00\)"/>)x"
          R"(</numFmts>)"
          R"(<cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs>)"
          R"(<cellXfs count="6"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/>)"
          R"(<xf numFmtId="164"/><xf numFmtId="165"/><xf numFmtId="22"/><xf numFmtId="166"/></cellXfs>)"
          R"(</styleSheet>)");
  e.emplace_back(
      "xl/worksheets/sheet1.xml",
      Worksheet(
          R"(<row r="1"><c r="A1" t="inlineStr"><is><t>WRONG SHEET</t></is></c></row>)"));
  e.emplace_back(
      "xl/worksheets/sheet2.xml",
      Worksheet(
          // Header: shared, shared with blanks, inline, inline rich text.
          R"(<row r="1" spans="1:5"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c>)"
          R"(<c r="C1" t="inlineStr"><is><t>入职日期</t></is></c>)"
          R"(<c r="D1" t="inlineStr"><is><r><t>金</t></r><r><t>额</t></r></is></c></row>)"
          // Number, date (id 14), number with a non-date custom format.
          R"(<row r="2"><c r="A2" t="s"><v>2</v></c><c r="B2"><v>13800000000</v></c>)"
          R"(<c r="C2" s="1"><v>45292</v></c><c r="D2" s="5"><v>12.5</v></c></row>)"
          // Row 3 missing; B4 missing; custom Chinese date; exponent; bool.
          R"(<row r="4"><c r="A4" t="s"><v>3</v></c><c r="C4" s="2"><v>45658</v></c>)"
          R"(<c r="D4" t="n"><v>1.38E+10</v></c><c r="E4" t="b"><v>1</v></c></row>)"
          // Leap bug, time, date-time, formula string.
          R"(<row r="5"><c r="A5" s="1"><v>60</v></c><c r="B5" s="1"><v>61</v></c>)"
          R"(<c r="C5" s="3"><v>0.5</v></c><c r="D5" s="4"><v>45292.75</v></c>)"
          R"(<c r="E5" t="str"><f>A1&amp;""</f><v>公式</v></c></row>)"
          R"(<row r="6"><c r="A6" s="1"><v>59</v></c><c r="B6" s="1"><v>1</v></c>)"
          R"(<c r="C6" s="4"><v>45292</v></c><c r="D6"><v>0.30000000000000004</v></c>)"
          R"(<c r="E6" t="e"><v>#N/A</v></c></row>)"
          // Styled but empty cells past the data: no rows.
          R"(<row r="9"><c r="A9" s="1"/><c r="B9" t="s"></c></row>)"));
  return e;
}

TEST(ReadXlsxTest, ReadsMinimalWorkbook) {
  Result<Table> table = ReadXlsx(MakeZip(MinimalWorkbook()));
  ASSERT_TRUE(table.ok()) << table.error().message << " "
                          << table.error().internal;
  Rows want = {
      {"姓名", "手机", "入职日期", "金额", ""},
      {"张三 & <李> \"x\" 'y' 中文", "13800000000", "2024-01-01", "12.5", ""},
      {"", "", "", "", ""},
      {"a_x0041_b\tc", "", "2025-01-01", "13800000000", "TRUE"},
      {"1900-02-29", "1900-03-01", "12:00:00", "2024-01-01 18:00:00", "公式"},
      {"1900-02-28", "1900-01-01", "2024-01-01", "0.3", "#N/A"},
  };
  EXPECT_EQ(table->rows, want);
}

TEST(ReadXlsxTest, FallsBackToSheet1WithoutWorkbook) {
  Result<Table> table = ReadXlsx(MakeZip(
      {{"xl/worksheets/sheet1.xml",
        Worksheet(R"(<row><c t="inlineStr"><is><t>a</t></is></c>)"
                  R"(<c t="inlineStr"><is><t>b</t></is></c></row>)"
                  R"(<row><c><v>1</v></c><c r="C2"><v>3</v></c></row>)")}}));
  ASSERT_TRUE(table.ok()) << table.error().internal;
  EXPECT_EQ(table->rows, (Rows{{"a", "b", ""}, {"1", "", "3"}}));
}

TEST(ReadXlsxTest, AcceptsPrefixedElementsAndCdata) {
  std::string sheet =
      R"(<?xml version="1.0"?><x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main">)"
      R"(<!-- generated --><x:sheetData><x:row r="1"><x:c r="B1" t="inlineStr"><x:is><x:t><![CDATA[<a&b>]]></x:t></x:is></x:c></x:row>)"
      R"(</x:sheetData></x:worksheet>)";
  Result<Table> table =
      ReadXlsx(MakeZip({{"xl/worksheets/sheet1.xml", sheet}}));
  ASSERT_TRUE(table.ok()) << table.error().internal;
  EXPECT_EQ(table->rows, (Rows{{"", "<a&b>"}}));
}

TEST(ReadXlsxTest, FormatsNumbersWithoutExponent) {
  Result<Table> table = ReadXlsx(MakeZip(
      {{"xl/worksheets/sheet1.xml",
        Worksheet(
            R"(<row><c><v>1E-05</v></c><c><v>-3.0</v></c>)"
            R"(<c><v>123456789012345678</v></c><c><v>1.5E+20</v></c>)"
            R"(<c><v>-0.125</v></c><c><v>-0</v></c><c><v>  42 </v></c></row>)")}}));
  ASSERT_TRUE(table.ok()) << table.error().internal;
  EXPECT_EQ(table->rows,
            (Rows{{"0.00001", "-3", "123456789012346000",
                   "150000000000000000000", "-0.125", "0", "42"}}));
}

TEST(ReadXlsxTest, Uses1904DateSystemWhenDeclared) {
  Entries e = {
      {"xl/workbook.xml",
       std::string("<workbook ") + kMain +
           R"( xmlns:r="r"><workbookPr date1904="1"/><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>)"},
      {"xl/_rels/workbook.xml.rels",
       R"(<Relationships><Relationship Id="rId1" Type="http://purl.oclc.org/ooxml/officeDocument/relationships/worksheet" Target="worksheets/data.xml"/></Relationships>)"},
      {"xl/styles.xml",
       R"(<styleSheet><cellXfs><xf numFmtId="0"/><xf numFmtId="14"/></cellXfs></styleSheet>)"},
      {"xl/worksheets/data.xml",
       Worksheet(
           R"(<row><c s="1"><v>0</v></c><c s="1"><v>43830</v></c></row>)")},
  };
  Result<Table> table = ReadXlsx(MakeZip(e));
  ASSERT_TRUE(table.ok()) << table.error().internal;
  EXPECT_EQ(table->rows, (Rows{{"1904-01-01", "2024-01-01"}}));
}

void ExpectUnreadable(const Result<Table>& table) {
  ASSERT_FALSE(table.ok());
  EXPECT_EQ(table.error().code, Code::kInvalidArgument);
  EXPECT_NE(table.error().message.find("无法读取 Excel 文件"),
            std::string::npos);
}

TEST(ReadXlsxTest, RejectsGarbage) {
  ExpectUnreadable(ReadXlsx(""));
  ExpectUnreadable(ReadXlsx("姓名,手机\n张三,13800000000\n"));
  ExpectUnreadable(ReadXlsx(std::string("PK\x03\x04garbage garbage", 19)));
}

TEST(ReadXlsxTest, RejectsLegacyXlsWithHint) {
  Result<Table> table =
      ReadXlsx(std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) +
               std::string(512, '\0'));
  ExpectUnreadable(table);
  EXPECT_NE(table.error().message.find(".xlsx"), std::string::npos);
}

TEST(ReadXlsxTest, RejectsMacroEnabledWorkbook) {
  Entries e = MinimalWorkbook();
  e.push_back({"xl/vbaProject.bin", std::string("\xD0\xCF\x11\xE0 vba", 8)});
  Result<Table> table = ReadXlsx(MakeZip(e));
  ExpectUnreadable(table);
  EXPECT_NE(table.error().message.find("宏"), std::string::npos);
}

TEST(ReadXlsxTest, RejectsTruncatedArchive) {
  std::string bytes = MakeZip(MinimalWorkbook());
  ExpectUnreadable(ReadXlsx(bytes.substr(0, bytes.size() / 2)));
}

TEST(ReadXlsxTest, RejectsCorruptEntry) {
  std::string sheet =
      Worksheet(R"(<row><c t="inlineStr"><is><t>)" + std::string(5000, 'x') +
                R"(</t></is></c></row>)");
  std::string bytes = MakeZip({{"xl/worksheets/sheet1.xml", sheet}});
  // Damage the compressed data (after the 30-byte local header and name).
  size_t data = 30 + std::string("xl/worksheets/sheet1.xml").size();
  for (size_t i = data + 2; i < data + 12; ++i) bytes[i] ^= 0x5A;
  ExpectUnreadable(ReadXlsx(bytes));
}

TEST(ReadXlsxTest, RejectsMalformedXml) {
  ExpectUnreadable(ReadXlsx(
      MakeZip({{"xl/worksheets/sheet1.xml",
                std::string("<worksheet><sheetData><row><c r=\"A1")}})));
}

TEST(ReadXlsxTest, RejectsZipBomb) {
  // 65 MiB of blanks deflate to about 64 KiB.
  std::string huge = "<worksheet><sheetData>" + std::string(65u << 20, ' ') +
                     "</sheetData></worksheet>";
  std::string bytes =
      MakeZip({{"xl/worksheets/sheet1.xml", std::move(huge)}}, 1);
  ASSERT_LT(bytes.size(), 1u << 20);
  Result<Table> table = ReadXlsx(bytes);
  ASSERT_FALSE(table.ok());
  EXPECT_EQ(table.error().code, Code::kTooLarge);
}

TEST(ReadXlsxTest, CapsRows) {
  std::string ok_sheet =
      Worksheet(R"(<row r="1"><c t="inlineStr"><is><t>h</t></is></c></row>)"
                R"(<row r="100000"><c><v>1</v></c></row>)");
  Result<Table> table =
      ReadXlsx(MakeZip({{"xl/worksheets/sheet1.xml", ok_sheet}}));
  ASSERT_TRUE(table.ok()) << table.error().internal;
  EXPECT_EQ(table->rows.size(), 100000u);
  EXPECT_EQ(table->rows.back(), (std::vector<std::string>{"1"}));

  std::string big_sheet =
      Worksheet(R"(<row r="100001"><c r="A100001"><v>1</v></c></row>)");
  table = ReadXlsx(MakeZip({{"xl/worksheets/sheet1.xml", big_sheet}}));
  ASSERT_FALSE(table.ok());
  EXPECT_EQ(table.error().code, Code::kTooLarge);
}

TEST(ReadXlsxTest, CapsCells) {
  // A far-right cell on many rows would pad to a huge grid.
  std::string rows;
  for (int r = 1; r <= 400; ++r) {
    rows += "<row r=\"" + std::to_string(r) + "\"><c r=\"XFD" +
            std::to_string(r) + "\"><v>1</v></c></row>";
  }
  Result<Table> table =
      ReadXlsx(MakeZip({{"xl/worksheets/sheet1.xml", Worksheet(rows)}}));
  ASSERT_FALSE(table.ok());
  EXPECT_EQ(table.error().code, Code::kTooLarge);
}

TEST(ReadXlsxTest, RejectsBadSharedStringIndex) {
  ExpectUnreadable(
      ReadXlsx(MakeZip({{"xl/worksheets/sheet1.xml",
                         Worksheet(R"(<row><c t="s"><v>7</v></c></row>)")}})));
}

// ---------------------------------------------------------------------------
// Hostile files: every one is refused with a clear error before its cost is
// paid (the reader never allocates what the file asks for).

// A workbook whose sheet1 references shared strings: `strings` is the inside
// of <sst>, `sheet_data` the inside of <sheetData>.
std::string SharedStringBook(const std::string& strings,
                             const std::string& sheet_data) {
  return MakeZip({{"xl/sharedStrings.xml",
                   std::string("<sst ") + kMain + ">" + strings + "</sst>"},
                  {"xl/worksheets/sheet1.xml", Worksheet(sheet_data)}});
}

// `rows` rows of `cols` cells, each referencing shared string 0.
std::string SharedRefs(int rows, int cols) {
  std::string data;
  for (int r = 1; r <= rows; ++r) {
    data += "<row>";
    for (int c = 0; c < cols; ++c) data += R"(<c t="s"><v>0</v></c>)";
    data += "</row>";
  }
  return data;
}

TEST(ReadXlsxTest, CountsSharedStringsOncePerCell) {
  // The issue's file: one 2,000-character string in 200,000 cells is
  // 400 MB of text from a 12 KB upload.
  std::string bytes = SharedStringBook(
      "<si><t>" + std::string(2000, 'x') + "</t></si>", SharedRefs(20000, 10));
  ASSERT_LT(bytes.size(), 64u << 10);
  Result<Table> table = ReadXlsx(bytes);
  ASSERT_FALSE(table.ok());
  EXPECT_EQ(table.error().code, Code::kTooLarge);
  EXPECT_NE(table.error().message.find("Excel 文件内容过多"), std::string::npos)
      << table.error().message;
}

TEST(ReadXlsxTest, StopsAtTheTableBudgetBeforeAllocatingTheTable) {
  // 30,000 characters × 1,000,000 cells would be 30 GB: the reader must stop
  // at the budget (a bad_alloc or a crash fails this test).
  std::string bytes =
      SharedStringBook("<si><t>" + std::string(30000, 'y') + "</t></si>",
                       SharedRefs(100000, 10));
  Result<Table> table = ReadXlsx(bytes);
  ASSERT_FALSE(table.ok());
  EXPECT_EQ(table.error().code, Code::kTooLarge);
}

TEST(ReadXlsxTest, CapsTheNumberOfSharedStrings) {
  // Empty items cost no text but one string each: 5 bytes of XML per item.
  std::string strings;
  strings.reserve(6u << 20);
  for (int i = 0; i <= 1'000'000; ++i) strings += "<si/>";
  Result<Table> table = ReadXlsx(SharedStringBook(strings, SharedRefs(1, 1)));
  ASSERT_FALSE(table.ok());
  EXPECT_EQ(table.error().code, Code::kTooLarge);
}

TEST(ReadXlsxTest, CapsTheNumberOfZipEntries) {
  Entries e = {
      {"xl/worksheets/sheet1.xml", Worksheet(R"(<row><c><v>1</v></c></row>)")}};
  for (int i = 0; i < 10000; ++i) e.emplace_back("x/" + std::to_string(i), "");
  Result<Table> table = ReadXlsx(MakeZip(e));
  ASSERT_FALSE(table.ok());
  EXPECT_EQ(table.error().code, Code::kTooLarge);
}

TEST(ReadXlsxTest, RefusesAttributeAndNestingFloods) {
  std::string attrs;
  for (int i = 0; i < 300; ++i) attrs += " a" + std::to_string(i) + "=\"\"";
  ExpectUnreadable(ReadXlsx(
      MakeZip({{"xl/worksheets/sheet1.xml",
                Worksheet("<row" + attrs + R"(><c><v>1</v></c></row>)")}})));
  std::string deep;
  for (int i = 0; i < 300; ++i) deep += "<g>";
  ExpectUnreadable(
      ReadXlsx(MakeZip({{"xl/worksheets/sheet1.xml",
                         Worksheet(R"(<row><c><v>1</v></c></row>)" + deep)}})));
}

TEST(ReadXlsxTest, EmptiesAndReportsTextThatIsNotUtf8) {
  // The issue's file: a 3,000-byte name of 0x80 bytes.
  Result<Table> table = ReadXlsx(
      SharedStringBook("<si><t>" + std::string(3000, '\x80') + "</t></si>",
                       R"(<row r="3"><c r="B3" t="s"><v>0</v></c></row>)"));
  test::ExpectCellProblems(table, {"B3"});
  ASSERT_TRUE(table.ok());
  EXPECT_EQ(table->problems[0].reason,
            "含有无法识别的字符（不是有效的 UTF-8 文本）");
  test::ExpectCellProblems(
      ReadXlsx(MakeZip({{"xl/worksheets/sheet1.xml",
                         Worksheet(R"(<row><c t="inlineStr"><is><t>a)"
                                   "\xC0\xAF"
                                   R"(</t></is></c></row>)")}})),
      {"A1"});
}

TEST(ReadXlsxTest, EmptiesAndReportsControlCharacters) {
  // A raw control byte, a character reference, an OOXML escape and a C1
  // control, each in its own cell; the cells between them are kept.
  Result<Table> table = ReadXlsx(SharedStringBook(
      "<si><t>a_x0001_b</t></si><si><t>good</t></si>",
      "<row r=\"1\"><c t=\"str\"><v>a\x01</v></c><c t=\"s\"><v>1</v></c>"
      R"(<c r="AB1" t="s"><v>0</v></c></row>)"
      R"(<row r="2"><c r="C2" t="inlineStr"><is><t>a&#27;b</t></is></c>)"
      R"(<c r="D2" t="inlineStr"><is><t>a&#x85;b</t></is></c></row>)"));
  test::ExpectCellProblems(table, {"A1", "AB1", "C2", "D2"});
  ASSERT_TRUE(table.ok());
  EXPECT_EQ(table->rows[0][1], "good");
}

TEST(ReadXlsxTest, StopsPastTheMostProblemsItRecords) {
  ReadLimits limits;
  limits.max_cell_problems = 2;
  std::string bad = R"(<c t="inlineStr"><is><t>&#1;</t></is></c>)";
  auto book = [&](int n) {
    std::string row = "<row>";
    for (int i = 0; i < n; ++i) row += bad;
    return MakeZip({{"xl/worksheets/sheet1.xml", Worksheet(row + "</row>")}});
  };
  test::ExpectCellProblems(ReadXlsx(book(2), limits), {"A1", "B1"});
  test::ExpectError(ReadXlsx(book(3), limits), Code::kInvalidArgument);
}

TEST(ReadXlsxTest, KeepsTabsAndLineBreaks) {
  Result<Table> table = ReadXlsx(SharedStringBook(
      "<si><t>a\tb_x000D_\nc&#13;d\re</t></si>", SharedRefs(1, 1)));
  ASSERT_TRUE(table.ok()) << table.error().message;
  EXPECT_EQ(table->rows, (Rows{{"a\tb\nc\nd\ne"}}));
}

TEST(ReadXlsxTest, CapsTheBytesOfOneCell) {
  std::string text(32u << 10, 'z');
  Result<Table> table = ReadXlsx(
      SharedStringBook("<si><t>" + text + "</t></si>", SharedRefs(1, 1)));
  ASSERT_TRUE(table.ok()) << table.error().message;
  EXPECT_EQ(table->rows[0][0].size(), text.size());
  test::ExpectCellProblems(ReadXlsx(SharedStringBook(
                               "<si><t>" + text + "z</t></si>", SharedRefs(2, 1))),
                           {"A1", "A2"});
  // Raw text far past the bound is dropped as it is read; the cells after it
  // are read on.
  std::string huge(1u << 20, 'w');
  table = ReadXlsx(MakeZip(
      {{"xl/worksheets/sheet1.xml",
        Worksheet(R"(<row r="4"><c r="D4" t="inlineStr"><is><t>)" + huge +
                  R"(</t></is></c><c r="E4" t="str"><v>)" + huge +
                  R"(</v></c><c r="F4" t="str"><v>next</v></c></row>)")}}));
  test::ExpectCellProblems(table, {"D4", "E4"});
  ASSERT_TRUE(table.ok());
  EXPECT_EQ(table->rows[3][5], "next");
  EXPECT_EQ(table->problems[0].reason, "内容超过 32 KiB");
}

TEST(ReadXlsxTest, HonoursTheLimitsItIsGiven) {
  ReadLimits limits;
  limits.max_shared_string_bytes = 100;
  limits.max_shared_strings = 3;
  std::string fifty = "<si><t>" + std::string(50, 's') + "</t></si>";
  EXPECT_TRUE(
      ReadXlsx(SharedStringBook(fifty + fifty, SharedRefs(1, 1)), limits).ok());
  Result<Table> table = ReadXlsx(
      SharedStringBook(fifty + fifty + "<si><t>s</t></si>", SharedRefs(1, 1)),
      limits);
  ASSERT_FALSE(table.ok());
  EXPECT_EQ(table.error().code, Code::kTooLarge);  // 101 bytes
  table = ReadXlsx(SharedStringBook("<si/><si/><si/><si/>", SharedRefs(1, 1)),
                   limits);
  ASSERT_FALSE(table.ok());
  EXPECT_EQ(table.error().code, Code::kTooLarge);  // 4 items

  limits = ReadLimits();
  limits.max_uncompressed_bytes = 1000;
  table = ReadXlsx(SharedStringBook(fifty, SharedRefs(20, 2)), limits);
  ASSERT_FALSE(table.ok());
  EXPECT_EQ(table.error().code, Code::kTooLarge);
  EXPECT_NE(table.error().message.find("1000 字节"), std::string::npos)
      << table.error().message;
}

}  // namespace
}  // namespace duxing::tabular

namespace duxing::tabular {
namespace {

using test::RecordingVisitor;

TEST(StreamXlsxTest, HandsOverEachRowWhenTheNextBegins) {
  std::string sheet = Worksheet(
      R"(<row r="1"><c r="A1" t="inlineStr"><is><t>姓名</t></is></c></row>)"
      R"(<row r="2"/><row r="4"><c r="B4"><v>12</v></c><c r="A4" t="inlineStr"><is><t>张三</t></is></c></row>)");
  RecordingVisitor rows;
  std::vector<CellProblem> problems;
  ASSERT_OK(StreamXlsx(MakeZip({{"xl/worksheets/sheet1.xml", sheet}}), {}, rows, problems));
  EXPECT_EQ(rows.numbers, std::vector<int>({1, 4}));
  EXPECT_EQ(rows.rows, Rows({{"姓名"}, {"张三", "12"}}));
}

TEST(StreamXlsxTest, TheVisitorStopsTheReaderAndRowsAreNotKept) {
  std::string data;
  for (int r = 1; r <= 50; ++r) {
    data += "<row r=\"" + std::to_string(r) + "\"><c r=\"A" + std::to_string(r) +
            "\"><v>" + std::to_string(r) + "</v></c></row>";
  }
  RecordingVisitor rows(/*stop_at=*/30);
  std::vector<CellProblem> problems;
  Status read =
      StreamXlsx(MakeZip({{"xl/worksheets/sheet1.xml", Worksheet(data)}}), {}, rows, problems);
  ASSERT_FALSE(read.ok());
  EXPECT_EQ(read.error().message, "stop");
  EXPECT_EQ(rows.numbers.size(), 29u);
}

TEST(StreamXlsxTest, ReadXlsxStillMergesARowGivenTwice) {
  std::string sheet = Worksheet(
      R"(<row r="2"><c r="A2"><v>1</v></c></row><row r="1"><c r="A1"><v>0</v></c></row>)"
      R"(<row r="2"><c r="B2"><v>2</v></c></row>)");
  ASSERT_OK_AND_ASSIGN(Table table, ReadXlsx(MakeZip({{"xl/worksheets/sheet1.xml", sheet}})));
  EXPECT_EQ(table.rows, Rows({{"0", ""}, {"1", "2"}}));
}

}  // namespace
}  // namespace duxing::tabular
