#include "domain/events/event.hpp"

#include <algorithm>
#include <functional>
#include <set>

#include "common/text.hpp"
#include "domain/audit/audit_log.hpp"
#include "domain/documents/document.hpp"
#include "domain/events/attendance.hpp"
#include "domain/events/event_rows.hpp"
#include "domain/orgs/org.hpp"
#include "domain/people/person.hpp"
#include "domain/text_field.hpp"
#include "domain/versioned_update.hpp"
#include "domain/versioned_write.hpp"
#include "domain/written_columns.hpp"
#include "storage/where.hpp"

namespace duxing::domain::events {
namespace {

constexpr std::string_view kInsertSeries =
    "INSERT INTO event_series (rule, repeat_until, occurrences, org_id, created_at) "
    "VALUES ($1, $2, $3, $4, $5) RETURNING id";
constexpr std::string_view kLaterInSeries =
    "SELECT id, version FROM events WHERE series_id = $1 AND starts_at > $2 AND archived = 0 "
    "ORDER BY starts_at";
constexpr std::string_view kCancel =
    "UPDATE events SET status = 'cancelled', cancel_reason = $1, version = version + 1, "
    "updated_at = $2 WHERE id = $3 AND version = $4";
constexpr std::string_view kAnySignedIn =
    "SELECT 1 FROM event_attendance WHERE event_id = $1 AND status = 'signed' LIMIT 1";
constexpr std::string_view kTypeById = "SELECT category, archived FROM event_types WHERE id = $1";
constexpr std::string_view kSiteById = "SELECT archived FROM red_sites WHERE id = $1";
constexpr std::string_view kCampaignById = "SELECT id FROM campaigns WHERE id = $1";
constexpr std::string_view kMaterialById = "SELECT id FROM study_materials WHERE id = $1";
constexpr std::string_view kCommunityById = "SELECT archived FROM communities WHERE id = $1";
constexpr std::string_view kPersonPath =
    "SELECT org_path FROM people WHERE id = $1 AND archived = 0";
constexpr std::string_view kInvited =
    "SELECT 1 FROM event_attendance WHERE event_id = $1 AND person_id = $2";
constexpr std::string_view kHostPaths = "SELECT org_path FROM event_orgs WHERE event_id = $1";

Error Invalid(std::string message, std::string field) {
  return MakeError(Code::kInvalidArgument, std::move(message), std::move(field));
}

storage::Param Opt(const std::optional<int64_t>& v) {
  return v ? storage::Param(*v) : storage::Param(nullptr);
}

// The canonical form of a time given as ISO text or a bare date; nullopt
// for anything else.
std::optional<std::string> CanonicalTime(std::string_view s) {
  auto t = ParseTime(s);
  if (!t) return std::nullopt;
  return FormatTime(*t);
}

Status CheckIds(const std::vector<int64_t>& ids, const char* field, const char* label, size_t max) {
  if (ids.size() > max) {
    return Invalid(std::string(label) + "不能超过 " + std::to_string(max) + " 个", field);
  }
  if (std::set<int64_t>(ids.begin(), ids.end()).size() != ids.size()) {
    return Invalid(std::string(label) + "不能重复", field);
  }
  return Ok();
}

}  // namespace

bool MayMove(EventStatus from, EventStatus to) {
  return from == to || (from == EventStatus::kDraft && to != EventStatus::kDraft) ||
         (from == EventStatus::kPublished && to == EventStatus::kCancelled);
}

Status Validate(Event& e) {
  if (e.title.empty()) return Invalid("活动标题不能为空", "title");
  DX_RETURN_IF_ERROR(CheckLineText(e.title, "title", "活动标题", kMaxTitle));
  auto starts = CanonicalTime(e.starts_at);
  if (!starts) return Invalid("开始时间无效（格式 2021-03-25T09:00:00Z）", "starts_at");
  auto ends = CanonicalTime(e.ends_at);
  if (!ends) return Invalid("结束时间无效（格式 2021-03-25T11:00:00Z）", "ends_at");
  e.starts_at = *starts;
  e.ends_at = *ends;
  if (e.ends_at < e.starts_at) return Invalid("结束时间不能早于开始时间", "ends_at");
  TimePoint start = *ParseTime(e.starts_at), end = *ParseTime(e.ends_at);
  if (end - start > kMaxDuration) return Invalid("活动时长不能超过 31 天", "ends_at");
  if (e.signin_opens_at.empty()) e.signin_opens_at = FormatTime(start - kDefaultWindowLead);
  if (e.signin_closes_at.empty()) e.signin_closes_at = e.ends_at;
  auto opens = CanonicalTime(e.signin_opens_at);
  if (!opens) return Invalid("签到开始时间无效", "signin_opens_at");
  auto closes = CanonicalTime(e.signin_closes_at);
  if (!closes) return Invalid("签到截止时间无效", "signin_closes_at");
  e.signin_opens_at = *opens;
  e.signin_closes_at = *closes;
  if (e.signin_closes_at < e.signin_opens_at) {
    return Invalid("签到截止时间不能早于签到开始时间", "signin_closes_at");
  }
  if (*ParseTime(e.signin_opens_at) < start - kWindowSlack) {
    return Invalid("签到最早只能在活动开始前一天开放", "signin_opens_at");
  }
  if (*ParseTime(e.signin_closes_at) > end + kWindowSlack) {
    return Invalid("签到最晚只能在活动结束后一天截止", "signin_closes_at");
  }
  DX_RETURN_IF_ERROR(CheckLineText(e.place, "place", "活动地点", kMaxPlace));
  DX_RETURN_IF_ERROR(CheckMultilineText(e.summary, "summary", "活动小结", kMaxSummary));
  if (e.outside_count < 0 || e.outside_count > kMaxOutsideCount) {
    return Invalid("系统外参加人数须在 0 至 100000 之间", "outside_count");
  }
  if (e.speakers.size() > kMaxSpeakers) return Invalid("主讲人不能超过 20 位", "speakers");
  for (size_t i = 0; i < e.speakers.size(); ++i) {
    Speaker& s = e.speakers[i];
    std::string field = "speakers[" + std::to_string(i) + "]";
    if (s.person_id) {
      s.name.clear();
    } else if (s.name.empty()) {
      return Invalid("主讲人须选择人员或填写姓名", field + ".name");
    }
    DX_RETURN_IF_ERROR(CheckLineText(s.name, field + ".name", "主讲人姓名", kMaxSpeakerName));
    DX_RETURN_IF_ERROR(
        CheckLineText(s.title, field + ".title", "主讲人职务职称", kMaxSpeakerTitle));
  }
  DX_RETURN_IF_ERROR(CheckIds(e.co_org_ids, "co_org_ids", "联合举办组织", kMaxOrgs));
  if (std::find(e.co_org_ids.begin(), e.co_org_ids.end(), e.org_id) != e.co_org_ids.end()) {
    return Invalid("联合举办组织不能是主办组织本身", "co_org_ids");
  }
  DX_RETURN_IF_ERROR(CheckIds(e.target_org_ids, "target_org_ids", "参加组织", kMaxOrgs));
  DX_RETURN_IF_ERROR(CheckIds(e.material_ids, "material_ids", "学习材料", kMaxMaterials));
  std::set<std::string> seen;
  for (const auto& c : e.target_categories) {
    if (LabelOf(people::kCategories, c).empty()) {
      return Invalid("参加人员类别无效：" + c, "target_categories");
    }
    if (!seen.insert(c).second) return Invalid("参加人员类别不能重复", "target_categories");
  }
  std::sort(e.co_org_ids.begin(), e.co_org_ids.end());
  return Ok();
}

Result<std::vector<TimePoint>> Occurrences(TimePoint first, const RecurrenceRule& rule) {
  if (!IsValidDate(rule.until)) return Invalid("重复截止日期无效", "recurrence.until");
  TimePoint last = *ParseTime(rule.until) + std::chrono::hours(24);
  if (last <= first) return Invalid("重复截止日期不能早于首次活动", "recurrence.until");
  std::vector<TimePoint> out;
  auto day = std::chrono::floor<std::chrono::days>(first);
  auto time_of_day = first - day;
  std::chrono::year_month_day ymd{day};
  for (int i = 0;; ++i) {
    TimePoint t;
    if (rule.rule == Recurrence::kWeekly) {
      t = first + std::chrono::days(7 * i);
    } else {
      auto ym = std::chrono::year_month(ymd.year(), ymd.month()) + std::chrono::months(i);
      std::chrono::year_month_day d{ym.year(), ym.month(), ymd.day()};
      if (i > 0 && !d.ok()) continue;
      if (i > 24 * 12) break;
      t = std::chrono::sys_days(d) + time_of_day;
    }
    if (t >= last) break;
    out.push_back(t);
    if (out.size() > static_cast<size_t>(kMaxOccurrences)) {
      return Invalid("重复活动最多 " + std::to_string(kMaxOccurrences) + " 次，请缩短截止日期",
                     "recurrence.until");
    }
  }
  return out;
}

namespace {

// Whether `id` is among `ids`.
bool Named(const std::vector<int64_t>& ids, int64_t id) {
  return std::find(ids.begin(), ids.end(), id) != ids.end();
}

// How a refusal names `org`: its name when the caller may read it.
std::string OrgName(const auth::Principal& p, const orgs::Org& org) {
  return p.CanRead(org.path) ? "“" + org.name + "”" : "该组织";
}

// Checks that what `e` refers to exists (and is in use), the speakers'
// people readable by the caller, and target orgs within the hosts'
// subtrees; fills the category from the type. Every co-organizer and target
// org that `e` names and `before` (the event as stored, nullptr on a create)
// did not must be one the caller may write (kPermissionDenied otherwise):
// naming an org invites its people, notifies them and shows the caller
// their attendance, so a branch secretary names only orgs of their own
// subtree, an org admin of a parent also its other branches. Orgs named
// before stay when someone else edits the event.
Status CheckReferences(storage::Tx& tx, const auth::Principal& p, Event& e,
                       const std::string& org_path, const Event* before) {
  DX_ASSIGN_OR_RETURN(storage::Rows type, tx.Query(kTypeById, {e.type_id}));
  if (type.empty() || type.front().Bool(1)) return Invalid("活动类型不存在或已停用", "type_id");
  e.category = kCategoryCodes.Parse(type.front().Text(0)).value_or(Category::kStudy);
  if (e.campaign_id) {
    DX_ASSIGN_OR_RETURN(storage::Rows c, tx.Query(kCampaignById, {*e.campaign_id}));
    if (c.empty()) return Invalid("学习教育活动不存在", "campaign_id");
  }
  // The document that planned it and one of its activities (documents module).
  DX_RETURN_IF_ERROR(documents::DocumentService::ValidateActivityLink(
      tx, p, e.campaign_id, e.document_id, e.document_activity_id));
  if (e.site_id) {
    DX_ASSIGN_OR_RETURN(storage::Rows s, tx.Query(kSiteById, {*e.site_id}));
    if (s.empty() || s.front().Bool(0)) return Invalid("红色资源点不存在或已停用", "site_id");
  }
  if (e.community_id) {
    DX_ASSIGN_OR_RETURN(storage::Rows c, tx.Query(kCommunityById, {*e.community_id}));
    if (c.empty() || c.front().Bool(0)) return Invalid("社区/村不存在", "community_id");
  }
  for (int64_t id : e.material_ids) {
    DX_ASSIGN_OR_RETURN(storage::Rows m, tx.Query(kMaterialById, {id}));
    if (m.empty()) return Invalid("学习材料不存在", "material_ids");
  }
  std::vector<std::string> hosts = {org_path};
  for (int64_t id : e.co_org_ids) {
    auto org = orgs::OrgService::Load(tx, id);
    if (!org.ok() || org->archived) return Invalid("联合举办组织不存在", "co_org_ids");
    if (!(before && Named(before->co_org_ids, id)) && !p.CanWrite(org->path)) {
      return MakeError(Code::kPermissionDenied,
                       "无权将" + OrgName(p, *org) + "列为联合举办组织（只能选择您管理范围内的组织）",
                       "co_org_ids");
    }
    hosts.push_back(org->path);
  }
  for (int64_t id : e.target_org_ids) {
    auto org = orgs::OrgService::Load(tx, id);
    if (!org.ok() || org->archived) return Invalid("参加组织不存在", "target_org_ids");
    if (!(before && Named(before->target_org_ids, id)) && !p.CanWrite(org->path)) {
      return MakeError(Code::kPermissionDenied,
                       "无权邀请" + OrgName(p, *org) + "的人员（参加组织只能选择您管理范围内的组织）",
                       "target_org_ids");
    }
    bool inside = std::any_of(hosts.begin(), hosts.end(), [&](const std::string& h) {
      return org->path.compare(0, h.size(), h) == 0;
    });
    if (!inside) return Invalid("参加组织须在主办或联合举办组织之内", "target_org_ids");
  }
  for (size_t i = 0; i < e.speakers.size(); ++i) {
    if (!e.speakers[i].person_id) continue;
    DX_ASSIGN_OR_RETURN(storage::Rows r, tx.Query(kPersonPath, {*e.speakers[i].person_id}));
    if (r.empty() || !p.CanRead(r.front().Text(0))) {
      return Invalid("主讲人不存在", "speakers[" + std::to_string(i) + "].person_id");
    }
  }
  return Ok();
}

// The columns an insert and an edit both write, with each one's value.
const WrittenColumns<Event>& EventFields() {
  static const auto columns = WrittenColumns<Event>()
                                  .Text("title", &Event::title)
                                  .Int("type_id", &Event::type_id)
                                  .Code("category", &Event::category, kCategoryCodes)
                                  .OptInt("campaign_id", &Event::campaign_id)
                                  .Text("starts_at", &Event::starts_at)
                                  .Text("ends_at", &Event::ends_at)
                                  .Text("place", &Event::place)
                                  .OptInt("site_id", &Event::site_id)
                                  .OptInt("community_id", &Event::community_id)
                                  .OptInt("document_id", &Event::document_id)
                                  .OptInt("document_activity_id", &Event::document_activity_id)
                                  .Text("summary", &Event::summary)
                                  .Int("outside_count", &Event::outside_count)
                                  .Text("signin_opens_at", &Event::signin_opens_at)
                                  .Text("signin_closes_at", &Event::signin_closes_at)
                                  .Code("status", &Event::status, kEventStatusCodes);
  return columns;
}

Status WriteEventRow(storage::Tx& tx, const Event& e, TimePoint now, int64_t version) {
  // EventFields, then archived, the time, the id and the version read.
  static const std::string update =
      EventFields().VersionedUpdate("events", {"archived", "updated_at"});
  storage::Params params = EventFields().Params(e);
  params.insert(params.end(), {int64_t{e.archived}, FormatTime(now), e.id, version});
  return VersionedUpdate(tx.Exec(update, params));
}

// How events are read and audited for `ctx` (`load` checks its read scope).
VersionedRecord<Event> Record(const Context& ctx) {
  return VersionedRecord<Event>{
      "event",
      [&ctx](storage::Tx& tx, int64_t id) -> Result<Event> {
        DX_ASSIGN_OR_RETURN(Event e, LoadEvent(tx, id));
        DX_ASSIGN_OR_RETURN(bool may, MayReadEvent(tx, *ctx.principal, e));
        if (!may) return MakeError(Code::kNotFound, "活动不存在");
        return e;
      },
      [](const Event& e) { return e.version; }, Snap,
      [](const Event& e) -> std::optional<std::string> { return e.org_path; }};
}

// Applies `p` (all but version, status and series scope) to `e`.
void Apply(const EventPatch& p, Event& e, bool times) {
  if (p.title) e.title = *p.title;
  if (p.type_id) e.type_id = *p.type_id;
  if (p.campaign_id) e.campaign_id = *p.campaign_id;
  if (times && p.starts_at) e.starts_at = *p.starts_at;
  if (times && p.ends_at) e.ends_at = *p.ends_at;
  if (p.place) e.place = *p.place;
  if (p.site_id) e.site_id = *p.site_id;
  if (p.community_id) e.community_id = *p.community_id;
  if (p.co_org_ids) e.co_org_ids = *p.co_org_ids;
  if (p.speakers) e.speakers = *p.speakers;
  if (p.target_org_ids) e.target_org_ids = *p.target_org_ids;
  if (p.target_categories) e.target_categories = *p.target_categories;
  if (p.document_id) e.document_id = *p.document_id;
  if (p.document_activity_id) e.document_activity_id = *p.document_activity_id;
  if (p.material_ids) e.material_ids = *p.material_ids;
  if (p.summary) e.summary = *p.summary;
  if (p.outside_count) e.outside_count = *p.outside_count;
  if (times && p.signin_opens_at) e.signin_opens_at = *p.signin_opens_at;
  if (times && p.signin_closes_at) e.signin_closes_at = *p.signin_closes_at;
}

// The change of one event by `p` inside `tx`: rules, references, status
// move with its invitations, targets with the invited list.
Status Change(storage::Tx& tx, const Context& ctx, const EventPatch& p, const Event& before,
              Event& after, bool times) {
  if (before.archived) return MakeError(Code::kFailedPrecondition, "活动已归档");
  if (before.status == EventStatus::kCancelled) {
    return MakeError(Code::kFailedPrecondition, "活动已取消，不能修改");
  }
  Apply(p, after, times);
  if (times && (p.starts_at || p.ends_at) && !p.signin_opens_at && !p.signin_closes_at) {
    after.signin_opens_at.clear();  // the default window follows the times
    after.signin_closes_at.clear();
  }
  if (p.status) {
    if (*p.status == EventStatus::kCancelled && before.status != EventStatus::kCancelled) {
      return Invalid("取消活动须填写取消原因，请使用“取消活动”", "status");
    }
    if (!MayMove(before.status, *p.status)) {
      return MakeError(Code::kFailedPrecondition,
                       "活动状态不能从“" + kEventStatusCodes.Label(before.status) + "”改为“" +
                           kEventStatusCodes.Label(*p.status) + "”",
                       "status");
    }
    after.status = *p.status;
  }
  DX_RETURN_IF_ERROR(Validate(after));
  return CheckReferences(tx, *ctx.principal, after, after.org_path, &before);
}

// Writes `after` (version `version`) with its children and invited list,
// and sends the invitations of a publish.
Status Write(storage::Tx& tx, const Context& ctx, const Event& before, const Event& after,
             int64_t version) {
  DX_RETURN_IF_ERROR(WriteEventRow(tx, after, ctx.now, version));
  DX_RETURN_IF_ERROR(WriteChildren(tx, after));
  DX_ASSIGN_OR_RETURN(auto added, AttendanceService::SyncInvitations(tx, after, ctx.now));
  if (after.status != EventStatus::kPublished) return Ok();
  if (before.status == EventStatus::kPublished) {
    return AttendanceService::NotifyInvited(tx, after, added, ctx.now);
  }
  DX_ASSIGN_OR_RETURN(
      storage::Rows all,
      tx.Query("SELECT person_id FROM event_attendance WHERE event_id = $1", {after.id}));
  std::vector<int64_t> everyone;
  for (const auto& r : all) everyone.push_back(r.Int(0));
  return AttendanceService::NotifyInvited(tx, after, everyone, ctx.now);
}

Status Authorize(const Context& ctx, const Event& e) {
  if (!MayWriteEvent(*ctx.principal, e)) {
    return MakeError(Code::kPermissionDenied, "无权修改该活动（仅主办组织可以修改）");
  }
  return Ok();
}

}  // namespace

Result<Event> LoadEvent(storage::Tx& tx, int64_t id) {
  static const std::string sql =
      "SELECT " + EventColumns().Sql() + " " + std::string(kEventFrom) + " WHERE e.id = $1";
  DX_ASSIGN_OR_RETURN(
      Event e, EventColumns().ReadOne(tx, sql, {id}, MakeError(Code::kNotFound, "活动不存在")));
  DX_RETURN_IF_ERROR(LoadChildren(tx, e));
  return e;
}

namespace {

// Whether `allows` holds for the path of the organizer or a co-organizer.
Result<bool> AnyHost(storage::Tx& tx, const Event& e,
                     const std::function<bool(const std::string&)>& allows) {
  if (allows(e.org_path)) return true;
  DX_ASSIGN_OR_RETURN(storage::Rows hosts, tx.Query(kHostPaths, {e.id}));
  return std::any_of(hosts.begin(), hosts.end(),
                     [&](const storage::Row& h) { return allows(h.Text(0)); });
}

}  // namespace

Result<bool> ReadsAsHost(storage::Tx& tx, const auth::Principal& p, const Event& e) {
  return AnyHost(tx, e, [&p](const std::string& path) { return p.CanRead(path); });
}

Result<bool> WritesAHost(storage::Tx& tx, const auth::Principal& p, const Event& e) {
  return AnyHost(tx, e, [&p](const std::string& path) { return p.CanWrite(path); });
}

Result<bool> MayReadEvent(storage::Tx& tx, const auth::Principal& p, const Event& e) {
  DX_ASSIGN_OR_RETURN(bool host, ReadsAsHost(tx, p, e));
  if (host) return true;
  if (!p.person_id) return false;
  DX_ASSIGN_OR_RETURN(storage::Rows invited, tx.Query(kInvited, {e.id, *p.person_id}));
  return !invited.empty();
}

bool MayWriteEvent(const auth::Principal& p, const Event& e) { return p.CanWrite(e.org_path); }

EventService::EventService(storage::Database& db)
    : db_(db), list_(std::vector<std::string>{"event", "attendance", "org"}) {}

Result<Page<Event>> EventService::List(const Context& ctx, const EventFilter& filter) {
  DX_ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kRead));
  DX_ASSIGN_OR_RETURN(storage::Where where, ListWhere(*tx, ctx, filter));
  DX_ASSIGN_OR_RETURN(ListRows rows,
                      list_.Page(*tx, EventListSpec(), where, filter.sort, filter.page));
  Page<Event> page;
  page.total = rows.total;
  page.next_cursor = std::move(rows.next_cursor);
  for (const auto& r : rows.rows) {
    page.items.push_back(EventColumns().Read(r));
    DX_RETURN_IF_ERROR(LoadChildren(*tx, page.items.back()));
  }
  return page;
}

