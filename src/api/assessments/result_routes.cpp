// /api/v1/assessments: results of an exam (ranking, summary with the bands
// and the branches, the .xlsx export, a member's own result), item analysis
// and grading by several graders (assignments, the blind queue, claims)
// (domain/assessments/results.hpp, item_analysis.hpp, grader.hpp). Also
// the item-analysis job.
#include <spdlog/spdlog.h>

#include <cstdlib>

#include "api/assessments/assessment_json.hpp"
#include "api/assessments/assessment_routes.hpp"
#include "api/json_body.hpp"
#include "api/module.hpp"
#include "api/record_routes.hpp"
#include "api/router.hpp"
#include "api/xlsx_download.hpp"
#include "domain/assessments/attempt.hpp"
#include "domain/assessments/grader.hpp"
#include "domain/assessments/item_analysis.hpp"
#include "domain/assessments/results.hpp"
#include "jobs/registry.hpp"
#include "jobs/scheduler.hpp"

namespace duxing::api {
namespace {

namespace as = domain::assessments;
using namespace assessments_json;

boost::json::value OptText(const std::optional<std::string>& s) {
  return s ? boost::json::value(*s) : nullptr;
}
boost::json::value OptInt(const std::optional<int64_t>& v) {
  return v ? boost::json::value(*v) : nullptr;
}
boost::json::value OptReal(const std::optional<double>& v) {
  return v ? boost::json::value(*v) : nullptr;
}

Result<as::ResultFilter> ReadFilter(const Request& req) {
  as::ResultFilter f;
  DX_ASSIGN_OR_RETURN(f.org_id, QueryInt(req, "org_id"));
  f.status = QueryString(req, "status");
  return f;
}

boost::json::object StatsJson(const as::ResultStats& s) {
  return {{"submitted", s.submitted},   {"average", s.average}, {"median", s.median},
          {"pass_rate", s.pass_rate},   {"pending", s.pending}, {"highest", OptReal(s.highest)},
          {"lowest", OptReal(s.lowest)}};
}

boost::json::object RowJson(const as::ResultRow& r) {
  return {{"attempt_id", r.attempt_id},
          {"person_id", r.person_id},
          {"person_name", r.person_name},
          {"org_name", r.org_name},
          {"number", r.number},
          {"status", r.status},
          {"score", OptPoints(r.score)},
          {"max_score", Points(r.max_score)},
          {"pending", r.pending},
          {"rank", OptInt(r.rank)},
          {"passed", r.passed},
          {"started_at", r.started_at},
          {"submitted_at", OptText(r.submitted_at)},
          {"submitted_by", OptText(r.submitted_by)},
          {"time_used_seconds", OptInt(r.time_used_seconds)}};
}

// One page as PageOf (api/record_routes.hpp) writes it, with one more
// field beside the list (the ranking's stats, the queue's blind).
template <typename Page, typename ToJson>
Response PageWith(const Page& page, ToJson to_json, const char* key, boost::json::value extra) {
  boost::json::array items;
  for (const auto& x : page.items) items.push_back(to_json(x));
  boost::json::value cursor = nullptr;
  if (!page.next_cursor.empty()) cursor = boost::json::string(page.next_cursor);
  return JsonResponse(200, {{"items", std::move(items)},
                            {"total", page.total},
                            {"next_cursor", std::move(cursor)},
                            {key, std::move(extra)}});
}

as::ResultsService& Results(Call& c) { return c.s.Get<as::ResultsService>(); }
as::GraderService& Graders(Call& c) { return c.s.Get<as::GraderService>(); }
as::ItemAnalysisService& Analyses(Call& c) { return c.s.Get<as::ItemAnalysisService>(); }

Response Ranking(Call& c) {
  DX_TRY(int64_t id, c.PathId());
  DX_TRY(as::ResultFilter filter, ReadFilter(c.req));
  DX_TRY(PageRequest page, QueryPage(c.req));
  std::string sort = QueryString(c.req, "sort").value_or("");
  DX_TRY(auto got, Results(c).Ranking(c.ctx, id, filter, sort, page));
  return PageWith(got.page, RowJson, "stats", StatsJson(got.stats));
}

Response Summary(Call& c) {
  DX_TRY(int64_t id, c.PathId());
  DX_TRY(as::ResultFilter filter, ReadFilter(c.req));
  DX_TRY(auto s, Results(c).Summary(c.ctx, id, filter));
  boost::json::array bands, branches;
  for (const auto& b : s.bands)
    bands.push_back({{"from", b.from}, {"to", b.to}, {"count", b.count}});
  for (const auto& b : s.branches) {
    branches.push_back({{"org_id", b.org_id},
                        {"org_name", b.org_name},
                        {"eligible", b.eligible},
                        {"takers", b.takers},
                        {"submitted", b.submitted},
                        {"participation_rate", b.participation_rate},
                        {"average", b.average},
                        {"pass_rate", b.pass_rate}});
  }
  return JsonResponse(200, {{"eligible", s.eligible},
                            {"takers", s.takers},
                            {"participation_rate", s.participation_rate},
                            {"stats", StatsJson(s.stats)},
                            {"bands", std::move(bands)},
                            {"branches", std::move(branches)}});
}

std::string Decimal(double v, int places) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", places, v);
  return buf;
}
std::string PointsText(std::optional<int64_t> hundredths) {
  return hundredths ? Decimal(static_cast<double>(*hundredths) / 100.0, 2) : "";
}
std::string Percent(double rate) { return Decimal(rate * 100.0, 1) + "%"; }

Response Export(Call& c) {
  DX_TRY(int64_t id, c.PathId());
  DX_TRY(as::ResultFilter filter, ReadFilter(c.req));
  DX_TRY(auto got, Results(c).Export(c.ctx, id, filter));
  tabular::Sheet ranking;
  ranking.name = "排名";
  ranking.header = {"名次",       "姓名", "所属组织", "得分",     "满分",      "是否及格",
                    "用时(分钟)", "状态", "交卷时间", "交卷方式", "待评简答题"};
  for (const auto& r : got.rows) {
    ranking.rows.push_back(
        {r.rank ? std::to_string(*r.rank) : "", r.person_name, r.org_name, PointsText(r.score),
         PointsText(r.max_score), r.status == "submitted" ? (r.passed ? "是" : "否") : "",
         r.time_used_seconds ? Decimal(static_cast<double>(*r.time_used_seconds) / 60.0, 1) : "",
         domain::LabelOf(as::kAttemptStatuses.terms(), r.status), r.submitted_at.value_or(""),
         r.submitted_by ? domain::LabelOf(as::kSubmittedBy.terms(), *r.submitted_by) : "",
         std::to_string(r.pending)});
  }
  tabular::Sheet branches;
  branches.name = "各支部";
  branches.header = {"组织", "应考人数", "参考人数", "参考率", "已交卷", "平均分", "及格率"};
  for (const auto& b : got.summary.branches) {
    branches.rows.push_back({b.org_name, std::to_string(b.eligible), std::to_string(b.takers),
                             Percent(b.participation_rate), std::to_string(b.submitted),
                             Decimal(b.average, 2), Percent(b.pass_rate)});
  }
  const auto& st = got.summary.stats;
  branches.rows.push_back({"合计", std::to_string(got.summary.eligible),
                           std::to_string(got.summary.takers),
                           Percent(got.summary.participation_rate), std::to_string(st.submitted),
                           Decimal(st.average, 2), Percent(st.pass_rate)});
  return XlsxWorkbookDownload(std::vector<tabular::Sheet>{ranking, branches},
                              "考试成绩-" + got.exam.title + ".xlsx",
                              "exam-" + std::to_string(id) + "-results.xlsx");
}

Response Mine(Call& c) {
  DX_TRY(int64_t id, c.PathId());
  DX_TRY(auto got, Results(c).Mine(c.ctx, id));
  boost::json::array items;
  for (const auto& o : got) {
    items.push_back({{"attempt_id", o.attempt_id},
                     {"number", o.number},
                     {"status", o.status},
                     {"started_at", o.started_at},
                     {"submitted_at", OptText(o.submitted_at)},
                     {"time_used_seconds", OptInt(o.time_used_seconds)},
                     {"reveal", o.reveal},
                     {"score", OptPoints(o.score)},
                     {"max_score", Points(o.max_score)},
                     {"rank", OptInt(o.rank)},
                     {"passed", o.passed ? boost::json::value(*o.passed) : nullptr}});
  }
  return JsonResponse(200, {{"items", std::move(items)}});
}

boost::json::object AnalysisJson(const as::StoredAnalysis& a) {
  boost::json::array items;
  for (const auto& i : a.items) {
    items.push_back({{"question_id", i.stat.question_id},
                     {"position", i.position},
                     {"stem", i.stem},
                     {"type", i.type},
                     {"points", Points(i.stat.points)},
                     {"takers", i.stat.takers},
                     {"mean_score", i.stat.mean_score / 100.0},
                     {"facility", i.stat.facility},
                     {"discrimination", OptReal(i.stat.discrimination)}});
  }
  return {{"state", a.state},
          {"requested_at", OptText(a.requested_at)},
          {"computed_at", OptText(a.computed_at)},
          {"takers", a.takers},
          {"alpha", OptReal(a.alpha)},
          {"items", std::move(items)}};
}

Response RequestAnalysis(Call& c) {
  DX_TRY(int64_t id, c.PathId());
  DX_TRY(auto a, Analyses(c).Request(c.ctx, id));
  c.s.Get<jobs::Scheduler>().Wake();
  return JsonResponse(202, AnalysisJson(a));
}

boost::json::array GraderItems(const std::vector<as::Grader>& graders) {
  boost::json::array items;
  for (const auto& g : graders) {
    items.push_back(
        {{"account_id", g.account_id}, {"username", g.username}, {"display_name", g.display_name}});
  }
  return items;
}

boost::json::object GradersJson(const as::GraderSet& set) {
  return {{"items", GraderItems(set.graders)}, {"version", set.version}};
}

Response SetGraders(Call& c) {
  DX_TRY(int64_t id, c.PathId());
  DX_TRY(JsonBody body, JsonBody::Parse(c.req.body));
  DX_TRY(int64_t version, body.RequiredInt("version"));
  DX_TRY(auto ids, body.OptionalIntArray("account_ids", as::kMaxGraders));
  DX_TRY_STATUS(body.Finish());
  if (!ids) return ErrorResponse(Bad("评阅人不能为空（不指定请传空数组）", "account_ids"));
  DX_TRY(auto got, Graders(c).SetGraders(c.ctx, id, version, *ids));
  return JsonResponse(200, GradersJson(got));
}

Response Candidates(Call& c) {
  DX_TRY(int64_t id, c.PathId());
  DX_TRY(auto limit, QueryInt(c.req, "limit"));
  std::string q = QueryString(c.req, "q").value_or("");
  DX_TRY(auto got, Graders(c).Candidates(c.ctx, id, q, limit.value_or(20)));
  return JsonResponse(200, {{"items", GraderItems(got)}});
}

Response Assignments(Call& c) {
  DX_TRY(auto got, Graders(c).Assignments(c.ctx));
  boost::json::array items;
  for (const auto& a : got) {
    items.push_back({{"exam_id", a.exam_id},
                     {"title", a.title},
                     {"ungraded", a.ungraded},
                     {"claimed_by_me", a.claimed_by_me}});
  }
  return JsonResponse(200, {{"items", std::move(items)}});
}

// A queue item; blind: without the taker's name and organization.
boost::json::object GradingItemJson(const as::GradingItem& g, bool blind) {
  boost::json::object o{{"attempt_id", g.attempt_id},
                        {"question_id", g.question_id},
                        {"stem", g.stem},
                        {"reference_answer", g.reference_answer},
                        {"answer", g.answer},
                        {"points", Points(g.points)},
                        {"score", OptPoints(g.score)},
                        {"version", g.version},
                        {"claimed_by_me", g.claimed_by_me},
                        {"claimed_by_other", g.claimed_by_other},
                        {"claimed_until", OptText(g.claimed_until)},
                        {"claimed_by_name", g.claimed_until ? boost::json::value(g.claimed_by_name)
                                                            : boost::json::value(nullptr)}};
  if (!blind) {
    o["person_name"] = g.person_name;
    o["org_name"] = g.org_name;
  }
  return o;
}

Response GradingPageJson(const as::GradingPage& got) {
  return PageWith(
      got.page, [&](const as::GradingItem& g) { return GradingItemJson(g, got.blind); }, "blind",
      got.blind);
}

Response Queue(Call& c) {
  DX_TRY(int64_t id, c.PathId());
  as::GradingFilter f;
  DX_TRY(f.question_id, QueryInt(c.req, "question_id"));
  DX_TRY(f.attempt_id, QueryInt(c.req, "attempt_id"));
  DX_TRY(f.graded, QueryBool(c.req, "graded"));
  DX_TRY(PageRequest page, QueryPage(c.req));
  DX_TRY(auto got, Graders(c).Queue(c.ctx, id, f, page));
  return GradingPageJson(got);
}

Response Claim(Call& c) {
  DX_TRY(int64_t id, c.PathId());
  DX_TRY(JsonBody body, JsonBody::Parse(c.req.body));
  as::GradingFilter f;
  DX_TRY(f.question_id, body.OptionalInt("question_id"));
  DX_TRY(f.attempt_id, body.OptionalInt("attempt_id"));
  DX_TRY(auto limit, body.OptionalInt("limit"));
  DX_TRY_STATUS(body.Finish());
  DX_TRY(auto got, Graders(c).Claim(c.ctx, id, f, limit.value_or(10)));
  return GradingPageJson(got);
}

Response Release(Call& c) {
  DX_TRY(int64_t id, c.PathId());
  DX_TRY(int64_t n, Graders(c).Release(c.ctx, id));
  return JsonResponse(200, {{"released", n}});
}

}  // namespace

