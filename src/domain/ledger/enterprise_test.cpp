// Enterprise service visits: the unified social credit code's check
// character (GB 32100-2015), and on every engine the visit's record on its
// event (writers only, once per event, versioned) and its issues routed to
// the handling org as enterprise_issue items.
#include "domain/ledger/enterprise.hpp"

#include <gtest/gtest.h>

#include "domain/ledger/life_test_support.hpp"

namespace duxing::domain::ledger {
namespace {

using test::ExpectError;

TEST(CreditCode, AcceptsValidCodes) {
  EXPECT_TRUE(IsValidCreditCode("91350100M000100Y43"));
  EXPECT_TRUE(IsValidCreditCode("91110108551385082Q"));
  EXPECT_TRUE(IsValidCreditCode("91430100MA4L16JQ9D"));
  // A check value of 31 is written 0.
  EXPECT_TRUE(IsValidCreditCode("914301000000000000"));
}

TEST(CreditCode, RefusesWrongCheckCharactersLengthsAndLetters) {
  EXPECT_FALSE(IsValidCreditCode("91350100M000100Y44"));  // check character
  EXPECT_FALSE(IsValidCreditCode("91430100MA4L16JQ9B"));
  EXPECT_FALSE(IsValidCreditCode("91350100M000100Y4"));    // 17 characters
  EXPECT_FALSE(IsValidCreditCode("91350100M000100Y433"));  // 19
  EXPECT_FALSE(IsValidCreditCode(""));
  EXPECT_FALSE(IsValidCreditCode("91350100m000100Y43"));   // lower case
  EXPECT_FALSE(IsValidCreditCode("91350100I000100Y43"));   // I is not in the alphabet
  EXPECT_FALSE(IsValidCreditCode("9135A100M000100Y43"));   // division code not digits
  EXPECT_FALSE(IsValidCreditCode("９1350100M000100Y43"));  // a full-width digit
  ExpectError(CheckCreditCode("91350100M000100Y44", "credit_code"), Code::kInvalidArgument,
              "credit_code");
}

class EnterpriseVisitTest : public LifeTest {
 protected:
  void SetUp() override {
    LifeTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    visits_ = std::make_unique<EnterpriseVisitService>(db());
    event_ = MakeEvent("enterprise_visit", first_, "走访华信电子");
  }

  VisitFields Fields() {
    return {"华信电子有限公司", "91350100M000100Y43", first_people_[1], "2021-05-12", "了解统计报表填报"};
  }

  std::unique_ptr<EnterpriseVisitService> visits_;
  int64_t event_ = 0;
};

TEST_P(EnterpriseVisitTest, WritersRecordTheVisitOnceAndEditItVersioned) {
  ExpectError(visits_->Create(As(second_secretary_), event_, Fields()), Code::kNotFound);
  ExpectError(visits_->Create(As(leader_), event_, Fields()), Code::kPermissionDenied);
  VisitFields bad = Fields();
  bad.credit_code = "91350100M000100Y44";
  ExpectError(visits_->Create(As(secretary_), event_, bad), Code::kInvalidArgument,
              "credit_code");
  bad = Fields();
  bad.visit_date = "2021-02-30";
  ExpectError(visits_->Create(As(secretary_), event_, bad), Code::kInvalidArgument, "visit_date");
  EXPECT_EQ(Count("SELECT COUNT(*) FROM enterprise_visits"), 0);

  ASSERT_OK_AND_ASSIGN(EnterpriseVisit v, visits_->Create(As(secretary_), event_, Fields()));
  EXPECT_EQ(v.visitor_name, "乙党员");
  EXPECT_EQ(v.version, 1);
  ExpectError(visits_->Create(As(secretary_), event_, Fields()), Code::kAlreadyExists, "event_id");

  // Another type's event is not a visit.
  int64_t lecture = MakeEvent("life_meeting", first_, "组织生活会");
  ExpectError(visits_->Create(As(secretary_), lecture, Fields()), Code::kNotFound);

  VisitPatch p;
  p.version = 1;
  p.enterprise_name = "华信电子股份有限公司";
  ASSERT_OK_AND_ASSIGN(v, visits_->Update(As(secretary_), event_, p));
  EXPECT_EQ(v.version, 2);
  ExpectError(visits_->Update(As(secretary_), event_, p), Code::kConflict, "version");
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE record_type = 'enterprise_visit'"), 2);

  // Leaders read; the other branch does not see it in the list.
  ASSERT_OK_AND_ASSIGN(auto page, visits_->List(As(leader_), {}));
  EXPECT_EQ(page.total, 1);
  ASSERT_OK_AND_ASSIGN(page, visits_->List(As(second_secretary_), {}));
  EXPECT_EQ(page.total, 0);
}

TEST_P(EnterpriseVisitTest, IssuesBecomeItemsOfTheHandlingOrg) {
  ASSERT_OK(visits_->Create(As(admin_), event_, Fields()));
  NewEnterpriseIssue issue{"统计报表系统登录慢", "企业反映联网直报系统登录慢", second_.id,
                           {second_person_, std::nullopt, "2021-06-30", std::nullopt}};
  // The branch secretary may not route to an org outside what they read.
  ExpectError(visits_->AddIssue(As(secretary_), event_, issue), Code::kNotFound, "org_id");
  ExpectError(visits_->AddIssue(As(leader_), event_, issue), Code::kPermissionDenied);
  ASSERT_OK_AND_ASSIGN(EnterpriseVisit v, visits_->AddIssue(As(admin_), event_, issue));
  ASSERT_EQ(v.issues.size(), 1u);
  EXPECT_EQ(v.issues[0].kind, "enterprise_issue");
  EXPECT_EQ(v.issues[0].org_name, "机关第二支部");
  EXPECT_EQ(v.issues[0].status, "pending");
  EXPECT_EQ(Count("SELECT COUNT(*) FROM ledger_items WHERE kind = 'enterprise_issue' AND "
                  "source_type = 'event' AND source_id = $1 AND org_id = $2",
                  {event_, second_.id}),
            1);
  // The list carries each visit's issues (read in one query for the page),
  // a visit without issues none.
  int64_t other = MakeEvent("enterprise_visit", first_, "走访二");
  ASSERT_OK(visits_->Create(As(admin_), other, Fields()));
  ASSERT_OK_AND_ASSIGN(auto page, visits_->List(As(admin_), {}));
  ASSERT_EQ(page.items.size(), 2u);
  for (const auto& listed : page.items) {
    EXPECT_EQ(listed.issues.size(), listed.event_id == event_ ? 1u : 0u) << listed.event_id;
  }
}

INSTANTIATE_TEST_SUITE_P(Engines, EnterpriseVisitTest,
                         ::testing::ValuesIn(test::TestDatabaseUrls()), test::UrlParamName());

}  // namespace
}  // namespace duxing::domain::ledger
