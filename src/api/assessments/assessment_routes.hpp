// The assessments module's route files (one registration each).
#pragma once

namespace duxing::api {

class Router;

void RegisterBankRoutes(Router& router);  // bank_routes.cpp
void RegisterExamRoutes(Router& router);  // exam_routes.cpp

}  // namespace duxing::api