void ProvideResults(ModuleSetup& s) {
  s.services.Make<as::ResultsService>(s.db);
  s.services.Make<as::GraderService>(s.db);
  auto& analyses = s.services.Make<as::ItemAnalysisService>(s.db);
  // Keyed per request (exam and time): several processes compute it once,
  // and a repeated run stores the same figures.
  s.services.Get<jobs::Registry>().AddHandler(
      as::kItemAnalysisJob, [&analyses](storage::Database&, const jobs::JobRun& run) -> Status {
        char* end = nullptr;
        int64_t exam_id = std::strtoll(run.payload.c_str(), &end, 10);
        if (end == run.payload.c_str() || *end != '\0') {
          return InternalError("item analysis payload is not an exam id: " + run.payload);
        }
        DX_RETURN_IF_ERROR(analyses.Run(exam_id, run.now));
        spdlog::info("assessments: item analysis of exam {} stored", exam_id);
        return Ok();
      });
}

void RegisterResultRoutes(Router& router) {
  const Access in = Access::kSignedIn;
  const std::string exam = "/api/v1/assessments/exams/{id}";
  router.Add({"GET", exam + "/results", in, Ranking});
  router.Add({"GET", exam + "/results/summary", in, Summary});
  router.Add(
      {.method = "GET", .pattern = exam + "/results/export", .handler = Export, .heavy = true});
  router.Add({"GET", exam + "/my-result", in, Mine});
  router.Add(
      {"GET", exam + "/item-analysis", in, GetRecord<&as::ItemAnalysisService::Get>(AnalysisJson)});
  router.Add({"POST", exam + "/item-analysis", in, RequestAnalysis, kSmallBody,
              WritersOnly("无权发起试题分析")});
  router.Add({"GET", exam + "/graders", in, GetRecord<&as::GraderService::Graders>(GradersJson)});
  router.Add({"PUT", exam + "/graders", in, SetGraders, kSmallBody,
              WritersOnly("无权指定评阅人")});
  router.Add({"GET", exam + "/grader-candidates", in, Candidates});
  router.Add({"GET", "/api/v1/assessments/grading-assignments", in, Assignments});
  router.Add({"GET", exam + "/grading", in, Queue});
  router.Add({"POST", exam + "/grading/claims", in, Claim, kSmallBody});
  router.Add({"DELETE", exam + "/grading/claims", in, Release});
}

}  // namespace duxing::api
