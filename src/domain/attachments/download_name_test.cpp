// Download names carry an extension of the type the bytes were found to be.
#include "domain/attachments/download_name.hpp"

#include <gtest/gtest.h>

namespace duxing::domain::attachments {
namespace {

TEST(DownloadNameTest, KeepsAFittingExtensionAndReplacesAContradictingOne) {
  constexpr std::string_view kDocx =
      "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
  EXPECT_EQ(DownloadName("报告.pdf", "application/pdf"), "报告.pdf");
  EXPECT_EQ(DownloadName("报告.PDF", "application/pdf"), "报告.PDF");
  EXPECT_EQ(DownloadName("报告.html", "application/pdf"), "报告.pdf");
  EXPECT_EQ(DownloadName("报告.pdf", kDocx), "报告.docx");
  EXPECT_EQ(DownloadName("报告", kDocx), "报告.docx");
  EXPECT_EQ(DownloadName("photo.jpeg", "image/jpeg"), "photo.jpeg");
  EXPECT_EQ(DownloadName("photo.svg", "image/png"), "photo.png");
  EXPECT_EQ(DownloadName("名单.csv", "text/plain; charset=utf-8"), "名单.csv");
  EXPECT_EQ(DownloadName("page.html", "text/plain; charset=utf-8"), "page.txt");
  EXPECT_EQ(DownloadName(".bashrc", "text/plain; charset=utf-8"), ".bashrc.txt");
  EXPECT_EQ(DownloadName("x.bin", "application/unknown"), "x.bin");
}

}  // namespace
}  // namespace duxing::domain::attachments
