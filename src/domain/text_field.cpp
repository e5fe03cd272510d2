#include "domain/text_field.hpp"

#include <string>

#include "common/text.hpp"

namespace duxing::domain {

Status CheckLineText(std::string_view text, std::string_view field, std::string_view label,
                     size_t max_chars) {
  std::string l(label);
  if (!IsValidUtf8(text)) {
    return MakeError(Code::kInvalidArgument, l + "含有无法识别的字符（不是有效的 UTF-8 文本）",
                     std::string(field));
  }
  if (HasControlCharacters(text)) {
    return MakeError(Code::kInvalidArgument, l + "不能包含换行、制表符等控制字符",
                     std::string(field));
  }
  if (Utf8Length(text) > max_chars) {
    return MakeError(Code::kInvalidArgument,
                     l + "不能超过 " + std::to_string(max_chars) + " 个字", std::string(field));
  }
  return Ok();
}

}  // namespace duxing::domain
