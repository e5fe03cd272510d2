#include "domain/vocabulary.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>

#include "domain/auth/principal.hpp"
#include "domain/communities/community.hpp"
#include "domain/orgs/org.hpp"

namespace duxing::domain {
namespace {

bool HasChinese(const std::string& s) {
  // Every CJK ideograph is three bytes in UTF-8 starting 0xE4..0xE9.
  for (unsigned char c : s) {
    if (c >= 0xE4 && c <= 0xE9) return true;
  }
  return false;
}

TEST(VocabularyTest, CodesAreUniqueAndLabelsChinese) {
  std::set<std::string> names;
  for (const auto& v : AllVocabularies()) {
    EXPECT_TRUE(names.insert(v.name).second) << v.name;
    ASSERT_NE(v.terms, nullptr);
    EXPECT_FALSE(v.terms->empty()) << v.name;
    std::set<std::string> codes, labels;
    for (const auto& t : *v.terms) {
      EXPECT_TRUE(codes.insert(t.code).second) << v.name << " " << t.code;
      EXPECT_TRUE(labels.insert(t.label).second) << v.name << " " << t.label;
      EXPECT_TRUE(HasChinese(t.label)) << v.name << " " << t.label;
    }
  }
}

TEST(VocabularyTest, CoversEveryEnumOfTheDomain) {
  for (const auto& t : kOrgKinds) EXPECT_TRUE(orgs::ParseKind(t.code)) << t.code;
  EXPECT_EQ(kOrgKinds.size(), 6u);
  for (const auto& t : kCommunityKinds) EXPECT_TRUE(communities::ParseKind(t.code)) << t.code;
  for (const auto& t : kRoles) EXPECT_TRUE(auth::ParseRole(t.code)) << t.code;
  EXPECT_EQ(kRoles.size(), 5u);
}

TEST(VocabularyTest, LabelsAndCodesBothWays) {
  EXPECT_EQ(LabelOf(kPersonCategories, "family"), "职工子弟/家属");
  EXPECT_EQ(LabelOf(kPersonCategories, "nope"), "");
  EXPECT_EQ(LabelOrCode(kAuditActions, "create"), "新增");
  EXPECT_EQ(LabelOrCode(kAuditActions, "future_action"), "future_action");
  EXPECT_EQ(CodeOf(kRoles, "支部书记"), "branch_secretary");
  EXPECT_EQ(CodeOf(kRoles, "leader"), "leader");
  EXPECT_EQ(CodeOf(kRoles, "国王"), std::nullopt);
  // Aliases are read, never shown.
  EXPECT_EQ(CodeOf(kPersonCategories, "职工家属"), "family");
  EXPECT_EQ(LabelOf(kPersonCategories, "family"), "职工子弟/家属");
  EXPECT_EQ(CodeOf(kGenders, "职工家属"), std::nullopt);
}

}  // namespace
}  // namespace duxing::domain
