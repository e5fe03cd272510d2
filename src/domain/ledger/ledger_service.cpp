#include "domain/ledger/ledger_service.hpp"

#include <algorithm>
#include <functional>
#include <set>

#include "common/text.hpp"
#include "domain/attachments/attachment.hpp"
#include "domain/audit/audit_log.hpp"
#include "domain/campaigns/campaign.hpp"
#include "domain/ledger/concerns.hpp"
#include "domain/ledger/item_rows.hpp"
#include "domain/notifications/notification.hpp"
#include "domain/orgs/org.hpp"
#include "domain/text_field.hpp"
#include "domain/versioned_update.hpp"
#include "domain/versioned_write.hpp"
#include "storage/where.hpp"

namespace duxing::domain::ledger {
namespace {

constexpr std::string_view kPersonPath =
    "SELECT org_path FROM people WHERE id = $1 AND archived = 0";
// The person's accounts (not disabled) that hold a role covering `path`
// ($2) from which they may supervise it: a leader or an org admin above.
constexpr std::string_view kSupervises =
    "SELECT 1 FROM accounts a JOIN role_grants g ON g.account_id = a.id "
    "JOIN orgs o ON o.id = g.org_id WHERE a.person_id = $1 AND a.disabled = 0 "
    "AND g.role IN ('leader', 'org_admin', 'system_admin') "
    "AND substr($2, 1, length(o.path)) = o.path LIMIT 1";
constexpr std::string_view kEventPath = "SELECT org_path FROM events WHERE id = $1";
constexpr std::string_view kPersonAccounts =
    "SELECT id FROM accounts WHERE person_id = $1 AND disabled = 0 ORDER BY id";
constexpr std::string_view kInsertEntry =
    "INSERT INTO ledger_entries (item_id, kind, text, from_status, to_status, account_id, "
    "person_name, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id";
constexpr std::string_view kLinkFile =
    "INSERT INTO ledger_entry_attachments (entry_id, attachment_id) VALUES ($1, $2)";
constexpr std::string_view kFileLinked =
    "SELECT 1 FROM ledger_entry_attachments WHERE attachment_id = $1";
// Only while the item is still as the writer read it ($3 its status, not
// archived): on PostgreSQL the row's lock may be waited for, and the item
// closed meanwhile.
constexpr std::string_view kBumpVersion =
    "UPDATE ledger_items SET version = version + 1, updated_at = $1 WHERE id = $2 "
    "AND status = $3 AND archived = 0";
constexpr std::string_view kInsertExtension =
    "INSERT INTO ledger_extensions (item_id, reason, old_deadline, new_deadline, state, "
    "requested_by_account_id, requested_at) VALUES ($1, $2, $3, $4, 'pending', $5, $6) "
    "RETURNING id";
constexpr std::string_view kDecideExtension =
    "UPDATE ledger_extensions SET state = $1, decided_by_account_id = $2, decision_note = $3, "
    "decided_at = $4 WHERE id = $5 AND state = 'pending'";
// Ends the pending request of an item that is closed or archived ($3):
// "void", with the reason as its note.
constexpr std::string_view kVoidPendingExtensions =
    "UPDATE ledger_extensions SET state = 'void', decision_note = $1, decided_at = $2 "
    "WHERE item_id = $3 AND state = 'pending' RETURNING id, new_deadline";

Error Invalid(std::string message, std::string field) {
  return MakeError(Code::kInvalidArgument, std::move(message), std::move(field));
}
Error NotFound() { return MakeError(Code::kNotFound, "事项不存在"); }
Error ClosedItem() { return MakeError(Code::kConflict, "已销号的事项不能修改", "status"); }
Error ArchivedItem() { return MakeError(Code::kFailedPrecondition, "事项已归档"); }
Error ExtensionNotFound() { return MakeError(Code::kNotFound, "延期申请不存在"); }

// The first `max_chars` characters of valid UTF-8 `s`, "…" added when cut.
std::string Shortened(std::string_view s, size_t max_chars) {
  if (Utf8Length(s) <= max_chars) return std::string(s);
  size_t chars = 0, i = 0;
  for (; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80 && chars++ == max_chars - 1) break;
  }
  return std::string(s.substr(0, i)) + "…";
}

// A required text of a workflow step: trimmed, non-empty, within `max`.
Result<std::string> RequiredText(const std::string& text, const char* label, size_t max) {
  std::string t = Trim(text);
  if (t.empty()) return Invalid(std::string("请填写") + label, "text");
  DX_RETURN_IF_ERROR(CheckMultilineText(t, "text", label, max));
  return t;
}

Result<Item> LoadReadable(storage::Tx& tx, const Context& ctx, int64_t id) {
  auto item = LoadItem(tx, id);
  if (!item.ok()) return item.error();
  if (!MayRead(*ctx.principal, *item)) return NotFound();
  return item;
}

const RecordColumns<Extension>& ExtensionColumns() {
  static const auto columns =
      RecordColumns<Extension>()
          .Int("id", &Extension::id)
          .Int("item_id", &Extension::item_id)
          .Text("reason", &Extension::reason)
          .OptText("old_deadline", &Extension::old_deadline)
          .Text("new_deadline", &Extension::new_deadline)
          .Code("state", &Extension::state, kExtensionStates, ExtensionState::kPending)
          .OptInt("requested_by_account_id", &Extension::requested_by_account_id)
          .OptInt("decided_by_account_id", &Extension::decided_by_account_id)
          .Text("decision_note", &Extension::decision_note)
          .Text("requested_at", &Extension::requested_at)
          .OptText("decided_at", &Extension::decided_at);
  return columns;
}

// "SELECT <the extension columns> FROM ledger_extensions " + `where`.
std::string ExtensionsWhere(std::string_view where) {
  return "SELECT " + ExtensionColumns().Sql() + " FROM ledger_extensions " + std::string(where);
}

Result<bool> HasPendingExtension(storage::Tx& tx, int64_t item_id) {
  DX_ASSIGN_OR_RETURN(
      storage::Rows rows,
      tx.Query(ExtensionsWhere("WHERE item_id = $1 AND state = 'pending' LIMIT 1"), {item_id}));
  return !rows.empty();
}

Result<std::optional<Extension>> PendingExtension(storage::Tx& tx, int64_t item_id) {
  DX_ASSIGN_OR_RETURN(
      storage::Rows rows,
      tx.Query(ExtensionsWhere("WHERE item_id = $1 AND state = 'pending' ORDER BY id LIMIT 1"),
               {item_id}));
  if (rows.empty()) return std::optional<Extension>();
  return std::optional<Extension>(ExtensionColumns().Read(rows.front()));
}

// The caller's view of `item` read inside `tx`.
Result<ItemView> ViewOf(storage::Tx& tx, const Context& ctx, Item item) {
  ItemView v;
  DX_ASSIGN_OR_RETURN(v.pending_extension, PendingExtension(tx, item.id));
  v.overdue = IsOverdue(item, ChinaDate(ctx.now));
  v.may = MayOf(*ctx.principal, item, v.pending_extension.has_value());
  if (!MayWrite(*ctx.principal, item)) {
    item.requester_name.clear();
    item.requester_contact.clear();
  }
  v.item = std::move(item);
  return v;
}

// Notifies account `account_id` (none: nobody; the caller: not) of `item`.
Status NotifyAccount(storage::Tx& tx, const Context& ctx, std::optional<int64_t> account_id,
                     const Item& item, const std::string& kind, const std::string& title,
                     const std::string& text) {
  if (!account_id || (ctx.principal && *account_id == ctx.principal->account_id)) return Ok();
  return notifications::Notify(
      tx, ctx.now,
      {*account_id,
       kind,
       Shortened(title, notifications::kMaxTitle),
       Shortened("「" + item.title + "」" + (text.empty() ? "" : "：" + text),
                 notifications::kMaxText),
       {kItemRecordType, item.id, "/ledger/items/" + std::to_string(item.id)}});
}

// Notifies every account (not disabled) of person `person_id` as NotifyAccount.
Status NotifyPerson(storage::Tx& tx, const Context& ctx, std::optional<int64_t> person_id,
                    const Item& item, const std::string& kind, const std::string& title,
                    const std::string& text) {
  if (!person_id) return Ok();
  DX_ASSIGN_OR_RETURN(storage::Rows accounts, tx.Query(kPersonAccounts, {*person_id}));
  for (const auto& a : accounts) {
    DX_RETURN_IF_ERROR(NotifyAccount(tx, ctx, a.Int(0), item, kind, title, text));
  }
  return Ok();
}

// Whether `person_id` may be named as an item's supervising leader at
// `path` by `p`: a person `p` reads, or one whose account supervises the
// org by role (a leader or org admin above it).
Result<bool> MayNameLeader(storage::Tx& tx, const auth::Principal& p, int64_t person_id,
                           const std::string& path) {
  DX_ASSIGN_OR_RETURN(storage::Rows person, tx.Query(kPersonPath, {person_id}));
  if (person.empty()) return false;
  if (p.CanRead(person.front().Text(0))) return true;
  DX_ASSIGN_OR_RETURN(storage::Rows supervises, tx.Query(kSupervises, {person_id, path}));
  return !supervises.empty();
}

// Checks what `item` refers to (campaign readable, people, source event)
// for caller `ctx`, and sets org_path from its org, which the caller must
// write. `before`: the item as stored (nullptr on a create); references it
// named already stay without the checks.
Status CheckReferences(storage::Tx& tx, const Context& ctx, Item& item, const Item* before) {
  const auth::Principal& p = *ctx.principal;
  if (!before || before->org_id != item.org_id) {
    auto org = orgs::OrgService::Load(tx, item.org_id);
    if (!org.ok() || !p.CanRead(org->path)) {
      return MakeError(Code::kNotFound, "组织不存在", "org_id");
    }
    if (!p.CanWrite(org->path)) {
      return MakeError(Code::kPermissionDenied,
                       "无权为该组织登记台账事项（只能为本组织及下级组织登记）", "org_id");
    }
    if (org->archived) return MakeError(Code::kFailedPrecondition, "组织已归档", "org_id");
    item.org_path = org->path;
  }
  if (item.campaign_id && !(before && before->campaign_id == item.campaign_id)) {
    DX_RETURN_IF_ERROR(campaigns::CampaignService::LoadScope(tx, ctx, *item.campaign_id));
  }
  if (item.responsible_person_id &&
      !(before && before->responsible_person_id == item.responsible_person_id)) {
    DX_ASSIGN_OR_RETURN(storage::Rows r, tx.Query(kPersonPath, {*item.responsible_person_id}));
    if (r.empty() || !p.CanRead(r.front().Text(0))) {
      return Invalid("责任人不存在", "responsible_person_id");
    }
  }
  if (item.leader_person_id && !(before && before->leader_person_id == item.leader_person_id)) {
    DX_ASSIGN_OR_RETURN(bool ok, MayNameLeader(tx, p, *item.leader_person_id, item.org_path));
    if (!ok) return Invalid("责任领导不存在", "leader_person_id");
  }
  if (item.source_type == SourceType::kEvent && !(before && before->source_id == item.source_id)) {
    DX_ASSIGN_OR_RETURN(storage::Rows e, tx.Query(kEventPath, {*item.source_id}));
    if (e.empty() || !p.CanRead(e.front().Text(0))) return Invalid("来源活动不存在", "source_id");
  }
  return CheckConcernSource(tx, item);  // kinds 1 and 2 (concerns.hpp)
}

// One versioned write of an item: scope (404), `authorize` (403), version,
// not archived, `change` (state and rules), the full row, the timeline
// entries `entries` returns, `notify`, audit as `action`.
struct ItemWrite {
  std::string action;
  std::function<Status(const Item& before)> authorize;
  std::function<Status(storage::Tx&, const Item& before, Item& after)> change;
  std::function<std::vector<NewEntry>(const Item& before, const Item& after)> entries = nullptr;
  std::function<Status(storage::Tx&, const Item& before, const Item& after)> notify = nullptr;
};

// A write that closes (销号) or archives `before` ends its pending extension
// request (state void, with why in its note and the timeline, audited under
// the write's action): it is no longer the leader's to decide.
Status EndPendingExtension(storage::Tx& tx, const Context& ctx, const std::string& action,
                           const Item& before, const Item& after) {
  const char* why = nullptr;
  if (after.archived && !before.archived) why = "事项已归档";
  if (after.status == ItemStatus::kClosed && before.status != ItemStatus::kClosed) {
    why = "事项已销号";
  }
  if (!why) return Ok();
  const std::string note = std::string(why) + "，延期申请不再审批";
  DX_ASSIGN_OR_RETURN(storage::Rows ended,
                      tx.Query(kVoidPendingExtensions, {note, FormatTime(ctx.now), after.id}));
  for (const storage::Row& r : ended) {
    DX_RETURN_IF_ERROR(AddEntry(tx, ctx,
                                {after.id, EntryKind::kExtensionDecided,
                                 "延期至 " + r.Text(1) + " 的申请已失效：" + note, std::nullopt,
                                 std::nullopt}));
    DX_RETURN_IF_ERROR(audit::Record(
        tx, ctx,
        {action, kExtensionRecordType, r.Int(0), after.org_path,
         audit::Snapshot{{"state", "pending"}},
         audit::Snapshot{{"state", kExtensionStates.Name(ExtensionState::kVoid)},
                         {"decision_note", note}},
         ""}));
  }
  return Ok();
}

Result<ItemView> RunWrite(storage::Database& db, const Context& ctx, int64_t id, int64_t version,
                          const ItemWrite& iw) {
  VersionedWrite<Item> w;
  w.action = iw.action;
  w.id = id;
  w.version = version;
  w.authorize = [&](storage::Tx&, const Item& before) { return iw.authorize(before); };
  w.change = [&](storage::Tx& tx, const Item& before, Item& after) -> Status {
    if (before.archived) return ArchivedItem();
    return iw.change(tx, before, after);
  };
  w.write = [&](storage::Tx& tx, const Item& before, const Item& after) -> Result<int64_t> {
    DX_ASSIGN_OR_RETURN(int64_t n, UpdateRow(tx, after, ctx.now, version));
    if (n == 0) return n;
    if (iw.entries) {
      for (const NewEntry& e : iw.entries(before, after)) DX_RETURN_IF_ERROR(AddEntry(tx, ctx, e));
    }
    DX_RETURN_IF_ERROR(EndPendingExtension(tx, ctx, iw.action, before, after));
    if (iw.notify) DX_RETURN_IF_ERROR(iw.notify(tx, before, after));
    return n;
  };
  // The view is read inside the write's transaction: WriteVersioned commits,
  // so it is made from the record it returns in a read transaction after.
  DX_ASSIGN_OR_RETURN(Item written, WriteVersioned(db, ctx, ItemRecord(ctx), w));
  DX_ASSIGN_OR_RETURN(auto tx, db.Begin(storage::TxMode::kRead));
  return ViewOf(*tx, ctx, std::move(written));
}

Status Writers(const Context& ctx, const Item& item, const char* what) {
  if (MayWrite(*ctx.principal, item)) return Ok();
  return MakeError(Code::kPermissionDenied, std::string("无权") + what + "该事项");
}

// Applies `p` to `item` and names the fields it changed.
std::vector<std::string> Apply(const ItemPatch& p, Item& item) {
  std::vector<std::string> changed;
  auto set = [&changed](auto& field, const auto& value, const char* name) {
    if (value && !(field == *value)) {
      field = *value;
      changed.push_back(name);
    }
  };
  set(item.title, p.title, "title");
  set(item.description, p.description, "description");
  set(item.measures, p.measures, "measures");
  set(item.campaign_id, p.campaign_id, "campaign_id");
  set(item.source_type, p.source_type, "source_type");
  set(item.source_id, p.source_id, "source_id");
  set(item.source_text, p.source_text, "source_text");
  set(item.org_id, p.org_id, "org_id");
  set(item.responsible_person_id, p.responsible_person_id, "responsible_person_id");
  set(item.leader_person_id, p.leader_person_id, "leader_person_id");
  set(item.deadline, p.deadline, "deadline");
  set(item.item_class, p.item_class, "item_class");
  set(item.requester_name, p.requester_name, "requester_name");
  set(item.requester_contact, p.requester_contact, "requester_contact");
  set(item.anonymous, p.anonymous, "anonymous");
  set(item.plan_part, p.plan_part, "plan_part");
  set(item.plan_action, p.plan_action, "plan_action");
  set(item.project_area, p.project_area, "project_area");
  set(item.target, p.target, "target");
  if (!item.original_deadline && item.deadline) item.original_deadline = item.deadline;
  return changed;
}

}  // namespace

