#include "domain/attachments/blob_store.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

namespace duxing::domain::attachments {
namespace {

// ON CONFLICT: a parallel upload of the same content (another process on
// PostgreSQL) waits for the first and then inserts nothing.
constexpr const char* kInsertBlob =
    "INSERT INTO blobs (hash, size, created_at) VALUES ($1, $2, $3) "
    "ON CONFLICT (hash) DO NOTHING";
constexpr const char* kInsertChunk =
    "INSERT INTO blob_chunks (hash, seq, data) VALUES ($1, $2, $3)";
constexpr const char* kSelectSize = "SELECT size FROM blobs WHERE hash = $1";
constexpr const char* kSelectChunks =
    "SELECT seq, data FROM blob_chunks WHERE hash = $1 AND seq >= $2 AND seq <= $3 "
    "ORDER BY seq";
constexpr const char* kDeleteUnreferencedChunks =
    "DELETE FROM blob_chunks WHERE hash IN (SELECT b.hash FROM blobs b WHERE NOT EXISTS "
    "(SELECT 1 FROM attachments a WHERE a.blob_hash = b.hash))";
constexpr const char* kDeleteUnreferenced =
    "DELETE FROM blobs WHERE NOT EXISTS (SELECT 1 FROM attachments a WHERE a.blob_hash = "
    "blobs.hash)";

}  // namespace

Result<bool> DatabaseBlobStore::Put(storage::Tx& tx, const std::string& hash,
                                    const std::string& path, int64_t size, TimePoint now) {
  DX_ASSIGN_OR_RETURN(int64_t inserted, tx.Exec(kInsertBlob, {hash, size, FormatTime(now)}));
  if (inserted == 0) return false;
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return InternalError("open " + path + ": " + std::strerror(errno));
  std::vector<unsigned char> buf(kChunkBytes);
  int64_t seq = 0, total = 0;
  Status status = Ok();
  for (;;) {
    size_t have = 0;
    while (have < buf.size()) {  // a full chunk, or the file's end
      ssize_t n = ::read(fd, buf.data() + have, buf.size() - have);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) {
        status = InternalError("read " + path + ": " + std::strerror(errno));
        break;
      }
      if (n == 0) break;
      have += static_cast<size_t>(n);
    }
    if (!status.ok() || have == 0) break;
    auto put = tx.Exec(kInsertChunk,
                       {hash, seq++,
                        storage::Bytes{std::string(reinterpret_cast<const char*>(buf.data()), have)}});
    if (!put.ok()) {
      status = put.error();
      break;
    }
    total += static_cast<int64_t>(have);
  }
  ::close(fd);
  DX_RETURN_IF_ERROR(status);
  if (total != size) return InternalError("blob " + hash + ": file changed while stored");
  return true;
}

Result<std::string> DatabaseBlobStore::Read(storage::Tx& tx, const std::string& hash,
                                            int64_t offset, int64_t length) {
  auto size_row = tx.QueryOne(kSelectSize, {hash});
  if (!size_row.ok()) {
    if (size_row.error().code == Code::kNotFound) {
      return MakeError(Code::kNotFound, "附件内容不存在");
    }
    return size_row.error();
  }
  int64_t size = size_row->Int(0);
  if (offset < 0 || offset >= size || length <= 0) return std::string();
  int64_t end = std::min(size, offset + length);  // exclusive
  int64_t first = offset / kChunkBytes, last = (end - 1) / kChunkBytes;
  DX_ASSIGN_OR_RETURN(storage::Rows rows, tx.Query(kSelectChunks, {hash, first, last}));
  std::string out;
  out.reserve(static_cast<size_t>(end - offset));
  for (const auto& row : rows) {
    int64_t seq = row.Int(0);
    const std::string& bytes = row.Text(1);
    int64_t chunk_start = seq * kChunkBytes;
    int64_t from = std::max(offset, chunk_start) - chunk_start;
    int64_t to = std::min(end, chunk_start + static_cast<int64_t>(bytes.size())) - chunk_start;
    if (to > from) out.append(bytes, static_cast<size_t>(from), static_cast<size_t>(to - from));
  }
  if (static_cast<int64_t>(out.size()) != end - offset) {
    return InternalError("blob " + hash + ": chunks missing");
  }
  return out;
}

Result<int64_t> DatabaseBlobStore::RemoveUnreferenced(storage::Tx& tx) {
  DX_RETURN_IF_ERROR(tx.Exec(kDeleteUnreferencedChunks, {}));
  return tx.Exec(kDeleteUnreferenced, {});
}

}  // namespace duxing::domain::attachments
