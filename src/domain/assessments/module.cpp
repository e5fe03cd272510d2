#include "domain/assessments/demo_assessments.hpp"
#include "domain/assessments/question.hpp"

namespace duxing::domain::assessments {

const ModuleInfo& Info() {
  static const ModuleInfo info{
      .name = "assessments",
      .vocabularies = {{"question_type", &kQuestionTypes.terms()}},
      .demo = AddDemoAssessments,
  };
  return info;
}

}  // namespace duxing::domain::assessments
