// Attempts (答卷): one person taking one exam, built to lose no answer.
//
// - Start fixes the deadline on the server, min(start + time limit, close),
//   and draws the questions (rules papers) and the shuffled orders from a
//   seed of the attempt; calling it again while the attempt is open (any
//   device) returns the same attempt with its saved answers.
// - Choice options are keyed per attempt (grading.hpp, "Option keys"): the
//   paper lists them as "A", "B", ... in the taker's shuffled order, answers
//   arrive and leave in those keys, and the bank's option indexes are what
//   is stored and graded; nothing the taker reads or sends names them.
// - Save writes one answer with the client's sequence number: a save whose
//   number is not above the stored one changes nothing and answers what is
//   stored (a retry is idempotent, a late retry never overwrites a newer
//   answer). Accepted until deadline + grace seconds while the attempt is
//   open; the row is committed before the answer returns (saves arriving
//   together share that commit: storage/group_commit.hpp).
// - Submit is idempotent: the first one grades and closes the attempt, later
//   ones return the same result. After it no save is accepted from anywhere.
//   Save and submit lock the attempt row (an UPDATE of it first), so a save
//   racing a submit is either graded or refused, never lost in between.
// - SubmitOverdue (the scheduler, every minute) submits attempts open past
//   deadline + grace, each once however many processes run it.
// Time is ctx.now / `now`: tests inject it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/page.hpp"
#include "domain/assessments/exam.hpp"
#include "domain/assessments/grading.hpp"
#include "domain/assessments/question.hpp"
#include "domain/coded.hpp"
#include "domain/context.hpp"
#include "domain/list_query.hpp"
#include "storage/database.hpp"
#include "storage/group_commit.hpp"

namespace duxing::domain::assessments {

enum class AttemptStatus { kOpen, kSubmitted };
inline const CodedEnum<AttemptStatus> kAttemptStatuses = {
    {AttemptStatus::kOpen, {"open", "作答中"}},
    {AttemptStatus::kSubmitted, {"submitted", "已交卷"}}};
enum class SubmittedBy { kTaker, kLeaveLimit, kDeadline };
inline const CodedEnum<SubmittedBy> kSubmittedBy = {
    {SubmittedBy::kTaker, {"taker", "本人交卷"}},
    {SubmittedBy::kLeaveLimit, {"leave_limit", "离开页面超限自动交卷"}},
    {SubmittedBy::kDeadline, {"deadline", "到时自动交卷"}}};

inline constexpr size_t kMaxGradeComment = 500;
inline constexpr size_t kMaxLeaveEventId = 64;

struct AttemptQuestion {
  int64_t question_id = 0;
  int64_t points = 0;             // hundredths
  QuestionContent content;        // the version drawn
  std::vector<int> option_order;  // original option indexes in display order
  AnswerValue answer;             // as stored (bank indexes); empty: not answered
  int64_t seq = 0;                // of the stored answer; 0: none
  std::optional<int64_t> score;   // once graded
  std::string comment;            // a grader's
};

// One option of a choice question as the taker's paper lists it.
struct PaperOption {
  std::string key;  // "A", "B", ... in display order
  std::string text;
};
// q's options in the taker's order with the taker's keys (none for other
// types).
std::vector<PaperOption> PaperOptions(const AttemptQuestion& q);
// q's stored answer in the taker's keys.
AnswerValue PaperAnswer(const AttemptQuestion& q);
// q's correct options in the taker's keys.
std::vector<std::string> PaperCorrectOptions(const AttemptQuestion& q);

struct Attempt {
  int64_t id = 0;
  int64_t exam_id = 0;
  int64_t person_id = 0;
  int64_t number = 1;
  AttemptStatus status = AttemptStatus::kOpen;
  TimePoint started_at;
  TimePoint deadline_at;
  TimePoint accept_until;  // deadline + the exam's grace seconds
  std::optional<TimePoint> submitted_at;
  std::optional<SubmittedBy> submitted_by;
  std::optional<int64_t> score;  // hundredths; objective parts at submit
  int64_t max_score = 0;
  int64_t pending = 0;  // short answers to grade
  int64_t leave_count = 0;
  int64_t leave_limit = 0;  // the exam's (0: none)
  ExamMode mode = ExamMode::kClosedBook;
  // Whether the reader may see scores, answer keys and explanations:
  // graders always; the taker in practice once submitted, in closed_book
  // once submitted, the exam closed and its results published.
  bool reveal = false;
  // Read by a blind grader (grader.hpp): person_id must not be shown.
  bool blind = false;
  std::vector<AttemptQuestion> questions;  // in the taker's order
};

// Practice mode's immediate feedback on a save.
struct Feedback {
  bool correct = false;
  std::optional<int64_t> score;  // nullopt: a short answer (graded by people)
  QuestionContent key;           // the version, answer key and explanation
  std::vector<std::string> correct_options;  // in the taker's keys
};

struct SaveResult {
  bool applied = false;              // false: the stored answer has a seq >= this one
  int64_t seq = 0;                   // the stored answer's
  AnswerValue answer;                // the stored answer, in the taker's keys
  std::optional<Feedback> feedback;  // practice mode only
};

class AttemptService {
 public:
  explicit AttemptService(storage::Database& db) : db_(db), saves_(db) {}

