#include "storage/sqlite/sqlite_database.hpp"

#include <spdlog/spdlog.h>
#include <sqlite3.h>
#include <sys/stat.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <vector>

#include "storage/sqlite/change_signal.hpp"

namespace duxing::storage::sqlite {
namespace {

constexpr int kReaders = 4;
constexpr int kBusyTimeoutMs = 10000;
// Statements with more bound values than this are batches: not cached.
constexpr size_t kMaxCachedValues = 64;

Error SqliteError(sqlite3* db, int rc, std::string_view sql) {
  int ext = sqlite3_extended_errcode(db);
  std::string internal = std::string("sqlite: ") + sqlite3_errmsg(db) +
                         " in: " + std::string(sql.substr(0, 200));
  if (ext == SQLITE_CONSTRAINT_UNIQUE || ext == SQLITE_CONSTRAINT_PRIMARYKEY) {
    Error e = MakeError(Code::kAlreadyExists, "记录已存在");
    e.internal = internal;
    return e;
  }
  if ((rc & 0xff) == SQLITE_CONSTRAINT) {
    Error e = MakeError(Code::kFailedPrecondition, "数据关联不满足约束");
    e.internal = internal;
    return e;
  }
  return InternalError(internal);
}

// dx_base64_decode(text): the bytes of standard base64 text as a BLOB (NULL
// for NULL or text that is not base64). Registered on the writer for
// migration 0016, which turns the base64 chunks of older versions into
// BLOBs; nothing else uses it.
void Base64Decode(sqlite3_context* ctx, int, sqlite3_value** argv) {
  if (sqlite3_value_type(argv[0]) == SQLITE_NULL) return sqlite3_result_null(ctx);
  const auto* in = sqlite3_value_text(argv[0]);
  int n = sqlite3_value_bytes(argv[0]);
  auto value = [](unsigned char c) -> int {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
  };
  while (n > 0 && in[n - 1] == '=') --n;
  std::string out;
  out.reserve(static_cast<size_t>(n) * 3 / 4);
  uint32_t acc = 0;
  int bits = 0;
  for (int i = 0; i < n; ++i) {
    int v = value(in[i]);
    if (v < 0) return sqlite3_result_null(ctx);
    acc = (acc << 6) | static_cast<uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((acc >> bits) & 0xff);
    }
  }
  sqlite3_result_blob64(ctx, out.data(), out.size(), SQLITE_TRANSIENT);
}

// One connection with its prepared-statement cache.
class Connection {
 public:
  static Result<std::unique_ptr<Connection>> Open(const std::string& path,
                                                  bool writer) {
    sqlite3* db = nullptr;
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX |
                (writer ? SQLITE_OPEN_CREATE : 0);
    int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
    if (rc != SQLITE_OK) {
      std::string msg = db ? sqlite3_errmsg(db) : "out of memory";
      sqlite3_close(db);
      return InternalError("sqlite open " + path + ": " + msg);
    }
    auto c = std::unique_ptr<Connection>(new Connection(db));
    sqlite3_busy_timeout(db, kBusyTimeoutMs);
    const char* pragmas =
        "PRAGMA foreign_keys=ON; PRAGMA synchronous=FULL; "
        "PRAGMA temp_store=MEMORY; PRAGMA cache_size=-16000;";
    DX_RETURN_IF_ERROR(c->ExecScript(pragmas));
    if (writer) DX_RETURN_IF_ERROR(c->ExecScript("PRAGMA journal_mode=WAL;"));
    if (writer) {
      sqlite3_create_function_v2(db, "dx_base64_decode", 1,
                                 SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, nullptr,
                                 Base64Decode, nullptr, nullptr, nullptr);
    }
    // Readers refuse writes, as PostgreSQL does in READ ONLY transactions.
    if (!writer) DX_RETURN_IF_ERROR(c->ExecScript("PRAGMA query_only=ON;"));
    return c;
  }

  ~Connection() {
    for (auto& [sql, stmt] : cache_) sqlite3_finalize(stmt);
    sqlite3_close(db_);
  }

  Status ExecScript(std::string_view sql) {
    char* err = nullptr;
    std::string s(sql);
    int rc = sqlite3_exec(db_, s.c_str(), nullptr, nullptr, &err);
    if (rc != SQLITE_OK) {
      Error e = SqliteError(db_, rc, sql);
      sqlite3_free(err);
      return e;
    }
    return Ok();
  }