std::pair<std::string, storage::Params> EventService::ListSql(const Context& ctx,
                                                             const EventFilter& filter) {
  auto tx = db_.Begin(storage::TxMode::kRead);
  if (!tx.ok()) return {};
  auto where = ListWhere(**tx, ctx, filter);
  if (!where.ok()) return {};
  return ListQuery::PageSql(EventListSpec(), *where, filter.sort);
}

Result<std::vector<Event>> EventService::Calendar(const Context& ctx, const EventFilter& filter) {
  if (!filter.from || !IsValidDate(*filter.from)) {
    return Invalid("日历开始日期无效（格式 YYYY-MM-DD）", "from");
  }
  if (!filter.to || !IsValidDate(*filter.to) || *filter.to <= *filter.from) {
    return Invalid("日历结束日期无效，须晚于开始日期", "to");
  }
  if (*ParseTime(*filter.to) - *ParseTime(*filter.from) > std::chrono::days(kMaxCalendarDays)) {
    return Invalid("日历一次最多查询 62 天", "to");
  }
  DX_ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kRead));
  DX_ASSIGN_OR_RETURN(storage::Where where, ListWhere(*tx, ctx, filter));
  DX_ASSIGN_OR_RETURN(storage::Rows rows, ListQuery::All(*tx, EventListSpec(), where, ""));
  if (rows.size() > kMaxCalendarEvents) {
    return MakeError(Code::kFailedPrecondition, "该时段活动过多，请缩小范围或加筛选条件");
  }
  std::vector<Event> out;
  for (const auto& r : rows) {
    out.push_back(EventColumns().Read(r));
    DX_RETURN_IF_ERROR(LoadChildren(*tx, out.back()));
  }
  return out;
}

