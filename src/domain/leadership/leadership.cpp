#include "domain/leadership/leadership.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <functional>

#include "common/text.hpp"
#include "domain/audit/audit_log.hpp"
#include "domain/campaigns/campaign.hpp"
#include "domain/text_field.hpp"
#include "domain/versioned_write.hpp"

namespace duxing::domain::leadership {
namespace {

using campaigns::CampaignScope;
using campaigns::CampaignService;

constexpr std::string_view kGroupColumns =
    "SELECT g.id, g.campaign_id, g.kind, g.name, g.duties, g.position, g.archived, g.version "
    "FROM leadership_groups g";
constexpr std::string_view kInsertGroup =
    "INSERT INTO leadership_groups (campaign_id, kind, name, duties, position, created_at, "
    "updated_at) VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id";
constexpr std::string_view kUpdateGroup =
    "UPDATE leadership_groups SET name = $1, duties = $2, position = $3, archived = $4, "
    "version = version + 1, updated_at = $5 WHERE id = $6 AND version = $7";
constexpr std::string_view kCampaignGroups =
    "SELECT kind FROM leadership_groups WHERE campaign_id = $1 AND archived = 0";
constexpr std::string_view kMemberColumns =
    "SELECT m.id, m.group_id, m.person_id, p.name, m.role, m.title, m.responsibility, m.duties, "
    "m.start_date, m.end_date, m.predecessor_id, m.version, g.kind, g.campaign_id "
    "FROM leadership_members m JOIN people p ON p.id = m.person_id "
    "JOIN leadership_groups g ON g.id = m.group_id";
constexpr std::string_view kInsertMember =
    "INSERT INTO leadership_members (group_id, person_id, role, title, responsibility, duties, "
    "start_date, end_date, predecessor_id, created_at, updated_at) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) RETURNING id";
constexpr std::string_view kUpdateMember =
    "UPDATE leadership_members SET role = $1, title = $2, responsibility = $3, duties = $4, "
    "start_date = $5, end_date = $6, version = version + 1, updated_at = $7 "
    "WHERE id = $8 AND version = $9";
constexpr std::string_view kPerson = "SELECT name, org_path, archived FROM people WHERE id = $1";
constexpr std::string_view kGroupOfCampaign =
    "SELECT 1 FROM leadership_groups WHERE id = $1 AND campaign_id = $2 AND archived = 0";

constexpr std::string_view kOpenEnd = "9999-12-31";

Error Invalid(std::string message, std::string field) {
  return MakeError(Code::kInvalidArgument, std::move(message), std::move(field));
}

storage::Param OptParam(const std::optional<std::string>& s) {
  return s ? storage::Param(*s) : storage::Param(nullptr);
}

struct LoadedGroup {
  Group group;
  CampaignScope campaign;
};

struct LoadedMember {
  Member member;
  GroupKind kind = GroupKind::kWorkingGroup;
  CampaignScope campaign;
};

Group GroupFromRow(const storage::Row& r) {
  Group g;
  g.id = r.Int(0);
  g.campaign_id = r.Int(1);
  g.kind = kGroupKinds.Parse(r.Text(2)).value_or(GroupKind::kWorkingGroup);
  g.name = r.Text(3);
  g.duties = r.Text(4);
  g.position = r.Int(5);
  g.archived = r.Bool(6);
  g.version = r.Int(7);
  return g;
}

Member MemberFromRow(const storage::Row& r) {
  Member m;
  m.id = r.Int(0);
  m.group_id = r.Int(1);
  m.person_id = r.Int(2);
  m.person_name = r.Text(3);
  m.role = kRoles.Parse(r.Text(4)).value_or(Role::kMember);
  m.title = r.Text(5);
  if (auto code = r.OptText(6)) m.responsibility = kResponsibilities.Parse(*code);
  m.duties = r.Text(7);
  m.start_date = r.Text(8);
  m.end_date = r.OptText(9);
  m.predecessor_id = r.OptInt(10);
  m.version = r.Int(11);
  return m;
}

// The campaign of a group or membership, or `missing` when the caller may
// not read it (its existence does not leak).
Result<CampaignScope> ScopeOf(storage::Tx& tx, const Context& ctx, int64_t campaign_id,
                              const char* missing) {
  auto scope = CampaignService::LoadScope(tx, ctx, campaign_id);
  if (!scope.ok()) {
    if (scope.error().code == Code::kNotFound) return MakeError(Code::kNotFound, missing);
    return scope.error();
  }
  return *scope;
}

Result<LoadedGroup> LoadGroup(storage::Tx& tx, const Context& ctx, int64_t id) {
  DX_ASSIGN_OR_RETURN(storage::Rows rows,
                      tx.Query(std::string(kGroupColumns) + " WHERE g.id = $1", {id}));
  if (rows.empty()) return MakeError(Code::kNotFound, "工作组不存在");
  Group g = GroupFromRow(rows.front());
  DX_ASSIGN_OR_RETURN(CampaignScope scope, ScopeOf(tx, ctx, g.campaign_id, "工作组不存在"));
  return LoadedGroup{std::move(g), std::move(scope)};
}

Result<LoadedMember> LoadMember(storage::Tx& tx, const Context& ctx, int64_t id) {
  DX_ASSIGN_OR_RETURN(storage::Rows rows,
                      tx.Query(std::string(kMemberColumns) + " WHERE m.id = $1", {id}));
  if (rows.empty()) return MakeError(Code::kNotFound, "成员任职记录不存在");
  const storage::Row& r = rows.front();
  LoadedMember l{
      MemberFromRow(r), kGroupKinds.Parse(r.Text(12)).value_or(GroupKind::kWorkingGroup), {}};
  DX_ASSIGN_OR_RETURN(l.campaign, ScopeOf(tx, ctx, r.Int(13), "成员任职记录不存在"));
  return l;
}

audit::Snapshot GroupSnap(const Group& g) {
  return {{"campaign_id", std::to_string(g.campaign_id)},
          {"kind", kGroupKinds.Name(g.kind)},
          {"name", g.name},
          {"duties", g.duties},
          {"position", std::to_string(g.position)},
          {"archived", g.archived ? "true" : "false"}};
}

audit::Snapshot MemberSnap(const Member& m) {
  return {{"group_id", std::to_string(m.group_id)},
          {"person_id", std::to_string(m.person_id)},
          {"role", kRoles.Name(m.role)},
          {"title", m.title},
          {"responsibility", m.responsibility ? kResponsibilities.Name(*m.responsibility) : ""},
          {"duties", m.duties},
          {"start_date", m.start_date},
          {"end_date", m.end_date.value_or("")},
          {"predecessor_id", m.predecessor_id ? std::to_string(*m.predecessor_id) : ""}};
}

VersionedRecord<LoadedGroup> GroupRecord(const Context& ctx) {
  return {"leadership_group",
          [&ctx](storage::Tx& tx, int64_t id) { return LoadGroup(tx, ctx, id); },
          [](const LoadedGroup& l) { return l.group.version; },
          [](const LoadedGroup& l) { return GroupSnap(l.group); },
          [](const LoadedGroup& l) -> std::optional<std::string> { return l.campaign.org_path; }};
}

VersionedRecord<LoadedMember> MemberRecord(const Context& ctx) {
  return {"leadership_member",
          [&ctx](storage::Tx& tx, int64_t id) { return LoadMember(tx, ctx, id); },
          [](const LoadedMember& l) { return l.member.version; },
          [](const LoadedMember& l) { return MemberSnap(l.member); },
          [](const LoadedMember& l) -> std::optional<std::string> { return l.campaign.org_path; }};
}

Status MayWrite(const CampaignScope& c) {
  if (!c.may_write) return MakeError(Code::kPermissionDenied, "无权修改该活动的领导小组");
  if (c.archived) return MakeError(Code::kFailedPrecondition, "学习教育活动已归档");
  return Ok();
}

bool Overlap(const Member& a, const Member& b) {
  std::string_view a_end = a.end_date ? std::string_view(*a.end_date) : kOpenEnd;
  std::string_view b_end = b.end_date ? std::string_view(*b.end_date) : kOpenEnd;
  return a.start_date <= b_end && b.start_date <= a_end;
}

std::string Period(const Member& m) {
  return m.start_date + " 至 " + (m.end_date ? *m.end_date : std::string("今"));
}

// The rules a membership must keep among the others of its group and the
// people the caller reads (see AddMember). `m.id` is left out of the
// comparison (0 for a new one); `pending`, when set, stands for the stored
// row of its id (a membership changed in the same write, not yet stored).
Status CheckMember(storage::Tx& tx, const Context& ctx, Member& m, GroupKind kind,
                   const Member* pending = nullptr) {
  DX_RETURN_IF_ERROR(ValidateMember(m, kind));
  DX_ASSIGN_OR_RETURN(storage::Rows person, tx.Query(kPerson, {m.person_id}));
  if (person.empty() || !ctx.principal->CanRead(person.front().Text(1))) {
    return MakeError(Code::kNotFound, "人员不存在", "person_id");
  }
  if (person.front().Bool(2)) {
    return MakeError(Code::kFailedPrecondition, "人员已归档", "person_id");
  }
  m.person_name = person.front().Text(0);
  DX_ASSIGN_OR_RETURN(
      storage::Rows others,
      tx.Query(std::string(kMemberColumns) + " WHERE m.group_id = $1 AND m.id <> $2 ORDER BY m.id",
               {m.group_id, m.id}));
  if (m.id == 0 && others.size() >= kMaxMembers) {
    return MakeError(Code::kFailedPrecondition,
                     "一个小组最多 " + std::to_string(kMaxMembers) + " 条任职记录", "group_id");
  }
  for (const auto& r : others) {
    Member o = MemberFromRow(r);
    if (pending && pending->id == o.id) o = *pending;
    if (!Overlap(m, o)) continue;
    if (o.person_id == m.person_id) {
      return MakeError(Code::kFailedPrecondition,
                       m.person_name + "在此期间已在本组任职（" + Period(o) + "）", "start_date");
    }
    if (o.role == m.role && (m.role == Role::kLeader || m.role == Role::kHead)) {
      return MakeError(Code::kFailedPrecondition,
                       kRoles.Label(m.role) + "在此期间由" + o.person_name + "担任（" + Period(o) +
                           "），更换人选请办理交接",
                       "start_date");
    }
  }
  return Ok();
}

Result<int64_t> UpdateMemberRow(storage::Tx& tx, const Context& ctx, const Member& m,
                                int64_t version) {
  return tx.Exec(
      kUpdateMember,
      {std::string(kRoles.Name(m.role)), m.title,
       m.responsibility ? storage::Param(std::string(kResponsibilities.Name(*m.responsibility)))
                        : storage::Param(nullptr),
       m.duties, m.start_date, OptParam(m.end_date), FormatTime(ctx.now), m.id, version});
}

}  // namespace

std::string DayBefore(std::string_view date) {
  using namespace std::chrono;
  int y = 0;
  unsigned mo = 0, d = 0;
  std::sscanf(std::string(date).c_str(), "%d-%u-%u", &y, &mo, &d);
  year_month_day day = sys_days(year_month_day(year(y), month(mo), std::chrono::day(d))) - days(1);
  char out[16];
  std::snprintf(out, sizeof out, "%04d-%02u-%02u", int(day.year()), unsigned(day.month()),
                unsigned(day.day()));
  return out;
}

Status ValidateGroup(const Group& g) {
  if (g.name.empty()) return Invalid("小组名称不能为空", "name");
  DX_RETURN_IF_ERROR(CheckLineText(g.name, "name", "小组名称", kMaxGroupName));
  DX_RETURN_IF_ERROR(CheckMultilineText(g.duties, "duties", "职责", kMaxDuties));
  if (g.position < 0 || g.position > 1000) return Invalid("排序须在 0 至 1000 之间", "position");
  return Ok();
}

Status ValidateMember(const Member& m, GroupKind kind) {
  bool leading = kind == GroupKind::kLeadingGroup;
  if ((m.role == Role::kLeader || m.role == Role::kDeputy) && !leading) {
    return Invalid(kRoles.Label(m.role) + "只设在领导小组", "role");
  }
  if (m.role == Role::kHead && leading) {
    return Invalid("领导小组设组长、副组长，不设负责人", "role");
  }
  DX_RETURN_IF_ERROR(CheckLineText(m.title, "title", "职务", kMaxTitle));
  DX_RETURN_IF_ERROR(CheckMultilineText(m.duties, "duties", "责任内容", kMaxDuties));
  if (!IsValidDate(m.start_date))
    return Invalid("任职开始日期无效（格式 YYYY-MM-DD）", "start_date");
  if (m.end_date) {
    if (!IsValidDate(*m.end_date))
      return Invalid("任职结束日期无效（格式 YYYY-MM-DD）", "end_date");
    if (*m.end_date < m.start_date) return Invalid("任职结束日期不能早于开始日期", "end_date");
  }
  return Ok();
}

Result<Leadership> LeadershipService::Get(const Context& ctx, int64_t campaign_id,
                                          const std::optional<std::string>& on) {
  if (on && !IsValidDate(*on)) return Invalid("日期无效（格式 YYYY-MM-DD）", "on");
  DX_ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kRead));
  DX_ASSIGN_OR_RETURN(CampaignScope scope, CampaignService::LoadScope(*tx, ctx, campaign_id));
  Leadership out{campaign_id, on, scope.may_write, {}};
  DX_ASSIGN_OR_RETURN(
      storage::Rows groups,
      tx->Query(std::string(kGroupColumns) + " WHERE g.campaign_id = $1 AND g.archived = 0 "
                                             "ORDER BY g.position, g.id",
                {campaign_id}));
  for (const auto& r : groups) out.groups.push_back(GroupFromRow(r));
  std::stable_partition(out.groups.begin(), out.groups.end(),
                        [](const Group& g) { return g.kind == GroupKind::kLeadingGroup; });
  std::string sql = std::string(kMemberColumns) + " WHERE g.campaign_id = $1";
  storage::Params params{campaign_id};
  if (on) {
    sql += " AND m.start_date <= $2 AND (m.end_date IS NULL OR m.end_date >= $2)";
    params.push_back(*on);
  }
  DX_ASSIGN_OR_RETURN(storage::Rows members,
                      tx->Query(sql + " ORDER BY m.start_date, m.id", params));
  for (const auto& r : members) {
    Member m = MemberFromRow(r);
    for (Group& g : out.groups) {
      if (g.id == m.group_id) g.members.push_back(m);
    }
  }
  return out;
}

