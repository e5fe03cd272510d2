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
#include <optional>
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
// ReadGeneration always from the database, never from a CounterSnapshot.
Result<int64_t> ReadGenerationNow(Tx& tx, const std::vector<std::string>& names);

// The counters of one request, read once. Within a CounterSnapshotScope on
// a thread, ReadGeneration reads every counter on its first call and answers
// later calls from that reading, until the request bumps counters
// (BumpGenerations: from then on it reads them each time, so it sees its own
// writes and never keeps a counter of a write that may roll back) or the
// scope ends: a request that checks its session,
// then a list's cached total, then a cached page read the counters once
// instead of three times (on PostgreSQL, three round trips). Exact for
// GenerationCache and ListQuery: what a request reads after its counters is
// at least as new as they are, as when it read them each time. A request
// hops threads (authenticated on one, handled on another), so the snapshot
// is its own object and each thread opens a scope over it. Not for
// SettledCache::Confirm with a settled probe (that pairs the counters with
// the probe taken just before).
class CounterSnapshot {
 private:
  friend class CounterSnapshotScope;
  friend Result<int64_t> ReadGeneration(Tx&, const std::vector<std::string>&);
  friend Status BumpGenerations(Tx&, const std::vector<std::string>&);
  std::optional<Rows> rows_;
  bool off_ = false;  // the request wrote: read from the database from then on
};

class CounterSnapshotScope {
 public:
  explicit CounterSnapshotScope(CounterSnapshot& snapshot);
  ~CounterSnapshotScope();
  CounterSnapshotScope(const CounterSnapshotScope&) = delete;
  CounterSnapshotScope& operator=(const CounterSnapshotScope&) = delete;

 private:
  CounterSnapshot* previous_;
};
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

// Values read at one generation of the record types `names` (every entry at
// the same generation), served without any database read while the
// database's change signal stays settled at the sequence at which that
// generation was confirmed (Database::SettledChanges), and otherwise after
// reading the counters (one statement) as a GenerationCache is. When the
// generation moves every entry goes; past `max_entries` the cache starts
// again empty. Thread-safe. One lookup:
//
//   auto probe = cache.Observe();              // first, before any transaction
//   if (auto v = cache.Find(probe, key)) ...   // current: no database read
//   DX_ASSIGN_OR_RETURN(auto tx, db.Begin(TxMode::kRead));
//   DX_ASSIGN_OR_RETURN(int64_t g, cache.Confirm(*tx, probe));
//   if (auto v = cache.FindAt(g, key)) ...     // counters read, not the value
//   ... read the value in tx ...; cache.Put(g, key, value);
//
// Why it is exact: the probe is taken before the transaction begins, so what
// the transaction reads is at least as new as the settled sequence k it saw;
// a later probe that finds the signal settled at k again knows that no
// commit bumping a counter has begun since, so the counters still hold the
// generation confirmed at k. Serving a value newer than k is a read
// concurrent with a write, never a stale one.
template <typename K, typename V, typename Hash = std::hash<K>>
class SettledCache {
 public:
  struct Probe {
    std::optional<uint64_t> settled;
  };

  SettledCache(Database& db, std::vector<std::string> names, size_t max_entries)
      : db_(db), names_(std::move(names)), max_entries_(max_entries) {}

  Probe Observe() const { return {db_.SettledChanges()}; }

  // The value of `key` when the probe found the signal settled where the
  // cache's generation was confirmed; nullopt otherwise (then Confirm).
  std::optional<V> Find(const Probe& probe, const K& key) {
    if (!probe.settled) return std::nullopt;
    std::lock_guard lock(mu_);
    if (confirmed_at_ != probe.settled) return std::nullopt;
    return Lookup(key);
  }

  // Reads the counters in `tx` (begun after `probe` was observed) and
  // returns their generation; a newer one than the cache's empties it, and
  // the probe's settled sequence is remembered for it.
  Result<int64_t> Confirm(Tx& tx, const Probe& probe) {
    // A settled probe is paired with counters read after it: not a snapshot
    // a request may have read before.
    DX_ASSIGN_OR_RETURN(int64_t generation, probe.settled ? ReadGenerationNow(tx, names_)
                                                          : ReadGeneration(tx, names_));
    std::lock_guard lock(mu_);
    if (generation > generation_) {
      entries_.clear();
      generation_ = generation;
      confirmed_at_ = probe.settled;
    } else if (generation == generation_ && probe.settled &&
               (!confirmed_at_ || *probe.settled > *confirmed_at_)) {
      confirmed_at_ = probe.settled;
    }
    return generation;
  }

  // The value of `key` when `generation` (from Confirm) is the cache's.
  std::optional<V> FindAt(int64_t generation, const K& key) {
    std::lock_guard lock(mu_);
    if (generation != generation_) return std::nullopt;
    return Lookup(key);
  }

  // Keeps `value`, read at `generation` (from Confirm, in the same
  // transaction), unless the cache has moved past it.
  void Put(int64_t generation, const K& key, V value) {
    std::lock_guard lock(mu_);
    if (generation != generation_) return;
    if (entries_.size() >= max_entries_) entries_.clear();
    entries_.insert_or_assign(key, std::move(value));
  }

  size_t size() {
    std::lock_guard lock(mu_);
    return entries_.size();
  }

 private:
  std::optional<V> Lookup(const K& key) const {
    auto it = entries_.find(key);
    if (it == entries_.end()) return std::nullopt;
    return it->second;
  }

  Database& db_;
  const std::vector<std::string> names_;
  const size_t max_entries_;
  std::mutex mu_;
  std::unordered_map<K, V, Hash> entries_;  // all read at generation_
  int64_t generation_ = 0;
  std::optional<uint64_t> confirmed_at_;  // a settled sequence at which generation_ held
};

}  // namespace duxing::storage
