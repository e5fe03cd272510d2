#include "domain/assessments/attempt.hpp"

#include <algorithm>
#include <chrono>
#include <map>

#include "domain/assessments/grader.hpp"
#include "domain/assessments/paper.hpp"
#include "domain/audit/audit_log.hpp"
#include "domain/text_field.hpp"

namespace duxing::domain::assessments {
namespace {

constexpr std::string_view kAttemptColumns =
    "SELECT a.id, a.exam_id, a.person_id, a.number, a.status, a.started_at, a.deadline_at, "
    "a.submitted_at, a.submitted_by, a.score, a.max_score, a.pending, a.leave_count, "
    "e.grace_seconds, e.leave_limit, e.mode, e.closes_at, e.results_published, e.org_path "
    "FROM attempts a JOIN exams e ON e.id = a.exam_id WHERE a.id = $1";
// The questions of an attempt with the version drawn and the answer saved.
constexpr std::string_view kAttemptQuestions =
    "SELECT aq.question_id, aq.points, aq.option_order, an.value, an.seq, an.score, an.comment, ";
constexpr std::string_view kAttemptQuestionsFrom =
    " FROM attempt_questions aq JOIN question_versions v ON v.id = aq.question_version_id "
    "LEFT JOIN attempt_answers an ON an.attempt_id = aq.attempt_id "
    "AND an.question_id = aq.question_id WHERE aq.attempt_id = $1";
constexpr size_t kQuestionContentAt = 7;
// Locks an open attempt's row for the rest of the transaction (both engines:
// SQLite serializes writers, PostgreSQL holds the row lock of the UPDATE).
constexpr std::string_view kLockOpen =
    "UPDATE attempts SET leave_count = leave_count WHERE id = $1 AND status = 'open' "
    "RETURNING person_id, exam_id, deadline_at";
constexpr std::string_view kCountLeave =
    "UPDATE attempts SET leave_count = leave_count + 1 WHERE id = $1 AND status = 'open' "
    "AND person_id = $2 RETURNING leave_count";
constexpr std::string_view kLeaveEventSeen =
    "SELECT 1 FROM attempt_leave_events WHERE attempt_id = $1 AND event_id = $2";
constexpr std::string_view kInsertLeaveEvent =
    "INSERT INTO attempt_leave_events (attempt_id, event_id, created_at) VALUES ($1, $2, $3)";
constexpr std::string_view kExamOfAttempt =
    "SELECT e.grace_seconds, e.mode, e.leave_limit, e.partial_credit FROM exams e "
    "JOIN attempts a ON a.exam_id = e.id WHERE a.id = $1";
constexpr std::string_view kCloseAttempt =
    "UPDATE attempts SET status = 'submitted', submitted_at = $1, submitted_by = $2, "
    "version = version + 1 WHERE id = $3 AND status = 'open'";
constexpr std::string_view kSetAttemptScore =
    "UPDATE attempts SET score = $1, pending = $2 WHERE id = $3";
constexpr std::string_view kUpsertAnswer =
    "INSERT INTO attempt_answers (attempt_id, question_id, value, seq, saved_at) "
    "VALUES ($1, $2, $3, $4, $5) ON CONFLICT (attempt_id, question_id) DO UPDATE SET "
    "value = excluded.value, seq = excluded.seq, saved_at = excluded.saved_at "
    "WHERE attempt_answers.seq < excluded.seq RETURNING seq";
// The exam (kExamOfAttempt's columns) with the question's points and drawn
// version when the question is in the attempt (NULLs when not).
constexpr std::string_view kQuestionForSaveHead =
    "SELECT e.grace_seconds, e.mode, e.leave_limit, e.partial_credit, aq.points, aq.option_order, ";
constexpr std::string_view kQuestionForSaveFrom =
    " FROM exams e LEFT JOIN attempt_questions aq ON aq.attempt_id = $1 AND aq.question_id = $2 "
    "LEFT JOIN question_versions v ON v.id = aq.question_version_id WHERE e.id = $3";
constexpr size_t kSavePointsAt = 4;
constexpr size_t kSaveOrderAt = 5;
constexpr size_t kSaveContentAt = 6;
constexpr std::string_view kStoredAnswer =
    "SELECT value, seq FROM attempt_answers WHERE attempt_id = $1 AND question_id = $2";
constexpr std::string_view kAttemptsOfPerson =
    "SELECT id, status, number FROM attempts WHERE exam_id = $1 AND person_id = $2 "
    "ORDER BY number DESC";
constexpr std::string_view kPersonPath = "SELECT org_path FROM people WHERE id = $1";
constexpr std::string_view kInsertAttempt =
    "INSERT INTO attempts (exam_id, person_id, number, org_path, status, started_at, "
    "deadline_at) VALUES ($1, $2, $3, $4, 'open', $5, $6) RETURNING id";
constexpr std::string_view kSetSeed = "UPDATE attempts SET seed = $1, max_score = $2 WHERE id = $3";
const std::vector<std::string_view> kAttemptQuestionColumns = {
    "attempt_id", "position", "question_id", "question_version_id", "points", "option_order"};
// The content of question versions (their id first; QueryIn adds the ids).
const std::string kVersionsOf =
    "SELECT v.id, " + std::string(kVersionContentColumns) + " FROM question_versions v WHERE v.id IN (";
constexpr std::string_view kOverdue =
    "SELECT id, deadline_at FROM attempts WHERE status = 'open' AND deadline_at < $1 "
    "ORDER BY deadline_at, id LIMIT 500";
// Grades an answer at grade version $7 unless another grader holds it; no
// row: the version moved or the claim is another's (a conflict).
constexpr std::string_view kSetGrade =
    "UPDATE attempt_answers SET score = $1, comment = $2, graded_by = $3, graded_at = $4, "
    "grade_version = grade_version + 1, claimed_by = NULL, claimed_until = NULL "
    "WHERE attempt_id = $5 AND question_id = $6 AND grade_version = $7 AND "
    "(claimed_by IS NULL OR claimed_by = $3 OR claimed_until <= $4)";
constexpr std::string_view kAnswerGradeState =
    "SELECT grade_version, claimed_by, claimed_until FROM attempt_answers "
    "WHERE attempt_id = $1 AND question_id = $2";
// Locks the attempt's row for the rest of the transaction before its
// answers are summed: two grades of one attempt's answers then sum one after
// the other (PostgreSQL's READ COMMITTED reads, in the later statement, what
// the other committed), never a total missing the other's score.
constexpr std::string_view kLockAttempt = "UPDATE attempts SET pending = pending WHERE id = $1";
constexpr std::string_view kAnswerScores =
    "SELECT COALESCE(SUM(score), 0), COALESCE(SUM(CASE WHEN score IS NULL THEN 1 ELSE 0 END), 0) "
    "FROM attempt_answers WHERE attempt_id = $1";

Error NotFound() { return MakeError(Code::kNotFound, "答卷不存在"); }

const std::string& QuestionForSaveSql() {
  static const std::string sql = std::string(kQuestionForSaveHead) +
                                 std::string(kVersionContentColumns) +
                                 std::string(kQuestionForSaveFrom);
  return sql;
}

// An attempt row with what its exam says about it.
struct AttemptRow {
  Attempt attempt;
  TimePoint closes_at;
  bool results_published = false;
  std::string exam_org_path;
};

std::optional<TimePoint> OptTime(const std::optional<std::string>& s) {
  if (!s) return std::nullopt;
  return ParseTime(*s);
}

Result<AttemptRow> LoadRow(storage::Tx& tx, int64_t id) {
  DX_ASSIGN_OR_RETURN(storage::Rows rows, tx.Query(kAttemptColumns, {id}));
  if (rows.empty()) return NotFound();
  const auto& r = rows.front();
  AttemptRow out;
  Attempt& a = out.attempt;
  a.id = r.Int(0);
  a.exam_id = r.Int(1);
  a.person_id = r.Int(2);
  a.number = r.Int(3);
  a.status = kAttemptStatuses.Parse(r.Text(4)).value_or(AttemptStatus::kOpen);
  a.started_at = ParseTime(r.Text(5)).value_or(TimePoint{});
  a.deadline_at = ParseTime(r.Text(6)).value_or(TimePoint{});
  a.submitted_at = OptTime(r.OptText(7));
  if (!r.IsNull(8)) a.submitted_by = kSubmittedBy.Parse(r.Text(8));
  a.score = r.OptInt(9);
  a.max_score = r.Int(10);
  a.pending = r.Int(11);
  a.leave_count = r.Int(12);
  a.accept_until = a.deadline_at + std::chrono::seconds(r.Int(13));
  a.leave_limit = r.Int(14);
  a.mode = kExamModes.Parse(r.Text(15)).value_or(ExamMode::kClosedBook);
  out.closes_at = ParseTime(r.Text(16)).value_or(TimePoint{});
  out.results_published = r.Bool(17);
  out.exam_org_path = r.Text(18);
  return out;
}

std::vector<int> ParseOrder(std::string_view text) {
  std::vector<int> out;
  for (int64_t v : SplitInts(text)) out.push_back(static_cast<int>(v));
  return out;
}

std::string FormatOrder(const std::vector<int>& order) {
  return JoinInts(std::vector<int64_t>(order.begin(), order.end()));
}

Status LoadQuestions(storage::Tx& tx, Attempt& a) {
  DX_ASSIGN_OR_RETURN(
      storage::Rows rows,
      tx.Query(std::string(kAttemptQuestions) + std::string(kVersionContentColumns) +
                   std::string(kAttemptQuestionsFrom) + " ORDER BY aq.position",
               {a.id}));
  a.questions.clear();
  for (const auto& r : rows) {
    AttemptQuestion q;
    q.question_id = r.Int(0);
    q.points = r.Int(1);
    q.option_order = ParseOrder(r.Text(2));
    if (!r.IsNull(3)) q.answer = SplitItems(r.Text(3));
    q.seq = r.Int(4);
    q.score = r.OptInt(5);
    q.comment = r.Text(6);
    q.content = VersionContentFromRow(r, kQuestionContentAt);
    a.questions.push_back(std::move(q));
  }
  return Ok();
}

PartialCredit PartialOf(const storage::Row& exam) {
  return kPartialCredits.Parse(exam.Text(3)).value_or(PartialCredit::kNone);
}

// Closes open attempt `id` and grades its objective answers inside `tx`;
// does nothing when it is no longer open (another submit came first).
Status SubmitIn(storage::Tx& tx, int64_t id, SubmittedBy by, TimePoint now) {
  DX_ASSIGN_OR_RETURN(
      int64_t closed,
      tx.Exec(kCloseAttempt, {FormatTime(now), std::string(kSubmittedBy.Name(by)), id}));
  if (closed == 0) return Ok();
  DX_ASSIGN_OR_RETURN(storage::Row exam, tx.QueryOne(kExamOfAttempt, {id}));
  Attempt a;
  a.id = id;
  DX_RETURN_IF_ERROR(LoadQuestions(tx, a));
  int64_t total = 0, pending = 0;
  // The answers' scores in one statement (a hand-in runs inside the answers'
  // shared commit): "... CASE question_id WHEN $2 THEN $3 ... END WHERE
  // attempt_id = $1 AND question_id IN ($2, ...)".
  storage::Params params = {id};
  std::string cases, ids;
  for (const auto& q : a.questions) {
    if (q.seq == 0) continue;  // not answered: no row, no points
    Grade g = GradeAnswer(q.content, q.answer, q.points, PartialOf(exam));
    if (!g.score) {
      ++pending;
      continue;
    }
    total += *g.score;
    const std::string qp = "$" + std::to_string(params.size() + 1);
    cases += " WHEN " + qp + " THEN $" + std::to_string(params.size() + 2);
    ids += (ids.empty() ? "" : ", ") + qp;
    params.push_back(q.question_id);
    params.push_back(*g.score);
  }
  if (!ids.empty()) {
    DX_RETURN_IF_ERROR(tx.Exec("UPDATE attempt_answers SET score = CASE question_id" + cases +
                                   " END WHERE attempt_id = $1 AND question_id IN (" + ids + ")",
                               params));
  }
  DX_RETURN_IF_ERROR(tx.Exec(kSetAttemptScore, {total, pending, id}));
  return Ok();
}

bool Reveals(const AttemptRow& row, const Context& ctx, bool grader) {
  const Attempt& a = row.attempt;
  if (grader) return true;
  return RevealedToTaker(a.mode, a.status, ctx.now, row.closes_at, row.results_published);
}

// Submits `row`'s attempt when it is open past deadline + grace.
Result<bool> SubmitIfOverdue(storage::Tx& tx, const AttemptRow& row, TimePoint now) {
  if (row.attempt.status != AttemptStatus::kOpen || now <= row.attempt.accept_until) return false;
  DX_RETURN_IF_ERROR(SubmitIn(tx, row.attempt.id, SubmittedBy::kDeadline, now));
  return true;
}

Result<Attempt> Finish(storage::Tx& tx, const Context& ctx, int64_t id, bool grader) {
  DX_ASSIGN_OR_RETURN(AttemptRow row, LoadRow(tx, id));
  DX_RETURN_IF_ERROR(LoadQuestions(tx, row.attempt));
  row.attempt.reveal = Reveals(row, ctx, grader);
  return row.attempt;
}

bool IsTaker(const Context& ctx, const Attempt& a) {
  return ctx.principal->person_id && *ctx.principal->person_id == a.person_id;
}

// Save's writes in `tx`: three statements when the answer is new (lock the
// open attempt, read the exam and the question together, upsert).
Result<SaveResult> SaveIn(storage::Tx& tx, const Context& ctx, int64_t attempt_id,
                          int64_t question_id, const AnswerValue& value, int64_t seq) {
  DX_ASSIGN_OR_RETURN(storage::Rows locked, tx.Query(kLockOpen, {attempt_id}));
  if (locked.empty()) {
    auto row = LoadRow(tx, attempt_id);
    if (!row.ok() || !IsTaker(ctx, row->attempt)) return NotFound();
    return MakeError(Code::kFailedPrecondition, "答卷已交，不能再修改答案");
  }
  if (!ctx.principal->person_id || *ctx.principal->person_id != locked.front().Int(0)) {
    return NotFound();
  }
  DX_ASSIGN_OR_RETURN(storage::Row exam,
                      tx.QueryOne(QuestionForSaveSql(), {attempt_id, question_id,
                                                         locked.front().Int(1)}));
  TimePoint deadline = ParseTime(locked.front().Text(2)).value_or(TimePoint{});
  if (ctx.now > deadline + std::chrono::seconds(exam.Int(0))) {
    return MakeError(Code::kFailedPrecondition, "已超过作答时限，答案未保存");
  }
  if (exam.IsNull(kSavePointsAt)) {
    return MakeError(Code::kInvalidArgument, "该题不在您的试卷中", "question_id");
  }
  QuestionContent content = VersionContentFromRow(exam, kSaveContentAt);
  std::vector<int> order = ParseOrder(exam.Text(kSaveOrderAt));
  DX_ASSIGN_OR_RETURN(AnswerValue stored, AnswerFromKeys(content, order, value));
  DX_RETURN_IF_ERROR(ValidateAnswer(content, stored));
  std::string joined = JoinItems(stored);
  DX_ASSIGN_OR_RETURN(storage::Rows written,
                      tx.Query(kUpsertAnswer, {attempt_id, question_id, joined, seq,
                                               FormatTime(ctx.now)}));
  SaveResult out;
  out.applied = !written.empty();
  out.seq = seq;
  if (!out.applied) {  // a newer (or the same) answer is stored: answer with it
    DX_ASSIGN_OR_RETURN(storage::Row row, tx.QueryOne(kStoredAnswer, {attempt_id, question_id}));
    joined = row.Text(0);
    out.seq = row.Int(1);
  }
  stored = SplitItems(joined);
  out.answer = AnswerToKeys(content, order, stored);
  if (exam.Text(1) == kExamModes.Name(ExamMode::kPractice)) {
    assessments::Grade g = GradeAnswer(content, stored, exam.Int(kSavePointsAt), PartialOf(exam));
    out.feedback = Feedback{g.correct, g.score, content, CorrectKeys(content, order)};
  }
  return out;
}

// What a start's writes decided (Start, StartIn).
struct StartOutcome {
  int64_t attempt_id = 0;        // the attempt started or resumed
  std::optional<Error> refused;  // refused after a write that must commit
  bool raced = false;            // another device inserted it first
};

// The number of options of each question version `drawn` names, by version
// id (one statement).
Result<std::map<int64_t, size_t>> OptionCounts(storage::Tx& tx,
                                               const std::vector<DrawnQuestion>& drawn) {
  std::vector<std::string> ids;
  ids.reserve(drawn.size());
  for (const auto& d : drawn) ids.push_back(std::to_string(d.question_version_id));
  DX_ASSIGN_OR_RETURN(storage::Rows rows, storage::QueryIn(tx, kVersionsOf, ")", ids));
  std::map<int64_t, size_t> out;
  for (const auto& r : rows) out[r.Int(0)] = VersionContentFromRow(r, 1).options.size();
  return out;
}

// Start's writes in `tx`: resumes the taker's open attempt, or checks the
// exam's rules and draws a new paper. `may_race`: on a concurrent insert of
// the same attempt, sets `raced` (the caller resumes that one).
Status StartIn(storage::Tx& tx, const Context& ctx, int64_t exam_id, bool may_race,
               StartOutcome& out) {
  const auth::Principal& p = *ctx.principal;
  std::string org_path;
  auto exam = ExamService::Load(tx, exam_id, &org_path);
  if (!exam.ok()) return MakeError(Code::kNotFound, "考试不存在");
  if (!p.person_id) {
    return MakeError(Code::kPermissionDenied, "只有关联了人员档案的账号才能参加考试");
  }
  DX_ASSIGN_OR_RETURN(storage::Condition eligible, ExamService::Eligible(tx, *p.person_id));
  storage::Where w;
  w.And("e.id = ?", {exam_id});
  w.And(std::move(eligible));
  DX_ASSIGN_OR_RETURN(storage::Rows ok, tx.Query("SELECT 1 FROM exams e" + w.Sql(), w.params()));
  if (ok.empty()) {
    if (p.CanRead(org_path)) {
      return MakeError(Code::kPermissionDenied, "您不在本次考试的参考范围内，或考试尚未发布");
    }
    return MakeError(Code::kNotFound, "考试不存在");
  }
  DX_ASSIGN_OR_RETURN(storage::Rows mine, tx.Query(kAttemptsOfPerson, {exam_id, *p.person_id}));
  int64_t submitted = 0;
  for (const auto& r : mine) {
    if (r.Text(1) != "open") {
      ++submitted;
      continue;
    }
    DX_ASSIGN_OR_RETURN(AttemptRow open, LoadRow(tx, r.Int(0)));
    DX_ASSIGN_OR_RETURN(bool closed, SubmitIfOverdue(tx, open, ctx.now));
    if (!closed) {  // resume
      out.attempt_id = open.attempt.id;
      return Ok();
    }
    ++submitted;
  }
  if (ctx.now < exam->opens_at) {
    return MakeError(Code::kFailedPrecondition, "考试尚未开始");
  }
  if (ctx.now >= exam->closes_at) return MakeError(Code::kFailedPrecondition, "考试已结束");
  // An overdue attempt just handed in stays handed in: these commit.
  if (exam->mode == ExamMode::kClosedBook && submitted > 0) {
    out.refused = MakeError(Code::kFailedPrecondition, "闭卷考试只能作答一次");
    return Ok();
  }
  if (exam->attempts_allowed > 0 && submitted >= exam->attempts_allowed) {
    out.refused = MakeError(Code::kFailedPrecondition, "作答次数已用完");
    return Ok();
  }
  TimePoint deadline = exam->closes_at;
  if (exam->time_limit_seconds > 0) {
    deadline = std::min(deadline, ctx.now + std::chrono::seconds(exam->time_limit_seconds));
  }
  DX_ASSIGN_OR_RETURN(storage::Row person, tx.QueryOne(kPersonPath, {*p.person_id}));
  int64_t number = mine.empty() ? 1 : mine.front().Int(2) + 1;
  auto inserted = tx.QueryOne(kInsertAttempt, {exam_id, *p.person_id, number, person.Text(0),
                                               FormatTime(ctx.now), FormatTime(deadline)});
  if (!inserted.ok() && inserted.error().code == Code::kAlreadyExists && may_race) {
    out.raced = true;  // another device started it at the same moment: resume that one
    return inserted.error();
  }
  if (!inserted.ok()) return inserted.error();
  int64_t id = inserted->Int(0);
  uint64_t seed = MixSeed(static_cast<uint64_t>(id), static_cast<uint64_t>(exam_id));
  DX_ASSIGN_OR_RETURN(auto drawn, PaperService::Draw(tx, exam->paper_id, seed));
  std::vector<int> order(drawn.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = static_cast<int>(i);
  if (exam->shuffle) order = Shuffled(drawn.size(), MixSeed(seed, 0x5155));
  // The paper's questions in two statements, not two per question: this
  // runs inside the answers' shared commit, where every statement of a
  // start delays the answers of those already writing.
  DX_ASSIGN_OR_RETURN(auto option_counts, OptionCounts(tx, drawn));
  int64_t max_score = 0;
  std::vector<storage::Params> rows;
  rows.reserve(order.size());
  for (size_t pos = 0; pos < order.size(); ++pos) {
    const DrawnQuestion& d = drawn[static_cast<size_t>(order[pos])];
    auto count = option_counts.find(d.question_version_id);
    if (count == option_counts.end()) return MakeError(Code::kNotFound, "试题版本不存在");
    std::vector<int> options(count->second);
    for (size_t i = 0; i < options.size(); ++i) options[i] = static_cast<int>(i);
    if (exam->shuffle) {
      options = Shuffled(options.size(), MixSeed(seed, static_cast<uint64_t>(d.question_id)));
    }
    rows.push_back({id, static_cast<int64_t>(pos), d.question_id, d.question_version_id, d.points,
                    FormatOrder(options)});
    max_score += d.points;
  }
  DX_RETURN_IF_ERROR(storage::InsertRows(tx, "attempt_questions", kAttemptQuestionColumns, rows,
                                         storage::Returning::kNothing));
  DX_RETURN_IF_ERROR(tx.Exec(kSetSeed, {static_cast<int64_t>(seed >> 1), max_score, id}));
  out.attempt_id = id;
  return Ok();
}

}  // namespace

Result<Attempt> AttemptService::Start(const Context& ctx, int64_t exam_id) {
  // A start's writes (the paper drawn for the taker) share the answers'
  // commit (group commit): 5,000 takers starting within half a minute would
  // otherwise take a transaction and an fsync each, holding SQLite's one
  // writer while the answers of those already started wait. A refusal that
  // follows a write (an overdue attempt handed in) is kept in `refused` so
  // the write commits; the sheet is read once the start is durable.
  for (int round = 0; round < 2; ++round) {
    StartOutcome out;
    Status ran = saves_.Run(
        [&](storage::Tx& tx) -> Status { return StartIn(tx, ctx, exam_id, round == 0, out); });
    if (out.raced) continue;
    DX_RETURN_IF_ERROR(ran);
    if (out.refused) return *out.refused;
    DX_ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kRead));
    return Finish(*tx, ctx, out.attempt_id, false);
  }
  return InternalError("attempt start raced twice");
}

