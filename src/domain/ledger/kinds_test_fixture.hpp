// Test support of the ledger's kinds 1 and 2 (plan_test.cpp,
// public_page_test.cpp, demo_ledger_test.cpp): the demo bureau with the
// demo steps the plan and the 办实事 records build on (the 2021 campaign, its
// events, leadership and 5号文) and then AddDemoPlanAndServing, on every
// engine of TestDatabaseUrls(); principals of the demo's roles.
#pragma once

#include <string>

#include "domain/campaigns/demo_campaign.hpp"
#include "domain/documents/demo_documents.hpp"
#include "domain/events/demo_events.hpp"
#include "domain/leadership/demo_leadership.hpp"
#include "domain/ledger/demo_ledger.hpp"
#include "storage/generation.hpp"
#include "testing/demo_database.hpp"

namespace duxing::domain::ledger {

class LedgerKindsTest : public test::DemoDatabaseTest {
 protected:
  void SetUp() override {
    test::DemoDatabaseTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    DemoContext demo = Demo();
    ASSERT_OK(RunStep(campaigns::AddDemoCampaign));
    ASSERT_OK(events::AddDemoEvents(demo));
    ASSERT_OK(RunStep(leadership::AddDemoLeadership));
    ASSERT_OK(RunStep(documents::AddDemoDocuments));
    ASSERT_OK(AddDemoPlanAndServing(demo));
    campaign_id_ = CountOf("SELECT id FROM campaigns WHERE year = 2021");
  }

  // A principal holding `role` on the org named `org` (its path and id
  // looked up), as person `person_id` when set.
  auth::Principal Holder(auth::Role role, const std::string& org,
                         std::optional<int64_t> person_id = std::nullopt) {
    auto tx = db().Begin(storage::TxMode::kRead);
    EXPECT_TRUE(tx.ok());
    auto row = (*tx)->QueryOne("SELECT id, path FROM orgs WHERE name = $1", {org});
    EXPECT_TRUE(row.ok()) << org;
    auth::Principal p;
    p.account_id = 1000 + static_cast<int64_t>(role);
    p.person_id = person_id;
    p.grants = {{role, row->Int(0), row->Text(1), org}};
    return p;
  }

  // The context of `p` at the demo's time.
  Context As(const auth::Principal& p) const {
    Context c = ctx();
    c.principal = &p;
    return c;
  }

  // The id of the item titled `title` (-1 when there is none).
  int64_t ItemId(const std::string& title) {
    auto tx = db().Begin(storage::TxMode::kRead);
    EXPECT_TRUE(tx.ok());
    auto rows = (*tx)->Query("SELECT id FROM ledger_items WHERE title = $1", {title});
    EXPECT_TRUE(rows.ok());
    return rows.ok() && !rows->empty() ? rows->front().Int(0) : -1;
  }

  void Exec(const std::string& sql, const storage::Params& params = {}) {
    auto tx = db().Begin(storage::TxMode::kWrite);
    ASSERT_TRUE(tx.ok());
    ASSERT_OK((*tx)->Exec(sql, params));
    ASSERT_OK((*tx)->Commit());
  }

  // Moves the change counter of `record_type`, as an audited write would.
  void Bump(const std::string& record_type) {
    auto tx = db().Begin(storage::TxMode::kWrite);
    ASSERT_TRUE(tx.ok());
    ASSERT_OK(storage::BumpGenerations(**tx, {record_type}));
    ASSERT_OK((*tx)->Commit());
  }

  int64_t campaign_id_ = 0;
};

}  // namespace duxing::domain::ledger
