#include "common/collation.hpp"

#include <gtest/gtest.h>

#include <random>
#include <string>

#include <algorithm>
#include <string>
#include <vector>

namespace duxing {
namespace {

std::vector<std::string> Sorted(std::vector<std::string> names) {
  std::sort(names.begin(), names.end(), [](const std::string& a, const std::string& b) {
    return NameSortKey(a) < NameSortKey(b);
  });
  return names;
}

TEST(NameSortKeyTest, OrdersChineseNamesByPinyin) {
  EXPECT_EQ(Sorted({"赵六", "张三", "王五", "李四", "安娜", "陈明"}),
            (std::vector<std::string>{"安娜", "陈明", "李四", "王五", "张三", "赵六"}));
}

TEST(NameSortKeyTest, SameSurnameThenGivenName) {
  EXPECT_EQ(Sorted({"王子豪", "王安", "王", "王明"}),
            (std::vector<std::string>{"王", "王安", "王明", "王子豪"}));
}

TEST(NameSortKeyTest, SurnamesAreReadAsSurnames) {
  // 曾 is Zēng and 单 is Shàn as surnames (céng and dān elsewhere).
  EXPECT_EQ(Sorted({"张三", "曾平", "陈斌", "曹文"}),
            (std::vector<std::string>{"曹文", "陈斌", "曾平", "张三"}));
  EXPECT_EQ(Sorted({"沈阳", "单杰", "邓平"}),
            (std::vector<std::string>{"邓平", "单杰", "沈阳"}));
  // Only the first character is a surname.
  EXPECT_EQ(Sorted({"李曾", "李北"}), (std::vector<std::string>{"李北", "李曾"}));
  // The stand-in character does not make two names equal.
  EXPECT_NE(NameSortKey("曾平"), NameSortKey("增平"));
}

TEST(NameSortKeyTest, IsLowercaseHexAndDistinguishesNames) {
  std::string k = NameSortKey("张三");
  ASSERT_FALSE(k.empty());
  EXPECT_EQ(k.size() % 2, 0u);
  EXPECT_TRUE(std::all_of(k.begin(), k.end(), [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
  }));
  EXPECT_NE(NameSortKey("张三"), NameSortKey("张山"));
  EXPECT_EQ(NameSortKey("张三"), NameSortKey("张三"));
  EXPECT_LT(NameSortKey(""), NameSortKey("安")) << "an empty name sorts first";
}

TEST(NameSortKeyTest, ToleratesInvalidUtf8) {
  EXPECT_FALSE(NameSortKey("\xff\xfe").empty());
}

TEST(NameSortKeyTest, VersionNamesTheCollation) {
  EXPECT_EQ(NameSortKeyVersion().rfind("icu-zh-", 0), 0u);
  EXPECT_EQ(NameSortKeyVersion(), NameSortKeyVersion());
}

}  // namespace
}  // namespace duxing

namespace duxing {

TEST(NamePinyinTest, ReadsEachCharacterAsOneToneLessSyllable) {
  EXPECT_EQ(NamePinyin("王伟"), (std::vector<std::string>{"wang", "wei"}));
  EXPECT_EQ(NamePinyin("吕布"), (std::vector<std::string>{"lu", "bu"}));
  EXPECT_EQ(NamePinyin(""), std::vector<std::string>{});
}

TEST(NamePinyinTest, ReadsPolyphonicSurnamesAsSurnames) {
  EXPECT_EQ(NamePinyin("曾平").front(), "zeng");
  EXPECT_EQ(NamePinyin("单平").front(), "shan");
  EXPECT_EQ(NamePinyin("解平").front(), "xie");
  EXPECT_EQ(NamePinyin("仇平").front(), "qiu");
}

TEST(NamePinyinTest, ReadsCompoundSurnamesTogether) {
  EXPECT_EQ(NamePinyin("万俟明"), (std::vector<std::string>{"mo", "qi", "ming"}));
  EXPECT_EQ(NamePinyin("长孙明"), (std::vector<std::string>{"zhang", "sun", "ming"}));
  EXPECT_EQ(NamePinyin("澹台明"), (std::vector<std::string>{"tan", "tai", "ming"}));
}

// NamePinyin remembers readings per leading pair and per later character;
// ICU reads a character by what precedes it, so check the remembered
// readings against ICU over whole names: seeded random names of 2 to 4
// characters, half led by a polyphonic or compound surname.
TEST(NamePinyinTest, ReadsCharacterByCharacterAsTheWholeName) {
  const std::u16string surnames =
      u"王李张刘陈杨曾单解仇区朴查盖覃缪翟召种秘员万俟司马上官欧阳夏侯诸葛尉迟长孙澹台令狐单于";
  std::mt19937 rng(2021);
  std::uniform_int_distribution<int> han(0x4E00, 0x9FA5);
  auto utf8 = [](const std::u16string& s) {
    std::string out;
    for (char16_t c : s) {  // BMP only
      out += static_cast<char>(0xE0 | (c >> 12));
      out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (c & 0x3F));
    }
    return out;
  };
  int checked = 0;
  for (int i = 0; i < 20000; ++i) {
    std::u16string name;
    if (i % 2) {
      size_t at = rng() % (surnames.size() - 1);
      name = surnames.substr(at, i % 4 == 1 ? 2 : 1);
    }
    while (name.size() < 2 + rng() % 3) name += static_cast<char16_t>(han(rng));
    std::string text = utf8(name);
    ASSERT_EQ(NamePinyin(text), internal::WholeNamePinyin(text)) << text;
    ++checked;
  }
  EXPECT_EQ(checked, 20000);
}

TEST(NamePinyinTest, KeepsLatinRunsAndDropsOtherCharacters) {
  EXPECT_EQ(NamePinyin("John·王"), (std::vector<std::string>{"john", "wang"}));
  EXPECT_EQ(NamePinyin("Li Na"), (std::vector<std::string>{"li", "na"}));
}

}  // namespace duxing
