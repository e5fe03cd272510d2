#include "domain/ledger/overdue.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "common/text.hpp"
#include "domain/ledger/item_rows.hpp"
#include "domain/ledger/ledger_service.hpp"
#include "domain/notifications/notification.hpp"
#include "storage/generation.hpp"
#include "storage/where.hpp"

namespace duxing::domain::ledger {
namespace {

// The change counters a pass moves: the items and their timelines.
const std::vector<std::string> kItemsChanged = {kItemRecordType};

// Not closed, not archived: the items that may be (or stay) overdue.
#define DX_LEDGER_OPEN "status <> 'closed' AND archived = 0"

// Marks a batch: the oldest deadlines first (ledger_items_to_mark, 0032),
// bumping each item's version (a form opened before the mark is stale: the
// user's full-row write would otherwise put overdue_since back, see
// docs/ARCHITECTURE.md "Ledger"). On PostgreSQL the outer conditions are
// checked again under each row's lock (the subquery's snapshot may be older),
// so an item closed meanwhile, or marked by another pass, is left alone.
// SQLite's writer is alone in the database, so its statement has no second
// check: driven by the ids alone, it writes the table in id order (each page
// once), not in deadline order (every page many times, a first pass over a
// large ledger spilling its cache again and again).
constexpr std::string_view kMark =
    "UPDATE ledger_items SET overdue_since = $1, version = version + 1 WHERE id ";
constexpr std::string_view kMarkPick =
    "SELECT id FROM ledger_items WHERE overdue_since IS NULL AND " DX_LEDGER_OPEN
    " AND deadline < $2 ORDER BY deadline, id LIMIT $3";
constexpr std::string_view kMarkCheck =
    " AND overdue_since IS NULL AND " DX_LEDGER_OPEN " AND deadline < $2";
constexpr std::string_view kMarkReturning =
    " RETURNING id, title, deadline, responsible_person_id, leader_person_id";
// Escalates a batch: marked before $2 (ledger_items_to_escalate, 0032), as
// kMark.
constexpr std::string_view kEscalate =
    "UPDATE ledger_items SET escalated_at = $1, version = version + 1 WHERE id ";
constexpr std::string_view kEscalatePick =
    "SELECT id FROM ledger_items WHERE escalated_at IS NULL AND overdue_since < $2 AND "
    DX_LEDGER_OPEN " AND deadline < $3 ORDER BY overdue_since, id LIMIT $4";
constexpr std::string_view kEscalateCheck =
    " AND escalated_at IS NULL AND overdue_since < $2 AND " DX_LEDGER_OPEN " AND deadline < $3";
constexpr std::string_view kEscalateReturning = " RETURNING id, title, deadline, org_id, org_path";
// The timeline entries of a batch, written from the items themselves: $1 the
// kind, "$2<deadline>$3" the text, $4 the time; the items' ids follow. (The
// casts type the values for PostgreSQL, which cannot infer a parameter's
// type in a SELECT list.)
constexpr std::string_view kEntriesOf =
    "INSERT INTO ledger_entries (item_id, kind, text, person_name, created_at) "
    "SELECT id, CAST($1 AS TEXT), CAST($2 AS TEXT) || deadline || CAST($3 AS TEXT), '', "
    "CAST($4 AS TEXT) FROM ledger_items WHERE id IN (";
constexpr size_t kEntriesFixedValues = 4;
// The accounts of the people of a batch (their head; QueryIn adds the ids).
constexpr std::string_view kAccountsOf =
    "SELECT id, person_id FROM accounts WHERE disabled = 0 AND person_id IN (";
constexpr std::string_view kOrgNamesOf = "SELECT id, name FROM orgs WHERE id IN (";
// Every enabled org admin with the path of the org of the grant.
constexpr std::string_view kOrgAdmins =
    "SELECT g.account_id, o.path FROM role_grants g JOIN orgs o ON o.id = g.org_id "
    "JOIN accounts a ON a.id = g.account_id WHERE g.role = 'org_admin' AND a.disabled = 0 "
    "ORDER BY g.account_id";

std::string ItemPath(int64_t id) { return "/ledger/items/" + std::to_string(id); }

notifications::Link ItemLink(int64_t id) {
  return notifications::Link{kItemRecordType, id, ItemPath(id)};
}

// The accounts (enabled) of `people`, by person.
Result<std::multimap<int64_t, int64_t>> AccountsOf(storage::Tx& tx,
                                                   const std::set<int64_t>& people) {
  std::vector<std::string> ids;
  for (int64_t p : people) ids.push_back(std::to_string(p));
  DX_ASSIGN_OR_RETURN(storage::Rows rows, storage::QueryIn(tx, kAccountsOf, ")", ids));
  std::multimap<int64_t, int64_t> out;
  for (const auto& r : rows) out.emplace(r.Int(1), r.Int(0));
  return out;
}

// The update of a batch on `backend`: `update` of the ids `pick` reads,
// then `returning`. On PostgreSQL the ids are read once into an array (an
// IN (subquery ... LIMIT) was planned from statistics taken before a large
// first pass marked its items, as a nested loop that read the subquery again
// for every row: an escalation of 70,000 items ran for over ten minutes),
// and `check` is added (see kMark).
std::string BatchSql(storage::Backend backend, std::string_view update, std::string_view pick,
                     std::string_view check, std::string_view returning) {
  std::string sql(update);
  if (backend == storage::Backend::kPostgres) {
    sql += "= ANY (ARRAY(" + std::string(pick) + "))" + std::string(check);
  } else {
    sql += "IN (" + std::string(pick) + ")";
  }
  sql += returning;
  return sql;
}

// Adds the timeline entry `kind` ("<head>（时限 <deadline>）", at `at`, by
// nobody) to each item of `items` (the id first), in one INSERT ... SELECT
// per kMaxBatchValues ids.
Status AddEntries(storage::Tx& tx, const storage::Rows& items, const char* kind,
                  const std::string& head, const std::string& at) {
  constexpr size_t kIds = storage::kMaxBatchValues - kEntriesFixedValues;
  for (size_t start = 0; start < items.size(); start += kIds) {
    const size_t end = std::min(items.size(), start + kIds);
    std::string sql(kEntriesOf);
    storage::Params params = {std::string(kind), head + "（时限 ", std::string("）"), at};
    params.reserve(kEntriesFixedValues + end - start);
    for (size_t i = start; i < end; ++i) {
      sql += i == start ? "$" : ", $";
      sql += std::to_string(params.size() + 1);
      params.push_back(items[i].Int(0));
    }
    sql += ")";
    DX_RETURN_IF_ERROR(tx.Exec(sql, params));
  }
  return Ok();
}

// The items of one batch each account hears of: id and how the notice names it.
struct Named {
  int64_t item_id = 0;
  std::string text;  // "“食堂卫生整改”（时限 2026-03-09）"
};
using Digests = std::map<int64_t, std::vector<Named>>;

// Named items a notice lists at most, within kMaxListedText characters (under
// the notice's kMaxText); the rest are counted.
inline constexpr size_t kListedItems = 5;
inline constexpr size_t kMaxListedText = 900;

// One notice per account of `digests`: "<item> <what>。" linked to the item
// when it names one, else "N 项台账事项<what>：<the first items>等" linked to
// `list_path`. Each item of a batch is in exactly one notice per account.
std::vector<notifications::NewNotification> Notices(const Digests& digests, const char* kind,
                                                    const std::string& title,
                                                    const std::string& what,
                                                    const std::string& list_path) {
  std::vector<notifications::NewNotification> out;
  out.reserve(digests.size());
  for (auto [account, named] : digests) {
    // RETURNING gives no order: the items in the order they were registered.
    std::sort(named.begin(), named.end(),
              [](const Named& a, const Named& b) { return a.item_id < b.item_id; });
    if (named.size() == 1) {
      out.push_back({account, kind, title, named[0].text + what + "。", ItemLink(named[0].item_id)});
      continue;
    }
    std::string text = std::to_string(named.size()) + " 项台账事项" + what + "：";
    size_t listed = 0;
    for (; listed < named.size() && listed < kListedItems; ++listed) {
      std::string next = (listed ? "、" : "") + named[listed].text;
      if (Utf8Length(text) + Utf8Length(next) > kMaxListedText) break;
      text += next;
    }
    if (listed < named.size()) text += "等";
    text += "。";
    out.push_back({account, kind, std::to_string(named.size()) + " 项" + title, text,
                   notifications::Link{"", std::nullopt, list_path}});
  }
  return out;
}

// Ends a batch of `changed` items: its notices, the items' counter, the
// commit; counts them in `counter` and the pass. Returns `changed`.
Result<int64_t> Commit(storage::Tx& tx, TimePoint now,
                       const std::vector<notifications::NewNotification>& notices, size_t changed,
                       int64_t& counter, OverduePass& pass) {
  DX_RETURN_IF_ERROR(notifications::NotifyAll(tx, now, notices));
  DX_RETURN_IF_ERROR(storage::BumpGenerations(tx, kItemsChanged));
  DX_RETURN_IF_ERROR(tx.Commit());
  counter += static_cast<int64_t>(changed);
  pass.notified += static_cast<int64_t>(notices.size());
  return static_cast<int64_t>(changed);
}

// One batch of marking: the items, their entries and notices. Returns the
// items marked (0: nothing left).
Result<int64_t> MarkBatch(storage::Database& db, TimePoint now, const std::string& today,
                          int batch, OverduePass& pass) {
  DX_ASSIGN_OR_RETURN(auto tx, db.Begin(storage::TxMode::kWrite));
  const std::string at = FormatTime(now);
  DX_ASSIGN_OR_RETURN(
      storage::Rows items,
      tx->Query(BatchSql(db.backend(), kMark, kMarkPick, kMarkCheck, kMarkReturning),
                {at, today, int64_t{batch}}));
  if (items.empty()) return 0;
  DX_RETURN_IF_ERROR(AddEntries(*tx, items, "overdue", "超过时限未办结，已标记逾期", at));
  std::set<int64_t> people;
  for (const auto& r : items) {
    if (!r.IsNull(3)) people.insert(r.Int(3));
    if (!r.IsNull(4)) people.insert(r.Int(4));
  }
  DX_ASSIGN_OR_RETURN(auto accounts, AccountsOf(*tx, people));
  Digests digests;
  for (const auto& r : items) {
    std::set<int64_t> to;  // the responsible person and the leader may share an account
    for (size_t col : {3, 4}) {
      if (r.IsNull(col)) continue;
      auto [from, end] = accounts.equal_range(r.Int(col));
      for (auto it = from; it != end; ++it) to.insert(it->second);
    }
    for (int64_t account : to) {
      digests[account].push_back({r.Int(0), "“" + r.Text(1) + "”（时限 " + r.Text(2) + "）"});
    }
  }
  const auto notices = Notices(digests, kOverdueNotice, "台账事项已逾期", "已超过时限，请尽快办理",
                               "/ledger/items?overdue=true&mine=true");
  return Commit(*tx, now, notices, items.size(), pass.marked, pass);
}

// The org admins nearest above (or at) each org path: the grants of the
// longest path that is a prefix of it.
class NearestAdmins {
 public:
  static Result<NearestAdmins> Load(storage::Tx& tx) {
    DX_ASSIGN_OR_RETURN(storage::Rows rows, tx.Query(kOrgAdmins, {}));
    NearestAdmins out;
    for (const auto& r : rows) out.by_path_[r.Text(1)].push_back(r.Int(0));
    return out;
  }
  // Walks up `org_path` ("/1/5/9/") one org at a time.
  const std::vector<int64_t>& Of(std::string path) const {
    static const std::vector<int64_t> kNone;
    while (!path.empty()) {
      if (auto it = by_path_.find(path); it != by_path_.end()) return it->second;
      path.pop_back();  // the trailing '/'
      size_t slash = path.rfind('/');
      if (slash == std::string::npos) break;
      path.resize(slash + 1);
    }
    return kNone;
  }

