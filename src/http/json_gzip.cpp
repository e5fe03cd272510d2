#include "http/json_gzip.hpp"

#include <zlib.h>

#include <string_view>

#include "http/accept_encoding.hpp"

namespace duxing::http {
namespace {

constexpr int kLevel = 6;                 // zlib's default: compressed once, sent many times
constexpr int kGzipWindowBits = 15 + 16;  // 32 KiB window, gzip wrapper
constexpr int kMemLevel = 8;

// `bytes` in gzip, or "" when zlib fails (then the answer is sent as is).
std::string Gzip(std::string_view bytes) {
  z_stream zs{};
  if (deflateInit2(&zs, kLevel, Z_DEFLATED, kGzipWindowBits, kMemLevel, Z_DEFAULT_STRATEGY) !=
      Z_OK) {
    return {};
  }
  std::string out(deflateBound(&zs, bytes.size()), '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
  zs.avail_in = static_cast<uInt>(bytes.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  int rc = deflate(&zs, Z_FINISH);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return rc == Z_STREAM_END ? out : std::string();
}

bool SameOwner(const std::weak_ptr<const void>& a, const std::shared_ptr<const void>& b) {
  return !a.owner_before(b) && !b.owner_before(a);
}

}  // namespace

void JsonGzip::Apply(const api::Request& req, api::Response& r) {
  std::string_view body = r.Payload();
  if (r.status != 200 || !r.shared_owner || body.size() < kMinGzipBytes ||
      r.content_type.rfind("application/json", 0) != 0 || r.HasHeader("Content-Encoding") ||
      r.HasHeader("Vary")) {
    return;
  }
  r.headers.emplace_back("Vary", "Accept-Encoding");
  if (ChooseContentCoding(req.Header("accept-encoding"), {.gzip = true}) != ContentCoding::kGzip) {
    return;
  }
  std::shared_ptr<const std::string> gzip;
  {
    std::lock_guard lock(mu_);
    auto found = entries_.find(body.data());
    if (found != entries_.end() && SameOwner(found->second.owner, r.shared_owner)) {
      gzip = found->second.gzip;
    }
  }
  if (!gzip) {
    // Compressed outside the lock; two requests racing on a new entry both
    // compress it and the second keeps its own.
    gzip = std::make_shared<const std::string>(Gzip(body));
    std::lock_guard lock(mu_);
    if (entries_.size() >= kMaxEntries) {
      std::erase_if(entries_, [](const auto& e) { return e.second.owner.expired(); });
      if (entries_.size() >= kMaxEntries) entries_.clear();
    }
    entries_[body.data()] = Entry{r.shared_owner, gzip};
  }
  if (gzip->empty() || gzip->size() >= body.size()) return;
  r.shared_owner = gzip;
  r.shared_body = *gzip;
  r.headers.emplace_back("Content-Encoding", "gzip");
}

}  // namespace duxing::http