  // Starts the caller's next attempt at exam `exam_id` or resumes the open
  // one. The caller needs a person record (kPermissionDenied) and must be
  // eligible for the published exam (kNotFound, or kPermissionDenied for
  // staff who read the exam). kFailedPrecondition: not open yet, closed,
  // closed_book already attempted, practice attempts used up, or a rules
  // paper the bank can no longer serve.
  Result<Attempt> Start(const Context& ctx, int64_t exam_id);
  // The taker's own attempt, or any attempt of an exam whose org the caller
  // may write (graders; reveal set). Others: kNotFound. An open attempt past
  // deadline + grace is submitted first (kDeadline).
  Result<Attempt> Get(const Context& ctx, int64_t attempt_id);
  // The caller's own latest attempt at exam `exam_id` (highest number), as Get
  // answers it (an overdue open one is submitted first): what "我的考试" shows
  // and where a taker's result is reviewed. kNotFound when the caller has no
  // person record or no attempt at that exam (whether the exam exists or not).
  Result<Attempt> Latest(const Context& ctx, int64_t exam_id);
  // Saves the taker's answer to `question_id` (see the top of this file),
  // `value` in the taker's option keys for choice questions.
  // kNotFound for another's attempt; kFailedPrecondition after hand-in or
  // past deadline + grace; kInvalidArgument on "question_id" for a question
  // not in this attempt, on "value" for a key not on this paper or an answer
  // ValidateAnswer refuses, on "seq" for a seq below 1.
  Result<SaveResult> Save(const Context& ctx, int64_t attempt_id, int64_t question_id,
                          const AnswerValue& value, int64_t seq);
  // Counts one leave-page event of an open attempt, once per client
  // `event_id` (1..kMaxLeaveEventId bytes, kInvalidArgument on "event_id"):
  // a retry of an event already counted changes nothing and returns the
  // attempt as it is, even when that event submitted it. In closed_book
  // with a leave limit, the limit-th distinct event submits the attempt
  // (kLeaveLimit), once. A new event after hand-in is kFailedPrecondition.
  Result<Attempt> Leave(const Context& ctx, int64_t attempt_id, const std::string& event_id);
  // Hands the taker's attempt in (idempotent, see above).
  Result<Attempt> Submit(const Context& ctx, int64_t attempt_id);
  // Submits (kDeadline) every attempt open past deadline + grace at `now`,
  // in batches; returns how many this call submitted.
  Result<int64_t> SubmitOverdue(TimePoint now);

  // Grades a given short answer of a submitted attempt: 0..points
  // hundredths (kInvalidArgument on "score"), until results are published
  // (kFailedPrecondition after). Organizers (who write the exam's org) and
  // assigned graders (grader.hpp, reading the attempt blind) grade answers
  // not graded yet (kFailedPrecondition on "score" otherwise: the organizer
  // changes a given score with a reason, RegradeService::Regrade). An
  // answer another grader holds a claim on, or whose grade version is not
  // `version` (when given), or that another grade changed meanwhile, is
  // kConflict ("version"). Nobody grades their own attempt
  // (kPermissionDenied, organizers too). Audited. Returns the attempt, with
  // keys and scores (reveal) for organizers only.
  Result<Attempt> Grade(const Context& ctx, int64_t attempt_id, int64_t question_id, int64_t score,
                        const std::string& comment, std::optional<int64_t> version = std::nullopt);

  // Writes of takers (starts, saves, hand-ins) run so far in shared commits
  // (test hook; SQLite only, where they are grouped).
  uint64_t grouped_writes() const { return saves_.pieces(); }

 private:
  storage::Database& db_;
  // A taker's writes arriving together (starts, saves, hand-ins) share one
  // commit (one fsync on SQLite), each answered only once it is durable.
  storage::GroupCommit saves_;
};

// Sets attempt `attempt_id`'s score (the sum of its answers' scores) and
// pending count (its answers without a score) inside `tx`: after a grade or
// a regrade (regrade.hpp). Locks the attempt's row first, so that concurrent
// changes of one attempt's answers never leave a total missing one of them.
Status RecomputeAttemptScore(storage::Tx& tx, int64_t attempt_id);

// Whether the taker sees an attempt's scores, keys and explanations: in
// practice once submitted, in closed_book once submitted, the exam closed
// (`now` >= `closes_at`) and its results published.
bool RevealedToTaker(ExamMode mode, AttemptStatus status, TimePoint now, TimePoint closes_at,
                     bool results_published);

}  // namespace duxing::domain::assessments
