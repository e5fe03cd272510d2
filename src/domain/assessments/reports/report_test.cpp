// Report competitions: the pure rules (weighted totals, mean and trimmed
// mean, ties sharing a rank, awards down the ranking, stage steps) and, on
// every engine of TestDatabaseUrls(), the service: stage transitions with
// their checks on an injected clock, the deadline, the blind projection of
// reviewers' tasks and their refusals, ranking and awards.
#include "domain/assessments/reports/report.hpp"

#include <gtest/gtest.h>

#include <chrono>

#include "domain/auth/auth_service.hpp"
#include "domain/orgs/org.hpp"
#include "domain/people/person.hpp"
#include "testing/migrated_database.hpp"
#include "testing/result_matchers.hpp"
#include "testing/test_databases.hpp"

namespace duxing::domain::assessments::reports {
namespace {

using std::chrono::hours;
using test::Describe;
using test::ExpectError;

TEST(ReportRulesTest, WeightedTotalIsScoreTimesWeightRoundedToHundredths) {
  std::vector<Criterion> rubric = {
      {"选题", 3000, 100}, {"方法", 4000, 150}, {"建议", 3000, 33}};
  EXPECT_EQ(WeightedTotal(rubric, {2000, 3000, 1000}), 2000 + 4500 + 330);
  EXPECT_EQ(WeightedTotal(rubric, {0, 0, 1}), 0); // 0.33 hundredths rounds down
  EXPECT_EQ(WeightedTotal(rubric, {0, 1, 0}), 2); // 1.5 rounds half up
  ExpectError(CheckScores(rubric, {3001, 0, 0}), Code::kFailedPrecondition,
              "scores[0]");
  ExpectError(CheckScores(rubric, {0, -1, 0}), Code::kFailedPrecondition,
              "scores[1]");
  ExpectError(CheckScores(rubric, {0, 0}), Code::kInvalidArgument, "scores");
  EXPECT_TRUE(CheckScores(rubric, {3000, 4000, 0}).ok());
}

TEST(ReportRulesTest, MeanBelowFiveReviewersTrimmedFromFive) {
  Mean none = Aggregate({});
  EXPECT_EQ(none.den, 0);
  Mean four = Aggregate({9000, 8000, 7000, 1000});
  EXPECT_EQ(four.num, 25000);
  EXPECT_EQ(four.den, 4);
  // Five: the highest (9500) and the lowest (1000) are dropped once each.
  Mean five = Aggregate({9500, 8000, 7000, 1000, 8000});
  EXPECT_EQ(five.num, 23000);
  EXPECT_EQ(five.den, 3);
  // Equal extremes: only one of each is dropped.
  Mean same = Aggregate({8000, 8000, 8000, 8000, 8000, 8000});
  EXPECT_EQ(same.num, 32000);
  EXPECT_EQ(same.den, 4);
}

TEST(ReportRulesTest, EqualMeansShareARankAndAMeanWithoutReviewsIsLast) {
  // 80 = 160/2 = 240/3: equal as fractions, whatever their terms.
  std::vector<Ranked> r = Rank(
      {{1, {160, 2}}, {2, {270, 3}}, {3, {240, 3}}, {4, {0, 0}}, {5, {95, 1}}});
  ASSERT_EQ(r.size(), 5u);
  EXPECT_EQ(r[0].submission_id, 5);
  EXPECT_EQ(r[0].rank, 1);
  EXPECT_EQ(r[1].submission_id, 2);
  EXPECT_EQ(r[1].rank, 2);
  EXPECT_EQ(r[2].submission_id, 1);
  EXPECT_EQ(r[3].submission_id, 3);
  EXPECT_EQ(r[2].rank, 3);
  EXPECT_EQ(r[3].rank, 3);
  EXPECT_EQ(r[4].submission_id, 4);
  EXPECT_EQ(r[4].rank, 5);
}

TEST(ReportRulesTest, AwardsGoDownTheRankingAndATieKeepsTheBetterAward) {
  std::vector<Ranked> r = Rank({{1, {90, 1}},
                                {2, {80, 1}},
                                {3, {80, 1}},
                                {4, {70, 1}},
                                {5, {60, 1}},
                                {6, {50, 1}},
                                {7, {0, 0}}});
  AssignAwards(r, {1, 1, 1, 2});
  std::map<int64_t, std::optional<Award>> got;
  for (const auto &x : r)
    got[x.submission_id] = x.award;
  EXPECT_EQ(got[1], Award::kFirst);
  EXPECT_EQ(got[2],
            Award::kSecond); // a tie for the one second prize: both get it
  EXPECT_EQ(got[3], Award::kSecond);
  EXPECT_EQ(got[4], Award::kThird);
  EXPECT_EQ(got[5], Award::kExcellence);
  EXPECT_EQ(got[6], Award::kExcellence);
  EXPECT_EQ(got[7], std::nullopt) << "no reviews, no award";
  std::vector<Ranked> none = Rank({{1, {90, 1}}});
  AssignAwards(none, {0, 0, 0, 0});
  EXPECT_EQ(none[0].award, std::nullopt);
}

TEST(ReportRulesTest, StagesMoveOneStepForwardOnly) {
  EXPECT_TRUE(CheckStageStep(Stage::kCollecting, Stage::kReviewing).ok());
  EXPECT_TRUE(CheckStageStep(Stage::kReviewing, Stage::kPublished).ok());
  ExpectError(CheckStageStep(Stage::kCollecting, Stage::kPublished),
              Code::kConflict, "stage");
  ExpectError(CheckStageStep(Stage::kReviewing, Stage::kCollecting),
              Code::kConflict, "stage");
  ExpectError(CheckStageStep(Stage::kPublished, Stage::kPublished),
              Code::kConflict, "stage");
}

TEST(ReportRulesTest, TheBlindProjectionKeepsNoIdentity) {
  Submission s;
  s.id = 7;
  s.call_id = 3;
  s.title = "人口老龄化趋势研究";
  s.abstract = "摘要";
  s.submitter_name = "赵书记";
  s.org_name = "机关第一支部";
  s.authors = {{1, "赵书记"}};
  s.file_name = "赵书记-老龄化.pdf";
  s.file_size = 10;
  s.media_type = "application/pdf";
  BlindSubmission b = Blind(s);
  EXPECT_EQ(b.id, 7);
  EXPECT_EQ(b.title, s.title);
  EXPECT_TRUE(b.has_file);
  EXPECT_EQ(b.media_type, "application/pdf");
}

class ReportServiceTest : public test::MigratedDatabaseTest {
protected:
  void SetUp() override {
    test::MigratedDatabaseTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    orgs::OrgService orgs(db());
    ASSERT_OK_AND_ASSIGN(
        root_, orgs.Create(As(system_), {std::nullopt, "机关党委",
                                         orgs::Kind::kPartyCommittee, 0}));
    ASSERT_OK_AND_ASSIGN(branch_,
                         orgs.Create(As(system_), {root_.id, "机关第一支部",
                                                   orgs::Kind::kBranch, 0}));
    people::PeopleService people(db());
    people::PersonFields f;
    f.name = "钱党员";
    f.category = "member";
    f.org_id = branch_.id;
    ASSERT_OK_AND_ASSIGN(people::Person author, people.Create(As(system_), f));
    auto tx = db().Begin(storage::TxMode::kWrite);
    ASSERT_TRUE(tx.ok()) << Describe(tx.error());
    struct Who {
      auth::Principal *p;
      const char *name;
      auth::Role role;
      std::optional<int64_t> person;
    };
    for (const Who &w :
         {Who{&organizer_, "organizer", auth::Role::kOrgAdmin, std::nullopt},
          Who{&member_, "member", auth::Role::kMember, author.id},
          Who{&reviewer_, "reviewer", auth::Role::kMember, std::nullopt}}) {
      ASSERT_OK_AND_ASSIGN(w.p->account_id, auth::AuthService::CreateAccount(
                                                **tx,
                                                {w.name,
                                                 w.name,
                                                 "Correct-horse-7",
                                                 w.person,
                                                 {{w.role, root_.id}}},
                                                now_));
      w.p->username = w.name;
      w.p->person_id = w.person;
      w.p->grants = {{w.role, root_.id, root_.path, root_.name}};
    }
    ASSERT_OK((*tx)->Commit());
    tx = Error{};
    files_ =
        std::make_unique<attachments::AttachmentService>(db(), store_, rights_);
    DeclareSubmissionFiles(rights_);
    reports_ = std::make_unique<ReportService>(db(), *files_);
    author_ = author.id;
  }

