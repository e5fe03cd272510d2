// Leadership (组织领导) of a campaign: its leading group (领导小组: leader,
// deputies, members), office (办公室) and working groups (综合组、联络组、
// 实践组、宣传组 ...), each with a head, members and duties; and the
// responsibility list: each member's responsibility (主体责任, 第一责任人,
// 一岗双责) and its text.
//
// Membership is dated (start and end day, both inclusive; no end: still
// serving), so the history is kept: a change of leader is a hand-over that
// ends one membership the day before its date and starts the successor's on
// it, in one write, and Get(on = D) answers who was responsible for what on
// day D.
//
// Scope: the campaign's (campaigns::CampaignService::LoadScope). Everyone
// who may read the campaign reads its leadership; only those who administer
// its organizing org (机关党委 admins, system admins) write it; a campaign
// or record outside the caller's scope is kNotFound.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/coded.hpp"
#include "domain/context.hpp"
#include "domain/module.hpp"
#include "storage/database.hpp"

namespace duxing::domain::leadership {

// What the leadership module declares (domain/module.hpp); in module.cpp.
const ModuleInfo& Info();

enum class GroupKind { kLeadingGroup, kOffice, kWorkingGroup };
inline const CodedEnum<GroupKind> kGroupKinds = {
    {GroupKind::kLeadingGroup, {"leading_group", "领导小组"}},
    {GroupKind::kOffice, {"office", "办公室"}},
    {GroupKind::kWorkingGroup, {"working_group", "工作组"}}};

// A member's place in a group. leader and deputy are the leading group's
// (组长, 副组长); head leads an office or working group (负责人); member is
// anywhere. leader and head have one holder at a time.
enum class Role { kLeader, kDeputy, kHead, kMember };
inline const CodedEnum<Role> kRoles = {{Role::kLeader, {"leader", "组长"}},
                                       {Role::kDeputy, {"deputy", "副组长"}},
                                       {Role::kHead, {"head", "负责人"}},
                                       {Role::kMember, {"member", "成员"}}};

// The responsibility a member carries (the speech's 主体责任 of the party
// group, 第一责任人 of the principal leader, 一岗双责 of the others).
enum class Responsibility { kPrimary, kFirst, kDual };
inline const CodedEnum<Responsibility> kResponsibilities = {
    {Responsibility::kPrimary, {"primary", "主体责任"}},
    {Responsibility::kFirst, {"first", "第一责任人"}},
    {Responsibility::kDual, {"dual", "一岗双责"}}};

// Bounds of the fields.
inline constexpr size_t kMaxGroupName = 50;
inline constexpr size_t kMaxDuties = 1000;
inline constexpr size_t kMaxTitle = 50;
inline constexpr size_t kMaxGroups = 50;    // per campaign
inline constexpr size_t kMaxMembers = 200;  // memberships per group, history included

struct Member {
  int64_t id = 0;
  int64_t group_id = 0;
  int64_t person_id = 0;
  std::string person_name;  // filled on read
  Role role = Role::kMember;
  std::string title;  // 职务 as shown: 党组书记、局长
  std::optional<Responsibility> responsibility;
  std::string duties;                     // 分管领域 / what they answer for
  std::string start_date;                 // YYYY-MM-DD, inclusive
  std::optional<std::string> end_date;    // inclusive; nullopt: still serving
  std::optional<int64_t> predecessor_id;  // set on a hand-over's successor
  int64_t version = 1;
};

struct Group {
  int64_t id = 0;
  int64_t campaign_id = 0;
  GroupKind kind = GroupKind::kWorkingGroup;
  std::string name;
  std::string duties;
  int64_t position = 0;
  bool archived = false;
  int64_t version = 1;
  std::vector<Member> members;  // on reads: by start date, then id
};

// A campaign's leadership as one reader sees it.
struct Leadership {
  int64_t campaign_id = 0;
  std::optional<std::string> on;  // the day asked for; nullopt: the whole history
  bool may_write = false;
  std::vector<Group> groups;  // the leading group first, then by position
};

struct GroupPatch {
  int64_t version = 0;
  std::optional<std::string> name;
  std::optional<std::string> duties;
  std::optional<int64_t> position;
};

struct MemberPatch {
  int64_t version = 0;
  std::optional<Role> role;
  std::optional<std::string> title;
  std::optional<std::optional<Responsibility>> responsibility;  // inner nullopt: none
  std::optional<std::string> duties;
  std::optional<std::string> start_date;
  std::optional<std::optional<std::string>> end_date;  // inner nullopt: still serving
};

// A change of holder: the membership being handed over ends the day before
// `date`; `person_id` takes it over from `date` with the same group, role,
// responsibility and duties (title and duties replaced when given).
struct HandOver {
  int64_t version = 0;  // of the membership being handed over
  std::string date;     // YYYY-MM-DD: the successor's first day
  int64_t person_id = 0;
  std::optional<std::string> title;
  std::optional<std::string> duties;
};

// The day before `date` (YYYY-MM-DD, valid), in the same format.
std::string DayBefore(std::string_view date);

// Checks a group's own fields: name 1..kMaxGroupName characters of one line,
// duties at most kMaxDuties characters (line breaks allowed). kInvalidArgument
// on the field.
Status ValidateGroup(const Group& g);
// Checks a membership's own fields: the role fits the group kind (leader and
// deputy only in the leading group, head not in it), title one line within
// kMaxTitle, duties within kMaxDuties, valid dates with start <= end.
// kInvalidArgument on the field.
Status ValidateMember(const Member& m, GroupKind kind);

class LeadershipService {
 public:
  explicit LeadershipService(storage::Database& db) : db_(db) {}

