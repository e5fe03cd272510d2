// One page of a list: the items and how many match in all.
#pragma once

#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

namespace duxing {

struct PageRequest {
  int64_t limit = 50;  // 1..500
  int64_t offset = 0;  // at most domain::kMaxListOffset; 0 with a cursor
  std::string cursor;  // a page's next_cursor: the page after it, or ""
};

template <typename T>
struct Page {
  std::vector<T> items;
  int64_t total = 0;
  std::string next_cursor;  // "" on the last page (or where not paged by cursor)
};

// A page published to several readers (from a read cache): immutable once
// shared. The caller that answers the request may keep its serialized form
// beside the data, computed once, so repeated reads skip the serializing.
template <typename T>
class SharedPage {
 public:
  explicit SharedPage(Page<T> page) : page_(std::move(page)) {}
  const Page<T>& page() const { return page_; }

  // The result of render(page()) from the first call; later calls return it.
  // Callers must always pass the same rendering. Thread-safe.
  template <typename F>
  const std::string& Rendered(F render) const {
    std::call_once(once_, [&] { rendered_ = render(page_); });
    return rendered_;
  }

 private:
  Page<T> page_;
  mutable std::once_flag once_;
  mutable std::string rendered_;
};

}  // namespace duxing
