-- The ledger's overdue job (domain/ledger/overdue.hpp, issue 9): each pass
-- reads the open items not yet marked whose deadline has passed, oldest
-- deadline first, and the marked ones not yet escalated, earliest marked
-- first. Partial indexes hold only those items, so a pass over 200,000 items
-- reads the few it changes, not the table.
CREATE INDEX ledger_items_to_mark ON ledger_items(deadline, id)
  WHERE overdue_since IS NULL AND status <> 'closed' AND archived = 0;
CREATE INDEX ledger_items_to_escalate ON ledger_items(overdue_since, id)
  WHERE escalated_at IS NULL AND overdue_since IS NOT NULL AND status <> 'closed'
    AND archived = 0;
