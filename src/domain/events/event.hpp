// Events (活动): the one primitive of every gathering of a campaign (study
// sessions, lectures, broadcasts watched together, themed party days, red
// films, visits, 三会一课, volunteer services, forums), typed by event types
// that are data, each in a category.
//
// Scope: an event belongs to its organizing org. Whoever may write that org
// (org admins and branch secretaries in scope) writes the event; whoever may
// read the organizer or a co-organizer reads it, and so does every invitee
// (attendance.hpp). Outside that it is kNotFound. Event types and red-resource
// sites are shared reference data (like communities): every signed-in caller
// reads them, org admins and system admins keep them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.hpp"
#include "common/page.hpp"
#include "domain/coded.hpp"
#include "domain/context.hpp"
#include "domain/list_query.hpp"
#include "domain/module.hpp"
#include "storage/database.hpp"

namespace duxing::domain::events {

// What the events module declares (domain/module.hpp); in module.cpp.
const ModuleInfo& Info();

enum class Category { kStudy, kPublicity, kOrgLife, kPractice, kVolunteer };
inline const CodedEnum<Category> kCategoryCodes = {
    {Category::kStudy, {"study", "学习"}},
    {Category::kPublicity, {"publicity", "宣传"}},
    {Category::kOrgLife, {"org_life", "组织生活"}},
    {Category::kPractice, {"practice", "实践"}},
    {Category::kVolunteer, {"volunteer", "志愿服务"}}};

// 草稿 → 已发布 (invitations sent) → 已取消; a draft may be cancelled too.
enum class EventStatus { kDraft, kPublished, kCancelled };
inline const CodedEnum<EventStatus> kEventStatusCodes = {
    {EventStatus::kDraft, {"draft", "草稿"}},
    {EventStatus::kPublished, {"published", "已发布"}},
    {EventStatus::kCancelled, {"cancelled", "已取消"}}};
// Whether an event may go from `from` to `to` (staying is allowed).
bool MayMove(EventStatus from, EventStatus to);

enum class Recurrence { kWeekly, kMonthly };
inline const CodedEnum<Recurrence> kRecurrenceCodes = {{Recurrence::kWeekly, {"weekly", "每周"}},
                                                       {Recurrence::kMonthly, {"monthly", "每月"}}};

// Bounds of an event's fields.
inline constexpr size_t kMaxTitle = 100;
inline constexpr size_t kMaxPlace = 200;
inline constexpr size_t kMaxSummary = 5000;
inline constexpr size_t kMaxCancelReason = 200;
inline constexpr size_t kMaxSpeakers = 20;
inline constexpr size_t kMaxSpeakerName = 50;
inline constexpr size_t kMaxSpeakerTitle = 100;
inline constexpr size_t kMaxOrgs = 50;  // co-organizers, target orgs
inline constexpr size_t kMaxMaterials = 50;
inline constexpr int64_t kMaxOutsideCount = 100000;
inline constexpr int kMaxOccurrences = 60;  // of one recurring series
inline constexpr size_t kMaxTypeName = 30;
inline constexpr size_t kMaxSiteName = 100;
inline constexpr size_t kMaxSiteText = 500;
// An event lasts at most this long; a sign-in window lies within a day of it.
inline constexpr std::chrono::hours kMaxDuration{24 * 31};
inline constexpr std::chrono::hours kWindowSlack{24};
// The default sign-in window opens this long before the start.
inline constexpr std::chrono::minutes kDefaultWindowLead{30};
// A calendar query covers at most this many days and answers at most
// kMaxCalendarEvents events.
inline constexpr int kMaxCalendarDays = 62;
inline constexpr size_t kMaxCalendarEvents = 2000;

struct EventType {
  int64_t id = 0;
  std::optional<std::string> code;  // seeded types: "party_lecture", ...
  std::string name;
  Category category = Category::kStudy;
  int64_t sort_order = 0;
  bool archived = false;
  int64_t version = 1;
};

struct RedSite {
  int64_t id = 0;
  std::string name;
  std::string address;
  std::string description;
  bool archived = false;
  int64_t version = 1;
};

// A speaker: a person of the system (person_id; name filled on read) or an
// outside name and title (a party-school professor).
struct Speaker {
  std::optional<int64_t> person_id;
  std::string name;
  std::string title;
};

struct Event {
  int64_t id = 0;
  std::string title;
  int64_t type_id = 0;
  std::string type_name;                 // filled on read
  Category category = Category::kStudy;  // the type's, filled on write
  std::optional<int64_t> campaign_id;
  std::string starts_at;  // ISO 8601 UTC, "2021-03-25T01:30:00Z"
  std::string ends_at;
  std::string place;
  std::optional<int64_t> site_id;
  std::string site_name;  // filled on read
  std::optional<int64_t> community_id;
  int64_t org_id = 0;               // organizer
  std::string org_name;             // filled on read
  std::string org_path;             // filled on read
  std::vector<int64_t> co_org_ids;  // co-organizers (联合举办), in id order
  std::vector<Speaker> speakers;
  std::vector<int64_t> target_org_ids;         // each with its subtree
  std::vector<std::string> target_categories;  // person categories; empty: all
  std::optional<int64_t> document_id;          // 文件 (documents module)
  std::optional<int64_t> document_activity_id;
  std::vector<int64_t> material_ids;  // study materials
  std::string summary;
  int64_t outside_count = 0;     // residents, family members not in the system
  std::string signin_opens_at;   // default: starts_at - kDefaultWindowLead
  std::string signin_closes_at;  // default: ends_at
  std::optional<int64_t> series_id;
  EventStatus status = EventStatus::kDraft;
  std::string cancel_reason;  // why it was cancelled (Cancel)
  bool archived = false;
  int64_t version = 1;
  std::string created_at;
};

// Checks an event's own fields, the first broken rule as kInvalidArgument on
// its field: title 1..kMaxTitle characters of one line; times well-formed
// with ends_at >= starts_at ("ends_at") within kMaxDuration; the sign-in
// window opens no later than it closes and lies within kWindowSlack of the
// event; place, summary, speakers (a person or a name, each name and title
// within bounds), the counts of orgs, categories (person category codes) and
// materials, outside_count 0..kMaxOutsideCount. Times are rewritten in the
// canonical form (FormatTime), the window filled when empty.
Status Validate(Event& e);

// How a recurring event repeats: weekly or monthly (same day of the month;
// months without that day are skipped) from its start up to `until`
// (YYYY-MM-DD, inclusive), at most kMaxOccurrences occurrences.
struct RecurrenceRule {
  Recurrence rule = Recurrence::kWeekly;
  std::string until;
};
// The start times of the occurrences of an event starting at `first`;
// kInvalidArgument on "recurrence.until" for a bad date, one before the
// first start, or more than kMaxOccurrences occurrences.
Result<std::vector<TimePoint>> Occurrences(TimePoint first, const RecurrenceRule& rule);

struct EventPatch {
  int64_t version = 0;
  std::optional<std::string> title;
  std::optional<int64_t> type_id;
  std::optional<std::optional<int64_t>> campaign_id;
  std::optional<std::string> starts_at;
  std::optional<std::string> ends_at;
  std::optional<std::string> place;
  std::optional<std::optional<int64_t>> site_id;
  std::optional<std::optional<int64_t>> community_id;
  std::optional<std::vector<int64_t>> co_org_ids;
  std::optional<std::vector<Speaker>> speakers;
  std::optional<std::vector<int64_t>> target_org_ids;
  std::optional<std::vector<std::string>> target_categories;
  std::optional<std::optional<int64_t>> document_id;
  std::optional<std::optional<int64_t>> document_activity_id;
  std::optional<std::vector<int64_t>> material_ids;
  std::optional<std::string> summary;
  std::optional<int64_t> outside_count;
  std::optional<std::string> signin_opens_at;
  std::optional<std::string> signin_closes_at;
  // MayMove; published sends invitations; cancelled only through Cancel
  // (kInvalidArgument on "status": a cancellation needs a reason).
  std::optional<EventStatus> status;
  // Apply to this occurrence and every later one of its series (not to
  // times: kInvalidArgument on "scope").
  bool whole_series = false;
};

struct EventFilter {
  std::optional<int64_t> campaign_id;
  std::optional<int64_t> type_id;
  std::optional<Category> category;
  std::optional<int64_t> org_id;    // organizer in this org's subtree
  std::optional<std::string> from;  // events ending at or after (date or time)
  std::optional<std::string> to;    // events starting before
  std::optional<EventStatus> status;
  std::optional<int64_t> series_id;
  std::optional<int64_t> material_id;  // events using this study material
  bool mine = false;  // only events the caller is invited to
  bool include_archived = false;
  std::string sort;  // "starts_at" (default), "-starts_at", "created_at", ...
  PageRequest page;
};

class EventTypeService {
 public:
  explicit EventTypeService(storage::Database& db) : db_(db) {}
  // Every type (archived ones only with include_archived), by sort order.
  Result<std::vector<EventType>> List(const Context& ctx, bool include_archived);
  // Org admins and system admins (kPermissionDenied otherwise); name 1..
  // kMaxTypeName of one line, unique (kAlreadyExists on "name"). Audited.
  Result<EventType> Create(const Context& ctx, const EventType& t);
  // Versioned edit of name, category, sort order, archived. Audited.
  Result<EventType> Update(const Context& ctx, int64_t id, int64_t version,
                           std::optional<std::string> name, std::optional<Category> category,
                           std::optional<int64_t> sort_order, std::optional<bool> archived);

