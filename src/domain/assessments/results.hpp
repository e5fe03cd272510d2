// Results of an exam (成绩): the ranking (per attempt: score, rank, time
// used, status), the overall figures (average, median, pass rate, the
// distribution in ten score bands) and the figures per branch (an org's
// subtree: eligible people, takers, participation rate, average, pass rate),
// and a member's own result.
//
// Scope: whoever reads the exam's org sees every attempt of it; other staff
// (an org admin or branch secretary below it) see the attempts of takers in
// their own subtrees, and only when the exam concerns them (they may take it
// or someone in their subtrees has an attempt); anyone else gets kNotFound.
// A member sees their own result through Mine only, with the score once the
// exam reveals it (practice: once submitted; closed_book: once the exam has
// closed and its results are published).
//
// Ranks: competition ranking over the exam's submitted attempts (whatever
// the reader's scope), by score: ties share a rank, the next rank skips
// (100, 90, 90, 80 → 1, 2, 2, 4).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/page.hpp"
#include "domain/assessments/exam.hpp"
#include "domain/context.hpp"
#include "domain/list_query.hpp"
#include "storage/database.hpp"

namespace duxing::domain::assessments {

// The most branches one summary shows, and the most rows an export writes.
inline constexpr size_t kMaxResultBranches = 500;
inline constexpr size_t kMaxExportRows = 100000;

struct ResultRow {
  int64_t attempt_id = 0;
  int64_t person_id = 0;
  std::string person_name;
  std::string org_name;
  int64_t number = 1;
  std::string status;  // open, submitted
  std::optional<int64_t> score;  // hundredths
  int64_t max_score = 0;
  int64_t pending = 0;
  std::optional<int64_t> rank;  // submitted attempts only
  std::string started_at;
  std::optional<std::string> submitted_at;
  std::optional<std::string> submitted_by;
  std::optional<int64_t> time_used_seconds;  // submitted_at - started_at
  bool passed = false;
};

// Filters of the ranking, the summary and the export.
struct ResultFilter {
  std::optional<int64_t> org_id;  // takers in this org's subtree
  std::optional<std::string> status;  // open | submitted
};

struct ResultStats {
  int64_t submitted = 0;  // submitted attempts
  double average = 0;     // points (not hundredths); 0 when none
  double median = 0;      // points
  double pass_rate = 0;   // 0..1 over submitted attempts
  int64_t pending = 0;    // short answers still to grade
  std::optional<double> highest, lowest;  // points
};

struct ResultPage {
  Page<ResultRow> page;
  ResultStats stats;
};

// One band of the distribution: scores from `from` (inclusive) to `to`
// (exclusive; the last band includes the full score), in points.
struct ScoreBand {
  double from = 0;
  double to = 0;
  int64_t count = 0;
};

struct BranchResult {
  int64_t org_id = 0;
  std::string org_name;
  int64_t eligible = 0;   // active people of the subtree who may take it
  int64_t takers = 0;     // people of the subtree with an attempt
  int64_t submitted = 0;  // their submitted attempts
  double participation_rate = 0;  // takers / eligible (0 when none eligible)
  double average = 0;
  double pass_rate = 0;
};

struct ResultSummary {
  int64_t eligible = 0;
  int64_t takers = 0;
  double participation_rate = 0;
  ResultStats stats;
  std::vector<ScoreBand> bands;  // ten, over the paper's total points
  std::vector<BranchResult> branches;
};

// A member's own attempt as they may see it.
struct OwnResult {
  int64_t attempt_id = 0;
  int64_t number = 1;
  std::string status;
  std::string started_at;
  std::optional<std::string> submitted_at;
  std::optional<int64_t> time_used_seconds;
  bool reveal = false;  // score, rank and review shown
  std::optional<int64_t> score;
  int64_t max_score = 0;
  std::optional<int64_t> rank;
  std::optional<bool> passed;
};

// The competition rank of `score` among an exam's submitted scores sorted
// best first (`scores_desc`): one more than the number of better scores, so
// ties share a rank and the next rank skips (90, 80, 80, 70 rank 1, 2, 2, 4).
// A submitted attempt without a score ranks 1, as the ranking's SQL counts
// no score above it. O(log n).
int64_t CompetitionRank(const std::vector<int64_t>& scores_desc, std::optional<int64_t> score);

// Everything an export writes: the ranking (every row in the filter, rank
// order) and the branches.
struct ResultExport {
  Exam exam;
  std::vector<ResultRow> rows;
  ResultSummary summary;
};

class ResultsService {
 public:
  explicit ResultsService(storage::Database& db) : db_(db) {}

  // One page of the ranking in the caller's scope under `filter`, sorted by
  // "score" (default "-score": rank order), "submitted_at" or "id", with the
  // overall figures of the same rows. kNotFound outside scope (see the top);
  // kInvalidArgument on "org_id" for an org the caller does not read, on
  // "status" for an unknown status, and the list's own refusals.
  Result<ResultPage> Ranking(const Context& ctx, int64_t exam_id, const ResultFilter& filter,
                             const std::string& sort, const PageRequest& page);
  // The overall figures, the ten bands and the branches: the children of
  // filter.org_id (default: the exam's org when the caller reads it, else
  // the caller's own subtree roots), each over its subtree, at most
  // kMaxResultBranches. Scope and refusals as Ranking.
  Result<ResultSummary> Summary(const Context& ctx, int64_t exam_id, const ResultFilter& filter);
  // The ranking (all rows, at most kMaxExportRows: kTooLarge past it) and
  // the summary, for the .xlsx export. The scope is checked before any row
  // is read.
  Result<ResultExport> Export(const Context& ctx, int64_t exam_id, const ResultFilter& filter);
  // The caller's own attempts at exam `exam_id`, newest first. kNotFound
  // unless the caller has a person record and may take or has taken it.
  Result<std::vector<OwnResult>> Mine(const Context& ctx, int64_t exam_id);

 private:
  storage::Database& db_;
  ListQuery totals_;  // attempts change with every submit: counted per page
};

// The ten bands over `total_points` (hundredths) of `scores` (hundredths):
// band i holds [total·i/10, total·(i+1)/10), the last includes the total.
std::vector<ScoreBand> ScoreBands(const std::vector<int64_t>& scores, int64_t total_points);
// The median of `sorted` (ascending), in the same unit; 0 when empty.
double Median(const std::vector<int64_t>& sorted);

}  // namespace duxing::domain::assessments