VersionedRecord<Item> ItemRecord(const Context& ctx) {
  return VersionedRecord<Item>{
      kItemRecordType, [&ctx](storage::Tx& tx, int64_t id) { return LoadReadable(tx, ctx, id); },
      [](const Item& i) { return i.version; }, Snap,
      [](const Item& i) -> std::optional<std::string> { return i.org_path; }};
}

std::string ChinaDate(TimePoint now) {
  return FormatTime(now + std::chrono::hours(8)).substr(0, 10);
}

bool IsResponsible(const auth::Principal& p, const Item& item) {
  return p.person_id && item.responsible_person_id == p.person_id;
}

bool IsLeader(const auth::Principal& p, const Item& item) {
  return p.person_id && item.leader_person_id == p.person_id;
}

bool MayRead(const auth::Principal& p, const Item& item) {
  return p.CanRead(item.org_path) || IsResponsible(p, item) || IsLeader(p, item);
}

bool MayWrite(const auth::Principal& p, const Item& item) { return p.CanWrite(item.org_path); }

May MayOf(const auth::Principal& p, const Item& item, bool has_pending_extension) {
  May m;
  if (item.archived) return m;
  const bool writer = MayWrite(p, item);
  const bool responsible = IsResponsible(p, item);
  const bool leader = IsLeader(p, item);
  const ItemStatus s = item.status;
  const bool open = s != ItemStatus::kClosed;
  m.edit = writer && open;
  m.archive = writer;
  m.accept = writer && s == ItemStatus::kPending;
  m.submit = (writer || responsible) && s == ItemStatus::kInProgress;
  m.return_ = (writer || leader) && s == ItemStatus::kToVerify;
  m.close = (writer || leader) && !responsible && s == ItemStatus::kToVerify;
  m.reopen = writer && s == ItemStatus::kClosed;
  m.feedback = writer && s == ItemStatus::kClosed && item.kind == Kind::kConcern;
  m.progress = (writer || responsible) && open && s != ItemStatus::kPending;
  m.request_extension = (writer || responsible) && open && !has_pending_extension &&
                        item.leader_person_id.has_value();
  m.decide_extension = leader && !responsible && open && has_pending_extension;
  return m;
}

