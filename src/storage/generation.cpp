#include "storage/generation.hpp"

#include <algorithm>

namespace duxing::storage {
namespace {

// A counter without a row reads as 1; its first bump makes the row with 2.
constexpr std::string_view kBump =
    "INSERT INTO generations (name, version) VALUES ($1, 2) "
    "ON CONFLICT (name) DO UPDATE SET version = generations.version + 1";

// Sorted, each name once.
std::vector<std::string> Distinct(std::vector<std::string> names) {
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  return names;
}

}  // namespace

Result<int64_t> ReadGeneration(Tx& tx, const std::vector<std::string>& listed) {
  if (listed.empty()) return InternalError("ReadGeneration of no counters");
  std::vector<std::string> names = Distinct(listed);
  std::string sql =
      "SELECT COUNT(*), CAST(COALESCE(SUM(version), 0) AS BIGINT) FROM generations "
      "WHERE name IN (";
  Params params;
  for (const std::string& name : names) {
    if (!params.empty()) sql += ", ";
    params.push_back(name);
    sql += "$" + std::to_string(params.size());
  }
  sql += ")";
  DX_ASSIGN_OR_RETURN(Row r, tx.QueryOne(sql, params));
  int64_t missing = static_cast<int64_t>(names.size()) - r.Int(0);
  return r.Int(1) + missing;
}

Status BumpGenerations(Tx& tx, const std::vector<std::string>& names) {
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