  storage::Database &db() { return clean_->db(); }
  Context As(const auth::Principal &p, hours after = hours(0)) {
    Context ctx;
    ctx.principal = &p;
    ctx.now = now_ + after;
    return ctx;
  }

  Call NewCall() {
    Call c;
    c.org_id = root_.id;
    c.title = "统计调研分析竞赛";
    c.deadline_at = now_ + hours(24);
    c.rubric = {{"选题价值", 5000, 100}, {"分析深度", 5000, 100}};
    c.awards = {1, 0, 0, 1};
    auto created = reports_->CreateCall(As(organizer_), c);
    EXPECT_TRUE(created.ok()) << Describe(created.error());
    return created.ok() ? *created : Call{};
  }

  Submission Submit(int64_t call_id, const std::string &title) {
    Submission s;
    s.title = title;
    s.abstract = "摘要";
    s.authors = {{author_, ""}, {std::nullopt, "外单位作者"}};
    auto created = reports_->CreateSubmission(As(member_), call_id, s);
    EXPECT_TRUE(created.ok()) << Describe(created.error());
    return created.ok() ? *created : Submission{};
  }

  TimePoint now_ = *ParseTime("2021-09-01T02:00:00Z");
  auth::Principal organizer_, member_, reviewer_;
  orgs::Org root_, branch_;
  int64_t author_ = 0;
  attachments::DatabaseBlobStore store_;
  attachments::RecordRights rights_;
  std::unique_ptr<attachments::AttachmentService> files_;
  std::unique_ptr<ReportService> reports_;
};

TEST_P(ReportServiceTest, StagesCheckTheDeadlineReviewsAndAwards) {
  Call c = NewCall();
  ExpectError(
      reports_->MoveStage(As(organizer_), c.id, c.version, Stage::kReviewing),
      Code::kFailedPrecondition, "stage"); // no submission, before the deadline
  Submission s = Submit(c.id, "工业增加值分析");
  EXPECT_EQ(s.org_id, branch_.id);
  EXPECT_EQ(s.authors[0].name, "钱党员");
  ExpectError(
      reports_->MoveStage(As(organizer_), c.id, c.version, Stage::kReviewing),
      Code::kFailedPrecondition, "stage"); // before the deadline
  ExpectError(reports_->MoveStage(As(member_, hours(25)), c.id, c.version,
                                  Stage::kReviewing),
              Code::kPermissionDenied);
  ExpectError(reports_->MoveStage(As(organizer_, hours(25)), c.id, c.version,
                                  Stage::kPublished),
              Code::kConflict, "stage");
  // After the deadline nothing is submitted or edited.
  Submission late;
  late.title = "迟交";
  late.authors = {{std::nullopt, "某人"}};
  ExpectError(reports_->CreateSubmission(As(member_, hours(25)), c.id, late),
              Code::kFailedPrecondition, "deadline_at");
  ExpectError(
      reports_->UpdateSubmission(As(member_, hours(25)), s.id, s.version, late),
      Code::kFailedPrecondition, "deadline_at");
  ASSERT_OK_AND_ASSIGN(c, reports_->MoveStage(As(organizer_, hours(25)), c.id,
                                              c.version, Stage::kReviewing));
  EXPECT_EQ(c.stage, Stage::kReviewing);
  ExpectError(reports_->MoveStage(As(organizer_, hours(25)), c.id, c.version,
                                  Stage::kPublished),
              Code::kFailedPrecondition, "stage"); // no reviewer assigned
  ASSERT_TRUE(
      reports_
          ->Assign(As(organizer_, hours(25)), c.id, {reviewer_.account_id}, {})
          .ok());
  ExpectError(reports_->MoveStage(As(organizer_, hours(25)), c.id, c.version,
                                  Stage::kPublished),
              Code::kFailedPrecondition, "stage"); // a review missing
  ASSERT_TRUE(
      reports_->SaveReview(As(reviewer_, hours(26)), s.id, {4000, 4500}, "")
          .ok());
  ExpectError(reports_->MoveStage(As(organizer_, hours(25)), c.id, c.version,
                                  Stage::kPublished),
              Code::kFailedPrecondition, "stage"); // no awards yet
  ASSERT_OK_AND_ASSIGN(c, reports_->AssignAwardsFromRanking(
                              As(organizer_, hours(27)), c.id, c.version));
  ASSERT_OK_AND_ASSIGN(c, reports_->MoveStage(As(organizer_, hours(27)), c.id,
                                              c.version, Stage::kPublished));
  ExpectError(reports_->MoveStage(As(organizer_, hours(27)), c.id, c.version,
                                  Stage::kReviewing),
              Code::kConflict, "stage");
  ASSERT_OK_AND_ASSIGN(Submission shown,
                       reports_->GetSubmission(As(reviewer_, hours(28)), s.id));
  EXPECT_EQ(shown.award, Award::kFirst);
}

TEST_P(ReportServiceTest, ReviewersWorkBlindAndAreRefusedTheFullSubmission) {
  Call c = NewCall();
  Submission s = Submit(c.id, "人口老龄化趋势研究");
  ExpectError(reports_->Assign(As(organizer_), c.id, {member_.account_id}, {}),
              Code::kFailedPrecondition, "account_ids[0]"); // a submitter
  ExpectError(
      reports_->Assign(As(organizer_), c.id, {organizer_.account_id}, {}),
      Code::kFailedPrecondition, "account_ids[0]");
  ExpectError(reports_->Assign(As(member_), c.id, {reviewer_.account_id}, {}),
              Code::kPermissionDenied);
  ASSERT_OK_AND_ASSIGN(
      int64_t made,
      reports_->Assign(As(organizer_), c.id, {reviewer_.account_id}, {s.id}));
  EXPECT_EQ(made, 1);
  ASSERT_OK_AND_ASSIGN(auto tasks, reports_->ReviewTasks(As(reviewer_), c.id));
  ASSERT_EQ(tasks.size(), 1u);
  EXPECT_EQ(tasks[0].submission.title, "人口老龄化趋势研究");
  EXPECT_FALSE(tasks[0].review.has_value());
  ExpectError(reports_->GetSubmission(As(reviewer_), s.id),
              Code::kPermissionDenied);
  ExpectError(reports_->ListSubmissions(As(reviewer_), c.id, {}),
              Code::kPermissionDenied);
  ExpectError(reports_->Ranking(As(reviewer_), c.id), Code::kPermissionDenied);
  ExpectError(reports_->ReviewTasks(As(member_), c.id),
              Code::kPermissionDenied);
  // Not in review yet: no scores.
  ExpectError(reports_->SaveReview(As(reviewer_), s.id, {1000, 1000}, ""),
              Code::kFailedPrecondition, "stage");
  ASSERT_OK_AND_ASSIGN(c, reports_->MoveStage(As(organizer_, hours(25)), c.id,
                                              c.version, Stage::kReviewing));
  ExpectError(
      reports_->SaveReview(As(reviewer_, hours(26)), s.id, {5001, 0}, ""),
      Code::kFailedPrecondition, "scores[0]");
  ExpectError(
      reports_->SaveReview(As(member_, hours(26)), s.id, {1000, 1000}, ""),
      Code::kPermissionDenied);
  ASSERT_TRUE(
      reports_->SaveReview(As(reviewer_, hours(26)), s.id, {1000, 1000}, "初评")
          .ok());
  ASSERT_OK_AND_ASSIGN(Review again,
                       reports_->SaveReview(As(reviewer_, hours(26)), s.id,
                                            {3000, 2000}, "复核"));
  EXPECT_EQ(again.total, 5000);
  ASSERT_OK_AND_ASSIGN(RankingView view,
                       reports_->Ranking(As(organizer_, hours(26)), c.id));
  ASSERT_EQ(view.rows.size(), 1u);
  EXPECT_EQ(view.rows[0].reviews, 1);
  EXPECT_DOUBLE_EQ(view.rows[0].mean.Value(), 5000);
  EXPECT_EQ(view.rows[0].submission.authors.size(), 2u);
  ASSERT_EQ(view.reviewers.size(), 1u);
  EXPECT_EQ(view.reviewers[0].reviewed, 1);
  // The submission's audit entries are filed under no org: an org admin of
  // the call's org (who may be a reviewer elsewhere) does not read them.
  ASSERT_OK_AND_ASSIGN(auto tx, db().Begin(storage::TxMode::kRead));
  ASSERT_OK_AND_ASSIGN(
      storage::Rows paths,
      (*tx).Query("SELECT COUNT(*) FROM audit_log WHERE record_type = $1 AND "
                  "org_path IS NOT NULL",
                  {std::string(kSubmissionType)}));
  EXPECT_EQ(paths.front().Int(0), 0);
}

// The notifications of kind report_stage, as "account:title" in id order.
std::vector<std::string> StageNotifications(storage::Database &db) {
  std::vector<std::string> out;
  auto tx = db.Begin(storage::TxMode::kRead);
  EXPECT_TRUE(tx.ok());
  if (!tx.ok())
    return out;
  auto rows = (*tx)->Query(
      "SELECT account_id, title, link_path FROM notifications WHERE kind = "
      "'report_stage' ORDER BY id",
      {});
  EXPECT_TRUE(rows.ok());
  if (!rows.ok())
    return out;
  for (const auto &r : *rows) {
    out.push_back(std::to_string(r.Int(0)) + ":" + r.Text(1) + ":" +
                  r.Text(2));
  }
  return out;
}

TEST_P(ReportServiceTest, AReviewerIsRemovedUntilTheyHaveScored) {
  Call c = NewCall();
  Submission s = Submit(c.id, "城乡居民收入分析");
  ASSERT_TRUE(
      reports_->Assign(As(organizer_), c.id, {reviewer_.account_id}, {}).ok());
  ExpectError(
      reports_->RemoveReviewer(As(member_), c.id, reviewer_.account_id),
      Code::kPermissionDenied);
  ExpectError(
      reports_->RemoveReviewer(As(organizer_), c.id, member_.account_id),
      Code::kNotFound, "account_id");
  ASSERT_OK_AND_ASSIGN(
      int64_t removed,
      reports_->RemoveReviewer(As(organizer_), c.id, reviewer_.account_id));
  EXPECT_EQ(removed, 1);
  ExpectError(reports_->ReviewTasks(As(reviewer_), c.id),
              Code::kNotFound); // no longer sees the call
  ASSERT_TRUE(
      reports_->Assign(As(organizer_), c.id, {reviewer_.account_id}, {}).ok());
  ASSERT_OK_AND_ASSIGN(c, reports_->MoveStage(As(organizer_, hours(25)), c.id,
                                              c.version, Stage::kReviewing));
  ASSERT_TRUE(
      reports_->SaveReview(As(reviewer_, hours(26)), s.id, {1000, 1000}, "")
          .ok());
  ExpectError(reports_->RemoveReviewer(As(organizer_, hours(26)), c.id,
                                       reviewer_.account_id),
              Code::kFailedPrecondition, "account_id");
  ASSERT_OK_AND_ASSIGN(auto tasks,
                       reports_->ReviewTasks(As(reviewer_, hours(26)), c.id));
  EXPECT_EQ(tasks.size(), 1u) << "a refused removal removes nothing";
}

TEST_P(ReportServiceTest, AStageChangeNotifiesSubmittersAndReviewers) {
  Call c = NewCall();
  Submission s = Submit(c.id, "规上工业增速分析");
  ASSERT_TRUE(
      reports_->Assign(As(organizer_), c.id, {reviewer_.account_id}, {}).ok());
  // A refused stage change notifies nobody.
  ExpectError(
      reports_->MoveStage(As(organizer_), c.id, c.version, Stage::kReviewing),
      Code::kFailedPrecondition, "stage");
  EXPECT_TRUE(StageNotifications(db()).empty());
  ASSERT_OK_AND_ASSIGN(c, reports_->MoveStage(As(organizer_, hours(25)), c.id,
                                              c.version, Stage::kReviewing));
  const std::string link = ":/report-calls/" + std::to_string(c.id);
  const std::string m = std::to_string(member_.account_id);
  const std::string r = std::to_string(reviewer_.account_id);
  EXPECT_EQ(StageNotifications(db()),
            (std::vector<std::string>{m + ":调研报告竞赛进入评审" + link,
                                      r + ":请对调研报告进行盲审评分" + link}));
  ASSERT_TRUE(
      reports_->SaveReview(As(reviewer_, hours(26)), s.id, {4000, 4000}, "")
          .ok());
  ASSERT_OK_AND_ASSIGN(c, reports_->AssignAwardsFromRanking(
                              As(organizer_, hours(27)), c.id, c.version));
  ASSERT_OK_AND_ASSIGN(c, reports_->MoveStage(As(organizer_, hours(27)), c.id,
                                              c.version, Stage::kPublished));
  auto all = StageNotifications(db());
  ASSERT_EQ(all.size(), 4u);
  EXPECT_EQ(all[2], m + ":调研报告竞赛结果已公布" + link);
  EXPECT_EQ(all[3], r + ":调研报告竞赛结果已公布" + link);
}

INSTANTIATE_TEST_SUITE_P(Engines, ReportServiceTest,
                         ::testing::ValuesIn(test::TestDatabaseUrls()),
                         test::UrlParamName());

} // namespace
} // namespace duxing::domain::assessments::reports