  // The groups of campaign `campaign_id` (archived ones left out) with their
  // memberships: with `on` (YYYY-MM-DD) those serving that day (on a
  // hand-over's date, the successor), without it the whole history.
  // kNotFound for a campaign the caller may not read; kInvalidArgument on
  // "on" for a date that is not one.
  Result<Leadership> Get(const Context& ctx, int64_t campaign_id,
                         const std::optional<std::string>& on);
  // Adds a group to a campaign the caller administers (kPermissionDenied
  // otherwise; kFailedPrecondition for an archived campaign, a second
  // leading group, or past kMaxGroups). ValidateGroup's errors. Audited.
  Result<Group> CreateGroup(const Context& ctx, int64_t campaign_id, const Group& g);
  // Versioned edit of a group's name, duties and position (kind stays).
  Result<Group> UpdateGroup(const Context& ctx, int64_t id, const GroupPatch& p);
  // Adds a membership to group `group_id`. Refused, nothing written:
  // ValidateMember's errors; a person who does not exist, is archived or is
  // outside what the caller reads: kNotFound on "person_id"; the same
  // person in the same group over an overlapping period, or a leader or
  // head while another holds that role over an overlapping period:
  // kFailedPrecondition on "start_date" (a change of holder is a HandOver).
  // Audited.
  Result<Member> AddMember(const Context& ctx, int64_t group_id, const Member& m);
  // Versioned edit of a membership (ending it included: end_date), with the
  // rules of AddMember.
  Result<Member> UpdateMember(const Context& ctx, int64_t id, const MemberPatch& p);
  // Hands membership `id` over (see HandOver) in one versioned write and
  // returns the successor's membership. Refused, nothing written: a date
  // that is not after the membership's start, or after its end (it was
  // not serving): kInvalidArgument on "date"; the same person; the rules of
  // AddMember for the successor. Audited: hand_over on the ended membership
  // (before and after) and create on the successor's.
  Result<Member> HandOverMember(const Context& ctx, int64_t id, const HandOver& h);

  // Demo data and other modules inside their transaction: inserts without
  // scope checks (the caller has validated), audited as `ctx`'s.
  static Result<int64_t> InsertGroup(storage::Tx& tx, const Context& ctx, const Group& g);
  static Result<int64_t> InsertMember(storage::Tx& tx, const Context& ctx, const Member& m);
  // The audit entry ("create", as `ctx`'s, under the campaign's org) of a
  // group or member written by Insert* (its id set): the demo's rows are in
  // the audit log like any other.
  static Status AuditInserted(storage::Tx& tx, const Context& ctx, const Group& g);
  static Status AuditInserted(storage::Tx& tx, const Context& ctx, int64_t campaign_id,
                              const Member& m);
  // Whether group `group_id` belongs to campaign `campaign_id` and is not
  // archived (documents name a responsible working group).
  static Result<bool> GroupOfCampaign(storage::Tx& tx, int64_t group_id, int64_t campaign_id);

 private:
  storage::Database& db_;
};

}  // namespace duxing::domain::leadership
