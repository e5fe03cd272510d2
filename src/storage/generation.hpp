// Change counters for read caches, one per record type (audit record types:
// "person", "org", "community", ...). A writer bumps the counters of the
// record types it changed inside the transaction that changes them
// (audit::Record does it for every audited write); a reader reads the
// counters of the record types its query reads inside its own transaction
// and keys its cache on them: both see the same snapshot, so a cached result
// is served only while no committed write could have changed it, whichever
// process made that write. A write to one record type neither serialises
// with writes to others on one row nor empties the caches of queries that
// do not read it.
#pragma once

#include <functional>
#include <iterator>
#include <list>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "storage/database.hpp"

namespace duxing::storage {

// A cache key for a query: its SQL and its parameters.
std::string QueryKey(std::string_view sql, const Params& params);

// The generation of the data of `names` (record types) as `tx` sees it: the
// sum of their counters. Counters only grow, so the sum changes exactly when
// one of them does. A counter never bumped counts 1; a name listed twice
// counts once. `names` must not be empty (kInternal) and should be the same
// set for every read of one cache.
Result<int64_t> ReadGeneration(Tx& tx, const std::vector<std::string>& names);
// Bumps the counter of each of `names` by one inside `tx` (creating counters
// never bumped), in sorted order so that writers bumping overlapping sets
// never wait on each other in a cycle; a name listed twice counts once.
Status BumpGenerations(Tx& tx, const std::vector<std::string>& names);

// The byte budget of one GenerationCache unless its owner says otherwise.
inline constexpr size_t kDefaultCacheBytes = size_t{32} << 20;  // 32 MiB

// A map from a query key to the value computed at one generation, bounded by
// bytes: each entry is charged its key's size plus `bytes_of(value)` (which
// should count what the value holds and what serving it keeps beside it, e.g.
// its serialized form), and the least recently used entries are evicted
// while the total exceeds `max_bytes`. A value whose charge alone exceeds
// `max_bytes` is not kept. Thread-safe. Entries of older generations are
// misses and are replaced.
template <typename V>
class GenerationCache {
 public:
  using BytesOf = std::function<size_t(const V&)>;

  explicit GenerationCache(BytesOf bytes_of, size_t max_bytes = kDefaultCacheBytes)
      : bytes_of_(std::move(bytes_of)), max_bytes_(max_bytes) {}

  bool Get(const std::string& key, int64_t generation, V& out) {
    std::lock_guard lock(mu_);
    auto it = map_.find(key);
    if (it == map_.end() || it->second->generation != generation) return false;
    lru_.splice(lru_.begin(), lru_, it->second);  // now the most recently used
    out = it->second->value;
    return true;
  }

  void Put(const std::string& key, int64_t generation, V value) {
    size_t bytes = key.size() + bytes_of_(value);
    std::lock_guard lock(mu_);
    if (auto it = map_.find(key); it != map_.end()) Erase(it->second);
    if (bytes > max_bytes_) return;
    lru_.push_front(Entry{key, generation, std::move(value), bytes});
    map_[key] = lru_.begin();
    bytes_ += bytes;
    while (bytes_ > max_bytes_) Erase(std::prev(lru_.end()));
  }

  // The charged bytes of the entries kept, and how many there are.
  size_t bytes() {
    std::lock_guard lock(mu_);
    return bytes_;
  }
  size_t size() {
    std::lock_guard lock(mu_);
    return map_.size();
  }

 private:
  struct Entry {
    std::string key;
    int64_t generation;
    V value;
    size_t bytes;
  };
  using Lru = std::list<Entry>;  // most recently used first

  void Erase(typename Lru::iterator it) {
    bytes_ -= it->bytes;
    map_.erase(it->key);
    lru_.erase(it);
  }

  BytesOf bytes_of_;
  size_t max_bytes_;
  std::mutex mu_;
  Lru lru_;
  std::unordered_map<std::string, typename Lru::iterator> map_;
  size_t bytes_ = 0;
};

}  // namespace duxing::storage
