// Sort keys for Chinese names: ICU's "zh" collation orders Han characters by
// pinyin (安 < 李 < 王 < 张 < 赵), which is how a 花名册 is read. A key is
// stored beside the name and written as lowercase hex, so that SQLite and
// PostgreSQL order it the same way with a plain byte comparison.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace duxing {

// The key of `utf8` (invalid UTF-8 is keyed by its replacement characters).
// Thread-safe.
std::string NameSortKey(std::string_view utf8);

// How `utf8` is read aloud as a name, for pinyin search: one lowercase ASCII
// syllable per Han character without tones (ü as u), a leading surname with
// another reading read as that surname (the table NameSortKey uses: 曾 zeng,
// 单 shan); a run of Latin letters is one syllable, other characters are
// dropped. Invalid UTF-8 is read by its replacement characters. Thread-safe.
std::vector<std::string> NamePinyin(std::string_view utf8);

namespace internal {
// NamePinyin read by ICU over the whole name at once (NamePinyin remembers
// readings per character): for tests.
std::vector<std::string> WholeNamePinyin(std::string_view utf8);
}  // namespace internal

// The version of the collation the keys come from; when it changes (an ICU
// upgrade, a new surname table), stored keys must be rebuilt.
std::string NameSortKeyVersion();

}  // namespace duxing
