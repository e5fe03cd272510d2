// /api/v1/ledger/enterprise-visits: 千人进企业服务 visits (events of type
// enterprise_visit) and the enterprise issues raised there.
#include "api/json_body.hpp"
#include "api/ledger/life_routes.hpp"
#include "api/record_routes.hpp"
#include "domain/ledger/enterprise.hpp"

namespace duxing::api::ledger_life {
namespace {

namespace lg = domain::ledger;
using Visits = lg::EnterpriseVisitService;

boost::json::object VisitJson(const lg::EnterpriseVisit& v) {
  return {{"event_id", v.event_id},
          {"title", v.title},
          {"campaign_id", OptJson(v.campaign_id)},
          {"org_id", v.org_id},
          {"org_name", v.org_name},
          {"enterprise_name", v.enterprise_name},
          {"credit_code", v.credit_code},
          {"visitor_person_id", v.visitor_person_id},
          {"visitor_name", v.visitor_name},
          {"visit_date", v.visit_date},
          {"note", v.note},
          {"version", v.version},
          {"issues", ItemBriefsJson(v.issues)},
          {"may_write", v.may_write}};
}

Response List(Call& c) {
  lg::VisitFilter f;
  DX_TRY(f.page, QueryPage(c.req));
  DX_TRY(f.campaign_id, QueryInt(c.req, "campaign_id"));
  DX_TRY(f.org_id, QueryInt(c.req, "org_id"));
  f.credit_code = QueryString(c.req, "credit_code");
  f.sort = QueryString(c.req, "sort").value_or("");
  DX_TRY(auto page, c.s.Get<Visits>().List(c.ctx, f));
  return PageOf(page, VisitJson);
}

Result<std::tuple<int64_t, lg::VisitFields>> ReadNewVisit(JsonBody& body) {
  lg::VisitFields v;
  DX_ASSIGN_OR_RETURN(int64_t event_id, body.RequiredInt("event_id"));
  DX_ASSIGN_OR_RETURN(v.enterprise_name,
                      body.RequiredString("enterprise_name", lg::kMaxEnterpriseName));
  DX_ASSIGN_OR_RETURN(v.credit_code, body.RequiredString("credit_code", 64));
  DX_ASSIGN_OR_RETURN(v.visitor_person_id, body.RequiredInt("visitor_person_id"));
  DX_ASSIGN_OR_RETURN(v.visit_date, body.RequiredString("visit_date", 10));
  DX_ASSIGN_OR_RETURN(auto note, body.OptionalString("note", lg::kMaxVisitNote));
  v.note = note.value_or("");
  return std::tuple<int64_t, lg::VisitFields>(event_id, std::move(v));
}

Result<lg::VisitPatch> ReadVisitPatch(JsonBody& body) {
  lg::VisitPatch p;
  DX_ASSIGN_OR_RETURN(p.enterprise_name,
                      body.OptionalString("enterprise_name", lg::kMaxEnterpriseName));
  DX_ASSIGN_OR_RETURN(p.credit_code, body.OptionalString("credit_code", 64));
  DX_ASSIGN_OR_RETURN(p.visitor_person_id, body.OptionalInt("visitor_person_id"));
  DX_ASSIGN_OR_RETURN(p.visit_date, body.OptionalString("visit_date", 10));
  DX_ASSIGN_OR_RETURN(p.note, body.OptionalString("note", lg::kMaxVisitNote));
  return p;
}

Result<lg::NewEnterpriseIssue> ReadIssue(JsonBody& body) {
  lg::NewEnterpriseIssue i;
  DX_ASSIGN_OR_RETURN(i.title, body.RequiredString("title", lg::kMaxItemTitle));
  DX_ASSIGN_OR_RETURN(auto description, body.OptionalString("description", lg::kMaxItemText));
  i.description = description.value_or("");
  DX_ASSIGN_OR_RETURN(i.org_id, body.RequiredInt("org_id"));
  DX_ASSIGN_OR_RETURN(i.assign, ReadItemAssignment(body));
  return i;
}

}  // namespace

void RegisterEnterpriseRoutes(Router& router) {
  const auto in = Access::kSignedIn;
  const RouteAuthorize writers = WritersOnly("无权修改企业走访记录");
  const std::string base = "/api/v1/ledger/enterprise-visits";
  router.Add({"GET", base, in, List});
  router.Add({"POST", base, in, CreateRecord<&Visits::Create>(ReadNewVisit, VisitJson), kSmallBody,
              writers});
  router.Add({"GET", base + "/{id}", in, GetRecord<&Visits::Get>(VisitJson)});
  router.Add({"PATCH", base + "/{id}", in, EditRecord<&Visits::Update>(ReadVisitPatch, VisitJson),
              kSmallBody, writers});
  router.Add({"POST", base + "/{id}/issues", in,
              CreateChildRecord<&Visits::AddIssue>(ReadIssue, VisitJson), kSmallBody, writers});
}

}  // namespace duxing::api::ledger_life
