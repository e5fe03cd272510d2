// Coded values defined once: an enum's API codes, Chinese labels and import
// aliases in one table, from which its name, its parsing and its vocabulary
// (GET /api/v1/vocabularies, validation, imports, exports, the web's labels)
// all follow. A module declares its enums' tables beside the enum:
//
//   enum class Kind { kLinked, kCheckIn };
//   inline const CodedEnum<Kind> kKinds = {{Kind::kLinked, {"linked", "联点社区"}},
//                                          {Kind::kCheckIn, {"check_in", "报到社区"}}};
#pragma once

#include <initializer_list>
#include <optional>
#include <stdexcept>
#include <string_view>
#include <utility>
#include <vector>

#include "domain/vocabulary.hpp"

namespace duxing::domain {

template <typename E>
class CodedEnum {
 public:
  struct Item {
    E value;
    Term term;
  };

  // Throws std::logic_error (a bug, at start-up) for a value or code listed twice.
  CodedEnum(std::initializer_list<Item> items) {
    for (const auto& item : items) {
      for (size_t i = 0; i < values_.size(); ++i) {
        if (values_[i] == item.value || std::string_view(terms_[i].code) == item.term.code) {
          throw std::logic_error(std::string("coded value listed twice: ") + item.term.code);
        }
      }
      values_.push_back(item.value);
      terms_.push_back(item.term);
    }
  }

  // The API code of `v` ("" for a value missing from the table: a bug the
  // vocabulary tests catch).
  const char* Name(E v) const {
    for (size_t i = 0; i < values_.size(); ++i) {
      if (values_[i] == v) return terms_[i].code;
    }
    return "";
  }
  std::string Label(E v) const { return LabelOf(terms_, Name(v)); }
  // The value whose code is exactly `code` (labels and aliases are for
  // imports: use CodeOf(terms(), s) first there).
  std::optional<E> Parse(std::string_view code) const {
    for (size_t i = 0; i < values_.size(); ++i) {
      if (code == terms_[i].code) return values_[i];
    }
    return std::nullopt;
  }
  const std::vector<E>& values() const { return values_; }
  const Vocabulary& terms() const { return terms_; }

 private:
  std::vector<E> values_;
  Vocabulary terms_;
};

}  // namespace duxing::domain
