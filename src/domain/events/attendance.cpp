#include "domain/events/attendance.hpp"

#include <sodium.h>

#include <algorithm>
#include <map>
#include <set>

#include "common/text.hpp"
#include "domain/audit/audit_log.hpp"
#include "domain/events/event_rows.hpp"
#include "domain/notifications/notification.hpp"
#include "domain/text_field.hpp"
#include "domain/versioned_update.hpp"
#include "domain/versioned_write.hpp"
#include "storage/where.hpp"

namespace duxing::domain::events {
namespace {

constexpr std::string_view kAttendanceFrom =
    "FROM event_attendance a JOIN people p ON p.id = a.person_id JOIN orgs o ON o.id = p.org_id";
constexpr std::string_view kExisting =
    "SELECT person_id, from_targets, status, leave_state FROM event_attendance WHERE event_id = $1";
constexpr std::string_view kTargetPaths = "SELECT path FROM orgs WHERE id = $1";
constexpr std::string_view kDropInvitee =
    "DELETE FROM event_attendance WHERE event_id = $1 AND person_id = $2 AND status = 'invited' "
    "AND leave_state = 'none'";
constexpr std::string_view kPersonForInvite =
    "SELECT id, org_path, category FROM people WHERE id = $1 AND archived = 0";
constexpr std::string_view kInsertOne =
    "INSERT INTO event_attendance (event_id, person_id, org_path, status, from_targets, "
    "created_at, updated_at) VALUES ($1, $2, $3, 'invited', $4, $5, $5) "
    "ON CONFLICT (event_id, person_id) DO NOTHING";
constexpr std::string_view kInviteeIds = "SELECT person_id FROM event_attendance WHERE event_id = $1";
constexpr std::string_view kAccountsOf =
    "SELECT id, person_id FROM accounts WHERE disabled = 0 AND person_id IN (";
constexpr std::string_view kLeaveRequest =
    "UPDATE event_attendance SET leave_state = 'pending', leave_reason = $1, "
    "leave_requested_at = $2, version = version + 1, updated_at = $2 "
    "WHERE event_id = $3 AND person_id = $4";
constexpr std::string_view kLeaveDecision =
    "UPDATE event_attendance SET leave_state = $1, status = $2, leave_note = $3, "
    "leave_decided_by = $4, leave_decided_at = $5, version = version + 1, updated_at = $5 "
    "WHERE event_id = $6 AND person_id = $7 AND version = $8";
constexpr std::string_view kMakeup =
    "UPDATE event_attendance SET status = 'makeup', makeup_date = $1, makeup_method = $2, "
    "makeup_recorded_by = $3, version = version + 1, updated_at = $4 "
    "WHERE event_id = $5 AND person_id = $6 AND version = $7";
constexpr std::string_view kSign =
    "UPDATE event_attendance SET status = 'signed', signed_at = $1, signed_by_hand = $2, "
    "signed_by = $3, version = version + 1, updated_at = $1 "
    "WHERE event_id = $4 AND person_id = $5 AND status <> 'signed'";
constexpr std::string_view kSignInEvent =
    "SELECT status, archived, signin_opens_at, signin_closes_at, ends_at, org_path "
    "FROM events WHERE id = $1";
constexpr std::string_view kSignInRow =
    "SELECT status, signed_at FROM event_attendance WHERE event_id = $1 AND person_id = $2";
constexpr std::string_view kSignerPerson =
    "SELECT org_path, category FROM people WHERE id = $1 AND archived = 0";
constexpr std::string_view kTargetOrgPaths =
    "SELECT o.path FROM event_target_orgs t JOIN orgs o ON o.id = t.org_id WHERE t.event_id = $1";
constexpr std::string_view kTargetCategoryList =
    "SELECT category FROM event_target_categories WHERE event_id = $1";
constexpr std::string_view kSecret =
    "SELECT value FROM settings WHERE name = 'event_signin_secret'";
constexpr std::string_view kSaveSecret =
    "INSERT INTO settings (name, value) VALUES ('event_signin_secret', $1) "
    "ON CONFLICT (name) DO NOTHING";
constexpr std::string_view kEventCounts =
    "SELECT a.status, a.leave_state, COUNT(*) FROM event_attendance a WHERE a.event_id = $1 "
    "GROUP BY a.status, a.leave_state";
constexpr std::string_view kReminderEvents =
    "SELECT id FROM events WHERE status = 'published' AND archived = 0 AND starts_at >= $1 "
    "AND starts_at < $2 ORDER BY id";
constexpr std::string_view kReminderPeople =
    "SELECT a.person_id, c.id FROM event_attendance a JOIN accounts c ON c.person_id = a.person_id "
    "WHERE a.event_id = $1 AND a.status = 'invited' AND a.leave_state <> 'approved' "
    "AND c.disabled = 0 ORDER BY a.person_id, c.id";
constexpr std::string_view kReminderSent =
    "INSERT INTO event_reminders (event_id, person_id, starts_at, sent_at) VALUES ($1, $2, $3, $4) "
    "ON CONFLICT (event_id, person_id, starts_at) DO NOTHING";

// Counts summed per group of the rates queries: invited, signed, leave,
// makeup, absent (ended without sign-in), pending (not ended). $1 is now.
constexpr std::string_view kRatesFrom =
    " FROM event_attendance a JOIN events e ON e.id = a.event_id "
    "JOIN people p ON p.id = a.person_id JOIN orgs o ON o.id = p.org_id";

Error NotFound() { return MakeError(Code::kNotFound, "活动不存在"); }
Error NotInvited() {
  return MakeError(Code::kNotFound, "该人员不在本次活动的参加名单中", "person_id");
}

bool Ended(const Event& e, TimePoint now) { return FormatTime(now) >= e.ends_at; }

// The columns of an attendance row (kAttendanceFrom), each with its field.
const RecordColumns<Attendance>& AttendanceColumns() {
  static const auto columns =
      RecordColumns<Attendance>()
          .Int("a.event_id", &Attendance::event_id)
          .Int("a.person_id", &Attendance::person_id)
          .Text("p.name", &Attendance::person_name)
          .Text("o.name", &Attendance::org_name)
          .Text("a.org_path", &Attendance::org_path)
          .Code("a.status", &Attendance::status, kAttendanceCodes, AttendanceStatus::kInvited)
          .Bool("a.from_targets", &Attendance::from_targets)
          .OptText("a.signed_at", &Attendance::signed_at)
          .Bool("a.signed_by_hand", &Attendance::signed_by_hand)
          .Code("a.leave_state", &Attendance::leave_state, kLeaveCodes, LeaveState::kNone)
          .Text("a.leave_reason", &Attendance::leave_reason)
          .Text("a.leave_note", &Attendance::leave_note)
          .OptText("a.makeup_date", &Attendance::makeup_date)
          .Text("a.makeup_method", &Attendance::makeup_method)
          .Int("a.version", &Attendance::version)
          .OptInt("a.service_minutes", &Attendance::service_minutes);
  return columns;
}

// An attendance row; an invitee of an event that has `ended` reads as
// absent.
Attendance FromRow(const storage::Row& r, bool ended) {
  Attendance a = AttendanceColumns().Read(r);
  if (a.status == AttendanceStatus::kInvited && ended) a.status = AttendanceStatus::kAbsent;
  return a;
}

audit::Snapshot RowSnap(const Attendance& a) {
  return {{"person_id", std::to_string(a.person_id)},
          {"status", kAttendanceCodes.Name(a.status)},
          {"signed_at", a.signed_at},
          {"signed_by_hand", a.signed_by_hand ? "true" : "false"},
          {"leave_state", kLeaveCodes.Name(a.leave_state)},
          {"leave_reason", a.leave_reason},
          {"leave_note", a.leave_note},
          {"makeup_date", a.makeup_date},
          {"makeup_method", a.makeup_method}};
}

Result<Attendance> LoadRow(storage::Tx& tx, const Event& e, int64_t person_id, TimePoint now) {
  static const std::string sql = "SELECT " + AttendanceColumns().Sql() + " " +
                                 std::string(kAttendanceFrom) +
                                 " WHERE a.event_id = $1 AND a.person_id = $2";
  DX_ASSIGN_OR_RETURN(storage::Rows rows, tx.Query(sql, {e.id, person_id}));
  if (rows.empty()) return NotInvited();
  return FromRow(rows.front(), Ended(e, now));
}

// The event `id` as the caller may see it (kNotFound otherwise).
Result<Event> Readable(storage::Tx& tx, const Context& ctx, int64_t id) {
  auto e = LoadEvent(tx, id);
  if (!e.ok()) return NotFound();
  DX_ASSIGN_OR_RETURN(bool may, MayReadEvent(tx, *ctx.principal, *e));
  if (!may) return NotFound();
  return e;
}

// The event `id` that the caller may write (404 unseen, 403 read-only).
Result<Event> Writable(storage::Tx& tx, const Context& ctx, int64_t id) {
  DX_ASSIGN_OR_RETURN(Event e, Readable(tx, ctx, id));
  if (!MayWriteEvent(*ctx.principal, e)) {
    return MakeError(Code::kPermissionDenied, "无权管理该活动的参加人员");
  }
  if (e.archived) return MakeError(Code::kFailedPrecondition, "活动已归档");
  return e;
}

// A row the caller manages: the event's writers, and whoever writes the
// invitee's org (a branch secretary in a joint event).
Result<std::pair<Event, Attendance>> Managed(storage::Tx& tx, const Context& ctx, int64_t event_id,
                                             int64_t person_id) {
  DX_ASSIGN_OR_RETURN(Event e, Readable(tx, ctx, event_id));
  DX_ASSIGN_OR_RETURN(bool staff, ReadsAsHost(tx, *ctx.principal, e));
  if (!staff) return MakeError(Code::kPermissionDenied, "无权管理该活动的参加人员");
  if (e.archived) return MakeError(Code::kFailedPrecondition, "活动已归档");
  DX_ASSIGN_OR_RETURN(Attendance a, LoadRow(tx, e, person_id, ctx.now));
  if (!MayWriteEvent(*ctx.principal, e) && !ctx.principal->CanWrite(a.org_path)) {
    return MakeError(Code::kPermissionDenied, "无权管理该人员的考勤");
  }
  return std::make_pair(std::move(e), std::move(a));
}

Status AuditRow(storage::Tx& tx, const Context& ctx, const std::string& action, const Event& e,
                const std::optional<Attendance>& before, const Attendance& after) {
  std::optional<audit::Snapshot> b;
  if (before) b = RowSnap(*before);
  return audit::Record(tx, ctx,
                       {action, "attendance", e.id, after.org_path, b, RowSnap(after), ""});
}

// Accounts (id, person id) of `person_ids`, enabled ones only.
Result<storage::Rows> AccountsOf(storage::Tx& tx, const std::vector<int64_t>& person_ids) {
  std::vector<std::string> ids;
  for (int64_t id : person_ids) ids.push_back(std::to_string(id));
  return storage::QueryIn(tx, kAccountsOf, ")", ids);
}

// Why `action` (签到, 请假) is refused on an event that is not open for it:
// cancelled, archived, or not yet published.
Error NotOpen(EventStatus status, bool archived, std::string_view action) {
  std::string why = status == EventStatus::kCancelled ? "活动已取消"
                    : archived                        ? "活动已归档"
                                                      : "活动尚未发布";
  return MakeError(Code::kFailedPrecondition, why + "，不能" + std::string(action));
}

// Why an invitee's row stays on the list: what they did (or, the event
// over, did not), as a predicate after their name.
std::string KeptBecause(const Attendance& a) {
  switch (a.status) {
    case AttendanceStatus::kSigned: return "已签到";
    case AttendanceStatus::kLeave: return "已请假";
    case AttendanceStatus::kMakeup: return "已补学";
    case AttendanceStatus::kAbsent: return "缺席（活动已结束）";
    case AttendanceStatus::kInvited: break;
  }
  return "已提交请假申请";
}

std::string ChinaTime(const std::string& iso) {
  auto t = ParseTime(iso);
  return t ? FormatChinaTime(*t).substr(0, 16) : iso;
}

Status NotifyPerson(storage::Tx& tx, int64_t person_id, const notifications::NewNotification& n,
                    TimePoint now) {
  DX_ASSIGN_OR_RETURN(storage::Rows accounts, AccountsOf(tx, {person_id}));
  for (const auto& a : accounts) {
    notifications::NewNotification one = n;
    one.account_id = a.Int(0);
    DX_RETURN_IF_ERROR(notifications::Notify(tx, now, one));
  }
  return Ok();
}

std::string EventLine(const Event& e) {
  std::string line = "“" + e.title + "”，" + ChinaTime(e.starts_at) + " 开始";
  if (!e.place.empty()) line += "，地点：" + e.place;
  return line;
}

notifications::Link EventLink(int64_t id) { return {"event", id, "/events/" + std::to_string(id)}; }

Rates MakeRates(int64_t invited, int64_t signed_in, int64_t leave, int64_t makeup, int64_t absent,
                int64_t pending) {
  Rates r{invited, signed_in, leave, absent, makeup, pending, 0, 0};
  if (invited > 0) {
    r.attendance_rate = static_cast<double>(signed_in) / static_cast<double>(invited);
    r.completion_rate = static_cast<double>(signed_in + makeup) / static_cast<double>(invited);
  }
  return r;
}

Rates RatesFromRow(const storage::Row& r, size_t at) {
  return MakeRates(r.Int(at), r.Int(at + 1), r.Int(at + 2), r.Int(at + 3), r.Int(at + 4),
                   r.Int(at + 5));
}

// Whether a person at `org_path` of `category` is within e's targets.
Result<bool> WithinTargets(storage::Tx& tx, int64_t event_id, const std::string& org_path,
                           const std::string& category) {
  DX_ASSIGN_OR_RETURN(storage::Rows paths, tx.Query(kTargetOrgPaths, {event_id}));
  bool in_org = std::any_of(paths.begin(), paths.end(), [&](const storage::Row& r) {
    return org_path.compare(0, r.Text(0).size(), r.Text(0)) == 0;
  });
  if (!in_org) return false;
  DX_ASSIGN_OR_RETURN(storage::Rows categories, tx.Query(kTargetCategoryList, {event_id}));
  return categories.empty() ||
         std::any_of(categories.begin(), categories.end(),
                     [&](const storage::Row& r) { return r.Text(0) == category; });
}

// The rates' WHERE: the caller's scope on the invitee's org path (a member:
// their own rows), published events not archived, and the filter.
Result<storage::Where> RatesWhere(storage::Tx& tx, const Context& ctx, const RatesFilter& f) {
  const auth::Principal& p = *ctx.principal;
  storage::Where w;
  if (p.IsStaff()) {
    w.And(storage::InSubtrees("a.org_path", p.ReadablePaths()));
  } else {
    w.And("a.person_id = ?", {p.person_id.value_or(-1)});
  }
  w.And("e.archived = 0 AND e.status = 'published'");
  if (f.campaign_id) w.And("e.campaign_id = ?", {*f.campaign_id});
  if (f.from) {
    auto from = BoundTime(*f.from);
    if (!from) return MakeError(Code::kInvalidArgument, "开始日期无效", "from");
    w.And("e.starts_at >= ?", {*from});
  }
  if (f.to) {
    auto to = BoundTime(*f.to);
    if (!to) return MakeError(Code::kInvalidArgument, "结束日期无效", "to");
    w.And("e.starts_at < ?", {*to});
  }
  if (f.org_id) {
    DX_ASSIGN_OR_RETURN(storage::Rows org, tx.Query(kTargetPaths, {*f.org_id}));
    if (org.empty()) return MakeError(Code::kInvalidArgument, "组织不存在", "org_id");
    if (!p.CanRead(org.front().Text(0))) {
      return MakeError(Code::kPermissionDenied, "无权查看该组织的出勤统计", "org_id");
    }
    w.And(storage::InSubtrees("a.org_path", {org.front().Text(0)}));
  }
  return w;
}

// The rates lists' grouped rows: one per person (key "a.person_id") or per
// invitee's org ("p.org_id") with the counts of the rows `filter` (a
// RatesWhere without now, whose placeholders it keeps) selects. What is
// still "invited" is split into absent and pending per page (RatesRows):
// the split moves with the clock, the grouped rows and their total do not.
std::string RatesGroup(std::string_view key, const storage::Where& filter) {
  return "(SELECT " + std::string(key) +
         " AS group_id, COUNT(*) AS invited, "
         "SUM(CASE WHEN a.status = 'signed' THEN 1 ELSE 0 END) AS signed_in, "
         "SUM(CASE WHEN a.status = 'leave' THEN 1 ELSE 0 END) AS on_leave, "
         "SUM(CASE WHEN a.status = 'makeup' THEN 1 ELSE 0 END) AS made_up, "
         "SUM(CASE WHEN a.status = 'absent' THEN 1 ELSE 0 END) AS marked_absent" +
         std::string(kRatesFrom) + filter.Sql() + " GROUP BY " + std::string(key) + ") g";
}
constexpr std::string_view kGroupCounts =
    ", g.invited, g.signed_in, g.on_leave, g.made_up, g.marked_absent";

// The rate sorts of a grouped list whose rows are tied by `tie`: rates in
// hundredths of a percent (integers, as the cursor keeps them).
std::vector<ListSort> RateSorts(ListSort first, const std::string& tie) {
  return {std::move(first),
          {"attendance_rate", "(g.signed_in * 10000) / g.invited",
           "(g.signed_in * 10000) / g.invited", tie, true},
          {"completion_rate", "((g.signed_in + g.made_up) * 10000) / g.invited",
           "((g.signed_in + g.made_up) * 10000) / g.invited", tie, true},
          {"invited", "g.invited", "g.invited", tie, true}};
}

ListSpec PersonRatesSpec(const storage::Where& filter) {
  std::string group = "FROM " + RatesGroup("a.person_id", filter);
  std::string people = " JOIN people p ON p.id = g.group_id";
  return {"p.id, p.name, o.name" + std::string(kGroupCounts),
          group + people + " JOIN orgs o ON o.id = p.org_id",
          group + people,
          RateSorts({"name", "p.name_key", "p.name_key", "p.id"}, "p.id"),
          "p.id",
          ""};
}

ListSpec OrgRatesSpec(const storage::Where& filter) {
  std::string from = "FROM " + RatesGroup("p.org_id", filter) + " JOIN orgs o ON o.id = g.group_id";
  return {"o.id, o.name" + std::string(kGroupCounts), from, from,
          RateSorts({"path", "o.path", "o.path", "o.id"}, "o.id"), "o.id", ""};
}

struct RatesPage {
  storage::Rows rows;  // id, name, [org name,] the group counts
  std::vector<Rates> rates;
  int64_t total = 0;
  std::string next_cursor;
};

// A page of the person (by_org false) or org rates list: the grouped rows by
// the list mechanism, then, for just those rows, how many still-invited
// rows belong to events not yet ended (pending; the rest are absent).
Result<RatesPage> RatesRows(storage::Tx& tx, const Context& ctx, const RatesFilter& f,
                            ListQuery& list, bool by_org) {
  DX_ASSIGN_OR_RETURN(storage::Where filter, RatesWhere(tx, ctx, f));
  // The list's own WHERE (the cursor's) numbers on after the group's values.
  storage::Where outer;
  for (const storage::Param& v : filter.params()) outer.Bind(v);
  ListSpec spec = by_org ? OrgRatesSpec(filter) : PersonRatesSpec(filter);
  DX_ASSIGN_OR_RETURN(ListRows rows, list.Page(tx, spec, outer, f.sort, f.page));
  RatesPage out{{}, {}, rows.total, rows.next_cursor};
  const std::string key = by_org ? "p.org_id" : "a.person_id";
  std::map<int64_t, int64_t> pending;
  if (!rows.rows.empty()) {
    storage::Where open = filter;
    open.And("a.status = 'invited' AND e.ends_at > ?", {FormatTime(ctx.now)});
    std::string in;
    for (const auto& r : rows.rows) in += (in.empty() ? "" : ", ") + open.Bind(r.Int(0));
    open.And(key + " IN (" + in + ")");
    DX_ASSIGN_OR_RETURN(storage::Rows counts,
                        tx.Query("SELECT " + key + ", COUNT(*)" + std::string(kRatesFrom) +
                                     open.Sql() + " GROUP BY " + key,
                                 open.params()));
    for (const auto& c : counts) pending[c.Int(0)] = c.Int(1);
  }
  const size_t at = by_org ? 2 : 3;  // the first group count
  for (auto& r : rows.rows) {
    int64_t invited = r.Int(at), signed_in = r.Int(at + 1), leave = r.Int(at + 2),
            makeup = r.Int(at + 3), marked_absent = r.Int(at + 4);
    int64_t still = invited - signed_in - leave - makeup - marked_absent;
    int64_t open = pending.count(r.Int(0)) ? pending[r.Int(0)] : 0;
    out.rates.push_back(
        MakeRates(invited, signed_in, leave, makeup, marked_absent + still - open, open));
    out.rows.push_back(std::move(r));
  }
  return out;
}

const ListSpec& AttendanceSpec() {
  static const ListSpec spec{AttendanceColumns().Sql(),
                             std::string(kAttendanceFrom),
                             "FROM event_attendance a JOIN people p ON p.id = a.person_id",
                             // The tie is the row's own id: a person is on many
                             // events' lists, so person_id is unique only per event,
                             // and a page's rows are read back by their row id alone.
                             {ListSort{"name", "p.name_key", "p.name_key", "a.id"}},
                             "a.id"};
  return spec;
}

// The event's own columns of a person's rows (MineSpec), after theirs.
const RecordColumns<Event>& MineEventColumns() {
  static const auto columns =
      RecordColumns<Event>()
          .Int("e.id", &Event::id)
          .Text("e.title", &Event::title)
          .Text("t.name", &Event::type_name)
          .Code("e.category", &Event::category, kCategoryCodes, Category::kStudy)
          .Text("e.starts_at", &Event::starts_at)
          .Text("e.ends_at", &Event::ends_at)
          .Text("e.place", &Event::place)
          .Text("s.name", &Event::site_name)
          .Text("eo.name", &Event::org_name)
          .Code("e.status", &Event::status, kEventStatusCodes, EventStatus::kDraft)
          .Text("e.cancel_reason", &Event::cancel_reason)
          .Text("e.signin_opens_at", &Event::signin_opens_at)
          .Text("e.signin_closes_at", &Event::signin_closes_at);
  return columns;
}

// A person's own rows: the attendance columns, then the event's.
const ListSpec& MineSpec() {
  static const ListSpec spec{
      AttendanceColumns().Sql() + ", " + MineEventColumns().Sql(),
      std::string(kAttendanceFrom) +
          " JOIN events e ON e.id = a.event_id JOIN event_types t ON t.id = e.type_id "
          "JOIN orgs eo ON eo.id = e.org_id LEFT JOIN red_sites s ON s.id = e.site_id",
      "FROM event_attendance a JOIN events e ON e.id = a.event_id",
      {ListSort{"starts_at", "e.starts_at", "e.starts_at", "a.id"}},
      "a.id"};
  return spec;
}

MyAttendance MineFromRow(const storage::Row& r, TimePoint now) {
  MyAttendance m;
  m.event = MineEventColumns().Read(r, AttendanceColumns().size());
  // A cancelled event's invitee was not absent.
  bool ended = Ended(m.event, now) && m.event.status != EventStatus::kCancelled;
  m.row = FromRow(r, ended);
  m.service_minutes = m.row.service_minutes;
  return m;
}

constexpr std::string_view kMineSummary =
    "SELECT COALESCE(SUM(a.service_minutes), 0), "
    "SUM(CASE WHEN a.status = 'signed' THEN 1 ELSE 0 END), "
    "SUM(CASE WHEN a.status = 'makeup' THEN 1 ELSE 0 END), "
    "SUM(CASE WHEN a.status = 'leave' THEN 1 ELSE 0 END) "
    "FROM event_attendance a JOIN events e ON e.id = a.event_id "
    "WHERE a.person_id = $1 AND e.archived = 0 AND e.status = 'published'";
constexpr std::string_view kMineStudy =
    "SELECT COALESCE(SUM(minutes), 0) FROM study_logs WHERE person_id = $1 AND archived = 0";

Result<int64_t> OwnPerson(const Context& ctx) {
  if (!ctx.principal->person_id) {
    return MakeError(Code::kPermissionDenied, "当前账号未关联人员信息，没有个人活动记录");
  }
  return *ctx.principal->person_id;
}

}  // namespace

Result<Page<MyAttendance>> AttendanceService::Mine(const Context& ctx,
                                                   const MyAttendanceFilter& filter) {
  DX_ASSIGN_OR_RETURN(int64_t person, OwnPerson(ctx));
  storage::Where w;
  w.And("a.person_id = ?", {person});
  w.And("e.archived = 0 AND e.status <> 'draft'");
  const std::string now = FormatTime(ctx.now);
  switch (filter.when) {
    // 待参加: not ended and still to sign in; the rest is the record (a
    // sign-in moves the event there at once).
    case MyWhen::kUpcoming:
      w.And("e.ends_at > ? AND a.status = 'invited'", {now});
      break;
    case MyWhen::kPast:
      w.And("(e.ends_at <= ? OR a.status <> 'invited')", {now});
      break;
    case MyWhen::kLeave:
      w.And("a.leave_state <> 'none'");
      break;
    case MyWhen::kAll:
      break;
  }
  DX_ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kRead));
  DX_ASSIGN_OR_RETURN(ListRows rows, mine_.Page(*tx, MineSpec(), w, filter.sort, filter.page));
  Page<MyAttendance> page;
  page.total = rows.total;
  page.next_cursor = std::move(rows.next_cursor);
  for (const auto& r : rows.rows) page.items.push_back(MineFromRow(r, ctx.now));
  return page;
}

