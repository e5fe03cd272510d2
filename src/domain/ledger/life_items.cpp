#include "domain/ledger/life_items.hpp"

#include <map>

#include "common/clock.hpp"
#include "domain/ledger/item.hpp"
#include "domain/ledger/item_rows.hpp"
#include "domain/ledger/ledger_service.hpp"
#include "storage/in_ids.hpp"

namespace duxing::domain::ledger {
namespace {

constexpr std::string_view kOrgPath = "SELECT path FROM orgs WHERE id = $1";
constexpr std::string_view kMoveItem =
    "UPDATE ledger_items SET status = $1, result = $2, closed_at = $3, verification_note = $4, "
    "version = version + 1, updated_at = $5 WHERE id = $6";

// The item `request` describes (pending; the deadline is also the original).
Result<Item> ItemOf(const ItemRequest& request) {
  Item item;
  auto kind = kKinds.Parse(request.kind);
  if (!kind) return MakeError(Code::kInvalidArgument, "事项类别无效", "kind");
  item.kind = *kind;
  item.campaign_id = request.campaign_id;
  item.title = request.title;
  item.description = request.description;
  item.measures = request.measures;
  item.source_type = kSourceTypes.Parse(request.source_type);
  // The ledger keeps a source id for events only; a check's items are
  // linked from its points (self_check_points.item_id).
  if (item.source_type == SourceType::kEvent) item.source_id = request.source_id;
  item.source_text = request.source_text;
  item.org_id = request.org_id;
  item.responsible_person_id = request.assign.responsible_person_id;
  item.leader_person_id = request.assign.leader_person_id;
  item.deadline = request.assign.deadline;
  item.original_deadline = request.assign.deadline;
  if (request.assign.item_class) {
    item.item_class = kClasses.Parse(*request.assign.item_class);
    if (!item.item_class) return MakeError(Code::kInvalidArgument, "整改类型无效", "item_class");
  }
  return item;
}

std::string StatusLabelOf(const std::string& code) {
  auto status = kStatuses.Parse(code);
  return status ? kStatuses.Label(*status) : code;
}

constexpr std::string_view kBriefColumns =
    "SELECT i.id, i.kind, i.title, i.status, i.deadline, i.responsible_person_id, "
    "COALESCE(p.name, ''), i.org_id, o.name FROM ledger_items i JOIN orgs o ON o.id = i.org_id "
    "LEFT JOIN people p ON p.id = i.responsible_person_id ";

ItemBrief BriefFromRow(const storage::Row& r) {
  ItemBrief b;
  b.id = r.Int(0);
  b.kind = r.Text(1);
  b.title = r.Text(2);
  b.status = r.Text(3);
  b.status_label = StatusLabelOf(b.status);
  b.deadline = r.OptText(4);
  if (!r.IsNull(5)) b.responsible_person_id = r.Int(5);
  b.responsible_name = r.Text(6);
  b.org_id = r.Int(7);
  b.org_name = r.Text(8);
  return b;
}

}  // namespace

Result<int64_t> CreateItemIn(storage::Tx& tx, const Context& ctx, const ItemRequest& request) {
  DX_ASSIGN_OR_RETURN(Item item, ItemOf(request));
  return LedgerService::CreateIn(tx, ctx, std::move(item));
}

Result<int64_t> InsertDemoItem(storage::Tx& tx, const Context& ctx, const ItemRequest& request) {
  DX_ASSIGN_OR_RETURN(Item item, ItemOf(request));
  DX_RETURN_IF_ERROR(Validate(item));
  DX_ASSIGN_OR_RETURN(storage::Row org, tx.QueryOne(kOrgPath, {item.org_id}));
  item.org_path = org.Text(0);
  return LedgerService::Insert(tx, ctx, item);
}

Status MoveDemoItem(storage::Tx& tx, const Context& ctx, int64_t item_id, int steps,
                    std::chrono::days apart) {
  struct Step {
    ItemStatus from, to;
    EntryKind entry;
    const char* text;
  };
  static const Step kSteps[] = {
      {ItemStatus::kPending, ItemStatus::kInProgress, EntryKind::kAccepted, "已受理，按措施抓好整改"},
      {ItemStatus::kInProgress, ItemStatus::kToVerify, EntryKind::kSubmitted, "已按整改措施完成整改"},
      {ItemStatus::kToVerify, ItemStatus::kClosed, EntryKind::kClosed, "整改到位，同意销号"}};
  Context at = ctx;
  for (int i = 0; i < steps && i < 3; ++i, at.now += apart) {
    const Step& s = kSteps[i];
    const std::string now = FormatTime(at.now);
    bool closed = s.to == ItemStatus::kClosed;
    DX_RETURN_IF_ERROR(tx.Exec(
        kMoveItem, {std::string(kStatuses.Name(s.to)),
                    std::string(i >= 1 ? kSteps[1].text : ""),
                    closed ? storage::Param(now) : storage::Param(nullptr),
                    std::string(closed ? s.text : ""), now, item_id}));
    DX_RETURN_IF_ERROR(AddEntry(tx, at, {item_id, s.entry, s.text, s.from, s.to}));
  }
  return Ok();
}

Result<std::vector<ItemBrief>> LoadItemBriefs(storage::Tx& tx, const std::vector<int64_t>& ids,
                                              const auth::Principal* reader) {
  std::vector<ItemBrief> out;
  if (ids.empty()) return out;
  storage::Where w;
  w.And(storage::InIds("i.id", ids));
  if (reader) w.And(ItemReadScope(*reader));
  DX_ASSIGN_OR_RETURN(storage::Rows rows,
                      tx.Query(std::string(kBriefColumns) + w.Sql(), w.params()));
  std::map<int64_t, ItemBrief> by_id;
  for (const auto& r : rows) {
    ItemBrief b = BriefFromRow(r);
    by_id[b.id] = std::move(b);
  }
  for (int64_t id : ids) {
    auto found = by_id.find(id);
    if (found != by_id.end()) out.push_back(found->second);
  }
  return out;
}

Result<std::map<int64_t, std::vector<ItemBrief>>> LoadSourceItems(
    storage::Tx& tx, const auth::Principal& reader, const std::string& kind,
    const std::string& source_type, const std::vector<int64_t>& source_ids) {
  std::map<int64_t, std::vector<ItemBrief>> out;
  if (source_ids.empty()) return out;
  // The brief's columns, then the source id (column 9).
  std::string sql(kBriefColumns);
  sql.insert(sql.find(" FROM ledger_items"), ", i.source_id");
  storage::Where w;
  w.And("i.kind = ? AND i.source_type = ?", {kind, source_type});
  w.And(storage::InIds("i.source_id", source_ids));
  w.And(ItemReadScope(reader));
  DX_ASSIGN_OR_RETURN(storage::Rows rows, tx.Query(sql + w.Sql() + " ORDER BY i.id", w.params()));
  for (const auto& r : rows) out[r.Int(9)].push_back(BriefFromRow(r));
  return out;
}

}  // namespace duxing::domain::ledger