Result<int64_t> LeadershipService::InsertGroup(storage::Tx& tx, const Context& ctx,
                                               const Group& g) {
  DX_ASSIGN_OR_RETURN(
      storage::Row row,
      tx.QueryOne(kInsertGroup, {g.campaign_id, std::string(kGroupKinds.Name(g.kind)), g.name,
                                 g.duties, g.position, FormatTime(ctx.now)}));
  return row.Int(0);
}

namespace {

constexpr std::string_view kCampaignOrgPath =
    "SELECT o.path FROM campaigns c JOIN orgs o ON o.id = c.org_id WHERE c.id = $1";

Status AuditCreate(storage::Tx& tx, const Context& ctx, const char* type, int64_t id,
                   int64_t campaign_id, audit::Snapshot after) {
  DX_ASSIGN_OR_RETURN(storage::Row path, tx.QueryOne(kCampaignOrgPath, {campaign_id}));
  return audit::Record(tx, ctx, {"create", type, id, path.Text(0), std::nullopt, std::move(after), ""});
}

}  // namespace

Status LeadershipService::AuditInserted(storage::Tx& tx, const Context& ctx, const Group& g) {
  return AuditCreate(tx, ctx, "leadership_group", g.id, g.campaign_id, GroupSnap(g));
}

Status LeadershipService::AuditInserted(storage::Tx& tx, const Context& ctx, int64_t campaign_id,
                                        const Member& m) {
  return AuditCreate(tx, ctx, "leadership_member", m.id, campaign_id, MemberSnap(m));
}

