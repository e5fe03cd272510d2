#include "tabular/zip_archive.hpp"

#include <minizip/unzip.h>

#include <algorithm>
#include <cstring>

namespace duxing::tabular {

namespace {

// One open "file" over a Source (minizip may open more than one).
struct Cursor {
  std::string_view bytes;
  uint64_t pos = 0;
};

voidpf ZCALLBACK OpenCursor(voidpf opaque, const void* /*filename*/, int mode) {
  if ((mode & ZLIB_FILEFUNC_MODE_WRITE) != 0) return nullptr;
  return new Cursor{*static_cast<const std::string_view*>(opaque), 0};
}

uLong ZCALLBACK ReadCursor(voidpf /*opaque*/, voidpf stream, void* buf,
                           uLong size) {
  auto* cursor = static_cast<Cursor*>(stream);
  uint64_t left = cursor->bytes.size() - cursor->pos;
  uLong n = static_cast<uLong>(std::min<uint64_t>(size, left));
  std::memcpy(buf, cursor->bytes.data() + cursor->pos, n);
  cursor->pos += n;
  return n;
}

uLong ZCALLBACK WriteCursor(voidpf, voidpf, const void*, uLong) { return 0; }

ZPOS64_T ZCALLBACK TellCursor(voidpf /*opaque*/, voidpf stream) {
  return static_cast<Cursor*>(stream)->pos;
}

long ZCALLBACK SeekCursor(voidpf /*opaque*/, voidpf stream, ZPOS64_T offset,
                          int origin) {
  auto* cursor = static_cast<Cursor*>(stream);
  uint64_t size = cursor->bytes.size();
  uint64_t base;
  switch (origin) {
    case ZLIB_FILEFUNC_SEEK_SET:
      base = 0;
      break;
    case ZLIB_FILEFUNC_SEEK_CUR:
      base = cursor->pos;
      break;
    case ZLIB_FILEFUNC_SEEK_END:
      base = size;
      break;
    default:
      return -1;
  }
  // minizip only seeks forward from SET/CUR and backward from END, but an
  // offset that wraps around is simply out of range.
  uint64_t target = base + offset;
  if (origin == ZLIB_FILEFUNC_SEEK_END) {
    if (offset > size) return -1;
    target = size - offset;
  }
  if (target > size) return -1;
  cursor->pos = target;
  return 0;
}

int ZCALLBACK CloseCursor(voidpf /*opaque*/, voidpf stream) {
  delete static_cast<Cursor*>(stream);
  return 0;
}

int ZCALLBACK ErrorCursor(voidpf /*opaque*/, voidpf /*stream*/) { return 0; }

Error ZipError(Code code, std::string internal) {
  Error e = MakeError(code, "无法读取压缩文件");
  e.internal = std::move(internal);
  return e;
}

}  // namespace

Result<std::unique_ptr<ZipArchive>> ZipArchive::Open(
    std::string_view bytes, uint64_t max_total_uncompressed,
    int64_t max_entries) {
  std::unique_ptr<ZipArchive> archive(new ZipArchive());
  archive->bytes_ = bytes;
  archive->budget_ = max_total_uncompressed;
  zlib_filefunc64_def funcs{};
  funcs.zopen64_file = OpenCursor;
  funcs.zread_file = ReadCursor;
  funcs.zwrite_file = WriteCursor;
  funcs.ztell64_file = TellCursor;
  funcs.zseek64_file = SeekCursor;
  funcs.zclose_file = CloseCursor;
  funcs.zerror_file = ErrorCursor;
  funcs.opaque = &archive->bytes_;  // stable: the archive is on the heap
  archive->unz_ = unzOpen2_64("memory", &funcs);
  if (archive->unz_ == nullptr) {
    return ZipError(Code::kInvalidArgument, "not a zip archive");
  }
  // Lookups walk the central directory up to this count: bound it.
  unz_global_info64 global{};
  if (unzGetGlobalInfo64(archive->unz_, &global) != UNZ_OK) {
    return ZipError(Code::kInvalidArgument, "bad zip central directory");
  }
  if (global.number_entry > static_cast<uint64_t>(max_entries)) {
    return ZipError(Code::kTooLarge,
                    "zip entries: " + std::to_string(global.number_entry));
  }
  return archive;
}

ZipArchive::~ZipArchive() {
  if (unz_ != nullptr) unzClose(unz_);
}

bool ZipArchive::Contains(std::string_view name) {
  std::string z(name);
  return unzLocateFile(unz_, z.c_str(), 2) == UNZ_OK;
}

Result<std::vector<std::string>> ZipArchive::Names() {
  std::vector<std::string> names;
  int rc = unzGoToFirstFile(unz_);
  while (rc == UNZ_OK) {
    unz_file_info64 info{};
    char name[1024];
    if (unzGetCurrentFileInfo64(unz_, &info, name, sizeof name, nullptr, 0,
                                nullptr, 0) != UNZ_OK ||
        info.size_filename >= sizeof name) {
      return ZipError(Code::kInvalidArgument, "bad zip entry name");
    }
    names.emplace_back(name, info.size_filename);
    rc = unzGoToNextFile(unz_);
  }
  if (rc != UNZ_END_OF_LIST_OF_FILE) {
    return ZipError(Code::kInvalidArgument, "bad zip central directory");
  }
  return names;
}

Result<std::string> ZipArchive::Read(std::string_view name) {
  std::string z(name);
  if (unzLocateFile(unz_, z.c_str(), 2) != UNZ_OK) {
    return ZipError(Code::kNotFound, "zip entry not found: " + z);
  }
  unz_file_info64 info{};
  if (unzGetCurrentFileInfo64(unz_, &info, nullptr, 0, nullptr, 0, nullptr,
                              0) != UNZ_OK) {
    return ZipError(Code::kInvalidArgument, "bad zip entry header: " + z);
  }
  if ((info.flag & 1) != 0) {
    return ZipError(Code::kInvalidArgument, "encrypted zip entry: " + z);
  }
  uint64_t left = budget_ - total_read_;
  if (info.uncompressed_size > left) {
    return ZipError(Code::kTooLarge, "zip entry too large: " + z);
  }
  if (unzOpenCurrentFile(unz_) != UNZ_OK) {
    return ZipError(Code::kInvalidArgument, "cannot open zip entry: " + z);
  }
  std::string out;  // grows with the bytes inflated, not the declared size
  constexpr size_t kChunk = 64 * 1024;
  char buf[kChunk];
  while (true) {
    int n = unzReadCurrentFile(unz_, buf, kChunk);
    if (n < 0) {
      unzCloseCurrentFile(unz_);
      return ZipError(Code::kInvalidArgument,
                      "corrupt zip entry " + z + ": " + std::to_string(n));
    }
    if (n == 0) break;
    if (static_cast<uint64_t>(n) > budget_ - total_read_) {
      unzCloseCurrentFile(unz_);
      return ZipError(Code::kTooLarge, "zip content too large at " + z);
    }
    total_read_ += n;
    out.append(buf, n);
  }
  if (unzCloseCurrentFile(unz_) != UNZ_OK) {
    return ZipError(Code::kInvalidArgument, "zip entry CRC mismatch: " + z);
  }
  return out;
}

}  // namespace duxing::tabular
