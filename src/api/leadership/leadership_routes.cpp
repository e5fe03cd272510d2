// /api/v1/campaigns/{id}/leadership: a campaign's leading group, office and
// working groups with their dated memberships (who was responsible for what
// on a day: ?on=YYYY-MM-DD); /leadership-groups and /leadership-members:
// their edits and the hand-over of a role.
#include "api/json_body.hpp"
#include "api/module.hpp"
#include "api/record_routes.hpp"
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

// A new group: kind and name required.
Result<ld::Group> ReadNewGroup(JsonBody& body) {
  ld::Group g;
  DX_ASSIGN_OR_RETURN(
      g.kind,
      body.RequiredEnum(
          "kind", [](std::string_view s) { return ld::kGroupKinds.Parse(s); }, "小组类别无效"));
  DX_ASSIGN_OR_RETURN(g.name, body.RequiredString("name", ld::kMaxGroupName));
  DX_ASSIGN_OR_RETURN(auto duties, body.OptionalString("duties", ld::kMaxDuties));
  DX_ASSIGN_OR_RETURN(auto position, body.OptionalInt("position"));
  g.duties = duties.value_or("");
  g.position = position.value_or(0);
  return g;
}

Result<ld::GroupPatch> ReadGroupPatch(JsonBody& body) {
  ld::GroupPatch p;
  DX_ASSIGN_OR_RETURN(p.name, body.OptionalString("name", ld::kMaxGroupName));
  DX_ASSIGN_OR_RETURN(p.duties, body.OptionalString("duties", ld::kMaxDuties));
  DX_ASSIGN_OR_RETURN(p.position, body.OptionalInt("position"));
  return p;
}

// A new member: person_id, role and start_date required.
Result<ld::Member> ReadNewMember(JsonBody& body) {
  ld::Member m;
  DX_ASSIGN_OR_RETURN(m.person_id, body.RequiredInt("person_id"));
  DX_ASSIGN_OR_RETURN(m.role, body.RequiredEnum("role", ParseRole, "角色无效"));
  DX_ASSIGN_OR_RETURN(auto title, body.OptionalString("title", ld::kMaxTitle));
  DX_ASSIGN_OR_RETURN(auto responsibility, ReadResponsibility(body));
  DX_ASSIGN_OR_RETURN(auto duties, body.OptionalString("duties", ld::kMaxDuties));
  DX_ASSIGN_OR_RETURN(m.start_date, body.RequiredString("start_date", 10));
  DX_ASSIGN_OR_RETURN(auto end, body.NullableString("end_date", 10));
  m.title = title.value_or("");
  m.responsibility = responsibility.value_or(std::nullopt);
  m.duties = duties.value_or("");
  m.end_date = end.value_or(std::nullopt);
  return m;
}

Result<ld::MemberPatch> ReadMemberPatch(JsonBody& body) {
  ld::MemberPatch p;
  DX_ASSIGN_OR_RETURN(p.role, body.OptionalEnum("role", ParseRole, "角色无效"));
  DX_ASSIGN_OR_RETURN(p.title, body.OptionalString("title", ld::kMaxTitle));
  DX_ASSIGN_OR_RETURN(p.responsibility, ReadResponsibility(body));
  DX_ASSIGN_OR_RETURN(p.duties, body.OptionalString("duties", ld::kMaxDuties));
  DX_ASSIGN_OR_RETURN(p.start_date, body.OptionalString("start_date", 10));
  DX_ASSIGN_OR_RETURN(p.end_date, body.NullableString("end_date", 10));
  return p;
}

// A hand-over: the date and the successor required.
Result<ld::HandOver> ReadHandOver(JsonBody& body) {
  ld::HandOver h;
  DX_ASSIGN_OR_RETURN(h.date, body.RequiredString("date", 10));
  DX_ASSIGN_OR_RETURN(h.person_id, body.RequiredInt("person_id"));
  DX_ASSIGN_OR_RETURN(h.title, body.OptionalString("title", ld::kMaxTitle));
  DX_ASSIGN_OR_RETURN(h.duties, body.OptionalString("duties", ld::kMaxDuties));
  return h;
}

}  // namespace

void RegisterLeadershipRoutes(Router& router) {
  router.Add({"GET", "/api/v1/campaigns/{id}/leadership", Access::kSignedIn, Get});
  using S = ld::LeadershipService;
  const auto in = Access::kSignedIn;
  // The groups are kept by the campaign's administrators: others are
  // refused before their body is read.
  const RouteAuthorize writers = WritersOnly("无权修改领导小组");
  router.Add({"POST", "/api/v1/campaigns/{id}/leadership-groups", in,
              CreateChildRecord<&S::CreateGroup>(ReadNewGroup, GroupJson), kDefaultMaxBody,
              writers});
  router.Add({"PATCH", "/api/v1/leadership-groups/{id}", in,
              EditRecord<&S::UpdateGroup>(ReadGroupPatch, GroupJson), kDefaultMaxBody, writers});
  router.Add({"POST", "/api/v1/leadership-groups/{id}/members", in,
              CreateChildRecord<&S::AddMember>(ReadNewMember, MemberJson), kDefaultMaxBody,
              writers});
  router.Add({"PATCH", "/api/v1/leadership-members/{id}", in,
              EditRecord<&S::UpdateMember>(ReadMemberPatch, MemberJson), kDefaultMaxBody,
              writers});
  router.Add({"POST", "/api/v1/leadership-members/{id}/hand-over", in,
              EditRecord<&S::HandOverMember>(ReadHandOver, MemberJson, 201), kSmallBody,
              writers});
}

const Module& LeadershipModule() {
  static const Module m{&ld::Info, "leadership/openapi.json",
                        [](ModuleSetup& s) { s.services.Make<ld::LeadershipService>(s.db); },
                        RegisterLeadershipRoutes};
  return m;
}

}  // namespace duxing::api
