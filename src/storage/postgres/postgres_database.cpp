#include "storage/postgres/postgres_database.hpp"

#include <libpq-fe.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <type_traits>
#include <unordered_map>
#include <variant>
#include <vector>

namespace duxing::storage::postgres {
namespace {

constexpr int kDefaultPoolSize = 8;
constexpr int kMaxPoolSize = 256;
// Begin() waits this long for a free connection before giving up: a longer
// wait means a leak or a deadlock (a thread beginning a second transaction).
constexpr auto kPoolWait = std::chrono::seconds(30);
// Prepared statements kept per connection; past this the cache is dropped
// (DEALLOCATE ALL) when the connection returns to the pool.
constexpr size_t kMaxPrepared = 512;
// Statements with more bound values than this are batches: run unprepared.
constexpr size_t kMaxPreparedValues = 64;
constexpr const char* kConnectTimeoutSeconds = "10";

constexpr unsigned kInt8Oid = 20;
constexpr unsigned kFloat8Oid = 701;
constexpr unsigned kByteaOid = 17;

// A bytea column in text format ("\x" then two hex digits a byte, the
// server's default bytea_output) as its raw bytes.
Result<std::string> FromByteaHex(std::string_view text) {
  auto nibble = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  if (text.size() < 2 || text[0] != '\\' || text[1] != 'x' || text.size() % 2 != 0) {
    return InternalError("postgres: bytea not in hex format (bytea_output)");
  }
  std::string out(text.size() / 2 - 1, '\0');
  for (size_t i = 2, o = 0; i < text.size(); i += 2, ++o) {
    int hi = nibble(text[i]), lo = nibble(text[i + 1]);
    if (hi < 0 || lo < 0) return InternalError("postgres: bytea hex digit expected");
    out[o] = static_cast<char>(hi << 4 | lo);
  }
  return out;
}

// Frees a PGresult when it leaves scope.
struct ResultDeleter {
  void operator()(PGresult* r) const { PQclear(r); }
};
using PgResult = std::unique_ptr<PGresult, ResultDeleter>;

std::string Snippet(std::string_view sql) {
  return std::string(sql.substr(0, 200));
}

// Maps a failed result (or a connection error when `res` is null) to an Error.
Error PgError(PGconn* conn, const PGresult* res, std::string_view sql) {
  const char* state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : nullptr;
  std::string sqlstate = state ? state : "";
  std::string msg = res ? PQresultErrorMessage(res) : "";
  if (msg.empty()) msg = PQerrorMessage(conn);
  while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) {
    msg.pop_back();
  }
  std::string internal = "postgres";
  if (!sqlstate.empty()) internal += " [" + sqlstate + "]";
  internal += ": " + msg + " in: " + Snippet(sql);

  Error e;
  if (sqlstate == "23505") {
    e = MakeError(Code::kAlreadyExists, "记录已存在");
  } else if (sqlstate == "23503" || sqlstate == "23514" ||
             sqlstate == "23502") {
    e = MakeError(Code::kFailedPrecondition, "数据关联不满足约束");
  } else if (sqlstate == "40001" || sqlstate == "40P01") {
    e = MakeError(Code::kConflict, "并发冲突，请重试");
  } else {
    return InternalError(std::move(internal));
  }
  e.internal = std::move(internal);
  return e;
}

// `url` without its password, for error messages.
std::string RedactUrl(const std::string& url) {
  size_t scheme = url.find("://");
  size_t at = url.find('@');
  if (scheme == std::string::npos || at == std::string::npos) return url;
  size_t colon = url.find(':', scheme + 3);
  if (colon == std::string::npos || colon > at) return url;
  return url.substr(0, colon) + ":***" + url.substr(at);
}

// Shortest text that reads back as the same double.
std::string FormatDouble(double v) {
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof(buf), v);
  return std::string(buf, end);
}

// Draws N values from the sequence of TABLE's id column, for COPY.
constexpr std::string_view kDrawIds =
    "SELECT nextval(pg_get_serial_sequence($1, 'id')) FROM generate_series(1, $2)";

