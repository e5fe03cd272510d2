#include "domain/events/event_rows.hpp"

#include "domain/people/person.hpp"

namespace duxing::domain::events {
namespace {

constexpr std::string_view kCoOrgs =
    "SELECT org_id FROM event_orgs WHERE event_id = $1 AND role = 'co' ORDER BY org_id";
constexpr std::string_view kSpeakers =
    "SELECT sp.person_id, COALESCE(p.name, sp.name), sp.title FROM event_speakers sp "
    "LEFT JOIN people p ON p.id = sp.person_id WHERE sp.event_id = $1 ORDER BY sp.position";
constexpr std::string_view kTargetOrgs =
    "SELECT org_id FROM event_target_orgs WHERE event_id = $1 ORDER BY org_id";
constexpr std::string_view kTargetCategories =
    "SELECT category FROM event_target_categories WHERE event_id = $1 ORDER BY category";
constexpr std::string_view kMaterials =
    "SELECT material_id FROM event_materials WHERE event_id = $1 ORDER BY position";
constexpr std::string_view kChildTables[] = {"event_orgs", "event_speakers", "event_target_orgs",
                                             "event_target_categories", "event_materials"};
constexpr std::string_view kInsertHost =
    "INSERT INTO event_orgs (event_id, org_id, org_path, role) "
    "SELECT $1, id, path, $2 FROM orgs WHERE id = $3";
constexpr std::string_view kInsertSpeaker =
    "INSERT INTO event_speakers (event_id, position, person_id, name, title) "
    "VALUES ($1, $2, $3, $4, $5)";
constexpr std::string_view kInsertTargetOrg =
    "INSERT INTO event_target_orgs (event_id, org_id) VALUES ($1, $2)";
constexpr std::string_view kInsertTargetCategory =
    "INSERT INTO event_target_categories (event_id, category) VALUES ($1, $2)";
constexpr std::string_view kInsertMaterial =
    "INSERT INTO event_materials (event_id, material_id, position) VALUES ($1, $2, $3)";
constexpr std::string_view kOrgPath = "SELECT path FROM orgs WHERE id = $1";

std::vector<int64_t> Ids(const storage::Rows& rows) {
  std::vector<int64_t> out;
  for (const auto& r : rows) out.push_back(r.Int(0));
  return out;
}

std::string JoinIds(const std::vector<int64_t>& ids) {
  std::string out;
  for (int64_t id : ids) out += (out.empty() ? "" : ",") + std::to_string(id);
  return out;
}

std::optional<std::string> OptId(const std::optional<int64_t>& v) {
  return v ? std::optional<std::string>(std::to_string(*v)) : std::nullopt;
}

}  // namespace

const RecordColumns<Event>& EventColumns() {
  static const auto columns =
      RecordColumns<Event>()
          .Int("e.id", &Event::id)
          .Text("e.title", &Event::title)
          .Int("e.type_id", &Event::type_id)
          .Text("t.name", &Event::type_name)
          .Code("e.category", &Event::category, kCategoryCodes, Category::kStudy)
          .OptInt("e.campaign_id", &Event::campaign_id)
          .Text("e.starts_at", &Event::starts_at)
          .Text("e.ends_at", &Event::ends_at)
          .Text("e.place", &Event::place)
          .OptInt("e.site_id", &Event::site_id)
          .Text("s.name", &Event::site_name)
          .OptInt("e.community_id", &Event::community_id)
          .Int("e.org_id", &Event::org_id)
          .Text("o.name", &Event::org_name)
          .Text("e.org_path", &Event::org_path)
          .OptInt("e.document_id", &Event::document_id)
          .OptInt("e.document_activity_id", &Event::document_activity_id)
          .Text("e.summary", &Event::summary)
          .Int("e.outside_count", &Event::outside_count)
          .Text("e.signin_opens_at", &Event::signin_opens_at)
          .Text("e.signin_closes_at", &Event::signin_closes_at)
          .OptInt("e.series_id", &Event::series_id)
          .Code("e.status", &Event::status, kEventStatusCodes, EventStatus::kDraft)
          .Bool("e.archived", &Event::archived)
          .Int("e.version", &Event::version)
          .Text("e.created_at", &Event::created_at)
          .Text("e.cancel_reason", &Event::cancel_reason);
  return columns;
}

Status LoadChildren(storage::Tx& tx, Event& e) {
  DX_ASSIGN_OR_RETURN(storage::Rows co, tx.Query(kCoOrgs, {e.id}));
  e.co_org_ids = Ids(co);
  DX_ASSIGN_OR_RETURN(storage::Rows speakers, tx.Query(kSpeakers, {e.id}));
  e.speakers.clear();
  for (const auto& r : speakers) e.speakers.push_back({r.OptInt(0), r.Text(1), r.Text(2)});
  DX_ASSIGN_OR_RETURN(storage::Rows targets, tx.Query(kTargetOrgs, {e.id}));
  e.target_org_ids = Ids(targets);
  DX_ASSIGN_OR_RETURN(storage::Rows categories, tx.Query(kTargetCategories, {e.id}));
  e.target_categories.clear();
  for (const auto& r : categories) e.target_categories.push_back(r.Text(0));
  DX_ASSIGN_OR_RETURN(storage::Rows materials, tx.Query(kMaterials, {e.id}));
  e.material_ids = Ids(materials);
  return Ok();
}

Status WriteChildren(storage::Tx& tx, const Event& e) {
  for (std::string_view table : kChildTables) {
    DX_RETURN_IF_ERROR(
        tx.Exec("DELETE FROM " + std::string(table) + " WHERE event_id = $1", {e.id}));
  }
  DX_RETURN_IF_ERROR(tx.Exec(kInsertHost, {e.id, std::string("organizer"), e.org_id}));
  for (int64_t org : e.co_org_ids) {
    DX_RETURN_IF_ERROR(tx.Exec(kInsertHost, {e.id, std::string("co"), org}));
  }
  for (size_t i = 0; i < e.speakers.size(); ++i) {
    const Speaker& s = e.speakers[i];
    storage::Param person = s.person_id ? storage::Param(*s.person_id) : storage::Param(nullptr);
    DX_RETURN_IF_ERROR(tx.Exec(kInsertSpeaker, {e.id, static_cast<int64_t>(i), person,
                                                s.person_id ? std::string() : s.name, s.title}));
  }
  for (int64_t org : e.target_org_ids) DX_RETURN_IF_ERROR(tx.Exec(kInsertTargetOrg, {e.id, org}));
  for (const auto& c : e.target_categories) {
    DX_RETURN_IF_ERROR(tx.Exec(kInsertTargetCategory, {e.id, c}));
  }
  for (size_t i = 0; i < e.material_ids.size(); ++i) {
    DX_RETURN_IF_ERROR(
        tx.Exec(kInsertMaterial, {e.id, e.material_ids[i], static_cast<int64_t>(i)}));
  }
  return Ok();
}

audit::Snapshot Snap(const Event& e) {
  std::string speakers, categories;
  for (const auto& s : e.speakers) {
    speakers +=
        (speakers.empty() ? "" : "、") + s.name + (s.title.empty() ? "" : "（" + s.title + "）");
  }
  for (const auto& c : e.target_categories) {
    categories += (categories.empty() ? "" : "、") + LabelOf(people::kCategories, c);
  }
  return {{"title", e.title},
          {"type", e.type_name},
          {"campaign_id", OptId(e.campaign_id)},
          {"starts_at", e.starts_at},
          {"ends_at", e.ends_at},
          {"place", e.place},
          {"site", e.site_name},
          {"community_id", OptId(e.community_id)},
          {"org_id", std::to_string(e.org_id)},
          {"co_org_ids", JoinIds(e.co_org_ids)},
          {"speakers", speakers},
          {"target_org_ids", JoinIds(e.target_org_ids)},
          {"target_categories", categories},
          {"document_id", OptId(e.document_id)},
          {"material_ids", JoinIds(e.material_ids)},
          {"summary", e.summary},
          {"outside_count", std::to_string(e.outside_count)},
          {"signin_opens_at", e.signin_opens_at},
          {"signin_closes_at", e.signin_closes_at},
          {"status", kEventStatusCodes.Name(e.status)},
          {"cancel_reason", e.cancel_reason},
          {"archived", e.archived ? "true" : "false"}};
}

const ListSpec& EventListSpec() {
  static const ListSpec spec{EventColumns().Sql(),
                             std::string(kEventFrom),
                             "FROM events e",
                             {ListSort{"starts_at", "e.starts_at", "e.starts_at", "e.id"}},
                             "e.id"};
  return spec;
}

std::optional<std::string> BoundTime(std::string_view s) {
  auto t = ParseTime(s);
  if (!t) return std::nullopt;
  // A bare date is a day in China (UTC+8): its midnight is 16:00 UTC before.
  if (s.size() == 10) *t -= std::chrono::hours(8);
  return FormatTime(*t);
}

Result<storage::Where> ListWhere(storage::Tx& tx, const Context& ctx, const EventFilter& f) {
  const auth::Principal& p = *ctx.principal;
  storage::Where w;
  // Correlated EXISTS (one primary-key probe per event) rather than IN
  // lists, so that a page is read in start order from events_list_start.
  storage::Condition hosts = storage::InSubtrees("eo.org_path", p.ReadablePaths());
  storage::Condition scope{
      "EXISTS (SELECT 1 FROM event_orgs eo WHERE eo.event_id = e.id AND " + hosts.sql + ")",
      hosts.values};
  constexpr std::string_view kInvitedHere =
      "EXISTS (SELECT 1 FROM event_attendance ea WHERE ea.event_id = e.id AND ea.person_id = ?)";
  if (p.person_id) {
    scope.sql = "(" + scope.sql + " OR " + std::string(kInvitedHere) + ")";
    scope.values.push_back(*p.person_id);
  }
  w.And(std::move(scope));
  if (f.mine) w.And(kInvitedHere, {p.person_id.value_or(-1)});
  if (!f.include_archived) w.And("e.archived = 0");
  if (f.campaign_id) w.And("e.campaign_id = ?", {*f.campaign_id});
  if (f.type_id) w.And("e.type_id = ?", {*f.type_id});
  if (f.category) w.And("e.category = ?", {std::string(kCategoryCodes.Name(*f.category))});
  if (f.status) w.And("e.status = ?", {std::string(kEventStatusCodes.Name(*f.status))});
  if (f.series_id) w.And("e.series_id = ?", {*f.series_id});
  if (f.material_id) {
    w.And("EXISTS (SELECT 1 FROM event_materials em WHERE em.event_id = e.id AND "
          "em.material_id = ?)",
          {*f.material_id});
  }
  if (f.org_id) {
    DX_ASSIGN_OR_RETURN(storage::Rows org, tx.Query(kOrgPath, {*f.org_id}));
    if (org.empty()) return MakeError(Code::kInvalidArgument, "组织不存在", "org_id");
    w.And(storage::InSubtrees("e.org_path", {org.front().Text(0)}));
  }
  if (f.from) {
    auto from = BoundTime(*f.from);
    if (!from) return MakeError(Code::kInvalidArgument, "开始日期无效", "from");
    w.And("e.ends_at >= ?", {*from});
  }
  if (f.to) {
    auto to = BoundTime(*f.to);
    if (!to) return MakeError(Code::kInvalidArgument, "结束日期无效", "to");
    w.And("e.starts_at < ?", {*to});
  }
  return w;
}

}  // namespace duxing::domain::events
