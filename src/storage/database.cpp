#include "storage/database.hpp"

#include <algorithm>
#include <charconv>

#include "storage/postgres/postgres_database.hpp"
#include "storage/sqlite/sqlite_database.hpp"

namespace duxing::storage {

namespace {
const std::string kEmpty;

struct NoWaitState {
  bool active = false;
  bool refused = false;
};
thread_local NoWaitState tl_no_wait;

}  // namespace

NoWaitScope::NoWaitScope() { tl_no_wait = {true, false}; }
NoWaitScope::~NoWaitScope() { tl_no_wait = {}; }
bool NoWaitScope::refused() const { return tl_no_wait.refused; }
bool NoWaitScope::Active() { return tl_no_wait.active; }
Error NoWaitScope::Refuse() {
  tl_no_wait.refused = true;
  Error e = MakeError(Code::kResourceExhausted, "服务器繁忙，请稍后再试");
  e.internal = "a transaction that may wait, begun where nothing may wait (NoWaitScope)";
  return e;
}

const std::string& Row::Text(size_t i) const {
  const auto& c = cells_.at(i);
  return c ? *c : kEmpty;
}

int64_t Row::Int(size_t i) const { return OptInt(i).value_or(0); }

std::optional<int64_t> Row::OptInt(size_t i) const {
  const auto& c = cells_.at(i);
  if (!c) return std::nullopt;
  if (*c == "t" || *c == "true") return 1;  // PostgreSQL booleans
  if (*c == "f" || *c == "false") return 0;
  int64_t v = 0;
  std::from_chars(c->data(), c->data() + c->size(), v);
  return v;
}

Result<Row> Tx::QueryOne(std::string_view sql, const Params& params) {
  DX_ASSIGN_OR_RETURN(Rows rows, Query(sql, params));
  if (rows.empty()) return MakeError(Code::kNotFound, "记录不存在");
  return std::move(rows.front());
}

namespace {

// "$first, $first+1, ..., $first+n-1".
void AppendPlaceholders(std::string& sql, size_t first, size_t n) {
  for (size_t i = 0; i < n; ++i) {
    if (i) sql += ", ";
    sql += '$';
    sql += std::to_string(first + i);
  }
}

}  // namespace

Result<std::vector<int64_t>> Tx::InsertRows(std::string_view table,
                                            const std::vector<std::string_view>& columns,
                                            const std::vector<Params>& rows,
                                            Returning returning) {
  Tx& tx = *this;
  std::string head = "INSERT INTO " + std::string(table) + " (";
  for (size_t i = 0; i < columns.size(); ++i) {
    if (i) head += ", ";
    head += columns[i];
  }
  head += ") VALUES ";
  const size_t width = std::max<size_t>(columns.size(), 1);
  const size_t per_statement = std::max<size_t>(kMaxBatchValues / width, 1);
  std::vector<int64_t> ids;
  if (returning == Returning::kIds) ids.reserve(rows.size());
  for (size_t start = 0; start < rows.size(); start += per_statement) {
    size_t end = std::min(rows.size(), start + per_statement);
    std::string sql = head;
    Params params;
    params.reserve((end - start) * width);
    for (size_t r = start; r < end; ++r) {
      if (rows[r].size() != columns.size()) {
        return InternalError("InsertRows: a row of " + std::to_string(rows[r].size()) +
                             " values for " + std::to_string(columns.size()) + " columns of " +
                             std::string(table));
      }
      sql += r == start ? "(" : ", (";
      AppendPlaceholders(sql, params.size() + 1, columns.size());
      sql += ')';
      params.insert(params.end(), rows[r].begin(), rows[r].end());
    }
    if (returning == Returning::kNothing) {
      DX_RETURN_IF_ERROR(tx.Exec(sql, params));
      continue;
    }
    sql += " RETURNING id";
    DX_ASSIGN_OR_RETURN(Rows got, tx.Query(sql, params));
    if (got.size() != end - start) {
      return InternalError("InsertRows: " + std::to_string(got.size()) + " ids for " +
                           std::to_string(end - start) + " rows of " + std::string(table));
    }
    // RETURNING promises no order; the ids themselves grow in insertion order.
    std::vector<int64_t> batch;
    batch.reserve(got.size());
    for (const Row& row : got) batch.push_back(row.Int(0));
    std::sort(batch.begin(), batch.end());
    ids.insert(ids.end(), batch.begin(), batch.end());
  }
  return ids;
}

Result<Rows> QueryIn(Tx& tx, std::string_view head, std::string_view tail,
                     const std::vector<std::string>& values) {
  Rows out;
  for (size_t start = 0; start < values.size(); start += kMaxBatchValues) {
    size_t end = std::min(values.size(), start + kMaxBatchValues);
    std::string sql(head);
    AppendPlaceholders(sql, 1, end - start);
    sql += tail;
    Params params(values.begin() + start, values.begin() + end);
    DX_ASSIGN_OR_RETURN(Rows rows, tx.Query(sql, params));
    for (Row& row : rows) out.push_back(std::move(row));
  }
  return out;
}

const char* BackendName(Backend b) {
  return b == Backend::kSqlite ? "sqlite" : "postgresql";
}

Result<std::unique_ptr<Database>> Open(const std::string& url) {
  if (url.rfind("sqlite:", 0) == 0) {
    return sqlite::OpenSqlite(url.substr(7));
  }
  if (url.rfind("postgresql://", 0) == 0 || url.rfind("postgres://", 0) == 0) {
    return postgres::OpenPostgres(url);
  }
  return MakeError(Code::kInvalidArgument,
                   "数据库地址应为 sqlite:PATH 或 postgresql://...", "db");
}

}  // namespace duxing::storage