Result<Attempt> AttemptService::Get(const Context& ctx, int64_t attempt_id) {
  // A read transaction serves the common case; an attempt found open past
  // deadline + grace is submitted in a write transaction and read again.
  for (const auto mode : {storage::TxMode::kRead, storage::TxMode::kWrite}) {
    DX_ASSIGN_OR_RETURN(auto tx, db_.Begin(mode));
    DX_ASSIGN_OR_RETURN(AttemptRow row, LoadRow(*tx, attempt_id));
    bool grader = ctx.principal->CanWrite(row.exam_org_path);
    if (!IsTaker(ctx, row.attempt) && !grader) return NotFound();
    bool overdue = row.attempt.status == AttemptStatus::kOpen && ctx.now > row.attempt.accept_until;
    if (overdue && mode == storage::TxMode::kRead) continue;
    DX_ASSIGN_OR_RETURN(bool closed, SubmitIfOverdue(*tx, row, ctx.now));
    DX_ASSIGN_OR_RETURN(Attempt a, Finish(*tx, ctx, attempt_id, grader));
    if (closed) DX_RETURN_IF_ERROR(tx->Commit());
    return a;
  }
  return InternalError("attempt read without an answer");
}

Result<Attempt> AttemptService::Latest(const Context& ctx, int64_t exam_id) {
  Error none = MakeError(Code::kNotFound, "您尚未参加该考试");
  if (!ctx.principal->person_id) return none;
  int64_t latest = 0;
  {
    DX_ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kRead));
    DX_ASSIGN_OR_RETURN(storage::Rows mine,
                        tx->Query(kAttemptsOfPerson, {exam_id, *ctx.principal->person_id}));
    if (mine.empty()) return none;
    latest = mine.front().Int(0);
  }
  return Get(ctx, latest);
}