Result<int64_t> LeadershipService::InsertMember(storage::Tx& tx, const Context& ctx,
                                                const Member& m) {
  DX_ASSIGN_OR_RETURN(
      storage::Row row,
      tx.QueryOne(
          kInsertMember,
          {m.group_id, m.person_id, std::string(kRoles.Name(m.role)), m.title,
           m.responsibility ? storage::Param(std::string(kResponsibilities.Name(*m.responsibility)))
                            : storage::Param(nullptr),
           m.duties, m.start_date, OptParam(m.end_date),
           m.predecessor_id ? storage::Param(*m.predecessor_id) : storage::Param(nullptr),
           FormatTime(ctx.now)}));
  return row.Int(0);
}

Result<bool> LeadershipService::GroupOfCampaign(storage::Tx& tx, int64_t group_id,
                                                int64_t campaign_id) {
  DX_ASSIGN_OR_RETURN(storage::Rows rows, tx.Query(kGroupOfCampaign, {group_id, campaign_id}));
  return !rows.empty();
}

Result<Group> LeadershipService::CreateGroup(const Context& ctx, int64_t campaign_id,
                                             const Group& in) {
  DX_RETURN_IF_ERROR(ValidateGroup(in));
  DX_ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kWrite));
  DX_ASSIGN_OR_RETURN(CampaignScope scope, CampaignService::LoadScope(*tx, ctx, campaign_id));
  DX_RETURN_IF_ERROR(MayWrite(scope));
  DX_ASSIGN_OR_RETURN(storage::Rows existing, tx->Query(kCampaignGroups, {campaign_id}));
  if (existing.size() >= kMaxGroups) {
    return MakeError(Code::kFailedPrecondition,
                     "一个活动最多 " + std::to_string(kMaxGroups) + " 个小组");
  }
  if (in.kind == GroupKind::kLeadingGroup &&
      std::any_of(existing.begin(), existing.end(), [](const storage::Row& r) {
        return r.Text(0) == kGroupKinds.Name(GroupKind::kLeadingGroup);
      })) {
    return MakeError(Code::kFailedPrecondition, "本活动已有领导小组", "kind");
  }
  Group g = in;
  g.campaign_id = campaign_id;
  DX_ASSIGN_OR_RETURN(int64_t id, InsertGroup(*tx, ctx, g));
  DX_ASSIGN_OR_RETURN(LoadedGroup created, FinishCreate(*tx, ctx, GroupRecord(ctx), id));
  return created.group;
}

