#include "tabular/zip_archive.hpp"

#include <gtest/gtest.h>
#include <minizip/zip.h>
#include <zlib.h>

#include <string>

#include "testing/temp_files.hpp"

namespace duxing::tabular {
namespace {

// Raw deflate of `data` (what a zip entry holds).
std::string Deflate(const std::string& data) {
  z_stream z{};
  EXPECT_EQ(deflateInit2(&z, 9, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY), Z_OK);
  std::string out(deflateBound(&z, data.size()), '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(deflate(&z, Z_FINISH), Z_STREAM_END);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

// A zip archive with one entry "x.xml" holding `content`, whose headers
// declare `declared_size` uncompressed bytes (a lie when they differ).
std::string LyingZip(const std::string& content, uint64_t declared_size) {
  std::string path = test::NewTempFile("zip_archive_test");
  zipFile zf = zipOpen64(path.c_str(), APPEND_STATUS_CREATE);
  zip_fileinfo info{};
  EXPECT_EQ(zipOpenNewFileInZip2_64(zf, "x.xml", &info, nullptr, 0, nullptr, 0,
                                    nullptr, Z_DEFLATED, 9, /*raw=*/1,
                                    /*zip64=*/declared_size > 0xFFFFFFFFu),
            ZIP_OK);
  std::string packed = Deflate(content);
  EXPECT_EQ(zipWriteInFileInZip(zf, packed.data(),
                                static_cast<unsigned>(packed.size())),
            ZIP_OK);
  uLong crc = crc32(0, reinterpret_cast<const Bytef*>(content.data()),
                    static_cast<uInt>(content.size()));
  EXPECT_EQ(zipCloseFileInZipRaw64(zf, declared_size, crc), ZIP_OK);
  EXPECT_EQ(zipClose(zf, nullptr), ZIP_OK);
  return test::TakeFileBytes(path);
}

TEST(ZipArchiveTest, ReadsAnHonestEntry) {
  std::string bytes = LyingZip("<a/>", 4);
  auto zip = ZipArchive::Open(bytes, 1 << 20, 10);
  ASSERT_TRUE(zip.ok()) << zip.error().internal;
  Result<std::string> part = (*zip)->Read("x.xml");
  ASSERT_TRUE(part.ok()) << part.error().internal;
  EXPECT_EQ(*part, "<a/>");
  EXPECT_EQ((*zip)->total_read(), 4u);
}

TEST(ZipArchiveTest, CountsBytesAsTheyInflateNotAsDeclared) {
  // Declares 10 bytes, inflates to 8 MiB: stopped at the 64 KiB budget, or
  // at the declared size, never read whole.
  std::string bytes = LyingZip(std::string(8u << 20, 'a'), 10);
  auto zip = ZipArchive::Open(bytes, 64 << 10, 10);
  ASSERT_TRUE(zip.ok());
  Result<std::string> part = (*zip)->Read("x.xml");
  ASSERT_FALSE(part.ok());
  EXPECT_LE((*zip)->total_read(), 64u << 10);

  // Declares 10 bytes, inflates to 100 within the budget: corrupt.
  bytes = LyingZip(std::string(100, 'a'), 10);
  zip = ZipArchive::Open(bytes, 1 << 20, 10);
  ASSERT_TRUE(zip.ok());
  part = (*zip)->Read("x.xml");
  ASSERT_FALSE(part.ok());
  EXPECT_EQ(part.error().code, Code::kInvalidArgument);
}

TEST(ZipArchiveTest, RefusesADeclaredSizePastTheBudgetWithoutAllocatingIt) {
  // Declares 6 GiB for 5 bytes: refused before anything is allocated.
  std::string bytes = LyingZip("<a/>!", 6ull << 30);
  auto zip = ZipArchive::Open(bytes, 64 << 20, 10);
  ASSERT_TRUE(zip.ok()) << zip.error().internal;
  Result<std::string> part = (*zip)->Read("x.xml");
  ASSERT_FALSE(part.ok());
  EXPECT_EQ(part.error().code, Code::kTooLarge);
  EXPECT_EQ((*zip)->total_read(), 0u);
}

TEST(ZipArchiveTest, CapsTheNumberOfEntries) {
  std::string bytes = LyingZip("<a/>", 4);
  auto zip = ZipArchive::Open(bytes, 1 << 20, 0);
  ASSERT_FALSE(zip.ok());
  EXPECT_EQ(zip.error().code, Code::kTooLarge);
}

}  // namespace
}  // namespace duxing::tabular