 private:
  storage::Database& db_;
};

class RedSiteService {
 public:
  explicit RedSiteService(storage::Database& db) : db_(db) {}
  Result<std::vector<RedSite>> List(const Context& ctx, bool include_archived);
  // As EventTypeService::Create: org admins, unique name, audited.
  Result<RedSite> Create(const Context& ctx, const RedSite& s);
  Result<RedSite> Update(const Context& ctx, int64_t id, int64_t version,
                         std::optional<std::string> name, std::optional<std::string> address,
                         std::optional<std::string> description, std::optional<bool> archived);

 private:
  storage::Database& db_;
};

class EventService {
 public:
  explicit EventService(storage::Database& db);

  // A page of the events the caller may read, filtered (see EventFilter).
  Result<Page<Event>> List(const Context& ctx, const EventFilter& filter);
  // Every event the caller may read that overlaps [from, to) (dates
  // YYYY-MM-DD, at most kMaxCalendarDays apart), by start; filters as List
  // (paging ignored). kInvalidArgument on "from"/"to" for bad or too wide
  // ranges, kFailedPrecondition past kMaxCalendarEvents.
  Result<std::vector<Event>> Calendar(const Context& ctx, const EventFilter& filter);
  Result<Event> Get(const Context& ctx, int64_t id);
  // The SQL and values that read the ids of List's first page (plan tests);
  // empty when the filter is refused.
  std::pair<std::string, storage::Params> ListSql(const Context& ctx, const EventFilter& filter);
  // A new event (draft or published) of org e.org_id, which the caller must
  // be able to write: kNotFound on "org_id" for an org they cannot read,
  // kPermissionDenied when they read but may not write it (a branch
  // secretary for another branch). References (type, campaign, site,
  // community, co-organizers, target orgs within the hosts' subtrees,
  // speakers' people) must exist: kInvalidArgument on the field. Each
  // co-organizer and target org must be one the caller may write
  // (kPermissionDenied on "co_org_ids" / "target_org_ids": a branch
  // secretary names only orgs of their subtree); on an edit, orgs the event
  // named already stay without that check. The invited list is made from the targets (AttendanceService); published:
  // each invitee with an account is notified. With `recurrence`, one event
  // per occurrence in one series, all in one transaction; the first is
  // returned. Audited (one create per event).
  Result<Event> Create(const Context& ctx, Event e,
                       const std::optional<RecurrenceRule>& recurrence = std::nullopt);
  // Versioned edit (see EventPatch). An archived or cancelled event is
  // kFailedPrecondition. Changed targets add the newly matching people to
  // the invited list and drop the ones no longer matching who are still
  // only invited. Audited per event written.
  Result<Event> Update(const Context& ctx, int64_t id, const EventPatch& p);
  Result<Event> Archive(const Context& ctx, int64_t id, int64_t version);
  // Cancels a draft or published event (已取消) with a reason (1..
  // kMaxCancelReason characters of one line, kInvalidArgument on "reason"),
  // by its writers; versioned and audited ("cancel"). An archived or
  // cancelled event is kFailedPrecondition, and so is one that has started
  // (its start time passed) or has any sign-in (a held event stays in the
  // record). The invitees of a published event who have an account are
  // notified with the reason; sign-in, leave and 补学 are refused from then
  // on.
  Result<Event> Cancel(const Context& ctx, int64_t id, int64_t version, const std::string& reason);

