#include "api/multipart.hpp"

#include <gtest/gtest.h>

#include <random>

namespace duxing::api {
namespace {

struct Part {
  PartHeaders headers;
  std::string data;
  bool ended = false;
};

class Collect : public PartHandler {
 public:
  Status BeginPart(const PartHeaders& h) override {
    parts.push_back({h, "", false});
    return Ok();
  }
  Status PartData(std::string_view bytes) override {
    ++data_calls;
    parts.back().data.append(bytes);
    return Ok();
  }
  Status EndPart() override {
    parts.back().ended = true;
    return Ok();
  }
  std::vector<Part> parts;
  size_t data_calls = 0;
};

constexpr const char* kBoundary = "----WebKitFormBoundary7MA4YWxkTrZu0gW";

std::string Body(const std::vector<std::pair<std::string, std::string>>& files) {
  std::string b = "preamble to ignore\r\n";
  for (const auto& [name, data] : files) {
    b += std::string("--") + kBoundary + "\r\n";
    b += "Content-Disposition: form-data; name=\"file\"; filename=\"" + name + "\"\r\n";
    b += "Content-Type: application/octet-stream\r\n\r\n";
    b += data + "\r\n";
  }
  b += std::string("--") + kBoundary + "--\r\n";
  return b;
}

// Feeds `body` in pieces of `step` bytes (0: all at once).
Status FeedIn(MultipartReader& r, const std::string& body, size_t step) {
  if (step == 0) {
    DX_RETURN_IF_ERROR(r.Feed(body));
  } else {
    for (size_t i = 0; i < body.size(); i += step) {
      DX_RETURN_IF_ERROR(r.Feed(std::string_view(body).substr(i, step)));
    }
  }
  return r.Finish();
}

TEST(MultipartReader, ReadsEveryPartWhateverTheChunking) {
  // Data with near-delimiters: CR LF, "--", the boundary without its dashes.
  std::string tricky = std::string("a\r\nb\r\n-\r\n--") + "----WebKitFormBoundary7MA4YWxkTrZu0g" +
                       "\r\n\r\r\n--x" + std::string("\0\xff", 2) + "\r";
  std::string body = Body({{"党史学习.pdf", tricky}, {"b.txt", ""}, {"c.txt", "third"}});
  for (size_t step : {0, 1, 2, 3, 7, 38, 39, 40, 41, 64, 1000}) {
    SCOPED_TRACE(step);
    Collect c;
    MultipartReader r(kBoundary, c, 10);
    ASSERT_TRUE(FeedIn(r, body, step).ok());
    ASSERT_EQ(c.parts.size(), 3u);
    EXPECT_EQ(c.parts[0].headers.file_name, "党史学习.pdf");
    EXPECT_EQ(c.parts[0].headers.name, "file");
    EXPECT_TRUE(c.parts[0].headers.has_file_name);
    EXPECT_EQ(c.parts[0].data, tricky);
    EXPECT_EQ(c.parts[1].data, "");
    EXPECT_EQ(c.parts[2].data, "third");
    for (const auto& p : c.parts) EXPECT_TRUE(p.ended);
  }
}

TEST(MultipartReader, RandomDataAndChunkingRoundTrip) {
  std::mt19937 rng(7);
  for (int round = 0; round < 50; ++round) {
    std::string data;
    size_t n = rng() % 3000;
    for (size_t i = 0; i < n; ++i) data += "\r\n-ab"[rng() % 5];  // delimiter-like noise
    std::string body = Body({{"x.txt", data}});
    Collect c;
    MultipartReader r(kBoundary, c, 10);
    size_t i = 0;
    while (i < body.size()) {
      size_t step = 1 + rng() % 50;
      ASSERT_TRUE(r.Feed(std::string_view(body).substr(i, step)).ok());
      i += step;
    }
    ASSERT_TRUE(r.Finish().ok());
    ASSERT_EQ(c.parts.size(), 1u);
    EXPECT_EQ(c.parts[0].data, data);
  }
}

TEST(MultipartReader, FilenameStarIsPreferredAndPlainFieldsHaveNone) {
  std::string body = std::string("--") + kBoundary +
                     "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"x.pdf\"; "
                     "filename*=UTF-8''%E5%85%9A%E5%8F%B2.pdf\r\n\r\nA\r\n--" +
                     kBoundary + "\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nB\r\n--" +
                     kBoundary + "--";
  Collect c;
  MultipartReader r(kBoundary, c, 10);
  ASSERT_TRUE(FeedIn(r, body, 5).ok());
  ASSERT_EQ(c.parts.size(), 2u);
  EXPECT_EQ(c.parts[0].headers.file_name, "党史.pdf");
  EXPECT_FALSE(c.parts[1].headers.has_file_name);
  EXPECT_EQ(c.parts[1].headers.name, "note");
}

TEST(MultipartReader, NoClosingBoundaryIsRefused) {
  std::string body = Body({{"a.txt", "abc"}});
  body.resize(body.size() - 6);  // cut inside the closing delimiter
  Collect c;
  MultipartReader r(kBoundary, c, 10);
  ASSERT_TRUE(r.Feed(body).ok());
  auto done = r.Finish();
  ASSERT_FALSE(done.ok());
  EXPECT_EQ(done.error().code, Code::kInvalidArgument);
  EXPECT_NE(done.error().message.find("结束分隔符"), std::string::npos);
}

TEST(MultipartReader, NoBoundaryAtAllIsRefusedWithoutData) {
  Collect c;
  MultipartReader r(kBoundary, c, 10);
  ASSERT_TRUE(r.Feed(std::string(100000, 'x')).ok());
  EXPECT_FALSE(r.Finish().ok());
  EXPECT_TRUE(c.parts.empty());
}

TEST(MultipartReader, HugeHeadersAreRefusedAtTheBound) {
  std::string body = std::string("--") + kBoundary + "\r\nX-Junk: " + std::string(1 << 20, 'a');
  Collect c;
  MultipartReader r(kBoundary, c, 10);
  size_t fed = 0;
  Status st = Ok();
  for (; fed < body.size() && st.ok(); fed += 1024) st = r.Feed(std::string_view(body).substr(fed, 1024));
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code, Code::kTooLarge);
  EXPECT_LT(fed, kMaxPartHeaderBytes + 4096);  // stopped at the bound, not at the end
  EXPECT_FALSE(r.Feed("more").ok());           // errors are final
}

TEST(MultipartReader, ManyTinyPartsStopAtTheCount) {
  std::string body;
  for (int i = 0; i < 1000; ++i) body += std::string("--") + kBoundary + "\r\n\r\nx\r\n";
  body += std::string("--") + kBoundary + "--";
  Collect c;
  MultipartReader r(kBoundary, c, 10);
  auto st = r.Feed(body);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code, Code::kInvalidArgument);
  EXPECT_EQ(c.parts.size(), 10u);
}

