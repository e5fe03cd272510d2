// /api/v1/campaigns: 学习教育活动; /api/v1/account/current-campaign: the
// header's selector, remembered per account.
#include "api/json_body.hpp"
#include "api/module.hpp"
#include "api/record_routes.hpp"
#include "api/router.hpp"
#include "common/text.hpp"
#include "domain/campaigns/campaign.hpp"

namespace duxing::api {
namespace {

namespace cp = domain::campaigns;

boost::json::array TextsJson(const std::vector<std::string>& list) {
  boost::json::array out;
  for (const auto& s : list) out.push_back(boost::json::string(s));
  return out;
}

boost::json::object CampaignJson(const cp::Campaign& c) {
  boost::json::array phases;
  for (const auto& p : c.phases) {
    phases.push_back({{"name", p.name}, {"start_date", p.start_date}, {"end_date", p.end_date}});
  }
  return {{"id", c.id},
          {"name", c.name},
          {"year", c.year},
          {"start_date", c.start_date},
          {"end_date", c.end_date},
          {"goals", TextsJson(c.goals)},
          {"phases", std::move(phases)},
          {"study_points", TextsJson(c.study_points)},
          {"status", cp::StatusName(c.status)},
          {"org_id", c.org_id},
          {"org_name", c.org_name},
          {"archived", c.archived},
          {"version", c.version}};
}

Error NotTexts(std::string_view name) {
  return MakeError(Code::kInvalidArgument, std::string(name) + " 应为字符串数组",
                   std::string(name));
}

// Reads an array of strings (each trimmed) when present.
Result<std::optional<std::vector<std::string>>> ReadTexts(JsonBody& body,
                                                          std::string_view name) {
  using Out = std::optional<std::vector<std::string>>;
  const boost::json::value* v = body.Raw(name);
  if (!v) return Out();
  if (!v->is_array()) return NotTexts(name);
  std::vector<std::string> out;
  for (const auto& item : v->get_array()) {
    if (!item.is_string()) return NotTexts(name);
    out.push_back(Trim(std::string(item.get_string())));
  }
  return Out(std::move(out));
}

// Reads "phases": [{"name", "start_date", "end_date"}, ...] when present.
Result<std::optional<std::vector<cp::Phase>>> ReadPhases(JsonBody& body) {
  using Out = std::optional<std::vector<cp::Phase>>;
  const boost::json::value* v = body.Raw("phases");
  if (!v) return Out();
  Error bad = MakeError(Code::kInvalidArgument,
                        "phases 应为 [{\"name\":…,\"start_date\":…,\"end_date\":…}] 形式的数组",
                        "phases");
  if (!v->is_array()) return bad;
  std::vector<cp::Phase> out;
  for (const auto& item : v->get_array()) {
    if (!item.is_object() || item.get_object().size() != 3) return bad;
    const auto& o = item.get_object();
    const auto* name = o.if_contains("name");
    const auto* start = o.if_contains("start_date");
    const auto* end = o.if_contains("end_date");
    if (!name || !start || !end || !name->is_string() || !start->is_string() ||
        !end->is_string()) {
      return bad;
    }
    out.push_back({Trim(std::string(name->get_string())), std::string(start->get_string()),
                   std::string(end->get_string())});
  }
  return Out(std::move(out));
}

// The fields a create and an edit share; absent ones stay nullopt.
Result<cp::CampaignPatch> ReadFields(JsonBody& body) {
  cp::CampaignPatch p;
  DX_ASSIGN_OR_RETURN(p.name, body.OptionalString("name", cp::kMaxName));
  DX_ASSIGN_OR_RETURN(p.year, body.OptionalInt("year"));
  DX_ASSIGN_OR_RETURN(p.start_date, body.OptionalString("start_date", 10));
  DX_ASSIGN_OR_RETURN(p.end_date, body.OptionalString("end_date", 10));
  DX_ASSIGN_OR_RETURN(p.goals, ReadTexts(body, "goals"));
  DX_ASSIGN_OR_RETURN(p.phases, ReadPhases(body));
  DX_ASSIGN_OR_RETURN(p.study_points, ReadTexts(body, "study_points"));
  DX_ASSIGN_OR_RETURN(p.status, body.OptionalEnum("status", cp::ParseStatus, "活动状态无效"));
  return p;
}

cp::CampaignService& Campaigns(Call& c) { return c.s.Get<cp::CampaignService>(); }

Response List(Call& c) {
  cp::CampaignFilter f;
  DX_TRY(f.year, QueryInt(c.req, "year"));
  if (auto s = QueryString(c.req, "status")) {
    f.status = cp::ParseStatus(*s);
    if (!f.status) {
      return ErrorResponse(MakeError(Code::kInvalidArgument, "活动状态无效", "status"));
    }
  }
  DX_TRY(f.include_archived, QueryBool(c.req, "include_archived"));
  DX_TRY(auto list, Campaigns(c).List(c.ctx, f));
  return ListOf(list, CampaignJson);
}

// A new campaign: org_id, name, year and dates required, the rest defaulted.
Result<cp::Campaign> ReadNewCampaign(JsonBody& body) {
  cp::Campaign in;
  DX_ASSIGN_OR_RETURN(in.org_id, body.RequiredInt("org_id"));
  DX_ASSIGN_OR_RETURN(in.name, body.RequiredString("name", cp::kMaxName));
  DX_ASSIGN_OR_RETURN(in.year, body.RequiredInt("year"));
  DX_ASSIGN_OR_RETURN(in.start_date, body.RequiredString("start_date", 10));
  DX_ASSIGN_OR_RETURN(in.end_date, body.RequiredString("end_date", 10));
  DX_ASSIGN_OR_RETURN(cp::CampaignPatch p, ReadFields(body));
  in.goals = p.goals.value_or(std::vector<std::string>{});
  in.phases = p.phases.value_or(std::vector<cp::Phase>{});
  in.study_points = p.study_points.value_or(std::vector<std::string>{});
  in.status = p.status.value_or(cp::CampaignStatus::kPreparing);
  return in;
}

Response CurrentJson(const std::optional<cp::Campaign>& current) {
  boost::json::object o;
  o["campaign"] = current ? boost::json::value(CampaignJson(*current)) : nullptr;
  return JsonResponse(200, o);
}

Response GetCurrent(Call& c) {
  DX_TRY(auto current, Campaigns(c).Current(c.ctx));
  return CurrentJson(current);
}

Response SetCurrent(Call& c) {
  DX_TRY(JsonBody body, JsonBody::Parse(c.req.body));
  DX_TRY(int64_t id, body.RequiredInt("campaign_id"));
  DX_TRY_STATUS(body.Finish());
  DX_TRY(auto chosen, Campaigns(c).SetCurrent(c.ctx, id));
  return CurrentJson(chosen);
}

}  // namespace

void RegisterCampaignRoutes(Router& router) {
  using S = cp::CampaignService;
  router.Add({"GET", "/api/v1/campaigns", Access::kSignedIn, List});
  // Campaigns are run by org admins (campaign.hpp): who writes no records at
  // all is refused before the body is read, the org is the service's check.
  const RouteAuthorize writers = WritersOnly("无权管理学习教育活动");
  router.Add({"POST", "/api/v1/campaigns", Access::kSignedIn,
              CreateRecord<&S::Create>(ReadNewCampaign, CampaignJson), kDefaultMaxBody, writers});
  router.Add({"GET", "/api/v1/campaigns/{id}", Access::kSignedIn,
              GetRecord<&S::Get>(CampaignJson)});
  router.Add({"PATCH", "/api/v1/campaigns/{id}", Access::kSignedIn,
              EditRecord<&S::Update>(ReadFields, CampaignJson), kDefaultMaxBody, writers});
  router.Add({"POST", "/api/v1/campaigns/{id}/archive", Access::kSignedIn,
              ArchiveRecord<&S::Archive>(CampaignJson), kSmallBody, writers});
  router.Add({"GET", "/api/v1/account/current-campaign", Access::kSignedIn, GetCurrent});
  router.Add({"PUT", "/api/v1/account/current-campaign", Access::kSignedIn, SetCurrent,
              kSmallBody});
}

const Module& CampaignsModule() {
  static const Module m{&cp::Info, "campaigns/openapi.json",
                        [](ModuleSetup& s) { s.services.Make<cp::CampaignService>(s.db); },
                        RegisterCampaignRoutes};
  return m;
}

}  // namespace duxing::api
