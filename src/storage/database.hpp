// The one storage interface. Domain code speaks SQL through it; the backends
// (sqlite/, postgres/) differ only in how they connect and run statements.
//
// SQL is written once for both backends with numbered placeholders `$1, $2, ...`
// (the SQLite backend rewrites them to `?1, ?2, ...`). Every value is bound as a
// parameter; statements never splice values into SQL text.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "common/result.hpp"

namespace duxing::storage {

enum class Backend { kSqlite, kPostgres };

// Bytes bound as a binary value (BLOB on SQLite, bytea on PostgreSQL), not
// as text: any byte values, NUL included.
struct Bytes {
  std::string data;
  bool operator==(const Bytes&) const = default;
};

// A bound parameter: NULL, an integer, a real, text or bytes.
using Param = std::variant<std::nullptr_t, int64_t, double, std::string, Bytes>;

// Convenience: an optional becomes NULL when empty.
inline Param Opt(const std::optional<std::string>& v) {
  return v ? Param(*v) : Param(nullptr);
}
inline Param Opt(const std::optional<int64_t>& v) {
  return v ? Param(*v) : Param(nullptr);
}

using Params = std::vector<Param>;

// One result row. Values are kept as text (as both engines can render them);
// accessors convert. Column indexes are 0-based in SELECT order. A binary
// column (BLOB, bytea) reads as its raw bytes through Text on both engines.
class Row {
 public:
  explicit Row(std::vector<std::optional<std::string>> cells)
      : cells_(std::move(cells)) {}
  bool IsNull(size_t i) const { return !cells_.at(i).has_value(); }
  // Text of column i; "" for NULL.
  const std::string& Text(size_t i) const;
  std::optional<std::string> OptText(size_t i) const { return cells_.at(i); }
  // Integer of column i; 0 for NULL. Booleans read as 0/1 on both engines.
  int64_t Int(size_t i) const;
  std::optional<int64_t> OptInt(size_t i) const;
  bool Bool(size_t i) const { return Int(i) != 0; }
  size_t size() const { return cells_.size(); }

 private:
  std::vector<std::optional<std::string>> cells_;
};

using Rows = std::vector<Row>;

// Batches. Statements hold at most this many bound values, below the limits of
// both engines (SQLite 32766, PostgreSQL 65535); larger batches are split.
inline constexpr size_t kMaxBatchValues = 30000;

// A statement that begins with kPlanOnce is planned once per connection on
// PostgreSQL (its generic plan, plan_cache_mode = force_generic_plan) when it
// runs outside a write transaction; other statements are planned as the
// server chooses (for each execution's values, until a generic plan looks as
// good). For statements whose best plan is the same for every value (an
// equality that drives an index in the order wanted, such as a name search's
// gram) and whose planning costs more than their run. Do not mark one whose
// plan should follow its values (a scope LIKE that a small subtree would read
// by index). A comment: SQLite ignores it.
inline constexpr std::string_view kPlanOnce = "/* plan once */ ";

enum class Returning { kNothing, kIds };

// A transaction. Committed only by Commit(); the destructor rolls back an
// uncommitted transaction. Not thread-safe: one transaction, one thread.
class Tx {
 public:
  virtual ~Tx() = default;
  // Runs a statement and returns its rows (empty for statements without any).
  // Constraint violations map to kAlreadyExists (unique) or
  // kFailedPrecondition (foreign key, check); anything else to kInternal.
  virtual Result<Rows> Query(std::string_view sql, const Params& params) = 0;
  // Runs a statement; returns the number of rows it changed.
  virtual Result<int64_t> Exec(std::string_view sql, const Params& params) = 0;
  // Runs several statements without parameters (migrations).
  virtual Status ExecScript(std::string_view sql) = 0;
  virtual Status Commit() = 0;
  // Inserts many rows: see storage::InsertRows, which calls it. This default
  // runs multi-row INSERTs through Query and Exec; a backend may override it
  // with a faster path (PostgreSQL: COPY).
  virtual Result<std::vector<int64_t>> InsertRows(std::string_view table,
                                                  const std::vector<std::string_view>& columns,
                                                  const std::vector<Params>& rows,
                                                  Returning returning);

  // The first row of Query, or kNotFound when there is none.
  Result<Row> QueryOne(std::string_view sql, const Params& params);

