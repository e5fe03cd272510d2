// /api/v1/assessments: regrading (重新评分) by an exam's organizer: the
// graded answers of an exam, and a change of one score with its reason
// (domain/assessments/regrade.hpp).
#include "api/assessments/assessment_json.hpp"
#include "api/assessments/assessment_routes.hpp"
#include "api/json_body.hpp"
#include "api/module.hpp"
#include "api/record_routes.hpp"
#include "api/router.hpp"
#include "domain/assessments/regrade.hpp"

namespace duxing::api {
namespace {

namespace as = domain::assessments;
using namespace assessments_json;

as::RegradeService& Regrades(Call& c) { return c.s.Get<as::RegradeService>(); }

boost::json::object GradedAnswerJson(const as::GradedAnswer& g) {
  return {{"attempt_id", g.attempt_id},
          {"question_id", g.question_id},
          {"person_name", g.person_name},
          {"org_name", g.org_name},
          {"type", as::TypeName(g.type)},
          {"stem", g.stem},
          {"answer", g.answer},
          {"reference", g.reference},
          {"points", Points(g.points)},
          {"score", Points(g.score)},
          {"comment", g.comment},
          {"version", g.version},
          {"attempt_score", Points(g.attempt_score)}};
}

Response Graded(Call& c) {
  DX_TRY(int64_t id, c.PathId());
  as::RegradeFilter f;
  DX_TRY(f.question_id, QueryInt(c.req, "question_id"));
  DX_TRY(f.attempt_id, QueryInt(c.req, "attempt_id"));
  DX_TRY(PageRequest page, QueryPage(c.req));
  DX_TRY(auto got, Regrades(c).Graded(c.ctx, id, f, page));
  return PageOf(got, GradedAnswerJson);
}

Response Regrade(Call& c) {
  DX_TRY(int64_t id, c.PathId());
  DX_TRY(int64_t question_id, c.PathId("question_id"));
  DX_TRY(JsonBody body, JsonBody::Parse(c.req.body));
  DX_TRY(int64_t version, body.RequiredInt("version"));
  const boost::json::value* raw = body.Raw("score");
  if (!raw) return ErrorResponse(Bad("得分不能为空", "score"));
  DX_TRY(int64_t score, ReadPoints(*raw, "score"));
  DX_TRY(auto reason, body.OptionalString("reason", as::kMaxRegradeReason));
  DX_TRY_STATUS(body.Finish());
  DX_TRY(auto got,
         Regrades(c).Regrade(c.ctx, id, question_id, score, reason.value_or(""), version));
  return JsonResponse(200, GradedAnswerJson(got));
}

}  // namespace

void ProvideRegrades(ModuleSetup& s) { s.services.Make<as::RegradeService>(s.db); }

void RegisterRegradeRoutes(Router& router) {
  const Access in = Access::kSignedIn;
  router.Add({"GET", "/api/v1/assessments/exams/{id}/regrading", in, Graded});
  router.Add({"PUT", "/api/v1/assessments/attempts/{id}/answers/{question_id}/regrade", in, Regrade,
              kSmallBody, WritersOnly("无权重新评分")});
}

}  // namespace duxing::api
