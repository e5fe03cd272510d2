// Account administration: who may sign in, with which roles where.
//
// System admins manage every account. Org admins manage the accounts whose
// every grant lies in their subtree, and may grant org_admin, branch_secretary,
// leader and member there; never system_admin.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/page.hpp"
#include "domain/auth/auth_service.hpp"
#include "domain/list_query.hpp"
#include "storage/where.hpp"

namespace duxing::domain::auth {

struct AccountGrant {
  Role role;
  int64_t org_id;
  std::string org_name;
};

struct Account {
  int64_t id = 0;
  std::string username;
  std::string display_name;
  std::optional<int64_t> person_id;
  bool disabled = false;
  std::vector<AccountGrant> grants;
  int64_t version = 1;
  std::string created_at;
};

struct AccountInput {
  std::string username;
  std::string display_name;
  std::string password;
  std::optional<int64_t> person_id;
  std::vector<std::pair<Role, int64_t>> grants;
};

struct AccountPatch {
  int64_t version = 0;
  std::optional<std::string> display_name;
  std::optional<std::optional<int64_t>> person_id;
  std::optional<bool> disabled;
  std::optional<std::vector<std::pair<Role, int64_t>>> grants;  // replaces all
};

// What GET /accounts narrows the list to; every field optional.
struct AccountFilter {
  std::optional<std::string> q;  // username or display name contains
  std::optional<Role> role;      // holds this role...
  std::optional<int64_t> org_id; // ...(or any role) somewhere in this subtree
  std::optional<bool> disabled;
};

// True when the account whose id is in `account_id_column` is one that an org
// admin of the subtrees `administered` (Principal::AdministeredPaths) manages:
// at least one grant in them and none outside them, and no system_admin
// grant. The one definition of "accounts they manage", for account lists and
// the audit entries about accounts.
storage::Condition ManagedAccounts(std::string_view account_id_column,
                                   const std::vector<std::string>& administered);

class AccountService {
 public:
  // Sessions this service ends leave every process's session cache through
  // the change counters its audit entries bump (AuthService).
  explicit AccountService(storage::Database& db)
      : db_(db), list_(std::vector<std::string>{"account", "org"}) {}
  // Accounts the caller may manage (see above), by username. With both role
  // and org_id, one grant must match both. kNotFound for an org_id the caller
  // cannot see.
  Result<Page<Account>> List(const Context& ctx, const AccountFilter& filter, PageRequest page);
  // One account the caller may manage; kNotFound otherwise (kPermissionDenied
  // for callers who manage no accounts at all).
  Result<Account> Get(const Context& ctx, int64_t id);
  // The new account must change its password at first sign-in
  // (Principal::must_change_password). One person has at most one account:
  // a person_id linked to another account is kAlreadyExists on "person_id",
  // naming that account only when the caller may manage it (so do Update's
  // links).
  Result<Account> Create(const Context& ctx, const AccountInput& in);
  // Disabling an account or changing its grants ends its sessions; disabling
  // also revokes its API tokens (re-enabling does not revive them), counted
  // in the audit entry as tokens_revoked.
  Result<Account> Update(const Context& ctx, int64_t id, const AccountPatch& patch);
  // Sets a new password chosen by an administrator and ends the account's
  // sessions and API tokens; the owner must change it at the next sign-in.
  // Not for the caller's own account
  // (kFailedPrecondition: AuthService::ChangePassword asks for the old one).
  // Notifies the account's owner (kind password_reset) in the same
  // transaction.
  Status ResetPassword(const Context& ctx, int64_t id, const std::string& password);
  // The live API tokens of an account the caller may manage (as Get).
  Result<std::vector<ApiToken>> ListTokens(const Context& ctx, int64_t id);
  // Revokes one of them (audited); kNotFound when it is not a live token of
  // that account.
  Status RevokeToken(const Context& ctx, int64_t id, int64_t token_id);

 private:
  storage::Database& db_;
  ListQuery list_;  // paging and totals of List
};

}  // namespace duxing::domain::auth
