#include "domain/ledger/item_rows.hpp"

#include <map>

#include "common/text.hpp"
#include "domain/ledger/ledger_service.hpp"

namespace duxing::domain::ledger {
namespace {

constexpr std::string_view kOrgPath = "SELECT path FROM orgs WHERE id = $1";
// The list's column after ItemColumns() (item_rows.hpp).
constexpr std::string_view kPendingExtension =
    ", CASE WHEN EXISTS (SELECT 1 FROM ledger_extensions x WHERE x.item_id = i.id AND "
    "x.state = 'pending') THEN 1 ELSE 0 END";
constexpr std::string_view kEntryFiles =
    "SELECT ea.entry_id, a.id, a.file_name, a.media_type, a.size FROM ledger_entry_attachments ea "
    "JOIN ledger_entries e ON e.id = ea.entry_id JOIN attachments a ON a.id = ea.attachment_id "
    "WHERE e.item_id = $1 ORDER BY a.id";

const RecordColumns<Entry>& EntryColumns() {
  static const auto columns = RecordColumns<Entry>()
                                  .Int("id", &Entry::id)
                                  .Int("item_id", &Entry::item_id)
                                  .Code("kind", &Entry::kind, kEntryKinds, EntryKind::kProgress)
                                  .Text("text", &Entry::text)
                                  .OptCode("from_status", &Entry::from_status, kStatuses)
                                  .OptCode("to_status", &Entry::to_status, kStatuses)
                                  .OptInt("account_id", &Entry::account_id)
                                  .Text("person_name", &Entry::person_name)
                                  .Text("created_at", &Entry::created_at);
  return columns;
}

std::optional<std::string> OptId(const std::optional<int64_t>& v) {
  return v ? std::optional<std::string>(std::to_string(*v)) : std::nullopt;
}

template <typename E>
std::optional<std::string> OptCode(const CodedEnum<E>& codes, const std::optional<E>& v) {
  return v ? std::optional<std::string>(codes.Name(*v)) : std::nullopt;
}

// The columns an item's INSERT and its versioned UPDATE both write: those
// ItemColumns() reads from ledger_items but the id, the version, the
// creator and the times.
const WrittenColumns<Item>& ItemFields() {
  static const auto columns =
      ItemColumns().Written("i", {"id", "version", "created_by", "created_at", "updated_at"});
  return columns;
}

// The default order's key (migration 0035's ledger_items_list_open): open
// items first by deadline (the overdue, oldest first, then the nearest;
// those without one last), then the closed ones by deadline. The same
// expression both ways: "-open" reads that index backwards.
constexpr std::string_view kOpenFirst =
    "(CASE WHEN i.status = 'closed' THEN '1' ELSE '0' END || COALESCE(i.deadline, '9999-99-99'))";

// Adds "deadline within today..to" on open items.
void OpenDeadline(storage::Where& w, std::string_view op, const std::string& value) {
  w.And("i.status <> 'closed' AND i.archived = 0 AND i.deadline " + std::string(op) + " ?",
        {value});
}

}  // namespace

const RecordColumns<Item>& ItemColumns() {
  static const auto columns =
      RecordColumns<Item>()
          .Int("i.id", &Item::id)
          .Code("i.kind", &Item::kind, kKinds, Kind::kPlanTask)
          .OptInt("i.campaign_id", &Item::campaign_id)
          .Text("i.title", &Item::title)
          .Text("i.description", &Item::description)
          .Text("i.measures", &Item::measures)
          .OptCode("i.source_type", &Item::source_type, kSourceTypes)
          .OptInt("i.source_id", &Item::source_id)
          .Text("i.source_text", &Item::source_text)
          .Int("i.org_id", &Item::org_id)
          .Text("o.name", &Item::org_name)
          .Text("i.org_path", &Item::org_path)
          .OptInt("i.responsible_person_id", &Item::responsible_person_id)
          .Text("rp.name", &Item::responsible_name)
          .OptInt("i.leader_person_id", &Item::leader_person_id)
          .Text("lp.name", &Item::leader_name)
          .OptText("i.deadline", &Item::deadline)
          .OptText("i.original_deadline", &Item::original_deadline)
          .OptCode("i.item_class", &Item::item_class, kClasses)
          .Code("i.status", &Item::status, kStatuses, ItemStatus::kPending)
          .Text("i.result", &Item::result)
          .OptText("i.closed_at", &Item::closed_at)
          .OptInt("i.closed_by_person_id", &Item::closed_by_person_id)
          .OptInt("i.closed_by_account_id", &Item::closed_by_account_id)
          .Text("COALESCE(cp.name, ca.display_name, '')", &Item::closed_by_name)
          .Text("i.verification_note", &Item::verification_note)
          .Text("i.requester_name", &Item::requester_name)
          .Text("i.requester_contact", &Item::requester_contact)
          .Bool("i.anonymous", &Item::anonymous)
          .OptCode("i.satisfaction", &Item::satisfaction, kSatisfactions)
          .Text("i.satisfaction_note", &Item::satisfaction_note)
          .OptText("i.satisfaction_at", &Item::satisfaction_at)
          .OptCode("i.plan_part", &Item::plan_part, kPlanParts)
          .OptCode("i.plan_action", &Item::plan_action, kPlanActions)
          .OptCode("i.project_area", &Item::project_area, kProjectAreas)
          .Text("i.target", &Item::target)
          .OptText("i.overdue_since", &Item::overdue_since)
          .OptText("i.escalated_at", &Item::escalated_at)
          .Bool("i.archived", &Item::archived)
          .Int("i.version", &Item::version)
          .OptInt("i.created_by", &Item::created_by)
          .Text("i.created_at", &Item::created_at)
          .Text("i.updated_at", &Item::updated_at);
  return columns;
}

Item ItemFromRow(const storage::Row& r) { return ItemColumns().Read(r); }

audit::Snapshot Snap(const Item& i) {
  return {{"kind", kKinds.Name(i.kind)},
          {"campaign_id", OptId(i.campaign_id)},
          {"title", i.title},
          {"description", i.description},
          {"measures", i.measures},
          {"source_type", OptCode(kSourceTypes, i.source_type)},
          {"source_id", OptId(i.source_id)},
          {"source_text", i.source_text},
          {"org_id", std::to_string(i.org_id)},
          {"responsible_person_id", OptId(i.responsible_person_id)},
          {"leader_person_id", OptId(i.leader_person_id)},
          {"deadline", i.deadline},
          {"original_deadline", i.original_deadline},
          {"item_class", OptCode(kClasses, i.item_class)},
          {"status", kStatuses.Name(i.status)},
          {"result", i.result},
          {"closed_at", i.closed_at},
          {"closed_by_person_id", OptId(i.closed_by_person_id)},
          {"verification_note", i.verification_note},
          {"requester_name", i.requester_name},
          {"requester_contact", i.requester_contact},
          {"anonymous", i.anonymous ? "true" : "false"},
          {"satisfaction", OptCode(kSatisfactions, i.satisfaction)},
          {"satisfaction_note", i.satisfaction_note},
          {"plan_part", OptCode(kPlanParts, i.plan_part)},
          {"plan_action", OptCode(kPlanActions, i.plan_action)},
          {"project_area", OptCode(kProjectAreas, i.project_area)},
          {"target", i.target},
          {"overdue_since", i.overdue_since},
          {"escalated_at", i.escalated_at},
          {"archived", i.archived ? "true" : "false"}};
}

Result<int64_t> InsertRow(storage::Tx& tx, const Context& ctx, const Item& item) {
  static const std::string insert =
      ItemFields().Insert("ledger_items", {"created_by", "created_at", "updated_at"}) +
      " RETURNING id";
  storage::Params params = ItemFields().Params(item);
  std::optional<int64_t> creator = item.created_by;
  if (!creator && ctx.principal && ctx.principal->account_id) creator = ctx.principal->account_id;
  std::string now = FormatTime(ctx.now);
  params.insert(params.end(), {storage::Opt(creator), now, now});
  DX_ASSIGN_OR_RETURN(storage::Row row, tx.QueryOne(insert, params));
  return row.Int(0);
}

Result<int64_t> UpdateRow(storage::Tx& tx, const Item& item, TimePoint now, int64_t version) {
  static const std::string update = ItemFields().VersionedUpdate("ledger_items", {"updated_at"});
  storage::Params params = ItemFields().Params(item);
  params.insert(params.end(), {FormatTime(now), item.id, version});
  return tx.Exec(update, params);
}

const ListSpec& ItemListSpec() {
  static const ListSpec spec{ItemColumns().Sql() + std::string(kPendingExtension),
                             std::string(kItemFrom),
                             "FROM ledger_items i",
                             {ListSort{"open", std::string(kOpenFirst), std::string(kOpenFirst),
                                       "i.id"},
                              ListSort{"deadline", "COALESCE(i.deadline, '9999-99-99')",
                                       "COALESCE(i.deadline, '')", "i.id"},
                              ListSort{"created_at", "i.created_at", "i.created_at", "i.id"},
                              ListSort{"id", "i.id", "i.id", "i.id", true}},
                             "i.id"};
  return spec;
}

std::string ListSortOf(const ItemFilter& f) {
  if (!f.sort.empty()) return f.sort;
  // Open items only, or one status: the open order is the deadline's.
  if (f.overdue || f.due_within_days || f.status) return "deadline";
  return "open";
}

storage::Condition ItemReadScope(const auth::Principal& p) {
  storage::Condition scope = storage::InSubtrees("i.org_path", p.ReadablePaths());
  if (p.person_id) {
    scope.sql = "(" + scope.sql + " OR i.responsible_person_id = ? OR i.leader_person_id = ?)";
    scope.values.push_back(*p.person_id);
    scope.values.push_back(*p.person_id);
  }
  return scope;
}

Result<storage::Where> ListWhere(storage::Tx& tx, const Context& ctx, const ItemFilter& f) {
  const auth::Principal& p = *ctx.principal;
  storage::Where w;
  w.And(ItemReadScope(p));
  if (!f.include_archived) w.And("i.archived = 0");
  if (f.mine) {
    int64_t person = p.person_id.value_or(-1);
    w.And("(i.responsible_person_id = ? OR i.leader_person_id = ?)", {person, person});
  }
  if (f.kind) w.And("i.kind = ?", {std::string(kKinds.Name(*f.kind))});
  // A campaign's items and those of none (registered outside any campaign):
  // the pages follow the header's campaign without hiding the latter.
  if (f.campaign_id) w.And("(i.campaign_id = ? OR i.campaign_id IS NULL)", {*f.campaign_id});
  if (f.org_id) {
    DX_ASSIGN_OR_RETURN(storage::Rows org, tx.Query(kOrgPath, {*f.org_id}));
    if (org.empty()) return MakeError(Code::kInvalidArgument, "组织不存在", "org_id");
    w.And(storage::InSubtrees("i.org_path", {org.front().Text(0)}));
  }
  if (f.status) w.And("i.status = ?", {std::string(kStatuses.Name(*f.status))});
  if (f.satisfaction) {
    if (*f.satisfaction == kNoFollowUp) {
      w.And("i.satisfaction IS NULL");
    } else {
      auto s = kSatisfactions.Parse(*f.satisfaction);
      if (!s) return MakeError(Code::kInvalidArgument, "回访结果无效", "satisfaction");
      w.And("i.satisfaction = ?", {std::string(kSatisfactions.Name(*s))});
    }
  }
  if (f.item_class) w.And("i.item_class = ?", {std::string(kClasses.Name(*f.item_class))});
  if (f.leader_person_id) w.And("i.leader_person_id = ?", {*f.leader_person_id});
  if (f.no_leader) w.And("i.leader_person_id IS NULL");
  if (f.responsible_person_id) w.And("i.responsible_person_id = ?", {*f.responsible_person_id});
  if (f.source_type) w.And("i.source_type = ?", {std::string(kSourceTypes.Name(*f.source_type))});
  if (f.source_id) w.And("i.source_id = ?", {*f.source_id});
  const std::string today = ChinaDate(ctx.now);
  if (f.overdue) OpenDeadline(w, "<", today);
  if (f.due_within_days) {
    if (*f.due_within_days < 0 || *f.due_within_days > kMaxDueWithinDays) {
      return MakeError(Code::kInvalidArgument,
                       "due_within_days 须在 0 至 " + std::to_string(kMaxDueWithinDays) + " 之间",
                       "due_within_days");
    }
    auto until = *ParseTime(today) + std::chrono::days(*f.due_within_days);
    OpenDeadline(w, ">=", today);
    w.And("i.deadline <= ?", {FormatTime(until).substr(0, 10)});
  }
  if (!f.q.empty()) {
    if (Utf8Length(f.q) > kMaxSearch) {
      return MakeError(Code::kInvalidArgument,
                       "搜索内容不能超过 " + std::to_string(kMaxSearch) + " 个字", "q");
    }
    // A plain LIKE on the title: two-character Chinese terms (整改, 食堂)
    // must match, which a trigram index would not serve.
    w.And("i.title LIKE ? ESCAPE '\\'", {storage::ContainsPattern(f.q)});
  }
  return w;
}

Result<std::vector<Entry>> ReadTimeline(storage::Tx& tx, int64_t id) {
  DX_ASSIGN_OR_RETURN(storage::Rows rows,
                      tx.Query("SELECT " + EntryColumns().Sql() +
                                   " FROM ledger_entries WHERE item_id = $1 ORDER BY id",
                               {id}));
  std::vector<Entry> out;
  std::map<int64_t, size_t> index;
  for (const auto& r : rows) {
    index[r.Int(0)] = out.size();
    out.push_back(EntryColumns().Read(r));
  }
  DX_ASSIGN_OR_RETURN(storage::Rows files, tx.Query(kEntryFiles, {id}));
  for (const auto& r : files) {
    auto it = index.find(r.Int(0));
    if (it == index.end()) continue;
    out[it->second].attachments.push_back({r.Int(1), r.Text(2), r.Text(3), r.Int(4)});
  }
  return out;
}

}  // namespace duxing::domain::ledger
