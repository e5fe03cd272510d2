// The one way a module lists records (docs/ARCHITECTURE.md, "Lists"): the
// module gives the scope and filters as a storage::Where and declares its
// sorts; ListQuery pages (offsets within kMaxListOffset, a keyset cursor for
// "next page" anywhere) and answers the total from a cache kept per query at
// the generation of the record types the list reads, so a total is counted
// once per change, not once per request.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "common/page.hpp"
#include "common/result.hpp"
#include "storage/database.hpp"
#include "storage/generation.hpp"
#include "storage/where.hpp"

namespace duxing::domain {

// The deepest offset a list serves; past it, page with the cursor.
inline constexpr int64_t kMaxListOffset = 10000;

// One declared order of a list. The module backs each with an index whose
// columns are the expression then the tie-breaker (then the scope path), so
// the page is read in order without a sort.
struct ListSort {
  std::string name;  // the API's sort value; "-name" is the same descending
  // SQL expressions, never NULL (a nullable column under COALESCE), for the
  // ascending and the descending order (they differ when NULLs sort last
  // both ways).
  std::string ascending;
  std::string descending;
  // The unique tie-breaker (an integer column, usually the id).
  std::string tie;
  bool integer = false;  // the expressions' values are integers, not text
};

// What one list query reads: SELECT `columns` `from` WHERE ... ORDER BY the
// sort. `count_from` is the FROM of its total and of the query that picks a
// page's ids from the sort's index (the joins the WHERE needs, no more).
// `sorts` holds the declared orders; the first is the default. `row_id` is
// the unique id of a row of `from` (the tie-breakers' values are its values),
// unique in the whole table, not only under the list's filters: a page's rows
// are read back by it alone.
// `rows_from` is the FROM that reads the columns of a row by its row_id: the
// joins of `from` that the columns need, without those that only filter (a
// search's gram join); "" when that is `from` itself.
// `plan_once`: its count and page statements are planned once
// (storage::kPlanOnce), for a list driven by an equality on its own index
// whatever the values (a name search's gram), not by a scope that a small
// subtree would read through another index.
// `plan_once_for_most`: its page statement is planned once when the query
// matches at least half of count_from's rows (the whole table's total, kept
// like the list's), and for its values otherwise. For a list whose WHERE is
// the caller's scope alone (beside fixed conditions): the generic plan walks
// the sort's index and filters the scope, which skips at most as many entries
// as it keeps when the scope holds most rows (the bureau's admin reading
// 100,000 people), while a branch's small scope is still planned for its
// path (its scope index, then a sort of its few rows). Not for lists with
// further filters: PostgreSQL's generic plan takes two LIKEs on one column
// for a handful of rows and reads the table whole, then sorts it.
struct ListSpec {
  std::string columns;
  std::string from;
  std::string count_from;
  std::vector<ListSort> sorts;
  std::string row_id;
  std::string rows_from;
  bool plan_once = false;
  bool plan_once_for_most = false;
};

// A page: its rows (the spec's columns, in order), how many match in all,
// and the cursor of the next page ("" on the last page).
struct ListRows {
  storage::Rows rows;
  int64_t total = 0;
  std::string next_cursor;
};

// The totals of one list, cached per query (its count SQL and parameters,
// scope included) at a generation. Thread-safe.
class ListQuery {
 public:
  // The generation of what the list reads, as `tx` sees it.
  using Generation = std::function<Result<int64_t>(storage::Tx&)>;

  // The generation is the sum of the change counters of `reads` (record types,
  // storage::ReadGeneration).
  explicit ListQuery(std::vector<std::string> reads);
  explicit ListQuery(Generation generation);
  // Without totals kept: each page counts (a list whose data changes with
  // nearly every request, such as the audit log).
  ListQuery() = default;

  // One page of `spec` under `where` (scope and filters) in `sort` order (a
  // declared sort's name, "-" + name for descending, "" for the default). Each row holds the
  // spec's columns and then the sort value and tie-breaker (how the cursor is
  // made). kInvalidArgument, nothing read, for a sort not declared ("sort"),
  // a limit below 1 ("limit"), an offset past kMaxListOffset or an offset with
  // a cursor ("offset"), or a cursor this list did not give for this sort and
  // these filters and scope: changed, cut, or another query's or caller's
  // ("cursor"). The cursor's check is a checksum, not a secret: it refuses
  // damaged or edited cursors, while scope never depends on it (the WHERE
  // always holds the caller's scope). Storage errors as they come.
  Result<ListRows> Page(storage::Tx& tx, const ListSpec& spec, const storage::Where& where,
                        const std::string& sort, const PageRequest& req);
  // Every row of `spec` under `where`, in `sort` order (exports).
  static Result<storage::Rows> All(storage::Tx& tx, const ListSpec& spec,
                                   const storage::Where& where, const std::string& sort);
  // The SQL that reads a first page's ids from the list's index, and its
  // values (for plan tests). A page then reads the rows of those ids (at most
  // limit + 1, sorted again in memory) through `rows_from`, in the same
  // statement.
  static std::pair<std::string, storage::Params> PageSql(const ListSpec& spec, const storage::Where& where,
                             const std::string& sort);

 private:
  // The count of `count_sql` under `params`: from the totals kept at
  // `generation` when this list keeps them, else counted (and kept).
  Result<int64_t> Total(storage::Tx& tx, const std::string& count_sql,
                        const storage::Params& params, int64_t generation);

  Generation generation_;
  storage::GenerationCache<int64_t> totals_{[](const int64_t&) { return size_t{72}; },
                                            size_t{4} << 20};
};

}  // namespace duxing::domain
