#include "domain/ledger/plan.hpp"

#include <algorithm>
#include <set>

#include "domain/campaigns/campaign.hpp"
#include "domain/events/event.hpp"
#include "domain/ledger/item_rows.hpp"
#include "domain/ledger/ledger_service.hpp"
#include "domain/versioned_write.hpp"
#include "storage/where.hpp"

namespace duxing::domain::ledger {

// An item with what the plan adds to it: its group and evidence.
struct PlanTaskRecord {
  Item item;
  std::optional<int64_t> group_id;
  std::vector<int64_t> evidence;  // linked event ids, ascending
};

namespace {

constexpr const char* kStatuses[] = {"pending", "in_progress", "to_verify", "closed"};

// Events counted as evidence: linked, not archived, not cancelled.
constexpr std::string_view kBoardTasks =
    "SELECT i.id, i.title, i.plan_part, i.plan_action, i.status, i.org_id, o.name, i.group_id, "
    "g.name, i.deadline, (SELECT COUNT(*) FROM ledger_item_evidence v JOIN events e "
    "ON e.id = v.event_id WHERE v.item_id = i.id AND e.archived = 0 AND e.status <> 'cancelled') "
    "FROM ledger_items i JOIN orgs o ON o.id = i.org_id "
    "LEFT JOIN leadership_groups g ON g.id = i.group_id";
constexpr std::string_view kBoardWhere =
    "i.campaign_id = ? AND i.kind = 'plan_task' AND i.archived = 0";

constexpr std::string_view kGroupOf = "SELECT group_id FROM ledger_items WHERE id = $1";
constexpr std::string_view kLinkedEvents =
    "SELECT event_id FROM ledger_item_evidence WHERE item_id = $1 ORDER BY event_id";
constexpr std::string_view kUnlink =
    "DELETE FROM ledger_item_evidence WHERE item_id = $1 AND event_id = $2";
constexpr std::string_view kLink =
    "INSERT INTO ledger_item_evidence (item_id, event_id) VALUES ($1, $2)";
constexpr std::string_view kBumpVersion =
    "UPDATE ledger_items SET version = version + 1, updated_at = $3 "
    "WHERE id = $1 AND version = $2";
constexpr std::string_view kSetGroup =
    "UPDATE ledger_items SET group_id = $3, version = version + 1, updated_at = $4 "
    "WHERE id = $1 AND version = $2";
constexpr std::string_view kGroupName = "SELECT name FROM leadership_groups WHERE id = $1";
constexpr std::string_view kCampaignGroup =
    "SELECT 1 FROM leadership_groups WHERE id = $1 AND campaign_id = $2 AND archived = 0";

using Task = PlanTaskRecord;

Result<Task> LoadTask(storage::Tx& tx, int64_t id) {
  Task t;
  DX_ASSIGN_OR_RETURN(t.item, LoadItem(tx, id));
  DX_ASSIGN_OR_RETURN(storage::Row g, tx.QueryOne(kGroupOf, {id}));
  t.group_id = g.OptInt(0);
  DX_ASSIGN_OR_RETURN(storage::Rows linked, tx.Query(kLinkedEvents, {id}));
  for (const storage::Row& l : linked) t.evidence.push_back(l.Int(0));
  return t;
}

std::string JoinIds(const std::vector<int64_t>& ids) {
  std::string s;
  for (int64_t id : ids) s += (s.empty() ? "" : ",") + std::to_string(id);
  return s;
}

// The item's audit record with the plan's fields added to its snapshot.
const VersionedRecord<Task>& TaskRecord() {
  static const VersionedRecord<Task> record{
      kItemRecordType, LoadTask, [](const Task& t) { return t.item.version; },
      [](const Task& t) {
        audit::Snapshot s = Snap(t.item);
        s.emplace_back("group_id",
                       t.group_id ? std::optional(std::to_string(*t.group_id)) : std::nullopt);
        s.emplace_back("evidence", JoinIds(t.evidence));
        return s;
      },
      [](const Task& t) { return std::optional(t.item.org_path); }};
  return record;
}

Status Readable(const auth::Principal& p, const Task& t) {
  if (MayRead(p, t.item)) return Ok();
  return MakeError(Code::kNotFound, "事项不存在");
}

// Writers of the plan's links: whoever may write the org, on an open plan
// task that is not archived.
Status MayEditPlanTask(const auth::Principal& p, const Task& t) {
  DX_RETURN_IF_ERROR(Readable(p, t));
  if (!MayWrite(p, t.item)) return MakeError(Code::kPermissionDenied, "无权修改该事项");
  if (t.item.kind != Kind::kPlanTask) {
    return MakeError(Code::kFailedPrecondition, "只有实施方案任务可以关联活动和工作组", "kind");
  }
  if (t.item.archived) return MakeError(Code::kFailedPrecondition, "事项已归档");
  if (t.item.status == ItemStatus::kClosed) {
    return MakeError(Code::kConflict, "已销号的事项不能修改", "status");
  }
  return Ok();
}

// Event `id` as the caller may see it; nullopt when it does not exist or
// they may not read it.
Result<std::optional<events::Event>> ReadableEvent(storage::Tx& tx, const auth::Principal& p,
                                                   int64_t id) {
  auto e = events::LoadEvent(tx, id);
  if (!e.ok()) {
    if (e.error().code == Code::kNotFound) return std::optional<events::Event>();
    return std::move(e).error();
  }
  DX_ASSIGN_OR_RETURN(bool readable, events::MayReadEvent(tx, p, *e));
  if (!readable) return std::optional<events::Event>();
  return std::optional<events::Event>(std::move(e).value());
}

// The evidence of `t` as `p` sees it.
Result<Evidence> EvidenceOf(storage::Tx& tx, const auth::Principal& p, const Task& t) {
  Evidence out{t.item.id, t.item.version, t.group_id, "", {}, 0};
  if (t.group_id) {
    DX_ASSIGN_OR_RETURN(storage::Rows g, tx.Query(kGroupName, {*t.group_id}));
    if (!g.empty()) out.group_name = g.front().Text(0);
  }
  for (int64_t id : t.evidence) {
    DX_ASSIGN_OR_RETURN(auto e, ReadableEvent(tx, p, id));
    if (!e) {
      ++out.hidden_count;
      continue;
    }
    out.events.push_back({e->id, e->title, e->starts_at, e->type_name, e->org_name,
                          events::kEventStatusCodes.Name(e->status)});
  }
  std::sort(out.events.begin(), out.events.end(), [](const auto& a, const auto& b) {
    return std::tie(a.starts_at, a.id) < std::tie(b.starts_at, b.id);
  });
  return out;
}

// The new evidence list of `t`: `wanted` (checked) plus the links the
// caller may not read, which stay.
Result<std::vector<int64_t>> NewEvidence(storage::Tx& tx, const auth::Principal& p,
                                         const Task& t, const std::vector<int64_t>& wanted) {
  std::set<int64_t> out(wanted.begin(), wanted.end());
  if (out.size() > kMaxEvidence) {
    return MakeError(Code::kInvalidArgument,
                     "一项任务最多关联 " + std::to_string(kMaxEvidence) + " 个活动", "event_ids");
  }
  for (int64_t id : out) {
    DX_ASSIGN_OR_RETURN(auto e, ReadableEvent(tx, p, id));
    if (!e) return MakeError(Code::kNotFound, "活动不存在", "event_ids");
    if (e->campaign_id != t.item.campaign_id) {
      return MakeError(Code::kInvalidArgument, "活动「" + e->title + "」不属于本学习教育活动",
                       "event_ids");
    }
    if (e->status == events::EventStatus::kCancelled) {
      return MakeError(Code::kInvalidArgument, "活动「" + e->title + "」已取消，不能作为落实情况",
                       "event_ids");
    }
  }
  for (int64_t id : t.evidence) {
    DX_ASSIGN_OR_RETURN(auto e, ReadableEvent(tx, p, id));
    if (!e) out.insert(id);
  }
  return std::vector<int64_t>(out.begin(), out.end());
}

PlanPartBoard EmptyPart(const char* part) {
  PlanPartBoard b;
  b.part = part;
  for (const char* s : kStatuses) b.by_status[s] = 0;
  return b;
}

int64_t Percent(int64_t part, int64_t whole) { return whole == 0 ? 0 : part * 100 / whole; }

}  // namespace

Result<PlanBoard> PlanService::Board(const Context& ctx, int64_t campaign_id) {
  DX_ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kRead));
  DX_RETURN_IF_ERROR(campaigns::CampaignService::LoadScope(*tx, ctx, campaign_id));
  const auth::Principal& p = *ctx.principal;
  storage::Where w;
  w.And(kBoardWhere, {campaign_id});
  storage::Condition scope = storage::InSubtrees("i.org_path", p.ReadablePaths());
  if (p.person_id) {
    scope.sql = "(" + scope.sql + " OR i.responsible_person_id = ? OR i.leader_person_id = ?)";
    scope.values.push_back(*p.person_id);
    scope.values.push_back(*p.person_id);
  }
  w.And(std::move(scope));
  std::string sql = std::string(kBoardTasks) + w.Sql() + " ORDER BY i.id LIMIT " +
                    std::to_string(kMaxBoardTasks + 1);
  DX_ASSIGN_OR_RETURN(storage::Rows rows, tx->Query(sql, w.params()));

  PlanBoard board;
  board.campaign_id = campaign_id;
  for (const char* part : kPlanPartOrder) board.parts.push_back(EmptyPart(part));
  const std::string today = FormatChinaTime(ctx.now).substr(0, 10);
  for (size_t i = 0; i < rows.size(); ++i) {
    if (i == kMaxBoardTasks) {
      board.truncated = true;
      break;
    }
    const storage::Row& r = rows[i];
    PlanTask t;
    t.id = r.Int(0);
    t.title = r.Text(1);
    t.plan_part = r.Text(2);
    t.plan_action = r.OptText(3);
    t.status = r.Text(4);
    t.org_id = r.Int(5);
    t.org_name = r.Text(6);
    t.group_id = r.OptInt(7);
    t.group_name = r.Text(8);
    t.deadline = r.OptText(9);
    t.evidence_count = r.Int(10);
    t.overdue = t.status != "closed" && t.deadline && *t.deadline < today;
    auto part = std::find_if(board.parts.begin(), board.parts.end(),
                             [&](const PlanPartBoard& b) { return b.part == t.plan_part; });
    if (part == board.parts.end()) continue;  // a task without a part is on no board
    ++part->by_status[t.status];
    ++part->total;
    if (t.status == "closed") ++part->closed;
    if (t.overdue) ++part->overdue;
    if (t.evidence_count == 0) part->without_evidence.push_back(t.id);
    part->tasks.push_back(std::move(t));
  }
  for (PlanPartBoard& part : board.parts) {
    part.progress_percent = Percent(part.closed, part.total);
    board.total += part.total;
    board.closed += part.closed;
  }
  board.progress_percent = Percent(board.closed, board.total);
  return board;
}