  // The cached statement for `sql`, prepared on first use.
  Result<sqlite3_stmt*> Prepare(std::string_view sql) {
    auto it = cache_.find(sql);  // no copy of the text per statement run
    if (it != cache_.end()) return it->second;
    DX_ASSIGN_OR_RETURN(sqlite3_stmt * stmt, PrepareUncached(sql, SQLITE_PREPARE_PERSISTENT));
    cache_.emplace(std::string(sql), stmt);
    return stmt;
  }

  // A new statement for `sql`; the caller finalizes it.
  Result<sqlite3_stmt*> PrepareUncached(std::string_view sql, unsigned flags) {
    std::string rewritten = RewritePlaceholders(sql);
    sqlite3_stmt* stmt = nullptr;
    int rc = sqlite3_prepare_v3(db_, rewritten.c_str(), static_cast<int>(rewritten.size()), flags,
                                &stmt, nullptr);
    if (rc != SQLITE_OK) return SqliteError(db_, rc, sql);
    return stmt;
  }

  // Runs one statement; collects rows into `out` when non-null.
  Result<int64_t> Run(std::string_view sql, const Params& params, Rows* out) {
    // Batches (storage::InsertRows, QueryIn) differ in size at nearly every
    // call: run them uncached rather than keep statements used once.
    const bool batch = params.size() > kMaxCachedValues;
    DX_ASSIGN_OR_RETURN(sqlite3_stmt * stmt, batch ? PrepareUncached(sql, 0) : Prepare(sql));
    struct Reset {
      sqlite3_stmt* s;
      bool finalize;
      ~Reset() {
        if (finalize) {
          sqlite3_finalize(s);
          return;
        }
        sqlite3_reset(s);
        sqlite3_clear_bindings(s);
      }
    } reset{stmt, batch};
    for (size_t i = 0; i < params.size(); ++i) {
      int idx = static_cast<int>(i + 1);
      int rc = std::visit(
          [&](const auto& v) -> int {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, std::nullptr_t>) {
              return sqlite3_bind_null(stmt, idx);
            } else if constexpr (std::is_same_v<T, int64_t>) {
              return sqlite3_bind_int64(stmt, idx, v);
            } else if constexpr (std::is_same_v<T, double>) {
              return sqlite3_bind_double(stmt, idx, v);
            } else if constexpr (std::is_same_v<T, Bytes>) {
              return sqlite3_bind_blob64(stmt, idx, v.data.data(),
                                         static_cast<sqlite3_uint64>(v.data.size()),
                                         SQLITE_STATIC);
            } else {
              return sqlite3_bind_text(stmt, idx, v.data(),
                                       static_cast<int>(v.size()),
                                       SQLITE_STATIC);
            }
          },
          params[i]);
      if (rc != SQLITE_OK) return SqliteError(db_, rc, sql);
    }
    int cols = sqlite3_column_count(stmt);
    for (;;) {
      int rc = sqlite3_step(stmt);
      if (rc == SQLITE_DONE) break;
      if (rc != SQLITE_ROW) return SqliteError(db_, rc, sql);
      if (!out) continue;
      std::vector<std::optional<std::string>> cells;
      cells.reserve(cols);
      for (int c = 0; c < cols; ++c) {
        int type = sqlite3_column_type(stmt, c);
        if (type == SQLITE_NULL) {
          cells.emplace_back(std::nullopt);
        } else if (type == SQLITE_BLOB) {
          const auto* p = static_cast<const char*>(sqlite3_column_blob(stmt, c));
          int n = sqlite3_column_bytes(stmt, c);
          cells.emplace_back(n > 0 ? std::string(p, n) : std::string());
        } else {
          const auto* p =
              reinterpret_cast<const char*>(sqlite3_column_text(stmt, c));
          cells.emplace_back(std::string(p, sqlite3_column_bytes(stmt, c)));
        }
      }
      out->emplace_back(std::move(cells));
    }
    return static_cast<int64_t>(sqlite3_changes(db_));
  }

  sqlite3* handle() { return db_; }

 private:
  explicit Connection(sqlite3* db) : db_(db) {}
  // Looked up by string_view (heterogeneous lookup).
  struct TextHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>()(s); }
  };
  sqlite3* db_;
  std::unordered_map<std::string, sqlite3_stmt*, TextHash, std::equal_to<>> cache_;
};

class SqliteDatabase;

