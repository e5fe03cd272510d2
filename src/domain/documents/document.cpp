#include "domain/documents/document.hpp"

#include <functional>
#include <map>
#include <set>

#include "common/text.hpp"
#include "domain/audit/audit_log.hpp"
#include "domain/campaigns/campaign.hpp"
#include "domain/leadership/leadership.hpp"
#include "domain/list_query.hpp"
#include "domain/text_field.hpp"
#include "domain/versioned_write.hpp"
#include "storage/where.hpp"

namespace duxing::domain::documents {
namespace {

constexpr std::string_view kCampaignOrgPath =
    "SELECT o.path FROM campaigns c JOIN orgs o ON o.id = c.org_id WHERE c.id = $1";

using campaigns::CampaignScope;
using campaigns::CampaignService;

constexpr std::string_view kColumns =
    "d.id, d.campaign_id, d.title, d.number, d.issuer, d.issued_on, d.summary, d.archived, "
    "d.version, (SELECT COUNT(*) FROM document_activities a WHERE a.document_id = d.id AND "
    "a.archived = 0), (SELECT COUNT(*) FROM document_activities a WHERE a.document_id = d.id "
    "AND a.archived = 0 AND EXISTS (SELECT 1 FROM events e WHERE e.document_activity_id = a.id "
    "AND e.archived = 0))";
constexpr std::string_view kInsert =
    "INSERT INTO documents (campaign_id, title, number, issuer, issued_on, summary, created_at, "
    "updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id";
constexpr std::string_view kUpdate =
    "UPDATE documents SET title = $1, number = $2, issuer = $3, issued_on = $4, summary = $5, "
    "archived = $6, version = version + 1, updated_at = $7 WHERE id = $8 AND version = $9";
constexpr std::string_view kActivities =
    "SELECT a.id, a.title, a.planned_start, a.planned_end, a.group_id, g.name, a.org_id, o.name "
    "FROM document_activities a LEFT JOIN leadership_groups g ON g.id = a.group_id "
    "LEFT JOIN orgs o ON o.id = a.org_id WHERE a.document_id = $1 AND a.archived = 0 "
    "ORDER BY a.position, a.id";
constexpr std::string_view kActivityIds =
    "SELECT id FROM document_activities WHERE document_id = $1";
constexpr std::string_view kInsertActivity =
    "INSERT INTO document_activities (document_id, position, title, planned_start, planned_end, "
    "group_id, org_id) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id";
constexpr std::string_view kUpdateActivity =
    "UPDATE document_activities SET position = $1, title = $2, planned_start = $3, "
    "planned_end = $4, group_id = $5, org_id = $6, archived = 0 WHERE id = $7 AND "
    "document_id = $8";
constexpr std::string_view kArchiveActivities =
    "UPDATE document_activities SET archived = 1 WHERE document_id = $1";
constexpr std::string_view kHeld =
    "SELECT e.document_activity_id, e.id, e.title, e.starts_at, e.org_path FROM events e "
    "JOIN document_activities a ON a.id = e.document_activity_id "
    "WHERE a.document_id = $1 AND e.archived = 0 ORDER BY e.starts_at, e.id";
constexpr std::string_view kOrgPath = "SELECT path FROM orgs WHERE id = $1";
constexpr std::string_view kLinkDocument =
    "SELECT campaign_id, archived FROM documents WHERE id = $1";
constexpr std::string_view kLinkActivity =
    "SELECT 1 FROM document_activities WHERE id = $1 AND document_id = $2 AND archived = 0";

Error Invalid(std::string message, std::string field) {
  return MakeError(Code::kInvalidArgument, std::move(message), std::move(field));
}

storage::Param OptId(const std::optional<int64_t>& id) {
  return id ? storage::Param(*id) : storage::Param(nullptr);
}

// A document with its campaign's scope.
struct Loaded {
  Document document;
  CampaignScope campaign;
};

Document FromRow(const storage::Row& r) {
  Document d;
  d.id = r.Int(0);
  d.campaign_id = r.Int(1);
  d.title = r.Text(2);
  d.number = r.Text(3);
  d.issuer = r.Text(4);
  d.issued_on = r.Text(5);
  d.summary = r.Text(6);
  d.archived = r.Bool(7);
  d.version = r.Int(8);
  d.activity_count = r.Int(9);
  d.held_activity_count = r.Int(10);
  return d;
}

Status LoadActivities(storage::Tx& tx, Document& d) {
  DX_ASSIGN_OR_RETURN(storage::Rows rows, tx.Query(kActivities, {d.id}));
  d.activities.clear();
  for (const auto& r : rows) {
    Activity a;
    a.id = r.Int(0);
    a.title = r.Text(1);
    a.planned_start = r.Text(2);
    a.planned_end = r.Text(3);
    a.group_id = r.OptInt(4);
    a.group_name = r.OptText(5).value_or("");
    a.org_id = r.OptInt(6);
    a.org_name = r.OptText(7).value_or("");
    d.activities.push_back(std::move(a));
  }
  return Ok();
}

Result<Loaded> Load(storage::Tx& tx, const Context& ctx, int64_t id) {
  DX_ASSIGN_OR_RETURN(
      storage::Rows rows,
      tx.Query("SELECT " + std::string(kColumns) + " FROM documents d WHERE d.id = $1", {id}));
  if (rows.empty()) return MakeError(Code::kNotFound, "文件不存在");
  Loaded l{FromRow(rows.front()), {}};
  auto scope = CampaignService::LoadScope(tx, ctx, l.document.campaign_id);
  if (!scope.ok()) {
    if (scope.error().code == Code::kNotFound) return MakeError(Code::kNotFound, "文件不存在");
    return scope.error();
  }
  l.campaign = *scope;
  l.document.may_write = l.campaign.may_write;
  DX_RETURN_IF_ERROR(LoadActivities(tx, l.document));
  return l;
}

std::string ActivityLine(const Activity& a) {
  std::string line = a.title + "（" + a.planned_start + "至" + a.planned_end;
  if (!a.group_name.empty()) line += "，" + a.group_name;
  if (!a.org_name.empty()) line += "，" + a.org_name;
  return line + "）";
}

audit::Snapshot Snap(const Document& d) {
  std::string activities;
  for (size_t i = 0; i < d.activities.size(); ++i) {
    activities += (i ? "\n" : "") + std::to_string(i + 1) + ". " + ActivityLine(d.activities[i]);
  }
  return {{"campaign_id", std::to_string(d.campaign_id)},
          {"title", d.title},
          {"number", d.number},
          {"issuer", d.issuer},
          {"issued_on", d.issued_on},
          {"summary", d.summary},
          {"activities", activities},
          {"archived", d.archived ? "true" : "false"}};
}

VersionedRecord<Loaded> Record(const Context& ctx) {
  return {kDocumentRecordType, [&ctx](storage::Tx& tx, int64_t id) { return Load(tx, ctx, id); },
          [](const Loaded& l) { return l.document.version; },
          [](const Loaded& l) { return Snap(l.document); },
          [](const Loaded& l) -> std::optional<std::string> { return l.campaign.org_path; }};
}

Status MayWrite(const CampaignScope& c) {
  if (!c.may_write) return MakeError(Code::kPermissionDenied, "无权修改该活动的文件");
  if (c.archived) return MakeError(Code::kFailedPrecondition, "学习教育活动已归档");
  return Ok();
}

Status CheckText(const std::string& text, const std::string& field, std::string_view label,
                 size_t max_chars, bool required) {
  if (required && text.empty()) return Invalid(std::string(label) + "不能为空", field);
  return CheckLineText(text, field, label, max_chars);
}

// The references of each activity: its group a working group of the
// document's campaign, its org one the caller reads.
Status CheckReferences(storage::Tx& tx, const Context& ctx, const Document& d) {
  for (size_t i = 0; i < d.activities.size(); ++i) {
    const Activity& a = d.activities[i];
    std::string prefix = "activities[" + std::to_string(i) + "].";
    if (a.group_id) {
      DX_ASSIGN_OR_RETURN(bool ours, leadership::LeadershipService::GroupOfCampaign(tx, *a.group_id,
                                                                                    d.campaign_id));
      if (!ours) return Invalid("负责的工作组不属于本活动", prefix + "group_id");
    }
    if (a.org_id) {
      DX_ASSIGN_OR_RETURN(storage::Rows org, tx.Query(kOrgPath, {*a.org_id}));
      if (org.empty() || !ctx.principal->CanRead(org.front().Text(0))) {
        return MakeError(Code::kNotFound, "组织不存在", prefix + "org_id");
      }
    }
  }
  return Ok();
}

// Writes the activity list of document `id`: every current one archived
// first, then each of `list` updated back (kept ids) or inserted.
Status WriteActivities(storage::Tx& tx, int64_t id, std::vector<Activity>& list) {
  DX_RETURN_IF_ERROR(tx.Exec(kArchiveActivities, {id}));
  for (size_t i = 0; i < list.size(); ++i) {
    Activity& a = list[i];
    auto position = static_cast<int64_t>(i);
    if (a.id != 0) {
      DX_ASSIGN_OR_RETURN(
          int64_t n, tx.Exec(kUpdateActivity, {position, a.title, a.planned_start, a.planned_end,
                                               OptId(a.group_id), OptId(a.org_id), a.id, id}));
      if (n == 0)
        return Invalid("计划活动不属于该文件", "activities[" + std::to_string(i) + "].id");
      continue;
    }
    DX_ASSIGN_OR_RETURN(
        storage::Row row,
        tx.QueryOne(kInsertActivity, {id, position, a.title, a.planned_start, a.planned_end,
                                      OptId(a.group_id), OptId(a.org_id)}));
    a.id = row.Int(0);
  }
  return Ok();
}

const ListSpec& DocumentList() {
  static const ListSpec spec{std::string(kColumns),
                             "FROM documents d",
                             "FROM documents d",
                             {ListSort{"issued_on", "d.issued_on", "d.issued_on", "d.id"},
                              ListSort{"title", "d.title", "d.title", "d.id"}},
                             "d.id"};
  return spec;
}

// The filters of a list; the campaign's scope is checked before.
storage::Where ListWhere(const DocumentFilter& f) {
  storage::Where w;
  w.And("d.campaign_id = ?", {f.campaign_id});
  if (!f.include_archived) w.And("d.archived = 0");
  if (f.q && !f.q->empty()) {
    std::string like = storage::ContainsPattern(*f.q);
    w.And("(d.title LIKE ? ESCAPE '\\' OR d.number LIKE ? ESCAPE '\\')", {like, like});
  }
  return w;
}

}  // namespace

std::pair<std::string, storage::Params> DocumentService::ListSql(const DocumentFilter& f) {
  return ListQuery::PageSql(DocumentList(), ListWhere(f), f.sort);
}

Status Validate(const Document& d) {
  DX_RETURN_IF_ERROR(CheckText(d.title, "title", "文件标题", kMaxTitle, true));
  DX_RETURN_IF_ERROR(CheckText(d.number, "number", "文号", kMaxNumber, false));
  DX_RETURN_IF_ERROR(CheckText(d.issuer, "issuer", "发文机关", kMaxIssuer, true));
  if (!IsValidDate(d.issued_on)) return Invalid("发文日期无效（格式 YYYY-MM-DD）", "issued_on");
  DX_RETURN_IF_ERROR(CheckMultilineText(d.summary, "summary", "主要内容", kMaxSummary));
  if (d.activities.size() > kMaxActivities) {
    return Invalid("计划活动不能超过 " + std::to_string(kMaxActivities) + " 项", "activities");
  }
  std::set<int64_t> ids;
  for (size_t i = 0; i < d.activities.size(); ++i) {
    const Activity& a = d.activities[i];
    std::string prefix = "activities[" + std::to_string(i) + "].";
    std::string label = "第 " + std::to_string(i + 1) + " 项活动";
    DX_RETURN_IF_ERROR(
        CheckText(a.title, prefix + "title", label + "名称", kMaxActivityTitle, true));
    if (!IsValidDate(a.planned_start)) {
      return Invalid(label + "计划开始日期无效（格式 YYYY-MM-DD）", prefix + "planned_start");
    }
    if (!IsValidDate(a.planned_end)) {
      return Invalid(label + "计划结束日期无效（格式 YYYY-MM-DD）", prefix + "planned_end");
    }
    if (a.planned_end < a.planned_start) {
      return Invalid(label + "计划结束日期不能早于开始日期", prefix + "planned_end");
    }
    if (a.id != 0 && !ids.insert(a.id).second) return Invalid(label + "重复", prefix + "id");
  }
  return Ok();
}

Result<Page<Document>> DocumentService::List(const Context& ctx, const DocumentFilter& f) {
  DX_ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kRead));
  DX_ASSIGN_OR_RETURN(CampaignScope scope, CampaignService::LoadScope(*tx, ctx, f.campaign_id));
  storage::Where w = ListWhere(f);
  // Every document of one campaign is in the campaign's scope, checked
  // above; the list is a campaign's dozens of files, counted per page.
  ListQuery list;
  DX_ASSIGN_OR_RETURN(ListRows rows, list.Page(*tx, DocumentList(), w, f.sort, f.page));
  Page<Document> out;
  out.total = rows.total;
  out.next_cursor = rows.next_cursor;
  for (const auto& r : rows.rows) {
    out.items.push_back(FromRow(r));
    out.items.back().may_write = scope.may_write;
  }
  return out;
}

