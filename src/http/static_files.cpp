#include "http/static_files.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <string_view>

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
  return req.path.find('\\') != std::string::npos ||
         req.path.find('\0') != std::string::npos || HasDotSegment(raw) ||
         HasDotSegment(req.path);
}

}  // namespace

StaticFiles::StaticFiles(const fs::path& root) {
  std::error_code ec;
  fs::path canonical_root = fs::canonical(root, ec);
  if (ec || !fs::is_directory(canonical_root, ec)) {
    spdlog::warn("web UI folder {} not found: the UI is not served", root.string());
    return;
  }
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
    std::string url = "/" + rel.generic_string();
    files_[url] = File{std::make_shared<const std::string>(bytes.str()), ContentType(rel),
                       url.rfind("/assets/", 0) == 0};
  }
  if (ec) spdlog::warn("reading the web UI folder {}: {}", root.string(), ec.message());
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
  api::Response r;
  r.content_type = file.content_type;
  // For HEAD the HTTP layer sends the head only, with this length.
  r.shared_owner = file.bytes;
  r.shared_body = *file.bytes;
  r.headers.emplace_back("Cache-Control", file.immutable ? "public, max-age=31536000, immutable"
                                                        : "no-cache");
  return r;
}

}  // namespace duxing::http
