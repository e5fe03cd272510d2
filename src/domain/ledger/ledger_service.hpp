// LedgerService: ledger items (item.hpp) read, written and moved through
// their workflow under the caller's rights, with their timeline, extension
// requests and 回访 feedback.
//
// Scope and rights (server-side, every call). An item belongs to its
// responsible org (org_id):
// - whoever may write that org (org admins, branch secretaries in scope;
//   Principal::CanWrite) creates, edits, archives, accepts, returns, closes
//   (verifier rule), reopens and records feedback;
// - whoever may read the org (leaders, read-only roles) reads;
// - a member reads only items where their person is the responsible person
//   or the supervising leader, and may add progress, submit for
//   verification and request extensions on items they are responsible for;
// - the supervising leader (leader_person_id's account) decides extension
//   requests, and may return and close (verifier rule) items they supervise,
//   even without write rights on the org;
// - verifier rule: closing needs write rights on the org or being the
//   supervising leader, and the caller's person must not be the
//   responsible person (kFailedPrecondition "责任人不能验收自己的事项" on
//   "verifier").
// Outside read scope every call is kNotFound "事项不存在" (existence does not
// leak); a readable item the caller may not change is kPermissionDenied.
//
// Every write is one transaction holding the item's versioned update (a
// stale version is kConflict, nothing written: versioned_write.hpp), its
// timeline entry (who, when, from → to, text), its audit entry and its
// notifications. Invalid workflow moves are kConflict on "status" naming
// the current state (CheckMove); any write to a closed item but reopen and
// feedback is kConflict "已销号的事项不能修改"; to an archived item
// kFailedPrecondition "事项已归档".
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/clock.hpp"
#include "common/page.hpp"
#include "domain/context.hpp"
#include "domain/ledger/item.hpp"
#include "domain/list_query.hpp"
#include "domain/versioned_write.hpp"
#include "storage/database.hpp"
#include "storage/generation.hpp"

namespace duxing::domain::attachments {
class AttachmentService;
class RecordRights;
}  // namespace duxing::domain::attachments

namespace duxing::domain::ledger {

// The China date (UTC+8) of `now`, YYYY-MM-DD: what "today" means for
// deadlines and overdue.
std::string ChinaDate(TimePoint now);

// Whether `p` may read / write item `item` (see the top of this file).
bool MayRead(const auth::Principal& p, const Item& item);
bool MayWrite(const auth::Principal& p, const Item& item);
// The caller's person is the item's responsible person / supervising leader.
bool IsResponsible(const auth::Principal& p, const Item& item);
bool IsLeader(const auth::Principal& p, const Item& item);
// Everything the caller may do with `item` now (ItemView::may). `has_pending_extension`:
// an extension request awaits a decision.
May MayOf(const auth::Principal& p, const Item& item, bool has_pending_extension);

// Item `id` as `tx` sees it, whoever asks (names filled); kNotFound "事项不存在".
Result<Item> LoadItem(storage::Tx& tx, int64_t id);

// How items are read for a versioned write of the caller of `ctx` (kNotFound
// "事项不存在" outside their read scope, as MayRead) and audited (record type
// ledger_item, filed under the item's org path). `ctx` must outlive it. For
// the kinds' own versioned writes of an item (evidence, ...), with UpdateRow
// (item_rows.hpp) as their write.
VersionedRecord<Item> ItemRecord(const Context& ctx);

// A timeline entry to add inside a write (AddEntry).
struct NewEntry {
  int64_t item_id = 0;
  EntryKind kind = EntryKind::kCreated;
  std::string text;
  std::optional<ItemStatus> from_status;
  std::optional<ItemStatus> to_status;
};
// Adds `e` to the timeline inside `tx`, by the caller of `ctx` (account and
// display name; none for a job's context without a principal) at ctx.now.
// Returns the entry's id. For this module's writes and the overdue job.
Result<int64_t> AddEntry(storage::Tx& tx, const Context& ctx, const NewEntry& e);

class LedgerService {
 public:
  // `attachments`: the files of progress updates (record type ledger_item).
  LedgerService(storage::Database& db, attachments::AttachmentService& attachments);