Result<MySummary> AttendanceService::MineSummary(const Context& ctx) {
  DX_ASSIGN_OR_RETURN(int64_t person, OwnPerson(ctx));
  DX_ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kRead));
  DX_ASSIGN_OR_RETURN(storage::Row sums, tx->QueryOne(kMineSummary, {person}));
  DX_ASSIGN_OR_RETURN(storage::Row study, tx->QueryOne(kMineStudy, {person}));
  MySummary out;
  out.volunteer_minutes = sums.Int(0);
  out.signed_in = sums.OptInt(1).value_or(0);
  out.makeup = sums.OptInt(2).value_or(0);
  out.leave = sums.OptInt(3).value_or(0);
  out.study_minutes = study.Int(0);
  return out;
}

AttendanceService::AttendanceService(storage::Database& db)
    : db_(db),
      list_(std::vector<std::string>{"event", "attendance", "person"}),
      mine_(std::vector<std::string>{"event", "attendance"}),
      rates_(std::vector<std::string>{"event", "attendance", "person", "org"}) {}

Result<std::vector<int64_t>> AttendanceService::SyncInvitations(storage::Tx& tx, const Event& e,
                                                                TimePoint now) {
  std::vector<std::string> paths;
  for (int64_t org : e.target_org_ids) {
    DX_ASSIGN_OR_RETURN(storage::Rows r, tx.Query(kTargetPaths, {org}));
    if (!r.empty()) paths.push_back(r.front().Text(0));
  }
  std::set<int64_t> matching;
  std::map<int64_t, std::string> path_of;
  if (!paths.empty()) {
    storage::Where w;
    w.And("p.archived = 0 AND p.status = 'active'");
    w.And(storage::InSubtrees("p.org_path", paths));
    if (!e.target_categories.empty()) {
      std::string in;
      storage::Params values;
      for (const auto& c : e.target_categories) {
        in += in.empty() ? "?" : ", ?";
        values.push_back(c);
      }
      w.And("p.category IN (" + in + ")", values);
    }
    DX_ASSIGN_OR_RETURN(storage::Rows people,
                        tx.Query("SELECT p.id, p.org_path FROM people p" + w.Sql(), w.params()));
    for (const auto& r : people) {
      matching.insert(r.Int(0));
      path_of[r.Int(0)] = r.Text(1);
    }
  }
  DX_ASSIGN_OR_RETURN(storage::Rows existing, tx.Query(kExisting, {e.id}));
  std::set<int64_t> present;
  for (const auto& r : existing) {
    int64_t person = r.Int(0);
    present.insert(person);
    bool untouched = r.Bool(1) && r.Text(2) == "invited" && r.Text(3) == "none";
    if (untouched && !matching.count(person)) {
      DX_RETURN_IF_ERROR(tx.Exec(kDropInvitee, {e.id, person}));
    }
  }
  std::vector<int64_t> added;
  std::vector<storage::Params> rows;
  std::string at = FormatTime(now);
  for (int64_t person : matching) {
    if (present.count(person)) continue;
    added.push_back(person);
    rows.push_back({e.id, person, path_of[person], std::string("invited"), int64_t{1}, at, at});
  }
  if (!rows.empty()) {
    DX_RETURN_IF_ERROR(storage::InsertRows(
        tx, "event_attendance",
        {"event_id", "person_id", "org_path", "status", "from_targets", "created_at", "updated_at"},
        rows, storage::Returning::kNothing));
  }
  return added;
}