Result<Evidence> PlanService::GetEvidence(const Context& ctx, int64_t item_id) {
  DX_ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kRead));
  auto task = LoadTask(*tx, item_id);
  if (!task.ok()) return std::move(task).error();
  DX_RETURN_IF_ERROR(Readable(*ctx.principal, *task));
  return EvidenceOf(*tx, *ctx.principal, *task);
}

Result<Evidence> PlanService::WriteTask(const Context& ctx, int64_t item_id, int64_t version,
                                        const TaskChange& change, const TaskWrite& write) {
  const auth::Principal& p = *ctx.principal;
  VersionedWrite<Task> w;
  w.action = "update";
  w.id = item_id;
  w.version = version;
  w.authorize = [&](storage::Tx&, const Task& t) { return MayEditPlanTask(p, t); };
  w.change = change;
  w.write = write;
  DX_ASSIGN_OR_RETURN(Task written, WriteVersioned(db_, ctx, TaskRecord(), w));
  DX_ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kRead));
  return EvidenceOf(*tx, p, written);
}

Result<Evidence> PlanService::SetEvidence(const Context& ctx, int64_t item_id, int64_t version,
                                          std::vector<int64_t> event_ids) {
  auto change = [&](storage::Tx& tx, const Task& before, Task& after) -> Status {
    DX_ASSIGN_OR_RETURN(after.evidence, NewEvidence(tx, *ctx.principal, before, event_ids));
    return Ok();
  };
  auto write = [&](storage::Tx& tx, const Task& before, const Task& after) -> Result<int64_t> {
    DX_ASSIGN_OR_RETURN(int64_t n, tx.Exec(kBumpVersion, {before.item.id, before.item.version,
                                                          FormatTime(ctx.now)}));
    if (n == 0) return n;
    for (int64_t id : before.evidence) {
      if (!std::binary_search(after.evidence.begin(), after.evidence.end(), id)) {
        DX_RETURN_IF_ERROR(tx.Exec(kUnlink, {before.item.id, id}));
      }
    }
    for (int64_t id : after.evidence) {
      if (!std::binary_search(before.evidence.begin(), before.evidence.end(), id)) {
        DX_RETURN_IF_ERROR(tx.Exec(kLink, {before.item.id, id}));
      }
    }
    return n;
  };
  return WriteTask(ctx, item_id, version, change, write);
}

Result<Evidence> PlanService::SetGroup(const Context& ctx, int64_t item_id, int64_t version,
                                       std::optional<int64_t> group_id) {
  auto change = [&](storage::Tx& tx, const Task& before, Task& after) -> Status {
    if (group_id) {
      DX_ASSIGN_OR_RETURN(storage::Rows g, tx.Query(kCampaignGroup,
                                                    {*group_id, storage::Opt(before.item.campaign_id)}));
      if (g.empty()) {
        return MakeError(Code::kInvalidArgument, "工作组不属于本学习教育活动", "group_id");
      }
    }
    after.group_id = group_id;
    return Ok();
  };
  auto write = [&](storage::Tx& tx, const Task& before, const Task& after) -> Result<int64_t> {
    return tx.Exec(kSetGroup, {before.item.id, before.item.version, storage::Opt(after.group_id),
                               FormatTime(ctx.now)});
  };
  return WriteTask(ctx, item_id, version, change, write);
}

}  // namespace duxing::domain::ledger