  // Called by storage::BumpGenerations in a write transaction: its commit
  // bumps change counters, so a backend with a change signal
  // (Database::SettledChanges) moves it around that commit.
  virtual void NoteCountersBumped() {}
};

enum class TxMode { kRead, kWrite };

// While one lives, the thread that made it must not wait: it is an HTTP I/O
// thread answering a request in place (api::Router::AnswerInPlace) from
// memory, and every other connection of that thread waits while it does.
// Database::Begin then refuses every transaction at once (a read may wait
// for a connection, the disk or the network): kResourceExhausted,
// remembered, so that whatever answer followed from it is dropped
// (refused()) and the work done again on a thread that may wait. Not
// nestable; one per thread at a time.
class NoWaitScope {
 public:
  NoWaitScope();
  ~NoWaitScope();
  NoWaitScope(const NoWaitScope&) = delete;
  NoWaitScope& operator=(const NoWaitScope&) = delete;

  // Whether a transaction was refused on this thread since the scope began.
  bool refused() const;

  // For backends: whether the calling thread is inside a scope...
  static bool Active();
  // ...and, when it is, the refusal to return (remembered for refused()).
  static Error Refuse();
};

// A database: a pool of connections. Thread-safe.
class Database {
 public:
  virtual ~Database() = default;
  virtual Backend backend() const = 0;
  // Starts a transaction. kWrite transactions are serialized on SQLite;
  // kRead transactions run concurrently on both engines and must not write.
  // Inside a NoWaitScope, see there.
  virtual Result<std::unique_ptr<Tx>> Begin(TxMode mode) = 0;

  // The cross-process change signal (SQLite: sqlite/change_signal.hpp): k
  // when no commit that bumps a change counter (storage/generation.hpp) is
  // in flight in any process and the last one was the k-th; then the
  // counters read in the database are what they were when it was last
  // settled at k, and a cache confirmed at k is current without reading
  // them. Nullopt while such a commit is in flight, after a process died
  // between one and its signal (until the next write transaction repairs
  // it), and always on a backend without a signal (PostgreSQL: several
  // machines share no memory, and an asynchronous notice would let a
  // process serve a revoked session after the revoking answer was sent).
  // No database access, no system call; thread-safe.
  virtual std::optional<uint64_t> SettledChanges() const { return std::nullopt; }
  // Test hook (serve --test-hooks, unit tests): the next commit that bumps
  // change counters leaves the signal as a process killed right after that
  // commit would (torn), until a write transaction repairs it.
  virtual void TearNextChangeForTesting() {}
};

// Inserts `rows` into `table`, each row one value per name in `columns`, in
// batches (multi-row INSERT statements of at most kMaxBatchValues values
// each; COPY on PostgreSQL): a few round trips per file instead of one per
// row. With Returning::kIds, returns the `id` (an identity or integer primary
// key) of each new row in the order of `rows`; otherwise an empty vector. Errors as Tx::Query; a failed call may have
// inserted some batches, so the caller's transaction must be rolled back.
//
// Bulk writes refresh what PostgreSQL plans and reads by: once a transaction
// that inserted at least kRefreshStatisticsAfterRows rows into a table this
// way has committed, Commit() runs VACUUM (ANALYZE) on that table. Without
// it, PostgreSQL plans a freshly filled table from statistics autovacuum
// refreshes a minute or more later, as if it were empty (100,000 imported
// people: no list answered within 5 s under load), and its index-only scans
// visit the table for every entry until the visibility map is set (a page
// at offset 9,000: 9,000 table rows). The commit stands whatever the refresh
// does (it only speeds up later reads). SQLite plans without statistics (no
// sqlite_stat1) and is left as it is.
inline constexpr int64_t kRefreshStatisticsAfterRows = 1000;
inline Result<std::vector<int64_t>> InsertRows(Tx& tx, std::string_view table,
                                               const std::vector<std::string_view>& columns,
                                               const std::vector<Params>& rows,
                                               Returning returning) {
  return tx.InsertRows(table, columns, rows, returning);
}

// Runs `head + "$1, $2, ..." + tail` once per batch of at most
// kMaxBatchValues of `values` (the IN list of the statement) and returns all
// rows; the statement has no other parameters. No values, no query, no rows.
// Rows matching values of several batches come once per batch.
Result<Rows> QueryIn(Tx& tx, std::string_view head, std::string_view tail,
                     const std::vector<std::string>& values);

// Opens `url`: `sqlite:PATH` or `postgresql://...` / `postgres://...`.
Result<std::unique_ptr<Database>> Open(const std::string& url);

// "sqlite" or "postgresql".
const char* BackendName(Backend b);

}  // namespace duxing::storage
