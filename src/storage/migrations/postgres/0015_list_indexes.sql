-- Lists at city scale (issue 11, docs/ARCHITECTURE.md "Lists").
--
-- people.org_path: the person's org path, kept beside the row so that every
-- list index carries the scope (a subtree is a prefix of it) and a list is
-- filtered by scope on index entries. Written with the row (people/person.cpp)
-- and, when an org's path changes (a move rewrites its subtree), by the
-- trigger below.
ALTER TABLE people ADD COLUMN org_path TEXT COLLATE "C" NOT NULL DEFAULT '';
UPDATE people SET org_path = (SELECT path FROM orgs WHERE orgs.id = people.org_id);
CREATE FUNCTION orgs_path_to_people() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE people SET org_path = NEW.path WHERE org_id = NEW.id;
  RETURN NULL;
END;
$$;
CREATE TRIGGER orgs_path_to_people AFTER UPDATE OF path ON orgs
  FOR EACH ROW EXECUTE FUNCTION orgs_path_to_people();

-- One index per declared sort (domain/people: the list's ListSorts), each in
-- the sort's order with the id as tie-breaker and the scope path and archived
-- flag after it, so a page is read in order from the index without a sort.
-- Nullable dates sort last both ways: ascending through COALESCE(d, '9999-99-99'),
-- descending through COALESCE(d, '') read backwards.
CREATE INDEX people_list_name ON people(name_key, id, org_path, archived);
CREATE INDEX people_list_birth_asc ON people((COALESCE(birth_date, '9999-99-99')), id, org_path, archived);
CREATE INDEX people_list_birth_desc ON people((COALESCE(birth_date, '')), id, org_path, archived);
CREATE INDEX people_list_join_asc ON people((COALESCE(party_join_date, '9999-99-99')), id, org_path, archived);
CREATE INDEX people_list_join_desc ON people((COALESCE(party_join_date, '')), id, org_path, archived);
CREATE INDEX people_list_created ON people(created_at, id, org_path, archived);
-- Totals of a scope or an org subtree: counted from this index alone.
CREATE INDEX people_scope ON people(org_path, archived);
DROP INDEX people_name_key;

-- Name search (people/name_search.hpp): one row per gram of a person's name,
-- in name order within a gram, so a search reads its page in order. kind 'c':
-- each character and each pair of adjacent characters; kind 'p': each prefix
-- of the name's pinyin and of its initials. Written in the transaction that
-- writes the name; filled for existing people at the next start
-- (PeopleService::RefreshNameKeys).
CREATE TABLE person_name_grams (
  kind TEXT COLLATE "C" NOT NULL,
  gram TEXT COLLATE "C" NOT NULL,
  name_key TEXT COLLATE "C" NOT NULL,
  person_id BIGINT NOT NULL REFERENCES people(id),
  PRIMARY KEY (kind, gram, name_key, person_id)
);
