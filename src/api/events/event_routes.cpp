// /api/v1/events: 活动 with attendance, leave, make-up and QR sign-in;
// /api/v1/event-types and /api/v1/red-sites: their reference lists;
// /api/v1/event-rates: attendance rates per person and per org.
#include <spdlog/spdlog.h>

#include "api/json_body.hpp"
#include "api/link_origin.hpp"
#include "api/module.hpp"
#include "api/record_routes.hpp"
#include "api/router.hpp"
#include "common/text.hpp"
#include "domain/attachments/attachment.hpp"
#include "domain/events/attendance.hpp"
#include "domain/events/event.hpp"
#include "domain/events/event_attachments.hpp"
#include "domain/events/qr_code.hpp"
#include "jobs/registry.hpp"

namespace duxing::api {
namespace {

namespace ev = domain::events;

boost::json::value OptJson(const std::optional<int64_t>& v) {
  return v ? boost::json::value(*v) : boost::json::value(nullptr);
}

boost::json::array IdsJson(const std::vector<int64_t>& ids) {
  boost::json::array out;
  for (int64_t id : ids) out.push_back(id);
  return out;
}

boost::json::object TypeJson(const ev::EventType& t) {
  return {{"id", t.id},
          {"code", t.code ? boost::json::value(*t.code) : boost::json::value(nullptr)},
          {"name", t.name},
          {"category", ev::kCategoryCodes.Name(t.category)},
          {"sort_order", t.sort_order},
          {"archived", t.archived},
          {"version", t.version}};
}

boost::json::object SiteJson(const ev::RedSite& s) {
  return {{"id", s.id},
          {"name", s.name},
          {"address", s.address},
          {"description", s.description},
          {"archived", s.archived},
          {"version", s.version}};
}

boost::json::object EventJson(const ev::Event& e) {
  boost::json::array speakers, categories;
  for (const auto& s : e.speakers) {
    speakers.push_back({{"person_id", OptJson(s.person_id)}, {"name", s.name}, {"title", s.title}});
  }
  for (const auto& c : e.target_categories) categories.push_back(boost::json::string(c));
  return {{"id", e.id},
          {"title", e.title},
          {"type_id", e.type_id},
          {"type_name", e.type_name},
          {"category", ev::kCategoryCodes.Name(e.category)},
          {"campaign_id", OptJson(e.campaign_id)},
          {"starts_at", e.starts_at},
          {"ends_at", e.ends_at},
          {"place", e.place},
          {"site_id", OptJson(e.site_id)},
          {"site_name", e.site_name},
          {"community_id", OptJson(e.community_id)},
          {"org_id", e.org_id},
          {"org_name", e.org_name},
          {"co_org_ids", IdsJson(e.co_org_ids)},
          {"speakers", std::move(speakers)},
          {"target_org_ids", IdsJson(e.target_org_ids)},
          {"target_categories", std::move(categories)},
          {"document_id", OptJson(e.document_id)},
          {"document_activity_id", OptJson(e.document_activity_id)},
          {"material_ids", IdsJson(e.material_ids)},
          {"summary", e.summary},
          {"outside_count", e.outside_count},
          {"signin_opens_at", e.signin_opens_at},
          {"signin_closes_at", e.signin_closes_at},
          {"series_id", OptJson(e.series_id)},
          {"status", ev::kEventStatusCodes.Name(e.status)},
          {"cancel_reason", e.cancel_reason},
          {"archived", e.archived},
          {"version", e.version},
          {"created_at", e.created_at}};
}

boost::json::object AttendanceJson(const ev::Attendance& a) {
  auto opt = [](const std::optional<std::string>& s) {
    return s ? boost::json::value(*s) : boost::json::value(nullptr);
  };
  return {{"event_id", a.event_id},
          {"person_id", a.person_id},
          {"person_name", a.person_name},
          {"org_name", a.org_name},
          {"status", ev::kAttendanceCodes.Name(a.status)},
          {"from_targets", a.from_targets},
          {"signed_at", opt(a.signed_at)},
          {"signed_by_hand", a.signed_by_hand},
          {"leave_state", ev::kLeaveCodes.Name(a.leave_state)},
          {"leave_reason", a.leave_reason},
          {"leave_note", a.leave_note},
          {"makeup_date", opt(a.makeup_date)},
          {"makeup_method", a.makeup_method},
          {"version", a.version},
          {"service_minutes", a.service_minutes ? boost::json::value(*a.service_minutes)
                                                : boost::json::value(nullptr)}};
}

boost::json::object RatesJson(const ev::Rates& r) {
  return {{"invited", r.invited},
          {"signed", r.signed_in},
          {"leave", r.leave},
          {"absent", r.absent},
          {"makeup", r.makeup},
          {"pending", r.pending},
          {"attendance_rate", r.attendance_rate},
          {"completion_rate", r.completion_rate}};
}

// Bounds of the arrays a body may carry (the domain bounds each list
// more tightly).
constexpr size_t kMaxIds = 1000;
constexpr size_t kMaxCategories = 20;

Error Bad(const std::string& message, const std::string& field) {
  return MakeError(Code::kInvalidArgument, message, field);
}

// "speakers": [{"person_id": 7} | {"name": "…", "title": "…"}, ...].
Result<ev::Speaker> ReadSpeaker(JsonBody& item) {
  ev::Speaker s;
  DX_ASSIGN_OR_RETURN(auto person, item.NullableInt("person_id"));
  if (person) s.person_id = *person;
  DX_ASSIGN_OR_RETURN(auto name, item.OptionalString("name", ev::kMaxSpeakerName));
  DX_ASSIGN_OR_RETURN(auto title, item.OptionalString("title", ev::kMaxSpeakerTitle));
  s.name = name.value_or("");
  s.title = title.value_or("");
  return s;
}

// The fields a create and an edit share; absent ones stay nullopt.
Result<ev::EventPatch> ReadFields(JsonBody& body) {
  ev::EventPatch p;
  DX_ASSIGN_OR_RETURN(p.title, body.OptionalString("title", ev::kMaxTitle));
  DX_ASSIGN_OR_RETURN(p.type_id, body.OptionalInt("type_id"));
  DX_ASSIGN_OR_RETURN(p.campaign_id, body.NullableInt("campaign_id"));
  DX_ASSIGN_OR_RETURN(p.starts_at, body.OptionalString("starts_at", 30));
  DX_ASSIGN_OR_RETURN(p.ends_at, body.OptionalString("ends_at", 30));
  DX_ASSIGN_OR_RETURN(p.place, body.OptionalString("place", ev::kMaxPlace));
  DX_ASSIGN_OR_RETURN(p.site_id, body.NullableInt("site_id"));
  DX_ASSIGN_OR_RETURN(p.community_id, body.NullableInt("community_id"));
  DX_ASSIGN_OR_RETURN(p.co_org_ids, body.OptionalIdArray("co_org_ids", kMaxIds));
  DX_ASSIGN_OR_RETURN(p.speakers, body.OptionalObjectArray<ev::Speaker>(
                                      "speakers", ev::kMaxSpeakers, "主讲人数组", ReadSpeaker));
  DX_ASSIGN_OR_RETURN(p.target_org_ids, body.OptionalIdArray("target_org_ids", kMaxIds));
  DX_ASSIGN_OR_RETURN(p.target_categories,
                      body.OptionalStringArray("target_categories", kMaxCategories, 40));
  DX_ASSIGN_OR_RETURN(p.document_id, body.NullableInt("document_id"));
  DX_ASSIGN_OR_RETURN(p.document_activity_id, body.NullableInt("document_activity_id"));
  DX_ASSIGN_OR_RETURN(p.material_ids, body.OptionalIdArray("material_ids", kMaxIds));
  DX_ASSIGN_OR_RETURN(p.summary, body.OptionalString("summary", ev::kMaxSummary));
  DX_ASSIGN_OR_RETURN(p.outside_count, body.OptionalInt("outside_count"));
  DX_ASSIGN_OR_RETURN(p.signin_opens_at, body.OptionalString("signin_opens_at", 30));
  DX_ASSIGN_OR_RETURN(p.signin_closes_at, body.OptionalString("signin_closes_at", 30));
  DX_ASSIGN_OR_RETURN(
      p.status, body.OptionalEnum(
                    "status", [](std::string_view s) { return ev::kEventStatusCodes.Parse(s); },
                    "活动状态无效"));
  return p;
}

// "recurrence": {"rule": "weekly"|"monthly", "until": "YYYY-MM-DD"}.
Result<std::optional<ev::RecurrenceRule>> ReadRecurrence(JsonBody& body) {
  using Out = std::optional<ev::RecurrenceRule>;
  const boost::json::value* v = body.Raw("recurrence");
  if (!v || v->is_null()) return Out();
  Error bad =
      Bad("recurrence 应为 {\"rule\":\"weekly|monthly\",\"until\":\"YYYY-MM-DD\"}", "recurrence");
  if (!v->is_object() || v->get_object().size() != 2) return bad;
  const auto* rule = v->get_object().if_contains("rule");
  const auto* until = v->get_object().if_contains("until");
  if (!rule || !until || !rule->is_string() || !until->is_string()) return bad;
  auto parsed = ev::kRecurrenceCodes.Parse(rule->get_string());
  if (!parsed) return Bad("重复方式无效", "recurrence.rule");
  return Out(ev::RecurrenceRule{*parsed, std::string(until->get_string()).substr(0, 20)});
}

ev::EventService& Events(Call& c) { return c.s.Get<ev::EventService>(); }
ev::AttendanceService& Attendance(Call& c) { return c.s.Get<ev::AttendanceService>(); }

// --- event types and red sites ---

Response ListTypes(Call& c) {
  DX_TRY(bool archived, QueryBool(c.req, "include_archived"));
  DX_TRY(auto list, c.s.Get<ev::EventTypeService>().List(c.ctx, archived));
  return ListOf(list, TypeJson);
}

auto ParseCategory = [](std::string_view s) { return ev::kCategoryCodes.Parse(s); };

Result<ev::EventType> ReadNewType(JsonBody& body) {
  ev::EventType t;
  DX_ASSIGN_OR_RETURN(t.name, body.RequiredString("name", ev::kMaxTypeName));
  DX_ASSIGN_OR_RETURN(t.category, body.RequiredEnum("category", ParseCategory, "活动类别无效"));
  DX_ASSIGN_OR_RETURN(auto order, body.OptionalInt("sort_order"));
  t.sort_order = order.value_or(1000);
  return t;
}

// An edit of a type: name, category, sort_order, archived (each optional).
using TypeEdit = std::tuple<std::optional<std::string>, std::optional<ev::Category>,
                            std::optional<int64_t>, std::optional<bool>>;
Result<TypeEdit> ReadTypeEdit(JsonBody& body) {
  DX_ASSIGN_OR_RETURN(auto name, body.OptionalString("name", ev::kMaxTypeName));
  DX_ASSIGN_OR_RETURN(auto category, body.OptionalEnum("category", ParseCategory, "活动类别无效"));
  DX_ASSIGN_OR_RETURN(auto order, body.OptionalInt("sort_order"));
  DX_ASSIGN_OR_RETURN(auto archived, body.OptionalBool("archived"));
  return TypeEdit(name, category, order, archived);
}

Response ListSites(Call& c) {
  DX_TRY(bool archived, QueryBool(c.req, "include_archived"));
  DX_TRY(auto list, c.s.Get<ev::RedSiteService>().List(c.ctx, archived));
  return ListOf(list, SiteJson);
}

Result<ev::RedSite> ReadNewSite(JsonBody& body) {
  ev::RedSite s;
  DX_ASSIGN_OR_RETURN(s.name, body.RequiredString("name", ev::kMaxSiteName));
  DX_ASSIGN_OR_RETURN(auto address, body.OptionalString("address", ev::kMaxSiteText));
  DX_ASSIGN_OR_RETURN(auto description, body.OptionalString("description", ev::kMaxSiteText));
  s.address = address.value_or("");
  s.description = description.value_or("");
  return s;
}

// An edit of a site: name, address, description, archived (each optional).
using SiteEdit = std::tuple<std::optional<std::string>, std::optional<std::string>,
                            std::optional<std::string>, std::optional<bool>>;
Result<SiteEdit> ReadSiteEdit(JsonBody& body) {
  DX_ASSIGN_OR_RETURN(auto name, body.OptionalString("name", ev::kMaxSiteName));
  DX_ASSIGN_OR_RETURN(auto address, body.OptionalString("address", ev::kMaxSiteText));
  DX_ASSIGN_OR_RETURN(auto description, body.OptionalString("description", ev::kMaxSiteText));
  DX_ASSIGN_OR_RETURN(auto archived, body.OptionalBool("archived"));
  return SiteEdit(name, address, description, archived);
}

// --- events ---

Result<ev::EventFilter> ReadFilter(const Call& c) {
  ev::EventFilter f;
  DX_ASSIGN_OR_RETURN(f.campaign_id, QueryInt(c.req, "campaign_id"));
  DX_ASSIGN_OR_RETURN(f.type_id, QueryInt(c.req, "type_id"));
  DX_ASSIGN_OR_RETURN(f.org_id, QueryInt(c.req, "org_id"));
  DX_ASSIGN_OR_RETURN(f.series_id, QueryInt(c.req, "series_id"));
  DX_ASSIGN_OR_RETURN(f.material_id, QueryInt(c.req, "material_id"));
  if (auto s = QueryString(c.req, "category")) {
    f.category = ev::kCategoryCodes.Parse(*s);
    if (!f.category) return Bad("活动类别无效", "category");
  }
  if (auto s = QueryString(c.req, "status")) {
    f.status = ev::kEventStatusCodes.Parse(*s);
    if (!f.status) return Bad("活动状态无效", "status");
  }
  f.from = QueryString(c.req, "from");
  f.to = QueryString(c.req, "to");
  DX_ASSIGN_OR_RETURN(f.mine, QueryBool(c.req, "mine"));
  DX_ASSIGN_OR_RETURN(f.include_archived, QueryBool(c.req, "include_archived"));
  f.sort = QueryString(c.req, "sort").value_or("");
  DX_ASSIGN_OR_RETURN(f.page, QueryPage(c.req));
  return f;
}

Response List(Call& c) {
  DX_TRY(ev::EventFilter f, ReadFilter(c));
  DX_TRY(auto page, Events(c).List(c.ctx, f));
  return PageOf(page, EventJson);
}

Response Calendar(Call& c) {
  DX_TRY(ev::EventFilter f, ReadFilter(c));
  DX_TRY(auto list, Events(c).Calendar(c.ctx, f));
  return ListOf(list, EventJson);
}

// A new event (with its recurrence, for a series): org_id, title, type_id
// and times required, the rest defaulted.
Result<std::tuple<ev::Event, std::optional<ev::RecurrenceRule>>> ReadNewEvent(JsonBody& body) {
  ev::Event e;
  DX_ASSIGN_OR_RETURN(e.org_id, body.RequiredInt("org_id"));
  DX_ASSIGN_OR_RETURN(e.title, body.RequiredString("title", ev::kMaxTitle));
  DX_ASSIGN_OR_RETURN(e.type_id, body.RequiredInt("type_id"));
  DX_ASSIGN_OR_RETURN(e.starts_at, body.RequiredString("starts_at", 30));
  DX_ASSIGN_OR_RETURN(e.ends_at, body.RequiredString("ends_at", 30));
  DX_ASSIGN_OR_RETURN(ev::EventPatch p, ReadFields(body));
  DX_ASSIGN_OR_RETURN(auto recurrence, ReadRecurrence(body));
  e.campaign_id = p.campaign_id.value_or(std::nullopt);
  e.place = p.place.value_or("");
  e.site_id = p.site_id.value_or(std::nullopt);
  e.community_id = p.community_id.value_or(std::nullopt);
  e.co_org_ids = p.co_org_ids.value_or(std::vector<int64_t>{});
  e.speakers = p.speakers.value_or(std::vector<ev::Speaker>{});
  e.target_org_ids = p.target_org_ids.value_or(std::vector<int64_t>{});
  e.target_categories = p.target_categories.value_or(std::vector<std::string>{});
  e.document_id = p.document_id.value_or(std::nullopt);
  e.document_activity_id = p.document_activity_id.value_or(std::nullopt);
  e.material_ids = p.material_ids.value_or(std::vector<int64_t>{});
  e.summary = p.summary.value_or("");
  e.outside_count = p.outside_count.value_or(0);
  e.signin_opens_at = p.signin_opens_at.value_or("");
  e.signin_closes_at = p.signin_closes_at.value_or("");
  e.status = p.status.value_or(ev::EventStatus::kDraft);
  return std::tuple(std::move(e), recurrence);
}

// An edit's fields, and "scope": one (default) or series.
Result<ev::EventPatch> ReadEventEdit(JsonBody& body) {
  DX_ASSIGN_OR_RETURN(ev::EventPatch p, ReadFields(body));
  DX_ASSIGN_OR_RETURN(auto scope, body.OptionalString("scope", 10));
  if (scope && *scope != "one" && *scope != "series") {
    return Bad("scope 只能是 one 或 series", "scope");
  }
  p.whole_series = scope && *scope == "series";
  return p;
}

Response Cancel(Call& c) {
  DX_TRY(int64_t id, c.PathId());
  DX_TRY(JsonBody body, JsonBody::Parse(c.req.body));
  DX_TRY(int64_t version, body.RequiredInt("version"));
  DX_TRY(std::string reason, body.RequiredString("reason", ev::kMaxCancelReason));
  DX_TRY_STATUS(body.Finish());
  DX_TRY(auto cancelled, Events(c).Cancel(c.ctx, id, version, reason));
  return JsonResponse(200, EventJson(cancelled));
}

// --- attendance ---

Response ListAttendance(Call& c) {
  DX_TRY(int64_t id, c.PathId());
  ev::AttendanceFilter f;
  if (auto s = QueryString(c.req, "status")) {
    f.status = ev::kAttendanceCodes.Parse(*s);
    if (!f.status) return ErrorResponse(Bad("考勤状态无效", "status"));
  }
  DX_TRY(f.page, QueryPage(c.req));
  DX_TRY(auto page, Attendance(c).List(c.ctx, id, f));
  return PageOf(page, AttendanceJson);
}

Response Invite(Call& c) {
  DX_TRY(int64_t id, c.PathId());
  DX_TRY(JsonBody body, JsonBody::Parse(c.req.body));
  DX_TRY(auto ids, body.OptionalIdArray("person_ids", kMaxIds));
  DX_TRY_STATUS(body.Finish());
  if (!ids) return ErrorResponse(Bad("缺少 person_ids", "person_ids"));
  DX_TRY(int64_t added, Attendance(c).Invite(c.ctx, id, *ids));
  return JsonResponse(200, boost::json::object{{"added", added}});
}

Response Uninvite(Call& c) {
  DX_TRY(int64_t id, c.PathId());
  DX_TRY(int64_t person, c.PathId("person_id"));
  DX_TRY_STATUS(Attendance(c).Uninvite(c.ctx, id, person));
  return NoContent();
}

Response HandSignIn(Call& c) {
  DX_TRY(int64_t id, c.PathId());
  DX_TRY(int64_t person, c.PathId("person_id"));
  DX_TRY(auto a, Attendance(c).SignInByHand(c.ctx, id, person));
  return JsonResponse(200, AttendanceJson(a));
}

Response DecideLeave(Call& c) {
  DX_TRY(int64_t id, c.PathId());
  DX_TRY(int64_t person, c.PathId("person_id"));
  DX_TRY(JsonBody body, JsonBody::Parse(c.req.body));
  DX_TRY(int64_t version, body.RequiredInt("version"));
  DX_TRY(auto approve, body.OptionalBool("approve"));
  DX_TRY(auto note, body.OptionalString("note", ev::kMaxLeaveReason));
  DX_TRY_STATUS(body.Finish());
  if (!approve) return ErrorResponse(Bad("缺少 approve（是否批准）", "approve"));
  DX_TRY(auto a,
         Attendance(c).DecideLeave(c.ctx, id, person, version, *approve, note.value_or("")));
  return JsonResponse(200, AttendanceJson(a));
}

Response Makeup(Call& c) {
  DX_TRY(int64_t id, c.PathId());
  DX_TRY(int64_t person, c.PathId("person_id"));
  DX_TRY(JsonBody body, JsonBody::Parse(c.req.body));
  DX_TRY(int64_t version, body.RequiredInt("version"));
  DX_TRY(std::string date, body.RequiredString("date", 10));
  DX_TRY(std::string method, body.RequiredString("method", ev::kMaxMakeupMethod));
  DX_TRY_STATUS(body.Finish());
  DX_TRY(auto a, Attendance(c).RecordMakeup(c.ctx, id, person, version, date, method));
  return JsonResponse(200, AttendanceJson(a));
}

Response RequestLeave(Call& c) {
  DX_TRY(int64_t id, c.PathId());
  DX_TRY(JsonBody body, JsonBody::Parse(c.req.body));
  DX_TRY(std::string reason, body.RequiredString("reason", ev::kMaxLeaveReason));
  DX_TRY_STATUS(body.Finish());
  DX_TRY(auto a, Attendance(c).RequestLeave(c.ctx, id, reason));
  return JsonResponse(200, AttendanceJson(a));
}

// The origin of the link the phone opens: the public URL, or a Host that
// can be trusted (api/link_origin.hpp).
Result<std::string> SignInOrigin(Call& c) {
  bool https = c.req.Header("x-forwarded-proto") == "https";
  return c.s.Get<LinkOrigin>().For(c.req.Header("host"), https);
}

Response SignInCode(Call& c) {
  DX_TRY(int64_t id, c.PathId());
  DX_TRY(auto code, Attendance(c).CurrentCode(c.ctx, id));
  auto origin = SignInOrigin(c);
  return JsonResponse(
      200, boost::json::object{{"code", code.code},
                               {"valid_until", code.valid_until},
                               {"path", code.path},
                               {"url", origin.ok() ? boost::json::value(*origin + code.path)
                                                   : boost::json::value(nullptr)}});
}

Response SignInQr(Call& c) {
  DX_TRY(int64_t id, c.PathId());
  DX_TRY(auto code, Attendance(c).CurrentCode(c.ctx, id));
  DX_TRY(std::string origin, SignInOrigin(c));
  DX_TRY(std::string svg, domain::events::QrSvg(origin + code.path));
  Response r;
  r.content_type = "image/svg+xml";
  r.body = std::move(svg);
  return r;
}

Response SignIn(Call& c) {
  DX_TRY(int64_t id, c.PathId());
  DX_TRY(JsonBody body, JsonBody::Parse(c.req.body));
  DX_TRY(std::string code, body.RequiredString("code", 64));
  DX_TRY_STATUS(body.Finish());
  DX_TRY(auto a, Attendance(c).SignIn(c.ctx, id, code));
  return JsonResponse(200, AttendanceJson(a));
}

// GET /my-attendance: the signed-in person's own rows with their events,
// a page, and their totals.
Response MyAttendance(Call& c) {
  ev::MyAttendanceFilter f;
  if (auto s = QueryString(c.req, "when")) {
    auto when = ev::kMyWhenCodes.Parse(*s);
    if (!when) return ErrorResponse(Bad("when 只能是 all、upcoming、past 或 leave", "when"));
    f.when = *when;
  }
  f.sort = QueryString(c.req, "sort").value_or("");
  DX_TRY(f.page, QueryPage(c.req));
  DX_TRY(auto page, Attendance(c).Mine(c.ctx, f));
  DX_TRY(auto sums, Attendance(c).MineSummary(c.ctx));
  boost::json::array items;
  for (const auto& m : page.items) {
    boost::json::object o = AttendanceJson(m.row);
    o["service_minutes"] = OptJson(m.service_minutes);
    o["event"] = boost::json::object{{"id", m.event.id},
                  {"title", m.event.title},
                  {"type_name", m.event.type_name},
                  {"category", ev::kCategoryCodes.Name(m.event.category)},
                  {"starts_at", m.event.starts_at},
                  {"ends_at", m.event.ends_at},
                  {"place", m.event.place},
                  {"site_name", m.event.site_name},
                  {"org_name", m.event.org_name},
                  {"status", ev::kEventStatusCodes.Name(m.event.status)},
                  {"cancel_reason", m.event.cancel_reason},
                  {"signin_opens_at", m.event.signin_opens_at},
                  {"signin_closes_at", m.event.signin_closes_at}};
    items.push_back(std::move(o));
  }
  boost::json::object body{
      {"items", std::move(items)},
      {"total", page.total},
      {"next_cursor", page.next_cursor.empty() ? boost::json::value(nullptr)
                                               : boost::json::value(page.next_cursor)},
      {"summary", boost::json::object{{"study_minutes", sums.study_minutes},
                                      {"volunteer_minutes", sums.volunteer_minutes},
                                      {"signed", sums.signed_in},
                                      {"makeup", sums.makeup},
                                      {"leave", sums.leave}}}};
  return JsonResponse(200, body);
}

Response EventRates(Call& c) {
  DX_TRY(int64_t id, c.PathId());
  DX_TRY(auto r, Attendance(c).EventRates(c.ctx, id));
  return JsonResponse(200, RatesJson(r));
}

Result<ev::RatesFilter> ReadRatesFilter(const Call& c) {
  ev::RatesFilter f;
  DX_ASSIGN_OR_RETURN(f.campaign_id, QueryInt(c.req, "campaign_id"));
  DX_ASSIGN_OR_RETURN(f.org_id, QueryInt(c.req, "org_id"));
  f.from = QueryString(c.req, "from");
  f.to = QueryString(c.req, "to");
  f.sort = QueryString(c.req, "sort").value_or("");
  DX_ASSIGN_OR_RETURN(f.page, QueryPage(c.req));
  return f;
}

Response PersonRates(Call& c) {
  DX_TRY(auto f, ReadRatesFilter(c));
  DX_TRY(auto page, Attendance(c).PersonRatesList(c.ctx, f));
  boost::json::array items;
  for (const auto& p : page.items) {
    boost::json::object o = RatesJson(p.rates);
    o["person_id"] = p.person_id;
    o["name"] = p.name;
    o["org_name"] = p.org_name;
    items.push_back(std::move(o));
  }
  return ListResponse(std::move(items), page.total, page.next_cursor);
}

Response OrgRates(Call& c) {
  DX_TRY(auto f, ReadRatesFilter(c));
  DX_TRY(auto page, Attendance(c).OrgRatesList(c.ctx, f));
  boost::json::array items;
  for (const auto& o : page.items) {
    boost::json::object j = RatesJson(o.rates);
    j["org_id"] = o.org_id;
    j["name"] = o.name;
    items.push_back(std::move(j));
  }
  return ListResponse(std::move(items), page.total, page.next_cursor);
}

void RegisterEventRoutes(Router& router) {
  const auto in = Access::kSignedIn;
  using Types = ev::EventTypeService;
  using Sites = ev::RedSiteService;
  using Events = ev::EventService;
  // Types, red sites, events and the invited list are kept by staff (the
  // services check which org): others are refused before their body is
  // read. A member's own leave request and sign-in take no such step.
  const RouteAuthorize reference = WritersOnly("无权维护活动类型和红色教育基地");
  const RouteAuthorize writers = WritersOnly("无权维护活动");
  const RouteAuthorize managers = WritersOnly("无权管理活动的参加人员");
  router.Add({"GET", "/api/v1/event-types", in, ListTypes});
  router.Add({"POST", "/api/v1/event-types", in,
              CreateRecord<&Types::Create>(ReadNewType, TypeJson), kSmallBody, reference});
  router.Add({"PATCH", "/api/v1/event-types/{id}", in,
              EditRecord<&Types::Update>(ReadTypeEdit, TypeJson), kSmallBody, reference});
  router.Add({"GET", "/api/v1/red-sites", in, ListSites});
  router.Add({"POST", "/api/v1/red-sites", in, CreateRecord<&Sites::Create>(ReadNewSite, SiteJson),
              kSmallBody, reference});
  router.Add({"PATCH", "/api/v1/red-sites/{id}", in,
              EditRecord<&Sites::Update>(ReadSiteEdit, SiteJson), kSmallBody, reference});
  router.Add({"GET", "/api/v1/events", in, List});
  router.Add({"POST", "/api/v1/events", in,
              CreateRecord<&Events::Create>(ReadNewEvent, EventJson), kDefaultMaxBody, writers});
  router.Add({"GET", "/api/v1/events/calendar", in, Calendar});
  router.Add({"GET", "/api/v1/events/{id}", in, GetRecord<&Events::Get>(EventJson)});
  router.Add({"PATCH", "/api/v1/events/{id}", in,
              EditRecord<&Events::Update>(ReadEventEdit, EventJson), kDefaultMaxBody, writers});
  router.Add({"POST", "/api/v1/events/{id}/archive", in, ArchiveRecord<&Events::Archive>(EventJson),
              kSmallBody, writers});
  router.Add({"POST", "/api/v1/events/{id}/cancel", in, Cancel, kSmallBody, writers});
  router.Add({"GET", "/api/v1/events/{id}/attendance", in, ListAttendance});
  router.Add({"POST", "/api/v1/events/{id}/attendance", in, Invite, kDefaultMaxBody, managers});
  router.Add({"DELETE", "/api/v1/events/{id}/attendance/{person_id}", in, Uninvite,
              kDefaultMaxBody, managers});
  router.Add({"POST", "/api/v1/events/{id}/attendance/{person_id}/sign-in", in, HandSignIn,
              kSmallBody, managers});
  router.Add({"POST", "/api/v1/events/{id}/attendance/{person_id}/leave-decision", in, DecideLeave,
              kSmallBody, managers});
  router.Add({"POST", "/api/v1/events/{id}/attendance/{person_id}/makeup", in, Makeup, kSmallBody,
              managers});
  router.Add({"POST", "/api/v1/events/{id}/leave", in, RequestLeave, kSmallBody});
  router.Add({"GET", "/api/v1/events/{id}/sign-in-code", in, SignInCode});
  router.Add({"GET", "/api/v1/events/{id}/sign-in-qr", in, SignInQr});
  router.Add({"POST", "/api/v1/events/{id}/sign-in", in, SignIn, kSmallBody});
  router.Add({"GET", "/api/v1/events/{id}/rates", in, EventRates});
  router.Add({"GET", "/api/v1/my-attendance", in, MyAttendance});
  router.Add({"GET", "/api/v1/event-rates/people", in, PersonRates});
  router.Add({"GET", "/api/v1/event-rates/orgs", in, OrgRates});
}

constexpr const char* kReminderKind = "events.reminders";

void ProvideEvents(ModuleSetup& s) {
  s.services.Make<ev::EventTypeService>(s.db);
  s.services.Make<ev::RedSiteService>(s.db);
  s.services.Make<ev::EventService>(s.db);
  s.services.Make<ev::AttendanceService>(s.db);
  s.services.Make<LinkOrigin>();  // configured by main (serve --public-url)
  ev::DeclareEventAttachments(s.services.Get<domain::attachments::RecordRights>());
  // The day-before reminder, every morning at 08:00 China time: one job per
  // day however many processes run, each reminder once (event_reminders).
  auto& jobs = s.services.Get<jobs::Registry>();
  jobs.AddHandler(kReminderKind, [](storage::Database& db, const jobs::JobRun& run) -> Status {
    DX_ASSIGN_OR_RETURN(int64_t sent, ev::SendDayBeforeReminders(db, run.now));
    spdlog::info("events: sent {} day-before reminders ({})", sent, run.key);
    return Ok();
  });
  jobs.AddRecurring(jobs::Recurring::Daily("events.day_before_reminders", kReminderKind, 8, 0));
}

}  // namespace

const Module& EventsModule() {
  static const Module m{&ev::Info, "events/openapi.json", ProvideEvents, RegisterEventRoutes};
  return m;
}

}  // namespace duxing::api
