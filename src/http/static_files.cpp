#include "http/static_files.hpp"

#include <fstream>
#include <sstream>

namespace duxing::http {
namespace {

std::string ContentType(const std::string& path) {
  auto ext = std::filesystem::path(path).extension().string();
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

}  // namespace

const std::string* StaticFiles::Load(const std::string& rel) {
  std::lock_guard lock(mu_);
  auto it = cache_.find(rel);
  if (it != cache_.end()) return &it->second;
  std::filesystem::path p = root_ / rel;
  std::error_code ec;
  if (!std::filesystem::is_regular_file(p, ec)) return nullptr;
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return &cache_.emplace(rel, ss.str()).first->second;
}

api::Response StaticFiles::Serve(const api::Request& req) {
  if (req.method != "GET" && req.method != "HEAD") return Plain(405, "Method Not Allowed");
  std::string rel = req.path.empty() ? "/" : req.path;
  if (rel.find("..") != std::string::npos || rel.find('\\') != std::string::npos ||
      rel.find('\0') != std::string::npos) {
    return Plain(404, "Not Found");
  }
  rel = rel.substr(1);
  bool is_asset = rel.rfind("assets/", 0) == 0;
  bool has_ext = std::filesystem::path(rel).has_extension();
  if (rel.empty() || !has_ext) rel = "index.html";
  const std::string* body = Load(rel);
  if (!body) {
    if (rel == "index.html") return Plain(503, "界面尚未构建：请先运行 make run");
    return Plain(404, "Not Found");
  }
  api::Response r;
  r.content_type = ContentType(rel);
  r.body = req.method == "HEAD" ? std::string() : *body;
  r.headers.emplace_back("Cache-Control", is_asset ? "public, max-age=31536000, immutable"
                                                   : "no-cache");
  return r;
}

}  // namespace duxing::http
