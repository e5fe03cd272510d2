#include "domain/ledger/concerns.hpp"

#include "domain/campaigns/campaign.hpp"
#include "storage/where.hpp"

namespace duxing::domain::ledger {
namespace {

// Forums held: published, not archived, started by $2.
constexpr std::string_view kForumFigures =
    "SELECT COUNT(*), COALESCE(SUM(e.outside_count), 0) FROM events e "
    "JOIN event_types t ON t.id = e.type_id";
constexpr std::string_view kForumWhere =
    "t.code = 'forum' AND e.campaign_id = ? AND e.status = 'published' AND e.archived = 0 "
    "AND e.starts_at <= ?";
constexpr std::string_view kItemFigures =
    "SELECT "
    "COALESCE(SUM(CASE WHEN kind = 'concern' THEN 1 ELSE 0 END), 0), "
    "COALESCE(SUM(CASE WHEN kind = 'concern' AND status = 'closed' AND "
    "(satisfaction IS NULL OR satisfaction <> 'unsatisfied') THEN 1 ELSE 0 END), 0), "
    "COALESCE(SUM(CASE WHEN kind = 'project' AND status = 'closed' THEN 1 ELSE 0 END), 0), "
    "COALESCE(SUM(CASE WHEN kind = 'project' THEN 1 ELSE 0 END), 0) "
    "FROM ledger_items";
constexpr std::string_view kItemWhere =
    "campaign_id = ? AND archived = 0 AND kind IN ('concern', 'project')";

constexpr std::string_view kSourceEvent =
    "SELECT t.code, e.campaign_id FROM events e JOIN event_types t ON t.id = e.type_id "
    "WHERE e.id = $1";

Error Invalid(std::string message, std::string field) {
  return MakeError(Code::kInvalidArgument, std::move(message), std::move(field));
}

void Scope(storage::Where& w, std::string_view column,
           const std::optional<std::vector<std::string>>& scope) {
  if (scope) w.And(storage::InSubtrees(column, *scope));
}

}  // namespace

Status ValidateKindFields(const Item& item) {
  if (item.kind != Kind::kPlanTask) {
    if (item.plan_part) return Invalid("只有实施方案任务才能填写方案部分", "plan_part");
    if (item.plan_action)
      return Invalid("只有实施方案任务才能填写规定动作/自选动作", "plan_action");
  }
  if (item.kind != Kind::kProject && item.project_area) {
    return Invalid("只有实事项目才能填写项目领域", "project_area");
  }
  return Ok();
}

Status CheckConcernSource(storage::Tx& tx, const Item& item) {
  if (item.kind != Kind::kConcern || item.source_type != SourceType::kEvent || !item.source_id) {
    return Ok();
  }
  DX_ASSIGN_OR_RETURN(storage::Rows rows, tx.Query(kSourceEvent, {*item.source_id}));
  if (rows.empty()) return Invalid("来源活动不存在", "source_id");
  if (rows.front().Text(0) != "forum") {
    return Invalid("群众诉求的来源活动须为恳谈会", "source_id");
  }
  if (item.campaign_id && rows.front().OptInt(1) != item.campaign_id) {
    return Invalid("来源恳谈会不属于本学习教育活动", "source_id");
  }
  return Ok();
}

Result<ServingFigures> CountServingFigures(storage::Tx& tx, int64_t campaign_id,
                                           const std::optional<std::vector<std::string>>& scope,
                                           TimePoint now) {
  ServingFigures f;
  storage::Where forums;
  forums.And(kForumWhere, {campaign_id, FormatTime(now)});
  Scope(forums, "e.org_path", scope);
  DX_ASSIGN_OR_RETURN(storage::Row fr,
                      tx.QueryOne(std::string(kForumFigures) + forums.Sql(), forums.params()));
  f.forums_held = fr.Int(0);
  f.residents_taking_part = fr.Int(1);
  storage::Where items;
  items.And(kItemWhere, {campaign_id});
  Scope(items, "org_path", scope);
  DX_ASSIGN_OR_RETURN(storage::Row ir,
                      tx.QueryOne(std::string(kItemFigures) + items.Sql(), items.params()));
  f.concerns_collected = ir.Int(0);
  f.concerns_resolved = ir.Int(1);
  f.projects_done = ir.Int(2);
  f.projects_total = ir.Int(3);
  return f;
}

Result<ServingFigures> ServingService::Figures(const Context& ctx, int64_t campaign_id) {
  DX_ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kRead));
  DX_RETURN_IF_ERROR(campaigns::CampaignService::LoadScope(*tx, ctx, campaign_id));
  const auth::Principal& p = *ctx.principal;
  std::optional<std::vector<std::string>> scope;
  if (!p.IsSystemAdmin()) {
    scope = p.ReadablePaths();
    if (scope->empty()) {
      return MakeError(Code::kPermissionDenied, "无权查看本单位的办实事统计，请查看公开晒单页面");
    }
  }
  return CountServingFigures(*tx, campaign_id, scope, ctx.now);
}

}  // namespace duxing::domain::ledger
