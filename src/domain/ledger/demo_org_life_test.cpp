// The demo step of the ledger's kinds 3-5, on every engine: each branch's
// organization-life meeting as the service reads it (everyone spoke and made
// a commitment, criticisms, every problem with an item, the items in every
// state of the workflow, two meetings reviewed), enterprise visits with
// issues routed to departments, one self-check with its unmet points' items;
// written once. And the whole ledger demo (kinds 1-5) installed at a fixed
// clock tells one story: nothing registered after it was closed or closed in
// the future, timelines between registration and now, closed items within
// their deadlines, open items due after today but for the documented
// overdue ones, which are all the first overdue pass marks.
#include "domain/ledger/demo_org_life.hpp"

#include <gtest/gtest.h>

#include <set>

#include "domain/attachments/blob_store.hpp"
#include "domain/campaigns/demo_campaign.hpp"
#include "domain/ledger/demo_ledger.hpp"
#include "domain/ledger/enterprise.hpp"
#include "domain/ledger/kinds_test_fixture.hpp"
#include "domain/ledger/ledger_service.hpp"
#include "domain/ledger/overdue.hpp"
#include "domain/ledger/plan.hpp"
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
  // What members said varies (a few forms along the campaign's themes, per
  // person), and no outline opens with the speaker's own name.
  EXPECT_GE(CountOf("SELECT COUNT(DISTINCT speech_outline) FROM life_meeting_members"), 5);
  EXPECT_EQ(CountOf("SELECT COUNT(*) FROM life_meeting_members m JOIN people p ON p.id = "
                    "m.person_id WHERE m.speech_outline LIKE p.name || '%'"),
            0);
  EXPECT_GE(CountOf("SELECT COUNT(DISTINCT text) FROM life_meeting_criticisms WHERE "
                    "from_person_id = to_person_id"),
            5);
  EXPECT_GE(CountOf("SELECT COUNT(DISTINCT text) FROM life_meeting_criticisms WHERE "
                    "from_person_id <> to_person_id"),
            3);
  // The retired members speak of no work of their own (业务, 年报, 报表).
  EXPECT_EQ(CountOf("SELECT COUNT(*) FROM life_meeting_members m JOIN people p ON p.id = "
                    "m.person_id LEFT JOIN life_meeting_criticisms c ON c.event_id = m.event_id "
                    "AND c.from_person_id = m.person_id AND c.to_person_id = m.person_id WHERE "
                    "p.category = 'retired_member' AND (m.speech_outline LIKE '%业务%' OR "
                    "m.speech_outline LIKE '%年报%' OR c.text LIKE '%业务%' OR "
                    "c.text LIKE '%报表%')"),
            0);
  EXPECT_GT(CountOf("SELECT COUNT(*) FROM life_meeting_members m JOIN people p ON p.id = "
                    "m.person_id WHERE p.category = 'retired_member'"),
            0);

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

class DemoLedgerStoryTest : public LedgerKindsTest {
 protected:
  void SetUp() override {
    LedgerKindsTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    DemoContext demo = Demo();
    ASSERT_OK(AddDemoOrgLife(demo));
  }

  // The kinds of the open items due before `day`, sorted.
  std::vector<std::string> OpenKindsDueBefore(const std::string& day) {
    auto tx = db().Begin(storage::TxMode::kRead);
    EXPECT_TRUE(tx.ok());
    auto rows = (*tx)->Query(
        "SELECT kind FROM ledger_items WHERE status <> 'closed' AND deadline < $1 ORDER BY kind",
        {day});
    EXPECT_TRUE(rows.ok());
    std::vector<std::string> out;
    if (rows.ok()) {
      for (const auto& r : *rows) out.push_back(r.Text(0));
    }
    return out;
  }
};

