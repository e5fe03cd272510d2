// The config file of `serve --config`: sections, comments, quotes, and every
// malformed line refused naming it.
#include "common/config_file.hpp"

#include <gtest/gtest.h>

#include "testing/result_matchers.hpp"

namespace duxing {
namespace {

using test::ExpectError;

TEST(ConfigFile, ReadsSectionsCommentsAndQuotedValues) {
  ASSERT_OK_AND_ASSIGN(auto s, ParseConfig("# 台账\n"
                                           "top = 1\r\n"
                                           "[ledger]  ; the ledger\n"
                                           "  escalate_after_days = 5   # 督办\n"
                                           "note = \"a # b\"\n"
                                           "\n"));
  EXPECT_EQ(s.size(), 3u);
  EXPECT_EQ(s["top"], "1");
  EXPECT_EQ(s["ledger.escalate_after_days"], "5");
  EXPECT_EQ(s["ledger.note"], "a # b");
}

TEST(ConfigFile, RefusesMalformedLinesNamingThem) {
  for (const char* bad : {"a = 1\nnot a setting\n", "a = 1\n[led ger]\n", "a = 1\n[ledger\n",
                          "a = 1\nb c = 2\n", "a = 1\nb = \"open\n", "a = 1\na = 2\n",
                          "a = 1\n= 2\n"}) {
    SCOPED_TRACE(bad);
    auto r = ParseConfig(bad);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, Code::kInvalidArgument);
    EXPECT_NE(r.error().message.find("第 2 行"), std::string::npos) << r.error().message;
  }
}

TEST(ConfigFile, IntegersAreCheckedAgainstTheirRange) {
  std::map<std::string, std::string> s = {{"a", "7"}, {"b", "x"}, {"c", "400"}, {"d", "7d"}};
  ASSERT_OK_AND_ASSIGN(int a, ConfigInt(s, "a", 3, 0, 365));
  EXPECT_EQ(a, 7);
  ASSERT_OK_AND_ASSIGN(int absent, ConfigInt(s, "z", 3, 0, 365));
  EXPECT_EQ(absent, 3);
  for (const char* key : {"b", "c", "d"}) {
    ExpectError(ConfigInt(s, key, 3, 0, 365), Code::kInvalidArgument, key);
  }
  ExpectError(ReadConfigFile("/nonexistent/duxing.conf"), Code::kNotFound, "config");
}

}  // namespace
}  // namespace duxing
