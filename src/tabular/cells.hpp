// Small helpers shared by the tabular readers and writer. Internal to
// duxing::tabular.
#pragma once

#include <algorithm>
#include <string>
#include <string_view>

#include "common/result.hpp"
#include "tabular/table.hpp"

namespace duxing::tabular {

inline bool IsAsciiSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' ||
         c == '\f';
}

// `text` without leading and trailing ASCII whitespace.
inline std::string_view TrimAscii(std::string_view text) {
  while (!text.empty() && IsAsciiSpace(text.front())) text.remove_prefix(1);
  while (!text.empty() && IsAsciiSpace(text.back())) text.remove_suffix(1);
  return text;
}

// Trims `text` in place.
inline void TrimAsciiInPlace(std::string& text) {
  std::string_view trimmed = TrimAscii(text);
  if (trimmed.size() == text.size()) return;
  text = std::string(trimmed);
}

// Appends the UTF-8 encoding of `cp` to `out`. Returns false, and appends
// nothing, for zero, surrogates and values above U+10FFFF.
inline bool AppendUtf8(char32_t cp, std::string& out) {
  if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
  return true;
}

// Pads every row of `table` to the widest row's length with "". Fails with
// kTooLarge (message `too_large_message`) when rows × width > kMaxCells.
inline Status PadRows(Table& table, std::string_view too_large_message) {
  size_t width = 0;
  for (const auto& row : table.rows) width = std::max(width, row.size());
  if (static_cast<int64_t>(width) * static_cast<int64_t>(table.rows.size()) >
      kMaxCells) {
    return MakeError(Code::kTooLarge, std::string(too_large_message));
  }
  for (auto& row : table.rows) row.resize(width);
  return Ok();
}

}  // namespace duxing::tabular
