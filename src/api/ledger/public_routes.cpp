// /api/v1/public/ledger/{campaign_id}: the public 晒单 page of a campaign's
// 我为群众办实事, answered without signing in (domain/ledger/public_page.hpp:
// nothing personal is read; bounded in size and per client address).
#include "api/ledger/plan_routes.hpp"
#include "api/router.hpp"
#include "domain/ledger/public_page.hpp"

namespace duxing::api {
namespace {

namespace lg = domain::ledger;

boost::json::array PublicItemsJson(const std::vector<lg::PublicItem>& items, bool with_area) {
  boost::json::array out;
  for (const lg::PublicItem& i : items) {
    boost::json::object o{
        {"id", i.id},         {"title", i.title},         {"measures", i.measures},
        {"result", i.result}, {"closed_on", i.closed_on}, {"org_name", i.org_name}};
    if (with_area) {
      o["project_area"] = i.project_area ? boost::json::value(*i.project_area) : nullptr;
    }
    out.push_back(std::move(o));
  }
  return out;
}

Response PublicLedger(Call& c) {
  DX_TRY(int64_t id, c.PathId("campaign_id"));
  DX_TRY(auto page, c.s.Get<lg::PublicLedgerService>().Page(c.ctx, id));
  return JsonResponse(200, boost::json::object{{"campaign_id", page->campaign_id},
                                               {"campaign_name", page->campaign_name},
                                               {"year", page->year},
                                               {"unit_name", page->unit_name},
                                               {"figures", ServingFiguresJson(page->figures)},
                                               {"projects", PublicItemsJson(page->projects, true)},
                                               {"concerns", PublicItemsJson(page->concerns, false)},
                                               {"truncated", page->truncated}});
}

}  // namespace

boost::json::object ServingFiguresJson(const lg::ServingFigures& f) {
  return {{"forums_held", f.forums_held},
          {"residents_taking_part", f.residents_taking_part},
          {"concerns_collected", f.concerns_collected},
          {"concerns_resolved", f.concerns_resolved},
          {"projects_done", f.projects_done},
          {"projects_total", f.projects_total}};
}

void RegisterLedgerPublicRoutes(Router& router) {
  // A GET without a body: the smallest body limit refuses any body unread.
  router.Add({"GET", "/api/v1/public/ledger/{campaign_id}", Access::kPublic, PublicLedger, 0});
}

}  // namespace duxing::api
