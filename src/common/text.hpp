// Small text facts used by validation.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace duxing {

// True when s is well-formed UTF-8: no overlong forms, surrogates or code
// points past U+10FFFF.
bool IsValidUtf8(std::string_view s);
// s with every byte that starts no well-formed sequence replaced by U+FFFD
// (as a browser shows it); s itself when it is well-formed. Linear time.
std::string ToValidUtf8(std::string_view s);
// Number of code points in well-formed UTF-8 (a Chinese character counts 1).
size_t Utf8Length(std::string_view s);
// Whether a text may hold tab and line feed (multi-line text, e.g. a
// spreadsheet cell) or not (one-line names and labels).
enum class LineBreaks { kRefused, kAllowed };
// True when s holds a control character: C0 (U+0000-U+001F; tab and line
// feed only when line_breaks is kRefused, CR always), DEL or C1
// (U+0080-U+009F), or a bidirectional formatting character (U+061C,
// U+200E/U+200F, U+202A-U+202E, U+2066-U+2069: they reorder what a reader
// sees). The one definition of a control character in duxing.
bool HasControlCharacters(std::string_view s, LineBreaks line_breaks = LineBreaks::kRefused);
// s without leading and trailing ASCII whitespace and U+3000 (ideographic space).
std::string Trim(std::string_view s);
// Lower-case hex of bytes.
std::string Hex(std::string_view bytes);

}  // namespace duxing