Result<SaveResult> AttemptService::Save(const Context& ctx, int64_t attempt_id, int64_t question_id,
                                        const AnswerValue& value, int64_t seq) {
  if (seq < 1) return MakeError(Code::kInvalidArgument, "序号须为正整数", "seq");
  // Answers arriving together share one commit (group commit); each returns
  // only once that commit is durable.
  SaveResult out;
  DX_RETURN_IF_ERROR(saves_.Run([&](storage::Tx& tx) -> Status {
    DX_ASSIGN_OR_RETURN(out, SaveIn(tx, ctx, attempt_id, question_id, value, seq));
    return Ok();
  }));
  return out;
}

Result<Attempt> AttemptService::Leave(const Context& ctx, int64_t attempt_id,
                                      const std::string& event_id) {
  if (event_id.empty() || event_id.size() > kMaxLeaveEventId) {
    return MakeError(Code::kInvalidArgument, "事件编号须为 1 至 64 个字符", "event_id");
  }
  DX_RETURN_IF_ERROR(CheckLineText(event_id, "event_id", "事件编号", kMaxLeaveEventId));
  DX_ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kWrite));
  // Locks the open attempt first (as Save and Submit do), so that two
  // events, or an event and a hand-in, are counted one after the other.
  DX_RETURN_IF_ERROR(tx->Query(kLockOpen, {attempt_id}));
  DX_ASSIGN_OR_RETURN(AttemptRow row, LoadRow(*tx, attempt_id));
  if (!IsTaker(ctx, row.attempt)) return NotFound();
  DX_ASSIGN_OR_RETURN(storage::Rows seen, tx->Query(kLeaveEventSeen, {attempt_id, event_id}));
  if (!seen.empty()) return Finish(*tx, ctx, attempt_id, false);  // a retry: counted once
  DX_ASSIGN_OR_RETURN(bool closed, SubmitIfOverdue(*tx, row, ctx.now));
  if (!closed) {
    if (row.attempt.status != AttemptStatus::kOpen) {
      return MakeError(Code::kFailedPrecondition, "答卷已交");
    }
    DX_RETURN_IF_ERROR(tx->Exec(kInsertLeaveEvent, {attempt_id, event_id, FormatTime(ctx.now)}));
    DX_ASSIGN_OR_RETURN(storage::Row count,
                        tx->QueryOne(kCountLeave, {attempt_id, row.attempt.person_id}));
    if (row.attempt.mode == ExamMode::kClosedBook && row.attempt.leave_limit > 0 &&
        count.Int(0) >= row.attempt.leave_limit) {
      DX_RETURN_IF_ERROR(SubmitIn(*tx, attempt_id, SubmittedBy::kLeaveLimit, ctx.now));
    }
  }
  DX_ASSIGN_OR_RETURN(Attempt a, Finish(*tx, ctx, attempt_id, false));
  DX_RETURN_IF_ERROR(tx->Commit());
  return a;
}

