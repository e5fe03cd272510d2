-- Out-of-scope duplicate hits of each account (domain/people/duplicate_hits.hpp):
-- how many times in the current 24-hour window a person write (create, edit,
-- import, dry run included) matched someone the account may not read. One row
-- per account, updated in place under a row lock like login_throttle, so
-- parallel probes are counted exactly.
CREATE TABLE duplicate_hits (
  account_id BIGINT PRIMARY KEY,
  hits INTEGER NOT NULL,
  first_at TEXT NOT NULL,
  last_at TEXT NOT NULL
);
