// Serves the built web UI (web/dist): the regular files found under the web
// root at start, looked up by exact URL path; index.html for extension-less
// paths (client routes); long-lived cache headers for hashed assets under
// /assets/. The UI is immutable between deploys, so the set is fixed: no
// filesystem access per request and no growth whatever is asked.
// Precompressed variants written by the web build (`x.js.br`, `x.js.gz`
// beside `x.js`) are held with their file and sent by Accept-Encoding;
// nothing is compressed per request.
// Thread-safe (immutable after construction).
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <unordered_map>

#include "api/http_types.hpp"

namespace duxing::http {

class StaticFiles {
 public:
  // Walks `root` once and reads every regular file whose canonical path lies
  // inside the canonical root (symlinks are followed, then checked; anything
  // pointing outside is skipped). A missing root serves nothing (503 for
  // the page). A file named `<path>.br` or `<path>.gz` beside a file
  // `<path>` is that file's brotli or gzip variant, never a URL of its own
  // (dropped when it is not smaller); one without such a file is a file
  // like any other.
  explicit StaticFiles(const std::filesystem::path& root);

  // GET/HEAD only (405 otherwise). 400 for raw targets with encoded slashes
  // or backslashes, backslashes, NUL or "." / ".." segments; the file of
  // that exact path; index.html for other extension-less paths; 404 for
  // anything else; 503 when the UI was not built. A file is sent in the
  // coding ChooseContentCoding picks from Accept-Encoding (406 when none
  // is acceptable), with Vary: Accept-Encoding, its Content-Encoding and an
  // ETag of its bytes that differs per coding; 304 (no body) when
  // If-None-Match holds that ETag.
  api::Response Serve(const api::Request& req) const;

  // How many files are served (fixed at construction).
  size_t size() const { return files_.size(); }

 private:
  // One coding of a file: its bytes (null when the file is not held in
  // that coding) and their quoted ETag.
  struct Variant {
    std::shared_ptr<const std::string> bytes;
    std::string etag;
  };
  struct File {
    Variant identity, brotli, gzip;
    std::string content_type;
    bool immutable = false;  // a hashed asset
  };
  api::Response Send(const api::Request& req, const File& file) const;

  std::unordered_map<std::string, File> files_;  // by URL path: "/assets/x.js"
};

}  // namespace duxing::http
