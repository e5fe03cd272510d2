// The type of an uploaded file, decided from its bytes (never from its name
// or the client's Content-Type): JPEG, PNG, GIF, WebP, PDF, OOXML (docx,
// xlsx, pptx), legacy OLE Office (doc, xls, ppt) and plain UTF-8 text.
// Anything else is refused.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace duxing::domain::attachments {

// The kinds size limits are set for.
enum class FileKind { kImage, kPdf, kOffice, kText };
const char* FileKindName(FileKind k);

struct MediaType {
  std::string type;  // "image/jpeg", ...
  FileKind kind;
};

// The kind a file's first bytes announce (at least 8 of them, or all of a
// shorter file): a magic number, else text. For limits applied while the
// file still arrives; ContentSniffer::Decide makes the final call.
FileKind KindOfHead(std::string_view head);

// Fed a file's bytes in order, decides its type. Holds the first
// kHeadBytes and a UTF-8 decoder's state: O(1) memory, linear time.
class ContentSniffer {
 public:
  static constexpr size_t kHeadBytes = 4096;
  void Feed(std::string_view bytes);
  // The type of the bytes fed, reading the file at `path` (the same bytes)
  // for containers (zip entries, OLE stream names); nullopt when none of the
  // accepted types.
  std::optional<MediaType> Decide(const std::string& path) const;
  const std::string& head() const { return head_; }

 private:
  std::string head_;
  uint64_t size_ = 0;
  bool text_ok_ = true;  // UTF-8 without control characters so far
  int need_ = 0;         // continuation bytes still expected
  unsigned char lo_ = 0x80, hi_ = 0xBF;  // range of the next continuation byte
};

// Per-kind size limits of one file, in bytes.
struct UploadLimits {
  static constexpr int64_t kDefaultMaxBytes = 20 << 20;
  std::map<FileKind, int64_t> max_bytes = {{FileKind::kImage, kDefaultMaxBytes},
                                           {FileKind::kPdf, kDefaultMaxBytes},
                                           {FileKind::kOffice, kDefaultMaxBytes},
                                           {FileKind::kText, kDefaultMaxBytes}};
  size_t max_files = 10;  // per request
  // The limit of `kind`; the largest of all when `kind` is not yet known.
  int64_t MaxBytes(std::optional<FileKind> kind) const;
  // Every kind limited to `bytes`.
  static UploadLimits AllKinds(int64_t bytes);
};

}  // namespace duxing::domain::attachments
