#include "domain/text_field.hpp"

#include <string>

#include "common/text.hpp"

namespace duxing::domain {

namespace {

Status CheckText(std::string_view text, std::string_view field, std::string_view label,
                 size_t max_chars, LineBreaks line_breaks) {
  std::string l(label);
  if (!IsValidUtf8(text)) {
    return MakeError(Code::kInvalidArgument, l + "含有无法识别的字符（不是有效的 UTF-8 文本）",
                     std::string(field));
  }
  if (HasControlCharacters(text, line_breaks)) {
    return MakeError(Code::kInvalidArgument,
                     l + (line_breaks == LineBreaks::kRefused ? "不能包含换行、制表符等控制字符"
                                                              : "不能包含控制字符"),
                     std::string(field));
  }
  if (Utf8Length(text) > max_chars) {
    return MakeError(Code::kInvalidArgument,
                     l + "不能超过 " + std::to_string(max_chars) + " 个字", std::string(field));
  }
  return Ok();
}

}  // namespace

Status CheckLineText(std::string_view text, std::string_view field, std::string_view label,
                     size_t max_chars) {
  return CheckText(text, field, label, max_chars, LineBreaks::kRefused);
}

Status CheckMultiLineText(std::string_view text, std::string_view field, std::string_view label,
                          size_t max_chars) {
  return CheckText(text, field, label, max_chars, LineBreaks::kAllowed);
}

}  // namespace duxing::domain