Result<Attempt> AttemptService::Submit(const Context& ctx, int64_t attempt_id) {
  // The hand-in's writes share the answers' commit (group commit): hand-ins
  // come in a burst at the end of an exam, and one transaction and fsync
  // each would hold SQLite's one writer while thousands of answers wait.
  // The answer sheet returned is read once the hand-in is durable.
  DX_RETURN_IF_ERROR(saves_.Run([&](storage::Tx& tx) -> Status {
    DX_ASSIGN_OR_RETURN(storage::Rows locked, tx.Query(kLockOpen, {attempt_id}));
    DX_ASSIGN_OR_RETURN(AttemptRow row, LoadRow(tx, attempt_id));
    if (!IsTaker(ctx, row.attempt)) return NotFound();
    if (locked.empty()) return Ok();  // handed in already: answer with the sheet
    DX_ASSIGN_OR_RETURN(bool closed, SubmitIfOverdue(tx, row, ctx.now));
    if (!closed) DX_RETURN_IF_ERROR(SubmitIn(tx, attempt_id, SubmittedBy::kTaker, ctx.now));
    return Ok();
  }));
  DX_ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kRead));
  return Finish(*tx, ctx, attempt_id, false);
}

Result<int64_t> AttemptService::SubmitOverdue(TimePoint now) {
  int64_t submitted = 0;
  // Two passes keep the batches bounded: first those past the longest grace
  // (certainly overdue), then those past their deadline, checked one by one.
  for (const bool certain : {true, false}) {
    for (int batch = 0; batch < 1000; ++batch) {
      DX_ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kWrite));
      TimePoint before = certain ? now - std::chrono::seconds(kMaxGraceSeconds) : now;
      DX_ASSIGN_OR_RETURN(storage::Rows rows, tx->Query(kOverdue, {FormatTime(before)}));
      int64_t done = 0;
      for (const auto& r : rows) {
        DX_ASSIGN_OR_RETURN(AttemptRow row, LoadRow(*tx, r.Int(0)));
        DX_ASSIGN_OR_RETURN(bool closed, SubmitIfOverdue(*tx, row, now));
        if (closed) ++done;
      }
      DX_RETURN_IF_ERROR(tx->Commit());
      submitted += done;
      if (rows.size() < 500 || (!certain && done == 0)) break;
    }
  }
  return submitted;
}

