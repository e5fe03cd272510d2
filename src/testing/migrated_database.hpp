// Test support: the fixture of the domain services' unit tests that run on
// every engine of TestDatabaseUrls() against a clean migrated database, with
// the system administrator (every org) as `system_`. A suite derives from it
// and instantiates on ::testing::ValuesIn(test::TestDatabaseUrls()) with
// test::UrlParamName(); its own SetUp begins with
//
//   test::MigratedDatabaseTest::SetUp();
//   if (IsSkipped() || HasFatalFailure()) return;
//
// (a missing engine skips, a database that cannot be made fails). The
// fixture of the demo bureau is DemoDatabaseTest (demo_database.hpp).
#pragma once

#include <memory>
#include <string>
#include <utility>

#include <gtest/gtest.h>

#include "common/clock.hpp"
#include "domain/auth/principal.hpp"
#include "domain/context.hpp"
#include "storage/database.hpp"
#include "testing/result_matchers.hpp"
#include "testing/test_databases.hpp"

namespace duxing::test {

class MigratedDatabaseTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    DX_SKIP_IF_NO_ENGINE(GetParam());
    auto clean = CleanDatabase::OpenMigrated(GetParam());
    ASSERT_TRUE(clean.ok()) << Describe(clean.error());
    clean_ = std::move(clean).value();
    system_.grants = {{domain::auth::Role::kSystemAdmin, 0, "/", "系统"}};
  }

  storage::Database& db() { return clean_->db(); }
  // The database's URL, for a second connection (another process's).
  const std::string& url() const { return clean_->url(); }

  // The context of `p` at `now`.
  static domain::Context ContextAt(const domain::auth::Principal& p, TimePoint now) {
    domain::Context ctx;
    ctx.principal = &p;
    ctx.now = now;
    return ctx;
  }

  std::unique_ptr<CleanDatabase> clean_;
  domain::auth::Principal system_;
};

}  // namespace duxing::test
