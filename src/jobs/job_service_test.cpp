// JobService (the admin page's list and retry) on every engine of
// TestDatabaseUrls(): system administrators only, retry audited and woken.
#include "jobs/job_service.hpp"

#include <gtest/gtest.h>

#include "domain/audit/audit_log.hpp"
#include "testing/result_matchers.hpp"
#include "testing/test_databases.hpp"

namespace duxing::jobs {
namespace {

using test::Describe;
using test::ExpectError;

class JobServiceTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    DX_SKIP_IF_NO_ENGINE(GetParam());
    auto clean = test::CleanDatabase::OpenMigrated(GetParam());
    ASSERT_TRUE(clean.ok()) << Describe(clean.error());
    clean_ = std::move(clean).value();
    service_ = std::make_unique<JobService>(clean_->db(), [this] { ++wakes_; });
    admin_.account_id = 1;
    admin_.grants.push_back({domain::auth::Role::kSystemAdmin, 0, "/", "系统"});
    org_admin_.account_id = 2;
    org_admin_.grants.push_back({domain::auth::Role::kOrgAdmin, 1, "/1/", "机关党委"});
    now_ = TimePoint(std::chrono::sys_days(std::chrono::year(2026) / 11 / 29).time_since_epoch());
  }
  domain::Context As(const domain::auth::Principal& p) {
    domain::Context ctx;
    ctx.principal = &p;
    ctx.now = now_;
    return ctx;
  }
  // A job that failed its only attempt.
  Job DeadJob(const std::string& key) {
    auto tx = clean_->db().Begin(storage::TxMode::kWrite);
    EXPECT_TRUE(tx.ok());
    EXPECT_TRUE(Enqueue(**tx, {"x", key, "", std::nullopt, 1}, now_).ok());
    EXPECT_TRUE((*tx)->Commit().ok());
    tx->reset();
    auto run = ClaimNext(clean_->db(), "a", now_, std::chrono::seconds(60));
    EXPECT_TRUE(run.ok() && run->has_value());
    EXPECT_TRUE(MarkFailed(clean_->db(), **run, "坏了", now_, std::chrono::seconds(1)).ok());
    return **run;
  }

  std::unique_ptr<test::CleanDatabase> clean_;
  std::unique_ptr<JobService> service_;
  domain::auth::Principal admin_, org_admin_, nobody_;
  TimePoint now_;
  int wakes_ = 0;
};

TEST_P(JobServiceTest, OnlySystemAdministratorsListOrRetry) {
  Job dead = DeadJob("k1");
  for (const auto* p : {&org_admin_, &nobody_}) {
    ExpectError(service_->List(As(*p), std::nullopt, {}), Code::kPermissionDenied);
    ExpectError(service_->Retry(As(*p), dead.id), Code::kPermissionDenied);
  }
  ASSERT_OK_AND_ASSIGN(auto page, service_->List(As(admin_), State::kDead, {}));
  ASSERT_EQ(page.total, 1);
  EXPECT_EQ(page.items[0].last_error, "坏了");
  EXPECT_EQ(wakes_, 0);
}

TEST_P(JobServiceTest, RetryIsAuditedAndWakesTheScheduler) {
  Job dead = DeadJob("k2");
  ASSERT_OK_AND_ASSIGN(Job retried, service_->Retry(As(admin_), dead.id));
  EXPECT_EQ(retried.state, State::kQueued);
  EXPECT_EQ(wakes_, 1);
  ASSERT_OK_AND_ASSIGN(auto tx, clean_->db().Begin(storage::TxMode::kRead));
  ASSERT_OK_AND_ASSIGN(auto row, tx->QueryOne("SELECT action, record_type, record_id FROM "
                                              "audit_log ORDER BY id DESC LIMIT 1",
                                              {}));
  EXPECT_EQ(row.Text(0), "retry");
  EXPECT_EQ(row.Text(1), "job");
  EXPECT_EQ(row.Int(2), dead.id);
  tx.reset();
  // Queued now: a second retry is refused and wakes nobody.
  ExpectError(service_->Retry(As(admin_), dead.id), Code::kFailedPrecondition, "state");
  EXPECT_EQ(wakes_, 1);
}

INSTANTIATE_TEST_SUITE_P(Engines, JobServiceTest, ::testing::ValuesIn(test::TestDatabaseUrls()),
                         test::UrlParamName());

}  // namespace
}  // namespace duxing::jobs
