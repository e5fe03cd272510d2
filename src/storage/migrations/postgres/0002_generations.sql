-- Change counters: a write bumps its counter in the same transaction, so a
-- reader can tell from one primary-key lookup whether what it cached from an
-- earlier snapshot still holds.
CREATE TABLE generations (
  name TEXT PRIMARY KEY,
  version BIGINT NOT NULL
);
INSERT INTO generations (name, version) VALUES ('data', 1);
