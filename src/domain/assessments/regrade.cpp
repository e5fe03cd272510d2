#include "domain/assessments/regrade.hpp"

#include "domain/assessments/attempt.hpp"
#include "domain/assessments/exam.hpp"
#include "domain/assessments/grading.hpp"
#include "domain/assessments/item_analysis.hpp"
#include "domain/audit/audit_log.hpp"
#include "domain/notifications/notification.hpp"
#include "domain/text_field.hpp"
#include "storage/where.hpp"

namespace duxing::domain::assessments {
namespace {

// Columns of a graded answer (GradedFrom), kVersionContentColumns last.
constexpr std::string_view kGradedColumns =
    "an.attempt_id, an.question_id, pe.name, o.name, aq.points, an.score, an.comment, "
    "an.grade_version, a.score, an.value, ";
constexpr size_t kGradedContentAt = 10;
constexpr std::string_view kGradedFrom =
    "FROM attempt_answers an JOIN attempts a ON a.id = an.attempt_id "
    "JOIN attempt_questions aq ON aq.attempt_id = an.attempt_id AND aq.question_id = "
    "an.question_id JOIN question_versions v ON v.id = aq.question_version_id "
    "JOIN people pe ON pe.id = a.person_id JOIN orgs o ON o.id = pe.org_id";
constexpr std::string_view kGradedCountFrom =
    "FROM attempt_answers an JOIN attempts a ON a.id = an.attempt_id "
    "JOIN attempt_questions aq ON aq.attempt_id = an.attempt_id AND aq.question_id = "
    "an.question_id";
// The attempt and its exam: exam, person, status, the exam's org path,
// results published, title.
constexpr std::string_view kAttemptOfExam =
    "SELECT a.exam_id, a.person_id, a.status, e.org_path, e.results_published, e.title "
    "FROM attempts a JOIN exams e ON e.id = a.exam_id WHERE a.id = $1";
constexpr std::string_view kSetScore =
    "UPDATE attempt_answers SET score = $1, graded_by = $2, graded_at = $3, "
    "grade_version = grade_version + 1, claimed_by = NULL, claimed_until = NULL "
    "WHERE attempt_id = $4 AND question_id = $5 AND grade_version = $6 AND score IS NOT NULL";
constexpr std::string_view kTakerAccounts =
    "SELECT ac.id FROM accounts ac WHERE ac.person_id = $1 AND ac.disabled = 0 ORDER BY ac.id";

const ListSpec& GradedList() {
  // The row id: an answer's attempt and its position in the paper (papers
  // hold fewer than 1000 questions), as the grading queue's.
  static const std::string order = "an.attempt_id * 1000 + aq.position";
  static const ListSpec spec{std::string(kGradedColumns) + std::string(kVersionContentColumns),
                             std::string(kGradedFrom),
                             std::string(kGradedCountFrom),
                             {{"id", order, order, order, true}},
                             order};
  return spec;
}

std::string Joined(const std::vector<std::string>& items, std::string_view sep) {
  std::string out;
  for (const auto& s : items) {
    if (!out.empty()) out += sep;
    out += s;
  }
  return out;
}

std::string OptionTexts(const QuestionContent& q, const std::vector<int64_t>& indexes) {
  std::vector<std::string> texts;
  for (int64_t i : indexes) {
    if (i >= 0 && static_cast<size_t>(i) < q.options.size()) {
      texts.push_back(q.options[static_cast<size_t>(i)]);
    }
  }
  return Joined(texts, "；");
}

// `answer` (as stored: bank option indexes) as the organizer reads it.
std::string AnswerText(const QuestionContent& q, const AnswerValue& answer) {
  switch (q.type) {
    case QuestionType::kSingle:
    case QuestionType::kMultiple: {
      std::vector<int64_t> indexes;
      for (const auto& item : answer) indexes.push_back(std::atoll(item.c_str()));
      return OptionTexts(q, indexes);
    }
    case QuestionType::kTrueFalse:
      if (answer.empty()) return "";
      return answer.front() == "true" ? "正确" : "错误";
    case QuestionType::kFillBlank:
      return Joined(answer, "；");
    case QuestionType::kShortAnswer:
      return answer.empty() ? "" : answer.front();
  }
  return "";
}

// q's answer key (the reference answer of a short answer), readable.
std::string KeyText(const QuestionContent& q) {
  switch (q.type) {
    case QuestionType::kSingle:
    case QuestionType::kMultiple:
      return OptionTexts(q,
                         std::vector<int64_t>(q.correct_options.begin(), q.correct_options.end()));
    case QuestionType::kTrueFalse:
      return q.true_false_answer ? "正确" : "错误";
    case QuestionType::kFillBlank: {
      std::vector<std::string> blanks;
      for (const auto& alternatives : q.blanks) blanks.push_back(Joined(alternatives, " / "));
      return Joined(blanks, "；");
    }
    case QuestionType::kShortAnswer:
      return q.reference_answer;
  }
  return "";
}

GradedAnswer FromRow(const storage::Row& r) {
  GradedAnswer g;
  g.attempt_id = r.Int(0);
  g.question_id = r.Int(1);
  g.person_name = r.Text(2);
  g.org_name = r.Text(3);
  g.points = r.Int(4);
  g.score = r.Int(5);
  g.comment = r.Text(6);
  g.version = r.Int(7);
  g.attempt_score = r.OptInt(8).value_or(0);
  QuestionContent q = VersionContentFromRow(r, kGradedContentAt);
  g.type = q.type;
  g.stem = q.stem;
  g.answer = AnswerText(q, r.IsNull(9) ? AnswerValue{} : SplitItems(r.Text(9)));
  g.reference = KeyText(q);
  return g;
}

// Hundredths as points for people: 8, 8.5, 8.25.
std::string PointsText(int64_t hundredths) {
  std::string out = std::to_string(hundredths / 100);
  int64_t rest = hundredths % 100;
  if (rest == 0) return out;
  out += "." + std::string(rest < 10 ? "0" : "") + std::to_string(rest);
  if (out.back() == '0') out.pop_back();
  return out;
}

// kNotFound for an exam at `path` the caller does not read,
// kPermissionDenied for one they read but do not write.
Status MayRegrade(const auth::Principal& p, bool found, const std::string& path) {
  if (!found || !p.CanRead(path)) return MakeError(Code::kNotFound, "考试不存在");
  if (!p.CanWrite(path)) return MakeError(Code::kPermissionDenied, "只有考试的组织者可以重新评分");
  return Ok();
}

Result<GradedAnswer> LoadGraded(storage::Tx& tx, int64_t attempt_id, int64_t question_id) {
  storage::Where w;
  w.And("an.attempt_id = ?", {attempt_id});
  w.And("an.question_id = ?", {question_id});
  DX_ASSIGN_OR_RETURN(storage::Rows rows, tx.Query("SELECT " + GradedList().columns + " " +
                                                       std::string(kGradedFrom) + w.Sql(),
                                                   w.params()));
  if (rows.empty()) {
    return MakeError(Code::kInvalidArgument, "该题不在这份答卷中或未作答", "question_id");
  }
  if (rows.front().IsNull(5)) {
    return MakeError(Code::kFailedPrecondition, "该题尚未评分，请在阅卷中评定", "question_id");
  }
  return FromRow(rows.front());
}

// Tells the taker's accounts that a published score changed.
Status NotifyTaker(storage::Tx& tx, const Context& ctx, int64_t person_id, int64_t exam_id,
                   const std::string& title, const GradedAnswer& before, int64_t score,
                   const std::string& reason) {
  DX_ASSIGN_OR_RETURN(storage::Rows accounts, tx.Query(kTakerAccounts, {person_id}));
  notifications::NewNotification n;
  n.kind = "exam_regraded";
  n.title = "考试成绩已更正";
  n.text = "“" + title + "”中一道题的得分由 " + PointsText(before.score) + " 分改为 " +
           PointsText(score) + " 分，原因：" + reason + "。请在“我的考试”中查看。";
  n.link = {"exam", exam_id, "/my-exams/" + std::to_string(exam_id)};
  for (const auto& a : accounts) {
    n.account_id = a.Int(0);
    DX_RETURN_IF_ERROR(notifications::Notify(tx, ctx.now, n));
  }
  return Ok();
}

}  // namespace

Result<Page<GradedAnswer>> RegradeService::Graded(const Context& ctx, int64_t exam_id,
                                                  const RegradeFilter& filter,
                                                  const PageRequest& page) {
  DX_ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kRead));
  std::string path;
  auto exam = ExamService::Load(*tx, exam_id, &path);
  DX_RETURN_IF_ERROR(MayRegrade(*ctx.principal, exam.ok(), path));
  storage::Where w;
  w.And("a.exam_id = ?", {exam_id});
  w.And("a.status = 'submitted'");
  w.And("an.score IS NOT NULL");
  if (filter.question_id) w.And("an.question_id = ?", {*filter.question_id});
  if (filter.attempt_id) w.And("an.attempt_id = ?", {*filter.attempt_id});
  DX_ASSIGN_OR_RETURN(ListRows rows, totals_.Page(*tx, GradedList(), w, "", page));
  Page<GradedAnswer> out;
  out.total = rows.total;
  out.next_cursor = rows.next_cursor;
  for (const auto& r : rows.rows) out.items.push_back(FromRow(r));
  return out;
}

