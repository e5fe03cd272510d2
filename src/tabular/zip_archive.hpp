// ZipArchive: read-only access to a zip archive held in memory (minizip).
// Internal to duxing::tabular.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"

namespace duxing::tabular {

// Reads entries of a zip archive in memory, with a budget on the total
// number of uncompressed bytes so that a small archive cannot expand into an
// unbounded amount of memory (zip bomb). Supports stored and deflated
// entries and Zip64; not encrypted entries.
//
// Error messages are generic (English, log-style) in `internal`; callers
// replace `message` with one fit for their users. Not thread-safe; separate
// archives may be used concurrently.
class ZipArchive {
 public:
  // Opens `bytes` (not copied: it must outlive the archive). Fails with
  // kInvalidArgument when `bytes` is not a readable zip archive, kTooLarge
  // when its central directory lists more than `max_entries` entries.
  // `max_total_uncompressed` bounds the sum of all Read() results.
  static Result<std::unique_ptr<ZipArchive>> Open(
      std::string_view bytes, uint64_t max_total_uncompressed,
      int64_t max_entries);

  ZipArchive(const ZipArchive&) = delete;
  ZipArchive& operator=(const ZipArchive&) = delete;
  ~ZipArchive();

  // Whether an entry of this name exists (ASCII case-insensitive).
  bool Contains(std::string_view name);

  // The names of the entries in central-directory order (at most the
  // `max_entries` Open allowed). kInvalidArgument when the directory is
  // corrupt.
  Result<std::vector<std::string>> Names();

  // Returns the uncompressed content of the entry `name` (ASCII
  // case-insensitive). Errors: kNotFound when absent; kInvalidArgument when
  // the entry is corrupt, encrypted or uses an unsupported compression
  // method; kTooLarge when reading it would exceed the total budget: a
  // declared size past it fails at once, and the bytes are counted as they
  // inflate (a declared size is never trusted, nor used to allocate).
  Result<std::string> Read(std::string_view name);

  // Uncompressed bytes read so far by Read().
  uint64_t total_read() const { return total_read_; }

 private:
  ZipArchive() = default;

  std::string_view bytes_;  // read by minizip through the I/O callbacks
  void* unz_ = nullptr;     // unzFile
  uint64_t budget_ = 0;
  uint64_t total_read_ = 0;
};

}  // namespace duxing::tabular
