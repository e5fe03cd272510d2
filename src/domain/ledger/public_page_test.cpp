// The public 晒单 page and the figures (public_page.hpp, concerns.hpp) on
// every engine: only closed projects and concerns with their public fields,
// nothing of a personal field even when every text field holds a marker,
// the campaign's figures, archived or unknown campaigns 404, per-address
// bound; the signed-in figures in the caller's scope.
#include "domain/ledger/public_page.hpp"

#include <gtest/gtest.h>

#include "domain/ledger/kinds_test_fixture.hpp"
#include "testing/query_plan.hpp"
#include "testing/result_matchers.hpp"

namespace duxing::domain::ledger {
namespace {

using auth::Role;
using test::ExpectError;

class PublicPageTest : public LedgerKindsTest {
 protected:
  Context Anonymous(const std::string& ip = "203.0.113.7") const {
    Context c;
    c.now = kNow;
    c.client_ip = ip;
    return c;
  }
};

// Every text a public item shows.
std::string AllText(const PublicItem& i) {
  return i.title + "|" + i.project_area.value_or("") + "|" + i.measures + "|" + i.result + "|" +
         i.closed_on + "|" + i.org_name;
}

TEST_P(PublicPageTest, ListsClosedProjectsAndConcernsWithTheFigures) {
  PublicLedgerService service(db());
  ASSERT_OK_AND_ASSIGN(auto page, service.Page(Anonymous(), campaign_id_));
  EXPECT_EQ(page->campaign_name, "党史学习教育");
  EXPECT_EQ(page->year, 2021);
  // The unit: the root of the campaign's organization tree.
  EXPECT_EQ(page->unit_name, "市统计局党组");
  EXPECT_EQ(page->figures.forums_held, kDemoForums);
  EXPECT_EQ(page->figures.residents_taking_part, kDemoResidents);
  EXPECT_EQ(page->figures.concerns_collected, kDemoConcerns);
  EXPECT_EQ(page->figures.projects_done, kDemoProjectsDone);
  EXPECT_EQ(static_cast<int>(page->projects.size()), kDemoProjectsDone);
  EXPECT_EQ(static_cast<int>(page->concerns.size()), kDemoConcernsClosed);
  EXPECT_FALSE(page->truncated);
  for (const PublicItem& p : page->projects) {
    EXPECT_TRUE(p.project_area.has_value()) << p.title;
    EXPECT_EQ(p.closed_on.size(), 10u);
    EXPECT_FALSE(p.org_name.empty());
  }
  // Latest closed first.
  for (size_t i = 1; i < page->concerns.size(); ++i) {
    EXPECT_GE(page->concerns[i - 1].closed_on, page->concerns[i].closed_on);
  }
  // Unknown, preparing (筹备) and archived campaigns are not found.
  ExpectError(service.Page(Anonymous(), 999999), Code::kNotFound, "campaign_id");
  Exec("UPDATE campaigns SET status = 'preparing' WHERE id = $1", {campaign_id_});
  Bump("campaign");
  auto preparing = service.Page(Anonymous(), campaign_id_);
  ExpectError(preparing, Code::kNotFound, "campaign_id");
  EXPECT_EQ(preparing.error().message, "学习教育活动不存在");
  Exec("UPDATE campaigns SET status = 'ended' WHERE id = $1", {campaign_id_});
  Bump("campaign");
  ASSERT_OK(service.Page(Anonymous(), campaign_id_));
  Exec("UPDATE campaigns SET archived = 1 WHERE id = $1", {campaign_id_});
  Bump("campaign");
  ExpectError(service.Page(Anonymous(), campaign_id_), Code::kNotFound, "campaign_id");
}

// 销号 then 回访 不满意 (reopened or not): the concern is not published or
// counted as resolved.
TEST_P(PublicPageTest, AConcernCalledUnsatisfiedAtFollowUpIsNotShownAsResolved) {
  PublicLedgerService service(db());
  ASSERT_OK_AND_ASSIGN(auto before, service.Page(Anonymous(), campaign_id_));
  ASSERT_FALSE(before->concerns.empty());
  const int64_t id = before->concerns.front().id;
  Exec("UPDATE ledger_items SET satisfaction = 'unsatisfied' WHERE id = $1", {id});
  Bump("ledger_item");
  ASSERT_OK_AND_ASSIGN(auto after, service.Page(Anonymous(), campaign_id_));
  EXPECT_EQ(after->concerns.size(), before->concerns.size() - 1);
  for (const PublicItem& c : after->concerns) EXPECT_NE(c.id, id);
  EXPECT_EQ(after->figures.concerns_resolved, before->figures.concerns_resolved - 1);
}

TEST_P(PublicPageTest, NoPersonalFieldReachesThePage) {
  // A closed concern and a closed project whose every text field holds a
  // marker: public ones PUB_<field>, personal ones SECRET_<field>; the
  // responsible person, leader and verifier renamed to markers too.
  const int64_t concern =
      CountOf("SELECT MIN(id) FROM ledger_items WHERE kind = 'concern' AND status = 'closed'");
  const int64_t project =
      CountOf("SELECT MIN(id) FROM ledger_items WHERE kind = 'project' AND status = 'closed'");
  for (int64_t id : {concern, project}) {
    Exec(
        "UPDATE ledger_items SET title = 'PUB_title', measures = 'PUB_measures', result = "
        "'PUB_result', description = 'SECRET_description', source_text = 'SECRET_source_text', "
        "verification_note = 'SECRET_verification_note', requester_name = "
        "'SECRET_requester_name', requester_contact = 'SECRET_requester_contact', "
        "satisfaction_note = 'SECRET_satisfaction_note', target = 'SECRET_target', "
        "updated_at = updated_at WHERE id = $1",
        {id});
    Exec(
        "UPDATE ledger_entries SET text = 'SECRET_entry', person_name = 'SECRET_entry_person' "
        "WHERE item_id = $1",
        {id});
    Exec(
        "UPDATE people SET name = 'SECRET_person_' || CAST(id AS TEXT) WHERE id IN (SELECT "
        "responsible_person_id FROM ledger_items WHERE id = $1 UNION SELECT leader_person_id "
        "FROM ledger_items WHERE id = $1 UNION SELECT closed_by_person_id FROM ledger_items "
        "WHERE id = $1)",
        {id});
  }
  Bump("ledger_item");
  PublicLedgerService service(db());
  ASSERT_OK_AND_ASSIGN(auto page, service.Page(Anonymous(), campaign_id_));
  // The page's own texts name the campaign and the unit, no person.
  for (const std::string& text : {page->campaign_name, page->unit_name}) {
    EXPECT_EQ(text.find("SECRET_"), std::string::npos) << text;
  }
  int marked = 0;
  for (const auto* list : {&page->projects, &page->concerns}) {
    for (const PublicItem& i : *list) {
      std::string text = AllText(i);
      EXPECT_EQ(text.find("SECRET_"), std::string::npos) << text;
      if (i.id == concern || i.id == project) {
        ++marked;
        EXPECT_EQ(i.title, "PUB_title");
        EXPECT_EQ(i.measures, "PUB_measures");
        EXPECT_EQ(i.result, "PUB_result");
      }
    }
  }
  EXPECT_EQ(marked, 2);
}

TEST_P(PublicPageTest, OneAddressIsBoundedPerMinute) {
  PublicLedgerService service(db());
  for (int i = 0; i < kPublicRequestsPerMinute; ++i) {
    ASSERT_OK(service.Page(Anonymous(), campaign_id_));
  }
  auto refused = service.Page(Anonymous(), campaign_id_);
  ExpectError(refused, Code::kResourceExhausted);
  EXPECT_GT(refused.error().retry_after_seconds, 0);
  EXPECT_LE(refused.error().retry_after_seconds, 60);
  // Another address is served; the next minute serves this one again.
  ASSERT_OK(service.Page(Anonymous("203.0.113.8"), campaign_id_));
  Context later = Anonymous();
  later.now += std::chrono::minutes(1);
  ASSERT_OK(service.Page(later, campaign_id_));
}

TEST_P(PublicPageTest, SignedInFiguresCountTheCallersScope) {
  ServingService serving(db());
  auth::Principal secretary = Holder(Role::kBranchSecretary, "机关第一支部");
  ASSERT_OK_AND_ASSIGN(ServingFigures branch, serving.Figures(As(secretary), campaign_id_));
  // 机关第一支部 holds the forums of X路社区.
  EXPECT_EQ(branch.forums_held, 18);
  EXPECT_EQ(branch.concerns_collected,
            CountOf("SELECT COUNT(*) FROM ledger_items i JOIN orgs o ON o.id = i.org_id WHERE "
                    "i.kind = 'concern' AND o.name = '机关第一支部'"));
  EXPECT_LT(branch.concerns_collected, kDemoConcerns);
  auth::Principal member = Holder(Role::kMember, "机关第一支部");
  ExpectError(serving.Figures(As(member), campaign_id_), Code::kPermissionDenied);
  ExpectError(serving.Figures(As(secretary), 999999), Code::kNotFound, "campaign_id");
}

TEST_P(PublicPageTest, ClosedItemsAreReadInOrderFromTheirIndex) {
  const bool sqlite = test::BackendLabel(GetParam()) == "sqlite";
  for (const char* kind : {"project", "concern"}) {
    auto tx = db().Begin(storage::TxMode::kRead);
    ASSERT_TRUE(tx.ok());
    ASSERT_OK_AND_ASSIGN(std::string plan,
                         test::QueryPlan(**tx, sqlite, std::string(PublicItemsSql()),
                                         {campaign_id_, std::string(kind), kMaxPublicItems + 1}));
    EXPECT_NE(plan.find("ledger_items_public"), std::string::npos) << kind << "\n" << plan;
    if (sqlite) {
      EXPECT_EQ(plan.find("TEMP B-TREE"), std::string::npos) << kind << "\n" << plan;
    } else {
      EXPECT_EQ(plan.find("Sort"), std::string::npos) << kind << "\n" << plan;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Engines, PublicPageTest, ::testing::ValuesIn(test::TestDatabaseUrls()),
                         test::UrlParamName());

}  // namespace
}  // namespace duxing::domain::ledger