Status AttendanceService::NotifyInvited(storage::Tx& tx, const Event& e,
                                        const std::vector<int64_t>& person_ids, TimePoint now) {
  if (person_ids.empty() || e.status != EventStatus::kPublished) return Ok();
  DX_ASSIGN_OR_RETURN(storage::Rows accounts, AccountsOf(tx, person_ids));
  for (const auto& a : accounts) {
    DX_RETURN_IF_ERROR(notifications::Notify(tx, now,
                                             {a.Int(0), "event_invitation", "活动通知",
                                              "请参加" + EventLine(e) + "。", EventLink(e.id)}));
  }
  return Ok();
}

Status AttendanceService::NotifyCancelled(storage::Tx& tx, const Event& e, TimePoint now) {
  DX_ASSIGN_OR_RETURN(storage::Rows invited, tx.Query(kInviteeIds, {e.id}));
  std::vector<int64_t> person_ids;
  for (const auto& r : invited) person_ids.push_back(r.Int(0));
  if (person_ids.empty()) return Ok();
  DX_ASSIGN_OR_RETURN(storage::Rows accounts, AccountsOf(tx, person_ids));
  for (const auto& a : accounts) {
    DX_RETURN_IF_ERROR(notifications::Notify(
        tx, now,
        {a.Int(0), "event_cancelled", "活动取消",
         EventLine(e) + "，已取消。原因：" + e.cancel_reason, EventLink(e.id)}));
  }
  return Ok();
}

