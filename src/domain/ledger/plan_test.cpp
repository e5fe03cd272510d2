// The plan (plan.hpp) on every engine, over the demo's 2021 plan: the board
// in the caller's scope, evidence links (only events the caller reads, of
// the task's campaign, not cancelled; links the caller cannot see kept;
// versioned, audited), the owning working group, and every refusal writing
// nothing.
#include "domain/ledger/plan.hpp"

#include <gtest/gtest.h>

#include "domain/ledger/kinds_test_fixture.hpp"
#include "testing/result_matchers.hpp"

namespace duxing::domain::ledger {
namespace {

using auth::Role;
using test::ExpectError;

constexpr char kResearch[] = "开展“学史力行”统计调研分析竞赛";  // to_verify, no evidence
constexpr char kCloser[] = "建立常态化长效化学习机制，巩固拓展党史学习教育成果";  // pending

class PlanTest : public LedgerKindsTest {
 protected:
  int64_t Version(int64_t item) {
    return CountOf("SELECT version FROM ledger_items WHERE id = " + std::to_string(item));
  }
  int64_t Links(int64_t item) {
    return CountOf("SELECT COUNT(*) FROM ledger_item_evidence WHERE item_id = " +
                   std::to_string(item));
  }
  // Ids of the campaign's events titled like `pattern`.
  std::vector<int64_t> Events(const std::string& pattern) {
    auto tx = db().Begin(storage::TxMode::kRead);
    EXPECT_TRUE(tx.ok());
    auto rows = (*tx)->Query("SELECT id FROM events WHERE title LIKE $1 ORDER BY id", {pattern});
    EXPECT_TRUE(rows.ok());
    std::vector<int64_t> out;
    for (const auto& r : *rows) out.push_back(r.Int(0));
    return out;
  }
};

TEST_P(PlanTest, BoardCountsEachPartsTasksByStatusInTheCallersScope) {
  PlanService plan(db());
  ASSERT_OK_AND_ASSIGN(PlanBoard all, plan.Board(ctx(), campaign_id_));
  for (const PlanPartBoard& part : all.parts) {
    int64_t sum = 0;
    for (const auto& [status, n] : part.by_status) sum += n;
    EXPECT_EQ(sum, part.total) << part.part;
    EXPECT_EQ(part.by_status.size(), 4u);
    EXPECT_EQ(static_cast<int64_t>(part.tasks.size()), part.total);
    EXPECT_EQ(part.by_status.at("closed"), part.closed);
    EXPECT_EQ(part.progress_percent, part.total ? part.closed * 100 / part.total : 0);
    for (const PlanTask& t : part.tasks) {
      bool listed = std::find(part.without_evidence.begin(), part.without_evidence.end(), t.id) !=
                    part.without_evidence.end();
      EXPECT_EQ(listed, t.evidence_count == 0) << t.title;
    }
  }
  // The board is the committee's: a branch secretary reads none of it, the
  // bureau's leader all of it, a member only the tasks they answer for.
  auth::Principal secretary = Holder(Role::kBranchSecretary, "机关第二支部");
  ASSERT_OK_AND_ASSIGN(PlanBoard none, plan.Board(As(secretary), campaign_id_));
  EXPECT_EQ(none.total, 0);
  EXPECT_EQ(none.parts.size(), 4u);
  auth::Principal leader = Holder(Role::kLeader, "市统计局党组");
  ASSERT_OK_AND_ASSIGN(PlanBoard read, plan.Board(As(leader), campaign_id_));
  EXPECT_EQ(read.total, all.total);
  const int64_t head = CountOf(
      "SELECT m.person_id FROM leadership_members m JOIN leadership_groups g ON g.id = m.group_id "
      "WHERE g.name = '实践组' AND m.role = 'head'");
  auth::Principal member = Holder(Role::kMember, "机关第一支部", head);
  ASSERT_OK_AND_ASSIGN(PlanBoard own, plan.Board(As(member), campaign_id_));
  EXPECT_GT(own.total, 0);
  EXPECT_LT(own.total, all.total);
  EXPECT_EQ(own.total, CountOf("SELECT COUNT(*) FROM ledger_items WHERE kind = 'plan_task' AND "
                               "(responsible_person_id = " + std::to_string(head) +
                               " OR leader_person_id = " + std::to_string(head) + ")"));
  // A campaign the caller cannot read (none here) is 404.
  ExpectError(plan.Board(ctx(), 999999), Code::kNotFound, "campaign_id");
}

TEST_P(PlanTest, EvidenceLinksReadableEventsOfTheCampaignVersionedAndAudited) {
  PlanService plan(db());
  const int64_t task = ItemId(kResearch);
  ASSERT_GT(task, 0);
  EXPECT_EQ(Links(task), 0);
  std::vector<int64_t> lectures = Events("全国统计系统党史专题讲座%");
  ASSERT_EQ(lectures.size(), 4u);
  const int64_t v = Version(task);
  const int64_t audits = CountOf("SELECT COUNT(*) FROM audit_log WHERE record_type = "
                                 "'ledger_item' AND action = 'update'");
  // Duplicates count once.
  ASSERT_OK_AND_ASSIGN(Evidence e, plan.SetEvidence(ctx(), task, v,
                                                    {lectures[1], lectures[0], lectures[1]}));
  EXPECT_EQ(e.version, v + 1);
  ASSERT_EQ(e.events.size(), 2u);
  EXPECT_EQ(e.events[0].id, lectures[0]);  // by start
  EXPECT_EQ(e.hidden_count, 0);
  EXPECT_EQ(Links(task), 2);
  EXPECT_EQ(CountOf("SELECT COUNT(*) FROM audit_log WHERE record_type = 'ledger_item' AND "
                    "action = 'update'"),
            audits + 1);
  // The board no longer lists it without evidence.
  ASSERT_OK_AND_ASSIGN(PlanBoard board, plan.Board(ctx(), campaign_id_));
  for (const auto& part : board.parts) {
    EXPECT_EQ(std::count(part.without_evidence.begin(), part.without_evidence.end(), task), 0);
  }

  // Refusals write nothing.
  auto unchanged = [&] {
    EXPECT_EQ(Version(task), v + 1);
    EXPECT_EQ(Links(task), 2);
  };
  ExpectError(plan.SetEvidence(ctx(), task, v, {lectures[2]}), Code::kConflict, "version");
  unchanged();
  ExpectError(plan.SetEvidence(ctx(), task, v + 1, {lectures[2], 999999}), Code::kNotFound,
              "event_ids");
  unchanged();
  // An event of no campaign; a cancelled one.
  Exec("UPDATE events SET campaign_id = NULL WHERE id = $1", {lectures[3]});
  ExpectError(plan.SetEvidence(ctx(), task, v + 1, {lectures[3]}), Code::kInvalidArgument,
              "event_ids");
  Exec("UPDATE events SET status = 'cancelled' WHERE id = $1", {lectures[2]});
  ExpectError(plan.SetEvidence(ctx(), task, v + 1, {lectures[2]}), Code::kInvalidArgument,
              "event_ids");
  std::vector<int64_t> too_many(kMaxEvidence + 1);
  for (size_t i = 0; i < too_many.size(); ++i) too_many[i] = static_cast<int64_t>(i) + 1;
  ExpectError(plan.SetEvidence(ctx(), task, v + 1, too_many), Code::kInvalidArgument,
              "event_ids");
  unchanged();
  // Out of scope 404, read-only 403, another kind 422, closed 409.
  auth::Principal secretary = Holder(Role::kBranchSecretary, "机关第一支部");
  ExpectError(plan.SetEvidence(As(secretary), task, v + 1, {}), Code::kNotFound);
  auth::Principal leader = Holder(Role::kLeader, "市统计局党组");
  ExpectError(plan.SetEvidence(As(leader), task, v + 1, {}), Code::kPermissionDenied);
  unchanged();
  const int64_t concern = CountOf("SELECT MIN(id) FROM ledger_items WHERE kind = 'concern'");
  ExpectError(plan.SetEvidence(ctx(), concern, Version(concern), {}),
              Code::kFailedPrecondition, "kind");
  const int64_t closed =
      CountOf("SELECT MIN(id) FROM ledger_items WHERE kind = 'plan_task' AND status = 'closed'");
  const int64_t closed_links = Links(closed);
  ExpectError(plan.SetEvidence(ctx(), closed, Version(closed), {}), Code::kConflict, "status");
  EXPECT_EQ(Links(closed), closed_links);
  ExpectError(plan.GetEvidence(As(secretary), task), Code::kNotFound);
}

TEST_P(PlanTest, LinksToEventsTheWriterCannotReadStay) {
  PlanService plan(db());
  // A pending task of 机关第一支部 linked to a lecture of the committee that
  // its secretary (here without a person: not invited) cannot read.
  const int64_t task = ItemId(kCloser);
  ASSERT_GT(task, 0);
  Exec("UPDATE ledger_items SET org_id = (SELECT id FROM orgs WHERE name = '机关第一支部'), "
       "org_path = (SELECT path FROM orgs WHERE name = '机关第一支部') WHERE id = $1",
       {task});
  std::vector<int64_t> lectures = Events("全国统计系统党史专题讲座%");
  std::vector<int64_t> services = Events("%志愿服务：助农春耕");  // held by 机关第一支部
  ASSERT_EQ(services.size(), 1u);
  ASSERT_OK_AND_ASSIGN(Evidence e, plan.SetEvidence(ctx(), task, Version(task), {lectures[0]}));
  auth::Principal secretary = Holder(Role::kBranchSecretary, "机关第一支部");
  ASSERT_OK_AND_ASSIGN(Evidence seen, plan.GetEvidence(As(secretary), task));
  EXPECT_TRUE(seen.events.empty());
  EXPECT_EQ(seen.hidden_count, 1);
  // Naming the committee's lecture is refused as unknown; the branch's own
  // service is linked and the lecture stays.
  ExpectError(plan.SetEvidence(As(secretary), task, seen.version, {lectures[1]}),
              Code::kNotFound, "event_ids");
  ASSERT_OK_AND_ASSIGN(Evidence after,
                       plan.SetEvidence(As(secretary), task, seen.version, {services[0]}));
  ASSERT_EQ(after.events.size(), 1u);
  EXPECT_EQ(after.events[0].id, services[0]);
  EXPECT_EQ(after.hidden_count, 1);
  EXPECT_EQ(Links(task), 2);
}

TEST_P(PlanTest, AWorkingGroupOfTheTasksCampaignOwnsIt) {
  PlanService plan(db());
  const int64_t task = ItemId(kCloser);
  const int64_t group = CountOf("SELECT id FROM leadership_groups WHERE name = '宣传组'");
  const int64_t v = Version(task);
  ASSERT_OK_AND_ASSIGN(Evidence set, plan.SetGroup(ctx(), task, v, group));
  const int64_t v2 = set.version;
  EXPECT_EQ(v2, v + 1);
  EXPECT_EQ(set.group_name, "宣传组");
  EXPECT_EQ(CountOf("SELECT group_id FROM ledger_items WHERE id = " + std::to_string(task)), group);
  // A group of another campaign (none with this id), a stale version.
  ExpectError(plan.SetGroup(ctx(), task, v2, 999999), Code::kInvalidArgument, "group_id");
  ExpectError(plan.SetGroup(ctx(), task, v, std::nullopt), Code::kConflict, "version");
  EXPECT_EQ(Version(task), v2);
  ASSERT_OK_AND_ASSIGN(Evidence cleared, plan.SetGroup(ctx(), task, v2, std::nullopt));
  EXPECT_EQ(cleared.version, v2 + 1);
  EXPECT_FALSE(cleared.group_id.has_value());
  EXPECT_EQ(CountOf("SELECT COUNT(*) FROM ledger_items WHERE group_id IS NULL AND id = " +
                    std::to_string(task)),
            1);
}

INSTANTIATE_TEST_SUITE_P(Engines, PlanTest, ::testing::ValuesIn(test::TestDatabaseUrls()),
                         test::UrlParamName());

}  // namespace
}  // namespace duxing::domain::ledger
