// Serves the built web UI (web/dist): files by path, index.html for client
// routes, long-lived cache headers for hashed assets under /assets/.
// Files are read once and kept in memory. Thread-safe.
#pragma once

#include <filesystem>
#include <mutex>
#include <string>
#include <unordered_map>

#include "api/http_types.hpp"

namespace duxing::http {

class StaticFiles {
 public:
  explicit StaticFiles(std::filesystem::path root) : root_(std::move(root)) {}
  // GET/HEAD only; 404 for missing files with an extension, index.html for
  // extension-less paths (client routes), 503 when the UI was not built.
  api::Response Serve(const api::Request& req);

 private:
  const std::string* Load(const std::string& rel);
  std::filesystem::path root_;
  std::mutex mu_;
  std::unordered_map<std::string, std::string> cache_;
};

}  // namespace duxing::http
