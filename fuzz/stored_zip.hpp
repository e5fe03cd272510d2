// A zip archive of stored (uncompressed) entries with correct CRCs, built in
// memory: lets the xlsx fuzz target mutate the XML parts themselves, which
// mutations of a real archive rarely reach (they break its CRCs).
#pragma once

#include <zlib.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace duxing::fuzz {

namespace internal {

inline void Put16(std::string& out, uint32_t v) {
  out.push_back(static_cast<char>(v & 0xFF));
  out.push_back(static_cast<char>((v >> 8) & 0xFF));
}

inline void Put32(std::string& out, uint32_t v) {
  Put16(out, v & 0xFFFF);
  Put16(out, v >> 16);
}

}  // namespace internal

// The bytes of a zip archive holding `entries` (name, content), stored.
// Names and contents must be under 64 KiB and 4 GiB.
inline std::string StoredZip(
    const std::vector<std::pair<std::string, std::string_view>>& entries) {
  using internal::Put16;
  using internal::Put32;
  std::string out;
  std::string directory;
  for (const auto& [name, content] : entries) {
    uint32_t crc = static_cast<uint32_t>(
        crc32(0, reinterpret_cast<const Bytef*>(content.data()),
              static_cast<uInt>(content.size())));
    uint32_t offset = static_cast<uint32_t>(out.size());
    uint32_t size = static_cast<uint32_t>(content.size());
    Put32(out, 0x04034b50);  // local file header
    Put16(out, 20);          // version needed
    Put16(out, 0);           // flags
    Put16(out, 0);           // method: stored
    Put32(out, 0);           // time, date
    Put32(out, crc);
    Put32(out, size);
    Put32(out, size);
    Put16(out, static_cast<uint32_t>(name.size()));
    Put16(out, 0);  // extra
    out += name;
    out += content;
    Put32(directory, 0x02014b50);  // central directory header
    Put16(directory, 20);          // version made by
    Put16(directory, 20);
    Put16(directory, 0);
    Put16(directory, 0);
    Put32(directory, 0);
    Put32(directory, crc);
    Put32(directory, size);
    Put32(directory, size);
    Put16(directory, static_cast<uint32_t>(name.size()));
    Put16(directory, 0);  // extra
    Put16(directory, 0);  // comment
    Put16(directory, 0);  // disk
    Put16(directory, 0);  // internal attributes
    Put32(directory, 0);  // external attributes
    Put32(directory, offset);
    directory += name;
  }
  uint32_t directory_offset = static_cast<uint32_t>(out.size());
  out += directory;
  Put32(out, 0x06054b50);  // end of central directory
  Put16(out, 0);
  Put16(out, 0);
  Put16(out, static_cast<uint32_t>(entries.size()));
  Put16(out, static_cast<uint32_t>(entries.size()));
  Put32(out, static_cast<uint32_t>(directory.size()));
  Put32(out, directory_offset);
  Put16(out, 0);  // comment
  return out;
}

}  // namespace duxing::fuzz
