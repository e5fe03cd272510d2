// Self-checks on every engine: the checklist's rules, scope (the org's
// writers write, its readers read, members and other branches see nothing),
// findings versioned per point, and each unmet point becoming one self_check
// item (once) that keeps the point unmet.
#include "domain/ledger/self_check.hpp"

#include <gtest/gtest.h>

#include "domain/ledger/life_test_support.hpp"

namespace duxing::domain::ledger {
namespace {

using test::ExpectError;

class SelfCheckTest : public LifeTest {
 protected:
  void SetUp() override {
    LifeTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    checks_ = std::make_unique<SelfCheckService>(db());
  }

  NewSelfCheck Check() {
    return {std::nullopt, first_.id, "学习贯彻重要讲话精神专项监督检查自查", "2021-06-10",
            {"传达学习是否及时", "是否制定贯彻落实方案", "整改台账是否建立"}};
  }

  std::unique_ptr<SelfCheckService> checks_;
};

TEST_P(SelfCheckTest, WritersOfTheOrgMakeAChecklist) {
  ExpectError(checks_->Create(As(second_secretary_), Check()), Code::kNotFound, "org_id");
  ExpectError(checks_->Create(As(leader_), Check()), Code::kPermissionDenied, "org_id");
  NewSelfCheck bad = Check();
  bad.points.clear();
  ExpectError(checks_->Create(As(secretary_), bad), Code::kInvalidArgument, "points");
  bad = Check();
  bad.points[1] = "";
  ExpectError(checks_->Create(As(secretary_), bad), Code::kInvalidArgument, "points[1]");
  bad = Check();
  bad.check_date = "2021-6-10";
  ExpectError(checks_->Create(As(secretary_), bad), Code::kInvalidArgument, "check_date");
  EXPECT_EQ(Count("SELECT COUNT(*) FROM self_checks"), 0);

  ASSERT_OK_AND_ASSIGN(SelfCheck c, checks_->Create(As(secretary_), Check()));
  EXPECT_EQ(c.points.size(), 3u);
  EXPECT_EQ(c.unchecked, 3);
  EXPECT_TRUE(c.may_write);
  ASSERT_OK_AND_ASSIGN(SelfCheck read, checks_->Get(As(leader_), c.id));
  EXPECT_FALSE(read.may_write);
  ExpectError(checks_->Get(As(member_), c.id), Code::kNotFound);
  ExpectError(checks_->Get(As(second_secretary_), c.id), Code::kNotFound);
  ASSERT_OK_AND_ASSIGN(auto page, checks_->List(As(admin_), {}));
  EXPECT_EQ(page.total, 1);
  ASSERT_OK_AND_ASSIGN(page, checks_->List(As(second_secretary_), {}));
  EXPECT_EQ(page.total, 0);
}

TEST_P(SelfCheckTest, AnUnmetPointBecomesOneItem) {
  ASSERT_OK_AND_ASSIGN(SelfCheck c, checks_->Create(As(secretary_), Check()));
  const CheckPoint met = c.points[0];  // copies: c is reassigned below
  const CheckPoint unmet = c.points[2];
  ExpectError(checks_->RecordPoint(As(leader_), met.id, {1, PointResult::kMet, "已传达"}),
              Code::kPermissionDenied);
  ExpectError(checks_->RecordPoint(As(second_secretary_), met.id, {1, PointResult::kMet, ""}),
              Code::kNotFound);
  ASSERT_OK_AND_ASSIGN(c, checks_->RecordPoint(As(secretary_), met.id,
                                               {1, PointResult::kMet, "已于5月传达"}));
  EXPECT_EQ(c.met, 1);
  EXPECT_FALSE(c.points[0].item.has_value());
  ExpectError(checks_->RecordPoint(As(secretary_), met.id, {1, PointResult::kMet, ""}),
              Code::kConflict, "version");

  PointFinding finding{1, PointResult::kUnmet, "尚未建立整改台账",
                       {first_people_[1], std::nullopt, "2021-07-15", std::nullopt}};
  ASSERT_OK_AND_ASSIGN(c, checks_->RecordPoint(As(secretary_), unmet.id, finding));
  ASSERT_TRUE(c.points[2].item.has_value());
  EXPECT_EQ(c.points[2].item->kind, "self_check");
  EXPECT_EQ(c.points[2].item->title, "整改台账是否建立");
  EXPECT_EQ(c.points[2].item->responsible_name, "乙党员");
  EXPECT_EQ(c.unmet, 1);
  // Recording it unmet again keeps the one item; met is refused.
  finding.version = 2;
  finding.note = "正在建立";
  ASSERT_OK_AND_ASSIGN(c, checks_->RecordPoint(As(secretary_), unmet.id, finding));
  EXPECT_EQ(Count("SELECT COUNT(*) FROM ledger_items WHERE kind = 'self_check' AND "
                  "source_type = 'check' AND source_text = $1",
                  {c.title}),
            1);
  ExpectError(checks_->RecordPoint(As(secretary_), unmet.id, {3, PointResult::kMet, ""}),
              Code::kFailedPrecondition, "result");
  // The list carries each check's points with their items (the page shows
  // the unmet ones without opening the check).
  ASSERT_OK(checks_->Create(As(secretary_), Check()));
  ASSERT_OK_AND_ASSIGN(auto page, checks_->List(As(secretary_), {}));
  ASSERT_EQ(page.items.size(), 2u);
  for (const auto& listed : page.items) {
    ASSERT_EQ(listed.points.size(), 3u);
    EXPECT_EQ(listed.points[0].text, c.points[0].text);
    EXPECT_EQ(listed.points[2].item.has_value(), listed.id == c.id) << listed.id;
  }
  const auto& mine = page.items[0].id == c.id ? page.items[0] : page.items[1];
  EXPECT_EQ(mine.points[2].item->responsible_name, "乙党员");
}

INSTANTIATE_TEST_SUITE_P(Engines, SelfCheckTest, ::testing::ValuesIn(test::TestDatabaseUrls()),
                         test::UrlParamName());

}  // namespace
}  // namespace duxing::domain::ledger
