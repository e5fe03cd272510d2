#include "domain/people/name_search.hpp"

#include <algorithm>
#include <tuple>

#include "common/collation.hpp"
#include "common/text.hpp"

namespace duxing::domain::people {
namespace {

constexpr std::string_view kDeleteGram =
    "DELETE FROM person_name_grams WHERE kind = $1 AND gram = $2 AND name_key = $3 "
    "AND person_id = $4";

// The characters of well-formed UTF-8 `s`, each as its bytes.
std::vector<std::string_view> Characters(std::string_view s) {
  std::vector<std::string_view> out;
  for (size_t i = 0; i < s.size();) {
    unsigned char c = s[i];
    size_t n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    n = std::min(n, s.size() - i);
    out.push_back(s.substr(i, n));
    i += n;
  }
  return out;
}

// The name's pinyin and initials, each cut at kMaxPinyinSearch letters.
std::pair<std::string, std::string> PinyinAndInitials(std::string_view name) {
  std::string full, initials;
  for (const std::string& syllable : NamePinyin(name)) {
    full += syllable;
    initials += syllable.front();
  }
  full.resize(std::min(full.size(), kMaxPinyinSearch));
  initials.resize(std::min(initials.size(), kMaxPinyinSearch));
  return {full, initials};
}

bool IsPinyinSearch(std::string_view q) {
  bool letter = false;
  for (char c : q) {
    if (c == ' ') continue;
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) return false;
    letter = true;
  }
  return letter;
}

std::string Letters(std::string_view q) {
  std::string out;
  for (char c : q) {
    if (c != ' ') out += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  }
  return out;
}

}  // namespace

std::vector<NameGram> NameGrams(std::string_view name) {
  std::vector<NameGram> out;
  std::vector<std::string_view> chars = Characters(name);
  for (size_t i = 0; i < chars.size(); ++i) {
    out.push_back({"c", std::string(chars[i])});
    if (i + 1 < chars.size()) out.push_back({"c", std::string(chars[i]) + std::string(chars[i + 1])});
  }
  auto [full, initials] = PinyinAndInitials(name);
  for (size_t n = 1; n <= full.size(); ++n) out.push_back({"p", full.substr(0, n)});
  for (size_t n = 1; n <= initials.size(); ++n) out.push_back({"p", initials.substr(0, n)});
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

Result<std::optional<NameLookup>> LookUpName(std::string_view q) {
  std::string text = Trim(q);
  if (text.empty()) return std::optional<NameLookup>();
  if (IsPinyinSearch(text)) {
    std::string letters = Letters(text);
    if (letters.size() > kMaxPinyinSearch) {
      return MakeError(Code::kInvalidArgument,
                       "拼音搜索不能超过 " + std::to_string(kMaxPinyinSearch) + " 个字母", "q");
    }
    return std::optional(NameLookup{{"p", letters}, std::nullopt});
  }
  std::vector<std::string_view> chars = Characters(text);
  NameLookup lookup;
  lookup.gram.kind = "c";
  lookup.gram.gram = std::string(chars[0]);
  if (chars.size() >= 2) lookup.gram.gram += std::string(chars[1]);
  if (chars.size() >= 3) lookup.contains = text;
  return std::optional(lookup);
}

bool NameMatches(std::string_view name, std::string_view q) {
  std::string text = Trim(q);
  if (text.empty()) return true;
  if (!IsPinyinSearch(text)) return name.find(text) != std::string_view::npos;
  std::string letters = Letters(text);
  std::string full, initials;
  for (const std::string& syllable : NamePinyin(name)) {
    full += syllable;
    initials += syllable.front();
  }
  return full.rfind(letters, 0) == 0 || initials.rfind(letters, 0) == 0;
}

Status WriteNameGrams(storage::Tx& tx, const std::vector<int64_t>& ids,
                      const std::vector<std::string>& names) {
  static const std::vector<std::string_view> kColumns = {"kind", "gram", "name_key", "person_id"};
  // In the table's key order: a batch then fills the index's pages one
  // after another instead of visiting a random page per row (a bulk import
  // writes about 13 grams a person).
  std::vector<std::tuple<std::string, std::string, std::string, int64_t>> grams;
  for (size_t i = 0; i < ids.size(); ++i) {
    std::string key = NameSortKey(names[i]);
    for (NameGram& g : NameGrams(names[i])) {
      grams.emplace_back(std::move(g.kind), std::move(g.gram), key, ids[i]);
    }
  }
  if (grams.empty()) return Ok();
  std::sort(grams.begin(), grams.end());
  std::vector<storage::Params> rows;
  rows.reserve(grams.size());
  for (auto& [kind, gram, key, id] : grams) {
    rows.push_back({std::move(kind), std::move(gram), std::move(key), id});
  }
  DX_RETURN_IF_ERROR(
      storage::InsertRows(tx, "person_name_grams", kColumns, rows, storage::Returning::kNothing));
  return Ok();
}

Status DeleteNameGrams(storage::Tx& tx, int64_t id, std::string_view name) {
  std::string key = NameSortKey(name);
  for (const NameGram& g : NameGrams(name)) {
    DX_RETURN_IF_ERROR(tx.Exec(kDeleteGram, {g.kind, g.gram, key, id}));
  }
  return Ok();
}

Result<int64_t> RebuildNameGrams(storage::Tx& tx) {
  DX_RETURN_IF_ERROR(tx.Exec("DELETE FROM person_name_grams", {}));
  DX_ASSIGN_OR_RETURN(storage::Rows rows, tx.Query("SELECT id, name FROM people ORDER BY id", {}));
  constexpr size_t kBatch = 5000;
  for (size_t at = 0; at < rows.size(); at += kBatch) {
    std::vector<int64_t> ids;
    std::vector<std::string> names;
    for (size_t i = at; i < std::min(rows.size(), at + kBatch); ++i) {
      ids.push_back(rows[i].Int(0));
      names.push_back(rows[i].Text(1));
    }
    DX_RETURN_IF_ERROR(WriteNameGrams(tx, ids, names));
  }
  return static_cast<int64_t>(rows.size());
}

}  // namespace duxing::domain::people
