#include "domain/campaigns/campaign.hpp"

#include <algorithm>
#include <functional>
#include <set>

#include "common/text.hpp"
#include "domain/audit/audit_log.hpp"
#include "domain/versioned_write.hpp"
#include "domain/orgs/org.hpp"
#include "domain/text_field.hpp"
#include "storage/where.hpp"

namespace duxing::domain::campaigns {
namespace {

constexpr std::string_view kColumns =
    "SELECT c.id, c.name, c.year, c.start_date, c.end_date, c.status, c.org_id, o.name, "
    "c.archived, c.version, o.path FROM campaigns c JOIN orgs o ON o.id = c.org_id";
constexpr std::string_view kInsert =
    "INSERT INTO campaigns (name, year, start_date, end_date, status, org_id, archived, "
    "created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, 0, $7, $7) RETURNING id";
constexpr std::string_view kUpdate =
    "UPDATE campaigns SET name = $1, year = $2, start_date = $3, end_date = $4, status = $5, "
    "archived = $6, version = version + 1, updated_at = $7 WHERE id = $8 AND version = $9";
constexpr std::string_view kPhases =
    "SELECT name, start_date, end_date FROM campaign_phases WHERE campaign_id = $1 "
    "ORDER BY position";
constexpr std::string_view kTexts =
    "SELECT kind, text FROM campaign_texts WHERE campaign_id = $1 ORDER BY kind, position";
constexpr std::string_view kDeletePhases = "DELETE FROM campaign_phases WHERE campaign_id = $1";
constexpr std::string_view kDeleteTexts = "DELETE FROM campaign_texts WHERE campaign_id = $1";
constexpr std::string_view kInsertPhase =
    "INSERT INTO campaign_phases (campaign_id, position, name, start_date, end_date) "
    "VALUES ($1, $2, $3, $4, $5)";
constexpr std::string_view kInsertText =
    "INSERT INTO campaign_texts (campaign_id, kind, position, text) VALUES ($1, $2, $3, $4)";
constexpr std::string_view kChosen =
    "SELECT campaign_id FROM account_campaigns WHERE account_id = $1";
constexpr std::string_view kChoose =
    "INSERT INTO account_campaigns (account_id, campaign_id) VALUES ($1, $2) "
    "ON CONFLICT (account_id) DO UPDATE SET campaign_id = excluded.campaign_id";

constexpr std::string_view kGoal = "goal";
constexpr std::string_view kStudyPoint = "study_point";

Error Invalid(std::string message, std::string field) {
  return MakeError(Code::kInvalidArgument, std::move(message), std::move(field));
}

// A campaign row with its org's path (for scope checks).
struct Loaded {
  Campaign campaign;
  std::string org_path;
};

Loaded FromRow(const storage::Row& r) {
  Campaign c;
  c.id = r.Int(0);
  c.name = r.Text(1);
  c.year = r.Int(2);
  c.start_date = r.Text(3);
  c.end_date = r.Text(4);
  c.status = ParseStatus(r.Text(5)).value_or(CampaignStatus::kPreparing);
  c.org_id = r.Int(6);
  c.org_name = r.Text(7);
  c.archived = r.Bool(8);
  c.version = r.Int(9);
  return {std::move(c), r.Text(10)};
}

Status LoadChildren(storage::Tx& tx, Campaign& c) {
  DX_ASSIGN_OR_RETURN(storage::Rows phases, tx.Query(kPhases, {c.id}));
  for (const auto& r : phases) c.phases.push_back({r.Text(0), r.Text(1), r.Text(2)});
  DX_ASSIGN_OR_RETURN(storage::Rows texts, tx.Query(kTexts, {c.id}));
  for (const auto& r : texts) {
    (r.Text(0) == kGoal ? c.goals : c.study_points).push_back(r.Text(1));
  }
  return Ok();
}

Status WriteChildren(storage::Tx& tx, const Campaign& c) {
  DX_RETURN_IF_ERROR(tx.Exec(kDeletePhases, {c.id}));
  DX_RETURN_IF_ERROR(tx.Exec(kDeleteTexts, {c.id}));
  for (size_t i = 0; i < c.phases.size(); ++i) {
    const Phase& p = c.phases[i];
    DX_RETURN_IF_ERROR(tx.Exec(kInsertPhase, {c.id, static_cast<int64_t>(i), p.name,
                                              p.start_date, p.end_date}));
  }
  auto texts = [&](std::string_view kind, const std::vector<std::string>& list) -> Status {
    for (size_t i = 0; i < list.size(); ++i) {
      DX_RETURN_IF_ERROR(
          tx.Exec(kInsertText, {c.id, std::string(kind), static_cast<int64_t>(i), list[i]}));
    }
    return Ok();
  };
  DX_RETURN_IF_ERROR(texts(kGoal, c.goals));
  return texts(kStudyPoint, c.study_points);
}

// The org paths from the root down to each grant's org: a campaign of one of
// them covers the grant (a member of 第一支部 takes part in 机关党委's).
std::vector<std::string> CoveringPaths(const auth::Principal& p) {
  std::set<std::string> out;
  for (const auto& g : p.grants) {
    for (size_t i = 1; i < g.org_path.size(); ++i) {
      if (g.org_path[i] == '/') out.insert(g.org_path.substr(0, i + 1));
    }
  }
  return {out.begin(), out.end()};
}

bool MayRead(const auth::Principal& p, const std::string& org_path) {
  if (p.CanRead(org_path)) return true;
  auto covering = CoveringPaths(p);
  return std::find(covering.begin(), covering.end(), org_path) != covering.end();
}

// The campaigns `p` may read, as a condition on o.path.
storage::Condition ReadScope(const auth::Principal& p) {
  storage::Condition c = storage::InSubtrees("o.path", p.ReadablePaths());
  auto covering = CoveringPaths(p);
  if (covering.empty()) return c;
  c.sql = "(" + c.sql + " OR o.path IN (";
  for (size_t i = 0; i < covering.size(); ++i) {
    c.sql += i ? ", ?" : "?";
    c.values.push_back(covering[i]);
  }
  c.sql += "))";
  return c;
}

Result<Loaded> LoadReadable(storage::Tx& tx, const Context& ctx, int64_t id) {
  DX_ASSIGN_OR_RETURN(storage::Rows rows,
                      tx.Query(std::string(kColumns) + " WHERE c.id = $1", {id}));
  if (rows.empty() || !MayRead(*ctx.principal, FromRow(rows.front()).org_path)) {
    return MakeError(Code::kNotFound, "学习教育活动不存在");
  }
  Loaded l = FromRow(rows.front());
  DX_RETURN_IF_ERROR(LoadChildren(tx, l.campaign));
  return l;
}

std::string Joined(const std::vector<std::string>& list, std::string_view sep) {
  std::string out;
  for (const auto& s : list) out += (out.empty() ? "" : std::string(sep)) + s;
  return out;
}

audit::Snapshot Snap(const Campaign& c) {
  std::vector<std::string> phases;
  for (const auto& p : c.phases) phases.push_back(p.name + " " + p.start_date + "至" + p.end_date);
  return {{"name", c.name},
          {"year", std::to_string(c.year)},
          {"start_date", c.start_date},
          {"end_date", c.end_date},
          {"goals", Joined(c.goals, "、")},
          {"phases", Joined(phases, "；")},
          {"study_points", Joined(c.study_points, "\n")},
          {"status", StatusName(c.status)},
          {"org_id", std::to_string(c.org_id)},
          {"archived", c.archived ? "true" : "false"}};
}

Status CheckDates(std::string_view start, std::string_view end, const std::string& prefix,
                  std::string_view label) {
  if (!IsValidDate(start)) {
    return Invalid(std::string(label) + "开始日期无效（格式 YYYY-MM-DD）", prefix + "start_date");
  }
  if (!IsValidDate(end)) {
    return Invalid(std::string(label) + "结束日期无效（格式 YYYY-MM-DD）", prefix + "end_date");
  }
  if (end < start) return Invalid(std::string(label) + "结束日期不能早于开始日期", prefix + "end_date");
  return Ok();
}

Status CheckTexts(const std::vector<std::string>& list, std::string_view field,
                  std::string_view label, size_t max_count, size_t max_chars) {
  std::string f(field), l(label);
  if (list.size() > max_count) {
    return Invalid(l + "不能超过 " + std::to_string(max_count) + " 条", f);
  }
  for (const auto& s : list) {
    if (s.empty()) return Invalid(l + "不能有空项", f);
    DX_RETURN_IF_ERROR(CheckLineText(s, f, l, max_chars));
  }
  return Ok();
}

}  // namespace

bool MayMove(CampaignStatus from, CampaignStatus to) {
  return from == to || (from == CampaignStatus::kPreparing && to == CampaignStatus::kActive) ||
         (from == CampaignStatus::kActive && to == CampaignStatus::kEnded);
}

Status Validate(const Campaign& c) {
  if (c.name.empty()) return Invalid("活动名称不能为空", "name");
  DX_RETURN_IF_ERROR(CheckLineText(c.name, "name", "活动名称", kMaxName));
  if (c.year < 2000 || c.year > 2100) return Invalid("年度须在 2000 至 2100 之间", "year");
  DX_RETURN_IF_ERROR(CheckDates(c.start_date, c.end_date, "", "活动"));
  if (c.start_date.substr(0, 4) != std::to_string(c.year)) {
    return Invalid("活动开始日期须在所属年度内", "start_date");
  }
  DX_RETURN_IF_ERROR(CheckTexts(c.goals, "goals", "目标要求", kMaxGoals, kMaxGoalChars));
  if (std::set<std::string>(c.goals.begin(), c.goals.end()).size() != c.goals.size()) {
    return Invalid("目标要求不能重复", "goals");
  }
  DX_RETURN_IF_ERROR(CheckTexts(c.study_points, "study_points", "学习重点", kMaxStudyPoints,
                                kMaxStudyPointChars));
  if (c.phases.size() > kMaxPhases) {
    return Invalid("阶段不能超过 " + std::to_string(kMaxPhases) + " 个", "phases");
  }
  for (size_t i = 0; i < c.phases.size(); ++i) {
    const Phase& p = c.phases[i];
    std::string prefix = "phases[" + std::to_string(i) + "].";
    std::string label = "第 " + std::to_string(i + 1) + " 个阶段";
    if (p.name.empty()) return Invalid(label + "名称不能为空", prefix + "name");
    DX_RETURN_IF_ERROR(CheckLineText(p.name, prefix + "name", label + "名称", kMaxPhaseName));
    DX_RETURN_IF_ERROR(CheckDates(p.start_date, p.end_date, prefix, label));
    if (p.start_date < c.start_date || p.end_date > c.end_date) {
      return Invalid(label + "须在活动起止日期之内", prefix + "start_date");
    }
    if (i > 0 && p.start_date < c.phases[i - 1].start_date) {
      return Invalid(label + "的开始日期不能早于上一阶段", prefix + "start_date");
    }
  }
  return Ok();
}

Result<std::vector<Campaign>> CampaignService::List(const Context& ctx,
                                                   const CampaignFilter& filter) {
  storage::Where w;
  w.And(ReadScope(*ctx.principal));
  if (filter.year) w.And("c.year = ?", {*filter.year});
  if (filter.status) w.And("c.status = ?", {std::string(StatusName(*filter.status))});
  if (!filter.include_archived) w.And("c.archived = 0");
  DX_ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kRead));
  DX_ASSIGN_OR_RETURN(storage::Rows rows,
                      tx->Query(std::string(kColumns) + w.Sql() +
                                    " ORDER BY c.start_date DESC, c.id DESC",
                                w.params()));
  std::vector<Campaign> out;
  for (const auto& r : rows) {
    out.push_back(FromRow(r).campaign);
    DX_RETURN_IF_ERROR(LoadChildren(*tx, out.back()));
  }
  return out;
}