class SqliteTx : public Tx {
 public:
  SqliteTx(SqliteDatabase* owner, std::unique_ptr<Connection> conn, bool writer)
      : owner_(owner), conn_(std::move(conn)), writer_(writer) {}
  ~SqliteTx() override;

  Result<Rows> Query(std::string_view sql, const Params& params) override {
    Rows rows;
    DX_RETURN_IF_ERROR(conn_->Run(sql, params, &rows));
    return rows;
  }
  Result<int64_t> Exec(std::string_view sql, const Params& params) override {
    return conn_->Run(sql, params, nullptr);
  }
  Status ExecScript(std::string_view sql) override {
    return conn_->ExecScript(sql);
  }
  Status Commit() override;
  void NoteCountersBumped() override { bumped_ = writer_; }

  // One cached single-row INSERT stepped per row: the multi-row statements
  // of the default differ in size, so each was parsed anew (16% of a
  // 100,000-row import), and SQLite steps a prepared row as fast as a row of
  // a batch.
  Result<std::vector<int64_t>> InsertRows(std::string_view table,
                                          const std::vector<std::string_view>& columns,
                                          const std::vector<Params>& rows,
                                          Returning returning) override {
    if (columns.empty() || columns.size() > kMaxCachedValues) {
      return Tx::InsertRows(table, columns, rows, returning);
    }
    std::string sql = "INSERT INTO " + std::string(table) + " (";
    std::string values;
    for (size_t i = 0; i < columns.size(); ++i) {
      sql += i ? ", " : "";
      sql += columns[i];
      values += i ? ", $" : "$";
      values += std::to_string(i + 1);
    }
    sql += ") VALUES (" + values + ")";
    if (returning == Returning::kIds) sql += " RETURNING id";
    std::vector<int64_t> ids;
    if (returning == Returning::kIds) ids.reserve(rows.size());
    Rows got;
    for (const Params& row : rows) {
      if (row.size() != columns.size()) {
        return InternalError("InsertRows: a row of " + std::to_string(row.size()) +
                             " values for " + std::to_string(columns.size()) + " columns of " +
                             std::string(table));
      }
      if (returning == Returning::kNothing) {
        DX_RETURN_IF_ERROR(conn_->Run(sql, row, nullptr));
        continue;
      }
      got.clear();
      DX_RETURN_IF_ERROR(conn_->Run(sql, row, &got));
      if (got.size() != 1) return InternalError("InsertRows: no id for a row of " + std::string(table));
      ids.push_back(got[0].Int(0));
    }
    return ids;
  }

 private:
  SqliteDatabase* owner_;
  std::unique_ptr<Connection> conn_;
  bool writer_;
  bool bumped_ = false;  // the commit moves the change signal
  bool done_ = false;
};

std::function<void(bool)> checkpoint_hook;  // SetCheckpointHookForTesting

// Checkpoints the WAL on a thread and connection of its own, woken by the
// writer's commits once the WAL holds kWakePages pages. SQLite's automatic
// checkpoint runs inside the COMMIT that crosses its threshold (1,000
// pages): that writer, and under group commit every exam answer of its group,
// waited for the copy into the database file and that file's fsync. A
// PASSIVE checkpoint blocks neither writers nor readers. Should the WAL reach
// kInlinePages all the same (commits outrunning the thread), the commit
// checkpoints it itself, as SQLite would, so that it stays bounded.
class Checkpointer {
 public:
  explicit Checkpointer(std::unique_ptr<Connection> conn)
      : conn_(std::move(conn)), thread_([this] { Loop(); }) {}
  ~Checkpointer() {
    {
      std::lock_guard lock(mu_);
      stop_ = true;
    }
    cv_.notify_one();
    thread_.join();
  }
  Checkpointer(const Checkpointer&) = delete;
  Checkpointer& operator=(const Checkpointer&) = delete;

