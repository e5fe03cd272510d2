// The assessments module's API side: the question bank's import, export and
// template (question_transfer_routes.cpp) for now; the bank, papers, exams
// and attempts routes join here.
#include "api/assessments/question_transfer_routes.hpp"
#include "api/module.hpp"
#include "api/router.hpp"
#include "domain/assessments/question.hpp"

namespace duxing::api {
namespace {

namespace as = domain::assessments;

void Provide(ModuleSetup& s) {
  s.services.Make<as::QuestionBank>(s.db);
  ProvideQuestionTransfer(s);
}

void RegisterAssessmentRoutes(Router& router) { RegisterQuestionTransferRoutes(router); }

}  // namespace

const Module& AssessmentsModule() {
  static const Module m{&as::Info, "assessments/openapi.json", Provide, RegisterAssessmentRoutes};
  return m;
}

}  // namespace duxing::api
