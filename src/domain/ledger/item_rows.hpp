// How ledger items are read from and written to their tables: shared by the
// services of the ledger module (ledger_service.cpp, the overdue job, the
// export and the demo).
#pragma once

#include <string_view>
#include <vector>

#include "common/clock.hpp"
#include "domain/audit/audit_log.hpp"
#include "domain/context.hpp"
#include "domain/ledger/item.hpp"
#include "domain/list_query.hpp"
#include "domain/record_columns.hpp"
#include "storage/database.hpp"
#include "storage/where.hpp"

namespace duxing::domain::ledger {

// The columns of an item row, each with the field it fills (the names
// filled on read included), and the joins they need (kItemFrom). The list
// (ItemListSpec) selects one more after them, at ItemColumns().size():
// whether an extension request awaits a decision.
const RecordColumns<Item>& ItemColumns();
inline constexpr std::string_view kItemFrom =
    "FROM ledger_items i JOIN orgs o ON o.id = i.org_id "
    "LEFT JOIN people rp ON rp.id = i.responsible_person_id "
    "LEFT JOIN people lp ON lp.id = i.leader_person_id "
    "LEFT JOIN people cp ON cp.id = i.closed_by_person_id "
    "LEFT JOIN accounts ca ON ca.id = i.closed_by_account_id";

// An item row (ItemColumns()).
Item ItemFromRow(const storage::Row& r);
// The audit snapshot of an item.
audit::Snapshot Snap(const Item& item);
// Inserts `item` as it is (status, closure, feedback included; org_path
// set by the caller) at ctx.now, created by ctx's account; returns its id.
Result<int64_t> InsertRow(storage::Tx& tx, const Context& ctx, const Item& item);
// Writes every field of `item` where its version is still `version`,
// bumping it; returns the rows changed (0: another write took the version).
Result<int64_t> UpdateRow(storage::Tx& tx, const Item& item, TimePoint now, int64_t version);

// The item list: "open" (the default) puts open items first by deadline
// (overdue first, then the nearest; without one last), closed items last;
// also "deadline" (items without one last), "-deadline", "created_at",
// "-created_at", "id", "-id".
const ListSpec& ItemListSpec();
// The sort `f` is read in: its own, else "open"; where its filters leave
// open items only or one status, "deadline" (the same order there, read
// from the open items' indexes: the overdue-subtree page).
std::string ListSortOf(const ItemFilter& f);
// The items `p` may read (MayRead) as a condition on alias i: in a subtree
// they read, or theirs as responsible person or leader.
storage::Condition ItemReadScope(const auth::Principal& p);
// The scope (MayRead) and the filters of `f` as a WHERE on ItemListSpec()
// (alias i). kInvalidArgument as LedgerService::List says.
Result<storage::Where> ListWhere(storage::Tx& tx, const Context& ctx, const ItemFilter& f);

// The timeline of item `id`, oldest first, with the entries' files.
Result<std::vector<Entry>> ReadTimeline(storage::Tx& tx, int64_t id);

}  // namespace duxing::domain::ledger