Result<Attempt> AttemptService::Grade(const Context& ctx, int64_t attempt_id, int64_t question_id,
                                      int64_t score, const std::string& comment,
                                      std::optional<int64_t> version) {
  DX_RETURN_IF_ERROR(CheckMultilineText(comment, "comment", "评语", kMaxGradeComment));
  DX_ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kWrite));
  DX_ASSIGN_OR_RETURN(AttemptRow row, LoadRow(*tx, attempt_id));
  DX_ASSIGN_OR_RETURN(GradingRole role, GradingRoleOf(*tx, *ctx.principal, row.attempt.exam_id,
                                                      row.exam_org_path));
  if (role == GradingRole::kNone) {
    if (!ctx.principal->CanRead(row.exam_org_path)) return NotFound();
    return NoGradingRight(*ctx.principal, row.exam_org_path);
  }
  if (IsTaker(ctx, row.attempt)) {
    return MakeError(Code::kPermissionDenied, "不能评阅自己的答卷");
  }
  if (row.attempt.status != AttemptStatus::kSubmitted) {
    return MakeError(Code::kFailedPrecondition, "答卷尚未提交，不能评分");
  }
  if (row.results_published) {
    return MakeError(Code::kFailedPrecondition, "成绩已发布，不能再评分；已评分的作答如需改分请使用“重新评分”");
  }
  DX_RETURN_IF_ERROR(LoadQuestions(*tx, row.attempt));
  auto q = std::find_if(row.attempt.questions.begin(), row.attempt.questions.end(),
                        [&](const AttemptQuestion& x) { return x.question_id == question_id; });
  if (q == row.attempt.questions.end()) {
    return MakeError(Code::kInvalidArgument, "该题不在这份答卷中", "question_id");
  }
  if (q->content.type != QuestionType::kShortAnswer) {
    return MakeError(Code::kFailedPrecondition, "只有简答题需要人工评分", "question_id");
  }
  if (q->seq == 0) return MakeError(Code::kFailedPrecondition, "该题未作答", "question_id");
  if (score < 0 || score > q->points) {
    return MakeError(Code::kInvalidArgument, "得分须在 0 至该题分值之间", "score");
  }
  if (q->score) {  // a change of a given score names its reason: regrade.hpp
    return MakeError(Code::kFailedPrecondition,
                     role == GradingRole::kGrader
                         ? "该题已评分，改分请联系考试组织者"
                         : "该题已评分，如需改分请使用“重新评分”并填写原因",
                     "score");
  }
  DX_ASSIGN_OR_RETURN(storage::Row state, tx->QueryOne(kAnswerGradeState, {attempt_id, question_id}));
  const std::string now = FormatTime(ctx.now);
  if (!state.IsNull(1) && state.Int(1) != ctx.principal->account_id && state.Text(2) > now) {
    return MakeError(Code::kConflict, "该答案正由其他评阅人评阅", "version");
  }
  if (version && *version != state.Int(0)) {
    return MakeError(Code::kConflict, "该答案的评分已被他人修改，请刷新后再评", "version");
  }
  DX_ASSIGN_OR_RETURN(int64_t graded,
                      tx->Exec(kSetGrade, {score, comment, ctx.principal->account_id, now,
                                           attempt_id, question_id, state.Int(0)}));
  if (graded == 0) {
    return MakeError(Code::kConflict, "该答案的评分已被他人修改，请刷新后再评", "version");
  }
  DX_RETURN_IF_ERROR(RecomputeAttemptScore(*tx, attempt_id));
  audit::Snapshot before = {
      {"question_id", std::to_string(question_id)},
      {"score", q->score ? std::optional(std::to_string(*q->score)) : std::nullopt},
      {"comment", q->comment}};
  audit::Snapshot after = {{"question_id", std::to_string(question_id)},
                           {"score", std::to_string(score)},
                           {"comment", comment}};
  DX_RETURN_IF_ERROR(audit::Record(
      *tx, ctx, {"grade", "attempt", attempt_id, row.exam_org_path, before, after, ""}));
  // Keys and scores for the organizer only: a grader reads the answers.
  DX_ASSIGN_OR_RETURN(Attempt a, Finish(*tx, ctx, attempt_id, role == GradingRole::kOrganizer));
  a.blind = role == GradingRole::kGrader;
  DX_RETURN_IF_ERROR(tx->Commit());
  return a;
}