Result<Event> EventService::Get(const Context& ctx, int64_t id) {
  DX_ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kRead));
  return Record(ctx).load(*tx, id);
}

Result<int64_t> EventService::Insert(storage::Tx& tx, const Context& ctx, const Event& e) {
  std::optional<int64_t> creator;
  if (ctx.principal && ctx.principal->account_id) creator = ctx.principal->account_id;
  // EventFields, then the columns only an insert writes.
  static const std::string insert =
      EventFields().Insert("events", {"org_id", "org_path", "series_id", "created_by",
                                      "created_at", "updated_at"}) +
      " RETURNING id";
  storage::Params params = EventFields().Params(e);
  const std::string now = FormatTime(ctx.now);
  params.insert(params.end(), {e.org_id, e.org_path, Opt(e.series_id), Opt(creator), now, now});
  DX_ASSIGN_OR_RETURN(storage::Row row, tx.QueryOne(insert, params));
  Event written = e;
  written.id = row.Int(0);
  DX_RETURN_IF_ERROR(WriteChildren(tx, written));
  DX_ASSIGN_OR_RETURN(auto invited, AttendanceService::SyncInvitations(tx, written, ctx.now));
  if (written.status == EventStatus::kPublished) {
    DX_RETURN_IF_ERROR(AttendanceService::NotifyInvited(tx, written, invited, ctx.now));
  }
  return written.id;
}

