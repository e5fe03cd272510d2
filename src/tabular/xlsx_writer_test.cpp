#include "tabular/xlsx_writer.hpp"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "tabular/xlsx_reader.hpp"
#include "tabular/zip_archive.hpp"

namespace duxing::tabular {
namespace {

using Rows = std::vector<std::vector<std::string>>;

std::string WriteOk(const Sheet& sheet) {
  Result<std::string> bytes = WriteXlsx(sheet);
  EXPECT_TRUE(bytes.ok()) << (bytes.ok() ? "" : bytes.error().internal);
  return bytes.ok() ? *bytes : std::string();
}

std::string Part(const std::string& xlsx, const std::string& name) {
  auto zip = ZipArchive::Open(xlsx, 64 << 20, 100);
  EXPECT_TRUE(zip.ok());
  if (!zip.ok()) return "";
  Result<std::string> part = (*zip)->Read(name);
  EXPECT_TRUE(part.ok()) << name;
  return part.ok() ? *part : "";
}

Sheet PeopleSheet() {
  Sheet sheet;
  sheet.name = "人员名单";
  sheet.header = {"姓名", "手机", "身份证号", "备注", "编号"};
  sheet.rows = {
      {"张三", "13800000000", "110101199001011234", "", "0012"},
      {"李四", "", "", "多行\n文本", "=1+1"},
      {"", "", "", "", ""},
      {"王五 (Wang)", "+86 138 0000 0000", "", "", "1.50"},
      {"赵六"},
  };
  sheet.column_widths = {12, 20};
  return sheet;
}

TEST(WriteXlsxTest, RoundTripsCells) {
  std::string bytes = WriteOk(PeopleSheet());
  ASSERT_TRUE(bytes.starts_with("PK\x03\x04"));
  Result<Table> table = ReadXlsx(bytes);
  ASSERT_TRUE(table.ok()) << table.error().internal;
  Rows want = {
      {"姓名", "手机", "身份证号", "备注", "编号"},
      {"张三", "13800000000", "110101199001011234", "", "0012"},
      {"李四", "", "", "多行\n文本", "=1+1"},
      {"", "", "", "", ""},
      {"王五 (Wang)", "+86 138 0000 0000", "", "", "1.50"},
      {"赵六", "", "", "", ""},
  };
  EXPECT_EQ(table->rows, want);
}

TEST(WriteXlsxTest, WritesTextCellsBoldFrozenHeaderAndWidths) {
  std::string bytes = WriteOk(PeopleSheet());
  std::string sheet_xml = Part(bytes, "xl/worksheets/sheet1.xml");
  // Digits are text, not numbers; nothing is a formula.
  EXPECT_EQ(sheet_xml.find("<v>13800000000</v>"), std::string::npos);
  EXPECT_NE(sheet_xml.find("13800000000"), std::string::npos);
  EXPECT_EQ(sheet_xml.find("<f>"), std::string::npos);
  EXPECT_NE(sheet_xml.find("state=\"frozen\""), std::string::npos);
  EXPECT_NE(sheet_xml.find("ySplit=\"1\""), std::string::npos);
  // Width 20 characters is stored with Excel's padding as 20.7109375.
  EXPECT_NE(sheet_xml.find("width=\"20.7109375\""), std::string::npos);
  EXPECT_NE(Part(bytes, "xl/styles.xml").find("<b/>"), std::string::npos);
  EXPECT_NE(Part(bytes, "xl/workbook.xml").find("name=\"人员名单\""),
            std::string::npos);
}

TEST(WriteXlsxTest, SanitizesSheetNameAndText) {
  Sheet sheet;
  sheet.name = "'2024/01 [导出]: 人员*?'";
  sheet.rows = {{std::string("bad\xFFutf8"), std::string("ctl\x01\x1F!"),
                 std::string(40000, 'a')}};
  std::string bytes = WriteOk(sheet);
  EXPECT_NE(
      Part(bytes, "xl/workbook.xml").find("name=\"2024_01 _导出__ 人员__\""),
      std::string::npos);
  Result<Table> table = ReadXlsx(bytes);
  ASSERT_TRUE(table.ok()) << table.error().internal;
  ASSERT_EQ(table->rows.size(), 1u);
  EXPECT_EQ(table->rows[0][0], "bad\xEF\xBF\xBDutf8");
  EXPECT_EQ(table->rows[0][1], "ctl!");
  EXPECT_EQ(table->rows[0][2], std::string(32767, 'a'));
}

TEST(WriteXlsxTest, EmptySheetIsValid) {
  std::string bytes = WriteOk(Sheet{});
  Result<Table> table = ReadXlsx(bytes);
  ASSERT_TRUE(table.ok()) << table.error().internal;
  EXPECT_TRUE(table->rows.empty());
  EXPECT_NE(Part(bytes, "xl/workbook.xml").find("name=\"Sheet1\""),
            std::string::npos);
}

TEST(WriteXlsxTest, RemovesItsTemporaryFiles) {
  std::filesystem::path dir =
      std::filesystem::path(::testing::TempDir()) / "xlsx_writer_tmp";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  const char* old = getenv("TMPDIR");
  std::string saved = old != nullptr ? old : "";
  setenv("TMPDIR", dir.c_str(), 1);
  Result<std::string> bytes = WriteXlsx(PeopleSheet());
  if (old != nullptr) {
    setenv("TMPDIR", saved.c_str(), 1);
  } else {
    unsetenv("TMPDIR");
  }
  EXPECT_TRUE(bytes.ok());
  EXPECT_TRUE(std::filesystem::is_empty(dir));
  std::filesystem::remove_all(dir);
}

TEST(WriteXlsxTest, WorksFromSeveralThreads) {
  std::vector<int> round_trips(4, 0);
  std::vector<std::thread> threads;
  for (size_t t = 0; t < round_trips.size(); ++t) {
    threads.emplace_back([t, &round_trips] {
      Sheet sheet;
      sheet.header = {"线程", "序号"};
      for (int i = 0; i < 200; ++i) {
        sheet.rows.push_back({std::to_string(t), std::to_string(i)});
      }
      for (int k = 0; k < 5; ++k) {
        Result<std::string> bytes = WriteXlsx(sheet);
        if (!bytes.ok()) continue;
        Result<Table> table = ReadXlsx(*bytes);
        if (table.ok() && table->rows.size() == 201 &&
            table->rows[200][0] == std::to_string(t)) {
          ++round_trips[t];
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(round_trips, (std::vector<int>{5, 5, 5, 5}));
}

TEST(WriteXlsxTest, RejectsTooManyColumns) {
  Sheet sheet;
  sheet.header.resize(16385, "x");
  Result<std::string> bytes = WriteXlsx(sheet);
  ASSERT_FALSE(bytes.ok());
  EXPECT_EQ(bytes.error().code, Code::kTooLarge);
}

}  // namespace
}  // namespace duxing::tabular
