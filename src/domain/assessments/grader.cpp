#include "domain/assessments/grader.hpp"

#include <chrono>
#include <set>

#include "domain/assessments/exam.hpp"
#include "domain/audit/audit_log.hpp"
#include "domain/versioned_write.hpp"
#include "storage/where.hpp"

namespace duxing::domain::assessments {
namespace {

constexpr std::string_view kIsGrader =
    "SELECT 1 FROM exam_graders WHERE exam_id = $1 AND account_id = $2";
constexpr std::string_view kGraders =
    "SELECT g.account_id, ac.username, ac.display_name FROM exam_graders g "
    "JOIN accounts ac ON ac.id = g.account_id WHERE g.exam_id = $1 ORDER BY g.account_id";
constexpr std::string_view kAccount = "SELECT disabled FROM accounts WHERE id = $1";
// Whether person `pe` may take exam `e` (named, or in its population,
// published or not) or has an attempt of it.
std::string TakesOrTookSql() {
  return "(" + std::string(ExamService::EligiblePersonSql()) +
         " OR EXISTS (SELECT 1 FROM attempts ta WHERE ta.exam_id = e.id AND ta.person_id = pe.id))";
}
// Whether account $1's person may take exam $2 or took it.
const std::string& MayTakeOrTookSql() {
  static const std::string sql =
      "SELECT 1 FROM accounts ac JOIN people pe ON pe.id = ac.person_id JOIN exams e ON e.id = $2 "
      "WHERE ac.id = $1 AND " +
      TakesOrTookSql();
  return sql;
}
// The one rule of who may grade exam $1 (see GraderService::Candidates), on
// accounts aliased `ac`, $2 the exam org's subtree (its path and '%'): used
// by the picker and by SetGraders alike.
const std::string& CandidateFromWhere() {
  static const std::string sql =
      "FROM accounts ac JOIN exams e ON e.id = $1 "
      "WHERE ac.disabled = 0 AND (EXISTS (SELECT 1 FROM people cp WHERE cp.id = ac.person_id "
      "AND cp.org_path LIKE $2) OR EXISTS (SELECT 1 FROM role_grants cg JOIN orgs co ON "
      "co.id = cg.org_id WHERE cg.account_id = ac.id AND co.path LIKE $2)) "
      "AND NOT EXISTS (SELECT 1 FROM people pe WHERE pe.id = ac.person_id AND " +
      TakesOrTookSql() + ")";
  return sql;
}
// Grader candidates of exam $1: $3 the search pattern, $4 the limit.
const std::string& CandidatesSql() {
  static const std::string sql =
      "SELECT ac.id, ac.username, ac.display_name " + CandidateFromWhere() +
      " AND (ac.username LIKE $3 ESCAPE '\\' OR ac.display_name LIKE $3 ESCAPE '\\') "
      "ORDER BY ac.display_name, ac.id LIMIT $4";
  return sql;
}
// Whether account $3 is a grader candidate of exam $1.
const std::string& IsCandidateSql() {
  static const std::string sql = "SELECT 1 " + CandidateFromWhere() + " AND ac.id = $3";
  return sql;
}
// The exam's version moves with its graders: a set read before another
// organizer's change is stale.
constexpr std::string_view kBumpExam =
    "UPDATE exams SET version = version + 1, updated_at = $1 WHERE id = $2 AND version = $3";
constexpr std::string_view kClearGraders = "DELETE FROM exam_graders WHERE exam_id = $1";
constexpr std::string_view kAddGrader =
    "INSERT INTO exam_graders (exam_id, account_id, created_at) VALUES ($1, $2, $3)";
constexpr std::string_view kAssignments =
    "SELECT e.id, e.title, "
    "(SELECT COUNT(*) FROM attempt_answers an JOIN attempts a ON a.id = an.attempt_id "
    "JOIN attempt_questions aq ON aq.attempt_id = an.attempt_id AND aq.question_id = "
    "an.question_id JOIN question_versions v ON v.id = aq.question_version_id "
    "WHERE a.exam_id = e.id AND a.status = 'submitted' AND an.score IS NULL AND "
    "v.type = 'short_answer'), "
    "(SELECT COUNT(*) FROM attempt_answers an JOIN attempts a ON a.id = an.attempt_id "
    "WHERE a.exam_id = e.id AND an.score IS NULL AND an.claimed_by = $1 AND "
    "an.claimed_until > $2) "
    "FROM exam_graders g JOIN exams e ON e.id = g.exam_id "
    "WHERE g.account_id = $1 AND e.archived = 0 ORDER BY e.id DESC LIMIT 200";
// Claims one answer unless another grader holds it.
constexpr std::string_view kClaimAnswer =
    "UPDATE attempt_answers SET claimed_by = $1, claimed_until = $2 WHERE attempt_id = $3 "
    "AND question_id = $4 AND score IS NULL AND (claimed_by IS NULL OR claimed_by = $1 OR "
    "claimed_until <= $5)";
constexpr std::string_view kRelease =
    "UPDATE attempt_answers SET claimed_by = NULL, claimed_until = NULL WHERE claimed_by = $1 "
    "AND attempt_id IN (SELECT id FROM attempts WHERE exam_id = $2)";

constexpr std::string_view kQueueFrom =
    "FROM attempt_answers an JOIN attempts a ON a.id = an.attempt_id "
    "JOIN attempt_questions aq ON aq.attempt_id = an.attempt_id AND aq.question_id = "
    "an.question_id JOIN question_versions v ON v.id = aq.question_version_id "
    "JOIN people pe ON pe.id = a.person_id JOIN orgs o ON o.id = pe.org_id "
    "LEFT JOIN accounts cb ON cb.id = an.claimed_by";
constexpr std::string_view kQueueCountFrom =
    "FROM attempt_answers an JOIN attempts a ON a.id = an.attempt_id "
    "JOIN attempt_questions aq ON aq.attempt_id = an.attempt_id AND aq.question_id = "
    "an.question_id JOIN question_versions v ON v.id = aq.question_version_id";

const ListSpec& QueueList() {
  // The row id: an answer's attempt and its position in the paper (papers
  // hold fewer than 1000 questions).
  static const std::string order = "an.attempt_id * 1000 + aq.position";
  static const ListSpec spec{
      "an.attempt_id, an.question_id, pe.name, o.name, v.stem, v.answer_key, an.value, "
      "aq.points, an.score, an.grade_version, an.claimed_by, an.claimed_until, cb.display_name",
      std::string(kQueueFrom),
      std::string(kQueueCountFrom),
      {{"id", order, order, order, true}},
      order};
  return spec;
}

Error NotFound() { return MakeError(Code::kNotFound, "考试不存在"); }

struct GradingExam {
  std::string path;
  GradingRole role = GradingRole::kNone;
};

// The exam and the caller's part in grading it; refuses kNone.
Result<GradingExam> LoadForGrading(storage::Tx& tx, const auth::Principal& p, int64_t exam_id) {
  GradingExam g;
  auto exam = ExamService::Load(tx, exam_id, &g.path);
  if (!exam.ok()) return NotFound();
  DX_ASSIGN_OR_RETURN(g.role, GradingRoleOf(tx, p, exam_id, g.path));
  if (g.role == GradingRole::kNone) return NoGradingRight(p, g.path);
  return g;
}

Result<storage::Where> QueueWhere(int64_t exam_id, const GradingExam& g,
                                  const GradingFilter& f) {
  if (f.graded && g.role != GradingRole::kOrganizer) {
    return MakeError(Code::kPermissionDenied, "只有组织者可以查看和修改已评分的答案");
  }
  storage::Where w;
  w.And("a.exam_id = ?", {exam_id});
  w.And("a.status = 'submitted'");
  w.And("v.type = 'short_answer'");
  w.And(f.graded ? "an.score IS NOT NULL" : "an.score IS NULL");
  if (f.question_id) w.And("an.question_id = ?", {*f.question_id});
  if (f.attempt_id) w.And("an.attempt_id = ?", {*f.attempt_id});
  return w;
}

GradingItem ItemOf(const storage::Row& r, const Context& ctx, bool blind) {
  GradingItem it;
  it.attempt_id = r.Int(0);
  it.question_id = r.Int(1);
  if (!blind) {
    it.person_name = r.Text(2);
    it.org_name = r.Text(3);
  }
  it.stem = r.Text(4);
  it.reference_answer = r.Text(5);
  it.answer = r.Text(6);
  it.points = r.Int(7);
  it.score = r.OptInt(8);
  it.version = r.Int(9);
  auto until = r.OptText(11);
  bool live = until && *until > FormatTime(ctx.now);
  if (live && !r.IsNull(10)) {
    it.claimed_by_me = r.Int(10) == ctx.principal->account_id;
    it.claimed_by_other = !it.claimed_by_me;
    it.claimed_until = until;
    it.claimed_by_name = r.Text(12);
  }
  return it;
}

std::vector<Grader> GradersOf(const storage::Rows& rows) {
  std::vector<Grader> out;
  for (const auto& r : rows) out.push_back({r.Int(0), r.Text(1), r.Text(2)});
  return out;
}

// Whether `p` organizes an exam at `path` (`found`: the exam exists):
// kNotFound for an exam they do not read, kPermissionDenied for one they
// read but do not write.
Status MayAssignGraders(bool found, const std::string& path, const auth::Principal& p) {
  if (!found || !p.CanRead(path)) return NotFound();
  if (!p.CanWrite(path)) return MakeError(Code::kPermissionDenied, "无权为该考试指定评阅人");
  return Ok();
}

// The org path of exam `exam_id` when `p` organizes it (MayAssignGraders).
Result<std::string> OrganizedExamPath(storage::Tx& tx, const auth::Principal& p,
                                      int64_t exam_id) {
  std::string path;
  auto exam = ExamService::Load(tx, exam_id, &path);
  DX_RETURN_IF_ERROR(MayAssignGraders(exam.ok(), path, p));
  return path;
}

// Refuses account `account_id` as a grader of exam `exam_id` (org at
// `path`) unless it is a candidate (IsCandidateSql, the picker's rule),
// naming why on `field`: an unknown or disabled account (kInvalidArgument),
// one whose person may take or took the exam, or one outside the exam org's
// subtree (kFailedPrecondition).
Status CheckCandidate(storage::Tx& tx, int64_t exam_id, const std::string& path,
                      int64_t account_id, const std::string& field) {
  DX_ASSIGN_OR_RETURN(storage::Rows candidate,
                      tx.Query(IsCandidateSql(), {exam_id, path + "%", account_id}));
  if (!candidate.empty()) return Ok();
  DX_ASSIGN_OR_RETURN(storage::Rows rows, tx.Query(kAccount, {account_id}));
  if (rows.empty() || rows.front().Bool(0)) {
    return MakeError(Code::kInvalidArgument, "账号不存在或已停用", field);
  }
  DX_ASSIGN_OR_RETURN(storage::Rows taker, tx.Query(MayTakeOrTookSql(), {account_id, exam_id}));
  if (!taker.empty()) {
    return MakeError(Code::kFailedPrecondition, "该账号本人可以参加或已参加本考试，不能担任评阅人",
                     field);
  }
  return MakeError(Code::kFailedPrecondition,
                   "该账号不属于本考试所属组织（含下级组织），不能担任评阅人", field);
}

}  // namespace

Result<bool> MayTakeOrTook(storage::Tx& tx, int64_t account_id, int64_t exam_id) {
  DX_ASSIGN_OR_RETURN(storage::Rows rows, tx.Query(MayTakeOrTookSql(), {account_id, exam_id}));
  return !rows.empty();
}

Result<GradingRole> GradingRoleOf(storage::Tx& tx, const auth::Principal& p, int64_t exam_id,
                                  const std::string& exam_path) {
  if (p.CanWrite(exam_path)) return GradingRole::kOrganizer;
  DX_ASSIGN_OR_RETURN(storage::Rows rows, tx.Query(kIsGrader, {exam_id, p.account_id}));
  if (rows.empty()) return GradingRole::kNone;
  // Assigned before the exam's population grew to include them: no longer.
  DX_ASSIGN_OR_RETURN(bool taker, MayTakeOrTook(tx, p.account_id, exam_id));
  return taker ? GradingRole::kNone : GradingRole::kGrader;
}

Error NoGradingRight(const auth::Principal& p, const std::string& exam_path) {
  if (p.CanRead(exam_path)) return MakeError(Code::kPermissionDenied, "无权评阅该考试");
  return NotFound();
}

Result<GraderSet> GraderService::SetGraders(const Context& ctx, int64_t exam_id, int64_t version,
                                            const std::vector<int64_t>& account_ids) {
  if (account_ids.size() > kMaxGraders) {
    return MakeError(Code::kInvalidArgument, "评阅人最多 100 位", "account_ids");
  }
  DX_ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kWrite));
  std::string path;
  auto exam = ExamService::Load(*tx, exam_id, &path);
  DX_RETURN_IF_ERROR(MayAssignGraders(exam.ok(), path, *ctx.principal));
  if (exam->archived) return MakeError(Code::kFailedPrecondition, "考试已归档");
  if (exam->version != version) return StaleVersion();
  for (size_t i = 0; i < account_ids.size(); ++i) {
    DX_RETURN_IF_ERROR(CheckCandidate(*tx, exam_id, path, account_ids[i],
                                      "account_ids[" + std::to_string(i) + "]"));
  }
  DX_ASSIGN_OR_RETURN(storage::Rows before, tx->Query(kGraders, {exam_id}));
  std::vector<int64_t> before_ids;
  for (const auto& r : before) before_ids.push_back(r.Int(0));
  std::set<int64_t> unique(account_ids.begin(), account_ids.end());
  DX_ASSIGN_OR_RETURN(int64_t bumped, tx->Exec(kBumpExam, {FormatTime(ctx.now), exam_id, version}));
  if (bumped == 0) return StaleVersion();
  DX_RETURN_IF_ERROR(tx->Exec(kClearGraders, {exam_id}));
  for (int64_t id : unique) {
    DX_RETURN_IF_ERROR(tx->Exec(kAddGrader, {exam_id, id, FormatTime(ctx.now)}));
  }
  std::vector<int64_t> after_ids(unique.begin(), unique.end());
  audit::Snapshot before_snap = {{"graders", JoinInts(before_ids)}};
  audit::Snapshot after_snap = {{"graders", JoinInts(after_ids)}};
  DX_RETURN_IF_ERROR(audit::Record(
      *tx, ctx, {"assign_graders", "exam", exam_id, path, before_snap, after_snap, ""}));
  DX_ASSIGN_OR_RETURN(storage::Rows rows, tx->Query(kGraders, {exam_id}));
  DX_RETURN_IF_ERROR(tx->Commit());
  return GraderSet{version + 1, GradersOf(rows)};
}