Status RecomputeAttemptScore(storage::Tx& tx, int64_t attempt_id) {
  DX_RETURN_IF_ERROR(tx.Exec(kLockAttempt, {attempt_id}));
  DX_ASSIGN_OR_RETURN(storage::Row sums, tx.QueryOne(kAnswerScores, {attempt_id}));
  DX_RETURN_IF_ERROR(tx.Exec(kSetAttemptScore, {sums.Int(0), sums.Int(1), attempt_id}));
  return Ok();
}

std::vector<PaperOption> PaperOptions(const AttemptQuestion& q) {
  std::vector<PaperOption> out;
  std::vector<int> shown = ShownOrder(q.content, q.option_order);
  for (size_t p = 0; p < shown.size(); ++p) {
    out.push_back({OptionKey(p), q.content.options[static_cast<size_t>(shown[p])]});
  }
  return out;
}

AnswerValue PaperAnswer(const AttemptQuestion& q) {
  return AnswerToKeys(q.content, q.option_order, q.answer);
}

std::vector<std::string> PaperCorrectOptions(const AttemptQuestion& q) {
  return CorrectKeys(q.content, q.option_order);
}

bool RevealedToTaker(ExamMode mode, AttemptStatus status, TimePoint now, TimePoint closes_at,
                     bool results_published) {
  if (status != AttemptStatus::kSubmitted) return false;
  if (mode == ExamMode::kPractice) return true;
  return now >= closes_at && results_published;
}

}  // namespace duxing::domain::assessments
