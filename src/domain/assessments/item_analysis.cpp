#include "domain/assessments/item_analysis.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <map>
#include <numeric>

#include "domain/assessments/exam.hpp"
#include "jobs/job.hpp"

namespace duxing::domain::assessments {
namespace {

constexpr std::string_view kRequested = "SELECT 1 FROM exam_analyses WHERE exam_id = $1";
constexpr std::string_view kUpsertRequest =
    "INSERT INTO exam_analyses (exam_id, requested_at) VALUES ($1, $2) "
    "ON CONFLICT (exam_id) DO UPDATE SET requested_at = excluded.requested_at";
constexpr std::string_view kAnalysis =
    "SELECT requested_at, computed_at, takers, alpha FROM exam_analyses WHERE exam_id = $1";
constexpr std::string_view kStoredItems =
    "SELECT s.question_id, s.position, s.points, s.takers, s.mean_score, s.facility, "
    "s.discrimination, v.stem, v.type FROM exam_item_stats s "
    "JOIN questions q ON q.id = s.question_id "
    "JOIN question_versions v ON v.id = q.current_version_id "
    "WHERE s.exam_id = $1 ORDER BY s.position, s.question_id";
// The items of the attempts the analysis reads: submitted, nothing to grade.
constexpr std::string_view kItemScores =
    "SELECT aq.attempt_id, aq.question_id, aq.points, COALESCE(an.score, 0) "
    "FROM attempt_questions aq JOIN attempts a ON a.id = aq.attempt_id "
    "LEFT JOIN attempt_answers an ON an.attempt_id = aq.attempt_id "
    "AND an.question_id = aq.question_id "
    "WHERE a.exam_id = $1 AND a.status = 'submitted' AND a.pending = 0 "
    "ORDER BY aq.attempt_id, aq.position";
constexpr std::string_view kPaperOrder =
    "SELECT pi.question_id, pi.position FROM paper_items pi JOIN exams e ON "
    "e.paper_id = pi.paper_id WHERE e.id = $1";
constexpr std::string_view kClearItems = "DELETE FROM exam_item_stats WHERE exam_id = $1";
constexpr std::string_view kInsertItem =
    "INSERT INTO exam_item_stats (exam_id, question_id, position, points, answered, takers, "
    "mean_score, facility, discrimination) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)";
constexpr std::string_view kStoreAnalysis =
    "INSERT INTO exam_analyses (exam_id, requested_at, computed_at, takers, alpha) "
    "VALUES ($1, $2, $2, $3, $4) ON CONFLICT (exam_id) DO UPDATE SET "
    "computed_at = excluded.computed_at, takers = excluded.takers, alpha = excluded.alpha";

double Real(const std::string& text) { return std::strtod(text.c_str(), nullptr); }
std::optional<double> OptReal(const storage::Row& r, size_t i) {
  if (r.IsNull(i)) return std::nullopt;
  return Real(r.Text(i));
}

double Mean(const std::vector<double>& v) {
  return v.empty() ? 0 : std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(v.size());
}
double Variance(const std::vector<double>& v) {
  double m = Mean(v), sum = 0;
  for (double x : v) sum += (x - m) * (x - m);
  return v.empty() ? 0 : sum / static_cast<double>(v.size());
}

Error NotFound() { return MakeError(Code::kNotFound, "考试不存在"); }

Result<StoredAnalysis> Load(storage::Tx& tx, int64_t exam_id) {
  StoredAnalysis out;
  out.state = "none";
  DX_ASSIGN_OR_RETURN(storage::Rows rows, tx.Query(kAnalysis, {exam_id}));
  if (rows.empty()) return out;
  const auto& r = rows.front();
  out.requested_at = r.Text(0);
  out.computed_at = r.OptText(1);
  out.takers = r.Int(2);
  out.alpha = OptReal(r, 3);
  out.state = out.computed_at && *out.computed_at >= *out.requested_at ? "done" : "queued";
  DX_ASSIGN_OR_RETURN(storage::Rows items, tx.Query(kStoredItems, {exam_id}));
  for (const auto& i : items) {
    StoredItemStat s;
    s.stat.question_id = i.Int(0);
    s.position = i.Int(1);
    s.stat.points = i.Int(2);
    s.stat.takers = i.Int(3);
    s.stat.mean_score = Real(i.Text(4));
    s.stat.facility = Real(i.Text(5));
    s.stat.discrimination = OptReal(i, 6);
    s.stem = i.Text(7);
    s.type = i.Text(8);
    out.items.push_back(std::move(s));
  }
  return out;
}

}  // namespace

ItemAnalysis AnalyzeItems(const ItemMatrix& m) {
  ItemAnalysis out;
  const size_t n = m.scores.size();
  const size_t k = m.question_ids.size();
  out.takers = static_cast<int64_t>(n);
  std::vector<double> totals(n, 0);
  bool complete = true;
  for (size_t t = 0; t < n; ++t) {
    for (size_t q = 0; q < k; ++q) {
      if (m.scores[t][q]) {
        totals[t] += static_cast<double>(*m.scores[t][q]);
      } else {
        complete = false;
      }
    }
  }
  // Takers by total, highest first (stable: the earlier taker first on ties).
  std::vector<size_t> order(n);
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return totals[a] > totals[b]; });
  const size_t group =
      n < 2 ? 0 : std::max<size_t>(1, static_cast<size_t>(std::lround(0.27 * static_cast<double>(n))));
  std::vector<double> item_variances;
  for (size_t q = 0; q < k; ++q) {
    ItemStat s;
    s.question_id = m.question_ids[q];
    s.points = m.points[q];
    std::vector<double> all, upper, lower;
    for (size_t t = 0; t < n; ++t) {
      if (m.scores[t][q]) all.push_back(static_cast<double>(*m.scores[t][q]));
    }
    for (size_t i = 0; i < group; ++i) {
      if (m.scores[order[i]][q]) upper.push_back(static_cast<double>(*m.scores[order[i]][q]));
      size_t low = order[n - 1 - i];
      if (m.scores[low][q]) lower.push_back(static_cast<double>(*m.scores[low][q]));
    }
    s.takers = static_cast<int64_t>(all.size());
    s.mean_score = Mean(all);
    if (s.points > 0) {
      s.facility = s.mean_score / static_cast<double>(s.points);
      if (!upper.empty() && !lower.empty()) {
        s.discrimination = (Mean(upper) - Mean(lower)) / static_cast<double>(s.points);
      }
    }
    item_variances.push_back(Variance(all));
    out.items.push_back(s);
  }
  double total_variance = Variance(totals);
  if (complete && k >= 2 && n >= 2 && total_variance > 0) {
    double sum = std::accumulate(item_variances.begin(), item_variances.end(), 0.0);
    double kk = static_cast<double>(k);
    out.alpha = kk / (kk - 1) * (1 - sum / total_variance);
  }
  return out;
}

