-- Lists within 2x of SQLite on PostgreSQL (issue 11): PostgreSQL's date sort
-- indexes gain their date column (INCLUDE) for index-only scans, and an
-- index on the id carries the scope for a name search's join. SQLite already
-- reads a page's ids from migration 0015's expression indexes alone (a
-- covering index scan) and probes people by rowid: nothing to do here.
SELECT 1;
