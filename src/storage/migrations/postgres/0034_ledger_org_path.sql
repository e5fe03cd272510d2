-- A ledger item's org_path is its org's path, derived by the database on
-- every write rather than taken from the row the writer read: a versioned
-- write (UPDATE ... WHERE id = .. AND version = ..) carries the whole row it
-- read, and an org moved between that read and the UPDATE changed org_path
-- through orgs_path_to_ledger_items (0030) without the version, so the write
-- matched and put the old path back (the item fell out of its org's
-- subtree). The version stays what users edit: a move changes no field of
-- the item (see docs/ARCHITECTURE.md, "Ledgers").
--
-- The function is VOLATILE, so at READ COMMITTED its SELECT takes a fresh
-- snapshot after the row is locked: it sees a move committed before, and a
-- move committed later finds the row through its own trigger.
CREATE FUNCTION ledger_items_org_path() RETURNS trigger LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  NEW.org_path := (SELECT path FROM orgs WHERE id = NEW.org_id);
  RETURN NEW;
END;
$$;
CREATE TRIGGER ledger_items_org_path BEFORE INSERT OR UPDATE OF org_id, org_path ON ledger_items
  FOR EACH ROW EXECUTE FUNCTION ledger_items_org_path();
