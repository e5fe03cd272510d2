#include "domain/auth/principal.hpp"

#include <gtest/gtest.h>

namespace duxing::domain::auth {
namespace {

Principal With(std::vector<std::pair<Role, std::string>> grants) {
  Principal p;
  p.account_id = 7;
  p.username = "u";
  int64_t org = 1;
  for (auto& [role, path] : grants) {
    p.grants.push_back({role, org++, path, "组织"});
  }
  return p;
}

TEST(RoleTest, NamesRoundTrip) {
  for (Role r : {Role::kSystemAdmin, Role::kOrgAdmin, Role::kBranchSecretary,
                 Role::kLeader, Role::kMember}) {
    auto parsed = ParseRole(RoleName(r));
    ASSERT_TRUE(parsed.has_value()) << RoleName(r);
    EXPECT_EQ(*parsed, r);
  }
  EXPECT_STREQ(RoleName(Role::kBranchSecretary), "branch_secretary");
  EXPECT_FALSE(ParseRole("admin").has_value());
  EXPECT_FALSE(ParseRole("").has_value());
  EXPECT_FALSE(ParseRole("System_Admin").has_value());
}

TEST(PrincipalTest, OrgAdminReadsAndWritesItsSubtreeOnly) {
  Principal p = With({{Role::kOrgAdmin, "/1/2/"}});
  EXPECT_TRUE(p.CanWrite("/1/2/"));
  EXPECT_TRUE(p.CanWrite("/1/2/5/"));
  EXPECT_TRUE(p.CanWrite("/1/2/5/9/"));
  EXPECT_FALSE(p.CanWrite("/1/3/"));
  EXPECT_FALSE(p.CanWrite("/1/"));
  EXPECT_FALSE(p.CanWrite("/1/22/"));  // shares the digits, not the org
  EXPECT_FALSE(p.CanWrite("/"));
  EXPECT_TRUE(p.CanRead("/1/2/5/"));
  EXPECT_FALSE(p.CanRead("/1/3/"));
  EXPECT_FALSE(p.CanRead("/1/"));
  EXPECT_TRUE(p.CanAdministerOrgs("/1/2/5/"));
  EXPECT_FALSE(p.CanAdministerOrgs("/1/3/"));
  EXPECT_TRUE(p.CanAudit("/1/2/"));
  EXPECT_FALSE(p.CanAudit("/1/"));
  EXPECT_TRUE(p.IsStaff());
  EXPECT_TRUE(p.CanEditReference());
  EXPECT_FALSE(p.IsSystemAdmin());
}

TEST(PrincipalTest, BranchSecretaryWritesPeopleInTheBranchOnly) {
  Principal p = With({{Role::kBranchSecretary, "/1/2/7/"}});
  EXPECT_TRUE(p.CanRead("/1/2/7/"));
  EXPECT_TRUE(p.CanWrite("/1/2/7/"));
  EXPECT_TRUE(p.CanWrite("/1/2/7/11/"));  // a 党小组 of the branch
  EXPECT_FALSE(p.CanWrite("/1/2/8/"));
  EXPECT_FALSE(p.CanRead("/1/2/8/"));
  EXPECT_FALSE(p.CanWrite("/1/2/"));  // the parent
  EXPECT_FALSE(p.CanRead("/1/2/"));
  EXPECT_FALSE(p.CanAdministerOrgs("/1/2/7/"));
  EXPECT_FALSE(p.CanAudit("/1/2/7/"));
  EXPECT_FALSE(p.CanEditReference());
  EXPECT_TRUE(p.IsStaff());
}

TEST(PrincipalTest, LeaderIsReadOnly) {
  Principal p = With({{Role::kLeader, "/1/"}});
  EXPECT_TRUE(p.CanRead("/1/"));
  EXPECT_TRUE(p.CanRead("/1/2/7/"));
  EXPECT_FALSE(p.CanRead("/3/"));
  EXPECT_FALSE(p.CanWrite("/1/"));
  EXPECT_FALSE(p.CanWrite("/1/2/7/"));
  EXPECT_FALSE(p.CanAdministerOrgs("/1/2/"));
  EXPECT_FALSE(p.CanAudit("/1/"));
  EXPECT_FALSE(p.CanEditReference());
  EXPECT_TRUE(p.IsStaff());
}

TEST(PrincipalTest, MemberNeitherReadsNorWrites) {
  Principal p = With({{Role::kMember, "/1/2/7/"}});
  p.person_id = 42;
  EXPECT_FALSE(p.CanRead("/1/2/7/"));
  EXPECT_FALSE(p.CanWrite("/1/2/7/"));
  EXPECT_FALSE(p.CanAdministerOrgs("/1/2/7/"));
  EXPECT_FALSE(p.CanAudit("/1/2/7/"));
  EXPECT_FALSE(p.IsStaff());
  EXPECT_FALSE(p.CanEditReference());
  EXPECT_TRUE(p.ReadablePaths().empty());
}

TEST(PrincipalTest, NoGrantsMeansNothing) {
  Principal p;
  EXPECT_FALSE(p.CanRead("/"));
  EXPECT_FALSE(p.CanRead("/1/"));
  EXPECT_FALSE(p.CanWrite("/1/"));
  EXPECT_FALSE(p.IsStaff());
  EXPECT_FALSE(p.IsSystemAdmin());
  EXPECT_TRUE(p.ReadablePaths().empty());
}

TEST(PrincipalTest, SystemAdminMayDoEverythingAnywhere) {
  // The grant's org does not limit a system admin.
  Principal p = With({{Role::kSystemAdmin, "/5/"}});
  EXPECT_TRUE(p.IsSystemAdmin());
  for (const char* path : {"/", "/1/", "/1/2/7/", "/5/", "/99/100/"}) {
    EXPECT_TRUE(p.CanRead(path)) << path;
    EXPECT_TRUE(p.CanWrite(path)) << path;
    EXPECT_TRUE(p.CanAdministerOrgs(path)) << path;
    EXPECT_TRUE(p.CanAudit(path)) << path;
  }
  EXPECT_TRUE(p.IsStaff());
  EXPECT_TRUE(p.CanEditReference());
  EXPECT_EQ(p.ReadablePaths(), std::vector<std::string>({"/"}));
}

TEST(PrincipalTest, GrantsCombine) {
  Principal p = With({{Role::kLeader, "/1/"},
                      {Role::kBranchSecretary, "/1/2/7/"},
                      {Role::kMember, "/1/2/7/"}});
  EXPECT_TRUE(p.CanRead("/1/3/"));
  EXPECT_FALSE(p.CanWrite("/1/3/"));
  EXPECT_TRUE(p.CanWrite("/1/2/7/"));
  EXPECT_FALSE(p.CanAdministerOrgs("/1/2/7/"));
  EXPECT_TRUE(p.IsStaff());
}

TEST(PrincipalTest, AdministeredPathsAreTheOrgAdminGrantsOnly) {
  Principal p = With({{Role::kLeader, "/1/"},
                      {Role::kOrgAdmin, "/1/2/"},
                      {Role::kOrgAdmin, "/1/2/7/"},
                      {Role::kBranchSecretary, "/1/9/"},
                      {Role::kOrgAdmin, "/1/3/"}});
  EXPECT_EQ(p.AdministeredPaths(), std::vector<std::string>({"/1/2/", "/1/3/"}));
  EXPECT_TRUE(With({{Role::kLeader, "/1/"}}).AdministeredPaths().empty());
  EXPECT_EQ(With({{Role::kSystemAdmin, "/5/"}}).AdministeredPaths(),
            std::vector<std::string>({"/"}));
}

TEST(PrincipalTest, ReadablePathsDropsNestedAndDuplicatePaths) {
  Principal p = With({{Role::kLeader, "/1/2/5/"},
                      {Role::kOrgAdmin, "/1/2/"},
                      {Role::kBranchSecretary, "/1/3/"},
                      {Role::kLeader, "/1/2/"},
                      {Role::kMember, "/4/"},  // members read nothing
                      {Role::kBranchSecretary, "/1/22/"},
                      {Role::kLeader, "/1/3/8/9/"}});
  EXPECT_EQ(p.ReadablePaths(),
            std::vector<std::string>({"/1/2/", "/1/22/", "/1/3/"}));
}

TEST(PrincipalTest, ReadablePathsKeepsAnOuterGrantOnly) {
  Principal p = With({{Role::kBranchSecretary, "/1/2/7/"},
                      {Role::kLeader, "/1/"},
                      {Role::kOrgAdmin, "/1/2/"},
                      {Role::kLeader, "/10/"}});
  EXPECT_EQ(p.ReadablePaths(), std::vector<std::string>({"/1/", "/10/"}));
}

}  // namespace
}  // namespace duxing::domain::auth