Result<std::vector<int64_t>> EventService::InsertOccurrences(
    storage::Tx& tx, const Context& ctx, Event e, const std::optional<RecurrenceRule>& recurrence) {
  std::vector<TimePoint> starts = {*ParseTime(e.starts_at)};
  if (recurrence) {
    DX_ASSIGN_OR_RETURN(starts, Occurrences(starts.front(), *recurrence));
    DX_ASSIGN_OR_RETURN(
        storage::Row series,
        tx.QueryOne(kInsertSeries,
                    {std::string(kRecurrenceCodes.Name(recurrence->rule)), recurrence->until,
                     static_cast<int64_t>(starts.size()), e.org_id, FormatTime(ctx.now)}));
    e.series_id = series.Int(0);
  }
  const TimePoint first = starts.front();
  std::vector<int64_t> ids;
  for (TimePoint start : starts) {
    Event one = e;
    auto shift = [&](const std::string& t) { return FormatTime(*ParseTime(t) + (start - first)); };
    one.starts_at = shift(e.starts_at);
    one.ends_at = shift(e.ends_at);
    one.signin_opens_at = shift(e.signin_opens_at);
    one.signin_closes_at = shift(e.signin_closes_at);
    DX_ASSIGN_OR_RETURN(int64_t id, Insert(tx, ctx, one));
    ids.push_back(id);
  }
  return ids;
}

