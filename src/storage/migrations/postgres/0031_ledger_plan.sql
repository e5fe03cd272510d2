-- Ledger kinds 1 and 2 (issue 9; domain/ledger/plan.hpp, concerns.hpp,
-- public_page.hpp):
--   group_id   a plan task's owning working group (leadership module), beside
--              its responsible org; NULL for every other kind.
--   ledger_items_public  the public 晒单 page and the figures: a campaign's
--              closed items of one kind, latest closed first.
ALTER TABLE ledger_items ADD COLUMN group_id BIGINT REFERENCES leadership_groups(id);
CREATE INDEX ledger_items_public ON ledger_items(campaign_id, kind, status, closed_at, id);
