-- Lists within 2x of SQLite on PostgreSQL (issue 11, docs/ARCHITECTURE.md "Lists").
--
-- PostgreSQL answers an index-only scan of an expression index only when
-- every column the query reads is a plain column of the index: the date
-- sorts (COALESCE(birth_date, ...)) read birth_date, which migration 0015's
-- indexes hold only inside the expression, so each page visited the table
-- for every entry it skipped (offset 9,000: 9,000 heap rows, 12 ms). Each
-- date sort index now carries its date column too (INCLUDE), so a page's ids
-- are read from the index alone, as on SQLite.
DROP INDEX people_list_birth_asc;
DROP INDEX people_list_birth_desc;
DROP INDEX people_list_join_asc;
DROP INDEX people_list_join_desc;
CREATE INDEX people_list_birth_asc ON people((COALESCE(birth_date, '9999-99-99')), id, org_path, archived) INCLUDE (birth_date);
CREATE INDEX people_list_birth_desc ON people((COALESCE(birth_date, '')), id, org_path, archived) INCLUDE (birth_date);
CREATE INDEX people_list_join_asc ON people((COALESCE(party_join_date, '9999-99-99')), id, org_path, archived) INCLUDE (party_join_date);
CREATE INDEX people_list_join_desc ON people((COALESCE(party_join_date, '')), id, org_path, archived) INCLUDE (party_join_date);

-- A name search joins its grams to people on the id alone (a gram's name_key
-- is always its person's; with both conditions PostgreSQL estimated one row
-- per search and read whole tables). This index answers that probe, and the
-- scope and archived checks on it, from the index alone.
CREATE INDEX people_id_scope ON people(id) INCLUDE (org_path, archived);