Result<Page<Attendance>> AttendanceService::List(const Context& ctx, int64_t event_id,
                                                 const AttendanceFilter& filter) {
  DX_ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kRead));
  DX_ASSIGN_OR_RETURN(Event e, Readable(*tx, ctx, event_id));
  DX_ASSIGN_OR_RETURN(bool staff, ReadsAsHost(*tx, *ctx.principal, e));
  bool ended = Ended(e, ctx.now);
  storage::Where w;
  w.And("a.event_id = ?", {event_id});
  if (!staff) w.And("a.person_id = ?", {ctx.principal->person_id.value_or(-1)});
  if (filter.status) {
    switch (*filter.status) {
      case AttendanceStatus::kInvited:
        w.And(ended ? "1 = 0" : "a.status = 'invited'");
        break;
      case AttendanceStatus::kAbsent:
        w.And(ended ? "a.status IN ('invited', 'absent')" : "a.status = 'absent'");
        break;
      default:
        w.And("a.status = ?", {std::string(kAttendanceCodes.Name(*filter.status))});
    }
  }
  DX_ASSIGN_OR_RETURN(ListRows rows, list_.Page(*tx, AttendanceSpec(), w, "", filter.page));
  Page<Attendance> page;
  page.total = rows.total;
  page.next_cursor = std::move(rows.next_cursor);
  for (const auto& r : rows.rows) page.items.push_back(FromRow(r, ended));
  return page;
}

