// The assessment services on every engine of TestDatabaseUrls(): question
// versions kept by papers and attempts, drawing by rules and the check that
// the bank holds enough, eligibility, closed-book rules, and attempts that
// lose no answer: server deadline and grace with an injected clock,
// auto-submit, save ordering and idempotency, idempotent submit, grading of
// short answers and results.
#include "domain/assessments/attempt.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <algorithm>
#include <set>

#include "domain/assessments/assessment_test_fixture.hpp"
#include "domain/assessments/exam.hpp"
#include "domain/assessments/grader.hpp"
#include "domain/assessments/results.hpp"
#include "domain/assessments/paper.hpp"
#include "domain/assessments/question.hpp"
#include "domain/auth/auth_service.hpp"
#include "domain/orgs/org.hpp"
#include "domain/people/person.hpp"
#include "testing/result_matchers.hpp"
#include "testing/test_databases.hpp"

namespace duxing::domain::assessments {
namespace {

TEST_P(AssessmentTest, AnEditIsANewVersionAndPapersAndAttemptsKeepTheirs) {
  Question q = AddQuestion(SingleChoice("第一版题干"), period_);
  Paper paper = FixedPaper({q.id});
  QuestionContent edited = SingleChoice("第二版题干");
  ASSERT_OK_AND_ASSIGN(Question v2,
                       bank_->Update(As(admin_), q.id, q.version, {root_.id, period_, {}, edited}));
  EXPECT_EQ(v2.version_number, 2);
  EXPECT_EQ(v2.content.stem, "第二版题干");
  EXPECT_NE(v2.version_id, q.version_id);
  ExpectError(bank_->Update(As(admin_), q.id, q.version, {root_.id, period_, {}, edited}),
              Code::kConflict, "version");
  QuestionContent retyped = ShortAnswer();
  ExpectError(bank_->Update(As(admin_), q.id, v2.version, {root_.id, period_, {}, retyped}),
              Code::kInvalidArgument, "type");
  Exam exam = MakeExam(paper.id);
  ASSERT_OK_AND_ASSIGN(Attempt a, attempts_->Start(As(taker_), exam.id));
  ASSERT_EQ(a.questions.size(), 1u);
  EXPECT_EQ(a.questions[0].content.stem, "第一版题干");
  // A member never reads the bank; another org's staff neither.
  ExpectError(bank_->Get(As(taker_), q.id), Code::kNotFound);
}

TEST_P(AssessmentTest, RulesDrawFromTheCategorySubtreeAndTheCheckNamesTheShortRule) {
  std::set<int64_t> ids;
  for (int i = 0; i < 3; ++i)
    ids.insert(AddQuestion(SingleChoice("题" + std::to_string(i)), period_).id);
  AddQuestion(ShortAnswer(), party_);
  Paper p;
  p.org_id = root_.id;
  p.title = "随机卷";
  p.kind = PaperKind::kRules;
  p.rules = {{party_, QuestionType::kSingle, std::nullopt, 2, 100},
             {party_, QuestionType::kSingle, std::nullopt, 2, 100}};
  // Three singles in all: the second rule finds one left.
  auto short_of = papers_->Create(As(admin_), p);
  ExpectError(short_of, Code::kFailedPrecondition, "rules[1]");
  EXPECT_NE(short_of.error().message.find("第 2 条"), std::string::npos)
      << short_of.error().message;
  p.rules = {{party_, QuestionType::kSingle, std::nullopt, 2, 100},
             {party_, QuestionType::kShortAnswer, std::nullopt, 1, 1000}};
  ASSERT_OK_AND_ASSIGN(Paper paper, papers_->Create(As(admin_), p));
  EXPECT_EQ(paper.total_points, 1200);
  p.rules = {{period_, QuestionType::kSingle, 5, 1, 100}};  // no difficulty-5 question
  ExpectError(papers_->Create(As(admin_), p), Code::kFailedPrecondition, "rules[0]");

  auto tx = db().Begin(storage::TxMode::kRead);
  ASSERT_TRUE(tx.ok());
  ASSERT_OK_AND_ASSIGN(auto first, PaperService::Draw(**tx, paper.id, 7));
  ASSERT_OK_AND_ASSIGN(auto again, PaperService::Draw(**tx, paper.id, 7));
  ASSERT_EQ(first.size(), 3u);
  std::set<int64_t> drawn;
  for (size_t i = 0; i < first.size(); ++i) {
    EXPECT_EQ(first[i].question_id, again[i].question_id);
    drawn.insert(first[i].question_id);
  }
  EXPECT_EQ(drawn.size(), 3u);  // no question twice
  EXPECT_TRUE(ids.contains(first[0].question_id) && ids.contains(first[1].question_id));
  EXPECT_EQ(first[2].points, 1000);
}

TEST_P(AssessmentTest, DeadlineGraceAndAutoSubmitFollowTheServerClock) {
  Question q = AddQuestion(SingleChoice("题"), period_);
  Exam exam = MakeExam(FixedPaper({q.id}).id);
  ASSERT_OK_AND_ASSIGN(Attempt a, attempts_->Start(As(taker_), exam.id));
  EXPECT_EQ(a.deadline_at, now_ + seconds(600));
  // Within the grace period a save in flight is accepted...
  ASSERT_OK(attempts_->Save(As(taker_, seconds(620)), a.id, q.id, {KeyOf(a, q.id, "乙")}, 1));
  // ...after it, refused, and nothing changes.
  ExpectError(attempts_->Save(As(taker_, seconds(631)), a.id, q.id, {KeyOf(a, q.id, "丙")}, 2),
              Code::kFailedPrecondition);
  ASSERT_OK_AND_ASSIGN(int64_t early, attempts_->SubmitOverdue(now_ + seconds(630)));
  EXPECT_EQ(early, 0);
  ASSERT_OK_AND_ASSIGN(int64_t due, attempts_->SubmitOverdue(now_ + seconds(631)));
  EXPECT_EQ(due, 1);
  ASSERT_OK_AND_ASSIGN(int64_t twice, attempts_->SubmitOverdue(now_ + seconds(700)));
  EXPECT_EQ(twice, 0);
  ASSERT_OK_AND_ASSIGN(Attempt done, attempts_->Get(As(admin_), a.id));
  EXPECT_EQ(done.status, AttemptStatus::kSubmitted);
  EXPECT_EQ(done.submitted_by, SubmittedBy::kDeadline);
  EXPECT_EQ(done.score, 200);  // the answer saved in the grace period counts
}

TEST_P(AssessmentTest, TheDeadlineNeverPassesTheClose) {
  Question q = AddQuestion(SingleChoice("题"), period_);
  Exam e = MakeExam(FixedPaper({q.id}).id);
  Exam changed = e;
  changed.closes_at = now_ + seconds(100);
  ASSERT_OK(exams_->Update(As(admin_), e.id, e.version, changed));
  ASSERT_OK_AND_ASSIGN(Attempt a, attempts_->Start(As(taker_), e.id));
  EXPECT_EQ(a.deadline_at, now_ + seconds(100));
}

TEST_P(AssessmentTest, SavesAreIdempotentAndALateRetryNeverOverwritesANewerAnswer) {
  Question q1 = AddQuestion(SingleChoice("题一"), period_);
  Question q2 = AddQuestion(SingleChoice("题二"), period_);
  Question outside = AddQuestion(SingleChoice("卷外题"), period_);
  Exam exam = MakeExam(FixedPaper({q1.id, q2.id}).id);
  ASSERT_OK_AND_ASSIGN(Attempt a, attempts_->Start(As(taker_), exam.id));
  const std::string right = KeyOf(a, q1.id, "乙");
  ASSERT_OK_AND_ASSIGN(SaveResult newer, attempts_->Save(As(taker_), a.id, q1.id, {right}, 5));
  EXPECT_TRUE(newer.applied);
  EXPECT_EQ(newer.answer, AnswerValue{right});
  ASSERT_OK_AND_ASSIGN(SaveResult late,
                       attempts_->Save(As(taker_), a.id, q1.id, {KeyOf(a, q1.id, "丁")}, 4));
  EXPECT_FALSE(late.applied);
  EXPECT_EQ(late.seq, 5);
  EXPECT_EQ(late.answer, AnswerValue{right});
  ASSERT_OK_AND_ASSIGN(SaveResult retry, attempts_->Save(As(taker_), a.id, q1.id, {right}, 5));
  EXPECT_FALSE(retry.applied);
  EXPECT_EQ(retry.seq, 5);
  EXPECT_FALSE(retry.feedback);  // closed book: no feedback
  ExpectError(attempts_->Save(As(taker_), a.id, outside.id, {"A"}, 6), Code::kInvalidArgument,
              "question_id");
  ExpectError(attempts_->Save(As(taker_), a.id, q2.id, {"9"}, 6), Code::kInvalidArgument, "value");
  ExpectError(attempts_->Save(As(outsider_), a.id, q2.id, {"A"}, 6), Code::kNotFound);
  // Resuming (another device) returns the same attempt with the answer.
  ASSERT_OK_AND_ASSIGN(Attempt resumed, attempts_->Start(As(taker_, seconds(10)), exam.id));
  EXPECT_EQ(resumed.id, a.id);
  EXPECT_EQ(resumed.deadline_at, a.deadline_at);
  for (const auto& q : resumed.questions) {
    if (q.question_id == q1.id) EXPECT_EQ(PaperAnswer(q), AnswerValue{right});
  }
  // Submit twice: one submission, the same result; then nothing is accepted.
  ASSERT_OK_AND_ASSIGN(Attempt once, attempts_->Submit(As(taker_, seconds(20)), a.id));
  ASSERT_OK_AND_ASSIGN(Attempt twice, attempts_->Submit(As(taker_, seconds(25)), a.id));
  EXPECT_EQ(once.score, 200);
  EXPECT_EQ(twice.score, 200);
  EXPECT_EQ(twice.submitted_at, once.submitted_at);
  EXPECT_FALSE(twice.reveal);  // closed book: hidden until closed and published
  ExpectError(attempts_->Save(As(taker_, seconds(30)), a.id, q2.id, {"A"}, 7),
              Code::kFailedPrecondition);
  // Closed book: no second attempt.
  ExpectError(attempts_->Start(As(taker_, seconds(40)), exam.id), Code::kFailedPrecondition);
  // Not eligible: another org's member does not even see the exam.
  ExpectError(attempts_->Start(As(outsider_), exam.id), Code::kNotFound);
}

// A closed-book exam's burst of starts at its opening and of hand-ins at its
// end must not take a commit each while answers wait (bench/exam_load.sh):
// on SQLite a start, a save and a hand-in all share the answers' commits,
// and a refused one writes nothing.
TEST_P(AssessmentTest, StartsSavesAndHandInsShareTheAnswersCommits) {
  if (db().backend() != storage::Backend::kSqlite) GTEST_SKIP() << "grouped on SQLite only";
  Question q1 = AddQuestion(SingleChoice("题一"), period_);
  Exam exam = MakeExam(FixedPaper({q1.id}).id);
  const uint64_t before = attempts_->grouped_writes();
  ASSERT_OK_AND_ASSIGN(Attempt a, attempts_->Start(As(taker_), exam.id));
  EXPECT_EQ(attempts_->grouped_writes(), before + 1);
  EXPECT_EQ(a.questions.size(), 1u);  // the sheet is read after the commit
  ASSERT_OK(attempts_->Save(As(taker_), a.id, q1.id, {KeyOf(a, q1.id, "乙")}, 1));
  EXPECT_EQ(attempts_->grouped_writes(), before + 2);
  ExpectError(attempts_->Submit(As(outsider_), a.id), Code::kNotFound);
  ASSERT_OK_AND_ASSIGN(Attempt done, attempts_->Submit(As(taker_, seconds(5)), a.id));
  EXPECT_EQ(attempts_->grouped_writes(), before + 4);
  EXPECT_EQ(done.status, AttemptStatus::kSubmitted);
  EXPECT_EQ(done.score, done.questions.front().points);  // answered right
  // The refused start after the hand-in still answers with its reason.
  ExpectError(attempts_->Start(As(taker_, seconds(10)), exam.id), Code::kFailedPrecondition);
}

TEST_P(AssessmentTest, ShuffleIsPerTakerAndDeterministic) {
  std::vector<int64_t> ids;
  for (int i = 0; i < 12; ++i)
    ids.push_back(AddQuestion(SingleChoice("题" + std::to_string(i)), period_).id);
  Exam exam = MakeExam(FixedPaper(ids).id);
  ASSERT_OK_AND_ASSIGN(Attempt a, attempts_->Start(As(taker_), exam.id));
  std::vector<int64_t> order;
  bool options_moved = false;
  for (const auto& q : a.questions) {
    order.push_back(q.question_id);
    options_moved |= q.option_order != std::vector<int>{0, 1, 2, 3};
  }
  EXPECT_NE(order, ids);
  EXPECT_TRUE(options_moved);
  ASSERT_OK_AND_ASSIGN(Attempt again, attempts_->Get(As(taker_), a.id));
  for (size_t i = 0; i < again.questions.size(); ++i) {
    EXPECT_EQ(again.questions[i].question_id, order[i]);
  }
}

// Option keys are the attempt's: two takers of one closed-book exam read
// "A", "B", ... over differently shuffled options, each answer is mapped back
// to the bank's option on save, and the same choice grades the same.
TEST_P(AssessmentTest, OptionKeysArePerAttemptAndMapBackToTheBanksOptions) {
  auth::Principal second = AddPerson("王五", first_);
  std::vector<int64_t> ids;
  for (int i = 0; i < 6; ++i)
    ids.push_back(AddQuestion(SingleChoice("题" + std::to_string(i)), period_).id);
  Exam exam = MakeExam(FixedPaper(ids).id);
  ASSERT_OK_AND_ASSIGN(Attempt one, attempts_->Start(As(taker_), exam.id));
  ASSERT_OK_AND_ASSIGN(Attempt two, attempts_->Start(As(second), exam.id));
  // Each paper keys its options A..D in its own order, never by bank index.
  int differ = 0;
  for (int64_t id : ids) {
    for (const Attempt* a : {&one, &two}) {
      auto q = std::find_if(a->questions.begin(), a->questions.end(),
                            [&](const AttemptQuestion& x) { return x.question_id == id; });
      ASSERT_NE(q, a->questions.end());
      std::vector<std::string> keys;
      for (const auto& option : PaperOptions(*q)) keys.push_back(option.key);
      EXPECT_EQ(keys, (std::vector<std::string>{"A", "B", "C", "D"}));
    }
    if (KeyOf(one, id, "乙") != KeyOf(two, id, "乙")) ++differ;
  }
  EXPECT_GT(differ, 0) << "two takers' papers key the right option alike on every question";
  // The right option in each taker's own keys: both score full marks, and
  // each reads back the key they sent.
  int64_t seq = 0;
  for (int64_t id : ids) {
    ++seq;
    ASSERT_OK_AND_ASSIGN(SaveResult s1,
                         attempts_->Save(As(taker_), one.id, id, {KeyOf(one, id, "乙")}, seq));
    EXPECT_EQ(s1.answer, AnswerValue{KeyOf(one, id, "乙")});
    ASSERT_OK(attempts_->Save(As(second), two.id, id, {KeyOf(two, id, "乙")}, seq));
  }
  // A key that is not on the paper is refused, a bank index included.
  ExpectError(attempts_->Save(As(taker_), one.id, ids[0], {"E"}, 50), Code::kInvalidArgument,
              "value");
  ExpectError(attempts_->Save(As(taker_), one.id, ids[0], {"1"}, 50), Code::kInvalidArgument,
              "value");
  ExpectError(attempts_->Save(As(taker_), one.id, ids[0], {"a"}, 50), Code::kInvalidArgument,
              "value");
  ASSERT_OK_AND_ASSIGN(Attempt read, attempts_->Get(As(taker_), one.id));
  for (const auto& q : read.questions) {
    EXPECT_EQ(PaperAnswer(q), AnswerValue{KeyOf(one, q.question_id, "乙")});
    EXPECT_EQ(q.answer, AnswerValue{"1"});  // stored as the bank's option
  }
  ASSERT_OK_AND_ASSIGN(Attempt done_one, attempts_->Submit(As(taker_), one.id));
  ASSERT_OK_AND_ASSIGN(Attempt done_two, attempts_->Submit(As(second), two.id));
  EXPECT_EQ(done_one.score, 1200);
  EXPECT_EQ(done_two.score, 1200);
  // The organizer reads the key in the taker's keys too.
  ASSERT_OK_AND_ASSIGN(Attempt graded, attempts_->Get(As(admin_), two.id));
  for (const auto& q : graded.questions) {
    EXPECT_EQ(PaperCorrectOptions(q), std::vector<std::string>{KeyOf(two, q.question_id, "乙")});
  }
}

TEST_P(AssessmentTest, PracticeGivesFeedbackAndRepeats) {
  Question q = AddQuestion(SingleChoice("题"), period_);
  Exam exam = MakeExam(FixedPaper({q.id}).id, ExamMode::kPractice);
  ASSERT_OK_AND_ASSIGN(Attempt a, attempts_->Start(As(taker_), exam.id));
  ASSERT_OK_AND_ASSIGN(SaveResult s,
                       attempts_->Save(As(taker_), a.id, q.id, {KeyOf(a, q.id, "丙")}, 1));
  ASSERT_TRUE(s.feedback);
  EXPECT_FALSE(s.feedback->correct);
  EXPECT_EQ(s.feedback->key.explanation, "乙是正确答案");
  // Practice does not shuffle: the paper's keys follow the bank's order.
  EXPECT_EQ(s.feedback->correct_options, std::vector<std::string>{"B"});
  EXPECT_EQ(s.answer, AnswerValue{"C"});
  ASSERT_OK_AND_ASSIGN(Attempt done, attempts_->Submit(As(taker_), a.id));
  EXPECT_TRUE(done.reveal);
  ASSERT_OK_AND_ASSIGN(Attempt second, attempts_->Start(As(taker_), exam.id));
  EXPECT_NE(second.id, a.id);
  EXPECT_EQ(second.number, 2);
}

TEST_P(AssessmentTest, LatestIsTheCallersOwnNewestAttempt) {
  Question q = AddQuestion(SingleChoice("题"), period_);
  Exam exam = MakeExam(FixedPaper({q.id}).id, ExamMode::kPractice);
  EXPECT_EQ(attempts_->Latest(As(taker_), exam.id).error().code, Code::kNotFound);
  ASSERT_OK_AND_ASSIGN(Attempt first, attempts_->Start(As(taker_), exam.id));
  ASSERT_OK(attempts_->Save(As(taker_), first.id, q.id, {"B"}, 1));
  ASSERT_OK_AND_ASSIGN(Attempt open, attempts_->Latest(As(taker_), exam.id));
  EXPECT_EQ(open.id, first.id);
  EXPECT_EQ(open.status, AttemptStatus::kOpen);
  ASSERT_EQ(open.questions.size(), 1u);
  EXPECT_EQ(PaperAnswer(open.questions[0]), AnswerValue{"B"});
  ASSERT_OK(attempts_->Submit(As(taker_), first.id));
  ASSERT_OK_AND_ASSIGN(Attempt second, attempts_->Start(As(taker_), exam.id));
  ASSERT_OK_AND_ASSIGN(Attempt latest, attempts_->Latest(As(taker_), exam.id));
  EXPECT_EQ(latest.id, second.id);
  // Nobody else's: another member, and staff without a person record.
  EXPECT_EQ(attempts_->Latest(As(outsider_), exam.id).error().code, Code::kNotFound);
  EXPECT_EQ(attempts_->Latest(As(admin_), exam.id).error().code, Code::kNotFound);
}

TEST_P(AssessmentTest, LeavingThePageTooOftenSubmits) {
  Question q = AddQuestion(SingleChoice("题"), period_);
  Exam e = MakeExam(FixedPaper({q.id}).id);
  Exam limited = e;
  limited.leave_limit = 2;
  ASSERT_OK(exams_->Update(As(admin_), e.id, e.version, limited));
  ASSERT_OK_AND_ASSIGN(Attempt a, attempts_->Start(As(taker_), e.id));
  ASSERT_OK_AND_ASSIGN(Attempt once, attempts_->Leave(As(taker_), a.id, "e1"));
  EXPECT_EQ(once.status, AttemptStatus::kOpen);
  EXPECT_EQ(once.leave_count, 1);
  // A retry of the same event (a lost answer, a second tab) counts once.
  ASSERT_OK_AND_ASSIGN(Attempt retried, attempts_->Leave(As(taker_), a.id, "e1"));
  EXPECT_EQ(retried.status, AttemptStatus::kOpen);
  EXPECT_EQ(retried.leave_count, 1);
  ExpectError(attempts_->Leave(As(taker_), a.id, ""), Code::kInvalidArgument, "event_id");
  ExpectError(attempts_->Leave(As(outsider_), a.id, "e2"), Code::kNotFound);
  ASSERT_OK_AND_ASSIGN(Attempt twice, attempts_->Leave(As(taker_), a.id, "e2"));
  EXPECT_EQ(twice.status, AttemptStatus::kSubmitted);
  EXPECT_EQ(twice.submitted_by, SubmittedBy::kLeaveLimit);
  EXPECT_EQ(twice.leave_count, 2);
  // The event that submitted it, retried, answers the same submission.
  ASSERT_OK_AND_ASSIGN(Attempt again, attempts_->Leave(As(taker_), a.id, "e2"));
  EXPECT_EQ(again.status, AttemptStatus::kSubmitted);
  EXPECT_EQ(again.leave_count, 2);
  EXPECT_EQ(again.submitted_at, twice.submitted_at);
  ExpectError(attempts_->Leave(As(taker_), a.id, "e3"), Code::kFailedPrecondition);
}

TEST_P(AssessmentTest, ShortAnswersAreGradedByPeopleBeforeResultsArePublished) {
  Question single = AddQuestion(SingleChoice("题"), period_);
  Question essay = AddQuestion(ShortAnswer(), period_);
  Paper paper;
  paper.org_id = root_.id;
  paper.title = "含简答题";
  paper.items = {{single.id, 0, 200}, {essay.id, 0, 1000}};
  ASSERT_OK_AND_ASSIGN(Paper created, papers_->Create(As(admin_), paper));
  Exam e = MakeExam(created.id);
  ASSERT_OK_AND_ASSIGN(Attempt a, attempts_->Start(As(taker_), e.id));
  ASSERT_OK(attempts_->Save(As(taker_), a.id, single.id, {KeyOf(a, single.id, "乙")}, 1));
  ASSERT_OK(attempts_->Save(As(taker_), a.id, essay.id, {"学史明理"}, 2));
  ASSERT_OK_AND_ASSIGN(Attempt submitted, attempts_->Submit(As(taker_), a.id));
  EXPECT_EQ(submitted.score, 200);
  EXPECT_EQ(submitted.pending, 1);
  GraderService graders(db());
  ASSERT_OK_AND_ASSIGN(auto queue, graders.Queue(As(admin_), e.id, {}, {}));
  ASSERT_EQ(queue.page.items.size(), 1u);
  EXPECT_EQ(queue.page.items[0].answer, "学史明理");
  EXPECT_EQ(queue.page.items[0].person_name, "张三");
  ExpectError(exams_->PublishResults(As(admin_), e.id, e.version), Code::kFailedPrecondition);
  ExpectError(attempts_->Grade(As(taker_), a.id, essay.id, 800, ""), Code::kNotFound);
  ExpectError(attempts_->Grade(As(admin_), a.id, essay.id, 1001, ""), Code::kInvalidArgument,
              "score");
  ExpectError(attempts_->Grade(As(admin_), a.id, single.id, 100, ""), Code::kFailedPrecondition,
              "question_id");
  ASSERT_OK_AND_ASSIGN(Attempt graded,
                       attempts_->Grade(As(admin_), a.id, essay.id, 800, "要点基本齐全"));
  EXPECT_EQ(graded.score, 1000);
  EXPECT_EQ(graded.pending, 0);
  ASSERT_OK_AND_ASSIGN(Exam published, exams_->PublishResults(As(admin_), e.id, e.version));
  EXPECT_TRUE(published.results_published);
  // Hidden until the exam closes, then shown.
  ASSERT_OK_AND_ASSIGN(Attempt before_close, attempts_->Get(As(taker_), a.id));
  EXPECT_FALSE(before_close.reveal);
  ASSERT_OK_AND_ASSIGN(Attempt after_close, attempts_->Get(As(taker_, seconds(3600)), a.id));
  EXPECT_TRUE(after_close.reveal);
  ResultsService results_service(db());
  ASSERT_OK_AND_ASSIGN(ResultPage results, results_service.Ranking(As(admin_), e.id, {}, "", {}));
  ASSERT_EQ(results.page.items.size(), 1u);
  EXPECT_EQ(results.stats.submitted, 1);
  EXPECT_DOUBLE_EQ(results.stats.average, 10.0);
  ExpectError(results_service.Ranking(As(taker_), e.id, {}, "", {}), Code::kNotFound);
}

INSTANTIATE_TEST_SUITE_P(Engines, AssessmentTest, ::testing::ValuesIn(test::TestDatabaseUrls()),
                         test::UrlParamName());

}  // namespace
}  // namespace duxing::domain::assessments