Result<GradedAnswer> RegradeService::Regrade(const Context& ctx, int64_t attempt_id,
                                             int64_t question_id, int64_t score,
                                             const std::string& reason, int64_t version) {
  if (reason.empty()) return MakeError(Code::kInvalidArgument, "请填写改分原因", "reason");
  DX_RETURN_IF_ERROR(CheckLineText(reason, "reason", "改分原因", kMaxRegradeReason));
  DX_ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kWrite));
  DX_ASSIGN_OR_RETURN(storage::Rows attempt, tx->Query(kAttemptOfExam, {attempt_id}));
  if (attempt.empty() || !ctx.principal->CanRead(attempt.front().Text(3))) {
    return MakeError(Code::kNotFound, "答卷不存在");
  }
  const storage::Row& a = attempt.front();
  const int64_t exam_id = a.Int(0), person_id = a.Int(1);
  const std::string path = a.Text(3);
  DX_RETURN_IF_ERROR(MayRegrade(*ctx.principal, true, path));
  if (ctx.principal->person_id && *ctx.principal->person_id == person_id) {
    return MakeError(Code::kPermissionDenied, "不能评阅自己的答卷");
  }
  if (a.Text(2) != "submitted") {
    return MakeError(Code::kFailedPrecondition, "答卷尚未提交，不能改分");
  }
  DX_ASSIGN_OR_RETURN(GradedAnswer before, LoadGraded(*tx, attempt_id, question_id));
  if (score < 0 || score > before.points) {
    return MakeError(Code::kInvalidArgument, "得分须在 0 至该题分值之间", "score");
  }
  if (version != before.version) {
    return MakeError(Code::kConflict, "该答案的评分已被他人修改，请刷新后再改", "version");
  }
  if (score == before.score) {
    return MakeError(Code::kFailedPrecondition, "新得分与原得分相同", "score");
  }
  const std::string now = FormatTime(ctx.now);
  DX_ASSIGN_OR_RETURN(int64_t changed, tx->Exec(kSetScore, {score, ctx.principal->account_id, now,
                                                            attempt_id, question_id, version}));
  if (changed == 0) {
    return MakeError(Code::kConflict, "该答案的评分已被他人修改，请刷新后再改", "version");
  }
  DX_RETURN_IF_ERROR(RecomputeAttemptScore(*tx, attempt_id));
  audit::Snapshot before_snap = {{"question_id", std::to_string(question_id)},
                                 {"score", std::to_string(before.score)}};
  audit::Snapshot after_snap = {{"question_id", std::to_string(question_id)},
                                {"score", std::to_string(score)},
                                {"reason", reason}};
  DX_RETURN_IF_ERROR(audit::Record(
      *tx, ctx, {"regrade", "attempt", attempt_id, path, before_snap, after_snap, ""}));
  DX_RETURN_IF_ERROR(ItemAnalysisService::RefreshIn(*tx, exam_id, ctx.now));
  if (a.Bool(4)) {
    DX_RETURN_IF_ERROR(NotifyTaker(*tx, ctx, person_id, exam_id, a.Text(5), before, score, reason));
  }
  DX_ASSIGN_OR_RETURN(GradedAnswer after, LoadGraded(*tx, attempt_id, question_id));
  DX_RETURN_IF_ERROR(tx->Commit());
  return after;
}

}  // namespace duxing::domain::assessments