Result<Item> LoadItem(storage::Tx& tx, int64_t id) {
  static const std::string sql =
      "SELECT " + ItemColumns().Sql() + " " + std::string(kItemFrom) + " WHERE i.id = $1";
  return ItemColumns().ReadOne(tx, sql, {id}, NotFound());
}

Result<int64_t> AddEntry(storage::Tx& tx, const Context& ctx, const NewEntry& e) {
  auto status = [](const std::optional<ItemStatus>& s) {
    return s ? storage::Param(std::string(kStatuses.Name(*s))) : storage::Param(nullptr);
  };
  storage::Param account = nullptr;
  std::string name;
  if (ctx.principal) {
    account = ctx.principal->account_id;
    name = ctx.principal->display_name;
  }
  DX_ASSIGN_OR_RETURN(storage::Row row,
                      tx.QueryOne(kInsertEntry, {e.item_id, std::string(kEntryKinds.Name(e.kind)),
                                                 e.text, status(e.from_status), status(e.to_status),
                                                 account, name, FormatTime(ctx.now)}));
  return row.Int(0);
}

namespace {

// What the list and the board read: ledger items (with their extensions
// and the overdue job's marks, which bump the same counter), the names of
// orgs, people and accounts.
const std::vector<std::string>& ListReads() {
  static const std::vector<std::string> reads = {kItemRecordType, "org", "person", "account"};
  return reads;
}

// The keys, punctuation, numbers, flags and dates of one item's JSON.
constexpr size_t kRenderedItemOverhead = 1100;

}  // namespace