  // The writer connection's WAL hook (sqlite3_wal_hook, which replaces the
  // automatic checkpoint): `pages` is the WAL's size after a commit.
  static int OnCommit(void* self, sqlite3* db, const char* name, int pages) {
    if (pages >= kInlinePages) {
      (void)sqlite3_wal_checkpoint_v2(db, name, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
    } else if (pages >= kWakePages) {
      static_cast<Checkpointer*>(self)->Wake();
    }
    return SQLITE_OK;
  }

 private:
  static constexpr int kWakePages = 1000;
  static constexpr int kInlinePages = 20000;

  void Wake() {
    {
      std::lock_guard lock(mu_);
      due_ = true;
    }
    cv_.notify_one();
  }

  void Loop() {
    std::unique_lock lock(mu_);
    while (true) {
      cv_.wait(lock, [&] { return due_ || stop_; });
      if (stop_) return;
      due_ = false;
      lock.unlock();
      if (checkpoint_hook) checkpoint_hook(false);
      // BUSY: another connection (another process) is checkpointing.
      int rc = sqlite3_wal_checkpoint_v2(conn_->handle(), nullptr, SQLITE_CHECKPOINT_PASSIVE,
                                         nullptr, nullptr);
      if (rc != SQLITE_OK && rc != SQLITE_BUSY) {
        spdlog::warn("sqlite checkpoint: {}", sqlite3_errmsg(conn_->handle()));
      }
      if (checkpoint_hook) checkpoint_hook(true);
      lock.lock();
    }
  }

  std::unique_ptr<Connection> conn_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool due_ = false;
  bool stop_ = false;
  std::thread thread_;  // last: starts once the members above are built
};

class SqliteDatabase : public Database {
 public:
  Backend backend() const override { return Backend::kSqlite; }

  static Result<std::unique_ptr<Database>> Make(const std::string& path) {
    auto db = std::unique_ptr<SqliteDatabase>(new SqliteDatabase());
    DX_ASSIGN_OR_RETURN(db->writer_, Connection::Open(path, true));
    DX_ASSIGN_OR_RETURN(auto checkpoints, Connection::Open(path, true));
    db->checkpointer_ = std::make_unique<Checkpointer>(std::move(checkpoints));
    sqlite3_wal_hook(db->writer_->handle(), &Checkpointer::OnCommit, db->checkpointer_.get());
    for (int i = 0; i < kReaders; ++i) {
      DX_ASSIGN_OR_RETURN(auto r, Connection::Open(path, false));
      db->readers_.push_back(std::move(r));
    }
    // The signal file takes the database file's permissions, as SQLite's
    // -wal and -shm do: whoever may not write the data may not move it.
    struct stat st {};
    mode_t mode = ::stat(path.c_str(), &st) == 0 ? (st.st_mode & 0666) : 0600;
    DX_ASSIGN_OR_RETURN(db->signal_,
                        ChangeSignal::Open(path + std::string(kChangeSignalSuffix), mode));
    db->RepairAtStart();
    return std::unique_ptr<Database>(std::move(db));
  }

  std::optional<uint64_t> SettledChanges() const override { return signal_->Settled(); }
  void TearNextChangeForTesting() override { tear_next_ = true; }
  ChangeSignal& signal() { return *signal_; }
  // Whether the signal of the commit being made is to be left torn (test hook).
  bool TakeTear() { return tear_next_.exchange(false); }

  Result<std::unique_ptr<Tx>> Begin(TxMode mode) override {
    bool writer = mode == TxMode::kWrite;
    std::unique_ptr<Connection> conn;
    {
      std::unique_lock lock(mu_);
      // An I/O thread answers from memory only.
      if (NoWaitScope::Active()) return NoWaitScope::Refuse();
      if (writer) {
        cv_.wait(lock, [&] { return writer_ != nullptr; });
        conn = std::move(writer_);
      } else {
        cv_.wait(lock, [&] { return !readers_.empty(); });
        conn = std::move(readers_.back());
        readers_.pop_back();
      }
    }
    // Run() keeps BEGIN, COMMIT and ROLLBACK prepared: no parsing per transaction.
    auto begun = conn->Run(writer ? "BEGIN IMMEDIATE" : "BEGIN", {}, nullptr);
    if (!begun.ok()) {
      Release(std::move(conn), writer);
      return std::move(begun).error();
    }
    if (writer) RepairSignal();  // the write lock is held
    return std::unique_ptr<Tx>(new SqliteTx(this, std::move(conn), writer));
  }

  // Holding the write lock: a torn signal (a process ended between a commit
  // and its signal) is repaired, with a line in the log.
  void RepairSignal() {
    if (signal_->Repair()) {
      spdlog::warn("change signal {} was torn (a process ended between a commit and its "
                   "signal): repaired",
                   signal_->path());
    }
  }

  void Release(std::unique_ptr<Connection> conn, bool writer) {
    {
      std::lock_guard lock(mu_);
      if (writer) {
        writer_ = std::move(conn);
      } else {
        readers_.push_back(std::move(conn));
      }
    }
    cv_.notify_all();
  }

