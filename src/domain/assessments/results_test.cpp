// Exam results, item analysis and grading by several graders, on every
// engine of TestDatabaseUrls() (the formulas also on hand-computed data):
// ranks shared by ties, scope by subtree, the bands and branches, a member's
// own result before and after publication, blind graders with claims and
// versioned grades, and the stored item analysis.
#include "domain/assessments/results.hpp"

#include <gtest/gtest.h>

#include <set>

#include <cmath>

#include "domain/assessments/assessment_test_fixture.hpp"
#include "domain/assessments/grader.hpp"
#include "domain/assessments/item_analysis.hpp"
#include "domain/assessments/regrade.hpp"

namespace duxing::domain::assessments {
namespace {

// --- The formulas, by hand ---

// Four takers, three one-point items (100 hundredths):
//   T1 1 1 1 (3)   T2 1 1 0 (2)   T3 1 0 0 (1)   T4 0 0 0 (0)
// facility: .75 .5 .25; groups of round(.27·4) = 1: upper T1, lower T4, so
// every discrimination is (1 − 0)/1 = 1.
// alpha: item variances .1875 + .25 + .1875 = .625; totals 3 2 1 0 have
// mean 1.5 and variance (2.25 + .25 + .25 + 2.25)/4 = 1.25;
// 3/2 · (1 − .625/1.25) = .75.
TEST(ItemAnalysisFormulas, FacilityDiscriminationAndAlphaByHand) {
  ItemMatrix m;
  m.question_ids = {11, 12, 13};
  m.points = {100, 100, 100};
  m.scores = {{100, 100, 100}, {100, 100, 0}, {100, 0, 0}, {0, 0, 0}};
  ItemAnalysis a = AnalyzeItems(m);
  EXPECT_EQ(a.takers, 4);
  ASSERT_EQ(a.items.size(), 3u);
  EXPECT_DOUBLE_EQ(a.items[0].facility, 0.75);
  EXPECT_DOUBLE_EQ(a.items[1].facility, 0.5);
  EXPECT_DOUBLE_EQ(a.items[2].facility, 0.25);
  EXPECT_DOUBLE_EQ(a.items[1].mean_score, 50);
  for (const auto& i : a.items) EXPECT_DOUBLE_EQ(i.discrimination.value_or(-9), 1.0);
  ASSERT_TRUE(a.alpha);
  EXPECT_NEAR(*a.alpha, 0.75, 1e-12);
}

// Eight takers, one two-point item (200) with partial credit and a second
// item that favours the weak: groups of round(.27·8) = round(2.16) = 2.
//   totals (item1 + item2): 200+0, 200+0, 200+0, 100+0, 100+0, 0+100, 0+100, 0+200
//   → 200 200 200 100 100 100 100 200. By total, highest first (ties: the
//   earlier taker first): T1 T2 T3 T8 T4 T5 T6 T7; upper T1 T2, lower T6 T7.
// item1: upper T1 T2 mean 200, lower T6 T7 mean 0 → (200 − 0)/200 = 1.
// item2: upper mean 0, lower mean 100 → (0 − 100)/200 = −.5.
// facility item1: (200·3 + 100·2)/8/200 = .5; item2: 400/8/200 = .25.
TEST(ItemAnalysisFormulas, DiscriminationOfTwentySevenPercentGroups) {
  ItemMatrix m;
  m.question_ids = {1, 2};
  m.points = {200, 200};
  m.scores = {{200, 0}, {200, 0}, {200, 0}, {100, 0}, {100, 0}, {0, 100}, {0, 100}, {0, 200}};
  ItemAnalysis a = AnalyzeItems(m);
  EXPECT_DOUBLE_EQ(a.items[0].facility, 0.5);
  EXPECT_DOUBLE_EQ(a.items[1].facility, 0.25);
  EXPECT_DOUBLE_EQ(a.items[0].discrimination.value_or(-9), 1.0);
  EXPECT_DOUBLE_EQ(a.items[1].discrimination.value_or(-9), -0.5);
}

TEST(ItemAnalysisFormulas, NoAlphaWithoutOneSharedQuestionSetOrTwoTakers) {
  ItemMatrix drawn;
  drawn.question_ids = {1, 2, 3};
  drawn.points = {100, 100, 100};
  drawn.scores = {{100, 100, std::nullopt}, {0, std::nullopt, 100}, {100, 0, 0}};
  ItemAnalysis a = AnalyzeItems(drawn);
  EXPECT_FALSE(a.alpha);
  EXPECT_EQ(a.items[1].takers, 2);
  EXPECT_DOUBLE_EQ(a.items[1].facility, 0.5);
  ItemMatrix one;
  one.question_ids = {1, 2};
  one.points = {100, 100};
  one.scores = {{100, 0}};
  ItemAnalysis b = AnalyzeItems(one);
  EXPECT_FALSE(b.alpha);
  EXPECT_FALSE(b.items[0].discrimination);
}

TEST(ResultFigures, BandsAndMedian) {
  auto bands = ScoreBands({0, 3999, 4000, 9999, 10000, 6000}, 10000);
  ASSERT_EQ(bands.size(), 10u);
  EXPECT_EQ(bands[0].count, 1);
  EXPECT_EQ(bands[3].count, 1);  // 39.99
  EXPECT_EQ(bands[4].count, 1);  // 40
  EXPECT_EQ(bands[6].count, 1);
  EXPECT_EQ(bands[9].count, 2);  // 99.99 and the full score
  EXPECT_DOUBLE_EQ(bands[9].from, 90);
  EXPECT_DOUBLE_EQ(bands[9].to, 100);
  EXPECT_DOUBLE_EQ(Median({1, 2, 3}), 2);
  EXPECT_DOUBLE_EQ(Median({1, 2, 3, 10}), 2.5);
  EXPECT_DOUBLE_EQ(Median({}), 0);
}

// --- The services, on every engine ---

class ResultsTest : public AssessmentTest {
 protected:
  void SetUp() override {
    AssessmentTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    orgs::OrgService orgs(db());
    auto second = orgs.Create(As(system_), {root_.id, "机关第二支部", orgs::Kind::kBranch, 1});
    ASSERT_TRUE(second.ok()) << Describe(second.error());
    second_ = *second;
  }