 private:
  std::map<std::string, std::vector<int64_t>> by_path_;
};

Result<int64_t> EscalateBatch(storage::Database& db, TimePoint now, const std::string& today,
                              const std::string& marked_before, int batch, OverduePass& pass) {
  DX_ASSIGN_OR_RETURN(auto tx, db.Begin(storage::TxMode::kWrite));
  const std::string at = FormatTime(now);
  DX_ASSIGN_OR_RETURN(
      storage::Rows items,
      tx->Query(
          BatchSql(db.backend(), kEscalate, kEscalatePick, kEscalateCheck, kEscalateReturning),
          {at, marked_before, today, int64_t{batch}}));
  if (items.empty()) return 0;
  DX_RETURN_IF_ERROR(AddEntries(*tx, items, "escalated", "逾期未办结，已督办", at));
  std::set<std::string> org_ids;
  for (const auto& r : items) org_ids.insert(std::to_string(r.Int(3)));
  DX_ASSIGN_OR_RETURN(storage::Rows names,
                      storage::QueryIn(*tx, kOrgNamesOf, ")",
                                       std::vector<std::string>(org_ids.begin(), org_ids.end())));
  std::map<int64_t, std::string> org_name;
  for (const auto& n : names) org_name[n.Int(0)] = n.Text(1);
  DX_ASSIGN_OR_RETURN(NearestAdmins admins, NearestAdmins::Load(*tx));
  Digests digests;
  for (const auto& r : items) {
    for (int64_t account : admins.Of(r.Text(4))) {
      digests[account].push_back(
          {r.Int(0), org_name[r.Int(3)] + "的“" + r.Text(1) + "”（时限 " + r.Text(2) + "）"});
    }
  }
  const auto notices = Notices(digests, kEscalatedNotice, "台账事项督办", "逾期未办结，请督办",
                               "/ledger/items?overdue=true");
  return Commit(*tx, now, notices, items.size(), pass.escalated, pass);
}

// Batches until one comes back empty; every batch takes at least one item
// out of the query's reach for good, so the loop ends; the bound is a guard.
template <typename Batch>
Status Repeat(int size, Batch batch) {
  for (int i = 0; i < 1000000; ++i) {
    DX_ASSIGN_OR_RETURN(int64_t n, batch());
    if (n < size) return Ok();
  }
  return InternalError("ledger overdue pass: too many batches");
}

}  // namespace

Status CheckOverdueOptions(const OverdueOptions& options) {
  if (options.escalate_after_days < 0 || options.escalate_after_days > kMaxEscalateAfterDays) {
    return MakeError(Code::kInvalidArgument,
                     "督办天数应在 0 到 " + std::to_string(kMaxEscalateAfterDays) + " 之间",
                     "escalate_after_days");
  }
  if (options.batch < 1 || options.batch > kOverdueBatch) {
    return MakeError(Code::kInvalidArgument, "每批事项数无效", "batch");
  }
  return Ok();
}

Result<OverduePass> RunOverduePass(storage::Database& db, TimePoint now,
                                   const OverdueOptions& options) {
  DX_RETURN_IF_ERROR(CheckOverdueOptions(options));
  const std::string today = ChinaDate(now);
  // Marked on China date d: escalated once today >= d + N, i.e. marked
  // before China midnight of today - N + 1 (a UTC time, as overdue_since).
  const auto china_midnight =
      std::chrono::floor<std::chrono::days>(now + std::chrono::hours(8)) - std::chrono::hours(8);
  const std::string marked_before = FormatTime(
      china_midnight - std::chrono::days(options.escalate_after_days - 1));
  OverduePass pass;
  const int batch = options.batch;
  DX_RETURN_IF_ERROR(Repeat(batch, [&] { return MarkBatch(db, now, today, batch, pass); }));
  DX_RETURN_IF_ERROR(Repeat(
      batch, [&] { return EscalateBatch(db, now, today, marked_before, batch, pass); }));
  return pass;
}

// --- Overdue counts ---

namespace {

// Overdue now, in the caller's reach (as every ledger read) and filters.
Result<storage::Where> OverdueWhere(storage::Tx& tx, const Context& ctx,
                                    const OverdueFilter& filter) {
  if (ctx.principal == nullptr) return MakeError(Code::kUnauthenticated, "请先登录");
  ItemFilter f;
  f.overdue = true;
  f.campaign_id = filter.campaign_id;
  if (filter.kind) f.kind = kKinds.Parse(*filter.kind);
  return ListWhere(tx, ctx, f);
}

// What the counts read: the items (and the job's marks), org and leader names.
const std::vector<std::string> kCountsRead = {kItemRecordType, "org", "person"};

constexpr std::string_view kCounts =
    "COUNT(*), SUM(CASE WHEN i.escalated_at IS NULL THEN 0 ELSE 1 END), MIN(i.deadline)";

// The rows of `head` WHERE (OverdueWhere) `tail`, kept in `cache` at the
// generation of what they read (ledger items, orgs, people) under the
// query's SQL and values (scope, filters and the China date, bound by the
// overdue filter).
template <typename Row, typename Fill>
Result<std::vector<Row>> Grouped(storage::Database& db, const Context& ctx,
                                 const OverdueFilter& filter, const std::string& head,
                                 const std::string& tail,
                                 storage::GenerationCache<std::vector<Row>>& cache, Fill fill) {
  DX_ASSIGN_OR_RETURN(auto tx, db.Begin(storage::TxMode::kRead));
  DX_ASSIGN_OR_RETURN(storage::Where w, OverdueWhere(*tx, ctx, filter));
  const std::string sql = head + w.Sql() + tail + " LIMIT " + std::to_string(kMaxOverdueRows);
  DX_ASSIGN_OR_RETURN(int64_t generation, storage::ReadGeneration(*tx, kCountsRead));
  const std::string key = storage::QueryKey(sql, w.params());
  std::vector<Row> out;
  if (cache.Get(key, generation, out)) return out;
  DX_ASSIGN_OR_RETURN(storage::Rows rows, tx->Query(sql, w.params()));
  out.reserve(rows.size());
  for (const auto& r : rows) out.push_back(fill(r));
  cache.Put(key, generation, out);
  return out;
}

}  // namespace

OverdueService::OverdueService(storage::Database& db)
    : db_(db),
      by_org_(
          [](const std::vector<OrgOverdue>& rows) {
            size_t bytes = 0;
            for (const auto& r : rows) {
              bytes += sizeof(r) + r.org_name.size() + r.org_path.size() + r.oldest_deadline.size();
            }
            return bytes;
          },
          kCountsCacheBytes),
      by_leader_(
          [](const std::vector<LeaderOverdue>& rows) {
            size_t bytes = 0;
            for (const auto& r : rows) {
              bytes += sizeof(r) + r.leader_name.size() + r.oldest_deadline.size();
            }
            return bytes;
          },
          kCountsCacheBytes) {}

Result<std::vector<OrgOverdue>> OverdueService::ByOrg(const Context& ctx,
                                                      const OverdueFilter& filter) {
  return Grouped<OrgOverdue>(
      db_, ctx, filter,
      "SELECT o.id, o.name, o.path, " + std::string(kCounts) +
          " FROM ledger_items i JOIN orgs o ON o.id = i.org_id",
      " GROUP BY o.id, o.name, o.path ORDER BY COUNT(*) DESC, o.path, o.id", by_org_,
      [](const storage::Row& r) {
        return OrgOverdue{r.Int(0), r.Text(1), r.Text(2), r.Int(3), r.Int(4), r.Text(5)};
      });
}

Result<std::vector<LeaderOverdue>> OverdueService::ByLeader(const Context& ctx,
                                                            const OverdueFilter& filter) {
  return Grouped<LeaderOverdue>(
      db_, ctx, filter,
      "SELECT i.leader_person_id, p.name, " + std::string(kCounts) +
          " FROM ledger_items i LEFT JOIN people p ON p.id = i.leader_person_id",
      " GROUP BY i.leader_person_id, p.name ORDER BY COUNT(*) DESC, "
      "CASE WHEN i.leader_person_id IS NULL THEN 1 ELSE 0 END, p.name, i.leader_person_id",
      by_leader_, [](const storage::Row& r) {
        if (r.IsNull(0)) return LeaderOverdue{std::nullopt, kNoLeaderName, r.Int(2), r.Int(3), r.Text(4)};
        return LeaderOverdue{r.Int(0), r.Text(1), r.Int(2), r.Int(3), r.Text(4)};
      });
}

}  // namespace duxing::domain::ledger
