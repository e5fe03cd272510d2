// The plan (实施方案, issue 9, kind 1): a campaign's plan in its four parts
// (plan_part: 总体要求, 学习重点, 主要工作, 组织领导); each task a ledger item
// of kind `plan_task`, marked 规定动作 or 自选动作 (plan_action), carried by
// its responsible org and optionally owned by a group of the campaign's
// leadership (a working group: 综合组, 实践组 ...; `group_id`, migration
// 0031); the events that carried it out are linked as evidence
// (ledger_item_evidence). The plan board shows each part's tasks, their
// status counts and progress, and which tasks have no evidence yet.
//
// Rights are the item's (ledger-spec): whoever may write its org links
// evidence and sets the group; whoever may read it (or is its responsible
// person or supervising leader) reads; outside that kNotFound.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "domain/context.hpp"
#include "storage/database.hpp"

namespace duxing::domain::ledger {

// A task links at most this many events; a board shows at most
// kMaxBoardTasks tasks of a campaign (`truncated` past it).
inline constexpr size_t kMaxEvidence = 100;
inline constexpr size_t kMaxBoardTasks = 1000;

// The four parts in the plan's order, by their plan_part codes.
inline constexpr const char* kPlanPartOrder[] = {"overall", "focus", "main_work", "leadership"};

// One task on the board.
struct PlanTask {
  int64_t id = 0;
  std::string title;
  std::string plan_part;                   // a plan_part code
  std::optional<std::string> plan_action;  // a plan_action code
  std::string status;                      // a ledger_status code
  int64_t org_id = 0;
  std::string org_name;
  std::optional<int64_t> group_id;
  std::string group_name;
  std::optional<std::string> deadline;  // YYYY-MM-DD
  bool overdue = false;                 // not closed and past its deadline (China day)
  int64_t evidence_count = 0;           // linked events, not archived nor cancelled
};

struct PlanPartBoard {
  std::string part;  // a plan_part code
  std::vector<PlanTask> tasks;  // by id
  // Count per ledger_status code, every status present (0 when none).
  std::map<std::string, int64_t> by_status;
  int64_t total = 0;
  int64_t closed = 0;
  int64_t overdue = 0;
  int64_t progress_percent = 0;            // closed * 100 / total, rounded down; 0 when empty
  std::vector<int64_t> without_evidence;  // ids of its tasks with no evidence
};

struct PlanBoard {
  int64_t campaign_id = 0;
  std::vector<PlanPartBoard> parts;  // the four, in kPlanPartOrder
  int64_t total = 0;
  int64_t closed = 0;
  int64_t progress_percent = 0;
  bool truncated = false;
};

// An event linked to a task, as its reader sees it.
struct EvidenceEvent {
  int64_t id = 0;
  std::string title;
  std::string starts_at;
  std::string type_name;
  std::string org_name;
  std::string status;  // the event's status code
};

// A plan task's links: its owning group and its evidence.
struct Evidence {
  int64_t item_id = 0;
  int64_t version = 0;  // the item's
  std::optional<int64_t> group_id;
  std::string group_name;
  std::vector<EvidenceEvent> events;  // those the caller may read, by start
  int64_t hidden_count = 0;           // linked events the caller may not read
};

struct PlanTaskRecord;  // plan.cpp: an item with its group and evidence

class PlanService {
 public:
  explicit PlanService(storage::Database& db) : db_(db) {}

  // The board of campaign `campaign_id` over the plan tasks the caller may
  // read (not archived). kNotFound "学习教育活动不存在" on "campaign_id" for
  // a campaign the caller may not read.
  Result<PlanBoard> Board(const Context& ctx, int64_t campaign_id);

  // The group and the events linked to item `item_id`. kNotFound for an
  // item the caller may not read.
  Result<Evidence> GetEvidence(const Context& ctx, int64_t item_id);

  // Replaces the events the caller may read that are linked to plan task
  // `item_id` by `event_ids` (links to events the caller may not read stay).
  // Versioned (StaleVersion) and audited (`update`, field `evidence`). Each
  // event must exist and be readable by the caller (kNotFound "活动不存在"
  // on "event_ids"), belong to the task's campaign and not be cancelled
  // (kInvalidArgument on "event_ids"); at most kMaxEvidence, duplicates
  // count once. kNotFound for an item the caller may not read,
  // kPermissionDenied for one they read but may not write; an item of
  // another kind or archived is kFailedPrecondition, a closed one kConflict
  // "已销号的事项不能修改".
  Result<Evidence> SetEvidence(const Context& ctx, int64_t item_id, int64_t version,
                               std::vector<int64_t> event_ids);

  // Sets (or clears, nullopt) the group of the campaign's leadership that
  // owns plan task `item_id`: a group of the task's campaign, not archived
  // (kInvalidArgument "工作组不属于本学习教育活动" on "group_id"). Rights,
  // version, kind and state as SetEvidence. Returns the task's links.
  Result<Evidence> SetGroup(const Context& ctx, int64_t item_id, int64_t version,
                           std::optional<int64_t> group_id);

 private:
  using Task = PlanTaskRecord;
  using TaskChange = std::function<Status(storage::Tx&, const Task& before, Task& after)>;
  using TaskWrite =
      std::function<Result<int64_t>(storage::Tx&, const Task& before, const Task& after)>;
  // The one write path of SetEvidence and SetGroup: rights (MayEditPlanTask),
  // version, `change`, `write`, audit; the task's links as written.
  Result<Evidence> WriteTask(const Context& ctx, int64_t item_id, int64_t version,
                             const TaskChange& change, const TaskWrite& write);

  storage::Database& db_;
};

}  // namespace duxing::domain::ledger
