#include "http/json_gzip.hpp"

#include <gtest/gtest.h>
#include <zlib.h>

#include <memory>
#include <string>

namespace duxing::http {
namespace {

std::string Gunzip(std::string_view packed) {
  z_stream zs{};
  EXPECT_EQ(inflateInit2(&zs, 15 + 16), Z_OK);
  std::string out(1 << 20, '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(packed.data()));
  zs.avail_in = static_cast<uInt>(packed.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(inflate(&zs, Z_FINISH), Z_STREAM_END);
  out.resize(zs.total_out);
  inflateEnd(&zs);
  return out;
}

std::string ListBody(size_t rows) {
  std::string body = R"({"items":[)";
  for (size_t i = 0; i < rows; ++i) {
    body += (i ? "," : "") + std::string(R"({"id":)") + std::to_string(i) +
            R"(,"name":"张三","org":"机关第一支部"})";
  }
  return body + R"(],"total":)" + std::to_string(rows) + "}";
}

api::Request Accepting(std::string accept) {
  api::Request req;
  req.method = "GET";
  if (!accept.empty()) req.headers.emplace_back("accept-encoding", std::move(accept));
  return req;
}

// An answer whose bytes are shared with a cache entry (as the people list's).
api::Response Cached(const std::shared_ptr<const std::string>& entry) {
  api::Response r;
  r.shared_owner = entry;
  r.shared_body = *entry;
  return r;
}

std::string HeaderOf(const api::Response& r, std::string_view name) {
  for (auto& [k, v] : r.headers) {
    if (k == name) return v;
  }
  return "(none)";
}

TEST(JsonGzipTest, ACachedListIsGzippedOncePerCacheEntryWhenTheClientAcceptsIt) {
  JsonGzip gzip;
  auto entry = std::make_shared<const std::string>(ListBody(200));
  const char* first = nullptr;
  for (std::string accept : {"gzip", "br, gzip", "gzip;q=0.5, br", "*"}) {
    api::Response r = Cached(entry);
    gzip.Apply(Accepting(accept), r);
    EXPECT_EQ(HeaderOf(r, "Content-Encoding"), "gzip") << accept;
    EXPECT_EQ(HeaderOf(r, "Vary"), "Accept-Encoding") << accept;
    EXPECT_LT(r.Payload().size(), entry->size() / 4) << accept;
    EXPECT_EQ(Gunzip(r.Payload()), *entry) << accept;
    if (!first) first = r.Payload().data();
    EXPECT_EQ(r.Payload().data(), first) << accept << ": compressed again";
  }
  // A new cache entry (the list changed) is compressed anew.
  entry = std::make_shared<const std::string>(ListBody(300));
  api::Response r = Cached(entry);
  gzip.Apply(Accepting("gzip"), r);
  EXPECT_EQ(Gunzip(r.Payload()), ListBody(300));
}

TEST(JsonGzipTest, SentAsItIsWithoutGzipInAcceptEncoding) {
  JsonGzip gzip;
  auto entry = std::make_shared<const std::string>(ListBody(200));
  for (std::string accept : {"", "br", "gzip;q=0", "identity", "deflate"}) {
    api::Response r = Cached(entry);
    gzip.Apply(Accepting(accept), r);
    EXPECT_EQ(r.Payload(), *entry) << accept;
    EXPECT_EQ(HeaderOf(r, "Content-Encoding"), "(none)") << accept;
    EXPECT_EQ(HeaderOf(r, "Vary"), "Accept-Encoding") << accept;
  }
}

TEST(JsonGzipTest, PerRequestSmallErrorNonJsonEncodedOrNegotiatedAnswersAreLeftAlone) {
  JsonGzip gzip;
  auto check = [&](api::Response r, const char* what) {
    api::Response before = r;
    gzip.Apply(Accepting("gzip"), r);
    EXPECT_EQ(r.Payload(), before.Payload()) << what;
    EXPECT_EQ(r.headers.size(), before.headers.size()) << what;
  };
  api::Response rendered;  // rendered for this request: compressing it costs more than it saves
  rendered.body = ListBody(200);
  check(rendered, "rendered per request");
  auto small = std::make_shared<const std::string>(ListBody(2));
  ASSERT_LT(small->size(), kMinGzipBytes);
  check(Cached(small), "small");
  auto big = std::make_shared<const std::string>(ListBody(200));
  api::Response refused = Cached(big);
  refused.status = 403;
  check(refused, "403");
  api::Response xlsx = Cached(big);
  xlsx.content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
  check(xlsx, "export");
  api::Response encoded = Cached(big);
  encoded.headers.emplace_back("Content-Encoding", "br");
  check(encoded, "already encoded");
  api::Response negotiated = Cached(big);
  negotiated.headers.emplace_back("Vary", "Accept-Encoding");
  check(negotiated, "a static file");
}

}  // namespace
}  // namespace duxing::http
