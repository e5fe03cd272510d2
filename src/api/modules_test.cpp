// The modules put together: the services and job kinds they provide.
#include <gtest/gtest.h>

#include "api/router.hpp"
#include "jobs/registry.hpp"
#include "testing/result_matchers.hpp"
#include "testing/test_databases.hpp"

namespace duxing::api {
namespace {

TEST(ModulesTest, TheAttachmentsModuleSweepsUnattachedUploadsEveryNight) {
  auto clean = test::CleanDatabase::OpenMigrated(test::TestDatabaseUrls().front());
  ASSERT_TRUE(clean.ok()) << test::Describe(clean.error());
  SystemClock clock;
  ServiceSet set((*clean)->db(), clock);
  const auto& jobs = set.registry.Get<jobs::Registry>();
  EXPECT_NE(jobs.Find("attachments.sweep"), nullptr);
  bool scheduled = false;
  for (const auto& r : jobs.recurring()) {
    if (r.kind == "attachments.sweep") scheduled = true;
  }
  EXPECT_TRUE(scheduled);
}

}  // namespace
}  // namespace duxing::api
