#include "testing/query_plan.hpp"

#include <type_traits>
#include <variant>

namespace duxing::test {

std::string InlineParams(std::string sql, const storage::Params& params) {
  for (size_t i = params.size(); i >= 1; --i) {
    std::string value = std::visit(
        [](const auto& v) -> std::string {
          using T = std::decay_t<decltype(v)>;
          if constexpr (std::is_same_v<T, std::string>) return "'" + v + "'";
          else if constexpr (std::is_same_v<T, std::nullptr_t>) return "NULL";
          else if constexpr (std::is_same_v<T, storage::Bytes>) return "NULL";  // not in lists
          else return std::to_string(v);
        },
        params[i - 1]);
    std::string mark = "$" + std::to_string(i);
    for (size_t at = sql.find(mark); at != std::string::npos; at = sql.find(mark, at)) {
      sql.replace(at, mark.size(), value);
    }
  }
  return sql;
}

Result<std::string> QueryPlan(storage::Tx& tx, bool sqlite, const std::string& sql,
                              const storage::Params& params) {
  std::string plan;
  if (sqlite) {
    DX_ASSIGN_OR_RETURN(storage::Rows rows,
                        tx.Query("EXPLAIN QUERY PLAN " + InlineParams(sql, params), {}));
    for (const auto& r : rows) plan += r.Text(3) + "\n";
    return plan;
  }
  DX_RETURN_IF_ERROR(tx.Exec("SET LOCAL enable_seqscan = off", {}));
  DX_RETURN_IF_ERROR(tx.Exec("SET LOCAL enable_sort = off", {}));
  DX_ASSIGN_OR_RETURN(storage::Rows rows, tx.Query("EXPLAIN " + InlineParams(sql, params), {}));
  for (const auto& r : rows) plan += r.Text(0) + "\n";
  return plan;
}

}  // namespace duxing::test
