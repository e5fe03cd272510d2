#include "common/text.hpp"

#include <gtest/gtest.h>

#include <string>

namespace duxing {
namespace {

constexpr std::string_view kIdeographicSpace = "\u3000";

TEST(Utf8LengthTest, CountsCodePointsNotBytes) {
  EXPECT_EQ(Utf8Length(""), 0u);
  EXPECT_EQ(Utf8Length("abc"), 3u);
  EXPECT_EQ(Utf8Length("张三"), 2u);
  EXPECT_EQ(std::string("张三").size(), 6u);
  EXPECT_EQ(Utf8Length("第一党支部ab"), 7u);
  EXPECT_EQ(Utf8Length("é"), 1u);           // two bytes
  EXPECT_EQ(Utf8Length("\U0001F600"), 1u);  // four bytes
  EXPECT_EQ(Utf8Length(kIdeographicSpace), 1u);
  EXPECT_EQ(Utf8Length(std::string(50, 'x')), 50u);
}

TEST(IsValidUtf8Test, AcceptsWellFormedText) {
  EXPECT_TRUE(IsValidUtf8(""));
  EXPECT_TRUE(IsValidUtf8("plain ASCII"));
  EXPECT_TRUE(IsValidUtf8("党支部 张三"));
  EXPECT_TRUE(IsValidUtf8("é ß"));
  EXPECT_TRUE(IsValidUtf8("\U0001F600"));
  EXPECT_TRUE(IsValidUtf8("\xEF\xBB\xBF"));      // BOM, U+FEFF
  EXPECT_TRUE(IsValidUtf8("\xF4\x8F\xBF\xBF"));  // U+10FFFF, the last one
  EXPECT_TRUE(IsValidUtf8(std::string_view("a\0b", 3)));
}

TEST(IsValidUtf8Test, RefusesTruncatedSequences) {
  std::string zhang = "张";  // E5 BC A0
  EXPECT_FALSE(IsValidUtf8(zhang.substr(0, 1)));
  EXPECT_FALSE(IsValidUtf8(zhang.substr(0, 2)));
  EXPECT_FALSE(IsValidUtf8("张三" + zhang.substr(0, 2)));
  EXPECT_FALSE(IsValidUtf8(zhang.substr(0, 2) + "abc"));  // lead, then ASCII
  EXPECT_FALSE(IsValidUtf8("\xF0\x9F\x98"));              // emoji, 3 of 4
  EXPECT_FALSE(IsValidUtf8("\xC3"));
}

TEST(IsValidUtf8Test, RefusesStrayAndInvalidBytes) {
  EXPECT_FALSE(IsValidUtf8("\x80"));  // lone continuation
  EXPECT_FALSE(
      IsValidUtf8("a\xBF"
                  "b"));  // continuation in ASCII
  EXPECT_FALSE(IsValidUtf8("\xFF"));
  EXPECT_FALSE(IsValidUtf8("\xFE"));
  EXPECT_FALSE(IsValidUtf8("\xF8\x88\x80\x80\x80"));  // 5-byte form
  EXPECT_FALSE(IsValidUtf8("\xD5\xC5"));              // GBK "罩"-like pair
}

TEST(IsValidUtf8Test, RefusesOverlongTwoByteForms) {
  EXPECT_FALSE(IsValidUtf8("\xC0\xAF"));  // '/'
  EXPECT_FALSE(IsValidUtf8("\xC0\x80"));  // NUL ("modified UTF-8")
  EXPECT_FALSE(IsValidUtf8("\xC1\xBF"));
}

// Bug (reported): common/text.cpp checks only the two-byte overlong forms.
// The strict version lives privately in tabular/csv_reader.cpp.
TEST(IsValidUtf8Test, RefusesOverlongLongFormsSurrogatesAndPastMax) {
  EXPECT_FALSE(IsValidUtf8("\xE0\x80\xAF"));      // overlong '/'
  EXPECT_FALSE(IsValidUtf8("\xE0\x9F\xBF"));      // overlong U+07FF
  EXPECT_FALSE(IsValidUtf8("\xF0\x80\x80\xAF"));  // overlong '/'
  EXPECT_FALSE(IsValidUtf8("\xF0\x8F\xBF\xBF"));  // overlong U+FFFF
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));      // U+D800 surrogate
  EXPECT_FALSE(IsValidUtf8("\xED\xBF\xBF"));      // U+DFFF surrogate
  EXPECT_FALSE(IsValidUtf8("\xF4\x90\x80\x80"));  // U+110000
  EXPECT_FALSE(IsValidUtf8("\xF5\x80\x80\x80"));
}

TEST(ToValidUtf8Test, KeepsWellFormedTextAndReplacesEachBadByte) {
  EXPECT_EQ(ToValidUtf8("张三 abc"), "张三 abc");
  EXPECT_EQ(ToValidUtf8(""), "");
  const std::string kReplacement = "\xEF\xBF\xBD";
  EXPECT_EQ(ToValidUtf8(std::string("a\x80\x80") + "b"), "a" + kReplacement + kReplacement + "b");
  EXPECT_EQ(ToValidUtf8("\xE5\xBC"), kReplacement + kReplacement);  // truncated 张
  EXPECT_EQ(ToValidUtf8("\xC0\xAF"), kReplacement + kReplacement);  // overlong '/'
  std::string bombs(3000, '\x80');
  std::string fixed = ToValidUtf8(bombs);
  EXPECT_TRUE(IsValidUtf8(fixed));
  EXPECT_EQ(Utf8Length(fixed), 3000u);
}

