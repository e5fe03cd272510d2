#include "common/collation.hpp"

#include <unicode/ucol.h>
#include <unicode/ustring.h>
#include <unicode/utrans.h>

#include <algorithm>
#include <memory>
#include <string>
#include <unordered_map>
#include <mutex>
#include <stdexcept>
#include <utility>
#include <vector>

namespace duxing {
namespace {

struct CollatorCloser {
  void operator()(UCollator* c) const { ucol_close(c); }
};
using Collator = std::unique_ptr<UCollator, CollatorCloser>;

Collator OpenChinese() {
  UErrorCode status = U_ZERO_ERROR;
  Collator c(ucol_open("zh", &status));
  if (U_FAILURE(status)) {
    throw std::runtime_error(std::string("ICU: cannot open the zh collator: ") +
                             u_errorName(status));
  }
  return c;
}

// Collators are cheap to keep per thread and need no locking that way.
const UCollator* ThisThreadsCollator() {
  thread_local Collator collator = OpenChinese();
  return collator.get();
}

struct TransliteratorCloser {
  void operator()(UTransliterator* t) const { utrans_close(t); }
};
using Transliterator = std::unique_ptr<UTransliterator, TransliteratorCloser>;

// Han characters to toneless lowercase pinyin, read as a name. Opening the
// rules is slow (a few hundred ms), so one is opened and each thread clones it.
const UTransliterator* ThisThreadsTransliterator() {
  static std::once_flag once;
  static Transliterator prototype;
  std::call_once(once, [] {
    UErrorCode status = U_ZERO_ERROR;
    UChar id[64];
    u_uastrcpy(id, "Han-Latin/Names; Latin-ASCII; Lower");
    prototype.reset(utrans_openU(id, -1, UTRANS_FORWARD, nullptr, 0, nullptr, &status));
    if (U_FAILURE(status)) {
      throw std::runtime_error(std::string("ICU: cannot open Han-Latin: ") +
                               u_errorName(status));
    }
  });
  thread_local Transliterator mine = [] {
    UErrorCode status = U_ZERO_ERROR;
    Transliterator t(utrans_clone(prototype.get(), &status));
    if (U_FAILURE(status)) {
      throw std::runtime_error(std::string("ICU: cannot clone Han-Latin: ") +
                               u_errorName(status));
    }
    return t;
  }();
  return mine.get();
}

std::vector<UChar> ToUtf16(std::string_view utf8) {
  std::vector<UChar> text(utf8.size() + 1);
  int32_t length = 0;
  UErrorCode status = U_ZERO_ERROR;
  u_strFromUTF8WithSub(text.data(), static_cast<int32_t>(text.size()), &length, utf8.data(),
                       static_cast<int32_t>(utf8.size()), 0xFFFD, nullptr, &status);
  text.resize(U_FAILURE(status) ? 0 : length);
  return text;
}

// Surnames whose reading differs from the character's usual one (曾 is Zēng
// as a surname, céng in 曾经), each with a character that has the surname's
// reading in ICU's pinyin order.
constexpr std::pair<std::string_view, std::string_view> kSurnameSounds[] = {
    {"曾", "增"}, {"单", "善"}, {"解", "谢"}, {"仇", "求"}, {"区", "欧"},
    {"朴", "瓢"}, {"查", "渣"}, {"盖", "葛"}, {"覃", "秦"}, {"缪", "妙"},
    {"翟", "宅"}, {"召", "邵"}, {"种", "虫"}, {"秘", "必"}, {"员", "运"},
};

// `utf8` with a leading surname of kSurnameSounds replaced by the character
// that reads like it, or "" when it has none.
std::string SpokenSurname(std::string_view utf8) {
  for (auto [surname, sounds_like] : kSurnameSounds) {
    if (utf8.substr(0, surname.size()) == surname) {
      return std::string(sounds_like) + std::string(utf8.substr(surname.size()));
    }
  }
  return "";
}

// The syllables ICU reads in `text`: runs of ASCII letters, lowercased.
std::vector<std::string> Syllables(std::vector<UChar> text) {
  // Each Han character becomes at most a syllable and a space (6 + 1 units).
  int32_t length = static_cast<int32_t>(text.size());
  int32_t capacity = length * 8 + 8;
  text.resize(capacity);
  int32_t limit = length;
  UErrorCode status = U_ZERO_ERROR;
  utrans_transUChars(ThisThreadsTransliterator(), text.data(), &length, capacity, 0, &limit,
                     &status);
  std::vector<std::string> out;
  if (U_FAILURE(status)) return out;
  std::string syllable;
  for (int32_t i = 0; i <= length; ++i) {
    UChar c = i < length ? text[i] : u' ';
    if (c >= u'a' && c <= u'z') {
      syllable += static_cast<char>(c);
    } else if (c >= u'A' && c <= u'Z') {
      syllable += static_cast<char>(c - u'A' + 'a');
    } else if (!syllable.empty()) {
      out.push_back(std::move(syllable));
      syllable.clear();
    }
  }
  return out;
}

// CJK Unified Ideographs and Extension A (the characters of names; others
// are read through the whole name).
bool IsBmpHan(UChar c) { return (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF); }

// A Han character read "yi" put before a later character of a name.
constexpr UChar kAnyHan = 0x4E00;  // 一
// Readings kept per thread before the cache starts over.
constexpr size_t kMaxRemembered = 1 << 16;

std::string Key(std::string_view utf8) {
  std::vector<UChar> text = ToUtf16(utf8);
  int32_t length = static_cast<int32_t>(text.size());
  const UCollator* c = ThisThreadsCollator();
  std::vector<uint8_t> key(length * 4 + 16);
  int32_t n = ucol_getSortKey(c, text.data(), length, key.data(), static_cast<int32_t>(key.size()));
  if (n > static_cast<int32_t>(key.size())) {
    key.resize(n);
    n = ucol_getSortKey(c, text.data(), length, key.data(), n);
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(2 * n);
  for (int32_t i = 0; i + 1 < n; ++i) {  // the last byte is the terminating 0
    out += kHex[key[i] >> 4];
    out += kHex[key[i] & 15];
  }
  return out;
}

}  // namespace

std::string NameSortKey(std::string_view utf8) {
  std::string spoken = SpokenSurname(utf8);
  // The name itself breaks ties with a name that really starts with the
  // stand-in character.
  if (!spoken.empty()) return Key(spoken) + Key(utf8);
  return Key(utf8);
}

namespace internal {

std::vector<std::string> WholeNamePinyin(std::string_view utf8) {
  std::string spoken = SpokenSurname(utf8);
  return Syllables(ToUtf16(spoken.empty() ? utf8 : std::string_view(spoken)));
}

}  // namespace internal

std::vector<std::string> NamePinyin(std::string_view utf8) {
  std::string spoken = SpokenSurname(utf8);
  std::vector<UChar> text = ToUtf16(spoken.empty() ? utf8 : std::string_view(spoken));
  if (text.size() < 2 || !std::all_of(text.begin(), text.end(), IsBmpHan)) return Syllables(text);
  // Han-Latin/Names reads a character by what comes before it: the first two
  // together (compound surnames: 万俟 is mo qi, 长孙 zhang sun), each later
  // one as after any Han character. So each reading is kept per thread and
  // ICU runs once per new pair or character, not once per name (a fifth of
  // a 100,000-row import). NamePinyinTest checks this against the whole name.
  thread_local std::unordered_map<std::u16string, std::vector<std::string>> heads;
  thread_local std::unordered_map<UChar, std::string> tails;
  if (heads.size() > kMaxRemembered) heads.clear();
  std::u16string head(text.begin(), text.begin() + 2);
  auto h = heads.find(head);
  if (h == heads.end()) {
    std::vector<std::string> read = Syllables({text[0], text[1]});
    if (read.size() != 2) return Syllables(text);
    h = heads.emplace(std::move(head), std::move(read)).first;
  }
  std::vector<std::string> out = h->second;
  for (size_t i = 2; i < text.size(); ++i) {
    auto t = tails.find(text[i]);
    if (t == tails.end()) {
      std::vector<std::string> read = Syllables({kAnyHan, text[i]});
      if (read.size() != 2) return Syllables(text);
      t = tails.emplace(text[i], std::move(read[1])).first;
    }
    out.push_back(t->second);
  }
  return out;
}

std::string NameSortKeyVersion() {
  UVersionInfo version;
  ucol_getVersion(ThisThreadsCollator(), version);
  char text[U_MAX_VERSION_STRING_LENGTH];
  u_versionToString(version, text);
  // "s1": the surname table above; change it when that table changes.
  return std::string("icu-zh-") + text + "-s1";
}

}  // namespace duxing
