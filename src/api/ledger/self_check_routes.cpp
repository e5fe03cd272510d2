// /api/v1/ledger/self-checks: 专项监督检查自查 with their checklist points;
// /api/v1/ledger/self-check-points/{id}: a point's finding.
#include "api/json_body.hpp"
#include "api/ledger/life_routes.hpp"
#include "api/record_routes.hpp"
#include "domain/ledger/self_check.hpp"

namespace duxing::api::ledger_life {
namespace {

namespace lg = domain::ledger;
using Checks = lg::SelfCheckService;

boost::json::object PointJson(const lg::CheckPoint& p) {
  return {{"id", p.id},
          {"position", p.position},
          {"text", p.text},
          {"result", p.result ? boost::json::value(lg::kPointResultCodes.Name(*p.result))
                              : boost::json::value(nullptr)},
          {"note", p.note},
          {"item", p.item ? boost::json::value(ItemBriefJson(*p.item)) : boost::json::value(nullptr)},
          {"version", p.version}};
}

boost::json::object CheckJson(const lg::SelfCheck& c) {
  boost::json::array points;
  for (const auto& p : c.points) points.push_back(PointJson(p));
  return {{"id", c.id},
          {"campaign_id", OptJson(c.campaign_id)},
          {"org_id", c.org_id},
          {"org_name", c.org_name},
          {"title", c.title},
          {"check_date", c.check_date},
          {"archived", c.archived},
          {"version", c.version},
          {"met", c.met},
          {"unmet", c.unmet},
          {"unchecked", c.unchecked},
          {"points", std::move(points)},
          {"may_write", c.may_write}};
}

Response List(Call& c) {
  lg::SelfCheckFilter f;
  DX_TRY(f.page, QueryPage(c.req));
  DX_TRY(f.campaign_id, QueryInt(c.req, "campaign_id"));
  DX_TRY(f.org_id, QueryInt(c.req, "org_id"));
  f.sort = QueryString(c.req, "sort").value_or("");
  DX_TRY(auto page, c.s.Get<Checks>().List(c.ctx, f));
  return PageOf(page, CheckJson);
}

Result<lg::NewSelfCheck> ReadNewCheck(JsonBody& body) {
  lg::NewSelfCheck n;
  DX_ASSIGN_OR_RETURN(n.org_id, body.RequiredInt("org_id"));
  DX_ASSIGN_OR_RETURN(n.campaign_id, body.OptionalInt("campaign_id"));
  DX_ASSIGN_OR_RETURN(n.title, body.RequiredString("title", lg::kMaxCheckTitle));
  DX_ASSIGN_OR_RETURN(n.check_date, body.RequiredString("check_date", 10));
  DX_ASSIGN_OR_RETURN(auto points,
                      body.OptionalStringArray("points", lg::kMaxCheckPoints, lg::kMaxPointText));
  n.points = points.value_or(std::vector<std::string>{});
  return n;
}

std::optional<lg::PointResult> ParseResult(std::string_view code) {
  return lg::kPointResultCodes.Parse(code);
}

Result<lg::PointFinding> ReadFinding(JsonBody& body) {
  lg::PointFinding f;
  DX_ASSIGN_OR_RETURN(f.result, body.RequiredEnum("result", ParseResult, "检查结果无效"));
  DX_ASSIGN_OR_RETURN(auto note, body.OptionalString("note", lg::kMaxPointNote));
  f.note = note.value_or("");
  DX_ASSIGN_OR_RETURN(f.assign, ReadItemAssignment(body));
  return f;
}

}  // namespace

void RegisterSelfCheckRoutes(Router& router) {
  const auto in = Access::kSignedIn;
  const RouteAuthorize writers = WritersOnly("无权修改自查记录");
  router.Add({"GET", "/api/v1/ledger/self-checks", in, List});
  router.Add({"POST", "/api/v1/ledger/self-checks", in,
              CreateRecord<&Checks::Create>(ReadNewCheck, CheckJson), kSmallBody, writers});
  router.Add({"GET", "/api/v1/ledger/self-checks/{id}", in, GetRecord<&Checks::Get>(CheckJson)});
  router.Add({"POST", "/api/v1/ledger/self-check-points/{id}/finding", in,
              EditRecord<&Checks::RecordPoint>(ReadFinding, CheckJson), kSmallBody, writers});
}

}  // namespace duxing::api::ledger_life
