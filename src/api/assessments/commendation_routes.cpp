// /api/v1/assessments/commendations: 学习标兵 and similar lists of a campaign,
// proposed by a rule, reviewed and published by the org's admins
// (domain/assessments/commendation.hpp).
#include "api/assessments/assessment_json.hpp"
#include "api/assessments/assessment_routes.hpp"
#include "api/json_body.hpp"
#include "api/module.hpp"
#include "api/record_routes.hpp"
#include "api/router.hpp"
#include "domain/assessments/commendation.hpp"

namespace duxing::api {
namespace {

namespace as = domain::assessments;
using namespace assessments_json;

as::CommendationService& Commendations(Call& c) { return c.s.Get<as::CommendationService>(); }

boost::json::value OptInt(const std::optional<int64_t>& v) {
  return v ? boost::json::value(*v) : boost::json::value(nullptr);
}

boost::json::object RuleJson(const as::CommendationRule& r) {
  return {{"exam_ids", Ids(r.exam_ids)},
          {"min_exam_points", OptPoints(r.min_exam_points)},
          {"min_study_minutes", OptInt(r.min_study_minutes)},
          {"min_xuexi_points", OptInt(r.min_xuexi_points)},
          {"exam_weight", r.exam_weight},
          {"study_weight", r.study_weight},
          {"xuexi_weight", r.xuexi_weight},
          {"top_n", r.top_n}};
}

boost::json::object CommendationJson(const as::Commendation& c, bool with_entries) {
  boost::json::object o{{"id", c.id},
                        {"campaign_id", c.campaign_id},
                        {"campaign_name", c.campaign_name},
                        {"org_id", c.org_id},
                        {"org_name", c.org_name},
                        {"title", c.title},
                        {"rule", RuleJson(c.rule)},
                        {"status", as::kCommendationStatuses.Name(c.status)},
                        {"published_at", c.published_at ? boost::json::value(*c.published_at)
                                                        : boost::json::value(nullptr)},
                        {"can_edit", c.can_edit},
                        {"version", c.version}};
  if (!with_entries) return o;
  boost::json::array entries;
  for (const auto& e : c.entries) {
    entries.push_back({{"person_id", e.figures.person_id},
                       {"person_name", e.figures.person_name},
                       {"org_name", e.figures.org_name},
                       {"exam_points", Points(e.figures.exam_points)},
                       {"study_minutes", e.figures.study_minutes},
                       {"xuexi_points", e.figures.xuexi_points},
                       {"total", Points(e.total)},
                       {"rank", e.rank},
                       {"source", as::kEntrySources.Name(e.source)},
                       {"removed", e.removed},
                       {"reason", e.reason}});
  }
  o["entries"] = std::move(entries);
  return o;
}

// A threshold of the rule: absent or null is none (no condition), as the
// rule's JSON writes it.
Result<std::optional<int64_t>> Threshold(JsonBody& body, std::string_view name, bool points) {
  const boost::json::value* raw = body.Raw(name);
  if (!raw || raw->is_null()) return std::optional<int64_t>();
  if (points) return OptionalPoints(body, name);
  return body.OptionalInt(name);
}

// The rule's fields of `body` ("exam_ids", thresholds, weights, "top_n").
Result<as::CommendationRule> ReadRule(JsonBody& body) {
  as::CommendationRule r;
  DX_ASSIGN_OR_RETURN(auto exams, body.OptionalIntArray("exam_ids", as::kMaxCommendationExams));
  r.exam_ids = exams.value_or(std::vector<int64_t>{});
  DX_ASSIGN_OR_RETURN(r.min_exam_points, Threshold(body, "min_exam_points", true));
  DX_ASSIGN_OR_RETURN(r.min_study_minutes, Threshold(body, "min_study_minutes", false));
  DX_ASSIGN_OR_RETURN(r.min_xuexi_points, Threshold(body, "min_xuexi_points", false));
  DX_ASSIGN_OR_RETURN(auto exam_weight, body.OptionalInt("exam_weight"));
  DX_ASSIGN_OR_RETURN(auto study_weight, body.OptionalInt("study_weight"));
  DX_ASSIGN_OR_RETURN(auto xuexi_weight, body.OptionalInt("xuexi_weight"));
  DX_ASSIGN_OR_RETURN(auto top_n, body.OptionalInt("top_n"));
  r.exam_weight = exam_weight.value_or(0);
  r.study_weight = study_weight.value_or(0);
  r.xuexi_weight = xuexi_weight.value_or(0);
  r.top_n = top_n.value_or(0);
  return r;
}

Response Answer(int status, const as::Commendation& c) {
  return JsonResponse(status, CommendationJson(c, true));
}

Response List(Call& c) {
  DX_TRY(auto campaign_id, QueryInt(c.req, "campaign_id"));
  if (!campaign_id) return ErrorResponse(Bad("请指定学习教育活动", "campaign_id"));
  DX_TRY(auto lists, Commendations(c).List(c.ctx, *campaign_id));
  boost::json::array items;
  for (const auto& l : lists) items.push_back(CommendationJson(l, false));
  return JsonResponse(200, boost::json::object{{"items", std::move(items)}});
}

Response Create(Call& c) {
  DX_TRY(JsonBody body, JsonBody::Parse(c.req.body));
  as::CommendationDraft d;
  DX_TRY(d.campaign_id, body.RequiredInt("campaign_id"));
  DX_TRY(d.org_id, body.RequiredInt("org_id"));
  DX_TRY(d.title, body.RequiredString("title", as::kMaxCommendationTitle));
  DX_TRY(d.rule, ReadRule(body));
  DX_TRY_STATUS(body.Finish());
  DX_TRY(auto created, Commendations(c).Create(c.ctx, d));
  return Answer(201, created);
}

Response Get(Call& c) {
  DX_TRY(int64_t id, c.PathId());
  DX_TRY(auto got, Commendations(c).Get(c.ctx, id));
  return Answer(200, got);
}

Response Update(Call& c) {
  DX_TRY(int64_t id, c.PathId());
  DX_TRY(JsonBody body, JsonBody::Parse(c.req.body));
  DX_TRY(int64_t version, body.RequiredInt("version"));
  DX_TRY(std::string title, body.RequiredString("title", as::kMaxCommendationTitle));
  DX_TRY(auto rule, ReadRule(body));
  DX_TRY_STATUS(body.Finish());
  DX_TRY(auto updated, Commendations(c).UpdateRule(c.ctx, id, version, title, rule));
  return Answer(200, updated);
}

// {"version", "reason"} and, for an addition, "person_id".
struct EntryChange {
  int64_t version = 0;
  int64_t person_id = 0;
  std::string reason;
};
Result<EntryChange> ReadEntryChange(Call& c, bool with_person) {
  DX_ASSIGN_OR_RETURN(JsonBody body, JsonBody::Parse(c.req.body));
  EntryChange e;
  DX_ASSIGN_OR_RETURN(e.version, body.RequiredInt("version"));
  if (with_person) {
    DX_ASSIGN_OR_RETURN(e.person_id, body.RequiredInt("person_id"));
  }
  DX_ASSIGN_OR_RETURN(e.reason, body.RequiredString("reason", as::kMaxCommendationReason));
  DX_RETURN_IF_ERROR(body.Finish());
  return e;
}

Response AddEntry(Call& c) {
  DX_TRY(int64_t id, c.PathId());
  DX_TRY(EntryChange e, ReadEntryChange(c, true));
  DX_TRY(auto updated, Commendations(c).AddEntry(c.ctx, id, e.version, e.person_id, e.reason));
  return Answer(200, updated);
}

Response RemoveEntry(Call& c) {
  DX_TRY(int64_t id, c.PathId());
  DX_TRY(int64_t person_id, c.PathId("person_id"));
  DX_TRY(EntryChange e, ReadEntryChange(c, false));
  DX_TRY(auto updated, Commendations(c).RemoveEntry(c.ctx, id, e.version, person_id, e.reason));
  return Answer(200, updated);
}

Response Publish(Call& c) {
  DX_TRY(int64_t id, c.PathId());
  DX_TRY(int64_t version, VersionOnlyBody(c.req.body));
  DX_TRY(auto published, Commendations(c).Publish(c.ctx, id, version));
  return Answer(200, published);
}

}  // namespace

void RegisterCommendationRoutes(Router& router) {
  const std::string base = "/api/v1/assessments/commendations";
  const Access in = Access::kSignedIn;
  // Lists are chosen and published by those who write records: others are
  // refused before their body is read.
  const RouteAuthorize writers = WritersOnly("无权评选表彰");
  router.Add({"GET", base, in, List});
  router.Add({"POST", base, in, Create, kSmallBody, writers});
  router.Add({"GET", base + "/{id}", in, Get});
  router.Add({"PUT", base + "/{id}", in, Update, kSmallBody, writers});
  router.Add({"POST", base + "/{id}/entries", in, AddEntry, kSmallBody, writers});
  router.Add(
      {"POST", base + "/{id}/entries/{person_id}/remove", in, RemoveEntry, kSmallBody, writers});
  router.Add({"POST", base + "/{id}/publish", in, Publish, kSmallBody, writers});
}

void ProvideCommendations(ModuleSetup& s) { s.services.Make<as::CommendationService>(s.db); }

}  // namespace duxing::api
