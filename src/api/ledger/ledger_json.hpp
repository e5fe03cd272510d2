// What the route files of src/api/ledger/ share (defined in
// ledger_routes.cpp): the JSON of ledger records and the list's filters, so
// that the kinds' routes (plan, organization life, export and import) read
// filters and answer items, entries and extension requests exactly as the
// core's routes do.
#pragma once

#include <boost/json/object.hpp>

#include "api/router.hpp"
#include "domain/ledger/item.hpp"

namespace duxing::api {

// An item as its caller sees it (field names: the ledger contract's "Item
// JSON", with `may` and `pending_extension`).
boost::json::object LedgerItemJson(const domain::ledger::ItemView& v);
// A timeline entry with its files.
boost::json::object LedgerEntryJson(const domain::ledger::Entry& e);
// An extension request.
boost::json::object LedgerExtensionJson(const domain::ledger::Extension& x);

// The filters, sort and page of GET /ledger/items as the request gives them
// (kInvalidArgument naming a bad one), for the routes that take the same
// filters (the .xlsx export).
Result<domain::ledger::ItemFilter> ReadItemFilter(const Call& c);

}  // namespace duxing::api
