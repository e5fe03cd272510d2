// Test support: the fixture of the modules' demo-step tests, on every engine
// of TestDatabaseUrls(): a migrated database holding the demo bureau
// (demo::BuildDemo) as of 1 March 2026, the context the demo steps run with,
// and the system administrator who reads what they wrote.
#pragma once

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "common/clock.hpp"
#include "common/result.hpp"
#include "domain/auth/principal.hpp"
#include "domain/context.hpp"
#include "domain/demo/demo_org.hpp"
#include "domain/module.hpp"
#include "storage/database.hpp"
#include "testing/migrated_database.hpp"
#include "testing/result_matchers.hpp"
#include "testing/test_databases.hpp"

namespace duxing::test {

// Parameterized on TestDatabaseUrls(): a test derives a suite from it,
// instantiates that on ::testing::ValuesIn(test::TestDatabaseUrls()) with
// test::UrlParamName(), and runs the steps it checks with RunStep
// (campaigns::AddDemoCampaign) or with Demo() (events::AddDemoEvents).
// SetUp skips on a missing engine and fails the test when the database or the
// demo bureau cannot be made; nothing of any module's demo step is added.
class DemoDatabaseTest : public MigratedDatabaseTest {
protected:
  void SetUp() override {
    MigratedDatabaseTest::SetUp();
    if (IsSkipped() || HasFatalFailure())
      return;
    ASSERT_OK(domain::demo::BuildDemo(db(), kNow, kPassword));
    init_.now = kNow;
    system_.account_id = 1;
    ctx_ = init_;
    ctx_.principal = &system_;
  }

  // What a module's demo step (DemoContext) runs with; steps append the
  // accounts they create to `demo_accounts_`.
  domain::DemoContext Demo() { return {db(), kNow, kPassword, demo_accounts_}; }

  // Runs a demo step of the form Status(storage::Tx&, const Context&) with
  // the demo's time (no principal) in one write transaction, committed when
  // it succeeds: its status, or the transaction's.
  template <typename Step> Status RunStep(Step step) {
    DX_ASSIGN_OR_RETURN(auto tx, db().Begin(storage::TxMode::kWrite));
    DX_RETURN_IF_ERROR(step(*tx, init_));
    return tx->Commit();
  }

  // The first column of the one row `sql` (no parameters) answers, read in
  // a transaction of its own; -1 (with a failure) when it cannot be read.
  int64_t CountOf(const std::string &sql) {
    auto tx = db().Begin(storage::TxMode::kRead);
    EXPECT_TRUE(tx.ok());
    if (!tx.ok())
      return -1;
    auto row = (*tx)->QueryOne(sql, {});
    EXPECT_TRUE(row.ok()) << sql;
    return row.ok() ? row->Int(0) : -1;
  }

  // The context of the system administrator (every organization) at the demo's
  // time.
  const domain::Context &ctx() const { return ctx_; }
  const domain::auth::Principal &system() const { return system_; }

  static constexpr TimePoint kNow{
      std::chrono::sys_days(std::chrono::year(2026) / 3 / 1)
          .time_since_epoch()};
  inline static const std::string kPassword = "Demo-pass-2026";

private:
  std::vector<domain::DemoAccount> demo_accounts_;
  domain::Context init_, ctx_;
};

} // namespace duxing::test
