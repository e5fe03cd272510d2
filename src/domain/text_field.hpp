// The rule for a one-line text field of a record (an org's or a community's
// name, a street), shared by the modules that keep such fields.
#pragma once

#include <cstddef>
#include <string_view>

#include "common/result.hpp"
#include "common/text.hpp"

namespace duxing::domain {

// Ok when `text` is well-formed UTF-8, holds no control character (C0 with
// tab and line breaks, DEL, C1; see HasControlCharacters) and has at most
// `max_chars` characters. Otherwise kInvalidArgument on `field`, with a
// Chinese message naming the field by `label` ("组织名称"). Empty text is
// not an error here (whether a field may be empty is the caller's rule).
// Linear in the size of `text`.
Status CheckLineText(std::string_view text, std::string_view field, std::string_view label,
                     size_t max_chars);
// As CheckLineText, for a text of several lines (a question's stem, an
// explanation): tab and line feed are allowed.
Status CheckMultiLineText(std::string_view text, std::string_view field, std::string_view label,
                          size_t max_chars);

}  // namespace duxing::domain