// Appends `v` as a COPY text-format field: \N for NULL, text with backslash,
// tab, newline and carriage return escaped.
void AppendCopyValue(std::string& out, const Param& v) {
  if (std::holds_alternative<std::nullptr_t>(v)) {
    out += "\\N";
  } else if (const auto* i = std::get_if<int64_t>(&v)) {
    out += std::to_string(*i);
  } else if (const auto* d = std::get_if<double>(&v)) {
    out += FormatDouble(*d);
  } else if (const auto* b = std::get_if<Bytes>(&v)) {
    out += "\\\\x";  // bytea hex input, its backslash escaped for COPY
    static constexpr char kHex[] = "0123456789abcdef";
    for (unsigned char c : b->data) {
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  } else {
    for (char c : std::get<std::string>(v)) {
      switch (c) {
        case '\\': out += "\\\\"; break;
        case '\t': out += "\\t"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        default: out += c;
      }
    }
  }
}

// Swallows server notices ("drop cascades to ...") instead of printing them
// to stderr.
void IgnoreNotice(void*, const char*) {}

// One libpq connection with its prepared-statement cache. Used by one thread
// at a time (the transaction holding it).
class Connection {
 public:
  static Result<std::unique_ptr<Connection>> Open(const std::string& url) {
    // Keywords after dbname override the URL; those before are defaults it
    // may override.
    const char* keys[] = {"connect_timeout", "dbname", "client_encoding",
                          nullptr};
    const char* values[] = {kConnectTimeoutSeconds, url.c_str(), "UTF8",
                            nullptr};
    PGconn* conn = PQconnectdbParams(keys, values, /*expand_dbname=*/1);
    if (conn == nullptr) return InternalError("postgres: out of memory");
    auto c = std::unique_ptr<Connection>(new Connection(conn));
    if (PQstatus(conn) != CONNECTION_OK) {
      std::string msg = PQerrorMessage(conn);
      while (!msg.empty() && msg.back() == '\n') msg.pop_back();
      return InternalError("postgres: cannot connect to " + RedactUrl(url) +
                           ": " + msg);
    }
    PQsetNoticeProcessor(conn, IgnoreNotice, nullptr);
    // Statements outside BEGIN READ WRITE are read-only: a read transaction
    // runs its queries without BEGIN and ROLLBACK (see PostgresTx), and the
    // server still refuses a write among them.
    DX_RETURN_IF_ERROR(
        c->ExecScript("SET TimeZone = 'UTC'; SET default_transaction_read_only = on"));
    return c;
  }

  ~Connection() { PQfinish(conn_); }

  // True when the connection can be handed to the next transaction.
  bool Reusable() const {
    return PQstatus(conn_) == CONNECTION_OK &&
           PQtransactionStatus(conn_) == PQTRANS_IDLE;
  }
  // False once the connection to the server is lost.
  bool Alive() const { return PQstatus(conn_) == CONNECTION_OK; }
  bool InTransaction() const {
    PGTransactionStatusType s = PQtransactionStatus(conn_);
    return s == PQTRANS_INTRANS || s == PQTRANS_INERROR;
  }

  // Drops the statement cache when it has grown too large. Call only between
  // transactions.
  void TrimCache() {
    if (cache_.size() <= kMaxPrepared) return;
    if (ExecScript("DEALLOCATE ALL").ok()) cache_.clear();
  }

  // Runs `sql` (possibly several statements, no parameters) with PQexec.
  Status ExecScript(std::string_view sql) {
    std::string s(sql);
    PgResult res(PQexec(conn_, s.c_str()));
    ExecStatusType st = res ? PQresultStatus(res.get()) : PGRES_FATAL_ERROR;
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK &&
        st != PGRES_EMPTY_QUERY) {
      return PgError(conn_, res.get(), sql);
    }
    return Ok();
  }

  // Runs `copy_sql` (COPY ... FROM STDIN, text format) and sends `data`.
  Status CopyIn(const std::string& copy_sql, const std::string& data) {
    PgResult start(PQexec(conn_, copy_sql.c_str()));
    if (!start || PQresultStatus(start.get()) != PGRES_COPY_IN) {
      return PgError(conn_, start.get(), copy_sql);
    }
    bool sent = PQputCopyData(conn_, data.data(), static_cast<int>(data.size())) == 1;
    sent = PQputCopyEnd(conn_, sent ? nullptr : "duxing: sending failed") == 1 && sent;
    Status status = Ok();
    // The COPY's result, then NULL; every result must be read.
    while (PGresult* r = PQgetResult(conn_)) {
      PgResult res(r);
      if (status.ok() && PQresultStatus(r) != PGRES_COMMAND_OK) {
        status = PgError(conn_, r, copy_sql);
      }
    }
    if (status.ok() && !sent) return PgError(conn_, nullptr, copy_sql);
    return status;
  }

  // Runs COMMIT. A transaction that hit an error answers COMMIT with
  // "ROLLBACK", which is reported as an error here.
  Status Commit() {
    PgResult res(PQexec(conn_, "COMMIT"));
    if (!res || PQresultStatus(res.get()) != PGRES_COMMAND_OK) {
      return PgError(conn_, res.get(), "COMMIT");
    }
    if (std::string_view(PQcmdStatus(res.get())) != "COMMIT") {
      return InternalError(
          "postgres: COMMIT rolled back a transaction that had failed");
    }
    return Ok();
  }

  // Runs one statement with `params`; appends rows to `out` when non-null.
  // Returns the number of rows the statement changed (or returned).
  Result<int64_t> Run(std::string_view sql, const Params& params, Rows* out) {
    const size_t n = params.size();
    std::vector<unsigned> types(n);
    std::vector<std::string> texts(n);
    std::vector<const char*> values(n);
    std::vector<int> lengths(n, 0), formats(n, 0);  // binary (1) for Bytes only
    bool binary = false;
    // The cache key carries the parameter types: a statement is prepared for
    // the types it was first called with.
    std::string key(sql);
    key.push_back('\0');
    for (size_t i = 0; i < n; ++i) {
      std::visit(
          [&](const auto& v) {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, std::nullptr_t>) {
              types[i] = 0;
              values[i] = nullptr;
              key.push_back('n');
            } else if constexpr (std::is_same_v<T, int64_t>) {
              types[i] = kInt8Oid;
              texts[i] = std::to_string(v);
              values[i] = texts[i].c_str();
              key.push_back('i');
            } else if constexpr (std::is_same_v<T, double>) {
              types[i] = kFloat8Oid;
              texts[i] = FormatDouble(v);
              values[i] = texts[i].c_str();
              key.push_back('d');
            } else if constexpr (std::is_same_v<T, Bytes>) {
              types[i] = kByteaOid;
              values[i] = v.data.data();
              lengths[i] = static_cast<int>(v.data.size());
              formats[i] = 1;
              binary = true;
              key.push_back('b');
            } else {
              types[i] = 0;
              values[i] = v.c_str();
              key.push_back('t');
            }
          },
          params[i]);
    }

    // Batches (storage::QueryIn) differ in size and in which
    // values are null at nearly every call: run them unprepared rather than
    // fill the cache with statements used once.
    if (n > kMaxPreparedValues) {
      std::string text(sql);
      PgResult res(PQexecParams(conn_, text.c_str(), static_cast<int>(n), types.data(),
                                values.data(), binary ? lengths.data() : nullptr,
                                binary ? formats.data() : nullptr, /*resultFormat=*/0));
      return Finish(std::move(res), sql, out);
    }
    std::string name;
    auto it = cache_.find(key);
    if (it != cache_.end()) {
      name = it->second;
    } else {
      name = "dx_" + std::to_string(next_statement_++);
      std::string text(sql);
      PgResult prep(PQprepare(conn_, name.c_str(), text.c_str(),
                              static_cast<int>(n), types.data()));
      if (!prep || PQresultStatus(prep.get()) != PGRES_COMMAND_OK) {
        return PgError(conn_, prep.get(), sql);
      }
      cache_.emplace(std::move(key), name);
    }

    DX_RETURN_IF_ERROR(UsePlanMode(sql));
    PgResult res(PQexecPrepared(conn_, name.c_str(), static_cast<int>(n),
                                values.data(), binary ? lengths.data() : nullptr,
                                binary ? formats.data() : nullptr, /*resultFormat=*/0));
    return Finish(std::move(res), sql, out);
  }

 private:
  explicit Connection(PGconn* conn) : conn_(conn) {}

  // Sets the session's plan_cache_mode for `sql` (storage::kPlanOnce) when it
  // differs from the one set: one round trip at a change, none otherwise.
  // Only between transactions: a SET inside one would be undone by its
  // ROLLBACK behind our back, so a statement in a write transaction runs in
  // whatever mode the session is in.
  Status UsePlanMode(std::string_view sql) {
    const bool once = sql.starts_with(kPlanOnce);
    if (once == plan_once_ || PQtransactionStatus(conn_) != PQTRANS_IDLE) return Ok();
    DX_RETURN_IF_ERROR(ExecScript(once ? "SET plan_cache_mode = force_generic_plan"
                                       : "SET plan_cache_mode = auto"));
    plan_once_ = once;
    return Ok();
  }

  // Checks the result of `sql`, appends its rows to `out` when non-null and
  // returns the number of rows it changed (or returned).
  Result<int64_t> Finish(PgResult res, std::string_view sql, Rows* out) {
    ExecStatusType st = res ? PQresultStatus(res.get()) : PGRES_FATAL_ERROR;
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
      return PgError(conn_, res.get(), sql);
    }
    if (out != nullptr && st == PGRES_TUPLES_OK) {
      int rows = PQntuples(res.get());
      int cols = PQnfields(res.get());
      out->reserve(out->size() + rows);
      std::vector<bool> bytea(cols);
      for (int c = 0; c < cols; ++c) bytea[c] = PQftype(res.get(), c) == kByteaOid;
      for (int r = 0; r < rows; ++r) {
        std::vector<std::optional<std::string>> cells;
        cells.reserve(cols);
        for (int c = 0; c < cols; ++c) {
          if (PQgetisnull(res.get(), r, c)) {
            cells.emplace_back(std::nullopt);
          } else if (bytea[c]) {
            DX_ASSIGN_OR_RETURN(cells.emplace_back(),
                                FromByteaHex(std::string_view(PQgetvalue(res.get(), r, c),
                                                              PQgetlength(res.get(), r, c))));
          } else {
            cells.emplace_back(std::string(PQgetvalue(res.get(), r, c),
                                           PQgetlength(res.get(), r, c)));
          }
        }
        out->emplace_back(std::move(cells));
      }
    }
    int64_t affected = 0;
    std::string_view tuples = PQcmdTuples(res.get());
    std::from_chars(tuples.data(), tuples.data() + tuples.size(), affected);
    return affected;
  }

  PGconn* conn_;
  bool plan_once_ = false;  // the session's plan_cache_mode is force_generic_plan
  std::unordered_map<std::string, std::string> cache_;  // key -> statement
  int64_t next_statement_ = 0;
};

