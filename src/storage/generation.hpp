// Change counters for read caches. A writer calls Bump inside the transaction
// that changes the data; a reader calls Read inside its own transaction and
// keys its cache on the value: both see the same snapshot, so a cached result
// is served only while no committed write could have changed it, whichever
// process made that write.
#pragma once

#include <list>
#include <mutex>
#include <string>
#include <unordered_map>

#include "storage/database.hpp"

namespace duxing::storage {

// The counter of every audited write (audit::Record bumps it): any change to
// any record moves it, so caches keyed on it never serve stale data.
inline constexpr const char* kDataGeneration = "data";

// A cache key for a query: its SQL and its parameters.
std::string QueryKey(std::string_view sql, const Params& params);

Result<int64_t> ReadGeneration(Tx& tx, const char* name);
Status BumpGeneration(Tx& tx, const char* name);

// A bounded map from a query key to the value computed at one generation.
// Thread-safe. Entries of older generations are misses and are replaced.
template <typename V>
class GenerationCache {
 public:
  explicit GenerationCache(size_t capacity = 512) : capacity_(capacity) {}

  bool Get(const std::string& key, int64_t generation, V& out) {
    std::lock_guard lock(mu_);
    auto it = map_.find(key);
    if (it == map_.end() || it->second.generation != generation) return false;
    out = it->second.value;
    return true;
  }

  void Put(const std::string& key, int64_t generation, V value) {
    std::lock_guard lock(mu_);
    if (map_.size() >= capacity_ && !map_.count(key)) map_.clear();
    map_[key] = Entry{generation, std::move(value)};
  }

 private:
  struct Entry {
    int64_t generation;
    V value;
  };
  size_t capacity_;
  std::mutex mu_;
  std::unordered_map<std::string, Entry> map_;
};

}  // namespace duxing::storage
