-- The ledger list's default order (domain/ledger/item_rows.cpp kOpenFirst):
-- open items first by deadline, closed ones last. The index holds that key
-- and the tie-breaker, then the scope path, so a page reads in order.
CREATE INDEX ledger_items_list_open ON ledger_items(
  (CASE WHEN status = 'closed' THEN '1' ELSE '0' END || COALESCE(deadline, '9999-99-99')),
  id, org_path, archived);
