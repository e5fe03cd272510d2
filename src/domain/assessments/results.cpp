#include "domain/assessments/results.hpp"

#include <algorithm>
#include <functional>
#include <set>

#include "domain/assessments/attempt.hpp"
#include "domain/orgs/org.hpp"

namespace duxing::domain::assessments {
namespace {

// Competition rank of a submitted attempt among its exam's submitted ones.
constexpr std::string_view kRankSql =
    "CASE WHEN a.status = 'submitted' THEN (SELECT COUNT(*) FROM attempts b WHERE "
    "b.exam_id = a.exam_id AND b.status = 'submitted' AND b.score > a.score) + 1 END";
constexpr std::string_view kSubmittedScores =
    "SELECT score FROM attempts WHERE exam_id = $1 AND status = 'submitted' AND score IS NOT NULL "
    "ORDER BY score DESC";
constexpr std::string_view kRankOfScore =
    "SELECT COUNT(*) + 1 FROM attempts WHERE exam_id = $1 AND status = 'submitted' AND score > $2";
constexpr std::string_view kChildren =
    "SELECT id, name, path FROM orgs WHERE parent_id = $1 AND archived = 0 "
    "ORDER BY sort_order, id LIMIT 501";
constexpr std::string_view kOwnAttempts =
    "SELECT id, number, status, started_at, submitted_at, score, max_score FROM attempts "
    "WHERE exam_id = $1 AND person_id = $2 ORDER BY number DESC";

Error NotFound() { return MakeError(Code::kNotFound, "考试不存在"); }

// The ranking's rows with `rank_sql` as their last column (RowOf).
ListSpec RankingSpec(std::string_view rank_sql) {
  return ListSpec{
      "a.id, a.person_id, pe.name, o.name, a.number, a.status, a.score, a.max_score, "
      "a.pending, a.started_at, a.submitted_at, a.submitted_by, " +
          std::string(rank_sql),
      "FROM attempts a JOIN people pe ON pe.id = a.person_id JOIN orgs o ON o.id = pe.org_id",
      "FROM attempts a",
      {{"score", "COALESCE(a.score, -1)", "COALESCE(a.score, -1)", "a.id", true},
       {"submitted_at", "COALESCE(a.submitted_at, '')", "COALESCE(a.submitted_at, '')", "a.id",
        false},
       {"id", "a.id", "a.id", "a.id", true}},
      "a.id"};
}
// A page: each row's rank counted by SQL (a page is short).
const ListSpec& RankingList() {
  static const ListSpec spec = RankingSpec(kRankSql);
  return spec;
}
// The export: ranks are set in memory (CompetitionRank), not per row.
const ListSpec& UnrankedList() {
  static const ListSpec spec = RankingSpec("NULL");
  return spec;
}

std::optional<int64_t> SecondsBetween(const std::string& from, const std::optional<std::string>& to) {
  if (!to) return std::nullopt;
  auto a = ParseTime(from);
  auto b = ParseTime(*to);
  if (!a || !b) return std::nullopt;
  return std::chrono::duration_cast<std::chrono::seconds>(*b - *a).count();
}

ResultRow RowOf(const storage::Row& r, int64_t pass_points) {
  ResultRow row{r.Int(0),     r.Int(1),     r.Text(2),   r.Text(3),    r.Int(4),
                r.Text(5),    r.OptInt(6),  r.Int(7),    r.Int(8),     r.OptInt(12),
                r.Text(9),    r.OptText(10), r.OptText(11), std::nullopt, false};
  row.time_used_seconds = SecondsBetween(row.started_at, row.submitted_at);
  row.passed = row.status == "submitted" && row.score && *row.score >= pass_points;
  return row;
}

// Whether person `person_id` may take exam `exam_id` (published, eligible).
Result<bool> MayTake(storage::Tx& tx, int64_t person_id, int64_t exam_id) {
  DX_ASSIGN_OR_RETURN(storage::Condition take, ExamService::Eligible(tx, person_id));
  storage::Where w;
  w.And("e.id = ?", {exam_id});
  w.And(std::move(take));
  DX_ASSIGN_OR_RETURN(storage::Rows may, tx.Query("SELECT 1 FROM exams e" + w.Sql(), w.params()));
  return !may.empty();
}

// The exam and which of its attempts the caller reads.
struct Scope {
  Exam exam;
  std::string exam_path;
  bool whole = false;              // reads the exam's org: every attempt
  std::vector<std::string> paths;  // else: takers in these subtrees
};

Result<Scope> LoadScope(storage::Tx& tx, const Context& ctx, int64_t exam_id) {
  Scope s;
  auto exam = ExamService::Load(tx, exam_id, &s.exam_path);
  if (!exam.ok()) return NotFound();
  s.exam = *std::move(exam);
  const auth::Principal& p = *ctx.principal;
  if (p.CanRead(s.exam_path)) {
    s.whole = true;
    return s;
  }
  s.paths = p.ReadablePaths();
  if (s.paths.empty()) return NotFound();
  storage::Where w;
  w.And("a.exam_id = ?", {exam_id});
  w.And(storage::InSubtrees("a.org_path", s.paths));
  DX_ASSIGN_OR_RETURN(storage::Rows any,
                      tx.Query("SELECT 1 FROM attempts a" + w.Sql() + " LIMIT 1", w.params()));
  if (!any.empty()) return s;
  if (p.person_id) {
    DX_ASSIGN_OR_RETURN(bool may, MayTake(tx, *p.person_id, exam_id));
    if (may) return s;
  }
  return NotFound();
}

// The scope and the filter as conditions on attempts `a` (and, for the
// eligible count, on people `pe` with `column` "pe.org_path").
Status AddScope(storage::Tx& tx, const Context& ctx, const Scope& s, const ResultFilter& f,
                std::string_view column, storage::Where& w) {
  if (!s.whole) w.And(storage::InSubtrees(column, s.paths));
  if (f.org_id) {
    auto org = orgs::OrgService::Load(tx, *f.org_id);
    if (!org.ok() || !(s.whole || ctx.principal->CanRead(org->path))) {
      return MakeError(Code::kInvalidArgument, "组织不存在", "org_id");
    }
    w.And(std::string(column) + " LIKE ?", {org->path + "%"});
  }
  return Ok();
}

Result<storage::Where> AttemptWhere(storage::Tx& tx, const Context& ctx, const Scope& s,
                                    const ResultFilter& f, bool with_status) {
  storage::Where w;
  w.And("a.exam_id = ?", {s.exam.id});
  DX_RETURN_IF_ERROR(AddScope(tx, ctx, s, f, "a.org_path", w));
  if (with_status && f.status) {
    if (*f.status != "open" && *f.status != "submitted") {
      return MakeError(Code::kInvalidArgument, "状态无效", "status");
    }
    w.And("a.status = ?", {*f.status});
  }
  return w;
}

ResultStats StatsOf(std::vector<int64_t> scores, int64_t pass_points, int64_t pending) {
  ResultStats st;
  st.pending = pending;
  st.submitted = static_cast<int64_t>(scores.size());
  if (scores.empty()) return st;
  std::sort(scores.begin(), scores.end());
  int64_t sum = 0, passed = 0;
  for (int64_t s : scores) {
    sum += s;
    if (s >= pass_points) ++passed;
  }
  double n = static_cast<double>(scores.size());
  st.average = static_cast<double>(sum) / 100.0 / n;
  st.median = Median(scores) / 100.0;
  st.pass_rate = static_cast<double>(passed) / n;
  st.lowest = static_cast<double>(scores.front()) / 100.0;
  st.highest = static_cast<double>(scores.back()) / 100.0;
  return st;
}

// The submitted scores and pending count under `w` (attempts `a`).
Result<std::pair<std::vector<int64_t>, int64_t>> SubmittedScores(storage::Tx& tx,
                                                                 const storage::Where& w) {
  DX_ASSIGN_OR_RETURN(storage::Rows rows,
                      tx.Query("SELECT COALESCE(a.score, 0), a.pending FROM attempts a" + w.Sql() +
                                   " AND a.status = 'submitted'",
                               w.params()));
  std::pair<std::vector<int64_t>, int64_t> out;
  out.first.reserve(rows.size());
  for (const auto& r : rows) {
    out.first.push_back(r.Int(0));
    out.second += r.Int(1);
  }
  return out;
}

double Rate(int64_t part, int64_t whole) {
  return whole > 0 ? static_cast<double>(part) / static_cast<double>(whole) : 0.0;
}

// Eligible people and takers under the scope, the filter and `subtree`
// ("" for none). Eligible: the people the exam's audience names who are
// still with the organization (not archived, transferred out or deceased).
Result<std::pair<int64_t, int64_t>> Population(storage::Tx& tx, const Context& ctx,
                                               const Scope& s, const ResultFilter& f,
                                               const std::string& subtree) {
  storage::Where people;
  people.And("pe.archived = 0");
  people.And("pe.status = 'active'");
  people.And(std::string(ExamService::EligiblePersonSql()));
  DX_RETURN_IF_ERROR(AddScope(tx, ctx, s, f, "pe.org_path", people));
  if (!subtree.empty()) people.And("pe.org_path LIKE ?", {subtree + "%"});
  const std::string exam_param = people.Bind(s.exam.id);
  const std::string eligible_sql =
      "SELECT COUNT(*) FROM people pe JOIN exams e ON e.id = " + exam_param + people.Sql();
  DX_ASSIGN_OR_RETURN(storage::Row eligible, tx.QueryOne(eligible_sql, people.params()));
  DX_ASSIGN_OR_RETURN(storage::Where w, AttemptWhere(tx, ctx, s, f, false));
  if (!subtree.empty()) w.And("a.org_path LIKE ?", {subtree + "%"});
  DX_ASSIGN_OR_RETURN(storage::Row takers,
                      tx.QueryOne("SELECT COUNT(DISTINCT a.person_id) FROM attempts a" + w.Sql(),
                                  w.params()));
  return std::make_pair(eligible.Int(0), takers.Int(0));
}

struct BranchOrg {
  int64_t id;
  std::string name;
  std::string path;
};

// The orgs the branch table shows (see Summary).
Result<std::vector<BranchOrg>> BranchOrgs(storage::Tx& tx, const Context& ctx, const Scope& s,
                                          const ResultFilter& f) {
  std::vector<BranchOrg> out;
  std::optional<int64_t> parent = f.org_id;
  if (!parent && s.whole) parent = s.exam.org_id;
  if (parent) {
    DX_ASSIGN_OR_RETURN(storage::Rows rows, tx.Query(kChildren, {*parent}));
    for (const auto& r : rows) {
      if (!s.whole && !ctx.principal->CanRead(r.Text(2))) continue;
      out.push_back({r.Int(0), r.Text(1), r.Text(2)});
    }
  } else {
    std::set<std::string> seen;
    for (const auto& g : ctx.principal->grants) {
      if (!ctx.principal->CanRead(g.org_path) || !seen.insert(g.org_path).second) continue;
      out.push_back({g.org_id, g.org_name, g.org_path});
    }
  }
  if (out.size() > kMaxResultBranches) out.resize(kMaxResultBranches);
  return out;
}

Result<ResultSummary> SummaryIn(storage::Tx& tx, const Context& ctx, const Scope& s,
                                const ResultFilter& f) {
  ResultSummary out;
  DX_ASSIGN_OR_RETURN(storage::Where w, AttemptWhere(tx, ctx, s, f, false));
  DX_ASSIGN_OR_RETURN(auto scores, SubmittedScores(tx, w));
  out.bands = ScoreBands(scores.first, s.exam.total_points);
  out.stats = StatsOf(std::move(scores.first), s.exam.pass_points, scores.second);
  DX_ASSIGN_OR_RETURN(auto population, Population(tx, ctx, s, f, ""));
  out.eligible = population.first;
  out.takers = population.second;
  out.participation_rate = Rate(out.takers, out.eligible);
  DX_ASSIGN_OR_RETURN(auto branches, BranchOrgs(tx, ctx, s, f));
  for (const auto& b : branches) {
    BranchResult r;
    r.org_id = b.id;
    r.org_name = b.name;
    DX_ASSIGN_OR_RETURN(auto pop, Population(tx, ctx, s, f, b.path));
    r.eligible = pop.first;
    r.takers = pop.second;
    r.participation_rate = Rate(r.takers, r.eligible);
    storage::Where bw = w;
    bw.And("a.org_path LIKE ?", {b.path + "%"});
    DX_ASSIGN_OR_RETURN(auto bs, SubmittedScores(tx, bw));
    ResultStats st = StatsOf(std::move(bs.first), s.exam.pass_points, bs.second);
    r.submitted = st.submitted;
    r.average = st.average;
    r.pass_rate = st.pass_rate;
    out.branches.push_back(std::move(r));
  }
  return out;
}

}  // namespace

std::vector<ScoreBand> ScoreBands(const std::vector<int64_t>& scores, int64_t total_points) {
  std::vector<ScoreBand> bands(10);
  for (size_t i = 0; i < bands.size(); ++i) {
    bands[i].from = static_cast<double>(total_points * static_cast<int64_t>(i) / 10) / 100.0;
    bands[i].to = static_cast<double>(total_points * static_cast<int64_t>(i + 1) / 10) / 100.0;
  }
  if (total_points <= 0) return bands;
  for (int64_t s : scores) {
    int64_t i = std::clamp<int64_t>(s * 10 / total_points, 0, 9);
    ++bands[static_cast<size_t>(i)].count;
  }
  return bands;
}

double Median(const std::vector<int64_t>& sorted) {
  if (sorted.empty()) return 0;
  size_t n = sorted.size();
  if (n % 2 == 1) return static_cast<double>(sorted[n / 2]);
  return (static_cast<double>(sorted[n / 2 - 1]) + static_cast<double>(sorted[n / 2])) / 2.0;
}

int64_t CompetitionRank(const std::vector<int64_t>& scores_desc, std::optional<int64_t> score) {
  if (!score) return 1;
  auto above = std::lower_bound(scores_desc.begin(), scores_desc.end(), *score, std::greater<>());
  return static_cast<int64_t>(above - scores_desc.begin()) + 1;
}

Result<ResultPage> ResultsService::Ranking(const Context& ctx, int64_t exam_id,
                                           const ResultFilter& filter, const std::string& sort,
                                           const PageRequest& page) {
  DX_ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kRead));
  DX_ASSIGN_OR_RETURN(Scope s, LoadScope(*tx, ctx, exam_id));
  DX_ASSIGN_OR_RETURN(storage::Where w, AttemptWhere(*tx, ctx, s, filter, true));
  DX_ASSIGN_OR_RETURN(ListRows rows,
                      totals_.Page(*tx, RankingList(), w, sort.empty() ? "-score" : sort, page));
  ResultPage out;
  out.page.total = rows.total;
  out.page.next_cursor = rows.next_cursor;
  for (const auto& r : rows.rows) out.page.items.push_back(RowOf(r, s.exam.pass_points));
  DX_ASSIGN_OR_RETURN(auto scores, SubmittedScores(*tx, w));
  out.stats = StatsOf(std::move(scores.first), s.exam.pass_points, scores.second);
  return out;
}