// The pool: up to `max_size` connections, opened on demand. Shared by the
// database and its open transactions, so a transaction can always return its
// connection.
class Pool {
 public:
  Pool(std::string url, int max_size) : url_(std::move(url)), max_(max_size) {}

  // Opens the first connection so that a bad URL fails at startup.
  Status Warm() {
    DX_ASSIGN_OR_RETURN(auto conn, Connection::Open(url_));
    std::lock_guard lock(mu_);
    ++open_;
    idle_.push_back(std::move(conn));
    return Ok();
  }

  // An idle connection, a new one, or (when `max_` are open) the next one
  // released.
  Result<std::unique_ptr<Connection>> Acquire() {
    {
      std::unique_lock lock(mu_);
      bool ready = cv_.wait_for(lock, kPoolWait,
                                [&] { return !idle_.empty() || open_ < max_; });
      if (!ready) {
        return InternalError("postgres: no free connection in a pool of " +
                             std::to_string(max_) + " after " +
                             std::to_string(kPoolWait.count()) + "s");
      }
      if (!idle_.empty()) {
        auto conn = std::move(idle_.back());
        idle_.pop_back();
        return conn;
      }
      ++open_;  // reserve the slot, connect outside the lock
    }
    auto conn = Connection::Open(url_);
    if (!conn.ok()) Forget();
    return conn;
  }

