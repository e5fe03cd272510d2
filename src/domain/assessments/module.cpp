#include "domain/assessments/question.hpp"

namespace duxing::domain::assessments {

const ModuleInfo& Info() {
  static const ModuleInfo info{
      .name = "assessments",
      .vocabularies = {{"question_type", &kQuestionTypes.terms()}},
  };
  return info;
}

}  // namespace duxing::domain::assessments