Result<bool> AttendanceService::AddInvitee(storage::Tx& tx, int64_t event_id, int64_t person_id,
                                           const std::string& org_path, TimePoint now) {
  DX_ASSIGN_OR_RETURN(
      int64_t n, tx.Exec(kInsertOne, {event_id, person_id, org_path, int64_t{0}, FormatTime(now)}));
  return n > 0;
}

Result<int64_t> AttendanceService::Invite(const Context& ctx, int64_t event_id,
                                          const std::vector<int64_t>& person_ids) {
  if (person_ids.empty() || person_ids.size() > kMaxInviteesPerCall) {
    return MakeError(Code::kInvalidArgument, "一次可添加 1 至 500 人", "person_ids");
  }
  DX_ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kWrite));
  DX_ASSIGN_OR_RETURN(Event e, Writable(*tx, ctx, event_id));
  std::vector<int64_t> added;
  for (int64_t id : std::set<int64_t>(person_ids.begin(), person_ids.end())) {
    DX_ASSIGN_OR_RETURN(storage::Rows person, tx->Query(kPersonForInvite, {id}));
    if (person.empty() || !ctx.principal->CanRead(person.front().Text(1))) {
      return MakeError(Code::kNotFound,
                       "人员不存在或不在您的管理范围内（编号 " + std::to_string(id) + "）",
                       "person_ids");
    }
    DX_ASSIGN_OR_RETURN(bool new_row,
                        AddInvitee(*tx, event_id, id, person.front().Text(1), ctx.now));
    if (!new_row) continue;
    added.push_back(id);
    DX_ASSIGN_OR_RETURN(Attendance a, LoadRow(*tx, e, id, ctx.now));
    DX_RETURN_IF_ERROR(AuditRow(*tx, ctx, "invite", e, std::nullopt, a));
  }
  DX_RETURN_IF_ERROR(NotifyInvited(*tx, e, added, ctx.now));
  DX_RETURN_IF_ERROR(tx->Commit());
  return static_cast<int64_t>(added.size());
}