std::string ListViewerKey(const auth::Principal& p) {
  std::vector<std::string> grants;
  grants.reserve(p.grants.size());
  for (const auth::Grant& g : p.grants) {
    grants.push_back(std::string(auth::RoleName(g.role)) + " " + g.org_path);
  }
  std::sort(grants.begin(), grants.end());
  std::string key = p.person_id ? "person " + std::to_string(*p.person_id) : "no person";
  for (const std::string& g : grants) key += "\n" + g;
  return key;
}

size_t CachedItemPageBytes(const std::shared_ptr<const SharedPage<ItemView>>& page) {
  size_t bytes = sizeof(SharedPage<ItemView>);
  for (const ItemView& v : page->page().items) {
    const Item& i = v.item;
    size_t held = i.title.size() + i.description.size() + i.measures.size() +
                  i.source_text.size() + i.org_name.size() + i.org_path.size() +
                  i.responsible_name.size() + i.leader_name.size() + i.result.size() +
                  i.closed_by_name.size() + i.verification_note.size() +
                  i.requester_name.size() + i.requester_contact.size() +
                  i.satisfaction_note.size() + i.target.size() + i.created_at.size() +
                  i.updated_at.size();
    bytes += sizeof(ItemView) + held + held + kRenderedItemOverhead;
  }
  return bytes;
}

LedgerService::LedgerService(storage::Database& db, attachments::AttachmentService& attachments)
    : db_(db),
      attachments_(attachments),
      list_(ListReads()),
      pages_(CachedItemPageBytes),
      boards_([](const Board&) { return sizeof(Board); }, size_t{1} << 20) {}

Result<std::shared_ptr<const SharedPage<ItemView>>> LedgerService::ListShared(
    const Context& ctx, const ItemFilter& filter) {
  DX_ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kRead));
  DX_ASSIGN_OR_RETURN(storage::Where where, ListWhere(*tx, ctx, filter));
  // A page asked for again is served from the cache while no write has
  // happened since it was read, on the same China day, to a caller whose
  // rows read the same (ListViewerKey).
  DX_ASSIGN_OR_RETURN(int64_t generation, storage::ReadGeneration(*tx, ListReads()));
  const std::string today = ChinaDate(ctx.now);
  const std::string sort = ListSortOf(filter);
  const std::string key =
      storage::QueryKey(where.Sql() + "\n" + sort + "\n" + filter.page.cursor,
                        where.params()) +
      "\n" + std::to_string(filter.page.limit) + "\n" + std::to_string(filter.page.offset) +
      "\n" + today + "\n" + ListViewerKey(*ctx.principal);
  std::shared_ptr<const SharedPage<ItemView>> cached;
  if (pages_.Get(key, generation, cached)) return cached;
  DX_ASSIGN_OR_RETURN(ListRows rows,
                      list_.Page(*tx, ItemListSpec(), where, sort, filter.page));
  Page<ItemView> page;
  page.total = rows.total;
  page.next_cursor = std::move(rows.next_cursor);
  page.items.reserve(rows.rows.size());
  for (const auto& r : rows.rows) {
    ItemView v;
    v.item = ItemFromRow(r);
    bool pending_extension = r.Bool(ItemColumns().size());
    v.overdue = IsOverdue(v.item, today);
    v.may = MayOf(*ctx.principal, v.item, pending_extension);
    if (!MayWrite(*ctx.principal, v.item)) {
      v.item.requester_name.clear();
      v.item.requester_contact.clear();
    }
    page.items.push_back(std::move(v));
  }
  cached = std::make_shared<const SharedPage<ItemView>>(std::move(page));
  pages_.Put(key, generation, cached);
  return cached;
}

Result<Page<ItemView>> LedgerService::List(const Context& ctx, const ItemFilter& filter) {
  DX_ASSIGN_OR_RETURN(auto shared, ListShared(ctx, filter));
  return shared->page();
}

std::pair<std::string, storage::Params> LedgerService::ListSql(const Context& ctx,
                                                               const ItemFilter& filter) {
  auto tx = db_.Begin(storage::TxMode::kRead);
  if (!tx.ok()) return {};
  auto where = ListWhere(**tx, ctx, filter);
  if (!where.ok()) return {};
  return ListQuery::PageSql(ItemListSpec(), *where, ListSortOf(filter));
}

Result<Board> LedgerService::CountByStatus(const Context& ctx, const BoardFilter& filter) {
  ItemFilter f;
  f.kind = filter.kind;
  f.campaign_id = filter.campaign_id;
  f.org_id = filter.org_id;
  DX_ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kRead));
  DX_ASSIGN_OR_RETURN(storage::Where where, ListWhere(*tx, ctx, f));
  std::string today = where.Bind(ChinaDate(ctx.now));
  const std::string sql = "SELECT i.status, COUNT(*), SUM(CASE WHEN i.deadline < " + today +
                          " THEN 1 ELSE 0 END) FROM ledger_items i" + where.Sql() +
                          " GROUP BY i.status";
  // Its counts depend on the query alone (scope, filters, the China date).
  DX_ASSIGN_OR_RETURN(int64_t generation, storage::ReadGeneration(*tx, ListReads()));
  const std::string key = storage::QueryKey(sql, where.params());
  Board b;
  if (boards_.Get(key, generation, b)) return b;
  DX_ASSIGN_OR_RETURN(storage::Rows rows, tx->Query(sql, where.params()));
  for (const auto& r : rows) {
    auto s = kStatuses.Parse(r.Text(0));
    if (!s) continue;
    int64_t n = r.Int(1);
    b.total += n;
    if (*s != ItemStatus::kClosed) b.overdue += r.IsNull(2) ? 0 : r.Int(2);
    switch (*s) {
      case ItemStatus::kPending:
        b.pending = n;
        break;
      case ItemStatus::kInProgress:
        b.in_progress = n;
        break;
      case ItemStatus::kToVerify:
        b.to_verify = n;
        break;
      case ItemStatus::kClosed:
        b.closed = n;
        break;
    }
  }
  boards_.Put(key, generation, b);
  return b;
}

