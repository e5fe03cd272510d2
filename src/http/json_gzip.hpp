// gzip for the API's larger JSON answers (lists) when the client accepts
// it. Exports (xlsx) and the web UI (precompressed, see static_files.hpp)
// are not JSON and are left alone.
#pragma once

#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "api/http_types.hpp"

namespace duxing::http {

// JSON answers smaller than this are sent as they are (a list page of a few
// rows gains nothing worth the CPU).
inline constexpr size_t kMinGzipBytes = 2048;

// Compresses only answers whose bytes are shared with a read cache
// (Response::shared_owner, e.g. the people list): once per cache entry,
// kept while that entry lives, so a list read a thousand times is
// compressed once. Answers rendered per request are sent as they are:
// compressing each one costs more CPU than loopback and LAN bytes save (see
// README, bench/people_list.sh with ACCEPT_ENCODING=gzip). Thread-safe.
class JsonGzip {
 public:
  // When `r` is a 200 JSON answer of at least kMinGzipBytes shared with a
  // cache entry and without Content-Encoding or Vary (a negotiated answer,
  // e.g. a static file): adds Vary: Accept-Encoding
  // and, when `req`'s Accept-Encoding picks gzip (ChooseContentCoding),
  // sends the entry's gzip (level 6) with Content-Encoding: gzip instead.
  // Anything else is left as it is.
  void Apply(const api::Request& req, api::Response& r);

 private:
  struct Entry {
    std::weak_ptr<const void> owner;  // the cache entry the bytes belong to
    std::shared_ptr<const std::string> gzip;
  };
  static constexpr size_t kMaxEntries = 1024;

  std::mutex mu_;
  std::unordered_map<const char*, Entry> entries_;  // by the shared bytes' address
};

}  // namespace duxing::http
