// The assessments module's route files (one registration each).
#pragma once

namespace duxing::api {

class Router;
struct ModuleSetup;

void RegisterBankRoutes(Router& router);  // bank_routes.cpp
void RegisterExamRoutes(Router& router);  // exam_routes.cpp
// commendation_routes.cpp
void RegisterCommendationRoutes(Router& router);
void ProvideCommendations(ModuleSetup& s);
// result_routes.cpp: results, item analysis, graders; its services and job.
void RegisterResultRoutes(Router& router);
void ProvideResults(ModuleSetup& s);
// regrade_routes.cpp: the organizer's regrading; its service.
void RegisterRegradeRoutes(Router& router);
void ProvideRegrades(ModuleSetup& s);

}  // namespace duxing::api
