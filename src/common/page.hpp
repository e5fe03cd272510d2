// One page of a list: the items and how many match in all.
#pragma once

#include <cstdint>
#include <vector>

namespace duxing {

struct PageRequest {
  int64_t limit = 50;  // 1..500
  int64_t offset = 0;
};

template <typename T>
struct Page {
  std::vector<T> items;
  int64_t total = 0;
};

}  // namespace duxing
