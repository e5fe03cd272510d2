// One uploaded file on its way in: written to a temp file as its bytes
// arrive, hashed (SHA-256, libsodium) and counted on the way, its type
// sniffed (ContentSniffer) and its size held to the limit of its kind. The
// temp file is removed with this object.
#pragma once

#include <sodium.h>

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "common/result.hpp"
#include "domain/attachments/content_type.hpp"

namespace duxing::domain::attachments {

class SpooledFile {
 public:
  // Creates the temp file under `dir` (TMPDIR or /tmp when empty).
  // `file_name` is the name as sent, for messages and the attachment row.
  static Result<std::unique_ptr<SpooledFile>> Create(std::string file_name,
                                                     const UploadLimits& limits,
                                                     const std::string& dir = {});
  ~SpooledFile();
  SpooledFile(const SpooledFile&) = delete;
  SpooledFile& operator=(const SpooledFile&) = delete;

  // Appends bytes. kTooLarge (naming the file and its limit) as soon as the
  // file passes the limit of the kind its first bytes announce; kInternal
  // when the disk refuses.
  Status Append(std::string_view bytes);
  // After the last bytes: the type decided from the bytes (a refusal
  // naming the file when it is none of the accepted ones, or empty); then
  // for JPEG, PNG and WebP the metadata (EXIF with its GPS position, XMP,
  // comments) is stripped, the file rewritten and hashed again.
  Status Finish();

  const std::string& file_name() const { return file_name_; }
  const std::string& path() const { return path_; }
  int64_t size() const { return size_; }
  const std::string& sha256_hex() const { return hash_hex_; }
  const MediaType& media_type() const { return *media_type_; }

 private:
  SpooledFile() = default;
  // Hashes the file at path_ again (after a rewrite).
  Status Rehash();

  std::string file_name_;
  std::string path_;
  int fd_ = -1;
  int64_t size_ = 0;
  UploadLimits limits_;
  std::optional<FileKind> kind_;  // from the first bytes, once 8 have come
  crypto_hash_sha256_state sha_;
  ContentSniffer sniffer_;
  std::string hash_hex_;
  std::optional<MediaType> media_type_;
};

// The lower-case hex of a SHA-256 digest.
std::string HexDigest(const unsigned char (&digest)[crypto_hash_sha256_BYTES]);

}  // namespace duxing::domain::attachments
