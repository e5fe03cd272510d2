// Attachments: type sniffing, spooling with limits, content-addressed storage
// (dedup, ranges), record rights and the sweep, on every engine.
#include "domain/attachments/attachment.hpp"

#include <gtest/gtest.h>
#include <minizip/zip.h>
#include <sodium.h>

#include <cstdio>
#include <fstream>

#include "domain/attachments/image.hpp"
#include "domain/people/person_attachments.hpp"
#include "storage/migrate.hpp"
#include "tabular/xlsx_writer.hpp"
#include "testing/migrated_database.hpp"
#include "testing/result_matchers.hpp"
#include "testing/test_databases.hpp"

namespace duxing::domain::attachments {
namespace {

using test::Describe;
using test::ExpectError;

// Spools `bytes` as one upload named `name`.
Result<std::unique_ptr<SpooledFile>> Spool(const std::string& name, const std::string& bytes,
                                           const UploadLimits& limits = {}) {
  DX_ASSIGN_OR_RETURN(auto f, SpooledFile::Create(name, limits));
  for (size_t i = 0; i < bytes.size(); i += 10000) {
    DX_RETURN_IF_ERROR(f->Append(std::string_view(bytes).substr(i, 10000)));
  }
  DX_RETURN_IF_ERROR(f->Finish());
  return f;
}

std::optional<std::string> TypeOf(const std::string& bytes) {
  auto f = Spool("f", bytes);
  if (!f.ok()) return std::nullopt;
  return (*f)->media_type().type;
}

// A zip of the given entries (name → content), built with minizip.
std::string Zip(const std::vector<std::pair<std::string, std::string>>& entries) {
  std::string path = ::testing::TempDir() + "/zip-" + std::to_string(::getpid()) + ".zip";
  zipFile z = zipOpen64(path.c_str(), APPEND_STATUS_CREATE);
  for (const auto& [name, content] : entries) {
    zipOpenNewFileInZip64(z, name.c_str(), nullptr, nullptr, 0, nullptr, 0, nullptr, Z_DEFLATED,
                          Z_DEFAULT_COMPRESSION, 0);
    zipWriteInFileInZip(z, content.data(), static_cast<unsigned>(content.size()));
    zipCloseFileInZip(z);
  }
  zipClose(z, nullptr);
  std::ifstream in(path, std::ios::binary);
  std::string out((std::istreambuf_iterator<char>(in)), {});
  std::remove(path.c_str());
  return out;
}

// A 16x12 red JPEG without metadata, made with libvips.
std::string TinyJpeg() {
  const std::string b64 = "/9j/2wBDAAgGBgcGBQgHBwcJCQgKDBQNDAsLDBkSEw8UHRofHh0aHBwgJC4nICIsIxwcKDcpLDAxNDQ0Hyc5PTgyPC4zNDL/2wBDAQkJCQwLDBgNDRgyIRwhMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjL/wAARCAAMABADASIAAhEBAxEB/8QAHwAAAQUBAQEBAQEAAAAAAAAAAAECAwQFBgcICQoL/8QAtRAAAgEDAwIEAwUFBAQAAAF9AQIDAAQRBRIhMUEGE1FhByJxFDKBkaEII0KxwRVS0fAkM2JyggkKFhcYGRolJicoKSo0NTY3ODk6Q0RFRkdISUpTVFVWV1hZWmNkZWZnaGlqc3R1dnd4eXqDhIWGh4iJipKTlJWWl5iZmqKjpKWmp6ipqrKztLW2t7i5usLDxMXGx8jJytLT1NXW19jZ2uHi4+Tl5ufo6erx8vP09fb3+Pn6/8QAHwEAAwEBAQEBAQEBAQAAAAAAAAECAwQFBgcICQoL/8QAtREAAgECBAQDBAcFBAQAAQJ3AAECAxEEBSExBhJBUQdhcRMiMoEIFEKRobHBCSMzUvAVYnLRChYkNOEl8RcYGRomJygpKjU2Nzg5OkNERUZHSElKU1RVVldYWVpjZGVmZ2hpanN0dXZ3eHl6goOEhYaHiImKkpOUlZaXmJmaoqOkpaanqKmqsrO0tba3uLm6wsPExcbHyMnK0tPU1dbX2Nna4uPk5ebn6Onq8vP09fb3+Pn6/9oADAMBAAIRAxEAPwDkKKKK8U/TD//Z";
  std::string jpeg(b64.size(), '\0');
  size_t len = 0;
  EXPECT_EQ(sodium_base642bin(reinterpret_cast<unsigned char*>(jpeg.data()), jpeg.size(),
                              b64.data(), b64.size(), nullptr, &len, nullptr,
                              sodium_base64_VARIANT_ORIGINAL),
            0);
  jpeg.resize(len);
  return jpeg;
}

// TinyJpeg whose frame header claims `width` x `height` pixels: its scan
// data ends long before, which libjpeg answers with grey rows (a few hundred
// bytes that decode to gigapixels).
std::string JpegClaiming(int width, int height) {
  std::string jpeg = TinyJpeg();
  for (size_t i = 2; i + 9 < jpeg.size();) {
    auto byte = [&](size_t at) { return static_cast<unsigned char>(jpeg[at]); };
    if (byte(i + 1) == 0xC0) {
      jpeg[i + 5] = static_cast<char>(height >> 8);
      jpeg[i + 6] = static_cast<char>(height & 255);
      jpeg[i + 7] = static_cast<char>(width >> 8);
      jpeg[i + 8] = static_cast<char>(width & 255);
      return jpeg;
    }
    i += 2 + (byte(i + 2) << 8 | byte(i + 3));
  }
  ADD_FAILURE() << "TinyJpeg has no SOF0 segment";
  return jpeg;
}

// A GIF of one `width` x `height` frame whose data is a few bytes (libvips
// allocated the whole frame: 20000 x 20000 took 1.6 GB, 65535 x 65535 17 GB).
std::string GifClaiming(int width, int height) {
  std::string size{char(width & 255), char(width >> 8), char(height & 255), char(height >> 8)};
  std::string gif = "GIF89a" + size + std::string("\x80\0\0", 3);
  gif += std::string("\0\0\0\xFF\xFF\xFF", 6);      // a global table of two colours
  gif += std::string("\x2C\0\0\0\0", 5) + size + std::string(1, '\0');  // the frame
  gif += std::string("\x02\x02\x4C\x01\0\x3B", 6);
  return gif;
}

// A small JPEG with an EXIF APP1 segment holding a GPS IFD (latitude ref "N"
// and the marker text "GPSPOS").
std::string JpegWithGps() {
  std::string jpeg = TinyJpeg();
  // TIFF (little endian): IFD0 with GPSInfo (0x8825) → GPS IFD with
  // GPSLatitudeRef "N" and GPSMapDatum "GPSPOS".
  std::string tiff("II*\0\x08\0\0\0", 8);
  auto u16 = [](int v) { return std::string{char(v & 255), char(v >> 8)}; };
  auto u32 = [](int v) {
    return std::string{char(v & 255), char((v >> 8) & 255), char((v >> 16) & 255), char(v >> 24)};
  };
  tiff += u16(1) + u16(0x8825) + u16(4) + u32(1) + u32(26) + u32(0);  // IFD0 at 8, ends at 26
  tiff += u16(2) + u16(0x0001) + u16(2) + u32(2) + std::string("N\0\0\0", 4);
  tiff += u16(0x0012) + u16(2) + u32(7) + u32(26 + 2 + 24 + 4);
  tiff += u32(0) + std::string("GPSPOS\0", 7);
  std::string app1 = "Exif" + std::string("\0\0", 2) + tiff;
  std::string segment = "\xFF\xE1" + std::string{char((app1.size() + 2) >> 8), char((app1.size() + 2) & 255)} +
                        app1;
  return jpeg.substr(0, 2) + segment + jpeg.substr(2);
}

TEST(ContentSniffer, DecidesFromTheBytes) {
  EXPECT_EQ(TypeOf("\xFF\xD8\xFF\xE0 not really"), std::nullopt);  // JPEG that libvips refuses
  EXPECT_EQ(TypeOf("%PDF-1.7\n..."), "application/pdf");
  EXPECT_EQ(TypeOf("GIF89a\x01\x00\x01\x00"), "image/gif");
  EXPECT_EQ(TypeOf("党史学习教育总结\n第二行\r\n"), "text/plain; charset=utf-8");
  EXPECT_EQ(TypeOf(std::string("text with NUL\0", 14)), std::nullopt);
  EXPECT_EQ(TypeOf("\xC0\xAF overlong"), std::nullopt);
  EXPECT_EQ(TypeOf("\xED\xA0\x80 surrogate"), std::nullopt);
  EXPECT_EQ(TypeOf("cut \xE5\x85"), std::nullopt);
  EXPECT_EQ(TypeOf("MZ\x90\x00 an executable"), std::nullopt);
  EXPECT_EQ(TypeOf(""), std::nullopt);
  std::string ole("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8);
  ole += std::string(600, '\0');
  for (char c : std::string("WordDocument")) ole += std::string{c, '\0'};
  EXPECT_EQ(TypeOf(ole), "application/msword");
  EXPECT_EQ(TypeOf(std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) + std::string(600, 'x')),
            std::nullopt);
  tabular::Sheet sheet;
  sheet.header = {"姓名"};
  sheet.rows = {{"张三"}};
  auto xlsx = tabular::WriteXlsx(sheet);
  ASSERT_TRUE(xlsx.ok());
  EXPECT_EQ(TypeOf(*xlsx), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  EXPECT_EQ(TypeOf(Zip({{"[Content_Types].xml", "<Types/>"}, {"word/document.xml", "<w/>"}})),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document");
  EXPECT_EQ(TypeOf(Zip({{"[Content_Types].xml", "<Types/>"}, {"ppt/presentation.xml", "<p/>"}})),
            "application/vnd.openxmlformats-officedocument.presentationml.presentation");
  EXPECT_EQ(TypeOf(Zip({{"word/document.xml", "<w/>"}})), std::nullopt);  // no content types
  EXPECT_EQ(TypeOf(Zip({{"[Content_Types].xml", "<Types/>"}, {"x.bin", "x"}})), std::nullopt);
}

TEST(SpooledFile, RefusesAnUnknownTypeNamingTheFile) {
  auto f = Spool("病毒.exe", "MZ\x90\x00 an executable");
  ASSERT_FALSE(f.ok());
  EXPECT_EQ(f.error().code, Code::kFailedPrecondition);
  EXPECT_NE(f.error().message.find("病毒.exe"), std::string::npos) << f.error().message;
}

TEST(SpooledFile, StopsAtTheLimitOfTheKindAsBytesArrive) {
  UploadLimits limits;
  limits.max_bytes[FileKind::kPdf] = 1000;
  auto f = SpooledFile::Create("大.pdf", limits);
  ASSERT_TRUE(f.ok());
  ASSERT_TRUE((*f)->Append("%PDF-1.7\n").ok());
  ASSERT_TRUE((*f)->Append(std::string(900, 'x')).ok());
  auto over = (*f)->Append(std::string(200, 'x'));
  ASSERT_FALSE(over.ok());
  EXPECT_EQ(over.error().code, Code::kTooLarge);
  EXPECT_NE(over.error().message.find("大.pdf"), std::string::npos);
  // Text keeps its own (default) limit.
  EXPECT_TRUE(Spool("a.txt", std::string(5000, 'a'), limits).ok());
}

TEST(SpooledFile, HashesTheBytes) {
  auto f = Spool("a.txt", "abc");
  ASSERT_TRUE(f.ok());
  EXPECT_EQ((*f)->sha256_hex(),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ((*f)->size(), 3);
}

TEST(SpooledFile, StripsGpsFromPhotos) {
  std::string jpeg = JpegWithGps();
  ASSERT_NE(jpeg.find("GPSPOS"), std::string::npos);
  auto f = Spool("照片.jpg", jpeg);
  ASSERT_TRUE(f.ok()) << Describe(f.error());
  EXPECT_EQ((*f)->media_type().type, "image/jpeg");
  std::ifstream in((*f)->path(), std::ios::binary);
  std::string stored((std::istreambuf_iterator<char>(in)), {});
  EXPECT_EQ(stored.find("GPSPOS"), std::string::npos);
  EXPECT_EQ(stored.find("Exif"), std::string::npos);
  EXPECT_EQ(static_cast<int64_t>(stored.size()), (*f)->size());
  auto thumb = MakeThumbnail(stored, 16);
  ASSERT_TRUE(thumb.ok()) << Describe(thumb.error());
  EXPECT_EQ(thumb->substr(0, 3), "\xFF\xD8\xFF");
}

TEST(SpooledFile, RefusesImagesOfTooManyPixelsBeforeDecodingThem) {
  // 10000 x 10000 = 100 million pixels from a few hundred bytes: decoding it
  // to strip its metadata took seconds of a worker (65500 x 65500: minutes,
  // and gigabytes of temporary disk with an EXIF orientation) and stored a
  // file larger than the upload limit.
  for (const auto& [name, bytes] :
       std::vector<std::pair<std::string, std::string>>{{"巨图.jpg", JpegClaiming(10000, 10000)},
                                                        {"巨图.gif", GifClaiming(10000, 10000)}}) {
    auto f = Spool(name, bytes);
    ASSERT_FALSE(f.ok()) << name;
    EXPECT_EQ(f.error().code, Code::kFailedPrecondition) << name;
    EXPECT_EQ(f.error().field, "file");
    EXPECT_NE(f.error().message.find(name), std::string::npos) << f.error().message;
    EXPECT_NE(f.error().message.find("像素"), std::string::npos) << f.error().message;
  }
  // A 12-megapixel photo is still taken.
  auto ok = Spool("照片.jpg", JpegClaiming(4000, 3000));
  ASSERT_TRUE(ok.ok()) << Describe(ok.error());
}

TEST(MakeThumbnail, RefusesImagesOfTooManyPixels) {
  // Stored before the limit existed: the thumbnail must not decode them.
  for (const std::string& bytes : {JpegClaiming(30000, 30000), GifClaiming(10000, 10000)}) {
    auto thumb = MakeThumbnail(bytes, 240);
    ASSERT_FALSE(thumb.ok());
    EXPECT_EQ(thumb.error().code, Code::kFailedPrecondition);
  }
  EXPECT_TRUE(MakeThumbnail(TinyJpeg(), 240).ok());
}

TEST(CleanFileName, KeepsTheNameWithoutPathsOrControls) {
  EXPECT_EQ(*CleanFileName("C:\\Users\\张三\\党史.docx"), "党史.docx");
  EXPECT_EQ(*CleanFileName("../../etc/passwd"), "passwd");
  EXPECT_EQ(*CleanFileName(""), "未命名");
  EXPECT_FALSE(CleanFileName("a\nb.txt").ok());
  EXPECT_FALSE(CleanFileName("\xff.txt").ok());
  EXPECT_FALSE(CleanFileName(std::string(256, 'a')).ok());
}

class AttachmentServiceTest : public test::MigratedDatabaseTest {
 protected:
  void SetUp() override {
    test::MigratedDatabaseTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    people::DeclarePersonAttachments(rights_);
    service_ = std::make_unique<AttachmentService>(clean_->db(), store_, rights_);
    for (const char* sql : {
             "INSERT INTO orgs (id, parent_id, name, kind, path, created_at, updated_at) VALUES "
             "(1, NULL, '局', 'party_committee', '/1/', 'x', 'x')",
             "INSERT INTO orgs (id, parent_id, name, kind, path, created_at, updated_at) VALUES "
             "(2, 1, '一支部', 'branch', '/1/2/', 'x', 'x')",
             "INSERT INTO orgs (id, parent_id, name, kind, path, created_at, updated_at) VALUES "
             "(3, 1, '二支部', 'branch', '/1/3/', 'x', 'x')",
             "INSERT INTO people (id, name, category, org_id, created_at, updated_at) VALUES "
             "(10, '张三', 'member', 2, 'x', 'x')",
             "INSERT INTO accounts (id, username, display_name, password_hash, created_at, "
             "updated_at) VALUES (1, 'sec2', '一支部书记', 'x', 'x', 'x')",
             "INSERT INTO accounts (id, username, display_name, password_hash, created_at, "
             "updated_at) VALUES (2, 'sec3', '二支部书记', 'x', 'x', 'x')",
             "INSERT INTO accounts (id, username, display_name, password_hash, created_at, "
             "updated_at) VALUES (3, 'leader', '局领导', 'x', 'x', 'x')"}) {
      Exec(sql);
    }
    sec2_.account_id = 1;
    sec2_.grants.push_back({auth::Role::kBranchSecretary, 2, "/1/2/", "一支部"});
    sec3_.account_id = 2;
    sec3_.grants.push_back({auth::Role::kBranchSecretary, 3, "/1/3/", "二支部"});
    leader_.account_id = 3;
    leader_.grants.push_back({auth::Role::kLeader, 1, "/1/", "局"});
    now_ = TimePoint(std::chrono::sys_days(std::chrono::year(2026) / 5 / 4).time_since_epoch());
  }

  void Exec(const std::string& sql) {
    auto tx = clean_->db().Begin(storage::TxMode::kWrite);
    ASSERT_TRUE(tx.ok());
    auto r = (*tx)->Exec(sql, {});
    ASSERT_TRUE(r.ok()) << sql << ": " << Describe(r.error());
    ASSERT_TRUE((*tx)->Commit().ok());
  }
  int64_t Count(const std::string& sql) {
    auto tx = clean_->db().Begin(storage::TxMode::kRead);
    auto row = (*tx)->QueryOne(sql, {});
    EXPECT_TRUE(row.ok()) << Describe(row.error());
    return row.ok() ? row->Int(0) : -1;
  }
  Context As(const auth::Principal& p, TimePoint at = {}) {
    Context c;
    c.principal = &p;
    c.now = at == TimePoint{} ? now_ : at;
    return c;
  }
  std::vector<std::unique_ptr<SpooledFile>> Files(
      const std::vector<std::pair<std::string, std::string>>& named) {
    std::vector<std::unique_ptr<SpooledFile>> out;
    for (const auto& [name, bytes] : named) {
      auto f = Spool(name, bytes);
      EXPECT_TRUE(f.ok());
      if (f.ok()) out.push_back(std::move(f).value());
    }
    return out;
  }

  DatabaseBlobStore store_;
  RecordRights rights_;
  std::unique_ptr<AttachmentService> service_;
  auth::Principal sec2_, sec3_, leader_;
  TimePoint now_;
};

TEST_P(AttachmentServiceTest, SameContentIsStoredOnceAndReadsBackByRange) {
  std::string big;
  for (int i = 0; big.size() < 700000; ++i) big += "第" + std::to_string(i) + "行\n";
  auto saved = service_->Save(As(sec2_), "person", 10,
                              Files({{"a.txt", big}, {"b.txt", big}, {"c.txt", "other"}}));
  ASSERT_TRUE(saved.ok()) << Describe(saved.error());
  ASSERT_EQ(saved->size(), 3u);
  EXPECT_EQ((*saved)[0].blob_hash, (*saved)[1].blob_hash);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM blobs"), 2);
  int64_t chunks = (static_cast<int64_t>(big.size()) + DatabaseBlobStore::kChunkBytes - 1) /
                   DatabaseBlobStore::kChunkBytes;
  EXPECT_EQ(Count("SELECT COUNT(*) FROM blob_chunks"), chunks + 1);
  // Once more in another request: still no new blob.
  ASSERT_TRUE(service_->Save(As(sec2_), "person", 10, Files({{"again.txt", big}})).ok());
  EXPECT_EQ(Count("SELECT COUNT(*) FROM blobs"), 2);
  const Attachment& a = (*saved)[0];
  EXPECT_EQ(a.record_id, 10);
  EXPECT_TRUE(a.attached_at.has_value());
  for (auto [off, len] : std::vector<std::pair<int64_t, int64_t>>{
           {0, 10}, {262140, 10}, {262144, 262144}, {1, 600000}, {699990, 100}}) {
    auto bytes = service_->ReadBytes(a, off, len);
    ASSERT_TRUE(bytes.ok()) << Describe(bytes.error());
    EXPECT_EQ(*bytes, big.substr(off, len)) << off << "+" << len;
  }
  auto list = service_->List(As(leader_), "person", 10);
  ASSERT_TRUE(list.ok());
  EXPECT_EQ(list->size(), 4u);
}

TEST_P(AttachmentServiceTest, RightsFollowThePersonRecord) {
  ExpectError(service_->CheckUpload(As(sec3_), "person", 10), Code::kNotFound);
  ExpectError(service_->CheckUpload(As(leader_), "person", 10), Code::kPermissionDenied);
  // Files for a record not yet saved: only those who may write somewhere.
  ExpectError(service_->CheckUpload(As(leader_), "person", std::nullopt),
              Code::kPermissionDenied);
  ASSERT_TRUE(service_->CheckUpload(As(sec2_), "person", std::nullopt).ok());
  ExpectError(service_->CheckUpload(As(sec2_), "campaign", 1), Code::kInvalidArgument,
              "record_type");
  ExpectError(service_->CheckUpload(As(sec2_), "person", 999), Code::kNotFound);
  ASSERT_TRUE(service_->CheckUpload(As(sec2_), "person", 10).ok());
  ExpectError(service_->Save(As(sec3_), "person", 10, Files({{"a.txt", "x"}})), Code::kNotFound);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM attachments"), 0);
  auto saved = service_->Save(As(sec2_), "person", 10, Files({{"a.txt", "x"}}));
  ASSERT_TRUE(saved.ok());
  int64_t id = (*saved)[0].id;
  ExpectError(service_->Get(As(sec3_), id), Code::kNotFound);
  ASSERT_TRUE(service_->Get(As(leader_), id).ok());
  ExpectError(service_->List(As(sec3_), "person", 10), Code::kNotFound);
  ExpectError(service_->Remove(As(leader_), id), Code::kPermissionDenied);
  ASSERT_TRUE(service_->Remove(As(sec2_), id).ok());
  EXPECT_EQ(Count("SELECT COUNT(*) FROM blobs"), 0);
}

TEST_P(AttachmentServiceTest, PendingUploadsBelongToTheUploaderUntilAttached) {
  auto saved = service_->Save(As(sec2_), "person", std::nullopt, Files({{"a.txt", "x"}}));
  ASSERT_TRUE(saved.ok()) << Describe(saved.error());
  int64_t id = (*saved)[0].id;
  EXPECT_FALSE((*saved)[0].record_id.has_value());
  ExpectError(service_->Get(As(leader_), id), Code::kNotFound);
  ExpectError(service_->Attach(As(sec3_), id, 10), Code::kNotFound);
  ASSERT_TRUE(service_->Get(As(sec2_), id).ok());
  auto attached = service_->Attach(As(sec2_), id, 10);
  ASSERT_TRUE(attached.ok()) << Describe(attached.error());
  EXPECT_EQ(attached->record_id, 10);
  ExpectError(service_->Attach(As(sec2_), id, 10), Code::kFailedPrecondition);
  ASSERT_TRUE(service_->Get(As(leader_), id).ok());
}

TEST_P(AttachmentServiceTest, SweepRemovesOnlyOldUnattachedUploads) {
  auto pending = service_->Save(As(sec2_), "person", std::nullopt,
                                Files({{"old.txt", "old"}, {"shared.txt", "shared"}}));
  ASSERT_TRUE(pending.ok());
  ASSERT_TRUE(service_->Save(As(sec2_), "person", 10, Files({{"kept.txt", "shared"}})).ok());
  auto sweep = service_->SweepUnattached(now_ + std::chrono::hours(23));
  ASSERT_TRUE(sweep.ok());
  EXPECT_EQ(*sweep, 0);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM attachments"), 3);
  sweep = service_->SweepUnattached(now_ + std::chrono::hours(25));
  ASSERT_TRUE(sweep.ok());
  EXPECT_EQ(*sweep, 2);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM attachments"), 1);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM blobs"), 1);  // "shared" is still named
  EXPECT_EQ(Count("SELECT COUNT(*) FROM blob_chunks"), 1);
}

TEST_P(AttachmentServiceTest, WritesAreAuditedInTheirTransaction) {
  const std::string entries = "SELECT COUNT(*) FROM audit_log WHERE record_type = 'attachment'";
  // Refused: nothing written, no entry.
  ExpectError(service_->Save(As(sec3_), "person", 10, Files({{"a.txt", "x"}})), Code::kNotFound);
  EXPECT_EQ(Count(entries), 0);
  auto saved = service_->Save(As(sec2_), "person", 10, Files({{"甲.txt", "x"}, {"乙.txt", "y"}}));
  ASSERT_TRUE(saved.ok()) << Describe(saved.error());
  EXPECT_EQ(Count(entries + " AND action = 'attachment_upload' AND org_path = '/1/2/' AND "
                            "actor_id = 1 AND after_json LIKE '%甲.txt%'"),
            1);
  EXPECT_EQ(Count(entries), 2);
  ExpectError(service_->Remove(As(leader_), (*saved)[0].id), Code::kPermissionDenied);
  EXPECT_EQ(Count(entries), 2);
  ASSERT_TRUE(service_->Remove(As(sec2_), (*saved)[0].id).ok());
  EXPECT_EQ(Count(entries + " AND action = 'attachment_remove' AND after_json IS NULL AND "
                            "before_json LIKE '%甲.txt%'"),
            1);
  auto pending = service_->Save(As(sec2_), "person", std::nullopt, Files({{"丙.txt", "z"}}));
  ASSERT_TRUE(pending.ok());
  ASSERT_TRUE(service_->Attach(As(sec2_), (*pending)[0].id, 10).ok());
  EXPECT_EQ(Count(entries + " AND action = 'attachment_attach' AND org_path = '/1/2/'"), 1);
  auto old = service_->Save(As(sec2_), "person", std::nullopt, Files({{"丁.txt", "w"}}));
  ASSERT_TRUE(old.ok());
  ASSERT_TRUE(service_->SweepUnattached(now_ + std::chrono::hours(25)).ok());
  EXPECT_EQ(Count(entries + " AND action = 'attachment_sweep' AND actor_name = '系统任务'"), 1);
  EXPECT_EQ(Count(entries), 7);  // 2 uploads, remove, upload, attach, upload, sweep
}

// Every byte value, over several chunks and a partial last one.
std::string EveryByteValue() {
  std::string bytes;
  for (int64_t i = 0; i < 2 * DatabaseBlobStore::kChunkBytes + 1000; ++i) {
    bytes += static_cast<char>((i * 7 + i / 256) & 0xff);
  }
  return bytes;
}

TEST_P(AttachmentServiceTest, BinaryBytesRoundTripAndAreStoredAtTheirSize) {
  const std::string bytes = EveryByteValue();
  std::string path = ::testing::TempDir() + "/blob-" + std::to_string(::getpid());
  {
    std::ofstream out(path, std::ios::binary);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  }
  {
    auto tx = clean_->db().Begin(storage::TxMode::kWrite);
    ASSERT_TRUE(tx.ok());
    auto put = store_.Put(**tx, "h", path, static_cast<int64_t>(bytes.size()), now_);
    ASSERT_TRUE(put.ok()) << Describe(put.error());
    ASSERT_TRUE((*tx)->Commit().ok());
  }
  std::remove(path.c_str());
  // Stored as bytes, not as a third more of base64 text.
  EXPECT_EQ(Count("SELECT SUM(LENGTH(data)) FROM blob_chunks"),
            static_cast<int64_t>(bytes.size()));
  auto tx = clean_->db().Begin(storage::TxMode::kRead);
  ASSERT_TRUE(tx.ok());
  auto all = store_.Read(**tx, "h", 0, static_cast<int64_t>(bytes.size()));
  ASSERT_TRUE(all.ok()) << Describe(all.error());
  EXPECT_TRUE(*all == bytes);
  auto part = store_.Read(**tx, "h", DatabaseBlobStore::kChunkBytes - 3, 10);
  ASSERT_TRUE(part.ok());
  EXPECT_TRUE(*part == bytes.substr(DatabaseBlobStore::kChunkBytes - 3, 10));
}

// Chunks written as base64 text before migration 0016 read as their bytes
// after it.
TEST_P(AttachmentServiceTest, Migration16TurnsBase64ChunksIntoBytes) {
  Exec("DELETE FROM schema_migrations WHERE version = 16");
  Exec("DROP TABLE blob_chunks");
  Exec(std::string("CREATE TABLE blob_chunks (hash TEXT NOT NULL REFERENCES blobs(hash) ON "
                   "DELETE CASCADE, seq INTEGER NOT NULL, data TEXT NOT NULL, PRIMARY KEY "
                   "(hash, seq))"));
  Exec("INSERT INTO blobs (hash, size, created_at) VALUES ('old', 7, 'x')");
  // The bytes 00 01 ff fe, then "abc", in two chunks of base64 text.
  Exec("INSERT INTO blob_chunks (hash, seq, data) VALUES ('old', 0, 'AAH//g==')");
  Exec("INSERT INTO blob_chunks (hash, seq, data) VALUES ('old', 1, 'YWJj')");
  auto migrated = storage::Migrate(clean_->db());
  ASSERT_TRUE(migrated.ok()) << Describe(migrated.error());
  ASSERT_EQ(migrated->size(), 1u);
  EXPECT_EQ((*migrated)[0].version, 16);
  EXPECT_EQ(Count("SELECT SUM(LENGTH(data)) FROM blob_chunks"), 7);
  auto tx = clean_->db().Begin(storage::TxMode::kRead);
  ASSERT_TRUE(tx.ok());
  auto rows = (*tx)->Query("SELECT data FROM blob_chunks ORDER BY seq", {});
  ASSERT_TRUE(rows.ok()) << Describe(rows.error());
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_EQ((*rows)[0].Text(0), std::string("\0\1\xff\xfe", 4));
  EXPECT_EQ((*rows)[1].Text(0), "abc");
}

INSTANTIATE_TEST_SUITE_P(Engines, AttachmentServiceTest,
                         ::testing::ValuesIn(test::TestDatabaseUrls()), test::UrlParamName());

}  // namespace
}  // namespace duxing::domain::attachments