Result<Campaign> CampaignService::Get(const Context& ctx, int64_t id) {
  DX_ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kRead));
  DX_ASSIGN_OR_RETURN(Loaded l, LoadReadable(*tx, ctx, id));
  return l.campaign;
}

Result<CampaignScope> CampaignService::LoadScope(storage::Tx& tx, const Context& ctx,
                                                int64_t id) {
  DX_ASSIGN_OR_RETURN(storage::Rows rows,
                      tx.Query(std::string(kColumns) + " WHERE c.id = $1", {id}));
  if (rows.empty() || !MayRead(*ctx.principal, FromRow(rows.front()).org_path)) {
    return MakeError(Code::kNotFound, "学习教育活动不存在", "campaign_id");
  }
  Loaded l = FromRow(rows.front());
  return CampaignScope{l.campaign.id,         l.campaign.name,     l.org_path,
                       l.campaign.start_date, l.campaign.end_date, l.campaign.archived,
                       ctx.principal->CanAdministerOrgs(l.org_path)};
}

Result<int64_t> CampaignService::Insert(storage::Tx& tx, const Context& ctx, const Campaign& c) {
  DX_ASSIGN_OR_RETURN(storage::Row row,
                      tx.QueryOne(kInsert, {c.name, c.year, c.start_date, c.end_date,
                                            std::string(StatusName(c.status)), c.org_id,
                                            FormatTime(ctx.now)}));
  Campaign written = c;
  written.id = row.Int(0);
  DX_RETURN_IF_ERROR(WriteChildren(tx, written));
  DX_RETURN_IF_ERROR(audit::Record(
      tx, ctx, {"create", "campaign", written.id, std::nullopt, std::nullopt, Snap(written), ""}));
  return written.id;
}