Result<Group> LeadershipService::UpdateGroup(const Context& ctx, int64_t id, const GroupPatch& p) {
  VersionedWrite<LoadedGroup> w;
  w.action = "update";
  w.id = id;
  w.version = p.version;
  w.authorize = [](storage::Tx&, const LoadedGroup& before) { return MayWrite(before.campaign); };
  w.change = [&](storage::Tx&, const LoadedGroup&, LoadedGroup& after) -> Status {
    if (p.name) after.group.name = *p.name;
    if (p.duties) after.group.duties = *p.duties;
    if (p.position) after.group.position = *p.position;
    return ValidateGroup(after.group);
  };
  w.write = [&](storage::Tx& tx, const LoadedGroup&, const LoadedGroup& after) {
    const Group& g = after.group;
    return tx.Exec(kUpdateGroup, {g.name, g.duties, g.position, int64_t{g.archived},
                                  FormatTime(ctx.now), id, p.version});
  };
  DX_ASSIGN_OR_RETURN(LoadedGroup updated, WriteVersioned(db_, ctx, GroupRecord(ctx), w));
  return updated.group;
}

Result<Member> LeadershipService::AddMember(const Context& ctx, int64_t group_id,
                                            const Member& in) {
  DX_ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kWrite));
  DX_ASSIGN_OR_RETURN(LoadedGroup group, LoadGroup(*tx, ctx, group_id));
  DX_RETURN_IF_ERROR(MayWrite(group.campaign));
  if (group.group.archived) return MakeError(Code::kFailedPrecondition, "工作组已归档");
  Member m = in;
  m.id = 0;
  m.group_id = group_id;
  m.predecessor_id.reset();
  DX_RETURN_IF_ERROR(CheckMember(*tx, ctx, m, group.group.kind));
  DX_ASSIGN_OR_RETURN(int64_t id, InsertMember(*tx, ctx, m));
  DX_ASSIGN_OR_RETURN(LoadedMember created, FinishCreate(*tx, ctx, MemberRecord(ctx), id));
  return created.member;
}

