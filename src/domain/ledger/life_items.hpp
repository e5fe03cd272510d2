// What the ledger's kinds 3-5 (org_life, enterprise, self_check) share: the
// ledger items they make from the problems they record, made through the
// ledger's one create path inside their own write transaction, and the short
// form in which their pages show those items.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "domain/context.hpp"
#include "storage/database.hpp"

namespace duxing::domain::ledger {

// An item as a meeting's, visit's or check's page lists it.
struct ItemBrief {
  int64_t id = 0;
  std::string kind;
  std::string title;
  std::string status;  // ledger_status code
  std::string status_label;
  std::optional<std::string> deadline;
  std::optional<int64_t> responsible_person_id;
  std::string responsible_name;
  int64_t org_id = 0;
  std::string org_name;
};

// Who does an item a kind makes and by when (each optional): 责任人, 责任领导,
// 时限 (YYYY-MM-DD), class (ledger_class code).
struct ItemAssignment {
  std::optional<int64_t> responsible_person_id;
  std::optional<int64_t> leader_person_id;
  std::optional<std::string> deadline;
  std::optional<std::string> item_class;
};

// The fields of an item a kind makes (the rest take the ledger's defaults:
// status pending, no class unless given).
struct ItemRequest {
  std::string kind;  // rectification | enterprise_issue | self_check
  std::optional<int64_t> campaign_id;
  std::string title;
  std::string description;
  std::string measures;
  std::string source_type;  // event | check
  int64_t source_id = 0;    // the event (kept for events only)
  std::string source_text;
  int64_t org_id = 0;
  ItemAssignment assign;
};

// Bounds of the fields a kind's create request carries.
inline constexpr size_t kMaxItemTitle = 200;
inline constexpr size_t kMaxItemText = 2000;

// Makes the item inside `tx` through the ledger's create path
// (LedgerService::CreateIn: fields, references, the caller writing the
// item's org, timeline entry `created`, notification, audit), as `ctx`'s
// caller, without committing; its id. The caller has checked its own rights
// on the record the item comes from. kInvalidArgument on "item_class" for
// an unknown class, and CreateIn's refusals.
Result<int64_t> CreateItemIn(storage::Tx& tx, const Context& ctx, const ItemRequest& request);

// For the demo (no caller): the item inserted inside `tx` as made by nobody,
// pending, with its "created" timeline entry; the request's rules are the
// demo's to keep (Validate's errors as they come).
Result<int64_t> InsertDemoItem(storage::Tx& tx, const Context& ctx, const ItemRequest& request);

// For the demo: moves item `item_id` (pending, made by CreateItemIn) `steps`
// steps along the workflow inside `tx` (1: accepted, 2: submitted for
// verification, 3: closed by a verifier), each step with its timeline entry:
// the first at ctx.now, each next one `apart` later (the caller keeps the
// last one in the past).
Status MoveDemoItem(storage::Tx& tx, const Context& ctx, int64_t item_id, int steps,
                    std::chrono::days apart);

// The items whose ids are `ids`, in that order (ids not found are skipped),
// only those `reader` may read (ItemReadScope) when given: a visit's issue
// or a check's item routed (改派) to an org the reader does not read is not
// theirs to see. Without a reader, all (the org-life meeting page: its
// attendees discussed every member's problems and measures together).
Result<std::vector<ItemBrief>> LoadItemBriefs(storage::Tx& tx, const std::vector<int64_t>& ids,
                                              const auth::Principal* reader);

// The items of `kind` made from each of the sources (`source_type`,
// `source_ids`) that `reader` may read, in one query, by source id, each
// source's items by id; a source without such items has no entry.
Result<std::map<int64_t, std::vector<ItemBrief>>> LoadSourceItems(
    storage::Tx& tx, const auth::Principal& reader, const std::string& kind,
    const std::string& source_type, const std::vector<int64_t>& source_ids);

}  // namespace duxing::domain::ledger
