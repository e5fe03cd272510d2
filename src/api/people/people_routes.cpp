// /api/v1/people: list, read, create, edit, archive, import, export.
#include <set>

#include <boost/json/serialize.hpp>

#include "api/json_body.hpp"
#include "api/record_routes.hpp"
#include "api/router.hpp"
#include "api/shared_page.hpp"
#include "domain/people/person.hpp"
#include "domain/people/person_attachments.hpp"
#include "tabular/xlsx_writer.hpp"

namespace duxing::api {
namespace {

namespace people = domain::people;

boost::json::value Nullable(const std::optional<std::string>& s) {
  return s ? boost::json::value(*s) : nullptr;
}
boost::json::value Nullable(const std::optional<int64_t>& v) {
  return v ? boost::json::value(*v) : nullptr;
}

boost::json::object PersonJson(const people::Person& p) {
  return {{"id", p.id},
          {"name", p.f.name},
          {"gender", Nullable(p.f.gender)},
          {"birth_date", Nullable(p.f.birth_date)},
          {"party_join_date", Nullable(p.f.party_join_date)},
          {"category", p.f.category},
          {"org_id", p.f.org_id},
          {"org_name", p.org_name},
          {"department_id", Nullable(p.f.department_id)},
          {"department_name", Nullable(p.department_name)},
          {"post", p.f.post},
          {"phone", p.f.phone},
          {"community_id", Nullable(p.f.community_id)},
          {"community_name", Nullable(p.community_name)},
          {"status", p.f.status},
          {"archived", p.archived},
          {"version", p.version},
          {"created_at", p.created_at},
          {"updated_at", p.updated_at}};
}

Result<people::ListFilter> ReadFilter(const Request& req) {
  people::ListFilter f;
  DX_ASSIGN_OR_RETURN(f.page, QueryPage(req));
  DX_ASSIGN_OR_RETURN(f.org_id, QueryInt(req, "org_id"));
  f.category = QueryString(req, "category");
  f.status = QueryString(req, "status");
  f.q = QueryString(req, "q");
  if (f.q && f.q->size() > 200) {
    return MakeError(Code::kInvalidArgument, "搜索词过长", "q");
  }
  if (f.category && LabelOf(people::kCategories, *f.category).empty()) {
    return MakeError(Code::kInvalidArgument, "人员类别无效", "category");
  }
  if (f.status && LabelOf(people::kStatuses, *f.status).empty()) {
    return MakeError(Code::kInvalidArgument, "状态无效", "status");
  }
  DX_ASSIGN_OR_RETURN(f.include_archived, QueryBool(req, "include_archived"));
  // The list declares its sorts (people::ListFilter::sort); others are refused there.
  if (auto s = QueryString(req, "sort")) f.sort = *s;
  return f;
}

// The longest text the API reads for `field`: the domain's rule
// (people::FieldRules), the same that every import applies.
size_t MaxChars(std::string_view field) { return people::RuleOf(field).max_chars; }

// Reads every person field; `require` makes name/category/org_id mandatory.
Status ReadFields(JsonBody& body, people::PersonPatch& p, bool require) {
  if (require) {
    DX_ASSIGN_OR_RETURN(std::string name, body.RequiredString("name", MaxChars("name")));
    p.name = name;
    DX_ASSIGN_OR_RETURN(std::string category,
                        body.RequiredString("category", MaxChars("category")));
    p.category = category;
    DX_ASSIGN_OR_RETURN(int64_t org, body.RequiredInt("org_id"));
    p.org_id = org;
  } else {
    DX_ASSIGN_OR_RETURN(p.name, body.OptionalString("name", MaxChars("name")));
    DX_ASSIGN_OR_RETURN(p.category, body.OptionalString("category", MaxChars("category")));
    DX_ASSIGN_OR_RETURN(p.org_id, body.OptionalInt("org_id"));
  }
  DX_ASSIGN_OR_RETURN(p.gender, body.NullableString("gender", MaxChars("gender")));
  DX_ASSIGN_OR_RETURN(p.birth_date, body.NullableString("birth_date", MaxChars("birth_date")));
  DX_ASSIGN_OR_RETURN(p.party_join_date,
                      body.NullableString("party_join_date", MaxChars("party_join_date")));
  DX_ASSIGN_OR_RETURN(p.department_id, body.NullableInt("department_id"));
  DX_ASSIGN_OR_RETURN(p.post, body.OptionalString("post", MaxChars("post")));
  DX_ASSIGN_OR_RETURN(p.phone, body.OptionalString("phone", MaxChars("phone")));
  DX_ASSIGN_OR_RETURN(p.community_id, body.NullableInt("community_id"));
  DX_ASSIGN_OR_RETURN(p.status, body.OptionalString("status", MaxChars("status")));
  return body.Finish();
}

Response List(Call& c) {
  DX_TRY(auto filter, ReadFilter(c.req));
  DX_TRY(auto shared, c.s.Get<people::PeopleService>().List(c.ctx, filter));
  return SharedPageOf(shared, PersonJson);
}

Response Get(Call& c) {
  DX_TRY(int64_t id, c.PathId());
  DX_TRY(auto p, c.s.Get<people::PeopleService>().Get(c.ctx, id));
  return JsonResponse(200, PersonJson(p));
}

Response Create(Call& c) {
  DX_TRY(JsonBody body, JsonBody::Parse(c.req.body));
  people::PersonPatch in;
  DX_TRY_STATUS(ReadFields(body, in, true));
  people::PersonFields f;
  f.name = *in.name;
  f.category = *in.category;
  f.org_id = *in.org_id;
  if (in.gender) f.gender = *in.gender;
  if (in.birth_date) f.birth_date = *in.birth_date;
  if (in.party_join_date) f.party_join_date = *in.party_join_date;
  if (in.department_id) f.department_id = *in.department_id;
  if (in.community_id) f.community_id = *in.community_id;
  f.post = in.post.value_or("");
  f.phone = in.phone.value_or("");
  f.status = in.status.value_or("active");
  DX_TRY(auto p, c.s.Get<people::PeopleService>().Create(c.ctx, f));
  return JsonResponse(201, PersonJson(p));
}

Response Update(Call& c) {
  DX_TRY(int64_t id, c.PathId());
  DX_TRY(JsonBody body, JsonBody::Parse(c.req.body));
  people::PersonPatch patch;
  DX_TRY(patch.version, body.RequiredInt("version"));
  DX_TRY_STATUS(ReadFields(body, patch, false));
  DX_TRY(auto p, c.s.Get<people::PeopleService>().Update(c.ctx, id, patch));
  return JsonResponse(200, PersonJson(p));
}

Response Archive(Call& c) {
  DX_TRY(int64_t id, c.PathId());
  DX_TRY(int64_t version, VersionOnlyBody(c.req.body));
  DX_TRY(auto p, c.s.Get<people::PeopleService>().Archive(c.ctx, id, version));
  return JsonResponse(200, PersonJson(p));
}

Response Import(Call& c) {
  DX_TRY(bool dry_run, QueryBool(c.req, "dry_run"));
  std::string_view type = c.req.Header("content-type");
  people::ImportFormat format = people::ImportFormat::kCsv;
  if (type.rfind(kXlsxType, 0) == 0) {
    format = people::ImportFormat::kXlsx;
  } else if (type.rfind("text/csv", 0) != 0) {
    return ErrorResponse(MakeError(Code::kInvalidArgument,
                                   "请上传 .xlsx 或 .csv 文件（Content-Type 不支持）"));
  }
  auto imported = c.s.Get<people::PeopleService>().Import(c.ctx, format, c.req.body, dry_run);
  if (!imported.ok()) {
    Response r = ErrorResponse(imported.error());
    if (!imported.error().details.empty()) r.status = 422;
    return r;
  }
  return JsonResponse(200, boost::json::object{{"imported", *imported},
                                               {"dry_run", dry_run}});
}

std::vector<double> ColumnWidths() { return {12, 6, 12, 12, 12, 18, 14, 14, 16, 16, 8}; }

Response Export(Call& c) {
  DX_TRY(auto filter, ReadFilter(c.req));
  DX_TRY(auto list, c.s.Get<people::PeopleService>().ListAll(c.ctx, filter));
  tabular::Sheet sheet;
  sheet.name = "人员名单";
  sheet.header = people::ImportColumns();
  sheet.column_widths = ColumnWidths();
  sheet.rows.reserve(list.size());
  for (const auto& p : list) sheet.rows.push_back(people::ExportRow(p));
  return XlsxDownload(sheet, "人员名单.xlsx", "people.xlsx");
}

Response Template(Call& c) {
  if (!c.principal().IsStaff()) {
    return ErrorResponse(MakeError(Code::kPermissionDenied, "无权导入人员"));
  }
  tabular::Sheet sheet;
  sheet.name = "人员导入模板";
  for (const auto& col : people::ImportColumns()) {
    bool required = col == "姓名" || col == "人员类别" || col == "所在支部";
    sheet.header.push_back(required ? col + "*" : col);
  }
  sheet.column_widths = ColumnWidths();
  sheet.rows.push_back({"张三", "男", "1980-05-01", "2005-07-01", "在职党员", "机关第一支部",
                        "", "科员", "13800000000", "", "正常"});
  sheet.notes = {
      "人员导入填写说明",
      "1. 第一行为表头，请勿修改；带 * 的列必填。导入前请删除示例行。",
      "2. 所在支部：填写党组织名称，如“机关第一支部”。",
      "   名称不唯一时（如几个支部都有“第一党小组”），请填写带上级组织的路径，用“/”分隔，"
      "如“机关第二支部/第一党小组”；只填名称的行会报错并提示可选的路径。",
      "3. 所在科室、居住社区：填写名称，须为系统中已有的科室和社区/村。",
      "4. 性别、人员类别、状态：填写中文名称，如“男”“在职党员”“正常”。",
      "5. 日期写作 YYYY-MM-DD，如 1980-05-01。",
      "6. 任何一行有错误时不会导入任何数据，请按提示的行号和列修改后重新导入。",
  };
  return XlsxDownload(sheet, "人员导入模板.xlsx", "people-template.xlsx");
}

}  // namespace

void RegisterPeopleRoutes(Router& router) {
  const int max_rows =
      router.services().Get<people::PeopleService>().import_options().max_rows;
  router.Add({"GET", "/api/v1/people", Access::kSignedIn, List});
  // People are kept by those who write records (person.hpp): others are
  // refused before their body is read.
  const RouteAuthorize writers = WritersOnly("无权维护人员信息");
  router.Add({"POST", "/api/v1/people", Access::kSignedIn, Create, kDefaultMaxBody, writers});
  router.Add({.method = "GET", .pattern = "/api/v1/people/export", .handler = Export,
              .heavy = true});
  router.Add({"GET", "/api/v1/people/import-template", Access::kSignedIn, Template});
  router.Add({"POST", "/api/v1/people/import", Access::kSignedIn, Import,
              people::ImportBodyLimit(max_rows),
              [](const Call& c) { return c.s.Get<people::PeopleService>().MayImport(c.ctx); },
              {kXlsxType, "text/csv"}, /*heavy=*/true});
  router.Add({"GET", "/api/v1/people/{id}", Access::kSignedIn, Get});
  router.Add({"PATCH", "/api/v1/people/{id}", Access::kSignedIn, Update, kDefaultMaxBody, writers});
  router.Add({"POST", "/api/v1/people/{id}/archive", Access::kSignedIn, Archive, kSmallBody,
              writers});
}

const Module& PeopleModule() {
  static const Module m{&people::Info, "people/openapi.json",
                        [](ModuleSetup& s) {
                          s.services.Make<people::PeopleService>(
                              s.db, storage::kDefaultCacheBytes,
                              people::ImportOptions{s.options.people_import_max_rows});
                          people::DeclarePersonAttachments(
                              s.services.Get<domain::attachments::RecordRights>());
                        },
                        RegisterPeopleRoutes};
  return m;
}

}  // namespace duxing::api
