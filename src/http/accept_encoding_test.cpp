#include "http/accept_encoding.hpp"

#include <gtest/gtest.h>

#include <string>

namespace duxing::http {
namespace {

constexpr AvailableCodings kBoth{.brotli = true, .gzip = true};
constexpr AvailableCodings kGzipOnly{.brotli = false, .gzip = true};
constexpr AvailableCodings kNone{};

std::string Choose(std::string_view accept, AvailableCodings available = kBoth) {
  auto c = ChooseContentCoding(accept, available);
  if (!c) return "406";
  return c == ContentCoding::kIdentity ? "identity" : std::string(ContentCodingName(*c));
}

TEST(ChooseContentCodingTest, NoHeaderOrEmptyMeansIdentity) {
  EXPECT_EQ(Choose(""), "identity");
  EXPECT_EQ(Choose("   "), "identity");
}

TEST(ChooseContentCodingTest, BrotliPreferredOverGzipAtEqualWeight) {
  EXPECT_EQ(Choose("gzip, deflate, br, zstd"), "br");  // Chromium
  EXPECT_EQ(Choose("br, gzip"), "br");
  EXPECT_EQ(Choose("gzip, br"), "br");
  EXPECT_EQ(Choose("gzip;q=0.8, br;q=0.8, identity;q=0.8"), "br");
}

TEST(ChooseContentCodingTest, HigherQValueWins) {
  EXPECT_EQ(Choose("br;q=0.5, gzip"), "gzip");
  EXPECT_EQ(Choose("br;q=0.5, gzip;q=0.501"), "gzip");
  EXPECT_EQ(Choose("br;q=0.1, gzip;q=0.1, identity"), "identity");
  EXPECT_EQ(Choose("gzip;q=1.000, br;q=0.999"), "gzip");
  // Identity not listed comes after any coding listed as acceptable.
  EXPECT_EQ(Choose("br;q=0.001"), "br");
}

TEST(ChooseContentCodingTest, ZeroWeightRefusesACoding) {
  EXPECT_EQ(Choose("br;q=0, gzip"), "gzip");
  EXPECT_EQ(Choose("br;q=0.000, gzip;q=0"), "identity");
}

TEST(ChooseContentCodingTest, OnlyHeldCodingsAreChosen) {
  EXPECT_EQ(Choose("br", kGzipOnly), "identity");
  EXPECT_EQ(Choose("br, gzip", kGzipOnly), "gzip");
  EXPECT_EQ(Choose("br, gzip", kNone), "identity");
  EXPECT_EQ(Choose("deflate, zstd, compress"), "identity");
}

TEST(ChooseContentCodingTest, IdentityRefusedExplicitlyOrByStar) {
  EXPECT_EQ(Choose("identity;q=0"), "406");
  EXPECT_EQ(Choose("identity;q=0, gzip"), "gzip");
  EXPECT_EQ(Choose("gzip, identity;q=0", kNone), "406");
  EXPECT_EQ(Choose("*;q=0"), "406");
  EXPECT_EQ(Choose("*;q=0, identity"), "identity");
  EXPECT_EQ(Choose("*;q=0, gzip"), "gzip");
  EXPECT_EQ(Choose("br, *;q=0", kGzipOnly), "406");
}

TEST(ChooseContentCodingTest, StarWeighsEveryCodingNotListed) {
  EXPECT_EQ(Choose("*"), "br");
  EXPECT_EQ(Choose("*", kGzipOnly), "gzip");
  EXPECT_EQ(Choose("*", kNone), "identity");
  EXPECT_EQ(Choose("br;q=0, *"), "gzip");
  EXPECT_EQ(Choose("*;q=0.5, identity"), "identity");
  EXPECT_EQ(Choose("*;q=0.5, gzip"), "gzip");
}

TEST(ChooseContentCodingTest, NamesAreCaseInsensitiveAndXGzipIsGzip) {
  EXPECT_EQ(Choose("BR"), "br");
  EXPECT_EQ(Choose("GZip"), "gzip");
  EXPECT_EQ(Choose("x-gzip"), "gzip");
  EXPECT_EQ(Choose("IDENTITY;Q=0, Gzip;Q=0.5"), "gzip");
}

TEST(ChooseContentCodingTest, WhitespaceAndEmptyElementsAreTolerated) {
  EXPECT_EQ(Choose(" \tbr ; q=0.2 ,, gzip\t;\tq=0.3 ,"), "gzip");
  EXPECT_EQ(Choose(",,,"), "identity");
  EXPECT_EQ(Choose("gzip;level=9;q=0.2, identity;q=0.1"), "gzip");
}

TEST(ChooseContentCodingTest, AMalformedQValueIgnoresItsElement) {
  // Ignored, not taken as 1: a broken weight never turns a coding on.
  for (std::string q :
       {"2", "1.5", "1.0001", "0.1234", "-1", "abc", "", ".5", "0.x", "1e0", "0.5x"}) {
    EXPECT_EQ(Choose("br;q=" + q), "identity") << q;
    EXPECT_EQ(Choose("br;q=" + q + ", gzip;q=0.1, identity;q=0"), "gzip") << q;
  }
  EXPECT_EQ(Choose("br;q=0., gzip"), "gzip");  // "0." is a qvalue: 0
  EXPECT_EQ(Choose("br;q=1."), "br");          // "1." is a qvalue: 1 with no decimals
}

TEST(ChooseContentCodingTest, TheFirstMentionOfACodingCounts) {
  EXPECT_EQ(Choose("br;q=0, br"), "identity");
  EXPECT_EQ(Choose("gzip, gzip;q=0", kGzipOnly), "gzip");
  EXPECT_EQ(Choose("br;q=x, br", kNone), "identity");
}

TEST(ChooseContentCodingTest, ALongHeaderIsReadInOnePass) {
  std::string many;
  for (int i = 0; i < 20000; ++i) many += "x" + std::to_string(i) + ";q=0.5,";
  EXPECT_EQ(Choose(many + "gzip;q=0.4, identity;q=0.3"), "gzip");
  EXPECT_EQ(Choose(std::string(100000, ',') + "br"), "br");
}

TEST(IfNoneMatchTest, MatchesTheTagWeakOrStrongInAListOrStar) {
  EXPECT_TRUE(IfNoneMatchHits("\"abc-br\"", "\"abc-br\""));
  EXPECT_TRUE(IfNoneMatchHits("W/\"abc-br\"", "\"abc-br\""));
  EXPECT_TRUE(IfNoneMatchHits("\"x\", \"abc-br\" ,\"y\"", "\"abc-br\""));
  EXPECT_TRUE(IfNoneMatchHits("*", "\"abc\""));
  EXPECT_FALSE(IfNoneMatchHits("", "\"abc\""));
  EXPECT_FALSE(IfNoneMatchHits("\"abc\"", "\"abc-br\""));
  EXPECT_FALSE(IfNoneMatchHits("\"abc-gz\"", "\"abc-br\""));
  EXPECT_FALSE(IfNoneMatchHits("abc-br", "\"abc-br\""));
  EXPECT_FALSE(IfNoneMatchHits("w/\"abc\"", "\"abc\""));
}

}  // namespace
}  // namespace duxing::http
