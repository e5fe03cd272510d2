#include "domain/list_query.hpp"

#include <cstdio>

#include "common/text.hpp"

namespace duxing::domain {
namespace {

// The order a request asks for: a declared sort, its direction, its expression.
struct Order {
  const ListSort* sort = nullptr;
  bool descending = false;
  const std::string& Expr() const { return descending ? sort->descending : sort->ascending; }
  std::string Sql() const {
    const char* dir = descending ? " DESC" : " ASC";
    return " ORDER BY " + Expr() + dir + ", " + sort->tie + dir;
  }
};

Result<Order> FindOrder(const ListSpec& spec, const std::string& name) {
  if (name.empty() && !spec.sorts.empty()) return Order{&spec.sorts.front(), false};
  bool descending = !name.empty() && name[0] == '-';
  std::string_view bare = descending ? std::string_view(name).substr(1) : name;
  for (const ListSort& s : spec.sorts) {
    if (s.name == bare) return Order{&s, descending};
  }
  return MakeError(Code::kInvalidArgument, "排序字段无效", "sort");
}

uint64_t Fnv1a(std::string_view bytes) {
  uint64_t h = 14695981039346656037ull;
  for (unsigned char c : bytes) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

// The keyset position a cursor holds: the last row's sort value and tie.
struct Position {
  std::string value;
  int64_t tie = 0;
};

// What a cursor is bound to: the sort and the query without paging (scope
// and filters with their values).
std::string Binding(const std::string& sort, const ListSpec& spec, const storage::Where& where) {
  return sort + "\n" + storage::QueryKey(spec.from + where.Sql(), where.params());
}

std::string CheckOf(std::string_view payload, const std::string& binding) {
  char text[17];
  std::snprintf(text, sizeof text, "%016llx",
                static_cast<unsigned long long>(Fnv1a(std::string(payload) + "\n" + binding)));
  return text;
}

std::string MakeCursor(const Position& p, const std::string& binding) {
  std::string payload = p.value + "\n" + std::to_string(p.tie);
  return Hex(payload + "\n" + CheckOf(payload, binding));
}

Error BadCursor() {
  return MakeError(Code::kInvalidArgument, "翻页位置无效，请从第一页重新查询", "cursor");
}

// The position of `cursor`, which must be MakeCursor's for `binding`.
Result<Position> ReadCursor(std::string_view cursor, const std::string& binding, bool integer) {
  if (cursor.size() % 2 != 0 || cursor.size() > 2048) return BadCursor();
  std::string bytes;
  for (size_t i = 0; i < cursor.size(); i += 2) {
    int hi = HexDigit(cursor[i]), lo = HexDigit(cursor[i + 1]);
    if (hi < 0 || lo < 0) return BadCursor();
    bytes += static_cast<char>(hi * 16 + lo);
  }
  size_t check_at = bytes.rfind('\n');
  if (check_at == std::string::npos) return BadCursor();
  std::string payload = bytes.substr(0, check_at);
  if (bytes.substr(check_at + 1) != CheckOf(payload, binding)) return BadCursor();
  size_t tie_at = payload.rfind('\n');
  if (tie_at == std::string::npos) return BadCursor();
  Position p;
  p.value = payload.substr(0, tie_at);
  char* end = nullptr;
  std::string tie = payload.substr(tie_at + 1);
  p.tie = std::strtoll(tie.c_str(), &end, 10);
  if (tie.empty() || *end != '\0') return BadCursor();
  if (integer) {
    std::strtoll(p.value.c_str(), &end, 10);
    if (p.value.empty() || *end != '\0') return BadCursor();
  }
  return p;
}

storage::Param ValueParam(const std::string& value, bool integer) {
  if (integer) return static_cast<int64_t>(std::strtoll(value.c_str(), nullptr, 10));
  return value;
}

std::string SelectSql(const ListSpec& spec, const Order& o) {
  return "SELECT " + spec.columns + ", " + o.Expr() + ", " + o.sort->tie + " " + spec.from;
}

// The sort values and ids of a page: read (and skipped, for an offset) from
// the sort's index through count_from's joins only. Binds limit and offset
// after `where`'s values.
std::string PageIds(const ListSpec& spec, const Order& o, storage::Where& where, int64_t limit,
                    int64_t offset) {
  std::string sql =
      "SELECT " + o.Expr() + ", " + o.sort->tie + " " + spec.count_from + where.Sql() + o.Sql();
  return sql + " LIMIT " + where.Bind(limit) + " OFFSET " + where.Bind(offset);
}

// A page in one statement: its ids and sort values first (PageIds, kept
// apart as a materialized CTE), then the columns of just those rows through
// rows_from, joined by id. Skipping an offset costs index entries, not joined
// rows; and the statement stays small enough for PostgreSQL to plan quickly
// (it plans each run for its values: with the page's conditions repeated
// around `row_id IN (ids)`, planning cost more than running).
std::string PageOf(const ListSpec& spec, const Order& o, storage::Where& where, int64_t limit,
                   int64_t offset) {
  std::string ids = PageIds(spec, o, where, limit, offset);
  std::string_view rows_from = spec.rows_from.empty() ? spec.from : spec.rows_from;
  constexpr std::string_view kFrom = "FROM ";
  if (rows_from.substr(0, kFrom.size()) == kFrom) rows_from.remove_prefix(kFrom.size());
  const char* dir = o.descending ? " DESC" : " ASC";
  // CROSS JOIN: SQLite then reads the page first, as PostgreSQL plans it.
  return "WITH list_page (sort_value, tie) AS MATERIALIZED (" + ids + ") SELECT " +
         spec.columns + ", list_page.sort_value, list_page.tie FROM list_page CROSS JOIN " +
         std::string(rows_from) + " WHERE " + spec.row_id + " = list_page.tie ORDER BY " +
         "list_page.sort_value" + dir + ", list_page.tie" + dir;
}

}  // namespace

ListQuery::ListQuery(std::vector<std::string> reads)
    : ListQuery([reads = std::move(reads)](storage::Tx& tx) {
        return storage::ReadGeneration(tx, reads);
      }) {}

ListQuery::ListQuery(Generation generation) : generation_(std::move(generation)) {}

Result<ListRows> ListQuery::Page(storage::Tx& tx, const ListSpec& spec,
                                 const storage::Where& where, const std::string& sort,
                                 const PageRequest& req) {
  DX_ASSIGN_OR_RETURN(Order order, FindOrder(spec, sort));
  if (req.limit < 1) return MakeError(Code::kInvalidArgument, "limit 应大于 0", "limit");
  if (req.offset < 0 || req.offset > kMaxListOffset) {
    return MakeError(Code::kInvalidArgument,
                     "offset 不能超过 " + std::to_string(kMaxListOffset) +
                         "，请用 cursor 翻页或缩小筛选范围",
                     "offset");
  }
  if (req.offset != 0 && !req.cursor.empty()) {
    return MakeError(Code::kInvalidArgument, "offset 与 cursor 不能同时使用", "offset");
  }
  const std::string binding = Binding(sort.empty() ? order.sort->name : sort, spec, where);
  storage::Where paged = where;
  if (!req.cursor.empty()) {
    DX_ASSIGN_OR_RETURN(Position at, ReadCursor(req.cursor, binding, order.sort->integer));
    paged.And("(" + order.Expr() + ", " + order.sort->tie + ")" +
                  (order.descending ? " < " : " > ") + "(?, ?)",
              {ValueParam(at.value, order.sort->integer), at.tie});
  }
  ListRows out;
  int64_t generation = 0;
  if (generation_) {
    DX_ASSIGN_OR_RETURN(generation, generation_(tx));
  }
  // Counting is what costs at scale: keep each query's total until a write to
  // what it reads moves the generation (read in this transaction).
  const std::string_view count_plan = spec.plan_once ? storage::kPlanOnce : "";
  DX_ASSIGN_OR_RETURN(out.total,
                      Total(tx, std::string(count_plan) + "SELECT COUNT(*) " + spec.count_from +
                                    where.Sql(),
                            where.params(), generation));
  bool once = spec.plan_once;
  if (!once && spec.plan_once_for_most) {
    DX_ASSIGN_OR_RETURN(int64_t all, Total(tx, "SELECT COUNT(*) " + spec.count_from, {},
                                           generation));
    once = 2 * out.total >= all;
  }
  const std::string_view plan = once ? storage::kPlanOnce : "";
  std::string sql = std::string(plan) + PageOf(spec, order, paged, req.limit + 1, req.offset);
  DX_ASSIGN_OR_RETURN(out.rows, tx.Query(sql, paged.params()));
  if (static_cast<int64_t>(out.rows.size()) > req.limit) {
    out.rows.pop_back();
    const storage::Row& last = out.rows.back();
    size_t at = last.size() - 2;
    Position p{order.sort->integer ? std::to_string(last.Int(at)) : last.Text(at),
               last.Int(at + 1)};
    out.next_cursor = MakeCursor(p, binding);
  }
  return out;
}

Result<int64_t> ListQuery::Total(storage::Tx& tx, const std::string& count_sql,
                                 const storage::Params& params, int64_t generation) {
  const std::string key = storage::QueryKey(count_sql, params);
  int64_t total = 0;
  if (generation_ && totals_.Get(key, generation, total)) return total;
  DX_ASSIGN_OR_RETURN(storage::Row count, tx.QueryOne(count_sql, params));
  total = count.Int(0);
  if (generation_) totals_.Put(key, generation, total);
  return total;
}

Result<storage::Rows> ListQuery::All(storage::Tx& tx, const ListSpec& spec,
                                     const storage::Where& where, const std::string& sort) {
  DX_ASSIGN_OR_RETURN(Order order, FindOrder(spec, sort));
  return tx.Query(SelectSql(spec, order) + where.Sql() + order.Sql(), where.params());
}

std::pair<std::string, storage::Params> ListQuery::PageSql(const ListSpec& spec,
                                                          const storage::Where& where,
                                                          const std::string& sort) {
  auto order = FindOrder(spec, sort);
  if (!order.ok()) return {};
  storage::Where paged = where;
  std::string sql = PageIds(spec, *order, paged, 51, 0);
  return {sql, paged.params()};
}

}  // namespace duxing::domain