Result<Document> DocumentService::Get(const Context& ctx, int64_t id) {
  DX_ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kRead));
  DX_ASSIGN_OR_RETURN(Loaded l, Load(*tx, ctx, id));
  DX_ASSIGN_OR_RETURN(storage::Rows held, tx->Query(kHeld, {id}));
  std::map<int64_t, std::vector<HeldEvent>> by_activity;
  for (const auto& r : held) {
    // Events the caller may not read are counted (held_activity_count)
    // but not named.
    if (!ctx.principal->CanRead(r.Text(4))) continue;
    by_activity[r.Int(0)].push_back({r.Int(1), r.Text(2), r.Text(3)});
  }
  for (Activity& a : l.document.activities) a.held = std::move(by_activity[a.id]);
  return l.document;
}

Result<int64_t> DocumentService::Insert(storage::Tx& tx, const Context& ctx, const Document& d) {
  DX_ASSIGN_OR_RETURN(storage::Row row,
                      tx.QueryOne(kInsert, {d.campaign_id, d.title, d.number, d.issuer, d.issued_on,
                                            d.summary, FormatTime(ctx.now)}));
  int64_t id = row.Int(0);
  std::vector<Activity> activities = d.activities;
  for (Activity& a : activities) a.id = 0;
  DX_RETURN_IF_ERROR(WriteActivities(tx, id, activities));
  return id;
}

