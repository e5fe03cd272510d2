-- Ledgers (台账, issue 9; domain/ledger): one tracked item for plan tasks,
-- residents' concerns, practical projects, rectification items, enterprise
-- issues and self-check findings, with one workflow (pending 待受理 →
-- in_progress 办理中 → to_verify 待验收 → closed 已销号, return and reopen),
-- one timeline, extensions and 回访 feedback. Dates are YYYY-MM-DD, times
-- ISO 8601 UTC text. Coded columns hold the codes of domain/ledger/item.hpp.

-- One item. org_id is the responsible org (责任单位): its writers write the
-- item; org_path is that org's path, kept by the trigger below when orgs
-- move. deadline is the current one (moved by approved extensions),
-- original_deadline the first one set. source_type: event / plan_part /
-- check / import (source_id the event's id for 'event'). requester_*: the
-- resident of a concern (never on the public page). plan_part / plan_action
-- / project_area / target: the kinds' own fields (ledplan). overdue_since /
-- escalated_at are written by the overdue job (ledjob).
CREATE TABLE ledger_items (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL,
  campaign_id INTEGER REFERENCES campaigns(id),
  title TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  measures TEXT NOT NULL DEFAULT '',
  source_type TEXT,
  source_id INTEGER,
  source_text TEXT NOT NULL DEFAULT '',
  org_id INTEGER NOT NULL REFERENCES orgs(id),
  org_path TEXT NOT NULL,
  responsible_person_id INTEGER REFERENCES people(id),
  leader_person_id INTEGER REFERENCES people(id),
  deadline TEXT,
  original_deadline TEXT,
  item_class TEXT,
  status TEXT NOT NULL DEFAULT 'pending',
  result TEXT NOT NULL DEFAULT '',
  closed_at TEXT,
  closed_by_person_id INTEGER REFERENCES people(id),
  closed_by_account_id INTEGER REFERENCES accounts(id),
  verification_note TEXT NOT NULL DEFAULT '',
  requester_name TEXT NOT NULL DEFAULT '',
  requester_contact TEXT NOT NULL DEFAULT '',
  anonymous INTEGER NOT NULL DEFAULT 0,
  satisfaction TEXT,
  satisfaction_note TEXT NOT NULL DEFAULT '',
  satisfaction_at TEXT,
  plan_part TEXT,
  plan_action TEXT,
  project_area TEXT,
  target TEXT NOT NULL DEFAULT '',
  overdue_since TEXT,
  escalated_at TEXT,
  archived INTEGER NOT NULL DEFAULT 0,
  version INTEGER NOT NULL DEFAULT 1,
  created_by INTEGER REFERENCES accounts(id),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
-- The list's sorts (each expression, the id, then scope and archived):
-- deadline ascending with items without one last, descending likewise,
-- created_at both ways.
CREATE INDEX ledger_items_list_deadline
  ON ledger_items(COALESCE(deadline, '9999-99-99'), id, org_path, archived);
CREATE INDEX ledger_items_list_deadline_desc
  ON ledger_items(COALESCE(deadline, ''), id, org_path, archived);
CREATE INDEX ledger_items_list_created ON ledger_items(created_at, id, org_path, archived);
-- Filters: a subtree by status and deadline (the board), a kind in a
-- subtree, 我的任务 (responsible or leader), the campaign, the source.
CREATE INDEX ledger_items_path_status ON ledger_items(org_path, status, deadline);
CREATE INDEX ledger_items_kind_path ON ledger_items(kind, org_path, id);
CREATE INDEX ledger_items_responsible ON ledger_items(responsible_person_id, status);
CREATE INDEX ledger_items_leader ON ledger_items(leader_person_id, status);
CREATE INDEX ledger_items_campaign ON ledger_items(campaign_id, kind, status);
CREATE INDEX ledger_items_source ON ledger_items(source_type, source_id);
-- Overdue items of a subtree, first page: open items by path and deadline
-- (the list's overdue filter repeats this predicate).
CREATE INDEX ledger_items_open_path_deadline ON ledger_items(org_path, deadline, id)
  WHERE status <> 'closed' AND archived = 0;
CREATE TRIGGER orgs_path_to_ledger_items AFTER UPDATE OF path ON orgs
BEGIN
  UPDATE ledger_items SET org_path = NEW.path WHERE org_id = NEW.id;
END;

-- The timeline: every state change, edit, progress update, extension,
-- feedback and overdue mark of an item, oldest first. account_id / person_name:
-- who (the name as it was then; '' and NULL for the overdue job).
CREATE TABLE ledger_entries (
  id INTEGER PRIMARY KEY,
  item_id INTEGER NOT NULL REFERENCES ledger_items(id),
  kind TEXT NOT NULL,
  text TEXT NOT NULL DEFAULT '',
  from_status TEXT,
  to_status TEXT,
  account_id INTEGER REFERENCES accounts(id),
  person_name TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL
);
CREATE INDEX ledger_entries_item ON ledger_entries(item_id, id);

-- The files of a progress update (attachments of record type ledger_item).
CREATE TABLE ledger_entry_attachments (
  entry_id INTEGER NOT NULL REFERENCES ledger_entries(id),
  attachment_id INTEGER NOT NULL REFERENCES attachments(id),
  PRIMARY KEY (entry_id, attachment_id)
);
-- A file belongs to one entry.
CREATE UNIQUE INDEX ledger_entry_attachments_attachment ON ledger_entry_attachments(attachment_id);

-- Extension requests (申请延期), decided by the supervising leader.
CREATE TABLE ledger_extensions (
  id INTEGER PRIMARY KEY,
  item_id INTEGER NOT NULL REFERENCES ledger_items(id),
  reason TEXT NOT NULL,
  old_deadline TEXT,
  new_deadline TEXT NOT NULL,
  state TEXT NOT NULL DEFAULT 'pending',
  requested_by_account_id INTEGER REFERENCES accounts(id),
  decided_by_account_id INTEGER REFERENCES accounts(id),
  decision_note TEXT NOT NULL DEFAULT '',
  requested_at TEXT NOT NULL,
  decided_at TEXT
);
CREATE INDEX ledger_extensions_item ON ledger_extensions(item_id, id);
-- At most one request awaits a decision per item.
CREATE UNIQUE INDEX ledger_extensions_one_pending ON ledger_extensions(item_id)
  WHERE state = 'pending';

-- Plan tasks: the events that carried them out (证明材料).
CREATE TABLE ledger_item_evidence (
  item_id INTEGER NOT NULL REFERENCES ledger_items(id),
  event_id INTEGER NOT NULL REFERENCES events(id),
  PRIMARY KEY (item_id, event_id)
);
CREATE INDEX ledger_item_evidence_event ON ledger_item_evidence(event_id);
