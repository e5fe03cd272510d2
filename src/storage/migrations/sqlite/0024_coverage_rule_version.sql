-- The effective-coverage rule of a campaign is edited through the versioned
-- write path (domain/versioned_write.hpp): a stale write is a 409. A
-- campaign without a row has version 0 (the first write inserts it).
ALTER TABLE coverage_rules ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