Result<Event> EventService::Create(const Context& ctx, Event e,
                                   const std::optional<RecurrenceRule>& recurrence) {
  if (e.status == EventStatus::kCancelled) {
    return Invalid("新建活动的状态只能是草稿或已发布", "status");
  }
  DX_RETURN_IF_ERROR(Validate(e));
  // A bad recurrence is refused before anything is read or written.
  if (recurrence) DX_RETURN_IF_ERROR(Occurrences(*ParseTime(e.starts_at), *recurrence));
  DX_ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kWrite));
  auto org = orgs::OrgService::Load(*tx, e.org_id);
  if (!org.ok() || !ctx.principal->CanRead(org->path)) {
    return MakeError(Code::kNotFound, "组织不存在", "org_id");
  }
  if (!ctx.principal->CanWrite(org->path)) {
    return MakeError(Code::kPermissionDenied, "无权为该组织创建活动（只能为本组织及下级组织创建）",
                     "org_id");
  }
  if (org->archived) return MakeError(Code::kFailedPrecondition, "组织已归档", "org_id");
  e.org_path = org->path;
  DX_RETURN_IF_ERROR(CheckReferences(*tx, *ctx.principal, e, e.org_path, nullptr));
  DX_ASSIGN_OR_RETURN(std::vector<int64_t> ids, InsertOccurrences(*tx, ctx, e, recurrence));
  for (size_t i = 1; i < ids.size(); ++i) {
    DX_ASSIGN_OR_RETURN(Event made, LoadEvent(*tx, ids[i]));
    DX_RETURN_IF_ERROR(audit::Record(
        *tx, ctx, {"create", "event", ids[i], made.org_path, std::nullopt, Snap(made), ""}));
  }
  return FinishCreate(*tx, ctx, Record(ctx), ids.front());
}

