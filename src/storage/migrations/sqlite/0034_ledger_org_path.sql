-- A ledger item's org_path is its org's path, derived by the database on
-- every write rather than taken from the row the writer read (the
-- PostgreSQL migration says why). SQLite's one writer orders whole
-- transactions, so no move lands between a write's read and its UPDATE;
-- the trigger keeps the same rule on both engines: a write whose row
-- carries another path than its org's gets the org's.
CREATE TRIGGER ledger_items_org_path AFTER UPDATE OF org_id, org_path ON ledger_items
  WHEN NEW.org_path IS NOT (SELECT path FROM orgs WHERE id = NEW.org_id)
BEGIN
  UPDATE ledger_items SET org_path = (SELECT path FROM orgs WHERE id = NEW.org_id)
  WHERE id = NEW.id;
END;
