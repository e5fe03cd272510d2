#include "domain/attachments/content_type.hpp"

#include <minizip/unzip.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstring>
#include <functional>
#include <memory>

namespace duxing::domain::attachments {
namespace {

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

constexpr std::string_view kZip("PK\x03\x04", 4);
constexpr std::string_view kOle("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8);

std::optional<MediaType> Magic(std::string_view h) {
  if (StartsWith(h, "\xFF\xD8\xFF")) return MediaType{"image/jpeg", FileKind::kImage};
  if (StartsWith(h, "\x89PNG\r\n\x1A\n")) return MediaType{"image/png", FileKind::kImage};
  if (StartsWith(h, "GIF87a") || StartsWith(h, "GIF89a")) {
    return MediaType{"image/gif", FileKind::kImage};
  }
  if (h.size() >= 12 && StartsWith(h, "RIFF") && h.substr(8, 4) == "WEBP") {
    return MediaType{"image/webp", FileKind::kImage};
  }
  if (StartsWith(h, "%PDF-")) return MediaType{"application/pdf", FileKind::kPdf};
  return std::nullopt;
}

// The OOXML type of the zip at `path`: [Content_Types].xml and the main
// part of a document, workbook or presentation.
std::optional<MediaType> Ooxml(const std::string& path) {
  std::unique_ptr<void, int (*)(unzFile)> zip(unzOpen64(path.c_str()), unzClose);
  if (!zip) return std::nullopt;
  auto has = [&](const char* name) { return unzLocateFile(zip.get(), name, 1) == UNZ_OK; };
  if (!has("[Content_Types].xml")) return std::nullopt;
  if (has("word/document.xml")) {
    return MediaType{"application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                     FileKind::kOffice};
  }
  if (has("xl/workbook.xml")) {
    return MediaType{"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                     FileKind::kOffice};
  }
  if (has("ppt/presentation.xml")) {
    return MediaType{"application/vnd.openxmlformats-officedocument.presentationml.presentation",
                     FileKind::kOffice};
  }
  return std::nullopt;
}

std::string Utf16(std::string_view ascii) {
  std::string out;
  for (char c : ascii) {
    out += c;
    out += '\0';
  }
  return out;
}

// The legacy Office type of the OLE compound file at `path`, by the name of
// its main stream (UTF-16LE in a directory sector). One pass over the file in
// 256 KiB blocks, each searched once (the overlap is one name long).
std::optional<MediaType> Ole(const std::string& path) {
  struct Candidate {
    std::string name;
    const char* type;
  };
  const std::array<Candidate, 4> candidates = {{
      {Utf16("WordDocument"), "application/msword"},
      {Utf16("Workbook"), "application/vnd.ms-excel"},
      {Utf16("Book"), "application/vnd.ms-excel"},
      {Utf16("PowerPoint Document"), "application/vnd.ms-powerpoint"},
  }};
  std::unique_ptr<FILE, int (*)(FILE*)> f(std::fopen(path.c_str(), "rb"), std::fclose);
  if (!f) return std::nullopt;
  constexpr size_t kBlock = 256 << 10, kOverlap = 64;
  std::string buf;
  std::vector<char> block(kBlock);
  for (;;) {
    size_t n = std::fread(block.data(), 1, kBlock, f.get());
    if (n == 0) break;
    buf.append(block.data(), n);
    for (const auto& c : candidates) {
      auto it = std::search(buf.begin(), buf.end(),
                            std::boyer_moore_horspool_searcher(c.name.begin(), c.name.end()));
      if (it != buf.end()) return MediaType{c.type, FileKind::kOffice};
    }
    if (buf.size() > kOverlap) buf.erase(0, buf.size() - kOverlap);
  }
  return std::nullopt;
}

}  // namespace

const char* FileKindName(FileKind k) {
  switch (k) {
    case FileKind::kImage: return "image";
    case FileKind::kPdf: return "pdf";
    case FileKind::kOffice: return "office";
    case FileKind::kText: return "text";
  }
  return "text";
}

FileKind KindOfHead(std::string_view head) {
  if (auto m = Magic(head)) return m->kind;
  if (StartsWith(head, kZip) || StartsWith(head, kOle)) return FileKind::kOffice;
  return FileKind::kText;
}

void ContentSniffer::Feed(std::string_view bytes) {
  if (head_.size() < kHeadBytes) {
    head_.append(bytes.substr(0, kHeadBytes - head_.size()));
  }
  size_ += bytes.size();
  if (!text_ok_) return;
  // A UTF-8 decoder (RFC 3629 ranges: no overlongs, surrogates or values
  // past U+10FFFF) that also refuses C0 controls other than tab, LF, CR and
  // form feed, and DEL.
  for (unsigned char c : bytes) {
    if (need_ > 0) {
      if (c < lo_ || c > hi_) {
        text_ok_ = false;
        return;
      }
      lo_ = 0x80;
      hi_ = 0xBF;
      --need_;
      continue;
    }
    if (c < 0x80) {
      if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f') || c == 0x7F) {
        text_ok_ = false;
        return;
      }
    } else if (c >= 0xC2 && c <= 0xDF) {
      need_ = 1;
    } else if (c >= 0xE0 && c <= 0xEF) {
      need_ = 2;
      if (c == 0xE0) lo_ = 0xA0;
      if (c == 0xED) hi_ = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      need_ = 3;
      if (c == 0xF0) lo_ = 0x90;
      if (c == 0xF4) hi_ = 0x8F;
    } else {
      text_ok_ = false;
      return;
    }
  }
}

std::optional<MediaType> ContentSniffer::Decide(const std::string& path) const {
  if (size_ == 0) return std::nullopt;
  if (auto m = Magic(head_)) return m;
  if (StartsWith(head_, kZip)) return Ooxml(path);
  if (StartsWith(head_, kOle)) return Ole(path);
  if (text_ok_ && need_ == 0) return MediaType{"text/plain; charset=utf-8", FileKind::kText};
  return std::nullopt;
}

}  // namespace duxing::domain::attachments
