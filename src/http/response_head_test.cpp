#include "http/response_head.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace duxing::http {
namespace {

TEST(FormatHttpDateTest, WritesImfFixdate) {
  EXPECT_EQ(FormatHttpDate(784111777), "Sun, 06 Nov 1994 08:49:37 GMT");  // RFC 9110's example
  EXPECT_EQ(FormatHttpDate(0), "Thu, 01 Jan 1970 00:00:00 GMT");
  EXPECT_EQ(FormatHttpDate(1798761599), "Thu, 31 Dec 2026 23:59:59 GMT");
  EXPECT_EQ(FormatHttpDate(951782400), "Tue, 29 Feb 2000 00:00:00 GMT");
}

TEST(DateCacheTest, FormatsOncePerSecond) {
  DateCache cache;
  std::string_view first = cache.At(784111777);
  EXPECT_EQ(first, "Sun, 06 Nov 1994 08:49:37 GMT");
  // Within the same second the very same text comes back, not a new one.
  std::string_view again = cache.At(784111777);
  EXPECT_EQ(again.data(), first.data());
  EXPECT_EQ(std::string(cache.At(784111778)), "Sun, 06 Nov 1994 08:49:38 GMT");
  // A clock set back is followed too.
  EXPECT_EQ(std::string(cache.At(784111700)), "Sun, 06 Nov 1994 08:48:20 GMT");
}

TEST(HttpDateNowTest, IsTheCurrentSecond) {
  std::time_t before = std::time(nullptr);
  std::string now(HttpDateNow());
  std::time_t after = std::time(nullptr);
  EXPECT_TRUE(now == FormatHttpDate(before) || now == FormatHttpDate(after)) << now;
}

TEST(FormatRequestIdTest, PadsBothParts) {
  EXPECT_EQ(FormatRequestId(0x3ab3e0ec, 8), "3ab3e0ec-000008");
  EXPECT_EQ(FormatRequestId(0x1, 0), "00000001-000000");
  EXPECT_EQ(FormatRequestId(0xffffffff, 0xabcdef), "ffffffff-abcdef");
  EXPECT_EQ(FormatRequestId(0x12, 0x1000000), "00000012-1000000");
  EXPECT_EQ(FormatRequestId(0x12, ~0ull), "00000012-ffffffffffffffff");
}

TEST(FixedHeadLinesTest, CarriesTheSecurityHeaders) {
  std::string plain = FixedHeadLines(false);
  EXPECT_NE(plain.find("Server: duxing\r\n"), std::string::npos);
  EXPECT_NE(plain.find("X-Content-Type-Options: nosniff\r\n"), std::string::npos);
  EXPECT_NE(plain.find("X-Frame-Options: DENY\r\n"), std::string::npos);
  EXPECT_NE(plain.find("Referrer-Policy: same-origin\r\n"), std::string::npos);
  EXPECT_NE(plain.find("Content-Security-Policy: default-src 'self';"), std::string::npos);
  EXPECT_EQ(plain.find("Strict-Transport-Security"), std::string::npos);
  EXPECT_NE(FixedHeadLines(true).find(
                "Strict-Transport-Security: max-age=31536000; includeSubDomains\r\n"),
            std::string::npos);
}

TEST(AppendResponseHeadTest, WritesStatusLineHeadersAndLength) {
  std::vector<std::pair<std::string, std::string>> own = {{"Cache-Control", "no-store"}};
  std::string out = "kept";
  AppendResponseHead(out, {.status = 200,
                           .version = 11,
                           .keep_alive = true,
                           .content_type = "application/json; charset=utf-8",
                           .request_id = "abc-1",
                           .date = "Sun, 06 Nov 1994 08:49:37 GMT",
                           .fixed_lines = "Server: duxing\r\n",
                           .headers = &own,
                           .content_length = 12});
  EXPECT_EQ(out,
            "kept"
            "HTTP/1.1 200 OK\r\n"
            "Server: duxing\r\n"
            "Content-Type: application/json; charset=utf-8\r\n"
            "X-Request-Id: abc-1\r\n"
            "Date: Sun, 06 Nov 1994 08:49:37 GMT\r\n"
            "Cache-Control: no-store\r\n"
            "Content-Length: 12\r\n"
            "\r\n");
}

TEST(AppendResponseHeadTest, SaysConnectionOnlyWhereTheVersionDiffers) {
  auto head = [](unsigned version, bool keep_alive) {
    ResponseHeadFields f;
    f.status = 404;
    f.version = version;
    f.keep_alive = keep_alive;
    std::string out;
    AppendResponseHead(out, f);
    return out;
  };
  EXPECT_EQ(head(11, true), "HTTP/1.1 404 Not Found\r\n\r\n");
  EXPECT_EQ(head(11, false), "HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(head(10, true), "HTTP/1.0 404 Not Found\r\nConnection: keep-alive\r\n\r\n");
  EXPECT_EQ(head(10, false), "HTTP/1.0 404 Not Found\r\n\r\n");
}

TEST(AppendResponseHeadTest, LeavesOutHeadersThatWouldSplitTheHead) {
  std::vector<std::pair<std::string, std::string>> own = {
      {"X-Good", "yes"},
      {"X-Bad", "a\r\nSet-Cookie: evil=1"},
      {"X-Bad2", "a\nb"},
      {std::string("X-Nul\0", 6), "v"},
      {"X-Last", "ok"}};
  ResponseHeadFields f;
  f.request_id = "id\r\nX: y";
  f.headers = &own;
  std::string out;
  AppendResponseHead(out, f);
  EXPECT_EQ(out, "HTTP/1.1 200 OK\r\nX-Good: yes\r\nX-Last: ok\r\n\r\n");
}

TEST(AppendResponseHeadTest, NamesEveryStatusTheApiAnswers) {
  for (auto [status, reason] : std::vector<std::pair<int, std::string>>{
           {201, "Created"}, {206, "Partial Content"}, {304, "Not Modified"},
           {400, "Bad Request"}, {401, "Unauthorized"}, {403, "Forbidden"},
           {409, "Conflict"}, {413, "Payload Too Large"}, {415, "Unsupported Media Type"},
           {416, "Range Not Satisfiable"}, {422, "Unprocessable Entity"},
           {429, "Too Many Requests"}, {500, "Internal Server Error"},
           {503, "Service Unavailable"}}) {
    ResponseHeadFields f;
    f.status = status;
    std::string out;
    AppendResponseHead(out, f);
    EXPECT_EQ(out, "HTTP/1.1 " + std::to_string(status) + " " + reason + "\r\n\r\n");
  }
}

TEST(ContentLengthForTest, NoneForAnswersWithoutABody) {
  EXPECT_EQ(ContentLengthFor(200, 12), 12u);
  EXPECT_EQ(ContentLengthFor(200, 0), 0u);
  EXPECT_EQ(ContentLengthFor(404, 60), 60u);
  EXPECT_EQ(ContentLengthFor(204, 0), std::nullopt);
  EXPECT_EQ(ContentLengthFor(304, 0), std::nullopt);
  EXPECT_EQ(ContentLengthFor(101, 0), std::nullopt);
}

}  // namespace
}  // namespace duxing::http