Status ItemAnalysisService::RequestIn(storage::Tx& tx, int64_t exam_id, TimePoint now) {
  const std::string at = FormatTime(now);
  DX_RETURN_IF_ERROR(tx.Exec(kUpsertRequest, {exam_id, at}));
  jobs::NewJob job;
  job.kind = kItemAnalysisJob;
  job.key = std::string(kItemAnalysisJob) + ":" + std::to_string(exam_id) + "@" + at;
  job.payload = std::to_string(exam_id);
  job.max_attempts = 3;
  DX_RETURN_IF_ERROR(jobs::Enqueue(tx, job, now));
  return Ok();
}

Status ItemAnalysisService::RefreshIn(storage::Tx& tx, int64_t exam_id, TimePoint now) {
  DX_ASSIGN_OR_RETURN(storage::Rows requested, tx.Query(kRequested, {exam_id}));
  if (requested.empty()) return Ok();
  return RequestIn(tx, exam_id, now);
}

Result<StoredAnalysis> ItemAnalysisService::Request(const Context& ctx, int64_t exam_id) {
  DX_ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kWrite));
  std::string path;
  auto exam = ExamService::Load(*tx, exam_id, &path);
  if (!exam.ok() || !ctx.principal->CanRead(path)) return NotFound();
  if (!ctx.principal->CanWrite(path)) {
    return MakeError(Code::kPermissionDenied, "无权发起该考试的试题分析");
  }
  DX_RETURN_IF_ERROR(RequestIn(*tx, exam_id, ctx.now));
  DX_ASSIGN_OR_RETURN(StoredAnalysis out, Load(*tx, exam_id));
  DX_RETURN_IF_ERROR(tx->Commit());
  return out;
}

