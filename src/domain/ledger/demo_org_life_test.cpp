// The demo step of the ledger's kinds 3-5, on every engine: each branch's
// organization-life meeting as the service reads it (everyone spoke and made
// a commitment, criticisms, every problem with an item, the items in every
// state of the workflow, two meetings reviewed), enterprise visits with
// issues routed to departments, one self-check with its unmet points' items;
// written once.
#include "domain/ledger/demo_org_life.hpp"

#include <gtest/gtest.h>

#include <set>

#include "domain/attachments/blob_store.hpp"
#include "domain/campaigns/demo_campaign.hpp"
#include "domain/ledger/enterprise.hpp"
#include "domain/ledger/org_life.hpp"
#include "domain/ledger/self_check.hpp"
#include "testing/demo_database.hpp"
#include "testing/result_matchers.hpp"

namespace duxing::domain::ledger {
namespace {

class DemoOrgLifeTest : public test::DemoDatabaseTest {};

TEST_P(DemoOrgLifeTest, EachBranchMeetingVisitsAndASelfCheck) {
  ASSERT_OK(RunStep(campaigns::AddDemoCampaign));
  DemoContext demo = Demo();
  ASSERT_OK(AddDemoOrgLife(demo));
  const int64_t items = CountOf("SELECT COUNT(*) FROM ledger_items");
  ASSERT_OK(AddDemoOrgLife(demo));  // once
  EXPECT_EQ(CountOf("SELECT COUNT(*) FROM ledger_items"), items);

  attachments::DatabaseBlobStore store;
  attachments::RecordRights rights;
  attachments::AttachmentService files(db(), store, rights);
  OrgLifeService meetings(db(), files);
  std::vector<int64_t> ids;
  {
    auto tx = db().Begin(storage::TxMode::kRead);
    ASSERT_TRUE(tx.ok());
    ASSERT_OK_AND_ASSIGN(storage::Rows rows,
                         (*tx)->Query("SELECT event_id FROM life_meetings ORDER BY event_id", {}));
    for (const auto& r : rows) ids.push_back(r.Int(0));
  }
  ASSERT_EQ(ids.size(), 4u);  // 三个机关支部和离退休干部支部
  std::set<std::string> states, branches;
  int reviewed = 0;
  for (int64_t id : ids) {
    ASSERT_OK_AND_ASSIGN(LifeMeeting m, meetings.Get(ctx(), id));
    branches.insert(m.org_name);
    EXPECT_GT(m.members.size(), 3u) << m.org_name;
    EXPECT_EQ(m.members_not_spoken, 0) << m.org_name;
    EXPECT_EQ(m.problems_without_items, 0) << m.org_name;
    EXPECT_EQ(m.problems.size(), 4u) << m.org_name;
    EXPECT_GE(m.criticisms.size(), m.members.size()) << m.org_name;
    for (const auto& x : m.members) EXPECT_FALSE(x.commitment.empty()) << x.name;
    for (const auto& p : m.problems) {
      for (const auto& i : p.items) states.insert(i.status);
    }
    if (m.reviewed_at) ++reviewed;
  }
  EXPECT_EQ(branches, (std::set<std::string>{"机关第一支部", "机关第二支部", "机关第三支部",
                                              "离退休干部支部"}));
  EXPECT_EQ(states, (std::set<std::string>{"pending", "in_progress", "to_verify", "closed"}));
  EXPECT_EQ(reviewed, 2);
  EXPECT_GT(CountOf("SELECT COUNT(*) FROM life_meeting_members WHERE as_ordinary_member = 1"), 0);

  EnterpriseVisitService visits(db());
  ASSERT_OK_AND_ASSIGN(auto page, visits.List(ctx(), {}));
  ASSERT_EQ(page.total, 3);
  for (const auto& v : page.items) {
    EXPECT_TRUE(IsValidCreditCode(v.credit_code)) << v.credit_code;
    ASSERT_OK_AND_ASSIGN(EnterpriseVisit full, visits.Get(ctx(), v.event_id));
    ASSERT_EQ(full.issues.size(), 1u) << v.enterprise_name;
    EXPECT_NE(full.issues[0].org_name, full.org_name);  // routed to a department
  }

  SelfCheckService checks(db());
  ASSERT_OK_AND_ASSIGN(auto check_page, checks.List(ctx(), {}));
  ASSERT_EQ(check_page.total, 1);
  ASSERT_OK_AND_ASSIGN(SelfCheck check, checks.Get(ctx(), check_page.items[0].id));
  EXPECT_EQ(check.unmet, 2);
  for (const auto& p : check.points) {
    EXPECT_EQ(p.item.has_value(), p.result == PointResult::kUnmet) << p.text;
  }
}

INSTANTIATE_TEST_SUITE_P(Engines, DemoOrgLifeTest, ::testing::ValuesIn(test::TestDatabaseUrls()),
                         test::UrlParamName());

}  // namespace
}  // namespace duxing::domain::ledger