Result<Campaign> CampaignService::Create(const Context& ctx, const Campaign& c) {
  DX_RETURN_IF_ERROR(Validate(c));
  DX_ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kWrite));
  auto org = orgs::OrgService::Load(*tx, c.org_id);
  if (!org.ok() || !MayRead(*ctx.principal, org->path)) {
    return MakeError(Code::kNotFound, "组织不存在", "org_id");
  }
  if (!ctx.principal->CanAdministerOrgs(org->path)) {
    return MakeError(Code::kPermissionDenied, "无权为该组织创建学习教育活动", "org_id");
  }
  if (org->archived) return MakeError(Code::kFailedPrecondition, "组织已归档", "org_id");
  DX_ASSIGN_OR_RETURN(int64_t id, Insert(*tx, ctx, c));
  DX_ASSIGN_OR_RETURN(Loaded created, LoadReadable(*tx, ctx, id));
  DX_RETURN_IF_ERROR(tx->Commit());
  return created.campaign;
}

namespace {

// The versioned write of one campaign (domain/versioned_write.hpp): scope,
// version, archived, change, rules, update with its children, audit, commit.
Result<Campaign> Write(storage::Database& db, const Context& ctx, int64_t id, int64_t version,
                       const std::string& action,
                       const std::function<Status(Campaign&)>& change) {
  VersionedRecord<Loaded> record{
      "campaign", [&ctx](storage::Tx& tx, int64_t id) { return LoadReadable(tx, ctx, id); },
      [](const Loaded& l) { return l.campaign.version; },
      [](const Loaded& l) { return Snap(l.campaign); },
      [](const Loaded& l) -> std::optional<std::string> { return l.org_path; }};
  VersionedWrite<Loaded> w;
  w.action = action;
  w.id = id;
  w.version = version;
  w.authorize = [&ctx](storage::Tx&, const Loaded& before) -> Status {
    if (!ctx.principal->CanAdministerOrgs(before.org_path)) {
      return MakeError(Code::kPermissionDenied, "无权修改该学习教育活动");
    }
    return Ok();
  };
  w.change = [&](storage::Tx&, const Loaded& before, Loaded& after) -> Status {
    if (before.campaign.archived) {
      return MakeError(Code::kFailedPrecondition, "学习教育活动已归档");
    }
    DX_RETURN_IF_ERROR(change(after.campaign));
    return Validate(after.campaign);
  };
  w.write = [&](storage::Tx& tx, const Loaded&, const Loaded& after) -> Result<int64_t> {
    const Campaign& a = after.campaign;
    DX_ASSIGN_OR_RETURN(
        int64_t n, tx.Exec(kUpdate, {a.name, a.year, a.start_date, a.end_date,
                                     std::string(StatusName(a.status)), int64_t{a.archived},
                                     FormatTime(ctx.now), id, version}));
    if (n > 0) DX_RETURN_IF_ERROR(WriteChildren(tx, a));
    return n;
  };
  DX_ASSIGN_OR_RETURN(Loaded updated, WriteVersioned(db, ctx, record, w));
  return updated.campaign;
}

}  // namespace

