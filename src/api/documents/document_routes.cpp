// /api/v1/documents: 文件 of a campaign with their planned activities, and,
// on a document's page, the events that held each activity (planned vs held).
#include "api/json_body.hpp"
#include "api/module.hpp"
#include "api/record_routes.hpp"
#include "api/router.hpp"
#include "common/text.hpp"
#include "domain/attachments/attachment.hpp"
#include "domain/campaigns/campaign.hpp"
#include "domain/documents/document.hpp"

namespace duxing::api {
namespace {

namespace dc = domain::documents;

boost::json::value OptId(const std::optional<int64_t>& id) {
  return id ? boost::json::value(*id) : boost::json::value(nullptr);
}

boost::json::object ActivityJson(const dc::Activity& a) {
  boost::json::array held;
  for (const auto& e : a.held) {
    held.push_back({{"id", e.id}, {"title", e.title}, {"starts_at", e.start}});
  }
  return {{"id", a.id},
          {"title", a.title},
          {"planned_start", a.planned_start},
          {"planned_end", a.planned_end},
          {"group_id", OptId(a.group_id)},
          {"group_name", a.group_name},
          {"org_id", OptId(a.org_id)},
          {"org_name", a.org_name},
          {"held", std::move(held)}};
}

boost::json::object DocumentJson(const dc::Document& d, bool with_activities) {
  boost::json::object o{{"id", d.id},
                        {"campaign_id", d.campaign_id},
                        {"title", d.title},
                        {"number", d.number},
                        {"issuer", d.issuer},
                        {"issued_on", d.issued_on},
                        {"summary", d.summary},
                        {"archived", d.archived},
                        {"version", d.version},
                        {"activity_count", d.activity_count},
                        {"held_activity_count", d.held_activity_count},
                        {"may_write", d.may_write}};
  if (with_activities) {
    boost::json::array list;
    for (const auto& a : d.activities) list.push_back(ActivityJson(a));
    o["activities"] = std::move(list);
  }
  return o;
}

Error BadActivities() {
  return MakeError(
      Code::kInvalidArgument,
      "activities 应为 [{\"title\":…,\"planned_start\":…,\"planned_end\":…}] 形式的数组",
      "activities");
}

// Reads one activity object: id (optional), title, planned_start,
// planned_end, group_id and org_id (optional, null for none); nothing else.
Result<dc::Activity> ReadActivity(const boost::json::value& item) {
  if (!item.is_object()) return BadActivities();
  dc::Activity a;
  for (const auto& [key, v] : item.get_object()) {
    auto id = [&](std::optional<int64_t>& out) -> Status {
      if (v.is_null()) return Ok();
      if (!v.is_int64()) return BadActivities();
      out = v.get_int64();
      return Ok();
    };
    auto text = [&](std::string& out, size_t max_bytes) -> Status {
      if (!v.is_string() || v.get_string().size() > max_bytes) return BadActivities();
      out = Trim(std::string(v.get_string()));
      return Ok();
    };
    if (key == "id") {
      std::optional<int64_t> got;
      DX_RETURN_IF_ERROR(id(got));
      a.id = got.value_or(0);
    } else if (key == "title") {
      DX_RETURN_IF_ERROR(text(a.title, dc::kMaxActivityTitle * 4));
    } else if (key == "planned_start") {
      DX_RETURN_IF_ERROR(text(a.planned_start, 10));
    } else if (key == "planned_end") {
      DX_RETURN_IF_ERROR(text(a.planned_end, 10));
    } else if (key == "group_id") {
      DX_RETURN_IF_ERROR(id(a.group_id));
    } else if (key == "org_id") {
      DX_RETURN_IF_ERROR(id(a.org_id));
    } else {
      return MakeError(Code::kInvalidArgument, "计划活动不认识的字段：" + std::string(key),
                       "activities");
    }
  }
  return a;
}

Result<std::optional<std::vector<dc::Activity>>> ReadActivities(JsonBody& body) {
  using Out = std::optional<std::vector<dc::Activity>>;
  const boost::json::value* v = body.Raw("activities");
  if (!v) return Out();
  if (!v->is_array()) return BadActivities();
  if (v->get_array().size() > dc::kMaxActivities) {
    return MakeError(Code::kInvalidArgument,
                     "计划活动不能超过 " + std::to_string(dc::kMaxActivities) + " 项",
                     "activities");
  }
  std::vector<dc::Activity> out;
  for (const auto& item : v->get_array()) {
    DX_ASSIGN_OR_RETURN(dc::Activity a, ReadActivity(item));
    out.push_back(std::move(a));
  }
  return Out(std::move(out));
}

// The fields a create and an edit share; absent ones stay nullopt.
Result<dc::DocumentPatch> ReadFields(JsonBody& body) {
  dc::DocumentPatch p;
  DX_ASSIGN_OR_RETURN(p.title, body.OptionalString("title", dc::kMaxTitle));
  DX_ASSIGN_OR_RETURN(p.number, body.OptionalString("number", dc::kMaxNumber));
  DX_ASSIGN_OR_RETURN(p.issuer, body.OptionalString("issuer", dc::kMaxIssuer));
  DX_ASSIGN_OR_RETURN(p.issued_on, body.OptionalString("issued_on", 10));
  DX_ASSIGN_OR_RETURN(p.summary, body.OptionalString("summary", dc::kMaxSummary));
  DX_ASSIGN_OR_RETURN(p.activities, ReadActivities(body));
  return p;
}

dc::DocumentService& Documents(Call& c) { return c.s.Get<dc::DocumentService>(); }

Response List(Call& c) {
  dc::DocumentFilter f;
  DX_TRY(auto campaign, QueryInt(c.req, "campaign_id"));
  if (!campaign) {
    return ErrorResponse(MakeError(Code::kInvalidArgument, "请指定学习教育活动", "campaign_id"));
  }
  f.campaign_id = *campaign;
  f.q = QueryString(c.req, "q");
  f.sort = QueryString(c.req, "sort").value_or("");
  DX_TRY(f.include_archived, QueryBool(c.req, "include_archived"));
  DX_TRY(f.page, QueryPage(c.req));
  DX_TRY(auto page, Documents(c).List(c.ctx, f));
  return PageOf(page, [](const dc::Document& d) { return DocumentJson(d, false); });
}

// A new document: campaign_id, title, issuer and issued_on required.
Result<dc::Document> ReadNewDocument(JsonBody& body) {
  dc::Document d;
  DX_ASSIGN_OR_RETURN(d.campaign_id, body.RequiredInt("campaign_id"));
  DX_ASSIGN_OR_RETURN(d.title, body.RequiredString("title", dc::kMaxTitle));
  DX_ASSIGN_OR_RETURN(d.issuer, body.RequiredString("issuer", dc::kMaxIssuer));
  DX_ASSIGN_OR_RETURN(d.issued_on, body.RequiredString("issued_on", 10));
  DX_ASSIGN_OR_RETURN(dc::DocumentPatch p, ReadFields(body));
  d.number = p.number.value_or("");
  d.summary = p.summary.value_or("");
  d.activities = p.activities.value_or(std::vector<dc::Activity>{});
  return d;
}

// A document with its planned activities (its own page, its edits).
boost::json::object FullDocumentJson(const dc::Document& d) { return DocumentJson(d, true); }

// Files of a document: read by its readers, attached by its writers.
void DeclareDocumentAttachments(domain::attachments::RecordRights& rights) {
  constexpr std::string_view kCampaignOf = "SELECT campaign_id FROM documents WHERE id = $1";
  rights.Declare(
      dc::kDocumentRecordType,
      [kCampaignOf](storage::Tx& tx, const domain::auth::Principal& who, int64_t id,
                    domain::attachments::RecordAccess access) -> Status {
        Error missing = MakeError(Code::kNotFound, "文件不存在");
        DX_ASSIGN_OR_RETURN(storage::Rows rows, tx.Query(kCampaignOf, {id}));
        if (rows.empty()) return missing;
        domain::Context ctx;
        ctx.principal = &who;
        auto scope = domain::campaigns::CampaignService::LoadScope(tx, ctx, rows.front().Int(0));
        if (!scope.ok()) return missing;
        if (access == domain::attachments::RecordAccess::kAttach && !scope->may_write) {
          return MakeError(Code::kPermissionDenied, "无权为该文件添加或删除附件");
        }
        return Ok();
      },
      [](storage::Tx& tx, int64_t id) -> Result<std::optional<std::string>> {
        DX_ASSIGN_OR_RETURN(
            storage::Rows rows,
            tx.Query("SELECT o.path FROM documents d JOIN campaigns c ON c.id = d.campaign_id "
                     "JOIN orgs o ON o.id = c.org_id WHERE d.id = $1",
                     {id}));
        if (rows.empty()) return std::optional<std::string>();
        return std::optional<std::string>(rows.front().Text(0));
      });
}

}  // namespace

void RegisterDocumentRoutes(Router& router) {
  using S = dc::DocumentService;
  const auto in = Access::kSignedIn;
  // Documents are kept by the campaign's administrators: others are
  // refused before their body is read.
  const RouteAuthorize writers = WritersOnly("无权维护活动的文件");
  router.Add({"GET", "/api/v1/documents", in, List});
  router.Add({"POST", "/api/v1/documents", in,
              CreateRecord<&S::Create>(ReadNewDocument, FullDocumentJson), kDefaultMaxBody,
              writers});
  router.Add({"GET", "/api/v1/documents/{id}", in, GetRecord<&S::Get>(FullDocumentJson)});
  router.Add({"PATCH", "/api/v1/documents/{id}", in,
              EditRecord<&S::Update>(ReadFields, FullDocumentJson), kDefaultMaxBody, writers});
  router.Add({"POST", "/api/v1/documents/{id}/archive", in,
              ArchiveRecord<&S::Archive>(FullDocumentJson), kSmallBody, writers});
}

const Module& DocumentsModule() {
  static const Module m{
      &dc::Info, "documents/openapi.json",
      [](ModuleSetup& s) {
        s.services.Make<dc::DocumentService>(s.db);
        DeclareDocumentAttachments(s.services.Get<domain::attachments::RecordRights>());
      },
      RegisterDocumentRoutes};
  return m;
}

}  // namespace duxing::api
