// Overdue ledger items and their escalation (逾期与督办): the daily job
// `ledger_overdue` and the overdue counts per organization and per leader.
//
// An item is overdue while it is not closed, not archived and its deadline
// (a China date) is before today's China date. The job marks each such item
// once per overdue spell (`overdue_since`, timeline entry `overdue`) and
// notifies its responsible person's and supervising leader's accounts (one
// notice per account and batch, naming the item or counting several); after
// `escalate_after_days` days marked (counted in China dates) it escalates the
// item (督办: `escalated_at`, entry `escalated`) and notifies the org admins
// nearest above the item's org. A spell ends when the item leaves that state
// (closed, or an approved extension clears `overdue_since`): the next time the
// item is past its deadline it is marked and notified again.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/clock.hpp"
#include "common/result.hpp"
#include "domain/context.hpp"
#include "storage/database.hpp"
#include "storage/generation.hpp"

namespace duxing::domain::ledger {

// The job's kind and its schedule's name (daily, 08:00 China time).
inline constexpr const char* kOverdueJobKind = "ledger_overdue";
// Notification kinds of the job.
inline constexpr const char* kOverdueNotice = "ledger_overdue";
inline constexpr const char* kEscalatedNotice = "ledger_escalated";

inline constexpr int kDefaultEscalateAfterDays = 3;
inline constexpr int kMaxEscalateAfterDays = 365;
// Items written per transaction by RunOverduePass at most: a first pass over
// a large imported ledger (70,000 items overdue of 200,000: bench/ledger.sh)
// takes one transaction (each SQLite commit syncs the disk) and one notice
// per account, and a batch's rows (id, title, deadline and two ids each)
// stay a few tens of MB in memory.
inline constexpr int kOverdueBatch = 100000;

struct OverdueOptions {
  // Days an item stays marked overdue before it is escalated: marked on China
  // date d, escalated by the first pass on d + escalate_after_days or later
  // (0: by the pass that marks it). 0..kMaxEscalateAfterDays.
  int escalate_after_days = kDefaultEscalateAfterDays;
  // Items written per transaction (1..kOverdueBatch; tests take fewer).
  int batch = kOverdueBatch;
};

// kInvalidArgument (field "escalate_after_days") outside 0..kMaxEscalateAfterDays,
// ("batch") outside 1..kOverdueBatch.
Status CheckOverdueOptions(const OverdueOptions& options);

// What one pass did.
struct OverduePass {
  int64_t marked = 0;     // items that became overdue
  int64_t escalated = 0;  // items escalated
  int64_t notified = 0;   // notifications written
};

// One pass of the job at `now`: marks every item overdue as of now's China
// date that is not marked yet, then escalates every marked item whose time
// has come (see OverdueOptions), each in write transactions of at most
// OverdueOptions::batch items that write the items, their timeline entries and the
// notices together: one notice per account a batch concerns, naming its item
// (linked) or counting its items and naming the first (linked to the list).
// Set-based: a batch is one UPDATE over the partial index (its RETURNING
// rows make the notices) and one INSERT ... SELECT of the timeline entries
// per storage::kMaxBatchValues items. Each item is marked and escalated at
// most once per spell however often, and in however many processes, the
// pass runs: the update that marks it is its only gate (`overdue_since IS
// NULL`, re-checked under the row's lock on PostgreSQL; SQLite has one
// writer). Marking and escalating bump the item's version, as any write of
// its row: an edit form opened before is stale (409), never a write that
// clears the mark. Notifies accounts that are enabled; an item without a
// responsible person, leader or reachable admin is still marked. Bumps the
// change counter of ledger items in every batch that changed some (the list
// caches key on it).
Result<OverduePass> RunOverduePass(storage::Database& db, TimePoint now,
                                   const OverdueOptions& options);

// --- Overdue counts (GET /ledger/overdue/by-org, /by-leader) ---

struct OverdueFilter {
  std::optional<int64_t> campaign_id;
  std::optional<std::string> kind;  // a ledger_kind code (checked by the caller)
};

// Overdue items of one organization (the item's responsible org).
struct OrgOverdue {
  int64_t org_id = 0;
  std::string org_name;
  std::string org_path;
  int64_t overdue = 0;    // overdue now
  int64_t escalated = 0;  // of those, escalated
  std::string oldest_deadline;
};

// Overdue items of one supervising leader, or (no leader_person_id) of
// those without one, named kNoLeaderName.
struct LeaderOverdue {
  std::optional<int64_t> leader_person_id;
  std::string leader_name;
  int64_t overdue = 0;
  int64_t escalated = 0;
  std::string oldest_deadline;
};

// The row of the overdue items without a supervising leader.
inline constexpr const char* kNoLeaderName = "未定责任领导";

inline constexpr int kMaxOverdueRows = 1000;
// The byte budget of each of OverdueService's caches.
inline constexpr size_t kCountsCacheBytes = size_t{4} << 20;

// Reads the overdue counts in the caller's reach: staff read the items of
// the orgs they may read, a member only those they are responsible for or
// lead (as every ledger read). Rows with most overdue first, then by name
// (ByLeader: the items without a leader in one row, after the leaders with
// as many); at most kMaxOverdueRows. kUnauthenticated without a principal. The rows
// of a query (scope, filters, China date) are kept at the generation of
// ledger items, orgs and people (storage/generation.hpp): any ledger write
// and the overdue job count them anew. Thread-safe.
class OverdueService {
 public:
  explicit OverdueService(storage::Database& db);

  Result<std::vector<OrgOverdue>> ByOrg(const Context& ctx, const OverdueFilter& filter);
  Result<std::vector<LeaderOverdue>> ByLeader(const Context& ctx, const OverdueFilter& filter);

 private:
  storage::Database& db_;
  storage::GenerationCache<std::vector<OrgOverdue>> by_org_;
  storage::GenerationCache<std::vector<LeaderOverdue>> by_leader_;
};

}  // namespace duxing::domain::ledger
