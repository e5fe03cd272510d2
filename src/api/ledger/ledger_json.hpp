// The JSON of ledger records as every route file of src/api/ledger/ answers
// them (defined in ledger_routes.cpp), so that the kinds' routes (plan,
// organization life, imports) answer items, entries and extension requests
// exactly as the core's routes do.
#pragma once

#include <boost/json/object.hpp>

#include "domain/ledger/item.hpp"

namespace duxing::api {

// An item as its caller sees it (field names: the ledger contract's "Item
// JSON", with `may` and `pending_extension`).
boost::json::object LedgerItemJson(const domain::ledger::ItemView& v);
// A timeline entry with its files.
boost::json::object LedgerEntryJson(const domain::ledger::Entry& e);
// An extension request.
boost::json::object LedgerExtensionJson(const domain::ledger::Extension& x);

}  // namespace duxing::api
