// Exams (考试/知识竞赛): a paper, who may take it, when, and how. closed_book:
// one attempt, questions and options shuffled per taker, answers and scores
// hidden from takers until the exam has closed and its results are
// published, leaving the page counted (after leave_limit times the attempt
// is submitted). practice: repeatable (attempts_allowed, 0 unlimited),
// immediate feedback with the explanation on every save.
//
// Scope: an exam belongs to an org. Whoever may write records there
// creates, edits and grades it and publishes its results; staff who may
// read the org read it and its results. A person takes it when the exam is
// published and they are eligible (Eligible), whatever their role.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/page.hpp"
#include "domain/assessments/grading.hpp"
#include "domain/coded.hpp"
#include "domain/context.hpp"
#include "domain/list_query.hpp"
#include "storage/database.hpp"
#include "storage/where.hpp"

namespace duxing::domain::assessments {

enum class ExamMode { kClosedBook, kPractice };
inline const CodedEnum<ExamMode> kExamModes = {{ExamMode::kClosedBook, {"closed_book", "闭卷考试"}},
                                               {ExamMode::kPractice, {"practice", "练习"}}};

inline constexpr size_t kMaxExamTitle = 100;
inline constexpr size_t kMaxEligibleEntries = 500;
inline constexpr int64_t kMaxTimeLimitSeconds = 24 * 3600;
inline constexpr int64_t kMaxGraceSeconds = 600;
inline constexpr int64_t kMaxLeaveLimit = 100;
inline constexpr int64_t kMaxAttemptsAllowed = 100;

struct Exam {
  int64_t id = 0;
  int64_t org_id = 0;
  std::optional<int64_t> campaign_id;
  std::string title;
  int64_t paper_id = 0;
  std::string paper_title;   // filled on read
  int64_t total_points = 0;  // the paper's, hundredths
  ExamMode mode = ExamMode::kClosedBook;
  TimePoint opens_at;
  TimePoint closes_at;
  int64_t time_limit_seconds = 0;  // 0: until closes_at
  int64_t attempts_allowed = 1;    // practice: 0 unlimited; closed_book: 1
  bool shuffle = true;
  int64_t leave_limit = 0;  // 0: never submitted for leaving
  int64_t grace_seconds = 30;
  PartialCredit partial_credit = PartialCredit::kNone;
  int64_t pass_points = 0;  // hundredths
  bool published = false;
  bool results_published = false;
  // Eligibility: orgs (subtrees; none: the exam org's), person categories
  // (none: any), and named people (always eligible).
  std::vector<int64_t> eligible_org_ids;
  std::vector<std::string> eligible_categories;
  std::vector<int64_t> eligible_person_ids;
  bool archived = false;
  int64_t version = 1;
};

// Checks an exam's own fields, the first broken rule as kInvalidArgument on
// its field: title, times (opens < closes), limits within their bounds,
// closed_book with attempts_allowed 1, categories of the people vocabulary,
// list sizes within kMaxEligibleEntries.
Status Validate(const Exam& e);

class ExamService {
 public:
  explicit ExamService(storage::Database& db) : db_(db) {}

  // Exams the caller reads as staff plus the published ones they may take,
  // newest first.
  Result<Page<Exam>> List(const Context& ctx, const PageRequest& page);
  // kNotFound unless the caller reads the exam's org or may take it.
  Result<Exam> Get(const Context& ctx, int64_t id);
  // A new exam of e.org_id (the caller must write records there), on a
  // paper of that org (kInvalidArgument on "paper_id"); a rules paper the
  // bank cannot serve now is kFailedPrecondition (PaperService::CheckRules).
  Result<Exam> Create(const Context& ctx, const Exam& e);
  // Replaces the editable fields of exam `id` with `e`'s (versioned write).
  // Once an attempt exists, paper, mode and partial credit may no longer
  // change (kFailedPrecondition on the field).
  Result<Exam> Update(const Context& ctx, int64_t id, int64_t version, const Exam& e);
  // Releases the scores to takers (closed_book: once the exam has also
  // closed). kFailedPrecondition while short answers wait for grading.
  Result<Exam> PublishResults(const Context& ctx, int64_t id, int64_t version);
  // The exam without scope checks, with its org path.
  static Result<Exam> Load(storage::Tx& tx, int64_t id, std::string* org_path = nullptr);
  // The condition (on exams aliased `e`) that person `person_id` may take
  // the exam: published, not archived, and eligible.
  static Result<storage::Condition> Eligible(storage::Tx& tx, int64_t person_id);
  // The SQL condition (no parameters) that the person aliased `pe` is in
  // the eligible population of the exam aliased `e`: named, or in one of its
  // orgs' subtrees (none listed: the exam org's) with a listed category
  // (none listed: any). Publication is not part of it.
  static std::string_view EligiblePersonSql();

 private:
  storage::Database& db_;
  ListQuery exam_totals_{std::vector<std::string>{"exam"}};
};

}  // namespace duxing::domain::assessments
