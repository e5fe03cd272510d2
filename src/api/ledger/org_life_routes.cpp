// /api/v1/ledger/life-meetings: 专题组织生活会 (the event's preparation,
// speeches, commitments, criticisms, problems, review) and
// /api/v1/ledger/life-problems/{id}/items: a problem's rectification items;
// /api/v1/ledger/life-meeting-summaries: the meetings' list's state of each.
#include <charconv>
#include <set>

#include "api/json_body.hpp"
#include "api/ledger/life_routes.hpp"
#include "api/record_routes.hpp"
#include "domain/attachments/attachment.hpp"
#include "domain/ledger/enterprise.hpp"
#include "domain/ledger/org_life.hpp"
#include "domain/ledger/self_check.hpp"

namespace duxing::api {
namespace {

namespace lg = domain::ledger;
using ledger_life::ItemBriefsJson;
using ledger_life::OptJson;
using Meetings = lg::OrgLifeService;

boost::json::object MemberJson(const lg::LifeMeetingMember& m) {
  return {{"person_id", m.person_id},
          {"name", m.name},
          {"org_name", m.org_name},
          {"as_ordinary_member", m.as_ordinary_member},
          {"speech_outline", m.speech_outline},
          {"speech_attachment_id", OptJson(m.speech_attachment_id)},
          {"speech_file_name", m.speech_file_name},
          {"commitment", m.commitment},
          {"spoke", m.spoke},
          {"version", m.version}};
}

boost::json::object CriticismJson(const lg::Criticism& c) {
  return {{"id", c.id},
          {"from_person_id", c.from_person_id},
          {"from_name", c.from_name},
          {"to_person_id", c.to_person_id},
          {"to_name", c.to_name},
          {"self_criticism", c.from_person_id == c.to_person_id},
          {"text", c.text},
          {"created_at", c.created_at}};
}

boost::json::object ProblemJson(const lg::LifeProblem& p) {
  return {{"id", p.id},
          {"event_id", p.event_id},
          {"person_id", p.person_id},
          {"person_name", p.person_name},
          {"category", lg::kProblemCategoryCodes.Name(p.category)},
          {"category_label", lg::kProblemCategoryCodes.Label(p.category)},
          {"text", p.text},
          {"items", ItemBriefsJson(p.items)}};
}

boost::json::object MeetingJson(const lg::LifeMeeting& m) {
  boost::json::array members, criticisms, problems;
  for (const auto& x : m.members) members.push_back(MemberJson(x));
  for (const auto& x : m.criticisms) criticisms.push_back(CriticismJson(x));
  for (const auto& x : m.problems) problems.push_back(ProblemJson(x));
  return {{"event_id", m.event_id},
          {"title", m.title},
          {"starts_at", m.starts_at},
          {"campaign_id", OptJson(m.campaign_id)},
          {"org_id", m.org_id},
          {"org_name", m.org_name},
          {"talks_done", m.talks_done},
          {"opinions_collected", m.opinions_collected},
          {"preparation_note", m.preparation_note},
          {"reviewed_at", OptJson(m.reviewed_at)},
          {"reviewed_by_name", m.reviewed_by_name},
          {"review_note", m.review_note},
          {"version", m.version},
          {"members", std::move(members)},
          {"criticisms", std::move(criticisms)},
          {"problems", std::move(problems)},
          {"members_not_spoken", m.members_not_spoken},
          {"problems_without_items", m.problems_without_items},
          {"all_spoke", m.members_not_spoken == 0},
          {"all_problems_have_items", m.problems_without_items == 0},
          {"may_write", m.may_write},
          {"may_review", m.may_review}};
}

Result<lg::PreparationPatch> ReadPreparation(JsonBody& body) {
  lg::PreparationPatch p;
  DX_ASSIGN_OR_RETURN(p.talks_done, body.OptionalInt("talks_done"));
  DX_ASSIGN_OR_RETURN(p.opinions_collected, body.OptionalInt("opinions_collected"));
  DX_ASSIGN_OR_RETURN(p.preparation_note,
                      body.OptionalString("preparation_note", lg::kMaxPreparationNote));
  return p;
}

Response UpdateMember(Call& c) {
  DX_TRY(int64_t id, c.PathId());
  DX_TRY(int64_t person_id, c.PathId("person_id"));
  DX_TRY(JsonBody body, JsonBody::Parse(c.req.body));
  lg::MemberPatch p;
  DX_TRY(p.version, body.RequiredInt("version"));
  DX_TRY(p.speech_outline, body.OptionalString("speech_outline", lg::kMaxSpeechOutline));
  DX_TRY(p.speech_attachment_id, body.NullableInt("speech_attachment_id"));
  DX_TRY(p.commitment, body.OptionalString("commitment", lg::kMaxCommitment));
  DX_TRY(p.as_ordinary_member, body.OptionalBool("as_ordinary_member"));
  DX_TRY_STATUS(body.Finish());
  DX_TRY(auto m, c.s.Get<Meetings>().UpdateMember(c.ctx, id, person_id, p));
  return JsonResponse(200, MeetingJson(m));
}

Result<lg::NewCriticism> ReadCriticism(JsonBody& body) {
  lg::NewCriticism n;
  DX_ASSIGN_OR_RETURN(n.from_person_id, body.RequiredInt("from_person_id"));
  DX_ASSIGN_OR_RETURN(n.to_person_id, body.RequiredInt("to_person_id"));
  DX_ASSIGN_OR_RETURN(n.text, body.RequiredString("text", lg::kMaxCriticism));
  return n;
}

std::optional<lg::ProblemCategory> ParseCategory(std::string_view code) {
  return lg::kProblemCategoryCodes.Parse(code);
}

Result<lg::NewProblem> ReadProblem(JsonBody& body) {
  lg::NewProblem n;
  DX_ASSIGN_OR_RETURN(n.person_id, body.RequiredInt("person_id"));
  DX_ASSIGN_OR_RETURN(n.category, body.RequiredEnum("category", ParseCategory, "问题类别无效"));
  DX_ASSIGN_OR_RETURN(n.text, body.RequiredString("text", lg::kMaxProblemText));
  return n;
}

Result<lg::NewRectification> ReadRectification(JsonBody& body) {
  lg::NewRectification r;
  DX_ASSIGN_OR_RETURN(auto title, body.OptionalString("title", lg::kMaxItemTitle));
  r.title = title.value_or("");
  DX_ASSIGN_OR_RETURN(r.measures, body.RequiredString("measures", lg::kMaxItemText));
  DX_ASSIGN_OR_RETURN(r.deadline, body.RequiredString("deadline", 10));
  DX_ASSIGN_OR_RETURN(r.responsible_person_id, body.RequiredInt("responsible_person_id"));
  DX_ASSIGN_OR_RETURN(r.leader_person_id, body.OptionalInt("leader_person_id"));
  DX_ASSIGN_OR_RETURN(r.item_class, body.OptionalString("item_class", 20));
  return r;
}

// ?ids=1,2,3: distinct positive ids, at most lg::kMaxSummaryIds, read in
// one pass over the bounded text.
Result<std::vector<int64_t>> QueryMeetingIds(const Request& req) {
  const auto bad = [] {
    return MakeError(Code::kInvalidArgument,
                     "参数 ids 应为以逗号分隔的会议编号，最多 " +
                         std::to_string(lg::kMaxSummaryIds) + " 个",
                     "ids");
  };
  const std::string text = QueryString(req, "ids").value_or("");
  if (text.empty() || text.size() > lg::kMaxSummaryIds * 21) return bad();
  std::vector<int64_t> ids;
  std::set<int64_t> seen;
  const char* at = text.data();
  const char* end = text.data() + text.size();
  while (true) {
    int64_t id = 0;
    auto r = std::from_chars(at, end, id);
    if (r.ec != std::errc() || r.ptr == at || id <= 0 || !seen.insert(id).second) return bad();
    ids.push_back(id);
    if (ids.size() > lg::kMaxSummaryIds) return bad();
    if (r.ptr == end) break;
    if (*r.ptr != ',') return bad();
    at = r.ptr + 1;
  }
  return ids;
}

// GET /ledger/life-meeting-summaries?ids=: the list's state of each meeting.
Response Summaries(Call& c) {
  DX_TRY(auto ids, QueryMeetingIds(c.req));
  DX_TRY(auto summaries, c.s.Get<Meetings>().Summaries(c.ctx, ids));
  boost::json::array items;
  for (const auto& x : summaries) {
    items.push_back({{"event_id", x.event_id},
                     {"reviewed", x.reviewed},
                     {"members", x.members},
                     {"members_spoken", x.members_spoken},
                     {"problems", x.problems},
                     {"problems_with_items", x.problems_with_items}});
  }
  return JsonResponse(200, boost::json::object{{"items", std::move(items)}});
}

Result<std::tuple<std::string>> ReadReview(JsonBody& body) {
  DX_ASSIGN_OR_RETURN(auto note, body.OptionalString("note", lg::kMaxReviewNote));
  return std::tuple<std::string>(note.value_or(""));
}

}  // namespace

namespace ledger_life {

Result<lg::ItemAssignment> ReadItemAssignment(JsonBody& body) {
  lg::ItemAssignment a;
  DX_ASSIGN_OR_RETURN(a.responsible_person_id, body.OptionalInt("responsible_person_id"));
  DX_ASSIGN_OR_RETURN(a.leader_person_id, body.OptionalInt("leader_person_id"));
  DX_ASSIGN_OR_RETURN(a.deadline, body.OptionalString("deadline", 10));
  DX_ASSIGN_OR_RETURN(a.item_class, body.OptionalString("item_class", 20));
  return a;
}

}  // namespace ledger_life

void ProvideLedgerLife(ModuleSetup& s) {
  auto& files = s.services.Get<domain::attachments::AttachmentService>();
  s.services.Make<lg::OrgLifeService>(s.db, files);
  s.services.Make<lg::EnterpriseVisitService>(s.db);
  s.services.Make<lg::SelfCheckService>(s.db);
  lg::DeclareLifeMeetingAttachments(s.services.Get<domain::attachments::RecordRights>());
}

void RegisterLedgerLifeRoutes(Router& router) {
  const auto in = Access::kSignedIn;
  // Members write only their own speech and commitment (the members route);
  // every other write is staff's: a member or a leader is refused from the
  // request head.
  const RouteAuthorize writers = WritersOnly("无权修改组织生活会记录");
  const std::string base = "/api/v1/ledger/life-meetings/{id}";
  router.Add({"GET", "/api/v1/ledger/life-meeting-summaries", in, Summaries});
  router.Add({"GET", base, in, GetRecord<&Meetings::Get>(MeetingJson)});
  router.Add({"PATCH", base, in,
              EditRecord<&Meetings::UpdatePreparation>(ReadPreparation, MeetingJson), kSmallBody,
              writers});
  router.Add({"PATCH", base + "/members/{person_id}", in, UpdateMember});
  router.Add({"POST", base + "/criticisms", in,
              CreateChildRecord<&Meetings::AddCriticism>(ReadCriticism, CriticismJson),
              kSmallBody, writers});
  router.Add({"POST", base + "/problems", in,
              CreateChildRecord<&Meetings::AddProblem>(ReadProblem, ProblemJson), kSmallBody,
              writers});
  router.Add({"POST", base + "/review", in, EditRecord<&Meetings::Review>(ReadReview, MeetingJson),
              kSmallBody, writers});
  router.Add({"POST", "/api/v1/ledger/life-problems/{id}/items", in,
              CreateChildRecord<&Meetings::AddRectification>(ReadRectification, ProblemJson),
              kSmallBody, writers});
  ledger_life::RegisterEnterpriseRoutes(router);
  ledger_life::RegisterSelfCheckRoutes(router);
}

}  // namespace duxing::api