Result<ResultSummary> ResultsService::Summary(const Context& ctx, int64_t exam_id,
                                              const ResultFilter& filter) {
  DX_ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kRead));
  DX_ASSIGN_OR_RETURN(Scope s, LoadScope(*tx, ctx, exam_id));
  return SummaryIn(*tx, ctx, s, filter);
}

Result<ResultExport> ResultsService::Export(const Context& ctx, int64_t exam_id,
                                            const ResultFilter& filter) {
  DX_ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kRead));
  DX_ASSIGN_OR_RETURN(Scope s, LoadScope(*tx, ctx, exam_id));
  DX_ASSIGN_OR_RETURN(storage::Where w, AttemptWhere(*tx, ctx, s, filter, true));
  DX_ASSIGN_OR_RETURN(storage::Row count,
                      tx->QueryOne("SELECT COUNT(*) FROM attempts a" + w.Sql(), w.params()));
  if (count.Int(0) > static_cast<int64_t>(kMaxExportRows)) {
    return MakeError(Code::kTooLarge, "导出行数超过 100000 行，请按组织筛选后分批导出");
  }
  ResultExport out;
  DX_ASSIGN_OR_RETURN(storage::Rows rows, ListQuery::All(*tx, UnrankedList(), w, "-score"));
  DX_ASSIGN_OR_RETURN(storage::Rows scored, tx->Query(kSubmittedScores, {exam_id}));
  std::vector<int64_t> scores_desc;
  scores_desc.reserve(scored.size());
  for (const auto& r : scored) scores_desc.push_back(r.Int(0));
  for (const auto& r : rows) {
    out.rows.push_back(RowOf(r, s.exam.pass_points));
    ResultRow& row = out.rows.back();
    if (row.status == "submitted") row.rank = CompetitionRank(scores_desc, row.score);
  }
  DX_ASSIGN_OR_RETURN(out.summary, SummaryIn(*tx, ctx, s, filter));
  out.exam = std::move(s.exam);
  return out;
}

