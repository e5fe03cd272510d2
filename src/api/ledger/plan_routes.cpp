// /api/v1/ledger/plan/{campaign_id}/board, /ledger/items/{id}/evidence,
// /ledger/items/{id}/group, /ledger/figures/{campaign_id}: the plan
// (实施方案) and the 我为群众办实事 figures (domain/ledger/plan.hpp,
// concerns.hpp).
#include "api/json_body.hpp"
#include "api/module.hpp"
#include "api/ledger/plan_routes.hpp"
#include "api/record_routes.hpp"
#include "api/router.hpp"
#include "domain/ledger/plan.hpp"
#include "domain/ledger/public_page.hpp"

namespace duxing::api {
namespace {

namespace lg = domain::ledger;

boost::json::value OptText(const std::optional<std::string>& s) {
  return s ? boost::json::value(*s) : nullptr;
}
boost::json::value OptId(const std::optional<int64_t>& i) {
  return i ? boost::json::value(*i) : nullptr;
}

boost::json::object TaskJson(const lg::PlanTask& t) {
  return {{"id", t.id},
          {"title", t.title},
          {"plan_part", t.plan_part},
          {"plan_action", OptText(t.plan_action)},
          {"status", t.status},
          {"org_id", t.org_id},
          {"org_name", t.org_name},
          {"group_id", OptId(t.group_id)},
          {"group_name", t.group_name},
          {"deadline", OptText(t.deadline)},
          {"overdue", t.overdue},
          {"evidence_count", t.evidence_count}};
}

boost::json::object PartJson(const lg::PlanPartBoard& p) {
  boost::json::array tasks;
  for (const auto& t : p.tasks) tasks.push_back(TaskJson(t));
  boost::json::object by_status;
  for (const auto& [status, n] : p.by_status) by_status[status] = n;
  boost::json::array without;
  for (int64_t id : p.without_evidence) without.push_back(id);
  return {{"part", p.part},
          {"total", p.total},
          {"closed", p.closed},
          {"overdue", p.overdue},
          {"progress_percent", p.progress_percent},
          {"by_status", std::move(by_status)},
          {"without_evidence", std::move(without)},
          {"tasks", std::move(tasks)}};
}

boost::json::object EvidenceJson(const lg::Evidence& e) {
  boost::json::array events;
  for (const auto& ev : e.events) {
    events.push_back({{"id", ev.id},
                      {"title", ev.title},
                      {"starts_at", ev.starts_at},
                      {"type_name", ev.type_name},
                      {"org_name", ev.org_name},
                      {"status", ev.status}});
  }
  return {{"item_id", e.item_id},
          {"version", e.version},
          {"group_id", OptId(e.group_id)},
          {"group_name", e.group_name},
          {"events", std::move(events)},
          {"hidden_count", e.hidden_count}};
}

lg::PlanService& Plan(Call& c) { return c.s.Get<lg::PlanService>(); }

Response Board(Call& c) {
  DX_TRY(int64_t id, c.PathId("campaign_id"));
  DX_TRY(lg::PlanBoard board, Plan(c).Board(c.ctx, id));
  boost::json::array parts;
  for (const auto& p : board.parts) parts.push_back(PartJson(p));
  return JsonResponse(200, boost::json::object{{"campaign_id", board.campaign_id},
                                               {"total", board.total},
                                               {"closed", board.closed},
                                               {"progress_percent", board.progress_percent},
                                               {"truncated", board.truncated},
                                               {"parts", std::move(parts)}});
}

Response GetEvidence(Call& c) {
  DX_TRY(int64_t id, c.PathId());
  DX_TRY(lg::Evidence e, Plan(c).GetEvidence(c.ctx, id));
  return JsonResponse(200, EvidenceJson(e));
}

Response SetEvidence(Call& c) {
  DX_TRY(int64_t id, c.PathId());
  DX_TRY(JsonBody body, JsonBody::Parse(c.req.body));
  DX_TRY(int64_t version, body.RequiredInt("version"));
  DX_TRY(auto ids, body.OptionalIntArray("event_ids", lg::kMaxEvidence));
  DX_TRY_STATUS(body.Finish());
  if (!ids) {
    return ErrorResponse(MakeError(Code::kInvalidArgument, "请提供 event_ids", "event_ids"));
  }
  DX_TRY(lg::Evidence e, Plan(c).SetEvidence(c.ctx, id, version, std::move(*ids)));
  return JsonResponse(200, EvidenceJson(e));
}

Response SetGroup(Call& c) {
  DX_TRY(int64_t id, c.PathId());
  DX_TRY(JsonBody body, JsonBody::Parse(c.req.body));
  DX_TRY(int64_t version, body.RequiredInt("version"));
  DX_TRY(auto group, body.NullableInt("group_id"));
  DX_TRY_STATUS(body.Finish());
  if (!group) {
    return ErrorResponse(MakeError(Code::kInvalidArgument, "请提供 group_id（可为 null）", "group_id"));
  }
  DX_TRY(lg::Evidence e, Plan(c).SetGroup(c.ctx, id, version, *group));
  return JsonResponse(200, EvidenceJson(e));
}

Response Figures(Call& c) {
  DX_TRY(int64_t id, c.PathId("campaign_id"));
  DX_TRY(lg::ServingFigures f, c.s.Get<lg::ServingService>().Figures(c.ctx, id));
  boost::json::object o = ServingFiguresJson(f);
  o["campaign_id"] = id;
  return JsonResponse(200, o);
}

}  // namespace

void ProvideLedgerPlan(ModuleSetup& s) {
  s.services.Make<lg::PlanService>(s.db);
  s.services.Make<lg::ServingService>(s.db);
  s.services.Make<lg::PublicLedgerService>(s.db);
}

void RegisterLedgerPlanRoutes(Router& router) {
  const RouteAuthorize writers = WritersOnly("无权修改台账事项");
  router.Add({"GET", "/api/v1/ledger/plan/{campaign_id}/board", Access::kSignedIn, Board});
  router.Add({"GET", "/api/v1/ledger/items/{id}/evidence", Access::kSignedIn, GetEvidence});
  router.Add({"PUT", "/api/v1/ledger/items/{id}/evidence", Access::kSignedIn, SetEvidence,
              kSmallBody, writers});
  router.Add({"PUT", "/api/v1/ledger/items/{id}/group", Access::kSignedIn, SetGroup, kSmallBody,
              writers});
  router.Add({"GET", "/api/v1/ledger/figures/{campaign_id}", Access::kSignedIn, Figures});
}

}  // namespace duxing::api