Result<ItemView> LedgerService::Get(const Context& ctx, int64_t id) {
  DX_ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kRead));
  DX_ASSIGN_OR_RETURN(Item item, LoadReadable(*tx, ctx, id));
  return ViewOf(*tx, ctx, std::move(item));
}

Result<int64_t> LedgerService::Insert(storage::Tx& tx, const Context& ctx, const Item& item) {
  DX_ASSIGN_OR_RETURN(int64_t id, InsertRow(tx, ctx, item));
  DX_RETURN_IF_ERROR(AddEntry(tx, ctx, {id, EntryKind::kCreated, "", std::nullopt, item.status}));
  return id;
}

Result<ItemView> LedgerService::Create(const Context& ctx, Item item) {
  DX_ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kWrite));
  DX_ASSIGN_OR_RETURN(int64_t id, CreateIn(*tx, ctx, std::move(item)));
  DX_ASSIGN_OR_RETURN(Item created, LoadItem(*tx, id));
  DX_RETURN_IF_ERROR(tx->Commit());
  DX_ASSIGN_OR_RETURN(auto rtx, db_.Begin(storage::TxMode::kRead));
  return ViewOf(*rtx, ctx, std::move(created));
}

Result<int64_t> LedgerService::CreateIn(storage::Tx& tx, const Context& ctx, Item item) {
  item.status = ItemStatus::kPending;
  item.original_deadline = item.deadline;
  item.result.clear();
  item.closed_at.reset();
  item.closed_by_person_id.reset();
  item.closed_by_account_id.reset();
  item.verification_note.clear();
  item.satisfaction.reset();
  item.satisfaction_note.clear();
  item.satisfaction_at.reset();
  item.overdue_since.reset();
  item.escalated_at.reset();
  item.archived = false;
  item.created_by = ctx.principal->account_id;
  DX_RETURN_IF_ERROR(Validate(item));
  DX_RETURN_IF_ERROR(CheckReferences(tx, ctx, item, nullptr));
  DX_ASSIGN_OR_RETURN(int64_t id, Insert(tx, ctx, item));
  item.id = id;
  DX_RETURN_IF_ERROR(NotifyPerson(tx, ctx, item.responsible_person_id, item, "ledger_assigned",
                                  "您有新的台账事项", ""));
  DX_ASSIGN_OR_RETURN(Item created, LoadItem(tx, id));
  DX_RETURN_IF_ERROR(audit::Record(
      tx, ctx, {"create", kItemRecordType, id, created.org_path, std::nullopt, Snap(created), ""}));
  return id;
}

Result<ItemView> LedgerService::Update(const Context& ctx, int64_t id, const ItemPatch& patch) {
  std::vector<std::string> changed;
  ItemWrite w;
  w.action = "update";
  w.authorize = [&](const Item& before) { return Writers(ctx, before, "修改"); };
  w.change = [&](storage::Tx& tx, const Item& before, Item& after) -> Status {
    if (before.status == ItemStatus::kClosed) return ClosedItem();
    changed = Apply(patch, after);
    DX_RETURN_IF_ERROR(Validate(after));
    return CheckReferences(tx, ctx, after, &before);
  };
  w.entries = [&](const Item&, const Item&) -> std::vector<NewEntry> {
    if (changed.empty()) return {};
    std::string text = "修改了";
    const RecordType* type = &Info().record_types.front();
    for (size_t i = 0; i < changed.size(); ++i) {
      text += (i ? "、" : "") + LabelOf(type->fields, changed[i]);
    }
    return {NewEntry{id, EntryKind::kEdited, text, std::nullopt, std::nullopt}};
  };
  w.notify = [&](storage::Tx& tx, const Item& before, const Item& after) -> Status {
    if (after.responsible_person_id == before.responsible_person_id) return Ok();
    return NotifyPerson(tx, ctx, after.responsible_person_id, after, "ledger_assigned",
                        "您有新的台账事项", "");
  };
  return RunWrite(db_, ctx, id, patch.version, w);
}

Result<ItemView> LedgerService::Archive(const Context& ctx, int64_t id, int64_t version) {
  ItemWrite w;
  w.action = "archive";
  w.authorize = [&](const Item& before) { return Writers(ctx, before, "归档"); };
  w.change = [](storage::Tx&, const Item&, Item& after) -> Status {
    after.archived = true;
    return Ok();
  };
  return RunWrite(db_, ctx, id, version, w);
}

