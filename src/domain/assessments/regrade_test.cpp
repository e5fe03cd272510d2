// Regrading by the organizer, on every engine of TestDatabaseUrls(): any
// graded answer, with a reason and the grade version read; the attempt's
// total follows, the change is audited, the item analysis is queued again,
// and after publication the taker is notified; refusals write nothing.
#include "domain/assessments/regrade.hpp"

#include <gtest/gtest.h>

#include <latch>
#include <thread>
#include <vector>

#include "domain/assessments/assessment_test_fixture.hpp"
#include "domain/assessments/item_analysis.hpp"
#include "domain/assessments/results.hpp"

namespace duxing::domain::assessments {
namespace {

class RegradeTest : public AssessmentTest {
 protected:
  void SetUp() override {
    AssessmentTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    choice_ = AddQuestion(SingleChoice("遵义会议召开于哪一年？"), period_);
    essay_ = AddQuestion(ShortAnswer(), period_);
    Paper paper;
    paper.org_id = root_.id;
    paper.title = "改分测试卷";
    paper.items = {{choice_.id, 0, 1000}, {essay_.id, 0, 1000}};
    ASSERT_OK_AND_ASSIGN(Paper created, papers_->Create(As(admin_), paper));
    exam_ = MakeExam(created.id);
    // The taker picks 甲 (the key says 乙) and writes an essay, graded 5.
    ASSERT_OK_AND_ASSIGN(Attempt a, attempts_->Start(As(taker_), exam_.id));
    ASSERT_OK(attempts_->Save(As(taker_), a.id, choice_.id, {KeyOf(a, choice_.id, "甲")}, 1));
    ASSERT_OK(attempts_->Save(As(taker_), a.id, essay_.id, {"学史明理"}, 2));
    ASSERT_OK(attempts_->Submit(As(taker_), a.id));
    ASSERT_OK(attempts_->Grade(As(admin_), a.id, essay_.id, 500, "一般"));
    attempt_ = a.id;
  }

  // The graded answer to `question_id` of the taker's attempt, as listed.
  GradedAnswer Listed(int64_t question_id) {
    RegradeService regrades(db());
    RegradeFilter f;
    f.attempt_id = attempt_;
    auto page = regrades.Graded(As(admin_), exam_.id, f, {});
    EXPECT_TRUE(page.ok()) << Describe(page.error());
    if (page.ok()) {
      for (const auto& g : page->items) {
        if (g.question_id == question_id) return g;
      }
    }
    ADD_FAILURE() << "question " << question_id << " not listed";
    return {};
  }

  int64_t Count(const std::string& sql, const storage::Params& params) {
    auto tx = db().Begin(storage::TxMode::kRead);
    EXPECT_TRUE(tx.ok());
    auto row = (*tx)->QueryOne(sql, params);
    EXPECT_TRUE(row.ok()) << Describe(row.error());
    return row.ok() ? row->Int(0) : -1;
  }