Status DocumentService::AuditInserted(storage::Tx& tx, const Context& ctx, int64_t id) {
  DX_ASSIGN_OR_RETURN(
      storage::Row row,
      tx.QueryOne("SELECT " + std::string(kColumns) + " FROM documents d WHERE d.id = $1", {id}));
  Document d = FromRow(row);
  DX_RETURN_IF_ERROR(LoadActivities(tx, d));
  DX_ASSIGN_OR_RETURN(storage::Row path, tx.QueryOne(kCampaignOrgPath, {d.campaign_id}));
  return audit::Record(
      tx, ctx, {"create", std::string(kDocumentRecordType), id, path.Text(0), std::nullopt, Snap(d), ""});
}

Result<Document> DocumentService::Create(const Context& ctx, const Document& in) {
  for (const Activity& a : in.activities) {
    if (a.id != 0) return Invalid("新文件的计划活动不能带编号", "activities");
  }
  DX_RETURN_IF_ERROR(Validate(in));
  DX_ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kWrite));
  DX_ASSIGN_OR_RETURN(CampaignScope scope, CampaignService::LoadScope(*tx, ctx, in.campaign_id));
  DX_RETURN_IF_ERROR(MayWrite(scope));
  DX_RETURN_IF_ERROR(CheckReferences(*tx, ctx, in));
  DX_ASSIGN_OR_RETURN(int64_t id, Insert(*tx, ctx, in));
  DX_ASSIGN_OR_RETURN(Loaded created, FinishCreate(*tx, ctx, Record(ctx), id));
  return created.document;
}

