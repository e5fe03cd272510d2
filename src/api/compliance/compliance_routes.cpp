// /api/v1/compliance: rules (三会一课, volunteer service) and the board per
// period (and its .xlsx export); volunteer minutes of a participant; a community's events.
#include <spdlog/spdlog.h>

#include <algorithm>
#include <map>

#include "api/json_body.hpp"
#include "api/module.hpp"
#include "api/router.hpp"
#include "domain/compliance/compliance.hpp"
#include "domain/compliance/coverage.hpp"
#include "jobs/registry.hpp"
#include "tabular/xlsx_writer.hpp"

namespace duxing::api {
namespace {

namespace cp = domain::compliance;

boost::json::array Texts(const std::vector<std::string>& items) {
  boost::json::array out;
  for (const auto& x : items) out.push_back(boost::json::string(x));
  return out;
}

boost::json::object RuleJson(const cp::Rule& r) {
  boost::json::array ids;
  for (int64_t id : r.type_ids) ids.push_back(id);
  return {{"id", r.id},
          {"code", r.code},
          {"name", r.name},
          {"subject", cp::kSubjectCodes.Name(r.subject)},
          {"type_ids", std::move(ids)},
          {"type_names", Texts(r.type_names)},
          {"period", cp::kPeriodCodes.Name(r.period)},
          {"minimum", r.minimum},
          {"org_kinds", Texts(r.org_kinds)},
          {"person_categories", Texts(r.person_categories)},
          {"own_community", r.own_community},
          {"archived", r.archived},
          {"version", r.version}};
}

boost::json::array CellsJson(const std::vector<cp::Cell>& cells) {
  boost::json::array out;
  for (const auto& c : cells) {
    out.push_back({{"rule_id", c.rule_id},
                   {"period", c.period.label},
                   {"count", c.count},
                   {"minimum", c.minimum},
                   {"verdict", cp::kVerdictCodes.Name(c.verdict)}});
  }
  return out;
}

Response Rules(Call& c) {
  DX_TRY(auto rules, c.s.Get<cp::ComplianceService>().Rules(c.ctx));
  boost::json::array items;
  for (const auto& r : rules) items.push_back(RuleJson(r));
  return ListResponse(std::move(items), static_cast<int64_t>(rules.size()));
}

Response UpdateRule(Call& c) {
  DX_TRY(int64_t id, c.PathId());
  DX_TRY(JsonBody body, JsonBody::Parse(c.req.body));
  cp::RulePatch p;
  DX_TRY(p.version, body.RequiredInt("version"));
  DX_TRY(p.name, body.OptionalString("name", 100));
  DX_TRY(p.period,
         body.OptionalEnum(
             "period", [](std::string_view s) { return cp::kPeriodCodes.Parse(s); }, "周期无效"));
  DX_TRY(p.minimum, body.OptionalInt("minimum"));
  DX_TRY(p.archived, body.OptionalBool("archived"));
  DX_TRY(p.type_ids, body.OptionalIntArray("type_ids", cp::kMaxRuleTypes));
  DX_TRY(p.org_kinds, body.OptionalStringArray("org_kinds", 20, 40));
  DX_TRY(p.person_categories, body.OptionalStringArray("person_categories", 20, 40));
  DX_TRY_STATUS(body.Finish());
  DX_TRY(auto rule, c.s.Get<cp::ComplianceService>().UpdateRule(c.ctx, id, p));
  return JsonResponse(200, RuleJson(rule));
}

// The board the query asks for: org_id and period (2021, 2021-Q1, 2021-03).
Result<cp::Board> ReadBoard(Call& c) {
  DX_ASSIGN_OR_RETURN(auto org_id, QueryInt(c.req, "org_id"));
  if (!org_id) return MakeError(Code::kInvalidArgument, "请选择组织", "org_id");
  DX_ASSIGN_OR_RETURN(cp::Period period,
                      cp::ParsePeriod(QueryString(c.req, "period").value_or("")));
  return c.s.Get<cp::ComplianceService>().BoardOf(c.ctx, *org_id, period);
}

Response Board(Call& c) {
  DX_TRY(auto board, ReadBoard(c));
  boost::json::array rules, branches, people;
  for (const auto& r : board.rules) rules.push_back(RuleJson(r));
  for (const auto& b : board.branches) {
    branches.push_back({{"org_id", b.org_id},
                        {"name", b.name},
                        {"kind", b.kind},
                        {"cells", CellsJson(b.cells)}});
  }
  for (const auto& p : board.people) {
    people.push_back({{"person_id", p.person_id},
                      {"name", p.name},
                      {"org_name", p.org_name},
                      {"cells", CellsJson(p.cells)}});
  }
  return JsonResponse(200, {{"period", board.period.label},
                            {"first", board.period.first},
                            {"end", board.period.end},
                            {"rules", std::move(rules)},
                            {"branches", std::move(branches)},
                            {"people", std::move(people)}});
}

// One row per verdict: branches first, then people.
Response ExportBoard(Call& c) {
  DX_TRY(auto board, ReadBoard(c));
  std::map<int64_t, std::string> rule_names;
  for (const auto& r : board.rules) rule_names[r.id] = r.name;
  tabular::Sheet sheet;
  sheet.name = "考核看板 " + board.period.label;
  sheet.header = {"对象", "名称", "所属组织", "考核规则", "期间", "次数", "最低次数", "结果"};
  auto add = [&](const std::string& kind, const std::string& name, const std::string& org,
                 const std::vector<cp::Cell>& cells) {
    for (const auto& cell : cells) {
      sheet.rows.push_back({kind, name, org, rule_names[cell.rule_id], cell.period.label,
                            std::to_string(cell.count), std::to_string(cell.minimum),
                            cp::kVerdictCodes.Label(cell.verdict)});
    }
  };
  for (const auto& b : board.branches) {
    add(b.kind_label, b.name, b.name, b.cells);
  }
  for (const auto& p : board.people) add("个人", p.name, p.org_name, p.cells);
  return XlsxDownload(sheet, "考核看板-" + board.period.label + ".xlsx",
                      "compliance-" + board.period.label + ".xlsx");
}

Response ConfirmMinutes(Call& c) {
  DX_TRY(int64_t id, c.PathId());
  DX_TRY(int64_t person, c.PathId("person_id"));
  DX_TRY(JsonBody body, JsonBody::Parse(c.req.body));
  DX_TRY(int64_t version, body.RequiredInt("version"));
  DX_TRY(int64_t minutes, body.RequiredInt("minutes"));
  DX_TRY_STATUS(body.Finish());
  DX_TRY(auto row,
         c.s.Get<cp::ComplianceService>().ConfirmMinutes(c.ctx, id, person, version, minutes));
  return JsonResponse(200, {{"event_id", row.event_id},
                            {"person_id", row.person_id},
                            {"minutes", row.minutes.value_or(0)},
                            {"version", row.version}});
}

Response CommunityEvents(Call& c) {
  DX_TRY(int64_t id, c.PathId());
  DX_TRY(auto list, c.s.Get<cp::ComplianceService>().CommunityEvents(c.ctx, id));
  boost::json::array items;
  for (const auto& e : list) {
    items.push_back({{"event_id", e.event_id},
                     {"title", e.title},
                     {"type_name", e.type_name},
                     {"category", e.category},
                     {"starts_at", e.starts_at},
                     {"org_name", e.org_name},
                     {"participants", e.participants},
                     {"service_minutes", e.service_minutes}});
  }
  return ListResponse(std::move(items), static_cast<int64_t>(list.size()));
}

boost::json::object CountJson(const cp::CoverageCount& n) {
  return {{"key", n.key},
          {"name", n.name},
          {"people", n.people},
          {"reached", n.reached},
          {"effective", n.effective}};
}

boost::json::object CoverageRuleJson(const cp::CoverageRule& r) {
  return {{"min_events", r.min_events},
          {"min_study_hours", r.min_study_hours ? boost::json::value(*r.min_study_hours)
                                                : boost::json::value(nullptr)},
          {"study_hours_applied", false},
          {"version", r.version}};
}

Response Coverage(Call& c) {
  DX_TRY(int64_t id, c.PathId());
  DX_TRY(auto org_id, QueryInt(c.req, "org_id"));
  DX_TRY(auto cov, c.s.Get<cp::CoverageService>().Of(c.ctx, id, org_id));
  boost::json::array categories, branches, communities;
  for (const auto& n : cov.categories) categories.push_back(CountJson(n));
  for (const auto& n : cov.branches) branches.push_back(CountJson(n));
  for (const auto& x : cov.communities) {
    communities.push_back({{"id", x.id}, {"name", x.name}, {"events", x.events}});
  }
  return JsonResponse(200, {{"rule", CoverageRuleJson(cov.rule)},
                            {"total", CountJson(cov.total)},
                            {"categories", std::move(categories)},
                            {"branches", std::move(branches)},
                            {"communities", std::move(communities)}});
}

Response CoveragePeople(Call& c) {
  DX_TRY(int64_t id, c.PathId());
  cp::CoverageFilter f;
  DX_TRY(f.org_id, QueryInt(c.req, "org_id"));
  DX_TRY(f.branch_id, QueryInt(c.req, "branch_id"));
  DX_TRY(f.page, QueryPage(c.req));
  auto figure = cp::kFigureCodes.Parse(QueryString(c.req, "figure").value_or(""));
  if (!figure) {
    return ErrorResponse(
        MakeError(Code::kInvalidArgument, "figure 应为 reached、effective 或 never", "figure"));
  }
  f.figure = *figure;
  f.category = QueryString(c.req, "category");
  if (f.category && std::find(cp::kCoverageCategories.begin(), cp::kCoverageCategories.end(),
                              *f.category) == cp::kCoverageCategories.end()) {
    return ErrorResponse(MakeError(Code::kInvalidArgument, "人员类别无效", "category"));
  }
  DX_TRY(auto page, c.s.Get<cp::CoverageService>().People(c.ctx, id, f));
  boost::json::array items;
  for (const auto& p : page.items) {
    items.push_back({{"person_id", p.person_id},
                     {"name", p.name},
                     {"org_name", p.org_name},
                     {"category", p.category},
                     {"events", p.events}});
  }
  return ListResponse(std::move(items), page.total, page.next_cursor);
}

Response SetCoverageRule(Call& c) {
  DX_TRY(int64_t id, c.PathId());
  DX_TRY(JsonBody body, JsonBody::Parse(c.req.body));
  cp::CoverageRule rule;
  DX_TRY(rule.version, body.RequiredInt("version"));
  DX_TRY(rule.min_events, body.RequiredInt("min_events"));
  DX_TRY(auto hours, body.NullableInt("min_study_hours"));
  rule.min_study_hours = hours.value_or(std::nullopt);
  DX_TRY_STATUS(body.Finish());
  DX_TRY(auto saved, c.s.Get<cp::CoverageService>().SetRule(c.ctx, id, rule));
  return JsonResponse(200, CoverageRuleJson(saved));
}

constexpr const char* kMissedKind = "compliance.missed";

// Every morning at 09:00 China time: secretaries hear of their branch's
// missed items of the periods just ended, once per (branch, period).
void ProvideMissedNotices(ModuleSetup& s) {
  auto& jobs = s.services.Get<jobs::Registry>();
  jobs.AddHandler(kMissedKind, [](storage::Database& db, const jobs::JobRun& run) -> Status {
    DX_ASSIGN_OR_RETURN(int64_t sent, cp::NotifyMissed(db, run.now));
    spdlog::info("compliance: sent {} missed-item notices ({})", sent, run.key);
    return Ok();
  });
  jobs.AddRecurring(jobs::Recurring::Daily("compliance.missed_notices", kMissedKind, 9, 0));
}

}  // namespace

void RegisterComplianceRoutes(Router& router) {
  const Access in = Access::kSignedIn;
  router.Add({"GET", "/api/v1/compliance/rules", in, Rules});
  router.Add({"PATCH", "/api/v1/compliance/rules/{id}", in, UpdateRule, kSmallBody});
  router.Add({"GET", "/api/v1/compliance/board", in, Board});
  router.Add({.method = "GET",
              .pattern = "/api/v1/compliance/board/export",
              .handler = ExportBoard,
              .heavy = true});
  router.Add({"PUT", "/api/v1/events/{id}/attendance/{person_id}/service-minutes", in,
              ConfirmMinutes, kSmallBody});
  router.Add({"GET", "/api/v1/communities/{id}/events", in, CommunityEvents});
  router.Add({"GET", "/api/v1/campaigns/{id}/coverage", in, Coverage});
  router.Add({"GET", "/api/v1/campaigns/{id}/coverage/people", in, CoveragePeople});
  router.Add({"PUT", "/api/v1/campaigns/{id}/coverage-rule", in, SetCoverageRule, kSmallBody});
}

const Module& ComplianceModule() {
  static const Module m{&cp::Info, "compliance/openapi.json",
                        [](ModuleSetup& s) {
                          s.services.Make<cp::ComplianceService>(s.db);
                          s.services.Make<cp::CoverageService>(s.db);
                          ProvideMissedNotices(s);
                        },
                        RegisterComplianceRoutes};
  return m;
}

}  // namespace duxing::api