  // For the demo and tests: inserts `e` (validated by the caller) inside
  // `tx` with its children and invited list, audited as `ctx` says.
  static Result<int64_t> Insert(storage::Tx& tx, const Context& ctx, const Event& e);
  // As Insert for every occurrence of `e` (validated, org_path set) under
  // `recurrence` (a series row written first; its id on each occurrence) or
  // for `e` alone without one. Returns the ids by start; audits nothing.
  // kInvalidArgument on "recurrence.until" as Occurrences.
  static Result<std::vector<int64_t>> InsertOccurrences(
      storage::Tx& tx, const Context& ctx, Event e,
      const std::optional<RecurrenceRule>& recurrence);

 private:
  storage::Database& db_;
  ListQuery list_;
};

// The event `id` with its children as `tx` sees it, whoever asks; kNotFound
// when there is none. For the services of this module.
Result<Event> LoadEvent(storage::Tx& tx, int64_t id);
// Whether the caller may read / write event `e` (read: organizer or a
// co-organizer in read scope, or invited).
Result<bool> MayReadEvent(storage::Tx& tx, const auth::Principal& p, const Event& e);
bool MayWriteEvent(const auth::Principal& p, const Event& e);
// Whether `p` may read event `e` as staff of one of its hosts (organizer or
// co-organizer in read scope), not only as an invitee.
Result<bool> ReadsAsHost(storage::Tx& tx, const auth::Principal& p, const Event& e);
// Whether `p` may write one of its hosts (shows the sign-in code).
Result<bool> WritesAHost(storage::Tx& tx, const auth::Principal& p, const Event& e);

}  // namespace duxing::domain::events