  Question choice_, essay_;
  Exam exam_;
  int64_t attempt_ = 0;
};

TEST_P(RegradeTest, TheOrganizerChangesAnyGradedScoreWithAReasonAndTheTotalFollows) {
  RegradeService regrades(db());
  ASSERT_OK_AND_ASSIGN(Page<GradedAnswer> all, regrades.Graded(As(admin_), exam_.id, {}, {}));
  ASSERT_EQ(all.items.size(), 2u) << "the objective answer and the graded essay";
  GradedAnswer choice = Listed(choice_.id);
  EXPECT_EQ(choice.person_name, "张三");
  EXPECT_EQ(choice.answer, "甲") << "readable, not a key or a bank index";
  EXPECT_EQ(choice.reference, "乙");
  EXPECT_EQ(choice.score, 0);
  EXPECT_EQ(choice.attempt_score, 500);
  RegradeFilter by_question;
  by_question.question_id = essay_.id;
  ASSERT_OK_AND_ASSIGN(Page<GradedAnswer> essays,
                       regrades.Graded(As(admin_), exam_.id, by_question, {}));
  ASSERT_EQ(essays.items.size(), 1u);
  EXPECT_EQ(essays.items[0].answer, "学史明理");
  EXPECT_EQ(essays.items[0].comment, "一般");

  // Refusals write nothing.
  const std::string reason = "答案键有误，乙应为甲";
  ExpectError(regrades.Regrade(As(admin_), attempt_, choice_.id, 1000, "", choice.version),
              Code::kInvalidArgument, "reason");
  ExpectError(
      regrades.Regrade(As(admin_), attempt_, choice_.id, 1000, "第一行\n第二行", choice.version),
      Code::kInvalidArgument, "reason");
  ExpectError(regrades.Regrade(As(admin_), attempt_, choice_.id, 1001, reason, choice.version),
              Code::kInvalidArgument, "score");
  ExpectError(regrades.Regrade(As(admin_), attempt_, choice_.id, 0, reason, choice.version),
              Code::kFailedPrecondition, "score");
  ExpectError(regrades.Regrade(As(admin_), attempt_, choice_.id, 1000, reason, choice.version + 1),
              Code::kConflict, "version");
  ExpectError(regrades.Regrade(As(admin_), attempt_, 999999, 1000, reason, 1),
              Code::kInvalidArgument, "question_id");
  ExpectError(regrades.Regrade(As(taker_), attempt_, choice_.id, 1000, reason, choice.version),
              Code::kNotFound);
  ExpectError(regrades.Graded(As(taker_), exam_.id, {}, {}), Code::kNotFound);
  auth::Principal secretary = AddPerson("书记", first_, auth::Role::kBranchSecretary);
  ExpectError(regrades.Graded(As(secretary), exam_.id, {}, {}), Code::kNotFound);
  // Nobody grades a given score again without a reason, organizers included.
  ExpectError(attempts_->Grade(As(admin_), attempt_, essay_.id, 900, ""), Code::kFailedPrecondition,
              "score");
  EXPECT_EQ(Listed(choice_.id).score, 0);
  EXPECT_EQ(Listed(choice_.id).version, choice.version);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE action = 'regrade'", {}), 0);

  ASSERT_OK_AND_ASSIGN(GradedAnswer changed, regrades.Regrade(As(admin_), attempt_, choice_.id,
                                                              1000, reason, choice.version));
  EXPECT_EQ(changed.score, 1000);
  EXPECT_EQ(changed.attempt_score, 1500);
  EXPECT_EQ(changed.version, choice.version + 1);
  // The version read before is stale now: another organizer's change is 409.
  ExpectError(regrades.Regrade(As(admin_), attempt_, choice_.id, 500, reason, choice.version),
              Code::kConflict, "version");
  GradedAnswer essay = Listed(essay_.id);
  ASSERT_OK_AND_ASSIGN(GradedAnswer lowered, regrades.Regrade(As(admin_), attempt_, essay_.id, 350,
                                                              "评分过宽", essay.version));
  EXPECT_EQ(lowered.attempt_score, 1350);
  ASSERT_OK_AND_ASSIGN(Attempt stored, attempts_->Get(As(admin_), attempt_));
  EXPECT_EQ(stored.score, 1350);
  EXPECT_EQ(stored.pending, 0);
  // Audited with the scores before and after and the reason.
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE action = 'regrade' AND record_type = "
                  "'attempt' AND record_id = $1",
                  {attempt_}),
            2);
  {
    auto tx = db().Begin(storage::TxMode::kRead);
    ASSERT_TRUE(tx.ok());
    ASSERT_OK_AND_ASSIGN(storage::Row entry,
                         (*tx)->QueryOne("SELECT before_json, after_json FROM audit_log WHERE "
                                         "action = 'regrade' ORDER BY id LIMIT 1",
                                         {}));
    EXPECT_NE(entry.Text(0).find("\"score\":\"0\""), std::string::npos) << entry.Text(0);
    EXPECT_NE(entry.Text(1).find("\"score\":\"1000\""), std::string::npos) << entry.Text(1);
    EXPECT_NE(entry.Text(1).find(reason), std::string::npos) << entry.Text(1);
  }
  // Before publication nobody is notified.
  EXPECT_EQ(Count("SELECT COUNT(*) FROM notifications WHERE kind = 'exam_regraded'", {}), 0);
}

