#include "storage/database.hpp"

#include <charconv>

#include "storage/postgres/postgres_database.hpp"
#include "storage/sqlite/sqlite_database.hpp"

namespace duxing::storage {

namespace {
const std::string kEmpty;
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