Status AttendanceService::Uninvite(const Context& ctx, int64_t event_id, int64_t person_id) {
  DX_ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kWrite));
  DX_ASSIGN_OR_RETURN(auto managed, Managed(*tx, ctx, event_id, person_id));
  auto& [e, a] = managed;
  if (a.status != AttendanceStatus::kInvited || a.leave_state != LeaveState::kNone) {
    return MakeError(Code::kFailedPrecondition,
                     a.person_name + KeptBecause(a) + "，不能移出参加名单");
  }
  DX_RETURN_IF_ERROR(tx->Exec("DELETE FROM event_attendance WHERE event_id = $1 AND person_id = $2",
                              {event_id, person_id}));
  DX_RETURN_IF_ERROR(audit::Record(
      *tx, ctx, {"uninvite", "attendance", e.id, a.org_path, RowSnap(a), std::nullopt, ""}));
  return tx->Commit();
}

Result<Attendance> AttendanceService::RequestLeave(const Context& ctx, int64_t event_id,
                                                   const std::string& reason) {
  if (!ctx.principal->person_id) {
    return MakeError(Code::kPermissionDenied, "当前账号未关联人员信息，不能请假");
  }
  if (reason.empty()) return MakeError(Code::kInvalidArgument, "请填写请假事由", "reason");
  DX_RETURN_IF_ERROR(CheckLineText(reason, "reason", "请假事由", kMaxLeaveReason));
  DX_ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kWrite));
  DX_ASSIGN_OR_RETURN(Event e, Readable(*tx, ctx, event_id));
  auto row = LoadRow(*tx, e, *ctx.principal->person_id, ctx.now);
  if (!row.ok()) return MakeError(Code::kNotFound, "您不在本次活动的参加名单中");
  Attendance before = *row;
  if (e.status != EventStatus::kPublished || e.archived) {
    return NotOpen(e.status, e.archived, "请假");
  }
  if (Ended(e, ctx.now)) return MakeError(Code::kFailedPrecondition, "活动已结束，不能再请假");
  if (before.status == AttendanceStatus::kSigned) {
    return MakeError(Code::kFailedPrecondition, "您已签到，不能请假");
  }
  if (before.leave_state == LeaveState::kApproved) {
    return MakeError(Code::kFailedPrecondition, "请假已批准，无需再次申请");
  }
  // A rejection stands: a new request would overwrite it (the row shows one
  // leave state), and the secretary's decision would vanish from the list.
  if (before.leave_state == LeaveState::kRejected) {
    return MakeError(Code::kFailedPrecondition,
                     "请假申请未获批准，不能再次申请；如有新情况请直接联系支部书记");
  }
  DX_RETURN_IF_ERROR(
      tx->Exec(kLeaveRequest, {reason, FormatTime(ctx.now), event_id, *ctx.principal->person_id}));
  DX_ASSIGN_OR_RETURN(Attendance after, LoadRow(*tx, e, before.person_id, ctx.now));
  DX_RETURN_IF_ERROR(AuditRow(*tx, ctx, "leave_request", e, before, after));
  DX_RETURN_IF_ERROR(tx->Commit());
  return after;
}

Result<Attendance> AttendanceService::DecideLeave(const Context& ctx, int64_t event_id,
                                                  int64_t person_id, int64_t version, bool approve,
                                                  const std::string& note) {
  DX_RETURN_IF_ERROR(CheckLineText(note, "note", "审批意见", kMaxLeaveReason));
  DX_ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kWrite));
  DX_ASSIGN_OR_RETURN(auto managed, Managed(*tx, ctx, event_id, person_id));
  auto& [e, before] = managed;
  if (before.version != version) return StaleVersion();
  if (before.leave_state != LeaveState::kPending) {
    return MakeError(Code::kFailedPrecondition, "没有待审批的请假申请");
  }
  std::string status =
      approve ? "leave"
              : (before.status == AttendanceStatus::kAbsent ? "invited"
                                                            : kAttendanceCodes.Name(before.status));
  DX_RETURN_IF_ERROR(VersionedUpdate(
      tx->Exec(kLeaveDecision,
               {std::string(approve ? "approved" : "rejected"), status, note,
                ctx.principal->account_id, FormatTime(ctx.now), event_id, person_id, version})));
  DX_ASSIGN_OR_RETURN(Attendance after, LoadRow(*tx, e, person_id, ctx.now));
  DX_RETURN_IF_ERROR(AuditRow(*tx, ctx, "leave_decision", e, before, after));
  std::string text = "您对" + EventLine(e) + "的请假申请" + (approve ? "已获批准" : "未获批准") +
                     (note.empty() ? "。" : "，意见：" + note);
  DX_RETURN_IF_ERROR(NotifyPerson(
      *tx, person_id,
      {0, "event_leave_decision", approve ? "请假已批准" : "请假未获批准", text, EventLink(e.id)},
      ctx.now));
  DX_RETURN_IF_ERROR(tx->Commit());
  return after;
}

Result<Attendance> AttendanceService::RecordMakeup(const Context& ctx, int64_t event_id,
                                                   int64_t person_id, int64_t version,
                                                   const std::string& date,
                                                   const std::string& method) {
  if (!IsValidDate(date)) {
    return MakeError(Code::kInvalidArgument, "补学日期无效（格式 YYYY-MM-DD）", "date");
  }
  if (method.empty()) return MakeError(Code::kInvalidArgument, "请填写补学方式", "method");
  DX_RETURN_IF_ERROR(CheckLineText(method, "method", "补学方式", kMaxMakeupMethod));
  DX_ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kWrite));
  DX_ASSIGN_OR_RETURN(auto managed, Managed(*tx, ctx, event_id, person_id));
  auto& [e, before] = managed;
  if (before.version != version) return StaleVersion();
  if (e.status != EventStatus::kPublished) return NotOpen(e.status, e.archived, "登记补学");
  if (FormatTime(ctx.now) < e.starts_at) {
    return MakeError(Code::kFailedPrecondition, "活动尚未开始，不能登记补学");
  }
  if (before.status == AttendanceStatus::kSigned) {
    return MakeError(Code::kFailedPrecondition, "该人员已签到，无需补学");
  }
  std::string event_day = FormatChinaTime(*ParseTime(e.starts_at)).substr(0, 10);
  std::string today = FormatChinaTime(ctx.now).substr(0, 10);
  if (date < event_day || date > today) {
    return MakeError(Code::kInvalidArgument, "补学日期须在活动日期与今天之间", "date");
  }
  DX_RETURN_IF_ERROR(
      VersionedUpdate(tx->Exec(kMakeup, {date, method, ctx.principal->account_id,
                                         FormatTime(ctx.now), event_id, person_id, version})));
  DX_ASSIGN_OR_RETURN(Attendance after, LoadRow(*tx, e, person_id, ctx.now));
  DX_RETURN_IF_ERROR(AuditRow(*tx, ctx, "makeup", e, before, after));
  DX_RETURN_IF_ERROR(tx->Commit());
  return after;
}

