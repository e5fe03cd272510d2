#include "domain/notifications/notification.hpp"

#include <map>

#include "common/text.hpp"
#include "domain/text_field.hpp"
#include "storage/generation.hpp"

namespace duxing::domain::notifications {
namespace {

constexpr std::string_view kInsert =
    "INSERT INTO notifications (account_id, kind, title, body, link_type, link_id, "
    "link_path, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";
const std::vector<std::string_view> kInsertColumns = {
    "account_id", "kind", "title", "body", "link_type", "link_id", "link_path", "created_at"};
// The unread counter moves in the transaction that adds or reads
// notifications; on PostgreSQL the upsert locks the account's row until then.
constexpr std::string_view kCount =
    "INSERT INTO notification_unread (account_id, unread) VALUES ($1, $2) "
    "ON CONFLICT (account_id) DO UPDATE SET unread = notification_unread.unread + $2";
constexpr std::string_view kUncount =
    "UPDATE notification_unread SET unread = unread - $1 WHERE account_id = $2";
constexpr std::string_view kUnread =
    "SELECT unread FROM notification_unread WHERE account_id = $1";
constexpr std::string_view kColumns =
    "SELECT id, kind, title, body, link_type, link_id, link_path, created_at, read_at "
    "FROM notifications";
constexpr std::string_view kMarkRead =
    "UPDATE notifications SET read_at = $1 WHERE id = $2 AND account_id = $3 "
    "AND read_at IS NULL";
constexpr std::string_view kMarkAllRead =
    "UPDATE notifications SET read_at = $1 WHERE account_id = $2 AND read_at IS NULL";

// The change counter of the unread counts (NotificationService's cache):
// bumped by every transaction that moves one.
const std::vector<std::string> kUnreadChanged = {kCounter};

bool IsKind(std::string_view s) {
  if (s.empty() || s.size() > 40) return false;
  for (char c : s) {
    if (!((c >= 'a' && c <= 'z') || c == '_')) return false;
  }
  return true;
}

Status Check(const NewNotification& n) {
  if (!IsKind(n.kind)) return MakeError(Code::kInvalidArgument, "通知类型无效", "kind");
  if (n.title.empty()) return MakeError(Code::kInvalidArgument, "通知标题不能为空", "title");
  DX_RETURN_IF_ERROR(CheckLineText(n.title, "title", "通知标题", kMaxTitle));
  if (!IsValidUtf8(n.text) || HasControlCharacters(n.text, LineBreaks::kAllowed) ||
      Utf8Length(n.text) > kMaxText) {
    return MakeError(Code::kInvalidArgument, "通知内容无效", "text");
  }
  DX_RETURN_IF_ERROR(CheckLineText(n.link.record_type, "link", "通知链接", 40));
  DX_RETURN_IF_ERROR(CheckLineText(n.link.path, "link", "通知链接", 200));
  if (!n.link.path.empty() && n.link.path.front() != '/') {
    return MakeError(Code::kInvalidArgument, "通知链接须为站内路径", "link");
  }
  return Ok();
}

Notification FromRow(const storage::Row& r) {
  return Notification{r.Int(0),
                      r.Text(1),
                      r.Text(2),
                      r.Text(3),
                      Link{r.Text(4), r.OptInt(5), r.Text(6)},
                      r.Text(7),
                      r.OptText(8)};
}

Result<Notification> LoadOwn(storage::Tx& tx, int64_t account_id, int64_t id) {
  DX_ASSIGN_OR_RETURN(
      storage::Rows rows,
      tx.Query(std::string(kColumns) + " WHERE id = $1 AND account_id = $2", {id, account_id}));
  if (rows.empty()) return MakeError(Code::kNotFound, "通知不存在");
  return FromRow(rows.front());
}

// Takes `marked` notifications just read off the account's unread count.
Status Uncount(storage::Tx& tx, int64_t account_id, int64_t marked) {
  if (marked == 0) return Ok();
  DX_RETURN_IF_ERROR(tx.Exec(kUncount, {marked, account_id}));
  return storage::BumpGenerations(tx, kUnreadChanged);
}

Status RequireSignedIn(const Context& ctx) {
  if (ctx.principal == nullptr) return MakeError(Code::kUnauthenticated, "请先登录");
  return Ok();
}

}  // namespace

Status Notify(storage::Tx& tx, TimePoint now, const NewNotification& n) {
  return NotifyAll(tx, now, {n});
}

Status NotifyAll(storage::Tx& tx, TimePoint now, const std::vector<NewNotification>& list) {
  if (list.empty()) return Ok();
  for (const auto& n : list) DX_RETURN_IF_ERROR(Check(n));
  const std::string at = FormatTime(now);
  std::vector<storage::Params> rows;
  rows.reserve(list.size());
  std::map<int64_t, int64_t> added;  // unread notifications added per account
  for (const auto& n : list) {
    rows.push_back({n.account_id, n.kind, n.title, n.text, n.link.record_type,
                    storage::Opt(n.link.record_id), n.link.path, at});
    ++added[n.account_id];
  }
  // One row: a plain INSERT (PostgreSQL's COPY costs more round trips).
  std::optional<Error> failed;
  if (rows.size() == 1) {
    auto one = tx.Exec(kInsert, rows.front());
    if (!one.ok()) failed = one.error();
  } else {
    auto all = storage::InsertRows(tx, "notifications", kInsertColumns, rows,
                                   storage::Returning::kNothing);
    if (!all.ok()) failed = all.error();
  }
  if (failed) {
    if (failed->code == Code::kFailedPrecondition) {
      return MakeError(Code::kFailedPrecondition, "通知的接收账号不存在", "account_id");
    }
    return *failed;
  }
  for (const auto& [account, n] : added) DX_RETURN_IF_ERROR(tx.Exec(kCount, {account, n}));
  return storage::BumpGenerations(tx, kUnreadChanged);
}

Result<Page<Notification>> NotificationService::List(const Context& ctx, const Filter& filter) {
  DX_RETURN_IF_ERROR(RequireSignedIn(ctx));
  const int64_t me = ctx.principal->account_id;
  std::string where = " WHERE account_id = $1";
  if (filter.unread_only) where += " AND read_at IS NULL";
  std::string order = filter.order == Order::kUnreadFirst
                          ? " ORDER BY CASE WHEN read_at IS NULL THEN 0 ELSE 1 END, id DESC"
                          : " ORDER BY id DESC";
  DX_ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kRead));
  Page<Notification> page;
  DX_ASSIGN_OR_RETURN(storage::Row total,
                      tx->QueryOne("SELECT COUNT(*) FROM notifications" + where, {me}));
  page.total = total.Int(0);
  DX_ASSIGN_OR_RETURN(storage::Rows rows,
                      tx->Query(std::string(kColumns) + where + order + " LIMIT $2 OFFSET $3",
                                {me, filter.page.limit, filter.page.offset}));
  for (const auto& r : rows) page.items.push_back(FromRow(r));
  return page;
}

