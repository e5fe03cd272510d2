// Item analysis of an exam (试题分析), computed in the background by the job
// kItemAnalysisJob from the submitted attempts with nothing left to grade:
//
// - facility index of a question: mean score / points (0 hard .. 1 easy),
//   over the takers whose paper held it (unanswered counts 0);
// - discrimination index: (mean score of the upper group − mean score of the
//   lower group) / points, the groups being the round(27 %) of takers (at
//   least one) with the highest and the lowest totals (ties: earlier
//   attempt first), among those whose paper held the question; none below
//   two takers or when neither group held it;
// - Cronbach's alpha of the exam: k/(k−1) · (1 − Σ var(item) / var(total)),
//   population variances; only when every taker answered the same k >= 2
//   questions (a fixed paper), there are at least two takers and the totals
//   vary.
//
// The job runs on publication of the results and on demand (Request); it is
// keyed per request, so several processes compute it once, and it replaces
// the stored analysis in one transaction (a repeated run writes the same).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/context.hpp"
#include "storage/database.hpp"

namespace duxing::domain::assessments {

inline constexpr const char* kItemAnalysisJob = "assessments.item_analysis";

// Scores (hundredths) of takers × questions; nullopt: the question was not
// in that taker's paper.
struct ItemMatrix {
  std::vector<int64_t> question_ids;
  std::vector<int64_t> points;  // per question, hundredths
  std::vector<std::vector<std::optional<int64_t>>> scores;  // [taker][question]
};

struct ItemStat {
  int64_t question_id = 0;
  int64_t points = 0;
  int64_t takers = 0;       // whose paper held it
  double mean_score = 0;    // hundredths
  double facility = 0;      // 0..1
  std::optional<double> discrimination;  // -1..1
};

struct ItemAnalysis {
  int64_t takers = 0;
  std::optional<double> alpha;
  std::vector<ItemStat> items;  // in matrix order
};

// The figures of the top of this file for `m`. Pure.
ItemAnalysis AnalyzeItems(const ItemMatrix& m);

// The stored analysis as the API serves it.
struct StoredItemStat {
  ItemStat stat;
  int64_t position = 0;
  std::string stem;
  std::string type;
};
struct StoredAnalysis {
  std::string state;  // none | queued (requested, not computed since) | done
  std::optional<std::string> requested_at, computed_at;
  int64_t takers = 0;
  std::optional<double> alpha;
  std::vector<StoredItemStat> items;  // in paper order
};

class ItemAnalysisService {
 public:
  explicit ItemAnalysisService(storage::Database& db) : db_(db) {}

  // Asks for a fresh analysis of exam `exam_id`, for its organizers
  // (kNotFound / kPermissionDenied otherwise). Returns the stored state.
  Result<StoredAnalysis> Request(const Context& ctx, int64_t exam_id);
  // Records the request and enqueues the job inside `tx` (publication).
  static Status RequestIn(storage::Tx& tx, int64_t exam_id, TimePoint now);
  // After a result changed (a regrade) inside `tx`: requests the analysis
  // again (RequestIn) when one was requested before, so that its state is
  // queued until the job has computed it from the new scores; nothing when
  // none was ever requested.
  static Status RefreshIn(storage::Tx& tx, int64_t exam_id, TimePoint now);
  // The stored analysis, for those who read the exam's org.
  Result<StoredAnalysis> Get(const Context& ctx, int64_t exam_id);
  // The job: computes and stores the analysis of `exam_id` as of `now`.
  Status Run(int64_t exam_id, TimePoint now);

 private:
  storage::Database& db_;
};

}  // namespace duxing::domain::assessments
