-- Leadership (领导小组, domain/leadership) and documents (文件,
-- domain/documents), both per campaign; the campaign's org sets the scope.
--
-- leadership_groups: the campaign's leading group itself (kind
-- leading_group, at most one), its office (office) and working groups
-- (working_group: 综合组, 联络组 ...), each with its duties, in position order.
CREATE TABLE leadership_groups (
  id INTEGER PRIMARY KEY,
  campaign_id INTEGER NOT NULL REFERENCES campaigns(id),
  kind TEXT NOT NULL,
  name TEXT NOT NULL,
  duties TEXT NOT NULL DEFAULT '',
  position INTEGER NOT NULL,
  archived INTEGER NOT NULL DEFAULT 0,
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX leadership_groups_campaign ON leadership_groups(campaign_id, position, id);
-- A person's dated role in a group (leader / deputy / head / member), their
-- responsibility (primary / first / dual, or NULL) and its text. Dates are
-- YYYY-MM-DD, both inclusive; end_date NULL: still serving. A hand-over
-- ends one row and starts its successor (predecessor_id) the next day.
CREATE TABLE leadership_members (
  id INTEGER PRIMARY KEY,
  group_id INTEGER NOT NULL REFERENCES leadership_groups(id),
  person_id INTEGER NOT NULL REFERENCES people(id),
  role TEXT NOT NULL,
  title TEXT NOT NULL DEFAULT '',
  responsibility TEXT,
  duties TEXT NOT NULL DEFAULT '',
  start_date TEXT NOT NULL,
  end_date TEXT,
  predecessor_id INTEGER REFERENCES leadership_members(id),
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX leadership_members_group ON leadership_members(group_id, start_date, id);
CREATE INDEX leadership_members_person ON leadership_members(person_id);

-- documents: 文件 of a campaign (title, 文号, issuing body, date), listed by
-- date; their planned activities in position order. An activity keeps its
-- id across edits (events link to it); one taken out of the list is
-- archived, never deleted.
CREATE TABLE documents (
  id INTEGER PRIMARY KEY,
  campaign_id INTEGER NOT NULL REFERENCES campaigns(id),
  title TEXT NOT NULL,
  number TEXT NOT NULL DEFAULT '',
  issuer TEXT NOT NULL,
  issued_on TEXT NOT NULL,
  summary TEXT NOT NULL DEFAULT '',
  archived INTEGER NOT NULL DEFAULT 0,
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX documents_issued ON documents(campaign_id, archived, issued_on, id);
CREATE INDEX documents_title ON documents(campaign_id, archived, title, id);
CREATE TABLE document_activities (
  id INTEGER PRIMARY KEY,
  document_id INTEGER NOT NULL REFERENCES documents(id),
  position INTEGER NOT NULL,
  title TEXT NOT NULL,
  planned_start TEXT NOT NULL,
  planned_end TEXT NOT NULL,
  group_id INTEGER REFERENCES leadership_groups(id),
  org_id INTEGER REFERENCES orgs(id),
  archived INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX document_activities_document ON document_activities(document_id, position);
