#include "storage/generation.hpp"

namespace duxing::storage {

Result<int64_t> ReadGeneration(Tx& tx, const char* name) {
  DX_ASSIGN_OR_RETURN(Row r, tx.QueryOne("SELECT version FROM generations WHERE name = $1",
                                         {std::string(name)}));
  return r.Int(0);
}

Status BumpGeneration(Tx& tx, const char* name) {
  DX_ASSIGN_OR_RETURN(
      int64_t n,
      tx.Exec("UPDATE generations SET version = version + 1 WHERE name = $1",
              {std::string(name)}));
  if (n != 1) return InternalError(std::string("generation missing: ") + name);
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
          } else {
            key += std::to_string(v);
          }
        },
        p);
  }
  return key;
}

}  // namespace duxing::storage