TEST_P(DemoLedgerStoryTest, OneStoryAtTheInstallClock) {
  const std::string now = FormatTime(kNow);
  const std::string today = ChinaDate(kNow);
  ASSERT_GT(CountOf("SELECT COUNT(*) FROM ledger_items WHERE kind = 'rectification'"), 0);
  // Registered before closed, nothing in the future.
  EXPECT_EQ(CountOf("SELECT COUNT(*) FROM ledger_items WHERE created_at > closed_at OR "
                    "closed_at > '" + now + "' OR created_at > '" + now + "'"),
            0);
  // Closed items registered and closed on or before their deadline (UTC
  // times, China dates: a UTC date is never after its China date).
  EXPECT_EQ(CountOf("SELECT COUNT(*) FROM ledger_items WHERE status = 'closed' AND "
                    "(substr(created_at, 1, 10) > deadline OR substr(closed_at, 1, 10) > deadline)"),
            0);
  // Each timeline between its item's registration and now, in order.
  EXPECT_EQ(CountOf("SELECT COUNT(*) FROM ledger_entries e JOIN ledger_items i ON i.id = e.item_id "
                    "WHERE e.created_at < i.created_at OR e.created_at > '" + now + "'"),
            0);
  EXPECT_EQ(CountOf("SELECT COUNT(*) FROM ledger_entries a JOIN ledger_entries b ON "
                    "b.item_id = a.item_id AND b.id > a.id AND b.created_at < a.created_at"),
            0);
  // Open items: no deadline weeks past; overdue exactly the documented ones
  // (the escalated concern, the self-check item).
  EXPECT_EQ(OpenKindsDueBefore(DemoDayAfter(today, -30)), std::vector<std::string>{});
  EXPECT_EQ(OpenKindsDueBefore(today), (std::vector<std::string>{"concern", "self_check"}));
  EXPECT_EQ(static_cast<int>(OpenKindsDueBefore(today).size()), kDemoOverdueItems);
  EXPECT_EQ(CountOf("SELECT COUNT(*) FROM ledger_items WHERE kind = 'self_check' AND status <> "
                    "'closed' AND deadline = '" + DemoDayAfter(today, -kDemoSelfCheckOverdueDays) +
                    "' AND overdue_since IS NULL"),
            1);
  // Every kind has open items, and the rectification items every state.
  for (const char* kind : {"plan_task", "concern", "project", "rectification", "enterprise_issue",
                           "self_check"}) {
    EXPECT_GT(CountOf(std::string("SELECT COUNT(*) FROM ledger_items WHERE status <> 'closed' AND "
                                  "kind = '") + kind + "'"),
              0)
        << kind;
    EXPECT_GT(CountOf(std::string("SELECT COUNT(*) FROM ledger_items WHERE status = 'closed' AND "
                                  "kind = '") + kind + "'"),
              0)
        << kind;
  }
  EXPECT_EQ(CountOf("SELECT COUNT(DISTINCT status) FROM ledger_items WHERE kind = 'rectification'"),
            4);

  // A struck original deadline only where an approved extension, with its
  // timeline entry, moved the deadline.
  EXPECT_EQ(CountOf("SELECT COUNT(*) FROM ledger_items i WHERE i.original_deadline <> i.deadline "
                    "AND NOT (EXISTS (SELECT 1 FROM ledger_extensions x WHERE x.item_id = i.id "
                    "AND x.state = 'approved' AND x.new_deadline = i.deadline) AND EXISTS "
                    "(SELECT 1 FROM ledger_entries e WHERE e.item_id = i.id AND e.kind = "
                    "'extension_decided'))"),
            0);
  EXPECT_EQ(CountOf("SELECT COUNT(*) FROM ledger_items WHERE (original_deadline IS NULL) <> "
                    "(deadline IS NULL)"),
            0);

  // Timelines as real writes make them: text on every entry but 登记, and
  // every step but the overdue job's names the person who took it.
  EXPECT_EQ(CountOf("SELECT COUNT(*) FROM ledger_entries WHERE kind <> 'created' AND text = ''"), 0);
  EXPECT_EQ(CountOf("SELECT COUNT(*) FROM ledger_entries WHERE kind NOT IN ('overdue', "
                    "'escalated') AND person_name = ''"),
            0);

  // Every rectification item has a supervising leader other than its
  // responsible person: the branch's secretary (机关第一支部: 赵书记, zhibu1),
  // who supervises 钱党员's (dangyuan1) item in progress.
  EXPECT_EQ(CountOf("SELECT COUNT(*) FROM ledger_items WHERE kind = 'rectification' AND "
                    "(leader_person_id IS NULL OR leader_person_id = responsible_person_id)"),
            0);
  EXPECT_EQ(CountOf("SELECT COUNT(*) FROM ledger_items i JOIN people r ON r.id = "
                    "i.responsible_person_id JOIN people l ON l.id = i.leader_person_id JOIN "
                    "accounts a ON a.person_id = l.id WHERE i.kind = 'rectification' AND "
                    "r.name = '钱党员' AND a.username = 'zhibu1' AND i.status = 'in_progress'"),
            1);

  // The plan: no closed task without evidence but those carried out by other
  // records (the 实施方案 document, self-study logs, the closed-book exam,
  // the leading group) or verified by 联络组 without an event; the
  // meetings and visits are their tasks' evidence.
  EXPECT_EQ(CountOf("SELECT COUNT(*) FROM ledger_items i WHERE i.kind = 'plan_task' AND "
                    "i.status = 'closed' AND NOT EXISTS (SELECT 1 FROM ledger_item_evidence v "
                    "WHERE v.item_id = i.id) AND i.title NOT LIKE '%下发局党史学习教育实施方案' "
                    "AND i.title NOT LIKE '%通读党中央指定的四本学习材料' AND i.title NOT LIKE "
                    "'%党史知识竞赛闭卷考试' AND i.title NOT LIKE '成立党史学习教育领导小组%' AND "
                    "i.verification_note <> '经联络组核实，已开展'"),
            0);
  EXPECT_EQ(CountOf(std::string("SELECT COUNT(*) FROM ledger_item_evidence v JOIN ledger_items i "
                                "ON i.id = v.item_id WHERE i.title = '") +
                    kDemoLifeMeetingsTask + "'"),
            4);
  EXPECT_EQ(CountOf(std::string("SELECT COUNT(*) FROM ledger_item_evidence v JOIN ledger_items i "
                                "ON i.id = v.item_id WHERE i.title = '") +
                    kDemoEnterpriseVisitsTask + "'"),
            3);
  PlanService plan(db());
  ASSERT_OK_AND_ASSIGN(PlanBoard board, plan.Board(ctx(), campaign_id_));
  size_t without = 0;
  for (const PlanPartBoard& part : board.parts) without += part.without_evidence.size();
  EXPECT_EQ(static_cast<int>(without), kDemoPlanTasksWithoutEvidence);

  // The first morning's pass marks the deliberate self-check item only (the
  // concern was marked and escalated before); the next day's marks none.
  ASSERT_OK_AND_ASSIGN(OverduePass first, RunOverduePass(db(), kNow, {}));
  EXPECT_EQ(first.marked, 1);
  EXPECT_EQ(first.escalated, 0);
  ASSERT_OK_AND_ASSIGN(OverduePass next,
                       RunOverduePass(db(), kNow + std::chrono::days(1), {}));
  EXPECT_EQ(next.marked, 0);
  EXPECT_EQ(CountOf("SELECT COUNT(*) FROM ledger_items WHERE overdue_since IS NOT NULL"),
            kDemoOverdueItems);
}

INSTANTIATE_TEST_SUITE_P(Engines, DemoLedgerStoryTest,
                         ::testing::ValuesIn(test::TestDatabaseUrls()), test::UrlParamName());

}  // namespace
}  // namespace duxing::domain::ledger