 private:
  SqliteDatabase() = default;
  std::mutex mu_;
  std::condition_variable cv_;
  // A process starting repairs a signal left torn, when it can take the
  // write lock at once (else the writer holding it, or the next, repairs it).
  void RepairAtStart() {
    sqlite3_busy_timeout(writer_->handle(), 0);
    if (writer_->Run("BEGIN IMMEDIATE", {}, nullptr).ok()) {
      RepairSignal();
      (void)writer_->Run("COMMIT", {}, nullptr);
    }
    sqlite3_busy_timeout(writer_->handle(), kBusyTimeoutMs);
  }

  // Before writer_: the writer's WAL hook points at it, so it goes last.
  std::unique_ptr<Checkpointer> checkpointer_;
  std::unique_ptr<Connection> writer_;
  std::vector<std::unique_ptr<Connection>> readers_;
  std::unique_ptr<ChangeSignal> signal_;
  std::atomic<bool> tear_next_{false};
};

Status SqliteTx::Commit() {
  // `begun` moves before the commit and `finished` after it, both counted
  // by the holder of the write lock: a process ending between the two
  // leaves the pair torn, and readers go to the database.
  std::optional<uint64_t> n;
  if (bumped_) n = owner_->signal().Begin();
  DX_RETURN_IF_ERROR(conn_->Run("COMMIT", {}, nullptr));  // failed: left torn
  done_ = true;
  if (n && !owner_->TakeTear()) owner_->signal().Finish(*n);
  return Ok();
}

SqliteTx::~SqliteTx() {
  if (!done_) (void)conn_->Run("ROLLBACK", {}, nullptr);
  owner_->Release(std::move(conn_), writer_);
}

}  // namespace

std::string RewritePlaceholders(std::string_view sql) {
  std::string out;
  out.reserve(sql.size());
  bool in_string = false;
  int64_t largest = 0;  // the largest parameter number so far
  for (size_t i = 0; i < sql.size(); ++i) {
    char c = sql[i];
    if (c == '\'') in_string = !in_string;
    if (in_string || c != '$') {
      out.push_back(c);
      continue;
    }
    size_t end = i + 1;
    int64_t n = 0;
    while (end < sql.size() && end - i <= 6 && std::isdigit(static_cast<unsigned char>(sql[end]))) {
      n = n * 10 + (sql[end] - '0');
      ++end;
    }
    // A bare `?` is numbered one past the largest so far: write it when that
    // is N, because SQLite looks every `?N` up in a list, which makes a
    // statement of thousands of them (a batch) quadratic to prepare.
    if (end > i + 1 && n == largest + 1) {
      out.push_back('?');
      largest = n;
      i = end - 1;
    } else {
      out.push_back('?');
      if (end > i + 1) largest = std::max(largest, n);
    }
  }
  return out;
}

void SetCheckpointHookForTesting(std::function<void(bool done)> hook) {
  checkpoint_hook = std::move(hook);
}

Result<std::unique_ptr<Database>> OpenSqlite(const std::string& path) {
  std::filesystem::path p(path);
  if (p.has_parent_path()) {
    std::error_code ec;
    std::filesystem::create_directories(p.parent_path(), ec);
  }
  return SqliteDatabase::Make(path);
}

Status BackupSqlite(const std::string& path, const std::string& to) {
  sqlite3* src = nullptr;
  sqlite3* dst = nullptr;
  if (sqlite3_open_v2(path.c_str(), &src, SQLITE_OPEN_READONLY, nullptr) !=
      SQLITE_OK) {
    sqlite3_close(src);
    return InternalError("cannot open " + path);
  }
  if (sqlite3_open(to.c_str(), &dst) != SQLITE_OK) {
    sqlite3_close(src);
    sqlite3_close(dst);
    return InternalError("cannot create " + to);
  }
  sqlite3_busy_timeout(src, kBusyTimeoutMs);
  sqlite3_backup* b = sqlite3_backup_init(dst, "main", src, "main");
  int rc = SQLITE_OK;
  if (b) {
    do {
      rc = sqlite3_backup_step(b, 256);
      if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) sqlite3_sleep(50);
    } while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
    sqlite3_backup_finish(b);
  }
  std::string err = sqlite3_errmsg(dst);
  sqlite3_close(src);
  sqlite3_close(dst);
  if (rc != SQLITE_DONE) return InternalError("backup failed: " + err);
  return Ok();
}

}  // namespace duxing::storage::sqlite