Result<ItemView> LedgerService::Act(const Context& ctx, int64_t id, int64_t version, Action action,
                                    const std::string& text) {
  const Move move = ActionMove(action);
  std::string note;
  switch (action) {
    case Action::kAccept: {
      note = Trim(text);
      DX_RETURN_IF_ERROR(CheckMultilineText(note, "text", "受理意见", kMaxReason));
      break;
    }
    case Action::kSubmit: {
      DX_ASSIGN_OR_RETURN(note, RequiredText(text, "完成情况", kMaxResult));
      break;
    }
    case Action::kReturn: {
      DX_ASSIGN_OR_RETURN(note, RequiredText(text, "退回理由", kMaxReason));
      break;
    }
    case Action::kClose: {
      DX_ASSIGN_OR_RETURN(note, RequiredText(text, "验收意见", kMaxVerificationNote));
      break;
    }
    case Action::kReopen: {
      DX_ASSIGN_OR_RETURN(note, RequiredText(text, "重新办理的理由", kMaxReason));
      break;
    }
  }
  ItemWrite w;
  w.action = std::string("ledger_") + kActions.Name(action);
  w.authorize = [&](const Item& before) -> Status {
    const auth::Principal& p = *ctx.principal;
    const bool writer = MayWrite(p, before);
    switch (action) {
      case Action::kAccept:
      case Action::kReopen:
        if (writer) return Ok();
        break;
      case Action::kSubmit:
        if (writer || IsResponsible(p, before)) return Ok();
        break;
      case Action::kReturn:
        if (writer || IsLeader(p, before)) return Ok();
        break;
      case Action::kClose:
        if (!writer && !IsLeader(p, before)) break;
        if (IsResponsible(p, before)) {
          return MakeError(Code::kFailedPrecondition, "责任人不能验收自己的事项", "verifier");
        }
        return Ok();
    }
    return MakeError(Code::kPermissionDenied,
                     std::string("无权对该事项进行“") + kActions.Label(action) + "”操作");
  };
  w.change = [&](storage::Tx&, const Item& before, Item& after) -> Status {
    DX_RETURN_IF_ERROR(CheckMove(before.status, action));
    after.status = move.to;
    switch (action) {
      case Action::kSubmit:
        after.result = note;
        break;
      case Action::kClose:
        after.closed_at = FormatTime(ctx.now);
        after.closed_by_person_id = ctx.principal->person_id;
        after.closed_by_account_id = ctx.principal->account_id;
        after.verification_note = note;
        break;
      case Action::kReopen:
        after.closed_at.reset();
        after.closed_by_person_id.reset();
        after.closed_by_account_id.reset();
        after.verification_note.clear();
        break;
      default:
        break;
    }
    return Validate(after);
  };
  w.entries = [&](const Item& before, const Item&) -> std::vector<NewEntry> {
    return {NewEntry{id, move.entry, note, before.status, move.to}};
  };
  w.notify = [&](storage::Tx& tx, const Item&, const Item& after) -> Status {
    const std::string kind = std::string("ledger_") + kEntryKinds.Name(move.entry);
    const std::string title = "台账事项" + kEntryKinds.Label(move.entry);
    if (action != Action::kSubmit) {
      return NotifyPerson(tx, ctx, after.responsible_person_id, after, kind, title, note);
    }
    DX_RETURN_IF_ERROR(
        NotifyPerson(tx, ctx, after.leader_person_id, after, kind, "台账事项待验收", note));
    return NotifyAccount(tx, ctx, after.created_by, after, kind, "台账事项待验收", note);
  };
  return RunWrite(db_, ctx, id, version, w);
}

Result<ItemView> LedgerService::Accept(const Context& ctx, int64_t id, int64_t version,
                                       const std::string& text) {
  return Act(ctx, id, version, Action::kAccept, text);
}
Result<ItemView> LedgerService::Submit(const Context& ctx, int64_t id, int64_t version,
                                       const std::string& text) {
  return Act(ctx, id, version, Action::kSubmit, text);
}
Result<ItemView> LedgerService::Return(const Context& ctx, int64_t id, int64_t version,
                                       const std::string& text) {
  return Act(ctx, id, version, Action::kReturn, text);
}
Result<ItemView> LedgerService::Close(const Context& ctx, int64_t id, int64_t version,
                                      const std::string& text) {
  return Act(ctx, id, version, Action::kClose, text);
}
Result<ItemView> LedgerService::Reopen(const Context& ctx, int64_t id, int64_t version,
                                       const std::string& text) {
  return Act(ctx, id, version, Action::kReopen, text);
}

namespace {

// Whether the caller reports on `item`: its responsible person or a writer
// (progress, extension requests).
bool Reports(const Context& ctx, const Item& item) {
  return MayWrite(*ctx.principal, item) || IsResponsible(*ctx.principal, item);
}

// Reads the item for a write that is not an item edit (progress,
// extensions): scope (404), then `may` (403 with `refusal`), not archived.
Result<Item> LoadForWrite(storage::Tx& tx, const Context& ctx, int64_t id,
                          bool (*may)(const Context&, const Item&), const char* refusal) {
  DX_ASSIGN_OR_RETURN(Item item, LoadReadable(tx, ctx, id));
  if (!may(ctx, item)) return MakeError(Code::kPermissionDenied, refusal);
  if (item.archived) return ArchivedItem();
  return item;
}

// The versionless bump of an item's version with its audit entry, for
// writes that add to the item (progress, extensions). StaleVersion when the
// item's status changed (or it was archived) since `before` was read.
Status BumpAndAudit(storage::Tx& tx, const Context& ctx, const Item& before,
                    const std::string& action, audit::Snapshot extra) {
  DX_ASSIGN_OR_RETURN(int64_t bumped,
                      tx.Exec(kBumpVersion, {FormatTime(ctx.now), before.id,
                                             std::string(kStatuses.Name(before.status))}));
  if (bumped == 0) return StaleVersion();
  DX_ASSIGN_OR_RETURN(Item after, LoadItem(tx, before.id));
  audit::Snapshot snap = Snap(after);
  for (auto& kv : extra) snap.push_back(std::move(kv));
  return audit::Record(
      tx, ctx, {action, kItemRecordType, before.id, after.org_path, Snap(before), snap, ""});
}

std::string JoinIds(const std::vector<int64_t>& ids) {
  std::string out;
  for (int64_t id : ids) out += (out.empty() ? "" : ",") + std::to_string(id);
  return out;
}

}  // namespace

