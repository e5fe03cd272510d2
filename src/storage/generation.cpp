#include "storage/generation.hpp"

#include <algorithm>

namespace duxing::storage {
namespace {

// A counter without a row reads as 1; its first bump makes the row with 2.
constexpr std::string_view kBump =
    "INSERT INTO generations (name, version) VALUES ($1, 2) "
    "ON CONFLICT (name) DO UPDATE SET version = generations.version + 1";
// Every counter: one row per record type, a few dozen at most. Read whole
// with one statement prepared once: an `IN (...)` list of the names made
// SQLite build a temporary table on every run, the largest cost of a
// request that only checks the counters (a cached session).
constexpr std::string_view kAll = "SELECT name, version FROM generations";

// Sorted, each name once.
std::vector<std::string> Distinct(std::vector<std::string> names) {
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  return names;
}

// The snapshot of the request this thread is handling, if any.
thread_local CounterSnapshot* tl_snapshot = nullptr;

// The generation of `listed` in `rows` (every counter).
Result<int64_t> SumOf(const Rows& rows, const std::vector<std::string>& listed) {
  if (listed.empty()) return InternalError("ReadGeneration of no counters");
  std::vector<std::string> names = Distinct(listed);
  int64_t sum = 0;
  int64_t found = 0;
  for (const Row& r : rows) {
    if (std::binary_search(names.begin(), names.end(), r.Text(0))) {
      sum += r.Int(1);
      ++found;
    }
  }
  return sum + static_cast<int64_t>(names.size()) - found;
}

}  // namespace

CounterSnapshotScope::CounterSnapshotScope(CounterSnapshot& snapshot) : previous_(tl_snapshot) {
  tl_snapshot = &snapshot;
}

CounterSnapshotScope::~CounterSnapshotScope() { tl_snapshot = previous_; }

Result<int64_t> ReadGenerationNow(Tx& tx, const std::vector<std::string>& names) {
  DX_ASSIGN_OR_RETURN(Rows rows, tx.Query(kAll, {}));
  return SumOf(rows, names);
}

Result<int64_t> ReadGeneration(Tx& tx, const std::vector<std::string>& names) {
  CounterSnapshot* snapshot = tl_snapshot;
  if (!snapshot || snapshot->off_) return ReadGenerationNow(tx, names);
  if (!snapshot->rows_) {
    DX_ASSIGN_OR_RETURN(Rows rows, tx.Query(kAll, {}));
    snapshot->rows_ = std::move(rows);
  }
  return SumOf(*snapshot->rows_, names);
}

Status BumpGenerations(Tx& tx, const std::vector<std::string>& names) {
  if (!names.empty()) tx.NoteCountersBumped();
  if (tl_snapshot) {
    tl_snapshot->rows_.reset();
    tl_snapshot->off_ = true;
  }
  for (const std::string& name : Distinct(names)) DX_RETURN_IF_ERROR(tx.Exec(kBump, {name}));
  return Ok();
}

}  // namespace duxing::storage

namespace duxing::storage {

std::string QueryKey(std::string_view sql, const Params& params) {
  std::string key(sql);
  for (const Param& p : params) {
    key += '\x1f';
    std::visit(
        [&](const auto& v) {
          using T = std::decay_t<decltype(v)>;
          if constexpr (std::is_same_v<T, std::nullptr_t>) {
            key += "\x1eNULL";
          } else if constexpr (std::is_same_v<T, std::string>) {
            key += v;
          } else if constexpr (std::is_same_v<T, Bytes>) {
            key += "\x1eBYTES";
            key += v.data;
          } else {
            key += std::to_string(v);
          }
        },
        p);
  }
  return key;
}

}  // namespace duxing::storage