Result<std::vector<OwnResult>> ResultsService::Mine(const Context& ctx, int64_t exam_id) {
  const auth::Principal& p = *ctx.principal;
  if (!p.person_id) return NotFound();
  DX_ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kRead));
  auto exam = ExamService::Load(*tx, exam_id);
  if (!exam.ok()) return NotFound();
  DX_ASSIGN_OR_RETURN(storage::Rows rows, tx->Query(kOwnAttempts, {exam_id, *p.person_id}));
  if (rows.empty()) {
    DX_ASSIGN_OR_RETURN(bool may, MayTake(*tx, *p.person_id, exam_id));
    if (!may) return NotFound();
  }
  std::vector<OwnResult> out;
  for (const auto& r : rows) {
    OwnResult o;
    o.attempt_id = r.Int(0);
    o.number = r.Int(1);
    o.status = r.Text(2);
    o.started_at = r.Text(3);
    o.submitted_at = r.OptText(4);
    o.time_used_seconds = SecondsBetween(o.started_at, o.submitted_at);
    o.max_score = r.Int(6);
    auto status = kAttemptStatuses.Parse(o.status).value_or(AttemptStatus::kOpen);
    o.reveal = RevealedToTaker(exam->mode, status, ctx.now, exam->closes_at,
                               exam->results_published);
    if (o.reveal && r.OptInt(5)) {
      o.score = r.OptInt(5);
      DX_ASSIGN_OR_RETURN(storage::Row rank, tx->QueryOne(kRankOfScore, {exam_id, *o.score}));
      o.rank = rank.Int(0);
      o.passed = *o.score >= exam->pass_points;
    }
    out.push_back(std::move(o));
  }
  return out;
}

}  // namespace duxing::domain::assessments