Result<StoredAnalysis> ItemAnalysisService::Get(const Context& ctx, int64_t exam_id) {
  DX_ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kRead));
  std::string path;
  auto exam = ExamService::Load(*tx, exam_id, &path);
  if (!exam.ok() || !ctx.principal->CanRead(path)) return NotFound();
  return Load(*tx, exam_id);
}

Status ItemAnalysisService::Run(int64_t exam_id, TimePoint now) {
  DX_ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kWrite));
  DX_ASSIGN_OR_RETURN(storage::Rows rows, tx->Query(kItemScores, {exam_id}));
  DX_ASSIGN_OR_RETURN(storage::Rows paper, tx->Query(kPaperOrder, {exam_id}));
  std::map<int64_t, int64_t> paper_position;
  for (const auto& r : paper) paper_position[r.Int(0)] = r.Int(1);
  // Questions in paper order (drawn ones after, by id), takers by attempt.
  std::map<int64_t, int64_t> points_of;
  std::map<int64_t, size_t> taker_of;
  for (const auto& r : rows) {
    points_of.emplace(r.Int(1), r.Int(2));
    taker_of.emplace(r.Int(0), taker_of.size());
  }
  ItemMatrix m;
  for (const auto& [id, points] : points_of) {
    m.question_ids.push_back(id);
    m.points.push_back(points);
  }
  auto position = [&](int64_t id) {
    auto it = paper_position.find(id);
    return it == paper_position.end() ? 1'000'000 + id : it->second;
  };
  std::vector<size_t> idx(m.question_ids.size());
  std::iota(idx.begin(), idx.end(), 0);
  std::stable_sort(idx.begin(), idx.end(), [&](size_t a, size_t b) {
    return position(m.question_ids[a]) < position(m.question_ids[b]);
  });
  ItemMatrix sorted;
  std::map<int64_t, size_t> column_of;
  for (size_t i : idx) {
    column_of[m.question_ids[i]] = sorted.question_ids.size();
    sorted.question_ids.push_back(m.question_ids[i]);
    sorted.points.push_back(m.points[i]);
  }
  sorted.scores.assign(taker_of.size(),
                       std::vector<std::optional<int64_t>>(sorted.question_ids.size()));
  for (const auto& r : rows) sorted.scores[taker_of[r.Int(0)]][column_of[r.Int(1)]] = r.Int(3);
  ItemAnalysis a = AnalyzeItems(sorted);
  DX_RETURN_IF_ERROR(tx->Exec(kClearItems, {exam_id}));
  for (size_t q = 0; q < a.items.size(); ++q) {
    const ItemStat& s = a.items[q];
    storage::Param discrimination = nullptr;
    if (s.discrimination) discrimination = *s.discrimination;
    DX_RETURN_IF_ERROR(tx->Exec(kInsertItem, {exam_id, s.question_id, static_cast<int64_t>(q),
                                              s.points, s.takers, a.takers, s.mean_score,
                                              s.facility, discrimination}));
  }
  storage::Param alpha = nullptr;
  if (a.alpha) alpha = *a.alpha;
  DX_RETURN_IF_ERROR(tx->Exec(kStoreAnalysis, {exam_id, FormatTime(now), a.takers, alpha}));
  return tx->Commit();
}

}  // namespace duxing::domain::assessments