Result<Attendance> AttendanceService::SignInByHand(const Context& ctx, int64_t event_id,
                                                   int64_t person_id) {
  DX_ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kWrite));
  DX_ASSIGN_OR_RETURN(auto managed, Managed(*tx, ctx, event_id, person_id));
  auto& [e, before] = managed;
  if (e.status != EventStatus::kPublished) {
    return NotOpen(e.status, e.archived, "签到");
  }
  if (FormatTime(ctx.now) < e.signin_opens_at) {
    return MakeError(Code::kFailedPrecondition,
                     "签到尚未开始（" + ChinaTime(e.signin_opens_at) + " 开放签到）");
  }
  if (before.status == AttendanceStatus::kSigned) {
    return MakeError(Code::kAlreadyExists, before.person_name + "已签到，不能重复签到");
  }
  DX_ASSIGN_OR_RETURN(int64_t n, tx->Exec(kSign, {FormatTime(ctx.now), int64_t{1},
                                                  ctx.principal->account_id, event_id, person_id}));
  if (n == 0) return MakeError(Code::kAlreadyExists, before.person_name + "已签到，不能重复签到");
  DX_ASSIGN_OR_RETURN(Attendance after, LoadRow(*tx, e, person_id, ctx.now));
  DX_RETURN_IF_ERROR(AuditRow(*tx, ctx, "hand_sign_in", e, before, after));
  DX_RETURN_IF_ERROR(tx->Commit());
  return after;
}

Result<std::string> AttendanceService::Secret() {
  std::lock_guard lock(secret_mu_);
  if (!secret_.empty()) return secret_;
  DX_ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kWrite));
  DX_ASSIGN_OR_RETURN(storage::Rows rows, tx->Query(kSecret, {}));
  if (rows.empty()) {
    unsigned char key[32];
    randombytes_buf(key, sizeof key);
    DX_RETURN_IF_ERROR(
        tx->Exec(kSaveSecret, {Hex(std::string_view(reinterpret_cast<char*>(key), sizeof key))}));
    DX_ASSIGN_OR_RETURN(rows, tx->Query(kSecret, {}));
    DX_RETURN_IF_ERROR(tx->Commit());
  }
  if (rows.empty()) return MakeError(Code::kInternal, "签到密钥不可用");
  secret_ = rows.front().Text(0);
  return secret_;
}

namespace {

int64_t SlotOf(TimePoint t) { return t.time_since_epoch().count() / kCodeSlotSeconds; }

std::string CodeFor(const std::string& secret, int64_t event_id, int64_t slot) {
  std::string message = "event:" + std::to_string(event_id) + ":" + std::to_string(slot);
  unsigned char mac[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256_state state;
  crypto_auth_hmacsha256_init(&state, reinterpret_cast<const unsigned char*>(secret.data()),
                              secret.size());
  crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(message.data()),
                                message.size());
  crypto_auth_hmacsha256_final(&state, mac);
  return Hex(std::string_view(reinterpret_cast<char*>(mac), 8));
}

bool SameCode(const std::string& a, const std::string& b) {
  return a.size() == b.size() && sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace

Result<std::string> AttendanceService::CodeAt(int64_t event_id, TimePoint at) {
  DX_ASSIGN_OR_RETURN(std::string secret, Secret());
  return CodeFor(secret, event_id, SlotOf(at));
}

Result<SignInCode> AttendanceService::CurrentCode(const Context& ctx, int64_t event_id) {
  DX_ASSIGN_OR_RETURN(std::string secret, Secret());
  DX_ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kRead));
  DX_ASSIGN_OR_RETURN(Event e, Readable(*tx, ctx, event_id));
  DX_ASSIGN_OR_RETURN(bool organizer, WritesAHost(*tx, *ctx.principal, e));
  if (!organizer) return MakeError(Code::kPermissionDenied, "只有活动的组织者可以出示签到码");
  if (e.status != EventStatus::kPublished || e.archived) {
    return NotOpen(e.status, e.archived, "签到");
  }
  std::string now = FormatTime(ctx.now);
  if (now < e.signin_opens_at || now > e.signin_closes_at) {
    return MakeError(Code::kFailedPrecondition, "不在签到时间内（签到时间 " +
                                                    ChinaTime(e.signin_opens_at) + " 至 " +
                                                    ChinaTime(e.signin_closes_at) + "）");
  }
  int64_t slot = SlotOf(ctx.now);
  SignInCode out;
  out.code = CodeFor(secret, event_id, slot);
  out.valid_until = FormatTime(TimePoint(std::chrono::seconds((slot + 2) * kCodeSlotSeconds)));
  out.path = "/m/sign-in/" + std::to_string(event_id) + "?code=" + out.code;
  return out;
}