  // Takes back a connection; a broken one (or one stuck in a transaction) is
  // closed and its slot freed for a fresh connection.
  void Release(std::unique_ptr<Connection> conn) {
    if (!conn->Reusable()) {
      conn.reset();
      Forget();
      return;
    }
    conn->TrimCache();
    {
      std::lock_guard lock(mu_);
      idle_.push_back(std::move(conn));
    }
    cv_.notify_one();
  }

  // Closes every idle connection (after one turned out dead, the others
  // likely are too: the server restarted).
  void CloseIdle() {
    std::vector<std::unique_ptr<Connection>> closing;
    {
      std::lock_guard lock(mu_);
      closing.swap(idle_);
      open_ -= static_cast<int>(closing.size());
    }
    cv_.notify_all();
  }

  // Frees the slot of a connection that was closed or never opened.
  void Forget() {
    {
      std::lock_guard lock(mu_);
      --open_;
    }
    cv_.notify_one();
  }

 private:
  const std::string url_;
  const int max_;
  std::mutex mu_;
  std::condition_variable cv_;
  int open_ = 0;  // idle + in use + being opened
  std::vector<std::unique_ptr<Connection>> idle_;
};

// A write transaction runs between BEGIN READ WRITE and COMMIT. A read
// transaction begins nothing: at READ COMMITTED, PostgreSQL's default, every
// statement takes its own snapshot inside a transaction too, so its queries
// run on their own (the connection's default_transaction_read_only refuses a
// write among them) and save the BEGIN and ROLLBACK round trips: a page
// answered from the cache after one counter read costs one round trip, not
// three. Exec and ExecScript (e.g. SET LOCAL) on a read transaction begin
// BEGIN READ ONLY first.
class PostgresTx : public Tx {
 public:
  PostgresTx(std::shared_ptr<Pool> pool, std::unique_ptr<Connection> conn, bool begun)
      : pool_(std::move(pool)), conn_(std::move(conn)), begun_(begun) {}

