// The question bank's import, export and import template
// (/api/v1/assessments/questions/import, /export, /import-template), part of the
// assessments module's routes.
#pragma once

namespace duxing::api {

class Router;
struct ModuleSetup;

// Makes the QuestionTransfer service (after the QuestionBank).
void ProvideQuestionTransfer(ModuleSetup& setup);
void RegisterQuestionTransferRoutes(Router& router);

}  // namespace duxing::api
