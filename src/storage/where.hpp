// Builds a WHERE clause from optional filters, numbering placeholders.
//
//   Where w;
//   if (q) w.And("name LIKE ? ESCAPE '\\'", {LikePattern(*q)});
//   std::string sql = "SELECT ... FROM people" + w.Sql();
//   tx.Query(sql, w.params());
//
// Conditions mark their values with `?`; Where rewrites them to $N in order.
#pragma once

#include <string>
#include <vector>
#include <string_view>

#include "storage/database.hpp"

namespace duxing::storage {

// A condition with one `?` per value, for composing before Where::And.
struct Condition {
  std::string sql;
  Params values;
};

// True when `column` (a materialized org path such as "/1/5/") lies in a
// subtree rooted at one of `paths`; never true for no paths. The one way
// every module limits rows to what a principal's grants reach.
Condition InSubtrees(std::string_view column, const std::vector<std::string>& paths);

class Where {
 public:
  // Adds `condition` (with one `?` per element of `values`) joined by AND.
  void And(std::string_view condition, Params values = {});
  void And(Condition c) { And(c.sql, std::move(c.values)); }
  // Adds a value and returns its placeholder ("$3"), for use outside And().
  std::string Bind(Param value);
  // " WHERE c1 AND c2", or "" when there are no conditions.
  std::string Sql() const;
  const Params& params() const { return params_; }

 private:
  std::string clause_;
  Params params_;
};

// A LIKE pattern matching `s` anywhere, with %, _ and \ escaped (use ESCAPE '\').
std::string ContainsPattern(std::string_view s);

}  // namespace duxing::storage
