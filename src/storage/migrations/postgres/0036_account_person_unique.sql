-- One person has at most one account (domain/auth/account_service.cpp):
-- rights that follow a person (the supervising leader of a ledger item, the
-- responsible person, a meeting's invitee) must not be taken by a second
-- account an administrator links to them. Data from before this rule keeps
-- the person on one account per person (the enabled one created first, else
-- the first) and unlinks the others, which keep their roles.
UPDATE accounts SET person_id = NULL, version = version + 1
WHERE person_id IS NOT NULL AND id <> (
  SELECT a.id FROM accounts a WHERE a.person_id = accounts.person_id
  ORDER BY a.disabled, a.id LIMIT 1);
CREATE UNIQUE INDEX accounts_one_per_person ON accounts(person_id) WHERE person_id IS NOT NULL;