  ~PostgresTx() override {
    if (!conn_) return;  // lost with the server, and no new one to be had
    if (conn_->InTransaction()) (void)conn_->ExecScript("ROLLBACK");
    pool_->Release(std::move(conn_));
  }

  Result<Rows> Query(std::string_view sql, const Params& params) override {
    Rows rows;
    if (!begun_ && !ran_) {
      // The first statement of a read transaction is where a connection
      // that died idle (server restart, idle timeout) shows: close the idle
      // ones and run it once more on a new connection, as Begin does for
      // BEGIN in a write transaction.
      ran_ = true;
      auto first = conn_->Run(sql, params, &rows);
      if (first.ok()) return rows;
      if (conn_->Alive()) return std::move(first).error();
      pool_->Release(std::move(conn_));
      pool_->CloseIdle();
      DX_ASSIGN_OR_RETURN(conn_, pool_->Acquire());
      rows.clear();
      DX_RETURN_IF_ERROR(conn_->Run(sql, params, &rows));
      return rows;
    }
    DX_RETURN_IF_ERROR(conn_->Run(sql, params, &rows));
    return rows;
  }
  Result<int64_t> Exec(std::string_view sql, const Params& params) override {
    DX_RETURN_IF_ERROR(BeginReadOnly());
    return conn_->Run(sql, params, nullptr);
  }
  Status ExecScript(std::string_view sql) override {
    DX_RETURN_IF_ERROR(BeginReadOnly());
    return conn_->ExecScript(sql);
  }
  // After the commit, the tables this transaction filled in bulk are
  // vacuumed and analyzed (storage::InsertRows). VACUUM cannot run inside a
  // transaction: it runs on this connection, now idle, before it returns to
  // the pool. Its failure is not the commit's.
  Status Commit() override {
    if (!begun_) return Ok();  // a read transaction that began nothing
    DX_RETURN_IF_ERROR(conn_->Commit());
    std::string tables;
    for (const auto& [table, rows] : bulk_rows_) {
      if (rows < kRefreshStatisticsAfterRows) continue;
      tables += (tables.empty() ? "" : ", ") + table;
    }
    if (!tables.empty()) (void)conn_->ExecScript("VACUUM (ANALYZE) " + tables);
    return Ok();
  }

  // COPY instead of multi-row INSERTs: no statement text of thousands of
  // values to parse and bind. Ids, when wanted, are drawn from the id
  // column's sequence first and copied with the rows.
  Result<std::vector<int64_t>> InsertRows(std::string_view table,
                                          const std::vector<std::string_view>& columns,
                                          const std::vector<Params>& rows,
                                          Returning returning) override {
    std::vector<int64_t> ids;
    if (rows.empty()) return ids;
    std::string sql = "COPY " + std::string(table) + " (";
    if (returning == Returning::kIds) {
      DX_ASSIGN_OR_RETURN(Rows drawn, Query(kDrawIds, {std::string(table),
                                                       static_cast<int64_t>(rows.size())}));
      for (const Row& r : drawn) ids.push_back(r.Int(0));
      std::sort(ids.begin(), ids.end());
      sql += "id, ";
    }
    for (size_t i = 0; i < columns.size(); ++i) {
      if (i) sql += ", ";
      sql += columns[i];
    }
    sql += ") FROM STDIN";
    std::string data;
    for (size_t r = 0; r < rows.size(); ++r) {
      if (rows[r].size() != columns.size()) {
        return InternalError("InsertRows: a row of " + std::to_string(rows[r].size()) +
                             " values for " + std::to_string(columns.size()) + " columns of " +
                             std::string(table));
      }
      if (returning == Returning::kIds) data += std::to_string(ids[r]) + '\t';
      for (size_t c = 0; c < rows[r].size(); ++c) {
        if (c) data += '\t';
        AppendCopyValue(data, rows[r][c]);
      }
      data += '\n';
    }
    DX_RETURN_IF_ERROR(conn_->CopyIn(sql, data));
    bulk_rows_[std::string(table)] += static_cast<int64_t>(rows.size());
    return ids;
  }

