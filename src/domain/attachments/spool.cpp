#include "domain/attachments/spool.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "domain/attachments/image.hpp"

namespace duxing::domain::attachments {
namespace {

std::string Megabytes(int64_t bytes) {
  int64_t mb = bytes >> 20;
  if (mb << 20 == bytes) return std::to_string(mb) + " MB";
  return std::to_string((bytes + 1023) >> 10) + " KB";
}

Error TooLargeFor(const std::string& name, int64_t limit) {
  return MakeError(Code::kTooLarge,
                   "文件“" + name + "”超过大小上限（" + Megabytes(limit) + "）", "file");
}

}  // namespace

int64_t UploadLimits::MaxBytes(std::optional<FileKind> kind) const {
  if (kind) {
    auto it = max_bytes.find(*kind);
    if (it != max_bytes.end()) return it->second;
  }
  int64_t most = 0;
  for (const auto& [k, v] : max_bytes) most = std::max(most, v);
  return most;
}

UploadLimits UploadLimits::AllKinds(int64_t bytes) {
  UploadLimits l;
  for (auto& [k, v] : l.max_bytes) v = bytes;
  return l;
}

std::string HexDigest(const unsigned char (&digest)[crypto_hash_sha256_BYTES]) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : digest) {
    out += kHex[c >> 4];
    out += kHex[c & 15];
  }
  return out;
}

Result<std::unique_ptr<SpooledFile>> SpooledFile::Create(std::string file_name,
                                                         const UploadLimits& limits,
                                                         const std::string& dir) {
  std::string base = dir;
  if (base.empty()) {
    const char* tmp = std::getenv("TMPDIR");
    base = tmp && *tmp ? tmp : "/tmp";
  }
  std::string templ = base + "/duxing-upload-XXXXXX";
  std::vector<char> path(templ.begin(), templ.end());
  path.push_back('\0');
  int fd = ::mkstemp(path.data());
  if (fd < 0) return InternalError("mkstemp " + templ + ": " + std::strerror(errno));
  std::unique_ptr<SpooledFile> f(new SpooledFile());
  f->file_name_ = std::move(file_name);
  f->path_ = path.data();
  f->fd_ = fd;
  f->limits_ = limits;
  crypto_hash_sha256_init(&f->sha_);
  return f;
}

SpooledFile::~SpooledFile() {
  if (fd_ >= 0) ::close(fd_);
  if (!path_.empty()) ::unlink(path_.c_str());
}

Status SpooledFile::Append(std::string_view bytes) {
  if (bytes.empty()) return Ok();
  size_ += static_cast<int64_t>(bytes.size());
  sniffer_.Feed(bytes);
  if (!kind_ && sniffer_.head().size() >= 8) kind_ = KindOfHead(sniffer_.head());
  int64_t limit = limits_.MaxBytes(kind_);
  if (size_ > limit) return TooLargeFor(file_name_, limit);
  crypto_hash_sha256_update(&sha_, reinterpret_cast<const unsigned char*>(bytes.data()),
                            bytes.size());
  while (!bytes.empty()) {
    ssize_t n = ::write(fd_, bytes.data(), bytes.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return InternalError("write " + path_ + ": " + std::strerror(errno));
    bytes.remove_prefix(static_cast<size_t>(n));
  }
  return Ok();
}

Status SpooledFile::Finish() {
  if (size_ == 0) {
    return MakeError(Code::kFailedPrecondition, "文件“" + file_name_ + "”是空文件", "file");
  }
  media_type_ = sniffer_.Decide(path_);
  if (!media_type_) {
    return MakeError(Code::kFailedPrecondition,
                     "文件“" + file_name_ +
                         "”的类型不受支持：只能上传图片（JPEG、PNG、GIF、WebP）、PDF、"
                         "Office 文档（Word、Excel、PowerPoint）或 UTF-8 纯文本",
                     "file");
  }
  int64_t limit = limits_.MaxBytes(media_type_->kind);
  if (size_ > limit) return TooLargeFor(file_name_, limit);
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256_final(&sha_, digest);
  hash_hex_ = HexDigest(digest);
  const std::string& type = media_type_->type;
  if (media_type_->kind == FileKind::kImage) {
    Status sized = CheckImageSize(path_);
    if (!sized.ok()) {
      Error e = sized.error();
      e.message = "文件“" + file_name_ + "”的" + e.message;
      return e;
    }
  }
  if (type == "image/jpeg" || type == "image/png" || type == "image/webp") {
    std::string clean = path_ + ".clean";
    Status stripped = StripImageMetadata(path_, clean, type);
    if (!stripped.ok()) {
      ::unlink(clean.c_str());
      Error e = stripped.error();
      e.message = "文件“" + file_name_ + "”不是可读取的图片";
      e.field = "file";
      return e;
    }
    if (::rename(clean.c_str(), path_.c_str()) != 0) {
      ::unlink(clean.c_str());
      return InternalError("rename " + clean + ": " + std::strerror(errno));
    }
    DX_RETURN_IF_ERROR(Rehash());
  }
  return Ok();
}

Status SpooledFile::Rehash() {
  int fd = ::open(path_.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return InternalError("open " + path_ + ": " + std::strerror(errno));
  crypto_hash_sha256_state sha;
  crypto_hash_sha256_init(&sha);
  std::vector<unsigned char> buf(256 << 10);
  int64_t total = 0;
  for (;;) {
    ssize_t n = ::read(fd, buf.data(), buf.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      ::close(fd);
      return InternalError("read " + path_ + ": " + std::strerror(errno));
    }
    if (n == 0) break;
    crypto_hash_sha256_update(&sha, buf.data(), static_cast<size_t>(n));
    total += n;
  }
  ::close(fd);
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256_final(&sha, digest);
  hash_hex_ = HexDigest(digest);
  size_ = total;
  return Ok();
}

}  // namespace duxing::domain::attachments
