// Ledger items (台账事项, issue 9): something someone must get done by a
// date, that someone else verifies. Plan tasks, residents' concerns,
// practical projects, rectification items, enterprise issues and self-check
// findings are kinds of one item with one workflow:
//
//   pending 待受理 --accept--> in_progress 办理中 --submit--> to_verify 待验收
//   --close--> closed 已销号; to_verify --return(reason)--> in_progress;
//   closed --reopen(reason)--> in_progress.
//
// This header holds the item's vocabularies, types, bounds and content
// rules (Validate) and the workflow (MayMove, ActionMove); the service that
// reads and writes items is ledger_service.hpp. The shared contract of the
// ledger branches is docs/ARCHITECTURE.md "Ledger".
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/page.hpp"
#include "common/result.hpp"
#include "domain/coded.hpp"
#include "domain/module.hpp"

namespace duxing::domain::ledger {

// What the ledger module declares (domain/module.hpp); in module.cpp.
const ModuleInfo& Info();

// The audit record type (and change counter) of items.
inline constexpr const char* kItemRecordType = "ledger_item";
inline constexpr const char* kExtensionRecordType = "ledger_extension";

// --- vocabularies (their codes are the API's strings) ---

enum class Kind { kPlanTask, kConcern, kProject, kRectification, kEnterpriseIssue, kSelfCheck };
inline const CodedEnum<Kind> kKinds = {{Kind::kPlanTask, {"plan_task", "实施方案任务"}},
                                       {Kind::kConcern, {"concern", "群众诉求"}},
                                       {Kind::kProject, {"project", "实事项目"}},
                                       {Kind::kRectification, {"rectification", "整改事项"}},
                                       {Kind::kEnterpriseIssue, {"enterprise_issue", "企业问题"}},
                                       {Kind::kSelfCheck, {"self_check", "自查问题"}}};

enum class ItemStatus { kPending, kInProgress, kToVerify, kClosed };
inline const CodedEnum<ItemStatus> kStatuses = {
    {ItemStatus::kPending, {"pending", "待受理"}},
    {ItemStatus::kInProgress, {"in_progress", "办理中"}},
    {ItemStatus::kToVerify, {"to_verify", "待验收"}},
    {ItemStatus::kClosed, {"closed", "已销号"}}};

enum class ItemClass { kImmediate, kDeadline, kLongTerm };
inline const CodedEnum<ItemClass> kClasses = {{ItemClass::kImmediate, {"immediate", "立行立改"}},
                                              {ItemClass::kDeadline, {"deadline", "限期整改"}},
                                              {ItemClass::kLongTerm, {"long_term", "长期坚持"}}};

enum class Satisfaction { kSatisfied, kBasically, kUnsatisfied };
inline const CodedEnum<Satisfaction> kSatisfactions = {
    {Satisfaction::kSatisfied, {"satisfied", "满意"}},
    {Satisfaction::kBasically, {"basically", "基本满意"}},
    {Satisfaction::kUnsatisfied, {"unsatisfied", "不满意"}}};

// The kinds of timeline entries.
enum class EntryKind {
  kCreated,
  kAccepted,
  kProgress,
  kSubmitted,
  kReturned,
  kClosed,
  kReopened,
  kExtensionRequested,
  kExtensionDecided,
  kFeedback,
  kEdited,
  kOverdue,
  kEscalated
};
inline const CodedEnum<EntryKind> kEntryKinds = {
    {EntryKind::kCreated, {"created", "登记"}},
    {EntryKind::kAccepted, {"accepted", "受理"}},
    {EntryKind::kProgress, {"progress", "进展"}},
    {EntryKind::kSubmitted, {"submitted", "提请验收"}},
    {EntryKind::kReturned, {"returned", "退回"}},
    {EntryKind::kClosed, {"closed", "销号"}},
    {EntryKind::kReopened, {"reopened", "重新办理"}},
    {EntryKind::kExtensionRequested, {"extension_requested", "申请延期"}},
    {EntryKind::kExtensionDecided, {"extension_decided", "延期审批"}},
    {EntryKind::kFeedback, {"feedback", "回访"}},
    {EntryKind::kEdited, {"edited", "修改"}},
    {EntryKind::kOverdue, {"overdue", "逾期"}},
    {EntryKind::kEscalated, {"escalated", "督办"}}};

// kVoid: still pending when its item was closed (销号) or archived, and
// ended then (nobody decides it any more).
enum class ExtensionState { kPending, kApproved, kRejected, kVoid };
inline const CodedEnum<ExtensionState> kExtensionStates = {
    {ExtensionState::kPending, {"pending", "待审批"}},
    {ExtensionState::kApproved, {"approved", "已同意"}},
    {ExtensionState::kRejected, {"rejected", "未同意"}},
    {ExtensionState::kVoid, {"void", "已失效"}}};

// Where an item came from (source_type): an event (source_id its id), a
// part of the plan, a check, an imported ledger.
enum class SourceType { kEvent, kPlanPart, kCheck, kImport };
inline const CodedEnum<SourceType> kSourceTypes = {
    {SourceType::kEvent, {"event", "活动"}},
    {SourceType::kPlanPart, {"plan_part", "实施方案"}},
    {SourceType::kCheck, {"check", "检查"}},
    {SourceType::kImport, {"import", "导入"}}};

// The kinds' own fields (ledplan's rules; stored and checked against these
// codes here). plan_part: the four parts of a campaign's plan; plan_action:
// 规定动作 / 自选动作; project_area: a practical project's area.
enum class PlanPart { kOverall, kFocus, kMainWork, kLeadership };
inline const CodedEnum<PlanPart> kPlanParts = {{PlanPart::kOverall, {"overall", "总体要求"}},
                                               {PlanPart::kFocus, {"focus", "学习重点"}},
                                               {PlanPart::kMainWork, {"main_work", "主要工作"}},
                                               {PlanPart::kLeadership, {"leadership", "组织领导"}}};
enum class PlanAction { kRequired, kOptional };
inline const CodedEnum<PlanAction> kPlanActions = {
    {PlanAction::kRequired, {"required", "规定动作"}},
    {PlanAction::kOptional, {"optional", "自选动作"}}};
enum class ProjectArea {
  kElderlyChildren,
  kEmployment,
  kMedical,
  kHousing,
  kEnvironment,
  kConvenience,
  kOther
};
inline const CodedEnum<ProjectArea> kProjectAreas = {
    {ProjectArea::kElderlyChildren, {"elderly_children", "一老一小"}},
    {ProjectArea::kEmployment, {"employment", "就业"}},
    {ProjectArea::kMedical, {"medical", "看病就医"}},
    {ProjectArea::kHousing, {"housing", "住房"}},
    {ProjectArea::kEnvironment, {"environment", "环境整治"}},
    {ProjectArea::kConvenience, {"convenience", "便民服务"}},
    {ProjectArea::kOther, {"other", "其他"}}};

// --- bounds (characters) ---
inline constexpr size_t kMaxTitle = 200;
inline constexpr size_t kMaxDescription = 5000;
inline constexpr size_t kMaxMeasures = 5000;
inline constexpr size_t kMaxSourceText = 200;
inline constexpr size_t kMaxResult = 5000;
inline constexpr size_t kMaxVerificationNote = 2000;
inline constexpr size_t kMaxReason = 1000;  // return, reopen, extension reasons and decisions
inline constexpr size_t kMaxProgressText = 5000;
inline constexpr size_t kMaxRequesterName = 50;
inline constexpr size_t kMaxRequesterContact = 100;
inline constexpr size_t kMaxSatisfactionNote = 1000;
inline constexpr size_t kMaxTarget = 500;
inline constexpr size_t kMaxProgressAttachments = 20;
// The list's satisfaction filter for items without a 回访.
inline constexpr std::string_view kNoFollowUp = "none";
inline constexpr size_t kMaxSearch = 50;           // the list's q
inline constexpr int64_t kMaxDueWithinDays = 366;  // the list's due_within_days
// The request-body text fields share the largest of these bounds.
inline constexpr size_t kMaxText = 5000;

// --- the item ---

struct Item {
  int64_t id = 0;
  Kind kind = Kind::kPlanTask;
  std::optional<int64_t> campaign_id;
  std::string title;
  std::string description;
  std::string measures;  // 整改措施 / 办理措施
  std::optional<SourceType> source_type;
  std::optional<int64_t> source_id;              // the event's id when source_type is kEvent
  std::string source_text;                       // "2021年度专题组织生活会"
  int64_t org_id = 0;                            // 责任单位
  std::string org_name;                          // filled on read
  std::string org_path;                          // filled on read
  std::optional<int64_t> responsible_person_id;  // 责任人
  std::string responsible_name;                  // filled on read
  std::optional<int64_t> leader_person_id;       // 责任领导 (supervising leader)
  std::string leader_name;                       // filled on read
  std::optional<std::string> deadline;           // YYYY-MM-DD, current
  std::optional<std::string> original_deadline;  // as first set
  std::optional<ItemClass> item_class;
  ItemStatus status = ItemStatus::kPending;
  std::string result;  // 完成情况, written on submit
  std::optional<std::string> closed_at;
  std::optional<int64_t> closed_by_person_id;
  std::optional<int64_t> closed_by_account_id;
  std::string closed_by_name;  // filled on read: the verifier (验收人)
  std::string verification_note;
  // Concerns: the requester (never on the public page).
  std::string requester_name;
  std::string requester_contact;
  bool anonymous = false;
  std::optional<Satisfaction> satisfaction;
  std::string satisfaction_note;
  std::optional<std::string> satisfaction_at;
  // The kinds' own fields (ledplan).
  std::optional<PlanPart> plan_part;
  std::optional<PlanAction> plan_action;
  std::optional<ProjectArea> project_area;
  std::string target;
  // Written by the overdue job (ledjob).
  std::optional<std::string> overdue_since;
  std::optional<std::string> escalated_at;
  bool archived = false;
  int64_t version = 1;
  std::optional<int64_t> created_by;  // account
  std::string created_at;
  std::string updated_at;
};

// Checks an item's own fields, the first broken rule as kInvalidArgument on
// its field: title 1..kMaxTitle characters of one line; description,
// measures, result, verification note, satisfaction note and target within
// their bounds (multi-line text: no control characters but tab and line
// feed); source text, requester name and contact one line within bounds;
// deadline and original deadline valid dates (YYYY-MM-DD); source_id only
// with source_type event and required with it; requester fields only on
// concerns and empty when anonymous. Coded fields are typed, so they are
// valid by construction. Linear in the size of the text.
Status Validate(const Item& item);

// Whether `today` (YYYY-MM-DD, China) is past an open item's deadline.
bool IsOverdue(const Item& item, std::string_view today);

// --- the workflow ---

enum class Action { kAccept, kSubmit, kReturn, kClose, kReopen };
inline const CodedEnum<Action> kActions = {{Action::kAccept, {"accept", "受理"}},
                                           {Action::kSubmit, {"submit", "提请验收"}},
                                           {Action::kReturn, {"return", "退回"}},
                                           {Action::kClose, {"close", "验收销号"}},
                                           {Action::kReopen, {"reopen", "重新办理"}}};

// Whether the workflow has a step from `from` to `to` (staying is not a
// step): pending→in_progress, in_progress→to_verify, to_verify→in_progress,
// to_verify→closed, closed→in_progress.
bool MayMove(ItemStatus from, ItemStatus to);

// The one state an action starts from and the one it leads to.
struct Move {
  ItemStatus from;
  ItemStatus to;
  EntryKind entry;  // the timeline entry it writes
};
Move ActionMove(Action a);

// Ok when `a` may be taken from `current`; otherwise kConflict (409) on
// "status" with a message naming the current state and what the action
// needs ("事项当前为“待受理”，不能验收销号（须为“待验收”）").
Status CheckMove(ItemStatus current, Action a);

// --- timeline, extensions, lists ---

struct EntryAttachment {
  int64_t id = 0;
  std::string file_name;
  std::string media_type;
  int64_t size = 0;
};

// One timeline entry: who (account, name as it was), when, what.
struct Entry {
  int64_t id = 0;
  int64_t item_id = 0;
  EntryKind kind = EntryKind::kCreated;
  std::string text;
  std::optional<ItemStatus> from_status;
  std::optional<ItemStatus> to_status;
  std::optional<int64_t> account_id;
  std::string person_name;
  std::string created_at;
  std::vector<EntryAttachment> attachments;
};

struct Extension {
  int64_t id = 0;
  int64_t item_id = 0;
  std::string reason;
  std::optional<std::string> old_deadline;
  std::string new_deadline;
  ExtensionState state = ExtensionState::kPending;
  std::optional<int64_t> requested_by_account_id;
  std::optional<int64_t> decided_by_account_id;
  std::string decision_note;
  std::string requested_at;
  std::optional<std::string> decided_at;
};

// What the caller may do with an item (the web shows only these buttons).
struct May {
  bool edit = false;
  bool accept = false;
  bool submit = false;
  bool return_ = false;  // "return" in the API
  bool close = false;
  bool reopen = false;
  bool feedback = false;
  bool request_extension = false;
  bool decide_extension = false;
  bool archive = false;
  bool progress = false;
};

// An item as one caller sees it: requester fields are emptied for callers
// who may not write its org; `may` is theirs; `overdue` as of the request's
// China date; the pending extension request, if any.
struct ItemView {
  Item item;
  bool overdue = false;
  May may;
  std::optional<Extension> pending_extension;
};

struct ItemPatch {
  int64_t version = 0;
  std::optional<std::string> title;
  std::optional<std::string> description;
  std::optional<std::string> measures;
  std::optional<std::optional<int64_t>> campaign_id;
  std::optional<std::optional<SourceType>> source_type;
  std::optional<std::optional<int64_t>> source_id;
  std::optional<std::string> source_text;
  std::optional<int64_t> org_id;
  std::optional<std::optional<int64_t>> responsible_person_id;
  std::optional<std::optional<int64_t>> leader_person_id;
  // Sets the current deadline; the original one is set with the first.
  std::optional<std::optional<std::string>> deadline;
  std::optional<std::optional<ItemClass>> item_class;
  std::optional<std::string> requester_name;
  std::optional<std::string> requester_contact;
  std::optional<bool> anonymous;
  std::optional<std::optional<PlanPart>> plan_part;
  std::optional<std::optional<PlanAction>> plan_action;
  std::optional<std::optional<ProjectArea>> project_area;
  std::optional<std::string> target;
};

struct ItemFilter {
  std::optional<Kind> kind;
  std::optional<int64_t> campaign_id;  // its items and those of no campaign
  std::optional<int64_t> org_id;  // the responsible org in this org's subtree
  std::optional<ItemStatus> status;
  std::optional<ItemClass> item_class;
  // A ledger_satisfaction code, or kNoFollowUp (no 回访 recorded yet).
  std::optional<std::string> satisfaction;
  std::optional<int64_t> leader_person_id;
  bool no_leader = false;  // no supervising leader (未定责任领导)
  std::optional<int64_t> responsible_person_id;
  std::optional<SourceType> source_type;
  std::optional<int64_t> source_id;
  bool overdue = false;                    // open and past the deadline
  std::optional<int64_t> due_within_days;  // open, deadline within today..today+N
  bool mine = false;                       // the caller's person responsible or leader
  std::string q;                           // title contains
  bool include_archived = false;
  // "open" (default: open first, then closed), "deadline", "-deadline",
  // "created_at", "-created_at", "id", "-id" (ItemListSpec).
  std::string sort;
  PageRequest page;
};

// Counts by status of the items a caller may read (the board).
struct Board {
  int64_t pending = 0;
  int64_t in_progress = 0;
  int64_t to_verify = 0;
  int64_t closed = 0;
  int64_t overdue = 0;  // open and past the deadline
  int64_t total = 0;
};

struct BoardFilter {
  std::optional<int64_t> campaign_id;
  std::optional<Kind> kind;
  std::optional<int64_t> org_id;
};

}  // namespace duxing::domain::ledger