namespace {

Result<Document> Write(storage::Database& db, const Context& ctx, int64_t id, int64_t version,
                       const std::string& action, const std::function<Status(Document&)>& change) {
  VersionedWrite<Loaded> w;
  w.action = action;
  w.id = id;
  w.version = version;
  w.authorize = [](storage::Tx&, const Loaded& before) { return MayWrite(before.campaign); };
  w.change = [&](storage::Tx& tx, const Loaded& before, Loaded& after) -> Status {
    if (before.document.archived) return MakeError(Code::kFailedPrecondition, "文件已归档");
    DX_RETURN_IF_ERROR(change(after.document));
    DX_RETURN_IF_ERROR(Validate(after.document));
    return CheckReferences(tx, ctx, after.document);
  };
  w.write = [&](storage::Tx& tx, const Loaded&, const Loaded& after) -> Result<int64_t> {
    const Document& d = after.document;
    DX_ASSIGN_OR_RETURN(int64_t n,
                        tx.Exec(kUpdate, {d.title, d.number, d.issuer, d.issued_on, d.summary,
                                          int64_t{d.archived}, FormatTime(ctx.now), id, version}));
    if (n == 0) return n;
    std::vector<Activity> activities = d.activities;
    DX_RETURN_IF_ERROR(WriteActivities(tx, id, activities));
    return n;
  };
  DX_ASSIGN_OR_RETURN(Loaded updated, WriteVersioned(db, ctx, Record(ctx), w));
  return updated.document;
}

}  // namespace

