// /api/v1/study: study materials, the self-study log with its totals, and
// the 学习强国 points import (upload → check a column mapping → import with
// the user's resolutions) with its ranking.
#include <spdlog/spdlog.h>

#include "api/json_body.hpp"
#include "api/module.hpp"
#include "api/record_routes.hpp"
#include "api/router.hpp"
#include "common/clock.hpp"
#include "common/text.hpp"
#include "domain/study/material.hpp"
#include "domain/study/study_log.hpp"
#include "domain/study/xuexi.hpp"
#include "jobs/registry.hpp"

namespace duxing::api {
namespace {

namespace st = domain::study;

Error BadParam(std::string message, const char* field) {
  return MakeError(Code::kInvalidArgument, std::move(message), field);
}

boost::json::value OptId(const std::optional<int64_t>& v) {
  return v ? boost::json::value(*v) : boost::json::value(nullptr);
}

// --- Materials ---

boost::json::object MaterialJson(const st::Material& m) {
  boost::json::array chapters;
  for (const auto& c : m.chapters) chapters.push_back({{"id", c.id}, {"title", c.title}});
  return {{"id", m.id},
          {"title", m.title},
          {"author", m.author},
          {"publisher", m.publisher},
          {"designated", m.designated},
          {"org_id", OptId(m.org_id)},
          {"org_name", m.org_name},
          {"chapters", std::move(chapters)},
          {"archived", m.archived},
          {"version", m.version}};
}

// Reads "chapters": [{"id"?: N, "title": "…"}, ...] when present.
Result<std::optional<std::vector<st::Chapter>>> ReadChapters(JsonBody& body) {
  using Out = std::optional<std::vector<st::Chapter>>;
  const boost::json::value* v = body.Raw("chapters");
  if (!v) return Out();
  Error bad = BadParam("chapters 应为 [{\"id\":…,\"title\":…}] 形式的数组", "chapters");
  if (!v->is_array() || v->get_array().size() > st::kMaxChapters) return bad;
  std::vector<st::Chapter> out;
  for (const auto& item : v->get_array()) {
    if (!item.is_object()) return bad;
    const auto& o = item.get_object();
    const auto* title = o.if_contains("title");
    const auto* id = o.if_contains("id");
    if (!title || !title->is_string() || o.size() != (id ? 2u : 1u)) return bad;
    if (id && !id->is_int64()) return bad;
    std::string text(title->get_string());
    if (text.size() > st::kMaxChapterTitle * 4) return bad;
    out.push_back({id ? id->get_int64() : 0, Trim(text)});
  }
  return Out(std::move(out));
}

Result<st::MaterialPatch> ReadMaterialFields(JsonBody& body) {
  st::MaterialPatch p;
  DX_ASSIGN_OR_RETURN(p.title, body.OptionalString("title", st::kMaxTitle));
  DX_ASSIGN_OR_RETURN(p.author, body.OptionalString("author", st::kMaxAuthor));
  DX_ASSIGN_OR_RETURN(p.publisher, body.OptionalString("publisher", st::kMaxAuthor));
  DX_ASSIGN_OR_RETURN(p.designated, body.OptionalBool("designated"));
  DX_ASSIGN_OR_RETURN(p.chapters, ReadChapters(body));
  return p;
}

st::MaterialService& Materials(Call& c) { return c.s.Get<st::MaterialService>(); }

Response ListMaterials(Call& c) {
  DX_TRY(bool archived, QueryBool(c.req, "include_archived"));
  DX_TRY(auto list, Materials(c).List(c.ctx, archived));
  return ListOf(list, MaterialJson);
}

// A new material: org_id and title required, the rest defaulted.
Result<st::Material> ReadNewMaterial(JsonBody& body) {
  st::Material m;
  DX_ASSIGN_OR_RETURN(m.org_id, body.RequiredInt("org_id"));
  DX_ASSIGN_OR_RETURN(m.title, body.RequiredString("title", st::kMaxTitle));
  DX_ASSIGN_OR_RETURN(st::MaterialPatch p, ReadMaterialFields(body));
  m.author = p.author.value_or("");
  m.publisher = p.publisher.value_or("");
  m.designated = p.designated.value_or(false);
  m.chapters = p.chapters.value_or(std::vector<st::Chapter>{});
  return m;
}

// --- Self-study log ---

boost::json::object LogJson(const st::StudyLog& l) {
  return {{"id", l.id},
          {"person_id", l.person_id},
          {"person_name", l.person_name},
          {"org_id", l.org_id},
          {"org_name", l.org_name},
          {"study_date", l.study_date},
          {"material_id", l.material_id},
          {"material_title", l.material_title},
          {"chapter_id", OptId(l.chapter_id)},
          {"chapter_title", l.chapter_title},
          {"minutes", l.minutes},
          {"notes", l.notes},
          {"archived", l.archived},
          {"version", l.version},
          {"created_at", l.created_at}};
}

st::StudyLogService& Logs(Call& c) { return c.s.Get<st::StudyLogService>(); }

Result<std::optional<std::string>> QueryDate(const Request& req, const char* name) {
  auto v = QueryString(req, name);
  if (v && !IsValidDate(*v)) {
    return BadParam(std::string(name) + " 应为日期（YYYY-MM-DD）", name);
  }
  return v;
}

Response ListLogs(Call& c) {
  st::StudyLogFilter f;
  DX_TRY(f.page, QueryPage(c.req));
  DX_TRY(f.person_id, QueryInt(c.req, "person_id"));
  DX_TRY(f.org_id, QueryInt(c.req, "org_id"));
  DX_TRY(f.mine, QueryBool(c.req, "mine"));
  DX_TRY(f.from, QueryDate(c.req, "from"));
  DX_TRY(f.to, QueryDate(c.req, "to"));
  f.sort = QueryString(c.req, "sort").value_or("");
  DX_TRY(auto page, Logs(c).List(c.ctx, f));
  return PageOf(page, LogJson);
}

Result<st::StudyLogPatch> ReadLogFields(JsonBody& body) {
  st::StudyLogPatch p;
  DX_ASSIGN_OR_RETURN(p.study_date, body.OptionalString("study_date", 10));
  DX_ASSIGN_OR_RETURN(p.material_id, body.OptionalInt("material_id"));
  DX_ASSIGN_OR_RETURN(p.chapter_id, body.NullableInt("chapter_id"));
  DX_ASSIGN_OR_RETURN(p.minutes, body.OptionalInt("minutes"));
  DX_ASSIGN_OR_RETURN(p.notes, body.OptionalString("notes", st::kMaxNotes));
  return p;
}

// A new log entry: study_date, material_id and minutes required.
Result<st::StudyLogFields> ReadNewLog(JsonBody& body) {
  DX_ASSIGN_OR_RETURN(std::string date, body.RequiredString("study_date", 10));
  DX_ASSIGN_OR_RETURN(int64_t material, body.RequiredInt("material_id"));
  DX_ASSIGN_OR_RETURN(int64_t minutes, body.RequiredInt("minutes"));
  DX_ASSIGN_OR_RETURN(st::StudyLogPatch p, ReadLogFields(body));
  return st::StudyLogFields{date, material, p.chapter_id.value_or(std::nullopt), minutes,
                            p.notes.value_or("")};
}

// by=person (default) or org.
Result<bool> QueryPerOrg(const Request& req) {
  auto by = QueryString(req, "by").value_or("person");
  if (by != "person" && by != "org") return BadParam("by 应为 person 或 org", "by");
  return by == "org";
}

Response Totals(Call& c) {
  st::TotalsFilter f;
  DX_TRY(bool per_org, QueryPerOrg(c.req));
  f.by = per_org ? st::TotalsBy::kOrg : st::TotalsBy::kPerson;
  DX_TRY(f.org_id, QueryInt(c.req, "org_id"));
  f.from = QueryString(c.req, "from").value_or("");
  f.to = QueryString(c.req, "to").value_or("");
  f.sort = QueryString(c.req, "sort").value_or("");
  DX_TRY(f.page, QueryPage(c.req));
  DX_TRY(auto page, Logs(c).Totals(c.ctx, f));
  boost::json::array items;
  for (const auto& t : page.items) {
    items.push_back({{"id", t.id},
                     {"name", t.name},
                     {"org_name", t.org_name},
                     {"minutes", t.minutes},
                     {"entries", t.entries},
                     {"people", t.people}});
  }
  return ListResponse(std::move(items), page.total, page.next_cursor);
}

// --- 学习强国 points ---

st::XuexiService& Xuexi(Call& c) { return c.s.Get<st::XuexiService>(); }

boost::json::value MappingJson(const st::ColumnMapping& m) {
  return {{"name", m.name},
          {"org", m.org},
          {"points", m.points},
          {"period", m.period},
          {"period_value", m.period_value}};
}

boost::json::array TextsJson(const std::vector<std::string>& list) {
  boost::json::array out;
  for (const auto& s : list) out.push_back(boost::json::string(s));
  return out;
}

Response UploadJson(int status, const st::XuexiUpload& u) {
  boost::json::array samples;
  for (const auto& r : u.samples) samples.push_back(TextsJson(r));
  return JsonResponse(
      status, boost::json::object{{"id", u.id},
                                  {"org_id", u.org_id},
                                  {"org_name", u.org_name},
                                  {"file_name", u.file_name},
                                  {"imported", u.imported},
                                  {"header", TextsJson(u.header)},
                                  {"samples", std::move(samples)},
                                  {"rows", u.rows},
                                  {"remembered", u.remembered ? MappingJson(*u.remembered)
                                                              : boost::json::value(nullptr)}});
}

// A refusal listing rows (bad values, unresolved rows) answers 422.
Response RowsRefused(const Error& e) {
  Response r = ErrorResponse(e);
  if (!e.details.empty()) r.status = 422;
  return r;
}

Result<int64_t> UploadOrg(const Call& c) {
  DX_ASSIGN_OR_RETURN(auto org_id, QueryInt(c.req, "org_id"));
  if (!org_id) return BadParam("请选择导入积分的组织", "org_id");
  return *org_id;
}

Status MayUpload(const Call& c) {
  DX_ASSIGN_OR_RETURN(int64_t org_id, UploadOrg(c));
  return c.s.Get<st::XuexiService>().MayImport(c.ctx, org_id);
}

Response Upload(Call& c) {
  DX_TRY(int64_t org_id, UploadOrg(c));
  std::string name = QueryString(c.req, "file_name").value_or("");
  if (!IsValidUtf8(name) || HasControlCharacters(name) || Utf8Length(name) > 200) {
    return ErrorResponse(BadParam("文件名无效", "file_name"));
  }
  auto uploaded = Xuexi(c).Upload(c.ctx, org_id, name, c.req.body);
  if (!uploaded.ok()) return RowsRefused(uploaded.error());
  return UploadJson(201, *uploaded);
}

Response GetUpload(Call& c) {
  DX_TRY(int64_t id, c.PathId());
  DX_TRY(auto u, Xuexi(c).GetUpload(c.ctx, id));
  return UploadJson(200, u);
}

// Reads "mapping": {"name", "org", "points", "period", "period_value"}
// (each a header title or "", period_value a month or "").
Result<st::ColumnMapping> ReadMapping(JsonBody& body) {
  const boost::json::value* v = body.Raw("mapping");
  Error bad = BadParam(
      "mapping 应为 {\"name\",\"org\",\"points\",\"period\",\"period_value\"} "
      "形式的对象",
      "mapping");
  if (!v || !v->is_object()) return bad;
  st::ColumnMapping m;
  std::pair<const char*, std::string*> keys[] = {{"name", &m.name},
                                                 {"org", &m.org},
                                                 {"points", &m.points},
                                                 {"period", &m.period},
                                                 {"period_value", &m.period_value}};
  size_t known = 0;
  for (auto& [key, out] : keys) {
    const auto* f = v->get_object().if_contains(key);
    if (!f) continue;
    if (!f->is_string() || f->get_string().size() > 400) return bad;
    *out = Trim(std::string(f->get_string()));
    ++known;
  }
  if (known != v->get_object().size()) return bad;
  return m;
}

boost::json::object RowJson(const st::RowCheck& r) {
  boost::json::array candidates;
  for (const auto& k : r.candidates) {
    candidates.push_back({{"person_id", k.person_id}, {"name", k.name}, {"org_name", k.org_name}});
  }
  return {{"row", r.row},
          {"name", r.name},
          {"org", r.org},
          {"points", r.points},
          {"period", r.period},
          {"state", st::RowStateName(r.state)},
          {"person_id", OptId(r.person_id)},
          {"person_org", r.person_org},
          {"candidates", std::move(candidates)},
          {"reason", r.reason}};
}

Response Check(Call& c) {
  DX_TRY(int64_t id, c.PathId());
  DX_TRY(JsonBody body, JsonBody::Parse(c.req.body));
  DX_TRY(st::ColumnMapping m, ReadMapping(body));
  DX_TRY_STATUS(body.Finish());
  auto checked = Xuexi(c).Check(c.ctx, id, m);
  if (!checked.ok()) return RowsRefused(checked.error());
  boost::json::array rows;
  for (const auto& r : checked->rows) rows.push_back(RowJson(r));
  return JsonResponse(200, boost::json::object{{"rows", std::move(rows)},
                                               {"matched", checked->matched},
                                               {"unmatched", checked->unmatched},
                                               {"ambiguous", checked->ambiguous}});
}

Result<std::vector<st::Resolution>> ReadResolutions(JsonBody& body) {
  const boost::json::value* v = body.Raw("resolutions");
  std::vector<st::Resolution> out;
  if (!v) return out;
  Error bad =
      BadParam("resolutions 应为 [{\"row\":…,\"person_id\":… 或 null}] 形式的数组", "resolutions");
  if (!v->is_array() || v->get_array().size() > static_cast<size_t>(st::kMaxXuexiRows)) {
    return bad;
  }
  for (const auto& item : v->get_array()) {
    if (!item.is_object() || item.get_object().size() != 2) return bad;
    const auto* row = item.get_object().if_contains("row");
    const auto* person = item.get_object().if_contains("person_id");
    if (!row || !person || !row->is_int64() || !(person->is_int64() || person->is_null())) {
      return bad;
    }
    int64_t n = row->get_int64();
    if (n < 1 || n > 1'000'000) return bad;
    out.push_back({static_cast<int>(n),
                   person->is_null() ? std::nullopt : std::optional<int64_t>(person->get_int64())});
  }
  return out;
}

Response Import(Call& c) {
  DX_TRY(int64_t id, c.PathId());
  DX_TRY(JsonBody body, JsonBody::Parse(c.req.body));
  DX_TRY(st::ColumnMapping m, ReadMapping(body));
  DX_TRY(auto resolutions, ReadResolutions(body));
  DX_TRY_STATUS(body.Finish());
  auto done = Xuexi(c).Commit(c.ctx, id, m, resolutions);
  if (!done.ok()) return RowsRefused(done.error());
  return JsonResponse(200, boost::json::object{{"imported", done->imported},
                                               {"skipped", done->skipped},
                                               {"periods", TextsJson(done->periods)}});
}

Result<st::RankingFilter> ReadRankingFilter(const Request& req) {
  st::RankingFilter f;
  DX_ASSIGN_OR_RETURN(bool per_org, QueryPerOrg(req));
  f.by = per_org ? st::RankBy::kOrg : st::RankBy::kPerson;
  DX_ASSIGN_OR_RETURN(f.org_id, QueryInt(req, "org_id"));
  f.from = QueryString(req, "from").value_or("");
  f.to = QueryString(req, "to").value_or(f.from);
  return f;
}

Response Ranking(Call& c) {
  DX_TRY(st::RankingFilter f, ReadRankingFilter(c.req));
  DX_TRY(auto list, Xuexi(c).Ranking(c.ctx, f));
  boost::json::array items;
  for (const auto& r : list) {
    items.push_back({{"rank", r.rank},
                     {"id", r.id},
                     {"name", r.name},
                     {"org_name", r.org_name},
                     {"points", r.points},
                     {"people", r.people}});
  }
  return ListResponse(std::move(items), static_cast<int64_t>(list.size()));
}

// The ranking as an .xlsx sheet: 名次, 姓名 (or 组织), 所在组织 (or 人数), 积分.
Response ExportRanking(Call& c) {
  DX_TRY(st::RankingFilter f, ReadRankingFilter(c.req));
  DX_TRY(auto list, Xuexi(c).Ranking(c.ctx, f));
  bool per_person = f.by == st::RankBy::kPerson;
  tabular::Sheet sheet;
  sheet.name = "学习强国积分排名";
  sheet.header = {"名次", per_person ? "姓名" : "组织", per_person ? "所在组织" : "人数", "积分"};
  for (const auto& r : list) {
    sheet.rows.push_back({std::to_string(r.rank), r.name,
                          per_person ? r.org_name : std::to_string(r.people),
                          std::to_string(r.points)});
  }
  std::string period = f.from == f.to ? f.from : f.from + "至" + f.to;
  return XlsxDownload(sheet, "学习强国积分排名" + period + ".xlsx", "xuexi-ranking.xlsx");
}

}  // namespace

void RegisterStudyRoutes(Router& router) {
  using Material = st::MaterialService;
  using Log = st::StudyLogService;
  const auto in = Access::kSignedIn;
  // Materials and imports are staff's (refused before the body is read);
  // a member's own study log entries are not.
  const RouteAuthorize materials = WritersOnly("无权维护学习材料");
  router.Add({"GET", "/api/v1/study/materials", in, ListMaterials});
  router.Add({"POST", "/api/v1/study/materials", in,
              CreateRecord<&Material::Create>(ReadNewMaterial, MaterialJson), kDefaultMaxBody,
              materials});
  router.Add({"GET", "/api/v1/study/materials/{id}", in, GetRecord<&Material::Get>(MaterialJson)});
  router.Add({"PATCH", "/api/v1/study/materials/{id}", in,
              EditRecord<&Material::Update>(ReadMaterialFields, MaterialJson), kDefaultMaxBody,
              materials});
  router.Add({"POST", "/api/v1/study/materials/{id}/archive", in,
              ArchiveRecord<&Material::Archive>(MaterialJson), kSmallBody, materials});
  router.Add({"GET", "/api/v1/study/logs", in, ListLogs});
  router.Add({"POST", "/api/v1/study/logs", in, CreateRecord<&Log::Create>(ReadNewLog, LogJson)});
  router.Add({"GET", "/api/v1/study/logs/{id}", in, GetRecord<&Log::Get>(LogJson)});
  router.Add(
      {"PATCH", "/api/v1/study/logs/{id}", in, EditRecord<&Log::Update>(ReadLogFields, LogJson)});
  router.Add({"POST", "/api/v1/study/logs/{id}/archive", in, ArchiveRecord<&Log::Archive>(LogJson),
              kSmallBody});
  router.Add({"GET", "/api/v1/study/totals", Access::kSignedIn, Totals});
  const RouteAuthorize importers = WritersOnly("无权导入学习强国积分");
  router.Add({"POST",
              "/api/v1/study/xuexi/uploads",
              Access::kSignedIn,
              Upload,
              st::kMaxXuexiFileBytes,
              MayUpload,
              {kXlsxType},
              /*heavy=*/true});
  router.Add({"GET", "/api/v1/study/xuexi/uploads/{id}", Access::kSignedIn, GetUpload});
  router.Add({.method = "POST",
              .pattern = "/api/v1/study/xuexi/uploads/{id}/check",
              .handler = Check,
              .authorize = importers,
              .heavy = true});
  router.Add({.method = "POST",
              .pattern = "/api/v1/study/xuexi/uploads/{id}/import",
              .handler = Import,
              .max_body = 512 << 10,
              .authorize = importers,
              .heavy = true});
  router.Add({"GET", "/api/v1/study/xuexi/ranking", Access::kSignedIn, Ranking});
  router.Add({.method = "GET",
              .pattern = "/api/v1/study/xuexi/ranking/export",
              .handler = ExportRanking,
              .heavy = true});
}

constexpr const char* kSweepKind = "study.xuexi_sweep";

// Makes the services and the nightly sweep of 学习强国 uploads (those never
// imported go after a day, imported ones keep their row but not the file).
void ProvideStudy(ModuleSetup& s) {
  s.services.Make<st::MaterialService>(s.db);
  s.services.Make<st::StudyLogService>(s.db);
  auto& xuexi = s.services.Make<st::XuexiService>(s.db);
  auto& jobs = s.services.Get<jobs::Registry>();
  jobs.AddHandler(kSweepKind, [&xuexi](storage::Database&, const jobs::JobRun& run) -> Status {
    DX_ASSIGN_OR_RETURN(int64_t swept, xuexi.SweepUploads(run.now));
    if (swept > 0) spdlog::info("study: swept {} 学习强国 uploads", swept);
    return Ok();
  });
  jobs.AddRecurring(jobs::Recurring::Daily(kSweepKind, kSweepKind, 3, 40));
}

const Module& StudyModule() {
  static const Module m{&st::Info, "study/openapi.json", ProvideStudy, RegisterStudyRoutes};
  return m;
}

}  // namespace duxing::api
