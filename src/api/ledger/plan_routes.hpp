// The ledger's routes of kinds 1 and 2 (plan_routes.cpp: the plan board,
// evidence, a task's working group, the 办实事 figures; public_routes.cpp:
// the public 晒单 page), registered by the ledger module's routes step.
#pragma once

#include <boost/json/object.hpp>

#include "domain/ledger/concerns.hpp"

namespace duxing::api {

class Router;
struct ModuleSetup;

// Makes the services of kinds 1 and 2 (PlanService, ServingService,
// PublicLedgerService); called by the ledger module's provide step.
void ProvideLedgerPlan(ModuleSetup& setup);
void RegisterLedgerPlanRoutes(Router& router);
void RegisterLedgerPublicRoutes(Router& router);

// The figures' JSON, the same on the signed-in and the public answer.
boost::json::object ServingFiguresJson(const domain::ledger::ServingFigures& f);

}  // namespace duxing::api