Result<Event> EventService::Update(const Context& ctx, int64_t id, const EventPatch& p) {
  bool times = !p.whole_series;
  if (p.whole_series && (p.starts_at || p.ends_at || p.signin_opens_at || p.signin_closes_at)) {
    return Invalid("修改整个系列时不能修改时间，请逐次修改", "scope");
  }
  VersionedWrite<Event> w;
  w.action = "update";
  w.id = id;
  w.version = p.version;
  w.authorize = [&](storage::Tx&, const Event& before) { return Authorize(ctx, before); };
  w.change = [&](storage::Tx& tx, const Event& before, Event& after) -> Status {
    if (p.whole_series && !before.series_id) {
      return Invalid("该活动不是重复活动", "scope");
    }
    return Change(tx, ctx, p, before, after, times);
  };
  w.write = [&](storage::Tx& tx, const Event& before, const Event& after) -> Result<int64_t> {
    auto st = Write(tx, ctx, before, after, p.version);
    if (!st.ok()) {
      if (st.error().code == Code::kConflict) return int64_t{0};
      return st.error();
    }
    if (!p.whole_series) return int64_t{1};
    // The later occurrences, each at its own version, audited one by one.
    DX_ASSIGN_OR_RETURN(storage::Rows later,
                        tx.Query(kLaterInSeries, {*before.series_id, before.starts_at}));
    for (const auto& r : later) {
      DX_ASSIGN_OR_RETURN(Event old, LoadEvent(tx, r.Int(0)));
      Event changed = old;
      EventPatch rest = p;
      DX_RETURN_IF_ERROR(Change(tx, ctx, rest, old, changed, false));
      DX_RETURN_IF_ERROR(Write(tx, ctx, old, changed, old.version));
      DX_ASSIGN_OR_RETURN(Event now, LoadEvent(tx, old.id));
      DX_RETURN_IF_ERROR(audit::Record(
          tx, ctx, {"update", "event", old.id, now.org_path, Snap(old), Snap(now), ""}));
    }
    return int64_t{1};
  };
  return WriteVersioned(db_, ctx, Record(ctx), w);
}

