#include "domain/ledger/self_check.hpp"

#include <map>

#include "common/clock.hpp"
#include "domain/audit/audit_log.hpp"
#include "domain/campaigns/campaign.hpp"
#include "domain/text_field.hpp"
#include "domain/versioned_write.hpp"
#include "storage/in_ids.hpp"

namespace duxing::domain::ledger {
namespace {

constexpr std::string_view kCheckColumns =
    "s.id, s.campaign_id, s.org_id, o.name, s.org_path, s.title, s.check_date, s.archived, "
    "s.version, "
    "(SELECT COUNT(*) FROM self_check_points m WHERE m.check_id = s.id AND m.result = 'met'), "
    "(SELECT COUNT(*) FROM self_check_points u WHERE u.check_id = s.id AND u.result = 'unmet'), "
    "(SELECT COUNT(*) FROM self_check_points n WHERE n.check_id = s.id AND n.result IS NULL)";
constexpr std::string_view kCheckFrom = "FROM self_checks s JOIN orgs o ON o.id = s.org_id";
constexpr std::string_view kInsertCheck =
    "INSERT INTO self_checks (campaign_id, org_id, org_path, title, check_date, created_by, "
    "created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id";
constexpr std::string_view kInsertPoint =
    "INSERT INTO self_check_points (check_id, position, text, updated_at) VALUES ($1, $2, $3, $4)";
constexpr std::string_view kPoints =
    "SELECT id, position, text, result, note, item_id, version, check_id FROM self_check_points";
constexpr std::string_view kPointCheck = "SELECT check_id FROM self_check_points WHERE id = $1";
constexpr std::string_view kUpdatePoint =
    "UPDATE self_check_points SET result = $1, note = $2, item_id = $3, version = version + 1, "
    "updated_at = $4 WHERE id = $5 AND version = $6";
constexpr std::string_view kSetPointItem =
    "UPDATE self_check_points SET item_id = $1 WHERE id = $2";
constexpr std::string_view kOrgPath = "SELECT path, archived FROM orgs WHERE id = $1";

const ListSpec& CheckListSpec() {
  static const ListSpec spec{
      std::string(kCheckColumns),
      std::string(kCheckFrom),
      "FROM self_checks s",
      {ListSort{"check_date", "s.check_date", "s.check_date", "s.id"}},
      "s.id",
      ""};
  return spec;
}

Error Invalid(std::string message, std::string field) {
  return MakeError(Code::kInvalidArgument, std::move(message), std::move(field));
}

SelfCheck CheckFromRow(const storage::Row& r) {
  SelfCheck c;
  c.id = r.Int(0);
  if (!r.IsNull(1)) c.campaign_id = r.Int(1);
  c.org_id = r.Int(2);
  c.org_name = r.Text(3);
  c.org_path = r.Text(4);
  c.title = r.Text(5);
  c.check_date = r.Text(6);
  c.archived = r.Bool(7);
  c.version = r.Int(8);
  c.met = r.Int(9);
  c.unmet = r.Int(10);
  c.unchecked = r.Int(11);
  return c;
}

// The points of each check of `check_ids` by check id (each in position
// order) with their items, in two queries. An item `reader` may not read
// (routed to another org) is named by its id only.
Result<std::map<int64_t, std::vector<CheckPoint>>> LoadPoints(
    storage::Tx& tx, const auth::Principal& reader, const std::vector<int64_t>& check_ids) {
  std::map<int64_t, std::vector<CheckPoint>> out;
  if (check_ids.empty()) return out;
  storage::Where w;
  w.And(storage::InIds("check_id", check_ids));
  DX_ASSIGN_OR_RETURN(
      storage::Rows rows,
      tx.Query(std::string(kPoints) + w.Sql() + " ORDER BY check_id, position", w.params()));
  std::vector<int64_t> item_ids;
  for (const auto& r : rows) {
    CheckPoint p;
    p.id = r.Int(0);
    p.position = r.Int(1);
    p.text = r.Text(2);
    if (!r.IsNull(3)) p.result = kPointResultCodes.Parse(r.Text(3));
    p.note = r.Text(4);
    if (!r.IsNull(5)) {
      item_ids.push_back(r.Int(5));
      p.item = ItemBrief{.id = r.Int(5)};
    }
    p.version = r.Int(6);
    out[r.Int(7)].push_back(std::move(p));
  }
  DX_ASSIGN_OR_RETURN(std::vector<ItemBrief> briefs, LoadItemBriefs(tx, item_ids, &reader));
  std::map<int64_t, ItemBrief> by_id;
  for (auto& b : briefs) by_id[b.id] = std::move(b);
  for (auto& [check, points] : out) {
    for (auto& p : points) {
      if (!p.item) continue;
      auto seen = by_id.find(p.item->id);
      if (seen != by_id.end()) {
        p.item = seen->second;
      } else {
        p.item->title = "（其他组织办理，无权查看）";
      }
    }
  }
  return out;
}

// Self-check `id` with its points as `who` may read it.
Result<SelfCheck> LoadCheck(storage::Tx& tx, const auth::Principal& who, int64_t id) {
  DX_ASSIGN_OR_RETURN(storage::Rows rows,
                      tx.Query("SELECT " + std::string(kCheckColumns) + " " +
                                   std::string(kCheckFrom) + " WHERE s.id = $1",
                               {id}));
  if (rows.empty() || !who.CanRead(rows.front().Text(4))) {
    return MakeError(Code::kNotFound, "自查记录不存在");
  }
  SelfCheck c = CheckFromRow(rows.front());
  c.may_write = who.CanWrite(c.org_path);
  DX_ASSIGN_OR_RETURN(auto points, LoadPoints(tx, who, {id}));
  c.points = std::move(points[id]);
  return c;
}

Status CheckNew(const NewSelfCheck& c) {
  if (c.title.empty()) return Invalid("自查名称不能为空", "title");
  DX_RETURN_IF_ERROR(CheckLineText(c.title, "title", "自查名称", kMaxCheckTitle));
  if (!IsValidDate(c.check_date)) return Invalid("自查日期无效（格式 YYYY-MM-DD）", "check_date");
  if (c.points.empty()) return Invalid("检查要点不能为空", "points");
  if (c.points.size() > kMaxCheckPoints) {
    return Invalid("检查要点不能超过 " + std::to_string(kMaxCheckPoints) + " 条", "points");
  }
  for (size_t i = 0; i < c.points.size(); ++i) {
    std::string field = "points[" + std::to_string(i) + "]";
    std::string label = "第 " + std::to_string(i + 1) + " 条检查要点";
    if (c.points[i].empty()) return Invalid(label + "不能为空", field);
    DX_RETURN_IF_ERROR(CheckLineText(c.points[i], field, label, kMaxPointText));
  }
  return Ok();
}

audit::Snapshot CheckSnap(const SelfCheck& c) {
  std::string points;
  for (const auto& p : c.points) points += (points.empty() ? "" : "\n") + p.text;
  return {{"title", c.title},
          {"org_id", std::to_string(c.org_id)},
          {"check_date", c.check_date},
          {"points", points}};
}

}  // namespace

SelfCheckService::SelfCheckService(storage::Database& db)
    : db_(db), list_(std::vector<std::string>{"self_check", "self_check_point", "org"}) {}

Result<Page<SelfCheck>> SelfCheckService::List(const Context& ctx, const SelfCheckFilter& f) {
  DX_ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kRead));
  storage::Where w;
  w.And(storage::InSubtrees("s.org_path", ctx.principal->ReadablePaths()));
  w.And("s.archived = 0");
  // The campaign's checks and those of none, as the items' lists.
  if (f.campaign_id) w.And("(s.campaign_id = ? OR s.campaign_id IS NULL)", {*f.campaign_id});
  if (f.org_id) {
    DX_ASSIGN_OR_RETURN(storage::Rows org, tx->Query(kOrgPath, {*f.org_id}));
    if (org.empty()) return Invalid("组织不存在", "org_id");
    w.And(storage::InSubtrees("s.org_path", {org.front().Text(0)}));
  }
  DX_ASSIGN_OR_RETURN(ListRows rows, list_.Page(*tx, CheckListSpec(), w, f.sort, f.page));
  Page<SelfCheck> page;
  page.total = rows.total;
  page.next_cursor = std::move(rows.next_cursor);
  std::vector<int64_t> ids;
  for (const auto& r : rows.rows) {
    page.items.push_back(CheckFromRow(r));
    page.items.back().may_write = ctx.principal->CanWrite(page.items.back().org_path);
    ids.push_back(page.items.back().id);
  }
  DX_ASSIGN_OR_RETURN(auto points, LoadPoints(*tx, *ctx.principal, ids));
  for (auto& c : page.items) c.points = std::move(points[c.id]);
  return page;
}

