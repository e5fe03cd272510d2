// Test support: the signed-in principals of the domain services' unit tests
// (an org admin of the root, a member of a branch, ...), each an account in
// the database with one role on one organization.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>

#include "common/result.hpp"
#include "common/clock.hpp"
#include "domain/auth/auth_service.hpp"
#include "domain/auth/principal.hpp"
#include "domain/orgs/org.hpp"
#include "storage/database.hpp"

namespace duxing::test {

// One principal of a test: the account `name` (also its display name;
// password "Correct-horse-7") with `role` on `org`, of `person` when given.
struct TestAccount {
  domain::auth::Principal* who;
  const char* name;
  domain::auth::Role role;
  const domain::orgs::Org& org;
  std::optional<int64_t> person = std::nullopt;
};

// Creates each account inside `tx` (created at `now`) and fills its
// principal as the session of that account would: account id, username,
// person and the one grant with the org's path and name. Returns the first
// error; the caller commits.
inline Status CreateAccounts(storage::Tx& tx, std::initializer_list<TestAccount> accounts,
                             TimePoint now) {
  for (const TestAccount& a : accounts) {
    DX_ASSIGN_OR_RETURN(a.who->account_id,
                        domain::auth::AuthService::CreateAccount(
                            tx, {a.name, a.name, "Correct-horse-7", a.person, {{a.role, a.org.id}}},
                            now));
    a.who->username = a.name;
    a.who->person_id = a.person;
    a.who->grants = {{a.role, a.org.id, a.org.path, a.org.name}};
  }
  return Ok();
}

}  // namespace duxing::test
