// The origin of the sign-in QR link: the configured public URL, else the
// request's Host only when loopback or the listen address.
#include "api/link_origin.hpp"

#include <gtest/gtest.h>

namespace duxing::api {
namespace {

TEST(CanonicalPublicUrl, TakesSchemeHostAndPortOnly) {
  EXPECT_EQ(CanonicalPublicUrl("https://DJ.example.gov.cn/"), "https://dj.example.gov.cn");
  EXPECT_EQ(CanonicalPublicUrl("http://10.0.0.5:8080"), "http://10.0.0.5:8080");
  EXPECT_EQ(CanonicalPublicUrl("https://[2001:db8::1]:8443"), "https://[2001:db8::1]:8443");
  for (const char* bad : {"", "dj.example.gov.cn", "ftp://x", "https://", "https://x/duxing",
                          "https://x?a=1", "https://user@x", "https://x:0", "https://x:70000",
                          "https://x y", "https://x:80:81", "javascript:alert(1)"}) {
    EXPECT_EQ(CanonicalPublicUrl(bad), std::nullopt) << bad;
  }
}

TEST(LinkOrigin, TheConfiguredUrlWinsOverAnyHost) {
  LinkOrigin origin;
  origin.Configure("https://dj.example.gov.cn", "0.0.0.0:8080", false);
  EXPECT_EQ(origin.For("evil.example.com", false).value(), "https://dj.example.gov.cn");
  EXPECT_EQ(origin.For("", false).value(), "https://dj.example.gov.cn");
}

TEST(LinkOrigin, WithoutOneOnlyLoopbackOrTheListenAddressIsTrusted) {
  LinkOrigin origin;
  origin.Configure("", "192.168.1.10:8080", false);
  EXPECT_EQ(origin.For("127.0.0.1:8080", false).value(), "http://127.0.0.1:8080");
  EXPECT_EQ(origin.For("localhost:5173", true).value(), "https://localhost:5173");
  EXPECT_EQ(origin.For("[::1]:8080", false).value(), "http://[::1]:8080");
  EXPECT_EQ(origin.For("192.168.1.10:8080", false).value(), "http://192.168.1.10:8080");
  for (const char* refused : {"evil.example.com", "192.168.1.10:9090", "192.168.1.10",
                              "dj.example.gov.cn", "", "127.0.0.1:8080/x", "a b", "[::1"}) {
    auto r = origin.For(refused, false);
    ASSERT_FALSE(r.ok()) << refused;
    EXPECT_EQ(r.error().code, Code::kFailedPrecondition);
    EXPECT_NE(r.error().message.find("--public-url"), std::string::npos);
  }
  EXPECT_EQ(LinkOrigin().For("localhost:8080", false).value(), "http://localhost:8080");
  EXPECT_EQ(LinkOrigin().For("127.0.0.1", false).value(), "http://127.0.0.1");
  EXPECT_EQ(LinkOrigin().For("127.255.0.9:80", false).value(), "http://127.255.0.9:80");
  EXPECT_FALSE(LinkOrigin().For("192.168.1.10:8080", false).ok());
  // Only loopback literals: DNS names that begin with "127." resolve wherever
  // their owner wants.
  for (const char* name :
       {"127.attacker.example", "127.0.0.1.nip.io:8080", "127.0.0.1.", "127.0.0", "127.0.0.1.5",
        "127.0.0.256", "127.0.0.01", "127..0.1", "127.0.0.-1", "1270.0.0.1", "128.0.0.1",
        "localhost.attacker.example", "[::1]:8080x"}) {
    EXPECT_FALSE(LinkOrigin().For(name, false).ok()) << name;
  }
  LinkOrigin behind_https;
  behind_https.Configure("", "127.0.0.1:8080", true);
  EXPECT_EQ(behind_https.For("127.0.0.1:8080", false).value(), "https://127.0.0.1:8080");
}

}  // namespace
}  // namespace duxing::api