  // A page of the items the caller may read (scope as MayRead), filtered
  // and sorted (ItemFilter). kInvalidArgument for an unknown org
  // ("org_id"), a q longer than kMaxSearch ("q"), due_within_days outside
  // 0..kMaxDueWithinDays ("due_within_days"), and the list's own refusals
  // (sort, limit, offset, cursor: list_query.hpp).
  //
  // The page may be shared (SharedPage): pages are kept in a read cache at
  // the generation of what they read (ledger items, with their extensions
  // and the overdue job's marks; orgs, people, accounts: storage/
  // generation.hpp), keyed by the query (filters and scope), the page
  // asked for, the China date of ctx.now (the rows' `overdue`) and the
  // caller's grants and person (ListViewerKey: the rows' `may` and the
  // requester fields). Callers with the same key share one page and its
  // rendering; any ledger write, the overdue job and a new China day make
  // a new one.
  Result<std::shared_ptr<const SharedPage<ItemView>>> ListShared(const Context& ctx,
                                                                 const ItemFilter& filter);
  // ListShared's page, copied.
  Result<Page<ItemView>> List(const Context& ctx, const ItemFilter& filter);
  // The SQL and values that read the ids of List's first page (plan
  // tests); empty when the filter is refused.
  std::pair<std::string, storage::Params> ListSql(const Context& ctx, const ItemFilter& filter);
  // Counts by status (and overdue) of the items the caller may read under
  // `filter` (not archived), kept like ListShared's pages (keyed by the
  // query and the China date).
  Result<Board> CountByStatus(const Context& ctx, const BoardFilter& filter);

  Result<ItemView> Get(const Context& ctx, int64_t id);

  // A new item of org item.org_id, which the caller must be able to write
  // (kNotFound on "org_id" for an org they cannot read, kPermissionDenied
  // when they read but may not write it; archived org kFailedPrecondition).
  // Status starts pending (item.status is ignored), original_deadline is
  // the deadline. Validate's errors; references must exist: the campaign
  // (readable), the responsible and leader people (kInvalidArgument on the
  // field), the source event when source_type is event. Timeline
  // "created", audited, the responsible person notified.
  Result<ItemView> Create(const Context& ctx, Item item);
  // Create inside the caller's write transaction `tx`, for a record of
  // another kind made together with its items (a meeting's problem, a
  // visit's issue, an unmet self-check point: org_life, enterprise,
  // self_check): the same rules, timeline entry, notification and audit as
  // Create; commits nothing. The new item's id.
  static Result<int64_t> CreateIn(storage::Tx& tx, const Context& ctx, Item item);
  // Versioned edit by writers (kConflict "已销号的事项不能修改" for a closed
  // item). A moved org must be writable by the caller too. A changed deadline
  // sets original_deadline when there was none. Timeline "edited" naming
  // the changed fields; audited.
  Result<ItemView> Update(const Context& ctx, int64_t id, const ItemPatch& patch);
  // Versioned archive by writers; audited (no timeline entry).
  Result<ItemView> Archive(const Context& ctx, int64_t id, int64_t version);

  // The workflow steps (CheckMove for the state), each versioned, with a
  // timeline entry holding `text` and notifications:
  // accept (writers; text optional) → responsible notified;
  // submit (the responsible person or writers; `text` = 完成情况 required,
  //   kInvalidArgument on "text") → leader and creator notified;
  // return (writers or the leader; reason required) → responsible notified;
  // close (verifier rule; verification note required; closed_at and the
  //   verifier kept) → responsible notified;
  // reopen (writers; reason required; clears closed_at, the verifier and
  //   the feedback stays) → responsible notified.
  Result<ItemView> Accept(const Context& ctx, int64_t id, int64_t version, const std::string& text);
  Result<ItemView> Submit(const Context& ctx, int64_t id, int64_t version, const std::string& text);
  Result<ItemView> Return(const Context& ctx, int64_t id, int64_t version, const std::string& text);
  Result<ItemView> Close(const Context& ctx, int64_t id, int64_t version, const std::string& text);
  Result<ItemView> Reopen(const Context& ctx, int64_t id, int64_t version, const std::string& text);
  // Any of the above by its Action.
  Result<ItemView> Act(const Context& ctx, int64_t id, int64_t version, Action action,
                       const std::string& text);

