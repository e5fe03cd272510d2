// The ledger module's routes and services of ledjob's part (overdue counts,
// .xlsx export and import, the overdue job), called by ledger_routes.cpp.
#pragma once

#include "api/module.hpp"
#include "api/router.hpp"

namespace duxing::api {

// GET /ledger/overdue/by-org, /by-leader, /ledger/items.xlsx,
// /ledger/items/import-template; POST /ledger/items/import.
void RegisterLedgerIoRoutes(Router& router);
// The overdue counts and Excel services, and the daily job ledger_overdue
// (08:00 China time, ServiceOptions::ledger_escalate_after_days).
void ProvideLedgerIo(ModuleSetup& s);

}  // namespace duxing::api