Result<std::vector<Grader>> GraderService::Candidates(const Context& ctx, int64_t exam_id,
                                                      const std::string& q, int64_t limit) {
  DX_ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kRead));
  DX_ASSIGN_OR_RETURN(std::string path, OrganizedExamPath(*tx, *ctx.principal, exam_id));
  if (q.size() > kMaxCandidateQueryBytes) {
    return MakeError(Code::kInvalidArgument, "搜索词过长", "q");
  }
  if (limit < 1 || limit > kMaxCandidates) {
    return MakeError(Code::kInvalidArgument,
                     "limit 须在 1 到 " + std::to_string(kMaxCandidates) + " 之间", "limit");
  }
  DX_ASSIGN_OR_RETURN(storage::Rows rows,
                      tx->Query(CandidatesSql(),
                                {exam_id, path + "%", storage::ContainsPattern(q), limit}));
  return GradersOf(rows);
}

Result<GraderSet> GraderService::Graders(const Context& ctx, int64_t exam_id) {
  DX_ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kRead));
  std::string path;
  auto exam = ExamService::Load(*tx, exam_id, &path);
  if (!exam.ok() || !ctx.principal->CanRead(path)) return NotFound();
  DX_ASSIGN_OR_RETURN(storage::Rows rows, tx->Query(kGraders, {exam_id}));
  return GraderSet{exam->version, GradersOf(rows)};
}

