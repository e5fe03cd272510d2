// The demo step of kinds 1 and 2 (demo_ledger.hpp) on every engine: the
// speech's figures come out of its records, the plan has its four parts
// with evidence (and tasks without), concerns are in every state the issue
// names, written once.
#include "domain/ledger/demo_ledger.hpp"

#include <gtest/gtest.h>

#include "domain/ledger/concerns.hpp"
#include "domain/ledger/kinds_test_fixture.hpp"
#include "domain/ledger/plan.hpp"
#include "testing/result_matchers.hpp"

namespace duxing::domain::ledger {
namespace {

class DemoLedgerTest : public LedgerKindsTest {};

TEST_P(DemoLedgerTest, TheSpeechsFiguresComeFromTheRecords) {
  ServingService serving(db());
  ASSERT_OK_AND_ASSIGN(ServingFigures f, serving.Figures(ctx(), campaign_id_));
  EXPECT_EQ(f.forums_held, kDemoForums);               // 恳谈会 61 次
  EXPECT_EQ(f.residents_taking_part, kDemoResidents);  // 参与群众 322 人
  EXPECT_EQ(f.concerns_collected, kDemoConcerns);      // 收集问题 32 个
  EXPECT_EQ(f.concerns_resolved, kDemoConcernsClosed);
  EXPECT_EQ(f.projects_done, kDemoProjectsDone);  // 办成实事 17 件
  EXPECT_EQ(f.projects_total, kDemoProjects);

  // Written once: a second run adds nothing.
  const int64_t items = CountOf("SELECT COUNT(*) FROM ledger_items");
  const int64_t events = CountOf("SELECT COUNT(*) FROM events");
  DemoContext demo = Demo();
  ASSERT_OK(AddDemoPlanAndServing(demo));
  EXPECT_EQ(CountOf("SELECT COUNT(*) FROM ledger_items"), items);
  EXPECT_EQ(CountOf("SELECT COUNT(*) FROM events"), events);
  // Every item audited once, with a timeline that begins with 登记.
  EXPECT_EQ(CountOf("SELECT COUNT(*) FROM audit_log WHERE record_type = 'ledger_item'"), items);
  EXPECT_EQ(CountOf("SELECT COUNT(*) FROM ledger_items i WHERE NOT EXISTS (SELECT 1 FROM "
                    "ledger_entries e WHERE e.item_id = i.id AND e.kind = 'created')"),
            0);
}

TEST_P(DemoLedgerTest, ConcernsComeFromForumsInEveryStateWithTheirFeedback) {
  // Every concern and project has a party member responsible (机关党委's
  // own: 实践组's member, not a member of staff's family).
  EXPECT_EQ(CountOf("SELECT COUNT(*) FROM ledger_items i LEFT JOIN people p ON p.id = "
                    "i.responsible_person_id WHERE i.kind IN ('concern', 'project') AND "
                    "(p.id IS NULL OR p.category NOT IN ('member', 'probationary'))"),
            0);
  // Every concern raised at a forum in a linked community or village.
  EXPECT_EQ(CountOf("SELECT COUNT(*) FROM ledger_items i JOIN events e ON e.id = i.source_id "
                    "JOIN event_types t ON t.id = e.type_id JOIN communities c "
                    "ON c.id = e.community_id WHERE i.kind = 'concern' AND i.source_type = "
                    "'event' AND t.code = 'forum'"),
            kDemoConcerns);
  EXPECT_EQ(CountOf("SELECT COUNT(DISTINCT e.community_id) FROM events e JOIN event_types t "
                    "ON t.id = e.type_id WHERE t.code = 'forum'"),
            4);
  // Anonymous ones carry no name or contact; the others both.
  EXPECT_GT(CountOf("SELECT COUNT(*) FROM ledger_items WHERE kind = 'concern' AND anonymous = 1"),
            0);
  EXPECT_EQ(CountOf("SELECT COUNT(*) FROM ledger_items WHERE kind = 'concern' AND "
                    "((anonymous = 1 AND (requester_name <> '' OR requester_contact <> '')) OR "
                    "(anonymous = 0 AND (requester_name = '' OR requester_contact = '')))"),
            0);
  // Closed ones with 回访 and a verifier who is not the responsible person.
  EXPECT_EQ(CountOf("SELECT COUNT(*) FROM ledger_items WHERE kind = 'concern' AND status = "
                    "'closed' AND satisfaction IS NOT NULL AND closed_at IS NOT NULL AND "
                    "closed_by_person_id <> responsible_person_id"),
            kDemoConcernsClosed);
  // One reopened after an unsatisfied 回访.
  EXPECT_EQ(CountOf("SELECT COUNT(*) FROM ledger_items WHERE kind = 'concern' AND status = "
                    "'in_progress' AND satisfaction = 'unsatisfied'"),
            1);
  EXPECT_EQ(CountOf("SELECT COUNT(*) FROM ledger_entries WHERE kind = 'reopened'"), 1);
  // Open ones in every state, one overdue and escalated (督办) with its entries.
  for (const char* status : {"pending", "in_progress", "to_verify"}) {
    EXPECT_GT(CountOf(std::string("SELECT COUNT(*) FROM ledger_items WHERE kind = 'concern' AND "
                                  "status = '") +
                      status + "'"),
              0)
        << status;
  }
  EXPECT_EQ(CountOf("SELECT COUNT(*) FROM ledger_items WHERE kind = 'concern' AND status <> "
                    "'closed' AND overdue_since IS NOT NULL AND escalated_at IS NOT NULL AND "
                    "deadline < '2026-03-01'"),
            1);
  EXPECT_EQ(CountOf("SELECT COUNT(*) FROM ledger_entries WHERE kind IN ('overdue', 'escalated')"),
            2);
  // Projects: area, target and class on each.
  EXPECT_EQ(CountOf("SELECT COUNT(*) FROM ledger_items WHERE kind = 'project' AND "
                    "project_area IS NOT NULL AND target <> '' AND item_class IS NOT NULL"),
            kDemoProjects);
}

TEST_P(DemoLedgerTest, ThePlanHasItsFourPartsWithEvidenceAndTasksWithout) {
  PlanService plan(db());
  ASSERT_OK_AND_ASSIGN(PlanBoard board, plan.Board(ctx(), campaign_id_));
  ASSERT_EQ(board.parts.size(), 4u);
  for (size_t i = 0; i < 4; ++i) {
    EXPECT_EQ(board.parts[i].part, kPlanPartOrder[i]);
    EXPECT_GT(board.parts[i].total, 0) << board.parts[i].part;
  }
  // 主要工作: the 16 activities of 5号文 and the speech's other main works,
  // 规定动作 and 自选动作 both.
  const PlanPartBoard& main = board.parts[2];
  EXPECT_GE(main.total, 16 + 5);
  int required = 0, optional = 0;
  for (const PlanTask& t : main.tasks) {
    (t.plan_action == "required" ? required : optional)++;
  }
  EXPECT_GT(required, 0);
  EXPECT_GT(optional, 0);
  // The 办实事 task links the 61 forums; some tasks have no evidence yet.
  int64_t serving =
      ItemId("开展“我为群众办实事”实践活动，召开群众恳谈会，建立问题清单和民生项目清单");
  auto it = std::find_if(main.tasks.begin(), main.tasks.end(),
                         [&](const PlanTask& t) { return t.id == serving; });
  ASSERT_NE(it, main.tasks.end());
  EXPECT_EQ(it->evidence_count, kDemoForums);
  EXPECT_EQ(it->group_name, "实践组");
  EXPECT_FALSE(main.without_evidence.empty());
  EXPECT_LT(main.without_evidence.size(), main.tasks.size());
  // Most are done; not all.
  EXPECT_GT(board.closed, board.total / 2);
  EXPECT_LT(board.closed, board.total);
  EXPECT_EQ(board.progress_percent, board.closed * 100 / board.total);
}

TEST_P(DemoLedgerTest, LingdaoSupervisesThePlanWithAnExtensionToDecide) {
  // 局领导 lingdao is the person supervising the plan's tasks.
  EXPECT_EQ(CountOf("SELECT COUNT(*) FROM ledger_items i JOIN accounts a ON a.person_id = "
                    "i.leader_person_id WHERE a.username = 'lingdao' AND i.kind = 'plan_task'"),
            CountOf("SELECT COUNT(*) FROM ledger_items WHERE kind = 'plan_task'"));
  // One open task's extension request awaits his decision, asked before now,
  // with its timeline entry and his notice.
  EXPECT_EQ(CountOf("SELECT COUNT(*) FROM ledger_extensions x JOIN ledger_items i ON i.id = "
                    "x.item_id JOIN accounts a ON a.person_id = i.leader_person_id WHERE "
                    "a.username = 'lingdao' AND x.state = 'pending' AND i.status = 'in_progress' "
                    "AND x.old_deadline = i.deadline AND x.new_deadline > i.deadline AND "
                    "x.requested_at < '" + FormatTime(kNow) + "'"),
            1);
  EXPECT_EQ(CountOf("SELECT COUNT(*) FROM ledger_entries WHERE kind = 'extension_requested'"), 1);
  // Filed by the task's responsible person, in office hours (10:30 China time).
  EXPECT_EQ(CountOf("SELECT COUNT(*) FROM ledger_entries e JOIN ledger_items i ON i.id = e.item_id "
                    "JOIN people p ON p.id = i.responsible_person_id JOIN ledger_extensions x ON "
                    "x.item_id = i.id WHERE e.kind = 'extension_requested' AND e.person_name = "
                    "p.name AND x.requested_at = e.created_at AND x.requested_at LIKE '%T02:30:00Z'"),
            1);
  EXPECT_EQ(CountOf("SELECT COUNT(*) FROM notifications n JOIN accounts a ON a.id = n.account_id "
                    "WHERE a.username = 'lingdao' AND n.kind = 'ledger_extension_requested'"),
            1);
}

INSTANTIATE_TEST_SUITE_P(Engines, DemoLedgerTest, ::testing::ValuesIn(test::TestDatabaseUrls()),
                         test::UrlParamName());

}  // namespace
}  // namespace duxing::domain::ledger