Result<Document> DocumentService::Update(const Context& ctx, int64_t id, const DocumentPatch& p) {
  return Write(db_, ctx, id, p.version, "update", [&](Document& d) -> Status {
    if (p.title) d.title = *p.title;
    if (p.number) d.number = *p.number;
    if (p.issuer) d.issuer = *p.issuer;
    if (p.issued_on) d.issued_on = *p.issued_on;
    if (p.summary) d.summary = *p.summary;
    if (p.activities) d.activities = *p.activities;
    return Ok();
  });
}

Result<Document> DocumentService::Archive(const Context& ctx, int64_t id, int64_t version) {
  return Write(db_, ctx, id, version, "archive", [](Document& d) -> Status {
    d.archived = true;
    return Ok();
  });
}

Status DocumentService::ValidateActivityLink(storage::Tx& tx, const auth::Principal& who,
                                             std::optional<int64_t> campaign_id,
                                             std::optional<int64_t> document_id,
                                             std::optional<int64_t> activity_id) {
  Error missing = Invalid("文件不存在或不属于本次学习教育活动", "document_id");
  if (!document_id) return activity_id ? missing : Ok();
  DX_ASSIGN_OR_RETURN(storage::Rows doc, tx.Query(kLinkDocument, {*document_id}));
  if (doc.empty() || doc.front().Bool(1)) return missing;
  int64_t campaign = doc.front().Int(0);
  if (campaign_id && *campaign_id != campaign) return missing;
  Context ctx;
  ctx.principal = &who;
  if (!CampaignService::LoadScope(tx, ctx, campaign).ok()) return missing;
  if (!activity_id) return Ok();
  DX_ASSIGN_OR_RETURN(storage::Rows activity,
                      tx.Query(kLinkActivity, {*activity_id, *document_id}));
  if (activity.empty()) return Invalid("计划活动不属于该文件", "document_activity_id");
  return Ok();
}

}  // namespace duxing::domain::documents
