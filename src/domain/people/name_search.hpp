// Indexed name search (docs/ARCHITECTURE.md, "Lists"): a person's name is
// kept as grams in person_name_grams, written in the transaction that writes
// the name, each gram's rows in name order so that a search reads its page in
// order from the index. Kinds: 'c', every character and every pair of
// adjacent characters of the name (1- and 2-character searches are one
// lookup, longer ones look up their first pair and check the whole text);
// 'p', every prefix of the name's pinyin and of its initials (common/
// collation.hpp NamePinyin: 王伟 → w, wa, …, wangwei, ww).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "storage/database.hpp"

namespace duxing::domain::people {

// Longest pinyin prefix kept per name; a pinyin search may not be longer.
inline constexpr size_t kMaxPinyinSearch = 40;

struct NameGram {
  std::string kind;  // "c" or "p"
  std::string gram;
  bool operator<(const NameGram& o) const {
    return kind != o.kind ? kind < o.kind : gram < o.gram;
  }
  bool operator==(const NameGram& o) const = default;
};

// The distinct grams of `name` (well-formed UTF-8), sorted.
std::vector<NameGram> NameGrams(std::string_view name);

// How a search text is looked up: the gram, and for a character search of
// three or more characters the text the name must also contain.
struct NameLookup {
  NameGram gram;
  std::optional<std::string> contains;
};

// The lookup of `q`, trimmed: ASCII letters and spaces only → pinyin
// (lowercased, spaces removed; longer than kMaxPinyinSearch letters is
// kInvalidArgument on "q"); anything else → characters. nullopt for an
// empty search.
Result<std::optional<NameLookup>> LookUpName(std::string_view q);

// Whether a person named `name` is found by `q` (a plain reading of the
// rule the grams index, for tests and checks): the characters of q appear
// in the name, or q's letters begin the name's pinyin or its initials.
bool NameMatches(std::string_view name, std::string_view q);

// Writes the grams of the people `ids` named `names` (same order).
Status WriteNameGrams(storage::Tx& tx, const std::vector<int64_t>& ids,
                      const std::vector<std::string>& names);
// Removes the grams person `id` was given for `name`.
Status DeleteNameGrams(storage::Tx& tx, int64_t id, std::string_view name);
// Rewrites every person's grams (after the grams' rules or the collation
// changed, or to fill them for people from before the table existed).
Result<int64_t> RebuildNameGrams(storage::Tx& tx);

}  // namespace duxing::domain::people