TEST_P(RegradeTest, AfterPublicationTheTakerIsNotifiedAndTheItemAnalysisQueuedAgain) {
  ASSERT_OK_AND_ASSIGN(Exam loaded, exams_->Get(As(admin_), exam_.id));
  const seconds closed(3601);
  ASSERT_OK(exams_->PublishResults(As(admin_, closed), exam_.id, loaded.version));
  ItemAnalysisService analyses(db());
  ASSERT_OK(analyses.Run(exam_.id, now_ + closed));
  ASSERT_OK_AND_ASSIGN(StoredAnalysis done, analyses.Get(As(admin_), exam_.id));
  ASSERT_EQ(done.state, "done");
  ResultsService results(db());
  ASSERT_OK_AND_ASSIGN(auto mine, results.Mine(As(taker_, closed), exam_.id));
  ASSERT_EQ(mine[0].score, 500);

  RegradeService regrades(db());
  GradedAnswer choice = Listed(choice_.id);
  ASSERT_OK(regrades.Regrade(As(admin_, closed + seconds(60)), attempt_, choice_.id, 1000,
                             "答案键有误", choice.version));
  ASSERT_OK_AND_ASSIGN(mine, results.Mine(As(taker_, closed + seconds(60)), exam_.id));
  EXPECT_EQ(mine[0].score, 1500) << "the published result follows";
  ASSERT_OK_AND_ASSIGN(StoredAnalysis again, analyses.Get(As(admin_), exam_.id));
  EXPECT_EQ(again.state, "queued") << "computed from the old scores: asked again";
  EXPECT_EQ(Count("SELECT COUNT(*) FROM notifications WHERE kind = 'exam_regraded' AND "
                  "account_id = $1 AND body LIKE '%由 0 分改为 10 分%答案键有误%'",
                  {taker_.account_id}),
            1);
}

TEST_P(RegradeTest, NobodyRegradesTheirOwnAttemptOrAnAnswerStillToGrade) {
  // An organizer of the org who took the exam themselves.
  auth::Principal organizer = AddPerson("组织者", root_, auth::Role::kOrgAdmin);
  ASSERT_OK_AND_ASSIGN(Attempt own, attempts_->Start(As(organizer), exam_.id));
  ASSERT_OK(attempts_->Save(As(organizer), own.id, choice_.id, {KeyOf(own, choice_.id, "甲")}, 1));
  ASSERT_OK(attempts_->Save(As(organizer), own.id, essay_.id, {"答"}, 2));
  ASSERT_OK(attempts_->Submit(As(organizer), own.id));
  RegradeService regrades(db());
  ExpectError(regrades.Regrade(As(organizer), own.id, choice_.id, 1000, "自己改", 1),
              Code::kPermissionDenied);
  // Its essay waits in the grading queue: not a regrade.
  ExpectError(regrades.Regrade(As(admin_), own.id, essay_.id, 1000, "先改", 1),
              Code::kFailedPrecondition, "question_id");
}

TEST_P(RegradeTest, ConcurrentRegradesOfOneAttemptLeaveTheRightTotal) {
  // Ten questions answered wrong, regraded to full points at once by ten
  // organizers' requests: the attempt's total counts every one of them.
  constexpr int kQuestions = 10;
  std::vector<int64_t> ids;
  for (int i = 0; i < kQuestions; ++i) {
    ids.push_back(AddQuestion(SingleChoice("第" + std::to_string(i) + "题"), period_).id);
  }
  Exam e = MakeExam(FixedPaper(ids, 100).id);
  auth::Principal taker = AddPerson("王五", first_);
  ASSERT_OK_AND_ASSIGN(Attempt a, attempts_->Start(As(taker), e.id));
  for (int i = 0; i < kQuestions; ++i) {
    ASSERT_OK(attempts_->Save(As(taker), a.id, ids[i], {KeyOf(a, ids[i], "甲")}, i + 1));
  }
  ASSERT_OK(attempts_->Submit(As(taker), a.id));
  RegradeService regrades(db());
  std::latch start(kQuestions);
  std::vector<Status> answers(kQuestions, Ok());
  std::vector<std::thread> threads;
  for (int i = 0; i < kQuestions; ++i) {
    threads.emplace_back([&, i] {
      start.arrive_and_wait();
      auto done = regrades.Regrade(As(admin_), a.id, ids[i], 100, "答案键有误", 1);
      answers[i] = done.ok() ? Ok() : Status(done.error());
    });
  }
  for (auto& t : threads) t.join();
  for (const Status& s : answers) EXPECT_TRUE(s.ok()) << Describe(s.error());
  ASSERT_OK_AND_ASSIGN(Attempt stored, attempts_->Get(As(admin_), a.id));
  EXPECT_EQ(stored.score, 100 * kQuestions);
}

INSTANTIATE_TEST_SUITE_P(Engines, RegradeTest, ::testing::ValuesIn(test::TestDatabaseUrls()),
                         test::UrlParamName());

}  // namespace
}  // namespace duxing::domain::assessments