Result<std::vector<GradingAssignment>> GraderService::Assignments(const Context& ctx) {
  DX_ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kRead));
  DX_ASSIGN_OR_RETURN(storage::Rows rows,
                      tx->Query(kAssignments, {ctx.principal->account_id, FormatTime(ctx.now)}));
  std::vector<GradingAssignment> out;
  for (const auto& r : rows) out.push_back({r.Int(0), r.Text(1), r.Int(2), r.Int(3)});
  return out;
}

Result<GradingPage> GraderService::Queue(const Context& ctx, int64_t exam_id,
                                         const GradingFilter& filter, const PageRequest& page) {
  DX_ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kRead));
  DX_ASSIGN_OR_RETURN(GradingExam g, LoadForGrading(*tx, *ctx.principal, exam_id));
  DX_ASSIGN_OR_RETURN(storage::Where w, QueueWhere(exam_id, g, filter));
  DX_ASSIGN_OR_RETURN(ListRows rows, totals_.Page(*tx, QueueList(), w, "", page));
  GradingPage out;
  out.blind = g.role == GradingRole::kGrader;
  out.page.total = rows.total;
  out.page.next_cursor = rows.next_cursor;
  for (const auto& r : rows.rows) out.page.items.push_back(ItemOf(r, ctx, out.blind));
  return out;
}

