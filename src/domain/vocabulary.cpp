#include "domain/vocabulary.hpp"

namespace duxing::domain {

const Vocabulary kYesNo = {{"true", "是"}, {"false", "否"}};

std::string LabelOf(const Vocabulary& v, std::string_view code) {
  for (const auto& t : v) {
    if (code == t.code) return t.label;
  }
  return "";
}

std::string LabelOrCode(const Vocabulary& v, std::string_view code) {
  std::string label = LabelOf(v, code);
  return label.empty() ? std::string(code) : label;
}

std::optional<std::string> CodeOf(const Vocabulary& v, std::string_view s) {
  for (const auto& t : v) {
    if (s == t.code || s == t.label) return std::string(t.code);
    for (auto alias : t.aliases) {
      if (s == alias) return std::string(t.code);
    }
  }
  return std::nullopt;
}

}  // namespace duxing::domain
