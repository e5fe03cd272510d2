// Personal metadata removed from .docx and PDF files (blind review).
#include "domain/attachments/document_scrub.hpp"

#include <gtest/gtest.h>
#include <minizip/zip.h>
#include <unistd.h>
#include <zlib.h>

#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include "tabular/zip_archive.hpp"

namespace duxing::domain::attachments {
namespace {

std::string TempPath(const std::string& name) {
  return ::testing::TempDir() + "/scrub-" + std::to_string(::getpid()) + "-" + name;
}

std::string ReadFile(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::ostringstream out;
  out << f.rdbuf();
  return out.str();
}

void WriteFile(const std::string& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
}

void WriteZip(const std::string& path, const std::map<std::string, std::string>& entries) {
  zipFile zf = zipOpen64(path.c_str(), APPEND_STATUS_CREATE);
  ASSERT_NE(zf, nullptr);
  for (const auto& [name, bytes] : entries) {
    zip_fileinfo info{};
    ASSERT_EQ(zipOpenNewFileInZip64(zf, name.c_str(), &info, nullptr, 0, nullptr, 0, nullptr,
                                    Z_DEFLATED, Z_DEFAULT_COMPRESSION, 0),
              ZIP_OK);
    ASSERT_EQ(zipWriteInFileInZip(zf, bytes.data(), static_cast<unsigned>(bytes.size())), ZIP_OK);
    ASSERT_EQ(zipCloseFileInZip(zf), ZIP_OK);
  }
  ASSERT_EQ(zipClose(zf, nullptr), ZIP_OK);
}

std::map<std::string, std::string> ReadZip(const std::string& path) {
  std::string bytes = ReadFile(path);
  auto zip = tabular::ZipArchive::Open(bytes, 1 << 20, 100);
  EXPECT_TRUE(zip.ok());
  std::map<std::string, std::string> out;
  auto names = (*zip)->Names();
  EXPECT_TRUE(names.ok());
  for (const auto& n : *names) out[n] = *(*zip)->Read(n);
  return out;
}

TEST(DocumentScrubTest, DocxLosesAuthorsCompanyAndExternalTargetsButKeepsItsText) {
  const std::string in = TempPath("in.docx"), out = TempPath("out.docx");
  WriteZip(in, {
    {"[Content_Types].xml", "<?xml version=\"1.0\"?><Types/>"},
    {"docProps/core.xml",
     "<cp:coreProperties xmlns:cp=\"c\" xmlns:dc=\"d\"><dc:creator>钱党员</dc:creator>"
     "<cp:lastModifiedBy>钱党员</cp:lastModifiedBy></cp:coreProperties>"},
    {"docProps/app.xml", "<Properties><Company>市统计局</Company><Manager>赵书记</Manager></Properties>"},
    {"word/document.xml",
     "<w:document xmlns:w=\"w\"><w:body><w:p><w:ins w:id=\"1\" w:author=\"钱党员\" "
     "w:date=\"2021-05-01T00:00:00Z\"><w:r><w:t>规上工业增速 a=\"b\"</w:t></w:r></w:ins>"
     "</w:p><!-- w:author=\"kept in a comment\" --></w:body></w:document>"},
    {"word/comments.xml",
     "<w:comments xmlns:w=\"w\"><w:comment w:id='0' w:author='钱党员' w:initials='QDY'>"
     "<w:p><w:r><w:t>请核对</w:t></w:r></w:p></w:comment></w:comments>"},
    {"word/people.xml",
     "<w15:people xmlns:w15=\"x\"><w15:person w15:author=\"钱党员\"><w15:presenceInfo "
     "w15:providerId=\"AD\" w15:userId=\"S::qian@tjj.gov.cn\"/></w15:person></w15:people>"},
    {"word/_rels/settings.xml.rels",
     "<Relationships><Relationship Id=\"rId1\" Type=\"http://x/attachedTemplate\" "
     "Target=\"file:///C:/Users/qian/Templates/Normal.dotm\" TargetMode=\"External\"/>"
     "</Relationships>"},
    {"word/_rels/document.xml.rels",
     "<Relationships><Relationship Id=\"rId2\" Type=\"http://x/hyperlink\" "
     "Target=\"https://www.stats.gov.cn/\" TargetMode=\"External\"/>"
     "<Relationship Id=\"rId3\" Type=\"http://x/hyperlink\" Target=\"\\\\qian-pc\\share\" "
     "TargetMode=\"External\"/><Relationship Id=\"rId4\" Type=\"http://x/image\" "
     "Target=\"http://tracker.example/p.png\" TargetMode=\"External\"/>"
     "<Relationship Id=\"rId5\" Type=\"http://x/styles\" Target=\"styles.xml\"/></Relationships>"},
    {"word/media/image1.png", std::string("\x89PNG\r\n\x1a\n", 8)},
  });
  ASSERT_TRUE(ScrubDocx(in, out).ok());
  auto entries = ReadZip(out);
  ASSERT_EQ(entries.size(), 9u);
  for (const auto& [name, bytes] : entries) {
    for (std::string personal : {"钱党员", "QDY", "qian", "市统计局", "赵书记"}) {
      EXPECT_EQ(bytes.find(personal), std::string::npos) << personal << " in " << name << ": " << bytes;
    }
  }
  const std::string& doc = entries["word/document.xml"];
  EXPECT_NE(doc.find("w:author=\"评审稿\""), std::string::npos) << doc;
  EXPECT_NE(doc.find("w:date=\"2021-05-01T00:00:00Z\""), std::string::npos);
  EXPECT_NE(doc.find("<w:t>规上工业增速 a=\"b\"</w:t>"), std::string::npos) << "text untouched";
  EXPECT_NE(doc.find("<!-- w:author=\"kept in a comment\" -->"), std::string::npos);
  EXPECT_NE(entries["word/comments.xml"].find("w:initials='评审稿'"), std::string::npos);
  EXPECT_NE(entries["word/people.xml"].find("w15:providerId=\"AD\""), std::string::npos);
  const std::string& rels = entries["word/_rels/document.xml.rels"];
  EXPECT_NE(rels.find("Target=\"https://www.stats.gov.cn/\""), std::string::npos) << rels;
  EXPECT_NE(rels.find("Id=\"rId3\" Type=\"http://x/hyperlink\" Target=\"about:blank\""),
            std::string::npos) << rels;
  EXPECT_NE(rels.find("Id=\"rId4\" Type=\"http://x/image\" Target=\"about:blank\""),
            std::string::npos) << rels;
  EXPECT_NE(rels.find("Target=\"styles.xml\""), std::string::npos);
  EXPECT_NE(entries["word/_rels/settings.xml.rels"].find("Target=\"about:blank\""),
            std::string::npos);
  EXPECT_EQ(entries["word/media/image1.png"], std::string("\x89PNG\r\n\x1a\n", 8));
}

TEST(DocumentScrubTest, DocxThatIsNotAZipOrInflatesTooFarIsRefused) {
  const std::string in = TempPath("bad.docx"), out = TempPath("bad-out.docx");
  WriteFile(in, "PK\x03\x04 not really a zip");
  auto bad = ScrubDocx(in, out);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, Code::kFailedPrecondition);
  EXPECT_EQ(bad.error().field, "file");
  // 200 MB of zeros deflate to about 200 KB: past kMaxScrubUncompressed.
  std::string zeros(kMaxScrubUncompressed / 2 + 1, '\0');
  WriteZip(in, {{"word/a.bin", zeros}, {"word/b.bin", zeros}});
  auto bomb = ScrubDocx(in, out);
  ASSERT_FALSE(bomb.ok());
  EXPECT_EQ(bomb.error().code, Code::kTooLarge);
}

TEST(DocumentScrubTest, PdfInfoAndXmpAreBlankedInPlaceKeepingEveryOffset) {
  const std::string pdf =
      "%PDF-1.4\n"
      "1 0 obj\n<< /Title (Report \\(draft\\)) /Author (Zhao Shuji) /Creator <FEFF8D75> "
      "/CreationDate (D:20210501) /Nested << /Author (kept) >> >>\nendobj\n"
      "2 0 obj\n<< /Type /Metadata /Subtype /XML /Length 120 >>\nstream\n"
      "<?xpacket begin=\"\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?><x:xmpmeta><dc:creator>Zhao Shuji"
      "</dc:creator></x:xmpmeta>                                <?xpacket end=\"w\"?>\n"
      "endstream\nendobj\n"
      "3 0 obj\n<< /Type /Outlines /Title (Chapter One) >>\nendobj\n"
      "trailer\n<< /Info 1 0 R /Root 4 0 R >>\n%%EOF\n";
  std::string out = pdf;
  ASSERT_TRUE(ScrubPdf(out).ok());
  ASSERT_EQ(out.size(), pdf.size());
  EXPECT_EQ(out.find("Zhao"), std::string::npos) << out;
  EXPECT_EQ(out.find("8D75"), std::string::npos) << out;
  EXPECT_NE(out.find("/Title (" + std::string(16, ' ') + ")"), std::string::npos) << out;
  EXPECT_NE(out.find("/CreationDate (D:20210501)"), std::string::npos) << "dates stay";
  EXPECT_NE(out.find("/Nested << /Author (kept) >>"), std::string::npos) << "own keys only";
  EXPECT_NE(out.find("/Title (Chapter One)"), std::string::npos) << "bookmarks stay";
  EXPECT_NE(out.find("<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"/>"), std::string::npos);
  EXPECT_NE(out.find("<?xpacket end=\"w\"?>"), std::string::npos);
}

TEST(DocumentScrubTest, PdfWhoseCompressedObjectsNameAnAuthorIsRefused) {
  auto with_object_stream = [](const std::string& objects) {
    uLongf n = compressBound(objects.size());
    std::string z(n, '\0');
    compress(reinterpret_cast<Bytef*>(z.data()), &n,
             reinterpret_cast<const Bytef*>(objects.data()), objects.size());
    z.resize(n);
    return "%PDF-1.5\n5 0 obj\n<< /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length " +
           std::to_string(z.size()) + " >>\nstream\n" + z + "\nendstream\nendobj\n%%EOF\n";
  };
  std::string named = with_object_stream("1 0 << /Author (Zhao Shuji) >>");
  auto refused = ScrubPdf(named);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, Code::kFailedPrecondition);
  EXPECT_EQ(refused.error().field, "file");
  EXPECT_NE(refused.error().message.find("文档属性"), std::string::npos);
  std::string anonymous = with_object_stream("1 0 << /Author () /Producer (WPS) >>");
  EXPECT_TRUE(ScrubPdf(anonymous).ok());
}

}  // namespace
}  // namespace duxing::domain::attachments