Result<Member> LeadershipService::UpdateMember(const Context& ctx, int64_t id,
                                               const MemberPatch& p) {
  VersionedWrite<LoadedMember> w;
  w.action = "update";
  w.id = id;
  w.version = p.version;
  w.authorize = [](storage::Tx&, const LoadedMember& before) { return MayWrite(before.campaign); };
  w.change = [&](storage::Tx& tx, const LoadedMember&, LoadedMember& after) -> Status {
    Member& m = after.member;
    if (p.role) m.role = *p.role;
    if (p.title) m.title = *p.title;
    if (p.responsibility) m.responsibility = *p.responsibility;
    if (p.duties) m.duties = *p.duties;
    if (p.start_date) m.start_date = *p.start_date;
    if (p.end_date) m.end_date = *p.end_date;
    return CheckMember(tx, ctx, m, after.kind);
  };
  w.write = [&](storage::Tx& tx, const LoadedMember&, const LoadedMember& after) {
    return UpdateMemberRow(tx, ctx, after.member, p.version);
  };
  DX_ASSIGN_OR_RETURN(LoadedMember updated, WriteVersioned(db_, ctx, MemberRecord(ctx), w));
  return updated.member;
}

Result<Member> LeadershipService::HandOverMember(const Context& ctx, int64_t id,
                                                 const HandOver& h) {
  auto record = MemberRecord(ctx);
  Member successor;
  VersionedWrite<LoadedMember> w;
  w.action = "hand_over";
  w.id = id;
  w.version = h.version;
  w.authorize = [](storage::Tx&, const LoadedMember& before) { return MayWrite(before.campaign); };
  w.change = [&](storage::Tx& tx, const LoadedMember& before, LoadedMember& after) -> Status {
    const Member& old = before.member;
    if (!IsValidDate(h.date)) return Invalid("交接日期无效（格式 YYYY-MM-DD）", "date");
    if (h.date <= old.start_date) {
      return Invalid(
          "交接日期须晚于" + old.person_name + "的任职开始日期（" + old.start_date + "）", "date");
    }
    if (old.end_date && h.date > *old.end_date) {
      return Invalid(old.person_name + "的任职已于 " + *old.end_date + " 结束，不能再交接", "date");
    }
    if (h.person_id == old.person_id) return Invalid("接任人不能是原任职人员", "person_id");
    after.member.end_date = DayBefore(h.date);
    DX_RETURN_IF_ERROR(ValidateMember(after.member, before.kind));
    successor = old;
    successor.id = 0;
    successor.person_id = h.person_id;
    successor.start_date = h.date;
    successor.end_date = old.end_date;
    successor.predecessor_id = old.id;
    if (h.title) successor.title = *h.title;
    if (h.duties) successor.duties = *h.duties;
    // Compared with the others as they will be: the old term shortened.
    return CheckMember(tx, ctx, successor, before.kind, &after.member);
  };
  w.write = [&](storage::Tx& tx, const LoadedMember&,
                const LoadedMember& after) -> Result<int64_t> {
    DX_ASSIGN_OR_RETURN(int64_t n, UpdateMemberRow(tx, ctx, after.member, h.version));
    if (n == 0) return n;
    DX_ASSIGN_OR_RETURN(successor.id, InsertMember(tx, ctx, successor));
    DX_ASSIGN_OR_RETURN(LoadedMember created, LoadMember(tx, ctx, successor.id));
    DX_RETURN_IF_ERROR(
        audit::Record(tx, ctx,
                      {"create", "leadership_member", successor.id, created.campaign.org_path,
                       std::nullopt, MemberSnap(created.member), ""}));
    return int64_t{1};
  };
  DX_RETURN_IF_ERROR(WriteVersioned(db_, ctx, record, w));
  DX_ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kRead));
  DX_ASSIGN_OR_RETURN(LoadedMember created, LoadMember(*tx, ctx, successor.id));
  return created.member;
}

}  // namespace duxing::domain::leadership
