#include "common/text.hpp"

namespace duxing {

bool IsValidUtf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    unsigned char c = s[i];
    size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (n == 0 || i + n > s.size()) return false;
    for (size_t k = 1; k < n; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) >> 6) != 2) return false;
    }
    if (n == 2 && c < 0xC2) return false;
    i += n;
  }
  return true;
}

size_t Utf8Length(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) {
    if ((c >> 6) != 2) ++n;
  }
  return n;
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