  // Takes exam `e` answering the single-choice questions `qs` right (true)
  // or wrong, and hands in unless `submit` is false.
  int64_t Take(const auth::Principal& who, const Exam& e, const std::vector<int64_t>& qs,
               const std::vector<bool>& right, bool submit = true) {
    auto a = attempts_->Start(As(who), e.id);
    EXPECT_TRUE(a.ok()) << Describe(a.error());
    for (size_t i = 0; i < qs.size(); ++i) {
      AnswerValue answer = {KeyOf(*a, qs[i], right[i] ? "乙" : "甲")};
      EXPECT_TRUE(
          attempts_->Save(As(who), a->id, qs[i], answer, static_cast<int64_t>(i + 1)).ok());
    }
    if (submit) EXPECT_TRUE(attempts_->Submit(As(who), a->id).ok());
    return a->id;
  }

  orgs::Org second_;
};

TEST_P(ResultsTest, RanksShareTiesAndEachReaderSeesTheirSubtree) {
  Question q1 = AddQuestion(SingleChoice("一"), period_);
  Question q2 = AddQuestion(SingleChoice("二"), period_);
  Exam e = MakeExam(FixedPaper({q1.id, q2.id}).id);  // 2 × 2 points
  Exam passing = e;
  passing.pass_points = 200;
  ASSERT_OK_AND_ASSIGN(e, exams_->Update(As(admin_), e.id, e.version, passing));
  auth::Principal a = AddPerson("甲", first_), b = AddPerson("乙", first_),
                  c = AddPerson("丙", second_), d = AddPerson("丁", second_),
                  open = AddPerson("戊", first_);
  auth::Principal secretary = AddPerson("书记", second_, auth::Role::kBranchSecretary);
  Take(a, e, {q1.id, q2.id}, {true, true});
  Take(b, e, {q1.id, q2.id}, {true, false});
  Take(c, e, {q1.id, q2.id}, {true, false});
  Take(d, e, {q1.id, q2.id}, {false, false});
  Take(open, e, {q1.id}, {true}, false);
  ResultsService results(db());

  ASSERT_OK_AND_ASSIGN(ResultPage all, results.Ranking(As(admin_), e.id, {}, "", {}));
  ASSERT_EQ(all.page.items.size(), 5u);
  std::vector<std::optional<int64_t>> ranks;
  for (const auto& r : all.page.items) ranks.push_back(r.rank);
  EXPECT_EQ(ranks, (std::vector<std::optional<int64_t>>{1, 2, 2, 4, std::nullopt}));
  EXPECT_EQ(all.page.items[0].person_name, "甲");
  EXPECT_TRUE(all.page.items[0].passed);
  EXPECT_FALSE(all.page.items[3].passed);
  EXPECT_EQ(all.page.items[0].time_used_seconds, 0);
  EXPECT_EQ(all.stats.submitted, 4);
  EXPECT_DOUBLE_EQ(all.stats.average, 2.0);
  EXPECT_DOUBLE_EQ(all.stats.median, 2.0);
  EXPECT_DOUBLE_EQ(all.stats.pass_rate, 0.75);
  EXPECT_EQ(all.stats.highest, 4.0);

  ResultFilter second_only;
  second_only.org_id = second_.id;
  ASSERT_OK_AND_ASSIGN(ResultPage filtered, results.Ranking(As(admin_), e.id, second_only, "", {}));
  ASSERT_EQ(filtered.page.items.size(), 2u);
  EXPECT_EQ(filtered.page.items[0].rank, 2);  // the exam's rank, not the branch's
  EXPECT_EQ(filtered.page.items[1].rank, 4);
  ResultFilter open_only;
  open_only.status = "open";
  ASSERT_OK_AND_ASSIGN(ResultPage opened, results.Ranking(As(admin_), e.id, open_only, "", {}));
  ASSERT_EQ(opened.page.items.size(), 1u);
  EXPECT_EQ(opened.page.items[0].person_name, "戊");
  ResultFilter bad;
  bad.status = "graded";
  ExpectError(results.Ranking(As(admin_), e.id, bad, "", {}), Code::kInvalidArgument, "status");

  // The second branch's secretary reads their branch only.
  ASSERT_OK_AND_ASSIGN(ResultPage mine, results.Ranking(As(secretary), e.id, {}, "", {}));
  ASSERT_EQ(mine.page.items.size(), 2u);
  for (const auto& r : mine.page.items) EXPECT_EQ(r.org_name, "机关第二支部");
  ResultFilter first_only;
  first_only.org_id = first_.id;
  ExpectError(results.Ranking(As(secretary), e.id, first_only, "", {}), Code::kInvalidArgument,
              "org_id");
  ExpectError(results.Ranking(As(a), e.id, {}, "", {}), Code::kNotFound);
  ExpectError(results.Ranking(As(outsider_), e.id, {}, "", {}), Code::kNotFound);
  ExpectError(results.Summary(As(a), e.id, {}), Code::kNotFound);
  ExpectError(results.Export(As(outsider_), e.id, {}), Code::kNotFound);

  ASSERT_OK_AND_ASSIGN(ResultSummary s, results.Summary(As(admin_), e.id, {}));
  EXPECT_EQ(s.eligible, 7);  // 张三, the five takers and the secretary
  EXPECT_EQ(s.takers, 5);
  EXPECT_EQ(s.bands[9].count, 1);  // 4 of 4
  EXPECT_EQ(s.bands[5].count, 2);  // 2 of 4
  EXPECT_EQ(s.bands[0].count, 1);
  ASSERT_EQ(s.branches.size(), 2u);
  EXPECT_EQ(s.branches[0].org_name, "机关第一支部");
  EXPECT_EQ(s.branches[0].eligible, 4);  // 张三 甲 乙 戊
  EXPECT_EQ(s.branches[0].takers, 3);
  EXPECT_EQ(s.branches[0].submitted, 2);
  EXPECT_DOUBLE_EQ(s.branches[0].participation_rate, 0.75);
  EXPECT_DOUBLE_EQ(s.branches[0].average, 3.0);
  EXPECT_EQ(s.branches[1].eligible, 3);  // 丙 丁 书记
  EXPECT_DOUBLE_EQ(s.branches[1].pass_rate, 0.5);
  ASSERT_OK_AND_ASSIGN(ResultSummary theirs, results.Summary(As(secretary), e.id, {}));
  ASSERT_EQ(theirs.branches.size(), 1u);
  EXPECT_EQ(theirs.branches[0].org_name, "机关第二支部");
  EXPECT_EQ(theirs.eligible, 3);
  EXPECT_EQ(theirs.stats.submitted, 2);

  ASSERT_OK_AND_ASSIGN(ResultExport exported, results.Export(As(secretary), e.id, {}));
  EXPECT_EQ(exported.rows.size(), 2u);
  // The export's ranks, computed in memory, are the exam's as on the page:
  // ties share one, an open attempt has none, a filter keeps exam ranks.
  std::vector<std::optional<int64_t>> branch_ranks;
  for (const auto& r : exported.rows) branch_ranks.push_back(r.rank);
  EXPECT_EQ(branch_ranks, (std::vector<std::optional<int64_t>>{2, 4}));
  ASSERT_OK_AND_ASSIGN(ResultExport whole, results.Export(As(admin_), e.id, {}));
  std::vector<std::optional<int64_t>> export_ranks;
  for (const auto& r : whole.rows) export_ranks.push_back(r.rank);
  EXPECT_EQ(export_ranks, ranks);
}

TEST(ResultFigures, CompetitionRanksShareTiesAndSkip) {
  const std::vector<int64_t> desc = {900, 800, 800, 700, 0};
  EXPECT_EQ(CompetitionRank(desc, 900), 1);
  EXPECT_EQ(CompetitionRank(desc, 800), 2);
  EXPECT_EQ(CompetitionRank(desc, 700), 4);
  EXPECT_EQ(CompetitionRank(desc, 0), 5);
  EXPECT_EQ(CompetitionRank(desc, 1000), 1);
  EXPECT_EQ(CompetitionRank(desc, 750), 4);  // a score between others
  EXPECT_EQ(CompetitionRank({}, 10), 1);
  EXPECT_EQ(CompetitionRank(desc, std::nullopt), 1);
}

TEST_P(ResultsTest, EligibleCountsOnlyTheAudienceStillWithTheOrganization) {
  Question q = AddQuestion(SingleChoice("一"), period_);
  Exam e = MakeExam(FixedPaper({q.id}).id);
  Exam members_only = e;
  members_only.eligible_categories = {"member", "probationary"};
  ASSERT_OK_AND_ASSIGN(e, exams_->Update(As(admin_), e.id, e.version, members_only));
  auth::Principal a = AddPerson("甲", first_);
  AddPerson("乙", first_);
  people::PeopleService people(db());
  for (const std::string category : {"family", "staff"}) {
    people::PersonFields f;
    f.name = "非党员" + category;
    f.category = category;
    f.org_id = first_.id;
    ASSERT_TRUE(people.Create(As(system_), f).ok());
  }
  people::PersonFields gone;
  gone.name = "已转出党员";
  gone.category = "member";
  gone.org_id = first_.id;
  gone.status = "transferred_out";
  ASSERT_TRUE(people.Create(As(system_), gone).ok());
  Take(a, e, {q.id}, {true});
  ResultsService results(db());
  ASSERT_OK_AND_ASSIGN(ResultSummary s, results.Summary(As(admin_), e.id, {}));
  EXPECT_EQ(s.eligible, 3);  // 张三 甲 乙: not the family, the staff nor the transferred
  EXPECT_EQ(s.takers, 1);
  for (const auto& b : s.branches) {
    if (b.org_name == "机关第一支部") EXPECT_EQ(b.eligible, 3);
  }
}

TEST_P(ResultsTest, AMemberSeesTheirScoreOnlyOnceTheExamRevealsIt) {
  Question q1 = AddQuestion(SingleChoice("一"), period_);
  Exam e = MakeExam(FixedPaper({q1.id}).id);
  ResultsService results(db());
  ASSERT_OK_AND_ASSIGN(auto none, results.Mine(As(taker_), e.id));
  EXPECT_TRUE(none.empty());
  Take(taker_, e, {q1.id}, {true});
  ASSERT_OK_AND_ASSIGN(auto hidden, results.Mine(As(taker_), e.id));
  ASSERT_EQ(hidden.size(), 1u);
  EXPECT_EQ(hidden[0].status, "submitted");
  EXPECT_FALSE(hidden[0].reveal);
  EXPECT_FALSE(hidden[0].score);
  EXPECT_FALSE(hidden[0].rank);
  ASSERT_OK(exams_->PublishResults(As(admin_), e.id, e.version));
  ASSERT_OK_AND_ASSIGN(auto still, results.Mine(As(taker_), e.id));
  EXPECT_FALSE(still[0].reveal);  // published, but the exam has not closed
  ASSERT_OK_AND_ASSIGN(auto shown, results.Mine(As(taker_, seconds(3600)), e.id));
  EXPECT_TRUE(shown[0].reveal);
  EXPECT_EQ(shown[0].score, 200);
  EXPECT_EQ(shown[0].rank, 1);
  ExpectError(results.Mine(As(outsider_), e.id), Code::kNotFound);
  ExpectError(results.Mine(As(admin_), e.id), Code::kNotFound);  // no person record
}

TEST_P(ResultsTest, GradersGradeBlindClaimAnswersAndNeverOverwriteEachOther) {
  Question essay = AddQuestion(ShortAnswer(), period_);
  Paper paper;
  paper.org_id = root_.id;
  paper.title = "简答";
  paper.items = {{essay.id, 0, 1000}};
  ASSERT_OK_AND_ASSIGN(Paper created, papers_->Create(As(admin_), paper));
  Exam e = MakeExam(created.id);
  auth::Principal a = AddPerson("甲", first_), b = AddPerson("乙", second_);
  for (const auth::Principal* who : {&a, &b}) {
    ASSERT_OK_AND_ASSIGN(Attempt at, attempts_->Start(As(*who), e.id));
    ASSERT_OK(attempts_->Save(As(*who), at.id, essay.id, {"学史明理"}, 1));
    ASSERT_OK(attempts_->Submit(As(*who), at.id));
  }
  // Graders: member accounts of the branch without a person record (never
  // takers); by role they read nothing of the exam.
  GraderService graders(db());
  auth::Principal g1, g2;
  {
    auto tx = db().Begin(storage::TxMode::kWrite);
    ASSERT_TRUE(tx.ok()) << Describe(tx.error());
    ASSERT_OK(test::CreateAccounts(**tx,
                                   {{&g1, "评阅一", auth::Role::kMember, first_},
                                    {&g2, "评阅二", auth::Role::kMember, first_}},
                                   now_));
    ASSERT_OK((*tx)->Commit());
  }
  ExpectError(graders.Queue(As(g1), e.id, {}, {}), Code::kNotFound);
  const int64_t v = e.version;
  ExpectError(graders.SetGraders(As(g1), e.id, v, {g1.account_id}), Code::kNotFound);
  ExpectError(graders.SetGraders(As(admin_), e.id, v, {999999}), Code::kInvalidArgument,
              "account_ids[0]");
  // Nobody outside the exam org's subtree grades it (the picker's rule): not
  // a person of another org, nor an account whose grants are all elsewhere.
  auth::Principal elsewhere;
  {
    auto tx = db().Begin(storage::TxMode::kWrite);
    ASSERT_TRUE(tx.ok()) << Describe(tx.error());
    ASSERT_OK(test::CreateAccounts(**tx, {{&elsewhere, "外单位管理员", auth::Role::kOrgAdmin, other_}},
                                   now_));
    ASSERT_OK((*tx)->Commit());
  }
  for (const auth::Principal* outside : {&outsider_, &elsewhere}) {
    auto refused = graders.SetGraders(As(admin_), e.id, v, {g1.account_id, outside->account_id});
    ExpectError(refused, Code::kFailedPrecondition, "account_ids[1]");
    if (!refused.ok()) {
      EXPECT_NE(refused.error().message.find("不属于本考试所属组织"), std::string::npos);
    }
  }
  ASSERT_OK_AND_ASSIGN(GraderSet none, graders.Graders(As(admin_), e.id));
  EXPECT_TRUE(none.graders.empty()) << "a refused set writes nothing";
  EXPECT_EQ(none.version, v);
  // Nobody who took the exam (a) or may still take it (丙) grades it.
  auth::Principal c = AddPerson("丙", first_);
  ExpectError(graders.SetGraders(As(admin_), e.id, v, {g1.account_id, a.account_id}),
              Code::kFailedPrecondition, "account_ids[1]");
  ExpectError(graders.SetGraders(As(admin_), e.id, v, {c.account_id}), Code::kFailedPrecondition,
              "account_ids[0]");
  // The picker's candidates: accounts of the exam org's subtree that may
  // grade it; never a taker (a, 丙), nobody outside; organizer only.
  ASSERT_OK_AND_ASSIGN(std::vector<Grader> candidates, graders.Candidates(As(admin_), e.id, "", 50));
  std::set<int64_t> offered;
  for (const Grader& g : candidates) offered.insert(g.account_id);
  for (const auth::Principal* may_grade : {&admin_, &g1, &g2}) {
    EXPECT_TRUE(offered.count(may_grade->account_id)) << may_grade->account_id;
  }
  for (const auth::Principal* not_offered : {&a, &b, &c, &taker_, &outsider_, &elsewhere}) {
    EXPECT_FALSE(offered.count(not_offered->account_id)) << not_offered->account_id;
  }
  ASSERT_OK_AND_ASSIGN(candidates, graders.Candidates(As(admin_), e.id, "root_adm", 50));
  ASSERT_EQ(candidates.size(), 1u);
  EXPECT_EQ(candidates[0].account_id, admin_.account_id);
  ASSERT_OK_AND_ASSIGN(candidates, graders.Candidates(As(admin_), e.id, "%", 50));
  EXPECT_TRUE(candidates.empty()) << "a pattern character matches itself";
  ExpectError(graders.Candidates(As(g1), e.id, "", 20), Code::kNotFound);
  ExpectError(graders.Candidates(As(admin_), 999999, "", 20), Code::kNotFound);
  ExpectError(graders.Candidates(As(admin_), e.id, std::string(kMaxCandidateQueryBytes + 1, 'a'), 20),
              Code::kInvalidArgument, "q");
  ExpectError(graders.Candidates(As(admin_), e.id, "", kMaxCandidates + 1), Code::kInvalidArgument,
              "limit");
  ASSERT_OK_AND_ASSIGN(GraderSet assigned,
                       graders.SetGraders(As(admin_), e.id, v, {g1.account_id, g2.account_id}));
  EXPECT_EQ(assigned.graders.size(), 2u);
  EXPECT_EQ(assigned.version, v + 1);
  // A set read before that change is stale: nothing is written.
  ExpectError(graders.SetGraders(As(admin_), e.id, v, {g1.account_id}), Code::kConflict, "version");
  ASSERT_OK_AND_ASSIGN(GraderSet read, graders.Graders(As(admin_), e.id));
  EXPECT_EQ(read.graders.size(), 2u);
  EXPECT_EQ(read.version, v + 1);
  ASSERT_OK_AND_ASSIGN(auto mine, graders.Assignments(As(g1)));
  ASSERT_EQ(mine.size(), 1u);
  EXPECT_EQ(mine[0].ungraded, 2);

  ASSERT_OK_AND_ASSIGN(GradingPage queue, graders.Queue(As(g1), e.id, {}, {}));
  EXPECT_TRUE(queue.blind);
  ASSERT_EQ(queue.page.items.size(), 2u);
  for (const auto& i : queue.page.items) {
    EXPECT_EQ(i.person_name, "");
    EXPECT_EQ(i.org_name, "");
  }
  ASSERT_OK_AND_ASSIGN(GradingPage organizer, graders.Queue(As(admin_), e.id, {}, {}));
  EXPECT_FALSE(organizer.blind);
  EXPECT_EQ(organizer.page.items[0].person_name, "甲");
  GradingFilter graded;
  graded.graded = true;
  ExpectError(graders.Queue(As(g1), e.id, graded, {}), Code::kPermissionDenied);

  // g1 claims one, g2 then gets the other; nobody grades another's claim.
  ASSERT_OK_AND_ASSIGN(GradingPage c1, graders.Claim(As(g1), e.id, {}, 1));
  ASSERT_EQ(c1.page.items.size(), 1u);
  ExpectError(graders.Claim(As(g1), e.id, {}, 0), Code::kInvalidArgument, "limit");
  ASSERT_OK_AND_ASSIGN(GradingPage c2, graders.Claim(As(g2), e.id, {}, 5));
  ASSERT_EQ(c2.page.items.size(), 1u);
  EXPECT_NE(c1.page.items[0].attempt_id, c2.page.items[0].attempt_id);
  const int64_t first = c1.page.items[0].attempt_id;
  // The organizer sees who holds each claim.
  ASSERT_OK_AND_ASSIGN(GradingPage held, graders.Queue(As(admin_), e.id, {}, {}));
  for (const auto& i : held.page.items) {
    EXPECT_TRUE(i.claimed_by_other);
    if (i.attempt_id == first) {
      EXPECT_NE(i.claimed_by_name, "");
      EXPECT_NE(i.claimed_by_name, "评阅二");
    } else {
      EXPECT_EQ(i.claimed_by_name, "评阅二");
    }
  }
  ExpectError(attempts_->Grade(As(g2), first, essay.id, 500, ""), Code::kConflict, "version");
  ExpectError(attempts_->Grade(As(admin_), first, essay.id, 500, ""), Code::kConflict, "version");
  ASSERT_OK_AND_ASSIGN(Attempt done, attempts_->Grade(As(g1), first, essay.id, 800, "好"));
  EXPECT_TRUE(done.blind);
  EXPECT_FALSE(done.reveal) << "no keys or scores in a grader's answer";
  EXPECT_EQ(done.score, 800);
  // Nobody grades a given score again: graders never change it, the
  // organizer regrades with a reason, naming the version read.
  ExpectError(attempts_->Grade(As(g1), first, essay.id, 900, ""), Code::kFailedPrecondition,
              "score");
  ExpectError(attempts_->Grade(As(admin_), first, essay.id, 900, "", 2), Code::kFailedPrecondition,
              "score");
  RegradeService regrades(db());
  ExpectError(regrades.Regrade(As(g1), first, essay.id, 900, "偏严", 2), Code::kNotFound);
  ExpectError(regrades.Regrade(As(admin_), first, essay.id, 900, "偏严", 1), Code::kConflict,
              "version");
  ASSERT_OK_AND_ASSIGN(GradedAnswer regraded,
                       regrades.Regrade(As(admin_), first, essay.id, 900, "偏严", 2));
  EXPECT_EQ(regraded.attempt_score, 900);
  // A claim past its time is free again: g1 takes g2's answer.
  ASSERT_OK_AND_ASSIGN(auto released, graders.Release(As(g2), e.id));
  EXPECT_EQ(released, 1);
  ASSERT_OK_AND_ASSIGN(GradingPage c3, graders.Claim(As(g1), e.id, {}, 5));
  ASSERT_EQ(c3.page.items.size(), 1u);
  EXPECT_EQ(c3.page.items[0].attempt_id, c2.page.items[0].attempt_id);
  auth::Principal stranger = AddPerson("路人", other_);
  ExpectError(attempts_->Grade(As(stranger), c3.page.items[0].attempt_id, essay.id, 1, ""),
              Code::kNotFound);
}

TEST_P(ResultsTest, ItemAnalysisIsStoredFromTheSubmittedAttempts) {
  Question q1 = AddQuestion(SingleChoice("一"), period_);
  Question q2 = AddQuestion(SingleChoice("二"), period_);
  Exam e = MakeExam(FixedPaper({q1.id, q2.id}).id);
  auth::Principal a = AddPerson("甲", first_), b = AddPerson("乙", first_),
                  c = AddPerson("丙", second_), d = AddPerson("丁", second_);
  Take(a, e, {q1.id, q2.id}, {true, true});
  Take(b, e, {q1.id, q2.id}, {true, false});
  Take(c, e, {q1.id, q2.id}, {true, false});
  Take(d, e, {q1.id, q2.id}, {false, false});
  ItemAnalysisService analyses(db());
  ASSERT_OK_AND_ASSIGN(StoredAnalysis before, analyses.Get(As(admin_), e.id));
  EXPECT_EQ(before.state, "none");
  ExpectError(analyses.Request(As(taker_), e.id), Code::kNotFound);
  ASSERT_OK_AND_ASSIGN(StoredAnalysis queued, analyses.Request(As(admin_), e.id));
  EXPECT_EQ(queued.state, "queued");
  ASSERT_OK(analyses.Run(e.id, now_));
  ASSERT_OK(analyses.Run(e.id, now_));  // a repeated run stores the same
  ASSERT_OK_AND_ASSIGN(StoredAnalysis done, analyses.Get(As(admin_), e.id));
  EXPECT_EQ(done.state, "done");
  EXPECT_EQ(done.takers, 4);
  ASSERT_EQ(done.items.size(), 2u);
  EXPECT_EQ(done.items[0].stem, "一");
  EXPECT_DOUBLE_EQ(done.items[0].stat.facility, 0.75);
  EXPECT_DOUBLE_EQ(done.items[1].stat.facility, 0.25);
  EXPECT_DOUBLE_EQ(done.items[0].stat.discrimination.value_or(-9), 1.0);
  // item variances 200²·.1875 each, totals 400 200 200 0 (variance 20000):
  // 2 · (1 − 15000/20000) = .5.
  ASSERT_TRUE(done.alpha);
  EXPECT_NEAR(*done.alpha, 0.5, 1e-9);
  ExpectError(analyses.Get(As(a), e.id), Code::kNotFound);
}

INSTANTIATE_TEST_SUITE_P(Engines, ResultsTest, ::testing::ValuesIn(test::TestDatabaseUrls()),
                         test::UrlParamName());

}  // namespace
}  // namespace duxing::domain::assessments