Result<SelfCheck> SelfCheckService::Get(const Context& ctx, int64_t id) {
  DX_ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kRead));
  return LoadCheck(*tx, *ctx.principal, id);
}

Result<SelfCheck> SelfCheckService::Create(const Context& ctx, const NewSelfCheck& c) {
  DX_ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kWrite));
  DX_ASSIGN_OR_RETURN(storage::Rows org, tx->Query(kOrgPath, {c.org_id}));
  if (org.empty() || !ctx.principal->CanRead(org.front().Text(0))) {
    return MakeError(Code::kNotFound, "组织不存在", "org_id");
  }
  std::string path = org.front().Text(0);
  if (!ctx.principal->CanWrite(path)) {
    return MakeError(Code::kPermissionDenied, "无权为该组织登记自查", "org_id");
  }
  if (org.front().Bool(1)) return MakeError(Code::kFailedPrecondition, "组织已归档", "org_id");
  DX_RETURN_IF_ERROR(CheckNew(c));
  if (c.campaign_id) {
    DX_RETURN_IF_ERROR(campaigns::CampaignService::LoadScope(*tx, ctx, *c.campaign_id));
  }
  std::string now = FormatTime(ctx.now);
  DX_ASSIGN_OR_RETURN(storage::Row row,
                      tx->QueryOne(kInsertCheck, {storage::Opt(c.campaign_id), c.org_id, path,
                                                  c.title, c.check_date,
                                                  ctx.principal->account_id, now}));
  int64_t id = row.Int(0);
  for (size_t i = 0; i < c.points.size(); ++i) {
    DX_RETURN_IF_ERROR(
        tx->Exec(kInsertPoint, {id, static_cast<int64_t>(i + 1), c.points[i], now}));
  }
  VersionedRecord<SelfCheck> record{
      "self_check",
      [&ctx](storage::Tx& tx, int64_t id) { return LoadCheck(tx, *ctx.principal, id); },
      [](const SelfCheck& c) { return c.version; }, CheckSnap,
      [](const SelfCheck& c) -> std::optional<std::string> { return c.org_path; }};
  return FinishCreate(*tx, ctx, record, id);
}