Result<Attendance> AttendanceService::SignIn(const Context& ctx, int64_t event_id,
                                             const std::string& code) {
  if (code.size() != 16 || !std::all_of(code.begin(), code.end(), [](char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
      })) {
    return MakeError(Code::kInvalidArgument, "签到码格式不正确，请重新扫描现场二维码", "code");
  }
  if (!ctx.principal->person_id) {
    return MakeError(Code::kPermissionDenied, "当前账号未关联人员信息，不能签到");
  }
  const int64_t person = *ctx.principal->person_id;
  DX_ASSIGN_OR_RETURN(std::string secret, Secret());
  DX_ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kWrite));
  DX_ASSIGN_OR_RETURN(storage::Rows event, tx->Query(kSignInEvent, {event_id}));
  if (event.empty() || event.front().Bool(1)) return NotFound();
  const storage::Row& ev = event.front();
  if (ev.Text(0) != "published") {
    return NotOpen(kEventStatusCodes.Parse(ev.Text(0)).value_or(EventStatus::kDraft), false, "签到");
  }
  std::string now = FormatTime(ctx.now);
  if (now < ev.Text(2)) {
    return MakeError(Code::kFailedPrecondition,
                     "签到尚未开始（" + ChinaTime(ev.Text(2)) + " 开放签到）");
  }
  if (now > ev.Text(3)) {
    return MakeError(Code::kFailedPrecondition,
                     "签到已截止（截止时间 " + ChinaTime(ev.Text(3)) + "）");
  }
  int64_t slot = SlotOf(ctx.now);
  if (!SameCode(code, CodeFor(secret, event_id, slot)) &&
      !SameCode(code, CodeFor(secret, event_id, slot - 1))) {
    // An older code of this event (within an hour): a forwarded photo.
    for (int64_t back = 2; back <= 3600 / kCodeSlotSeconds; ++back) {
      if (SameCode(code, CodeFor(secret, event_id, slot - back))) {
        return MakeError(Code::kFailedPrecondition, "签到码已过期，请扫描现场最新的二维码", "code");
      }
    }
    return MakeError(Code::kFailedPrecondition, "签到码无效：不是本次活动的签到码", "code");
  }
  DX_ASSIGN_OR_RETURN(storage::Rows row, tx->Query(kSignInRow, {event_id, person}));
  if (row.empty()) {
    // Not on the list: invited now when within the event's targets.
    DX_ASSIGN_OR_RETURN(storage::Rows who, tx->Query(kSignerPerson, {person}));
    bool within = false;
    if (!who.empty()) {
      DX_ASSIGN_OR_RETURN(within,
                          WithinTargets(*tx, event_id, who.front().Text(0), who.front().Text(1)));
    }
    if (!within) {
      return MakeError(Code::kPermissionDenied, "您不在本次活动的参加范围内，请联系活动组织者");
    }
    DX_RETURN_IF_ERROR(
        tx->Exec(kInsertOne, {event_id, person, who.front().Text(0), int64_t{1}, now}));
  } else if (row.front().Text(0) == "signed") {
    return MakeError(Code::kAlreadyExists,
                     "您已于 " + ChinaTime(row.front().Text(1)).substr(11) + " 签到，无需重复签到");
  }
  DX_ASSIGN_OR_RETURN(int64_t n, tx->Exec(kSign, {now, int64_t{0}, nullptr, event_id, person}));
  if (n == 0) return MakeError(Code::kAlreadyExists, "您已签到，无需重复签到");
  Event e;  // what the row and its audit entry need of the event
  e.id = event_id;
  e.ends_at = ev.Text(4);
  e.org_path = ev.Text(5);
  DX_ASSIGN_OR_RETURN(Attendance after, LoadRow(*tx, e, person, ctx.now));
  DX_RETURN_IF_ERROR(AuditRow(*tx, ctx, "sign_in", e, std::nullopt, after));
  DX_RETURN_IF_ERROR(tx->Commit());
  return after;
}

Result<Rates> AttendanceService::EventRates(const Context& ctx, int64_t event_id) {
  DX_ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kRead));
  DX_ASSIGN_OR_RETURN(Event e, Readable(*tx, ctx, event_id));
  DX_ASSIGN_OR_RETURN(bool staff, ReadsAsHost(*tx, *ctx.principal, e));
  if (!staff) return MakeError(Code::kPermissionDenied, "无权查看该活动的出勤统计");
  DX_ASSIGN_OR_RETURN(storage::Rows rows, tx->Query(kEventCounts, {event_id}));
  bool ended = Ended(e, ctx.now);
  int64_t counts[6] = {0, 0, 0, 0, 0, 0};  // invited, signed, leave, makeup, absent, pending
  for (const auto& r : rows) {
    int64_t n = r.Int(2);
    std::string s = r.Text(0);
    counts[0] += n;
    if (s == "signed") counts[1] += n;
    if (s == "leave") counts[2] += n;
    if (s == "makeup") counts[3] += n;
    if (s == "absent" || (s == "invited" && ended)) counts[4] += n;
    if (s == "invited" && !ended) counts[5] += n;
  }
  return MakeRates(counts[0], counts[1], counts[2], counts[3], counts[4], counts[5]);
}

Result<Page<PersonRates>> AttendanceService::PersonRatesList(const Context& ctx,
                                                             const RatesFilter& filter) {
  DX_ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kRead));
  DX_ASSIGN_OR_RETURN(RatesPage rows, RatesRows(*tx, ctx, filter, rates_, false));
  Page<PersonRates> page{{}, rows.total, rows.next_cursor};
  for (size_t i = 0; i < rows.rows.size(); ++i) {
    const storage::Row& r = rows.rows[i];
    page.items.push_back({r.Int(0), r.Text(1), r.Text(2), rows.rates[i]});
  }
  return page;
}

Result<Page<OrgRates>> AttendanceService::OrgRatesList(const Context& ctx,
                                                       const RatesFilter& filter) {
  DX_ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kRead));
  DX_ASSIGN_OR_RETURN(RatesPage rows, RatesRows(*tx, ctx, filter, rates_, true));
  Page<OrgRates> page{{}, rows.total, rows.next_cursor};
  for (size_t i = 0; i < rows.rows.size(); ++i) {
    const storage::Row& r = rows.rows[i];
    page.items.push_back({r.Int(0), r.Text(1), rows.rates[i]});
  }
  return page;
}

Result<int64_t> SendDayBeforeReminders(storage::Database& db, TimePoint now) {
  // Tomorrow in China (UTC+8): [its midnight, the next) in UTC.
  auto china_day = std::chrono::floor<std::chrono::days>(now + std::chrono::hours(8));
  TimePoint from = china_day + std::chrono::days(1) - std::chrono::hours(8);
  TimePoint to = from + std::chrono::days(1);
  storage::Rows events;
  {
    DX_ASSIGN_OR_RETURN(auto tx, db.Begin(storage::TxMode::kRead));
    DX_ASSIGN_OR_RETURN(events, tx->Query(kReminderEvents, {FormatTime(from), FormatTime(to)}));
  }
  int64_t sent = 0;
  for (const auto& ev : events) {
    DX_ASSIGN_OR_RETURN(auto tx, db.Begin(storage::TxMode::kWrite));
    DX_ASSIGN_OR_RETURN(Event e, LoadEvent(*tx, ev.Int(0)));
    DX_ASSIGN_OR_RETURN(storage::Rows people, tx->Query(kReminderPeople, {e.id}));
    std::set<int64_t> reminded, skipped;
    for (const auto& r : people) {
      int64_t person = r.Int(0);
      if (skipped.count(person)) continue;
      if (!reminded.count(person)) {
        DX_ASSIGN_OR_RETURN(int64_t n,
                            tx->Exec(kReminderSent, {e.id, person, e.starts_at, FormatTime(now)}));
        if (n == 0) {
          skipped.insert(person);
          continue;
        }
        reminded.insert(person);
      }
      DX_RETURN_IF_ERROR(
          notifications::Notify(*tx, now,
                                {r.Int(1), "event_reminder", "明日活动提醒",
                                 "明天请参加" + EventLine(e) + "。", EventLink(e.id)}));
      ++sent;
    }
    DX_RETURN_IF_ERROR(tx->Commit());
  }
  return sent;
}

}  // namespace duxing::domain::events