TEST(TrimTest, RemovesAsciiWhitespaceAtBothEnds) {
  EXPECT_EQ(Trim(""), "");
  EXPECT_EQ(Trim("abc"), "abc");
  EXPECT_EQ(Trim("  abc  "), "abc");
  EXPECT_EQ(Trim("\t\r\n abc \n\r\t"), "abc");
  EXPECT_EQ(Trim(" \t\r\n "), "");
  EXPECT_EQ(Trim("a b  c"), "a b  c");
  EXPECT_EQ(Trim("  a b  c  "), "a b  c");
}

TEST(TrimTest, RemovesIdeographicSpace) {
  std::string sp(kIdeographicSpace);
  EXPECT_EQ(Trim(sp + "张三" + sp), "张三");
  EXPECT_EQ(Trim(sp + sp + "张三"), "张三");
  EXPECT_EQ(Trim("张三" + sp + sp), "张三");
  EXPECT_EQ(Trim(" " + sp + "\t张 三\n" + sp + " "), "张 三");
  EXPECT_EQ(Trim(sp), "");
  EXPECT_EQ(Trim(sp + " " + sp), "");
  EXPECT_EQ(Trim("张" + sp + "三"), "张" + sp + "三");  // inner kept
}

TEST(TrimTest, KeepsCharactersThatOnlyShareBytesWithSpaces) {
  // U+8000 耀 is E8 80 80: ends in the same bytes as U+3000 (E3 80 80).
  EXPECT_EQ(Trim("耀"), "耀");
  EXPECT_EQ(Trim(" 耀 "), "耀");
  // U+3001 、 (E3 80 81) differs from U+3000 only in its last byte.
  EXPECT_EQ(Trim("、a、"), "、a、");
  // Other Unicode spaces (U+00A0 no-break space) are not trimmed.
  EXPECT_EQ(Trim("\u00A0a\u00A0"), "\u00A0a\u00A0");
}

TEST(HexTest, LowerCaseTwoDigitsPerByte) {
  EXPECT_EQ(Hex(""), "");
  EXPECT_EQ(Hex("abc"), "616263");
  EXPECT_EQ(Hex(std::string_view("\x00\x0f\xff\x10", 4)), "000fff10");
  EXPECT_EQ(Hex("张"), "e5bca0");
}

TEST(HasControlCharactersTest, FindsC0DelAndC1ButNotText) {
  EXPECT_FALSE(HasControlCharacters("张三 Zhang-San (机关)"));
  EXPECT_FALSE(HasControlCharacters("\u00a0\u00e9"));  // 0xC2 0xA0, 0xC3 0xA9
  EXPECT_TRUE(HasControlCharacters("a\nb"));
  EXPECT_TRUE(HasControlCharacters("a\tb"));
  EXPECT_TRUE(HasControlCharacters(std::string("a\0b", 3)));
  EXPECT_TRUE(HasControlCharacters("a\x7f"));
  EXPECT_TRUE(HasControlCharacters("a\u0085b"));  // NEL, 0xC2 0x85
  EXPECT_TRUE(HasControlCharacters("\x1b[31m"));
}

TEST(HasControlCharactersTest, FindsBidirectionalFormattingCharacters) {
  // "x\u202Etxt.exe" reads as "xexe.txt": names must show what they hold.
  for (const char* s : {"x\u202etxt.exe", "\u202a", "\u202d", "a\u200fb", "\u200e", "\u2066张\u2069",
                        "\u061c"}) {
    EXPECT_TRUE(HasControlCharacters(s)) << s;
    EXPECT_TRUE(HasControlCharacters(s, LineBreaks::kAllowed)) << s;
  }
  // Neighbours that are ordinary text: U+2010 hyphen, U+2030
  // per mille, U+2070 superscript zero, U+061B Arabic semicolon, quotes.
  for (const char* s : {"\u2010", "\u2030", "\u2070", "\u061b", "\u201c引号\u201d"}) {
    EXPECT_FALSE(HasControlCharacters(s)) << s;
  }
}

TEST(HasControlCharactersTest, MultiLineTextAllowsOnlyTabAndLineFeed) {
  constexpr LineBreaks kAllowed = LineBreaks::kAllowed;
  EXPECT_FALSE(HasControlCharacters("第一行\n第二行\t备注", kAllowed));
  EXPECT_TRUE(HasControlCharacters("a\rb", kAllowed));
  EXPECT_TRUE(HasControlCharacters(std::string("a\0b", 3), kAllowed));
  EXPECT_TRUE(HasControlCharacters("a\x7f", kAllowed));
  EXPECT_TRUE(HasControlCharacters("a\u0085b", kAllowed));
  EXPECT_TRUE(HasControlCharacters("\x1b[31m", kAllowed));
}

}  // namespace
}  // namespace duxing
