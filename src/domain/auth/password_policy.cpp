#include "domain/auth/password_policy.hpp"

#include <algorithm>
#include <unordered_set>

#include "common/embedded_file.hpp"
#include "common/text.hpp"

namespace duxing::domain::auth {
namespace {

std::string AsciiLower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// The embedded list, one password a line; '#' lines are comments.
const std::unordered_set<std::string_view>& CommonPasswords() {
  static const std::unordered_set<std::string_view> kSet = [] {
    std::unordered_set<std::string_view> set;
    for (const EmbeddedFile& f : EmbeddedCommonPasswords()) {
      std::string_view rest = f.data;
      while (!rest.empty()) {
        size_t end = rest.find('\n');
        std::string_view line = rest.substr(0, end);
        rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (!line.empty() && line.front() != '#') set.insert(line);
      }
    }
    return set;
  }();
  return kSet;
}

bool OneCharacterRepeated(std::string_view s) {
  // Compare each code point with the first: the first one's bytes repeat.
  size_t first = 1;
  while (first < s.size() && (static_cast<unsigned char>(s[first]) & 0xC0) == 0x80) ++first;
  if (first == 0 || s.size() % first != 0) return false;
  for (size_t i = first; i < s.size(); i += first) {
    if (s.compare(i, first, s.substr(0, first)) != 0) return false;
  }
  return true;
}

}  // namespace

bool IsCommonPassword(std::string_view password) {
  return CommonPasswords().contains(AsciiLower(password));
}

Status CheckNewPassword(std::string_view password, const PasswordOwner& owner,
                        std::string_view field) {
  std::string f(field);
  if (!IsValidUtf8(password)) {
    return MakeError(Code::kInvalidArgument, "密码须为有效的 UTF-8 文本", f);
  }
  size_t chars = Utf8Length(password);
  if (chars < kMinPasswordChars) {
    return MakeError(Code::kInvalidArgument, "密码至少 12 个字符（可用汉字、空格和符号）", f);
  }
  if (chars > kMaxPasswordChars) {
    return MakeError(Code::kInvalidArgument, "密码不能超过 128 个字符", f);
  }
  if (IsCommonPassword(password) || OneCharacterRepeated(password)) {
    return MakeError(Code::kInvalidArgument, "该密码过于常见，容易被猜中，请换一个", f);
  }
  std::string lower = AsciiLower(password);
  for (std::string_view part : {owner.username, owner.display_name}) {
    // At least 3 bytes: a two-letter name ("li") would refuse half the language.
    if (part.size() >= 3 && lower.find(AsciiLower(part)) != std::string::npos) {
      return MakeError(Code::kInvalidArgument, "密码不能包含用户名或姓名", f);
    }
  }
  return Ok();
}

}  // namespace duxing::domain::auth
