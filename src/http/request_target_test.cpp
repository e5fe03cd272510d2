#include "http/request_target.hpp"

#include <gtest/gtest.h>

#include <boost/url/parse.hpp>

namespace duxing::http {
namespace {

using Query = std::multimap<std::string, std::string>;

TEST(ParseOriginFormTest, TakesAPlainPathAsItIs) {
  std::string path;
  Query query;
  ASSERT_TRUE(ParseOriginForm("/api/v1/notifications/unread-count", path, query));
  EXPECT_EQ(path, "/api/v1/notifications/unread-count");
  EXPECT_TRUE(query.empty());
  ASSERT_TRUE(ParseOriginForm("/a/+b/c;d=e/@x:y/~z/", path, query));
  EXPECT_EQ(path, "/a/+b/c;d=e/@x:y/~z/");
}

TEST(ParseOriginFormTest, DecodesPathAndQuery) {
  std::string path;
  Query query;
  ASSERT_TRUE(ParseOriginForm("/api/v1/people/%E5%BC%A0?q=%E5%BC%A0%E4%B8%89&x&x=2", path,
                              query));
  EXPECT_EQ(path, "/api/v1/people/张");
  EXPECT_EQ(query, (Query{{"q", "张三"}, {"x", ""}, {"x", "2"}}));
}

TEST(ParseOriginFormTest, RefusesWhatIsNotOriginForm) {
  std::string path;
  Query query;
  EXPECT_FALSE(ParseOriginForm("api/v1", path, query));
  EXPECT_FALSE(ParseOriginForm("http://example.com/", path, query));
  EXPECT_FALSE(ParseOriginForm("/a b", path, query));
  EXPECT_FALSE(ParseOriginForm("/a%zz", path, query));
  EXPECT_FALSE(ParseOriginForm("", path, query));
  EXPECT_FALSE(ParseOriginForm("*", path, query));
}

// The plain-path shortcut answers as the URL parser does, for every
// character a path may hold.
TEST(ParseOriginFormTest, ShortcutAgreesWithTheUrlParser) {
  for (int c = 1; c < 256; ++c) {
    std::string target = "/x" + std::string(1, static_cast<char>(c)) + "/y";
    std::string path;
    Query query;
    bool ours = ParseOriginForm(target, path, query);
    auto parsed = boost::urls::parse_origin_form(target);
    ASSERT_EQ(ours, parsed.has_value()) << "character " << c;
    if (ours) {
      EXPECT_EQ(path, std::string(parsed->path())) << "character " << c;
    }
  }
}

}  // namespace
}  // namespace duxing::http
