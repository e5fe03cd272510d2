// Commendations (学习标兵): the rule's selection with hand-made figures
// (thresholds, weights, ties at the cut), and on every engine of
// TestDatabaseUrls() the figures read from a campaign's records (best exam
// scores, self-study minutes and 学习强国 points within the campaign's dates),
// the admin's review (add, remove with a reason, versions) and publication
// with who sees what.
#include "domain/assessments/commendation.hpp"

#include <gtest/gtest.h>

#include "domain/assessments/assessment_test_fixture.hpp"

namespace duxing::domain::assessments {
namespace {

std::vector<int64_t> PeopleOf(const std::vector<CommendationEntry>& entries) {
  std::vector<int64_t> out;
  for (const auto& e : entries) {
    if (!e.removed) out.push_back(e.figures.person_id);
  }
  return out;
}

TEST(CommendationRuleTest, ThresholdsWeightsAndTiesAtTheCut) {
  CommendationRule rule;
  rule.exam_ids = {1};
  rule.exam_weight = 1;   // per exam point (hundredths in, hundredths out)
  rule.study_weight = 2;  // per hour
  rule.xuexi_weight = 0;
  rule.min_xuexi_points = 100;
  rule.top_n = 2;
  std::vector<CommendationFigures> figures = {
      {1, "甲", "", 9000, 0, 500},    // 90 points: 9000
      {2, "乙", "", 8000, 300, 500},  // 80 + 2 x 5 h: 9000, tied with 甲
      {3, "丙", "", 8500, 0, 500},    // 8500: rank 3, cut
      {4, "丁", "", 9900, 600, 99},   // below the 学习强国 threshold
      {5, "戊", "", 9950, 0, 100}};   // 9950: first
  auto chosen = SelectCandidates(rule, figures);
  EXPECT_EQ(PeopleOf(chosen), (std::vector<int64_t>{5, 1, 2}));
  ASSERT_EQ(chosen.size(), 3u);
  EXPECT_EQ(chosen[0].rank, 1);
  EXPECT_EQ(chosen[1].rank, 2);
  EXPECT_EQ(chosen[2].rank, 2);  // the tie shares the rank
  EXPECT_EQ(chosen[2].total, 9000);

  rule.top_n = 3;  // the two tied take ranks 2 and 2: 丙 is 4th, still cut
  EXPECT_EQ(PeopleOf(SelectCandidates(rule, figures)), (std::vector<int64_t>{5, 1, 2}));
  rule.top_n = 4;
  EXPECT_EQ(PeopleOf(SelectCandidates(rule, figures)), (std::vector<int64_t>{5, 1, 2, 3}));
  rule.top_n = 0;  // everyone meeting the thresholds
  rule.min_exam_points = 8600;
  EXPECT_EQ(PeopleOf(SelectCandidates(rule, figures)), (std::vector<int64_t>{5, 1}));
}

TEST(CommendationRuleTest, ValidationRefusesEmptyAndOutOfRangeRules) {
  CommendationRule rule;
  ExpectError(ValidateRule(rule), Code::kInvalidArgument, "exam_weight");
  rule.study_weight = 1001;
  ExpectError(ValidateRule(rule), Code::kInvalidArgument, "study_weight");
  rule.study_weight = 1;
  rule.exam_weight = 1;
  ExpectError(ValidateRule(rule), Code::kInvalidArgument, "exam_ids");
  rule.exam_ids = {3};
  rule.top_n = -1;
  ExpectError(ValidateRule(rule), Code::kInvalidArgument, "top_n");
  rule.top_n = 10;
  EXPECT_TRUE(ValidateRule(rule).ok());
}

// The shared assessment fixture (org tree, admin, taker, outsider) with three
// more people in the first branch and a campaign's records: 甲 is the
// fixture's taker (the member of these tests), 乙 丙 丁 are added.
class CommendationTest : public AssessmentTest {
 protected:
  void SetUp() override {
    AssessmentTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    ids_ = {*taker_.person_id};
    people::PeopleService people(db());
    for (const char* name : {"乙", "丙", "丁"}) {
      people::PersonFields f;
      f.name = name;
      f.category = "member";
      f.org_id = first_.id;
      ASSERT_OK_AND_ASSIGN(people::Person p, people.Create(As(system_), f));
      ids_.push_back(p.id);
    }
    outsider_id_ = *outsider_.person_id;
    auto tx = db().Begin(storage::TxMode::kWrite);
    ASSERT_TRUE(tx.ok()) << Describe(tx.error());
    storage::Tx& t = **tx;
    std::string at = "2021-03-01T00:00:00Z";
    ASSERT_OK_AND_ASSIGN(
        storage::Row campaign,
        t.QueryOne("INSERT INTO campaigns (name, year, start_date, end_date, "
                   "status, org_id, created_at, updated_at) VALUES ('党史学习教育', "
                   "2021, '2021-03-01', '2021-12-31', 'active', $1, $2, $2) "
                   "RETURNING id",
                   {root_.id, at}));
    campaign_ = campaign.Int(0);
    ASSERT_OK_AND_ASSIGN(
        storage::Row paper,
        t.QueryOne("INSERT INTO papers (org_id, org_path, title, kind, created_at, "
                   "updated_at) VALUES ($1, $2, '试卷', 'fixed', $3, $3) "
                   "RETURNING id",
                   {root_.id, root_.path, at}));
    for (int i = 0; i < 2; ++i) {
      ASSERT_OK_AND_ASSIGN(
          storage::Row exam,
          t.QueryOne("INSERT INTO exams (org_id, org_path, campaign_id, title, paper_id, mode, "
                     "opens_at, closes_at, created_at, updated_at) VALUES ($1, $2, $3, '竞赛', $4, "
                     "'closed_book', $5, $5, $5, $5) RETURNING id",
                     {root_.id, root_.path, i == 0 ? storage::Param(campaign_) : nullptr,
                      paper.Int(0), at}));
      exam_ids_.push_back(exam.Int(0));
    }
    // Exam scores (hundredths): 甲 90 (best of 60 and 90), 乙 80, 丙 85, 丁
    // an open attempt only; the outsider 100.
    auto attempt = [&](int64_t exam, int64_t person, int64_t number, const char* status,
                       std::optional<int64_t> score) {
      ASSERT_OK(
          t.Exec("INSERT INTO attempts (exam_id, person_id, number, org_path, status, "
                 "started_at, deadline_at, score) VALUES ($1, $2, $3, '/', $4, $5, $5, $6)",
                 {exam, person, number, std::string(status), at, storage::Opt(score)}));
    };
    attempt(exam_ids_[0], ids_[0], 1, "submitted", 6000);
    attempt(exam_ids_[0], ids_[0], 2, "submitted", 9000);
    attempt(exam_ids_[0], ids_[1], 1, "submitted", 8000);
    attempt(exam_ids_[0], ids_[2], 1, "submitted", 8500);
    attempt(exam_ids_[0], ids_[3], 1, "open", std::nullopt);
    attempt(exam_ids_[0], outsider_id_, 1, "submitted", 10000);
    // Study: 乙 5 hours in the campaign, and 10 hours before it (not counted).
    ASSERT_OK_AND_ASSIGN(storage::Row material,
                         t.QueryOne("SELECT MIN(id) FROM study_materials", {}));
    auto study = [&](int64_t person, const char* date, int64_t minutes) {
      ASSERT_OK(
          t.Exec("INSERT INTO study_logs (person_id, study_date, material_id, minutes, "
                 "created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $5)",
                 {person, std::string(date), material.Int(0), minutes, at}));
    };
    study(ids_[1], "2021-04-02", 300);
    study(ids_[1], "2021-01-15", 600);
    // 学习强国: 丙 1,200 points in April, 5,000 in January 2021 (not counted).
    ASSERT_OK_AND_ASSIGN(storage::Row upload,
                         t.QueryOne("INSERT INTO xuexi_uploads (account_id, org_id, file_name, "
                                    "data, created_at) VALUES ($1, $2, 'x.xlsx', $3, $4) "
                                    "RETURNING id",
                                    {admin_.account_id, root_.id, storage::Bytes{"x"}, at}));
    for (auto [period, points] : {std::pair{"2021-04", 1200}, std::pair{"2021-01", 5000}}) {
      ASSERT_OK(
          t.Exec("INSERT INTO xuexi_points (person_id, period, points, upload_id, "
                 "updated_at) VALUES ($1, $2, $3, $4, $5)",
                 {ids_[2], std::string(period), int64_t{points}, upload.Int(0), at}));
    }
    ASSERT_OK(t.Commit());
    tx = Error{};
    service_ = std::make_unique<CommendationService>(db());
  }

