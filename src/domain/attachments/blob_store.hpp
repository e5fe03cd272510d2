// Where attachment bytes live: content-addressed by SHA-256 (lower-case
// hex), each content kept once however many attachments name it.
// DatabaseBlobStore, the default, keeps them in the database (tables blobs
// and blob_chunks), so every serve process and every backup sees them; a
// directory or object store can implement the same interface.
#pragma once

#include <cstdint>
#include <string>

#include "common/clock.hpp"
#include "common/result.hpp"
#include "storage/database.hpp"

namespace duxing::domain::attachments {

class BlobStore {
 public:
  virtual ~BlobStore() = default;
  // Stores the `size` bytes of the file at `path`, whose SHA-256 is `hash`,
  // within `tx` (a write transaction), unless that hash is stored already.
  // Returns whether it was new. Reads the file in chunks; never holds it.
  virtual Result<bool> Put(storage::Tx& tx, const std::string& hash, const std::string& path,
                           int64_t size, TimePoint now) = 0;
  // Bytes [offset, offset + length) of a stored blob (clipped to its end);
  // kNotFound when the hash is not stored.
  virtual Result<std::string> Read(storage::Tx& tx, const std::string& hash, int64_t offset,
                                   int64_t length) = 0;
  // Removes every blob no attachment names; returns how many.
  virtual Result<int64_t> RemoveUnreferenced(storage::Tx& tx) = 0;
};

class DatabaseBlobStore : public BlobStore {
 public:
  // Bytes per blob_chunks row (a BLOB on SQLite, bytea on PostgreSQL:
  // storage::Bytes; migration 0016 converted the base64 text of older rows).
  static constexpr int64_t kChunkBytes = 256 << 10;
  Result<bool> Put(storage::Tx& tx, const std::string& hash, const std::string& path,
                   int64_t size, TimePoint now) override;
  Result<std::string> Read(storage::Tx& tx, const std::string& hash, int64_t offset,
                           int64_t length) override;
  Result<int64_t> RemoveUnreferenced(storage::Tx& tx) override;
};

}  // namespace duxing::domain::attachments