Result<Campaign> CampaignService::Update(const Context& ctx, int64_t id,
                                         const CampaignPatch& p) {
  return Write(db_, ctx, id, p.version, "update", [&](Campaign& c) -> Status {
    if (p.status && !MayMove(c.status, *p.status)) {
      return MakeError(Code::kFailedPrecondition,
                       "活动状态不能从“" + StatusLabel(c.status) + "”改为“" +
                           StatusLabel(*p.status) + "”",
                       "status");
    }
    if (p.name) c.name = *p.name;
    if (p.year) c.year = *p.year;
    if (p.start_date) c.start_date = *p.start_date;
    if (p.end_date) c.end_date = *p.end_date;
    if (p.goals) c.goals = *p.goals;
    if (p.phases) c.phases = *p.phases;
    if (p.study_points) c.study_points = *p.study_points;
    if (p.status) c.status = *p.status;
    return Ok();
  });
}

Result<Campaign> CampaignService::Archive(const Context& ctx, int64_t id, int64_t version) {
  return Write(db_, ctx, id, version, "archive", [](Campaign& c) -> Status {
    c.archived = true;
    return Ok();
  });
}

Result<std::optional<Campaign>> CampaignService::Current(const Context& ctx) {
  {
    DX_ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kRead));
    DX_ASSIGN_OR_RETURN(storage::Rows chosen, tx->Query(kChosen, {ctx.principal->account_id}));
    if (!chosen.empty()) {
      auto l = LoadReadable(*tx, ctx, chosen.front().Int(0));
      if (l.ok() && !l->campaign.archived) return std::optional<Campaign>(l->campaign);
    }
  }
  DX_ASSIGN_OR_RETURN(auto list, List(ctx, {}));
  if (list.empty()) return std::optional<Campaign>();
  // Newest first: the newest active one, else the newest that has run (a
  // campaign in 筹备 has no records yet: next year's, just registered, is no
  // one's default while this year's, ended, holds the work still open).
  for (CampaignStatus s : {CampaignStatus::kActive, CampaignStatus::kEnded}) {
    auto found =
        std::find_if(list.begin(), list.end(), [s](const Campaign& c) { return c.status == s; });
    if (found != list.end()) return std::optional<Campaign>(*found);
  }
  return std::optional<Campaign>(list.front());
}

Result<Campaign> CampaignService::SetCurrent(const Context& ctx, int64_t id) {
  DX_ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kWrite));
  DX_ASSIGN_OR_RETURN(Loaded l, LoadReadable(*tx, ctx, id));
  if (l.campaign.archived) {
    return MakeError(Code::kFailedPrecondition, "学习教育活动已归档", "campaign_id");
  }
  DX_RETURN_IF_ERROR(tx->Exec(kChoose, {ctx.principal->account_id, id}));
  DX_RETURN_IF_ERROR(tx->Commit());
  return l.campaign;
}

}  // namespace duxing::domain::campaigns
