#include "http/static_files.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cstdint>
#include <fstream>
#include <optional>
#include <sstream>
#include <string_view>
#include <utility>
#include <vector>

#include "common/text.hpp"
#include "http/accept_encoding.hpp"

namespace duxing::http {
namespace {

namespace fs = std::filesystem;

std::string ContentType(const fs::path& path) {
  auto ext = path.extension().string();
  if (ext == ".html") return "text/html; charset=utf-8";
  if (ext == ".js" || ext == ".mjs") return "text/javascript; charset=utf-8";
  if (ext == ".css") return "text/css; charset=utf-8";
  if (ext == ".json") return "application/json";
  if (ext == ".svg") return "image/svg+xml";
  if (ext == ".png") return "image/png";
  if (ext == ".ico") return "image/x-icon";
  if (ext == ".woff2") return "font/woff2";
  if (ext == ".woff") return "font/woff";
  if (ext == ".ttf") return "font/ttf";
  if (ext == ".txt") return "text/plain; charset=utf-8";
  return "application/octet-stream";
}

api::Response Plain(int status, std::string body) {
  api::Response r;
  r.status = status;
  r.content_type = "text/plain; charset=utf-8";
  r.body = std::move(body);
  return r;
}

// Whether `path` (canonical) is `root` (canonical) or lies below it.
bool Inside(const fs::path& path, const fs::path& root) {
  auto [r, p] = std::mismatch(root.begin(), root.end(), path.begin(), path.end());
  return r == root.end();
}

bool HasDotSegment(std::string_view path) {
  size_t i = 0;
  while (i <= path.size()) {
    size_t j = path.find('/', i);
    if (j == std::string_view::npos) j = path.size();
    std::string_view segment = path.substr(i, j - i);
    if (segment == "." || segment == "..") return true;
    i = j + 1;
  }
  return false;
}

// A target no file of ours is reached by: encoded slashes or backslashes,
// encoded NUL, backslashes, NUL or dot segments, raw or decoded.
bool IsHostile(const api::Request& req) {
  std::string_view raw = std::string_view(req.target).substr(0, req.target.find('?'));
  std::string lower(raw);
  for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (std::string_view bad : {"%2f", "%5c", "%00", "\\"}) {
    if (lower.find(bad) != std::string::npos) return true;
  }
  return req.path.find('\\') != std::string::npos || req.path.find('\0') != std::string::npos ||
         HasDotSegment(raw) || HasDotSegment(req.path);
}

// A quoted strong ETag of `bytes` with `suffix` for the coding: FNV-1a 64
// of the identity bytes, so that every process serving the same build
// answers the same tags.
std::string ETagOf(std::string_view bytes, std::string_view suffix) {
  uint64_t h = 14695981039346656037ull;
  for (unsigned char c : bytes) {
    h ^= c;
    h *= 1099511628211ull;
  }
  std::string raw(sizeof h, '\0');
  for (size_t i = 0; i < sizeof h; ++i) raw[i] = static_cast<char>(h >> (8 * i));
  return "\"" + Hex(raw) + std::string(suffix) + "\"";
}

// The URL of the file whose variant `url` would be ("/a.js" for
// "/a.js.br"), and the variant's coding; nullopt for other names.
std::optional<std::pair<std::string, ContentCoding>> VariantOf(const std::string& url) {
  for (auto [suffix, coding] : {std::pair{std::string_view(".br"), ContentCoding::kBrotli},
                                std::pair{std::string_view(".gz"), ContentCoding::kGzip}}) {
    if (url.size() > suffix.size() + 1 && url.ends_with(suffix)) {
      return std::pair{url.substr(0, url.size() - suffix.size()), coding};
    }
  }
  return std::nullopt;
}

}  // namespace

StaticFiles::StaticFiles(const fs::path& root) {
  std::error_code ec;
  fs::path canonical_root = fs::canonical(root, ec);
  if (ec || !fs::is_directory(canonical_root, ec)) {
    spdlog::warn("web UI folder {} not found: the UI is not served", root.string());
    return;
  }
  std::unordered_map<std::string, std::shared_ptr<const std::string>> loaded;  // by URL path
  fs::recursive_directory_iterator it(canonical_root, fs::directory_options::skip_permission_denied,
                                      ec);
  for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    std::error_code fec;
    fs::path real = fs::canonical(it->path(), fec);
    if (fec || !Inside(real, canonical_root) || !fs::is_regular_file(real, fec)) continue;
    std::ifstream in(real, std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    if (!in) continue;
    fs::path rel = it->path().lexically_relative(canonical_root);
    loaded["/" + rel.generic_string()] = std::make_shared<const std::string>(bytes.str());
  }
  if (ec) spdlog::warn("reading the web UI folder {}: {}", root.string(), ec.message());
  // Files first, then their variants (a variant's file may be read after it).
  std::vector<std::pair<std::string, ContentCoding>> variants;
  for (auto& [url, bytes] : loaded) {
    auto variant = VariantOf(url);
    if (variant && loaded.contains(variant->first)) {
      variants.push_back({url, variant->second});
      continue;
    }
    File& file = files_[url];
    file.identity = {bytes, ETagOf(*bytes, "")};
    file.content_type = ContentType(fs::path(url));
    file.immutable = url.rfind("/assets/", 0) == 0;
  }
  for (auto& [url, coding] : variants) {
    auto file = files_.find(VariantOf(url)->first);
    const auto& bytes = loaded[url];
    // Not a file of our own (a variant of a variant, or a file it does not
    // make smaller): never served.
    if (file == files_.end() || bytes->size() >= file->second.identity.bytes->size()) continue;
    bool brotli = coding == ContentCoding::kBrotli;
    (brotli ? file->second.brotli : file->second.gzip) =
        Variant{bytes, ETagOf(*file->second.identity.bytes, brotli ? "-br" : "-gz")};
  }
}

api::Response StaticFiles::Serve(const api::Request& req) const {
  if (req.method != "GET" && req.method != "HEAD") return Plain(405, "Method Not Allowed");
  if (IsHostile(req)) return Plain(400, "Bad Request");
  std::string_view path = req.path.empty() ? "/" : std::string_view(req.path);
  auto found = files_.find(std::string(path));
  if (found != files_.end()) return Send(req, found->second);
  if (fs::path(path).has_extension()) return Plain(404, "Not Found");
  auto index = files_.find("/index.html");
  if (index == files_.end()) return Plain(503, "界面尚未构建：请先运行 make run");
  return Send(req, index->second);
}

api::Response StaticFiles::Send(const api::Request& req, const File& file) const {
  auto coding = ChooseContentCoding(
      req.Header("accept-encoding"),
      {.brotli = file.brotli.bytes != nullptr, .gzip = file.gzip.bytes != nullptr});
  if (!coding) {
    api::Response refused = Plain(406, "Not Acceptable");
    refused.headers.emplace_back("Vary", "Accept-Encoding");
    return refused;
  }
  const Variant& variant = *coding == ContentCoding::kBrotli ? file.brotli
                           : *coding == ContentCoding::kGzip ? file.gzip
                                                             : file.identity;
  api::Response r;
  r.content_type = file.content_type;
  r.headers.emplace_back("Vary", "Accept-Encoding");
  r.headers.emplace_back("ETag", variant.etag);
  r.headers.emplace_back("Cache-Control",
                         file.immutable ? "public, max-age=31536000, immutable" : "no-cache");
  if (*coding != ContentCoding::kIdentity) {
    r.headers.emplace_back("Content-Encoding", std::string(ContentCodingName(*coding)));
  }
  if (IfNoneMatchHits(req.Header("if-none-match"), variant.etag)) {
    r.status = 304;
    return r;
  }
  // For HEAD the HTTP layer sends the head only, with this length.
  r.shared_owner = variant.bytes;
  r.shared_body = *variant.bytes;
  return r;
}

}  // namespace duxing::http