Result<Entry> LedgerService::AddProgress(const Context& ctx, int64_t id, const std::string& text,
                                         const std::vector<int64_t>& attachment_ids) {
  DX_ASSIGN_OR_RETURN(std::string note, RequiredText(text, "进展情况", kMaxProgressText));
  if (attachment_ids.size() > kMaxProgressAttachments) {
    return Invalid("一次最多附 " + std::to_string(kMaxProgressAttachments) + " 个文件",
                   "attachment_ids");
  }
  if (std::set<int64_t>(attachment_ids.begin(), attachment_ids.end()).size() !=
      attachment_ids.size()) {
    return Invalid("附件不能重复", "attachment_ids");
  }
  DX_ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kWrite));
  DX_ASSIGN_OR_RETURN(
      Item item,
      LoadForWrite(*tx, ctx, id, Reports, "无权报送该事项的进展（仅责任人和责任单位可以报送）"));
  if (item.status == ItemStatus::kClosed) return ClosedItem();
  if (item.status == ItemStatus::kPending) {
    return MakeError(Code::kConflict, "事项尚未受理，不能报送进展", "status");
  }
  DX_ASSIGN_OR_RETURN(
      int64_t entry_id,
      AddEntry(*tx, ctx, {id, EntryKind::kProgress, note, std::nullopt, std::nullopt}));
  for (int64_t file : attachment_ids) {
    auto a = attachments_.LoadIn(*tx, ctx, file, attachments::RecordAccess::kRead);
    bool ours = a.ok() && a->record_type == kItemRecordType;
    if (ours && !a->record_id) {
      auto attached = attachments_.AttachIn(*tx, ctx, file, id);
      ours = attached.ok();
    } else if (ours) {
      ours = *a->record_id == id;
    }
    if (!ours) return Invalid("附件不存在或不属于该事项", "attachment_ids");
    DX_ASSIGN_OR_RETURN(storage::Rows linked, tx->Query(kFileLinked, {file}));
    auto link = linked.empty() ? tx->Exec(kLinkFile, {entry_id, file}) : Result<int64_t>(0);
    // A file on another entry, seen here or by the unique index (a
    // concurrent report took it first).
    if (!linked.empty() || (!link.ok() && link.error().code == Code::kAlreadyExists)) {
      return Invalid("附件已属于另一条进展", "attachment_ids");
    }
    DX_RETURN_IF_ERROR(link);
  }
  DX_RETURN_IF_ERROR(
      BumpAndAudit(*tx, ctx, item, "ledger_progress",
                   {{"progress", note}, {"attachment_ids", JoinIds(attachment_ids)}}));
  DX_RETURN_IF_ERROR(tx->Commit());
  DX_ASSIGN_OR_RETURN(auto rtx, db_.Begin(storage::TxMode::kRead));
  DX_ASSIGN_OR_RETURN(std::vector<Entry> entries, ReadTimeline(*rtx, id));
  for (auto& e : entries) {
    if (e.id == entry_id) return e;
  }
  return MakeError(Code::kInternal, "进展记录未找到");
}

Result<std::vector<Entry>> LedgerService::Timeline(const Context& ctx, int64_t id) {
  DX_ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kRead));
  DX_RETURN_IF_ERROR(LoadReadable(*tx, ctx, id));
  return ReadTimeline(*tx, id);
}

Result<Extension> LedgerService::RequestExtension(const Context& ctx, int64_t item_id,
                                                  const std::string& reason,
                                                  const std::string& new_deadline) {
  DX_ASSIGN_OR_RETURN(std::string why, RequiredText(reason, "延期理由", kMaxReason));
  if (!IsValidDate(new_deadline)) {
    return Invalid("申请的新时限无效（格式 YYYY-MM-DD）", "new_deadline");
  }
  if (new_deadline < ChinaDate(ctx.now)) {
    return Invalid("申请的新时限不能早于今天", "new_deadline");
  }
  DX_ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kWrite));
  DX_ASSIGN_OR_RETURN(Item item,
                      LoadForWrite(*tx, ctx, item_id, Reports,
                                   "无权为该事项申请延期（仅责任人和责任单位可以申请）"));
  if (item.status == ItemStatus::kClosed) return ClosedItem();
  if (!item.leader_person_id) {
    return MakeError(Code::kFailedPrecondition,
                     "该事项没有责任领导，无法审批延期，请先指定责任领导", "leader_person_id");
  }
  if (item.deadline && new_deadline <= *item.deadline) {
    return Invalid("申请的新时限须晚于当前时限 " + *item.deadline, "new_deadline");
  }
  DX_ASSIGN_OR_RETURN(bool pending, HasPendingExtension(*tx, item_id));
  if (pending) return MakeError(Code::kConflict, "已有待审批的延期申请", "new_deadline");
  auto row =
      tx->QueryOne(kInsertExtension, {item_id, why, storage::Opt(item.deadline), new_deadline,
                                      ctx.principal->account_id, FormatTime(ctx.now)});
  // A concurrent request took the one pending place (unique index).
  if (!row.ok() && row.error().code == Code::kAlreadyExists) {
    return MakeError(Code::kConflict, "已有待审批的延期申请", "new_deadline");
  }
  if (!row.ok()) return row.error();
  int64_t ext_id = row->Int(0);
  DX_RETURN_IF_ERROR(
      AddEntry(*tx, ctx,
               {item_id, EntryKind::kExtensionRequested, "申请延期至 " + new_deadline + "：" + why,
                std::nullopt, std::nullopt}));
  DX_RETURN_IF_ERROR(BumpAndAudit(*tx, ctx, item, "ledger_request_extension", {}));
  DX_RETURN_IF_ERROR(
      audit::Record(*tx, ctx,
                    {"create", kExtensionRecordType, ext_id, item.org_path, std::nullopt,
                     audit::Snapshot{{"item_id", std::to_string(item_id)},
                                     {"reason", why},
                                     {"old_deadline", item.deadline},
                                     {"new_deadline", new_deadline},
                                     {"state", "pending"}},
                     ""}));
  DX_RETURN_IF_ERROR(NotifyPerson(*tx, ctx, item.leader_person_id, item,
                                  "ledger_extension_requested", "台账事项申请延期待审批",
                                  "申请延期至 " + new_deadline + "：" + why));
  DX_ASSIGN_OR_RETURN(Extension made,
                      ExtensionColumns().ReadOne(*tx, ExtensionsWhere("WHERE id = $1"), {ext_id},
                                                 ExtensionNotFound()));
  DX_RETURN_IF_ERROR(tx->Commit());
  return made;
}