TEST(MultipartReader, GarbageAfterDelimiterIsRefused) {
  std::string body = std::string("--") + kBoundary + "XY";
  Collect c;
  MultipartReader r(kBoundary, c, 10);
  EXPECT_FALSE(r.Feed(body).ok());
}

TEST(MultipartReader, LinearOnDelimiterPrefixFlood) {
  // A part made of near-delimiters: a naive search would restart at each.
  std::string near = std::string("\r\n--") + std::string(kBoundary).substr(0, 30);
  std::string data;
  while (data.size() < (4 << 20)) data += near;
  std::string body = Body({{"flood.txt", data}});
  Collect c;
  MultipartReader r(kBoundary, c, 10);
  ASSERT_TRUE(FeedIn(r, body, 65536).ok());
  ASSERT_EQ(c.parts.size(), 1u);
  EXPECT_EQ(c.parts[0].data, data);
}

TEST(BoundaryOf, TakesTheBoundaryOfMultipartFormData) {
  auto b = BoundaryOf("multipart/form-data; boundary=----WebKitFormBoundaryabc");
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(*b, "----WebKitFormBoundaryabc");
  b = BoundaryOf("Multipart/Form-Data; charset=utf-8; BOUNDARY=\"a b'c\"");
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(*b, "a b'c");
  EXPECT_FALSE(BoundaryOf("application/json").ok());
  EXPECT_FALSE(BoundaryOf("multipart/form-data").ok());
  EXPECT_FALSE(BoundaryOf("multipart/form-data; boundary=").ok());
  EXPECT_FALSE(BoundaryOf("multipart/form-data; boundary=" + std::string(71, 'a')).ok());
  EXPECT_FALSE(BoundaryOf("multipart/form-data; boundary=a\r\nb").ok());
}

}  // namespace
}  // namespace duxing::api
