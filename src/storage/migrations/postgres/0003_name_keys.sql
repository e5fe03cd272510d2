-- People are listed by name in pinyin order: name_key holds the ICU sort key
-- of the name (common/collation.hpp), written with every name. Rows from
-- before this migration get theirs at the next start (settings records the
-- collation version the keys were made with). COLLATE "C": the key is
-- compared byte by byte whatever the database's locale.
ALTER TABLE people ADD COLUMN name_key TEXT COLLATE "C" NOT NULL DEFAULT '';
CREATE INDEX people_name_key ON people(name_key, id);

CREATE TABLE settings (
  name TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