Result<GradingPage> GraderService::Claim(const Context& ctx, int64_t exam_id,
                                         const GradingFilter& filter, int64_t limit) {
  if (limit < 1 || limit > kMaxClaim) {
    return MakeError(Code::kInvalidArgument, "每次领取 1 至 50 份", "limit");
  }
  if (filter.graded) return MakeError(Code::kInvalidArgument, "已评分的答案不能领取", "graded");
  DX_ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kWrite));
  DX_ASSIGN_OR_RETURN(GradingExam g, LoadForGrading(*tx, *ctx.principal, exam_id));
  DX_ASSIGN_OR_RETURN(storage::Where w, QueueWhere(exam_id, g, filter));
  const std::string now = FormatTime(ctx.now);
  const std::string until = FormatTime(ctx.now + std::chrono::minutes(kClaimMinutes));
  w.And("(an.claimed_by IS NULL OR an.claimed_by = ? OR an.claimed_until <= ?)",
        {ctx.principal->account_id, now});
  DX_ASSIGN_OR_RETURN(storage::Rows candidates,
                      tx->Query("SELECT " + QueueList().columns + " " + std::string(kQueueFrom) +
                                    w.Sql() + " ORDER BY " + QueueList().row_id + " LIMIT " +
                                    std::to_string(limit),
                                w.params()));
  GradingPage out;
  out.blind = g.role == GradingRole::kGrader;
  for (const auto& r : candidates) {
    // Conditional per answer: one that another grader took since the read
    // (another process) is skipped, not taken over.
    DX_ASSIGN_OR_RETURN(int64_t n, tx->Exec(kClaimAnswer, {ctx.principal->account_id, until,
                                                           r.Int(0), r.Int(1), now}));
    if (n == 0) continue;
    GradingItem it = ItemOf(r, ctx, out.blind);
    it.claimed_by_me = true;
    it.claimed_by_other = false;
    it.claimed_until = until;
    out.page.items.push_back(std::move(it));
  }
  DX_RETURN_IF_ERROR(tx->Commit());
  out.page.total = static_cast<int64_t>(out.page.items.size());
  return out;
}

Result<int64_t> GraderService::Release(const Context& ctx, int64_t exam_id) {
  DX_ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kWrite));
  DX_RETURN_IF_ERROR(LoadForGrading(*tx, *ctx.principal, exam_id));
  DX_ASSIGN_OR_RETURN(int64_t n, tx->Exec(kRelease, {ctx.principal->account_id, exam_id}));
  DX_RETURN_IF_ERROR(tx->Commit());
  return n;
}

}  // namespace duxing::domain::assessments
