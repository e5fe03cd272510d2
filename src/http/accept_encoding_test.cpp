#include "http/accept_encoding.hpp"

#include <gtest/gtest.h>

#include <string>
#include <string_view>

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

// One case of content negotiation: what the client sends, what the resource
// is held in, and the answer ("br", "gzip", "identity", or "406").
struct ChoiceCase {
  std::string_view name;  // what the case shows, named in the failure message
  std::string_view accept;
  AvailableCodings available;
  std::string_view want;
};

constexpr ChoiceCase kChoiceCases[] = {
    // No header or an empty one means identity.
    {"no header", "", kBoth, "identity"},
    {"blank header", "   ", kBoth, "identity"},
    // Brotli preferred over gzip at equal weight.
    {"Chromium's header", "gzip, deflate, br, zstd", kBoth, "br"},
    {"br listed first", "br, gzip", kBoth, "br"},
    {"gzip listed first", "gzip, br", kBoth, "br"},
    {"three at equal weight", "gzip;q=0.8, br;q=0.8, identity;q=0.8", kBoth, "br"},
    // A higher q-value wins.
    {"gzip weighs more", "br;q=0.5, gzip", kBoth, "gzip"},
    {"the third decimal decides", "br;q=0.5, gzip;q=0.501", kBoth, "gzip"},
    {"identity weighs more", "br;q=0.1, gzip;q=0.1, identity", kBoth, "identity"},
    {"1.000 beats 0.999", "gzip;q=1.000, br;q=0.999", kBoth, "gzip"},
    // Identity not listed comes after any coding listed as acceptable.
    {"the least listed weight beats unlisted identity", "br;q=0.001", kBoth, "br"},
    // A zero weight refuses a coding.
    {"br refused", "br;q=0, gzip", kBoth, "gzip"},
    {"both refused", "br;q=0.000, gzip;q=0", kBoth, "identity"},
    // Only codings held are chosen.
    {"br asked, gzip held", "br", kGzipOnly, "identity"},
    {"both asked, gzip held", "br, gzip", kGzipOnly, "gzip"},
    {"both asked, none held", "br, gzip", kNone, "identity"},
    {"only unknown codings asked", "deflate, zstd, compress", kBoth, "identity"},
    // Identity refused explicitly or by star.
    {"identity refused", "identity;q=0", kBoth, "406"},
    {"identity refused, gzip asked", "identity;q=0, gzip", kBoth, "gzip"},
    {"identity refused, nothing held", "gzip, identity;q=0", kNone, "406"},
    {"star refused", "*;q=0", kBoth, "406"},
    {"star refused, identity listed", "*;q=0, identity", kBoth, "identity"},
    {"star refused, gzip listed", "*;q=0, gzip", kBoth, "gzip"},
    {"star refused, br listed but not held", "br, *;q=0", kGzipOnly, "406"},
    // Star weighs every coding not listed.
    {"star alone", "*", kBoth, "br"},
    {"star, gzip held", "*", kGzipOnly, "gzip"},
    {"star, nothing held", "*", kNone, "identity"},
    {"star after br refused", "br;q=0, *", kBoth, "gzip"},
    {"star below identity", "*;q=0.5, identity", kBoth, "identity"},
    {"star below gzip", "*;q=0.5, gzip", kBoth, "gzip"},
    // Names are case-insensitive and x-gzip is gzip.
    {"upper-case BR", "BR", kBoth, "br"},
    {"mixed-case GZip", "GZip", kBoth, "gzip"},
    {"x-gzip", "x-gzip", kBoth, "gzip"},
    {"upper-case parameters", "IDENTITY;Q=0, Gzip;Q=0.5", kBoth, "gzip"},
    // Whitespace and empty elements are tolerated.
    {"tabs, spaces, empty elements", " \tbr ; q=0.2 ,, gzip\t;\tq=0.3 ,", kBoth, "gzip"},
    {"only commas", ",,,", kBoth, "identity"},
    {"other parameters", "gzip;level=9;q=0.2, identity;q=0.1", kBoth, "gzip"},
    // Short q-values that are well-formed.
    {"q=0. is 0", "br;q=0., gzip", kBoth, "gzip"},
    {"q=1. is 1", "br;q=1.", kBoth, "br"},
    // The first mention of a coding counts.
    {"br refused, then listed", "br;q=0, br", kBoth, "identity"},
    {"gzip listed, then refused", "gzip, gzip;q=0", kGzipOnly, "gzip"},
    {"malformed br, then listed", "br;q=x, br", kNone, "identity"},
};

TEST(ChooseContentCodingTest, AnswersEachCaseOfTheTable) {
  for (const ChoiceCase& c : kChoiceCases) {
    EXPECT_EQ(Choose(c.accept, c.available), c.want)
        << "case \"" << c.name << "\": Accept-Encoding \"" << c.accept << "\"";
  }
}

TEST(ChooseContentCodingTest, AMalformedQValueIgnoresItsElement) {
  // Ignored, not taken as 1: a broken weight never turns a coding on.
  for (std::string q :
       {"2", "1.5", "1.0001", "0.1234", "-1", "abc", "", ".5", "0.x", "1e0", "0.5x"}) {
    EXPECT_EQ(Choose("br;q=" + q), "identity") << "case: br alone with q=" << q;
    EXPECT_EQ(Choose("br;q=" + q + ", gzip;q=0.1, identity;q=0"), "gzip")
        << "case: br with q=" << q << " beside gzip";
  }
}

TEST(ChooseContentCodingTest, ALongHeaderIsReadInOnePass) {
  std::string many;
  for (int i = 0; i < 20000; ++i) many += "x" + std::to_string(i) + ";q=0.5,";
  EXPECT_EQ(Choose(many + "gzip;q=0.4, identity;q=0.3"), "gzip")
      << "case: 20,000 unknown codings";
  EXPECT_EQ(Choose(std::string(100000, ',') + "br"), "br") << "case: 100,000 empty elements";
}

// One case of If-None-Match against a resource's (strong) entity tag.
struct MatchCase {
  std::string_view name;
  std::string_view if_none_match;
  std::string_view etag;
  bool want;
};

constexpr MatchCase kMatchCases[] = {
    {"the same strong tag", "\"abc-br\"", "\"abc-br\"", true},
    {"a weak tag matches weakly", "W/\"abc-br\"", "\"abc-br\"", true},
    {"in a list", "\"x\", \"abc-br\" ,\"y\"", "\"abc-br\"", true},
    {"star", "*", "\"abc\"", true},
    {"empty header", "", "\"abc\"", false},
    {"the identity tag against a br tag", "\"abc\"", "\"abc-br\"", false},
    {"another encoding's tag", "\"abc-gz\"", "\"abc-br\"", false},
    {"an unquoted tag", "abc-br", "\"abc-br\"", false},
    {"a lower-case weak prefix", "w/\"abc\"", "\"abc\"", false},
};

TEST(IfNoneMatchTest, AnswersEachCaseOfTheTable) {
  for (const MatchCase& c : kMatchCases) {
    EXPECT_EQ(IfNoneMatchHits(c.if_none_match, c.etag), c.want)
        << "case \"" << c.name << "\": If-None-Match " << c.if_none_match << " against "
        << c.etag;
  }
}

}  // namespace
}  // namespace duxing::http