Result<Event> EventService::Archive(const Context& ctx, int64_t id, int64_t version) {
  VersionedWrite<Event> w;
  w.action = "archive";
  w.id = id;
  w.version = version;
  w.authorize = [&](storage::Tx&, const Event& before) { return Authorize(ctx, before); };
  w.change = [](storage::Tx&, const Event& before, Event& after) -> Status {
    if (before.archived) return MakeError(Code::kFailedPrecondition, "活动已归档");
    after.archived = true;
    return Ok();
  };
  w.write = [&](storage::Tx& tx, const Event&, const Event& after) -> Result<int64_t> {
    auto st = WriteEventRow(tx, after, ctx.now, version);
    if (!st.ok()) {
      if (st.error().code == Code::kConflict) return int64_t{0};
      return st.error();
    }
    return int64_t{1};
  };
  return WriteVersioned(db_, ctx, Record(ctx), w);
}

Result<Event> EventService::Cancel(const Context& ctx, int64_t id, int64_t version,
                                   const std::string& reason) {
  std::string why = Trim(reason);
  if (why.empty()) return Invalid("请填写取消原因", "reason");
  DX_RETURN_IF_ERROR(CheckLineText(why, "reason", "取消原因", kMaxCancelReason));
  VersionedWrite<Event> w;
  w.action = "cancel";
  w.id = id;
  w.version = version;
  w.authorize = [&](storage::Tx&, const Event& before) { return Authorize(ctx, before); };
  w.change = [&](storage::Tx& tx, const Event& before, Event& after) -> Status {
    if (before.archived) return MakeError(Code::kFailedPrecondition, "活动已归档");
    if (before.status == EventStatus::kCancelled) {
      return MakeError(Code::kFailedPrecondition, "活动已取消");
    }
    // A held event stays in the record: cancelling it afterwards would take
    // its sign-ins out of the members' records and tell every invitee it
    // did not take place.
    if (FormatTime(ctx.now) >= before.starts_at) {
      return MakeError(Code::kFailedPrecondition, "活动已开始，不能取消");
    }
    DX_ASSIGN_OR_RETURN(storage::Rows signed_in, tx.Query(kAnySignedIn, {id}));
    if (!signed_in.empty()) {
      return MakeError(Code::kFailedPrecondition, "已有人员签到，不能取消活动");
    }
    after.status = EventStatus::kCancelled;
    after.cancel_reason = why;
    return Ok();
  };
  w.write = [&](storage::Tx& tx, const Event& before, const Event& after) -> Result<int64_t> {
    DX_ASSIGN_OR_RETURN(int64_t n,
                        tx.Exec(kCancel, {after.cancel_reason, FormatTime(ctx.now), id, version}));
    if (n == 0) return int64_t{0};
    if (before.status == EventStatus::kPublished) {
      DX_RETURN_IF_ERROR(AttendanceService::NotifyCancelled(tx, after, ctx.now));
    }
    return int64_t{1};
  };
  return WriteVersioned(db_, ctx, Record(ctx), w);
}

}  // namespace duxing::domain::events