Result<Extension> LedgerService::DecideExtension(const Context& ctx, int64_t extension_id,
                                                 bool approve, const std::string& note) {
  std::string decision = Trim(note);
  DX_RETURN_IF_ERROR(CheckMultilineText(decision, "note", "审批意见", kMaxReason));
  DX_ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kWrite));
  DX_ASSIGN_OR_RETURN(Extension x, ExtensionColumns().ReadOne(*tx, ExtensionsWhere("WHERE id = $1"),
                                                              {extension_id}, ExtensionNotFound()));
  auto loaded = LoadReadable(*tx, ctx, x.item_id);
  if (!loaded.ok()) {
    if (loaded.error().code == Code::kNotFound) return ExtensionNotFound();
    return loaded.error();
  }
  Item item = *loaded;
  if (!IsLeader(*ctx.principal, item)) {
    return MakeError(Code::kPermissionDenied, "只有责任领导可以审批延期申请");
  }
  if (IsResponsible(*ctx.principal, item)) {
    return MakeError(Code::kFailedPrecondition, "责任人不能审批本人事项的延期申请", "verifier");
  }
  if (x.state == ExtensionState::kVoid) {
    return MakeError(Code::kConflict, "该延期申请已失效：" + x.decision_note, "approve");
  }
  if (x.state != ExtensionState::kPending) {
    return MakeError(Code::kConflict, "该延期申请已审批", "approve");
  }
  if (item.archived) return ArchivedItem();
  if (item.status == ItemStatus::kClosed) return ClosedItem();
  const ExtensionState state = approve ? ExtensionState::kApproved : ExtensionState::kRejected;
  DX_ASSIGN_OR_RETURN(
      int64_t n, tx->Exec(kDecideExtension,
                          {std::string(kExtensionStates.Name(state)), ctx.principal->account_id,
                           decision, FormatTime(ctx.now), extension_id}));
  if (n == 0) return MakeError(Code::kConflict, "该延期申请已审批", "approve");
  Item after = item;
  if (approve) {
    if (!after.original_deadline) after.original_deadline = after.deadline;
    after.deadline = x.new_deadline;
    if (x.new_deadline >= ChinaDate(ctx.now)) {
      after.overdue_since.reset();
      after.escalated_at.reset();
    }
  }
  DX_RETURN_IF_ERROR(VersionedUpdate(UpdateRow(*tx, after, ctx.now, item.version)));
  std::string text = std::string(approve ? "同意延期至 " : "不同意延期至 ") + x.new_deadline +
                     (decision.empty() ? "" : "：" + decision);
  DX_RETURN_IF_ERROR(AddEntry(
      *tx, ctx, {item.id, EntryKind::kExtensionDecided, text, std::nullopt, std::nullopt}));
  DX_ASSIGN_OR_RETURN(Item updated, LoadItem(*tx, item.id));
  DX_RETURN_IF_ERROR(audit::Record(*tx, ctx,
                                   {"ledger_decide_extension", kItemRecordType, item.id,
                                    item.org_path, Snap(item), Snap(updated), ""}));
  DX_RETURN_IF_ERROR(audit::Record(
      *tx, ctx,
      {"ledger_decide_extension", kExtensionRecordType, extension_id, item.org_path,
       audit::Snapshot{{"state", "pending"}},
       audit::Snapshot{{"state", kExtensionStates.Name(state)}, {"decision_note", decision}}, ""}));
  DX_RETURN_IF_ERROR(NotifyAccount(*tx, ctx, x.requested_by_account_id, item,
                                   "ledger_extension_decided",
                                   approve ? "延期申请已同意" : "延期申请未同意", text));
  DX_ASSIGN_OR_RETURN(Extension decided,
                      ExtensionColumns().ReadOne(*tx, ExtensionsWhere("WHERE id = $1"),
                                                 {extension_id}, ExtensionNotFound()));
  DX_RETURN_IF_ERROR(tx->Commit());
  return decided;
}

Result<std::vector<Extension>> LedgerService::Extensions(const Context& ctx, int64_t item_id) {
  DX_ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kRead));
  DX_RETURN_IF_ERROR(LoadReadable(*tx, ctx, item_id));
  DX_ASSIGN_OR_RETURN(storage::Rows rows,
                      tx->Query(ExtensionsWhere("WHERE item_id = $1 ORDER BY id DESC"), {item_id}));
  std::vector<Extension> out;
  for (const auto& r : rows) out.push_back(ExtensionColumns().Read(r));
  return out;
}

Result<ItemView> LedgerService::Feedback(const Context& ctx, int64_t id, int64_t version,
                                         Satisfaction satisfaction, const std::string& note,
                                         bool reopen) {
  std::string text = Trim(note);
  DX_RETURN_IF_ERROR(CheckMultilineText(text, "note", "回访意见", kMaxSatisfactionNote));
  if (reopen && satisfaction != Satisfaction::kUnsatisfied) {
    return Invalid("只有回访不满意时才能重新办理", "reopen");
  }
  ItemWrite w;
  w.action = "ledger_feedback";
  w.authorize = [&](const Item& before) { return Writers(ctx, before, "回访"); };
  w.change = [&](storage::Tx&, const Item& before, Item& after) -> Status {
    if (before.kind != Kind::kConcern) {
      return MakeError(Code::kFailedPrecondition, "只有群众诉求才能回访", "kind");
    }
    if (before.status != ItemStatus::kClosed) {
      return MakeError(Code::kConflict,
                       "事项当前为“" + kStatuses.Label(before.status) + "”，销号后才能回访",
                       "status");
    }
    after.satisfaction = satisfaction;
    after.satisfaction_note = text;
    after.satisfaction_at = FormatTime(ctx.now);
    if (reopen) {
      after.status = ItemStatus::kInProgress;
      after.closed_at.reset();
      after.closed_by_person_id.reset();
      after.closed_by_account_id.reset();
      after.verification_note.clear();
    }
    return Validate(after);
  };
  w.entries = [&](const Item& before, const Item&) -> std::vector<NewEntry> {
    std::vector<NewEntry> out = {
        {id, EntryKind::kFeedback,
         kSatisfactions.Label(satisfaction) + (text.empty() ? "" : "：" + text), std::nullopt,
         std::nullopt}};
    if (reopen) {
      out.push_back({id, EntryKind::kReopened, "回访不满意，重新办理", before.status,
                     ItemStatus::kInProgress});
    }
    return out;
  };
  w.notify = [&](storage::Tx& tx, const Item&, const Item& after) -> Status {
    if (!reopen) return Ok();
    return NotifyPerson(tx, ctx, after.responsible_person_id, after, "ledger_reopened",
                        "台账事项重新办理", "回访不满意：" + text);
  };
  return RunWrite(db_, ctx, id, version, w);
}

void DeclareItemAttachments(attachments::RecordRights& rights) {
  rights.Declare(
      kItemRecordType,
      [](storage::Tx& tx, const auth::Principal& who, int64_t id,
         attachments::RecordAccess access) -> Status {
        auto item = LoadItem(tx, id);
        if (!item.ok()) return item.error();
        if (!MayRead(who, *item)) return NotFound();
        if (access != attachments::RecordAccess::kAttach) return Ok();
        if (!MayWrite(who, *item) && !IsResponsible(who, *item)) {
          return MakeError(Code::kPermissionDenied, "无权为该事项添加或删除附件");
        }
        // A closed or archived item takes no file and keeps the files it has.
        if (item->archived) return ArchivedItem();
        if (item->status == ItemStatus::kClosed) return ClosedItem();
        return Ok();
      },
      [](storage::Tx& tx, int64_t id) -> Result<std::optional<std::string>> {
        auto item = LoadItem(tx, id);
        if (!item.ok()) {
          if (item.error().code == Code::kNotFound) return std::optional<std::string>();
          return item.error();
        }
        return std::optional<std::string>(item->org_path);
      });
}

}  // namespace duxing::domain::ledger
