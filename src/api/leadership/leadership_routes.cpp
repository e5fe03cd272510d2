// /api/v1/campaigns/{id}/leadership: a campaign's leading group, office and
// working groups with their dated memberships (who was responsible for what
// on a day: ?on=YYYY-MM-DD); /leadership-groups and /leadership-members:
// their edits and the hand-over of a role.
#include "api/json_body.hpp"
#include "api/module.hpp"
#include "api/router.hpp"
#include "domain/leadership/leadership.hpp"

namespace duxing::api {
namespace {

namespace ld = domain::leadership;

boost::json::value OptText(const std::optional<std::string>& s) {
  return s ? boost::json::value(*s) : boost::json::value(nullptr);
}

boost::json::object MemberJson(const ld::Member& m) {
  return {{"id", m.id},
          {"group_id", m.group_id},
          {"person_id", m.person_id},
          {"person_name", m.person_name},
          {"role", ld::kRoles.Name(m.role)},
          {"title", m.title},
          {"responsibility", m.responsibility
                                 ? boost::json::value(ld::kResponsibilities.Name(*m.responsibility))
                                 : boost::json::value(nullptr)},
          {"duties", m.duties},
          {"start_date", m.start_date},
          {"end_date", OptText(m.end_date)},
          {"predecessor_id",
           m.predecessor_id ? boost::json::value(*m.predecessor_id) : boost::json::value(nullptr)},
          {"version", m.version}};
}

boost::json::object GroupJson(const ld::Group& g) {
  boost::json::array members;
  for (const auto& m : g.members) members.push_back(MemberJson(m));
  return {{"id", g.id},
          {"campaign_id", g.campaign_id},
          {"kind", ld::kGroupKinds.Name(g.kind)},
          {"name", g.name},
          {"duties", g.duties},
          {"position", g.position},
          {"version", g.version},
          {"members", std::move(members)}};
}

ld::LeadershipService& Leadership(Call& c) { return c.s.Get<ld::LeadershipService>(); }

auto ParseRole(std::string_view s) { return ld::kRoles.Parse(s); }

// "responsibility": a code or null (none).
Result<std::optional<std::optional<ld::Responsibility>>> ReadResponsibility(JsonBody& body) {
  using Out = std::optional<std::optional<ld::Responsibility>>;
  DX_ASSIGN_OR_RETURN(auto text, body.NullableString("responsibility", 64));
  if (!text) return Out();
  if (!*text) return Out(std::optional<ld::Responsibility>());
  auto r = ld::kResponsibilities.Parse(**text);
  if (!r) return MakeError(Code::kInvalidArgument, "责任类型无效", "responsibility");
  return Out(r);
}

Response Get(Call& c) {
  DX_TRY(int64_t id, c.PathId());
  DX_TRY(auto got, Leadership(c).Get(c.ctx, id, QueryString(c.req, "on")));
  boost::json::array groups;
  for (const auto& g : got.groups) groups.push_back(GroupJson(g));
  return JsonResponse(200, boost::json::object{{"campaign_id", got.campaign_id},
                                               {"on", OptText(got.on)},
                                               {"may_write", got.may_write},
                                               {"groups", std::move(groups)}});
}

Response CreateGroup(Call& c) {
  DX_TRY(int64_t campaign, c.PathId());
  DX_TRY(JsonBody body, JsonBody::Parse(c.req.body));
  ld::Group g;
  DX_TRY(g.kind,
         body.RequiredEnum(
             "kind", [](std::string_view s) { return ld::kGroupKinds.Parse(s); }, "小组类别无效"));
  DX_TRY(g.name, body.RequiredString("name", ld::kMaxGroupName));
  DX_TRY(auto duties, body.OptionalString("duties", ld::kMaxDuties));
  DX_TRY(auto position, body.OptionalInt("position"));
  DX_TRY_STATUS(body.Finish());
  g.duties = duties.value_or("");
  g.position = position.value_or(0);
  DX_TRY(auto created, Leadership(c).CreateGroup(c.ctx, campaign, g));
  return JsonResponse(201, GroupJson(created));
}

Response UpdateGroup(Call& c) {
  DX_TRY(int64_t id, c.PathId());
  DX_TRY(JsonBody body, JsonBody::Parse(c.req.body));
  ld::GroupPatch p;
  DX_TRY(p.version, body.RequiredInt("version"));
  DX_TRY(p.name, body.OptionalString("name", ld::kMaxGroupName));
  DX_TRY(p.duties, body.OptionalString("duties", ld::kMaxDuties));
  DX_TRY(p.position, body.OptionalInt("position"));
  DX_TRY_STATUS(body.Finish());
  DX_TRY(auto updated, Leadership(c).UpdateGroup(c.ctx, id, p));
  return JsonResponse(200, GroupJson(updated));
}

Response AddMember(Call& c) {
  DX_TRY(int64_t group, c.PathId());
  DX_TRY(JsonBody body, JsonBody::Parse(c.req.body));
  ld::Member m;
  DX_TRY(m.person_id, body.RequiredInt("person_id"));
  DX_TRY(m.role, body.RequiredEnum("role", ParseRole, "角色无效"));
  DX_TRY(auto title, body.OptionalString("title", ld::kMaxTitle));
  DX_TRY(auto responsibility, ReadResponsibility(body));
  DX_TRY(auto duties, body.OptionalString("duties", ld::kMaxDuties));
  DX_TRY(m.start_date, body.RequiredString("start_date", 10));
  DX_TRY(auto end, body.NullableString("end_date", 10));
  DX_TRY_STATUS(body.Finish());
  m.title = title.value_or("");
  m.responsibility = responsibility.value_or(std::nullopt);
  m.duties = duties.value_or("");
  m.end_date = end.value_or(std::nullopt);
  DX_TRY(auto created, Leadership(c).AddMember(c.ctx, group, m));
  return JsonResponse(201, MemberJson(created));
}

Response UpdateMember(Call& c) {
  DX_TRY(int64_t id, c.PathId());
  DX_TRY(JsonBody body, JsonBody::Parse(c.req.body));
  ld::MemberPatch p;
  DX_TRY(p.version, body.RequiredInt("version"));
  DX_TRY(p.role, body.OptionalEnum("role", ParseRole, "角色无效"));
  DX_TRY(p.title, body.OptionalString("title", ld::kMaxTitle));
  DX_TRY(p.responsibility, ReadResponsibility(body));
  DX_TRY(p.duties, body.OptionalString("duties", ld::kMaxDuties));
  DX_TRY(p.start_date, body.OptionalString("start_date", 10));
  DX_TRY(p.end_date, body.NullableString("end_date", 10));
  DX_TRY_STATUS(body.Finish());
  DX_TRY(auto updated, Leadership(c).UpdateMember(c.ctx, id, p));
  return JsonResponse(200, MemberJson(updated));
}

Response HandOver(Call& c) {
  DX_TRY(int64_t id, c.PathId());
  DX_TRY(JsonBody body, JsonBody::Parse(c.req.body));
  ld::HandOver h;
  DX_TRY(h.version, body.RequiredInt("version"));
  DX_TRY(h.date, body.RequiredString("date", 10));
  DX_TRY(h.person_id, body.RequiredInt("person_id"));
  DX_TRY(h.title, body.OptionalString("title", ld::kMaxTitle));
  DX_TRY(h.duties, body.OptionalString("duties", ld::kMaxDuties));
  DX_TRY_STATUS(body.Finish());
  DX_TRY(auto successor, Leadership(c).HandOverMember(c.ctx, id, h));
  return JsonResponse(201, MemberJson(successor));
}

}  // namespace

void RegisterLeadershipRoutes(Router& router) {
  router.Add({"GET", "/api/v1/campaigns/{id}/leadership", Access::kSignedIn, Get});
  router.Add({"POST", "/api/v1/campaigns/{id}/leadership-groups", Access::kSignedIn, CreateGroup});
  router.Add({"PATCH", "/api/v1/leadership-groups/{id}", Access::kSignedIn, UpdateGroup});
  router.Add({"POST", "/api/v1/leadership-groups/{id}/members", Access::kSignedIn, AddMember});
  router.Add({"PATCH", "/api/v1/leadership-members/{id}", Access::kSignedIn, UpdateMember});
  router.Add({"POST", "/api/v1/leadership-members/{id}/hand-over", Access::kSignedIn, HandOver,
              kSmallBody});
}

const Module& LeadershipModule() {
  static const Module m{&ld::Info, "leadership/openapi.json",
                        [](ModuleSetup& s) { s.services.Make<ld::LeadershipService>(s.db); },
                        RegisterLeadershipRoutes};
  return m;
}

}  // namespace duxing::api