Result<int64_t> NotificationService::UnreadCount(const Context& ctx) {
  DX_RETURN_IF_ERROR(RequireSignedIn(ctx));
  const int64_t me = ctx.principal->account_id;
  auto probe = unread_.Observe();
  if (auto n = unread_.Find(probe, me)) return *n;
  DX_ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kRead));
  DX_ASSIGN_OR_RETURN(int64_t generation, unread_.Confirm(*tx, probe));
  if (auto n = unread_.FindAt(generation, me)) return *n;
  DX_ASSIGN_OR_RETURN(storage::Rows rows, tx->Query(kUnread, {me}));
  int64_t n = rows.empty() ? 0 : rows.front().Int(0);
  unread_.Put(generation, me, n);
  return n;
}

Result<Notification> NotificationService::MarkRead(const Context& ctx, int64_t id) {
  DX_RETURN_IF_ERROR(RequireSignedIn(ctx));
  const int64_t me = ctx.principal->account_id;
  DX_ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kWrite));
  DX_ASSIGN_OR_RETURN(int64_t marked, tx->Exec(kMarkRead, {FormatTime(ctx.now), id, me}));
  DX_RETURN_IF_ERROR(Uncount(*tx, me, marked));
  DX_ASSIGN_OR_RETURN(Notification n, LoadOwn(*tx, me, id));
  DX_RETURN_IF_ERROR(tx->Commit());
  return n;
}

Result<int64_t> NotificationService::MarkAllRead(const Context& ctx) {
  DX_RETURN_IF_ERROR(RequireSignedIn(ctx));
  const int64_t me = ctx.principal->account_id;
  DX_ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kWrite));
  DX_ASSIGN_OR_RETURN(int64_t marked, tx->Exec(kMarkAllRead, {FormatTime(ctx.now), me}));
  DX_RETURN_IF_ERROR(Uncount(*tx, me, marked));
  DX_RETURN_IF_ERROR(tx->Commit());
  return marked;
}

}  // namespace duxing::domain::notifications
