// Documents: the field rules of a document and its planned activities, and,
// on every engine of TestDatabaseUrls(), the demo's 5号文 planned against
// what the demo events held, and the link check the events module runs
// (ValidateActivityLink). The service's writes, scope and refusals are
// covered end to end by tests/api/documents.test.mjs.
#include "domain/documents/document.hpp"

#include <gtest/gtest.h>

#include "domain/campaigns/demo_campaign.hpp"
#include "domain/documents/demo_documents.hpp"
#include "domain/events/demo_events.hpp"
#include "domain/leadership/demo_leadership.hpp"
#include "testing/demo_database.hpp"
#include "testing/query_plan.hpp"
#include "testing/result_matchers.hpp"
#include "testing/test_databases.hpp"

namespace duxing::domain::documents {
namespace {

using test::Describe;
using test::ExpectError;

Document Valid() {
  Document d;
  d.campaign_id = 1;
  d.title = "庆祝中国共产党成立100周年活动安排";
  d.number = "5号文";
  d.issuer = "中共市统计局党组";
  d.issued_on = "2021-03-29";
  d.summary = "第一段\n第二段";
  d.activities = {{0, "专题学习会", "2021-03-01", "2021-06-30"},
                  {0, "主题党日", "2021-04-02", "2021-04-02"}};
  return d;
}

TEST(DocumentValidate, TitlesDatesAndActivities) {
  ASSERT_OK(Validate(Valid()));
  auto with = [](auto change) {
    Document d = Valid();
    change(d);
    return Validate(d);
  };
  ExpectError(with([](Document& d) { d.title = ""; }), Code::kInvalidArgument, "title");
  ExpectError(with([](Document& d) { d.issuer = ""; }), Code::kInvalidArgument, "issuer");
  ExpectError(with([](Document& d) { d.number = "5号\n文"; }), Code::kInvalidArgument, "number");
  ExpectError(with([](Document& d) { d.issued_on = "2021-02-29"; }), Code::kInvalidArgument,
              "issued_on");
  ExpectError(with([](Document& d) { d.summary = std::string(kMaxSummary + 1, 'x'); }),
              Code::kInvalidArgument, "summary");
  ExpectError(with([](Document& d) { d.activities[1].title = ""; }), Code::kInvalidArgument,
              "activities[1].title");
  ExpectError(with([](Document& d) { d.activities[0].planned_end = "2021-02-28"; }),
              Code::kInvalidArgument, "activities[0].planned_end");
  ExpectError(with([](Document& d) { d.activities[1].planned_start = "2021-4-2"; }),
              Code::kInvalidArgument, "activities[1].planned_start");
  ExpectError(with([](Document& d) { d.activities[0].id = d.activities[1].id = 7; }),
              Code::kInvalidArgument, "activities[1].id");
  ExpectError(with([](Document& d) { d.activities.resize(kMaxActivities + 1, d.activities[0]); }),
              Code::kInvalidArgument, "activities");
}

class DemoDocumentsTest : public test::DemoDatabaseTest {};

TEST_P(DemoDocumentsTest, FiveHaoWenPlannedAgainstTheDemoEventsAndTheLinkCheck) {
  storage::Database& db = this->db();
  ASSERT_OK(RunStep(campaigns::AddDemoCampaign));
  DemoContext demo = Demo();
  ASSERT_OK(events::AddDemoEvents(demo));
  ASSERT_OK(RunStep(leadership::AddDemoLeadership));
  ASSERT_OK(RunStep(AddDemoDocuments));
  ASSERT_OK(RunStep(AddDemoDocuments));  // once

  const auth::Principal& system = this->system();
  const Context& ctx = this->ctx();
  auto tx = db.Begin(storage::TxMode::kRead);
  ASSERT_TRUE(tx.ok());
  ASSERT_OK_AND_ASSIGN(storage::Row campaign, (*tx)->QueryOne("SELECT id FROM campaigns", {}));
  DocumentService service(db);
  DocumentFilter f;
  f.campaign_id = campaign.Int(0);
  ASSERT_OK_AND_ASSIGN(Page<Document> list, service.List(ctx, f));
  ASSERT_EQ(list.items.size(), 1u);
  ASSERT_OK_AND_ASSIGN(Document doc, service.Get(ctx, list.items[0].id));
  ASSERT_EQ(doc.activities.size(), 16u);
  EXPECT_EQ(doc.activities[1].group_name, "综合组");
  // The four 专题学习会 held the second activity; 清明祭英烈 the sixth.
  EXPECT_EQ(doc.activities[1].held.size(), 4u);
  EXPECT_EQ(doc.activities[5].held.size(), 1u);
  EXPECT_GE(doc.held_activity_count, 4);
  EXPECT_LT(doc.held_activity_count, 16);
  // The demo document is in the audit log, created once.
  ASSERT_OK_AND_ASSIGN(storage::Row audited,
                       (*tx)->QueryOne("SELECT COUNT(*) FROM audit_log WHERE action = 'create' AND "
                                       "record_type = 'document' AND record_id = $1",
                                       {doc.id}));
  EXPECT_EQ(audited.Int(0), 1);

  // The list is read from its indexes in order, whatever the sort and filter.
  const bool sqlite = GetParam().rfind("sqlite", 0) == 0;
  for (const char* sort : {"issued_on", "-issued_on", "title", "-title"}) {
    for (bool search : {false, true}) {
      DocumentFilter lf;
      lf.campaign_id = campaign.Int(0);
      lf.sort = sort;
      if (search) lf.q = "活动";
      auto [sql, params] = DocumentService::ListSql(lf);
      ASSERT_OK_AND_ASSIGN(std::string plan, test::QueryPlan(**tx, sqlite, sql, params));
      if (sqlite) {
        EXPECT_EQ(plan.find("TEMP B-TREE"), std::string::npos) << sort << "\n" << plan;
        EXPECT_EQ(plan.find("SCAN d\n"), std::string::npos) << sort << "\n" << plan;
      } else {
        EXPECT_EQ(plan.find("Sort"), std::string::npos) << sort << "\n" << plan;
        EXPECT_EQ(plan.find("Seq Scan on documents"), std::string::npos) << sort << "\n" << plan;
      }
    }
  }

  // The events module's check of a link.
  int64_t c = campaign.Int(0), d = doc.id, a = doc.activities[0].id;
  ASSERT_OK(DocumentService::ValidateActivityLink(**tx, system, c, d, a));
  ASSERT_OK(DocumentService::ValidateActivityLink(**tx, system, std::nullopt, d, std::nullopt));
  ASSERT_OK(DocumentService::ValidateActivityLink(**tx, system, c, std::nullopt, std::nullopt));
  ExpectError(DocumentService::ValidateActivityLink(**tx, system, c, std::nullopt, a),
              Code::kInvalidArgument, "document_id");
  ExpectError(DocumentService::ValidateActivityLink(**tx, system, c, 999999, std::nullopt),
              Code::kInvalidArgument, "document_id");
  ExpectError(DocumentService::ValidateActivityLink(**tx, system, c + 1000, d, a),
              Code::kInvalidArgument, "document_id");
  ExpectError(DocumentService::ValidateActivityLink(**tx, system, c, d, 999999),
              Code::kInvalidArgument, "document_activity_id");
  // Someone whose grants do not reach the campaign does not link to it.
  auth::Principal stranger;
  stranger.account_id = 2;
  stranger.grants = {{auth::Role::kOrgAdmin, 999, "/999/", "别处"}};
  ExpectError(DocumentService::ValidateActivityLink(**tx, stranger, c, d, a),
              Code::kInvalidArgument, "document_id");
}

INSTANTIATE_TEST_SUITE_P(Engines, DemoDocumentsTest, ::testing::ValuesIn(test::TestDatabaseUrls()),
                         test::UrlParamName());

}  // namespace
}  // namespace duxing::domain::documents
