// 我为群众办实事 (issue 9, kind 2): forums (恳谈会) held in communities and
// villages are events of type `forum` whose `outside_count` is the residents
// taking part; the concerns raised there are ledger items of kind `concern`
// (source_type `event`, source_id the forum), with the requester's name and
// contact or anonymous; practical projects (民生项目清单) are items of kind
// `project` (area, measures, target, class, deadline). The figures the
// speech gives (恳谈会 61 次, 参与群众 322 人, 收集问题 32 个, 办成实事 17 件)
// are counted from these records.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/clock.hpp"
#include "common/result.hpp"
#include "domain/context.hpp"
#include "domain/ledger/item.hpp"
#include "storage/database.hpp"

namespace duxing::domain::ledger {

// The rules of kinds 1 and 2's own fields, beside Validate (item.hpp),
// which calls it: plan_part and plan_action only on plan tasks,
// project_area only on projects (kInvalidArgument on the field).
Status ValidateKindFields(const Item& item);

// A concern raised at an event was raised at a forum (恳谈会) of the item's
// campaign: kInvalidArgument on "source_id" otherwise. Other kinds and
// concerns without an event pass. For the create and edit checks
// (LedgerService), inside their transaction.
Status CheckConcernSource(storage::Tx& tx, const Item& item);

// The speech's figures of one campaign.
struct ServingFigures {
  int64_t forums_held = 0;            // published forum events started by now
  int64_t residents_taking_part = 0;  // the sum of their outside_count
  int64_t concerns_collected = 0;     // concern items (not archived)
  int64_t concerns_resolved = 0;      // of them closed (已销号)
  int64_t projects_done = 0;          // project items closed
  int64_t projects_total = 0;         // project items (not archived)
};

// Counts the figures of campaign `campaign_id` inside `tx`: forums by their
// organizer's org path, items by their responsible org's path, both within
// the subtrees `scope` (nullopt: everything; an empty list: nothing).
// Archived and cancelled records are not counted.
Result<ServingFigures> CountServingFigures(storage::Tx& tx, int64_t campaign_id,
                                           const std::optional<std::vector<std::string>>& scope,
                                           TimePoint now);

// Signed-in reads of the figures.
class ServingService {
 public:
  explicit ServingService(storage::Database& db) : db_(db) {}

  // The figures of campaign `campaign_id` over what the caller reads (its
  // read scope's subtrees; a system admin everything). kNotFound on
  // "campaign_id" for a campaign the caller may not read; a caller who reads
  // no organization (a member) is kPermissionDenied: the campaign's whole
  // figures are on the public page (public_page.hpp).
  Result<ServingFigures> Figures(const Context& ctx, int64_t campaign_id);

 private:
  storage::Database& db_;
};

}  // namespace duxing::domain::ledger