 private:
  // Makes a read transaction that began nothing a transaction block.
  Status BeginReadOnly() {
    if (begun_) return Ok();
    ran_ = true;
    DX_RETURN_IF_ERROR(conn_->ExecScript("BEGIN READ ONLY"));
    begun_ = true;
    return Ok();
  }

  std::shared_ptr<Pool> pool_;
  std::unique_ptr<Connection> conn_;
  bool begun_;        // inside BEGIN ... (always for a write transaction)
  bool ran_ = false;  // a statement ran (the first may retry on a new connection)
  std::map<std::string, int64_t> bulk_rows_;  // rows InsertRows wrote, per table
};

class PostgresDatabase : public Database {
 public:
  explicit PostgresDatabase(std::shared_ptr<Pool> pool)
      : pool_(std::move(pool)) {}

  Backend backend() const override { return Backend::kPostgres; }

  Result<std::unique_ptr<Tx>> Begin(TxMode mode) override {
    if (NoWaitScope::Active()) return NoWaitScope::Refuse();  // memory only
    if (mode == TxMode::kRead) {
      DX_ASSIGN_OR_RETURN(auto conn, pool_->Acquire());
      return std::unique_ptr<Tx>(new PostgresTx(pool_, std::move(conn), /*begun=*/false));
    }
    const char* begin = "BEGIN READ WRITE";
    // Idle connections may have died with the server (restart, idle
    // timeout); that shows only when one is used: then close them all and
    // retry once on a new connection.
    for (int attempt = 0;; ++attempt) {
      DX_ASSIGN_OR_RETURN(auto conn, pool_->Acquire());
      Status st = conn->ExecScript(begin);
      if (st.ok()) {
        return std::unique_ptr<Tx>(new PostgresTx(pool_, std::move(conn), /*begun=*/true));
      }
      bool broken = !conn->Reusable() && !conn->InTransaction();
      pool_->Release(std::move(conn));
      if (!broken || attempt > 0) return std::move(st).error();
      pool_->CloseIdle();
    }
  }

 private:
  std::shared_ptr<Pool> pool_;
};

// Removes `pool_size=N` from the query of `url` (libpq would reject it) and
// stores N in `pool_size`.
Status TakePoolSize(std::string& url, int& pool_size) {
  size_t q = url.find('?');
  if (q == std::string::npos) return Ok();
  std::string query = url.substr(q + 1);
  std::string kept;
  size_t pos = 0;
  while (pos <= query.size()) {
    size_t amp = query.find('&', pos);
    if (amp == std::string::npos) amp = query.size();
    std::string_view part(query.data() + pos, amp - pos);
    constexpr std::string_view kKey = "pool_size=";
    if (part.substr(0, kKey.size()) == kKey) {
      std::string_view v = part.substr(kKey.size());
      int n = 0;
      auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
      if (ec != std::errc() || end != v.data() + v.size() || n < 1 ||
          n > kMaxPoolSize) {
        return MakeError(Code::kInvalidArgument,
                         "数据库地址中的 pool_size 应为 1 到 256 的整数", "db");
      }
      pool_size = n;
    } else if (!part.empty()) {
      if (!kept.empty()) kept.push_back('&');
      kept.append(part);
    }
    pos = amp + 1;
  }
  url.resize(q);
  if (!kept.empty()) url += "?" + kept;
  return Ok();
}

}  // namespace

Result<std::unique_ptr<Database>> OpenPostgres(const std::string& url) {
  std::string conninfo = url;
  int pool_size = kDefaultPoolSize;
  DX_RETURN_IF_ERROR(TakePoolSize(conninfo, pool_size));
  auto pool = std::make_shared<Pool>(std::move(conninfo), pool_size);
  DX_RETURN_IF_ERROR(pool->Warm());
  return std::unique_ptr<Database>(new PostgresDatabase(std::move(pool)));
}

}  // namespace duxing::storage::postgres
