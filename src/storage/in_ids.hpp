// A condition on a list of ids, for Where::And.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "storage/where.hpp"

namespace duxing::storage {

// True when `column` equals one of `ids` ("column IN (?, ...)", one value
// each); never true for no ids.
inline Condition InIds(std::string_view column, const std::vector<int64_t>& ids) {
  if (ids.empty()) return {"1 = 0", {}};
  Condition c{std::string(column) + " IN (", {}};
  for (int64_t id : ids) {
    c.sql += c.values.empty() ? "?" : ", ?";
    c.values.emplace_back(id);
  }
  c.sql += ')';
  return c;
}

}  // namespace duxing::storage