namespace {

struct PointRow {
  SelfCheck check;
  CheckPoint point;
};

// The self_check item of an unmet point: the point is its title, the note
// its description, the check its source, the check's org responsible.
ItemRequest UnmetItem(const PointRow& r, const PointFinding& f) {
  ItemRequest item;
  item.kind = "self_check";
  item.campaign_id = r.check.campaign_id;
  item.title = r.point.text;
  item.description = f.note;
  item.source_type = "check";
  item.source_id = r.check.id;
  item.source_text = r.check.title;
  item.org_id = r.check.org_id;
  item.assign = f.assign;
  return item;
}

audit::Snapshot PointSnap(const PointRow& r) {
  const CheckPoint& p = r.point;
  return {{"text", p.text},
          {"result", p.result ? std::optional<std::string>(kPointResultCodes.Name(*p.result))
                              : std::nullopt},
          {"note", p.note},
          {"item_id", p.item ? std::optional(std::to_string(p.item->id)) : std::nullopt}};
}

}  // namespace

Result<SelfCheck> SelfCheckService::RecordPoint(const Context& ctx, int64_t point_id,
                                                const PointFinding& f) {
  const auth::Principal& who = *ctx.principal;
  VersionedRecord<PointRow> record{
      "self_check_point",
      [&who](storage::Tx& tx, int64_t id) -> Result<PointRow> {
        DX_ASSIGN_OR_RETURN(storage::Rows rows, tx.Query(kPointCheck, {id}));
        if (rows.empty()) return MakeError(Code::kNotFound, "检查要点不存在");
        auto check = LoadCheck(tx, who, rows.front().Int(0));
        if (!check.ok()) return MakeError(Code::kNotFound, "检查要点不存在");
        for (const auto& p : check->points) {
          if (p.id == id) return PointRow{*check, p};
        }
        return MakeError(Code::kNotFound, "检查要点不存在");
      },
      [](const PointRow& r) { return r.point.version; }, PointSnap,
      [](const PointRow& r) -> std::optional<std::string> { return r.check.org_path; }};
  VersionedWrite<PointRow> w;
  w.action = "update";
  w.id = point_id;
  w.version = f.version;
  w.authorize = [](storage::Tx&, const PointRow& r) -> Status {
    if (r.check.may_write) return Ok();
    return MakeError(Code::kPermissionDenied, "无权修改该自查记录");
  };
  w.change = [&](storage::Tx& tx, const PointRow& before, PointRow& after) -> Status {
    if (before.check.archived) return MakeError(Code::kFailedPrecondition, "自查记录已归档");
    DX_RETURN_IF_ERROR(CheckMultilineText(f.note, "note", "情况说明", kMaxPointNote));
    if (f.result == PointResult::kMet && before.point.item) {
      return MakeError(Code::kFailedPrecondition,
                       "该要点已生成自查问题事项，请通过事项销号，不能改为符合", "result");
    }
    after.point.result = f.result;
    after.point.note = f.note;
    return Ok();
  };
  // The point first; an unmet point's item (once) goes with it.
  w.write = [&](storage::Tx& tx, const PointRow& before, const PointRow& a) -> Result<int64_t> {
    const CheckPoint& p = a.point;
    std::optional<int64_t> item_id;
    if (p.item) item_id = p.item->id;
    DX_ASSIGN_OR_RETURN(int64_t n, tx.Exec(kUpdatePoint, {std::string(kPointResultCodes.Name(*p.result)),
                                                          p.note, storage::Opt(item_id),
                                                          FormatTime(ctx.now), point_id, f.version}));
    if (n == 0 || item_id || p.result != PointResult::kUnmet) return n;
    DX_ASSIGN_OR_RETURN(int64_t made, CreateItemIn(tx, ctx, UnmetItem(before, f)));
    DX_RETURN_IF_ERROR(tx.Exec(kSetPointItem, {made, point_id}));
    return n;
  };
  DX_ASSIGN_OR_RETURN(PointRow written, WriteVersioned(db_, ctx, record, w));
  return written.check;
}

}  // namespace duxing::domain::ledger
