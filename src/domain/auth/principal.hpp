// Who is asking, and what their role grants cover.
//
// Every grant is a role scoped to an organization subtree, identified by the
// subtree root's materialized path ("/1/4/"): an org is in scope when its
// path starts with the grant's path.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/coded.hpp"

namespace duxing::domain::auth {

enum class Role { kSystemAdmin, kOrgAdmin, kBranchSecretary, kLeader, kMember };

inline const CodedEnum<Role> kRoles = {
    {Role::kSystemAdmin, {"system_admin", "系统管理员"}},
    {Role::kOrgAdmin, {"org_admin", "组织管理员"}},
    {Role::kBranchSecretary, {"branch_secretary", "支部书记"}},
    {Role::kLeader, {"leader", "领导(只读)"}},
    {Role::kMember, {"member", "党员"}}};
inline const char* RoleName(Role r) { return kRoles.Name(r); }
inline std::optional<Role> ParseRole(std::string_view s) { return kRoles.Parse(s); }

struct Grant {
  Role role;
  int64_t org_id;
  std::string org_path;
  std::string org_name;
};

// What a request may do. Built by AuthService from a session or API token.
struct Principal {
  int64_t account_id = 0;
  std::string username;
  std::string display_name;
  std::optional<int64_t> person_id;
  std::vector<Grant> grants;
  // The password was set by an administrator (account created or reset by
  // one): until the owner changes it, the API answers only the password
  // change, sign-out and the session/me endpoints.
  bool must_change_password = false;

  bool IsSystemAdmin() const;
  // May read records of the org at `path` (any role but member).
  bool CanRead(std::string_view org_path) const;
  // May change people and records of the org at `path`
  // (system_admin, org_admin, branch_secretary in scope).
  bool CanWrite(std::string_view org_path) const;
  // May change the organization tree at `path` (system_admin, org_admin).
  bool CanAdministerOrgs(std::string_view org_path) const;
  // Holds any role other than member (sees shared lists such as communities).
  bool IsStaff() const;
  // May change records of some org (a grant of system_admin, org_admin or
  // branch_secretary); a leader or a member may not.
  bool CanWriteSomewhere() const;
  // May change shared reference data such as communities.
  bool CanEditReference() const;
  // May read the audit log of the org at `path` (system_admin, org_admin).
  bool CanAudit(std::string_view org_path) const;
  // The subtree roots this principal may read (empty when it may read none).
  // System admins get {"/"}.
  std::vector<std::string> ReadablePaths() const;
  // The subtree roots this principal administers (org_admin grants; system
  // admins get {"/"}); empty when it administers none.
  std::vector<std::string> AdministeredPaths() const;
};

}  // namespace duxing::domain::auth