  // A progress update (进展: text 1..kMaxProgressText, at most
  // kMaxProgressAttachments files) by the responsible person or writers on
  // an item not closed (kConflict) and not pending (kConflict: accept it
  // first). Each attachment id must be an attachment of this item (record
  // type ledger_item) not on another entry, or a pending upload of the
  // caller, which is attached to the item here (kInvalidArgument on
  // "attachment_ids" otherwise). No version needed; bumps the item's
  // version, only while its status is still the one read (else kConflict
  // StaleVersion: it was closed meanwhile). Audited ("progress") with the
  // timeline entry, returned.
  Result<Entry> AddProgress(const Context& ctx, int64_t id, const std::string& text,
                            const std::vector<int64_t>& attachment_ids);
  // The item's timeline, oldest first, with each entry's files.
  Result<std::vector<Entry>> Timeline(const Context& ctx, int64_t id);

  // An extension request (申请延期) by the responsible person or writers on
  // an open item: reason 1..kMaxReason, new_deadline a date not before
  // today and after the current deadline (kInvalidArgument on the field);
  // one pending request at a time (kConflict). Bumps the item's version;
  // timeline "extension_requested"; audited; the leader notified (an item
  // without a supervising leader: kFailedPrecondition on
  // "leader_person_id").
  Result<Extension> RequestExtension(const Context& ctx, int64_t item_id, const std::string& reason,
                                     const std::string& new_deadline);
  // Decides a pending request: only the item's supervising leader
  // (kPermissionDenied for other readers; kNotFound outside scope), never
  // its responsible person (kFailedPrecondition on "verifier", as closing);
  // a decided one is kConflict, so is one of a closed item (kConflict
  // "已销号的事项不能修改"). Approval moves the deadline (original kept)
  // and clears overdue_since and escalated_at when the new date is not
  // past. Timeline "extension_decided"; audited; the requester notified.
  Result<Extension> DecideExtension(const Context& ctx, int64_t extension_id, bool approve,
                                    const std::string& note);
  // The item's extension requests, newest first.
  Result<std::vector<Extension>> Extensions(const Context& ctx, int64_t item_id);

  // 回访: the requester's satisfaction with a closed concern (kind concern,
  // else kFailedPrecondition on "kind"; not closed: kConflict), recorded
  // apart from the status by writers, versioned. With `reopen` (only with
  // unsatisfied: kInvalidArgument on "reopen") the item also goes back to
  // in_progress (timeline "reopened" after "feedback"; the responsible
  // notified).
  Result<ItemView> Feedback(const Context& ctx, int64_t id, int64_t version,
                            Satisfaction satisfaction, const std::string& note, bool reopen);

  // Inserts `item` (validated by the caller, org_path set) inside `tx`
  // with its "created" timeline entry, audited as `ctx` says; returns its
  // id. For the demo data, imports and tests.
  static Result<int64_t> Insert(storage::Tx& tx, const Context& ctx, const Item& item);

 private:
  storage::Database& db_;
  attachments::AttachmentService& attachments_;
  ListQuery list_;
  // ListShared's pages and CountByStatus's boards (storage/generation.hpp).
  storage::GenerationCache<std::shared_ptr<const SharedPage<ItemView>>> pages_;
  storage::GenerationCache<Board> boards_;
};

// What ListShared's page depends on of the caller beyond the query's scope:
// their person and every grant (role and org path), so that two callers
// share a page only when every row's `may` and requester fields are the
// same for both.
std::string ListViewerKey(const auth::Principal& p);

// What a cached page costs in memory: its items (each ItemView and the text
// it holds) and the serialized answer kept beside it (SharedPage::Rendered),
// estimated as the same text plus the JSON keys of one item.
size_t CachedItemPageBytes(const std::shared_ptr<const SharedPage<ItemView>>& page);

// Declares record type ledger_item with the attachments module: the item's
// readers read its files, those who may add progress (responsible person,
// writers) attach and remove them while the item is open (a closed item:
// kConflict "已销号的事项不能修改"; archived: kFailedPrecondition).
void DeclareItemAttachments(attachments::RecordRights& rights);

}  // namespace duxing::domain::ledger
