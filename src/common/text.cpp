#include "common/text.hpp"

namespace duxing {

namespace {

// Length of the well-formed UTF-8 sequence starting at p[0] (of n bytes
// left), or 0 when none starts there.
size_t SequenceLength(const unsigned char* p, size_t n) {
  unsigned char c = p[0];
  if (c < 0x80) return 1;
  size_t len;
  unsigned char lo = 0x80, hi = 0xBF;  // bounds of the second byte
  if (c >= 0xC2 && c <= 0xDF) {
    len = 2;
  } else if (c >= 0xE0 && c <= 0xEF) {
    len = 3;
    if (c == 0xE0) lo = 0xA0;
    if (c == 0xED) hi = 0x9F;
  } else if (c >= 0xF0 && c <= 0xF4) {
    len = 4;
    if (c == 0xF0) lo = 0x90;
    if (c == 0xF4) hi = 0x8F;
  } else {
    return 0;
  }
  if (len > n) return 0;
  if (p[1] < lo || p[1] > hi) return 0;
  for (size_t k = 2; k < len; ++k) {
    if ((p[k] & 0xC0) != 0x80) return 0;
  }
  return len;
}

}  // namespace

bool IsValidUtf8(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  for (size_t i = 0; i < s.size();) {
    size_t len = SequenceLength(p + i, s.size() - i);
    if (len == 0) return false;
    i += len;
  }
  return true;
}

std::string ToValidUtf8(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    size_t len = SequenceLength(p + i, s.size() - i);
    if (len == 0) {
      out += "\xEF\xBF\xBD";  // U+FFFD
      ++i;
    } else {
      out.append(s.data() + i, len);
      i += len;
    }
  }
  return out;
}

size_t Utf8Length(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) {
    if ((c >> 6) != 2) ++n;
  }
  return n;
}

namespace {

// Bidirectional formatting characters that reorder what a reader sees
// ("x\u202Etxt.exe" shows as "xexe.txt"): U+200E/U+200F (E2 80 8E/8F),
// U+202A-U+202E (E2 80 AA-AE), U+2066-U+2069 (E2 81 A6-A9), given the two
// bytes after the E2 lead byte.
bool IsBidiControl(char b1, char b2) {
  auto x = static_cast<unsigned char>(b1), y = static_cast<unsigned char>(b2);
  if (x == 0x80) return y == 0x8e || y == 0x8f || (y >= 0xaa && y <= 0xae);
  if (x == 0x81) return y >= 0xa6 && y <= 0xa9;
  return false;
}

}  // namespace

bool HasControlCharacters(std::string_view s, LineBreaks line_breaks) {
  const bool breaks_ok = line_breaks == LineBreaks::kAllowed;
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = s[i];
    if (breaks_ok && (c == '\t' || c == '\n')) continue;
    if (c < 0x20 || c == 0x7f) return true;
    // C1 controls are U+0080-U+009F: 0xC2 0x80 .. 0xC2 0x9F in UTF-8.
    if (c == 0xc2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) <= 0x9f) {
      return true;
    }
    if (c == 0xe2 && i + 2 < s.size() && IsBidiControl(s[i + 1], s[i + 2])) return true;
    // U+061C ARABIC LETTER MARK: D8 9C.
    if (c == 0xd8 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x9c) return true;
  }
  return false;
}

std::string Trim(std::string_view s) {
  auto is_space_at = [&](size_t i, size_t& width) {
    unsigned char c = s[i];
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      width = 1;
      return true;
    }
    if (s.substr(i, 3) == "\xE3\x80\x80") {
      width = 3;
      return true;
    }
    return false;
  };
  size_t b = 0, w = 0;
  while (b < s.size() && is_space_at(b, w)) b += w;
  size_t e = s.size();
  while (e > b) {
    if (e - b >= 3 && s.substr(e - 3, 3) == "\xE3\x80\x80") {
      e -= 3;
    } else if (is_space_at(e - 1, w) && w == 1) {
      e -= 1;
    } else {
      break;
    }
  }
  return std::string(s.substr(b, e - b));
}

std::string Hex(std::string_view bytes) {
  static const char* kDigits = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char c : bytes) {
    out += kDigits[c >> 4];
    out += kDigits[c & 15];
  }
  return out;
}

}  // namespace duxing
