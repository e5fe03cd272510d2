-- Sign-in throttling counts failures per key (one row each, updated in place
-- under a row lock, so parallel attempts are counted exactly): a username at
-- one address, an address, a username from anywhere, and wrong old passwords
-- of one account (domain/auth/login_throttle.hpp). It replaces the
-- one-row-per-failure table, whose count was read and written in separate
-- transactions.
CREATE TABLE login_throttle (
  throttle_key TEXT PRIMARY KEY,
  failures INTEGER NOT NULL,
  first_at TEXT NOT NULL,
  last_at TEXT NOT NULL
);
CREATE INDEX login_throttle_last ON login_throttle(last_at);

DROP TABLE login_failures;