  // The 学习标兵 rule of these tests: exam points + 2 per study hour, so
  // that 甲 90, 乙 80 + 10 = 90 (a tie), 丙 85, 丁 0.
  CommendationDraft Draft(int64_t top_n) {
    CommendationDraft d;
    d.campaign_id = campaign_;
    d.org_id = root_.id;
    d.title = "2021年度学习标兵";
    d.rule.exam_ids = {exam_ids_[0]};
    d.rule.exam_weight = 1;
    d.rule.study_weight = 2;
    d.rule.xuexi_weight = 0;
    d.rule.top_n = top_n;
    return d;
  }

  const auth::Principal& member_ = taker_;  // 甲, of the first branch
  std::vector<int64_t> ids_;                // 甲 乙 丙 丁
  int64_t outsider_id_ = 0;
  int64_t campaign_ = 0;
  std::vector<int64_t> exam_ids_;  // of the campaign, of no campaign
  std::unique_ptr<CommendationService> service_;
};

TEST_P(CommendationTest, ProposesFromTheCampaignsRecordsWithTheFigures) {
  ASSERT_OK_AND_ASSIGN(Commendation c, service_->Create(As(admin_), Draft(2)));
  // 甲 90 and 乙 80 + 5 h x 2 = 90 tie at rank 1; 丙 85 is third, cut at
  // the top 2; 丁 has no score.
  EXPECT_EQ(PeopleOf(c.entries), (std::vector<int64_t>{ids_[0], ids_[1]}));
  ASSERT_EQ(c.entries.size(), 2u);
  EXPECT_EQ(c.entries[0].figures.exam_points, 9000);  // the best of two attempts
  EXPECT_EQ(c.entries[1].figures.exam_points, 8000);
  EXPECT_EQ(c.entries[1].figures.study_minutes, 300);  // only the campaign's dates
  EXPECT_EQ(c.entries[0].rank, 1);
  EXPECT_EQ(c.entries[1].rank, 1);
  EXPECT_EQ(c.entries[1].total, 9000);
  EXPECT_EQ(c.status, CommendationStatus::kDraft);

  // 学习强国 points of the campaign's months only: 丙 85 + 1,200 / 100 = 97.
  CommendationRule rule = Draft(2).rule;
  rule.xuexi_weight = 1;  // per point: 1,200 points outweigh everything
  ASSERT_OK_AND_ASSIGN(c,
                       service_->UpdateRule(As(admin_), c.id, c.version, "2021年度学习标兵", rule));
  ASSERT_FALSE(c.entries.empty());
  EXPECT_EQ(c.entries[0].figures.person_id, ids_[2]);
  EXPECT_EQ(c.entries[0].figures.xuexi_points, 1200);
  EXPECT_EQ(c.entries[0].total, 8500 + 120000);
}

TEST_P(CommendationTest, ReviewPublishAndWhoSeesIt) {
  ASSERT_OK_AND_ASSIGN(Commendation c, service_->Create(As(admin_), Draft(2)));
  // A member sees no draft; neither does an outsider.
  ExpectError(service_->Get(As(member_), c.id), Code::kNotFound);
  ASSERT_OK_AND_ASSIGN(auto listed, service_->List(As(member_), campaign_));
  EXPECT_TRUE(listed.empty());
  ExpectError(service_->Publish(As(member_), c.id, c.version), Code::kNotFound);

  ExpectError(service_->RemoveEntry(As(admin_), c.id, c.version, ids_[1], ""),
              Code::kInvalidArgument, "reason");
  ASSERT_OK_AND_ASSIGN(c, service_->RemoveEntry(As(admin_), c.id, c.version, ids_[1], "材料不全"));
  EXPECT_EQ(PeopleOf(c.entries), (std::vector<int64_t>{ids_[0]}));
  ExpectError(service_->AddEntry(As(admin_), c.id, c.version, outsider_id_, "表现突出"),
              Code::kInvalidArgument, "person_id");
  ExpectError(service_->AddEntry(As(admin_), c.id, c.version - 1, ids_[3], "表现突出"),
              Code::kConflict, "version");
  ASSERT_OK_AND_ASSIGN(c, service_->AddEntry(As(admin_), c.id, c.version, ids_[3], "表现突出"));
  EXPECT_EQ(PeopleOf(c.entries), (std::vector<int64_t>{ids_[0], ids_[3]}));
  // A new proposal keeps the admin's removal and addition.
  ASSERT_OK_AND_ASSIGN(c, service_->UpdateRule(As(admin_), c.id, c.version, c.title, c.rule));
  EXPECT_EQ(PeopleOf(c.entries), (std::vector<int64_t>{ids_[0], ids_[3]}));
  ASSERT_EQ(c.entries.back().figures.person_id, ids_[1]);  // removed, listed last
  EXPECT_EQ(c.entries.back().reason, "材料不全");

  ASSERT_OK_AND_ASSIGN(c, service_->Publish(As(admin_), c.id, c.version));
  EXPECT_EQ(c.status, CommendationStatus::kPublished);
  ExpectError(service_->Publish(As(admin_), c.id, c.version), Code::kFailedPrecondition);
  ExpectError(service_->RemoveEntry(As(admin_), c.id, c.version, ids_[0], "理由"),
              Code::kFailedPrecondition);
  // Published: the members of the org see it with the figures; outsiders do not.
  ASSERT_OK_AND_ASSIGN(Commendation seen, service_->Get(As(member_), c.id));
  EXPECT_EQ(PeopleOf(seen.entries), (std::vector<int64_t>{ids_[0], ids_[3]}));
  EXPECT_EQ(seen.entries.size(), 2u);  // the one taken off is for the writers only
  EXPECT_EQ(seen.entries[0].figures.exam_points, 9000);
  EXPECT_FALSE(seen.can_edit);
  ASSERT_OK_AND_ASSIGN(listed, service_->List(As(member_), campaign_));
  EXPECT_EQ(listed.size(), 1u);
  ExpectError(service_->Get(As(outsider_), c.id), Code::kNotFound);
}

TEST_P(CommendationTest, RefusesExamsOutsideTheCampaignAndWritersOutOfScope) {
  CommendationDraft d = Draft(0);
  d.rule.exam_ids = {exam_ids_[1]};  // of no campaign
  ExpectError(service_->Create(As(admin_), d), Code::kInvalidArgument, "exam_ids");
  ExpectError(service_->Create(As(member_), Draft(0)), Code::kNotFound, "org_id");
  d = Draft(0);
  d.org_id = other_.id;
  ExpectError(service_->Create(As(admin_), d), Code::kNotFound, "org_id");
  d = Draft(0);
  d.title = "";
  ExpectError(service_->Create(As(admin_), d), Code::kInvalidArgument, "title");
}

INSTANTIATE_TEST_SUITE_P(Engines, CommendationTest, ::testing::ValuesIn(test::TestDatabaseUrls()),
                         test::UrlParamName());

}  // namespace
}  // namespace duxing::domain::assessments
