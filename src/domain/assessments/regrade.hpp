// Regrading (重新评分): the organizer of an exam (whoever writes its org)
// changes a score already given, of any question type: a short answer
// graded too harshly, or an objective answer scored by a key that was
// wrong. Every change names a reason and the answer's grade version.
//
// - Before and after the results are published alike. After publication the
//   taker is notified (kind exam_regraded: the question's old and new score
//   and the reason), as a published score that changes silently is one the
//   member cannot trust; hiding every taker's results (unpublishing) to
//   correct one answer would be worse. (Moodle's manual regrade after the
//   quiz has closed, and 成绩复核 after a published exam, work the same way.)
// - In one transaction: the answer's score and grade version, the attempt's
//   total and pending count (RecomputeAttemptScore), an audit entry
//   (regrade: question, score before and after, reason), the item analysis
//   requested again when one was requested before (ItemAnalysisService::
//   RefreshIn), the taker's notification. Ranks and the results' figures are
//   computed from the attempts' totals when read, so they follow.
// - Graders who do not organize the exam never regrade (they grade answers
//   nobody graded, AttemptService::Grade); nobody regrades their own attempt.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "common/page.hpp"
#include "domain/assessments/question.hpp"
#include "domain/context.hpp"
#include "domain/list_query.hpp"
#include "storage/database.hpp"

namespace duxing::domain::assessments {

inline constexpr size_t kMaxRegradeReason = 200;

// One graded answer as the organizer reads it to regrade.
struct GradedAnswer {
  int64_t attempt_id = 0;
  int64_t question_id = 0;
  std::string person_name;
  std::string org_name;
  QuestionType type = QuestionType::kSingle;
  std::string stem;
  std::string answer;         // readable: option texts, 正确/错误, blanks, the text
  std::string reference;      // the answer key or reference answer, readable
  int64_t points = 0;         // hundredths
  int64_t score = 0;          // hundredths
  std::string comment;        // the grader's
  int64_t version = 1;        // the answer's grade version
  int64_t attempt_score = 0;  // the attempt's total, hundredths
};

struct RegradeFilter {
  std::optional<int64_t> question_id;  // by question
  std::optional<int64_t> attempt_id;   // by taker
};

class RegradeService {
 public:
  explicit RegradeService(storage::Database& db) : db_(db) {}

  // The graded answers of the submitted attempts of exam `exam_id` (every
  // type; not answered questions have none), by taker then paper order,
  // under `filter`. Organizers only: kNotFound for an exam the caller does
  // not read, kPermissionDenied for one they read but do not write.
  Result<Page<GradedAnswer>> Graded(const Context& ctx, int64_t exam_id,
                                    const RegradeFilter& filter, const PageRequest& page);
  // Sets the score of the graded answer to `question_id` of attempt
  // `attempt_id` to `score` (0..points hundredths, kInvalidArgument on
  // "score"; the same score is kFailedPrecondition on "score") with
  // `reason` (one line, 1..kMaxRegradeReason characters, kInvalidArgument
  // on "reason"), when the answer is still at grade version `version`
  // (else kConflict on "version", nothing written). kInvalidArgument on
  // "question_id" for a question the attempt did not answer;
  // kFailedPrecondition for an attempt not submitted or an answer not
  // graded yet (the grading queue's); kPermissionDenied on one's own
  // attempt; rights as Graded. See the top of this file for what follows.
  Result<GradedAnswer> Regrade(const Context& ctx, int64_t attempt_id, int64_t question_id,
                               int64_t score, const std::string& reason, int64_t version);

 private:
  storage::Database& db_;
  ListQuery totals_;  // answers change with every grade: counted per page
};

}  // namespace duxing::domain::assessments
