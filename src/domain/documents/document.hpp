// Documents (文件) of a campaign: title, number (文号: 5号文), issuing body,
// date, summary, attached files (the attachments service, record type
// "document") and the activities the document planned (an ordered list:
// title, planned period, the responsible working group or org). An event
// links to the document and one of its activities (events.document_id,
// events.document_activity_id; the events module checks the link with
// ValidateActivityLink), so a document shows what it planned against what
// was held.
//
// Scope: the campaign's (campaigns::CampaignService::LoadScope): everyone
// who may read the campaign reads its documents; those who administer its
// organizing org write them; outside that, kNotFound.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/page.hpp"
#include "domain/context.hpp"
#include "domain/module.hpp"
#include "storage/database.hpp"

namespace duxing::domain::documents {

// What the documents module declares (domain/module.hpp); in module.cpp.
const ModuleInfo& Info();

inline constexpr const char* kDocumentRecordType = "document";

// Bounds of the fields.
inline constexpr size_t kMaxTitle = 200;
inline constexpr size_t kMaxNumber = 50;
inline constexpr size_t kMaxIssuer = 100;
inline constexpr size_t kMaxSummary = 2000;
inline constexpr size_t kMaxActivities = 100;
inline constexpr size_t kMaxActivityTitle = 200;

// An event that carried out a planned activity (read from the events
// module's table).
struct HeldEvent {
  int64_t id = 0;
  std::string title;
  std::string start;  // as the event stores it
};

struct Activity {
  int64_t id = 0;  // 0 for a new one on a write
  std::string title;
  std::string planned_start;  // YYYY-MM-DD
  std::string planned_end;
  std::optional<int64_t> group_id;  // a working group of the campaign
  std::string group_name;           // filled on read
  std::optional<int64_t> org_id;    // a responsible org the caller reads
  std::string org_name;             // filled on read
  std::vector<HeldEvent> held;      // on Get: the events linked to it
};

struct Document {
  int64_t id = 0;
  int64_t campaign_id = 0;
  std::string title;
  std::string number;     // 文号, may be empty
  std::string issuer;     // 发文机关
  std::string issued_on;  // YYYY-MM-DD
  std::string summary;
  bool archived = false;
  int64_t version = 1;
  int64_t activity_count = 0;        // on every read
  int64_t held_activity_count = 0;   // activities with at least one event
  std::vector<Activity> activities;  // on Get and writes, in order
  bool may_write = false;            // on Get: the caller may edit it
};

struct DocumentPatch {
  int64_t version = 0;
  std::optional<std::string> title;
  std::optional<std::string> number;
  std::optional<std::string> issuer;
  std::optional<std::string> issued_on;
  std::optional<std::string> summary;
  // The whole list, in order: an entry with an id keeps that activity (its
  // id must be one of this document's), one without adds one; activities
  // left out are archived (events may link to them).
  std::optional<std::vector<Activity>> activities;
};

struct DocumentFilter {
  int64_t campaign_id = 0;
  std::optional<std::string> q;  // part of the title or number
  bool include_archived = false;
  std::string sort;  // "issued_on" (default), "title"; "-" + either: descending
  PageRequest page;
};

// Checks a document's own fields and its activities' (title, number,
// issuer, date, summary; each activity titled with a valid period, start <=
// end, at most kMaxActivities, ids not repeated). kInvalidArgument on the
// field ("activities[2].planned_end").
Status Validate(const Document& d);

class DocumentService {
 public:
  explicit DocumentService(storage::Database& db) : db_(db) {}

  // The documents of a campaign the caller reads (kNotFound on
  // "campaign_id" otherwise), paged by ListQuery, each with its activity
  // counts but not its activities.
  Result<Page<Document>> List(const Context& ctx, const DocumentFilter& filter);
  // The SQL that reads a first page's ids of List(f) and its values (the
  // list's plan test: a page is read in order from an index).
  static std::pair<std::string, storage::Params> ListSql(const DocumentFilter& f);
  // One document with its activities and, for each, the events that held it.
  Result<Document> Get(const Context& ctx, int64_t id);
  // A new document of campaign d.campaign_id, which the caller must
  // administer (kPermissionDenied; kNotFound when they cannot read it;
  // kFailedPrecondition when archived). Validate's errors; an activity's
  // group that is not a working group of the campaign: kInvalidArgument on
  // "activities[i].group_id"; an org that does not exist or that the caller
  // does not read: kNotFound on "activities[i].org_id". Audited.
  Result<Document> Create(const Context& ctx, const Document& d);
  // Versioned edit, with Create's rules; an activity id not of this
  // document: kInvalidArgument on "activities[i].id". Audited.
  Result<Document> Update(const Context& ctx, int64_t id, const DocumentPatch& p);
  Result<Document> Archive(const Context& ctx, int64_t id, int64_t version);

  // For the events module, inside its write transaction (its
  // CheckReferences): Ok when document `document_id` exists, is not
  // archived, belongs to a campaign `who` may read and, when the event has
  // a campaign (`campaign_id`), to that one; and `activity_id`, when given,
  // is one of its activities, not archived. Otherwise kInvalidArgument on
  // "document_id" ("文件不存在或不属于本次学习教育活动") or
  // "document_activity_id" ("计划活动不属于该文件"). An activity without a
  // document is kInvalidArgument on "document_id".
  static Status ValidateActivityLink(storage::Tx& tx, const auth::Principal& who,
                                     std::optional<int64_t> campaign_id,
                                     std::optional<int64_t> document_id,
                                     std::optional<int64_t> activity_id);

  // Demo data: inserts `d` with its activities inside `tx` without scope
  // checks (the caller has validated), audited as `ctx`'s; returns its id.
  static Result<int64_t> Insert(storage::Tx& tx, const Context& ctx, const Document& d);
  // The audit entry ("create", as `ctx`'s, under the campaign's org) of
  // document `id` written by Insert.
  static Status AuditInserted(storage::Tx& tx, const Context& ctx, int64_t id);

 private:
  storage::Database& db_;
};

}  // namespace duxing::domain::documents
